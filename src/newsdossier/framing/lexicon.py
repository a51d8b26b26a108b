"""Word lists for framing: evaluative labels, actor nouns and propaganda-technique cues.

The lists are data files in `framing/data/` (tab-separated, `#` comments), general across topics;
code never branches on a particular word.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"

# The cue categories of data/techniques.tsv, in a fixed order (model features index them).
TECHNIQUE_CATEGORIES = (
    "loaded", "name_calling", "intensifier", "exaggeration", "minimisation", "fear", "flag_waving",
    "cliche", "doubt", "causal", "authority", "bandwagon", "hitler", "black_white", "slogan", "whatabout",
)


def read_tsv(name: str) -> list[list[str]]:
    """Rows of a data file, comments and blank lines skipped."""
    rows = []
    for line in (DATA_DIR / name).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            rows.append(line.split("\t"))
    return rows


@lru_cache(maxsize=1)
def label_terms() -> dict[str, tuple[str, str]]:
    """Evaluative lemma -> (role, valence); role is 'noun', 'modifier' or 'both'."""
    return {term: (role, valence) for term, role, valence in read_tsv("labels.tsv")}


@lru_cache(maxsize=1)
def actor_nouns() -> dict[str, str]:
    """Generic actor noun lemma -> 'group' | 'person'."""
    return {noun: kind for noun, kind in read_tsv("actors.tsv")}


@lru_cache(maxsize=1)
def technique_terms() -> dict[str, tuple[str, ...]]:
    """Cue word or phrase (lower case) -> its categories."""
    out: dict[str, list[str]] = {}
    for term, category in read_tsv("techniques.tsv"):
        if category not in TECHNIQUE_CATEGORIES:
            raise ValueError(f"techniques.tsv: unknown category {category!r} for {term!r}")
        out.setdefault(term, []).append(category)
    return {k: tuple(v) for k, v in out.items()}


def actor_kind(token) -> str | None:
    """'group' or 'person' for a generic actor noun (`group`, `official`; its lemma or form), else None."""
    nouns = actor_nouns()
    return nouns.get(token.lemma_.lower()) or nouns.get(token.lower_)
