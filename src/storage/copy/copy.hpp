// `xinfang db copy`: moves an office from its embedded SQLite database to PostgreSQL — every table of data, row for
// row, ids kept — in committed, resumable batches, then proves the copy by per-table row counts and SHA-256
// checksums read back from both databases. The search index and repeat keys are not copied but rebuilt on the
// target (they are derived; the backends store them differently). The SQLite file is only read (one snapshot for
// the whole run). See docs/db-copy.md.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "base/error.hpp"

namespace xf::storage {

struct CopyOptions {
    // The SQLite database file (the path of a `sqlite:PATH` URL). Opened read-only; never changed.
    std::filesystem::path from_sqlite;
    // postgresql://user@host:port/db (a `?options=-csearch_path%3D…` schema works too). Must hold no data, or a
    // copy in progress from the same source data. Its schema is created / migrated by this binary first.
    std::string to_url;
    // Rows per INSERT and per committed transaction (a batch is also closed at about 16 MiB of values).
    int batch_rows = 2000;
    // Called at the start of each table (done = 0), after each committed batch, and at the end of the table.
    std::function<void(const std::string& table, int64_t done, int64_t total)> progress;
    // For tests: fail with kAborted after this many batches have been committed in this run (0: never).
    int64_t stop_after_batches = 0;
};

// One table compared after the copy. Checksums are SHA-256 (hex) over every row in primary-key order, each
// column's text joined by \x1f, each row ended by \x1e, NULL written as \x00 — computed alike on both sides.
struct TableReport {
    std::string table;
    int64_t source_rows = 0;
    int64_t target_rows = 0;
    std::string source_checksum;
    std::string target_checksum;
    bool ok = false;  // counts and checksums equal
};

struct CopyReport {
    std::vector<TableReport> tables;  // in copy order (parents before children)
    bool resumed = false;             // the target held an unfinished or finished copy of the same source
    bool ok = false;                  // every table verified
    int64_t rows_copied = 0;          // rows written by this run
};

// Copies (or resumes copying) options.from_sqlite into options.to_url, moves the identity sequences past the
// copied ids, and verifies. Errors: kInvalidArgument (bad options, source missing), kFailedPrecondition (target
// holds other data, source changed since the interrupted copy, schema versions differ, broken foreign keys in
// the source), kAborted (stop_after_batches), kUnavailable / kInternal (database failures). A verification
// mismatch is not an error: the report says which tables differ (ok = false).
Result<CopyReport> CopyDatabase(const CopyOptions& options);

// Compares source and target (counts and checksums) without writing anything.
Result<CopyReport> VerifyCopy(const CopyOptions& options);

// The CLI command `xinfang db copy --from sqlite:PATH --to postgresql://… [--verify]`: progress on stderr, the
// per-table comparison and a summary line on stdout. Returns the process exit code: 0 copied (or compared) and
// verified, 1 failed or differs, 2 bad arguments.
int DbCopyCommand(const std::string& from_url, const std::string& to_url, bool verify_only);

// One table's row count and checksum (the same canonical SHA-256 as TableReport's), for `xinfang db checksum`.
struct TableChecksum {
    std::string table;
    int64_t rows = 0;
    std::string sha256;
};

struct DatabaseChecksum {
    int64_t schema_version = 0;        // highest applied migration
    std::vector<TableChecksum> tables;  // every data table, by name (the derived search tables left out, as above)
};

// Counts and checksums every data table of `url` (sqlite:PATH, opened read-only, one snapshot; or postgresql://…,
// one REPEATABLE READ snapshot). Meant to compare a database with its backup restored on the same backend (the
// text of some column types differs between the backends, so a SQLite and a PostgreSQL database are compared by
// `db copy --verify` instead).
Result<DatabaseChecksum> ChecksumDatabase(const std::string& url);

// `xinfang db checksum --db URL`: "schema_version\tN", then one line per table "TABLE\tROWS\tSHA256" on stdout.
// Exit code 0, or 1/2 on errors.
int DbChecksumCommand(const std::string& url);

}  // namespace xf::storage
