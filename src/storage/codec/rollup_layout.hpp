// How every backend lays out the statistics rollups (migrations 0003): days as numbers since 1970-01-01, months as
// YYYYMM, orgs by their materialised path, and which parts of a period the month table answers. Shared so that the
// stores cannot drift apart.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/date.hpp"

namespace xf::storage {

int32_t DayNumber(Date d);
Date FromDayNumber(int32_t n);
int32_t MonthNumber(int32_t day);  // YYYYMM of a day number

// The org ids of a materialised path ("/1/4/9/" → 1, 4, 9): the org and every ancestor.
std::vector<int64_t> PathIds(std::string_view path);

// A period [from, to] as whole months (read from stat_month, YYYYMM inclusive) and the partial months at either
// end (read from stat_day, day numbers inclusive).
struct RollupRanges {
    std::vector<std::pair<int32_t, int32_t>> day_ranges;
    std::optional<std::pair<int32_t, int32_t>> month_range;
};
RollupRanges SplitForRollups(Date from, Date to);

// `s` as a LIKE pattern matching every text that starts with it (ESCAPE '\').
std::string LikePrefix(std::string_view s);

}  // namespace xf::storage
