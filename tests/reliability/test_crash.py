"""Crash safety (issue #9 item 1): nothing acknowledged is lost, nothing unacknowledged is half-present.

SQLite (CrashSqliteTest): the real `xinfang serve` on a SQLite file, several client threads doing write load —
registrations (POST /api/v1/petitions, each with its own title and content) and workflow actions on their own
cases (交办 forward by the county office's registrar, 退回 return by the receiving department, and round again, each
sent with the version just acknowledged) — and the server is killed with SIGKILL at a random moment, then started
again on the same file. XF_CRASH_CYCLES cycles (default 50; a long run: XF_CRASH_CYCLES=500).

Each client records every request whose 2xx answer it received (acknowledged) and the one that was in flight when
the server died (unknown: it may or may not have committed). After every restart, with the load stopped:
  - every acknowledged registration is there with its id, number, title and content; every acknowledged action is
    in its case's timeline at the version it was acknowledged with, with the event id it was acknowledged with;
  - an in-flight action is either fully applied (version + 1, its event last in the timeline, the state it leads
    to) or not at all; an in-flight registration is either a whole case or absent (looked up by its unique title);
  - nothing else: the database holds exactly the cases the clients know of, each at the version they know;
  - whole rows only, for every case, read from the database itself: events = version (one per registration /
    action), a petition_orgs row, its search-index row (petition_search), an audit record for each event, and no
    event, audit record or scope row of a case that does not exist;
  - PRAGMA integrity_check = ok (SQLite) and `xinfang stats verify` (the rollups equal a recount) exits 0.
At the end every case is read back through the API in full, and `xinfang audit verify` runs if the binary has it.

PostgreSQL (CrashPostgresTest): its own throw-away cluster (scripts/pg.sh start, under a temp directory; it does not
touch ctest's shared fixture cluster): XF_CRASH_PG_CYCLES (default 20) kills of the app server as above, then
XF_CRASH_PG_KILLS (default 3) kills of PostgreSQL itself (SIGKILL to the postmaster) under load while the app server
keeps running, then `scripts/pg.sh start` again: the server must reconnect (acknowledged work after the restart),
and the same checks hold. Skipped when PostgreSQL 15's server binaries are missing.

Run: XINFANG_BIN=build/src/xinfang XINFANG_SOURCE_DIR=. python3 -m unittest -v test_crash   (in this folder)
Env: XF_CRASH_CYCLES, XF_CRASH_PG_CYCLES, XF_CRASH_PG_KILLS, XF_CRASH_THREADS (default 4), XF_CRASH_SEED,
XF_CRASH_KEEP=1 (keep the temp directory). Standard library only.
"""
import collections
import hashlib
import http.client
import json
import os
import random
import re
import shutil
import signal
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

CYCLES = int(os.environ.get("XF_CRASH_CYCLES", "50"))
PG_CYCLES = int(os.environ.get("XF_CRASH_PG_CYCLES", "20"))
PG_KILLS = int(os.environ.get("XF_CRASH_PG_KILLS", "3"))
THREADS = int(os.environ.get("XF_CRASH_THREADS", "4"))
SEED = int(os.environ.get("XF_CRASH_SEED", str(int(time.time()))))
KEEP = os.environ.get("XF_CRASH_KEEP") == "1"
PG_BIN = os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin")
PG_SH = os.path.join(harness.SOURCE, "scripts", "pg.sh")

# Actions that keep a case open for ever: 交办 to the county's 人社局 (which issues a 转送函: a rendered PDF in the
# content store and a documents row, in the action's transaction) and its 退回, and 催办 by the city office (the state
# stays; cheap, so most of the load).
NEXT = {"registered": ("reg", "forward", "forwarded"), "forwarded": ("hr", "return", "registered")}
REMIND = ("cityxf", "remind", None)
BODIES = {"forward": {"target_org_code": "county_hr", "comment": "请依法处理。"},
          "return": {"reason": "不属本单位职责范围"}, "remind": {"reason": "请抓紧办理"}}
TRANSPORT_ERRORS = (OSError, http.client.HTTPException)


def registration(title, content):
    return {"channel": "visit", "purpose": "complaint", "category_code": "0402", "region_code": "991021",
            "title": title, "content": content, "persons": 1,
            "petitioners": [{"name": "王小明", "id_number": "110101199003074514", "phone": "13812345678",
                             "address": "测试县幸福路12号"}]}


