"""Dates a reader would call nonsense, counted on a built store (issue #18's targets: each 0).

    uv run python benchmarks/dates_sanity.py --store bbc-seeds.duckdb
    uv run python benchmarks/dates_sanity.py --build   # builds the BBC set plus the seeds first (minutes)

Counts:
- years from clock times: a DATE whose text is a bare 3-4 digit number followed by a time zone or
  "hours" in the article ("1200 GMT");
- years before 1800 where none is written: a resolved DATE (or a guess) before 1800 whose text holds
  no number of that year;
- guesses presented as resolved: resolved expressions anchored on a year written elsewhere
  (`anchor = 'context_year'`), and events or timeline entries dated by a guess but not marked so.
Also prints how many expressions are guesses, and how many ranges keep both ends.
"""
from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
SHARED = REPO.parent / "shared"

CHECKS = {
    "years from clock times": """
        SELECT count(*) FROM time_expressions t JOIN articles a ON a.id = t.article_id
        WHERE t.type = 'DATE' AND regexp_full_match(t.text, '[0-9]{3,4}')
          AND regexp_matches(substr(a.text, t."end" + 1, 12), '^\\s*(GMT|UTC|BST|CET|EST|EDT|PST|PDT|hours|hrs|local time)')
    """,
    "years before 1800 where none is written": """
        SELECT count(*) FROM time_expressions t
        WHERE ((t.resolved AND t.earliest < DATE '1800-01-01') OR t.guess_earliest < DATE '1800-01-01')
          AND NOT contains(t.text, CAST(year(coalesce(t.earliest, t.guess_earliest)) AS VARCHAR))
    """,
    "guesses presented as resolved (expressions)": """
        SELECT count(*) FROM time_expressions WHERE anchor = 'context_year' AND resolved
    """,
    "guesses presented as resolved (events)": """
        SELECT count(*) FROM events e JOIN time_expressions t ON t.id = e.time_expression_id
        WHERE t.anchor = 'context_year' AND NOT coalesce(e.guess, false)
    """,
}
INFO = {
    "time expressions": "SELECT count(*) FROM time_expressions",
    "guesses (value kept partial, candidate apart)": "SELECT count(*) FROM time_expressions WHERE guess_value IS NOT NULL",
    "expressions in a written range": "SELECT count(*) FROM time_expressions WHERE range_start IS NOT NULL",
    "timeline entries dated by a guess": "SELECT count(*) FROM timeline_events WHERE guess",
}


def build_bbc_seeds(store_path: Path) -> None:
    from newsdossier.pipeline import build
    from newsdossier.store import Store

    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp)
        shutil.copytree(SHARED / "data" / "bbc", corpus / "bbc", ignore=shutil.ignore_patterns("*.md", "*.TXT"))
        shutil.copytree(SHARED / "seeds", corpus / "seeds")
        with Store.open(store_path) as store:
            build(corpus, store)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--store", type=Path, default=REPO / "benchmarks" / "results" / "bbc-seeds.duckdb")
    ap.add_argument("--build", action="store_true", help="build the BBC set plus the seeds into --store first")
    args = ap.parse_args()
    from newsdossier.store import Store

    if args.build:
        args.store.parent.mkdir(parents=True, exist_ok=True)
        build_bbc_seeds(args.store)
    with Store.open(args.store, read_only=True) as st:
        print(f"| check ({args.store.name}) | count | target |\n|---|---|---|")
        for name, sql in CHECKS.items():
            print(f"| {name} | {st.scalar(sql):,} | 0 |")
        for name, sql in INFO.items():
            print(f"| {name} | {st.scalar(sql):,} | |")


if __name__ == "__main__":
    main()
