#include "storage/postgres/pg_search.hpp"

#include <algorithm>
#include <map>
#include <string_view>
#include <utility>
#include <vector>

namespace xf::storage {
namespace {

void AppendLexeme(std::string& out, std::string_view lexeme) {
    out += '\'';
    for (char c : lexeme) {
        if (c == '\'')
            out += '\'';
        else if (c == '\\')
            out += '\\';
        out += c;
    }
    out += '\'';
}

}  // namespace

std::string TsVectorText(const search::IndexedText& text) {
    // lexeme → (position, weight) in document order; std::map keeps the output deterministic.
    std::map<std::string, std::vector<std::pair<int, char>>, std::less<>> lexemes;
    int last = 0;  // the last position given to a token (0: none yet)
    auto field = [&](std::string_view s, char weight) {
        bool first = true;
        if (last > 0) ++last;  // the gap: the field's first token takes last + 2
        search::ForEachDocumentToken(s, [&](std::string_view token, size_t, size_t, search::TokenPlace place) {
            // The character under a bigram is left out: the bigram starts with it at the same position, and a
            // query matches a single character as a prefix (TsQueryText). This halves the lexemes of Chinese
            // text, and with them the tsvector and its GIN index (issue #10: 3.4 → 1.9 KB a case).
            if (token.empty() || place == search::TokenPlace::kColocated) return;
            if (place == search::TokenPlace::kNext || first) ++last;
            first = false;
            auto it = lexemes.find(token);
            if (it == lexemes.end())
                it = lexemes.emplace(std::string(token), std::vector<std::pair<int, char>>{}).first;
            const int pos = std::min(last, kMaxTsPosition);
            auto& positions = it->second;
            if (!positions.empty() && positions.back().first == pos) return;  // capped: the server keeps one
            positions.emplace_back(pos, weight);
        });
        if (first && last > 0) --last;  // an empty field leaves no gap
    };
    field(text.title, 'A');
    field(text.people, 'B');
    field(text.body, 'D');

    std::string out;
    for (const auto& [lexeme, positions] : lexemes) {
        if (!out.empty()) out += ' ';
        AppendLexeme(out, lexeme);
        char sep = ':';
        for (const auto& [pos, weight] : positions) {
            out += sep;
            out += std::to_string(pos);
            if (weight != 'D') out += weight;
            sep = ',';
        }
    }
    return out;
}

std::string TsQueryText(const search::Query& q) {
    std::string out;
    for (const search::Term& t : q.terms) {
        if (t.tokens.empty()) continue;
        if (!out.empty()) out += " & ";
        if (t.tokens.size() > 1) out += '(';
        for (size_t i = 0; i < t.tokens.size(); ++i) {
            if (i) out += " <-> ";
            AppendLexeme(out, t.tokens[i]);
            if (search::IsCjkCharacterToken(t.tokens[i])) out += ":*";  // alone, or the start of a bigram
        }
        if (t.tokens.size() > 1) out += ')';
    }
    return out;
}

std::vector<TsQueryToken> TsQueryTokens(const search::Query& q) {
    std::vector<TsQueryToken> out;
    for (const search::Term& t : q.terms) {
        for (const std::string& token : t.tokens) {
            if (token.empty()) continue;
            if (std::ranges::any_of(out, [&](const TsQueryToken& x) { return x.token == token; })) continue;
            TsQueryToken x;
            x.token = token;
            x.prefix = search::IsCjkCharacterToken(token);
            AppendLexeme(x.tsquery, token);
            if (x.prefix) x.tsquery += ":*";
            out.push_back(std::move(x));
        }
    }
    return out;
}

}  // namespace xf::storage
