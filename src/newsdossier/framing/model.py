"""The propaganda-technique model: hashed features from the parse, two linear models, numpy only.

Span identification (SI) scores every token (logistic regression over a window of words, affixes,
tags, lexicon cues and sentence-level cue counts), smooths the scores, and joins runs of tokens
above a threshold into spans; a span's score is the mean token probability. Technique
classification (TC) scores each span against the 14 PTC techniques (multinomial logistic regression
over the span's words, bigrams, cues, context, length and how often the span recurs in the article).

Features are indices into hashed weight vectors computed from spaCy's 64-bit string hashes (stable
across machines), so inference is a gather and a sum: no scikit-learn at run time. Training lives in
`training/techniques.py`.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np
from spacy.attrs import DEP, IDX, IS_PUNCT, IS_SPACE, LENGTH, LOWER, POS, SENT_START, SHAPE, SUFFIX
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from newsdossier.framing.lexicon import TECHNIQUE_CATEGORIES, technique_terms

MODEL_DIR = Path(__file__).resolve().parent / "model"
FEATURE_VERSION = 1
SI_BITS = 18  # 2**18 token-feature buckets
TC_BITS = 16  # 2**16 span-feature buckets (x 14 techniques)

TECHNIQUES = (
    "Appeal_to_Authority", "Appeal_to_fear-prejudice", "Bandwagon,Reductio_ad_hitlerum",
    "Black-and-White_Fallacy", "Causal_Oversimplification", "Doubt", "Exaggeration,Minimisation",
    "Flag-Waving", "Loaded_Language", "Name_Calling,Labeling", "Repetition", "Slogans",
    "Thought-terminating_Cliches", "Whataboutism,Straw_Men,Red_Herring",
)

_P1 = np.uint64(0x9E3779B97F4A7C15)
_P2 = np.uint64(0xC2B2AE3D27D4EB4F)
_ATTRS = [LOWER, SUFFIX, SHAPE, POS, DEP, SENT_START, IS_PUNCT, IS_SPACE, IDX, LENGTH]
_QUOTE_MARKS = ('"', "“", "”", "«", "»")  # double quotation marks (single ones double as apostrophes)


@lru_cache(maxsize=None)
def _salt(template: int) -> np.uint64:
    # the product wraps at 64 bits like the array arithmetic below (computed on Python ints, where
    # a numpy scalar product would warn about the overflow)
    return np.uint64(((template + 1) * int(_P2)) & 0xFFFFFFFFFFFFFFFF)


def _hash(template: int, values: np.ndarray, bits: int) -> np.ndarray:
    """Bucket of (template, value) pairs: multiply-xor hashing with wraparound, then mask."""
    return _hash_salted(values, _salt(template), bits)


def _hash_salted(values: np.ndarray, salts: np.ndarray | np.uint64, bits: int) -> np.ndarray:
    """`_hash` with each value's template salt given (one salt, or one per value)."""
    mixed = values.astype(np.uint64) * _P1  # array arithmetic wraps around silently
    mixed ^= salts
    mixed ^= mixed >> np.uint64(29)
    mixed *= _P1
    mixed ^= mixed >> np.uint64(32)
    return (mixed & np.uint64((1 << bits) - 1)).astype(np.int64)


_TC_SALTS = np.array([_salt(template) for template in range(9)], dtype=np.uint64)  # one per TC template


def _shift(values: np.ndarray, k: int, fill: int = 0) -> np.ndarray:
    out = np.full_like(values, fill)
    if k > 0:
        out[k:] = values[:-k]
    elif k < 0:
        out[:k] = values[-k:]
    else:
        out[:] = values
    return out


_CUE_MATCHERS: dict[int, PhraseMatcher] = {}


def _cue_matcher(doc: Doc) -> PhraseMatcher:
    """The lexicon as a PhraseMatcher on lower-case forms, one per vocabulary."""
    matcher = _CUE_MATCHERS.get(id(doc.vocab))
    if matcher is None:
        from spacy.lang.en import English

        tokenizer = English(vocab=doc.vocab).tokenizer  # the English rules, without a pipeline
        matcher = _CUE_MATCHERS[id(doc.vocab)] = PhraseMatcher(doc.vocab, attr="LOWER")
        by_category: dict[str, list[str]] = {}
        for term, categories in technique_terms().items():
            for category in categories:
                by_category.setdefault(category, []).append(term)
        for category, terms in by_category.items():
            matcher.add(category, list(tokenizer.pipe(terms)))
    return matcher


def cue_categories(doc: Doc) -> np.ndarray:
    """Per token, 1 + index of the lexicon category it belongs to (0 = none)."""
    cats = np.zeros(len(doc), dtype=np.int64)
    strings = doc.vocab.strings
    for match_id, start, end in _cue_matcher(doc)(doc):
        cats[start:end] = TECHNIQUE_CATEGORIES.index(strings[match_id]) + 1
    return cats


