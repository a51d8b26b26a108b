"""Text reuse: which passages travel between articles, and who published them first.

The `reuse` link stage runs after each build over the articles not yet indexed:
1. tokenize each new article (regex words and sentences with offsets; body only, boilerplate out);
2. MinHash every sentence (word trigrams, `sketch.signatures`) and look its LSH band keys up in the
   persistent index beside the store, and among the other new sentences;
3. align every candidate pair of articles (`align.align`): exact passage boundaries in both, at
   sentence edges, tolerating changed words, punctuation and inserted clauses;
4. store the passages (`reuse` table), add the new articles to the index (one segment per build),
   and regroup all passages into clusters (`reuse_clusters`), each ordered by publication date.

Only new articles are hashed and compared (against everything indexed before), so a build's cost
grows with the size of the batch, not of the store. See docs/reuse.md.
"""
from __future__ import annotations

import logging

import datetime as dt
import hashlib
import time
import weakref
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar, Iterable

import numpy as np
import pyarrow as pa

from newsdossier.records import Record
from newsdossier.reuse import sketch
from newsdossier.reuse.align import Passage, align, mark_exact
from newsdossier.reuse.tokens import Tokens, text_regions, tokenize
from newsdossier.stages import LinkContext

log = logging.getLogger(__name__)

MIN_UNIT_SHINGLES = 3  # a sentence needs this many content trigrams to be indexed
MAX_UNIT_WORDS = 60  # longer sentences (lists, run-ons) are indexed in pieces of this size
LOAD_CHUNK = 2000  # articles tokenized at a time
ALIGN_BLOCK = 2000  # candidate pairs aligned per block (their articles are loaded together)
MAX_SEGMENTS = 12  # compact the index into one segment when it has more
INDEX_SUFFIX = ".reuse"  # the index folder is `<store path>.reuse/`

__all__ = [
    "ReusePair", "ReuseCluster", "ReuseSegment", "ReuseIndexed", "detect_reuse", "reuse_clusters",
    "reuse_pairs", "aligned_passages", "article_tokens", "index_folder",
]


@dataclass(slots=True)
class ReusePair(Record):
    """One passage shared by two articles, with its exact offsets in both.

    A is the earlier-published article when both dates are known (the likely source), otherwise
    the one with the smaller id. similarity: word-level (2 x matched words / all words);
    edit_ratio: word edits (Levenshtein) / words of the longer passage; exact: both passages read
    the same, white space aside. cluster_id: the `reuse_clusters` group of this passage.
    """

    table: ClassVar[str] = "reuse"
    key: ClassVar[tuple[str, ...]] = ("id",)

    id: str
    a_article_id: str
    b_article_id: str
    a_start: int
    a_end: int
    a_text: str
    b_start: int
    b_end: int
    b_text: str
    a_words: int
    b_words: int
    similarity: float
    edit_ratio: float
    exact: bool
    cluster_id: str | None


@dataclass(slots=True)
class ReuseCluster(Record):
    """One article's passage in a cluster of passages that recur across articles.

    A row per (cluster, article); `rank` orders a cluster's rows by publication date (undated
    last); `is_origin` marks the earliest dated article(s): the likely origin. `start`/`end`
    cover the union of the overlapping passages of that article in the cluster.
    """

    table: ClassVar[str] = "reuse_clusters"
    key: ClassVar[tuple[str, ...]] = ("cluster_id", "article_id")

    cluster_id: str
    article_id: str
    start: int
    end: int
    text: str
    published: dt.date | None
    rank: int
    is_origin: bool
    n_articles: int
    exact: bool
    max_edit_ratio: float


@dataclass(slots=True)
class ReuseSegment(Record):
    """One segment file of the MinHash LSH index (`<store>.reuse/<segment>.npz`)."""

    table: ClassVar[str] = "reuse_segments"
    key: ClassVar[tuple[str, ...]] = ("segment",)

    segment: str
    articles: int
    units: int
    created: dt.datetime


@dataclass(slots=True)
class ReuseIndexed(Record):
    """An article whose sentences are in the reuse index, and in which segment."""

    table: ClassVar[str] = "reuse_indexed"
    key: ClassVar[tuple[str, ...]] = ("article_id",)

    article_id: str
    segment: str
    units: int


# -- the index beside the store -------------------------------------------------------------------

_MEMORY_INDEXES: "weakref.WeakKeyDictionary[Any, dict[str, sketch.Segment]]" = weakref.WeakKeyDictionary()


def index_folder(store) -> Path | None:
    """`<store path>.reuse/`, or None for a ':memory:' store (its index lives in this process)."""
    if store.path == ":memory:":
        return None
    return Path(str(store.path) + INDEX_SUFFIX)


