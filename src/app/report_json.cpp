#include <boost/json.hpp>

#include <cmath>

#include "app/report_format.hpp"

namespace xf::app {
namespace {

namespace json = boost::json;

json::value Tenths(std::optional<int64_t> t) {
    if (!t) return nullptr;
    return static_cast<double>(*t) / 10.0;
}

json::object CountJson(const Count& c) { return {{"batches", c.batches}, {"persons", c.persons}}; }

json::object ChangeJson(int64_t current, int64_t previous) {
    Change c{current, previous};
    auto dir = c.direction();
    return {{"current", current},
            {"previous", previous},
            {"change", Tenths(c.tenths())},
            {"direction", dir.empty() ? json::value(nullptr) : json::value(dir)},
            {"text", c.text()}};
}

// One break-down row with its share of 人次 and its 同比 (against the same key last year).
json::object Row(json::object o, const Count& c, const Count& prev, int64_t total_persons) {
    o["batches"] = c.batches;
    o["persons"] = c.persons;
    o["share"] = Tenths(PercentTenths(c.persons, total_persons));
    o["previous"] = CountJson(prev);
    o["yoy"] = json::object{{"batches", ChangeJson(c.batches, prev.batches)},
                            {"persons", ChangeJson(c.persons, prev.persons)}};
    return o;
}

json::object RatioJson(const Ratio& r, const Ratio* prev) {
    json::object o{{"numerator", r.numerator}, {"denominator", r.denominator}, {"rate", Tenths(r.tenths())}};
    if (prev) {
        o["previous_rate"] = Tenths(prev->tenths());
        auto a = r.tenths(), b = prev->tenths();
        o["change_points"] = a && b ? Tenths(*a - *b) : json::value(nullptr);
    }
    return o;
}

// The figures of one period. `prev` (the year-earlier figures) adds previous/yoy beside each row.
json::object FiguresJson(const ReportResult& r, const Figures& f, const Figures* prev) {
    static const Figures kEmpty;
    const Figures& p = prev ? *prev : kEmpty;
    json::object o;
    o["period"] = json::object{{"from", FormatDate(f.from)}, {"to", FormatDate(f.to)}, {"label", PeriodLabel(f.from, f.to)}};
    o["totals"] = json::object{{"batches", f.totals.batches}, {"persons", f.totals.persons}, {"items", f.items}};
    json::array channels;
    for (size_t i = 0; i < f.by_channel.size(); ++i) {
        const auto& [ch, c] = f.by_channel[i];
        Count pc = i < p.by_channel.size() ? p.by_channel[i].second : Count{};
        if (c.batches == 0 && pc.batches == 0) continue;
        channels.push_back(
            Row(json::object{{"channel", ChannelLabel(ch)}, {"code", ChannelName(ch)}}, c, pc, f.totals.persons));
    }
    o["by_channel"] = std::move(channels);
    o["by_form"] = json::object{
        {"individual", Row({}, f.individual, p.individual, f.totals.persons)},
        {"collective", Row({}, f.collective, p.collective, f.totals.persons)},
        {"collective_share", Tenths(PercentTenths(f.collective.persons, f.totals.persons))}};
    auto keyed = [&](const std::vector<KeyedCount>& rows, const std::vector<KeyedCount>& prev_rows,
                     const std::map<std::string, std::string>& names) {
        json::array a;
        std::map<std::string, std::pair<Count, Count>> merged;
        for (const auto& x : rows) merged[x.key].first = x.count;
        if (prev)
            for (const auto& x : prev_rows) merged[x.key].second = x.count;
        for (const auto& [key, cp] : merged) {
            auto it = names.find(key);
            a.push_back(Row(json::object{{"code", key}, {"name", it != names.end() ? it->second : key}}, cp.first,
                            cp.second, f.totals.persons));
        }
        return a;
    };
    o["by_category"] = keyed(f.by_category, p.by_category, r.category_names);
    o["by_region"] = keyed(f.by_region, p.by_region, r.region_names);
    json::array months;
    for (size_t i = 0; i < f.by_month.size(); ++i) {
        const auto& m = f.by_month[i];
        json::object row{{"month", m.key}, {"batches", m.count.batches}, {"persons", m.count.persons}};
        if (prev && i < p.by_month.size()) row["previous"] = CountJson(p.by_month[i].count);
        months.push_back(std::move(row));
    }
    o["by_month"] = std::move(months);
    o["initial"] = Row({}, f.initial, p.initial, f.totals.persons);
    o["repeat"] = Row({}, f.repeat, p.repeat, f.totals.persons);
    o["skipped_level"] = Row({}, f.skipped_level, p.skipped_level, f.totals.persons);
    o["reviews"] = json::object{{"review", f.reviews}, {"re_review", f.re_reviews}};
    json::array routes;
    int64_t routed = 0;
    for (int64_t n : f.routes) routed += n;
    for (int i = 0; i < kRouteCount; ++i) {
        auto route = static_cast<Route>(i);
        int64_t n = f.routes[static_cast<size_t>(i)], pn = p.routes[static_cast<size_t>(i)];
        routes.push_back(json::object{{"route", RouteLabel(route)},
                                      {"code", RouteName(route)},
                                      {"items", n},
                                      {"share", Tenths(PercentTenths(n, routed))},
                                      {"previous", pn},
                                      {"yoy", ChangeJson(n, pn)}});
    }
    o["routes"] = std::move(routes);
    o["outcomes"] = json::object{{"total", f.total},     {"done", f.done},       {"resolved", f.resolved},
                                 {"not_due", f.not_due}, {"overdue", f.overdue}};
    auto ratio = [&](const Ratio& cur, const Ratio& pr) { return RatioJson(cur, prev ? &pr : nullptr); };
    o["indicators"] = json::object{
        {"timely_acceptance", ratio(f.timely_acceptance, p.timely_acceptance)},
        {"on_time_completion", ratio(f.on_time_completion, p.on_time_completion)},
        {"participation", ratio(f.participation, p.participation)},
        {"satisfaction", ratio(f.satisfaction, p.satisfaction)},
        {"completion", ratio(f.completion, p.completion)},
        {"resolution", ratio(f.resolution, p.resolution)}};
    return o;
}

}  // namespace

json::object ReportJson(const ReportResult& r) {
    json::object o = FiguresJson(r, r.current, &r.previous);
    o["period"].as_object()["as_of"] = FormatDate(r.as_of);
    o["org"] = json::object{{"id", r.org.id}, {"code", r.org.code}, {"name", r.org.name}};
    o["filtered"] = r.filtered;
    o["data_source"] = r.data_source;
    if (r.replica_lag_seconds)
        o["replica_lag_seconds"] = *r.replica_lag_seconds;
    else
        o["replica_lag_seconds"] = nullptr;
    o["previous"] = FiguresJson(r, r.previous, nullptr);
    o["yoy"] = json::object{{"batches", ChangeJson(r.current.totals.batches, r.previous.totals.batches)},
                            {"persons", ChangeJson(r.current.totals.persons, r.previous.totals.persons)},
                            {"items", ChangeJson(r.current.items, r.previous.items)}};
    o["text"] = r.text;
    return o;
}

json::object TrendAlertsJson(const TrendAlerts& a) {
    json::array alerts;
    for (const auto& x : a.alerts) {
        json::array windows;
        for (const auto& w : x.windows)
            windows.push_back(json::object{{"from", FormatDate(w.from)},
                                           {"to", FormatDate(w.to)},
                                           {"month", FormatDate(w.to).substr(0, 7)},
                                           {"batches", w.batches}});
        alerts.push_back(json::object{{"dimension", x.dimension},
                                      {"code", x.code},
                                      {"name", x.name},
                                      {"current", x.current},
                                      {"baseline", std::round(x.baseline * 10) / 10},
                                      {"change", Tenths(x.change_tenths)},
                                      {"months", std::move(windows)}});
    }
    return json::object{{"org", json::object{{"id", a.org.id}, {"code", a.org.code}, {"name", a.org.name}}},
                        {"month", FormatDate(a.as_of).substr(0, 7)},
                        {"as_of", FormatDate(a.as_of)},
                        {"window_days", 30},
                        {"rule", a.rule},
                        {"alerts", std::move(alerts)}};
}

std::string ReportFileName(const ReportResult& r) {
    return r.org.name + "_" + PeriodLabel(r.current.from, r.current.to) + "_信访统计.xlsx";
}

}  // namespace xf::app
