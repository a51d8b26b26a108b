"""Train the technique model on the PTC training articles, and the measures to evaluate it.

    uv run python training/techniques.py --data ../shared/data/ptc/train \
        --out src/newsdossier/framing/model

reads `articles/*.txt`, `train-task1-SI.labels` and `train-task2-TC.labels` (see that folder's
README), parses every article once with the project's pipeline, fits the span model (token logistic
regression; threshold chosen on a seeded 15% of the articles) and the technique model (multinomial
logistic regression on gold spans), and writes `techniques.npz` + `techniques.json` (seed, data hash,
sizes). Needs scikit-learn (dev dependency); inference does not.
"""
from __future__ import annotations

import argparse
import hashlib
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from newsdossier.config import data_dir
from spacy.tokens import Doc, DocBin

from newsdossier.framing.lexicon import TECHNIQUE_CATEGORIES
from newsdossier.framing.model import (
    FEATURE_VERSION, SI_BITS, TC_BITS, TECHNIQUES, DocFeatures, TechniqueModel, cue_categories, doc_features,
    span_feature_indices,
)

SEED = 20200911
DEV_SHARE = 0.15
THRESHOLDS = tuple(np.round(np.arange(0.1, 0.52, 0.02), 2))
SI_C = 0.5
TC_C = 2.0

# lexicon category -> PTC technique, for the lexicon baseline
CATEGORY_TECHNIQUE = {
    "loaded": "Loaded_Language", "intensifier": "Loaded_Language", "name_calling": "Name_Calling,Labeling",
    "exaggeration": "Exaggeration,Minimisation", "minimisation": "Exaggeration,Minimisation",
    "fear": "Appeal_to_fear-prejudice", "flag_waving": "Flag-Waving", "cliche": "Thought-terminating_Cliches",
    "doubt": "Doubt", "causal": "Causal_Oversimplification", "authority": "Appeal_to_Authority",
    "bandwagon": "Bandwagon,Reductio_ad_hitlerum", "hitler": "Bandwagon,Reductio_ad_hitlerum",
    "black_white": "Black-and-White_Fallacy", "slogan": "Slogans", "whatabout": "Whataboutism,Straw_Men,Red_Herring",
}


@dataclass
class PtcArticle:
    id: str
    text: str
    si: list[tuple[int, int]] = field(default_factory=list)
    tc: list[tuple[int, int, str]] = field(default_factory=list)
    doc: Doc | None = None
    feats: DocFeatures | None = None


def data_hash(folder: Path) -> str:
    """SHA-1 over the article and label files (names and bytes), sorted."""
    h = hashlib.sha1()
    files = sorted((folder / "articles").glob("*.txt")) + [folder / "train-task1-SI.labels",
                                                             folder / "train-task2-TC.labels"]
    for path in files:
        h.update(path.name.encode())
        h.update(path.read_bytes())
    return h.hexdigest()


def load_ptc(folder: Path, limit: int | None = None) -> list[PtcArticle]:
    """Articles with their gold spans (offsets index the text as read, per the README)."""
    articles: dict[str, PtcArticle] = {}
    for path in sorted((folder / "articles").glob("article*.txt")):
        aid = path.stem[len("article"):]
        articles[aid] = PtcArticle(aid, path.read_text(encoding="utf-8"))
    for line in (folder / "train-task1-SI.labels").read_text().splitlines():
        aid, start, end = line.split("\t")
        if aid in articles:
            articles[aid].si.append((int(start), int(end)))
    for line in (folder / "train-task2-TC.labels").read_text().splitlines():
        aid, technique, start, end = line.split("\t")
        if aid in articles:
            articles[aid].tc.append((int(start), int(end), technique))
    out = list(articles.values())
    return out[:limit] if limit else out


def parse_articles(articles: list[PtcArticle], nlp, cache: Path | None = None) -> float:
    """Parse every article once (cached as a DocBin when `cache` is given). Returns parse seconds."""
    if cache is not None and cache.exists():
        docs = list(DocBin().from_disk(cache).get_docs(nlp.vocab))
        if len(docs) == len(articles) and all(d.text == a.text for d, a in zip(docs, articles)):
            for a, d in zip(articles, docs):
                a.doc = d
            return 0.0
    t = time.perf_counter()
    for a, d in zip(articles, nlp.pipe((a.text for a in articles), batch_size=32)):
        a.doc = d
    seconds = time.perf_counter() - t
    if cache is not None:
        cache.parent.mkdir(parents=True, exist_ok=True)
        DocBin(docs=[a.doc for a in articles], store_user_data=False).to_disk(cache)
    return seconds


def split_articles(articles: list[PtcArticle], share: float, seed: int) -> tuple[list, list]:
    """(rest, held out): a seeded share of the articles, by article, never by span."""
    order = np.random.default_rng(seed).permutation(len(articles))
    n_out = int(round(len(articles) * share))
    out = set(order[:n_out].tolist())
    return ([a for i, a in enumerate(articles) if i not in out], [a for i, a in enumerate(articles) if i in out])


