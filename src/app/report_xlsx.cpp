// The report and case lists as Excel workbooks (tabular/). The same figures as the JSON: one sheet per break-down,
// Chinese headers, frozen header rows, integer and percent formats.
#include <fmt/format.h>

#include "app/report_format.hpp"
#include "tabular/table.hpp"

namespace xf::app {
namespace {

using tabular::Column;
using tabular::ColumnType;
using tabular::Sheet;
using tabular::SheetCell;

SheetCell Pct(std::optional<int64_t> tenths) {
    if (!tenths) return std::monostate{};
    return static_cast<double>(*tenths) / 10.0;
}
SheetCell Text(std::string s) { return SheetCell(std::move(s)); }
SheetCell Int(int64_t v) { return SheetCell(v); }

Count Find(const std::vector<KeyedCount>& rows, const std::string& key) {
    for (const auto& r : rows)
        if (r.key == key) return r.count;
    return {};
}

// 批次, 人次, 占比, 上年同期批次, 上年同期人次, 批次同比 — the columns every break-down shares.
std::vector<Column> CountColumns(std::vector<Column> lead) {
    for (auto c : {Column{"批次", ColumnType::kInteger}, Column{"人次", ColumnType::kInteger},
                   Column{"人次占比", ColumnType::kPercent}, Column{"上年同期批次", ColumnType::kInteger},
                   Column{"上年同期人次", ColumnType::kInteger}, Column{"批次同比", ColumnType::kPercent},
                   Column{"人次同比", ColumnType::kPercent}})
        lead.push_back(c);
    return lead;
}
void AddCounts(std::vector<SheetCell>& row, const Count& c, const Count& prev, int64_t total_persons) {
    row.push_back(Int(c.batches));
    row.push_back(Int(c.persons));
    row.push_back(Pct(PercentTenths(c.persons, total_persons)));
    row.push_back(Int(prev.batches));
    row.push_back(Int(prev.persons));
    row.push_back(Pct(Change{c.batches, prev.batches}.tenths()));
    row.push_back(Pct(Change{c.persons, prev.persons}.tenths()));
}

}  // namespace

Result<std::string> ReportXlsx(const ReportResult& r) {
    const Figures& f = r.current;
    const Figures& p = r.previous;
    const std::string period = PeriodLabel(f.from, f.to);
    const std::string title_base = fmt::format("{} {}信访情况统计", r.org.name, period);
    std::vector<Sheet> sheets;

    Sheet totals{"汇总", title_base + "（汇总）", {{"项目"}, {"本期", ColumnType::kInteger}, {"上年同期", ColumnType::kInteger},
                                                {"同比", ColumnType::kPercent}, {"同比说明"}}, {}};
    auto total_row = [&](std::string name, int64_t cur, int64_t prev) {
        Change c{cur, prev};
        totals.rows.push_back({Text(std::move(name)), Int(cur), Int(prev), Pct(c.tenths()), Text(c.text())});
    };
    total_row("批次", f.totals.batches, p.totals.batches);
    total_row("人次", f.totals.persons, p.totals.persons);
    total_row("件", f.items, p.items);
    total_row("集体访批次", f.collective.batches, p.collective.batches);
    total_row("集体访人次", f.collective.persons, p.collective.persons);
    total_row("初信初访批次", f.initial.batches, p.initial.batches);
    total_row("重信重访批次", f.repeat.batches, p.repeat.batches);
    total_row("越级批次", f.skipped_level.batches, p.skipped_level.batches);
    total_row("复查件", f.reviews, p.reviews);
    total_row("复核件", f.re_reviews, p.re_reviews);
    sheets.push_back(std::move(totals));

    Sheet channels{"按信访形式", title_base + "（按信访形式）", CountColumns({{"信访形式"}}), {}};
    for (size_t i = 0; i < f.by_channel.size(); ++i) {
        std::vector<SheetCell> row{Text(std::string(ChannelLabel(f.by_channel[i].first)))};
        AddCounts(row, f.by_channel[i].second, p.by_channel[i].second, f.totals.persons);
        channels.rows.push_back(std::move(row));
    }
    sheets.push_back(std::move(channels));

    Sheet forms{"个访集体访", title_base + "（来访：个访与集体访）", CountColumns({{"形式"}}), {}};
    for (auto [name, c, pc] : {std::tuple{"个访", f.individual, p.individual},
                               std::tuple{"集体访", f.collective, p.collective}}) {
        std::vector<SheetCell> row{Text(name)};
        AddCounts(row, c, pc, f.totals.persons);
        forms.rows.push_back(std::move(row));
    }
    sheets.push_back(std::move(forms));

    auto keyed_sheet = [&](std::string name, std::string what, const std::vector<KeyedCount>& cur,
                           const std::vector<KeyedCount>& prev, const std::map<std::string, std::string>& names) {
        Sheet s{name, title_base + "（" + name + "）", CountColumns({{what + "代码"}, {what}}), {}};
        std::map<std::string, bool> keys;
        for (const auto& x : cur) keys[x.key] = true;
        for (const auto& x : prev) keys[x.key] = true;
        for (const auto& [k, _] : keys) {
            auto it = names.find(k);
            std::vector<SheetCell> row{Text(k), Text(it != names.end() ? it->second : k)};
            AddCounts(row, Find(cur, k), Find(prev, k), f.totals.persons);
            s.rows.push_back(std::move(row));
        }
        sheets.push_back(std::move(s));
    };
    keyed_sheet("按内容分类", "内容分类", f.by_category, p.by_category, r.category_names);
    keyed_sheet("按问题属地", "问题属地", f.by_region, p.by_region, r.region_names);

    Sheet months{"按月", title_base + "（按月）",
                 {{"月份"}, {"批次", ColumnType::kInteger}, {"人次", ColumnType::kInteger},
                  {"上年同期批次", ColumnType::kInteger}, {"上年同期人次", ColumnType::kInteger},
                  {"批次同比", ColumnType::kPercent}},
                 {}};
    for (size_t i = 0; i < f.by_month.size(); ++i) {
        Count pc = i < p.by_month.size() ? p.by_month[i].count : Count{};
        const Count& c = f.by_month[i].count;
        months.rows.push_back({Text(f.by_month[i].key), Int(c.batches), Int(c.persons), Int(pc.batches),
                               Int(pc.persons), Pct(Change{c.batches, pc.batches}.tenths())});
    }
    sheets.push_back(std::move(months));

    Sheet kinds{"初重信访", title_base + "（初信初访与重信重访）", CountColumns({{"类别"}}), {}};
    for (auto [name, c, pc] : {std::tuple{"初信初访", f.initial, p.initial}, std::tuple{"重信重访", f.repeat, p.repeat},
                               std::tuple{"越级", f.skipped_level, p.skipped_level}}) {
        std::vector<SheetCell> row{Text(name)};
        AddCounts(row, c, pc, f.totals.persons);
        kinds.rows.push_back(std::move(row));
    }
    sheets.push_back(std::move(kinds));

    Sheet routes{"办理方式", title_base + "（办理方式）",
                 {{"办理方式"}, {"件数", ColumnType::kInteger}, {"占比", ColumnType::kPercent},
                  {"上年同期", ColumnType::kInteger}, {"同比", ColumnType::kPercent}},
                 {}};
    int64_t routed = 0;
    for (int64_t n : f.routes) routed += n;
    for (int i = 0; i < kRouteCount; ++i) {
        int64_t n = f.routes[static_cast<size_t>(i)], pn = p.routes[static_cast<size_t>(i)];
        routes.rows.push_back({Text(std::string(RouteLabel(static_cast<Route>(i)))), Int(n),
                               Pct(PercentTenths(n, routed)), Int(pn), Pct(Change{n, pn}.tenths())});
    }
    sheets.push_back(std::move(routes));

    Sheet outcomes{"办理结果", title_base + "（办理结果）",
                   {{"项目"}, {"本期", ColumnType::kInteger}, {"上年同期", ColumnType::kInteger}}, {}};
    for (auto [name, a, b] : {std::tuple{"登记件数", f.total, p.total}, std::tuple{"已办结", f.done, p.done},
                              std::tuple{"已化解", f.resolved, p.resolved}, std::tuple{"未到期", f.not_due, p.not_due},
                              std::tuple{"超期", f.overdue, p.overdue}})
        outcomes.rows.push_back({Text(name), Int(a), Int(b)});
    sheets.push_back(std::move(outcomes));

    Sheet indicators{"指标", title_base + "（考核指标）",
                     {{"指标"}, {"分子", ColumnType::kInteger}, {"分母", ColumnType::kInteger},
                      {"比率", ColumnType::kPercent}, {"上年同期比率", ColumnType::kPercent},
                      {"变化（百分点）", ColumnType::kDecimal1}},
                     {}};
    auto indicator = [&](std::string name, const Ratio& a, const Ratio& b) {
        auto ta = a.tenths(), tb = b.tenths();
        SheetCell change = ta && tb ? SheetCell(static_cast<double>(*ta - *tb) / 10.0) : SheetCell(std::monostate{});
        indicators.rows.push_back({Text(std::move(name)), Int(a.numerator), Int(a.denominator), Pct(ta), Pct(tb),
                                   change});
    };
    indicator("及时受理率", f.timely_acceptance, p.timely_acceptance);
    indicator("按期办结率", f.on_time_completion, p.on_time_completion);
    indicator("参评率", f.participation, p.participation);
    indicator("满意率", f.satisfaction, p.satisfaction);
    indicator("办结率", f.completion, p.completion);
    indicator("化解率", f.resolution, p.resolution);
    sheets.push_back(std::move(indicators));

    Sheet text{"工作总结", title_base + "（工作总结统计段落）", {{"段落", ColumnType::kText, 120}}, {}};
    size_t start = 0;
    while (start <= r.text.size()) {
        size_t end = r.text.find('\n', start);
        if (end == std::string::npos) end = r.text.size();
        text.rows.push_back({Text(r.text.substr(start, end - start))});
        start = end + 1;
    }
    sheets.push_back(std::move(text));
    return tabular::WriteXlsx(sheets);
}

Result<std::string> CaseListXlsx(const std::vector<ListItem>& items, const CategoryTable& categories,
                                 const std::string& title) {
    Sheet s{"信访事项", title,
            {{"信访件编号"}, {"登记日期", ColumnType::kDate}, {"信访形式"}, {"人数", ColumnType::kInteger},
             {"信访人"}, {"标题"}, {"内容分类"}, {"问题属地"}, {"信访目的"}, {"办理方式"}, {"当前单位"},
             {"状态"}, {"下一期限", ColumnType::kDate}, {"剩余天数", ColumnType::kInteger},
             {"答复日期", ColumnType::kDate}, {"满意度"}, {"催办次数", ColumnType::kInteger},
             {"督办次数", ColumnType::kInteger}},
            {}};
    for (const auto& it : items) {
        const Petition& p = it.petition;
        auto opt_date = [](const std::optional<Date>& d) {
            return d ? SheetCell(FormatDate(*d)) : SheetCell(std::monostate{});
        };
        s.rows.push_back({Text(p.number),
                          Text(FormatDate(ChinaDate(p.received_at))),
                          Text(std::string(ChannelLabel(p.channel))),
                          Int(p.persons),
                          Text(it.first_petitioner),
                          Text(p.title),
                          Text(categories.Path(p.category_code)),
                          Text(p.region_code),
                          Text(std::string(PurposeLabel(p.purpose))),
                          p.route ? Text(std::string(RouteLabel(*p.route))) : SheetCell(std::monostate{}),
                          Text(it.current_org_name),
                          Text(std::string(StateLabel(p.state))),
                          opt_date(it.next_due),
                          it.next_due ? Int(it.remaining_days) : SheetCell(std::monostate{}),
                          opt_date(p.replied_on),
                          p.rating ? Text(std::string(RatingLabel(*p.rating))) : SheetCell(std::monostate{}),
                          Int(p.remind_count),
                          Int(p.supervise_count)});
    }
    return tabular::WriteXlsx({s});
}

}  // namespace xf::app
