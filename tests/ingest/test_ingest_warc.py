"""Tests for the WARC reader (newsdossier.ingest.warc), on archives written here with warcio."""
from __future__ import annotations

import io
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newsdossier.ingest import IngestProblem, RawDocument, ReaderOptions, read_corpus
from newsdossier.ingest.warc import read_warc

DATA = Path(__file__).parent / "data"
FERRY_URL = "https://lanterngazette.example/news/harbour-ferry-returns?ref=home"
LIBRARY_URL = "https://millbrookpost.example/2024/09/library-reopens"
LIBRARY_PAGE = """<html><head><meta charset="windows-1252">
<title>Millbrook library reopens with a café | Millbrook Post</title>
<meta property="og:title" content="Millbrook library reopens with a café">
<meta property="og:site_name" content="Millbrook Post">
<meta name="date" content="2024-09-12">
</head><body><main>
<p>Millbrook’s library opened its doors again on Thursday after a year-long refit that added a
small café, a children’s corner and longer opening hours on weekday evenings.</p>
<p>The refit cost £1.4m, paid for mostly by a heritage grant, and kept the Victorian reading room
with its iron balcony and the long oak tables that generations of students have carved into.</p>
<p>Librarian Oona Castell said the queue at nine o’clock stretched past the war memorial, and
that more than three hundred people had joined as new members before lunchtime.</p>
</main></body></html>"""
LIBRARY_TEXT = (
    "Millbrook library reopens with a café\n\n"
    "Millbrook’s library opened its doors again on Thursday after a year-long refit that added a "
    "small café, a children’s corner and longer opening hours on weekday evenings.\n\n"
    "The refit cost £1.4m, paid for mostly by a heritage grant, and kept the Victorian reading room "
    "with its iron balcony and the long oak tables that generations of students have carved into.\n\n"
    "Librarian Oona Castell said the queue at nine o’clock stretched past the war memorial, and "
    "that more than three hundred people had joined as new members before lunchtime."
)


def _response(writer: WARCWriter, url: str, body: bytes, content_type: str, status: str = "200 OK"):
    headers = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
    return writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=headers)


def _write_warc(path: Path, gzip: bool) -> Path:
    """An archive of nine records: two article pages among the usual crawl furniture."""
    ferry = (DATA / "harbour_ferry.html").read_bytes()
    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=gzip)
        records = [
            writer.create_warcinfo_record(path.name, {"software": "newsdossier-tests"}),  # 1
            writer.create_warc_record(  # 2
                FERRY_URL,
                "request",
                http_headers=StatusAndHeaders(
                    "GET /news HTTP/1.1", [("Host", "lanterngazette.example")], is_http_request=True
                ),
            ),
            _response(writer, FERRY_URL, ferry, "text/html; charset=utf-8"),  # 3
            _response(writer, "https://x.example/logo.png", b"\x89PNG\r\n\x1a\n\x00\x00", "image/png"),  # 4
            _response(writer, "https://x.example/gone", b"<p>Not found</p>", "text/html", "404 Not Found"),  # 5
            _response(writer, "https://x.example/old", b"", "text/html", "301 Moved Permanently"),  # 6
            _response(writer, LIBRARY_URL, LIBRARY_PAGE.encode("cp1252"), "text/html; charset=windows-1252"),  # 7
            _response(writer, "https://x.example/blank", b"<html><body></body></html>", "text/html"),  # 8
            writer.create_warc_record(  # 9
                "urn:x-test:metadata",
                "metadata",
                payload=io.BytesIO(b"via: test"),
                warc_content_type="application/warc-fields",
            ),
        ]
        for record in records:
            writer.write_record(record)
    return path


def _check_two_articles(items: list, name: str) -> None:
    assert [type(item).__name__ for item in items] == ["RawDocument", "RawDocument", "IngestProblem"]
    ferry, library, blank = items
    assert ferry.source == f"{name}#3"
    assert ferry.format == "warc"
    assert ferry.url == FERRY_URL  # the crawled address, not the page's canonical link
    assert ferry.title == "Harbour ferry returns after winter repairs"
    assert ferry.outlet == "The Lantern Gazette"
    assert ferry.author == "Mirela Okonkwo-Hart"
    assert ferry.published == "2024-03-05"
    assert ferry.text.startswith("Harbour ferry returns after winter repairs\n\nThe little green ferry")
    assert ferry.extra["warc_record_id"].startswith("<urn:uuid:")
    assert blank == IngestProblem(f"{name}#8", "no article text found in the HTML (empty page or markup only)")
    assert library == RawDocument(
        source=f"{name}#7",
        text=LIBRARY_TEXT,
        format="warc",
        title="Millbrook library reopens with a café",
        url=LIBRARY_URL,
        published="2024-09-12",
        outlet="Millbrook Post",
        extra=library.extra,
    )


