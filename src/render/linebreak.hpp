// Line breaking for Chinese official documents (GB/T 9704-2012): greedy filling with the 禁则 — no closing mark at
// a line start, no opening mark at a line end, ASCII runs (2026, 450102-2026-000015) kept whole — resolved by 推出
// (the previous character moves down with the mark). Pure: code points and advances in, line ranges out, so the
// rules are tested without fonts; the PDF renderer supplies advances measured by Pango.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace xf::render {

// Units [begin, end) of the text; trailing spaces are left out of `end` (they hang invisibly), and leading spaces
// of a continuation line are skipped. `last` is true for a paragraph's last line, which is not justified.
struct LineRange {
    size_t begin = 0;
    size_t end = 0;
    bool last = false;
    friend bool operator==(const LineRange&, const LineRange&) = default;
};

bool IsForbiddenLineStart(char32_t cp);  // 。，、；：？！）》」』】〕〉”’…—%· , . ; : ? ! ) ] } % …
bool IsForbiddenLineEnd(char32_t cp);  // （《「『【〔〈“‘ ( [ { …

// Breaks one paragraph. advances[i] is the width of text[i] (a zero advance marks a code point that belongs to the
// previous one's cluster, e.g. a combining mark: no break before it). The first line starts after
// `first_line_indent`. Every line but the last fits `max_width` unless a single unbreakable piece is wider (then
// it is split where it overflows). An empty text gives one empty line.
std::vector<LineRange> BreakLines(std::u32string_view text, std::span<const double> advances, double max_width,
                                  double first_line_indent = 0);

// The x offset of each unit of `line` from the line's start. Lines other than the last are justified to `width`:
// the slack is spread over the gaps between characters (not inside an ASCII run unless there is no other gap).
std::vector<double> PlaceLine(std::u32string_view text, std::span<const double> advances, LineRange line, double width);

// UTF-8 → code points for layout: each invalid byte becomes U+FFFD, control characters, line and paragraph
// separators become a space (a paragraph is one block of text).
std::u32string DecodeForLayout(std::string_view utf8);
std::string EncodeUtf8(std::u32string_view text);

}  // namespace xf::render
