"""The resolver: mentions (and alias evidence) in, entities with explained merges out.

Pure functions over plain data, no store: the `entities` link stage feeds it stored rows, the tests
feed it hand-made lists, the benchmarks feed it synthetic names.

Order of work:
1. every mention gets a *node*: one per distinct normalized name and coarse type (an acronym is one
   node whatever its label); a bare surname that matches exactly one full name of a person in the
   same article gets a node of its own for that article, joined to the full name;
2. union-find over nodes, strongest evidence first, each accepted union kept as an edge with its
   reason and score: the user's alias file; the same name under disagreeing labels; explicit alias
   patterns in the text; names equal after normalization or transliteration rules, or close enough
   (candidates only from shared blocking keys, never all pairs); acronyms to the expansion they were
   defined with (in that article or another);
3. a cluster is an entity; its name is its most frequent full form.

The user's `separate` groups are cannot-link constraints checked at every union.
"""
from __future__ import annotations

import hashlib
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterable

from rapidfuzz.distance import JaroWinkler

from newsdossier.entities.normalize import (
    DISTINGUISHING_SUFFIXES,
    ORG_DESIGNATORS,
    SOFT_MIN_LENGTH,
    STOP_TOKENS,
    VOWELS,
    NameForms,
    clean_surface,
    coarse_type,
    fold,
    forms,
    is_acronym,
)

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
SURNAME_SCORE = 0.9
ACRONYM_MAJORITY = 2 / 3  # share of an acronym's definitions that must agree to link it everywhere
MAX_BLOCK = 300  # larger blocks are compared by sorted neighbourhood only
WINDOW = 25  # neighbourhood size inside a large block
# Coarse types that may never be merged, even on explicit evidence (a person is not a place).
HARD_APART = {frozenset({"PERSON", "PLACE"})}
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


@dataclass(slots=True)
class MentionIn:
    article_id: str
    start: int
    end: int
    text: str
    label: str | None
    source: str = "ner"  # 'ner' (the model) or 'alias' (an alias pattern the model did not tag)


@dataclass(slots=True)
class AliasIn:
    """Explicit alias evidence: the text says `name` is also called `alias`."""

    article_id: str
    kind: str
    name_start: int
    name_end: int
    name_text: str
    alias_start: int
    alias_end: int
    alias_text: str


@dataclass(slots=True)
class AliasRules:
    """The user's corrections: groups of names to merge, and groups to keep apart."""

    merge: list[list[str]] = field(default_factory=list)
    separate: list[list[str]] = field(default_factory=list)


@dataclass(slots=True)
class Node:
    idx: int
    key: tuple[str, str, str]
    kind: str
    surfaces: Counter = field(default_factory=Counter)
    labels: Counter = field(default_factory=Counter)
    articles: set = field(default_factory=set)
    count: int = 0
    defines_acronym: bool = False
    _forms: NameForms | None = None

    @property
    def surface(self) -> str:
        """The most frequent spelling; '' for a node no mention named (see `finish`)."""
        top = self.surfaces.most_common(1)
        return top[0][0] if top else ""

    @property
    def forms(self) -> NameForms:
        if self._forms is None:
            self._forms = forms(self.surface, self.kind)
        return self._forms


@dataclass(slots=True)
class Edge:
    a: int
    b: int
    reason: str
    score: float
    article_id: str | None = None


@dataclass(slots=True)
class ResolvedEntity:
    id: str
    name: str
    type: str
    nodes: list[int]
    mention_count: int
    articles: set
    aliases: list[dict]  # alias, normalized, reason, score, count, via
    merges: list[Edge]


@dataclass(slots=True)
class Resolution:
    entities: list[ResolvedEntity]
    mentions: list[tuple[MentionIn, str]]  # each mention with its entity id
    nodes: list[Node]
    stats: dict[str, int]
    parts: set = field(default_factory=set)  # id() of model mentions that are fragments of a longer name

    def entity_of(self, name: str) -> ResolvedEntity | None:
        """The entity that has `name` among its aliases (exact surface, else normalized)."""
        for ent in self.entities:
            if any(a["alias"] == name for a in ent.aliases):
                return ent
        norm = forms(name).compact
        for ent in self.entities:
            if any(a["normalized"].replace(" ", "") == norm for a in ent.aliases):
                return ent
        return None


# -- pair decisions ---------------------------------------------------------------------------------


