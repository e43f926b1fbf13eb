"""Backup and restore (issue #9 item 7; docs/deploy.md "Backup and restore").

A server is filled through the API (cases, workflow actions, the documents they issue, an attachment). Then:
  1. online: `xinfang backup --db URL --out FILE --files-out DIR` while client threads keep registering and acting;
     the backup is restored into a fresh directory / database: it is a consistent database (integrity_check ok on
     SQLite, `xinfang stats verify` ok) holding at least every case acknowledged before the backup began;
  2. at rest (the server still running, no request in flight): backup, restore into a fresh directory / database,
     and `xinfang db checksum` prints the same row count and SHA-256 for every table on both sides; a server started
     on the restored copy (with the original key) shows the cases, decrypts personal data, serves the attachment
     and the document PDFs byte for byte;
  3. refusals: restoring onto a non-empty target without --force exits 2 and changes nothing; on SQLite --force onto
     a database a server has open is refused too; --force onto a stopped one works.
SQLite by default; PostgreSQL (pg_dump / pg_restore) when XINFANG_TEST_PG_DIR names a running scripts/pg.sh cluster.
XF_BACKUP_CASES (default 60) cases are registered first. Timings and sizes are printed. Standard library only.

Run: XINFANG_BIN=build/src/xinfang XINFANG_SOURCE_DIR=. python3 -m unittest -v test_backup   (in this folder)
"""
import hashlib
import http.client
import os
import secrets
import shutil
import sqlite3
import sys
import tempfile
import threading
import time
import unittest
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "api"))
import harness  # noqa: E402
from test_api import registration  # noqa: E402
from test_documents import PNG, multipart  # noqa: E402

CASES = int(os.environ.get("XF_BACKUP_CASES", "60"))


def run(env, *args, check=True):
    import subprocess
    r = subprocess.run([harness.BIN, *args], env=env, capture_output=True, text=True, timeout=600)
    if check and r.returncode != 0:
        raise AssertionError(f"xinfang {' '.join(args)} exited {r.returncode}: {r.stdout}{r.stderr}")
    return r


def download(port, cookie, path):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    conn.request("GET", path, headers={"Cookie": cookie})
    r = conn.getresponse()
    data = r.read()
    conn.close()
    return r.status, data


