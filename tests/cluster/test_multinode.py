"""Two app servers behind nginx on one PostgreSQL database, with conflicting case work from several sessions (issue #5).

What it starts (everything on 127.0.0.1, everything removed at the end):
  - a fresh database in the running `scripts/pg.sh` cluster named by XINFANG_TEST_PG_DIR (ctest's fixture "pg"),
    seeded with the harness's orgs and users through the CLI;
  - two `xinfang serve --db postgresql://… --listen 127.0.0.1:0` processes with the same XINFANG_SECRET_KEY;
  - Debian's nginx (/usr/sbin/nginx, or $NGINX) on a free port, from config/nginx/xinfang.conf.in (round robin over
    the two servers), with an access log that names the upstream and the client session of every request.

The load: 8 threads, each its own logged-in session through nginx (registrars, a receiving department's handlers, an
approver, a supervisor), work on the SAME few open cases for XINFANG_MULTINODE_SECONDS seconds (default 60): read a
case, pick one of the actions the server offers this user, send it with the version just read (half of them as
`{"version": N}` in the body, half as `If-Match: "N"`). New cases are registered whenever fewer than 6 are open.
A 409 is the expected answer to a lost race and is counted; every 2xx is recorded with the case, the action, the
version the server answered and the id of the timeline event it wrote.

The checks afterwards, for every case touched:
  - the timeline is a legal sequence of the workflow's transitions (TRANSITIONS below, written from
    src/domain/workflow.cpp for the actions used here) and ends in the case's state;
  - every acknowledged action is in the timeline exactly once, at the position of the version it was acknowledged
    with (timeline[version - 1]); no version was acknowledged twice; each acknowledged version is the version read
    plus one; every timeline event was acknowledged (except where the client lost the answer);
  - the final version is 1 + the number of updates (= the length of the timeline);
  - every observation of one (case, version), from either server, showed the same state and timeline;
  - a session never read an older version of a case than one it had already seen (read-your-writes across servers);
  - personal data written through one server decrypts on the other (same key);
  - no 5xx, no unexpected status; both app servers answered requests of every session (nginx's log);
  - `xinfang stats verify --db URL` exits 0 (the statistics rollups equal a recount of every case).

Run: XINFANG_TEST_PG_DIR=DIR XINFANG_BIN=build/src/xinfang XINFANG_SOURCE_DIR=. python3 tests/cluster/test_multinode.py
(or `python3 -m unittest -v test_multinode` in this folder). Without XINFANG_TEST_PG_DIR the test is skipped.
XINFANG_MULTINODE_KEEP=1 keeps the temporary directory (logs, nginx config) and the database. Standard library only.
"""
import collections
import datetime
import json
import os
import random
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "api"))
import harness  # noqa: E402

NGINX = os.environ.get("NGINX", "/usr/sbin/nginx")
SECONDS = float(os.environ.get("XINFANG_MULTINODE_SECONDS", "60"))
KEEP = os.environ.get("XINFANG_MULTINODE_KEEP") == "1"
SEED = int(os.environ.get("XINFANG_MULTINODE_SEED", str(int(time.time()))))
OPEN_CASES = 6  # the small set of open cases every thread works on

# The sessions: (login, can register). reg: 县信访局 registrar+handler; hr: 县人社局 handler+approver (receives the
# forwarded cases); appr: 县信访局 approver (extends, replies, rejects what the county holds); cityxf: 市信访局
# supervisor (催办/督办 on any open case of the city's subtree).
SESSIONS = ["reg", "reg", "reg", "hr", "hr", "hr", "appr", "cityxf"]
REGISTRARS = {"reg"}

