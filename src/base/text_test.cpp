#include "base/text.hpp"

#include <gtest/gtest.h>

namespace xf {
namespace {

TEST(TextTest, Utf8Validation) {
    EXPECT_TRUE(IsValidUtf8("拖欠工资 abc"));
    EXPECT_TRUE(IsValidUtf8(""));
    EXPECT_FALSE(IsValidUtf8("\xff"));
    EXPECT_FALSE(IsValidUtf8("\xe6\x8b"));          // truncated 3-byte sequence
    EXPECT_FALSE(IsValidUtf8("\xc0\xaf"));          // overlong '/'
    EXPECT_FALSE(IsValidUtf8("\xed\xa0\x80"));      // surrogate
    EXPECT_TRUE(IsValidUtf8("\xf0\x9f\x98\x80"));   // emoji
}

TEST(TextTest, Utf8LengthAndPrefix) {
    EXPECT_EQ(Utf8Length("拖欠工资"), 4u);
    EXPECT_EQ(Utf8Prefix("拖欠工资", 2), "拖欠");
    EXPECT_EQ(Utf8Prefix("ab", 5), "ab");
}

TEST(TextTest, SplitTrimJoin) {
    auto parts = Split("a\tb\t", '\t');
    ASSERT_EQ(parts.size(), 3u);
    EXPECT_EQ(parts[2], "");
    EXPECT_EQ(Trim("  x \r\n"), "x");
    EXPECT_EQ(Join({"a", "b"}, ","), "a,b");
}

}  // namespace
}  // namespace xf
