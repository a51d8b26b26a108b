"""Tests for the corpus walk (newsdossier.ingest.read_corpus, iter_sources, format_of)."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

import newsdossier.ingest as ingest
from newsdossier.ingest import IngestProblem, RawDocument, ReaderOptions, format_of, iter_sources, read_corpus

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
BBC_199 = SHARED / "data" / "bbc" / "sport" / "199.txt"


def _tree(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    return _tree(
        tmp_path / "corpus",
        {
            "zeta.txt": "Zeta story.",
            "coast-courier/b.txt": "Courier story B.",
            "coast-courier/a/deep.txt": "Courier deep story.",
            "coast-courier/feed.jsonl": json.dumps({"text": "Feed story.", "outlet": "Courier Wire"}) + "\n",
            "Alpha.txt": "Alpha story.",
            "hill-times/2024/01.TXT": "Hill story.",
            ".hidden.txt": "never read",
            ".git/config.txt": "never read",
            "notes.md": "# not an article",
            "README.txt": "about this corpus",
            "coast-courier/ORIGINAL-README.TXT": "about the courier",
            "photo.jpeg": "not text either",
            "licence-fee-row.txt": "The licence fee row story.",
        },
    )


def test_corpus_walk_order_and_sources(corpus: Path) -> None:
    items = list(read_corpus(corpus))
    assert [(item.source, item.text) for item in items] == [
        ("Alpha.txt", "Alpha story."),
        ("coast-courier/a/deep.txt", "Courier deep story."),
        ("coast-courier/b.txt", "Courier story B."),
        ("coast-courier/feed.jsonl#1", "Feed story."),
        ("hill-times/2024/01.TXT", "Hill story."),
        ("licence-fee-row.txt", "The licence fee row story."),
        ("zeta.txt", "Zeta story."),
    ]
    assert all(item.outlet is None for item in items if item.format == "txt")
    assert [source for _, source in iter_sources(corpus)] == [
        "Alpha.txt",
        "coast-courier/a/deep.txt",
        "coast-courier/b.txt",
        "coast-courier/feed.jsonl",
        "hill-times/2024/01.TXT",
        "licence-fee-row.txt",
        "zeta.txt",
    ]


def test_corpus_outlet_from_dir(corpus: Path) -> None:
    items = list(read_corpus(str(corpus), ReaderOptions(outlet_from_dir=True)))
    assert [(item.source, item.outlet) for item in items] == [
        ("Alpha.txt", None),
        ("coast-courier/a/deep.txt", "coast-courier"),
        ("coast-courier/b.txt", "coast-courier"),
        ("coast-courier/feed.jsonl#1", "Courier Wire"),  # its own metadata wins
        ("hill-times/2024/01.TXT", "hill-times"),
        ("licence-fee-row.txt", None),
        ("zeta.txt", None),
    ]


def test_corpus_single_file_source_is_its_name(corpus: Path) -> None:
    items = list(read_corpus(corpus / "coast-courier" / "b.txt", ReaderOptions(outlet_from_dir=True)))
    assert items == [RawDocument("b.txt", "Courier story B.", "txt")]


def test_corpus_single_file_of_unknown_type_is_a_problem(corpus: Path) -> None:
    [problem] = list(read_corpus(corpus / "photo.jpeg"))
    assert problem.source == "photo.jpeg"
    assert problem.reason.startswith("unsupported file type; readable types are .csv, .htm, .html,")


def test_corpus_missing_path_raises_at_once(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="no such file or folder"):
        read_corpus(tmp_path / "nowhere")


def test_corpus_file_over_the_limit_is_refused_unread(tmp_path: Path) -> None:
    big = tmp_path / "dump.txt"
    with big.open("wb") as handle:
        handle.truncate(104_857_600)  # sparse: 100 MiB of size, no data written
    (tmp_path / "small.txt").write_text("A small story.", encoding="utf-8")
    assert list(read_corpus(tmp_path)) == [
        IngestProblem(
            "dump.txt",
            "file is 104,857,600 bytes, over the 50,000,000-byte limit "
            "(raise --max-bytes to read it)",
        ),
        RawDocument("small.txt", "A small story.", "txt"),
    ]


def test_corpus_small_limit_option(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("x" * 11, encoding="utf-8")
    assert list(read_corpus(tmp_path, ReaderOptions(max_bytes=10))) == [
        IngestProblem("a.txt", "file is 11 bytes, over the 10-byte limit (raise --max-bytes to read it)")
    ]


def test_corpus_reader_crash_becomes_a_problem_and_the_walk_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _tree(tmp_path, {"a.html": "<p>x</p>", "b.txt": "Story B."})

    def broken_reader(path, source, options):
        raise RuntimeError("parser exploded")
        yield  # pragma: no cover

    monkeypatch.setitem(ingest.READERS, "html", broken_reader)
    assert list(read_corpus(tmp_path)) == [
        IngestProblem("a.html", "could not read the file (RuntimeError: parser exploded)"),
        RawDocument("b.txt", "Story B.", "txt"),
    ]


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="needs a non-root POSIX user")
def test_corpus_unreadable_file_and_folder(tmp_path: Path) -> None:
    _tree(tmp_path, {"a.txt": "Story A.", "locked/b.txt": "Story B.", "c.txt": "Story C."})
    (tmp_path / "a.txt").chmod(0)
    (tmp_path / "locked").chmod(0)
    try:
        assert list(read_corpus(tmp_path)) == [
            IngestProblem("a.txt", "cannot read the file: Permission denied"),
            RawDocument("c.txt", "Story C.", "txt"),
            IngestProblem("locked", "cannot open the folder: Permission denied"),
        ]
    finally:
        (tmp_path / "locked").chmod(0o755)


def test_corpus_os_errors_are_problems(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The same as the test above, for runs as root (where chmod does not lock anything).
    _tree(tmp_path, {"a.txt": "Story A.", "locked/b.txt": "Story B.", "c.txt": "Story C."})
    real_scandir, real_read_bytes = os.scandir, Path.read_bytes

    def scandir(path):
        if Path(path).name == "locked":
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    def read_bytes(self):
        if self.name == "a.txt":
            raise PermissionError(13, "Permission denied", str(self))
        return real_read_bytes(self)

    monkeypatch.setattr(os, "scandir", scandir)
    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    assert list(read_corpus(tmp_path)) == [
        IngestProblem("a.txt", "cannot read the file: Permission denied"),
        RawDocument("c.txt", "Story C.", "txt"),
        IngestProblem("locked", "cannot open the folder: Permission denied"),
    ]


def test_corpus_symlink_loop_is_not_followed(tmp_path: Path) -> None:
    _tree(tmp_path, {"news/a.txt": "Story A."})
    (tmp_path / "news" / "again").symlink_to(tmp_path / "news", target_is_directory=True)
    assert [item.source for item in read_corpus(tmp_path)] == ["news/a.txt"]


@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        ("a.txt", "txt"), ("a.HTML", "html"), ("a.htm", "html"), ("a.jsonl", "jsonl"),
        ("a.ndjson", "jsonl"), ("a.csv", "csv"), ("a.warc", "warc"), ("a.WARC.GZ", "warc"),
        ("a.gz", None), ("a.md", None), ("a.json", None), ("txt", None),
    ],
)  # fmt: skip
def test_corpus_format_of(name: str, fmt: str | None) -> None:
    assert format_of(name) == fmt


@pytest.mark.skipif(not BBC_199.exists(), reason="shared BBC data not present")
def test_corpus_real_bbc_latin1_article() -> None:
    [doc] = list(read_corpus(BBC_199))
    assert doc.source == "199.txt"
    assert doc.text.startswith("Chelsea sack Mutu\n\nChelsea have sacked Adrian Mutu after he failed a drugs test.")
    assert "a £15.8m signing from" in doc.text
    assert "\ufffd" not in doc.text
    # Every byte but the one Latin-1 pound sign is ASCII, and all of them survive.
    assert doc.text.encode("latin-1") == BBC_199.read_bytes()
