"""`entities` and `entity`: who is named in the store, under which names, where."""
from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.table import Table

from newsdossier.cli._app import DEFAULT_STORE_PATH, StoreOpt, app, console, fail, user_errors


JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]
AliasesOpt = Annotated[Optional[Path], typer.Option("--aliases", help="Alias file to write (default: beside the store).")]


entities_app = typer.Typer(invoke_without_command=True, no_args_is_help=False,
                           help="List entities by mention count; `entities merge` / `entities separate` correct them.")
app.add_typer(entities_app, name="entities")


@entities_app.callback()
def entities_cli(
    ctx: typer.Context,
    store: StoreOpt = DEFAULT_STORE_PATH,
    type: Annotated[Optional[str], typer.Option("--type", "-t", help="Only this type (PERSON, ORG, GPE, ...).")] = None,
    search: Annotated[Optional[str], typer.Option("--search", "-q", help="Only entities with a name containing this.")] = None,
    limit: Annotated[int, typer.Option(help="How many entities to list.")] = 50,
    json: JsonOpt = False,
) -> None:
    """List entities by mention count, with their other names; `merge` and `separate` correct them.

    Example: newsdossier entities --type PERSON --limit 20
    """
    if ctx.invoked_subcommand is not None:
        return
    from newsdossier.store import Store

    from newsdossier.entities.query import list_entities, to_json

    if limit < 1:
        fail("--limit must be at least 1")
    with Store.open(store, read_only=True) as st:
        rows = list_entities(st, type=type, limit=limit, query=search)
    if json:
        console.print_json(to_json(rows))
        return
    table = Table("entity", "type", "mentions", "articles", "outlets", "other names", title="entities")
    for r in rows:
        others = r["other_names"] or []
        shown = ", ".join(others[:6]) + (f" (+{len(others) - 6})" if len(others) > 6 else "")
        table.add_row(r["name"], r["type"], str(r["mention_count"]), str(r["article_count"]),
                      str(r["outlet_count"]) if r["outlet_count"] else "–", shown)
    console.print(table)


@app.command("entity")
def entity_cli(
    name: Annotated[str, typer.Argument(help="A name (any spelling or alias) or an entity id.")],
    store: StoreOpt = DEFAULT_STORE_PATH,
    json: JsonOpt = False,
) -> None:
    """One entity: its names and why they were merged, mentions per outlet, and its articles.

    Example: newsdossier entity "Khadrun Basin Solidarity Front"
    """
    from newsdossier.store import Store

    from newsdossier.entities.query import entity_detail, to_json

    with Store.open(store, read_only=True) as st:
        detail = entity_detail(st, name)
    if detail is None:
        fail(f"no entity named {name!r}; try `newsdossier entities --search {name!r}`")
    if json:
        console.print_json(to_json(detail))
        return
    e = detail["entity"]
    outlets = (f"from {e['outlet_count']} outlet{'s' if e['outlet_count'] != 1 else ''}" if e["outlet_count"]
               else "(none of them names its outlet)")
    console.print(f"[bold]{e['name']}[/] ({e['type'] or 'unknown type'}, id {e['id']}): "
                  f"{e['mention_count']} mentions in {e['article_count']} articles {outlets}; "
                  f"{detail['statements']} statements as speaker")
    t = Table("name", "mentions", "reason", "score", "joined via", title="names")
    for a in detail["aliases"]:
        t.add_row(a["alias"], str(a["count"]), a["reason"], f"{a['score']:.2f}", a["via"] or "")
    console.print(t)
    t = Table("outlet", "mentions", "articles", "names used", title="per outlet")
    for o in detail["outlets"]:
        t.add_row(o["outlet"], str(o["mentions"]), str(o["articles"]), ", ".join(sorted(o["names"])))
    console.print(t)
    t = Table("published", "outlet", "title", "mentions", "names", title="articles")
    for a in detail["articles"]:
        t.add_row(str(a["published"] or "-"), a["outlet"] or "", (a["title"] or a["id"])[:70], str(a["mentions"]),
                  ", ".join(sorted(a["names"])))
    console.print(t)


def _correct(kind: str, names: list[str], store: Path, aliases: Path | None) -> None:
    from newsdossier.entities.curate import correct
    from newsdossier.entities.query import find_entity
    from newsdossier.store import Store

    if len({n.casefold() for n in names}) < 2:
        fail("name two different names")
    with user_errors():
        with Store.open(store, read_only=True) as st:
            missing = [n for n in names if find_entity(st, n) is None]
        if missing:
            fail(f"no entity is called {', '.join(repr(n) for n in missing)} in {store}")
        path, summary = correct(store, kind, names, aliases)
    verb = "merged" if kind == "merge" else "kept apart"
    console.print(f"{' and '.join(names)} {verb}: rule written to {path}; entity link stages re-run in "
                  f"{summary.seconds:.1f}s (no article parsed again)")


@entities_app.command("merge")
def merge_cli(
    names: Annotated[list[str], typer.Argument(help="Two or more names (any alias) of what is one entity.")],
    store: StoreOpt = DEFAULT_STORE_PATH,
    aliases: AliasesOpt = None,
) -> None:
    """Merge entities: write a `merge` rule to the alias file and re-run the entity link stage.

    Example: newsdossier entities merge "Khadrun Basin Solidarity Front" "HBSF" --store dossier.duckdb
    """
    _correct("merge", names, store, aliases)


@entities_app.command("separate")
def separate_cli(
    names: Annotated[list[str], typer.Argument(help="Two or more names to keep apart.")],
    store: StoreOpt = DEFAULT_STORE_PATH,
    aliases: AliasesOpt = None,
) -> None:
    """Keep names apart: write a `separate` rule to the alias file and re-run the entity link stage.

    Example: newsdossier entities separate "Nadia Vel-Amar" "Vel" --store dossier.duckdb
    """
    _correct("separate", names, store, aliases)
