#include "storage/sqlite/sqlite_store.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <unordered_map>
#include <utility>
#include <variant>

#include "crypto/crypto.hpp"
#include "domain/repeat.hpp"
#include "domain/search.hpp"
#include "storage/codec/petition_codec.hpp"
#include "storage/codec/rollup_layout.hpp"
#include "storage/sqlite/db.hpp"
#include "storage/sqlite/fts_tokenizer.hpp"

namespace xf::storage {
namespace {

// The numbered migrations, embedded at build time from migrations/*.sql (see CMakeLists.txt).
#include "storage/sqlite/migrations.inc"

// Steps `st` to the end, turning each row into a T with `read`.
template <class T, class F>
Result<std::vector<T>> Collect(Statement& st, F read) {
    std::vector<T> out;
    while (true) {
        XF_ASSIGN_OR_RETURN(bool row, st.Step());
        if (!row) break;
        out.push_back(read(st));
    }
    return out;
}

int64_t Secs(Instant t) { return t.time_since_epoch().count(); }
Instant FromSecs(int64_t s) { return Instant(std::chrono::seconds(s)); }

Org ReadOrg(const Statement& s) {
    Org o;
    o.id = s.Int64(0);
    o.code = s.Text(1);
    o.parent_id = s.OptInt64(2);
    o.name = s.Text(3);
    o.level = ParseOrgLevel(s.TextView(4)).value_or(OrgLevel::kCounty);
    o.kind = ParseOrgKind(s.TextView(5)).value_or(OrgKind::kOther);
    o.region_code = s.Text(6);
    o.path = s.Text(7);
    return o;
}
constexpr std::string_view kOrgCols = "id, code, parent_id, name, level, kind, region_code, path";

class SqliteOrgs final : public OrgRepository {
  public:
    explicit SqliteOrgs(Connection& c) : c_(c) {}
    Result<Org> Insert(Org org) override {
        std::string parent_path = "/";
        if (org.parent_id) {
            XF_ASSIGN_OR_RETURN(auto parent, Get(*org.parent_id));
            if (!parent) return Fail(Error::InvalidArgument("parent_code", "上级单位不存在"));
            parent_path = parent->path;
        }
        auto& st = c_.Prepare(
            "INSERT INTO orgs(code, parent_id, name, level, kind, region_code, path) VALUES (?1,?2,?3,?4,?5,?6,'')");
        auto s = st.Bind(1, org.code)
                     .Bind(2, org.parent_id)
                     .Bind(3, org.name)
                     .Bind(4, OrgLevelName(org.level))
                     .Bind(5, OrgKindName(org.kind))
                     .Bind(6, org.region_code)
                     .Run();
        if (!s) {
            if (s.error().code == ErrorCode::kAlreadyExists)
                return Fail(Error::AlreadyExists("单位代码已存在：" + org.code, "code"));
            return Fail(s.error());
        }
        XF_ASSIGN_OR_RETURN(org.id, c_.LastInsertRowid());
        org.path = parent_path + std::to_string(org.id) + "/";
        XF_TRY(c_.Prepare("UPDATE orgs SET path = ?1 WHERE id = ?2").Bind(1, org.path).Bind(2, org.id).Run());
        return org;
    }
    Status Update(const Org& org) override {
        XF_TRY(c_.Prepare("UPDATE orgs SET name=?1, level=?2, kind=?3, region_code=?4 WHERE id=?5")
                   .Bind(1, org.name)
                   .Bind(2, OrgLevelName(org.level))
                   .Bind(3, OrgKindName(org.kind))
                   .Bind(4, org.region_code)
                   .Bind(5, org.id)
                   .Run());
        if (c_.Changes() == 0) return Fail(Error::NotFound("单位不存在"));
        return Ok();
    }
    Result<std::optional<Org>> Get(int64_t id) override {
        auto& st = c_.Prepare(fmt::format("SELECT {} FROM orgs WHERE id = ?1", kOrgCols));
        st.Bind(1, id);
        XF_ASSIGN_OR_RETURN(bool row, st.Step());
        if (!row) return std::optional<Org>();
        return std::optional<Org>(ReadOrg(st));
    }
    Result<std::optional<Org>> FindByCode(const std::string& code) override {
        auto& st = c_.Prepare(fmt::format("SELECT {} FROM orgs WHERE code = ?1", kOrgCols));
        st.Bind(1, code);
        XF_ASSIGN_OR_RETURN(bool row, st.Step());
        if (!row) return std::optional<Org>();
        return std::optional<Org>(ReadOrg(st));
    }
    Result<std::vector<Org>> List() override {
        auto& st = c_.Prepare(fmt::format("SELECT {} FROM orgs ORDER BY path", kOrgCols));
        return Collect<Org>(st, [](const Statement& st) { return ReadOrg(st); });
    }

  private:
    Connection& c_;
};

User ReadUser(const Statement& s) {
    User u;
    u.id = s.Int64(0);
    u.login = s.Text(1);
    u.display_name = s.Text(2);
    u.org_id = s.Int64(3);
    u.roles = RoleSet::FromBits(static_cast<uint32_t>(s.Int64(4)));
    u.scope = ParseDataScope(s.TextView(5)).value_or(DataScope::kOrg);
    u.password_hash = s.Text(6);
    u.active = s.Int64(7) != 0;
    return u;
}
constexpr std::string_view kUserCols = "id, login, display_name, org_id, roles, scope, password_hash, active";

class SqliteUsers final : public UserRepository {
  public:
    explicit SqliteUsers(Connection& c) : c_(c) {}
    Result<User> Insert(User u) override {
        auto s = c_.Prepare(
                       "INSERT INTO users(login, display_name, org_id, roles, scope, password_hash, active) "
                       "VALUES (?1,?2,?3,?4,?5,?6,?7)")
                     .Bind(1, u.login)
                     .Bind(2, u.display_name)
                     .Bind(3, u.org_id)
                     .Bind(4, static_cast<int64_t>(u.roles.Bits()))
                     .Bind(5, DataScopeName(u.scope))
                     .Bind(6, u.password_hash)
                     .Bind(7, u.active)
                     .Run();
        if (!s) {
            if (s.error().code == ErrorCode::kAlreadyExists)
                return Fail(Error::AlreadyExists("登录名已存在：" + u.login, "login"));
            return Fail(s.error());
        }
        XF_ASSIGN_OR_RETURN(u.id, c_.LastInsertRowid());
        return u;
    }
    Status Update(const User& u) override {
        XF_TRY(
            c_.Prepare("UPDATE users SET display_name=?1, org_id=?2, roles=?3, scope=?4, password_hash=?5, active=?6 "
                       "WHERE id=?7")
                .Bind(1, u.display_name)
                .Bind(2, u.org_id)
                .Bind(3, static_cast<int64_t>(u.roles.Bits()))
                .Bind(4, DataScopeName(u.scope))
                .Bind(5, u.password_hash)
                .Bind(6, u.active)
                .Bind(7, u.id)
                .Run());
        if (c_.Changes() == 0) return Fail(Error::NotFound("用户不存在"));
        return Ok();
    }
    Result<std::optional<User>> Get(int64_t id) override {
        return One(fmt::format("SELECT {} FROM users WHERE id = ?1", kUserCols), [&](Statement& s) { s.Bind(1, id); });
    }
    Result<std::optional<User>> FindByLogin(const std::string& login) override {
        return One(fmt::format("SELECT {} FROM users WHERE login = ?1", kUserCols),
                   [&](Statement& s) { s.Bind(1, login); });
    }
    Result<std::vector<User>> List(std::optional<int64_t> org_id) override {
        auto& st = c_.Prepare(
            fmt::format("SELECT {} FROM users WHERE (?1 IS NULL OR org_id = ?1) ORDER BY org_id, login", kUserCols));
        st.Bind(1, org_id);
        return Collect<User>(st, [](const Statement& st) { return ReadUser(st); });
    }
    Status InsertSession(const Session& s) override {
        return c_
            .Prepare(
                "INSERT INTO sessions(token_hash, user_id, csrf_token, created_at, expires_at) "
                "VALUES (?1,?2,?3,?4,?5)")
            .Bind(1, s.token_hash)
            .Bind(2, s.user_id)
            .Bind(3, s.csrf_token)
            .Bind(4, Secs(s.created_at))
            .Bind(5, Secs(s.expires_at))
            .Run();
    }
    Result<std::optional<Session>> FindSession(const std::string& token_hash) override {
        auto& st = c_.Prepare(
            "SELECT token_hash, user_id, csrf_token, created_at, expires_at FROM sessions WHERE token_hash = ?1");
        st.Bind(1, token_hash);
        XF_ASSIGN_OR_RETURN(bool row, st.Step());
        if (!row) return std::optional<Session>();
        return std::optional<Session>(
            Session{st.Text(0), st.Int64(1), st.Text(2), FromSecs(st.Int64(3)), FromSecs(st.Int64(4))});
    }
    Status DeleteSession(const std::string& token_hash) override {
        return c_.Prepare("DELETE FROM sessions WHERE token_hash = ?1").Bind(1, token_hash).Run();
    }
    Status DeleteExpiredSessions(Instant now) override {
        return c_.Prepare("DELETE FROM sessions WHERE expires_at <= ?1").Bind(1, Secs(now)).Run();
    }

  private:
    template <class B>
    Result<std::optional<User>> One(const std::string& sql, B bind) {
        auto& st = c_.Prepare(sql);
        bind(st);
        XF_ASSIGN_OR_RETURN(bool row, st.Step());
        if (!row) return std::optional<User>();
        return std::optional<User>(ReadUser(st));
    }
    Connection& c_;
};

class SqliteCategories final : public CategoryRepository {
  public:
    explicit SqliteCategories(Connection& c) : c_(c) {}
    Result<std::vector<Category>> List() override {
        auto& st = c_.Prepare("SELECT code, parent, name FROM categories ORDER BY code");
        return Collect<Category>(st, [](const Statement& st) { return Category{st.Text(0), st.Text(1), st.Text(2)}; });
    }
    Result<int> Upsert(const std::vector<Category>& rows) override {
        int n = 0;
        for (const auto& c : rows) {
            XF_TRY(c_.Prepare("INSERT INTO categories(code, parent, name) VALUES (?1,?2,?3) "
                              "ON CONFLICT(code) DO UPDATE SET parent = excluded.parent, name = excluded.name")
                       .Bind(1, c.code)
                       .Bind(2, c.parent)
                       .Bind(3, c.name)
                       .Run());
            ++n;
        }
        return n;
    }

  private:
    Connection& c_;
};

// Pending changes to the statistics rollups of one transaction (domain/stats.hpp): entries are added for their org
// and every ancestor, combined in memory, and written by Flush() — once per work item, so a bulk import writes each
// rollup cell once.
// The repeat keys as petition_match tokens (migrations/0011): 'k' + the 64-bit value in 16 hex digits, space-separated.
std::string MatchKeyTokens(const std::vector<int64_t>& keys) {
    std::string out;
    out.reserve(keys.size() * 18);
    for (int64_t k : keys) {
        if (!out.empty()) out += ' ';
        out += fmt::format("k{:016x}", static_cast<uint64_t>(k));
    }
    return out;
}

// The FTS5 rows a write group makes (petition_fts, petition_match), held until the group's last item is done.
// SQLite 3.40's FTS5 writes its pending terms as a new segment at every savepoint and every RELEASE, and each work item
// of a group commit runs in a savepoint (db.hpp): written directly, every registration made one segment in each index,
// and at 10,000,000 cases the merges of those segments rewrote large levels inside the group commits (11
// registrations/s; docs/performance.md, issue #10). Held in an in-memory database attached to the writer, the rows
// still come and go with their item's savepoint, and the group writes them in one statement each, outside every
// savepoint (DatabaseOptions::before_commit): one segment per group.
constexpr std::string_view kPendingIndexSetup =
    "ATTACH DATABASE ':memory:' AS xf_pending;"
    "CREATE TABLE xf_pending.index_rows(seq INTEGER PRIMARY KEY, target INTEGER NOT NULL, command TEXT, "
    "id INTEGER NOT NULL, title TEXT, body TEXT, people TEXT, keys TEXT);";
constexpr int64_t kPendingFts = 0;    // a petition_fts row
constexpr int64_t kPendingMatch = 1;  // a petition_match row

// Applies the held rows in the order they were made (a 'delete' of the old text before the insert of the new).
Status ApplyPendingIndexRows(Connection& c) {
    auto& any = c.Prepare("SELECT EXISTS (SELECT 1 FROM xf_pending.index_rows)");
    XF_ASSIGN_OR_RETURN(bool row, any.Step());
    const bool pending = row && any.Int64(0) != 0;
    any.Reset();
    if (!pending) return Ok();
    static const std::string fts = fmt::format(
        "INSERT INTO petition_fts(petition_fts, rowid, title, body, people) "
        "SELECT command, id, title, body, people FROM xf_pending.index_rows WHERE target = {} ORDER BY seq",
        kPendingFts);
    static const std::string match = fmt::format(
        "INSERT INTO petition_match(petition_match, rowid, keys) "
        "SELECT command, id, keys FROM xf_pending.index_rows WHERE target = {} ORDER BY seq",
        kPendingMatch);
    XF_TRY(c.Prepare(fts).Run());
    XF_TRY(c.Prepare(match).Run());
    return c.Prepare("DELETE FROM xf_pending.index_rows").Run();
}

class StatRollup {
  public:
    explicit StatRollup(Connection& c) : c_(c) {}

