"""Read-side queries on the entity tables: one function per question, called alike by the CLI, the web UI
and the report, so every view lists the same entities in the same order."""
from __future__ import annotations

import json
from collections import Counter
from typing import Any

from newsdossier.entities.normalize import forms
from newsdossier.entities.matching import names_match
from newsdossier.store import like_pattern


def list_entities(store, *, type: str | None = None, limit: int = 50, query: str | None = None) -> list[dict]:
    """Entities by the articles that name them, then mentions (the web's order), optionally of one spaCy
    type, each with its other names."""
    where, params = [], []
    if type:
        where.append("e.type = ?")
        params.append(type.upper())
    if query:
        where.append("(e.name ILIKE ? ESCAPE '\\' OR e.id IN "
                     "(SELECT entity_id FROM entity_aliases WHERE alias ILIKE ? ESCAPE '\\'))")
        params += [like_pattern(query), like_pattern(query)]
    sql = ("SELECT e.*, (SELECT list(a.alias ORDER BY a.count DESC, a.alias) FROM entity_aliases a "
           "WHERE a.entity_id = e.id AND a.alias <> e.name) AS other_names FROM entities e")
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += " ORDER BY e.article_count DESC, e.mention_count DESC, e.name LIMIT ?"  # as the web lists them
    return store.rows(sql, [*params, limit])


def find_entity(store, name: str) -> str | None:
    """The id of the entity called `name`: an id, an alias as written (any case), or the same name
    after normalization and transliteration rules. None when nothing (or more than one) fits."""
    if store.scalar("SELECT count(*) FROM entities WHERE id = ?", [name]):
        return name
    ids = [r[0] for r in store.execute(
        "SELECT entity_id, sum(count) AS n FROM entity_aliases WHERE lower(alias) = lower(?) "
        "GROUP BY 1 ORDER BY n DESC", [name]).fetchall()]
    if ids:
        return ids[0]
    target = forms(name)
    scored = Counter()
    for r in store.rows("SELECT entity_id, alias, count FROM entity_aliases"):
        f = forms(r["alias"])
        if f.compact == target.compact or (not f.acronym and names_match(f, target)):
            scored[r["entity_id"]] += r["count"]
    if scored:
        return scored.most_common(1)[0][0]
    return _entity_by_part(store, target)


def _entity_by_part(store, target) -> str | None:
    """A surname or one word of a longer name ("Rajaei" for "Mohammad Ali Rajaei"): the entity whose
    name ends with it, when one such entity has clearly more mentions than any other (else None)."""
    if target.acronym or len(target.tokens) != 1:
        return None
    word = target.tokens[0]
    scored: Counter = Counter()
    for r in store.rows("SELECT entity_id, alias, count FROM entity_aliases"):
        f = forms(r["alias"])
        if len(f.tokens) > 1 and (f.tokens[-1] == word or names_match(forms(f.tokens[-1]), target)):
            scored[r["entity_id"]] += r["count"]
    ranked = scored.most_common(2)
    if not ranked or (len(ranked) == 2 and ranked[1][1] * 2 > ranked[0][1]):
        return None
    return ranked[0][0]


def entity_detail(store, name: str, *, article_limit: int = 100) -> dict[str, Any] | None:
    """Everything about one entity: names and why they were merged, mentions per outlet, articles."""
    eid = find_entity(store, name)
    if eid is None:
        return None
    entity = store.rows("SELECT * FROM entities WHERE id = ?", [eid])[0]
    aliases = store.rows("SELECT alias, normalized, reason, score, count, via FROM entity_aliases "
                         "WHERE entity_id = ? ORDER BY count DESC, alias", [eid])
    merges = store.rows("SELECT left_name, right_name, reason, score, evidence_article_id FROM entity_merges "
                        "WHERE entity_id = ? ORDER BY score DESC, left_name", [eid])
    outlets = store.rows(
        "SELECT coalesce(a.outlet, '(unknown)') AS outlet, count(*) AS mentions, "
        "count(DISTINCT m.article_id) AS articles, list(DISTINCT m.text) AS names "
        "FROM mention_entities m JOIN articles a ON a.id = m.article_id WHERE m.entity_id = ? "
        "GROUP BY 1 ORDER BY mentions DESC, outlet", [eid])
    articles = store.rows(
        "SELECT a.id, a.title, a.outlet, a.published, count(*) AS mentions, list(DISTINCT m.text) AS names "
        "FROM mention_entities m JOIN articles a ON a.id = m.article_id WHERE m.entity_id = ? "
        "GROUP BY ALL ORDER BY a.published NULLS LAST, a.id LIMIT ?", [eid, article_limit])
    statements = store.scalar("SELECT count(*) FROM speaker_entities WHERE entity_id = ?", [eid])
    return {"entity": entity, "aliases": aliases, "merges": merges, "outlets": outlets,
            "articles": articles, "statements": statements}


def to_json(value: Any) -> str:
    return json.dumps(value, default=str, ensure_ascii=False, indent=2)
