#include "storage/copy/copy.hpp"

#include <fmt/format.h>
#include <sodium.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string_view>
#include <thread>
#include <utility>

#include "base/progress.hpp"
#include "domain/search.hpp"
#include "storage/postgres/pg.hpp"
#include "storage/postgres/pg_store.hpp"
#include "storage/sqlite/db.hpp"

namespace xf::storage {
namespace {

// The target's bookkeeping table: one row per copied table, updated in the transaction of each batch.
constexpr std::string_view kProgressTable = "xf_copy_progress";
// Session advisory lock: two copies into one target at once would interleave their batches. The target is the
// schema the URL's search_path selects (every table, check and progress row of a copy is in current_schema()), so
// the lock is taken per schema: (this class, hashtext of the schema name). Copies into different schemas of one
// database do not wait for each other (a hash collision only makes two of them take turns).
constexpr int64_t kCopyLock = 0x78666370;  // "xfcp" (an int4 class)
constexpr std::string_view kCopyLockArgs = "$1::int4, hashtext(coalesce(current_schema(), ''))";
// A batch is closed early at this many bytes of values, so that wide rows (case documents) stay moderate.
constexpr size_t kMaxBatchBytes = 16u << 20;
constexpr int kFetchRows = 2000;
constexpr std::chrono::seconds kLockWait{10};

// Tables the foreign keys leave unordered are copied in this order (then any others by name).
constexpr std::string_view kPreferredOrder[] = {
    "orgs",          "users",          "sessions",          "categories",         "petitions",
    "petition_orgs", "petition_users", "events",            "audit",              "sequences",
    "settings",      "regions",        "calendar_days",     "stat_day",           "stat_month",
    "jobs",          "rate_limits",    "reception_days",    "reception_bookings", "outbox",
    "portal_otps",   "document_templates", "documents",   "attachments"};

// Derived from the cases, and kept differently by each backend (SQLite: an FTS5 table with its shadow tables;
// PostgreSQL: a tsvector and the repeat keys' array): never copied nor compared. The target builds its own after the
// copy.
constexpr std::string_view kDerivedTables[] = {"petition_search"};
bool IsDerived(std::string_view table) {
    return std::find(std::begin(kDerivedTables), std::end(kDerivedTables), table) != std::end(kDerivedTables);
}
// The setting that says which tokenizer built the search index (app/services ReindexSearch): the source's
// describes the source's index, so it is not copied (nor compared); the copy sets the target's once the target's
// own index is complete.
constexpr std::string_view kIndexVersionKey = "search.index_version";
// The target's search index is reported through CopyOptions::progress under this name (cases indexed / cases).
constexpr std::string_view kIndexProgress = "petition_search";

struct Column {
    std::string name;
    bool integer = false;   // SQLite INTEGER affinity: key values are bound as integers when resuming
    std::string pg_type;    // the target column's type, for the array cast ("bigint", "integer", "text")
    bool identity = false;  // a target identity column: its sequence is moved past max() after the copy
};

struct Table {
    std::string name;
    std::vector<Column> columns;       // the source's column order (the checksum's order)
    std::vector<int> key;              // primary-key columns, in key order (indexes into columns)
    std::optional<int> self_ref;       // a column referencing this table's own single integer key
    std::vector<std::string> parents;  // other tables this one references
    std::string rows;                  // "": every row; else a fixed SQL condition on the rows copied and compared
};

std::string WhereRows(const Table& t) { return t.rows.empty() ? "" : " WHERE " + t.rows; }

struct Sum {
    int64_t rows = 0;
    std::string hex;
};

struct Progress {
    std::optional<std::string> last_key;  // EncodeKey of the last committed row
    int64_t rows_done = 0;
    bool done = false;
};

std::string Quote(std::string_view ident) {
    std::string out = "\"";
    for (char ch : ident) {
        if (ch == '"') out += '"';
        out += ch;
    }
    return out + "\"";
}

std::string ColumnList(const Table& t) {
    std::string out;
    for (const auto& c : t.columns) {
        if (!out.empty()) out += ", ";
        out += Quote(c.name);
    }
    return out;
}

// ORDER BY the primary key. PostgreSQL sorts text keys in the database's collation unless told otherwise; "C" is
// byte order, which is how SQLite's BINARY collation sorts, so both sides walk the rows in the same order.
std::string KeyOrder(const Table& t, bool postgres) {
    std::string out;
    for (int k : t.key) {
        if (!out.empty()) out += ", ";
        out += Quote(t.columns[k].name);
        if (postgres && !t.columns[k].integer) out += " COLLATE \"C\"";
    }
    return out;
}

// The canonical text of rows (see TableReport) fed to SHA-256.
class Checksum {
  public:
    Checksum() { crypto_hash_sha256_init(&state_); }
    void Value(std::optional<std::string_view> v) {
        if (!first_) row_ += '\x1f';
        first_ = false;
        if (v) {
            row_.append(*v);
        } else {
            row_ += '\0';
        }
    }
    void EndRow() {
        row_ += '\x1e';
        crypto_hash_sha256_update(&state_, reinterpret_cast<const unsigned char*>(row_.data()), row_.size());
        row_.clear();
        first_ = true;
        ++rows_;
    }
    Sum Finish() {
        unsigned char digest[crypto_hash_sha256_BYTES];
        crypto_hash_sha256_final(&state_, digest);
        static constexpr char kHex[] = "0123456789abcdef";
        std::string hex;
        for (unsigned char b : digest) {
            hex += kHex[b >> 4];
            hex += kHex[b & 15];
        }
        return Sum{rows_, std::move(hex)};
    }