    Status Add(const std::vector<StatEntry>& entries, int sign) {
        for (const auto& e : entries) {
            XF_ASSIGN_OR_RETURN(const std::vector<int64_t>* orgs, Ancestors(e.org_id));
            int32_t day = DayNumber(e.day);
            for (int64_t org : *orgs) {
                auto& d = pending_[Key{org, static_cast<int>(e.dim), day, e.key}];
                d.first += sign * e.batches;
                d.second += sign * e.persons;
            }
        }
        return Ok();
    }

    // Rows are written in key order, the order of the tables' primary keys: a big import's flush then walks each
    // B-tree once instead of jumping about it.
    Status Flush() {
        if (pending_.empty()) return Ok();
        std::vector<std::pair<const Key*, std::pair<int64_t, int64_t>>> days;
        days.reserve(pending_.size());
        std::unordered_map<Key, std::pair<int64_t, int64_t>, KeyHash> months;
        for (const auto& [k, d] : pending_) {
            if (d.first == 0 && d.second == 0) continue;
            days.emplace_back(&k, d);
            auto& m = months[Key{k.org, k.dim, MonthNumber(k.day), k.key}];
            m.first += d.first;
            m.second += d.second;
        }
        std::ranges::sort(days, {}, [](const auto& x) -> const Key& { return *x.first; });
        for (const auto& [k, d] : days) XF_TRY(Apply(kDay, *k, d));
        std::vector<std::pair<const Key*, std::pair<int64_t, int64_t>>> month_rows;
        month_rows.reserve(months.size());
        for (const auto& [k, d] : months)
            if (d.first != 0 || d.second != 0) month_rows.emplace_back(&k, d);
        std::ranges::sort(month_rows, {}, [](const auto& x) -> const Key& { return *x.first; });
        for (const auto& [k, d] : month_rows) XF_TRY(Apply(kMonth, *k, d));
        pending_.clear();
        return Ok();
    }

    void Clear() { pending_.clear(); }


  private:
    struct Key {
        int64_t org;
        int dim;
        int32_t day;  // a day number, or YYYYMM in the month map
        std::string key;
        auto operator<=>(const Key&) const = default;
    };
    struct KeyHash {
        size_t operator()(const Key& k) const noexcept {
            size_t h = std::hash<std::string>{}(k.key);
            for (int64_t v : {k.org, static_cast<int64_t>(k.dim), static_cast<int64_t>(k.day)})
                h ^= std::hash<int64_t>{}(v) + 0x9e3779b97f4a7c15ull + (h << 6) + (h >> 2);
            return h;
        }
    };

    struct Table {
        std::string upsert, remove_empty;
    };
    static Table MakeTable(std::string_view table, std::string_view col) {
        return {fmt::format("INSERT INTO {0}(org_id, dim, {1}, key, batches, persons) VALUES (?1,?2,?3,?4,?5,?6) "
                            "ON CONFLICT(org_id, dim, {1}, key) DO UPDATE SET batches = batches + "
                            "excluded.batches, persons = persons + excluded.persons",
                            table, col),
                fmt::format("DELETE FROM {0} WHERE org_id = ?1 AND dim = ?2 AND {1} = ?3 AND key = ?4 "
                            "AND batches = 0 AND persons = 0",
                            table, col)};
    }
    inline static const Table kDay = MakeTable("stat_day", "day");
    inline static const Table kMonth = MakeTable("stat_month", "month");

    Status Apply(const Table& table, const Key& k, std::pair<int64_t, int64_t> d) {
        XF_TRY(c_.Prepare(table.upsert)
                   .Bind(1, k.org)
                   .Bind(2, k.dim)
                   .Bind(3, k.day)
                   .Bind(4, k.key)
                   .Bind(5, d.first)
                   .Bind(6, d.second)
                   .Run());
        if (d.first < 0 || d.second < 0)
            XF_TRY(c_.Prepare(table.remove_empty)
                       .Bind(1, k.org)
                       .Bind(2, k.dim)
                       .Bind(3, k.day)
                       .Bind(4, k.key)
                       .Run());
        return Ok();
    }

    Result<const std::vector<int64_t>*> Ancestors(int64_t org_id) {
        if (auto it = ancestors_.find(org_id); it != ancestors_.end()) return &it->second;
        auto& st = c_.Prepare("SELECT path FROM orgs WHERE id = ?1").Bind(1, org_id);
        XF_ASSIGN_OR_RETURN(bool row, st.Step());
        std::vector<int64_t> ids;
        if (row) ids = PathIds(st.TextView(0));
        st.Reset();
        if (ids.empty()) ids.push_back(org_id);
        return &(ancestors_[org_id] = std::move(ids));
    }

    Connection& c_;
    std::unordered_map<Key, std::pair<int64_t, int64_t>, KeyHash> pending_;
    std::unordered_map<int64_t, std::vector<int64_t>> ancestors_;
};

class SqlitePetitions final : public PetitionRepository {
  public:
    SqlitePetitions(Connection& c, StatRollup& rollup, bool writer) : c_(c), rollup_(rollup), writer_(writer) {}

    Result<Petition> Insert(Petition p) override {
        p.version = 1;
        const auto entries = StatEntriesFor(p);
        auto s = c_.Prepare(
                       "INSERT INTO petitions(version, number, query_code, kind, parent_case_id, channel, purpose, "
                       "state, is_open, received_at, received_on, registered_org_id, current_org_id, accused_org_id, "
                       "category_code, region_code, persons, next_due, rating, replied_on, doc, stats) "
                       "VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?18,?19,?20,?21,?22)")
                     .Bind(1, p.version)
                     .Bind(2, p.number)
                     .Bind(3, p.query_code)
                     .Bind(4, CaseKindName(p.kind))
                     .Bind(5, p.parent_case_id)
                     .Bind(6, ChannelName(p.channel))
                     .Bind(7, PurposeName(p.purpose))
                     .Bind(8, StateName(p.state))
                     .Bind(9, !IsClosed(p.state))
                     .Bind(10, Secs(p.received_at))
                     .Bind(11, FormatDate(ChinaDate(p.received_at)))
                     .Bind(12, p.registered_org_id)
                     .Bind(13, p.current_org_id)
                     .Bind(14, p.accused_org_id)
                     .Bind(15, p.category_code)
                     .Bind(16, p.region_code)
                     .Bind(17, p.persons)
                     .Bind(18, NextDue(p))
                     .Bind(19, RatingColumn(p))
                     .Bind(20, RepliedColumn(p))
                     .Bind(21, EncodePetition(p))  // the document holds no id: one INSERT writes it all
                     .Bind(22, EncodeStatEntries(entries))
                     .Run();
        if (!s) {
            if (s.error().code == ErrorCode::kAlreadyExists)
                return Fail(Error::AlreadyExists("信访件编号或查询码重复", "number"));
            return Fail(s.error());
        }
        XF_ASSIGN_OR_RETURN(p.id, c_.LastInsertRowid());
        XF_TRY(rollup_.Add(entries, +1));
        XF_TRY(IndexForSearch(p, nullptr));
        XF_TRY(Involve(p.id, p.registered_org_id, p.registered_by));
        if (p.current_org_id != p.registered_org_id) XF_TRY(Involve(p.id, p.current_org_id, 0));
        return p;
    }

    Result<Petition> Update(Petition p) override {
        int64_t expected = p.version;
        p.version = expected + 1;
        std::string old_stats;
        {
            auto& st = c_.Prepare("SELECT stats FROM petitions WHERE id = ?1 AND version = ?2").Bind(1, p.id).Bind(2, expected);
            XF_ASSIGN_OR_RETURN(bool row, st.Step());
            if (row) old_stats = st.Text(0);
            st.Reset();
        }
        auto entries = StatEntriesFor(p);
        std::string new_stats = EncodeStatEntries(entries);
        // The search index and repeat keys change only with the indexed text (rare after registration).
        std::optional<Petition> reindex_from;
        bool reindex = false;
        {
            const std::string sig = search::IndexSignature(p);
            auto& st = c_.Prepare("SELECT s.sig, p.doc FROM petitions p LEFT JOIN petition_search s ON s.petition_id = p.id "
                                  "WHERE p.id = ?1 AND p.version = ?2")
                           .Bind(1, p.id)
                           .Bind(2, expected);
            XF_ASSIGN_OR_RETURN(bool row, st.Step());
            if (row && st.OptText(0).value_or("") != sig) {
                reindex = true;
                if (!st.IsNull(0)) {
                    XF_ASSIGN_OR_RETURN(Petition old, DecodePetition(st.TextView(1)));
                    old.id = p.id;
                    reindex_from = std::move(old);
                }
            }
            st.Reset();
        }
        XF_TRY(c_.Prepare("UPDATE petitions SET stats=?21, version=?1, state=?2, is_open=?3, current_org_id=?4, category_code=?5, "
                          "region_code=?6, persons=?7, next_due=?8, accused_org_id=?9, doc=?10, channel=?13, "
                          "purpose=?14, received_at=?15, received_on=?16, kind=?17, parent_case_id=?18, rating=?19, "
                          "replied_on=?20 "
                          "WHERE id=?11 AND version=?12")
                   .Bind(1, p.version)
                   .Bind(2, StateName(p.state))
                   .Bind(3, !IsClosed(p.state))
                   .Bind(4, p.current_org_id)
                   .Bind(5, p.category_code)
                   .Bind(6, p.region_code)
                   .Bind(7, p.persons)
                   .Bind(8, NextDue(p))
                   .Bind(9, p.accused_org_id)
                   .Bind(10, EncodePetition(p))
                   .Bind(11, p.id)
                   .Bind(12, expected)
                   .Bind(13, ChannelName(p.channel))
                   .Bind(14, PurposeName(p.purpose))
                   .Bind(15, Secs(p.received_at))
                   .Bind(16, FormatDate(ChinaDate(p.received_at)))
                   .Bind(17, CaseKindName(p.kind))
                   .Bind(18, p.parent_case_id)
                   .Bind(19, RatingColumn(p))
                   .Bind(20, RepliedColumn(p))
                   .Bind(21, new_stats)
                   .Run());
        if (c_.Changes() == 0) {
            XF_ASSIGN_OR_RETURN(auto current, Get(p.id));
            if (!current) return Fail(Error::NotFound("信访件不存在"));
            return Fail(Error::Aborted(fmt::format("信访件已被他人修改（当前版本 {}，您的版本 {}），请刷新后重试",
                                                   current->version, expected)));
        }
        if (old_stats != new_stats) {
            XF_ASSIGN_OR_RETURN(auto old_entries, DecodeStatEntries(old_stats));
            XF_TRY(rollup_.Add(old_entries, -1));
            XF_TRY(rollup_.Add(entries, +1));
        }
        XF_TRY(Involve(p.id, p.current_org_id, 0));
        if (reindex) XF_TRY(IndexForSearch(p, reindex_from ? &*reindex_from : nullptr));
        return p;
    }

