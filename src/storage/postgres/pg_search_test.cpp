// pg_search: the tsvector and tsquery literals of the search index, written out by hand for small texts.
#include "storage/postgres/pg_search.hpp"

#include <gtest/gtest.h>

#include <string>

namespace xf::storage {
namespace {

search::IndexedText Text(std::string title, std::string people, std::string body) {
    return search::IndexedText{std::move(title), std::move(body), std::move(people)};
}

search::Query Parse(std::string_view q) {
    auto r = search::ParseQuery(q);
    EXPECT_TRUE(r.has_value()) << q;
    return r ? *r : search::Query{};
}

struct VectorCase {
    const char* what;
    search::IndexedText text;
    const char* want;
};

TEST(TsVectorText, TokensPositionsWeights) {
    // Lexemes in byte order (工 U+5DE5 < 张 U+5F20 < 拖 U+62D6 < 李 U+674E < 欠 U+6B20 < 资 U+8D44).
    const VectorCase cases[] = {
        {"bigrams, the last character alone (the colocated characters are left out)", Text("拖欠工资", "", ""),
         "'工资':3A '拖欠':1A '欠工':2A '资':4A"},
        {"title A, people B 2 after the title, body unweighted (D) 2 after the people",
         Text("工资", "张三", "工资 abc"), "'abc':9 '三':5B '工资':1A,7 '张三':4B '资':2A,8"},
        {"a field without tokens leaves no gap", Text("，。", "李四", ""), "'四':2B '李四':1B"},
        {"separators take no position; words are lower-cased", Text("", "", "ABC, 工资！x1"),
         "'abc':1 'x1':4 '工资':2 '资':3"},
        {"full-width and traditional forms are folded", Text("工資ＡＢ", "", ""), "'ab':3A '工资':1A '资':2A"},
        {"a one-character run is kept", Text("", "", "a资b 资"), "'a':1 'b':3 '资':2,4"},
        {"nothing to index", Text("", "", " ，"), ""},
    };
    for (const auto& c : cases) EXPECT_EQ(TsVectorText(c.text), c.want) << c.what;
}

TEST(TsVectorText, PositionsAboveTheServerLimitAreCapped) {
    std::string body;
    for (int i = 1; i <= kMaxTsPosition + 5; ++i) body += "w" + std::to_string(i) + " ";
    const std::string v = TsVectorText(Text("", "", body));
    EXPECT_NE(v.find("'w1':1 "), std::string::npos);
    EXPECT_NE(v.find("'w16382':16382 "), std::string::npos);
    EXPECT_NE(v.find("'w16383':16383 "), std::string::npos);
    EXPECT_NE(v.find("'w16388':16383"), std::string::npos);
}

TEST(TsVectorText, ARepeatedCappedLexemeIsWrittenOnce) {
    std::string body;
    for (int i = 0; i < kMaxTsPosition + 3; ++i) body += "a ";
    const std::string v = TsVectorText(Text("", "", body));
    EXPECT_TRUE(v.ends_with(",16382,16383")) << v.substr(v.size() - 40);
    EXPECT_EQ(v.find("16383,16383"), std::string::npos);
}

TEST(TsQueryText, PhrasesJoinedByAnd) {
    const struct {
        const char* query;
        const char* want;
    } cases[] = {
        {"工资", "'工资'"},
        {"资", "'资':*"},
        {"拖欠工资", "('拖欠' <-> '欠工' <-> '工资')"},
        {"拖欠工资 ABC", "('拖欠' <-> '欠工' <-> '工资') & 'abc'"},
        {"工资abc", "('工资' <-> '资':* <-> 'abc')"},
        {"a资", "('a' <-> '资':*)"},
        {"工資，張三", "'工资' & '张三'"},
    };
    for (const auto& c : cases) EXPECT_EQ(TsQueryText(Parse(c.query)), c.want) << c.query;
}

TEST(TsQueryText, LexemesAreQuotedAndEscaped) {
    search::Query q;
    q.terms.push_back(search::Term{"x", {"it's", "a\\b"}});
    q.terms.push_back(search::Term{"empty", {}});
    EXPECT_EQ(TsQueryText(q), "('it''s' <-> 'a\\\\b')");
    EXPECT_EQ(TsQueryText(search::Query{}), "");
}

TEST(TsQueryTokens, EachTokenOnceAsItsOwnQuery) {
    auto joined = [](const search::Query& q) {
        std::string out;
        for (const auto& t : TsQueryTokens(q)) out += t.tsquery + (t.prefix ? "(p) " : " ");
        return out;
    };
    EXPECT_EQ(joined(Parse("工资")), "'工资' ");
    EXPECT_EQ(joined(Parse("资")), "'资':*(p) ");
    EXPECT_EQ(joined(Parse("拖欠工资 工资abc")), "'拖欠' '欠工' '工资' '资':*(p) 'abc' ");
    EXPECT_TRUE(TsQueryTokens(search::Query{}).empty());
    search::Query q;
    q.terms.push_back(search::Term{"x", {"it's"}});
    ASSERT_EQ(TsQueryTokens(q).size(), 1u);
    EXPECT_EQ(TsQueryTokens(q)[0].tsquery, "'it''s'");
    EXPECT_EQ(TsQueryTokens(q)[0].token, "it's");
}

TEST(TsVectorText, LexemesAreQuotedAndEscaped) {
    // Tokens never hold quotes or backslashes (they are separators), so nothing to escape reaches a tsvector.
    EXPECT_EQ(TsVectorText(Text("it's a\\b", "", "")), "'a':3A 'b':4A 'it':1A 's':2A");
}

}  // namespace
}  // namespace xf::storage
