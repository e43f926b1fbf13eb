// The storage contract (see contract.hpp): what every backend of domain/ports.hpp must do, checked through the
// port interfaces only. Fixed instants, no sleeps; every test starts from a fresh, empty store.
#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <initializer_list>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <unordered_set>
#include <utility>
#include <random>
#include <vector>

#include "crypto/crypto.hpp"
#include "domain/audit.hpp"
#include "domain/repeat.hpp"
#include "domain/search.hpp"

#include "storage/contract/contract.hpp"

namespace xf::storage {
namespace {

using namespace std::chrono_literals;

// ---- Assertions on Result/Status -----------------------------------------------------------------------------

std::string Describe(const Error& e) {
    std::string out(ErrorCodeName(e.code));
    if (!e.field.empty()) out += " [" + e.field + "]";
    return out + ": " + e.message;
}

template <class T>
::testing::AssertionResult IsOk(const Result<T>& r) {
    if (r) return ::testing::AssertionSuccess();
    return ::testing::AssertionFailure() << Describe(r.error());
}

#define ASSERT_OK(expr) ASSERT_TRUE(IsOk(expr))
#define EXPECT_OK(expr) EXPECT_TRUE(IsOk(expr))

// The error code's name, or "ok" — readable in failure messages.
template <class T>
std::string CodeOf(const Result<T>& r) {
    return r ? "ok" : std::string(ErrorCodeName(r.error().code));
}
std::string NameOf(ErrorCode c) { return std::string(ErrorCodeName(c)); }

// A Result's status, its value dropped.
template <class T>
Status Drop(const Result<T>& r) {
    if (!r) return Fail(r.error());
    return Ok();
}

// ---- Fixed dates and instants --------------------------------------------------------------------------------

Date D(int y, unsigned m, unsigned d) { return Date{std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{d}}; }
// hh:mm China time on y-m-d.
Instant At(int y, unsigned m, unsigned d, int hh = 0, int mm = 0) {
    return ChinaMidnight(D(y, m, d)) + std::chrono::hours(hh) + std::chrono::minutes(mm);
}
std::string S(Date d) { return FormatDate(d); }
std::string S(const std::optional<Date>& d) { return d ? FormatDate(*d) : "(none)"; }
std::string S(Instant t) { return FormatInstant(t); }

std::vector<std::string> V(std::initializer_list<const char*> items) { return {items.begin(), items.end()}; }

// ---- Builders ------------------------------------------------------------------------------------------------

Org MakeOrg(std::string code, std::optional<int64_t> parent, OrgLevel level = OrgLevel::kCounty,
            OrgKind kind = OrgKind::kPetitionOffice, std::string region = "520102") {
    Org o;
    o.code = code;
    o.parent_id = parent;
    o.name = code + " 信访局";
    o.level = level;
    o.kind = kind;
    o.region_code = std::move(region);
    return o;
}

User MakeUser(std::string login, int64_t org_id) {
    User u;
    u.login = login;
    u.display_name = "用户 " + login;
    u.org_id = org_id;
    u.roles = RoleSet{Role::kRegistrar, Role::kHandler};
    u.scope = DataScope::kOrg;
    u.password_hash = "$argon2id$v=19$m=65536,t=2,p=1$" + login;
    u.active = true;
    return u;
}

CaseClock MakeClock(ClockKind kind, Date started, DayUnit unit, int days, std::string_view article, Date due,
                    std::optional<Date> stopped = std::nullopt) {
    CaseClock c;
    c.kind = kind;
    c.started_on = started;
    c.rule = DeadlineRule{unit, days, article};
    c.due = due;
    c.stopped_on = stopped;
    return c;
}

Petition MakeCase(std::string number, Instant received, int64_t registered_org, int64_t current_org,
                  int64_t registered_by = 0) {
    Petition p;
    p.query_code = "Q" + number;
    p.number = std::move(number);
    p.secret_hash = "hash-of-secret";
    p.received_at = received;
    p.registered_org_id = registered_org;
    p.current_org_id = current_org;
    p.registered_by = registered_by;
    p.category_code = "0402";
    p.region_code = "520102";
    p.title = "标题 " + p.number;
    p.content = "内容";
    p.created_at = received;
    p.updated_at = received;
    return p;
}

// ---- Field-by-field comparison of petitions ------------------------------------------------------------------

void ExpectSameClock(const CaseClock& a, const CaseClock& b) {
    EXPECT_EQ(ClockKindName(a.kind), ClockKindName(b.kind));
    EXPECT_EQ(S(a.started_on), S(b.started_on));
    EXPECT_EQ(a.rule.unit, b.rule.unit);
    EXPECT_EQ(a.rule.days, b.rule.days);
    EXPECT_EQ(a.rule.article, b.rule.article);
    EXPECT_EQ(S(a.fixed_due), S(b.fixed_due));
    EXPECT_EQ(a.extension_days, b.extension_days);
    EXPECT_EQ(a.paused_days, b.paused_days);
    EXPECT_EQ(S(a.paused_since), S(b.paused_since));
    EXPECT_EQ(S(a.due), S(b.due));
    EXPECT_EQ(S(a.stopped_on), S(b.stopped_on));
}

// Every field of `got` equals `want` (including id and version).
void ExpectSamePetition(const Petition& got, const Petition& want) {
    EXPECT_EQ(got.id, want.id);
    EXPECT_EQ(got.version, want.version);
    EXPECT_EQ(got.number, want.number);
    EXPECT_EQ(got.query_code, want.query_code);
    EXPECT_EQ(got.secret_hash, want.secret_hash);
    EXPECT_EQ(CaseKindName(got.kind), CaseKindName(want.kind));
    EXPECT_EQ(got.parent_case_id, want.parent_case_id);
    EXPECT_EQ(got.root_case_id, want.root_case_id);
    EXPECT_EQ(got.child_case_id, want.child_case_id);
    EXPECT_EQ(ChannelName(got.channel), ChannelName(want.channel));
    EXPECT_EQ(PurposeName(got.purpose), PurposeName(want.purpose));
    EXPECT_EQ(S(got.received_at), S(want.received_at));
    EXPECT_EQ(got.registered_org_id, want.registered_org_id);
    EXPECT_EQ(got.registered_by, want.registered_by);
    EXPECT_EQ(got.current_org_id, want.current_org_id);
    EXPECT_EQ(got.routed_from_org_id, want.routed_from_org_id);
    EXPECT_EQ(got.category_code, want.category_code);
    EXPECT_EQ(got.region_code, want.region_code);
    EXPECT_EQ(got.title, want.title);
    EXPECT_EQ(got.content, want.content);
    EXPECT_EQ(got.persons, want.persons);
    EXPECT_EQ(got.petitioners.size(), want.petitioners.size());
    for (size_t i = 0; i < std::min(got.petitioners.size(), want.petitioners.size()); ++i) {
        SCOPED_TRACE("petitioners[" + std::to_string(i) + "]");
        const auto& a = got.petitioners[i];
        const auto& b = want.petitioners[i];
        EXPECT_EQ(a.name, b.name);
        EXPECT_EQ(a.id_number_sealed, b.id_number_sealed);
        EXPECT_EQ(a.id_number_index, b.id_number_index);
        EXPECT_EQ(a.phone_sealed, b.phone_sealed);
        EXPECT_EQ(a.address_sealed, b.address_sealed);
        EXPECT_EQ(a.representative, b.representative);
        EXPECT_EQ(a.contact_index, b.contact_index);
        EXPECT_EQ(a.email_sealed, b.email_sealed);
    }
    EXPECT_EQ(got.accused_name, want.accused_name);
    EXPECT_EQ(got.accused_org_id, want.accused_org_id);
    EXPECT_EQ(got.involves_litigation, want.involves_litigation);
    EXPECT_EQ(got.anonymous, want.anonymous);
    EXPECT_EQ(got.is_repeat, want.is_repeat);
    EXPECT_EQ(got.repeat_of, want.repeat_of);
    EXPECT_EQ(got.skipped_level, want.skipped_level);
    EXPECT_EQ(StateName(got.state), StateName(want.state));
    EXPECT_EQ(got.clocks.size(), want.clocks.size());
    for (size_t i = 0; i < std::min(got.clocks.size(), want.clocks.size()); ++i) {
        SCOPED_TRACE("clocks[" + std::to_string(i) + "]");
        ExpectSameClock(got.clocks[i], want.clocks[i]);
    }
    EXPECT_EQ(got.decision.has_value(), want.decision.has_value());
    if (got.decision && want.decision) {
        EXPECT_EQ(OutcomeName(got.decision->outcome), OutcomeName(want.decision->outcome));
        EXPECT_EQ(got.decision->facts, want.decision->facts);
        EXPECT_EQ(got.decision->reasons, want.decision->reasons);
        EXPECT_EQ(got.decision->legal_basis, want.decision->legal_basis);
        EXPECT_EQ(S(got.decision->decided_on), S(want.decision->decided_on));
        EXPECT_EQ(got.decision->decided_by, want.decision->decided_by);
    }
    EXPECT_EQ(got.rating.has_value(), want.rating.has_value());
    if (got.rating && want.rating) {
        EXPECT_EQ(RatingName(*got.rating), RatingName(*want.rating));
    }
    EXPECT_EQ(got.rating_comment, want.rating_comment);
    EXPECT_EQ(got.route_note, want.route_note);
    EXPECT_EQ(got.route, want.route);
    EXPECT_EQ(S(got.routed_on), S(want.routed_on));
    EXPECT_EQ(got.resolved, want.resolved);
    EXPECT_EQ(got.imported, want.imported);
    EXPECT_EQ(S(got.accepted_on), S(want.accepted_on));
    EXPECT_EQ(S(got.replied_on), S(want.replied_on));
    EXPECT_EQ(S(got.closed_on), S(want.closed_on));
    EXPECT_EQ(got.extended, want.extended);
    EXPECT_EQ(got.remind_count, want.remind_count);
    EXPECT_EQ(got.supervise_count, want.supervise_count);
    EXPECT_EQ(S(got.created_at), S(want.created_at));
    EXPECT_EQ(S(got.updated_at), S(want.updated_at));
}

// ---- Reading helpers -----------------------------------------------------------------------------------------

std::optional<Petition> GetCase(UnitOfWork& s, int64_t id) {
    std::optional<Petition> out;
    EXPECT_OK(s.Read([&](Transaction& tx) -> Status {
        XF_ASSIGN_OR_RETURN(out, tx.petitions().Get(id));
        return Ok();
    }));
    return out;
}

// The sorted numbers of every case matching `f` (one page of up to 500), checking that Count agrees with List.
std::vector<std::string> Numbers(UnitOfWork& s, PetitionFilter f) {
    f.limit = 500;
    PetitionPage page;
    int64_t count = -1;
    EXPECT_OK(s.Read([&](Transaction& tx) -> Status {
        XF_ASSIGN_OR_RETURN(page, tx.petitions().List(f));
        XF_ASSIGN_OR_RETURN(count, tx.petitions().Count(f));
        return Ok();
    }));
    std::vector<std::string> out;
    for (const auto& p : page.items) out.push_back(p.number);
    EXPECT_EQ(count, static_cast<int64_t>(out.size())) << "Count disagrees with List";
    EXPECT_FALSE(page.next.has_value()) << "a page holding every match must not offer a next cursor";
    std::sort(out.begin(), out.end());
    return out;
}

std::vector<int64_t> SortedIds(const std::vector<Org>& orgs) {
    std::vector<int64_t> out;
    for (const auto& o : orgs) out.push_back(o.id);
    std::sort(out.begin(), out.end());
    return out;
}
std::vector<int64_t> Sorted(std::vector<int64_t> v) {
    std::sort(v.begin(), v.end());
    return v;
}

// ---- A small world shared by the filter and access tests ----------------------------------------------------
//
//   prov ─ city ─┬─ countyA ─ deptA
//                └─ countyB ─ townB
//
// Users: reg (countyA), handler (deptA), other (countyB).
//
//   case  channel  purpose     category region  received (China)  state      orgs held        accused
//   N-1   letter   complaint   0402     520102  03-01 10:00       forwarded  countyA→countyB  countyB
//   N-2   visit    suggestion  0301     520103  03-02 23:30       accepted   countyA, deptA   —
//   N-3   online   accusation  0405     520201  03-03 00:30       concluded  countyB          deptA
//   N-4   phone    accusation  1201     520102  03-04 09:00       forwarded  countyA          countyB
//
// N-1 was registered with a running route clock due 03-16 and then updated (forwarded): the route clock stopped,
// an acceptance clock due 03-20 runs. N-2: handling due 05-01 runs; a stopped route clock (due 03-03) and a
// running rating window (due 03-05) must not count. N-3: no running clocks. N-4: acceptance due 03-10 runs; a
// paused handling clock (due 03-08) must not count. `handler` acted on N-3 (a staff event).
struct World {
    Org prov, city, countyA, countyB, townB, deptA;
    User reg, handler, other;
    Petition c1, c2, c3, c4;
};

void SeedWorld(UnitOfWork& s, World& w) {
    ASSERT_OK(s.Write([&](Transaction& tx) -> Status {
        auto& orgs = tx.orgs();
        XF_ASSIGN_OR_RETURN(w.prov, orgs.Insert(MakeOrg("prov", std::nullopt, OrgLevel::kProvince,
                                                        OrgKind::kPetitionOffice, "520000")));
        XF_ASSIGN_OR_RETURN(w.city, orgs.Insert(MakeOrg("city", w.prov.id, OrgLevel::kCity,
                                                        OrgKind::kPetitionOffice, "520100")));
        XF_ASSIGN_OR_RETURN(w.countyA, orgs.Insert(MakeOrg("countyA", w.city.id)));
        XF_ASSIGN_OR_RETURN(w.countyB, orgs.Insert(MakeOrg("countyB", w.city.id, OrgLevel::kCounty,
                                                           OrgKind::kPetitionOffice, "520103")));
        XF_ASSIGN_OR_RETURN(w.townB, orgs.Insert(MakeOrg("townB", w.countyB.id, OrgLevel::kTownship,
                                                         OrgKind::kPartyGovernment, "520103001")));
        XF_ASSIGN_OR_RETURN(w.deptA, orgs.Insert(MakeOrg("deptA", w.countyA.id, OrgLevel::kCounty,
                                                         OrgKind::kDepartment)));
        XF_ASSIGN_OR_RETURN(w.reg, tx.users().Insert(MakeUser("reg", w.countyA.id)));
        XF_ASSIGN_OR_RETURN(w.handler, tx.users().Insert(MakeUser("handler", w.deptA.id)));
        XF_ASSIGN_OR_RETURN(w.other, tx.users().Insert(MakeUser("other", w.countyB.id)));

        Petition c1 = MakeCase("N-1", At(2026, 3, 1, 10), w.countyA.id, w.countyA.id, w.reg.id);
        c1.channel = Channel::kLetter;
        c1.purpose = Purpose::kComplaint;
        c1.category_code = "0402";
        c1.region_code = "520102";
        c1.accused_org_id = w.countyB.id;
        c1.state = State::kRegistered;
        c1.clocks = {MakeClock(ClockKind::kRoute, D(2026, 3, 1), DayUnit::kCalendarDays, 15, "条例第22条",
                               D(2026, 3, 16))};
        XF_ASSIGN_OR_RETURN(w.c1, tx.petitions().Insert(c1));

        Petition c2 = MakeCase("N-2", At(2026, 3, 2, 23, 30), w.countyA.id, w.deptA.id, w.reg.id);
        c2.channel = Channel::kVisit;
        c2.purpose = Purpose::kSuggestion;
        c2.category_code = "0301";
        c2.region_code = "520103";
        c2.state = State::kAccepted;
        c2.clocks = {MakeClock(ClockKind::kRoute, D(2026, 3, 2), DayUnit::kCalendarDays, 1, "条例第22条",
                               D(2026, 3, 3), D(2026, 3, 2)),
                     MakeClock(ClockKind::kRating, D(2026, 3, 2), DayUnit::kCalendarDays, 3, "条例第21条",
                               D(2026, 3, 5)),
                     MakeClock(ClockKind::kHandling, D(2026, 3, 2), DayUnit::kCalendarDays, 60, "条例第32条",
                               D(2026, 5, 1))};
        XF_ASSIGN_OR_RETURN(w.c2, tx.petitions().Insert(c2));

        Petition c3 = MakeCase("N-3", At(2026, 3, 3, 0, 30), w.countyB.id, w.countyB.id, 0);
        c3.channel = Channel::kOnline;
        c3.purpose = Purpose::kAccusation;
        c3.category_code = "0405";
        c3.region_code = "520201";
        c3.accused_org_id = w.deptA.id;
        c3.state = State::kConcluded;
        c3.clocks = {MakeClock(ClockKind::kRoute, D(2026, 3, 3), DayUnit::kCalendarDays, 15, "条例第22条",
                               D(2026, 3, 18), D(2026, 3, 4))};
        XF_ASSIGN_OR_RETURN(w.c3, tx.petitions().Insert(c3));

        Petition c4 = MakeCase("N-4", At(2026, 3, 4, 9), w.countyA.id, w.countyA.id, w.reg.id);
        c4.channel = Channel::kPhone;
        c4.purpose = Purpose::kAccusation;
        c4.category_code = "1201";
        c4.region_code = "520102";
        c4.accused_org_id = w.countyB.id;
        c4.state = State::kForwarded;
        CaseClock paused = MakeClock(ClockKind::kHandling, D(2026, 3, 1), DayUnit::kCalendarDays, 7, "条例第32条",
                                     D(2026, 3, 8));
        paused.paused_since = D(2026, 3, 5);
        c4.clocks = {paused, MakeClock(ClockKind::kAcceptance, D(2026, 3, 4), DayUnit::kWorkingDays, 4,
                                       "条例第23条", D(2026, 3, 10))};
        XF_ASSIGN_OR_RETURN(w.c4, tx.petitions().Insert(c4));
        return Ok();
    }));

    ASSERT_OK(s.Write([&](Transaction& tx) -> Status {
        Petition c1 = w.c1;
        c1.state = State::kForwarded;
        c1.routed_from_org_id = w.countyA.id;
        c1.current_org_id = w.countyB.id;
        c1.clocks[0].stopped_on = D(2026, 3, 5);
        c1.clocks.push_back(MakeClock(ClockKind::kAcceptance, D(2026, 3, 5), DayUnit::kCalendarDays, 15,
                                      "条例第23条", D(2026, 3, 20)));
        XF_ASSIGN_OR_RETURN(w.c1, tx.petitions().Update(c1));

        Event e;
        e.petition_id = w.c3.id;
        e.at = At(2026, 3, 3, 10);
        e.action = "accept";
        e.actor_user_id = w.handler.id;
        e.actor_kind = "staff";
        e.org_id = w.deptA.id;
        e.public_text = "已受理";
        XF_TRY(tx.petitions().AppendEvent(e));
        return Ok();
    }));
}

// =================================================================================================================
// Orgs
// =================================================================================================================

// ---- Statistics rollups (domain/stats.hpp) ------------------------------------------------------------------

std::map<std::string, std::pair<int64_t, int64_t>> Sums(UnitOfWork& s, int64_t org, StatDim dim, Date from, Date to) {
    std::map<std::string, std::pair<int64_t, int64_t>> out;
    EXPECT_OK(s.Read([&](Transaction& tx) -> Status {
        XF_ASSIGN_OR_RETURN(auto rows, tx.stats().Sum(org, dim, from, to));
        for (const auto& r : rows) out[r.key] = {r.batches, r.persons};
        return Ok();
    }));
    std::erase_if(out, [](const auto& kv) { return kv.second.first == 0 && kv.second.second == 0; });
    return out;
}

TEST_P(StoreContract, StatsRollUpToEveryAncestorAcrossDayAndMonthBoundaries) {
    World w;
    ASSERT_NO_FATAL_FAILURE(SeedWorld(store(), w));
    auto intake = [&](int64_t org, Date from, Date to) {
        int64_t b = 0, ps = 0;
        for (const auto& [k, v] : Sums(store(), org, StatDim::kIntake, from, to)) {
            if (!k.starts_with("visit|")) continue;
            b += v.first;
            ps += v.second;
        }
        return std::pair{b, ps};
    };
    const auto county_a = intake(w.countyA.id, D(2026, 1, 1), D(2026, 3, 31));
    // Visits on 31 Jan, 1 Feb and 28 Feb 2026 at townB (under countyB, city, prov); 7, 3 and 1 persons.
    ASSERT_OK(store().Write([&](Transaction& tx) -> Status {
        int n = 0;
        for (auto [day, persons] : {std::pair{D(2026, 1, 31), 7}, std::pair{D(2026, 2, 1), 3}, std::pair{D(2026, 2, 28), 1}}) {
            Petition p = MakeCase("S-" + std::to_string(++n), ChinaMidnight(day), w.townB.id, w.townB.id);
            p.channel = Channel::kVisit;
            p.persons = persons;
            p.region_code = "520103001";
            XF_TRY(Drop(tx.petitions().Insert(p)));
        }
        return Ok();
    }));
    // A whole month, a partial month at each end, a single day, and the subtree at each level.
    EXPECT_EQ(intake(w.prov.id, D(2026, 2, 1), D(2026, 2, 28)), (std::pair<int64_t, int64_t>{2, 4}));
    EXPECT_EQ(intake(w.city.id, D(2026, 1, 31), D(2026, 2, 27)), (std::pair<int64_t, int64_t>{2, 10}));
    EXPECT_EQ(intake(w.countyB.id, D(2026, 1, 1), D(2026, 3, 31)), (std::pair<int64_t, int64_t>{3, 11}));
    EXPECT_EQ(intake(w.townB.id, D(2026, 2, 28), D(2026, 2, 28)), (std::pair<int64_t, int64_t>{1, 1}));
    EXPECT_EQ(intake(w.countyA.id, D(2026, 1, 1), D(2026, 3, 31)), county_a);  // a sibling subtree: unchanged
    auto regions = Sums(store(), w.countyB.id, StatDim::kRegion, D(2026, 1, 1), D(2026, 12, 31));
    EXPECT_EQ(regions["520103001"], (std::pair<int64_t, int64_t>{3, 11}));

    // One org's own cells (the sampled consistency check), against all cells.
    std::vector<StatCell> all, town_b_months, town_b_days;
    ASSERT_OK(store().Read([&](Transaction& tx) -> Status {
        XF_ASSIGN_OR_RETURN(all, tx.stats().Cells(true, std::nullopt));
        XF_ASSIGN_OR_RETURN(town_b_months, tx.stats().Cells(true, w.townB.id));
        XF_ASSIGN_OR_RETURN(town_b_days, tx.stats().Cells(false, w.townB.id));
        return Ok();
    }));
    std::vector<StatCell> expected;
    for (const auto& c : all)
        if (c.org_id == w.townB.id) expected.push_back(c);
    EXPECT_FALSE(expected.empty());
    EXPECT_LT(expected.size(), all.size());
    EXPECT_EQ(town_b_months, expected);
    int64_t region_days = 0;
    for (const auto& c : town_b_days) {
        EXPECT_EQ(c.org_id, w.townB.id);
        if (c.dim == static_cast<int>(StatDim::kRegion) && c.key == "520103001") region_days += c.persons;
    }
    EXPECT_EQ(region_days, 11);
}

TEST_P(StoreContract, StatsFollowAnUpdateAndARebuildGivesTheSameSums) {
    World w;
    ASSERT_NO_FATAL_FAILURE(SeedWorld(store(), w));
    auto before = Sums(store(), w.prov.id, StatDim::kCategory, D(2026, 1, 1), D(2026, 12, 31));
    auto c1 = GetCase(store(), w.c1.id);
    ASSERT_TRUE(c1.has_value());
    std::string old_code = c1->category_code;
    Petition edit = *c1;
    edit.category_code = "0999";
    edit.route = Route::kAcceptDirectly;
    ASSERT_OK(store().Write([&](Transaction& tx) -> Status { return Drop(tx.petitions().Update(edit)); }));
    auto after = Sums(store(), w.prov.id, StatDim::kCategory, D(2026, 1, 1), D(2026, 12, 31));
    auto batches = [](const auto& m, const std::string& k) { return m.contains(k) ? m.at(k).first : 0; };
    EXPECT_EQ(batches(after, "0999"), 1);
    EXPECT_EQ(batches(after, old_code), batches(before, old_code) - 1);
    auto routes = Sums(store(), w.prov.id, StatDim::kRoute, D(2026, 1, 1), D(2026, 12, 31));
    EXPECT_EQ(routes["accept_directly"].first, 1);

    // A failed write leaves the rollups as they were.
    Status failed = store().Write([&](Transaction& tx) -> Status {
        Petition again = edit;
        again.version = 2;
        again.category_code = "0888";
        XF_TRY(Drop(tx.petitions().Update(again)));
        return Fail(Error::Internal("abandon"));
    });
    EXPECT_FALSE(failed.has_value());
    EXPECT_EQ(Sums(store(), w.prov.id, StatDim::kCategory, D(2026, 1, 1), D(2026, 12, 31)), after);

    std::vector<std::map<std::string, std::pair<int64_t, int64_t>>> all_before, all_after;
    for (int d = 1; d <= 9; ++d)
        all_before.push_back(Sums(store(), w.prov.id, static_cast<StatDim>(d), D(2025, 1, 1), D(2027, 12, 31)));
    int64_t counted = 0;
    ASSERT_OK(store().Write([&](Transaction& tx) -> Status {
        XF_ASSIGN_OR_RETURN(counted, tx.stats().Rebuild());
        return Ok();
    }));
    EXPECT_EQ(counted, 4);
    for (int d = 1; d <= 9; ++d)
        all_after.push_back(Sums(store(), w.prov.id, static_cast<StatDim>(d), D(2025, 1, 1), D(2027, 12, 31)));
    EXPECT_EQ(all_after, all_before);
}

TEST_P(StoreContract, StatEntriesOfAFilterAreThoseOfTheMatchingCases) {
    World w;
    ASSERT_NO_FATAL_FAILURE(SeedWorld(store(), w));
    PetitionFilter f;
    f.number = "N-1";
    std::vector<StatEntry> entries;
    ASSERT_OK(store().Read([&](Transaction& tx) -> Status {
        XF_ASSIGN_OR_RETURN(entries, tx.stats().EntriesOf(f));
        return Ok();
    }));
    auto c1 = GetCase(store(), w.c1.id);
    ASSERT_TRUE(c1.has_value());
    EXPECT_EQ(entries, StatEntriesFor(*c1));
}

TEST_P(StoreContract, OrgTreeInsertSetsIdsAndPaths) {
    Org root, child, grandchild;
    ASSERT_OK(store().Write([&](Transaction& tx) -> Status {
        XF_ASSIGN_OR_RETURN(root, tx.orgs().Insert(MakeOrg("root", std::nullopt, OrgLevel::kProvince)));
        XF_ASSIGN_OR_RETURN(child, tx.orgs().Insert(MakeOrg("child", root.id, OrgLevel::kCity)));
        XF_ASSIGN_OR_RETURN(grandchild, tx.orgs().Insert(MakeOrg("grandchild", child.id)));
        return Ok();
    }));
    EXPECT_GT(root.id, 0);
    EXPECT_GT(child.id, 0);
    EXPECT_NE(root.id, child.id);
    EXPECT_EQ(root.path, "/" + std::to_string(root.id) + "/");  // "/1/" in a fresh store
    EXPECT_EQ(child.path, root.path + std::to_string(child.id) + "/");  // "/1/2/"
    EXPECT_EQ(grandchild.path, child.path + std::to_string(grandchild.id) + "/");
    EXPECT_TRUE(root.Contains(grandchild));
    EXPECT_FALSE(grandchild.Contains(root));

    ASSERT_OK(store().Read([&](Transaction& tx) -> Status {
        XF_ASSIGN_OR_RETURN(auto got, tx.orgs().Get(child.id));
        EXPECT_TRUE(got.has_value());
        if (got) {
            EXPECT_EQ(got->code, "child");
            EXPECT_EQ(got->parent_id, std::optional<int64_t>(root.id));
            EXPECT_EQ(got->name, "child 信访局");
            EXPECT_EQ(OrgLevelName(got->level), OrgLevelName(OrgLevel::kCity));
            EXPECT_EQ(OrgKindName(got->kind), OrgKindName(OrgKind::kPetitionOffice));
            EXPECT_EQ(got->region_code, "520102");
            EXPECT_EQ(got->path, child.path);
        }
        XF_ASSIGN_OR_RETURN(auto top, tx.orgs().Get(root.id));
        EXPECT_TRUE(top.has_value());
        if (top) {
            EXPECT_FALSE(top->parent_id.has_value());
        }
        XF_ASSIGN_OR_RETURN(auto missing, tx.orgs().Get(root.id + grandchild.id + 1000));
        EXPECT_FALSE(missing.has_value());
        return Ok();
    }));
}

TEST_P(StoreContract, OrgInsertUnknownParentIsInvalidArgument) {
    Result<Org> r;
    Status s = store().Write([&](Transaction& tx) -> Status {
        r = tx.orgs().Insert(MakeOrg("orphan", int64_t{424242}));
        return r ? Ok() : Fail(r.error());
    });
    EXPECT_EQ(CodeOf(r), NameOf(ErrorCode::kInvalidArgument));
    EXPECT_EQ(CodeOf(s), NameOf(ErrorCode::kInvalidArgument));
    ASSERT_OK(store().Read([&](Transaction& tx) -> Status {
        XF_ASSIGN_OR_RETURN(auto all, tx.orgs().List());
        EXPECT_TRUE(all.empty());
        return Ok();
    }));
}

TEST_P(StoreContract, OrgDuplicateCodeIsAlreadyExistsOnCode) {
    ASSERT_OK(store().Write([&](Transaction& tx) -> Status { return Drop(tx.orgs().Insert(MakeOrg("dup", {}))); }));
    Result<Org> r;
    Status s = store().Write([&](Transaction& tx) -> Status {
        r = tx.orgs().Insert(MakeOrg("dup", {}));
        return r ? Ok() : Fail(r.error());
    });
    EXPECT_EQ(CodeOf(r), NameOf(ErrorCode::kAlreadyExists));
    if (!r) {
        EXPECT_EQ(r.error().field, "code");
    }
    EXPECT_EQ(CodeOf(s), NameOf(ErrorCode::kAlreadyExists));
    ASSERT_OK(store().Read([&](Transaction& tx) -> Status {
        XF_ASSIGN_OR_RETURN(auto all, tx.orgs().List());
        EXPECT_EQ(all.size(), 1u);
        return Ok();
    }));
}

TEST_P(StoreContract, OrgFindByCodeAndListOrderedByPath) {
    Org r, a, s2, b, c;
    ASSERT_OK(store().Write([&](Transaction& tx) -> Status {
        XF_ASSIGN_OR_RETURN(r, tx.orgs().Insert(MakeOrg("R", std::nullopt)));
        XF_ASSIGN_OR_RETURN(a, tx.orgs().Insert(MakeOrg("A", r.id)));
        XF_ASSIGN_OR_RETURN(s2, tx.orgs().Insert(MakeOrg("S", std::nullopt)));
        XF_ASSIGN_OR_RETURN(b, tx.orgs().Insert(MakeOrg("B", a.id)));
        XF_ASSIGN_OR_RETURN(c, tx.orgs().Insert(MakeOrg("C", r.id)));
        return Ok();
    }));
    std::vector<Org> inserted{r, a, s2, b, c};
    std::sort(inserted.begin(), inserted.end(), [](const Org& x, const Org& y) { return x.path < y.path; });
    std::vector<std::string> want_codes, want_paths;
    for (const auto& o : inserted) {
        want_codes.push_back(o.code);
        want_paths.push_back(o.path);
    }

    ASSERT_OK(store().Read([&](Transaction& tx) -> Status {
        XF_ASSIGN_OR_RETURN(auto found, tx.orgs().FindByCode("B"));
        EXPECT_TRUE(found.has_value());
        if (found) {
            EXPECT_EQ(found->id, b.id);
            EXPECT_EQ(found->path, b.path);
            EXPECT_EQ(found->parent_id, std::optional<int64_t>(a.id));
        }
        XF_ASSIGN_OR_RETURN(auto none, tx.orgs().FindByCode("nope"));
        EXPECT_FALSE(none.has_value());

        XF_ASSIGN_OR_RETURN(auto all, tx.orgs().List());
        std::vector<std::string> codes, paths;
        for (const auto& o : all) {
            codes.push_back(o.code);
            paths.push_back(o.path);
        }
        EXPECT_EQ(codes, want_codes);
        EXPECT_EQ(paths, want_paths);
        return Ok();
    }));
}

TEST_P(StoreContract, OrgUpdateChangesNameKindRegionLevelOnly) {
    Org root, child;
    ASSERT_OK(store().Write([&](Transaction& tx) -> Status {
        XF_ASSIGN_OR_RETURN(root, tx.orgs().Insert(MakeOrg("root", std::nullopt)));
        XF_ASSIGN_OR_RETURN(child, tx.orgs().Insert(MakeOrg("child", root.id)));
        return Ok();
    }));
    Org changed = child;
    changed.name = "新名称";
    changed.kind = OrgKind::kDiscipline;
    changed.level = OrgLevel::kTownship;
    changed.region_code = "520102001";
    changed.code = "renamed";       // not updatable
    changed.parent_id = std::nullopt;  // not updatable
    ASSERT_OK(store().Write([&](Transaction& tx) -> Status { return tx.orgs().Update(changed); }));
    ASSERT_OK(store().Read([&](Transaction& tx) -> Status {
        XF_ASSIGN_OR_RETURN(auto got, tx.orgs().Get(child.id));
        EXPECT_TRUE(got.has_value());
        if (!got) return Ok();
        EXPECT_EQ(got->name, "新名称");
        EXPECT_EQ(OrgKindName(got->kind), OrgKindName(OrgKind::kDiscipline));
        EXPECT_EQ(OrgLevelName(got->level), OrgLevelName(OrgLevel::kTownship));
        EXPECT_EQ(got->region_code, "520102001");
        EXPECT_EQ(got->code, "child");
        EXPECT_EQ(got->parent_id, std::optional<int64_t>(root.id));
        EXPECT_EQ(got->path, child.path);
        return Ok();
    }));
}

// =================================================================================================================
// Users and sessions
// =================================================================================================================

TEST_P(StoreContract, UsersInsertFindUpdateAndListByOrg) {
    Org a, b;
    User a1, a2, b1;
    ASSERT_OK(store().Write([&](Transaction& tx) -> Status {
        XF_ASSIGN_OR_RETURN(a, tx.orgs().Insert(MakeOrg("a", std::nullopt)));
        XF_ASSIGN_OR_RETURN(b, tx.orgs().Insert(MakeOrg("b", a.id)));
        XF_ASSIGN_OR_RETURN(a2, tx.users().Insert(MakeUser("zhang.san", a.id)));
        XF_ASSIGN_OR_RETURN(b1, tx.users().Insert(MakeUser("li.si", b.id)));
        XF_ASSIGN_OR_RETURN(a1, tx.users().Insert(MakeUser("a.wang", a.id)));
        return Ok();
    }));
    EXPECT_GT(a1.id, 0);
    EXPECT_NE(a1.id, a2.id);
    EXPECT_NE(a2.id, b1.id);

    ASSERT_OK(store().Read([&](Transaction& tx) -> Status {
        XF_ASSIGN_OR_RETURN(auto got, tx.users().FindByLogin("zhang.san"));
        EXPECT_TRUE(got.has_value());
        if (got) {
            EXPECT_EQ(got->id, a2.id);
            EXPECT_EQ(got->login, "zhang.san");
            EXPECT_EQ(got->display_name, "用户 zhang.san");
            EXPECT_EQ(got->org_id, a.id);
            EXPECT_EQ(got->roles.Bits(), (RoleSet{Role::kRegistrar, Role::kHandler}).Bits());
            EXPECT_EQ(DataScopeName(got->scope), DataScopeName(DataScope::kOrg));
            EXPECT_EQ(got->password_hash, a2.password_hash);
            EXPECT_TRUE(got->active);
        }
        XF_ASSIGN_OR_RETURN(auto by_id, tx.users().Get(b1.id));
        EXPECT_TRUE(by_id.has_value());
        if (by_id) {
            EXPECT_EQ(by_id->login, "li.si");
        }
        XF_ASSIGN_OR_RETURN(auto none, tx.users().FindByLogin("nobody"));
        EXPECT_FALSE(none.has_value());
        XF_ASSIGN_OR_RETURN(auto none2, tx.users().Get(a1.id + a2.id + b1.id + 100));
        EXPECT_FALSE(none2.has_value());
        return Ok();
    }));

    // Update: everything but the login.
    User changed = a2;
    changed.display_name = "张三（已调岗）";
    changed.org_id = b.id;
    changed.roles = RoleSet{Role::kAdmin, Role::kStatistician};
    changed.scope = DataScope::kSubtree;
    changed.password_hash = "$argon2id$new";
    changed.active = false;
    ASSERT_OK(store().Write([&](Transaction& tx) -> Status { return tx.users().Update(changed); }));

    auto logins = [](const std::vector<User>& us) {
        std::vector<std::string> out;
        for (const auto& u : us) out.push_back(u.login);
        std::sort(out.begin(), out.end());
        return out;
    };
    ASSERT_OK(store().Read([&](Transaction& tx) -> Status {
        XF_ASSIGN_OR_RETURN(auto got, tx.users().Get(a2.id));
        EXPECT_TRUE(got.has_value());
        if (got) {
            EXPECT_EQ(got->login, "zhang.san");
            EXPECT_EQ(got->display_name, "张三（已调岗）");
            EXPECT_EQ(got->org_id, b.id);
            EXPECT_EQ(got->roles.Bits(), (RoleSet{Role::kAdmin, Role::kStatistician}).Bits());
            EXPECT_EQ(DataScopeName(got->scope), DataScopeName(DataScope::kSubtree));
            EXPECT_EQ(got->password_hash, "$argon2id$new");
            EXPECT_FALSE(got->active);
        }
        XF_ASSIGN_OR_RETURN(auto in_a, tx.users().List(a.id));
        EXPECT_EQ(logins(in_a), V({"a.wang"}));
        XF_ASSIGN_OR_RETURN(auto in_b, tx.users().List(b.id));
        EXPECT_EQ(logins(in_b), V({"li.si", "zhang.san"}));
        XF_ASSIGN_OR_RETURN(auto all, tx.users().List(std::nullopt));
        EXPECT_EQ(logins(all), V({"a.wang", "li.si", "zhang.san"}));
        return Ok();
    }));
}

TEST_P(StoreContract, UserDuplicateLoginIsAlreadyExistsOnLogin) {
    Org a;
    ASSERT_OK(store().Write([&](Transaction& tx) -> Status {
        XF_ASSIGN_OR_RETURN(a, tx.orgs().Insert(MakeOrg("a", std::nullopt)));
        XF_TRY(tx.users().Insert(MakeUser("same", a.id)));
        return Ok();
    }));
    Result<User> r;
    Status s = store().Write([&](Transaction& tx) -> Status {
        r = tx.users().Insert(MakeUser("same", a.id));
        return r ? Ok() : Fail(r.error());
    });
    EXPECT_EQ(CodeOf(r), NameOf(ErrorCode::kAlreadyExists));
    if (!r) {
        EXPECT_EQ(r.error().field, "login");
    }
    EXPECT_EQ(CodeOf(s), NameOf(ErrorCode::kAlreadyExists));
    ASSERT_OK(store().Read([&](Transaction& tx) -> Status {
        XF_ASSIGN_OR_RETURN(auto all, tx.users().List(std::nullopt));
        EXPECT_EQ(all.size(), 1u);
        return Ok();
    }));
}

TEST_P(StoreContract, SessionsInsertFindDeleteAndExpire) {
    User u;
    ASSERT_OK(store().Write([&](Transaction& tx) -> Status {
        XF_ASSIGN_OR_RETURN(Org a, tx.orgs().Insert(MakeOrg("a", std::nullopt)));
        XF_ASSIGN_OR_RETURN(u, tx.users().Insert(MakeUser("u", a.id)));
        return Ok();
    }));
    const Instant now = At(2026, 3, 10, 12);
    Session live{"hash-live", u.id, "csrf-live", now - 1h, now + 8h};
    Session old{"hash-old", u.id, "csrf-old", now - 10h, now - 2h};
    Session other{"hash-other", u.id, "csrf-other", now - 1h, now + 1h};
    ASSERT_OK(store().Write([&](Transaction& tx) -> Status {
        XF_TRY(tx.users().InsertSession(live));
        XF_TRY(tx.users().InsertSession(old));
        XF_TRY(tx.users().InsertSession(other));
        return Ok();
    }));
    ASSERT_OK(store().Read([&](Transaction& tx) -> Status {
        XF_ASSIGN_OR_RETURN(auto got, tx.users().FindSession("hash-live"));
        EXPECT_TRUE(got.has_value());
        if (got) {
            EXPECT_EQ(got->token_hash, "hash-live");
            EXPECT_EQ(got->user_id, u.id);
            EXPECT_EQ(got->csrf_token, "csrf-live");
            EXPECT_EQ(S(got->created_at), S(live.created_at));
            EXPECT_EQ(S(got->expires_at), S(live.expires_at));
        }
        XF_ASSIGN_OR_RETURN(auto none, tx.users().FindSession("hash-unknown"));
        EXPECT_FALSE(none.has_value());
        return Ok();
    }));

    ASSERT_OK(store().Write([&](Transaction& tx) -> Status {
        XF_TRY(tx.users().DeleteExpiredSessions(now));
        XF_TRY(tx.users().DeleteSession("hash-other"));
        XF_TRY(tx.users().DeleteSession("hash-never-existed"));  // deleting nothing is fine
        return Ok();
    }));
    ASSERT_OK(store().Read([&](Transaction& tx) -> Status {
        XF_ASSIGN_OR_RETURN(auto l, tx.users().FindSession("hash-live"));
        EXPECT_TRUE(l.has_value()) << "an unexpired session must survive DeleteExpiredSessions";
        XF_ASSIGN_OR_RETURN(auto o, tx.users().FindSession("hash-old"));
        EXPECT_FALSE(o.has_value()) << "an expired session must be deleted";
        XF_ASSIGN_OR_RETURN(auto d, tx.users().FindSession("hash-other"));
        EXPECT_FALSE(d.has_value()) << "DeleteSession must delete";
        return Ok();
    }));
}

// =================================================================================================================
// Categories
// =================================================================================================================

TEST_P(StoreContract, CategoriesUpsertTwiceUpdateWinsListedByCode) {
    int n1 = 0, n2 = 0;
    ASSERT_OK(store().Write([&](Transaction& tx) -> Status {
        XF_ASSIGN_OR_RETURN(n1, tx.categories().Upsert({{"0402", "04", "拖欠农民工工资"}, {"04", "", "劳动和社会保障"}}));
        return Ok();
    }));
    ASSERT_OK(store().Write([&](Transaction& tx) -> Status {
        XF_ASSIGN_OR_RETURN(n2, tx.categories().Upsert({{"0402", "04", "拖欠工资（新名）"}, {"01", "", "农村农业"}}));
        return Ok();
    }));
    EXPECT_EQ(n1, 2);
    EXPECT_EQ(n2, 2);
    ASSERT_OK(store().Read([&](Transaction& tx) -> Status {
        XF_ASSIGN_OR_RETURN(auto all, tx.categories().List());
        std::vector<std::string> rows;
        for (const auto& c : all) rows.push_back(c.code + "|" + c.parent + "|" + c.name);
        EXPECT_EQ(rows, V({"01||农村农业", "04||劳动和社会保障", "0402|04|拖欠工资（新名）"}));
        return Ok();
    }));
}

// =================================================================================================================
// Petitions: insert, round trip, update
// =================================================================================================================

TEST_P(StoreContract, PetitionInsertSetsIdVersionAndRoundTripsEveryField) {
    World w;
    ASSERT_NO_FATAL_FAILURE(SeedWorld(store(), w));

    Petition p = MakeCase("520102-2026-000007", At(2026, 3, 5, 14, 7) + 13s, w.countyA.id, w.deptA.id, w.reg.id);
    p.query_code = "QC7K2M9X";
    p.secret_hash = "$argon2id$v=19$m=65536,t=2,p=1$c2FsdA$aGFzaA";
    p.kind = CaseKind::kReview;
    p.parent_case_id = w.c2.id;
    p.root_case_id = w.c2.id;
    p.child_case_id = w.c4.id;
    p.channel = Channel::kLeaderMailbox;
    p.purpose = Purpose::kAccusation;
    p.routed_from_org_id = w.countyA.id;
    p.category_code = "0402";
    p.region_code = "520102";
    p.title = "反映\"某局\"拖欠工资 {\"x\":1}";
    p.content = "第一行\n第二行\t制表\\反斜杠 \"引号\" 😀 </script> \u00e9";
    p.persons = 7;
    p.petitioners = {
        Petitioner{"张三", "sealed:id:1", "idx:1", "sealed:phone:1", "sealed:addr:1", true, "contact:1", "sealed:mail:1"},
        Petitioner{"李四", "sealed:id:2", "idx:2", "", "sealed:addr:2", false},
    };
    p.accused_name = "某某县人力资源和社会保障局";
    p.accused_org_id = w.countyB.id;
    p.involves_litigation = true;
    p.anonymous = true;
    p.is_repeat = true;
    p.repeat_of = w.c1.id;
    p.skipped_level = true;
    p.state = State::kReplied;
    CaseClock handling = MakeClock(ClockKind::kHandling, D(2026, 3, 7), DayUnit::kCalendarDays, 40, "条例第35条",
                                   D(2026, 4, 21));
    handling.extension_days = 10;
    handling.paused_days = 5;
    handling.paused_since = D(2026, 4, 1);
    CaseClock feedback = MakeClock(ClockKind::kFeedback, D(2026, 3, 7), DayUnit::kCalendarDays, 0, "条例第22条",
                                   D(2026, 4, 10));
    feedback.fixed_due = D(2026, 4, 10);
    p.clocks = {
        MakeClock(ClockKind::kRoute, D(2026, 3, 5), DayUnit::kCalendarDays, 15, "条例第22条", D(2026, 3, 20),
                  D(2026, 3, 6)),
        MakeClock(ClockKind::kObjection, D(2026, 3, 6), DayUnit::kWorkingDays, 5, "条例第23条第3款", D(2026, 3, 13)),
        handling,
        feedback,
        MakeClock(ClockKind::kRating, D(2026, 4, 15), DayUnit::kCalendarDays, 30, "条例第21条", D(2026, 5, 15)),
    };
    p.decision = Decision{Outcome::kNotSupported, "经查……", "理由如下……", "《信访工作条例》第三十二条",
                          D(2026, 4, 15), w.handler.id};
    p.rating = Rating::kBasicallySatisfied;
    p.rating_comment = "基本满意";
    p.route_note = "转送至县人社局";
    p.route = Route::kForward;
    p.routed_on = D(2026, 3, 3);
    p.resolved = false;
    p.imported = true;
    p.accepted_on = D(2026, 3, 7);
    p.replied_on = D(2026, 4, 15);
    p.closed_on = D(2026, 4, 20);
    p.extended = true;
    p.remind_count = 2;
    p.supervise_count = 1;
    p.created_at = At(2026, 3, 5, 14, 8);
    p.updated_at = At(2026, 4, 15, 16, 45) + 59s;

    Petition inserted;
    ASSERT_OK(store().Write([&](Transaction& tx) -> Status {
        XF_ASSIGN_OR_RETURN(inserted, tx.petitions().Insert(p));
        return Ok();
    }));
    EXPECT_GT(inserted.id, 0);
    EXPECT_EQ(inserted.version, 1);
    std::set<int64_t> ids{w.c1.id, w.c2.id, w.c3.id, w.c4.id, inserted.id};
    EXPECT_EQ(ids.size(), 5u) << "ids must be distinct";

    Petition want = p;
    want.id = inserted.id;
    want.version = 1;
    {
        SCOPED_TRACE("returned by Insert");
        ExpectSamePetition(inserted, want);
    }
    ASSERT_OK(store().Read([&](Transaction& tx) -> Status {
        XF_ASSIGN_OR_RETURN(auto by_id, tx.petitions().Get(inserted.id));
        EXPECT_TRUE(by_id.has_value());
        if (by_id) {
            SCOPED_TRACE("Get");
            ExpectSamePetition(*by_id, want);
        }
        XF_ASSIGN_OR_RETURN(auto by_number, tx.petitions().FindByNumber("520102-2026-000007"));
        EXPECT_TRUE(by_number.has_value());
        if (by_number) {
            SCOPED_TRACE("FindByNumber");
            ExpectSamePetition(*by_number, want);
        }
        XF_ASSIGN_OR_RETURN(auto by_code, tx.petitions().FindByQueryCode("QC7K2M9X"));
        EXPECT_TRUE(by_code.has_value());
        if (by_code) {
            SCOPED_TRACE("FindByQueryCode");
            ExpectSamePetition(*by_code, want);
        }
        XF_ASSIGN_OR_RETURN(auto page, tx.petitions().List(PetitionFilter{.number = "520102-2026-000007"}));
        EXPECT_EQ(page.items.size(), 1u);
        if (!page.items.empty()) {
            SCOPED_TRACE("List");
            ExpectSamePetition(page.items[0], want);
        }
        return Ok();
    }));
}

TEST_P(StoreContract, PetitionFindByNumberAndQueryCode) {
    World w;
    ASSERT_NO_FATAL_FAILURE(SeedWorld(store(), w));
    ASSERT_OK(store().Read([&](Transaction& tx) -> Status {
        XF_ASSIGN_OR_RETURN(auto a, tx.petitions().FindByNumber("N-3"));
        EXPECT_TRUE(a.has_value());
        if (a) {
            EXPECT_EQ(a->id, w.c3.id);
        }
        XF_ASSIGN_OR_RETURN(auto b, tx.petitions().FindByQueryCode("QN-2"));
        EXPECT_TRUE(b.has_value());
        if (b) {
            EXPECT_EQ(b->id, w.c2.id);
        }
        XF_ASSIGN_OR_RETURN(auto c, tx.petitions().FindByNumber("QN-2"));  // a query code is not a number
        EXPECT_FALSE(c.has_value());
        XF_ASSIGN_OR_RETURN(auto d, tx.petitions().FindByQueryCode("N-2"));
        EXPECT_FALSE(d.has_value());
        XF_ASSIGN_OR_RETURN(auto e, tx.petitions().Get(w.c1.id + w.c2.id + w.c3.id + w.c4.id + 100));
        EXPECT_FALSE(e.has_value());
        return Ok();
    }));
}

TEST_P(StoreContract, PetitionDuplicateNumberIsAlreadyExists) {
    World w;
    ASSERT_NO_FATAL_FAILURE(SeedWorld(store(), w));
    Petition dup = MakeCase("N-2", At(2026, 3, 9, 9), w.countyA.id, w.countyA.id);
    dup.query_code = "a-fresh-query-code";
    Result<Petition> r;
    Status s = store().Write([&](Transaction& tx) -> Status {
        r = tx.petitions().Insert(dup);
        return r ? Ok() : Fail(r.error());
    });
    EXPECT_EQ(CodeOf(r), NameOf(ErrorCode::kAlreadyExists));
    if (!r) {
        EXPECT_EQ(r.error().field, "number");
    }
    EXPECT_EQ(CodeOf(s), NameOf(ErrorCode::kAlreadyExists));
    EXPECT_EQ(Numbers(store(), {}), V({"N-1", "N-2", "N-3", "N-4"}));
    auto c2 = GetCase(store(), w.c2.id);
    ASSERT_TRUE(c2.has_value());
    EXPECT_EQ(c2->title, "标题 N-2");
}

TEST_P(StoreContract, PetitionUpdateWithCurrentVersionBumpsIt) {
    World w;
    ASSERT_NO_FATAL_FAILURE(SeedWorld(store(), w));
    auto before = GetCase(store(), w.c2.id);
    ASSERT_TRUE(before.has_value());
    ASSERT_EQ(before->version, 1);

    Petition edit = *before;
    edit.title = "改过的标题";
    edit.state = State::kReplied;
    edit.replied_on = D(2026, 4, 1);
    edit.remind_count = 3;
    Petition v2;
    ASSERT_OK(store().Write([&](Transaction& tx) -> Status {
        XF_ASSIGN_OR_RETURN(v2, tx.petitions().Update(edit));
        return Ok();
    }));
    EXPECT_EQ(v2.version, 2);
    EXPECT_EQ(v2.id, w.c2.id);

    auto after = GetCase(store(), w.c2.id);
    ASSERT_TRUE(after.has_value());
    Petition want = edit;
    want.version = 2;
    ExpectSamePetition(*after, want);

    Petition again = *after;
    again.supervise_count = 1;
    Petition v3;
    ASSERT_OK(store().Write([&](Transaction& tx) -> Status {
        XF_ASSIGN_OR_RETURN(v3, tx.petitions().Update(again));
        return Ok();
    }));
    EXPECT_EQ(v3.version, 3);
    auto last = GetCase(store(), w.c2.id);
    ASSERT_TRUE(last.has_value());
    EXPECT_EQ(last->version, 3);
    EXPECT_EQ(last->supervise_count, 1);
}

TEST_P(StoreContract, PetitionUpdateWithStaleVersionIsAbortedAndChangesNothing) {
    World w;
    ASSERT_NO_FATAL_FAILURE(SeedWorld(store(), w));
    auto v1 = GetCase(store(), w.c4.id);
    ASSERT_TRUE(v1.has_value());
    Petition first = *v1;
    first.title = "第一次修改";
    ASSERT_OK(store().Write([&](Transaction& tx) -> Status { return Drop(tx.petitions().Update(first)); }));

    // A second writer still holding version 1: moves the case to another org and closes it.
    Petition stale = *v1;
    stale.title = "过期的修改";
    stale.state = State::kConcluded;
    stale.current_org_id = w.townB.id;
    Result<Petition> r;
    // The work carries on after the conflict (and commits): the repository itself must have changed nothing.
    ASSERT_OK(store().Write([&](Transaction& tx) -> Status {
        r = tx.petitions().Update(stale);
        return Ok();
    }));
    EXPECT_EQ(CodeOf(r), NameOf(ErrorCode::kAborted));

    auto now = GetCase(store(), w.c4.id);
    ASSERT_TRUE(now.has_value());
    EXPECT_EQ(now->version, 2);
    EXPECT_EQ(now->title, "第一次修改");
    EXPECT_EQ(StateName(now->state), StateName(State::kForwarded));
    EXPECT_EQ(now->current_org_id, w.countyA.id);
    EXPECT_EQ(Numbers(store(), {.current_org_id = w.townB.id}), V({}));
    EXPECT_EQ(Numbers(store(), {.state = State::kConcluded}), V({"N-3"}));
    EXPECT_EQ(Numbers(store(), {.scope_org_path = w.townB.path}), V({}));
}

// The indexed copies of a case's fields must follow every Update, not only the workflow's usual changes.
TEST_P(StoreContract, PetitionUpdateRefreshesEveryFilteredField) {
    World w;
    ASSERT_NO_FATAL_FAILURE(SeedWorld(store(), w));
    auto c2 = GetCase(store(), w.c2.id);
    ASSERT_TRUE(c2.has_value());
    Petition edit = *c2;
    edit.purpose = Purpose::kAccusation;  // corrected at registration review: it is an accusation against deptA
    edit.accused_org_id = w.deptA.id;
    edit.channel = Channel::kFax;
    edit.category_code = "9901";
    edit.region_code = "529999";
    edit.state = State::kHearing;
    edit.received_at = At(2026, 3, 6, 8);  // the registrar corrects the date of receipt
    ASSERT_OK(store().Write([&](Transaction& tx) -> Status { return Drop(tx.petitions().Update(edit)); }));

    EXPECT_EQ(Numbers(store(), {.purpose = Purpose::kAccusation}), V({"N-2", "N-3", "N-4"}));
    EXPECT_EQ(Numbers(store(), {.purpose = Purpose::kSuggestion}), V({}));
    EXPECT_EQ(Numbers(store(), {.channel = Channel::kFax}), V({"N-2"}));
    EXPECT_EQ(Numbers(store(), {.channel = Channel::kVisit}), V({}));
    EXPECT_EQ(Numbers(store(), {.category_prefix = "99"}), V({"N-2"}));
    EXPECT_EQ(Numbers(store(), {.region_prefix = "5299"}), V({"N-2"}));
    EXPECT_EQ(Numbers(store(), {.state = State::kHearing}), V({"N-2"}));
    EXPECT_EQ(Numbers(store(), {.received_from = D(2026, 3, 6)}), V({"N-2"}));
    EXPECT_EQ(Numbers(store(), {.received_to = D(2026, 3, 2)}), V({"N-1"}));
    // Newest first follows the corrected date (and the cursor built from it).
    PetitionPage first;
    ASSERT_OK(store().Read([&](Transaction& tx) -> Status {
        XF_ASSIGN_OR_RETURN(first, tx.petitions().List({.limit = 1}));
        return Ok();
    }));
    ASSERT_EQ(first.items.size(), 1u);
    EXPECT_EQ(first.items[0].number, "N-2");
    // Art. 30 ¶3: now an accusation against deptA, it must be hidden from deptA.
    EXPECT_EQ(Numbers(store(), {.exclude_accused_path = w.deptA.path}), V({"N-1", "N-4"}));
}

// =================================================================================================================
// Petitions: list filters
// =================================================================================================================

TEST_P(StoreContract, ListFiltersStateAndOpenOnly) {
    World w;
    ASSERT_NO_FATAL_FAILURE(SeedWorld(store(), w));
    EXPECT_EQ(Numbers(store(), {}), V({"N-1", "N-2", "N-3", "N-4"}));
    EXPECT_EQ(Numbers(store(), {.state = State::kForwarded}), V({"N-1", "N-4"}));
    EXPECT_EQ(Numbers(store(), {.state = State::kAccepted}), V({"N-2"}));
    EXPECT_EQ(Numbers(store(), {.state = State::kRegistered}), V({}));  // N-1 left it on Update
    EXPECT_EQ(Numbers(store(), {.open_only = true}), V({"N-1", "N-2", "N-4"}));
    EXPECT_EQ(Numbers(store(), {.state = State::kConcluded, .open_only = true}), V({}));
    EXPECT_EQ(Numbers(store(), {.number = "N-3"}), V({"N-3"}));
}

TEST_P(StoreContract, ListFiltersChannelAndPurpose) {
    World w;
    ASSERT_NO_FATAL_FAILURE(SeedWorld(store(), w));
    EXPECT_EQ(Numbers(store(), {.channel = Channel::kVisit}), V({"N-2"}));
    EXPECT_EQ(Numbers(store(), {.channel = Channel::kOnline}), V({"N-3"}));
    EXPECT_EQ(Numbers(store(), {.channel = Channel::kHotline12345}), V({}));
    EXPECT_EQ(Numbers(store(), {.purpose = Purpose::kAccusation}), V({"N-3", "N-4"}));
    EXPECT_EQ(Numbers(store(), {.purpose = Purpose::kComplaint}), V({"N-1"}));
    EXPECT_EQ(Numbers(store(), {.open_only = true, .purpose = Purpose::kAccusation}), V({"N-4"}));
}

TEST_P(StoreContract, ListFiltersCategoryAndRegionPrefix) {
    World w;
    ASSERT_NO_FATAL_FAILURE(SeedWorld(store(), w));
    EXPECT_EQ(Numbers(store(), {.category_prefix = "04"}), V({"N-1", "N-3"}));
    EXPECT_EQ(Numbers(store(), {.category_prefix = "0402"}), V({"N-1"}));
    EXPECT_EQ(Numbers(store(), {.category_prefix = "12"}), V({"N-4"}));
    EXPECT_EQ(Numbers(store(), {.category_prefix = "4"}), V({}));   // a prefix, not a substring
    EXPECT_EQ(Numbers(store(), {.category_prefix = "0_"}), V({}));  // wildcards are literal
    EXPECT_EQ(Numbers(store(), {.category_prefix = "%"}), V({}));
    EXPECT_EQ(Numbers(store(), {.region_prefix = "5201"}), V({"N-1", "N-2", "N-4"}));
    EXPECT_EQ(Numbers(store(), {.region_prefix = "520102"}), V({"N-1", "N-4"}));
    EXPECT_EQ(Numbers(store(), {.region_prefix = "5202"}), V({"N-3"}));
    EXPECT_EQ(Numbers(store(), {.category_prefix = "04", .region_prefix = "5202"}), V({"N-3"}));
}

TEST_P(StoreContract, ListFiltersReceivedDatesInclusiveInChinaTime) {
    World w;
    ASSERT_NO_FATAL_FAILURE(SeedWorld(store(), w));
    // N-2 arrived 03-02 23:30 and N-3 03-03 00:30 China time — both on 03-02 in UTC.
    EXPECT_EQ(Numbers(store(), {.received_from = D(2026, 3, 2), .received_to = D(2026, 3, 2)}), V({"N-2"}));
    EXPECT_EQ(Numbers(store(), {.received_from = D(2026, 3, 3), .received_to = D(2026, 3, 3)}), V({"N-3"}));
    EXPECT_EQ(Numbers(store(), {.received_from = D(2026, 3, 3)}), V({"N-3", "N-4"}));
    EXPECT_EQ(Numbers(store(), {.received_to = D(2026, 3, 1)}), V({"N-1"}));
    EXPECT_EQ(Numbers(store(), {.received_from = D(2026, 3, 1), .received_to = D(2026, 3, 3)}),
              V({"N-1", "N-2", "N-3"}));
    EXPECT_EQ(Numbers(store(), {.received_from = D(2026, 3, 5)}), V({}));
    EXPECT_EQ(Numbers(store(), {.received_to = D(2026, 2, 28)}), V({}));
}

TEST_P(StoreContract, ListFiltersDueBeforeUsesEarliestRunningDutyClock) {
    World w;
    ASSERT_NO_FATAL_FAILURE(SeedWorld(store(), w));
    // Next duty dues: N-1 03-20 (after its Update), N-2 05-01, N-3 none, N-4 03-10.
    EXPECT_EQ(Numbers(store(), {.due_before = D(2026, 3, 9)}), V({}));
    EXPECT_EQ(Numbers(store(), {.due_before = D(2026, 3, 10)}), V({"N-4"}));  // on or before
    EXPECT_EQ(Numbers(store(), {.due_before = D(2026, 3, 19)}), V({"N-4"}));  // N-1's stopped route (03-16) is gone
    EXPECT_EQ(Numbers(store(), {.due_before = D(2026, 3, 20)}), V({"N-1", "N-4"}));
    EXPECT_EQ(Numbers(store(), {.due_before = D(2026, 4, 30)}), V({"N-1", "N-4"}));
    EXPECT_EQ(Numbers(store(), {.due_before = D(2026, 5, 1)}), V({"N-1", "N-2", "N-4"}));
    EXPECT_EQ(Numbers(store(), {.due_before = D(2027, 1, 1)}), V({"N-1", "N-2", "N-4"}));
    // A window: due on or after `due_from` and on or before `due_before`.
    EXPECT_EQ(Numbers(store(), {.due_before = D(2026, 3, 20), .due_from = D(2026, 3, 11)}), V({"N-1"}));
    EXPECT_EQ(Numbers(store(), {.due_before = D(2026, 5, 1), .due_from = D(2026, 3, 10)}), V({"N-1", "N-2", "N-4"}));

    // Stopping N-4's acceptance clock leaves only the paused handling clock: no duty due.
    auto c4 = GetCase(store(), w.c4.id);
    ASSERT_TRUE(c4.has_value());
    ASSERT_EQ(c4->clocks.size(), 2u);
    c4->clocks[1].stopped_on = D(2026, 3, 6);
    ASSERT_FALSE(c4->NextDutyDue().has_value());
    ASSERT_OK(store().Write([&](Transaction& tx) -> Status { return Drop(tx.petitions().Update(*c4)); }));
    EXPECT_EQ(Numbers(store(), {.due_before = D(2027, 1, 1)}), V({"N-1", "N-2"}));
}

TEST_P(StoreContract, ListFiltersCurrentOrg) {
    World w;
    ASSERT_NO_FATAL_FAILURE(SeedWorld(store(), w));
    EXPECT_EQ(Numbers(store(), {.current_org_id = w.countyB.id}), V({"N-1", "N-3"}));
    EXPECT_EQ(Numbers(store(), {.current_org_id = w.countyA.id}), V({"N-4"}));
    EXPECT_EQ(Numbers(store(), {.current_org_id = w.deptA.id}), V({"N-2"}));
    EXPECT_EQ(Numbers(store(), {.current_org_id = w.city.id}), V({}));
}

TEST_P(StoreContract, ListScopeByOrgPathOrgIdAndUser) {
    World w;
    ASSERT_NO_FATAL_FAILURE(SeedWorld(store(), w));
    // Subtree: any involved org under the path.
    EXPECT_EQ(Numbers(store(), {.scope_org_path = w.prov.path}), V({"N-1", "N-2", "N-3", "N-4"}));
    EXPECT_EQ(Numbers(store(), {.scope_org_path = w.city.path}), V({"N-1", "N-2", "N-3", "N-4"}));
    EXPECT_EQ(Numbers(store(), {.scope_org_path = w.countyA.path}), V({"N-1", "N-2", "N-4"}));
    EXPECT_EQ(Numbers(store(), {.scope_org_path = w.deptA.path}), V({"N-2"}));  // the accused is not involved
    EXPECT_EQ(Numbers(store(), {.scope_org_path = w.countyB.path}), V({"N-1", "N-3"}));  // N-1 via its Update
    EXPECT_EQ(Numbers(store(), {.scope_org_path = w.townB.path}), V({}));
    // Exactly this org.
    EXPECT_EQ(Numbers(store(), {.scope_org_id = w.countyA.id}), V({"N-1", "N-2", "N-4"}));
    EXPECT_EQ(Numbers(store(), {.scope_org_id = w.deptA.id}), V({"N-2"}));  // held it since Insert (current org)
    EXPECT_EQ(Numbers(store(), {.scope_org_id = w.countyB.id}), V({"N-1", "N-3"}));
    EXPECT_EQ(Numbers(store(), {.scope_org_id = w.city.id}), V({}));
    // Registered by or acted on by this user.
    EXPECT_EQ(Numbers(store(), {.scope_user_id = w.reg.id}), V({"N-1", "N-2", "N-4"}));
    EXPECT_EQ(Numbers(store(), {.scope_user_id = w.handler.id}), V({"N-3"}));  // via a staff event
    EXPECT_EQ(Numbers(store(), {.scope_user_id = w.other.id}), V({}));
    // Combined with query filters.
    EXPECT_EQ(Numbers(store(), {.scope_org_path = w.countyA.path, .state = State::kForwarded}), V({"N-1", "N-4"}));
    EXPECT_EQ(Numbers(store(), {.scope_org_id = w.countyB.id, .open_only = true}), V({"N-1"}));
}

TEST_P(StoreContract, ListExcludeAccusedPathHidesAccusationsFromTheAccusedSubtree) {
    World w;
    ASSERT_NO_FATAL_FAILURE(SeedWorld(store(), w));
    // N-4 accuses countyB: hidden from countyB and below. N-1 names countyB too but is a complaint: stays.
    EXPECT_EQ(Numbers(store(), {.exclude_accused_path = w.countyB.path}), V({"N-1", "N-2", "N-3"}));
    EXPECT_EQ(Numbers(store(), {.exclude_accused_path = w.townB.path}), V({"N-1", "N-2", "N-3"}));
    // N-3 accuses deptA: hidden from deptA only.
    EXPECT_EQ(Numbers(store(), {.exclude_accused_path = w.deptA.path}), V({"N-1", "N-2", "N-4"}));
    // Viewers outside (or above) the accused orgs see everything.
    EXPECT_EQ(Numbers(store(), {.exclude_accused_path = w.countyA.path}), V({"N-1", "N-2", "N-3", "N-4"}));
    EXPECT_EQ(Numbers(store(), {.exclude_accused_path = w.city.path}), V({"N-1", "N-2", "N-3", "N-4"}));
    // With a scope: countyB's subtree-scoped viewer sees N-1 and N-3 but never N-4 (not involved anyway).
    EXPECT_EQ(Numbers(store(), {.scope_org_path = w.countyB.path, .exclude_accused_path = w.countyB.path}),
              V({"N-1", "N-3"}));
    // A city viewer looking into countyA's cases from inside deptA's subtree: N-3 stays out of sight.
    EXPECT_EQ(Numbers(store(), {.scope_org_path = w.city.path, .exclude_accused_path = w.deptA.path,
                                .purpose = Purpose::kAccusation}),
              V({"N-4"}));
}

TEST_P(StoreContract, CountAgreesWithListAndIgnoresLimit) {
    World w;
    ASSERT_NO_FATAL_FAILURE(SeedWorld(store(), w));
    std::vector<PetitionFilter> filters{
        {},
        {.open_only = true},
        {.purpose = Purpose::kAccusation},
        {.scope_org_path = w.countyA.path},
        {.scope_user_id = w.reg.id, .exclude_accused_path = w.countyB.path},
        {.category_prefix = "04", .received_to = D(2026, 3, 2)},
        {.state = State::kFinal},
    };
    for (size_t i = 0; i < filters.size(); ++i) {
        SCOPED_TRACE("filter #" + std::to_string(i));
        PetitionFilter f = filters[i];
        f.limit = 500;
        PetitionPage page;
        int64_t count = -1, count_limited = -1;
        ASSERT_OK(store().Read([&](Transaction& tx) -> Status {
            XF_ASSIGN_OR_RETURN(page, tx.petitions().List(f));
            XF_ASSIGN_OR_RETURN(count, tx.petitions().Count(f));
            PetitionFilter limited = f;
            limited.limit = 1;
            XF_ASSIGN_OR_RETURN(count_limited, tx.petitions().Count(limited));
            return Ok();
        }));
        EXPECT_EQ(count, static_cast<int64_t>(page.items.size()));
        EXPECT_EQ(count_limited, count) << "Count counts every match, whatever the page size";
    }
}

// =================================================================================================================
// Petitions: pagination and OpenCaseIds
// =================================================================================================================

TEST_P(StoreContract, KeysetPaginationNewestFirstVisitsEachCaseOnce) {
    Org o;
    std::vector<Petition> cases;
    ASSERT_OK(store().Write([&](Transaction& tx) -> Status {
        XF_ASSIGN_OR_RETURN(o, tx.orgs().Insert(MakeOrg("o", std::nullopt)));
        const Instant t0 = At(2026, 3, 1, 9);
        // Two cases share one instant: the id breaks the tie. Inserted out of time order on purpose.
        const Instant times[] = {t0 + 2h, t0, t0 + 3h, t0 + 2h, t0 + 1h};
        for (int i = 0; i < 5; ++i) {
            Petition p = MakeCase("P-" + std::to_string(i), times[i], o.id, o.id);
            if (i == 1 || i == 3) p.state = State::kConcluded;
            XF_ASSIGN_OR_RETURN(Petition got, tx.petitions().Insert(p));
            cases.push_back(got);
        }
        return Ok();
    }));
    auto newest_first = [](std::vector<Petition> v) {
        std::sort(v.begin(), v.end(), [](const Petition& a, const Petition& b) {
            return std::pair(a.received_at, a.id) > std::pair(b.received_at, b.id);
        });
        std::vector<int64_t> ids;
        for (const auto& p : v) ids.push_back(p.id);
        return ids;
    };

    auto walk = [&](PetitionFilter f, std::vector<size_t>* page_sizes) {
        std::vector<int64_t> seen;
        for (int guard = 0; guard < 10; ++guard) {
            PetitionPage page;
            EXPECT_OK(store().Read([&](Transaction& tx) -> Status {
                XF_ASSIGN_OR_RETURN(page, tx.petitions().List(f));
                return Ok();
            }));
            page_sizes->push_back(page.items.size());
            for (const auto& p : page.items) seen.push_back(p.id);
            if (!page.next) break;
            EXPECT_FALSE(page.items.empty());
            if (!page.items.empty()) {
                EXPECT_EQ(page.next->second, page.items.back().id) << "the cursor is the last item of the page";
                EXPECT_EQ(S(page.next->first), S(page.items.back().received_at));
            }
            f.after = page.next;
        }
        return seen;
    };

    std::vector<size_t> sizes;
    auto seen = walk(PetitionFilter{.limit = 2}, &sizes);
    EXPECT_EQ(seen, newest_first(cases));
    EXPECT_EQ(sizes, (std::vector<size_t>{2, 2, 1}));
    EXPECT_EQ(std::set<int64_t>(seen.begin(), seen.end()).size(), 5u);

    // With a filter: the three open cases, newest first.
    std::vector<Petition> open;
    for (const auto& p : cases)
        if (!IsClosed(p.state)) open.push_back(p);
    sizes.clear();
    EXPECT_EQ(walk(PetitionFilter{.open_only = true, .limit = 2}, &sizes), newest_first(open));
    EXPECT_EQ(sizes, (std::vector<size_t>{2, 1}));

    // A page that holds exactly the rest offers no next cursor.
    sizes.clear();
    EXPECT_EQ(walk(PetitionFilter{.limit = 5}, &sizes), newest_first(cases));
    EXPECT_EQ(sizes, (std::vector<size_t>{5}));
}

TEST_P(StoreContract, CaseIdsOfOrgPagesTheCasesAnOrgHeldById) {
    Org a, b, c;
    std::vector<int64_t> ids;
    ASSERT_OK(store().Write([&](Transaction& tx) -> Status {
        XF_ASSIGN_OR_RETURN(a, tx.orgs().Insert(MakeOrg("a", std::nullopt)));
        XF_ASSIGN_OR_RETURN(b, tx.orgs().Insert(MakeOrg("b", a.id)));
        XF_ASSIGN_OR_RETURN(c, tx.orgs().Insert(MakeOrg("c", a.id)));
        // Registered at: a, a (held by b), c, b, a (closed: still a's), c.
        const std::pair<int64_t, int64_t> where[] = {{a.id, a.id}, {a.id, b.id}, {c.id, c.id},
                                                     {b.id, b.id}, {a.id, a.id}, {c.id, c.id}};
        for (int i = 0; i < 6; ++i) {
            Petition p = MakeCase("G-" + std::to_string(i), At(2026, 3, 1, i), where[i].first, where[i].second);
            if (i == 4) p.state = State::kConcluded;
            XF_ASSIGN_OR_RETURN(Petition got, tx.petitions().Insert(p));
            ids.push_back(got.id);
        }
        return Ok();
    }));
    auto page = [&](int64_t org, int64_t after, int limit) {
        std::vector<int64_t> out;
        EXPECT_OK(store().Read([&](Transaction& tx) -> Status {
            XF_ASSIGN_OR_RETURN(out, tx.petitions().CaseIdsOfOrg(org, after, limit));
            return Ok();
        }));
        return out;
    };
    using Ids = std::vector<int64_t>;
    EXPECT_EQ(page(a.id, 0, 100), Sorted({ids[0], ids[1], ids[4]}));
    EXPECT_EQ(page(b.id, 0, 100), Sorted({ids[1], ids[3]}));
    EXPECT_EQ(page(c.id, 0, 100), Sorted({ids[2], ids[5]}));  // a subordinate's cases are not its parent's
    EXPECT_EQ(page(a.id, 0, 2), (Ids{ids[0], ids[1]}));
    EXPECT_EQ(page(a.id, ids[1], 2), (Ids{ids[4]}));
    EXPECT_EQ(page(a.id, ids[4], 2), Ids{});
    EXPECT_EQ(page(c.id + 1000, 0, 100), Ids{});  // no such org

    // Moving a case to b makes it b's too, and it stays c's.
    auto moved = GetCase(store(), ids[2]);
    ASSERT_TRUE(moved.has_value());
    moved->current_org_id = b.id;
    ASSERT_OK(store().Write([&](Transaction& tx) -> Status { return Drop(tx.petitions().Update(*moved)); }));
    EXPECT_EQ(page(b.id, 0, 100), Sorted({ids[1], ids[2], ids[3]}));
    EXPECT_EQ(page(c.id, 0, 100), Sorted({ids[2], ids[5]}));
}

TEST_P(StoreContract, OpenCaseIdsPagesOnlyOpenCasesById) {
    std::vector<int64_t> ids;
    const State states[] = {State::kRegistered, State::kConcluded,   State::kAccepted, State::kFinal,
                            State::kHearing,    State::kNotAccepted, State::kReplied,  State::kTransferred};
    ASSERT_OK(store().Write([&](Transaction& tx) -> Status {
        XF_ASSIGN_OR_RETURN(Org o, tx.orgs().Insert(MakeOrg("o", std::nullopt)));
        for (int i = 0; i < 8; ++i) {
            Petition p = MakeCase("O-" + std::to_string(i), At(2026, 3, 1, i), o.id, o.id);
            p.state = states[i];
            XF_ASSIGN_OR_RETURN(Petition got, tx.petitions().Insert(p));
            ids.push_back(got.id);
        }
        return Ok();
    }));
    std::vector<int64_t> open = Sorted({ids[0], ids[2], ids[4], ids[6]});

    auto page = [&](int64_t after, int limit) {
        std::vector<int64_t> out;
        EXPECT_OK(store().Read([&](Transaction& tx) -> Status {
            XF_ASSIGN_OR_RETURN(out, tx.petitions().OpenCaseIds(after, limit));
            return Ok();
        }));
        return out;
    };
    EXPECT_EQ(page(0, 100), open);
    EXPECT_EQ(page(0, 3), (std::vector<int64_t>{open[0], open[1], open[2]}));
    EXPECT_EQ(page(open[2], 3), (std::vector<int64_t>{open[3]}));
    EXPECT_EQ(page(open[3], 3), (std::vector<int64_t>{}));

    // Closing a case takes it out.
    auto c = GetCase(store(), open[1]);
    ASSERT_TRUE(c.has_value());
    c->state = State::kConcluded;
    ASSERT_OK(store().Write([&](Transaction& tx) -> Status { return Drop(tx.petitions().Update(*c)); }));
    EXPECT_EQ(page(0, 100), (std::vector<int64_t>{open[0], open[2], open[3]}));
    EXPECT_EQ(page(0, 1), (std::vector<int64_t>{open[0]}));
    EXPECT_EQ(page(open[0], 1), (std::vector<int64_t>{open[2]}));
}

// =================================================================================================================
// Events and access facts
// =================================================================================================================

TEST_P(StoreContract, EventsAppendAndListInOrderWithAllFields) {
    World w;
    ASSERT_NO_FATAL_FAILURE(SeedWorld(store(), w));
    std::vector<Event> want;
    Event e1;
    e1.petition_id = w.c2.id;
    e1.at = At(2026, 3, 2, 23, 31);
    e1.action = "register";
    e1.actor_user_id = w.reg.id;
    e1.actor_kind = "staff";
    e1.org_id = w.countyA.id;
    e1.public_text = "您的信访事项已登记";
    e1.detail_json = "{}";
    e1.is_public = true;
    Event e2 = e1;
    e2.at = At(2026, 3, 3, 9);
    e2.action = "forward";
    e2.target_org_id = w.deptA.id;
    e2.public_text = "已转送县人社局办理";
    e2.internal_note = "请重点核查\n工资台账";
    e2.detail_json = R"({"to":"deptA","note":"含\"引号\""})";
    Event e3 = e1;
    e3.at = At(2026, 3, 3, 9, 5);
    e3.action = "note";
    e3.actor_user_id = w.handler.id;
    e3.org_id = w.deptA.id;
    e3.public_text = "";
    e3.internal_note = "仅内部可见";
    e3.is_public = false;
    Event elsewhere = e1;
    elsewhere.petition_id = w.c4.id;

