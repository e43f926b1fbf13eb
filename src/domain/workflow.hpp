// The workflow of SPEC §3 as ONE table of allowed transitions: (action, from-states, case kinds) → to-state,
// who may act, which clocks start and stop, and the article that grants it. Nothing else changes a status.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "domain/deadline.hpp"
#include "domain/org.hpp"
#include "domain/petition.hpp"
#include "domain/user.hpp"

namespace xf {

enum class Action {
    kForward,                 // 转送 (Art. 22)
    kAssign,                  // 交办, with a feedback date (Art. 22)
    kAcceptDirectly,          // 直接受理 (Art. 22–23)
    kTransferPoliticalLegal,  // 转政法 (Art. 22 ¶2: 涉法涉诉 to the 政法 track)
    kTransferDiscipline,      // 转纪检监察 (Art. 22 ¶2, Art. 30)
    kReject,                  // 不予受理, naming the legal route (Art. 23; Art. 19 ¶3)
    kRejectRepeat,            // 不再受理: same facts after finality (Art. 36 ¶3)
    kReplyOnSpot,             // 当场答复 (Art. 22)
    kReturn,                  // 退回 within 5 working days (Art. 23 ¶3)
    kAccept,                  // 受理, with 受理告知书 (Art. 23)
    kExtend,                  // 延期, ≤30 days with approval (Art. 34)
    kReply,                   // 答复: 信访处理/复查/复核意见书 (Art. 32, 34–36)
    kMediate,                 // 调解/和解协议 (Art. 33)
    kHearingStart,            // 听证 begins; 复核 time stops (Art. 36)
    kHearingEnd,              // 听证 ends
    kRequestReview,           // 申请复查 (Art. 35) / 申请复核 (Art. 36) — a linked case one level up
    kRate,                    // 满意度评价 (Art. 21)
    kConclude,                // 办结: review window lapsed, or the linked review concluded
    kFinalize,                // 终结: the 复核意见 made the chain final (Art. 36 ¶3)
    kRemind,                  // 催办 (Art. 38)
    kSupervise,               // 督办, with a feedback date (Art. 39)
};
inline constexpr int kActionCount = 21;

std::string_view ActionName(Action a);   // "forward"
std::string_view ActionLabel(Action a);  // "转送"
Result<Action> ParseAction(std::string_view s, std::string_view field = "action");

enum class ActorKind { kStaff, kPetitioner, kSystem };
std::string_view ActorKindName(ActorKind k);

struct Actor {
    ActorKind kind = ActorKind::kStaff;
    int64_t user_id = 0;
    int64_t org_id = 0;
    RoleSet roles;
};

// Bit sets over small enums.
constexpr uint32_t Bit(State s) { return 1u << static_cast<int>(s); }
constexpr uint32_t Bit(CaseKind k) { return 1u << static_cast<int>(k); }
constexpr uint32_t Bit(ClockKind k) { return 1u << static_cast<int>(k); }

struct Transition {
    Action action;
    uint32_t from_states;  // Bit(State) set
    uint32_t case_kinds;   // Bit(CaseKind) set
    std::optional<State> to;  // nullopt: the state does not change
    RoleSet staff_roles;      // staff holding any of these may act
    bool petitioner = false;  // the petitioner may act (portal, or staff recording on their behalf)
    bool system = false;      // the scheduler may act
    bool holder_only = true;  // staff must belong to the org that holds the case
    uint32_t starts = 0;      // Bit(ClockKind) started
    uint32_t stops = 0;       // Bit(ClockKind) stopped
    std::string_view article;
};

std::span<const Transition> TransitionTable();
// The row that governs `action` on a case of `kind` in `state`, if any.
const Transition* FindTransition(Action action, State state, CaseKind kind);

// What the caller supplies with an action. Which fields are required depends on the action.
struct ActionInput {
    std::optional<int64_t> target_org_id;  // forward, assign, transfer_*
    std::optional<Date> feedback_due;      // assign, supervise
    std::string reason;                    // return, extend, remind, supervise, reject (why)
    std::string legal_route;               // reject: the route the petitioner should take instead
    int extension_days = 0;                // extend
    int64_t approver_id = 0;               // extend: the approving head (must hold kApprover)
    std::optional<Outcome> outcome;        // reply
    std::string facts, reasons, legal_basis;  // reply, mediate, reply_on_spot
    std::optional<Rating> rating;          // rate
    std::string comment;                   // rate, any action: free text shown to the petitioner
    std::string internal_note;             // staff-only note on the timeline
};

// What the workflow needs to know beyond the case itself; resolved by the app layer.
struct WorkflowContext {
    Date today{};
    Instant now{};
    const HolidayCalendar* calendar = nullptr;
    DeadlinePolicy policy;
    const Org* target_org = nullptr;   // resolved target_org_id
    const Org* accused_org = nullptr;  // resolved petition.accused_org_id
    bool approver_valid = false;       // extend: approver exists, holds kApprover in the holding org
    bool repeat_of_final = false;      // reject_repeat: the earlier case is final
};

// Applies `action` to `p` or returns why not (kFailedPrecondition naming the rule, kPermissionDenied,
// kInvalidArgument naming the field). On success `p` holds the new state and clocks, and the returned Event
// describes the step for the timeline (the caller fills ids). Pure: no I/O.
Result<Event> ApplyAction(Petition& p, Action action, const ActionInput& in, const Actor& actor,
                          const WorkflowContext& ctx);

// Starts a newly registered case: state 已登记 and the 15-day route clock (Art. 22).
void StartCase(Petition& p, Date registered_on, const HolidayCalendar& cal, const DeadlinePolicy& policy);

// What a historical ledger row (台账) records of a case's handling: the dates and results, not the steps.
struct LedgerHistory {
    std::optional<Route> route;
    std::optional<Date> accepted_on;  // 受理日期
    std::optional<Date> replied_on;   // 答复日期
    std::optional<Outcome> outcome;   // 办理结果
    std::optional<Rating> rating;     // 满意度 (unset: 未评价)
    std::optional<bool> resolved;     // 是否化解
};

// Gives an imported case (already StartCase'd on its registration day) the state and clocks its history implies,
// with every clock computed from the recorded dates as the law counts them (Art. 22, 23, 32–35): routed on the
// 受理日期 (or the registration day when the row has a route but no 受理日期), replied on the 答复日期; a reply
// whose 30-day review window has passed by `today` is 办结; 不予受理/转政法/转纪检监察/存 close the case. Fails
// naming the field when the dates contradict each other or the route.
Status ApplyLedgerHistory(Petition& p, const LedgerHistory& h, Date today, const HolidayCalendar& cal,
                          const DeadlinePolicy& policy);

// Whether a replied case (已答复) is due to be concluded because nobody asked for review in time: the petitioner
// has 30 days from the reply to ask for 复查 (条例第35条) or 复核 (第36条); a window that ended before `today`, or
// one that is not running, leaves the reply as the last word (办结). False for every other state.
bool ReviewWindowLapsed(const Petition& p, Date today);

// The linked 复查/复核 case opened by a review request on `reviewed` (Art. 35–36): same facts and petitioners,
// held by `review_org`, accepted on `today` with a 30-day handling clock.
Petition MakeReviewCase(const Petition& reviewed, const Org& review_org, Date today, Instant now,
                        const HolidayCalendar& cal, const DeadlinePolicy& policy);

// The actions `actor` could take on `p` on `today` (for the UI): the table's rows, less those whose date and
// once-only guards already fail (延期 twice, 退回 or a review request after its window, …). Guards on input
// (required fields) are left to ApplyAction.
std::vector<Action> AvailableActions(const Petition& p, const Actor& actor, Date today);

}  // namespace xf
