"""The corpus model: which row is registered on which day, and every field of a row as a function of the seed and
the row's place, without state carried from earlier rows. README.md beside this file gives each distribution
with its reason.

Why: `xf_gen.py --chunk K` must write the same bytes as the full run's chunk K without generating chunks
1..K-1, and a repeat (重信重访) must carry the same person and nearly the same text as the earlier case it
points to, wherever that case lies. So
- the day of row i comes from a day table fixed by the seed (rows are laid over the days in time order);
- the case number is the province-wide running count of the year (the row's index within its year), so no
  counter of earlier rows is needed;
- every 7th row is an anchor (ANCHOR_STRIDE): it draws from its own generator seeded with (seed, row), so it can
  be regenerated anywhere in O(1). Repeats point only to anchors, and regenerate the target's identity (place,
  person, category, text), recursively when the target is itself a repeat;
- the other rows draw, in row order, from one generator per day seeded with (seed, day): a chunk that starts
  inside a day replays the day's earlier rows (Corpus.rows). Seeding a generator costs 7 µs, a sixth of a row.
"""

import _random
import datetime as dt
import random
from bisect import bisect, bisect_right
from itertools import accumulate
from math import exp, log

import vocab
from gen_ledger import GIVEN, ID_CHECK, ID_WEIGHTS, SURNAMES, load_categories
from orgtree import build_tree

# 春节 (lunar new year's day) of each year; outside the table the festival is put on 5 February.
SPRING_FESTIVAL = {
    2010: (2, 14), 2011: (2, 3), 2012: (1, 23), 2013: (2, 10), 2014: (1, 31), 2015: (2, 19), 2016: (2, 8),
    2017: (1, 28), 2018: (2, 16), 2019: (2, 5), 2020: (1, 25), 2021: (2, 12), 2022: (2, 1), 2023: (1, 22),
    2024: (2, 10), 2025: (1, 29), 2026: (2, 17), 2027: (2, 6), 2028: (1, 26), 2029: (2, 13), 2030: (2, 3),
}
# Fixed-date public holidays (元旦, 清明 ≈ 4-6 April, 劳动节, 国庆): offices closed, registrations fall to
# what comes in online. 端午 and 中秋 move with the moon and are one day each: left out.
FIXED_HOLIDAYS = {(1, 1)} | {(4, d) for d in (4, 5, 6)} | {(5, d) for d in range(1, 6)} | \
    {(10, d) for d in range(1, 8)}
DOW = [1.15, 1.0, 1.0, 1.0, 0.92, 0.22, 0.17]  # Mon..Sun: Monday carries the weekend's backlog
MONTH = {1: 1.05, 7: 0.95, 8: 0.95, 12: 1.08}

CHANNELS = ["来信", "来访", "网上信访", "电话", "12345转入", "领导信箱", "上级交办", "传真"]
LETTER, VISIT, ONLINE, PHONE, HOTLINE, MAILBOX, HIGHER, FAX = range(8)
# Channel mix at the first and at the last year of the range (per cent), interpolated in between: 网上信访 grows
# from ~10% to ~45% while letters fall, as the national online petition system took over (国家信访局 reports).
CHANNEL_START = [34, 38, 10, 5, 3, 5, 4, 1]
CHANNEL_END = [11, 25, 45, 5, 6, 5, 2.5, 0.5]
# On closed days (weekends, holidays) no letter is opened and only the duty reception takes visits.
CHANNEL_CLOSED = [0.05, 0.15, 1.0, 0.5, 1.0, 1.0, 0.1, 0.2]

# Where a fresh petition is registered, per channel: county office, township, county department, city office,
# city department, province office, province department (weights).
L_COUNTY, L_TOWN, L_CDEPT, L_CITY, L_CITYDEPT, L_PROV, L_PROVDEPT = range(7)
LEVEL_BY_CHANNEL = {
    LETTER: [50, 8, 12, 15, 3, 10, 2], VISIT: [55, 22, 8, 9, 1, 4.5, 0.5], ONLINE: [55, 10, 15, 12, 3, 4, 1],
    PHONE: [60, 15, 15, 8, 0, 2, 0], HOTLINE: [55, 20, 20, 5, 0, 0, 0], MAILBOX: [40, 0, 0, 35, 0, 25, 0],
    HIGHER: [70, 5, 0, 25, 0, 0, 0], FAX: [60, 0, 0, 30, 0, 10, 0],
}
ANONYMOUS = [0.08, 0.0, 0.03, 0.06, 0.04, 0.05, 0.02, 0.10]
WITH_ID = [0.30, 0.85, 0.85, 0.20, 0.15, 0.40, 0.50, 0.30]  # 来访 and 网上信访 are registered with the ID card
WITH_PHONE = [0.50, 0.80, 0.98, 1.0, 1.0, 0.90, 0.60, 0.50]

P_REPEAT = 0.09    # a repeat of an earlier case, linked by its number
# Repeats point only to "anchor" rows, every 7th row (one matter in seven is one that comes back, some of them
# several times). An anchor draws from its own generator seeded with (seed, row) and can be regenerated anywhere
# in O(1); the other rows draw from a stream per day, which saves seeding a generator per row (7 µs, a sixth of a
# row's time). probes.json is built from anchors only.
ANCHOR_STRIDE = 7
ANCHOR_PHASE = 3
ANCHOR_CACHE = 40_000  # anchor identities kept (about 40 MB): the last ~3 months of a 10-million-row corpus
P_UNLINKED = 0.01  # 是否重复=是 without a number: the first petition predates the ledger or was not found

# The department that handles a category (org code suffix of orgtree.COUNTY_DEPTS); "" = the township (属地).
DEPT_BY_PREFIX = {"01": "nyj", "02": "zrj", "03": "zjj", "04": "rsj", "05": "wjj", "06": "jyj", "07": "mzj",
                  "08": "zfw", "09": "scj", "10": "", "11": "scj", "12": "scj", "13": "", "14": "", "15": "rsj",
                  "16": "jw", "17": "mzj", "18": ""}
