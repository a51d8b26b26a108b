"""The `reuse` link stage: index the articles not indexed yet, compare them with everything indexed
before (and with each other), align every candidate pair, store the passages and regroup clusters.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import time
from dataclasses import dataclass
from typing import Any

import numpy as np

from newsdossier.reuse import sketch
from newsdossier.reuse.align import Passage, align, mark_exact
from newsdossier.reuse.articles import _Art, _load_articles, unit_keys
from newsdossier.reuse.clusters import rebuild_clusters
from newsdossier.reuse.index import MAX_SEGMENTS, _load_segments, _remove_stale_files, _save_segment
from newsdossier.reuse.records import ReuseIndexed, ReusePair, ReuseSegment
from newsdossier.stages import LinkContext

LOAD_CHUNK = 2000  # articles tokenized at a time
ALIGN_BLOCK = 2000  # candidate pairs aligned per block (their articles are loaded together)

# Candidate article pairs against one side: (pair codes a * width + b, width, ids of the b side).
Candidates = tuple[np.ndarray, int, Any]


def _orient(x: _Art, y: _Art) -> bool:
    """True when x should be article A (published first, or smaller id when dates don't decide)."""
    if x.published is not None and y.published is not None and x.published != y.published:
        return x.published < y.published
    if x.published is not None and y.published is None:
        return True
    if y.published is not None and x.published is None:
        return False
    return x.id < y.id


def _pair_record(x: _Art, y: _Art, p: Passage) -> ReusePair:
    if not _orient(x, y):
        x, y = y, x
        p = Passage(p.b0, p.b1, p.a0, p.a1, p.b_start, p.b_end, p.a_start, p.a_end, p.similarity,
                    p.edit_ratio, p.exact)
    pid = hashlib.sha1(f"{x.id}:{p.a_start}:{p.a_end}|{y.id}:{p.b_start}:{p.b_end}".encode()).hexdigest()[:16]
    return ReusePair(pid, x.id, y.id, p.a_start, p.a_end, x.text[p.a_start : p.a_end], p.b_start, p.b_end,
                     y.text[p.b_start : p.b_end], p.a1 - p.a0, p.b1 - p.b0, p.similarity, p.edit_ratio,
                     p.exact, None)


def align_articles(x: _Art, y: _Art) -> list[ReusePair]:
    return [_pair_record(x, y, mark_exact(p, x.text, y.text)) for p in align(x.tokens, y.tokens)]


@dataclass(slots=True)
class DetectStats:
    new_articles: int = 0
    units: int = 0
    candidate_pairs: int = 0
    pairs: int = 0
    seconds_index: float = 0.0
    seconds_align: float = 0.0
    seconds_cluster: float = 0.0

def detect_reuse(store, new_ids: list[str] | None = None, *, progress=None) -> DetectStats:
    """Index the articles not indexed yet, store the passages they share, and regroup clusters.

    `new_ids` limits the batch (default: every stored article missing from the index). Runs inside
    the caller's transaction; the segment file is written before the rows that refer to it.
    """
    stats = DetectStats()
    t0 = time.perf_counter()
    _remove_stale_files(store)
    new_ids = _not_indexed(store, new_ids)
    if not new_ids:
        return stats
    new_arts, owner, keys = _hash_articles(store, new_ids)
    stats.new_articles = len(new_arts)
    stats.units = len(owner)
    segments = _load_segments(store)
    found = _candidate_pairs(segments, new_arts, owner, keys)
    stats.candidate_pairs = sum(len(c) for c, _, _ in found)
    stats.seconds_index = time.perf_counter() - t0

    t1 = time.perf_counter()
    stats.pairs = _align_candidates(store, found, new_arts, stats.candidate_pairs, progress)
    del found
    stats.seconds_align = time.perf_counter() - t1

    # write: the segment file first, then the rows that make it part of the index (inline, so that
    # `keys` and the old segments are freed before the merged segment is saved)
    name = f"seg-{time.time_ns():x}"
    if segments and len(segments) + 1 > MAX_SEGMENTS:
        new_seg = sketch.Segment.build(name, [a.id for a in new_arts], owner, keys)
        del keys
        merged = sketch.merge_segments(name, [*segments, new_seg])
        del segments, new_seg
        _save_segment(store, merged)
        store.execute("DELETE FROM reuse_segments")
        store.execute("UPDATE reuse_indexed SET segment = ?", [name])
        store.insert([ReuseSegment(name, len(merged.article_ids), merged.n_units, dt.datetime.now())])
    else:
        seg = sketch.Segment.build(name, [a.id for a in new_arts], owner, keys)
        del keys
        _save_segment(store, seg)
        store.insert([ReuseSegment(name, len(new_arts), seg.n_units, dt.datetime.now())])
    counts = np.bincount(owner, minlength=len(new_arts)) if len(owner) else np.zeros(len(new_arts), int)
    store.insert_rows(ReuseIndexed, [{"article_id": a.id, "segment": name, "units": int(c)}
                                     for a, c in zip(new_arts, counts.tolist())])
    t2 = time.perf_counter()
    if stats.pairs or not store.scalar("SELECT count(*) FROM reuse_clusters"):
        rebuild_clusters(store)
    stats.seconds_cluster = time.perf_counter() - t2
    return stats


def _not_indexed(store, new_ids: list[str] | None) -> list[str]:
    """The batch: `new_ids` (default: every stored article) less the articles already indexed, sorted."""
    if new_ids is None:
        return [r[0] for r in store.execute(
            "SELECT id FROM articles WHERE id NOT IN (SELECT article_id FROM reuse_indexed) ORDER BY id"
        ).fetchall()]
    indexed = {r[0] for r in store.execute(
        "SELECT article_id FROM reuse_indexed WHERE article_id IN (SELECT unnest(?))", [list(new_ids)]
    ).fetchall()}
    return sorted(set(new_ids) - indexed)


def _hash_articles(store, new_ids: list[str]) -> tuple[list[_Art], np.ndarray, np.ndarray]:
    """(the articles, unit -> article index, unit band keys) of the batch.

    Hashed in chunks, keeping only the articles' ids: their tokens are reloaded for the few that
    alignment needs, so memory does not grow with the batch."""
    new_arts: list[_Art] = []
    owners, key_parts = [], []
    for lo in range(0, len(new_ids), LOAD_CHUNK):
        chunk = _load_articles(store, new_ids[lo : lo + LOAD_CHUNK])
        arts = [chunk[i] for i in new_ids[lo : lo + LOAD_CHUNK] if i in chunk]
        o, k = unit_keys(arts)
        owners.append(o + len(new_arts))
        key_parts.append(k)
        new_arts.extend(_Art(a.id, "", a.published, None) for a in arts)  # type: ignore[arg-type]
        del chunk, arts
    owner = np.concatenate(owners).astype(np.int32)
    keys = np.concatenate(key_parts)
    return new_arts, owner, keys


def _candidate_pairs(segments: list[sketch.Segment], new_arts: list[_Art], owner: np.ndarray,
                     keys: np.ndarray) -> list[Candidates]:
    """Candidate article pairs: new x indexed (one entry per segment), and new x new (the last entry).

    Unit pairs (millions in a large batch, one per shared band key) are reduced to distinct article
    pairs in numpy, band by band, and stay int64 codes (a * width + b) until their block is aligned."""
    found: list[Candidates] = []
    for seg in segments:
        codes = np.zeros(0, dtype=np.int64)
        for qi, ui in seg.query_by_band(keys):
            codes = np.union1d(codes, sketch.pair_codes(owner[qi], seg.unit_article[ui], len(seg.article_ids)))
        found.append((codes, len(seg.article_ids), seg.article_ids))
    codes = np.zeros(0, dtype=np.int64)
    for ii, jj in sketch.self_pairs_by_band(keys):
        a, b = owner[ii], owner[jj]
        a, b = np.minimum(a, b), np.maximum(a, b)
        keep = a != b
        codes = np.union1d(codes, sketch.pair_codes(a[keep], b[keep], len(new_arts)))
    found.append((codes, len(new_arts), [x.id for x in new_arts]))
    return found


def _align_candidates(store, found: list[Candidates], new_arts: list[_Art], total: int, progress) -> int:
    """Align every candidate pair and store its passages; returns how many were stored.

    Block by block: only one block's articles are tokenized and held at a time, and its passages
    are written before the next block (the transaction still makes the build atomic)."""
    done = stored = 0
    for codes, width, b_ids in found:
        for lo in range(0, len(codes), ALIGN_BLOCK):
            ai, bi = np.divmod(codes[lo : lo + ALIGN_BLOCK], width)
            block = [(new_arts[i].id, str(b_ids[j])) for i, j in zip(ai.tolist(), bi.tolist())]
            arts_map = _load_articles(store, sorted({i for pair in block for i in pair}))
            records: list[ReusePair] = []
            for x, y in block:
                records.extend(align_articles(arts_map[x], arts_map[y]))
                done += 1
                if progress and done % 1000 == 0:
                    progress("align", done, total)
            del arts_map
            if records:
                store.insert_new(ReusePair, records)
            stored += len(records)
    return stored


def reuse_stage(ctx: LinkContext) -> None:
    """Passages shared between articles (MinHash LSH + local alignment), grouped into clusters."""

    def progress(event: str, done: int, total: int) -> None:
        if ctx.progress:
            ctx.progress(f"reuse:{event}", done, total)

    detect_reuse(ctx.store, progress=progress)

