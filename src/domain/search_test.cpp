#include "domain/search.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <random>

#include "base/text.hpp"
#include "domain/repeat.hpp"

namespace xf::search {
namespace {

struct Tok {
    std::string text;
    int pos;
    size_t begin, end;
};
std::vector<Tok> Doc(std::string_view text) {
    std::vector<Tok> out;
    int pos = -1;
    ForEachDocumentToken(text, [&](std::string_view t, size_t b, size_t e, TokenPlace place) {
        if (place == TokenPlace::kNext) ++pos;
        out.push_back({std::string(t), pos, b, e});
    });
    return out;
}
std::vector<std::string> Texts(const std::vector<Tok>& toks) {
    std::vector<std::string> out;
    for (const auto& t : toks) out.push_back(t.text);
    return out;
}

// A brute-force phrase matcher over the document tokens: does `tokens` occur at consecutive positions?
bool PhraseMatches(const std::vector<Tok>& doc, const std::vector<std::string>& tokens) {
    std::multimap<std::string, int> at;
    for (const auto& t : doc) at.emplace(t.text, t.pos);
    if (tokens.empty()) return false;
    auto [b, e] = at.equal_range(tokens[0]);
    for (auto it = b; it != e; ++it) {
        bool ok = true;
        for (size_t k = 1; k < tokens.size() && ok; ++k) {
            auto [b2, e2] = at.equal_range(tokens[k]);
            ok = std::any_of(b2, e2, [&](const auto& kv) { return kv.second == it->second + static_cast<int>(k); });
        }
        if (ok) return true;
    }
    return false;
}
bool Matches(std::string_view doc, std::string_view query) {
    auto q = ParseQuery(query);
    EXPECT_TRUE(q.has_value()) << query;
    if (!q) return false;
    auto toks = Doc(doc);
    for (const auto& t : q->terms)
        if (!PhraseMatches(toks, t.tokens)) return false;
    return true;
}

TEST(Fold, FullWidthTraditionalAndCase) {
    EXPECT_EQ(Fold("ＡＢＣ１２３"), "abc123");
    EXPECT_EQ(Fold("拆遷補償"), "拆迁补偿");
    EXPECT_EQ(Fold("工資　HELLO"), "工资 hello");
    EXPECT_EQ(Fold("ÉCOLE"), "école");
}

// Found by tests/fuzz/search_query_fuzz: the decoder took a UTF-8-encoded surrogate (ED AB 9B), overlong forms
// and values above U+10FFFF as characters, so Fold returned invalid UTF-8 (which PostgreSQL would refuse to store).
TEST(Fold, InvalidSequencesBecomeReplacementCharacters) {
    const std::string r = "\xEF\xBF\xBD";  // U+FFFD
    EXPECT_EQ(Fold("\xED\xAB\x9B"), r + r + r);           // surrogate U+DADB
    EXPECT_EQ(Fold("a\xC0\xAF" "b"), "a" + r + r + "b");   // overlong '/'
    EXPECT_EQ(Fold("\xE0\x80\x80"), r + r + r);           // overlong NUL
    EXPECT_EQ(Fold("\xF4\x90\x80\x80"), r + r + r + r);  // above U+10FFFF
    EXPECT_EQ(Fold("\xB6\xED\xAB\x9B"), r + r + r + r);  // the fuzzer's input
    EXPECT_EQ(Fold("\xF0\x9F\x98\x80工資"), "\xF0\x9F\x98\x80工资");  // valid 4-byte sequences are kept
    EXPECT_TRUE(xf::IsValidUtf8(Fold("\xED\xA0\x80\xED\xB0\x80")));     // CESU-8 pair
}

TEST(Tokenizer, CjkBigramsWithColocatedCharacters) {
    auto toks = Doc("拆迁补偿");
    EXPECT_EQ(Texts(toks), (std::vector<std::string>{"拆迁", "拆", "迁补", "迁", "补偿", "补", "偿"}));
    EXPECT_EQ(toks[0].pos, 0);
    EXPECT_EQ(toks[1].pos, 0);
    EXPECT_EQ(toks[6].pos, 3);
    EXPECT_EQ(toks[0].begin, 0u);
    EXPECT_EQ(toks[0].end, 6u);  // two 3-byte characters
}

TEST(Tokenizer, WordsAndSeparators) {
    auto toks = Doc("3号楼，ABC-12 单元");
    EXPECT_EQ(Texts(toks), (std::vector<std::string>{"3", "号楼", "号", "楼", "abc", "12", "单元", "单", "元"}));
    EXPECT_EQ(toks[1].pos, 1);
    EXPECT_EQ(toks[4].pos, 3);
    EXPECT_TRUE(Doc("，。！？ ").empty());
}

TEST(Tokenizer, LongWordsAreCut) {
    std::string w(300, 'a');
    auto toks = Doc(w);
    ASSERT_EQ(toks.size(), 1u);
    EXPECT_EQ(toks[0].text.size(), kMaxWordBytes);
}

TEST(Query, TermsAndTokens) {
    auto q = ParseQuery("工资  拆遷补偿，3号楼 号楼3 工资");
    ASSERT_TRUE(q.has_value());
    ASSERT_EQ(q->terms.size(), 4u);  // duplicates dropped
    EXPECT_EQ(q->terms[0].tokens, (std::vector<std::string>{"工资"}));
    EXPECT_EQ(q->terms[1].text, "拆迁补偿");
    EXPECT_EQ(q->terms[1].tokens, (std::vector<std::string>{"拆迁", "迁补", "补偿"}));
    EXPECT_EQ(q->terms[2].tokens, (std::vector<std::string>{"3", "号楼"}));
    EXPECT_EQ(q->terms[3].tokens, (std::vector<std::string>{"号楼", "楼", "3"}));
    EXPECT_EQ(ParseQuery("资")->terms[0].tokens, (std::vector<std::string>{"资"}));
}

TEST(Query, CjkCharacterTokens) {
    EXPECT_TRUE(IsCjkCharacterToken("资"));
    EXPECT_TRUE(IsCjkCharacterToken("〇"));
    EXPECT_TRUE(IsCjkCharacterToken("の"));
    EXPECT_FALSE(IsCjkCharacterToken("工资"));  // a bigram
    EXPECT_FALSE(IsCjkCharacterToken("a"));     // a word
    EXPECT_FALSE(IsCjkCharacterToken("é"));
    EXPECT_FALSE(IsCjkCharacterToken(""));
}

TEST(Query, RejectsEmptyLongAndTooMany) {
    for (const char* bad : {"", "   ", "，。！", "\xff\xfe"}) {
        auto q = ParseQuery(bad);
        ASSERT_FALSE(q.has_value()) << bad;
        EXPECT_EQ(q.error().field, "q");
    }
    EXPECT_FALSE(ParseQuery(std::string(10000, 'a')).has_value());
    std::string many;
    for (int i = 0; i < 17; ++i) many += "t" + std::to_string(i) + " ";
    auto q = ParseQuery(many);
    ASSERT_FALSE(q.has_value());
    EXPECT_EQ(q.error().message, "检索词过多（最多16个）");
    std::string two_hundred;
    for (int i = 0; i < 200; ++i) two_hundred += "工";
    EXPECT_TRUE(ParseQuery(two_hundred).has_value());
    EXPECT_FALSE(ParseQuery(two_hundred + "工").has_value());
}

TEST(Query, OneToFourCharacterAndMixedTermsMatch) {
    const std::string doc = "反映某公司拖欠农民工工资共计3万元，涉及拆遷补偿款和3号楼漏水。Email: ABC@example.com";
    for (const char* q : {"工", "工资", "农民工", "拖欠农民", "拆迁", "拆遷補償", "补偿款", "3号楼", "号楼", "3万元",
                          "abc", "EXAMPLE", "工资 拆迁", "ｅｍａｉｌ", "漏水。"})
        EXPECT_TRUE(Matches(doc, q)) << q;
    for (const char* q : {"工钱", "资共计4万", "迁拆", "低保", "拆迁 低保", "abcd", "楼漏水了"})
        EXPECT_FALSE(Matches(doc, q)) << q;
}

// Recall against a brute-force substring scan: every random substring of a random corpus is found by the
// tokens (a phrase query finds exactly the documents that contain the folded term).
TEST(Query, AgreesWithSubstringScanOnRandomCorpus) {
    const std::u32string alphabet = U"工资拆迁补偿低保征地农民房屋款";
    std::mt19937 rng(7);
    auto rand_text = [&](int n) {
        std::string s;
        for (int i = 0; i < n; ++i) {
            char32_t c = alphabet[rng() % alphabet.size()];
            std::u32string one(1, c);
            std::string u;
            for (char32_t x : one) {
                if (x < 0x80) u += static_cast<char>(x);
                else {
                    u += static_cast<char>(0xE0 | (x >> 12));
                    u += static_cast<char>(0x80 | ((x >> 6) & 0x3F));
                    u += static_cast<char>(0x80 | (x & 0x3F));
                }
            }
            s += u;
            if (rng() % 9 == 0) s += "，";
        }
        return s;
    };
    std::vector<std::string> docs;
    for (int i = 0; i < 200; ++i) docs.push_back(rand_text(20 + static_cast<int>(rng() % 40)));
    int checked = 0, found = 0;
    for (int i = 0; i < 300; ++i) {
        std::string q = rand_text(1 + static_cast<int>(rng() % 4));
        auto parsed = ParseQuery(q);
        if (!parsed || parsed->terms.size() != 1) continue;
        std::u32string needle = IndexedChars(parsed->terms[0].text);
        for (const auto& d : docs) {
            // Brute force: the folded term occurs inside one comma-separated piece of the document.
            bool scan = false;
            size_t from = 0;
            while (true) {
                size_t comma = d.find("，", from);
                std::string piece = d.substr(from, comma == std::string::npos ? std::string::npos : comma - from);
                if (IndexedChars(piece).find(needle) != std::u32string::npos) scan = true;
                if (comma == std::string::npos) break;
                from = comma + std::string_view("，").size();
            }
            bool tokens = Matches(d, q);
            ++checked;
            found += scan;
            // Tokens find every true occurrence; across a comma they may also match (positions run on).
            if (scan) { EXPECT_TRUE(tokens) << d << " / " << q; }
        }
    }
    EXPECT_GT(checked, 10000);
    EXPECT_GT(found, 1000);
}

TEST(Snippet, HighlightsEveryOccurrenceAroundTheFirst) {
    auto q = ParseQuery("工资").value();
    std::string text = std::string(60, 'x') + "拖欠工资，工資至今未付";
    auto parts = Snippet(text, q, 20);
    ASSERT_GE(parts.size(), 4u);
    EXPECT_EQ(parts.front().text.substr(0, 3), "…");
    int hits = 0;
    for (const auto& p : parts) hits += p.hit;
    EXPECT_EQ(hits, 2);
    for (const auto& p : parts)
        if (p.hit) { EXPECT_TRUE(p.text == "工资" || p.text == "工資") << p.text; }
    auto none = Snippet("没有命中的一段话", q, 4);
    ASSERT_EQ(none.size(), 1u);
    EXPECT_EQ(none[0].text, "没有命中…");
    EXPECT_FALSE(none[0].hit);
}

TEST(Signature, ChangesWithIndexedTextOnly) {
    Petition p;
    p.title = "拖欠工资";
    p.content = "内容";
    p.region_code = "520102";
    auto s1 = IndexSignature(p);
    p.state = State::kAccepted;
    EXPECT_EQ(IndexSignature(p), s1);
    p.content = "内容2";
    EXPECT_NE(IndexSignature(p), s1);
    EXPECT_EQ(s1.size(), 16u);
}

}  // namespace
}  // namespace xf::search

