// Use cases over a real SQLite store with a FakeClock: behaviour that depends on time passing.
#include "app/services.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <set>
#include <fstream>
#include <sstream>

#include "domain/testing/shipped_data.hpp"
#include "storage/sqlite/sqlite_store.hpp"
#include "tabular/table.hpp"

#include <sqlite3.h>

namespace xf::app {
namespace {
using namespace std::chrono;

HolidayCalendar Calendar2026() { return testing::ShippedCalendarYear(2026); }

class ServicesTest : public ::testing::Test {
protected:
    void SetUp() override {
        ASSERT_TRUE(crypto::Init());
        dir_ = std::filesystem::temp_directory_path() /
               ("xf-app-" + std::to_string(::getpid()) + "-" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
        std::filesystem::remove_all(dir_);
        auto store = storage::OpenSqliteStore({dir_ / "t.db"});
        ASSERT_TRUE(store) << store.error().message;
        store_ = std::move(*store);
        AppOptions opt;
        opt.password_params = {1, 1024, 1};
        cipher_ = *crypto::FieldCipher::FromText(crypto::FieldCipher::GenerateKeyText());
        svc_ = std::make_unique<Services>(*store_, clock_, Calendar2026(), *cipher_, opt);
        ASSERT_TRUE(svc_->ImportCategories(testing::ShippedCategories()));
        ASSERT_TRUE(svc_->ImportOrgs({{"county", "", "某县信访局", "county", "petition_office", "991021"},
                                      {"hr", "county", "某县人社局", "county", "department", "991021"}}));
        ASSERT_TRUE(svc_->AddUser("reg", "登记员", "county", RoleSet{Role::kRegistrar, Role::kHandler},
                                  DataScope::kOrg, "password-1"));
        auto login = svc_->Login("reg", "password-1", {});
        ASSERT_TRUE(login) << login.error().message;
        who_ = {login->user, login->org};
    }
    void TearDown() override {
        svc_.reset();
        store_.reset();
        std::filesystem::remove_all(dir_);
    }
    Registered Register() {
        RegisterCommand c;
        c.channel = "letter";
        c.category_code = "0402";
        c.region_code = "991021";
        c.title = "拖欠工资";
        c.content = "拖欠工资三个月";
        c.petitioners.push_back({"李四", "", "13912345678", "", false});
        auto r = svc_->Register(who_, c, {});
        EXPECT_TRUE(r) << r.error().message;
        return *r;
    }

    std::filesystem::path dir_;
    FakeClock clock_{sys_days(2026y / March / 2) + 2h};  // 10:00 in Beijing
    std::unique_ptr<UnitOfWork> store_;
    std::optional<crypto::FieldCipher> cipher_;
    std::unique_ptr<Services> svc_;
    Principal who_;
};

TEST_F(ServicesTest, RouteClockBecomesOverdueAsDaysPass) {
    auto r = Register();
    ListQuery overdue;
    overdue.overdue = true;
    EXPECT_TRUE(svc_->List(who_, overdue)->items.empty());
    clock_.Advance(days(15));  // 03-17: due today, not yet overdue (Art. 22)
    EXPECT_TRUE(svc_->List(who_, overdue)->items.empty());
    EXPECT_EQ(svc_->Counts(who_)->due_soon, 1);
    clock_.Advance(days(1));
    auto items = svc_->List(who_, overdue)->items;
    ASSERT_EQ(items.size(), 1u);
    EXPECT_EQ(items[0].petition.id, r.id);
    EXPECT_EQ(items[0].remaining_days, -1);
    EXPECT_EQ(svc_->Counts(who_)->overdue, 1);
    // The due-soon queue holds cases not yet overdue.
    ListQuery soon;
    soon.due_within_days = 3;
    EXPECT_TRUE(svc_->List(who_, soon)->items.empty());
    clock_.Advance(-days(2));  // 03-15: due in two days
    EXPECT_EQ(svc_->List(who_, soon)->items.size(), 1u);
}

// ListFilter drops the viewer's scope test when every case the queue can hold is held inside the scope (a case is
// always involved with its holder). The lists must be the same as with the scope applied: kept where the queue's
// unit lies outside the viewer's subtree or unit, dropped only where it is implied.
TEST_F(ServicesTest, UnitQueuesListTheSameCasesWhetherOrNotTheScopeIsImplied) {
    ASSERT_TRUE(svc_->ImportOrgs({{"other", "", "另一县信访局", "county", "petition_office", "991022"}}));
    ASSERT_TRUE(svc_->AddUser("countysub", "县局", "county", RoleSet{Role::kHandler}, DataScope::kSubtree, "password-2"));
    ASSERT_TRUE(svc_->AddUser("hrsub", "人社", "hr", RoleSet{Role::kHandler}, DataScope::kSubtree, "password-2"));
    ASSERT_TRUE(svc_->AddUser("hrorg", "人社", "hr", RoleSet{Role::kHandler}, DataScope::kOrg, "password-2"));
    auto as = [&](const std::string& login) {
        auto l = svc_->Login(login, "password-2", {});
        EXPECT_TRUE(l) << l.error().message;
        return Principal{l->user, l->org};
    };
    const Principal county_sub = as("countysub"), hr_sub = as("hrsub"), hr_org = as("hrorg");
    std::map<std::string, int64_t> org;
    auto orgs = svc_->ListOrgs(county_sub);
    ASSERT_TRUE(orgs) << orgs.error().message;
    for (const auto& o : *orgs) org[o.code] = o.id;
    ASSERT_EQ(org.count("hr"), 1u);
    auto forward = [&](int64_t id, const std::string& to) {
        ActionInput in;
        in.target_org_id = org.at(to);
        auto r = svc_->Act(who_, id, Action::kForward, in, std::nullopt, {});
        ASSERT_TRUE(r) << r.error().message;
    };
    const int64_t a = Register().id;  // registered at county, held by hr: involves county and hr
    const int64_t b = Register().id;  // registered and held at county
    const int64_t c = Register().id;  // registered at county, held by the other county's office
    ASSERT_NO_FATAL_FAILURE(forward(a, "hr"));
    ASSERT_NO_FATAL_FAILURE(forward(c, "other"));
    auto ids = [&](const Principal& who, const std::string& unit, bool subtree) {
        ListQuery q;
        q.filter.current_org_id = org.at(unit);
        q.filter.open_only = true;
        q.org_subtree = subtree;
        auto r = svc_->List(who, q);
        EXPECT_TRUE(r) << r.error().message;
        std::set<int64_t> out;
        if (r) for (const auto& i : r->items) out.insert(i.petition.id);
        return out;
    };
    using Ids = std::set<int64_t>;
    // Units inside the viewer's scope: the scope is implied.
    EXPECT_EQ(ids(county_sub, "hr", false), Ids{a});
    EXPECT_EQ(ids(county_sub, "county", false), Ids{b});
    EXPECT_EQ(ids(county_sub, "county", true), (Ids{a, b}));
    EXPECT_EQ(ids(hr_sub, "hr", false), Ids{a});
    EXPECT_EQ(ids(hr_org, "hr", true), Ids{a});
    EXPECT_EQ(ids(who_, "county", false), Ids{b});
    // Units outside it: only the cases that involve the viewer's scope.
    EXPECT_EQ(ids(county_sub, "other", false), Ids{c});  // c involves county, where it was registered
    EXPECT_EQ(ids(hr_sub, "county", false), Ids{});
    EXPECT_EQ(ids(hr_sub, "county", true), Ids{a});
    EXPECT_EQ(ids(hr_org, "county", false), Ids{});
    EXPECT_EQ(ids(hr_org, "other", false), Ids{});
    EXPECT_EQ(ids(who_, "hr", false), Ids{a});
    EXPECT_EQ(ids(who_, "other", false), Ids{c});
}

TEST_F(ServicesTest, ReplyWindowLapsesIntoConclusion) {
    auto r = Register();
    ASSERT_TRUE(svc_->Act(who_, r.id, Action::kAcceptDirectly, {}, std::nullopt, {}));
    ActionInput in;
    in.outcome = Outcome::kExplained;
    in.facts = "经查";
    in.reasons = "解释政策";
    in.legal_basis = "《劳动法》";
    ASSERT_TRUE(svc_->Act(who_, r.id, Action::kReply, in, std::nullopt, {}));
    EXPECT_EQ(*svc_->ConcludeLapsed(), 0);
    clock_.Advance(days(30));  // 04-01: the 30-day window ends today
    EXPECT_EQ(*svc_->ConcludeLapsed(), 0);
    clock_.Advance(days(1));
    EXPECT_EQ(*svc_->ConcludeLapsed(), 1);
    EXPECT_EQ(svc_->Get(who_, r.id, {})->petition.state, State::kConcluded);
    EXPECT_EQ(*svc_->ConcludeLapsed(), 0);  // idempotent
    // Too late for a review request now.
    auto late = svc_->PortalAct(r.query_code, r.secret, Action::kRequestReview, {}, {});
    ASSERT_FALSE(late);
    EXPECT_EQ(late.error().code, ErrorCode::kFailedPrecondition);
}

// The secret is stored as a keyed hash ("k1:…", useless without the server key); a case stored with the earlier
// plain SHA-256 of "code:secret" still opens with its secret, and neither form opens with a wrong one.
TEST_F(ServicesTest, PortalSecretsAreKeyedAndOldPlainHashesStillOpen) {
    auto r = Register();
    Petition stored;
    ASSERT_TRUE(store_->Read([&](Transaction& tx) -> Status {
        auto p = tx.petitions().Get(r.id);
        if (!p || !*p) return Fail(Error::Internal("missing"));
        stored = **p;
        return Ok();
    }));
    EXPECT_TRUE(stored.secret_hash.starts_with("k1:")) << stored.secret_hash;
    EXPECT_NE(stored.secret_hash.substr(3), crypto::Sha256Hex(r.query_code + ":" + r.secret));
    EXPECT_TRUE(svc_->Lookup(r.query_code, r.secret, {}));
    EXPECT_EQ(svc_->Lookup(r.query_code, "WRONG234", {}).error().code, ErrorCode::kNotFound);
    // The same case as an earlier version stored it.
    stored.secret_hash = crypto::Sha256Hex(r.query_code + ":" + r.secret);
    ASSERT_TRUE(store_->Write([&](Transaction& tx) -> Status {
        auto u = tx.petitions().Update(stored);
        if (!u) return Fail(u.error());
        return Ok();
    }));
    auto v = svc_->Lookup(r.query_code, r.secret, {});
    ASSERT_TRUE(v) << v.error().message;
    EXPECT_EQ(v->number, r.number);
    EXPECT_EQ(svc_->Lookup(r.query_code, "WRONG234", {}).error().code, ErrorCode::kNotFound);
}

TEST_F(ServicesTest, CalendarChangeRecomputesOpenDeadlines) {
    auto r = Register();  // route due 2026-03-17
    EXPECT_EQ(*svc_->RecomputeDeadlinesIfCalendarChanged(), 0);  // first run records the fingerprint
    // An office adds a holiday on the due date: the deadline moves to the next working day.
    auto cal = Calendar2026();
    cal.Merge(*HolidayCalendar::ParseTsv("date\tkind\tname\n2026-03-17\tholiday\t地方假日\n", "local"));
    AppOptions opt;
    opt.password_params = {1, 1024, 1};
    Services changed(*store_, clock_, cal, *cipher_, opt);
    ASSERT_TRUE(changed.LoadCategories());
    EXPECT_EQ(*changed.RecomputeDeadlinesIfCalendarChanged(), 1);
    EXPECT_EQ(*changed.RecomputeDeadlinesIfCalendarChanged(), 0);
    auto v = changed.Get(who_, r.id, {});
    ASSERT_TRUE(v);
    EXPECT_EQ(FormatDate(v->petition.FindRunningClock(ClockKind::kRoute)->due), "2026-03-18");
}

TEST_F(ServicesTest, ReturnIsRefusedAfterFiveWorkingDays) {
    ASSERT_TRUE(svc_->AddUser("hr", "人社", "hr", RoleSet{Role::kHandler}, DataScope::kOrg, "password-2"));
    auto hr_login = svc_->Login("hr", "password-2", {});
    Principal hr{hr_login->user, hr_login->org};
    auto r = Register();
    ActionInput fwd;
    auto orgs = *svc_->ListOrgs(who_);
    fwd.target_org_id = orgs[1].id;
    ASSERT_TRUE(svc_->Act(who_, r.id, Action::kForward, fwd, std::nullopt, {}));
    clock_.Advance(days(8));  // 03-10 is the 6th working day after 03-02
    ActionInput ret;
    ret.reason = "不属本单位职责";
    auto refused = svc_->Act(hr, r.id, Action::kReturn, ret, std::nullopt, {});
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, ErrorCode::kFailedPrecondition);
    clock_.Advance(-days(1));  // 03-09, the 5th working day
    auto ok = svc_->Act(hr, r.id, Action::kReturn, ret, std::nullopt, {});
    ASSERT_TRUE(ok) << ok.error().message;
    EXPECT_EQ(ok->petition.state, State::kRegistered);
}

TEST_F(ServicesTest, EveryStateChangeWritesOneEventAndOneAuditRecord) {
    ASSERT_TRUE(svc_->AddUser("admin", "管理员", "county", RoleSet{Role::kAdmin}, DataScope::kAll, "password-3"));
    auto a = svc_->Login("admin", "password-3", {});
    Principal admin{a->user, a->org};
    auto r = Register();
    ASSERT_TRUE(svc_->Act(who_, r.id, Action::kAcceptDirectly, {}, std::nullopt, {"req-1", "127.0.0.1"}));
    auto view = svc_->Get(who_, r.id, {});
    ASSERT_EQ(view->events.size(), 2u);
    EXPECT_EQ(view->events[1].action, "accept_directly");
    auto audit = svc_->AuditTrail(admin, r.id);
    ASSERT_TRUE(audit);
    ASSERT_EQ(audit->size(), 2u);
    EXPECT_EQ((*audit)[0].action, "petition.accept_directly");
    EXPECT_EQ((*audit)[0].request_id, "req-1");
    // A refused action writes nothing.
    auto bad = svc_->Act(who_, r.id, Action::kAccept, {}, std::nullopt, {});
    ASSERT_FALSE(bad);
    EXPECT_EQ(svc_->Get(who_, r.id, {})->events.size(), 2u);
    EXPECT_EQ(svc_->AuditTrail(admin, r.id)->size(), 2u);
}

TEST_F(ServicesTest, PersonalDataIsEncryptedAtRestAndMasked) {
    auto r = Register();
    auto view = svc_->Get(who_, r.id, {});
    EXPECT_EQ(view->petitioners[0].phone, "139****5678");
    EXPECT_NE(view->petition.petitioners[0].phone_sealed.find("v1:"), std::string::npos);
    // The database file never holds the phone number in clear.
    store_.reset();
    svc_.reset();
    std::ifstream in(dir_ / "t.db", std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    EXPECT_EQ(ss.str().find("13912345678"), std::string::npos);
}

TEST_F(ServicesTest, WrongPasswordAndUnknownLoginLookTheSame) {
    auto a = svc_->Login("reg", "wrong-password", {});
    auto b = svc_->Login("nobody", "wrong-password", {});
    ASSERT_FALSE(a);
    ASSERT_FALSE(b);
    EXPECT_EQ(a.error().code, ErrorCode::kUnauthenticated);
    EXPECT_EQ(a.error().message, b.error().message);
}

// A ledger is checked in full, then written batch_rows rows per transaction, each with its audit record; a
// 重复信访件编号 finds its case whether that case is in the same batch, an earlier batch or an earlier import; running
// the same import again adds nothing.
TEST_F(ServicesTest, ImportWritesInBatchesResolvesRepeatsAndARerunAddsNothing) {
    auto cell = [](std::string t) {
        tabular::Cell c;
        c.kind = t.empty() ? tabular::Cell::Kind::kEmpty : tabular::Cell::Kind::kText;
        c.text = std::move(t);
        return c;
    };
    auto ledger = [&](std::vector<std::pair<std::string, std::string>> rows) {
        tabular::Table t;
        t.header = {"信访件编号", "登记日期", "信访形式", "登记单位", "重复信访件编号", "标题"};
        t.encoding = "UTF-8";
        int line = 1;
        for (auto& [number, repeat_of] : rows) {
            tabular::Row r;
            r.line = ++line;
            for (std::string v : {number, std::string("2026-02-1") + number.back(), std::string("来信"),
                                  std::string("county"), repeat_of, "台账 " + number})
                r.cells.push_back(cell(v));
            t.rows.push_back(std::move(r));
        }
        return t;
    };
    // Batches of 3: I-1 I-2 I-3 | I-4 I-5 I-6 | I-7. I-3 repeats I-2 (its batch), I-5 repeats I-1 (an earlier
    // batch), I-6 repeats I-5 (its batch, itself a repeat), I-7 repeats I-6.
    auto first = ledger({{"I-1", ""}, {"I-2", ""}, {"I-3", "I-2"}, {"I-4", ""}, {"I-5", "I-1"}, {"I-6", "I-5"},
                         {"I-7", "I-6"}});
    ImportOptions o;
    o.batch_rows = 3;
    o.source_name = "first.csv";
    std::vector<std::pair<std::string, int64_t>> progress;
    o.progress = [&](std::string_view phase, int64_t done, int64_t) {
        if (phase == "写入") progress.emplace_back(std::string(phase), done);
    };
    auto r = svc_->ImportPetitions(first, o);
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_TRUE(r->rejects.empty());
    EXPECT_EQ(r->imported, 7);
    EXPECT_EQ(r->unchanged, 0);
    EXPECT_EQ(progress,
              (std::vector<std::pair<std::string, int64_t>>{{"写入", 0}, {"写入", 3}, {"写入", 6}, {"写入", 7}}));
    {  // the calendar the clocks were computed with is recorded, so that the first `serve` does not recompute them
        std::optional<std::string> fingerprint;
        ASSERT_TRUE(store_->Read([&](Transaction& tx) -> Status {
            XF_ASSIGN_OR_RETURN(fingerprint, tx.settings().Get("calendar_fingerprint"));
            return Ok();
        }));
        EXPECT_TRUE(fingerprint.has_value());
    }
    {  // the planner's statistics were refreshed after the import (UnitOfWork::RefreshPlannerStatistics)
        sqlite3* db = nullptr;
        ASSERT_EQ(sqlite3_open_v2((dir_ / "t.db").c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
        sqlite3_stmt* st = nullptr;
        ASSERT_EQ(sqlite3_prepare_v2(db, "SELECT count(*) FROM sqlite_stat1 WHERE tbl = 'petitions'", -1, &st, nullptr),
                  SQLITE_OK);
        ASSERT_EQ(sqlite3_step(st), SQLITE_ROW);
        EXPECT_GT(sqlite3_column_int(st, 0), 0);
        sqlite3_finalize(st);
        sqlite3_close(db);
    }

    // An earlier import's case, and one row already present.
    auto second = ledger({{"I-8", "I-7"}, {"I-3", "I-2"}});
    o.source_name = "second.csv";
    r = svc_->ImportPetitions(second, o);
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_EQ(r->imported, 1);
    EXPECT_EQ(r->unchanged, 1);

    std::map<std::string, Petition> cases;
    std::vector<AuditRecord> audit;
    ASSERT_TRUE(store_->Read([&](Transaction& tx) -> Status {
        for (int i = 1; i <= 8; ++i) {
            std::string n = "I-" + std::to_string(i);
            XF_ASSIGN_OR_RETURN(auto p, tx.petitions().FindByNumber(n));
            if (!p) return Fail(Error::NotFound(n));
            cases[n] = *p;
        }
        XF_ASSIGN_OR_RETURN(audit, tx.audit().List({}));
        return Ok();
    }));
    auto id = [&](const char* n) { return std::optional<int64_t>(cases.at(n).id); };
    EXPECT_EQ(cases["I-1"].repeat_of, std::nullopt);
    EXPECT_EQ(cases["I-3"].repeat_of, id("I-2"));
    EXPECT_EQ(cases["I-5"].repeat_of, id("I-1"));
    EXPECT_EQ(cases["I-6"].repeat_of, id("I-5"));
    EXPECT_EQ(cases["I-7"].repeat_of, id("I-6"));
    EXPECT_EQ(cases["I-8"].repeat_of, id("I-7"));
    for (const auto& [n, p] : cases) EXPECT_TRUE(p.is_repeat || !p.repeat_of) << n;
    // One audit record per transaction: three for the first file, one for the second.
    std::vector<std::string> batches;
    for (const auto& a : audit)
        if (a.action == "petition.import") batches.push_back(a.object_id + " " + a.detail_json);
    ASSERT_EQ(batches.size(), 4u);
    std::reverse(batches.begin(), batches.end());  // List gives the newest first
    EXPECT_NE(batches[0].find("\"imported\":3"), std::string::npos) << batches[0];
    EXPECT_NE(batches[0].find("\"first_line\":2"), std::string::npos) << batches[0];
    EXPECT_NE(batches[1].find("\"last_line\":7"), std::string::npos) << batches[1];
    EXPECT_NE(batches[2].find("\"last_line\":8"), std::string::npos) << batches[2];
    EXPECT_NE(batches[3].find("second.csv"), std::string::npos) << batches[3];
    EXPECT_NE(batches[3].find("\"unchanged\":1"), std::string::npos) << batches[3];

    // The same file again: nothing new.
    o.source_name = "first.csv";
    r = svc_->ImportPetitions(first, o);
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_EQ(r->imported, 0);
    EXPECT_EQ(r->unchanged, 7);
}

// A database opened empty records that its search index is current, so cases written afterwards (by `petition
// import` before the first `serve`) are not indexed again; one that already holds cases without the record (an
// older version's) is left for the reindex.
TEST_F(ServicesTest, AnEmptyDatabaseAdoptsItsSearchIndexAndAnOlderOneIsReindexed) {
    auto is_marked = [&] {
        std::optional<std::string> v;
        EXPECT_TRUE(store_->Read([&](Transaction& tx) -> Status {
            XF_ASSIGN_OR_RETURN(v, tx.settings().Get("search.index_version"));
            return Ok();
        }));
        return v.has_value() && !v->empty();
    };
    // SetUp registered no case: the fixture's database is empty.
    ASSERT_FALSE(is_marked());
    ASSERT_TRUE(svc_->AdoptSearchIndexOfEmptyDatabase());
    EXPECT_TRUE(is_marked());
    Register();
    auto n = svc_->ReindexSearch(false);
    ASSERT_TRUE(n) << n.error().message;
    EXPECT_EQ(*n, 0);  // nothing to do: the registration indexed itself

    // Without the record (as an older version left it) and with a case: adoption declines, the reindex runs.
    ASSERT_TRUE(store_->Write([&](Transaction& tx) -> Status { return tx.settings().Set("search.index_version", ""); }));
    ASSERT_TRUE(svc_->AdoptSearchIndexOfEmptyDatabase());
    EXPECT_FALSE(is_marked());
    n = svc_->ReindexSearch(false);
    ASSERT_TRUE(n) << n.error().message;
    EXPECT_EQ(*n, 1);
    EXPECT_TRUE(is_marked());
}

}  // namespace

// Job deadline_reminders (issue #10): one internal 到期提醒 step per running duty clock and due date, for the office
// that holds the case, once the due date is within remind_days_before (3) days.
TEST_F(ServicesTest, DeadlineRemindersAreInternalStepsGivenOncePerDueDate) {
    auto r = Register();  // 03-02; the routing clock (Art. 22) is due 03-17
    auto reminders = [&] {
        std::vector<Event> out;
        auto view = svc_->Get(who_, r.id, {});
        EXPECT_TRUE(view) << view.error().message;
        if (!view) return out;
        for (const auto& e : view->events)
            if (e.action == "deadline_reminder") out.push_back(e);
        return out;
    };
    EXPECT_EQ(*svc_->SendDeadlineReminders(), 0);
    clock_.Advance(days(12));  // 03-14: due in 3 days, outside "today and the next 2"
    EXPECT_EQ(*svc_->SendDeadlineReminders(), 0);
    clock_.Advance(days(1));  // 03-15: due in 2 days
    EXPECT_EQ(*svc_->SendDeadlineReminders(), 1);
    EXPECT_EQ(*svc_->SendDeadlineReminders(), 0);  // once
    auto got = reminders();
    ASSERT_EQ(got.size(), 1u);
    EXPECT_FALSE(got[0].is_public);  // the petitioner's timeline does not show it
    EXPECT_EQ(got[0].actor_kind, "system");
    EXPECT_EQ(got[0].org_id, who_.org.id);
    EXPECT_NE(got[0].internal_note.find("2026-03-17，还剩 2 天"), std::string::npos) << got[0].internal_note;
    clock_.Advance(days(2));  // 03-17: due today; the same due date gets no second reminder
    EXPECT_EQ(*svc_->SendDeadlineReminders(), 0);
    // Routed: that clock stops and the acceptance clock's due date is far away.
    ASSERT_TRUE(svc_->Act(who_, r.id, Action::kAcceptDirectly, {}, std::nullopt, {}));
    EXPECT_EQ(*svc_->SendDeadlineReminders(), 0);
    EXPECT_EQ(reminders().size(), 1u);
    auto portal = svc_->Lookup(r.query_code, r.secret, {});
    ASSERT_TRUE(portal) << portal.error().message;
    for (const auto& step : portal->steps) {
        EXPECT_NE(step.action, "deadline_reminder");
        EXPECT_EQ(step.text.find("到期提醒"), std::string::npos);
    }
}

// Job stats_sample_check (issue #10): a recount of sampled orgs equals their rollups, and a changed rollup cell
// is found and named.
TEST_F(ServicesTest, StatsSampleCheckRecountsOrgsAndFindsAChangedCell) {
    for (int i = 0; i < 3; ++i) Register();
    auto c = svc_->CheckStatsSample();
    ASSERT_TRUE(c) << c.error().message;
    EXPECT_EQ(c->mismatches, 0) << (c->examples.empty() ? "" : c->examples.front());
    EXPECT_EQ(c->cases, 3);  // county's subtree; hr registered none
    EXPECT_GT(c->cells, 0);
    EXPECT_EQ(c->org_codes, (std::vector<std::string>{"county", "hr"}));

    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open((dir_ / "t.db").c_str(), &db), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(db,
                           "UPDATE stat_month SET batches = batches + 1 WHERE (org_id, dim, month, key) = (SELECT "
                           "org_id, dim, month, key FROM stat_month WHERE org_id = (SELECT id FROM orgs WHERE code = "
                           "'county') ORDER BY dim, month, key LIMIT 1)",
                           nullptr, nullptr, nullptr),
              SQLITE_OK);
    EXPECT_EQ(sqlite3_changes(db), 1);
    sqlite3_close(db);
    c = svc_->CheckStatsSample();
    ASSERT_TRUE(c) << c.error().message;
    EXPECT_EQ(c->mismatches, 1);
    ASSERT_FALSE(c->examples.empty());
    EXPECT_NE(c->examples.front().find("stat_month county"), std::string::npos) << c->examples.front();

    // A budget smaller than county's subtree: county is skipped (left to `stats verify`), hr is recounted.
    AppOptions small;
    small.password_params = {1, 1024, 1};
    small.stats_sample_cases = 2;
    Services tight(*store_, clock_, Calendar2026(), *cipher_, small);
    c = tight.CheckStatsSample();
    ASSERT_TRUE(c) << c.error().message;
    auto again = tight.CheckStatsSample();
    ASSERT_TRUE(again) << again.error().message;
    std::vector<std::string> skipped = c->skipped_codes;
    skipped.insert(skipped.end(), again->skipped_codes.begin(), again->skipped_codes.end());
    EXPECT_NE(std::find(skipped.begin(), skipped.end(), "county"), skipped.end());
}

// The console's 定时任务 page: the catalog with each job's last run, administrators only; a failing job is shown
// as failed and the others still run.
TEST_F(ServicesTest, JobListShowsEachJobsLastRunToAdministrators) {
    EXPECT_EQ(svc_->ListJobs(who_).error().code, ErrorCode::kPermissionDenied);
    ASSERT_TRUE(svc_->AddUser("adm", "管理员", "county", RoleSet{Role::kAdmin}, DataScope::kAll, "password-1"));
    auto login = svc_->Login("adm", "password-1", {});
    ASSERT_TRUE(login) << login.error().message;
    Principal admin{login->user, login->org};
    auto before = svc_->ListJobs(admin);
    ASSERT_TRUE(before) << before.error().message;
    std::vector<std::string> names;
    for (const auto& j : *before) {
        names.push_back(j.name);
        EXPECT_FALSE(j.status.has_value()) << j.name;
    }
    for (const char* n : {"conclude_lapsed", "deadline_check", "recompute_deadlines_daily", "deadline_reminders",
                          "stats_sample_check", "audit_retention"})
        EXPECT_NE(std::find(names.begin(), names.end(), n), names.end()) << n;

    Register();
    auto ran = svc_->RunDueJobs();
    ASSERT_TRUE(ran) << ran.error().message;
    auto after = svc_->ListJobs(admin);
    ASSERT_TRUE(after);
    for (const auto& j : *after) {
        if (!j.enabled) continue;  // audit_retention: no retention configured
        ASSERT_TRUE(j.status.has_value()) << j.name;
        EXPECT_TRUE(j.status->last_finished_at.has_value()) << j.name;
        EXPECT_FALSE(j.status->last_result.starts_with("error")) << j.name << ": " << j.status->last_result;
    }
    // Run again at once: each job holds its period, nothing runs.
    EXPECT_TRUE(svc_->RunDueJobs()->empty());

    // A broken rollup makes the next daily check fail, visibly, while the other jobs run.
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open((dir_ / "t.db").c_str(), &db), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(db,
                           "UPDATE stat_day SET persons = persons + 5 WHERE (org_id, dim, day, key) = (SELECT org_id, "
                           "dim, day, key FROM stat_day ORDER BY org_id, dim, day, key LIMIT 1)",
                           nullptr, nullptr, nullptr),
              SQLITE_OK);
    sqlite3_close(db);
    clock_.Advance(hours(25));
    ran = svc_->RunDueJobs();
    ASSERT_TRUE(ran) << ran.error().message;
    bool check_failed = false, concluded_ran = false;
    for (const auto& [name, result] : *ran) {
        if (name == "stats_sample_check") check_failed = result.starts_with("error: ");
        if (name == "conclude_lapsed") concluded_ran = true;
    }
    EXPECT_TRUE(check_failed);
    EXPECT_TRUE(concluded_ran);
    auto listed = svc_->ListJobs(admin);
    ASSERT_TRUE(listed);
    for (const auto& j : *listed) {
        if (j.name == "stats_sample_check") {
            EXPECT_TRUE(j.status->last_result.starts_with("error: 统计汇总与逐件重算不一致")) << j.status->last_result;
        }
    }
}

}  // namespace xf::app
