"""Evaluate the `quantities` stage on our own golden set, side by side with quantulum3.

    uv run python benchmarks/quantities_eval.py [--quick] [--limit N] [--speed-docs N] [--show-errors]

Golden set: benchmarks/data/quantities_gold.jsonl (sentences written for this project, varied
topics, with expected span, value/low/high, hedge, unit, counted, predicate and agent per figure;
sentences with no figure test that years, dates, ages, codes and identifiers are left out).

Reports span precision/recall/F1 (exact character span; also a relaxed score where spans overlap),
interval accuracy (value, low and high all right, on matched spans), hedge/unit accuracy and the
accuracy of counted, predicate, agent and predicate+counted. quantulum3 (the common library for
quantity extraction) runs on the same sentences; it has no counted/predicate/agent, so those
columns stay empty for it. Finally the stage's cost is measured against the parse on BBC articles
from ../shared/data/bbc (the stage must cost well under 5% of the parse).
"""
from __future__ import annotations

import argparse
import json
import math
import sys
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

REPO = Path(__file__).resolve().parents[1]
GOLD = REPO / "benchmarks" / "data" / "quantities_gold.jsonl"
BBC = REPO.parent / "shared" / "data" / "bbc"
TARGETS = {"span_f1": 0.90, "interval_acc": 0.95, "pred_counted_acc": 0.80}


def load_gold(limit: int | None = None, path: Path = GOLD) -> list[dict]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return rows[:limit] if limit else rows


def _close(a, b) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(float(a), float(b), rel_tol=1e-4, abs_tol=1e-6)


def _norm(s):
    return s.strip().lower() if isinstance(s, str) else s


def parsed_article(nlp, text: str):
    from newsdossier.article import Article, ParsedArticle

    art = Article(id="gold", source="gold", format="txt", title=None, title_start=None, title_end=None,
                  outlet="Gold", dateline=None, published=None, author=None, url=None, body_start=0,
                  body_end=len(text), text=text)
    return ParsedArticle(art, nlp(text))


def ours(nlp, text: str) -> list[dict]:
    from newsdossier.quantities.extract import extract_quantities

    out = []
    for q in extract_quantities(parsed_article(nlp, text)):
        out.append(dict(start=q.start, end=q.end, span=q.text, value=q.value, low=q.low, high=q.high,
                        hedge=q.hedge, unit=q.unit, counted=q.counted_text, predicate=q.predicate,
                        agent=q.agent_text))
    return out


def quantulum(text: str) -> list[dict]:
    import quantulum3.classifier as qclf
    from quantulum3 import parser

    # quantulum3's shipped classifier was pickled with an older scikit-learn and cannot be loaded
    # with ours (retraining needs the extra `stemming` package): use its rule-based disambiguation.
    qclf.USE_CLF = False
    out = []
    for q in parser.parse(text):
        start, end = q.span
        u = q.uncertainty or 0.0
        out.append(dict(start=start, end=end, span=text[start:end], value=q.value, low=q.value - u,
                        high=q.value + u, hedge=None, unit=None, counted=None, predicate=None, agent=None))
    return out


def score(gold: list[dict], system) -> dict:
    tp = fp = fn = relaxed_tp = 0
    interval = hedge = unit = counted = pred = agent = both = 0
    errors = []
    for row in gold:
        text = row["text"]
        found = system(text)
        gspans = {(g["start"], g["start"] + len(g["span"])): g for g in row["figures"]}
        fspans = {(f["start"], f["end"]): f for f in found}
        for key, g in gspans.items():
            f = fspans.get(key)
            if f is None:
                fn += 1
                if any(s < key[1] and key[0] < e for s, e in fspans):
                    relaxed_tp += 1
                errors.append((row["id"], "missed", g["span"], [x["span"] for x in found]))
                continue
            tp += 1
            relaxed_tp += 1
            ok_int = _close(f["value"], g["value"]) and _close(f["low"], g["low"]) and _close(f["high"], g["high"])
            interval += ok_int
            hedge += _norm(f["hedge"]) == _norm(g["hedge"])
            unit += f["unit"] == g["unit"]
            c_ok = _norm(f["counted"]) == _norm(g["counted"])
            p_ok = _norm(f["predicate"]) == _norm(g["predicate"])
            a_ok = _norm(f["agent"]) == _norm(g["agent"])
            counted += c_ok
            pred += p_ok
            agent += a_ok
            both += c_ok and p_ok
            for name, ok, fv, gv in (("interval", ok_int, (f["value"], f["low"], f["high"]), (g["value"], g["low"], g["high"])),
                                     ("counted", c_ok, f["counted"], g["counted"]),
                                     ("predicate", p_ok, f["predicate"], g["predicate"]),
                                     ("agent", a_ok, f["agent"], g["agent"])):
                if not ok:
                    errors.append((row["id"], name, g["span"], f"got {fv!r}, want {gv!r}"))
        for key, f in fspans.items():
            if key not in gspans:
                fp += 1
                errors.append((row["id"], "spurious", f["span"], text))
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    n_gold = tp + fn
    rr = relaxed_tp / n_gold if n_gold else 0.0
    m = tp or 1
    return dict(gold=n_gold, found=tp + fp, span_p=p, span_r=r, span_f1=f1, relaxed_recall=rr,
                interval_acc=interval / m, hedge_acc=hedge / m, unit_acc=unit / m, counted_acc=counted / m,
                predicate_acc=pred / m, agent_acc=agent / m, pred_counted_acc=both / m, errors=errors)


