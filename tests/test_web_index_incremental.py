"""The `web_index` link stage writes again only the rows of articles whose inputs changed (web/index.py),
and its tables come out as a full rewrite's, row for row."""
from __future__ import annotations

import shutil

import pytest

from conftest import DEMO_FILES, demo_corpus_of
from newsdossier.config import Settings
from newsdossier.pipeline import build
from newsdossier.stages import LinkContext
from newsdossier.store import Store
from newsdossier.web import index as web_index

# every table the stage writes, but the one naming its run (a timestamp, and how much it appended)
WEB_TABLES = ["web_spans", "web_entity_mentions", "web_entity_records", "web_entity_names", "web_record_texts",
              "search_terms", "web_index_articles"]
REWRITTEN = "articles written again"


def web_rows(store: Store) -> dict[str, list[str]]:
    return {t: sorted(map(repr, store.execute(f'SELECT * FROM "{t}"').fetchall())) for t in WEB_TABLES}


def differing(got: dict, want: dict) -> list[str]:
    return [t for t in WEB_TABLES if got[t] != want[t]]


def rewritten_from_scratch(store: Store) -> dict[str, list[str]]:
    """The web tables as `build --full` makes them from this store's analysis tables (the store is left as it was)."""
    store.execute("BEGIN TRANSACTION")
    try:
        web_index.build_web_index(LinkContext(store, Settings(full_links=True), []))
        return web_rows(store)
    finally:
        store.execute("ROLLBACK")


def spans_of(store: Store, article_ids: set[str]) -> list[str]:
    return sorted(map(repr, store.execute("SELECT * FROM web_spans WHERE article_id IN (SELECT unnest(?))",
                                          [sorted(article_ids)]).fetchall()))


@pytest.fixture
def incremental(monkeypatch):
    """However few the articles, the stage keeps rows out of order rather than writing everything sorted."""
    monkeypatch.setattr(web_index, "MAX_APPENDED_SHARE", 100.0)


@pytest.mark.parametrize("first, per_insert", [(1, web_index.ARTICLES_PER_INSERT), (4, web_index.ARTICLES_PER_INSERT),
                                               (1, 2)])  # the changed articles written a few at a time
def test_adding_articles_indexes_as_one_build_of_them_all(demo_store, tmp_path, first, per_insert, caplog, incremental,
                                                          monkeypatch):
    monkeypatch.setattr(web_index, "ARTICLES_PER_INSERT", per_insert)
    with Store.open(tmp_path / "grown.duckdb") as st:
        build(demo_corpus_of(tmp_path, "a", DEMO_FILES[:first]), st, Settings())
        old = {r[0] for r in st.execute("SELECT id FROM articles").fetchall()}
        before = {t: st.rows(f"SELECT * FROM {t} WHERE article_id IN (SELECT unnest(?))", [sorted(old)])
                  for t in ("mention_entities", "reuse_clusters")}
        with caplog.at_level("INFO", logger="newsdossier"):
            grown = build(demo_corpus_of(tmp_path, "b", DEMO_FILES[first:]), st, Settings())
        assert grown.problems == []
        got = web_rows(st)
        assert differing(got, rewritten_from_scratch(st)) == []
        # old articles whose link-stage rows the new ones changed (a name joined to another entity, a
        # passage now shared with a new article): their spans were written again
        after = {t: st.rows(f"SELECT * FROM {t} WHERE article_id IN (SELECT unnest(?))", [sorted(old)])
                 for t in before}
        touched = {r["article_id"] for t in before for r in before[t] + after[t]
                   if (r in before[t]) != (r in after[t])}
        assert touched
        assert spans_of(st, touched) == spans_of(demo_store, touched)
        appended = st.scalar("SELECT appended FROM web_index_runs")
    assert any(REWRITTEN in r.getMessage() for r in caplog.records)
    assert appended >= grown.articles_new + len(touched)
    assert differing(got, web_rows(demo_store)) == []
    assert len(got["web_spans"]) > 500 and len(got["web_entity_records"]) > 10


def test_nothing_changed_writes_nothing_and_full_rewrites_the_same(demo_store, tmp_path, caplog, incremental):
    path = tmp_path / "again.duckdb"
    with Store.open(path) as st:
        build(demo_corpus_of(tmp_path, "a", DEMO_FILES[:5]), st, Settings())
        build(demo_corpus_of(tmp_path, "b", DEMO_FILES[5:]), st, Settings())
        stepwise = web_rows(st)
        rowids = st.execute("SELECT rowid, article_id FROM web_spans ORDER BY rowid").fetchall()
        with caplog.at_level("INFO", logger="newsdossier"):
            build(None, st, Settings())
        n = st.scalar("SELECT count(*) FROM articles")
        assert any(f"web_index: 0 of {n} {REWRITTEN}" in r.getMessage() for r in caplog.records)
        assert st.execute("SELECT rowid, article_id FROM web_spans ORDER BY rowid").fetchall() == rowids
        caplog.clear()
        with caplog.at_level("INFO", logger="newsdossier"):
            build(None, st, Settings(full_links=True))
        assert any("every article's rows written" in r.getMessage() for r in caplog.records)
        full = web_rows(st)
        # written sorted again: nothing left out of order
        assert st.scalar("SELECT appended FROM web_index_runs") == 0
        stored = [r[0] for r in st.execute("SELECT article_id FROM web_spans ORDER BY rowid").fetchall()]
        assert stored == sorted(stored)
    assert differing(stepwise, full) == [] and differing(full, web_rows(demo_store)) == []


