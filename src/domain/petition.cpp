#include "domain/petition.hpp"

#include <array>

namespace xf {
namespace {

template <class E>
struct Named {
    E value;
    std::string_view name, label, alt;
};

template <class E, size_t N>
Result<E> ParseNamed(const std::array<Named<E>, N>& table, std::string_view s, std::string_view field,
                     std::string_view what) {
    for (const auto& n : table)
        if (s == n.name || s == n.label || (!n.alt.empty() && s == n.alt)) return n.value;
    std::string options;
    for (const auto& n : table) options += (options.empty() ? "" : "/") + std::string(n.name);
    return Fail(Error::InvalidArgument(std::string(field), "未知的" + std::string(what) + "：" + std::string(s) +
                                                                "（可选 " + options + "）"));
}

constexpr std::array<Named<Channel>, 8> kChannels{{
    {Channel::kLetter, "letter", "来信", ""},
    {Channel::kVisit, "visit", "来访", ""},
    {Channel::kOnline, "online", "网上信访", "网信"},
    {Channel::kPhone, "phone", "电话", ""},
    {Channel::kFax, "fax", "传真", ""},
    {Channel::kLeaderMailbox, "leader_mailbox", "领导信箱", ""},
    {Channel::kHigherOffice, "higher_office", "上级交办", "上级转送"},
    {Channel::kHotline12345, "hotline_12345", "12345转入", "12345"},
}};
constexpr std::array<Named<Purpose>, 3> kPurposes{{
    {Purpose::kSuggestion, "suggestion", "建议意见", "建议意见类"},
    {Purpose::kAccusation, "accusation", "检举控告", "检举控告类"},
    {Purpose::kComplaint, "complaint", "申诉求决", "申诉求决类"},
}};
constexpr std::array<Named<CaseKind>, 3> kKinds{{
    {CaseKind::kOriginal, "original", "初次办理", ""},
    {CaseKind::kReview, "review", "复查", ""},
    {CaseKind::kReReview, "re_review", "复核", ""},
}};
constexpr std::array<Named<State>, 10> kStates{{
    {State::kRegistered, "registered", "待分流", "已登记"},
    {State::kForwarded, "forwarded", "待受理", "已转送"},
    {State::kAccepted, "accepted", "办理中", "已受理"},
    {State::kHearing, "hearing", "听证中", ""},
    {State::kReplied, "replied", "已答复", ""},
    {State::kUnderReview, "under_review", "复查复核中", ""},
    {State::kConcluded, "concluded", "已办结", ""},
    {State::kFinal, "final", "已终结", ""},
    {State::kNotAccepted, "not_accepted", "不予受理", "不再受理"},
    {State::kTransferred, "transferred", "已移交", ""},
}};
constexpr std::array<Named<Outcome>, 4> kOutcomes{{
    {Outcome::kSupported, "supported", "予以支持", ""},
    {Outcome::kExplained, "explained", "解释说明", ""},
    {Outcome::kNotSupported, "not_supported", "不予支持", ""},
    {Outcome::kMediated, "mediated", "调解", "和解"},
}};
constexpr std::array<Named<Rating>, 3> kRatings{{
    {Rating::kSatisfied, "satisfied", "满意", ""},
    {Rating::kBasicallySatisfied, "basically_satisfied", "基本满意", ""},
    {Rating::kDissatisfied, "dissatisfied", "不满意", ""},
}};
constexpr std::array<Named<Route>, kRouteCount> kRoutes{{
    {Route::kReplyOnSpot, "reply_on_spot", "当场答复", ""},
    {Route::kForward, "forward", "转送", ""},
    {Route::kAssign, "assign", "交办", ""},
    {Route::kAcceptDirectly, "accept_directly", "直接受理", ""},
    {Route::kReject, "reject", "不予受理", ""},
    {Route::kTransferPoliticalLegal, "transfer_political_legal", "转政法", "转政法机关"},
    {Route::kTransferDiscipline, "transfer_discipline", "转纪检监察", "转纪检监察机关"},
    {Route::kFile, "file", "存", "存档"},
}};
constexpr std::array<Named<ClockKind>, 8> kClocks{{
    {ClockKind::kRoute, "route", "分流期限", ""},
    {ClockKind::kObjection, "objection", "异议期限", ""},
    {ClockKind::kAcceptance, "acceptance", "受理告知期限", ""},
    {ClockKind::kHandling, "handling", "办理期限", ""},
    {ClockKind::kFeedback, "feedback", "交办反馈期限", ""},
    {ClockKind::kReviewRequest, "review_request", "申请复查复核期限", ""},
    {ClockKind::kRating, "rating", "评价期限", ""},
    {ClockKind::kSupervision, "supervision", "督办反馈期限", ""},
}};

template <class E, size_t N>
const Named<E>& Lookup(const std::array<Named<E>, N>& table, E v) {
    return table[static_cast<size_t>(v)];
}

}  // namespace

std::string_view ChannelName(Channel c) { return Lookup(kChannels, c).name; }
std::string_view ChannelLabel(Channel c) { return Lookup(kChannels, c).label; }
Result<Channel> ParseChannel(std::string_view s, std::string_view f) { return ParseNamed(kChannels, s, f, "信访形式"); }
std::string_view PurposeName(Purpose p) { return Lookup(kPurposes, p).name; }
std::string_view PurposeLabel(Purpose p) { return Lookup(kPurposes, p).label; }
Result<Purpose> ParsePurpose(std::string_view s, std::string_view f) { return ParseNamed(kPurposes, s, f, "信访目的"); }
std::string_view CaseKindName(CaseKind k) { return Lookup(kKinds, k).name; }
std::string_view CaseKindLabel(CaseKind k) { return Lookup(kKinds, k).label; }
std::string_view StateName(State s) { return Lookup(kStates, s).name; }
std::string_view StateLabel(State s) { return Lookup(kStates, s).label; }
Result<State> ParseState(std::string_view s, std::string_view f) { return ParseNamed(kStates, s, f, "状态"); }
std::string_view OutcomeName(Outcome o) { return Lookup(kOutcomes, o).name; }
std::string_view OutcomeLabel(Outcome o) { return Lookup(kOutcomes, o).label; }
Result<Outcome> ParseOutcome(std::string_view s, std::string_view f) { return ParseNamed(kOutcomes, s, f, "办理结果"); }
std::string_view RouteName(Route r) { return Lookup(kRoutes, r).name; }
std::string_view RouteLabel(Route r) { return Lookup(kRoutes, r).label; }
Result<Route> ParseRoute(std::string_view s, std::string_view f) { return ParseNamed(kRoutes, s, f, "办理方式"); }
std::string_view RatingName(Rating r) { return Lookup(kRatings, r).name; }
std::string_view RatingLabel(Rating r) { return Lookup(kRatings, r).label; }
Result<Rating> ParseRating(std::string_view s, std::string_view f) { return ParseNamed(kRatings, s, f, "满意度"); }
std::string_view ClockKindName(ClockKind k) { return Lookup(kClocks, k).name; }
std::string_view ClockKindLabel(ClockKind k) { return Lookup(kClocks, k).label; }

bool IsClosed(State s) {
    return s == State::kConcluded || s == State::kFinal || s == State::kNotAccepted || s == State::kTransferred;
}

bool IsDutyClock(ClockKind k) {
    switch (k) {
        case ClockKind::kRoute:
        case ClockKind::kAcceptance:
        case ClockKind::kHandling:
        case ClockKind::kFeedback:
        case ClockKind::kSupervision: return true;
        case ClockKind::kObjection:
        case ClockKind::kReviewRequest:
        case ClockKind::kRating: return false;
    }
    return false;
}

void RecomputeDue(CaseClock& clock, const HolidayCalendar& cal, RollRule roll, Date today) {
    if (clock.fixed_due) {
        clock.due = *clock.fixed_due;
        return;
    }
    int pause = clock.paused_days;
    if (clock.paused_since) pause += std::max(0, DaysBetween(*clock.paused_since, today));
    DeadlineRule rule = clock.rule;
    rule.days += clock.extension_days + pause;
    clock.due = DueDate(clock.started_on, rule, cal, roll);
}

const CaseClock* Petition::FindClock(ClockKind k) const {
    const CaseClock* found = nullptr;
    for (const auto& c : clocks)
        if (c.kind == k) found = &c;  // the latest one of that kind
    return found;
}

CaseClock* Petition::FindRunningClock(ClockKind k) {
    for (auto& c : clocks)
        if (c.kind == k && c.running()) return &c;
    return nullptr;
}

const CaseClock* Petition::FindRunningClock(ClockKind k) const {
    for (const auto& c : clocks)
        if (c.kind == k && c.running()) return &c;
    return nullptr;
}

std::optional<Date> Petition::NextDutyDue() const {
    std::optional<Date> best;
    for (const auto& c : clocks)
        if (c.running() && IsDutyClock(c.kind) && !c.paused_since && (!best || c.due < *best)) best = c.due;
    return best;
}

}  // namespace xf
