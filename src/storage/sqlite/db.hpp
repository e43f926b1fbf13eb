// Generic SQLite layer (no domain knowledge). Durability contract: Database::Write() returns OK only after the
// transaction holding that work has COMMITted in WAL mode with synchronous=FULL (fsynced); a failed item leaves no
// effects. One writer thread groups concurrent Write()s into one transaction and one fsync (group commit).
#pragma once

#include <chrono>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <limits>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <unordered_map>
#include <utility>
#include <vector>

#include "base/error.hpp"

struct sqlite3;
struct sqlite3_stmt;

namespace xf {

// A prepared statement. Move-only; finalized in the destructor.
//
// Errors are deferred so that binding can be chained: a failed Bind (or a failed prepare, for statements handed out by
// Connection::Prepare) is remembered and returned by the next Step()/Run().
//   XF_TRY(conn.Prepare("INSERT INTO t(a, b) VALUES (?1, ?2)").Bind(1, a).Bind(2, b).Run());
class Statement {
  public:
    Statement() = default;
    ~Statement();
    Statement(Statement&& other) noexcept;
    Statement& operator=(Statement&& other) noexcept;
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    // idx is 1-based, as in sqlite's ?NNN. Text and blobs are always copied (SQLITE_TRANSIENT): cached statements
    // outlive the caller's buffers, so SQLITE_STATIC would dangle.
    Statement& Bind(int idx, std::int64_t value);
    Statement& Bind(int idx, double value);
    Statement& Bind(int idx, std::string_view value);  // an empty view binds '' (never NULL)
    Statement& Bind(int idx, const char* value);       // nullptr binds NULL
    Statement& Bind(int idx, bool value);              // 0 / 1
    Statement& Bind(int idx, std::nullptr_t);          // NULL
    Statement& Bind(int idx, std::nullopt_t);          // NULL
    template <std::integral I>
    requires(!std::same_as<I, bool> && !std::same_as<I, std::int64_t>) Statement& Bind(int idx, I value) {
        if constexpr (std::is_unsigned_v<I> && sizeof(I) >= sizeof(std::int64_t)) {
            if (value > static_cast<I>(std::numeric_limits<std::int64_t>::max())) return FailBind(idx, "out of int64");
        }
        return Bind(idx, static_cast<std::int64_t>(value));
    }
    template <class T>
    Statement& Bind(int idx, const std::optional<T>& value) {
        return value ? Bind(idx, *value) : Bind(idx, nullptr);
    }
    Statement& BindBlob(int idx, std::span<const std::uint8_t> bytes);  // an empty span binds x'' (never NULL)

    // Returns true when a row is available, false when the statement is done.
    Result<bool> Step();
    // Steps to completion, discarding rows (for INSERT/UPDATE/DELETE/DDL).
    Status Run();
    // Rewinds the statement; bindings are kept.
    void Reset();
    void ClearBindings();

    // Column getters for the current row; i is 0-based. NULL reads as 0 / 0.0 / "" / empty.
    int ColumnCount() const;
    std::string_view ColumnName(int i) const;
    bool IsNull(int i) const;
    std::int64_t Int64(int i) const;
    double Double(int i) const;
    std::string Text(int i) const;
    std::string_view TextView(int i) const;  // valid until the next Step/Reset
    std::vector<std::uint8_t> Blob(int i) const;
    std::optional<std::int64_t> OptInt64(int i) const;
    std::optional<double> OptDouble(int i) const;
    std::optional<std::string> OptText(int i) const;

    bool ok() const { return stmt_ != nullptr && !error_; }
    std::string_view sql() const { return sql_; }
    sqlite3_stmt* handle() const { return stmt_; }

  private:
    friend class Connection;
    Statement(sqlite3_stmt* stmt, std::string sql) : stmt_(stmt), sql_(std::move(sql)) {}
    Statement& CheckBind(int idx, int rc);
    Statement& FailBind(int idx, std::string_view why);

