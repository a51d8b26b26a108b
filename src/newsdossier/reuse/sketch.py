"""MinHash signatures and a banded LSH index over sentences, in numpy.

Signatures are bit-identical to `datasketch.MinHash(num_perm, seed, scheme="affine32")` fed the
same 32-bit shingle hashes (the tests check this): the hash is pre-mixed with the MurmurHash3
finalizer and permuted by `a * h + b mod 2^32`. Computing them for many sentences at once with
`np.minimum.reduceat` is what makes the index fast; `benchmarks/reuse_eval.py` compares it with
datasketch's own MinHash + MinHashLSH.

The index is a list of *segments*, one per build: each holds the article ids it covers, the article
of every sentence unit, and per band the sorted 32-bit band keys with the units they belong to.
Segments are saved as `.npz` files in the folder beside the store (`<store>.reuse/`), or kept in
memory for a ':memory:' store. Segments written before band keys were 32-bit (uint64 `keys`) are
folded to 32 bits and re-sorted when loaded (`fold_keys`), so an older index keeps working.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

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
KEY_DTYPE = np.uint32  # band keys: 32 bits (4 bytes per unit and band)


def fold_keys(keys64: np.ndarray) -> np.ndarray:
    """64-bit band keys -> the 32-bit keys of the index: high word XOR low word."""
    k = np.asarray(keys64, dtype=np.uint64)
    return ((k >> np.uint64(32)) ^ (k & np.uint64(0xFFFFFFFF))).astype(KEY_DTYPE)


def band_keys(sigs: np.ndarray, bands: int = BANDS) -> np.ndarray:
    """(units, bands) uint32: one key per band, combining that band's rows.

    The rows are mixed into a 64-bit hash (tagged with the band number) and folded to 32 bits.
    Keys are only compared within a band, so a chance collision of two unrelated units in one band
    has probability 2^-32 per pair: it adds a candidate pair that alignment then rejects (it finds
    no shared trigram), never a reported passage.
    """
    n, p = sigs.shape
    rows = p // bands
    out = np.empty((n, bands), dtype=KEY_DTYPE)
    step = 65536  # units at a time: the 64-bit intermediates stay small
    tag = np.arange(bands, dtype=np.uint64)[None, :] << np.uint64(56)
    with np.errstate(over="ignore"):
        for lo in range(0, n, step):
            s = sigs[lo : lo + step, : rows * bands].reshape(-1, bands, rows)
            key = np.zeros(s.shape[:2], dtype=np.uint64)
            for r in range(rows):
                key = (key ^ s[:, :, r].astype(np.uint64)) * _BAND_MULT + np.uint64(r + 1)
            key ^= tag
            out[lo : lo + step] = fold_keys(key)
    return out


def _sort_bands(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(units, bands) keys -> per band the sorted keys and the unit of each, one band at a time."""
    n, bands = keys.shape
    sorted_keys = np.empty((bands, n), dtype=KEY_DTYPE)
    units = np.empty((bands, n), dtype=np.int32)
    for band in range(bands):
        col = np.ascontiguousarray(keys[:, band])
        order = np.argsort(col, kind="stable")
        sorted_keys[band] = col[order]
        units[band] = order
        del order, col
    return sorted_keys, units


@dataclass(slots=True)
class Segment:
    """One build's part of the index."""

    name: str
    article_ids: np.ndarray  # (articles,) str
    unit_article: np.ndarray  # (units,) int32 index into article_ids
    keys: np.ndarray  # (bands, units) uint32, each row sorted
    units: np.ndarray  # (bands, units) int32: unit of each sorted key

    @classmethod
    def build(cls, name: str, article_ids: list[str], unit_article: np.ndarray, keys: np.ndarray) -> "Segment":
        sorted_keys, units = _sort_bands(keys)
        return cls(name, np.asarray(article_ids, dtype=object), unit_article.astype(np.int32), sorted_keys, units)

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
            keys, units = z["keys"], z["units"]
            if keys.dtype != KEY_DTYPE:  # an index written with 64-bit keys: fold and re-sort
                keys, units = _resort(fold_keys(keys), units)
            return cls(name, z["article_ids"].astype(object), z["unit_article"], keys, units)

    def unsorted_keys(self) -> np.ndarray:
        """The (units, bands) key matrix this segment was built from."""
        k = np.empty((self.n_units, self.keys.shape[0]), dtype=KEY_DTYPE)
        for band in range(self.keys.shape[0]):
            k[self.units[band], band] = self.keys[band]
        return k

    def query(self, keys: np.ndarray, max_bucket: int = MAX_BUCKET) -> tuple[np.ndarray, np.ndarray]:
        """Units of this segment sharing a band key with each query unit.

        keys: (queries, bands). Returns (query index, unit index) arrays, possibly with repeats.
        """
        found = list(self.query_by_band(keys, max_bucket))
        if not found:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
        return np.concatenate([q for q, _ in found]), np.concatenate([u for _, u in found]).astype(np.int64)

    def query_by_band(self, keys: np.ndarray, max_bucket: int = MAX_BUCKET) -> Iterator[tuple[np.ndarray, np.ndarray]]:
        """`query`, one band at a time (a batch can share millions of unit pairs over all bands)."""
        for band in range(self.keys.shape[0]):
            col = self.keys[band]
            q = np.ascontiguousarray(keys[:, band])
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
            yield qi, self.units[band][start]


def _resort(keys: np.ndarray, units: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per band (rows), sort keys again, carrying their units along."""
    out_k = np.empty_like(keys)
    out_u = np.empty_like(units)
    for band in range(keys.shape[0]):
        order = np.argsort(keys[band], kind="stable")
        out_k[band] = keys[band][order]
        out_u[band] = units[band][order]
    return out_k, out_u


def merge_segments(name: str, segments: list[Segment]) -> Segment:
    """One segment holding every unit of `segments` (compaction)."""
    ids: list[str] = []
    unit_article = []
    keys = []
    for seg in segments:
        unit_article.append(seg.unit_article.astype(np.int64) + len(ids))
        ids.extend(seg.article_ids.tolist())
        keys.append(seg.unsorted_keys())  # undo the per-band sort
    bands = segments[0].keys.shape[0] if segments else BANDS
    return Segment.build(
        name, ids,
        np.concatenate(unit_article) if unit_article else np.zeros(0, dtype=np.int32),
        np.concatenate(keys) if keys else np.zeros((0, bands), dtype=KEY_DTYPE),
    )


def self_pairs(keys: np.ndarray, max_bucket: int = MAX_BUCKET) -> tuple[np.ndarray, np.ndarray]:
    """Pairs of units (i < j) of one batch that share a band key (repeats possible)."""
    found = list(self_pairs_by_band(keys, max_bucket))
    if not found:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    return np.concatenate([i for i, _ in found]), np.concatenate([j for _, j in found])


def self_pairs_by_band(keys: np.ndarray, max_bucket: int = MAX_BUCKET) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """`self_pairs`, one band at a time."""
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
        out_i, out_j = [], []
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
        if out_i:
            yield np.concatenate(out_i), np.concatenate(out_j)


def pair_codes(a: np.ndarray, b: np.ndarray, width: int) -> np.ndarray:
    """Distinct (a, b) pairs as sorted int64 codes a * width + b (decode with divmod by width)."""
    return np.unique(a.astype(np.int64) * width + b.astype(np.int64))
