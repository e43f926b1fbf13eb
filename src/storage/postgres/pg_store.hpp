// The PostgreSQL implementation of the domain's storage ports: the same tables and meanings as the SQLite store
// (storage/sqlite), a connection pool, one transaction per Write (READ COMMITTED, row locks, optimistic
// concurrency by version) and one REPEATABLE READ READ ONLY snapshot per Read.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "domain/ports.hpp"

namespace xf::storage {

struct PostgresOptions {
    std::string url;          // postgresql://user@host:port/db
    int pool_size = 16;       // connections this app server holds at most
    bool read_only = false;   // a replica: no migrations, Write() fails; Read() works
    bool migrate = true;      // apply pending migrations on open (under the advisory lock)
    StoreObserver* observer = nullptr;  // monitoring (write times); must outlive the store
    // Search reads its candidates (the newest matches) in windows of ids from the newest down, the first this many
    // ids wide and each next one 4 times wider. Tests set it small so that a handful of cases spans several.
    int64_t search_first_window = 20000;
    // And the first window is widened to hold about as many matches as a search asks for, by the frequency the
    // planner's statistics give its rarest token. Tests turn it off so that their windows stay as small as set.
    bool search_window_from_statistics = true;
    // A window's matches go to the search's filter this many at a time, the newest first.
    int64_t search_window_candidates = 20000;
    // Called under the migration lock before pending migrations are applied (from 0 for a new database); an error
    // leaves the database as it was. See pg::Migrate.
    std::function<Status(int from_version, int to_version)> before_migrations;
};

// Opens the database at options.url (migrating it unless read_only).
Result<std::unique_ptr<UnitOfWork>> OpenPostgresStore(const PostgresOptions& options);

// The schema version this binary creates (its highest migration); `xinfang restore` checks dumps against it.
int LatestPostgresSchemaVersion();

}  // namespace xf::storage
