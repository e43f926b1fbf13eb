// A petition (信访事项) as registered (SPEC §2) and as it moves through the workflow (SPEC §3): its facts, its
// petitioners (personal data sealed), its clocks, its decisions, and its links to review cases.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/clock.hpp"
#include "base/date.hpp"
#include "base/error.hpp"
#include "domain/deadline.hpp"

namespace xf {

// 信访形式 (Art. 17, 21): every channel enters the same record.
enum class Channel { kLetter, kVisit, kOnline, kPhone, kFax, kLeaderMailbox, kHigherOffice, kHotline12345 };
// 信访目的 (Art. 29–31).
enum class Purpose { kSuggestion, kAccusation, kComplaint };
// 初次办理 / 复查 (Art. 35) / 复核 (Art. 36): a review is a linked case at the org one level up.
enum class CaseKind { kOriginal, kReview, kReReview };

enum class State {
    kRegistered,   // 已登记，待分流 (Art. 22: route within 15 days)
    kForwarded,    // 已转送/交办，待受理 (Art. 23)
    kAccepted,     // 已受理，办理中 (Art. 32)
    kHearing,      // 听证中 (Art. 36: time not counted for 复核)
    kReplied,      // 已答复，复查/评价期内 (Art. 34–35)
    kUnderReview,  // 复查/复核中 (a linked review case is open)
    kConcluded,    // 已办结
    kFinal,        // 已终结 (Art. 36 ¶3)
    kNotAccepted,  // 不予受理 / 不再受理
    kTransferred,  // 已移交政法/纪检监察 (Art. 22 ¶2)
};

// 信访处理（复查、复核）意见书 outcome (Art. 32); kMediated for 调解/和解协议 (Art. 33).
enum class Outcome { kSupported, kExplained, kNotSupported, kMediated };
enum class Rating { kSatisfied, kBasicallySatisfied, kDissatisfied };
// 办理方式: how the receiving office disposed of a registration (Art. 22; 2005 Art. 21). kFile is 存 (filed for
// the record, e.g. an imported ledger row with nothing to forward); the workflow never produces it.
enum class Route {
    kReplyOnSpot, kForward, kAssign, kAcceptDirectly, kReject, kTransferPoliticalLegal, kTransferDiscipline, kFile
};
inline constexpr int kRouteCount = 8;

std::string_view ChannelName(Channel c);
std::string_view ChannelLabel(Channel c);
Result<Channel> ParseChannel(std::string_view s, std::string_view field = "channel");
std::string_view PurposeName(Purpose p);
std::string_view PurposeLabel(Purpose p);
Result<Purpose> ParsePurpose(std::string_view s, std::string_view field = "purpose");
std::string_view CaseKindName(CaseKind k);
std::string_view CaseKindLabel(CaseKind k);
std::string_view StateName(State s);
std::string_view StateLabel(State s);
Result<State> ParseState(std::string_view s, std::string_view field = "state");
bool IsClosed(State s);  // concluded, final, not accepted, transferred
std::string_view OutcomeName(Outcome o);
std::string_view OutcomeLabel(Outcome o);
Result<Outcome> ParseOutcome(std::string_view s, std::string_view field = "outcome");
std::string_view RatingName(Rating r);
std::string_view RatingLabel(Rating r);
Result<Rating> ParseRating(std::string_view s, std::string_view field = "rating");
std::string_view RouteName(Route r);
std::string_view RouteLabel(Route r);
Result<Route> ParseRoute(std::string_view s, std::string_view field = "route");

// Personal data is held sealed (encrypted by the app layer's cipher); `*_index` is a keyed hash for matching.
struct Petitioner {
    std::string name;
    std::string id_number_sealed;
    std::string id_number_index;
    std::string phone_sealed;
    std::string address_sealed;
    bool representative = false;  // 集体访代表 (Art. 20: at most 5)
    std::string contact_index;  // keyed hash of name + phone digits (repeat detection, Art. 19 ¶3); "" without a phone
    std::string email_sealed;   // optional, given on the portal for notices by e-mail
};

// The clocks the law runs on a case.
enum class ClockKind {
    kRoute,           // 15 days to route from registration (Art. 22)
    kObjection,       // 5 working days for the receiving org to object (Art. 23 ¶3)
    kAcceptance,      // 15 days to tell the petitioner accepted / not accepted (Art. 23)
    kHandling,        // 60 days from acceptance, +≤30 extension (Art. 32, 34); 30 days for 复查/复核 (Art. 35, 36)
    kFeedback,        // 交办 feedback date set by the assigning office
    kReviewRequest,   // 30 days for the petitioner to ask for 复查/复核 (Art. 35, 36)
    kRating,          // satisfaction-rating window (国信发〔2022〕11号; configurable, default 30 days)
    kSupervision,     // 督办 feedback date (Art. 38–40)
};
std::string_view ClockKindName(ClockKind k);
std::string_view ClockKindLabel(ClockKind k);
// Duty clocks are obligations of an office (they make a case overdue); windows are the petitioner's rights.
bool IsDutyClock(ClockKind k);

struct CaseClock {
    ClockKind kind = ClockKind::kRoute;
    Date started_on{};                 // the event day; counting starts the next day
    DeadlineRule rule;                 // unit + days; the article is kept for display
    std::optional<Date> fixed_due;     // feedback/supervision dates set by a person
    int extension_days = 0;            // 延期 (Art. 34)
    int paused_days = 0;               // completed 听证 pauses (Art. 36)
    std::optional<Date> paused_since;  // a pause in progress
    Date due{};                        // derived by RecomputeDue; stored for queues
    std::optional<Date> stopped_on;
    bool running() const { return !stopped_on.has_value(); }
};

// Options that an office may configure; the law's numbers are the defaults.
struct DeadlinePolicy {
    int route_days = 15;
    int objection_working_days = 5;
    int acceptance_days = 15;
    int handling_days = 60;
    int max_extension_days = 30;
    int review_handling_days = 30;
    int review_request_days = 30;
    int rating_days = 30;
    RollRule roll = RollRule::kNextWorkingDay;
};

// Derives `due` from start + rule + extension + pauses (a pause in progress counts up to `today`).
void RecomputeDue(CaseClock& clock, const HolidayCalendar& cal, RollRule roll, Date today);

struct Decision {
    Outcome outcome = Outcome::kExplained;
    std::string facts;        // 事实
    std::string reasons;      // 理由
    std::string legal_basis;  // 法律依据
    Date decided_on{};
    int64_t decided_by = 0;
};

struct Petition {
    int64_t id = 0;
    int64_t version = 0;  // optimistic concurrency
    std::string number;      // 信访件编号 {region}-{year}-{seq}
    std::string query_code;  // 查询码, given to the petitioner
    std::string secret_hash; // the petitioner's secret, hashed
    CaseKind kind = CaseKind::kOriginal;
    std::optional<int64_t> parent_case_id;  // the case this one reviews
    std::optional<int64_t> root_case_id;    // the original case of a review chain
    std::optional<int64_t> child_case_id;   // the review case opened on this one

