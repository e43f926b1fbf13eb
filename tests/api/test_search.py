"""API tests of 信访件检索 (GET /api/v1/search), repeat-petition candidates and the `xinfang search` commands."""
import urllib.parse
import unittest

from harness import ServerTestCase
from test_api import registration


def q(text, **params):
    params["q"] = text
    return "/api/v1/search?" + urllib.parse.urlencode(params)


class SearchTest(ServerTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        from harness import Client
        reg = Client(cls.port)
        reg.login("reg")
        cls.cases = {}
        seeds = {
            "wages": dict(title="拖欠农民工工资", content="某建筑工地拖欠工资共计8万元，测试事项。"),
            "demolition": dict(title="拆遷補償款未發放", content="3号楼居民的补偿协议ABC-12未兑现，测试事项。",
                               category_code="0201"),
            "allowance": dict(title="低保申请被拒", content="申请最低生活保障，村委会不予受理，测试事项。",
                              petitioners=[{"name": "赵六", "id_number": "110101198501011239"}]),
            # An accusation against the township: never shown to anyone in the township (Art. 30 ¶3).
            "accusation": dict(title="检举镇干部收受财物", content="检举测试镇某干部收受财物，测试事项。",
                               purpose="accusation", accused_org_code="town"),
        }
        for key, over in seeds.items():
            status, doc, _ = reg.post("/api/v1/petitions", registration(**over))
            assert status == 201, doc
            cls.cases[key] = doc

    def numbers(self, c, path):
        status, doc, _ = c.get(path)
        self.assertEqual(status, 200, doc)
        return sorted(i["number"] for i in doc["items"]), doc

    def test_terms_of_one_to_four_characters_traditional_full_width_and_mixed(self):
        c = self.client("reg")
        n = lambda key: self.cases[key]["number"]
        for text, want in [("工", ["wages"]), ("工资", ["wages"]), ("农民工", ["wages"]), ("拖欠农民", ["wages"]),
                           ("拆迁", ["demolition"]), ("補償", ["demolition"]), ("ＡＢＣ", ["demolition"]),
                           ("3号楼", ["demolition"]), ("abc-12", ["demolition"]), ("低保 赵六", ["allowance"]),
                           ("征地", []), ("工资，低保", [])]:
            with self.subTest(text=text):
                got, doc = self.numbers(c, q(text))
                self.assertEqual(got, sorted(n(k) for k in want))
                self.assertEqual(doc["total"], len(want))

    def test_highlights_snippets_facets_and_paging(self):
        c = self.client("reg")
        status, doc, _ = c.get(q("拆迁"))
        self.assertEqual(status, 200, doc)
        item = doc["items"][0]
        self.assertIn({"text": "拆遷", "hit": True}, item["title_parts"])  # the original text, highlighted
        self.assertEqual("".join(p["text"] for p in item["title_parts"]), "拆遷補償款未發放")
        self.assertEqual(doc["facets"], [{"code": "02", "name": doc["facets"][0]["name"], "count": 1}])
        # Every case holds 测试事项: both orders page through the same set, each case once.
        for order in ("relevance", "newest"):
            with self.subTest(order=order):
                seen, cursor, pages = [], None, 0
                while True:
                    params = {"order": order, "limit": 1}
                    if cursor:
                        params["cursor"] = cursor
                    status, page, _ = c.get(q("测试事项", **params))
                    self.assertEqual(status, 200, page)
                    if pages == 0:
                        self.assertEqual(page["total"], 4)
                    else:
                        self.assertIsNone(page["total"])  # counted on the first page only
                    seen += [i["number"] for i in page["items"]]
                    pages += 1
                    cursor = page["next_cursor"]
                    if not cursor:
                        break
                self.assertEqual(sorted(seen), sorted(x["number"] for x in self.cases.values()))
        status, doc, _ = c.get(q("测试", cursor="s1.5_abc"))
        self.assertEqual((status, doc["field"]), (400, "cursor"))

    def test_bad_queries_get_a_clear_400(self):
        c = self.client("reg")
        for path, detail in [("/api/v1/search", "请输入检索词"), (q(""), "请输入检索词"), (q("，。！？"), "请输入检索词"),
                             (q("a" * 10000), "检索词过长（最多200个字）"),
                             (q(" ".join(f"t{i}" for i in range(17))), "检索词过多（最多16个）"),
                             (q("工资", order="best"), None)]:
            with self.subTest(path=path[:60]):
                status, doc, _ = c.get(path)
                self.assertEqual(status, 400, doc)
                self.assertEqual(doc["field"], "order" if detail is None else "q")
                if detail:
                    self.assertEqual(doc["detail"], detail)
        self.assertEqual(self.client().get(q("工资"))[0], 401)

    def test_every_user_finds_exactly_what_their_list_shows(self):
        for login in ("reg", "appr", "hr", "city", "cityxf", "prov", "other", "townie", "stat"):
            with self.subTest(login=login):
                c = self.client(login)
                listed, _ = self.numbers(c, "/api/v1/petitions?limit=200")
                found, _ = self.numbers(c, q("测试事项", limit=100))
                self.assertEqual(found, listed)
        # The township's staff (scope: all) never find the accusation against their township.
        found, _ = self.numbers(self.client("townie"), q("检举"))
        self.assertEqual(found, [])
        found, _ = self.numbers(self.client("prov"), q("检举"))
        self.assertEqual(found, [self.cases["accusation"]["number"]])

    def test_repeat_candidates_and_linking_a_repeat(self):
        reg, other = self.client("reg"), self.client("other")
        draft = {"region_code": "991021", "title": "再次反映", "content": "",
                 "petitioners": [{"name": "赵六", "id_number": "110101198501011239"}]}
        status, doc, _ = reg.post("/api/v1/petitions/repeat-candidates", draft)
        self.assertEqual(status, 200, doc)
        self.assertEqual(len(doc["items"]), 1)
        cand = doc["items"][0]
        self.assertEqual(cand["number"], self.cases["allowance"]["number"])
        self.assertEqual((cand["reason"], cand["visible"], cand["state"]), ("same_id_number", True, "registered"))
        self.assertIn("不重复受理", cand["advice"])
        # Another county's registrar learns where the matter stands, not what it says.
        status, doc, _ = other.post("/api/v1/petitions/repeat-candidates", draft)
        self.assertEqual(status, 200, doc)
        cand = doc["items"][0]
        self.assertEqual((cand["visible"], cand["id"], cand["title"]), (False, None, None))
        self.assertEqual(cand["current_org_name"], "测试县信访局")
        # Very similar text in the same county, no petitioner in common.
        text = registration()["content"]
        status, doc, _ = reg.post("/api/v1/petitions/repeat-candidates",
                                  {"region_code": "991021", "title": "拖欠农民工工资", "content": "某建筑工地拖欠工资共计8万元，测试事项！"})
        self.assertEqual(doc["items"][0]["number"], self.cases["wages"]["number"])
        self.assertEqual(doc["items"][0]["reason"], "similar_text")
        self.assertGreater(doc["items"][0]["similarity"], 0.8)
        # Nothing in common: no candidates. A bad 证件号 names its field.
        status, doc, _ = reg.post("/api/v1/petitions/repeat-candidates", {"content": "完全无关的一段话，关于路灯"})
        self.assertEqual((status, doc["items"]), (200, []))
        status, doc, _ = reg.post("/api/v1/petitions/repeat-candidates", {"petitioners": [{"id_number": "123"}]})
        self.assertEqual((status, doc["field"]), (400, "petitioners[0].id_number"))
        # Registering as a repeat of the earlier case: 重信重访.
        status, created, _ = reg.post("/api/v1/petitions", registration(
            title="再次反映低保", content="再次反映低保问题，测试重复。", repeat_of_number=self.cases["allowance"]["number"]))
        self.assertEqual(status, 201, created)
        status, detail, _ = reg.get(f"/api/v1/petitions/{created['id']}")
        self.assertTrue(detail["is_repeat"])

    def test_cli_search_and_reindex(self):
        r = self.server.cli("search", "--db", self.server.db, "--count", "工资")
        self.assertEqual(r.stdout.strip(), "1")
        r = self.server.cli("search", "--db", self.server.db, "拆迁")
        self.assertIn(self.cases["demolition"]["number"], r.stdout)
        self.assertIn("拆遷補償款未發放", r.stdout)
        r = self.server.cli("search", "reindex", "--db", self.server.db)
        self.assertIn("已重建检索索引", r.stdout)
        r = self.server.cli("search", "--db", self.server.db, "--count", "补偿")
        self.assertEqual(r.stdout.strip(), "1")
        r = self.server.cli("search", "--db", self.server.db, "--count", "，", check=False)
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("请输入检索词", r.stderr)


if __name__ == "__main__":
    unittest.main()
