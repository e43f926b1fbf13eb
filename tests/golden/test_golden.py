"""Golden tests of the statistics (SPEC §5; issue #4): fixture ledgers are imported through the CLI, and the report for
青山县 2025 must equal the hand-checked figures and text in this folder — from the CLI (json, text, xlsx) and from the
API (json, xlsx) alike. Also: import error reporting, re-import without duplicates, GB18030 and XLSX ledgers.

The hand check is written out in docs/statistics.md ("The golden example"). Standard library only."""
import http.client
import json
import os
import re
import subprocess
import sys
import tempfile
import unittest
import xml.etree.ElementTree as ET
import zipfile
from io import BytesIO

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "api"))
import harness  # noqa: E402

FIX = os.path.join(HERE, "fixtures")


def read(name, mode="r"):
    with open(os.path.join(HERE, name), mode, **({} if "b" in mode else {"encoding": "utf-8"})) as f:
        return f.read()


def subset(expected, actual, path="$"):
    """Every key of `expected` is in `actual` with an equal value; lists compare element-wise and in order."""
    if isinstance(expected, dict):
        assert isinstance(actual, dict), f"{path}: expected an object, got {actual!r}"
        for k, v in expected.items():
            assert k in actual, f"{path}.{k} missing"
            subset(v, actual[k], f"{path}.{k}")
    elif isinstance(expected, list):
        assert isinstance(actual, list) and len(actual) == len(expected), f"{path}: {actual!r}"
        for i, (e, a) in enumerate(zip(expected, actual)):
            subset(e, a, f"{path}[{i}]")
    else:
        assert expected == actual, f"{path}: expected {expected!r}, got {actual!r}"


NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
      "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships"}


def read_xlsx(data):
    """{sheet name: [[cell values]]} — strings from the shared table or inline, numbers as float."""
    z = zipfile.ZipFile(BytesIO(data))
    shared = []
    if "xl/sharedStrings.xml" in z.namelist():
        for si in ET.fromstring(z.read("xl/sharedStrings.xml")).findall("m:si", NS):
            shared.append("".join(t.text or "" for t in si.iter(f"{{{NS['m']}}}t")))
    wb = ET.fromstring(z.read("xl/workbook.xml"))
    rels = ET.fromstring(z.read("xl/_rels/workbook.xml.rels"))
    target = {r.get("Id"): r.get("Target") for r in rels}
    out = {}
    for sheet in wb.find("m:sheets", NS):
        path = "xl/" + target[sheet.get(f"{{{NS['r']}}}id")].lstrip("/").removeprefix("xl/")
        rows = []
        for row in ET.fromstring(z.read(path)).iter(f"{{{NS['m']}}}row"):
            cells = []
            for c in row.findall("m:c", NS):
                col = re.match(r"[A-Z]+", c.get("r")).group(0)
                idx = 0
                for ch in col:
                    idx = idx * 26 + ord(ch) - 64
                while len(cells) < idx - 1:
                    cells.append(None)
                v = c.find("m:v", NS)
                if c.get("t") == "s":
                    cells.append(shared[int(v.text)])
                elif c.get("t") == "inlineStr":
                    cells.append("".join(t.text or "" for t in c.iter(f"{{{NS['m']}}}t")))
                elif v is not None:
                    cells.append(float(v.text))
                else:
                    cells.append(None)
            rows.append(cells)
        out[sheet.get("name")] = rows
    return out


def row_of(sheet, label):
    for r in sheet:
        if r and r[0] == label:
            return r
    raise AssertionError(f"no row {label!r} in {sheet!r}")


def import_fixtures(server):
    server.cli("region", "import", "--db", server.db, os.path.join(FIX, "regions.tsv"))
    # The 2024 ledger goes in as GB18030, as offices' Excel exports often are.
    gb = os.path.join(server.dir, "ledger-2024-gb18030.csv")
    with open(os.path.join(FIX, "ledger-2024.csv"), encoding="utf-8") as f, open(gb, "wb") as out:
        out.write(f.read().encode("gb18030"))
    r = server.cli("petition", "import", "--db", server.db, gb)
    assert "导入 6 件" in r.stdout and "GB18030" in r.stdout, r.stdout
    r = server.cli("petition", "import", "--db", server.db, os.path.join(FIX, "ledger-2025.csv"))
    assert "导入 13 件" in r.stdout, r.stdout


