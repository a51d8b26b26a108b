"""Tests for the JSON Lines and CSV readers (newsdossier.ingest.tabular)."""
from __future__ import annotations

import csv
import json
from pathlib import Path

from newsdossier.ingest import IngestProblem, RawDocument, ReaderOptions, read_corpus
from newsdossier.ingest.tabular import read_csv, read_jsonl

CUSTOM = ReaderOptions(
    text_field="body",
    title_field="headline",
    url_field="link",
    date_field="when",
    outlet_field="paper",
    author_field="by",
)


def _jsonl(path: Path, lines: list[object | str]) -> Path:
    """Write lines; dicts become JSON, strings are written as they are (to break things)."""
    with path.open("w", encoding="utf-8", newline="\n") as handle:
        for line in lines:
            handle.write((line if isinstance(line, str) else json.dumps(line, ensure_ascii=False)) + "\n")
    return path


def test_jsonl_custom_fields_and_a_broken_line(tmp_path: Path) -> None:
    body_one = "  Lifeboat volunteers rescued two kayakers off Gull Point.\n\nBoth were unhurt.  "
    body_two = "The library's new reading room opens on Monday, with 40 extra desks."
    path = _jsonl(
        tmp_path / "feed.jsonl",
        [
            {"headline": "Kayakers rescued", "body": body_one, "link": "https://coast.example/1",
             "when": "2024-06-01", "paper": "Coast Courier", "by": "Ana Ferreira", "section": "local"},
            '{"headline": "Half a line", "body": "cut off here',
            "",
            {"headline": "Reading room opens", "body": body_two, "when": "Tue, 04 Jun 2024 09:15:00 +0100"},
        ],
    )  # fmt: skip
    items = list(read_jsonl(path, "feed.jsonl", CUSTOM))
    assert items == [
        RawDocument(
            source="feed.jsonl#1",
            text=body_one,  # exactly as given: leading and trailing spaces kept
            format="jsonl",
            title="Kayakers rescued",
            url="https://coast.example/1",
            published="2024-06-01",
            outlet="Coast Courier",
            author="Ana Ferreira",
            extra={"section": "local"},
        ),
        IngestProblem(
            "feed.jsonl#2", "line 2 is not valid JSON: Unterminated string starting at column 37"
        ),
        RawDocument(
            source="feed.jsonl#4",
            text=body_two,
            format="jsonl",
            title="Reading room opens",
            published="2024-06-04T09:15:00+01:00",
        ),
    ]


def test_jsonl_row_problems(tmp_path: Path) -> None:
    path = _jsonl(
        tmp_path / "rows.jsonl",
        [
            {"text": "Row one is fine.", "date": "last Tuesday"},
            {"text": "   \n "},
            {"text": None},
            {"text": 42},
            ["not", "an", "object"],
            {"title": "no text here", "url": "https://x.example"},
        ],
    )
    assert list(read_corpus(path)) == [
        RawDocument("rows.jsonl#1", "Row one is fine.", "jsonl", extra={"date_raw": "last Tuesday"}),
        IngestProblem("rows.jsonl#2", "the 'text' field is empty"),
        IngestProblem("rows.jsonl#3", "the 'text' field is empty (null)"),
        IngestProblem("rows.jsonl#4", "the 'text' field is a number, not a string"),
        IngestProblem("rows.jsonl#5", "line 5 is a JSON array, not an object"),
        IngestProblem("rows.jsonl#6", "no 'text' field (its fields are: title, url)"),
    ]


def test_jsonl_without_the_text_field_is_one_problem(tmp_path: Path) -> None:
    path = _jsonl(tmp_path / "export.jsonl", [{"content": f"Story {n}.", "headline": "H"} for n in range(50)])
    assert list(read_corpus(path)) == [
        IngestProblem(
            "export.jsonl",
            "no record has a 'text' field; the first record's fields are: content, headline "
            "(name the right one with --text-field)",
        )
    ]


def test_jsonl_text_field_missing_only_at_the_start(tmp_path: Path) -> None:
    path = _jsonl(tmp_path / "late.jsonl", [{"note": "header row"}, {"text": "The real story."}])
    assert list(read_corpus(path)) == [
        IngestProblem("late.jsonl#1", "line 1 has no 'text' field"),
        RawDocument("late.jsonl#2", "The real story.", "jsonl"),
    ]