def _load_segments(store) -> list[sketch.Segment]:
    names = [r["segment"] for r in store.rows("SELECT segment FROM reuse_segments ORDER BY created, segment")]
    folder = index_folder(store)
    if folder is None:
        mem = _MEMORY_INDEXES.setdefault(store, {})
        return [mem[n] for n in names if n in mem]
    return [sketch.Segment.load(folder, n) for n in names if (folder / f"{n}.npz").exists()]


def _save_segment(store, seg: sketch.Segment) -> None:
    folder = index_folder(store)
    if folder is None:
        _MEMORY_INDEXES.setdefault(store, {})[seg.name] = seg
    else:
        seg.save(folder)


def _remove_stale_files(store) -> None:
    """Delete segment files no committed row refers to (left by a failed or compacted build)."""
    folder = index_folder(store)
    if folder is None or not folder.is_dir():
        return
    live = {r["segment"] for r in store.rows("SELECT segment FROM reuse_segments")}
    for path in folder.glob("*.npz"):
        name = path.name[: -len(".npz")]
        if name not in live:
            path.unlink(missing_ok=True)


# -- reading articles -----------------------------------------------------------------------------


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


# -- detection ------------------------------------------------------------------------------------


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
    if new_ids is None:
        new_ids = [r[0] for r in store.execute(
            "SELECT id FROM articles WHERE id NOT IN (SELECT article_id FROM reuse_indexed) ORDER BY id"
        ).fetchall()]
    else:
        indexed = {r[0] for r in store.execute(
            "SELECT article_id FROM reuse_indexed WHERE article_id IN (SELECT unnest(?))", [list(new_ids)]
        ).fetchall()}
        new_ids = sorted(set(new_ids) - indexed)
    if not new_ids:
        return stats
    # hash the new articles in chunks, keeping only their ids: their tokens are reloaded for the
    # few that alignment needs, so memory does not grow with the batch
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
    del owners, key_parts
    stats.new_articles = len(new_arts)
    stats.units = len(owner)
    segments = _load_segments(store)

    # candidate article pairs: new x indexed, and new x new. Unit pairs (millions in a large batch,
    # one per shared band key) are reduced to distinct article pairs in numpy, band by band, and
    # stay int64 codes (a * width + b) until their block is aligned.
    found: list[tuple[np.ndarray, int, Any]] = []  # (codes, width, ids of the b side)
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
    del codes
    stats.candidate_pairs = sum(len(c) for c, _, _ in found)
    stats.seconds_index = time.perf_counter() - t0

    t1 = time.perf_counter()
    # align block by block: only one block's articles are tokenized and held at a time, and its
    # passages are written before the next block (the transaction still makes the build atomic)
    done = 0
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
                    progress("align", done, stats.candidate_pairs)
            del arts_map
            if records:
                store.insert_new(ReusePair, records)
            stats.pairs += len(records)
    del found
    stats.seconds_align = time.perf_counter() - t1

    # write: the segment file first, then the rows that make it part of the index
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


def reuse_stage(ctx: LinkContext) -> None:
    """Passages shared between articles (MinHash LSH + local alignment), grouped into clusters."""

    def progress(event: str, done: int, total: int) -> None:
        if ctx.progress:
            ctx.progress(f"reuse:{event}", done, total)

    detect_reuse(ctx.store, progress=progress)


# -- clusters -------------------------------------------------------------------------------------


def components(n: int, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Connected components of `n` nodes joined by the edges a[i]-b[i]: each node's root (the
    smallest node of its component). Vectorised union-find: hook roots onto smaller roots, then
    jump pointers, until no edge joins two roots."""
    parent = np.arange(n, dtype=np.int64)
    while True:
        ra, rb = parent[a], parent[b]
        apart = ra != rb
        if not apart.any():
            return parent
        np.minimum.at(parent, np.maximum(ra, rb)[apart], np.minimum(ra, rb)[apart])
        while True:
            jumped = parent[parent]
            if np.array_equal(jumped, parent):
                break
            parent = jumped


# Spans of one article that overlap are one node (their union): gaps and islands over the pair ends.
_NODES_SQL = """
CREATE OR REPLACE TEMP TABLE _reuse_nodes AS
WITH ends AS (
    SELECT DISTINCT a_article_id AS article_id, a_start AS s, a_end AS e FROM reuse
    UNION SELECT b_article_id, b_start, b_end FROM reuse),
flagged AS (
    SELECT article_id, s, e, coalesce(s >= max(e) OVER (PARTITION BY article_id ORDER BY s, e
        ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), true)::INTEGER AS opens FROM ends),
islands AS (
    SELECT article_id, s, e, sum(opens) OVER (PARTITION BY article_id ORDER BY s, e ROWS UNBOUNDED PRECEDING)
        AS island FROM flagged)
