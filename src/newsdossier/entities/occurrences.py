"""Every occurrence of a resolved name is a mention: the names the model missed, linked after resolution.

spaCy's small model tags a name in one sentence and misses it in the next ("MKO" tagged twice, written
sixty times). Once names are resolved, each whole-word, case-sensitive occurrence of a name of exactly
one entity in an article's title and body (never its boilerplate, never overlapping a mention) becomes a
linked mention with `source = 'name'`. A name two entities share ("Blair" for two people, "Labour" for
the party and a mis-tagged person) links, in one article, to the one of them that article names anyway
(one sense per discourse: "Tony Blair ... Mr Blair ... Blair"); where the article names none or both of
them it links nowhere: a guess would put one person's words under another's name. A trailing possessive ("the MKO's") is
allowed; the longest name wins where names nest.

Why by hand: a phrase matcher over the parse would need the parse back (the link stage reads the store),
and the names are plain strings; a scan over words with a dictionary of names is one pass per article.
"""
from __future__ import annotations

import logging
import re
from bisect import bisect_left
from collections import defaultdict
from itertools import accumulate
from typing import Iterable, Mapping

from newsdossier.entities.normalize import LowerCaseWords

log = logging.getLogger(__name__)

MIN_NAME_LENGTH = 2
MAX_NAME_WORDS = 8
_WORD = re.compile(r"[^\W_][\w'’.&-]*")
_POSSESSIVE = re.compile(r"['’]s?$")


def usable_name(alias: str) -> bool:
    """A name the scan looks for: written as it stands (no outer spaces, one line), two letters or more, capitalised."""
    return len(alias) >= MIN_NAME_LENGTH and alias == alias.strip() and "\n" not in alias and alias[:1].isupper()


def name_owners(entities) -> dict[str, set[str]]:
    """name -> the entities it is a name of (the resolver's aliases as written)."""
    owners: dict[str, set[str]] = defaultdict(set)
    for ent in entities:
        for a in ent.aliases:
            if usable_name(a["alias"]):
                owners[a["alias"]].add(ent.id)
    return owners


def name_table(entities) -> dict[str, str]:
    """name -> entity id, for names of exactly one entity."""
    return {name: next(iter(ids)) for name, ids in name_owners(entities).items() if len(ids) == 1}


def shared_names_in(present: set[str], shared_of: dict[str, list[str]]) -> dict[str, str]:
    """For one article: each shared name -> the one entity owning it that the article names anyway."""
    candidates: dict[str, set[str]] = defaultdict(set)
    for eid in present:
        for name in shared_of.get(eid, ()):
            candidates[name].add(eid)
    return {name: next(iter(ids)) for name, ids in candidates.items() if len(ids) == 1}


def first_word_lengths(names: Iterable[str]) -> dict[str, tuple[int, ...]]:
    """First word of each name -> the word counts of the names it opens, longest first: the scan
    tries only lengths some name has, instead of every length at every word. A possessive can add a
    word of its own (`OutRage!'s` is the words `OutRage` and `s`), so each count comes with one more."""
    lengths: dict[str, set[int]] = defaultdict(set)
    for name in names:
        words = _WORD.findall(name)
        if 0 < len(words) <= MAX_NAME_WORDS:
            lengths[words[0]].update((len(words), min(len(words) + 1, MAX_NAME_WORDS)))
    return {w: tuple(sorted(ns, reverse=True)) for w, ns in lengths.items()}


class LayeredNames:
    """An article's own readings of shared names over the corpus's table (a dict lookup or two, where
    a ChainMap's generic lookup cost most of the stage)."""

    __slots__ = ("local", "names")

    def __init__(self, local: Mapping[str, str], names: Mapping[str, str]):
        self.local, self.names = local, names

    def get(self, key: str, default: str | None = None) -> str | None:
        found = self.local.get(key)
        return found if found is not None else self.names.get(key, default)

    def __contains__(self, key: str) -> bool:
        return key in self.local or key in self.names


