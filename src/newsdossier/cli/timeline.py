"""`timeline`: dated events across the corpus, merged across articles, with every source."""
from __future__ import annotations

import json
from typing import Annotated, Optional

import typer
from rich.table import Table

from newsdossier.cli._app import DEFAULT_STORE_PATH, StoreOpt, app, console


def _date_label(row: dict) -> str:
    lo, hi = row["earliest"], row["latest"]
    return str(lo) if lo == hi else f"{lo} .. {hi}"


@app.command("timeline")
def timeline_cli(
    entity: Annotated[Optional[str], typer.Argument(help="Only events whose actor matches this name.")] = None,
    store: StoreOpt = DEFAULT_STORE_PATH,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON lines instead of a table.")] = False,
    limit: Annotated[Optional[int], typer.Option(help="At most this many events.")] = None,
) -> None:
    """Dated events, oldest first: who did what, when, and which articles report it.

    Example: newsdossier timeline "Interior Ministry" --store dossier.duckdb
    """
    from newsdossier.store import Store

    from newsdossier.temporal.timeline import timeline

    with Store.open(store, read_only=True) as st:
        rows = timeline(st, entity, limit=limit)
    if as_json:
        for r in rows:
            print(json.dumps(r, default=str))
        return
    if not rows:
        console.print("no dated events" + (f" with an actor matching {entity!r}" if entity else ""))
        return
    table = Table("when", "date is", "value", "actor", "action", "target", "sources", "evidence (first report)",
                  title=f"timeline{': ' + entity if entity else ''}")
    # resolved dates first, then guesses in a lane of their own: a guess is never read as a date
    for r in sorted(rows, key=lambda r: bool(r.get("guess"))):
        first = r["reports"][0] if r["reports"] else {}
        outlets = ", ".join(sorted({o for o in r["outlets"] if o})) or "-"
        table.add_row(_date_label(r), "[yellow]a guess[/]" if r.get("guess") else "resolved", r["value"],
                      r["actor"] or "-", r["action"], r["target"] or "-", f"{r['sources']} ({outlets})",
                      (first.get("text") or "")[:160])
    console.print(table)
    if any(r.get("guess") for r in rows):
        console.print("a guess: the article has no publication date; its year was taken from a year written "
                      "elsewhere in it (see time_expressions.guess_reason)")
