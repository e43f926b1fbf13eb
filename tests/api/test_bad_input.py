"""Bad input everywhere (issue #9): oversized bodies and headers, slow-loris clients, malformed HTTP, invalid UTF-8,
control characters, SQL and script injection in every text field, path traversal in static files and attachment
names — each gets a clear 4xx (or is stored and returned verbatim, never executed), the server keeps serving, and
nothing is written by a refused request (case and audit row counts are compared). Also the security headers on API
answers, pages and errors (docs/architecture.md, "Security headers")."""
import json
import os
import socket
import subprocess
import tempfile
import time
import unittest
import urllib.parse

from harness import PG_DIR, Client, Server, ServerTestCase, pg_port
from test_api import registration

INJECTIONS = [
    "'; DROP TABLE petitions; --",
    "1' OR '1'='1",
    "Robert'); DELETE FROM audit; --",
    '" OR ""="',
    "%' UNION SELECT login, password_hash FROM users --",
    "<script>alert('xss')</script>",
    "<img src=x onerror=alert(1)>",
    "javascript:alert(document.cookie)",
    "{{7*7}}${7*7}<%= 7*7 %>",
    "\\\"; $(touch /tmp/xf-pwned); `id`",
]


def raw_exchange(port, data, read_timeout=10):
    """Sends raw bytes on a new connection; returns (status or None, everything the server sent until it closed)."""
    s = socket.create_connection(("127.0.0.1", port), timeout=read_timeout)
    try:
        s.sendall(data)
        chunks = []
        while True:
            try:
                b = s.recv(65536)
            except (ConnectionResetError, socket.timeout):
                break
            if not b:
                break
            chunks.append(b)
            if b"\r\n\r\n" in b"".join(chunks) and not data.startswith(b"GET /healthz"):
                # enough to read the status; the server closes after a protocol error (checked by the caller)
                pass
        answer = b"".join(chunks)
    finally:
        s.close()
    status = int(answer.split(b" ", 2)[1]) if answer.startswith(b"HTTP/1.") else None
    return status, answer


