#include "storage/codec/rollup_layout.hpp"

#include <chrono>

namespace xf::storage {

int32_t DayNumber(Date d) { return static_cast<int32_t>(std::chrono::sys_days(d).time_since_epoch().count()); }

Date FromDayNumber(int32_t n) { return Date{std::chrono::sys_days(std::chrono::days(n))}; }

int32_t MonthNumber(int32_t day) {
    Date d = FromDayNumber(day);
    return static_cast<int32_t>(static_cast<int>(d.year()) * 100 + static_cast<int>(static_cast<unsigned>(d.month())));
}

std::vector<int64_t> PathIds(std::string_view path) {
    std::vector<int64_t> ids;
    size_t pos = 0;
    while (pos < path.size()) {
        size_t next = path.find('/', pos);
        if (next == std::string_view::npos) next = path.size();
        if (next > pos) ids.push_back(std::stoll(std::string(path.substr(pos, next - pos))));
        pos = next + 1;
    }
    return ids;
}

RollupRanges SplitForRollups(Date from, Date to) {
    using namespace std::chrono;
    RollupRanges r;
    if (from > to) return r;
    auto first_of = [](Date d) { return Date{d.year(), d.month(), day(1)}; };
    auto last_of = [](Date d) { return Date{year_month_day_last{d.year(), month_day_last{d.month()}}}; };
    if (first_of(from) == first_of(to) && !(from.day() == day(1) && to == last_of(to))) {
        r.day_ranges.emplace_back(DayNumber(from), DayNumber(to));
        return r;
    }
    Date month_from = from, month_to = to;
    if (from.day() != day(1)) {
        r.day_ranges.emplace_back(DayNumber(from), DayNumber(last_of(from)));
        month_from = AddDays(last_of(from), 1);
    }
    if (to != last_of(to)) {
        r.day_ranges.emplace_back(DayNumber(first_of(to)), DayNumber(to));
        month_to = AddDays(first_of(to), -1);
    }
    if (month_from <= month_to)
        r.month_range = {MonthNumber(DayNumber(month_from)), MonthNumber(DayNumber(month_to))};
    return r;
}

std::string LikePrefix(std::string_view s) {
    std::string out;
    for (char c : s) {
        if (c == '%' || c == '_' || c == '\\') out += '\\';
        out += c;
    }
    return out + "%";
}

}  // namespace xf::storage