ORGS = open(os.path.join(FIX, "orgs.tsv"), encoding="utf-8").read()
USERS = [("tongji", "qs-xfj", "statistician", "subtree"), ("shengtj", "yl-xfj", "statistician", "subtree")]


class GoldenReport(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = harness.Server(orgs_tsv=ORGS, users=USERS, setup=import_fixtures)
        cls.client = harness.Client(cls.server.port)
        cls.client.login("tongji")

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()

    def cli_report(self, *extra):
        return self.server.cli("report", "summary", "--db", self.server.db, "--org", "qs-xfj", "--year", "2025", *extra)

    def get_bytes(self, path):
        conn = http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=30)
        conn.request("GET", path, headers={"Cookie": self.client.cookie})
        r = conn.getresponse()
        return r.status, r.read(), r

    def test_cli_text_is_the_golden_text(self):
        self.assertEqual(self.cli_report("--format", "text").stdout, read("report-qs-2025.expected.txt"))

    def test_cli_json_has_the_golden_figures(self):
        doc = json.loads(self.cli_report("--format", "json").stdout)
        subset(json.loads(read("report-qs-2025.expected.json")), doc)
        self.assertEqual(doc["text"] + "\n", read("report-qs-2025.expected.txt"))
        self.assertEqual([m["month"] for m in doc["by_month"]][:2], ["2025-01", "2025-02"])
        self.assertEqual(sum(m["persons"] for m in doc["by_month"]), 53)

    def test_api_gives_the_same_figures_as_the_cli(self):
        status, api_doc, _ = self.client.get("/api/v1/reports/summary?org=qs-xfj&from=2025-01-01&to=2025-12-31")
        self.assertEqual(status, 200, api_doc)
        cli_doc = json.loads(self.cli_report("--format", "json").stdout)
        self.assertEqual(api_doc, cli_doc)

    def test_a_quarter_and_second_level_categories(self):
        doc = json.loads(self.cli_report("--quarter", "1", "--category-level", "2").stdout)
        self.assertEqual(doc["period"]["label"], "2025年第一季度")
        # Q1: rows 001–004: 1 + 30 + 2 + 1 persons.
        self.assertEqual(doc["totals"], {"batches": 4, "persons": 34, "items": 4})
        self.assertEqual([c["code"] for c in doc["by_category"]], ["0101", "0301", "0402"])
        self.assertEqual(doc["by_category"][2]["name"], "拖欠农民工工资")

    def test_xlsx_from_cli_and_api_hold_the_same_numbers(self):
        out = os.path.join(self.server.dir, "report.xlsx")
        self.cli_report("--format", "xlsx", "--out", out)
        with open(out, "rb") as f:
            cli_book = read_xlsx(f.read())
        status, data, r = self.get_bytes("/api/v1/reports/summary?org=qs-xfj&from=2025-01-01&to=2025-12-31&format=xlsx")
        self.assertEqual(status, 200)
        self.assertIn("spreadsheetml", r.getheader("Content-Type"))
        self.assertIn("filename*=UTF-8''", r.getheader("Content-Disposition"))
        api_book = read_xlsx(data)
        self.assertEqual(cli_book, api_book)
        self.assertEqual(list(cli_book)[:3], ["汇总", "按信访形式", "个访集体访"])
        totals = cli_book["汇总"]
        self.assertEqual(totals[1][:3], ["项目", "本期", "上年同期"])  # a title row, then the header
        self.assertEqual(row_of(totals, "批次")[1:4], [12.0, 6.0, 1.0])  # 100.0% is stored as 1.0
        self.assertEqual(row_of(totals, "人次")[1:3], [53.0, 17.0])
        self.assertEqual(row_of(cli_book["指标"], "及时受理率")[1:3], [9.0, 11.0])
        self.assertAlmostEqual(row_of(cli_book["指标"], "及时受理率")[3], 0.818)
        self.assertEqual(row_of(cli_book["按内容分类"], "04")[2:4], [4.0, 33.0])
        text_rows = [r[0] for r in cli_book["工作总结"][2:]]
        self.assertEqual("\n".join(text_rows) + "\n", read("report-qs-2025.expected.txt"))

    def test_a_province_sees_the_whole_tree_and_a_county_not_its_neighbour(self):
        status, doc, _ = self.client.get("/api/v1/reports/summary?org=hx-xfj&from=2025-01-01&to=2025-12-31")
        self.assertEqual(status, 403, doc)
        prov = harness.Client(self.server.port)
        prov.login("shengtj")
        status, doc, _ = prov.get("/api/v1/reports/summary?org=yl-xfj&from=2025-01-01&to=2025-12-31")
        self.assertEqual(status, 200, doc)
        self.assertEqual(doc["totals"]["batches"], 13)  # 青山县's 12 and 河西县's 1

    def test_a_period_running_past_today_is_compared_day_for_day(self):
        status, doc, _ = self.client.get("/api/v1/reports/summary?from=2026-01-01&to=2026-12-31")
        self.assertEqual(status, 200, doc)
        today = doc["period"]["as_of"]
        self.assertEqual(doc["period"]["to"], today)
        self.assertEqual(doc["previous"]["period"]["to"], str(int(today[:4]) - 1) + today[4:].replace("02-29", "02-28"))
        self.assertEqual(len(doc["by_month"]), int(today[5:7]))
        status, doc, _ = self.client.get("/api/v1/reports/summary?from=2999-01-01&to=2999-12-31")
        self.assertEqual((status, doc["field"]), (400, "from"))

    def test_bad_periods_name_the_field(self):
        status, doc, _ = self.client.get("/api/v1/reports/summary?from=2025-12-31&to=2025-01-01")
        self.assertEqual(status, 400)
        self.assertEqual(doc["field"], "to")
        status, doc, _ = self.client.get("/api/v1/reports/summary?from=2025-13-01")
        self.assertEqual((status, doc["field"]), (400, "from"))
        status, doc, _ = self.client.get("/api/v1/reports/summary?org=nope")
        self.assertEqual((status, doc["field"]), (400, "org"))
        r = self.server.cli("report", "summary", "--db", self.server.db, "--org", "qs-xfj", check=False)
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("--year", r.stderr)

    def test_filtered_report_counts_only_visits(self):
        status, doc, _ = self.client.get("/api/v1/reports/summary?from=2025-01-01&to=2025-12-31&channel=visit")
        self.assertEqual(status, 200, doc)
        self.assertTrue(doc["filtered"])
        self.assertEqual(doc["totals"], {"batches": 5, "persons": 46, "items": 5})
        self.assertEqual(doc["previous"]["totals"]["persons"], 13)

    def test_reimporting_the_same_ledger_adds_nothing(self):
        before = json.loads(self.cli_report().stdout)["totals"]
        r = self.server.cli("petition", "import", "--db", self.server.db, os.path.join(FIX, "ledger-2025.csv"))
        self.assertIn("导入 0 件，已存在未变 13 件", r.stdout)
        self.assertEqual(json.loads(self.cli_report().stdout)["totals"], before)

    def test_case_list_export(self):
        status, data, r = self.get_bytes("/api/v1/exports/petitions?from=2025-01-01&to=2025-12-31&channel=visit")
        self.assertEqual(status, 200)
        sheet = read_xlsx(data)["信访事项"]
        numbers = sorted(row[0] for row in sheet[2:])
        self.assertEqual(numbers, ["QS-2025-002", "QS-2025-003", "QS-2025-006", "QS-2025-007", "QS-2025-011"])
        header = sheet[1]
        self.assertEqual(header[:3], ["信访件编号", "登记日期", "信访形式"])