  private:
    crypto_hash_sha256_state state_;
    std::string row_;
    bool first_ = true;
    int64_t rows_ = 0;
};

// A resume key: each part as "<length>:<bytes>", so that any text survives.
std::string EncodeKey(const std::vector<std::string>& parts) {
    std::string out;
    for (const auto& p : parts) out += fmt::format("{}:{}", p.size(), p);
    return out;
}

Result<std::vector<std::string>> DecodeKey(std::string_view s, size_t n) {
    std::vector<std::string> out;
    while (!s.empty()) {
        auto colon = s.find(':');
        size_t len = 0;
        if (colon == std::string_view::npos || std::from_chars(s.data(), s.data() + colon, len).ec != std::errc() ||
            colon + 1 + len > s.size())
            return Fail(Error::Internal(fmt::format("{} 中的断点无法解析", kProgressTable)));
        out.emplace_back(s.substr(colon + 1, len));
        s.remove_prefix(colon + 1 + len);
    }
    if (out.size() != n) return Fail(Error::Internal(fmt::format("{} 中的断点列数不符", kProgressTable)));
    return out;
}

void AppendElement(std::string& array, bool first, std::optional<std::string_view> v) {
    if (!first) array += ',';
    if (!v) {
        array += "NULL";
        return;
    }
    array += '"';
    for (char ch : *v) {
        if (ch == '"' || ch == '\\') array += '\\';
        array += ch;
    }
    array += '"';
}

Error InTable(Error e, std::string_view table) {
    e.message = fmt::format("表 {}：{}", table, e.message);
    return e;
}

Status Rollback(pg::Conn& c, Error e) {
    if (c.in_transaction()) (void)c.Exec("ROLLBACK");
    return Fail(std::move(e));
}

// ---- Source (SQLite) -----------------------------------------------------------------------------------------

Result<int64_t> SourceSchemaVersion(Connection& db) {
    XF_ASSIGN_OR_RETURN(Statement st,
                        db.PrepareUncached("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = "
                                           "'schema_migrations'"));
    XF_ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row || st.Int64(0) == 0)
        return Fail(Error::InvalidArgument("from", "源文件不是 xinfang 的数据库（没有 schema_migrations 表）"));
    XF_ASSIGN_OR_RETURN(Statement v, db.PrepareUncached("SELECT coalesce(max(version), 0) FROM schema_migrations"));
    XF_ASSIGN_OR_RETURN(row, v.Step());
    return row ? v.Int64(0) : 0;
}

// The tables of the source with their columns, keys and foreign keys, parents before children.
Result<std::vector<Table>> SourceTables(Connection& db) {
    std::vector<Table> tables;
    {
        // Virtual tables (the FTS5 index) and the shadow tables holding their data ("<name>_data", …) are left out
        // with the derived tables.
        XF_ASSIGN_OR_RETURN(
            Statement st,
            db.PrepareUncached("SELECT name, coalesce(sql, '') LIKE 'CREATE VIRTUAL TABLE%' FROM sqlite_master WHERE "
                               "type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND name <> "
                               "'schema_migrations' ORDER BY name"));
        std::vector<std::string> virtual_tables;
        while (true) {
            XF_ASSIGN_OR_RETURN(bool row, st.Step());
            if (!row) break;
            if (st.Int64(1) != 0)
                virtual_tables.push_back(st.Text(0));
            else if (!IsDerived(st.Text(0)))
                tables.push_back(Table{.name = st.Text(0)});
        }
        std::erase_if(tables, [&](const Table& t) {
            return std::any_of(virtual_tables.begin(), virtual_tables.end(),
                               [&](const std::string& v) { return t.name.starts_with(v + "_"); });
        });
        for (Table& t : tables)
            if (t.name == "settings") t.rows = fmt::format("\"key\" <> '{}'", kIndexVersionKey);
    }
    for (Table& t : tables) {
        std::vector<std::pair<int64_t, int>> pk;  // (position in key, column)
        XF_ASSIGN_OR_RETURN(Statement ti,
                            db.PrepareUncached("SELECT name, upper(type), pk FROM pragma_table_info(?1) ORDER BY cid"));
        ti.Bind(1, std::string_view(t.name));
        while (true) {
            XF_ASSIGN_OR_RETURN(bool row, ti.Step());
            if (!row) break;
            std::string type = ti.Text(1);
            t.columns.push_back(Column{.name = ti.Text(0), .integer = type.find("INT") != std::string::npos});
            if (ti.Int64(2) > 0) pk.emplace_back(ti.Int64(2), static_cast<int>(t.columns.size()) - 1);
        }
        if (pk.empty())
            return Fail(Error::FailedPrecondition(fmt::format("源库的表 {} 没有主键，无法按主键分批复制", t.name)));
        std::sort(pk.begin(), pk.end());
        for (auto [pos, col] : pk) t.key.push_back(col);

        XF_ASSIGN_OR_RETURN(Statement fk, db.PrepareUncached("SELECT id, \"table\", \"from\", \"to\" FROM "
                                                             "pragma_foreign_key_list(?1) ORDER BY id, seq"));
        fk.Bind(1, std::string_view(t.name));
        std::map<int64_t, std::vector<std::pair<std::string, std::optional<std::string>>>> by_id;
        std::map<int64_t, std::string> parent_of;
        while (true) {
            XF_ASSIGN_OR_RETURN(bool row, fk.Step());
            if (!row) break;
            by_id[fk.Int64(0)].emplace_back(fk.Text(2), fk.OptText(3));
            parent_of[fk.Int64(0)] = fk.Text(1);
        }
        for (const auto& [id, cols] : by_id) {
            const std::string& parent = parent_of[id];
            if (parent != t.name) {
                if (std::find(t.parents.begin(), t.parents.end(), parent) == t.parents.end())
                    t.parents.push_back(parent);
                continue;
            }
            // A self-reference (orgs.parent_id, petitions.parent_case_id): parents usually have smaller ids, and rows
            // whose parent comes later are inserted without it and linked once the whole table is in.
            const Column& key = t.columns[t.key[0]];
            if (cols.size() != 1 || t.key.size() != 1 || !key.integer ||
                (cols[0].second && *cols[0].second != key.name) || t.self_ref)
                return Fail(Error::FailedPrecondition(
                    fmt::format("源库的表 {} 的自引用外键形式不受支持（须为一列引用整数主键）", t.name)));
            for (int i = 0; i < static_cast<int>(t.columns.size()); ++i)
                if (t.columns[i].name == cols[0].first) t.self_ref = i;
            if (!t.self_ref || !t.columns[*t.self_ref].integer)
                return Fail(Error::FailedPrecondition(fmt::format("源库的表 {} 的自引用外键列不是整数列", t.name)));
        }
    }

    // Parents before children; among tables free to go, the preferred order, then by name.
    auto rank = [](const std::string& name) {
        auto it = std::find(std::begin(kPreferredOrder), std::end(kPreferredOrder), name);
        return static_cast<int>(it - std::begin(kPreferredOrder));
    };
    std::stable_sort(tables.begin(), tables.end(),
                     [&](const Table& a, const Table& b) { return rank(a.name) < rank(b.name); });
    std::vector<Table> ordered;
    std::set<std::string> placed, known;
    for (const auto& t : tables) known.insert(t.name);
    while (!tables.empty()) {
        auto it = std::find_if(tables.begin(), tables.end(), [&](const Table& t) {
            return std::all_of(t.parents.begin(), t.parents.end(),
                               [&](const std::string& p) { return placed.contains(p) || !known.contains(p); });
        });
        if (it == tables.end())
            return Fail(Error::FailedPrecondition(
                fmt::format("源库的外键成环（涉及表 {}），无法确定复制顺序", tables.front().name)));
        placed.insert(it->name);
        ordered.push_back(std::move(*it));
        tables.erase(it);
    }
    return ordered;
}

// Rows whose foreign key points nowhere would be refused by PostgreSQL half-way through; say so before starting.
Status CheckSourceForeignKeys(Connection& db) {
    XF_ASSIGN_OR_RETURN(Statement st, db.PrepareUncached("PRAGMA foreign_key_check"));
    std::vector<std::string> bad;
    int64_t n = 0;
    while (true) {
        XF_ASSIGN_OR_RETURN(bool row, st.Step());
        if (!row) break;
        if (++n <= 5)
            bad.push_back(fmt::format("{}(rowid {}) → {}", st.Text(0), st.IsNull(1) ? "-" : st.Text(1), st.Text(2)));
    }
    if (n == 0) return Ok();
    std::string list;
    for (const auto& b : bad) list += (list.empty() ? "" : "，") + b;
    return Fail(Error::FailedPrecondition(
        fmt::format("源库有 {} 行的外键指向不存在的记录（{}{}）；PostgreSQL 不会接受这些行，请先修复源库", n, list,
                    n > 5 ? "，…" : "")));
}

Result<Sum> SourceChecksum(Connection& db, const Table& t) {
    XF_ASSIGN_OR_RETURN(Statement st, db.PrepareUncached(fmt::format("SELECT {} FROM {}{} ORDER BY {}", ColumnList(t),
                                                                     Quote(t.name), WhereRows(t), KeyOrder(t, false))));
    Checksum sum;
    const int n = static_cast<int>(t.columns.size());
    while (true) {
        XF_ASSIGN_OR_RETURN(bool row, st.Step());
        if (!row) break;
        for (int i = 0; i < n; ++i) sum.Value(st.IsNull(i) ? std::nullopt : std::optional(st.TextView(i)));
        sum.EndRow();
    }
    return sum.Finish();
}

// ---- Target (PostgreSQL) -------------------------------------------------------------------------------------

Result<int64_t> TargetSchemaVersion(pg::Conn& c) {
    XF_ASSIGN_OR_RETURN(pg::Rows r, c.Query("SELECT to_regclass(quote_ident(current_schema()) || '.schema_migrations') "
                                            "IS NOT NULL"));
    if (r.TextView(0, 0) != "t")
        return Fail(Error::FailedPrecondition("目标库还没有 xinfang 的表结构（请先复制，或运行 xinfang migrate）"));
    XF_ASSIGN_OR_RETURN(pg::Rows v, c.Query("SELECT coalesce(max(version), 0) FROM schema_migrations"));
    return v.Int64(0, 0);
}

// Fills in the target's column types and identities; the two schemas must have the same tables and columns.
Status MatchTarget(pg::Conn& c, std::vector<Table>& tables) {
    XF_ASSIGN_OR_RETURN(
        pg::Rows r,
        c.Query("SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod), a.attidentity <> '' "
                "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                "JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped "
                "WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') ORDER BY c.relname, a.attnum"));
    std::map<std::string, std::map<std::string, std::pair<std::string, bool>>> target;
    for (int i = 0; i < r.size(); ++i) {
        std::string table = r.Text(i, 0);
        if (table == "schema_migrations" || table == kProgressTable || IsDerived(table)) continue;
        target[table][r.Text(i, 1)] = {r.Text(i, 2), r.TextView(i, 3) == "t"};
    }
    std::vector<std::string> problems;
    for (Table& t : tables) {
        auto it = target.find(t.name);
        if (it == target.end()) {
            problems.push_back(fmt::format("目标库缺少表 {}", t.name));
            continue;
        }
        for (Column& col : t.columns) {
            auto ct = it->second.find(col.name);
            if (ct == it->second.end()) {
                problems.push_back(fmt::format("目标库的表 {} 缺少列 {}", t.name, col.name));
                continue;
            }
            col.pg_type = ct->second.first;
            col.identity = ct->second.second;
            it->second.erase(ct);
        }
        for (const auto& [name, type] : it->second)
            problems.push_back(fmt::format("目标库的表 {} 多出列 {}", t.name, name));
        target.erase(it);
    }
    for (const auto& [name, cols] : target) problems.push_back(fmt::format("目标库多出表 {}", name));
    if (problems.empty()) return Ok();
    std::string list;
    for (const auto& p : problems) list += (list.empty() ? "" : "；") + p;
    return Fail(Error::FailedPrecondition("源库与目标库的表结构不一致：" + list));
}

// Checksums of every table, read in one REPEATABLE READ snapshot through a cursor (bounded memory).
Result<std::vector<Sum>> TargetChecksums(pg::Conn& c, const std::vector<Table>& tables) {
    XF_TRY(c.Exec("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"));
    auto run = [&]() -> Result<std::vector<Sum>> {
        std::vector<Sum> out;
        for (const Table& t : tables) {
            XF_TRY(c.Exec(fmt::format("DECLARE xf_copy_verify NO SCROLL CURSOR FOR SELECT {} FROM {}{} ORDER BY {}",
                                      ColumnList(t), Quote(t.name), WhereRows(t), KeyOrder(t, true))));
            Checksum sum;
            const int n = static_cast<int>(t.columns.size());
            while (true) {
                XF_ASSIGN_OR_RETURN(pg::Rows rows,
                                    c.QueryUncached(fmt::format("FETCH FORWARD {} FROM xf_copy_verify", kFetchRows)));
                for (int i = 0; i < rows.size(); ++i) {
                    for (int j = 0; j < n; ++j)
                        sum.Value(rows.IsNull(i, j) ? std::nullopt : std::optional(rows.TextView(i, j)));
                    sum.EndRow();
                }
                if (rows.size() < kFetchRows) break;
            }
            XF_TRY(c.Exec("CLOSE xf_copy_verify"));
            out.push_back(sum.Finish());
        }
        XF_TRY(c.Commit());
        return out;
    };
    auto r = run();
    if (!r && c.in_transaction()) (void)c.Exec("ROLLBACK");
    return r;
}

Result<bool> HasProgressTable(pg::Conn& c) {
    XF_ASSIGN_OR_RETURN(pg::Rows r, c.Query("SELECT to_regclass(quote_ident(current_schema()) || '.xf_copy_progress') "
                                            "IS NOT NULL"));
    return r.TextView(0, 0) == "t";
}

// The target's copy state: the progress of an earlier run from the same source data (resume), or nullopt for a
// target without data. Anything else is refused. Runs before the target is migrated too, when some tables may
// not exist yet.
Result<std::optional<std::map<std::string, Progress>>> TargetState(pg::Conn& c, const std::vector<Table>& tables,
                                                                   const std::string& fingerprint) {
    XF_ASSIGN_OR_RETURN(bool exists, HasProgressTable(c));
    if (exists) {
        std::map<std::string, Progress> progress;
        XF_ASSIGN_OR_RETURN(pg::Rows r, c.Query("SELECT table_name, source, fingerprint, last_key, rows_done, done "
                                                "FROM xf_copy_progress"));
        for (int i = 0; i < r.size(); ++i) {
            if (r.TextView(i, 2) != fingerprint)
                return Fail(Error::FailedPrecondition(fmt::format(
                    "目标库已有从 {} 复制的数据，与本次的源数据不同（源库在那次复制之后有过改动，或是另一个库）："
                    "拒绝写入。请换一个新建的空库重新复制。The target holds a copy of other (or since changed) "
                    "source data; copy into a new, empty database.",
                    r.Text(i, 1))));
            progress[r.Text(i, 0)] = Progress{r.OptText(i, 3), r.Int64(i, 4), r.TextView(i, 5) == "t"};
        }
        return progress;
    }
    std::vector<std::string> nonempty;
    for (const Table& t : tables) {
        XF_ASSIGN_OR_RETURN(pg::Rows e, c.Query("SELECT to_regclass(quote_ident(current_schema()) || '.' || "
                                                "quote_ident($1)) IS NOT NULL",
                                                pg::Params().Add(t.name)));
        if (e.TextView(0, 0) != "t") continue;
        XF_ASSIGN_OR_RETURN(pg::Rows r, c.Query(fmt::format("SELECT EXISTS (SELECT 1 FROM {})", Quote(t.name))));
        if (r.TextView(0, 0) == "t") nonempty.push_back(t.name);
    }
    if (!nonempty.empty()) {
        std::string list;
        for (const auto& n : nonempty) list += (list.empty() ? "" : ", ") + n;
        return Fail(Error::FailedPrecondition(fmt::format(
            "目标库已有数据（表 {}），且不是本源库的复制：拒绝写入。请使用新建的空库。The target already holds data "
            "that was not copied from this source; use an empty database.",
            list)));
    }
    return std::nullopt;
}

// A fresh start: the bookkeeping table, one row per table. Kept after the copy, so that running the copy again
// only verifies; safe to drop once the office runs on PostgreSQL.
Result<std::map<std::string, Progress>> StartProgress(pg::Conn& c, const std::vector<Table>& tables,
                                                      const std::string& source, const std::string& fingerprint) {
    std::vector<std::string> names;
    for (const Table& t : tables) names.push_back(t.name);
    XF_TRY(c.Exec("BEGIN"));
    auto create = [&]() -> Status {
        XF_TRY(
            c.Exec("CREATE TABLE xf_copy_progress ("
                   "table_name text PRIMARY KEY, source text NOT NULL, fingerprint text NOT NULL, last_key text, "
                   "rows_done bigint NOT NULL DEFAULT 0, done boolean NOT NULL DEFAULT false, "
                   "updated_at timestamptz NOT NULL DEFAULT now())"));
        XF_TRY(
            c.Query("INSERT INTO xf_copy_progress(table_name, source, fingerprint) SELECT unnest($1::text[]), $2, $3",
                    pg::Params().Add(pg::TextArray(names)).Add(source).Add(fingerprint)));
        return c.Commit();
    };
    if (auto s = create(); !s) return Fail(Rollback(c, s.error()).error());
    std::map<std::string, Progress> progress;
    for (const auto& n : names) progress[n] = Progress{};
    return progress;
}

struct Run {
    const CopyOptions& options;
    Connection& src;
    pg::Conn& dst;
    int64_t batches = 0;
    int64_t rows_copied = 0;

