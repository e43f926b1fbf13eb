// `xinfang backup` and `xinfang restore` (docs/deploy.md, "Backup and restore").
//
// SQLite: the online backup API copies one consistent snapshot of the live database into a temporary file beside
// the output, which is checked (integrity_check), fsynced and renamed into place (storage/sqlite BackupDatabase).
// PostgreSQL: `pg_dump --format=custom` into a temporary file, fsynced and renamed; restore with `pg_restore` into
// an empty database in one transaction. A password in the URL is handed to pg_dump / pg_restore through the
// PGPASSWORD environment variable, never on their command line (visible in `ps`).
//
// The content store (attachments, rendered documents: content-addressed files outside the database) is copied by
// --files-out / --files-in: only blobs not yet in the target directory are copied (a blob never changes), after
// the database, so that every blob the database backup refers to is in the copy. The field-encryption key is NOT
// in the backup: it is kept apart (secret.key or XINFANG_SECRET_KEY), and the restore reminds of it.
#pragma once

#include <filesystem>
#include <optional>

#include "config.hpp"

namespace xf {

// Exit codes: 0 done, 1 failed, 2 bad usage / refused (non-empty target without --force, newer schema).
int BackupCommand(const Config& config, const std::filesystem::path& out,
                  const std::optional<std::filesystem::path>& files_out);

int RestoreCommand(const Config& config, const std::filesystem::path& in, bool force,
                   const std::optional<std::filesystem::path>& files_in);

}  // namespace xf