SELECT (row_number() OVER (ORDER BY article_id, min(s)) - 1)::BIGINT AS node, article_id, min(s) AS s, max(e) AS e
FROM islands GROUP BY article_id, island
"""
_PAIR_NODES_SQL = """
CREATE OR REPLACE TEMP TABLE _reuse_pair_nodes AS
SELECT r.id, na.node AS a_node, nb.node AS b_node, r.exact, r.edit_ratio FROM reuse r
JOIN _reuse_nodes na ON na.article_id = r.a_article_id AND r.a_start >= na.s AND r.a_start < na.e
JOIN _reuse_nodes nb ON nb.article_id = r.b_article_id AND r.b_start >= nb.s AND r.b_start < nb.e
"""
# A cluster is named after its first member (earliest dated, then article id, then offset); an
# article holding two spans of one cluster has one row covering both; rank orders articles by date.
_CLUSTERS_SQL = """
CREATE OR REPLACE TEMP TABLE _reuse_cluster_ids AS
SELECT root, substr(sha1(article_id || ':' || s), 1, 12) AS cluster_id, published AS earliest FROM (
    SELECT r.root, n.article_id, n.s, a.published, row_number() OVER (PARTITION BY r.root
        ORDER BY a.published NULLS LAST, n.article_id, n.s) AS k
    FROM _reuse_nodes n JOIN _reuse_roots r USING (node) JOIN articles a ON a.id = n.article_id) WHERE k = 1;
INSERT INTO reuse_clusters BY NAME
WITH members AS (
    SELECT r.root, n.article_id, min(n.s) AS "start", max(n.e) AS "end"
    FROM _reuse_nodes n JOIN _reuse_roots r USING (node) GROUP BY ALL),
flags AS (
    SELECT r.root, bool_and(p.exact) AS exact, max(p.edit_ratio) AS max_edit_ratio
    FROM _reuse_pair_nodes p JOIN _reuse_roots r ON r.node = p.a_node GROUP BY ALL)
SELECT c.cluster_id, m.article_id, m."start", m."end", substr(a.text, m."start" + 1, m."end" - m."start") AS text,
    a.published, row_number() OVER (PARTITION BY m.root ORDER BY a.published NULLS LAST, m.article_id)::INTEGER
    AS "rank", coalesce(a.published = c.earliest, false) AS is_origin,
    (count(*) OVER (PARTITION BY m.root))::INTEGER AS n_articles, f.exact, f.max_edit_ratio