OPEN = {"registered", "forwarded", "accepted", "hearing"}
# The expected transition table for the actions this test uses (original cases only), from src/domain/workflow.cpp:
# action → {from state: to state}; None as the target: the state does not change.
TRANSITIONS = {
    "forward": {"registered": "forwarded"},
    "assign": {"registered": "forwarded"},
    "accept_directly": {"registered": "accepted"},
    "transfer_political_legal": {"registered": "transferred"},
    "reject": {"registered": "not_accepted", "forwarded": "not_accepted"},
    "reply_on_spot": {"registered": "replied"},
    "return": {"forwarded": "registered"},
    "accept": {"forwarded": "accepted"},
    "extend": {"accepted": None},
    "reply": {"accepted": "replied"},
    "mediate": {"accepted": "replied"},
    "rate": {"replied": None},
    "remind": {s: None for s in OPEN},
    "supervise": {s: None for s in OPEN},
}
ONCE_PER_CASE = {"extend", "rate"}  # 延期 only once (Art. 34); one rating
# How often each offered action is chosen: routing back and forth (forward/return) keeps cases open and contended.
# Closing actions are rare, so that a case stays open for a while and many sessions race for it; PASS is the weight of
# doing nothing this time (the county's approver, for one, is offered nothing but 不予受理 on a new case).
WEIGHTS = {"forward": 5, "assign": 1.5, "accept_directly": 1, "transfer_political_legal": 0.1, "reject": 0.1,
           "reply_on_spot": 0.1, "return": 4, "accept": 2.5, "extend": 3, "reply": 0.7, "mediate": 0.3, "rate": 2,
           "remind": 2, "supervise": 1}
PASS = 1.5


def china_today():
    return (datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(hours=8)).date()


def action_body(action, me):
    due = (china_today() + datetime.timedelta(days=10)).isoformat()
    return {
        "forward": {"target_org_code": "county_hr", "comment": "请依法处理。"},
        "assign": {"target_org_code": "county_hr", "feedback_due": due},
        "accept_directly": {},
        "transfer_political_legal": {"target_org_code": "county_court"},
        "reject": {"reason": "属于劳动争议", "legal_route": "向劳动人事争议仲裁委员会申请仲裁"},
        "reply_on_spot": {"reasons": "已当场解释政策"},
        "return": {"reason": "不属本单位职责范围"},
        "accept": {},
        "extend": {"extension_days": 15, "reason": "需调取工程结算资料", "approver_id": me["user_id"]},
        "reply": {"outcome": "supported", "facts": "经查属实。", "reasons": "依法应予支持。",
                  "legal_basis": "《保障农民工工资支付条例》第三条"},
        "mediate": {"facts": "双方达成调解协议。"},
        "rate": {"rating": "satisfied"},
        "remind": {"reason": "请抓紧办理"},
        "supervise": {"reason": "群众反映强烈", "feedback_due": due},
    }[action]


def registration(n):
    return {
        "channel": "visit", "purpose": "complaint", "category_code": "0402", "region_code": "991021",
        "title": f"多节点测试 {n}", "persons": 1,
        "content": "某建筑工地拖欠工人工资，多次讨要未果，请求协调解决。",
        "petitioners": [{"name": "王小明", "id_number": "110101199003074514", "phone": "13812345678",
                         "address": "测试县幸福路12号"}],
    }


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class TaggedClient(harness.Client):
    """harness.Client that names its session in every request (X-XF-Client: nginx logs it next to the upstream)."""

    def __init__(self, port, tag):
        super().__init__(port)
        self.tag = tag

    def request(self, method, path, body=None, headers=None, raw=None):
        h = {"X-XF-Client": self.tag}
        h.update(headers or {})
        return super().request(method, path, body, headers=h, raw=raw)