    void Report(const std::string& table, int64_t done, int64_t total) const {
        if (options.progress) options.progress(table, done, total);
    }

    // Copies the rows after the last committed key, batch by batch; each batch commits with its progress row.
    Status CopyTable(const Table& t, Progress& p, int64_t total) {
        if (p.done) {
            Report(t.name, total, total);
            return Ok();
        }
        Report(t.name, p.rows_done, total);
        const int n = static_cast<int>(t.columns.size());
        std::string select = fmt::format("SELECT {} FROM {}{}", ColumnList(t), Quote(t.name), WhereRows(t));
        std::vector<std::string> after;
        if (p.last_key) {
            XF_ASSIGN_OR_RETURN(after, DecodeKey(*p.last_key, t.key.size()));
            std::string cols, params;
            for (size_t i = 0; i < t.key.size(); ++i) {
                cols += (i ? ", " : "") + Quote(t.columns[t.key[i]].name);
                params += fmt::format("{}?{}", i ? ", " : "", i + 1);
            }
            select += fmt::format(" {} ({}) > ({})", t.rows.empty() ? "WHERE" : "AND", cols, params);
        }
        select += " ORDER BY " + KeyOrder(t, false);
        XF_ASSIGN_OR_RETURN(Statement st, src.PrepareUncached(select));
        for (size_t i = 0; i < after.size(); ++i) {
            if (t.columns[t.key[i]].integer) {
                int64_t v = 0;
                std::from_chars(after[i].data(), after[i].data() + after[i].size(), v);
                st.Bind(static_cast<int>(i) + 1, v);
            } else {
                st.Bind(static_cast<int>(i) + 1, std::string_view(after[i]));
            }
        }

        std::string insert = fmt::format("INSERT INTO {} ({}) SELECT * FROM unnest(", Quote(t.name), ColumnList(t));
        for (int i = 0; i < n; ++i) insert += fmt::format("{}${}::{}[]", i ? ", " : "", i + 1, t.columns[i].pg_type);
        insert += ")";
        const std::string mark =
            "UPDATE xf_copy_progress SET last_key = $1, rows_done = $2, updated_at = now() WHERE table_name = $3";

        std::vector<std::string> arrays(n, "{");
        std::vector<std::string> last(t.key.size());
        int rows = 0;
        size_t bytes = 0;
        auto flush = [&]() -> Status {
            if (rows == 0) return Ok();
            pg::Params params;
            for (auto& a : arrays) params.Add(std::move(a += '}'));
            XF_TRY(dst.Exec("BEGIN"));
            auto batch = [&]() -> Status {
                XF_TRY(dst.Query(insert, params));
                XF_TRY(dst.Query(mark, pg::Params().Add(EncodeKey(last)).Add(p.rows_done + rows).Add(t.name)));
                return dst.Commit();
            };
            if (auto s = batch(); !s) return Rollback(dst, InTable(s.error(), t.name));
            p.rows_done += rows;
            rows_copied += rows;
            ++batches;
            arrays.assign(n, "{");
            rows = 0;
            bytes = 0;
            Report(t.name, p.rows_done, total);
            if (options.stop_after_batches > 0 && batches >= options.stop_after_batches)
                return Fail(Error::Aborted(fmt::format("已按要求在提交 {} 批后停止（测试用）", batches)));
            return Ok();
        };
        while (true) {
            XF_ASSIGN_OR_RETURN(bool row, st.Step());
            if (!row) break;
            // A parent that comes later in key order is not there yet: linked after the whole table.
            const bool late_parent =
                t.self_ref && !st.IsNull(*t.self_ref) && st.Int64(*t.self_ref) > st.Int64(t.key[0]);
            for (int i = 0; i < n; ++i) {
                std::optional<std::string_view> v;
                if (!st.IsNull(i) && !(late_parent && i == *t.self_ref)) v = st.TextView(i);
                if (v) bytes += v->size();
                AppendElement(arrays[i], rows == 0, v);
            }
            for (size_t k = 0; k < t.key.size(); ++k) last[k] = st.Text(t.key[k]);
            ++rows;
            if (rows >= options.batch_rows || bytes >= kMaxBatchBytes) XF_TRY(flush());
        }
        XF_TRY(flush());

        // The table is in: link the late parents and mark it done, in one transaction (run again on resume).
        std::vector<int64_t> ids, refs;
        if (t.self_ref) {
            const std::string& key = t.columns[t.key[0]].name;
            const std::string& ref = t.columns[*t.self_ref].name;
            XF_ASSIGN_OR_RETURN(Statement late,
                                src.PrepareUncached(fmt::format("SELECT {0}, {1} FROM {2} WHERE {1} > {0}", Quote(key),
                                                                Quote(ref), Quote(t.name))));
            while (true) {
                XF_ASSIGN_OR_RETURN(bool row, late.Step());
                if (!row) break;
                ids.push_back(late.Int64(0));
                refs.push_back(late.Int64(1));
            }
        }
        XF_TRY(dst.Exec("BEGIN"));
        auto finish = [&]() -> Status {
            if (!ids.empty()) {
                const std::string& key = t.columns[t.key[0]].name;
                const std::string& ref = t.columns[*t.self_ref].name;
                XF_TRY(dst.Query(fmt::format("UPDATE {0} SET {1} = v.ref FROM unnest($1::bigint[], $2::bigint[]) AS "
                                             "v(id, ref) WHERE {0}.{2} = v.id",
                                             Quote(t.name), Quote(ref), Quote(key)),
                                 pg::Params().Add(pg::IntArray(ids)).Add(pg::IntArray(refs))));
            }
            XF_TRY(dst.Query("UPDATE xf_copy_progress SET done = true, updated_at = now() WHERE table_name = $1",
                             pg::Params().Add(t.name)));
            return dst.Commit();
        };
        if (auto s = finish(); !s) return Rollback(dst, InTable(s.error(), t.name));
        p.done = true;
        Report(t.name, p.rows_done, total);
        return Ok();
    }

