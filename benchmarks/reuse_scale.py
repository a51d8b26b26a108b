"""Text-reuse scale test: time and peak memory for 10k and 100k articles.

Articles are composed from BBC sentences (../shared/data/bbc) drawn at random across articles.
The 2,225 BBC articles hold about 32,000 sentences that share no five-word run, fewer than large
corpora need, so each time the pool is used up it is reused with every third word replaced by
another corpus word (a different third each round; words as the detector splits them, so a
hyphenated compound or a figure is several). Two copies of one sentence then share no word trigram
except by chance, and the only passages meant to be shared are the ones planted as in
reuse_eval.py (one group per 100 articles).

Precision is honest about the corpus: the composer records which pool sentence each composed
sentence copies, and a found passage that matches no planted one but whose two spans copy the same
pool sentence is *incidental* reuse (true reuse, just not planted): it is counted apart, neither
as a hit nor as a false positive. Every other unmatched passage is a false positive.

Each size runs in fresh processes: one writes the store, one runs the reuse stage over 99% of the
articles and then, incrementally, over the last 1% (reporting seconds and peak resident memory of
that process). Near-linear growth means seconds per article stay about flat from 10k to 100k.

Run: uv run python benchmarks/reuse_scale.py [--quick] [--sizes 10000 100000]
"""
from __future__ import annotations

import argparse
import json
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from reuse_eval import as_found, load_store, match, plant, read_bbc, sentences  # noqa: E402


WORD_RE = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")  # the detector's words (newsdossier.reuse.tokens)


def build_pool() -> list[str]:
    """BBC sentences that share no run of five words with one another."""
    # BBC repeats itself (duplicate and updated articles, quotes retold): keep a sentence only when
    # it shares no run of five words with a sentence kept before, so the pool holds no shared passages
    pool, seen = [], set()
    for _, t in read_bbc():
        for s, e in sentences(t):
            words = re.findall(r"\w+", t[s:e].lower())
            grams = {" ".join(words[i : i + 5]) for i in range(max(1, len(words) - 4))}
            if grams.isdisjoint(seen):
                seen.update(grams)
                pool.append(t[s:e])
    return pool


def disguise(sentence: str, offset: int, rng: random.Random, vocab: list[str]) -> str:
    """`sentence` with every third word (from `offset`) replaced by a random corpus word.

    Words are the detector's words (a hyphenated compound or a figure like 7:39.89 is several), so
    every word trigram of the result holds a replaced word: two disguised copies of one sentence
    share no trigram, except when two random draws happen to agree.
    """
    out, pos = [], 0
    for n, m in enumerate(WORD_RE.finditer(sentence)):
        if n % 3 == offset:
            out.append(sentence[pos : m.start()])
            out.append(rng.choice(vocab))
            pos = m.end()
    out.append(sentence[pos:])
    return "".join(out)


def compose(n: int, seed: int = 5, origins: list[list[tuple[str, int]]] | None = None) -> list[tuple[str, str]]:
    """n articles of 8-25 pool sentences. When `origins` is given, each article's (sentence as
    written, pool index) pairs are appended to it: two articles holding sentences of one pool
    index share (a disguised copy of) the same sentence."""
    rng = random.Random(seed)
    pool = build_pool()
    vocab = sorted({w for s in pool[:20000] for w in s.split() if w.isalpha() and w.islower()})
    order: list[int] = []
    rnd = 0
    out = []
    for k in range(n):
        size = rng.randint(8, 25)
        sents, prov = [], []
        for _ in range(size):
            if not order:
                order = list(range(len(pool)))
                rng.shuffle(order)
                rnd += 1
            pi = order.pop()
            s = pool[pi]
            if rnd > 1:  # reuse the pool with every third word replaced
                s = disguise(s, (rnd + k) % 3, rng, vocab)
            sents.append(s)
            prov.append((s, pi))
        if origins is not None:
            origins.append(prov)
        paras, i = [], 0
        while i < len(sents):
            j = i + rng.randint(1, 3)
            paras.append(" ".join(sents[i:j]))
            i = j
        out.append((f"composed/{k}", f"Composed article {k}\n\n" + "\n\n".join(paras)))
    return out