def test_a_build_that_skipped_the_stage_is_caught_up_from_the_store(demo_store, tmp_path, caplog, incremental):
    with Store.open(tmp_path / "caught-up.duckdb") as st:
        build(demo_corpus_of(tmp_path, "a", DEMO_FILES[:3]), st, Settings())
        # as if a build had stored articles and stopped before this stage
        build(demo_corpus_of(tmp_path, "b", DEMO_FILES[3:]), st, Settings(disabled=["web_index"]))
        n = st.scalar("SELECT count(*) FROM articles")
        assert st.scalar("SELECT count(*) FROM web_index_articles") < n
        with caplog.at_level("INFO", logger="newsdossier"):
            build(None, st, Settings())  # nothing new: what is to do is found in the store
        assert any(REWRITTEN in r.getMessage() and not r.getMessage().startswith("web_index: 0 ")
                   for r in caplog.records)
        assert st.scalar("SELECT count(*) FROM web_index_articles") == n
        assert st.scalar("SELECT (SELECT run_id FROM web_index_runs) = (SELECT max(id) FROM runs)")
        got = web_rows(st)
    assert differing(got, web_rows(demo_store)) == []


def test_a_changed_input_row_rewrites_its_article_only(demo_store, tmp_path, caplog, incremental):
    """Unit level, on a copy of the demo store: a tooltip value, a removed record, an article's outlet."""
    path = tmp_path / "edited.duckdb"
    shutil.copy(demo_store.path, path)
    with Store.open(path) as st:
        a = st.scalar("SELECT min(article_id) FROM quantities")
        b = st.scalar("SELECT min(article_id) FROM statements WHERE article_id <> ?", [a])
        c = st.scalar("SELECT min(id) FROM articles WHERE id NOT IN (?, ?)", [a, b])
        st.execute("UPDATE quantities SET hedge = 'about' WHERE id = (SELECT min(id) FROM quantities WHERE article_id = ?)", [a])
        st.execute("DELETE FROM statements WHERE id = (SELECT min(id) FROM statements WHERE article_id = ?)", [b])
        st.execute("UPDATE articles SET outlet = 'Another Outlet' WHERE id = ?", [c])
        untouched = spans_of(st, {x[0] for x in st.execute("SELECT id FROM articles").fetchall()} - {a, b, c})
        with caplog.at_level("INFO", logger="newsdossier"), st.transaction():
            web_index.build_web_index(LinkContext(st, Settings(), []))
        n = st.scalar("SELECT count(*) FROM articles")
        assert any(f"web_index: 3 of {n} {REWRITTEN}" in r.getMessage() for r in caplog.records)
        assert spans_of(st, {x[0] for x in st.execute("SELECT id FROM articles").fetchall()} - {a, b, c}) == untouched
        assert st.scalar("SELECT count(*) FROM web_record_texts WHERE article_id = ? AND outlet = 'Another Outlet'",
                         [c]) > 0
        got = web_rows(st)
        assert differing(got, rewritten_from_scratch(st)) == []
        assert got["web_spans"] != web_rows(demo_store)["web_spans"]


def test_writing_everything_sorted_again_once_too_much_is_out_of_order(demo_store, tmp_path, monkeypatch, caplog):
    path = tmp_path / "resorted.duckdb"
    shutil.copy(demo_store.path, path)
    with Store.open(path) as st:
        n = st.scalar("SELECT count(*) FROM articles")
        first = st.scalar("SELECT min(article_id) FROM quantities")
        monkeypatch.setattr(web_index, "MAX_APPENDED_SHARE", 1.5 / n)  # one article out of order, not two
        for step in range(2):
            st.execute("UPDATE quantities SET hedge = ? WHERE article_id = ?", [f"hedge {step}", first])
            with caplog.at_level("INFO", logger="newsdossier"), st.transaction():
                web_index.build_web_index(LinkContext(st, Settings(), []))
            stored = [r[0] for r in st.execute("SELECT article_id FROM web_spans ORDER BY rowid").fetchall()]
            appended = st.scalar("SELECT appended FROM web_index_runs")
            assert (appended, stored == sorted(stored)) == ((1, False) if step == 0 else (0, True))
            assert differing(web_rows(st), rewritten_from_scratch(st)) == []
    assert any("every article's rows written" in r.getMessage() for r in caplog.records)
