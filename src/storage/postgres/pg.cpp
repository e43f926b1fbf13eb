#include "storage/postgres/pg.hpp"

#include <fmt/format.h>
#include <libpq-fe.h>

#include <algorithm>
#include <charconv>
#include <functional>
#include <set>

namespace xf::pg {

namespace {

// SQLSTATE → the project's error codes; the server's message is kept for the log and the caller.
Error MapError(const PGresult* r, pg_conn* c, std::string_view sql) {
    const char* state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : nullptr;
    std::string msg = r ? PQresultErrorMessage(r) : "";
    if (msg.empty() && c) msg = PQerrorMessage(c);
    while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' ')) msg.pop_back();
    std::string s = state ? state : "";
    std::string where = sql.size() > 120 ? std::string(sql.substr(0, 120)) + "…" : std::string(sql);
    if (s == "23505") return Error::AlreadyExists(msg);
    // serialization_failure, deadlock_detected, lock_not_available: a concurrent change; the caller may retry.
    if (s == "40001" || s == "40P01" || s == "55P03") return Error::Aborted("并发修改冲突，请重试（" + msg + "）");
    if (s.starts_with("08") || s == "57P01" || s == "57P02" || s == "57P03" || (c && PQstatus(c) != CONNECTION_OK))
        return Error::Unavailable("数据库连接不可用：" + msg);
    if (s == "25006") return Error::FailedPrecondition("数据库为只读（备库）：" + msg);
    if (s.starts_with("23")) return Error::InvalidArgument("", "数据不满足约束：" + msg);
    return Error::Internal(fmt::format("PostgreSQL error {} in `{}`: {}", s, where, msg));
}

std::string QuoteArrayElement(std::string_view v) {
    std::string out = "\"";
    for (char ch : v) {
        if (ch == '"' || ch == '\\') out += '\\';
        out += ch;
    }
    return out + "\"";
}

}  // namespace

std::string TextArray(const std::vector<std::string>& values) {
    std::string out = "{";
    for (size_t i = 0; i < values.size(); ++i) {
        if (i) out += ',';
        out += QuoteArrayElement(values[i]);
    }
    return out + "}";
}

std::string OptTextArray(const std::vector<std::optional<std::string>>& values) {
    std::string out = "{";
    for (size_t i = 0; i < values.size(); ++i) {
        if (i) out += ',';
        out += values[i] ? QuoteArrayElement(*values[i]) : std::string("NULL");  // quoted "NULL" is the text
    }
    return out + "}";
}

std::string IntArray(const std::vector<int64_t>& values) {
    std::string out = "{";
    for (size_t i = 0; i < values.size(); ++i) {
        if (i) out += ',';
        out += std::to_string(values[i]);
    }
    return out + "}";
}

Rows::Rows(pg_result* r) : r_(r) {}
Rows::~Rows() {
    if (r_) PQclear(r_);
}
Rows& Rows::operator=(Rows&& o) noexcept {
    if (this != &o) {
        if (r_) PQclear(r_);
        r_ = std::exchange(o.r_, nullptr);
    }
    return *this;
}
int Rows::size() const { return r_ ? PQntuples(r_) : 0; }
int64_t Rows::affected() const {
    if (!r_) return 0;
    const char* n = PQcmdTuples(r_);
    int64_t v = 0;
    if (n && *n) std::from_chars(n, n + std::char_traits<char>::length(n), v);
    return v;
}
bool Rows::IsNull(int row, int col) const { return PQgetisnull(r_, row, col) != 0; }
std::string_view Rows::TextView(int row, int col) const {
    return std::string_view(PQgetvalue(r_, row, col), static_cast<size_t>(PQgetlength(r_, row, col)));
}
int64_t Rows::Int64(int row, int col) const {
    auto t = TextView(row, col);
    int64_t v = 0;
    std::from_chars(t.data(), t.data() + t.size(), v);
    return v;
}
std::optional<int64_t> Rows::OptInt64(int row, int col) const {
    if (IsNull(row, col)) return std::nullopt;
    return Int64(row, col);
}
std::optional<std::string> Rows::OptText(int row, int col) const {
    if (IsNull(row, col)) return std::nullopt;
    return Text(row, col);
}

