#include "domain/user.hpp"

#include <gtest/gtest.h>

namespace xf {
namespace {

TEST(PasswordPolicyTest, LongPassphrasesOrMixedShorterPasswordsPass) {
    for (std::string_view ok : {"correct-horse-battery", "xinfang-demo-2026", "pw-12345678", "Qx7#kLm2",
                                "一二三四五六七八九十十一十二"})
        EXPECT_TRUE(CheckPasswordPolicy(ok, "reg")) << ok;
}

TEST(PasswordPolicyTest, ShortSimpleLongAndCommonPasswordsAreRefused) {
    struct Case {
        std::string_view password, login, why;
    };
    for (const Case& c : std::initializer_list<Case>{{"Ab1!xyz", "u", "至少12位"},
                                                     {"abcdefgh12", "u", "三类"},
                                                     {"ABCDEFGHIJK", "u", "三类"},
                                                     {"zhangsan-2026-pass", "ZhangSan", "登录名"},
                                                     {"P@ssw0rd", "u", "常见"},
                                                     {"password1234", "u", "常见"}}) {
        auto s = CheckPasswordPolicy(c.password, c.login);
        ASSERT_FALSE(s) << c.password;
        EXPECT_EQ(s.error().field, "password");
        EXPECT_NE(s.error().message.find(c.why), std::string::npos) << c.password << ": " << s.error().message;
    }
    EXPECT_FALSE(CheckPasswordPolicy(std::string(129, 'a') + "B1", "u"));
    EXPECT_EQ(CheckPasswordPolicy("short", "u", "new_password").error().field, "new_password");
}

}  // namespace
}  // namespace xf
