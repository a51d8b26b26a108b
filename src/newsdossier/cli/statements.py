"""`statements`: who said what, from the store."""
from __future__ import annotations

import json
from typing import Annotated, Optional

import typer
from rich.table import Table

from newsdossier.cli._app import DEFAULT_STORE_PATH, StoreOpt, app, console, fail


@app.command("statements")
def statements_cli(
    article: Annotated[Optional[str], typer.Option("--article", "-a", help="Article id (or id prefix).")] = None,
    speaker: Annotated[Optional[str], typer.Option("--speaker", help="Speaker as written or resolved (substring).")] = None,
    limit: Annotated[int, typer.Option(help="Show at most this many (0: all).")] = 200,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per line instead of a table.")] = False,
    store: StoreOpt = DEFAULT_STORE_PATH,
) -> None:
    """Attributed statements: speaker (and whom it resolves to), cue, kind, anonymity and content.

    Example: newsdossier statements --speaker Vel-Amar
    """
    from newsdossier.statements import query_statements
    from newsdossier.store import Store

    if limit < 0:
        fail("--limit must be 0 or more")
    with Store.open(store, read_only=True) as st:
        rows = query_statements(st, article=article, speaker=speaker, limit=limit or None)
    if as_json:
        for row in rows:
            print(json.dumps(row, default=str, ensure_ascii=False))
        return
    if not rows:
        console.print("no statements match")
        return
    table = Table("article", "speaker", "resolves to", "cue", "kind", "anon", "content", title="statements")
    for r in rows:
        content = r["content_text"]
        if r["polarity"] == "deny":
            content = "[red](denies)[/] " + content
        table.add_row(r["article_id"][:8], r["speaker_text"] or "-", r["speaker_entity"] or "",
                      r["cue_text"] or "-", r["kind"], "yes" if r["anonymous"] else "",
                      content if len(content) < 160 else content[:157] + "...")
    console.print(table)