class ImportErrors(unittest.TestCase):
    def setUp(self):
        self.server = harness.Server(orgs_tsv=ORGS, users=[], setup=None)

    def tearDown(self):
        self.server.stop()

    def write(self, name, data):
        path = os.path.join(self.server.dir, name)
        with open(path, "wb") as f:
            f.write(data if isinstance(data, bytes) else data.encode("utf-8"))
        return path

    def imp(self, path, *extra):
        return self.server.cli("petition", "import", "--db", self.server.db, path, *extra, check=False)

    def count(self):
        r = self.server.cli("report", "summary", "--db", self.server.db, "--org", "yl-xfj", "--from", "2020-01-01",
                            "--to", "2026-11-30")
        return json.loads(r.stdout)["totals"]["batches"]

    BAD = ("登记日期,信访形式,登记单位,人数\n"
           "2025-02-30,来信,qs-xfj,1\n"      # line 2: no such day
           "2025-03-01,飞鸽传书,qs-xfj,1\n"   # line 3: unknown channel
           "2025-03-02,来访,no-such-org,3\n"  # line 4: unknown org
           "2025-03-03,来访,qs-xfj,7\n")      # line 5: fine (a collective visit)

    def test_every_rejected_row_is_reported_and_nothing_is_written(self):
        r = self.imp(self.write("bad.csv", self.BAD))
        self.assertEqual(r.returncode, 1, r.stdout + r.stderr)
        self.assertIn("第2行 「登记日期」：日期格式无效：2025-02-30", r.stderr)
        self.assertIn("第3行 「信访形式」：未知的信访形式：飞鸽传书", r.stderr)
        self.assertIn("第4行 「登记单位」：单位代码不存在：no-such-org", r.stderr)
        self.assertIn("未写入任何数据", r.stderr)
        self.assertEqual(self.count(), 0)

    def test_skip_invalid_imports_the_rest_and_writes_the_rejects(self):
        path = self.write("bad.csv", self.BAD)
        r = self.imp(path, "--skip-invalid")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("导入 1 件", r.stdout)
        with open(path + ".rejects.csv", encoding="utf-8-sig") as f:
            rejects = f.read().splitlines()
        self.assertEqual(rejects[0], "行号,列,原因")
        self.assertEqual([line.split(",")[0] for line in rejects[1:]], ["2", "3", "4"])
        self.assertEqual(self.count(), 1)

    def test_missing_required_column(self):
        r = self.imp(self.write("nocol.csv", "登记日期,人数\n2025-01-01,1\n"))
        self.assertEqual(r.returncode, 1)
        self.assertIn("缺少必填列「信访形式」", r.stderr)
        self.assertIn("缺少必填列「登记单位」", r.stderr)

    def test_a_file_in_neither_utf8_nor_gb18030_is_refused(self):
        r = self.imp(self.write("latin.csv", b"abc,\x80\xff\xff\n"))
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("文件编码无法识别", r.stderr)
        self.assertEqual(self.count(), 0)

    def test_contradicting_dates_are_refused(self):
        r = self.imp(self.write("dates.csv", "登记日期,信访形式,登记单位,办理方式,受理日期,答复日期\n"
                                              "2025-03-10,来信,qs-xfj,直接受理,2025-03-20,2025-03-15\n"))
        self.assertEqual(r.returncode, 1)
        self.assertIn("第2行 「答复日期」：答复日期早于受理日期", r.stderr)

    def test_an_xlsx_ledger_with_english_keys(self):
        path = self.write("ledger.xlsx", tiny_xlsx([
            ["received_on", "channel", "org", "persons", "category", "route", "accepted_on", "replied_on", "rating"],
            ["2025-06-01", "来访", "qs-xfj", "6", "土地承包经营", "直接受理", "2025-06-02", "2025-07-01", "满意"],
            ["2025-06-02", "来信", "qs-xfj", "1", "0402", "", "", "", ""],
        ]))
        r = self.imp(path)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("导入 2 件", r.stdout)
        doc = json.loads(self.server.cli("report", "summary", "--db", self.server.db, "--org", "qs-xfj",
                                         "--year", "2025").stdout)
        self.assertEqual(doc["totals"], {"batches": 2, "persons": 7, "items": 2})
        self.assertEqual(doc["by_form"]["collective"], {"batches": 1, "persons": 6, "share": 85.7,
                                                          "previous": {"batches": 0, "persons": 0},
                                                          "yoy": doc["by_form"]["collective"]["yoy"]})
        # A row without 信访件编号 gets a number derived from its content: importing again adds nothing.
        r = self.imp(path)
        self.assertIn("导入 0 件，已存在未变 2 件", r.stdout)


def tiny_xlsx(rows):
    """A minimal workbook with inline strings (as some ledger tools write them)."""
    def col(i):
        return chr(65 + i)
    sheet_rows = "".join(
        f'<row r="{r + 1}">' + "".join(
            f'<c r="{col(c)}{r + 1}" t="inlineStr"><is><t>{v}</t></is></c>' for c, v in enumerate(row) if v != "")
        + "</row>" for r, row in enumerate(rows))
    buf = BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml",
                   '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                   '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                   '<Default Extension="xml" ContentType="application/xml"/>'
                   '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
                   '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
                   '</Types>')
        z.writestr("_rels/.rels",
                   '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                   '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
                   '</Relationships>')
        z.writestr("xl/workbook.xml",
                   '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
                   'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
                   '<sheet name="台账" sheetId="1" r:id="rId1"/></sheets></workbook>')
        z.writestr("xl/_rels/workbook.xml.rels",
                   '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                   '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
                   '</Relationships>')
        z.writestr("xl/worksheets/sheet1.xml",
                   '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                   f'<sheetData>{sheet_rows}</sheetData></worksheet>')
    return buf.getvalue()


if __name__ == "__main__":
    unittest.main()
