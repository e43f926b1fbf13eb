#include "storage/sqlite/db.hpp"

#include <fmt/format.h>
#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <climits>
#include <cstring>
#include <condition_variable>
#include <deque>
#include <exception>
#include <future>
#include <mutex>
#include <set>
#include <system_error>
#include <stop_token>
#include <thread>

#include <fcntl.h>
#include <unistd.h>

namespace xf {
namespace {

constexpr std::string_view kItemSavepoint = "xf_w";
constexpr int kBusyTimeoutMs = 5000;

// WAL checkpoints are the writer thread's job (State::MaybeCheckpoint), not SQLite's auto-checkpoint. The automatic
// one is PASSIVE: it copies what it can and never waits, and the -wal file is only rewound to its start when no
// reader holds an older snapshot. With four read connections always busy there always was one, so under steady load
// the -wal grew without end (274 MB beside a 37 MB database after 150 s) and every read searched a longer WAL index:
// throughput halved and the heap grew (docs/reliability.md §8, "checkpoint starvation").
constexpr int kCheckpointFrames = WalCheckpointPolicy::kStartFrames;
constexpr int kCheckpointWaitMs = WalCheckpointPolicy::kWaitMs;
constexpr int kCheckpointRetryMs = WalCheckpointPolicy::kRetryMs;
constexpr int kCheckpointRetryFrames = WalCheckpointPolicy::kRetryFrames;
constexpr int kNewDatabasePageSize = WalCheckpointPolicy::kNewDatabasePageSize;  // ApplyPragmas
constexpr int kWalCapFrames = WalCheckpointPolicy::kCapFrames;
constexpr int kCheckpointLongWaitMs = WalCheckpointPolicy::kLongWaitMs;
constexpr std::int64_t kJournalSizeLimit = std::int64_t{64} << 20;  // a rewound -wal is truncated to this

int RecordWalFrames(void* user, sqlite3*, const char*, int frames) {
    *static_cast<int*>(user) = frames;  // called by the writer thread after each commit
    return SQLITE_OK;
}

std::string Abbreviate(std::string_view sql) {
    constexpr std::size_t kMax = 160;
    std::string s(sql.substr(0, kMax));
    std::replace(s.begin(), s.end(), '\n', ' ');
    if (sql.size() > kMax) s += "...";
    return s;
}

ErrorCode CodeFor(int rc) {
    switch (rc & 0xff) {
        case SQLITE_CONSTRAINT:
            return (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY)
                       ? ErrorCode::kAlreadyExists
                       : ErrorCode::kFailedPrecondition;
        case SQLITE_BUSY:
        case SQLITE_LOCKED:
            return ErrorCode::kUnavailable;
        case SQLITE_FULL:
        case SQLITE_TOOBIG:
            return ErrorCode::kResourceExhausted;
        default:
            return ErrorCode::kInternal;
    }
}

// `db` may be null (then only the generic text for rc is used). Must be called right after the failing call, before
// anything else touches the connection, so that sqlite3_errmsg still describes this error.
Error SqliteError(int rc, sqlite3* db, std::string_view what) {
    const char* msg = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    return Error{CodeFor(rc), fmt::format("sqlite: {}: {} (code {})", what, msg, rc), {}};
}

}  // namespace

// ---------------------------------------------------------------------------------------------------------------------
// Statement

Statement::~Statement() {
    if (stmt_ != nullptr) sqlite3_finalize(stmt_);
}

Statement::Statement(Statement&& other) noexcept
    : stmt_(std::exchange(other.stmt_, nullptr)),
      sql_(std::move(other.sql_)),
      prepare_error_(std::move(other.prepare_error_)),
      error_(std::move(other.error_)) {}

Statement& Statement::operator=(Statement&& other) noexcept {
    if (this != &other) {
        if (stmt_ != nullptr) sqlite3_finalize(stmt_);
        stmt_ = std::exchange(other.stmt_, nullptr);
        sql_ = std::move(other.sql_);
        prepare_error_ = std::move(other.prepare_error_);
        error_ = std::move(other.error_);
    }
    return *this;
}

Statement& Statement::CheckBind(int idx, int rc) {
    if (rc != SQLITE_OK && !error_) {
        error_ = SqliteError(rc, sqlite3_db_handle(stmt_), fmt::format("bind ?{} of `{}`", idx, Abbreviate(sql_)));
    }
    return *this;
}

Statement& Statement::FailBind(int idx, std::string_view why) {
    if (!error_) error_ = Error::Internal(fmt::format("sqlite: bind ?{} of `{}`: {}", idx, Abbreviate(sql_), why));
    return *this;
}

Statement& Statement::Bind(int idx, std::int64_t value) {
    if (stmt_ == nullptr) return FailBind(idx, "statement not prepared");
    return CheckBind(idx, sqlite3_bind_int64(stmt_, idx, value));
}

Statement& Statement::Bind(int idx, double value) {
    if (stmt_ == nullptr) return FailBind(idx, "statement not prepared");
    return CheckBind(idx, sqlite3_bind_double(stmt_, idx, value));
}

Statement& Statement::Bind(int idx, std::string_view value) {
    if (stmt_ == nullptr) return FailBind(idx, "statement not prepared");
    // A null data pointer would bind NULL; an empty string must stay ''.
    const char* data = value.data() != nullptr ? value.data() : "";
    return CheckBind(idx, sqlite3_bind_text64(stmt_, idx, data, value.size(), SQLITE_TRANSIENT, SQLITE_UTF8));
}

Statement& Statement::Bind(int idx, const char* value) {
    if (value == nullptr) return Bind(idx, nullptr);
    return Bind(idx, std::string_view(value));
}

Statement& Statement::Bind(int idx, bool value) { return Bind(idx, static_cast<std::int64_t>(value ? 1 : 0)); }

Statement& Statement::Bind(int idx, std::nullptr_t) {
    if (stmt_ == nullptr) return FailBind(idx, "statement not prepared");
    return CheckBind(idx, sqlite3_bind_null(stmt_, idx));
}

Statement& Statement::Bind(int idx, std::nullopt_t) { return Bind(idx, nullptr); }

Statement& Statement::BindBlob(int idx, std::span<const std::uint8_t> bytes) {
    if (stmt_ == nullptr) return FailBind(idx, "statement not prepared");
    if (bytes.empty()) return CheckBind(idx, sqlite3_bind_zeroblob(stmt_, idx, 0));
    return CheckBind(idx, sqlite3_bind_blob64(stmt_, idx, bytes.data(), bytes.size(), SQLITE_TRANSIENT));
}

Result<bool> Statement::Step() {
    if (prepare_error_) return Fail(*prepare_error_);
    if (stmt_ == nullptr) return Fail(Error::Internal("sqlite: step on an empty statement"));
    if (error_) return Fail(*error_);
    int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    Error e = SqliteError(rc, sqlite3_db_handle(stmt_), fmt::format("step `{}`", Abbreviate(sql_)));
    sqlite3_reset(stmt_);
    return Fail(std::move(e));
}

Status Statement::Run() {
    while (true) {
        XF_ASSIGN_OR_RETURN(bool row, Step());
        if (!row) break;
    }
    sqlite3_reset(stmt_);
    return Ok();
}

void Statement::Reset() {
    if (stmt_ != nullptr) sqlite3_reset(stmt_);
}

void Statement::ClearBindings() {
    if (stmt_ != nullptr) sqlite3_clear_bindings(stmt_);
    error_.reset();
}

int Statement::ColumnCount() const { return stmt_ != nullptr ? sqlite3_column_count(stmt_) : 0; }

std::string_view Statement::ColumnName(int i) const {
    const char* name = stmt_ != nullptr ? sqlite3_column_name(stmt_, i) : nullptr;
    return name != nullptr ? std::string_view(name) : std::string_view();
}

bool Statement::IsNull(int i) const { return stmt_ == nullptr || sqlite3_column_type(stmt_, i) == SQLITE_NULL; }

std::int64_t Statement::Int64(int i) const { return stmt_ != nullptr ? sqlite3_column_int64(stmt_, i) : 0; }

double Statement::Double(int i) const { return stmt_ != nullptr ? sqlite3_column_double(stmt_, i) : 0.0; }

std::string_view Statement::TextView(int i) const {
    if (stmt_ == nullptr) return {};
    // Order matters: fetch the text first, then its size in bytes.
    const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, i));
    if (text == nullptr) return {};
    return std::string_view(text, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, i)));
}

