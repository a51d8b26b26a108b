"""The resolver's per-article step: one article's mentions and alias evidence become nodes, and the
evidence that needs the article's own text (surnames, alias patterns, acronym definitions) is kept
for the merge step.

Everything that needs the article's mentions happens here, so a caller can stream a corpus article
by article and keep only the nodes (one per distinct name) between articles. Hand-written: the
rules (a surname means the one full name of its article, an acronym spells a name beside it) are
about how news text names people and organizations, which no library models.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from typing import Iterable

from newsdossier.entities.matching import initials_match, looks_like_a_name, names_match, only_function_words, token_match
from newsdossier.entities.normalize import NameForms, coarse_type, fold, forms, is_acronym
from newsdossier.entities.resolution import AliasIn, MentionIn, Node

# spaCy labels that name something an entity page is about (numbers, dates and the like are not).
ENTITY_LABELS = frozenset({"PERSON", "NORP", "FAC", "ORG", "GPE", "LOC", "PRODUCT", "EVENT",
                           "WORK_OF_ART", "LAW"})
# Score of each kind of explicit alias evidence (see aliases.py for the patterns).
ALIAS_KIND_SCORES = {"acronym": 0.95, "parenthetical": 0.9, "also_known_as": 0.95, "formerly": 0.95,
                     "called": 0.9, "renamed": 0.95, "dubbed": 0.85, "alias": 0.95}
# Evidence kinds that only add a mention the model missed (the in-article surname rule links it).
MENTION_ONLY_KINDS = frozenset({"short_form"})
ACRONYM_UNMATCHED_SCORE = 0.85  # a parenthesized acronym whose letters are not the name's initials
ACRONYM_INITIALS_SCORE = 0.8  # an acronym whose letters are the initials of a name in the same article
# Honorifics that say a person is a woman: "Mrs Howard" is never the "Michael Howard" of the same
# article by surname alone, nor any other person who shares the surname (gender is not guessed from
# first names; these words say it).
FEMALE_HONORIFICS = frozenset({"mrs", "mrs.", "ms", "ms.", "miss", "madam", "madame", "mme", "mme.", "lady",
                               "dame"})
# An article with this many `Name (Other)` patterns is a list of affiliations (a team line-up, a
# prize list), not a list of aliases.
MAX_PARENTHETICALS = 3
# A mention ending in a linking particle (Persian ezafe `-e`, `-ye`) continues into the next one.
_EZAFE_END = re.compile(r"[-‐](?:e|ye|i|ul|al|el)$", re.IGNORECASE)

# (alias kind, mention on the name side, mention on the alias side)
AliasPair = tuple[str, MentionIn, MentionIn]


def entity_mentions(mentions: Iterable[MentionIn]) -> list[MentionIn]:
    """The mentions that may name an entity, in text order (a longer span first at one start)."""
    ms = [m for m in mentions if (m.label in ENTITY_LABELS and looks_like_a_name(m.text))
          or (m.source == "alias" and not only_function_words(m.text))]
    ms.sort(key=lambda m: (m.start, -m.end))
    return ms


def usable_aliases(aliases: Iterable[AliasIn]) -> list[AliasIn]:
    """The alias evidence worth believing in one article."""
    # `The` as the short form of `Jerry Springer - The` (a title the model cut): no evidence of a name
    aliases = [ev for ev in aliases if not only_function_words(ev.alias_text) and not only_function_words(ev.name_text)]
    if sum(ev.kind == "parenthetical" for ev in aliases) >= MAX_PARENTHETICALS:
        aliases = [ev for ev in aliases if ev.kind != "parenthetical"]
    return aliases


def join_ezafe(ms: list[MentionIn], override: dict[int, MentionIn]) -> None:
    """`Mojahedin-e` + `Khalq Organization`: a name cut after a linking particle is one name."""
    i = 0
    while i < len(ms) - 1:
        a, b = ms[i], ms[i + 1]
        if b.start - a.end == 1 and _EZAFE_END.search(a.text) and id(a) not in override:
            joined = MentionIn(a.article_id, a.start, b.end, a.text + " " + b.text, b.label or a.label, "joined")
            override[id(a)] = joined
            override[id(b)] = joined
            ms.insert(i + 2, joined)
            i += 2
            continue
        i += 1


def _alias_side(ms: list[MentionIn], override: dict[int, MentionIn], start: int, end: int, text: str):
    """One side of an alias pattern: (start, end, text, the mention exactly there or None, the mentions
    inside it, their most common label or None)."""
    exact = [m for m in ms if (m.start, m.end) == (start, end) and id(m) not in override]
    exact = exact or [m for m in ms if m.end == end and start - 5 <= m.start < start
                      and fold(m.text[: start - m.start]).strip() == "the"]
    inside = [m for m in ms if start <= m.start and m.end <= end and id(m) not in override]
    labels = Counter(m.label for m in (exact or inside) if m.label)
    return (start, end, text, exact[0] if exact else None, inside,
            labels.most_common(1)[0][0] if labels else None)


def _drop_spans_across(ms: list[MentionIn], ev: AliasIn) -> None:
    """A model mention drawn across a whole alias pattern (`Calling the Harbour Board (HB) group`, or
    `Harbour Board (HB)` as one span) is no name of its own: the two sides are the names."""
    first, last = min(ev.name_start, ev.alias_start), max(ev.name_end, ev.alias_end)
    sides = {(ev.name_start, ev.name_end), (ev.alias_start, ev.alias_end)}
    ms[:] = [m for m in ms if not (m.source not in ("alias", "joined") and m.start <= first and last <= m.end
                                   and (m.start, m.end) not in sides)]


def alias_pairs(aid: str, ms: list[MentionIn], aliases: list[AliasIn],
                override: dict[int, MentionIn]) -> list[AliasPair]:
    """Find (or add) the mention on each side of every alias pattern; an added mention stands for
    the model's mentions inside it (`override`)."""
    pairs: list[AliasPair] = []
    for ev in aliases:
        _drop_spans_across(ms, ev)
        sides = [_alias_side(ms, override, start, end, text)
                 for start, end, text in ((ev.name_start, ev.name_end, ev.name_text),
                                          (ev.alias_start, ev.alias_end, ev.alias_text))]
        got = []
        for i, (start, end, text, exact, inside, label) in enumerate(sides):
            if exact is not None:
                got.append(exact)
                continue
            other_label = sides[1 - i][5] if ev.kind != "parenthetical" else None
            label = label or other_label or ("ORG" if is_acronym(text) or is_acronym(sides[1 - i][2]) else None)
            m = MentionIn(aid, start, end, text, label, "alias")
            ms.append(m)
            for inner in inside:
                override[id(inner)] = m
            got.append(m)
        pairs.append((ev.kind, got[0], got[1]))
    return pairs


