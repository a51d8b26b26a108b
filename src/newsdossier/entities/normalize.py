"""Name normalization, variant forms and blocking keys.

Every rule here is data: the tables at the top say which spellings count as the same. The code
only applies them. Forms computed for a name (see `NameForms`):

- `norm`: casefolded, diacritics stripped, apostrophes dropped, hyphens as spaces, leading
  articles (`the`), Arabic article prefixes (`al-`, `el-`, ...) and linking particles (`-e`, `of`)
  removed, titles dropped for people, legal designators dropped for organizations;
- `compact`: `norm` without spaces (`Takht Ravanchi` == `Takhtravanchi`);
- `variant`: `compact` rewritten by `VARIANT_RULES` (kh->h, q->k, ou->u, ay->ai, doubled letters...);
- `e_forms`: `variant` with `e` read as `a` and as `i` (Mohammed/Muhammad, Monafeqin/Munafiqeen);
- `soft`: `variant` with soft consonant classes merged (g/k, z/s, w/v, p/b), trusted on longer names;
- `skeleton`: consonants of `soft` only, a blocking key.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import jellyfish

# fmt: off
# Letters that Unicode decomposition does not reduce to ASCII.
EXTRA_FOLDS = {"ı": "i", "ł": "l", "ø": "o", "đ": "d", "ð": "d", "þ": "th", "ß": "ss", "æ": "ae",
               "œ": "oe", "ħ": "h", "ʿ": "", "ʾ": "", "ʼ": "", "ʻ": ""}
APOSTROPHES = "'’‘`´ʹ"
HYPHENS = "-‐‑‒–—_/"
# Whole tokens that carry no identity: English articles and linking particles of romanized names.
STOP_TOKENS = frozenset({"the", "of", "e", "ye", "i", "al", "el", "ul", "ol", "an", "ad", "ar", "as", "ash",
                         "at", "az", "ud", "ed", "and", "&", "for", "de", "la", "le", "du", "des", "der"})
_FUNCTION_WORDS = frozenset({"the", "of", "and", "&", "for"})
# Arabic article written joined with a hyphen (`al-Qaeda`, `el-Sisi`, `ash-Sharif`) is dropped.
ARTICLE_PREFIXES = ("al", "el", "ul", "ad", "an", "ar", "as", "ash", "at", "az", "ud")
# Words that precede a person's name but are not part of it.
PERSON_TITLES = frozenset({
    "mr", "mrs", "ms", "miss", "dr", "prof", "professor", "sir", "dame", "lord", "lady", "president",
    "prime", "minister", "general", "gen", "colonel", "col", "captain", "capt", "sheikh", "shaikh",
    "sheik", "ayatollah", "imam", "mullah", "hojatoleslam", "rabbi", "father", "pope", "king", "queen",
    "prince", "princess", "emir", "sultan", "senator", "sen", "rep", "judge", "justice", "chancellor",
    "ambassador", "secretary", "mayor", "governor", "gov", "commander", "comrade", "haji", "hajji",
})
# Legal and generic designators that do not change which organization is meant.
ORG_DESIGNATORS = frozenset({"organization", "organisation", "inc", "incorporated", "ltd", "limited",
                             "corp", "corporation", "co", "company", "plc", "llc", "gmbh", "ag", "sa",
                             "group", "movement"})
# Rewrite rules applied left to right, longest match first, to a compact name. Both names of a pair
# get the same rules, so a rule only has to map variants onto one common spelling.
VARIANT_RULES: list[tuple[str, str]] = [
    ("tsch", "ch"), ("tch", "ch"), ("ch", "ch"), ("sh", "sh"), ("shr", "sr"), ("dzh", "j"), ("dj", "j"),
    ("zh", "j"), ("kh", "h"), ("gh", "k"), ("q", "k"), ("ph", "f"), ("dh", "d"), ("th", "t"),
    ("sch", "sh"), ("ck", "k"), ("c", "k"), ("x", "ks"), ("w", "v"),
    ("ou", "u"), ("oo", "u"), ("o", "u"), ("ow", "u"), ("owsk", "uvsk"), ("ew", "ev"),
    ("ee", "i"), ("ie", "i"), ("iy", "i"), ("yi", "i"), ("y", "i"),
    ("ay", "ai"), ("ey", "ai"), ("ei", "ai"), ("ae", "ai"),
    ("aa", "a"), ("uu", "u"), ("ii", "i"),
    # Arabic compounds: Abdel/Abdul/Abdol/Abd al-, -ullah/-ollah/-allah
    ("abdel", "abdal"), ("abdul", "abdal"), ("abdol", "abdal"), ("abdal", "abdal"), ("abd", "abdal"),
    ("ullah", "allah"), ("ollah", "allah"), ("ulla", "alla"), ("olla", "alla"),
    # Russian yo written e or o after hushing consonants (Gorbachev / Gorbachov)
    ("chov", "chev"), ("shov", "shev"), ("zhov", "zhev"),
]
# Endings rewritten at the end of each word: Arabic/Persian feminine -eh / -ah / -a (Haniyeh, Haniya).
END_RULES: list[tuple[str, str]] = [("eh", "a"), ("ah", "a")]
# `e` is written for a short vowel that other romanizations write `a` or `i`.
E_READINGS = ("a", "i")
# Consonants romanized interchangeably; merged only for names of at least SOFT_MIN_LENGTH letters.
SOFT_CLASSES = {"g": "k", "z": "s", "v": "b", "p": "b", "j": "i"}
SOFT_MIN_LENGTH = 6
VOWELS = frozenset("aeiou")
# A name that is another name plus one of these endings is a different name (Hussein / Husseini,
# Ivanov / Ivanova, Abdullah / Abdullahi): nisba, feminine and patronymic endings.
DISTINGUISHING_SUFFIXES = ("i", "a", "ova", "eva", "ina", "aya", "ska", "son", "sen", "zadeh", "pour", "poor")
# fmt: on

_RULE_RE = re.compile("|".join(re.escape(a) for a, _ in sorted(VARIANT_RULES, key=lambda r: -len(r[0]))))
_RULE_MAP = dict(VARIANT_RULES)
_DOUBLE_RE = re.compile(r"(.)\1+")
_NON_WORD = re.compile(r"[^\w\s]")
_APOS_RE = re.compile(f"[{re.escape(APOSTROPHES)}]")
_HYPHEN_RE = re.compile(f"[{re.escape(HYPHENS)}]")
_ACRONYM_RE = re.compile(r"^(?:[A-Z][A-Z0-9&]{1,7}|(?:[A-Z]\.){2,6})$")
_POSSESSIVE_RE = re.compile(r"[’']s$")
_INNER_E = re.compile(r"e(?!$)")  # a final e is mostly silent (Lahore, Druze): it is not read


def fold(text: str) -> str:
    """Casefold and strip diacritics (NFKD, combining marks dropped, a few letters mapped)."""
    if text.isascii():
        return text.casefold()
    text = unicodedata.normalize("NFKD", text.casefold())
    out = [EXTRA_FOLDS.get(ch, ch) for ch in text if not unicodedata.combining(ch)]
    return "".join(out)


def is_acronym(text: str) -> bool:
    """`MKO`, `U.N.`, `IRGC`: 2 to 8 capitals (digits and & allowed after the first)."""
    return bool(_ACRONYM_RE.match(text.strip()))


def clean_surface(text: str) -> str:
    """The name as written, without a possessive ending, quotes or surrounding punctuation."""
    text = text.strip().strip("\"“”«»()[],;:")
    if not is_acronym(text):
        text = text.rstrip(".")
    text = _POSSESSIVE_RE.sub("", text)
    if text[:4].lower() == "the ":
        text = text[4:]
    return text.strip()


def tokens(text: str, kind: str = "") -> list[str]:
    """Normalized tokens of a name; `kind` is the coarse type (PERSON drops titles, ORG designators)."""
    text = fold(clean_surface(text))
    text = _APOS_RE.sub("", text)
    parts: list[str] = []
    for raw in _HYPHEN_RE.split(text):
        raw = _NON_WORD.sub(" ", raw)
        parts.extend(raw.split())
    # a hyphen-joined article (al-Qaeda) splits into 'al', 'qaeda': drop articles and particles
    # ...but a particle that ends the name is the name's own word ("Jon Ash", "Ines Al"): nothing follows it
    toks = [t for i, t in enumerate(parts)
            if t not in STOP_TOKENS or (i == len(parts) - 1 and i > 0 and t not in _FUNCTION_WORDS)]
    if kind == "PERSON":
        while len(toks) > 1 and toks[0] in PERSON_TITLES:
            toks = toks[1:]
    elif kind == "ORG":
        core = [t for t in toks if t not in ORG_DESIGNATORS]
        if core:
            toks = core
    return toks or parts


def variant(compact: str) -> str:
    """Apply VARIANT_RULES, then collapse doubled letters."""
    out = _RULE_RE.sub(lambda m: _RULE_MAP[m.group(0)], compact)
    return _DOUBLE_RE.sub(r"\1", out)


def e_forms(v: str) -> tuple[str, ...]:
    return tuple(_DOUBLE_RE.sub(r"\1", _INNER_E.sub(r, v)) for r in E_READINGS)


def end_rules(token: str) -> str:
    if len(token) > 3:
        for end, repl in END_RULES:
            if token.endswith(end):
                return token[: -len(end)] + repl
    return token


def soft(v: str) -> str:
    out = "".join(SOFT_CLASSES.get(ch, ch) for ch in _INNER_E.sub("i", v))
    return _DOUBLE_RE.sub(r"\1", out)


def skeleton(s: str) -> str:
    """Consonants only, doubled ones collapsed (first letter kept even when a vowel)."""
    if not s:
        return s
    rest = "".join(ch for ch in s[1:] if ch not in VOWELS)
    return _DOUBLE_RE.sub(r"\1", s[0] + rest)


@dataclass(frozen=True, slots=True)
class NameForms:
    surface: str
    kind: str
    acronym: bool
    tokens: tuple[str, ...]
    norm: str
    compact: str
    variant: str
    e_forms: tuple[str, ...]
    soft: str

    def keys(self) -> list[tuple[str, str]]:
        """Blocking keys: names that share none of these are never compared."""
        if self.acronym or not self.compact:
            return [("acr", self.compact)]
        keys = [("v", self.variant), ("sk", skeleton(self.soft))]
        try:
            keys.append(("mp", jellyfish.metaphone(self.compact)))
        except Exception:  # pragma: no cover - odd characters
            pass
        return keys


COARSE_TYPES = {"PERSON": "PERSON", "ORG": "ORG", "NORP": "ORG", "GPE": "PLACE", "LOC": "PLACE",
                "FAC": "PLACE", "PRODUCT": "OTHER", "EVENT": "OTHER", "WORK_OF_ART": "OTHER",
                "LAW": "OTHER", "LANGUAGE": "OTHER"}


def coarse_type(label: str | None) -> str:
    """PERSON, ORG (ORG, NORP), PLACE (GPE, LOC, FAC), OTHER, or '' when unknown."""
    return COARSE_TYPES.get(label or "", "")


# Forms read back from the store for one link run (`entities/gathered.py`): a fresh process would
# otherwise compute every stored name's forms again, most of what resolution costs on a big store.
KNOWN_FORMS: dict[tuple[str, str], NameForms] = {}
# the names asked for and not known, while a link run records them (whatever the in-process cache held,
# so what is stored depends on the store alone)
COMPUTED_FORMS: dict[tuple[str, str], NameForms] | None = None


def forms(surface: str, kind: str = "") -> NameForms:
    """All forms of a name (cached: names repeat across a corpus)."""
    known = KNOWN_FORMS.get((surface, kind))
    if known is not None:
        return known
    found = _computed_forms(surface, kind)
    if COMPUTED_FORMS is not None:
        COMPUTED_FORMS[(surface, kind)] = found
    return found


def _forms_cache_clear() -> None:
    _computed_forms.cache_clear()


forms.cache_clear = _forms_cache_clear  # type: ignore[attr-defined]


@lru_cache(maxsize=50_000)  # a bounded cache: names repeat, but a corpus can hold millions
def _computed_forms(surface: str, kind: str = "") -> NameForms:
    surface = clean_surface(surface)
    acr = is_acronym(surface)
    toks = tuple(tokens(surface, kind)) if not acr else (surface.replace(".", "").casefold(),)
    compact = "".join(toks)
    v = variant("".join(end_rules(t) for t in toks))
    return NameForms(
        surface=surface,
        kind=kind,
        acronym=acr,
        tokens=toks,
        norm=" ".join(toks),
        compact=compact,
        variant=v,
        e_forms=e_forms(v),
        soft=soft(v),
    )


_LOWER_WORD = re.compile(r"\b[a-z][a-z'’-]*\b")


class LowerCaseWords:
    """The words a text writes in lower case, read from it the first time one is asked for: a
    capitalised word among them is, where the capital can be the sentence's, the ordinary word
    (`People have ...` beside `people`)."""

    def __init__(self, text: str):
        self._text = text
        self._words: set[str] | None = None

    def __contains__(self, word: str) -> bool:
        if self._words is None:
            self._words = set(_LOWER_WORD.findall(self._text))
        return word.lower() in self._words