def find_occurrences(text: str, names, allowed: list[tuple[int, int]], taken: list[tuple[int, int]],
                     lengths: Mapping[str, tuple[int, ...]] | None = None) -> list[tuple[int, int, str, str]]:
    """(start, end, text, entity id) of the names in `text` inside `allowed` ranges, clear of `taken`.

    `lengths` (from `first_word_lengths` over every name `names` may hold) is built here when not given.
    Every name opens with a capital, so only a capitalised word can open one; a one-word name may be
    written with a possessive or a full stop after it, so one word is always tried."""
    if lengths is None:
        lengths = first_word_lengths(names)
    words = [m.span() for m in _WORD.finditer(text)]
    spans = sorted(taken)
    starts = [s for s, _ in spans]
    reach = list(accumulate((e for _, e in spans), max))  # the furthest end among the first k spans
    lower = LowerCaseWords(text)
    out = []
    i = 0
    while i < len(words):
        first = text[words[i][0]:words[i][1]]
        if not first[:1].isupper():
            i += 1
            continue
        hit = None
        tried = lengths.get(first, ())
        for n in tried if tried[-1:] == (1,) else (*tried, 1):
            if n > len(words) - i:
                continue
            start, end = words[i][0], words[i + n - 1][1]
            candidate = text[start:end]
            entity = names.get(candidate) or names.get(candidate.rstrip("."))
            if entity is None:
                bare = _POSSESSIVE.sub("", candidate)
                entity = names.get(bare) if bare != candidate else None
                if entity is not None:
                    end = start + len(bare)
            elif candidate not in names:
                end = start + len(candidate.rstrip("."))
            if entity is not None:
                hit = (start, end, entity, n)
                break
        if hit is None:
            i += 1
            continue
        start, end, entity, n = hit
        inside = any(a <= start and end <= b for a, b in allowed)
        before = bisect_left(starts, end)  # spans that open before this name ends
        clear = before == 0 or reach[before - 1] <= start
        if inside and clear and not (n == 1 and _ordinary_word_opening_a_sentence(text, start, end, lower)):
            out.append((start, end, text[start:end], entity))
        i += n
    return out


def _ordinary_word_opening_a_sentence(text: str, start: int, end: int, lower: LowerCaseWords) -> bool:
    """`People have ...` opening a sentence, in an article that writes `people` too: the capital is the
    sentence's, not a name's (a one-word name only; `Labour` inside a sentence is still linked)."""
    j = start
    while j > 0 and text[j - 1] in " \t\"“‘'([-–—":
        j -= 1
    if j > 0 and text[j - 1] not in ".!?:\n":
        return False
    return text[start:end] in lower


def link_name_occurrences(store, entities, articles_per_read: int = 2000, only: list[str] | None = None) -> int:
    """Add `mention_entities` rows (source 'name') for every unlinked occurrence; returns how many.
    `only`: scan these articles (the others keep what they have; see `changes.py`), else every one."""
    from newsdossier.entities.link import MentionEntity

    owners = name_owners(entities)
    names = {name: next(iter(ids)) for name, ids in owners.items() if len(ids) == 1}
    shared_of: dict[str, list[str]] = defaultdict(list)
    for name, ids in owners.items():
        if len(ids) > 1:
            for eid in ids:
                shared_of[eid].append(name)
    if not owners:
        return 0
    lengths = first_word_lengths(owners)
    added = 0
    if only is not None:
        from newsdossier.store import temp_ids

        temp_ids(store, "_scan_articles", "article_id", only)
    scope = "" if only is None else " AND article_id IN (SELECT article_id FROM _scan_articles)"
    for first, last in store.article_ranges(articles_per_read):
        if only is not None and not store.execute(
                "SELECT 1 FROM _scan_articles WHERE article_id BETWEEN ? AND ? LIMIT 1", [first, last]).fetchall():
            continue
        taken: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for aid, s, e in store.execute('SELECT article_id, start, "end" FROM mentions WHERE article_id BETWEEN ? AND ? '
                                       f'{scope} UNION ALL SELECT article_id, start, "end" FROM mention_entities '
                                       f'WHERE article_id BETWEEN ? AND ?{scope}', [first, last, first, last]).fetchall():
            taken[aid].append((s, e))
        boiler: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for aid, s, e in store.execute(f'SELECT article_id, start, "end" FROM boilerplate WHERE article_id BETWEEN ? AND ?'
                                       f'{scope}', [first, last]).fetchall():
            boiler[aid].append((s, e))
        present: dict[str, set[str]] = defaultdict(set)
        for aid, eid in store.execute("SELECT DISTINCT article_id, entity_id FROM mention_entities "
                                      f"WHERE article_id BETWEEN ? AND ?{scope}", [first, last]).fetchall():
            present[aid].add(eid)
        rows = []
        for aid, text, b0, b1, t0, t1 in store.execute(
                "SELECT id, text, body_start, body_end, title_start, title_end FROM articles "
                f"WHERE id BETWEEN ? AND ?{scope.replace('article_id IN', 'id IN')} ORDER BY id", [first, last]).fetchall():
            allowed = [(b0, b1)] + ([(t0, t1)] if t0 is not None else [])
            local = shared_names_in(present[aid], shared_of)
            lookup = LayeredNames(local, names) if local else names
            for s, e, found, entity in find_occurrences(text, lookup, allowed, taken[aid] + boiler[aid], lengths):
                rows.append(MentionEntity(aid, s, e, found, None, "name", entity))
        store.insert(rows)
        added += len(rows)
    if only is not None:
        store.execute("DROP TABLE _scan_articles")
    log.info("linked %d name occurrences the model had not tagged%s", added,
             "" if only is None else f" in the {len(only)} articles scanned again")
    return added