    // Writes the FTS row, the repeat keys and the signature of `p`; `old` (the indexed version) is removed first.
    // A contentless FTS5 table forgets a row only when given the exact values it indexed: they come from `old`.
    Status IndexForSearch(const Petition& p, const Petition* old) {
        auto hold = [&](int64_t target, const char* command, const search::IndexedText* t, const std::string* keys) {
            return c_.Prepare("INSERT INTO xf_pending.index_rows(target, command, id, title, body, people, keys) "
                              "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)")
                .Bind(1, target)
                .Bind(2, command)
                .Bind(3, p.id)
                .Bind(4, t ? std::optional<std::string_view>(t->title) : std::nullopt)
                .Bind(5, t ? std::optional<std::string_view>(t->body) : std::nullopt)
                .Bind(6, t ? std::optional<std::string_view>(t->people) : std::nullopt)
                .Bind(7, keys ? std::optional<std::string_view>(*keys) : std::nullopt)
                .Run();
        };
        if (old) {
            const auto t = search::IndexedTextOf(*old);
            XF_TRY(hold(kPendingFts, "delete", &t, nullptr));
            // Contentless, like petition_fts: forgotten by giving back exactly the tokens it was given.
            if (std::string keys = MatchKeyTokens(repeat::MatchKeys(*old)); !keys.empty())
                XF_TRY(hold(kPendingMatch, "delete", nullptr, &keys));
        }
        const auto t = search::IndexedTextOf(p);
        XF_TRY(hold(kPendingFts, nullptr, &t, nullptr));
        if (std::string keys = MatchKeyTokens(repeat::MatchKeys(p)); !keys.empty())
            XF_TRY(hold(kPendingMatch, nullptr, nullptr, &keys));
        // An upsert, not INSERT OR REPLACE: a REPLACE on a table with a foreign key runs in a statement journal, and
        // every statement savepoint makes SQLite 3.40's FTS5 flush its pending terms as a new segment, i.e. one
        // segment per case, then merged (37 % of an import's time; docs/performance.md, issue #10).
        XF_TRY(c_.Prepare("INSERT INTO petition_search(petition_id, sig) VALUES (?1, ?2) "
                          "ON CONFLICT(petition_id) DO UPDATE SET sig = excluded.sig")
                   .Bind(1, p.id)
                   .Bind(2, search::IndexSignature(p))
                   .Run());
        return Ok();
    }

    // The candidates come from the index in descending rowid order (FTS5 walks its doclists backwards), joined to
    // the case for the other conditions, until `cap` are found: the work is bounded by cap, not by the matches.
    Result<SearchPage> Search(const SearchRequest& r) override {
        if (!r.filter.text) return Fail(Error::InvalidArgument("q", "请输入检索词"));
        XF_TRY(SeeOwnIndexWrites());
        PetitionFilter f = r.filter;
        const std::string match = FtsMatch(*std::exchange(f.text, std::nullopt));
        f.after.reset();
        std::vector<Param> where_params;
        const std::string where = Where(f, where_params);
        auto candidates = [&](std::vector<Param>& params, std::string_view columns, std::string_view extra,
                              int64_t limit) {
            params.push_back(match);
            for (const auto& x : where_params) params.push_back(x);
            params.push_back(limit);
            return fmt::format("SELECT {} FROM petition_fts f JOIN petitions p ON p.id = f.rowid WHERE "
                               "petition_fts MATCH ? AND {}{} ORDER BY f.rowid DESC LIMIT ?",
                               columns, where, extra);
        };
        const int64_t cap = std::max<int64_t>(r.cap, 1);
        const int limit = std::clamp(f.limit, 1, 500);
        SearchPage page;
        if (r.with_counts) {
            std::vector<Param> params;
            std::string sql = "SELECT k, count(*), coalesce(sum(n), 0) FROM (" +
                              candidates(params, "substr(p.category_code, 1, 2) AS k, p.persons AS n", "", cap + 1) +
                              ") GROUP BY k ORDER BY k";
            XF_ASSIGN_OR_RETURN(Statement st, c_.PrepareUncached(sql));
            BindAll(st, params);
            XF_ASSIGN_OR_RETURN(auto rows, Collect<CountRow>(st, [](const Statement& st) {
                return CountRow{st.Text(0), st.Int64(1), st.Int64(2)};
            }));
            page.SetCounts(std::move(rows), cap);
        }
        std::vector<Param> params;
        std::string sql;
        if (r.order == SearchOrder::kNewest) {
            std::string extra;
            if (r.after) extra = " AND f.rowid < " + std::to_string(r.after->second);
            sql = candidates(params, "p.id, p.version, p.doc, 0.0", extra, limit + 1);
        } else {
            // Ranked among the candidates: bm25 is computed in the same backward walk, for the candidates only.
            std::string c = candidates(params, "p.id AS id, -bm25(petition_fts, 3.0, 1.0, 2.0) AS score", "", cap);
            sql = "WITH s AS MATERIALIZED (" + c + ") "
                  "SELECT p.id, p.version, p.doc, s.score FROM s JOIN petitions p ON p.id = s.id";
            if (r.after) {
                sql += " WHERE (s.score < ? OR (s.score = ? AND p.id < ?))";
                params.push_back(r.after->first);
                params.push_back(r.after->first);
                params.push_back(r.after->second);
            }
            sql += " ORDER BY s.score DESC, p.id DESC LIMIT ?";
            params.push_back(static_cast<int64_t>(limit + 1));
        }
        XF_ASSIGN_OR_RETURN(Statement st, c_.PrepareUncached(sql));
        BindAll(st, params);
        while (true) {
            XF_ASSIGN_OR_RETURN(bool row, st.Step());
            if (!row) break;
            XF_ASSIGN_OR_RETURN(Petition p, Decode(st));
            page.items.push_back({std::move(p), st.Double(3)});
        }
        if (static_cast<int>(page.items.size()) > limit) {
            page.items.pop_back();
            page.next = std::make_pair(page.items.back().score, page.items.back().petition.id);
        }
        return page;
    }

    Result<std::vector<Petition>> FindByMatchKeys(const std::vector<int64_t>& keys, int limit) override {
        std::vector<Petition> out;
        if (keys.empty() || limit < 1) return out;
        XF_TRY(SeeOwnIndexWrites());
        std::string per_key;
        for (size_t i = 0; i < keys.size(); ++i) {
            if (i) per_key += " UNION ALL ";
            per_key += fmt::format("SELECT * FROM (SELECT rowid AS petition_id FROM petition_match WHERE "
                                   "petition_match MATCH ?{} ORDER BY rowid DESC LIMIT {})", i + 1, kKeyFanout);
        }
        std::string sql = fmt::format(
            "SELECT p.id, p.version, p.doc FROM (SELECT petition_id, count(*) AS shared FROM ({}) GROUP BY petition_id "
            "ORDER BY shared DESC, petition_id DESC LIMIT ?{}) m JOIN petitions p ON p.id = m.petition_id "
            "ORDER BY m.shared DESC, p.id DESC",
            per_key, keys.size() + 1);
        XF_ASSIGN_OR_RETURN(Statement st, c_.PrepareUncached(sql));
        for (size_t i = 0; i < keys.size(); ++i) st.Bind(static_cast<int>(i + 1), MatchKeyTokens({keys[i]}));
        st.Bind(static_cast<int>(keys.size() + 1), static_cast<int64_t>(limit));
        while (true) {
            XF_ASSIGN_OR_RETURN(bool row, st.Step());
            if (!row) break;
            XF_ASSIGN_OR_RETURN(Petition p, Decode(st));
            out.push_back(std::move(p));
        }
        return out;
    }

    Status ClearSearchIndex() override {
        XF_TRY(SeeOwnIndexWrites());  // rows still held would otherwise be written after the 'delete-all'
        return c_.Exec("INSERT INTO petition_fts(petition_fts) VALUES ('delete-all'); "
                       "INSERT INTO petition_match(petition_match) VALUES ('delete-all'); "
                       "DELETE FROM petition_search;");
    }

    Result<int64_t> ReindexSearch(int64_t after_id, int limit) override {
        std::vector<std::pair<Petition, std::optional<Petition>>> page;
        {
            auto& st = c_.Prepare("SELECT p.id, p.version, p.doc, s.sig FROM petitions p "
                                  "LEFT JOIN petition_search s ON s.petition_id = p.id WHERE p.id > ?1 ORDER BY p.id LIMIT ?2")
                           .Bind(1, after_id)
                           .Bind(2, static_cast<int64_t>(std::max(limit, 1)));
            while (true) {
                XF_ASSIGN_OR_RETURN(bool row, st.Step());
                if (!row) break;
                XF_ASSIGN_OR_RETURN(Petition p, Decode(st));
                std::optional<Petition> old;
                if (!st.IsNull(3)) old = p;  // indexed already: indexed from this very document
                page.emplace_back(std::move(p), std::move(old));
            }
        }
        int64_t last = 0;
        for (const auto& [p, old] : page) {
            XF_TRY(IndexForSearch(p, old ? &*old : nullptr));
            last = p.id;
        }
        return last;
    }

    Result<std::vector<StatEntry>> EntriesOf(const PetitionFilter& filter) {
        // An org subtree drives the query through petition_orgs (a county in a province reads its own cases only).
        PetitionFilter f = filter;
        std::optional<std::string> subtree = std::exchange(f.scope_org_path, std::nullopt);
        if (f.text) XF_TRY(SeeOwnIndexWrites());
        std::vector<Param> params;
        std::string sql = "SELECT p.stats FROM petitions p WHERE ";
        if (subtree) {
            sql += "p.id IN (SELECT po.petition_id FROM petition_orgs po WHERE po.org_id IN "
                   "(SELECT id FROM orgs WHERE path LIKE ? ESCAPE '\\')) AND ";
            params.push_back(LikePrefix(*subtree));
        }
        sql += Where(f, params);
        XF_ASSIGN_OR_RETURN(auto st, c_.PrepareUncached(sql));
        BindAll(st, params);
        std::vector<StatEntry> out;
        while (true) {
            XF_ASSIGN_OR_RETURN(bool row, st.Step());
            if (!row) break;
            XF_ASSIGN_OR_RETURN(auto entries, DecodeStatEntries(st.TextView(0)));
            for (auto& e : entries) out.push_back(std::move(e));
        }
        return out;
    }

    Result<int64_t> RebuildStats() {
        XF_TRY(c_.Exec("DELETE FROM stat_day; DELETE FROM stat_month;"));
        rollup_.Clear();
        int64_t after = 0, n = 0;
        while (true) {
            std::vector<Petition> page;
            {
                auto& st = c_.Prepare("SELECT id, version, doc FROM petitions WHERE id > ?1 ORDER BY id LIMIT 2000")
                               .Bind(1, after);
                while (true) {
                    XF_ASSIGN_OR_RETURN(bool row, st.Step());
                    if (!row) break;
                    XF_ASSIGN_OR_RETURN(Petition p, Decode(st));
                    page.push_back(std::move(p));
                }
            }
            if (page.empty()) break;
            for (const auto& p : page) {
                auto entries = StatEntriesFor(p);
                XF_TRY(c_.Prepare("UPDATE petitions SET stats = ?1 WHERE id = ?2")
                           .Bind(1, EncodeStatEntries(entries))
                           .Bind(2, p.id)
                           .Run());
                XF_TRY(rollup_.Add(entries, +1));
                after = p.id;
                ++n;
            }
            XF_TRY(rollup_.Flush());
        }
        return n;
    }

    Result<std::optional<Petition>> Get(int64_t id) override {
        return One("SELECT id, version, doc FROM petitions WHERE id = ?1", [&](Statement& s) { s.Bind(1, id); });
    }
    Result<std::optional<Petition>> FindByNumber(const std::string& number) override {
        return One("SELECT id, version, doc FROM petitions WHERE number = ?1",
                   [&](Statement& s) { s.Bind(1, number); });
    }
    Result<std::optional<Petition>> FindByQueryCode(const std::string& code) override {
        return One("SELECT id, version, doc FROM petitions WHERE query_code = ?1",
                   [&](Statement& s) { s.Bind(1, code); });
    }

    Result<PetitionPage> List(const PetitionFilter& f) override {
        if (f.text) XF_TRY(SeeOwnIndexWrites());
        std::vector<Param> params;
        std::string where = Where(f, params);
        if (f.after) {
            where += " AND (p.received_at < ? OR (p.received_at = ? AND p.id < ?))";
            params.push_back(Secs(f.after->first));
            params.push_back(Secs(f.after->first));
            params.push_back(f.after->second);
        }
        int limit = std::clamp(f.limit, 1, 500);
        params.push_back(static_cast<int64_t>(limit + 1));
        std::string sql = "SELECT p.id, p.version, p.doc FROM petitions p WHERE " + where +
                          " ORDER BY p.received_at DESC, p.id DESC LIMIT ?";
        // Filter combinations are many: dynamic SQL is prepared uncached so the statement cache stays bounded.
        XF_ASSIGN_OR_RETURN(Statement st, c_.PrepareUncached(sql));
        BindAll(st, params);
        PetitionPage page;
        while (true) {
            XF_ASSIGN_OR_RETURN(bool row, st.Step());
            if (!row) break;
            XF_ASSIGN_OR_RETURN(Petition p, Decode(st));
            page.items.push_back(std::move(p));
        }
        if (static_cast<int>(page.items.size()) > limit) {
            page.items.pop_back();
            page.next = std::make_pair(page.items.back().received_at, page.items.back().id);
        }
        return page;
    }

