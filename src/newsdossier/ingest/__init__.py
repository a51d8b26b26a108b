"""Ingest: turn files of any supported format into decoded documents.

Readers (one module each): plain text, HTML (trafilatura + htmldate), JSON Lines and CSV exports,
WARC archives. Every reader yields `RawDocument` for what it could read and `IngestProblem` for what
it could not, so one bad file never stops a run.

`read_corpus` is the entry point. It walks a folder in a fixed order and, per file:

1. picks a reader from the file name (unknown types, hidden files and README/LICENSE-like files
   are skipped without comment in a folder walk);
2. refuses a file over `ReaderOptions.max_bytes` from its size alone, before reading it;
3. runs the reader and turns any exception into an `IngestProblem` for that file;
4. names the outlet after the first folder under the root when `outlet_from_dir` is set and the
   document's own metadata has none.

Everything streams: one file (for JSONL/CSV one line, for WARC one record) is in memory at a
time.
"""
from __future__ import annotations

import os
import re
import stat
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from newsdossier.config import MAX_FILE_BYTES


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
    max_bytes: int = MAX_FILE_BYTES


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


# The readers import the classes above from this package, so they are imported after them.
from newsdossier.ingest.decode import DecodeError  # noqa: E402
from newsdossier.ingest.html import read_html  # noqa: E402
from newsdossier.ingest.tabular import read_csv, read_jsonl  # noqa: E402
from newsdossier.ingest.text import read_text  # noqa: E402
from newsdossier.ingest.warc import read_warc  # noqa: E402

__all__ = [
    "IngestProblem",
    "RawDocument",
    "ReaderOptions",
    "format_of",
    "iter_sources",
    "read_corpus",
]

Reader = Callable[[Path, str, ReaderOptions], Iterator[RawDocument | IngestProblem]]

READERS: dict[str, Reader] = {
    "txt": read_text,
    "html": read_html,
    "jsonl": read_jsonl,
    "csv": read_csv,
    "warc": read_warc,
}
SUFFIX_FORMATS = {
    ".txt": "txt",
    ".html": "html",
    ".htm": "html",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".csv": "csv",
    ".warc": "warc",
    ".warc.gz": "warc",
}
# Files that travel with a data set but are not articles (the BBC set has ORIGINAL-README.TXT).
# Only names that end in the word, so "licence-fee-row.txt" is still read as an article.
_NOT_ARTICLE = re.compile(r"^(?:.*[-_. ])?(?:readme|licen[cs]e|copying|changelog)$", re.IGNORECASE)


def format_of(path: str | Path) -> str | None:
    """The reader format for a file name, or None when no reader handles it.

    Args:
        path (str | Path): A file path; only its name is looked at.

    Returns:
        str | None: 'txt', 'html', 'jsonl', 'csv' or 'warc'.
    """
    name = Path(path).name.lower()
    if name.endswith(".warc.gz"):
        return "warc"
    return SUFFIX_FORMATS.get(os.path.splitext(name)[1])


def iter_sources(path: str | Path) -> Iterator[tuple[Path, str]]:
    """List the files `read_corpus` would read, in the order it reads them.

    Useful for counting files before a run (a progress bar) without reading any. Folders that
    cannot be opened are left out here; `read_corpus` reports them.

    Args:
        path (str | Path): A file or a folder.

    Returns:
        Iterator[tuple[Path, str]]: Each file and its source label (path relative to the root,
        '/'-separated; a single file is labelled with its name).

    Raises:
        FileNotFoundError: At once (not on first iteration) if `path` does not exist.
    """
    root = Path(path)
    if not root.exists():
        raise FileNotFoundError(f"no such file or folder: {root}")
    return (item for item in _walk_root(root) if not isinstance(item, IngestProblem))


def read_corpus(
    path: str | Path, options: ReaderOptions | None = None
) -> Iterator[RawDocument | IngestProblem]:
    """Read every article under a file or folder, as documents and problems, in a fixed order.

    A folder is walked depth-first, each folder's entries in name order (code-point order, so
    the order is the same on every machine), skipping hidden files and folders, files no reader handles, and README/LICENSE-like files. A single file is read
    whatever its name; if no reader handles it that is a problem. One bad file (or row, or
    record) becomes an `IngestProblem` and the walk goes on; nothing here raises once reading
    has started.

    Args:
        path (str | Path): A file or a folder (the corpus root).
        options (ReaderOptions | None): Field names and switches; defaults when None.

    Returns:
        Iterator[RawDocument | IngestProblem]: A lazy stream; sources are paths relative to the
        root ('/'-separated), a single file being named by its file name.

    Raises:
        FileNotFoundError: At once (not on first iteration) if `path` does not exist.
    """
    root = Path(path)
    if not root.exists():
        raise FileNotFoundError(f"no such file or folder: {root}")
    return _read_corpus(root, options or ReaderOptions())


