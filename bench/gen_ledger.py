#!/usr/bin/env python3
"""Synthetic historical ledgers (信访台账) for the statistics and import benchmarks (issue #4).

Writes, into --out-dir:

  orgs.tsv          the org tree of a fictional province (region codes 99xxxx, no real place): the province
                    petition office and a few provincial departments, 8 cities (petition office + departments), 7-10
                    counties per city (petition office, 2 departments, 2 townships each) — about 370 orgs. Load with
                    `xinfang org import --db URL orgs.tsv`. The tree does not depend on --seed.
  ledger.csv        N ledger rows with the Chinese header row of `xinfang petition import` (src/app/import.cpp), or
  ledger_001.csv …  with --chunk-rows, several files of at most that many rows (信访件编号 unique across them,
                    so they can be imported one after the other into the same database).

Rows are spread over --years (every day, fewer on weekends) and over all orgs (mostly county offices), with mixes
close to a real county ledger: channels (≈25% 来信, 40% 来访 of which ≈5% 集体访 of 5-60 persons, 15% 网上信访, the
rest 电话/12345转入/领导信箱/上级交办/传真), purposes, 内容分类 from config/categories.tsv, routes (mostly 转送/交办/
直接受理, 受理日期 1-7 days after 登记日期, 答复日期 20-80 days after that), outcomes, ratings, 是否化解, ≈8% repeats
(half pointing at an earlier 信访件编号), ≈3% 越级, a few open cases in the last months, valid 18-digit ID numbers
(correct check digit) for about half of the named petitioners and mobile numbers for most. Every row is valid, so a
plain import (without --skip-invalid) must accept all of them. Deterministic for a given --seed and options.

Python 3 standard library only.

  python3 bench/gen_ledger.py --rows 100000 --years 2021-2025 --out-dir /tmp/ledger
  python3 bench/gen_ledger.py --rows 1000000 --chunk-rows 200000 --out-dir /tmp/prov --encoding gb18030
"""

import argparse
import bisect
import csv
import datetime as dt
import os
import random
import sys

HEADER = [
    "信访件编号", "登记日期", "信访形式", "人数", "信访人", "证件号码", "联系电话", "问题属地", "内容分类", "信访目的",
    "登记单位", "是否重复", "重复信访件编号", "是否越级", "办理方式", "责任单位", "受理日期", "答复日期", "办理结果",
    "是否化解", "满意度", "标题", "内容",
]

CITY_NAMES = ["安平", "临川", "枫桥", "望海", "白鹭", "长宁", "青溪", "云台"]
COUNTY_NAMES = [
    "青山", "河西", "东湖", "南岭", "北塘", "石门", "柳江", "桃源", "凤鸣", "金沙",
    "龙泉", "松阳", "平湖", "清河", "雁山", "梅岭", "双桥", "永丰", "宁远", "兴隆",
]
TOWNSHIP_NAMES = ["城关街道", "红星镇", "白水乡", "双河镇", "新安镇", "柳林乡"]
PROVINCE_DEPTS = [("rst", "人力资源和社会保障厅", "department"), ("zrt", "自然资源厅", "department"),
                  ("zjt", "住房和城乡建设厅", "department"), ("gat", "公安厅", "political_legal")]
CITY_DEPTS = [("rsj", "人力资源和社会保障局", "department"), ("zjj", "住房和城乡建设局", "department"),
              ("zrj", "自然资源局", "department"), ("gaj", "公安局", "political_legal")]
COUNTY_DEPTS = [("rsj", "人力资源和社会保障局", "department"), ("zjj", "住房和城乡建设局", "department"),
                ("jyj", "教育局", "department"), ("zrj", "自然资源局", "department")]

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国建华志强海燕玉兰红梅春花德福永清金凤文"

CHANNELS = [("来信", 25), ("来访", 40), ("网上信访", 15), ("电话", 6), ("12345转入", 6), ("领导信箱", 4),
            ("上级交办", 3), ("传真", 1)]
