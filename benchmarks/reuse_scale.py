"""Text-reuse scale test: time and peak memory for 10k and 100k articles.

Articles are composed from BBC sentences (../shared/data/bbc) drawn at random across articles.
The 2,225 BBC articles hold about 35,000 sentences that share no five-word run, fewer than large corpora need, so each time
the pool is used up it is reused with every third word replaced by another corpus word (a different
third each round): no two composed articles share a word trigram except by chance, and the only
passages they share are the ones planted as in reuse_eval.py (one group per 100 articles).

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


def compose(n: int, seed: int = 5) -> list[tuple[str, str]]:
    rng = random.Random(seed)
    base = read_bbc()
    # BBC repeats itself (duplicate and updated articles, quotes retold): keep a sentence only when
    # it shares no run of five words with a sentence kept before, so the pool holds no shared passages
    pool, seen = [], set()
    for _, t in base:
        for s, e in sentences(t):
            words = re.findall(r"\w+", t[s:e].lower())
            grams = {" ".join(words[i : i + 5]) for i in range(max(1, len(words) - 4))}
            if grams.isdisjoint(seen):
                seen.update(grams)
                pool.append(t[s:e])
    vocab = sorted({w for s in pool[:20000] for w in s.split() if w.isalpha() and w.islower()})
    order: list[int] = []
    rnd = 0
    out = []
    for k in range(n):
        size = rng.randint(8, 25)
        sents = []
        for _ in range(size):
            if not order:
                order = list(range(len(pool)))
                rng.shuffle(order)
                rnd += 1
            s = pool[order.pop()]
            if rnd > 1:  # reuse the pool with every third word replaced
                words = s.split(" ")
                for i in range((rnd + k) % 3, len(words), 3):
                    words[i] = rng.choice(vocab)
                s = " ".join(words)
            sents.append(s)
        paras, i = [], 0
        while i < len(sents):
            j = i + rng.randint(1, 3)
            paras.append(" ".join(sents[i:j]))
            i = j
        out.append((f"composed/{k}", f"Composed article {k}\n\n" + "\n\n".join(paras)))
    return out


def write_store(n: int, path: str, gold_path: str) -> None:
    from newsdossier.store import Store

    t = time.perf_counter()
    corpus = plant(compose(n), groups=max(1, n // 100), max_recipients=3)
    with Store.open(path) as store:
        load_store(store, corpus.texts, corpus.published)
    Path(gold_path).write_text(json.dumps(corpus.gold))
    print(json.dumps({"compose_s": time.perf_counter() - t, "articles": len(corpus.texts)}))


def run_detect(path: str, gold_path: str) -> None:
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
    gold = [tuple(g) for g in json.loads(Path(gold_path).read_text())]
    found = as_found(rows)
    g2f, false = match(found, gold)
    print(json.dumps({
        "first_s": first, "first_articles": s1.new_articles, "units": s1.units, "candidates": s1.candidate_pairs,
        "index_s": s1.seconds_index, "align_s": s1.seconds_align, "cluster_s": s1.seconds_cluster,
        "incr_s": second, "incr_articles": s2.new_articles, "incr_candidates": s2.candidate_pairs,
        "peak_mb": rss_first, "peak_mb_total": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "recall": len(g2f) / max(1, len(gold)), "precision": (len(found) - len(false)) / max(1, len(found)),
        "gold": len(gold), "found": len(found),
    }))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    ap.add_argument("--quick", action="store_true", help="sizes 2,000 and 10,000")
    ap.add_argument("--_write", nargs=3, help=argparse.SUPPRESS)
    ap.add_argument("--_detect", nargs=2, help=argparse.SUPPRESS)
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
            d = subprocess.run([sys.executable, __file__, "--_detect", path, gold], check=True,
                               capture_output=True, text=True)
            r = json.loads(d.stdout.strip().splitlines()[-1])
            r.update(made, n=n)
            results.append(r)
            print(f"{n:,} articles: composed in {made['compose_s']:.0f}s; reuse stage {r['first_s']:.1f}s "
                  f"(index {r['index_s']:.1f}s, align {r['align_s']:.1f}s, clusters {r['cluster_s']:.1f}s), "
                  f"peak {r['peak_mb']:.0f} MB", flush=True)
    print(f"\n{'articles':>10}{'seconds':>10}{'ms/article':>12}{'peak MB':>10}{'units':>11}{'cand.pairs':>12}"
          f"{'incr. 1% s':>12}{'recall':>8}{'precision':>10}")
    for r in results:
        print(f"{r['first_articles']:>10,}{r['first_s']:>10.1f}{1000 * r['first_s'] / r['first_articles']:>12.2f}"
              f"{r['peak_mb']:>10.0f}{r['units']:>11,}{r['candidates']:>12,}{r['incr_s']:>12.2f}"
              f"{r['recall']:>8.3f}{r['precision']:>10.3f}")
    if len(results) >= 2:
        a, b = results[0], results[-1]
        growth = (b["first_s"] / a["first_s"]) / (b["first_articles"] / a["first_articles"])
        print(f"\ntime grows {b['first_s'] / a['first_s']:.1f}x for {b['first_articles'] / a['first_articles']:.1f}x "
              f"the articles (1.0 = linear: {growth:.2f}); memory {b['peak_mb'] / a['peak_mb']:.1f}x")


if __name__ == "__main__":
    main()
