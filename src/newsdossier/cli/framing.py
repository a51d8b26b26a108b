"""`framing`: which labels each outlet uses for each actor, split by voice."""
from __future__ import annotations

import json
from typing import Annotated, Optional

import typer
from rich.table import Table

from newsdossier.cli._app import DEFAULT_STORE_PATH, StoreOpt, app, console


@app.command("framing")
def framing_cli(
    entity: Annotated[Optional[str], typer.Argument(help="Only this actor (a name as written, any case).")] = None,
    store: StoreOpt = DEFAULT_STORE_PATH,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON rows instead of a table.")] = False,
    limit: Annotated[int, typer.Option(help="At most this many rows.")] = 200,
) -> None:
    """Per outlet: the labels used for each actor and how often, in the outlet's own voice or quoted.

    Example: newsdossier framing "Solidarity Front" --store dossier.duckdb
    """
    from newsdossier.store import Store

    from newsdossier.framing.table import framing_table

    with Store.open(store, read_only=True) as st:
        rows = framing_table(st, entity, limit=limit)
    if as_json:
        console.print_json(json.dumps([r.as_dict() for r in rows]))
        return
    if not rows:
        console.print("no labels" + (f" for {entity!r}" if entity else "") + " in this store")
        return
    table = Table("outlet", "actor", "label", "valence", "total", "own voice", "quoted", "reported listing",
                  "example", title="framing: labels per outlet and actor")
    for r in rows:
        table.add_row(r.outlet, r.actor, r.label, r.valence, str(r.total), str(r.own), str(r.quoted),
                      str(r.attributed), r.example)
    console.print(table)
