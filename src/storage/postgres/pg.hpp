// The generic PostgreSQL layer: a connection (libpq) with a per-connection cache of prepared statements, result
// rows, bound text parameters, a connection pool, and numbered migrations applied under an advisory lock.
// <libpq-fe.h> is included by pg.cpp alone.
//
// Every value reaches the server as a bound parameter ($1, $2, …); SQL text is fixed fragments only.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "base/error.hpp"

struct pg_conn;
struct pg_result;

namespace xf::pg {

// Bound parameters in text format; NULL is std::nullopt.
class Params {
  public:
    Params& Add(int64_t v) { values_.emplace_back(std::to_string(v)); return *this; }
    Params& Add(int v) { return Add(static_cast<int64_t>(v)); }
    Params& Add(bool v) { values_.emplace_back(v ? "1" : "0"); return *this; }
    Params& Add(std::string_view v) { values_.emplace_back(std::string(v)); return *this; }
    Params& Add(const std::string& v) { values_.emplace_back(v); return *this; }
    Params& Add(std::string&& v) { values_.emplace_back(std::move(v)); return *this; }
    Params& Add(const char* v) { return v ? Add(std::string_view(v)) : Null(); }
    Params& Null() { values_.emplace_back(std::nullopt); return *this; }
    template <class T>
    Params& Add(const std::optional<T>& v) { return v ? Add(*v) : Null(); }
    size_t size() const { return values_.size(); }
    const std::vector<std::optional<std::string>>& values() const { return values_; }

  private:
    std::vector<std::optional<std::string>> values_;
};

// A PostgreSQL array literal ('{"a","b"}') of text values, for one parameter bound to `$n::text[]`.
std::string TextArray(const std::vector<std::string>& values);
std::string IntArray(const std::vector<int64_t>& values);
// The same with NULL elements (nullopt), for nullable columns; cast to the column's array type ($n::bigint[]).
std::string OptTextArray(const std::vector<std::optional<std::string>>& values);

// The rows of one statement's result (owns the PGresult).
class Rows {
  public:
    Rows() = default;
    explicit Rows(pg_result* r);
    ~Rows();
    Rows(Rows&& o) noexcept : r_(std::exchange(o.r_, nullptr)) {}
    Rows& operator=(Rows&& o) noexcept;
    Rows(const Rows&) = delete;
    Rows& operator=(const Rows&) = delete;

    int size() const;
    bool empty() const { return size() == 0; }
    int64_t affected() const;  // rows changed by INSERT/UPDATE/DELETE
    bool IsNull(int row, int col) const;
    std::string_view TextView(int row, int col) const;
    std::string Text(int row, int col) const { return std::string(TextView(row, col)); }
    int64_t Int64(int row, int col) const;
    std::optional<int64_t> OptInt64(int row, int col) const;
    std::optional<std::string> OptText(int row, int col) const;

  private:
    pg_result* r_ = nullptr;
};

class Conn {
  public:
    // `url`: a libpq connection URI ("postgresql://user@host:port/db?…").
    static Result<std::unique_ptr<Conn>> Open(const std::string& url);
    ~Conn();
    Conn(const Conn&) = delete;
    Conn& operator=(const Conn&) = delete;

    // A script without parameters (may hold several statements): migrations, BEGIN/COMMIT.
    Status Exec(std::string_view sql);
    // A statement prepared once per connection (named by its text), then executed with `params`.
    Result<Rows> Query(std::string_view sql, const Params& params = {});
    // Dynamic statements (filter combinations): bound parameters, not cached.
    Result<Rows> QueryUncached(std::string_view sql, const Params& params = {});

    // COMMIT, reporting a transaction the server rolled back (after a failed statement) as an error.
    Status Commit();
    // The last failure was a deadlock or serialization failure: the transaction did nothing and may be retried.
    bool last_error_retryable() const { return last_retryable_; }
    bool broken() const;
    bool in_transaction() const;
    std::string_view url() const { return url_; }

  private:
    Conn(pg_conn* c, std::string url) : c_(c), url_(std::move(url)) {}
    Result<Rows> Check(pg_result* r, std::string_view sql);

    pg_conn* c_ = nullptr;
    std::string url_;
    std::unordered_map<std::string, std::string> prepared_;  // sql → statement name
    bool last_retryable_ = false;
};

// A bounded pool of connections to one server. Acquire() waits up to `wait` for a free connection; a connection
// that broke is dropped on release and a new one opened on demand.
class Pool {
  public:
    Pool(std::string url, int max_size, std::chrono::milliseconds wait = std::chrono::seconds(10));
    ~Pool();

    class Lease {
      public:
        Lease(Pool* pool, std::unique_ptr<Conn> c) : pool_(pool), c_(std::move(c)) {}
        Lease(Lease&& o) noexcept = default;
        Lease& operator=(Lease&&) = delete;
        ~Lease();
        Conn& operator*() { return *c_; }
        Conn* operator->() { return c_.get(); }

      private:
        Pool* pool_;
        std::unique_ptr<Conn> c_;
    };

    Result<Lease> Acquire();
    const std::string& url() const { return url_; }

    struct Stats {
        int size = 0;     // max_size
        int open = 0;     // idle + leased (and ones being opened)
        int in_use = 0;   // leased (or being opened)
        int waiting = 0;  // callers blocked in Acquire
    };
    Stats Snapshot() const;

  private:
    void Release(std::unique_ptr<Conn> c);

    std::string url_;
    int max_size_;
    std::chrono::milliseconds wait_;
    mutable std::mutex mu_;
    std::condition_variable cv_;
    std::vector<std::unique_ptr<Conn>> idle_;
    int open_ = 0;  // idle + leased
    int waiting_ = 0;
};

struct Migration {
    int version = 0;
    std::string name;
    std::string sql;
};

// Applies the migrations not yet recorded in schema_migrations, each in its own transaction, holding a session
// advisory lock so that app servers starting at once apply each migration exactly once. Returns how many ran.
// `before_migrations(from, to)`, when given, runs under that lock once before the first pending migration (from: the
// highest applied version, 0 for a new database); its error stops with nothing applied. Servers waiting for the lock
// meanwhile find nothing left to apply, so it runs once per upgrade (xinfang's pre-upgrade backup).
Result<int> Migrate(Conn& c, const std::vector<Migration>& migrations,
                    const std::function<Status(int from_version, int to_version)>& before_migrations = {});

// True if `url` names PostgreSQL ("postgresql://…" or "postgres://…").
bool IsPostgresUrl(std::string_view url);

}  // namespace xf::pg
