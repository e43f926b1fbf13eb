#include "crypto/crypto.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <set>
#include <vector>

#include "crypto/field_cipher.hpp"

namespace xf::crypto {
namespace {

const PasswordParams kFast{.t_cost = 1, .m_cost_kib = 64, .parallelism = 1};
const std::string kKeyA(32, 'a');
const std::string kKeyB(32, 'b');

FieldCipher Cipher(const std::string& key) {
    auto c = FieldCipher::FromKey(key);
    EXPECT_TRUE(c.has_value());
    return *c;
}

TEST(CryptoTest, InitIsIdempotent) {
    EXPECT_TRUE(Init().has_value());
    EXPECT_TRUE(Init().has_value());
}

TEST(CryptoTest, PasswordRoundTrip) {
    auto h = HashPassword("正确的密码 correct horse", kFast);
    ASSERT_TRUE(h.has_value()) << h.error().message;
    EXPECT_TRUE(h->starts_with("$argon2id$v=19$m=64,t=1,p=1$")) << *h;
    EXPECT_TRUE(VerifyPassword("正确的密码 correct horse", *h));
    EXPECT_FALSE(VerifyPassword("正确的密码 correct hors", *h));
    EXPECT_FALSE(VerifyPassword("", *h));
    // Random salt: same password hashes differently, both verify.
    auto h2 = HashPassword("正确的密码 correct horse", kFast);
    ASSERT_TRUE(h2.has_value());
    EXPECT_NE(*h, *h2);
    EXPECT_TRUE(VerifyPassword("正确的密码 correct horse", *h2));
}

TEST(CryptoTest, PasswordDefaultParamsAreOwaspMinimum) {
    auto h = HashPassword("pw");
    ASSERT_TRUE(h.has_value());
    EXPECT_TRUE(h->starts_with("$argon2id$v=19$m=19456,t=2,p=1$")) << *h;
    EXPECT_TRUE(VerifyPassword("pw", *h));
}

TEST(CryptoTest, PasswordRejectsBadInput) {
    auto empty = HashPassword("", kFast);
    ASSERT_FALSE(empty.has_value());
    EXPECT_EQ(empty.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(empty.error().field, "password");

    EXPECT_TRUE(HashPassword(std::string(kMaxPasswordBytes, 'x'), kFast).has_value());
    auto too_long = HashPassword(std::string(kMaxPasswordBytes + 1, 'x'), kFast);
    ASSERT_FALSE(too_long.has_value());
    EXPECT_EQ(too_long.error().field, "password");

    auto bad_params = HashPassword("pw", {.t_cost = 0, .m_cost_kib = 64, .parallelism = 1});
    ASSERT_FALSE(bad_params.has_value());
    EXPECT_EQ(bad_params.error().code, ErrorCode::kInvalidArgument);
}

TEST(CryptoTest, VerifyRejectsMalformedEncodings) {
    EXPECT_FALSE(VerifyPassword("pw", ""));
    EXPECT_FALSE(VerifyPassword("pw", "plain"));
    EXPECT_FALSE(VerifyPassword("pw", "$argon2id$v=19$m=64,t=1,p=1$garbage"));
    auto h = HashPassword("pw", kFast);
    ASSERT_TRUE(h.has_value());
    std::string argon2i = *h;
    argon2i.replace(0, 10, "$argon2i$");  // a different variant is not accepted
    EXPECT_FALSE(VerifyPassword("pw", argon2i));
    std::string flipped = *h;
    flipped.back() = flipped.back() == 'A' ? 'B' : 'A';
    EXPECT_FALSE(VerifyPassword("pw", flipped));
}

TEST(CryptoTest, RandomTokenLengthAndAlphabet) {
    EXPECT_EQ(RandomToken().size(), 32u);  // 24 bytes -> 32 base64 chars
    EXPECT_EQ(RandomToken(32).size(), 43u);
    EXPECT_EQ(RandomToken(1).size(), 2u);
    EXPECT_EQ(RandomToken(0), "");
    std::set<std::string> seen;
    for (int i = 0; i < 200; ++i) {
        std::string t = RandomToken(24);
        for (char c : t) EXPECT_TRUE(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_') << t;
        seen.insert(t);
    }
    EXPECT_EQ(seen.size(), 200u);
}

TEST(CryptoTest, RandomCodeAlphabet) {
    EXPECT_EQ(RandomCode(0), "");
    std::set<char> used;
    for (int i = 0; i < 200; ++i) {
        std::string code = RandomCode(12);
        ASSERT_EQ(code.size(), 12u);
        for (char c : code) {
            EXPECT_NE(kCodeAlphabet.find(c), std::string_view::npos) << code;
            used.insert(c);
        }
    }
    for (char bad : std::string_view("01OIL")) EXPECT_EQ(used.count(bad), 0u);
    EXPECT_EQ(used.size(), kCodeAlphabet.size());  // 2400 draws cover all 31 symbols
    EXPECT_EQ(kCodeAlphabet.size(), 31u);
}

TEST(CryptoTest, Sha256KnownAnswers) {
    EXPECT_EQ(Sha256Hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(CryptoTest, KeyedHash) {
    std::string a = KeyedHashHex(kKeyA, "520102199003071234");
    EXPECT_EQ(a.size(), 64u);
    EXPECT_EQ(a, KeyedHashHex(kKeyA, "520102199003071234"));
    EXPECT_NE(a, KeyedHashHex(kKeyB, "520102199003071234"));
    EXPECT_NE(a, KeyedHashHex(kKeyA, "520102199003071235"));
    // Out-of-range keys are reduced, not rejected; still key-dependent.
    EXPECT_EQ(KeyedHashHex("short", "x").size(), 64u);
    EXPECT_NE(KeyedHashHex("short", "x"), KeyedHashHex("shorT", "x"));
}

TEST(CryptoTest, ConstantTimeEquals) {
    EXPECT_TRUE(ConstantTimeEquals("", ""));
    EXPECT_TRUE(ConstantTimeEquals("abc", "abc"));
    EXPECT_FALSE(ConstantTimeEquals("abc", "abd"));
    EXPECT_FALSE(ConstantTimeEquals("abc", "abcd"));
    EXPECT_FALSE(ConstantTimeEquals("", "a"));
}

TEST(FieldCipherTest, RoundTripChinese) {
    FieldCipher c = Cipher(kKeyA);
    for (const std::string& plain : std::vector<std::string>{"张三丰", "贵州省贵阳市南明区某某路 88 号 3 单元", "520102199003071234", "x",
                              std::string(10000, 'z')}) {
        std::string enc = c.Encrypt(plain);
        EXPECT_TRUE(enc.starts_with("v1:")) << enc;
        if (plain.size() >= 8) {  // short plaintexts can occur in base64 by chance
            EXPECT_EQ(enc.find(plain), std::string::npos);
        }
        auto dec = c.Decrypt(enc);
        ASSERT_TRUE(dec.has_value()) << dec.error().message;
        EXPECT_EQ(*dec, plain);
    }
}

TEST(FieldCipherTest, EmptyStaysEmpty) {
    FieldCipher c = Cipher(kKeyA);
    EXPECT_EQ(c.Encrypt(""), "");
    auto dec = c.Decrypt("");
    ASSERT_TRUE(dec.has_value());
    EXPECT_EQ(*dec, "");
}

TEST(FieldCipherTest, SamePlaintextEncryptsDifferently) {
    FieldCipher c = Cipher(kKeyA);
    EXPECT_NE(c.Encrypt("李四"), c.Encrypt("李四"));
}

TEST(FieldCipherTest, TamperDetected) {
    FieldCipher c = Cipher(kKeyA);
    std::string enc = c.Encrypt("王五 13812345678");
    // Flip each base64 character in turn (except the last, whose low bits may be padding-insignificant).
    for (size_t i = 3; i + 1 < enc.size(); ++i) {
        if (enc[i] == '=') continue;
        std::string bad = enc;
        bad[i] = bad[i] == 'A' ? 'B' : 'A';
        auto dec = c.Decrypt(bad);
        ASSERT_FALSE(dec.has_value()) << "position " << i;
        EXPECT_EQ(dec.error().code, ErrorCode::kInternal);
    }
    EXPECT_FALSE(c.Decrypt("v2:" + enc.substr(3)).has_value());
    EXPECT_FALSE(c.Decrypt("plaintext").has_value());
    EXPECT_FALSE(c.Decrypt("v1:").has_value());
    EXPECT_FALSE(c.Decrypt("v1:!!!!").has_value());
    EXPECT_FALSE(c.Decrypt(enc.substr(0, enc.size() - 4)).has_value());  // truncated
}

TEST(FieldCipherTest, WrongKeyFails) {
    std::string enc = Cipher(kKeyA).Encrypt("赵六");
    auto dec = Cipher(kKeyB).Decrypt(enc);
    ASSERT_FALSE(dec.has_value());
    EXPECT_EQ(dec.error().code, ErrorCode::kInternal);
}

TEST(FieldCipherTest, BlindIndexStableAndKeyDependent) {
    FieldCipher a = Cipher(kKeyA);
    FieldCipher a2 = Cipher(kKeyA);
    FieldCipher b = Cipher(kKeyB);
    std::string idx = a.BlindIndex("520102199003071234");
    EXPECT_EQ(idx.size(), 64u);
    EXPECT_EQ(idx, a.BlindIndex("520102199003071234"));
    EXPECT_EQ(idx, a2.BlindIndex("520102199003071234"));
    EXPECT_NE(idx, b.BlindIndex("520102199003071234"));
    EXPECT_NE(idx, a.BlindIndex("52010219900307123X"));
    // The index key is a derived subkey, not the encryption key itself.
    EXPECT_NE(idx, KeyedHashHex(kKeyA, "520102199003071234"));
    EXPECT_EQ(a.BlindIndex(""), "");
}

TEST(FieldCipherTest, FromTextFormats) {
    std::string hex = FieldCipher::GenerateKeyText();
    ASSERT_EQ(hex.size(), 64u);
    EXPECT_EQ(hex.find_first_not_of("0123456789abcdef"), std::string::npos);
    EXPECT_NE(hex, FieldCipher::GenerateKeyText());

    // Hex (either case, surrounding whitespace), standard and URL-safe base64 of the same key are the same key.
    std::string hex_a(64, '0');
    for (size_t i = 0; i < 32; ++i) hex_a.replace(2 * i, 2, "fb");
    std::string raw_a(32, '\xfb');
    std::string b64 = "+/v7+/v7+/v7+/v7+/v7+/v7+/v7+/v7+/v7+/v7+/s=";
    std::string b64url = "-_v7-_v7-_v7-_v7-_v7-_v7-_v7-_v7-_v7-_v7-_s=";
    std::string enc = Cipher(raw_a).Encrypt("测试");
    for (const std::string& text : {hex_a, " " + hex_a + "\n", b64, b64url}) {
        auto c = FieldCipher::FromText(text);
        ASSERT_TRUE(c.has_value()) << text;
        auto dec = c->Decrypt(enc);
        ASSERT_TRUE(dec.has_value()) << text;
        EXPECT_EQ(*dec, "测试");
    }
    std::string upper = hex_a;
    for (char& ch : upper) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    EXPECT_TRUE(FieldCipher::FromText(upper).has_value());
}

TEST(FieldCipherTest, FromTextErrors) {
    std::string hex = FieldCipher::GenerateKeyText();
    std::string bad_hex = hex;
    bad_hex[10] = 'g';
    for (const std::string& text :
         {std::string(), std::string("secret"), hex.substr(0, 62), hex + "00", bad_hex,
          std::string(44, '!'), std::string("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=="),  // 44 chars, 31 bytes
          std::string(32, 'k')}) {                                                          // raw, not text
        auto c = FieldCipher::FromText(text);
        ASSERT_FALSE(c.has_value()) << text;
        EXPECT_EQ(c.error().code, ErrorCode::kInvalidArgument);
        EXPECT_EQ(c.error().field, "secret_key");
    }
    auto short_key = FieldCipher::FromKey("too short");
    ASSERT_FALSE(short_key.has_value());
    EXPECT_EQ(short_key.error().field, "secret_key");
}

class KeyFileTest : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = std::filesystem::temp_directory_path() /
               ("xf_crypto_test_" + std::to_string(::getpid()) + "_" + RandomToken(6));
    }
    void TearDown() override { std::filesystem::remove_all(dir_); }
    std::filesystem::path dir_;
};

TEST_F(KeyFileTest, CreatedWith0600AndReReadIdentically) {
    auto path = dir_ / "nested" / "deeper" / "secret.key";
    auto created = LoadOrCreateKeyFile(path);
    ASSERT_TRUE(created.has_value()) << created.error().message;
    EXPECT_EQ(created->size(), 64u);
    EXPECT_TRUE(FieldCipher::FromText(*created).has_value());

    struct stat st {};
    ASSERT_EQ(::stat(path.c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600u);

    auto again = LoadOrCreateKeyFile(path);
    ASSERT_TRUE(again.has_value());
    EXPECT_EQ(*again, *created);
}

TEST_F(KeyFileTest, ReadsExistingBase64Key) {
    std::filesystem::create_directories(dir_);
    auto path = dir_ / "k";
    std::ofstream(path) << "  +/v7+/v7+/v7+/v7+/v7+/v7+/v7+/v7+/v7+/v7+/s=\r\n";
    auto key = LoadOrCreateKeyFile(path);
    ASSERT_TRUE(key.has_value());
    EXPECT_EQ(*key, "+/v7+/v7+/v7+/v7+/v7+/v7+/v7+/v7+/v7+/v7+/s=");
}

TEST_F(KeyFileTest, InvalidExistingFileIsAnError) {
    std::filesystem::create_directories(dir_);
    auto path = dir_ / "k";
    std::ofstream(path) << "not a key\n";
    auto key = LoadOrCreateKeyFile(path);
    ASSERT_FALSE(key.has_value());
    EXPECT_EQ(key.error().field, "secret_key");
    std::ofstream(path, std::ios::trunc);  // empty file: still an error, never silently replaced
    EXPECT_FALSE(LoadOrCreateKeyFile(path).has_value());
}

TEST_F(KeyFileTest, UnwritableLocationIsInternal) {
    std::filesystem::create_directories(dir_);
    std::ofstream(dir_ / "file") << "x";
    auto key = LoadOrCreateKeyFile(dir_ / "file" / "secret.key");  // parent is a regular file
    ASSERT_FALSE(key.has_value());
    EXPECT_EQ(key.error().code, ErrorCode::kInternal);
}

}  // namespace
}  // namespace xf::crypto
