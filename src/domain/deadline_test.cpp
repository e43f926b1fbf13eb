#include "domain/deadline.hpp"
#include "domain/testing/shipped_data.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <span>
#include <sstream>

namespace xf {
namespace {
using namespace std::chrono;

const HolidayCalendar& RealCalendar() { return testing::ShippedCalendar(); }

Date D(std::string_view s) {
    auto d = ParseDate(s);
    EXPECT_TRUE(d) << s;
    return d.value_or(Date{});
}

DeadlineRule CalendarDays(int n) { return {DayUnit::kCalendarDays, n, ""}; }
DeadlineRule WorkingDays(int n) { return {DayUnit::kWorkingDays, n, ""}; }

// The statutory defaults of the 信访工作条例 (2022), as the workflow configures them.
constexpr DeadlineRule kRoutingRule{DayUnit::kCalendarDays, 15, "条例第22条"};
constexpr DeadlineRule kObjectionRule{DayUnit::kWorkingDays, 5, "条例第23条第3款"};
constexpr DeadlineRule kHandlingRule{DayUnit::kCalendarDays, 60, "条例第32条"};
constexpr int kMaxExtensionDays = 30;  // 条例第32、34条
constexpr DeadlineRule kRecheckRule{DayUnit::kCalendarDays, 30, "条例第36条"};

// One calendar-day period under each roll rule.
struct RollCase {
    const char* event;
    int days;
    const char* next_working_day;
    const char* holiday_only;
    const char* none;
    const char* why;
};

void ExpectRolls(const HolidayCalendar& cal, std::span<const RollCase> cases) {
    for (const RollCase& c : cases) {
        SCOPED_TRACE(fmt::format("{} + {} ({})", c.event, c.days, c.why));
        Date event = D(c.event);
        EXPECT_EQ(FormatDate(DueDate(event, CalendarDays(c.days), cal)), c.next_working_day) << "default roll";
        EXPECT_EQ(FormatDate(DueDate(event, CalendarDays(c.days), cal, RollRule::kNextWorkingDay)), c.next_working_day);
        EXPECT_EQ(FormatDate(DueDate(event, CalendarDays(c.days), cal, RollRule::kHolidayOnly)), c.holiday_only);
        EXPECT_EQ(FormatDate(DueDate(event, CalendarDays(c.days), cal, RollRule::kNone)), c.none);
    }
}

TEST(DueDateTest, CalendarDaysRollOffRestDays) {
    const RollCase cases[] = {
        // {event, days, due under next_working_day, holiday_only, none, why}
        {"2026-02-05", 15, "2026-02-24", "2026-02-24", "2026-02-20", "ends inside 春节 02-15..23"},
        {"2026-02-21", 15, "2026-03-09", "2026-03-08", "2026-03-08", "plain Sunday -> Monday"},
        {"2026-02-20", 15, "2026-03-09", "2026-03-07", "2026-03-07", "plain Saturday -> Monday"},
        {"2026-02-13", 15, "2026-02-28", "2026-02-28", "2026-02-28", "make-up Saturday is a working day"},
        {"2026-02-12", 15, "2026-02-27", "2026-02-27", "2026-02-27", "ordinary Friday"},
        {"2026-09-16", 15, "2026-10-08", "2026-10-08", "2026-10-01", "国庆 10-01..07"},
        {"2026-09-10", 15, "2026-09-28", "2026-09-28", "2026-09-25", "中秋 Fri..Sun 09-25..27"},
        {"2024-02-02", 15, "2024-02-18", "2024-02-18", "2024-02-17", "make-up Sunday after 2024 春节"},
    };
    ExpectRolls(RealCalendar(), cases);
}

TEST(DueDateTest, HolidayOnlyMayLandOnAPlainWeekend) {
    // A Friday holiday followed by an unlisted weekend: kHolidayOnly stops at Saturday.
    auto cal = HolidayCalendar::ParseTsv("2026-03-06\tholiday\t测试假日\n", "test.tsv");
    ASSERT_TRUE(cal);
    const RollCase cases[] = {
        {"2026-02-20", 14, "2026-03-09", "2026-03-07", "2026-03-06", "holiday Fri, plain weekend"},
    };
    ExpectRolls(*cal, cases);
}

TEST(DueDateTest, YearEndAndMonthEnd) {
    const RollCase cases[] = {
        {"2025-12-25", 15, "2026-01-09", "2026-01-09", "2026-01-09", "crosses the year, lands on Fri"},
        {"2025-12-17", 15, "2026-01-04", "2026-01-04", "2026-01-01", "元旦 01-01..03, 01-04 make-up Sunday"},
        {"2023-12-17", 15, "2024-01-02", "2024-01-02", "2024-01-01", "元旦 2024 (Mon)"},
        {"2026-02-28", 1, "2026-03-02", "2026-03-01", "2026-03-01", "2026 has no Feb 29; 03-01 is Sunday"},
        {"2024-02-28", 1, "2024-02-29", "2024-02-29", "2024-02-29", "leap day 2024 is a Thursday"},
        {"2026-02-24", 0, "2026-02-24", "2026-02-24", "2026-02-24", "zero-day period is the event day"},
    };
    ExpectRolls(RealCalendar(), cases);
}

TEST(DueDateTest, YearWithoutCalendarDataFollowsThePlainWeek) {
    // 2027-01-01 will surely be 元旦, but without cn-2027.tsv it is just a Friday; callers warn via Covers().
    Date due = DueDate(D("2026-12-17"), kRoutingRule, RealCalendar());
    EXPECT_EQ(FormatDate(due), "2027-01-01");
    EXPECT_FALSE(RealCalendar().Covers(due.year()));
}

struct WorkingCase {
    const char* event;
    int days;
    const char* due;
    const char* why;
};

TEST(DueDateTest, WorkingDaysSkipHolidaysAndWeekendsButCountMakeupDays) {
    const WorkingCase cases[] = {
        {"2026-02-12", 5, "2026-02-26", "13 Fri=1, 14 make-up Sat=2, 春节, 24=3, 25=4, 26=5"},
        {"2026-09-18", 5, "2026-09-24", "19 Sat no, 20 make-up Sun=1, 21..24"},
        {"2026-09-29", 5, "2026-10-12", "30=1, 国庆 10-01..07, 08=2, 09=3, 10 make-up Sat=4, 11 Sun, 12=5"},
        {"2026-10-03", 5, "2026-10-13", "event inside 国庆: 08, 09, 10, 12, 13"},
        {"2026-03-06", 5, "2026-03-13", "Friday event, plain weekend"},
        {"2025-12-29", 5, "2026-01-06", "30, 31, 元旦, 01-04 make-up Sun, 05, 06"},
        {"2024-02-08", 5, "2024-02-21", "09 Fri (除夕 not listed)=1, 春节, 18 make-up Sun=2, 19..21"},
        {"2026-02-14", 1, "2026-02-24", "the day after a make-up Saturday is in 春节"},
        {"2026-02-12", 0, "2026-02-12", "zero days"},
    };
    const HolidayCalendar& cal = RealCalendar();
    for (const WorkingCase& c : cases) {
        SCOPED_TRACE(fmt::format("{} + {} working days ({})", c.event, c.days, c.why));
        for (RollRule roll : {RollRule::kNextWorkingDay, RollRule::kHolidayOnly, RollRule::kNone}) {
            EXPECT_EQ(FormatDate(DueDate(D(c.event), WorkingDays(c.days), cal, roll)), c.due)
                << "roll is ignored for working days: " << RollRuleName(roll);
        }
        EXPECT_EQ(WorkingDaysBetween(D(c.event), D(c.due), cal), c.days);
    }
    EXPECT_EQ(FormatDate(DueDate(D("2026-02-12"), kObjectionRule, cal)), "2026-02-26");
}

TEST(DueDateTest, HandlingPeriodExtensionAndHearingPause) {
    const HolidayCalendar& cal = RealCalendar();
    Date accepted = D("2026-03-02");

    // 条例第32条: 60 days from acceptance; +60 is 05-01, inside 劳动节 05-01..05.
    EXPECT_EQ(FormatDate(DueDate(accepted, kHandlingRule, cal)), "2026-05-06");

    // Extension: one longer period from the same acceptance date (60 + extension), not 30 days from 05-06.
    DeadlineRule extended = kHandlingRule;
    extended.days += kMaxExtensionDays;
    EXPECT_EQ(FormatDate(DueDate(accepted, extended, cal)), "2026-06-01") << "+90 is Sunday 05-31";
    extended.days = kHandlingRule.days + 15;
    EXPECT_EQ(FormatDate(DueDate(accepted, extended, cal)), "2026-05-18") << "+75 is Saturday 05-16";

    // 条例第36条: 复核 within 30 days; hearing time is not counted, so the caller adds the paused days.
    Date received = D("2026-09-01");
    EXPECT_EQ(FormatDate(DueDate(received, kRecheckRule, cal)), "2026-10-08") << "+30 is 国庆 10-01";
    DeadlineRule paused = kRecheckRule;
    paused.days += 12;  // hearing took 12 calendar days
    EXPECT_EQ(FormatDate(DueDate(received, paused, cal)), "2026-10-13");

    // 条例第22条: 15 days to route after registration.
    EXPECT_EQ(FormatDate(DueDate(D("2026-02-05"), kRoutingRule, cal)), "2026-02-24");
    EXPECT_EQ(kRoutingRule.article, "条例第22条");
}

TEST(DueDateTest, RollsAreMinimalAndWorkingDaysInvertExactly) {
    // Property check over every event day of 2024..2026.
    const HolidayCalendar& cal = RealCalendar();
    for (Date event = D("2024-01-01"); event != D("2027-01-01"); event = AddDays(event, 1)) {
        for (int n : {1, 2, 5, 10}) {
            Date due = DueDate(event, WorkingDays(n), cal);
            ASSERT_TRUE(cal.IsWorkingDay(due)) << FormatDate(event) << " +" << n;
            ASSERT_EQ(WorkingDaysBetween(event, due, cal), n) << FormatDate(event) << " +" << n;
            ASSERT_EQ(WorkingDaysBetween(event, AddDays(due, -1), cal), n - 1) << FormatDate(event) << " +" << n;
        }
        for (int n : {0, 15, 30, 60}) {
            Date raw = AddDays(event, n);
            Date due = DueDate(event, CalendarDays(n), cal);
            ASSERT_TRUE(cal.IsWorkingDay(due)) << FormatDate(event) << " +" << n;
            for (Date d = raw; d != due; d = AddDays(d, 1)) ASSERT_TRUE(cal.IsRestDay(d)) << FormatDate(d);
        }
    }
}

TEST(DaysRemainingTest, ZeroOnTheDueDayNegativeWhenOverdue) {
    const struct {
        const char* today;
        const char* due;
        int remaining;
    } cases[] = {
        {"2026-02-24", "2026-02-24", 0}, {"2026-02-23", "2026-02-24", 1},  {"2026-02-25", "2026-02-24", -1},
        {"2025-12-31", "2026-01-04", 4}, {"2026-03-01", "2026-02-28", -1}, {"2026-01-01", "2026-03-02", 60},
    };
    for (const auto& c : cases) EXPECT_EQ(DaysRemaining(D(c.today), D(c.due)), c.remaining) << c.today << " " << c.due;
}

TEST(WorkingDaysBetweenTest, CountsWorkingDaysAfterEventThroughToday) {
    const struct {
        const char* event;
        const char* today;
        int n;
    } cases[] = {
        {"2026-02-12", "2026-02-26", 5},  // spec example
        {"2026-02-12", "2026-02-12", 0},  // the event day itself is not counted
        {"2026-02-26", "2026-02-12", 0},  // today before event
        {"2026-02-13", "2026-02-14", 1},  // make-up Saturday counts
        {"2026-02-13", "2026-02-23", 1},  // then only 春节
        {"2025-12-31", "2026-01-05", 2},  // 元旦, make-up Sunday 01-04, Monday
        {"2026-03-06", "2026-03-08", 0},  // plain weekend
    };
    for (const auto& c : cases) {
        EXPECT_EQ(WorkingDaysBetween(D(c.event), D(c.today), RealCalendar()), c.n) << c.event << " -> " << c.today;
    }
}

TEST(RollRuleTest, ParsesConfigNamesExactly) {
    for (RollRule r : {RollRule::kNextWorkingDay, RollRule::kHolidayOnly, RollRule::kNone}) {
        auto parsed = ParseRollRule(RollRuleName(r));
        ASSERT_TRUE(parsed) << RollRuleName(r);
        EXPECT_EQ(*parsed, r);
    }
    EXPECT_EQ(ParseRollRule("holiday_only").value(), RollRule::kHolidayOnly);
    for (const char* bad : {"", "Next_Working_Day", "next-working-day", " none", "weekend"}) {
        auto parsed = ParseRollRule(bad);
        ASSERT_FALSE(parsed) << bad;
        EXPECT_EQ(parsed.error().code, ErrorCode::kInvalidArgument);
        EXPECT_EQ(parsed.error().field, "roll_rule");
    }
    EXPECT_EQ(ParseRollRule("x", "deadlines.roll").error().field, "deadlines.roll");
}

}  // namespace
}  // namespace xf
