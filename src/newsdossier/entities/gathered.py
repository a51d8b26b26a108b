"""Each article's share of the resolver's state, kept in the store: a build gathers (`gather.py`) only the
articles whose mentions or alias evidence changed, and replays the stored share of every other (#23).

What `Resolver.add_article` does to the resolver depends on that article alone: the nodes it names (by
key, in the order it first names them), the spellings and labels it counts on each, the surname, alias
and acronym evidence it adds. So one article is gathered into a resolver of its own, that resolver's
state is its share (`article_share`), and adding the shares to the corpus's resolver in article order
(`absorb`) leaves it exactly as gathering every article into it would: the same nodes in the same order,
the same counts in the same insertion order, the same first article for every piece of evidence.

A share is stored with a fingerprint of the rows it was gathered from and of the code that gathers them
(`GATHER_CODE`: the modules whose rules decide it), so a changed article, a re-analysed one or a new
rule gathers again. Why by hand: the shares are the resolver's own structures, written as JSON.

The forms of every name (`normalize.forms`: tokens, spelling variants; a pure function of the name and
its type) are kept too (`entity_name_forms`, for this code's version): a fresh process would otherwise
compute each stored name's forms again, most of what resolution costs once gathering is replayed.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

from newsdossier.entities import normalize
from newsdossier.entities.normalize import NameForms
from newsdossier.entities.resolution import MentionIn
from newsdossier.records import Record

_HERE = Path(__file__).parent
# the code a share depends on: a change to any of it makes every stored share stale
GATHER_CODE = hashlib.sha1(b"".join((_HERE / name).read_bytes() for name in (
    "gather.py", "gathered.py", "normalize.py", "matching.py", "resolution.py"))).hexdigest()[:12]


@dataclass(slots=True)
class EntityGathered(Record):
    """One article's share of the entity resolver's state (JSON), and the fingerprint of what it was
    gathered from."""

    table: ClassVar[str] = "entity_gathered"
    key: ClassVar[tuple[str, ...]] = ("article_id",)

    article_id: str
    fingerprint: str
    share: str


@dataclass(slots=True)
class EntityNameForms(Record):
    """The forms of one name (`normalize.forms(name, kind)`), as the gathering code `code` computed them:
    read back by the next link run instead of computed again."""

    table: ClassVar[str] = "entity_name_forms"
    key: ClassVar[tuple[str, ...]] = ("name", "kind")

    name: str
    kind: str
    code: str
    surface: str
    acronym: bool
    tokens: list[str]
    norm: str
    compact: str
    variant: str
    e_forms: list[str]
    soft: str


def load_name_forms(store, *, read: bool = True) -> int:
    """Put the stored forms of this code's version in `normalize.KNOWN_FORMS` (unless not `read`: every
    form is computed again), and start recording the forms this run computes; returns how many were read."""
    normalize.KNOWN_FORMS.clear()
    for name, kind, surface, acronym, toks, norm, compact, variant, e_forms, soft in store.execute(
            "SELECT name, kind, surface, acronym, tokens, norm, compact, variant, e_forms, soft FROM entity_name_forms "
            "WHERE code = ? AND ?", [GATHER_CODE, read]).fetchall():
        normalize.KNOWN_FORMS[(name, kind)] = NameForms(surface, kind, acronym, tuple(toks), norm, compact, variant,
                                                         tuple(e_forms), soft)
    normalize.COMPUTED_FORMS = {}
    return len(normalize.KNOWN_FORMS)


def save_name_forms(store, *, replace: bool = False) -> int:
    """Store the forms this run computed (`replace`: instead of all stored; else beside those of this code's
    version, the others go); stop recording."""
    new = normalize.COMPUTED_FORMS or {}
    if replace:
        store.execute("DELETE FROM entity_name_forms")
    else:  # every stored row of this version was read, so none of `new` is stored already
        store.execute("DELETE FROM entity_name_forms WHERE code <> ?", [GATHER_CODE])
    if new:
        store.insert(EntityNameForms(name, kind, GATHER_CODE, f.surface, f.acronym, list(f.tokens), f.norm, f.compact,
                                     f.variant, list(f.e_forms), f.soft) for (name, kind), f in new.items())
    forget_name_forms()
    return len(new)


def forget_name_forms() -> None:
    normalize.KNOWN_FORMS.clear()
    normalize.COMPUTED_FORMS = None


def fingerprints_sql(labels: list[str]) -> tuple[str, list]:
    """SQL (and its parameters, then `first`, `last`) giving (article id, fingerprint) for a range of articles."""
    sql = (
        "SELECT a.id, md5(concat(coalesce(m.rows, ''), '#', coalesce(x.rows, ''), '#', ?)) FROM articles a "
        "LEFT JOIN (SELECT article_id, string_agg(concat_ws('|', start, \"end\", text, label), chr(10) "
        "ORDER BY start, \"end\", text, label) AS rows FROM mentions WHERE label IN (SELECT unnest(?)) "
        "AND article_id BETWEEN ? AND ? GROUP BY article_id) m ON m.article_id = a.id "
        "LEFT JOIN (SELECT article_id, string_agg(concat_ws('|', kind, name_start, name_end, name_text, alias_start, "
        "alias_end, alias_text), chr(10) ORDER BY start, kind, name_start, alias_start, name_text, alias_text) AS rows "
        "FROM alias_evidence WHERE article_id BETWEEN ? AND ? GROUP BY article_id) x ON x.article_id = a.id "
        "WHERE a.id BETWEEN ? AND ? ORDER BY a.id")
    return sql, [GATHER_CODE, labels]


def article_share(aid: str, mentions: list[MentionIn], aliases: list) -> dict[str, Any]:
    """Gather one article into a resolver of its own; its state is the article's share."""
    from newsdossier.entities.resolve import Resolver

    own = Resolver(keep_articles=False)
    out = own.add_article(aid, mentions, aliases)
    return {
        "nodes": [[list(n.key), n.kind, list(n.surfaces.items()), list(n.labels.items()), n.count, n.defines_acronym]
                  for n in own.nodes],
        "surnames": [list(pair) for pair in own.surname_edges],
        "aliases": [[a, b, reason, score] for a, b, reason, score, _ in own.alias_joins],
        "same": [list(pair) for pair in own.same_article_joins],
        "definitions": [[acr, [[exp, reason, score, seen[0]] for (exp, reason, score), seen in defs.items()]]
                        for acr, defs in own.definitions.items()],
        "mentions": [[m.start, m.end, m.text, m.label, m.source, idx, part] for m, idx, part in out],
        "stats": dict(own.stats),
    }


