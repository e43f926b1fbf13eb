#!/usr/bin/env python3
"""bench/gen: a province-scale corpus of petitions for xinfang (issue #10). Python 3 standard library only.

  python3 bench/gen/xf_gen.py --cases 10000000 --years 2016-2025 --seed 1 --out-dir D --chunk-rows 200000
  python3 bench/gen/xf_gen.py ... --chunk 7        # only chunk 7: the same bytes as the full run's cases_0007.csv

Writes into D:
  orgs.tsv            the fixed org tree of 海澜省 (orgtree.py): load with `xinfang org import`
  cases_0001.csv …    the rows in time order, --chunk-rows each (the last one shorter), each a valid file for
                      `xinfang petition import`; repeats point only to numbers of earlier rows
  manifest.json       the options and counts (per chunk, channel, year, county, route; collective visits, repeats,
                      open cases); with --chunk K: manifest_000K.json with the counts of that chunk only
  probes.json         material for benchmarks: search terms, county and city org codes, case numbers, repeat-lookup
                      drafts; derived from the seed alone, identical whether or not --chunk is given

Every byte depends only on --cases, --years and --seed (and --chunk-rows for the file boundaries). README.md
beside this file describes the distributions and the measured speed.
"""

import argparse
import datetime as dt
import hashlib
import json
import os
import sys
import time
from collections import Counter
from operator import itemgetter, mul

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.dirname(HERE))  # bench/: gen_ledger.py

from gen_ledger import HEADER, parse_years, write_orgs  # noqa: E402
from corpus import CHANNELS, Corpus  # noqa: E402
from probes import build_probes  # noqa: E402

VERSION = 1
DEFAULT_CATEGORIES = os.path.join(HERE, "..", "..", "config", "categories.tsv")


class Counts:
    """What the manifest counts, per chunk and in total. Counted from the rows' fact tuples (Corpus.row) with
    Counter and map, which loop in C: counting row by row in Python cost a tenth of the generator's time."""

    def __init__(self, facts=()):
        col = [list(map(itemgetter(k), facts)) for k in range(11)]
        year, ch, county, persons, repeat, skipped, route, open_case, anonymous, with_id, collective = col
        self.rows = len(facts)
        self.persons = sum(persons)
        self.channels = dict(Counter(ch))
        self.years = dict(Counter(year))
        self.counties = dict(Counter(county))
        self.routes = dict(Counter(route))
        self.collective = sum(collective)
        self.collective_persons = sum(map(mul, persons, collective))
        kinds = Counter(repeat)
        self.repeats = kinds[1] + kinds[2]
        self.repeats_linked = kinds[1]
        self.skipped_level = sum(skipped)
        self.open = sum(open_case)
        self.anonymous = sum(anonymous)
        self.with_id = sum(with_id)

    def merge(self, other):
        for k in ("rows", "persons", "collective", "collective_persons", "repeats", "repeats_linked",
                  "skipped_level", "open", "anonymous", "with_id"):
            setattr(self, k, getattr(self, k) + getattr(other, k))
        for k in ("channels", "years", "counties", "routes"):
            mine = getattr(self, k)
            for key, v in getattr(other, k).items():
                mine[key] = mine.get(key, 0) + v

    def to_json(self):
        return {
            "rows": self.rows,
            "persons": self.persons,
            "channels": {CHANNELS[k]: self.channels[k] for k in sorted(self.channels)},
            "years": {str(k): self.years[k] for k in sorted(self.years)},
            "counties": {k: self.counties[k] for k in sorted(self.counties)},
            "routes": {k: self.routes[k] for k in sorted(self.routes)},
            "collective_visits": self.collective,
            "collective_persons": self.collective_persons,
            "repeats": self.repeats,
            "repeats_linked": self.repeats_linked,
            "skipped_level": self.skipped_level,
            "open": self.open,
            "anonymous": self.anonymous,
            "with_id_number": self.with_id,
        }


def write_chunk(corpus, k, chunk_rows, out_dir, progress=None):
    """Writes cases_{k:04d}.csv (UTF-8 with a BOM and CRLF, as Excel saves a CSV) and returns its manifest entry.
    No field holds an ASCII comma, quote or line break (vocab.py's rule), so nothing needs quoting."""
    lo, hi = (k - 1) * chunk_rows, min(corpus.n, k * chunk_rows)
    name = f"cases_{k:04d}.csv"
    path = os.path.join(out_dir, name)
    facts = []
    add = facts.append
    sha = hashlib.sha256()
    size = 0
    first = last = None
    with open(path + ".part", "wb") as f:
        head = ("\ufeff" + ",".join(HEADER) + "\r\n").encode("utf-8")
        f.write(head)
        sha.update(head)
        size += len(head)
        buf = []
        for fields, row_facts in corpus.rows(lo, hi):
            buf.append(",".join(fields))
            add(row_facts)
            if first is None:
                first = fields[0]
            last = fields[0]
            if len(buf) == 10000:
                data = ("\r\n".join(buf) + "\r\n").encode("utf-8")
                f.write(data)
                sha.update(data)
                size += len(data)
                buf = []
                if progress:
                    progress(10000)
        if buf:
            data = ("\r\n".join(buf) + "\r\n").encode("utf-8")
            f.write(data)
            sha.update(data)
            size += len(data)
            if progress:
                progress(len(buf))
    os.replace(path + ".part", path)
    counts = Counts(facts)
    first_day, last_day = corpus.day_of(lo), corpus.day_of(hi - 1)
    entry = {"chunk": k, "file": name, "first_row": lo + 1, "last_row": hi,
             "first_day": corpus.iso[first_day], "last_day": corpus.iso[last_day],
             "first_number": first, "last_number": last, "bytes": size, "sha256": sha.hexdigest()}
    entry.update(counts.to_json())
    return entry, counts


