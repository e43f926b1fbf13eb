#include "storage/postgres/pg_store.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <charconv>
#include <future>
#include <map>
#include <span>
#include <thread>
#include <unordered_map>
#include <utility>
#include <variant>

#include "crypto/crypto.hpp"
#include "domain/repeat.hpp"
#include "domain/search.hpp"
#include "storage/codec/petition_codec.hpp"
#include "storage/codec/rollup_layout.hpp"
#include "storage/postgres/pg.hpp"
#include "storage/postgres/pg_search.hpp"

namespace xf::storage {
namespace {

using pg::Conn;
using pg::Params;
using pg::Rows;

// How search reads the newest matches in windows of ids (PostgresOptions::search_first_window and
// search_window_from_statistics; PgPetitions::NewestMatches).
struct SearchWindows {
    int64_t first = 20000;
    bool from_statistics = true;
    int64_t max_candidates = 20000;
};

// The numbered migrations, embedded at build time from migrations/*.sql (see CMakeLists.txt).
#include "storage/postgres/migrations.inc"

int64_t Secs(Instant t) { return t.time_since_epoch().count(); }
Instant FromSecs(int64_t s) { return Instant(std::chrono::seconds(s)); }

// Dynamic WHERE clauses are written with '?' and numbered here ($1, $2, …) in order; fixed SQL has no '?'.
std::string Number(std::string_view sql) {
    std::string out;
    out.reserve(sql.size() + 16);
    int n = 0;
    for (char c : sql) {
        if (c == '?')
            out += "$" + std::to_string(++n);
        else
            out += c;
    }
    return out;
}

Org ReadOrg(const Rows& r, int i, int c0 = 0) {
    Org o;
    o.id = r.Int64(i, c0 + 0);
    o.code = r.Text(i, c0 + 1);
    o.parent_id = r.OptInt64(i, c0 + 2);
    o.name = r.Text(i, c0 + 3);
    o.level = ParseOrgLevel(r.TextView(i, c0 + 4)).value_or(OrgLevel::kCounty);
    o.kind = ParseOrgKind(r.TextView(i, c0 + 5)).value_or(OrgKind::kOther);
    o.region_code = r.Text(i, c0 + 6);
    o.path = r.Text(i, c0 + 7);
    return o;
}
constexpr std::string_view kOrgCols = "id, code, parent_id, name, level, kind, region_code, path";

class PgOrgs final : public OrgRepository {
  public:
    explicit PgOrgs(Conn& c) : c_(c) {}
    Result<Org> Insert(Org org) override {
        std::string parent_path = "/";
        if (org.parent_id) {
            XF_ASSIGN_OR_RETURN(auto parent, Get(*org.parent_id));
            if (!parent) return Fail(Error::InvalidArgument("parent_code", "上级单位不存在"));
            parent_path = parent->path;
        }
        auto r = c_.Query(
            "INSERT INTO orgs(code, parent_id, name, level, kind, region_code, path) VALUES ($1,$2,$3,$4,$5,$6,'') "
            "ON CONFLICT (code) DO NOTHING RETURNING id",
            Params()
                .Add(org.code)
                .Add(org.parent_id)
                .Add(org.name)
                .Add(OrgLevelName(org.level))
                .Add(OrgKindName(org.kind))
                .Add(org.region_code));
        // ON CONFLICT keeps the transaction usable after a duplicate (as SQLite does): the caller decides.
        if (!r) return Fail(r.error());
        if (r->empty()) return Fail(Error::AlreadyExists("单位代码已存在：" + org.code, "code"));
        org.id = r->Int64(0, 0);
        org.path = parent_path + std::to_string(org.id) + "/";
        XF_TRY(c_.Query("UPDATE orgs SET path = $1 WHERE id = $2", Params().Add(org.path).Add(org.id)));
        return org;
    }
    Status Update(const Org& org) override {
        XF_ASSIGN_OR_RETURN(Rows r, c_.Query("UPDATE orgs SET name=$1, level=$2, kind=$3, region_code=$4 WHERE id=$5",
                                             Params()
                                                 .Add(org.name)
                                                 .Add(OrgLevelName(org.level))
                                                 .Add(OrgKindName(org.kind))
                                                 .Add(org.region_code)
                                                 .Add(org.id)));
        if (r.affected() == 0) return Fail(Error::NotFound("单位不存在"));
        return Ok();
    }
    Result<std::optional<Org>> Get(int64_t id) override {
        return One(fmt::format("SELECT {} FROM orgs WHERE id = $1", kOrgCols), Params().Add(id));
    }
    Result<std::optional<Org>> FindByCode(const std::string& code) override {
        return One(fmt::format("SELECT {} FROM orgs WHERE code = $1", kOrgCols), Params().Add(code));
    }
    Result<std::vector<Org>> List() override {
        XF_ASSIGN_OR_RETURN(Rows r, c_.Query(fmt::format("SELECT {} FROM orgs ORDER BY path", kOrgCols)));
        std::vector<Org> out;
        for (int i = 0; i < r.size(); ++i) out.push_back(ReadOrg(r, i));
        return out;
    }

  private:
    Result<std::optional<Org>> One(const std::string& sql, const Params& p) {
        XF_ASSIGN_OR_RETURN(Rows r, c_.Query(sql, p));
        if (r.empty()) return std::optional<Org>();
        return std::optional<Org>(ReadOrg(r, 0));
    }
    Conn& c_;
};

User ReadUser(const Rows& r, int i) {
    User u;
    u.id = r.Int64(i, 0);
    u.login = r.Text(i, 1);
    u.display_name = r.Text(i, 2);
    u.org_id = r.Int64(i, 3);
    u.roles = RoleSet::FromBits(static_cast<uint32_t>(r.Int64(i, 4)));
    u.scope = ParseDataScope(r.TextView(i, 5)).value_or(DataScope::kOrg);
    u.password_hash = r.Text(i, 6);
    u.active = r.Int64(i, 7) != 0;
    return u;
}
constexpr std::string_view kUserCols = "id, login, display_name, org_id, roles, scope, password_hash, active";

class PgUsers final : public UserRepository {
  public:
    explicit PgUsers(Conn& c) : c_(c) {}
    Result<User> Insert(User u) override {
        auto r = c_.Query(
            "INSERT INTO users(login, display_name, org_id, roles, scope, password_hash, active) "
            "VALUES ($1,$2,$3,$4,$5,$6,$7) ON CONFLICT (login) DO NOTHING RETURNING id",
            Params()
                .Add(u.login)
                .Add(u.display_name)
                .Add(u.org_id)
                .Add(static_cast<int64_t>(u.roles.Bits()))
                .Add(DataScopeName(u.scope))
                .Add(u.password_hash)
                .Add(u.active));
        if (!r) return Fail(r.error());
        if (r->empty()) return Fail(Error::AlreadyExists("登录名已存在：" + u.login, "login"));
        u.id = r->Int64(0, 0);
        return u;
    }
    Status Update(const User& u) override {
        XF_ASSIGN_OR_RETURN(
            Rows r, c_.Query("UPDATE users SET display_name=$1, org_id=$2, roles=$3, scope=$4, password_hash=$5, "
                             "active=$6 WHERE id=$7",
                             Params()
                                 .Add(u.display_name)
                                 .Add(u.org_id)
                                 .Add(static_cast<int64_t>(u.roles.Bits()))
                                 .Add(DataScopeName(u.scope))
                                 .Add(u.password_hash)
                                 .Add(u.active)
                                 .Add(u.id)));
        if (r.affected() == 0) return Fail(Error::NotFound("用户不存在"));
        return Ok();
    }
    Result<std::optional<User>> Get(int64_t id) override {
        return One(fmt::format("SELECT {} FROM users WHERE id = $1", kUserCols), Params().Add(id));
    }
    Result<std::optional<User>> FindByLogin(const std::string& login) override {
        return One(fmt::format("SELECT {} FROM users WHERE login = $1", kUserCols), Params().Add(login));
    }
    Result<std::vector<User>> List(std::optional<int64_t> org_id) override {
        XF_ASSIGN_OR_RETURN(
            Rows r, c_.Query(fmt::format("SELECT {} FROM users WHERE ($1::bigint IS NULL OR org_id = $1::bigint) "
                                         "ORDER BY org_id, login",
                                         kUserCols),
                             Params().Add(org_id)));
        std::vector<User> out;
        for (int i = 0; i < r.size(); ++i) out.push_back(ReadUser(r, i));
        return out;
    }
    Status InsertSession(const Session& s) override {
        XF_TRY(c_.Query(
            "INSERT INTO sessions(token_hash, user_id, csrf_token, created_at, expires_at) VALUES ($1,$2,$3,$4,$5)",
            Params().Add(s.token_hash).Add(s.user_id).Add(s.csrf_token).Add(Secs(s.created_at)).Add(Secs(s.expires_at))));
        return Ok();
    }
    Result<std::optional<Session>> FindSession(const std::string& token_hash) override {
        XF_ASSIGN_OR_RETURN(Rows r, c_.Query("SELECT token_hash, user_id, csrf_token, created_at, expires_at FROM "
                                             "sessions WHERE token_hash = $1",
                                             Params().Add(token_hash)));
        if (r.empty()) return std::optional<Session>();
        return std::optional<Session>(
            Session{r.Text(0, 0), r.Int64(0, 1), r.Text(0, 2), FromSecs(r.Int64(0, 3)), FromSecs(r.Int64(0, 4))});
    }
    Status DeleteSession(const std::string& token_hash) override {
        XF_TRY(c_.Query("DELETE FROM sessions WHERE token_hash = $1", Params().Add(token_hash)));
        return Ok();
    }
    Status DeleteExpiredSessions(Instant now) override {
        XF_TRY(c_.Query("DELETE FROM sessions WHERE expires_at <= $1", Params().Add(Secs(now))));
        return Ok();
    }

  private:
    Result<std::optional<User>> One(const std::string& sql, const Params& p) {
        XF_ASSIGN_OR_RETURN(Rows r, c_.Query(sql, p));
        if (r.empty()) return std::optional<User>();
        return std::optional<User>(ReadUser(r, 0));
    }
    Conn& c_;
};

class PgCategories final : public CategoryRepository {
  public:
    explicit PgCategories(Conn& c) : c_(c) {}
    Result<std::vector<Category>> List() override {
        XF_ASSIGN_OR_RETURN(Rows r, c_.Query("SELECT code, parent, name FROM categories ORDER BY code"));
        std::vector<Category> out;
        for (int i = 0; i < r.size(); ++i) out.push_back(Category{r.Text(i, 0), r.Text(i, 1), r.Text(i, 2)});
        return out;
    }
    Result<int> Upsert(const std::vector<Category>& rows) override {
        for (const auto& c : rows)
            XF_TRY(c_.Query("INSERT INTO categories(code, parent, name) VALUES ($1,$2,$3) "
                            "ON CONFLICT(code) DO UPDATE SET parent = excluded.parent, name = excluded.name",
                            Params().Add(c.code).Add(c.parent).Add(c.name)));
        return static_cast<int>(rows.size());
    }

  private:
    Conn& c_;
};

// Pending changes to the statistics rollups of one transaction (as in the SQLite store): combined in memory and
// written by Flush() with one statement per table (arrays bound as parameters), in key order so that concurrent
// transactions lock shared rollup rows in the same order and cannot deadlock on them.
class StatRollup {
  public:
    explicit StatRollup(Conn& c) : c_(c) {}

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

    Status Flush() {
        if (pending_.empty()) return Ok();
        std::map<Key, std::pair<int64_t, int64_t>> days, months;
        for (const auto& [k, d] : pending_) {
            if (d.first == 0 && d.second == 0) continue;
            days[k] = d;
            auto& m = months[Key{k.org, k.dim, MonthNumber(k.day), k.key}];
            m.first += d.first;
            m.second += d.second;
        }
        pending_.clear();
        XF_TRY(Apply("stat_day", "day", days));
        XF_TRY(Apply("stat_month", "month", months));
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
        bool operator==(const Key&) const = default;
    };
    struct KeyHash {
        size_t operator()(const Key& k) const noexcept {
            size_t h = std::hash<std::string>{}(k.key);
            for (int64_t v : {k.org, static_cast<int64_t>(k.dim), static_cast<int64_t>(k.day)})
                h ^= std::hash<int64_t>{}(v) + 0x9e3779b97f4a7c15ull + (h << 6) + (h >> 2);
            return h;
        }
    };

    Status Apply(std::string_view table, std::string_view col, const std::map<Key, std::pair<int64_t, int64_t>>& rows) {
        std::vector<std::pair<const Key*, std::pair<int64_t, int64_t>>> nonzero;
        for (const auto& [k, d] : rows)
            if (d.first != 0 || d.second != 0) nonzero.emplace_back(&k, d);
        if (nonzero.empty()) return Ok();
        std::vector<int64_t> orgs, dims, periods, batches, persons;
        std::vector<std::string> keys;
        bool any_negative = false;
        for (const auto& [k, d] : nonzero) {
            orgs.push_back(k->org);
            dims.push_back(k->dim);
            periods.push_back(k->day);
            keys.push_back(k->key);
            batches.push_back(d.first);
            persons.push_back(d.second);
            any_negative = any_negative || d.first < 0 || d.second < 0;
        }
        Params p;
        p.Add(pg::IntArray(orgs)).Add(pg::IntArray(dims)).Add(pg::IntArray(periods)).Add(pg::TextArray(keys));
        XF_TRY(c_.Query(fmt::format("INSERT INTO {0}(org_id, dim, {1}, key, batches, persons) "
                                    "SELECT * FROM unnest($1::bigint[], $2::int[], $3::int[], $4::text[], $5::bigint[], "
                                    "$6::bigint[]) "
                                    "ON CONFLICT (org_id, dim, {1}, key) DO UPDATE SET batches = {0}.batches + "
                                    "excluded.batches, persons = {0}.persons + excluded.persons",
                                    table, col),
                        Params(p).Add(pg::IntArray(batches)).Add(pg::IntArray(persons))));
        if (any_negative)
            XF_TRY(c_.Query(fmt::format("DELETE FROM {0} WHERE (org_id, dim, {1}, key) IN (SELECT * FROM "
                                        "unnest($1::bigint[], $2::int[], $3::int[], $4::text[])) "
                                        "AND batches = 0 AND persons = 0",
                                        table, col),
                            p));
        return Ok();
    }

    Result<const std::vector<int64_t>*> Ancestors(int64_t org_id) {
        if (auto it = ancestors_.find(org_id); it != ancestors_.end()) return &it->second;
        XF_ASSIGN_OR_RETURN(Rows r, c_.Query("SELECT path FROM orgs WHERE id = $1", Params().Add(org_id)));
        std::vector<int64_t> ids;
        if (!r.empty()) ids = PathIds(r.TextView(0, 0));
        if (ids.empty()) ids.push_back(org_id);
        return &(ancestors_[org_id] = std::move(ids));
    }