    // The target's own search index and repeat keys (kDerivedTables), built through its store once every table is
    // in: ReindexSearch in committed batches of options.batch_rows cases in id order, so that an interrupted copy
    // continues after the last case indexed. Setting kIndexVersionKey last marks the index complete, as the app's
    // own rebuild does: the app does not build it again at start-up, and running the copy again skips this step.
    Status BuildSearchIndex() {
        const std::string version(search::kTokenizerVersion);
        XF_ASSIGN_OR_RETURN(pg::Rows built,
                            dst.Query("SELECT value FROM settings WHERE key = $1", pg::Params().Add(kIndexVersionKey)));
        XF_ASSIGN_OR_RETURN(pg::Rows count, dst.Query("SELECT count(*) FROM petitions"));
        const int64_t total = count.Int64(0, 0);
        const std::string label(kIndexProgress);
        if (!built.empty() && built.TextView(0, 0) == version) {
            Report(label, total, total);
            return Ok();
        }
        auto in = [&](Error e) { return InTable(std::move(e), label); };
        auto opened = OpenPostgresStore(PostgresOptions{.url = options.to_url, .pool_size = 1, .migrate = false});
        if (!opened) return Fail(in(opened.error()));
        UnitOfWork& store = **opened;
        XF_ASSIGN_OR_RETURN(pg::Rows indexed, dst.Query("SELECT coalesce(max(petition_id), 0) FROM petition_search"));
        int64_t after = indexed.Int64(0, 0), done = 0;
        if (after == 0) {
            if (auto s = store.Write([](Transaction& tx) { return tx.petitions().ClearSearchIndex(); }); !s)
                return Fail(in(s.error()));
        } else {
            XF_ASSIGN_OR_RETURN(pg::Rows r,
                                dst.Query("SELECT count(*) FROM petitions WHERE id <= $1", pg::Params().Add(after)));
            done = r.Int64(0, 0);
        }
        Report(label, done, total);
        while (true) {
            int64_t last = 0;
            Status s = store.Write([&](Transaction& tx) -> Status {
                XF_ASSIGN_OR_RETURN(last, tx.petitions().ReindexSearch(after, options.batch_rows));
                return Ok();
            });
            if (!s) return Fail(in(s.error()));
            if (last == 0) break;
            XF_ASSIGN_OR_RETURN(pg::Rows r, dst.Query("SELECT count(*) FROM petitions WHERE id > $1 AND id <= $2",
                                                      pg::Params().Add(after).Add(last)));
            done += r.Int64(0, 0);
            after = last;
            ++batches;
            Report(label, done, total);
            if (options.stop_after_batches > 0 && batches >= options.stop_after_batches)
                return Fail(Error::Aborted(fmt::format("已按要求在提交 {} 批后停止（测试用）", batches)));
        }
        Status marked =
            store.Write([&](Transaction& tx) { return tx.settings().Set(std::string(kIndexVersionKey), version); });
        if (!marked) return Fail(in(marked.error()));
        Report(label, total, total);
        return Ok();
    }
};

// Identity columns continue after the copied ids (explicit ids do not advance their sequences).
Status MoveSequences(pg::Conn& c, const std::vector<Table>& tables) {
    for (const Table& t : tables) {
        for (const Column& col : t.columns) {
            if (!col.identity) continue;
            XF_TRY(c.Query(fmt::format("SELECT setval(pg_get_serial_sequence($1, $2), m) FROM (SELECT max({}) AS m "
                                       "FROM {}) s WHERE m IS NOT NULL",
                                       Quote(col.name), Quote(t.name)),
                           pg::Params().Add(Quote(t.name)).Add(col.name)));
        }
    }
    return Ok();
}

// Everything both CopyDatabase and VerifyCopy need: the source in one read snapshot, its schema and checksums,
// and a connection to the target whose schema matches.
struct Opened {
    Opened() = default;
    Opened(Opened&&) = default;
    Opened& operator=(Opened&&) = default;
    // Releases the copy lock now: a copy started right after this one must not find it still held by a
    // connection that is closing.
    ~Opened() {
        if (locked && dst && !dst->broken()) {
            if (dst->in_transaction()) (void)dst->Exec("ROLLBACK");
            (void)dst->Query(fmt::format("SELECT pg_advisory_unlock({})", kCopyLockArgs), pg::Params().Add(kCopyLock));
        }
    }