std::string Statement::Text(int i) const { return std::string(TextView(i)); }

std::vector<std::uint8_t> Statement::Blob(int i) const {
    if (stmt_ == nullptr) return {};
    const auto* data = static_cast<const std::uint8_t*>(sqlite3_column_blob(stmt_, i));
    if (data == nullptr) return {};
    return std::vector<std::uint8_t>(data, data + sqlite3_column_bytes(stmt_, i));
}

std::optional<std::int64_t> Statement::OptInt64(int i) const {
    if (IsNull(i)) return std::nullopt;
    return Int64(i);
}

std::optional<double> Statement::OptDouble(int i) const {
    if (IsNull(i)) return std::nullopt;
    return Double(i);
}

std::optional<std::string> Statement::OptText(int i) const {
    if (IsNull(i)) return std::nullopt;
    return Text(i);
}

// ---------------------------------------------------------------------------------------------------------------------
// Connection

Result<Connection> Connection::Open(const std::filesystem::path& path, OpenMode mode,
                                    std::chrono::milliseconds busy_timeout) {
    int flags = SQLITE_OPEN_NOMUTEX;  // each connection is used by one thread at a time
    switch (mode) {
        case OpenMode::kReadWriteCreate:
            flags |= SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
            break;
        case OpenMode::kReadWrite:
            flags |= SQLITE_OPEN_READWRITE;
            break;
        case OpenMode::kReadOnly:
            flags |= SQLITE_OPEN_READONLY;
            break;
    }
    sqlite3* db = nullptr;
    int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
    if (rc != SQLITE_OK) {
        Error e = SqliteError(rc, db, fmt::format("open {}", path.string()));
        sqlite3_close_v2(db);  // a handle is usually allocated even on failure; closing nullptr is a no-op
        return Fail(std::move(e));
    }
    Connection conn(db);
    sqlite3_extended_result_codes(db, 1);
    long long ms = std::clamp<long long>(busy_timeout.count(), 0, INT_MAX);
    rc = sqlite3_busy_timeout(db, static_cast<int>(ms));
    if (rc != SQLITE_OK) return Fail(SqliteError(rc, db, "busy_timeout"));
    return conn;
}

Connection::~Connection() { Close(); }

Connection::Connection(Connection&& other) noexcept
    : db_(std::exchange(other.db_, nullptr)), cache_(std::move(other.cache_)) {
    other.cache_.clear();
}

Connection& Connection::operator=(Connection&& other) noexcept {
    if (this != &other) {
        Close();
        db_ = std::exchange(other.db_, nullptr);
        cache_ = std::move(other.cache_);
        other.cache_.clear();
    }
    return *this;
}

void Connection::Close() {
    cache_.clear();  // finalize cached statements first
    if (db_ != nullptr) {
        // close_v2 defers the close until any statement still alive elsewhere is finalized.
        sqlite3_close_v2(db_);
        db_ = nullptr;
    }
}

