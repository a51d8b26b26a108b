"""Entity precision and coverage on a built store (issue #16's corpus figures).

    uv run python benchmarks/entities_bbc.py --store benchmarks/results/bbc-seeds.duckdb
    (build it first: uv run python benchmarks/dates_sanity.py --build)
    --merges-from SMALL_STORE: a store of the five seeds alone (`newsdossier build ../shared/seeds --store
    SMALL_STORE`): every pair of names one entity there must be one entity in the big store

- entities that mix person and place mentions (target 0), with the names on each side: by the label each
  linked mention carries (the model's, except where its own article reads the word otherwise:
  `mention_entities.label`), and beside it by the model's own labels (`mentions.label`);
- whether "US", "U.S." and "United States" are one entity; whether "Mrs Howard" stays apart;
- coverage: of the whole-word, case-sensitive occurrences in title and body (boilerplate left out) of the
  names of entities with 5 or more mentions, the share inside a linked mention (target >= 0.95);
  occurrences inside a longer name (of any entity) are left out; an occurrence whose name less a leading
  honorific or article (`Mr Straw`, `the Liberal Democrats`) is a linked mention counts as linked.
"""
from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))


HONORIFIC = re.compile(r"^(?:the|The|Mr|Mrs|Ms|Miss|Dr|Lord|Lady|Sir|Dame)\.?\s+")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--store", type=Path, default=REPO / "benchmarks" / "results" / "bbc-seeds.duckdb")
    ap.add_argument("--merges-from", type=Path, metavar="SMALL_STORE",
                    help="a store of some of the same articles (e.g. the five seeds): are its merges kept here?")
    args = ap.parse_args()
    from newsdossier.store import Store

    st = Store.open(args.store, read_only=True)

    def mixing(label: str) -> list[dict]:
        """Entities whose model-found mentions are read as a person somewhere and a place elsewhere,
        by `label`: `m.label` (the model's) or `me.label` (the resolver's reading, which differs where
        the mention's own article says otherwise)."""
        return st.rows(f"""
            SELECT any_value(e.name) AS entity,
                   list(DISTINCT m.text) FILTER (WHERE {label} = 'PERSON') AS as_person,
                   list(DISTINCT m.text) FILTER (WHERE {label} IN ('GPE', 'LOC', 'FAC')) AS as_place
            FROM mention_entities me JOIN entities e ON e.id = me.entity_id
            JOIN mentions m ON m.article_id = me.article_id AND m.start = me.start AND m."end" = me."end"
            GROUP BY me.entity_id
            HAVING count(*) FILTER (WHERE {label} = 'PERSON') > 0
               AND count(*) FILTER (WHERE {label} IN ('GPE', 'LOC', 'FAC')) > 0""")

    mixed = mixing("me.label")
    mixed_by_model = mixing("m.label")
    different_names = [r for r in mixed if set(r["as_person"]) != set(r["as_place"])]

    def bare(name: str) -> str:  # `the Golden Globe`, `Celebrity Big Brother's`: the same name
        return re.sub(r"['’]s?$", "", re.sub(r"^(?:the|The)\s+", "", name.strip()))

    really_different = [r for r in different_names
                        if {bare(n) for n in r["as_person"]} != {bare(n) for n in r["as_place"]}]
    us = {n: st.scalar("SELECT min(entity_id) FROM entity_aliases WHERE alias = ?", [n]) for n in ("US", "U.S.", "United States")}
    howard = {n: st.scalar("SELECT min(entity_id) FROM entity_aliases WHERE alias = ?", [n])
              for n in ("Mrs Howard", "Michael Howard")}
    # coverage
    t0 = time.perf_counter()
    names = {r[0] for r in st.execute(
        "SELECT DISTINCT a.alias FROM entity_aliases a JOIN entities e ON e.id = a.entity_id "
        "WHERE e.mention_count >= 5 AND length(a.alias) >= 3 AND a.alias = trim(a.alias)").fetchall()}
    names = sorted((n for n in names if "\n" not in n), key=len, reverse=True)
    pattern = re.compile(r"(?<![\w-])(?:" + "|".join(map(re.escape, names)) + r")(?![\w-])")
    found = linked = 0
    for (aid, text, b0, b1, tstart, tend) in st.execute(
            "SELECT id, text, body_start, body_end, title_start, title_end FROM articles ORDER BY id").fetchall():
        spans = st.execute('SELECT start, "end", entity_id IS NOT NULL FROM mentions m LEFT JOIN mention_entities me '
                           'USING (article_id, start, "end") WHERE m.article_id = ? '
                           'UNION ALL SELECT start, "end", true FROM mention_entities WHERE article_id = ? '
                           "AND source <> 'ner'", [aid, aid]).fetchall()
        boiler = st.execute('SELECT start, "end" FROM boilerplate WHERE article_id = ?', [aid]).fetchall()
        for m in pattern.finditer(text):
            s, e = m.span()
            in_body = b0 <= s and e <= b1 or (tstart is not None and tstart <= s and e <= tend)
            if not in_body or any(bs <= s < be for bs, be in boiler):
                continue
            inside_longer = any(ms <= s and e <= me and (me - ms) > (e - s) for ms, me, _ in spans)
            exact = [ok for ms, me, ok in spans if ms <= s and e <= me]
            if inside_longer and not any(ms == s and me == e for ms, me, _ in spans):
                continue
            found += 1
            if exact and any(exact):
                linked += 1
            else:
                # `Mr Straw`, `the Liberal Democrats`: the model tagged the name without its honorific
                # or article, and that mention is linked
                core = s + len(m.group()) - len(HONORIFIC.sub("", m.group()))
                linked += core > s and any(ok and ms == core and me == e for ms, me, ok in spans)
    seconds = time.perf_counter() - t0
    print(f"| measure ({args.store.name}) | value | target |\n|---|---|---|")
    print(f"| entities mixing person and place mentions | {len(mixed)} ({len(different_names)} under different names, "
          f"{len(really_different)} once `the` and possessives are dropped) | 0 |")
    for r in mixed:
        print(f"|   {r['entity']} | person: {', '.join(r['as_person'][:4])}; place: {', '.join(r['as_place'][:4])} | |")
    print(f"| the same by the model's own labels | {len(mixed_by_model)} | |")
    print(f"| US, U.S., United States one entity | {len(set(us.values())) == 1 and None not in us.values()} | True |")
    print(f"| Mrs Howard apart from Michael Howard | {howard['Mrs Howard'] != howard['Michael Howard']} | True |")
    print(f"| coverage: linked / whole-word occurrences of names | {linked:,} / {found:,} = {linked / max(found, 1):.3f} | >= 0.95 |")
    print(f"({len(names):,} names of entities with 5+ mentions; coverage counted in {seconds:.1f}s)")
    if args.merges_from:
        together, apart = merges_kept(Store.open(args.merges_from, read_only=True), st)
        print(f"| names one entity in {args.merges_from.name} and apart here | {len(apart)} of {together} pairs "
              f"{apart[:5] if apart else ''} | 0 |")


def merges_kept(small, big) -> tuple[int, list[tuple[str, str]]]:
    """Pairs of names that are one entity in `small`, and those of them no entity of `big` holds both of
    (a possessive spelling `big` counts under its bare name is looked up as that)."""
    import itertools

    def names_by_entity(st) -> dict[str, set[str]]:
        out: dict[str, set[str]] = {}
        for eid, alias in st.execute("SELECT entity_id, alias FROM entity_aliases").fetchall():
            out.setdefault(eid, set()).add(alias)
        return out

    owners: dict[str, set[str]] = {}
    for eid, names in names_by_entity(big).items():
        for n in names:
            owners.setdefault(n, set()).add(eid)

    def owner(n: str) -> set[str]:
        return owners.get(n) or owners.get(n[:-2] if n[-2:] in ("'s", "’s") else n, set())

    pairs = [pair for names in names_by_entity(small).values() for pair in itertools.combinations(sorted(names), 2)]
    return len(pairs), [(a, b) for a, b in pairs if not owner(a) & owner(b)]


if __name__ == "__main__":
    main()
