#include "domain/stats.hpp"

#include <charconv>

#include <fmt/format.h>

namespace xf {
namespace {

std::vector<std::string_view> Split(std::string_view s, char sep) {
    std::vector<std::string_view> out;
    size_t start = 0;
    for (;;) {
        size_t pos = s.find(sep, start);
        if (pos == std::string_view::npos) {
            out.push_back(s.substr(start));
            return out;
        }
        out.push_back(s.substr(start, pos - start));
        start = pos + 1;
    }
}

Result<int64_t> ToInt(std::string_view s) {
    int64_t v = 0;
    auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || ptr != s.data() + s.size())
        return Fail(Error::Internal(fmt::format("统计条目中的数字无效：{}", s)));
    return v;
}

// The last clock of `kind`, if any.
const CaseClock* Last(const Petition& p, ClockKind kind) { return p.FindClock(kind); }

void AddAcceptance(const Petition& p, std::vector<StatEntry>& out) {
    // 及时受理 (SPEC §5): the route clock of the registering office (Art. 22) and, for a forwarded case, the receiving
    // org's acceptance clock (Art. 23). Timely when every one stopped on or before its due date.
    const CaseClock* clocks[2] = {Last(p, ClockKind::kRoute), Last(p, ClockKind::kAcceptance)};
    const CaseClock* last = nullptr;
    bool met = true;
    for (const CaseClock* c : clocks) {
        if (!c) continue;
        if (c->running()) {
            out.push_back({StatDim::kAcceptance, "pending", c->due, p.current_org_id, 1, p.persons});
            return;
        }
        if (*c->stopped_on > c->due) met = false;
        last = c;
    }
    if (!last) return;
    out.push_back({StatDim::kAcceptance, met ? "met" : "missed", last->due, p.current_org_id, 1, p.persons});
}

void AddCompletion(const Petition& p, std::vector<StatEntry>& out) {
    // 按期办结 (SPEC §5; Art. 32, 34–36): replied within the handling clock (extension and hearings included).
    const CaseClock* h = Last(p, ClockKind::kHandling);
    if (p.replied_on) {
        bool on_time = !h || *p.replied_on <= h->due;
        out.push_back({StatDim::kCompletion, on_time ? "on_time" : "late", *p.replied_on, p.current_org_id, 1,
                       p.persons});
        return;
    }
    if (h && h->running())
        out.push_back({StatDim::kCompletion, "pending", h->due, p.current_org_id, 1, p.persons});
}

void AddRating(const Petition& p, std::vector<StatEntry>& out) {
    // 参评率 / 满意率 (SPEC §5; 国信发〔2022〕11号): counted where the rating window closes.
    const CaseClock* r = Last(p, ClockKind::kRating);
    if (p.rating) {
        Date day = r ? r->due : (p.replied_on ? *p.replied_on : ChinaDate(p.received_at));
        out.push_back({StatDim::kRating, std::string(RatingName(*p.rating)), day, p.current_org_id, 1, p.persons});
        return;
    }
    if (r) out.push_back({StatDim::kRating, "pending", r->due, p.current_org_id, 1, p.persons});
}

}  // namespace

std::string FormatIntakeKey(const IntakeKey& k) {
    return fmt::format("{}|{}|{}|{}|{}", ChannelName(k.channel), k.form, k.repeat, k.skipped_level ? 's' : '-',
                       PurposeName(k.purpose));
}

Result<IntakeKey> ParseIntakeKey(std::string_view key) {
    auto parts = Split(key, '|');
    if (parts.size() != 5 || parts[1].size() != 1 || parts[2].size() != 1 || parts[3].size() != 1)
        return Fail(Error::Internal(fmt::format("统计键无效：{}", key)));
    IntakeKey k;
    XF_ASSIGN_OR_RETURN(k.channel, ParseChannel(parts[0]));
    k.form = parts[1][0];
    k.repeat = parts[2][0];
    k.skipped_level = parts[3][0] == 's';
    XF_ASSIGN_OR_RETURN(k.purpose, ParsePurpose(parts[4]));
    return k;
}