Result<std::unique_ptr<Conn>> Conn::Open(const std::string& url) {
    pg_conn* c = PQconnectdb(url.c_str());
    if (!c) return Fail(Error::Unavailable("无法连接数据库：内存不足"));
    if (PQstatus(c) != CONNECTION_OK) {
        std::string msg = PQerrorMessage(c);
        PQfinish(c);
        while (!msg.empty() && msg.back() == '\n') msg.pop_back();
        return Fail(Error::Unavailable("无法连接数据库：" + msg));
    }
    auto conn = std::unique_ptr<Conn>(new Conn(c, url));
    // Dates and times are stored as text and integers by the application; the session settings only make the
    // server's own messages and comparisons predictable. JIT is off: our statements are short OLTP queries whose
    // compile time (21–46 ms per workbench count at 1M cases, docs/performance.md) exceeds what it saves.
    XF_TRY(conn->Exec("SET client_min_messages = warning; SET TIME ZONE 'UTC'; SET jit = off"));
    return conn;
}

Conn::~Conn() {
    if (c_) PQfinish(c_);
}

bool Conn::broken() const { return PQstatus(c_) != CONNECTION_OK; }
bool Conn::in_transaction() const { return PQtransactionStatus(c_) != PQTRANS_IDLE; }

Result<Rows> Conn::Check(pg_result* r, std::string_view sql) {
    Rows rows(r);
    auto st = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
    if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK) return rows;
    const char* state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : nullptr;
    std::string_view s = state ? state : "";
    last_retryable_ = s == "40001" || s == "40P01";
    return Fail(MapError(r, c_, sql));
}

Status Conn::Exec(std::string_view sql) {
    std::string s(sql);
    XF_ASSIGN_OR_RETURN(Rows r, Check(PQexec(c_, s.c_str()), sql));
    (void)r;
    return Ok();
}

Status Conn::Commit() {
    pg_result* r = PQexec(c_, "COMMIT");
    std::string_view status = r ? PQcmdStatus(r) : "";
    bool rolled_back = status == "ROLLBACK";
    XF_ASSIGN_OR_RETURN(Rows rows, Check(r, "COMMIT"));
    (void)rows;
    if (rolled_back) return Fail(Error::Aborted("事务已被数据库回滚，未写入任何数据"));
    return Ok();
}

namespace {
std::vector<const char*> Pointers(const Params& params) {
    std::vector<const char*> out;
    out.reserve(params.size());
    for (const auto& v : params.values()) out.push_back(v ? v->c_str() : nullptr);
    return out;
}
}  // namespace

Result<Rows> Conn::Query(std::string_view sql, const Params& params) {
    auto it = prepared_.find(std::string(sql));
    if (it == prepared_.end()) {
        std::string name = "xf" + std::to_string(prepared_.size() + 1);
        std::string text(sql);
        XF_ASSIGN_OR_RETURN(Rows r, Check(PQprepare(c_, name.c_str(), text.c_str(), 0, nullptr), sql));
        (void)r;
        it = prepared_.emplace(std::move(text), std::move(name)).first;
    }
    auto ptrs = Pointers(params);
    return Check(PQexecPrepared(c_, it->second.c_str(), static_cast<int>(ptrs.size()), ptrs.data(), nullptr, nullptr, 0),
                 sql);
}

Result<Rows> Conn::QueryUncached(std::string_view sql, const Params& params) {
    auto ptrs = Pointers(params);
    std::string text(sql);
    return Check(
        PQexecParams(c_, text.c_str(), static_cast<int>(ptrs.size()), nullptr, ptrs.data(), nullptr, nullptr, 0), sql);
}

Pool::Pool(std::string url, int max_size, std::chrono::milliseconds wait)
    : url_(std::move(url)), max_size_(std::max(1, max_size)), wait_(wait) {}

