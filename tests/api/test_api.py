"""API tests against the running binary: the whole lifecycle, authorization, and bad input."""
import datetime
import json
import unittest

from harness import PASSWORD, ServerTestCase

TODAY = datetime.date.today()


def registration(**over):
    body = {
        "channel": "visit",
        "purpose": "complaint",
        "category_code": "0402",
        "region_code": "991021",
        "title": "拖欠农民工工资",
        "content": "某建筑工地拖欠我们十二名工人工资共计八万元，多次讨要未果，请求协调解决。",
        "persons": 1,
        "petitioners": [{"name": "王小明", "id_number": "110101199003074514", "phone": "13812345678",
                         "address": "测试县幸福路12号"}],
    }
    body.update(over)
    return body


class ApiTest(ServerTestCase):
    def register(self, c, **over):
        status, doc, r = c.post("/api/v1/petitions", registration(**over))
        self.assertEqual(status, 201, doc)
        return doc

    def count(self, c):
        status, doc, _ = c.get("/api/v1/workbench")
        self.assertEqual(status, 200, doc)
        return doc["open_total"]

    # ------------------------------------------------------------------ lifecycle

    def test_full_lifecycle_to_final_with_hearing(self):
        reg, hr, city, cityxf = self.client("reg"), self.client("hr"), self.client("city"), self.client("cityxf")
        appr_id = self.client("appr").get("/api/v1/session")[1]["user"]["id"]
        hr_id = hr.get("/api/v1/session")[1]["user"]["id"]
        created = self.register(reg)
        pid, code, secret = created["id"], created["query_code"], created["secret"]
        self.assertRegex(created["number"], r"^991021-\d{4}-\d{6}$")
        self.assertRegex(code, r"^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$")

        # 登记: route clock of 15 days (Art. 22), personal data masked.
        status, doc, r = reg.get(f"/api/v1/petitions/{pid}")
        self.assertEqual(status, 200)
        self.assertEqual(doc["state"], "registered")
        self.assertEqual(r.getheader("ETag"), '"1"')
        self.assertEqual(doc["petitioners"][0]["id_number"], "1101**********4514")
        self.assertEqual(doc["petitioners"][0]["phone"], "138****5678")
        route = [c for c in doc["clocks"] if c["kind"] == "route"][0]
        self.assertTrue(route["running"])
        self.assertIn("forward", [a["name"] for a in doc["actions"]])

        # 转送 to 县人社局.
        doc = reg.act(pid, "forward", {"target_org_code": "county_hr", "version": 1})
        self.assertEqual(doc["state"], "forwarded")
        self.assertEqual(doc["current_org_name"], "测试县人社局")
        # The routing office can no longer act; the receiving org can.
        reg.act(pid, "accept", {}, expect=403)
        # 受理 with notice.
        doc = hr.act(pid, "accept", {})
        self.assertEqual(doc["state"], "accepted")
        handling = [c for c in doc["clocks"] if c["kind"] == "handling" and c["running"]][0]
        self.assertEqual(handling["days"], 60)
        # 延期 needs an approver of the holding org: the county office's approver is refused.
        hr.act(pid, "extend", {"extension_days": 30, "reason": "需调取工程结算资料", "approver_id": appr_id},
               expect=400)
        doc = hr.act(pid, "extend", {"extension_days": 30, "reason": "需调取工程结算资料", "approver_id": hr_id})
        handling = [c for c in doc["clocks"] if c["kind"] == "handling" and c["running"]][0]
        self.assertEqual(handling["extension_days"], 30)
        hr.act(pid, "extend", {"extension_days": 5, "reason": "再次", "approver_id": hr_id}, expect=409)
        # 答复 with 信访处理意见书.
        doc = hr.act(pid, "reply", {"outcome": "supported", "facts": "经查，工地确欠工资八万元。",
                                    "reasons": "依法应予支付。", "legal_basis": "《保障农民工工资支付条例》第三条"})
        self.assertEqual(doc["state"], "replied")
        self.assertEqual(doc["decision"]["outcome_label"], "予以支持")

        # 复查 requested by the petitioner through the portal; opened at the org one level up (市人社局).
        anon = self.client()
        status, view, _ = anon.post("/api/v1/portal/lookup", {"query_code": code, "secret": secret})
        self.assertEqual(status, 200, view)
        self.assertEqual(view["review_kind"], "复查")
        status, view, _ = anon.post("/api/v1/portal/review", {"query_code": code, "secret": secret,
                                                              "reason": "补发金额不足"})
        self.assertEqual(status, 200, view)
        # The answer is the view after the request: the 复查 case at the higher org is where the matter stands.
        self.assertEqual((view["state"], view["current_org_name"]), ("accepted", "测试市人社局"))
        self.assertIsNone(view["review_until"])
        self.assertIn("测试市人社局已收到复查申请", view["steps"][-1]["text"])
        status, doc, _ = reg.get(f"/api/v1/petitions/{pid}")
        self.assertEqual(doc["state"], "under_review")
        review_id = doc["child_case_id"]
        self.assertIsNotNone(review_id)
        status, review, _ = city.get(f"/api/v1/petitions/{review_id}")
        self.assertEqual(status, 200, review)
        self.assertEqual(review["kind"], "review")
        self.assertEqual(review["current_org_name"], "测试市人社局")
        self.assertEqual([c for c in review["clocks"] if c["kind"] == "handling"][0]["days"], 30)
        doc = city.act(review_id, "reply", {"outcome": "explained", "facts": "复查查明", "reasons": "维持原意见",
                                            "legal_basis": "《信访工作条例》第三十五条"})
        self.assertEqual(doc["state"], "replied")

        # 复核 at the next level (市信访局), with a hearing that pauses the clock (Art. 36).
        status, view, _ = anon.post("/api/v1/portal/review", {"query_code": code, "secret": secret})
        self.assertEqual(status, 200, view)
        status, doc, _ = city.get(f"/api/v1/petitions/{review_id}")
        rr_id = doc["child_case_id"]
        doc = cityxf.act(rr_id, "hearing_start", {})
        self.assertEqual(doc["state"], "hearing")
        self.assertTrue([c for c in doc["clocks"] if c["kind"] == "handling"][0]["paused"])
        doc = cityxf.act(rr_id, "hearing_end", {})
        self.assertEqual(doc["state"], "accepted")
        doc = cityxf.act(rr_id, "reply", {"outcome": "not_supported", "facts": "复核查明", "reasons": "理由不成立",
                                          "legal_basis": "《信访工作条例》第三十六条"})
        self.assertEqual(doc["state"], "final")
        # 终结 carries up the chain.
        self.assertEqual(reg.get(f"/api/v1/petitions/{pid}")[1]["state"], "final")
        self.assertEqual(city.get(f"/api/v1/petitions/{review_id}")[1]["state"], "final")

        # The public look-up shows every dated step and nothing internal.
        status, view, _ = anon.post("/api/v1/portal/lookup", {"query_code": code, "secret": secret})
        self.assertEqual(status, 200)
        self.assertEqual(view["state_label"], "已终结")
        texts = " ".join(s["text"] for s in view["steps"])
        for needle in ["已登记", "转送", "受理告知书", "延期告知书", "信访处理意见书", "复查意见书", "听证", "复核意见书"]:
            self.assertIn(needle, texts)
        for s in view["steps"]:
            self.assertRegex(s["date"], r"^\d{4}-\d{2}-\d{2}$")
        self.assertNotIn("补发金额不足", json.dumps(view, ensure_ascii=False))  # internal note stays internal
        self.assertNotIn("110101199003074514", json.dumps(view, ensure_ascii=False))
        # Rating, once.
        status, view, _ = anon.post("/api/v1/portal/rate", {"query_code": code, "secret": secret,
                                                            "rating": "basically_satisfied"})
        self.assertEqual(status, 200, view)
        self.assertEqual(view["rating"], "基本满意")
        self.assertEqual(view["rating_code"], "basically_satisfied")
        self.assertIsNone(view["rating_until"])
        status, doc, _ = anon.post("/api/v1/portal/rate", {"query_code": code, "secret": secret, "rating": "satisfied"})
        self.assertEqual(status, 409, doc)

    def test_not_accepted_names_the_legal_route(self):
        reg = self.client("reg")
        pid = self.register(reg, category_code="0401", title="劳动合同纠纷")["id"]
        status, doc, _ = reg.post(f"/api/v1/petitions/{pid}/actions/reject", {"reason": "属于劳动争议"})
        self.assertEqual(status, 400)
        self.assertEqual(doc["field"], "legal_route")
        doc = reg.act(pid, "reject", {"reason": "属于劳动争议", "legal_route": "向劳动人事争议仲裁委员会申请仲裁"})
        self.assertEqual(doc["state"], "not_accepted")
        self.assertEqual(doc["state_label"], "不予受理")
        self.assertEqual(doc["actions"], [])
        # The timeline shows the notice publicly.
        self.assertTrue(any("不予受理告知书" in e["public_text"] for e in doc["timeline"]))

    def test_online_submission_and_lookup(self):
        anon = self.client()
        status, doc, _ = anon.post("/api/v1/portal/petitions", dict(registration(channel="letter"), consent=True))
        self.assertEqual(status, 201, doc)
        self.assertEqual(set(doc), {"number", "query_code", "secret", "received_at", "org_name", "route_due"})
        status, view, _ = anon.post("/api/v1/portal/lookup", {"query_code": doc["query_code"].lower(),
                                                              "secret": doc["secret"]})
        self.assertEqual(status, 200, view)
        self.assertEqual(view["state_label"], "待分流")
        self.assertEqual(view["current_org_name"], "测试省信访局")
        self.assertIsNotNone(view["due"])
        # Wrong secret and unknown code get the same answer.
        s1, d1, _ = anon.post("/api/v1/portal/lookup", {"query_code": doc["query_code"], "secret": "WRONG"})
        s2, d2, _ = anon.post("/api/v1/portal/lookup", {"query_code": "AAAA-AAAA-AAAA", "secret": doc["secret"]})
        self.assertEqual((s1, s2), (404, 404))
        self.assertEqual(d1["detail"], d2["detail"])

    def test_transfer_and_on_the_spot_reply(self):
        reg = self.client("reg")
        pid = self.register(reg, involves_litigation=True)["id"]
        reg.act(pid, "transfer_political_legal", {"target_org_code": "county_hr"}, expect=400)
        doc = reg.act(pid, "transfer_political_legal", {"target_org_code": "county_court"})
        self.assertEqual(doc["state"], "transferred")
        pid = self.register(reg)["id"]
        doc = reg.act(pid, "reply_on_spot", {"reasons": "已当场解释政策"})
        self.assertEqual(doc["state"], "replied")

    # ------------------------------------------------------------------ authorization

    def test_authentication_and_csrf(self):
        anon = self.client()
        status, doc, _ = anon.get("/api/v1/petitions")
        self.assertEqual(status, 401)
        self.assertEqual(doc["status"], 401)
        status, doc, _ = anon.post("/api/v1/session", {"login": "reg", "password": "nope"})
        self.assertEqual(status, 401)
        reg = self.client("reg")
        token = reg.csrf
        reg.csrf = None
        status, doc, _ = reg.post("/api/v1/petitions", registration())
        self.assertEqual(status, 403)
        self.assertIn("CSRF", doc["detail"])
        # A new tab of the same session asks for the token; the session may act again with it.
        status, doc, _ = reg.get("/api/v1/session")
        self.assertEqual((status, doc["csrf_token"]), (200, token))
        # Logging out ends the session for every tab.
        reg.csrf = token
        self.assertEqual(reg.request("DELETE", "/api/v1/session")[0], 204)
        self.assertEqual(reg.get("/api/v1/session")[0], 401)

    def test_scopes_and_other_orgs(self):
        reg, other, cityxf, prov, stat = (self.client(x) for x in ("reg", "other", "cityxf", "prov", "stat"))
        pid = self.register(reg)["id"]
        self.assertEqual(other.get(f"/api/v1/petitions/{pid}")[0], 404)   # another county
        self.assertEqual(cityxf.get(f"/api/v1/petitions/{pid}")[0], 200)  # 本单位及下级 of the city
        self.assertEqual(prov.get(f"/api/v1/petitions/{pid}")[0], 200)    # 全部
        self.assertEqual(stat.get(f"/api/v1/petitions/{pid}")[0], 404)    # 仅本人: not theirs
        other.act(pid, "forward", {"target_org_code": "county_hr"}, expect=404)
        ids = [i["id"] for i in other.get("/api/v1/petitions?limit=200")[1]["items"]]
        self.assertNotIn(pid, ids)
        # A statistician cannot register.
        status, doc, _ = stat.post("/api/v1/petitions", registration())
        self.assertEqual(status, 403)

    def test_accusation_never_reaches_the_accused_org(self):
        reg, townie, prov = self.client("reg"), self.client("townie"), self.client("prov")
        pid = self.register(reg, purpose="accusation", category_code="0402", accused_name="某镇干部",
                            accused_org_code="town")["id"]
        # The township user has scope 全部, yet cannot see it (Art. 30 ¶3).
        self.assertEqual(townie.get(f"/api/v1/petitions/{pid}")[0], 404)
        ids = [i["id"] for i in townie.get("/api/v1/petitions?limit=200")[1]["items"]]
        self.assertNotIn(pid, ids)
        self.assertEqual(prov.get(f"/api/v1/petitions/{pid}")[0], 200)
        # Nor can it be forwarded there.
        status, doc, _ = reg.post(f"/api/v1/petitions/{pid}/actions/forward", {"target_org_code": "town"})
        self.assertEqual(status, 409)
        self.assertIn("第30条", doc["detail"])

    def test_personal_data_reveal_is_audited_with_its_reason(self):
        reg, prov, other = self.client("reg"), self.client("prov"), self.client("other")
        pid = self.register(reg)["id"]
        # Who, when and why: a reveal without a reason is refused.
        for body in (None, {}, {"reason": " 看"}):
            status, doc, _ = reg.post(f"/api/v1/petitions/{pid}/reveal", body)
            self.assertEqual(status, 400, (body, doc))
            self.assertEqual(doc["field"], "reason")
        status, doc, _ = reg.post(f"/api/v1/petitions/{pid}/reveal", {"reason": "电话联系信访人核实诉求"})
        self.assertEqual(status, 200, doc)
        self.assertEqual(doc["petitioners"][0]["id_number"], "110101199003074514")
        self.assertTrue(doc["personal_data_revealed"])
        status, doc, _ = prov.get(f"/api/v1/petitions/{pid}/audit")
        self.assertEqual(status, 200, doc)
        reveals = [a for a in doc["items"] if a["action"] == "petitioner.reveal"]
        self.assertEqual(len(reveals), 1, doc)
        self.assertIn("电话联系信访人核实诉求", json.dumps(reveals[0], ensure_ascii=False))
        reason = {"reason": "核实身份"}
        self.assertEqual(other.post(f"/api/v1/petitions/{pid}/reveal", reason)[0], 404)
        # A viewer outside the holding org sees it masked and may not reveal.
        self.assertEqual(prov.post(f"/api/v1/petitions/{pid}/reveal", reason)[0], 403)

    def test_stale_version_is_a_conflict(self):
        reg = self.client("reg")
        pid = self.register(reg)["id"]
        status, doc, _ = reg.post(f"/api/v1/petitions/{pid}/actions/forward", {"target_org_code": "county_hr"},
                                  headers={"If-Match": '"7"'})
        self.assertEqual(status, 409)
        self.assertEqual(doc["code"], "aborted")
        self.assertEqual(reg.get(f"/api/v1/petitions/{pid}")[1]["state"], "registered")

    def test_supervision_queues(self):
        reg, cityxf = self.client("reg"), self.client("cityxf")
        pid = self.register(reg)["id"]
        due = (TODAY + datetime.timedelta(days=5)).isoformat()
        doc = cityxf.act(pid, "supervise", {"reason": "群众反映强烈", "feedback_due": due})
        self.assertEqual(doc["supervise_count"], 1)
        self.assertTrue(any(c["kind"] == "supervision" and c["due"] == due for c in doc["clocks"]))
        doc = cityxf.act(pid, "remind", {"reason": "请抓紧办理"})
        self.assertEqual(doc["remind_count"], 1)
        self.assertEqual(reg.act(pid, "supervise", {"reason": "x", "feedback_due": due}, expect=403)["status"], 403)
        status, doc, _ = cityxf.get("/api/v1/queues/due-soon?days=15")
        self.assertEqual(status, 200)
        row = [i for i in doc["items"] if i["id"] == pid][0]
        self.assertEqual((row["supervise_count"], row["remind_count"], row["supervision_due"]), (1, 1, due))
        status, doc, _ = cityxf.get("/api/v1/queues/overdue")
        self.assertEqual(status, 200)
        self.assertNotIn(pid, [i["id"] for i in doc["items"]])

    def test_list_filters_and_keyset_paging(self):
        reg = self.client("reg")
        for i in range(5):
            self.register(reg, title=f"分页测试{i}", category_code="0305")
        seen, cursor = [], None
        while True:
            path = "/api/v1/petitions?category=0305&limit=2" + (f"&cursor={cursor}" if cursor else "")
            status, doc, _ = reg.get(path)
            self.assertEqual(status, 200, doc)
            seen += [i["id"] for i in doc["items"]]
            cursor = doc["next_cursor"]
            if not cursor:
                break
        self.assertGreaterEqual(len(seen), 5)
        self.assertEqual(len(seen), len(set(seen)))
        self.assertEqual(seen, sorted(seen, reverse=True))
        status, doc, _ = reg.get("/api/v1/petitions?state=nonsense")
        self.assertEqual((status, doc["field"]), (400, "state"))

    # ------------------------------------------------------------------ bad input

    def test_bad_input_names_the_field_and_writes_nothing(self):
        reg = self.client("reg")
        before = self.count(reg)
        cases = [
            (b"{not json", "body"),
            (json.dumps([1, 2]).encode(), "body"),
            (b'{"title": "\xff\xfe"}', "title"),  # invalid UTF-8 names the field (issue #9)
            (json.dumps({k: v for k, v in registration().items() if k != "title"}).encode(), "title"),
            (json.dumps(registration(persons="many")).encode(), "persons"),
            (json.dumps(registration(title=123)).encode(), "title"),
            (json.dumps(registration(category_code="9999")).encode(), "category_code"),
            (json.dumps(registration(org_code="nowhere")).encode(), "org_code"),
            (json.dumps(registration(channel="pigeon")).encode(), "channel"),
            (json.dumps(registration(region_code="12ab")).encode(), "region_code"),
            (json.dumps(registration(accused_org_code="nowhere")).encode(), "accused_org_code"),
            (json.dumps(registration(petitioners=[{"name": "张三", "id_number": "110101199003074515"}])).encode(),
             "petitioners[0].id_number"),
            (json.dumps(registration(petitioners=[{"name": "张三", "phone": "12345"}])).encode(),
             "petitioners[0].phone"),
            (json.dumps(registration(received_at="2026-13-01")).encode(), "received_at"),
        ]
        for raw, field in cases:
            status, doc, r = reg.request("POST", "/api/v1/petitions", raw=raw)
            self.assertEqual(status, 400, (field, doc))
            self.assertEqual(doc["field"], field, doc)
            self.assertTrue(r.getheader("Content-Type").startswith("application/problem+json"))
        status, doc, _ = reg.request("POST", "/api/v1/petitions", raw=b'{"x":"' + b"a" * (2 << 20) + b'"}')
        self.assertEqual(status, 413, doc)
        status, doc, _ = reg.post("/api/v1/petitions/abc/actions/accept", {})
        self.assertEqual((status, doc["field"]), (400, "id"))
        status, doc, _ = reg.post("/api/v1/petitions/1/actions/fly", {})
        self.assertEqual(status, 404)
        self.assertEqual(self.count(reg), before)

    def test_cli_reports_bad_arguments(self):
        r = self.server.cli("user", "add", "--db", self.server.db, "--login", "x", "--org", "nowhere",
                            "--roles", "registrar", "--password-stdin", input="long-enough-pw\n", check=False)
        self.assertEqual(r.returncode, 2)
        self.assertIn("org", r.stderr)
        r = self.server.cli("user", "add", "--db", self.server.db, "--login", "y", "--org", "county",
                            "--roles", "wizard", "--password-stdin", input="long-enough-pw\n", check=False)
        self.assertEqual(r.returncode, 2)
        self.assertIn("wizard", r.stderr)
        r = self.server.cli("serve", "--bogus", check=False)
        self.assertNotEqual(r.returncode, 0)

    def test_healthz_and_workflow_table(self):
        c = self.client("reg")
        status, doc, _ = c.get("/healthz")
        self.assertEqual((status, doc["status"]), (200, "ok"))
        status, doc, _ = c.get("/api/v1/workflow")
        self.assertEqual(status, 200)
        self.assertTrue(all(t["article"] for t in doc["transitions"]))


