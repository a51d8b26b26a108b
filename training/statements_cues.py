"""Train the attribution-cue model (`newsdossier.statements.cues`) on PolNeAR train.

    uv run python training/statements_cues.py [--data ../shared/data/quotes/polnear] [--cache /tmp/x.spacy]

Only the `train` split is read, and the articles of the two benchmark samples
(`benchmarks/quotes_polnear.py --split train --limit 150 --seed 1` and `--seed 2`) are left out, so those
samples stay held-out figures. A tenth of the rest is held out again to pick the decision threshold.
A gold cue's *head* (the verb, noun or adjective of the cue span whose parse head lies outside the span)
is a positive; every other candidate token is a negative. Needs scikit-learn (a dev dependency).
"""
from __future__ import annotations

import argparse
import random
import time
from collections import defaultdict
from pathlib import Path

import numpy as np

from newsdossier.config import data_dir

from newsdossier.statements.cues import BITS, CueModel, MODEL_PATH, bucket, features, is_candidate

DEFAULT_DATA = data_dir() / "quotes" / "polnear"
SEED = 13
HELD_OUT_SEEDS = (1, 2)
HELD_OUT_LIMIT = 150


def list_articles(data: Path, split: str = "train") -> list[tuple[Path, Path]]:
    """(text, first annotator file) per article, sorted: the benchmark's own order."""
    anns: dict[str, list[Path]] = defaultdict(list)
    for ann in sorted((data / split / "attributions").glob("*.ann")):
        anns[ann.stem.rsplit("_", 1)[0]].append(ann)
    text_dir = data / split / "text"
    return [(text_dir / f"{name}.txt", files[0]) for name, files in sorted(anns.items())
            if (text_dir / f"{name}.txt").exists()]


def parse_articles(items: list[tuple[Path, Path]], cache: Path | None) -> list:
    """Parse each article's text once, or read the parses from a DocBin cache of the same texts."""
    from spacy.tokens import DocBin

    from newsdossier.nlp import load_nlp

    nlp = load_nlp()
    texts = [p.read_text(encoding="utf-8") for p, _ in items]
    if cache and cache.exists():
        docs = list(DocBin().from_disk(cache).get_docs(nlp.vocab))
        if [d.text for d in docs] == texts:
            return docs
    t0 = time.perf_counter()
    docs = list(nlp.pipe(texts, batch_size=32))
    print(f"parsed {len(docs)} articles in {time.perf_counter() - t0:.0f}s")
    if cache:
        db = DocBin(store_user_data=False)
        for d in docs:
            db.add(d)
        db.to_disk(cache)
    return docs


def trainer_arguments(description: str, model_path: Path) -> argparse.ArgumentParser:
    """The options both statement trainers take: where PolNeAR is, the parse cache, the model to write."""
    ap = argparse.ArgumentParser(description=description)
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--cache", type=Path, default=None, help="DocBin of the parsed train split (made if missing)")
    ap.add_argument("--out", type=Path, default=model_path)
    return ap


def training_articles(data: Path, cache: Path | None) -> list[tuple[Path, Path, object]]:
    """(text, annotator file, parse) of every train article outside the benchmark's held-out samples."""
    items = list_articles(data)
    docs = parse_articles(items, cache)
    skip = held_out(items)
    return [(p, a, d) for (p, a), d in zip(items, docs) if p not in skip]


def read_brat(ann: Path) -> tuple[dict[str, list[tuple[int, int]]], list[dict[str, str]]]:
    """A brat standoff file's text-bound spans (id -> fragments) and its events (role -> span id)."""
    spans: dict[str, list[tuple[int, int]]] = {}
    events = []
    for line in ann.read_text(encoding="utf-8").splitlines():
        if line.startswith("T") and line.count("\t") >= 1:
            tid, info, *_ = line.split("\t")
            _, _, offs = info.partition(" ")
            spans[tid] = [tuple(map(int, part.split())) for part in offs.split(";")]
        elif line.startswith("E"):
            events.append(dict(p.split(":", 1) for p in line.split("\t")[1].split()))
    return spans, events


def gold_cues(ann: Path) -> list[list[tuple[int, int]]]:
    spans, events = read_brat(ann)
    return [spans[ev["Cue"]] for ev in events if ev.get("Cue") in spans]