# Words that are never a name on their own, capitalised or not: "The", taken in one BBC article as the short
# form of "Jerry Springer - The", became an entity whose name then matched 6,595 sentence openings.
FUNCTION_WORDS = frozenset("""
the a an this that these those it its he she they we i you his her their our my your him them us me there here
and or but nor of in on at to for by with from as if when while what who whom whose which where why how not no
all any some each every both either neither such other another one mr mrs ms dr
""".split())


def only_function_words(text: str) -> bool:
    """`The`, `It`, `of the`; an acronym in capitals (`US`, `WHO`) is a name, not the pronoun."""
    words = [w.strip(".,;:'\"()") for w in text.replace("’", "'").split()]
    return bool(words) and all(w.casefold() in FUNCTION_WORDS and not (len(w) > 1 and w.isupper()) for w in words)


def looks_like_a_name(text: str) -> bool:
    """A tagged span with no capital, no digit and no letter of a caseless script (`the`, `state`:
    seen tagged ORG on the BBC set), or of function words only (`The`, `It`), is no name: it would
    become an entity called `the`."""
    if only_function_words(text):
        return False
    return any(c.isupper() or c.isdigit() or (c.isalpha() and c.lower() == c.upper()) for c in text)


def types_compatible(a: str, b: str, *, explicit: bool = False) -> bool:
    """Fuzzy matches need equal coarse types ('' is unknown, fits any); explicit evidence only
    needs the types not to be hard apart."""
    if not a or not b or a == b:
        return True
    if explicit:
        return frozenset({a, b}) not in HARD_APART
    return False


def _suffix_apart(x: str, y: str) -> bool:
    """True when one name is the other plus a distinguishing ending (Hussein / Husseini)."""
    if len(x) > len(y):
        x, y = y, x
    return y.startswith(x) and y[len(x):] in DISTINGUISHING_SUFFIXES


def _one_vowel_indel(x: str, y: str) -> bool:
    """y is x with one vowel inserted (or removed) somewhere other than at the end."""
    if abs(len(x) - len(y)) != 1:
        return False
    if len(x) > len(y):
        x, y = y, x
    for i in range(len(y) - 1):
        if y[i] in VOWELS and y[:i] + y[i + 1:] == x:
            return True
    return False


@lru_cache(maxsize=100_000)  # compared pairs of name parts repeat across articles; bounded like `forms`
def token_match(x: str, y: str) -> str | None:
    """How two compact name parts match: 'normalized', 'transliteration', 'soft', 'vowel' or None."""
    if x == y:
        return "normalized"
    fx, fy = forms(x), forms(y)
    if _suffix_apart(fx.variant, fy.variant) or _suffix_apart(x, y):
        return None
    if fx.variant == fy.variant or any(a == b for a, b in zip(fx.e_forms, fy.e_forms)):
        return "transliteration"
    if min(len(fx.soft), len(fy.soft)) >= SOFT_MIN_LENGTH:
        if fx.soft == fy.soft:
            return "soft"
        if fx.soft[0] == fy.soft[0] and _one_vowel_indel(fx.soft, fy.soft):
            return "vowel"
    return None


_REASON_RANK = {"normalized": 0, "transliteration": 1, "soft": 2, "vowel": 3}


def names_match(a: NameForms, b: NameForms) -> tuple[str, float] | None:
    """Whether two names (with their coarse types) are the same name; (reason, score) or None.

    The score is the Jaro-Winkler similarity of the normalized compact forms (rapidfuzz).
    """
    if a.acronym or b.acronym or not a.compact or not b.compact:
        return None
    strict_only = not types_compatible(a.kind, b.kind)
    if strict_only and "PERSON" in (a.kind, b.kind):
        return None
    got = _names_match(a, b)
    if got and strict_only and got[0] not in STRICT_REASONS:
        return None
    return got


# Reasons strong enough to join an organization and a place (the model often swaps those labels).
STRICT_REASONS = frozenset({"normalized", "spacing", "transliteration"})


def _names_match(a: NameForms, b: NameForms) -> tuple[str, float] | None:
    score = round(JaroWinkler.normalized_similarity(a.compact, b.compact), 3)
    if a.compact == b.compact:
        return ("normalized" if a.norm == b.norm else "spacing", 1.0)
    if len(a.tokens) == len(b.tokens) and len(a.tokens) > 1:
        worst = "normalized"
        for x, y in zip(a.tokens, b.tokens):
            how = token_match(x, y)
            if how is None:
                break
            worst = max(worst, how, key=_REASON_RANK.__getitem__)
        else:
            return worst, score
    # different token counts (or one token): compare whole names; people need equal token counts
    if a.kind == "PERSON" and b.kind == "PERSON" and len(a.tokens) != len(b.tokens):
        if forms(a.compact).variant != forms(b.compact).variant:
            return None
    if len(a.tokens) == len(b.tokens) and len(a.tokens) > 1:
        # token-wise failed: only a spelling of the whole that differs by spacing may still match
        if forms(a.compact).variant != forms(b.compact).variant:
            return None
    how = token_match(a.compact, b.compact)
    if how is None:
        return None
    return ("transliteration" if how == "normalized" else how), score


