"""Hostile input, crashes and wrong stores: each gets one clear line, the rest of the run goes on."""
from __future__ import annotations

import os
import subprocess
import sys

import duckdb
import pytest
from typer.testing import CliRunner

from newsdossier.cli import app
from newsdossier.config import MAX_ARTICLE_CHARS, Settings
from newsdossier.errors import StoreError
from newsdossier.ingest.decode import decode_bytes
from newsdossier.pipeline import build
from newsdossier.store import Store

GOOD = ("Council approves the new tram line\n\n"
        "The city council of Marrow Ford voted on Tuesday to build a tram line to the harbour. "
        "Mayor Ines Calder said the first trams would run in two years.\n")


def _corpus(tmp_path, **files):
    root = tmp_path / "corpus"
    root.mkdir(exist_ok=True)
    for name, data in files.items():
        (root / name).write_bytes(data if isinstance(data, bytes) else data.encode())
    return root


def test_hostile_text_over_the_parse_limit_is_refused_by_name_and_the_rest_is_stored(tmp_path):
    huge = "word " * (MAX_ARTICLE_CHARS // 5 + 10)  # one line, under the 50 MB file limit
    root = _corpus(tmp_path, **{"good.txt": GOOD, "huge.txt": huge})
    with Store.open(tmp_path / "s.duckdb") as st:
        summary = build(root, st, Settings(stages=["mentions"]))
        assert summary.articles_new == 1
        assert len(summary.problems) == 1
        source, reason = summary.problems[0]
        assert source == "huge.txt"
        assert reason.startswith(f"text is {len(huge):,} characters, over the {MAX_ARTICLE_CHARS:,}-character limit")
        assert st.scalar("SELECT status FROM runs") == "done"


def test_hostile_one_stray_byte_keeps_utf8_text_as_utf8():
    text = "Le président a déclaré que la séance était levée.\n" * 4
    decoded = decode_bytes(text.encode() + b"\xff" + "Fin de la séance.".encode(), "fr.txt")
    assert decoded == text + "\ufffd" + "Fin de la séance."
    assert "Ã" not in decoded


def test_hostile_a_legacy_code_page_is_still_guessed():
    assert decode_bytes("Un café à 3 £ près de la gare.".encode("cp1252"), "x.txt") == "Un café à 3 £ près de la gare."


def test_hostile_utf16_without_a_bom_is_read_as_text():
    text = "Harbour board approves the ferry route.\nSecond paragraph of the article.\n"
    assert decode_bytes(text.encode("utf-16-le"), "le.txt") == text
    assert decode_bytes(text.encode("utf-16-be"), "be.txt") == text


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs POSIX named pipes")
def test_hostile_fifo_and_device_links_are_refused_unread(tmp_path):
    root = _corpus(tmp_path, **{"good.txt": GOOD})
    os.mkfifo(root / "pipe.txt")
    (root / "zero.txt").symlink_to("/dev/zero")
    with Store.open(tmp_path / "s.duckdb") as st:
        summary = build(root, st, Settings(stages=["mentions"]))
    assert summary.articles_new == 1
    assert sorted(summary.problems) == [("pipe.txt", "not read: it is a named pipe, not a regular file"),
                                        ("zero.txt", "not read: it is a device, not a regular file")]


def test_hostile_a_duckdb_file_of_something_else_is_never_altered(tmp_path):
    other = tmp_path / "other.duckdb"
    con = duckdb.connect(str(other))
    con.execute("CREATE TABLE articles (x INTEGER)")
    con.execute("INSERT INTO articles VALUES (1)")
    con.close()
    for read_only in (False, True):
        with pytest.raises(StoreError, match="is a DuckDB file but not a newsdossier store \\(it holds articles\\)"):
            Store.open(other, read_only=read_only)
    con = duckdb.connect(str(other), read_only=True)
    assert con.execute("SELECT table_name FROM duckdb_tables()").fetchall() == [("articles",)]
    assert con.execute("SELECT * FROM articles").fetchall() == [(1,)]
    con.close()


def test_hostile_corrupt_store_and_unwritable_outputs_are_one_line(tmp_path, demo_store):
    corrupt = tmp_path / "corrupt.duckdb"
    corrupt.write_bytes(os.urandom(64_000))
    runner = CliRunner()
    result = runner.invoke(app, ["info", "--store", str(corrupt)])
    assert result.exit_code == 1
    assert result.output.startswith(f"error: cannot open store {corrupt}")
    assert "Traceback" not in result.output
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    result = runner.invoke(app, ["export", str(blocked / "out"), "--store", demo_store.path])
    assert result.exit_code == 1 and "cannot write the export to" in result.output and "Traceback" not in result.output
    result = runner.invoke(app, ["report", "--all", "-o", str(blocked / "x.html"), "--store", demo_store.path])
    assert result.exit_code == 1 and "cannot write the report to" in result.output


def test_hostile_a_killed_run_is_marked_interrupted_by_the_next_writer(tmp_path):
    root = _corpus(tmp_path, **{"good.txt": GOOD})
    path = tmp_path / "s.duckdb"
    code = ("import os, sys; from newsdossier.store import Store; from newsdossier.store import Run; import datetime as dt\n"
            f"st = Store.open({str(path)!r})\n"
            "st.insert([Run(1, 'x', dt.datetime.now(), None, 0, 0, 0, 'running')])\n"
            "st.con.execute('CHECKPOINT'); os._exit(9)\n")
    subprocess.run([sys.executable, "-c", code], check=False)
    with Store.open(path) as st:
        assert st.rows("SELECT id, status FROM runs") == [{"id": 1, "status": "interrupted"}]
        build(root, st, Settings(stages=["mentions"]))
        assert st.rows("SELECT id, status FROM runs ORDER BY id") == [{"id": 1, "status": "interrupted"},
                                                                      {"id": 2, "status": "done"}]


def test_hostile_search_index_catches_up_after_a_run_killed_before_its_link_stages(tmp_path):
    from newsdossier.stages import LinkContext, all_stages

    root = _corpus(tmp_path, **{"a.txt": GOOD})
    path = tmp_path / "s.duckdb"
    with Store.open(path) as st:
        build(root, st, Settings(stages=["mentions", "web_index"]))
        first = st.scalar("SELECT count(*) FROM search_terms")
        assert first > 0
    # a second run stores its article, then dies before the link stages: simulate by building without them
    (root / "b.txt").write_text(GOOD.replace("tram", "ferry").replace("Marrow Ford", "Kestrel Bay"))
    with Store.open(path) as st:
        build(root, st, Settings(stages=["mentions"]))
        assert st.scalar("SELECT count(DISTINCT article_id) FROM search_terms") == 1
    # the next run brings nothing new, yet the index catches up from the store
    with Store.open(path) as st:
        summary = build(root, st, Settings(stages=["mentions", "web_index"]))
        assert summary.articles_new == 0
        assert st.scalar("SELECT count(DISTINCT article_id) FROM search_terms") == 2
        assert st.scalar("SELECT count(*) FROM search_terms WHERE term = 'ferry'") == 1
        all_stages()["web_index"].func(LinkContext(st, Settings(), []))
        assert st.scalar("SELECT count(DISTINCT article_id) FROM search_terms") == 2


# -- the web UI ---------------------------------------------------------------------------------------


@pytest.fixture
def client(demo_store):
    from fastapi.testclient import TestClient

    from newsdossier.web import create_app

    with TestClient(create_app(demo_store.path), base_url="http://127.0.0.1:8000") as c:
        yield c


def test_hostile_web_refuses_foreign_host_headers(client):
    assert client.get("/", headers={"Host": "attacker.example"}).status_code == 400
    assert client.get("/", headers={"Host": "localhost:8000"}).status_code == 200
    assert client.get("/").status_code == 200


@pytest.mark.parametrize("path", ["/", "/static/style.css", "/api/overview", "/nope", "/articles?page=2"])
def test_hostile_web_every_response_carries_the_security_headers(client, path):
    r = client.get(path)
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["referrer-policy"] == "no-referrer"
    assert "default-src 'self'" in r.headers["content-security-policy"]


def test_hostile_web_huge_page_number_and_like_wildcards(client):
    assert client.get("/articles", params={"page": 10**30}).status_code == 422
    assert client.get("/api/articles", params={"page": 10**30}).status_code == 422
    everything = client.get("/api/articles").json()["total"]
    assert everything > 2
    assert client.get("/api/articles", params={"q": "%"}).json()["total"] == 0
    assert client.get("/api/articles", params={"q": "_"}).json()["total"] == 0
    assert client.get("/api/entities", params={"q": "%"}).json()["rows"] == []


def test_hostile_web_head_is_answered_like_get_without_a_body(client):
    r = client.head("/")
    assert r.status_code == 200 and r.content == b""
    assert r.headers["content-type"].startswith("text/html")


def test_hostile_serve_warns_when_bound_beyond_loopback(demo_store, monkeypatch):
    import uvicorn

    monkeypatch.setattr(uvicorn, "run", lambda *a, **k: None)
    result = CliRunner().invoke(app, ["serve", "--store", demo_store.path, "--host", "0.0.0.0"])
    assert result.exit_code == 0
    assert "warning: --host 0.0.0.0 serves the dossier to every machine" in " ".join(result.output.split())


def test_hostile_a_build_and_the_server_run_at_the_same_time(tmp_path, monkeypatch):
    """The server answers from its snapshot while a build holds the store, and shows the new articles after."""
    from fastapi.testclient import TestClient

    import newsdossier.web.snapshot as snapshot_module
    from newsdossier.web import create_app

    monkeypatch.setattr(snapshot_module, "RECHECK_SECONDS", 0.0)
    root = _corpus(tmp_path, **{"a.txt": GOOD})
    path = tmp_path / "s.duckdb"
    with Store.open(path) as st:
        build(root, st, Settings(stages=["mentions"]))
    with TestClient(create_app(path), base_url="http://127.0.0.1") as c:
        assert c.get("/api/articles").json()["total"] == 1
        # a build in another process: it gets the write lock although the server is up
        (root / "b.txt").write_text(GOOD.replace("tram", "ferry"))
        code = (f"from newsdossier.pipeline import build; from newsdossier.store import Store; "
                f"from newsdossier.config import Settings\n"
                f"with Store.open({str(path)!r}) as st:\n"
                f"    build({str(root)!r}, st, Settings(stages=['mentions']))\n"
                f"    import sys; print('built', flush=True); sys.stdin.readline()\n")
        writer = subprocess.Popen([sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        try:
            assert writer.stdout.readline().strip() == "built"
            assert c.get("/api/articles").json()["total"] == 1  # the build still holds the store: last snapshot
            assert c.get("/").status_code == 200
        finally:
            writer.communicate("\n", timeout=60)
        assert writer.returncode == 0
        assert c.get("/api/articles").json()["total"] == 2  # the build ended: the next request sees it