def speed(nlp, n_docs: int) -> dict | None:
    """Seconds to parse n BBC articles vs seconds for the quantities stage over the same parses."""
    from newsdossier.article import Article, ParsedArticle
    from newsdossier.quantities.extract import extract_quantities

    files = sorted(BBC.rglob("*.txt"))[:n_docs] if BBC.exists() else []
    if not files:
        return None
    texts = [f.read_text(encoding="utf-8", errors="replace") for f in files]
    t0 = time.perf_counter()
    docs = list(nlp.pipe(texts, batch_size=64))
    parse_s = time.perf_counter() - t0
    parsed = []
    for text, doc in zip(texts, docs):
        art = Article(id=str(len(parsed)), source="bbc", format="txt", title=None, title_start=None,
                      title_end=None, outlet="BBC", dateline=None, published=None, author=None, url=None,
                      body_start=0, body_end=len(text), text=text)
        parsed.append(ParsedArticle(art, doc))
    t0 = time.perf_counter()
    n_q = sum(1 for p in parsed for _ in extract_quantities(p))
    stage_s = time.perf_counter() - t0
    tokens = sum(len(d) for d in docs)
    return dict(docs=len(texts), tokens=tokens, parse_s=parse_s, stage_s=stage_s, quantities=n_q,
                ratio=stage_s / parse_s if parse_s else 0.0)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="first 20 sentences, 50 speed docs")
    ap.add_argument("--limit", type=int, default=None, help="only the first N gold sentences")
    ap.add_argument("--speed-docs", type=int, default=300, help="BBC articles for the cost measurement (0: skip)")
    ap.add_argument("--show-errors", action="store_true", help="list every error of our stage")
    ap.add_argument("--gold", type=Path, default=GOLD,
                    help="golden file (default: the development set; data/quantities_heldout.jsonl was "
                         "written after development and never tuned on)")
    ap.add_argument("--json", type=Path, default=None, help="also write the figures to this JSON file")
    args = ap.parse_args(argv)
    limit = 20 if args.quick and not args.limit else args.limit
    speed_docs = 50 if args.quick else args.speed_docs

    from newsdossier.nlp import load_nlp

    nlp = load_nlp()
    gold = load_gold(limit, args.gold)
    ours_s = score(gold, lambda t: ours(nlp, t))
    try:
        base_s = score(gold, quantulum)
    except ImportError:
        base_s = None
    console = Console()
    t = Table("metric", "newsdossier", "quantulum3", "ratio", "target",
              title=f"quantities on {args.gold.name}: {len(gold)} sentences, {ours_s['gold']} figures")
    for key in ("span_p", "span_r", "span_f1", "relaxed_recall", "interval_acc", "hedge_acc", "unit_acc",
                "counted_acc", "predicate_acc", "agent_acc", "pred_counted_acc"):
        ov = ours_s[key]
        bv = base_s[key] if base_s and key not in ("counted_acc", "predicate_acc", "agent_acc",
                                                    "pred_counted_acc", "hedge_acc", "unit_acc") else None
        ratio = f"{ov / bv:.2f}" if bv else "-"
        target = TARGETS.get(key)
        mark = "" if target is None else (" ok" if ov >= target else " BELOW")
        t.add_row(key, f"{ov:.3f}", "-" if bv is None else f"{bv:.3f}", ratio,
                  "-" if target is None else f">= {target:.2f}{mark}")
    t.add_row("figures found", str(ours_s["found"]), str(base_s["found"]) if base_s else "-", "-", "-")
    console.print(t)
    if speed_docs:
        sp = speed(nlp, speed_docs)
        if sp:
            console.print(f"cost: parse {sp['parse_s']:.2f}s for {sp['docs']} BBC articles ({sp['tokens']:,} tokens); "
                          f"quantities stage {sp['stage_s']:.3f}s = {sp['ratio']:.1%} of the parse "
                          f"({sp['quantities']:,} figures)")
        else:
            console.print(f"cost: skipped ({BBC} not found)")
    if args.show_errors:
        for e in ours_s["errors"]:
            console.print(" | ".join(str(x) for x in e), highlight=False)
    if args.json:
        args.json.write_text(json.dumps({"ours": {k: v for k, v in ours_s.items() if k != "errors"},
                                         "quantulum3": {k: v for k, v in (base_s or {}).items() if k != "errors"}},
                                        indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