def _other_senses_of_words(ms: list[MentionIn]) -> dict[str, str]:
    """Each one-word name the model tags PERSON in the article less often than as a name of another
    kind, with that other label (the commonest; ties to the first written)."""
    people = Counter(m.text for m in ms if m.label == "PERSON" and m.text and " " not in m.text.strip())
    if not people:
        return {}
    others: dict[str, Counter] = {}
    for m in ms:
        if m.text in people and m.label and m.label != "PERSON" and m.label in ENTITY_LABELS:
            others.setdefault(m.text, Counter())[m.label] += 1
    return {text: labels.most_common(1)[0][0] for text, labels in others.items()
            if sum(labels.values()) > people[text]}


def written_as_full_name(text: str) -> bool:
    """Two words or more, the first a capital's: `Ex-Labour`, `Tory-Labour` and `ofNew Labour` are words
    the model ran together, no one's full name (their last part is no surname)."""
    words = text.split()
    return len(words) >= 2 and words[0][:1].isupper()


def full_names_of_people(ms: list[MentionIn]) -> list[tuple[NameForms, MentionIn]]:
    """The article's people named with two words or more: what its bare surnames may mean."""
    full_people = []
    for m in ms:
        kind = coarse_type(m.label)
        if not written_as_full_name(m.text):
            continue
        if kind == "PERSON" and not _ACRONYM_FIRST.match(m.text):
            f = forms(m.text, kind)
            if len(f.tokens) > 1:
                full_people.append((f, m))
    return full_people


# a "person" whose name opens with an acronym (`BBC Sport Wales`, `CNN Money`) is a body the model mislabelled:
# its last word (`Wales`) is no surname to link
_ACRONYM_FIRST = re.compile(r"[A-Z]{3,}\s")