class Cluster:
    """A database, two app servers and nginx; stop() removes all of it."""

    def __init__(self):
        self.dir = tempfile.mkdtemp(prefix="xf-multinode-")
        os.chmod(self.dir, 0o755)  # nginx's workers run as www-data when we are root
        self.apps = []  # (Popen, port, log path)
        self.nginx = None
        self.port = None
        self.db, self.pg_database = harness.fresh_database_url(self.dir)
        self.env = dict(os.environ, XINFANG_CONFIG_DIR=os.path.join(harness.SOURCE, "config"),
                        XINFANG_LOG_LEVEL="warn", XINFANG_SECRET_KEY=secrets.token_hex(32),
                        XINFANG_FILES_DIR=os.path.join(self.dir, "files"))  # one directory shared by every node

    def cli(self, *args, input=None, check=True, timeout=120):
        r = subprocess.run([harness.BIN, *args], env=self.env, input=input, capture_output=True, text=True,
                           timeout=timeout)
        if check and r.returncode != 0:
            raise RuntimeError(f"xinfang {' '.join(args)} failed ({r.returncode}): {r.stdout}{r.stderr}")
        return r

    def start(self):
        self.cli("migrate", "--db", self.db)
        orgs = os.path.join(self.dir, "orgs.tsv")
        with open(orgs, "w", encoding="utf-8") as f:
            f.write(harness.ORGS_TSV)
        self.cli("org", "import", "--db", self.db, orgs)
        for login, org, roles, scope in harness.USERS:
            self.cli("user", "add", "--db", self.db, "--login", login, "--org", org, "--roles", roles, "--scope",
                     scope, "--password-stdin", input=harness.PASSWORD + "\n")
        for n in (1, 2):
            self.apps.append(self.start_app(n))
        self.start_nginx()

    def start_app(self, n):
        log = os.path.join(self.dir, f"app{n}.log")
        with open(log, "w") as out:
            proc = subprocess.Popen([harness.BIN, "serve", "--db", self.db, "--listen", "127.0.0.1:0"], env=self.env,
                                    stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        deadline = time.time() + 60
        while time.time() < deadline:
            with open(log, encoding="utf-8", errors="replace") as f:
                m = re.search(r"http://127\.0\.0\.1:(\d+)/", f.read())
            if m:
                return proc, int(m.group(1)), log
            if proc.poll() is not None:
                break
            time.sleep(0.1)
        proc.kill()
        raise RuntimeError(f"app server {n} did not start: {self.tail(log)}")

    def start_nginx(self):
        ng = os.path.join(self.dir, "nginx")
        for d in ("logs", "temp"):
            os.makedirs(os.path.join(ng, d), exist_ok=True)
        root = os.getuid() == 0
        if root:
            shutil.chown(os.path.join(ng, "temp"), "www-data")
        upstreams = "\n".join(f"    server 127.0.0.1:{port} max_fails=3 fail_timeout=10s;" for _, port, _ in self.apps)
        with open(os.path.join(harness.SOURCE, "config", "nginx", "xinfang.conf.in"), encoding="utf-8") as f:
            site_template = f.read()
        for attempt in range(5):
            self.port = free_port()
            site = (site_template.replace("@UPSTREAM_SERVERS@", upstreams)
                    .replace("@LISTEN@", f"127.0.0.1:{self.port}").replace("@SERVER_NAME@", "localhost"))
            with open(os.path.join(ng, "xinfang.conf"), "w", encoding="utf-8") as f:
                f.write(site)
            with open(os.path.join(ng, "nginx.conf"), "w", encoding="utf-8") as f:
                f.write(f"""# Written by tests/cluster/test_multinode.py; the site is xinfang.conf (config/nginx/xinfang.conf.in).
{"user www-data;" if root else ""}
daemon off;
worker_processes 2;
pid {ng}/nginx.pid;
error_log {ng}/logs/error.log warn;
events {{ worker_connections 512; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    log_format multinode '$upstream_addr $upstream_status $status $http_x_xf_client "$request"';
    access_log {ng}/logs/access.log multinode;
    client_body_temp_path {ng}/temp/client_body;
    proxy_temp_path {ng}/temp/proxy;
    fastcgi_temp_path {ng}/temp/fastcgi;
    uwsgi_temp_path {ng}/temp/uwsgi;
    scgi_temp_path {ng}/temp/scgi;
    include {ng}/xinfang.conf;
}}
""")
            cmd = [NGINX, "-p", ng, "-c", os.path.join(ng, "nginx.conf"), "-e", os.path.join(ng, "logs", "error.log")]
            t = subprocess.run(cmd + ["-t", "-q"], capture_output=True, text=True)
            if t.returncode != 0:
                raise RuntimeError(f"nginx rejected its configuration: {t.stderr}")
            self.nginx = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                          stderr=subprocess.DEVNULL)
            deadline = time.time() + 10
            while time.time() < deadline and self.nginx.poll() is None:
                try:
                    status, doc, _ = harness.Client(self.port).get("/healthz")
                    if status == 200:
                        return
                except OSError:
                    pass
                time.sleep(0.1)
            self.stop_nginx()  # the port was taken in between, or nginx is broken: try another port
        raise RuntimeError(f"nginx did not start: {self.tail(os.path.join(ng, 'logs', 'error.log'))}")

    @staticmethod
    def tail(path, n=30):
        try:
            with open(path, encoding="utf-8", errors="replace") as f:
                return "".join(f.readlines()[-n:])
        except OSError:
            return ""

    def stop_nginx(self):
        if self.nginx and self.nginx.poll() is None:
            self.nginx.send_signal(signal.SIGQUIT)  # graceful: the access log is complete
            try:
                self.nginx.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.nginx.kill()
                self.nginx.wait()
        self.nginx = None

    def stop_apps(self):
        for proc, _, _ in self.apps:
            if proc.poll() is None:
                proc.terminate()
        for proc, _, _ in self.apps:
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()

    def stop(self):
        self.stop_nginx()
        self.stop_apps()
        if KEEP:
            print(f"kept {self.dir} and database {self.db}", file=sys.stderr)
            return
        if self.pg_database:
            harness.pg_admin(f"DROP DATABASE IF EXISTS {self.pg_database} WITH (FORCE)")
            self.pg_database = None
        shutil.rmtree(self.dir, ignore_errors=True)