class GuessingTest(ServerTestCase):
    """Its own server: the accounts it blocks must not disturb the other tests."""

    def test_guessing_is_stopped_after_ten_failures(self):
        # 防暴力破解: ten failed log-ins for one account in 15 minutes block it (even with the right password); the
        # counters live in the database, so every app server sees them. A successful log-in clears the account's.
        anon = self.client()
        for _ in range(3):
            self.assertEqual(anon.post("/api/v1/session", {"login": "appr", "password": "nope"})[0], 401)
        self.client("appr")  # still allowed, and the count starts again
        for _ in range(10):
            self.assertEqual(anon.post("/api/v1/session", {"login": "appr", "password": "nope"})[0], 401)
        status, doc, _ = anon.post("/api/v1/session", {"login": "appr", "password": PASSWORD})
        self.assertEqual(status, 429, doc)
        self.assertEqual(doc["status"], 429)
        self.assertIn("15分钟", doc["detail"])
        self.client("hr")  # other accounts are not affected
        # The same for a 查询码: ten wrong secrets, then even the right one waits.
        status, sub, _ = anon.post("/api/v1/portal/petitions", dict(registration(channel="letter"), consent=True))
        self.assertEqual(status, 201, sub)
        for _ in range(10):
            self.assertEqual(anon.post("/api/v1/portal/lookup", {"query_code": sub["query_code"],
                                                                 "secret": "WRONG"})[0], 404)
        status, doc, _ = anon.post("/api/v1/portal/lookup", {"query_code": sub["query_code"], "secret": sub["secret"]})
        self.assertEqual(status, 429, doc)
        status, doc, _ = anon.post("/api/v1/portal/rate", {"query_code": sub["query_code"], "secret": sub["secret"],
                                                           "rating": "satisfied"})
        self.assertEqual(status, 429, doc)


if __name__ == "__main__":
    unittest.main(verbosity=2)
