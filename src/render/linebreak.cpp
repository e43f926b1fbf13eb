#include "render/linebreak.hpp"

#include "base/text.hpp"

#include <algorithm>

namespace xf::render {
namespace {

// Widths are in points; a line of 28 grid cells must fit a 28-cell box despite rounding.
constexpr double kEpsilon = 1e-6;

bool IsSpace(char32_t cp) { return cp == U' '; }

// ASCII letters, digits and their punctuation form runs that are not broken (numbers, 文号 parts, codes).
bool IsAsciiGraphic(char32_t cp) { return cp > 0x20 && cp < 0x7F; }

class Breaker {
  public:
    Breaker(std::u32string_view text, std::span<const double> adv) : text_(text), adv_(adv) {}

    bool Glue(size_t i) const { return adv_[i] <= 0 && !IsSpace(text_[i]); }

    // May a line start at unit b (0 < b < size)?
    bool Allowed(size_t b) const {
        char32_t cur = text_[b], prev = text_[b - 1];
        if (Glue(b) || IsSpace(cur) || IsForbiddenLineStart(cur) || IsForbiddenLineEnd(prev)) return false;
        return !(IsAsciiGraphic(prev) && IsAsciiGraphic(cur));
    }

    size_t RunEnd(size_t b) const {
        while (b < text_.size() && IsAsciiGraphic(text_[b])) ++b;
        return b;
    }

    double Width(size_t from, size_t to) const {
        double w = 0;
        for (size_t k = from; k < to; ++k) w += adv_[k];
        return w;
    }

    // A split inside a piece that cannot be kept whole (an over-long ASCII run, a line of closing marks): at the
    // overflow, or a little earlier if that keeps a closing mark off the line start; never inside a cluster.
    size_t ForcedSplit(size_t lo, size_t i) const {
        for (size_t k = i; k > lo && k + 8 > i; --k)
            if (!Glue(k) && !IsForbiddenLineStart(text_[k]) && !IsForbiddenLineEnd(text_[k - 1])) return k;
        size_t b = i;
        while (b > lo && Glue(b)) --b;
        if (b == lo) {
            b = i;
            while (b < text_.size() && Glue(b)) ++b;
        }
        return b;
    }

