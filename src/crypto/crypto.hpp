// Cryptographic primitives for the whole system: argon2id password hashes, random tokens and query codes,
// SHA-256 / keyed BLAKE2b hashes, constant-time comparison. Thin wrappers over libsodium and libargon2.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "base/error.hpp"

namespace xf::crypto {

// Initializes libsodium (sodium_init). Call once at start; safe to call repeatedly and from any thread.
// Every function below also initializes lazily, so forgetting Init() is not a security bug.
Status Init();

// argon2id cost parameters. Defaults are the OWASP minimum (t=2, m=19 MiB, p=1); tests use tiny costs.
struct PasswordParams {
    uint32_t t_cost = 2;
    uint32_t m_cost_kib = 19456;
    uint32_t parallelism = 1;
};

inline constexpr size_t kMaxPasswordBytes = 1024;

// argon2id hash in the PHC encoded form "$argon2id$v=19$m=...,t=...,p=...$salt$hash" (16-byte random salt,
// 32-byte tag). Empty passwords and passwords longer than kMaxPasswordBytes fail with kInvalidArgument
// (field "password"); bad cost parameters fail with kInvalidArgument (field "password_params").
Result<std::string> HashPassword(std::string_view password, const PasswordParams& p = {});
// Constant-time check of password against an encoded hash. False for any malformed encoding, an empty or
// oversized password, or a mismatch. Costs are read from `encoded`, so verifying takes as long as hashing did.
bool VerifyPassword(std::string_view password, const std::string& encoded);

// n_bytes of CSPRNG output as base64url without padding (24 bytes -> 32 chars). For session ids, CSRF
// tokens, portal secrets.
std::string RandomToken(size_t n_bytes = 24);

// The alphabet of RandomCode: digits and upper-case letters without the look-alikes 0 O 1 I L (31 symbols).
inline constexpr std::string_view kCodeAlphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
// n_chars uniformly random symbols of kCodeAlphabet (about 4.95 bits each), for 查询码; the caller groups them.
std::string RandomCode(size_t n_chars);
// n uniformly random decimal digits (one-time codes sent by SMS).
std::string RandomDigits(size_t n);

// SHA-256 of data as 64 lower-case hex chars.
std::string Sha256Hex(std::string_view data);
// Keyed BLAKE2b-256 (crypto_generichash) of data as 64 lower-case hex chars. key32 should be 32 random bytes;
// keys shorter than 16 or longer than 64 bytes are first reduced to 32 bytes with unkeyed BLAKE2b-256.
std::string KeyedHashHex(std::string_view key32, std::string_view data);
// Compares contents in time independent of where they differ (sodium_memcmp). Lengths are not secret:
// different lengths return false immediately.
bool ConstantTimeEquals(std::string_view a, std::string_view b);

}  // namespace xf::crypto