Status Connection::Exec(std::string_view sql) {
    if (db_ == nullptr) return Fail(Error::Internal("sqlite: exec on a closed connection"));
    const char* p = sql.data();
    const char* end = p + sql.size();
    while (p != nullptr && p < end) {
        sqlite3_stmt* stmt = nullptr;
        const char* tail = nullptr;
        const auto len = static_cast<int>(std::min<std::ptrdiff_t>(end - p, INT_MAX));
        int rc = sqlite3_prepare_v2(db_, p, len, &stmt, &tail);
        if (rc != SQLITE_OK) return Fail(SqliteError(rc, db_, fmt::format("prepare `{}`", Abbreviate({p, end}))));
        if (stmt == nullptr) break;  // only whitespace or comments were left
        while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        }
        if (rc != SQLITE_DONE) {
            Error e = SqliteError(rc, db_, fmt::format("exec `{}`", Abbreviate(sqlite3_sql(stmt))));
            sqlite3_finalize(stmt);
            return Fail(std::move(e));
        }
        sqlite3_finalize(stmt);
        if (tail == p) break;
        p = tail;
    }
    return Ok();
}

Result<Statement> Connection::PrepareUncached(std::string_view sql) {
    if (db_ == nullptr) return Fail(Error::Internal("sqlite: prepare on a closed connection"));
    if (sql.size() > static_cast<std::size_t>(INT_MAX)) return Fail(Error::Internal("sqlite: SQL text too long"));
    sqlite3_stmt* stmt = nullptr;
    const char* tail = nullptr;
    int rc = sqlite3_prepare_v2(db_, sql.data(), static_cast<int>(sql.size()), &stmt, &tail);
    if (rc != SQLITE_OK) return Fail(SqliteError(rc, db_, fmt::format("prepare `{}`", Abbreviate(sql))));
    if (stmt == nullptr) return Fail(Error::Internal(fmt::format("sqlite: no statement in `{}`", Abbreviate(sql))));
    Statement result(stmt, std::string(sql));
    // Exactly one statement: anything after it must be whitespace, ';' or comments.
    const char* end = sql.data() + sql.size();
    if (tail != nullptr && tail < end) {
        sqlite3_stmt* extra = nullptr;
        rc = sqlite3_prepare_v2(db_, tail, static_cast<int>(end - tail), &extra, nullptr);
        if (extra != nullptr || rc != SQLITE_OK) {
            sqlite3_finalize(extra);
            return Fail(Error::Internal(fmt::format(
                "sqlite: Prepare takes exactly one statement; use Exec for scripts: `{}`", Abbreviate(sql))));
        }
    }
    return result;
}

Statement& Connection::Prepare(std::string_view sql) {
    auto it = cache_.find(sql);
    if (it != cache_.end() && it->second.stmt_ != nullptr) {
        it->second.Reset();
        it->second.ClearBindings();
        return it->second;
    }
    Result<Statement> prepared = PrepareUncached(sql);
    Statement stmt;
    if (prepared) {
        stmt = std::move(*prepared);
    } else {
        // Keep the failure in the cache slot so the caller gets it from Step(); retried on the next Prepare.
        stmt.sql_ = std::string(sql);
        stmt.prepare_error_ = std::move(prepared).error();
    }
    if (it != cache_.end()) {
        it->second = std::move(stmt);
        return it->second;
    }
    return cache_.emplace(std::string(sql), std::move(stmt)).first->second;
}

Result<std::int64_t> Connection::LastInsertRowid() const {
    if (db_ == nullptr) return Fail(Error::Internal("sqlite: LastInsertRowid on a closed connection"));
    std::int64_t id = sqlite3_last_insert_rowid(db_);
    if (id == 0) return Fail(Error::FailedPrecondition("sqlite: no row has been inserted on this connection"));
    return id;
}

int Connection::Changes() const { return db_ != nullptr ? sqlite3_changes(db_) : 0; }

bool Connection::InTransaction() const { return db_ != nullptr && sqlite3_get_autocommit(db_) == 0; }

// ---------------------------------------------------------------------------------------------------------------------
// Database

namespace {

struct WriteItem {
    std::function<Status(Connection&)> work;
    std::promise<Status> done;  // owned by the writer side, so the caller may vanish right after get() returns
};

// Installed on the writer connection. While a work item runs, refuses statements that would end or escape the group
// transaction or weaken durability. Authorization happens when a statement is prepared.
int WriterAuthorizer(void* user, int action, const char* arg1, const char* arg2, const char*, const char*) {
    const bool in_work = *static_cast<const bool*>(user);
    if (!in_work) return SQLITE_OK;
    switch (action) {
        case SQLITE_TRANSACTION:  // BEGIN, COMMIT, ROLLBACK
        case SQLITE_ATTACH:
        case SQLITE_DETACH:
            return SQLITE_DENY;
        case SQLITE_SAVEPOINT:  // nested savepoints are fine, touching ours is not
            return (arg2 != nullptr && sqlite3_stricmp(arg2, kItemSavepoint.data()) == 0) ? SQLITE_DENY : SQLITE_OK;
        case SQLITE_PRAGMA: {  // arg2 is the new value; reading a pragma is fine
            if (arg1 == nullptr || arg2 == nullptr) return SQLITE_OK;
            for (const char* p : {"journal_mode", "synchronous", "locking_mode", "foreign_keys", "query_only"}) {
                if (sqlite3_stricmp(arg1, p) == 0) return SQLITE_DENY;
            }
            return SQLITE_OK;
        }
        default:
            return SQLITE_OK;
    }
}

// Resets every statement of the connection still mid-step (a work function that stopped iterating early), so that
// ROLLBACK TO / COMMIT never run with pending statements.
void ResetBusyStatements(sqlite3* db) {
    for (sqlite3_stmt* s = sqlite3_next_stmt(db, nullptr); s != nullptr; s = sqlite3_next_stmt(db, s)) {
        if (sqlite3_stmt_busy(s)) sqlite3_reset(s);
    }
}

bool HasDeferredForeignKeyViolations(sqlite3* db) {
    int current = 0;
    int high = 0;
    return sqlite3_db_status(db, SQLITE_DBSTATUS_DEFERRED_FKS, &current, &high, 0) == SQLITE_OK && current > 0;
}

Result<std::string> QueryText(Connection& conn, std::string_view sql) {
    XF_ASSIGN_OR_RETURN(Statement stmt, conn.PrepareUncached(sql));
    XF_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) return std::string();
    return stmt.Text(0);
}