    Connection src;
    std::unique_ptr<pg::Conn> dst;
    bool locked = false;  // holds kCopyLock
    std::vector<Table> tables;
    std::vector<Sum> source;
    std::string fingerprint;
};

Result<Opened> Open(const CopyOptions& o, bool write) {
    if (o.from_sqlite.empty()) return Fail(Error::InvalidArgument("from", "请指定源 SQLite 数据库文件"));
    std::error_code ec;
    if (!std::filesystem::is_regular_file(o.from_sqlite, ec))
        return Fail(Error::InvalidArgument("from", fmt::format("源数据库文件不存在：{}", o.from_sqlite.string())));
    if (!pg::IsPostgresUrl(o.to_url))
        return Fail(Error::InvalidArgument("to", "目标应为 postgresql://用户@主机:端口/库名"));
    if (o.batch_rows < 1) return Fail(Error::InvalidArgument("batch_rows", "每批行数至少为 1"));
    if (sodium_init() < 0) return Fail(Error::Internal("libsodium 初始化失败"));

    Opened op;
    XF_ASSIGN_OR_RETURN(op.dst, pg::Conn::Open(o.to_url));
    // Values are compared as the text each side prints. A date column (reception_days.day) prints as SQLite
    // stores it ('YYYY-MM-DD') only in the ISO style, whatever the server's or the role's default DateStyle.
    XF_TRY(op.dst->Exec("SET DateStyle = 'ISO, YMD'"));
    if (write) {
        // A copy killed a moment ago holds the lock until its server process notices the closed connection.
        const auto give_up = std::chrono::steady_clock::now() + kLockWait;
        while (!op.locked) {
            XF_ASSIGN_OR_RETURN(pg::Rows r,
                                op.dst->Query(fmt::format("SELECT pg_try_advisory_lock({})", kCopyLockArgs),
                                              pg::Params().Add(kCopyLock)));
            op.locked = r.TextView(0, 0) == "t";
            if (op.locked) break;
            if (std::chrono::steady_clock::now() >= give_up)
                return Fail(Error::FailedPrecondition(
                    "另一个 db copy 正在向这个目标库复制，请等它结束（若它已被终止，数据库发现连接断开后即释放，"
                    "稍后重试）。Another copy into this database is running."));
            std::this_thread::sleep_for(std::chrono::milliseconds(200));
        }
    }

    XF_ASSIGN_OR_RETURN(op.src, Connection::Open(o.from_sqlite, OpenMode::kReadOnly));
    XF_TRY(op.src.Exec("PRAGMA query_only = ON"));
    // One snapshot for the whole run: checksums, copy and verification all see the same rows.
    XF_TRY(op.src.Exec("BEGIN"));
    XF_ASSIGN_OR_RETURN(int64_t source_version, SourceSchemaVersion(op.src));
    XF_ASSIGN_OR_RETURN(op.tables, SourceTables(op.src));
    XF_TRY(CheckSourceForeignKeys(op.src));
    std::string all;
    for (const Table& t : op.tables) {
        XF_ASSIGN_OR_RETURN(Sum s, SourceChecksum(op.src, t));
        all += fmt::format("{}\t{}\t{}\n", t.name, s.rows, s.hex);
        op.source.push_back(std::move(s));
    }
    Checksum fp;
    fp.Value(all);
    fp.EndRow();
    op.fingerprint = fp.Finish().hex;

    if (write) {
        // Refused before anything is written (not even a schema upgrade of someone else's database).
        XF_TRY(TargetState(*op.dst, op.tables, op.fingerprint));
        // Creates or upgrades the target's schema to this binary's (no rows are written).
        XF_ASSIGN_OR_RETURN(auto store, OpenPostgresStore(PostgresOptions{.url = o.to_url, .pool_size = 1}));
        store.reset();
    }
    XF_ASSIGN_OR_RETURN(int64_t target_version, TargetSchemaVersion(*op.dst));
    if (source_version != target_version)
        return Fail(Error::FailedPrecondition(fmt::format(
            "源库表结构版本为 {}，目标库为 {}：请先用同一版本的 xinfang 升级源库（xinfang migrate --db sqlite:…）",
            source_version, target_version)));
    XF_TRY(MatchTarget(*op.dst, op.tables));
    return op;
}

Result<CopyReport> Compare(Opened& op, CopyReport report) {
    XF_ASSIGN_OR_RETURN(std::vector<Sum> target, TargetChecksums(*op.dst, op.tables));
    report.ok = true;
    for (size_t i = 0; i < op.tables.size(); ++i) {
        TableReport t{op.tables[i].name, op.source[i].rows, target[i].rows, op.source[i].hex, target[i].hex, false};
        t.ok = t.source_rows == t.target_rows && t.source_checksum == t.target_checksum;
        report.ok = report.ok && t.ok;
        report.tables.push_back(std::move(t));
    }
    (void)op.src.Exec("COMMIT");
    return report;
}

std::string RedactUrl(const std::string& url) {
    auto scheme = url.find("://");
    if (scheme == std::string::npos) return url;
    auto at = url.find('@', scheme + 3);
    auto colon = url.find(':', scheme + 3);
    if (at == std::string::npos || colon == std::string::npos || colon > at) return url;
    return url.substr(0, colon + 1) + "***" + url.substr(at);
}

}  // namespace

