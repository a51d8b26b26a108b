"""The framing table: which labels each outlet uses for each actor, how often, in whose voice.

`framing_table(store, entity=None)` reads the `labels` table. The actor of a label is the entity its
target resolves to when entity resolution has run (tables `entities` and `mention_entities`: the
mention inside the label's target span), else `unnamed: <target>` (a description, no name); in a
store without entities, the target's normalized text (`target_key`).
The join is one SQL expression chosen in `_actor_sql`, so a different resolver swaps in there.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass

from newsdossier.framing.records import normalize_target
from newsdossier.store import Store

# The voices a label's words can have (`framing.labels`), in the order views show them.
VOICES = (("own", "outlet", "own voice"), ("quoted", "quoted", "quoted"), ("reported", "reported", "reported"),
          ("holder", "holder", "by a holder"))


@dataclass(frozen=True, slots=True)
class FramingRow:
    """One outlet's use of one label for one actor, counted by the voice of the label's words:
    own (the outlet's narration), quoted (inside quotation marks), reported (indirect speech), holder
    (the outlet reports someone listing or calling the actor so)."""

    outlet: str
    actor: str
    label: str
    valence: str
    total: int
    own: int
    quoted: int
    reported: int
    holder: int
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
            "LEFT JOIN LATERAL (SELECT e.id, e.name FROM mention_entities me JOIN entities e ON e.id = me.entity_id "
            "WHERE me.article_id = l.article_id AND me.start >= l.target_start AND me.\"end\" <= l.target_end "
            "ORDER BY me.\"end\" - me.start DESC LIMIT 1) ent ON true"
        )
        # a target no entity holds is a description (`cynical managers`, `the organizations`): said so,
        # so that it never reads as a named actor
        return joins, "coalesce(ent.name, 'unnamed: ' || l.target_key)"
    return "", "l.target_key"


def framing_sql(store: Store, where: str = "true", order: str = "outlet, actor, total DESC, label") -> str:
    """The one framing query (CLI, web corpus page, entity page): labels per outlet, actor and label,
    counted by voice. `where` may use `l` (labels), `a` (articles) and `actor`."""
    joins, actor = _actor_sql(store)
    counts = ", ".join(f"count(*) FILTER (WHERE l.voice = '{voice}') AS {name}" for name, voice, _ in VOICES)
    return f"""
        SELECT * FROM (
            SELECT coalesce(a.outlet, '(unknown)') AS outlet, {actor} AS actor, l.label_lemma AS label,
                   any_value(l.valence) AS valence, count(*) AS total, {counts},
                   count(DISTINCT l.article_id) AS articles,
                   min(l.text || ' → ' || l.target_text) AS example
            FROM labels l JOIN articles a ON a.id = l.article_id {joins}
            WHERE {where.replace("{actor}", actor)}
            GROUP BY 1, 2, 3
        ) ORDER BY {order}
    """


def _entity_id(store: Store, name: str) -> str | None:
    """The resolved entity a name stands for (`entities.link.find_entity`), when entities were resolved."""
    if not (_has_tables(store, "entities", "entity_aliases", "mention_entities")
            and store.scalar("SELECT count(*) FROM entities")):
        return None
    from newsdossier.entities.query import find_entity

    return find_entity(store, name)


def framing_table(store: Store, entity: str | None = None, *, limit: int | None = None) -> list[FramingRow]:
    """Per outlet and actor, each label with its counts split by voice; most used first.

    Args:
        entity: keep only this actor: the resolved entity any of whose names this is (an alias, an
            acronym, a surname), else actors whose name or normalized target equals it,
            case-insensitively, or contains it as a word sequence.
        limit: at most this many rows.
    """
    if not _has_tables(store, "labels"):
        return []
    where, params = "true", []
    entity_id = _entity_id(store, entity) if entity else None
    if entity_id:  # any alias of the entity: `MKO`, `MEK` and the full name are one actor
        where, params = "ent.id = ?", [entity_id]
    elif entity:
        key = normalize_target(entity)
        where = "lower({actor}) = ? OR lower({actor}) = ? OR contains(' ' || lower({actor}) || ' ', ?)"
        params = [entity.casefold(), key, f" {key} "]
    sql = framing_sql(store, where)
    if limit:
        sql += f" LIMIT {int(limit)}"
    return [FramingRow(**row) for row in store.rows(sql, params)]
