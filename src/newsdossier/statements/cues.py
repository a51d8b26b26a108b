"""The attribution-cue model: which words of a parse introduce an attribution, numpy only.

A candidate is a verb, noun or adjective (and `according`). Its features are strings built from the ONE
spaCy parse (lemma, part of speech, dependency label, the labels and words of its children, the subject's
kind, neighbouring words, whether it sits in or beside a quotation), hashed with CRC-32 into a fixed
number of buckets; the score is a logistic regression over those buckets (one weight vector and a bias).
So scoring is a gather and a sum: no scikit-learn at run time. The model is trained on PolNeAR train by
`training/statements_cues.py` and stored beside this module as `cues.npz`.
"""
from __future__ import annotations

import math
import zlib
from array import array
from functools import lru_cache
from pathlib import Path

import numpy as np

from newsdossier.errors import ModelError

MODEL_PATH = Path(__file__).resolve().parent / "cues.npz"
BITS = 18
FEATURE_VERSION = 1
CANDIDATE_POS = frozenset({"VERB", "NOUN", "ADJ"})
# Children whose word (not only their label) is telling: "that", "to", "about", "not", "will", ...
WORD_CHILD_DEPS = frozenset({"mark", "prep", "prt", "neg", "aux", "auxpass", "agent", "advmod", "det", "poss"})
# Feature strings whose weight is kept in memory after the first lookup (a few MB at most).
WEIGHT_CACHE_SIZE = 50_000
QUOTE_MARKS = frozenset('"“”‘’«»\'`')


def is_candidate(tok) -> bool:
    return tok.pos_ in CANDIDATE_POS or tok.lower_ == "according"


def features(tok, in_quote: bool) -> list[str]:
    """Feature strings of a candidate token."""
    lemma = tok.lemma_.lower()
    pos = tok.pos_
    dep = tok.dep_
    head = tok.head
    f = [
        "b", "L=" + lemma, "LP=" + lemma + "|" + pos, "T=" + tok.tag_, "D=" + dep, "LD=" + lemma + "|" + dep,
        "PD=" + pos + "|" + dep, "HL=" + head.lemma_.lower() + "|" + dep, "HP=" + head.pos_ + "|" + dep,
        "Q=" + str(in_quote), "LQ=" + lemma + "|" + str(in_quote),
    ]
    doc = tok.doc
    i = tok.i
    prev = doc[i - 1].lower_ if i > 0 else "<s>"
    nxt = doc[i + 1].lower_ if i + 1 < len(doc) else "</s>"
    f.append("W-1=" + prev)
    f.append("W+1=" + nxt)
    f.append("LW+1=" + lemma + "|" + nxt)
    if prev in QUOTE_MARKS or prev in (",", ":"):
        f.append("P-1=" + prev)
    if nxt in QUOTE_MARKS or nxt in (",", ":"):
        f.append("P+1=" + nxt)
    deps = set()
    for c in tok.children:
        cd = c.dep_
        deps.add(cd)
        f.append("C=" + cd)
        f.append("LC=" + lemma + "|" + cd)
        if cd in WORD_CHILD_DEPS:
            f.append("CW=" + cd + "|" + c.lower_)
            f.append("LCW=" + lemma + "|" + cd + "|" + c.lower_)
        if cd in ("nsubj", "nsubjpass", "poss"):
            kind = c.ent_type_ or ("PRON" if c.pos_ == "PRON" else c.pos_)
            f.append("S=" + cd + "|" + kind)
        if cd in ("ccomp", "xcomp", "acl", "advcl", "relcl"):
            mark = next((g.lower_ for g in c.children if g.dep_ in ("mark", "aux") and g.i < c.i), "-")
            f.append("CM=" + cd + "|" + mark)
            f.append("LCM=" + lemma + "|" + cd + "|" + mark)
            if any(g.lower_ in QUOTE_MARKS for g in (doc[c.left_edge.i], doc[max(c.left_edge.i - 1, 0)])):
                f.append("CQ=" + cd)
    f.append("N=" + "+".join(sorted(d for d in deps if d in ("nsubj", "nsubjpass", "ccomp", "xcomp", "dobj"))))
    return f


def bucket(feat: str) -> int:
    return zlib.crc32(feat.encode("utf-8")) & ((1 << BITS) - 1)


class CueModel:
    def __init__(self, weights: np.ndarray, bias: float, threshold: float, lemmas: list[str]):
        self.weights = weights.astype(np.float32)
        self.bias = float(bias)
        self.threshold = float(threshold)
        self.lemmas = frozenset(lemmas)  # lemmas seen as a cue head in training: the only ones scored
        self._w = array("f", self.weights.tobytes())  # plain indexing is faster than numpy for ~40 lookups
        self._cache: dict[str, float] = {}  # feature string -> weight; most strings recur across articles

    def score(self, feats: list[str]) -> float:
        w = self._w
        cache = self._cache
        mask = (1 << BITS) - 1
        z = self.bias
        for x in feats:
            v = cache.get(x)
            if v is None:
                v = w[zlib.crc32(x.encode("utf-8")) & mask]
                if len(cache) < WEIGHT_CACHE_SIZE:
                    cache[x] = v
            z += v
        return 1.0 / (1.0 + math.exp(-z))

    def save(self, path: Path = MODEL_PATH) -> None:
        np.savez_compressed(path, weights=self.weights.astype(np.float16), bias=np.array([self.bias]),
                            threshold=np.array([self.threshold]), version=np.array([FEATURE_VERSION, BITS]),
                            lemmas=np.array(sorted(self.lemmas)))


@lru_cache(maxsize=1)
def load_model(path: Path = MODEL_PATH) -> CueModel:
    """The trained model; a missing file or one of another feature version fails loudly (ModelError)."""
    if not path.exists():
        raise ModelError(f"the statement cue model {path} is missing; retrain it with "
                         f"`uv run python training/statements_cues.py`")
    z = np.load(path)
    if tuple(z["version"]) != (FEATURE_VERSION, BITS):
        raise ModelError(f"the statement cue model {path} has feature version {tuple(z['version'])}, "
                         f"this code expects {(FEATURE_VERSION, BITS)}; retrain it")
    return CueModel(z["weights"], float(z["bias"][0]), float(z["threshold"][0]), [str(x) for x in z["lemmas"]])
