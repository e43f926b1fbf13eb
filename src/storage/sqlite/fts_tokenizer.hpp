// The FTS5 tokenizer "xf_cjk": domain/search's document tokens for indexing; for queries, the query text is the
// space-separated tokens the domain computed (every phrase of a MATCH is built by the store from search::Term
// tokens), emitted as they are. Registered on every connection before migrations run.
#pragma once

#include "base/error.hpp"

struct sqlite3;

namespace xf::storage {

inline constexpr const char* kSearchTokenizerName = "xf_cjk";
Status RegisterSearchTokenizer(sqlite3* db);

}  // namespace xf::storage
