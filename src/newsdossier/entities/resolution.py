"""The resolver's plain data: mentions and alias evidence in; nodes, merge edges and entities out.

Kept apart from the resolver's steps so the link stage, the tests and the benchmarks can build and
read these records without importing how they are decided.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from newsdossier.entities.normalize import NameForms, forms


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