def origin_spans(texts: dict[str, str], origins: list[list[tuple[str, int]]]) -> dict[str, list[list[int]]]:
    """article id -> [start, end, pool index] of each composed sentence in the final (planted) text."""
    out = {}
    for k, prov in enumerate(origins):
        aid = f"a{k:06d}"  # plant() names the k-th base article so
        text, pos, spans = texts[aid], 0, []
        for s, pi in prov:
            at = text.find(s, pos)
            if at >= 0:
                spans.append([at, at + len(s), pi])
                pos = at + len(s)
        out[aid] = spans
    return out


def write_store(n: int, path: str, gold_path: str) -> None:
    from newsdossier.store import Store

    t = time.perf_counter()
    origins: list[list[tuple[str, int]]] = []
    corpus = plant(compose(n, origins=origins), groups=max(1, n // 100), max_recipients=3)
    with Store.open(path) as store:
        load_store(store, corpus.texts, corpus.published)
    Path(gold_path).write_text(json.dumps({"gold": corpus.gold, "origins": origin_spans(corpus.texts, origins)}))
    print(json.dumps({"compose_s": time.perf_counter() - t, "articles": len(corpus.texts)}))


def _pools(aid: str, s: int, e: int, origins: dict, planted: dict) -> set[int]:
    """Pool sentences that a span of an article is made of (at least half of each sentence covered),
    including those of a passage planted there (taken from the donor's span)."""
    got = {pi for a, b, pi in origins.get(aid, ()) if min(b, e) - max(a, s) > 0.5 * (b - a)}
    for ps, pe, donor, ds, de in planted.get(aid, ()):
        if min(pe, e) - max(ps, s) > 0:
            got |= {pi for a, b, pi in origins.get(donor, ()) if min(b, de) - max(a, ds) > 0.5 * (b - a)}
    return got


def judge(found: list[tuple], gold: list[tuple], origins: dict) -> dict[str, float]:
    """Recall and precision against the planted passages. A found passage that matches no planted
    one is *incidental reuse* when both of its spans hold copies of one pool sentence (true reuse
    the composer did not mean to plant: not counted either way), otherwise a false positive."""
    g2f, unmatched = match(found, gold)
    planted: dict[str, list[tuple]] = {}
    for x, xs, xe, y, ys, ye, *_ in gold:
        planted.setdefault(y, []).append((ys, ye, x, xs, xe))
    incidental = [k for k in unmatched
                  if _pools(found[k][0], found[k][1], found[k][2], origins, planted)
                  & _pools(found[k][3], found[k][4], found[k][5], origins, planted)]
    false = len(unmatched) - len(incidental)
    judged = len(found) - len(incidental)
    return {"recall": len(g2f) / max(1, len(gold)), "precision": (judged - false) / max(1, judged),
            "raw_precision": (len(found) - len(unmatched)) / max(1, len(found)),
            "incidental": len(incidental), "false": false, "gold": len(gold), "found": len(found),
            "_unmatched": unmatched, "_incidental": incidental}


def run_detect(path: str, gold_path: str, dump: str | None = None) -> None:
    from newsdossier.reuse import detect_reuse
    from newsdossier.store import Store

    with Store.open(path) as store:
        ids = [r[0] for r in store.execute("SELECT id FROM articles ORDER BY id").fetchall()]
        cut = int(len(ids) * 0.99)
        t = time.perf_counter()
        with store.transaction():
            s1 = detect_reuse(store, ids[:cut])
        first = time.perf_counter() - t
        rss_first = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        t = time.perf_counter()
        with store.transaction():
            s2 = detect_reuse(store)
        second = time.perf_counter() - t
        rows = store.rows("SELECT * FROM reuse")
    saved = json.loads(Path(gold_path).read_text())
    gold = [tuple(g) for g in saved["gold"]]
    found = as_found(rows)
    verdict = judge(found, gold, saved["origins"])
    unmatched, incidental = set(verdict.pop("_unmatched")), set(verdict.pop("_incidental"))
    if dump:
        Path(dump).write_text(json.dumps([
            r | {"verdict": "incidental" if k in incidental else "false" if k in unmatched else "planted"}
            for k, r in enumerate(rows)], default=str))
    print(json.dumps({
        "first_s": first, "first_articles": s1.new_articles, "units": s1.units, "candidates": s1.candidate_pairs,
        "index_s": s1.seconds_index, "align_s": s1.seconds_align, "cluster_s": s1.seconds_cluster,
        "incr_s": second, "incr_articles": s2.new_articles, "incr_candidates": s2.candidate_pairs,
        "peak_mb": rss_first, "peak_mb_total": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        **verdict,
    }))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    ap.add_argument("--quick", action="store_true", help="sizes 2,000 and 10,000")
    ap.add_argument("--_write", nargs=3, help=argparse.SUPPRESS)
    ap.add_argument("--_detect", nargs="+", help=argparse.SUPPRESS)
    ap.add_argument("--dump", help="write each size's found passages to DUMP.<size>.json")
    args = ap.parse_args()
    if args._write:
        write_store(int(args._write[0]), args._write[1], args._write[2])
        return
    if args._detect:
        run_detect(*args._detect)
        return
    sizes = [2_000, 10_000] if args.quick else args.sizes
    results = []
    for n in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            path, gold = f"{tmp}/scale.duckdb", f"{tmp}/gold.json"
            w = subprocess.run([sys.executable, __file__, "--_write", str(n), path, gold], check=True,
                               capture_output=True, text=True)
            made = json.loads(w.stdout.strip().splitlines()[-1])
            extra = [f"{args.dump}.{n}.json"] if args.dump else []
            d = subprocess.run([sys.executable, __file__, "--_detect", path, gold, *extra], check=True,
                               capture_output=True, text=True)
            r = json.loads(d.stdout.strip().splitlines()[-1])
            r.update(made, n=n)
            results.append(r)
            print(f"{n:,} articles: composed in {made['compose_s']:.0f}s; reuse stage {r['first_s']:.1f}s "
                  f"(index {r['index_s']:.1f}s, align {r['align_s']:.1f}s, clusters {r['cluster_s']:.1f}s), "
                  f"peak {r['peak_mb']:.0f} MB", flush=True)
    print(f"\n{'articles':>10}{'seconds':>10}{'ms/article':>12}{'peak MB':>10}{'units':>11}{'cand.pairs':>12}"
          f"{'incr. 1% s':>12}{'recall':>8}{'precision':>10}{'found':>7}{'incid.':>7}{'false':>7}")
    for r in results:
        print(f"{r['first_articles']:>10,}{r['first_s']:>10.1f}{1000 * r['first_s'] / r['first_articles']:>12.2f}"
              f"{r['peak_mb']:>10.0f}{r['units']:>11,}{r['candidates']:>12,}{r['incr_s']:>12.2f}"
              f"{r['recall']:>8.3f}{r['precision']:>10.3f}{r['found']:>7}{r['incidental']:>7}{r['false']:>7}")
    print("precision: planted passages found / (passages found - incidental); incidental: found passages "
          "that match no planted one but whose two spans copy the same pool sentence (true reuse, not "
          "planted); false: the rest (target precision >= 0.95)")
    if len(results) >= 2:
        a, b = results[0], results[-1]
        growth = (b["first_s"] / a["first_s"]) / (b["first_articles"] / a["first_articles"])
        print(f"\ntime grows {b['first_s'] / a['first_s']:.1f}x for {b['first_articles'] / a['first_articles']:.1f}x "
              f"the articles (1.0 = linear: {growth:.2f}); memory {b['peak_mb'] / a['peak_mb']:.1f}x")


if __name__ == "__main__":
    main()
