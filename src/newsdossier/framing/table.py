"""The framing table: which labels each outlet uses for each actor, how often, in whose voice.

`framing_table(store, entity=None)` reads the `labels` table. The actor of a label is the entity its
target resolves to when entity resolution has run (tables `entities` and `mention_entities`: the
mention inside the label's target span), otherwise the target's normalized text (`target_key`).
The join is one SQL expression chosen in `_actor_sql`, so a different resolver swaps in there.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass

from newsdossier.framing.labels import normalize_target
from newsdossier.store import Store

OWN_VOICE = "outlet"


@dataclass(frozen=True, slots=True)
class FramingRow:
    """One outlet's use of one label for one actor. own: in the outlet's voice; quoted: in a speaker's
    or source's (quoted, reported, anonymous); attributed: labels the outlet reports as someone's act
    (`listed as X by Y`)."""

    outlet: str
    actor: str
    label: str
    valence: str
    total: int
    own: int
    quoted: int
    attributed: int
    articles: int
    example: str

    def as_dict(self) -> dict:
        return asdict(self)


def _has_tables(store: Store, *names: str) -> bool:
    found = {r["table_name"] for r in store.rows(
        "SELECT table_name FROM information_schema.tables WHERE table_name IN (SELECT unnest(?))", [list(names)])}
    return found == set(names)


def _actor_sql(store: Store) -> tuple[str, str]:
    """(FROM-clause joins, actor expression) for the resolver available in this store."""
    if _has_tables(store, "entities", "mention_entities") and store.scalar("SELECT count(*) FROM entities"):
        joins = (
            "LEFT JOIN LATERAL (SELECT e.name FROM mention_entities me JOIN entities e ON e.id = me.entity_id "
            "WHERE me.article_id = l.article_id AND me.start >= l.target_start AND me.\"end\" <= l.target_end "
            "ORDER BY me.\"end\" - me.start DESC LIMIT 1) ent ON true"
        )
        return joins, "coalesce(ent.name, l.target_key)"
    return "", "l.target_key"


def framing_table(store: Store, entity: str | None = None, *, limit: int | None = None) -> list[FramingRow]:
    """Per outlet and actor, each label with its counts split by voice; most used first.

    Args:
        entity: keep only actors whose name (or normalized target) equals this, case-insensitively,
            or contains it as a word sequence.
        limit: at most this many rows.
    """
    if not _has_tables(store, "labels"):
        return []
    joins, actor = _actor_sql(store)
    where, params = "", []
    if entity:
        key = normalize_target(entity)
        where = f"WHERE lower({actor}) = ? OR lower({actor}) = ? OR contains(' ' || lower({actor}) || ' ', ?)"
        params = [entity.casefold(), key, f" {key} "]
    sql = f"""
        SELECT coalesce(a.outlet, '(unknown)') AS outlet, {actor} AS actor, l.label_lemma AS label,
               any_value(l.valence) AS valence, count(*) AS total,
               count(*) FILTER (WHERE l.voice = '{OWN_VOICE}' AND l.attributed_to_text IS NULL) AS own,
               count(*) FILTER (WHERE l.voice <> '{OWN_VOICE}') AS quoted,
               count(*) FILTER (WHERE l.voice = '{OWN_VOICE}' AND l.attributed_to_text IS NOT NULL) AS attributed,
               count(DISTINCT l.article_id) AS articles,
               min(l.text || ' → ' || l.target_text) AS example
        FROM labels l JOIN articles a ON a.id = l.article_id {joins}
        {where}
        GROUP BY 1, 2, 3
        ORDER BY outlet, actor, total DESC, label
    """
    if limit:
        sql += f" LIMIT {int(limit)}"
    return [FramingRow(**row) for row in store.rows(sql, params)]