    sqlite3_stmt* stmt_ = nullptr;
    std::string sql_;
    std::optional<Error> prepare_error_;  // permanent: the statement could not be prepared
    std::optional<Error> error_;          // first bind error since ClearBindings()
};

enum class OpenMode {
    kReadWriteCreate,
    kReadWrite,
    kReadOnly,
};

// One sqlite3 connection. Move-only; closed in the destructor. Not thread-safe: use from one thread at a time (the
// Database hands each connection to exactly one thread at a time).
class Connection {
  public:
    static Result<Connection> Open(const std::filesystem::path& path, OpenMode mode = OpenMode::kReadWriteCreate,
                                   std::chrono::milliseconds busy_timeout = std::chrono::milliseconds(5000));

    Connection() = default;
    ~Connection();
    Connection(Connection&& other) noexcept;
    Connection& operator=(Connection&& other) noexcept;
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    // Runs a script of zero or more statements; result rows are discarded.
    Status Exec(std::string_view sql);

    // A cached statement for exactly one SQL statement, keyed by the SQL text: reset, bindings cleared. The reference
    // stays valid for the connection's lifetime. If preparing fails, the returned statement reports the error from
    // Step()/Run() (and preparing is retried on the next Prepare of the same text). Do not Prepare the same text again
    // while still stepping through an earlier use of it. For one-off dynamic SQL use PrepareUncached.
    Statement& Prepare(std::string_view sql);
    Result<Statement> PrepareUncached(std::string_view sql);

    // Rowid of the most recent successful INSERT on this connection; kFailedPrecondition if there was none.
    Result<std::int64_t> LastInsertRowid() const;
    // Rows changed by the most recent INSERT/UPDATE/DELETE.
    int Changes() const;
    bool InTransaction() const;
    std::size_t CachedStatementCount() const { return cache_.size(); }

    sqlite3* handle() const { return db_; }

  private:
    explicit Connection(sqlite3* db) : db_(db) {}
    void Close();