    Result<int64_t> Count(const PetitionFilter& f) override {
        if (f.text) XF_TRY(SeeOwnIndexWrites());
        std::vector<Param> params;
        std::string sql = "SELECT count(*) FROM petitions p WHERE " + Where(f, params);
        XF_ASSIGN_OR_RETURN(Statement st, c_.PrepareUncached(sql));
        BindAll(st, params);
        XF_ASSIGN_OR_RETURN(bool row, st.Step());
        return row ? st.Int64(0) : 0;
    }

    Result<std::vector<CountRow>> CountBy(const PetitionFilter& f, CountDimension d) override {
        if (f.text) XF_TRY(SeeOwnIndexWrites());
        std::string_view expr;
        switch (d) {
            case CountDimension::kChannel:
                expr = "p.channel";
                break;
            case CountDimension::kPurpose:
                expr = "p.purpose";
                break;
            case CountDimension::kState:
                expr = "p.state";
                break;
            case CountDimension::kCategoryTop:
                expr = "substr(p.category_code, 1, 2)";
                break;
            case CountDimension::kRegion:
                expr = "p.region_code";
                break;
            case CountDimension::kMonth:
                expr = "substr(p.received_on, 1, 7)";
                break;
            case CountDimension::kRating:
                expr = "coalesce(p.rating, CASE WHEN p.replied_on IS NULL THEN '' ELSE 'unrated' END)";
                break;
            case CountDimension::kCollective:
                expr = "CASE WHEN p.channel = 'visit' AND p.persons >= 5 THEN 'collective' ELSE 'individual' END";
                break;
            case CountDimension::kCurrentOrgLevel:
                expr = "(SELECT o.level FROM orgs o WHERE o.id = p.current_org_id)";
                break;
        }
        std::vector<Param> params;
        std::string sql = fmt::format(
            "SELECT {} AS k, count(*), coalesce(sum(p.persons), 0) FROM petitions p WHERE {} "
            "GROUP BY k ORDER BY k",
            expr, Where(f, params));
        XF_ASSIGN_OR_RETURN(Statement st, c_.PrepareUncached(sql));
        BindAll(st, params);
        return Collect<CountRow>(st, [](const Statement& st) {
            return CountRow{st.Text(0), st.Int64(1), st.Int64(2)};
        });
    }

    Result<std::vector<int64_t>> OpenCaseIds(int64_t after_id, int limit) override {
        auto& st = c_.Prepare("SELECT id FROM petitions WHERE is_open = 1 AND id > ?1 ORDER BY id LIMIT ?2");
        st.Bind(1, after_id).Bind(2, limit);
        return Collect<int64_t>(st, [](const Statement& st) { return st.Int64(0); });
    }

    Result<std::vector<int64_t>> CaseIdsOfOrg(int64_t org_id, int64_t after_id, int limit) override {
        auto& st = c_.Prepare("SELECT petition_id FROM petition_orgs WHERE org_id = ?1 AND petition_id > ?2 "
                              "ORDER BY petition_id LIMIT ?3");
        st.Bind(1, org_id).Bind(2, after_id).Bind(3, limit);
        return Collect<int64_t>(st, [](const Statement& st) { return st.Int64(0); });
    }

    Result<Event> AppendEvent(Event e) override {
        XF_TRY(
            c_.Prepare("INSERT INTO events(petition_id, at, action, actor_user_id, actor_kind, org_id, target_org_id, "
                       "public_text, internal_note, detail, is_public) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11)")
                .Bind(1, e.petition_id)
                .Bind(2, Secs(e.at))
                .Bind(3, e.action)
                .Bind(4, e.actor_user_id)
                .Bind(5, e.actor_kind)
                .Bind(6, e.org_id)
                .Bind(7, e.target_org_id)
                .Bind(8, e.public_text)
                .Bind(9, e.internal_note)
                .Bind(10, e.detail_json)
                .Bind(11, e.is_public)
                .Run());
        XF_ASSIGN_OR_RETURN(e.id, c_.LastInsertRowid());
        if (e.actor_kind == "staff") XF_TRY(Involve(e.petition_id, 0, e.actor_user_id));
        return e;
    }

    Result<std::vector<Event>> Events(int64_t petition_id) override {
        auto& st = c_.Prepare(
            "SELECT id, petition_id, at, action, actor_user_id, actor_kind, org_id, target_org_id, public_text, "
            "internal_note, detail, is_public FROM events WHERE petition_id = ?1 ORDER BY id");
        st.Bind(1, petition_id);
        std::vector<Event> out;
        while (true) {
            XF_ASSIGN_OR_RETURN(bool row, st.Step());
            if (!row) break;
            Event e;
            e.id = st.Int64(0);
            e.petition_id = st.Int64(1);
            e.at = FromSecs(st.Int64(2));
            e.action = st.Text(3);
            e.actor_user_id = st.Int64(4);
            e.actor_kind = st.Text(5);
            e.org_id = st.Int64(6);
            e.target_org_id = st.OptInt64(7);
            e.public_text = st.Text(8);
            e.internal_note = st.Text(9);
            e.detail_json = st.Text(10);
            e.is_public = st.Int64(11) != 0;
            out.push_back(std::move(e));
        }
        return out;
    }

    Result<CaseAccessFacts> AccessFacts(int64_t petition_id) override {
        CaseAccessFacts facts;
        auto& st = c_.Prepare(
            "SELECT o.id, o.code, o.parent_id, o.name, o.level, o.kind, o.region_code, o.path FROM petition_orgs po "
            "JOIN orgs o ON o.id = po.org_id WHERE po.petition_id = ?1");
        st.Bind(1, petition_id);
        while (true) {
            XF_ASSIGN_OR_RETURN(bool row, st.Step());
            if (!row) break;
            facts.involved_orgs.push_back(ReadOrg(st));
        }
        auto& us = c_.Prepare("SELECT user_id FROM petition_users WHERE petition_id = ?1");
        us.Bind(1, petition_id);
        while (true) {
            XF_ASSIGN_OR_RETURN(bool row, us.Step());
            if (!row) break;
            facts.involved_users.push_back(us.Int64(0));
        }
        auto& as = c_.Prepare(fmt::format(
            "SELECT {} FROM orgs WHERE id = (SELECT accused_org_id FROM petitions WHERE id = ?1)", kOrgCols));
        as.Bind(1, petition_id);
        XF_ASSIGN_OR_RETURN(bool row, as.Step());
        if (row) facts.accused_org = ReadOrg(as);
        return facts;
    }

    Result<int64_t> NextSequence(const std::string& name) override {
        auto& st = c_.Prepare(
            "INSERT INTO sequences(name, value) VALUES (?1, 1) "
            "ON CONFLICT(name) DO UPDATE SET value = value + 1 RETURNING value");
        st.Bind(1, name);
        XF_ASSIGN_OR_RETURN(bool row, st.Step());
        if (!row) return Fail(Error::Internal("sequence did not return a value"));
        int64_t v = st.Int64(0);
        XF_ASSIGN_OR_RETURN(bool more, st.Step());
        (void)more;
        return v;
    }

  private:
    using Param = std::variant<int64_t, std::string, double>;

    // A write transaction reads its own index writes: the rows its group still holds (ApplyPendingIndexRows) are
    // written before the index is read. Inside an item's savepoint, so they go if the item is rolled back.
    Status SeeOwnIndexWrites() { return writer_ ? ApplyPendingIndexRows(c_) : Ok(); }

    static std::optional<std::string> RatingColumn(const Petition& p) {
        return p.rating ? std::optional<std::string>(std::string(RatingName(*p.rating))) : std::nullopt;
    }
    static std::optional<std::string> RepliedColumn(const Petition& p) {
        return p.replied_on ? std::optional<std::string>(FormatDate(*p.replied_on)) : std::nullopt;
    }

    static std::optional<std::string> NextDue(const Petition& p) {
        auto d = p.NextDutyDue();
        return d ? std::optional<std::string>(FormatDate(*d)) : std::nullopt;
    }

    Status Involve(int64_t petition_id, int64_t org_id, int64_t user_id) {
        if (org_id)
            XF_TRY(c_.Prepare("INSERT OR IGNORE INTO petition_orgs(petition_id, org_id) VALUES (?1, ?2)")
                       .Bind(1, petition_id)
                       .Bind(2, org_id)
                       .Run());
        if (user_id)
            XF_TRY(c_.Prepare("INSERT OR IGNORE INTO petition_users(petition_id, user_id) VALUES (?1, ?2)")
                       .Bind(1, petition_id)
                       .Bind(2, user_id)
                       .Run());
        return Ok();
    }

    // The WHERE clause is assembled from fixed fragments only; every value is a bound parameter.
    static std::string Where(const PetitionFilter& f, std::vector<Param>& params) {
        std::string w = "1=1";
        auto add = [&](std::string_view frag, Param v) {
            w += " AND ";
            w += frag;
            params.push_back(std::move(v));
        };
        if (f.scope_org_path)
            add("EXISTS (SELECT 1 FROM petition_orgs po JOIN orgs o ON o.id = po.org_id "
                "WHERE po.petition_id = p.id AND o.path LIKE ?)",
                *f.scope_org_path + "%");
        if (f.scope_org_id)
            add("EXISTS (SELECT 1 FROM petition_orgs po WHERE po.petition_id = p.id AND po.org_id = ?)",
                *f.scope_org_id);
        if (f.scope_user_id)
            add("EXISTS (SELECT 1 FROM petition_users pu WHERE pu.petition_id = p.id AND pu.user_id = ?)",
                *f.scope_user_id);
        if (f.exclude_accused_path)
            add("NOT (p.purpose = 'accusation' AND p.accused_org_id IS NOT NULL AND EXISTS (SELECT 1 FROM orgs ao "
                "WHERE ao.id = p.accused_org_id AND substr(?, 1, length(ao.path)) = ao.path))",
                *f.exclude_accused_path);
        if (f.state) add("p.state = ?", std::string(StateName(*f.state)));
        // A literal, not a parameter: only then can SQLite use the partial indexes of open cases (migration 0012).
        if (f.open_only) w += *f.open_only ? " AND p.is_open = 1" : " AND p.is_open = 0";
        if (f.channel) add("p.channel = ?", std::string(ChannelName(*f.channel)));
        if (f.purpose) add("p.purpose = ?", std::string(PurposeName(*f.purpose)));
        if (f.category_prefix) add("p.category_code LIKE ? ESCAPE '\\'", LikePrefix(*f.category_prefix));
        if (f.region_prefix) add("p.region_code LIKE ? ESCAPE '\\'", LikePrefix(*f.region_prefix));
        if (f.current_org_id) add("p.current_org_id = ?", *f.current_org_id);
        if (f.current_org_path)
            add("p.current_org_id IN (SELECT id FROM orgs WHERE path LIKE ? ESCAPE '\\')", LikePrefix(*f.current_org_path));
        if (f.received_from) add("p.received_on >= ?", FormatDate(*f.received_from));
        if (f.received_to) add("p.received_on <= ?", FormatDate(*f.received_to));
        if (f.due_before) add("p.next_due <= ?", FormatDate(*f.due_before));
        if (f.due_from) add("p.next_due >= ?", FormatDate(*f.due_from));
        if (f.number) add("p.number = ?", *f.number);
        if (f.kind) add("p.kind = ?", std::string(CaseKindName(*f.kind)));
        if (f.text) add("p.id IN (SELECT rowid FROM petition_fts WHERE petition_fts MATCH ?)", FtsMatch(*f.text));
        return w;
    }

    // Every term a phrase of its tokens (the tokenizer's query mode reads them back as they are), all required.
    static std::string FtsMatch(const search::Query& q) {
        std::string m;
        for (const auto& t : q.terms) {
            if (!m.empty()) m += " AND ";
            m += '"';
            for (size_t i = 0; i < t.tokens.size(); ++i) {
                if (i) m += ' ';
                for (char c : t.tokens[i]) m += c == '"' ? std::string("\"\"") : std::string(1, c);
            }
            m += '"';
        }
        return m;
    }


    static void BindAll(Statement& st, const std::vector<Param>& params) {
        for (size_t i = 0; i < params.size(); ++i) {
            int idx = static_cast<int>(i) + 1;
            if (std::holds_alternative<int64_t>(params[i]))
                st.Bind(idx, std::get<int64_t>(params[i]));
            else if (std::holds_alternative<double>(params[i]))
                st.Bind(idx, std::get<double>(params[i]));
            else
                st.Bind(idx, std::string_view(std::get<std::string>(params[i])));
        }
    }

    static Result<Petition> Decode(const Statement& st) {
        XF_ASSIGN_OR_RETURN(Petition p, DecodePetition(st.TextView(2)));
        p.id = st.Int64(0);
        p.version = st.Int64(1);
        return p;
    }

