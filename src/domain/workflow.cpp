#include "domain/workflow.hpp"

#include <array>

#include <fmt/format.h>

#include "base/text.hpp"

namespace xf {
namespace {

constexpr RoleSet kRoutingStaff{Role::kRegistrar, Role::kHandler};
constexpr RoleSet kHandlingStaff{Role::kHandler, Role::kApprover};
constexpr uint32_t kOpenStates =
    Bit(State::kRegistered) | Bit(State::kForwarded) | Bit(State::kAccepted) | Bit(State::kHearing);
constexpr uint32_t kAllKinds = Bit(CaseKind::kOriginal) | Bit(CaseKind::kReview) | Bit(CaseKind::kReReview);
constexpr uint32_t kArrivalClocks = Bit(ClockKind::kObjection) | Bit(ClockKind::kAcceptance);
constexpr uint32_t kWorkClocks = Bit(ClockKind::kHandling) | Bit(ClockKind::kFeedback) | Bit(ClockKind::kSupervision);
constexpr uint32_t kAfterReply = Bit(ClockKind::kReviewRequest) | Bit(ClockKind::kRating);

// clang-format off
// action, from-states, kinds, to, staff roles, petitioner, system, holder_only, starts, stops, article
const std::array<Transition, 25> kTable{{
    {Action::kForward, Bit(State::kRegistered), Bit(CaseKind::kOriginal), State::kForwarded,
     kRoutingStaff, false, false, true, kArrivalClocks, Bit(ClockKind::kRoute), "条例第22条"},
    {Action::kAssign, Bit(State::kRegistered), Bit(CaseKind::kOriginal), State::kForwarded,
     kRoutingStaff, false, false, true, kArrivalClocks | Bit(ClockKind::kFeedback), Bit(ClockKind::kRoute),
     "条例第22条"},
    {Action::kAcceptDirectly, Bit(State::kRegistered), Bit(CaseKind::kOriginal), State::kAccepted,
     kRoutingStaff, false, false, true, Bit(ClockKind::kHandling), Bit(ClockKind::kRoute), "条例第22条、第23条"},
    {Action::kTransferPoliticalLegal, Bit(State::kRegistered), Bit(CaseKind::kOriginal), State::kTransferred,
     kRoutingStaff, false, false, true, 0, Bit(ClockKind::kRoute), "条例第22条第2款"},
    {Action::kTransferDiscipline, Bit(State::kRegistered), Bit(CaseKind::kOriginal), State::kTransferred,
     kRoutingStaff, false, false, true, 0, Bit(ClockKind::kRoute), "条例第22条第2款、第30条"},
    {Action::kReject, Bit(State::kRegistered), Bit(CaseKind::kOriginal), State::kNotAccepted,
     RoleSet{Role::kRegistrar, Role::kHandler, Role::kApprover}, false, false, true, 0, Bit(ClockKind::kRoute),
     "条例第23条、第19条第3款"},
    {Action::kReject, Bit(State::kForwarded), Bit(CaseKind::kOriginal), State::kNotAccepted,
     kHandlingStaff, false, false, true, 0, kArrivalClocks | Bit(ClockKind::kFeedback), "条例第23条"},
    {Action::kRejectRepeat, Bit(State::kRegistered), Bit(CaseKind::kOriginal), State::kNotAccepted,
     RoleSet{Role::kRegistrar, Role::kHandler, Role::kApprover}, false, false, true, 0, Bit(ClockKind::kRoute),
     "条例第36条第3款"},
    {Action::kReplyOnSpot, Bit(State::kRegistered), Bit(CaseKind::kOriginal), State::kReplied,
     kRoutingStaff, false, false, true, kAfterReply, Bit(ClockKind::kRoute), "条例第22条"},
    {Action::kReturn, Bit(State::kForwarded), Bit(CaseKind::kOriginal), State::kRegistered,
     kHandlingStaff, false, false, true, Bit(ClockKind::kRoute), kArrivalClocks | Bit(ClockKind::kFeedback),
     "条例第23条第3款"},
    {Action::kAccept, Bit(State::kForwarded), Bit(CaseKind::kOriginal), State::kAccepted,
     kHandlingStaff, false, false, true, Bit(ClockKind::kHandling), kArrivalClocks, "条例第23条"},
    {Action::kExtend, Bit(State::kAccepted), Bit(CaseKind::kOriginal), std::nullopt,
     RoleSet{Role::kApprover}, false, false, true, 0, 0, "条例第34条"},
    {Action::kReply, Bit(State::kAccepted), Bit(CaseKind::kOriginal), State::kReplied,
     kHandlingStaff, false, false, true, kAfterReply, kWorkClocks, "条例第32条、第34条"},
    {Action::kReply, Bit(State::kAccepted) | Bit(State::kHearing), Bit(CaseKind::kReview), State::kReplied,
     kHandlingStaff, false, false, true, kAfterReply, kWorkClocks, "条例第35条"},
    {Action::kReply, Bit(State::kAccepted), Bit(CaseKind::kReReview), State::kFinal,
     kHandlingStaff, false, false, true, Bit(ClockKind::kRating), kWorkClocks, "条例第36条"},
    {Action::kMediate, Bit(State::kAccepted), Bit(CaseKind::kOriginal), State::kReplied,
     kHandlingStaff, false, false, true, kAfterReply, kWorkClocks, "条例第33条"},
    {Action::kHearingStart, Bit(State::kAccepted), Bit(CaseKind::kReReview), State::kHearing,
     kHandlingStaff, false, false, true, 0, 0, "条例第36条"},
    {Action::kHearingEnd, Bit(State::kHearing), Bit(CaseKind::kReReview), State::kAccepted,
     kHandlingStaff, false, false, true, 0, 0, "条例第36条"},
    {Action::kRequestReview, Bit(State::kReplied), Bit(CaseKind::kOriginal), State::kUnderReview,
     RoleSet{Role::kRegistrar}, true, false, false, 0, Bit(ClockKind::kReviewRequest), "条例第35条"},
    {Action::kRequestReview, Bit(State::kReplied), Bit(CaseKind::kReview), State::kUnderReview,
     RoleSet{Role::kRegistrar}, true, false, false, 0, Bit(ClockKind::kReviewRequest), "条例第36条"},
    {Action::kRate, Bit(State::kReplied) | Bit(State::kUnderReview) | Bit(State::kConcluded) | Bit(State::kFinal),
     kAllKinds, std::nullopt, RoleSet{Role::kRegistrar}, true, false, false, 0, Bit(ClockKind::kRating),
     "条例第21条"},
    {Action::kConclude, Bit(State::kReplied), Bit(CaseKind::kOriginal) | Bit(CaseKind::kReview), State::kConcluded,
     kHandlingStaff, false, true, true, 0, Bit(ClockKind::kReviewRequest), "条例第35条、第36条"},
    {Action::kConclude, Bit(State::kUnderReview), Bit(CaseKind::kOriginal) | Bit(CaseKind::kReview),
     State::kConcluded, RoleSet{}, false, true, true, 0, 0, "条例第35条、第36条"},
    {Action::kFinalize, Bit(State::kUnderReview), Bit(CaseKind::kOriginal) | Bit(CaseKind::kReview), State::kFinal,
     RoleSet{}, false, true, true, 0, 0, "条例第36条第3款"},
    {Action::kRemind, kOpenStates, kAllKinds, std::nullopt, RoleSet{Role::kSupervisor}, false, true, false, 0, 0,
     "条例第38条"},
}};
// 督办 is listed apart so the array above stays readable.
const Transition kSuperviseRow{Action::kSupervise, kOpenStates, kAllKinds, std::nullopt,
                               RoleSet{Role::kSupervisor}, false, false, false, Bit(ClockKind::kSupervision), 0,
                               "条例第39条"};
// clang-format on

std::vector<Transition> BuildTable() {
    std::vector<Transition> t(kTable.begin(), kTable.end());
    t.push_back(kSuperviseRow);
    return t;
}
const std::vector<Transition>& Table() {
    static const std::vector<Transition> table = BuildTable();
    return table;
}

struct ActionInfo {
    Action action;
    std::string_view name, label;
};
constexpr std::array<ActionInfo, kActionCount> kActions{{
    {Action::kForward, "forward", "转送"},
    {Action::kAssign, "assign", "交办"},
    {Action::kAcceptDirectly, "accept_directly", "直接受理"},
    {Action::kTransferPoliticalLegal, "transfer_political_legal", "转政法机关"},
    {Action::kTransferDiscipline, "transfer_discipline", "转纪检监察机关"},
    {Action::kReject, "reject", "不予受理"},
    {Action::kRejectRepeat, "reject_repeat", "不再受理"},
    {Action::kReplyOnSpot, "reply_on_spot", "当场答复"},
    {Action::kReturn, "return", "退回"},
    {Action::kAccept, "accept", "受理"},
    {Action::kExtend, "extend", "延期"},
    {Action::kReply, "reply", "答复"},
    {Action::kMediate, "mediate", "调解"},
    {Action::kHearingStart, "hearing_start", "开始听证"},
    {Action::kHearingEnd, "hearing_end", "结束听证"},
    {Action::kRequestReview, "request_review", "申请复查/复核"},
    {Action::kRate, "rate", "满意度评价"},
    {Action::kConclude, "conclude", "办结"},
    {Action::kFinalize, "finalize", "终结"},
    {Action::kRemind, "remind", "催办"},
    {Action::kSupervise, "supervise", "督办"},
}};

Error Precondition(std::string msg) { return Error::FailedPrecondition(std::move(msg)); }

std::string AllowedStatesText(Action a, CaseKind kind) {
    std::string s;
    for (const auto& t : Table()) {
        if (t.action != a || !(t.case_kinds & Bit(kind))) continue;
        for (int i = 0; i < 10; ++i)
            if (t.from_states & (1u << i)) {
                if (!s.empty()) s += "、";
                s += StateLabel(static_cast<State>(i));
            }
    }
    return s;
}

DeadlineRule RuleFor(ClockKind k, CaseKind kind, const DeadlinePolicy& p) {
    switch (k) {
        case ClockKind::kRoute: return {DayUnit::kCalendarDays, p.route_days, "条例第22条"};
        case ClockKind::kObjection: return {DayUnit::kWorkingDays, p.objection_working_days, "条例第23条第3款"};
        case ClockKind::kAcceptance: return {DayUnit::kCalendarDays, p.acceptance_days, "条例第23条"};
        case ClockKind::kHandling:
            if (kind == CaseKind::kOriginal) return {DayUnit::kCalendarDays, p.handling_days, "条例第32条"};
            return {DayUnit::kCalendarDays, p.review_handling_days,
                    kind == CaseKind::kReview ? "条例第35条" : "条例第36条"};
        case ClockKind::kReviewRequest:
            return {DayUnit::kCalendarDays, p.review_request_days,
                    kind == CaseKind::kOriginal ? "条例第35条" : "条例第36条"};
        case ClockKind::kRating: return {DayUnit::kCalendarDays, p.rating_days, "条例第21条"};
        case ClockKind::kFeedback: return {DayUnit::kCalendarDays, 0, "条例第22条"};
        case ClockKind::kSupervision: return {DayUnit::kCalendarDays, 0, "条例第39条"};
    }
    return {};
}

void StartClock(Petition& p, ClockKind k, Date today, const HolidayCalendar& cal, const DeadlinePolicy& policy,
                std::optional<Date> fixed_due = std::nullopt) {
    if (auto* running = p.FindRunningClock(k)) running->stopped_on = today;  // a new one replaces it
    CaseClock c;
    c.kind = k;
    c.started_on = today;
    c.rule = RuleFor(k, p.kind, policy);
    c.fixed_due = fixed_due;
    RecomputeDue(c, cal, policy.roll, today);
    p.clocks.push_back(c);
}

void StopClocks(Petition& p, uint32_t mask, Date today, const HolidayCalendar& cal, RollRule roll) {
    for (auto& c : p.clocks) {
        if (!c.running() || !(mask & Bit(c.kind))) continue;
        if (c.paused_since) {  // a clock stopped while paused keeps the pause it had
            c.paused_days += std::max(0, DaysBetween(*c.paused_since, today));
            c.paused_since.reset();
            RecomputeDue(c, cal, roll, today);
        }
        c.stopped_on = today;
    }
}

// Free text placed inside a sentence of a notice: without its own closing punctuation.
std::string Clause(std::string_view s) {
    s = Trim(s);
    for (bool again = true; again;) {
        again = false;
        for (std::string_view end : {"。", "；", "，", ".", ";", ","})
            if (s.ends_with(end)) {
                s.remove_suffix(end.size());
                again = true;
            }
    }
    return std::string(s);
}

Status Require(bool ok, std::string_view field, std::string_view message) {
    if (!ok) return Fail(Error::InvalidArgument(std::string(field), std::string(message)));
    return Ok();
}

Status CheckTargetOrg(const Petition& p, const ActionInput& in, const WorkflowContext& ctx) {
    XF_TRY(Require(in.target_org_id.has_value(), "target_org_id", "请选择转送/交办的单位"));
    if (!ctx.target_org) return Fail(Error::InvalidArgument("target_org_id", "单位不存在"));
    if (ctx.target_org->id == p.current_org_id)
        return Fail(Error::InvalidArgument("target_org_id", "不能转送/交办给本单位"));
    // Art. 30 ¶3: 不得将检举控告材料转送、交办给被检举控告的人员或单位.
    if (p.purpose == Purpose::kAccusation && ctx.accused_org && ctx.accused_org->Contains(*ctx.target_org))
        return Fail(Precondition("检举控告类信访事项不得转送、交办给被检举控告的单位（条例第30条）"));
    return Ok();
}

std::string DecisionText(const Decision& d) {
    return fmt::format("处理结果：{}。", OutcomeLabel(d.outcome));
}

}  // namespace

std::span<const Transition> TransitionTable() { return Table(); }

const Transition* FindTransition(Action action, State state, CaseKind kind) {
    for (const auto& t : Table())
        if (t.action == action && (t.from_states & Bit(state)) && (t.case_kinds & Bit(kind))) return &t;
    return nullptr;
}

std::string_view ActionName(Action a) { return kActions[static_cast<size_t>(a)].name; }
std::string_view ActionLabel(Action a) { return kActions[static_cast<size_t>(a)].label; }

Result<Action> ParseAction(std::string_view s, std::string_view field) {
    for (const auto& i : kActions)
        if (s == i.name) return i.action;
    return Fail(Error::InvalidArgument(std::string(field), "未知的办理操作：" + std::string(s)));
}

std::string_view ActorKindName(ActorKind k) {
    switch (k) {
        case ActorKind::kStaff: return "staff";
        case ActorKind::kPetitioner: return "petitioner";
        case ActorKind::kSystem: return "system";
    }
    return "staff";
}

void StartCase(Petition& p, Date registered_on, const HolidayCalendar& cal, const DeadlinePolicy& policy) {
    p.state = State::kRegistered;
    p.clocks.clear();
    StartClock(p, ClockKind::kRoute, registered_on, cal, policy);
}

Status ApplyLedgerHistory(Petition& p, const LedgerHistory& h, Date today, const HolidayCalendar& cal,
                          const DeadlinePolicy& policy) {
    const Date received = ChinaDate(p.received_at);
    if (h.accepted_on && *h.accepted_on < received)
        return Fail(Error::InvalidArgument("accepted_on", "受理日期早于登记日期"));
    if (h.replied_on && *h.replied_on < received)
        return Fail(Error::InvalidArgument("replied_on", "答复日期早于登记日期"));
    if (h.replied_on && h.accepted_on && *h.replied_on < *h.accepted_on)
        return Fail(Error::InvalidArgument("replied_on", "答复日期早于受理日期"));
    for (const auto& d : {h.accepted_on, h.replied_on})
        if (d && *d > today) return Fail(Error::InvalidArgument(d == h.accepted_on ? "accepted_on" : "replied_on",
                                                                "日期晚于今天"));
    if (h.rating && !h.replied_on && h.route != Route::kReplyOnSpot)
        return Fail(Error::InvalidArgument("rating", "有满意度评价的信访件应有答复日期"));
    if (h.outcome && !h.replied_on && h.route != Route::kReplyOnSpot)
        return Fail(Error::InvalidArgument("outcome", "有办理结果的信访件应有答复日期"));
    const bool closing_route = h.route == Route::kReject || h.route == Route::kTransferPoliticalLegal ||
                               h.route == Route::kTransferDiscipline || h.route == Route::kFile;
    if (closing_route && h.replied_on)
        return Fail(Error::InvalidArgument("route", fmt::format("办理方式为「{}」的信访件不应有答复日期",
                                                                RouteLabel(*h.route))));
    if (!h.route && (h.accepted_on || h.replied_on))
        return Fail(Error::InvalidArgument("route", "有受理或答复日期的信访件须填写办理方式"));

    p.resolved = h.resolved;
    p.imported = true;
    if (!h.route) return Ok();  // still 待分流: the route clock runs from the registration day

    p.route = h.route;
    std::optional<Date> reply = h.replied_on;
    if (*h.route == Route::kReplyOnSpot && !reply) reply = received;
    Date routed = *h.route == Route::kReplyOnSpot ? *reply : h.accepted_on.value_or(received);
    p.routed_on = routed;
    StopClocks(p, Bit(ClockKind::kRoute), routed, cal, policy.roll);

    if (closing_route) {
        p.state = *h.route == Route::kReject   ? State::kNotAccepted
                  : *h.route == Route::kFile   ? State::kConcluded
                                               : State::kTransferred;
        p.closed_on = routed;
        if (*h.route == Route::kReject) p.accepted_on.reset();
        return Ok();
    }
    if (*h.route != Route::kReplyOnSpot) {
        if (!h.accepted_on) {
            if (*h.route == Route::kAcceptDirectly) return Fail(Error::InvalidArgument("accepted_on", "直接受理的信访件须填写受理日期"));
            // 转送/交办 with no 受理日期 yet: the receiving org's 15 days run from the registration day (Art. 23).
            p.state = State::kForwarded;
            StartClock(p, ClockKind::kAcceptance, received, cal, policy);
            if (reply) return Fail(Error::InvalidArgument("accepted_on", "已答复的信访件须填写受理日期"));
            return Ok();
        }
        p.accepted_on = h.accepted_on;
        p.state = State::kAccepted;
        StartClock(p, ClockKind::kHandling, *h.accepted_on, cal, policy);  // 60 days (Art. 32)
    }
    if (!reply) return Ok();
    StopClocks(p, Bit(ClockKind::kHandling), *reply, cal, policy.roll);
    p.replied_on = reply;
    p.decision = Decision{h.outcome.value_or(Outcome::kExplained), "", "", "", *reply, 0};
    p.rating = h.rating;
    p.state = State::kReplied;
    StartClock(p, ClockKind::kReviewRequest, *reply, cal, policy);  // 30 days to ask for 复查 (Art. 35)
    StartClock(p, ClockKind::kRating, *reply, cal, policy);
    if (h.rating) StopClocks(p, Bit(ClockKind::kRating), *reply, cal, policy.roll);
    const CaseClock* window = p.FindClock(ClockKind::kReviewRequest);
    if (window->due < today) {  // the window lapsed: 办结
        Date lapsed = AddDays(window->due, 1);
        StopClocks(p, Bit(ClockKind::kReviewRequest), lapsed, cal, policy.roll);
        if (const CaseClock* r = p.FindClock(ClockKind::kRating); r && r->running() && r->due < today)
            StopClocks(p, Bit(ClockKind::kRating), AddDays(r->due, 1), cal, policy.roll);
        p.state = State::kConcluded;
        p.closed_on = lapsed;
    }
    return Ok();
}

Petition MakeReviewCase(const Petition& reviewed, const Org& review_org, Date today, Instant now,
                        const HolidayCalendar& cal, const DeadlinePolicy& policy) {
    Petition r = reviewed;
    r.id = 0;
    r.version = 0;
    r.number.clear();
    r.kind = reviewed.kind == CaseKind::kOriginal ? CaseKind::kReview : CaseKind::kReReview;
    r.parent_case_id = reviewed.id;
    r.root_case_id = reviewed.root_case_id.value_or(reviewed.id);
    r.child_case_id.reset();
    r.channel = Channel::kHigherOffice;
    r.received_at = now;
    r.registered_org_id = review_org.id;
    r.registered_by = 0;
    r.current_org_id = review_org.id;
    r.routed_from_org_id = reviewed.current_org_id;
    r.state = State::kAccepted;
    r.clocks.clear();
    r.decision.reset();
    r.rating.reset();
    r.rating_comment.clear();
    r.route_note.clear();
    r.accepted_on = today;
    r.replied_on.reset();
    r.closed_on.reset();
    r.extended = false;
    r.remind_count = r.supervise_count = 0;
    r.created_at = r.updated_at = now;
    StartClock(r, ClockKind::kHandling, today, cal, policy);  // 30 days from the request (Art. 35, 36)
    return r;
}

namespace {
std::optional<Route> RouteOf(Action a) {
    switch (a) {
        case Action::kReplyOnSpot: return Route::kReplyOnSpot;
        case Action::kForward: return Route::kForward;
        case Action::kAssign: return Route::kAssign;
        case Action::kAcceptDirectly: return Route::kAcceptDirectly;
        case Action::kReject: return Route::kReject;
        case Action::kTransferPoliticalLegal: return Route::kTransferPoliticalLegal;
        case Action::kTransferDiscipline: return Route::kTransferDiscipline;
        default: return std::nullopt;
    }
}
}  // namespace

Result<Event> ApplyAction(Petition& p, Action action, const ActionInput& in, const Actor& actor,
                          const WorkflowContext& ctx) {
    const HolidayCalendar& cal = *ctx.calendar;
    const Transition* t = FindTransition(action, p.state, p.kind);
    if (!t) {
        std::string allowed = AllowedStatesText(action, p.kind);
        if (allowed.empty())
            return Fail(Precondition(fmt::format("{}信访件不能执行「{}」", CaseKindLabel(p.kind), ActionLabel(action))));
        return Fail(Precondition(fmt::format("当前状态为「{}」，不能执行「{}」；该操作仅适用于：{}", StateLabel(p.state),
                                             ActionLabel(action), allowed)));
    }
    // Who may act.
    switch (actor.kind) {
        case ActorKind::kStaff:
            if (!actor.roles.Intersects(t->staff_roles))
                return Fail(Error::PermissionDenied(fmt::format("当前角色无权执行「{}」", ActionLabel(action))));
            if (t->holder_only && actor.org_id != p.current_org_id)
                return Fail(Error::PermissionDenied(
                    fmt::format("只有当前承办单位可以执行「{}」", ActionLabel(action))));
            break;
        case ActorKind::kPetitioner:
            if (!t->petitioner)
                return Fail(Error::PermissionDenied(fmt::format("信访人不能执行「{}」", ActionLabel(action))));
            break;
        case ActorKind::kSystem:
            if (!t->system) return Fail(Error::PermissionDenied(fmt::format("系统不能执行「{}」", ActionLabel(action))));
            break;
    }

    Event ev;
    ev.petition_id = p.id;
    ev.at = ctx.now;
    ev.action = std::string(ActionName(action));
    ev.actor_user_id = actor.user_id;
    ev.actor_kind = std::string(ActorKindName(actor.kind));
    ev.org_id = actor.kind == ActorKind::kStaff ? actor.org_id : p.current_org_id;
    ev.internal_note = in.internal_note;
    const Date today = ctx.today;
    std::optional<Date> fixed_due;

    // Guards and effects particular to each action.
    switch (action) {
        case Action::kForward:
        case Action::kAssign: {
            XF_TRY(CheckTargetOrg(p, in, ctx));
            if (action == Action::kAssign) {
                XF_TRY(Require(in.feedback_due.has_value(), "feedback_due", "交办需要指定反馈期限"));
                XF_TRY(Require(*in.feedback_due > today, "feedback_due", "反馈期限应晚于今天"));
                fixed_due = in.feedback_due;
            }
            p.routed_from_org_id = p.current_org_id;
            p.current_org_id = ctx.target_org->id;
            ev.target_org_id = ctx.target_org->id;
            ev.public_text = fmt::format("您的信访事项已{}至{}办理。", ActionLabel(action), ctx.target_org->name);
            break;
        }
        case Action::kTransferPoliticalLegal:
        case Action::kTransferDiscipline: {
            XF_TRY(Require(in.target_org_id.has_value(), "target_org_id", "请选择移交的机关"));
            if (!ctx.target_org) return Fail(Error::InvalidArgument("target_org_id", "单位不存在"));
            OrgKind need = action == Action::kTransferDiscipline ? OrgKind::kDiscipline : OrgKind::kPoliticalLegal;
            if (ctx.target_org->kind != need)
                return Fail(Error::InvalidArgument("target_org_id", fmt::format("移交对象应为{}", OrgKindLabel(need))));
            if (p.purpose == Purpose::kAccusation && ctx.accused_org && ctx.accused_org->Contains(*ctx.target_org))
                return Fail(Precondition("检举控告类信访事项不得移交给被检举控告的单位（条例第30条）"));
            ev.target_org_id = ctx.target_org->id;
            p.route_note = ctx.target_org->name;
            ev.public_text = fmt::format("您反映的事项依法应由{}处理，已移交{}。", OrgKindLabel(need), ctx.target_org->name);
            break;
        }
        case Action::kAcceptDirectly:
        case Action::kAccept:
            p.accepted_on = today;
            ev.public_text = p.anonymous ? "信访事项已受理。"
                                         : "受理告知书：您的信访事项已受理，将在60日内办结并书面答复。";
            break;
        case Action::kReject:
            XF_TRY(Require(!in.legal_route.empty(), "legal_route", "不予受理须告知信访人依法应走的途径"));
            XF_TRY(Require(!in.reason.empty(), "reason", "请填写不予受理的理由"));
            p.route_note = in.legal_route;
            ev.public_text =
                fmt::format("不予受理告知书：{}。请通过以下途径解决：{}。", Clause(in.reason), Clause(in.legal_route));
            break;
        case Action::kRejectRepeat:
            if (!p.repeat_of || !ctx.repeat_of_final)
                return Fail(Precondition("不再受理仅适用于已终结信访事项以同一事实和理由再次提出的情形（条例第36条第3款）"));
            ev.public_text = "不再受理告知书：您以同一事实和理由提出的信访事项已经复核终结，不再受理。";
            break;
        case Action::kReplyOnSpot:
            XF_TRY(Require(!in.facts.empty() || !in.reasons.empty(), "reasons", "当场答复须记录答复内容"));
            p.decision = Decision{in.outcome.value_or(Outcome::kExplained), in.facts, in.reasons, in.legal_basis,
                                  today, actor.user_id};
            p.replied_on = today;
            ev.public_text = "已当场答复。" + in.reasons;
            break;
        case Action::kReturn: {
            const CaseClock* obj = p.FindRunningClock(ClockKind::kObjection);
            if (!obj || today > obj->due)
                return Fail(Precondition("已超过5个工作日的异议期限，不能退回（条例第23条第3款）"));
            XF_TRY(Require(!in.reason.empty(), "reason", "退回须详细说明理由"));
            if (!p.routed_from_org_id) return Fail(Precondition("该信访件不是转送/交办而来，无法退回"));
            ev.target_org_id = *p.routed_from_org_id;
            p.current_org_id = *p.routed_from_org_id;
            p.routed_from_org_id.reset();
            ev.public_text = "承办单位认为不属其职责范围，已退回原转送机关重新分流。";
            ev.internal_note = in.reason + (in.internal_note.empty() ? "" : "；" + in.internal_note);
            break;
        }
        case Action::kExtend: {
            if (p.extended) return Fail(Precondition("办理期限只能延长一次（条例第34条）"));
            XF_TRY(Require(in.extension_days >= 1 && in.extension_days <= ctx.policy.max_extension_days,
                           "extension_days", fmt::format("延长天数应为1至{}日", ctx.policy.max_extension_days)));
            XF_TRY(Require(!in.reason.empty(), "reason", "延期须说明理由"));
            XF_TRY(Require(in.approver_id != 0 && ctx.approver_valid, "approver_id", "延期须经本单位负责人批准"));
            CaseClock* h = p.FindRunningClock(ClockKind::kHandling);
            if (!h) return Fail(Precondition("没有正在计算的办理期限"));
            if (today > h->due) return Fail(Precondition("办理期限已届满，不能再延期（条例第34条）"));
            h->extension_days = in.extension_days;
            RecomputeDue(*h, cal, ctx.policy.roll, today);
            p.extended = true;
            ev.public_text = fmt::format("延期告知书：因{}，办理期限延长{}日，至{}。", Clause(in.reason), in.extension_days,
                                         FormatDate(h->due));
            break;
        }
        case Action::kReply:
        case Action::kMediate: {
            if (action == Action::kReply) {
                XF_TRY(Require(in.outcome.has_value(), "outcome", "请选择处理结果：予以支持/解释说明/不予支持"));
                XF_TRY(Require(*in.outcome != Outcome::kMediated, "outcome", "调解请使用「调解」操作"));
                XF_TRY(Require(!in.legal_basis.empty(), "legal_basis", "意见书须写明法律依据"));
            }
            XF_TRY(Require(!in.facts.empty(), "facts", action == Action::kReply ? "意见书须写明事实" : "请填写调解协议内容"));
            XF_TRY(Require(action == Action::kMediate || !in.reasons.empty(), "reasons", "意见书须写明理由"));
            p.decision = Decision{action == Action::kMediate ? Outcome::kMediated : *in.outcome, in.facts, in.reasons,
                                  in.legal_basis, today, actor.user_id};
            p.replied_on = today;
            std::string_view doc = p.kind == CaseKind::kOriginal ? "信访处理意见书"
                                   : p.kind == CaseKind::kReview ? "复查意见书"
                                                                 : "复核意见书";
            if (action == Action::kMediate) doc = "调解协议";
            ev.public_text = fmt::format("{}：{}{}", doc, DecisionText(*p.decision),
                                         p.kind == CaseKind::kReReview ? "本意见为终结意见（条例第36条第3款）。" : "");
            break;
        }
        case Action::kHearingStart:
            if (CaseClock* h = p.FindRunningClock(ClockKind::kHandling)) h->paused_since = today;
            ev.public_text = "已组织听证，听证所需时间不计入复核期限。";
            break;
        case Action::kHearingEnd:
            if (CaseClock* h = p.FindRunningClock(ClockKind::kHandling); h && h->paused_since) {
                h->paused_days += std::max(0, DaysBetween(*h->paused_since, today));
                h->paused_since.reset();
                RecomputeDue(*h, cal, ctx.policy.roll, today);
            }
            ev.public_text = "听证结束。";
            break;
        case Action::kRequestReview: {
            const CaseClock* w = p.FindRunningClock(ClockKind::kReviewRequest);
            if (!w || today > w->due)
                return Fail(Precondition(fmt::format("已超过收到意见书之日起30日的申请期限（{}）",
                                                     p.kind == CaseKind::kOriginal ? "条例第35条" : "条例第36条")));
            ev.public_text = p.kind == CaseKind::kOriginal ? "信访人申请复查。" : "信访人申请复核。";
            ev.internal_note = in.reason;
            break;
        }
        case Action::kRate: {
            if (p.rating) return Fail(Precondition("已评价，不能重复评价"));
            const CaseClock* w = p.FindRunningClock(ClockKind::kRating);
            if (!w || today > w->due) return Fail(Precondition("已超过评价期限"));
            XF_TRY(Require(in.rating.has_value(), "rating", "请选择满意、基本满意或不满意"));
            p.rating = in.rating;
            p.rating_comment = in.comment;
            ev.public_text = fmt::format("信访人评价：{}。", RatingLabel(*in.rating));
            break;
        }
        case Action::kConclude:
            if (p.state == State::kReplied) {
                const CaseClock* w = p.FindRunningClock(ClockKind::kReviewRequest);
                if (w && today <= w->due)
                    return Fail(Precondition(fmt::format("申请复查/复核期限至{}尚未届满，暂不能办结", FormatDate(w->due))));
            }
            ev.public_text = "信访事项已办结。";
            break;
        case Action::kFinalize:
            ev.public_text = "复核意见已作出，信访事项终结（条例第36条第3款）。";
            break;
        case Action::kRemind:
            ev.public_text.clear();
            ev.is_public = false;
            ev.internal_note = in.reason.empty() ? "催办" : "催办：" + in.reason;
            p.remind_count++;
            break;
        case Action::kSupervise:
            XF_TRY(Require(in.feedback_due.has_value(), "feedback_due", "督办须指定反馈期限"));
            XF_TRY(Require(*in.feedback_due > today, "feedback_due", "反馈期限应晚于今天"));
            XF_TRY(Require(!in.reason.empty(), "reason", "请填写督办事由"));
            fixed_due = in.feedback_due;
            ev.is_public = false;
            ev.internal_note = "督办：" + in.reason;
            p.supervise_count++;
            break;
    }
    if (!in.comment.empty() && action != Action::kRate) ev.public_text += in.comment;
    // 办理方式 (Art. 22): the registering office's disposal of a case it holds unrouted; a later 不予受理 by the
    // receiving org is its decision, not a route.
    if (auto r = RouteOf(action); r && p.state == State::kRegistered) {
        p.route = *r;
        p.routed_on = today;
    }

    StopClocks(p, t->stops, today, cal, ctx.policy.roll);
    for (int k = 0; k < 8; ++k) {
        auto kind = static_cast<ClockKind>(k);
        if (!(t->starts & Bit(kind))) continue;
        bool has_fixed = kind == ClockKind::kFeedback || kind == ClockKind::kSupervision;
        StartClock(p, kind, today, cal, ctx.policy, has_fixed ? fixed_due : std::nullopt);
    }
    if (t->to) {
        p.state = *t->to;
        if (IsClosed(p.state)) {
            p.closed_on = today;
            // A closed case owes nothing more; the petitioner's windows (rating) keep running.
            StopClocks(p, ~(Bit(ClockKind::kRating) | Bit(ClockKind::kReviewRequest)), today, cal, ctx.policy.roll);
        }
    }
    p.updated_at = ctx.now;
    ev.detail_json.clear();
    if (ev.public_text.empty() && ev.is_public) ev.public_text = std::string(ActionLabel(action));
    return ev;
}

namespace {
// The guards of ApplyAction that depend only on the case and the date.
bool GuardsPass(const Petition& p, Action a, Date today) {
    auto window_open = [&](ClockKind k) {
        const CaseClock* c = p.FindRunningClock(k);
        return c && today <= c->due;
    };
    switch (a) {
        case Action::kExtend: return !p.extended && window_open(ClockKind::kHandling);
        case Action::kReturn: return p.routed_from_org_id.has_value() && window_open(ClockKind::kObjection);
        case Action::kRequestReview: return window_open(ClockKind::kReviewRequest);
        case Action::kRate: return !p.rating && window_open(ClockKind::kRating);
        case Action::kRejectRepeat: return p.repeat_of.has_value();
        case Action::kConclude:
            return p.state != State::kReplied || !window_open(ClockKind::kReviewRequest);
        default: return true;
    }
}
}  // namespace

bool ReviewWindowLapsed(const Petition& p, Date today) {
    if (p.state != State::kReplied) return false;
    const auto* window = p.FindRunningClock(ClockKind::kReviewRequest);  // 条例第35条、第36条: 30 days
    return window == nullptr || window->due < today;
}

std::vector<Action> AvailableActions(const Petition& p, const Actor& actor, Date today) {
    std::vector<Action> out;
    for (int i = 0; i < kActionCount; ++i) {
        auto a = static_cast<Action>(i);
        const Transition* t = FindTransition(a, p.state, p.kind);
        if (!t) continue;
        bool ok = false;
        switch (actor.kind) {
            case ActorKind::kStaff:
                ok = actor.roles.Intersects(t->staff_roles) && (!t->holder_only || actor.org_id == p.current_org_id);
                break;
            case ActorKind::kPetitioner: ok = t->petitioner; break;
            case ActorKind::kSystem: ok = t->system; break;
        }
        if (ok && GuardsPass(p, a, today)) out.push_back(a);
    }
    return out;
}

}  // namespace xf
