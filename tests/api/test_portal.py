"""The citizen portal's public endpoints (docs/portal.md): what the public timeline leaves out, the guessing and
flooding defences (challenge, hard limits, same answer for every wrong credential), one-time codes by SMS,
access tokens, 领导接访日 bookings and registering a visit from one."""
import datetime
import http.server
import json
import re
import threading
import unittest

from harness import Client, Server, ServerTestCase, solve_challenge
from test_api import registration


def portal_submission(**over):
    body = dict(registration(channel="online"), consent=True)
    body.pop("persons", None)
    body.update(over)
    return body


def days_ahead(n):
    """A date n days from today (the portal lists the next 90 days)."""
    return (datetime.date.today() + datetime.timedelta(days=n)).isoformat()


def keys_deep(value, out=None):
    """Every object key anywhere in a JSON document."""
    out = set() if out is None else out
    if isinstance(value, dict):
        for k, v in value.items():
            out.add(k)
            keys_deep(v, out)
    elif isinstance(value, list):
        for v in value:
            keys_deep(v, out)
    return out


class SmsGateway:
    """Records the SMS the server's webhook notifier sends (the stand-in for an SMS gateway)."""

    def __init__(self):
        self.messages = []
        self.cond = threading.Condition()
        gateway = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", "0"))).decode("utf-8"))
                with gateway.cond:
                    gateway.messages.append(body)
                    gateway.cond.notify_all()
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/sms"

    def wait_for(self, predicate, timeout=30):
        with self.cond:
            ok = self.cond.wait_for(lambda: any(predicate(m) for m in self.messages), timeout)
            return [m for m in self.messages if predicate(m)] if ok else []

    def close(self):
        self.httpd.shutdown()


