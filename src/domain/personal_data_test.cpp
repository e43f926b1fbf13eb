#include "domain/personal_data.hpp"

#include <gtest/gtest.h>

#include <random>
#include <string>

namespace xf {
namespace {

// Check character computed from the standard's definition (ISO 7064 MOD 11-2), independently of the
// implementation's tables: weight_i = 2^(17-i) mod 11, check = (12 - sum mod 11) mod 11, 10 written as X.
char CheckChar(std::string_view body17) {
    int sum = 0;
    for (int i = 0; i < 17; ++i) {
        int weight = 1;
        for (int k = 0; k < 17 - i; ++k) weight = weight * 2 % 11;
        sum += (body17[i] - '0') * weight;
    }
    int check = (12 - sum % 11) % 11;
    return check == 10 ? 'X' : static_cast<char>('0' + check);
}

std::string WithCheck(std::string body17) { return body17 + CheckChar(body17); }

void ExpectIdError(std::string_view id, std::string_view message) {
    auto s = ValidateIdNumber(id, "petitioners[0].id_number");
    ASSERT_FALSE(s.has_value()) << id;
    EXPECT_EQ(s.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(s.error().field, "petitioners[0].id_number");
    EXPECT_EQ(s.error().message, message) << id;
}

TEST(IdNumberTest, StandardExampleIsValid) {
    // The example from GB 11643-1999 itself.
    EXPECT_TRUE(ValidateIdNumber("11010519491231002X", "id").has_value());
    EXPECT_TRUE(ValidateIdNumber("11010519491231002x", "id").has_value());  // lowercase x accepted
    EXPECT_EQ(CheckChar("11010519491231002"), 'X');
}

TEST(IdNumberTest, ComputedValidIds) {
    for (std::string body : {"52010219900307123", "11010120000229001", "44030619851231456", "65010219000101000",
                             "31011521000101999"}) {
        std::string id = WithCheck(body);
        EXPECT_TRUE(ValidateIdNumber(id, "id").has_value()) << id;
    }
}

TEST(IdNumberTest, RandomIdsAcceptExactlyTheirCheckChar) {
    std::mt19937 rng(20240301);
    std::uniform_int_distribution<int> digit(0, 9), year(1900, 2100), month(1, 12), day(1, 28);
    for (int n = 0; n < 300; ++n) {
        std::string body;
        for (int i = 0; i < 6; ++i) body += static_cast<char>('0' + digit(rng));
        char date[9];
        std::snprintf(date, sizeof date, "%04d%02d%02d", year(rng), month(rng), day(rng));
        body += date;
        for (int i = 0; i < 3; ++i) body += static_cast<char>('0' + digit(rng));
        char good = CheckChar(body);
        for (char c : std::string_view("0123456789X")) {
            auto s = ValidateIdNumber(body + c, "id");
            EXPECT_EQ(s.has_value(), c == good) << body << c;
            if (c != good) {
                EXPECT_EQ(s.error().message, "证件号码校验位错误");
            }
        }
    }
}

TEST(IdNumberTest, WrongCheckDigit) {
    ExpectIdError("110105194912310021", "证件号码校验位错误");
    std::string id = WithCheck("52010219900307123");
    id.back() = id.back() == '9' ? '8' : static_cast<char>(id.back() == 'X' ? '0' : id.back() + 1);
    ExpectIdError(id, "证件号码校验位错误");
    ExpectIdError("52010219900307123Y", "证件号码校验位错误");
}

TEST(IdNumberTest, WrongLength) {
    ExpectIdError("", "证件号码长度应为18位");
    ExpectIdError("11010519491231002", "证件号码长度应为18位");
    ExpectIdError("11010519491231002X0", "证件号码长度应为18位");
    ExpectIdError("110105491231002", "证件号码长度应为18位");  // old 15-digit form is not accepted
    ExpectIdError(" 11010519491231002X", "证件号码长度应为18位");  // not trimmed: normalize first
}

TEST(IdNumberTest, NonDigitsInBody) {
    ExpectIdError("1101051949123100XX", "证件号码前17位应为数字");
    ExpectIdError("A1010519491231002X", "证件号码前17位应为数字");
    ExpectIdError("110105 9491231002X", "证件号码前17位应为数字");
}

TEST(IdNumberTest, BadBirthDate) {
    ExpectIdError(WithCheck("52010219900230123"), "证件号码出生日期无效");  // 30 Feb
    ExpectIdError(WithCheck("52010219901301123"), "证件号码出生日期无效");  // month 13
    ExpectIdError(WithCheck("52010219900000123"), "证件号码出生日期无效");  // month 0
    ExpectIdError(WithCheck("52010219900100123"), "证件号码出生日期无效");  // day 0
    ExpectIdError(WithCheck("52010219010229123"), "证件号码出生日期无效");  // 1901 not a leap year
    ExpectIdError(WithCheck("52010218991231123"), "证件号码出生日期无效");  // before 1900
    ExpectIdError(WithCheck("52010221010101123"), "证件号码出生日期无效");  // after 2100
    ExpectIdError(WithCheck("44052418800101001"), "证件号码出生日期无效");  // 1880
    EXPECT_TRUE(ValidateIdNumber(WithCheck("52010220000229123"), "id").has_value());  // 2000 is a leap year
    EXPECT_TRUE(ValidateIdNumber(WithCheck("52010219000101123"), "id").has_value());
    EXPECT_TRUE(ValidateIdNumber(WithCheck("52010221001231123"), "id").has_value());
}

TEST(IdNumberTest, Normalize) {
    EXPECT_EQ(NormalizeIdNumber("  11010519491231002x\n"), "11010519491231002X");
    EXPECT_EQ(NormalizeIdNumber("11010519491231002X"), "11010519491231002X");
    EXPECT_EQ(NormalizeIdNumber(""), "");
    EXPECT_EQ(NormalizeIdNumber("   "), "");
    // Full-width digits and ｘ from a Chinese IME, surrounded by ideographic spaces.
    EXPECT_EQ(NormalizeIdNumber("\u3000１１０１０５１９４９１２３１００２ｘ\u3000"), "11010519491231002X");
    EXPECT_EQ(NormalizeIdNumber("１１０１０５１９４９１２３１００２Ｘ"), "11010519491231002X");
    EXPECT_TRUE(ValidateIdNumber(NormalizeIdNumber(" 11010519491231002x "), "id").has_value());
    EXPECT_EQ(NormalizeIdNumber("张三"), "张三");  // left for validation to reject
}

TEST(MaskTest, IdNumber) {
    EXPECT_EQ(MaskIdNumber("520102199003071234"), "5201**********1234");
    EXPECT_EQ(MaskIdNumber("11010519491231002X"), "1101**********002X");
    EXPECT_EQ(MaskIdNumber("110105491231002"), "1101*******1002");
    EXPECT_EQ(MaskIdNumber("E1234567"), "******67");
    EXPECT_EQ(MaskIdNumber("123"), "***");
    EXPECT_EQ(MaskIdNumber(""), "");
}

TEST(MaskTest, Phone) {
    EXPECT_EQ(MaskPhone("13812345678"), "138****5678");
    EXPECT_EQ(MaskPhone(" 13812345678 "), "138****5678");
    EXPECT_EQ(MaskPhone("0851-86123456"), "085******3456");
    EXPECT_EQ(MaskPhone("86123456"), "******56");
    EXPECT_EQ(MaskPhone("12345"), "***45");
    EXPECT_EQ(MaskPhone("12"), "**");
    EXPECT_EQ(MaskPhone(""), "");
}

TEST(MaskTest, Name) {
    EXPECT_EQ(MaskName("张"), "*");
    EXPECT_EQ(MaskName("张三"), "张*");
    EXPECT_EQ(MaskName("张三丰"), "张**");
    EXPECT_EQ(MaskName("欧阳娜娜"), "欧***");
    EXPECT_EQ(MaskName("阿卜杜·热合曼"), "阿******");
    EXPECT_EQ(MaskName("Li Lei"), "L*****");
    EXPECT_EQ(MaskName(" 张三 "), "张*");
    EXPECT_EQ(MaskName(""), "");
}

TEST(MaskTest, Address) {
    EXPECT_EQ(MaskAddress("贵州省贵阳市南明区某某路88号"), "贵州省贵阳市****");
    EXPECT_EQ(MaskAddress("贵州省贵阳市"), "贵州省****");
    EXPECT_EQ(MaskAddress("某村"), "某****");
    EXPECT_EQ(MaskAddress("村"), "****");
    EXPECT_EQ(MaskAddress(""), "");
}

void ExpectPhone(std::string_view phone, bool valid) {
    auto s = ValidatePhone(phone, "contact_phone");
    EXPECT_EQ(s.has_value(), valid) << phone;
    if (!s) {
        EXPECT_EQ(s.error().code, ErrorCode::kInvalidArgument);
        EXPECT_EQ(s.error().field, "contact_phone");
        EXPECT_EQ(s.error().message, "联系电话格式不正确");
    }
}

TEST(PhoneTest, Mobile) {
    ExpectPhone("13812345678", true);
    ExpectPhone("19912345678", true);
    ExpectPhone("138-1234-5678", true);
    ExpectPhone("1381234567", false);    // 10 digits
    ExpectPhone("138123456789", false);  // 12 digits
    ExpectPhone("12812345678", false);   // no 12x mobile prefix
    ExpectPhone("10812345678", false);
}

TEST(PhoneTest, Landline) {
    ExpectPhone("0851-86123456", true);
    ExpectPhone("085186123456", true);
    ExpectPhone("010-12345678", true);
    ExpectPhone("86123456", true);
    ExpectPhone("8612345", true);
    ExpectPhone("0851-8612345", true);
    ExpectPhone("0851-86123456-123", false);  // 15 digits
    ExpectPhone("861234", false);             // 6 digits
    ExpectPhone("08518612", false);           // area code but too short
}

TEST(PhoneTest, Malformed) {
    ExpectPhone("", false);
    ExpectPhone("-", false);
    ExpectPhone("-13812345678", false);
    ExpectPhone("13812345678-", false);
    ExpectPhone("0851--86123456", false);
    ExpectPhone("0851 86123456", false);
    ExpectPhone(" 13812345678", false);
    ExpectPhone("+8613812345678", false);
    ExpectPhone("１３８１２３４５６７８", false);
    ExpectPhone("abc", false);
}

TEST(EmailTest, AcceptsPlainAddressesOnly) {
    EXPECT_TRUE(ValidateEmail("zhang.san@example.com", "email"));
    EXPECT_TRUE(ValidateEmail(" li@mail.gov.cn ", "email"));
    for (const char* bad : {"", "zhang", "@example.com", "zhang@", "zhang@example", "a@b@c.com", "a b@c.com",
                            "a@c..com", "x@y.c", "<a@b.com>", "a@b.com\r\nBcc: x@y.com", "a,b@c.com"}) {
        auto s = ValidateEmail(bad, "petitioners[0].email");
        ASSERT_FALSE(s) << bad;
        EXPECT_EQ(s.error().field, "petitioners[0].email");
    }
}

TEST(PhoneTest, MobileForSms) {
    EXPECT_TRUE(IsMobilePhone("13812345678"));
    EXPECT_TRUE(IsMobilePhone("138-1234-5678"));
    EXPECT_FALSE(IsMobilePhone("0851-12345678"));
    EXPECT_FALSE(IsMobilePhone("12812345678"));
    EXPECT_FALSE(IsMobilePhone(""));
}

}  // namespace
}  // namespace xf