def absorb(resolver, aid: str, share: dict[str, Any]) -> list[tuple[MentionIn, int, bool]]:
    """Add one article's share to the corpus's resolver, as `add_article` would have; returns its
    mentions with their nodes there (and whether each is a fragment of a longer name)."""
    node_of = []
    for key, kind, surfaces, labels, count, defines in share["nodes"]:
        idx = resolver.node(tuple(key), kind)
        node_of.append(idx)
        node = resolver.nodes[idx]
        for surface, n in surfaces:
            node.surfaces[surface] += n
        for label, n in labels:
            node.labels[label] += n
        node.count += count
        if resolver.keep_articles and surfaces:
            node.articles.add(aid)
        if defines:
            node.defines_acronym = True
    for a, b in share["surnames"]:
        resolver.surname_edges.setdefault((node_of[a], node_of[b]), aid)
    for a, b, reason, score in share["aliases"]:
        resolver.alias_joins.append((node_of[a], node_of[b], reason, score, aid))
    for a, b in share["same"]:
        resolver.same_article_joins.setdefault((node_of[a], node_of[b]), aid)
    for acr, defs in share["definitions"]:
        known = resolver.definitions[node_of[acr]]
        for exp, reason, score, count in defs:
            seen = known.get((node_of[exp], reason, score))
            if seen is None:
                known[(node_of[exp], reason, score)] = [count, aid]
            else:
                seen[0] += count
    resolver.stats.update(share["stats"])
    return [(MentionIn(aid, start, end, text, label, source), node_of[idx], part)
            for start, end, text, label, source, idx, part in share["mentions"]]


def dumps(share: dict[str, Any]) -> str:
    return json.dumps(share, ensure_ascii=False, separators=(",", ":"))


def loads(text: str) -> dict[str, Any]:
    return json.loads(text)
