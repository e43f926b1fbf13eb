// The SQLite implementation of the domain's storage ports (UnitOfWork + repositories), on Database's
// single writer thread with group commit and its read pool.
#pragma once

#include <filesystem>
#include <functional>
#include <memory>

#include "domain/ports.hpp"

namespace xf::storage {

struct SqliteOptions {
    std::filesystem::path path;
    int read_pool_size = 4;
    int max_batch = 256;
    std::int64_t memory_limit_bytes = 0;  // DatabaseOptions::memory_limit_bytes
    std::int64_t writer_cache_bytes = std::int64_t{64} << 20;  // DatabaseOptions::writer_cache_bytes
    StoreObserver* observer = nullptr;  // monitoring (write and group-commit times); must outlive the store
    // Called before pending migrations are applied (from 0 for a new database); an error leaves the database as it
    // was. See DatabaseOptions::before_migrations.
    std::function<Status(int from_version, int to_version)> before_migrations;
};

// Opens (creating and migrating) the database at options.path.
Result<std::unique_ptr<UnitOfWork>> OpenSqliteStore(const SqliteOptions& options);

// The calendar days an office entered in the console, read on a read-only connection (no writer thread, nothing
// written): for `xinfang doctor`.
Result<std::vector<CalendarDay>> ReadStoredCalendarDays(const std::filesystem::path& path);

// The schema version this binary creates (its highest migration); `xinfang restore` checks backups against it.
int LatestSqliteSchemaVersion();

}  // namespace xf::storage
