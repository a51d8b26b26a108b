"""`export`: the dossier's tables by default, each record with its article's title, outlet and date, and
every format loads back in DuckDB as written (row counts, spans and values survive the round trip)."""
from __future__ import annotations

import duckdb
import pytest
from typer.testing import CliRunner

from newsdossier.cli import app
from newsdossier.export import export_dossier, is_internal

READERS = {"csv": "read_csv({p}, header = true, sample_size = -1)", "jsonl": "read_json({p}, format = 'newline_delimited')",
           "parquet": "read_parquet({p})"}


@pytest.mark.parametrize("fmt", sorted(READERS))
def test_export_loads_back_in_duckdb(demo_store, tmp_path, fmt):
    written = export_dossier(demo_store, tmp_path, fmt)
    assert "statements" in written and "articles" in written
    assert not any(is_internal(t) for t in written)  # no web_spans, search_terms, ...
    con = duckdb.connect()

    def load(table):
        return con.execute(f"SELECT * FROM {READERS[fmt].format(p='?')}", [str(written[table])])

    for table in written:
        n = demo_store.scalar(f'SELECT count(*) FROM "{table}"')
        assert con.execute(f"SELECT count(*) FROM {READERS[fmt].format(p='?')}",
                           [str(written[table])]).fetchone()[0] == n, table
    texts = dict(demo_store.execute("SELECT id, text FROM articles").fetchall())
    rows = load("articles").fetchall()
    cols = [d[0] for d in con.description]
    assert {r[cols.index("id")]: r[cols.index("text")] for r in rows} == texts  # newlines and quotes survive
    st = load("statements")
    cols = [d[0] for d in st.description]
    meta = {r[0]: r[1:] for r in demo_store.execute("SELECT id, title, outlet, published FROM articles").fetchall()}
    for r in st.fetchall():
        rec = dict(zip(cols, r))
        assert texts[rec["article_id"]][rec["content_start"]:rec["content_end"]] == rec["content_text"]
        title, outlet, published = meta[rec["article_id"]]
        assert rec["article_title"] == title and rec["article_outlet"] == outlet
        assert str(rec["article_published"] or "") == str(published or "")
    reuse = load("reuse")
    cols = [d[0] for d in reuse.description]
    assert {"a_article_title", "b_article_title", "a_article_outlet", "b_article_published"} <= set(cols)


def test_export_cli_keeps_internal_tables_behind_a_flag(demo_store, tmp_path):
    runner = CliRunner()
    plain = runner.invoke(app, ["export", str(tmp_path / "plain"), "--store", str(demo_store.path)])
    assert plain.exit_code == 0, plain.output
    assert (tmp_path / "plain" / "statements.jsonl").exists()
    assert not (tmp_path / "plain" / "web_spans.jsonl").exists()
    assert not (tmp_path / "plain" / "search_terms.jsonl").exists()
    full = runner.invoke(app, ["export", str(tmp_path / "full"), "--internal", "--store", str(demo_store.path)])
    assert full.exit_code == 0, full.output
    assert (tmp_path / "full" / "web_spans.jsonl").exists() and (tmp_path / "full" / "search_terms.jsonl").exists()
