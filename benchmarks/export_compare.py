"""Compare two stores' exports table by table: the check that a refactor changed no behaviour.

    uv run python benchmarks/export_compare.py BASE_EXPORT_DIR NEW_EXPORT_DIR [--ignore table.column ...]
    uv run python benchmarks/export_compare.py --build CORPUS --base-rev REV   # builds both sides itself

Each side is a folder written by `newsdossier export --format jsonl`. Rows are compared as multisets
(order-free), leaving out run ids, timestamps and stage fingerprints, which differ on every build.
Prints one line per table (same / N rows only in base / M only in new) and exits 1 on any difference.
"""
from __future__ import annotations

import argparse
import collections
import json
import subprocess
import sys
import tempfile
from pathlib import Path

# entity_name_forms is a cache of a pure function: which names it holds depends on what the building
# process had cached in memory already, not on the corpus; web_index_articles' fingerprints hash whole
# rows, floats to the last bit, which may differ between CPUs where the rows compared here do not; the
# quantity_groups bookkeeping digests hash the code that judges too, so they change with any change of it
ALWAYS_IGNORED = {"runs.*", "problems.run_id", "article_stages.fingerprint", "web_index_runs.*",
                  "entity_gathered.fingerprint", "entity_name_forms.*", "reuse_indexed.segment",
                  "reuse_segments.segment", "reuse_segments.created", "web_index_articles.fingerprint",
                  "quantity_group_articles.digest", "quantity_block_members.digest"}


def _rounded(value):
    # floats from numpy may differ in the last bits between CPUs; six places is what any view shows
    if isinstance(value, float):
        return round(value, 6)
    if isinstance(value, list):
        return [_rounded(v) for v in value]
    return value


def load(path: Path, table: str, ignored: set[str]) -> collections.Counter:
    rows: collections.Counter = collections.Counter()
    if f"{table}.*" in ignored:
        return rows
    with path.open(encoding="utf-8") as f:
        for line in f:
            row = json.loads(line)
            for key in [k for k in row if f"{table}.{k}" in ignored]:
                del row[key]
            rows[json.dumps({k: _rounded(v) for k, v in row.items()}, sort_keys=True, default=str)] += 1
    return rows


def digest(export: Path, ignored: set[str] = ALWAYS_IGNORED) -> dict[str, list]:
    """Per table: [rows, sha256 of its sorted canonical rows]: a small fingerprint of a whole export."""
    import hashlib

    out = {}
    for path in sorted(export.glob("*.jsonl")):
        rows = load(path, path.stem, ignored)
        h = hashlib.sha256()
        for row in sorted(rows.elements()):
            h.update(row.encode())
            h.update(b"\n")
        out[path.stem] = [sum(rows.values()), h.hexdigest()[:16]]
    return out


def compare(base: Path, new: Path, ignored: set[str]) -> int:
    differing = 0
    tables = sorted({p.stem for p in base.glob("*.jsonl")} | {p.stem for p in new.glob("*.jsonl")})
    for table in tables:
        a, b = base / f"{table}.jsonl", new / f"{table}.jsonl"
        if not a.exists() or not b.exists():
            print(f"{table:22} only in {'new' if b.exists() else 'base'}")
            differing += 1
            continue
        ra, rb = load(a, table, ignored), load(b, table, ignored)
        if ra == rb:
            print(f"{table:22} same ({sum(ra.values()):,} rows)")
        else:
            differing += 1
            only_a, only_b = ra - rb, rb - ra
            print(f"{table:22} DIFFERS: {sum(only_a.values()):,} rows only in base, {sum(only_b.values()):,} only in new")
            for row in list(only_a)[:2]:
                print(f"    base: {row[:300]}")
            for row in list(only_b)[:2]:
                print(f"    new:  {row[:300]}")
    return differing


def build_and_export(repo: Path, corpus: Path, out: Path) -> Path:
    store = out / "store.duckdb"
    cli = ["uv", "run", "--project", str(repo), "newsdossier"]
    subprocess.run([*cli, "build", str(corpus), "--store", str(store)], check=True, cwd=repo, capture_output=True)
    subprocess.run([*cli, "export", str(out / "export"), "--format", "jsonl", "--store", str(store)], check=True,
                   cwd=repo, capture_output=True)
    return out / "export"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("base", nargs="?", type=Path)
    ap.add_argument("new", nargs="?", type=Path)
    ap.add_argument("--build", type=Path, help="a corpus to build with both revisions")
    ap.add_argument("--base-rev", default="HEAD~1")
    ap.add_argument("--ignore", action="append", default=[], help="table.column (or table.*) to leave out")
    args = ap.parse_args()
    ignored = ALWAYS_IGNORED | set(args.ignore)
    repo = Path(__file__).resolve().parents[1]
    if args.build:
        with tempfile.TemporaryDirectory() as tmp:
            tree = Path(tmp) / "base-tree"
            subprocess.run(["git", "worktree", "add", "--detach", str(tree), args.base_rev], check=True, cwd=repo,
                           capture_output=True)
            try:
                subprocess.run(["uv", "sync", "--frozen", "--quiet"], check=True, cwd=tree)
                base = build_and_export(tree, args.build, Path(tmp) / "base")
                new = build_and_export(repo, args.build, Path(tmp) / "new")
                sys.exit(1 if compare(base, new, ignored) else 0)
            finally:
                subprocess.run(["git", "worktree", "remove", "--force", str(tree)], cwd=repo, capture_output=True)
    if not (args.base and args.new):
        ap.error("give BASE and NEW export folders, or --build CORPUS")
    sys.exit(1 if compare(args.base, args.new, ignored) else 0)


if __name__ == "__main__":
    main()