    ASSERT_OK(store().Write([&](Transaction& tx) -> Status {
        for (Event* e : {&e1, &elsewhere, &e2}) {
            XF_ASSIGN_OR_RETURN(Event got, tx.petitions().AppendEvent(*e));
            e->id = got.id;
        }
        return Ok();
    }));
    ASSERT_OK(store().Write([&](Transaction& tx) -> Status {
        XF_ASSIGN_OR_RETURN(Event got, tx.petitions().AppendEvent(e3));
        e3.id = got.id;
        return Ok();
    }));
    EXPECT_GT(e1.id, 0);
    EXPECT_LT(e1.id, e2.id);
    EXPECT_LT(e2.id, e3.id);

    std::vector<Event> got;
    ASSERT_OK(store().Read([&](Transaction& tx) -> Status {
        XF_ASSIGN_OR_RETURN(got, tx.petitions().Events(w.c2.id));
        return Ok();
    }));
    want = {e1, e2, e3};
    ASSERT_EQ(got.size(), want.size());
    for (size_t i = 0; i < got.size(); ++i) {
        SCOPED_TRACE("event " + std::to_string(i));
        EXPECT_EQ(got[i].id, want[i].id);
        EXPECT_EQ(got[i].petition_id, want[i].petition_id);
        EXPECT_EQ(S(got[i].at), S(want[i].at));
        EXPECT_EQ(got[i].action, want[i].action);
        EXPECT_EQ(got[i].actor_user_id, want[i].actor_user_id);
        EXPECT_EQ(got[i].actor_kind, want[i].actor_kind);
        EXPECT_EQ(got[i].org_id, want[i].org_id);
        EXPECT_EQ(got[i].target_org_id, want[i].target_org_id);
        EXPECT_EQ(got[i].public_text, want[i].public_text);
        EXPECT_EQ(got[i].internal_note, want[i].internal_note);
        EXPECT_EQ(got[i].detail_json, want[i].detail_json);
        EXPECT_EQ(got[i].is_public, want[i].is_public);
    }
    ASSERT_OK(store().Read([&](Transaction& tx) -> Status {
        XF_ASSIGN_OR_RETURN(auto none, tx.petitions().Events(w.c1.id));
        EXPECT_TRUE(none.empty());
        return Ok();
    }));
}

