#include "domain/calendar.hpp"
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

struct DayCase {
    const char* date;
    DayKind kind;
    const char* name;
    const char* why;
};

void ExpectDays(const HolidayCalendar& cal, std::span<const DayCase> cases) {
    for (const DayCase& c : cases) {
        SCOPED_TRACE(fmt::format("{} ({})", c.date, c.why));
        Date d = D(c.date);
        EXPECT_EQ(DayKindName(cal.Kind(d)), DayKindName(c.kind));
        bool working = c.kind == DayKind::kWorkday || c.kind == DayKind::kMakeupWorkday;
        EXPECT_EQ(cal.IsWorkingDay(d), working);
        EXPECT_EQ(cal.IsRestDay(d), !working);
        EXPECT_EQ(cal.HolidayName(d), c.name);
    }
}

TEST(CalendarTest, SpringFestival2026Boundaries) {
    const DayCase cases[] = {
        {"2026-02-13", DayKind::kWorkday, "", "Fri before the make-up Saturday"},
        {"2026-02-14", DayKind::kMakeupWorkday, "春节调休上班", "Sat made a workday"},
        {"2026-02-15", DayKind::kHoliday, "春节", "first day of the holiday (Sun)"},
        {"2026-02-17", DayKind::kHoliday, "春节", "Tue inside the holiday"},
        {"2026-02-23", DayKind::kHoliday, "春节", "last day of the holiday (Mon)"},
        {"2026-02-24", DayKind::kWorkday, "", "first plain workday after (Tue)"},
        {"2026-02-27", DayKind::kWorkday, "", "Fri"},
        {"2026-02-28", DayKind::kMakeupWorkday, "春节调休上班", "second make-up Saturday"},
        {"2026-03-01", DayKind::kWeekend, "", "plain Sunday"},
    };
    ExpectDays(RealCalendar(), cases);
}

TEST(CalendarTest, NationalDay2026Boundaries) {
    const DayCase cases[] = {
        {"2026-09-19", DayKind::kWeekend, "", "plain Sat"},
        {"2026-09-20", DayKind::kMakeupWorkday, "国庆节调休上班", "Sun made a workday"},
        {"2026-09-25", DayKind::kHoliday, "中秋节", "中秋 (Fri)"},
        {"2026-09-30", DayKind::kWorkday, "", "Wed before 国庆"},
        {"2026-10-01", DayKind::kHoliday, "国庆节", "first day"},
        {"2026-10-07", DayKind::kHoliday, "国庆节", "last day (Wed)"},
        {"2026-10-08", DayKind::kWorkday, "", "Thu after"},
        {"2026-10-10", DayKind::kMakeupWorkday, "国庆节调休上班", "Sat made a workday"},
        {"2026-10-11", DayKind::kWeekend, "", "plain Sun"},
    };
    ExpectDays(RealCalendar(), cases);
}

TEST(CalendarTest, Years2024And2025) {
    const DayCase cases[] = {
        {"2024-01-01", DayKind::kHoliday, "元旦", "Mon"},
        {"2024-02-04", DayKind::kMakeupWorkday, "春节调休上班", "Sun made a workday"},
        {"2024-02-10", DayKind::kHoliday, "春节", "Sat holiday"},
        {"2024-02-18", DayKind::kMakeupWorkday, "春节调休上班", "Sun made a workday"},
        {"2024-02-29", DayKind::kWorkday, "", "leap day, Thu"},
        {"2025-01-26", DayKind::kMakeupWorkday, "春节调休上班", "Sun made a workday"},
        {"2025-10-08", DayKind::kHoliday, "国庆节、中秋节", "8-day 国庆+中秋"},
        {"2025-10-11", DayKind::kMakeupWorkday, "国庆节、中秋节调休上班", "Sat made a workday"},
        {"2025-12-31", DayKind::kWorkday, "", "Wed"},
    };
    ExpectDays(RealCalendar(), cases);
    const HolidayCalendar& cal = RealCalendar();
    EXPECT_FALSE(cal.Covers(2023y));
    EXPECT_TRUE(cal.Covers(2024y));
    EXPECT_TRUE(cal.Covers(2025y));
    EXPECT_TRUE(cal.Covers(2026y));
    EXPECT_FALSE(cal.Covers(2027y));
}

TEST(CalendarTest, UnlistedDaysFollowThePlainWeek) {
    HolidayCalendar empty;
    EXPECT_EQ(empty.EntryCount(), 0u);
    EXPECT_FALSE(empty.Covers(2026y));
    const DayCase cases[] = {
        {"2026-02-14", DayKind::kWeekend, "", "Sat without data"},
        {"2026-02-16", DayKind::kWorkday, "", "Mon without data"},
        {"2027-01-01", DayKind::kWorkday, "", "Fri in a year with no data"},
        {"2027-01-03", DayKind::kWeekend, "", "Sun"},
    };
    ExpectDays(empty, cases);
}