class ArticleGathering:
    """`Resolver.add_article` and its steps (mixed into `Resolver`, which holds the state)."""

    nodes: list[Node]
    by_key: dict[tuple[str, str, str], int]
    stats: Counter
    keep_articles: bool
    surname_edges: dict[tuple[int, int], str]
    alias_joins: list[tuple[int, int, str, float, str]]
    same_article_joins: dict[tuple[int, int], str]
    definitions: dict[int, dict[tuple[int, str, float], list]]

    def node(self, key: tuple[str, str, str], kind: str) -> int:
        idx = self.by_key.get(key)
        if idx is None:
            idx = len(self.nodes)
            self.nodes.append(Node(idx, key, kind))
            self.by_key[key] = idx
        return idx

    def _key(self, f: NameForms, kind: str, scope: str = "") -> tuple[str, str, str]:
        if f.acronym:
            return ("", "acr", f.compact)
        return (scope, f.compact, kind)

    def add_article(self, aid: str, mentions: Iterable[MentionIn],
                    aliases: Iterable[AliasIn] = ()) -> list[tuple[MentionIn, int, bool]]:
        """Take one article's mentions and alias evidence; return each mention with its node and
        whether it is a fragment of a longer name (`part`)."""
        ms = entity_mentions(mentions)
        override: dict[int, MentionIn] = {}  # id(mention) -> the longer mention that stands for it
        join_ezafe(ms, override)
        # 1. alias evidence: find (or add) the mention on each side
        pairs = alias_pairs(aid, ms, usable_aliases(aliases), override)
        # 2. nodes, with bare surnames resolved inside their article
        node_of: dict[int, int] = {}
        out = self._assign_nodes(aid, ms, override, node_of)
        out += self._assign_parts(ms, override, node_of)
        # 6 (collected). explicit alias patterns; acronym definitions are decided in `finish`
        defined_here: dict[int, list[int]] = defaultdict(list)
        explicit_acronyms = self._collect_alias_pairs(aid, pairs, node_of, defined_here)
        self._acronyms_by_initials(aid, ms, node_of, explicit_acronyms, defined_here)
        # expansions of one acronym in one article are one thing
        for exps in defined_here.values():
            for other in exps[1:]:
                self.same_article_joins.setdefault((exps[0], other), aid)
        return out

    def _assign_nodes(self, aid: str, ms: list[MentionIn], override: dict[int, MentionIn],
                      node_of: dict[int, int]) -> list[tuple[MentionIn, int, bool]]:
        """Give every mention that stands for itself its node, counting its spelling and label there."""
        full_people = full_names_of_people(ms)
        out: list[tuple[MentionIn, int, bool]] = []
        targets: dict[tuple[NameForms, bool], NameForms | None] = {}  # a name repeats within its article
        other_senses = _other_senses_of_words(ms)
        for m in ms:
            if id(m) in override:
                continue
            key, kind, target = self._node_key(m, full_people, targets)
            # a short form that stands for a person's full name in its article is that person's
            # name, whatever the model called it (`Campbell` it tags ORG beside `Alastair Campbell`)
            label = "PERSON" if target is not None else m.label
            if target is None and kind == "PERSON" and key[0] == "" and m.text in other_senses:
                # one word, one sense per article: `Labour` the model tags PERSON beside `Labour` it tags
                # ORG more often (and no full name of a person in the article ends in it) is the party,
                # as the rest of the article says
                label = other_senses[m.text]
                kind = coarse_type(label)
                key = self._key(forms(m.text, kind), kind)
            idx = self.node(key, kind)
            node = self.nodes[idx]
            node.surfaces[m.text] += 1
            node.count += 1
            if self.keep_articles:
                node.articles.add(aid)
            if label:
                node.labels[label] += 1
            # the linked mention carries the label read here (`mentions` keeps the model's own)
            out.append((m if label == m.label else MentionIn(m.article_id, m.start, m.end, m.text, label, m.source),
                        idx, False))
            node_of[id(m)] = idx
            if target is not None:
                tidx = self.node(self._key(target, "PERSON"), "PERSON")
                self.surname_edges.setdefault((idx, tidx), aid)
        return out

    def _node_key(self, m: MentionIn, full_people, targets) -> tuple[tuple[str, str, str], str, NameForms | None]:
        """(node key, coarse type, the full name a short one stands for or None) of one mention."""
        kind = coarse_type(m.label)
        f = forms(m.text, kind)
        key = self._key(f, kind)
        target = None
        female = m.text.split(maxsplit=1)[0].lower() in FEMALE_HONORIFICS if m.text.strip() else False
        if female:
            key = ("female", f.compact, "PERSON")
            kind = "PERSON"
        elif not f.acronym and kind in ("PERSON", "", "ORG") and full_people:
            target = self._longest_surname_target(f, kind, full_people, targets)
            if target is not None:
                # one node per (short name, full name) pair, whatever the article: it always
                # joins that full name, so keeping one per article would only cost memory
                key = ("surname:" + target.compact, f.compact, "PERSON")
                kind = "PERSON"
        return key, kind, target

    def _longest_surname_target(self, f: NameForms, kind: str, full_people, targets) -> NameForms | None:
        asked = (f, kind == "ORG")
        if asked not in targets:
            targets[asked] = self._surname_target(f, full_people, strict=kind == "ORG",
                                                  given=kind == "PERSON")
        target = targets[asked]
        for _ in range(3):  # `Connick` -> `Connick Jr` -> `Harry Connick Jr`: join the longest
            if target is None:
                break
            longer = (target, False)
            if longer not in targets:
                targets[longer] = self._surname_target(target, full_people, strict=False, given=True)
            if targets[longer] is None or targets[longer] == target:
                break
            target = targets[longer]
        return target

    @staticmethod
    def _assign_parts(ms: list[MentionIn], override: dict[int, MentionIn],
                      node_of: dict[int, int]) -> list[tuple[MentionIn, int, bool]]:
        """A mention some longer mention stands for takes that one's node, marked as a part."""
        out: list[tuple[MentionIn, int, bool]] = []
        for m in ms:
            if id(m) in override:
                top = override[id(m)]
                while id(top) in override:
                    top = override[id(top)]
                out.append((m, node_of[id(top)], True))
                node_of[id(m)] = node_of[id(top)]
        return out

    def _collect_alias_pairs(self, aid: str, pairs: list[AliasPair], node_of: dict[int, int],
                             defined_here: dict[int, list[int]]) -> set[int]:
        """Keep each alias pattern for `finish`: an acronym beside a name defines it, anything else
        is an alias join. Returns the acronym nodes defined explicitly."""
        explicit_acronyms: set[int] = set()
        for kind, left, right in pairs:
            if kind in MENTION_ONLY_KINDS:
                continue
            a, b = node_of[id(left)], node_of[id(right)]
            na, nb = self.nodes[a], self.nodes[b]
            if (na.key[1] == "acr") != (nb.key[1] == "acr"):
                acr, exp = (a, b) if na.key[1] == "acr" else (b, a)
                exp_text = (right if exp == b else left).text
                acr_text = (left if acr == a else right).text
                score = ALIAS_KIND_SCORES["acronym"] if initials_match(acr_text, exp_text) else ACRONYM_UNMATCHED_SCORE
                self._define(acr, exp, aid, "acronym-defined", score)
                self.nodes[exp].defines_acronym = True
                explicit_acronyms.add(acr)
                defined_here[acr].append(exp)
            else:
                self.alias_joins.append((a, b, f"alias:{kind}", ALIAS_KIND_SCORES.get(kind, 0.9), aid))
        return explicit_acronyms

    def _acronyms_by_initials(self, aid: str, ms: list[MentionIn], node_of: dict[int, int],
                              explicit_acronyms: set[int], defined_here: dict[int, list[int]]) -> None:
        """An acronym alone in an article whose letters are the initials of one name there."""
        acronyms: dict[int, str] = {}
        for m in ms:
            idx = node_of[id(m)]
            if self.nodes[idx].key[1] == "acr" and idx not in explicit_acronyms:
                acronyms.setdefault(idx, m.text)
        for acr, acr_text in acronyms.items():
            cands = {node_of[id(m)] for m in ms
                     if coarse_type(m.label) != "PERSON" and self.nodes[node_of[id(m)]].key[1] != "acr"
                     and initials_match(acr_text, m.text)}
            if len(cands) == 1:
                exp = cands.pop()
                self._define(acr, exp, aid, "acronym-initials", ACRONYM_INITIALS_SCORE)
                defined_here[acr].append(exp)

    def _define(self, acr: int, exp: int, aid: str, reason: str, score: float) -> None:
        seen = self.definitions[acr].get((exp, reason, score))
        if seen is None:
            self.definitions[acr][(exp, reason, score)] = [1, aid]
        else:
            seen[0] += 1

    def _surname_target(self, f: NameForms, full_people, *, strict: bool = False,
                        given: bool = False) -> NameForms | None:
        """The one full name of a person in the article that ends with this shorter name, or None.
        `strict`: the model called the short name something else, so only an exact tail counts.
        `given`: the model called a one-word name a person, so the first name of a full name counts
        too (`Saddam` of `Saddam Hussein`), exactly written."""
        hits: dict[str, NameForms] = {}
        for full, _ in full_people:
            if len(full.tokens) <= len(f.tokens) or full.compact == f.compact:
                continue
            if given and len(f.tokens) == 1 and full.tokens[0] == f.compact:
                hits[full.compact] = full
                continue
            for i in range(1, len(full.tokens)):
                tail = "".join(full.tokens[i:])
                if tail == f.compact or (not strict and token_match(f.compact, tail)):
                    hits[full.compact] = full
                    break
        if not hits:
            return None
        found = list(hits.values())
        if all(names_match(found[0], other) for other in found[1:]):
            return max(found, key=lambda x: len(x.tokens))
        self.stats["surname_ambiguous"] += 1
        return None
