from __future__ import annotations

import datetime as dt
import json

import duckdb
import pytest
from hypothesis import given, settings, strategies as st

from newsdossier.article import Article, ArticleSource
from newsdossier.errors import StoreError
from newsdossier.mentions import Mention
from newsdossier.store import SCHEMA_VERSION, Store


def make_article(aid="a" * 16, text="Lena Ortiz visited Porto.") -> Article:
    return Article(aid, "x.txt", "txt", "T", None, None, "Outlet", None, dt.date(2024, 5, 1), None, None,
                   0, len(text), text)


def test_store_creates_tables_and_version(store):
    counts = store.counts()
    assert {"articles", "mentions", "boilerplate", "sources", "problems"} <= set(counts)
    assert store.scalar("SELECT value FROM schema_meta WHERE key='schema_version'") == str(SCHEMA_VERSION)


def test_store_transaction_rolls_back_on_error(store):
    with pytest.raises(RuntimeError):
        with store.transaction():
            store.insert([make_article()])
            raise RuntimeError("boom")
    assert store.scalar("SELECT count(*) FROM articles") == 0


def test_store_insert_new_is_idempotent(store):
    src = ArticleSource("a" * 16, "x.txt", "txt")
    store.insert_new(ArticleSource, [src, src])
    store.insert_new(ArticleSource, [src])
    assert store.scalar("SELECT count(*) FROM sources") == 1


def test_store_export_jsonl_round_trip(store, tmp_path):
    a = make_article()
    store.insert([a, Mention(a.id, 0, 10, "Lena Ortiz", "PERSON", 0, 25)])
    written = store.export(tmp_path / "out", "jsonl")
    rows = [json.loads(line) for line in written["mentions"].read_text().splitlines()]
    assert rows == [{"article_id": a.id, "start": 0, "end": 10, "text": "Lena Ortiz", "label": "PERSON",
                     "sentence_start": 0, "sentence_end": 25}]
    art = json.loads(written["articles"].read_text())
    assert art["published"] == "2024-05-01" and art["text"] == a.text


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_store_export_other_formats(store, tmp_path, fmt):
    store.insert([make_article()])
    written = store.export(tmp_path / fmt, fmt)
    assert duckdb.sql(f"SELECT count(*) FROM '{written['articles']}'").fetchall()[0][0] == 1


def test_store_refuses_newer_schema(tmp_path):
    path = tmp_path / "s.duckdb"
    with Store.open(path) as st:
        st.execute("UPDATE schema_meta SET value = ? WHERE key = 'schema_version'", [str(SCHEMA_VERSION + 1)])
    with pytest.raises(StoreError, match="newer than this newsdossier"):
        Store.open(path)


def test_store_creates_missing_folders_but_reading_needs_a_store(tmp_path):
    path = tmp_path / "new" / "deeper" / "s.duckdb"
    with pytest.raises(StoreError, match="no store at"):
        Store.open(path, read_only=True)
    assert not path.parent.exists()
    with Store.open(path) as st:
        st.insert([make_article()])
    with Store.open(path, read_only=True) as st:
        assert st.scalar("SELECT count(*) FROM articles") == 1
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(StoreError, match="cannot create the folder"):
        Store.open(blocker / "s.duckdb")


def test_store_migrate_adds_missing_column(tmp_path):
    path = tmp_path / "old.duckdb"
    with Store.open(path) as st:
        st.execute("ALTER TABLE mentions DROP COLUMN sentence_end")
    with Store.open(path) as st:
        cols = [r[0] for r in st.execute("DESCRIBE mentions").fetchall()]
    assert "sentence_end" in cols


@settings(max_examples=40, deadline=None)
@given(st.text(min_size=1, max_size=200), st.data())
def test_store_unicode_text_and_offsets_round_trip(text, data):
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    with Store.open(":memory:") as store:
        a = make_article(text=text)
        store.insert([a, Mention(a.id, start, end, text[start:end], "ORG", 0, len(text))])
        stored_text = store.scalar("SELECT text FROM articles")
        s, e, t = store.execute("SELECT start, \"end\", text FROM mentions").fetchall()[0]
    assert stored_text == text and stored_text[s:e] == t
