// The PostgreSQL text of the search index (domain/search): a case's tokens as a tsvector literal and a query as a
// tsquery literal, each bound as one parameter ($n::tsvector, $n::tsquery) — the casts take lexemes as written,
// with no parser, dictionary or stop words, so PostgreSQL matches exactly the tokens domain/search computed.
// Pure string building; no libpq.
#pragma once

#include <string>
#include <vector>

#include "domain/search.hpp"

namespace xf::storage {

// PostgreSQL limits on a tsvector, applied silently by the server: a position above 16383 is stored as 16383,
// and a lexeme keeps its first 256 positions. Single-token terms (one or two CJK characters, one word) still
// match anywhere, but a phrase (three or more CJK characters, mixed terms) is not found where its positions pass
// these limits — only in content longer than about 16000 characters, or past a token's 256th occurrence.
inline constexpr int kMaxTsPosition = 16383;

// The tsvector literal of a case's indexed text: the tokens of search::ForEachDocumentToken with 1-based
// positions except the kColocated ones (the character under a bigram: TsQueryText matches a character as a
// prefix, which finds it as the start of its bigram), the fields in the order title (weight A),
// people (B), body (D, written without a weight), each field starting 2 positions after the previous field's last
// token, so that no phrase spans two fields. Lexemes are quoted ('' and \\ escaped), each with its positions:
// "'工资':3A 'abc':7,9B". Positions above kMaxTsPosition are written as kMaxTsPosition (as the server would).
std::string TsVectorText(const search::IndexedText& text);

// The tsquery literal of a query: each term a phrase of its tokens joined by <-> (in parentheses when it has more
// than one), the terms joined by &, a single CJK character as a prefix (it is stored only as the first character of
// its bigram, or alone at the end of a run): "('拖欠' <-> '欠工' <-> '工资') & 'abc'", "'资':*". Empty for a
// query without tokens.
std::string TsQueryText(const search::Query& q);

// One token of a query, alone: what the index scan of a search is driven by (pg_store NewestMatches). Every case
// the whole query matches holds each of them, so each one selects a superset of the query's matches.
struct TsQueryToken {
    std::string token;    // as indexed: "工资", "资", "abc"
    std::string tsquery;  // the single-lexeme tsquery literal: "'工资'", "'资':*" (a CJK character is a prefix)
    bool prefix = false;
};
// The query's tokens in query order, each once.
std::vector<TsQueryToken> TsQueryTokens(const search::Query& q);

}  // namespace xf::storage