def _read_corpus(root: Path, options: ReaderOptions) -> Iterator[RawDocument | IngestProblem]:
    """The generator behind `read_corpus` (split so a missing path fails at the call)."""
    for item in _walk_root(root):
        if isinstance(item, IngestProblem):
            yield item
            continue
        file, source = item
        fmt = format_of(file)
        if fmt is None:
            yield IngestProblem(
                source,
                f"unsupported file type; readable types are {', '.join(sorted(SUFFIX_FORMATS))}",
            )
            continue
        outlet = None
        if options.outlet_from_dir and root.is_dir():
            parts = source.split("/")
            outlet = parts[0] if len(parts) > 1 else None
        for doc in _read_file(file, source, fmt, options):
            if outlet and isinstance(doc, RawDocument) and not doc.outlet:
                doc.outlet = outlet
            yield doc


def _read_file(
    file: Path, source: str, fmt: str, options: ReaderOptions
) -> Iterator[RawDocument | IngestProblem]:
    """Run one reader on one file, turning every failure into a problem for that file."""
    try:
        info = file.stat()  # follows a link: what is read is the link's target
    except OSError as err:
        yield IngestProblem(source, f"cannot read the file: {err.strerror or err}")
        return
    if not stat.S_ISREG(info.st_mode):
        # a FIFO would hang the build and /dev/zero never ends: their st_size says nothing
        kind = ("a named pipe" if stat.S_ISFIFO(info.st_mode) else "a device" if stat.S_ISCHR(info.st_mode)
                or stat.S_ISBLK(info.st_mode) else "a socket" if stat.S_ISSOCK(info.st_mode) else "not a regular file")
        yield IngestProblem(source, f"not read: it is {kind}, not a regular file")
        return
    size = info.st_size
    if size > options.max_bytes:
        yield IngestProblem(
            source,
            f"file is {size:,} bytes, over the {options.max_bytes:,}-byte limit "
            "(raise --max-bytes to read it)",
        )
        return
    try:
        yield from READERS[fmt](file, source, options)
    except DecodeError as err:
        yield IngestProblem(source, err.reason)
    except OSError as err:
        yield IngestProblem(source, f"cannot read the file: {err.strerror or err}")
    except Exception as err:  # a reader bug or a library failing on odd input: report, go on
        yield IngestProblem(source, f"could not read the file ({type(err).__name__}: {err})")


def _walk_root(root: Path) -> Iterator[tuple[Path, str] | IngestProblem]:
    """Files under `root` (or `root` itself) with their source labels, plus folder problems."""
    if not root.is_dir():
        yield root, root.name
        return
    yield from _walk_dir(root, "", set())


def _walk_dir(
    folder: Path, prefix: str, seen: set[tuple[int, int]]
) -> Iterator[tuple[Path, str] | IngestProblem]:
    """Walk one folder depth-first in name order, following links but never into a loop."""
    try:
        info = folder.stat()
        if (info.st_dev, info.st_ino) in seen:
            return  # a symbolic link back to a folder already being walked
        seen = seen | {(info.st_dev, info.st_ino)}
        with os.scandir(folder) as entries:
            listing = sorted(entries, key=lambda entry: entry.name)
    except OSError as err:
        label = prefix.rstrip("/") or folder.name
        yield IngestProblem(label, f"cannot open the folder: {err.strerror or err}")
        return
    for entry in listing:
        if entry.name.startswith("."):
            continue
        source = f"{prefix}{entry.name}"
        try:
            is_dir = entry.is_dir()
        except OSError:
            is_dir = False
        if is_dir:
            yield from _walk_dir(Path(entry.path), f"{source}/", seen)
        elif format_of(entry.name) is not None and not _is_not_article(entry.name):
            yield Path(entry.path), source


def _is_not_article(name: str) -> bool:
    """True for README/LICENSE-like names, whatever the extension ("ORIGINAL-README.TXT")."""
    stem = name[: -len(".warc.gz")] if name.lower().endswith(".warc.gz") else os.path.splitext(name)[0]
    return _NOT_ARTICLE.search(stem) is not None
