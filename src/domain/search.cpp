#include "domain/search.hpp"

#include <algorithm>
#include <array>
#include <utility>

#include "base/text.hpp"

namespace xf::search {
namespace {

struct Pair {
    char32_t from, to;
};
constexpr Pair kT2S[] = {
#include "domain/t2s_table.inc"
};
static_assert(std::ranges::is_sorted(kT2S, {}, &Pair::from));

// The same table as a flat array over the range it covers (every character there maps to itself or to its
// simplified form): one load per character instead of a binary search, which was 4 % of an import (issue #10).
constexpr char32_t kT2SFirst = 0x3400, kT2SLast = 0xFAFF;
static_assert(std::ranges::all_of(kT2S, [](const Pair& p) { return p.from >= kT2SFirst && p.from <= kT2SLast; }));
constexpr auto kT2SFlat = [] {
    std::array<char32_t, kT2SLast - kT2SFirst + 1> flat{};
    for (char32_t c = kT2SFirst; c <= kT2SLast; ++c) flat[c - kT2SFirst] = c;
    for (const Pair& p : kT2S) flat[p.from - kT2SFirst] = p.to;
    return flat;
}();

// A decoded code point with its byte range in the source.
struct Cp {
    char32_t c;
    uint32_t begin, end;
};

std::vector<Cp> Decode(std::string_view s) {
    std::vector<Cp> out;
    out.reserve(s.size() / 2);
    const auto* p = reinterpret_cast<const unsigned char*>(s.data());
    size_t i = 0;
    while (i < s.size()) {
        unsigned char b = p[i];
        size_t n = 0;
        char32_t c = 0;
        if (b < 0x80) { c = b; }
        else if ((b & 0xE0) == 0xC0) { n = 1; c = b & 0x1F; }
        else if ((b & 0xF0) == 0xE0) { n = 2; c = b & 0x0F; }
        else if ((b & 0xF8) == 0xF0) { n = 3; c = b & 0x07; }
        else { out.push_back({0xFFFD, uint32_t(i), uint32_t(i + 1)}); ++i; continue; }
        size_t k = 1;
        for (; k <= n; ++k) {
            if (i + k >= s.size() || (p[i + k] & 0xC0) != 0x80) break;
            c = (c << 6) | (p[i + k] & 0x3F);
        }
        // A truncated sequence, an overlong form, a surrogate or a value above U+10FFFF is invalid: its lead byte
        // becomes U+FFFD (and each continuation byte after it one more), so the output is always valid UTF-8.
        static constexpr char32_t kMinOfLength[] = {0, 0x80, 0x800, 0x10000};
        if (k <= n || c < kMinOfLength[n] || (c >= 0xD800 && c <= 0xDFFF) || c > 0x10FFFF) {
            out.push_back({0xFFFD, uint32_t(i), uint32_t(i + 1)});
            ++i;
            continue;
        }
        out.push_back({c, uint32_t(i), uint32_t(i + n + 1)});
        i += n + 1;
    }
    return out;
}

void Append(std::string& out, char32_t c) {
    if (c < 0x80) {
        out += static_cast<char>(c);
    } else if (c < 0x800) {
        out += static_cast<char>(0xC0 | (c >> 6));
        out += static_cast<char>(0x80 | (c & 0x3F));
    } else if (c < 0x10000) {
        out += static_cast<char>(0xE0 | (c >> 12));
        out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (c & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (c >> 18));
        out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (c & 0x3F));
    }
}

// Han (CJK unified, extension A and beyond, compatibility), kana and Hangul are indexed by bigrams.
bool IsCjk(char32_t c) {
    return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) || (c >= 0xF900 && c <= 0xFAFF) ||
           (c >= 0x20000 && c <= 0x3FFFF) || (c >= 0x3040 && c <= 0x30FF) || (c >= 0xAC00 && c <= 0xD7AF) ||
           c == 0x3007;  // 〇
}
// Letters and digits of alphabetic scripts (after folding): words.
bool IsWordChar(char32_t c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 0xDF && c <= 0x24F && c != 0xF7) ||
           (c >= 0x370 && c <= 0x52F);
}
enum class Kind { kSeparator, kCjk, kWord };
Kind KindOf(char32_t folded) {
    if (IsCjk(folded)) return Kind::kCjk;
    if (IsWordChar(folded)) return Kind::kWord;
    return Kind::kSeparator;
}