Result<CopyReport> CopyDatabase(const CopyOptions& options) {
    XF_ASSIGN_OR_RETURN(Opened op, Open(options, true));
    CopyReport report;
    std::string source = std::filesystem::absolute(options.from_sqlite).lexically_normal().string();
    XF_ASSIGN_OR_RETURN(auto state, TargetState(*op.dst, op.tables, op.fingerprint));
    std::map<std::string, Progress> progress;
    if (state) {
        progress = std::move(*state);
        report.resumed = true;
        for (const Table& t : op.tables)
            if (!progress.contains(t.name))
                return Fail(
                    Error::FailedPrecondition(fmt::format("目标库的复制进度（xf_copy_progress）缺少表 {}", t.name)));
    } else {
        XF_ASSIGN_OR_RETURN(progress, StartProgress(*op.dst, op.tables, source, op.fingerprint));
    }
    Run run{options, op.src, *op.dst};
    for (size_t i = 0; i < op.tables.size(); ++i)
        XF_TRY(run.CopyTable(op.tables[i], progress[op.tables[i].name], op.source[i].rows));
    report.rows_copied = run.rows_copied;
    XF_TRY(MoveSequences(*op.dst, op.tables));
    XF_TRY(run.BuildSearchIndex());
    return Compare(op, std::move(report));
}

