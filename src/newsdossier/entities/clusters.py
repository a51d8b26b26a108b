"""The resolver's last step: each cluster of nodes becomes an entity, with its name, type, stable id
and every alias, each with the reason and score of the edge that reached it from the entity's name.
"""
from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from typing import Callable

from newsdossier.entities.normalize import PERSON_TITLES, clean_surface, fold, is_acronym
from newsdossier.entities.resolution import Edge, Node, ResolvedEntity


def _entity_id(compact: str, type_: str) -> str:
    return "e" + hashlib.sha1(f"{compact}|{type_}".encode()).hexdigest()[:11]


def clusters(nodes: list[Node], edges: list[Edge], find: Callable[[int], int],
             stats: Counter) -> tuple[list[ResolvedEntity], dict[int, str]]:
    """The entities of the nodes grouped by their union-find root (`find`): (entities, node -> entity id),
    most mentioned first."""
    members: dict[int, list[int]] = defaultdict(list)
    for n in nodes:
        members[find(n.idx)].append(n.idx)
    edges_by_root: dict[int, list[Edge]] = defaultdict(list)
    for e in edges:
        edges_by_root[find(e.a)].append(e)
    entities: list[ResolvedEntity] = []
    entity_of_node: dict[int, str] = {}
    used_ids: set[str] = set()
    for root, idxs in sorted(members.items()):
        entity = _entity(nodes, idxs, edges_by_root[root], used_ids)
        if entity is None:
            continue
        for i in idxs:
            entity_of_node[i] = entity.id
        entities.append(entity)
    entities.sort(key=lambda e: (-e.mention_count, e.name))
    stats["nodes"] = len(nodes)
    stats["entities"] = len(entities)
    return entities, entity_of_node


def _entity(nodes: list[Node], idxs: list[int], edges: list[Edge], used_ids: set[str]) -> ResolvedEntity | None:
    """One cluster's entity; None for a cluster no mention named. Its id is added to `used_ids`."""
    surfaces: Counter = Counter()
    labels: Counter = Counter()
    articles: set = set()
    unshaped: Counter = Counter()  # the PERSON labels of names no person is written as
    for i in idxs:
        surfaces.update(nodes[i].surfaces)
        labels.update(nodes[i].labels)
        if "PERSON" in nodes[i].labels and not any(_person_shaped(s) for s in nodes[i].surfaces):
            unshaped["PERSON"] += nodes[i].labels["PERSON"]
        articles |= nodes[i].articles
    if unshaped and sum((labels - unshaped).values()):
        labels -= unshaped
    if not surfaces:
        # a node only ever named as the full name a short one joins, under a key no mention
        # of that name took (seen on the BBC set): it has no name of its own, so no entity
        return None
    clean = Counter()
    for surface, n in surfaces.items():
        clean[clean_surface(surface)] += n
    type_ = labels.most_common(1)[0][0] if labels else ""
    name = max(clean, key=lambda s: (s[:1].isupper(), not is_acronym(s), type_ == "PERSON" and _full_name(s),
                                     clean[s], len(s), s))
    canon = next(i for i in idxs if any(clean_surface(x) == name for x in nodes[i].surfaces))
    compact = nodes[canon].key[1] if nodes[canon].key[1] != "acr" else nodes[canon].key[2]
    eid = _entity_id(compact, type_)
    clash = 1
    while eid in used_ids:  # two entities kept apart under one spelling (two people named alike)
        clash += 1
        eid = _entity_id(f"{compact}#{clash}", type_)
    used_ids.add(eid)
    aliases = _aliases(nodes, idxs, _reach(nodes, canon, edges))
    return ResolvedEntity(eid, name, type_, idxs, sum(surfaces.values()), articles, aliases, edges)


def _person_shaped(surface: str) -> bool:
    """A name written without a lower-case letter or with a digit (`GB`, `O2`, `MEK`) is not how a
    person is named: the model's PERSON on it is no vote for the entity's type (it tags such names
    PERSON about as often as what they are), unless the entity has no other vote."""
    return any(c.islower() for c in surface) and not any(c.isdigit() for c in surface)


def _full_name(surface: str) -> bool:
    """A person's given name and surname (`Tessa Marsh`, not `Marsh` or `Mrs Marsh`): what a reader
    looks for, so a person is named by it however often the text uses the surname alone."""
    words = surface.split()
    return len(words) >= 2 and fold(words[0]).rstrip(".") not in PERSON_TITLES


def _aliases(nodes: list[Node], idxs: list[int], how: dict[int, tuple[str, float, str | None]]) -> list[dict]:
    """Every spelling of the cluster, most frequent first, with how its node joined."""
    by_surface: dict[str, dict] = {}
    for i in idxs:
        node = nodes[i]
        reason, score, via = how.get(i, ("canonical", 1.0, None))
        for surface, count in node.surfaces.items():
            seen = by_surface.get(surface)
            if seen is None:
                by_surface[surface] = {"alias": surface, "normalized": node.forms.norm, "reason": reason,
                                       "score": score, "count": count, "via": via}
            else:  # one spelling under two labels: keep the first way it joined, add counts
                seen["count"] += count
                if reason == "canonical":
                    seen.update(reason=reason, score=score, via=via)
    # "BBC Radio 4's" is "BBC Radio 4" written as a possessive: one name, counted once, where the entity
    # has both spellings (a name that always carries the possessive, `McDonald's`, stays as written)
    for surface in [s for s in by_surface if s[-2:] in ("'s", "’s")]:
        bare = by_surface.get(surface[:-2])
        if bare is not None:
            bare["count"] += by_surface.pop(surface)["count"]
    return sorted(by_surface.values(), key=lambda a: (-a["count"], a["alias"]))


def _reach(nodes: list[Node], canon: int, edges: list[Edge]) -> dict[int, tuple[str, float, str | None]]:
    """How each node of a cluster joined it: the edge that reaches it from the canonical node."""
    adj: dict[int, list[tuple[int, Edge]]] = defaultdict(list)
    for e in edges:
        adj[e.a].append((e.b, e))
        adj[e.b].append((e.a, e))
    out: dict[int, tuple[str, float, str | None]] = {}
    stack, seen = [canon], {canon}
    while stack:
        cur = stack.pop()
        for nxt, e in adj[cur]:
            if nxt not in seen:
                seen.add(nxt)
                out[nxt] = (e.reason, e.score, nodes[cur].surface)
                stack.append(nxt)
    return out