class Case:
    def __init__(self, cid, number, title, content, owner):
        self.id, self.number, self.title, self.content, self.owner = cid, number, title, content, owner
        self.version, self.state = 1, "registered"
        self.events = {}      # version → (action, event id) as acknowledged (1: register)
        self.unknown = None   # (action, from version, target state): sent, answer never received
        self.checked_events = 0  # len(events) when last read back through the API


class Model:
    """What the clients know: shared by the worker threads."""

    def __init__(self):
        self.lock = threading.Lock()
        self.cases = {}                # id → Case
        self.unknown_regs = []         # (title, content, owner) whose answer never came
        self.problems = []
        self.counts = collections.Counter()
        self.next_n = 0

    def problem(self, text):
        with self.lock:
            if len(self.problems) < 100:
                self.problems.append(text)

    def token(self):
        with self.lock:
            self.next_n += 1
            return self.next_n


class Deployment:
    """A database (SQLite file or PostgreSQL database), the seed data, and the server process (killable)."""

    def __init__(self, pg_dir=None):
        self.dir = tempfile.mkdtemp(prefix="xf-crash-")
        self.pg_dir = pg_dir
        self.proc = None
        self.port = None
        self.env = dict(os.environ, XINFANG_CONFIG_DIR=os.path.join(harness.SOURCE, "config"),
                        XINFANG_LOG_LEVEL="warn", XINFANG_FILES_DIR=os.path.join(self.dir, "files"))
        if pg_dir:
            self.pg_name = "xf_crash"
            self.db = subprocess.run([PG_SH, "createdb", pg_dir, self.pg_name], check=True, capture_output=True,
                                     text=True).stdout.strip()
            self.env["XINFANG_SECRET_KEY"] = "ab" * 32
        else:
            self.path = os.path.join(self.dir, "xf.db")
            self.db = "sqlite:" + self.path
        orgs = os.path.join(self.dir, "orgs.tsv")
        with open(orgs, "w", encoding="utf-8") as f:
            f.write(harness.ORGS_TSV)
        self.cli("org", "import", "--db", self.db, orgs)
        for login, org, roles, scope in harness.USERS:
            self.cli("user", "add", "--db", self.db, "--login", login, "--org", org, "--roles", roles, "--scope",
                     scope, "--password-stdin", input=harness.PASSWORD + "\n")
        self.log = open(os.path.join(self.dir, "server.log"), "a", encoding="utf-8")

    def cli(self, *args, input=None, check=True, timeout=300):
        r = subprocess.run([harness.BIN, *args], env=self.env, input=input, capture_output=True, text=True,
                           timeout=timeout)
        if check and r.returncode != 0:
            raise RuntimeError(f"xinfang {' '.join(args)} failed ({r.returncode}): {r.stdout}{r.stderr}")
        return r

    def start(self):
        self.log.write(f"---- start {time.strftime('%H:%M:%S')}\n")
        self.log.flush()
        self.proc = subprocess.Popen([harness.BIN, "serve", "--db", self.db, "--listen", "127.0.0.1:0"],
                                     env=self.env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        self.port = None
        deadline = time.time() + 60
        lines = []
        while time.time() < deadline and self.port is None:
            line = self.proc.stdout.readline()
            if not line:
                break
            lines.append(line)
            m = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
            if m:
                self.port = int(m.group(1))
        if self.port is None:
            raise RuntimeError("server did not start: " + "".join(lines))
        proc, log = self.proc, self.log
        self.reader = threading.Thread(target=lambda: [log.write(x) for x in iter(proc.stdout.readline, "")],
                                       daemon=True)
        self.reader.start()

    def reap(self):
        self.proc.wait(timeout=30)
        self.reader.join(timeout=30)
        self.proc.stdout.close()

    def kill(self):
        self.proc.send_signal(signal.SIGKILL)
        self.reap()

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
            self.reap()

    def remove(self):
        self.stop()
        self.log.close()
        if KEEP:
            print(f"kept {self.dir} ({self.db})", file=sys.stderr)
            return
        shutil.rmtree(self.dir, ignore_errors=True)

    def query(self, sql):
        """Rows of one SELECT, read from the database itself (SQLite: a read-only connection; PostgreSQL: psql)."""
        if not self.pg_dir:
            con = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, timeout=30)
            try:
                return [tuple(r) for r in con.execute(sql).fetchall()]
            finally:
                con.close()
        with open(os.path.join(self.pg_dir, "port"), encoding="ascii") as f:
            port = f.read().strip()
        out = subprocess.run(["psql", "-X", "-q", "-At", "-F", "\t", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-p",
                              port, "-U", "postgres", "-d", self.pg_name, "-c", sql],
                             check=True, capture_output=True, text=True, timeout=120).stdout
        return [tuple(int(x) if re.fullmatch(r"-?\d+", x) else x for x in line.split("\t"))
                for line in out.splitlines() if line]