    template <class B>
    Result<std::optional<Petition>> One(std::string_view sql, B bind) {
        auto& st = c_.Prepare(sql);
        bind(st);
        XF_ASSIGN_OR_RETURN(bool row, st.Step());
        if (!row) return std::optional<Petition>();
        XF_ASSIGN_OR_RETURN(Petition p, Decode(st));
        return std::optional<Petition>(std::move(p));
    }

    Connection& c_;
    StatRollup& rollup_;
    bool writer_;  // on the writer connection (which holds the group's index rows), not a reader
};

class SqliteStats final : public StatsRepository {
  public:
    SqliteStats(Connection& c, StatRollup& rollup, SqlitePetitions& petitions)
        : c_(c), rollup_(rollup), petitions_(petitions) {}

    // Whole months come from stat_month; the partial months at either end from stat_day.
    Result<std::vector<StatSum>> Sum(int64_t org_id, StatDim dim, Date from, Date to) override {
        XF_TRY(rollup_.Flush());
        std::unordered_map<std::string, std::pair<int64_t, int64_t>> sums;
        const RollupRanges ranges = SplitForRollups(from, to);
        for (const auto& [a, b] : ranges.day_ranges)
            XF_TRY(Query("SELECT key, SUM(batches), SUM(persons) FROM stat_day WHERE org_id = ?1 AND dim = ?2 AND "
                         "day BETWEEN ?3 AND ?4 GROUP BY key",
                         org_id, dim, a, b, sums));
        if (ranges.month_range)
            XF_TRY(Query("SELECT key, SUM(batches), SUM(persons) FROM stat_month WHERE org_id = ?1 AND dim = ?2 "
                         "AND month BETWEEN ?3 AND ?4 GROUP BY key",
                         org_id, dim, ranges.month_range->first, ranges.month_range->second, sums));
        std::vector<StatSum> out;
        out.reserve(sums.size());
        for (auto& [k, v] : sums) out.push_back({k, v.first, v.second});
        return out;
    }

    Result<std::vector<StatEntry>> EntriesOf(const PetitionFilter& f) override { return petitions_.EntriesOf(f); }
    Result<int64_t> Rebuild() override { return petitions_.RebuildStats(); }
    Result<std::vector<StatCell>> Cells(bool months, std::optional<int64_t> org_id) override {
        XF_TRY(rollup_.Flush());
        // Two statements, not "?1 IS NULL OR org_id = ?1": that would scan the whole table for one org.
        auto& st = c_.Prepare(fmt::format("SELECT org_id, {0}, key, batches, persons FROM stat_{1} {2} ORDER BY 1, 2, 3, 4",
                                          months ? "dim, month" : "dim, day", months ? "month" : "day",
                                          org_id ? "WHERE org_id = ?1" : ""));
        if (org_id) st.Bind(1, *org_id);
        return Collect<StatCell>(st, [](const Statement& st) {
            return StatCell{st.Int64(0), static_cast<int>(st.Int64(1)), static_cast<int32_t>(st.Int64(2)), st.Text(3),
                            st.Int64(4), st.Int64(5)};
        });
    }

  private:
    Status Query(std::string_view sql, int64_t org_id, StatDim dim, int64_t a, int64_t b,
                 std::unordered_map<std::string, std::pair<int64_t, int64_t>>& sums) {
        auto& st = c_.Prepare(sql).Bind(1, org_id).Bind(2, static_cast<int64_t>(dim)).Bind(3, a).Bind(4, b);
        while (true) {
            XF_ASSIGN_OR_RETURN(bool row, st.Step());
            if (!row) break;
            auto& v = sums[st.Text(0)];
            v.first += st.Int64(1);
            v.second += st.Int64(2);
        }
        return Ok();
    }

    Connection& c_;
    StatRollup& rollup_;
    SqlitePetitions& petitions_;
};

constexpr std::string_view kAuditColumns =
    "id, at, actor_user_id, actor_kind, action, object_type, object_id, detail, request_id, remote_addr, "
    "coalesce(chain, -1), coalesce(seq, 0), coalesce(prev_hash, ''), coalesce(hash, '')";

AuditRecord ReadAudit(const Statement& st) {
    return AuditRecord{st.Int64(0),  FromSecs(st.Int64(1)), st.Int64(2),
                       st.Text(3),   st.Text(4),            st.Text(5),
                       st.Text(6),   st.Text(7),            st.Text(8),
                       st.Text(9),   static_cast<int>(st.Int64(10)), st.Int64(11),
                       st.Text(12),  st.Text(13)};
}

// One chain (0): SQLite has one writer, so appends never wait for a chain.
class SqliteAudit final : public AuditLog {
  public:
    explicit SqliteAudit(Connection& c) : c_(c) {}
    Status Append(const AuditRecord& record) override {
        AuditRecord r = record;
        auto& head = c_.Prepare("SELECT seq, hash FROM audit_chains WHERE chain = 0");
        XF_ASSIGN_OR_RETURN(bool found, head.Step());
        int64_t seq = found ? head.Int64(0) : 0;
        std::string hash = found ? head.Text(1) : std::string();
        head.Reset();
        LinkAuditRecord(r, 0, seq, hash, crypto::Sha256Hex);
        XF_TRY(c_.Prepare("INSERT INTO audit(at, actor_user_id, actor_kind, action, object_type, object_id, detail, "
                          "request_id, remote_addr, chain, seq, prev_hash, hash) "
                          "VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13)")
                   .Bind(1, Secs(r.at))
                   .Bind(2, r.actor_user_id)
                   .Bind(3, r.actor_kind)
                   .Bind(4, r.action)
                   .Bind(5, r.object_type)
                   .Bind(6, r.object_id)
                   .Bind(7, r.detail_json)
                   .Bind(8, r.request_id)
                   .Bind(9, r.remote_addr)
                   .Bind(10, r.chain)
                   .Bind(11, r.seq)
                   .Bind(12, r.prev_hash)
                   .Bind(13, r.hash)
                   .Run());
        return c_
            .Prepare("INSERT INTO audit_chains(chain, seq, hash) VALUES (0, ?1, ?2) "
                     "ON CONFLICT(chain) DO UPDATE SET seq = excluded.seq, hash = excluded.hash")
            .Bind(1, r.seq)
            .Bind(2, r.hash)
            .Run();
    }
    Result<std::vector<AuditRecord>> List(const AuditFilter& f) override {
        auto& st = c_.Prepare(fmt::format(
            "SELECT {} FROM audit WHERE (?1 IS NULL OR object_type = ?1) AND (?2 IS NULL OR object_id = ?2) "
            "ORDER BY id DESC LIMIT ?3",
            kAuditColumns));
        st.Bind(1, f.object_type).Bind(2, f.object_id).Bind(3, std::clamp(f.limit, 1, 1000));
        return Collect<AuditRecord>(st, ReadAudit);
    }
    Result<std::vector<AuditChainHead>> Chains() override {
        auto& st = c_.Prepare(
            "SELECT chain, seq, hash, pruned_seq, pruned_hash, pruned_at FROM audit_chains ORDER BY chain");
        return Collect<AuditChainHead>(st, [](const Statement& st) {
            return AuditChainHead{static_cast<int>(st.Int64(0)), st.Int64(1), st.Text(2),
                                  st.Int64(3),                   st.Text(4),  FromSecs(st.Int64(5))};
        });
    }
    Result<std::vector<AuditRecord>> ChainRecords(int chain, int64_t after_seq, int64_t up_to_seq,
                                                  int limit) override {
        auto& st = c_.Prepare(fmt::format(
            "SELECT {} FROM audit WHERE chain = ?1 AND seq > ?2 AND seq <= ?3 ORDER BY seq LIMIT ?4", kAuditColumns));
        st.Bind(1, chain).Bind(2, after_seq).Bind(3, up_to_seq).Bind(4, std::max(limit, 1));
        return Collect<AuditRecord>(st, ReadAudit);
    }
    Result<AuditCounts> Counts() override {
        auto& st = c_.Prepare(
            "SELECT count(*), count(*) FILTER (WHERE chain IS NULL), "
            "count(*) FILTER (WHERE chain IS NOT NULL AND chain NOT IN (SELECT chain FROM audit_chains)) FROM audit");
        XF_ASSIGN_OR_RETURN(bool row, st.Step());
        AuditCounts c;
        if (row) c = AuditCounts{st.Int64(0), st.Int64(1), st.Int64(2)};
        st.Reset();
        return c;
    }
    Result<int64_t> Prune(Instant before, Instant now) override {
        XF_ASSIGN_OR_RETURN(std::vector<AuditChainHead> chains, Chains());
        int64_t removed = 0;
        XF_TRY(c_.Prepare("INSERT INTO audit_prune_permit(id) VALUES (1)").Run());
        for (const auto& h : chains) {
            auto& last = c_.Prepare("SELECT seq, hash FROM audit WHERE chain = ?1 AND seq = "
                                    "(SELECT max(seq) FROM audit WHERE chain = ?1 AND at < ?2)");
            last.Bind(1, h.chain).Bind(2, Secs(before));
            XF_ASSIGN_OR_RETURN(bool found, last.Step());
            if (!found) {
                last.Reset();
                continue;
            }
            int64_t seq = last.Int64(0);
            std::string hash = last.Text(1);
            last.Reset();
            XF_TRY(c_.Prepare("DELETE FROM audit WHERE chain = ?1 AND seq <= ?2").Bind(1, h.chain).Bind(2, seq).Run());
            removed += c_.Changes();
            XF_TRY(c_.Prepare("UPDATE audit_chains SET pruned_seq = ?2, pruned_hash = ?3, pruned_at = ?4 "
                              "WHERE chain = ?1")
                       .Bind(1, h.chain)
                       .Bind(2, seq)
                       .Bind(3, hash)
                       .Bind(4, Secs(now))
                       .Run());
        }
        // Records from before the chain existed have no chain to note the cut in.
        XF_TRY(c_.Prepare("DELETE FROM audit WHERE chain IS NULL AND at < ?1").Bind(1, Secs(before)).Run());
        removed += c_.Changes();
        XF_TRY(c_.Prepare("DELETE FROM audit_prune_permit").Run());
        return removed;
    }

  private:
    Connection& c_;
};

class SqliteSettings final : public SettingsRepository {
  public:
    explicit SqliteSettings(Connection& c) : c_(c) {}
    Result<std::optional<std::string>> Get(const std::string& key) override {
        auto& st = c_.Prepare("SELECT value FROM settings WHERE key = ?1");
        st.Bind(1, key);
        XF_ASSIGN_OR_RETURN(bool row, st.Step());
        if (!row) return std::optional<std::string>();
        return std::optional<std::string>(st.Text(0));
    }
    Status Set(const std::string& key, const std::string& value) override {
        return c_.Prepare("INSERT INTO settings(key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = ?2")
            .Bind(1, key)
            .Bind(2, value)
            .Run();
    }

  private:
    Connection& c_;
};

class SqliteRegions final : public RegionRepository {
  public:
    explicit SqliteRegions(Connection& c) : c_(c) {}
    Result<std::vector<Region>> List() override {
        auto& st = c_.Prepare("SELECT code, parent_code, name FROM regions ORDER BY code");
        return Collect<Region>(st, [](const Statement& st) { return Region{st.Text(0), st.Text(1), st.Text(2)}; });
    }
    Result<int> Upsert(const std::vector<Region>& rows) override {
        for (const auto& r : rows)
            XF_TRY(
                c_.Prepare("INSERT INTO regions(code, parent_code, name) VALUES (?1,?2,?3) "
                           "ON CONFLICT(code) DO UPDATE SET parent_code = excluded.parent_code, name = excluded.name")
                    .Bind(1, r.code)
                    .Bind(2, r.parent_code)
                    .Bind(3, r.name)
                    .Run());
        return static_cast<int>(rows.size());
    }

  private:
    Connection& c_;
};

class SqliteCalendar final : public CalendarRepository {
  public:
    explicit SqliteCalendar(Connection& c) : c_(c) {}
    Result<std::vector<CalendarDay>> List() override {
        auto& st = c_.Prepare("SELECT day, kind, name FROM calendar_days ORDER BY day");
        std::vector<CalendarDay> out;
        while (true) {
            XF_ASSIGN_OR_RETURN(bool row, st.Step());
            if (!row) break;
            XF_ASSIGN_OR_RETURN(Date d, ParseDate(st.TextView(0), "day"));
            out.push_back({d, st.TextView(1) == "workday", st.Text(2)});
        }
        return out;
    }
    Status ReplaceYear(int year, const std::vector<CalendarDay>& days) override {
        XF_TRY(
            c_.Prepare("DELETE FROM calendar_days WHERE substr(day, 1, 4) = ?1").Bind(1, std::to_string(year)).Run());
        for (const auto& d : days)
            XF_TRY(c_.Prepare("INSERT INTO calendar_days(day, kind, name) VALUES (?1, ?2, ?3)")
                       .Bind(1, FormatDate(d.day))
                       .Bind(2, d.workday ? "workday" : "holiday")
                       .Bind(3, d.name)
                       .Run());
        return Ok();
    }

