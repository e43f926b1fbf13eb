// The workflow table read as a spec: every (action, state, kind) either appears in kAllowed below with its
// resulting state, or must be refused with kFailedPrecondition naming the rule.
#include "domain/workflow.hpp"
#include "domain/testing/shipped_data.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

namespace xf {
namespace {
using namespace std::chrono;

const HolidayCalendar& Cal() { return testing::ShippedCalendar(); }

Date D(int y, unsigned m, unsigned d) { return Date{year(y), month(m), day(d)}; }

struct Fixture {
    Org office{1, "office", std::nullopt, "某县信访局", OrgLevel::kCounty, OrgKind::kPetitionOffice, "520102", "/1/"};
    Org dept{2, "dept", 1, "某县人社局", OrgLevel::kCounty, OrgKind::kDepartment, "520102", "/1/2/"};
    Org legal{3, "legal", 1, "某县政法委", OrgLevel::kCounty, OrgKind::kPoliticalLegal, "520102", "/1/3/"};
    Org discipline{4, "disc", 1, "某县纪委监委", OrgLevel::kCounty, OrgKind::kDiscipline, "520102", "/1/4/"};
};

// Expected allowed transitions: "action state kind" → resulting state ("=" for unchanged).
const std::map<std::string, std::string> kAllowedExceptSupervision = {
    {"forward registered original", "forwarded"},
    {"assign registered original", "forwarded"},
    {"accept_directly registered original", "accepted"},
    {"transfer_political_legal registered original", "transferred"},
    {"transfer_discipline registered original", "transferred"},
    {"reject registered original", "not_accepted"},
    {"reject forwarded original", "not_accepted"},
    {"reject_repeat registered original", "not_accepted"},
    {"reply_on_spot registered original", "replied"},
    {"return forwarded original", "registered"},
    {"accept forwarded original", "accepted"},
    {"extend accepted original", "="},
    {"reply accepted original", "replied"},
    {"reply accepted review", "replied"},
    {"reply hearing review", "replied"},
    {"reply accepted re_review", "final"},
    {"mediate accepted original", "replied"},
    {"hearing_start accepted re_review", "hearing"},
    {"hearing_end hearing re_review", "accepted"},
    {"request_review replied original", "under_review"},
    {"request_review replied review", "under_review"},
    {"rate replied original", "="}, {"rate replied review", "="}, {"rate replied re_review", "="},
    {"rate under_review original", "="}, {"rate under_review review", "="}, {"rate under_review re_review", "="},
    {"rate concluded original", "="}, {"rate concluded review", "="}, {"rate concluded re_review", "="},
    {"rate final original", "="}, {"rate final review", "="}, {"rate final re_review", "="},
    {"conclude replied original", "concluded"}, {"conclude replied review", "concluded"},
    {"conclude under_review original", "concluded"}, {"conclude under_review review", "concluded"},
    {"finalize under_review original", "final"}, {"finalize under_review review", "final"},
};

// 催办 and 督办 apply to every open case of every kind (Art. 38–39).
std::map<std::string, std::string> BuildAllowed() {
    auto m = kAllowedExceptSupervision;
    for (const char* a : {"remind", "supervise"})
        for (const char* s : {"registered", "forwarded", "accepted", "hearing"})
            for (const char* k : {"original", "review", "re_review"})
                m[std::string(a) + " " + s + " " + k] = "=";
    return m;
}
const std::map<std::string, std::string> kAllowed = BuildAllowed();

std::string Key(Action a, State s, CaseKind k) {
    return std::string(ActionName(a)) + " " + std::string(StateName(s)) + " " + std::string(CaseKindName(k));
}

// An input that satisfies every action's guards.
ActionInput GoodInput(Action a, const Fixture& f) {
    ActionInput in;
    in.target_org_id = a == Action::kTransferPoliticalLegal ? f.legal.id
                       : a == Action::kTransferDiscipline   ? f.discipline.id
                                                            : f.dept.id;
    in.feedback_due = D(2026, 12, 30);
    in.reason = "理由";
    in.legal_route = "向人民法院提起诉讼";
    in.extension_days = 30;
    in.approver_id = 9;
    in.outcome = Outcome::kSupported;
    in.facts = "事实";
    in.reasons = "理由";
    in.legal_basis = "《劳动合同法》第三十条";
    in.rating = Rating::kSatisfied;
    return in;
}

// A case in `state` with the clocks that state would have, dated so that every window is open on `today`.
Petition CaseIn(State s, CaseKind k, const Fixture& f, Date today) {
    Petition p;
    p.id = 7;
    p.kind = k;
    p.current_org_id = f.office.id;
    p.registered_org_id = f.office.id;
    p.routed_from_org_id = f.office.id;
    p.repeat_of = 1;
    StartCase(p, today, Cal(), {});
    p.state = s;
    auto start = [&](ClockKind c, DayUnit u, int days) {
        CaseClock cc;
        cc.kind = c;
        cc.started_on = today;
        cc.rule = {u, days, ""};
        RecomputeDue(cc, Cal(), RollRule::kNextWorkingDay, today);
        p.clocks.push_back(cc);
    };
    start(ClockKind::kObjection, DayUnit::kWorkingDays, 5);
    start(ClockKind::kHandling, DayUnit::kCalendarDays, 60);
    start(ClockKind::kReviewRequest, DayUnit::kCalendarDays, 30);
    start(ClockKind::kRating, DayUnit::kCalendarDays, 30);
    if (s == State::kHearing) p.FindRunningClock(ClockKind::kHandling)->paused_since = today;
    return p;
}

Actor Staff(const Fixture& f) {
    return {ActorKind::kStaff, 9, f.office.id,
            RoleSet{Role::kRegistrar, Role::kHandler, Role::kApprover, Role::kSupervisor}};
}

WorkflowContext Ctx(const Fixture& f, Action a, Date today) {
    WorkflowContext ctx;
    ctx.today = today;
    ctx.now = ChinaMidnight(today) + hours(10);
    ctx.calendar = &Cal();
    ctx.target_org = a == Action::kTransferPoliticalLegal ? &f.legal
                     : a == Action::kTransferDiscipline   ? &f.discipline
                                                          : &f.dept;
    ctx.approver_valid = true;
    ctx.repeat_of_final = true;
    return ctx;
}

TEST(WorkflowTable, MatchesTheSpecExactly) {
    std::set<std::string> seen;
    for (int a = 0; a < kActionCount; ++a)
        for (int s = 0; s < 10; ++s)
            for (int k = 0; k < 3; ++k) {
                auto action = static_cast<Action>(a);
                auto state = static_cast<State>(s);
                auto kind = static_cast<CaseKind>(k);
                const Transition* t = FindTransition(action, state, kind);
                auto key = Key(action, state, kind);
                auto it = kAllowed.find(key);
                if (it == kAllowed.end()) {
                    EXPECT_EQ(t, nullptr) << "table allows " << key << " but the spec does not";
                    continue;
                }
                seen.insert(key);
                ASSERT_NE(t, nullptr) << "spec allows " << key << " but the table does not";
                EXPECT_EQ(t->to ? std::string(StateName(*t->to)) : "=", it->second) << key;
                EXPECT_FALSE(t->article.empty()) << key << " cites no article";
            }
    EXPECT_EQ(seen.size(), kAllowed.size());
}

TEST(WorkflowTable, EveryAllowedTransitionApplies) {
    Fixture f;
    Date today = D(2026, 3, 2);
    for (const auto& [key, to] : kAllowed) {
        std::istringstream ss(key);
        std::string an, sn, kn;
        ss >> an >> sn >> kn;
        Action a = *ParseAction(an);
        State s = *ParseState(sn);
        CaseKind k = kn == "original" ? CaseKind::kOriginal : kn == "review" ? CaseKind::kReview : CaseKind::kReReview;
        Petition p = CaseIn(s, k, f, today);
        const Transition* t = FindTransition(a, s, k);
        Actor actor = Staff(f);
        if (t->staff_roles.Empty()) actor = {ActorKind::kSystem, 0, 0, {}};
        if (a == Action::kConclude && s == State::kReplied) {  // only after the review window lapsed
            p.FindRunningClock(ClockKind::kReviewRequest)->due = AddDays(today, -1);
        }
        auto ev = ApplyAction(p, a, GoodInput(a, f), actor, Ctx(f, a, today));
        ASSERT_TRUE(ev) << key << ": " << ev.error().message;
        EXPECT_EQ(to == "=" ? s : *ParseState(to), p.state) << key;
        EXPECT_EQ(ev->action, an);
    }
}

TEST(WorkflowTable, EveryForbiddenTransitionIsRefusedNamingTheRule) {
    Fixture f;
    Date today = D(2026, 3, 2);
    int refused = 0;
    for (int a = 0; a < kActionCount; ++a)
        for (int s = 0; s < 10; ++s)
            for (int k = 0; k < 3; ++k) {
                auto action = static_cast<Action>(a);
                auto state = static_cast<State>(s);
                auto kind = static_cast<CaseKind>(k);
                if (kAllowed.contains(Key(action, state, kind))) continue;
                Petition p = CaseIn(state, kind, f, today);
                Petition before = p;
                auto ev = ApplyAction(p, action, GoodInput(action, f), Staff(f), Ctx(f, action, today));
                ASSERT_FALSE(ev) << Key(action, state, kind);
                EXPECT_EQ(ev.error().code, ErrorCode::kFailedPrecondition) << Key(action, state, kind);
                EXPECT_NE(ev.error().message.find(ActionLabel(action)), std::string::npos) << ev.error().message;
                EXPECT_EQ(p.state, before.state);
                ++refused;
            }
    EXPECT_EQ(refused, kActionCount * 10 * 3 - static_cast<int>(kAllowed.size()));
}

bool Offers(const Petition& p, const Actor& actor, Date today, Action a) {
    auto offered = AvailableActions(p, actor, today);
    return std::find(offered.begin(), offered.end(), a) != offered.end();
}

class WorkflowGuards : public ::testing::Test {
protected:
    Fixture f;
    Date today = D(2026, 3, 2);
    Petition Registered() {
        Petition p;
        p.id = 1;
        p.current_org_id = f.office.id;
        p.registered_org_id = f.office.id;
        StartCase(p, today, Cal(), {});
        return p;
    }
    Result<Event> Do(Petition& p, Action a, ActionInput in, std::optional<Actor> actor = {},
                     std::optional<Date> on = {}) {
        auto ctx = Ctx(f, a, on.value_or(today));
        return ApplyAction(p, a, in, actor.value_or(Staff(f)), ctx);
    }
};

TEST_F(WorkflowGuards, RegistrationStartsFifteenDayRouteClock) {
    Petition p = Registered();
    ASSERT_NE(p.FindRunningClock(ClockKind::kRoute), nullptr);
    EXPECT_EQ(FormatDate(p.FindRunningClock(ClockKind::kRoute)->due), "2026-03-17");  // Art. 22
}

TEST_F(WorkflowGuards, ForwardMovesTheCaseAndStartsArrivalClocks) {
    Petition p = Registered();
    ActionInput in;
    in.target_org_id = f.dept.id;
    auto ev = Do(p, Action::kForward, in);
    ASSERT_TRUE(ev) << ev.error().message;
    EXPECT_EQ(p.current_org_id, f.dept.id);
    EXPECT_EQ(p.FindRunningClock(ClockKind::kRoute), nullptr);
    EXPECT_EQ(FormatDate(p.FindRunningClock(ClockKind::kObjection)->due), "2026-03-09");  // 5 working days
    EXPECT_EQ(FormatDate(p.FindRunningClock(ClockKind::kAcceptance)->due), "2026-03-17");
    EXPECT_NE(ev->public_text.find("某县人社局"), std::string::npos);
}

TEST_F(WorkflowGuards, OnlyTheHoldingOrgMayAct) {
    Petition p = Registered();
    Actor other{ActorKind::kStaff, 5, f.dept.id, RoleSet{Role::kRegistrar, Role::kHandler}};
    ActionInput in;
    in.target_org_id = f.dept.id;
    auto ev = Do(p, Action::kForward, in, other);
    ASSERT_FALSE(ev);
    EXPECT_EQ(ev.error().code, ErrorCode::kPermissionDenied);
}

TEST_F(WorkflowGuards, RoleIsRequired) {
    Petition p = Registered();
    Actor stat{ActorKind::kStaff, 5, f.office.id, RoleSet{Role::kStatistician}};
    ActionInput in;
    in.target_org_id = f.dept.id;
    EXPECT_EQ(Do(p, Action::kForward, in, stat).error().code, ErrorCode::kPermissionDenied);
    Actor petitioner{ActorKind::kPetitioner, 0, 0, {}};
    EXPECT_EQ(Do(p, Action::kForward, in, petitioner).error().code, ErrorCode::kPermissionDenied);
}

TEST_F(WorkflowGuards, AccusationNeverGoesToTheAccusedUnit) {
    Petition p = Registered();
    p.purpose = Purpose::kAccusation;
    p.accused_org_id = f.dept.id;
    ActionInput in;
    in.target_org_id = f.dept.id;
    auto ctx = Ctx(f, Action::kForward, today);
    ctx.accused_org = &f.dept;
    auto ev = ApplyAction(p, Action::kForward, in, Staff(f), ctx);
    ASSERT_FALSE(ev);
    EXPECT_EQ(ev.error().code, ErrorCode::kFailedPrecondition);
    EXPECT_NE(ev.error().message.find("第30条"), std::string::npos);
    EXPECT_EQ(p.current_org_id, f.office.id);
}

TEST_F(WorkflowGuards, RejectNamesTheLegalRoute) {
    Petition p = Registered();
    ActionInput in;
    in.reason = "属于劳动争议";
    auto ev = Do(p, Action::kReject, in);
    ASSERT_FALSE(ev);
    EXPECT_EQ(ev.error().field, "legal_route");
    in.legal_route = "向劳动人事争议仲裁委员会申请仲裁";
    ASSERT_TRUE(Do(p, Action::kReject, in));
    EXPECT_EQ(p.state, State::kNotAccepted);
    EXPECT_EQ(p.route_note, in.legal_route);
    EXPECT_TRUE(p.closed_on.has_value());
    EXPECT_EQ(p.NextDutyDue(), std::nullopt);
}

TEST_F(WorkflowGuards, ReturnOnlyWithinFiveWorkingDays) {
    Petition p = Registered();
    ActionInput fwd;
    fwd.target_org_id = f.dept.id;
    ASSERT_TRUE(Do(p, Action::kForward, fwd));
    Actor dept_handler{ActorKind::kStaff, 5, f.dept.id, RoleSet{Role::kHandler}};
    ActionInput ret;
    ret.reason = "不属本单位职责";
    Petition late = p;
    EXPECT_TRUE(Offers(p, dept_handler, D(2026, 3, 9), Action::kReturn));
    EXPECT_FALSE(Offers(p, dept_handler, D(2026, 3, 10), Action::kReturn));  // the window has closed
    auto refused = Do(late, Action::kReturn, ret, dept_handler, D(2026, 3, 10));  // 6th working day
    ASSERT_FALSE(refused);
    EXPECT_NE(refused.error().message.find("第23条第3款"), std::string::npos);
    auto ok = Do(p, Action::kReturn, ret, dept_handler, D(2026, 3, 9));  // 5th working day
    ASSERT_TRUE(ok) << ok.error().message;
    EXPECT_EQ(p.state, State::kRegistered);
    EXPECT_EQ(p.current_org_id, f.office.id);
    EXPECT_NE(p.FindRunningClock(ClockKind::kRoute), nullptr);
}

TEST_F(WorkflowGuards, ExtensionOnceAtMostThirtyDaysWithApprover) {
    Petition p = Registered();
    ASSERT_TRUE(Do(p, Action::kAcceptDirectly, {}));
    EXPECT_EQ(FormatDate(p.FindRunningClock(ClockKind::kHandling)->due), "2026-05-06");  // 05-01 holiday → 05-06
    ActionInput in;
    in.reason = "案情复杂";
    in.extension_days = 31;
    in.approver_id = 9;
    EXPECT_EQ(Do(p, Action::kExtend, in).error().field, "extension_days");
    in.extension_days = 30;
    in.approver_id = 0;
    EXPECT_EQ(Do(p, Action::kExtend, in).error().field, "approver_id");
    in.approver_id = 9;
    Actor handler_only{ActorKind::kStaff, 5, f.office.id, RoleSet{Role::kHandler}};
    EXPECT_EQ(Do(p, Action::kExtend, in, handler_only).error().code, ErrorCode::kPermissionDenied);
    ASSERT_TRUE(Do(p, Action::kExtend, in));
    // 2026-03-02 + 90 = 2026-05-31 (Sunday) → Monday 2026-06-01.
    EXPECT_EQ(FormatDate(p.FindRunningClock(ClockKind::kHandling)->due), "2026-06-01");
    Actor approver{ActorKind::kStaff, 9, f.office.id, RoleSet{Role::kApprover}};
    EXPECT_FALSE(Offers(p, approver, today, Action::kExtend));  // not offered a second time
    auto again = Do(p, Action::kExtend, in);
    ASSERT_FALSE(again);
    EXPECT_NE(again.error().message.find("一次"), std::string::npos);
}

TEST_F(WorkflowGuards, ReplyRequiresTheContentsOfTheOpinion) {
    Petition p = Registered();
    ASSERT_TRUE(Do(p, Action::kAcceptDirectly, {}));
    ActionInput in;
    EXPECT_EQ(Do(p, Action::kReply, in).error().field, "outcome");
    in.outcome = Outcome::kNotSupported;
    EXPECT_EQ(Do(p, Action::kReply, in).error().field, "legal_basis");
    in.legal_basis = "《信访工作条例》第三十二条";
    EXPECT_EQ(Do(p, Action::kReply, in).error().field, "facts");
    in.facts = "经查";
    EXPECT_EQ(Do(p, Action::kReply, in).error().field, "reasons");
    in.reasons = "理由";
    ASSERT_TRUE(Do(p, Action::kReply, in));
    EXPECT_EQ(p.state, State::kReplied);
    EXPECT_EQ(FormatDate(p.FindRunningClock(ClockKind::kReviewRequest)->due), "2026-04-01");
    EXPECT_NE(p.FindRunningClock(ClockKind::kRating), nullptr);
    EXPECT_EQ(p.FindRunningClock(ClockKind::kHandling), nullptr);
}

TEST_F(WorkflowGuards, ReviewWindowAndConclusion) {
    Petition p = Registered();
    ASSERT_TRUE(Do(p, Action::kAcceptDirectly, {}));
    ASSERT_TRUE(Do(p, Action::kReply, GoodInput(Action::kReply, f)));
    Actor petitioner{ActorKind::kPetitioner, 0, 0, {}};
    Actor system{ActorKind::kSystem, 0, 0, {}};
    // Before the window lapses the case cannot be concluded.
    EXPECT_FALSE(ReviewWindowLapsed(p, D(2026, 4, 1)));  // its last day
    EXPECT_TRUE(ReviewWindowLapsed(p, D(2026, 4, 2)));
    EXPECT_EQ(Do(p, Action::kConclude, {}, system, D(2026, 4, 1)).error().code, ErrorCode::kFailedPrecondition);
    // After it, a review request is out of time, and the case concludes.
    Petition late = p;
    EXPECT_EQ(Do(late, Action::kRequestReview, {}, petitioner, D(2026, 4, 2)).error().code,
              ErrorCode::kFailedPrecondition);
    ASSERT_TRUE(Do(p, Action::kConclude, {}, system, D(2026, 4, 2)));
    EXPECT_EQ(p.state, State::kConcluded);
    EXPECT_FALSE(ReviewWindowLapsed(p, D(2026, 4, 2)));  // concluded already
    // A reply whose window is not running (a damaged or hand-edited record) concludes at once.
    Petition stopped = late;
    for (auto& c : stopped.clocks)
        if (c.kind == ClockKind::kReviewRequest) c.stopped_on = D(2026, 3, 5);
    EXPECT_TRUE(ReviewWindowLapsed(stopped, D(2026, 3, 5)));
    EXPECT_FALSE(ReviewWindowLapsed(Registered(), D(2030, 1, 1)));  // not replied: never
}

TEST_F(WorkflowGuards, RatingOnceWithinWindow) {
    Petition p = Registered();
    ASSERT_TRUE(Do(p, Action::kAcceptDirectly, {}));
    ASSERT_TRUE(Do(p, Action::kReply, GoodInput(Action::kReply, f)));
    Actor petitioner{ActorKind::kPetitioner, 0, 0, {}};
    ActionInput in;
    EXPECT_EQ(Do(p, Action::kRate, in, petitioner).error().field, "rating");
    in.rating = Rating::kBasicallySatisfied;
    ASSERT_TRUE(Do(p, Action::kRate, in, petitioner));
    EXPECT_EQ(Do(p, Action::kRate, in, petitioner).error().code, ErrorCode::kFailedPrecondition);
}

TEST_F(WorkflowGuards, ReviewCaseAndHearingPause) {
    Petition p = Registered();
    ASSERT_TRUE(Do(p, Action::kAcceptDirectly, {}));
    ASSERT_TRUE(Do(p, Action::kReply, GoodInput(Action::kReply, f)));
    Actor petitioner{ActorKind::kPetitioner, 0, 0, {}};
    ASSERT_TRUE(Do(p, Action::kRequestReview, {}, petitioner, D(2026, 3, 10)));
    EXPECT_EQ(p.state, State::kUnderReview);
    Org city{10, "city", std::nullopt, "某市信访局", OrgLevel::kCity, OrgKind::kPetitionOffice, "520100", "/10/"};
    Petition review = MakeReviewCase(p, city, D(2026, 3, 10), ChinaMidnight(D(2026, 3, 10)), Cal(), {});
    EXPECT_EQ(review.kind, CaseKind::kReview);
    EXPECT_EQ(review.state, State::kAccepted);
    EXPECT_EQ(*review.parent_case_id, p.id);
    EXPECT_EQ(FormatDate(review.FindRunningClock(ClockKind::kHandling)->due), "2026-04-09");  // 30 days (Art. 35)
    // A 复查 case cannot hold a hearing under the table; a 复核 case can, and its clock stops meanwhile.
    Petition rr = MakeReviewCase(review, city, D(2026, 4, 1), ChinaMidnight(D(2026, 4, 1)), Cal(), {});
    rr.current_org_id = f.office.id;  // act as the holder
    EXPECT_EQ(rr.kind, CaseKind::kReReview);
    EXPECT_EQ(FormatDate(rr.FindRunningClock(ClockKind::kHandling)->due), "2026-05-06");  // 05-01 rolls past 劳动节
    ASSERT_TRUE(Do(rr, Action::kHearingStart, {}, std::nullopt, D(2026, 4, 10)));
    EXPECT_EQ(rr.NextDutyDue(), std::nullopt);  // paused clocks are not overdue
    ASSERT_TRUE(Do(rr, Action::kHearingEnd, {}, std::nullopt, D(2026, 4, 20)));
    EXPECT_EQ(rr.FindRunningClock(ClockKind::kHandling)->paused_days, 10);
    EXPECT_EQ(FormatDate(rr.FindRunningClock(ClockKind::kHandling)->due), "2026-05-11");  // 05-01 + 10 = 05-11
    ASSERT_TRUE(Do(rr, Action::kReply, GoodInput(Action::kReply, f), std::nullopt, D(2026, 4, 25)));
    EXPECT_EQ(rr.state, State::kFinal);
}

TEST_F(WorkflowGuards, RejectRepeatOnlyAfterFinality) {
    Petition p = Registered();
    p.repeat_of = 99;
    auto ctx = Ctx(f, Action::kRejectRepeat, today);
    ctx.repeat_of_final = false;
    auto ev = ApplyAction(p, Action::kRejectRepeat, {}, Staff(f), ctx);
    ASSERT_FALSE(ev);
    EXPECT_NE(ev.error().message.find("第36条第3款"), std::string::npos);
    ctx.repeat_of_final = true;
    ASSERT_TRUE(ApplyAction(p, Action::kRejectRepeat, {}, Staff(f), ctx));
    EXPECT_EQ(p.state, State::kNotAccepted);
}

TEST_F(WorkflowGuards, SupervisionStartsAFeedbackClock) {
    Petition p = Registered();
    ActionInput in;
    in.reason = "超期未办";
    in.feedback_due = D(2026, 3, 20);
    Actor sup{ActorKind::kStaff, 3, 99, RoleSet{Role::kSupervisor}};
    ASSERT_TRUE(Do(p, Action::kSupervise, in, sup));
    EXPECT_EQ(FormatDate(p.FindRunningClock(ClockKind::kSupervision)->due), "2026-03-20");
    EXPECT_EQ(p.supervise_count, 1);
}

}  // namespace
}  // namespace xf