def initials_match(acronym: str, expansion: str) -> bool:
    """Whether an acronym's letters are the initials of `expansion`.

    Particles and articles (of, the, -e, al-) may give a letter or be skipped; designators at the
    end (Organization, Inc.) may be skipped: `MKO` and `MEK` both fit `Mujahedin-e Khalq Organization`.
    """
    letters = [c for c in fold(acronym) if c.isalnum()]
    words = [w for w in fold(expansion).replace("-", " ").replace("'", " ").replace("’", " ").split() if w]
    words = [w.strip(".,;:()\"“”") for w in words]
    words = [w for w in words if w]
    if len(letters) < 2 or len(words) < 2:
        return False

    def go(i: int, j: int) -> bool:
        if i == len(letters):
            return all(w in STOP_TOKENS or w in ORG_DESIGNATORS for w in words[j:])
        if j == len(words):
            return False
        w = words[j]
        optional = w in STOP_TOKENS or (w in ORG_DESIGNATORS and j == len(words) - 1)
        if w[0] == letters[i] and go(i + 1, j + 1):
            return True
        return optional and go(i, j + 1)

    return go(0, 0)


# -- union-find with cannot-link constraints ----------------------------------------------------------


class _Union:
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


# -- the resolver -----------------------------------------------------------------------------------


def _overlapping(mentions: list[MentionIn], start: int, end: int) -> MentionIn | None:
    best = None
    for m in mentions:
        if m.start < end and start < m.end:
            if best is None or abs((m.end - m.start) - (end - start)) < abs((best.end - best.start) - (end - start)):
                best = m
    return best


def _entity_id(compact: str, type_: str) -> str:
    return "e" + hashlib.sha1(f"{compact}|{type_}".encode()).hexdigest()[:11]


