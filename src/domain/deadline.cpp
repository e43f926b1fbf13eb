#include "domain/deadline.hpp"

#include <fmt/format.h>

namespace xf {

Date DueDate(Date event, DeadlineRule rule, const HolidayCalendar& cal, RollRule roll) {
    if (rule.unit == DayUnit::kWorkingDays) {
        Date d = event;
        for (int counted = 0; counted < rule.days;) {
            d = AddDays(d, 1);
            if (cal.IsWorkingDay(d)) ++counted;
        }
        return d;
    }
    // Calendar days. Listed holidays are finite, so both loops terminate.
    Date d = AddDays(event, rule.days);
    switch (roll) {
        case RollRule::kNextWorkingDay:
            while (cal.IsRestDay(d)) d = AddDays(d, 1);
            break;
        case RollRule::kHolidayOnly:
            while (cal.Kind(d) == DayKind::kHoliday) d = AddDays(d, 1);
            break;
        case RollRule::kNone:
            break;
    }
    return d;
}

int DaysRemaining(Date today, Date due) { return DaysBetween(today, due); }

int WorkingDaysBetween(Date event, Date today, const HolidayCalendar& cal) {
    int n = 0;
    for (Date d = AddDays(event, 1); DaysBetween(d, today) >= 0; d = AddDays(d, 1)) {
        if (cal.IsWorkingDay(d)) ++n;
    }
    return n;
}

Result<RollRule> ParseRollRule(std::string_view s, std::string_view field) {
    if (s == "next_working_day") return RollRule::kNextWorkingDay;
    if (s == "holiday_only") return RollRule::kHolidayOnly;
    if (s == "none") return RollRule::kNone;
    return Fail(Error::InvalidArgument(
        std::string(field), fmt::format("顺延规则 \"{}\" 无效，应为 next_working_day、holiday_only 或 none", s)));
}

std::string_view RollRuleName(RollRule rule) {
    switch (rule) {
        case RollRule::kNextWorkingDay:
            return "next_working_day";
        case RollRule::kHolidayOnly:
            return "holiday_only";
        case RollRule::kNone:
            return "none";
    }
    return "unknown";
}

}  // namespace xf