    Channel channel = Channel::kLetter;
    Purpose purpose = Purpose::kComplaint;
    Instant received_at{};
    int64_t registered_org_id = 0;
    int64_t registered_by = 0;  // user id; 0 for online self-submission
    int64_t current_org_id = 0; // the org that holds the case now
    std::optional<int64_t> routed_from_org_id;  // who forwarded it here (退回 goes back there)

    std::string category_code;
    std::string region_code;  // 问题属地
    std::string title;
    std::string content;
    int persons = 1;  // 人数 (人次)
    std::vector<Petitioner> petitioners;
    std::string accused_name;                // 被反映人/单位 (free text)
    std::optional<int64_t> accused_org_id;   // when the accused unit is an org in the tree (Art. 30)
    bool involves_litigation = false;        // 涉法涉诉
    bool anonymous = false;                  // 匿名 (Art. 23: no notice owed when unidentifiable)
    bool is_repeat = false;                  // 重信重访
    std::optional<int64_t> repeat_of;
    bool skipped_level = false;              // 越级

    State state = State::kRegistered;
    std::vector<CaseClock> clocks;
    std::optional<Decision> decision;
    std::optional<Rating> rating;
    std::string rating_comment;
    std::string route_note;          // 不予受理: the legal route named; 转送: destination note
    std::optional<Route> route;      // 办理方式, set when the registering office routes the case (Art. 22)
    std::optional<Date> routed_on;
    std::optional<bool> resolved;    // 是否化解 as recorded (imported ledgers); unset: derived (domain/stats)
    bool imported = false;           // came from a historical ledger (`petition import`)
    std::optional<Date> accepted_on;
    std::optional<Date> replied_on;
    std::optional<Date> closed_on;
    bool extended = false;
    int remind_count = 0;            // 催办
    int supervise_count = 0;         // 督办

    Instant created_at{};
    Instant updated_at{};

    bool collective() const { return channel == Channel::kVisit && persons >= 5; }  // 集体访 (Art. 20)
    const CaseClock* FindClock(ClockKind k) const;
    CaseClock* FindRunningClock(ClockKind k);
    const CaseClock* FindRunningClock(ClockKind k) const;
    // The earliest due date among running duty clocks (for overdue / due-soon queues).
    std::optional<Date> NextDutyDue() const;
};

// A step on the timeline. The petitioner sees `public_text` (Art. 21); `internal_note` is for staff only.
struct Event {
    int64_t id = 0;
    int64_t petition_id = 0;
    Instant at{};
    std::string action;  // workflow action name, e.g. "forward"
    int64_t actor_user_id = 0;
    std::string actor_kind;  // "staff" | "petitioner" | "system"
    int64_t org_id = 0;
    std::optional<int64_t> target_org_id;
    std::string public_text;
    std::string internal_note;
    std::string detail_json;  // structured details of the action, for staff
    bool is_public = true;
};

// Append-only audit record: who did what to which object (state changes, reveals of personal data, logins).
struct AuditRecord {
    int64_t id = 0;
    Instant at{};
    int64_t actor_user_id = 0;
    std::string actor_kind;
    std::string action;       // "petition.forward", "petitioner.reveal", "session.login"
    std::string object_type;  // "petition", "user", …
    std::string object_id;
    std::string detail_json;
    std::string request_id;
    std::string remote_addr;
    // Its place in the tamper-evident hash chain (domain/audit.hpp), set by the audit log when it is appended:
    // chain number, position in that chain from 1, the previous record's hash and this record's. chain = -1 for
    // records written before the chain existed (schema 0009).
    int chain = -1;
    int64_t seq = 0;
    std::string prev_hash, hash;
};

}  // namespace xf
