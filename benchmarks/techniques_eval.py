"""Propaganda techniques on held-out PTC articles: the linear model next to the lexicon baseline.

    uv run python benchmarks/techniques_eval.py [--quick | --limit N] [--cache FILE]

Holds out 20% of ../shared/data/ptc/train by article (fixed seed), trains the model on the rest
(`training/techniques.py`), and reports on the held-out articles:
- span identification P/R/F1 with the SemEval-2020 task 11 SI measure (partial credit by overlap);
- technique classification micro-F1 on the gold spans;
- articles/s of the technique stage and of the labels stage, next to the spaCy parse's articles/s.
Published best (large transformer ensembles, on the task's own dev/test): SI F1 ~0.51, TC micro-F1 ~0.63.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO / "training"))

import techniques as T  # noqa: E402  (training/techniques.py)
from newsdossier.framing.model import doc_features  # noqa: E402
from newsdossier.nlp import load_nlp  # noqa: E402

DATA = REPO.parent / "shared" / "data" / "ptc" / "train"
HOLDOUT = 0.2
SEED = 11


def stage_rate(articles, run) -> float:
    t = time.perf_counter()
    for a in articles:
        run(a)
    return len(articles) / (time.perf_counter() - t)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--limit", type=int, default=None, help="use only the first N articles")
    ap.add_argument("--quick", action="store_true", help="120 articles")
    ap.add_argument("--cache", type=Path, default=None, help="DocBin file to reuse parses across runs")
    ap.add_argument("--thresholds", action="store_true",
                    help="also print span precision / recall / F1 at several span thresholds (to choose the web's)")
    args = ap.parse_args()
    if not args.data.exists():
        sys.exit(f"{args.data} not found (see ../shared/data/ptc/README.md)")
    limit = 120 if args.quick else args.limit
    nlp = load_nlp()
    articles = T.load_ptc(args.data, limit)
    T.parse_articles(articles, nlp, args.cache)
    rest, held = T.split_articles(articles, HOLDOUT, SEED)
    print(f"{len(articles)} articles: training on {len(rest)}, holding out {len(held)} (seed {SEED}); "
          f"data sha1 {T.data_hash(args.data)[:12]}")

    # the parse, measured fresh on the held-out texts (the cache may have skipped it)
    t = time.perf_counter()
    for _ in nlp.pipe((a.text for a in held), batch_size=32):
        pass
    parse_rate = len(held) / (time.perf_counter() - t)

    t = time.perf_counter()
    model = T.train(rest, log=lambda m: print("  " + m))
    train_s = time.perf_counter() - t

    p, r, f = T.si_scores([(T.predicted_spans(model, a), a.si) for a in held])
    bp, br, bf = T.si_scores([(T.baseline_spans(a), a.si) for a in held])
    tc = T.tc_micro_f1(held, lambda a: T.tc_predictions(model, a))
    btc = T.tc_micro_f1(held, T.baseline_techniques)

    def technique_stage(a):
        feats = doc_features(a.doc)
        spans = model.spans(feats)
        model.classify(a.doc, feats, [(t0, t1) for t0, t1, _ in spans], a.text.casefold())

    from newsdossier.article import Article, ParsedArticle
    from newsdossier.framing.labels import find_labels
    from newsdossier.mentions import extract_mentions

    def labels_stage(a):
        art = Article(id=a.id, source="ptc", format="txt", title=None, title_start=None, title_end=None,
                      outlet=None, dateline=None, published=None, author=None, url=None, body_start=0,
                      body_end=len(a.text), text=a.text)
        parsed = ParsedArticle(art, a.doc)
        parsed.records["mentions"] = list(extract_mentions(parsed))
        for _ in find_labels(parsed):
            pass

    for a in held:  # features cached by the evaluation above would flatter the timing
        a.feats = None
    tech_rate = stage_rate(held, technique_stage)
    label_rate = stage_rate(held, labels_stage)

    print()
    print(f"{'measure':44} {'model':>8} {'lexicon':>8} {'ratio':>7} {'published best':>15}")
    rows = [("SI precision (overlap)", p, bp, None), ("SI recall (overlap)", r, br, None),
            ("SI F1 (overlap)", f, bf, 0.51), ("TC micro-F1 on gold spans", tc, btc, 0.63)]
    for name, m, b, best in rows:
        ratio = f"{m / b:.2f}x" if b else "-"
        print(f"{name:44} {m:8.3f} {b:8.3f} {ratio:>7} {best if best else '':>15}")
    print()
    print(f"{'speed (held-out articles, 1 process)':44} {'art/s':>8} {'share of parse time':>20}")
    print(f"{'spaCy parse (load_nlp pipeline)':44} {parse_rate:8.1f} {'':>20}")
    print(f"{'techniques stage (features+spans+classes)':44} {tech_rate:8.1f} {parse_rate / tech_rate:19.1%}")
    print(f"{'labels stage (with mentions)':44} {label_rate:8.1f} {parse_rate / label_rate:19.1%}")
    print(f"\ntraining took {train_s:.0f}s; SI threshold {model.threshold}")
    if args.thresholds:
        print(f"\n{'span threshold':>14} {'SI P':>7} {'SI R':>7} {'SI F1':>7}")
        for threshold in sorted({round(model.threshold, 2), 0.3, 0.4, 0.5, 0.6, 0.7, 0.8}):
            tp, tr, tf = T.si_scores([(T.predicted_spans(model, a, threshold), a.si) for a in held])
            print(f"{threshold:14.2f} {tp:7.3f} {tr:7.3f} {tf:7.3f}")


if __name__ == "__main__":
    main()
