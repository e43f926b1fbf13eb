"""The fixed org tree of the fictional province 海澜省 (issue #10): province, 14 cities, 100 counties, 1,500 townships.

The tree does not depend on --seed: every corpus of every seed is loaded against the same orgs.tsv, so a benchmark
can reuse one database's orgs and compare runs. Region codes start with 99, which GB/T 2260 assigns to no region
(real province codes run 11-82), exactly as bench/gen_ledger.py and the demo do; the importer only checks that a
code has 6, 9 or 12 digits (ValidateRegionCode in src/domain/org.cpp). City number 10 is skipped because 991000 is
the demo's 安平市 (src/app/demo.cpp): a demo database and this corpus never share a region code.

Within a city, districts (区) take the numbers 02-19 and counties (县) 21-, as GB/T 2260 numbers them; within a
county, 街道 take 001-099, 镇 100-199 and 乡 200-299 (the 9-digit 乡级 code of GB/T 10114).
"""

import random

from gen_ledger import CITY_NAMES, COUNTY_NAMES  # the first names of gen_ledger's province, so the two feel alike

PROVINCE = "海澜省"
PROVINCE_REGION = "990000"
# Fourteen cities: gen_ledger's eight, then six more invented ones. Counties per city sum to exactly 100.
CITIES = list(CITY_NAMES) + ["瀚阳", "岚州", "沅川", "碧原", "金澜", "汀湖"]
COUNTIES_PER_CITY = [9, 8, 8, 7, 7, 7, 7, 7, 7, 7, 6, 7, 6, 7]
CITY_NUMBERS = [n for n in range(1, 16) if n != 10]  # 10 skipped: 991000 is the demo's 安平市
TOWNSHIPS_PER_COUNTY = 15
VILLAGES_PER_TOWNSHIP = 12

# Departments of every county and city (code suffix, name, kind), the orgs a petition office forwards to. The
# suffixes name the categories' competent departments in corpus.py (DEPT_OF_CATEGORY).
COUNTY_DEPTS = [
    ("rsj", "人力资源和社会保障局", "department"), ("zjj", "住房和城乡建设局", "department"),
    ("zrj", "自然资源局", "department"), ("nyj", "农业农村局", "department"), ("jyj", "教育局", "department"),
    ("wjj", "卫生健康局", "department"), ("mzj", "民政局", "department"), ("scj", "市场监督管理局", "department"),
    ("zfw", "政法委员会", "political_legal"), ("jw", "纪律检查委员会", "discipline"),
]
PROVINCE_DEPTS = [
    ("rsj", "人力资源和社会保障厅", "department"), ("zjj", "住房和城乡建设厅", "department"),
    ("zrj", "自然资源厅", "department"), ("nyj", "农业农村厅", "department"), ("jyj", "教育厅", "department"),
    ("wjj", "卫生健康委员会", "department"), ("mzj", "民政厅", "department"), ("scj", "市场监督管理局", "department"),
    ("zfw", "政法委员会", "political_legal"), ("jw", "纪律检查委员会", "discipline"),
]

# Name material. Two-character place names are drawn from these with a fixed generator, never from a list of
# real places; some combinations exist somewhere in China, which is harmless under a fictional province and codes.
_FIRST = "青河东南北石柳桃凤金龙松平清雁梅双永宁兴安临枫望白长云丰秀景嘉华瑞泰昌乐康丹碧翠紫玉银黎湘岚溪汀泉沙"
_SECOND = "山阳川源江城丘田林湖溪原台陵岭峰浦泽塘桥坪坝岗湾口河州"
_TOWN_FIRST = "红新双白柳大小上下前后高张李王刘陈杨黄马石龙凤金银东西南北中古太平安永兴长清"
_TOWN_SECOND = "星水河林桥山庄店铺集营屯寨坪坝湾口塘洲港岭场堡"
_STREETS = ["城关", "城东", "城西", "城南", "城北", "新华", "人民", "解放", "滨江", "文昌", "东关", "西关", "长青",
            "建设", "朝阳", "和平", "光明", "胜利", "中山", "府前"]
_VILLAGE_HEAD = "李张王刘陈杨黄赵周吴徐孙朱马胡郭何高林罗梁宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁沈"
_VILLAGE_TAIL = ["家", "庄", "湾", "坪", "岗", "寨", "屯", "营", "桥", "河", "沟", "店", "集", "堡", "圩"]
_COMMUNITIES = ["和平", "幸福", "光明", "建设", "东风", "新华", "民主", "团结", "育才", "滨河", "锦江", "花园",
                "向阳", "友谊", "春晖", "北苑", "南苑", "金桥", "翠竹", "文化", "振兴", "长安", "康宁", "丽景"]