    Conn& c_;
    std::unordered_map<Key, std::pair<int64_t, int64_t>, KeyHash> pending_;
    std::unordered_map<int64_t, std::vector<int64_t>> ancestors_;
};

class PgPetitions final : public PetitionRepository {
  public:
    PgPetitions(Conn& c, StatRollup& rollup, SearchWindows search_windows)
        : c_(c), rollup_(rollup), search_windows_(search_windows) {}

    Result<Petition> Insert(Petition p) override {
        p.version = 1;
        const auto entries = StatEntriesFor(p);
        auto r = c_.Query(
            "INSERT INTO petitions(version, number, query_code, kind, parent_case_id, channel, purpose, state, "
            "is_open, received_at, received_on, registered_org_id, current_org_id, accused_org_id, category_code, "
            "region_code, persons, next_due, rating, replied_on, doc, stats) "
            "VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19,$20,$21,$22) "
            "ON CONFLICT DO NOTHING RETURNING id",
            Params()
                .Add(p.version)
                .Add(p.number)
                .Add(p.query_code)
                .Add(CaseKindName(p.kind))
                .Add(p.parent_case_id)
                .Add(ChannelName(p.channel))
                .Add(PurposeName(p.purpose))
                .Add(StateName(p.state))
                .Add(!IsClosed(p.state))
                .Add(Secs(p.received_at))
                .Add(FormatDate(ChinaDate(p.received_at)))
                .Add(p.registered_org_id)
                .Add(p.current_org_id)
                .Add(p.accused_org_id)
                .Add(p.category_code)
                .Add(p.region_code)
                .Add(static_cast<int64_t>(p.persons))
                .Add(NextDue(p))
                .Add(RatingColumn(p))
                .Add(RepliedColumn(p))
                .Add(EncodePetition(p))
                .Add(EncodeStatEntries(entries)));
        if (!r) return Fail(r.error());
        if (r->empty()) return Fail(Error::AlreadyExists("信访件编号或查询码重复", "number"));
        p.id = r->Int64(0, 0);
        XF_TRY(rollup_.Add(entries, +1));
        XF_TRY(WriteSearch({&p}));
        XF_TRY(Involve(p.id, p.registered_org_id, p.registered_by));
        if (p.current_org_id != p.registered_org_id) XF_TRY(Involve(p.id, p.current_org_id, 0));
        return p;
    }

    // The import's bulk path: per part of kInsertPart cases, one INSERT … SELECT FROM unnest for the cases, then
    // their search rows, repeat keys and org links, instead of six round trips per case. The parameters of a part
    // (documents, rollup entries, search vectors, repeat keys: pure functions of the cases) are computed on a
    // helper thread while the server executes the part before it (issue #10: this client work was a quarter of the
    // import's wall time, with the server idle meanwhile).
    Result<std::vector<Petition>> InsertMany(std::vector<Petition> cases) override {
        if (cases.empty()) return cases;
        // GIN collects new entries in a pending list and merges it into the index when it exceeds this limit
        // (default 4 MB): larger merges of sorted runs cost less per entry (issue #10, at 100,000 cases: the
        // search rows 43.3 → 35.9 s). For this transaction only; the import's closing RefreshPlannerStatistics
        // merges what is left, so that no registration pays for it.
        XF_TRY(c_.Exec("SET LOCAL gin_pending_list_limit = '64MB'"));
        for (auto& p : cases) p.version = 1;
        auto prepare = [&cases](size_t from) {
            return std::async(std::launch::async, [&cases, from] {
                return PreparedPart::Of(std::span(cases).subspan(from, std::min(kInsertPart, cases.size() - from)));
            });
        };
        std::future<PreparedPart> next = prepare(0);
        for (size_t from = 0; from < cases.size(); from += kInsertPart) {
            PreparedPart part = next.get();
            if (from + kInsertPart < cases.size()) next = prepare(from + kInsertPart);
            XF_TRY(InsertPart(std::span(cases).subspan(from, part.entries.size()), part));
        }
        return cases;
    }

    Result<std::unordered_set<std::string>> ExistingNumbers(const std::vector<std::string>& numbers) override {
        std::unordered_set<std::string> out;
        if (numbers.empty()) return out;
        XF_ASSIGN_OR_RETURN(Rows r, c_.Query("SELECT number FROM petitions WHERE number = ANY($1::text[])",
                                             Params().Add(pg::TextArray(numbers))));
        for (int i = 0; i < r.size(); ++i) out.insert(r.Text(i, 0));
        return out;
    }

    Result<Petition> Update(Petition p) override {
        int64_t expected = p.version;
        p.version = expected + 1;
        // Lock the row at the expected version: the old entries and search signature read here are the ones this
        // update replaces.
        XF_ASSIGN_OR_RETURN(Rows old, c_.Query("SELECT p.stats, s.sig FROM petitions p LEFT JOIN petition_search s ON "
                                               "s.petition_id = p.id WHERE p.id = $1 AND p.version = $2 "
                                               "FOR UPDATE OF p",
                                               Params().Add(p.id).Add(expected)));
        if (old.empty()) {
            XF_ASSIGN_OR_RETURN(auto current, Get(p.id));
            if (!current) return Fail(Error::NotFound("信访件不存在"));
            return Fail(Error::Aborted(fmt::format("信访件已被他人修改（当前版本 {}，您的版本 {}），请刷新后重试",
                                                   current->version, expected)));
        }
        std::string old_stats = old.Text(0, 0);
        std::optional<std::string> old_sig = old.OptText(0, 1);
        auto entries = StatEntriesFor(p);
        std::string new_stats = EncodeStatEntries(entries);
        XF_TRY(c_.Query(
            "UPDATE petitions SET version=$1, state=$2, is_open=$3, current_org_id=$4, category_code=$5, "
            "region_code=$6, persons=$7, next_due=$8, accused_org_id=$9, doc=$10, channel=$13, purpose=$14, "
            "received_at=$15, received_on=$16, kind=$17, parent_case_id=$18, rating=$19, replied_on=$20, stats=$21 "
            "WHERE id=$11 AND version=$12",
            Params()
                .Add(p.version)
                .Add(StateName(p.state))
                .Add(!IsClosed(p.state))
                .Add(p.current_org_id)
                .Add(p.category_code)
                .Add(p.region_code)
                .Add(static_cast<int64_t>(p.persons))
                .Add(NextDue(p))
                .Add(p.accused_org_id)
                .Add(EncodePetition(p))
                .Add(p.id)
                .Add(expected)
                .Add(ChannelName(p.channel))
                .Add(PurposeName(p.purpose))
                .Add(Secs(p.received_at))
                .Add(FormatDate(ChinaDate(p.received_at)))
                .Add(CaseKindName(p.kind))
                .Add(p.parent_case_id)
                .Add(RatingColumn(p))
                .Add(RepliedColumn(p))
                .Add(new_stats)));
        if (old_stats != new_stats) {
            XF_ASSIGN_OR_RETURN(auto old_entries, DecodeStatEntries(old_stats));
            XF_TRY(rollup_.Add(old_entries, -1));
            XF_TRY(rollup_.Add(entries, +1));
        }
        // Most updates (routing, deadlines, replies) leave the indexed text and keys alone: not rewritten then.
        if (old_sig != search::IndexSignature(p)) XF_TRY(WriteSearch({&p}));
        XF_TRY(Involve(p.id, p.current_org_id, 0));
        return p;
    }

    Result<std::vector<StatEntry>> EntriesOf(const PetitionFilter& filter) {
        PetitionFilter f = filter;
        std::optional<std::string> subtree = std::exchange(f.scope_org_path, std::nullopt);
        std::vector<Param> params;
        std::string sql = "SELECT p.stats FROM petitions p WHERE ";
        if (subtree) {
            sql += "p.id IN (SELECT po.petition_id FROM petition_orgs po WHERE po.org_id IN "
                   "(SELECT id FROM orgs WHERE path LIKE ? ESCAPE '\\')) AND ";
            params.push_back(LikePrefix(*subtree));
        }
        sql += Where(f, params);
        XF_ASSIGN_OR_RETURN(Rows r, c_.QueryUncached(Number(sql), Bound(params)));
        std::vector<StatEntry> out;
        for (int i = 0; i < r.size(); ++i) {
            XF_ASSIGN_OR_RETURN(auto entries, DecodeStatEntries(r.TextView(i, 0)));
            for (auto& e : entries) out.push_back(std::move(e));
        }
        return out;
    }

    Result<int64_t> RebuildStats() {
        // Writers of cases wait while the rollups are recounted (their upserts need ROW EXCLUSIVE).
        XF_TRY(c_.Exec("LOCK TABLE stat_day, stat_month IN EXCLUSIVE MODE"));
        XF_TRY(c_.Exec("DELETE FROM stat_day; DELETE FROM stat_month"));
        rollup_.Clear();
        int64_t after = 0, n = 0;
        while (true) {
            XF_ASSIGN_OR_RETURN(Rows r, c_.Query("SELECT id, version, doc FROM petitions WHERE id > $1 ORDER BY id "
                                                 "LIMIT 2000",
                                                 Params().Add(after)));
            if (r.empty()) break;
            std::vector<int64_t> ids;
            std::vector<std::string> stats;
            for (int i = 0; i < r.size(); ++i) {
                XF_ASSIGN_OR_RETURN(Petition p, Decode(r, i));
                auto entries = StatEntriesFor(p);
                ids.push_back(p.id);
                stats.push_back(EncodeStatEntries(entries));
                XF_TRY(rollup_.Add(entries, +1));
                after = p.id;
                ++n;
            }
            XF_TRY(c_.Query("UPDATE petitions p SET stats = u.stats FROM unnest($1::bigint[], $2::text[]) AS "
                            "u(id, stats) WHERE p.id = u.id",
                            Params().Add(pg::IntArray(ids)).Add(pg::TextArray(stats))));
            XF_TRY(rollup_.Flush());
        }
        return n;
    }

    Result<std::optional<Petition>> Get(int64_t id) override {
        return One("SELECT id, version, doc FROM petitions WHERE id = $1", Params().Add(id));
    }
    Result<std::optional<Petition>> FindByNumber(const std::string& number) override {
        return One("SELECT id, version, doc FROM petitions WHERE number = $1", Params().Add(number));
    }
    Result<std::optional<Petition>> FindByQueryCode(const std::string& code) override {
        return One("SELECT id, version, doc FROM petitions WHERE query_code = $1", Params().Add(code));
    }

    Result<PetitionPage> List(const PetitionFilter& f) override {
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
        XF_ASSIGN_OR_RETURN(Rows r, c_.QueryUncached(Number(sql), Bound(params)));
        PetitionPage page;
        for (int i = 0; i < r.size(); ++i) {
            XF_ASSIGN_OR_RETURN(Petition p, Decode(r, i));
            page.items.push_back(std::move(p));
        }
        if (static_cast<int>(page.items.size()) > limit) {
            page.items.pop_back();
            page.next = std::make_pair(page.items.back().received_at, page.items.back().id);
        }
        return page;
    }

    Result<int64_t> Count(const PetitionFilter& f) override {
        std::vector<Param> params;
        std::string sql = "SELECT count(*) FROM petitions p WHERE " + Where(f, params);
        XF_ASSIGN_OR_RETURN(Rows r, c_.QueryUncached(Number(sql), Bound(params)));
        return r.empty() ? 0 : r.Int64(0, 0);
    }

    Result<std::vector<CountRow>> CountBy(const PetitionFilter& f, CountDimension d) override {
        std::string_view expr;
        switch (d) {
            case CountDimension::kChannel: expr = "p.channel"; break;
            case CountDimension::kPurpose: expr = "p.purpose"; break;
            case CountDimension::kState: expr = "p.state"; break;
            case CountDimension::kCategoryTop: expr = "substr(p.category_code, 1, 2)"; break;
            case CountDimension::kRegion: expr = "p.region_code"; break;
            case CountDimension::kMonth: expr = "substr(p.received_on, 1, 7)"; break;
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
            "SELECT ({}) COLLATE \"C\" AS k, count(*), coalesce(sum(p.persons), 0) FROM petitions p WHERE {} "
            "GROUP BY k ORDER BY k",
            expr, Where(f, params));
        XF_ASSIGN_OR_RETURN(Rows r, c_.QueryUncached(Number(sql), Bound(params)));
        std::vector<CountRow> out;
        for (int i = 0; i < r.size(); ++i) out.push_back(CountRow{r.Text(i, 0), r.Int64(i, 1), r.Int64(i, 2)});
        return out;
    }