  private:
    std::u32string_view text_;
    std::span<const double> adv_;
};

}  // namespace

// GB/T 15834 punctuation and its ASCII counterparts; the full-width forms of ］｝％ and ．, 〗〙〛, ‰ and ℃ too.
constexpr std::u32string_view kNoLineStart = U"。，、；：？！）》」』】〕〉〗〙〛］｝”’…—―％·・．‰℃,.;:?!)]}%";
constexpr std::u32string_view kNoLineEnd = U"（《「『【〔〈〖〘〚［｛“‘([{";

bool IsForbiddenLineStart(char32_t cp) { return kNoLineStart.find(cp) != std::u32string_view::npos; }
bool IsForbiddenLineEnd(char32_t cp) { return kNoLineEnd.find(cp) != std::u32string_view::npos; }

std::vector<LineRange> BreakLines(std::u32string_view text, std::span<const double> advances, double max_width,
                                  double first_line_indent) {
    const size_t n = std::min(text.size(), advances.size());
    text = text.substr(0, n);
    advances = advances.first(n);
    Breaker br(text, advances);
    std::vector<LineRange> lines;
    size_t pos = 0;
    bool first = true;
    while (pos < n) {
        const double avail = max_width - (first ? first_line_indent : 0);
        double width = 0;
        size_t i = pos;
        while (i < n) {
            // The first unit is always taken; spaces may hang past the margin.
            if (i > pos && !IsSpace(text[i]) && width + advances[i] > avail + kEpsilon) break;
            width += advances[i];
            ++i;
        }
        size_t next;
        if (i == n) {
            next = n;
        } else {
            size_t b = i;
            while (b > pos && !br.Allowed(b)) --b;
            if (b == pos) {
                next = br.ForcedSplit(pos, i);
            } else if (IsAsciiGraphic(text[b]) && br.RunEnd(b) > i && br.Width(b, br.RunEnd(b)) > max_width) {
                // A run longer than any line is split anyway: split it here rather than leave a short line.
                next = br.ForcedSplit(b, i);
            } else {
                next = b;
            }
        }
        size_t end = next;
        while (end > pos && IsSpace(text[end - 1])) --end;
        size_t following = next;
        while (following < n && IsSpace(text[following])) ++following;
        lines.push_back({pos, end, following >= n});
        pos = following;
        first = false;
    }
    if (lines.empty()) lines.push_back({0, 0, true});
    return lines;
}

std::vector<double> PlaceLine(std::u32string_view text, std::span<const double> advances, LineRange line,
                              double width) {
    std::vector<double> x;
    if (line.end <= line.begin || line.end > text.size() || line.end > advances.size()) return x;
    x.reserve(line.end - line.begin);
    double natural = 0;
    for (size_t k = line.begin; k < line.end; ++k) natural += advances[k];
    double slack = width - natural;
    // Gaps that may stretch: before unit k (k > begin). Prefer gaps outside ASCII runs.
    auto stretchable = [&](size_t k, bool inside_runs) {
        if (advances[k] <= 0 && !IsSpace(text[k])) return false;
        return inside_runs || !(IsAsciiGraphic(text[k - 1]) && IsAsciiGraphic(text[k]));
    };
    size_t gaps = 0;
    bool inside_runs = false;
    if (!line.last && slack > kEpsilon) {
        for (size_t k = line.begin + 1; k < line.end; ++k) gaps += stretchable(k, false);
        if (gaps == 0) {
            inside_runs = true;
            for (size_t k = line.begin + 1; k < line.end; ++k) gaps += stretchable(k, true);
        }
    }
    const double extra = gaps > 0 ? slack / static_cast<double>(gaps) : 0;
    double pen = 0;
    for (size_t k = line.begin; k < line.end; ++k) {
        if (k > line.begin && gaps > 0 && stretchable(k, inside_runs)) pen += extra;
        x.push_back(pen);
        pen += advances[k];
    }
    return x;
}

std::u32string DecodeForLayout(std::string_view s) {
    std::u32string out;
    out.reserve(s.size());
    const auto* p = reinterpret_cast<const unsigned char*>(s.data());
    size_t i = 0;
    while (i < s.size()) {
        const unsigned char c = p[i];
        char32_t cp = c;
        size_t len = 1;
        if (c >= 0x80) {
            // Unicode's "maximal subpart" rule: an ill-formed sequence becomes one U+FFFD per maximal prefix of a
            // well-formed sequence (so a truncated character is one replacement, a stray byte another).
            size_t need = 0;
            unsigned char lo = 0x80, hi = 0xBF;  // allowed range of the second byte (no overlongs, surrogates)
            if (c >= 0xC2 && c <= 0xDF) {
                need = 1;
                cp = c & 0x1F;
            } else if (c >= 0xE0 && c <= 0xEF) {
                need = 2;
                cp = c & 0x0F;
                lo = c == 0xE0 ? 0xA0 : 0x80;
                hi = c == 0xED ? 0x9F : 0xBF;
            } else if (c >= 0xF0 && c <= 0xF4) {
                need = 3;
                cp = c & 0x07;
                lo = c == 0xF0 ? 0x90 : 0x80;
                hi = c == 0xF4 ? 0x8F : 0xBF;
            }
            size_t k = 1;
            for (; k <= need && i + k < s.size(); ++k) {
                const unsigned char b = p[i + k];
                if (b < (k == 1 ? lo : 0x80) || b > (k == 1 ? hi : 0xBF)) break;
                cp = (cp << 6) | (b & 0x3F);
            }
            len = k;
            if (need == 0 || k != need + 1) cp = 0xFFFD;
        }
        if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0) || cp == 0x2028 || cp == 0x2029) cp = U' ';
        out.push_back(cp);
        i += len;
    }
    return out;
}

std::string EncodeUtf8(std::u32string_view text) {
    std::string out;
    out.reserve(text.size() * 3);
    for (char32_t cp : text) AppendUtf8(out, cp);
    return out;
}

}  // namespace xf::render
