// `xinfang doctor` (docs/operations.md, "Doctor"): checks what a server needs before it starts or when it misbehaves
// — the configuration, the data directory, the fonts for documents, the holiday calendar, the database and its
// schema, the database server's clock, the personal-data key — and prints one line per check: OK, 警告 (warning) or
// 错误 (error) with what to do. Exit 0 when all are OK, 1 with warnings only, 2 with an error. The database is not
// migrated and no key is generated; a SQLite file is opened read-only (SQLite may create its -wal/-shm companions,
// as for any reader, so run it as the service user).
//
// The Evaluate* functions decide from facts gathered elsewhere, so they are tested without a machine to break.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "base/clock.hpp"
#include "base/date.hpp"
#include "domain/calendar.hpp"

namespace xf {

enum class CheckLevel { kOk, kWarning, kError };

struct CheckResult {
    std::string name;  // 配置文件, 数据目录, …
    CheckLevel level = CheckLevel::kOk;
    std::string message;  // what was found
    std::string fix;      // what to do (warnings and errors)
};

// "OK   数据目录：…" / "警告 数据目录：…；处理：…" / "错误 …；处理：…"
std::string FormatCheck(const CheckResult& r);
// 0 all OK, 1 warnings only, 2 any error.
int DoctorExitCode(const std::vector<CheckResult>& results);

// What stat(2) and access(2) say about a path, for the current user.
struct PathFacts {
    bool exists = false;
    bool is_directory = false;
    bool writable = false;  // access(W_OK) for this process
    unsigned mode = 0;      // permission bits (st_mode & 07777)
    uint32_t owner_uid = 0;
    uint32_t euid = 0;  // this process
};
PathFacts ReadPathFacts(const std::filesystem::path& p);

// A directory holding personal data (the SQLite file, attachments): present, a directory, writable by this user,
// nothing for "other" (world-writable is an error, world-readable a warning), owned by this user (else doctor is
// probably run as another user than the service). `created_at_start`: the server creates it when missing.
CheckResult EvaluateDataDir(const std::string& name, const std::filesystem::path& dir, const PathFacts& facts,
                            bool created_at_start);

// The year of `today` must be covered by the holiday calendar (else deadlines computed now are wrong: error); the
// next year must be too once a deadline set today can reach it (90 days: warning), or it is only mentioned.
CheckResult EvaluateCalendar(const HolidayCalendar& calendar, Date today, const std::filesystem::path& calendar_dir);

// The schema in the database against the one this binary knows.
CheckResult EvaluateSchema(int64_t found, int64_t expected, const std::string& where);

// This machine's clock against the database server's (PostgreSQL): over 5 s a warning, over 5 min an error.
CheckResult EvaluateClockSkew(double local_unix_seconds, double server_unix_seconds);

// The personal-data key. `configured`: XINFANG_SECRET_KEY or [security] secret_key (valid or not: `configured_ok`);
// else, for SQLite, the key file beside the database (`key_file` facts, `key_file_ok`: its content is a key) and
// whether the database exists (a database without its key file cannot be read: an error). PostgreSQL needs it
// configured. `config_file_facts`: the configuration file when the key is in it (it should not be readable by others).
struct KeyFacts {
    bool postgres = false;
    bool configured = false;
    bool configured_ok = false;
    bool from_environment = false;
    std::optional<PathFacts> config_file;  // when the key comes from the file
    std::filesystem::path key_file;
    PathFacts key_file_facts;
    bool key_file_ok = false;
    bool database_exists = false;
};
CheckResult EvaluateSecretKey(const KeyFacts& k);

struct DoctorOptions {
    std::optional<std::string> config_path;  // --config
    std::optional<std::string> db_url;       // --db, over the configuration's
};

// Runs every check, prints one line each to standard output, returns the exit code.
int RunDoctor(const DoctorOptions& options, const Clock& clock);

}  // namespace xf