def cue_heads(doc, cues) -> set[int]:
    """Token indices of the gold cues' heads."""
    heads = set()
    for frags in cues:
        toks = [t for t in doc if any(a <= t.idx < b for a, b in frags)]
        ids = {t.i for t in toks}
        cands = [t for t in toks if is_candidate(t)]
        top = [t for t in cands if t.head.i not in ids or t.head.i == t.i]
        pick = (top or cands)[:1]
        heads.update(t.i for t in pick)
    return heads


def rows(doc, cues, lemmas: set[str] | None = None) -> tuple[list[list[int]], list[int]]:
    from newsdossier.statements.quotes import find_quotes

    quotes = find_quotes(doc.text)
    heads = cue_heads(doc, cues)
    X, y = [], []
    for tok in doc:
        if not is_candidate(tok):
            continue
        inq = any(q.open < tok.idx < q.close for q in quotes)
        X.append([bucket(f) for f in features(tok, inq)])
        y.append(int(tok.i in heads))
        if lemmas is not None and tok.i in heads:
            lemmas.add(tok.lemma_.lower())
    return X, y


def held_out(items: list[tuple[Path, Path]]) -> set[Path]:
    out: set[Path] = set()
    for seed in HELD_OUT_SEEDS:
        out.update(p for p, _ in random.Random(seed).sample(items, HELD_OUT_LIMIT))
    return out


def _matrix(X: list[list[int]]):
    from scipy.sparse import csr_matrix

    indptr = np.cumsum([0] + [len(r) for r in X])
    indices = np.fromiter((i for r in X for i in r), dtype=np.int64, count=int(indptr[-1]))
    data = np.ones(len(indices), dtype=np.float32)
    m = csr_matrix((data, indices, indptr), shape=(len(X), 1 << BITS))
    m.sum_duplicates()
    m.data[:] = 1.0
    return m


def main(argv: list[str] | None = None) -> None:
    ap = trainer_arguments(__doc__.splitlines()[0], MODEL_PATH)
    ap.add_argument("--c", type=float, default=0.5, help="inverse regularisation strength")
    args = ap.parse_args(argv)
    from sklearn.linear_model import LogisticRegression

    pool = training_articles(args.data, args.cache)
    random.Random(SEED).shuffle(pool)
    n_val = len(pool) // 10
    parts = {"val": pool[:n_val], "fit": pool[n_val:]}
    data = {}
    lemmas: set[str] = set()
    for name, arts in parts.items():
        X, y = [], []
        for _, ann, doc in arts:
            xs, ys = rows(doc, gold_cues(ann), lemmas)
            X += xs
            y += ys
        data[name] = (_matrix(X), np.array(y))
        print(f"{name}: {len(arts)} articles, {len(y)} candidates, {sum(y)} cue heads")
    clf = LogisticRegression(C=args.c, max_iter=2000, class_weight=None)
    clf.fit(*data["fit"])
    Xv, yv = data["val"]
    p = clf.predict_proba(Xv)[:, 1]
    best = (0.0, 0.5)
    for th in np.arange(0.2, 0.8, 0.025):
        pred = p >= th
        tp = int((pred & (yv == 1)).sum())
        prec = tp / max(pred.sum(), 1)
        rec = tp / max(yv.sum(), 1)
        f1 = 2 * prec * rec / max(prec + rec, 1e-9)
        if f1 > best[0]:
            best = (f1, float(th))
        print(f"  threshold {th:.3f}: P {prec:.3f} R {rec:.3f} F1 {f1:.3f}")
    print(f"held-out token F1 {best[0]:.3f} at threshold {best[1]:.3f}")
    # refit on all training articles (the threshold stays the one picked on the held-out tenth)
    from scipy.sparse import vstack

    clf.fit(vstack([data["fit"][0], data["val"][0]]), np.concatenate([data["fit"][1], data["val"][1]]))
    model = CueModel(clf.coef_[0], float(clf.intercept_[0]), best[1], sorted(lemmas))
    model.save(args.out)
    print(f"wrote {args.out} ({args.out.stat().st_size // 1024} KiB)")


if __name__ == "__main__":
    main()
