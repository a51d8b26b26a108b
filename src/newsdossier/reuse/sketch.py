"""MinHash signatures and a banded LSH index over sentences, in numpy.

Signatures are bit-identical to `datasketch.MinHash(num_perm, seed, scheme="affine32")` fed the
same 32-bit shingle hashes (the tests check this): the hash is pre-mixed with the MurmurHash3
finalizer and permuted by `a * h + b mod 2^32`. Computing them for many sentences at once with
`np.minimum.reduceat` is what makes the index fast; `benchmarks/reuse_eval.py` compares it with
datasketch's own MinHash + MinHashLSH.

The index is a list of *segments*, one per build: each holds the article ids it covers, the article
of every sentence unit, and per band the sorted band keys with the units they belong to. Segments
are saved as `.npz` files in the folder beside the store (`<store>.reuse/`), or kept in memory for
a ':memory:' store.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

NUM_PERM = 96  # permutations per signature
BANDS = 32  # LSH bands; rows per band = NUM_PERM // BANDS = 3
SEED = 1
MAX_BUCKET = 400  # a band key shared by more units than this is a stock phrase: skipped

_FMIX32 = (np.uint32(16), np.uint32(0x85EBCA6B), np.uint32(13), np.uint32(0xC2B2AE35), np.uint32(16))


def _fmix32(h: np.ndarray) -> np.ndarray:
    s1, m1, s2, m2, s3 = _FMIX32
    with np.errstate(over="ignore"):
        h = h ^ (h >> s1)
        h = h * m1
        h = h ^ (h >> s2)
        h = h * m2
        return h ^ (h >> s3)


def permutations(num_perm: int = NUM_PERM, seed: int = SEED) -> tuple[np.ndarray, np.ndarray]:
    """(a, b) of datasketch's affine32 scheme for this seed."""
    gen = np.random.RandomState(seed)
    a = gen.randint(0, 1 << 31, num_perm, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = gen.randint(0, 1 << 32, num_perm, dtype=np.uint32)
    return a, b


_PERMS: dict[tuple[int, int], tuple[np.ndarray, np.ndarray]] = {}


def signatures(hashes: np.ndarray, offsets: np.ndarray, num_perm: int = NUM_PERM, seed: int = SEED) -> np.ndarray:
    """MinHash signature of each set: set k is `hashes[offsets[k]:offsets[k+1]]` (none empty).

    Returns a (sets, num_perm) uint32 array.
    """
    key = (num_perm, seed)
    if key not in _PERMS:
        _PERMS[key] = permutations(num_perm, seed)
    a, b = _PERMS[key]
    n_sets = len(offsets) - 1
    out = np.empty((n_sets, num_perm), dtype=np.uint32)
    if n_sets == 0:
        return out
    mixed = _fmix32(hashes.astype(np.uint32))
    # one permutation at a time: a 1-D multiply-add and a 1-D minimum.reduceat are far faster than
    # the same work on a (hashes, num_perm) matrix
    out_t = np.empty((num_perm, n_sets), dtype=np.uint32)
    tmp = np.empty(len(mixed), dtype=np.uint32)
    starts = offsets[:-1]
    with np.errstate(over="ignore"):
        for k in range(num_perm):
            np.multiply(mixed, a[k], out=tmp)
            tmp += b[k]
            out_t[k] = np.minimum.reduceat(tmp, starts)
    out[:] = out_t.T
    return out


_BAND_MULT = np.uint64(0x9E3779B97F4A7C15)


def band_keys(sigs: np.ndarray, bands: int = BANDS) -> np.ndarray:
    """(units, bands) uint64: one key per band, combining that band's rows."""
    n, p = sigs.shape
    rows = p // bands
    s = sigs[:, : rows * bands].reshape(n, bands, rows).astype(np.uint64)
    with np.errstate(over="ignore"):
        key = np.zeros((n, bands), dtype=np.uint64)
        for r in range(rows):
            key = (key ^ s[:, :, r]) * _BAND_MULT + np.uint64(r + 1)
        key ^= np.arange(bands, dtype=np.uint64)[None, :] << np.uint64(56)
    return key


@dataclass(slots=True)
class Segment:
    """One build's part of the index."""

    name: str
    article_ids: np.ndarray  # (articles,) str
    unit_article: np.ndarray  # (units,) int32 index into article_ids
    keys: np.ndarray  # (bands, units) uint64, each row sorted
    units: np.ndarray  # (bands, units) int32: unit of each sorted key

    @classmethod
    def build(cls, name: str, article_ids: list[str], unit_article: np.ndarray, keys: np.ndarray) -> "Segment":
        order = np.argsort(keys, axis=0, kind="stable").T.astype(np.int32)  # (bands, units)
        sorted_keys = np.take_along_axis(keys.T, order.astype(np.int64), axis=1)
        return cls(name, np.asarray(article_ids, dtype=object), unit_article.astype(np.int32),
                   np.ascontiguousarray(sorted_keys), np.ascontiguousarray(order))

    @property
    def n_units(self) -> int:
        return len(self.unit_article)

    def save(self, folder: Path) -> Path:
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{self.name}.npz"
        tmp = folder / f"{self.name}.tmp.npz"
        np.savez(tmp, article_ids=np.asarray(self.article_ids, dtype=str), unit_article=self.unit_article,
                 keys=self.keys, units=self.units)
        tmp.replace(path)
        return path

    @classmethod
    def load(cls, folder: Path, name: str) -> "Segment":
        with np.load(folder / f"{name}.npz", allow_pickle=False) as z:
            return cls(name, z["article_ids"].astype(object), z["unit_article"], z["keys"], z["units"])

    def query(self, keys: np.ndarray, max_bucket: int = MAX_BUCKET) -> tuple[np.ndarray, np.ndarray]:
        """Units of this segment sharing a band key with each query unit.

        keys: (queries, bands). Returns (query index, unit index) arrays, possibly with repeats.
        """
        qs, us = [], []
        for band in range(self.keys.shape[0]):
            col = self.keys[band]
            q = keys[:, band]
            lo = np.searchsorted(col, q, side="left")
            hi = np.searchsorted(col, q, side="right")
            cnt = hi - lo
            cnt[cnt > max_bucket] = 0
            hit = np.nonzero(cnt)[0]
            if not len(hit):
                continue
            c = cnt[hit]
            qi = np.repeat(hit, c)
            start = np.repeat(lo[hit], c) + (np.arange(int(c.sum())) - np.repeat(np.cumsum(c) - c, c))
            qs.append(qi)
            us.append(self.units[band][start])
        if not qs:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
        return np.concatenate(qs), np.concatenate(us).astype(np.int64)


def merge_segments(name: str, segments: list[Segment]) -> Segment:
    """One segment holding every unit of `segments` (compaction)."""
    ids: list[str] = []
    unit_article = []
    keys = []
    for seg in segments:
        unit_article.append(seg.unit_article.astype(np.int64) + len(ids))
        ids.extend(seg.article_ids.tolist())
        # undo the per-band sort: rebuild the (units, bands) key matrix
        k = np.empty((seg.n_units, seg.keys.shape[0]), dtype=np.uint64)
        for band in range(seg.keys.shape[0]):
            k[seg.units[band], band] = seg.keys[band]
        keys.append(k)
    bands = segments[0].keys.shape[0] if segments else BANDS
    return Segment.build(
        name, ids,
        np.concatenate(unit_article) if unit_article else np.zeros(0, dtype=np.int32),
        np.concatenate(keys) if keys else np.zeros((0, bands), dtype=np.uint64),
    )


def self_pairs(keys: np.ndarray, max_bucket: int = MAX_BUCKET) -> tuple[np.ndarray, np.ndarray]:
    """Pairs of units (i < j) of one batch that share a band key (repeats possible)."""
    out_i, out_j = [], []
    for band in range(keys.shape[1]):
        col = keys[:, band]
        order = np.argsort(col, kind="stable")
        sk = col[order]
        n = len(sk)
        if n < 2:
            continue
        new_group = np.empty(n, dtype=bool)
        new_group[0] = True
        new_group[1:] = sk[1:] != sk[:-1]
        gid = np.cumsum(new_group) - 1
        sizes = np.bincount(gid)
        size_of = sizes[gid]
        live = np.nonzero((size_of > 1) & (size_of <= max_bucket))[0]
        d = 1
        while len(live):
            nxt = live + d
            nxt_ok = nxt < n
            live, nxt = live[nxt_ok], nxt[nxt_ok]
            same = gid[live] == gid[nxt]
            live, nxt = live[same], nxt[same]
            if len(live):
                a, b = order[live], order[nxt]
                out_i.append(np.minimum(a, b))
                out_j.append(np.maximum(a, b))
            d += 1
    if not out_i:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    return np.concatenate(out_i), np.concatenate(out_j)