    struct StringHash {
        using is_transparent = void;
        std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
    };
    sqlite3* db_ = nullptr;
    std::unordered_map<std::string, Statement, StringHash, std::equal_to<>> cache_;
};

struct Migration {
    int version = 0;  // > 0, unique; applied in ascending order
    std::string name;
    std::string sql;  // a script; must not contain BEGIN/COMMIT (each migration runs in its own transaction)
};

struct DatabaseOptions {
    std::filesystem::path path;
    int read_pool_size = 4;
    int max_batch = 256;  // most work items grouped into one transaction
    // SQLite's soft heap limit for the whole process (sqlite3_soft_heap_limit64), 0 for none: above it SQLite gives
    // unused page-cache pages back instead of keeping every connection's cache full. Process-wide: the last Open wins.
    std::int64_t memory_limit_bytes = 0;
    // The writer connection's page cache (PRAGMA cache_size). A bulk import writes each batch into rollup rows and
    // indexes spread over the whole file; when a batch's pages fit here each is written once per batch.
    std::int64_t writer_cache_bytes = std::int64_t{64} << 20;
    std::vector<Migration> migrations;
    // Runs on every connection right after it opens (before migrations on the writer): e.g. registering an FTS5
    // tokenizer that the schema names.
    std::function<Status(Connection&)> on_open;
    // Runs on the writer connection only, after the migrations (outside any transaction): e.g. attaching the
    // in-memory database that before_commit drains.
    std::function<Status(Connection&)> on_open_writer;
    // Called on the writer thread after each successful group COMMIT with the time from BEGIN to the end of COMMIT
    // (the fsync included) and the work items it held: monitoring (main.cpp exports it). Keep it cheap.
    std::function<void(std::chrono::nanoseconds elapsed, std::size_t items)> on_group_commit;
    // Runs on the writer thread after the last work item of each group, outside every item's savepoint, right before
    // COMMIT: work that is cheaper once per group than once per item (the store writes its FTS5 rows here, so that
    // a group makes one index segment instead of one per item). An error rolls the whole group back and fails every
    // item in it.
    std::function<Status(Connection&)> before_commit;
    // Runs once before the first pending migration is applied, with the database's schema version (0: a new
    // database) and the version the migrations lead to; not called when there is nothing to apply. An error stops
    // Open() with no migration applied (`xinfang` takes its pre-upgrade backup here).
    std::function<Status(int from_version, int to_version)> before_migrations;
};

// The writer thread's WAL checkpoint policy (db.cpp Database::State::MaybeCheckpoint), public so that a test can
// state the bound it gives: the WAL holds at most kStartFrames + one batch, plus kRetryFrames + one batch for each
// attempt that waited out a reader (WriterStats::checkpoints_waited_out).
struct WalCheckpointPolicy {
    static constexpr int kStartFrames = 1000;   // SQLite's own auto-checkpoint threshold (pages in the WAL)
    static constexpr int kWaitMs = 100;         // how long a RESTART checkpoint waits for readers to move on
    static constexpr int kRetryMs = 500;        // after readers did not move on in time, or ...
    static constexpr int kRetryFrames = 2000;   // ... after this many more pages were written, whichever comes first
    static constexpr int kCapFrames = 4096;     // 64 MiB of 16 KiB pages: past this, wait longer ...
    static constexpr int kLongWaitMs = 1000;    // ... but not as long as a write waits: a backup can read for minutes
    static constexpr int kNewDatabasePageSize = 16384;  // bytes, for a database Open() creates
};

struct WriterStats {
    std::uint64_t commits = 0;         // successful COMMITs (one fsync each)
    std::uint64_t items = 0;           // work items processed, succeeded or failed
    std::uint64_t failed_items = 0;    // work items that returned an error to their caller
    std::uint64_t failed_commits = 0;  // groups whose BEGIN or COMMIT failed
    std::uint64_t largest_batch = 0;   // most items taken off the queue at once
    std::uint64_t queue_depth = 0;     // items waiting right now (not yet taken by the writer thread)
    std::uint64_t checkpoints = 0;     // WAL checkpoints that copied everything and rewound the -wal (RESTART)
    std::uint64_t checkpoints_waited_out = 0;  // ones that gave up waiting for a reader (retried later)
    std::uint64_t wal_frames = 0;              // pages in the WAL at the last checkpoint attempt
    std::uint64_t largest_wal_frames = 0;      // most pages ever seen in the WAL by a checkpoint
};

// Bytes of heap SQLite holds right now in this process (sqlite3_memory_used: page caches, statements, ...).
std::int64_t SqliteMemoryUsed();

// The number of segments of the FTS5 index `table` (0 when nothing was written to it yet), read from its structure
// record: rowid 10 of `table`_data, a 4-byte cookie and then the varints nLevel and nSegment (SQLite 3.40,
// fts5_index.c fts5StructureDecode). For tests and diagnostics of how the index is written and merged.
Result<std::int64_t> Fts5SegmentCount(Connection& c, std::string_view table);

// A database file: one writer connection owned by one writer thread (group commit) plus a pool of read-only
// connections. Open() sets WAL, synchronous=FULL, foreign_keys=ON, busy_timeout=5000 and applies migrations.
class Database {
  public:
    static Result<std::unique_ptr<Database>> Open(const DatabaseOptions& options);
    // Stops accepting work, drains the queue, joins the writer, waits for in-flight reads, closes connections.
    ~Database();
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    // Runs `work` on the writer connection inside a savepoint of a group transaction and blocks until that
    // transaction has committed (OK) or the work failed / was rolled back (error). Thread-safe. An error or exception
    // from `work` rolls back only this item (exceptions become kInternal). `work` must not BEGIN/COMMIT/ROLLBACK,
    // change journal_mode/synchronous/foreign_keys, ATTACH, or call Write() (that would deadlock; it is refused).
    // `work` may be run on another thread, so it must not rely on thread-locals of the caller.
    Status Write(std::function<Status(Connection&)> work);

