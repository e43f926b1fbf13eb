#include "domain/reception.hpp"

#include <fmt/format.h>

#include "base/text.hpp"

namespace xf {

std::string_view BookingStatusName(BookingStatus s) {
    switch (s) {
        case BookingStatus::kBooked: return "booked";
        case BookingStatus::kCancelled: return "cancelled";
        case BookingStatus::kRegistered: return "registered";
    }
    return "booked";
}

std::string_view BookingStatusLabel(BookingStatus s) {
    switch (s) {
        case BookingStatus::kBooked: return "已预约";
        case BookingStatus::kCancelled: return "已取消";
        case BookingStatus::kRegistered: return "已登记";
    }
    return "已预约";
}

std::optional<BookingStatus> ParseBookingStatus(std::string_view s) {
    for (auto v : {BookingStatus::kBooked, BookingStatus::kCancelled, BookingStatus::kRegistered})
        if (BookingStatusName(v) == s) return v;
    return std::nullopt;
}

std::vector<int> SlotStarts(const ReceptionDay& d) {
    std::vector<int> out;
    if (d.slot_minutes <= 0) return out;
    for (int m = d.start_minute; m + d.slot_minutes <= d.end_minute; m += d.slot_minutes) out.push_back(m);
    return out;
}

std::string MinuteText(int minute) { return fmt::format("{:02d}:{:02d}", minute / 60, minute % 60); }

std::optional<int> ParseMinute(std::string_view s) {
    if (s.size() != 5 || s[2] != ':') return std::nullopt;
    auto digit = [&](size_t i) { return s[i] >= '0' && s[i] <= '9'; };
    if (!digit(0) || !digit(1) || !digit(3) || !digit(4)) return std::nullopt;
    int h = (s[0] - '0') * 10 + (s[1] - '0');
    int m = (s[3] - '0') * 10 + (s[4] - '0');
    if (h > 23 || m > 59) return std::nullopt;
    return h * 60 + m;
}

Status ValidateReceptionDay(const ReceptionDay& d) {
    if (d.start_minute < 0 || d.start_minute >= 24 * 60) return Fail(Error::InvalidArgument("start", "开始时间无效"));
    if (d.end_minute <= d.start_minute || d.end_minute > 24 * 60)
        return Fail(Error::InvalidArgument("end", "结束时间须晚于开始时间"));
    if (d.slot_minutes < 5 || d.slot_minutes > 240)
        return Fail(Error::InvalidArgument("slot_minutes", "每个时段为5至240分钟"));
    if (SlotStarts(d).empty()) return Fail(Error::InvalidArgument("slot_minutes", "开始至结束时间内排不下一个时段"));
    if (d.per_slot < 1 || d.per_slot > 50) return Fail(Error::InvalidArgument("per_slot", "每个时段可约1至50人"));
    if (Trim(d.place).empty()) return Fail(Error::InvalidArgument("place", "请填写接访地点"));
    if (Trim(d.leader_name).empty()) return Fail(Error::InvalidArgument("leader_name", "请填写接访领导"));
    struct Limit {
        const std::string* text;
        const char* field;
        const char* label;
        size_t max;
    };
    for (const Limit& l : {Limit{&d.place, "place", "接访地点", 100}, Limit{&d.leader_name, "leader_name", "接访领导", 50},
                           Limit{&d.leader_title, "leader_title", "职务", 50}, Limit{&d.topics, "topics", "接访主题", 500}})
        if (Utf8Length(*l.text) > l.max)
            return Fail(Error::InvalidArgument(l.field, fmt::format("{}不超过{}字", l.label, l.max)));
    return Ok();
}

}  // namespace xf
