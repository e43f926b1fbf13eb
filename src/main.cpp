// xinfang: the one binary. The only place that knows every layer: reads config, opens storage, builds the
// services, and starts HTTP or runs a CLI command.
#include <CLI/CLI.hpp>
#include <boost/json/serialize.hpp>
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <csignal>
#include <fstream>
#include <functional>
#include <limits>
#include <iostream>
#include <sstream>
#include <thread>

#include <unistd.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include "app/demo.hpp"
#include "app/report_format.hpp"
#include "tabular/table.hpp"
#include "app/services.hpp"
#include "backup.hpp"
#include "base/progress.hpp"
#include "base/text.hpp"
#include "config.hpp"
#include "file_ports.hpp"
#include "crypto/crypto.hpp"
#include "crypto/field_cipher.hpp"
#include "doctor.hpp"
#include "http/api.hpp"
#include "http/ops.hpp"
#include "http/server.hpp"
#include "logging/logging.hpp"
#include "notify/curl_support.hpp"
#include "notify/log_notifier.hpp"
#include "notify/routing_notifier.hpp"
#include "notify/sender.hpp"
#include "notify/smtp_notifier.hpp"
#include "notify/webhook_notifier.hpp"
#include "storage/copy/copy.hpp"
#include "storage/postgres/pg.hpp"
#include "storage/postgres/pg_store.hpp"
#include "storage/sqlite/sqlite_store.hpp"
#include "server_metrics.hpp"