    // Write() for a work function returning Result<T>; the value is handed back only once the commit succeeded.
    template <class F>
    auto WriteResult(F f) -> std::invoke_result_t<F&, Connection&> {
        using R = std::invoke_result_t<F&, Connection&>;
        using T = typename R::value_type;
        if constexpr (std::is_void_v<T>) {
            return Write([&](Connection& c) -> Status { return f(c); });
        } else {
            std::optional<T> out;
            Status s = Write([&](Connection& c) -> Status {
                R r = f(c);
                if (!r) return Fail(std::move(r).error());
                out.emplace(std::move(*r));
                return Ok();
            });
            if (!s) return Fail(std::move(s).error());
            return std::move(*out);
        }
    }

    // Borrows a read-only connection (blocking while none is free) and runs `f` inside BEGIN ... COMMIT, so every
    // query in `f` sees one consistent snapshot. Readers never block the writer. Do not nest Read() calls (a pool of
    // size 1 would deadlock). Exceptions from `f` become kInternal.
    Status Read(std::function<Status(Connection&)> f) const;

    template <class F>
    auto ReadResult(F f) const -> std::invoke_result_t<F&, Connection&> {
        using R = std::invoke_result_t<F&, Connection&>;
        using T = typename R::value_type;
        if constexpr (std::is_void_v<T>) {
            return Read([&](Connection& c) -> Status { return f(c); });
        } else {
            std::optional<T> out;
            Status s = Read([&](Connection& c) -> Status {
                R r = f(c);
                if (!r) return Fail(std::move(r).error());
                out.emplace(std::move(*r));
                return Ok();
            });
            if (!s) return Fail(std::move(s).error());
            return std::move(*out);
        }
    }

    WriterStats Stats() const;
    int SchemaVersion() const;  // highest applied migration version (0 if none)
    const std::filesystem::path& path() const;

  private:
    struct State;
    explicit Database(std::unique_ptr<State> state);
    std::unique_ptr<State> state_;
};

// ---------------------------------------------------------------------------------------------------------------------
// Online backup (`xinfang backup` / `xinfang restore`, docs/deploy.md "Backup and restore").

struct BackupOptions {
    int pages_per_step = 1024;  // pages copied per sqlite3_backup_step (progress is reported after each)
    // Called after every step with the pages copied so far and the source's page count.
    std::function<void(std::int64_t done, std::int64_t total)> progress;
    bool integrity_check = true;  // PRAGMA integrity_check on the copy before it is renamed into place
    // Page cache of the check: it walks every index against its table, and with SQLite's default 2 MiB it re-reads
    // the same pages (on the 10,000,000-case file 463 s, against 328 s with 256 MiB; docs/performance.md).
    std::int64_t check_cache_bytes = std::int64_t{256} << 20;
    // Called when the check starts and then every `checking_every` until it ends, with the time it has taken so far
    // (the check has no page count to report). Called from a thread of its own, never after BackupDatabase returns.
    std::function<void(std::chrono::milliseconds elapsed)> checking;
    std::chrono::milliseconds checking_every{1000};
};

struct BackupResult {
    std::int64_t pages = 0;
    std::int64_t page_size = 0;
    std::int64_t bytes = 0;  // size of the finished file
    int steps = 0;
    std::chrono::milliseconds copy_time{0}, check_time{0};  // the two phases (check: 0 when not asked for)
};

// Copies the SQLite database `from` into the file `to` with SQLite's online backup API while other connections and
// processes keep reading and writing it: the copy is one consistent snapshot (a read transaction on `from` is held
// for the whole copy, so WAL writers go on and the copy never restarts). The pages go to a temporary file beside
// `to`, which is switched to rollback-journal mode (a single self-contained file, no -wal), checked, fsynced and
// renamed over `to`; then the directory is fsynced. `to` is never left half-written. Refused (kFailedPrecondition)
// when `to`-wal exists: `to` may be a database in use, and a stale WAL beside the new file would corrupt it.
Result<BackupResult> BackupDatabase(const std::filesystem::path& from, const std::filesystem::path& to,
                                    const BackupOptions& options = {});

}  // namespace xf
