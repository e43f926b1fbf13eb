"""Issue #9: a retried registration is not registered twice (Idempotency-Key), and the audit log's hash chain
detects edits and deletions (`xinfang audit verify`). Runs on SQLite and on PostgreSQL (api_pg_test)."""
import json
import os
import sqlite3
import subprocess
import tempfile
import threading
import unittest
import uuid

from harness import PG_DIR, ServerTestCase, pg_port
from test_api import registration
from test_portal import portal_submission


class IdempotencyTest(ServerTestCase):
    def case_count(self, c):
        status, doc, _ = c.get("/api/v1/workbench")
        self.assertEqual(status, 200, doc)
        return doc["open_total"]

    def test_a_retried_registration_returns_the_first_reply(self):
        reg = self.client("reg")
        before = self.case_count(reg)
        key = str(uuid.uuid4())
        body = registration(content="重试的登记：同一幂等键只登记一次。")
        s1, d1, r1 = reg.post("/api/v1/petitions", body, headers={"Idempotency-Key": key})
        self.assertEqual(s1, 201, d1)
        self.assertIsNone(r1.getheader("Idempotent-Replayed"))
        s2, d2, r2 = reg.post("/api/v1/petitions", body, headers={"Idempotency-Key": key})
        self.assertEqual(s2, 201, d2)
        self.assertEqual(r2.getheader("Idempotent-Replayed"), "true")
        self.assertEqual(d2, d1)  # id, number, 查询码 and the secret shown once: the same reply
        self.assertEqual(r2.getheader("Location"), r1.getheader("Location"))
        self.assertEqual(self.case_count(reg), before + 1)

        # The same key for a different registration is refused; nothing is written.
        s3, d3, _ = reg.post("/api/v1/petitions", registration(content="另一份登记"), headers={"Idempotency-Key": key})
        self.assertEqual(s3, 409, d3)
        self.assertEqual(d3["field"], "Idempotency-Key")
        self.assertEqual(self.case_count(reg), before + 1)

        # Keys belong to the user who sent them: another registrar's same key is a new registration.
        other = self.client("other")
        s4, d4, _ = other.post("/api/v1/petitions", registration(org_code="other_county"),
                               headers={"Idempotency-Key": key})
        self.assertEqual(s4, 201, d4)
        self.assertNotEqual(d4["id"], d1["id"])

        # Without a key every POST registers (the console sends one per form).
        s5, d5, _ = reg.post("/api/v1/petitions", body)
        s6, d6, _ = reg.post("/api/v1/petitions", body)
        self.assertEqual((s5, s6), (201, 201))
        self.assertNotEqual(d5["id"], d6["id"])

    def test_bad_keys_are_refused_before_anything_is_written(self):
        reg = self.client("reg")
        before = self.case_count(reg)
        for key in ["x" * 129, "含中文的键", "with space"]:
            status, doc, _ = reg.post("/api/v1/petitions", registration(),
                                      headers={"Idempotency-Key": key.encode().decode("latin-1")})
            self.assertEqual(status, 400, (key, doc))
            self.assertEqual(doc["field"], "Idempotency-Key")
        self.assertEqual(self.case_count(reg), before)

    def test_concurrent_retries_register_once(self):
        reg = self.client("reg")
        before = self.case_count(reg)
        key = str(uuid.uuid4())
        body = registration(content="并发重试：八个请求同时带同一个幂等键。")
        results = []

        def send():
            c = self.client()
            c.cookie, c.csrf = reg.cookie, reg.csrf
            status, doc, r = c.post("/api/v1/petitions", body, headers={"Idempotency-Key": key})
            results.append((status, doc))

        threads = [threading.Thread(target=send) for _ in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        ids = {doc["id"] for status, doc in results if status == 201}
        self.assertEqual(len(ids), 1, results)
        # A request that lost the race while the first was still being written is told to retry (409), never
        # given a second case.
        self.assertTrue(all(status in (201, 409) for status, _ in results), results)
        self.assertEqual(self.case_count(reg), before + 1)
        status, doc, r = reg.post("/api/v1/petitions", body, headers={"Idempotency-Key": key})
        self.assertEqual((status, doc["id"], r.getheader("Idempotent-Replayed")), (201, ids.pop(), "true"))

    def test_a_retried_portal_submission_is_registered_once(self):
        pub = self.client()
        body = portal_submission(content="网上信访重复提交：网络中断后浏览器重发。")
        status, doc, _ = pub.post("/api/v1/portal/petitions", body, headers={"Idempotency-Key": "short"})
        self.assertEqual(status, 400, doc)
        self.assertEqual(doc["field"], "Idempotency-Key")
        key = uuid.uuid4().hex
        s1, d1, _ = pub.post("/api/v1/portal/petitions", body, headers={"Idempotency-Key": key})
        self.assertEqual(s1, 201, d1)
        s2, d2, r2 = pub.post("/api/v1/portal/petitions", body, headers={"Idempotency-Key": key})
        self.assertEqual(s2, 201, d2)
        self.assertEqual(r2.getheader("Idempotent-Replayed"), "true")
        self.assertEqual((d2["number"], d2["query_code"], d2["secret"]), (d1["number"], d1["query_code"], d1["secret"]))


class AuditChainTest(ServerTestCase):
    """The audit log is append-only and its hash chain shows any edit or deletion made behind the system's back."""

    def fill(self):
        reg = self.client("reg")
        for i in range(3):
            created = reg.post("/api/v1/petitions", registration(content=f"审计链测试 {i}"))[1]
            reg.post(f"/api/v1/petitions/{created['id']}/reveal", {"reason": "核实信访人身份"})

    def verify(self, *extra):
        return self.server.cli("audit", "verify", "--db", self.server.db, *extra, check=False)

    def sql(self, statements):
        """Runs SQL on the database directly, as someone with file or superuser access would."""
        if PG_DIR:
            subprocess.run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-p", str(pg_port()),
                            "-U", "postgres", "-d", self.server.pg_database, "-c", statements],
                           check=True, capture_output=True, timeout=60)
        else:
            con = sqlite3.connect(self.server.db.removeprefix("sqlite:"), timeout=30)
            try:
                con.executescript(statements)
            finally:
                con.close()

    def test_verify_detects_edits_deletions_and_truncation(self):
        self.fill()
        anchors = os.path.join(self.server.dir, "anchors.txt")
        ok = self.verify("--save-anchors", anchors)
        self.assertEqual(ok.returncode, 0, ok.stdout + ok.stderr)
        self.assertIn("完整无篡改", ok.stdout)
        with open(anchors, encoding="utf-8") as f:
            self.assertTrue(any(line and not line.startswith("#") for line in f.read().splitlines()))

        # The database itself refuses to change a record.
        with self.assertRaises((sqlite3.DatabaseError, subprocess.CalledProcessError)):
            self.sql("UPDATE audit SET detail = '{}' WHERE id = (SELECT max(id) FROM audit)")
        with self.assertRaises((sqlite3.DatabaseError, subprocess.CalledProcessError)):
            self.sql("DELETE FROM audit WHERE id = (SELECT min(id) FROM audit)")

        off = ("ALTER TABLE audit DISABLE TRIGGER USER;" if PG_DIR else
               "DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete;")
        # An edit, with the triggers out of the way.
        target = "seq = 2 AND chain = (SELECT min(chain) FROM audit_chains WHERE seq >= 3)"
        self.sql(off + f"UPDATE audit SET action = action || 'X' WHERE {target}")
        bad = self.verify()
        self.assertEqual(bad.returncode, 1, bad.stdout + bad.stderr)
        self.assertIn("被修改", bad.stderr)

        # A deletion of the newest records, with the head rewritten to match: consistent in itself, caught by the
        # anchors saved earlier.
        self.sql(f"UPDATE audit SET action = substr(action, 1, length(action) - 1) WHERE {target}")
        self.assertEqual(self.verify().returncode, 0)  # the edit undone byte for byte
        self.sql("""DELETE FROM audit WHERE chain = (SELECT min(chain) FROM audit_chains WHERE seq >= 3)
                      AND seq = (SELECT seq FROM audit_chains WHERE chain = (SELECT min(chain) FROM audit_chains
                                 WHERE seq >= 3));
                    UPDATE audit_chains SET seq = seq - 1, hash = (SELECT a.hash FROM audit a
                      WHERE a.chain = audit_chains.chain AND a.seq = audit_chains.seq - 1)
                    WHERE chain = (SELECT min(chain) FROM audit_chains WHERE seq >= 3);""")
        self.assertEqual(self.verify().returncode, 0)
        cut = self.verify("--anchors", anchors)
        self.assertEqual(cut.returncode, 1, cut.stdout + cut.stderr)
        self.assertIn("截短", cut.stderr)

        # A record slipped in outside any chain.
        self.sql("INSERT INTO audit(at, actor_user_id, actor_kind, action, object_type, object_id, detail, "
                 "request_id, remote_addr, chain, seq, prev_hash, hash) VALUES (0, 0, 'staff', 'forged', 'x', '', "
                 "'{}', '', '', 999, 1, '', '')")
        forged = self.verify()
        self.assertEqual(forged.returncode, 1, forged.stdout + forged.stderr)
        self.assertIn("不属于任何已知的链", forged.stderr)


if __name__ == "__main__":
    unittest.main()