Status ApplyPragmas(Connection& conn, std::int64_t cache_bytes) {
    // 16 KiB pages for a new database (an existing one keeps its size: SQLite ignores this once the file has pages).
    // A case row is 1.5–3 KB, so with 4 KiB pages most rows took a page of their own; at 16 KiB a 52,000-case
    // import wrote 264 MB instead of 314 MB (the petitions table 111 instead of 158 MiB), issue #10.
    XF_TRY(conn.Exec(fmt::format("PRAGMA page_size={}", kNewDatabasePageSize)));
    XF_ASSIGN_OR_RETURN(std::string mode, QueryText(conn, "PRAGMA journal_mode=WAL"));
    if (sqlite3_stricmp(mode.c_str(), "wal") != 0) {
        return Fail(Error::FailedPrecondition(fmt::format("sqlite: could not enable WAL (journal_mode is {})", mode)));
    }
    // The writer's page cache, 64 MiB unless DatabaseOptions::writer_cache_bytes says otherwise: the search index and
    // the rollups are written at many places; SQLite's default 2 MiB made a reindex re-read and re-write the same
    // pages (issue #6, docs/performance.md).
    XF_TRY(conn.Exec(fmt::format("PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout={}; "
                                 "PRAGMA cache_size=-{}; PRAGMA journal_size_limit={};",
                                 kBusyTimeoutMs, std::max<std::int64_t>(cache_bytes >> 10, 1024), kJournalSizeLimit)));
    XF_ASSIGN_OR_RETURN(std::string fk, QueryText(conn, "PRAGMA foreign_keys"));
    if (fk != "1") return Fail(Error::FailedPrecondition("sqlite: foreign keys are not supported by this build"));
    return Ok();
}

Result<int> ApplyMigrations(Connection& conn, std::vector<Migration> migrations,
                            const std::function<Status(int, int)>& before_migrations) {
    std::sort(migrations.begin(), migrations.end(),
              [](const Migration& a, const Migration& b) { return a.version < b.version; });
    for (std::size_t i = 0; i < migrations.size(); ++i) {
        if (migrations[i].version <= 0) {
            return Fail(Error::InvalidArgument(
                "migrations", fmt::format("migration version {} must be positive", migrations[i].version)));
        }
        if (i > 0 && migrations[i].version == migrations[i - 1].version) {
            return Fail(Error::InvalidArgument("migrations",
                                               fmt::format("duplicate migration version {}", migrations[i].version)));
        }
    }
    XF_TRY(
        conn.Exec("CREATE TABLE IF NOT EXISTS schema_migrations("
                  "version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"));

    std::set<int> applied;
    int db_version = 0;
    {
        XF_ASSIGN_OR_RETURN(Statement stmt, conn.PrepareUncached("SELECT version FROM schema_migrations"));
        while (true) {
            XF_ASSIGN_OR_RETURN(bool row, stmt.Step());
            if (!row) break;
            auto v = static_cast<int>(stmt.Int64(0));
            applied.insert(v);
            db_version = std::max(db_version, v);
        }
    }
    const int known = migrations.empty() ? 0 : migrations.back().version;
    if (db_version > known) {
        return Fail(Error::FailedPrecondition(fmt::format(
            "database schema version {} is newer than this binary knows ({}); refusing to start", db_version, known)));
    }

    if (before_migrations &&
        std::any_of(migrations.begin(), migrations.end(), [&](const Migration& m) { return !applied.contains(m.version); }))
        XF_TRY(before_migrations(db_version, known));

    for (const Migration& m : migrations) {
        if (applied.contains(m.version)) continue;
        XF_TRY(conn.Exec("BEGIN IMMEDIATE"));
        auto attempt = [&]() -> Result<bool> {
            // Another process may have applied it between our check and BEGIN IMMEDIATE.
            Statement& check = conn.Prepare("SELECT 1 FROM schema_migrations WHERE version = ?1");
            XF_ASSIGN_OR_RETURN(bool exists, check.Bind(1, m.version).Step());
            check.Reset();
            if (exists) return false;
            XF_TRY(conn.Exec(m.sql));
            XF_TRY(conn.Prepare("INSERT INTO schema_migrations(version, name, applied_at) "
                                "VALUES (?1, ?2, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))")
                       .Bind(1, m.version)
                       .Bind(2, m.name)
                       .Run());
            return true;
        };
        Result<bool> r = attempt();
        if (r) {
            if (Status c = conn.Exec("COMMIT"); !c) r = Fail(std::move(c).error());
        }
        if (!r) {
            if (conn.InTransaction()) (void)conn.Exec("ROLLBACK");
            Error e = std::move(r).error();
            e.message = fmt::format("migration {} ({}) failed: {}", m.version, m.name, e.message);
            return Fail(std::move(e));
        }
        applied.insert(m.version);
    }
    return applied.empty() ? 0 : *applied.rbegin();
}

}  // namespace

struct Database::State {
    std::filesystem::path path;
    std::size_t max_batch = 256;
    int schema_version = 0;
    std::function<void(std::chrono::nanoseconds, std::size_t)> on_group_commit;
    std::function<Status(Connection&)> before_commit;