bool IsDoneForStats(const Petition& p) {
    return p.replied_on.has_value() || IsClosed(p.state) || p.state == State::kUnderReview;
}

bool IsResolvedForStats(const Petition& p) {
    if (p.resolved) return *p.resolved;
    if (!IsDoneForStats(p) || p.state == State::kUnderReview || p.child_case_id) return false;
    if (p.rating && (*p.rating == Rating::kSatisfied || *p.rating == Rating::kBasicallySatisfied)) return true;
    return p.decision && (p.decision->outcome == Outcome::kSupported || p.decision->outcome == Outcome::kMediated);
}

std::vector<StatEntry> StatEntriesFor(const Petition& p) {
    std::vector<StatEntry> out;
    const Date received = ChinaDate(p.received_at);
    const int64_t org = p.registered_org_id;
    if (p.kind == CaseKind::kOriginal) {
        IntakeKey k;
        k.channel = p.channel;
        k.form = p.channel == Channel::kVisit ? (p.collective() ? 'c' : 'i') : '-';
        k.repeat = !p.is_repeat ? 'i' : (p.repeat_of ? 'l' : 'r');
        k.skipped_level = p.skipped_level;
        k.purpose = p.purpose;
        out.push_back({StatDim::kIntake, FormatIntakeKey(k), received, org, 1, p.persons});
        out.push_back({StatDim::kCategory, p.category_code, received, org, 1, p.persons});
        out.push_back({StatDim::kRegion, p.region_code, received, org, 1, p.persons});
        if (p.route) out.push_back({StatDim::kRoute, std::string(RouteName(*p.route)), received, org, 1, p.persons});
        std::string status;
        if (IsDoneForStats(p)) {
            status = IsResolvedForStats(p) ? "done_resolved" : "done";
        } else if (auto due = p.NextDutyDue()) {
            status = "open:" + FormatDate(*due);
        } else {
            status = "open";
        }
        out.push_back({StatDim::kStatus, std::move(status), received, org, 1, p.persons});
        AddAcceptance(p, out);
    } else {
        out.push_back({StatDim::kReview, std::string(CaseKindName(p.kind)), received, org, 1, p.persons});
    }
    AddCompletion(p, out);
    AddRating(p, out);
    return out;
}

std::string EncodeStatEntries(const std::vector<StatEntry>& entries) {
    std::string out;
    for (const auto& e : entries) {
        if (!out.empty()) out += ';';
        out += fmt::format("{},{},{},{},{},{}", static_cast<int>(e.dim), e.key, FormatDate(e.day), e.org_id,
                           e.batches, e.persons);
    }
    return out;
}

Result<std::vector<StatEntry>> DecodeStatEntries(std::string_view text) {
    std::vector<StatEntry> out;
    if (text.empty()) return out;
    for (auto item : Split(text, ';')) {
        auto f = Split(item, ',');
        if (f.size() != 6) return Fail(Error::Internal(fmt::format("统计条目无效：{}", item)));
        StatEntry e;
        XF_ASSIGN_OR_RETURN(int64_t dim, ToInt(f[0]));
        if (dim < 1 || dim > 9) return Fail(Error::Internal(fmt::format("统计维度无效：{}", dim)));
        e.dim = static_cast<StatDim>(dim);
        e.key = std::string(f[1]);
        XF_ASSIGN_OR_RETURN(e.day, ParseDate(f[2]));
        XF_ASSIGN_OR_RETURN(e.org_id, ToInt(f[3]));
        XF_ASSIGN_OR_RETURN(e.batches, ToInt(f[4]));
        XF_ASSIGN_OR_RETURN(e.persons, ToInt(f[5]));
        out.push_back(std::move(e));
    }
    return out;
}

}  // namespace xf
