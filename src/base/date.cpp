#include "base/date.hpp"

#include <fmt/format.h>

#include <charconv>

namespace xf {
namespace {
constexpr std::chrono::hours kChinaOffset{8};

bool ParseInt(std::string_view s, int& out) {
    if (s.empty()) return false;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    return ec == std::errc() && p == s.data() + s.size();
}
}  // namespace

Date ChinaDate(Instant t) { return Date(std::chrono::floor<std::chrono::days>(t + kChinaOffset)); }

Instant ChinaMidnight(Date d) { return Instant(std::chrono::sys_days(d)) - kChinaOffset; }

Date AddDays(Date d, int days) { return Date(std::chrono::sys_days(d) + std::chrono::days(days)); }

int DaysBetween(Date a, Date b) {
    return static_cast<int>((std::chrono::sys_days(b) - std::chrono::sys_days(a)).count());
}

std::string FormatDate(Date d) {
    return fmt::format("{:04d}-{:02d}-{:02d}", static_cast<int>(d.year()), static_cast<unsigned>(d.month()),
                       static_cast<unsigned>(d.day()));
}

Result<Date> ParseDate(std::string_view text, std::string_view field) {
    int y = 0, m = 0, d = 0;
    if (text.size() != 10 || text[4] != '-' || text[7] != '-' || !ParseInt(text.substr(0, 4), y) ||
        !ParseInt(text.substr(5, 2), m) || !ParseInt(text.substr(8, 2), d)) {
        return Fail(Error::InvalidArgument(std::string(field), "日期格式应为 YYYY-MM-DD"));
    }
    Date date{std::chrono::year(y), std::chrono::month(static_cast<unsigned>(m)),
              std::chrono::day(static_cast<unsigned>(d))};
    if (!date.ok()) return Fail(Error::InvalidArgument(std::string(field), "日期不存在"));
    return date;
}

std::string FormatInstant(Instant t) {
    auto local = t + kChinaOffset;
    auto day = std::chrono::floor<std::chrono::days>(local);
    std::chrono::hh_mm_ss hms(local - day);
    Date d(day);
    return fmt::format("{}T{:02d}:{:02d}:{:02d}+08:00", FormatDate(d), hms.hours().count(), hms.minutes().count(),
                       hms.seconds().count());
}

Result<Instant> ParseInstant(std::string_view text, std::string_view field) {
    auto bad = [&] { return Fail(Error::InvalidArgument(std::string(field), "时间格式应为 ISO 8601")); };
    if (text.size() == 10) {
        XF_ASSIGN_OR_RETURN(Date d, ParseDate(text, field));
        return ChinaMidnight(d);
    }
    if (text.size() < 19 || (text[10] != 'T' && text[10] != ' ')) return bad();
    XF_ASSIGN_OR_RETURN(Date d, ParseDate(text.substr(0, 10), field));
    int hh = 0, mm = 0, ss = 0;
    if (text[13] != ':' || text[16] != ':' || !ParseInt(text.substr(11, 2), hh) || !ParseInt(text.substr(14, 2), mm) ||
        !ParseInt(text.substr(17, 2), ss) || hh > 23 || mm > 59 || ss > 60)
        return bad();
    std::string_view rest = text.substr(19);
    if (!rest.empty() && rest[0] == '.') {  // fractional seconds ignored
        size_t i = 1;
        while (i < rest.size() && rest[i] >= '0' && rest[i] <= '9') ++i;
        rest = rest.substr(i);
    }
    std::chrono::minutes offset{8 * 60};  // no offset given: China time
    if (rest == "Z") {
        offset = std::chrono::minutes(0);
    } else if (rest.size() == 6 && (rest[0] == '+' || rest[0] == '-') && rest[3] == ':') {
        int oh = 0, om = 0;
        if (!ParseInt(rest.substr(1, 2), oh) || !ParseInt(rest.substr(4, 2), om)) return bad();
        offset = std::chrono::minutes(oh * 60 + om) * (rest[0] == '-' ? -1 : 1);
    } else if (!rest.empty()) {
        return bad();
    }
    auto local = std::chrono::sys_days(d) + std::chrono::hours(hh) + std::chrono::minutes(mm) +
                 std::chrono::seconds(ss);
    return std::chrono::time_point_cast<std::chrono::seconds>(local - offset);
}

}  // namespace xf