DEPT_SHORT = {"nyj": "农业农村局", "zrj": "自然资源局", "zjj": "住建局", "rsj": "人社局", "wjj": "卫健局",
              "jyj": "教育局", "mzj": "民政局", "zfw": "司法局", "scj": "市场监管局", "jw": "纪委监委", "": ""}

PURPOSES = ["申诉求决", "检举控告", "建议意见"]
FORWARD_DEPTS = ("rsj", "zjj", "zrj", "nyj", "jyj", "wjj", "mzj", "scj")
ROUTES = ["转送", "交办", "直接受理", "当场答复", "不予受理", "转政法", "转纪检监察", "存"]
R_FWD, R_ASSIGN, R_DIRECT, R_SPOT, R_REJECT, R_PL, R_DISC, R_FILE = range(8)
OUTCOMES = ["予以支持", "解释说明", "不予支持", "调解"]
OUTCOME_W = {"default": [22, 48, 18, 12], "0402": [42, 28, 10, 20], "0307": [38, 30, 12, 20], "0401": [30, 35, 15, 20],
             "0801": [10, 60, 25, 5], "0802": [15, 60, 22, 3], "1802": [10, 88, 2, 0]}
RATINGS = ["满意", "基本满意", "不满意"]
RATING_W = [[68, 27, 5], [55, 33, 12], [25, 40, 35], [62, 30, 8]]  # per outcome: 不予支持 draws the 不满意

CN_NUM = "一二三四五六七八九十"


def _cum(weights):
    return list(accumulate(weights))


def _table(weights):
    """(cumulative weights, total): draw with bisect(cum, random() * total)."""
    cum = _cum(weights)
    return cum, cum[-1]


def _digit_sum(digits, offset):
    """The GB 11643 weighted sum of `digits` placed at `offset` in the 17-digit body."""
    return sum(int(c) * w for c, w in zip(digits, ID_WEIGHTS[offset:]))


def _template(s):
    """"{slot}" → "%(slot)s": %-formatting with a mapping is the fastest fill Python has."""
    out, i = [], 0
    s = s.replace("%", "%%")
    while True:
        j = s.find("{", i)
        if j < 0:
            out.append(s[i:])
            return "".join(out)
        k = s.index("}", j)
        out.append(s[i:j] + "%(" + s[j + 1:k] + ")s")
        i = k + 1


# Typical lengths of the slots' values, for estimating a sentence's length before it is filled.
SLOT_LEN = {"name": 3, "who": 2, "persons": 2, "county": 3, "town": 3, "vil": 3, "grp": 6, "cob": 11, "cod": 10,
            "cop": 11, "cof": 8, "co": 11, "shop": 5, "xq": 4, "proj": 9, "road": 3, "amt": 6, "amtw": 4, "mu": 3,
            "sqm": 5, "ym": 7, "yrs": 1, "mons": 2, "n": 2, "hh": 1, "school": 7, "hosp": 6, "cadre": 4, "off": 8,
            "dept": 6, "tdate": 10}


def _estimate(s):
    """A template's length once filled (literal text plus the slots' typical lengths)."""
    n, i = 0, 0
    while True:
        j = s.find("{", i)
        if j < 0:
            return n + len(s) - i
        k = s.index("}", j)
        n += j - i + SLOT_LEN[s[j + 1:k]]
        i = k + 1


def _lines(block):
    """One (template, estimated length) per non-empty line."""
    return [(_template(x), _estimate(x)) for x in block.strip().split("\n") if x.strip()]


class Identity:
    """What a repeat inherits from the case it repeats: place, person, matter and text."""
    __slots__ = ("i", "day", "channel", "level", "org", "county", "town", "region", "eff_region", "persons",
                 "category", "purpose", "name", "idno", "phone", "title", "content", "number", "repeat", "repeat_of",
                 "target_day")


class Slots(dict):
    """Template slots, drawn only when a template names them (so unused slots cost nothing)."""
    __slots__ = ("r", "g", "pools", "county", "town", "day", "cat")

    def __missing__(self, key):
        pool = self.pools.get(key)
        v = pool[int(self.r() * len(pool))] if pool is not None else self.g.slot_funcs[key](self)
        self[key] = v
        return v