TEST_P(StoreContract, AccessFactsReturnInvolvedOrgsUsersAndAccusedOrg) {
    World w;
    ASSERT_NO_FATAL_FAILURE(SeedWorld(store(), w));
    CaseAccessFacts f1, f2, f3, f4;
    ASSERT_OK(store().Read([&](Transaction& tx) -> Status {
        XF_ASSIGN_OR_RETURN(f1, tx.petitions().AccessFacts(w.c1.id));
        XF_ASSIGN_OR_RETURN(f2, tx.petitions().AccessFacts(w.c2.id));
        XF_ASSIGN_OR_RETURN(f3, tx.petitions().AccessFacts(w.c3.id));
        XF_ASSIGN_OR_RETURN(f4, tx.petitions().AccessFacts(w.c4.id));
        return Ok();
    }));
    // N-1: registered at countyA by reg, then moved to countyB; names countyB as accused.
    EXPECT_EQ(SortedIds(f1.involved_orgs), Sorted({w.countyA.id, w.countyB.id}));
    EXPECT_EQ(Sorted(f1.involved_users), Sorted({w.reg.id}));
    ASSERT_TRUE(f1.accused_org.has_value());
    EXPECT_EQ(f1.accused_org->id, w.countyB.id);
    EXPECT_EQ(f1.accused_org->path, w.countyB.path);
    EXPECT_EQ(f1.accused_org->code, "countyB");
    // N-2: registered at countyA, held by deptA from the start; no accused org.
    EXPECT_EQ(SortedIds(f2.involved_orgs), Sorted({w.countyA.id, w.deptA.id}));
    EXPECT_EQ(Sorted(f2.involved_users), Sorted({w.reg.id}));
    EXPECT_FALSE(f2.accused_org.has_value());
    // N-3: self-submitted online (no registering user); handler acted on it.
    EXPECT_EQ(SortedIds(f3.involved_orgs), Sorted({w.countyB.id}));
    EXPECT_EQ(Sorted(f3.involved_users), Sorted({w.handler.id}));
    ASSERT_TRUE(f3.accused_org.has_value());
    EXPECT_EQ(f3.accused_org->id, w.deptA.id);
    EXPECT_EQ(f3.accused_org->path, w.deptA.path);
    // N-4.
    EXPECT_EQ(SortedIds(f4.involved_orgs), Sorted({w.countyA.id}));
    ASSERT_TRUE(f4.accused_org.has_value());
    EXPECT_EQ(f4.accused_org->id, w.countyB.id);
    // Involved orgs carry their paths (the access rules test subtrees with them).
    for (const auto& o : f1.involved_orgs) EXPECT_EQ(o.path, o.id == w.countyA.id ? w.countyA.path : w.countyB.path);

    // Acting again changes nothing twice; a new staff actor and a new holder are added.
    ASSERT_OK(store().Write([&](Transaction& tx) -> Status {
        Event e;
        e.petition_id = w.c4.id;
        e.at = At(2026, 3, 5, 9);
        e.action = "remind";
        e.actor_user_id = w.reg.id;
        e.actor_kind = "staff";
        e.org_id = w.countyA.id;
        XF_TRY(tx.petitions().AppendEvent(e));
        e.actor_user_id = w.other.id;
        e.org_id = w.countyB.id;
        XF_TRY(tx.petitions().AppendEvent(e));
        XF_ASSIGN_OR_RETURN(auto c4, tx.petitions().Get(w.c4.id));
        if (!c4) return Fail(Error::NotFound("N-4"));
        c4->current_org_id = w.city.id;
        XF_TRY(tx.petitions().Update(*c4));
        return Ok();
    }));
    ASSERT_OK(store().Read([&](Transaction& tx) -> Status {
        XF_ASSIGN_OR_RETURN(f4, tx.petitions().AccessFacts(w.c4.id));
        return Ok();
    }));
    EXPECT_EQ(SortedIds(f4.involved_orgs), Sorted({w.city.id, w.countyA.id}));
    EXPECT_EQ(Sorted(f4.involved_users), Sorted({w.reg.id, w.other.id}));
}

