#include "config.hpp"

#include <toml++/toml.h>

#include "base/text.hpp"
#include "http/ip_network.hpp"
#include "logging/logging.hpp"
#include "notify/mail_format.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <fstream>
#include <sstream>

#ifndef XF_SOURCE_CONFIG_DIR
#define XF_SOURCE_CONFIG_DIR "config"
#endif

namespace xf {
namespace {

// The Debian package's data (packaging/debian): the console and the calendar and category tables.
constexpr const char* kPackageDataDir = "/usr/share/xinfang";

std::filesystem::path DefaultConfigDir() {
    std::error_code ec;
    if (std::filesystem::exists("config/categories.tsv", ec)) return std::filesystem::absolute("config", ec);
    if (std::filesystem::exists("/etc/xinfang/categories.tsv", ec)) return "/etc/xinfang";
    if (std::filesystem::exists(std::filesystem::path(kPackageDataDir) / "categories.tsv", ec)) return kPackageDataDir;
    return XF_SOURCE_CONFIG_DIR;
}

std::filesystem::path DefaultStaticDir() {
    std::error_code ec;
    if (std::filesystem::is_directory("web/dist", ec)) return "web/dist";
    if (auto packaged = std::filesystem::path(kPackageDataDir) / "web"; std::filesystem::is_directory(packaged, ec))
        return packaged;
    return {};
}

const char* Env(const char* name) {
    const char* v = std::getenv(name);
    return v && *v ? v : nullptr;
}

Result<int> EnvInt(const char* name, int lo, int hi) {
    const char* v = Env(name);
    char* end = nullptr;
    long n = std::strtol(v, &end, 10);
    if (!end || *end || n < lo || n > hi)
        return Fail(Error::InvalidArgument(name, "应为" + std::to_string(lo) + "至" + std::to_string(hi) + "的整数"));
    return static_cast<int>(n);
}

Result<bool> EnvBool(const char* name) {
    std::string v = Env(name);
    for (auto& ch : v) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    if (v == "1" || v == "true" || v == "yes" || v == "on") return true;
    if (v == "0" || v == "false" || v == "no" || v == "off") return false;
    return Fail(Error::InvalidArgument(name, "应为 true 或 false（1/0、yes/no、on/off）"));
}

// [notify] after the file and the environment: the senders named exist and have what they need.
Status ValidateNotify(const NotifyConfig& n) {
    auto bad = [](const char* key, std::string message) { return Fail(Error::InvalidArgument(key, std::move(message))); };
    if (n.sms != "log" && n.sms != "webhook") return bad("notify.sms", "应为 \"log\" 或 \"webhook\"");
    if (n.email != "log" && n.email != "smtp" && n.email != "none")
        return bad("notify.email", "应为 \"log\"、\"smtp\" 或 \"none\"");
    const std::pair<const char*, const std::string*> headers[] = {
        {"notify.webhook_token", &n.webhook_token}, {"notify.webhook_url", &n.webhook_url},
        {"notify.smtp_url", &n.smtp_url}, {"notify.smtp_user", &n.smtp_user}, {"notify.smtp_from", &n.smtp_from}};
    for (const auto& [key, value] : headers)  // these end up in request lines and headers
        for (char ch : *value)
            if (static_cast<unsigned char>(ch) < 0x20 || ch == 0x7F) return bad(key, "不能含控制字符（如换行）");
    if (n.sms == "webhook" && !n.webhook_url.starts_with("http://") && !n.webhook_url.starts_with("https://"))
        return bad("notify.webhook_url", "sms = \"webhook\" 时须配置 http:// 或 https:// 开头的 webhook_url");
    if (n.email == "smtp") {
        if (!n.smtp_url.starts_with("smtp://") && !n.smtp_url.starts_with("smtps://"))
            return bad("notify.smtp_url", "email = \"smtp\" 时须配置 smtp:// 或 smtps:// 开头的 smtp_url");
        if (n.smtp_from.empty()) return bad("notify.smtp_from", "email = \"smtp\" 时须配置发件人地址 smtp_from");
        XF_TRY(notify::ParseMailbox(n.smtp_from, "notify.smtp_from"));
    }
    return Ok();
}

// [metrics] and [log] format after the file and the environment.
Status ValidateObservability(const Config& c) {
    for (const auto& n : c.metrics.allow) XF_TRY(http::ParseIpNetwork(n, "metrics.allow"));
    if (!c.metrics.token.empty()) {
        if (c.metrics.token.size() < 16)
            return Fail(Error::InvalidArgument("metrics.token", "监控令牌至少 16 个字符（可用 openssl rand -hex 24 生成）"));
        for (unsigned char ch : c.metrics.token)
            if (ch <= 0x20 || ch == 0x7F) return Fail(Error::InvalidArgument("metrics.token", "监控令牌不能含空白或控制字符"));
    }
    XF_TRY(logging::ParseLogFormat(c.log_format, "log.format"));
    return Ok();
}

}  // namespace

Result<Config> LoadConfig(const std::optional<std::filesystem::path>& path) {
    Config c;
    c.config_dir = DefaultConfigDir();
    c.static_dir = DefaultStaticDir();
    if (path) {
        toml::table t;
        try {
            t = toml::parse_file(path->string());
        } catch (const toml::parse_error& e) {
            return Fail(Error::InvalidArgument("config", std::string("配置文件解析失败：") + std::string(e.description()) +
                                                             " (" + path->string() + ")"));
        }
        auto str = [&](const char* key, std::string& out) {
            if (auto v = t.at_path(key).value<std::string>()) out = *v;
        };
        auto num = [&](const char* key, int& out, int lo, int hi) -> Status {
            if (auto v = t.at_path(key).value<int64_t>()) {
                if (*v < lo || *v > hi)
                    return Fail(Error::InvalidArgument(key, "取值应在" + std::to_string(lo) + "至" + std::to_string(hi) + "之间"));
                out = static_cast<int>(*v);
            }
            return Ok();
        };
        str("server.listen", c.listen);
        XF_TRY(num("server.io_threads", c.io_threads, 1, 64));
        XF_TRY(num("server.worker_threads", c.worker_threads, 1, 1024));
        int body_kib = static_cast<int>(c.max_body_bytes / 1024);
        XF_TRY(num("server.max_body_kib", body_kib, 1, 1 << 20));
        c.max_body_bytes = static_cast<size_t>(body_kib) * 1024;
        XF_TRY(num("server.read_timeout_seconds", c.read_timeout_seconds, 1, 3600));
        if (auto v = t.at_path("server.static_dir").value<std::string>()) c.static_dir = *v;
        if (auto v = t.at_path("server.secure_cookies").value<bool>()) c.secure_cookies = *v;
        if (auto* arr = t.at_path("server.trusted_proxies").as_array()) {
            c.trusted_proxies.clear();
            for (const auto& e : *arr) {
                auto v = e.value<std::string>();
                if (!v) return Fail(Error::InvalidArgument("server.trusted_proxies", "应为IP地址字符串的数组"));
                c.trusted_proxies.push_back(*v);
            }
        }
        str("database.url", c.db_url);
        XF_TRY(num("database.read_pool_size", c.read_pool_size, 1, 64));
        XF_TRY(num("database.sqlite_memory_mb", c.sqlite_memory_mb, 0, 1 << 20));
        str("database.replica_url", c.db_replica_url);
        XF_TRY(num("database.pool_size", c.db_pool_size, 1, 1000));
        if (auto node = t.at_path("database.backup_before_migrate"); node) {
            auto v = node.value<bool>();
            if (!v) return Fail(Error::InvalidArgument("database.backup_before_migrate", "应为 true 或 false"));
            c.backup_before_migrate = *v;
        }
        if (auto v = t.at_path("database.upgrade_backup_dir").value<std::string>()) c.upgrade_backup_dir = *v;
        str("security.secret_key", c.secret_key);
        XF_TRY(num("security.session_ttl_hours", c.session_ttl_hours, 1, 24 * 30));
        XF_TRY(num("audit.retention_days", c.audit_retention_days, 0, 365 * 100));
        XF_TRY(num("jobs.remind_days_before", c.remind_days_before, 0, 60));
        XF_TRY(num("jobs.stats_sample_cases", c.stats_sample_cases, 0, 100000000));
        // 网络安全法 第二十一条: network logs are kept for no less than six months.
        if (c.audit_retention_days > 0 && c.audit_retention_days < 180)
            return Fail(Error::InvalidArgument("audit.retention_days", "审计记录至少保存 180 天（网络安全法第二十一条），或设为 0 永久保存"));
        if (auto v = t.at_path("deadlines.config_dir").value<std::string>()) c.config_dir = *v;
        std::string roll;
        str("deadlines.roll", roll);
        if (!roll.empty()) {
        XF_ASSIGN_OR_RETURN(c.roll, ParseRollRule(roll, "deadlines.roll"));
    }
        XF_TRY(num("deadlines.rating_days", c.rating_days, 1, 365));
        str("portal.receiving_org", c.portal_org_code);
        str("log.level", c.log_level);
        str("log.format", c.log_format);
        if (auto* arr = t.at_path("metrics.allow").as_array()) {
            c.metrics.allow.clear();
            for (const auto& e : *arr) {
                auto v = e.value<std::string>();
                if (!v) return Fail(Error::InvalidArgument("metrics.allow", "应为网段字符串的数组，如 [\"10.0.0.0/24\"]"));
                c.metrics.allow.push_back(*v);
            }
        }
        str("metrics.token", c.metrics.token);
        XF_TRY(num("metrics.refresh_seconds", c.metrics.refresh_seconds, 5, 3600));
        str("notify.sms", c.notify.sms);
        str("notify.email", c.notify.email);
        str("notify.webhook_url", c.notify.webhook_url);
        str("notify.webhook_token", c.notify.webhook_token);
        str("notify.smtp_url", c.notify.smtp_url);
        str("notify.smtp_from", c.notify.smtp_from);
        str("notify.smtp_user", c.notify.smtp_user);
        str("notify.smtp_password", c.notify.smtp_password);
        XF_TRY(num("notify.timeout_seconds", c.notify.timeout_seconds, 1, 300));
        XF_TRY(num("notify.batch", c.notify.batch, 1, 1000));
        std::string files_dir;
        str("attachments.dir", files_dir);
        if (!files_dir.empty()) c.files.dir = files_dir;
        XF_TRY(num("attachments.max_file_mb", c.files.max_file_mb, 1, 1024));
        XF_TRY(num("attachments.max_case_mb", c.files.max_case_mb, 1, 100000));
        XF_TRY(num("attachments.max_portal_files", c.files.max_portal_files, 0, 100));
        str("attachments.scanner", c.files.scanner);
        str("documents.fonts.title", c.files.font_title);
        str("documents.fonts.body", c.files.font_body);
        str("documents.fonts.page_number", c.files.font_page_number);
    }
    if (auto v = Env("XINFANG_LISTEN")) c.listen = v;
    if (auto v = Env("XINFANG_DB")) c.db_url = v;
    if (auto v = Env("XINFANG_DB_REPLICA")) c.db_replica_url = v;
    if (Env("XINFANG_BACKUP_BEFORE_MIGRATE")) {
        XF_ASSIGN_OR_RETURN(c.backup_before_migrate, EnvBool("XINFANG_BACKUP_BEFORE_MIGRATE"));
    }
    if (auto v = Env("XINFANG_UPGRADE_BACKUP_DIR")) c.upgrade_backup_dir = v;
    if (auto v = Env("XINFANG_TRUSTED_PROXIES")) {  // comma-separated addresses
        c.trusted_proxies.clear();
        for (auto part : Split(std::string_view(v), ','))
            if (!Trim(part).empty()) c.trusted_proxies.emplace_back(Trim(part));
    }
    if (auto v = Env("XINFANG_SECRET_KEY")) c.secret_key = v;
    if (auto v = Env("XINFANG_STATIC_DIR")) c.static_dir = v;
    if (auto v = Env("XINFANG_CONFIG_DIR")) c.config_dir = v;
    if (auto v = Env("XINFANG_PORTAL_ORG")) c.portal_org_code = v;
    if (auto v = Env("XINFANG_LOG_LEVEL")) c.log_level = v;
    if (auto v = Env("XINFANG_LOG_FORMAT")) c.log_format = v;
    if (auto v = Env("XINFANG_METRICS_TOKEN")) c.metrics.token = v;
    if (auto v = Env("XINFANG_METRICS_ALLOW")) {  // comma-separated networks
        c.metrics.allow.clear();
        for (auto part : Split(std::string_view(v), ','))
            if (!Trim(part).empty()) c.metrics.allow.emplace_back(Trim(part));
    }
    if (Env("XINFANG_WORKER_THREADS")) {
        XF_ASSIGN_OR_RETURN(c.worker_threads, EnvInt("XINFANG_WORKER_THREADS", 1, 1024));
    }
    if (Env("XINFANG_READ_TIMEOUT_SECONDS")) {
        XF_ASSIGN_OR_RETURN(c.read_timeout_seconds, EnvInt("XINFANG_READ_TIMEOUT_SECONDS", 1, 3600));
    }
    if (Env("XINFANG_SQLITE_MEMORY_MB")) {
        XF_ASSIGN_OR_RETURN(c.sqlite_memory_mb, EnvInt("XINFANG_SQLITE_MEMORY_MB", 0, 1 << 20));
    }
    if (Env("XINFANG_IO_THREADS")) {
        XF_ASSIGN_OR_RETURN(c.io_threads, EnvInt("XINFANG_IO_THREADS", 1, 64));
    }
    if (auto v = Env("XINFANG_NOTIFY_SMS")) c.notify.sms = v;
    if (auto v = Env("XINFANG_NOTIFY_EMAIL")) c.notify.email = v;
    if (auto v = Env("XINFANG_NOTIFY_WEBHOOK_URL")) c.notify.webhook_url = v;
    if (auto v = Env("XINFANG_NOTIFY_WEBHOOK_TOKEN")) c.notify.webhook_token = v;
    if (auto v = Env("XINFANG_NOTIFY_SMTP_URL")) c.notify.smtp_url = v;
    if (auto v = Env("XINFANG_NOTIFY_SMTP_FROM")) c.notify.smtp_from = v;
    if (auto v = Env("XINFANG_NOTIFY_SMTP_USER")) c.notify.smtp_user = v;
    if (auto v = Env("XINFANG_NOTIFY_SMTP_PASSWORD")) c.notify.smtp_password = v;
    if (Env("XINFANG_NOTIFY_TIMEOUT_SECONDS")) {
        XF_ASSIGN_OR_RETURN(c.notify.timeout_seconds, EnvInt("XINFANG_NOTIFY_TIMEOUT_SECONDS", 1, 300));
    }
    if (Env("XINFANG_NOTIFY_BATCH")) {
        XF_ASSIGN_OR_RETURN(c.notify.batch, EnvInt("XINFANG_NOTIFY_BATCH", 1, 1000));
    }
    if (auto v = Env("XINFANG_FILES_DIR")) c.files.dir = v;
    if (auto v = Env("XINFANG_SCANNER")) c.files.scanner = v;
    if (Env("XINFANG_MAX_FILE_MB")) {
        XF_ASSIGN_OR_RETURN(c.files.max_file_mb, EnvInt("XINFANG_MAX_FILE_MB", 1, 1024));
    }
    if (Env("XINFANG_MAX_CASE_MB")) {
        XF_ASSIGN_OR_RETURN(c.files.max_case_mb, EnvInt("XINFANG_MAX_CASE_MB", 1, 100000));
    }
    XF_TRY(ValidateNotify(c.notify));
    XF_TRY(ValidateObservability(c));
    if (c.files.max_case_mb < c.files.max_file_mb)
        return Fail(Error::InvalidArgument("attachments.max_case_mb", "每件合计上限不能小于单个文件上限"));
    return c;
}

Result<HolidayCalendar> LoadCalendarFiles(const std::filesystem::path& dir) {
    HolidayCalendar cal;
    std::error_code ec;
    std::vector<std::filesystem::path> files;
    for (const auto& e : std::filesystem::directory_iterator(dir / "calendar", ec))
        if (e.path().extension() == ".tsv") files.push_back(e.path());
    if (ec || files.empty())
        return Fail(Error::InvalidArgument("config_dir", "找不到节假日日历：" + (dir / "calendar").string()));
    std::sort(files.begin(), files.end());
    for (const auto& f : files) {
        std::ifstream in(f, std::ios::binary);
        if (!in) return Fail(Error::InvalidArgument(f.string(), "无法读取文件"));
        std::stringstream text;
        text << in.rdbuf();
        XF_ASSIGN_OR_RETURN(HolidayCalendar part, HolidayCalendar::ParseTsv(text.str(), f.filename().string()));
        cal.Merge(part);
    }
    return cal;
}

Result<std::filesystem::path> SqlitePathFromUrl(const std::string& url) {
    constexpr std::string_view kPrefix = "sqlite:";
    if (url.starts_with(kPrefix) && url.size() > kPrefix.size()) {
        std::string p = url.substr(kPrefix.size());
        if (p.starts_with("//")) p = p.substr(2);  // sqlite://path
        return std::filesystem::path(p);
    }
    return Fail(Error::InvalidArgument(
        "db", "数据库地址应为 sqlite:PATH（例如 sqlite:data/xinfang.db）或 postgresql://用户@主机:端口/库名"));
}

}  // namespace xf
