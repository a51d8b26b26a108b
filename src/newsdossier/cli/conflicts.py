"""`conflicts`: figures that count the same kind of thing, side by side, ranked by disagreement."""
from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.table import Table

from newsdossier.cli._app import DEFAULT_STORE_PATH, StoreOpt, app, console, fail

_VERDICT_STYLE = {"conflict": "bold red", "compatible": "green", "different_scope": "yellow"}


def _interval(c: dict) -> str:
    from newsdossier.quantities.compare import fmt_number

    if c["low"] is not None and c["high"] is not None and c["low"] == c["high"]:
        return fmt_number(c["low"])
    lo = fmt_number(c["low"]) if c["low"] is not None else "…"
    hi = fmt_number(c["high"]) if c["high"] is not None else "…"
    return f"{lo}–{hi}"


@app.command("conflicts")
def conflicts_cli(
    limit: Annotated[int, typer.Option("--limit", "-n", help="Groups to show.")] = 10,
    only_conflicts: Annotated[bool, typer.Option("--only-conflicts", help="Only groups with a conflict.")] = False,
    predicate: Annotated[str | None, typer.Option("--predicate", "-p", help="Only this predicate (kill, detain, pay...).")] = None,
    all_claims: Annotated[bool, typer.Option("--all-claims", help="List every claim of a group, also those "
                                             "compared with none.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of tables.")] = False,
    store: StoreOpt = DEFAULT_STORE_PATH,
) -> None:
    """Figures grouped by what they count, with a verdict per pair: conflict, compatible or different_scope.

    Each claim is shown with its outlet, voice and evidence (killed, detained, paid...).

    Example: newsdossier conflicts --only-conflicts --limit 5
    """
    from newsdossier.store import Store

    # imported here so that importing the CLI does not register one stage ahead of the others
    from newsdossier.quantities.query import conflict_report

    if limit < 1:
        fail("--limit must be at least 1")
    with Store.open(store, read_only=True) as st:
        groups = conflict_report(st, limit=limit, only_conflicts=only_conflicts, predicate=predicate)
    if as_json:
        console.print_json(json.dumps(groups, default=str))
        return
    if not groups:
        console.print("no groups of comparable figures (run `newsdossier build` with the quantities stages)")
        return
    for g in groups:
        title = (f"#{g['rank']} {g['label']}: {g['claims']} claims, {g['articles']} articles, "
                 f"{g['conflicts']} conflicts, disagreement {g['disagreement']:.0%}")
        t = Table("#", "outlet, date", "voice", "figure", "counted", "by", title=title, title_justify="left")
        index = {c["id"]: i for i, c in enumerate(g["figures"], 1)}
        # a group holds every figure of its kind; by default only those some pair compares are listed,
        # under their numbers in the whole group, so the pair lines below still point at them
        shown = [p for p in g["pairs"] if not (p["verdict"] == "different_scope" and p["scope"] == "different")]
        compared = {q for p in shown for q in (p["a_id"], p["b_id"])}
        hidden = 0
        for c in g["figures"]:
            i = index[c["id"]]
            if not all_claims and c["id"] not in compared:
                hidden += 1
                continue
            voice = c["voice"] if c["voice"] == "outlet" else f"{c['voice']}: {c['voice_name'] or '?'}"
            if c["polarity"] == "deny":
                own = c["voice_name"] if c["voice_name"] != c.get("claimant_text") else None  # no claimant denies itself
                voice += f" (denied by {c.get('denier_text') or own or '?'}" + (
                    f"; the claim of {c['claimant_text']})" if c.get("claimant_text") else ")")
            t.add_row(str(i), f"{c['outlet'] or '-'}, {c['published'] or 'undated'}", voice,
                      f"{c['text']} [{_interval(c)}]", f"{c['counted_text'] or '-'} ({c['predicate_text'] or '-'})",
                      c["agent_text"] or "-")
        console.print(t)
        if hidden:
            console.print(f"  {hidden} more {'claim' if hidden == 1 else 'claims'} of this kind, compared with none "
                          "(--all-claims lists them)")
        for p in shown:  # (pairs of unrelated sets are in --json only)
            style = _VERDICT_STYLE[p["verdict"]]
            console.print(f"  {index.get(p['a_id'], '?')} vs {index.get(p['b_id'], '?')}: "
                          f"[{style}]{p['verdict']}[/] — {p['reason']}")
        console.print()
