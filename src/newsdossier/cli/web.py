"""`serve` and `report`: the dossier in a browser, or as one shareable HTML file."""
from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from newsdossier.cli._app import DEFAULT_STORE_PATH, StoreOpt, app, console, err_console, fail, user_errors


@app.command("serve")
def serve_cli(
    store: StoreOpt = DEFAULT_STORE_PATH,
    host: Annotated[str, typer.Option(help="Address to listen on (keep 127.0.0.1 unless you mean to share it).")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    curate: Annotated[bool, typer.Option("--curate", help="Let the entity pages merge and separate entities "
                                         "(writes the alias file; loopback only).")] = False,
    aliases: Annotated[Optional[Path], typer.Option("--aliases", help="With --curate: the alias file to write "
                                                    "(default: beside the store).")] = None,
    lookup: Annotated[bool, typer.Option("--lookup/--no-lookup", help="Keep a SQLite copy of the tables the "
                                         "article and entity pages read by key (fast under load; made in the "
                                         "background on a large store).")] = True,
) -> None:
    """Browse the store in a web browser (read-only): overview, entities, articles, reuse, search.

    With --curate, each entity page can also merge it with another entity or keep names apart, as
    `entities merge/separate` do; only on a loopback address.

    Example: newsdossier serve --store dossier.duckdb  (then open http://127.0.0.1:8000/)
    """
    loopback = host in ("127.0.0.1", "localhost", "::1") or host.startswith("127.")
    if curate and not loopback:
        # anyone who could reach the server could rewrite the alias file: there is no login to stop them
        fail(f"--curate is served on loopback only (127.0.0.1, localhost, ::1), not on --host {host}", code=2)
    if aliases is not None and not curate:
        fail("--aliases is for --curate (the read-only server writes nothing)", code=2)
    import uvicorn

    from newsdossier.web import create_app

    if not loopback:
        err_console.print(f"[bold yellow]warning:[/] --host {host} serves the dossier to every machine that can reach "
                          "this one, with no login; keep 127.0.0.1 unless you mean to share it")
    with user_errors():
        web_app = create_app(store, hosts=[] if loopback else [host] if host not in ("0.0.0.0", "::") else ["*"],
                             curate=curate, alias_file=aliases, lookup=lookup)
    mode = (f"with curation (rules go to {web_app.state.site.curation.alias_file})" if curate else "read-only")
    console.print(f"serving [bold]{store}[/] {mode} at [link]http://{host}:{port}/[/link]  (Ctrl-C to stop); "
                  "builds may write the store meanwhile: new articles show once a build ends")
    uvicorn.run(web_app, host=host, port=port, log_level="warning")


@app.command("report")
def report_cli(
    entity: Annotated[Optional[str], typer.Argument(help="An entity: any of its names, or its id.")] = None,
    all_: Annotated[bool, typer.Option("--all", help="Report on the whole corpus instead of one entity.")] = False,
    out: Annotated[Path, typer.Option("--out", "-o", help="HTML file to write.")] = Path("dossier.html"),
    store: StoreOpt = DEFAULT_STORE_PATH,
) -> None:
    """Write one self-contained HTML file (no network needed to view it) about ENTITY or, with --all, everything.

    Example: newsdossier report "Nadia Vel-Amar" -o nadia.html --store dossier.duckdb
    """
    from newsdossier.report import write_report

    if (entity is None) == (not all_):
        fail("name one ENTITY or pass --all")
    with user_errors():
        path = write_report(store, out, None if all_ else entity)
    console.print(f"wrote {path} ({path.stat().st_size / 1024:,.0f} KiB)")
