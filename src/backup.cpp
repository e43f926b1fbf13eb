#include "backup.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include "base/progress.hpp"
#include "base/date.hpp"
#include "base/error.hpp"
#include "storage/postgres/pg.hpp"
#include "storage/postgres/pg_store.hpp"
#include "storage/sqlite/db.hpp"
#include "storage/sqlite/sqlite_store.hpp"

extern char** environ;

namespace xf {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
constexpr auto kProgressEvery = std::chrono::seconds(2);

int Report(const Error& e) {
    fmt::print(stderr, "错误 ({})", ErrorCodeName(e.code));
    if (!e.field.empty()) fmt::print(stderr, " [{}]", e.field);
    fmt::print(stderr, ": {}\n", e.message);
    return e.code == ErrorCode::kInvalidArgument || e.code == ErrorCode::kFailedPrecondition ? 2 : 1;
}

double Seconds(Clock::time_point since) { return std::chrono::duration<double>(Clock::now() - since).count(); }

std::string Mib(int64_t bytes) { return fmt::format("{:.1f} MiB", static_cast<double>(bytes) / (1 << 20)); }

Status FsyncPath(const fs::path& p, bool directory) {
    int fd = ::open(p.c_str(), (directory ? O_RDONLY | O_DIRECTORY : O_RDONLY) | O_CLOEXEC);
    if (fd < 0) return Fail(Error::Internal(fmt::format("打开 {} 失败：{}", p.string(), std::strerror(errno))));
    int rc = ::fsync(fd);
    int err = errno;
    ::close(fd);
    if (rc != 0) return Fail(Error::Internal(fmt::format("fsync {} 失败：{}", p.string(), std::strerror(err))));
    return Ok();
}

fs::path DirOf(const fs::path& p) { return p.parent_path().empty() ? fs::path(".") : p.parent_path(); }

// The content store's directory, as the server finds it (main.cpp Open): [attachments] dir, else "files" beside
// the SQLite file, else data/files.
fs::path FilesDir(const Config& config) {
    if (!config.files.dir.empty()) return config.files.dir;
    if (auto p = SqlitePathFromUrl(config.db_url)) return DirOf(*p) / "files";
    return "data/files";
}

bool IsHex64(std::string_view s) {
    return s.size() == 64 && std::all_of(s.begin(), s.end(), [](char c) {
               return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
           });
}

struct BlobCopy {
    int64_t copied = 0, present = 0, bytes = 0;
};

// Copies the content-addressed blobs (ab/cd/<sha256>) of `from` that `to` lacks (or holds with another size):
// each through a temporary file, fsynced, renamed; every directory that got a new entry fsynced at the end.
Result<BlobCopy> CopyBlobs(const fs::path& from, const fs::path& to) {
    BlobCopy out;
    std::error_code ec;
    if (!fs::is_directory(from, ec)) return out;  // no attachment yet
    std::set<fs::path> touched;
    auto last = Clock::now();
    for (auto it = fs::recursive_directory_iterator(from, ec); !ec && it != fs::recursive_directory_iterator();
         it.increment(ec)) {
        if (!it->is_regular_file(ec) || !IsHex64(it->path().filename().string())) continue;
        const fs::path rel = fs::relative(it->path(), from, ec);
        if (ec || rel.begin() == rel.end() || *rel.begin() == "tmp") continue;
        const fs::path dst = to / rel;
        const auto size = it->file_size(ec);
        std::error_code ec2;
        if (fs::exists(dst, ec2) && fs::file_size(dst, ec2) == size) {
            ++out.present;
            continue;
        }
        fs::create_directories(dst.parent_path(), ec2);
        if (ec2) return Fail(Error::Internal(fmt::format("无法创建目录 {}：{}", dst.parent_path().string(), ec2.message())));
        const fs::path tmp = dst.parent_path() / fmt::format(".{}.tmp-{}", dst.filename().string(), ::getpid());
        fs::copy_file(it->path(), tmp, fs::copy_options::overwrite_existing, ec2);
        if (ec2) return Fail(Error::Internal(fmt::format("复制 {} 失败：{}", it->path().string(), ec2.message())));
        XF_TRY(FsyncPath(tmp, false));
        fs::rename(tmp, dst, ec2);
        if (ec2) return Fail(Error::Internal(fmt::format("改名 {} 失败：{}", tmp.string(), ec2.message())));
        touched.insert(dst.parent_path());                // ab/cd
        touched.insert(dst.parent_path().parent_path());  // ab
        touched.insert(to);
        ++out.copied;
        out.bytes += static_cast<int64_t>(size);
        if (Clock::now() - last >= kProgressEvery) {
            fmt::print(stderr, "  附件文件：已复制 {} 个（{}），已存在 {} 个\n", out.copied, Mib(out.bytes), out.present);
            last = Clock::now();
        }
    }
    if (ec) return Fail(Error::Internal(fmt::format("读取附件目录 {} 失败：{}", from.string(), ec.message())));
    for (const auto& d : touched) XF_TRY(FsyncPath(d, true));
    if (!touched.empty()) XF_TRY(FsyncPath(DirOf(to), true));
    return out;
}

Status CopyFilesStep(const fs::path& from, const fs::path& to, std::string_view what) {
    const auto start = Clock::now();
    XF_ASSIGN_OR_RETURN(BlobCopy c, CopyBlobs(from, to));
    fmt::print("{}：{} → {}：新复制 {} 个文件（{}），已有 {} 个，用时 {:.1f} 秒\n", what, from.string(), to.string(),
               c.copied, Mib(c.bytes), c.present, Seconds(start));
    return Ok();
}

// ---- PostgreSQL: URL, password, child processes ------------------------------------------------------------------

int HexValue(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

std::string PercentDecode(std::string_view s) {
    std::string out;
    for (size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '%' && i + 2 < s.size() && HexValue(s[i + 1]) >= 0 && HexValue(s[i + 2]) >= 0) {
            out += static_cast<char>(HexValue(s[i + 1]) * 16 + HexValue(s[i + 2]));
            i += 2;
        } else {
            out += s[i];
        }
    }
    return out;
}

// "postgresql://user:secret@host/db?x" → ("postgresql://user@host/db?x", "secret"). Only the URL without the
// password is ever put on a command line.
std::pair<std::string, std::optional<std::string>> SplitPassword(const std::string& url) {
    auto scheme = url.find("://");
    if (scheme == std::string::npos) return {url, std::nullopt};
    const size_t auth = scheme + 3;
    const size_t end = url.find_first_of("/?", auth);
    const std::string_view authority =
        std::string_view(url).substr(auth, end == std::string::npos ? std::string::npos : end - auth);
    const size_t at = authority.rfind('@');
    if (at == std::string_view::npos) return {url, std::nullopt};
    const size_t colon = authority.substr(0, at).find(':');
    if (colon == std::string_view::npos) return {url, std::nullopt};
    std::string password = PercentDecode(authority.substr(colon + 1, at - colon - 1));
    std::string stripped = url.substr(0, auth + colon) + url.substr(auth + at);
    return {stripped, password};
}

// Runs `argv` (looked up in PATH) with PGPASSWORD set when given; stdout to `stdout_file` when not empty. Every
// kProgressEvery, `tick` is called (progress output) while the child runs. Returns the exit status.
Result<int> RunChild(const std::vector<std::string>& argv, const std::optional<std::string>& password,
                     const fs::path& stdout_file, const std::function<void()>& tick) {
    std::vector<std::string> env_strings;
    for (char** e = environ; *e != nullptr; ++e)
        if (!std::string_view(*e).starts_with("PGPASSWORD=")) env_strings.emplace_back(*e);
    if (password) env_strings.push_back("PGPASSWORD=" + *password);
    std::vector<char*> envp, args;
    for (auto& s : env_strings) envp.push_back(s.data());
    envp.push_back(nullptr);
    std::vector<std::string> argv_copy = argv;
    for (auto& s : argv_copy) args.push_back(s.data());
    args.push_back(nullptr);

    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    if (!stdout_file.empty())
        posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, stdout_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                         0600);
    pid_t pid = 0;
    int rc = posix_spawnp(&pid, args[0], &actions, nullptr, args.data(), envp.data());
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0)
        return Fail(Error::Unavailable(fmt::format("无法运行 {}：{}（PostgreSQL 客户端 postgresql-client-15 是否已安装？"
                                                   "scripts/deps.sh）",
                                                   argv[0], std::strerror(rc))));
    auto last = Clock::now();
    while (true) {
        int status = 0;
        pid_t r = ::waitpid(pid, &status, WNOHANG);
        if (r == pid) return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
        if (r < 0 && errno != EINTR) return Fail(Error::Internal(fmt::format("waitpid: {}", std::strerror(errno))));
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        if (tick && Clock::now() - last >= kProgressEvery) {
            tick();
            last = Clock::now();
        }
    }
}

