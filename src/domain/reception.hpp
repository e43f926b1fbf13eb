// 领导接访日 (leaders' reception days, 条例第十八条): the published schedule and citizens' bookings (预约接访).
// Pure types and rules; no I/O.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/date.hpp"
#include "base/error.hpp"

namespace xf {

// One published reception day of one org: a leader receives petitioners at a place, in time slots.
struct ReceptionDay {
    int64_t id = 0;
    int64_t org_id = 0;
    Date date{};
    int start_minute = 9 * 60;   // minutes after midnight, China time
    int end_minute = 12 * 60;
    int slot_minutes = 30;       // one slot every slot_minutes from start to end
    int per_slot = 2;            // bookings one slot takes
    std::string place;           // 接访地点
    std::string leader_name;     // 接访领导
    std::string leader_title;    // 职务
    std::string topics;          // 接访主题 / 重点事项
    bool published = false;      // visible on the portal
    bool cancelled = false;      // 取消 (bookings are told)
    int64_t version = 0;
    int64_t created_by = 0;
};

enum class BookingStatus { kBooked, kCancelled, kRegistered };
std::string_view BookingStatusName(BookingStatus s);
std::string_view BookingStatusLabel(BookingStatus s);
std::optional<BookingStatus> ParseBookingStatus(std::string_view s);

// A citizen's booking of one slot. Personal data is sealed like a petitioner's (FieldCipher); the booking is
// not a profile of the person: it exists for the day and the registration it leads to.
struct ReceptionBooking {
    int64_t id = 0;
    int64_t day_id = 0;
    int slot_minute = 0;                // the slot's start, minutes after midnight
    std::string confirmation_code;      // 预约确认码, "ABCD-EFGH" (random)
    std::string name;
    std::string phone_sealed;
    std::string id_number_sealed;
    std::string region_code;            // where the matter is
    std::string summary;                // 反映事项（简要）
    BookingStatus status = BookingStatus::kBooked;
    std::optional<int64_t> petition_id; // the case registered from it
    Instant created_at{};
    int64_t version = 0;
};

// The slot starts of a day: start, start+slot, … while a whole slot fits before end.
std::vector<int> SlotStarts(const ReceptionDay& d);
// "09:30" from 570; and back (nullopt unless HH:MM within the day).
std::string MinuteText(int minute);
std::optional<int> ParseMinute(std::string_view hhmm);
// Checks a day's fields (times within the day, at least one slot, 1..50 per slot, text lengths); the error names
// the field.
Status ValidateReceptionDay(const ReceptionDay& d);

}  // namespace xf
