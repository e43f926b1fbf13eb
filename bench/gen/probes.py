"""probes.json: what a benchmark of the generated corpus asks the server for.

Built from anchor rows only (corpus.ANCHOR_STRIDE): an anchor's identity is a function of (seed, row), so the
probes of a 10-million-row corpus cost a few thousand row generations, need no chunk on disk, and are the same
whether the corpus was written in full or one chunk at a time. Every probe names rows that exist in the corpus.
"""

import random

import vocab
from corpus import ANCHOR_PHASE, ANCHOR_STRIDE

TERM_SAMPLE = 2000   # anchors whose text decides which vocabulary terms occur, and how often
TERMS = 100          # two-character and four-character search terms each
CASES = 200          # case numbers for case-detail requests
DRAFTS = 200         # repeat-lookup drafts
FILLERS = "的了也都再又还在是有和"


def _spread(count, n_anchors, rng):
    """count anchor indices spread over the corpus, one in each of count equal slices (all when fewer)."""
    if n_anchors <= count:
        return list(range(n_anchors))
    return [int((k + rng.random()) * n_anchors / count) for k in range(count)]


def _pick_evenly(items, count):
    """count items spaced evenly along a list ordered from most to least frequent: common and rare terms both."""
    if len(items) <= count:
        return list(items)
    return [items[round(k * (len(items) - 1) / (count - 1))] for k in range(count)]


def _edit(text, rng, edits):
    chars = list(text)
    for _ in range(edits):
        p = int(rng.random() * len(chars))
        chars[p] = FILLERS[int(rng.random() * len(FILLERS))]
    return "".join(chars)


def build_probes(corpus):
    rng = random.Random(f"xf_gen probes {corpus.seed}")
    n_anchors = corpus.anchors()

    def row_of(k):
        return ANCHOR_PHASE + k * ANCHOR_STRIDE

    # Search terms: the vocabulary's words of two and four characters, counted in a sample of the corpus, then
    # chosen evenly from the most to the least frequent, so that a benchmark sees both kinds of hit counts.
    sample = [corpus.anchor_identity(row_of(k)) for k in _spread(TERM_SAMPLE, n_anchors, rng)]
    texts = [(s.title, s.content) for s in sample]
    words = {2: [], 4: []}
    seen = set()
    for *_, kw, _t, _f, _r in vocab.TOPICS:
        for w in kw.split():
            if len(w) in words and w not in seen:
                seen.add(w)
                words[len(w)].append(w)
    terms = {}
    for length, cands in words.items():
        # Which of the words each sampled case contains: its n-grams of the words' length, met with the words.
        wanted = set(cands)
        count = {}
        for title, content in texts:
            grams = {title[k:k + length] for k in range(len(title) - length + 1)}
            grams.update(content[k:k + length] for k in range(len(content) - length + 1))
            for w in grams & wanted:
                count[w] = count.get(w, 0) + 1
        hits = [(-count[w], order, w, count[w]) for order, w in enumerate(cands) if w in count]
        hits.sort()
        chosen = _pick_evenly(hits, TERMS)
        scale = corpus.n / max(len(texts), 1)
        terms[length] = [{"term": w, "sample_hits": h, "estimated_hits": round(h * scale)} for _, _, w, h in chosen]

    cases = []
    for k in _spread(CASES, n_anchors, rng):
        idn = corpus.anchor_identity(row_of(k))
        cases.append({"number": idn.number, "row": idn.i + 1, "received_on": corpus.iso[idn.day],
                      "org": idn.org["code"]})

    drafts = []
    for k in _spread(DRAFTS, n_anchors, rng):
        idn = corpus.anchor_identity(row_of(k))
        person = {key: v for key, v in (("name", idn.name), ("id_number", idn.idno), ("phone", idn.phone)) if v}
        title = idn.title if rng.random() < 0.7 else _edit(idn.title, rng, 1)
        body = {"region_code": idn.eff_region, "title": title,
                "content": _edit(idn.content, rng, 3 + int(rng.random() * 6)),
                "petitioners": [person] if person else []}
        drafts.append({"repeats": idn.number, "row": idn.i + 1, "body": body})

    share = corpus.county_share
    return {
        "options": {"cases": corpus.n, "years": f"{corpus.first_year}-{corpus.last_year}", "seed": corpus.seed},
        "terms_2": [t["term"] for t in terms[2]],
        "terms_4": [t["term"] for t in terms[4]],
        "term_hits": {"sample_rows": len(texts), "terms_2": terms[2], "terms_4": terms[4]},
        "province": corpus.province["office"]["code"],
        "cities": [{"code": c["office"]["code"], "name": c["name"], "region": c["region"]} for c in corpus.cities],
        "counties": [{"code": c["office"]["code"], "name": c["name"], "region": c["region"],
                      "city": c["city"]["office"]["code"], "share": round(share[c["index"]], 5)}
                     for c in corpus.counties],
        "cases": cases,
        "repeat_drafts": drafts,
    }