class PortalTest(ServerTestCase):
    @classmethod
    def setUpClass(cls):
        cls.gateway = SmsGateway()
        # Behind a trusted proxy (127.0.0.1), each test speaks from its own address (X-Forwarded-For), so that the
        # per-address counters of one test do not spill into another.
        cls.server = Server(env={"XINFANG_NOTIFY_SMS": "webhook", "XINFANG_NOTIFY_WEBHOOK_URL": cls.gateway.url,
                                 "XINFANG_NOTIFY_EMAIL": "none", "XINFANG_TRUSTED_PROXIES": "127.0.0.1"})
        cls.port = cls.server.port
        cls.next_address = 0

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()
        cls.gateway.close()

    def client(self, login=None, solve_challenges=True):
        c = Client(self.port, solve_challenges)
        PortalTest.next_address += 1
        c.headers["X-Forwarded-For"] = f"10.20.{PortalTest.next_address // 250}.{PortalTest.next_address % 250 + 1}"
        if login:
            c.login(login)
        return c

    def submit(self, client=None, **over):
        client = client or self.client()
        status, doc, _ = client.post("/api/v1/portal/petitions", portal_submission(**over))
        self.assertEqual(status, 201, doc)
        return doc

    # ------------------------------------------------------------------ redaction

    def test_public_timeline_carries_no_internal_field(self):
        reg, hr, cityxf = self.client("reg"), self.client("hr"), self.client("cityxf")
        status, doc, _ = reg.post("/api/v1/petitions", registration(
            accused_name="某建筑公司项目经理张某", content="某工地拖欠工资八万元。"))
        self.assertEqual(status, 201, doc)
        pid, code, secret = doc["id"], doc["query_code"], doc["secret"]
        reg.act(pid, "forward", {"target_org_code": "county_hr", "internal_note": "内部：该公司系重点企业，注意方式"})
        hr.act(pid, "accept", {"internal_note": "内部：已电话联系项目部"})
        cityxf.act(pid, "supervise", {"reason": "内部督办：领导批示要求月底前办结", "feedback_due": "2099-01-31"})
        hr.act(pid, "reply", {"outcome": "supported", "facts": "经查属实。", "reasons": "依法应予支付。",
                              "legal_basis": "《保障农民工工资支付条例》第三条",
                              "internal_note": "内部：处理意见经局务会研究"})
        status, view, _ = self.client().post("/api/v1/portal/lookup", {"query_code": code, "secret": secret})
        self.assertEqual(status, 200, view)
        # Exactly the public fields, at every level.
        self.assertEqual(set(view), {"number", "state", "state_label", "current_org_name", "received_on", "title",
                                     "due", "remaining_days", "decision", "rating", "rating_until", "review_until",
                                     "review_kind", "steps", "documents", "attachments", "access_token",
                                     "access_expires_at"})
        for step in view["steps"]:
            self.assertEqual(set(step), {"date", "at", "number", "action", "text"})
        # The notices and opinions owed to the petitioner, never the letters between offices.
        self.assertEqual([d["kind_label"] for d in view["documents"]], ["受理告知书", "信访处理意见书"])
        for d in view["documents"]:
            self.assertEqual(set(d), {"id", "kind_label", "doc_number", "number", "date"})
        self.assertEqual(set(view["decision"]), {"outcome", "outcome_label", "facts", "reasons", "legal_basis",
                                                 "decided_on"})
        for forbidden in ["internal_note", "actor", "actor_user_id", "user", "org_id", "detail", "detail_json",
                          "petitioners", "phone", "id_number", "address", "accused_name", "accused_org_id",
                          "secret_hash", "query_code", "is_public", "content"]:
            self.assertNotIn(forbidden, keys_deep(view), forbidden)
        text = json.dumps(view, ensure_ascii=False)
        for needle in ["内部", "重点企业", "领导批示", "局务会", "督办", "13812345678", "110101199003074514",
                       "幸福路", "张某", "王小明"]:
            self.assertNotIn(needle, text, needle)
        # What is public is there, dated.
        joined = " ".join(s["text"] for s in view["steps"])
        for needle in ["已登记", "转送", "测试县人社局", "受理告知书", "信访处理意见书"]:
            self.assertIn(needle, joined)
        for s in view["steps"]:
            self.assertRegex(s["date"], r"^\d{4}-\d{2}-\d{2}$")

    # ------------------------------------------------------------------ guessing and flooding

    def test_wrong_credentials_get_one_answer_then_a_challenge_then_a_block(self):
        sub = self.submit()
        code = sub["query_code"]
        # A fresh client that does not solve challenges by itself.
        anon = self.client(solve_challenges=False)
        answers = set()
        for body in [{"query_code": code, "secret": "WRONG111"},
                     {"query_code": "AAAA-BBBB-CCCC", "secret": sub["secret"]},
                     {"query_code": code, "otp": "123456"}]:
            status, doc, _ = anon.post("/api/v1/portal/lookup", body)
            answers.add((status, doc["detail"], doc.get("field")))
        self.assertEqual(answers, {(404, "查询码或密码不正确", None)})
        # After three failures on the code: 428 with a puzzle, and nothing is looked up until it is solved.
        status, doc, r = anon.post("/api/v1/portal/lookup", {"query_code": code, "secret": sub["secret"]})
        self.assertEqual(status, 428, doc)
        self.assertEqual(doc["field"], "challenge")
        token, bits = doc["challenge"]["token"], doc["challenge"]["bits"]
        self.assertGreaterEqual(bits, 16)
        # A wrong nonce, a forged token: still 428.
        status, _, _ = anon.post("/api/v1/portal/lookup", {"query_code": code, "secret": sub["secret"],
                                                           "challenge": {"token": token, "nonce": "1"}})
        self.assertEqual(status, 428)
        forged = token.rsplit(".", 1)[0] + "." + "0" * 32
        status, _, _ = anon.post("/api/v1/portal/lookup", {"query_code": code, "secret": sub["secret"],
                                                           "challenge": {"token": forged,
                                                                         "nonce": solve_challenge(forged, bits)}})
        self.assertEqual(status, 428)
        solved = {"token": token, "nonce": solve_challenge(token, bits)}
        status, view, _ = anon.post("/api/v1/portal/lookup", {"query_code": code, "secret": sub["secret"],
                                                              "challenge": solved})
        self.assertEqual(status, 200, view)
        # One request per solved puzzle.
        status, _, _ = anon.post("/api/v1/portal/lookup", {"query_code": code, "secret": sub["secret"],
                                                           "challenge": solved})
        self.assertEqual(status, 428)
        # Ten failures on one 查询码 block it for 15 minutes, even with the right secret and a solved puzzle.
        solver = self.client()
        for i in range(8):  # two failures on this code above, eight here: ten
            status, _, _ = solver.post("/api/v1/portal/lookup", {"query_code": code, "secret": f"WRONG{i}"})
            self.assertEqual(status, 404)
        status, doc, r = solver.post("/api/v1/portal/lookup", {"query_code": code, "secret": sub["secret"]})
        self.assertEqual(status, 429, doc)
        self.assertIn("15分钟", doc["detail"])
        self.assertEqual(r.getheader("Retry-After"), "900")
        status, doc, _ = solver.post("/api/v1/portal/rate", {"query_code": code, "secret": sub["secret"],
                                                             "rating": "satisfied"})
        self.assertEqual(status, 429, doc)
        self.assertGreater(solver.challenges_solved, 0)

    def test_submissions_from_one_address_need_a_challenge_after_three(self):
        anon = self.client(solve_challenges=False)
        statuses = [anon.post("/api/v1/portal/petitions", portal_submission())[0] for _ in range(5)]
        self.assertEqual(statuses, [201, 201, 201, 428, 428])
        solver = self.client()
        solver.headers = anon.headers
        status, doc, _ = solver.post("/api/v1/portal/petitions", portal_submission())
        self.assertEqual(status, 201, doc)
        self.assertEqual(solver.challenges_solved, 1)

    def test_bad_submissions_name_the_field_and_write_nothing(self):
        anon = self.client()
        cases = [({"consent": False}, 400, "consent"),
                 ({"title": ""}, 400, "title"),
                 ({"category_code": "9999"}, 400, "category_code"),
                 ({"petitioners": [{"name": "李四", "phone": "12345"}]}, 400, "petitioners[0].phone"),
                 ({"email": "not-an-address"}, 400, "petitioners[0].email"),
                 ({"petitioners": [{"name": "甲"}, {"name": "乙"}]}, 400, "petitioners")]
        reg = self.client("prov")
        before = reg.get("/api/v1/workbench")[1]["open_total"]
        for over, status, field in cases:
            got, doc, _ = anon.post("/api/v1/portal/petitions", portal_submission(**over))
            self.assertEqual((got, doc.get("field")), (status, field), doc)
        self.assertEqual(reg.get("/api/v1/workbench")[1]["open_total"], before)
        # Over 64 KiB: 413 before any parsing.
        status, doc, _ = anon.post("/api/v1/portal/petitions", portal_submission(content="字" * 30000))
        self.assertEqual(status, 413, doc)

    def test_receipt_fields_and_anonymous_submission(self):
        sub = self.submit()
        self.assertRegex(sub["query_code"], r"^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$")
        self.assertRegex(sub["secret"], r"^[0-9A-Z]{8}$")
        self.assertEqual(sub["org_name"], "测试省信访局")
        self.assertRegex(sub["route_due"], r"^\d{4}-\d{2}-\d{2}$")
        anon_sub = self.submit(anonymous=True)
        status, view, _ = self.client().post("/api/v1/portal/lookup", {"query_code": anon_sub["query_code"],
                                                                       "secret": anon_sub["secret"]})
        self.assertEqual(status, 200, view)
        self.assertEqual(view["number"], anon_sub["number"])

    # ------------------------------------------------------------------ one-time codes and tokens

    def test_one_time_code_by_sms_opens_the_case_once(self):
        sub = self.submit(petitioners=[{"name": "赵六", "phone": "13700001234"}])
        code = sub["query_code"]
        # The registration itself is announced by SMS.
        self.assertTrue(self.gateway.wait_for(lambda m: sub["number"] in m.get("body", "")))
        anon = self.client()
        status, known, _ = anon.post("/api/v1/portal/otp", {"query_code": code})
        self.assertEqual(status, 202, known)
        status, unknown, _ = anon.post("/api/v1/portal/otp", {"query_code": "ZZZZ-ZZZZ-ZZZZ"})
        self.assertEqual((status, unknown), (202, known))  # no enumeration
        sms = self.gateway.wait_for(lambda m: "验证码" in m.get("body", "") and m.get("to") == "13700001234")
        self.assertEqual(len(sms), 1, sms)
        otp = re.search(r"验证码为(\d{6})", sms[0]["body"]).group(1)
        self.assertNotIn(code, json.dumps(sms[0], ensure_ascii=False))  # the gateway never sees the 查询码
        status, view, _ = anon.post("/api/v1/portal/lookup", {"query_code": code.lower(), "otp": otp})
        self.assertEqual(status, 200, view)
        self.assertEqual(view["number"], sub["number"])
        # Once only.
        status, _, _ = anon.post("/api/v1/portal/lookup", {"query_code": code, "otp": otp})
        self.assertEqual(status, 404)
        # The access token of the look-up works instead of the secret, for that case only.
        token = view["access_token"]
        status, again, _ = anon.post("/api/v1/portal/lookup", {"query_code": code, "access_token": token})
        self.assertEqual((status, again["number"]), (200, sub["number"]))
        other = self.submit()
        status, _, _ = anon.post("/api/v1/portal/lookup", {"query_code": other["query_code"], "access_token": token})
        self.assertEqual(status, 404)
        # One character changed (to one it is not: a token ending in "0" once made this the token itself).
        forged = token[:-1] + ("1" if token.endswith("0") else "0")
        status, _, _ = anon.post("/api/v1/portal/lookup", {"query_code": code, "access_token": forged})
        self.assertEqual(status, 404)

    def test_five_wrong_one_time_codes_spend_it(self):
        sub = self.submit(petitioners=[{"name": "钱七", "phone": "13700005678"}])
        anon = self.client()
        self.assertEqual(anon.post("/api/v1/portal/otp", {"query_code": sub["query_code"]})[0], 202)
        sms = self.gateway.wait_for(lambda m: "验证码" in m.get("body", "") and m.get("to") == "13700005678")
        otp = re.search(r"验证码为(\d{6})", sms[0]["body"]).group(1)
        wrong = f"{(int(otp) + 1) % 1000000:06d}"
        for _ in range(5):
            self.assertEqual(anon.post("/api/v1/portal/lookup", {"query_code": sub["query_code"],
                                                                 "otp": wrong})[0], 404)
        status, _, _ = anon.post("/api/v1/portal/lookup", {"query_code": sub["query_code"], "otp": otp})
        self.assertEqual(status, 404)  # spent by the wrong ones

    # ------------------------------------------------------------------ 领导接访日

    def test_reception_day_booking_and_registering_the_visit(self):
        reg = self.client("reg")
        status, day, r = reg.post("/api/v1/reception-days", {
            "date": days_ahead(20), "start": "09:00", "end": "10:00", "slot_minutes": 30, "per_slot": 1,
            "place": "测试县来访接待中心", "leader_name": "王县长", "leader_title": "县长", "topics": "劳动保障",
            "published": True})
        self.assertEqual(status, 201, day)
        self.assertEqual((day["capacity"], day["booked"], day["version"]), (2, 0, 1))
        status, doc, _ = reg.post("/api/v1/reception-days", {"date": days_ahead(20), "start": "10:00", "end": "09:00",
                                                             "place": "x", "leader_name": "y"})
        self.assertEqual((status, doc.get("field")), (400, "end"))
        public = self.client().get("/api/v1/portal/reception-days")[1]["items"]
        mine = [d for d in public if d["id"] == day["id"]][0]
        self.assertEqual(mine["slots"], [{"time": "09:00", "free": 1}, {"time": "09:30", "free": 1}])
        self.assertNotIn("version", mine)
        booking = {"day_id": day["id"], "slot": "09:30", "name": "孙八", "phone": "13700009999",
                   "id_number": "110101199003074514", "region_code": "991021",
                   "summary": "反映工资拖欠问题。", "consent": True}
        anon = self.client()
        status, booked, _ = anon.post("/api/v1/portal/reception-bookings", booking)
        self.assertEqual(status, 201, booked)
        self.assertRegex(booked["confirmation_code"], r"^[0-9A-Z]{4}-[0-9A-Z]{4}$")
        self.assertTrue(self.gateway.wait_for(lambda m: booked["confirmation_code"] in m.get("body", "")))
        status, doc, _ = anon.post("/api/v1/portal/reception-bookings", dict(booking, name="另一人"))
        self.assertEqual((status, doc.get("field")), (409, "slot"))  # one place per slot
        status, doc, _ = anon.post("/api/v1/portal/reception-bookings/lookup",
                                   {"confirmation_code": booked["confirmation_code"], "phone": "13700000000"})
        self.assertEqual(status, 404)
        status, doc, _ = anon.post("/api/v1/portal/reception-bookings/lookup",
                                   {"confirmation_code": booked["confirmation_code"].lower(), "phone": "13700009999"})
        self.assertEqual((status, doc["status"], doc["slot"]), (200, "booked", "09:30"))
        # Staff see the day's list, with the phone masked, and register the visit from the booking.
        status, lst, _ = reg.get(f"/api/v1/reception-days/{day['id']}/bookings")
        self.assertEqual(status, 200, lst)
        item = lst["items"][0]
        self.assertEqual((item["name"], item["phone"], item["status"]), ("孙八", "137****9999", "booked"))
        status, created, _ = reg.post("/api/v1/petitions", {
            "channel": "visit", "purpose": "complaint", "category_code": "0402", "region_code": "991021",
            "title": "反映工资拖欠问题", "content": item["summary"], "booking_id": item["id"]})
        self.assertEqual(status, 201, created)
        status, case, _ = reg.get(f"/api/v1/petitions/{created['id']}")
        self.assertEqual(case["petitioners"][0]["name"], "孙八")
        self.assertEqual(case["petitioners"][0]["phone"], "137****9999")
        status, lst, _ = reg.get(f"/api/v1/reception-days/{day['id']}/bookings")
        self.assertEqual((lst["items"][0]["status"], lst["items"][0]["petition_number"]),
                         ("registered", created["number"]))
        # Once only; and a registered booking cannot be cancelled.
        status, doc, _ = reg.post("/api/v1/petitions", {
            "channel": "visit", "purpose": "complaint", "category_code": "0402", "region_code": "991021",
            "title": "再次", "content": "再次", "booking_id": item["id"]})
        self.assertEqual(status, 409, doc)
        status, doc, _ = anon.post("/api/v1/portal/reception-bookings/cancel",
                                   {"confirmation_code": booked["confirmation_code"], "phone": "13700009999"})
        self.assertEqual(status, 409, doc)
        # Another office cannot see or change the day.
        other = self.client("other")
        self.assertEqual(other.get(f"/api/v1/reception-days/{day['id']}/bookings")[0], 404)
        status, doc, _ = other.request("PATCH", f"/api/v1/reception-days/{day['id']}", {"place": "别处"})
        self.assertEqual(status, 404, doc)

    def test_cancelling_a_day_tells_the_booked_citizens(self):
        reg = self.client("reg")
        status, day, _ = reg.post("/api/v1/reception-days", {
            "date": days_ahead(25), "start": "14:00", "end": "15:00", "slot_minutes": 60, "per_slot": 3,
            "place": "测试县来访接待中心", "leader_name": "李副县长", "published": True})
        self.assertEqual(status, 201, day)
        self.assertIn(day["id"], [d["id"] for d in self.client().get("/api/v1/portal/reception-days")[1]["items"]])
        status, booked, _ = self.client().post("/api/v1/portal/reception-bookings", {
            "day_id": day["id"], "slot": "14:00", "name": "周九", "phone": "13700007777", "region_code": "991021",
            "summary": "反映噪音扰民。", "consent": True})
        self.assertEqual(status, 201, booked)
        # Booked times stay: moving the day is refused while someone is booked.
        status, doc, _ = reg.request("PATCH", f"/api/v1/reception-days/{day['id']}", {"date": days_ahead(26)},
                                     headers={"If-Match": '"1"'})
        self.assertEqual((status, doc.get("field")), (400, "date"))
        status, doc, _ = reg.request("PATCH", f"/api/v1/reception-days/{day['id']}", {"per_slot": 0},
                                     headers={"If-Match": '"1"'})
        self.assertEqual((status, doc.get("field")), (400, "per_slot"))
        # A form that sends every field (cancelled: false) changes only what changed.
        status, doc, _ = reg.request("PATCH", f"/api/v1/reception-days/{day['id']}",
                                     {"cancelled": False, "topics": "噪音、环境"}, headers={"If-Match": '"1"'})
        self.assertEqual((status, doc["topics"], doc["version"], doc["cancelled"]), (200, "噪音、环境", 2, False), doc)
        status, doc, _ = reg.request("PATCH", f"/api/v1/reception-days/{day['id']}", {"cancelled": True},
                                     headers={"If-Match": '"7"'})
        self.assertEqual(status, 409, doc)  # stale version
        status, doc, _ = reg.request("PATCH", f"/api/v1/reception-days/{day['id']}", {"cancelled": True},
                                     headers={"If-Match": '"2"'})
        self.assertEqual(status, 200, doc)
        self.assertTrue(doc["cancelled"])
        sms = self.gateway.wait_for(lambda m: booked["confirmation_code"] in m.get("body", "") and "取消" in m["body"])
        self.assertEqual(len(sms), 1)
        status, doc, _ = self.client().post("/api/v1/portal/reception-bookings/lookup",
                                            {"confirmation_code": booked["confirmation_code"], "phone": "13700007777"})
        self.assertEqual(doc["status"], "cancelled")
        self.assertNotIn(day["id"], [d["id"] for d in self.client().get("/api/v1/portal/reception-days")[1]["items"]])


if __name__ == "__main__":
    unittest.main(verbosity=2)
