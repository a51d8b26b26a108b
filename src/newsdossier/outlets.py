"""Outlets: one name per outlet, whether an article gave it in full or as a dateline acronym.

A plain-text article often names its outlet only in the dateline ("CITY (ABC) –") while the same
outlet's feed or HTML pages give the full name ("Alpha Bravo Courier"). After each build this link
stage maps an all-capitals outlet name to the one full outlet name in the store whose initials it
spells, rewrites `articles.outlet` to the full name, and keeps the mapping (with its reason) in
`outlet_aliases`, so the name as written is never lost.
"""
from __future__ import annotations

import logging

import re
from dataclasses import dataclass
from typing import ClassVar

from newsdossier.records import Record
from newsdossier.stages import LinkContext

log = logging.getLogger(__name__)

_WORD = re.compile(r"[^\W\d_][\w'’]*")
_SKIPPED_WORDS = {"of", "the", "and", "for", "de", "la", "le", "el", "al"}  # not in most acronyms


@dataclass(slots=True)
class OutletAlias(Record):
    """An outlet name as written in some articles, and the full outlet name it stands for."""

    table: ClassVar[str] = "outlet_aliases"
    key: ClassVar[tuple[str, ...]] = ("alias",)

    alias: str
    outlet: str
    reason: str
    articles: int


def initials(name: str) -> set[str]:
    """Acronyms a name can be written as: all initials, and initials without the small words."""
    words = _WORD.findall(name)
    full = "".join(w[0] for w in words).upper()
    short = "".join(w[0] for w in words if w.lower() not in _SKIPPED_WORDS).upper()
    return {full, short} - {""}


def is_acronym(name: str) -> bool:
    letters = name.replace(".", "").replace("&", "")
    return 2 <= len(letters) <= 8 and letters.isalpha() and letters.isupper()


def match_acronyms(outlets: dict[str, int]) -> list[OutletAlias]:
    """For each acronym outlet, the one full outlet name whose initials it spells (if exactly one)."""
    full_names = [o for o in outlets if not is_acronym(o)]
    aliases = []
    for name, n in sorted(outlets.items()):
        if not is_acronym(name):
            continue
        acronym = name.replace(".", "").replace("&", "")
        spelled = [o for o in full_names if acronym in initials(o)]
        if len(spelled) == 1:
            aliases.append(OutletAlias(name, spelled[0], f"acronym of '{spelled[0]}'", n))
    return aliases


def link_outlets(ctx: LinkContext) -> None:
    """Give an outlet written as an acronym the full name the corpus uses for it elsewhere."""
    store = ctx.store
    aliases = {r["alias"]: OutletAlias(**r) for r in store.rows("SELECT * FROM outlet_aliases")}
    counts = {r["outlet"]: r["n"] for r in store.rows(
        "SELECT outlet, count(*) AS n FROM articles WHERE outlet IS NOT NULL GROUP BY outlet")}
    for alias in aliases.values():
        alias.articles += counts.get(alias.alias, 0)  # articles under a known alias since the last build
    for found in match_acronyms(counts):
        aliases.setdefault(found.alias, found)
    for alias in aliases.values():
        store.execute("UPDATE articles SET outlet = ? WHERE outlet = ?", [alias.outlet, alias.alias])
    store.replace_table(OutletAlias, sorted(aliases.values(), key=lambda a: a.alias))
