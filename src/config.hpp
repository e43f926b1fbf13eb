// Configuration: one TOML file plus XINFANG_* environment overrides, validated once at start.
// Every key and its default is documented in config/xinfang.example.toml.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "base/error.hpp"
#include "domain/deadline.hpp"

namespace xf {

// [notify]: how outgoing notifications leave (docs/notifications.md, docs/deploy.md 通知（短信/邮件）).
struct NotifyConfig {
    std::string sms = "log";    // log | webhook
    std::string email = "log";  // log | smtp | none
    std::string webhook_url;    // http(s)://…, required when sms = "webhook"
    std::string webhook_token;  // sent as "Authorization: Bearer …" when set
    std::string smtp_url;       // smtp://host:587 (STARTTLS when offered) or smtps://host:465
    std::string smtp_from;      // "noreply@example.gov.cn" or "某县信访局 <noreply@example.gov.cn>"
    std::string smtp_user, smtp_password;
    int timeout_seconds = 10;   // per message, connecting included
    int batch = 10;             // messages claimed per round; the lease is batch × timeout + 30 s
};

struct Config {
    std::string listen = "127.0.0.1:8080";
    int io_threads = 2;
    int worker_threads = 32;
    size_t max_body_bytes = 1 << 20;
    std::filesystem::path static_dir;  // default: web/dist if present
    bool secure_cookies = false;
    std::vector<std::string> trusted_proxies;  // load balancers whose X-Forwarded-For gives the client address

    std::string db_url = "sqlite:data/xinfang.db";
    int read_pool_size = 4;
    std::string db_replica_url;  // PostgreSQL hot standby for read-only reports (optional)
    int db_pool_size = 16;       // PostgreSQL connections per app server

    std::string secret_key;  // 64 hex chars; default: generated into <data dir>/secret.key
    int session_ttl_hours = 8;

    std::filesystem::path config_dir;  // holds categories.tsv and calendar/*.tsv
    RollRule roll = RollRule::kNextWorkingDay;
    int rating_days = 30;

    std::string portal_org_code;
    std::string log_level = "info";

    NotifyConfig notify;
};

// Reads `path` if given (an error if it does not exist), then applies XINFANG_* environment variables.
Result<Config> LoadConfig(const std::optional<std::filesystem::path>& path);

// "sqlite:PATH" → PATH; other schemes (PostgreSQL is opened elsewhere) → error naming what is supported.
Result<std::filesystem::path> SqlitePathFromUrl(const std::string& url);

}  // namespace xf
