// Statistics and reports (SPEC §5, Art. 41): the figures come from the rollups kept by storage (domain/stats.hpp),
// or — when the query filters by channel, category or region — from the entries of the matching cases.
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include "app/services.hpp"
#include "base/text.hpp"

namespace xf::app {
namespace {

constexpr RoleSet kStatsRoles{Role::kStatistician, Role::kAdmin, Role::kSupervisor, Role::kApprover};

// Aggregates follow the asker's data scope: 全部 any org, 本单位及下级 its subtree, 本单位 its own org (with what lies
// under it: the figures of an org include its subordinates'). 仅本人 sees no org's figures.
bool MaySee(const Principal& who, const Org& org) {
    switch (who.user.scope) {
        case DataScope::kAll: return true;
        case DataScope::kSubtree: return org.path.starts_with(who.org.path);
        case DataScope::kOrg: return org.id == who.org.id;
        case DataScope::kSelf: return false;
    }
    return false;
}

// A sum function over entries held in memory (the filtered path), for orgs in `subtree`; the entries are grouped
// by dimension and sorted by day once, so each sum reads only its own days.
StatSumFn SumOverEntries(std::vector<StatEntry> entries, const std::set<int64_t>& subtree) {
    auto by_dim = std::make_shared<std::map<StatDim, std::vector<StatEntry>>>();
    for (auto& e : entries)
        if (subtree.contains(e.org_id)) (*by_dim)[e.dim].push_back(std::move(e));
    for (auto& [dim, v] : *by_dim)
        std::sort(v.begin(), v.end(), [](const StatEntry& a, const StatEntry& b) { return a.day < b.day; });
    return [by_dim](StatDim dim, Date from, Date to) -> Result<std::vector<StatSum>> {
        std::map<std::string, StatSum> m;
        if (auto it = by_dim->find(dim); it != by_dim->end()) {
            const auto& v = it->second;
            auto first = std::lower_bound(v.begin(), v.end(), from,
                                          [](const StatEntry& e, Date d) { return e.day < d; });
            for (auto e = first; e != v.end() && e->day <= to; ++e) {
                auto& s = m[e->key];
                s.key = e->key;
                s.batches += e->batches;
                s.persons += e->persons;
            }
        }
        std::vector<StatSum> out;
        for (auto& [k, v] : m) out.push_back(std::move(v));
        return out;
    };
}

}  // namespace

Result<ReportResult> Services::Report(const Principal& who, const ReportQuery& q) {
    if (!who.user.roles.Intersects(kStatsRoles))
        return Fail(Error::PermissionDenied("只有统计员、督办员、审核人或管理员可以查看统计"));
    Org org = who.org;
    if (!q.org_code.empty() && q.org_code != who.org.code) {
        std::optional<Org> found;
        XF_TRY(store_.Read([&](Transaction& tx) -> Status {
            XF_ASSIGN_OR_RETURN(found, tx.orgs().FindByCode(q.org_code));
            return Ok();
        }));
        if (!found) return Fail(Error::InvalidArgument("org", fmt::format("单位代码不存在：{}", q.org_code)));
        org = *found;
    }
    if (!MaySee(who, org))
        return Fail(Error::PermissionDenied(fmt::format("「{}」不在您的数据权限范围内", org.name)));
    return BuildReport(org, q);
}

Result<ReportResult> Services::ReportForOperator(const ReportQuery& q) {
    std::optional<Org> org;
    XF_TRY(store_.Read([&](Transaction& tx) -> Status {
        XF_ASSIGN_OR_RETURN(org, tx.orgs().FindByCode(q.org_code));
        return Ok();
    }));
    if (!org) return Fail(Error::InvalidArgument("org", fmt::format("单位代码不存在：{}", q.org_code)));
    return BuildReport(*org, q);
}

Result<ReportResult> Services::BuildReport(const Org& org, const ReportQuery& q) {
    if (q.to < q.from) return Fail(Error::InvalidArgument("to", "结束日期不能早于开始日期"));
    if (DaysBetween(q.from, q.to) > 366 * 10)
        return Fail(Error::InvalidArgument("to", "统计周期不能超过10年"));
    if (q.category_level != 1 && q.category_level != 2)
        return Fail(Error::InvalidArgument("category_level", "分类层级应为1或2"));
    ReportResult r;
    r.org = org;
    r.as_of = Today();
    if (q.from > r.as_of) return Fail(Error::InvalidArgument("from", "统计周期尚未开始"));
    // A period that runs past today is counted up to today, and compared with the same days a year earlier
    // (1 January – 22 November against 1 January – 22 November): 同比 of a part-year against a whole year misleads.
    ReportQuery eq = q;
    eq.to = std::min(q.to, r.as_of);
    auto [pfrom, pto] = PreviousYearPeriod(eq.from, eq.to);
    std::vector<Region> regions;
    std::vector<Org> orgs;
    UnitOfWork& source = report_store_ ? *report_store_ : store_;
    if (report_store_) {
        r.data_source = "replica";
        XF_ASSIGN_OR_RETURN(r.replica_lag_seconds, report_store_->ReplicaLagSeconds());
        if (!r.replica_lag_seconds) r.replica_lag_seconds = 0.0;
    }
    XF_TRY(source.Read([&](Transaction& tx) -> Status {
        StatSumFn sum;
        r.filtered = q.channel || q.category_prefix || q.region_prefix;
        if (r.filtered) {
            // Cases an org of the subtree held or registered, received by the end of the period.
            PetitionFilter f;
            f.channel = q.channel;
            f.category_prefix = q.category_prefix;
            f.region_prefix = q.region_prefix;
            f.received_to = eq.to;
            XF_ASSIGN_OR_RETURN(auto all_orgs, tx.orgs().List());
            std::set<int64_t> subtree;
            for (const auto& o : all_orgs)
                if (o.path.starts_with(org.path)) subtree.insert(o.id);
            if (subtree.size() < all_orgs.size()) f.scope_org_path = org.path;  // the whole tree needs no narrowing
            XF_ASSIGN_OR_RETURN(auto entries, tx.stats().EntriesOf(f));
            sum = SumOverEntries(std::move(entries), subtree);
        } else {
            sum = [&tx, id = org.id](StatDim dim, Date from, Date to) { return tx.stats().Sum(id, dim, from, to); };
        }
        XF_ASSIGN_OR_RETURN(r.current, ComputeFigures(sum, eq.from, eq.to, r.as_of, q.category_level));
        XF_ASSIGN_OR_RETURN(r.previous, ComputeFigures(sum, pfrom, pto, r.as_of, q.category_level));
        XF_ASSIGN_OR_RETURN(regions, tx.regions().List());
        XF_ASSIGN_OR_RETURN(orgs, tx.orgs().List());
        return Ok();
    }));

    // Names for every code the figures mention.
    auto cats = Categories();
    std::map<std::string, std::string> region_table;
    for (const auto& o : orgs) region_table.emplace(o.region_code, o.name);  // fallback: the org of that region
    for (const auto& reg : regions) region_table[reg.code] = reg.name;
    for (const Figures* f : {&r.current, &r.previous}) {
        for (const auto& c : f->by_category) {
            const Category* cat = cats->Find(c.key);
            r.category_names[c.key] = cat ? cat->name : (c.key.empty() ? "未分类" : c.key);
        }
        for (const auto& c : f->by_region) {
            auto it = region_table.find(c.key);
            r.region_names[c.key] = it != region_table.end() ? it->second : (c.key.empty() ? "未填写属地" : c.key);
        }
    }
    TextNames names;
    names.org_name = org.name;
    names.category = [&](const std::string& k) { return r.category_names.at(k); };
    names.region = [&](const std::string& k) { return r.region_names.at(k); };
    r.text = SummaryText(r.current, r.previous, names);
    return r;
}

Result<TrendAlerts> Services::Alerts(const Principal& who, const std::string& org_code) {
    if (!who.user.roles.Intersects(kStatsRoles))
        return Fail(Error::PermissionDenied("只有统计员、督办员、审核人或管理员可以查看统计"));
    TrendAlerts out;
    out.org = who.org;
    out.as_of = Today();
    out.rule = "近30日某一问题类别（一级分类）或问题属地的登记批次不少于5批，且不低于此前六个30日周期平均数的2倍时预警；"
               "只统计问题和地区，不涉及任何个人。";
    constexpr int kWindow = 30, kHistory = 6, kMinimum = 5;
    std::vector<std::map<std::string, int64_t>> cats(kHistory + 1), regs(kHistory + 1);
    std::vector<TrendWindow> windows;
    std::vector<Region> regions;
    std::vector<Org> orgs;
    XF_TRY(store_.Read([&](Transaction& tx) -> Status {
        if (!org_code.empty() && org_code != who.org.code) {
            XF_ASSIGN_OR_RETURN(auto found, tx.orgs().FindByCode(org_code));
            if (!found) return Fail(Error::InvalidArgument("org", fmt::format("单位代码不存在：{}", org_code)));
            out.org = *found;
        }
        if (!MaySee(who, out.org))
            return Fail(Error::PermissionDenied(fmt::format("「{}」不在您的数据权限范围内", out.org.name)));
        for (int w = kHistory; w >= 0; --w) {
            TrendWindow win;
            win.to = AddDays(out.as_of, -kWindow * w);
            win.from = AddDays(win.to, -(kWindow - 1));
            XF_ASSIGN_OR_RETURN(auto c, tx.stats().Sum(out.org.id, StatDim::kCategory, win.from, win.to));
            for (const auto& s : c) {
                cats[kHistory - w][s.key.substr(0, 2)] += s.batches;
                win.batches += s.batches;
            }
            XF_ASSIGN_OR_RETURN(auto g, tx.stats().Sum(out.org.id, StatDim::kRegion, win.from, win.to));
            for (const auto& s : g) regs[kHistory - w][s.key] += s.batches;
            windows.push_back(win);
        }
        XF_ASSIGN_OR_RETURN(regions, tx.regions().List());
        XF_ASSIGN_OR_RETURN(orgs, tx.orgs().List());
        return Ok();
    }));
    auto cat_table = Categories();
    std::map<std::string, std::string> region_names;
    for (const auto& o : orgs) region_names.emplace(o.region_code, o.name);
    for (const auto& reg : regions) region_names[reg.code] = reg.name;
    auto scan = [&](std::string_view dim, const std::vector<std::map<std::string, int64_t>>& series, auto name_of) {
        for (const auto& [code, current] : series[kHistory]) {
            if (current < kMinimum) continue;
            int64_t history = 0;
            for (int w = 0; w < kHistory; ++w)
                if (auto it = series[w].find(code); it != series[w].end()) history += it->second;
            // current ≥ 2 × (history / 6)  ⇔  6 × current ≥ 2 × history (exact, no rounding).
            if (kHistory * current < 2 * history) continue;
            TrendAlert a;
            a.dimension = std::string(dim);
            a.code = code;
            a.name = name_of(code);
            a.current = current;
            a.baseline = static_cast<double>(history) / kHistory;
            if (history > 0) a.change_tenths = PercentTenths(kHistory * current - history, history);
            for (int w = 0; w <= kHistory; ++w) {
                TrendWindow tw = windows[static_cast<size_t>(w)];
                auto it = series[w].find(code);
                tw.batches = it != series[w].end() ? it->second : 0;
                a.windows.push_back(tw);
            }
            out.alerts.push_back(std::move(a));
        }
    };
    scan("category", cats, [&](const std::string& c) {
        const Category* cat = cat_table->Find(c);
        return cat ? cat->name : c;
    });
    scan("region", regs, [&](const std::string& c) {
        auto it = region_names.find(c);
        return it != region_names.end() ? it->second : c;
    });
    std::stable_sort(out.alerts.begin(), out.alerts.end(), [](const TrendAlert& a, const TrendAlert& b) {
        return a.current * 1.0 / std::max(a.baseline, 1.0) > b.current * 1.0 / std::max(b.baseline, 1.0);
    });
    return out;
}

Result<int64_t> Services::RebuildStatsIfRulesChanged() { return RebuildStats(false); }

Result<int64_t> Services::RebuildStats(bool even_if_unchanged) {
    const std::string version = std::to_string(kStatRulesVersion);
    std::optional<std::string> stored;
    XF_TRY(store_.Read([&](Transaction& tx) -> Status {
        XF_ASSIGN_OR_RETURN(stored, tx.settings().Get("stats.rules_version"));
        return Ok();
    }));
    if (stored == version && !even_if_unchanged) return int64_t{0};
    int64_t n = 0;
    XF_TRY(store_.Write([&](Transaction& tx) -> Status {
        XF_ASSIGN_OR_RETURN(n, tx.stats().Rebuild());
        XF_TRY(tx.settings().Set("stats.rules_version", version));
        return Audit(tx, 0, "system", "stats.rebuild", "stats", version, fmt::format(R"({{"cases":{}}})", n), {});
    }));
    return n;
}

Result<StatsCheck> Services::VerifyStats() {
    StatsCheck out;
    std::map<std::tuple<int64_t, int, int32_t, std::string>, std::pair<int64_t, int64_t>> want_day, want_month;
    std::vector<StatCell> got_day, got_month;
    // One snapshot: the cases and the rollups as of the same instant.
    XF_TRY(store_.Read([&](Transaction& tx) -> Status {
        XF_ASSIGN_OR_RETURN(auto orgs, tx.orgs().List());
        std::map<int64_t, std::vector<int64_t>> ancestors;
        for (const auto& o : orgs) {
            auto& ids = ancestors[o.id];
            for (auto part : Split(o.path, '/'))
                if (!part.empty()) ids.push_back(std::stoll(std::string(part)));
        }
        PetitionFilter f;
        f.limit = 500;
        while (true) {
            XF_ASSIGN_OR_RETURN(auto page, tx.petitions().List(f));
            for (const auto& p : page.items) {
                ++out.cases;
                for (const auto& e : StatEntriesFor(p)) {
                    auto day = static_cast<int32_t>(std::chrono::sys_days(e.day).time_since_epoch().count());
                    auto month = static_cast<int32_t>(static_cast<int>(e.day.year()) * 100 +
                                                      static_cast<int>(static_cast<unsigned>(e.day.month())));
                    auto it = ancestors.find(e.org_id);
                    std::vector<int64_t> self{e.org_id};
                    for (int64_t org : it != ancestors.end() ? it->second : self) {
                        auto& d = want_day[{org, static_cast<int>(e.dim), day, e.key}];
                        d.first += e.batches;
                        d.second += e.persons;
                        auto& m = want_month[{org, static_cast<int>(e.dim), month, e.key}];
                        m.first += e.batches;
                        m.second += e.persons;
                    }
                }
            }
            if (!page.next) break;
            f.after = page.next;
        }
        XF_ASSIGN_OR_RETURN(got_day, tx.stats().Cells(false, std::nullopt));
        XF_ASSIGN_OR_RETURN(got_month, tx.stats().Cells(true, std::nullopt));
        return Ok();
    }));
    auto compare = [&](const char* table, auto& want, const std::vector<StatCell>& got, int64_t& cells) {
        cells = static_cast<int64_t>(got.size());
        for (const auto& c : got) {
            auto it = want.find({c.org_id, c.dim, c.period, c.key});
            std::pair<int64_t, int64_t> expected = it == want.end() ? std::pair<int64_t, int64_t>{0, 0} : it->second;
            if (it != want.end()) want.erase(it);
            if (expected == std::pair{c.batches, c.persons}) continue;
            ++out.mismatches;
            if (out.examples.size() < 20)
                out.examples.push_back(fmt::format("{} org={} dim={} period={} key={}: stored {}/{}, recount {}/{}", table,
                                                   c.org_id, c.dim, c.period, c.key, c.batches, c.persons,
                                                   expected.first, expected.second));
        }
        for (const auto& [k, v] : want) {
            if (v.first == 0 && v.second == 0) continue;
            ++out.mismatches;
            if (out.examples.size() < 20)
                out.examples.push_back(fmt::format("{} org={} dim={} period={} key={}: missing, recount {}/{}", table,
                                                   std::get<0>(k), std::get<1>(k), std::get<2>(k), std::get<3>(k),
                                                   v.first, v.second));
        }
    };
    compare("stat_day", want_day, got_day, out.day_cells);
    compare("stat_month", want_month, got_month, out.month_cells);
    return out;
}

Result<std::vector<ListItem>> Services::ListAll(const Principal& who, ListQuery query, size_t cap,
                                               const RequestMeta& meta) {
    std::vector<ListItem> out;
    query.filter.limit = 500;
    query.filter.after.reset();
    while (out.size() < cap) {
        XF_ASSIGN_OR_RETURN(auto page, List(who, query));
        for (auto& item : page.items) {
            if (out.size() >= cap) break;
            out.push_back(std::move(item));
        }
        if (!page.next) break;
        query.filter.after = page.next;
    }
    XF_TRY(store_.Write([&](Transaction& tx) -> Status {
        return Audit(tx, who.user.id, "staff", "petition.export", "petition_list", "",
                     fmt::format(R"({{"rows":{}}})", out.size()), meta);
    }));
    return out;
}

}  // namespace xf::app