class BackupTest(unittest.TestCase):
    def setUp(self):
        self.server = harness.Server()
        self.pg = self.server.pg_database is not None
        self.work = tempfile.mkdtemp(prefix="xf-backup-")
        self.databases = []  # PostgreSQL databases made here
        self.servers = []

    def tearDown(self):
        for s in self.servers:
            s.terminate()
            s.wait(timeout=20)
        self.server.stop()
        for name in self.databases:
            harness.pg_admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        shutil.rmtree(self.work, ignore_errors=True)

    # ---- helpers --------------------------------------------------------------------------------------------------

    def target(self, tag):
        """A fresh place to restore into: (URL, env with its own files directory)."""
        d = os.path.join(self.work, tag)
        os.makedirs(d)
        env = dict(self.server.env, XINFANG_FILES_DIR=os.path.join(d, "files"))
        if self.pg:
            name = "xf_restore_" + secrets.token_hex(4)
            harness.pg_admin(f"CREATE DATABASE {name}")
            self.databases.append(name)
            return f"postgresql://postgres@127.0.0.1:{harness.pg_port()}/{name}", env, d
        # The key travels apart from the backup: here, the operator puts the original secret.key back.
        shutil.copy(os.path.join(self.server.dir, "secret.key"), os.path.join(d, "secret.key"))
        return "sqlite:" + os.path.join(d, "xf.db"), env, d

    def checksums(self, env, url):
        out = run(env, "db", "checksum", "--db", url).stdout
        lines = [line.split("\t") for line in out.splitlines()]
        self.assertEqual(lines[0][0], "schema_version")
        tables = {t: (int(n), h) for t, n, h in lines[1:]}
        for t in ("petitions", "events", "audit", "stat_day", "stat_month", "documents", "attachments", "users"):
            self.assertIn(t, tables)
        return out, tables

    def fill(self, n):
        reg, hr = harness.Client(self.server.port), harness.Client(self.server.port)
        reg.login("reg")
        hr.login("hr")
        ids = []
        for i in range(n):
            status, doc, _ = reg.post("/api/v1/petitions", registration(title=f"备份测试 {i}",
                                                                         content=f"第{i}件：拖欠工资，请求解决。"))
            self.assertEqual(status, 201, doc)
            ids.append(doc["id"])
            if i % 3 == 0:
                reg.act(doc["id"], "forward", {"target_org_code": "county_hr", "comment": "请依法处理。"})
                if i % 2 == 0:
                    hr.act(doc["id"], "accept", {})  # issues the acceptance notice (a rendered PDF)
        body, ctype = multipart([("来信扫描.png", PNG + uuid.uuid4().bytes)])
        status, doc, _ = reg.request("POST", f"/api/v1/petitions/{ids[0]}/attachments", raw=body,
                                     headers={"Content-Type": ctype})
        self.assertEqual(status, 201, doc)
        return ids, doc["items"][0]

    def start_server(self, url, env):
        import re
        import subprocess
        p = subprocess.Popen([harness.BIN, "serve", "--db", url, "--listen", "127.0.0.1:0"], env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        self.servers.append(p)
        deadline = time.time() + 60
        while time.time() < deadline:
            line = p.stdout.readline()
            if not line:
                break
            m = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
            if m:
                threading.Thread(target=lambda: [None for _ in iter(p.stdout.readline, "")], daemon=True).start()
                return int(m.group(1))
        self.fail("server on the restored database did not start")

    # ---- the test -------------------------------------------------------------------------------------------------

    def test_backup_online_restore_fresh_and_compare_every_table(self):
        env, url = self.server.env, self.server.db
        t0 = time.time()
        ids, attachment = self.fill(CASES)
        fill_seconds = time.time() - t0
        files_backup = os.path.join(self.work, "files-backup")

        # 1. Online: writes go on during the backup.
        stop = threading.Event()
        acked = []
        errors = []

        def writer():
            c = harness.Client(self.server.port)
            c.login("reg")
            k = 0
            while not stop.is_set():
                status, doc, _ = c.post("/api/v1/petitions", registration(title=f"备份期间 {k}"))
                if status != 201:
                    errors.append((status, doc))
                    return
                acked.append(doc["id"])
                k += 1

        threads = [threading.Thread(target=writer) for _ in range(2)]
        for t in threads:
            t.start()
        time.sleep(0.5)
        before_backup = len(ids) + len(acked)
        online = os.path.join(self.work, "online.backup")
        r = run(env, "backup", "--db", url, "--out", online, "--files-out", files_backup)
        stop.set()
        for t in threads:
            t.join()
        self.assertEqual(errors, [])
        self.assertGreater(len(acked), 0, "no write went on during the backup")
        target_url, target_env, target_dir = self.target("online")
        run(target_env, "restore", "--in", online, "--db", target_url, "--files-in", files_backup)
        run(target_env, "stats", "verify", "--db", target_url)
        _, restored = self.checksums(target_env, target_url)
        self.assertGreaterEqual(restored["petitions"][0], before_backup)
        self.assertLessEqual(restored["petitions"][0], len(ids) + len(acked))
        if not self.pg:
            con = sqlite3.connect(f"file:{os.path.join(target_dir, 'xf.db')}?mode=ro", uri=True)
            self.assertEqual(con.execute("PRAGMA integrity_check").fetchall(), [("ok",)])
            con.close()

        # 2. At rest: restored = source, table by table.
        backup = os.path.join(self.work, "xinfang.backup")
        for attempt in range(5):  # the server's own background work (jobs) may write in between: take a quiet moment
            before_text, _ = self.checksums(env, url)
            t0 = time.time()
            r = run(env, "backup", "--db", url, "--out", backup, "--files-out", files_backup)
            backup_seconds = time.time() - t0
            self.assertIn("已备份", r.stdout)
            source_text, source = self.checksums(env, url)
            if source_text == before_text:
                break
        else:
            self.fail("the source database never stood still around a backup")
        target_url, target_env, target_dir = self.target("fresh")
        t0 = time.time()
        r = run(target_env, "restore", "--in", backup, "--db", target_url, "--files-in", files_backup)
        restore_seconds = time.time() - t0
        self.assertIn("已恢复", r.stdout)
        restored_text, restored = self.checksums(target_env, target_url)
        self.assertEqual(restored_text, source_text)
        self.assertGreaterEqual(source["petitions"][0], CASES)
        self.assertGreater(source["documents"][0], 0)
        self.assertEqual(source["attachments"][0], 1)
        print(f"\n{'PostgreSQL' if self.pg else 'SQLite'}: {source['petitions'][0]} cases, "
              f"{source['events'][0]} events, {source['documents'][0]} documents filled in {fill_seconds:.1f} s; "
              f"backup {os.path.getsize(backup)} bytes in {backup_seconds:.2f} s, restore in {restore_seconds:.2f} s "
              f"(wall time of the commands); {len(source)} tables compared", file=sys.stderr)

        # The restored copy serves: cases, decrypted personal data, attachment and documents byte for byte.
        port = self.start_server(target_url, target_env)
        old, new = harness.Client(self.server.port), harness.Client(port)
        old.login("hr")
        new.login("hr")
        pid = ids[0]
        s1, a, _ = old.get(f"/api/v1/petitions/{pid}")
        s2, b, _ = new.get(f"/api/v1/petitions/{pid}")
        self.assertEqual((s1, s2), (200, 200))
        self.assertEqual(a["petitioners"], b["petitioners"])
        # Shown masked, which needs the decrypted number: with another key it would read 无法解密.
        self.assertEqual(b["petitioners"][0]["phone"], "138****5678")
        st, data = download(port, new.cookie, f"/api/v1/attachments/{attachment['id']}")
        self.assertEqual(st, 200)
        self.assertEqual(hashlib.sha256(data).hexdigest(), attachment["sha256"])
        docs = new.get(f"/api/v1/petitions/{pid}/documents")[1]["items"]
        self.assertGreater(len(docs), 0)
        for d in docs:
            st, data = download(port, new.cookie, f"/api/v1/documents/{d['id']}/pdf")
            self.assertEqual(st, 200, d)
            self.assertEqual(hashlib.sha256(data).hexdigest(), d["sha256"])

        # 3. Refusals. On SQLite, --force onto the database the restored server has open: refused as in use.
        if not self.pg:
            r = run(target_env, "restore", "--in", online, "--db", target_url, "--force", check=False)
            self.assertEqual(r.returncode, 2, r.stdout + r.stderr)
            self.assertIn("正在被使用", r.stderr)
        for s in self.servers:
            s.terminate()
            s.wait(timeout=20)
        self.servers = []
        # A backup of a SQLite database that does not exist: exit 2 naming the field, no output file.
        if not self.pg:
            missing = os.path.join(os.path.dirname(online), "missing.db")
            out = os.path.join(os.path.dirname(online), "of-missing.backup")
            r = run(target_env, "backup", "--db", "sqlite:" + missing, "--out", out, check=False)
            self.assertEqual(r.returncode, 2, r.stdout + r.stderr)
            self.assertIn("[db]", r.stderr)
            self.assertIn("数据库文件不存在", r.stderr)
            self.assertFalse(os.path.exists(out))
            self.assertFalse(os.path.exists(missing))
        # A non-empty target without --force: exit 2, nothing changed.
        target_text, _ = self.checksums(target_env, target_url)
        r = run(target_env, "restore", "--in", online, "--db", target_url, check=False)
        self.assertEqual(r.returncode, 2, r.stdout + r.stderr)
        self.assertEqual(self.checksums(target_env, target_url)[0], target_text)
        # --force onto the stopped target: replaced by the online backup.
        run(target_env, "restore", "--in", online, "--db", target_url, "--force")
        _, forced = self.checksums(target_env, target_url)
        self.assertLess(forced["petitions"][0], source["petitions"][0])
        run(target_env, "stats", "verify", "--db", target_url)


if __name__ == "__main__":
    unittest.main()