class Load:
    """The shared state of the worker threads and what they recorded."""

    def __init__(self, port, seconds):
        self.port = port
        self.deadline = time.time() + seconds
        self.lock = threading.Lock()
        self.active = []          # open case ids the threads work on
        self.cases = []           # every case registered
        self.acks = []            # dict(case, action, version, read_version, event_id, thread, via)
        self.lost = collections.Counter()  # (case, action) whose answer never arrived (transport error)
        self.observed = collections.defaultdict(dict)  # case → version → (state, timeline ids); first seen
        self.problems = []
        self.counts = collections.Counter()
        self.conflicts = collections.Counter()  # 409 by code
        self.registered = 0
        self.next_n = 0

    def problem(self, text):
        with self.lock:
            if len(self.problems) < 200:
                self.problems.append(text)

    def observe(self, who, case, doc):
        """Every view of a case at one version must be the same, whichever server produced it."""
        sig = (doc["state"], tuple(e["id"] for e in doc["timeline"]))
        with self.lock:
            seen = self.observed[case].setdefault(doc["version"], (sig, who))
        if seen[0] != sig:
            self.problem(f"case {case} version {doc['version']}: {who} saw state {sig[0]} with events {sig[1]}, "
                         f"{seen[1]} saw state {seen[0][0]} with events {seen[0][1]}")
        for p in doc.get("petitioners", []):
            if "无法解密" in p.get("phone", "") or "无法解密" in p.get("id_number", ""):
                self.problem(f"case {case}: personal data not decryptable by {who}: {p}")

    def register(self, client, who):
        with self.lock:
            self.next_n += 1
            n = self.next_n
        try:
            status, doc, r = client.post("/api/v1/petitions", registration(n))
        except OSError as e:
            self.problem(f"{who}: registration {n}: transport error {e!r}")
            return None
        if status != 201:
            self.problem(f"{who}: registration {n}: {status} {doc}")
            return None
        if doc["version"] != 1 or r.getheader("ETag") != '"1"':
            self.problem(f"{who}: registration {n}: version {doc['version']}, ETag {r.getheader('ETag')}")
        with self.lock:
            self.registered += 1
            self.cases.append(doc["id"])
            self.active.append(doc["id"])
        return doc["id"]

    def retire(self, case):
        with self.lock:
            if case in self.active:
                self.active.remove(case)

    def worker(self, index, login):
        who = f"t{index}-{login}"
        rng = random.Random(SEED * 100 + index)
        client = TaggedClient(self.port, who)
        doc = client.login(login)
        me = {"user_id": doc["user"]["id"], "org_id": doc["org"]["id"]}
        last_seen = {}  # case → highest version this session has seen
        while time.time() < self.deadline:
            with self.lock:
                active = list(self.active)
            if login in REGISTRARS and (len(active) < OPEN_CASES or rng.random() < 0.02):
                self.register(client, who)
                continue
            if not active:
                time.sleep(0.01)
                continue
            case = rng.choice(active)
            try:
                status, doc, r = client.get(f"/api/v1/petitions/{case}")
            except OSError as e:
                self.problem(f"{who}: GET case {case}: transport error {e!r}")
                continue
            self.counts["reads"] += 1
            if status == 404:  # e.g. the department asked for a case only the county office has held so far
                self.counts["reads not visible"] += 1
                continue
            if status != 200:
                self.problem(f"{who}: GET case {case}: {status} {doc}")
                continue
            if r.getheader("ETag") != f'"{doc["version"]}"':
                self.problem(f"{who}: GET case {case}: ETag {r.getheader('ETag')} for version {doc['version']}")
            self.observe(who, case, doc)
            if doc["version"] < last_seen.get(case, 0):
                self.problem(f"{who}: case {case}: read version {doc['version']} after having seen "
                             f"{last_seen[case]} (stale read)")
            last_seen[case] = max(last_seen.get(case, 0), doc["version"])
            if doc["state"] not in OPEN and (doc["state"] != "replied" or doc["rating"] is not None):
                self.retire(case)
                continue
            offered = [a["name"] for a in doc["actions"] if a["name"] in TRANSITIONS]
            if not offered:
                self.counts["reads with nothing to do"] += 1
                continue
            action = rng.choices(offered + [None], weights=[WEIGHTS[a] for a in offered] + [PASS])[0]
            if action is None:
                self.counts["reads passed"] += 1
                continue
            body = dict(action_body(action, me))
            headers = None
            via = "body"
            if rng.random() < 0.5:
                body["version"] = doc["version"]
            else:
                headers = {"If-Match": f'"{doc["version"]}"'}
                via = "If-Match"
            time.sleep(rng.uniform(0, 0.005))  # a moment's thought: lets other sessions race for the case
            try:
                status, res, r = client.request("POST", f"/api/v1/petitions/{case}/actions/{action}", body,
                                                headers=headers)
            except OSError as e:
                with self.lock:
                    self.lost[(case, action)] += 1
                self.problem(f"{who}: {action} on case {case}: transport error {e!r} (outcome unknown)")
                continue
            self.counts["actions sent"] += 1
            if 200 <= status < 300:
                last = max(res["timeline"], key=lambda e: e["id"]) if res.get("timeline") else None
                ack = {"case": case, "action": action, "version": res["version"], "read_version": doc["version"],
                       "event_id": last["id"] if last else None, "thread": who, "via": via,
                       "etag": r.getheader("ETag")}
                with self.lock:
                    self.acks.append(ack)
                if last is None or last["action"] != action:
                    self.problem(f"{who}: {action} on case {case} acknowledged, but its last event is {last}")
                if ack["etag"] != f'"{res["version"]}"':
                    self.problem(f"{who}: {action} on case {case}: ETag {ack['etag']} for version {res['version']}")
                self.observe(who, case, res)
                last_seen[case] = max(last_seen.get(case, 0), res["version"])
            elif status == 409:
                with self.lock:
                    self.conflicts[res.get("code") if isinstance(res, dict) else "?"] += 1
            else:
                self.problem(f"{who}: {action} on case {case} at version {doc['version']} ({via}): {status} {res}")