def _place_names(rng, count, taken, first=_FIRST, second=_SECOND):
    out = []
    while len(out) < count:
        name = rng.choice(first) + rng.choice(second)
        if name[0] != name[1] and name not in taken:
            taken.add(name)
            out.append(name)
    return out


def build_tree():
    """Returns (orgs, counties, cities). orgs: dicts in parent-before-child order with the keys write_orgs (from
    gen_ledger.py) writes, plus 'role'. counties: dicts with the county's orgs, townships and villages. Fixed."""
    rng = random.Random(20260101)
    orgs = []

    def add(code, parent, name, level, kind, region, role):
        o = dict(code=code, parent=parent, name=name, level=level, kind=kind, region=region, role=role, index=len(orgs))
        orgs.append(o)
        return o

    taken = set(CITIES)
    county_names = [n for n in COUNTY_NAMES if n not in taken]
    taken.update(county_names)
    county_names += _place_names(rng, sum(COUNTIES_PER_CITY) - len(county_names), taken)
    rng.shuffle(county_names)

    prov = add("990000-xfj", "", PROVINCE + "信访局", "province", "petition_office", PROVINCE_REGION, "province")
    prov_depts = {s: add(f"990000-{s}", prov["code"], PROVINCE + n, "province", k, PROVINCE_REGION, "province_dept")
                  for s, n, k in PROVINCE_DEPTS}
    province = dict(office=prov, depts=prov_depts)
    cities, counties = [], []
    names = iter(county_names)
    for ci, (city, n_counties) in enumerate(zip(CITIES, COUNTIES_PER_CITY)):
        cregion = f"99{CITY_NUMBERS[ci]:02d}00"
        cname = city + "市"
        office = add(f"{cregion}-xfj", prov["code"], cname + "信访局", "city", "petition_office", cregion, "city")
        depts = {s: add(f"{cregion}-{s}", office["code"], cname + n, "city", k, cregion, "city_dept")
                 for s, n, k in COUNTY_DEPTS}
        city_rec = dict(index=ci, name=cname, region=cregion, office=office, depts=depts, counties=[])
        cities.append(city_rec)
        n_districts = 1 + rng.randrange(3)  # 1-3 urban districts, the rest counties
        for k in range(n_counties):
            district = k < n_districts
            number = 2 + k if district else 21 + (k - n_districts)
            region = f"{cregion[:4]}{number:02d}"
            name = next(names) + ("区" if district else "县")
            office = add(f"{region}-xfj", city_rec["office"]["code"], name + "信访局", "county", "petition_office",
                         region, "county")
            depts = {}
            for s, n, kind in COUNTY_DEPTS:
                full = ("中共" + name + n) if s in ("zfw", "jw") else name + n
                depts[s] = add(f"{region}-{s}", office["code"], full, "county", kind, region, "county_dept")
            towns = []
            ttaken = set()
            # Districts are mostly 街道, counties mostly 镇 and 乡: what the two kinds of county are made of.
            n_streets = 10 + rng.randrange(4) if district else 1 + rng.randrange(2)
            n_towns = TOWNSHIPS_PER_COUNTY - n_streets if district else 9 + rng.randrange(2)
            streets = rng.sample(_STREETS, n_streets)
            town_names = _place_names(rng, TOWNSHIPS_PER_COUNTY - n_streets, ttaken, _TOWN_FIRST, _TOWN_SECOND)
            seq = {"街道": 1, "镇": 100, "乡": 200}
            for t in range(TOWNSHIPS_PER_COUNTY):
                if t < n_streets:
                    tname, suffix = streets[t] + "街道", "街道"
                else:
                    suffix = "镇" if t < n_streets + n_towns else "乡"
                    tname = town_names[t - n_streets] + suffix
                tregion = f"{region}{seq[suffix]:03d}"
                seq[suffix] += 1
                torg = add(f"{tregion}-zf", office["code"],
                           name + tname + ("办事处" if suffix == "街道" else "人民政府"), "township",
                           "party_government", tregion, "township")
                if suffix == "街道":
                    villages = [c + "社区" for c in rng.sample(_COMMUNITIES, VILLAGES_PER_TOWNSHIP)]
                else:
                    villages, vt = [], set()
                    while len(villages) < VILLAGES_PER_TOWNSHIP:
                        v = rng.choice(_VILLAGE_HEAD) + rng.choice(_VILLAGE_TAIL) + "村"
                        if v not in vt:
                            vt.add(v)
                            villages.append(v)
                towns.append(dict(name=tname, region=tregion, org=torg, villages=villages, street=suffix == "街道"))
            county = dict(index=len(counties), name=name, region=region, district=district, city=city_rec,
                          office=office, depts=depts, towns=towns)
            counties.append(county)
            city_rec["counties"].append(county)
    return orgs, counties, cities, province