// =================================================================================================================
// Sequences, audit, settings
// =================================================================================================================

TEST_P(StoreContract, NextSequenceIsIndependentPerNameAndMonotonic) {
    std::vector<int64_t> a, b;
    ASSERT_OK(store().Write([&](Transaction& tx) -> Status {
        for (int i = 0; i < 3; ++i) {
            XF_ASSIGN_OR_RETURN(int64_t v, tx.petitions().NextSequence("number:520102:2026"));
            a.push_back(v);
        }
        XF_ASSIGN_OR_RETURN(int64_t v, tx.petitions().NextSequence("number:520103:2026"));
        b.push_back(v);
        return Ok();
    }));
    ASSERT_OK(store().Write([&](Transaction& tx) -> Status {
        XF_ASSIGN_OR_RETURN(int64_t v, tx.petitions().NextSequence("number:520102:2026"));
        a.push_back(v);
        XF_ASSIGN_OR_RETURN(v, tx.petitions().NextSequence("number:520103:2026"));
        b.push_back(v);
        return Ok();
    }));
    EXPECT_EQ(a, (std::vector<int64_t>{1, 2, 3, 4}));
    EXPECT_EQ(b, (std::vector<int64_t>{1, 2}));
}

TEST_P(StoreContract, AuditAppendListNewestFirstFilteredByObject) {
    auto rec = [](int minute, std::string action, std::string type, std::string id) {
        AuditRecord r;
        r.at = At(2026, 3, 10, 9, minute);
        r.actor_user_id = 7;
        r.actor_kind = "staff";
        r.action = std::move(action);
        r.object_type = std::move(type);
        r.object_id = std::move(id);
        r.detail_json = R"({"k":"v"})";
        r.request_id = "req-" + std::to_string(minute);
        r.remote_addr = "10.0.0." + std::to_string(minute);
        return r;
    };
    const std::vector<AuditRecord> records{
        rec(1, "petition.register", "petition", "1"),
        rec(2, "session.login", "user", "7"),
        rec(3, "petitioner.reveal", "petition", "1"),
        rec(4, "petition.forward", "petition", "2"),
    };
    ASSERT_OK(store().Write([&](Transaction& tx) -> Status {
        for (const auto& r : records) XF_TRY(tx.audit().Append(r));
        return Ok();
    }));
    auto actions = [](const std::vector<AuditRecord>& rs) {
        std::vector<std::string> out;
        for (const auto& r : rs) out.push_back(r.action);
        return out;
    };
    ASSERT_OK(store().Read([&](Transaction& tx) -> Status {
        XF_ASSIGN_OR_RETURN(auto all, tx.audit().List({}));
        EXPECT_EQ(actions(all),
                  V({"petition.forward", "petitioner.reveal", "session.login", "petition.register"}));
        if (all.size() == 4) {
            const auto& r = all[1];  // records[2]
            EXPECT_GT(r.id, 0);
            EXPECT_GT(all[0].id, all[1].id);
            EXPECT_EQ(S(r.at), S(records[2].at));
            EXPECT_EQ(r.actor_user_id, 7);
            EXPECT_EQ(r.actor_kind, "staff");
            EXPECT_EQ(r.object_type, "petition");
            EXPECT_EQ(r.object_id, "1");
            EXPECT_EQ(r.detail_json, R"({"k":"v"})");
            EXPECT_EQ(r.request_id, "req-3");
            EXPECT_EQ(r.remote_addr, "10.0.0.3");
        }
        XF_ASSIGN_OR_RETURN(auto petitions, tx.audit().List({.object_type = "petition"}));
        EXPECT_EQ(actions(petitions), V({"petition.forward", "petitioner.reveal", "petition.register"}));
        XF_ASSIGN_OR_RETURN(auto one, tx.audit().List({.object_type = "petition", .object_id = "1"}));
        EXPECT_EQ(actions(one), V({"petitioner.reveal", "petition.register"}));
        XF_ASSIGN_OR_RETURN(auto latest, tx.audit().List({.object_type = "petition", .object_id = "1", .limit = 1}));
        EXPECT_EQ(actions(latest), V({"petitioner.reveal"}));
        XF_ASSIGN_OR_RETURN(auto users, tx.audit().List({.object_type = "user"}));
        EXPECT_EQ(actions(users), V({"session.login"}));
        XF_ASSIGN_OR_RETURN(auto none, tx.audit().List({.object_type = "org"}));
        EXPECT_TRUE(none.empty());
        return Ok();
    }));
}

// Reads every chain and checks it record by record (what `xinfang audit verify` does).
std::vector<std::string> VerifyAuditChains(UnitOfWork& store, int64_t* checked = nullptr) {
    std::vector<std::string> problems;
    Status s = store.Read([&](Transaction& tx) -> Status {
        XF_ASSIGN_OR_RETURN(auto heads, tx.audit().Chains());
        int64_t n = 0;
        for (const auto& h : heads) {
            AuditChainChecker k(h, {}, crypto::Sha256Hex);
            for (int64_t after = h.pruned_seq;;) {
                XF_ASSIGN_OR_RETURN(auto page, tx.audit().ChainRecords(h.chain, after, h.seq, 3));
                if (page.empty()) break;
                for (const auto& r : page) k.Feed(r);
                after = page.back().seq;
            }
            k.Finish();
            n += k.records();
            problems.insert(problems.end(), k.problems().begin(), k.problems().end());
        }
        if (checked) *checked = n;
        return Ok();
    });
    if (!s) problems.push_back(s.error().message);
    return problems;
}

TEST_P(StoreContract, AuditRecordsFormAVerifiableHashChain) {
    for (int i = 0; i < 4; ++i)
        ASSERT_OK(store().Write([&](Transaction& tx) -> Status {
            return tx.audit().Append(AuditRecord{.at = At(2026, 3, 10, 9, i), .actor_user_id = 7,
                                                 .actor_kind = "staff", .action = "step" + std::to_string(i),
                                                 .object_type = "petition", .object_id = std::to_string(i)});
        }));
    ASSERT_OK(store().Write([&](Transaction& tx) -> Status {  // several in one transaction
        for (int i = 0; i < 3; ++i)
            XF_TRY(tx.audit().Append(AuditRecord{.at = At(2026, 3, 11), .action = "batch", .object_type = "org",
                                                 .detail_json = R"({"i":)" + std::to_string(i) + "}"}));
        return Ok();
    }));
    Status failed = store().Write([&](Transaction& tx) -> Status {  // rolled back: leaves no gap in a chain
        XF_TRY(tx.audit().Append(AuditRecord{.at = At(2026, 3, 12), .action = "gone", .object_type = "org"}));
        return Fail(Error::FailedPrecondition("故意失败"));
    });
    ASSERT_FALSE(failed);
    int64_t checked = 0;
    EXPECT_EQ(VerifyAuditChains(store(), &checked), std::vector<std::string>{});
    EXPECT_EQ(checked, 7);
    ASSERT_OK(store().Read([&](Transaction& tx) -> Status {
        XF_ASSIGN_OR_RETURN(auto all, tx.audit().List({}));
        EXPECT_EQ(all.size(), 7u);
        for (const auto& r : all) {
            EXPECT_GE(r.chain, 0);
            EXPECT_GE(r.seq, 1);
            EXPECT_EQ(r.hash.size(), 64u);
            EXPECT_EQ(r.hash, crypto::Sha256Hex(AuditChainPayload(r)));
        }
        XF_ASSIGN_OR_RETURN(auto heads, tx.audit().Chains());
        EXPECT_FALSE(heads.empty());
        int64_t total = 0;
        for (const auto& h : heads) total += h.seq;
        EXPECT_EQ(total, 7);
        XF_ASSIGN_OR_RETURN(AuditCounts c, tx.audit().Counts());
        EXPECT_EQ(c.total, 7);
        EXPECT_EQ(c.unchained, 0);
        EXPECT_EQ(c.orphaned, 0);
        return Ok();
    }));
}