def check_case(case, final, acks, lost):
    """The problems of one case: its final view against what was acknowledged. Returns a list of strings."""
    out = []
    timeline = final["timeline"]
    ids = [e["id"] for e in timeline]
    if ids != sorted(ids) or len(set(ids)) != len(ids):
        out.append(f"case {case}: timeline ids not strictly increasing: {ids}")
    if not timeline or timeline[0]["action"] != "register":
        out.append(f"case {case}: timeline does not start with register: {[e['action'] for e in timeline]}")
        return out
    # Version: 1 at registration, +1 per update; every update here writes exactly one event.
    if final["version"] != len(timeline):
        out.append(f"case {case}: version {final['version']} but {len(timeline) - 1} updates in the timeline")
    # A legal walk through the transition table.
    state, done = "registered", collections.Counter()
    for i, e in enumerate(timeline[1:], start=2):
        a = e["action"]
        row = TRANSITIONS.get(a)
        if row is None or state not in row:
            out.append(f"case {case}: event {i} ({a}) is not allowed in state {state}: "
                       f"{[x['action'] for x in timeline]}")
            break
        if a in ONCE_PER_CASE and done[a]:
            out.append(f"case {case}: {a} twice: {[x['action'] for x in timeline]}")
        done[a] += 1
        state = row[state] or state
    else:
        if state != final["state"]:
            out.append(f"case {case}: the timeline leads to {state}, the case is {final['state']}")
    # Acknowledged actions: each at its version's place, each version once.
    by_version = collections.defaultdict(list)
    for a in acks:
        by_version[a["version"]].append(a)
        if a["version"] != a["read_version"] + 1:
            out.append(f"case {case}: {a['action']} sent at version {a['read_version']} acknowledged as "
                       f"version {a['version']} ({a['thread']})")
    for v, group in sorted(by_version.items()):
        if len(group) > 1:
            out.append(f"case {case}: version {v} acknowledged {len(group)} times: "
                       f"{[(g['action'], g['thread'], g['event_id']) for g in group]}")
        for a in group:
            if not 2 <= v <= len(timeline):
                out.append(f"case {case}: {a['action']} acknowledged as version {v}, not in the timeline (lost)")
                continue
            e = timeline[v - 1]
            if e["id"] != a["event_id"] or e["action"] != a["action"]:
                out.append(f"case {case}: {a['action']} acknowledged as version {v} with event {a['event_id']}, "
                           f"the timeline has {e['action']} (event {e['id']}) there")
    acked_events = collections.Counter(a["event_id"] for a in acks)
    for eid, n in acked_events.items():
        if ids.count(eid) != 1:
            out.append(f"case {case}: acknowledged event {eid} appears {ids.count(eid)} times in the timeline")
    # Events nobody acknowledged: only where a client lost the answer to that action.
    spare = collections.Counter(lost)
    for e in timeline[1:]:
        if e["id"] in acked_events:
            continue
        if spare[e["action"]] > 0:
            spare[e["action"]] -= 1
            continue
        out.append(f"case {case}: event {e['id']} ({e['action']}) was never acknowledged to any client")
    return out


