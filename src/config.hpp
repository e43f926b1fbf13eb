// Configuration: one TOML file plus XINFANG_* environment overrides, validated once at start.
// Every key and its default is documented in config/xinfang.example.toml.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "base/error.hpp"
#include "domain/calendar.hpp"
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

// [documents] and [attachments] (docs/documents.md).
struct FilesConfig {
    std::filesystem::path dir;  // the content store; default: "files" beside the SQLite file, else "data/files"
    std::string font_title = "Noto Serif CJK SC:Bold";  // 2号小标宋 stand-in (e.g. "方正小标宋简体")
    std::string font_body = "Noto Serif CJK SC";        // 3号仿宋 stand-in (e.g. "仿宋_GB2312")
    std::string font_page_number = "Noto Serif CJK SC";
    int max_file_mb = 20;
    int max_case_mb = 100;
    int max_portal_files = 10;
    std::string scanner = "off";  // off | clamd:/run/clamav/clamd.ctl
};

// [metrics] (docs/operations.md): who may read GET /metrics besides loopback, and how often the figures that cost a
// query (overdue cases, the outbox) are recounted.
struct MetricsConfig {
    std::vector<std::string> allow;  // networks, e.g. "10.0.0.0/24" or "192.0.2.7" (checked at load)
    std::string token;               // bearer token accepted from anywhere; empty: none (at least 16 characters)
    int refresh_seconds = 60;        // overdue and outbox figures are at most this old
};

struct Config {
    std::string listen = "127.0.0.1:8080";
    int io_threads = 2;
    int worker_threads = 32;
    size_t max_body_bytes = 1 << 20;
    int read_timeout_seconds = 30;  // a request's header (and then its body) must arrive within this: slow clients are cut off
    std::filesystem::path static_dir;  // default: web/dist if present
    bool secure_cookies = false;
    std::vector<std::string> trusted_proxies;  // load balancers whose X-Forwarded-For gives the client address

    std::string db_url = "sqlite:data/xinfang.db";
    int read_pool_size = 4;
    // SQLite: the most heap its page caches may keep (a soft limit; 0 = none). See docs/reliability.md §8.
    int sqlite_memory_mb = 128;
    int sqlite_writer_cache_mb = 64;  // the writer connection's page cache; `petition import --memory-mb` raises it
    std::string db_replica_url;  // PostgreSQL hot standby for read-only reports (optional)
    int db_pool_size = 16;       // PostgreSQL connections per app server
    // Upgrades (docs/deploy.md): before migrations change an existing database, a backup of it is written into
    // upgrade_backup_dir (default: "backups" beside the SQLite file; data/backups with PostgreSQL).
    bool backup_before_migrate = true;
    std::filesystem::path upgrade_backup_dir;

    std::string secret_key;  // 64 hex chars; default: generated into <data dir>/secret.key
    int session_ttl_hours = 8;
    int audit_retention_days = 0;  // [audit] retention_days: 0 keeps every record; else at least 180
    int remind_days_before = 3;    // [jobs] remind_days_before: 到期提醒 this many days ahead (0: none)
    int stats_sample_cases = 20000;  // [jobs] stats_sample_cases: cases recounted per daily rollup check (0: off)

    std::filesystem::path config_dir;  // holds categories.tsv and calendar/*.tsv
    RollRule roll = RollRule::kNextWorkingDay;
    int rating_days = 30;

    std::string portal_org_code;
    std::string log_level = "info";
    std::string log_format = "text";  // text | json (one JSON object per line)

    NotifyConfig notify;
    FilesConfig files;
    MetricsConfig metrics;
};

// Reads `path` if given (an error if it does not exist), then applies XINFANG_* environment variables.
Result<Config> LoadConfig(const std::optional<std::filesystem::path>& path);

// The holiday calendar of `config_dir`/calendar/*.tsv, merged in file-name order; an error when there is none.
Result<HolidayCalendar> LoadCalendarFiles(const std::filesystem::path& config_dir);

// "sqlite:PATH" → PATH; other schemes (PostgreSQL is opened elsewhere) → error naming what is supported.
Result<std::filesystem::path> SqlitePathFromUrl(const std::string& url);

}  // namespace xf
