"""Entity resolution on golden name pairs: pairwise precision / recall / F1 of merges.

Compares, in one run, over benchmarks/data/name_pairs.tsv (transliteration variants and look-alikes
from many languages, labelled same / different):
- exact: two names merge when they are equal after casefolding;
- fuzzy@T: one Jaro-Winkler threshold (rapidfuzz) on casefolded names, T = 0.90, and the best T on
  this very set (an optimistic upper bound for that baseline);
- newsdossier (pairs): `names_match` on each pair alone;
- newsdossier (clustered): every name as a mention in its own article, resolved together, so
  transitive merges count (what a build does).

Usage: uv run python benchmarks/entities_eval.py [--limit N] [--errors]
"""
from __future__ import annotations

import argparse
import csv
import time
from pathlib import Path

from rapidfuzz.distance import JaroWinkler

from newsdossier.entities.normalize import coarse_type, forms
from newsdossier.entities.matching import names_match
from newsdossier.entities.resolution import MentionIn
from newsdossier.entities.resolve import resolve

DATA = Path(__file__).resolve().parent / "data" / "name_pairs.tsv"
FIXED_THRESHOLD = 0.90


def load(limit: int | None) -> list[dict]:
    with DATA.open(encoding="utf-8") as fh:
        rows = [r for r in csv.DictReader((line for line in fh if not line.startswith("#")), delimiter="\t")]
    return rows[:limit] if limit else rows


def score(pred: list[bool], gold: list[bool]) -> dict:
    tp = sum(p and g for p, g in zip(pred, gold))
    fp = sum(p and not g for p, g in zip(pred, gold))
    fn = sum(g and not p for p, g in zip(pred, gold))
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"P": p, "R": r, "F1": f, "TP": tp, "FP": fp, "FN": fn}


def clustered(rows: list[dict]) -> list[bool]:
    mentions, where = [], {}
    for i, r in enumerate(rows):
        for side in ("name_a", "name_b"):
            key = (r[side], r["type"])
            if key not in where:
                aid = f"a{len(where)}"
                where[key] = aid
                mentions.append(MentionIn(aid, 0, len(r[side]), r[side], r["type"]))
    res = resolve(mentions)
    ent = {m.article_id: eid for m, eid in res.mentions}
    return [ent[where[(r["name_a"], r["type"])]] == ent[where[(r["name_b"], r["type"])]] for r in rows]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--limit", type=int, default=None, help="use only the first N pairs")
    ap.add_argument("--quick", action="store_true", help="same as --limit 60")
    ap.add_argument("--errors", action="store_true", help="list the pairs newsdossier gets wrong")
    args = ap.parse_args()
    rows = load(60 if args.quick else args.limit)
    gold = [r["label"] == "same" for r in rows]
    a = [r["name_a"] for r in rows]
    b = [r["name_b"] for r in rows]
    sims = [JaroWinkler.normalized_similarity(x.casefold(), y.casefold()) for x, y in zip(a, b)]
    results = {"exact (casefold)": score([x.casefold() == y.casefold() for x, y in zip(a, b)], gold),
               f"fuzzy JW>={FIXED_THRESHOLD:.2f}": score([s >= FIXED_THRESHOLD for s in sims], gold)}
    best_t = max((t / 100 for t in range(70, 100)), key=lambda t: score([s >= t for s in sims], gold)["F1"])
    results[f"fuzzy JW>={best_t:.2f} (best on set)"] = score([s >= best_t for s in sims], gold)
    t0 = time.perf_counter()
    pair_pred = [bool(names_match(forms(r["name_a"], coarse_type(r["type"])), forms(r["name_b"], coarse_type(r["type"]))))
                 for r in rows]
    results["newsdossier (pairs)"] = score(pair_pred, gold)
    clus_pred = clustered(rows)
    results["newsdossier (clustered)"] = score(clus_pred, gold)
    elapsed = time.perf_counter() - t0
    n_same = sum(gold)
    print(f"{len(rows)} pairs ({n_same} same, {len(rows) - n_same} different) from {DATA.name}; "
          f"newsdossier ran in {elapsed * 1000:.0f} ms")
    base_f1 = results[f"fuzzy JW>={FIXED_THRESHOLD:.2f}"]["F1"]
    print(f"{'method':<34}{'P':>7}{'R':>7}{'F1':>7}{'TP':>5}{'FP':>5}{'FN':>5}  F1 / fuzzy@0.90")
    for name, s in results.items():
        print(f"{name:<34}{s['P']:>7.3f}{s['R']:>7.3f}{s['F1']:>7.3f}{s['TP']:>5}{s['FP']:>5}{s['FN']:>5}"
              f"  {s['F1'] / base_f1 if base_f1 else 0:.2f}x")
    print("target: F1 >= 0.90 with precision >= 0.95")
    if args.errors:
        for r, p, c, g in zip(rows, pair_pred, clus_pred, gold):
            if c != g or p != g:
                kind = "missed" if g else "false merge"
                print(f"  {kind:<12} {r['name_a']!r} / {r['name_b']!r} ({r['type']}, {r['origin']}) pair={p} cluster={c}")


if __name__ == "__main__":
    main()
