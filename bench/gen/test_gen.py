"""Tests of bench/gen (issue #10): the generator is deterministic, --chunk K alone writes the full run's chunk K,
the manifest counts what the CSV holds, the org tree has the province's shape, and `xinfang petition import`
accepts every row (dry run of every chunk, a real import of one into a fresh SQLite database).

  python3 -m unittest -v test_gen                      # from bench/gen; XINFANG_BIN=… names the binary
  ctest -R gen_test                                    # registered in tests/CMakeLists.txt

Standard library only. Without XINFANG_BIN and without ../../build/src/xinfang the import test is skipped."""
import csv
import glob
import json
import os
import re
import sqlite3
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
GEN = os.path.join(HERE, "xf_gen.py")
BIN = os.environ.get("XINFANG_BIN", os.path.join(HERE, "..", "..", "build", "src", "xinfang"))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.dirname(HERE))

import vocab  # noqa: E402
from gen_ledger import HEADER, ID_CHECK, ID_WEIGHTS  # noqa: E402

CASES, CHUNK_ROWS, SEED = 6000, 2000, 11
ARGS = ["--cases", str(CASES), "--years", "2016-2025", "--seed", str(SEED), "--chunk-rows", str(CHUNK_ROWS)]
COL = {name: k for k, name in enumerate(HEADER)}


def generate(out_dir, *extra):
    subprocess.run([sys.executable, GEN, *ARGS, "--out-dir", out_dir, "--quiet", *extra], check=True)


def read_bytes(path):
    with open(path, "rb") as f:
        return f.read()


