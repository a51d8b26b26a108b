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

The steps live beside this module: `resolution` (the plain data), `matching` (pair decisions),
`gather` (step 1, per article), `merge` (step 2) and `clusters` (step 3).
"""
from __future__ import annotations

from collections import Counter, defaultdict
from typing import Iterable

from newsdossier.entities.gather import ArticleGathering
from newsdossier.entities.merge import MergeSteps
from newsdossier.entities.resolution import AliasIn, AliasRules, Edge, MentionIn, Node, Resolution


class Resolver(ArticleGathering, MergeSteps):
    """Feed it articles (`add_article`), then `finish`; or a whole corpus at once (`resolve`)."""

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
        # nodes whose mentions `finish` reads as another kind than the label they carried (`same-word`)
        self.read_as: dict[int, str] = {}

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
        assigned = [(m if i not in self.read_as else MentionIn(m.article_id, m.start, m.end, m.text, self.read_as[i],
                                                               m.source), i, part) for m, i, part in assigned]
        return Resolution(entities, [(m, entity_of_node[i]) for m, i, _ in assigned], self.nodes, dict(self.stats),
                          {id(m) for m, _, part in assigned if part})


def resolve(mentions: Iterable[MentionIn], aliases: Iterable[AliasIn] = (),
            rules: AliasRules | None = None) -> Resolution:
    """Resolve mentions into entities; see the module docstring."""
    return Resolver(rules).resolve(mentions, aliases)
