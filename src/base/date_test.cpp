#include "base/date.hpp"

#include <gtest/gtest.h>

namespace xf {
namespace {
using namespace std::chrono;

TEST(DateTest, ChinaDateCrossesMidnightAtSixteenUtc) {
    // 2026-03-01 15:59:59Z is 23:59:59 in Beijing; one second later it is the next day.
    Instant t = sys_days(2026y / March / 1) + 15h + 59min + 59s;
    EXPECT_EQ(FormatDate(ChinaDate(t)), "2026-03-01");
    EXPECT_EQ(FormatDate(ChinaDate(t + 1s)), "2026-03-02");
}

TEST(DateTest, ParseAndFormatRoundTrip) {
    auto d = ParseDate("2026-02-28");
    ASSERT_TRUE(d);
    EXPECT_EQ(FormatDate(*d), "2026-02-28");
    EXPECT_EQ(FormatDate(AddDays(*d, 1)), "2026-03-01");
    EXPECT_EQ(DaysBetween(*d, AddDays(*d, 60)), 60);
}

TEST(DateTest, RejectsBadDatesNamingTheField) {
    for (const char* bad : {"2026-02-30", "2026/02/01", "26-02-01", "", "2026-13-01", "2026-0a-01"}) {
        auto d = ParseDate(bad, "received_on");
        ASSERT_FALSE(d) << bad;
        EXPECT_EQ(d.error().code, ErrorCode::kInvalidArgument);
        EXPECT_EQ(d.error().field, "received_on");
    }
}

TEST(DateTest, InstantsParseWithOffsets) {
    auto a = ParseInstant("2026-03-01T09:30:00+08:00");
    auto b = ParseInstant("2026-03-01T01:30:00Z");
    auto c = ParseInstant("2026-03-01T09:30:00");
    ASSERT_TRUE(a && b && c);
    EXPECT_EQ(*a, *b);
    EXPECT_EQ(*a, *c);
    EXPECT_EQ(FormatInstant(*a), "2026-03-01T09:30:00+08:00");
    EXPECT_FALSE(ParseInstant("2026-03-01X09:30:00"));
    EXPECT_FALSE(ParseInstant("2026-03-01T25:30:00"));
}

}  // namespace
}  // namespace xf
