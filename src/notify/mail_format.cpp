#include "notify/mail_format.hpp"

#include <fmt/format.h>

#include <chrono>

#include "base/text.hpp"
#include "notify/notifier.hpp"

namespace xf::notify {
namespace {

constexpr size_t kEncodedWordBytes = 39;  // "=?UTF-8?B?" + 52 base64 chars + "?=" = 64, leaving room for "Subject: "

bool IsPlainAsciiHeader(std::string_view s) {
    for (char ch : s) {
        auto c = static_cast<unsigned char>(ch);
        if (c < 0x20 || c > 0x7E) return false;
    }
    return s.find("=?") == std::string_view::npos;
}

bool IsAtext(char ch) {
    auto c = static_cast<unsigned char>(ch);
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
    return std::string_view("!#$%&'*+-/=?^_`{|}~").find(ch) != std::string_view::npos;
}

// Control characters → spaces; invalid UTF-8 is kept as bytes (it is base64-encoded anyway).
std::string Sanitize(std::string_view s) {
    std::string out(s);
    for (char& ch : out)
        if (static_cast<unsigned char>(ch) < 0x20 || ch == 0x7F) ch = ' ';
    return out;
}

}  // namespace

Result<Mailbox> ParseMailbox(std::string_view text, std::string_view field) {
    text = Trim(text);
    Mailbox m;
    auto lt = text.rfind('<');
    if (lt != std::string_view::npos) {
        if (!text.ends_with('>'))
            return Fail(Error::InvalidArgument(std::string(field), "邮箱地址格式应为 名称 <地址>"));
        m.address = std::string(Trim(text.substr(lt + 1, text.size() - lt - 2)));
        std::string_view name = Trim(text.substr(0, lt));
        if (name.size() >= 2 && name.front() == '"' && name.back() == '"') name = name.substr(1, name.size() - 2);
        m.display_name = Sanitize(name);
    } else {
        m.address = std::string(text);
    }
    if (!IsPlausibleEmail(m.address))
        return Fail(Error::InvalidArgument(std::string(field), "邮箱地址格式不正确：" + m.address));
    return m;
}

std::string EncodeHeaderText(std::string_view utf8) {
    std::string clean = Sanitize(utf8);
    if (IsPlainAsciiHeader(clean)) return clean;
    std::string out;
    size_t i = 0;
    while (i < clean.size()) {
        size_t end = std::min(clean.size(), i + kEncodedWordBytes);
        // Back off to a character boundary (a byte that is not a UTF-8 continuation byte).
        while (end < clean.size() && end > i + 1 && (static_cast<unsigned char>(clean[end]) & 0xC0) == 0x80) --end;
        if (!out.empty()) out += "\r\n ";
        out += "=?UTF-8?B?" + Base64Encode(std::string_view(clean).substr(i, end - i)) + "?=";
        i = end;
    }
    return out;
}

std::string FormatMailbox(const Mailbox& m) {
    if (m.display_name.empty()) return m.address;
    std::string name;
    if (IsPlainAsciiHeader(m.display_name) && m.display_name.find_first_of("\"\\") == std::string::npos)
        name = "\"" + m.display_name + "\"";
    else
        name = EncodeHeaderText(m.display_name);
    return name + " <" + m.address + ">";
}

std::string FormatMailDate(Instant t) {
    using namespace std::chrono;
    auto local = t + hours(8);
    auto day = floor<days>(local);
    year_month_day ymd{day};
    hh_mm_ss hms{local - day};
    static constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                              "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    weekday wd{day};
    return fmt::format("{}, {:02d} {} {:04d} {:02d}:{:02d}:{:02d} +0800", kDays[wd.c_encoding()],
                       static_cast<unsigned>(ymd.day()), kMonths[static_cast<unsigned>(ymd.month()) - 1],
                       static_cast<int>(ymd.year()), hms.hours().count(), hms.minutes().count(), hms.seconds().count());
}

std::string MessageIdForKey(std::string_view key) {
    std::string left;
    for (size_t i = 0; i < key.size(); ++i) {
        char ch = key[i];
        bool dot_ok = ch == '.' && i > 0 && i + 1 < key.size() && key[i - 1] != '.';
        if ((IsAtext(ch) && ch != '%') || dot_ok)
            left += ch;
        else
            left += fmt::format("%{:02X}", static_cast<unsigned char>(ch));
    }
    if (left.empty()) left = "%00";
    return "<" + left + "@xinfang>";
}

std::string Base64Encode(std::string_view bytes, size_t line_length) {
    static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    out.reserve((bytes.size() + 2) / 3 * 4 + (line_length ? bytes.size() / line_length * 2 + 2 : 0));
    size_t column = 0;
    auto put = [&](char c) {
        if (line_length && column == line_length) {
            out += "\r\n";
            column = 0;
        }
        out += c;
        ++column;
    };
    for (size_t i = 0; i < bytes.size(); i += 3) {
        uint32_t n = static_cast<unsigned char>(bytes[i]) << 16;
        if (i + 1 < bytes.size()) n |= static_cast<unsigned char>(bytes[i + 1]) << 8;
        if (i + 2 < bytes.size()) n |= static_cast<unsigned char>(bytes[i + 2]);
        put(kAlphabet[(n >> 18) & 63]);
        put(kAlphabet[(n >> 12) & 63]);
        put(i + 1 < bytes.size() ? kAlphabet[(n >> 6) & 63] : '=');
        put(i + 2 < bytes.size() ? kAlphabet[n & 63] : '=');
    }
    if (line_length && !out.empty()) out += "\r\n";
    return out;
}

std::string BuildMailMessage(const MailParts& p) {
    std::string body;
    body.reserve(p.body.size() + 16);
    for (size_t i = 0; i < p.body.size(); ++i) {
        if (p.body[i] == '\n' && (i == 0 || p.body[i - 1] != '\r')) body += '\r';
        body += p.body[i];
    }
    std::string m;
    m += "Date: " + FormatMailDate(p.date) + "\r\n";
    m += "From: " + FormatMailbox(p.from) + "\r\n";
    m += "To: " + p.to + "\r\n";
    m += "Subject: " + EncodeHeaderText(p.subject) + "\r\n";
    m += "Message-ID: " + p.message_id + "\r\n";
    m += "MIME-Version: 1.0\r\n";
    m += "Content-Type: text/plain; charset=UTF-8\r\n";
    m += "Content-Transfer-Encoding: base64\r\n";
    m += "Auto-Submitted: auto-generated\r\n";
    m += "\r\n";
    m += Base64Encode(body, 76);
    return m;
}

}  // namespace xf::notify