    // Ranked by ts_rank with normalization 1 (the rank divided by 1 + log of the document's length): a case whose
    // short text holds the terms comes before a long one that mentions them once. The default weights
    // {D 0.1, C 0.2, B 0.4, A 1.0} put title (A) before people (B) before content (D). The score is compared and
    // returned at float8 (ts_rank's real widened exactly), and the server prints float8 in its shortest exact form,
    // so a cursor read back as a double selects the same boundary.
    // The candidates: the newest `cap` matching cases; counted, faceted and ranked (ts_rank, normalization 1:
    // divided by 1 + log of the document length) among themselves.
    Result<SearchPage> Search(const SearchRequest& r) override {
        if (!r.filter.text) return Fail(Error::InvalidArgument("q", "请输入检索词"));
        PetitionFilter f = r.filter;
        const search::Query text = *std::exchange(f.text, std::nullopt);
        const std::string query = TsQueryText(text);
        f.after.reset();
        SearchPage page;
        if (query.empty()) return page;
        const int64_t cap = std::max<int64_t>(r.cap, 1);
        const int limit = std::clamp(f.limit, 1, 500);
        // The newest cap matches (cap + 1 with counts, to tell "more than cap"): counted, and ranked by relevance.
        std::vector<int64_t> newest;
        const int64_t wanted = r.with_counts ? cap + 1 : cap;
        if (r.with_counts || r.order == SearchOrder::kRelevance)
            XF_ASSIGN_OR_RETURN(newest, NewestMatches(text, f, 0, wanted));
        std::vector<int64_t> ids;  // newest first
        std::string sql;
        std::vector<Param> params;
        if (r.order == SearchOrder::kNewest) {
            // The first page is the head of `newest` when that holds it; another page is asked for below its cursor.
            const bool head = !r.after && r.with_counts && (limit + 1 <= wanted || std::ssize(newest) < wanted);
            if (head) {
                ids.assign(newest.begin(), newest.begin() + std::min<int64_t>(limit + 1, std::ssize(newest)));
            } else {
                XF_ASSIGN_OR_RETURN(ids, NewestMatches(text, f, r.after ? r.after->second : 0, limit + 1));
            }
            sql = "SELECT p.id, p.version, p.doc, 0::float8 FROM petitions p WHERE p.id = ANY(?::bigint[]) "
                  "ORDER BY p.id DESC";
            params.push_back(pg::IntArray(ids));
        } else {
            ids = newest;
            std::vector<int64_t> ranked(ids.begin(), ids.begin() + std::min<int64_t>(cap, std::ssize(ids)));
            params.push_back(query);  // ts_rank's
            params.push_back(pg::IntArray(ranked));
            sql = "SELECT p.id, p.version, p.doc, x.score FROM (SELECT s.petition_id AS id, ts_rank(s.search, "
                  "?::tsquery, 1)::float8 AS score FROM petition_search s WHERE s.petition_id = ANY(?::bigint[])) x "
                  "JOIN petitions p ON p.id = x.id";
            if (r.after) {
                sql += " WHERE (x.score < ?::float8 OR (x.score = ?::float8 AND p.id < ?::bigint))";
                params.push_back(FormatScore(r.after->first));
                params.push_back(FormatScore(r.after->first));
                params.push_back(r.after->second);
            }
            sql += " ORDER BY x.score DESC, p.id DESC LIMIT ?";
            params.push_back(static_cast<int64_t>(limit + 1));
        }
        if (r.with_counts) {
            XF_ASSIGN_OR_RETURN(Rows rows, c_.Query("SELECT substr(category_code, 1, 2) COLLATE \"C\" AS k, count(*), "
                                                    "coalesce(sum(persons), 0) FROM petitions WHERE id = "
                                                    "ANY($1::bigint[]) GROUP BY k ORDER BY k",
                                                    Params().Add(pg::IntArray(newest))));
            std::vector<CountRow> counts;
            for (int i = 0; i < rows.size(); ++i)
                counts.push_back(CountRow{rows.Text(i, 0), rows.Int64(i, 1), rows.Int64(i, 2)});
            page.SetCounts(std::move(counts), cap);
        }
        if (ids.empty()) return page;
        XF_ASSIGN_OR_RETURN(Rows rows, c_.QueryUncached(Number(sql), Bound(params)));
        for (int i = 0; i < rows.size() && i < limit; ++i) {
            XF_ASSIGN_OR_RETURN(Petition p, Decode(rows, i));
            page.items.push_back(ScoredPetition{std::move(p), ParseScore(rows.TextView(i, 3))});
        }
        if (rows.size() > limit) page.next = std::make_pair(page.items.back().score, page.items.back().petition.id);
        return page;
    }

    // The ids of the newest `n` cases that match the query and the filter, below `before` when it is not 0, newest
    // first. Asked in windows of ids from the newest down, each as wide as the share of matches found so far says
    // the rest needs (1 to 16 times the one before; 4 times when none was found), so that a frequent term reads
    // the rows of the newest few thousand cases and not all of its matches: GIN returns its matches unordered,
    // and one query "newest n of them" had to fetch every one (issue #10: 1–2 s for a term of 1 % of the cases at
    // 10,000,000). The windows select exactly the cases that query did.
    //
    // The index scan is driven by one token of the query, the rarest by the planner's statistics (SearchDriver),
    // and the whole query is checked on that token's matches inside the window only. Given the whole query
    // instead, the planner multiplies the frequencies of a phrase's bigrams as if they were independent (专用账户:
    // 403 rows expected, 321,760 found at 10,000,000 cases), then skips the window's id range in the bitmap and
    // rechecks every match's tsvector from TOAST: 7–40 s for one search. With a single token it expects the right
    // number and intersects the window first; index and sequential scans are ruled out for the window query (they
    // would test the tsvector of every case in the window), and work_mem is raised so that the bitmap stays exact.
    // The filter (scope, the accusation rule, …) is a second statement on the window's candidates, planned as usual:
    // its look-ups by case want the index scans the first one rules out (in one statement, a county user's scope
    // hashed the 967,000 petition_orgs rows of the county: 5.4 s a window at 10,000,000 cases).
    // When the statistics know the driving token's frequency, the first window is sized to hold about `n` of its
    // matches, so that most searches read the posting list once (PostgresOptions::search_window_from_statistics).
    Result<std::vector<int64_t>> NewestMatches(const search::Query& text, const PetitionFilter& f, int64_t before,
                                               int64_t n) {
        std::vector<int64_t> out;
        const std::string query = TsQueryText(text);
        XF_ASSIGN_OR_RETURN(SearchDriver driver, DriverOf(text));
        const bool recheck = query != driver.tsquery;  // a single token needs no second test
        XF_ASSIGN_OR_RETURN(Rows top, c_.Query("SELECT coalesce(max(id), 0) + 1 FROM petitions"));
        int64_t hi = top.Int64(0, 0);  // exclusive
        if (before > 0) hi = std::min(hi, before);
        int64_t window = search_windows_.first;
        if (search_windows_.from_statistics && driver.frequency > 0) {
            const double wanted = static_cast<double>(n) * 1.25 / driver.frequency;
            window = std::max<int64_t>(window, static_cast<int64_t>(std::min(wanted, 1e15)));
        }
        // A token in at least kDenseToken of the cases is not looked up in the index at all: its window is small
        // (n / frequency ids), and testing the query on each of the window's search rows, newest first, costs less
        // than reading its posting list (10,000,000 cases, warm: 工资 at 12 % 53 ms against 364, 安置 at 10 % 109
        // against 277, 专用 at 3 % 1,337 against 229).
        // Only while the window is at most kDenseWindow ids: a county user's later windows grow wide, and each row
        // of the walk is a tsvector read from TOAST.
        constexpr double kDenseToken = 0.08;
        constexpr int64_t kDenseWindow = 50000;
        constexpr std::string_view kWalkPlan = "SET LOCAL enable_bitmapscan = off; SET LOCAL enable_seqscan = off";
        constexpr std::string_view kBitmapPlan =
            "SET LOCAL enable_indexscan = off; SET LOCAL enable_seqscan = off; SET LOCAL work_mem = '32MB'";
        constexpr std::string_view kDefaultPlan =
            "SET LOCAL enable_indexscan TO DEFAULT; SET LOCAL enable_bitmapscan TO DEFAULT; "
            "SET LOCAL enable_seqscan TO DEFAULT; SET LOCAL work_mem TO DEFAULT";
        // OFFSET 0 keeps the window's candidates a subquery of their own: the whole query is tested on them only.
        // At most max_candidates of them, the newest, go to the filter at once; when there are more, the next window
        // starts below the last one taken (a scope that keeps few of a frequent token's matches, late windows).
        const int64_t max_candidates = search_windows_.max_candidates;
        const std::string walk_sql =
            fmt::format("SELECT s.petition_id FROM petition_search s WHERE s.search @@ $1::tsquery AND s.petition_id < "
                        "$2 AND s.petition_id >= $3 ORDER BY s.petition_id DESC LIMIT {}",
                        max_candidates);
        const std::string bitmap_sql = fmt::format(
            "SELECT c.id FROM (SELECT s.petition_id AS id{} FROM petition_search s WHERE s.search @@ $1::tsquery AND "
            "s.petition_id < $2 AND s.petition_id >= $3 OFFSET 0) c{} ORDER BY c.id DESC LIMIT {}",
            recheck ? ", s.search" : "", recheck ? " WHERE c.search @@ $4::tsquery" : "", max_candidates);
        while (std::ssize(out) < n && hi > 1) {
            const int64_t lo = std::max<int64_t>(hi - window, 0);
            // Step 1, the window's matches, planned for the bitmap or the newest-first walk; step 2, the
            // filter, planned as usual (the scope's look-ups by case want index scans).
            const bool walk = driver.frequency >= kDenseToken && hi - lo <= kDenseWindow;
            Params cp;
            cp.Add(walk ? query : driver.tsquery).Add(hi).Add(lo);
            if (recheck && !walk) cp.Add(query);
            XF_TRY(c_.Exec(walk ? kWalkPlan : kBitmapPlan));
            Result<Rows> found = c_.QueryUncached(walk ? walk_sql : bitmap_sql, cp);
            XF_TRY(c_.Exec(kDefaultPlan));
            if (!found) return Fail(std::move(found.error()));
            const int64_t next_hi = found->size() == max_candidates ? found->Int64(found->size() - 1, 0) : lo;
            const int64_t width = hi - next_hi;
            hi = next_hi;
            const int64_t had = std::ssize(out);
            if (!found->empty()) {
                std::vector<int64_t> ids;
                ids.reserve(static_cast<size_t>(found->size()));
                for (int i = 0; i < found->size(); ++i) ids.push_back(found->Int64(i, 0));
                std::vector<Param> params;
                params.push_back(pg::IntArray(ids));
                std::string where = Where(f, params);
                params.push_back(n - std::ssize(out));
                XF_ASSIGN_OR_RETURN(Rows r, c_.QueryUncached(Number("SELECT p.id FROM petitions p WHERE p.id = "
                                                                    "ANY(?::bigint[]) AND " + where +
                                                                    " ORDER BY p.id DESC LIMIT ?"),
                                                             Bound(params)));
                for (int i = 0; i < r.size(); ++i) out.push_back(r.Int64(i, 0));
            }
            // The next window: as wide as the matches found so far say the rest needs (a filter such as a county's
            // scope keeps a share of them only), 1 to 16 times this one; 4 times when none was found.
            const int64_t got = std::ssize(out) - had;
            window = width * 4;
            if (got > 0) {
                const double need = static_cast<double>(n - std::ssize(out)) * static_cast<double>(width) /
                                    static_cast<double>(got) * 1.25;
                window = std::clamp<int64_t>(static_cast<int64_t>(std::min(need, 1e15)), width, width * 16);
            }
            window = std::max<int64_t>(window, 1);
        }
        return out;
    }

    struct SearchDriver {
        std::string tsquery;     // one token's tsquery
        double frequency = 0;    // the share of cases that hold it, by the planner's statistics; 0: not known
    };
    // The token that drives a search's index scan: the rarest whole token (not a one-character prefix) by the
    // most common elements ANALYZE keeps for petition_search.search. A token missing from that list is rarer than
    // every one in it; its frequency is taken as a quarter of the least common listed. One-character prefixes
    // drive only a query that has nothing else.
    Result<SearchDriver> DriverOf(const search::Query& text) {
        const std::vector<TsQueryToken> tokens = TsQueryTokens(text);
        if (tokens.empty()) return Fail(Error::InvalidArgument("q", "请输入检索词"));
        std::vector<std::string> names;
        for (const auto& t : tokens) names.push_back(t.token);
        // most_common_elem_freqs ends with the least and the greatest of the frequencies before it (and, for
        // arrays, a null one): unnest pairs those with a null element.
        XF_ASSIGN_OR_RETURN(Rows st, c_.Query("SELECT x.e, x.f FROM pg_stats s, unnest(s.most_common_elems::text::"
                                              "text[], s.most_common_elem_freqs) AS x(e, f) WHERE s.schemaname = "
                                              "current_schema() AND s.tablename = 'petition_search' AND s.attname = "
                                              "'search' AND (x.e = ANY($1::text[]) OR x.e IS NULL)",
                                              Params().Add(pg::TextArray(names))));
        std::unordered_map<std::string, double> known;
        double least = 0;
        for (int i = 0; i < st.size(); ++i) {
            if (st.IsNull(i, 1)) continue;
            const double f = std::strtod(std::string(st.TextView(i, 1)).c_str(), nullptr);
            if (st.IsNull(i, 0)) {
                if (least == 0 || f < least) least = f;
            } else {
                known[std::string(st.TextView(i, 0))] = f;
            }
        }
        const TsQueryToken* best = nullptr;
        double best_f = 0;
        for (const auto& t : tokens) {
            if (t.prefix) continue;
            auto it = known.find(t.token);
            const double f = it != known.end() ? it->second : least / 4;
            if (!best || f < best_f) best = &t, best_f = f;
        }
        if (!best) best = &tokens.front(), best_f = 0;  // prefixes only: their matches are not counted
        return SearchDriver{best->tsquery, best_f};
    }

    Result<std::vector<Petition>> FindByMatchKeys(const std::vector<int64_t>& keys, int limit) override {
        std::vector<Petition> out;
        if (keys.empty() || limit <= 0) return out;
        // Each key's newest kKeyFanout cases from the GIN index on petition_search.keys (migration 0013). The sort
        // is on `petition_id + 0` so that the planner cannot walk the primary key backwards and filter every row
        // until it has found kKeyFanout: most keys belong to one or two cases.
        XF_ASSIGN_OR_RETURN(Rows r, c_.Query("SELECT p.id, p.version, p.doc FROM (SELECT x.petition_id, count(*) AS "
                                             "shared FROM unnest($1::bigint[]) k(key) CROSS JOIN LATERAL (SELECT "
                                             "s.petition_id FROM petition_search s WHERE s.keys @> ARRAY[k.key] "
                                             "ORDER BY s.petition_id + 0 DESC LIMIT $3) x GROUP BY x.petition_id "
                                             "ORDER BY shared DESC, x.petition_id DESC LIMIT $2) m JOIN petitions p ON "
                                             "p.id = m.petition_id ORDER BY m.shared DESC, p.id DESC",
                                             Params().Add(pg::IntArray(keys)).Add(limit).Add(kKeyFanout)));
        for (int i = 0; i < r.size(); ++i) {
            XF_ASSIGN_OR_RETURN(Petition p, Decode(r, i));
            out.push_back(std::move(p));
        }
        return out;
    }

    // DELETE rather than TRUNCATE: readers in other transactions keep their snapshot instead of queueing behind an
    // exclusive lock (on a hot standby too); the rebuild's VACUUM reclaims the rows.
    Status ClearSearchIndex() override {
        XF_TRY(c_.Exec("DELETE FROM petition_search"));
        return Ok();
    }

    // The cases are read FOR SHARE: an update committing in between cannot be overwritten by the older text read
    // here (it waits for this transaction, or this one reads its result).
    Result<int64_t> ReindexSearch(int64_t after_id, int limit) override {
        XF_ASSIGN_OR_RETURN(Rows r, c_.Query("SELECT id, version, doc FROM petitions WHERE id > $1 ORDER BY id "
                                             "LIMIT $2 FOR SHARE",
                                             Params().Add(after_id).Add(std::max(limit, 1))));
        if (r.empty()) return int64_t{0};
        std::vector<Petition> cases;
        cases.reserve(static_cast<size_t>(r.size()));
        for (int i = 0; i < r.size(); ++i) {
            XF_ASSIGN_OR_RETURN(Petition p, Decode(r, i));
            cases.push_back(std::move(p));
        }
        std::vector<const Petition*> ptrs;
        for (const auto& p : cases) ptrs.push_back(&p);
        XF_TRY(WriteSearch(ptrs));
        return cases.back().id;
    }

