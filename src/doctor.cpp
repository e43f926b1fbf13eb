#include "doctor.hpp"

#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "config.hpp"
#include "crypto/crypto.hpp"
#include "crypto/field_cipher.hpp"
#include "render/render.hpp"
#include "storage/postgres/pg.hpp"
#include "storage/postgres/pg_store.hpp"
#include "storage/sqlite/db.hpp"
#include "storage/sqlite/sqlite_store.hpp"

namespace xf {
namespace fs = std::filesystem;

namespace {

constexpr int kCalendarHorizonDays = 90;  // the longest period a step sets today: 60 days + a 30-day extension
constexpr double kSkewWarnSeconds = 5;
constexpr double kSkewErrorSeconds = 300;

CheckResult OkCheck(std::string name, std::string message) {
    return {std::move(name), CheckLevel::kOk, std::move(message), {}};
}
CheckResult WarnCheck(std::string name, std::string message, std::string fix) {
    return {std::move(name), CheckLevel::kWarning, std::move(message), std::move(fix)};
}
CheckResult ErrCheck(std::string name, std::string message, std::string fix) {
    return {std::move(name), CheckLevel::kError, std::move(message), std::move(fix)};
}

std::string Mode(unsigned mode) { return fmt::format("{:04o}", mode & 07777); }

// The schema version in a SQLite file, opened read-only (nothing is created or migrated).
Result<int64_t> SqliteSchemaVersion(const fs::path& file) {
    XF_ASSIGN_OR_RETURN(Connection c, Connection::Open(file, OpenMode::kReadOnly));
    XF_ASSIGN_OR_RETURN(Statement t, c.PrepareUncached("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND "
                                                       "name = 'schema_migrations'"));
    XF_ASSIGN_OR_RETURN(bool row, t.Step());
    if (!row || t.Int64(0) == 0)
        return Fail(Error::FailedPrecondition("不是 xinfang 的数据库（没有 schema_migrations 表）"));
    XF_ASSIGN_OR_RETURN(Statement v, c.PrepareUncached("SELECT coalesce(max(version), 0) FROM schema_migrations"));
    XF_ASSIGN_OR_RETURN(row, v.Step());
    return row ? v.Int64(0) : int64_t{0};
}

struct PgProbe {
    int64_t schema_version = 0;
    double server_time = 0;
    double local_time = 0;  // the midpoint of the query, by the injected clock
};

Result<PgProbe> ProbePostgres(const std::string& url, const Clock& clock) {
    XF_ASSIGN_OR_RETURN(auto c, pg::Conn::Open(url));
    XF_ASSIGN_OR_RETURN(pg::Rows t, c->Query("SELECT to_regclass('schema_migrations') IS NOT NULL"));
    if (t.TextView(0, 0) != "t")
        return Fail(Error::FailedPrecondition("不是 xinfang 的数据库（没有 schema_migrations 表）"));
    const double before = static_cast<double>(clock.Now().time_since_epoch().count());
    XF_ASSIGN_OR_RETURN(pg::Rows r, c->Query("SELECT coalesce(max(version), 0), extract(epoch FROM clock_timestamp())"
                                             "::float8 FROM schema_migrations"));
    const double after = static_cast<double>(clock.Now().time_since_epoch().count());
    PgProbe p;
    p.schema_version = r.Int64(0, 0);
    p.server_time = std::stod(r.Text(0, 1));
    p.local_time = (before + after) / 2;
    return p;
}

// The calendar days an office entered in the console (stored in the database), to merge over the files. Read only
// when the schema is current; nothing is opened for writing.
std::optional<std::vector<CalendarDay>> StoredCalendar(const std::string& url, bool postgres) {
    Result<std::vector<CalendarDay>> days = Fail(Error::Internal(""));
    if (postgres) {
        storage::PostgresOptions po;
        po.url = url;
        po.pool_size = 1;
        po.migrate = false;  // fails unless the schema is current; never changes it
        auto store = storage::OpenPostgresStore(po);
        if (!store) return std::nullopt;
        std::vector<CalendarDay> out;
        auto s = (*store)->Read([&](Transaction& tx) -> Status {
            XF_ASSIGN_OR_RETURN(out, tx.calendar().List());
            return Ok();
        });
        if (!s) return std::nullopt;
        return out;
    }
    auto path = SqlitePathFromUrl(url);
    if (!path) return std::nullopt;
    days = storage::ReadStoredCalendarDays(*path);
    if (!days) return std::nullopt;
    return std::move(*days);
}

// One line per check: a message from elsewhere (libpq's spans lines) is joined with spaces.
std::string OneLine(std::string_view s) {
    std::string out;
    bool space = false;
    for (char c : s) {
        if (c == '\n' || c == '\r' || c == '\t' || c == ' ') {
            space = !out.empty();
            continue;
        }
        if (space) out += ' ';
        space = false;
        out += c;
    }
    return out;
}

}  // namespace

std::string FormatCheck(const CheckResult& check) {
    CheckResult r{check.name, check.level, OneLine(check.message), OneLine(check.fix)};
    switch (r.level) {
        case CheckLevel::kOk:
            return fmt::format("OK   {}：{}", r.name, r.message);
        case CheckLevel::kWarning:
            return r.fix.empty() ? fmt::format("警告 {}：{}", r.name, r.message)
                                 : fmt::format("警告 {}：{}；处理：{}", r.name, r.message, r.fix);
        case CheckLevel::kError:
            return r.fix.empty() ? fmt::format("错误 {}：{}", r.name, r.message)
                                 : fmt::format("错误 {}：{}；处理：{}", r.name, r.message, r.fix);
    }
    return {};
}

int DoctorExitCode(const std::vector<CheckResult>& results) {
    int code = 0;
    for (const auto& r : results) {
        if (r.level == CheckLevel::kError) return 2;
        if (r.level == CheckLevel::kWarning) code = 1;
    }
    return code;
}

PathFacts ReadPathFacts(const fs::path& p) {
    PathFacts f;
    f.euid = static_cast<uint32_t>(::geteuid());
    struct stat st {};
    if (::stat(p.c_str(), &st) != 0) return f;
    f.exists = true;
    f.is_directory = S_ISDIR(st.st_mode);
    f.mode = static_cast<unsigned>(st.st_mode & 07777);
    f.owner_uid = static_cast<uint32_t>(st.st_uid);
    f.writable = ::access(p.c_str(), W_OK) == 0;
    return f;
}

CheckResult EvaluateDataDir(const std::string& name, const fs::path& dir, const PathFacts& f, bool created_at_start) {
    const std::string d = dir.string();
    const std::string make = fmt::format("install -d -m 750 -o <服务用户> {}", d);
    if (!f.exists) {
        if (created_at_start)
            return WarnCheck(name, d + " 不存在（服务启动时会创建）", "预先创建并设好属主与权限：" + make);
        return ErrCheck(name, d + " 不存在", make);
    }
    if (!f.is_directory) return ErrCheck(name, d + " 不是目录", "改正配置中的路径，或移走该文件后 " + make);
    if (!f.writable)
        return ErrCheck(name, fmt::format("{} 当前用户（uid {}）不能写入", d, f.euid),
                        fmt::format("chown <服务用户> {}；或以服务用户运行：sudo -u <服务用户> xinfang doctor", d));
    if (f.mode & 0002)
        return ErrCheck(name, fmt::format("{} 任何用户都可写入（权限 {}），其中有个人信息", d, Mode(f.mode)),
                        "chmod o-rwx " + d);
    if (f.mode & 0005)
        return WarnCheck(name, fmt::format("{} 其他用户可读取（权限 {}），其中有个人信息", d, Mode(f.mode)),
                         "chmod o-rwx " + d);
    if (f.owner_uid != f.euid)
        return WarnCheck(
            name, fmt::format("{} 属于 uid {}，当前用户为 uid {}", d, f.owner_uid, f.euid),
            "以服务用户运行：sudo -u <服务用户> xinfang doctor（以其他用户打开数据库可能留下服务用户不能写的文件）");
    return OkCheck(name, fmt::format("{}（权限 {}，可写，其他用户不可访问）", d, Mode(f.mode)));
}

CheckResult EvaluateCalendar(const HolidayCalendar& calendar, Date today, const fs::path& calendar_dir) {
    const std::string name = "节假日日历";
    const std::chrono::year y = today.year();
    const int yi = static_cast<int>(y);
    auto file = [&](int year) { return (calendar_dir / fmt::format("cn-{}.tsv", year)).string(); };
    const std::string how =
        "按国务院办公厅当年的节假日安排通知补充 {}（格式见 config/calendar 中已有的文件），或在控制台"
        "“节假日”中录入";
    if (!calendar.Covers(y))
        return ErrCheck(name, fmt::format("缺少 {} 年的节假日安排：现在计算的期限把节假日当作工作日", yi),
                        fmt::format(fmt::runtime(how), file(yi)));
    if (!calendar.Covers(y + std::chrono::years(1))) {
        Date horizon = AddDays(today, kCalendarHorizonDays);
        if (horizon.year() > y)
            return WarnCheck(
                name,
                fmt::format("缺少 {} 年的节假日安排：今天起算的期限（最长 {} 天）可能落在 {} 年，将按普通周末计算",
                            yi + 1, kCalendarHorizonDays, yi + 1),
                fmt::format(fmt::runtime(how), file(yi + 1)));
        return OkCheck(name, fmt::format("已有 {} 年的安排（{} 年的安排通常于 11 月公布，届时补充 {}）", yi, yi + 1,
                                         file(yi + 1)));
    }
    return OkCheck(name, fmt::format("已有 {} 年与 {} 年的安排", yi, yi + 1));
}

CheckResult EvaluateSchema(int64_t found, int64_t expected, const std::string& where) {
    const std::string name = "数据库";
    if (found < expected)
        return ErrCheck(name, fmt::format("{} 的结构版本为 {}，本程序需要 {}", where, found, expected),
                        fmt::format("停止服务后运行 xinfang migrate --db {}（先备份：xinfang backup）", where));
    if (found > expected)
        return ErrCheck(
            name, fmt::format("{} 的结构版本为 {}，高于本程序的 {}：数据库已由更新的版本升级", where, found, expected),
            "升级本程序到与其他服务器相同的版本");
    return OkCheck(name, fmt::format("{} 可连接，结构版本 {}（最新）", where, found));
}

CheckResult EvaluateClockSkew(double local, double server) {
    const std::string name = "时钟";
    const double skew = local - server;
    const std::string what =
        fmt::format("本机时钟{}数据库服务器 {:.1f} 秒", skew >= 0 ? "快于" : "慢于", std::fabs(skew));
    const std::string fix = "在两台机器上启用时间同步（chrony 或 systemd-timesyncd，指向同一 NTP 服务器）";
    if (std::fabs(skew) > kSkewErrorSeconds) return ErrCheck(name, what + "：会话期限、审计时间与编号日期会出错", fix);
    if (std::fabs(skew) > kSkewWarnSeconds) return WarnCheck(name, what, fix);
    return OkCheck(name, fmt::format("与数据库服务器相差 {:.1f} 秒", std::fabs(skew)));
}

CheckResult EvaluateSecretKey(const KeyFacts& k) {
    const std::string name = "个人信息密钥";
    if (k.configured) {
        if (!k.configured_ok)
            return ErrCheck(
                name, "配置的密钥格式无效（应为 64 位十六进制）",
                "改正 XINFANG_SECRET_KEY 或 [security] secret_key；切勿换成新密钥，否则已加密的个人信息无法读取");
        if (!k.from_environment && k.config_file && (k.config_file->mode & 0077))
            return WarnCheck(
                name, fmt::format("密钥写在配置文件中，而该文件其他用户可读（权限 {}）", Mode(k.config_file->mode)),
                "chmod 600 配置文件，或改用环境变量 XINFANG_SECRET_KEY（如 systemd 的 EnvironmentFile，权限 600）");
        return OkCheck(
            name, k.from_environment ? "由环境变量 XINFANG_SECRET_KEY 提供，格式有效" : "由配置文件提供，格式有效");
    }
    if (k.postgres)
        return ErrCheck(name, "使用 PostgreSQL 时未配置密钥（各应用服务器须使用同一密钥）",
                        "在每台应用服务器上设置同一个 XINFANG_SECRET_KEY（64 位十六进制），见 docs/deploy.md");
    const std::string f = k.key_file.string();
    if (!k.key_file_facts.exists) {
        if (k.database_exists)
            return ErrCheck(
                name,
                fmt::format("数据库已存在，但密钥文件 {} 不存在：已加密的个人信息将无法读取，启动时会生成新密钥", f),
                "从备份中恢复原 secret.key 后再启动服务");
        return OkCheck(name, fmt::format("{} 将在首次启动时生成（请另行备份）", f));
    }
    if (!k.key_file_ok) return ErrCheck(name, f + " 的内容不是有效的密钥", "从备份中恢复原 secret.key");
    if (k.key_file_facts.mode & 0077)
        return WarnCheck(name, fmt::format("{} 其他用户可读（权限 {}）", f, Mode(k.key_file_facts.mode)),
                         "chmod 600 " + f);
    return OkCheck(name, fmt::format("{}（权限 {}）", f, Mode(k.key_file_facts.mode)));
}

int RunDoctor(const DoctorOptions& options, const Clock& clock) {
    std::vector<CheckResult> results;
    auto emit = [&](CheckResult r) {
        fmt::print("{}\n", FormatCheck(r));
        std::fflush(stdout);
        results.push_back(std::move(r));
    };

    // 1. The configuration: parses, and its values are in range (LoadConfig checks each key).
    auto loaded = LoadConfig(options.config_path ? std::optional<fs::path>(*options.config_path) : std::nullopt);
    if (!loaded) {
        const auto& e = loaded.error();
        emit(ErrCheck(
            "配置文件", (e.field.empty() ? "" : "[" + e.field + "] ") + e.message,
            "改正配置文件或对应的 XINFANG_* 环境变量后重新运行 xinfang doctor（其余检查需要有效的配置，未运行）"));
        return DoctorExitCode(results);
    }
    Config config = std::move(*loaded);
    if (options.db_url) config.db_url = *options.db_url;
    {
        std::string where = options.config_path ? *options.config_path : "未指定配置文件（默认值与 XINFANG_* 环境变量）";
        auto colon = config.listen.rfind(':');
        int port = -1;
        if (colon != std::string::npos) port = std::atoi(config.listen.substr(colon + 1).c_str());
        std::error_code ec;
        if (colon == std::string::npos || port < 0 || port > 65535 || config.listen.substr(colon + 1).empty())
            emit(ErrCheck("配置文件", fmt::format("{}：[server] listen = \"{}\" 应为 HOST:PORT", where, config.listen),
                          "改为如 127.0.0.1:8080"));
        else if (!fs::exists(config.config_dir / "categories.tsv", ec))
            emit(ErrCheck(
                "配置文件", fmt::format("{}：{} 中没有 categories.tsv", where, config.config_dir.string()),
                "将 [deadlines] config_dir 指向含 categories.tsv 与 calendar/ 的目录（安装包为 /etc/xinfang）"));
        else if (!config.static_dir.empty() && !fs::is_directory(config.static_dir, ec))
            emit(WarnCheck(
                "配置文件",
                fmt::format("{}：控制台页面目录 {} 不存在，浏览器将只看到说明页", where, config.static_dir.string()),
                "将 [server] static_dir 指向构建好的 web/dist"));
        else
            emit(OkCheck("配置文件", where + (options.config_path ? " 解析通过，取值有效" : "：取值有效")));
    }

    const bool postgres = pg::IsPostgresUrl(config.db_url);
    std::optional<fs::path> sqlite_file;
    fs::path files_dir = config.files.dir;
    if (!postgres) {
        auto p = SqlitePathFromUrl(config.db_url);
        if (!p) {
            emit(ErrCheck("数据库", p.error().message, "改正 --db、XINFANG_DB 或 [database] url"));
            return DoctorExitCode(results);
        }
        sqlite_file = *p;
    }
    const fs::path data_dir = sqlite_file
                                  ? (sqlite_file->parent_path().empty() ? fs::path(".") : sqlite_file->parent_path())
                                  : fs::path("data");
    if (files_dir.empty()) files_dir = data_dir / "files";

    // 2. The data directories: the SQLite file's and the attachments'.
    bool owner_mismatch = false;
    if (sqlite_file) {
        PathFacts f = ReadPathFacts(data_dir);
        owner_mismatch = f.exists && f.owner_uid != f.euid;
        emit(EvaluateDataDir("数据目录", data_dir, f, true));
        PathFacts db = ReadPathFacts(*sqlite_file);
        if (db.exists && (db.mode & 0007))
            emit(WarnCheck("数据目录",
                           fmt::format("数据库文件 {} 其他用户可访问（权限 {}）", sqlite_file->string(), Mode(db.mode)),
                           "chmod o-rwx " + sqlite_file->string()));
    }
    emit(EvaluateDataDir("附件目录", files_dir, ReadPathFacts(files_dir), true));

    // 3. Fonts for the PDFs: the configured families exist and hold Chinese characters.
    {
        render::FontMap fonts;
        fonts.title = config.files.font_title;
        fonts.body = config.files.font_body;
        fonts.page_number = config.files.font_page_number;
        if (auto s = render::CheckFontsHaveCjk(fonts); !s)
            emit(ErrCheck("公文字体", s.error().message,
                          "安装中文字体（apt-get install fonts-noto-cjk）或改 [documents.fonts] "
                          "为已安装的字体（fc-list :lang=zh family）"));
        else
            emit(OkCheck("公文字体",
                         fmt::format("{} / {} / {} 均已安装且含汉字", fonts.title, fonts.body, fonts.page_number)));
    }

    // 4. The database: reachable, schema current; on PostgreSQL the server's clock.
    std::string where = postgres ? config.db_url : sqlite_file->string();
    if (postgres) {  // never print a password
        auto scheme = where.find("://");
        auto at = where.find('@');
        auto colon = scheme == std::string::npos ? std::string::npos : where.find(':', scheme + 3);
        if (at != std::string::npos && colon != std::string::npos && colon < at)
            where = where.substr(0, colon + 1) + "***" + where.substr(at);
    }
    bool database_exists = false, schema_current = false;
    if (postgres) {
        auto p = ProbePostgres(config.db_url, clock);
        if (!p) {
            emit(ErrCheck("数据库", fmt::format("{} 无法访问：{}", where, p.error().message),
                          "确认 PostgreSQL 在运行、地址与口令正确、pg_hba.conf 允许本机连接"));
        } else {
            database_exists = true;
            auto r = EvaluateSchema(p->schema_version, storage::LatestPostgresSchemaVersion(), where);
            schema_current = r.level == CheckLevel::kOk;
            emit(std::move(r));
            emit(EvaluateClockSkew(p->local_time, p->server_time));
        }
    } else if (!fs::exists(*sqlite_file)) {
        emit(WarnCheck("数据库", where + " 尚不存在",
                       "首次启动（xinfang serve）或 xinfang migrate --db sqlite:" + where + " 时创建"));
    } else if (owner_mismatch && ::geteuid() == 0) {
        emit(WarnCheck("数据库", where + " 未检查：以 root 打开可能留下服务用户不能写的 -wal/-shm 文件",
                       "以服务用户运行：sudo -u <服务用户> xinfang doctor"));
        database_exists = true;
    } else {
        database_exists = true;
        auto v = SqliteSchemaVersion(*sqlite_file);
        if (!v) {
            emit(ErrCheck("数据库", fmt::format("{} 无法读取：{}", where, v.error().message),
                          "确认文件完整、属于服务用户；必要时从备份恢复（xinfang restore）"));
        } else {
            auto r = EvaluateSchema(*v, storage::LatestSqliteSchemaVersion(), where);
            schema_current = r.level == CheckLevel::kOk;
            emit(std::move(r));
        }
    }
    if (!postgres) emit(OkCheck("时钟", "SQLite 使用本机时钟，无需与数据库服务器比对"));

    // 5. The holiday calendar: the files, plus what the office entered in the console (when the store can be read).
    {
        auto cal = LoadCalendarFiles(config.config_dir);
        if (!cal) {
            emit(ErrCheck("节假日日历", cal.error().message,
                          "将 [deadlines] config_dir 指向含 calendar/cn-YYYY.tsv 的目录"));
        } else {
            if (schema_current) {
                if (auto stored = StoredCalendar(config.db_url, postgres))
                    for (const auto& d : *stored) cal->Set(d);
            }
            emit(EvaluateCalendar(*cal, ChinaDate(clock.Now()), config.config_dir / "calendar"));
        }
    }

    // 6. The personal-data key.
    {
        KeyFacts k;
        k.postgres = postgres;
        k.configured = !config.secret_key.empty();
        k.from_environment = std::getenv("XINFANG_SECRET_KEY") && *std::getenv("XINFANG_SECRET_KEY");
        if (k.configured) {
            k.configured_ok = crypto::Init() && crypto::FieldCipher::FromText(config.secret_key).has_value();
            if (options.config_path) k.config_file = ReadPathFacts(*options.config_path);
        } else if (!postgres) {
            k.key_file = data_dir / "secret.key";
            k.key_file_facts = ReadPathFacts(k.key_file);
            if (k.key_file_facts.exists) {
                std::ifstream in(k.key_file, std::ios::binary);
                std::stringstream text;
                text << in.rdbuf();
                k.key_file_ok = in.good() || in.eof();
                k.key_file_ok =
                    k.key_file_ok && crypto::Init() && crypto::FieldCipher::FromText(text.str()).has_value();
            }
            k.database_exists = database_exists;
        }
        emit(EvaluateSecretKey(k));
    }
    return DoctorExitCode(results);
}

}  // namespace xf