Result<CopyReport> VerifyCopy(const CopyOptions& options) {
    XF_ASSIGN_OR_RETURN(Opened op, Open(options, false));
    return Compare(op, CopyReport{});
}

int DbCopyCommand(const std::string& from_url, const std::string& to_url, bool verify_only) {
    auto fail = [](const Error& e) {
        fmt::print(stderr, "错误 ({})", ErrorCodeName(e.code));
        if (!e.field.empty()) fmt::print(stderr, " [{}]", e.field);
        fmt::print(stderr, ": {}\n", e.message);
        return e.code == ErrorCode::kInvalidArgument ? 2 : 1;
    };
    constexpr std::string_view kPrefix = "sqlite:";
    if (!from_url.starts_with(kPrefix) || from_url.size() == kPrefix.size())
        return fail(Error::InvalidArgument("--from",
                                           "源应为 sqlite:PATH（例如 sqlite:data/xinfang.db）；"
                                           "--from must be sqlite:PATH"));
    std::string path = from_url.substr(kPrefix.size());
    if (path.starts_with("//")) path = path.substr(2);
    if (!pg::IsPostgresUrl(to_url))
        return fail(
            Error::InvalidArgument("--to", "目标应为 postgresql://用户@主机:端口/库名；--to must be postgresql://…"));

    CopyOptions o;
    o.from_sqlite = path;
    o.to_url = to_url;
    using Clock = std::chrono::steady_clock;
    // One progress meter per table (base/progress.hpp: a bar on a terminal, a line every few seconds in a log).
    std::optional<ProgressMeter> meter;
    std::string last_table;
    int64_t last_done = 0;
    o.progress = [&](const std::string& table, int64_t done, int64_t total) {
        if (table != last_table) {
            if (meter) meter->Finish(last_done);
            meter.emplace(fmt::format("  {}", table), "行", total);
            last_table = table;
        }
        last_done = done;
        meter->Update(done);
    };
    fmt::print(stderr, "{} {} → {}\n", verify_only ? "核对 verify" : "复制 copy", from_url, RedactUrl(to_url));
    fmt::print(stderr, "读取源库快照并计算校验和… reading the source snapshot and its checksums…\n");
    const auto start = Clock::now();
    auto r = verify_only ? VerifyCopy(o) : CopyDatabase(o);
    if (r && meter) meter->Finish(last_done);
    meter.reset();
    if (!r) return fail(r.error());
    const double seconds = std::chrono::duration<double>(Clock::now() - start).count();

    fmt::print("{:<16} {:>12} {:>12}  {:<16}  {:<16}  {}\n", "table", "source_rows", "target_rows", "source_sha256",
               "target_sha256", "ok");
    int64_t rows = 0;
    int bad = 0;
    for (const auto& t : r->tables) {
        fmt::print("{:<16} {:>12} {:>12}  {:<16}  {:<16}  {}\n", t.table, t.source_rows, t.target_rows,
                   t.source_checksum.substr(0, 16), t.target_checksum.substr(0, 16), t.ok ? "ok" : "DIFFERS");
        rows += t.source_rows;
        bad += t.ok ? 0 : 1;
    }
    if (r->ok) {
        std::string_view zh = "复制完成", en = "Copied and verified";
        if (verify_only) {
            zh = "核对一致", en = "Verified";
        } else if (r->resumed && r->rows_copied == 0) {
            zh = "目标库已是完整的复制，核对一致", en = "Already copied; verified";
        } else if (r->resumed) {
            zh = "续传复制完成", en = "Copy resumed, completed and verified";
        }
        fmt::print(
            "{}：{} 张表 {} 行，行数与校验和全部一致（{:.1f} 秒）。{}: {} tables, {} rows, counts and checksums "
            "match ({:.1f} s).\n",
            zh, r->tables.size(), rows, seconds, en, r->tables.size(), rows, seconds);
        return 0;
    }
    fmt::print(
        "校验不一致：{} 张表与源库不同（见上表 DIFFERS）。刚复制完就不一致时，请勿使用目标库；已在 PostgreSQL 上"
        "运行过的库会因新写入的数据而不同。Verification FAILED: {} table(s) differ from the source (right after a "
        "copy: do not use the target; a database already in use differs by what was written since).\n",
        bad, bad);
    return 1;
}

