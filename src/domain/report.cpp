#include "domain/report.hpp"

#include <algorithm>
#include <cstdlib>
#include <map>

#include <fmt/format.h>

namespace xf {
namespace {

using namespace std::chrono;

Date FirstOfMonth(Date d) { return Date{d.year(), d.month(), day(1)}; }
Date LastOfMonth(Date d) { return Date{year_month_day_last{d.year(), month_day_last{d.month()}}}; }
Date NextMonth(Date d) {
    year_month ym = year_month{d.year(), d.month()} + months(1);
    return Date{ym.year(), ym.month(), day(1)};
}

int Y(Date d) { return static_cast<int>(d.year()); }
unsigned M(Date d) { return static_cast<unsigned>(d.month()); }
unsigned D(Date d) { return static_cast<unsigned>(d.day()); }

void AddRatio(Ratio& r, int64_t num, int64_t den) {
    r.numerator += num;
    r.denominator += den;
}

std::string Pct(const Ratio& r) {
    auto t = r.tenths();
    return t ? FormatTenths(*t) + "%" : std::string("—");
}

// "城乡建设58批301人次，…" for the largest `limit` rows by 批次, then the rest folded.
std::string ListCounts(std::vector<KeyedCount> rows, const std::function<std::string(const std::string&)>& name,
                       size_t limit) {
    std::erase_if(rows, [](const KeyedCount& r) { return r.count.batches == 0 && r.count.persons == 0; });
    std::stable_sort(rows.begin(), rows.end(),
                     [](const KeyedCount& a, const KeyedCount& b) { return a.count.batches > b.count.batches; });
    std::string out;
    Count rest;
    size_t rest_n = 0;
    for (size_t i = 0; i < rows.size(); ++i) {
        if (i >= limit) {
            rest += rows[i].count;
            ++rest_n;
            continue;
        }
        if (!out.empty()) out += "，";
        out += fmt::format("{}{}批{}人次", name(rows[i].key), rows[i].count.batches, rows[i].count.persons);
    }
    if (rest_n > 0) out += fmt::format("，其他{}类共{}批{}人次", rest_n, rest.batches, rest.persons);
    return out;
}

}  // namespace

std::optional<int64_t> PercentTenths(int64_t numerator, int64_t denominator) {
    if (denominator == 0) return std::nullopt;
    bool negative = (numerator < 0) != (denominator < 0);
    int64_t a = std::llabs(numerator) * 1000;
    int64_t b = std::llabs(denominator);
    int64_t t = (2 * a + b) / (2 * b);  // half away from zero, on the magnitude
    return negative ? -t : t;
}

std::string FormatTenths(int64_t tenths) {
    int64_t a = std::llabs(tenths);
    return fmt::format("{}{}.{}", tenths < 0 ? "-" : "", a / 10, a % 10);
}

std::optional<int64_t> Change::tenths() const {
    if (previous == 0) return std::nullopt;
    return PercentTenths(current - previous, previous);
}

std::string_view Change::direction() const {
    auto t = tenths();
    if (!t) return previous == 0 && current == 0 ? "持平" : "";
    return *t > 0 ? "上升" : *t < 0 ? "下降" : "持平";
}

std::string Change::text() const {
    auto t = tenths();
    if (!t) return current == 0 ? "同比持平" : "上年同期无数据";
    if (*t == 0) return "同比持平";
    return fmt::format("同比{}{}%", direction(), FormatTenths(std::llabs(*t)));
}

std::pair<Date, Date> PreviousYearPeriod(Date from, Date to) {
    auto back = [](Date d) {
        Date r{d.year() - years(1), d.month(), d.day()};
        if (!r.ok()) r = LastOfMonth(Date{d.year() - years(1), d.month(), day(1)});
        return r;
    };
    return {back(from), back(to)};
}

std::string PeriodLabel(Date from, Date to) {
    if (from.year() == to.year() && D(from) == 1 && to == LastOfMonth(to)) {
        if (M(from) == 1 && M(to) == 12) return fmt::format("{}年", Y(from));
        if (M(from) == M(to)) return fmt::format("{}年{}月", Y(from), M(from));
        static const char* kQuarters[] = {"一", "二", "三", "四"};
        if ((M(from) - 1) % 3 == 0 && M(to) == M(from) + 2)
            return fmt::format("{}年第{}季度", Y(from), kQuarters[(M(from) - 1) / 3]);
        if (M(from) == 1 && M(to) == 6) return fmt::format("{}年上半年", Y(from));
        if (M(from) == 7 && M(to) == 12) return fmt::format("{}年下半年", Y(from));
    }
    if (from.year() == to.year())
        return fmt::format("{}年{}月{}日至{}月{}日", Y(from), M(from), D(from), M(to), D(to));
    return fmt::format("{}年{}月{}日至{}年{}月{}日", Y(from), M(from), D(from), Y(to), M(to), D(to));
}

Result<Figures> ComputeFigures(const StatSumFn& sum, Date from, Date to, Date today, int category_level) {
    Figures f;
    f.from = from;
    f.to = to;
    for (int c = 0; c < 8; ++c) f.by_channel.push_back({static_cast<Channel>(c), Count{}});

    // Registrations (SPEC §5: 批次, 人次; 个访/集体访; 初信初访/重信重访; 越级).
    XF_ASSIGN_OR_RETURN(auto intake, sum(StatDim::kIntake, from, to));
    for (const auto& row : intake) {
        XF_ASSIGN_OR_RETURN(IntakeKey k, ParseIntakeKey(row.key));
        Count c{row.batches, row.persons};
        f.totals += c;
        f.by_channel[static_cast<size_t>(k.channel)].second += c;
        f.by_purpose[static_cast<size_t>(k.purpose)] += c;
        if (k.form == 'c') f.collective += c;
        if (k.form == 'i') f.individual += c;
        (k.repeat == 'i' ? f.initial : f.repeat) += c;
        if (k.repeat != 'l') f.items += row.batches;
        if (k.skipped_level) f.skipped_level += c;
    }
    auto keyed = [&](StatDim dim, auto fold) -> Result<std::vector<KeyedCount>> {
        XF_ASSIGN_OR_RETURN(auto rows, sum(dim, from, to));
        std::map<std::string, Count> m;
        for (const auto& r : rows) m[fold(r.key)] += Count{r.batches, r.persons};
        std::vector<KeyedCount> out;
        for (auto& [k, c] : m) out.push_back({k, c});
        return out;
    };
    XF_ASSIGN_OR_RETURN(f.by_category, keyed(StatDim::kCategory, [&](const std::string& k) {
                            return category_level == 1 && k.size() > 2 ? k.substr(0, 2) : k;
                        }));
    XF_ASSIGN_OR_RETURN(f.by_region, keyed(StatDim::kRegion, [](const std::string& k) { return k; }));
    for (Date m = FirstOfMonth(from); m <= to; m = NextMonth(m)) {
        Date a = std::max(m, from), b = std::min(LastOfMonth(m), to);
        XF_ASSIGN_OR_RETURN(auto rows, sum(StatDim::kIntake, a, b));
        Count c;
        for (const auto& r : rows) c += Count{r.batches, r.persons};
        f.by_month.push_back({fmt::format("{:04}-{:02}", Y(m), M(m)), c});
    }

    XF_ASSIGN_OR_RETURN(auto reviews, sum(StatDim::kReview, from, to));
    for (const auto& r : reviews) (r.key == CaseKindName(CaseKind::kReview) ? f.reviews : f.re_reviews) += r.batches;

    XF_ASSIGN_OR_RETURN(auto routes, sum(StatDim::kRoute, from, to));
    for (const auto& r : routes) {
        XF_ASSIGN_OR_RETURN(Route route, ParseRoute(r.key));
        f.routes[static_cast<size_t>(route)] += r.batches;
    }

    // Where the period's registrations stand today.
    XF_ASSIGN_OR_RETURN(auto status, sum(StatDim::kStatus, from, to));
    for (const auto& r : status) {
        f.total += r.batches;
        if (r.key == "done") {
            f.done += r.batches;
        } else if (r.key == "done_resolved") {
            f.done += r.batches;
            f.resolved += r.batches;
        } else if (r.key.starts_with("open:")) {
            XF_ASSIGN_OR_RETURN(Date due, ParseDate(std::string_view(r.key).substr(5)));
            (due < today ? f.overdue : f.not_due) += r.batches;
        } else {
            f.not_due += r.batches;
        }
    }
    AddRatio(f.completion, f.done, f.total);
    AddRatio(f.resolution, f.resolved, f.done);

    // Obligations that fell due in the period. A pending one counts against the rate once its due day has passed
    // (on or before `to`, before `today`).
    Date pending_to = std::min(to, AddDays(today, -1));
    auto pending = [&](StatDim dim) -> Result<int64_t> {
        if (pending_to < from) return int64_t{0};
        XF_ASSIGN_OR_RETURN(auto rows, sum(dim, from, pending_to));
        int64_t n = 0;
        for (const auto& r : rows)
            if (r.key == "pending") n += r.batches;
        return n;
    };
    XF_ASSIGN_OR_RETURN(auto acceptance, sum(StatDim::kAcceptance, from, to));
    for (const auto& r : acceptance) {
        if (r.key == "met") AddRatio(f.timely_acceptance, r.batches, r.batches);
        if (r.key == "missed") AddRatio(f.timely_acceptance, 0, r.batches);
    }
    XF_ASSIGN_OR_RETURN(int64_t late_acceptance, pending(StatDim::kAcceptance));
    AddRatio(f.timely_acceptance, 0, late_acceptance);

    XF_ASSIGN_OR_RETURN(auto completion, sum(StatDim::kCompletion, from, to));
    for (const auto& r : completion) {
        if (r.key == "on_time") AddRatio(f.on_time_completion, r.batches, r.batches);
        if (r.key == "late") AddRatio(f.on_time_completion, 0, r.batches);
    }
    XF_ASSIGN_OR_RETURN(int64_t overdue_open, pending(StatDim::kCompletion));
    AddRatio(f.on_time_completion, 0, overdue_open);

    XF_ASSIGN_OR_RETURN(auto ratings, sum(StatDim::kRating, from, to));
    for (const auto& r : ratings) {
        if (r.key == "pending") continue;
        AddRatio(f.participation, r.batches, r.batches);
        bool pleased = r.key == RatingName(Rating::kSatisfied) || r.key == RatingName(Rating::kBasicallySatisfied);
        AddRatio(f.satisfaction, pleased ? r.batches : 0, r.batches);
    }
    XF_ASSIGN_OR_RETURN(int64_t expired_unrated, pending(StatDim::kRating));
    AddRatio(f.participation, 0, expired_unrated);
    return f;
}

std::string SummaryText(const Figures& cur, const Figures& prev, const TextNames& names) {
    std::vector<std::string> paras;
    Change batches{cur.totals.batches, prev.totals.batches};
    Change persons{cur.totals.persons, prev.totals.persons};
    std::string who = names.org_name.empty() ? "" : names.org_name;
    paras.push_back(fmt::format("{}，{}共受理群众来信来访{}批{}人次（涉及信访事项{}件），批次{}，人次{}。",
                                PeriodLabel(cur.from, cur.to), who, cur.totals.batches, cur.totals.persons,
                                cur.items, batches.text(), persons.text()));

    std::string channels;
    for (const auto& [ch, c] : cur.by_channel) {
        if (c.batches == 0) continue;
        if (!channels.empty()) channels += "，";
        if (ch == Channel::kVisit) {
            channels += fmt::format("来访{}批{}人次（集体访{}批{}人次，个访{}批{}人次）", c.batches, c.persons,
                                    cur.collective.batches, cur.collective.persons, cur.individual.batches,
                                    cur.individual.persons);
        } else {
            channels += fmt::format("{}{}件", ChannelLabel(ch), c.batches);
        }
    }
    if (!channels.empty()) {
        std::string share;
        if (auto t = PercentTenths(cur.collective.persons, cur.totals.persons); t && cur.collective.batches > 0)
            share = fmt::format("；集体访人次占总人次的{}%（集体访占比）", FormatTenths(*t));
        paras.push_back("其中" + channels + share + "。");
    }
    if (auto list = ListCounts(cur.by_category, names.category, 10); !list.empty())
        paras.push_back("按内容分：" + list + "。");
    if (auto list = ListCounts(cur.by_region, names.region, 10); !list.empty())
        paras.push_back("按问题属地分：" + list + "。");

    std::string kinds = fmt::format("初信初访{}批{}人次，重信重访{}批{}人次", cur.initial.batches, cur.initial.persons,
                                    cur.repeat.batches, cur.repeat.persons);
    if (cur.skipped_level.batches > 0)
        kinds += fmt::format("；越级信访{}批{}人次", cur.skipped_level.batches, cur.skipped_level.persons);
    if (cur.reviews + cur.re_reviews > 0)
        kinds += fmt::format("；受理复查申请{}件，复核申请{}件", cur.reviews, cur.re_reviews);
    paras.push_back(kinds + "。");

    std::string routes;
    for (int r = 0; r < kRouteCount; ++r) {
        int64_t n = cur.routes[static_cast<size_t>(r)];
        if (n == 0) continue;
        routes += fmt::format("{}{}{}件", routes.empty() ? "" : "，", RouteLabel(static_cast<Route>(r)), n);
    }
    int64_t forwarded = cur.routes[static_cast<size_t>(Route::kForward)] + cur.routes[static_cast<size_t>(Route::kAssign)];
    std::string outcome = fmt::format("已办结{}件，办结率{}；已化解{}件，化解率{}；未到期{}件，超期{}件", cur.done,
                                      Pct(cur.completion), cur.resolved, Pct(cur.resolution), cur.not_due,
                                      cur.overdue);
    if (!routes.empty())
        paras.push_back(fmt::format("办理方式：{}（转送交办合计{}件）。{}。", routes, forwarded, outcome));
    else
        paras.push_back(outcome + "。");

    auto indicator = [](std::string_view name, const Ratio& r) {
        if (r.denominator == 0) return fmt::format("{}暂无应统计事项", name);
        return fmt::format("{}{}（{}/{}）", name, Pct(r), r.numerator, r.denominator);
    };
    paras.push_back(fmt::format("{}，{}，{}，{}。", indicator("及时受理率", cur.timely_acceptance),
                                indicator("按期办结率", cur.on_time_completion),
                                indicator("参评率", cur.participation), indicator("满意率", cur.satisfaction)));

    std::string out;
    for (const auto& p : paras) out += (out.empty() ? "" : "\n") + p;
    return out;
}

}  // namespace xf