class BadInputTest(ServerTestCase):
    @classmethod
    def setUpClass(cls):
        # A static directory with a page, and a secret file beside it that must never be served.
        cls.root_dir = tempfile.mkdtemp(prefix="xf-static-")
        cls.static = os.path.join(cls.root_dir, "dist")
        os.makedirs(os.path.join(cls.static, "assets"))
        with open(os.path.join(cls.static, "index.html"), "w", encoding="utf-8") as f:
            f.write("<!doctype html><title>xinfang</title><div id=app></div>")
        with open(os.path.join(cls.static, "assets", "app.js"), "w", encoding="utf-8") as f:
            f.write("console.log('ok')")
        with open(os.path.join(cls.root_dir, "secret.txt"), "w", encoding="utf-8") as f:
            f.write("TOP-SECRET-OUTSIDE-THE-WEB-ROOT")
        cls.server = Server(env={"XINFANG_STATIC_DIR": cls.static, "XINFANG_READ_TIMEOUT_SECONDS": "2"})
        cls.port = cls.server.port

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()
        import shutil
        shutil.rmtree(cls.root_dir, ignore_errors=True)

    # ------------------------------------------------------------------ helpers

    def count(self, table):
        """Rows of `table` in the server's database (read beside the server, SQLite or PostgreSQL)."""
        if not PG_DIR:
            import sqlite3
            path = self.server.db[len("sqlite:"):]
            con = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=30)
            try:
                return con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            finally:
                con.close()
        out = subprocess.run(["psql", "-X", "-At", "-h", "127.0.0.1", "-p", str(pg_port()), "-U", "postgres", "-d",
                              self.server.pg_database, "-c", f"SELECT count(*) FROM {table}"],
                             check=True, capture_output=True, text=True, timeout=60)
        return int(out.stdout.strip())

    def counts(self):
        return self.count("petitions"), self.count("audit")

    def assertNothingWritten(self, before, what):
        self.assertEqual(self.counts(), before, f"{what}: something was written")

    def assertServing(self):
        status, doc, _ = self.client().get("/healthz")
        self.assertEqual(status, 200)

    # ------------------------------------------------------------------ sizes

    def test_oversized_body_is_413_and_writes_nothing(self):
        reg = self.client("reg")
        before = self.counts()
        big = registration(content="长" * 400_000)  # 1.2 MB of UTF-8, over the 1 MiB limit
        status, doc, _ = reg.post("/api/v1/petitions", big)
        self.assertEqual(status, 413, doc)
        self.assertNothingWritten(before, "oversized registration")
        # Announced but never sent: refused on the Content-Length alone.
        status, answer = raw_exchange(self.port, b"POST /api/v1/petitions HTTP/1.1\r\nHost: x\r\n"
                                                 b"Content-Type: application/json\r\nContent-Length: 50000000\r\n\r\n{")
        self.assertEqual(status, 413)
        # A public body over 64 KiB (the portal's own limit).
        status, doc, _ = self.client().post("/api/v1/portal/petitions", dict(registration(channel="online"),
                                                                             content="长" * 30_000, consent=True))
        self.assertEqual(status, 413, doc)
        self.assertNothingWritten(before, "oversized portal submission")
        self.assertServing()

    def test_oversized_header_is_431(self):
        status, answer = raw_exchange(self.port, b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 20000 +
                                      b"\r\n\r\n")
        self.assertEqual(status, 431, answer[:200])
        status, answer = raw_exchange(self.port, b"GET /healthz HTTP/1.1\r\nHost: x\r\n" +
                                      b"".join(b"X-H%d: v\r\n" % i for i in range(2000)) + b"\r\n")
        self.assertEqual(status, 431, answer[:200])
        self.assertServing()

    def test_slow_loris_is_cut_off(self):
        """A client that sends its header one byte at a time is disconnected by the server's read timeout
        (XINFANG_READ_TIMEOUT_SECONDS=2 here): the connection is closed, whatever the time it took."""
        s = socket.create_connection(("127.0.0.1", self.port), timeout=30)
        closed = False
        try:
            s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ")
            for _ in range(100):  # up to 20 s of trickling, ten times the timeout
                try:
                    s.sendall(b"a")
                except (BrokenPipeError, ConnectionResetError):
                    closed = True
                    break
                s.settimeout(0.2)
                try:
                    if s.recv(1) == b"":
                        closed = True
                        break
                except socket.timeout:
                    pass
                except ConnectionResetError:
                    closed = True
                    break
        finally:
            s.close()
        self.assertTrue(closed, "the server kept a trickling connection open")
        self.assertServing()

    # ------------------------------------------------------------------ malformed HTTP

    def test_malformed_http_is_400_and_the_server_keeps_serving(self):
        before = self.counts()
        bad = {
            "bad request line": b"GARBAGE\r\n\r\n",
            "no version": b"GET /healthz\r\nHost: x\r\n\r\n",
            "bad version": b"GET /healthz HTTP/9.9x\r\nHost: x\r\n\r\n",
            "space in target": b"GET /a b HTTP/1.1\r\nHost: x\r\n\r\n",
            "bad Content-Length": b"POST /api/v1/session HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n{}",
            "negative Content-Length": b"POST /api/v1/session HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n",
            "two different Content-Lengths": b"POST /api/v1/session HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n"
                                             b"Content-Length: 3\r\n\r\n{}}",
            "Content-Length and chunked": b"POST /api/v1/session HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\n"
                                          b"Transfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n",
            "invalid chunk size": b"POST /api/v1/session HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                                  b"zz\r\n{}\r\n0\r\n\r\n",
            "chunk size overflow": b"POST /api/v1/session HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                                   b"ffffffffffffffffffff\r\n{}\r\n0\r\n\r\n",
            "unknown transfer coding": b"POST /api/v1/session HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n{}",
            "header without colon": b"GET /healthz HTTP/1.1\r\nHost: x\r\nNoColonHere\r\n\r\n",
            "NUL in header": b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-A: a\x00b\r\n\r\n",
            "absolute-form target": b"GET http://evil.example/healthz HTTP/1.1\r\nHost: x\r\n\r\n",
        }
        for what, data in bad.items():
            status, answer = raw_exchange(self.port, data)
            self.assertEqual(status, 400, f"{what}: {answer[:300]!r}")
            self.assertIn(b"application/problem+json", answer, what)
            self.assertServing()
        self.assertNothingWritten(before, "malformed requests")

    # ------------------------------------------------------------------ UTF-8 and control characters

    def test_invalid_utf8_is_400_naming_the_field(self):
        reg = self.client("reg")
        before = self.counts()
        for field, prefix in [("title", ""), ("content", ""), ("name", "petitioners[0].")]:
            body = registration()
            marker = "@@BAD@@"
            if prefix:
                body["petitioners"][0][field] = marker
            else:
                body[field] = marker
            raw = json.dumps(body, ensure_ascii=False).encode().replace(marker.encode(), b"ab\xff\xfecd")
            status, doc, _ = reg.post("/api/v1/petitions", raw=raw)
            self.assertEqual((status, doc.get("field")), (400, prefix + field), doc)
        # A lone surrogate escape is not text either.
        status, doc, _ = reg.post("/api/v1/petitions", raw=json.dumps(registration()).replace(
            '"title": "', '"title": "\\ud800', 1).encode())
        self.assertEqual(status, 400, doc)
        # Query strings: the parameter is named.
        for target, field in [("/api/v1/petitions?number=%FF%FE", "number"), ("/api/v1/search?q=%C3%28", "q"),
                              ("/api/v1/petitions?region=99%80", "region")]:
            status, doc, _ = reg.get(target)
            self.assertEqual((status, doc.get("field")), (400, field), (target, doc))
        self.assertNothingWritten(before, "invalid UTF-8")

    def test_control_characters_are_400_naming_the_field(self):
        reg = self.client("reg")
        before = self.counts()
        for ch in ["\x00", "\x01", "\x08", "\x0b", "\x0c", "\x1b", "\x1f", "\x7f"]:
            for over, field in [({"title": f"标题{ch}"}, "title"), ({"content": f"内容{ch}内容内容"}, "content"),
                                ({"petitioners": [{"name": f"王{ch}明"}]}, "petitioners[0].name"),
                                ({"petitioners": [{"name": "王明", "address": f"幸福路{ch}"}]},
                                 "petitioners[0].address"),
                                ({"accused_name": f"某{ch}"}, "accused_name")]:
                status, doc, _ = reg.post("/api/v1/petitions", registration(**over))
                self.assertEqual((status, doc.get("field")), (400, field), (repr(ch), doc))
        for target, field in [("/api/v1/petitions?number=a%00b", "number"), ("/api/v1/search?q=%1B%5B2J", "q")]:
            status, doc, _ = reg.get(target)
            self.assertEqual((status, doc.get("field")), (400, field), (target, doc))
        self.assertNothingWritten(before, "control characters in a registration")
        # In actions and notes too: nothing is written, the case is unchanged.
        status, doc, _ = reg.post("/api/v1/petitions", registration(title="控制字符测试"))
        self.assertEqual(status, 201, doc)
        pid = doc["id"]
        version = reg.get(f"/api/v1/petitions/{pid}")[1]["version"]
        before = self.counts()
        for body, field in [({"target_org_code": "county_hr", "internal_note": "注意\x1b[31m"}, "internal_note"),
                            ({"target_org_code": "county_hr", "reason": "\x00"}, "reason")]:
            status, doc, _ = reg.post(f"/api/v1/petitions/{pid}/actions/forward", body)
            self.assertEqual((status, doc.get("field")), (400, field), doc)
        self.assertNothingWritten(before, "control characters in an action")
        self.assertEqual(reg.get(f"/api/v1/petitions/{pid}")[1]["version"], version)
        # Tab, line feed and carriage return are ordinary text.
        status, doc, _ = reg.post("/api/v1/petitions", registration(content="第一段\n第二段\r\n\t第三段缩进"))
        self.assertEqual(status, 201, doc)
        self.assertEqual(reg.get(f"/api/v1/petitions/{doc['id']}")[1]["content"], "第一段\n第二段\r\n\t第三段缩进")

    # ------------------------------------------------------------------ injection

    def test_injection_strings_are_stored_and_returned_verbatim(self):
        reg, hr = self.client("reg"), self.client("hr")
        prov = self.client("prov")
        for i, evil in enumerate(INJECTIONS):
            before = self.counts()
            body = registration(title=f"注入{i} {evil}", content=f"内容 {evil} 内容", accused_name=evil,
                                petitioners=[{"name": ("王" + evil)[:50], "address": evil, "phone": "13812345678"}])
            status, doc, r = reg.post("/api/v1/petitions", body)
            self.assertEqual(status, 201, (evil, doc))
            self.assertTrue(r.getheader("Content-Type").startswith("application/json"))
            pid = doc["id"]
            got = reg.get(f"/api/v1/petitions/{pid}")[1]
            self.assertEqual(got["title"], f"注入{i} {evil}")
            self.assertEqual(got["content"], f"内容 {evil} 内容")
            self.assertEqual(got["accused_name"], evil)
            self.assertEqual(got["petitioners"][0]["name"], ("王" + evil)[:50])
            revealed = reg.post(f"/api/v1/petitions/{pid}/reveal", {"reason": "核对注入字符串"})[1]
            self.assertEqual(revealed["petitioners"][0]["address"], evil)
            # Actions and notes.
            reg.act(pid, "forward", {"target_org_code": "county_hr", "internal_note": evil})
            hr.act(pid, "accept", {"internal_note": evil})
            done = hr.act(pid, "reply", {"outcome": "supported", "facts": evil, "reasons": evil, "legal_basis": evil,
                                         "internal_note": evil})
            self.assertEqual(done["decision"]["facts"], evil)
            self.assertEqual(done["decision"]["legal_basis"], evil)
            self.assertEqual([e["internal_note"] for e in done["timeline"] if e["action"] == "forward"], [evil])
            # Lists, search and the database are intact: one more case, every earlier one still there.
            after = self.counts()
            self.assertEqual(after[0], before[0] + 1, evil)
            self.assertGreater(after[1], before[1])
            status, found, _ = prov.get("/api/v1/search?q=" + urllib.parse.quote(evil))
            self.assertEqual(status, 200, found)  # whatever it matches, it is a query, not SQL
            items = prov.get("/api/v1/petitions?limit=200")[1]["items"]
            self.assertIn(pid, [x["id"] for x in items])
        self.assertEqual(self.count("users"), len(self.server_users()))

    def server_users(self):
        from harness import USERS
        return USERS

    # ------------------------------------------------------------------ paths

    def test_path_traversal_serves_nothing_outside_the_web_root(self):
        attempts = ["/../secret.txt", "/%2e%2e/secret.txt", "/%2E%2E/secret.txt", "/..%2fsecret.txt",
                    "/%2e%2e%2fsecret.txt", "/assets/../../secret.txt", "/assets/%2e%2e/%2e%2e/secret.txt",
                    "/.%2e/secret.txt", "/..%5csecret.txt", "//" + self.root_dir.lstrip("/") + "/secret.txt",
                    "/%2F" + self.root_dir.lstrip("/") + "/secret.txt", "//etc/passwd", "///etc/passwd",
                    "/assets//../../secret.txt", "/%252e%252e/secret.txt"]
        for target in attempts:
            status, answer = raw_exchange(self.port, f"GET {target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                                          .encode())
            self.assertNotIn(b"TOP-SECRET", answer, target)
            self.assertNotIn(b"root:", answer, target)
            self.assertIn(status, (400, 404, 200), target)
            if status == 200:  # only the console's own page (single-page app fallback)
                self.assertIn(b"<div id=app>", answer, target)
        for target in ["/index.html%00.txt", "/assets/app.js%00", "/\x00/etc/passwd"]:
            status, answer = raw_exchange(self.port, f"GET {target} HTTP/1.1\r\nHost: x\r\n\r\n".encode())
            self.assertEqual(status, 400, target)
        # Static files themselves still work.
        status, answer = raw_exchange(self.port, b"GET /assets/app.js HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        self.assertEqual(status, 200)
        self.assertIn(b"console.log", answer)

    def test_attachment_names_are_sanitised(self):
        reg = self.client("reg")
        status, doc, _ = reg.post("/api/v1/petitions", registration(title="附件名测试"))
        self.assertEqual(status, 201, doc)
        pid = doc["id"]
        for name in ["../../etc/passwd", "..\\..\\windows\\win.ini", "/etc/shadow.txt", "a\x00b.txt",
                     "<script>alert(1)</script>.txt", "\u202etxt.exe", ".hidden", "x" * 300 + ".txt"]:
            boundary = "xfbad" + str(time.monotonic_ns())
            encoded = name.encode("utf-8")
            body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"".encode() +
                    encoded.replace(b'"', b"%22") + b"\"\r\nContent-Type: text/plain\r\n\r\nplain text\r\n" +
                    f"--{boundary}--\r\n".encode())
            status, doc, _ = reg.request("POST", f"/api/v1/petitions/{pid}/attachments", raw=body,
                                         headers={"Content-Type": f"multipart/form-data; boundary={boundary}"})
            if status == 400:
                continue
            self.assertEqual(status, 201, (name, doc))
            stored = doc["items"][0]["file_name"]
            for bad in ("/", "\\", "\x00", "\u202e", ".."):
                self.assertNotIn(bad, stored, (name, stored))
            self.assertFalse(stored.startswith("."), stored)
            self.assertLessEqual(len(stored), 80)
            conn_status, _, r = reg.request("GET", f"/api/v1/attachments/{doc['items'][0]['id']}")
            self.assertEqual(conn_status, 200)
            disposition = r.getheader("Content-Disposition")
            self.assertTrue(disposition.startswith("attachment;"), disposition)
            self.assertNotIn("/", disposition.split("filename*=")[0])

    # ------------------------------------------------------------------ security headers

    def test_security_headers(self):
        c = self.client("reg")
        for path, page in [("/healthz", False), ("/api/v1/petitions", False), ("/api/v1/nothing-here", False),
                           ("/", True), ("/petitions/1", True)]:
            status, _, r = c.get(path)
            self.assertIn(status, (200, 404), path)
            csp = r.getheader("Content-Security-Policy")
            self.assertIsNotNone(csp, path)
            self.assertIn("frame-ancestors 'none'", csp, path)
            self.assertEqual(r.getheader("X-Frame-Options"), "DENY", path)
            self.assertEqual(r.getheader("X-Content-Type-Options"), "nosniff", path)
            self.assertEqual(r.getheader("Referrer-Policy"), "no-referrer", path)
            self.assertIsNotNone(r.getheader("Permissions-Policy"), path)
            self.assertIsNone(r.getheader("Strict-Transport-Security"), path)
            if page:
                self.assertIn("script-src 'self'", csp)
                self.assertNotIn("unsafe-eval", csp)
                self.assertEqual(r.getheader("Cache-Control"), "no-cache")
            else:
                self.assertIn("default-src 'none'", csp)
                self.assertEqual(r.getheader("Cache-Control"), "no-store", path)
        # HSTS only over TLS, as a trusted proxy reports it; here no proxy is trusted.
        status, _, r = c.request("GET", "/healthz", headers={"X-Forwarded-Proto": "https"})
        self.assertIsNone(r.getheader("Strict-Transport-Security"))


class TrustedProxyHstsTest(unittest.TestCase):
    def test_hsts_when_the_trusted_proxy_says_https(self):
        server = Server(env={"XINFANG_TRUSTED_PROXIES": "127.0.0.1"})
        try:
            c = Client(server.port)
            status, _, r = c.request("GET", "/healthz", headers={"X-Forwarded-Proto": "https"})
            self.assertEqual(r.getheader("Strict-Transport-Security"), "max-age=31536000")
            status, _, r = c.request("GET", "/healthz")
            self.assertIsNone(r.getheader("Strict-Transport-Security"))
        finally:
            server.stop()


if __name__ == "__main__":
    unittest.main()