class Worker:
    """One client thread: its own registrar and department sessions, its own cases."""

    def __init__(self, model, port, index, rng, stop, tolerate_errors, sessions):
        self.model, self.port, self.index, self.rng, self.stop = model, port, index, rng, stop
        self.tolerate_errors = tolerate_errors  # PostgreSQL down: 5xx answers are expected for a while
        # login → Client, kept across restarts (sessions are stored in the database; a log-in costs an argon2id
        # hash, which would otherwise dominate a short cycle).
        self.sessions = sessions
        for c in sessions.values():
            c.port = port

    def session(self, login):
        while login not in self.sessions:
            c = harness.Client(self.port)
            status, doc, r = c.request("POST", "/api/v1/session", {"login": login, "password": harness.PASSWORD})
            if status == 200:
                c.cookie = r.getheader("Set-Cookie").split(";")[0]
                c.csrf = doc["csrf_token"]
                self.sessions[login] = c
            elif status >= 500 and self.tolerate_errors and not self.stop.is_set():
                time.sleep(0.05)
            elif self.stop.is_set():
                raise OSError("stopping")
            else:
                raise RuntimeError(f"log-in {login}: {status} {doc}")
        return self.sessions[login]

    def run(self):
        try:
            self.loop()
        except TRANSPORT_ERRORS:
            pass  # the server died outside a recorded request (e.g. while logging in)
        except Exception as e:  # noqa: BLE001 — reported, not swallowed
            self.model.problem(f"worker {self.index}: {e!r}")

    def loop(self):
        m = self.model
        while not self.stop.is_set():
            with m.lock:
                mine = [c for c in m.cases.values() if c.owner == self.index and c.unknown is None]
            if not mine or self.rng.random() < 0.3:
                if not self.register():
                    return
            elif not self.act(self.rng.choice(mine)):
                return

    def outcome_unknown(self, status, doc):
        """A 5xx (the database went away mid-request): unknown when tolerated, else a problem."""
        if self.tolerate_errors and status >= 500:
            self.model.counts["5xx while the database was down"] += 1
            time.sleep(0.05)
            return True
        self.model.problem(f"worker {self.index}: unexpected {status} {doc}")
        return False

    def register(self):
        m = self.model
        n = m.token()
        title = f"崩溃测试 [crash-{SEED}-{n}]"  # the ASCII tag finds it in the stored document
        content = f"第{n}件：某建筑工地拖欠工人工资，多次讨要未果，请求协调解决。校验码 {random.Random(n).getrandbits(64):x}"
        try:
            status, doc, _ = self.session("reg").post("/api/v1/petitions", registration(title, content))
        except ConnectionRefusedError:
            return False  # the server was already dead: never sent
        except TRANSPORT_ERRORS:
            with m.lock:
                m.unknown_regs.append((title, content, self.index))
            return False
        if status == 201:
            case = Case(doc["id"], doc["number"], title, content, self.index)
            case.events[1] = ("register", None)  # the answer has no timeline: its event id is read back later
            if doc["version"] != 1:
                m.problem(f"registration {title}: answered version {doc['version']}")
            with m.lock:
                m.cases[case.id] = case
                m.counts["registrations acknowledged"] += 1
            return True
        if status >= 500 and self.tolerate_errors:
            with m.lock:
                m.unknown_regs.append((title, content, self.index))
        return self.outcome_unknown(status, doc)

    def act(self, case):
        m = self.model
        login, action, target = REMIND if self.rng.random() < 0.7 else NEXT[case.state]
        target = target or case.state
        body = dict(BODIES[action], version=case.version)
        with m.lock:
            case.unknown = (action, case.version, target)
        try:
            status, doc, _ = self.session(login).post(f"/api/v1/petitions/{case.id}/actions/{action}", body)
        except ConnectionRefusedError:
            with m.lock:
                case.unknown = None  # the server was already dead: never sent
            return False
        except TRANSPORT_ERRORS:
            return False  # the server died: the action stays unknown
        if 200 <= status < 300:
            last = max(doc["timeline"], key=lambda e: e["id"])
            with m.lock:
                if doc["version"] != case.version + 1 or last["action"] != action or doc["state"] != target:
                    m.problems.append(f"case {case.id}: {action} at {case.version} answered version "
                                      f"{doc['version']}, state {doc['state']}, last event {last}")
                case.version, case.state = doc["version"], doc["state"]
                case.events[case.version] = (action, last["id"])
                case.unknown = None
                m.counts["actions acknowledged"] += 1
            return True
        if status >= 500 and self.tolerate_errors:
            self.model.counts["5xx while the database was down"] += 1
            time.sleep(0.05)
            return True  # stays unknown until the next check
        with m.lock:
            case.unknown = None
        return self.outcome_unknown(status, doc)