  private:
    Connection& c_;
};

// One writer at a time (the writer thread) makes the read-check-update atomic.
class SqliteJobs final : public JobRepository {
  public:
    explicit SqliteJobs(Connection& c) : c_(c) {}
    Result<bool> Claim(const JobClaim& j) override {
        XF_TRY(c_.Prepare("INSERT OR IGNORE INTO jobs(name, next_run_at) VALUES (?1, 0)").Bind(1, j.name).Run());
        XF_TRY(c_.Prepare("UPDATE jobs SET next_run_at = ?1, owner = ?2, last_started_at = ?3 "
                          "WHERE name = ?4 AND next_run_at <= ?3")
                   .Bind(1, Secs(j.hold_until))
                   .Bind(2, j.owner)
                   .Bind(3, Secs(j.now))
                   .Bind(4, j.name)
                   .Run());
        return c_.Changes() == 1;
    }
    Status Finish(const std::string& name, const std::string& owner, Instant now, Instant next_run_at,
                  const std::string& result) override {
        return c_
            .Prepare("UPDATE jobs SET next_run_at = ?1, last_finished_at = ?2, last_result = ?3 "
                     "WHERE name = ?4 AND owner = ?5")
            .Bind(1, Secs(next_run_at))
            .Bind(2, Secs(now))
            .Bind(3, result)
            .Bind(4, name)
            .Bind(5, owner)
            .Run();
    }
    Result<std::vector<JobStatus>> List() override {
        auto& st = c_.Prepare(
            "SELECT name, owner, next_run_at, last_started_at, last_finished_at, last_result FROM jobs ORDER BY name");
        std::vector<JobStatus> out;
        while (true) {
            XF_ASSIGN_OR_RETURN(bool row, st.Step());
            if (!row) break;
            JobStatus j{st.Text(0), st.Text(1), FromSecs(st.Int64(2)), std::nullopt, std::nullopt, st.Text(5)};
            if (!st.IsNull(3)) j.last_started_at = FromSecs(st.Int64(3));
            if (!st.IsNull(4)) j.last_finished_at = FromSecs(st.Int64(4));
            out.push_back(std::move(j));
        }
        return out;
    }

  private:
    Connection& c_;
};

class SqliteRateLimits final : public RateLimitRepository {
  public:
    explicit SqliteRateLimits(Connection& c) : c_(c) {}
    Result<int64_t> Hit(const std::string& key, Instant now, std::chrono::seconds window) override {
        auto& st = c_.Prepare(
            "INSERT INTO rate_limits(key, window_start, hits) VALUES (?1, ?2, 1) ON CONFLICT(key) DO UPDATE SET "
            "hits = CASE WHEN window_start <= ?2 - ?3 THEN 1 ELSE hits + 1 END, "
            "window_start = CASE WHEN window_start <= ?2 - ?3 THEN ?2 ELSE window_start END RETURNING hits");
        st.Bind(1, key).Bind(2, Secs(now)).Bind(3, static_cast<int64_t>(window.count()));
        XF_ASSIGN_OR_RETURN(bool row, st.Step());
        if (!row) return Fail(Error::Internal("rate limit upsert returned no row"));
        int64_t hits = st.Int64(0);
        XF_ASSIGN_OR_RETURN(bool more, st.Step());
        (void)more;
        return hits;
    }
    Result<int64_t> Count(const std::string& key, Instant now, std::chrono::seconds window) override {
        auto& st = c_.Prepare("SELECT hits FROM rate_limits WHERE key = ?1 AND window_start > ?2 - ?3");
        st.Bind(1, key).Bind(2, Secs(now)).Bind(3, static_cast<int64_t>(window.count()));
        XF_ASSIGN_OR_RETURN(bool row, st.Step());
        int64_t n = row ? st.Int64(0) : 0;
        st.Reset();
        return n;
    }
    Status Reset(const std::string& key) override {
        return c_.Prepare("DELETE FROM rate_limits WHERE key = ?1").Bind(1, key).Run();
    }

  private:
    Connection& c_;
};

// ---------------------------------------------------------------- 领导接访日 / 预约接访

constexpr std::string_view kDayCols =
    "d.id, d.org_id, d.day, d.start_minute, d.end_minute, d.slot_minutes, d.per_slot, d.place, d.leader_name, "
    "d.leader_title, d.topics, d.published, d.cancelled, d.version, d.created_by";

Result<ReceptionDay> ReadDay(const Statement& s) {
    ReceptionDay d;
    d.id = s.Int64(0);
    d.org_id = s.Int64(1);
    XF_ASSIGN_OR_RETURN(d.date, ParseDate(s.TextView(2), "day"));
    d.start_minute = static_cast<int>(s.Int64(3));
    d.end_minute = static_cast<int>(s.Int64(4));
    d.slot_minutes = static_cast<int>(s.Int64(5));
    d.per_slot = static_cast<int>(s.Int64(6));
    d.place = s.Text(7);
    d.leader_name = s.Text(8);
    d.leader_title = s.Text(9);
    d.topics = s.Text(10);
    d.published = s.Int64(11) != 0;
    d.cancelled = s.Int64(12) != 0;
    d.version = s.Int64(13);
    d.created_by = s.Int64(14);
    return d;
}

constexpr std::string_view kBookingCols =
    "id, day_id, slot_minute, confirmation_code, name, phone_sealed, id_number_sealed, region_code, summary, status, "
    "petition_id, created_at, version";

ReceptionBooking ReadBooking(const Statement& s) {
    ReceptionBooking b;
    b.id = s.Int64(0);
    b.day_id = s.Int64(1);
    b.slot_minute = static_cast<int>(s.Int64(2));
    b.confirmation_code = s.Text(3);
    b.name = s.Text(4);
    b.phone_sealed = s.Text(5);
    b.id_number_sealed = s.Text(6);
    b.region_code = s.Text(7);
    b.summary = s.Text(8);
    b.status = ParseBookingStatus(s.TextView(9)).value_or(BookingStatus::kBooked);
    b.petition_id = s.OptInt64(10);
    b.created_at = FromSecs(s.Int64(11));
    b.version = s.Int64(12);
    return b;
}

// The single writer makes GetDay(for_update) a lock already: bookings of a day are counted and inserted by one
// transaction at a time.
class SqliteReception final : public ReceptionRepository {
  public:
    explicit SqliteReception(Connection& c) : c_(c) {}
    Result<ReceptionDay> InsertDay(ReceptionDay d) override {
        d.version = 1;
        auto& st = c_.Prepare(
            "INSERT INTO reception_days(org_id, day, start_minute, end_minute, slot_minutes, per_slot, place, "
            "leader_name, leader_title, topics, published, cancelled, version, created_by) "
            "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)");
        XF_TRY(BindDay(st, d).Bind(14, d.created_by).Run());
        XF_ASSIGN_OR_RETURN(d.id, c_.LastInsertRowid());
        return d;
    }
    Result<ReceptionDay> UpdateDay(ReceptionDay d) override {
        auto& st = c_.Prepare(
            "UPDATE reception_days SET org_id = ?1, day = ?2, start_minute = ?3, end_minute = ?4, slot_minutes = ?5, "
            "per_slot = ?6, place = ?7, leader_name = ?8, leader_title = ?9, topics = ?10, published = ?11, "
            "cancelled = ?12, version = ?13 + 1 WHERE id = ?14 AND version = ?13");
        XF_TRY(BindDay(st, d).Bind(14, d.id).Run());
        if (c_.Changes() != 1) return Fail(Error::Aborted("接访日已被他人修改，请刷新后重试"));
        ++d.version;
        return d;
    }
    Result<std::optional<ReceptionDay>> GetDay(int64_t id, bool) override {
        auto& st = c_.Prepare(fmt::format("SELECT {} FROM reception_days d WHERE d.id = ?1", kDayCols));
        st.Bind(1, id);
        XF_ASSIGN_OR_RETURN(bool row, st.Step());
        if (!row) return std::optional<ReceptionDay>();
        auto d = ReadDay(st);
        st.Reset();
        if (!d) return Fail(d.error());
        return std::optional<ReceptionDay>(std::move(*d));
    }
    Result<std::vector<ReceptionDay>> ListDays(const ReceptionDayFilter& f) override {
        std::string sql = fmt::format("SELECT {} FROM reception_days d JOIN orgs o ON o.id = d.org_id WHERE 1", kDayCols);
        if (f.org_path) sql += " AND substr(o.path, 1, length(?1)) = ?1";
        if (f.from) sql += " AND d.day >= ?2";
        if (f.to) sql += " AND d.day <= ?3";
        if (f.published_only) sql += " AND d.published = 1";
        if (!f.include_cancelled) sql += " AND d.cancelled = 0";
        sql += " ORDER BY d.day, d.start_minute, d.id";
        auto& st = c_.Prepare(sql);
        if (f.org_path) st.Bind(1, *f.org_path);
        if (f.from) st.Bind(2, FormatDate(*f.from));
        if (f.to) st.Bind(3, FormatDate(*f.to));
        std::vector<ReceptionDay> out;
        while (true) {
            XF_ASSIGN_OR_RETURN(bool row, st.Step());
            if (!row) break;
            XF_ASSIGN_OR_RETURN(auto d, ReadDay(st));
            out.push_back(std::move(d));
        }
        return out;
    }
    Result<ReceptionBooking> InsertBooking(ReceptionBooking b) override {
        b.version = 1;
        auto& st = c_.Prepare(
            "INSERT INTO reception_bookings(day_id, slot_minute, confirmation_code, name, phone_sealed, "
            "id_number_sealed, region_code, summary, status, petition_id, created_at, version) "
            "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)");
        st.Bind(11, Secs(b.created_at));
        if (auto s = BindBooking(st, b).Run(); !s) {
            if (s.error().code == ErrorCode::kAlreadyExists)
                return Fail(Error::AlreadyExists("预约确认码重复", "confirmation_code"));
            return Fail(s.error());
        }
        XF_ASSIGN_OR_RETURN(b.id, c_.LastInsertRowid());
        return b;
    }
    Result<ReceptionBooking> UpdateBooking(ReceptionBooking b) override {
        auto& st = c_.Prepare(
            "UPDATE reception_bookings SET day_id = ?1, slot_minute = ?2, confirmation_code = ?3, name = ?4, "
            "phone_sealed = ?5, id_number_sealed = ?6, region_code = ?7, summary = ?8, status = ?9, petition_id = ?10, "
            "version = ?12 + 1 WHERE id = ?11 AND version = ?12");
        XF_TRY(BindBooking(st, b).Bind(11, b.id).Run());
        if (c_.Changes() != 1) return Fail(Error::Aborted("预约已被他人修改，请刷新后重试"));
        ++b.version;
        return b;
    }
    Result<std::optional<ReceptionBooking>> GetBooking(int64_t id) override {
        return One(fmt::format("SELECT {} FROM reception_bookings WHERE id = ?1", kBookingCols), id);
    }
    Result<std::optional<ReceptionBooking>> FindBookingByCode(const std::string& code) override {
        return One(fmt::format("SELECT {} FROM reception_bookings WHERE confirmation_code = ?1", kBookingCols), code);
    }
    Result<std::vector<ReceptionBooking>> ListBookings(int64_t day_id) override {
        auto& st = c_.Prepare(fmt::format(
            "SELECT {} FROM reception_bookings WHERE day_id = ?1 ORDER BY slot_minute, id", kBookingCols));
        st.Bind(1, day_id);
        return Collect<ReceptionBooking>(st, ReadBooking);
    }

