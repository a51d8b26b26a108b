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

The code: `records` (the tables), `index` (the segment files beside the store), `articles` (tokens
and band keys), `detect` (the stage), `clusters` (regrouping) and `queries` (CLI and web UI).
"""
from __future__ import annotations

from newsdossier.reuse.articles import article_tokens
from newsdossier.reuse.clusters import rebuild_clusters
from newsdossier.reuse.detect import detect_reuse, reuse_stage
from newsdossier.reuse.index import index_folder
from newsdossier.reuse.queries import aligned_passages, reuse_clusters, reuse_pairs
from newsdossier.reuse.records import ReuseCluster, ReuseIndexed, ReusePair, ReuseSegment

__all__ = [
    "ReusePair", "ReuseCluster", "ReuseSegment", "ReuseIndexed", "detect_reuse", "reuse_clusters",
    "reuse_pairs", "aligned_passages", "article_tokens", "index_folder", "rebuild_clusters", "reuse_stage",
]