class CrashTestBase(unittest.TestCase):
    pg_dir = None

    def setUp(self):
        self.model = Model()
        self.rng = random.Random(SEED)
        self.checked = collections.Counter()
        self.dep = None
        self.sessions = {}  # worker index → its logged-in clients
        self.timing = collections.Counter()  # seconds spent in load / restart / checks

    def tearDown(self):
        if self.dep:
            self.dep.remove()

    def load(self, seconds_range, kill, tolerate_errors=False):
        """Runs THREADS workers; after a random time from seconds_range calls kill(), then stops the workers."""
        stop = threading.Event()
        workers = [Worker(self.model, self.dep.port, i, random.Random(self.rng.random()), stop, tolerate_errors,
                          self.sessions.setdefault(i, {})) for i in range(THREADS)]
        threads = [threading.Thread(target=w.run) for w in workers]
        for t in threads:
            t.start()
        time.sleep(self.rng.uniform(*seconds_range))
        kill()
        stop.set()
        for t in threads:
            t.join(timeout=120)
            self.assertFalse(t.is_alive(), "a worker hung")

    # ---- checks -------------------------------------------------------------------------------------------------

    def resolve_unknown_registrations(self, admin):
        m = self.model
        for title, content, owner in m.unknown_regs:
            tag = title[title.index("["):]
            rows = self.dep.query(f"SELECT id FROM petitions WHERE doc LIKE '%{tag}%'")
            self.assertLessEqual(len(rows), 1, f"in-flight registration {title} is there {len(rows)} times")
            if not rows:
                m.counts["in-flight registrations absent"] += 1
                continue
            cid = rows[0][0]
            status, doc, _ = admin.get(f"/api/v1/petitions/{cid}")
            self.assertEqual(status, 200, doc)
            self.assertEqual((doc["title"], doc["content"]), (title, content))
            self.assertEqual(doc["version"], 1, f"in-flight registration {title} has later versions")
            case = Case(cid, doc["number"], title, content, owner)
            case.events[1] = ("register", doc["timeline"][0]["id"])
            m.cases[cid] = case
            m.counts["in-flight registrations present (whole)"] += 1
        m.unknown_regs = []

    def check_case_api(self, admin, case):
        status, doc, _ = admin.get(f"/api/v1/petitions/{case.id}")
        self.assertEqual(status, 200, (case.id, doc))
        self.assertEqual((doc["number"], doc["title"], doc["content"]), (case.number, case.title, case.content),
                         f"case {case.id}")
        timeline = doc["timeline"]
        self.assertEqual(len(timeline), doc["version"], f"case {case.id}: version vs timeline")
        if case.unknown:
            action, from_version, target = case.unknown
            self.assertEqual(case.version, from_version)
            if doc["version"] == from_version + 1:
                self.assertEqual((timeline[-1]["action"], doc["state"]), (action, target),
                                 f"case {case.id}: in-flight {action} half-applied")
                case.version, case.state = doc["version"], doc["state"]
                case.events[case.version] = (action, timeline[-1]["id"])
                self.model.counts["in-flight actions applied (whole)"] += 1
            else:
                self.assertEqual(doc["version"], from_version, f"case {case.id}: in-flight {action}")
                self.model.counts["in-flight actions absent"] += 1
            case.unknown = None
        self.assertEqual((doc["version"], doc["state"]), (case.version, case.state), f"case {case.id}")
        for version, (action, event_id) in case.events.items():
            e = timeline[version - 1]
            if event_id is None:  # a registration: its event id was not in the answer
                case.events[version] = (action, e["id"])
                event_id = e["id"]
            self.assertEqual((e["action"], e["id"]), (action, event_id),
                             f"case {case.id}: acknowledged {action} at version {version}")
            self.checked["acknowledged events checked"] += 1

    def check_database(self):
        """Whole rows only: every case with its events, scope row, search row and audit records; nothing orphaned;
        the database holds exactly the cases the clients know of, at the versions they know."""
        cases = self.model.cases
        rows = self.dep.query("SELECT p.id, p.version, p.state, "
                              "(SELECT count(*) FROM events e WHERE e.petition_id = p.id), "
                              "(SELECT count(*) FROM petition_orgs o WHERE o.petition_id = p.id), "
                              "(SELECT count(*) FROM petition_search s WHERE s.petition_id = p.id) "
                              "FROM petitions p ORDER BY p.id")
        self.assertEqual(sorted(cases), [r[0] for r in rows], "the database's cases are not the acknowledged ones")
        for cid, version, state, events, scopes, search in rows:
            case = cases[cid]
            self.assertEqual((version, state), (case.version, case.state), f"case {cid}")
            self.assertEqual(events, version, f"case {cid}: {events} events at version {version}")
            self.assertGreaterEqual(scopes, 1, f"case {cid}: no petition_orgs row")
            self.assertEqual(search, 1, f"case {cid}: no search-index row")
        audit = {str(k): n for k, n in self.dep.query("SELECT object_id, count(*) FROM audit WHERE object_type = "
                                                      "'petition' GROUP BY object_id")}
        for cid, case in cases.items():
            self.assertGreaterEqual(audit.get(str(cid), 0), case.version,
                                    f"case {cid}: fewer audit records than events")
        for sql in ("SELECT count(*) FROM events WHERE petition_id NOT IN (SELECT id FROM petitions)",
                    "SELECT count(*) FROM petition_orgs WHERE petition_id NOT IN (SELECT id FROM petitions)",
                    "SELECT count(*) FROM petition_users WHERE petition_id NOT IN (SELECT id FROM petitions)",
                    "SELECT count(*) FROM petition_search WHERE petition_id NOT IN (SELECT id FROM petitions)",
                    # The repeat keys: on PostgreSQL an array on each case's search row (migration 0013), so every
                    # case has its row; on SQLite an FTS5 index (migration 0011; every key is 'k…').
                    "SELECT count(*) FROM petitions WHERE id NOT IN (SELECT petition_id FROM petition_search)"
                    if self.dep.pg_dir else
                    "SELECT count(*) FROM (SELECT DISTINCT rowid AS id FROM petition_match WHERE petition_match "
                    "MATCH 'k*') WHERE id NOT IN (SELECT id FROM petitions)"):
            self.assertEqual(self.dep.query(sql)[0][0], 0, sql)
        # Every document issued (转送函 of each 交办) is a whole row whose PDF is in the content store, intact.
        docs = self.dep.query("SELECT id, petition_id, sha256, size FROM documents WHERE kind = 'forward_letter'")
        forward_events = dict(self.dep.query("SELECT petition_id, count(*) FROM events WHERE action = 'forward' "
                                             "GROUP BY petition_id"))
        self.assertEqual(dict(collections.Counter(d[1] for d in docs)), forward_events,
                         "转送函 per case differ from 交办 per case")
        admin = self.admin()
        for did, pid, sha, size in docs:
            if not sha:
                # Committed, but the server died before laying it out (it renders after the commit): the first
                # download renders it, and then it is stored like any other.
                conn = http.client.HTTPConnection("127.0.0.1", self.dep.port, timeout=60)
                conn.request("GET", f"/api/v1/documents/{did}/pdf", headers={"Cookie": admin.cookie})
                r = conn.getresponse()
                pdf = r.read()
                conn.close()
                self.assertEqual(r.status, 200, f"document {did} of case {pid} (not yet rendered)")
                (sha, size), = self.dep.query(f"SELECT sha256, size FROM documents WHERE id = {did}")
                self.assertEqual(hashlib.sha256(pdf).hexdigest(), sha)
                self.checked["documents rendered after a crash"] += 1
            blob = os.path.join(self.dep.dir, "files", sha[0:2], sha[2:4], sha)
            self.assertTrue(os.path.isfile(blob), f"case {pid}: document {sha} has no file")
            with open(blob, "rb") as f:
                data = f.read()
            self.assertEqual((len(data), hashlib.sha256(data).hexdigest()), (size, sha), f"case {pid}: document file")
        self.checked["documents checked"] += len(docs)
        self.checked["cases checked in the database"] += len(rows)
        if not self.pg_dir:
            self.assertEqual(self.dep.query("PRAGMA integrity_check"), [("ok",)])
        r = self.dep.cli("stats", "verify", "--db", self.dep.db, check=False)
        self.assertEqual(r.returncode, 0, f"stats verify: {r.stdout}{r.stderr}")
        self.checked["database checks"] += 1

    def check(self, full=False):
        """After a restart, with no load: resolves every unknown, then checks what was acknowledged."""
        self.assertEqual(self.model.problems, [])
        admin = self.admin()
        self.resolve_unknown_registrations(admin)
        # Through the API: every case with an in-flight action or with actions acknowledged since its last look
        # (each acknowledged event at its place), and a few others at random; the database check covers them all.
        for case in self.model.cases.values():
            if case.unknown or case.checked_events != len(case.events) or self.rng.random() < 0.02:
                self.check_case_api(admin, case)
                case.checked_events = len(case.events)
        self.check_database()

    def admin(self):
        """The checker's session (province administrator, every case), kept across restarts like the workers'."""
        if not self.sessions.get("admin"):
            c = harness.Client(self.dep.port)
            c.login("prov")
            self.sessions["admin"] = c
        self.sessions["admin"].port = self.dep.port
        return self.sessions["admin"]

    def finish(self):
        admin = self.admin()
        for case in self.model.cases.values():
            self.check_case_api(admin, case)
        self.dep.stop()
        if not self.pg_dir:
            self.assertEqual(self.dep.query("PRAGMA integrity_check"), [("ok",)])
        r = self.dep.cli("stats", "verify", "--db", self.dep.db, check=False)
        self.assertEqual(r.returncode, 0, f"stats verify: {r.stdout}{r.stderr}")
        # `xinfang audit verify` is checked when this binary has it (CLI11 answers `audit --help` with the main
        # help even when there is no such command, so look for it in the command list).
        listing = self.dep.cli("--help", check=False).stdout
        if re.search(r"^\s+audit\b", listing, re.M):
            r = self.dep.cli("audit", "verify", "--db", self.dep.db, check=False)
            self.assertEqual(r.returncode, 0, f"audit verify: {r.stdout}{r.stderr}")
            print(f"audit verify: {r.stdout.strip()}", file=sys.stderr)
        else:
            print("note: this binary has no `xinfang audit` command; audit verify skipped", file=sys.stderr)

    def summary(self, what, cycles, started):
        c = self.model.counts
        print(f"\n{what}: seed {SEED}, {cycles} kills, {THREADS} threads, {time.time() - started:.0f} s; "
              f"cases {len(self.model.cases)}; acknowledged: {c['registrations acknowledged']} registrations, "
              f"{c['actions acknowledged']} actions; in flight at a kill: registrations "
              f"{c['in-flight registrations present (whole)']} present / {c['in-flight registrations absent']} "
              f"absent, actions {c['in-flight actions applied (whole)']} applied / {c['in-flight actions absent']} "
              f"absent; acknowledged events checked {self.checked['acknowledged events checked']}, "
              f"documents checked {self.checked['documents checked']} (rendered only after a crash "
              f"{self.checked['documents rendered after a crash']}), database checks {self.checked['database checks']}; "
              f"seconds in load {self.timing['load']:.0f}, restarts {self.timing['restart']:.0f}, "
              f"checks {self.timing['checks']:.0f}"
              + (f"; 5xx while PostgreSQL was down {c['5xx while the database was down']}"
                 if c['5xx while the database was down'] else ""), file=sys.stderr)

    def kill_app_cycles(self, cycles):
        for cycle in range(cycles):
            t0 = time.time()
            self.load((0.5, 3.0), self.dep.kill)
            t1 = time.time()
            self.dep.start()
            t2 = time.time()
            self.check()
            self.assertEqual(self.model.problems, [], f"cycle {cycle}")
            self.timing["load"] += t1 - t0
            self.timing["restart"] += t2 - t1
            self.timing["checks"] += time.time() - t2


