#include "crypto/crypto.hpp"

#include <argon2.h>
#include <sodium.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

#include <fmt/format.h>

namespace xf::crypto {
namespace {

// libsodium must be initialized before use; sodium_init itself is idempotent and thread-safe.
// It only fails when no randomness source exists, in which case nothing here can work safely.
void EnsureSodium() {
    static const bool ok = sodium_init() >= 0;
    if (!ok) {
        std::fputs("xf::crypto: sodium_init failed (no usable randomness source)\n", stderr);
        std::abort();
    }
}

std::string ToHex(const unsigned char* data, size_t n) {
    std::string out(n * 2 + 1, '\0');
    sodium_bin2hex(out.data(), out.size(), data, n);
    out.pop_back();
    return out;
}

constexpr size_t kSaltBytes = 16;
constexpr size_t kTagBytes = 32;

}  // namespace

Status Init() {
    if (sodium_init() < 0) return Fail(Error::Internal("libsodium initialization failed"));
    return Ok();
}

Result<std::string> HashPassword(std::string_view password, const PasswordParams& p) {
    EnsureSodium();
    if (password.empty()) return Fail(Error::InvalidArgument("password", "密码不能为空"));
    if (password.size() > kMaxPasswordBytes)
        return Fail(Error::InvalidArgument("password", fmt::format("密码不能超过 {} 字节", kMaxPasswordBytes)));
    if (p.t_cost < ARGON2_MIN_TIME || p.parallelism < 1 || p.parallelism > 64 ||
        p.m_cost_kib < 8 * p.parallelism || p.m_cost_kib > 4u * 1024 * 1024)
        return Fail(Error::InvalidArgument("password_params", "argon2id cost parameters out of range"));

    unsigned char salt[kSaltBytes];
    randombytes_buf(salt, sizeof salt);
    std::vector<char> encoded(
        argon2_encodedlen(p.t_cost, p.m_cost_kib, p.parallelism, kSaltBytes, kTagBytes, Argon2_id) + 1, '\0');
    int rc = argon2id_hash_encoded(p.t_cost, p.m_cost_kib, p.parallelism, password.data(), password.size(), salt,
                                   sizeof salt, kTagBytes, encoded.data(), encoded.size());
    sodium_memzero(salt, sizeof salt);
    if (rc != ARGON2_OK)
        return Fail(Error::Internal(fmt::format("argon2id hashing failed: {}", argon2_error_message(rc))));
    return std::string(encoded.data());
}

bool VerifyPassword(std::string_view password, const std::string& encoded) {
    if (password.empty() || password.size() > kMaxPasswordBytes) return false;
    if (encoded.rfind("$argon2id$", 0) != 0 || encoded.find('\0') != std::string::npos) return false;
    return argon2id_verify(encoded.c_str(), password.data(), password.size()) == ARGON2_OK;
}

std::string RandomToken(size_t n_bytes) {
    EnsureSodium();
    if (n_bytes == 0) return {};
    std::vector<unsigned char> raw(n_bytes);
    randombytes_buf(raw.data(), raw.size());
    constexpr int kVariant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;
    std::string out(sodium_base64_ENCODED_LEN(n_bytes, kVariant), '\0');
    sodium_bin2base64(out.data(), out.size(), raw.data(), raw.size(), kVariant);
    out.resize(std::strlen(out.c_str()));
    sodium_memzero(raw.data(), raw.size());
    return out;
}

std::string RandomCode(size_t n_chars) {
    EnsureSodium();
    std::string out(n_chars, '\0');
    for (char& c : out) c = kCodeAlphabet[randombytes_uniform(static_cast<uint32_t>(kCodeAlphabet.size()))];
    return out;
}

std::string RandomDigits(size_t n) {
    EnsureSodium();
    std::string out(n, '0');
    for (char& c : out) c = static_cast<char>('0' + randombytes_uniform(10));
    return out;
}

std::string Sha256Hex(std::string_view data) {
    EnsureSodium();
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(data.data()), data.size());
    return ToHex(digest, sizeof digest);
}

std::string KeyedHashHex(std::string_view key32, std::string_view data) {
    EnsureSodium();
    unsigned char reduced[crypto_generichash_BYTES];
    const auto* key = reinterpret_cast<const unsigned char*>(key32.data());
    size_t key_len = key32.size();
    if (key_len < crypto_generichash_KEYBYTES_MIN || key_len > crypto_generichash_KEYBYTES_MAX) {
        crypto_generichash(reduced, sizeof reduced, key, key_len, nullptr, 0);
        key = reduced;
        key_len = sizeof reduced;
    }
    unsigned char digest[crypto_generichash_BYTES];
    crypto_generichash(digest, sizeof digest, reinterpret_cast<const unsigned char*>(data.data()), data.size(), key,
                       key_len);
    sodium_memzero(reduced, sizeof reduced);
    return ToHex(digest, sizeof digest);
}

bool ConstantTimeEquals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    if (a.empty()) return true;
    return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace xf::crypto
