"""The tables the `reuse` stage writes: passages shared by two articles, their clusters, and the
bookkeeping of the MinHash index beside the store."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import ClassVar

from newsdossier.records import Record


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
