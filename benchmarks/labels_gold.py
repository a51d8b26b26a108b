"""Label recall, precision and voice on the label gold (benchmarks/data/labels/).

    uv run python benchmarks/labels_gold.py            # both splits
    uv run python benchmarks/labels_gold.py --split dev --show

A found label matches a gold label when their spans overlap in the same article. Its target is right
when the actor it names (its entity when entities resolved, else its target text) contains one of the
gold target forms; its voice is right when the kind agrees (outlet, quoted, reported, holder).
Targets (issue 19): recall >= 0.8 at precision >= 0.9, voice right on >= 0.9 of the labels found.
"""
from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path

from rich.console import Console
from rich.table import Table

GOLD = Path(__file__).resolve().parent / "data" / "labels"


def _gold(split: str) -> dict[str, list[dict]]:
    out = {}
    for txt in sorted((GOLD / split).glob("*.txt")):
        text = txt.read_text(encoding="utf-8")
        items = json.loads(txt.with_suffix(".gold.json").read_text(encoding="utf-8"))
        for item in items:
            at = -1
            for _ in range(item.get("n", 1)):
                at = text.index(item["text"], at + 1)
            item["start"], item["end"] = at, at + len(item["text"])
        out[txt.name] = items
    return out


def _found(split: str) -> dict[str, list[dict]]:
    from newsdossier.pipeline import build
    from newsdossier.store import Store

    with tempfile.TemporaryDirectory() as tmp:
        with Store.open(Path(tmp) / "gold.duckdb") as store:
            build(GOLD / split, store)
            rows = store.rows(
                "SELECT a.source, l.*, (SELECT e.name FROM mention_entities me JOIN entities e ON e.id = me.entity_id "
                "WHERE me.article_id = l.article_id AND me.start >= l.target_start AND me.\"end\" <= l.target_end "
                "ORDER BY me.\"end\" - me.start DESC LIMIT 1) AS entity "
                "FROM labels l JOIN articles a ON a.id = l.article_id ORDER BY a.source, l.start")
    out: dict[str, list[dict]] = {}
    for r in rows:
        out.setdefault(Path(r["source"]).name, []).append(r)
    return out


def _target_ok(found: dict, gold: dict) -> bool:
    names = " | ".join(x.casefold() for x in (found.get("entity"), found.get("target_text")) if x)
    return any(t in names for t in gold["target"])


def score(split: str, show: bool = False, console: Console | None = None) -> dict[str, float]:
    gold, found = _gold(split), _found(split)
    n_gold = sum(len(v) for v in gold.values())
    n_found = sum(len(v) for v in found.values())
    matched = target_ok = voice_ok = speaker_ok = speaker_n = 0
    hit_found = 0
    for name, items in gold.items():
        preds = found.get(name, [])
        used = set()
        for g in items:
            p = next((p for p in preds if p["start"] < g["end"] and g["start"] < p["end"] and id(p) not in used), None)
            if p is None:
                if show and console:
                    console.print(f"[red]missed[/] {name}: {g['text']!r} → {g['target'][0]} ({g['voice']})")
                continue
            used.add(id(p))
            matched += 1
            t_ok, v_ok = _target_ok(p, g), p["voice"] == g["voice"]
            target_ok += t_ok
            voice_ok += v_ok
            if g.get("speaker") and v_ok:
                speaker_n += 1
                speaker_ok += bool(p.get("voice_name")) and (
                    g["speaker"].casefold() in p["voice_name"].casefold() or p["voice_name"].casefold() in g["speaker"].casefold())
            if show and console and not (t_ok and v_ok):
                console.print(f"[yellow]wrong[/] {name}: {g['text']!r}: target {p.get('entity') or p['target_text']!r} "
                              f"(gold {g['target'][0]}), voice {p['voice']}/{p.get('voice_name')} (gold {g['voice']})")
        for p in preds:
            if any(p["start"] < g["end"] and g["start"] < p["end"] for g in items):
                hit_found += 1
            elif show and console:
                console.print(f"[magenta]extra[/] {name}: {p['text']!r} → {p['target_text']!r} ({p['voice']})")
    return {
        "gold labels": n_gold, "found labels": n_found,
        "recall": matched / n_gold if n_gold else 0.0,
        "precision": hit_found / n_found if n_found else 0.0,
        "target right (of matched)": target_ok / matched if matched else 0.0,
        "voice right (of matched)": voice_ok / matched if matched else 0.0,
        "speaker right (of voice-right attributed)": speaker_ok / speaker_n if speaker_n else 0.0,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--split", choices=["dev", "test", "both"], default="both")
    ap.add_argument("--show", action="store_true", help="print every miss, wrong target/voice and extra label")
    args = ap.parse_args()
    console = Console()
    splits = ["dev", "test"] if args.split == "both" else [args.split]
    results = {s: score(s, args.show, console) for s in splits}
    table = Table("measure", *splits, "target", title="labels on the label gold")
    targets = {"recall": "≥ 0.80", "precision": "≥ 0.90", "voice right (of matched)": "≥ 0.90"}
    for key in results[splits[0]]:
        cells = [f"{results[s][key]:.3f}" if isinstance(results[s][key], float) else str(results[s][key]) for s in splits]
        table.add_row(key, *cells, targets.get(key, ""))
    console.print(table)


if __name__ == "__main__":
    main()
