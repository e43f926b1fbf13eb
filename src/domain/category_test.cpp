#include "domain/category.hpp"

#include <gtest/gtest.h>

#include "domain/testing/shipped_data.hpp"

namespace xf {
namespace {

TEST(CategoryTable, ParsesTheShippedTable) {
    auto t = CategoryTable::ParseTsv(testing::ReadSourceFile("config/categories.tsv"), "categories.tsv");
    ASSERT_TRUE(t) << t.error().message;
    ASSERT_NE(t->Find("0402"), nullptr);
    EXPECT_EQ(t->Find("0402")->name, "拖欠农民工工资");
    EXPECT_EQ(t->Path("0402"), "劳动和社会保障 / 拖欠农民工工资");
    EXPECT_EQ(t->Path("04"), "劳动和社会保障");
    EXPECT_EQ(t->Find("9999"), nullptr);
}

TEST(CategoryTable, FindsByNamePreferringTheSecondLevel) {
    auto t = CategoryTable::ParseTsv("code\tparent\tname\n01\t\t农村\n0101\t01\t土地\n02\t\t土地\n", "t");
    ASSERT_TRUE(t);
    EXPECT_EQ(t->FindByCodeOrName("土地")->code, "0101");
    EXPECT_EQ(t->FindByCodeOrName("农村")->code, "01");
    EXPECT_EQ(t->FindByCodeOrName("02")->code, "02");
    EXPECT_EQ(t->FindByCodeOrName("海洋"), nullptr);
}

TEST(CategoryTable, RejectsBadRowsNamingTheLine) {
    struct Case {
        const char* text;
        const char* field;
    } cases[] = {
        {"code\tparent\tname\n01\t\n", "t line 2"},               // too few columns
        {"code\tparent\tname\n0101\t01\t土地\n", "t line 2"},      // parent not defined first
        {"code\tparent\tname\n01\t\tA\n01\t\tB\n", "t line 3"},    // duplicate code
        {"code\tparent\tname\n01\t\t\n", "t line 2"},              // empty name
        {"# only a comment\n", "t"},                               // empty table
    };
    for (const auto& c : cases) {
        auto t = CategoryTable::ParseTsv(c.text, "t");
        ASSERT_FALSE(t) << c.text;
        EXPECT_EQ(t.error().code, ErrorCode::kInvalidArgument);
        EXPECT_EQ(t.error().field, c.field) << c.text;
    }
}

}  // namespace
}  // namespace xf