namespace xf {
namespace {

// Exit codes: 0 ok, 1 runtime failure, 2 bad usage or input.
int Report(const Error& e) {
    std::cerr << "错误 (" << ErrorCodeName(e.code) << ")";
    if (!e.field.empty()) std::cerr << " [" << e.field << "]";
    std::cerr << ": " << e.message << "\n";
    return e.code == ErrorCode::kInvalidArgument || e.code == ErrorCode::kAlreadyExists ? 2 : 1;
}

Result<std::string> ReadFile(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    if (!in) return Fail(Error::InvalidArgument(p.string(), "无法读取文件"));
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

// Everything a command needs, opened in dependency order.
struct Runtime {
    Config config;
    std::unique_ptr<UnitOfWork> store;
    std::unique_ptr<UnitOfWork> replica;  // --db-replica: read-only reports
    std::unique_ptr<app::Services> services;
    SystemClock clock;
    HolidayCalendar calendar;
    std::optional<crypto::FieldCipher> cipher;
    app::AppOptions app_options;
    FileServices files;
};

// Who holds a job claim: "host:pid".
std::string InstanceId() {
    char host[256] = {};
    if (gethostname(host, sizeof host - 1) != 0) std::snprintf(host, sizeof host, "unknown");
    return fmt::format("{}:{}", host, getpid());
}

// A database URL for printing: the password of "postgresql://user:password@host/db" replaced by "***".
std::string RedactUrl(const std::string& url) {
    auto scheme = url.find("://");
    if (scheme == std::string::npos) return url;
    auto at = url.find('@', scheme + 3);
    auto colon = url.find(':', scheme + 3);
    if (at == std::string::npos || colon == std::string::npos || colon > at) return url;
    return url.substr(0, colon + 1) + "***" + url.substr(at);
}

// "sqlite:PATH" opens the embedded store; "postgresql://…" the PostgreSQL one (docs/deploy.md). `observer`: the
// server's metrics (nullptr for the CLI commands). Opening the primary applies pending migrations, after the
// pre-upgrade backup of an existing database (BackupBeforeMigrations); `note` says what was done.
Result<std::unique_ptr<UnitOfWork>> OpenStore(const Config& config, const std::string& url, bool read_only,
                                              StoreObserver* observer = nullptr, MigrationNote* note = nullptr) {
    std::function<Status(int, int)> before_migrations;
    if (!read_only)
        before_migrations = [&config, note, scratch = std::make_shared<MigrationNote>()](int from, int to) {
            return BackupBeforeMigrations(config, from, to, SystemClock().Now(), note ? *note : *scratch);
        };
    if (pg::IsPostgresUrl(url)) {
        storage::PostgresOptions po;
        po.url = url;
        po.pool_size = config.db_pool_size;
        po.read_only = read_only;
        po.observer = observer;
        po.before_migrations = std::move(before_migrations);
        return storage::OpenPostgresStore(po);
    }
    if (read_only) return Fail(Error::InvalidArgument("db-replica", "只读备库应为 postgresql:// 地址"));
    XF_ASSIGN_OR_RETURN(auto db_path, SqlitePathFromUrl(url));
    storage::SqliteOptions so;
    so.path = db_path;
    so.read_pool_size = config.read_pool_size;
    so.memory_limit_bytes = std::int64_t{config.sqlite_memory_mb} << 20;
    so.writer_cache_bytes = std::int64_t{config.sqlite_writer_cache_mb} << 20;
    so.observer = observer;
    so.before_migrations = std::move(before_migrations);
    return storage::OpenSqliteStore(so);
}

// One line on what opening the database did to its schema; empty when it was already up to date.
std::string DescribeMigration(const MigrationNote& note, const std::string& url) {
    if (note.from < 0) return {};
    if (note.from == 0) return fmt::format("已创建数据库结构（版本 {}）：{}", note.to, RedactUrl(url));
    return fmt::format("已将数据库结构从版本 {} 升级到 {}：{}；{}", note.from, note.to, RedactUrl(url),
                       note.backup ? fmt::format("升级前的备份：{}（需要时用 xinfang restore --in 该文件 恢复）",
                                                 note.backup->string())
                                   : std::string("未做升级前备份（backup_before_migrate = false）"));
}

Result<std::unique_ptr<Runtime>> Open(Config config, StoreObserver* observer = nullptr) {
    auto rt = std::make_unique<Runtime>();
    rt->config = std::move(config);
    XF_TRY(crypto::Init());
    MigrationNote migrated;
    XF_ASSIGN_OR_RETURN(rt->store, OpenStore(rt->config, rt->config.db_url, false, observer, &migrated));
    if (migrated.from > 0) fmt::print(stderr, "{}\n", DescribeMigration(migrated, rt->config.db_url));
    if (!rt->config.db_replica_url.empty())
        XF_ASSIGN_OR_RETURN(rt->replica, OpenStore(rt->config, rt->config.db_replica_url, true));

    std::string key = rt->config.secret_key;
    if (key.empty()) {
        // Several app servers share one PostgreSQL database: each generating its own key would make the others'
        // personal data unreadable, so the key must be given to all of them.
        if (pg::IsPostgresUrl(rt->config.db_url))
            return Fail(Error::InvalidArgument(
                "secret_key", "使用 PostgreSQL 时须在每台应用服务器上配置同一个密钥（XINFANG_SECRET_KEY 或配置文件 "
                              "[security] secret_key，64位十六进制），见 docs/deploy.md"));
        XF_ASSIGN_OR_RETURN(auto db_path, SqlitePathFromUrl(rt->config.db_url));
        auto dir = db_path.parent_path().empty() ? std::filesystem::path(".") : db_path.parent_path();
        XF_ASSIGN_OR_RETURN(key, crypto::LoadOrCreateKeyFile(dir / "secret.key"));
    }
    XF_ASSIGN_OR_RETURN(auto cipher, crypto::FieldCipher::FromText(key));
    rt->cipher = cipher;
    XF_ASSIGN_OR_RETURN(rt->calendar, LoadCalendarFiles(rt->config.config_dir));
    rt->app_options.policy.roll = rt->config.roll;
    rt->app_options.policy.rating_days = rt->config.rating_days;
    rt->app_options.session_ttl = std::chrono::hours(rt->config.session_ttl_hours);
    rt->app_options.audit_retention_days = rt->config.audit_retention_days;
    rt->app_options.remind_days_before = rt->config.remind_days_before;
    rt->app_options.stats_sample_cases = rt->config.stats_sample_cases;
    rt->app_options.portal_org_code = rt->config.portal_org_code;
    rt->app_options.instance_id = InstanceId();
    rt->app_options.email_enabled = rt->config.notify.email != "none";
    rt->app_options.attachments.max_file_bytes = int64_t{rt->config.files.max_file_mb} << 20;
    rt->app_options.attachments.max_case_bytes = int64_t{rt->config.files.max_case_mb} << 20;
    rt->app_options.attachments.max_portal_files = rt->config.files.max_portal_files;
    {
        // Documents and attachments: beside the SQLite file by default; a shared directory for several app servers.
        std::filesystem::path files_dir = "data/files";
        if (auto db_path = SqlitePathFromUrl(rt->config.db_url)) {
            auto parent = db_path->parent_path();
            files_dir = (parent.empty() ? std::filesystem::path(".") : parent) / "files";
        }
        XF_ASSIGN_OR_RETURN(rt->files, OpenFileServices(rt->config.files, files_dir));
    }
    rt->services = std::make_unique<app::Services>(*rt->store, rt->clock, rt->calendar, *rt->cipher, rt->app_options);
    rt->services->UseFiles({rt->files.content.get(), rt->files.renderer.get(), rt->files.inspector.get()});
    if (rt->replica) rt->services->UseReportStore(rt->replica.get());
    XF_TRY(rt->services->LoadCategories());
    XF_TRY(rt->services->LoadCalendarOverrides());
    if (rt->services->Categories()->All().empty()) {  // first start: the default classification table
        XF_ASSIGN_OR_RETURN(std::string text, ReadFile(rt->config.config_dir / "categories.tsv"));
        XF_ASSIGN_OR_RETURN(auto table, CategoryTable::ParseTsv(text, "categories.tsv"));
        XF_TRY(rt->services->ImportCategories(table));
    }
    XF_TRY(rt->services->EnsureDocumentTemplates());
    XF_TRY(rt->services->AdoptSearchIndexOfEmptyDatabase());
    XF_ASSIGN_OR_RETURN(int64_t recounted, rt->services->RebuildStatsIfRulesChanged());
    if (recounted > 0) spdlog::info("statistics rules changed: recounted {} cases", recounted);
    return rt;
}

Result<std::pair<std::string, uint16_t>> ParseListen(const std::string& s) {
    auto pos = s.rfind(':');
    if (pos == std::string::npos) return Fail(Error::InvalidArgument("listen", "应为 HOST:PORT"));
    int port = 0;
    try {
        port = std::stoi(s.substr(pos + 1));
    } catch (...) {
        port = -1;
    }
    if (port < 0 || port > 65535) return Fail(Error::InvalidArgument("listen", "端口应为0-65535"));
    return std::make_pair(s.substr(0, pos), static_cast<uint16_t>(port));
}

// The days of --year [--month M | --quarter Q].
std::pair<Date, Date> ReportPeriod(int year, int month, int quarter) {
    using namespace std::chrono;
    auto last = [&](unsigned m) { return Date{year_month_day_last{std::chrono::year(year), month_day_last{std::chrono::month(m)}}}; };
    auto first = [&](unsigned m) { return Date{std::chrono::year(year), std::chrono::month(m), day(1)}; };
    if (month > 0) return {first(static_cast<unsigned>(month)), last(static_cast<unsigned>(month))};
    if (quarter > 0) {
        auto m = static_cast<unsigned>(quarter * 3 - 2);
        return {first(m), last(m + 2)};
    }
    return {first(1), last(12)};
}

// `xinfang audit verify`: 0 when every chain is intact, 1 when anything was edited or deleted, 2 on errors.
int AuditVerifyCommand(app::Services& svc, const std::string& anchors_in, const std::string& anchors_out) {
    std::vector<AuditAnchor> anchors;
    if (!anchors_in.empty()) {
        std::ifstream in(anchors_in, std::ios::binary);
        std::stringstream text;
        text << in.rdbuf();
        auto parsed = ParseAuditAnchors(text.str());
        if (!parsed) return Report(parsed.error());
        anchors = std::move(*parsed);
    }
    std::optional<ProgressMeter> meter;
    meter.emplace("核对审计日志", "条");  // the total is not known beforehand
    auto check = svc.VerifyAudit(anchors, [&](int64_t done) { meter->Update(done); });
    meter.reset();
    if (!check) return Report(check.error());
    for (const auto& p : check->problems) fmt::print(stderr, "{}\n", p);
    for (const auto& h : check->heads)
        fmt::print("链 {}：第 {} 至 {} 条，链头 {}\n", h.chain, h.pruned_seq + 1, h.seq, h.hash.empty() ? "-" : h.hash);
    std::string uncovered =
        check->unchained > 0 ? fmt::format("；另有 {} 条早于哈希链（0009 迁移前），未纳入核对", check->unchained) : "";
    if (!check->ok()) {
        fmt::print("审计日志核对：{} 条，发现 {} 处问题（记录被修改或删除）{}\n", check->records,
                   check->problem_count + check->orphaned, uncovered);
        return 1;
    }
    fmt::print("审计日志核对：{} 条，{} 条链，完整无篡改{}{}\n", check->records, check->heads.size(),
               anchors.empty() ? "" : fmt::format("（含 {} 个锚点）", anchors.size()), uncovered);
    if (!anchors_out.empty()) {
        std::vector<AuditAnchor> out;
        for (const auto& h : check->heads)
            if (h.seq > 0) out.push_back({h.chain, h.seq, h.hash});
        std::ofstream f(anchors_out, std::ios::binary | std::ios::trunc);
        f << FormatAuditAnchors(out);
        f.close();
        if (!f) return Report(Error::Unavailable("无法写入锚点文件 " + anchors_out));
        fmt::print("链头已保存到 {}（请另行保管，下次以 --anchors 核对）\n", anchors_out);
    }
    return 0;
}

int ImportCommand(app::Services& svc, const std::string& file, bool skip_invalid, bool dry_run,
                  std::string rejects_file, int batch_rows) {
    auto table = tabular::ReadTableFile(file);
    if (!table) return Report(table.error());
    app::ImportOptions o;
    o.skip_invalid = skip_invalid;
    o.dry_run = dry_run;
    o.batch_rows = batch_rows;
    o.source_name = std::filesystem::path(file).filename().string();
    std::optional<ProgressMeter> meter;  // one per phase: 检查, then 写入
    std::string phase;
    int64_t last_done = 0;
    o.progress = [&](std::string_view p, int64_t done, int64_t total) {
        if (p != phase) {
            if (meter) meter->Finish(last_done);
            phase = p;
            meter.emplace(fmt::format("导入 {}：{}", o.source_name, p), "行", total);
        }
        last_done = done;
        meter->Update(done);
    };
    auto started = std::chrono::steady_clock::now();
    auto r = svc.ImportPetitions(*table, o);
    if (r && meter) meter->Finish(last_done);
    meter.reset();
    if (!r) return Report(r.error());
    double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    for (const auto& x : r->rejects)
        fmt::print(stderr, "第{}行 「{}」：{}\n", x.line, x.column, x.reason);
    if (!r->rejects.empty() && skip_invalid) {
        if (rejects_file.empty()) rejects_file = file + ".rejects.csv";
        std::ofstream out(rejects_file, std::ios::binary);
        out << "\xEF\xBB\xBF行号,列,原因\r\n";
        auto quote = [](const std::string& s) {
            std::string q = "\"";
            for (char c : s) q += c == '"' ? std::string("\"\"") : std::string(1, c);
            return q + "\"";
        };
        for (const auto& x : r->rejects) out << x.line << ',' << quote(x.column) << ',' << quote(x.reason) << "\r\n";
        if (!out) return Report(Error::Unavailable("无法写入 " + rejects_file));
        fmt::print(stderr, "{} 行未导入，明细已写入 {}\n", r->rejects.size(), rejects_file);
    }
    if (!r->rejects.empty() && !skip_invalid) {
        fmt::print(stderr, "导入失败：{} 处错误，未写入任何数据（可用 --skip-invalid 只导入正确的行）\n", r->rejects.size());
        return 1;
    }
    fmt::print("{}：{} 行，{}{} 件，已存在未变 {} 件，拒绝 {} 行；编码 {}；用时 {:.2f} 秒\n", o.source_name, r->rows,
               dry_run ? "检查通过（未写入）" : "导入 ", r->imported, r->unchanged, r->rejects.size(),
               r->encoding.empty() ? "UTF-8" : r->encoding, secs);
    return 0;
}

int ReportCommand(app::Services& svc, const app::ReportQuery& q, const std::string& format, const std::string& out_file) {
    auto r = svc.ReportForOperator(q);
    if (!r) return Report(r.error());
    std::string bytes;
    if (format == "xlsx") {
        if (out_file.empty()) return Report(Error::InvalidArgument("--out", "xlsx 格式需要 --out 文件名"));
        auto x = app::ReportXlsx(*r);
        if (!x) return Report(x.error());
        bytes = std::move(*x);
    } else if (format == "text") {
        bytes = r->text + "\n";
    } else {
        bytes = boost::json::serialize(app::ReportJson(*r)) + "\n";
    }
    if (out_file.empty()) {
        fmt::print("{}", bytes);
        return 0;
    }
    std::ofstream out(out_file, std::ios::binary);
    out << bytes;
    if (!out) return Report(Error::Unavailable("无法写入 " + out_file));
    fmt::print(stderr, "已写入 {}\n", out_file);
    return 0;
}

// The notifiers [notify] asks for, and the RoutingNotifier that hands each channel to its own.
struct Notifiers {
    std::unique_ptr<notify::Notifier> sms, email;
    std::unique_ptr<notify::Notifier> router;
};

Result<Notifiers> BuildNotifiers(const NotifyConfig& c, const Clock& clock) {
    Notifiers n;
    auto timeout = std::chrono::seconds(c.timeout_seconds);
    auto connect_timeout = std::min<std::chrono::milliseconds>(timeout, std::chrono::seconds(5));
    if (c.sms == "webhook") {
        notify::WebhookOptions o;
        o.url = c.webhook_url;
        o.token = c.webhook_token;
        o.timeout = timeout;
        o.connect_timeout = connect_timeout;
        n.sms = std::make_unique<notify::WebhookNotifier>(std::move(o));
    } else {
        n.sms = std::make_unique<notify::LogNotifier>();
    }
    if (c.email == "smtp") {
        notify::SmtpOptions o;
        o.url = c.smtp_url;
        XF_ASSIGN_OR_RETURN(o.from, notify::ParseMailbox(c.smtp_from, "notify.smtp_from"));
        o.username = c.smtp_user;
        o.password = c.smtp_password;
        o.timeout = timeout;
        o.connect_timeout = connect_timeout;
        n.email = std::make_unique<notify::SmtpNotifier>(std::move(o), clock);
    } else if (c.email == "log") {
        n.email = std::make_unique<notify::LogNotifier>();
    }
    n.router = std::make_unique<notify::RoutingNotifier>(n.sms.get(), n.email.get());
    return n;
}

// XINFANG_FAULT=outbox-exit-after-send:N, for the crash tests (tests/api/test_outbox.py) only: the process ends
// with _exit(137), as if killed, right after the N-th successful send and before that send is recorded. 0: unset.
Result<int> OutboxExitAfterSendFault() {
    const char* v = std::getenv("XINFANG_FAULT");
    if (!v || !*v) return 0;
    constexpr std::string_view kPrefix = "outbox-exit-after-send:";
    std::string_view text(v);
    int n = 0;
    auto digits = text.starts_with(kPrefix) ? text.substr(kPrefix.size()) : std::string_view();
    auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), n);
    if (digits.empty() || ec != std::errc() || end != digits.data() + digits.size() || n < 1)
        return Fail(Error::InvalidArgument("XINFANG_FAULT", "应为 outbox-exit-after-send:N（N ≥ 1）"));
    return n;
}

int Serve(Config config, bool demo, int demo_petitions) {
    // Before the store: it reports its commits from the first one on, and outlives it (declared first).
    ServerMetrics server_metrics(XF_VERSION, !pg::IsPostgresUrl(config.db_url));
    http::MetricsAccess metrics_access;
    metrics_access.token = config.metrics.token;
    for (const auto& n : config.metrics.allow) {
        auto net = http::ParseIpNetwork(n, "metrics.allow");
        if (!net) return Report(net.error());
        metrics_access.allow.push_back(std::move(*net));
    }
    auto rt = Open(std::move(config), &server_metrics);
    if (!rt) return Report(rt.error());
    auto& svc = *(*rt)->services;
    // The search index of a database written by an older version (or copied) is rebuilt before serving.
    if (auto r = svc.RunSharedJob("search_reindex", std::chrono::hours(1), [&]() -> Result<std::string> {
            XF_ASSIGN_OR_RETURN(int64_t n, svc.ReindexSearch(false, [](int64_t done, int64_t total) {
                spdlog::info("search index: {}/{} cases", done, total);
            }));
            if (n > 0) spdlog::info("search index rebuilt: {} cases", n);
            return fmt::format("indexed {}", n);
        }); !r) {
        return Report(r.error());
    }
    if (auto n = svc.RecomputeDeadlinesIfCalendarChanged(); !n) {
        return Report(n.error());
    } else if (*n > 0) {
        spdlog::info("calendar changed: recomputed deadlines of {} open cases", *n);
    }
    if (demo) {
        app::DemoOptions dopt;
        dopt.petitions = demo_petitions;
        auto summary = app::LoadDemo(*(*rt)->store, (*rt)->calendar, *(*rt)->cipher, (*rt)->app_options,
                                     *svc.Categories(), (*rt)->clock.Now(), dopt);
        if (!summary) return Report(summary.error());
        if (summary->already_loaded)
            fmt::print("演示数据已加载过（demo data already present）。\n");
        else
            fmt::print("已加载演示数据：{} 个单位，{} 个用户，{} 件信访事项。\n", summary->orgs, summary->users,
                       summary->petitions);
        fmt::print("演示账号 (demo log-ins):\n");
        for (const auto& u : summary->users_created)
            fmt::print("  {:<18} 密码 {:<20} {}（{}）\n", u.login, u.password, u.roles_label, u.org_name);
        // Cases to try the citizen portal (/portal) with; the browser tests read these lines.
        for (const auto& p : summary->portal_samples)
            fmt::print("  网上信访示例 [{}] 查询码 {} 密码 {}\n", p.tag, p.query_code, p.secret);
    }
    auto listen = ParseListen((*rt)->config.listen);
    if (!listen) return Report(listen.error());
    if (auto s = notify::InitCurl(); !s) return Report(s.error());
    auto notifiers = BuildNotifiers((*rt)->config.notify, (*rt)->clock);
    if (!notifiers) return Report(notifiers.error());
    auto exit_after_send = OutboxExitAfterSendFault();
    if (!exit_after_send) return Report(exit_after_send.error());

    http::Router router;
    http::ApiOptions api;
    api.secure_cookies = (*rt)->config.secure_cookies;
    api.static_dir = (*rt)->config.static_dir;
    api.backend_name = (*rt)->store->BackendName();
    http::RegisterApi(router, svc, api);
    http::RegisterOps(router, svc,
                      {.registry = &server_metrics.registry(), .metrics_access = std::move(metrics_access)});
    http::HttpMetrics http_metrics(server_metrics.registry());
    server_metrics.Watch(*(*rt)->store, (*rt)->replica.get(), svc, (*rt)->files.render_queue_depth, (*rt)->clock,
                         std::chrono::seconds((*rt)->config.metrics.refresh_seconds));

    http::ServerOptions so;
    so.host = listen->first;
    so.port = listen->second;
    so.io_threads = (*rt)->config.io_threads;
    so.worker_threads = (*rt)->config.worker_threads;
    so.max_body_bytes = (*rt)->config.max_body_bytes;
    so.read_timeout = std::chrono::seconds((*rt)->config.read_timeout_seconds);
    so.max_upload_bytes = (static_cast<size_t>((*rt)->config.files.max_file_mb) + 5) << 20;  // one file + form overhead
    so.trusted_proxies = (*rt)->config.trusted_proxies;
    so.on_complete = [&http_metrics](const http::CompletedRequest& c) { http_metrics.Record(c); };
    http::Server server(so, [&router](http::Request& r) { return router.Dispatch(r); });

    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);  // threads started below inherit the mask

