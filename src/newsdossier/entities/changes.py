"""Which articles the `entities` link stage must look at again, read from the store (issue #23).

Resolution itself (names into entities) is recomputed over every stored name on each build: a new
article can join two names anywhere. What follows it is per article, and most articles come out of it
as they were, so it is redone only where its inputs changed:

- **name occurrences** (`occurrences.py`) of an article depend on its text and boilerplate, its own
  linked mentions (their spans are taken, their entities say which sense of a shared name it uses) and
  the names of the corpus that occur in its text with their owners. An article is scanned again when it
  is new or re-analysed, was never scanned, has linked mentions that changed, or contains (as a
  substring, a superset of a whole-word occurrence) a name whose owners changed; every other article
  keeps the occurrences it had.
- **speakers** (`link.link_speakers`) of an article depend on its statements and its linked mentions:
  redone where either changed (statements are compared by a digest kept per article).

`entity_link_articles` records, per article, that both were done and for which statements. A build
that stops before this stage leaves the table as it was, so the next build finds what is to do in the
store, not in its own list of new articles. `build --full` recomputes every article. The result is the
same as a full recomputation (tests/test_entities_incremental.py checks it table by table).

Why by hand: DuckDB has no incremental view maintenance; the comparisons are plain SQL over the
previous and the new rows.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar, Iterable

from newsdossier.records import Record
from newsdossier.store import temp_ids

# a change that touches more names than this share of them (and more than a few hundred) is not worth
# sorting out: every article is scanned again (the result is the same either way; only the time differs)
MAX_CHANGED_NAMES_SHARE = 0.2
MAX_CHANGED_NAMES_ANYWAY = 200

# the columns of a linked mention, in `mention_entities` order
MENTION_COLUMNS = 'article_id, start, "end", text, label, source, entity_id'

STATEMENTS_DIGEST_SQL = (
    "SELECT article_id, md5(string_agg(concat_ws('|', id, speaker_start, speaker_end, speaker_text, "
    "speaker_entity), '\n' ORDER BY id)) AS statements FROM statements GROUP BY article_id")


@dataclass(slots=True)
class EntityLinkArticle(Record):
    """An article whose name occurrences and speakers the `entities` link stage has done, and the
    digest of the statements its speakers were resolved from."""

    table: ClassVar[str] = "entity_link_articles"
    key: ClassVar[tuple[str, ...]] = ("article_id",)

    article_id: str
    statements: str | None


def owner_sets(pairs: Iterable[tuple[str, str]]) -> dict[str, frozenset[str]]:
    """name -> the entities it names, from (name, entity id) pairs."""
    owners: dict[str, set[str]] = {}
    for name, eid in pairs:
        owners.setdefault(name, set()).add(eid)
    return {name: frozenset(ids) for name, ids in owners.items()}


def changed_names(before: dict[str, frozenset[str]], after: dict[str, frozenset[str]]) -> list[str]:
    return sorted(n for n in before.keys() | after.keys() if before.get(n) != after.get(n))


class LinkChanges:
    """The previous state of the per-article tables, kept in temporary tables while the stage rewrites them."""

    def __init__(self, store, new_article_ids: list[str]):
        self.store = store
        store.execute(f"CREATE OR REPLACE TEMP TABLE _prev_mentions AS SELECT {MENTION_COLUMNS} FROM mention_entities")
        temp_ids(store, "_new_articles", "article_id", new_article_ids)

    @staticmethod
    def available(store) -> bool:
        """True when an earlier run left per-article state to compare with."""
        return bool(store.execute("SELECT 1 FROM entity_link_articles LIMIT 1").fetchall())

    def occurrence_articles(self, changed: list[str], n_names: int) -> list[str] | None:
        """The articles to scan for name occurrences (call once the linked mentions, without occurrences,
        are written); None: every article."""
        if len(changed) > max(MAX_CHANGED_NAMES_ANYWAY, MAX_CHANGED_NAMES_SHARE * n_names):
            return None
        store = self.store
        temp_ids(store, "_changed_names", "name", changed)
        cols = MENTION_COLUMNS
        rows = store.execute(
            "SELECT article_id FROM _new_articles "
            "UNION SELECT id FROM articles a WHERE NOT EXISTS "
            "(SELECT 1 FROM entity_link_articles d WHERE d.article_id = a.id) "
            f"UNION SELECT article_id FROM ((SELECT {cols} FROM mention_entities EXCEPT ALL "
            f"SELECT {cols} FROM _prev_mentions WHERE source <> 'name') UNION ALL "
            f"(SELECT {cols} FROM _prev_mentions WHERE source <> 'name' EXCEPT ALL SELECT {cols} FROM mention_entities)) "
            "UNION SELECT a.id FROM articles a JOIN _changed_names n ON contains(a.text, n.name) "
            "ORDER BY 1").fetchall()
        return [r[0] for r in rows]

    def keep_occurrences(self, rescanned: list[str]) -> int:
        """Write back the previous name occurrences of every article not scanned again."""
        temp_ids(self.store, "_rescanned", "article_id", rescanned)
        before = self.store.scalar("SELECT count(*) FROM mention_entities")
        self.store.execute(f"INSERT INTO mention_entities ({MENTION_COLUMNS}) SELECT {MENTION_COLUMNS} FROM _prev_mentions p "
                           "WHERE p.source = 'name' AND NOT EXISTS "
                           "(SELECT 1 FROM _rescanned r WHERE r.article_id = p.article_id)")
        return self.store.scalar("SELECT count(*) FROM mention_entities") - before

    def speaker_articles(self, rescanned: list[str]) -> list[str]:
        """The articles whose speakers are to be resolved again (call once every linked mention is written)."""
        temp_ids(self.store, "_rescanned", "article_id", rescanned)
        cols = MENTION_COLUMNS
        rows = self.store.execute(
            "SELECT article_id FROM _rescanned "
            f"UNION SELECT article_id FROM ((SELECT {cols} FROM mention_entities EXCEPT ALL SELECT {cols} FROM _prev_mentions) "
            f"UNION ALL (SELECT {cols} FROM _prev_mentions EXCEPT ALL SELECT {cols} FROM mention_entities)) "
            f"UNION SELECT s.article_id FROM ({STATEMENTS_DIGEST_SQL}) s LEFT JOIN entity_link_articles d "
            "USING (article_id) WHERE d.statements IS DISTINCT FROM s.statements "
            "UNION SELECT d.article_id FROM entity_link_articles d WHERE d.statements IS NOT NULL AND NOT EXISTS "
            "(SELECT 1 FROM statements s WHERE s.article_id = d.article_id) "
            "ORDER BY 1").fetchall()
        return [r[0] for r in rows]

    def close(self) -> None:
        for table in ("_prev_mentions", "_new_articles", "_changed_names", "_rescanned"):
            self.store.execute(f"DROP TABLE IF EXISTS {table}")


def record_done(store) -> None:
    """Every stored article is done, for the statements it has now."""
    store.execute("DELETE FROM entity_link_articles")
    store.execute(f"INSERT INTO entity_link_articles (article_id, statements) SELECT a.id, s.statements "
                  f"FROM articles a LEFT JOIN ({STATEMENTS_DIGEST_SQL}) s ON s.article_id = a.id")
