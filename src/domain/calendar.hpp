// The official holiday calendar (国务院办公厅节假日安排): which days are 法定节假日 and which weekend days are
// 调休上班. Pure data parsed from config/calendar/cn-YYYY.tsv text; no I/O here.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <vector>
#include <string>
#include <string_view>

#include "base/date.hpp"
#include "base/error.hpp"

namespace xf {

enum class DayKind {
    kWorkday,        // an ordinary Mon-Fri not listed in the calendar
    kWeekend,        // an ordinary Sat/Sun not listed in the calendar
    kHoliday,        // listed "holiday" (放假), whatever the weekday
    kMakeupWorkday,  // listed "workday" (调休上班), normally a Sat/Sun
};

// "workday" | "weekend" | "holiday" | "makeup_workday".
std::string_view DayKindName(DayKind kind);

// One listed day: a 法定节假日 or a 调休 make-up workday.
struct CalendarEntry {
    Date day{};
    bool workday = false;  // true: 调休上班; false: holiday
    std::string name;
};

class HolidayCalendar {
public:
    // Parses one TSV file's text; `source` names it in error messages. Format: `#` comment lines, blank lines,
    // an optional header `date<TAB>kind<TAB>name`, then rows `YYYY-MM-DD<TAB>holiday|workday<TAB>name`.
    // Errors: kInvalidArgument with field "line N" and a message starting "<source>:N: " (bad date, unknown kind,
    // wrong column count, a date listed twice in one file, invalid UTF-8).
    static Result<HolidayCalendar> ParseTsv(std::string_view text, std::string_view source);

    // Adds another year's entries (later entries for the same date override earlier ones).
    void Merge(const HolidayCalendar& other);

    DayKind Kind(Date d) const;
    bool IsWorkingDay(Date d) const;  // kWorkday or kMakeupWorkday
    bool IsRestDay(Date d) const { return !IsWorkingDay(d); }
    // The listed name of d ("春节", or "春节调休上班" for a make-up workday); "" if d is not listed.
    // Use Kind() to tell holidays from make-up workdays.
    std::string_view HolidayName(Date d) const;

    // True if any entry falls in year y. Dates in uncovered years follow the plain week, so callers should warn
    // when a deadline lands in such a year (the State Council publishes each year's schedule around November).
    bool Covers(std::chrono::year y) const;
    // FNV-1a 64 over the sorted entries (date, kind, name); equal contents give equal fingerprints. Lets callers
    // detect that the calendar changed since a stored due date was computed.
    uint64_t Fingerprint() const;

    size_t EntryCount() const { return entries_.size(); }

    // Lists or overrides single days (an office's local holiday, a correction entered in the console).
    void Set(const CalendarEntry& e);
    std::vector<CalendarEntry> Entries(std::optional<std::chrono::year> only_year = std::nullopt) const;

private:
    struct Entry {
        bool workday = false;  // true: 调休上班; false: holiday
        std::string name;
    };
    std::map<std::chrono::sys_days, Entry> entries_;
};

}  // namespace xf