    if (auto s = server.Start(); !s) return Report(s.error());
    fmt::print("xinfang 已启动: http://{}:{}/  (数据库 {}{})\n", so.host, server.Port(), RedactUrl((*rt)->config.db_url),
               (*rt)->replica ? "，报表读备库 " + RedactUrl((*rt)->config.db_replica_url) : std::string());
    std::fflush(stdout);

    // Background work of every app server: reload categories and the calendar when another server changed them,
    // and run the shared jobs this server manages to claim (each runs once per period across all servers).
    std::atomic<bool> stop{false};
    std::thread jobs([&] {
        while (!stop) {
            if (auto r = svc.RefreshReferenceData(); !r)
                spdlog::warn("reloading categories and calendar failed: {}", r.error().message);
            else if (*r)
                spdlog::info("categories and calendar reloaded (changed on another server)");
            if (auto ran = svc.RunDueJobs(); !ran) {
                spdlog::warn("scheduled job failed: {}", ran.error().message);
            } else {
                for (const auto& [job, result] : *ran) {
                    if (result.starts_with("error: ")) spdlog::warn("job {}: {}", job, result);
                    else if (!result.ends_with(" 0")) spdlog::info("job {}: {}", job, result);
                }
            }
            for (int i = 0; i < 5 && !stop; ++i) std::this_thread::sleep_for(std::chrono::seconds(1));
        }
    });
    // Outgoing notifications: the outbox sender, every 2 s or at once while a backlog lasts (docs/notifications.md).
    notify::SenderOptions sender_options;
    sender_options.batch = (*rt)->config.notify.batch;
    sender_options.per_message_timeout = std::chrono::seconds((*rt)->config.notify.timeout_seconds);
    if (int n = *exit_after_send; n > 0) {
        spdlog::warn("XINFANG_FAULT: the process will end after the {}th successful notification send", n);
        sender_options.after_send = [n, sent = std::make_shared<std::atomic<int>>(0)](const OutboxMessage& m) {
            if (++*sent < n) return;
            std::fprintf(stderr, "XINFANG_FAULT outbox-exit-after-send: exiting after sending key=%s\n", m.key.c_str());
            std::fflush(stderr);
            _exit(137);
        };
    }
    const crypto::FieldCipher& cipher = *(*rt)->cipher;
    notify::OutboxSender sender(*(*rt)->store, *notifiers->router, (*rt)->clock,
                                [&cipher](const std::string& sealed) { return cipher.Decrypt(sealed); }, InstanceId(),
                                std::move(sender_options));
    std::jthread sending([&sender](std::stop_token st) { sender.RunLoop(st, std::chrono::seconds(2)); });