TEST_P(StoreContract, AuditPruneCutsEachChainBeforeTheCutoffAndKeepsItVerifiable) {
    for (int year : {2019, 2020, 2026})
        ASSERT_OK(store().Write([&](Transaction& tx) -> Status {
            for (int i = 0; i < 2; ++i)
                XF_TRY(tx.audit().Append(AuditRecord{.at = At(year, 5, 1, 8, i), .action = "y" + std::to_string(year),
                                                     .object_type = "org"}));
            return Ok();
        }));
    int64_t removed = -1;
    ASSERT_OK(store().Write([&](Transaction& tx) -> Status {
        XF_ASSIGN_OR_RETURN(removed, tx.audit().Prune(At(2021, 1, 1), At(2026, 6, 1)));
        return Ok();
    }));
    EXPECT_EQ(removed, 4);
    int64_t checked = 0;
    EXPECT_EQ(VerifyAuditChains(store(), &checked), std::vector<std::string>{});
    EXPECT_EQ(checked, 2);
    ASSERT_OK(store().Read([&](Transaction& tx) -> Status {
        XF_ASSIGN_OR_RETURN(auto all, tx.audit().List({}));
        EXPECT_EQ(all.size(), 2u);
        for (const auto& r : all) EXPECT_EQ(r.action, "y2026");
        XF_ASSIGN_OR_RETURN(auto heads, tx.audit().Chains());
        int64_t pruned = 0;
        for (const auto& h : heads) {
            pruned += h.pruned_seq;
            if (h.pruned_seq > 0) {
                EXPECT_EQ(h.pruned_hash.size(), 64u);
                EXPECT_EQ(S(h.pruned_at), S(At(2026, 6, 1)));
            }
        }
        EXPECT_EQ(pruned, 4);
        return Ok();
    }));
    ASSERT_OK(store().Write([&](Transaction& tx) -> Status {  // nothing older: nothing removed
        XF_ASSIGN_OR_RETURN(removed, tx.audit().Prune(At(2021, 1, 1), At(2026, 6, 2)));
        return tx.audit().Append(AuditRecord{.at = At(2026, 6, 2), .action = "after", .object_type = "org"});
    }));
    EXPECT_EQ(removed, 0);
    EXPECT_EQ(VerifyAuditChains(store(), &checked), std::vector<std::string>{});
    EXPECT_EQ(checked, 3);
}

TEST_P(StoreContract, SettingsGetSetOverwrite) {
    ASSERT_OK(store().Read([&](Transaction& tx) -> Status {
        XF_ASSIGN_OR_RETURN(auto v, tx.settings().Get("deadline.rating_days"));
        EXPECT_FALSE(v.has_value());
        return Ok();
    }));
    ASSERT_OK(store().Write([&](Transaction& tx) -> Status {
        XF_TRY(tx.settings().Set("deadline.rating_days", "30"));
        XF_TRY(tx.settings().Set("office.name", "某市信访局"));
        XF_TRY(tx.settings().Set("empty", ""));
        return Ok();
    }));
    ASSERT_OK(store().Write([&](Transaction& tx) -> Status { return tx.settings().Set("deadline.rating_days", "15"); }));
    ASSERT_OK(store().Read([&](Transaction& tx) -> Status {
        XF_ASSIGN_OR_RETURN(auto v, tx.settings().Get("deadline.rating_days"));
        EXPECT_EQ(v, std::optional<std::string>("15"));
        XF_ASSIGN_OR_RETURN(auto n, tx.settings().Get("office.name"));
        EXPECT_EQ(n, std::optional<std::string>("某市信访局"));
        XF_ASSIGN_OR_RETURN(auto e, tx.settings().Get("empty"));
        EXPECT_EQ(e, std::optional<std::string>(""));
        return Ok();
    }));
}

// =================================================================================================================
// Transactions
// =================================================================================================================

TEST_P(StoreContract, FailedWriteLeavesNothingBehind) {
    Org keep;
    ASSERT_OK(store().Write([&](Transaction& tx) -> Status {
        XF_ASSIGN_OR_RETURN(keep, tx.orgs().Insert(MakeOrg("keep", std::nullopt)));
        XF_TRY(tx.petitions().NextSequence("s"));
        return Ok();
    }));
    Status s = store().Write([&](Transaction& tx) -> Status {
        XF_ASSIGN_OR_RETURN(Org gone, tx.orgs().Insert(MakeOrg("gone", keep.id)));
        XF_ASSIGN_OR_RETURN(User u, tx.users().Insert(MakeUser("ghost", gone.id)));
        XF_TRY(tx.users().InsertSession(Session{"tok", u.id, "csrf", At(2026, 3, 1), At(2026, 3, 2)}));
        XF_TRY(tx.categories().Upsert({{"99", "", "临时"}}));
        XF_TRY(tx.settings().Set("k", "v"));
        XF_TRY(tx.audit().Append(AuditRecord{.at = At(2026, 3, 1), .action = "x", .object_type = "org"}));
        XF_ASSIGN_OR_RETURN(Petition p, tx.petitions().Insert(MakeCase("GONE-1", At(2026, 3, 1), gone.id, gone.id, u.id)));
        XF_TRY(tx.petitions().AppendEvent(Event{.petition_id = p.id, .at = At(2026, 3, 1), .action = "register",
                                                 .actor_user_id = u.id, .actor_kind = "staff", .org_id = gone.id}));
        XF_TRY(tx.petitions().NextSequence("s"));
        XF_TRY(tx.petitions().NextSequence("t"));
        XF_TRY(tx.orgs().Update(Org{keep.id, "keep", std::nullopt, "改名", OrgLevel::kCity, OrgKind::kOther, "520100", ""}));
        return Fail(Error::FailedPrecondition("故意失败"));
    });
    ASSERT_FALSE(s);
    EXPECT_EQ(CodeOf(s), NameOf(ErrorCode::kFailedPrecondition));
    EXPECT_EQ(s.error().message, "故意失败");

    ASSERT_OK(store().Read([&](Transaction& tx) -> Status {
        XF_ASSIGN_OR_RETURN(auto orgs, tx.orgs().List());
        EXPECT_EQ(orgs.size(), 1u);
        XF_ASSIGN_OR_RETURN(auto k, tx.orgs().Get(keep.id));
        EXPECT_TRUE(k.has_value());
        if (k) {
            EXPECT_EQ(k->name, keep.name);
        }
        XF_ASSIGN_OR_RETURN(auto gone, tx.orgs().FindByCode("gone"));
        EXPECT_FALSE(gone.has_value());
        XF_ASSIGN_OR_RETURN(auto users, tx.users().List(std::nullopt));
        EXPECT_TRUE(users.empty());
        XF_ASSIGN_OR_RETURN(auto session, tx.users().FindSession("tok"));
        EXPECT_FALSE(session.has_value());
        XF_ASSIGN_OR_RETURN(auto cats, tx.categories().List());
        EXPECT_TRUE(cats.empty());
        XF_ASSIGN_OR_RETURN(auto setting, tx.settings().Get("k"));
        EXPECT_FALSE(setting.has_value());
        XF_ASSIGN_OR_RETURN(auto audit, tx.audit().List({}));
        EXPECT_TRUE(audit.empty());
        XF_ASSIGN_OR_RETURN(auto n, tx.petitions().Count({}));
        EXPECT_EQ(n, 0);
        XF_ASSIGN_OR_RETURN(auto p, tx.petitions().FindByNumber("GONE-1"));
        EXPECT_FALSE(p.has_value());
        return Ok();
    }));
    // The sequences were rolled back too: no gap in the numbering.
    int64_t s_next = 0, t_next = 0;
    ASSERT_OK(store().Write([&](Transaction& tx) -> Status {
        XF_ASSIGN_OR_RETURN(s_next, tx.petitions().NextSequence("s"));
        XF_ASSIGN_OR_RETURN(t_next, tx.petitions().NextSequence("t"));
        return Ok();
    }));
    EXPECT_EQ(s_next, 2);
    EXPECT_EQ(t_next, 1);
}

TEST_P(StoreContract, WriteIsVisibleToALaterRead) {
    ASSERT_OK(store().Write([&](Transaction& tx) -> Status {
        XF_TRY(tx.orgs().Insert(MakeOrg("seen", std::nullopt)));
        return tx.settings().Set("k", "v1");
    }));
    ASSERT_OK(store().Read([&](Transaction& tx) -> Status {
        XF_ASSIGN_OR_RETURN(auto o, tx.orgs().FindByCode("seen"));
        EXPECT_TRUE(o.has_value());
        XF_ASSIGN_OR_RETURN(auto v, tx.settings().Get("k"));
        EXPECT_EQ(v, std::optional<std::string>("v1"));
        return Ok();
    }));
    ASSERT_OK(store().Write([&](Transaction& tx) -> Status { return tx.settings().Set("k", "v2"); }));
    ASSERT_OK(store().Read([&](Transaction& tx) -> Status {
        XF_ASSIGN_OR_RETURN(auto v, tx.settings().Get("k"));
        EXPECT_EQ(v, std::optional<std::string>("v2"));
        return Ok();
    }));
}

TEST_P(StoreContract, WriteMethodsFailInsideRead) {
    Status s = store().Read([&](Transaction& tx) -> Status { return tx.settings().Set("k", "v"); });
    EXPECT_FALSE(s) << "Set inside Read must fail";
    Status o = store().Read([&](Transaction& tx) -> Status {
        return Drop(tx.orgs().Insert(MakeOrg("x", std::nullopt)));
    });
    EXPECT_FALSE(o) << "Insert inside Read must fail";
    ASSERT_OK(store().Read([&](Transaction& tx) -> Status {
        XF_ASSIGN_OR_RETURN(auto v, tx.settings().Get("k"));
        EXPECT_FALSE(v.has_value());
        XF_ASSIGN_OR_RETURN(auto all, tx.orgs().List());
        EXPECT_TRUE(all.empty());
        return Ok();
    }));
}

TEST_P(StoreContract, ConcurrentWritesGiveGaplessUniqueSequence) {
    constexpr int kThreads = 8;
    constexpr int kPerThread = 25;
    std::mutex mu;
    std::vector<int64_t> values;
    std::atomic<int> failures{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([&] {
            for (int i = 0; i < kPerThread; ++i) {
                int64_t v = 0;
                Status s = store().Write([&](Transaction& tx) -> Status {
                    XF_ASSIGN_OR_RETURN(v, tx.petitions().NextSequence("x"));
                    return Ok();
                });
                if (!s) {
                    ++failures;
                    continue;
                }
                std::lock_guard lock(mu);
                values.push_back(v);
            }
        });
    }
    for (auto& t : threads) t.join();
    EXPECT_EQ(failures.load(), 0);
    std::sort(values.begin(), values.end());
    std::vector<int64_t> want(kThreads * kPerThread);
    for (size_t i = 0; i < want.size(); ++i) want[i] = static_cast<int64_t>(i) + 1;
    EXPECT_EQ(values, want);
}

// ---- Grouped counts, regions and calendar days -----------------------------------------------------------------

std::vector<std::string> Keys(const std::vector<CountRow>& rows) {
    std::vector<std::string> out;
    for (const auto& r : rows) out.push_back(r.key + "=" + std::to_string(r.batches) + "/" + std::to_string(r.persons));
    return out;
}

std::vector<CountRow> CountBy(UnitOfWork& s, const PetitionFilter& f, CountDimension d) {
    std::vector<CountRow> out;
    EXPECT_OK(s.Read([&](Transaction& tx) -> Status {
        XF_ASSIGN_OR_RETURN(out, tx.petitions().CountBy(f, d));
        return Ok();
    }));
    return out;
}

TEST_P(StoreContract, CountByGroupsBatchesAndPersonsOrderedByKey) {
    World w;
    ASSERT_NO_FATAL_FAILURE(SeedWorld(store(), w));
    // Give N-2 (a visit) 30 persons: a collective visit counts 1 批次 and 30 人次.
    ASSERT_OK(store().Write([&](Transaction& tx) -> Status {
        XF_ASSIGN_OR_RETURN(auto p, tx.petitions().Get(w.c2.id));
        p->persons = 30;
        return Drop(tx.petitions().Update(*p));
    }));
    EXPECT_EQ(Keys(CountBy(store(), {}, CountDimension::kChannel)),
              V({"letter=1/1", "online=1/1", "phone=1/1", "visit=1/30"}));
    EXPECT_EQ(Keys(CountBy(store(), {}, CountDimension::kCategoryTop)), V({"03=1/30", "04=2/2", "12=1/1"}));
    EXPECT_EQ(Keys(CountBy(store(), {}, CountDimension::kMonth)), V({"2026-03=4/33"}));
    EXPECT_EQ(Keys(CountBy(store(), {}, CountDimension::kCollective)), V({"collective=1/30", "individual=3/3"}));
    EXPECT_EQ(Keys(CountBy(store(), {.purpose = Purpose::kAccusation}, CountDimension::kPurpose)),
              V({"accusation=2/2"}));
    // Unreplied cases group under the empty key; filters and scopes apply as in List.
    EXPECT_EQ(Keys(CountBy(store(), {}, CountDimension::kRating)), V({"=4/33"}));
    EXPECT_EQ(Keys(CountBy(store(), {.scope_org_id = w.countyB.id}, CountDimension::kState)),
              V({"concluded=1/1", "forwarded=1/1"}));
    EXPECT_EQ(Keys(CountBy(store(), {.kind = CaseKind::kReview}, CountDimension::kState)), V({}));
}

// /readyz and `xinfang doctor`: a freshly opened store answers and its schema is the one this binary knows.
TEST_P(StoreContract, HealthReportsACurrentSchema) {
    auto h = store().Health();
    ASSERT_OK(h);
    EXPECT_GT(h->expected_schema_version, 0);
    EXPECT_EQ(h->schema_version, h->expected_schema_version);
    EXPECT_TRUE(h->schema_current());
}

// The overdue gauge per org level (docs/operations.md) groups by the level of the org holding each case.
TEST_P(StoreContract, CountByCurrentOrgLevel) {
    World w;
    ASSERT_NO_FATAL_FAILURE(SeedWorld(store(), w));
    ASSERT_OK(store().Write([&](Transaction& tx) -> Status {
        XF_ASSIGN_OR_RETURN(auto p2, tx.petitions().Get(w.c2.id));
        p2->current_org_id = w.townB.id;
        XF_TRY(Drop(tx.petitions().Update(*p2)));
        XF_ASSIGN_OR_RETURN(auto p4, tx.petitions().Get(w.c4.id));
        p4->current_org_id = w.city.id;
        return Drop(tx.petitions().Update(*p4));
    }));
    EXPECT_EQ(Keys(CountBy(store(), {}, CountDimension::kCurrentOrgLevel)),
              V({"city=1/1", "county=2/2", "township=1/1"}));
    // N-3 is concluded: open cases only.
    EXPECT_EQ(Keys(CountBy(store(), {.open_only = true}, CountDimension::kCurrentOrgLevel)),
              V({"city=1/1", "county=1/1", "township=1/1"}));
    // What is overdue on 2026-03-17 (a running duty clock due on or before 03-16): N-1's acceptance (03-20) is not,
    // N-2's handling (05-01) is not, N-4's acceptance (03-10) is.
    EXPECT_EQ(Keys(CountBy(store(), {.open_only = true, .due_before = D(2026, 3, 16)},
                           CountDimension::kCurrentOrgLevel)),
              V({"city=1/1"}));
}

TEST_P(StoreContract, CountByRatingSeparatesRatedUnratedAndUnreplied) {
    World w;
    ASSERT_NO_FATAL_FAILURE(SeedWorld(store(), w));
    ASSERT_OK(store().Write([&](Transaction& tx) -> Status {
        XF_ASSIGN_OR_RETURN(auto p2, tx.petitions().Get(w.c2.id));
        p2->replied_on = D(2026, 3, 20);
        XF_TRY(Drop(tx.petitions().Update(*p2)));
        XF_ASSIGN_OR_RETURN(auto p3, tx.petitions().Get(w.c3.id));
        p3->replied_on = D(2026, 3, 21);
        p3->rating = Rating::kBasicallySatisfied;
        return Drop(tx.petitions().Update(*p3));
    }));
    EXPECT_EQ(Keys(CountBy(store(), {}, CountDimension::kRating)),
              V({"=2/2", "basically_satisfied=1/1", "unrated=1/1"}));
}

TEST_P(StoreContract, RegionsUpsertAndListByCode) {
    ASSERT_OK(store().Write([&](Transaction& tx) -> Status {
        return Drop(tx.regions().Upsert({{"520102", "520100", "南明区"}, {"520100", "520000", "贵阳"}}));
    }));
    ASSERT_OK(store().Write([&](Transaction& tx) -> Status {
        return Drop(tx.regions().Upsert({{"520100", "520000", "贵阳市"}}));
    }));
    std::vector<Region> regions;
    ASSERT_OK(store().Read([&](Transaction& tx) -> Status {
        XF_ASSIGN_OR_RETURN(regions, tx.regions().List());
        return Ok();
    }));
    ASSERT_EQ(regions.size(), 2u);
    EXPECT_EQ(regions[0].code, "520100");
    EXPECT_EQ(regions[0].name, "贵阳市");
    EXPECT_EQ(regions[1].parent_code, "520100");
}

TEST_P(StoreContract, CalendarReplaceYearLeavesOtherYears) {
    ASSERT_OK(store().Write([&](Transaction& tx) -> Status {
        XF_TRY(tx.calendar().ReplaceYear(2026, {{D(2026, 1, 1), false, "元旦"}, {D(2026, 2, 14), true, "调休"}}));
        return tx.calendar().ReplaceYear(2027, {{D(2027, 1, 1), false, "元旦"}});
    }));
    ASSERT_OK(store().Write([&](Transaction& tx) -> Status {
        return tx.calendar().ReplaceYear(2026, {{D(2026, 10, 1), false, "国庆节"}});
    }));
    std::vector<CalendarDay> days;
    ASSERT_OK(store().Read([&](Transaction& tx) -> Status {
        XF_ASSIGN_OR_RETURN(days, tx.calendar().List());
        return Ok();
    }));
    ASSERT_EQ(days.size(), 2u);
    EXPECT_EQ(FormatDate(days[0].day), "2026-10-01");
    EXPECT_FALSE(days[0].workday);
    EXPECT_EQ(days[0].name, "国庆节");
    EXPECT_EQ(FormatDate(days[1].day), "2027-01-01");
}

// ---- Scheduled jobs shared by several app servers ---------------------------------------------------------------

Result<bool> ClaimJob(UnitOfWork& s, const std::string& owner, Instant now, Instant until) {
    bool got = false;
    XF_TRY(s.Write([&](Transaction& tx) -> Status {
        XF_ASSIGN_OR_RETURN(got, tx.jobs().Claim(JobClaim{"conclude", owner, now, until}));
        return Ok();
    }));
    return got;
}

TEST_P(StoreContract, JobClaimHoldsUntilItsTimeThenFinishSetsTheNextRun) {
    auto t0 = At(2026, 5, 1, 8, 0);
    auto r = ClaimJob(store(), "a:1", t0, t0 + std::chrono::minutes(10));
    ASSERT_TRUE(r.has_value());
    EXPECT_TRUE(*r);  // never run: free
    r = ClaimJob(store(), "b:2", t0 + std::chrono::minutes(9), t0 + std::chrono::minutes(19));
    ASSERT_TRUE(r.has_value());
    EXPECT_FALSE(*r);  // held by a:1
    // a:1 finishes early and asks to be run again an hour after it started.
    ASSERT_OK(store().Write([&](Transaction& tx) -> Status {
        return tx.jobs().Finish("conclude", "a:1", t0 + std::chrono::minutes(2), t0 + std::chrono::hours(1), "ok 3");
    }));
    r = ClaimJob(store(), "b:2", t0 + std::chrono::minutes(30), t0 + std::chrono::minutes(40));
    ASSERT_TRUE(r.has_value());
    EXPECT_FALSE(*r);
    r = ClaimJob(store(), "b:2", t0 + std::chrono::hours(1), t0 + std::chrono::hours(2));
    ASSERT_TRUE(r.has_value());
    EXPECT_TRUE(*r);
    // A finish by someone who no longer holds the claim changes nothing.
    ASSERT_OK(store().Write([&](Transaction& tx) -> Status {
        return tx.jobs().Finish("conclude", "a:1", t0 + std::chrono::hours(1), t0, "late");
    }));
    r = ClaimJob(store(), "c:3", t0 + std::chrono::hours(1) + std::chrono::minutes(1), t0 + std::chrono::hours(3));
    ASSERT_TRUE(r.has_value());
    EXPECT_FALSE(*r);
}

TEST_P(StoreContract, JobListShowsEachJobsLastRun) {
    auto t0 = At(2026, 5, 1, 8, 0);
    auto listed = [&]() -> std::vector<JobStatus> {
        std::vector<JobStatus> out;
        EXPECT_OK(store().Read([&](Transaction& tx) -> Status {
            XF_ASSIGN_OR_RETURN(out, tx.jobs().List());
            return Ok();
        }));
        return out;
    };
    EXPECT_TRUE(listed().empty());
    ASSERT_TRUE(*ClaimJob(store(), "a:1", t0, t0 + std::chrono::minutes(10)));
    auto jobs = listed();
    ASSERT_EQ(jobs.size(), 1u);
    EXPECT_EQ(jobs[0].name, "conclude");
    EXPECT_EQ(jobs[0].owner, "a:1");
    EXPECT_EQ(jobs[0].last_started_at, t0);
    EXPECT_FALSE(jobs[0].last_finished_at.has_value());  // running
    EXPECT_EQ(jobs[0].next_run_at, t0 + std::chrono::minutes(10));
    ASSERT_OK(store().Write([&](Transaction& tx) -> Status {
        XF_TRY(tx.jobs().Finish("conclude", "a:1", t0 + std::chrono::seconds(7), t0 + std::chrono::hours(1), "ok 3"));
        XF_ASSIGN_OR_RETURN(bool other, tx.jobs().Claim(JobClaim{"another", "b:2", t0, t0 + std::chrono::minutes(1)}));
        EXPECT_TRUE(other);
        return Ok();
    }));
    jobs = listed();
    ASSERT_EQ(jobs.size(), 2u);
    EXPECT_EQ(jobs[0].name, "another");  // by name
    EXPECT_EQ(jobs[1].name, "conclude");
    EXPECT_EQ(jobs[1].last_finished_at, t0 + std::chrono::seconds(7));
    EXPECT_EQ(jobs[1].last_result, "ok 3");
    EXPECT_EQ(jobs[1].next_run_at, t0 + std::chrono::hours(1));
}

