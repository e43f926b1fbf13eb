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

#include "base/clock.hpp"
#include "config.hpp"

namespace xf {

// Exit codes: 0 done, 1 failed, 2 bad usage / refused (non-empty target without --force, newer schema).
int BackupCommand(const Config& config, const std::filesystem::path& out,
                  const std::optional<std::filesystem::path>& files_out);

int RestoreCommand(const Config& config, const std::filesystem::path& in, bool force,
                   const std::optional<std::filesystem::path>& files_in);

// What opening the database did to its schema (filled by BackupBeforeMigrations; from = to = -1: nothing to apply).
struct MigrationNote {
    int from = -1, to = -1;  // from 0: a new database
    std::optional<std::filesystem::path> backup;  // the pre-upgrade backup, when one was taken
};

// Upgrades (docs/deploy.md "Upgrades"): the storage layer calls this under its migration lock before migrations
// change the database of `config` from schema version `from` to `to`. A database that already exists (from > 0) is
// first backed up with the machinery of `xinfang backup` into config.upgrade_backup_dir (UpgradeBackupDir), as
// pre-upgrade-v<from>-to-v<to>-<China time>.backup, unless config.backup_before_migrate is false. An error (the
// backup failed) stops the upgrade with the database untouched. Attachment files are not copied: migrations do not
// change them. Progress goes to stderr; `note` says what happened.
Status BackupBeforeMigrations(const Config& config, int from, int to, Instant now, MigrationNote& note);

// config.upgrade_backup_dir, else "backups" beside the SQLite file, else data/backups (PostgreSQL).
std::filesystem::path UpgradeBackupDir(const Config& config);

}  // namespace xf