class CrashSqliteTest(CrashTestBase):
    def test_kill9_of_the_server_loses_nothing_acknowledged(self):
        started = time.time()
        self.dep = Deployment()
        self.dep.start()
        self.kill_app_cycles(CYCLES)
        self.finish()
        self.summary("SQLite, kill -9 of the server", CYCLES, started)
        self.assertGreater(self.model.counts["actions acknowledged"], CYCLES)
        self.assertGreater(self.model.counts["registrations acknowledged"], CYCLES)


@unittest.skipUnless(os.path.exists(os.path.join(PG_BIN, "initdb")), "PostgreSQL 15 server binaries missing")
class CrashPostgresTest(CrashTestBase):
    def setUp(self):
        super().setUp()
        self.cluster_parent = tempfile.mkdtemp(prefix="xf-crashpg-")
        self.pg_dir = os.path.join(self.cluster_parent, "pg")
        subprocess.run([PG_SH, "start", self.pg_dir], check=True, capture_output=True, text=True, timeout=180)

    def tearDown(self):
        super().tearDown()
        subprocess.run([PG_SH, "stop", self.pg_dir], capture_output=True, timeout=180)
        if not KEEP:
            shutil.rmtree(self.cluster_parent, ignore_errors=True)

    def kill_postgres(self):
        """SIGKILL to the postmaster and every process of it at once (as when the machine loses power: an orphaned
        backend would otherwise keep the shared memory, and PostgreSQL refuses to start beside it)."""
        with open(os.path.join(self.pg_dir, "data", "postmaster.pid"), encoding="ascii") as f:
            postmaster = int(f.readline())
        children = []
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                try:
                    with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as f:
                        if int(f.read().rsplit(")", 1)[1].split()[1]) == postmaster:
                            children.append(int(entry))
                except (OSError, ValueError, IndexError):
                    pass
        for pid in [postmaster] + children:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        deadline = time.time() + 30
        for pid in [postmaster] + children:
            while time.time() < deadline:
                try:
                    with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as f:
                        if f.read().rsplit(")", 1)[1].split()[0] == "Z":
                            break  # a zombie holds nothing
                except OSError:
                    break
                time.sleep(0.05)
        # In a container whose PID 1 does not reap orphans the dead postmaster stays a zombie, and PostgreSQL takes
        # the stale postmaster.pid naming it for a live server. Every process of the cluster is dead (a zombie holds
        # no memory): the lock file is stale, as after a power loss and a reboot.
        try:
            with open(f"/proc/{postmaster}/stat", encoding="ascii", errors="replace") as f:
                zombie = f.read().rsplit(")", 1)[1].split()[0] == "Z"
        except OSError:
            zombie = False
        if zombie:  # the data directory's lock file and the socket's
            os.remove(os.path.join(self.pg_dir, "data", "postmaster.pid"))
            for name in os.listdir(self.pg_dir):
                if name.startswith(".s.PGSQL."):
                    os.remove(os.path.join(self.pg_dir, name))
        self.model.counts["postgres kills"] += 1

    def test_kill9_of_the_app_server_and_of_postgresql_loses_nothing_acknowledged(self):
        started = time.time()
        self.dep = Deployment(self.pg_dir)
        self.dep.start()
        self.kill_app_cycles(PG_CYCLES)
        # PostgreSQL killed under load; the app server stays up and must reconnect.
        for n in range(PG_KILLS):
            before = self.model.counts["actions acknowledged"] + self.model.counts["registrations acknowledged"]

            def kill_and_restart():
                self.kill_postgres()
                time.sleep(self.rng.uniform(0.2, 1.0))  # the clients meet a dead database for a while
                r = subprocess.run([PG_SH, "start", self.pg_dir], capture_output=True, text=True, timeout=180)
                self.assertEqual(r.returncode, 0, f"PostgreSQL did not start again: {r.stdout}{r.stderr}")
                time.sleep(2.0)  # load goes on after the restart: the server must have reconnected

            self.load((0.3, 1.5), kill_and_restart, tolerate_errors=True)
            self.assertIsNone(self.dep.proc.poll(), "the app server died with its database")
            after = self.model.counts["actions acknowledged"] + self.model.counts["registrations acknowledged"]
            self.assertGreater(after, before, f"PostgreSQL kill {n}: nothing acknowledged around the restart")
            self.check()
        self.finish()
        self.summary(f"PostgreSQL, kill -9 of the app server ×{PG_CYCLES}, of PostgreSQL ×{PG_KILLS}",
                     PG_CYCLES + PG_KILLS, started)
        self.assertEqual(self.model.counts["postgres kills"], PG_KILLS)


if __name__ == "__main__":
    unittest.main()
