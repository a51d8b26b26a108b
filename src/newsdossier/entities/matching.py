"""Pair decisions of the resolver: is this span a name, are these two names one name, does this
acronym spell that expansion.

Hand-written because the rules are about how news text writes names (function words tagged as
names, transliterated spellings, a vowel dropped, particles inside acronyms); only the similarity
score comes from a library (rapidfuzz's Jaro-Winkler).
"""
from __future__ import annotations

from functools import lru_cache

from rapidfuzz.distance import JaroWinkler

from newsdossier.entities.normalize import (
    DISTINGUISHING_SUFFIXES,
    ORG_DESIGNATORS,
    SOFT_MIN_LENGTH,
    STOP_TOKENS,
    VOWELS,
    NameForms,
    fold,
    forms,
)

# Coarse types that may never be merged, even on explicit evidence (a person is not a place).
HARD_APART = {frozenset({"PERSON", "PLACE"})}

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
    if got and strict_only and got[0] not in ("normalized", "spacing") and len(a.tokens) == len(b.tokens) == 1 \
            and min(len(a.compact), len(b.compact)) <= SHORT_NAME_LETTERS:
        return None  # the place `Kent` and the rapper `Cent`: across types, a short word is too little to respell
    return got


SHORT_NAME_LETTERS = 5


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
