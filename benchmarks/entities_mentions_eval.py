"""Mention-level entity resolution against a gold written for this project (issue #16's first figure).

    uv run python benchmarks/entities_mentions_eval.py

Gold: benchmarks/data/entity_mentions/ (three invented articles on a harbour, an orchard co-operative and a
football club, none on the seeds' subject) and `gold.tsv`: each name as written with its cluster; every
whole-word occurrence of that name in its file is a gold mention, the longest name winning where names nest.
The articles are built with the full pipeline into a temporary store; a gold mention is linked when a
`mention_entities` row covers exactly its span (or its span with a leading "the", as the model writes
organisations). Pairwise scores over gold mentions: a pair is predicted
together when both are linked to one entity (an unlinked mention pairs with nothing). Clusters are compared
within and across the three articles.
"""
from __future__ import annotations

import itertools
import re
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
GOLD = REPO / "benchmarks" / "data" / "entity_mentions"


def gold_mentions() -> list[tuple[str, int, int, str, str]]:
    """(file, start, end, text, cluster) of every gold mention."""
    names: dict[str, list[tuple[str, str]]] = {}
    for line in (GOLD / "gold.tsv").read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        file, name, cluster = line.split("\t")
        names.setdefault(file, []).append((name, cluster))
    out = []
    for file, pairs in names.items():
        text = (GOLD / file).read_text(encoding="utf-8")
        taken: list[tuple[int, int]] = []
        for name, cluster in sorted(pairs, key=lambda p: -len(p[0])):
            for m in re.finditer(r"(?<![\w-])" + re.escape(name) + r"(?![\w-])", text):
                if any(s < m.end() and m.start() < e for s, e in taken):
                    continue
                taken.append(m.span())
                out.append((file, m.start(), m.end(), name, cluster))
    return out


def main() -> None:
    from newsdossier.pipeline import build
    from newsdossier.store import Store

    gold = gold_mentions()
    with tempfile.TemporaryDirectory() as tmp:
        with Store.open(Path(tmp) / "gold.duckdb") as st:
            build(GOLD, st)
            rows = st.rows('SELECT s.source, m.start, m."end", m.entity_id FROM mention_entities m '
                           "JOIN sources s ON s.article_id = m.article_id")
    linked = {(Path(r["source"]).name, r["start"], r["end"]): r["entity_id"] for r in rows}
    texts = {f: (GOLD / f).read_text(encoding="utf-8") for f in {g[0] for g in gold}}

    def system_of(f: str, s: int, e: int) -> str | None:
        # the model writes an organisation with its article ("the Agriculture Ministry"): same mention
        for start in (s, s - 4):
            if start >= 0 and (start == s or texts[f][start:s].lower() == "the ") and (f, start, e) in linked:
                return linked[(f, start, e)]
        return None

    system = [system_of(f, s, e) for f, s, e, _, _ in gold]
    tp = fp = fn = 0
    for (a, sa), (b, sb) in itertools.combinations(zip(gold, system), 2):
        same_gold, same_sys = a[4] == b[4], sa is not None and sa == sb
        tp += same_gold and same_sys
        fp += same_sys and not same_gold
        fn += same_gold and not same_sys
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    print(f"{len(gold)} gold mentions in {len({g[0] for g in gold})} articles, {sum(s is not None for s in system)} linked")
    print(f"| measure | value | target |\n|---|---|---|\n| pairwise precision | {p:.3f} | |\n"
          f"| pairwise recall | {r:.3f} | |\n| pairwise F1 | {f1:.3f} | >= 0.95 |")
    for (f, s, e, name, cluster), sid in zip(gold, system):
        if sid is None:
            print(f"  unlinked: {f} {s}-{e} {name!r} ({cluster})")


if __name__ == "__main__":
    main()
