"""Upgrades (issue #10; docs/deploy.md "Upgrades and the pre-upgrade backup").

A database written by an older xinfang at schema version 8 (fixture-v8.sqlite.sql / fixture-v8.pg.sql, made by
make_fixture.py with that version's binary and its HTTP API) is loaded into a fresh database, and the current binary
upgrades it:
  1. `xinfang migrate` says what it did (from version 8 to the newest, and where the backup went); the backup was
     taken before anything changed: it holds every table exactly as before (SQLite: the backup file opened as a
     database; PostgreSQL: the pg_dump archive restored with `xinfang restore` into an empty database);
  2. every row that was there is still there with the same values: per table, every row's old columns before and
     after, compared as sorted text (so counts too); the only new rows are schema_migrations' for the applied
     migrations, no old table or column is gone; the fixture has rows in orgs, users, sessions, petitions, events,
     documents, audit and the statistics rollups;
  3. `xinfang stats verify` and `xinfang audit verify` pass on the upgraded database, and a server started on it with
     the fixture's key shows the old cases with their personal data decrypted (masked);
  4. `xinfang migrate` again does nothing: it says so and takes no second backup;
  5. with backup_before_migrate off, no backup is taken and the command says so; when the backup cannot be written,
     the upgrade is refused and the database stays at version 8, unchanged.
SQLite by default (the backup beside the database in backups/, the default place); PostgreSQL when
XINFANG_TEST_PG_DIR names a running scripts/pg.sh cluster (the backup directory given by XINFANG_UPGRADE_BACKUP_DIR).

Run: XINFANG_BIN=build/src/xinfang XINFANG_SOURCE_DIR=. python3 -m unittest -v test_upgrade   (in this folder)
"""
import ast
import urllib.parse
import glob
import os
import re
import secrets
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "api"))
import harness  # noqa: E402
from make_fixture import FIXTURE_SECRET_KEY, FIXTURE_VERSION  # noqa: E402

PG = bool(harness.PG_DIR)
FIXTURE = os.path.join(HERE, f"fixture-v{FIXTURE_VERSION}.{'pg' if PG else 'sqlite'}.sql")
# Tables an office cannot lose, each of which the fixture must hold rows of (so that the comparison means something).
IMPORTANT = ("orgs", "users", "sessions", "petitions", "events", "documents", "audit", "stat_day", "stat_month")
# Derived tables a migration replaced by an equivalent index built from their rows (checked row by row below).
# SQLite 0011: the repeat keys moved from the B-tree petition_keys to the FTS5 index petition_match (issue #10).
# PostgreSQL 0013: they moved to an array with a GIN index on each case's petition_search row.
REPLACED = {"petition_keys": "petition_search.keys"} if PG else {"petition_keys": "petition_match"}
# Settings a migration resets on purpose: PostgreSQL 0013 has the next start rebuild the search index (a smaller
# tsvector). serve_and_read then searches the rebuilt index.
RESET_SETTINGS = ("search.index_version",) if PG else ()
# FTS5's own bookkeeping: a migration that tunes the index (0011: automerge) rewrites its configuration and structure
# record. Their rows are not compared; serve_and_read searches the upgraded database instead.
FTS_INTERNAL = () if PG else ("petition_fts_data", "petition_fts_idx", "petition_fts_config")


def latest_version():
    folder = os.path.join(harness.SOURCE, "src/storage", "postgres" if PG else "sqlite", "migrations")
    return max(int(os.path.basename(f)[:4]) for f in glob.glob(os.path.join(folder, "[0-9][0-9][0-9][0-9]_*.sql")))


def quote(name):
    return '"' + name.replace('"', '""') + '"'


# ---- the two backends: load the fixture, list tables and columns, read rows --------------------------------------

