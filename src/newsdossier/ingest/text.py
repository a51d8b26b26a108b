"""Plain-text reader: one .txt file is one article, stored exactly as decoded.

Nothing is trimmed or reflowed: the cleaner finds the title, dateline and byline later and records
them as spans, so the text must keep every character of the file.
"""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from newsdossier.ingest import IngestProblem, RawDocument, ReaderOptions
from newsdossier.ingest.decode import decode_bytes


def read_text(path: Path, source: str, options: ReaderOptions) -> Iterator[RawDocument | IngestProblem]:
    """Read one .txt file.

    Args:
        path (Path): The file.
        source (str): Its path relative to the corpus root.
        options (ReaderOptions): Reader switches (unused here; kept for a uniform reader signature).

    Yields:
        RawDocument: The decoded text (a decoding failure is raised and reported by the caller).
    """
    yield RawDocument(source=source, text=decode_bytes(path.read_bytes(), source), format="txt")