    int sig = 0;
    sigwait(&signals, &sig);
    spdlog::info("signal {} received: stopping", sig);
    stop = true;
    server.Stop();
    sending.request_stop();  // the round in progress ends after its current send and releases the rest
    sending.join();
    jobs.join();
    return 0;
}

Result<std::vector<std::vector<std::string>>> ReadTsvRows(const std::filesystem::path& file, size_t columns) {
    XF_ASSIGN_OR_RETURN(std::string text, ReadFile(file));
    if (text.starts_with("\xEF\xBB\xBF")) text = text.substr(3);
    if (!IsValidUtf8(text)) return Fail(Error::InvalidArgument(file.string(), "文件不是 UTF-8 编码"));
    std::vector<std::vector<std::string>> rows;
    int line_no = 0;
    for (auto line : Split(text, '\n')) {
        ++line_no;
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (Trim(line).empty() || line.starts_with("#")) continue;
        auto cols = Split(line, '\t');
        if (rows.empty() && line_no >= 1 && Trim(cols[0]) == "code") {
            rows.push_back({});  // header marker
            continue;
        }
        if (cols.size() < columns)
            return Fail(Error::InvalidArgument(fmt::format("line {}", line_no),
                                               fmt::format("应有{}列（以制表符分隔），实际{}列", columns, cols.size())));
        std::vector<std::string> r;
        for (size_t i = 0; i < columns; ++i) r.emplace_back(Trim(cols[i]));
        rows.push_back(std::move(r));
    }
    if (!rows.empty() && rows.front().empty()) rows.erase(rows.begin());
    return rows;
}

}  // namespace
}  // namespace xf