class CheckerTest(unittest.TestCase):
    """check_case itself, on made-up cases: it must catch what the load test looks for (no server needed)."""

    @staticmethod
    def case(actions, state, version=None):
        timeline = [{"id": 10 * (i + 1), "action": a} for i, a in enumerate(["register"] + actions)]
        return {"timeline": timeline, "state": state, "version": version or len(timeline)}

    @staticmethod
    def ack(action, version, event_id):
        return {"action": action, "version": version, "read_version": version - 1, "event_id": event_id,
                "thread": "t0"}

    def test_a_consistent_case_passes(self):
        final = self.case(["forward", "return", "forward", "accept", "extend", "reply", "rate"], "replied")
        acks = [self.ack(e["action"], i + 1, e["id"]) for i, e in enumerate(final["timeline"]) if i]
        self.assertEqual(check_case(1, final, acks, {}), [])

    def test_what_it_catches(self):
        acks = [self.ack("forward", 2, 20), self.ack("accept", 3, 30)]
        cases = [
            (self.case(["accept"], "accepted"), [], "not allowed in state registered"),
            (self.case(["forward", "accept", "extend", "extend"], "accepted"), [], "extend twice"),
            (self.case(["forward", "accept"], "forwarded"), acks, "leads to accepted"),
            (self.case(["forward", "accept"], "accepted", version=4), acks, "version 4 but 2 updates"),
            (self.case(["forward"], "forwarded"), acks, "not in the timeline (lost)"),
            (self.case(["forward", "accept"], "accepted"), acks + [self.ack("return", 3, 99)], "acknowledged 2 times"),
            (self.case(["forward", "accept"], "accepted"), acks[:1], "never acknowledged"),
            (self.case(["forward", "accept"], "accepted"), [acks[0], self.ack("accept", 3, 31)], "the timeline has"),
        ]
        for final, case_acks, needle in cases:
            problems = check_case(7, final, case_acks, {})
            self.assertTrue(any(needle in p for p in problems), (needle, problems))
        # An answer lost in transit excuses one unacknowledged event of that action.
        self.assertEqual(check_case(7, self.case(["forward", "accept"], "accepted"), acks[:1], {"accept": 1}), [])


