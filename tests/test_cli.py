"""The CLI as a user runs it: exit codes, messages, files written."""
from __future__ import annotations

import json

from typer.testing import CliRunner

from newsdossier.cli import app

runner = CliRunner()

ARTICLE = (
    "Library reopens after flood repairs\n\n"
    "The Marwick public library reopened on Saturday after six months of repairs. "
    "Head librarian Idris Penhallow said 4,000 books had been restored.\n"
)


def test_cli_build_info_export_round_trip(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "lib.txt").write_text(ARTICLE, encoding="utf-8")
    store = tmp_path / "s.duckdb"
    result = runner.invoke(app, ["build", str(corpus), "--store", str(store)])
    assert result.exit_code == 0, result.output
    assert "1 new articles" in result.output
    again = runner.invoke(app, ["build", str(corpus), "--store", str(store)])
    assert again.exit_code == 0 and "0 new articles, 1 already stored" in again.output
    info = runner.invoke(app, ["info", "--store", str(store)])
    assert info.exit_code == 0 and "mentions" in info.output
    out = tmp_path / "out"
    exported = runner.invoke(app, ["export", str(out), "--format", "jsonl", "--store", str(store)])
    assert exported.exit_code == 0, exported.output
    article = json.loads((out / "articles.jsonl").read_text())
    assert article["text"] == ARTICLE and article["title"] == "Library reopens after flood repairs"
    mentions = [json.loads(line) for line in (out / "mentions.jsonl").read_text().splitlines()]
    assert all(ARTICLE[m["start"]:m["end"]] == m["text"] for m in mentions)
    assert any(m["text"] == "Idris Penhallow" for m in mentions)


def test_cli_build_with_nothing_readable_fails_clearly(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "empty.txt").write_bytes(b"")
    result = runner.invoke(app, ["build", str(corpus), "--store", str(tmp_path / "s.duckdb")])
    assert result.exit_code == 2
    assert "empty.txt" in result.output and "no article could be read" in result.output


def test_cli_missing_corpus_and_store_are_one_line_errors(tmp_path):
    missing = runner.invoke(app, ["build", str(tmp_path / "nope"), "--store", str(tmp_path / "s.duckdb")])
    assert missing.exit_code == 1 and "no such file or folder" in missing.output
    no_store = runner.invoke(app, ["info", "--store", str(tmp_path / "absent.duckdb")])
    assert no_store.exit_code == 1 and "no store at" in no_store.output


def test_cli_unknown_stage_and_format_are_refused(tmp_path):
    corpus = tmp_path / "c.txt"
    corpus.write_text(ARTICLE, encoding="utf-8")
    bad_stage = runner.invoke(app, ["build", str(corpus), "--store", str(tmp_path / "s.duckdb"), "--stage", "nope"])
    assert bad_stage.exit_code == 1 and "unknown stage 'nope'" in bad_stage.output
    bad_format = runner.invoke(app, ["export", str(tmp_path / "o"), "--format", "xml",
                                     "--store", str(tmp_path / "s.duckdb")])
    assert bad_format.exit_code == 1 and "unknown format 'xml'" in bad_format.output


def test_cli_every_command_has_help():
    import typer.main

    group = typer.main.get_command(app)
    for name, command in group.commands.items():
        assert command.help, f"command {name} has no help text"


def test_cli_demo_builds_and_says_where_results_are(tmp_path):
    store, out, html = tmp_path / "demo.duckdb", tmp_path / "export", tmp_path / "demo.html"
    result = runner.invoke(app, ["demo", "--store", str(store), "--out", str(out), "--html", str(html)])
    assert result.exit_code == 0, result.output
    assert "9 new articles" in result.output
    assert str(html) in result.output and str(out) in result.output
    assert len((out / "articles.jsonl").read_text().splitlines()) == 9
    page = html.read_text(encoding="utf-8")
    assert "Hadrun Basin Solidarity Front" in page and "<script src=" not in page


def test_help_lists_every_command_without_loading_rich_help_or_the_nlp_stack():
    import subprocess
    import sys

    probe = ("import sys; sys.argv = ['newsdossier', '--help']\n"
             "from newsdossier.cli import app\n"
             "try:\n    app()\nexcept SystemExit:\n    pass\n"
             "print('LOADED', sorted(m for m in ('rich.markdown', 'spacy', 'duckdb', 'pydantic') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    listed = out.split("Commands:", 1)[1]
    for command in ("build", "demo", "info", "export", "conflicts", "statements", "entity", "entities", "timeline",
                    "framing", "techniques", "reuse", "serve", "report"):
        assert f"\n  {command} " in listed, command
    assert out.strip().endswith("LOADED []")