TEST_P(StoreContract, ConcurrentJobClaimsGiveTheJobToExactlyOne) {
    constexpr int kThreads = 8;
    auto now = At(2026, 5, 1, 8, 0);
    for (int round = 0; round < 5; ++round) {
        std::atomic<int> won{0}, failed{0};
        std::vector<std::thread> threads;
        Instant t = now + std::chrono::hours(round);
        for (int i = 0; i < kThreads; ++i)
            threads.emplace_back([&, i] {
                auto r = ClaimJob(store(), "s:" + std::to_string(i), t, t + std::chrono::minutes(30));
                if (!r)
                    ++failed;
                else if (*r)
                    ++won;
            });
        for (auto& th : threads) th.join();
        EXPECT_EQ(failed.load(), 0) << "round " << round;
        EXPECT_EQ(won.load(), 1) << "round " << round;
    }
}

// ---- Attempt counters shared by several app servers -------------------------------------------------------------

Result<int64_t> HitKey(UnitOfWork& s, const std::string& key, Instant now) {
    int64_t n = 0;
    XF_TRY(s.Write([&](Transaction& tx) -> Status {
        XF_ASSIGN_OR_RETURN(n, tx.rate_limits().Hit(key, now, std::chrono::minutes(15)));
        return Ok();
    }));
    return n;
}

Result<int64_t> CountKey(UnitOfWork& s, const std::string& key, Instant now) {
    int64_t n = 0;
    XF_TRY(s.Read([&](Transaction& tx) -> Status {
        XF_ASSIGN_OR_RETURN(n, tx.rate_limits().Count(key, now, std::chrono::minutes(15)));
        return Ok();
    }));
    return n;
}

TEST_P(StoreContract, RateLimitCountsPerKeyInFixedWindowsAndResets) {
    auto t0 = At(2026, 5, 1, 8, 0);
    EXPECT_EQ(CountKey(store(), "login:zhang", t0).value_or(-1), 0);
    EXPECT_EQ(HitKey(store(), "login:zhang", t0).value_or(-1), 1);
    EXPECT_EQ(HitKey(store(), "login:zhang", t0 + std::chrono::minutes(5)).value_or(-1), 2);
    EXPECT_EQ(HitKey(store(), "ip:10.0.0.1", t0).value_or(-1), 1);  // keys are independent
    EXPECT_EQ(CountKey(store(), "login:zhang", t0 + std::chrono::minutes(14)).value_or(-1), 2);
    // The window started at t0: at t0 + 15 min it is over, and the next attempt starts a new one.
    EXPECT_EQ(CountKey(store(), "login:zhang", t0 + std::chrono::minutes(15)).value_or(-1), 0);
    EXPECT_EQ(HitKey(store(), "login:zhang", t0 + std::chrono::minutes(16)).value_or(-1), 1);
    EXPECT_EQ(HitKey(store(), "login:zhang", t0 + std::chrono::minutes(17)).value_or(-1), 2);
    ASSERT_OK(store().Write([&](Transaction& tx) { return tx.rate_limits().Reset("login:zhang"); }));
    EXPECT_EQ(CountKey(store(), "login:zhang", t0 + std::chrono::minutes(17)).value_or(-1), 0);
    EXPECT_EQ(CountKey(store(), "ip:10.0.0.1", t0 + std::chrono::minutes(1)).value_or(-1), 1);
}

TEST_P(StoreContract, ConcurrentAttemptsAreEachCountedOnce) {
    constexpr int kThreads = 8;
    constexpr int kPerThread = 20;
    auto now = At(2026, 5, 1, 8, 0);
    std::atomic<int> failed{0};
    std::vector<std::thread> threads;
    for (int i = 0; i < kThreads; ++i)
        threads.emplace_back([&] {
            for (int k = 0; k < kPerThread; ++k)
                if (!HitKey(store(), "ip:192.0.2.1", now)) ++failed;
        });
    for (auto& th : threads) th.join();
    EXPECT_EQ(failed.load(), 0);
    EXPECT_EQ(CountKey(store(), "ip:192.0.2.1", now).value_or(-1), kThreads * kPerThread);
}


// =================================================================================================================
// Full-text search (domain/search) and repeat keys (domain/repeat)
// =================================================================================================================

Status UpdateCase(Transaction& tx, const Petition& p) {
    auto r = tx.petitions().Update(p);
    if (!r) return Fail(r.error());
    return Ok();
}

search::Query Q(std::string_view text) {
    auto q = search::ParseQuery(text);
    EXPECT_TRUE(q.has_value()) << text;
    return q ? *q : search::Query{};
}
PetitionFilter TextFilter(std::string_view text, PetitionFilter f = {}) {
    f.text = Q(text);
    return f;
}

// The import's bulk path (InsertMany, AppendEvents, ExistingNumbers) writes what Insert and AppendEvent write,
// case for case: fields, org and user links, rollups, search index and events.
TEST_P(StoreContract, InsertManyAndAppendEventsWriteWhatTheirOneByOneFormsWrite) {
    World w;
    ASSERT_NO_FATAL_FAILURE(SeedWorld(store(), w));
    auto make = [&](const std::string& prefix) {
        Petition a = MakeCase(prefix + "-1", At(2026, 3, 2, 9), w.countyA.id, w.countyA.id, w.reg.id);
        a.title = "反映拖欠农民工工资";
        a.channel = Channel::kVisit;
        a.persons = 12;
        a.petitioners = {Petitioner{"王五", "sealed:id:9", "idx:9", "sealed:phone:9", "", false}};
        Petition b = MakeCase(prefix + "-2", At(2026, 3, 3, 10), w.countyA.id, w.deptA.id);
        b.title = "征地补偿款未发放";
        b.purpose = Purpose::kAccusation;
        b.accused_org_id = w.countyB.id;
        b.kind = CaseKind::kReview;
        b.parent_case_id = w.c2.id;
        b.state = State::kReplied;
        b.rating = Rating::kSatisfied;
        b.replied_on = D(2026, 3, 20);
        b.clocks = {MakeClock(ClockKind::kRating, D(2026, 3, 20), DayUnit::kCalendarDays, 30, "条例第21条",
                              D(2026, 4, 19))};
        Petition c = MakeCase(prefix + "-3", At(2026, 3, 4, 11), w.townB.id, w.townB.id);
        c.region_code = "520103001";
        c.is_repeat = true;
        c.repeat_of = w.c1.id;
        return std::vector<Petition>{a, b, c};
    };
    auto events_for = [&](const std::vector<Petition>& cases) {
        std::vector<Event> out;
        for (const auto& p : cases) {
            Event e;
            e.petition_id = p.id;
            e.at = At(2026, 3, 5, 9);
            e.action = "import";
            e.actor_kind = "system";
            e.org_id = p.registered_org_id;
            e.public_text = "登记（历史台账导入）。";
            e.internal_note = "第2行";
            out.push_back(e);
        }
        Event staff = out.back();
        staff.action = "remind";
        staff.actor_kind = "staff";
        staff.actor_user_id = w.handler.id;
        staff.target_org_id = w.countyB.id;
        staff.is_public = true;
        staff.detail_json = R"({"x":1})";
        out.push_back(staff);
        return out;
    };
    auto sums = [&] { return Sums(store(), w.prov.id, StatDim::kIntake, D(2026, 1, 1), D(2026, 12, 31)); };
    auto delta = [](auto after, const auto& before) {
        for (const auto& [k, v] : before) {
            after[k].first -= v.first;
            after[k].second -= v.second;
        }
        std::erase_if(after, [](const auto& kv) { return kv.second.first == 0 && kv.second.second == 0; });
        return after;
    };

    auto before = sums();
    std::vector<Petition> one_by_one = make("A"), many = make("B");
    ASSERT_OK(store().Write([&](Transaction& tx) -> Status {
        for (auto& p : one_by_one) XF_ASSIGN_OR_RETURN(p, tx.petitions().Insert(p));
        for (auto& e : events_for(one_by_one)) XF_TRY(Drop(tx.petitions().AppendEvent(e)));
        return Ok();
    }));
    auto after_one_by_one = sums();
    ASSERT_OK(store().Write([&](Transaction& tx) -> Status {
        XF_ASSIGN_OR_RETURN(many, tx.petitions().InsertMany(many));
        return tx.petitions().AppendEvents(events_for(many));
    }));
    auto after_many = sums();
    EXPECT_FALSE(delta(after_one_by_one, before).empty());
    EXPECT_EQ(delta(after_many, after_one_by_one), delta(after_one_by_one, before));

    ASSERT_EQ(many.size(), 3u);
    for (size_t k = 0; k < many.size(); ++k) {
        SCOPED_TRACE(many[k].number);
        EXPECT_EQ(many[k].version, 1);
        auto got = GetCase(store(), many[k].id);
        auto twin = GetCase(store(), one_by_one[k].id);
        ASSERT_TRUE(got && twin);
        Petition want = *twin;
        want.id = many[k].id;
        want.number = many[k].number;
        want.query_code = many[k].query_code;
        want.title = many[k].title;
        ExpectSamePetition(*got, want);
        CaseAccessFacts f_many, f_one;
        std::vector<Event> e_many, e_one;
        ASSERT_OK(store().Read([&](Transaction& tx) -> Status {
            XF_ASSIGN_OR_RETURN(f_many, tx.petitions().AccessFacts(many[k].id));
            XF_ASSIGN_OR_RETURN(f_one, tx.petitions().AccessFacts(one_by_one[k].id));
            XF_ASSIGN_OR_RETURN(e_many, tx.petitions().Events(many[k].id));
            XF_ASSIGN_OR_RETURN(e_one, tx.petitions().Events(one_by_one[k].id));
            return Ok();
        }));
        EXPECT_EQ(SortedIds(f_many.involved_orgs), SortedIds(f_one.involved_orgs));
        EXPECT_EQ(Sorted(f_many.involved_users), Sorted(f_one.involved_users));
        EXPECT_EQ(f_many.accused_org.has_value(), f_one.accused_org.has_value());
        ASSERT_EQ(e_many.size(), e_one.size());
        for (size_t i = 0; i < e_many.size(); ++i) {
            EXPECT_EQ(e_many[i].action, e_one[i].action);
            EXPECT_EQ(e_many[i].actor_kind, e_one[i].actor_kind);
            EXPECT_EQ(e_many[i].actor_user_id, e_one[i].actor_user_id);
            EXPECT_EQ(e_many[i].org_id, e_one[i].org_id);
            EXPECT_EQ(e_many[i].target_org_id, e_one[i].target_org_id);
            EXPECT_EQ(e_many[i].public_text, e_one[i].public_text);
            EXPECT_EQ(e_many[i].internal_note, e_one[i].internal_note);
            EXPECT_EQ(e_many[i].detail_json, e_one[i].detail_json);
            EXPECT_EQ(e_many[i].is_public, e_one[i].is_public);
            EXPECT_EQ(S(ChinaDate(e_many[i].at)), S(ChinaDate(e_one[i].at)));
        }
    }
    // The search index and the 仅本人 link of the staff event.
    EXPECT_EQ(Numbers(store(), TextFilter("农民工")), V({"A-1", "B-1"}));
    EXPECT_EQ(Numbers(store(), TextFilter("征地补偿")), V({"A-2", "B-2"}));

    std::unordered_set<std::string> existing;
    ASSERT_OK(store().Read([&](Transaction& tx) -> Status {
        XF_ASSIGN_OR_RETURN(existing, tx.petitions().ExistingNumbers({"A-1", "B-3", "nope", "N-1"}));
        return Ok();
    }));
    EXPECT_EQ(existing, (std::unordered_set<std::string>{"A-1", "B-3", "N-1"}));

    // A taken number fails the whole call and the transaction writes nothing.
    Status dup = store().Write([&](Transaction& tx) -> Status {
        std::vector<Petition> more = make("C");
        more[1].number = "B-2";
        return Drop(tx.petitions().InsertMany(more));
    });
    EXPECT_EQ(CodeOf(dup), NameOf(ErrorCode::kAlreadyExists));
    EXPECT_EQ(Numbers(store(), PetitionFilter{.number = "C-1"}), V({}));
}

// Inserts one case per (title, content, people) into a fresh org; numbers "S-0", "S-1", ….
void SeedTexts(UnitOfWork& s, const std::vector<std::array<std::string, 3>>& texts, std::vector<Petition>* out = nullptr) {
    ASSERT_OK(s.Write([&](Transaction& tx) -> Status {
        XF_ASSIGN_OR_RETURN(Org o, tx.orgs().Insert(MakeOrg("s", std::nullopt)));
        for (size_t i = 0; i < texts.size(); ++i) {
            Petition p = MakeCase("S-" + std::to_string(i), At(2026, 3, 1, 8, 0) + std::chrono::minutes(i), o.id, o.id);
            p.title = texts[i][0];
            p.content = texts[i][1];
            if (!texts[i][2].empty()) p.petitioners.push_back(Petitioner{.name = texts[i][2]});
            XF_ASSIGN_OR_RETURN(p, tx.petitions().Insert(p));
            if (out) out->push_back(p);
        }
        return Ok();
    }));
}

TEST_P(StoreContract, SearchFindsOneToFourCharacterMixedAndTraditionalTerms) {
    ASSERT_NO_FATAL_FAILURE(SeedTexts(store(), {
        {"反映拖欠农民工工资", "某公司拖欠工资共计3万元。", "王五"},
        {"拆遷補償款未發放", "3号楼居民的补偿协议ABC-12未兑现", ""},
        {"低保申请", "申请最低生活保障，村委会不予受理", "赵六"},
        {"道路维修", "村道损坏，雨天无法通行", ""},
    }));
    auto N = [&](std::string_view q) { return Numbers(store(), TextFilter(q)); };
    EXPECT_EQ(N("工"), V({"S-0"}));
    EXPECT_EQ(N("工资"), V({"S-0"}));
    EXPECT_EQ(N("农民工"), V({"S-0"}));
    EXPECT_EQ(N("拖欠农民"), V({"S-0"}));
    EXPECT_EQ(N("拆迁"), V({"S-1"}));      // indexed traditional, searched simplified
    EXPECT_EQ(N("補償"), V({"S-1"}));      // and the other way round
    EXPECT_EQ(N("ＡＢＣ"), V({"S-1"}));    // full-width, case-folded
    EXPECT_EQ(N("abc-12"), V({"S-1"}));
    EXPECT_EQ(N("3号楼"), V({"S-1"}));
    EXPECT_EQ(N("3万元"), V({"S-0"}));
    EXPECT_EQ(N("村"), V({"S-2", "S-3"}));
    EXPECT_EQ(N("低保"), V({"S-2"}));
    EXPECT_EQ(N("王五"), V({"S-0"}));      // 信访人姓名
    EXPECT_EQ(N("工资 王五"), V({"S-0"}));  // AND of terms across fields
    EXPECT_EQ(N("工资，低保"), V({}));
    EXPECT_EQ(N("资农"), V({}));           // not a substring anywhere
    EXPECT_EQ(N("征地"), V({}));
    EXPECT_EQ(N("号楼居民的补偿协议abc"), V({"S-1"}));
    // With other filters.
    EXPECT_EQ(Numbers(store(), TextFilter("村", {.received_to = D(2026, 3, 1)})), V({"S-2", "S-3"}));
    EXPECT_EQ(Numbers(store(), TextFilter("村", {.number = "S-3"})), V({"S-3"}));
}

TEST_P(StoreContract, SearchKeepsEveryScopeAndTheAccusationRule) {
    World w;
    ASSERT_NO_FATAL_FAILURE(SeedWorld(store(), w));
    // Every case's text holds "内容": with a text filter each scope sees exactly what its list shows.
    std::vector<PetitionFilter> filters{
        {},
        {.scope_org_path = w.countyA.path},
        {.scope_org_path = w.deptA.path},
        {.scope_org_path = w.townB.path},
        {.scope_org_id = w.countyB.id},
        {.scope_user_id = w.handler.id},
        {.exclude_accused_path = w.countyB.path},
        {.exclude_accused_path = w.deptA.path},
        {.scope_org_path = w.city.path, .exclude_accused_path = w.deptA.path, .purpose = Purpose::kAccusation},
    };
    for (size_t i = 0; i < filters.size(); ++i) {
        SCOPED_TRACE("filter #" + std::to_string(i));
        EXPECT_EQ(Numbers(store(), TextFilter("内容", filters[i])), Numbers(store(), filters[i]));
        for (auto order : {SearchOrder::kRelevance, SearchOrder::kNewest}) {
            std::vector<std::string> ranked;
            SearchPage page;
            ASSERT_OK(store().Read([&](Transaction& tx) -> Status {
                SearchRequest r{.filter = TextFilter("内容", filters[i]), .order = order, .with_counts = true};
                r.filter.limit = 100;
                XF_ASSIGN_OR_RETURN(page, tx.petitions().Search(r));
                for (const auto& x : page.items) ranked.push_back(x.petition.number);
                return Ok();
            }));
            std::sort(ranked.begin(), ranked.end());
            EXPECT_EQ(ranked, Numbers(store(), filters[i]));
            EXPECT_EQ(page.total, static_cast<int64_t>(ranked.size()));
            EXPECT_FALSE(page.capped);
            int64_t faceted = 0;
            for (const auto& row : page.facets) faceted += row.batches;
            EXPECT_EQ(faceted, page.total);
        }
        std::vector<CountRow> facets;
        ASSERT_OK(store().Read([&](Transaction& tx) -> Status {
            XF_ASSIGN_OR_RETURN(facets, tx.petitions().CountBy(TextFilter("内容", filters[i]), CountDimension::kCategoryTop));
            return Ok();
        }));
        int64_t total = 0;
        for (const auto& r : facets) total += r.batches;
        EXPECT_EQ(total, static_cast<int64_t>(Numbers(store(), filters[i]).size()));
    }
}

TEST_P(StoreContract, SearchFollowsUpdatesAndAReindexRebuildsTheSameIndex) {
    std::vector<Petition> cases;
    ASSERT_NO_FATAL_FAILURE(SeedTexts(store(), {{"拖欠工资", "内容甲", "张三"}, {"征地补偿", "内容乙", ""}}, &cases));
    Petition p = cases[0];
    p.content = "改为反映低保问题";
    p.state = State::kAccepted;
    ASSERT_OK(store().Write([&](Transaction& tx) -> Status { return UpdateCase(tx, p); }));
    EXPECT_EQ(Numbers(store(), TextFilter("内容甲")), V({}));
    EXPECT_EQ(Numbers(store(), TextFilter("低保")), V({"S-0"}));
    EXPECT_EQ(Numbers(store(), TextFilter("拖欠工资")), V({"S-0"}));
    // A state change alone leaves the index as it is.
    ASSERT_OK(store().Write([&](Transaction& tx) -> Status {
        XF_ASSIGN_OR_RETURN(auto cur, tx.petitions().Get(cases[1].id));
        cur->state = State::kForwarded;
        return UpdateCase(tx, *cur);
    }));
    EXPECT_EQ(Numbers(store(), TextFilter("征地")), V({"S-1"}));
    ASSERT_OK(store().Write([&](Transaction& tx) -> Status { return tx.petitions().ClearSearchIndex(); }));
    EXPECT_EQ(Numbers(store(), TextFilter("征地")), V({}));
    int64_t after = 0, batches = 0;
    while (true) {
        int64_t last = 0;
        ASSERT_OK(store().Write([&](Transaction& tx) -> Status {
            XF_ASSIGN_OR_RETURN(last, tx.petitions().ReindexSearch(after, 1));
            return Ok();
        }));
        if (last == 0) break;
        after = last;
        ++batches;
    }
    EXPECT_EQ(batches, 2);
    EXPECT_EQ(Numbers(store(), TextFilter("征地")), V({"S-1"}));
    EXPECT_EQ(Numbers(store(), TextFilter("低保")), V({"S-0"}));
    EXPECT_EQ(Numbers(store(), TextFilter("内容甲")), V({}));
    EXPECT_EQ(Numbers(store(), TextFilter("张三")), V({"S-0"}));
    // After the rebuild an update still replaces the indexed text.
    ASSERT_OK(store().Write([&](Transaction& tx) -> Status {
        XF_ASSIGN_OR_RETURN(auto cur, tx.petitions().Get(cases[1].id));
        cur->title = "土地承包";
        return UpdateCase(tx, *cur);
    }));
    EXPECT_EQ(Numbers(store(), TextFilter("征地")), V({}));
    EXPECT_EQ(Numbers(store(), TextFilter("承包")), V({"S-1"}));
}

TEST_P(StoreContract, SearchRanksTitleMatchesFirstAndPagesEachMatchOnceInBothOrders) {
    std::vector<std::array<std::string, 3>> texts;
    for (int i = 0; i < 12; ++i) texts.push_back({"其他事项" + std::to_string(i), "内容提到拆迁一次", ""});
    texts.push_back({"拆迁补偿", "拆迁拆迁，内容", ""});
    texts.push_back({"无关", "无关内容", ""});
    ASSERT_NO_FATAL_FAILURE(SeedTexts(store(), texts));
    for (auto order : {SearchOrder::kRelevance, SearchOrder::kNewest}) {
        SCOPED_TRACE(order == SearchOrder::kRelevance ? "relevance" : "newest");
        std::vector<std::string> seen;
        std::optional<std::pair<double, int64_t>> after;
        int pages = 0;
        double last_score = 1e300;
        int64_t last_id = INT64_MAX;
        while (true) {
            SearchPage page;
            ASSERT_OK(store().Read([&](Transaction& tx) -> Status {
                SearchRequest r{.filter = TextFilter("拆迁", {.limit = 5}), .order = order, .after = after,
                                .with_counts = pages == 0};
                XF_ASSIGN_OR_RETURN(page, tx.petitions().Search(r));
                return Ok();
            }));
            if (pages == 0) {
                EXPECT_EQ(page.total, 13);
                ASSERT_EQ(page.facets.size(), 1u);
                EXPECT_EQ(page.facets[0].key, "04");
            }
            ++pages;
            for (const auto& x : page.items) {
                if (order == SearchOrder::kRelevance) {
                    EXPECT_LE(x.score, last_score);
                    last_score = x.score;
                } else {
                    EXPECT_LT(x.petition.id, last_id);  // newest registration first
                    last_id = x.petition.id;
                }
                seen.push_back(x.petition.number);
            }
            if (!page.next) break;
            after = page.next;
            ASSERT_LT(pages, 10);
        }
        EXPECT_EQ(pages, 3);
        ASSERT_EQ(seen.size(), 13u);
        EXPECT_EQ(seen.front(), order == SearchOrder::kRelevance ? "S-12" : "S-12");
        std::set<std::string> unique(seen.begin(), seen.end());
        EXPECT_EQ(unique.size(), 13u);
        EXPECT_EQ(unique.count("S-13"), 0u);
    }
}

