"""Adding a few articles to a big store: what the link stages cost as the store grows (issue #23).

For each store size N: time(build 25 new articles into a copy of a store of N articles) against
time(build the same 25 into an empty store), each a fresh process, wall clock of the whole command
(model load included, as a user sees it), best of `--repeat` alternating runs. The 25 are composed
from BBC sentences (as `throughput.py` composes them, another seed), so they are new to every store.
Also: the store's size on disk (DuckDB file plus the reuse index folder) against the characters of
article text it holds, and the seconds of each link stage in the add-25 run.

Stores of N articles are built once and kept in benchmarks/results/incremental-<N>.duckdb: the BBC
set (2,225 files, 2,088 distinct articles) first, then composed articles up to N. `--base PATH` uses a
store you have instead (e.g. the BBC + seeds store `dates_sanity.py --build` writes).

    uv run python benchmarks/incremental.py                     # N = 2,000
    uv run python benchmarks/incremental.py --sizes 2000 10000  # builds the 10k store first (long)
    uv run python benchmarks/incremental.py --base benchmarks/results/bbc-seeds.duckdb
"""
from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from throughput import bbc_files, read, write_composed_corpus  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
RESULTS = REPO / "benchmarks" / "results"
ADDED = 25
TARGET = 1.3


def store_bytes(path: Path) -> int:
    total = path.stat().st_size if path.exists() else 0
    index = path.parent / (path.name + ".reuse")
    if index.is_dir():
        total += sum(p.stat().st_size for p in index.rglob("*") if p.is_file())
    return total


def copy_store(src: Path, dst: Path) -> None:
    shutil.copy2(src, dst)
    index = src.parent / (src.name + ".reuse")
    if index.is_dir():
        shutil.copytree(index, dst.parent / (dst.name + ".reuse"))


def write_base_corpus(out: Path, n: int) -> None:
    files = bbc_files()[:n]
    for p in files:
        (out / f"{p.parent.name}-{p.name}").write_text(read(p), encoding="utf-8")
    if n > len(files):
        composed = out / "composed"
        composed.mkdir()
        write_composed_corpus(composed, n - len(files), seed=7)


def run_build(corpus: Path, store: Path) -> dict:
    """One `newsdossier build` in a fresh process: wall seconds and the stage seconds it reports."""
    code = ("import json, sys\n"
            "from newsdossier.config import Settings\n"
            "from newsdossier.pipeline import build\n"
            "from newsdossier.store import Store\n"
            "with Store.open(sys.argv[2]) as st:\n"
            "    s = build(sys.argv[1], st, Settings())\n"
            "print(json.dumps({'new': s.articles_new, 'stages': s.stage_seconds,\n"
            "                  'problems': [f'{src}: {why}'[:300] for src, why in s.problems\n"
            "                               if src.startswith('(link stage')]}))\n")
    start = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", code, str(corpus), str(store)], capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if out.returncode != 0:
        sys.exit(f"build into {store} failed:\n{out.stderr[-4000:]}")
    result = json.loads(out.stdout.strip().splitlines()[-1])
    if result["problems"]:
        # a link stage that failed rolls back and leaves work for the next build: no figure to report
        sys.exit(f"build into {store} reported problems: {result['problems']}")
    return {"seconds": seconds, **result}


def base_store(n: int, tmp: Path) -> Path:
    path = RESULTS / f"incremental-{n}.duckdb"
    if not path.exists():
        corpus = tmp / f"base-{n}"
        corpus.mkdir()
        write_base_corpus(corpus, n)
        print(f"building the {n:,}-article store {path} (once) ...", flush=True)
        run_build(corpus, path)
    return path


def text_chars(store: Path) -> tuple[int, int]:
    import duckdb

    con = duckdb.connect(str(store), read_only=True)
    try:
        return con.execute("SELECT count(*), sum(length(text)) FROM articles").fetchone()
    finally:
        con.close()


def measure(base: Path, added: Path, tmp: Path, repeat: int) -> dict:
    into_big, into_empty = [], []
    for i in range(repeat):
        big = tmp / f"big-{i}.duckdb"
        copy_store(base, big)
        into_big.append(run_build(added, big))
        into_empty.append(run_build(added, tmp / f"empty-{i}.duckdb"))
        if into_big[-1]["new"] != ADDED or into_empty[-1]["new"] != ADDED:
            sys.exit(f"expected {ADDED} new articles, got {into_big[-1]['new']} and {into_empty[-1]['new']}")
    best_big = min(into_big, key=lambda r: r["seconds"])
    best_empty = min(into_empty, key=lambda r: r["seconds"])
    return {"big": best_big, "empty": best_empty}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=[2000], help="store sizes N (articles)")
    ap.add_argument("--base", type=Path, default=None, help="use this store as the one store (instead of --sizes)")
    ap.add_argument("--repeat", type=int, default=2, help="alternating runs of each kind; the best counts")
    args = ap.parse_args()
    RESULTS.mkdir(parents=True, exist_ok=True)
    rows, stage_rows = [], []
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        added = tmp / "added"
        added.mkdir()
        write_composed_corpus(added, ADDED, seed=2501)
        bases = [args.base] if args.base else [base_store(n, tmp) for n in args.sizes]
        nothing = tmp / "nothing"
        nothing.mkdir()
        for base in bases:
            # the store as a build of this version leaves it (its link stages' bookkeeping current): a
            # build with nothing new re-links it once, so the timed runs measure a steady state
            run_build(nothing, base)
            n_articles, chars = text_chars(base)
            size = store_bytes(base)
            run_dir = tmp / f"runs-{base.stem}"
            run_dir.mkdir()
            got = measure(base, added, run_dir, args.repeat)
            ratio = got["big"]["seconds"] / got["empty"]["seconds"]
            rows.append((n_articles, got["big"]["seconds"], got["empty"]["seconds"], ratio, size, chars))
            links = {k: v for k, v in got["big"]["stages"].items() if k in LINK_STAGES}
            empty_links = {k: v for k, v in got["empty"]["stages"].items() if k in LINK_STAGES}
            stage_rows.append((n_articles, links, empty_links))
            shutil.rmtree(run_dir)
    print(f"\n| store (articles) | add {ADDED} to it, s | {ADDED} into empty, s | ratio | target | "
          "store MB | text MB | store / text |")
    print("|---|---|---|---|---|---|---|---|")
    for n, big, empty, ratio, size, chars in rows:
        print(f"| {n:,} | {big:.1f} | {empty:.1f} | {ratio:.2f} | <= {TARGET} | {size / 1e6:.1f} | "
              f"{chars / 1e6:.1f} | {size / chars:.1f}x |")
    print("\nlink stages in the add run, seconds (into the empty store in brackets):")
    for n, links, empty_links in stage_rows:
        shown = ", ".join(f"{k} {v:.2f} ({empty_links.get(k, 0):.2f})" for k, v in links.items())
        print(f"  {n:,} articles: {shown}")
    print(f"\nbest of {args.repeat} alternating runs; wall clock of a fresh process, model load included. "
          "Store / text: bytes on disk (DuckDB file and reuse index) per character of article text.")


LINK_STAGES = ("outlets", "entities", "timeline", "quantity_groups", "reuse", "web_index")

if __name__ == "__main__":
    main()
