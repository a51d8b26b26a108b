"""The resolver's merge step: union-find over every node seen, strongest evidence first, each
accepted union kept as an edge with its reason and score.

Hand-written rather than a graph library's connected components because every union is checked
against cannot-link constraints (the user's `separate` groups, types that are hard apart) at the
moment it is made, and the order of evidence decides which unions win.
"""
from __future__ import annotations

from collections import Counter, defaultdict

from newsdossier.entities.gather import ALIAS_KIND_SCORES, FEMALE_HONORIFICS, written_as_full_name
from newsdossier.entities.matching import names_match, types_compatible
from newsdossier.entities.normalize import coarse_type, forms, variant
from newsdossier.entities.clusters import clusters
from newsdossier.entities.resolution import AliasRules, Edge, Node, ResolvedEntity

SURNAME_SCORE = 0.9
SAME_WORD_SCORE = 0.8
# a word that is part of a person's full name somewhere in the corpus (`Fox` of `Liam Fox`) is read as
# the thing it also names only where the model reads it so this many times as often as a person
SAME_WORD_MAJORITY = 3
ACRONYM_MAJORITY = 2 / 3  # share of an acronym's definitions that must agree to link it everywhere
MAX_BLOCK = 300  # larger blocks are compared by sorted neighbourhood only
WINDOW = 25  # neighbourhood size inside a large block


class _Union:
    """Union-find whose roots carry the `separate` tags of their members: a union that would put two
    names of one `separate` group in one cluster is refused."""

    def __init__(self, n: int):
        self.parent = list(range(n))
        self.tags: dict[int, set] = {}

    def find(self, i: int) -> int:
        parent = self.parent
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def tag(self, i: int, tag: tuple) -> None:
        self.tags.setdefault(self.find(i), set()).add(tag)

    def union(self, a: int, b: int) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return False
        ta, tb = self.tags.get(ra, set()), self.tags.get(rb, set())
        if ta and tb:
            groups_a = {(g, i) for g, i in ta}
            for g, i in tb:
                if any(ga == g and ia != i for ga, ia in groups_a):
                    return False
        self.parent[rb] = ra
        if tb:
            self.tags.setdefault(ra, set()).update(tb)
            self.tags.pop(rb, None)
        return True