uint64_t Fnv(std::string_view s, uint64_t h = 1469598103934665603ull) {
    for (unsigned char c : s) {
        h ^= c;
        h *= 1099511628211ull;
    }
    return h;
}

}  // namespace

char32_t FoldCodePoint(char32_t c) {
    if (c < 0x80) return (c >= 'A' && c <= 'Z') ? c + 32 : c;
    if (c >= 0xFF01 && c <= 0xFF5E) return FoldCodePoint(c - 0xFEE0);  // full-width ASCII forms
    if (c == 0x3000) return ' ';
    if ((c >= 0xC0 && c <= 0xDE && c != 0xD7)) return c + 32;  // Latin-1 upper case
    if (c >= kT2SFirst && c <= kT2SLast) return kT2SFlat[c - kT2SFirst];
    return c;
}

std::string Fold(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (const Cp& cp : Decode(text)) Append(out, FoldCodePoint(cp.c));
    return out;
}

std::u32string IndexedChars(std::string_view text) {
    std::u32string out;
    for (const Cp& cp : Decode(text)) {
        char32_t c = FoldCodePoint(cp.c);
        if (KindOf(c) != Kind::kSeparator) out += c;
    }
    return out;
}

void ForEachDocumentToken(std::string_view text, const TokenSink& sink) {
    std::vector<Cp> cps = Decode(text);
    for (auto& cp : cps) cp.c = FoldCodePoint(cp.c);
    std::string tok;
    size_t i = 0;
    while (i < cps.size()) {
        Kind k = KindOf(cps[i].c);
        size_t j = i;
        while (j < cps.size() && KindOf(cps[j].c) == k) ++j;
        if (k == Kind::kWord) {
            tok.clear();
            for (size_t x = i; x < j && tok.size() < kMaxWordBytes; ++x) Append(tok, cps[x].c);
            sink(tok, cps[i].begin, cps[j - 1].end, TokenPlace::kNext);
        } else if (k == Kind::kCjk) {
            for (size_t x = i; x < j; ++x) {
                if (x + 1 < j) {
                    tok.clear();
                    Append(tok, cps[x].c);
                    Append(tok, cps[x + 1].c);
                    sink(tok, cps[x].begin, cps[x + 1].end, TokenPlace::kNext);
                    tok.clear();
                    Append(tok, cps[x].c);
                    sink(tok, cps[x].begin, cps[x].end, TokenPlace::kColocated);
                } else {
                    tok.clear();
                    Append(tok, cps[x].c);
                    sink(tok, cps[x].begin, cps[x].end, TokenPlace::kNext);
                }
            }
        }
        i = j;
    }
}

bool IsCjkCharacterToken(std::string_view token) {
    std::vector<Cp> cps = Decode(token);
    return cps.size() == 1 && IsCjk(cps[0].c);
}

std::vector<std::string> TermTokens(std::string_view folded_term) {
    std::vector<Cp> cps = Decode(folded_term);
    for (auto& cp : cps) cp.c = FoldCodePoint(cp.c);
    std::vector<std::string> out;
    size_t i = 0;
    while (i < cps.size()) {
        Kind k = KindOf(cps[i].c);
        size_t j = i;
        while (j < cps.size() && KindOf(cps[j].c) == k) ++j;
        std::string tok;
        if (k == Kind::kWord) {
            for (size_t x = i; x < j && tok.size() < kMaxWordBytes; ++x) Append(tok, cps[x].c);
            out.push_back(std::move(tok));
        } else if (k == Kind::kCjk) {
            if (j - i == 1) {
                Append(tok, cps[i].c);
                out.push_back(std::move(tok));
            } else {
                for (size_t x = i; x + 1 < j; ++x) {
                    std::string b;
                    Append(b, cps[x].c);
                    Append(b, cps[x + 1].c);
                    out.push_back(std::move(b));
                }
                if (j < cps.size()) {  // more follows: the last character keeps its own position
                    Append(tok, cps[j - 1].c);
                    out.push_back(std::move(tok));
                }
            }
        }
        i = j;
    }
    return out;
}