    Connection writer;
    bool in_work = false;  // read by the authorizer; touched only by the thread that owns `writer`
    int wal_frames = 0;    // pages in the WAL after the last commit (RecordWalFrames); writer thread only
    std::chrono::steady_clock::time_point next_checkpoint;  // writer thread only
    int next_checkpoint_frames = 0;                         // writer thread only

    std::mutex queue_mu;
    std::condition_variable queue_cv;
    std::deque<WriteItem> queue;
    bool stopping = false;
    std::thread writer_thread;

    mutable std::mutex stats_mu;
    WriterStats stats;

    std::vector<std::unique_ptr<Connection>> readers;
    mutable std::mutex pool_mu;
    mutable std::condition_variable pool_cv;
    mutable std::vector<Connection*> free_readers;
    bool closing = false;

    void WriterLoop();
    void RunBatch(std::vector<WriteItem>& batch);
    Status RunItem(WriteItem& item);
    Status FinishGroup();
    void MaybeCheckpoint();
};

Database::Database(std::unique_ptr<State> state) : state_(std::move(state)) {}

Result<std::unique_ptr<Database>> Database::Open(const DatabaseOptions& options) {
    if (options.path.empty()) return Fail(Error::InvalidArgument("path", "database path is empty"));
    if (options.read_pool_size < 1) return Fail(Error::InvalidArgument("read_pool_size", "must be at least 1"));
    if (options.max_batch < 1) return Fail(Error::InvalidArgument("max_batch", "must be at least 1"));

    if (options.path.has_parent_path()) {
        std::error_code ec;
        std::filesystem::create_directories(options.path.parent_path(), ec);
        if (ec) {
            return Fail(Error::Unavailable(
                fmt::format("cannot create directory {}: {}", options.path.parent_path().string(), ec.message())));
        }
    }

    if (options.memory_limit_bytes < 0) return Fail(Error::InvalidArgument("memory_limit_bytes", "must not be negative"));
    if (options.memory_limit_bytes > 0) sqlite3_soft_heap_limit64(options.memory_limit_bytes);

    auto state = std::make_unique<State>();
    state->path = options.path;
    state->max_batch = static_cast<std::size_t>(options.max_batch);
    state->on_group_commit = options.on_group_commit;
    state->before_commit = options.before_commit;
    const auto busy = std::chrono::milliseconds(kBusyTimeoutMs);

    XF_ASSIGN_OR_RETURN(state->writer, Connection::Open(options.path, OpenMode::kReadWriteCreate, busy));
    XF_TRY(ApplyPragmas(state->writer, options.writer_cache_bytes));
    if (options.on_open) XF_TRY(options.on_open(state->writer));
    XF_ASSIGN_OR_RETURN(state->schema_version, ApplyMigrations(state->writer, options.migrations, options.before_migrations));
    if (options.on_open_writer) XF_TRY(options.on_open_writer(state->writer));
    sqlite3_set_authorizer(state->writer.handle(), &WriterAuthorizer, &state->in_work);
    sqlite3_wal_hook(state->writer.handle(), &RecordWalFrames, &state->wal_frames);  // replaces auto-checkpoint

    for (int i = 0; i < options.read_pool_size; ++i) {
        XF_ASSIGN_OR_RETURN(Connection reader, Connection::Open(options.path, OpenMode::kReadOnly, busy));
        XF_TRY(reader.Exec("PRAGMA query_only=ON; PRAGMA cache_size=-32768;"));
        if (options.on_open) XF_TRY(options.on_open(reader));
        state->readers.push_back(std::make_unique<Connection>(std::move(reader)));
        state->free_readers.push_back(state->readers.back().get());
    }

    State* s = state.get();
    state->writer_thread = std::thread([s] { s->WriterLoop(); });
    return std::unique_ptr<Database>(new Database(std::move(state)));
}

Database::~Database() {
    State& s = *state_;
    {
        std::lock_guard lock(s.queue_mu);
        s.stopping = true;
    }
    s.queue_cv.notify_all();
    if (s.writer_thread.joinable()) s.writer_thread.join();  // drains the queue first
    {
        std::unique_lock lock(s.pool_mu);
        s.closing = true;
        s.pool_cv.notify_all();
        s.pool_cv.wait(lock, [&] { return s.free_readers.size() == s.readers.size(); });
        s.free_readers.clear();
    }
    s.readers.clear();  // readers first: the last connection to close (the writer) checkpoints and removes the WAL
    sqlite3_set_authorizer(s.writer.handle(), nullptr, nullptr);
    (void)s.writer.Exec("PRAGMA optimize");
}

Status Database::Write(std::function<Status(Connection&)> work) {
    if (!work) return Fail(Error::InvalidArgument("work", "empty write function"));
    State& s = *state_;
    if (std::this_thread::get_id() == s.writer_thread.get_id()) {
        return Fail(Error::Internal("Database::Write called from inside a write function (would deadlock)"));
    }
    std::future<Status> done;
    {
        std::lock_guard lock(s.queue_mu);
        if (s.stopping) return Fail(Error::Unavailable("database is shutting down"));
        WriteItem& item = s.queue.emplace_back();
        item.work = std::move(work);
        done = item.done.get_future();
    }
    s.queue_cv.notify_one();
    return done.get();
}

void Database::State::WriterLoop() {
    std::vector<WriteItem> batch;
    batch.reserve(max_batch);
    while (true) {
        {
            std::unique_lock lock(queue_mu);
            queue_cv.wait(lock, [&] { return stopping || !queue.empty(); });
            if (queue.empty()) return;  // stopping, and everything has been drained
            const std::size_t n = std::min(queue.size(), max_batch);
            for (std::size_t i = 0; i < n; ++i) {
                batch.push_back(std::move(queue.front()));
                queue.pop_front();
            }
        }
        {
            std::lock_guard lock(stats_mu);
            stats.largest_batch = std::max<std::uint64_t>(stats.largest_batch, batch.size());
        }
        RunBatch(batch);
        batch.clear();
        MaybeCheckpoint();
    }
}