class SqliteBackend:
    def __init__(self, work):
        self.work = work

    def load(self, tag):
        d = os.path.join(self.work, tag)
        os.makedirs(d)
        path = os.path.join(d, "xinfang.db")
        with open(FIXTURE, encoding="utf-8") as f:
            dump = f.read()
        con = sqlite3.connect(path)
        con.executescript(dump)  # the sqlite3 shell's .dump: the FTS5 index comes as its shadow tables
        con.close()
        return "sqlite:" + path

    def drop(self, url):
        pass

    @staticmethod
    def connect(url):
        return sqlite3.connect(f"file:{url[len('sqlite:'):]}?mode=ro", uri=True)

    def tables(self, url):
        """{table: [columns]} of the ordinary tables (the FTS5 virtual table is read through its shadow tables)."""
        con = self.connect(url)
        try:
            out = {}
            for name, sql in con.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table'"):
                if name.startswith("sqlite_") or sql.upper().startswith("CREATE VIRTUAL TABLE"):
                    continue
                out[name] = [r[1] for r in con.execute(f"PRAGMA table_info({quote(name)})")]
            return out
        finally:
            con.close()

    def rows(self, url, table, columns):
        """The table's rows (those columns), each as one text line, sorted."""
        con = self.connect(url)
        try:
            rows = con.execute(f"SELECT {', '.join(map(quote, columns))} FROM {quote(table)}").fetchall()
        finally:
            con.close()
        return sorted(repr(r) for r in rows)

    def version(self, url):
        con = self.connect(url)
        try:
            return con.execute("SELECT max(version) FROM schema_migrations").fetchone()[0]
        finally:
            con.close()

    def backup_tables(self, backup_file, env):
        """The backup as a database URL to read (a SQLite backup is a database file)."""
        con = sqlite3.connect(f"file:{backup_file}?mode=ro", uri=True)
        self_check = con.execute("PRAGMA integrity_check").fetchall()
        con.close()
        assert self_check == [("ok",)], self_check
        return "sqlite:" + backup_file


class PostgresBackend:
    def __init__(self, work):
        self.work = work
        self.databases = []

    def psql(self, db, *args):
        r = subprocess.run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-p", str(harness.pg_port()),
                            "-U", "postgres", "-d", db, *args], capture_output=True, text=True, timeout=300)
        if r.returncode != 0:
            raise AssertionError(f"psql {' '.join(args)}: {r.stderr}")
        return r.stdout

    def query(self, db, sql):
        return [line.split("\t") for line in self.psql(db, "-At", "-F", "\t", "-c", sql).splitlines()]

    def create(self):
        name = "xf_upgrade_" + secrets.token_hex(4)
        harness.pg_admin(f"CREATE DATABASE {name}")
        self.databases.append(name)
        return name, f"postgresql://postgres@127.0.0.1:{harness.pg_port()}/{name}"

    def load(self, tag):
        name, url = self.create()
        self.psql(name, "-f", FIXTURE)
        return url

    def drop(self, url):
        pass

    def drop_all(self):
        for name in self.databases:
            harness.pg_admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")

    @staticmethod
    def dbname(url):
        return url.rsplit("/", 1)[1]

    def tables(self, url):
        db = self.dbname(url)
        out = {}
        for (name,) in self.query(db, "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' "
                                      "AND table_type = 'BASE TABLE'"):
            out[name] = [c for (c,) in self.query(
                db, f"SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' AND "
                    f"table_name = '{name}' ORDER BY ordinal_position")]
        return out

    def rows(self, url, table, columns):
        """The table's rows (those columns) as PostgreSQL's row text, one line each (newlines escaped), sorted."""
        out = self.psql(self.dbname(url), "-At", "-c",
                        f"SELECT replace(replace(t::text, '\\', '\\\\'), E'\\n', '\\n') FROM "
                        f"(SELECT {', '.join(map(quote, columns))} FROM public.{quote(table)}) t")
        return sorted(out.splitlines())

    def version(self, url):
        return int(self.query(self.dbname(url), "SELECT max(version) FROM schema_migrations")[0][0])

    def backup_tables(self, backup_file, env):
        """A pg_dump archive: restored with `xinfang restore` into a new empty database, which is then read."""
        _, url = self.create()
        r = run(env, "restore", "--in", backup_file, "--db", url)
        assert "已恢复" in r.stdout, r.stdout
        return url