  private:
    static Statement& BindDay(Statement& st, const ReceptionDay& d) {
        return st.Bind(1, d.org_id)
            .Bind(2, FormatDate(d.date))
            .Bind(3, d.start_minute)
            .Bind(4, d.end_minute)
            .Bind(5, d.slot_minutes)
            .Bind(6, d.per_slot)
            .Bind(7, d.place)
            .Bind(8, d.leader_name)
            .Bind(9, d.leader_title)
            .Bind(10, d.topics)
            .Bind(11, d.published)
            .Bind(12, d.cancelled)
            .Bind(13, d.version);
    }
    // ?1..?10 and ?12 (version); ?11 is created_at on insert and id on update.
    static Statement& BindBooking(Statement& st, const ReceptionBooking& b) {
        return st.Bind(1, b.day_id)
            .Bind(2, b.slot_minute)
            .Bind(3, b.confirmation_code)
            .Bind(4, b.name)
            .Bind(5, b.phone_sealed)
            .Bind(6, b.id_number_sealed)
            .Bind(7, b.region_code)
            .Bind(8, b.summary)
            .Bind(9, BookingStatusName(b.status))
            .Bind(10, b.petition_id)
            .Bind(12, b.version);
    }
    template <class K>
    Result<std::optional<ReceptionBooking>> One(const std::string& sql, const K& key) {
        auto& st = c_.Prepare(sql);
        st.Bind(1, key);
        XF_ASSIGN_OR_RETURN(bool row, st.Step());
        if (!row) return std::optional<ReceptionBooking>();
        auto b = ReadBooking(st);
        st.Reset();
        return std::optional<ReceptionBooking>(std::move(b));
    }
    Connection& c_;
};

// ---------------------------------------------------------------- outbox

constexpr std::string_view kOutboxCols =
    "id, key, channel, recipient_sealed, subject, body, topic, created_at, status, attempts, next_attempt_at, "
    "last_error, sent_at";

OutboxMessage ReadOutbox(const Statement& s) {
    OutboxMessage m;
    m.id = s.Int64(0);
    m.key = s.Text(1);
    m.channel = ParseNotifyChannel(s.TextView(2)).value_or(NotifyChannel::kSms);
    m.recipient_sealed = s.Text(3);
    m.subject = s.Text(4);
    m.body = s.Text(5);
    m.topic = s.Text(6);
    m.created_at = FromSecs(s.Int64(7));
    std::string_view status = s.TextView(8);
    m.status = status == "sent" ? OutboxStatus::kSent : status == "dead" ? OutboxStatus::kDead : OutboxStatus::kPending;
    m.attempts = static_cast<int>(s.Int64(9));
    m.next_attempt_at = FromSecs(s.Int64(10));
    m.last_error = s.Text(11);
    if (auto t = s.OptInt64(12)) m.sent_at = FromSecs(*t);
    return m;
}

class SqliteOutbox final : public OutboxRepository {
  public:
    explicit SqliteOutbox(Connection& c) : c_(c) {}
    Result<bool> Enqueue(const OutboxMessage& m) override {
        XF_TRY(c_.Prepare("INSERT INTO outbox(key, channel, recipient_sealed, subject, body, topic, created_at, status, "
                          "attempts, next_attempt_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'pending', 0, ?8) "
                          "ON CONFLICT(key) DO NOTHING")
                   .Bind(1, m.key)
                   .Bind(2, NotifyChannelName(m.channel))
                   .Bind(3, m.recipient_sealed)
                   .Bind(4, m.subject)
                   .Bind(5, m.body)
                   .Bind(6, m.topic)
                   .Bind(7, Secs(m.created_at))
                   .Bind(8, Secs(m.next_attempt_at))
                   .Run());
        return c_.Changes() == 1;
    }
    Result<std::vector<OutboxMessage>> ClaimDue(const std::string& owner, Instant now, Instant lease_until,
                                                int limit) override {
        // One writer at a time: the UPDATE … RETURNING claims atomically.
        auto& st = c_.Prepare(fmt::format(
            "UPDATE outbox SET lease_owner = ?1, lease_until = ?2, attempts = attempts + 1 WHERE id IN ("
            "SELECT id FROM outbox WHERE status = 'pending' AND next_attempt_at <= ?3 AND lease_until <= ?3 "
            "ORDER BY next_attempt_at, id LIMIT ?4) RETURNING {}",
            kOutboxCols));
        st.Bind(1, owner).Bind(2, Secs(lease_until)).Bind(3, Secs(now)).Bind(4, limit);
        XF_ASSIGN_OR_RETURN(auto out, Collect<OutboxMessage>(st, ReadOutbox));
        std::sort(out.begin(), out.end(), [](const OutboxMessage& a, const OutboxMessage& b) {
            return std::tie(a.next_attempt_at, a.id) < std::tie(b.next_attempt_at, b.id);
        });
        return out;
    }
    Result<bool> MarkSent(int64_t id, const std::string& owner, Instant at) override {
        XF_TRY(c_.Prepare("UPDATE outbox SET status = 'sent', sent_at = ?1, lease_owner = '', lease_until = 0, "
                          "last_error = '' WHERE id = ?2 AND lease_owner = ?3 AND status = 'pending'")
                   .Bind(1, Secs(at))
                   .Bind(2, id)
                   .Bind(3, owner)
                   .Run());
        return c_.Changes() == 1;
    }
    Result<bool> MarkFailed(int64_t id, const std::string& owner, const std::string& error, Instant next_attempt_at,
                            bool dead) override {
        XF_TRY(c_.Prepare("UPDATE outbox SET status = ?1, next_attempt_at = ?2, last_error = ?3, lease_owner = '', "
                          "lease_until = 0 WHERE id = ?4 AND lease_owner = ?5 AND status = 'pending'")
                   .Bind(1, dead ? "dead" : "pending")
                   .Bind(2, Secs(next_attempt_at))
                   .Bind(3, error)
                   .Bind(4, id)
                   .Bind(5, owner)
                   .Run());
        return c_.Changes() == 1;
    }
    Result<std::optional<OutboxMessage>> Get(int64_t id) override {
        auto& st = c_.Prepare(fmt::format("SELECT {} FROM outbox WHERE id = ?1", kOutboxCols));
        st.Bind(1, id);
        XF_ASSIGN_OR_RETURN(bool row, st.Step());
        if (!row) return std::optional<OutboxMessage>();
        auto m = ReadOutbox(st);
        st.Reset();
        return std::optional<OutboxMessage>(std::move(m));
    }
    Result<OutboxCounts> Counts() override {
        auto& st = c_.Prepare("SELECT status, count(*), min(created_at) FROM outbox GROUP BY status");
        OutboxCounts out;
        while (true) {
            XF_ASSIGN_OR_RETURN(bool row, st.Step());
            if (!row) break;
            std::string_view status = st.TextView(0);
            int64_t n = st.Int64(1);
            if (status == "pending") {
                out.pending = n;
                out.oldest_pending = FromSecs(st.Int64(2));
            } else if (status == "sent") {
                out.sent = n;
            } else {
                out.dead += n;
            }
        }
        return out;
    }

  private:
    Connection& c_;
};

class SqlitePortalOtps final : public PortalOtpRepository {
  public:
    explicit SqlitePortalOtps(Connection& c) : c_(c) {}
    Status Put(const PortalOtp& o) override {
        return c_
            .Prepare("INSERT INTO portal_otps(query_code, code_hash, expires_at, attempts_left) VALUES (?1, ?2, ?3, ?4) "
                     "ON CONFLICT(query_code) DO UPDATE SET code_hash = ?2, expires_at = ?3, attempts_left = ?4")
            .Bind(1, o.query_code)
            .Bind(2, o.code_hash)
            .Bind(3, Secs(o.expires_at))
            .Bind(4, o.attempts_left)
            .Run();
    }
    Result<std::optional<PortalOtp>> Get(const std::string& query_code) override {
        auto& st = c_.Prepare("SELECT query_code, code_hash, expires_at, attempts_left FROM portal_otps "
                              "WHERE query_code = ?1");
        st.Bind(1, query_code);
        XF_ASSIGN_OR_RETURN(bool row, st.Step());
        if (!row) return std::optional<PortalOtp>();
        PortalOtp o{st.Text(0), st.Text(1), FromSecs(st.Int64(2)), static_cast<int>(st.Int64(3))};
        st.Reset();
        return std::optional<PortalOtp>(std::move(o));
    }
    Status Delete(const std::string& query_code) override {
        return c_.Prepare("DELETE FROM portal_otps WHERE query_code = ?1").Bind(1, query_code).Run();
    }