// A RESTART checkpoint copies the WAL into the database and then waits (busy handler) until every reader is on the
// newest snapshot, so that the next commit rewinds the -wal to its start. Readers are never blocked: one that starts
// meanwhile reads the database file. Waiting blocks only this thread, i.e. the next batch of writes, so it waits
// kCheckpointWaitMs and tries again kCheckpointRetryMs or kCheckpointRetryFrames later (what it copied stays copied,
// as PASSIVE would); past
// kWalCapFrames it waits kCheckpointLongWaitMs. A long reader (a backup, a big export) still lets the WAL grow while
// it reads; the next checkpoint after it ends rewinds it. db_test.cpp WalStaysBoundedUnderConstantReads.
void Database::State::MaybeCheckpoint() {
    if (wal_frames < kCheckpointFrames) return;
    const auto now = std::chrono::steady_clock::now();
    if (now < next_checkpoint && wal_frames < next_checkpoint_frames) return;
    sqlite3_busy_timeout(writer.handle(), wal_frames >= kWalCapFrames ? kCheckpointLongWaitMs : kCheckpointWaitMs);
    int log_frames = 0;
    int copied_frames = 0;
    const int rc =
        sqlite3_wal_checkpoint_v2(writer.handle(), nullptr, SQLITE_CHECKPOINT_RESTART, &log_frames, &copied_frames);
    sqlite3_busy_timeout(writer.handle(), kBusyTimeoutMs);
    std::lock_guard lock(stats_mu);
    if (rc == SQLITE_OK) {
        wal_frames = 0;
        next_checkpoint = now;
        next_checkpoint_frames = 0;
        ++stats.checkpoints;
    } else {
        ++stats.checkpoints_waited_out;  // SQLITE_BUSY: a reader held an old snapshot; an I/O error is retried too
        next_checkpoint = now + std::chrono::milliseconds(kCheckpointRetryMs);
        next_checkpoint_frames = wal_frames + kCheckpointRetryFrames;
    }
    stats.wal_frames = static_cast<std::uint64_t>(wal_frames);
    stats.largest_wal_frames = std::max<std::uint64_t>(stats.largest_wal_frames, static_cast<std::uint64_t>(log_frames));
}

Status Database::State::RunItem(WriteItem& item) {
    // Control statements go through Exec (prepared afresh, never cached): a work function must not be able to fetch
    // them from the statement cache and run them past the authorizer.
    static const std::string savepoint = fmt::format("SAVEPOINT {}", kItemSavepoint);
    static const std::string release = fmt::format("RELEASE {}", kItemSavepoint);
    static const std::string rollback_to = fmt::format("ROLLBACK TO {}", kItemSavepoint);

    XF_TRY(writer.Exec(savepoint));
    Status result;
    in_work = true;
    try {
        result = item.work(writer);
    } catch (const std::exception& e) {
        result = Fail(Error::Internal(fmt::format("write function threw: {}", e.what())));
    } catch (...) {
        result = Fail(Error::Internal("write function threw a non-standard exception"));
    }
    in_work = false;
    ResetBusyStatements(writer.handle());

    if (!writer.InTransaction()) {
        // SQLite rolled the whole transaction back (I/O error, out of memory, ...); the caller handles it.
        if (result) result = Fail(Error::Unavailable("write transaction was rolled back"));
        return result;
    }
    if (result && HasDeferredForeignKeyViolations(writer.handle())) {
        // Checked per item: otherwise the violation would only surface at COMMIT and fail the whole group.
        result = Fail(Error::FailedPrecondition("sqlite: FOREIGN KEY constraint failed (deferred)"));
    }
    if (result) {
        Status released = writer.Exec(release);
        if (released) return result;
        result = std::move(released);
    }
    Status rolled_back = writer.Exec(rollback_to);
    if (rolled_back) rolled_back = writer.Exec(release);
    if (!rolled_back && writer.InTransaction()) {
        // The item's partial effects could not be undone: the group must not commit. Abandon the transaction.
        (void)writer.Exec("ROLLBACK");
    }
    return result;
}

// The group's before_commit, on the writer after its last item and outside every item's savepoint.
Status Database::State::FinishGroup() {
    if (!before_commit) return Ok();
    Status result;
    try {
        result = before_commit(writer);
    } catch (const std::exception& e) {
        result = Fail(Error::Internal(fmt::format("before_commit threw: {}", e.what())));
    } catch (...) {
        result = Fail(Error::Internal("before_commit threw a non-standard exception"));
    }
    ResetBusyStatements(writer.handle());
    if (result && !writer.InTransaction()) result = Fail(Error::Unavailable("write transaction was rolled back"));
    return result;
}