@unittest.skipUnless(harness.PG_DIR, "needs a running scripts/pg.sh cluster in XINFANG_TEST_PG_DIR")
@unittest.skipUnless(os.access(NGINX, os.X_OK), f"needs nginx at {NGINX}")
class MultiNodeTest(unittest.TestCase):
    def test_conflicting_actions_through_two_servers(self):
        cluster = Cluster()
        self.addCleanup(cluster.stop)
        cluster.start()
        print(f"\nmultinode: database {cluster.db}, app servers on ports "
              f"{[p for _, p, _ in cluster.apps]}, nginx on {cluster.port}, {SECONDS:g} s, seed {SEED}",
              file=sys.stderr)

        load = Load(cluster.port, SECONDS)
        reg = TaggedClient(cluster.port, "setup")
        reg.login("reg")
        for _ in range(OPEN_CASES):
            self.assertIsNotNone(load.register(reg, "setup"), load.problems)
        errors = []

        def run(i, login):
            try:
                load.worker(i, login)
            except Exception as e:  # noqa: BLE001 — reported with the others below
                errors.append(f"thread {i} ({login}) died: {e!r}")

        threads = [threading.Thread(target=run, args=(i, login)) for i, login in enumerate(SESSIONS)]
        started = time.time()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.time() - started

        # The final state of every case, read through nginx by the province (scope 全部).
        prov = TaggedClient(cluster.port, "check")
        prov.login("prov")
        acks_by_case = collections.defaultdict(list)
        for a in load.acks:
            acks_by_case[a["case"]].append(a)
        lost_by_case = collections.defaultdict(collections.Counter)
        for (case, action), n in load.lost.items():
            lost_by_case[case][action] += n
        problems = []
        finals = {}
        for case in load.cases:
            status, final, _ = prov.get(f"/api/v1/petitions/{case}")
            if status != 200:
                problems.append(f"case {case}: final read {status} {final}")
                continue
            finals[case] = final
            load.observe("check", case, final)
            problems += check_case(case, final, acks_by_case[case], lost_by_case[case])
        problems = list(errors) + list(load.problems) + problems  # load.problems includes the final reads' now

        stats = cluster.cli("stats", "verify", "--db", cluster.db, check=False, timeout=300)
        if stats.returncode != 0:
            problems.append(f"xinfang stats verify exited {stats.returncode}: {stats.stdout}{stats.stderr}")

        # Who answered what: nginx's access log (complete once nginx has quit).
        cluster.stop_nginx()
        per_upstream, per_session, statuses = collections.Counter(), collections.defaultdict(set), collections.Counter()
        with open(os.path.join(cluster.dir, "nginx", "logs", "access.log"), encoding="utf-8") as f:
            for line in f:
                upstream, ustatus, status, client = line.split(" ", 4)[:4]
                per_upstream[upstream] += 1
                statuses[status] += 1
                if client.startswith("t"):
                    per_session[client].add(upstream)
        app_addrs = {f"127.0.0.1:{p}" for _, p, _ in cluster.apps}
        for addr in app_addrs:
            if per_upstream[addr] == 0:
                problems.append(f"app server {addr} answered no request (nginx log: {dict(per_upstream)})")
        for session, ups in sorted(per_session.items()):
            if not app_addrs <= ups:
                problems.append(f"session {session} was answered only by {sorted(ups)}")
        for status, n in statuses.items():
            if status.startswith("5"):
                problems.append(f"nginx logged {n} responses with status {status}")
        other = {u: n for u, n in per_upstream.items() if u not in app_addrs}
        if other:
            problems.append(f"requests with other upstreams in nginx's log (retries or failures): {other}")
        cluster.stop_apps()
        app_log_lines = []
        for n, (_, port, log) in enumerate(cluster.apps, start=1):
            with open(log, encoding="utf-8", errors="replace") as f:
                for line in f:
                    if re.search(r"\b(error|ERROR|critical|fatal)\b", line):
                        app_log_lines.append(f"app{n}: {line.rstrip()}")

        by_action = collections.Counter(a["action"] for a in load.acks)
        print(f"multinode: {elapsed:.1f} s, {len(SESSIONS)} sessions, {len(load.cases)} cases "
              f"({load.registered} registrations incl. {OPEN_CASES} at the start)", file=sys.stderr)
        print(f"  actions acknowledged {len(load.acks)} of {load.counts['actions sent']} sent: "
              f"{dict(by_action.most_common())}", file=sys.stderr)
        print(f"  conflicts (409) {sum(load.conflicts.values())}: {dict(load.conflicts)}; reads {load.counts['reads']} "
              f"(not visible {load.counts['reads not visible']}, nothing offered "
              f"{load.counts['reads with nothing to do']}, passed {load.counts['reads passed']}); answers lost in transit {sum(load.lost.values())}",
              file=sys.stderr)
        print(f"  final states: {dict(collections.Counter(f['state'] for f in finals.values()))}; "
              f"longest timeline {max((len(f['timeline']) for f in finals.values()), default=0)} events",
              file=sys.stderr)
        print(f"  requests per app server (nginx): {dict(per_upstream)}; statuses {dict(statuses)}", file=sys.stderr)
        print(f"  stats verify: exit {stats.returncode}: {(stats.stdout + stats.stderr).strip()[:300]}",
              file=sys.stderr)
        if app_log_lines:
            print("  app server log lines naming errors:\n    " + "\n    ".join(app_log_lines[:20]), file=sys.stderr)
        if problems:
            print("  PROBLEMS:\n    " + "\n    ".join(problems[:60]), file=sys.stderr)
        self.assertEqual(problems, [], f"{len(problems)} problems (first ones printed above)")
        self.assertGreater(len(load.acks), 0)
        self.assertGreater(sum(load.conflicts.values()), 0, "no conflicting action at all: the test raced nothing")


if __name__ == "__main__":
    unittest.main(verbosity=2)
