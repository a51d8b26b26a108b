"""HTML reader: a saved web page becomes one document (body text plus its metadata).

trafilatura removes navigation, footers and comments and reads the title, author, site name and
canonical URL; htmldate finds the publication date. The WARC reader sends every HTML response
through `extract_article` too, so pages read from disk and from archives come out the same.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import trafilatura
from htmldate import find_date

from newsdossier.ingest import IngestProblem, RawDocument, ReaderOptions
from newsdossier.ingest.decode import decode_bytes, repair_text

CHARSET_SNIFF_BYTES = 4096  # a <meta charset> must sit in the first 1024 bytes (HTML spec); be lenient
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_SPACES = re.compile(r"\s+")
# Publication date, not last-modified: the date a claim was made is what a dossier cites. No
# guessing from dates written in the prose ("the 2019 election"), which would be wrong more often
# than missing; the cleaner looks for a date line in the text instead.
DATE_PARAMS = {"extensive_search": False, "original_date": True, "outputformat": "%Y-%m-%d"}


def read_html(path: Path, source: str, options: ReaderOptions) -> Iterator[RawDocument | IngestProblem]:
    """Read one .html/.htm file.

    Args:
        path (Path): The file.
        source (str): Its path relative to the corpus root.
        options (ReaderOptions): Reader switches (unused here; kept for a uniform reader signature).

    Yields:
        RawDocument | IngestProblem: One document, or one problem saying why there is none.
    """
    data = path.read_bytes()
    yield extract_article(html_from_bytes(data, source), source, "html")


def html_from_bytes(data: bytes, source: str, *, declared: str | None = None) -> str:
    """Decode an HTML page, trusting a declared charset only after UTF-8 fails.

    Args:
        data (bytes): The page.
        source (str): For error messages.
        declared (str | None): A charset from outside the page (an HTTP header); when None the
            page's own ``<meta charset>`` is used.

    Returns:
        str: The decoded, mojibake-repaired markup.

    Raises:
        DecodeError: When the bytes are empty, whitespace or binary.
    """
    if declared is None:
        match = _META_CHARSET.search(data[:CHARSET_SNIFF_BYTES])
        if match:
            declared = match.group(1).decode("ascii", "replace")
    return decode_bytes(data, source, declared=declared)


def extract_article(
    html: str,
    source: str,
    fmt: str,
    *,
    url: str | None = None,
    extra: dict | None = None,
) -> RawDocument | IngestProblem:
    """Extract the article text and metadata from decoded HTML.

    The text is the title, a blank line, then the body paragraphs separated by blank lines (the
    layout of plain-text articles, so the cleaner sees one shape). A first body line that only
    repeats the title (the page's ``<h1>``) is dropped: the title is already written above it.

    Args:
        html (str): The decoded page.
        source (str): The document's source label.
        fmt (str): The `RawDocument.format` to report ('html' or 'warc').
        url (str | None): The address the page was fetched from, when known (a WARC target URI);
            it wins over the canonical link in the page.
        extra (dict | None): Extra metadata to carry on the document.

    Returns:
        RawDocument | IngestProblem: The document, or a problem when no article text was found.
    """
    published = find_date(html, url=url, **DATE_PARAMS)
    extracted = trafilatura.bare_extraction(
        html,
        url=url,
        with_metadata=True,
        include_comments=False,  # reader comments are not the article
        date_extraction_params=DATE_PARAMS,
    )
    body = (extracted.text or "").strip() if extracted is not None else ""
    if not body:
        return IngestProblem(source, "no article text found in the HTML (empty page or markup only)")
    title = _clean_field(extracted.title)
    lines = [line.strip() for line in repair_text(body).split("\n")]
    lines = [line for line in lines if line]
    if title and lines and _SPACES.sub(" ", lines[0]) == _SPACES.sub(" ", title):
        lines = lines[1:]
    if not lines:
        return IngestProblem(source, "no article text found in the HTML (only a headline)")
    body = "\n\n".join(lines)
    return RawDocument(
        source=source,
        text=f"{title}\n\n{body}" if title else body,
        format=fmt,
        title=title,
        url=url or _clean_field(extracted.url),
        published=published,
        outlet=_clean_field(extracted.sitename),
        author=_clean_field(extracted.author),
        extra=dict(extra or {}),
    )


def _clean_field(value: str | None) -> str | None:
    """A metadata string with mojibake repaired and whitespace collapsed; None when empty."""
    if not value:
        return None
    value = _SPACES.sub(" ", repair_text(value)).strip()
    return value or None