namespace xf::repeat {
namespace {

Petition Case(int64_t id, std::string region, std::string title, std::string content) {
    Petition p;
    p.id = id;
    p.region_code = std::move(region);
    p.title = std::move(title);
    p.content = std::move(content);
    return p;
}

TEST(Repeat, SameIdNumberOrContactComesFirst) {
    Petition draft = Case(0, "520102", "反映拖欠工资", "某公司拖欠工资三个月。");
    draft.petitioners.push_back({.name = "张三", .id_number_index = "idx1"});
    Petition same_id = Case(5, "530000", "别的事", "完全不同的内容");
    same_id.petitioners.push_back({.name = "张三", .id_number_index = "idx1"});
    Petition same_contact = Case(6, "520102", "别的事", "完全不同的内容");
    same_contact.petitioners.push_back({.name = "张三", .contact_index = "c1"});
    draft.petitioners[0].contact_index = "c1";
    Petition similar = Case(7, "520102", "反映拖欠工资", "某公司拖欠工资三个月了。");
    Petition similar_elsewhere = Case(8, "530102", "反映拖欠工资", "某公司拖欠工资三个月。");
    Petition other = Case(9, "520102", "道路维修", "村道损坏严重");
    auto out = RankCandidates(draft, {other, similar, similar_elsewhere, same_contact, same_id});
    ASSERT_EQ(out.size(), 3u);
    EXPECT_EQ(out[0].petition_id, 5);
    EXPECT_EQ(out[0].reason, Reason::kSameIdNumber);
    EXPECT_EQ(out[1].reason, Reason::kSameContact);
    EXPECT_EQ(out[2].petition_id, 7);
    EXPECT_GT(out[2].similarity, 0.7);
}

TEST(Repeat, KeysOfNearDuplicatesCollide) {
    Petition a = Case(1, "520102001", "反映某小区拆迁补偿款未按协议发放的问题",
                      "我们是青山县某小区的居民，二〇二四年房屋被征收，签订补偿协议约定半年内发放补偿款，至今仍未发放，"
                      "多次到街道反映无果，请求督促有关部门尽快兑现。");
    Petition b = a;
    b.content = "我们是青山县某小区居民，2024年房屋被征收，签了补偿协议约定半年内发放补偿款，至今仍未发放，"
                "多次到街道反映无果，请求督促有关部门尽快兑现！";
    auto ka = MatchKeys(a), kb = MatchKeys(b);
    EXPECT_EQ(ka.size(), static_cast<size_t>(kBands));
    int shared = 0;
    for (auto k : ka) shared += std::ranges::count(kb, k);
    EXPECT_GT(shared, 0);
    EXPECT_GT(TextSimilarity(a.title + "\n" + a.content, b.title + "\n" + b.content), 0.6);
    Petition c = Case(2, "520102", "道路维修", "村道损坏严重，雨天无法通行，请求维修。村道损坏严重。");
    for (auto k : MatchKeys(c)) EXPECT_EQ(std::ranges::count(ka, k), 0);
    Petition d = a;
    d.region_code = "530102";  // another county: text keys differ
    for (auto k : MatchKeys(d)) EXPECT_EQ(std::ranges::count(ka, k), 0);
}

}  // namespace
}  // namespace xf::repeat
