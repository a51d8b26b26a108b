"""Mention-level entity resolution against golds written for this project (issue #16's first figure).

    uv run python benchmarks/entities_mentions_eval.py

Two golds, each built with the full pipeline into a temporary store:
- benchmarks/data/entity_mentions/ (three invented articles on a harbour, an orchard co-operative and a
  football club, none on the seeds' subject) with `gold.tsv`: each name as written in its file, with its
  cluster;
- the bundled demo corpus (examples/demo-corpus/: nine invented articles, three outlets, one front under
  four spellings and an epithet, two people who share a surname) with `demo_gold.tsv`: each name with its
  cluster, for every article (`*`) or for one article's source.
Every whole-word occurrence of a listed name in its article's stored text, outside the article's
boilerplate, is a gold mention, the longest name winning where names nest. A gold mention is linked when a
`mention_entities` row covers exactly its span (or its span with a leading "the", as the model writes
organisations). Pairwise scores over gold mentions: a pair is predicted together when both are linked to
one entity (an unlinked mention pairs with nothing); pairs are formed within each gold, across its
articles.
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
GOLDS = [("own", GOLD, GOLD / "gold.tsv"), ("demo", REPO / "examples" / "demo-corpus", GOLD / "demo_gold.tsv")]


def read_gold(tsv: Path) -> dict[str, list[tuple[str, str]]]:
    """source -> [(name, cluster)] (`*`: every article)."""
    names: dict[str, list[tuple[str, str]]] = {}
    for line in tsv.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        source, name, cluster = line.split("\t")
        names.setdefault(source, []).append((name, cluster))
    return names


def gold_mentions(names: dict[str, list[tuple[str, str]]], articles: list[dict]) -> list[tuple[str, int, int, str, str]]:
    """(source, start, end, name, cluster) of every gold mention in these stored articles."""
    out = []
    for art in articles:
        pairs = names.get("*", []) + names.get(art["source"], [])
        text, chrome = art["text"], art["boilerplate"]
        taken: list[tuple[int, int]] = []
        for name, cluster in sorted(pairs, key=lambda p: -len(p[0])):
            for m in re.finditer(r"(?<![\w-])" + re.escape(name) + r"(?![\w-])", text):
                if any(s < m.end() and m.start() < e for s, e in taken + chrome):
                    continue
                taken.append(m.span())
                out.append((art["source"], m.start(), m.end(), name, cluster))
    return out


def score(gold: list[tuple], system: list[str | None]) -> tuple[float, float, float]:
    tp = fp = fn = 0
    for (a, sa), (b, sb) in itertools.combinations(zip(gold, system), 2):
        same_gold, same_sys = a[4] == b[4], sa is not None and sa == sb
        tp += same_gold and same_sys
        fp += same_sys and not same_gold
        fn += same_gold and not same_sys
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def evaluate(corpus: Path, tsv: Path) -> tuple[list[tuple], list[str | None]]:
    from newsdossier.pipeline import build
    from newsdossier.store import Store

    with tempfile.TemporaryDirectory() as tmp:
        with Store.open(Path(tmp) / "gold.duckdb") as st:
            build(corpus, st)
            articles = st.rows("SELECT s.source, a.id, a.text, list({'s': b.start, 'e': b.\"end\"}) "
                               "FILTER (WHERE b.start IS NOT NULL) AS chrome FROM articles a "
                               "JOIN sources s ON s.article_id = a.id LEFT JOIN boilerplate b ON b.article_id = a.id "
                               "GROUP BY ALL ORDER BY s.source")
            rows = st.rows('SELECT s.source, m.start, m."end", m.entity_id FROM mention_entities m '
                           "JOIN sources s ON s.article_id = m.article_id")
    for a in articles:
        a["source"] = Path(a["source"]).name
        a["boilerplate"] = [(c["s"], c["e"]) for c in a.pop("chrome") or []]
    texts = {a["source"]: a["text"] for a in articles}
    linked = {(Path(r["source"]).name, r["start"], r["end"]): r["entity_id"] for r in rows}
    gold = gold_mentions(read_gold(tsv), articles)

    def system_of(f: str, s: int, e: int) -> str | None:
        # the model writes an organisation with its article ("the Agriculture Ministry"): same mention
        for start in (s, s - 4):
            if start >= 0 and (start == s or texts[f][start:s].lower() == "the ") and (f, start, e) in linked:
                return linked[(f, start, e)]
        return None

    return gold, [system_of(f, s, e) for f, s, e, _, _ in gold]


def main() -> None:
    print("| gold | articles | gold mentions | linked | pairwise P | R | F1 | target |\n|---|---|---|---|---|---|---|---|")
    all_gold, all_system, misses = [], [], []
    for label, corpus, tsv in GOLDS:
        gold, system = evaluate(corpus, tsv)
        p, r, f1 = score(gold, system)
        print(f"| {label} | {len({g[0] for g in gold})} | {len(gold)} | {sum(s is not None for s in system)} | "
              f"{p:.3f} | {r:.3f} | {f1:.3f} | |")
        # clusters and entity ids of one gold never meet the other's
        all_gold += [(f"{label}:{f}", s, e, n, f"{label}:{c}") for f, s, e, n, c in gold]
        all_system += [f"{label}:{x}" if x is not None else None for x in system]
        misses += [(label, g) for g, x in zip(gold, system) if x is None]
    p, r, f1 = score(all_gold, all_system)
    print(f"| both | | {len(all_gold)} | {sum(s is not None for s in all_system)} | {p:.3f} | {r:.3f} | {f1:.3f} | >= 0.95 |")
    for label, (f, s, e, name, cluster) in misses:
        print(f"  unlinked ({label}): {f} {s}-{e} {name!r} ({cluster})")


if __name__ == "__main__":
    main()
