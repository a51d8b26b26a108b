"""Figures at BBC scale (issue 17): figures that are not counts, and what the conflict pairs compare.

    uv run python benchmarks/figures_bbc.py [--store benchmarks/results/bbc-seeds.duckdb] [--time] [--sample N]

Reads the BBC + seeds store that `benchmarks/dates_sanity.py --build` writes. Printed:
- figures that are ages (`aged 84`, `84-year-old`, `Mr Sullivan, 42,`), clock times (`1200 GMT`, `10.30am`) or calendar years
  standing alone (`in 1998`), overall and inside a figure group (target 0 in groups);
- conflict pairs, and the share whose two figures count the same noun (target >= 0.9);
- with --time, the `quantity_groups` link stage re-run on the store, timed (it rewrites its own tables);
- with --sample N, N random conflict pairs across articles with both sentences, to judge by hand.
"""
from __future__ import annotations

import argparse
import random
import re
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

REPO = Path(__file__).resolve().parents[1]
STORE = REPO / "benchmarks" / "results" / "bbc-seeds.duckdb"
AGE_AFTER = re.compile(r"^\s*(?:-|\s)?years?[- ]old\b|^-year-old\b", re.IGNORECASE)
AGE_BEFORE = re.compile(r"\b(?:aged|age of|ages of)\s*$|(?-i:[A-Z])[\w'’-]+(?:,\s|\s\()$", re.IGNORECASE)
CLOCK = re.compile(r"^\d{1,2}[:.]\d{2}$|^\d{3,4}$")
CLOCK_AFTER = re.compile(r"^\s*(?:GMT|BST|UTC|CET|EST|PST|am\b|pm\b|a\.m\.|p\.m\.|hrs\b|hours GMT)", re.IGNORECASE)
YEAR = re.compile(r"^(1[89]\d\d|20\d\d)$")


def _singular(word: str | None) -> str | None:
    if not word:
        return None
    w = word.casefold()
    return w[:-1] if w.endswith("s") and not w.endswith("ss") else w


def not_counts(store) -> dict[str, tuple[int, int]]:
    grouped = {r["qid"] for r in store.rows("SELECT DISTINCT unnest(quantity_ids) AS qid FROM quantity_groups")}
    found = {"ages": [0, 0], "clock times": [0, 0], "calendar years standing alone": [0, 0]}
    rows = store.rows("SELECT q.id, q.text, q.counted_text, substr(a.text, q.\"end\" + 1, 14) AS after, "
                      "substr(a.text, greatest(q.start - 11, 1), least(q.start, 12)) AS before "
                      "FROM quantities q JOIN articles a ON a.id = q.article_id WHERE q.kind = 'count'")
    for r in rows:
        kind = None
        beside_a_name = AGE_BEFORE.search(r["before"]) and r["text"].isdigit() and int(r["text"]) < 125 \
            and r["after"][:1] in (",", ")")
        if AGE_AFTER.search(r["after"]) or beside_a_name:
            kind = "ages"
        elif CLOCK.match(r["text"]) and CLOCK_AFTER.match(r["after"]):
            kind = "clock times"
        elif YEAR.match(r["text"]) and not r["counted_text"]:
            kind = "calendar years standing alone"
        if kind:
            found[kind][0] += 1
            found[kind][1] += r["id"] in grouped
    return {k: (v[0], v[1]) for k, v in found.items()}


def conflict_pairs(store, verdicts: tuple[str, ...] = ("conflict",)) -> tuple[int, int, list[dict]]:
    rows = store.rows(
        "SELECT p.reason, p.verdict, g.label, qa.text AS a_text, qb.text AS b_text, qa.counted_head AS a_head, "
        "qb.counted_head AS b_head, qa.article_id <> qb.article_id AS across, aa.source AS a_source, "
        "ab.source AS b_source, substr(aa.text, qa.sentence_start + 1, qa.sentence_end - qa.sentence_start) AS a_sentence, "
        "substr(ab.text, qb.sentence_start + 1, qb.sentence_end - qb.sentence_start) AS b_sentence "
        "FROM quantity_pairs p JOIN quantity_groups g ON g.id = p.group_id "
        "JOIN quantities qa ON qa.id = p.a_id JOIN quantities qb ON qb.id = p.b_id "
        "JOIN articles aa ON aa.id = qa.article_id JOIN articles ab ON ab.id = qb.article_id "
        "WHERE p.verdict IN (SELECT unnest(?))", [list(verdicts)])
    same = sum(_singular(r["a_head"]) == _singular(r["b_head"]) for r in rows)
    return len(rows), same, rows


def time_link_stage(path: Path) -> float:
    from newsdossier.config import Settings
    from newsdossier.pipeline import Builder
    from newsdossier.store import Store

    with Store.open(path) as store:
        builder = Builder(store, Settings(stages=["quantity_groups"]))
        started = time.perf_counter()
        builder.run_links([])
        return time.perf_counter() - started


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--store", type=Path, default=STORE)
    ap.add_argument("--time", action="store_true", help="re-run and time the quantity_groups link stage")
    ap.add_argument("--sample", type=int, default=0, help="print N random conflict pairs across articles")
    ap.add_argument("--seed", type=int, default=7, help="the random sample's seed")
    ap.add_argument("--any-verdict", action="store_true",
                    help="sample from every compared pair (conflict, compatible, different scope), not conflicts only")
    args = ap.parse_args()
    from newsdossier.store import Store

    console = Console()
    seconds = time_link_stage(args.store) if args.time else None
    with Store.open(args.store, read_only=True) as store:
        figures = store.scalar("SELECT count(*) FROM quantities")
        checks = not_counts(store)
        n, same, rows = conflict_pairs(store)
        if args.any_verdict:
            compared = conflict_pairs(store, ("conflict", "compatible", "different_scope"))[2]
        groups = store.scalar("SELECT count(*) FROM quantity_groups")
    table = Table("check", "value", "target", title=f"figures on {args.store.name}")
    table.add_row("figures", f"{figures:,}", "")
    for kind, (total, grouped) in checks.items():
        table.add_row(f"{kind}: stored / in a figure group", f"{total:,} / {grouped:,}", "- / 0")
    table.add_row("figure groups", f"{groups:,}", "")
    table.add_row("conflict pairs (across articles)", f"{n:,} ({sum(r['across'] for r in rows):,})", "")
    table.add_row("conflict pairs whose figures count the same noun", f"{same / n:.3f}" if n else "-", "≥ 0.90")
    if seconds is not None:
        table.add_row("quantity_groups link stage, seconds", f"{seconds:.1f}", "")
    console.print(table)
    across = [r for r in (compared if args.any_verdict else rows) if r["across"]]
    if args.any_verdict:
        console.print(f"compared pairs across articles: {len(across):,}")
    for r in random.Random(args.seed).sample(across, min(args.sample, len(across))):
        console.print(f"[bold]{r['label']}[/] ({r['verdict']}) {r['a_source']} {r['a_text']!r} × {r['b_source']} {r['b_text']!r}: "
                      f"{r['reason']}\n  A: {r['a_sentence'][:240]!r}\n  B: {r['b_sentence'][:240]!r}")


if __name__ == "__main__":
    main()
