"""Tests for the plain-text and HTML readers (newsdossier.ingest.text, newsdossier.ingest.html)."""
from __future__ import annotations

from pathlib import Path

import pytest

from newsdossier.ingest import IngestProblem, RawDocument, ReaderOptions, read_corpus
from newsdossier.ingest.html import extract_article, read_html
from newsdossier.ingest.text import read_text

DATA = Path(__file__).parent / "data"

FERRY_PARAGRAPHS = [
    "The little green ferry that links Quayside to the Saltmarsh estate resumed its crossings on "
    "Tuesday morning after four months in dry dock, to the relief of commuters who had faced a "
    "forty-minute detour by road.",
    "Engineers replaced both propeller shafts and rebuilt the wheelhouse, which had let in rain "
    "since a storm in October. The council said the work cost £212,000, slightly less than the "
    "budget agreed in the autumn.",
    '"We have missed it more than we expected," said Tobias Rennick, who runs a bakery near the '
    'landing stage. "Half my morning customers come off that boat."',
    "The operator plans to add an extra evening crossing from May, when the estate's new health "
    "centre opens its doors to patients from both sides of the water.",
]
FERRY_TITLE = "Harbour ferry returns after winter repairs"


def _only(items: list) -> RawDocument | IngestProblem:
    assert len(items) == 1, items
    return items[0]


def test_text_round_trip_is_exact(tmp_path: Path) -> None:
    text = "Dock strike ends\n\nWorkers voted 212 to 40 to accept the offer.\r\n  Indented line stays.\n\n\n"
    (tmp_path / "strike.txt").write_bytes(text.encode("utf-8"))
    doc = _only(list(read_corpus(tmp_path / "strike.txt")))
    assert doc == RawDocument(source="strike.txt", text=text, format="txt")


def test_text_latin1_file(tmp_path: Path) -> None:
    text = "Café prices\n\nA flat white at the station café now costs £3.40, up from £2.90.\n"
    path = tmp_path / "prices.txt"
    path.write_bytes(text.encode("latin-1"))
    doc = _only(list(read_text(path, "prices.txt", ReaderOptions())))
    assert doc.text == text


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "the file is empty"),
        (b"\n\n   \n", "the file contains only whitespace"),
        (b"GIF89a\x01\x00\x01\x00\x00\xff\x00,", "looks like binary data, not text (NUL byte at offset 7)"),
    ],
)
def test_text_unreadable_file_is_one_problem(tmp_path: Path, data: bytes, reason: str) -> None:
    (tmp_path / "bad.txt").write_bytes(data)
    assert list(read_corpus(tmp_path / "bad.txt")) == [IngestProblem("bad.txt", reason)]


def test_html_article_with_metadata() -> None:
    doc = _only(list(read_html(DATA / "harbour_ferry.html", "harbour_ferry.html", ReaderOptions())))
    assert doc == RawDocument(
        source="harbour_ferry.html",
        # The <h1> repeating the title is not written twice; the byline and chrome are dropped.
        text=FERRY_TITLE + "\n\n" + "\n\n".join(FERRY_PARAGRAPHS),
        format="html",
        title=FERRY_TITLE,
        url="https://lanterngazette.example/news/harbour-ferry-returns",
        published="2024-03-05",
        outlet="The Lantern Gazette",
        author="Mirela Okonkwo-Hart",
    )


def test_html_declared_latin1_page(tmp_path: Path) -> None:
    page = (DATA / "harbour_ferry.html").read_text(encoding="utf-8")
    page = page.replace('<meta charset="utf-8">', '<meta charset="iso-8859-1">')
    (tmp_path / "ferry.htm").write_bytes(page.encode("latin-1"))
    doc = _only(list(read_corpus(tmp_path / "ferry.htm")))
    assert doc.format == "html"
    assert "The council said the work cost £212,000," in doc.text


def test_html_mojibake_in_entities_is_repaired() -> None:
    page = (DATA / "harbour_ferry.html").read_text(encoding="utf-8")
    page = page.replace("£212,000", "&Acirc;&pound;212,000")  # UTF-8 "£" once read as Latin-1
    doc = extract_article(page, "ferry.html", "html")
    assert "The council said the work cost £212,000," in doc.text


def test_html_malformed_markup_still_extracts() -> None:
    page = (
        "<html><head><title>Bridge vote delayed</title><body><div class=story>"
        "<p>The vote on the new footbridge was put off again on Thursday after councillors ran out "
        "of time, the third delay since the plans were first shown to residents in <b>January"
        "<p>Opponents say the bridge would cut through the old orchard behind the school, while "
        "supporters point to the long walk round by the ring road for anyone without a car."
        "<p>A date for the next meeting has not been set, the clerk said, but it is expected before "
        "the summer recess begins at the end of July.</i></span></table>"
    )
    doc = extract_article(page, "bridge.html", "html")
    assert isinstance(doc, RawDocument)
    assert doc.title == "Bridge vote delayed"
    assert doc.text.startswith(
        "Bridge vote delayed\n\nThe vote on the new footbridge was put off again on Thursday"
    )
    assert doc.text.endswith("before the summer recess begins at the end of July.")
    assert doc.text.count("\n\n") == 3


@pytest.mark.parametrize(
    "page",
    ["<html><head></head><body></body></html>", "<<<>>> </p></div>", "<p>", "<script>var x = 1;</script>"],
)
def test_html_without_article_text_is_a_problem(tmp_path: Path, page: str) -> None:
    (tmp_path / "empty.html").write_text(page, encoding="utf-8")
    problem = _only(list(read_corpus(tmp_path / "empty.html")))
    assert isinstance(problem, IngestProblem)
    assert problem.source == "empty.html"
    assert problem.reason.startswith("no article text found in the HTML")


def test_html_binary_file_is_a_problem(tmp_path: Path) -> None:
    (tmp_path / "logo.html").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00")
    assert list(read_corpus(tmp_path / "logo.html")) == [
        IngestProblem("logo.html", "looks like binary data, not text (NUL byte at offset 8)")
    ]