FROM members m JOIN _reuse_cluster_ids c USING (root) JOIN flags f USING (root) JOIN articles a ON a.id = m.article_id;
UPDATE reuse SET cluster_id = c.cluster_id FROM _reuse_pair_nodes p, _reuse_roots r, _reuse_cluster_ids c
WHERE reuse.id = p.id AND r.node = p.a_node AND c.root = r.root;
DROP TABLE _reuse_cluster_ids; DROP TABLE _reuse_pair_nodes; DROP TABLE _reuse_roots; DROP TABLE _reuse_nodes;
"""


def rebuild_clusters(store) -> int:
    """Regroup every stored passage into clusters; rewrite `reuse_clusters` and `reuse.cluster_id`.

    Nodes are (article, span); spans of one article that overlap are one node (their union);
    every stored pair links its two nodes. A cluster is a connected group of nodes. The nodes and
    the cluster rows are made in SQL; only two integer arrays (the pairs' nodes) reach Python, for
    the connected components, so memory stays small however many passages are stored.
    """
    store.execute("DELETE FROM reuse_clusters")
    store.execute(_NODES_SQL)
    store.execute(_PAIR_NODES_SQL)
    n = store.scalar("SELECT count(*) FROM _reuse_nodes") or 0
    ends = store.execute("SELECT a_node, b_node FROM _reuse_pair_nodes").fetchnumpy()
    roots = components(n, ends["a_node"].astype(np.int64), ends["b_node"].astype(np.int64))
    del ends
    store.con.register("_reuse_roots_batch", pa.table({"node": np.arange(n, dtype=np.int64), "root": roots}))
    try:
        store.execute("CREATE OR REPLACE TEMP TABLE _reuse_roots AS SELECT * FROM _reuse_roots_batch")
    finally:
        store.con.unregister("_reuse_roots_batch")
    for statement in _CLUSTERS_SQL.split(";"):
        if statement.strip():
            store.execute(statement)
    return len(np.unique(roots))


# -- queries (CLI and web UI) ---------------------------------------------------------------------


def reuse_clusters(store, article_id: str | None = None, limit: int = 50) -> list[dict[str, Any]]:
    """Clusters, largest first (or those holding `article_id`), each with its members by date.

    Each cluster: cluster_id, n_articles, exact, max_edit_ratio, origin (the rank-1 member), and
    members: article_id, title, outlet, published, start, end, text, rank, is_origin.
    """
    where, params = "", []
    if article_id is not None:
        where = "WHERE cluster_id IN (SELECT cluster_id FROM reuse_clusters WHERE article_id = ?)"
        params = [article_id]
    ids = [r[0] for r in store.execute(
        f"SELECT cluster_id, max(n_articles) AS n, min(published) AS first FROM reuse_clusters {where} "
        "GROUP BY cluster_id ORDER BY n DESC, first NULLS LAST, cluster_id LIMIT ?", [*params, limit]
    ).fetchall()]
    if not ids:
        return []
    rows = store.rows(
        "SELECT c.*, a.title, a.outlet FROM reuse_clusters c JOIN articles a ON a.id = c.article_id "
        "WHERE c.cluster_id IN (SELECT unnest(?)) ORDER BY c.cluster_id, c.rank", [ids]
    )
    by_id: dict[str, dict[str, Any]] = {}
    for r in rows:
        c = by_id.setdefault(r["cluster_id"], {
            "cluster_id": r["cluster_id"], "n_articles": r["n_articles"], "exact": r["exact"],
            "max_edit_ratio": r["max_edit_ratio"], "members": [],
        })
        c["members"].append({k: r[k] for k in ("article_id", "title", "outlet", "published", "start", "end",
                                                "text", "rank", "is_origin")})
    out = [by_id[i] for i in ids if i in by_id]
    for c in out:
        c["origin"] = c["members"][0] if c["members"] and c["members"][0]["is_origin"] else None
    return out


def reuse_pairs(store, article_id: str | None = None, limit: int = 200) -> list[dict[str, Any]]:
    """Stored passage pairs (those involving `article_id` when given), with both articles' dates."""
    where, params = "", []
    if article_id is not None:
        where = "WHERE r.a_article_id = ? OR r.b_article_id = ?"
        params = [article_id, article_id]
    return store.rows(
        "SELECT r.*, a.published AS a_published, a.outlet AS a_outlet, a.title AS a_title, "
        "b.published AS b_published, b.outlet AS b_outlet, b.title AS b_title "
        "FROM reuse r JOIN articles a ON a.id = r.a_article_id JOIN articles b ON b.id = r.b_article_id "
        f"{where} ORDER BY r.a_words DESC, r.id LIMIT ?", [*params, limit]
    )


def aligned_passages(store, a_id: str, b_id: str) -> list[dict[str, Any]]:
    """Two articles' shared passages, aligned word by word, for a side-by-side view.

    Returns one dict per passage: a_start, a_end, b_start, b_end, similarity, edit_ratio, exact,
    and `ops`: a list of (op, a_start, a_end, b_start, b_end) character spans in each article,
    op being 'equal', 'replace', 'delete' (only in A) or 'insert' (only in B). Spans cover the
    words; the text between them is left as it is.
    """
    import difflib

    arts = _load_articles(store, [a_id, b_id])
    if a_id not in arts or b_id not in arts:
        return []
    x, y = arts[a_id], arts[b_id]
    stored = store.rows(
        "SELECT * FROM reuse WHERE (a_article_id = ? AND b_article_id = ?) OR (a_article_id = ? AND b_article_id = ?) "
        "ORDER BY a_start", [a_id, b_id, b_id, a_id]
    )
    out = []
    for r in stored:
        if r["a_article_id"] == a_id:
            sa, ea, sb, eb = r["a_start"], r["a_end"], r["b_start"], r["b_end"]
        else:
            sa, ea, sb, eb = r["b_start"], r["b_end"], r["a_start"], r["a_end"]
        ta, tb = x.tokens, y.tokens
        wa = np.nonzero((ta.word_start >= sa) & (ta.word_end <= ea))[0]
        wb = np.nonzero((tb.word_start >= sb) & (tb.word_end <= eb))[0]
        ops = []
        if len(wa) and len(wb):
            a0, b0 = int(wa[0]), int(wb[0])
            sm = difflib.SequenceMatcher(None, ta.words[a0 : int(wa[-1]) + 1], tb.words[b0 : int(wb[-1]) + 1],
                                         autojunk=False)
            for op, i1, i2, j1, j2 in sm.get_opcodes():
                ca = (int(ta.word_start[a0 + i1]), int(ta.word_end[a0 + i2 - 1])) if i2 > i1 else (None, None)
                cb = (int(tb.word_start[b0 + j1]), int(tb.word_end[b0 + j2 - 1])) if j2 > j1 else (None, None)
                ops.append((op, ca[0], ca[1], cb[0], cb[1]))
        out.append({
            "a_start": sa, "a_end": ea, "a_text": x.text[sa:ea], "b_start": sb, "b_end": eb,
            "b_text": y.text[sb:eb], "similarity": r["similarity"], "edit_ratio": r["edit_ratio"],
            "exact": r["exact"], "ops": ops,
        })
    return out
