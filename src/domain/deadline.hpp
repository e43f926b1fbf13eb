// Legal deadlines of the 信访工作条例 (2022): pure date arithmetic over a HolidayCalendar. No clock, no I/O;
// the caller supplies the event date and "today".
#pragma once

#include <string_view>

#include "base/date.hpp"
#include "base/error.hpp"
#include "domain/calendar.hpp"

namespace xf {

enum class DayUnit { kCalendarDays, kWorkingDays };

// How a deadline that falls on a non-working day moves. Default kNextWorkingDay: per 民事诉讼法 Art. 85 the
// last day falling on a 法定休假日 (which, in legal practice, includes weekends not made working by 调休) moves
// to the next working day. kHolidayOnly moves only off listed holidays (to the first day that is not a listed
// holiday, which may be a plain weekend day). kNone never moves.
enum class RollRule { kNextWorkingDay, kHolidayOnly, kNone };

struct DeadlineRule {
    DayUnit unit = DayUnit::kCalendarDays;
    int days = 0;              // >= 0
    std::string_view article;  // e.g. "条例第22条" – for display; may be empty
};

// Periods of the 信访工作条例 (2022); the numbers are office-configurable defaults (the workflow builds the
// rules from its policy). Each counts from the day after the event:
//  * Art. 22     15 calendar days to route (分流处理) a registered petition.
//  * Art. 23 ¶3  5 working days (DayUnit::kWorkingDays) — the objection / 退回 window.
//  * Art. 32/34  60 calendar days from acceptance to 办结; extension ≤ 30 days with the unit head's approval.
//  * Art. 35/36  30 days to request 复查/复核, and 30 days for the reviewing body to answer.
//  * Art. 36     听证所需时间不计算在期限内: hearing time does not count.
//
// Conventions for changed periods (so that a stored clock only needs the event date, the rule and two counters):
//  * Extension: one longer period from the same event, rule.days = 60 + extension_days — NOT a new period
//    counted from the (possibly rolled) original due date.
//  * Hearing pause: the caller adds the paused calendar days to rule.days (rule.days = 30 + paused_days).
//  Both only make sense for kCalendarDays rules.

// Pure: the last day of a period of rule.days that starts counting the day AFTER `event` (期间开始的日不计算在内).
// Calendar days: event + days, then rolled per `roll`. Working days: the `days`-th working day after event
// (make-up workdays count, holidays/weekends don't); never rolled further (`roll` is ignored); days <= 0 gives
// `event`. Years without calendar data follow the plain week: check cal.Covers(due.year()) to warn.
Date DueDate(Date event, DeadlineRule rule, const HolidayCalendar& cal, RollRule roll = RollRule::kNextWorkingDay);

// Days left from `today` until `due` inclusive-style: 0 = due today, negative = overdue by -n days.
int DaysRemaining(Date today, Date due);

// Working days elapsed strictly after `event` up to and including `today`; 0 if today <= event.
// Inverse of DueDate for working-day rules: WorkingDaysBetween(e, DueDate(e, {kWorkingDays, n}, cal)) == n.
int WorkingDaysBetween(Date event, Date today, const HolidayCalendar& cal);

// Parses "next_working_day" | "holiday_only" | "none" (exact, lower case); `field` names the input in errors.
Result<RollRule> ParseRollRule(std::string_view s, std::string_view field = "roll_rule");
// The inverse of ParseRollRule.
std::string_view RollRuleName(RollRule rule);

}  // namespace xf
