#include "domain/personal_data.hpp"

#include <array>
#include <chrono>
#include <vector>

#include "base/text.hpp"

namespace xf {
namespace {

constexpr std::array<int, 17> kIdWeights = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
constexpr std::string_view kIdCheckChars = "10X98765432";
constexpr std::string_view kIdeographicSpace = "\xE3\x80\x80";  // U+3000

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

Error IdError(std::string_view field, const char* message) {
    return Error::InvalidArgument(std::string(field), message);
}

int Digits(std::string_view s) {
    int v = 0;
    for (char c : s) v = v * 10 + (c - '0');
    return v;
}

// Splits s into code points (a code point is a lead byte plus its continuation bytes).
std::vector<std::string_view> CodePoints(std::string_view s) {
    std::vector<std::string_view> out;
    size_t start = 0;
    for (size_t i = 1; i <= s.size(); ++i) {
        if (i == s.size() || (static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) {
            out.push_back(s.substr(start, i - start));
            start = i;
        }
    }
    return out;
}

// Keeps the first `head` and last `tail` code points of cps, one '*' for each in between.
std::string KeepEnds(const std::vector<std::string_view>& cps, size_t head, size_t tail) {
    std::string out;
    for (size_t i = 0; i < cps.size(); ++i) {
        if (i < head || i + tail >= cps.size()) out += cps[i];
        else out += '*';
    }
    return out;
}

std::string_view TrimAll(std::string_view s) {
    while (true) {
        std::string_view t = Trim(s);
        if (t.starts_with(kIdeographicSpace)) t.remove_prefix(kIdeographicSpace.size());
        if (t.ends_with(kIdeographicSpace)) t.remove_suffix(kIdeographicSpace.size());
        if (t.size() == s.size()) return t;
        s = t;
    }
}

}  // namespace

Status ValidateIdNumber(std::string_view id, std::string_view field) {
    if (id.size() != 18) return Fail(IdError(field, "证件号码长度应为18位"));
    for (size_t i = 0; i < 17; ++i)
        if (!IsDigit(id[i])) return Fail(IdError(field, "证件号码前17位应为数字"));

    int year = Digits(id.substr(6, 4));
    std::chrono::year_month_day birth{std::chrono::year(year), std::chrono::month(Digits(id.substr(10, 2))),
                                      std::chrono::day(Digits(id.substr(12, 2)))};
    if (year < 1900 || year > 2100 || !birth.ok()) return Fail(IdError(field, "证件号码出生日期无效"));

    int sum = 0;
    for (size_t i = 0; i < 17; ++i) sum += (id[i] - '0') * kIdWeights[i];
    char expected = kIdCheckChars[sum % 11];
    char actual = id[17] == 'x' ? 'X' : id[17];
    if (actual != expected) return Fail(IdError(field, "证件号码校验位错误"));
    return Ok();
}

std::string NormalizeIdNumber(std::string_view id) {
    std::string out;
    out.reserve(id.size());
    for (std::string_view cp : CodePoints(TrimAll(id))) {
        // Full-width forms U+FF10..U+FF19 are EF BC 90..99; Ｘ U+FF38 is EF BC B8; ｘ U+FF58 is EF BD 98.
        auto last = cp.size() == 3 ? static_cast<unsigned char>(cp[2]) : 0u;
        if (cp.starts_with("\xEF\xBC") && last >= 0x90 && last <= 0x99)
            out += static_cast<char>('0' + (last - 0x90));
        else if (cp == "\xEF\xBC\xB8" || cp == "\xEF\xBD\x98" || cp == "x")
            out += 'X';
        else
            out += cp;
    }
    return out;
}

std::string MaskIdNumber(std::string_view id) {
    auto cps = CodePoints(TrimAll(id));
    if (cps.size() > 8) return KeepEnds(cps, 4, 4);
    return KeepEnds(cps, 0, cps.size() >= 4 ? 2 : 0);
}

std::string MaskPhone(std::string_view phone) {
    auto cps = CodePoints(TrimAll(phone));
    if (cps.size() >= 11) return KeepEnds(cps, 3, 4);
    return KeepEnds(cps, 0, cps.size() > 2 ? 2 : 0);
}

std::string MaskName(std::string_view name) {
    auto cps = CodePoints(TrimAll(name));
    if (cps.empty()) return {};
    if (cps.size() == 1) return "*";
    return KeepEnds(cps, 1, 0);
}

std::string MaskAddress(std::string_view address) {
    std::string_view trimmed = TrimAll(address);
    if (trimmed.empty()) return {};
    size_t n = Utf8Length(trimmed);
    return Utf8Prefix(trimmed, n > 6 ? 6 : n / 2) + "****";
}

Status ValidatePhone(std::string_view phone, std::string_view field) {
    auto bad = [&] { return Fail(Error::InvalidArgument(std::string(field), "联系电话格式不正确")); };
    std::string digits;
    for (size_t i = 0; i < phone.size(); ++i) {
        char c = phone[i];
        if (IsDigit(c)) {
            digits += c;
        } else if (c == '-') {
            if (i == 0 || i + 1 == phone.size() || phone[i + 1] == '-') return bad();
        } else {
            return bad();
        }
    }
    if (digits.empty()) return bad();
    if (digits[0] == '1') {
        if (digits.size() != 11 || digits[1] < '3') return bad();
        return Ok();
    }
    if (digits.size() < 7 || digits.size() > 12) return bad();
    if (digits[0] == '0' && digits.size() < 10) return bad();
    return Ok();
}

Status ValidateEmail(std::string_view email, std::string_view field) {
    auto bad = [&] { return Fail(Error::InvalidArgument(std::string(field), "电子邮箱格式不正确")); };
    email = Trim(email);
    if (email.empty() || email.size() > 100) return bad();
    for (char c : email)
        if (static_cast<unsigned char>(c) <= ' ' || c == '<' || c == '>' || c == ',' || c == ';' || c == '"' ||
            c == '(' || c == ')' || c == '\\' || c == 0x7f)
            return bad();
    auto at = email.find('@');
    if (at == 0 || at == std::string_view::npos || email.find('@', at + 1) != std::string_view::npos) return bad();
    std::string_view domain = email.substr(at + 1);
    auto dot = domain.rfind('.');
    if (dot == std::string_view::npos || dot == 0 || dot + 3 > domain.size() || domain.find("..") != std::string_view::npos)
        return bad();
    return Ok();
}

bool IsMobilePhone(std::string_view phone) {
    std::string digits;
    for (char c : phone)
        if (IsDigit(c)) digits += c;
    return digits.size() == 11 && digits[0] == '1' && digits[1] >= '3';
}

}  // namespace xf