TEST_P(StoreContract, SearchCountsFacetsAndRanksOnlyTheNewestCapMatches) {
    std::vector<std::array<std::string, 3>> texts;
    for (int i = 0; i < 6; ++i) texts.push_back({i == 0 ? "拆迁拆迁拆迁" : "事项", "拆迁", ""});  // S-0 ranks best
    ASSERT_NO_FATAL_FAILURE(SeedTexts(store(), texts));
    for (auto order : {SearchOrder::kRelevance, SearchOrder::kNewest}) {
        SearchPage page;
        ASSERT_OK(store().Read([&](Transaction& tx) -> Status {
            SearchRequest r{.filter = TextFilter("拆迁", {.limit = 50}), .order = order, .cap = 4, .with_counts = true};
            XF_ASSIGN_OR_RETURN(page, tx.petitions().Search(r));
            return Ok();
        }));
        EXPECT_EQ(page.total, 4);
        EXPECT_TRUE(page.capped);
        std::vector<std::string> got;
        for (const auto& x : page.items) got.push_back(x.petition.number);
        if (order == SearchOrder::kNewest) {
            // Newest first pages through every match; only the counts stop at the cap.
            EXPECT_EQ(got, V({"S-5", "S-4", "S-3", "S-2", "S-1", "S-0"}));
        } else {
            std::sort(got.begin(), got.end());
            EXPECT_EQ(got, V({"S-2", "S-3", "S-4", "S-5"}));  // ranked among the newest 4: S-0 is not among them
        }
    }
}

// Recall against a brute-force scan: on a generated corpus every 1- to 4-character term finds exactly the cases
// whose folded text contains it (within one field and one run of characters).
TEST_P(StoreContract, SearchAgreesWithABruteForceScanOfAGeneratedCorpus) {
    const std::vector<std::string> words{"工资", "拆迁", "补偿", "低保", "征地", "农民工", "物业", "噪音", "房屋",
                                         "漏水", "拖欠", "養老", "医保", "学校", "道路", "村委会"};
    std::mt19937 rng(11);
    std::vector<std::array<std::string, 3>> texts;
    for (int i = 0; i < 120; ++i) {
        std::string title, body;
        for (int k = 0; k < 2; ++k) title += words[rng() % words.size()];
        for (int k = 0; k < 8; ++k) body += words[rng() % words.size()] + (rng() % 3 == 0 ? "，" : "");
        texts.push_back({title, body, ""});
    }
    ASSERT_NO_FATAL_FAILURE(SeedTexts(store(), texts));
    auto contains = [](const std::string& field, const std::string& term) {
        const std::string& f = field;
        size_t from = 0;
        while (true) {  // within one run between commas
            size_t comma = f.find("，", from);
            std::string piece = f.substr(from, comma == std::string::npos ? std::string::npos : comma - from);
            if (search::IndexedChars(piece).find(search::IndexedChars(term)) != std::u32string::npos) return true;
            if (comma == std::string::npos) return false;
            from = comma + std::string("，").size();
        }
    };
    std::vector<std::string> terms{"工", "资", "工资", "资拆", "农民工", "民工工", "拆迁补偿", "养老", "養老医保",
                                   "村委", "委会", "会", "漏水房屋", "补偿低保", "迁补"};
    // Twice: without the planner's statistics and with them (PostgreSQL then drives the index scan by the rarest
    // token and may size its windows by it: the same cases must come back).
    for (int pass = 0; pass < 2; ++pass) {
    SCOPED_TRACE(pass == 0 ? "before ANALYZE" : "after ANALYZE");
    if (pass == 1) {
        ASSERT_OK(store().RefreshPlannerStatistics());
    }
    int nonempty = 0;
    for (const auto& t : terms) {
        SCOPED_TRACE(t);
        std::vector<std::string> want;
        for (size_t i = 0; i < texts.size(); ++i)
            if (contains(texts[i][0], t) || contains(texts[i][1], t)) want.push_back("S-" + std::to_string(i));
        std::sort(want.begin(), want.end());
        auto got = Numbers(store(), TextFilter(t));
        // Search finds what the list finds, newest first and by relevance (its own reads: windows of ids).
        for (auto order : {SearchOrder::kNewest, SearchOrder::kRelevance}) {
            SearchPage page;
            ASSERT_OK(store().Read([&](Transaction& tx) -> Status {
                SearchRequest r{.filter = TextFilter(t, {.limit = 500}), .order = order, .cap = 500, .with_counts = true};
                XF_ASSIGN_OR_RETURN(page, tx.petitions().Search(r));
                return Ok();
            }));
            std::vector<std::string> found;
            for (const auto& x : page.items) found.push_back(x.petition.number);
            std::sort(found.begin(), found.end());
            EXPECT_EQ(found, got) << (order == SearchOrder::kNewest ? "newest" : "relevance");
            EXPECT_EQ(page.total, std::ssize(got));
        }
        // The index may also match across a comma (positions run on); it must never miss a true occurrence.
        for (const auto& n : want) EXPECT_TRUE(std::binary_search(got.begin(), got.end(), n)) << n;
        for (const auto& n : got) {
            size_t i = std::stoul(n.substr(2));
            std::string joined = texts[i][0] + "|" + texts[i][1];
            std::string nocomma;
            for (size_t k = 0; k < joined.size();) {
                if (joined.compare(k, 3, "，") == 0) k += 3;
                else nocomma += joined[k++];
            }
            EXPECT_TRUE(contains(texts[i][0], t) || contains(nocomma.substr(nocomma.find('|') + 1), t)) << n;
        }
        nonempty += !want.empty();
    }
    EXPECT_GT(nonempty, 10);
    }
}

TEST_P(StoreContract, MatchKeysFindEarlierCasesOfTheSamePersonOrText) {
    std::vector<Petition> cases;
    ASSERT_OK(store().Write([&](Transaction& tx) -> Status {
        XF_ASSIGN_OR_RETURN(Org o, tx.orgs().Insert(MakeOrg("k", std::nullopt)));
        for (int i = 0; i < 4; ++i) {
            Petition p = MakeCase("K-" + std::to_string(i), At(2026, 3, 1, 8, i), o.id, o.id);
            const char* titles[] = {"道路维修", "噪音扰民", "物业收费", "拖欠农民工工资的问题"};
            const char* contents[] = {"村道损坏严重，雨天无法通行，请求维修。", "夜间施工噪音很大，影响休息。",
                                      "物业公司擅自提高收费标准，业主不同意。",
                                      "某建筑公司拖欠我们三十名农民工工资共计四十万元，至今未付，请求帮助追讨。"};
            p.title = titles[i];
            p.content = contents[i];
            p.petitioners.push_back(Petitioner{.name = "甲", .id_number_index = i < 2 ? "same-id" : "id" + std::to_string(i)});
            XF_ASSIGN_OR_RETURN(p, tx.petitions().Insert(p));
            cases.push_back(p);
        }
        return Ok();
    }));
    Petition draft = cases[0];
    draft.id = 0;
    std::vector<Petition> found;
    ASSERT_OK(store().Read([&](Transaction& tx) -> Status {
        XF_ASSIGN_OR_RETURN(found, tx.petitions().FindByMatchKeys(repeat::MatchKeys(draft), 50));
        return Ok();
    }));
    std::vector<std::string> numbers;
    for (const auto& p : found) numbers.push_back(p.number);
    EXPECT_EQ(numbers.size(), 2u);
    // Same 证件号 for both; K-0 also shares the text (the draft is its copy): most keys in common first.
    EXPECT_EQ(numbers, V({"K-0", "K-1"}));
    Petition text_draft = cases[3];
    text_draft.id = 0;
    text_draft.petitioners.clear();
    text_draft.content = "某建筑公司拖欠我们三十名农民工工资共计四十万元，至今未付，请求帮助追讨！！";
    ASSERT_OK(store().Read([&](Transaction& tx) -> Status {
        XF_ASSIGN_OR_RETURN(found, tx.petitions().FindByMatchKeys(repeat::MatchKeys(text_draft), 1));
        return Ok();
    }));
    ASSERT_EQ(found.size(), 1u);
    EXPECT_EQ(found[0].number, "K-3");
    ExpectSamePetition(found[0], cases[3]);
}

// A write transaction sees its own index writes: search, text-filtered lists and counts, and repeat keys, after an
// insert and after an update in the same transaction; and a transaction that fails leaves nothing in the index.
TEST_P(StoreContract, SearchInsideAWriteSeesItsOwnInsertsAndUpdates) {
    auto numbers = [](const PetitionPage& page) {
        std::vector<std::string> out;
        for (const auto& p : page.items) out.push_back(p.number);
        return out;
    };
    auto search = [](Transaction& tx, std::string_view q) -> Result<std::vector<std::string>> {
        SearchRequest r{.filter = TextFilter(q, {.limit = 50}), .order = SearchOrder::kNewest, .cap = 100};
        XF_ASSIGN_OR_RETURN(SearchPage page, tx.petitions().Search(r));
        std::vector<std::string> out;
        for (const auto& x : page.items) out.push_back(x.petition.number);
        return out;
    };
    int64_t org = 0;
    ASSERT_OK(store().Write([&](Transaction& tx) -> Status {
        XF_ASSIGN_OR_RETURN(Org o, tx.orgs().Insert(MakeOrg("w", std::nullopt)));
        org = o.id;
        return Ok();
    }));
    const std::string long_text = "某建筑公司拖欠我们三十名农民工工资共计四十万元，至今未付，请求帮助追讨。";
    Status rolled_back = store().Write([&](Transaction& tx) -> Status {
        Petition p = MakeCase("W-1", At(2026, 3, 1, 8), org, org);
        p.title = "道路维修";
        p.content = long_text;
        XF_ASSIGN_OR_RETURN(p, tx.petitions().Insert(p));
        XF_ASSIGN_OR_RETURN(auto found, search(tx, "维修"));
        EXPECT_EQ(found, V({"W-1"}));
        XF_ASSIGN_OR_RETURN(PetitionPage listed, tx.petitions().List(TextFilter("维修")));
        EXPECT_EQ(numbers(listed), V({"W-1"}));
        XF_ASSIGN_OR_RETURN(int64_t counted, tx.petitions().Count(TextFilter("维修")));
        EXPECT_EQ(counted, 1);
        Petition draft = p;
        draft.id = 0;
        XF_ASSIGN_OR_RETURN(auto same, tx.petitions().FindByMatchKeys(repeat::MatchKeys(draft), 5));
        EXPECT_EQ(same.size(), 1u);

        p.title = "噪音扰民";
        XF_ASSIGN_OR_RETURN(p, tx.petitions().Update(p));
        XF_ASSIGN_OR_RETURN(found, search(tx, "维修"));
        EXPECT_EQ(found, V({}));
        XF_ASSIGN_OR_RETURN(found, search(tx, "噪音"));
        EXPECT_EQ(found, V({"W-1"}));
        return Fail(Error::Aborted("rolled back on purpose"));
    });
    ASSERT_FALSE(rolled_back);
    EXPECT_EQ(Numbers(store(), TextFilter("噪音")), V({}));
    EXPECT_EQ(Numbers(store(), TextFilter("维修")), V({}));

    ASSERT_OK(store().Write([&](Transaction& tx) -> Status {
        Petition p = MakeCase("W-2", At(2026, 3, 1, 9), org, org);
        p.title = "物业收费";
        p.content = long_text;
        XF_ASSIGN_OR_RETURN(p, tx.petitions().Insert(p));
        p.title = "物业收费过高";
        XF_ASSIGN_OR_RETURN(p, tx.petitions().Update(p));
        return Ok();
    }));
    EXPECT_EQ(Numbers(store(), TextFilter("过高")), V({"W-2"}));
    EXPECT_EQ(Numbers(store(), TextFilter("农民工")), V({"W-2"}));
    ASSERT_OK(store().Read([&](Transaction& tx) -> Status {
        XF_ASSIGN_OR_RETURN(auto found, search(tx, "物业"));
        EXPECT_EQ(found, V({"W-2"}));
        return Ok();
    }));
}

// =================================================================================================================
// 领导接访日 / 预约接访, the notification outbox and portal one-time codes (issue #7)
// =================================================================================================================

ReceptionDay MakeDay(int64_t org_id, Date day, int start = 9 * 60) {
    ReceptionDay d;
    d.org_id = org_id;
    d.date = day;
    d.start_minute = start;
    d.end_minute = start + 180;
    d.slot_minutes = 30;
    d.per_slot = 2;
    d.place = "信访接待大厅";
    d.leader_name = "王某某";
    d.leader_title = "副县长";
    d.topics = "征地拆迁、劳动保障";
    d.published = true;
    d.created_by = 7;
    return d;
}

ReceptionBooking MakeBooking(int64_t day_id, std::string code, int slot = 9 * 60) {
    ReceptionBooking b;
    b.day_id = day_id;
    b.slot_minute = slot;
    b.confirmation_code = std::move(code);
    b.name = "张三";
    b.phone_sealed = "sealed-phone";
    b.id_number_sealed = "sealed-id";
    b.region_code = "520102";
    b.summary = "反映小区加装电梯补贴未发放";
    b.created_at = At(2026, 6, 1, 10, 0);
    return b;
}

TEST_P(StoreContract, ReceptionDaysRoundTripFilterAndVersionCheck) {
    ReceptionDay a, b, c;
    ASSERT_OK(store().Write([&](Transaction& tx) -> Status {
        XF_ASSIGN_OR_RETURN(Org top, tx.orgs().Insert(MakeOrg("city", std::nullopt, OrgLevel::kCity)));
        XF_ASSIGN_OR_RETURN(Org county, tx.orgs().Insert(MakeOrg("county", top.id)));
        XF_ASSIGN_OR_RETURN(Org other, tx.orgs().Insert(MakeOrg("other", std::nullopt)));
        XF_ASSIGN_OR_RETURN(a, tx.reception().InsertDay(MakeDay(county.id, D(2026, 6, 10), 14 * 60)));
        XF_ASSIGN_OR_RETURN(b, tx.reception().InsertDay(MakeDay(top.id, D(2026, 6, 10))));
        ReceptionDay hidden = MakeDay(other.id, D(2026, 6, 12));
        hidden.published = false;
        XF_ASSIGN_OR_RETURN(c, tx.reception().InsertDay(hidden));
        return Ok();
    }));
    EXPECT_GT(a.id, 0);
    EXPECT_EQ(a.version, 1);
    ASSERT_OK(store().Read([&](Transaction& tx) -> Status {
        XF_ASSIGN_OR_RETURN(auto got, tx.reception().GetDay(a.id, false));
        EXPECT_TRUE(got.has_value());
        if (got) {
            EXPECT_EQ(S(got->date), "2026-06-10");
            EXPECT_EQ(got->start_minute, 14 * 60);
            EXPECT_EQ(got->end_minute, 17 * 60);
            EXPECT_EQ(got->slot_minutes, 30);
            EXPECT_EQ(got->per_slot, 2);
            EXPECT_EQ(got->place, "信访接待大厅");
            EXPECT_EQ(got->leader_name, "王某某");
            EXPECT_EQ(got->leader_title, "副县长");
            EXPECT_EQ(got->topics, "征地拆迁、劳动保障");
            EXPECT_TRUE(got->published);
            EXPECT_FALSE(got->cancelled);
            EXPECT_EQ(got->created_by, 7);
        }
        XF_ASSIGN_OR_RETURN(auto none, tx.reception().GetDay(a.id + 1000, false));
        EXPECT_FALSE(none.has_value());
        // All days by date, then start: the city's morning before the county's afternoon.
        XF_ASSIGN_OR_RETURN(auto all, tx.reception().ListDays({}));
        EXPECT_EQ(all.size(), 3u);
        if (all.size() == 3) {
            EXPECT_EQ(all[0].id, b.id);
            EXPECT_EQ(all[1].id, a.id);
            EXPECT_EQ(all[2].id, c.id);
        }
        XF_ASSIGN_OR_RETURN(auto top, tx.orgs().Get(b.org_id));
        ReceptionDayFilter under_city;
        under_city.org_path = top->path;
        XF_ASSIGN_OR_RETURN(auto mine, tx.reception().ListDays(under_city));
        EXPECT_EQ(mine.size(), 2u);  // the city and the county under it, not the other org
        ReceptionDayFilter published;
        published.published_only = true;
        published.from = D(2026, 6, 10);
        published.to = D(2026, 6, 30);
        XF_ASSIGN_OR_RETURN(auto pub, tx.reception().ListDays(published));
        EXPECT_EQ(pub.size(), 2u);
        ReceptionDayFilter later;
        later.from = D(2026, 6, 11);
        XF_ASSIGN_OR_RETURN(auto l, tx.reception().ListDays(later));
        EXPECT_EQ(l.size(), 1u);
        return Ok();
    }));
    // Update bumps the version; a stale version is refused and changes nothing.
    ReceptionDay changed = a;
    changed.place = "县政府一楼接待室";
    changed.cancelled = true;
    ASSERT_OK(store().Write([&](Transaction& tx) -> Status {
        XF_ASSIGN_OR_RETURN(auto stored, tx.reception().UpdateDay(changed));
        EXPECT_EQ(stored.version, 2);
        return Ok();
    }));
    auto stale = store().Write([&](Transaction& tx) -> Status {
        ReceptionDay again = a;  // version 1
        again.place = "别处";
        return Drop(tx.reception().UpdateDay(again));
    });
    ASSERT_FALSE(stale);
    EXPECT_EQ(NameOf(stale.error().code), NameOf(ErrorCode::kAborted));
    ASSERT_OK(store().Read([&](Transaction& tx) -> Status {
        XF_ASSIGN_OR_RETURN(auto got, tx.reception().GetDay(a.id, false));
        EXPECT_EQ(got->place, "县政府一楼接待室");
        EXPECT_TRUE(got->cancelled);
        EXPECT_EQ(got->version, 2);
        ReceptionDayFilter live;
        live.include_cancelled = false;
        XF_ASSIGN_OR_RETURN(auto l, tx.reception().ListDays(live));
        EXPECT_EQ(l.size(), 2u);
        return Ok();
    }));
}

TEST_P(StoreContract, ReceptionBookingsRoundTripByCodeAndUniqueCode) {
    ReceptionDay day;
    ReceptionBooking first;
    ASSERT_OK(store().Write([&](Transaction& tx) -> Status {
        XF_ASSIGN_OR_RETURN(Org o, tx.orgs().Insert(MakeOrg("o", std::nullopt)));
        XF_ASSIGN_OR_RETURN(day, tx.reception().InsertDay(MakeDay(o.id, D(2026, 6, 10))));
        XF_ASSIGN_OR_RETURN(first, tx.reception().InsertBooking(MakeBooking(day.id, "AAAA-BBBB", 10 * 60)));
        XF_ASSIGN_OR_RETURN(auto second, tx.reception().InsertBooking(MakeBooking(day.id, "CCCC-DDDD", 9 * 60)));
        (void)second;
        return Ok();
    }));
    EXPECT_GT(first.id, 0);
    EXPECT_EQ(first.version, 1);
    auto dup = store().Write([&](Transaction& tx) -> Status {
        return Drop(tx.reception().InsertBooking(MakeBooking(day.id, "AAAA-BBBB")));
    });
    ASSERT_FALSE(dup);
    EXPECT_EQ(NameOf(dup.error().code), NameOf(ErrorCode::kAlreadyExists));
    EXPECT_EQ(dup.error().field, "confirmation_code");
    ASSERT_OK(store().Read([&](Transaction& tx) -> Status {
        XF_ASSIGN_OR_RETURN(auto got, tx.reception().FindBookingByCode("AAAA-BBBB"));
        EXPECT_TRUE(got.has_value());
        if (got) {
            EXPECT_EQ(got->id, first.id);
            EXPECT_EQ(got->day_id, day.id);
            EXPECT_EQ(got->slot_minute, 10 * 60);
            EXPECT_EQ(got->name, "张三");
            EXPECT_EQ(got->phone_sealed, "sealed-phone");
            EXPECT_EQ(got->id_number_sealed, "sealed-id");
            EXPECT_EQ(got->region_code, "520102");
            EXPECT_EQ(got->summary, "反映小区加装电梯补贴未发放");
            EXPECT_EQ(got->status, BookingStatus::kBooked);
            EXPECT_FALSE(got->petition_id.has_value());
            EXPECT_EQ(S(got->created_at), S(At(2026, 6, 1, 10, 0)));
        }
        XF_ASSIGN_OR_RETURN(auto none, tx.reception().FindBookingByCode("ZZZZ-ZZZZ"));
        EXPECT_FALSE(none.has_value());
        XF_ASSIGN_OR_RETURN(auto list, tx.reception().ListBookings(day.id));
        EXPECT_EQ(list.size(), 2u);
        if (list.size() == 2) {
            EXPECT_EQ(list[0].confirmation_code, "CCCC-DDDD");  // by slot
            EXPECT_EQ(list[1].confirmation_code, "AAAA-BBBB");
        }
        return Ok();
    }));
    ReceptionBooking registered = first;
    registered.status = BookingStatus::kRegistered;
    registered.petition_id = 42;
    ASSERT_OK(store().Write([&](Transaction& tx) -> Status {
        XF_ASSIGN_OR_RETURN(auto stored, tx.reception().UpdateBooking(registered));
        EXPECT_EQ(stored.version, 2);
        return Ok();
    }));
    auto stale = store().Write([&](Transaction& tx) -> Status {
        ReceptionBooking again = first;
        again.status = BookingStatus::kCancelled;
        return Drop(tx.reception().UpdateBooking(again));
    });
    ASSERT_FALSE(stale);
    EXPECT_EQ(NameOf(stale.error().code), NameOf(ErrorCode::kAborted));
    ASSERT_OK(store().Read([&](Transaction& tx) -> Status {
        XF_ASSIGN_OR_RETURN(auto got, tx.reception().GetBooking(first.id));
        EXPECT_EQ(got->status, BookingStatus::kRegistered);
        EXPECT_EQ(got->petition_id.value_or(0), 42);
        return Ok();
    }));
}

// Bookings counted under the day's lock never exceed the slot's places, however many come at once.
TEST_P(StoreContract, ConcurrentBookingsUnderTheDayLockNeverOverfillASlot) {
    ReceptionDay day;
    ASSERT_OK(store().Write([&](Transaction& tx) -> Status {
        XF_ASSIGN_OR_RETURN(Org o, tx.orgs().Insert(MakeOrg("o", std::nullopt)));
        XF_ASSIGN_OR_RETURN(day, tx.reception().InsertDay(MakeDay(o.id, D(2026, 6, 10))));
        return Ok();
    }));
    constexpr int kThreads = 8;
    std::atomic<int> booked{0}, full{0}, failed{0};
    std::vector<std::thread> threads;
    for (int i = 0; i < kThreads; ++i)
        threads.emplace_back([&, i] {
            bool was_full = false;
            auto s = store().Write([&](Transaction& tx) -> Status {
                was_full = false;
                XF_ASSIGN_OR_RETURN(auto d, tx.reception().GetDay(day.id, true));
                XF_ASSIGN_OR_RETURN(auto list, tx.reception().ListBookings(d->id));
                if (static_cast<int>(list.size()) >= d->per_slot) {
                    was_full = true;
                    return Ok();
                }
                return Drop(tx.reception().InsertBooking(MakeBooking(d->id, "T" + std::to_string(i))));
            });
            if (!s)
                ++failed;
            else if (was_full)
                ++full;
            else
                ++booked;
        });
    for (auto& t : threads) t.join();
    EXPECT_EQ(failed.load(), 0);
    EXPECT_EQ(booked.load(), day.per_slot);
    EXPECT_EQ(full.load(), kThreads - day.per_slot);
}