def write_json(path, obj):
    with open(path + ".part", "w", encoding="utf-8") as f:
        json.dump(obj, f, ensure_ascii=False, indent=1)
        f.write("\n")
    os.replace(path + ".part", path)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cases", type=int, default=10_000_000, help="rows in the corpus (default 10000000)")
    ap.add_argument("--years", default="2016-2025", help="registration years, e.g. 2016-2025 (default)")
    ap.add_argument("--seed", type=int, default=1, help="random seed, ≥ 0 (default 1)")
    ap.add_argument("--out-dir", required=True, help="where to write orgs.tsv, the chunks, manifest and probes")
    ap.add_argument("--chunk-rows", type=int, default=200_000, help="rows per chunk file (default 200000)")
    ap.add_argument("--chunk", type=int, default=0, help="write only chunk K (1-based), plus orgs.tsv and probes")
    ap.add_argument("--categories", default=DEFAULT_CATEGORIES, help="category table (default config/categories.tsv)")
    ap.add_argument("--quiet", action="store_true", help="no progress on stderr")
    args = ap.parse_args(argv)

    first_year, last_year = parse_years(args.years)
    if dt.date(last_year, 12, 31) >= dt.date.today():
        # The importer refuses dates after today, and a corpus must not depend on the day it is made.
        sys.exit(f"--years {args.years}: the corpus ends on {last_year}-12-31, which is not in the past")
    if args.chunk_rows < 1:
        sys.exit("--chunk-rows must be at least 1")
    n_chunks = (args.cases + args.chunk_rows - 1) // args.chunk_rows
    if args.chunk and not 1 <= args.chunk <= n_chunks:
        sys.exit(f"--chunk {args.chunk}: the corpus has chunks 1..{n_chunks}")
    c_start = time.process_time()
    try:
        corpus = Corpus(args.cases, first_year, last_year, args.seed, args.categories)
    except ValueError as e:
        sys.exit(str(e))
    c_init = time.process_time() - c_start
    os.makedirs(args.out_dir, exist_ok=True)
    write_orgs(corpus.orgs, args.out_dir)

    t0 = time.monotonic()
    c0 = time.process_time()
    total = args.chunk_rows if args.chunk else args.cases
    done = [0, t0]

    def progress(k):
        done[0] += k
        now = time.monotonic()
        if not args.quiet and (now - done[1] >= 10 or done[0] == total):
            done[1] = now
            rate = done[0] / max(now - t0, 1e-9)
            print(f"xf_gen: {done[0]:,} / {total:,} rows, {rate:,.0f} rows/s", file=sys.stderr)

    options = {"cases": args.cases, "years": f"{first_year}-{last_year}", "seed": args.seed,
               "chunk_rows": args.chunk_rows, "chunks": n_chunks, "generator_version": VERSION,
               "categories": os.path.basename(args.categories)}
    ledger = {"first_day": corpus.iso[0], "last_day": corpus.iso[corpus.cutoff], "orgs": len(corpus.orgs),
              "counties": len(corpus.counties), "townships": sum(len(c["towns"]) for c in corpus.counties),
              "cities": len(corpus.cities)}
    chunks = [args.chunk] if args.chunk else range(1, n_chunks + 1)
    entries, totals = [], Counts()
    for k in chunks:
        entry, counts = write_chunk(corpus, k, args.chunk_rows, args.out_dir, progress)
        entries.append(entry)
        totals.merge(counts)
    elapsed, cpu = time.monotonic() - t0, time.process_time() - c0
    manifest = {"options": options, "ledger": ledger}
    if args.chunk:
        manifest["only_chunk"] = args.chunk
    manifest["totals"] = totals.to_json()
    manifest["chunks"] = entries
    name = f"manifest_{args.chunk:04d}.json" if args.chunk else "manifest.json"
    write_json(os.path.join(args.out_dir, name), manifest)
    c_probes = time.process_time()
    write_json(os.path.join(args.out_dir, "probes.json"), build_probes(corpus))
    c_probes = time.process_time() - c_probes
    if not args.quiet:
        size = sum(e["bytes"] for e in entries)
        print(f"xf_gen: {totals.rows:,} rows in {len(entries)} file(s), {size / max(totals.rows, 1):.0f} bytes/row; "
              f"rows {elapsed:.1f} s = {totals.rows / max(elapsed, 1e-9):,.0f} rows/s (CPU {cpu:.1f} s = "
              f"{totals.rows / max(cpu, 1e-9):,.0f} rows/s); set-up {c_init:.1f} s, probes {c_probes:.1f} s CPU "
              f"-> {args.out_dir}", file=sys.stderr)


if __name__ == "__main__":
    main()