void Database::State::RunBatch(std::vector<WriteItem>& batch) {
    const std::size_t n = batch.size();
    std::vector<Status> results(n);
    std::uint64_t commits = 0;
    std::uint64_t failed_commits = 0;

    std::size_t next = 0;
    while (next < n) {
        const std::size_t group_begin = next;
        const auto group_started = std::chrono::steady_clock::now();
        if (Status begin = writer.Exec("BEGIN IMMEDIATE"); !begin) {
            ++failed_commits;
            for (std::size_t i = next; i < n; ++i) {
                results[i] = Fail(Error::Unavailable("could not begin write transaction: " + begin.error().message));
            }
            break;
        }
        bool lost = false;
        while (next < n) {
            results[next] = RunItem(batch[next]);
            ++next;
            if (!writer.InTransaction()) {
                lost = true;
                break;
            }
        }
        if (lost) {
            // Everything done so far in this group is gone. Fail those items; the rest go into a fresh transaction.
            ++failed_commits;
            for (std::size_t i = group_begin; i < next; ++i) {
                if (results[i]) {
                    results[i] = Fail(Error::Unavailable("write transaction was rolled back by SQLite; retry"));
                }
            }
            continue;
        }
        if (Status finished = FinishGroup(); !finished) {
            // The items' work cannot commit without what the group still had to write: none of it commits.
            ++failed_commits;
            if (writer.InTransaction()) (void)writer.Exec("ROLLBACK");
            for (std::size_t i = group_begin; i < next; ++i) {
                if (results[i]) {
                    results[i] = Fail(Error::Unavailable("could not finish the write transaction: " +
                                                         finished.error().message));
                }
            }
            continue;
        }
        if (Status commit = writer.Exec("COMMIT"); !commit) {
            ++failed_commits;
            if (writer.InTransaction()) (void)writer.Exec("ROLLBACK");
            for (std::size_t i = group_begin; i < next; ++i) {
                if (results[i]) results[i] = Fail(Error::Unavailable("commit failed: " + commit.error().message));
            }
        } else {
            ++commits;
            if (on_group_commit) on_group_commit(std::chrono::steady_clock::now() - group_started, next - group_begin);
        }
    }

    std::uint64_t failed = 0;
    for (const Status& r : results) failed += r ? 0 : 1;
    {
        std::lock_guard lock(stats_mu);
        stats.commits += commits;
        stats.failed_commits += failed_commits;
        stats.items += n;
        stats.failed_items += failed;
    }
    for (std::size_t i = 0; i < n; ++i) batch[i].done.set_value(std::move(results[i]));
}

Status Database::Read(std::function<Status(Connection&)> f) const {
    State& s = *state_;
    Connection* conn = nullptr;
    {
        std::unique_lock lock(s.pool_mu);
        s.pool_cv.wait(lock, [&] { return s.closing || !s.free_readers.empty(); });
        if (s.closing) return Fail(Error::Unavailable("database is shutting down"));
        conn = s.free_readers.back();
        s.free_readers.pop_back();
    }
    struct Return {
        State& s;
        Connection* conn;
        ~Return() {
            {
                std::lock_guard lock(s.pool_mu);
                s.free_readers.push_back(conn);
            }
            s.pool_cv.notify_all();  // both borrowers and a destructor waiting for the pool to fill up
        }
    } give_back{s, conn};

    XF_TRY(conn->Exec("BEGIN"));
    Status result;
    try {
        result = f(*conn);
    } catch (const std::exception& e) {
        result = Fail(Error::Internal(fmt::format("read function threw: {}", e.what())));
    } catch (...) {
        result = Fail(Error::Internal("read function threw a non-standard exception"));
    }
    ResetBusyStatements(conn->handle());
    if (conn->InTransaction()) {
        Status end = conn->Exec(result ? "COMMIT" : "ROLLBACK");
        if (!end && conn->InTransaction()) (void)conn->Exec("ROLLBACK");
        if (result && !end) result = std::move(end);
    }
    return result;
}

std::int64_t SqliteMemoryUsed() { return sqlite3_memory_used(); }

Result<std::int64_t> Fts5SegmentCount(Connection& c, std::string_view table) {
    XF_ASSIGN_OR_RETURN(Statement st, c.PrepareUncached(fmt::format("SELECT block FROM \"{}_data\" WHERE id = 10", table)));
    XF_ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) return 0;
    const std::vector<std::uint8_t> b = st.Blob(0);
    std::size_t i = 4;
    bool complete = false;
    auto varint = [&]() -> std::uint64_t {  // SQLite's varint: big-endian groups of 7 bits, the 9th byte whole
        std::uint64_t v = 0;
        complete = false;
        for (int n = 0; n < 9 && i < b.size(); ++n) {
            const std::uint8_t x = b[i++];
            if (n == 8) {
                complete = true;
                return (v << 8) | x;
            }
            v = (v << 7) | (x & 0x7f);
            if ((x & 0x80) == 0) {
                complete = true;
                break;
            }
        }
        return v;
    };
    (void)varint();  // nLevel
    const std::uint64_t segments = varint();
    if (b.size() < 6 || !complete) return Fail(Error::Internal(fmt::format("{}: malformed FTS5 structure record", table)));
    return static_cast<std::int64_t>(segments);
}

WriterStats Database::Stats() const {
    WriterStats out;
    {
        std::lock_guard lock(state_->stats_mu);
        out = state_->stats;
    }
    std::lock_guard lock(state_->queue_mu);
    out.queue_depth = state_->queue.size();
    return out;
}

int Database::SchemaVersion() const { return state_->schema_version; }

const std::filesystem::path& Database::path() const { return state_->path; }

// ---------------------------------------------------------------------------------------------------------------------
// Online backup

namespace {

Status FsyncPath(const std::filesystem::path& p, bool directory) {
    int fd = ::open(p.c_str(), (directory ? O_RDONLY | O_DIRECTORY : O_RDONLY) | O_CLOEXEC);
    if (fd < 0) return Fail(Error::Internal(fmt::format("打开 {} 失败：{}", p.string(), std::strerror(errno))));
    int rc = ::fsync(fd);
    int err = errno;
    ::close(fd);
    if (rc != 0) return Fail(Error::Internal(fmt::format("fsync {} 失败：{}", p.string(), std::strerror(err))));
    return Ok();
}

// Finishes the backup handle (once) whatever path leaves the function.
struct BackupHandle {
    sqlite3_backup* b = nullptr;
    ~BackupHandle() {
        if (b != nullptr) sqlite3_backup_finish(b);
    }
};

using Steady = std::chrono::steady_clock;

// Reports the backup's integrity check while it runs: BackupOptions::checking at once and then every
// checking_every, from a thread of its own (the check is mostly one long step of SQLite's program, so a progress
// handler would stay silent for minutes), until destroyed.
class CheckTicker {
public:
    explicit CheckTicker(const BackupOptions& options) {
        if (!options.checking) return;
        thread_ = std::jthread([&options, started = Steady::now()](std::stop_token stop) {
            std::mutex m;
            std::condition_variable_any cv;
            std::unique_lock lock(m);
            while (true) {
                options.checking(std::chrono::duration_cast<std::chrono::milliseconds>(Steady::now() - started));
                cv.wait_for(lock, stop, options.checking_every, [] { return false; });  // wakes on stop too
                if (stop.stop_requested()) return;
            }
        });
    }

private:
    std::jthread thread_;  // stopped and joined by its destructor
};

}  // namespace

