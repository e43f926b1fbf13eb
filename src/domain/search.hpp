// Chinese full-text search, the pure part shared by every backend: folding (full-width → half-width, 繁 → 简,
// case), the tokenizer (CJK → overlapping character bigrams with each character colocated, so 1-, 2- and longer
// terms all match; Latin letters and digits → lower-cased words), query parsing, snippets with highlights, and
// what of a case is indexed. The backends store the tokens (SQLite FTS5 tokenizer, PostgreSQL tsvector) and
// match a query as an AND of phrases of the tokens computed here, so both find exactly the same cases.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.hpp"
#include "domain/petition.hpp"

namespace xf::search {

// Changes whenever the tokens of a text change: an index built by another version is rebuilt at start-up.
inline constexpr std::string_view kTokenizerVersion = "cjk-bigram-1";
inline constexpr size_t kMaxQueryChars = 200;  // code points
inline constexpr size_t kMaxTerms = 16;
inline constexpr size_t kMaxWordBytes = 64;  // a longer Latin/digit word is indexed by its first 64 bytes

// One code point folded: full-width ASCII forms → ASCII, U+3000 → space, traditional → simplified (OpenCC's
// character table), ASCII and Latin-1 upper case → lower case. Everything else unchanged.
char32_t FoldCodePoint(char32_t c);
// The UTF-8 text with every code point folded; invalid bytes become U+FFFD.
std::string Fold(std::string_view text);

// The folded CJK characters, letters and digits of `text`, separators dropped (for similarity measures).
std::u32string IndexedChars(std::string_view text);

// How a token relates to the one before it: kNext takes the next position, kColocated shares the position of
// the previous token (the single character under a bigram).
enum class TokenPlace { kNext, kColocated };
// token (folded UTF-8), the byte range [begin, end) in the original text, and its place.
using TokenSink = std::function<void(std::string_view token, size_t begin, size_t end, TokenPlace place)>;

// Document tokens. A CJK run c0…cn-1 gives, for each i: the bigram ci ci+1 at position i with ci colocated, and the
// last character alone at position n-1. A run of Latin letters/digits is one word at the next position.
// Anything else (punctuation, symbols, spaces) separates runs and takes no position.
void ForEachDocumentToken(std::string_view text, const TokenSink& sink);

// One query term: a maximal run of CJK characters, letters and digits, matched as a phrase of `tokens`.
struct Term {
    std::string text;                 // folded
    std::vector<std::string> tokens;  // consecutive positions
};
// A query is an AND of terms.
struct Query {
    std::vector<Term> terms;
};
// Splits free text into terms at spaces and punctuation. Errors (kInvalidArgument on `field`): nothing to
// search for "请输入检索词"; more than kMaxQueryChars code points "检索词过长（最多200个字）"; more than kMaxTerms
// terms "检索词过多（最多16个）"; invalid UTF-8.
Result<Query> ParseQuery(std::string_view text, std::string_view field = "q");

// The tokens of one query term, from its folded text: a CJK run of one character is that character; a longer run
// is its bigrams, followed by its last character when more of the term follows (to keep positions aligned with
// the document tokens); a word is itself.
std::vector<std::string> TermTokens(std::string_view folded_term);

// True for a token that is one CJK character (a run of one, or the character under a bigram). A backend that
// stores only the bigrams and each run's last character (PostgreSQL) matches it as a prefix: the character
// starts a stored bigram wherever it is not the last of its run.
bool IsCjkCharacterToken(std::string_view token);

// What of a case is indexed: 标题, 内容, and 信访人姓名 + 被反映人/单位 (people). Each is a separate field: a
// phrase never spans two fields.
struct IndexedText {
    std::string title, body, people;
};
IndexedText IndexedTextOf(const Petition& p);
// A 64-bit hash (16 hex chars) of everything the search index and the repeat keys hold for a case: a backend
// rewrites them on update only when this changes.
std::string IndexSignature(const Petition& p);

// A piece of a snippet: highlighted when it is an occurrence of a query term.
struct SnippetPart {
    std::string text;
    bool hit = false;
    friend bool operator==(const SnippetPart&, const SnippetPart&) = default;
};
// About `width` code points of `text` around the first occurrence of a term (from the start when none occurs),
// every occurrence highlighted, "…" where the text was cut.
std::vector<SnippetPart> Snippet(std::string_view text, const Query& q, size_t width = 80);

}  // namespace xf::search
