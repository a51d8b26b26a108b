"""WARC reader: web archives (.warc, .warc.gz) become one document per archived HTML page.

warcio streams the archive record by record; each successful HTML response (or HTML resource
record) goes through the same extraction as a saved .html file (`html.extract_article`), with the
URL taken from ``WARC-Target-URI``. Requests, metadata, redirects, error pages and non-HTML
payloads are skipped without comment: they are the normal furniture of a crawl, not articles.

warcio ends quietly at a truncated or corrupt gzip member (and at a record cut short in an
uncompressed file), which would lose the tail of an archive without a word. So the compressed
bytes are checked with zlib as warcio reads them, and every record body is checked against its
declared length: the records read before the break are kept and one problem names the break.
"""
from __future__ import annotations

import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.recordloader import ArcWarcRecord

from newsdossier.ingest import IngestProblem, RawDocument, ReaderOptions
from newsdossier.ingest.decode import DecodeError
from newsdossier.ingest.html import extract_article, html_from_bytes

HTML_TYPES = ("text/html", "application/xhtml+xml")
_GZIP_MAGIC = b"\x1f\x8b"
MAX_REASON = 160  # characters of a library's error message quoted in a problem
_CHECK_CHUNK = 1 << 20  # bytes of output the checker inflates at a time (bounds its memory)


def read_warc(path: Path, source: str, options: ReaderOptions) -> Iterator[RawDocument | IngestProblem]:
    """Read a WARC file, compressed or not.

    Records are numbered by their position in the file, counting every record (1-based), so
    ``crawl.warc.gz#3`` is the third record whatever its type; the ``WARC-Record-ID`` is kept in
    `RawDocument.extra` as well.

    Args:
        path (Path): The archive.
        source (str): Its path relative to the corpus root.
        options (ReaderOptions): `max_bytes` also caps one record's decoded body.

    Yields:
        RawDocument | IngestProblem: A document per HTML page; a problem per unreadable page; a
        problem for the file when it is truncated or corrupt (after the records before the break).
    """
    with path.open("rb") as raw:
        stream = _GzipChecker(raw)
        cut_short = False
        failure = None
        done = 0  # records read to their end
        try:
            for number, record in enumerate(ArchiveIterator(stream), start=1):
                if record.format != "warc":
                    # warcio reads any text as an old ARC record; a .warc file must be a WARC.
                    raise ValueError("it does not start with a 'WARC/1.x' version line")
                try:
                    item, cut_short = _read_record(record, f"{source}#{number}", options)
                except Exception as err:  # one page that breaks the extractor costs that page only
                    item = IngestProblem(
                        f"{source}#{number}", f"could not read the record ({type(err).__name__}: {err})"
                    )
                if item is not None:
                    yield item
                if cut_short:
                    break
                done = number
        except Exception as err:  # warcio's own errors: not a WARC, bad headers, bad gzip
            reason = _describe(err)
            if done == 0:
                failure = f"not a readable WARC archive: {reason}"
            else:
                failure = f"the archive cannot be read after record {done}: {reason}"
        # Bytes warcio never asked for still have to pass the check, or a cut in them is missed.
        stream.drain()
        damage = stream.damage()
        if damage and not cut_short:
            yield IngestProblem(source, damage)
        elif failure:
            yield IngestProblem(source, failure)


def _read_record(
    record: ArcWarcRecord, source: str, options: ReaderOptions
) -> tuple[RawDocument | IngestProblem | None, bool]:
    """Turn one WARC record into a document, a problem or nothing; also say if it was cut short."""
    if not _is_html_page(record):
        return None, False
    body = _read_up_to(record.content_stream(), options.max_bytes + 1)
    if len(body) > options.max_bytes:
        return (
            IngestProblem(
                source,
                f"the archived page is over the {options.max_bytes:,}-byte limit "
                "(raise --max-bytes to read it)",
            ),
            False,
        )
    while record.raw_stream.read(1 << 16):  # bytes after the decoded payload, if any
        pass
    remaining = getattr(record.raw_stream, "limit", 0)  # declared length not found in the file
    if remaining > 0:
        return (
            IngestProblem(
                source,
                f"the record is cut short: the file ends {remaining:,} bytes before the end of its "
                "body (the archive is truncated); nothing after it can be read",
            ),
            True,
        )
    url = record.rec_headers.get_header("WARC-Target-URI")
    extra = {
        "warc_record_id": record.rec_headers.get_header("WARC-Record-ID"),
        "warc_date": record.rec_headers.get_header("WARC-Date"),  # crawl time, not publication
    }
    try:
        html = html_from_bytes(body, source, declared=_charset(_content_type(record)))
    except DecodeError as err:
        return IngestProblem(source, err.reason.replace("the file", "the archived page", 1)), False
    return extract_article(html, source, "warc", url=url, extra=extra), False