namespace {

// glibc's allocator, tuned for a server with many worker threads (docs/reliability.md, "Load held"). By default it
// gives contending threads arenas of their own, up to 8 per core, and each arena keeps its own high-water mark of
// freed memory: under 64 clients the heap in use stayed near 120 MiB while the resident anonymous memory climbed past
// 560 MiB in 150 s (and 1 GiB in 10 min). One arena per core (2 to 8) held it near 200 MiB at 82 % of the throughput
// (133 against 162 req/s on 2 cores); a fixed 1 MiB mmap threshold as well saved more memory but halved the
// throughput, so it is not set. An operator's own MALLOC_ARENA_MAX or GLIBC_TUNABLES wins.
void TuneAllocator() {
#if defined(__GLIBC__)
    if (std::getenv("MALLOC_ARENA_MAX") || std::getenv("GLIBC_TUNABLES")) return;
    const int cores = static_cast<int>(std::thread::hardware_concurrency());
    mallopt(M_ARENA_MAX, std::clamp(cores, 2, 8));
#endif
}

}  // namespace

int main(int argc, char** argv) {
    using namespace xf;
    TuneAllocator();  // before any thread exists
    CLI::App cli{"xinfang — 信访工作管理系统 (case management for letters-and-visits offices)"};
    cli.require_subcommand(1);
    cli.set_help_all_flag("--help-all", "Show help for every command");

    std::optional<std::string> config_path;
    std::optional<std::string> listen, db, db_replica;
    bool demo = false;
    int demo_petitions = 2000;
    auto* serve = cli.add_subcommand("serve", "Start the HTTP server (staff console, API, portal)");
    serve->add_option("--config", config_path, "TOML configuration file");
    serve->add_option("--listen", listen, "HOST:PORT to listen on (default 127.0.0.1:8080)");
    serve->add_option("--db", db, "Database URL (default sqlite:data/xinfang.db)");
    serve->add_option("--db-replica", db_replica,
                      "PostgreSQL hot standby for read-only reports (postgresql://…); reports show its lag");
    serve->add_flag("--demo", demo, "Load the demo data set once and print the demo log-ins");
    serve->add_option("--demo-petitions", demo_petitions, "Petitions in the demo data set")->check(CLI::Range(0, 100000));

    // The database: --db, else the [database] url of the --config file (one of the two is needed).
    std::string db_url;
    constexpr const char* kDbHelp = "Database URL, e.g. sqlite:data/xinfang.db (default: the --config file's)";
    bool migrate_no_backup = false;
    auto* migrate = cli.add_subcommand(
        "migrate", "Create or upgrade the database schema; an existing database is backed up first (docs/deploy.md)");
    migrate->add_option("--db", db_url, kDbHelp);
    migrate->add_flag("--no-backup", migrate_no_backup,
                      "Do not back up before upgrading ([database] backup_before_migrate = false)");

    auto* user = cli.add_subcommand("user", "Manage staff users");
    user->require_subcommand(1);
    auto* user_add = user->add_subcommand("add", "Add a user; the password is read from standard input");
    std::string login, org_code, roles_csv, scope = "org", display_name;
    bool password_stdin = false;
    user_add->add_option("--db", db_url, kDbHelp);
    user_add->add_option("--login", login, "Login name")->required();
    user_add->add_option("--org", org_code, "Org code")->required();
    user_add->add_option("--roles", roles_csv, "Roles: registrar,handler,approver,supervisor,statistician,admin")
        ->required();
    user_add->add_option("--scope", scope, "Data scope: org | subtree | self | all (default org)");
    user_add->add_option("--name", display_name, "Display name");
    user_add->add_flag("--password-stdin", password_stdin, "Read the password from standard input")->required();

    std::string file;
    auto* org = cli.add_subcommand("org", "Manage organisations");
    org->require_subcommand(1);
    auto* org_import = org->add_subcommand("import", "Import orgs from a TSV: code, parent_code, name, level, kind, region_code");
    org_import->add_option("--db", db_url, kDbHelp);
    org_import->add_option("FILE", file, "TSV file")->required()->check(CLI::ExistingFile);

    auto* category = cli.add_subcommand("category", "Manage the content classification (内容分类)");
    category->require_subcommand(1);
    auto* category_import = category->add_subcommand("import", "Import categories (categories.tsv format)");
    category_import->add_option("--db", db_url, kDbHelp);
    category_import->add_option("FILE", file, "TSV file")->required()->check(CLI::ExistingFile);

    auto* region = cli.add_subcommand("region", "Manage administrative regions (行政区划, for 问题属地)");
    region->require_subcommand(1);
    auto* region_import = region->add_subcommand("import", "Import regions from a TSV: code, parent_code, name");
    region_import->add_option("--db", db_url, kDbHelp);
    region_import->add_option("FILE", file, "TSV file")->required()->check(CLI::ExistingFile);

    auto* jobs = cli.add_subcommand("jobs", "Run the scheduled jobs that are due (conclude lapsed cases, recompute "
                                            "deadlines, reminders, the rollup check); --list shows their last runs");
    jobs->add_option("--db", db_url, kDbHelp);
    bool jobs_list = false;
    jobs->add_flag("--list", jobs_list, "Only list the jobs and their last runs");

    auto* stats = cli.add_subcommand("stats", "Statistics rollups");
    stats->require_subcommand(1);
    auto* stats_verify = stats->add_subcommand("verify", "Compare the stored rollups with a recount of every case");
    stats_verify->add_option("--db", db_url, kDbHelp);
    auto* stats_rebuild = stats->add_subcommand("rebuild", "Recount every case's statistics and rewrite the rollups");
    stats_rebuild->add_option("--db", db_url, kDbHelp);

    auto* petition = cli.add_subcommand("petition", "Petitions (信访事项)");
    petition->require_subcommand(1);
    auto* petition_import = petition->add_subcommand(
        "import", "Import historical ledgers (CSV in UTF-8 or GB18030, or XLSX); see docs/import.md");
    bool skip_invalid = false, dry_run = false;
    std::string rejects_file;
    petition_import->add_option("--db", db_url, kDbHelp);
    petition_import->add_option("FILE", file, "CSV or XLSX file")->required()->check(CLI::ExistingFile);
    petition_import->add_flag("--skip-invalid", skip_invalid, "Import the valid rows; write the rejected ones to --rejects");
    petition_import->add_option("--rejects", rejects_file, "Where --skip-invalid writes the rejects (CSV; default FILE.rejects.csv)");
    petition_import->add_flag("--dry-run", dry_run, "Check every row and report; write nothing");
    int batch_rows = app::ImportOptions{}.batch_rows;
    petition_import
        ->add_option("--batch-rows", batch_rows,
                     "Rows written per transaction, after the whole file was checked (a re-run skips rows written)")
        ->check(CLI::Range(1, 10000000));
    int import_memory_mb = 1024;
    petition_import
        ->add_option("--memory-mb", import_memory_mb,
                     "SQLite: page cache of this import (MiB, default 1024; the server's own setting is "
                     "[database] sqlite_memory_mb). Each batch writes rollups and indexes all over the file: with a "
                     "cache that holds them, every page is written once per batch")
        ->check(CLI::Range(16, 1 << 20));

    auto* report = cli.add_subcommand("report", "Statistics reports (SPEC §5)");
    report->require_subcommand(1);
    auto* report_summary = report->add_subcommand("summary", "The monthly, quarterly or annual statistics and draft text");
    int report_year = 0, report_month = 0, report_quarter = 0, category_level = 1;
    std::string report_format = "json", out_file, report_from, report_to;
    report_summary->add_option("--db", db_url, kDbHelp);
    report_summary->add_option("--org", org_code, "Org code (its whole subtree is counted)")->required();
    auto* year_opt = report_summary->add_option("--year", report_year, "Year, e.g. 2025")->check(CLI::Range(1949, 2200));
    auto* month_opt = report_summary->add_option("--month", report_month, "Month 1-12 of --year")->check(CLI::Range(1, 12));
    auto* quarter_opt = report_summary->add_option("--quarter", report_quarter, "Quarter 1-4 of --year")->check(CLI::Range(1, 4));
    month_opt->needs(year_opt)->excludes(quarter_opt);
    quarter_opt->needs(year_opt);
    auto* from_opt = report_summary->add_option("--from", report_from, "First day YYYY-MM-DD (instead of --year)");
    auto* to_opt = report_summary->add_option("--to", report_to, "Last day YYYY-MM-DD (with --from)");
    from_opt->excludes(year_opt)->needs(to_opt);
    to_opt->needs(from_opt);
    report_summary->add_option("--category-level", category_level, "Category break-down level 1 or 2")->check(CLI::Range(1, 2));
    report_summary->add_option("--format", report_format, "json | text | xlsx")->check(CLI::IsMember({"json", "text", "xlsx"}));
    report_summary->add_option("--out", out_file, "Write to this file instead of standard output (required for xlsx)");

    auto* search_cmd = cli.add_subcommand("search", "Full-text search of cases (信访件检索), for administrators");
    std::string search_text;
    bool search_count = false;
    int search_limit = 20;
    search_cmd->add_option("--db", db_url, "Database URL (required)");
    search_cmd->add_option("--org", org_code, "Only cases involving this org and its subtree");
    search_cmd->add_flag("--count", search_count, "Print only the number of matches");
    search_cmd->add_option("--limit", search_limit, "Matches to print, newest first (1-100)")->check(CLI::Range(1, 100));
    search_cmd->add_option("QUERY", search_text, "Words to find, e.g. 拖欠工资 or \"拆迁 补偿\"");
    auto* search_reindex = search_cmd->add_subcommand("reindex", "Rebuild the search index and repeat-detection keys");
    search_reindex->add_option("--db", db_url, "Database URL");

    auto* audit_cmd = cli.add_subcommand("audit", "The audit log (审计日志): verify its hash chains, apply retention");
    audit_cmd->require_subcommand(1);
    auto* audit_verify = audit_cmd->add_subcommand(
        "verify", "Check every audit record against its hash chain; exit 1 on any edit or deletion");
    std::string anchors_in, anchors_out;
    audit_verify->add_option("--db", db_url, kDbHelp);
    audit_verify->add_option("--anchors", anchors_in, "Also check against heads saved earlier with --save-anchors")
        ->check(CLI::ExistingFile);
    audit_verify->add_option("--save-anchors", anchors_out,
                             "Write the chains' heads to this file after a clean check (keep it off this host)");
    auto* audit_prune =
        audit_cmd->add_subcommand("prune", "Remove the records older than [audit] retention_days (0: none)");
    audit_prune->add_option("--db", db_url, kDbHelp);

    auto* db_cmd = cli.add_subcommand("db", "Database maintenance");
    db_cmd->require_subcommand(1);
    auto* db_copy = db_cmd->add_subcommand(
        "copy", "Copy an office's SQLite database into PostgreSQL: resumable, verified by counts and checksums "
                "(docs/db-copy.md)");
    std::string copy_from, copy_to;
    bool copy_verify = false;
    db_copy->add_option("--from", copy_from, "Source: sqlite:PATH (opened read-only)")->required();
    db_copy->add_option("--to", copy_to, "Target: postgresql://user@host:port/db (empty, or a copy in progress from "
                                         "the same source)")->required();
    db_copy->add_flag("--verify", copy_verify, "Only compare counts and checksums; write nothing");
    // Backup and restore (src/backup.hpp, docs/deploy.md "Backup and restore").
    std::string checksum_url, backup_file;
    std::optional<std::string> backup_files;
    bool restore_force = false;
    auto* db_checksum = db_cmd->add_subcommand("checksum", "Row count and SHA-256 of every table, one line each");
    db_checksum->add_option("--db", checksum_url, "Database URL (sqlite:PATH opened read-only, or postgresql://…)")
        ->required();
    auto* backup_cmd = cli.add_subcommand("backup", "Back up the database while the server runs (SQLite online "
                                                    "backup API; pg_dump for PostgreSQL)");
    backup_cmd->add_option("--db", db_url, kDbHelp);
    backup_cmd->add_option("--out", backup_file, "Backup file to write (replaced atomically)")->required();
    backup_cmd->add_option("--files-out", backup_files, "Also copy the attachment/document files not yet in this "
                                                        "directory");
    auto* restore_cmd = cli.add_subcommand("restore", "Restore a backup into an empty database (stop the server)");
    restore_cmd->add_option("--in", backup_file, "Backup file written by xinfang backup")->required()
        ->check(CLI::ExistingFile);
    restore_cmd->add_option("--db", db_url, "Target database URL (a new SQLite path or an empty PostgreSQL "
                                            "database)")->required();
    restore_cmd->add_option("--files-in", backup_files, "Copy the attachment/document files back from this "
                                                        "directory");
    restore_cmd->add_flag("--force", restore_force, "Overwrite a target that already holds a database");
    for (auto* sub : {backup_cmd, restore_cmd}) sub->add_option("--config", config_path, "TOML configuration file");

    auto* doctor_cmd = cli.add_subcommand(
        "doctor", "Check the configuration, data directory, fonts, holiday calendar, database, clock and key; one line "
                  "per check; exit 0 all OK, 1 warnings, 2 errors (docs/operations.md)");
    doctor_cmd->add_option("--config", config_path, "TOML configuration file");
    doctor_cmd->add_option("--db", db_url, "Database URL (default: the configuration's)");

    for (auto* sub : {migrate, user_add, org_import, category_import, region_import, jobs, petition_import, report_summary,
                      stats_verify, stats_rebuild, search_cmd, search_reindex, audit_verify, audit_prune})
        sub->add_option("--config", config_path, "TOML configuration file");

    try {
        cli.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return cli.exit(e);
    }

    // Needs neither the configuration nor the key: it moves the stored (sealed) bytes as they are.
    if (db_copy->parsed()) return storage::DbCopyCommand(copy_from, copy_to, copy_verify);
    if (db_checksum->parsed()) return storage::DbChecksumCommand(checksum_url);

    if (doctor_cmd->parsed()) {  // reports a bad configuration as one of its checks instead of stopping at it
        DoctorOptions o;
        o.config_path = config_path;
        if (!db_url.empty()) o.db_url = db_url;
        SystemClock clock;
        return RunDoctor(o, clock);
    }
    for (auto* sub : {migrate, user_add, org_import, category_import, region_import, jobs, petition_import,
                      report_summary, stats_verify, stats_rebuild, audit_verify, audit_prune, backup_cmd})
        if (sub->parsed() && db_url.empty() && !config_path)
            return Report(Error::InvalidArgument(
                "--db", "请用 --db 指定数据库，或用 --config 指定配置文件（其 [database] url）"));

    auto config = LoadConfig(config_path ? std::optional<std::filesystem::path>(*config_path) : std::nullopt);
    if (!config) return Report(config.error());
    spdlog::set_level(spdlog::level::from_str(config->log_level));
    logging::UseLogFormat(*logging::ParseLogFormat(config->log_format));  // validated by LoadConfig
    if (listen) config->listen = *listen;
    if (db) config->db_url = *db;
    if (!db_url.empty()) config->db_url = db_url;
    if (db_replica) config->db_replica_url = *db_replica;

    if (serve->parsed()) return Serve(std::move(*config), demo, demo_petitions);
    auto files_path = [&]() -> std::optional<std::filesystem::path> {
        if (backup_files) return std::filesystem::path(*backup_files);
        return std::nullopt;
    };
    if (backup_cmd->parsed()) return BackupCommand(*config, backup_file, files_path());
    if (restore_cmd->parsed()) return RestoreCommand(*config, backup_file, restore_force, files_path());
    if (migrate->parsed()) {  // the schema only: no key, no data
        if (migrate_no_backup) config->backup_before_migrate = false;
        MigrationNote migrated;
        auto store = OpenStore(*config, config->db_url, false, nullptr, &migrated);
        if (!store) return Report(store.error());
        if (migrated.from < 0)
            fmt::print("数据库已是最新结构（版本 {}），未做改动：{}\n",
                       pg::IsPostgresUrl(config->db_url) ? storage::LatestPostgresSchemaVersion()
                                                         : storage::LatestSqliteSchemaVersion(),
                       RedactUrl(config->db_url));
        else
            fmt::print("{}\n", DescribeMigration(migrated, config->db_url));
        return 0;
    }

    if (search_cmd->parsed() && db_url.empty() && !config_path)
        return Report(Error::InvalidArgument("--db", "请用 --db 指定数据库，或用 --config 指定配置文件"));
    if (petition_import->parsed()) {
        config->sqlite_memory_mb = std::max(config->sqlite_memory_mb, import_memory_mb);
        config->sqlite_writer_cache_mb = import_memory_mb;
    }
    auto rt = Open(std::move(*config));
    if (!rt) return Report(rt.error());
    auto& svc = *(*rt)->services;

    if (user_add->parsed()) {
        std::string password;
        std::getline(std::cin, password);
        if (!password.empty() && password.back() == '\r') password.pop_back();
        auto roles = ParseRoles(roles_csv, "--roles");
        if (!roles) return Report(roles.error());
        auto sc = ParseDataScope(scope, "--scope");
        if (!sc) return Report(sc.error());
        auto u = svc.AddUser(login, display_name, org_code, *roles, *sc, password);
        if (!u) return Report(u.error());
        fmt::print("已添加用户 {}（id {}）\n", u->login, u->id);
        return 0;
    }
    if (org_import->parsed()) {
        auto rows = ReadTsvRows(file, 6);
        if (!rows) return Report(rows.error());
        std::vector<app::OrgRow> orgs;
        for (auto& r : *rows) orgs.push_back({r[0], r[1], r[2], r[3], r[4], r[5]});
        auto n = svc.ImportOrgs(orgs);
        if (!n) return Report(n.error());
        fmt::print("已导入 {} 个单位\n", *n);
        return 0;
    }
    if (category_import->parsed()) {
        auto text = ReadFile(file);
        if (!text) return Report(text.error());
        auto table = CategoryTable::ParseTsv(*text, file);
        if (!table) return Report(table.error());
        auto n = svc.ImportCategories(*table);
        if (!n) return Report(n.error());
        fmt::print("已导入 {} 个内容分类\n", *n);
        return 0;
    }
    if (region_import->parsed()) {
        auto rows = ReadTsvRows(file, 3);
        if (!rows) return Report(rows.error());
        std::vector<Region> regions;
        for (auto& r : *rows) regions.push_back({r[0], r[1], r[2]});
        auto n = svc.ImportRegions(regions);
        if (!n) return Report(n.error());
        fmt::print("已导入 {} 个行政区划\n", *n);
        return 0;
    }
    if (petition_import->parsed()) return ImportCommand(svc, file, skip_invalid, dry_run, rejects_file, batch_rows);
    if (report_summary->parsed()) {
        app::ReportQuery q;
        q.org_code = org_code;
        q.category_level = category_level;
        if (!report_from.empty()) {
            auto f = ParseDate(report_from, "--from");
            if (!f) return Report(f.error());
            auto t = ParseDate(report_to, "--to");
            if (!t) return Report(t.error());
            q.from = *f;
            q.to = *t;
        } else {
            if (report_year == 0) return Report(Error::InvalidArgument("--year", "请指定 --year（或 --from 与 --to）"));
            std::tie(q.from, q.to) = ReportPeriod(report_year, report_month, report_quarter);
        }
        return ReportCommand(svc, q, report_format, out_file);
    }
    if (stats_verify->parsed()) {
        auto r = svc.VerifyStats();
        if (!r) return Report(r.error());
        for (const auto& e : r->examples) fmt::print(stderr, "{}\n", e);
        fmt::print("统计汇总核对：{} 件，按日 {} 格，按月 {} 格，不一致 {} 处{}\n", r->cases, r->day_cells, r->month_cells,
                   r->mismatches, r->mismatches == 0 ? "（与逐件重算一致）" : "");
        return r->mismatches == 0 ? 0 : 1;
    }
    if (stats_rebuild->parsed()) {
        auto n = svc.RebuildStats(true);
        if (!n) return Report(n.error());
        fmt::print("统计汇总已按逐件重算重建：{} 件\n", *n);
        return 0;
    }
    if (audit_verify->parsed()) return AuditVerifyCommand(svc, anchors_in, anchors_out);
    if (audit_prune->parsed()) {
        auto n = svc.PruneAudit();
        if (!n) return Report(n.error());
        if (config->audit_retention_days <= 0)
            fmt::print("未设置审计记录保存期限（[audit] retention_days = 0）：不清理\n");
        else
            fmt::print("已清理保存期（{} 天）以前的审计记录 {} 条\n", config->audit_retention_days, *n);
        return 0;
    }
    if (search_reindex->parsed()) {
        auto started = std::chrono::steady_clock::now();
        std::optional<ProgressMeter> meter;
        auto n = svc.ReindexSearch(true, [&](int64_t done, int64_t total) {
            if (!meter) meter.emplace("重建检索索引", "件", total);
            meter->Update(done);
        });
        meter.reset();  // the summary line below says the rest
        if (!n) return Report(n.error());
        double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        fmt::print("已重建检索索引：{} 件，用时 {:.1f} 秒（{:.0f} 件/秒）\n", *n, secs, secs > 0 ? *n / secs : 0.0);
        return 0;
    }
    if (search_cmd->parsed()) {
        if (search_text.empty()) return Report(Error::InvalidArgument("QUERY", "请输入检索词"));
        app::SearchQuery q;
        q.text = search_text;
        q.by_relevance = false;
        q.list.filter.limit = search_limit;
        q.cap = std::numeric_limits<int64_t>::max() - 1;  // an exact count
        auto r = svc.SearchAsAdministrator(org_code.empty() ? std::nullopt : std::optional<std::string>(org_code), q);
        if (!r) return Report(r.error());
        if (search_count) {
            fmt::print("{}\n", r->total.value_or(0));
            return 0;
        }
        for (const auto& h : r->items)
            fmt::print("{}\t{}\t{}\n", h.item.petition.number, FormatDate(ChinaDate(h.item.petition.received_at)),
                       h.item.petition.title);
        fmt::print(stderr, "共 {} 件{}\n", r->total.value_or(0),
                   r->total.value_or(0) > static_cast<int64_t>(r->items.size())
                       ? fmt::format("，显示最新 {} 件", r->items.size()) : "");
        return 0;
    }
    if (jobs->parsed()) {
        if (!jobs_list) {
            auto ran = svc.RunDueJobs();
            if (!ran) return Report(ran.error());
            bool failed = false;
            for (const auto& [job, result] : *ran) {
                fmt::print("{}: {}\n", job, result);
                failed |= result.starts_with("error: ");
            }
            if (ran->empty()) fmt::print("没有到期的任务（各任务在其周期内只运行一次）\n");
            if (failed) return 1;
            return 0;
        }
        auto table = svc.JobTable();
        if (!table) return Report(table.error());
        auto when = [](const std::optional<Instant>& t) { return t ? FormatInstant(*t) : std::string("-"); };
        for (const auto& j : *table) {
            fmt::print("{} {}{}\n", j.name, j.title, j.enabled ? "" : "（未启用）");
            if (!j.status) {
                fmt::print("    从未运行\n");
                continue;
            }
            fmt::print("    上次开始 {}，上次结束 {}，下次可运行 {}，服务器 {}\n    结果 {}\n", when(j.status->last_started_at),
                       when(j.status->last_finished_at), FormatInstant(j.status->next_run_at), j.status->owner,
                       j.status->last_result.empty() ? "-" : j.status->last_result);
        }
        return 0;
    }
    return 0;
}
