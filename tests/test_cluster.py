"""The Ray executor: the same store as a local build, order kept, clear errors for wrong options."""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import DEMO_CORPUS
from newsdossier.cli import app
from newsdossier.config import Settings
from newsdossier.pipeline import build
from newsdossier.store import Store

# Tables and columns that name the run or the moment that wrote them, not what the corpus says; and the
# cache of name forms, whose rows depend on what the building process had cached in memory already.
RUN_TABLES = {"runs", "problems", "schema_meta", "reuse_segments", "web_index_runs", "entity_name_forms"}
RUN_COLUMNS = {"reuse_indexed": "segment"}


def table_rows(store: Store) -> dict[str, list[str]]:
    names = [r["table_name"] for r in store.rows(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'")]
    out = {}
    for name in names:
        if name in RUN_TABLES:
            continue
        exclude = f" EXCLUDE ({RUN_COLUMNS[name]})" if name in RUN_COLUMNS else ""
        out[name] = sorted(map(repr, store.execute(f'SELECT *{exclude} FROM "{name}"').fetchall()))
    return out


def test_ray_build_from_the_cli_stores_what_a_local_build_stores(demo_store, tmp_path):
    path = tmp_path / "ray.duckdb"
    result = CliRunner().invoke(app, ["build", str(DEMO_CORPUS), "--store", str(path), "--executor", "ray",
                                      "--workers", "2", "--batch-size", "3"])
    assert result.exit_code == 0, result.output
    n_articles = demo_store.scalar("SELECT count(*) FROM articles")
    assert f"{n_articles} new articles, 0 already stored, 0 re-analysed, 0 problems" in result.output
    assert "summed over the Ray workers" in " ".join(result.output.split())
    with Store.open(path, read_only=True) as st:
        ray_tables = table_rows(st)
    local_tables = table_rows(demo_store)
    assert set(ray_tables) == set(local_tables)
    assert sum(len(rows) for rows in local_tables.values()) > 1000
    assert [name for name, rows in local_tables.items() if ray_tables[name] != rows] == []


def test_ray_build_resumes_and_skips_what_is_stored(tmp_path):
    path = tmp_path / "ray.duckdb"
    with Store.open(path) as st:
        first = build(DEMO_CORPUS / "tavrin-herald-2023-09-21.txt", st, Settings(executor="ray", workers=1))
        again = build(DEMO_CORPUS, st, Settings(executor="ray", workers=1))
        assert (first.articles_new, first.executor) == (1, "ray")
        assert again.articles_duplicate == 1 and again.articles_new == st.scalar("SELECT count(*) FROM articles") - 1
        assert again.stage_seconds["statements"] > 0 and again.problems == []


@pytest.mark.parametrize("args,message", [
    (["--workers", "2"], "--workers and --ray-address need --executor ray"),
    (["--ray-address", "auto"], "--workers and --ray-address need --executor ray"),
    (["--executor", "ray", "--n-process", "2"], "with --executor ray use --workers"),
])
def test_build_executor_options_are_checked(tmp_path, args, message):
    result = CliRunner().invoke(app, ["build", str(DEMO_CORPUS), "--store", str(tmp_path / "s.duckdb"), *args])
    assert result.exit_code == 1
    assert message in " ".join(result.output.split())
    assert not (tmp_path / "s.duckdb").exists()


def test_ray_address_nobody_listens_on_fails_fast_and_clearly(tmp_path):
    import socket

    with socket.socket() as probe:  # a port that was free a moment ago
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    result = CliRunner().invoke(app, ["build", str(DEMO_CORPUS), "--store", str(tmp_path / "s.duckdb"),
                                      "--executor", "ray", "--ray-address", f"127.0.0.1:{port}"])
    assert result.exit_code == 1
    assert f"no Ray cluster answers at 127.0.0.1:{port}" in " ".join(result.output.split())



def _stop_processes_using(marker: str) -> None:
    """Stop the Ray processes of one cluster only (those whose command line names its temp folder, and
    their children, whose titles Ray renames): `ray stop` would stop every Ray on the machine."""
    children: dict[int, list[int]] = {}
    marked = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            cmdline = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            parent = int((proc / "stat").read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(parent, []).append(int(proc.name))
        if marker in cmdline and int(proc.name) != os.getpid():
            marked.append(int(proc.name))
    doomed, todo = set(), list(marked)
    while todo:
        pid = todo.pop()
        if pid not in doomed:
            doomed.add(pid)
            todo.extend(children.get(pid, ()))
    for pid in doomed:
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_ray_two_nodes_started_by_ray_start_build_what_a_local_build_stores(demo_store, tmp_path, monkeypatch):
    """A head and a second worker node (`ray start --head`, `ray start --address`), one CPU each, on this
    machine: the two workers can only be placed one per node (the build says so), and the store equals a
    local build's."""
    ray_cli = str(Path(sys.executable).with_name("ray"))
    temp = Path("/tmp") / f"nd-ray-{os.getpid()}"  # Ray's socket paths must stay short: not under tmp_path
    # without a token: Ray turns token authentication on where it finds one (~/.ray/auth_token)
    env = {**os.environ, "RAY_AUTH_MODE": "disabled", "RAY_ENABLE_UV_RUN_RUNTIME_ENV": "0"}
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    port = _free_port()
    address = f"127.0.0.1:{port}"
    common = ["--num-cpus=1", "--disable-usage-stats"]

    def ray_start(*args: str) -> None:
        done = subprocess.run([ray_cli, "start", *args, *common], env=env, capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, f"ray start {' '.join(args)}:\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}"

    try:
        ray_start("--head", f"--port={port}", "--include-dashboard=false", f"--temp-dir={temp}")
        ray_start(f"--address={address}")
        path = tmp_path / "two-nodes.duckdb"
        # a driver process of its own, as a user's would be (this one has run other Ray clusters already)
        result = subprocess.run([sys.executable, "-m", "newsdossier", "build", str(DEMO_CORPUS), "--store", str(path),
                                 "--executor", "ray", "--ray-address", address, "--workers", "2", "--batch-size", "3"],
                                env=env, capture_output=True, text=True, timeout=300)
        assert result.returncode == 0, result.stdout + result.stderr
        assert "article stages on Ray: 2 workers on 2 nodes" in result.stdout
        with Store.open(path, read_only=True) as st:
            two_nodes = table_rows(st)
        local = table_rows(demo_store)
        assert [name for name, rows in local.items() if two_nodes.get(name) != rows] == []
    finally:
        _stop_processes_using(str(temp))  # not `ray stop`: that stops every Ray on the machine
        shutil.rmtree(temp, ignore_errors=True)
