// Helpers shared by the files of the app layer (services.cpp, portal.cpp); not part of its interface.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "base/error.hpp"

namespace xf::app::detail {

// Guessing defence (防暴力破解): failed attempts counted per account or 查询码 and per client address in 15-minute
// windows, in the database so that every app server counts the same attempts.
// The setting that records which calendar the stored deadlines were computed with (RecomputeDeadlines, import).
inline constexpr std::string_view kCalendarFingerprintKey = "calendar_fingerprint";
inline constexpr auto kAttemptWindow = std::chrono::minutes(15);
inline constexpr int64_t kFailuresPerAccount = 10;   // per login name, or per 查询码
inline constexpr int64_t kFailuresPerAddress = 100;  // per client address (an office behind one NAT address shares it)

// Checks UTF-8, presence and length (in characters); the error names `field`.
Status CheckText(std::string_view value, std::string_view field, size_t max_chars, bool required,
                 std::string_view label);
// "abcd efgh-jklm" → "ABCD-EFGH-JKLM".
std::string NormalizeQueryCode(std::string_view s);
// The stored form of a 查询码's secret before keyed hashing (cases registered before 2026-12): SHA-256 of
// "code:secret". Still verified for those cases; new cases store Services::SecretDigest.
std::string SecretHash(const std::string& query_code, const std::string& secret);

// A Result's status, its value dropped.
template <class T>
Status Drop(const Result<T>& r) {
    if (!r) return Fail(r.error());
    return Ok();
}

}  // namespace xf::app::detail
