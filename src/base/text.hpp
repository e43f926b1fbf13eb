// Small text utilities shared by every layer (UTF-8 aware where Chinese text needs it).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace xf {

bool IsValidUtf8(std::string_view s);
// Appends code point `cp` as UTF-8 (U+FFFD for a surrogate or a value above U+10FFFF).
void AppendUtf8(std::string& out, char32_t cp);
// Number of Unicode code points; assumes valid UTF-8.
size_t Utf8Length(std::string_view s);
// The first `n` code points of s.
std::string Utf8Prefix(std::string_view s, size_t n);
std::string_view Trim(std::string_view s);
std::vector<std::string_view> Split(std::string_view s, char sep);
std::string Join(const std::vector<std::string>& parts, std::string_view sep);

}  // namespace xf
