"""Local alignment of two articles: the passages they share, with character offsets in both.

1. Seeds: every word trigram the two articles share (at most `MAX_OCCURRENCES` copies each).
2. Chains: seeds in order along article A are chained when the next one follows within
   `MAX_GAP` words on both sides and the diagonal drifts by at most `MAX_DRIFT` words. A changed
   word breaks no chain; an inserted clause shifts the diagonal; a passage moved elsewhere starts a
   chain of its own, so passages in a different order in the two articles are all found.
3. Snap each chain to sentence boundaries in both articles: a sentence whose words are mostly
   matched is taken whole, one that is mostly unmatched at a passage's edge is left out.
4. Merge chains that are adjacent in both articles, in the same order; keep passages of at least
   one sentence and `MIN_WORDS` words whose word-level similarity reaches `MIN_SIMILARITY`.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from rapidfuzz.distance import Indel, Levenshtein

from newsdossier.reuse.tokens import Tokens

MIN_WORDS = 8  # shortest passage reported, in words (on each side)
MIN_SIMILARITY = 0.6  # word-level similarity (2 x matched words / words on both sides)
MAX_GAP = 15  # words between consecutive seeds of a chain, on each side
MAX_DRIFT = 10  # words the diagonal may shift between consecutive seeds (inserted/deleted clause)
MAX_OCCURRENCES = 8  # a trigram repeated more often than this in one article is not a seed
SNAP_WORDS = 3  # an edge sentence is taken whole when at most this many of its words...
SNAP_FRACTION = 0.34  # ... or this fraction of them are unmatched
MERGE_GAP = 2  # passages closer than this many words on both sides (in order) are merged


@dataclass(slots=True)
class Passage:
    """A passage shared by articles A and B: word ranges [a0, a1), [b0, b1) and character spans."""

    a0: int
    a1: int
    b0: int
    b1: int
    a_start: int
    a_end: int
    b_start: int
    b_end: int
    similarity: float = 0.0
    edit_ratio: float = 0.0
    exact: bool = False


def _seeds(ta: Tokens, tb: Tokens) -> np.ndarray:
    """(k, 2) array of (position in A, position in B) of shared word trigrams, sorted."""
    ha, hb = ta.shingles, tb.shingles
    if not len(ha) or not len(hb):
        return np.zeros((0, 2), dtype=np.int64)
    common = np.intersect1d(ha, hb, assume_unique=False)
    if len(common) == 0:
        return np.zeros((0, 2), dtype=np.int64)
    pa = np.nonzero(np.isin(ha, common))[0]
    pb = np.nonzero(np.isin(hb, common))[0]
    # group B positions by hash
    ob = pb[np.argsort(hb[pb], kind="stable")]
    hb_sorted = hb[ob]
    lo = np.searchsorted(hb_sorted, ha[pa], side="left")
    hi = np.searchsorted(hb_sorted, ha[pa], side="right")
    cnt = hi - lo
    # drop trigrams repeated too often (lists, tables, refrains)
    _, inv, counts_a = np.unique(ha[pa], return_inverse=True, return_counts=True)
    keep = (cnt <= MAX_OCCURRENCES) & (counts_a[inv] <= MAX_OCCURRENCES)
    pa, lo, cnt = pa[keep], lo[keep], cnt[keep]
    if not len(pa):
        return np.zeros((0, 2), dtype=np.int64)
    a_pos = np.repeat(pa, cnt)
    idx = np.repeat(lo, cnt) + (np.arange(int(cnt.sum())) - np.repeat(np.cumsum(cnt) - cnt, cnt))
    b_pos = ob[idx]
    seeds = np.stack([a_pos, b_pos], axis=1)
    order = np.lexsort((seeds[:, 1], seeds[:, 0]))
    return seeds[order]


def _chains(seeds: np.ndarray) -> list[tuple[int, int, int, int, int]]:
    """Chains of seeds: (a_first, a_last, b_first, b_last, matched words)."""
    chains: list[list[int]] = []  # [a0, a_last, b0, b_last, covered]
    active: list[int] = []
    for a, b in seeds.tolist():
        best, best_cost = -1, None
        still = []
        for ci in active:
            ch = chains[ci]
            da = a - ch[1]
            if da > MAX_GAP:
                continue  # too far behind: closed for good
            still.append(ci)
            db = b - ch[3]
            if da <= 0 or db <= 0 or db > MAX_GAP or abs(da - db) > MAX_DRIFT:
                continue
            cost = abs(da - db) * 2 + da
            if best_cost is None or cost < best_cost:
                best, best_cost = ci, cost
        active = still
        if best >= 0:
            ch = chains[best]
            ch[4] += min(3, a - ch[1], b - ch[3])
            ch[1], ch[3] = a, b
        else:
            chains.append([a, a, b, b, 3])
            active.append(len(chains) - 1)
    return [tuple(c) for c in chains]  # type: ignore[misc]


def _snap(tok: Tokens, first: int, last: int) -> tuple[int, int] | None:
    """Widen or narrow the matched word range [first, last] to whole sentences: (w0, w1) or None."""
    s = int(tok.word_sent[first])
    ws, we = int(tok.sent_word_start[s]), int(tok.sent_word_end[s])
    if first - ws > max(SNAP_WORDS, SNAP_FRACTION * (we - ws)):
        s += 1
    t = int(tok.word_sent[last])
    ts, te = int(tok.sent_word_start[t]), int(tok.sent_word_end[t])
    if te - 1 - last > max(SNAP_WORDS, SNAP_FRACTION * (te - ts)):
        t -= 1
    if t < s:
        return None
    return int(tok.sent_word_start[s]), int(tok.sent_word_end[t])


def _finish(ta: Tokens, tb: Tokens, a0: int, a1: int, b0: int, b1: int) -> Passage | None:
    if a1 - a0 < MIN_WORDS or b1 - b0 < MIN_WORDS:
        return None
    wa, wb = ta.word_hash[a0:a1].tolist(), tb.word_hash[b0:b1].tolist()
    similarity = Indel.normalized_similarity(wa, wb)
    if similarity < MIN_SIMILARITY:
        return None
    sa = int(ta.sent_start[ta.word_sent[a0]])
    ea = int(ta.sent_end[ta.word_sent[a1 - 1]])
    sb = int(tb.sent_start[tb.word_sent[b0]])
    eb = int(tb.sent_end[tb.word_sent[b1 - 1]])
    edit = Levenshtein.distance(wa, wb) / max(len(wa), len(wb))  # refined on characters by mark_exact
    return Passage(a0, a1, b0, b1, sa, ea, sb, eb, round(similarity, 4), round(edit, 4), False)


def align(ta: Tokens, tb: Tokens) -> list[Passage]:
    """Every passage articles A and B share, in order of A (see the module docstring)."""
    seeds = _seeds(ta, tb)
    if len(seeds) < 2:
        return []
    spans: list[tuple[int, int, int, int]] = []
    for a0, a_last, b0, b_last, covered in _chains(seeds):
        if covered < MIN_WORDS * 0.75:
            continue
        sa = _snap(ta, a0, a_last + 2)
        sb = _snap(tb, b0, b_last + 2)
        if sa is None or sb is None:
            continue
        spans.append((sa[0], sa[1], sb[0], sb[1]))
    spans = sorted(set(spans))
    merged: list[list[int]] = []
    for a0, a1, b0, b1 in spans:
        if merged:
            m = merged[-1]
            if a0 <= m[1] + MERGE_GAP and m[2] <= b0 <= m[3] + MERGE_GAP and b1 >= m[3] - MERGE_GAP:
                m[1], m[3] = max(m[1], a1), max(m[3], b1)
                continue
            if a0 >= m[0] and a1 <= m[1] and b0 >= m[2] and b1 <= m[3]:
                continue  # contained in the previous one
        merged.append([a0, a1, b0, b1])
    out = []
    for a0, a1, b0, b1 in merged:
        p = _finish(ta, tb, a0, a1, b0, b1)
        if p is not None:
            out.append(p)
    return out


def mark_exact(p: Passage, text_a: str, text_b: str) -> Passage:
    """Set `exact` (both passages read the same, white space aside) and the character edit ratio.

    edit_ratio = character edits (Levenshtein, white space collapsed) / length of the longer passage,
    so a changed comma counts too.
    """
    a = " ".join(text_a[p.a_start : p.a_end].split())
    b = " ".join(text_b[p.b_start : p.b_end].split())
    p.exact = a == b
    p.edit_ratio = round(Levenshtein.normalized_distance(a, b), 4)
    if p.exact:
        p.similarity = 1.0
    return p
