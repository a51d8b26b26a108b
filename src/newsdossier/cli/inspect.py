"""`info` and `export`: look into a store and take its records out."""
from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from newsdossier.cli._app import DEFAULT_STORE_PATH, StoreOpt, app, console, fail, user_errors
from newsdossier.store import EXPORT_FORMATS, Store, _ident

# bookkeeping and index tables: they serve the build and the web UI, not a reader of the dossier
INTERNAL_TABLES = frozenset({"article_stages", "reuse_segments", "reuse_indexed", "search_terms", "schema_meta"})
ARTICLE_FIELDS = (("title", "title"), ("outlet", "outlet"), ("published", "published"))


def is_internal(table: str) -> bool:
    return table in INTERNAL_TABLES or table.startswith("web_")


def export_dossier(store: Store, out_dir: str | Path, fmt: str, internal: bool = False) -> dict[str, Path]:
    """Write the dossier's tables to OUT_DIR, one file each; every record that points at an article also
    carries that article's title, outlet and date (`article_title`, ...; `a_article_title`, ... for the
    two sides of a reuse pair), so a file can be read on its own. Internal tables only with `internal`."""
    if fmt not in EXPORT_FORMATS:
        raise ValueError(f"unknown export format {fmt!r}")
    ext, options = EXPORT_FORMATS[fmt]
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    columns = {t: [r[0] for r in store.execute(f"DESCRIBE {_ident(t)}").fetchall()] for t in store.tables()}
    written = {}
    for table, cols in columns.items():
        if is_internal(table) and not internal:
            continue
        selects, joins = [f"t.{_ident(c)}" for c in cols], []
        if table != "articles" and "articles" in columns:
            for i, key in enumerate(c for c in cols if c == "article_id" or c.endswith("_article_id")):
                prefix = key.removesuffix("article_id")  # '' or 'a_' / 'b_'
                alias = f"j{i}"
                joins.append(f"LEFT JOIN articles {alias} ON {alias}.id = t.{_ident(key)}")
                selects += [f"{alias}.{src} AS {_ident(prefix + 'article_' + name)}" for src, name in ARTICLE_FIELDS
                            if prefix + "article_" + name not in cols]
        path = out / f"{table}.{ext}"
        literal = str(path).replace("'", "''")
        store.execute(f"COPY (SELECT {', '.join(selects)} FROM {_ident(table)} t {' '.join(joins)}) "
                      f"TO '{literal}' ({options})")
        written[table] = path
    return written


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
    if format not in EXPORT_FORMATS:
        fail(f"unknown format {format!r}; use one of: {', '.join(EXPORT_FORMATS)}")
    with user_errors(), Store.open(store, read_only=True) as st:
        written = export_dossier(st, out_dir, format, internal)
        for table, path in written.items():
            console.print(f"{table:>16}  {path}")