    Result<std::vector<int64_t>> OpenCaseIds(int64_t after_id, int limit) override {
        XF_ASSIGN_OR_RETURN(Rows r, c_.Query("SELECT id FROM petitions WHERE is_open = 1 AND id > $1 ORDER BY id "
                                             "LIMIT $2",
                                             Params().Add(after_id).Add(limit)));
        std::vector<int64_t> out;
        for (int i = 0; i < r.size(); ++i) out.push_back(r.Int64(i, 0));
        return out;
    }

    Result<std::vector<int64_t>> CaseIdsOfOrg(int64_t org_id, int64_t after_id, int limit) override {
        XF_ASSIGN_OR_RETURN(Rows r, c_.Query("SELECT petition_id FROM petition_orgs WHERE org_id = $1 "
                                             "AND petition_id > $2 ORDER BY petition_id LIMIT $3",
                                             Params().Add(org_id).Add(after_id).Add(limit)));
        std::vector<int64_t> out;
        for (int i = 0; i < r.size(); ++i) out.push_back(r.Int64(i, 0));
        return out;
    }

    Result<Event> AppendEvent(Event e) override {
        XF_ASSIGN_OR_RETURN(
            Rows r, c_.Query("INSERT INTO events(petition_id, at, action, actor_user_id, actor_kind, org_id, "
                             "target_org_id, public_text, internal_note, detail, is_public) "
                             "VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11) RETURNING id",
                             Params()
                                 .Add(e.petition_id)
                                 .Add(Secs(e.at))
                                 .Add(e.action)
                                 .Add(e.actor_user_id)
                                 .Add(e.actor_kind)
                                 .Add(e.org_id)
                                 .Add(e.target_org_id)
                                 .Add(e.public_text)
                                 .Add(e.internal_note)
                                 .Add(e.detail_json)
                                 .Add(e.is_public)));
        e.id = r.Int64(0, 0);
        if (e.actor_kind == "staff") XF_TRY(Involve(e.petition_id, 0, e.actor_user_id));
        return e;
    }

    Status AppendEvents(std::vector<Event> events) override {
        if (events.empty()) return Ok();
        std::vector<int64_t> cases, at, actors, orgs, is_public;
        std::vector<std::string> actions, kinds, public_texts, notes, details;
        std::vector<std::optional<std::string>> targets;
        std::vector<int64_t> staff_case, staff_user;
        for (const auto& e : events) {
            cases.push_back(e.petition_id);
            at.push_back(Secs(e.at));
            actions.push_back(e.action);
            actors.push_back(e.actor_user_id);
            kinds.push_back(e.actor_kind);
            orgs.push_back(e.org_id);
            targets.push_back(e.target_org_id ? std::optional<std::string>(std::to_string(*e.target_org_id))
                                              : std::nullopt);
            public_texts.push_back(e.public_text);
            notes.push_back(e.internal_note);
            details.push_back(e.detail_json);
            is_public.push_back(e.is_public ? 1 : 0);
            if (e.actor_kind == "staff") {
                staff_case.push_back(e.petition_id);
                staff_user.push_back(e.actor_user_id);
            }
        }
        XF_TRY(c_.Query("INSERT INTO events(petition_id, at, action, actor_user_id, actor_kind, org_id, target_org_id, "
                        "public_text, internal_note, detail, is_public) SELECT * FROM unnest($1::bigint[], "
                        "$2::bigint[], $3::text[], $4::bigint[], $5::text[], $6::bigint[], $7::bigint[], $8::text[], "
                        "$9::text[], $10::text[], $11::int[])",
                        Params()
                            .Add(pg::IntArray(cases))
                            .Add(pg::IntArray(at))
                            .Add(pg::TextArray(actions))
                            .Add(pg::IntArray(actors))
                            .Add(pg::TextArray(kinds))
                            .Add(pg::IntArray(orgs))
                            .Add(pg::OptTextArray(targets))
                            .Add(pg::TextArray(public_texts))
                            .Add(pg::TextArray(notes))
                            .Add(pg::TextArray(details))
                            .Add(pg::IntArray(is_public))));
        return InvolveMany("petition_users", "user_id", staff_case, staff_user);
    }

    Result<std::vector<Event>> Events(int64_t petition_id) override {
        XF_ASSIGN_OR_RETURN(
            Rows r, c_.Query("SELECT id, petition_id, at, action, actor_user_id, actor_kind, org_id, target_org_id, "
                             "public_text, internal_note, detail, is_public FROM events WHERE petition_id = $1 "
                             "ORDER BY id",
                             Params().Add(petition_id)));
        std::vector<Event> out;
        for (int i = 0; i < r.size(); ++i) {
            Event e;
            e.id = r.Int64(i, 0);
            e.petition_id = r.Int64(i, 1);
            e.at = FromSecs(r.Int64(i, 2));
            e.action = r.Text(i, 3);
            e.actor_user_id = r.Int64(i, 4);
            e.actor_kind = r.Text(i, 5);
            e.org_id = r.Int64(i, 6);
            e.target_org_id = r.OptInt64(i, 7);
            e.public_text = r.Text(i, 8);
            e.internal_note = r.Text(i, 9);
            e.detail_json = r.Text(i, 10);
            e.is_public = r.Int64(i, 11) != 0;
            out.push_back(std::move(e));
        }
        return out;
    }

    Result<CaseAccessFacts> AccessFacts(int64_t petition_id) override {
        CaseAccessFacts facts;
        XF_ASSIGN_OR_RETURN(
            Rows orgs, c_.Query("SELECT o.id, o.code, o.parent_id, o.name, o.level, o.kind, o.region_code, o.path "
                                "FROM petition_orgs po JOIN orgs o ON o.id = po.org_id WHERE po.petition_id = $1",
                                Params().Add(petition_id)));
        for (int i = 0; i < orgs.size(); ++i) facts.involved_orgs.push_back(ReadOrg(orgs, i));
        XF_ASSIGN_OR_RETURN(Rows users, c_.Query("SELECT user_id FROM petition_users WHERE petition_id = $1",
                                                 Params().Add(petition_id)));
        for (int i = 0; i < users.size(); ++i) facts.involved_users.push_back(users.Int64(i, 0));
        XF_ASSIGN_OR_RETURN(
            Rows accused, c_.Query(fmt::format("SELECT {} FROM orgs WHERE id = (SELECT accused_org_id FROM petitions "
                                               "WHERE id = $1)",
                                               kOrgCols),
                                   Params().Add(petition_id)));
        if (!accused.empty()) facts.accused_org = ReadOrg(accused, 0);
        return facts;
    }

    // The row lock of the upsert makes concurrent transactions take turns: values are unique and gapless.
    Result<int64_t> NextSequence(const std::string& name) override {
        XF_ASSIGN_OR_RETURN(Rows r, c_.Query("INSERT INTO sequences(name, value) VALUES ($1, 1) ON CONFLICT(name) DO "
                                             "UPDATE SET value = sequences.value + 1 RETURNING value",
                                             Params().Add(name)));
        if (r.empty()) return Fail(Error::Internal("sequence did not return a value"));
        return r.Int64(0, 0);
    }

  private:
    using Param = std::variant<int64_t, std::string>;

    static Params Bound(const std::vector<Param>& params) {
        Params out;
        for (const auto& v : params) {
            if (std::holds_alternative<int64_t>(v))
                out.Add(std::get<int64_t>(v));
            else
                out.Add(std::get<std::string>(v));
        }
        return out;
    }

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

    static constexpr size_t kInsertPart = 1000;

    // The statement parameters of a part of an InsertMany: everything but the ids, which the INSERT returns.
    struct SearchRows {
        std::vector<std::string> sigs, vectors, keys;

        static SearchRows Of(std::span<const Petition* const> cases) {
            SearchRows out;
            for (const Petition* p : cases) {
                out.sigs.push_back(search::IndexSignature(*p));
                out.vectors.push_back(TsVectorText(search::IndexedTextOf(*p)));
                std::vector<int64_t> k = repeat::MatchKeys(*p);
                std::sort(k.begin(), k.end());
                k.erase(std::unique(k.begin(), k.end()), k.end());
                out.keys.push_back(fmt::format("{{{}}}", fmt::join(k, ",")));
            }
            return out;
        }
    };
    struct PreparedPart {
        std::vector<std::vector<StatEntry>> entries;
        Params insert;  // $1 … $21 of the INSERT below
        SearchRows search;

        static PreparedPart Of(std::span<const Petition> cases) {
            PreparedPart out;
            std::vector<std::string> numbers, codes, kinds, channels, purposes, states, received_on, categories,
                regions, docs, stats;
            std::vector<int64_t> open, received_at, registered, current, persons;
            std::vector<std::optional<std::string>> parents, accused, due, ratings, replied;
            auto opt = [](const std::optional<int64_t>& v) {
                return v ? std::optional<std::string>(std::to_string(*v)) : std::nullopt;
            };
            std::vector<const Petition*> all;
            for (const Petition& p : cases) {
                all.push_back(&p);
                out.entries.push_back(StatEntriesFor(p));
                numbers.push_back(p.number);
                codes.push_back(p.query_code);
                kinds.emplace_back(CaseKindName(p.kind));
                parents.push_back(opt(p.parent_case_id));
                channels.emplace_back(ChannelName(p.channel));
                purposes.emplace_back(PurposeName(p.purpose));
                states.emplace_back(StateName(p.state));
                open.push_back(IsClosed(p.state) ? 0 : 1);
                received_at.push_back(Secs(p.received_at));
                received_on.push_back(FormatDate(ChinaDate(p.received_at)));
                registered.push_back(p.registered_org_id);
                current.push_back(p.current_org_id);
                accused.push_back(opt(p.accused_org_id));
                categories.push_back(p.category_code);
                regions.push_back(p.region_code);
                persons.push_back(p.persons);
                due.push_back(NextDue(p));
                ratings.push_back(RatingColumn(p));
                replied.push_back(RepliedColumn(p));
                docs.push_back(EncodePetition(p));
                stats.push_back(EncodeStatEntries(out.entries.back()));
            }
            out.insert.Add(pg::TextArray(numbers))
                .Add(pg::TextArray(codes))
                .Add(pg::TextArray(kinds))
                .Add(pg::OptTextArray(parents))
                .Add(pg::TextArray(channels))
                .Add(pg::TextArray(purposes))
                .Add(pg::TextArray(states))
                .Add(pg::IntArray(open))
                .Add(pg::IntArray(received_at))
                .Add(pg::TextArray(received_on))
                .Add(pg::IntArray(registered))
                .Add(pg::IntArray(current))
                .Add(pg::OptTextArray(accused))
                .Add(pg::TextArray(categories))
                .Add(pg::TextArray(regions))
                .Add(pg::IntArray(persons))
                .Add(pg::OptTextArray(due))
                .Add(pg::OptTextArray(ratings))
                .Add(pg::OptTextArray(replied))
                .Add(pg::TextArray(docs))
                .Add(pg::TextArray(stats));
            out.search = SearchRows::Of(all);
            return out;
        }
    };

    Status InsertPart(std::span<Petition> cases, const PreparedPart& part) {
        XF_ASSIGN_OR_RETURN(
            Rows r,
            c_.Query("INSERT INTO petitions(version, number, query_code, kind, parent_case_id, channel, purpose, state, "
                     "is_open, received_at, received_on, registered_org_id, current_org_id, accused_org_id, "
                     "category_code, region_code, persons, next_due, rating, replied_on, doc, stats) "
                     "SELECT 1, u.* FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[], $5::text[], "
                     "$6::text[], $7::text[], $8::int[], $9::bigint[], $10::text[], $11::bigint[], $12::bigint[], "
                     "$13::bigint[], $14::text[], $15::text[], $16::bigint[], $17::text[], $18::text[], $19::text[], "
                     "$20::text[], $21::text[]) AS u ON CONFLICT DO NOTHING RETURNING id, number",
                     part.insert));
        if (r.size() != static_cast<int>(cases.size()))
            return Fail(Error::AlreadyExists("信访件编号或查询码重复", "number"));
        std::unordered_map<std::string_view, int64_t> id_of;
        for (int i = 0; i < r.size(); ++i) id_of.emplace(r.TextView(i, 1), r.Int64(i, 0));
        std::vector<int64_t> ids, link_case, link_org, user_case, user_id;
        for (size_t k = 0; k < cases.size(); ++k) {
            Petition& p = cases[k];
            p.id = id_of.at(p.number);
            ids.push_back(p.id);
            XF_TRY(rollup_.Add(part.entries[k], +1));
            link_case.push_back(p.id);
            link_org.push_back(p.registered_org_id);
            if (p.current_org_id != p.registered_org_id) {
                link_case.push_back(p.id);
                link_org.push_back(p.current_org_id);
            }
            if (p.registered_by) {
                user_case.push_back(p.id);
                user_id.push_back(p.registered_by);
            }
        }
        XF_TRY(WriteSearchRows(ids, part.search));
        XF_TRY(InvolveMany("petition_orgs", "org_id", link_case, link_org));
        XF_TRY(InvolveMany("petition_users", "user_id", user_case, user_id));
        return Ok();
    }

    // The search row of each case, in one statement: its signature, its tsvector and its repeat keys (a sorted
    // bigint[] literal per case, since unnest cannot take an array of arrays of different lengths); a case that
    // has a row already has it replaced.
    Status WriteSearch(const std::vector<const Petition*>& cases) {
        std::vector<int64_t> ids;
        for (const Petition* p : cases) ids.push_back(p->id);
        return WriteSearchRows(ids, SearchRows::Of(cases));
    }

    Status WriteSearchRows(const std::vector<int64_t>& ids, const SearchRows& rows) {
        if (ids.empty()) return Ok();
        XF_TRY(c_.Query("INSERT INTO petition_search(petition_id, sig, search, keys) SELECT u.id, u.sig, "
                        "u.search::tsvector, u.keys::bigint[] FROM unnest($1::bigint[], $2::text[], $3::text[], "
                        "$4::text[]) AS u(id, sig, search, keys) ON CONFLICT (petition_id) DO UPDATE SET "
                        "sig = excluded.sig, search = excluded.search, keys = excluded.keys",
                        Params()
                            .Add(pg::IntArray(ids))
                            .Add(pg::TextArray(rows.sigs))
                            .Add(pg::TextArray(rows.vectors))
                            .Add(pg::TextArray(rows.keys))));
        return Ok();
    }

    static std::string FormatScore(double v) { return fmt::format("{}", v); }  // shortest round-trip form
    static double ParseScore(std::string_view s) {
        double v = 0;
        std::from_chars(s.data(), s.data() + s.size(), v);
        return v;
    }

