// The 禁则 and the 28-per-line grid, without fonts: a full-width character is 1 wide, ASCII 0.5, the line 28.
#include "render/linebreak.hpp"

#include <gtest/gtest.h>

#include <random>

namespace xf::render {
namespace {

constexpr double kLine = 28;

// A few ideographs to build lines from (content does not matter, only the class of each character).
std::u32string Han(size_t n) {
    static const std::u32string kPool =
        U"信访事项受理告知本机关决定予以办结书面答复情况复杂经负责人批准可以适当延长期限";
    std::u32string s;
    for (size_t i = 0; i < n; ++i) s += kPool[i % kPool.size()];
    return s;
}

std::vector<double> Advances(std::u32string_view s) {
    std::vector<double> a;
    for (char32_t c : s) a.push_back(c == 0x0301 ? 0 : c < 0x80 ? 0.5 : 1);
    return a;
}

std::vector<LineRange> Break(const std::u32string& s, double indent = 0) {
    return BreakLines(s, Advances(s), kLine, indent);
}

std::u32string LineText(const std::u32string& s, LineRange r) { return s.substr(r.begin, r.end - r.begin); }

TEST(RenderLineBreak, PureChineseFills28PerLine) {
    const std::u32string s = Han(60);
    EXPECT_EQ(Break(s), (std::vector<LineRange>{{0, 28, false}, {28, 56, false}, {56, 60, true}}));
}

TEST(RenderLineBreak, FirstLineIndentLeaves26) {
    const std::u32string s = Han(60);
    EXPECT_EQ(Break(s, 2), (std::vector<LineRange>{{0, 26, false}, {26, 54, false}, {54, 60, true}}));
}

TEST(RenderLineBreak, ExactlyFullLineIsOneLine) { EXPECT_EQ(Break(Han(28)), (std::vector<LineRange>{{0, 28, true}})); }

TEST(RenderLineBreak, EmptyParagraphIsOneEmptyLine) { EXPECT_EQ(Break(U""), (std::vector<LineRange>{{0, 0, true}})); }

// Each case: the text, and what the first line must hold. A closing mark that would start line 2 pulls the
// character before it down (推出); an opening mark that would end line 1 moves down itself.
struct KinsokuCase {
    const char* name;
    std::u32string text;
    size_t first_line_len;
    char32_t second_line_starts_with;
};

class RenderKinsoku : public ::testing::TestWithParam<KinsokuCase> {};

TEST_P(RenderKinsoku, FirstLineAndSecondLineStart) {
    const KinsokuCase& c = GetParam();
    auto lines = Break(c.text);
    ASSERT_GE(lines.size(), 2u) << c.name;
    EXPECT_EQ(lines[0].end - lines[0].begin, c.first_line_len) << c.name;
    EXPECT_EQ(c.text[lines[1].begin], c.second_line_starts_with) << c.name;
    EXPECT_FALSE(IsForbiddenLineStart(c.text[lines[1].begin])) << c.name;
    EXPECT_FALSE(IsForbiddenLineEnd(c.text[lines[0].end - 1])) << c.name;
}

INSTANTIATE_TEST_SUITE_P(
    Marks, RenderKinsoku,
    ::testing::Values(
        // 。 exactly at column 29: the 28th character goes down with it.
        KinsokuCase{"period_at_29", Han(28) + U"。" + Han(5), 27, Han(28)[27]},
        KinsokuCase{"comma_at_29", Han(28) + U"，" + Han(5), 27, Han(28)[27]},
        KinsokuCase{"enumeration_comma_at_29", Han(28) + U"、" + Han(5), 27, Han(28)[27]},
        KinsokuCase{"colon_at_29", Han(28) + U"：" + Han(5), 27, Han(28)[27]},
        KinsokuCase{"close_paren_at_29", Han(28) + U"）" + Han(5), 27, Han(28)[27]},
        KinsokuCase{"close_book_at_29", Han(28) + U"》" + Han(5), 27, Han(28)[27]},
        KinsokuCase{"close_quote_at_29", Han(28) + U"”" + Han(5), 27, Han(28)[27]},
        KinsokuCase{"close_bracket_at_29", Han(28) + U"〕" + Han(5), 27, Han(28)[27]},
        KinsokuCase{"ellipsis_at_29", Han(28) + U"……" + Han(5), 27, Han(28)[27]},
        KinsokuCase{"dash_at_29", Han(28) + U"——" + Han(5), 27, Han(28)[27]},
        KinsokuCase{"ascii_comma_at_29", Han(28) + U"," + Han(5), 27, Han(28)[27]},
        KinsokuCase{"ascii_period_at_29", Han(28) + U"." + Han(5), 27, Han(28)[27]},
        // Two marks in a row at columns 29 and 30, and at 28 and 29.
        KinsokuCase{"period_quote_at_29", Han(28) + U"。」" + Han(5), 27, Han(28)[27]},
        KinsokuCase{"period_quote_at_28", Han(27) + U"。」" + Han(5), 26, Han(27)[26]},
        KinsokuCase{"paren_period_at_28", Han(27) + U"）。" + Han(5), 26, Han(27)[26]},
        // A mark at column 28 fits; the break after it is fine.
        KinsokuCase{"period_at_28", Han(27) + U"。" + Han(5), 28, Han(5)[0]},
        // Opening marks at column 28 go to the next line.
        KinsokuCase{"open_paren_at_28", Han(27) + U"（" + Han(5), 27, U'（'},
        KinsokuCase{"open_book_at_28", Han(27) + U"《" + Han(5), 27, U'《'},
        KinsokuCase{"open_quote_at_28", Han(27) + U"“" + Han(5), 27, U'“'},
        KinsokuCase{"open_bracket_at_28", Han(27) + U"〔" + Han(5), 27, U'〔'},
        KinsokuCase{"ascii_open_paren_at_28", Han(27) + U"(" + Han(5), 27, U'('},
        // An opening mark at column 27 is followed by a character at 28: nothing moves.
        KinsokuCase{"open_paren_at_27", Han(26) + U"（" + Han(6), 28, Han(6)[1]},
        // 《 at 27, a character at 28, 》 at 29: the character cannot leave alone (《 would end line 1), so both go.
        KinsokuCase{"open_at_27_close_at_29", Han(26) + U"《" + Han(1) + U"》" + Han(3), 26, U'《'}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(RenderLineBreak, AsciiRunIsNotSplit) {
    // 25 characters, then an 18-character 信访件编号 (9 wide): the whole number moves to line 2.
    const std::u32string s = Han(25) + U"450102-2026-000015" + Han(10);
    auto lines = Break(s);
    ASSERT_EQ(lines.size(), 2u);
    EXPECT_EQ(lines[0], (LineRange{0, 25, false}));
    EXPECT_EQ(LineText(s, lines[1]).substr(0, 18), U"450102-2026-000015");
}

TEST(RenderLineBreak, YearAtLineEndStaysWhole) {
    // 2026 (2 wide) would span columns 28–29: it moves down whole, then 年 follows it.
    const std::u32string s = Han(27) + U"2026年" + Han(3);
    auto lines = Break(s);
    EXPECT_EQ(lines[0].end, 27u);
    EXPECT_EQ(LineText(s, lines[1]).substr(0, 5), U"2026年");
}

TEST(RenderLineBreak, OverLongRunIsSplitWhereItOverflows) {
    // 3 characters and 60 digits (30 wide): the run is longer than any line, so it starts on line 1.
    const std::u32string digits(60, U'7');
    const std::u32string s = Han(3) + digits;
    auto lines = Break(s);
    ASSERT_EQ(lines.size(), 2u);
    EXPECT_EQ(lines[0], (LineRange{0, 53, false}));  // 3 + 50 × 0.5 = 28
    EXPECT_EQ(lines[1], (LineRange{53, 63, true}));
}

TEST(RenderLineBreak, OverLongRunAloneFillsLines) {
    const std::u32string s(130, U'x');
    auto lines = Break(s);
    ASSERT_EQ(lines.size(), 3u);
    EXPECT_EQ(lines[0], (LineRange{0, 56, false}));
    EXPECT_EQ(lines[1], (LineRange{56, 112, false}));
    EXPECT_EQ(lines[2], (LineRange{112, 130, true}));
}

TEST(RenderLineBreak, LineOfClosingMarksStillBreaks) {
    const std::u32string s(40, U'。');
    auto lines = Break(s);
    ASSERT_EQ(lines.size(), 2u);
    EXPECT_EQ(lines[0].end, 28u);
}

TEST(RenderLineBreak, SpacesHangAndAreSkipped) {
    // Latin words: break at the space, the space is neither at the line end nor at the next line's start.
    std::u32string s;
    for (int i = 0; i < 12; ++i) s += U"word ";
    auto lines = Break(s);  // each "word " is 2.5 wide: 11 words and a space fill 27.5
    ASSERT_EQ(lines.size(), 2u);
    EXPECT_EQ(s[lines[0].end - 1], U'd');
    EXPECT_EQ(s[lines[1].begin], U'w');
    EXPECT_TRUE(lines[1].last);
}

TEST(RenderLineBreak, CombiningMarkStaysWithItsBase) {
    // e + U+0301 (zero advance) at columns 28/29: the mark is never the first unit of a line.
    const std::u32string s = Han(27) + U"e\u0301" + Han(3);
    auto lines = Break(s);
    for (const LineRange& r : lines) EXPECT_NE(s[r.begin], U'\u0301');
}

// Random paragraphs of characters, marks, short ASCII runs and spaces: every line fits, none starts with a closing
// mark or ends with an opening one, no ASCII run is split, every line but the last is as long as the rules allow, and
// 推出 costs more than a few characters only when what it pushes out is itself that long.
TEST(RenderLineBreak, RandomParagraphsKeepEveryRule) {
    const std::u32string closers = U"。，、；：？！）》」』】〕〉”’%";
    const std::u32string openers = U"（《「『【〔〈“‘";
    std::mt19937 rng(20261202);
    for (int round = 0; round < 2000; ++round) {
        std::u32string s;
        const int len = std::uniform_int_distribution<int>(1, 200)(rng);
        while (static_cast<int>(s.size()) < len) {
            switch (std::uniform_int_distribution<int>(0, 9)(rng)) {
                case 0:
                    s += closers[rng() % closers.size()];
                    break;
                case 1:
                    s += openers[rng() % openers.size()];
                    break;
                case 2:
                    s += closers[rng() % closers.size()];
                    s += closers[rng() % closers.size()];
                    break;
                case 3: {  // two draws, sequenced (the order of evaluation of function arguments is unspecified)
                    const size_t run = 1 + rng() % 12;
                    const char32_t digit = U"0123456789"[rng() % 10];
                    s += std::u32string(run, digit) + Han(1);
                    break;
                }
                case 4:
                    s += U"——";
                    break;
                default:
                    s += Han(1 + rng() % 5);
                    break;
            }
        }
        const double indent = round % 2 == 0 ? 2 : 0;
        const auto adv = Advances(s);
        const auto lines = BreakLines(s, adv, kLine, indent);
        size_t expect_begin = 0;
        for (size_t i = 0; i < lines.size(); ++i) {
            const LineRange& r = lines[i];
            SCOPED_TRACE(testing::Message() << "round " << round << " line " << i);
            ASSERT_EQ(r.begin, expect_begin);
            ASSERT_LE(r.begin, r.end);
            double w = 0;
            for (size_t k = r.begin; k < r.end; ++k) w += adv[k];
            const double avail = kLine - (i == 0 ? indent : 0);
            EXPECT_LE(w, avail + 1e-9);
            if (i > 0) {
                EXPECT_FALSE(IsForbiddenLineStart(s[r.begin]));
            }
            if (!r.last) {
                EXPECT_FALSE(IsForbiddenLineEnd(s[r.end - 1]));
                EXPECT_FALSE(s[r.end - 1] < 0x80 && s[r.end] < 0x80) << "ASCII run split";
                // The piece that starts the next line, up to the next place a line may start: the line ends short
                // only because that piece would not fit, and by more than a few characters only when the piece is
                // itself long (a paragraph may hold a long string of marks that may not start a line).
                size_t k = r.end + 1;
                auto ascii = [](char32_t c) { return c > 0x20 && c < 0x7F; };
                while (k < s.size() && (IsForbiddenLineStart(s[k]) || IsForbiddenLineEnd(s[k - 1]) ||
                                        (ascii(s[k - 1]) && ascii(s[k])))) {
                    ++k;
                }
                double piece = 0;
                for (size_t j = r.end; j < k; ++j) piece += adv[j];
                if (piece <= avail) {
                    EXPECT_GT(w + piece, avail + 1e-9) << "the next piece would have fitted";
                }
                EXPECT_TRUE(w >= avail - 12 || piece > 12)
                    << "line much too short: " << EncodeUtf8(s.substr(r.begin, r.end - r.begin)) << " | next: "
                    << EncodeUtf8(s.substr(r.end, 40));
            }
            EXPECT_EQ(r.last, i + 1 == lines.size());
            expect_begin = r.end;
        }
        EXPECT_EQ(expect_begin, s.size());
    }
}

TEST(RenderPlaceLine, JustifiesAShortenedLineToTheFullWidth) {
    const std::u32string s = Han(28) + U"。" + Han(5);
    const auto adv = Advances(s);
    const auto lines = BreakLines(s, adv, kLine);
    const auto x = PlaceLine(s, adv, lines[0], kLine);
    ASSERT_EQ(x.size(), 27u);
    EXPECT_DOUBLE_EQ(x.front(), 0);
    EXPECT_NEAR(x.back() + adv[26], kLine, 1e-9);
    const double gap = x[1] - x[0];
    EXPECT_NEAR(gap, 1 + 1.0 / 26, 1e-9);
    for (size_t k = 1; k < x.size(); ++k) EXPECT_NEAR(x[k] - x[k - 1], gap, 1e-9);
}

TEST(RenderPlaceLine, LastLineIsNotStretched) {
    const std::u32string s = Han(5);
    const auto adv = Advances(s);
    const auto x = PlaceLine(s, adv, {0, 5, true}, kLine);
    EXPECT_EQ(x, (std::vector<double>{0, 1, 2, 3, 4}));
}

TEST(RenderPlaceLine, AsciiRunIsNotStretchedInside) {
    const std::u32string s = Han(20) + U"2026" + Han(2);  // 24 wide: 4 to spread
    const auto adv = Advances(s);
    const auto x = PlaceLine(s, adv, {0, s.size(), false}, kLine);
    EXPECT_DOUBLE_EQ(x[21] - x[20], 0.5);
    EXPECT_DOUBLE_EQ(x[23] - x[22], 0.5);
    EXPECT_NEAR(x.back() + adv.back(), kLine, 1e-9);
}

TEST(RenderUtf8, InvalidBytesBecomeReplacementCharacters) {
    EXPECT_EQ(DecodeForLayout("信访"), U"信访");
    EXPECT_EQ(DecodeForLayout("a\xFF"
                              "b"),
              U"a\uFFFDb");
    EXPECT_EQ(DecodeForLayout("\xE4\xBF"), U"\uFFFD");  // truncated 信: one replacement
    EXPECT_EQ(DecodeForLayout("\xE4\xBF"
                              "a"),
              U"\uFFFDa");
    EXPECT_EQ(DecodeForLayout("\xC0\xAF"), U"\uFFFD\uFFFD");                      // overlong '/'
    EXPECT_EQ(DecodeForLayout("\xED\xA0\x80"), U"\uFFFD\uFFFD\uFFFD");            // surrogate
    EXPECT_EQ(DecodeForLayout("\xF4\x90\x80\x80"), U"\uFFFD\uFFFD\uFFFD\uFFFD");  // > U+10FFFF
    EXPECT_EQ(DecodeForLayout("a\nb\tc\x7F"), U"a b c ");
    EXPECT_EQ(DecodeForLayout("\xF0\x9F\x98\x80"), U"\U0001F600");
    EXPECT_EQ(EncodeUtf8(U"信访\U0001F600a"),
              "信访\xF0\x9F\x98\x80"
              "a");
}

}  // namespace
}  // namespace xf::render
