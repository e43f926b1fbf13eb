#include "domain/reception.hpp"

#include <gtest/gtest.h>

namespace xf {
namespace {

ReceptionDay Day() {
    ReceptionDay d;
    d.date = Date{std::chrono::year(2026), std::chrono::month(12), std::chrono::day(9)};
    d.start_minute = 9 * 60;
    d.end_minute = 11 * 60 + 45;
    d.slot_minutes = 30;
    d.per_slot = 2;
    d.place = "县信访局接待大厅";
    d.leader_name = "王县长";
    return d;
}

TEST(ReceptionTest, SlotsFitWholeBeforeTheEnd) {
    ReceptionDay d = Day();
    EXPECT_EQ(SlotStarts(d), (std::vector<int>{540, 570, 600, 630, 660}));  // 11:30–12:00 would pass 11:45
    d.end_minute = 12 * 60;
    EXPECT_EQ(SlotStarts(d).size(), 6u);
    d.slot_minutes = 0;
    EXPECT_TRUE(SlotStarts(d).empty());
}

TEST(ReceptionTest, MinutesRoundTrip) {
    EXPECT_EQ(MinuteText(570), "09:30");
    EXPECT_EQ(ParseMinute("09:30"), 570);
    EXPECT_EQ(ParseMinute("23:59"), 23 * 60 + 59);
    EXPECT_FALSE(ParseMinute("24:00"));
    EXPECT_FALSE(ParseMinute("9:30"));
    EXPECT_FALSE(ParseMinute("09-30"));
    EXPECT_FALSE(ParseMinute("09:60"));
}

TEST(ReceptionTest, ValidationNamesTheField) {
    EXPECT_TRUE(ValidateReceptionDay(Day()));
    auto field_of = [](ReceptionDay d) { return ValidateReceptionDay(d).error().field; };
    ReceptionDay d = Day();
    d.end_minute = d.start_minute;
    EXPECT_EQ(field_of(d), "end");
    d = Day();
    d.slot_minutes = 180;  // 09:00–11:45 cannot hold one 3-hour slot
    EXPECT_EQ(field_of(d), "slot_minutes");
    d = Day();
    d.per_slot = 0;
    EXPECT_EQ(field_of(d), "per_slot");
    d = Day();
    d.place = "  ";
    EXPECT_EQ(field_of(d), "place");
    d = Day();
    d.leader_name.clear();
    EXPECT_EQ(field_of(d), "leader_name");
    d = Day();
    d.topics = std::string(501 * 3, 'x');
    EXPECT_EQ(field_of(d), "topics");
}

TEST(ReceptionTest, BookingStatusNamesRoundTrip) {
    for (auto s : {BookingStatus::kBooked, BookingStatus::kCancelled, BookingStatus::kRegistered})
        EXPECT_EQ(ParseBookingStatus(BookingStatusName(s)), s);
    EXPECT_FALSE(ParseBookingStatus("unknown"));
    EXPECT_EQ(BookingStatusLabel(BookingStatus::kRegistered), "已登记");
}

}  // namespace
}  // namespace xf
