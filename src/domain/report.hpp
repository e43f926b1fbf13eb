// The figures of a statistics report (SPEC §5, Art. 41) computed from rolled-up statistics entries, the rates with
// numerator and denominator, 同比 against the same period a year earlier, and the statistics paragraphs of the work
// summary (工作总结) in Chinese. Pure: the caller supplies the sums (storage rollups) and the names.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "base/date.hpp"
#include "base/error.hpp"
#include "domain/petition.hpp"
#include "domain/stats.hpp"

namespace xf {

// Sums of one dimension over the days [from, to] (inclusive) for one org subtree, one row per key.
using StatSumFn = std::function<Result<std::vector<StatSum>>(StatDim dim, Date from, Date to)>;

// Percent with one decimal as an integer number of tenths, from exact counts, rounded once, half away from zero
// (92.65 → 92.7, −8.45 → −8.5). nullopt when the denominator is 0.
std::optional<int64_t> PercentTenths(int64_t numerator, int64_t denominator);
// 927 → "92.7", −85 → "-8.5", 0 → "0.0".
std::string FormatTenths(int64_t tenths);

struct Ratio {
    int64_t numerator = 0;
    int64_t denominator = 0;
    std::optional<int64_t> tenths() const { return PercentTenths(numerator, denominator); }
};

// 同比: the percentage change from `previous` to `current`.
struct Change {
    int64_t current = 0;
    int64_t previous = 0;
    std::optional<int64_t> tenths() const;  // nullopt when previous is 0
    // "上升" / "下降" / "持平"; empty when there is nothing to compare.
    std::string_view direction() const;
    // "同比下降8.5%", "同比持平", "上年同期无数据".
    std::string text() const;
};

struct Count {
    int64_t batches = 0;  // 批次
    int64_t persons = 0;  // 人次
    Count& operator+=(const Count& o) {
        batches += o.batches;
        persons += o.persons;
        return *this;
    }
};

struct KeyedCount {
    std::string key;
    Count count;
};

struct Figures {
    Date from{}, to{};
    Count totals;
    int64_t items = 0;  // 件: registrations less repeats linked to an already registered case
    std::vector<std::pair<Channel, Count>> by_channel;  // every channel, in the order of the channel table
    Count individual, collective;                       // 个访 / 集体访 (visits only)
    std::array<Count, 3> by_purpose{};                  // 信访目的, by Purpose
    std::vector<KeyedCount> by_category;                // at the requested level, by code
    std::vector<KeyedCount> by_region;                  // by code
    std::vector<KeyedCount> by_month;                   // "YYYY-MM", every month of the period
    Count initial, repeat, skipped_level;               // 初信初访, 重信重访, 越级
    int64_t reviews = 0, re_reviews = 0;                // 复查, 复核 cases received
    std::array<int64_t, kRouteCount> routes{};          // 办理方式, by Route
    int64_t total = 0, done = 0, resolved = 0, not_due = 0, overdue = 0;  // 已办结 / 未到期 / 超期 (as of today)
    // SPEC §5, each with numerator and denominator.
    Ratio timely_acceptance;   // 及时受理率
    Ratio on_time_completion;  // 按期办结率
    Ratio participation;       // 参评率
    Ratio satisfaction;        // 满意率
    Ratio completion;          // 办结率 = done / registrations
    Ratio resolution;          // 化解率 = resolved / done
};

// The figures for [from, to]. `today` decides what is overdue: an obligation still pending whose due day is on or
// before `to` and before `today`. category_level 1 folds second-level codes into their first level (2 digits).
Result<Figures> ComputeFigures(const StatSumFn& sum, Date from, Date to, Date today, int category_level);

// The same period one year earlier (29 February → 28 February).
std::pair<Date, Date> PreviousYearPeriod(Date from, Date to);
// "2026年", "2026年第一季度", "2026年3月", "2026年1月1日至11月22日".
std::string PeriodLabel(Date from, Date to);

// Names the text needs; every function returns the Chinese name of a code (or the code itself).
struct TextNames {
    std::string org_name;
    std::function<std::string(const std::string&)> category;
    std::function<std::string(const std::string&)> region;
};

// The statistics paragraphs of the work summary, in the style of SPEC §5; every number comes from `cur`/`prev`.
// Paragraphs are separated by '\n'.
std::string SummaryText(const Figures& cur, const Figures& prev, const TextNames& names);

}  // namespace xf
