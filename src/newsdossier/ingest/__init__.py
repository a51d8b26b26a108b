"""Ingest: turn files of any supported format into decoded documents.

Readers (one module each): plain text, HTML (trafilatura + htmldate), JSON Lines and CSV exports,
WARC archives. Every reader yields `RawDocument` for what it could read and `IngestProblem` for what
it could not, so one bad file never stops a run.
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(slots=True)
class ReaderOptions:
    """Column names for tabular exports and other reader switches."""

    text_field: str = "text"
    title_field: str = "title"
    url_field: str = "url"
    date_field: str = "date"
    outlet_field: str = "outlet"
    author_field: str = "author"
    outlet_from_dir: bool = False  # name the outlet after the first folder under the corpus root
    max_bytes: int = 50_000_000  # larger files are refused with a clear reason, never half-read


@dataclass(slots=True)
class RawDocument:
    """One article as read from its file, before cleaning.

    `text` is the decoded, mojibake-repaired text that is stored; every offset of every record
    indexes it. For HTML the reader writes the title as the first line, then a blank line, then the
    body, and sets `title` so the cleaner can find it. For JSONL/CSV `text` is the text field
    exactly as given and `title` comes from its own field (it is not inside `text`).
    """

    source: str  # path relative to the corpus root; records inside a file add '#<n>' (1-based)
    text: str
    format: str  # 'txt' | 'html' | 'jsonl' | 'csv' | 'warc'
    title: str | None = None
    url: str | None = None
    published: str | None = None  # ISO 8601 date or datetime string from metadata
    outlet: str | None = None
    author: str | None = None
    extra: dict = field(default_factory=dict)


@dataclass(slots=True)
class IngestProblem:
    """A file (or a record inside one) that could not be read, and why, in words a user understands."""

    source: str
    reason: str