namespace {

// The tables of the PostgreSQL database (current_schema()) as Table descriptions: columns in attnum order, the
// primary key (every column when there is none), derived tables and the copy's bookkeeping left out.
Result<std::vector<Table>> PostgresTables(pg::Conn& c) {
    XF_ASSIGN_OR_RETURN(
        pg::Rows r,
        c.Query("SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod), "
                "coalesce(array_position(i.indkey::int2[], a.attnum), 0) "
                "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                "JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped "
                "LEFT JOIN pg_index i ON i.indrelid = c.oid AND i.indisprimary "
                "WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') ORDER BY c.relname, a.attnum"));
    std::vector<Table> tables;
    std::vector<std::vector<std::pair<int, int>>> keys;  // per table: (position in key, column)
    for (int i = 0; i < r.size(); ++i) {
        std::string name = r.Text(i, 0);
        if (name == "schema_migrations" || name == kProgressTable || IsDerived(name)) continue;
        if (tables.empty() || tables.back().name != name) {
            tables.push_back(Table{.name = name});
            keys.emplace_back();
        }
        std::string type = r.Text(i, 2);
        // `integer` only keeps COLLATE "C" off the key's ORDER BY: true for every column that is not text.
        const bool text = type == "text" || type.starts_with("character");
        tables.back().columns.push_back(Column{.name = r.Text(i, 1), .integer = !text, .pg_type = type});
        int pos = static_cast<int>(r.Int64(i, 3));
        if (pos > 0) keys.back().emplace_back(pos, static_cast<int>(tables.back().columns.size()) - 1);
    }
    for (size_t t = 0; t < tables.size(); ++t) {
        std::sort(keys[t].begin(), keys[t].end());
        for (auto [pos, col] : keys[t]) tables[t].key.push_back(col);
        if (tables[t].key.empty())
            for (int col = 0; col < static_cast<int>(tables[t].columns.size()); ++col) tables[t].key.push_back(col);
        if (tables[t].name == "settings") tables[t].rows = fmt::format("\"key\" <> '{}'", kIndexVersionKey);
    }
    return tables;
}

}  // namespace

Result<DatabaseChecksum> ChecksumDatabase(const std::string& url) {
    if (sodium_init() < 0) return Fail(Error::Internal("libsodium 初始化失败"));
    DatabaseChecksum out;
    if (pg::IsPostgresUrl(url)) {
        XF_ASSIGN_OR_RETURN(auto c, pg::Conn::Open(url));
        XF_TRY(c->Exec("SET DateStyle = 'ISO, YMD'"));
        XF_ASSIGN_OR_RETURN(out.schema_version, TargetSchemaVersion(*c));
        XF_ASSIGN_OR_RETURN(std::vector<Table> tables, PostgresTables(*c));
        XF_ASSIGN_OR_RETURN(std::vector<Sum> sums, TargetChecksums(*c, tables));
        for (size_t i = 0; i < tables.size(); ++i) out.tables.push_back({tables[i].name, sums[i].rows, sums[i].hex});
        return out;
    }
    constexpr std::string_view kPrefix = "sqlite:";
    if (!url.starts_with(kPrefix) || url.size() == kPrefix.size())
        return Fail(Error::InvalidArgument("db", "数据库地址应为 sqlite:PATH 或 postgresql://…"));
    std::string path = url.substr(kPrefix.size());
    if (path.starts_with("//")) path = path.substr(2);
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec))
        return Fail(Error::InvalidArgument("db", fmt::format("数据库文件不存在：{}", path)));
    XF_ASSIGN_OR_RETURN(Connection db, Connection::Open(path, OpenMode::kReadOnly));
    XF_TRY(db.Exec("PRAGMA query_only = ON"));
    XF_TRY(db.Exec("BEGIN"));
    XF_ASSIGN_OR_RETURN(out.schema_version, SourceSchemaVersion(db));
    XF_ASSIGN_OR_RETURN(std::vector<Table> tables, SourceTables(db));
    std::sort(tables.begin(), tables.end(), [](const Table& a, const Table& b) { return a.name < b.name; });
    for (const Table& t : tables) {
        XF_ASSIGN_OR_RETURN(Sum s, SourceChecksum(db, t));
        out.tables.push_back({t.name, s.rows, s.hex});
    }
    (void)db.Exec("COMMIT");
    return out;
}

int DbChecksumCommand(const std::string& url) {
    auto r = ChecksumDatabase(url);
    if (!r) {
        const Error& e = r.error();
        fmt::print(stderr, "错误 ({})", ErrorCodeName(e.code));
        if (!e.field.empty()) fmt::print(stderr, " [{}]", e.field);
        fmt::print(stderr, ": {}\n", e.message);
        return e.code == ErrorCode::kInvalidArgument ? 2 : 1;
    }
    fmt::print("schema_version\t{}\n", r->schema_version);
    for (const auto& t : r->tables) fmt::print("{}\t{}\t{}\n", t.table, t.rows, t.sha256);
    return 0;
}

}  // namespace xf::storage
