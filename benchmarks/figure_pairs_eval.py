"""Figure-pair verdicts on the figure-pair gold (benchmarks/data/figure_pairs/): issue 17's measure.

    uv run python benchmarks/figure_pairs_eval.py [--show]

The gold's nine articles, and the BBC articles its `bbc-<category>-<number>` rows name (read from
../shared/data/bbc), are built into a temporary store; each gold figure is the quantity whose span
overlaps the figure's text (nearest start). A pair the `quantity_groups` stage never judged counts as
`not_comparable`. Printed: precision and recall of each verdict, and the share of the pairs the stage
compared (put in one group) that the gold calls comparable (target >= 0.9).
"""
from __future__ import annotations

import argparse
import shutil
import tempfile
from collections import Counter
from pathlib import Path

from rich.console import Console
from rich.table import Table

GOLD = Path(__file__).resolve().parent / "data" / "figure_pairs"
BBC = Path(__file__).resolve().parents[2] / "shared" / "data" / "bbc"
VERDICTS = ("conflict", "compatible", "different_scope", "not_comparable")


def _gold() -> list[tuple[str, str, str, str, str]]:
    rows = []
    for line in (GOLD / "gold.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            rows.append(tuple(line.split("\t")))
    return rows


def run(show: bool = False, console: Console | None = None, keep: Path | None = None) -> dict:
    from newsdossier.pipeline import build
    from newsdossier.store import Store

    gold = _gold()
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        shutil.copytree(GOLD, corpus, ignore=shutil.ignore_patterns("*.tsv", "*.md"))
        for stem in {s for row in gold for s in (row[0], row[2]) if s.startswith("bbc-")}:
            # a BBC article is read from ../shared/data/bbc (never copied into the repository)
            _, category, number = stem.split("-")
            shutil.copy(BBC / category / f"{number}.txt", corpus / f"{stem}.txt")
        if keep:
            keep.unlink(missing_ok=True)
        with Store.open(keep or Path(tmp) / "pairs.duckdb") as store:
            build(corpus, store)
            texts = {Path(r["source"]).stem: (r["id"], r["text"]) for r in store.rows("SELECT id, source, text FROM articles")}
            quantities = store.rows("SELECT id, article_id, start, \"end\", text FROM quantities")
            verdicts = {}
            for r in store.rows("SELECT a_id, b_id, verdict FROM quantity_pairs"):
                verdicts[frozenset((r["a_id"], r["b_id"]))] = r["verdict"]

    def figure(stem: str, anchor: str) -> str | None:
        aid, text = texts[stem]
        at = text.index(anchor)
        span = (at, at + len(anchor))
        cands = [q for q in quantities if q["article_id"] == aid and q["start"] < span[1] and span[0] < q["end"]]
        return min(cands, key=lambda q: abs(q["start"] - at))["id"] if cands else None

    confusion: Counter = Counter()
    missing = 0
    for a_stem, a_fig, b_stem, b_fig, want in gold:
        a, b = figure(a_stem, a_fig), figure(b_stem, b_fig)
        if a is None or b is None:
            missing += 1
        got = verdicts.get(frozenset((a, b)), "not_comparable") if a and b else "not_comparable"
        confusion[(want, got)] += 1
        if show and console and got != want:
            console.print(f"{a_stem}: {a_fig!r} × {b_stem}: {b_fig!r}: gold {want}, got {got}"
                          + ("" if a and b else " (figure not found)"))
    out = {"pairs": len(gold), "figures not found": missing}
    for v in VERDICTS:
        tp = confusion[(v, v)]
        predicted = sum(n for (w, g), n in confusion.items() if g == v)
        actual = sum(n for (w, g), n in confusion.items() if w == v)
        out[f"{v} precision"] = tp / predicted if predicted else 0.0
        out[f"{v} recall"] = tp / actual if actual else 0.0
    compared = sum(n for (w, g), n in confusion.items() if g != "not_comparable")
    comparable = sum(n for (w, g), n in confusion.items() if g != "not_comparable" and w != "not_comparable")
    out["compared pairs a reader calls comparable"] = comparable / compared if compared else 0.0
    out["confusion"] = confusion
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--show", action="store_true", help="print every pair judged otherwise than the gold")
    ap.add_argument("--keep", type=Path, help="write the store here (to query it after) instead of a temporary one")
    args = ap.parse_args()
    console = Console()
    result = run(args.show, console, args.keep)
    table = Table("measure", "value", "target", title="figure pairs on the figure-pair gold")
    for key, value in result.items():
        if key == "confusion":
            continue
        target = "≥ 0.90" if key.startswith("compared pairs") else ""
        table.add_row(key, f"{value:.3f}" if isinstance(value, float) else str(value), target)
    console.print(table)
    matrix = Table("gold \\ stage", *VERDICTS, title="confusion")
    for w in VERDICTS:
        matrix.add_row(w, *(str(result["confusion"][(w, g)]) for g in VERDICTS))
    console.print(matrix)


if __name__ == "__main__":
    main()