OutboxMessage MakeMessage(std::string key, Instant due) {
    OutboxMessage m;
    m.key = std::move(key);
    m.channel = NotifyChannel::kSms;
    m.recipient_sealed = "sealed";
    m.body = "【信访】您的信访事项有新进展。";
    m.topic = "petition.step";
    m.created_at = due;
    m.next_attempt_at = due;
    return m;
}

Result<std::vector<OutboxMessage>> Claim(UnitOfWork& s, const std::string& owner, Instant now, int limit,
                                         std::chrono::seconds lease = std::chrono::seconds(60)) {
    std::vector<OutboxMessage> out;
    XF_TRY(s.Write([&](Transaction& tx) -> Status {
        XF_ASSIGN_OR_RETURN(out, tx.outbox().ClaimDue(owner, now, now + lease, limit));
        return Ok();
    }));
    return out;
}

std::vector<std::string> Keys(const std::vector<OutboxMessage>& ms) {
    std::vector<std::string> out;
    for (const auto& m : ms) out.push_back(m.key);
    return out;
}

TEST_P(StoreContract, OutboxEnqueueIsIdempotentAndClaimsDueOldestFirst) {
    auto t0 = At(2026, 6, 1, 8, 0);
    ASSERT_OK(store().Write([&](Transaction& tx) -> Status {
        XF_ASSIGN_OR_RETURN(bool a, tx.outbox().Enqueue(MakeMessage("k2", t0 + 1s)));
        XF_ASSIGN_OR_RETURN(bool b, tx.outbox().Enqueue(MakeMessage("k1", t0)));
        XF_ASSIGN_OR_RETURN(bool c, tx.outbox().Enqueue(MakeMessage("k3", t0 + 10min)));
        OutboxMessage again = MakeMessage("k1", t0);
        again.body = "changed";
        XF_ASSIGN_OR_RETURN(bool d, tx.outbox().Enqueue(again));
        EXPECT_TRUE(a && b && c);
        EXPECT_FALSE(d);  // the key exists: nothing written
        return Ok();
    }));
    auto got = Claim(store(), "s1", t0 + 5s, 10);
    ASSERT_OK(got);
    EXPECT_EQ(Keys(*got), V({"k1", "k2"}));  // k3 is not due yet
    if (got->size() == 2) {
        EXPECT_EQ((*got)[0].attempts, 1);
        EXPECT_EQ((*got)[0].body, "【信访】您的信访事项有新进展。");
        EXPECT_EQ((*got)[0].recipient_sealed, "sealed");
        EXPECT_EQ((*got)[0].topic, "petition.step");
        EXPECT_EQ((*got)[0].channel, NotifyChannel::kSms);
        EXPECT_EQ((*got)[0].status, OutboxStatus::kPending);
    }
    // Leased: another sender gets nothing until the lease runs out.
    auto other = Claim(store(), "s2", t0 + 30s, 10);
    ASSERT_OK(other);
    EXPECT_TRUE(other->empty());
    other = Claim(store(), "s2", t0 + 66s, 1);
    ASSERT_OK(other);
    EXPECT_EQ(Keys(*other), V({"k1"}));
    if (!other->empty()) {
        EXPECT_EQ((*other)[0].attempts, 2);  // a claim counts an attempt, also one that never finished
    }
    ASSERT_OK(store().Read([&](Transaction& tx) -> Status {
        XF_ASSIGN_OR_RETURN(auto c, tx.outbox().Counts());
        EXPECT_EQ(c.pending, 3);
        EXPECT_EQ(c.sent, 0);
        EXPECT_EQ(S(c.oldest_pending.value_or(Instant{})), S(t0));
        return Ok();
    }));
}

TEST_P(StoreContract, OutboxMarksOnlyUnderTheOwnersLease) {
    auto t0 = At(2026, 6, 1, 8, 0);
    ASSERT_OK(store().Write([&](Transaction& tx) { return Drop(tx.outbox().Enqueue(MakeMessage("a", t0))); }));
    ASSERT_OK(store().Write([&](Transaction& tx) { return Drop(tx.outbox().Enqueue(MakeMessage("b", t0))); }));
    auto got = Claim(store(), "s1", t0, 10, 60s);
    ASSERT_OK(got);
    ASSERT_EQ(got->size(), 2u);
    int64_t a = (*got)[0].id, b = (*got)[1].id;
    // s1's lease on `a` expires and s2 takes it over: s1's late marks do nothing.
    auto taken = Claim(store(), "s2", t0 + 61s, 1);
    ASSERT_OK(taken);
    ASSERT_EQ(Keys(*taken), V({"a"}));
    ASSERT_OK(store().Write([&](Transaction& tx) -> Status {
        XF_ASSIGN_OR_RETURN(bool late, tx.outbox().MarkSent(a, "s1", t0 + 62s));
        EXPECT_FALSE(late);
        XF_ASSIGN_OR_RETURN(bool ok, tx.outbox().MarkSent(a, "s2", t0 + 63s));
        EXPECT_TRUE(ok);
        XF_ASSIGN_OR_RETURN(bool again, tx.outbox().MarkSent(a, "s2", t0 + 64s));
        EXPECT_FALSE(again);  // already sent
        XF_ASSIGN_OR_RETURN(bool failed, tx.outbox().MarkFailed(b, "s1", "网关超时", t0 + 5min, false));
        EXPECT_TRUE(failed);
        return Ok();
    }));
    ASSERT_OK(store().Read([&](Transaction& tx) -> Status {
        XF_ASSIGN_OR_RETURN(auto ma, tx.outbox().Get(a));
        EXPECT_EQ(ma->status, OutboxStatus::kSent);
        EXPECT_EQ(S(ma->sent_at.value_or(Instant{})), S(t0 + 63s));
        XF_ASSIGN_OR_RETURN(auto mb, tx.outbox().Get(b));
        EXPECT_EQ(mb->status, OutboxStatus::kPending);
        EXPECT_EQ(mb->last_error, "网关超时");
        EXPECT_EQ(S(mb->next_attempt_at), S(t0 + 5min));
        EXPECT_EQ(mb->attempts, 1);
        return Ok();
    }));
    // Failed: due again only at next_attempt_at (its lease is released).
    auto early = Claim(store(), "s3", t0 + 4min, 10);
    ASSERT_OK(early);
    EXPECT_TRUE(early->empty());
    auto retry = Claim(store(), "s3", t0 + 5min, 10);
    ASSERT_OK(retry);
    EXPECT_EQ(Keys(*retry), V({"b"}));
    ASSERT_OK(store().Write([&](Transaction& tx) -> Status {
        XF_ASSIGN_OR_RETURN(bool dead, tx.outbox().MarkFailed(b, "s3", "号码无效", t0 + 6min, true));
        EXPECT_TRUE(dead);
        return Ok();
    }));
    auto none = Claim(store(), "s4", t0 + 1h, 10);
    ASSERT_OK(none);
    EXPECT_TRUE(none->empty());  // dead messages are never claimed again
    ASSERT_OK(store().Read([&](Transaction& tx) -> Status {
        XF_ASSIGN_OR_RETURN(auto c, tx.outbox().Counts());
        EXPECT_EQ(c.pending, 0);
        EXPECT_EQ(c.sent, 1);
        EXPECT_EQ(c.dead, 1);
        EXPECT_FALSE(c.oldest_pending.has_value());
        return Ok();
    }));
}

TEST_P(StoreContract, ConcurrentOutboxClaimsNeverShareAMessage) {
    auto t0 = At(2026, 6, 1, 8, 0);
    constexpr int kMessages = 60;
    ASSERT_OK(store().Write([&](Transaction& tx) -> Status {
        for (int i = 0; i < kMessages; ++i) XF_TRY(Drop(tx.outbox().Enqueue(MakeMessage("m" + std::to_string(i), t0))));
        return Ok();
    }));
    constexpr int kThreads = 6;
    std::mutex mu;
    std::vector<std::string> claimed;
    std::atomic<int> failed{0};
    std::vector<std::thread> threads;
    for (int i = 0; i < kThreads; ++i)
        threads.emplace_back([&, i] {
            for (int round = 0; round < 10; ++round) {
                auto got = Claim(store(), "s" + std::to_string(i), t0 + 1s, 3);
                if (!got) {
                    ++failed;
                    continue;
                }
                std::lock_guard lock(mu);
                for (auto& m : *got) claimed.push_back(m.key);
            }
        });
    for (auto& t : threads) t.join();
    EXPECT_EQ(failed.load(), 0);
    std::set<std::string> unique(claimed.begin(), claimed.end());
    EXPECT_EQ(unique.size(), claimed.size()) << "a message was claimed twice";
    EXPECT_EQ(claimed.size(), static_cast<size_t>(kMessages));  // 6 × 10 × 3 claims ≥ 60 messages
}

TEST_P(StoreContract, PortalOtpPutReplacesGetAndDelete) {
    auto t0 = At(2026, 6, 1, 8, 0);
    ASSERT_OK(store().Write([&](Transaction& tx) -> Status {
        XF_TRY(tx.portal_otps().Put({"ABCD-EFGH-JKLM", "h1", t0 + 10min, 5}));
        XF_TRY(tx.portal_otps().Put({"ABCD-EFGH-JKLM", "h2", t0 + 20min, 4}));
        return tx.portal_otps().Put({"OTHER-CODE", "h3", t0, 5});
    }));
    ASSERT_OK(store().Read([&](Transaction& tx) -> Status {
        XF_ASSIGN_OR_RETURN(auto o, tx.portal_otps().Get("ABCD-EFGH-JKLM"));
        EXPECT_TRUE(o.has_value());
        if (o) {
            EXPECT_EQ(o->code_hash, "h2");
            EXPECT_EQ(S(o->expires_at), S(t0 + 20min));
            EXPECT_EQ(o->attempts_left, 4);
        }
        XF_ASSIGN_OR_RETURN(auto none, tx.portal_otps().Get("NOPE"));
        EXPECT_FALSE(none.has_value());
        return Ok();
    }));
    ASSERT_OK(store().Write([&](Transaction& tx) { return tx.portal_otps().Delete("ABCD-EFGH-JKLM"); }));
    ASSERT_OK(store().Read([&](Transaction& tx) -> Status {
        XF_ASSIGN_OR_RETURN(auto gone, tx.portal_otps().Get("ABCD-EFGH-JKLM"));
        EXPECT_FALSE(gone.has_value());
        XF_ASSIGN_OR_RETURN(auto kept, tx.portal_otps().Get("OTHER-CODE"));
        EXPECT_TRUE(kept.has_value());
        return Ok();
    }));
}

// =================================================================================================================
// Official documents and attachments (issue #8)
// =================================================================================================================

TEST_P(StoreContract, DocumentTemplatesAreVersionedPerKind) {
    DocumentTemplate v1 = DefaultTemplate(DocumentKind::kAcceptanceNotice);
    v1.created_at = At(2026, 6, 1, 8, 0);
    ASSERT_OK(store().Write([&](Transaction& tx) -> Status {
        XF_ASSIGN_OR_RETURN(v1, tx.documents().InsertTemplate(v1));
        DocumentTemplate v2 = v1;
        v2.version = 2;
        v2.body = "新的正文{{信访人}}";
        v2.note = "改了正文";
        v2.created_by = 9;
        XF_TRY(tx.documents().InsertTemplate(v2));
        XF_TRY(tx.documents().InsertTemplate(DefaultTemplate(DocumentKind::kForwardLetter)));
        // The same version again is refused, and the transaction stays usable.
        auto dup = tx.documents().InsertTemplate(v2);
        EXPECT_FALSE(dup);
        if (!dup) {
            EXPECT_EQ(dup.error().code, ErrorCode::kAlreadyExists);
            EXPECT_EQ(dup.error().field, "version");
        }
        return Ok();
    }));
    ASSERT_OK(store().Read([&](Transaction& tx) -> Status {
        XF_ASSIGN_OR_RETURN(auto latest, tx.documents().LatestTemplate(DocumentKind::kAcceptanceNotice));
        EXPECT_TRUE(latest.has_value());
        if (latest) {
            EXPECT_EQ(latest->version, 2);
            EXPECT_EQ(latest->body, "新的正文{{信访人}}");
            EXPECT_EQ(latest->note, "改了正文");
            EXPECT_EQ(latest->created_by, 9);
            EXPECT_EQ(latest->number_format, v1.number_format);
            EXPECT_EQ(latest->addressee, v1.addressee);
        }
        XF_ASSIGN_OR_RETURN(auto versions, tx.documents().TemplateVersions(DocumentKind::kAcceptanceNotice));
        EXPECT_EQ(versions.size(), 2u);
        if (versions.size() == 2) {
            EXPECT_EQ(versions[0].version, 2);
            EXPECT_EQ(versions[1].version, 1);
            EXPECT_EQ(versions[1].title, v1.title);
            EXPECT_EQ(S(versions[1].created_at), S(v1.created_at));
        }
        XF_ASSIGN_OR_RETURN(auto byid, tx.documents().GetTemplate(v1.id));
        EXPECT_TRUE(byid && byid->version == 1 && byid->kind == DocumentKind::kAcceptanceNotice);
        XF_ASSIGN_OR_RETURN(auto none, tx.documents().LatestTemplate(DocumentKind::kSupervisionNotice));
        EXPECT_FALSE(none.has_value());
        XF_ASSIGN_OR_RETURN(auto missing, tx.documents().GetTemplate(987654));
        EXPECT_FALSE(missing.has_value());
        return Ok();
    }));
}

TEST_P(StoreContract, CaseDocumentsAreKeptPerRevisionAndNeverOverwritten) {
    int64_t case_id = 0, other_id = 0, org_id = 0;
    DocumentTemplate t = DefaultTemplate(DocumentKind::kHandlingOpinion);
    CaseDocument first;
    ASSERT_OK(store().Write([&](Transaction& tx) -> Status {
        XF_ASSIGN_OR_RETURN(Org org, tx.orgs().Insert(MakeOrg("county", std::nullopt)));
        org_id = org.id;
        XF_ASSIGN_OR_RETURN(auto c, tx.petitions().Insert(MakeCase("X-1", At(2026, 6, 1, 9, 0), org.id, org.id)));
        XF_ASSIGN_OR_RETURN(auto o, tx.petitions().Insert(MakeCase("X-2", At(2026, 6, 1, 9, 0), org.id, org.id)));
        case_id = c.id;
        other_id = o.id;
        XF_ASSIGN_OR_RETURN(t, tx.documents().InsertTemplate(t));
        CaseDocument d;
        d.petition_id = case_id;
        d.kind = t.kind;
        d.revision = 1;
        d.template_id = t.id;
        d.template_version = t.version;
        d.doc_number = "青山信处〔2026〕7号";
        d.org_id = org.id;
        d.fields_json = R"({"信访人":"张三"})";
        d.content_json = R"({"title":"信访事项处理意见书"})";
        d.sha256 = std::string(64, 'a');
        d.size = 31337;
        d.created_at = At(2026, 6, 2, 10, 0);
        d.created_by = 5;
        XF_ASSIGN_OR_RETURN(first, tx.documents().InsertDocument(d));
        d.revision = 2;
        d.sha256 = std::string(64, 'b');
        XF_TRY(tx.documents().InsertDocument(d));
        d.petition_id = other_id;
        d.revision = 1;
        XF_TRY(tx.documents().InsertDocument(d));
        d.petition_id = case_id;
        auto dup = tx.documents().InsertDocument(d);  // revision 1 of the first case again
        EXPECT_FALSE(dup);
        if (!dup) {
            EXPECT_EQ(dup.error().code, ErrorCode::kAlreadyExists);
        }
        return Ok();
    }));
    ASSERT_OK(store().Read([&](Transaction& tx) -> Status {
        XF_ASSIGN_OR_RETURN(auto list, tx.documents().ListDocuments(case_id));
        EXPECT_EQ(list.size(), 2u);
        if (list.size() == 2) {
            EXPECT_EQ(list[0].revision, 1);
            EXPECT_EQ(list[0].sha256, std::string(64, 'a'));
            EXPECT_EQ(list[1].revision, 2);
            EXPECT_EQ(list[1].sha256, std::string(64, 'b'));
        }
        XF_ASSIGN_OR_RETURN(auto got, tx.documents().GetDocument(first.id));
        EXPECT_TRUE(got.has_value());
        if (got) {
            EXPECT_EQ(got->kind, DocumentKind::kHandlingOpinion);
            EXPECT_EQ(got->template_id, t.id);
            EXPECT_EQ(got->template_version, 1);
            EXPECT_EQ(got->doc_number, "青山信处〔2026〕7号");
            EXPECT_EQ(got->org_id, org_id);
            EXPECT_EQ(got->fields_json, R"({"信访人":"张三"})");
            EXPECT_EQ(got->content_json, R"({"title":"信访事项处理意见书"})");
            EXPECT_EQ(got->size, 31337);
            EXPECT_EQ(S(got->created_at), S(At(2026, 6, 2, 10, 0)));
            EXPECT_EQ(got->created_by, 5);
        }
        XF_ASSIGN_OR_RETURN(auto other, tx.documents().ListDocuments(other_id));
        EXPECT_EQ(other.size(), 1u);
        XF_ASSIGN_OR_RETURN(auto none, tx.documents().GetDocument(987654));
        EXPECT_FALSE(none.has_value());
        return Ok();
    }));
    // A document recorded before its PDF (deferred rendering) gets it once.
    int64_t deferred_id = 0;
    ASSERT_OK(store().Write([&](Transaction& tx) -> Status {
        XF_ASSIGN_OR_RETURN(auto d, tx.documents().GetDocument(first.id));
        if (!d) return Fail(Error::Internal("missing"));
        d->revision = 3;
        d->sha256.clear();
        d->size = 0;
        XF_ASSIGN_OR_RETURN(auto saved, tx.documents().InsertDocument(*d));
        deferred_id = saved.id;
        XF_ASSIGN_OR_RETURN(bool set, tx.documents().SetDocumentFile(deferred_id, std::string(64, 'e'), 777));
        XF_ASSIGN_OR_RETURN(bool again, tx.documents().SetDocumentFile(deferred_id, std::string(64, 'd'), 1));
        XF_ASSIGN_OR_RETURN(bool overwritten, tx.documents().SetDocumentFile(first.id, std::string(64, 'f'), 1));
        EXPECT_FALSE(overwritten);  // a stored PDF is never replaced
        EXPECT_TRUE(set);
        EXPECT_FALSE(again);
        return Ok();
    }));
    ASSERT_OK(store().Read([&](Transaction& tx) -> Status {
        XF_ASSIGN_OR_RETURN(auto d, tx.documents().GetDocument(deferred_id));
        EXPECT_TRUE(d && d->sha256 == std::string(64, 'e') && d->size == 777);
        return Ok();
    }));
}

TEST_P(StoreContract, AttachmentsCountBytesAndDeleteOnceKeepingTheRow) {
    int64_t case_id = 0;
    Attachment a, b;
    ASSERT_OK(store().Write([&](Transaction& tx) -> Status {
        XF_ASSIGN_OR_RETURN(Org org, tx.orgs().Insert(MakeOrg("county", std::nullopt)));
        XF_ASSIGN_OR_RETURN(auto c, tx.petitions().Insert(MakeCase("X-1", At(2026, 6, 1, 9, 0), org.id, org.id)));
        case_id = c.id;
        Attachment x;
        x.petition_id = case_id;
        x.sha256 = std::string(64, 'c');
        x.size = 1000;
        x.media_type = "application/pdf";
        x.file_name = "来信扫描件.pdf";
        x.source = "staff";
        x.uploaded_at = At(2026, 6, 1, 10, 0);
        x.uploaded_by = 3;
        XF_ASSIGN_OR_RETURN(a, tx.documents().InsertAttachment(x));
        x.size = 250;
        x.media_type = "image/jpeg";
        x.file_name = "现场照片.jpg";
        x.source = "portal";
        x.uploaded_by = 0;
        XF_ASSIGN_OR_RETURN(b, tx.documents().InsertAttachment(x));
        XF_ASSIGN_OR_RETURN(int64_t bytes, tx.documents().AttachmentBytes(case_id));
        EXPECT_EQ(bytes, 1250);
        return Ok();
    }));
    EXPECT_GT(a.id, 0);
    EXPECT_GT(b.id, a.id);
    ASSERT_OK(store().Write([&](Transaction& tx) -> Status {
        XF_ASSIGN_OR_RETURN(bool first, tx.documents().DeleteAttachment(a.id, 4, At(2026, 6, 3, 9, 0), "误传"));
        XF_ASSIGN_OR_RETURN(bool again, tx.documents().DeleteAttachment(a.id, 4, At(2026, 6, 3, 9, 5), "again"));
        XF_ASSIGN_OR_RETURN(bool missing, tx.documents().DeleteAttachment(987654, 4, At(2026, 6, 3, 9, 5), "x"));
        EXPECT_TRUE(first);
        EXPECT_FALSE(again);
        EXPECT_FALSE(missing);
        return Ok();
    }));
    ASSERT_OK(store().Read([&](Transaction& tx) -> Status {
        XF_ASSIGN_OR_RETURN(auto live, tx.documents().ListAttachments(case_id, false));
        EXPECT_EQ(live.size(), 1u);
        if (live.size() == 1) {
            EXPECT_EQ(live[0].id, b.id);
            EXPECT_EQ(live[0].file_name, "现场照片.jpg");
            EXPECT_EQ(live[0].source, "portal");
            EXPECT_EQ(live[0].uploaded_by, 0);
            EXPECT_FALSE(live[0].deleted_at.has_value());
        }
        XF_ASSIGN_OR_RETURN(auto all, tx.documents().ListAttachments(case_id, true));
        EXPECT_EQ(all.size(), 2u);
        XF_ASSIGN_OR_RETURN(auto gone, tx.documents().GetAttachment(a.id));
        EXPECT_TRUE(gone.has_value());
        if (gone) {
            EXPECT_TRUE(gone->deleted_at.has_value());
            if (gone->deleted_at) {
                EXPECT_EQ(S(*gone->deleted_at), S(At(2026, 6, 3, 9, 0)));
            }
            EXPECT_EQ(gone->deleted_by, 4);
            EXPECT_EQ(gone->delete_reason, "误传");
            EXPECT_EQ(gone->sha256, std::string(64, 'c'));
            EXPECT_EQ(gone->media_type, "application/pdf");
            EXPECT_EQ(S(gone->uploaded_at), S(At(2026, 6, 1, 10, 0)));
        }
        XF_ASSIGN_OR_RETURN(int64_t bytes, tx.documents().AttachmentBytes(case_id));
        EXPECT_EQ(bytes, 250);
        XF_ASSIGN_OR_RETURN(int64_t none, tx.documents().AttachmentBytes(987654));
        EXPECT_EQ(none, 0);
        return Ok();
    }));
}

}  // namespace
}  // namespace xf::storage