Result<Query> ParseQuery(std::string_view text, std::string_view field) {
    if (!IsValidUtf8(text)) return Fail(Error::InvalidArgument(std::string(field), "检索词不是有效的UTF-8文本"));
    if (Utf8Length(text) > kMaxQueryChars)
        return Fail(Error::InvalidArgument(std::string(field), "检索词过长（最多200个字）"));
    std::vector<Cp> cps = Decode(text);
    Query q;
    size_t i = 0;
    while (i < cps.size()) {
        if (KindOf(FoldCodePoint(cps[i].c)) == Kind::kSeparator) {
            ++i;
            continue;
        }
        size_t j = i;
        std::string folded;
        while (j < cps.size() && KindOf(FoldCodePoint(cps[j].c)) != Kind::kSeparator) Append(folded, FoldCodePoint(cps[j++].c));
        if (std::ranges::none_of(q.terms, [&](const Term& t) { return t.text == folded; })) {
            Term t{folded, TermTokens(folded)};
            q.terms.push_back(std::move(t));
        }
        i = j;
    }
    if (q.terms.empty()) return Fail(Error::InvalidArgument(std::string(field), "请输入检索词"));
    if (q.terms.size() > kMaxTerms) return Fail(Error::InvalidArgument(std::string(field), "检索词过多（最多16个）"));
    return q;
}

IndexedText IndexedTextOf(const Petition& p) {
    IndexedText t;
    t.title = p.title;
    t.body = p.content;
    for (const auto& x : p.petitioners) {
        if (x.name.empty()) continue;
        if (!t.people.empty()) t.people += ' ';
        t.people += x.name;
    }
    if (!p.accused_name.empty()) {
        if (!t.people.empty()) t.people += ' ';
        t.people += p.accused_name;
    }
    return t;
}

std::string IndexSignature(const Petition& p) {
    IndexedText t = IndexedTextOf(p);
    uint64_t h = Fnv(kTokenizerVersion);
    for (std::string_view part : {std::string_view(t.title), std::string_view(t.body), std::string_view(t.people),
                                  std::string_view(p.region_code)}) {
        h = Fnv(part, h);
        h = Fnv("\x1f", h);
    }
    for (const auto& x : p.petitioners) {
        h = Fnv(x.id_number_index, h);
        h = Fnv(x.contact_index, h);
        h = Fnv("\x1e", h);
    }
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out(16, '0');
    for (int i = 15; i >= 0; --i, h >>= 4) out[i] = kHex[h & 15];
    return out;
}

std::vector<SnippetPart> Snippet(std::string_view text, const Query& q, size_t width) {
    std::vector<Cp> cps = Decode(text);
    std::vector<char32_t> folded(cps.size());
    for (size_t i = 0; i < cps.size(); ++i) folded[i] = FoldCodePoint(cps[i].c);
    std::vector<char> hit(cps.size(), 0);
    size_t first = cps.size();
    for (const Term& t : q.terms) {
        std::vector<char32_t> needle;
        for (const Cp& cp : Decode(t.text)) needle.push_back(cp.c);
        if (needle.empty() || needle.size() > folded.size()) continue;
        for (size_t i = 0; i + needle.size() <= folded.size(); ++i) {
            if (!std::equal(needle.begin(), needle.end(), folded.begin() + i)) continue;
            std::fill(hit.begin() + i, hit.begin() + i + needle.size(), 1);
            first = std::min(first, i);
        }
    }
    size_t start = 0;
    if (first != cps.size() && first > width / 3) start = first - width / 3;
    size_t end = std::min(cps.size(), start + width);
    if (end - start < width && end == cps.size()) start = end > width ? end - width : 0;
    std::vector<SnippetPart> parts;
    auto add = [&](std::string_view s, bool h) {
        if (s.empty()) return;
        if (!parts.empty() && parts.back().hit == h) parts.back().text += s;
        else parts.push_back({std::string(s), h});
    };
    if (start > 0) add("…", false);
    for (size_t i = start; i < end; ++i) {
        char32_t c = cps[i].c;
        std::string piece;
        if (c == '\n' || c == '\r' || c == '\t') piece = " ";
        else piece = std::string(text.substr(cps[i].begin, cps[i].end - cps[i].begin));
        if (c == 0xFFFD) piece = "\xEF\xBF\xBD";
        add(piece, hit[i]);
    }
    if (end < cps.size()) add("…", false);
    return parts;
}

}  // namespace xf::search