@dataclass(slots=True)
class DocFeatures:
    """Arrays about one doc that both models read."""

    lower: np.ndarray
    cats: np.ndarray
    sent: np.ndarray  # sentence index per token
    skip: np.ndarray  # whitespace tokens
    token_idx: np.ndarray  # SI feature indices, shape (n_tokens, n_features)
    starts: np.ndarray
    ends: np.ndarray


def doc_features(doc: Doc) -> DocFeatures:
    n = len(doc)
    arr = doc.to_array(_ATTRS).astype(np.uint64) if n else np.zeros((0, len(_ATTRS)), dtype=np.uint64)
    lower, suffix, shape, pos, dep, sent_start, is_punct, is_space, idx, length = (
        arr[:, j] for j in range(len(_ATTRS)))
    cats = cue_categories(doc) if n else np.zeros(0, dtype=np.int64)
    sent = np.cumsum(sent_start == 1) if n else np.zeros(0, dtype=np.int64)
    sent = np.maximum(sent - 1, 0).astype(np.int64)
    n_sent = int(sent.max()) + 1 if n else 0
    words = (is_punct == 0) & (is_space == 0)
    sent_len = np.bincount(sent, weights=words, minlength=n_sent)
    sent_cues = np.bincount(sent, weights=cats > 0, minlength=n_sent)
    # per sentence and category: is the category present (as a bit pattern, hashed as one value)
    cat_bits = np.zeros(n_sent, dtype=np.uint64)
    if n:
        np.bitwise_or.at(cat_bits, sent, (np.uint64(1) << cats.astype(np.uint64)) * (cats > 0))
    position = np.arange(n) - np.searchsorted(sent, sent)  # token index within its sentence
    rel = np.minimum((position * 4) // np.maximum(sent_len[sent], 1), 4).astype(np.uint64)
    strings = doc.vocab.strings
    quote_hashes = np.array([strings.add(q) for q in _QUOTE_MARKS], dtype=np.uint64)
    in_quote = (np.cumsum(np.isin(lower, quote_hashes)) % 2).astype(np.uint64)
    question = np.zeros(n_sent, dtype=np.uint64)
    exclaim = np.zeros(n_sent, dtype=np.uint64)
    question[sent[lower == np.uint64(strings.add("?"))]] = 1
    exclaim[sent[lower == np.uint64(strings.add("!"))]] = 1
    c = cats.astype(np.uint64)
    sb = sent.astype(np.uint64)
    templates = [
        lower, _shift(lower, 1), _shift(lower, -1), _shift(lower, 2), _shift(lower, -2),
        lower ^ (_shift(lower, 1) * _P2), lower ^ (_shift(lower, -1) * _P1),
        suffix, shape, pos, pos ^ (_shift(pos, 1) * _P1) ^ (_shift(pos, -1) * _P2), dep,
        c, _shift(c, 1), _shift(c, -1), _shift(c, 2) | (_shift(c, -2) << np.uint64(8)),
        np.minimum(sent_cues[sent], 4).astype(np.uint64), cat_bits[sent],
        np.minimum(sent_len[sent] // 8, 6).astype(np.uint64), rel, in_quote | (question[sb] << np.uint64(1))
        | (exclaim[sb] << np.uint64(2)) | ((sb == 0).astype(np.uint64) << np.uint64(3)),
        np.zeros(n, dtype=np.uint64),
    ]
    token_idx = np.stack([_hash(k, v, SI_BITS) for k, v in enumerate(templates)], axis=1) if n else \
        np.zeros((0, len(templates)), dtype=np.int64)
    starts = idx.astype(np.int64)
    ends = starts + length.astype(np.int64)
    return DocFeatures(lower=lower, cats=cats, sent=sent, skip=(is_space == 1), token_idx=token_idx,
                       starts=starts, ends=ends)


def span_feature_values(doc: Doc, feats: DocFeatures, t0: int, t1: int, folded_text: str
                        ) -> tuple[np.ndarray, np.ndarray]:
    """TC feature (values, template salts) for the span of tokens [t0, t1), before hashing.

    Kept apart from the hashing so that `TechniqueModel.classify` hashes all spans of an article in
    one numpy call: per span, nine tiny calls cost more than the arithmetic."""
    lower = feats.lower
    inside = lower[t0:t1]
    n_words = int((~feats.skip[t0:t1]).sum())
    span_text = folded_text[feats.starts[t0]:feats.ends[t1 - 1]]
    repeats = min(folded_text.count(span_text), 4) if span_text else 0
    whole_sentence = int(t0 == 0 or feats.sent[t0 - 1] != feats.sent[t0]) + 2 * int(
        t1 == len(lower) or feats.sent[t1] != feats.sent[t1 - 1])
    cats = feats.cats[t0:t1]
    parts = [
        inside,
        inside[1:] ^ (inside[:-1] * _P2),
        cats[cats > 0].astype(np.uint64),
        np.array([min(n_words, 12), min(n_words // 5, 8) + 100, repeats + 200, whole_sentence + 300, 400],
                 dtype=np.uint64),
        lower[max(t0 - 3, 0):t0],
        lower[t1:t1 + 3],
        inside[:1],
        inside[-1:],
        np.array([min(len(span_text) // 20, 10)], dtype=np.uint64),
    ]
    values = np.concatenate(parts)
    salts = np.repeat(_TC_SALTS, [len(part) for part in parts])
    return values, salts


def span_feature_indices(doc: Doc, feats: DocFeatures, t0: int, t1: int, folded_text: str) -> np.ndarray:
    """TC feature indices for the span of tokens [t0, t1)."""
    return _hash_salted(*span_feature_values(doc, feats, t0, t1, folded_text), TC_BITS)


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


def smooth(p: np.ndarray) -> np.ndarray:
    if len(p) < 3:
        return p
    out = p.copy()
    out[1:-1] = 0.5 * p[1:-1] + 0.25 * (p[:-2] + p[2:])
    return out


@dataclass
class TechniqueModel:
    si_w: np.ndarray
    si_b: float
    tc_w: np.ndarray  # (2**TC_BITS, n_techniques)
    tc_b: np.ndarray
    threshold: float
    meta: dict = field(default_factory=dict)

    @property
    def version(self) -> str:
        return f"ptc-linear-v{FEATURE_VERSION}:{self.meta.get('data_sha1', 'unknown')[:8]}"

    def token_probabilities(self, feats: DocFeatures) -> np.ndarray:
        if len(feats.token_idx) == 0:
            return np.zeros(0)
        p = _sigmoid(self.si_w[feats.token_idx].sum(axis=1, dtype=np.float32) + self.si_b)
        p[feats.skip] = 0.0
        return smooth(p)

    def spans(self, feats: DocFeatures, threshold: float | None = None) -> list[tuple[int, int, float]]:
        """Token runs [t0, t1) whose smoothed probability passes the threshold, with mean score."""
        th = self.threshold if threshold is None else threshold
        p = self.token_probabilities(feats)
        on = (p >= th).astype(np.int8)
        # a run ends where the mask switches off or a new sentence starts
        breaks = np.flatnonzero(np.diff(feats.sent)) + 1
        edges = np.diff(np.r_[0, on, 0])
        starts = np.flatnonzero(edges == 1)
        ends = np.flatnonzero(edges == -1)
        out = []
        for i, j in zip(starts.tolist(), ends.tolist()):
            cuts = breaks[(breaks > i) & (breaks < j)].tolist()
            for a, b in zip([i, *cuts], [*cuts, j]):
                out.append((a, b, float(p[a:b].mean())))
        return out

    def classify(self, doc: Doc, feats: DocFeatures, spans: list[tuple[int, int]], folded: str) -> np.ndarray:
        """Probabilities (n_spans, n_techniques)."""
        if not spans:
            return np.zeros((0, len(TECHNIQUES)))
        rows = [span_feature_values(doc, feats, t0, t1, folded) for t0, t1 in spans]
        lengths = np.array([len(values) for values, _ in rows])
        flat = _hash_salted(np.concatenate([v for v, _ in rows]), np.concatenate([s for _, s in rows]), TC_BITS)
        sums = np.add.reduceat(self.tc_w[flat].astype(np.float32), np.r_[0, np.cumsum(lengths)[:-1]], axis=0)
        logits = sums + self.tc_b
        logits -= logits.max(axis=1, keepdims=True)
        e = np.exp(logits)
        return e / e.sum(axis=1, keepdims=True)

    def save(self, directory: Path) -> Path:
        directory.mkdir(parents=True, exist_ok=True)
        path = directory / "techniques.npz"
        np.savez_compressed(path, si_w=self.si_w.astype(np.float16), si_b=np.array([self.si_b]),
                            tc_w=self.tc_w.astype(np.float16), tc_b=self.tc_b,
                            threshold=np.array([self.threshold]))
        (directory / "techniques.json").write_text(json.dumps(self.meta, indent=2, sort_keys=True) + "\n")
        return path

    @classmethod
    def load(cls, directory: Path = MODEL_DIR) -> "TechniqueModel":
        data = np.load(directory / "techniques.npz")
        meta = json.loads((directory / "techniques.json").read_text())
        return cls(si_w=data["si_w"].astype(np.float32), si_b=float(data["si_b"][0]),
                   tc_w=data["tc_w"].astype(np.float32), tc_b=data["tc_b"].astype(np.float32),
                   threshold=float(data["threshold"][0]), meta=meta)


@lru_cache(maxsize=1)
def default_model() -> TechniqueModel:
    """The shipped model (trained on every PTC training article; see techniques.json)."""
    return TechniqueModel.load(MODEL_DIR)
