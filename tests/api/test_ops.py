"""Operations (issue #10, docs/operations.md): GET /metrics in the Prometheus text format (it parses, counters move
after requests, labels are route patterns, only loopback / [metrics] allow / the bearer token may read it), GET
/readyz (200, or 503 naming the failed check), request ids (accepted or generated, echoed in the header, in
problem+json bodies and in the log lines written while handling the request, text and JSON log formats), and
`xinfang doctor` run as a command (one line per check, exit 0 / 1 / 2)."""
import datetime
import json
import os
import re
import shutil
import sqlite3
import stat
import subprocess
import tempfile
import time
import unittest

from harness import BIN, PG_DIR, SOURCE, USERS, Client, Server, fresh_database_url, pg_admin, pg_port
from test_api import registration

TOKEN = "ops-test-token-0123456789abcdef"

SAMPLE = re.compile(r"^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$")
LABEL = re.compile(r'([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\\n]|\\[\\"n])*)"')


def parse_labels(text):
    labels, pos = {}, 0
    while pos < len(text):
        m = LABEL.match(text, pos)
        if not m:
            raise ValueError(f"bad label set at {pos}: {text!r}")
        labels[m.group(1)] = m.group(2).replace("\\n", "\n").replace('\\"', '"').replace("\\\\", "\\")
        pos = m.end()
        if pos < len(text):
            if text[pos] != ",":
                raise ValueError(f"expected ',' at {pos}: {text!r}")
            pos += 1
    return labels


def parse_exposition(text):
    """Checks the text format 0.0.4 strictly enough for Prometheus and returns ({(name, labels): value}, types)."""
    samples, types, helps = {}, {}, set()
    for n, line in enumerate(text.split("\n"), 1):
        if not line:
            continue
        if line.startswith("# HELP "):
            name = line.split(" ", 3)[2]
            assert name not in helps, f"line {n}: second HELP for {name}"
            helps.add(name)
            continue
        if line.startswith("# TYPE "):
            _, _, name, kind = line.split(" ")
            assert kind in ("counter", "gauge", "histogram", "summary", "untyped"), line
            assert name not in types, f"line {n}: second TYPE for {name}"
            types[name] = kind
            continue
        assert not line.startswith("#"), f"line {n}: unknown comment {line!r}"
        m = SAMPLE.match(line)
        assert m, f"line {n}: not a sample: {line!r}"
        name, labels, value = m.group(1), parse_labels(m.group(2) or ""), float(m.group(3))
        family = re.sub(r"_(bucket|sum|count)$", "", name) if re.sub(r"_(bucket|sum|count)$", "", name) in types \
            else name
        assert family in types, f"line {n}: sample of {name} before its TYPE"
        key = (name, tuple(sorted(labels.items())))
        assert key not in samples, f"line {n}: sample repeated: {line!r}"
        samples[key] = value
    # Histograms: cumulative buckets, ascending le, +Inf == _count.
    for family, kind in types.items():
        if kind != "histogram":
            continue
        series = {}
        for (name, labels), value in samples.items():
            if name == family + "_bucket":
                rest = tuple(kv for kv in labels if kv[0] != "le")
                series.setdefault(rest, []).append((float(dict(labels)["le"]), value))
        for rest, buckets in series.items():
            buckets.sort()
            counts = [c for _, c in buckets]
            assert counts == sorted(counts), f"{family}{rest}: buckets not cumulative {buckets}"
            assert buckets[-1][0] == float("inf"), f"{family}{rest}: no +Inf bucket"
            assert samples[(family + "_count", rest)] == buckets[-1][1], f"{family}{rest}: +Inf != _count"
            assert (family + "_sum", rest) in samples
    return samples, types


def value(samples, name, **labels):
    return samples.get((name, tuple(sorted(labels.items()))), 0.0)