def _features(a: PtcArticle) -> DocFeatures:
    if a.feats is None:
        a.feats = doc_features(a.doc)
    return a.feats


def token_span(feats: DocFeatures, start: int, end: int) -> tuple[int, int]:
    """Tokens [t0, t1) overlapping characters [start, end)."""
    t0 = int(np.searchsorted(feats.ends, start, side="right"))
    t1 = int(np.searchsorted(feats.starts, end, side="left"))
    return t0, max(t1, t0 + 1)


def _si_matrix(articles: list[PtcArticle]):
    from scipy.sparse import csr_matrix

    rows, labels = [], []
    for a in articles:
        f = _features(a)
        gold = np.zeros(len(f.starts), dtype=bool)
        for start, end in a.si:
            t0, t1 = token_span(f, start, end)
            gold[t0:t1] = True
        keep = ~f.skip
        rows.append(f.token_idx[keep])
        labels.append(gold[keep])
    idx = np.concatenate(rows)
    n, k = idx.shape
    x = csr_matrix((np.ones(n * k, dtype=np.float32), idx.ravel(), np.arange(0, n * k + 1, k)),
                   shape=(n, 1 << SI_BITS))
    x.sum_duplicates()
    return x, np.concatenate(labels)


def _tc_rows(articles: list[PtcArticle]):
    rows, labels = [], []
    for a in articles:
        f = _features(a)
        folded = a.text.casefold()
        for start, end, technique in a.tc:
            t0, t1 = token_span(f, start, end)
            rows.append(span_feature_indices(a.doc, f, t0, t1, folded))
            labels.append(TECHNIQUES.index(technique))
    return rows, np.array(labels)


def _csr(rows: list[np.ndarray], bits: int):
    from scipy.sparse import csr_matrix

    indptr = np.r_[0, np.cumsum([len(r) for r in rows])]
    x = csr_matrix((np.ones(indptr[-1], dtype=np.float32), np.concatenate(rows), indptr),
                   shape=(len(rows), 1 << bits))
    x.sum_duplicates()
    return x


def fit_si(articles: list[PtcArticle], c: float = SI_C) -> tuple[np.ndarray, float]:
    from sklearn.linear_model import LogisticRegression

    x, y = _si_matrix(articles)
    clf = LogisticRegression(C=c, solver="liblinear", max_iter=200)
    clf.fit(x, y)
    return clf.coef_[0].astype(np.float32), float(clf.intercept_[0])


def fit_tc(articles: list[PtcArticle], c: float = TC_C) -> tuple[np.ndarray, np.ndarray]:
    from sklearn.linear_model import LogisticRegression

    rows, y = _tc_rows(articles)
    clf = LogisticRegression(C=c, max_iter=300)
    clf.fit(_csr(rows, TC_BITS), y)
    w = np.zeros((1 << TC_BITS, len(TECHNIQUES)), dtype=np.float32)
    b = np.full(len(TECHNIQUES), -30.0, dtype=np.float32)
    w[:, clf.classes_] = clf.coef_.T
    b[clf.classes_] = clf.intercept_
    return w, b


# -- measures -----------------------------------------------------------------------------------

def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[list[int]] = []
    for s, e in sorted(spans):
        if out and s <= out[-1][1]:
            out[-1][1] = max(out[-1][1], e)
        else:
            out.append([s, e])
    return [(s, e) for s, e in out]


def si_scores(pairs: list[tuple[list[tuple[int, int]], list[tuple[int, int]]]]) -> tuple[float, float, float]:
    """SemEval-2020 task 11 SI measure over (predicted, gold) span lists per article.

    Precision averages, over predicted spans, the share of each covered by gold spans; recall
    averages, over gold spans, the share covered by predictions (partial credit by overlap).
    Overlapping spans on either side are merged first, as the task's scorer does.
    """
    p_sum = r_sum = 0.0
    n_pred = n_gold = 0
    for pred, gold in pairs:
        pred, gold = _merge(pred), _merge(gold)
        n_pred += len(pred)
        n_gold += len(gold)
        for s, e in pred:
            for gs, ge in gold:
                overlap = min(e, ge) - max(s, gs)
                if overlap > 0:
                    p_sum += overlap / (e - s)
                    r_sum += overlap / (ge - gs)
    p = p_sum / n_pred if n_pred else 0.0
    r = r_sum / n_gold if n_gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def predicted_spans(model: TechniqueModel, a: PtcArticle, threshold: float | None = None) -> list[tuple[int, int]]:
    f = _features(a)
    return [(int(f.starts[t0]), int(f.ends[t1 - 1])) for t0, t1, _ in model.spans(f, threshold)]