Result<BackupResult> BackupDatabase(const std::filesystem::path& from, const std::filesystem::path& to,
                                    const BackupOptions& options) {
    namespace fs = std::filesystem;
    std::error_code ec;
    if (!fs::is_regular_file(from, ec))
        return Fail(Error::InvalidArgument("from", fmt::format("数据库文件不存在：{}", from.string())));
    if (options.pages_per_step < 1) return Fail(Error::InvalidArgument("pages_per_step", "每步页数至少为 1"));
    if (fs::exists(fs::path(to.string() + "-wal"), ec))
        return Fail(Error::FailedPrecondition(fmt::format(
            "{}-wal 存在：目标可能是正在使用的数据库，拒绝覆盖（先停止使用它的进程，或换一个输出文件）", to.string())));
    const fs::path dir = to.parent_path().empty() ? fs::path(".") : to.parent_path();
    const fs::path tmp = dir / fmt::format(".{}.tmp-{}", to.filename().string(), ::getpid());
    auto cleanup = [&] {
        std::error_code ignored;
        for (const char* suffix : {"", "-journal", "-wal", "-shm"}) fs::remove(fs::path(tmp.string() + suffix), ignored);
    };
    cleanup();

    BackupResult out;
    const auto started = Steady::now();
    auto copy = [&]() -> Status {
        XF_ASSIGN_OR_RETURN(Connection src, Connection::Open(from, OpenMode::kReadOnly));
        XF_ASSIGN_OR_RETURN(Connection dst, Connection::Open(tmp, OpenMode::kReadWriteCreate));
        // One snapshot for the whole copy: with a read transaction open on the source, other writers (WAL) go on
        // without restarting the backup, and every step reads the same snapshot.
        XF_TRY(src.Exec("BEGIN"));
        XF_TRY(src.Exec("SELECT count(*) FROM sqlite_master"));
        {
            BackupHandle h;
            h.b = sqlite3_backup_init(dst.handle(), "main", src.handle(), "main");
            if (h.b == nullptr) return Fail(SqliteError(sqlite3_errcode(dst.handle()), dst.handle(), "backup_init"));
            while (true) {
                int rc = sqlite3_backup_step(h.b, options.pages_per_step);
                ++out.steps;
                const std::int64_t total = sqlite3_backup_pagecount(h.b);
                const std::int64_t done = total - sqlite3_backup_remaining(h.b);
                if (options.progress) options.progress(done, total);
                if (rc == SQLITE_DONE) {
                    out.pages = total;
                    break;
                }
                if (rc == SQLITE_OK) continue;
                if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) {
                    std::this_thread::sleep_for(std::chrono::milliseconds(50));
                    continue;
                }
                return Fail(SqliteError(rc, dst.handle(), "backup_step"));
            }
            int rc = sqlite3_backup_finish(h.b);
            h.b = nullptr;
            if (rc != SQLITE_OK) return Fail(SqliteError(rc, dst.handle(), "backup_finish"));
        }
        XF_TRY(src.Exec("COMMIT"));
        // The copied header says WAL (the source's mode): make the copy one self-contained file.
        XF_TRY(dst.Exec("PRAGMA journal_mode=DELETE"));
        {
            XF_ASSIGN_OR_RETURN(Statement ps, dst.PrepareUncached("PRAGMA page_size"));
            XF_ASSIGN_OR_RETURN(bool row, ps.Step());
            if (row) out.page_size = ps.Int64(0);
        }
        out.copy_time = std::chrono::duration_cast<std::chrono::milliseconds>(Steady::now() - started);
        if (options.integrity_check) {
            const auto check_started = Steady::now();
            XF_TRY(dst.Exec(
                fmt::format("PRAGMA cache_size=-{}", std::max<std::int64_t>(options.check_cache_bytes >> 10, 2000))));
            auto verdict = [&]() -> Result<std::string> {
                CheckTicker ticker(options);
                XF_ASSIGN_OR_RETURN(Statement ic, dst.PrepareUncached("PRAGMA integrity_check"));
                XF_ASSIGN_OR_RETURN(bool row, ic.Step());
                return row ? ic.Text(0) : std::string("无结果");
            }();
            if (!verdict) return Fail(std::move(verdict).error());
            if (*verdict != "ok") return Fail(Error::Internal(fmt::format("备份文件完整性检查未通过：{}", *verdict)));
            out.check_time = std::chrono::duration_cast<std::chrono::milliseconds>(Steady::now() - check_started);
        }
        return Ok();
    };
    if (Status s = copy(); !s) {
        cleanup();
        return Fail(std::move(s).error());
    }
    if (Status s = FsyncPath(tmp, false); !s) {
        cleanup();
        return Fail(std::move(s).error());
    }
    fs::rename(tmp, to, ec);
    if (ec) {
        cleanup();
        return Fail(Error::Internal(fmt::format("无法把 {} 改名为 {}：{}", tmp.string(), to.string(), ec.message())));
    }
    XF_TRY(FsyncPath(dir, true));
    out.bytes = static_cast<std::int64_t>(fs::file_size(to, ec));
    return out;
}

}  // namespace xf
