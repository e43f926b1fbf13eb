#include "domain/calendar.hpp"

#include <fmt/format.h>

#include "base/text.hpp"

namespace xf {
namespace {

using std::chrono::sys_days;

Error LineError(std::string_view source, size_t line, std::string_view detail) {
    return Error::InvalidArgument(fmt::format("line {}", line), fmt::format("{}:{}: {}", source, line, detail));
}

constexpr uint64_t kFnvOffset = 14695981039346656037ull;
constexpr uint64_t kFnvPrime = 1099511628211ull;

void FnvMix(uint64_t& h, std::string_view bytes) {
    for (unsigned char c : bytes) {
        h ^= c;
        h *= kFnvPrime;
    }
}

}  // namespace

std::string_view DayKindName(DayKind kind) {
    switch (kind) {
        case DayKind::kWorkday:
            return "workday";
        case DayKind::kWeekend:
            return "weekend";
        case DayKind::kHoliday:
            return "holiday";
        case DayKind::kMakeupWorkday:
            return "makeup_workday";
    }
    return "unknown";
}

Result<HolidayCalendar> HolidayCalendar::ParseTsv(std::string_view text, std::string_view source) {
    if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);  // UTF-8 BOM from spreadsheet exports
    HolidayCalendar cal;
    bool seen_row = false;  // the header may only precede data rows
    size_t line_no = 0;
    for (std::string_view raw : Split(text, '\n')) {
        ++line_no;
        if (!raw.empty() && raw.back() == '\r') raw.remove_suffix(1);
        if (Trim(raw).empty() || raw.starts_with('#')) continue;
        if (!IsValidUtf8(raw)) return Fail(LineError(source, line_no, "不是有效的 UTF-8 文本"));
        std::vector<std::string_view> cols = Split(raw, '\t');
        for (auto& c : cols) c = Trim(c);
        if (!seen_row && cols[0] == "date") {
            seen_row = true;
            continue;
        }
        seen_row = true;
        if (cols.size() != 3) {
            return Fail(
                LineError(source, line_no, fmt::format("应为 3 列 (date<TAB>kind<TAB>name)，实际 {} 列", cols.size())));
        }
        auto date = ParseDate(cols[0]);
        if (!date)
            return Fail(LineError(source, line_no, fmt::format("日期 \"{}\" 无效: {}", cols[0], date.error().message)));
        Entry entry;
        if (cols[1] == "holiday") {
            entry.workday = false;
        } else if (cols[1] == "workday") {
            entry.workday = true;
        } else {
            return Fail(LineError(source, line_no, fmt::format("类型 \"{}\" 无效，应为 holiday 或 workday", cols[1])));
        }
        entry.name = std::string(cols[2]);
        auto [it, inserted] = cal.entries_.emplace(sys_days(*date), std::move(entry));
        if (!inserted) return Fail(LineError(source, line_no, fmt::format("日期 {} 重复出现", cols[0])));
    }
    return cal;
}

void HolidayCalendar::Merge(const HolidayCalendar& other) {
    for (const auto& [day, entry] : other.entries_) entries_.insert_or_assign(day, entry);
}

DayKind HolidayCalendar::Kind(Date d) const {
    sys_days day(d);
    if (auto it = entries_.find(day); it != entries_.end()) {
        return it->second.workday ? DayKind::kMakeupWorkday : DayKind::kHoliday;
    }
    std::chrono::weekday wd(day);
    return (wd == std::chrono::Saturday || wd == std::chrono::Sunday) ? DayKind::kWeekend : DayKind::kWorkday;
}

bool HolidayCalendar::IsWorkingDay(Date d) const {
    DayKind k = Kind(d);
    return k == DayKind::kWorkday || k == DayKind::kMakeupWorkday;
}

std::string_view HolidayCalendar::HolidayName(Date d) const {
    auto it = entries_.find(sys_days(d));
    return it == entries_.end() ? std::string_view() : std::string_view(it->second.name);
}

bool HolidayCalendar::Covers(std::chrono::year y) const {
    auto it = entries_.lower_bound(sys_days(y / std::chrono::January / 1));
    return it != entries_.end() && it->first < sys_days((y + std::chrono::years(1)) / std::chrono::January / 1);
}

uint64_t HolidayCalendar::Fingerprint() const {
    uint64_t h = kFnvOffset;
    for (const auto& [day, entry] : entries_) {
        int64_t n = day.time_since_epoch().count();
        char buf[8];
        for (int i = 0; i < 8; ++i) buf[i] = static_cast<char>((static_cast<uint64_t>(n) >> (8 * i)) & 0xFF);
        FnvMix(h, std::string_view(buf, 8));
        FnvMix(h, entry.workday ? std::string_view("W", 1) : std::string_view("H", 1));
        FnvMix(h, entry.name);
        FnvMix(h, std::string_view("\0", 1));  // terminator: names cannot run into the next entry
    }
    return h;
}

void HolidayCalendar::Set(const CalendarEntry& e) {
    entries_[std::chrono::sys_days(e.day)] = Entry{e.workday, e.name};
}

std::vector<CalendarEntry> HolidayCalendar::Entries(std::optional<std::chrono::year> only_year) const {
    std::vector<CalendarEntry> out;
    for (const auto& [day, e] : entries_) {
        Date d(day);
        if (only_year && d.year() != *only_year) continue;
        out.push_back({d, e.workday, e.name});
    }
    return out;
}

}  // namespace xf
