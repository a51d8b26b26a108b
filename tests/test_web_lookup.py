"""The server's SQLite point-lookup copy (`web/lookup.py`): what it holds, the values it gives back, and
pages equal to those read from DuckDB alone."""
from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import duckdb
import pytest

from newsdossier.web import create_app
from newsdossier.web.corpus import Corpus, Filters
from newsdossier.web.lookup import Builder, Lookup, build, plan


@pytest.fixture(scope="module")
def apps(demo_store):
    """The demo store served twice: with its lookup copy (made at once: the store is small) and without."""
    with_lookup = create_app(demo_store.path)
    without = create_app(demo_store.path, lookup=False)
    yield with_lookup.state.site, without.state.site
    with_lookup.state.snapshot.close()
    without.state.snapshot.close()


def test_the_copy_holds_every_table_the_pages_read_by_key(apps):
    site, plain = apps
    assert site.snapshot.lookup_state() == "ready" and plain.snapshot.lookup_state() == "off"
    lookup = site.snapshot.lookup()
    assert lookup.tables >= {"articles", "web_spans", "statements", "quantities", "events", "entities",
                             "entity_aliases", "web_entity_mentions", "web_entity_records", "lookup_names",
                             "lookup_entity_articles", "lookup_quantity_groups", "search_terms"}
    store = site.dossier().store
    for table in ("articles", "web_spans", "statements", "entities", "entity_aliases"):
        assert lookup.scalar(f"SELECT count(*) FROM {table}") == store.scalar(f"SELECT count(*) FROM {table}") > 0


def test_values_come_back_as_duckdb_gives_them(tmp_path):
    con = duckdb.connect()
    con.execute("CREATE TABLE articles (id VARCHAR, published DATE, seen TIMESTAMP, ok BOOLEAN, score DOUBLE, "
                "n BIGINT, tags VARCHAR[])")
    rows = [("a1", dt.date(2024, 2, 29), dt.datetime(2024, 3, 1, 12, 30, 5), True, 0.125, 7, ["x", "y"]),
            ("a2", None, None, False, None, None, []),
            ("a3", dt.date(1999, 12, 31), None, None, -2.5, 0, None)]
    con.executemany("INSERT INTO articles VALUES (?, ?, ?, ?, ?, ?, ?)", rows)
    con.execute("CREATE TABLE odd (id VARCHAR, amount DECIMAL(10, 2))")  # a type not copied: left to DuckDB
    planned = plan(con)
    assert "articles" in planned and "odd" not in planned
    lookup = Lookup(build(con, tmp_path / "copy.sqlite"), set(planned))
    got = lookup.execute("SELECT * FROM articles ORDER BY id").fetchall()
    assert got == rows
    assert lookup.rows("SELECT id, ok FROM articles WHERE published = ?", [dt.date(2024, 2, 29)]) == [
        {"id": "a1", "ok": True}]
    assert sorted(lookup.many("SELECT id, n FROM articles", [], ("id", "n"))) == [["a1", 7], ["a2", None], ["a3", 0]]
    assert not (tmp_path / "copy.sqlite.partial").exists()
    lookup.close()
    assert not (tmp_path / "copy.sqlite").exists()


def test_a_copy_made_in_the_background_is_ready_once_finished(tmp_path, demo_store):
    con = duckdb.connect(str(demo_store.path), read_only=True)
    builder = Builder(con, tmp_path / "bg.sqlite", background=True)
    assert builder.wait(60) is not None and builder.state() == "ready"
    assert builder.ready().scalar("SELECT count(*) FROM articles") == demo_store.scalar("SELECT count(*) FROM articles")
    builder.close()
    assert not (tmp_path / "bg.sqlite").exists()
    con.close()


def test_a_failed_copy_leaves_the_pages_on_duckdb(tmp_path, demo_store, monkeypatch):
    import newsdossier.web.lookup as lookup_module

    def broken(*args, **kwargs):
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(lookup_module, "build", broken)
    con = duckdb.connect(str(demo_store.path), read_only=True)
    builder = Builder(con, tmp_path / "x.sqlite", background=False)
    assert builder.ready() is None and builder.state() == "failed" and "disk I/O error" in builder.failed
    con.close()


def test_every_article_and_entity_page_equals_duckdbs(apps):
    site, plain = apps
    fast, slow = site.dossier(), plain.dossier()
    assert fast.lookup is not None and slow.lookup is None
    articles = [r[0] for r in slow.store.execute("SELECT id FROM articles ORDER BY id").fetchall()]
    entities = [r[0] for r in slow.store.execute("SELECT id FROM entities ORDER BY id").fetchall()]
    assert len(articles) == 9 and len(entities) > 20
    for a in articles:
        assert fast.article(a) == slow.article(a), a
    for e in entities:
        assert fast.entity(e) == slow.entity(e), e
    reused = [a for a in articles if slow.article(a)["reused"]]
    assert reused, "the demo corpus shares passages between articles"


def test_searches_and_entity_filters_equal_duckdbs(apps):
    site, plain = apps
    fast, slow = site.dossier(), plain.dossier()
    names = [r[0] for r in slow.store.execute("SELECT name FROM entities ORDER BY id").fetchall()]
    aliases = [r[0] for r in slow.store.execute("SELECT DISTINCT alias FROM entity_aliases ORDER BY 1").fetchall()]
    words = ["said", "the river", "water", "minister", '"the council"', "zzz"]
    for q in words:
        assert fast.search(q) == slow.search(q), q
    assert fast.search("water")["method"] == "index" and fast.search("water")["total"] > 0
    for q in names + aliases[:20] + [n.upper() for n in names[:5]]:
        assert fast.search(q) == slow.search(q), q
        f = Filters.parse(entity=q)
        for page in ("statements", "reuse", "network"):
            assert getattr(Corpus(fast), page)(f).__dict__ == getattr(Corpus(slow), page)(f).__dict__, (page, q)
        assert Corpus(fast).timeline(f).__dict__ == Corpus(slow).timeline(f).__dict__, q


def test_status_says_whether_the_copy_is_ready(apps):
    from fastapi.testclient import TestClient

    site, _ = apps
    from newsdossier.web.app import create_app as make

    app = make(Path(site.store_path))
    with TestClient(app, base_url="http://127.0.0.1") as client:
        r = client.get("/api/status")
        assert r.status_code == 200 and r.json() == {"snapshot": 1, "lookup": "ready"}
        assert "no-store" in r.headers["cache-control"]


def test_statement_summaries_counted_from_the_rows_equal_the_queries(apps, monkeypatch):
    _, plain = apps
    d = plain.dossier()
    outlets = [r[0] for r in d.store.execute("SELECT DISTINCT outlet FROM articles").fetchall()]
    names = [r[0] for r in d.store.execute("SELECT name FROM entities ORDER BY id").fetchall()]
    filters = [Filters.parse(entity=n) for n in names] + [Filters.parse(outlet=o) for o in outlets if o] + [Filters()]
    from_rows = [Corpus(d).statements(f) for f in filters]
    assert all(len(v.rows) == v.total for v in from_rows)
    view = Corpus._view
    # one more row than shown: the page counts its summaries with the queries
    monkeypatch.setattr(Corpus, "_view", lambda self, *a, **k: _one_more(view(self, *a, **k)))
    for f, v in zip(filters, from_rows):
        queried = Corpus(d).statements(f)
        assert queried.summary == v.summary, f
    assert any(v.summary["by_speaker"]["rows"] for v in from_rows)


def _one_more(view):
    view.total += 1
    return view