def _describe(err: Exception) -> str:
    """A short reason from warcio's exception (its messages may quote a line of binary data)."""
    if isinstance(err, (ArchiveLoadFailed, ValueError)):
        reason = " ".join(str(err).split())
        return reason if len(reason) <= MAX_REASON else reason[: MAX_REASON - 1] + "…"
    # warcio trips over its own None checks on malformed headers (AttributeError, TypeError, ...).
    return f"malformed record headers ({type(err).__name__})"


def _read_up_to(stream: BinaryIO, limit: int) -> bytes:
    """Read until end of stream or `limit` bytes (warcio's readers may return short reads)."""
    chunks = []
    while limit > 0:
        chunk = stream.read(min(limit, 1 << 16))
        if not chunk:
            break
        chunks.append(chunk)
        limit -= len(chunk)
    return b"".join(chunks)


def _is_html_page(record: ArcWarcRecord) -> bool:
    """True for a 2xx HTML response, or an HTML resource record (a page saved without HTTP)."""
    content_type = _content_type(record).split(";")[0].strip().lower()
    if content_type not in HTML_TYPES:
        return False
    if record.rec_type == "resource":
        return True
    if record.rec_type != "response" or record.http_headers is None:
        return False
    status = record.http_headers.get_statuscode() or ""
    return status.startswith("2")


def _content_type(record: ArcWarcRecord) -> str:
    """The payload's media type: the HTTP header for responses, the WARC header for resources."""
    if record.rec_type == "response" and record.http_headers is not None:
        return record.http_headers.get_header("Content-Type") or ""
    return record.rec_headers.get_header("Content-Type") or ""


def _charset(content_type: str) -> str | None:
    """The ``charset=`` parameter of a Content-Type header, if any."""
    for param in content_type.split(";")[1:]:
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset" and value.strip():
            return value.strip().strip("\"'")
    return None


class _GzipChecker:
    """A read-through wrapper that inflates gzip members alongside warcio to find damage.

    It keeps nothing but zlib state: the output is thrown away. A file that does not start with
    the gzip magic bytes is passed through unchecked (plain WARC; records check themselves).
    """

    def __init__(self, stream: BinaryIO) -> None:
        self._stream = stream
        self._offset = 0
        self._checking: bool | None = None  # decided on the first bytes
        self._inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
        self._member_open = False
        self._error: str | None = None

    def read(self, size: int = -1) -> bytes:
        data = self._stream.read(size)
        self._check(data)
        self._offset += len(data)
        return data

    def tell(self) -> int:
        return self._offset

    def drain(self) -> None:
        """Read (and check) whatever warcio left unread."""
        while self.read(_CHECK_CHUNK):
            pass

    def damage(self) -> str | None:
        """Why the gzip data is broken, or None when every member was complete and valid."""
        if self._error:
            return self._error
        if self._member_open:
            return (
                f"the file is truncated: the gzip data stops in the middle of a record after "
                f"{self._offset:,} bytes; the records before the cut were read"
            )
        return None

    def _check(self, data: bytes) -> None:
        if self._checking is None and data:
            self._checking = data.startswith(_GZIP_MAGIC)
        if not self._checking or self._error or not data:
            return
        position = self._offset
        while data:
            try:
                self._inflater.decompress(data, _CHECK_CHUNK)
            except zlib.error as err:
                self._error = (
                    f"the gzip data is corrupt near byte {position:,} ({err}); the records before "
                    "it were read"
                )
                return
            self._member_open = not self._inflater.eof
            if self._inflater.unconsumed_tail:
                data = self._inflater.unconsumed_tail
            elif self._inflater.eof:
                data = self._inflater.unused_data
                self._inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
                if data and not data.startswith(_GZIP_MAGIC[: len(data)]):
                    self._error = (
                        f"the file has non-gzip data after a gzip member near byte {position:,}; "
                        "the records before it were read"
                    )
                    return
                self._member_open = bool(data)
            else:
                data = b""
