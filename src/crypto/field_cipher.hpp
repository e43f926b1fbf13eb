// Encryption of personal data at rest (names, 证件号, phones, addresses): authenticated XChaCha20-Poly1305 with a
// 32-byte master key, blind indexes for equality search on encrypted columns, and the key-file helper.
#pragma once

#include <array>
#include <filesystem>
#include <string>
#include <string_view>

#include "base/error.hpp"

namespace xf::crypto {

inline constexpr size_t kFieldKeyBytes = 32;

class FieldCipher {
public:
    // key: exactly 32 raw bytes; otherwise kInvalidArgument (field "secret_key").
    static Result<FieldCipher> FromKey(std::string_view raw_key);
    // key as 64 hex chars or 44 base64 chars (standard or URL-safe alphabet), surrounding whitespace ignored —
    // the form of config/env XINFANG_SECRET_KEY. Errors are kInvalidArgument with field "secret_key".
    static Result<FieldCipher> FromText(std::string_view text);
    // A fresh random key as 64 lower-case hex chars.
    static std::string GenerateKeyText();

    FieldCipher(const FieldCipher&) = default;
    FieldCipher& operator=(const FieldCipher&) = default;
    ~FieldCipher();

    // "v1:" + base64(nonce[24] || ciphertext || tag[16]) using crypto_secretbox_xchacha20poly1305 with a random
    // nonce, so equal plaintexts encrypt differently. Empty plaintext encrypts to "" (empty stays empty).
    std::string Encrypt(std::string_view plaintext) const;
    // Inverse of Encrypt; "" decrypts to "". kInternal for an unknown format, tampering, or the wrong key.
    Result<std::string> Decrypt(std::string_view text) const;
    // Deterministic keyed hash (BLAKE2b-256 under a subkey derived with crypto_kdf) as 64 hex chars, for
    // equality search on encrypted fields. Normalize first (e.g. NormalizeIdNumber). Empty input gives "".
    std::string BlindIndex(std::string_view plaintext) const;

private:
    FieldCipher() = default;

    std::array<unsigned char, kFieldKeyBytes> key_{};
    std::array<unsigned char, kFieldKeyBytes> index_key_{};
};

// Returns the key text stored at `path` (trimmed; must be a valid FromText key, else kInvalidArgument with
// field "secret_key"). If the file does not exist, creates parent directories and the file with mode 0600,
// containing GenerateKeyText() plus a newline, and returns the new key. I/O failures are kInternal.
Result<std::string> LoadOrCreateKeyFile(const std::filesystem::path& path);

}  // namespace xf::crypto
