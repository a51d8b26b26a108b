"""Tabular readers: JSON Lines (.jsonl, .ndjson) and CSV exports, one document per row.

Exports from scrapers and news APIs put each article on one row, with the text and its metadata
in named fields; which names, `ReaderOptions` says. Files are read line by line, so an export
larger than memory still streams. The text field is kept exactly as given (no trimming, no title
prepended; only mojibake is repaired, which leaves clean text untouched): its characters are what
every later offset indexes.

A bad row costs that row only: a malformed JSON line or an empty text is reported with its
number and the rest of the file goes on. A file without the text field at all is one problem, not
one per row.
"""
from __future__ import annotations

import codecs
import csv
import io
import json
import re
from collections.abc import Iterator
from datetime import datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import BinaryIO

from newsdossier.ingest import IngestProblem, RawDocument, ReaderOptions
from newsdossier.ingest.decode import SAMPLE_BYTES, DecodeError, guess_encoding, repair_text

MAX_BAD_START = 20  # malformed lines, with none good before them, that make a file "not JSONL"
_BARE_CR = re.compile(r"(?<=\r)(?!\n)(?=.)", re.DOTALL)  # split point after a CR that ends a line
_UTF16_32_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def read_jsonl(path: Path, source: str, options: ReaderOptions) -> Iterator[RawDocument | IngestProblem]:
    """Read a JSON Lines file: one JSON object per line.

    Rows are numbered by physical line (1-based, blank lines counted but skipped), so
    ``export.jsonl#7`` is line 7 in any editor.

    Args:
        path (Path): The file.
        source (str): Its path relative to the corpus root.
        options (ReaderOptions): Field names of the text and the metadata.

    Yields:
        RawDocument | IngestProblem: A document per good line, a problem per bad one, and one
        problem for the file when no record has the text field.
    """
    field = options.text_field
    # Lines without the text field, held back until we know whether any line has it: a file
    # where none does is one problem (the wrong field name), not thousands. Only numbers are kept.
    missing: list[int] = []
    first_keys: list[str] | None = None
    seen_field = False
    parsed_any = False
    bad_start = 0  # malformed lines before the first good one
    with path.open("rb") as handle:
        for number, line in enumerate(_decoded_lines(handle, source), start=1):
            if not line.strip():
                continue
            row_source = f"{source}#{number}"
            try:
                record = json.loads(line.rstrip("\r\n"))
            except json.JSONDecodeError as err:
                where = err.msg if err.msg.endswith(" at") else f"{err.msg} at"
                yield IngestProblem(
                    row_source, f"line {number} is not valid JSON: {where} column {err.colno}"
                )
                bad_start += not parsed_any
                if bad_start == MAX_BAD_START:
                    yield IngestProblem(
                        source,
                        f"the first {MAX_BAD_START} lines are not JSON, so this is not read as a "
                        "JSON Lines file; the rest of it is skipped",
                    )
                    return
                continue
            parsed_any = True
            if not isinstance(record, dict):
                yield IngestProblem(
                    row_source, f"line {number} is a JSON {_json_type(record)}, not an object"
                )
                continue
            if field not in record:
                if seen_field:
                    yield IngestProblem(row_source, _missing_field_reason(field, list(record)))
                else:
                    missing.append(number)
                    if first_keys is None:
                        first_keys = list(record)
                continue
            if not seen_field:
                seen_field = True
                for earlier in missing:
                    yield IngestProblem(f"{source}#{earlier}", f"line {earlier} has no '{field}' field")
                missing.clear()
            yield _row_document(record, row_source, "jsonl", options)
    if missing:
        yield IngestProblem(
            source,
            f"no record has a '{field}' field; the first record's fields are: "
            f"{', '.join(first_keys or [])} (name the right one with --text-field)",
        )


def read_csv(path: Path, source: str, options: ReaderOptions) -> Iterator[RawDocument | IngestProblem]:
    """Read a CSV file with a header row: one document per data row.

    Rows are numbered from the first data row (the header is not counted, blank rows are
    skipped); problems also give the physical line, since a quoted field may span lines.

    Args:
        path (Path): The file.
        source (str): Its path relative to the corpus root.
        options (ReaderOptions): Column names of the text and the metadata.

    Yields:
        RawDocument | IngestProblem: A document per good row, a problem per bad row, or one
        problem for the file when it has no text column or stops parsing.
    """
    # An article body can be longer than the csv module's default 128 KiB field limit.
    csv.field_size_limit(max(csv.field_size_limit(), options.max_bytes))
    with path.open("rb") as handle:
        reader = csv.reader(_decoded_lines(handle, source))
        try:
            header = next(reader, None)
        except csv.Error as err:
            yield IngestProblem(source, f"the CSV header cannot be parsed ({err})")
            return
        if header is None:
            yield IngestProblem(source, "the CSV file has no header row (it is empty)")
            return
        header = [name.strip() for name in header]
        if options.text_field not in header:
            yield IngestProblem(
                source,
                f"no '{options.text_field}' column; the columns are: {', '.join(header)} "
                "(name the right one with --text-field)",
            )
            return
        number = 0
        while True:
            try:
                row = next(reader, None)
            except csv.Error as err:
                yield IngestProblem(
                    f"{source}#{number + 1}",
                    f"CSV parsing stopped at line {reader.line_num} ({err}); the rest of the file "
                    "is not read",
                )
                return
            if row is None:
                return
            if not row:
                continue  # a blank line between rows
            number += 1
            row_source = f"{source}#{number}"
            if len(row) != len(header):
                yield IngestProblem(
                    row_source,
                    f"row {number} (ending at line {reader.line_num}) has {len(row)} fields but the "
                    f"header has {len(header)}; a quote or delimiter is probably unbalanced",
                )
                continue
            yield _row_document(dict(zip(header, row)), row_source, "csv", options)


