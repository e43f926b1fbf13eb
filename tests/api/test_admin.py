"""API tests for administration, reference data and the dashboard summary."""
import time
import unittest

from harness import Client, ServerTestCase
from test_api import registration


class AdminApiTest(ServerTestCase):
    def test_orgs_and_users_are_managed_by_admins_only(self):
        prov, reg = self.client("prov"), self.client("reg")
        new_org = {"code": "new_dept", "parent_code": "county", "name": "测试县教育局", "level": "county",
                   "kind": "department", "region_code": "991021"}
        status, doc, _ = reg.post("/api/v1/orgs", new_org)
        self.assertEqual(status, 403, doc)
        status, org, _ = prov.post("/api/v1/orgs", new_org)
        self.assertEqual(status, 201, org)
        self.assertEqual(org["kind_label"], "职能部门")
        status, doc, _ = prov.post("/api/v1/orgs", new_org)
        self.assertEqual((status, doc["field"]), (409, "code"))
        status, doc, _ = prov.post("/api/v1/orgs", dict(new_org, code="x2", level="planet"))
        self.assertEqual((status, doc["field"]), (400, "level"))
        status, doc, _ = prov.request("PATCH", f"/api/v1/orgs/{org['id']}", {"name": "测试县教育和体育局"})
        self.assertEqual((status, doc["name"]), (200, "测试县教育和体育局"))

        user = {"login": "edu1", "display_name": "教育局承办人", "org_code": "new_dept", "password": "pw-12345678",
                "roles": ["handler"], "scope": "org"}
        status, created, _ = prov.post("/api/v1/users", user)
        self.assertEqual(status, 201, created)
        self.assertNotIn("password_hash", created)
        status, doc, _ = prov.post("/api/v1/users", dict(user, roles=["wizard"]))
        self.assertEqual((status, doc["field"]), (400, "roles"))
        # The password policy (domain CheckPasswordPolicy): 12 characters, or 8 with three classes; not the login;
        # not a common one.
        for weak in ["short", "abcdefgh123", "edu2-is-my-password", "P@ssw0rd"]:
            status, doc, _ = prov.post("/api/v1/users", dict(user, login="edu2", password=weak))
            self.assertEqual((status, doc["field"]), (400, "password"), weak)
        self.assertEqual(prov.request("PATCH", f"/api/v1/users/{created['id']}", {"password": "abcdefgh123"})[0], 400)
        edu = Client(self.server.port)
        edu.login("edu1", "pw-12345678")
        # Deactivating a user ends what they can do.
        status, doc, _ = prov.request("PATCH", f"/api/v1/users/{created['id']}", {"active": False})
        self.assertEqual((status, doc["active"]), (200, False))
        self.assertEqual(edu.get("/api/v1/workbench")[0], 401)
        status, doc, _ = Client(self.server.port).post("/api/v1/session", {"login": "edu1", "password": "pw-12345678"})
        self.assertEqual(status, 401)
        status, users, _ = prov.get("/api/v1/users")
        self.assertIn("edu1", [u["login"] for u in users["items"]])
        # Non-admins see only the active colleagues of their own org.
        status, users, _ = reg.get("/api/v1/users")
        self.assertEqual(status, 200)
        self.assertEqual(sorted(u["login"] for u in users["items"]), ["appr", "reg", "stat"])

    def test_categories_edit_and_import(self):
        prov, reg = self.client("prov"), self.client("reg")
        status, doc, _ = reg.request("PUT", "/api/v1/categories", {"rows": [{"code": "9901", "parent": "", "name": "x"}]})
        self.assertEqual(status, 403)
        status, doc, _ = prov.request("PUT", "/api/v1/categories",
                                      {"rows": [{"code": "99", "parent": "", "name": "其他事项"},
                                                {"code": "9901", "parent": "99", "name": "测试分类"}]})
        self.assertEqual((status, doc["saved"]), (200, 2), doc)
        status, doc, _ = prov.request("PUT", "/api/v1/categories", {"rows": [{"code": "9902", "parent": "77", "name": "孤儿"}]})
        self.assertEqual((status, doc["field"]), (400, "rows[0].parent"))
        tsv = "code\tparent\tname\n98\t\t导入分类\n9801\t98\t导入子类\n".encode()
        status, doc, _ = prov.request("POST", "/api/v1/categories/import", raw=tsv,
                                      headers={"Content-Type": "text/tab-separated-values"})
        self.assertEqual((status, doc["saved"]), (200, 2), doc)
        codes = [c["code"] for c in prov.get("/api/v1/categories")[1]["items"]]
        self.assertIn("9801", codes)
        # The new category can be used at once.
        status, doc, _ = reg.post("/api/v1/petitions", registration(category_code="9801"))
        self.assertEqual(status, 201, doc)
        status, doc, _ = prov.request("POST", "/api/v1/categories/import", raw=b"code\tparent\tname\n01\n")
        self.assertEqual((status, doc["field"]), (400, "categories.tsv line 2"))

    def test_calendar_view_and_import_recomputes_deadlines(self):
        prov, reg = self.client("prov"), self.client("reg")
        status, cal, _ = prov.get("/api/v1/calendar?year=2026")
        self.assertEqual(status, 200)
        self.assertIn({"date": "2026-02-14", "kind": "workday", "name": "春节调休上班"}, cal["days"])
        pid = reg.post("/api/v1/petitions", registration())[1]["id"]
        route = [c for c in reg.get(f"/api/v1/petitions/{pid}")[1]["clocks"] if c["kind"] == "route"][0]
        status, doc, _ = reg.request("PUT", "/api/v1/calendar/2027", raw=b"date\tkind\tname\n2027-01-01\tholiday\tx\n")
        self.assertEqual(status, 403)
        # Declare the route deadline's day a local holiday: it moves to the next working day.
        due = route["due"]
        year = int(due[:4])
        days = [d for d in prov.get(f"/api/v1/calendar?year={year}")[1]["days"]]
        lines = ["date\tkind\tname"] + [f"{d['date']}\t{d['kind']}\t{d['name']}" for d in days if d["date"] != due]
        lines.append(f"{due}\tholiday\t测试假日")
        status, doc, _ = prov.request("PUT", f"/api/v1/calendar/{year}", raw="\n".join(lines).encode(),
                                      headers={"Content-Type": "text/tab-separated-values"})
        self.assertEqual(status, 200, doc)
        self.assertGreaterEqual(doc["recomputed_cases"], 1)
        new_route = [c for c in reg.get(f"/api/v1/petitions/{pid}")[1]["clocks"] if c["kind"] == "route"][0]
        self.assertGreater(new_route["due"], due)
        status, doc, _ = prov.request("PUT", "/api/v1/calendar/2026", raw=b"date\tkind\tname\n2027-01-01\tholiday\tx\n")
        self.assertEqual((status, doc["field"]), (400, "body"))

    def test_scheduled_jobs_are_listed_with_their_last_runs(self):
        prov, reg = self.client("prov"), self.client("reg")
        self.assertEqual(reg.get("/api/v1/jobs")[0], 403)
        # The server claims and runs the due jobs right after it starts (and every few seconds): wait for them.
        deadline = time.monotonic() + 60
        while True:
            status, doc, _ = prov.get("/api/v1/jobs")
            self.assertEqual(status, 200, doc)
            jobs = {j["name"]: j for j in doc["items"]}
            done = [n for n in ("conclude_lapsed", "deadline_reminders", "stats_sample_check")
                    if jobs[n]["last_finished_at"]]
            if len(done) == 3 or time.monotonic() > deadline:
                break
            time.sleep(0.5)
        self.assertEqual(len(done), 3, jobs)
        for name in ("conclude_lapsed", "deadline_check", "recompute_deadlines_daily", "deadline_reminders",
                     "stats_sample_check", "audit_retention"):
            self.assertIn(name, jobs)
        check = jobs["stats_sample_check"]
        self.assertEqual(check["title"], "统计汇总抽样核对")
        self.assertEqual(check["period_seconds"], 86400)
        self.assertTrue(check["ok"], check)
        self.assertRegex(check["last_result"], r"^orgs \d+ cases \d+ cells \d+ mismatches 0")
        self.assertGreaterEqual(check["duration_seconds"], 0)
        self.assertGreater(check["next_run_at"], check["last_started_at"])
        self.assertFalse(check["running"])
        self.assertTrue(check["owner"])
        self.assertFalse(jobs["audit_retention"]["enabled"])  # no retention configured
        self.assertIsNone(jobs["audit_retention"]["last_started_at"])

    def test_regions(self):
        reg = self.client("reg")
        status, doc, _ = reg.get("/api/v1/regions")
        self.assertEqual(status, 200)
        self.assertIsInstance(doc["items"], list)

    def test_dashboard_summary_counts_and_rates(self):
        reg, stat, prov = self.client("reg"), self.client("stat"), self.client("prov")
        self.assertEqual(reg.get("/api/v1/stats/summary")[0], 403)  # a registrar has no statistics role
        reg.post("/api/v1/petitions", registration(persons=30, channel="visit", title="集体访"))
        pid = reg.post("/api/v1/petitions", registration(channel="letter"))[1]["id"]
        reg.act(pid, "reply_on_spot", {"reasons": "已解释"})
        status, s, _ = prov.get("/api/v1/stats/summary")
        self.assertEqual(status, 200, s)
        self.assertGreaterEqual(s["batches"], 2)
        self.assertGreaterEqual(s["persons"], 31)
        self.assertEqual(sum(r["batches"] for r in s["by_channel"]), s["batches"])
        self.assertEqual(sum(r["persons"] for r in s["by_month"]), s["persons"])
        forms = {r["key"]: r for r in s["by_form"]}
        self.assertGreaterEqual(forms["collective"]["persons"], 30)
        # The report's definitions (docs/statistics.md): the on-the-spot reply is 办结 at once; 参评率 counts a reply
        # only once its rating window has closed, so today's reply is not yet in it.
        self.assertGreaterEqual(s["rates"]["concluded"]["numerator"], 1)
        self.assertGreaterEqual(s["rates"]["concluded"]["denominator"], 2)
        self.assertEqual(s["rates"]["rated"]["denominator"], 0)
        self.assertIsNone(s["rates"]["rated"]["value"])
        self.assertIn("numerator", s["rates"]["satisfaction"])
        status, doc, _ = prov.get("/api/v1/stats/summary?from=2026-12-01&to=2026-01-01")
        self.assertEqual((status, doc["field"]), (400, "to"))
        # 仅本人: an org's figures are beyond a user who may see only their own cases.
        self.assertEqual(stat.get("/api/v1/stats/summary")[0], 403)

    def test_workbench_awaiting_my_approval(self):
        reg, appr = self.client("reg"), self.client("appr")
        pid = reg.post("/api/v1/petitions", registration())[1]["id"]
        before = appr.get("/api/v1/workbench")[1]["awaiting_my_approval"]
        reg.act(pid, "accept_directly", {})
        self.assertEqual(appr.get("/api/v1/workbench")[1]["awaiting_my_approval"], before + 1)
        self.assertEqual(reg.get("/api/v1/workbench")[1]["awaiting_my_approval"], 0)


if __name__ == "__main__":
    unittest.main(verbosity=2)