Pool::~Pool() = default;

Pool::Lease::~Lease() {
    if (pool_ && c_) pool_->Release(std::move(c_));
}

Result<Pool::Lease> Pool::Acquire() {
    std::unique_lock lock(mu_);
    ++waiting_;
    bool got = cv_.wait_for(lock, wait_, [&] { return !idle_.empty() || open_ < max_size_; });
    --waiting_;
    if (!got) return Fail(Error::Unavailable("数据库连接池已满，请稍后重试"));
    if (!idle_.empty()) {
        auto c = std::move(idle_.back());
        idle_.pop_back();
        return Lease(this, std::move(c));
    }
    ++open_;
    lock.unlock();
    auto c = Conn::Open(url_);
    if (!c) {
        std::lock_guard relock(mu_);
        --open_;
        cv_.notify_one();
        return Fail(c.error());
    }
    return Lease(this, std::move(*c));
}

Pool::Stats Pool::Snapshot() const {
    std::lock_guard lock(mu_);
    return {max_size_, open_, open_ - static_cast<int>(idle_.size()), waiting_};
}

void Pool::Release(std::unique_ptr<Conn> c) {
    if (!c->broken() && c->in_transaction()) (void)c->Exec("ROLLBACK");
    std::lock_guard lock(mu_);
    if (c->broken() || c->in_transaction()) {
        --open_;
    } else {
        idle_.push_back(std::move(c));
    }
    cv_.notify_one();
}

// Any constant works as long as every xinfang server uses the same: "xinfang" in ASCII.
constexpr int64_t kMigrationLock = 0x78696e66616e67;

Result<int> Migrate(Conn& c, const std::vector<Migration>& migrations,
                    const std::function<Status(int, int)>& before_migrations) {
    XF_TRY(c.Query("SELECT pg_advisory_lock($1)", Params().Add(kMigrationLock)));
    auto run = [&]() -> Result<int> {
        XF_TRY(c.Exec(
            "CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, name text NOT NULL, "
            "applied_at timestamptz NOT NULL DEFAULT now())"));
        XF_ASSIGN_OR_RETURN(Rows done, c.Query("SELECT version FROM schema_migrations"));
        std::set<int64_t> applied;
        for (int i = 0; i < done.size(); ++i) applied.insert(done.Int64(i, 0));
        const int known = migrations.empty() ? 0 : migrations.back().version;
        if (!applied.empty() && *applied.rbegin() > known)
            return Fail(Error::FailedPrecondition(fmt::format(
                "数据库结构版本 {} 比本程序新（最高 {}）：请升级 xinfang", *applied.rbegin(), known)));
        if (before_migrations && std::any_of(migrations.begin(), migrations.end(), [&](const Migration& m) {
                return !applied.contains(m.version);
            }))
            XF_TRY(before_migrations(applied.empty() ? 0 : static_cast<int>(*applied.rbegin()), known));
        int n = 0;
        for (const auto& m : migrations) {
            if (applied.contains(m.version)) continue;
            XF_TRY(c.Exec("BEGIN"));
            auto s = c.Exec(m.sql);
            if (s) {
                auto r = c.Query("INSERT INTO schema_migrations(version, name) VALUES ($1, $2)",
                                 Params().Add(m.version).Add(m.name));
                if (!r) s = Fail(r.error());
            }
            if (s) s = c.Exec("COMMIT");
            if (!s) {
                (void)c.Exec("ROLLBACK");
                return Fail(Error::Internal(fmt::format("migration {} ({}) failed: {}", m.version, m.name,
                                                        s.error().message)));
            }
            ++n;
        }
        return n;
    };
    auto r = run();
    (void)c.Query("SELECT pg_advisory_unlock($1)", Params().Add(kMigrationLock));
    return r;
}

bool IsPostgresUrl(std::string_view url) {
    return url.starts_with("postgresql://") || url.starts_with("postgres://") || url.starts_with("postgresql:") ||
           url.starts_with("postgres:");
}

}  // namespace xf::pg