class Resolver:
    def __init__(self, rules: AliasRules | None = None, *, keep_articles: bool = True):
        self.rules = rules or AliasRules()
        # `keep_articles=False`: nodes do not collect their article ids (the link stage counts
        # articles in SQL), so memory grows with the distinct names, not with the corpus
        self.keep_articles = keep_articles
        self.nodes: list[Node] = []
        self.by_key: dict[tuple[str, str, str], int] = {}
        self.edges: list[Edge] = []
        self.stats: Counter = Counter()
        # evidence gathered article by article, decided in `finish`
        self.surname_edges: dict[tuple[int, int], str] = {}  # (short node, full node) -> first article
        self.alias_joins: list[tuple[int, int, str, float, str]] = []
        self.same_article_joins: dict[tuple[int, int], str] = {}
        # acronym node -> {(expansion node, reason, score): [times seen, first article]}
        self.definitions: dict[int, dict[tuple[int, str, float], list]] = defaultdict(dict)

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
            # a person's other name is a person's name (or an acronym): `Smith (Labour)` is not one
            if (not refuse and not reason.startswith(("acronym", "same-full-name")) and "PERSON" in (na.kind, nb.kind)
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

    def add_article(self, aid: str, mentions: Iterable[MentionIn],
                    aliases: Iterable[AliasIn] = ()) -> list[tuple[MentionIn, int, bool]]:
        """Take one article's mentions and alias evidence; return each mention with its node and
        whether it is a fragment of a longer name (`part`).

        Everything that needs the article's own mentions happens here, so a caller can stream a
        corpus article by article and keep only the nodes (one per distinct name) between articles.
        """
        ms = [m for m in mentions if (m.label in ENTITY_LABELS and looks_like_a_name(m.text))
              or (m.source == "alias" and not only_function_words(m.text))]
        ms.sort(key=lambda m: (m.start, -m.end))
        override: dict[int, MentionIn] = {}  # id(mention) -> the longer mention that stands for it
        self._join_ezafe(ms, override)
        # 1. alias evidence: find (or add) the mention on each side
        pairs: list[tuple[str, MentionIn, MentionIn]] = []
        # `The` as the short form of `Jerry Springer - The` (a title the model cut): no evidence of a name
        aliases = [ev for ev in aliases if not only_function_words(ev.alias_text) and not only_function_words(ev.name_text)]
        if sum(ev.kind == "parenthetical" for ev in aliases) >= MAX_PARENTHETICALS:
            aliases = [ev for ev in aliases if ev.kind != "parenthetical"]
        for ev in aliases:
            sides = []
            for start, end, text in ((ev.name_start, ev.name_end, ev.name_text),
                                     (ev.alias_start, ev.alias_end, ev.alias_text)):
                exact = [m for m in ms if (m.start, m.end) == (start, end) and id(m) not in override]
                exact = exact or [m for m in ms if m.end == end and start - 5 <= m.start < start
                                  and fold(m.text[: start - m.start]).strip() == "the"]
                inside = [m for m in ms if start <= m.start and m.end <= end and id(m) not in override]
                labels = Counter(m.label for m in (exact or inside) if m.label)
                sides.append((start, end, text, exact[0] if exact else None, inside,
                              labels.most_common(1)[0][0] if labels else None))
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
        # 2. nodes, with bare surnames resolved inside their article
        full_people = []
        for m in ms:
            kind = coarse_type(m.label)
            if kind == "PERSON":
                f = forms(m.text, kind)
                if len(f.tokens) > 1:
                    full_people.append((f, m))
        node_of: dict[int, int] = {}
        out: list[tuple[MentionIn, int, bool]] = []
        targets: dict[tuple[NameForms, bool], NameForms | None] = {}  # a name repeats within its article
        for m in ms:
            if id(m) in override:
                continue
            kind = coarse_type(m.label)
            f = forms(m.text, kind)
            key = self._key(f, kind)
            target = None
            female = m.text.split(maxsplit=1)[0].lower() in FEMALE_HONORIFICS if m.text.strip() else False
            if female:
                key = ("female", f.compact, "PERSON")
                kind = "PERSON"
            elif not f.acronym and kind in ("PERSON", "", "ORG") and full_people:
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
                if target is not None:
                    # one node per (short name, full name) pair, whatever the article: it always
                    # joins that full name, so keeping one per article would only cost memory
                    key = ("surname:" + target.compact, f.compact, "PERSON")
                    kind = "PERSON"
            idx = self.node(key, kind)
            node = self.nodes[idx]
            node.surfaces[m.text] += 1
            node.count += 1
            if self.keep_articles:
                node.articles.add(aid)
            if m.label:
                node.labels[m.label] += 1
            out.append((m, idx, False))
            node_of[id(m)] = idx
            if target is not None:
                tidx = self.node(self._key(target, "PERSON"), "PERSON")
                self.surname_edges.setdefault((idx, tidx), aid)
        for m in ms:
            if id(m) in override:
                top = override[id(m)]
                while id(top) in override:
                    top = override[id(top)]
                out.append((m, node_of[id(top)], True))
                node_of[id(m)] = node_of[id(top)]
        # 6 (collected). explicit alias patterns; acronym definitions are decided in `finish`
        explicit_acronyms: set[int] = set()
        defined_here: dict[int, list[int]] = defaultdict(list)
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
        # an acronym alone in an article whose letters are the initials of one name there
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
        # expansions of one acronym in one article are one thing
        for exps in defined_here.values():
            for other in exps[1:]:
                self.same_article_joins.setdefault((exps[0], other), aid)
        return out

    def _define(self, acr: int, exp: int, aid: str, reason: str, score: float) -> None:
        seen = self.definitions[acr].get((exp, reason, score))
        if seen is None:
            self.definitions[acr][(exp, reason, score)] = [1, aid]
        else:
            seen[0] += 1

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
        for g, group in enumerate(self.rules.separate):
            for i, name in enumerate(group):
                for idx in self._nodes_named(name, compact_index):
                    uf.tag(idx, (g, i))
        for group in self.rules.merge:
            found = [idx for name in group for idx in self._nodes_named(name, compact_index)]
            for other in found[1:]:
                self.join(uf, found[0], other, "alias-file", 1.0)
        # 4. surnames in their article
        for (idx, tidx), aid in self.surname_edges.items():
            self.join(uf, tidx, idx, "surname-in-article", SURNAME_SCORE, aid)
        # 5. the same name under disagreeing labels (never a person with anything else)
        by_compact: dict[tuple[str, str], list[int]] = defaultdict(list)
        for n in self.nodes:
            if n.key[1] != "acr":
                by_compact[(n.key[0], n.key[1])].append(n.idx)
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
        return self._clusters(uf)

    def resolve(self, mentions: Iterable[MentionIn], aliases: Iterable[AliasIn] = ()) -> Resolution:
        """Resolve a whole corpus held in memory (tests, benchmarks); the link stage streams instead."""
        by_article: dict[str, list[MentionIn]] = defaultdict(list)
        aliases_of: dict[str, list[AliasIn]] = defaultdict(list)
        for m in mentions:
            by_article[m.article_id].append(m)
        for ev in aliases:
            aliases_of[ev.article_id].append(ev)
            by_article.setdefault(ev.article_id, [])
        assigned: list[tuple[MentionIn, int, bool]] = []
        for aid, ms in by_article.items():
            assigned.extend(self.add_article(aid, ms, aliases_of.get(aid, ())))
        entities, entity_of_node = self.finish()
        return Resolution(entities, [(m, entity_of_node[i]) for m, i, _ in assigned], self.nodes, dict(self.stats),
                          {id(m) for m, _, part in assigned if part})

    @staticmethod
    def _join_ezafe(ms: list[MentionIn], override: dict[int, MentionIn]) -> None:
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

    def _retype(self, uf: _Union) -> None:
        groups: dict[int, list[int]] = defaultdict(list)
        for n in self.nodes:
            groups[uf.find(n.idx)].append(n.idx)
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
            for i in idxs:
                node = self.nodes[i]
                if node.kind != kind and node.key[0] == "":
                    node.kind = kind
                    node._forms = None

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

    def _clusters(self, uf: _Union) -> tuple[list[ResolvedEntity], dict[int, str]]:
        members: dict[int, list[int]] = defaultdict(list)
        for n in self.nodes:
            members[uf.find(n.idx)].append(n.idx)
        edges_by_root: dict[int, list[Edge]] = defaultdict(list)
        for e in self.edges:
            edges_by_root[uf.find(e.a)].append(e)
        entities: list[ResolvedEntity] = []
        entity_of_node: dict[int, str] = {}
        used_ids: set[str] = set()
        for root, idxs in sorted(members.items()):
            surfaces: Counter = Counter()
            labels: Counter = Counter()
            articles: set = set()
            for i in idxs:
                surfaces.update(self.nodes[i].surfaces)
                labels.update(self.nodes[i].labels)
                articles |= self.nodes[i].articles
            if not surfaces:
                # a node only ever named as the full name a short one joins, under a key no mention
                # of that name took (seen on the BBC set): it has no name of its own, so no entity
                continue
            clean = Counter()
            for surface, n in surfaces.items():
                clean[clean_surface(surface)] += n
            name = max(clean, key=lambda s: (s[:1].isupper(), not is_acronym(s), clean[s], len(s), s))
            type_ = labels.most_common(1)[0][0] if labels else ""
            canon = next(i for i in idxs if any(clean_surface(x) == name for x in self.nodes[i].surfaces))
            compact = self.nodes[canon].key[1] if self.nodes[canon].key[1] != "acr" else self.nodes[canon].key[2]
            eid = _entity_id(compact, type_)
            clash = 1
            while eid in used_ids:  # two entities kept apart under one spelling (two people named alike)
                clash += 1
                eid = _entity_id(f"{compact}#{clash}", type_)
            used_ids.add(eid)
            how = self._reach(canon, edges_by_root[root])
            by_surface: dict[str, dict] = {}
            for i in idxs:
                node = self.nodes[i]
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
            aliases = sorted(by_surface.values(), key=lambda a: (-a["count"], a["alias"]))
            for i in idxs:
                entity_of_node[i] = eid
            entities.append(ResolvedEntity(eid, name, type_, idxs, sum(surfaces.values()), articles, aliases,
                                           edges_by_root[root]))
        entities.sort(key=lambda e: (-e.mention_count, e.name))
        self.stats["nodes"] = len(self.nodes)
        self.stats["entities"] = len(entities)
        return entities, entity_of_node

    def _reach(self, canon: int, edges: list[Edge]) -> dict[int, tuple[str, float, str | None]]:
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
                    out[nxt] = (e.reason, e.score, self.nodes[cur].surface)
                    stack.append(nxt)
        return out


def resolve(mentions: Iterable[MentionIn], aliases: Iterable[AliasIn] = (),
            rules: AliasRules | None = None) -> Resolution:
    """Resolve mentions into entities; see the module docstring."""
    return Resolver(rules).resolve(mentions, aliases)