def test_jsonl_non_utf8_line_is_decoded(tmp_path: Path) -> None:
    path = tmp_path / "legacy.ndjson"
    path.write_bytes(
        json.dumps({"text": "Plain first row."}).encode() + b"\n"
        + '{"text": "The café sold out by noon at £2 a slice."}'.encode("cp1252") + b"\n"
    )  # fmt: skip
    docs = list(read_corpus(path))
    assert [d.text for d in docs] == ["Plain first row.", "The café sold out by noon at £2 a slice."]
    assert [d.format for d in docs] == ["jsonl", "jsonl"]


def test_csv_without_text_column_is_one_clear_problem(tmp_path: Path) -> None:
    path = tmp_path / "wrong.csv"
    path.write_text("headline,content,url\nA,Some story text.,https://a.example\nB,More text.,\n", encoding="utf-8")
    assert list(read_corpus(path)) == [
        IngestProblem(
            "wrong.csv",
            "no 'text' column; the columns are: headline, content, url "
            "(name the right one with --text-field)",
        )
    ]


def test_csv_quoted_multiline_field_kept_exactly(tmp_path: Path) -> None:
    first = 'Harbour fees rise\n\nThe port authority said "the rise is modest".\nSecond line, with a comma.'
    second = "A one-line story about the regatta."
    path = tmp_path / "export.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "headline", "body", "when", "paper"])
        writer.writerow(["a1", "Fees rise", first, "2023-11-20T10:00:00", "Port News"])
        writer.writerow(["a2", "Regatta", second, "", ""])
    assert list(read_csv(path, "export.csv", CUSTOM)) == [
        RawDocument(
            source="export.csv#1",
            text=first,
            format="csv",
            title="Fees rise",
            published="2023-11-20T10:00:00",
            outlet="Port News",
            extra={"id": "a1"},
        ),
        RawDocument(source="export.csv#2", text=second, format="csv", title="Regatta", extra={"id": "a2"}),
    ]


def test_csv_row_problems_and_long_field(tmp_path: Path) -> None:
    long_text = "word " * 60_000  # 300,000 characters: over the csv module's default field limit
    path = tmp_path / "rows.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["title", "text"])
        writer.writerow(["Empty", ""])
        writer.writerow(["Too", "many", "fields"])
        writer.writerow([])
        writer.writerow(["Long", long_text])
    assert list(read_corpus(path)) == [
        IngestProblem("rows.csv#1", "the 'text' field is empty"),
        IngestProblem(
            "rows.csv#2",
            "row 2 (ending at line 3) has 3 fields but the header has 2; a quote or delimiter is "
            "probably unbalanced",
        ),
        RawDocument("rows.csv#3", long_text, "csv", title="Long"),
    ]


def test_csv_latin1_with_bom_header(tmp_path: Path) -> None:
    path = tmp_path / "excel.csv"
    path.write_bytes(b"\xef\xbb\xbftext,outlet\r\n" + "Le café a fermé.,Le Petit Écho\r\n".encode("cp1252"))
    assert list(read_corpus(path)) == [
        RawDocument("excel.csv#1", "Le café a fermé.", "csv", outlet="Le Petit Écho")
    ]


def test_csv_empty_file_is_a_problem(tmp_path: Path) -> None:
    (tmp_path / "empty.csv").write_bytes(b"")
    assert list(read_corpus(tmp_path / "empty.csv")) == [
        IngestProblem("empty.csv", "the CSV file has no header row (it is empty)")
    ]


def test_csv_old_mac_line_ends(tmp_path: Path) -> None:
    path = tmp_path / "mac.csv"
    path.write_bytes(b'title,text\rFirst,"One story.\rTwo lines."\rSecond,Another story.')
    assert list(read_corpus(path)) == [
        RawDocument("mac.csv#1", "One story.\rTwo lines.", "csv", title="First"),
        RawDocument("mac.csv#2", "Another story.", "csv", title="Second"),
    ]


def test_jsonl_that_is_not_json_at_all_stops_early(tmp_path: Path) -> None:
    path = tmp_path / "prose.jsonl"
    path.write_text("This is prose, not JSON.\n" * 100, encoding="utf-8")
    items = list(read_corpus(path))
    assert len(items) == 21
    assert items[0] == IngestProblem("prose.jsonl#1", "line 1 is not valid JSON: Expecting value at column 1")
    assert items[-1] == IngestProblem(
        "prose.jsonl",
        "the first 20 lines are not JSON, so this is not read as a JSON Lines file; the rest of it is skipped",
    )


def test_tabular_binary_file_is_one_problem(tmp_path: Path) -> None:
    (tmp_path / "blob.csv").write_bytes(b"text\n\x00\x01\x02binary")
    assert list(read_corpus(tmp_path / "blob.csv")) == [
        IngestProblem("blob.csv", "looks like binary data, not text (NUL byte at offset 5)")
    ]
