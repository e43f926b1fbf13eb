// Legal dates: the law counts whole days in China Standard Time (UTC+8, no DST). Instants are UTC.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "base/clock.hpp"
#include "base/error.hpp"

namespace xf {

using Date = std::chrono::year_month_day;

// The calendar day in China (UTC+8) at instant t.
Date ChinaDate(Instant t);
// 00:00 China time on day d, as a UTC instant.
Instant ChinaMidnight(Date d);

Date AddDays(Date d, int days);
// Whole days from a to b (b - a).
int DaysBetween(Date a, Date b);

// "YYYY-MM-DD".
std::string FormatDate(Date d);
Result<Date> ParseDate(std::string_view text, std::string_view field = "date");

// ISO 8601 with offset in China time: "2026-03-01T09:30:00+08:00".
std::string FormatInstant(Instant t);
// Accepts "...Z", "...+08:00" offsets, or a bare date (China midnight).
Result<Instant> ParseInstant(std::string_view text, std::string_view field = "time");

}  // namespace xf
