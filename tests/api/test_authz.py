"""Authorization matrix (issue #9): every operation of docs/api/openapi.yaml × every role × where the object's org
lies from the user's org (own, child, parent, sibling, none) × {ordinary case, 检举控告 case against the user's own
org}, against the expectations of authz_matrix.tsv (the rule of each row is written there). Also: a check that fails
when openapi.yaml gains an operation without a row, every non-public row without a session (401) and without the
CSRF token (403), and IDOR attempts — guessed ids of other orgs' cases, documents and attachments, guessed 查询码,
secrets and access tokens on the portal — answered exactly as objects that do not exist.

One server, set up once; figures (cells, requests, seconds) are printed at the end (XF_AUTHZ_QUIET=1 hides them)."""
import datetime
import http.client
import io
import json
import os
import re
import secrets
import time
import unittest
import urllib.parse
import zipfile

from harness import SOURCE, Client, Server, solve_challenge

HERE = os.path.dirname(os.path.abspath(__file__))
ROLES = ["registrar", "handler", "approver", "supervisor", "statistician", "admin"]
# Where the object's org (always `county`) lies, seen from the user's org → the org the user sits in.
RELATIONS = {"own": "county", "child": "city", "parent": "town", "sibling": "county2", "none": "far"}
ORGS_TSV = """code\tparent_code\tname\tlevel\tkind\tregion_code
prov\t\t测试省信访局\tprovince\tpetition_office\t990000
city\tprov\t测试市信访局\tcity\tpetition_office\t991000
county\tcity\t测试县信访局\tcounty\tpetition_office\t991021
town\tcounty\t测试镇人民政府\ttownship\tparty_government\t991021001
county2\tcity\t另一县信访局\tcounty\tpetition_office\t991022
far\t\t外省信访局\tprovince\tpetition_office\t980000
"""
PARENT = {"prov": None, "city": "prov", "county": "city", "town": "county", "county2": "city", "far": None}
STATS_ROLES = {"statistician", "supervisor", "approver", "admin"}
CASE_STAFF = {"registrar", "handler", "approver"}


def contains(outer, inner):
    """True if org `inner` is `outer` or below it."""
    while inner:
        if inner == outer:
            return True
        inner = PARENT[inner]
    return False


class MatrixUser:
    def __init__(self, login, role, relation, scope):
        self.login, self.role, self.relation, self.scope = login, role, relation, scope
        self.org = RELATIONS[relation]
        self.client = None


# The matrix: one user per role × relation, scope 本单位及下级 (a county office's usual set-up); and handlers with
# each other scope at each relation, so that 本单位 / 仅本人 / 全部 are covered too.
MATRIX_USERS = [MatrixUser(f"{role[:4]}_{rel}", role, rel, "subtree") for role in ROLES for rel in RELATIONS]
MATRIX_USERS += [MatrixUser(f"h{scope}_{rel}", "handler", rel, scope) for scope in ("org", "self", "all")
                 for rel in RELATIONS]
SETUP_USERS = [("keeper", "county", "registrar,handler,approver", "org"),  # registers and holds the cases
               ("root", "prov", "admin,handler", "all"),                  # global admin: setup only
               ("target", "county", "handler", "org")]                    # the user PATCH /users edits
USERS = SETUP_USERS + [(u.login, u.org, u.role, u.scope) for u in MATRIX_USERS]


