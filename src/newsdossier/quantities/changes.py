"""Which blocks the `quantity_groups` link stage must judge again, read from the store (issue #23).

A group is a function of its block's members alone: `judge_block(key, members)` reads nothing but the
members' rows (`groups._ROWS_SQL`), and a figure's block is a function of its row (`block_key`). So a
block whose members and member rows are what they were at the last build keeps its group and its pairs;
only the ranks, which order every group, are computed again (from the five stored columns they read).

What a figure's row is made of, all of it per article:

- its `quantities` row and its article's outlet, date, title and dateline (the outlets stage may rewrite
  an old article's outlet); the article's text is not hashed: a stored article's text never changes (its
  id is a hash of its body, and a re-analysis rewrites the stages' records, not the article);
- the article's linked mentions (`mention_entities`: the agent's entity, the referents, the article's
  topic), with each entity's name, type and whether it is named in more articles than the referent cap.
  The cap grows with the corpus (`REFERENT_MAX_SHARE` of the articles), but the rows read it only through
  `article_count <= cap`, so that comparison is what is hashed: a new cap changes only the articles that
  mention an entity on whose side of the cap it moved;
- the article's resolved speakers (`speaker_entities`), which keep a speaker out of its own figure's
  referents.

So each build hashes these inputs per article in one SQL pass (`article_digests_sql`) and compares them
with the digests the last build left in `quantity_group_articles`. Only the figures of the articles whose
digest changed (new, re-analysed, re-linked by the entity stage, outlet renamed, an entity across the
cap) are read and blocked again; each keyed figure is stored in `quantity_block_members` with its block
and a digest of its whole row. A block is judged again when a member joined, left, or has another row
digest; every other block keeps its stored rows. An article dirty only because an entity crossed the
cap usually has the same rows, so its blocks are not judged again.

Global inputs are in every digest: the code that blocks and judges (`GROUPS_CODE`, a hash of the modules
that decide it) and whether the entity tables exist. A change of either makes every article's digest and
every row digest differ, so everything is recomputed. `build --full` (`Settings.full_links`) and a store
without bookkeeping (a first build, or one written before this table) recompute everything too. A build
that stopped before this stage, or skipped it, leaves the bookkeeping as it was, so the next build finds
the changed articles in the store, not in its own list of new articles. The result equals a full
recomputation, table by table (tests/test_quantities_incremental.py).

Why by hand: DuckDB has no incremental view maintenance, and the judging is Python; the digests are
DuckDB's `hash` summed per article (order-free, cheap: one scan of three tables) and a SHA-1 of each row.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from newsdossier.records import Record

_HERE = Path(__file__).parent
# the code a group depends on: a change to any of it makes every stored group stale
GROUPS_CODE = hashlib.sha1(b"".join((_HERE / name).read_bytes() for name in (
    "groups.py", "changes.py", "compare.py", "comparability.py", "tables.py"))).hexdigest()[:12]


@dataclass(slots=True)
class QuantityGroupArticle(Record):
    """An article whose figures the `quantity_groups` link stage has blocked, and the digest of the
    inputs of their rows (figures, article fields, linked mentions, speakers) it blocked them from."""

    table: ClassVar[str] = "quantity_group_articles"
    key: ClassVar[tuple[str, ...]] = ("article_id",)

    article_id: str
    digest: str


@dataclass(slots=True)
class QuantityBlockMember(Record):
    """A figure in a block of the `quantity_groups` link stage, and the digest of the row it was judged
    from: a block is judged again only when a member joins, leaves or changes."""

    table: ClassVar[str] = "quantity_block_members"
    key: ClassVar[tuple[str, ...]] = ("quantity_id",)

    quantity_id: str
    article_id: str
    block_class: str
    block_category: str
    digest: str


def row_digest(row: dict) -> str:
    """A figure's row as judged (every column `_ROWS_SQL` gives), with the code that judges it. A list
    (the referents) is read as a set, and DuckDB gives its items in no fixed order: it is sorted here."""
    canonical = sorted((k, sorted(v) if isinstance(v, list) else v) for k, v in row.items())
    return hashlib.sha1((GROUPS_CODE + repr(canonical)).encode()).hexdigest()[:16]


def article_digests_sql(*, linked: bool, speakers: bool, cap: int) -> str:
    """Per article with figures: a digest of everything its figures' rows are computed from (see above).
    The parts are order-free sums of DuckDB's 64-bit `hash`, with their row counts."""
    parts = ["(SELECT article_id, count(*) AS n, sum(hash(q)) AS h FROM quantities q "
             "WHERE predicate IS NOT NULL GROUP BY article_id) f"]
    columns = ["f.n", "f.h"]
    if linked:
        parts.append(f"LEFT JOIN (SELECT me.article_id, count(*) AS n, sum(hash(me.start, me.\"end\", me.label, "
                     f"me.entity_id, e.name, e.type, e.article_count <= {int(cap)})) AS h FROM mention_entities me "
                     "LEFT JOIN entities e ON e.id = me.entity_id GROUP BY me.article_id) m USING (article_id)")
        columns += ["coalesce(m.n, 0)", "coalesce(m.h, 0)"]
    if speakers:
        parts.append("LEFT JOIN (SELECT article_id, count(*) AS n, sum(hash(statement_id, entity_id)) AS h "
                     "FROM speaker_entities GROUP BY article_id) s USING (article_id)")
        columns += ["coalesce(s.n, 0)", "coalesce(s.h, 0)"]
    code = f"{GROUPS_CODE}|{int(linked)}{int(speakers)}"
    return (f"SELECT f.article_id, concat_ws(' ', '{code}', hash(a.outlet, a.published, a.title, a.dateline), "
            f"{', '.join(columns)}) AS digest FROM {' '.join(parts)} JOIN articles a ON a.id = f.article_id")
