"""Techniques: spans of propaganda techniques (the 14 of the Propaganda Techniques Corpus), scored.

Uses the shipped linear model (`framing/model/techniques.npz`, see `model.py` and `train.py`) over
the article's one parse. Every span carries `span_score` (how likely the span is propaganda at all),
`technique_score` (the technique's probability given the span) and their product `score`, so users
can set their own threshold; the stage emits spans whose smoothed token probability passes the
model's threshold (chosen for span F1 on held-out PTC articles).
"""
from __future__ import annotations

import logging

from typing import Iterator

import numpy as np

from newsdossier.article import ParsedArticle
from newsdossier.framing.model import TECHNIQUES, default_model, doc_features
from newsdossier.framing.records import Technique

log = logging.getLogger(__name__)


def find_techniques(parsed: ParsedArticle, threshold: float | None = None) -> Iterator[Technique]:
    model = default_model()
    doc = parsed.doc
    feats = doc_features(doc)
    spans = []
    for t0, t1, span_score in model.spans(feats, threshold):
        while t1 > t0 and (doc[t1 - 1].is_punct or doc[t1 - 1].is_space):
            t1 -= 1
        while t0 < t1 and (doc[t0].is_punct or doc[t0].is_space):
            t0 += 1
        if t1 > t0:
            spans.append((t0, t1, span_score))
    if not spans:
        return
    probs = model.classify(doc, feats, [(t0, t1) for t0, t1, _ in spans], parsed.text.casefold())
    version = model.version
    for (t0, t1, span_score), p in zip(spans, probs):
        best = int(np.argmax(p))
        start, end = doc[t0].idx, doc[t1 - 1].idx + len(doc[t1 - 1])
        yield Technique(
            id=f"{parsed.id}:T{start}",
            article_id=parsed.id,
            start=start,
            end=end,
            text=parsed.evidence(start, end),
            technique=TECHNIQUES[best],
            score=round(span_score * float(p[best]), 4),
            span_score=round(span_score, 4),
            technique_score=round(float(p[best]), 4),
            model=version,
        )


def extract_techniques(parsed: ParsedArticle) -> Iterator[Technique]:
    """Propaganda-technique spans (14 PTC techniques) with scores, from a small CPU model."""
    return find_techniques(parsed)
