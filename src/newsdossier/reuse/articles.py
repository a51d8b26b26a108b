"""Reading articles for the `reuse` stage: their body's tokens (boilerplate left out), and the LSH
band keys of their sentences (the units the index holds)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Iterable

import numpy as np

from newsdossier.reuse import sketch
from newsdossier.reuse.tokens import Tokens, text_regions, tokenize

MIN_UNIT_SHINGLES = 3  # a sentence needs this many content trigrams to be indexed
MAX_UNIT_WORDS = 60  # longer sentences (lists, run-ons) are indexed in pieces of this size


@dataclass(slots=True)
class _Art:
    id: str
    text: str
    published: dt.date | None
    tokens: Tokens


def article_tokens(text: str, body: tuple[int, int] | None, boilerplate: Iterable[tuple[int, int]]) -> Tokens:
    """Tokens of an article's body with its boilerplate spans left out."""
    return tokenize(text, text_regions(len(text), body, boilerplate))


def _load_articles(store, ids: list[str]) -> dict[str, _Art]:
    if not ids:
        return {}
    out: dict[str, _Art] = {}
    bp: dict[str, list[tuple[int, int]]] = {}
    for chunk_start in range(0, len(ids), 5000):
        chunk = ids[chunk_start : chunk_start + 5000]
        for r in store.execute(
            "SELECT article_id, start, \"end\" FROM boilerplate WHERE article_id IN (SELECT unnest(?))", [chunk]
        ).fetchall():
            bp.setdefault(r[0], []).append((r[1], r[2]))
        for aid, text, published, body_start, body_end in store.execute(
            "SELECT id, text, published, body_start, body_end FROM articles WHERE id IN (SELECT unnest(?))",
            [chunk],
        ).fetchall():
            out[aid] = _Art(aid, text, published, article_tokens(text, (body_start, body_end), bp.get(aid, [])))
    return out


def _unit_shingles(tok: Tokens) -> tuple[np.ndarray, np.ndarray]:
    """Content trigrams lying wholly inside one sentence (or a piece of a long one), with the
    sentence-piece number each belongs to."""
    n_sh = len(tok.shingles)
    if n_sh == 0:
        return np.zeros(0, dtype=np.uint32), np.zeros(0, dtype=np.int64)
    p = np.arange(n_sh)
    sent = tok.word_sent[:n_sh]
    offset = p - tok.sent_word_start[sent]
    piece = offset // MAX_UNIT_WORDS
    piece_end = np.minimum(tok.sent_word_start[sent] + (piece + 1) * MAX_UNIT_WORDS, tok.sent_word_end[sent])
    keep = (p + 2 < piece_end) & tok.content
    return tok.shingles[keep], (sent[keep] * 1024 + piece[keep])


def unit_keys(arts: list[_Art]) -> tuple[np.ndarray, np.ndarray]:
    """(unit -> article index, (units, bands) LSH keys) for a list of articles.

    A unit is a sentence (long sentences in pieces of `MAX_UNIT_WORDS` words) with at least
    `MIN_UNIT_SHINGLES` content trigrams.
    """
    hs, keys = [], []
    for i, art in enumerate(arts):
        h, u = _unit_shingles(art.tokens)
        hs.append(h)
        keys.append(u + (i << 32))
    if not hs or not sum(len(h) for h in hs):
        return np.zeros(0, dtype=np.int32), np.zeros((0, sketch.BANDS), dtype=sketch.KEY_DTYPE)
    h = np.concatenate(hs)
    k = np.concatenate(keys)
    order = np.argsort(k, kind="stable")
    h, k = h[order], k[order]
    uniq, starts, counts = np.unique(k, return_index=True, return_counts=True)
    good = counts >= MIN_UNIT_SHINGLES
    # drop the shingles of units too small to index
    keep = np.repeat(good, counts)
    h = h[keep]
    counts = counts[good]
    offsets = np.concatenate(([0], np.cumsum(counts)))
    sigs = sketch.signatures(h, offsets)
    owner = (uniq[good] >> 32).astype(np.int32)
    return owner, sketch.band_keys(sigs)