def run(env, *args, check=True, cwd=None):
    r = subprocess.run([harness.BIN, *args], env=env, capture_output=True, text=True, timeout=600, cwd=cwd)
    if check and r.returncode != 0:
        raise AssertionError(f"xinfang {' '.join(args)} exited {r.returncode}: {r.stdout}{r.stderr}")
    return r


class UpgradeTest(unittest.TestCase):
    def setUp(self):
        self.assertTrue(os.path.isfile(FIXTURE), f"{FIXTURE} is missing (tests/upgrade/make_fixture.py)")
        self.work = tempfile.mkdtemp(prefix="xf-upgrade-")
        self.backend = PostgresBackend(self.work) if PG else SqliteBackend(self.work)
        self.server = None

    def tearDown(self):
        if self.server and self.server.poll() is None:
            self.server.terminate()
            self.server.wait(timeout=30)
        if PG:
            self.backend.drop_all()
        shutil.rmtree(self.work, ignore_errors=True)

    def env(self, **extra):
        env = dict(os.environ, XINFANG_CONFIG_DIR=os.path.join(harness.SOURCE, "config"), XINFANG_LOG_LEVEL="warn",
                   XINFANG_SECRET_KEY=FIXTURE_SECRET_KEY, XINFANG_FILES_DIR=os.path.join(self.work, "files"))
        for k in ("XINFANG_BACKUP_BEFORE_MIGRATE", "XINFANG_UPGRADE_BACKUP_DIR", "XINFANG_DB"):
            env.pop(k, None)
        env.update(extra)
        return env

    def backup_dir(self, url, env):
        if "XINFANG_UPGRADE_BACKUP_DIR" in env:
            return env["XINFANG_UPGRADE_BACKUP_DIR"]
        return os.path.join(os.path.dirname(url[len("sqlite:"):]), "backups")  # SQLite's default: beside the file

    def snapshot(self, url, tables=None):
        """{table: (columns, sorted rows as text)}; with `tables`, those tables' listed (old) columns only."""
        tables = tables or self.backend.tables(url)
        return {t: (cols, self.backend.rows(url, t, cols)) for t, cols in tables.items()}

    def assert_same(self, got, want, what):
        """Table by table: the same rows. A mismatch names the table and counts and shows a few rows."""
        self.assertEqual(sorted(got), sorted(want), what)
        for t in want:
            if got[t][1] != want[t][1]:
                lost = sorted(set(want[t][1]) - set(got[t][1]))[:3]
                new = sorted(set(got[t][1]) - set(want[t][1]))[:3]
                self.fail(f"{what}: table {t}: {len(want[t][1])} rows before, {len(got[t][1])} after; "
                          f"missing e.g. {lost}; new e.g. {new}")

    def load_fixture(self, tag):
        url = self.backend.load(tag)
        self.assertEqual(self.backend.version(url), FIXTURE_VERSION)
        before = self.snapshot(url)
        for t in IMPORTANT:
            self.assertIn(t, before)
            self.assertGreater(len(before[t][1]), 0, f"the fixture has no rows in {t}")
        return url, before

    def backend_env(self):
        # PostgreSQL: the backup directory from the environment; SQLite: the default one beside the database.
        return self.env(XINFANG_UPGRADE_BACKUP_DIR=os.path.join(self.work, "pg-backups")) if PG else self.env()

    # ---- the test -------------------------------------------------------------------------------------------

    def test_migrate_backs_up_first_keeps_every_row_and_runs_once(self):
        url, before = self.load_fixture("db")
        env = self.backend_env()
        latest = latest_version()
        self.assertGreater(latest, FIXTURE_VERSION)

        t0 = time.time()
        r = run(env, "migrate", "--db", url, cwd=self.work)
        seconds = time.time() - t0
        self.assertIn(f"已将数据库结构从版本 {FIXTURE_VERSION} 升级到 {latest}", r.stdout)
        m = re.search(r"升级前的备份：(\S+?)（", r.stdout)
        self.assertIsNotNone(m, r.stdout + r.stderr)
        backup = m.group(1)
        folder = self.backup_dir(url, env)
        self.assertEqual(os.path.dirname(backup), folder)
        self.assertEqual(os.listdir(folder), [os.path.basename(backup)])
        self.assertRegex(os.path.basename(backup), rf"^pre-upgrade-v{FIXTURE_VERSION}-to-v{latest}-\d{{8}}T\d{{6}}\+0800\.backup$")
        print(f"\nmigrate {FIXTURE_VERSION} → {latest}: {seconds:.1f} s; backup {os.path.getsize(backup)} bytes",
              file=sys.stderr)

        # Every old row, with its old columns' values, is still there; the only new rows are the migrations'.
        self.assertEqual(self.backend.version(url), latest)
        old_columns = {t: cols for t, (cols, _) in before.items() if t not in REPLACED}
        now_columns = self.backend.tables(url)
        for t, cols in old_columns.items():  # no old table or column was dropped
            self.assertIn(t, now_columns)
            self.assertLessEqual(set(cols), set(now_columns[t]), t)
        if "petition_keys" in REPLACED:  # every old (key, case) is found in the index that replaced it
            self.assertNotIn("petition_keys", now_columns)
            cols, keys = before["petition_keys"]
            self.assertGreater(len(keys), 0, "the fixture has no repeat keys")
            if PG:  # rows as PostgreSQL's row text: (key,petition_id)
                pairs = [tuple(int(v) for v in row.strip("()").split(",")) for row in keys]
                self.assertEqual(cols, ["key", "petition_id"])
                db = self.backend.dbname(url)
                arrays = {int(pid): {int(k) for k in ks.strip("{}").split(",") if k}
                          for pid, ks in self.backend.query(db, "SELECT petition_id, keys FROM petition_search")}
                for key, petition_id in pairs:
                    self.assertIn(key, arrays.get(petition_id, set()), f"key {key} of case {petition_id}")
            else:
                con = SqliteBackend.connect(url)
                try:
                    for row in keys:
                        values = dict(zip(cols, ast.literal_eval(row)))
                        key, petition_id = values["key"], values["petition_id"]
                        token = "k%016x" % (int(key) & 0xFFFFFFFFFFFFFFFF)
                        found = {r[0] for r in con.execute(
                            "SELECT rowid FROM petition_match WHERE petition_match MATCH ?", (token,))}
                        self.assertIn(int(petition_id), found, f"key {key} of case {petition_id}")
                finally:
                    con.close()
        after = self.snapshot(url, old_columns)
        applied = after["schema_migrations"][1]
        self.assertEqual(len(applied), len(before["schema_migrations"][1]) + latest - FIXTURE_VERSION)
        self.assertLessEqual(set(before["schema_migrations"][1]), set(applied))
        after["schema_migrations"] = before["schema_migrations"]
        want = {t: v for t, v in before.items() if t not in FTS_INTERNAL and t not in REPLACED}
        for key in RESET_SETTINGS:  # reset, so that the next start rebuilds what it describes
            was = [r for r in want["settings"][1] if key in r]
            now = [r for r in after["settings"][1] if key in r]
            self.assertEqual(len(was), 1, f"the fixture has no setting {key}")
            self.assertEqual(len(now), 1, key)
            self.assertNotEqual(now, was, f"{key} was not reset")
            for snap in (want, after):
                snap["settings"] = (snap["settings"][0], [r for r in snap["settings"][1] if key not in r])
        for t in FTS_INTERNAL:
            after.pop(t, None)
        self.assert_same(after, want, "after the upgrade")

        # The backup is the database as it was before the upgrade, table by table, every column.
        backup_url = self.backend.backup_tables(backup, env)
        self.assertEqual(self.backend.version(backup_url), FIXTURE_VERSION)
        self.assert_same(self.snapshot(backup_url), before, "the pre-upgrade backup")

        # The upgraded database is consistent and usable.
        r = run(env, "stats", "verify", "--db", url)
        self.assertIn("不一致 0 处", r.stdout)
        r = run(env, "audit", "verify", "--db", url)
        self.assertIn("完整无篡改", r.stdout)
        self.serve_and_read(url, env, len(before["petitions"][1]))

        # Again: nothing to do, no second backup, nothing changed.
        snapshot = self.snapshot(url)
        r = run(env, "migrate", "--db", url, cwd=self.work)
        self.assertIn(f"数据库已是最新结构（版本 {latest}），未做改动", r.stdout)
        self.assertEqual(os.listdir(folder), [os.path.basename(backup)])
        self.assert_same(self.snapshot(url), snapshot, "after the second migrate")

    def serve_and_read(self, url, env, cases):
        self.server = subprocess.Popen([harness.BIN, "serve", "--db", url, "--listen", "127.0.0.1:0"], env=env,
                                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=self.work)
        port = None
        deadline = time.time() + 60
        while time.time() < deadline and port is None:
            line = self.server.stdout.readline()
            if not line:
                break
            m = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
            port = int(m.group(1)) if m else None
        self.assertIsNotNone(port, "server on the upgraded database did not start")
        drain = threading.Thread(target=lambda: [None for _ in iter(self.server.stdout.readline, "")], daemon=True)
        drain.start()
        c = harness.Client(port)
        c.login("prov")  # scope "all": sees every case
        status, doc, _ = c.get("/api/v1/petitions?limit=100")
        self.assertEqual(status, 200, doc)
        items = doc["items"]
        self.assertEqual(len(items), cases)
        status, one, _ = c.get(f"/api/v1/petitions/{items[0]['id']}")
        self.assertEqual(status, 200, one)
        self.assertEqual(one["petitioners"][0]["id_number"], "1101**********4514")  # decrypted, then masked
        term = one["title"][:2]  # the search index still finds the case by its title
        status, found, _ = c.get("/api/v1/search?q=" + urllib.parse.quote(term) + "&limit=100")
        self.assertEqual(status, 200, found)
        self.assertIn(one["id"], [x["id"] for x in found["items"]], term)
        self.server.terminate()
        self.assertEqual(self.server.wait(timeout=30), 0)
        drain.join(timeout=30)
        self.server.stdout.close()

    def test_backup_can_be_turned_off_and_a_failed_backup_stops_the_upgrade(self):
        latest = latest_version()
        # A backup that cannot be written: the upgrade is refused, the database untouched.
        url, before = self.load_fixture("refused")
        blocker = os.path.join(self.work, "not-a-directory")
        with open(blocker, "w", encoding="utf-8") as f:
            f.write("x")
        env = self.env(XINFANG_UPGRADE_BACKUP_DIR=os.path.join(blocker, "backups"))
        r = run(env, "migrate", "--db", url, check=False, cwd=self.work)
        self.assertNotEqual(r.returncode, 0, r.stdout)
        self.assertIn("升级前备份", r.stderr)
        self.assertIn("数据库未做任何改动", r.stderr)
        self.assertEqual(self.backend.version(url), FIXTURE_VERSION)
        self.assert_same(self.snapshot(url), before, "after the refused upgrade")
        # The server refuses to start on it the same way (migrations run at start too).
        r = subprocess.run([harness.BIN, "serve", "--db", url, "--listen", "127.0.0.1:0"], env=env,
                           capture_output=True, text=True, timeout=120, cwd=self.work)
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("升级前备份", r.stderr)
        self.assertEqual(self.backend.version(url), FIXTURE_VERSION)

        # Turned off (environment, and --no-backup): upgraded, no backup, and the command says so.
        for tag, extra_env, flags in (("off-env", {"XINFANG_BACKUP_BEFORE_MIGRATE": "0"}, []),
                                      ("off-flag", {}, ["--no-backup"])):
            url, before = self.load_fixture(tag)
            folder = os.path.join(self.work, tag + "-backups")
            env = self.env(XINFANG_UPGRADE_BACKUP_DIR=folder, **extra_env)
            r = run(env, "migrate", "--db", url, *flags, cwd=self.work)
            self.assertIn(f"从版本 {FIXTURE_VERSION} 升级到 {latest}", r.stdout)
            self.assertIn("未做升级前备份", r.stdout)
            self.assertFalse(os.path.exists(folder) and os.listdir(folder), tag)
            self.assertEqual(self.backend.version(url), latest)


if __name__ == "__main__":
    unittest.main()
