"""`info` and `export`: look into a store and take its records out."""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from newsdossier.cli._app import DEFAULT_STORE_PATH, StoreOpt, app, console, fail, user_errors

if TYPE_CHECKING:
    from newsdossier.store import Store


def print_info(store: Store) -> None:
    counts = store.counts()
    table = Table("table", "rows", title=f"store {store.path}")
    for name, n in counts.items():
        table.add_row(name, f"{n:,}")
    console.print(table)
    outlets = store.rows(
        "SELECT coalesce(outlet, '(unknown)') AS outlet, count(*) AS n, min(published) AS first, "
        "max(published) AS last FROM articles GROUP BY 1 ORDER BY n DESC, outlet LIMIT 30"
    )
    if outlets:
        t = Table("outlet", "articles", "first", "last", title="outlets")
        for r in outlets:
            t.add_row(r["outlet"], str(r["n"]), str(r["first"] or "-"), str(r["last"] or "-"))
        console.print(t)
    span = store.rows("SELECT min(published) AS lo, max(published) AS hi, count(published) AS dated, "
                      "count(*) AS n FROM articles")[0]
    console.print(f"dates: {span['lo'] or '-'} to {span['hi'] or '-'} ({span['dated']} of {span['n']} articles dated)")


@app.command("info")
def info_cli(store: StoreOpt = DEFAULT_STORE_PATH) -> None:
    """Counts per table, outlets and the date range of the store."""
    from newsdossier.store import Store

    with user_errors(), Store.open(store, read_only=True) as st:
        print_info(st)


@app.command("export")
def export_cli(
    out_dir: Annotated[Path, typer.Argument(help="Folder to write one file per table into.")],
    format: Annotated[str, typer.Option("--format", "-f", help="jsonl, parquet or csv.")] = "jsonl",
    store: StoreOpt = DEFAULT_STORE_PATH,
    internal: Annotated[bool, typer.Option("--internal", help="Also the build's and web UI's own index tables.")] = False,
) -> None:
    """Write the dossier's tables to OUT_DIR, one file per record type (articles.jsonl, mentions.jsonl, ...);
    each record that points at an article carries its title, outlet and date."""
    from newsdossier.export import export_dossier
    from newsdossier.store import EXPORT_FORMATS, Store

    if format not in EXPORT_FORMATS:
        fail(f"unknown format {format!r}; use one of: {', '.join(EXPORT_FORMATS)}")
    with user_errors(), Store.open(store, read_only=True) as st:
        written = export_dossier(st, out_dir, format, internal)
        for table, path in written.items():
            console.print(f"{table:>16}  {path}")
