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
};

// Reads `path` if given (an error if it does not exist), then applies XINFANG_* environment variables.
Result<Config> LoadConfig(const std::optional<std::filesystem::path>& path);

// "sqlite:PATH" → PATH; other schemes (PostgreSQL is opened elsewhere) → error naming what is supported.
Result<std::filesystem::path> SqlitePathFromUrl(const std::string& url);

}  // namespace xf
