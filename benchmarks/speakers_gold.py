"""Speaker resolution on our own gold (benchmarks/data/speakers/): pronoun and description speakers.

    uv run python benchmarks/speakers_gold.py            # both splits
    uv run python benchmarks/speakers_gold.py --split dev --show

Each gold article marks a speaker phrase the text leaves to be resolved as `{phrase|whom it means}`:
`{She|Helena Strand} said`. The marks are removed before the build, so the tool reads plain text. A gold
speaker is right when a statement's speaker span overlaps the phrase and the name it resolves to is the
one meant (the same words, or a whole-word part of them: `Strand` for `Helena Strand`, `the coastguard`
for `coastguard`). Unresolved speakers and statements not found count as wrong. Target (issue 20):
accuracy >= 0.9. The dev split was read while changing rules; the test split is only scored.
"""
from __future__ import annotations

import argparse
import re
import tempfile
from pathlib import Path

from rich.console import Console
from rich.table import Table

GOLD = Path(__file__).resolve().parent / "data" / "speakers"
MARK = re.compile(r"\{([^{}|]+)\|([^{}]+)\}")
WORD = re.compile(r"[\w'’-]+")


def unmark(marked: str) -> tuple[str, list[dict]]:
    """The plain text and the gold speakers with their offsets in it."""
    out, gold, at = [], [], 0
    length = 0
    for m in MARK.finditer(marked):
        out.append(marked[at:m.start()])
        length += m.start() - at
        gold.append({"start": length, "end": length + len(m.group(1)), "text": m.group(1), "means": m.group(2)})
        out.append(m.group(1))
        length += len(m.group(1))
        at = m.end()
    out.append(marked[at:])
    return "".join(out), gold


def _words(s: str) -> list[str]:
    return [w.casefold().strip("'’") for w in WORD.findall(s)]


def same_referent(found: str | None, means: str) -> bool:
    if not found:
        return False
    f, g = _words(found), _words(means)
    f = [w for w in f if w not in {"the", "a", "an"}]
    if not f:
        return False
    def within(small: list[str], big: list[str]) -> bool:
        return any(big[i:i + len(small)] == small for i in range(len(big) - len(small) + 1))
    return within(f, g) or within(g, f)


def predicted(row: dict) -> str | None:
    if row["speaker_entity"]:
        return row["speaker_entity"]
    if row["speaker_resolution"] in ("named", "apposition"):
        return row["speaker_text"]
    return None


def score(split: str, show: bool = False, console: Console | None = None) -> dict[str, float | int]:
    from newsdossier.pipeline import build
    from newsdossier.store import Store

    golds: dict[str, list[dict]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        corpus.mkdir()
        for f in sorted((GOLD / split).glob("*.txt")):
            text, gold = unmark(f.read_text(encoding="utf-8"))
            (corpus / f.name).write_text(text, encoding="utf-8")
            golds[f.name] = gold
        with Store.open(Path(tmp) / "gold.duckdb") as store:
            build(corpus, store)
            rows = store.rows("SELECT a.source, s.* FROM statements s JOIN articles a ON a.id = s.article_id "
                              "WHERE s.speaker_start IS NOT NULL ORDER BY a.source, s.start")
    by_file: dict[str, list[dict]] = {}
    for r in rows:
        by_file.setdefault(Path(r["source"]).name, []).append(r)
    counts = {"right": 0, "wrong": 0, "unresolved": 0, "missed": 0}
    for name, gold in golds.items():
        for g in gold:
            row = next((r for r in by_file.get(name, [])
                        if r["speaker_start"] < g["end"] and g["start"] < r["speaker_end"]), None)
            if row is None:
                outcome, got = "missed", None
            else:
                got = predicted(row)
                outcome = "right" if same_referent(got, g["means"]) else "unresolved" if got is None else "wrong"
            counts[outcome] += 1
            if show and console and outcome != "right":
                how = f" ({row['speaker_resolution']}: {got!r})" if row else ""
                console.print(f"[yellow]{outcome}[/] {name}: {g['text']!r} means {g['means']!r}{how}")
    n = sum(counts.values())
    return {"gold speakers": n, **counts, "accuracy": counts["right"] / n if n else 0.0}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--split", choices=["dev", "test", "both"], default="both")
    ap.add_argument("--show", action="store_true", help="print every speaker not resolved right")
    args = ap.parse_args()
    console = Console()
    splits = ["dev", "test"] if args.split == "both" else [args.split]
    results = {s: score(s, args.show, console) for s in splits}
    table = Table("measure", *splits, "target", title="speaker resolution on the speaker gold")
    for key in results[splits[0]]:
        cells = [f"{results[s][key]:.3f}" if isinstance(results[s][key], float) else str(results[s][key]) for s in splits]
        table.add_row(key, *cells, "≥ 0.90" if key == "accuracy" else "")
    console.print(table)


if __name__ == "__main__":
    main()