PURPOSES = [("申诉求决", 75), ("检举控告", 15), ("建议意见", 10)]
ROUTES = [("转送", 34), ("交办", 20), ("直接受理", 25), ("当场答复", 8), ("不予受理", 4), ("转政法", 3),
          ("转纪检监察", 2), ("存", 4)]
OUTCOMES = [("解释说明", 45), ("予以支持", 25), ("不予支持", 20), ("调解", 10)]
RATINGS = [("满意", 50), ("基本满意", 25), ("不满意", 8), ("未评价", 17)]

ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
ID_CHECK = "10X98765432"

PHRASES = [
    "反映其所在单位长期拖欠工资，多次讨要未果，请求有关部门督促支付",
    "反映村里土地承包经营权调整不公，本户承包地被他人占用",
    "反映小区物业服务质量差、收费不透明，业主多次投诉无人处理",
    "反映征地补偿款未足额发放，要求依法补偿并公开补偿标准",
    "反映子女入学遇到困难，请求协调就近入学",
    "反映医疗费用报销比例与政策规定不符，请求复核",
    "反映道路施工噪音扰民，夜间施工影响休息",
    "反映房屋征收安置房迟迟不能交付，请求明确交付时间",
    "检举某村干部在低保评定中优亲厚友",
    "建议在村口增设路灯和减速带，保障村民出行安全",
    "反映养老保险缴费年限认定有误，要求更正",
    "反映邻里宅基地界址纠纷，村委会调解未果",
    "反映企业排放废气污染周边环境，请求查处",
    "反映购买的商品房存在质量问题，开发商拒绝维修",
    "反映工伤认定久拖不决，请求尽快作出认定",
]
TAILS = ["。", "，望领导重视。", "，请求依法处理。", "，已向有关部门反映过但未解决。", "，情况属实，恳请帮助解决。"]


def weighted(rng, table):
    total = sum(w for _, w in table)
    x = rng.random() * total
    for v, w in table:
        x -= w
        if x < 0:
            return v
    return table[-1][0]


def id_number(rng, region):
    """A valid 18-digit 居民身份证号码: region (6 digits), birth date, sequence, GB 11643 check digit."""
    birth = dt.date(1940, 1, 1) + dt.timedelta(days=rng.randrange(0, 365 * 65))
    body = f"{region}{birth:%Y%m%d}{rng.randrange(0, 1000):03d}"
    total = sum(int(c) * w for c, w in zip(body, ID_WEIGHTS))
    return body + ID_CHECK[total % 11]


def build_orgs():
    """The fictional province's org tree (fixed; not affected by --seed)."""
    rng = random.Random(20210101)
    orgs = []  # dicts: code, parent, name, level, kind, region, role

    def add(code, parent, name, level, kind, region, role, county=None):
        orgs.append(dict(code=code, parent=parent, name=name, level=level, kind=kind, region=region, role=role,
                         county=county))

    add("990000-xfj", "", "海澜省信访局", "province", "petition_office", "990000", "province")
    for suffix, name, kind in PROVINCE_DEPTS:
        add(f"990000-{suffix}", "990000-xfj", "海澜省" + name, "province", kind, "990000", "province_dept")
    counties = iter(COUNTY_NAMES * 8)
    for ci, city in enumerate(CITY_NAMES, start=1):
        cregion = f"99{ci:02d}00"
        ccode = f"{cregion}-xfj"
        add(ccode, "990000-xfj", f"{city}市信访局", "city", "petition_office", cregion, "city")
        for suffix, name, kind in CITY_DEPTS[:3]:
            add(f"{cregion}-{suffix}", ccode, f"{city}市{name}", "city", kind, cregion, "city_dept")
        n_counties = 7 + rng.randrange(4)  # 7-10
        for k in range(1, n_counties + 1):
            region = f"99{ci:02d}{k:02d}"
            county = next(counties) + ("县" if k % 3 else "区")
            code = f"{region}-xfj"
            add(code, ccode, f"{city}市{county}信访局", "county", "petition_office", region, "county", region)
            for suffix, name, kind in rng.sample(COUNTY_DEPTS, 2):
                add(f"{region}-{suffix}", code, f"{city}市{county}{name}", "county", kind, region, "county_dept",
                    region)
            for t, town in enumerate(rng.sample(TOWNSHIP_NAMES, 2), start=1):
                add(f"{region}-t{t:02d}", code, f"{city}市{county}{town}", "township",
                    "party_government", f"{region}{t:03d}", "township", region)
    return orgs