    // Involve for many pairs at once: cases[i] with ids[i] in `table` (petition_orgs or petition_users).
    Status InvolveMany(std::string_view table, std::string_view column, const std::vector<int64_t>& cases,
                       const std::vector<int64_t>& ids) {
        if (cases.empty()) return Ok();
        XF_TRY(c_.Query(fmt::format("INSERT INTO {}(petition_id, {}) SELECT * FROM unnest($1::bigint[], "
                                    "$2::bigint[]) ON CONFLICT DO NOTHING",
                                    table, column),
                        Params().Add(pg::IntArray(cases)).Add(pg::IntArray(ids))));
        return Ok();
    }

    Status Involve(int64_t petition_id, int64_t org_id, int64_t user_id) {
        if (org_id)
            XF_TRY(c_.Query("INSERT INTO petition_orgs(petition_id, org_id) VALUES ($1, $2) ON CONFLICT DO NOTHING",
                            Params().Add(petition_id).Add(org_id)));
        if (user_id)
            XF_TRY(c_.Query("INSERT INTO petition_users(petition_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING",
                            Params().Add(petition_id).Add(user_id)));
        return Ok();
    }

    // The WHERE clause is assembled from fixed fragments only; every value is a bound parameter. The fragments
    // are the SQLite store's, so both backends select the same cases.
    static std::string Where(const PetitionFilter& f, std::vector<Param>& params) {
        std::string w = "1=1";
        auto add = [&](std::string_view frag, Param v) {
            w += " AND ";
            w += frag;
            params.push_back(std::move(v));
        };
        if (f.scope_org_path)
            add("EXISTS (SELECT 1 FROM petition_orgs po JOIN orgs o ON o.id = po.org_id "
                "WHERE po.petition_id = p.id AND o.path LIKE ? ESCAPE '\\')",
                LikePrefix(*f.scope_org_path));
        if (f.scope_org_id)
            add("EXISTS (SELECT 1 FROM petition_orgs po WHERE po.petition_id = p.id AND po.org_id = ?::bigint)",
                *f.scope_org_id);
        if (f.scope_user_id)
            add("EXISTS (SELECT 1 FROM petition_users pu WHERE pu.petition_id = p.id AND pu.user_id = ?::bigint)",
                *f.scope_user_id);
        if (f.exclude_accused_path)
            add("NOT (p.purpose = 'accusation' AND p.accused_org_id IS NOT NULL AND EXISTS (SELECT 1 FROM orgs ao "
                "WHERE ao.id = p.accused_org_id AND substr(?::text, 1, length(ao.path)) = ao.path))",
                *f.exclude_accused_path);
        if (f.state) add("p.state = ?", std::string(StateName(*f.state)));
        // A literal, not a parameter, so that a generic plan can use the partial indexes of open cases (0012).
        if (f.open_only) w += *f.open_only ? " AND p.is_open = 1" : " AND p.is_open = 0";
        if (f.channel) add("p.channel = ?", std::string(ChannelName(*f.channel)));
        if (f.purpose) add("p.purpose = ?", std::string(PurposeName(*f.purpose)));
        if (f.category_prefix) add("p.category_code LIKE ? ESCAPE '\\'", LikePrefix(*f.category_prefix));
        if (f.region_prefix) add("p.region_code LIKE ? ESCAPE '\\'", LikePrefix(*f.region_prefix));
        if (f.current_org_id) add("p.current_org_id = ?::bigint", *f.current_org_id);
        if (f.current_org_path)
            add("p.current_org_id IN (SELECT id FROM orgs WHERE path LIKE ? ESCAPE '\\')",
                LikePrefix(*f.current_org_path));
        if (f.received_from) add("p.received_on >= ?", FormatDate(*f.received_from));
        if (f.received_to) add("p.received_on <= ?", FormatDate(*f.received_to));
        if (f.due_before) add("p.next_due <= ?", FormatDate(*f.due_before));
        if (f.due_from) add("p.next_due >= ?", FormatDate(*f.due_from));
        if (f.number) add("p.number = ?", *f.number);
        if (f.kind) add("p.kind = ?", std::string(CaseKindName(*f.kind)));
        // Every term as a phrase of its tokens (pg_search); a query without tokens finds nothing.
        if (f.text) {
            std::string q = TsQueryText(*f.text);
            if (q.empty())
                w += " AND false";
            else
                add("p.id IN (SELECT petition_id FROM petition_search WHERE search @@ ?::tsquery)", std::move(q));
        }
        return w;
    }


    static Result<Petition> Decode(const Rows& r, int i) {
        XF_ASSIGN_OR_RETURN(Petition p, DecodePetition(r.TextView(i, 2)));
        p.id = r.Int64(i, 0);
        p.version = r.Int64(i, 1);
        return p;
    }

    Result<std::optional<Petition>> One(std::string_view sql, const Params& params) {
        XF_ASSIGN_OR_RETURN(Rows r, c_.Query(sql, params));
        if (r.empty()) return std::optional<Petition>();
        XF_ASSIGN_OR_RETURN(Petition p, Decode(r, 0));
        return std::optional<Petition>(std::move(p));
    }

    Conn& c_;
    StatRollup& rollup_;
    SearchWindows search_windows_;
};

class PgStats final : public StatsRepository {
  public:
    PgStats(Conn& c, StatRollup& rollup, PgPetitions& petitions) : c_(c), rollup_(rollup), petitions_(petitions) {}