  private:
    Connection& c_;
};

// ---------------------------------------------------------------- documents and attachments

constexpr std::string_view kTemplateCols =
    "id, kind, version, title, addressee, body, number_format, note, created_at, created_by";
constexpr std::string_view kDocumentCols =
    "id, petition_id, kind, revision, template_id, template_version, doc_number, org_id, fields_json, content_json, "
    "sha256, size, created_at, created_by";
constexpr std::string_view kAttachmentCols =
    "id, petition_id, sha256, size, media_type, file_name, source, uploaded_at, uploaded_by, deleted_at, deleted_by, "
    "delete_reason";

DocumentTemplate ReadTemplate(const Statement& s) {
    DocumentTemplate t;
    t.id = s.Int64(0);
    t.kind = ParseDocumentKind(s.TextView(1)).value_or(DocumentKind::kAcceptanceNotice);
    t.version = static_cast<int>(s.Int64(2));
    t.title = s.Text(3);
    t.addressee = s.Text(4);
    t.body = s.Text(5);
    t.number_format = s.Text(6);
    t.note = s.Text(7);
    t.created_at = FromSecs(s.Int64(8));
    t.created_by = s.Int64(9);
    return t;
}

CaseDocument ReadDocument(const Statement& s) {
    CaseDocument d;
    d.id = s.Int64(0);
    d.petition_id = s.Int64(1);
    d.kind = ParseDocumentKind(s.TextView(2)).value_or(DocumentKind::kAcceptanceNotice);
    d.revision = static_cast<int>(s.Int64(3));
    d.template_id = s.Int64(4);
    d.template_version = static_cast<int>(s.Int64(5));
    d.doc_number = s.Text(6);
    d.org_id = s.Int64(7);
    d.fields_json = s.Text(8);
    d.content_json = s.Text(9);
    d.sha256 = s.Text(10);
    d.size = s.Int64(11);
    d.created_at = FromSecs(s.Int64(12));
    d.created_by = s.Int64(13);
    return d;
}

Attachment ReadAttachment(const Statement& s) {
    Attachment a;
    a.id = s.Int64(0);
    a.petition_id = s.Int64(1);
    a.sha256 = s.Text(2);
    a.size = s.Int64(3);
    a.media_type = s.Text(4);
    a.file_name = s.Text(5);
    a.source = s.Text(6);
    a.uploaded_at = FromSecs(s.Int64(7));
    a.uploaded_by = s.Int64(8);
    if (auto t = s.OptInt64(9)) a.deleted_at = FromSecs(*t);
    a.deleted_by = s.Int64(10);
    a.delete_reason = s.Text(11);
    return a;
}

class SqliteDocuments final : public DocumentRepository {
  public:
    explicit SqliteDocuments(Connection& c) : c_(c) {}
    Result<DocumentTemplate> InsertTemplate(DocumentTemplate t) override {
        auto& st = c_.Prepare(
            "INSERT INTO document_templates(kind, version, title, addressee, body, number_format, note, created_at, "
            "created_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
        st.Bind(1, DocumentKindName(t.kind))
            .Bind(2, t.version)
            .Bind(3, t.title)
            .Bind(4, t.addressee)
            .Bind(5, t.body)
            .Bind(6, t.number_format)
            .Bind(7, t.note)
            .Bind(8, Secs(t.created_at))
            .Bind(9, t.created_by);
        if (auto s = st.Run(); !s) {
            if (s.error().code == ErrorCode::kAlreadyExists)
                return Fail(Error::AlreadyExists("该模板版本已存在，请刷新后重试", "version"));
            return Fail(s.error());
        }
        XF_ASSIGN_OR_RETURN(t.id, c_.LastInsertRowid());
        return t;
    }
    Result<std::optional<DocumentTemplate>> LatestTemplate(DocumentKind kind) override {
        return OneTemplate(fmt::format("SELECT {} FROM document_templates WHERE kind = ?1 ORDER BY version DESC LIMIT 1",
                                       kTemplateCols),
                           std::string(DocumentKindName(kind)));
    }
    Result<std::optional<DocumentTemplate>> GetTemplate(int64_t id) override {
        return OneTemplate(fmt::format("SELECT {} FROM document_templates WHERE id = ?1", kTemplateCols), id);
    }
    Result<std::vector<DocumentTemplate>> TemplateVersions(DocumentKind kind) override {
        auto& st = c_.Prepare(fmt::format("SELECT {} FROM document_templates WHERE kind = ?1 ORDER BY version DESC",
                                          kTemplateCols));
        st.Bind(1, DocumentKindName(kind));
        return Collect<DocumentTemplate>(st, ReadTemplate);
    }
    Result<CaseDocument> InsertDocument(CaseDocument d) override {
        auto& st = c_.Prepare(
            "INSERT INTO documents(petition_id, kind, revision, template_id, template_version, doc_number, org_id, "
            "fields_json, content_json, sha256, size, created_at, created_by) "
            "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)");
        st.Bind(1, d.petition_id)
            .Bind(2, DocumentKindName(d.kind))
            .Bind(3, d.revision)
            .Bind(4, d.template_id)
            .Bind(5, d.template_version)
            .Bind(6, d.doc_number)
            .Bind(7, d.org_id)
            .Bind(8, d.fields_json)
            .Bind(9, d.content_json)
            .Bind(10, d.sha256)
            .Bind(11, d.size)
            .Bind(12, Secs(d.created_at))
            .Bind(13, d.created_by);
        if (auto s = st.Run(); !s) {
            if (s.error().code == ErrorCode::kAlreadyExists)
                return Fail(Error::AlreadyExists("该文书版本已存在，请刷新后重试", "revision"));
            return Fail(s.error());
        }
        XF_ASSIGN_OR_RETURN(d.id, c_.LastInsertRowid());
        return d;
    }
    Result<bool> SetDocumentFile(int64_t id, const std::string& sha256, int64_t size) override {
        XF_TRY(c_.Prepare("UPDATE documents SET sha256 = ?2, size = ?3 WHERE id = ?1 AND sha256 = ''")
                   .Bind(1, id)
                   .Bind(2, sha256)
                   .Bind(3, size)
                   .Run());
        return c_.Changes() == 1;
    }
    Result<std::optional<CaseDocument>> GetDocument(int64_t id) override {
        auto& st = c_.Prepare(fmt::format("SELECT {} FROM documents WHERE id = ?1", kDocumentCols));
        st.Bind(1, id);
        XF_ASSIGN_OR_RETURN(auto rows, Collect<CaseDocument>(st, ReadDocument));
        if (rows.empty()) return std::optional<CaseDocument>();
        return std::optional<CaseDocument>(std::move(rows.front()));
    }
    Result<std::vector<CaseDocument>> ListDocuments(int64_t petition_id) override {
        auto& st = c_.Prepare(fmt::format("SELECT {} FROM documents WHERE petition_id = ?1 ORDER BY id", kDocumentCols));
        st.Bind(1, petition_id);
        return Collect<CaseDocument>(st, ReadDocument);
    }
    Result<Attachment> InsertAttachment(Attachment a) override {
        auto& st = c_.Prepare(
            "INSERT INTO attachments(petition_id, sha256, size, media_type, file_name, source, uploaded_at, uploaded_by, "
            "deleted_at, deleted_by, delete_reason) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)");
        std::optional<int64_t> deleted_at;
        if (a.deleted_at) deleted_at = Secs(*a.deleted_at);
        XF_TRY(st.Bind(1, a.petition_id)
                   .Bind(2, a.sha256)
                   .Bind(3, a.size)
                   .Bind(4, a.media_type)
                   .Bind(5, a.file_name)
                   .Bind(6, a.source)
                   .Bind(7, Secs(a.uploaded_at))
                   .Bind(8, a.uploaded_by)
                   .Bind(9, deleted_at)
                   .Bind(10, a.deleted_by)
                   .Bind(11, a.delete_reason)
                   .Run());
        XF_ASSIGN_OR_RETURN(a.id, c_.LastInsertRowid());
        return a;
    }
    Result<std::optional<Attachment>> GetAttachment(int64_t id) override {
        auto& st = c_.Prepare(fmt::format("SELECT {} FROM attachments WHERE id = ?1", kAttachmentCols));
        st.Bind(1, id);
        XF_ASSIGN_OR_RETURN(auto rows, Collect<Attachment>(st, ReadAttachment));
        if (rows.empty()) return std::optional<Attachment>();
        return std::optional<Attachment>(std::move(rows.front()));
    }
    Result<std::vector<Attachment>> ListAttachments(int64_t petition_id, bool include_deleted) override {
        auto& st = c_.Prepare(fmt::format("SELECT {} FROM attachments WHERE petition_id = ?1{} ORDER BY id",
                                          kAttachmentCols, include_deleted ? "" : " AND deleted_at IS NULL"));
        st.Bind(1, petition_id);
        return Collect<Attachment>(st, ReadAttachment);
    }
    Result<bool> DeleteAttachment(int64_t id, int64_t by, Instant at, const std::string& reason) override {
        XF_TRY(c_.Prepare("UPDATE attachments SET deleted_at = ?2, deleted_by = ?3, delete_reason = ?4 "
                          "WHERE id = ?1 AND deleted_at IS NULL")
                   .Bind(1, id)
                   .Bind(2, Secs(at))
                   .Bind(3, by)
                   .Bind(4, reason)
                   .Run());
        return c_.Changes() == 1;
    }
    Result<int64_t> AttachmentBytes(int64_t petition_id) override {
        auto& st = c_.Prepare("SELECT COALESCE(SUM(size), 0) FROM attachments WHERE petition_id = ?1 AND deleted_at IS NULL");
        st.Bind(1, petition_id);
        XF_ASSIGN_OR_RETURN(bool row, st.Step());
        int64_t n = row ? st.Int64(0) : 0;
        st.Reset();
        return n;
    }

  private:
    template <class K>
    Result<std::optional<DocumentTemplate>> OneTemplate(const std::string& sql, const K& key) {
        auto& st = c_.Prepare(sql);
        st.Bind(1, key);
        XF_ASSIGN_OR_RETURN(auto rows, Collect<DocumentTemplate>(st, ReadTemplate));
        if (rows.empty()) return std::optional<DocumentTemplate>();
        return std::optional<DocumentTemplate>(std::move(rows.front()));
    }
    Connection& c_;
};

class SqliteIdempotency final : public IdempotencyRepository {
  public:
    explicit SqliteIdempotency(Connection& c) : c_(c) {}
    Result<std::optional<IdempotentRequest>> Get(const std::string& scope, const std::string& key) override {
        auto& st = c_.Prepare("SELECT fingerprint, petition_id, reply_sealed, created_at FROM idempotency_keys "
                              "WHERE scope = ?1 AND key = ?2");
        st.Bind(1, scope).Bind(2, key);
        XF_ASSIGN_OR_RETURN(bool row, st.Step());
        std::optional<IdempotentRequest> out;
        if (row) out = IdempotentRequest{scope, key, st.Text(0), st.Int64(1), st.Text(2), FromSecs(st.Int64(3))};
        st.Reset();
        return out;
    }
    Status Insert(const IdempotentRequest& r) override {
        auto s = c_.Prepare("INSERT INTO idempotency_keys(scope, key, fingerprint, petition_id, reply_sealed, "
                            "created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)")
                     .Bind(1, r.scope)
                     .Bind(2, r.key)
                     .Bind(3, r.fingerprint)
                     .Bind(4, r.petition_id)
                     .Bind(5, r.reply_sealed)
                     .Bind(6, Secs(r.created_at))
                     .Run();
        if (!s && s.error().code == ErrorCode::kAlreadyExists)
            return Fail(Error::AlreadyExists("该幂等键已被使用", "Idempotency-Key"));
        return s;
    }

  private:
    Connection& c_;
};

class SqliteTransaction final : public Transaction {
  public:
    SqliteTransaction(Connection& c, bool writer)
        : rollup_(c),
          orgs_(c),
          users_(c),
          categories_(c),
          petitions_(c, rollup_, writer),
          audit_(c),
          settings_(c),
          regions_(c),
          calendar_(c),
          stats_(c, rollup_, petitions_),
          jobs_(c),
          rate_limits_(c),
          reception_(c),
          outbox_(c),
          otps_(c),
          documents_(c),
          idempotency_(c) {}
    // Writes the rollup changes of this work item; called before the item's savepoint is released.
    Status Flush() { return rollup_.Flush(); }
    OrgRepository& orgs() override { return orgs_; }
    UserRepository& users() override { return users_; }
    CategoryRepository& categories() override { return categories_; }
    PetitionRepository& petitions() override { return petitions_; }
    AuditLog& audit() override { return audit_; }
    SettingsRepository& settings() override { return settings_; }
    RegionRepository& regions() override { return regions_; }
    CalendarRepository& calendar() override { return calendar_; }
    StatsRepository& stats() override { return stats_; }
    JobRepository& jobs() override { return jobs_; }
    RateLimitRepository& rate_limits() override { return rate_limits_; }
    ReceptionRepository& reception() override { return reception_; }
    OutboxRepository& outbox() override { return outbox_; }
    PortalOtpRepository& portal_otps() override { return otps_; }
    DocumentRepository& documents() override { return documents_; }
    IdempotencyRepository& idempotency() override { return idempotency_; }

  private:
    StatRollup rollup_;
    SqliteOrgs orgs_;
    SqliteUsers users_;
    SqliteCategories categories_;
    SqlitePetitions petitions_;
    SqliteAudit audit_;
    SqliteSettings settings_;
    SqliteRegions regions_;
    SqliteCalendar calendar_;
    SqliteStats stats_;
    SqliteJobs jobs_;
    SqliteRateLimits rate_limits_;
    SqliteReception reception_;
    SqliteOutbox outbox_;
    SqlitePortalOtps otps_;
    SqliteDocuments documents_;
    SqliteIdempotency idempotency_;
};

class SqliteStore final : public UnitOfWork {
  public:
    SqliteStore(std::unique_ptr<Database> db, StoreObserver* observer) : db_(std::move(db)), observer_(observer) {}
    Status Read(const std::function<Status(Transaction&)>& work) override {
        return db_->Read([&](Connection& c) {
            SqliteTransaction tx(c, /*writer=*/false);
            return work(tx);
        });
    }
    Status Write(const std::function<Status(Transaction&)>& work) override {
        const auto started = std::chrono::steady_clock::now();
        Status s = db_->Write([&](Connection& c) -> Status {
            SqliteTransaction tx(c, /*writer=*/true);
            XF_TRY(work(tx));
            return tx.Flush();
        });
        if (observer_) observer_->WriteFinished(std::chrono::steady_clock::now() - started, s.has_value());
        return s;
    }
    std::string BackendName() const override { return "sqlite"; }

    // On a reader connection, like any Read: the file is readable and the schema the one this binary knows (a
    // newer binary may have migrated the file since this process opened it).
    Status RefreshPlannerStatistics() override {
        // analysis_limit: each index is sampled (about 1,000 rows), so a 10-million-case file takes well under a
        // second instead of a full scan (https://sqlite.org/lang_analyze.html#approx).
        return db_->Write([](Connection& c) { return c.Exec("PRAGMA analysis_limit=1000; ANALYZE;"); });
    }

    Result<StoreHealth> Health() override {
        StoreHealth h;
        h.expected_schema_version = LatestSqliteSchemaVersion();
        XF_TRY(db_->Read([&](Connection& c) -> Status {
            auto& st = c.Prepare("SELECT coalesce(max(version), 0) FROM schema_migrations");
            XF_ASSIGN_OR_RETURN(bool row, st.Step());
            h.schema_version = row ? st.Int64(0) : 0;
            return Ok();
        }));
        return h;
    }

    StoreStats Stats() const override {
        WriterStats w = db_->Stats();
        StoreStats out;
        out.writer = StoreStats::Writer{
            .queue_depth = static_cast<int64_t>(w.queue_depth),
            .commits = w.commits,
            .failed_commits = w.failed_commits,
            .items = w.items,
            .failed_items = w.failed_items,
            .checkpoints = w.checkpoints,
            .checkpoints_waited_out = w.checkpoints_waited_out,
            .wal_frames = w.wal_frames,
            .memory_bytes = SqliteMemoryUsed(),
        };
        return out;
    }

  private:
    std::unique_ptr<Database> db_;
    StoreObserver* observer_;
};

}  // namespace

Result<std::unique_ptr<UnitOfWork>> OpenSqliteStore(const SqliteOptions& options) {
    DatabaseOptions o;
    o.path = options.path;
    o.read_pool_size = options.read_pool_size;
    o.max_batch = options.max_batch;
    o.memory_limit_bytes = options.memory_limit_bytes;
    o.writer_cache_bytes = options.writer_cache_bytes;
    o.migrations = EmbeddedMigrations();
    o.on_open = [](Connection& c) { return RegisterSearchTokenizer(c.handle()); };
    o.on_open_writer = [](Connection& c) { return c.Exec(kPendingIndexSetup); };
    o.before_commit = [](Connection& c) { return ApplyPendingIndexRows(c); };
    if (StoreObserver* observer = options.observer) {
        o.on_group_commit = [observer](std::chrono::nanoseconds elapsed, std::size_t items) {
            observer->GroupCommitted(elapsed, items);
        };
    }
    o.before_migrations = options.before_migrations;
    XF_ASSIGN_OR_RETURN(auto db, Database::Open(o));
    return std::unique_ptr<UnitOfWork>(new SqliteStore(std::move(db), options.observer));
}

Result<std::vector<CalendarDay>> ReadStoredCalendarDays(const std::filesystem::path& path) {
    XF_ASSIGN_OR_RETURN(Connection c, Connection::Open(path, OpenMode::kReadOnly));
    return SqliteCalendar(c).List();
}

int LatestSqliteSchemaVersion() {
    static const int latest = EmbeddedMigrations().back().version;
    return latest;
}

}  // namespace xf::storage
