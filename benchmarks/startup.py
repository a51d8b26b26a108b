"""CLI start-up: `newsdossier --help` and `newsdossier info` against `python -c "import typer, rich"`.

    uv run python benchmarks/startup.py [--runs 7]

Builds the demo corpus into a temporary store once, then times each command as a fresh process, the
three measured side by side in one run (alternating), and prints the median and the ratio to the
baseline, and the floor `info` has with no newsdossier code at all. Each command runs once untimed first, so its bytecode is cached, as on a machine where
it has run before (`setup.sh` compiles the libraries' bytecode at install). Target (issue #15): both commands within 3x of the baseline.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEMO = REPO / "examples" / "demo-corpus"


# Start-up as on a user's machine: Python keeps compiled bytecode (some sandboxes switch that off).
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def timed(cmd: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=ENV)
    return time.perf_counter() - started


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=7)
    args = ap.parse_args()
    cli = [sys.executable, "-m", "newsdossier"]
    with tempfile.TemporaryDirectory() as tmp:
        store = str(Path(tmp) / "demo.duckdb")
        subprocess.run([*cli, "build", str(DEMO), "--store", store], check=True, capture_output=True)
        commands = {
            'python -c "import typer, rich" (baseline)': [sys.executable, "-c", "import typer, rich"],
            "newsdossier --help": [*cli, "--help"],
            "newsdossier info (demo store)": [*cli, "info", "--store", store],
            # what `info` cannot do without, with no newsdossier code: Typer's parameter adapters (they
            # import pydantic), Rich's console and table, DuckDB opening the store for one query
            "floor of info: its libraries only": [sys.executable, "-c", (
                "import typer, rich, typer._adapters, rich.console, rich.table, duckdb; "
                f"duckdb.connect({store!r}, read_only=True).execute('SELECT count(*) FROM articles').fetchall()")],
        }
        for cmd in commands.values():  # the first run writes the bytecode caches
            timed(cmd)
        times: dict[str, list[float]] = {k: [] for k in commands}
        for _ in range(args.runs):
            for name, cmd in commands.items():
                times[name].append(timed(cmd))
    base = statistics.median(next(iter(times.values())))
    print(f"| command | median s ({args.runs} runs) | ratio to baseline |")
    print("|---|---|---|")
    for name, ts in times.items():
        med = statistics.median(ts)
        print(f"| {name} | {med:.3f} | x{med / base:.2f} |")


if __name__ == "__main__":
    main()