    // Whole months come from stat_month; the partial months at either end from stat_day (as in the SQLite store).
    Result<std::vector<StatSum>> Sum(int64_t org_id, StatDim dim, Date from, Date to) override {
        XF_TRY(rollup_.Flush());
        std::unordered_map<std::string, std::pair<int64_t, int64_t>> sums;
        const RollupRanges ranges = SplitForRollups(from, to);
        for (const auto& [a, b] : ranges.day_ranges)
            XF_TRY(Query("SELECT key, SUM(batches), SUM(persons) FROM stat_day WHERE org_id = $1 AND dim = $2 AND "
                         "day BETWEEN $3 AND $4 GROUP BY key",
                         org_id, dim, a, b, sums));
        if (ranges.month_range)
            XF_TRY(Query("SELECT key, SUM(batches), SUM(persons) FROM stat_month WHERE org_id = $1 AND dim = $2 "
                         "AND month BETWEEN $3 AND $4 GROUP BY key",
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
        XF_ASSIGN_OR_RETURN(
            Rows r, c_.Query(fmt::format("SELECT org_id, {0}, key, batches, persons FROM stat_{1} {2} ORDER BY 1, 2, 3, 4",
                                         months ? "dim, month" : "dim, day", months ? "month" : "day",
                                         org_id ? "WHERE org_id = $1" : ""),
                             org_id ? Params().Add(*org_id) : Params()));
        std::vector<StatCell> out;
        out.reserve(static_cast<size_t>(r.size()));
        for (int i = 0; i < r.size(); ++i)
            out.push_back(StatCell{r.Int64(i, 0), static_cast<int>(r.Int64(i, 1)), static_cast<int32_t>(r.Int64(i, 2)),
                                   r.Text(i, 3), r.Int64(i, 4), r.Int64(i, 5)});
        return out;
    }

  private:
    Status Query(std::string_view sql, int64_t org_id, StatDim dim, int64_t a, int64_t b,
                 std::unordered_map<std::string, std::pair<int64_t, int64_t>>& sums) {
        XF_ASSIGN_OR_RETURN(Rows r, c_.Query(sql, Params().Add(org_id).Add(static_cast<int64_t>(dim)).Add(a).Add(b)));
        for (int i = 0; i < r.size(); ++i) {
            auto& v = sums[r.Text(i, 0)];
            v.first += r.Int64(i, 1);
            v.second += r.Int64(i, 2);
        }
        return Ok();
    }

    Conn& c_;
    StatRollup& rollup_;
    PgPetitions& petitions_;
};

constexpr std::string_view kAuditColumns =
    "id, at, actor_user_id, actor_kind, action, object_type, object_id, detail, request_id, remote_addr, "
    "coalesce(chain, -1), coalesce(seq, 0), coalesce(prev_hash, ''), coalesce(hash, '')";
// Chains are made as app servers need them, up to this many (audit_chains rows).
constexpr int kMaxAuditChains = 16;

AuditRecord ReadAudit(const Rows& r, int i) {
    return AuditRecord{r.Int64(i, 0),  FromSecs(r.Int64(i, 1)), r.Int64(i, 2),  r.Text(i, 3),
                       r.Text(i, 4),   r.Text(i, 5),            r.Text(i, 6),   r.Text(i, 7),
                       r.Text(i, 8),   r.Text(i, 9),            static_cast<int>(r.Int64(i, 10)),
                       r.Int64(i, 11), r.Text(i, 12),           r.Text(i, 13)};
}

// Several chains, so that app servers appending at the same time do not queue on one head: a transaction takes
// (locks) whichever chain no other transaction holds, makes a new one while there are fewer than
// kMaxAuditChains, and waits for a random one only when all are held. It keeps that chain until it ends.
class PgAudit final : public AuditLog {
  public:
    explicit PgAudit(Conn& c) : c_(c) {}
    Status Append(const AuditRecord& record) override {
        if (!held_) XF_TRY(TakeChain());
        AuditRecord r = record;
        LinkAuditRecord(r, held_->chain, held_->seq, held_->hash, crypto::Sha256Hex);
        XF_TRY(c_.Query("WITH ins AS (INSERT INTO audit(at, actor_user_id, actor_kind, action, object_type, "
                        "object_id, detail, request_id, remote_addr, chain, seq, prev_hash, hash) "
                        "VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13)) "
                        "UPDATE audit_chains SET seq = $11, hash = $13 WHERE chain = $10",
                        Params()
                            .Add(Secs(r.at))
                            .Add(r.actor_user_id)
                            .Add(r.actor_kind)
                            .Add(r.action)
                            .Add(r.object_type)
                            .Add(r.object_id)
                            .Add(r.detail_json)
                            .Add(r.request_id)
                            .Add(r.remote_addr)
                            .Add(int64_t{r.chain})
                            .Add(r.seq)
                            .Add(r.prev_hash)
                            .Add(r.hash)));
        held_->seq = r.seq;
        held_->hash = r.hash;
        return Ok();
    }
    Result<std::vector<AuditRecord>> List(const AuditFilter& f) override {
        XF_ASSIGN_OR_RETURN(
            Rows r, c_.Query(fmt::format("SELECT {} FROM audit WHERE ($1::text IS NULL OR object_type = $1::text) "
                                         "AND ($2::text IS NULL OR object_id = $2::text) ORDER BY id DESC LIMIT $3",
                                         kAuditColumns),
                             Params().Add(f.object_type).Add(f.object_id).Add(std::clamp(f.limit, 1, 1000))));
        std::vector<AuditRecord> out;
        for (int i = 0; i < r.size(); ++i) out.push_back(ReadAudit(r, i));
        return out;
    }
    Result<std::vector<AuditChainHead>> Chains() override {
        XF_ASSIGN_OR_RETURN(Rows r, c_.Query("SELECT chain, seq, hash, pruned_seq, pruned_hash, pruned_at "
                                             "FROM audit_chains ORDER BY chain"));
        std::vector<AuditChainHead> out;
        for (int i = 0; i < r.size(); ++i)
            out.push_back(AuditChainHead{static_cast<int>(r.Int64(i, 0)), r.Int64(i, 1), r.Text(i, 2),
                                         r.Int64(i, 3), r.Text(i, 4), FromSecs(r.Int64(i, 5))});
        return out;
    }
    Result<std::vector<AuditRecord>> ChainRecords(int chain, int64_t after_seq, int64_t up_to_seq,
                                                  int limit) override {
        XF_ASSIGN_OR_RETURN(
            Rows r,
            c_.Query(fmt::format("SELECT {} FROM audit WHERE chain = $1 AND seq > $2 AND seq <= $3 ORDER BY seq "
                                 "LIMIT $4",
                                 kAuditColumns),
                     Params().Add(int64_t{chain}).Add(after_seq).Add(up_to_seq).Add(int64_t{std::max(limit, 1)})));
        std::vector<AuditRecord> out;
        for (int i = 0; i < r.size(); ++i) out.push_back(ReadAudit(r, i));
        return out;
    }
    Result<AuditCounts> Counts() override {
        XF_ASSIGN_OR_RETURN(
            Rows r, c_.Query("SELECT count(*), count(*) FILTER (WHERE chain IS NULL), count(*) FILTER (WHERE chain "
                             "IS NOT NULL AND chain NOT IN (SELECT chain FROM audit_chains)) FROM audit"));
        return AuditCounts{r.Int64(0, 0), r.Int64(0, 1), r.Int64(0, 2)};
    }
    Result<int64_t> Prune(Instant before, Instant now) override {
        // Every chain is locked for the cut, so that no head moves under it.
        XF_ASSIGN_OR_RETURN(Rows chains, c_.Query("SELECT chain FROM audit_chains ORDER BY chain FOR UPDATE"));
        XF_TRY(c_.Query("INSERT INTO audit_prune_permit(id) VALUES (1)"));
        int64_t removed = 0;
        for (int i = 0; i < chains.size(); ++i) {
            int64_t chain = chains.Int64(i, 0);
            XF_ASSIGN_OR_RETURN(Rows last, c_.Query("SELECT seq, hash FROM audit WHERE chain = $1 AND seq = "
                                                    "(SELECT max(seq) FROM audit WHERE chain = $1 AND at < $2)",
                                                    Params().Add(chain).Add(Secs(before))));
            if (last.empty()) continue;
            int64_t seq = last.Int64(0, 0);
            XF_ASSIGN_OR_RETURN(Rows del, c_.Query("DELETE FROM audit WHERE chain = $1 AND seq <= $2",
                                                   Params().Add(chain).Add(seq)));
            removed += del.affected();
            XF_TRY(c_.Query("UPDATE audit_chains SET pruned_seq = $2, pruned_hash = $3, pruned_at = $4 "
                            "WHERE chain = $1",
                            Params().Add(chain).Add(seq).Add(last.Text(0, 1)).Add(Secs(now))));
        }
        XF_ASSIGN_OR_RETURN(Rows legacy, c_.Query("DELETE FROM audit WHERE chain IS NULL AND at < $1",
                                                  Params().Add(Secs(before))));
        removed += legacy.affected();
        XF_TRY(c_.Query("DELETE FROM audit_prune_permit"));
        return removed;
    }

  private:
    struct Held {
        int chain = 0;
        int64_t seq = 0;
        std::string hash;
    };
    Status TakeChain() {
        for (int attempt = 0; attempt < 3; ++attempt) {
            XF_ASSIGN_OR_RETURN(Rows r, c_.Query("SELECT chain, seq, hash FROM audit_chains ORDER BY random() "
                                                 "LIMIT 1 FOR UPDATE SKIP LOCKED"));
            if (r.empty()) {
                // All held (or none yet): make the next chain; a concurrent maker of the same number wins.
                XF_ASSIGN_OR_RETURN(
                    r, c_.Query("INSERT INTO audit_chains(chain, seq, hash) SELECT n, 0, '' FROM (SELECT "
                                "coalesce(max(chain) + 1, 0) AS n, count(*) AS c FROM audit_chains) x WHERE c < $1 "
                                "ON CONFLICT DO NOTHING RETURNING chain, seq, hash",
                                Params().Add(int64_t{kMaxAuditChains})));
            }
            if (r.empty()) {
                XF_ASSIGN_OR_RETURN(r, c_.Query("SELECT chain, seq, hash FROM audit_chains WHERE chain = (SELECT "
                                                "chain FROM audit_chains ORDER BY random() LIMIT 1) FOR UPDATE"));
            }
            if (!r.empty()) {
                held_ = Held{static_cast<int>(r.Int64(0, 0)), r.Int64(0, 1), r.Text(0, 2)};
                return Ok();
            }
        }
        return Fail(Error::Unavailable("审计日志暂时无法写入（审计链被占用），请重试"));
    }

    Conn& c_;
    std::optional<Held> held_;
};

class PgSettings final : public SettingsRepository {
  public:
    explicit PgSettings(Conn& c) : c_(c) {}
    Result<std::optional<std::string>> Get(const std::string& key) override {
        XF_ASSIGN_OR_RETURN(Rows r, c_.Query("SELECT value FROM settings WHERE key = $1", Params().Add(key)));
        if (r.empty()) return std::optional<std::string>();
        return std::optional<std::string>(r.Text(0, 0));
    }
    Status Set(const std::string& key, const std::string& value) override {
        XF_TRY(c_.Query("INSERT INTO settings(key, value) VALUES ($1, $2) ON CONFLICT(key) DO UPDATE SET value = $2",
                        Params().Add(key).Add(value)));
        return Ok();
    }

  private:
    Conn& c_;
};

class PgRegions final : public RegionRepository {
  public:
    explicit PgRegions(Conn& c) : c_(c) {}
    Result<std::vector<Region>> List() override {
        XF_ASSIGN_OR_RETURN(Rows r, c_.Query("SELECT code, parent_code, name FROM regions ORDER BY code"));
        std::vector<Region> out;
        for (int i = 0; i < r.size(); ++i) out.push_back(Region{r.Text(i, 0), r.Text(i, 1), r.Text(i, 2)});
        return out;
    }
    Result<int> Upsert(const std::vector<Region>& rows) override {
        for (const auto& r : rows)
            XF_TRY(c_.Query("INSERT INTO regions(code, parent_code, name) VALUES ($1,$2,$3) ON CONFLICT(code) DO "
                            "UPDATE SET parent_code = excluded.parent_code, name = excluded.name",
                            Params().Add(r.code).Add(r.parent_code).Add(r.name)));
        return static_cast<int>(rows.size());
    }

  private:
    Conn& c_;
};

class PgCalendar final : public CalendarRepository {
  public:
    explicit PgCalendar(Conn& c) : c_(c) {}
    Result<std::vector<CalendarDay>> List() override {
        XF_ASSIGN_OR_RETURN(Rows r, c_.Query("SELECT day, kind, name FROM calendar_days ORDER BY day"));
        std::vector<CalendarDay> out;
        for (int i = 0; i < r.size(); ++i) {
            XF_ASSIGN_OR_RETURN(Date d, ParseDate(r.TextView(i, 0), "day"));
            out.push_back({d, r.TextView(i, 1) == "workday", r.Text(i, 2)});
        }
        return out;
    }
    Status ReplaceYear(int year, const std::vector<CalendarDay>& days) override {
        XF_TRY(c_.Query("DELETE FROM calendar_days WHERE substr(day, 1, 4) = $1", Params().Add(std::to_string(year))));
        for (const auto& d : days)
            XF_TRY(c_.Query("INSERT INTO calendar_days(day, kind, name) VALUES ($1, $2, $3)",
                            Params().Add(FormatDate(d.day)).Add(d.workday ? "workday" : "holiday").Add(d.name)));
        return Ok();
    }

  private:
    Conn& c_;
};

// The claim locks the job's row with SKIP LOCKED: of servers claiming at once, the others see no row and give up
// at once instead of waiting for the first to commit.
class PgJobs final : public JobRepository {
  public:
    explicit PgJobs(Conn& c) : c_(c) {}
    Result<bool> Claim(const JobClaim& j) override {
        XF_TRY(c_.Query("INSERT INTO jobs(name, next_run_at) VALUES ($1, 0) ON CONFLICT DO NOTHING", Params().Add(j.name)));
        XF_ASSIGN_OR_RETURN(Rows r, c_.Query("SELECT next_run_at FROM jobs WHERE name = $1 FOR UPDATE SKIP LOCKED",
                                             Params().Add(j.name)));
        if (r.empty() || r.Int64(0, 0) > Secs(j.now)) return false;
        XF_TRY(c_.Query("UPDATE jobs SET next_run_at = $1, owner = $2, last_started_at = $3 WHERE name = $4",
                        Params().Add(Secs(j.hold_until)).Add(j.owner).Add(Secs(j.now)).Add(j.name)));
        return true;
    }
    Status Finish(const std::string& name, const std::string& owner, Instant now, Instant next_run_at,
                  const std::string& result) override {
        XF_TRY(c_.Query("UPDATE jobs SET next_run_at = $1, last_finished_at = $2, last_result = $3 WHERE name = $4 "
                        "AND owner = $5",
                        Params().Add(Secs(next_run_at)).Add(Secs(now)).Add(result).Add(name).Add(owner)));
        return Ok();
    }
    Result<std::vector<JobStatus>> List() override {
        XF_ASSIGN_OR_RETURN(Rows r, c_.Query("SELECT name, owner, next_run_at, last_started_at, last_finished_at, "
                                             "last_result FROM jobs ORDER BY name",
                                             Params()));
        std::vector<JobStatus> out;
        for (int i = 0; i < r.size(); ++i) {
            JobStatus j{r.Text(i, 0), r.Text(i, 1), FromSecs(r.Int64(i, 2)), std::nullopt, std::nullopt, r.Text(i, 5)};
            if (!r.IsNull(i, 3)) j.last_started_at = FromSecs(r.Int64(i, 3));
            if (!r.IsNull(i, 4)) j.last_finished_at = FromSecs(r.Int64(i, 4));
            out.push_back(std::move(j));
        }
        return out;
    }

  private:
    Conn& c_;
};

// The upsert's row lock serialises concurrent attempts on one key: every attempt is counted once.
class PgRateLimits final : public RateLimitRepository {
  public:
    explicit PgRateLimits(Conn& c) : c_(c) {}
    Result<int64_t> Hit(const std::string& key, Instant now, std::chrono::seconds window) override {
        XF_ASSIGN_OR_RETURN(
            Rows r, c_.Query("INSERT INTO rate_limits(key, window_start, hits) VALUES ($1, $2, 1) ON CONFLICT(key) DO "
                             "UPDATE SET hits = CASE WHEN rate_limits.window_start <= $2::bigint - $3::bigint THEN 1 "
                             "ELSE rate_limits.hits + 1 END, window_start = CASE WHEN rate_limits.window_start <= "
                             "$2::bigint - $3::bigint THEN $2::bigint ELSE rate_limits.window_start END RETURNING hits",
                             Params().Add(key).Add(Secs(now)).Add(static_cast<int64_t>(window.count()))));
        return r.Int64(0, 0);
    }
    Result<int64_t> Count(const std::string& key, Instant now, std::chrono::seconds window) override {
        XF_ASSIGN_OR_RETURN(Rows r, c_.Query("SELECT hits FROM rate_limits WHERE key = $1 AND window_start > "
                                             "$2::bigint - $3::bigint",
                                             Params().Add(key).Add(Secs(now)).Add(static_cast<int64_t>(window.count()))));
        return r.empty() ? 0 : r.Int64(0, 0);
    }
    Status Reset(const std::string& key) override {
        XF_TRY(c_.Query("DELETE FROM rate_limits WHERE key = $1", Params().Add(key)));
        return Ok();
    }

  private:
    Conn& c_;
};

// ---------------------------------------------------------------- 领导接访日 / 预约接访

// The day is a date column, read back as 'YYYY-MM-DD' with to_char whatever the session's DateStyle, and bound as
// that text (ISO input is accepted under every DateStyle).
constexpr std::string_view kDayCols =
    "d.id, d.org_id, to_char(d.day, 'YYYY-MM-DD'), d.start_minute, d.end_minute, d.slot_minutes, d.per_slot, d.place, "
    "d.leader_name, d.leader_title, d.topics, d.published, d.cancelled, d.version, d.created_by";

Result<ReceptionDay> ReadDay(const Rows& r, int i) {
    ReceptionDay d;
    d.id = r.Int64(i, 0);
    d.org_id = r.Int64(i, 1);
    XF_ASSIGN_OR_RETURN(d.date, ParseDate(r.TextView(i, 2), "day"));
    d.start_minute = static_cast<int>(r.Int64(i, 3));
    d.end_minute = static_cast<int>(r.Int64(i, 4));
    d.slot_minutes = static_cast<int>(r.Int64(i, 5));
    d.per_slot = static_cast<int>(r.Int64(i, 6));
    d.place = r.Text(i, 7);
    d.leader_name = r.Text(i, 8);
    d.leader_title = r.Text(i, 9);
    d.topics = r.Text(i, 10);
    d.published = r.Int64(i, 11) != 0;
    d.cancelled = r.Int64(i, 12) != 0;
    d.version = r.Int64(i, 13);
    d.created_by = r.Int64(i, 14);
    return d;
}

constexpr std::string_view kBookingCols =
    "id, day_id, slot_minute, confirmation_code, name, phone_sealed, id_number_sealed, region_code, summary, status, "
    "petition_id, created_at, version";

ReceptionBooking ReadBooking(const Rows& r, int i) {
    ReceptionBooking b;
    b.id = r.Int64(i, 0);
    b.day_id = r.Int64(i, 1);
    b.slot_minute = static_cast<int>(r.Int64(i, 2));
    b.confirmation_code = r.Text(i, 3);
    b.name = r.Text(i, 4);
    b.phone_sealed = r.Text(i, 5);
    b.id_number_sealed = r.Text(i, 6);
    b.region_code = r.Text(i, 7);
    b.summary = r.Text(i, 8);
    b.status = ParseBookingStatus(r.TextView(i, 9)).value_or(BookingStatus::kBooked);
    b.petition_id = r.OptInt64(i, 10);
    b.created_at = FromSecs(r.Int64(i, 11));
    b.version = r.Int64(i, 12);
    return b;
}

// Bookings of one day are counted and inserted under the day's row lock: GetDay(id, true) is SELECT … FOR UPDATE,
// so a second booking transaction waits there until the first commits, then counts its booking too.
class PgReception final : public ReceptionRepository {
  public:
    explicit PgReception(Conn& c) : c_(c) {}
    Result<ReceptionDay> InsertDay(ReceptionDay d) override {
        d.version = 1;
        XF_ASSIGN_OR_RETURN(
            Rows r, c_.Query("INSERT INTO reception_days(org_id, day, start_minute, end_minute, slot_minutes, per_slot, "
                             "place, leader_name, leader_title, topics, published, cancelled, version, created_by) "
                             "VALUES ($1, $2::date, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id",
                             DayParams(d).Add(d.created_by)));
        d.id = r.Int64(0, 0);
        return d;
    }
    Result<ReceptionDay> UpdateDay(ReceptionDay d) override {
        XF_ASSIGN_OR_RETURN(
            Rows r, c_.Query("UPDATE reception_days SET org_id = $1, day = $2::date, start_minute = $3, end_minute = $4, "
                             "slot_minutes = $5, per_slot = $6, place = $7, leader_name = $8, leader_title = $9, "
                             "topics = $10, published = $11, cancelled = $12, version = $13::bigint + 1 "
                             "WHERE id = $14 AND version = $13::bigint",
                             DayParams(d).Add(d.id)));
        if (r.affected() != 1) return Fail(Error::Aborted("接访日已被他人修改，请刷新后重试"));
        ++d.version;
        return d;
    }
    Result<std::optional<ReceptionDay>> GetDay(int64_t id, bool for_update) override {
        XF_ASSIGN_OR_RETURN(
            Rows r, c_.Query(fmt::format("SELECT {} FROM reception_days d WHERE d.id = $1{}", kDayCols,
                                         for_update ? " FOR UPDATE" : ""),
                             Params().Add(id)));
        if (r.empty()) return std::optional<ReceptionDay>();
        XF_ASSIGN_OR_RETURN(auto d, ReadDay(r, 0));
        return std::optional<ReceptionDay>(std::move(d));
    }
    Result<std::vector<ReceptionDay>> ListDays(const ReceptionDayFilter& f) override {
        std::string sql = fmt::format("SELECT {} FROM reception_days d", kDayCols);
        Params p;
        if (f.org_path) {
            sql += " JOIN orgs o ON o.id = d.org_id AND o.path LIKE ? ESCAPE '\\'";
            p.Add(LikePrefix(*f.org_path));
        }
        sql += " WHERE true";
        if (f.from) {
            sql += " AND d.day >= ?::date";
            p.Add(FormatDate(*f.from));
        }
        if (f.to) {
            sql += " AND d.day <= ?::date";
            p.Add(FormatDate(*f.to));
        }
        if (f.published_only) sql += " AND d.published = 1";
        if (!f.include_cancelled) sql += " AND d.cancelled = 0";
        sql += " ORDER BY d.day, d.start_minute, d.id";
        // At most 2^5 distinct texts: prepared once each per connection.
        XF_ASSIGN_OR_RETURN(Rows r, c_.Query(Number(sql), p));
        std::vector<ReceptionDay> out;
        out.reserve(static_cast<size_t>(r.size()));
        for (int i = 0; i < r.size(); ++i) {
            XF_ASSIGN_OR_RETURN(auto d, ReadDay(r, i));
            out.push_back(std::move(d));
        }
        return out;
    }
    Result<ReceptionBooking> InsertBooking(ReceptionBooking b) override {
        b.version = 1;
        // ON CONFLICT keeps the transaction usable after a taken code (as SQLite does): the caller may draw another
        // code and insert again while it still holds the day's lock.
        XF_ASSIGN_OR_RETURN(
            Rows r, c_.Query("INSERT INTO reception_bookings(day_id, slot_minute, confirmation_code, name, phone_sealed, "
                             "id_number_sealed, region_code, summary, status, petition_id, version, created_at) "
                             "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) "
                             "ON CONFLICT (confirmation_code) DO NOTHING RETURNING id",
                             BookingParams(b).Add(Secs(b.created_at))));
        if (r.empty()) return Fail(Error::AlreadyExists("预约确认码重复", "confirmation_code"));
        b.id = r.Int64(0, 0);
        return b;
    }
    Result<ReceptionBooking> UpdateBooking(ReceptionBooking b) override {
        auto r = c_.Query("UPDATE reception_bookings SET day_id = $1, slot_minute = $2, confirmation_code = $3, "
                          "name = $4, phone_sealed = $5, id_number_sealed = $6, region_code = $7, summary = $8, "
                          "status = $9, petition_id = $10, version = $11::bigint + 1 "
                          "WHERE id = $12 AND version = $11::bigint",
                          BookingParams(b).Add(b.id));
        if (!r) {
            if (r.error().code == ErrorCode::kAlreadyExists)
                return Fail(Error::AlreadyExists("预约确认码重复", "confirmation_code"));
            return Fail(r.error());
        }
        if (r->affected() != 1) return Fail(Error::Aborted("预约已被他人修改，请刷新后重试"));
        ++b.version;
        return b;
    }
    Result<std::optional<ReceptionBooking>> GetBooking(int64_t id) override {
        return One(fmt::format("SELECT {} FROM reception_bookings WHERE id = $1", kBookingCols), Params().Add(id));
    }
    Result<std::optional<ReceptionBooking>> FindBookingByCode(const std::string& code) override {
        return One(fmt::format("SELECT {} FROM reception_bookings WHERE confirmation_code = $1", kBookingCols),
                   Params().Add(code));
    }
    Result<std::vector<ReceptionBooking>> ListBookings(int64_t day_id) override {
        XF_ASSIGN_OR_RETURN(
            Rows r, c_.Query(fmt::format("SELECT {} FROM reception_bookings WHERE day_id = $1 ORDER BY slot_minute, id",
                                         kBookingCols),
                             Params().Add(day_id)));
        std::vector<ReceptionBooking> out;
        out.reserve(static_cast<size_t>(r.size()));
        for (int i = 0; i < r.size(); ++i) out.push_back(ReadBooking(r, i));
        return out;
    }

  private:
    // $1..$13 (version as $13).
    static Params DayParams(const ReceptionDay& d) {
        Params p;
        p.Add(d.org_id)
            .Add(FormatDate(d.date))
            .Add(d.start_minute)
            .Add(d.end_minute)
            .Add(d.slot_minutes)
            .Add(d.per_slot)
            .Add(d.place)
            .Add(d.leader_name)
            .Add(d.leader_title)
            .Add(d.topics)
            .Add(d.published)
            .Add(d.cancelled)
            .Add(d.version);
        return p;
    }
    // $1..$10 and $11 (version).
    static Params BookingParams(const ReceptionBooking& b) {
        Params p;
        p.Add(b.day_id)
            .Add(b.slot_minute)
            .Add(b.confirmation_code)
            .Add(b.name)
            .Add(b.phone_sealed)
            .Add(b.id_number_sealed)
            .Add(b.region_code)
            .Add(b.summary)
            .Add(BookingStatusName(b.status))
            .Add(b.petition_id)
            .Add(b.version);
        return p;
    }
    Result<std::optional<ReceptionBooking>> One(const std::string& sql, const Params& p) {
        XF_ASSIGN_OR_RETURN(Rows r, c_.Query(sql, p));
        if (r.empty()) return std::optional<ReceptionBooking>();
        return std::optional<ReceptionBooking>(ReadBooking(r, 0));
    }
    Conn& c_;
};

// ---------------------------------------------------------------- outbox

constexpr std::string_view kOutboxCols =
    "id, key, channel, recipient_sealed, subject, body, topic, created_at, status, attempts, next_attempt_at, "
    "last_error, sent_at";

OutboxMessage ReadOutbox(const Rows& r, int i) {
    OutboxMessage m;
    m.id = r.Int64(i, 0);
    m.key = r.Text(i, 1);
    m.channel = ParseNotifyChannel(r.TextView(i, 2)).value_or(NotifyChannel::kSms);
    m.recipient_sealed = r.Text(i, 3);
    m.subject = r.Text(i, 4);
    m.body = r.Text(i, 5);
    m.topic = r.Text(i, 6);
    m.created_at = FromSecs(r.Int64(i, 7));
    std::string_view status = r.TextView(i, 8);
    m.status = status == "sent" ? OutboxStatus::kSent : status == "dead" ? OutboxStatus::kDead : OutboxStatus::kPending;
    m.attempts = static_cast<int>(r.Int64(i, 9));
    m.next_attempt_at = FromSecs(r.Int64(i, 10));
    m.last_error = r.Text(i, 11);
    if (auto t = r.OptInt64(i, 12)) m.sent_at = FromSecs(*t);
    return m;
}

// Several app servers send at once: a claim locks the due rows it takes with FOR UPDATE SKIP LOCKED, so that
// another claim running at the same moment passes over them (instead of waiting, or taking them too), and a
// claim that meets a row another claim has just committed re-checks the lease on the new row version.
class PgOutbox final : public OutboxRepository {
  public:
    explicit PgOutbox(Conn& c) : c_(c) {}
    Result<bool> Enqueue(const OutboxMessage& m) override {
        XF_ASSIGN_OR_RETURN(
            Rows r, c_.Query("INSERT INTO outbox(key, channel, recipient_sealed, subject, body, topic, created_at, status, "
                             "attempts, next_attempt_at) VALUES ($1, $2, $3, $4, $5, $6, $7, 'pending', 0, $8) "
                             "ON CONFLICT (key) DO NOTHING RETURNING id",
                             Params()
                                 .Add(m.key)
                                 .Add(NotifyChannelName(m.channel))
                                 .Add(m.recipient_sealed)
                                 .Add(m.subject)
                                 .Add(m.body)
                                 .Add(m.topic)
                                 .Add(Secs(m.created_at))
                                 .Add(Secs(m.next_attempt_at))));
        return !r.empty();
    }
    Result<std::vector<OutboxMessage>> ClaimDue(const std::string& owner, Instant now, Instant lease_until,
                                                int limit) override {
        if (limit <= 0) return std::vector<OutboxMessage>();
        XF_ASSIGN_OR_RETURN(
            Rows r, c_.Query(fmt::format("UPDATE outbox SET lease_owner = $1, lease_until = $2, attempts = attempts + 1 "
                                         "WHERE id IN (SELECT id FROM outbox WHERE status = 'pending' AND "
                                         "next_attempt_at <= $3 AND lease_until <= $3 ORDER BY next_attempt_at, id "
                                         "LIMIT $4 FOR UPDATE SKIP LOCKED) RETURNING {}",
                                         kOutboxCols),
                             Params().Add(owner).Add(Secs(lease_until)).Add(Secs(now)).Add(limit)));
        std::vector<OutboxMessage> out;
        out.reserve(static_cast<size_t>(r.size()));
        for (int i = 0; i < r.size(); ++i) out.push_back(ReadOutbox(r, i));
        // RETURNING follows no order: oldest first, as claimed.
        std::sort(out.begin(), out.end(), [](const OutboxMessage& a, const OutboxMessage& b) {
            return std::tie(a.next_attempt_at, a.id) < std::tie(b.next_attempt_at, b.id);
        });
        return out;
    }
    Result<bool> MarkSent(int64_t id, const std::string& owner, Instant at) override {
        XF_ASSIGN_OR_RETURN(Rows r, c_.Query("UPDATE outbox SET status = 'sent', sent_at = $1, lease_owner = '', "
                                             "lease_until = 0, last_error = '' WHERE id = $2 AND lease_owner = $3 AND "
                                             "status = 'pending'",
                                             Params().Add(Secs(at)).Add(id).Add(owner)));
        return r.affected() == 1;
    }
    Result<bool> MarkFailed(int64_t id, const std::string& owner, const std::string& error, Instant next_attempt_at,
                            bool dead) override {
        XF_ASSIGN_OR_RETURN(Rows r, c_.Query("UPDATE outbox SET status = $1, next_attempt_at = $2, last_error = $3, "
                                             "lease_owner = '', lease_until = 0 WHERE id = $4 AND lease_owner = $5 AND "
                                             "status = 'pending'",
                                             Params()
                                                 .Add(dead ? "dead" : "pending")
                                                 .Add(Secs(next_attempt_at))
                                                 .Add(error)
                                                 .Add(id)
                                                 .Add(owner)));
        return r.affected() == 1;
    }
    Result<std::optional<OutboxMessage>> Get(int64_t id) override {
        XF_ASSIGN_OR_RETURN(Rows r, c_.Query(fmt::format("SELECT {} FROM outbox WHERE id = $1", kOutboxCols),
                                             Params().Add(id)));
        if (r.empty()) return std::optional<OutboxMessage>();
        return std::optional<OutboxMessage>(ReadOutbox(r, 0));
    }
    Result<OutboxCounts> Counts() override {
        XF_ASSIGN_OR_RETURN(Rows r, c_.Query("SELECT status, count(*), min(created_at) FROM outbox GROUP BY status"));
        OutboxCounts out;
        for (int i = 0; i < r.size(); ++i) {
            std::string_view status = r.TextView(i, 0);
            int64_t n = r.Int64(i, 1);
            if (status == "pending") {
                out.pending = n;
                out.oldest_pending = FromSecs(r.Int64(i, 2));
            } else if (status == "sent") {
                out.sent = n;
            } else {
                out.dead += n;
            }
        }
        return out;
    }

  private:
    Conn& c_;
};

class PgPortalOtps final : public PortalOtpRepository {
  public:
    explicit PgPortalOtps(Conn& c) : c_(c) {}
    Status Put(const PortalOtp& o) override {
        XF_TRY(c_.Query("INSERT INTO portal_otps(query_code, code_hash, expires_at, attempts_left) VALUES ($1, $2, $3, "
                        "$4) ON CONFLICT (query_code) DO UPDATE SET code_hash = excluded.code_hash, expires_at = "
                        "excluded.expires_at, attempts_left = excluded.attempts_left",
                        Params().Add(o.query_code).Add(o.code_hash).Add(Secs(o.expires_at)).Add(o.attempts_left)));
        return Ok();
    }
    Result<std::optional<PortalOtp>> Get(const std::string& query_code) override {
        XF_ASSIGN_OR_RETURN(Rows r, c_.Query("SELECT query_code, code_hash, expires_at, attempts_left FROM portal_otps "
                                             "WHERE query_code = $1",
                                             Params().Add(query_code)));
        if (r.empty()) return std::optional<PortalOtp>();
        return std::optional<PortalOtp>(
            PortalOtp{r.Text(0, 0), r.Text(0, 1), FromSecs(r.Int64(0, 2)), static_cast<int>(r.Int64(0, 3))});
    }
    Status Delete(const std::string& query_code) override {
        XF_TRY(c_.Query("DELETE FROM portal_otps WHERE query_code = $1", Params().Add(query_code)));
        return Ok();
    }

  private:
    Conn& c_;
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

DocumentTemplate ReadTemplate(const Rows& r, int i) {
    DocumentTemplate t;
    t.id = r.Int64(i, 0);
    t.kind = ParseDocumentKind(r.TextView(i, 1)).value_or(DocumentKind::kAcceptanceNotice);
    t.version = static_cast<int>(r.Int64(i, 2));
    t.title = r.Text(i, 3);
    t.addressee = r.Text(i, 4);
    t.body = r.Text(i, 5);
    t.number_format = r.Text(i, 6);
    t.note = r.Text(i, 7);
    t.created_at = FromSecs(r.Int64(i, 8));
    t.created_by = r.Int64(i, 9);
    return t;
}

CaseDocument ReadDocument(const Rows& r, int i) {
    CaseDocument d;
    d.id = r.Int64(i, 0);
    d.petition_id = r.Int64(i, 1);
    d.kind = ParseDocumentKind(r.TextView(i, 2)).value_or(DocumentKind::kAcceptanceNotice);
    d.revision = static_cast<int>(r.Int64(i, 3));
    d.template_id = r.Int64(i, 4);
    d.template_version = static_cast<int>(r.Int64(i, 5));
    d.doc_number = r.Text(i, 6);
    d.org_id = r.Int64(i, 7);
    d.fields_json = r.Text(i, 8);
    d.content_json = r.Text(i, 9);
    d.sha256 = r.Text(i, 10);
    d.size = r.Int64(i, 11);
    d.created_at = FromSecs(r.Int64(i, 12));
    d.created_by = r.Int64(i, 13);
    return d;
}

Attachment ReadAttachment(const Rows& r, int i) {
    Attachment a;
    a.id = r.Int64(i, 0);
    a.petition_id = r.Int64(i, 1);
    a.sha256 = r.Text(i, 2);
    a.size = r.Int64(i, 3);
    a.media_type = r.Text(i, 4);
    a.file_name = r.Text(i, 5);
    a.source = r.Text(i, 6);
    a.uploaded_at = FromSecs(r.Int64(i, 7));
    a.uploaded_by = r.Int64(i, 8);
    if (auto t = r.OptInt64(i, 9)) a.deleted_at = FromSecs(*t);
    a.deleted_by = r.Int64(i, 10);
    a.delete_reason = r.Text(i, 11);
    return a;
}

template <class T, class F>
std::vector<T> AllRows(const Rows& r, F read) {
    std::vector<T> out;
    out.reserve(static_cast<size_t>(r.size()));
    for (int i = 0; i < r.size(); ++i) out.push_back(read(r, i));
    return out;
}

// Inserts use ON CONFLICT DO NOTHING so that a taken version leaves the transaction usable (as on SQLite).
class PgDocuments final : public DocumentRepository {
  public:
    explicit PgDocuments(Conn& c) : c_(c) {}
    Result<DocumentTemplate> InsertTemplate(DocumentTemplate t) override {
        XF_ASSIGN_OR_RETURN(
            Rows r, c_.Query("INSERT INTO document_templates(kind, version, title, addressee, body, number_format, note, "
                             "created_at, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) "
                             "ON CONFLICT (kind, version) DO NOTHING RETURNING id",
                             Params()
                                 .Add(DocumentKindName(t.kind))
                                 .Add(t.version)
                                 .Add(t.title)
                                 .Add(t.addressee)
                                 .Add(t.body)
                                 .Add(t.number_format)
                                 .Add(t.note)
                                 .Add(Secs(t.created_at))
                                 .Add(t.created_by)));
        if (r.empty()) return Fail(Error::AlreadyExists("该模板版本已存在，请刷新后重试", "version"));
        t.id = r.Int64(0, 0);
        return t;
    }
    Result<std::optional<DocumentTemplate>> LatestTemplate(DocumentKind kind) override {
        XF_ASSIGN_OR_RETURN(
            Rows r, c_.Query(fmt::format("SELECT {} FROM document_templates WHERE kind = $1 ORDER BY version DESC LIMIT 1",
                                         kTemplateCols),
                             Params().Add(DocumentKindName(kind))));
        if (r.empty()) return std::optional<DocumentTemplate>();
        return std::optional<DocumentTemplate>(ReadTemplate(r, 0));
    }
    Result<std::optional<DocumentTemplate>> GetTemplate(int64_t id) override {
        XF_ASSIGN_OR_RETURN(Rows r, c_.Query(fmt::format("SELECT {} FROM document_templates WHERE id = $1", kTemplateCols),
                                             Params().Add(id)));
        if (r.empty()) return std::optional<DocumentTemplate>();
        return std::optional<DocumentTemplate>(ReadTemplate(r, 0));
    }
    Result<std::vector<DocumentTemplate>> TemplateVersions(DocumentKind kind) override {
        XF_ASSIGN_OR_RETURN(
            Rows r, c_.Query(fmt::format("SELECT {} FROM document_templates WHERE kind = $1 ORDER BY version DESC",
                                         kTemplateCols),
                             Params().Add(DocumentKindName(kind))));
        return AllRows<DocumentTemplate>(r, ReadTemplate);
    }
    Result<CaseDocument> InsertDocument(CaseDocument d) override {
        XF_ASSIGN_OR_RETURN(
            Rows r, c_.Query("INSERT INTO documents(petition_id, kind, revision, template_id, template_version, doc_number, "
                             "org_id, fields_json, content_json, sha256, size, created_at, created_by) "
                             "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) "
                             "ON CONFLICT (petition_id, kind, revision) DO NOTHING RETURNING id",
                             Params()
                                 .Add(d.petition_id)
                                 .Add(DocumentKindName(d.kind))
                                 .Add(d.revision)
                                 .Add(d.template_id)
                                 .Add(d.template_version)
                                 .Add(d.doc_number)
                                 .Add(d.org_id)
                                 .Add(d.fields_json)
                                 .Add(d.content_json)
                                 .Add(d.sha256)
                                 .Add(d.size)
                                 .Add(Secs(d.created_at))
                                 .Add(d.created_by)));
        if (r.empty()) return Fail(Error::AlreadyExists("该文书版本已存在，请刷新后重试", "revision"));
        d.id = r.Int64(0, 0);
        return d;
    }
    Result<bool> SetDocumentFile(int64_t id, const std::string& sha256, int64_t size) override {
        XF_ASSIGN_OR_RETURN(Rows r, c_.Query("UPDATE documents SET sha256 = $2, size = $3 WHERE id = $1 AND sha256 = ''",
                                             Params().Add(id).Add(sha256).Add(size)));
        return r.affected() == 1;
    }
    Result<std::optional<CaseDocument>> GetDocument(int64_t id) override {
        XF_ASSIGN_OR_RETURN(Rows r, c_.Query(fmt::format("SELECT {} FROM documents WHERE id = $1", kDocumentCols),
                                             Params().Add(id)));
        if (r.empty()) return std::optional<CaseDocument>();
        return std::optional<CaseDocument>(ReadDocument(r, 0));
    }
    Result<std::vector<CaseDocument>> ListDocuments(int64_t petition_id) override {
        XF_ASSIGN_OR_RETURN(
            Rows r, c_.Query(fmt::format("SELECT {} FROM documents WHERE petition_id = $1 ORDER BY id", kDocumentCols),
                             Params().Add(petition_id)));
        return AllRows<CaseDocument>(r, ReadDocument);
    }
    Result<Attachment> InsertAttachment(Attachment a) override {
        std::optional<int64_t> deleted_at;
        if (a.deleted_at) deleted_at = Secs(*a.deleted_at);
        XF_ASSIGN_OR_RETURN(
            Rows r, c_.Query("INSERT INTO attachments(petition_id, sha256, size, media_type, file_name, source, "
                             "uploaded_at, uploaded_by, deleted_at, deleted_by, delete_reason) "
                             "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id",
                             Params()
                                 .Add(a.petition_id)
                                 .Add(a.sha256)
                                 .Add(a.size)
                                 .Add(a.media_type)
                                 .Add(a.file_name)
                                 .Add(a.source)
                                 .Add(Secs(a.uploaded_at))
                                 .Add(a.uploaded_by)
                                 .Add(deleted_at)
                                 .Add(a.deleted_by)
                                 .Add(a.delete_reason)));
        a.id = r.Int64(0, 0);
        return a;
    }
    Result<std::optional<Attachment>> GetAttachment(int64_t id) override {
        XF_ASSIGN_OR_RETURN(Rows r, c_.Query(fmt::format("SELECT {} FROM attachments WHERE id = $1", kAttachmentCols),
                                             Params().Add(id)));
        if (r.empty()) return std::optional<Attachment>();
        return std::optional<Attachment>(ReadAttachment(r, 0));
    }
    Result<std::vector<Attachment>> ListAttachments(int64_t petition_id, bool include_deleted) override {
        XF_ASSIGN_OR_RETURN(
            Rows r, c_.Query(fmt::format("SELECT {} FROM attachments WHERE petition_id = $1{} ORDER BY id", kAttachmentCols,
                                         include_deleted ? "" : " AND deleted_at IS NULL"),
                             Params().Add(petition_id)));
        return AllRows<Attachment>(r, ReadAttachment);
    }
    Result<bool> DeleteAttachment(int64_t id, int64_t by, Instant at, const std::string& reason) override {
        XF_ASSIGN_OR_RETURN(Rows r, c_.Query("UPDATE attachments SET deleted_at = $2, deleted_by = $3, delete_reason = $4 "
                                             "WHERE id = $1 AND deleted_at IS NULL",
                                             Params().Add(id).Add(Secs(at)).Add(by).Add(reason)));
        return r.affected() == 1;
    }
    Result<int64_t> AttachmentBytes(int64_t petition_id) override {
        XF_ASSIGN_OR_RETURN(Rows r, c_.Query("SELECT COALESCE(SUM(size), 0) FROM attachments "
                                             "WHERE petition_id = $1 AND deleted_at IS NULL",
                                             Params().Add(petition_id)));
        return r.Int64(0, 0);
    }

  private:
    Conn& c_;
};

class PgIdempotency final : public IdempotencyRepository {
  public:
    explicit PgIdempotency(Conn& c) : c_(c) {}
    Result<std::optional<IdempotentRequest>> Get(const std::string& scope, const std::string& key) override {
        XF_ASSIGN_OR_RETURN(Rows r, c_.Query("SELECT fingerprint, petition_id, reply_sealed, created_at FROM "
                                             "idempotency_keys WHERE scope = $1 AND key = $2",
                                             Params().Add(scope).Add(key)));
        if (r.empty()) return std::optional<IdempotentRequest>();
        return std::optional<IdempotentRequest>(
            IdempotentRequest{scope, key, r.Text(0, 0), r.Int64(0, 1), r.Text(0, 2), FromSecs(r.Int64(0, 3))});
    }
    Status Insert(const IdempotentRequest& r) override {
        // ON CONFLICT keeps the transaction usable; the caller decides what a taken key means.
        XF_ASSIGN_OR_RETURN(Rows rows, c_.Query("INSERT INTO idempotency_keys(scope, key, fingerprint, petition_id, "
                                                "reply_sealed, created_at) VALUES ($1, $2, $3, $4, $5, $6) "
                                                "ON CONFLICT DO NOTHING",
                                                Params()
                                                    .Add(r.scope)
                                                    .Add(r.key)
                                                    .Add(r.fingerprint)
                                                    .Add(r.petition_id)
                                                    .Add(r.reply_sealed)
                                                    .Add(Secs(r.created_at))));
        if (rows.affected() == 0) return Fail(Error::AlreadyExists("该幂等键已被使用", "Idempotency-Key"));
        return Ok();
    }

  private:
    Conn& c_;
};

class PgTransaction final : public Transaction {
  public:
    PgTransaction(Conn& c, SearchWindows search_windows)
        : rollup_(c),
          orgs_(c),
          users_(c),
          categories_(c),
          petitions_(c, rollup_, search_windows),
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
    PgOrgs orgs_;
    PgUsers users_;
    PgCategories categories_;
    PgPetitions petitions_;
    PgAudit audit_;
    PgSettings settings_;
    PgRegions regions_;
    PgCalendar calendar_;
    PgStats stats_;
    PgJobs jobs_;
    PgRateLimits rate_limits_;
    PgReception reception_;
    PgOutbox outbox_;
    PgPortalOtps otps_;
    PgDocuments documents_;
    PgIdempotency idempotency_;
};

class PgStore final : public UnitOfWork {
  public:
    PgStore(std::unique_ptr<pg::Pool> pool, bool read_only, StoreObserver* observer, SearchWindows search_windows)
        : pool_(std::move(pool)), read_only_(read_only), observer_(observer), search_windows_(search_windows) {}

    Status Read(const std::function<Status(Transaction&)>& work) override {
        XF_ASSIGN_OR_RETURN(auto lease, Begin("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"));
        PgTransaction tx(*lease, search_windows_);
        Status s = work(tx);
        Status end = lease->Exec(s ? "COMMIT" : "ROLLBACK");
        if (!s) return s;
        return end;
    }

    // One transaction per call. A deadlock or serialization failure reported by the server (the work was not
    // applied) is retried a few times; a stale version is the caller's to handle.
    Status Write(const std::function<Status(Transaction&)>& work) override {
        if (!observer_) return WriteWithRetries(work);
        const auto started = std::chrono::steady_clock::now();
        Status s = WriteWithRetries(work);
        observer_->WriteFinished(std::chrono::steady_clock::now() - started, s.has_value());
        return s;
    }

    std::string BackendName() const override { return read_only_ ? "postgresql (replica)" : "postgresql"; }

    // One pooled connection: reachable, the schema version, and the server's clock (`xinfang doctor` compares it).
    Status RefreshPlannerStatistics() override {
        if (read_only_) return Ok();
        XF_ASSIGN_OR_RETURN(auto lease, pool_->Acquire());
        XF_TRY(lease->Exec("ANALYZE"));  // samples each table (default_statistics_target), not a full scan
        // What a bulk import (InsertMany) left in the GIN pending lists, merged now rather than by the next
        // registration or search.
        return lease->Exec("SELECT gin_clean_pending_list('petition_search_gin'::regclass), "
                           "gin_clean_pending_list('petition_search_keys'::regclass)");
    }

    Result<StoreHealth> Health() override {
        XF_ASSIGN_OR_RETURN(auto lease, pool_->Acquire());
        XF_ASSIGN_OR_RETURN(Rows r, lease->Query("SELECT coalesce(max(version), 0), extract(epoch FROM "
                                                 "clock_timestamp())::float8 FROM schema_migrations"));
        StoreHealth h;
        h.schema_version = r.Int64(0, 0);
        h.expected_schema_version = LatestPostgresSchemaVersion();
        h.server_time = std::stod(r.Text(0, 1));
        return h;
    }

    StoreStats Stats() const override {
        auto p = pool_->Snapshot();
        StoreStats out;
        out.pool = StoreStats::Pool{.size = p.size, .open = p.open, .in_use = p.in_use, .waiting = p.waiting};
        return out;
    }

  private:
    Status WriteWithRetries(const std::function<Status(Transaction&)>& work) {
        if (read_only_) return Fail(Error::FailedPrecondition("只读数据库（备库）不能写入"));
        for (int attempt = 1;; ++attempt) {
            XF_ASSIGN_OR_RETURN(auto lease, Begin("BEGIN"));
            PgTransaction tx(*lease, search_windows_);
            Status s = work(tx);
            if (s) s = tx.Flush();
            if (s) s = lease->Commit();
            if (s) return s;
            if (!lease->broken()) (void)lease->Exec("ROLLBACK");
            if (lease->last_error_retryable() && attempt < 5) {
                std::this_thread::sleep_for(std::chrono::milliseconds(5 * attempt));
                continue;
            }
            return s;
        }
    }

  public:
    Result<std::optional<double>> ReplicaLagSeconds() override {
        if (!read_only_) return std::optional<double>();
        XF_ASSIGN_OR_RETURN(auto lease, pool_->Acquire());
        XF_ASSIGN_OR_RETURN(
            Rows r, lease->Query("SELECT pg_is_in_recovery(), CASE WHEN pg_last_wal_receive_lsn() IS NOT DISTINCT FROM "
                                 "pg_last_wal_replay_lsn() THEN 0 ELSE coalesce(extract(epoch FROM now() - "
                                 "pg_last_xact_replay_timestamp()), 0) END::float8"));
        if (r.empty() || r.TextView(0, 0) != "t") return std::optional<double>(0.0);
        return std::optional<double>(std::stod(r.Text(0, 1)));
    }

  private:
    // A pooled connection may have died since its last use (a restarted or promoted server): nothing has been
    // sent yet, so BEGIN is tried once more on a fresh connection (the dead one is dropped when released).
    Result<pg::Pool::Lease> Begin(const char* begin) {
        for (int attempt = 1;; ++attempt) {
            XF_ASSIGN_OR_RETURN(auto lease, pool_->Acquire());
            Status s = lease->Exec(begin);
            if (s) return lease;
            if (!lease->broken() || attempt > 32) return Fail(s.error());
        }
    }

    std::unique_ptr<pg::Pool> pool_;
    bool read_only_;
    StoreObserver* observer_;
    SearchWindows search_windows_;
};

}  // namespace

Result<std::unique_ptr<UnitOfWork>> OpenPostgresStore(const PostgresOptions& options) {
    auto pool = std::make_unique<pg::Pool>(options.url, options.pool_size);
    {
        XF_ASSIGN_OR_RETURN(auto lease, pool->Acquire());
        if (!options.read_only && options.migrate) {
            XF_TRY(pg::Migrate(*lease, EmbeddedMigrations(), options.before_migrations));
        } else {
            XF_ASSIGN_OR_RETURN(Rows r, lease->Query("SELECT coalesce(max(version), 0) FROM schema_migrations"));
            auto known = EmbeddedMigrations().back().version;
            if (r.Int64(0, 0) != known)
                return Fail(Error::FailedPrecondition(fmt::format(
                    "数据库结构版本为 {}，本程序需要 {}：请先在主库上运行 xinfang migrate", r.Int64(0, 0), known)));
        }
    }
    const SearchWindows windows{std::max<int64_t>(options.search_first_window, 1),
                                options.search_window_from_statistics,
                                std::max<int64_t>(options.search_window_candidates, 1)};
    return std::unique_ptr<UnitOfWork>(new PgStore(std::move(pool), options.read_only, options.observer, windows));
}

int LatestPostgresSchemaVersion() {
    static const int latest = EmbeddedMigrations().back().version;
    return latest;
}

}  // namespace xf::storage