class Corpus:
    def __init__(self, cases, first_year, last_year, seed, categories_path):
        if cases < 1:
            raise ValueError("--cases must be at least 1")
        if seed < 0:
            raise ValueError("--seed must be ≥ 0")
        self.n = cases
        self.seed = seed
        self.first_year, self.last_year = first_year, last_year
        # Generator seeds: anchor row i → seed·2^40 + i, the stream of day d → seed·2^40 + 2^39 + d (rows < 2^39).
        self.seed_base = seed << 40
        self.orgs, self.counties, self.cities, self.province = build_tree()
        self._categories(categories_path)
        self._days()
        self._tables()
        self._text()
        self.rngs = [random.Random() for _ in range(8)]
        self.anchor_cache = [None] * ANCHOR_CACHE
        self.route_cache = {}
        self._seed = _random.Random.seed  # the C seeding, without random.Random.seed's Python wrapper

    # ---------------------------------------------------------------- set-up

    def _categories(self, path):
        names = dict(c for c, _ in load_categories(path))
        self.cat_names = names
        codes = [c for c, *_ in vocab.CATEGORY_WEIGHTS]
        missing = [c for c in codes if c not in names]
        if missing:
            raise SystemExit(f"categories {missing} of vocab.py are not in {path}")
        self.cat_codes = codes

    def _trend(self, year):
        """Where year lies in the range, 0..1 (the mixes interpolate on it)."""
        span = self.last_year - self.first_year
        return 1.0 if span == 0 else (year - self.first_year) / span

    def _days(self):
        """The registrations per day: weekday, holidays, 春节, 两会, a 10-year trend and day-to-day noise; then the
        N rows are laid over the days by cumulative rounding, so that the day of row i is fixed by the seed."""
        start, end = dt.date(self.first_year, 1, 1), dt.date(self.last_year, 12, 31)
        rng = random.Random(f"xf_gen days {self.seed}")
        dates, weights, closed = [], [], []
        d = start
        while d <= end:
            s = min(1.0, self._trend(d.year) / 0.55)
            w = 0.62 + 0.38 * (3 * s * s - 2 * s * s * s)  # volume rises over the first half, then stays flat
            sm, sd = SPRING_FESTIVAL.get(d.year, (2, 5))
            sf = (d - dt.date(d.year, sm, sd)).days
            is_closed = d.weekday() >= 5
            if -1 <= sf <= 6:
                f, is_closed = 0.12, True          # 除夕 to 初六: offices shut
            elif (d.month, d.day) in FIXED_HOLIDAYS:
                f, is_closed = 0.18, True
            else:
                f = DOW[d.weekday()]
                if -8 <= sf <= -2:
                    f *= 0.85                      # people travelling home
                elif 7 <= sf <= 20:
                    f *= 1.35                      # the post-festival peak
                if d.month == 3 and d.day <= 15:
                    f *= 1.3                       # 两会
                if d.month == 10 and 8 <= d.day <= 14:
                    f *= 1.15                      # after the National Day week
            f *= MONTH.get(d.month, 1.0)
            if d.year == 2020 and 2 <= d.month <= 4:
                f *= 0.75                          # 2020 epidemic: reception halls closed
            w *= f * exp(rng.gauss(0, 0.10))
            dates.append(d)
            weights.append(w)
            closed.append(is_closed)
            d += dt.timedelta(days=1)
        total = sum(weights)
        first, acc = [0], 0.0
        for w in weights:
            acc += w
            first.append(int(acc * self.n / total + 0.5))
        first[-1] = self.n
        self.dates = dates
        self.closed = closed
        self.day_first = first
        self.iso = [d.isoformat() for d in dates]
        self.day_ord = [d.toordinal() for d in dates]
        self.cn_date = [f"{d.year}年{d.month}月{d.day}日" for d in dates]
        self.slash = [f"{d.year}/{d.month}/{d.day}" for d in dates]
        self.cutoff = len(dates) - 1  # the ledger's closing day: nothing happens after it
        self.year_first = {}
        for k, d in enumerate(dates):
            if d.month == 1 and d.day == 1:
                self.year_first[d.year] = first[k]

    def _tables(self):
        years = range(self.first_year, self.last_year + 1)
        # Channel tables per (year, closed, epidemic).
        self.ch_tab = {}
        for y in years:
            t = self._trend(y)
            base = [a + (b - a) * t for a, b in zip(CHANNEL_START, CHANNEL_END)]
            for cl in (False, True):
                for ep in (False, True):
                    w = [x * (CHANNEL_CLOSED[k] if cl else 1.0) for k, x in enumerate(base)]
                    if ep:
                        w[VISIT] *= 0.3
                        w[ONLINE] *= 1.4
                    self.ch_tab[(y, cl, ep)] = _table(w)
        self.level_tab = {ch: _table(w) for ch, w in LEVEL_BY_CHANNEL.items()}
        # Counties: Zipf-like sizes (s = 0.65: the largest about 20 times the smallest), ranks shuffled with a
        # fixed generator so that big and small counties mix across cities; urban districts a little busier.
        rng = random.Random(65)
        ranks = list(range(len(self.counties)))
        rng.shuffle(ranks)
        cw = [(1.2 if c["district"] else 1.0) / (ranks[k] + 1) ** 0.65 for k, c in enumerate(self.counties)]
        total = sum(cw)
        self.county_share = [w / total for w in cw]
        self.county_cum, self.county_tot = _table(cw)
        # Townships: Zipf within the county (s = 0.8), the seat (城关/first 街道) the largest.
        self.town_cum, self.town_tot = _table([1 / (k + 1) ** 0.8 for k in range(len(self.counties[0]["towns"]))])
        # Categories per (year, month, collective).
        self.cat_tab = {}
        for y in years:
            t = self._trend(y)
            for m in range(1, 13):
                for coll in (False, True):
                    w = []
                    for code, base, a, b, months, cf in vocab.CATEGORY_WEIGHTS:
                        x = base * (a + (b - a) * t) * months.get(m, 1.0)
                        w.append(x * cf if coll else x)
                    self.cat_tab[(y, m, coll)] = _table(w)
        self.purpose_tab = {c: _table(vocab.PURPOSE_BY_CATEGORY.get(c, vocab.DEFAULT_PURPOSE)) for c in self.cat_codes}
        # Surnames by frequency rank (gen_ledger's list runs from 王李张刘陈 down).
        self.surname_cum, self.surname_tot = _table([1 / (k + 4) for k in range(len(SURNAMES))])
        # Names: a surname by its frequency and one or two given-name characters (65% two), pre-drawn into a pool
        # of 65,536: the space has about 160,000 names, and a pool draw costs one random number.
        given = list(GIVEN) + list("建国志明秀兰桂芳玉梅淑珍德华国强文军海燕丽娟永红红霞春梅")
        r = random.Random(65536).random
        ng = len(given)
        self.names = [SURNAMES[bisect(self.surname_cum, r() * self.surname_tot)] + given[int(r() * ng)]
                      + (given[int(r() * ng)] if r() < 0.65 else "") for _ in range(65536)]
        # Resident ID numbers (gen_ledger.id_number's rule, with the weighted sum precomputed per part: ten
        # times faster, and the birth date follows the petitioner's age instead of a uniform 65-year span).
        base = dt.date(self.first_year - 80, 1, 1)
        self.birth_base = base.toordinal()
        year_sum = {y: _digit_sum(f"{y:04d}", 6) for y in range(base.year, self.last_year)}
        month_sum = [0] + [_digit_sum(f"{m:02d}", 10) for m in range(1, 13)]
        day_sum = [0] + [_digit_sum(f"{d:02d}", 12) for d in range(1, 32)]
        self.births = []
        for o in range(self.birth_base, dt.date(self.last_year - 17, 1, 1).toordinal()):
            d = dt.date.fromordinal(o)
            self.births.append((f"{d.year}{d.month:02d}{d.day:02d}",
                                year_sum[d.year] + month_sum[d.month] + day_sum[d.day]))
        self.id_seq = [(f"{k:03d}", _digit_sum(f"{k:03d}", 14)) for k in range(1000)]
        self.id_region = {c["region"]: _digit_sum(c["region"], 0) for c in self.counties}
        # 未评价 falls from 35% to 12% as rating by SMS and online spread.
        unrated = {y: 0.35 - 0.23 * self._trend(y) for y in years}
        # What a row looks up by its day, precomputed per day.
        self.day_year = [d.year for d in self.dates]
        self.day_ch = [self.ch_tab[(d.year, self.closed[k], d.year == 2020 and 2 <= d.month <= 4)]
                       for k, d in enumerate(self.dates)]
        self.day_cat = [(self.cat_tab[(d.year, d.month, False)], self.cat_tab[(d.year, d.month, True)])
                        for d in self.dates]
        # The org registering at a level for a county and a category's department ("" = none: the office).
        self.org_at = {}
        for c in self.counties:
            city = c["city"]
            for suffix in set(DEPT_BY_PREFIX.values()):
                dep = suffix if suffix and suffix != "jw" else ""  # nobody files a petition at 纪委 here
                self.org_at[c["index"], L_COUNTY, suffix] = c["office"]
                self.org_at[c["index"], L_CDEPT, suffix] = c["depts"][dep] if dep else c["office"]
                self.org_at[c["index"], L_CITY, suffix] = city["office"]
                self.org_at[c["index"], L_CITYDEPT, suffix] = city["depts"][dep] if dep else city["office"]
                self.org_at[c["index"], L_PROV, suffix] = self.province["office"]
                self.org_at[c["index"], L_PROVDEPT, suffix] = (self.province["depts"][dep] if dep
                                                               else self.province["office"])
        self.rating_tab = [_cum(w) for w in RATING_W]
        # What a reply records (办理结果, 满意度, 是否化解), pre-drawn per outcome mix and year into tables of
        # 1,024: 满意度 follows the outcome (不予支持 draws the 不满意), 未评价 falls over the
        # years, 是否化解 (when filled in, 88%) follows the outcome and the rating with 10% disagreeing.
        rng = random.Random(1024)
        r = rng.random
        self.reply_tables = {}
        for year in years:
            for key, weights in OUTCOME_W.items():
                cum = _cum(weights)
                table = []
                for _ in range(1024):
                    ok = bisect(cum, r() * cum[-1])
                    outcome = OUTCOMES[ok] if r() < 0.95 else ""
                    if r() < unrated[year]:
                        rating = "未评价" if r() < 0.85 else ""
                    else:
                        rc = self.rating_tab[ok]
                        rating = RATINGS[bisect(rc, r() * rc[-1])]
                    resolved = ""
                    if r() < 0.88:
                        good = ok == 0 or ok == 3 or rating == "满意" or rating == "基本满意"
                        resolved = "是" if good != (r() < 0.1) else "否"
                    table.append((outcome, rating, resolved))
                self.reply_tables[("" if key == "default" else key, year)] = table
        # Workflow delays in days, pre-drawn into tables of 4,096 (one random number per delay in a row).
        rng = random.Random(4096)
        r = rng.random
        # Closing routes (不予受理, 转政法, 转纪检监察, 存) are decided within days of registration.
        self.close_delay = [int(6 * r() * r()) for _ in range(4096)]
        # 受理日期 after registration. 直接受理: mostly the same or the next days; 转送/交办: the office routes within
        # days and the receiving org accepts within its 15 days (第22, 23条): 90% within 15 days, 8% 15-40, 2% later.
        self.direct_delay = [int(4 * r() * r()) if u < 0.9 else 4 + int(r() * 11) if u < 0.97 else 16 + int(r() * 30)
                             for u in (r() for _ in range(4096))]
        self.forward_delay = [1 + int(14 * r() ** 1.3) if u < 0.9 else 15 + int(r() * 26) if u < 0.98
                              else 41 + int(r() * 50) for u in (r() for _ in range(4096))]
        # 答复日期 after 受理日期: 78% within the 60 days (第32条), 17% extended by up to 30 days (第34条), 5% overdue;
        # 0 = a case that stalled with no reply at all (0.3%, long overdue by the end of the ledger).
        self.handling = [0 if u < 0.003 else 3 + int(57 * r() ** 0.9) if u < 0.78 else 60 + int(r() * 31)
                         if u < 0.95 else 91 + int(-log(1.0 - r()) * 40) for u in (r() for _ in range(4096))]

    def _text(self):
        self.topics = {}
        for code, weight, who, kw, titles, facts, reqs in vocab.TOPICS:
            self.topics.setdefault(code, []).append(
                (weight, who, _lines(titles), _lines(facts), _lines(reqs), kw.split()))
        self.topic_cum = {c: _table([t[0] for t in ts]) for c, ts in self.topics.items()}
        self.open_person = _lines(vocab.OPEN_PERSON)
        self.open_channel = [(_template(vocab.OPEN_BY_CHANNEL[c]), _estimate(vocab.OPEN_BY_CHANNEL[c]))
                             for c in CHANNELS]
        self.open_collective = _lines(vocab.OPEN_COLLECTIVE)
        self.open_joint = (_template(vocab.OPEN_JOINT), _estimate(vocab.OPEN_JOINT))
        self.open_anonymous = _lines(vocab.OPEN_ANONYMOUS)
        self.history = _lines(vocab.HISTORY)
        self.impact = _lines(vocab.IMPACT)
        self.closing = _lines(vocab.CLOSING)
        self.fillers = (self.history, self.impact)
        self.repeat_suffix = _lines(vocab.REPEAT_SUFFIX)
        # Slot values. Most are drawn from pools made once here: per county its companies, compounds, projects,
        # schools and hospitals (a county has a limited set of them, and the same developer or construction
        # company turns up in many petitions, as in real ledgers), and value pools pre-drawn from their
        # distributions. A pick from a pool costs a tenth of composing a name per use.
        rng = random.Random(f"xf_gen names {self.seed}")

        def draw(count, make):
            return [make() for _ in range(count)]

        def company(county, kind):
            suffixes = vocab.COMPANY_KINDS[kind]
            head = county["name"][:-1] if rng.random() < 0.4 else ""
            return head + rng.choice(vocab.BRANDS) + rng.choice(suffixes)

        def amount():
            v = int(30 + rng.random() * rng.random() * 1500) * 100
            return f"{v / 10000:.1f}万元" if v >= 10000 and rng.random() < 0.35 else f"{v}元"

        common = {
            "road": vocab.ROADS,
            "cadre": vocab.CADRES,
            "grp": [f"第{CN_NUM[k]}村民小组" for k in range(9)],
            "amt": draw(2000, amount),
            "amtw": draw(1000, lambda: f"{int(2 + rng.random() ** 2 * 500)}万元"),
            "mu": [f"{k}亩" for k in range(1, 21)] * 2 + [f"{k}.5亩" for k in range(1, 10)],
            "sqm": [f"{k}平方米" for k in range(20, 220)],
            "yrs": [str(k) for k in range(2, 12)],
            "mons": [str(k) for k in range(2, 18)],
            "n": [str(k) for k in range(5, 65)],
            "hh": list(CN_NUM[2:6]),
        }
        self.pools = []
        for county in self.counties:
            cname = county["name"]
            towns = [t["name"] for t in county["towns"]]
            pools = dict(common)
            for kind, count in (("cob", 30), ("cod", 12), ("cop", 12), ("cof", 40), ("co", 30)):
                pools[kind] = draw(count, lambda: company(county, kind))
            pools["shop"] = draw(25, lambda: rng.choice(vocab.BRANDS) + rng.choice(vocab.SHOPS))
            pools["xq"] = draw(40, lambda: rng.choice(vocab.COMPOUND_HEADS) + rng.choice(vocab.COMPOUND_TAILS))
            projects = []
            for _ in range(25):
                p = rng.choice(vocab.PROJECTS).replace("{road}", rng.choice(vocab.ROADS))
                projects.append((cname[:-1] + p) if rng.random() < 0.3 else p)
            pools["proj"] = projects
            pools["school"] = ([f"{cname}第{CN_NUM[k]}中学" for k in range(6)] + [cname + "实验小学"] * 3
                               + [t + "中心小学" for t in towns] + [t + "中学" for t in towns[:8]])
            pools["hosp"] = [cname + "人民医院"] * 6 + [cname + "中医院"] * 3 + [cname + "妇幼保健院"] * 2 + \
                [t + "卫生院" for t in towns]
            pools["off"] = [o.replace("{county}", cname).replace("{town}", rng.choice(towns))
                            for o in vocab.OFFICIALS for _ in range(3)]
            self.pools.append(pools)
        # 「2023年4月」: one to thirty months before the registration month.
        first_month = self.first_year * 12
        self.ym = [[f"{(m - k) // 12}年{(m - k) % 12 + 1}月" for k in range(2, 32)]
                   for m in range(first_month, (self.last_year + 1) * 12)]
        self.day_month = [d.year * 12 + d.month - 1 - first_month for d in self.dates]

        def dept(s):
            # The department the matter belongs to (or the township, 属地): where the petitioner went before.
            short = DEPT_SHORT[DEPT_BY_PREFIX[s.cat[:2]]]
            if not short or s.r() < 0.2:
                return s.town["name"]
            return s.county["name"] + short

        self.slot_funcs = {
            "county": lambda s: s.county["name"],
            "town": lambda s: s.town["name"],
            "vil": lambda s: s.town["villages"][int(s.r() * len(s.town["villages"]))],
            "ym": lambda s: self.ym[self.day_month[s.day]][int(s.r() * 30)],
            "dept": dept,
        }

    # ---------------------------------------------------------------- rows

    def day_of(self, i):
        return bisect_right(self.day_first, i) - 1

    @staticmethod
    def is_anchor(i):
        return i % ANCHOR_STRIDE == ANCHOR_PHASE

    def anchors(self):
        """How many anchor rows the corpus has; anchor k is row ANCHOR_PHASE + k * ANCHOR_STRIDE."""
        return 0 if self.n <= ANCHOR_PHASE else (self.n - 1 - ANCHOR_PHASE) // ANCHOR_STRIDE + 1

    def _anchor_rng(self, i, depth):
        rngs = self.rngs
        while depth >= len(rngs):
            rngs.append(random.Random())
        rng = rngs[depth]
        self._seed(rng, self.seed_base + i)
        return rng

    def identity(self, i, rng, day, depth=0):
        """Row i's place, person, matter and text, drawn from rng (row i's own generator for an anchor, the day's
        stream otherwise). A repeat recurses into the identity of an earlier anchor row."""
        r = rng.random
        idn = Identity()
        idn.i = i
        idn.day = day
        year = self.day_year[day]

        # 重信重访: the same matter again, some days to years later. Only anchors are repeated (see ANCHOR_STRIDE).
        target = None
        repeat = 0
        u = r()
        if u < P_REPEAT:
            u = r()
            if u < 0.5:
                delay = 1 + int(-log(1.0 - r()) * 30)   # chasing an answer
            elif u < 0.85:
                delay = 60 + int(r() * 340)              # unhappy with the reply
            else:
                delay = 365 + int(r() * 730)             # the matter comes back years later
            tday = day - delay
            if tday >= 0:
                first = self.day_first
                lo, hi = first[tday], first[tday + 1]
                a = lo + (ANCHOR_PHASE - lo) % ANCHOR_STRIDE
                if a < hi:
                    j = a + ANCHOR_STRIDE * int(r() * ((hi - 1 - a) // ANCHOR_STRIDE + 1))
                else:  # no anchor that day (a small corpus): the last one before it
                    j = hi - 1 - (hi - 1 - ANCHOR_PHASE) % ANCHOR_STRIDE
                if j >= 0:
                    target = self.anchor_cache[j // ANCHOR_STRIDE % ANCHOR_CACHE]
                    if target is None or target.i != j:
                        target = self.identity(j, self._anchor_rng(j, depth + 1), bisect_right(first, j) - 1,
                                               depth + 1)
                        self._remember(target)
            repeat = 1 if target is not None else 2
        elif u < P_REPEAT + P_UNLINKED:
            repeat = 2

        cum, tot = self.day_ch[day]
        ch = bisect(cum, r() * tot)
        if target is not None and r() < 0.25:
            ch = VISIT  # a petitioner who got no answer by letter comes in person
        idn.channel = ch

        persons = 1
        if ch == VISIT:
            if target is not None and target.persons >= 5:
                persons = max(5, target.persons + int((r() - 0.5) * 0.4 * target.persons))
            elif r() < 0.05:
                u = r()
                if u < 0.85:
                    persons = min(30, 5 + int(-log(1.0 - r()) * 8))
                elif u < 0.98:
                    persons = 31 + int(r() * 30)
                else:
                    persons = min(300, 61 + int(-log(1.0 - r()) * 60))
            else:
                u = r()
                persons = 1 if u < 0.82 else 2 if u < 0.93 else 3 if u < 0.98 else 4
        elif ch == LETTER and r() < 0.04:
            persons = 2 + int(r() * 9)  # 联名信
        idn.persons = persons

        if target is not None:
            cat, purpose = target.category, target.purpose
            county, town = target.county, target.town
            tl = target.level
            u = r()
            if tl <= L_CDEPT:
                level = tl if u < 0.6 else L_COUNTY if u < 0.7 else L_CITY if u < 0.88 else L_PROV
            elif tl <= L_CITYDEPT:
                level = tl if u < 0.7 else L_PROV
            else:
                level = tl
        else:
            cum, tot = self.day_cat[day][persons >= 5 and ch == VISIT]
            cat = self.cat_codes[bisect(cum, r() * tot)]
            cum, tot = self.purpose_tab[cat]
            purpose = bisect(cum, r() * tot)
            county = self.counties[bisect(self.county_cum, r() * self.county_tot)]
            town = county["towns"][bisect(self.town_cum, r() * self.town_tot)]
            cum, tot = self.level_tab[ch]
            level = bisect(cum, r() * tot)
        if target is not None and level == target.level:
            org = target.org
        elif level == L_TOWN:
            org = town["org"]
        else:
            org = self.org_at[county["index"], level, DEPT_BY_PREFIX[cat[:2]]]
        idn.level = level
        idn.org = org
        idn.county = county
        idn.town = town
        idn.category = cat
        idn.purpose = purpose

        # 问题属地: the township mostly, sometimes only the county; empty = the registering org's own region
        # (offered only where that is right: at county level and below).
        if target is not None:
            region = target.eff_region
            if region == org["region"] and r() < 0.5:
                region = ""
        else:
            u = r()
            if level <= L_CDEPT:
                region = town["region"] if u < 0.6 else county["region"] if u < 0.85 else ""
            else:
                region = town["region"] if u < 0.5 else county["region"]
        idn.region = region
        idn.eff_region = region or org["region"]

        # The petitioner: a repeat is the same person (what repeat detection keys on).
        if target is not None and (ch != VISIT or target.name or target.idno or target.phone):
            idn.name, idn.idno, idn.phone = target.name, target.idno, target.phone
        elif r() < ANONYMOUS[ch]:
            idn.name = idn.idno = idn.phone = ""
        else:
            name = self.names[int(r() * 65536)]
            if persons >= 5 and r() < 0.5:
                name += "等"
            idn.name = name
            if r() < WITH_ID[ch]:
                reg = county["region"] if r() < 0.9 else self.counties[int(r() * len(self.counties))]["region"]
                # Age 22-72 at registration, most around 47 (petitioners are mostly middle-aged and older).
                b, bs = self.births[self.day_ord[day] - int((22 + 25 * (r() + r())) * 365.25) - self.birth_base]
                q, qs = self.id_seq[int(r() * 1000)]
                idn.idno = reg + b + q + ID_CHECK[(self.id_region[reg] + bs + qs) % 11]
            else:
                idn.idno = ""
            idn.phone = str(13000000000 + int(r() * 7e9)) if r() < WITH_PHONE[ch] else ""

        if target is not None:
            self._edit_text(idn, target, r)
            idn.repeat_of = target.number
            idn.target_day = target.day
        else:
            self._new_text(idn, r, day)
            idn.repeat_of = ""
            idn.target_day = -1
        idn.repeat = repeat
        # 信访件编号: XF + the registering org's county-level region + year + the province's running count of the
        # year (7 digits). The XF prefix keeps the numbers apart from those the server issues
        # ({region}-{year}-{seq}, 6 digits).
        idn.number = f"XF{org['region'][:6]}{year}{i - self.year_first[year] + 1:07d}"
        return idn

    def _new_text(self, idn, r, day):
        """Title and content of a fresh matter: an opening, facts of one topic in their written order, perhaps its
        history and how it weighs on the petitioner, a request and a closing; 100-400 characters. Templates are
        chosen by their estimated length and filled in one % operation (one fill per sentence cost a third more)."""
        cat = idn.category
        cum, tot = self.topic_cum[cat]
        weight, who, titles, facts, reqs, _ = self.topics[cat][bisect(cum, r() * tot)]
        name = idn.name
        bare = name[:-1] if name.endswith("等") else name
        county, town = idn.county, idn.town
        villages = town["villages"]
        s = Slots(name=bare, who=who, persons=str(idn.persons), county=county["name"], town=town["name"],
                  vil=villages[int(r() * len(villages))])
        s.r = r
        s.g = self
        s.pools = self.pools[county["index"]]
        s.county = county
        s.town = town
        s.day = day
        s.cat = cat
        if r() < 0.82:
            title = titles[int(r() * len(titles))][0] % s
        else:
            cname = self.cat_names[cat]
            title = ("反映" + cname + "问题") if r() < 0.6 else cname
        ch = idn.channel
        if not bare:
            opening = self.open_anonymous[int(r() * len(self.open_anonymous))]
        elif ch == VISIT and idn.persons >= 5:
            opening = self.open_collective[int(r() * len(self.open_collective))]
        elif idn.persons >= 2 and ch == LETTER:
            opening = self.open_joint
        elif r() < 0.5:
            opening = self.open_channel[ch]
        else:
            opening = self.open_person[int(r() * len(self.open_person))]
        req = reqs[int(r() * len(reqs))]
        close = self.closing[int(r() * len(self.closing))] if r() < 0.7 else ("", 0)
        parts = [opening[0]]
        est = opening[1] + req[1] + close[1]
        # Length: 100-400 characters, most between 120 and 250 (an exponential tail over 100).
        goal = 100 + min(300, int(-log(1.0 - r()) * 85))
        # Facts keep their written order (the first one introduces the matter); each is taken with
        # probability 0.7 until the text is long enough.
        for f, n in facts:
            if r() < 0.3:
                continue
            if est + n > 390:
                break
            parts.append(f)
            est += n
            if est >= goal:
                break
        if est < goal or est < 105:
            # Not long enough yet: the matter's history, then how it weighs on the petitioner (no sentence twice).
            pools = self.fillers
            for k in range(8):
                pool = pools[k & 1]
                f, n = pool[int(r() * len(pool))]
                if f in parts or est + n > 390:
                    continue
                parts.append(f)
                est += n
                if est >= goal and est >= 105:
                    break
        parts.append(req[0])
        parts.append(close[0])
        content = "".join(parts) % s
        while len(content) > 400 and len(parts) > 3:  # the estimate fell short: drop the last fact or filler
            del parts[-3]
            content = "".join(parts) % s
        if len(content) < 100:  # … or overshot: one more sentence
            for f, n in self.fillers[0] + self.fillers[1]:
                if f not in parts:
                    parts.insert(-2, f)
                    content = "".join(parts) % s
                    if len(content) >= 100:
                        break
        idn.title = title
        idn.content = content

    def _edit_text(self, idn, target, r):
        """A repeat's text: the earlier case's, lightly edited (what a registrar copies and amends)."""
        content = target.content
        n = len(content)
        for _ in range(1 + int(r() * 4)):
            p = int(r() * n)
            content = content[:p] + "的了也都再又还"[int(r() * 7)] + content[p + 1:]
        if r() < 0.4:
            prefix = vocab.REPEAT_PREFIX[int(r() * 3)]
            if len(prefix) + len(content) <= 400:
                content = prefix + content
        if r() < 0.5:
            s = Slots(tdate=self.cn_date[target.day])
            s.r, s.g, s.county, s.town, s.day, s.cat = r, self, idn.county, idn.town, idn.day, idn.category
            s.pools = self.pools[idn.county["index"]]
            suffix = self.repeat_suffix[int(r() * len(self.repeat_suffix))][0] % s
            if len(content) + len(suffix) <= 400:
                content += suffix
        idn.content = content
        title = target.title
        if r() < 0.25 and not title.startswith("再次"):
            if title.startswith("反映"):
                title = "再次" + title
            else:
                title = "再次反映" + (title[2:] if title.startswith("关于") else title)
        idn.title = title

    @staticmethod
    def _route_table(level, ch, cat, purpose, anonymous, rep):
        """Cumulative weights of the routes (办理方式) for a kind of row; cached per kind by row()."""
        office = level == L_COUNTY or level == L_CITY or level == L_PROV
        w = [38, 20, 12, 0, 5, 0.5, 0.3, 2] if office else [6, 0, 75, 0, 4, 0.3, 0.2, 3]
        if level == L_CITY or level == L_PROV:
            w[R_FWD] = 45
            w[R_DIRECT] = 5
        if ch == VISIT:
            w[R_SPOT] = 18 if office else 20
        elif ch == PHONE:
            w[R_SPOT] = 10
        elif ch == HOTLINE:
            w[R_SPOT] = 4
        top = cat[:2]
        if top == "08":
            w[R_PL] = 60 if cat == "0801" or cat == "0806" else 15
        elif top == "16":
            w[R_DISC] = 300
        elif cat == "1402":
            w[R_DISC] = 20
        if purpose == 2:  # 建议意见
            w[R_FILE] = 12
            w[R_DIRECT] += 10
        if anonymous:
            w[R_FILE] = 15
        if rep == 1:
            w[R_REJECT] = 35   # still in handling: not accepted again, told where it stands (第19条第3款)
        elif rep == 3:
            w[R_REJECT] += 20  # a concluded matter: 不再受理 (第36条第3款)
        return _cum(w)

    def rows(self, lo, hi):
        """Yields (fields, facts) of rows lo..hi-1. Non-anchor rows draw from their day's stream in row order, so
        a range that starts inside a day first replays that day's earlier rows (at most one day's worth)."""
        if lo >= hi:
            return
        first = self.day_first
        day = bisect_right(first, lo) - 1
        stream = random.Random()
        seed_day = self.seed_base + (1 << 39)
        self._seed(stream, seed_day + day)
        day_end = first[day + 1]
        for i in range(first[day], lo):
            if i % ANCHOR_STRIDE != ANCHOR_PHASE:
                self.row(i, stream, day)
        anchor = self._anchor_rng
        for i in range(lo, hi):
            while i >= day_end:
                day += 1
                day_end = first[day + 1]
                self._seed(stream, seed_day + day)
            if i % ANCHOR_STRIDE == ANCHOR_PHASE:
                yield self.row(i, anchor(i, 0), day, True)
            else:
                yield self.row(i, stream, day)

    def _remember(self, idn):
        """Keeps the identities of the latest anchors in a ring: half of all repeats point less than a month back,
        so in a sequential run most targets come from here instead of being generated again (same values)."""
        self.anchor_cache[idn.i // ANCHOR_STRIDE % ANCHOR_CACHE] = idn

    def anchor_identity(self, i):
        """The identity of anchor row i, without generating anything else (probes.json)."""
        return self.identity(i, self._anchor_rng(i, 0), self.day_of(i))

    def row(self, i, rng, day, anchor=False):
        """Row i as the 23 CSV fields (gen_ledger.HEADER order) and its facts for the manifest."""
        idn = self.identity(i, rng, day)
        if anchor:
            self._remember(idn)
        r = rng.random  # the row's workflow continues the same generator
        ch, level, cat = idn.channel, idn.level, idn.category
        cutoff = self.cutoff
        anonymous = not (idn.name or idn.idno or idn.phone)

        # Route (办理方式), by who registered it and what it is about.
        rep = 0
        if idn.repeat == 1:
            age = day - idn.target_day
            rep = 1 if age < 90 else 3 if age > 365 else 2
        key = (level, ch, cat, idn.purpose, anonymous, rep)
        cum = self.route_cache.get(key)
        if cum is None:
            cum = self.route_cache[key] = self._route_table(*key)
        route = bisect(cum, r() * cum[-1])

        county, town, org = idn.county, idn.town, idn.org
        handler = None
        suffix = DEPT_BY_PREFIX[cat[:2]]
        if route <= R_ASSIGN:
            if level == L_COUNTY:
                handler = town["org"] if (not suffix or r() < 0.3) else county["depts"][suffix]  # 属地 or competent
            elif level == L_CITY:
                if route == R_ASSIGN or not suffix or r() < 0.55:
                    handler = county["office"]
                else:
                    handler = county["city"]["depts"][suffix]
            elif level == L_PROV:
                if route == R_ASSIGN or not suffix or r() < 0.55:
                    handler = county["city"]["office"]
                else:
                    handler = self.province["depts"][suffix]
            elif level == L_TOWN:
                handler = county["depts"][suffix] if suffix and suffix != "zfw" and suffix != "jw" else county["office"]
            else:  # a department passes it to the competent one
                depts = county["depts"] if level == L_CDEPT else (
                    county["city"]["depts"] if level == L_CITYDEPT else self.province["depts"])
                handler = depts[FORWARD_DEPTS[int(r() * len(FORWARD_DEPTS))]]
                if handler is org:
                    handler = county["office"] if level == L_CDEPT else (
                        county["city"]["office"] if level == L_CITYDEPT else self.province["office"])
        elif route == R_PL or route == R_DISC:
            key = "zfw" if route == R_PL else "jw"
            if level == L_CITY or level == L_CITYDEPT:
                handler = county["city"]["depts"][key]
            elif level >= L_PROV:
                handler = self.province["depts"][key]
            else:
                handler = county["depts"][key]
            if handler is org:
                handler = None

        accepted = replied = -1
        if route >= R_REJECT:
            rd = day + self.close_delay[int(r() * 4096)]
            if rd > cutoff:
                route = -1
            elif r() < 0.75:
                accepted = rd
        elif route == R_SPOT:
            replied = day
        else:
            acc = day + (self.direct_delay if route == R_DIRECT else self.forward_delay)[int(r() * 4096)]
            if acc <= cutoff:
                accepted = acc
                h = self.handling[int(r() * 4096)]
                if h and acc + h <= cutoff:
                    replied = acc + h
            elif route == R_DIRECT or day + 2 > cutoff:
                route = -1  # still 待分流 when the ledger closes
        if route < 0:
            handler = None
            detail = "待分流"
        elif route == R_REJECT and rep == 3:
            detail = "不再受理"
        else:
            detail = ROUTES[route]

        outcome = rating = resolved = reply_text = ""
        if replied >= 0:
            year = self.day_year[day]
            table = self.reply_tables.get((cat, year)) or self.reply_tables[("", year)]
            outcome, rating, resolved = table[int(r() * 1024)]
            if route != R_SPOT or r() < 0.7:
                reply_text = self.iso[replied]

        u = r()
        received = self.iso[day] if u < 0.92 else self.slash[day] if u < 0.97 else self.cn_date[day]
        persons = idn.persons
        if idn.repeat == 1:
            is_repeat = "是" if r() < 0.9 else ""
        elif idn.repeat == 2:
            is_repeat = "是"
        else:
            is_repeat = "否" if r() < 0.75 else ""
        skipped = ch == VISIT and level == L_PROV  # 越级: past the county and the city, straight to the province
        fields = [
            idn.number, received, CHANNELS[ch], str(persons) if persons > 1 or r() < 0.7 else "", idn.name,
            idn.idno, idn.phone, idn.region, cat, PURPOSES[idn.purpose], org["code"], is_repeat, idn.repeat_of,
            "是" if skipped else "否" if r() < 0.8 else "", ROUTES[route] if route >= 0 else "",
            handler["code"] if handler is not None else "", self.iso[accepted] if accepted >= 0 else "",
            reply_text, outcome, resolved, rating, idn.title, idn.content,
        ]
        open_case = replied < 0 and route <= R_DIRECT
        facts = (self.day_year[day], ch, idn.eff_region[:6], persons, idn.repeat, skipped, detail, open_case,
                 anonymous, idn.idno != "", ch == VISIT and persons >= 5)
        return fields, facts
