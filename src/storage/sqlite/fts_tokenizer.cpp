#include "storage/sqlite/fts_tokenizer.hpp"

#include <sqlite3.h>

#include <string_view>

#include "domain/search.hpp"

namespace xf::storage {
namespace {

struct Tokenizer {};  // stateless

int Create(void*, const char**, int, Fts5Tokenizer** out) {
    *out = reinterpret_cast<Fts5Tokenizer*>(new Tokenizer());
    return SQLITE_OK;
}
void Delete(Fts5Tokenizer* t) { delete reinterpret_cast<Tokenizer*>(t); }

using TokenFn = int (*)(void*, int, const char*, int, int, int);

int Tokenize(Fts5Tokenizer*, void* ctx, int flags, const char* text, int n, TokenFn emit) {
    std::string_view s(text ? text : "", text ? static_cast<size_t>(n) : 0);
    int rc = SQLITE_OK;
    if (flags & FTS5_TOKENIZE_QUERY) {
        // "tok tok tok": tokens as computed by search::TermTokens, separated by single spaces.
        size_t i = 0;
        while (i < s.size() && rc == SQLITE_OK) {
            size_t j = s.find(' ', i);
            if (j == std::string_view::npos) j = s.size();
            if (j > i) rc = emit(ctx, 0, s.data() + i, static_cast<int>(j - i), static_cast<int>(i), static_cast<int>(j));
            i = j + 1;
        }
        return rc;
    }
    search::ForEachDocumentToken(s, [&](std::string_view tok, size_t b, size_t e, search::TokenPlace place) {
        if (rc != SQLITE_OK) return;
        rc = emit(ctx, place == search::TokenPlace::kColocated ? FTS5_TOKEN_COLOCATED : 0, tok.data(),
                  static_cast<int>(tok.size()), static_cast<int>(b), static_cast<int>(e));
    });
    return rc;
}

fts5_tokenizer kTokenizer{Create, Delete, Tokenize};

}  // namespace

Status RegisterSearchTokenizer(sqlite3* db) {
    fts5_api* api = nullptr;
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &st, nullptr) != SQLITE_OK)
        return Fail(Error::Internal(std::string("fts5 unavailable: ") + sqlite3_errmsg(db)));
    sqlite3_bind_pointer(st, 1, &api, "fts5_api_ptr", nullptr);
    sqlite3_step(st);
    sqlite3_finalize(st);
    if (!api) return Fail(Error::Internal("fts5 unavailable"));
    int rc = api->xCreateTokenizer(api, kSearchTokenizerName, nullptr, &kTokenizer, nullptr);
    if (rc != SQLITE_OK) return Fail(Error::Internal("fts5 tokenizer registration failed"));
    return Ok();
}

}  // namespace xf::storage