def tc_predictions(model: TechniqueModel, a: PtcArticle) -> list[str]:
    """One technique per gold TC row; a span labelled k times gets the k likeliest techniques."""
    f = _features(a)
    folded = a.text.casefold()
    spans = sorted(set((s, e) for s, e, _ in a.tc))
    probs = model.classify(a.doc, f, [token_span(f, s, e) for s, e in spans], folded)
    ranked = {span: list(np.argsort(-probs[i])) for i, span in enumerate(spans)}
    used: Counter = Counter()
    out = []
    for s, e, _ in a.tc:
        out.append(TECHNIQUES[ranked[(s, e)][used[(s, e)]]])
        used[(s, e)] += 1
    return out


def baseline_spans(a: PtcArticle) -> list[tuple[int, int]]:
    """Lexicon baseline for SI: every cue word or phrase, neighbouring cues joined."""
    cats = cue_categories(a.doc)
    spans = []
    i, n = 0, len(cats)
    while i < n:
        if cats[i] == 0:
            i += 1
            continue
        j = i
        while j < n and (cats[j] or (j + 1 < n and cats[j + 1] and not a.doc[j].is_punct)):
            j += 1
        spans.append((a.doc[i].idx, a.doc[j - 1].idx + len(a.doc[j - 1])))
        i = j
    return spans


def baseline_techniques(a: PtcArticle) -> list[str]:
    """Lexicon baseline for TC: the commonest cue category in the span, Repetition for repeated text,
    else the commonest technique (Loaded_Language)."""
    f = _features(a)
    folded = a.text.casefold()
    out = []
    for s, e, _ in a.tc:
        t0, t1 = token_span(f, s, e)
        cats = Counter(TECHNIQUE_CATEGORIES[c - 1] for c in f.cats[t0:t1] if c)
        if folded.count(folded[s:e]) > 1:
            out.append("Repetition")
        elif cats:
            out.append(CATEGORY_TECHNIQUE[cats.most_common(1)[0][0]])
        else:
            out.append("Loaded_Language")
    return out


def tc_micro_f1(articles: list[PtcArticle], predict) -> float:
    """Micro-F1 on gold spans: one prediction per gold row, so precision = recall = accuracy."""
    right = total = 0
    for a in articles:
        for (_, _, gold), pred in zip(a.tc, predict(a)):
            right += gold == pred
            total += 1
    return right / total if total else 0.0


def best_threshold(model: TechniqueModel, dev: list[PtcArticle]) -> tuple[float, float]:
    best = (model.threshold, -1.0)
    for th in THRESHOLDS:
        f1 = si_scores([(predicted_spans(model, a, th), a.si) for a in dev])[2]
        if f1 > best[1]:
            best = (float(th), f1)
    return best


def train(articles: list[PtcArticle], *, seed: int = SEED, data_sha1: str = "", log=print) -> TechniqueModel:
    """Fit both models on `articles` (parsed).

    The span model is fitted on all but a seeded dev share of the articles, and its threshold chosen
    on that share (no refit: one liblinear fit is the slow part); the technique model sees them all.
    """
    t = time.perf_counter()
    fit, dev = split_articles(articles, DEV_SHARE, seed)
    si_w, si_b = fit_si(fit)
    probe = TechniqueModel(si_w, si_b, np.zeros((1, len(TECHNIQUES)), np.float32),
                           np.zeros(len(TECHNIQUES), np.float32), 0.4)
    threshold, dev_f1 = best_threshold(probe, dev)
    log(f"SI threshold {threshold} (dev span F1 {dev_f1:.3f} on {len(dev)} articles)")
    tc_w, tc_b = fit_tc(articles)
    meta = {
        "feature_version": FEATURE_VERSION, "seed": seed, "data_sha1": data_sha1, "articles": len(articles),
        "si_articles": len(fit), "tc_articles": len(articles),
        "si_bits": SI_BITS, "tc_bits": TC_BITS, "si_c": SI_C, "tc_c": TC_C, "threshold": threshold,
        "dev_share": DEV_SHARE, "dev_si_f1": round(dev_f1, 4), "techniques": list(TECHNIQUES),
        "train_seconds": round(time.perf_counter() - t, 1),
    }
    return TechniqueModel(si_w, si_b, tc_w, tc_b, threshold, meta)


def main(argv: list[str] | None = None) -> None:
    from newsdossier.nlp import load_nlp

    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=data_dir() / "ptc" / "train")
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--seed", type=int, default=SEED)
    ap.add_argument("--cache", type=Path, default=None, help="DocBin file to reuse parses across runs")
    args = ap.parse_args(argv)
    sha = data_hash(args.data)
    articles = load_ptc(args.data)
    print(f"{len(articles)} articles, data sha1 {sha[:12]}")
    seconds = parse_articles(articles, load_nlp(), args.cache)
    print(f"parsed in {seconds:.1f}s")
    model = train(articles, seed=args.seed, data_sha1=sha)
    path = model.save(args.out)
    print(f"wrote {path} ({path.stat().st_size / 1e6:.1f} MB), model {model.version}")


if __name__ == "__main__":
    main()
