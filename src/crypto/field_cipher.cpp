#include "crypto/field_cipher.hpp"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <vector>

#include <fmt/format.h>

#include "base/text.hpp"
#include "crypto/crypto.hpp"

namespace xf::crypto {
namespace {

constexpr std::string_view kPrefix = "v1:";
constexpr size_t kNonceBytes = crypto_secretbox_xchacha20poly1305_NONCEBYTES;
constexpr size_t kMacBytes = crypto_secretbox_xchacha20poly1305_MACBYTES;
constexpr int kBase64 = sodium_base64_VARIANT_ORIGINAL;
// crypto_kdf context (exactly 8 bytes) and subkey id for the blind-index key.
constexpr char kIndexContext[crypto_kdf_CONTEXTBYTES + 1] = "xfblindx";
constexpr uint64_t kIndexSubkeyId = 1;

static_assert(kFieldKeyBytes == crypto_secretbox_xchacha20poly1305_KEYBYTES);
static_assert(kFieldKeyBytes == crypto_kdf_KEYBYTES);

Error BadKey() {
    return Error::InvalidArgument("secret_key", "密钥应为 32 字节：64 位十六进制或 44 位 base64");
}

// Decodes the whole of `text` as base64 of `variant` into out; false on any malformed input.
bool DecodeBase64(std::string_view text, int variant, std::vector<unsigned char>& out) {
    out.assign(text.size() / 4 * 3 + 3, 0);
    size_t len = 0;
    const char* end = nullptr;
    if (sodium_base642bin(out.data(), out.size(), text.data(), text.size(), nullptr, &len, &end, variant) != 0 ||
        end != text.data() + text.size())
        return false;
    out.resize(len);
    return true;
}

}  // namespace

Result<FieldCipher> FieldCipher::FromKey(std::string_view raw_key) {
    XF_TRY(Init());
    if (raw_key.size() != kFieldKeyBytes) return Fail(BadKey());
    FieldCipher c;
    std::memcpy(c.key_.data(), raw_key.data(), kFieldKeyBytes);
    crypto_kdf_derive_from_key(c.index_key_.data(), c.index_key_.size(), kIndexSubkeyId, kIndexContext,
                               c.key_.data());
    return c;
}

Result<FieldCipher> FieldCipher::FromText(std::string_view text) {
    XF_TRY(Init());
    text = Trim(text);
    std::vector<unsigned char> raw;
    if (text.size() == 2 * kFieldKeyBytes) {
        raw.assign(kFieldKeyBytes, 0);
        size_t len = 0;
        const char* end = nullptr;
        if (sodium_hex2bin(raw.data(), raw.size(), text.data(), text.size(), nullptr, &len, &end) != 0 ||
            len != kFieldKeyBytes || end != text.data() + text.size())
            return Fail(BadKey());
    } else if (text.size() == 44) {
        if (!DecodeBase64(text, sodium_base64_VARIANT_ORIGINAL, raw) &&
            !DecodeBase64(text, sodium_base64_VARIANT_URLSAFE, raw))
            return Fail(BadKey());
        if (raw.size() != kFieldKeyBytes) return Fail(BadKey());
    } else {
        return Fail(BadKey());
    }
    auto cipher = FromKey(std::string_view(reinterpret_cast<const char*>(raw.data()), raw.size()));
    sodium_memzero(raw.data(), raw.size());
    return cipher;
}

std::string FieldCipher::GenerateKeyText() {
    (void)Init();
    unsigned char key[kFieldKeyBytes];
    randombytes_buf(key, sizeof key);
    std::string out(2 * kFieldKeyBytes + 1, '\0');
    sodium_bin2hex(out.data(), out.size(), key, sizeof key);
    out.pop_back();
    sodium_memzero(key, sizeof key);
    return out;
}

FieldCipher::~FieldCipher() {
    sodium_memzero(key_.data(), key_.size());
    sodium_memzero(index_key_.data(), index_key_.size());
}

std::string FieldCipher::Encrypt(std::string_view plaintext) const {
    if (plaintext.empty()) return {};
    std::vector<unsigned char> box(kNonceBytes + kMacBytes + plaintext.size());
    randombytes_buf(box.data(), kNonceBytes);
    crypto_secretbox_xchacha20poly1305_easy(box.data() + kNonceBytes,
                                            reinterpret_cast<const unsigned char*>(plaintext.data()),
                                            plaintext.size(), box.data(), key_.data());
    std::string out(kPrefix);
    size_t prefix = out.size();
    out.resize(prefix + sodium_base64_ENCODED_LEN(box.size(), kBase64));
    sodium_bin2base64(out.data() + prefix, out.size() - prefix, box.data(), box.size(), kBase64);
    out.pop_back();  // the encoder's NUL terminator
    return out;
}

Result<std::string> FieldCipher::Decrypt(std::string_view text) const {
    if (text.empty()) return std::string();
    if (!text.starts_with(kPrefix)) return Fail(Error::Internal("encrypted field: unknown format"));
    std::vector<unsigned char> box;
    if (!DecodeBase64(text.substr(kPrefix.size()), kBase64, box) || box.size() < kNonceBytes + kMacBytes)
        return Fail(Error::Internal("encrypted field: malformed ciphertext"));
    std::string plain(box.size() - kNonceBytes - kMacBytes, '\0');
    if (crypto_secretbox_xchacha20poly1305_open_easy(reinterpret_cast<unsigned char*>(plain.data()),
                                                     box.data() + kNonceBytes, box.size() - kNonceBytes,
                                                     box.data(), key_.data()) != 0)
        return Fail(Error::Internal("encrypted field: authentication failed (tampered data or wrong key)"));
    return plain;
}

std::string FieldCipher::BlindIndex(std::string_view plaintext) const {
    if (plaintext.empty()) return {};
    return KeyedHashHex(std::string_view(reinterpret_cast<const char*>(index_key_.data()), index_key_.size()),
                        plaintext);
}

namespace {

std::string ErrnoText(int err) { return std::strerror(err); }

Result<std::string> ReadKeyFile(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return Fail(Error::Internal(fmt::format("cannot read key file {}", path.string())));
    std::ostringstream ss;
    ss << in.rdbuf();
    if (in.bad()) return Fail(Error::Internal(fmt::format("cannot read key file {}", path.string())));
    std::string text(Trim(ss.str()));
    if (!FieldCipher::FromText(text))
        return Fail(Error::InvalidArgument(
            "secret_key", fmt::format("密钥文件 {} 内容无效：应为 64 位十六进制或 44 位 base64", path.string())));
    return text;
}

}  // namespace

Result<std::string> LoadOrCreateKeyFile(const std::filesystem::path& path) {
    namespace fs = std::filesystem;
    std::error_code ec;
    if (fs::exists(path, ec)) return ReadKeyFile(path);
    if (ec) return Fail(Error::Internal(fmt::format("cannot stat key file {}: {}", path.string(), ec.message())));

    if (path.has_parent_path()) {
        fs::create_directories(path.parent_path(), ec);
        if (ec)
            return Fail(Error::Internal(
                fmt::format("cannot create directory {}: {}", path.parent_path().string(), ec.message())));
    }
    int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) {
        int err = errno;
        if (err == EEXIST) return ReadKeyFile(path);  // lost a creation race: use the winner's key
        return Fail(Error::Internal(fmt::format("cannot create key file {}: {}", path.string(), ErrnoText(err))));
    }
    std::string key = FieldCipher::GenerateKeyText();
    std::string content = key + "\n";
    int err = 0;
    if (::fchmod(fd, 0600) != 0) err = errno;  // O_CREAT's mode is 0600 minus umask already; make it exact
    for (size_t done = 0; err == 0 && done < content.size();) {
        ssize_t n = ::write(fd, content.data() + done, content.size() - done);
        if (n > 0) done += static_cast<size_t>(n);
        else if (n < 0 && errno != EINTR) err = errno;
        else if (n == 0) err = EIO;
    }
    if (err == 0 && ::fsync(fd) != 0) err = errno;
    if (::close(fd) != 0 && err == 0) err = errno;
    bool ok = err == 0;
    sodium_memzero(content.data(), content.size());
    if (!ok) {
        fs::remove(path, ec);  // never leave a half-written key behind
        return Fail(Error::Internal(fmt::format("cannot write key file {}: {}", path.string(), ErrnoText(err))));
    }
    return key;
}

}  // namespace xf::crypto
