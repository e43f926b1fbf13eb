// The search query parser and what runs on its result: ParseQuery (folding, term splitting, limits), TermTokens,
// the document tokenizer over the same text, and Snippet with the parsed query — checked against the documented
// limits (at most kMaxTerms terms, every token valid UTF-8, snippet parts taken from the text).
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

#include "base/text.hpp"
#include "domain/search.hpp"

namespace {
[[noreturn]] void Fail(const char* what) {
    fprintf(stderr, "search_query_fuzz: %s\n", what);
    __builtin_trap();
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string_view in(reinterpret_cast<const char*>(data), size);
    // Query text, then (after a NUL) a document to tokenize and cut a snippet from.
    size_t nul = in.find('\0');
    std::string_view query_text = in.substr(0, nul);
    std::string_view doc = nul == std::string_view::npos ? query_text : in.substr(nul + 1);

    std::string folded = xf::search::Fold(in);
    if (!xf::IsValidUtf8(folded)) Fail("Fold produced invalid UTF-8");
    (void)xf::search::IndexedChars(doc);
    size_t last_end = 0;
    xf::search::ForEachDocumentToken(doc, [&](std::string_view token, size_t begin, size_t end,
                                              xf::search::TokenPlace) {
        if (begin > end || end > doc.size()) Fail("token range outside the text");
        if (token.empty() || !xf::IsValidUtf8(token)) Fail("empty or invalid token");
        last_end = end;
    });
    (void)last_end;

    auto q = xf::search::ParseQuery(query_text);
    if (!q) return 0;
    if (q->terms.empty() || q->terms.size() > xf::search::kMaxTerms) Fail("term count outside 1..kMaxTerms");
    for (const auto& t : q->terms) {
        if (t.text.empty() || !xf::IsValidUtf8(t.text)) Fail("empty or invalid term");
        if (t.tokens.empty()) Fail("a term without tokens");
        for (const auto& tok : t.tokens)
            if (tok.empty() || !xf::IsValidUtf8(tok)) Fail("empty or invalid term token");
        if (xf::search::TermTokens(t.text).empty()) Fail("TermTokens of a term is empty");
    }
    for (size_t width : {size_t{0}, size_t{1}, size_t{80}}) {
        auto parts = xf::search::Snippet(doc, *q, width);
        if (xf::IsValidUtf8(doc))  // cut at code points, never inside one
            for (const auto& part : parts)
                if (!xf::IsValidUtf8(part.text)) Fail("snippet part of valid text is not valid UTF-8");
    }
    return 0;
}