def load_matrix():
    rows = []
    with open(os.path.join(HERE, "authz_matrix.tsv"), encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip() or line.startswith("#"):
                continue
            parts = line.rstrip("\n").split("\t")
            assert len(parts) == 6, f"authz_matrix.tsv:{n}: 6 columns expected, got {len(parts)}"
            method, path, probe, case, expect, rule = parts
            assert case in ("yes", "no"), f"authz_matrix.tsv:{n}: CASE is yes or no"
            rows.append({"method": method, "path": path, "probe": probe, "case": case == "yes", "expect": expect,
                         "rule": rule, "line": n})
    return rows


def openapi_operations():
    ops, path = set(), None
    with open(os.path.join(SOURCE, "docs/api/openapi.yaml"), encoding="utf-8") as f:
        in_paths = False
        for line in f:
            if re.match(r"^paths:\s*$", line):
                in_paths = True
                continue
            if in_paths and re.match(r"^\S", line):
                in_paths = False
            if not in_paths:
                continue
            m = re.match(r"^  (/\S*):\s*$", line)
            if m:
                path = m.group(1)
                continue
            m = re.match(r"^    (get|post|put|patch|delete|head|options):", line)
            if m and path:
                ops.add((m.group(1).upper(), path))
    return ops


def holds(cond, u, case):
    """Whether user `u` meets condition `cond` for the object (the case `case`, or an object of org `county`)."""
    org = u.org
    m = re.fullmatch(r"role\(([a-z,]+)\)", cond)
    if m:
        return u.role in m.group(1).split(",")
    if cond == "visible":
        if case["accused"] and contains(case["accused"], org):
            return False  # Art. 30 ¶3, whatever the scope
        return {"all": True, "org": org == "county", "subtree": contains(org, "county"), "self": False}[u.scope]
    if cond in ("holder", "issuer"):
        return org == "county"
    if cond == "keeper":
        return org == "county" and u.role in CASE_STAFF
    if cond == "subtree":
        return contains(org, "county")
    if cond == "admin_over":
        return u.role == "admin" and (u.scope == "all" or contains(org, "county"))
    if cond == "global_admin":
        return u.role == "admin" and u.scope == "all"
    if cond == "stats":
        return u.role in STATS_ROLES
    if cond == "stats_scope":
        return {"all": True, "org": org == "county", "subtree": contains(org, "county"), "self": False}[u.scope]
    raise AssertionError(f"unknown condition {cond}")


def expected(expect, u, case):
    """(status, flag) for `u`: the first unmet condition's status, else the final one; flag is 'listed'/'day'/None."""
    steps = [s.strip() for s in expect.split(">")]
    for step in steps[:-1]:
        cond, status = step.rsplit(":", 1)
        if not holds(cond, u, case):
            return int(status), None
    final = steps[-1]
    status, _, flag = final.partition("+")
    return int(status), flag or None


def read_bytes(path):
    with open(path, "rb") as f:
        return f.read()


def days_ahead(n):
    return (datetime.date.today() + datetime.timedelta(days=n)).isoformat()


def multipart(fields, files):
    boundary = "xfauthz" + secrets.token_hex(8)
    out = io.BytesIO()
    for k, v in fields.items():
        out.write(f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode())
    for name, data, ctype in files:
        out.write(f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
                  f"Content-Type: {ctype}\r\n\r\n".encode())
        out.write(data + b"\r\n")
    out.write(f"--{boundary}--\r\n".encode())
    return out.getvalue(), f"multipart/form-data; boundary={boundary}"


def registration(title, name, phone, **over):
    body = {"channel": "visit", "purpose": "complaint", "category_code": "0402", "region_code": "991021",
            "title": title, "content": f"{title}。某建筑工地拖欠工人工资共计八万元，多次讨要未果，请求协调解决。",
            "persons": 1, "petitioners": [{"name": name, "id_number": "110101199003074514", "phone": phone,
                                           "address": "测试县幸福路12号"}]}
    body.update(over)
    return body


def problem_key(status, doc):
    """What a refusal tells: the status and the whole problem body."""
    if isinstance(doc, dict):  # the request id differs by design: every answer names its own request
        doc = {k: v for k, v in doc.items() if k != "request_id"}
    return status, json.dumps(doc, ensure_ascii=False, sort_keys=True)


class AuthzMatrixTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.started = time.monotonic()
        cls.requests = 0
        cls.server = Server(orgs_tsv=ORGS_TSV, users=USERS,
                            env={"XINFANG_PORTAL_ORG": "county", "XINFANG_TRUSTED_PROXIES": "127.0.0.1"})
        cls.port = cls.server.port
        cls.addresses = 0
        cls.keeper = cls.client("keeper")
        cls.root = cls.client("root")
        orgs = cls.keeper.get("/api/v1/orgs")[1]["items"]
        cls.org_id = {o["code"]: o["id"] for o in orgs}
        users = cls.root.get("/api/v1/users")[1]["items"]
        cls.user_id = {u["login"]: u["id"] for u in users}
        # The cases, all registered and held by `county`, accepted (a 受理告知书 is issued) and with one attachment:
        # one ordinary case, and one 检举控告 case against each org a matrix user sits in.
        cls.cases = {}
        for key, accused in [("ordinary", None)] + [(f"acc_{rel}", org) for rel, org in RELATIONS.items()]:
            n = len(cls.cases)
            over = {"purpose": "accusation", "accused_org_code": accused, "accused_name": "某干部"} if accused else {}
            title = f"授权矩阵第{n}号件"
            phone = f"1380000{n:04d}"
            status, doc, _ = cls.keeper.post("/api/v1/petitions", registration(title, f"矩阵{n}号", phone, **over))
            assert status == 201, doc
            case = {"key": key, "id": doc["id"], "number": doc["number"], "query_code": doc["query_code"],
                    "secret": doc["secret"], "accused": accused, "title": title, "name": f"矩阵{n}号", "phone": phone}
            # An accusation against county or against city (which contains county) cannot be handled by county
            # (Art. 30 ¶3: the registrar loses sight of it once it is registered): it stays registered, its
            # material comes from the petitioner through the portal, and it has no document — its document cells
            # use an id that does not exist (every user meeting that case is the accused party: 404 either way).
            case["kept"] = not (accused and contains(accused, "county"))
            if case["kept"]:
                cls.keeper.act(case["id"], "accept_directly", {})
                docs = cls.keeper.get(f"/api/v1/petitions/{case['id']}/documents")[1]["items"]
                assert docs, "accept_directly issues a 受理告知书"
                case["document"] = docs[0]["id"]
            else:
                case["document"] = 9_100_000 + n
            cls.cases[key] = case
            case["attachment"] = cls.fresh_attachment(case)
        # A published reception day of `county` (PATCH, bookings, the portal's booking).
        status, day, _ = cls.root.post("/api/v1/reception-days", {
            "org_code": "county", "date": days_ahead(30), "start": "09:00", "end": "12:00", "slot_minutes": 30,
            "per_slot": 50, "place": "测试县来访接待中心", "leader_name": "王县长", "topics": "劳动保障",
            "published": True})
        assert status == 201, day
        cls.day = day
        cls.categories = cls.keeper.get("/api/v1/categories")[1]["items"]
        for u in MATRIX_USERS:
            u.client = cls.client(u.login)
        cls.seq = 0
        cls.cells = 0

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()
        if not os.environ.get("XF_AUTHZ_QUIET"):
            print(f"\nauthz: {cls.cells} matrix cells, {len(load_matrix())} rows over {len(openapi_operations())} "
                  f"operations, {len(MATRIX_USERS)} users, {cls.requests} requests, "
                  f"{time.monotonic() - cls.started:.1f} s (including set-up)")

    # ------------------------------------------------------------------ helpers

    @classmethod
    def client(cls, login=None):
        c = CountingClient(cls, cls.port)
        cls.addresses += 1  # each its own address (behind the trusted proxy), so the portal throttles stay apart
        c.headers["X-Forwarded-For"] = f"10.9.{cls.addresses // 250}.{cls.addresses % 250 + 1}"
        if login:
            c.login(login)
        return c

    @classmethod
    def upload(cls, c, pid, name="材料.txt"):
        body, ctype = multipart({}, [(name, "矩阵测试材料".encode(), "text/plain")])
        status, doc, _ = c.request("POST", f"/api/v1/petitions/{pid}/attachments", raw=body,
                                   headers={"Content-Type": ctype})
        assert status == 201, (status, doc)
        return doc["items"][0]["id"]

    @classmethod
    def fresh_attachment(cls, case):
        if case["kept"]:
            return cls.upload(cls.keeper, case["id"])
        body, ctype = multipart({"query_code": case["query_code"], "secret": case["secret"]},
                                [("材料.txt", "矩阵测试材料".encode(), "text/plain")])
        status, doc, _ = cls.client().request("POST", "/api/v1/portal/attachments", raw=body,
                                              headers={"Content-Type": ctype})
        assert status == 201, (status, doc)
        return doc["items"][0]["id"]

    def next_seq(self):
        AuthzMatrixTest.seq += 1
        return AuthzMatrixTest.seq

    def case_for(self, u, accusation):
        return self.cases[f"acc_{u.relation}" if accusation else "ordinary"]

    # ------------------------------------------------------------------ probes: (method, path, json, raw, headers)

    def probe(self, name, u, case, allowed=False):
        c = case or {}
        pid, did, aid = c.get("id"), c.get("document"), c.get("attachment")
        county = self.org_id["county"]
        s = self.next_seq()
        p = {
            "get": None,  # the row's path as it is
            "login": ("POST", "/api/v1/session", {"login": u.login, "password": "correct-horse-battery"}),
            "logout": ("DELETE", "/api/v1/session", None),
            "org-create": ("POST", "/api/v1/orgs", {"code": f"mx{s}", "name": f"矩阵新单位{s}", "level": "township",
                                                    "kind": "party_government", "region_code": "991021",
                                                    "parent_code": "county"}),
            "org-patch": ("PATCH", f"/api/v1/orgs/{county}", {"name": "测试县信访局"}),
            "user-create": ("POST", "/api/v1/users", {"login": f"mxuser{s}", "display_name": "矩阵新用户",
                                                      "org_code": "county", "password": "a-long-password-1",
                                                      "roles": ["handler"], "scope": "org"}),
            "user-patch": ("PATCH", f"/api/v1/users/{self.user_id['target']}", {"display_name": "被编辑的用户"}),
            "categories-put": ("PUT", "/api/v1/categories", {"rows": self.categories}),
            "categories-import": ("POST", "/api/v1/categories/import", None,
                                  read_bytes(os.path.join(SOURCE, "config/categories.tsv"))),
            "calendar-put": ("PUT", f"/api/v1/calendar/{datetime.date.today().year}", None,
                             self.calendar_tsv()),
            "report": ("GET", "/api/v1/reports/summary?org=county", None),
            "alerts": ("GET", "/api/v1/stats/alerts?org=county", None),
            "export": ("GET", "/api/v1/exports/petitions", None),
            "register": ("POST", "/api/v1/petitions", registration(f"矩阵登记{s}", f"登记人{s}", f"1390000{s:04d}",
                                                                   org_code="county")),
            "list": ("GET", "/api/v1/petitions?limit=200", None),
            "repeat": ("POST", "/api/v1/petitions/repeat-candidates",
                       {"title": c.get("title"), "petitioners": [{"name": c.get("name"), "phone": c.get("phone")}]}),
            "search": ("GET", f"/api/v1/search?q={urllib.parse.quote(c.get('title') or '')}&limit=100", None),
            "case-get": ("GET", f"/api/v1/petitions/{pid}", None),
            "reveal": ("POST", f"/api/v1/petitions/{pid}/reveal", {"reason": "授权矩阵核查"}),
            "audit": ("GET", f"/api/v1/petitions/{pid}/audit", None),
            "act-reply": ("POST", f"/api/v1/petitions/{pid}/actions/reply", {}),
            "act-remind": ("POST", f"/api/v1/petitions/{pid}/actions/remind", {"reason": "矩阵催办"}),
            "due-soon": ("GET", "/api/v1/queues/due-soon?days=365&limit=200", None),
            "get-days": ("GET", "/api/v1/reception-days", None),
            "day-create": ("POST", "/api/v1/reception-days", {
                "org_code": "county", "date": days_ahead(40 + s % 40), "start": "14:00", "end": "15:00",
                "place": "矩阵接待室", "leader_name": "李局长"}),
            "day-patch": ("PATCH", f"/api/v1/reception-days/{self.day['id']}", {"place": "测试县来访接待中心"}),
            "day-bookings": ("GET", f"/api/v1/reception-days/{self.day['id']}/bookings", None),
            "documents": ("GET", f"/api/v1/petitions/{pid}/documents", None),
            "doc-pdf": ("GET", f"/api/v1/documents/{did}/pdf", None),
            "doc-docx": ("GET", f"/api/v1/documents/{did}/docx", None),
            "doc-regenerate": ("POST", f"/api/v1/documents/{did}/regenerate", {}),
            "template-versions": ("GET", "/api/v1/document-templates/acceptance_notice/versions", None),
            "template-put": ("PUT", "/api/v1/document-templates/acceptance_notice", self.template_body()),
            "template-preview": ("POST", "/api/v1/document-templates/acceptance_notice/preview", self.template_body()),
            "attachments": ("GET", f"/api/v1/petitions/{pid}/attachments", None),
            "attachment-get": ("GET", f"/api/v1/attachments/{aid}", None),
        }
        if name in p:
            return p[name]
        if name == "attachment-upload":
            body, ctype = multipart({}, [("补充.txt", "补充材料".encode(), "text/plain")])
            return ("POST", f"/api/v1/petitions/{pid}/attachments", None, body, {"Content-Type": ctype})
        if name == "attachment-delete":  # a cell expected to delete gets its own attachment
            target = self.fresh_attachment(case) if allowed else aid
            return ("DELETE", f"/api/v1/attachments/{target}?reason=matrix", None)
        raise AssertionError(f"no probe {name}")

    def template_body(self):
        t = [x for x in self.keeper.get("/api/v1/document-templates")[1]["items"] if x["kind"] == "acceptance_notice"]
        return {"title": t[0]["title"], "addressee": t[0]["addressee"], "body": t[0]["body"],
                "number_format": t[0]["number_format"], "note": "矩阵"}

    def calendar_tsv(self):
        path = os.path.join(SOURCE, f"config/calendar/cn-{datetime.date.today().year}.tsv")
        return read_bytes(path) if os.path.exists(path) else b"date\tkind\tname\n"

    def send(self, client, row, u, case, allowed=False):
        spec = self.probe(row["probe"], u, case, allowed)
        if spec is None:
            spec = (row["method"], row["path"], None)
        method, path, body = spec[0], spec[1], spec[2]
        raw = spec[3] if len(spec) > 3 else None
        headers = spec[4] if len(spec) > 4 else None
        if raw is not None and headers is None:
            headers = {"Content-Type": "text/tab-separated-values; charset=utf-8"}
        self.assertEqual(method, row["method"], row)
        return client.request(method, path, body, headers=headers, raw=raw)

    def listed(self, row, doc, resp, case):
        """Whether the list answer of `row` names `case`."""
        if row["probe"] == "export":
            with zipfile.ZipFile(io.BytesIO(resp.raw_body)) as z:
                text = "".join(z.read(n).decode("utf-8", "replace") for n in z.namelist() if n.endswith(".xml"))
            return case["number"] in text
        items = doc["items"]
        if row["probe"] == "repeat":
            if case["accused"] and any(i["number"] == case["number"] and i["id"] is None for i in items):
                return None  # an accusation is named only to those who may see it (never equal to the expectation)
            return any(i["number"] == case["number"] and i["id"] == case["id"] for i in items)
        return any(i["id"] == case["id"] for i in items)

    # ------------------------------------------------------------------ the matrix

    def test_every_openapi_operation_has_a_row(self):
        rows = {(r["method"], r["path"]) for r in load_matrix()}
        missing = sorted(openapi_operations() - rows)
        self.assertEqual(missing, [], "operations of docs/api/openapi.yaml without a row in tests/api/authz_matrix.tsv")
        stale = sorted(rows - openapi_operations())
        self.assertEqual(stale, [], "rows of authz_matrix.tsv for operations openapi.yaml does not have")

    def test_matrix(self):
        rows = load_matrix()
        failures = []
        last = [r for r in rows if r["probe"] == "logout"]
        for row in [r for r in rows if r["probe"] != "logout"] + last:
            if row["expect"].startswith("public:"):
                continue  # test_public_rows
            for u in MATRIX_USERS:
                for accusation in ((False, True) if row["case"] else (False,)):
                    case = self.case_for(u, accusation)
                    want, flag = expected(row["expect"], u, case)
                    status, doc, resp = self.send(u.client, row, u, case if row["case"] else None,
                                                  allowed=want < 400)
                    AuthzMatrixTest.cells += 1
                    where = (f"authz_matrix.tsv:{row['line']} {row['method']} {row['path']} ({row['probe']}) "
                             f"as {u.login} [{u.role}, scope {u.scope}, case org is the user's {u.relation}] "
                             f"{'accusation against own org' if accusation else 'ordinary case'}")
                    if status != want:
                        failures.append(f"{where}: {status}, expected {want}: {str(doc)[:160]}")
                        continue
                    if flag == "listed":
                        should = holds("visible", u, case)
                        if self.listed(row, doc, resp, case) != should:
                            failures.append(f"{where}: the case is {'missing from' if should else 'in'} the answer")
                    if flag == "day":
                        should = holds("subtree", u, case)
                        if any(d["id"] == self.day["id"] for d in doc["items"]) != should:
                            failures.append(f"{where}: the county's day is {'missing' if should else 'listed'}")
        # After the logout row every session is refused.
        for u in MATRIX_USERS:
            status = u.client.get("/api/v1/workbench")[0]
            if status != 401:
                failures.append(f"{u.login}: the session still works after logout ({status})")
        for u in MATRIX_USERS:
            u.client.login(u.login)
        self.assertEqual(failures, [], "\n".join(failures[:60]) + f"\n({len(failures)} cells differ)")

    def test_public_rows(self):
        """Public operations need no session; the probes use the ordinary case's own 查询码 and secret."""
        case = self.cases["ordinary"]
        anon = self.client()
        creds = {"query_code": case["query_code"], "secret": case["secret"]}
        status, view, _ = anon.post("/api/v1/portal/lookup", creds)
        self.assertEqual(status, 200, view)
        portal_doc = view["documents"][0]["id"]
        status, booking, _ = anon.post("/api/v1/portal/reception-bookings", {
            "day_id": self.day["id"], "slot": "09:00", "name": "预约人", "phone": "13900001111",
            "region_code": "991021", "summary": "工资问题", "consent": True})
        self.assertEqual(status, 201, booking)
        upload, ctype = multipart(dict(creds), [("补充.txt", "补充".encode(), "text/plain")])
        probes = {
            "healthz": ("GET", "/healthz", None), "readyz": ("GET", "/readyz", None),
            "metrics": ("GET", "/metrics", None), "get": None,
            "login": ("POST", "/api/v1/session", {"login": "keeper", "password": "correct-horse-battery"}),
            "portal-submit": ("POST", "/api/v1/portal/petitions", dict(
                registration("网上信访矩阵", "网上人", "13700001111", channel="online"), consent=True)),
            "portal-otp": ("POST", "/api/v1/portal/otp", {"query_code": case["query_code"]}),
            "portal-lookup": ("POST", "/api/v1/portal/lookup", creds),
            "portal-rate": ("POST", "/api/v1/portal/rate", dict(creds, rating="satisfied")),
            "portal-review": ("POST", "/api/v1/portal/review", dict(creds, reason="不服")),
            "portal-book": ("POST", "/api/v1/portal/reception-bookings", {
                "day_id": self.day["id"], "slot": "09:30", "name": "预约人二", "phone": "13900002222",
                "region_code": "991021", "summary": "工资问题", "consent": True}),
            "portal-booking-lookup": ("POST", "/api/v1/portal/reception-bookings/lookup",
                                      {"confirmation_code": booking["confirmation_code"], "phone": "13900001111"}),
            "portal-booking-cancel": ("POST", "/api/v1/portal/reception-bookings/cancel",
                                      {"confirmation_code": booking["confirmation_code"], "phone": "13900001111"}),
            "portal-document": ("POST", f"/api/v1/portal/documents/{portal_doc}", creds),
            "portal-upload": ("POST", "/api/v1/portal/attachments", None, upload, {"Content-Type": ctype}),
        }
        for row in load_matrix():
            if not row["expect"].startswith("public:"):
                continue
            spec = probes[row["probe"]] or (row["method"], row["path"], None)
            raw = spec[3] if len(spec) > 3 else None
            status, doc, _ = self.client().request(spec[0], spec[1], spec[2], raw=raw,
                                                   headers=spec[4] if len(spec) > 4 else None)
            AuthzMatrixTest.cells += 1
            self.assertEqual(status, int(row["expect"].split(":")[1]), (row, doc))

    def test_no_session_is_401_and_no_csrf_token_is_403(self):
        anon = self.client()
        bare = self.client("keeper")
        bare.csrf = None
        u = MATRIX_USERS[0]
        for row in load_matrix():
            if row["expect"].startswith("public:"):
                continue
            spec = self.probe(row["probe"], u, self.cases["ordinary"]) or (row["method"], row["path"], None)
            path = spec[1]
            status, doc, _ = anon.request(row["method"], path, spec[2])
            self.assertEqual(status, 401, (row["line"], row["probe"], doc))
            if row["method"] not in ("GET", "HEAD"):
                status, doc, _ = bare.request(row["method"], path, spec[2])
                self.assertEqual(status, 403, (row["line"], row["probe"], doc))
                self.assertIn("CSRF", doc["detail"])

    # ------------------------------------------------------------------ IDOR

    def test_guessed_ids_are_answered_as_missing_ones(self):
        """A sibling office guessing the ids of county's case, document and attachment learns nothing: the answer is
        the same, byte for byte, as for ids that do not exist."""
        spy = next(u for u in MATRIX_USERS if u.role == "handler" and u.relation == "sibling" and u.scope == "subtree")
        c = spy.client
        case = self.cases["ordinary"]
        missing = 9_000_000
        for template in ["/api/v1/petitions/{p}", "/api/v1/petitions/{p}/documents", "/api/v1/petitions/{p}/attachments",
                         "/api/v1/documents/{d}/pdf", "/api/v1/documents/{d}/docx", "/api/v1/attachments/{a}"]:
            real = c.get(template.format(p=case["id"], d=case["document"], a=case["attachment"]))
            none = c.get(template.format(p=missing, d=missing, a=missing))
            self.assertEqual(real[0], 404, template)
            self.assertEqual(problem_key(*real[:2]), problem_key(*none[:2]), template)
        for method, template, body in [("POST", "/api/v1/petitions/{p}/reveal", {"reason": "授权矩阵核查"}),
                                       ("POST", "/api/v1/petitions/{p}/actions/accept", {}),
                                       ("POST", "/api/v1/documents/{d}/regenerate", {}),
                                       ("DELETE", "/api/v1/attachments/{a}?reason=x", None)]:
            real = c.request(method, template.format(p=case["id"], d=case["document"], a=case["attachment"]), body)
            none = c.request(method, template.format(p=missing, d=missing, a=missing), body)
            self.assertEqual(real[0], 404, template)
            self.assertEqual(problem_key(*real[:2]), problem_key(*none[:2]), template)
        # The accused unit, with scope 全部, learns no more about the accusation against it than about nothing.
        accused = next(u for u in MATRIX_USERS if u.scope == "all" and u.relation == "own")
        acc = self.cases["acc_own"]
        for template in ["/api/v1/petitions/{p}", "/api/v1/documents/{d}/pdf", "/api/v1/attachments/{a}"]:
            real = accused.client.get(template.format(p=acc["id"], d=acc["document"], a=acc["attachment"]))
            none = accused.client.get(template.format(p=missing, d=missing, a=missing))
            self.assertEqual(problem_key(*real[:2]), problem_key(*none[:2]), template)
        # Sweeping ids finds only what the matrix says the user may see.
        seen = {i for i in range(1, max(x["id"] for x in self.cases.values()) + 20)
                if c.get(f"/api/v1/petitions/{i}")[0] == 200}
        self.assertEqual(seen & {x["id"] for x in self.cases.values()}, set())

    def test_portal_guesses_are_answered_alike(self):
        """Guessed 查询码, wrong secrets, another case's access token and another case's document id all get the
        answer a made-up 查询码 gets; the portal never says which part was wrong."""
        # Not the ordinary case (test_public_rows uses it): every wrong credential counts against the 查询码 it names
        # (10 per 15 minutes, then 429), so the attempts below stay under that per code.
        a, b = self.cases["acc_parent"], self.cases["acc_none"]
        anon = self.client()
        status, view_a, _ = anon.post("/api/v1/portal/lookup", {"query_code": a["query_code"], "secret": a["secret"]})
        self.assertEqual(status, 200, view_a)
        status, view_b, _ = self.client().post("/api/v1/portal/lookup",
                                               {"query_code": b["query_code"], "secret": b["secret"]})
        self.assertEqual(status, 200, view_b)
        alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"

        def guessed_code():
            return "".join(secrets.choice(alphabet) for _ in range(12))

        def answer(body, path="/api/v1/portal/lookup"):
            status, doc, _ = self.client().post(path, body)
            return problem_key(status, doc)

        baseline = answer({"query_code": guessed_code(), "secret": "abcdefgh"})
        self.assertEqual(baseline[0], 404)
        attempts = {
            "a made-up 查询码": {"query_code": guessed_code(), "secret": b["secret"]},
            "the right 查询码, a wrong secret": {"query_code": a["query_code"], "secret": b["secret"]},
            "the right 查询码, another case's access token": {"query_code": a["query_code"],
                                                         "access_token": view_b["access_token"]},
            "a made-up 查询码, a real access token": {"query_code": guessed_code(),
                                                "access_token": view_a["access_token"]},
            "the right 查询码, a made-up access token": {"query_code": a["query_code"],
                                                    "access_token": secrets.token_urlsafe(32)},
            "the right 查询码, a wrong one-time code": {"query_code": a["query_code"], "otp": "123456"},
        }
        for what, body in attempts.items():
            self.assertEqual(answer(body), baseline, what)
        for path in ("/api/v1/portal/rate", "/api/v1/portal/review"):
            for body in (attempts["a made-up 查询码"], attempts["the right 查询码, a wrong secret"]):
                self.assertEqual(answer(dict(body, rating="satisfied", reason="x"), path), baseline, path)
        # Their own credential, another case's document id: as a document that does not exist.
        creds = {"query_code": a["query_code"], "secret": a["secret"]}
        other_doc = self.client().post(f"/api/v1/portal/documents/{b['document']}", creds)
        no_doc = self.client().post("/api/v1/portal/documents/9000000", creds)
        self.assertEqual(other_doc[0], 404)
        self.assertEqual(problem_key(*other_doc[:2]), problem_key(*no_doc[:2]))
        # A wrong credential with a real document id: as any wrong credential.
        wrong = self.client().post(f"/api/v1/portal/documents/{a['document']}",
                                   {"query_code": a["query_code"], "secret": b["secret"]})
        self.assertEqual(wrong[0], 404)
        # Booking confirmation codes: a real code with the wrong phone, as a made-up code.
        status, booking, _ = self.client().post("/api/v1/portal/reception-bookings", {
            "day_id": self.day["id"], "slot": "10:00", "name": "预约人三", "phone": "13900003333",
            "region_code": "991021", "summary": "工资问题", "consent": True})
        self.assertEqual(status, 201, booking)
        for path in ("/api/v1/portal/reception-bookings/lookup", "/api/v1/portal/reception-bookings/cancel"):
            real = answer({"confirmation_code": booking["confirmation_code"], "phone": "13900009999"}, path)
            made_up = answer({"confirmation_code": "ZZZZZZZZ", "phone": "13900003333"}, path)
            self.assertEqual(real[0], 404, path)
            self.assertEqual(real, made_up, path)
        self.assertEqual(self.client().post("/api/v1/portal/reception-bookings/lookup", {
            "confirmation_code": booking["confirmation_code"], "phone": "13900003333"})[0], 200)


class CountingClient(Client):
    """The harness client, counting requests for the figures; keeps the raw body of every answer (r.raw_body)."""

    def __init__(self, owner, port):
        super().__init__(port)
        self.owner = owner

    def request(self, method, path, body=None, headers=None, raw=None):
        self.owner.requests += 1
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        h = {"Content-Type": "application/json"}
        if self.cookie:
            h["Cookie"] = self.cookie
        if self.csrf:
            h["X-CSRF-Token"] = self.csrf
        h.update(self.headers)
        h.update(headers or {})
        data = raw if raw is not None else (json.dumps(body, ensure_ascii=False).encode() if body is not None else None)
        conn.request(method, path, body=data, headers=h)
        r = conn.getresponse()
        payload = r.read()
        conn.close()
        r.raw_body = payload
        try:
            doc = json.loads(payload) if payload and "json" in (r.getheader("Content-Type") or "") else None
        except ValueError:
            doc = None
        if r.status == 428 and isinstance(body, dict) and isinstance(doc, dict):  # the portal's puzzle
            nonce = solve_challenge(doc["challenge"]["token"], doc["challenge"]["bits"])
            return self.request(method, path, dict(body, challenge={"token": doc["challenge"]["token"],
                                                                    "nonce": nonce}), headers, raw)
        return r.status, doc, r


if __name__ == "__main__":
    unittest.main()