def log_lines(server, want):
    """The server's log lines once one of them satisfies `want` (the access line is written just after the answer,
    so it may lag the client by a moment); all lines if none does within 10 s."""
    deadline = time.monotonic() + 10
    while True:
        lines = server.log().splitlines()
        if any(want(l) for l in lines) or time.monotonic() > deadline:
            return lines
        time.sleep(0.05)


def run_sql(server, sql):
    """One statement on the server's own database (SQLite file or PostgreSQL database)."""
    if server.pg_database:
        subprocess.run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-p", str(pg_port()), "-U",
                        "postgres", "-d", server.pg_database, "-c", sql], check=True, capture_output=True, timeout=60)
    else:
        with sqlite3.connect(server.db[len("sqlite:"):], timeout=30) as db:
            db.execute(sql)


class OpsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        # The test clients stand behind a "proxy" on 127.0.0.1, so X-Forwarded-For sets the client address.
        cls.server = Server(log_file=True, env={"XINFANG_LOG_LEVEL": "info", "XINFANG_METRICS_TOKEN": TOKEN,
                                                "XINFANG_TRUSTED_PROXIES": "127.0.0.1"})
        cls.port = cls.server.port

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()

    def scrape(self, headers=None):
        status, text, r = Client(self.port).request("GET", "/metrics", headers=headers)
        self.assertEqual(status, 200, text)
        self.assertEqual(r.getheader("Content-Type"), "text/plain; version=0.0.4; charset=utf-8")
        return parse_exposition(text)

    # ------------------------------------------------------------------ /metrics

    def test_metrics_parse_and_hold_every_family(self):
        samples, types = self.scrape()
        expected = {
            "xinfang_http_requests_total": "counter", "xinfang_http_request_duration_seconds": "histogram",
            "xinfang_db_write_seconds": "histogram", "xinfang_db_writes_total": "counter",
            "xinfang_overdue_cases": "gauge", "xinfang_outbox_messages": "gauge",
            "xinfang_outbox_oldest_pending_age_seconds": "gauge", "xinfang_render_queue_depth": "gauge",
            "xinfang_build_info": "gauge", "process_resident_memory_bytes": "gauge", "process_open_fds": "gauge",
            "process_start_time_seconds": "gauge", "process_cpu_seconds_total": "counter",
        }
        if PG_DIR:
            expected.update({"xinfang_db_pool_connections": "gauge", "xinfang_db_pool_waiting": "gauge"})
        else:
            expected.update({"xinfang_sqlite_group_commit_seconds": "histogram",
                             "xinfang_sqlite_group_commit_items": "histogram",
                             "xinfang_db_write_queue_depth": "gauge", "xinfang_sqlite_wal_frames": "gauge"})
        for name, kind in expected.items():
            self.assertEqual(types.get(name), kind, name)
        for level in ("province", "city", "county", "township"):
            self.assertIn(("xinfang_overdue_cases", (("level", level),)), samples)
        self.assertGreater(value(samples, "process_resident_memory_bytes"), 1 << 20)
        self.assertGreater(value(samples, "process_open_fds"), 3)
        self.assertTrue([k for k in samples if k[0] == "xinfang_build_info" and samples[k] == 1])

    def test_counters_move_and_labels_are_route_patterns(self):
        before, _ = self.scrape()
        c = Client(self.port)
        for pid in (101, 102, 103):
            status, _, _ = c.get(f"/api/v1/petitions/{pid}")
            self.assertEqual(status, 401)
        c.get("/api/v1/no/such/route")
        c.login("reg")  # a write: the session
        after, _ = self.scrape()
        route = "/api/v1/petitions/{id}"
        self.assertEqual(value(after, "xinfang_http_requests_total", route=route, method="GET", status="401")
                         - value(before, "xinfang_http_requests_total", route=route, method="GET", status="401"), 3)
        self.assertGreaterEqual(value(after, "xinfang_http_request_duration_seconds_count", route=route, method="GET")
                                - value(before, "xinfang_http_request_duration_seconds_count", route=route,
                                        method="GET"), 3)
        self.assertGreater(value(after, "xinfang_http_requests_total", route="unmatched", method="GET", status="404"),
                           value(before, "xinfang_http_requests_total", route="unmatched", method="GET",
                                 status="404"))
        self.assertGreater(value(after, "xinfang_db_write_seconds_count"), value(before, "xinfang_db_write_seconds_count"))
        self.assertGreater(value(after, "xinfang_db_writes_total", result="committed"),
                           value(before, "xinfang_db_writes_total", result="committed"))
        if not PG_DIR:
            self.assertGreater(value(after, "xinfang_sqlite_group_commit_items_count"),
                               value(before, "xinfang_sqlite_group_commit_items_count"))
        # Never the raw path: bounded label values.
        routes = {dict(labels).get("route") for (name, labels) in after if name == "xinfang_http_requests_total"}
        self.assertNotIn("/api/v1/petitions/101", routes)
        self.assertFalse([r for r in routes if r and "101" in r], routes)

    def test_overdue_cases_are_counted_by_level(self):
        # Its own server, so that the first scrape counts (the figures are recounted at most every 60 s).
        server = Server()
        try:
            reg = Client(server.port)
            reg.login("reg")
            china_today = datetime.datetime.now(datetime.timezone(datetime.timedelta(hours=8))).date()
            received = (china_today - datetime.timedelta(days=40)).isoformat()
            status, doc, _ = reg.post("/api/v1/petitions", registration(received_at=received))
            self.assertEqual(status, 201, doc)  # 15 days to route it (条例第22条): long past
            reg.post("/api/v1/petitions", registration())  # received today: not overdue
            status, counts, _ = reg.get("/api/v1/workbench")
            self.assertEqual(status, 200, counts)
            self.assertEqual(counts["overdue"], 1)  # the workbench's rule, which the metric follows
            status, text, _ = Client(server.port).request("GET", "/metrics")
            self.assertEqual(status, 200)
            samples, _ = parse_exposition(text)
            self.assertEqual(value(samples, "xinfang_overdue_cases", level="county"), 1)  # held by 测试县信访局
            for level in ("national", "province", "city", "township", "village"):
                self.assertEqual(value(samples, "xinfang_overdue_cases", level=level), 0, level)
            self.assertGreater(value(samples, "xinfang_operational_figures_timestamp_seconds"), 1.5e9)
        finally:
            server.stop()

    def test_scheduled_jobs_show_their_last_runs(self):
        # Its own server (the first scrape counts); `xinfang jobs` runs the due jobs against the same database.
        server = Server()
        try:
            server.cli("jobs", "--db", server.db)
            status, text, _ = Client(server.port).request("GET", "/metrics")
            self.assertEqual(status, 200, text)
            samples, types = parse_exposition(text)
            for family in ("xinfang_job_last_start_timestamp_seconds", "xinfang_job_last_duration_seconds",
                           "xinfang_job_last_success", "xinfang_job_running", "xinfang_job_next_run_timestamp_seconds"):
                self.assertEqual(types.get(family), "gauge", family)
            jobs = {dict(labels)["job"] for (name, labels) in samples if name == "xinfang_job_last_success"}
            self.assertIn("deadline_reminders", jobs)
            self.assertIn("stats_sample_check", jobs)
            for job in ("deadline_reminders", "stats_sample_check"):
                self.assertEqual(value(samples, "xinfang_job_last_success", job=job), 1, job)
                self.assertEqual(value(samples, "xinfang_job_running", job=job), 0, job)
                started = value(samples, "xinfang_job_last_start_timestamp_seconds", job=job)
                self.assertGreater(started, time.time() - 600, job)
                self.assertGreater(value(samples, "xinfang_job_next_run_timestamp_seconds", job=job), started, job)
                self.assertGreaterEqual(value(samples, "xinfang_job_last_duration_seconds", job=job), 0, job)
        finally:
            server.stop()

    @unittest.skipUnless(PG_DIR, "needs the PostgreSQL cluster of XINFANG_TEST_PG_DIR")
    def test_reports_read_the_standby_and_its_pool_is_on_metrics(self):
        # A hot standby of the test cluster (scripts/pg.sh replica), and a server whose reports read it.
        standby = tempfile.mkdtemp(prefix="xf-standby-")
        pg_sh = os.path.join(SOURCE, "scripts", "pg.sh")
        self.addCleanup(shutil.rmtree, standby, True)
        server = Server(users=USERS + [("countystat", "county", "statistician", "subtree")])
        self.addCleanup(server.stop)
        r = subprocess.run([pg_sh, "replica", PG_DIR, standby], capture_output=True, text=True, timeout=600)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.addCleanup(subprocess.run, [pg_sh, "stop", standby], capture_output=True, timeout=120)
        standby_url = subprocess.run([pg_sh, "url", standby, server.pg_database], capture_output=True, text=True,
                                     check=True).stdout.strip()
        reg = Client(server.port)
        reg.login("reg")
        status, doc, _ = reg.post("/api/v1/petitions", registration())
        self.assertEqual(status, 201, doc)
        server.proc.terminate()
        server.proc.wait(timeout=10)
        proc = subprocess.Popen([BIN, "serve", "--db", server.db, "--db-replica", standby_url, "--listen",
                                 "127.0.0.1:0"], env=server.env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                text=True)
        self.addCleanup(proc.wait, 10)
        self.addCleanup(proc.terminate)
        port = None
        for line in proc.stdout:
            m = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
            if m:
                port = int(m.group(1))
                break
        self.assertIsNotNone(port, "the server did not start")
        stat = Client(port)
        stat.login("countystat")
        today = datetime.date.today()
        deadline = time.time() + 60
        while True:  # until the standby has replayed the registration
            status, report, _ = stat.get(f"/api/v1/reports/summary?org=county&from={today.year}-01-01"
                                         f"&to={today.year}-12-31")
            self.assertEqual(status, 200, report)
            if report["totals"]["batches"] == 1 or time.time() > deadline:
                break
            time.sleep(0.5)
        self.assertEqual(report["totals"]["batches"], 1, report["totals"])
        status, text, _ = Client(port).request("GET", "/metrics")
        self.assertEqual(status, 200, text)
        samples, types = parse_exposition(text)
        for family in ("xinfang_db_replica_pool_connections", "xinfang_db_replica_pool_size",
                       "xinfang_db_replica_pool_waiting"):
            self.assertEqual(types.get(family), "gauge", family)
        self.assertGreaterEqual(value(samples, "xinfang_db_replica_pool_size"), 1)
        self.assertGreaterEqual(value(samples, "xinfang_db_replica_pool_connections", state="idle")
                                + value(samples, "xinfang_db_replica_pool_connections", state="in_use"), 1)
        self.assertEqual(value(samples, "xinfang_db_replica_pool_waiting"), 0)
        # A server without a standby has no such family.
        _, plain = self.scrape()
        self.assertNotIn("xinfang_db_replica_pool_size", plain)

    def test_access_is_loopback_allowed_networks_or_the_token(self):
        remote = {"X-Forwarded-For": "203.0.113.5"}
        status, doc, _ = Client(self.port).request("GET", "/metrics", headers=remote)
        self.assertEqual(status, 403, doc)
        self.assertEqual(doc["code"], "permission_denied")
        self.assertIn("request_id", doc)
        # A local proxy forwarding someone's request is not a local scraper.
        status, _, _ = Client(self.port).request("GET", "/metrics", headers={"X-Forwarded-For": "127.0.0.1"})
        self.assertEqual(status, 403)
        status, _, r = Client(self.port).request("GET", "/metrics",
                                                 headers=dict(remote, Authorization="Bearer wrong-token-xxxxxxxx"))
        self.assertEqual(status, 401)
        self.assertIn("Bearer", r.getheader("WWW-Authenticate"))
        self.scrape(headers=dict(remote, Authorization=f"Bearer {TOKEN}"))

    def test_allowed_networks(self):
        server = Server(env={"XINFANG_METRICS_ALLOW": "203.0.113.0/24", "XINFANG_TRUSTED_PROXIES": "127.0.0.1"})
        try:
            status, text, _ = Client(server.port).request("GET", "/metrics",
                                                          headers={"X-Forwarded-For": "203.0.113.77"})
            self.assertEqual(status, 200)
            parse_exposition(text)
            status, _, _ = Client(server.port).request("GET", "/metrics", headers={"X-Forwarded-For": "198.51.100.1"})
            self.assertEqual(status, 403)
        finally:
            server.stop()

    def test_a_bad_allow_network_stops_the_server_naming_the_key(self):
        d = tempfile.mkdtemp(prefix="xf-ops-")
        try:
            r = subprocess.run([BIN, "serve", "--db", "sqlite:" + os.path.join(d, "x.db"), "--listen", "127.0.0.1:0"],
                               env=dict(os.environ, XINFANG_CONFIG_DIR=os.path.join(SOURCE, "config"),
                                        XINFANG_METRICS_ALLOW="10.1.2.3/8"),
                               capture_output=True, text=True, timeout=60)
            self.assertEqual(r.returncode, 2, r.stdout + r.stderr)
            self.assertIn("metrics.allow", r.stderr)
        finally:
            shutil.rmtree(d, ignore_errors=True)

    # ------------------------------------------------------------------ /readyz

    def test_readyz_checks_the_schema(self):
        c = Client(self.port)
        status, doc, _ = c.get("/readyz")
        self.assertEqual(status, 200, doc)
        self.assertEqual(doc["status"], "ready")
        status, doc, _ = c.get("/healthz")
        self.assertEqual(status, 200)
        run_sql(self.server, "INSERT INTO schema_migrations(version, name) VALUES (9999, 'from_the_future')"
                if self.server.pg_database else
                "INSERT INTO schema_migrations(version, name, applied_at) VALUES (9999, 'from_the_future', 0)")
        try:
            status, doc, r = c.request("GET", "/readyz", headers={"X-Request-Id": "ready-check-1"})
            self.assertEqual(status, 503, doc)
            self.assertEqual(r.getheader("Content-Type"), "application/problem+json; charset=utf-8")
            self.assertEqual(doc["check"], "schema")
            self.assertIn("9999", doc["detail"])
            self.assertEqual(doc["request_id"], "ready-check-1")
            # Alive all the same.
            self.assertEqual(c.get("/healthz")[0], 200)
        finally:
            run_sql(self.server, "DELETE FROM schema_migrations WHERE version = 9999")
        self.assertEqual(c.get("/readyz")[0], 200)
        # The warning logged while handling it carries the request id.
        lines = [l for l in self.server.log().splitlines() if "readiness" in l]
        self.assertTrue(lines)
        self.assertTrue(all("rid=ready-check-1" in l for l in lines), lines)

    # ------------------------------------------------------------------ request ids

    def test_request_ids_are_echoed_in_problems_and_logged(self):
        c = Client(self.port)
        status, doc, r = c.request("GET", "/api/v1/petitions/5", headers={"X-Request-Id": "ops-rid-42"})
        self.assertEqual(status, 401)
        self.assertEqual(r.getheader("X-Request-Id"), "ops-rid-42")
        self.assertEqual(doc["request_id"], "ops-rid-42")
        # None sent, or an unsafe one: a fresh id, the same in the header and the body.
        for headers in ({}, {"X-Request-Id": "has spaces and ünïcode"}, {"X-Request-Id": "x" * 65}):
            status, doc, r = c.request("GET", "/api/v1/petitions/5", headers=headers)
            rid = r.getheader("X-Request-Id")
            self.assertRegex(rid, r"^[0-9a-f]{16}$")
            self.assertEqual(doc["request_id"], rid)
        # Successful answers carry the header too, not a body field.
        status, doc, r = c.request("GET", "/healthz", headers={"X-Request-Id": "ops-ok-1"})
        self.assertEqual(r.getheader("X-Request-Id"), "ops-ok-1")
        self.assertNotIn("request_id", doc)
        lines = log_lines(self.server, lambda l: l.endswith("rid=ops-rid-42"))
        access = [l for l in lines if "GET /api/v1/petitions/5 401" in l]
        self.assertTrue([l for l in access if l.endswith("rid=ops-rid-42")], access)

    def test_json_log_lines(self):
        server = Server(log_file=True, env={"XINFANG_LOG_LEVEL": "info", "XINFANG_LOG_FORMAT": "json"})
        try:
            Client(server.port).request("GET", "/api/v1/no/such", headers={"X-Request-Id": "ops-json-1"})
            Client(server.port).get("/healthz")
            records = []
            for line in log_lines(server, lambda l: '"request_id":"ops-json-1"' in l):
                if line.startswith("{"):
                    records.append(json.loads(line))  # every spdlog line is one JSON object
            self.assertTrue(records)
            for rec in records:
                self.assertRegex(rec["time"], r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")
                self.assertIn(rec["level"], ("trace", "debug", "info", "warning", "error", "critical"))
                self.assertIsInstance(rec["msg"], str)
            mine = [rec for rec in records if rec.get("request_id") == "ops-json-1"]
            self.assertEqual(len(mine), 1, records)
            self.assertIn("GET /api/v1/no/such 404", mine[0]["msg"])
            # Lines outside a request (start-up) have no request id.
            self.assertTrue([rec for rec in records if "request_id" not in rec])
        finally:
            server.stop()


class DoctorTest(unittest.TestCase):
    """`xinfang doctor` on a healthy installation, then on broken ones."""

    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="xf-doctor-")
        os.chmod(self.dir, 0o700)
        self.data = os.path.join(self.dir, "data")
        os.mkdir(self.data, 0o700)
        os.mkdir(os.path.join(self.data, "files"), 0o700)
        # A configuration directory whose calendar covers this year and the next (China time), whatever the date.
        self.conf = os.path.join(self.dir, "conf")
        shutil.copytree(os.path.join(SOURCE, "config"), self.conf)
        self.year = datetime.datetime.now(datetime.timezone(datetime.timedelta(hours=8))).year
        for y in (self.year, self.year + 1):
            path = os.path.join(self.conf, "calendar", f"cn-{y}.tsv")
            if not os.path.exists(path):
                with open(path, "w", encoding="utf-8") as f:
                    f.write(f"{y}-01-01\tholiday\t元旦\n")
        self.db, self.pg_database = fresh_database_url(self.data)
        self.env = dict(os.environ, XINFANG_CONFIG_DIR=self.conf, XINFANG_SECRET_KEY="ab" * 32,
                        XINFANG_FILES_DIR=os.path.join(self.data, "files"))
        self.env.pop("XINFANG_DB", None)
        r = subprocess.run([BIN, "migrate", "--db", self.db], env=self.env, capture_output=True, text=True, timeout=60)
        self.assertEqual(r.returncode, 0, r.stderr)
        if not self.pg_database:
            os.chmod(self.db[len("sqlite:"):], 0o600)

    def tearDown(self):
        if self.pg_database:
            pg_admin(f"DROP DATABASE IF EXISTS {self.pg_database} WITH (FORCE)")
        shutil.rmtree(self.dir, ignore_errors=True)

    def doctor(self, *args, db=None):
        r = subprocess.run([BIN, "doctor", "--db", db or self.db, *args], env=self.env, capture_output=True,
                           text=True, timeout=120)
        lines = r.stdout.strip().splitlines()
        for line in lines:
            self.assertRegex(line, r"^(OK  |警告|错误) \S+：")
        return r.returncode, lines

    def line(self, lines, name):
        found = [l for l in lines if l.split(" ", 1)[1].lstrip().startswith(name + "：")]
        self.assertTrue(found, (name, lines))
        return found[0]

    def test_a_healthy_installation_is_all_ok(self):
        code, lines = self.doctor()
        self.assertEqual(code, 0, "\n".join(lines))
        self.assertTrue(all(l.startswith("OK") for l in lines), lines)
        for name in ("配置文件", "附件目录", "公文字体", "数据库", "时钟", "节假日日历", "个人信息密钥"):
            self.line(lines, name)
        if PG_DIR:
            self.assertIn("相差", self.line(lines, "时钟"))  # compared with the server's clock
        else:
            self.line(lines, "数据目录")

    def test_world_readable_attachments_are_a_warning(self):
        os.chmod(os.path.join(self.data, "files"), 0o755)
        code, lines = self.doctor()
        self.assertEqual(code, 1, "\n".join(lines))
        line = self.line(lines, "附件目录")
        self.assertTrue(line.startswith("警告"), line)
        self.assertIn("0755", line)
        self.assertIn("chmod o-rwx", line)

    def test_a_missing_calendar_year_is_an_error(self):
        os.remove(os.path.join(self.conf, "calendar", f"cn-{self.year}.tsv"))
        code, lines = self.doctor()
        self.assertEqual(code, 2, "\n".join(lines))
        line = self.line(lines, "节假日日历")
        self.assertTrue(line.startswith("错误"), line)
        self.assertIn(f"cn-{self.year}.tsv", line)

    def test_a_newer_schema_is_an_error(self):
        if self.pg_database:
            subprocess.run(["psql", "-X", "-q", "-h", "127.0.0.1", "-p", str(pg_port()), "-U", "postgres", "-d",
                            self.pg_database, "-c", "INSERT INTO schema_migrations(version, name) VALUES (9999, 'x')"],
                           check=True, capture_output=True, timeout=60)
        else:
            with sqlite3.connect(self.db[len("sqlite:"):]) as db:
                db.execute("INSERT INTO schema_migrations(version, name, applied_at) VALUES (9999, 'x', 0)")
        code, lines = self.doctor()
        self.assertEqual(code, 2, "\n".join(lines))
        line = self.line(lines, "数据库")
        self.assertTrue(line.startswith("错误"), line)
        self.assertIn("9999", line)

    def test_a_bad_configuration_is_an_error(self):
        conf = os.path.join(self.dir, "bad.toml")
        with open(conf, "w", encoding="utf-8") as f:
            f.write("[server]\nworker_threads = 0\n")
        code, lines = self.doctor("--config", conf)
        self.assertEqual(code, 2, "\n".join(lines))
        self.assertEqual(len(lines), 1, lines)
        self.assertIn("server.worker_threads", lines[0])

    def test_a_missing_key_file_beside_an_existing_database_is_an_error(self):
        if self.pg_database:
            self.skipTest("SQLite: the key file beside the database")
        del self.env["XINFANG_SECRET_KEY"]
        code, lines = self.doctor()
        self.assertEqual(code, 2, "\n".join(lines))
        self.assertIn("secret.key", self.line(lines, "个人信息密钥"))
        # Nothing was generated.
        self.assertFalse(os.path.exists(os.path.join(self.data, "secret.key")))

    def test_an_unreachable_database_is_an_error(self):
        code, lines = self.doctor(db="postgresql://nobody@127.0.0.1:1/none")
        self.assertEqual(code, 2, "\n".join(lines))
        self.assertTrue(self.line(lines, "数据库").startswith("错误"))


if __name__ == "__main__":
    unittest.main()