@pytest.mark.parametrize("gzip", [True, False])
def test_warc_two_html_responses(tmp_path: Path, gzip: bool) -> None:
    name = "crawl.warc.gz" if gzip else "crawl.warc"
    path = _write_warc(tmp_path / name, gzip)
    _check_two_articles(list(read_warc(path, name, ReaderOptions())), name)


def test_warc_truncated_gzip_keeps_records_before_the_cut(tmp_path: Path) -> None:
    path = _write_warc(tmp_path / "crawl.warc.gz", gzip=True)
    data = path.read_bytes()
    library_at = data.index(b"\x1f\x8b", len(data) // 2)  # some gzip member in the second half
    cut = tmp_path / "cut" / "crawl.warc.gz"
    cut.parent.mkdir()
    cut.write_bytes(data[: library_at + 40])
    items = list(read_corpus(cut.parent))
    assert isinstance(items[0], RawDocument)
    assert items[0].source == "crawl.warc.gz#3"
    assert items[-1] == IngestProblem(
        "crawl.warc.gz",
        f"the file is truncated: the gzip data stops in the middle of a record after "
        f"{library_at + 40:,} bytes; the records before the cut were read",
    )
    assert all(isinstance(item, RawDocument) for item in items[:-1])


def test_warc_truncated_plain_file_reports_the_cut_record(tmp_path: Path) -> None:
    path = _write_warc(tmp_path / "crawl.warc", gzip=False)
    data = path.read_bytes()
    cut_at = data.index(b"Millbrook") + 200  # inside the library page's body
    path.write_bytes(data[:cut_at])
    items = list(read_corpus(path))
    assert [item.source for item in items] == ["crawl.warc#3", "crawl.warc#7"]
    assert isinstance(items[0], RawDocument)
    assert isinstance(items[1], IngestProblem)
    assert items[1].reason.startswith("the record is cut short: the file ends ")
    assert items[1].reason.endswith("(the archive is truncated); nothing after it can be read")


def test_warc_corrupt_gzip_is_a_problem(tmp_path: Path) -> None:
    path = _write_warc(tmp_path / "crawl.warc.gz", gzip=True)
    data = bytearray(path.read_bytes())
    middle = data.index(b"\x1f\x8b", len(data) // 2) + 30
    data[middle : middle + 40] = b"\xff" * 40
    path.write_bytes(bytes(data))
    items = list(read_corpus(path))
    assert isinstance(items[0], RawDocument)
    assert isinstance(items[-1], IngestProblem)
    assert items[-1].source == "crawl.warc.gz"
    assert items[-1].reason.startswith("the gzip data is corrupt near byte ")


def test_warc_garbage_gives_a_short_reason(tmp_path: Path) -> None:
    (tmp_path / "noise.warc").write_bytes(bytes(range(128, 256)) * 8)
    [problem] = list(read_corpus(tmp_path / "noise.warc"))
    assert problem.source == "noise.warc"
    assert problem.reason.startswith("not a readable WARC archive: Unknown archive format")
    assert len(problem.reason) < 200


def test_warc_that_is_not_an_archive(tmp_path: Path) -> None:
    (tmp_path / "notes.warc").write_text("These are my notes, not an archive.\n", encoding="utf-8")
    items = list(read_corpus(tmp_path / "notes.warc"))
    assert len(items) == 1
    assert items[0].source == "notes.warc"
    assert items[0].reason.startswith("not a readable WARC archive: ")


def test_warc_record_over_the_size_limit(tmp_path: Path) -> None:
    path = _write_warc(tmp_path / "crawl.warc.gz", gzip=True)
    items = list(read_warc(path, "crawl.warc.gz", ReaderOptions(max_bytes=1_500)))
    assert IngestProblem(
        "crawl.warc.gz#3",
        "the archived page is over the 1,500-byte limit (raise --max-bytes to read it)",
    ) in items