def _row_document(
    record: dict, source: str, fmt: str, options: ReaderOptions
) -> RawDocument | IngestProblem:
    """Build one document from a row's fields, or say why the row has no usable text."""
    text = record.get(options.text_field)
    if not isinstance(text, str):
        if text is None:
            return IngestProblem(source, f"the '{options.text_field}' field is empty (null)")
        return IngestProblem(
            source, f"the '{options.text_field}' field is a {_json_type(text)}, not a string"
        )
    if not text.strip():
        return IngestProblem(source, f"the '{options.text_field}' field is empty")
    named = {
        options.text_field,
        options.title_field,
        options.url_field,
        options.date_field,
        options.outlet_field,
        options.author_field,
    }
    extra = {key: value for key, value in record.items() if key not in named}
    raw_date = _meta(record.get(options.date_field))
    published = _iso_date(raw_date)
    if raw_date is not None and published is None:
        extra["date_raw"] = raw_date  # kept for the user to see; not an ISO date we can trust
    return RawDocument(
        source=source,
        text=repair_text(text),
        format=fmt,
        title=_meta(record.get(options.title_field)),
        url=_meta(record.get(options.url_field)),
        published=published,
        outlet=_meta(record.get(options.outlet_field)),
        author=_meta(record.get(options.author_field)),
        extra=extra,
    )


def _meta(value: object) -> str | None:
    """A metadata value as a trimmed, repaired string; None when absent, empty or not a scalar."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        return str(value)
    if not isinstance(value, str):
        return None
    value = repair_text(value).strip()
    return value or None


def _iso_date(value: str | None) -> str | None:
    """An ISO 8601 date string from a date field: ISO kept as given, RFC 2822 (RSS) converted.

    Anything else ("last Tuesday", "05/03/2024", which is ambiguous between day and month
    order) gives None rather than a guess.
    """
    if value is None:
        return None
    try:
        datetime.fromisoformat(value)
    except ValueError:
        pass
    else:
        return value
    try:
        return parsedate_to_datetime(value).isoformat()
    except (TypeError, ValueError, IndexError):
        return None


def _missing_field_reason(field: str, keys: list[str]) -> str:
    """Why a record without the text field was skipped, naming the fields it does have."""
    return f"no '{field}' field (its fields are: {', '.join(keys) or 'none'})"


def _json_type(value: object) -> str:
    """The JSON name of a parsed value's type, for messages."""
    names = {dict: "object", list: "array", str: "string", bool: "boolean", int: "number", float: "number"}
    return "null" if value is None else names.get(type(value), type(value).__name__)


def _decoded_lines(handle: BinaryIO, source: str) -> Iterator[str]:
    """Decode a binary file line by line, keeping line endings (the csv module needs them).

    Exports are UTF-8 in practice. A line that is not UTF-8 is decoded with the encoding guessed
    from the start of the file (Windows-1252 when the start is clean UTF-8 or ASCII), and failing
    that Latin-1, which never fails, so one stray byte never loses a row. A UTF-16/32 byte-order
    mark switches to that encoding for the whole file.

    Raises:
        DecodeError: When the start of the file has NUL bytes (binary data, not an export).
    """
    sample = handle.read(SAMPLE_BYTES)
    handle.seek(0)
    for bom, encoding in _UTF16_32_BOMS:
        if sample.startswith(bom):
            yield from io.TextIOWrapper(handle, encoding=encoding, newline="")
            return
    nul = sample.find(b"\x00")
    if nul >= 0:
        raise DecodeError(source, f"looks like binary data, not text (NUL byte at offset {nul:,})")
    fallback = "cp1252"
    try:
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=False)
    except UnicodeDecodeError:
        fallback = guess_encoding(sample) or "cp1252"
    first = True
    for raw in handle:
        if first:
            raw = raw.removeprefix(codecs.BOM_UTF8)
            first = False
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError:
            try:
                line = raw.decode(fallback)
            except UnicodeDecodeError:
                line = raw.decode("latin-1")
        if "\r" in line:
            # A bare CR ends a line too (old Mac exports); the csv module refuses one mid-string.
            yield from _BARE_CR.split(line)
        else:
            yield line
