"""Shared fixtures: the loaded model (once per session), paths to ../shared data, temporary stores."""
from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SEEDS = SHARED / "seeds"
DEMO_CORPUS = REPO / "examples" / "demo-corpus"


def shared_path(*parts: str) -> Path:
    """A path under ../shared, skipping the test when that data is not beside the checkout."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is not available")
    return path


@pytest.fixture(scope="session")
def nlp():
    from newsdossier.nlp import load_nlp

    return load_nlp()


@pytest.fixture
def store(tmp_path):
    from newsdossier.store import Store

    with Store.open(tmp_path / "test.duckdb") as st:
        yield st


@pytest.fixture
def parse_article(nlp):
    """Make a ParsedArticle from a text (and optional publication date), as a build would."""
    from newsdossier.article import Article, ParsedArticle, article_id

    def make(text: str, published=None, outlet: str | None = "Test Outlet") -> ParsedArticle:
        aid = article_id(text)
        article = Article(id=aid, source="test.txt", format="txt", title=None, title_start=None,
                          title_end=None, outlet=outlet, dateline=None, published=published, author=None,
                          url=None, body_start=0, body_end=len(text), text=text)
        return ParsedArticle(article, nlp(text))

    return make


@pytest.fixture(scope="session")
def demo_store(tmp_path_factory):
    """The demo corpus built once into a store (read it, don't write it)."""
    from newsdossier.pipeline import build
    from newsdossier.store import Store

    path = tmp_path_factory.mktemp("demo") / "demo.duckdb"
    with Store.open(path) as st:
        build(DEMO_CORPUS, st)
    with Store.open(path, read_only=True) as st:
        yield st


DEMO_FILES = sorted(p.name for p in DEMO_CORPUS.iterdir() if p.suffix in (".txt", ".html", ".jsonl"))


def demo_corpus_of(tmp_path: Path, name: str, files: list[str]) -> Path:
    """A folder `tmp_path/name` holding copies of these demo corpus files (incremental builds grow one)."""
    import shutil

    folder = tmp_path / name
    folder.mkdir()
    for f in files:
        shutil.copy(DEMO_CORPUS / f, folder / f)
    return folder



def build_in_two_steps(store, tmp_path: Path, first: int, caplog):
    """Build the first `first` demo files into `store`, then the rest (its log captured): the second
    build's summary."""
    from newsdossier.config import Settings
    from newsdossier.pipeline import build

    build(demo_corpus_of(tmp_path, "a", DEMO_FILES[:first]), store, Settings())
    with caplog.at_level("INFO", logger="newsdossier"):
        return build(demo_corpus_of(tmp_path, "b", DEMO_FILES[first:]), store, Settings())