def read_rows(path):
    with open(path, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    assert rows[0] == HEADER, rows[0]
    return rows[1:]


def year_of(received):
    return int(re.match(r"(\d{4})", received).group(1))


def org_regions(path):
    with open(path, encoding="utf-8") as f:
        return {line.split("\t")[0]: line.split("\t")[5] for line in f.read().splitlines()[1:]}


def recount(rows, orgs_region):
    """The manifest's counts, recomputed from CSV rows alone (问题属地 defaults to the registering org's region)."""
    c = {"rows": len(rows), "persons": 0, "channels": {}, "years": {}, "counties": {}, "collective_visits": 0,
         "repeats": 0, "repeats_linked": 0, "skipped_level": 0, "open": 0}
    for r in rows:
        persons = int(r[COL["人数"]] or 1)
        channel = r[COL["信访形式"]]
        c["persons"] += persons
        c["channels"][channel] = c["channels"].get(channel, 0) + 1
        y = str(year_of(r[COL["登记日期"]]))
        c["years"][y] = c["years"].get(y, 0) + 1
        county = (r[COL["问题属地"]] or orgs_region[r[COL["登记单位"]]])[:6]
        c["counties"][county] = c["counties"].get(county, 0) + 1
        if channel == "来访" and persons >= 5:
            c["collective_visits"] += 1
        if r[COL["是否重复"]] == "是" or r[COL["重复信访件编号"]]:
            c["repeats"] += 1
        if r[COL["重复信访件编号"]]:
            c["repeats_linked"] += 1
        if r[COL["是否越级"]] == "是":
            c["skipped_level"] += 1
        route = r[COL["办理方式"]]
        if route in ("", "转送", "交办", "直接受理") and not r[COL["答复日期"]]:
            c["open"] += 1
    return c


class TestGen(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory(prefix="xf_gen_test_")
        cls.full = os.path.join(cls.tmp.name, "full")
        cls.again = os.path.join(cls.tmp.name, "again")
        cls.one = os.path.join(cls.tmp.name, "one")
        generate(cls.full)
        generate(cls.again)
        generate(cls.one, "--chunk", "2")
        with open(os.path.join(cls.full, "manifest.json"), encoding="utf-8") as f:
            cls.manifest = json.load(f)
        cls.chunks = sorted(glob.glob(os.path.join(cls.full, "cases_*.csv")))
        cls.rows = [read_rows(p) for p in cls.chunks]
        cls.regions = org_regions(os.path.join(cls.full, "orgs.tsv"))

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    # (a) determinism

    def test_two_runs_are_byte_identical(self):
        names = sorted(os.listdir(self.full))
        self.assertEqual(names, sorted(os.listdir(self.again)))
        self.assertEqual(["cases_0001.csv", "cases_0002.csv", "cases_0003.csv"],
                         [os.path.basename(p) for p in self.chunks])
        for name in names:
            self.assertEqual(read_bytes(os.path.join(self.full, name)), read_bytes(os.path.join(self.again, name)),
                             name)

    def test_one_chunk_alone_equals_the_full_runs_chunk(self):
        self.assertEqual(sorted(os.listdir(self.one)), ["cases_0002.csv", "manifest_0002.json", "orgs.tsv",
                                                        "probes.json"])
        for name in ("cases_0002.csv", "orgs.tsv", "probes.json"):
            self.assertEqual(read_bytes(os.path.join(self.full, name)), read_bytes(os.path.join(self.one, name)),
                             name)
        with open(os.path.join(self.one, "manifest_0002.json"), encoding="utf-8") as f:
            alone = json.load(f)
        self.assertEqual(alone["chunks"], [self.manifest["chunks"][1]])

    def test_another_seed_gives_another_corpus(self):
        other = os.path.join(self.tmp.name, "other")
        subprocess.run([sys.executable, GEN, "--cases", "300", "--seed", str(SEED + 1), "--chunk-rows", "300",
                        "--out-dir", other, "--quiet"], check=True)
        mine = read_rows(self.chunks[0])[:300]
        self.assertNotEqual([r[COL["内容"]] for r in read_rows(os.path.join(other, "cases_0001.csv"))],
                            [r[COL["内容"]] for r in mine])

    # (c) manifest and CSV agree; the org tree

    def test_manifest_counts_match_the_csv(self):
        keys = ["rows", "persons", "channels", "years", "counties", "collective_visits", "repeats",
                "repeats_linked", "skipped_level", "open"]
        for entry, rows in zip(self.manifest["chunks"], self.rows):
            got = recount(rows, self.regions)
            for k in keys:
                self.assertEqual(entry[k], got[k], f"chunk {entry['chunk']}: {k}")
            self.assertEqual(entry["first_number"], rows[0][0])
            self.assertEqual(entry["last_number"], rows[-1][0])
            self.assertEqual(entry["bytes"], os.path.getsize(os.path.join(self.full, entry["file"])))
        total = recount([r for rows in self.rows for r in rows], self.regions)
        for k in keys:
            self.assertEqual(self.manifest["totals"][k], total[k], k)
        self.assertEqual(CASES, self.manifest["totals"]["rows"])
        self.assertEqual(CASES, sum(self.manifest["totals"]["routes"].values()))

    def test_org_tree_has_the_shape_of_a_province(self):
        with open(os.path.join(self.full, "orgs.tsv"), encoding="utf-8") as f:
            lines = [line.split("\t") for line in f.read().splitlines()]
        self.assertEqual(["code", "parent_code", "name", "level", "kind", "region_code"], lines[0])
        orgs = lines[1:]
        codes = [o[0] for o in orgs]
        self.assertEqual(len(codes), len(set(codes)))
        seen = set()
        for code, parent, _name, level, kind, region in orgs:
            self.assertTrue(not parent or parent in seen, f"{code}: parent {parent} after it")
            seen.add(code)
            self.assertRegex(region, r"^99(\d{4}|\d{7})$")
        counties = [o for o in orgs if o[3] == "county" and o[4] == "petition_office"]
        townships = [o for o in orgs if o[3] == "township"]
        cities = [o for o in orgs if o[3] == "city" and o[4] == "petition_office"]
        self.assertTrue(90 <= len(counties) <= 110, len(counties))
        self.assertTrue(1400 <= len(townships) <= 1600, len(townships))
        self.assertTrue(10 <= len(cities) <= 20, len(cities))
        self.assertNotIn("991000", {o[5] for o in orgs})  # the demo's 安平市

    def test_rows_are_well_formed(self):
        numbers = set()
        for rows in self.rows:
            for r in rows:
                self.assertEqual(len(HEADER), len(r))
                self.assertNotIn(r[0], numbers)
                if r[COL["重复信访件编号"]]:
                    # Repeats point only to earlier rows (earlier chunks are imported first).
                    self.assertIn(r[COL["重复信访件编号"]], numbers, r[0])
                numbers.add(r[0])
                idno = r[COL["证件号码"]]
                if idno:
                    self.assertRegex(idno, r"^99\d{15}[\dX]$")
                    s = sum(int(ch) * w for ch, w in zip(idno[:17], ID_WEIGHTS))
                    self.assertEqual(ID_CHECK[s % 11], idno[17], idno)
                self.assertRegex(r[COL["问题属地"]], r"^(|99\d{4}|99\d{7})$")
                self.assertTrue(100 <= len(r[COL["内容"]]) <= 400, len(r[COL["内容"]]))
        dates = [r[COL["登记日期"]] for rows in self.rows for r in rows]
        self.assertEqual(2016, year_of(dates[0]))
        self.assertEqual(2025, year_of(dates[-1]))

    def test_distributions_are_in_range(self):
        t = self.manifest["totals"]
        visits = t["channels"]["来访"]
        self.assertTrue(0.03 <= t["collective_visits"] / visits <= 0.09, t["collective_visits"] / visits)
        self.assertTrue(0.07 <= t["repeats"] / CASES <= 0.12, t["repeats"])
        by_year = [r for r in self.rows[0] if year_of(r[COL["登记日期"]]) == 2016]
        late = [r for r in self.rows[-1] if year_of(r[COL["登记日期"]]) == 2025]
        share = lambda rows: sum(r[COL["信访形式"]] == "网上信访" for r in rows) / len(rows)  # noqa: E731
        self.assertLess(share(by_year), 0.2)
        self.assertGreater(share(late), 0.35)
        self.assertGreater(t["years"]["2025"], t["years"]["2016"])

    def test_probes(self):
        with open(os.path.join(self.full, "probes.json"), encoding="utf-8") as f:
            p = json.load(f)
        self.assertEqual(100, len(p["terms_2"]))
        self.assertEqual(100, len(p["terms_4"]))
        self.assertTrue(all(len(t) == 2 for t in p["terms_2"]) and all(len(t) == 4 for t in p["terms_4"]))
        text = [r[COL["标题"]] + "\n" + r[COL["内容"]] for rows in self.rows for r in rows]
        blob = "\n".join(text)
        for t in p["terms_2"] + p["terms_4"]:
            self.assertIn(t, blob)
        counts = sorted(sum(t in x for x in text) for t in p["terms_2"])
        self.assertGreater(counts[-1], 20 * max(counts[0], 1))  # frequent and rare terms both
        by_number = {r[0]: r for rows in self.rows for r in rows}
        self.assertEqual(200, len(p["cases"]))
        for c in p["cases"]:
            self.assertIn(c["number"], by_number)
        self.assertEqual(200, len(p["repeat_drafts"]))
        with_id = 0
        for d in p["repeat_drafts"]:
            row = by_number[d["repeats"]]
            body = d["body"]
            self.assertNotEqual(row[COL["内容"]], body["content"])
            self.assertEqual(len(row[COL["内容"]]), len(body["content"]))
            same = sum(a == b for a, b in zip(row[COL["内容"]], body["content"]))
            self.assertGreaterEqual(same, len(body["content"]) - 8)
            if row[COL["证件号码"]]:
                self.assertEqual(row[COL["证件号码"]], body["petitioners"][0]["id_number"])
                with_id += 1
        self.assertGreater(with_id, 50)
        self.assertTrue(90 <= len(p["counties"]) <= 110)
        self.assertAlmostEqual(1.0, sum(c["share"] for c in p["counties"]), places=2)

    def test_vocabulary_keywords_occur_in_their_topics(self):
        for code, _w, _who, kw, titles, facts, reqs in vocab.TOPICS:
            text = titles + facts + reqs
            for word in kw.split():
                self.assertIn(len(word), (2, 4), word)
                self.assertIn(word, text, f"{code}: {word}")
            for ch in ',"\r':
                self.assertNotIn(ch, text, code)

    # (b) the importer accepts every row

    def test_import(self):
        if not os.access(BIN, os.X_OK):
            if "XINFANG_BIN" in os.environ:
                self.fail(f"XINFANG_BIN={BIN} is not an executable")
            self.skipTest(f"no xinfang binary at {BIN} (set XINFANG_BIN)")
        work = tempfile.mkdtemp(prefix="db_", dir=self.tmp.name)
        db = "sqlite:" + os.path.join(work, "xf.db")

        def run(*args):
            p = subprocess.run([BIN, *args], cwd=work, capture_output=True, text=True, timeout=600)
            self.assertEqual(0, p.returncode, f"{args}: {p.stdout}{p.stderr}")
            return p.stdout + p.stderr

        run("migrate", "--db", db)
        out = run("org", "import", "--db", db, os.path.join(self.full, "orgs.tsv"))
        self.assertIn(f"已导入 {self.manifest['ledger']['orgs']} 个单位", out)
        report = re.compile(r"(\d+) 行，(?:导入|检查通过（未写入）)\s*(\d+) 件，已存在未变 (\d+) 件，拒绝 (\d+) 行")
        for path, entry in zip(self.chunks, self.manifest["chunks"]):
            m = report.search(run("petition", "import", "--db", db, "--dry-run", path))
            self.assertIsNotNone(m, path)
            self.assertEqual((entry["rows"], entry["rows"], 0, 0), tuple(int(x) for x in m.groups()), path)
        m = report.search(run("petition", "import", "--db", db, self.chunks[0]))
        first = self.manifest["chunks"][0]
        self.assertEqual((first["rows"], first["rows"], 0, 0), tuple(int(x) for x in m.groups()))
        con = sqlite3.connect(os.path.join(work, "xf.db"))
        try:
            n, open_cases = con.execute("SELECT count(*), sum(is_open) FROM petitions").fetchone()
            self.assertEqual(CHUNK_ROWS, n)
            self.assertEqual(first["open"], open_cases)
            linked = con.execute("SELECT count(*) FROM petitions WHERE json_extract(doc, '$.repeat_of') IS NOT NULL"
                                 ).fetchone()[0]
            self.assertEqual(first["repeats_linked"], linked)  # every repeat found its earlier case
        finally:
            con.close()


if __name__ == "__main__":
    unittest.main()