def load_categories(path):
    """Second-level codes and names of config/categories.tsv, with a skewed weight (the first ones commoner)."""
    cats = []
    try:
        with open(path, encoding="utf-8") as f:
            for line in f:
                line = line.rstrip("\r\n")
                if not line or line.startswith("#"):
                    continue
                cols = line.split("\t")
                if cols[0] == "code" or len(cols) < 3:
                    continue
                if len(cols[0]) == 4:
                    cats.append((cols[0], cols[2]))
    except OSError:
        pass
    if not cats:
        sys.exit(f"gen_ledger.py: no second-level categories in {path}")
    rng = random.Random(7)
    return [(c, 1 + rng.randrange(10)) for c in cats]


def parse_years(s):
    a, _, b = s.partition("-")
    a, b = int(a), int(b or a)
    if a > b:
        sys.exit("--years: first year after last")
    return a, b


def write_orgs(orgs, out_dir):
    path = os.path.join(out_dir, "orgs.tsv")
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write("code\tparent_code\tname\tlevel\tkind\tregion_code\n")
        for o in orgs:
            f.write(f"{o['code']}\t{o['parent']}\t{o['name']}\t{o['level']}\t{o['kind']}\t{o['region']}\n")
    return path


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rows", type=int, default=100000, help="ledger rows (default 100000)")
    ap.add_argument("--years", default="2021-2025", help="registration years, e.g. 2021-2025 or 2024")
    ap.add_argument("--out-dir", default=".", help="where to write orgs.tsv and the ledger file(s)")
    ap.add_argument("--encoding", choices=["utf-8", "gb18030"], default="utf-8",
                    help="ledger encoding (utf-8 is written with a BOM, as Excel does)")
    ap.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    ap.add_argument("--chunk-rows", type=int, default=0,
                    help="split the ledger into ledger_001.csv, ledger_002.csv, ... of at most this many rows")
    ap.add_argument("--org", action="append", default=[],
                    help="register every row at this org code (repeatable); default: all orgs, mostly counties")
    ap.add_argument("--under", default="",
                    help="register rows only at this org and the orgs below it (e.g. 990101-xfj: one county's ledger)")
    ap.add_argument("--categories", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "config",
                                                         "categories.tsv"),
                    help="the category table to draw 内容分类 codes from (default: config/categories.tsv)")
    ap.add_argument("--orgs-only", action="store_true", help="write orgs.tsv only")
    args = ap.parse_args()

    os.makedirs(args.out_dir, exist_ok=True)
    orgs = build_orgs()
    write_orgs(orgs, args.out_dir)
    if args.orgs_only:
        print(f"{len(orgs)} orgs -> {os.path.join(args.out_dir, 'orgs.tsv')}", file=sys.stderr)
        return

    by_code = {o["code"]: o for o in orgs}
    for c in args.org:
        if c not in by_code:
            sys.exit(f"--org {c}: no such org in the generated tree")
    cats = load_categories(args.categories)
    cat_names = dict(c for c, _ in cats)
    cat_table = [(c[0], w) for c, w in cats]

    first_year, last_year = parse_years(args.years)
    today = dt.date.today()
    start = dt.date(first_year, 1, 1)
    end = min(dt.date(last_year, 12, 31), today - dt.timedelta(days=1))
    if end < start:
        sys.exit("--years lies in the future")
    n_days = (end - start).days + 1
    # Fewer registrations on weekends: pick days by weight.
    day_weights = []
    acc = 0.0
    for i in range(n_days):
        d = start + dt.timedelta(days=i)
        acc += 0.25 if d.weekday() >= 5 else 1.0
        day_weights.append(acc)

    # Where rows are registered: county offices most, then townships, departments, cities, the province.
    if args.under and args.under not in by_code:
        sys.exit(f"--under {args.under}: no such org in the generated tree")

    def below(o):
        while o:
            if o["code"] == args.under:
                return True
            o = by_code.get(o["parent"])
        return False

    pools = {}
    for o in orgs:
        if not args.under or below(o):
            pools.setdefault(o["role"], []).append(o)
    all_counties = [o for o in orgs if o["role"] == "county"]
    reg_roles = [(role, w) for role, w in [("county", 58), ("township", 14), ("county_dept", 10), ("city", 10),
                                            ("city_dept", 3), ("province", 4), ("province_dept", 1)] if role in pools]
    children = {}
    for o in orgs:
        if o["parent"]:
            children.setdefault(o["parent"], []).append(o)

    rng = random.Random(args.seed)
    # Sorted registration days so that numbers grow with time and repeats point backwards.
    days = sorted(bisect.bisect_left(day_weights, rng.random() * acc) for _ in range(args.rows))

    recent_cut = end - dt.timedelta(days=100)
    seq_by_region_year = {}
    recent_numbers = []  # numbers of earlier rows, for 重复信访件编号
    enc = args.encoding
    chunk = args.chunk_rows if args.chunk_rows > 0 else args.rows or 1
    files = []
    out = None
    writer = None
    stats = {"collective": 0, "open": 0, "with_id": 0, "repeat": 0}

    def open_chunk(k):
        name = "ledger.csv" if args.chunk_rows <= 0 else f"ledger_{k:03d}.csv"
        path = os.path.join(args.out_dir, name)
        f = open(path, "w", encoding="utf-8-sig" if enc == "utf-8" else "gb18030", newline="")
        w = csv.writer(f, lineterminator="\r\n")
        w.writerow(HEADER)
        files.append(path)
        return f, w

    for i in range(args.rows):
        if i % chunk == 0:
            if out:
                out.close()
            out, writer = open_chunk(i // chunk + 1)
        received = start + dt.timedelta(days=days[i])
        if args.org:
            org = by_code[args.org[rng.randrange(len(args.org))]]
        else:
            pool = pools[weighted(rng, reg_roles)]
            org = pool[rng.randrange(len(pool))]
        region6 = org["region"][:6]
        year = received.year
        key = (region6, year)
        seq_by_region_year[key] = seq_by_region_year.get(key, 0) + 1
        number = f"XF{region6}{year}{seq_by_region_year[key]:06d}"

        channel = weighted(rng, CHANNELS)
        persons = 1
        if channel == "来访":
            if rng.random() < 0.05:
                persons = rng.randint(5, 60)
                stats["collective"] += 1
            else:
                persons = weighted(rng, [(1, 80), (2, 12), (3, 6), (4, 2)])
        elif channel == "来信" and rng.random() < 0.05:
            persons = rng.randint(2, 4)
        purpose = weighted(rng, PURPOSES)
        category = weighted(rng, cat_table) if rng.random() < 0.98 else ""

        anonymous = channel in ("来信", "网上信访", "领导信箱") and rng.random() < 0.06
        name = idno = phone = ""
        if not anonymous:
            name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))
            if persons > 1 and rng.random() < 0.5:
                name += "等"
            if rng.random() < 0.5:
                idno = id_number(rng, region6)
                if rng.random() < 0.02:
                    idno = idno[:-1] + idno[-1].lower()  # a lower-case x where there is one
                stats["with_id"] += 1
            if rng.random() < 0.8:
                phone = f"1{rng.choice('3456789')}{rng.randrange(0, 10**9):09d}"

        # 问题属地: the org's own region mostly; sometimes left empty (defaults to the org's) or another county.
        r = rng.random()
        if r < 0.15:
            region = ""
        elif r < 0.22 and org["county"]:
            region = all_counties[rng.randrange(len(all_counties))]["region"]
        else:
            region = org["region"]

        is_repeat = ""
        repeat_of = ""
        if rng.random() < 0.08 and recent_numbers:
            stats["repeat"] += 1
            if rng.random() < 0.5:
                repeat_of = recent_numbers[rng.randrange(len(recent_numbers))]
            else:
                is_repeat = "是"
        else:
            is_repeat = "否" if rng.random() < 0.7 else ""
        skipped = "是" if rng.random() < 0.03 else ("否" if rng.random() < 0.5 else "")

        route = weighted(rng, ROUTES)
        handler = ""
        accepted = replied = outcome = resolved = rating = ""
        open_case = received > recent_cut and rng.random() < 0.35
        if received > end - dt.timedelta(days=10) and rng.random() < 0.3:
            route = ""  # still 待分流
        if route in ("转送", "交办"):
            kids = children.get(org["code"], [])
            if kids:
                handler = kids[rng.randrange(len(kids))]["code"]
        if route in ("转送", "交办", "直接受理"):
            acc_day = received + dt.timedelta(days=rng.randint(1, 7))
            if acc_day > end:
                acc_day = end if end >= received else received
            if not (open_case and route != "直接受理" and rng.random() < 0.3):
                accepted = acc_day.isoformat()
            if accepted and not open_case and rng.random() < 0.97:
                rep = acc_day + dt.timedelta(days=rng.randint(20, 80))
                if rep < today:
                    replied = rep.isoformat()
        elif route == "当场答复":
            replied = received.isoformat() if rng.random() < 0.7 else ""
        elif route:  # 不予受理/转政法/转纪检监察/存: closed on routing
            if rng.random() < 0.7:
                accepted = (received + dt.timedelta(days=rng.randint(0, 5))).isoformat()
                if accepted > end.isoformat():
                    accepted = received.isoformat()
        if replied or route == "当场答复":
            outcome = weighted(rng, OUTCOMES) if rng.random() < 0.9 else ""
            rating = weighted(rng, RATINGS) if rng.random() < 0.9 else ""
            if rng.random() < 0.6:
                good = outcome in ("予以支持", "调解") or rating in ("满意", "基本满意")
                resolved = "是" if good else "否"
        if route and route not in ("不予受理", "转政法", "转纪检监察", "存") and not replied and route != "当场答复":
            stats["open"] += 1

        cname = cat_names.get(category, "")
        title = f"{cname}问题" if cname and rng.random() < 0.8 else ""
        content = rng.choice(PHRASES) + rng.choice(TAILS)
        if rng.random() < 0.5:
            content += rng.choice(PHRASES) + "。"

        writer.writerow([
            number, received.isoformat() if rng.random() < 0.9 else f"{received.year}/{received.month}/{received.day}",
            channel, persons if (persons > 1 or rng.random() < 0.7) else "", name, idno, phone, region, category,
            purpose, org["code"], is_repeat, repeat_of, skipped, route, handler, accepted, replied, outcome,
            resolved, rating, title, content,
        ])
        if rng.random() < 0.05:
            if len(recent_numbers) < 2000:
                recent_numbers.append(number)
            else:
                recent_numbers[rng.randrange(2000)] = number
    if out:
        out.close()
    print(f"{len(orgs)} orgs; {args.rows} rows {start}..{end} in {len(files)} file(s) ({enc}); "
          f"collective {stats['collective']}, open {stats['open']}, with ID {stats['with_id']}, "
          f"repeats {stats['repeat']}", file=sys.stderr)
    for f in files:
        print(f)


if __name__ == "__main__":
    main()