Result<int64_t> PostgresSchemaVersion(pg::Conn& c) {
    XF_ASSIGN_OR_RETURN(pg::Rows r, c.Query("SELECT to_regclass('schema_migrations') IS NOT NULL"));
    if (r.TextView(0, 0) != "t") return int64_t{0};
    XF_ASSIGN_OR_RETURN(pg::Rows v, c.Query("SELECT coalesce(max(version), 0) FROM schema_migrations"));
    return v.Int64(0, 0);
}

int BackupPostgres(const Config& config, const fs::path& out) {
    const auto [url, password] = SplitPassword(config.db_url);
    const auto start = Clock::now();
    int64_t version = 0, tables = 0;
    {
        auto c = pg::Conn::Open(config.db_url);
        if (!c) return Report(c.error());
        auto v = PostgresSchemaVersion(**c);
        if (!v) return Report(v.error());
        version = *v;
        auto t = (*c)->Query("SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                             "WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p')");
        if (!t) return Report(t.error());
        tables = t->Int64(0, 0);
    }
    if (version == 0)
        return Report(Error::FailedPrecondition(fmt::format("{} 不是 xinfang 的数据库（没有 schema_migrations）", url)));
    const fs::path tmp = DirOf(out) / fmt::format(".{}.tmp-{}", out.filename().string(), ::getpid());
    std::error_code ec;
    fs::remove(tmp, ec);
    fmt::print(stderr, "备份 {}（表结构版本 {}，{} 张表）→ {}：pg_dump --format=custom\n", url, version, tables,
               out.string());
    auto rc = RunChild({"pg_dump", "--format=custom", "--no-password", "--file=" + tmp.string(), "--dbname=" + url},
                       password, {}, [&] {
                           std::error_code e;
                           auto n = fs::file_size(tmp, e);
                           fmt::print(stderr, "  已写出 {}，{:.0f} 秒\n", e ? std::string("0") : Mib(n), Seconds(start));
                       });
    if (!rc || *rc != 0) {
        fs::remove(tmp, ec);
        return rc ? Report(Error::Internal(fmt::format("pg_dump 失败（退出码 {}）", *rc))) : Report(rc.error());
    }
    if (auto s = FsyncPath(tmp, false); !s) return Report(s.error());
    fs::rename(tmp, out, ec);
    if (ec) return Report(Error::Internal(fmt::format("无法改名为 {}：{}", out.string(), ec.message())));
    if (auto s = FsyncPath(DirOf(out), true); !s) return Report(s.error());
    fmt::print("已备份 {} → {}：表结构版本 {}，{}，用时 {:.1f} 秒（pg_dump 自定义格式，用 xinfang restore 恢复）\n", url,
               out.string(), version, Mib(static_cast<int64_t>(fs::file_size(out, ec))), Seconds(start));
    return 0;
}

// The schema version recorded in a pg_dump archive: the rows of its schema_migrations table, read back with
// `pg_restore --data-only --table=schema_migrations --file=-` (COPY text: version is the first column).
Result<int64_t> DumpSchemaVersion(const fs::path& in, const fs::path& scratch) {
    XF_ASSIGN_OR_RETURN(int rc, RunChild({"pg_restore", "--data-only", "--table=schema_migrations", "--file=-",
                                          in.string()},
                                         std::nullopt, scratch, {}));
    if (rc != 0)
        return Fail(Error::InvalidArgument("in", fmt::format("{} 不是可读的 pg_dump 备份文件（pg_restore 退出码 {}）",
                                                             in.string(), rc)));
    std::ifstream f(scratch);
    std::string line;
    bool in_copy = false;
    int64_t version = 0;
    while (std::getline(f, line)) {
        if (!in_copy) {
            in_copy = line.starts_with("COPY ") && line.find("schema_migrations") != std::string::npos;
            continue;
        }
        if (line == "\\.") break;
        try {
            version = std::max<int64_t>(version, std::stoll(line.substr(0, line.find('\t'))));
        } catch (...) {
            return Fail(Error::InvalidArgument("in", "备份中的 schema_migrations 无法识别：" + line));
        }
    }
    if (version == 0) return Fail(Error::InvalidArgument("in", fmt::format("{} 不是 xinfang 数据库的备份", in.string())));
    return version;
}

int RestorePostgres(const Config& config, const fs::path& in, bool force) {
    const auto [url, password] = SplitPassword(config.db_url);
    const auto start = Clock::now();
    const fs::path scratch = fs::temp_directory_path() / fmt::format("xinfang-restore-{}.sql", ::getpid());
    auto version = DumpSchemaVersion(in, scratch);
    std::error_code ec;
    fs::remove(scratch, ec);
    if (!version) return Report(version.error());
    const int64_t latest = storage::LatestPostgresSchemaVersion();
    if (*version > latest)
        return Report(Error::FailedPrecondition(fmt::format(
            "备份的表结构版本为 {}，比本程序（{}）新：请用较新版本的 xinfang 恢复", *version, latest)));
    int64_t objects = 0;
    {
        auto c = pg::Conn::Open(config.db_url);
        if (!c) return Report(c.error());
        auto r = (*c)->Query("SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                             "WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p', 'v', 'm', 'S')");
        if (!r) return Report(r.error());
        objects = r->Int64(0, 0);
    }
    if (objects > 0 && !force)
        return Report(Error::FailedPrecondition(fmt::format(
            "目标库 {} 不是空库（已有 {} 个表或序列）：请恢复到新建的空库，或加 --force 覆盖（先删除备份中的同名对象）",
            url, objects)));
    fmt::print(stderr, "恢复 {}（表结构版本 {}）→ {}{}：pg_restore，单个事务\n", in.string(), *version, url,
               objects > 0 ? "（--force：覆盖已有对象）" : "");
    std::vector<std::string> argv{"pg_restore", "--no-password", "--no-owner", "--no-privileges", "--exit-on-error",
                                  "--single-transaction", "--dbname=" + url};
    if (objects > 0) {
        argv.emplace_back("--clean");
        argv.emplace_back("--if-exists");
    }
    argv.push_back(in.string());
    auto rc = RunChild(argv, password, {}, [&] { fmt::print(stderr, "  恢复中… {:.0f} 秒\n", Seconds(start)); });
    if (!rc) return Report(rc.error());
    if (*rc != 0)
        return Report(Error::Internal(fmt::format("pg_restore 失败（退出码 {}）；单个事务，目标库未改变", *rc)));
    auto c = pg::Conn::Open(config.db_url);
    if (!c) return Report(c.error());
    auto now = PostgresSchemaVersion(**c);
    if (!now) return Report(now.error());
    if (*now != *version)
        return Report(Error::Internal(fmt::format("恢复后的表结构版本为 {}，备份中为 {}", *now, *version)));
    auto cases = (*c)->Query("SELECT count(*) FROM petitions");
    fmt::print("已恢复 {} → {}：表结构版本 {}{}，信访件 {} 件，用时 {:.1f} 秒\n", in.string(), url, *version,
               *version < latest ? fmt::format("（启动服务时将升级到 {}）", latest) : "",
               cases ? cases->Int64(0, 0) : -1, Seconds(start));
    return 0;
}

// ---- SQLite --------------------------------------------------------------------------------------------------------

// Pages of an online backup or restore: a bar on a terminal, a line every few seconds in a log (base/progress.hpp).
std::function<void(int64_t, int64_t)> PageProgress(std::string_view what) {
    auto meter = std::make_shared<std::optional<ProgressMeter>>();
    return [meter, what = std::string(what)](int64_t done, int64_t total) {
        if (!*meter) meter->emplace(fmt::format("  {}", what), "页", total);
        (*meter)->SetTotal(total);  // the database may grow while it is copied
        if (done >= total) {
            (*meter)->Finish(done);
            meter->reset();
            return;
        }
        (*meter)->Update(done);
    };
}

// The integrity check after the copy (minutes at millions of cases) has no page count: its elapsed time, redrawn
// each second on a terminal, a line every few seconds in a log; the last line stays.
std::function<void(std::chrono::milliseconds)> CheckProgress() {
    const bool terminal = ::isatty(::fileno(stderr)) == 1;
    auto last = std::make_shared<std::chrono::milliseconds>(0);
    return [terminal, last](std::chrono::milliseconds elapsed) {
        if (!terminal && elapsed - *last < std::chrono::seconds(5)) return;
        *last = elapsed;
        fmt::print(stderr, "{}  完整性检查：已用时 {}{}", terminal ? "\r" : "",
                   ProgressMeter::Duration(static_cast<double>(elapsed.count()) / 1000), terminal ? "" : "\n");
        std::fflush(stderr);
    };
}

Result<int64_t> SqliteSchemaVersion(const fs::path& path) {
    XF_ASSIGN_OR_RETURN(Connection c, Connection::Open(path, OpenMode::kReadOnly));
    XF_ASSIGN_OR_RETURN(Statement t, c.PrepareUncached("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND "
                                                       "name = 'schema_migrations'"));
    XF_ASSIGN_OR_RETURN(bool row, t.Step());
    if (!row || t.Int64(0) == 0)
        return Fail(Error::InvalidArgument("in", fmt::format("{} 不是 xinfang 的数据库（没有 schema_migrations 表）",
                                                             path.string())));
    XF_ASSIGN_OR_RETURN(Statement v, c.PrepareUncached("SELECT coalesce(max(version), 0) FROM schema_migrations"));
    XF_ASSIGN_OR_RETURN(row, v.Step());
    return row ? v.Int64(0) : 0;
}

int BackupSqlite(const Config& config, const fs::path& out) {
    auto path = SqlitePathFromUrl(config.db_url);
    if (!path) return Report(path.error());
    std::error_code ec;
    if (!fs::is_regular_file(*path, ec))
        return Report(Error::InvalidArgument("db", fmt::format("数据库文件不存在：{}", path->string())));
    auto version = SqliteSchemaVersion(*path);
    if (!version) return Report(version.error());
    const auto start = Clock::now();
    fmt::print(stderr, "备份 sqlite:{}（表结构版本 {}）→ {}：SQLite 在线备份，服务可继续运行\n", path->string(),
               *version, out.string());
    BackupOptions o;
    o.progress = PageProgress("已复制");
    o.checking = CheckProgress();
    auto r = BackupDatabase(*path, out, o);
    if (!r) return Report(r.error());
    if (::isatty(::fileno(stderr)) == 1) fmt::print(stderr, "\n");  // ends the check's line
    fmt::print("已备份 sqlite:{} → {}：表结构版本 {}，{} 页 × {} 字节 = {}，完整性检查 ok，用时 {:.1f} 秒"
               "（复制 {:.1f} 秒，检查 {:.1f} 秒）\n",
               path->string(), out.string(), *version, r->pages, r->page_size, Mib(r->bytes), Seconds(start),
               r->copy_time.count() / 1000.0, r->check_time.count() / 1000.0);
    return 0;
}

int RestoreSqlite(const Config& config, const fs::path& in, bool force) {
    auto target = SqlitePathFromUrl(config.db_url);
    if (!target) return Report(target.error());
    std::error_code ec;
    if (!fs::is_regular_file(in, ec))
        return Report(Error::InvalidArgument("in", fmt::format("备份文件不存在：{}", in.string())));
    auto version = SqliteSchemaVersion(in);
    if (!version) return Report(version.error());
    const int64_t latest = storage::LatestSqliteSchemaVersion();
    if (*version > latest)
        return Report(Error::FailedPrecondition(fmt::format(
            "备份的表结构版本为 {}，比本程序（{}）新：请用较新版本的 xinfang 恢复", *version, latest)));

    if (fs::exists(*target, ec)) {
        int64_t tables = 0;
        {
            auto c = Connection::Open(*target, OpenMode::kReadWrite, std::chrono::milliseconds(2000));
            if (!c) return Report(c.error());
            {
                auto st = c->PrepareUncached("SELECT count(*) FROM sqlite_master");
                if (!st) return Report(st.error());
                auto row = st->Step();
                if (!row) return Report(row.error());
                tables = *row ? st->Int64(0) : 0;
            }  // finalized: an open statement would hold a read transaction and keep the WAL mode
            if (tables > 0 && !force)
                return Report(Error::FailedPrecondition(fmt::format(
                    "目标 {} 已有数据库（{} 个对象）：请恢复到新的目录或文件，或停止服务后加 --force 覆盖",
                    target->string(), tables)));
            // Leaving WAL mode needs the database to ourselves: it fails while a server has it open, and otherwise
            // checkpoints and removes the -wal (which would corrupt the restored file if left beside it).
            auto mode = c->PrepareUncached("PRAGMA journal_mode=DELETE");
            auto got = mode ? mode->Step() : Result<bool>(Fail(mode.error()));
            if (!got || !*got || mode->Text(0) != "delete")
                return Report(Error::FailedPrecondition(fmt::format(
                    "目标数据库 {} 正在被使用（请先停止 xinfang 服务）", target->string())));
        }
        fs::remove(fs::path(target->string() + "-shm"), ec);
    }
    const auto start = Clock::now();
    fmt::print(stderr, "恢复 {}（表结构版本 {}）→ sqlite:{}\n", in.string(), *version, target->string());
    fs::create_directories(DirOf(*target), ec);
    BackupOptions o;
    o.progress = PageProgress("已恢复");
    auto r = BackupDatabase(in, *target, o);
    if (!r) return Report(r.error());
    fmt::print("已恢复 {} → sqlite:{}：表结构版本 {}{}，{} 页，{}，完整性检查 ok，用时 {:.1f} 秒\n", in.string(),
               target->string(), *version,
               *version < latest ? fmt::format("（启动服务时将升级到 {}）", latest) : "", r->pages, Mib(r->bytes),
               Seconds(start));
    if (config.secret_key.empty() && !fs::exists(DirOf(*target) / "secret.key", ec))
        fmt::print(stderr,
                   "注意：{} 旁没有 secret.key，也未配置 XINFANG_SECRET_KEY。个人信息是用原库的密钥加密的："
                   "请把原来的密钥文件放回 {}，再启动服务（否则服务会生成新密钥，原有个人信息无法解密）。\n",
                   target->string(), (DirOf(*target) / "secret.key").string());
    return 0;
}

}  // namespace

int BackupCommand(const Config& config, const fs::path& out, const std::optional<fs::path>& files_out) {
    if (out.empty()) return Report(Error::InvalidArgument("--out", "请用 --out 指定备份文件"));
    std::error_code ec;
    if (fs::is_directory(out, ec)) return Report(Error::InvalidArgument("--out", "--out 应为文件，不是目录"));
    int rc = pg::IsPostgresUrl(config.db_url) ? BackupPostgres(config, out) : BackupSqlite(config, out);
    if (rc != 0 || !files_out) return rc;
    // After the database: every blob the backup refers to was written before the row that names it.
    if (auto s = CopyFilesStep(FilesDir(config), *files_out, "已备份附件与文书文件"); !s) return Report(s.error());
    return 0;
}

fs::path UpgradeBackupDir(const Config& config) {
    if (!config.upgrade_backup_dir.empty()) return config.upgrade_backup_dir;
    if (auto p = SqlitePathFromUrl(config.db_url)) return DirOf(*p) / "backups";
    return "data/backups";
}

Status BackupBeforeMigrations(const Config& config, int from, int to, Instant now, MigrationNote& note) {
    note.from = from;
    note.to = to;
    if (from <= 0) return Ok();  // a new database: nothing to keep
    if (!config.backup_before_migrate) {
        fmt::print(stderr, "数据库结构将从版本 {} 升级到 {}；未做升级前备份（backup_before_migrate = false）\n", from, to);
        return Ok();
    }
    const fs::path dir = UpgradeBackupDir(config);
    std::error_code ec;
    fs::create_directories(dir, ec);
    const std::string how_to_skip =
        "数据库未做任何改动。请排除上述问题后重试；若已另有备份，可设 [database] backup_before_migrate = false"
        "（或环境变量 XINFANG_BACKUP_BEFORE_MIGRATE=0，或 xinfang migrate --no-backup）跳过升级前备份";
    if (ec)
        return Fail(Error::Unavailable(fmt::format("无法创建升级前备份目录 {}：{}（[database] upgrade_backup_dir）。{}",
                                                   dir.string(), ec.message(), how_to_skip)));
    std::string stamp = FormatInstant(now);  // 2026-12-03T15:55:00+08:00 → 20261203T155500+0800
    std::erase_if(stamp, [](char c) { return c == ':' || c == '-'; });
    const fs::path out = dir / fmt::format("pre-upgrade-v{}-to-v{}-{}.backup", from, to, stamp);
    fmt::print(stderr, "数据库结构将从版本 {} 升级到 {}：先备份到 {}\n", from, to, out.string());
    const int rc = pg::IsPostgresUrl(config.db_url) ? BackupPostgres(config, out) : BackupSqlite(config, out);
    if (rc != 0) return Fail(Error::Unavailable(fmt::format("升级前备份失败（{}）。{}", out.string(), how_to_skip)));
    note.backup = out;
    return Ok();
}

int RestoreCommand(const Config& config, const fs::path& in, bool force, const std::optional<fs::path>& files_in) {
    int rc = pg::IsPostgresUrl(config.db_url) ? RestorePostgres(config, in, force) : RestoreSqlite(config, in, force);
    if (rc != 0 || !files_in) return rc;
    if (auto s = CopyFilesStep(*files_in, FilesDir(config), "已恢复附件与文书文件"); !s) return Report(s.error());
    return 0;
}

}  // namespace xf