TEST(CalendarTest, ParseAcceptsCommentsBlankLinesCrlfAndNoHeader) {
    auto cal = HolidayCalendar::ParseTsv(
        "\xEF\xBB\xBF# comment\r\n\r\ndate\tkind\tname\r\n2026-01-01\tholiday\t元旦\r\n  \n"
        "2026-01-04\tworkday\t元旦调休上班\n",
        "mini.tsv");
    ASSERT_TRUE(cal) << cal.error().message;
    EXPECT_EQ(cal->EntryCount(), 2u);
    EXPECT_EQ(cal->Kind(D("2026-01-01")), DayKind::kHoliday);
    EXPECT_EQ(cal->HolidayName(D("2026-01-01")), "元旦");
    EXPECT_EQ(cal->Kind(D("2026-01-04")), DayKind::kMakeupWorkday);

    auto headerless = HolidayCalendar::ParseTsv("2026-01-01\tholiday\t元旦", "bare.tsv");
    ASSERT_TRUE(headerless);
    EXPECT_EQ(headerless->Fingerprint(), HolidayCalendar::ParseTsv("2026-01-01\tholiday\t元旦\n", "x")->Fingerprint());
}

TEST(CalendarTest, ParseErrorsNameTheLineAndSource) {
    struct Case {
        const char* text;
        const char* field;
        const char* why;
    };
    const Case cases[] = {
        {"date\tkind\tname\n2026-02-30\tholiday\t春节\n", "line 2", "bad date"},
        {"# c\ndate\tkind\tname\n2026/02/15\tholiday\t春节\n", "line 3", "bad date format"},
        {"2026-02-15\tvacation\t春节\n", "line 1", "bad kind"},
        {"2026-02-15\tHoliday\t春节\n", "line 1", "kind is case-sensitive"},
        {"date\tkind\tname\n2026-02-15\tholiday\t春节\n2026-02-16\tholiday\n", "line 3", "missing column"},
        {"2026-02-15 holiday 春节\n", "line 1", "spaces instead of tabs"},
        {"2026-02-15\tholiday\t春节\textra\n", "line 1", "too many columns"},
        {"2026-02-15\tholiday\t春节\n2026-02-15\tworkday\tx\n", "line 2", "date listed twice"},
        {"2026-02-15\tholiday\t\xff\n", "line 1", "invalid UTF-8"},
        {"2026-02-15\tholiday\t春节\ndate\tkind\tname\n", "line 2", "header after data"},
    };
    for (const Case& c : cases) {
        SCOPED_TRACE(c.why);
        auto cal = HolidayCalendar::ParseTsv(c.text, "cn-2026.tsv");
        ASSERT_FALSE(cal);
        EXPECT_EQ(cal.error().code, ErrorCode::kInvalidArgument);
        EXPECT_EQ(cal.error().field, c.field);
        EXPECT_TRUE(
            cal.error().message.starts_with(fmt::format("cn-2026.tsv:{}: ", std::string_view(c.field).substr(5))))
            << cal.error().message;
    }
}

TEST(CalendarTest, MergedLaterCalendarOverridesAndChangesFingerprint) {
    // A hypothetical corrected notice turns 2026-10-08 into a holiday and cancels the 10-10 make-up day.
    const HolidayCalendar& base = RealCalendar();
    auto fix = HolidayCalendar::ParseTsv("date\tkind\tname\n2026-10-08\tholiday\t国庆节\n2026-10-10\tholiday\t国庆节\n",
                                         "cn-2026-fix.tsv");
    ASSERT_TRUE(fix);
    HolidayCalendar cal = base;
    EXPECT_EQ(cal.Fingerprint(), base.Fingerprint());
    cal.Merge(*fix);
    EXPECT_EQ(cal.EntryCount(), base.EntryCount() + 1);  // 10-08 is new, 10-10 replaced
    EXPECT_EQ(cal.Kind(D("2026-10-08")), DayKind::kHoliday);
    EXPECT_EQ(cal.Kind(D("2026-10-10")), DayKind::kHoliday);
    EXPECT_EQ(cal.HolidayName(D("2026-10-10")), "国庆节");
    EXPECT_EQ(base.Kind(D("2026-10-10")), DayKind::kMakeupWorkday);  // the original is untouched
    EXPECT_NE(cal.Fingerprint(), base.Fingerprint());

    // The fingerprint depends on content only: same entries in any merge order, same value; a renamed day differs.
    auto a = HolidayCalendar::ParseTsv("2026-01-01\tholiday\t元旦\n", "a");
    auto b = HolidayCalendar::ParseTsv("2026-01-04\tworkday\t元旦调休上班\n", "b");
    auto renamed = HolidayCalendar::ParseTsv("2026-01-01\tholiday\t新年\n", "c");
    ASSERT_TRUE(a && b && renamed);
    HolidayCalendar ab = *a, ba = *b;
    ab.Merge(*b);
    ba.Merge(*a);
    EXPECT_EQ(ab.Fingerprint(), ba.Fingerprint());
    EXPECT_NE(a->Fingerprint(), renamed->Fingerprint());
    EXPECT_NE(a->Fingerprint(), HolidayCalendar().Fingerprint());
}

}  // namespace
}  // namespace xf