class MergeSteps:
    """`Resolver.finish` and its steps (mixed into `Resolver`, which holds the state)."""

    rules: AliasRules
    nodes: list[Node]
    edges: list[Edge]
    stats: Counter
    surname_edges: dict[tuple[int, int], str]
    alias_joins: list[tuple[int, int, str, float, str]]
    same_article_joins: dict[tuple[int, int], str]
    definitions: dict[int, dict[tuple[int, str, float], list]]
    read_as: dict[int, str]

    def join(self, uf: _Union, a: int, b: int, reason: str, score: float, article_id: str | None = None,
             *, explicit: bool = False) -> bool:
        na, nb = self.nodes[a], self.nodes[b]
        if not reason.startswith("alias-file"):
            refuse = not types_compatible(na.kind, nb.kind, explicit=True)
            # `Name (Other)` is an alias only between names of one kind: `Kenzaburo Oe (Japan)` names a
            # person's country, `G Rowntree (Leicester)` a player's club
            if reason == "alias:parenthetical" and (not na.kind or not nb.kind or na.kind != nb.kind):
                refuse = refuse or (na.key[1] != "acr" and nb.key[1] != "acr")
            # a woman named by her honorific and surname is not whoever else has that surname
            if (na.key[0] == "female") != (nb.key[0] == "female"):
                refuse = True
            if reason == "same-word":
                refuse = False
            # a person's other name is a person's name (or an acronym): `Smith (Labour)` is not one
            elif (not refuse and not reason.startswith(("acronym", "same-full-name")) and "PERSON" in (na.kind, nb.kind)
                    and na.kind and nb.kind and na.kind != nb.kind):
                refuse = na.key[1] != "acr" and nb.key[1] != "acr"
            if refuse:
                self.stats["refused_type"] += 1
                return False
        if uf.union(a, b):
            self.edges.append(Edge(a, b, reason, score, article_id))
            self.stats["merge:" + reason.split(":")[0]] += 1
            return True
        return False


    def finish(self) -> tuple[list[ResolvedEntity], dict[int, str]]:
        """Join the nodes of every article seen into entities: (entities, node -> entity id)."""
        uf = _Union(len(self.nodes))
        compact_index: dict[str, list[int]] = defaultdict(list)
        for n in self.nodes:
            compact_index[n.key[1] if n.key[1] != "acr" else n.key[2]].append(n.idx)
        # acronym nodes take the majority label's coarse type
        for n in self.nodes:
            if n.key[1] == "acr":
                n.kind = coarse_type(n.labels.most_common(1)[0][0]) if n.labels else "ORG"
        # 3. the user's alias file: separate groups become constraints, merge groups unions
        self._apply_alias_file(uf, compact_index)
        # 4. surnames in their article
        for (idx, tidx), aid in self.surname_edges.items():
            self.join(uf, tidx, idx, "surname-in-article", SURNAME_SCORE, aid)
        # 5. the same name under disagreeing labels (never a person with anything else)
        self._join_same_names(uf)
        # 6. explicit alias patterns, then expansions of one acronym given in one article
        for a, b, reason, score, aid in self.alias_joins:
            self.join(uf, a, b, reason, score, aid, explicit=True)
        for (a, b), aid in self.same_article_joins.items():
            self.join(uf, a, b, "acronym-same-article", ALIAS_KIND_SCORES["acronym"], aid, explicit=True)
        # names joined on explicit evidence take their group's type (the model's labels are noisy on
        # unfamiliar names), so the fuzzy step compares them as what they were said to be
        self._retype(uf)
        # 7. names that are the same name, compared only inside blocks
        self._fuzzy(uf)
        # 8. acronyms join the expansion most of their definitions agree on
        self._join_acronyms(uf)
        return clusters(self.nodes, self.edges, uf.find, self.stats)

    def _apply_alias_file(self, uf: _Union, compact_index: dict[str, list[int]]) -> None:
        for g, group in enumerate(self.rules.separate):
            for i, name in enumerate(group):
                for idx in self._nodes_named(name, compact_index):
                    uf.tag(idx, (g, i))
        for group in self.rules.merge:
            found = [idx for name in group for idx in self._nodes_named(name, compact_index)]
            for other in found[1:]:
                self.join(uf, found[0], other, "alias-file", 1.0)

    def _join_same_names(self, uf: _Union) -> None:
        by_compact: dict[tuple[str, str], list[int]] = defaultdict(list)
        for n in self.nodes:
            if n.key[1] != "acr":
                by_compact[(n.key[0], n.key[1])].append(n.idx)
        person_words = None
        for idxs in by_compact.values():
            if len(idxs) > 1:
                non_person = sorted((i for i in idxs if self.nodes[i].kind != "PERSON"),
                                    key=lambda i: -self.nodes[i].count)
                for other in non_person[1:]:
                    self.join(uf, non_person[0], other, "same-name", 1.0)
                # a full name of two or more words is one thing whatever label the model gave it, but never
                # a place (a person and a place may share a name: HARD_APART refuses that join)
                people = [i for i in idxs if self.nodes[i].kind == "PERSON"]
                if people and non_person and len(self.nodes[people[0]].forms.tokens) > 1:
                    self.join(uf, people[0], non_person[0], "same-full-name", 1.0)
                elif people and non_person and self.nodes[people[0]].key[0] == "":
                    if person_words is None:
                        person_words = self._person_words()
                    self._join_same_word(uf, people[0], non_person, person_words)

    def _person_words(self) -> set[str]:
        """Every word of every person's full name the corpus holds (`ex-Yukos` is none)."""
        return {t for n in self.nodes if n.kind == "PERSON" and len(n.forms.tokens) > 1
                and written_as_full_name(n.surface) for t in n.forms.tokens}

    def _join_same_word(self, uf: _Union, person: int, others: list[int], person_words: set[str]) -> None:
        """One word the model tags PERSON in some articles and as another kind of name in others
        (`Labour`, `Chelsea`, `Yukos`): where no person in the corpus has it in a full name, or the model
        reads it as the other kind SAME_WORD_MAJORITY times as often, its PERSON mentions are that other
        thing, named under its name (a guess, kept as a `same-word` merge): read so, they vote for its
        type and their linked mentions carry its label. A word of someone's full name that the model
        calls a person often enough (`Fox`: Liam Fox and the broadcaster) stays apart."""
        node = self.nodes[person]
        if len(node.forms.tokens) != 1:
            return
        elsewhere = sum(self.nodes[i].count for i in others)
        if node.forms.tokens[0] in person_words and elsewhere < SAME_WORD_MAJORITY * node.count:
            return
        target = self.nodes[others[0]]
        if not self.join(uf, others[0], person, "same-word", SAME_WORD_SCORE):
            return
        label = max(target.labels, key=lambda k: (target.labels[k], k)) if target.labels else None
        if label and node.labels.get("PERSON"):
            node.labels[label] += node.labels.pop("PERSON")
            self.read_as[person] = label
        node.kind = target.kind
        node._forms = None

    def _join_acronyms(self, uf: _Union) -> None:
        for acr, defs in self.definitions.items():
            roots: Counter = Counter()
            for (exp, _, _), (count, _) in defs.items():
                roots[uf.find(exp)] += count
            root, n = roots.most_common(1)[0]
            if n / sum(roots.values()) < ACRONYM_MAJORITY:
                self.stats["acronym_ambiguous"] += 1
                continue
            (exp, reason, score), (_, aid) = max(((k, v) for k, v in defs.items() if uf.find(k[0]) == root),
                                                key=lambda kv: kv[0][2])
            self.join(uf, exp, acr, reason, score, aid, explicit=True)

    def _retype(self, uf: _Union) -> None:
        groups: dict[int, list[int]] = defaultdict(list)
        for n in self.nodes:
            groups[uf.find(n.idx)].append(n.idx)
        given = None
        for idxs in groups.values():
            if len(idxs) < 2:
                continue
            kinds = Counter()
            for i in idxs:
                if self.nodes[i].kind:
                    kinds[self.nodes[i].kind] += self.nodes[i].count + (2 if self.nodes[i].key[1] == "acr" else 0)
            if not kinds:
                continue
            kind = kinds.most_common(1)[0][0]
            if kind != "PERSON" and "PERSON" in kinds:
                if given is None:
                    given = self._given_names()
                if self._a_persons_name(idxs, given):
                    kind = "PERSON"
            for i in idxs:
                node = self.nodes[i]
                if node.kind != kind and node.key[0] == "":
                    node.kind = kind
                    node._forms = None

    def _given_names(self) -> Counter:
        """The first words (in their variant spelling) of the people's full names the corpus holds, with
        how many different full names each opens."""
        return Counter(variant(n.forms.tokens[0]) for n in self.nodes
                       if n.kind == "PERSON" and n.key[0] == "" and len(n.forms.tokens) > 1)

    def _a_persons_name(self, idxs: list[int], given: Counter) -> bool:
        """One full name the model calls a person in some mentions and a body in more (`Davud Saranek`,
        ORG twice and PERSON once) is a person's when its first word opens another person's full name in
        the corpus (`Dawud Saraneq`): a given name, where a body's name opens with no one's."""
        names = {self.nodes[i].forms.compact for i in idxs}
        first = self.nodes[idxs[0]].forms.tokens
        if len(names) != 1 or len(first) < 2:
            return False
        own = sum(1 for i in idxs if self.nodes[i].kind == "PERSON" and self.nodes[i].key[0] == "")
        return given[variant(first[0])] > own

    def _nodes_named(self, name: str, compact_index) -> list[int]:
        """Every node of `name`, whatever form it took (a surname joined in its article, any label); a name
        written with a woman's honorific names only the nodes that carry one."""
        female = bool(name.split()) and name.split()[0].lower() in FEMALE_HONORIFICS
        out: list[int] = []
        for kind in ("", "PERSON", "ORG"):
            for idx in compact_index.get(forms(name, kind).compact, ()):
                if idx not in out and (self.nodes[idx].key[0] == "female") == female:
                    out.append(idx)
        return out

    def _fuzzy(self, uf: _Union) -> None:
        blocks: dict[tuple[str, str], list[int]] = defaultdict(list)
        for n in self.nodes:
            if n.key[0] == "" and n.key[1] != "acr" and n.surfaces:
                for k in n.forms.keys():
                    if k[1]:
                        blocks[k].append(n.idx)
        seen: set[tuple[int, int]] = set()
        for members in blocks.values():
            if len(members) < 2:
                continue
            if len(members) <= MAX_BLOCK:
                cands = ((members[i], members[j]) for i in range(len(members)) for j in range(i + 1, len(members)))
            else:
                self.stats["large_blocks"] += 1
                ordered = sorted(members, key=lambda i: self.nodes[i].forms.variant)
                cands = ((ordered[i], ordered[j]) for i in range(len(ordered))
                         for j in range(i + 1, min(i + WINDOW, len(ordered))))
            for a, b in cands:
                pair = (a, b) if a < b else (b, a)
                if pair in seen:
                    continue
                seen.add(pair)
                if uf.find(a) == uf.find(b):
                    continue
                self.stats["pairs_scored"] += 1
                got = names_match(self.nodes[a].forms, self.nodes[b].forms)
                if got:
                    self.join(uf, a, b, got[0], got[1])
