// Pure helpers for petitioners' personal data: 居民身份证号码 validation/normalization (GB 11643-1999),
// mainland phone validation, and the masks used when personal data is shown in lists and exports.
#pragma once

#include <string>
#include <string_view>

#include "base/error.hpp"

namespace xf {

// GB 11643-1999 citizen ID number, exactly as given (normalize first): 17 digits + check char (0-9, X or x);
// chars 7-14 a real calendar date in 1900..2100 (not compared with today); check char = "10X98765432"[sum % 11]
// with weights 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2. Errors are kInvalidArgument on `field`:
// "证件号码长度应为18位", "证件号码前17位应为数字", "证件号码出生日期无效", "证件号码校验位错误".
Status ValidateIdNumber(std::string_view id, std::string_view field);

// Trims ASCII whitespace and the ideographic space U+3000, converts full-width digits and Ｘ/ｘ to ASCII
// (common with Chinese IMEs), and upper-cases x to X. Other characters are left for validation to reject.
std::string NormalizeIdNumber(std::string_view id);

// Masks for lists. All are UTF-8 aware (count code points), trim the input first, and return "" for "".
// ID: keep first 4 and last 4 ("520102199003071234" -> "5201**********1234"); 8 or fewer chars keep only
// the last 2 (fewer than 4: all masked).
std::string MaskIdNumber(std::string_view id);
// Phone with 11+ chars: keep first 3 and last 4 ("13812345678" -> "138****5678", "010-12345678" ->
// "010*****5678"); shorter numbers keep only the last 2 (2 or fewer chars: all masked).
std::string MaskPhone(std::string_view phone);
// Name: first code point + one * per remaining code point ("张三丰" -> "张**", "张三" -> "张*");
// a single-character name is masked entirely ("*") so that a mask never shows a whole name.
std::string MaskName(std::string_view name);
// Address: first 6 code points + "****"; addresses of 6 or fewer code points keep only the first half.
std::string MaskAddress(std::string_view address);

// Mainland phone as given (no trimming): either a mobile — 11 digits "1[3-9]xxxxxxxxx", dashes allowed between
// digit groups — or a landline of 7-12 digits with optional dashes; a landline starting with 0 (area code) has
// at least 10 digits. No leading, trailing or doubled dashes. kInvalidArgument "联系电话格式不正确" on `field`.
Status ValidatePhone(std::string_view phone, std::string_view field);
// An e-mail address for notices: local@domain.tld, ≤ 100 characters, no spaces or angle brackets (so it cannot
// inject SMTP headers). kInvalidArgument "电子邮箱格式不正确" on `field`.
Status ValidateEmail(std::string_view email, std::string_view field);
// A mobile number (11 digits, 1[3-9]…): an SMS can be sent to it.
bool IsMobilePhone(std::string_view phone);

}  // namespace xf
