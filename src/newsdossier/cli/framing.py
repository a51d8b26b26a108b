"""`framing`: which labels each outlet uses for each actor, split by voice."""
from __future__ import annotations

import json
from typing import Annotated, Optional

import typer
from rich.table import Table

from newsdossier.cli._app import DEFAULT_STORE_PATH, StoreOpt, app, console, fail
from newsdossier.framing.records import TECHNIQUE_MIN_SPAN_SCORE


@app.command("framing")
def framing_cli(
    entity: Annotated[Optional[str], typer.Argument(help="Only this actor (a name as written, any case).")] = None,
    store: StoreOpt = DEFAULT_STORE_PATH,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON rows instead of a table.")] = False,
    limit: Annotated[int, typer.Option(help="At most this many rows.")] = 200,
) -> None:
    """Per outlet: the labels used for each actor and how often, by voice: the outlet's own narration,
    quoted (inside quotation marks), reported speech, or someone's listing or calling the outlet reports.

    Example: newsdossier framing "Solidarity Front" --store dossier.duckdb
    """
    from newsdossier.store import Store

    from newsdossier.framing.table import VOICES, framing_table

    with Store.open(store, read_only=True) as st:
        rows = framing_table(st, entity, limit=limit)
    if as_json:
        console.print_json(json.dumps([r.as_dict() for r in rows]))
        return
    if not rows:
        console.print("no labels" + (f" for {entity!r}" if entity else "") + " in this store")
        return
    table = Table("outlet", "actor", "label", "valence", "total", *(title for _, _, title in VOICES),
                  "example", title="framing: labels per outlet and actor, by voice")
    for r in rows:
        table.add_row(r.outlet, r.actor, r.label, r.valence, str(r.total),
                      *(str(getattr(r, name)) for name, _, _ in VOICES), r.example)
    console.print(table)


@app.command("techniques")
def techniques_cli(
    article: Annotated[Optional[str], typer.Option("--article", "-a", help="Article id (or id prefix).")] = None,
    technique: Annotated[Optional[str], typer.Option(help="Only this technique (substring, any case).")] = None,
    min_score: Annotated[float, typer.Option(help="Only spans scored at least this (0..1).")] = 0.0,
    min_span_score: Annotated[float, typer.Option(
        help="Only spans whose span score reaches this (default: the views' threshold, chosen from measured "
             "precision; 0 shows every span).")] = TECHNIQUE_MIN_SPAN_SCORE,
    limit: Annotated[int, typer.Option(help="Show at most this many.")] = 200,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per line instead of a table.")] = False,
    store: StoreOpt = DEFAULT_STORE_PATH,
) -> None:
    """Spans the technique model reads as a propaganda technique, highest score first. The model's span
    F1 is about 0.35 (docs/framing.md): read every span as a guess to check, never as a finding.

    Example: newsdossier techniques --technique loaded --min-score 0.3
    """
    from newsdossier.store import Store

    if not 0.0 <= min_score <= 1.0 or not 0.0 <= min_span_score <= 1.0:
        fail("--min-score and --min-span-score must be between 0 and 1")
    with Store.open(store, read_only=True) as st:
        if "techniques" not in st.tables():
            console.print("techniques were not analysed in this store (stage `techniques`)")
            return
        rows = st.rows(
            "SELECT t.article_id, a.outlet, t.technique, t.score, t.span_score, t.text FROM techniques t "
            "JOIN articles a ON a.id = t.article_id WHERE t.score >= ? AND t.span_score >= ? "
            "AND (? IS NULL OR t.article_id LIKE ? || '%') AND (? IS NULL OR lower(t.technique) LIKE '%' || lower(?) || '%') "
            f"ORDER BY t.score DESC, t.article_id, t.start LIMIT {int(limit)}",
            [min_score, min_span_score, article, article, technique, technique])
    if as_json:
        for row in rows:
            print(json.dumps(row, default=str, ensure_ascii=False))
        return
    if not rows:
        console.print("no technique spans match")
        return
    table = Table("article", "outlet", "technique", "score", "span", title="techniques (model guesses)")
    for r in rows:
        text = " ".join(r["text"].split())
        table.add_row(r["article_id"][:8], r["outlet"] or "(unknown)", r["technique"], f"{r['score']:.2f}",
                      text if len(text) < 120 else text[:117] + "...")
    console.print(table)
