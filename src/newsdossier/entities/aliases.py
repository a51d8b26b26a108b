"""Alias evidence: places where an article itself says two names name one thing.

Patterns (the trigger phrases are data, `TRIGGERS` and `FORWARD_TRIGGERS` below):
- `Full Name (ACR)`, `Full Name (ACR or ACR2)`, `Name (Other Name)`: a parenthesis after a name;
- `(formerly known as X)`, `(also known as X)`, `(aka X)` inside a parenthesis;
- `Name (gloss as they are called in Place)`: the gloss is what the name is called there (also set off
  by dashes: `Name (ACR) – the “Gloss”, as they are called in Place –`);
- `X, also known as Y`, `X, formerly known as Y`, `X, aka Y`, `X alias Y`, `X, dubbed "Y"`;
- `X was renamed Y`, `renamed X as Y`, `changed the name of ... from X to Y`.

Each record keeps the whole pattern as its evidence span and both names as spans. Matching runs
precompiled regexes over the parsed text (boilerplate blanked) and looks only at the few places a
trigger occurs, so the stage costs a fraction of a millisecond per article.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import ClassVar, Iterator

from newsdossier.article import ParsedArticle
from newsdossier.entities.normalize import LowerCaseWords
from newsdossier.records import Record


# fmt: off
# Lower-case words allowed between the capitalized words of a name.
CONNECTORS = ("of", "the", "for", "and", "de", "del", "da", "di", "du", "la", "le", "van", "von", "der",
              "bin", "ibn", "bint", "al", "el", "y", "e", "on", "in")
# After `Name,` these phrases introduce another name for it: (regex, kind).
TRIGGERS: list[tuple[str, str]] = [
    (r",?\s+(?:also|better|widely|commonly|popularly|otherwise)\s+(?:known|called|referred\s+to)\s+as\s+", "also_known_as"),
    (r",?\s+(?:formerly|previously|once|originally)\s+(?:known\s+as|called|named)\s+", "formerly"),
    (r",?\s+(?:formerly|previously)\s+(?=[\"“A-Z])", "formerly"),
    (r",?\s+(?:a\.k\.a\.?|aka)\s+", "also_known_as"),
    (r",?\s+alias\s+(?=[\"“A-Z])", "alias"),
    (r"\s+(?:was|were|has\s+been|had\s+been|have\s+been|is|will\s+be|being)\s+renamed\s+(?:as\s+|to\s+|into\s+)?", "renamed"),
    (r",?\s+(?:now|since|later)\s+renamed\s+(?:as\s+|to\s+)?", "renamed"),
    (r",?\s+(?:dubbed|nicknamed)\s+", "dubbed"),
]
# These phrases are followed by `X (as|to) Y` or `X to Y`.
FORWARD_TRIGGERS: list[tuple[str, str, str]] = [
    (r"\brenamed\s+", r"\s+(?:as|to|into)\s+", "renamed"),
    (r"\b(?:changed|changing|change)\s+(?:the|its|their|his|her)\s+name\s+(?:of\s+[^.;\n()]{0,60}?\s+)?from\s+",
     r"\s+to\s+", "renamed"),
]
# Inside a parenthesis after a name: another phrase that introduces its other name.
INNER_PREFIXES: list[tuple[str, str]] = [
    (r"(?:formerly|previously|once|originally)(?:\s+(?:known\s+as|called|named))?\s+", "formerly"),
    (r"(?:also\s+)?(?:known|called|referred\s+to)\s+as\s+", "also_known_as"),
    (r"(?:a\.k\.a\.?|aka)\s+", "also_known_as"),
    (r"(?:now|since|later)(?:\s+(?:known\s+as|called|renamed))?\s+", "renamed"),
]
# `(gloss as they are called in Place)`: the gloss is an alias of the name before the parenthesis.
CALLED_RE = r"^(?P<alias>[^,()]{1,40}?),?\s+as\s+(?:they|it|he|she|we|people|locals)\s+(?:are|is|were|was)\s+(?:\w+\s+)?(?:called|known|referred\s+to)\b"
# Parenthesized text that is never another name for what precedes it.
NOT_ALIASES = frozenset({"photo", "file photo", "file", "video", "reuters", "afp", "ap", "upi", "dpa", "efe",
                         "ians", "pti", "ani", "update", "updated", "pictured", "left", "right", "center",
                         "centre", "above", "below", "top", "bottom", "l", "r", "ret", "retd", "est",
                         "opens in new tab", "pdf", "archive", "tr", "trans"})
# fmt: on

_WORD = r"(?:[A-Z][\w’'\-]*[\w]|[A-Z]|(?:al|el|ad|as|ash|at|az|an|ar|ul|bin|ibn)-[A-Z][\w’'\-]*[\w])"
_CONN = "(?:" + "|".join(CONNECTORS) + ")"
_NAME = rf"{_WORD}(?:[ \t]+(?:{_CONN}[ \t]+){{0,2}}{_WORD}){{0,7}}"
_ACR = r"(?:[A-Z][A-Z0-9&]{1,7}|(?:[A-Z]\.){2,6})"
_NAME_AT_END = re.compile(rf"(?:{_NAME})$")
_NAME_AT_START = re.compile(rf"(?:the[ \t]+)?[\"“]?(?P<name>{_NAME})")
_QUOTED_AT_START = re.compile(r"(?:the[ \t]+)?[\"“](?P<name>[^\"”\n]{2,60})[\"”]")
_PAREN = re.compile(r"[ \t]?\((?P<inner>[^()\n]{1,120})\)")
_ACR_LIST = re.compile(rf"^(?P<first>{_ACR})(?:\s*(?:,|/|or|and)\s*{_ACR})*$")
_ACR_ITEM = re.compile(_ACR)
_CALLED = re.compile(CALLED_RE)
_INNER = [(re.compile("^" + p + rf"[\"“]?(?P<name>{_NAME})[\"”]?$"), kind) for p, kind in INNER_PREFIXES]
_INNER_NAME = re.compile(rf"^(?P<name>{_NAME})$")
_TRIGGERS = [(re.compile(p), kind) for p, kind in TRIGGERS]
_FORWARD = [(re.compile(p), re.compile(sep), kind) for p, sep, kind in FORWARD_TRIGGERS]
_PARTY_STATE = re.compile(r"^[A-Z]{1,2}[-–]")
_TRIGGER_WORDS = re.compile(r"known|called|formerly|previously|a\.?k\.?a|alias|renamed|dubbed|nicknamed|name")
_LEADING_NON_NAME_POS = frozenset({"VERB", "AUX", "ADV", "DET", "ADP", "PRON", "SCONJ", "CCONJ", "PART",
                                   "INTJ", "NUM", "PUNCT"})
_POSSESSIVE = re.compile(r"[’']s$")
LEFT_WINDOW = 160  # characters searched back from a trigger for the name before it


@dataclass(slots=True)
class AliasEvidence(Record):
    """An article's own statement that two names name one thing (kind: acronym, parenthetical,
    also_known_as, formerly, called, renamed, dubbed, alias), or a person's surname used alone where
    the model tagged nothing (kind: short_form). `start`/`end` cover the pattern."""

    table: ClassVar[str] = "alias_evidence"
    key: ClassVar[tuple[str, ...]] = ("article_id", "name_start", "alias_start")

    article_id: str
    kind: str
    start: int
    end: int
    text: str
    name_start: int
    name_end: int
    name_text: str
    alias_start: int
    alias_end: int
    alias_text: str


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop a possessive and surrounding punctuation from a span."""
    span = text[start:end]
    m = _POSSESSIVE.search(span)
    if m:
        end -= len(m.group(0))
    while end > start and text[end - 1] in " \t,.;:-–—\"”’'":
        end -= 1
    while start < end and text[start] in " \t\"“‘'":
        start += 1
    return start, end


def _name_before(parsed: ParsedArticle, text: str, pos: int) -> tuple[int, int] | None:
    """The name ending at `pos`, without leading words that are not part of a name."""
    lo = max(0, pos - LEFT_WINDOW)
    m = _NAME_AT_END.search(text, lo, pos)
    if not m:
        return None
    start, end = m.start(), m.end()
    doc = parsed.doc
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is not None:
        for tok in span:
            if tok.idx >= end:
                break
            starts_name = tok.text[:1].isupper() and (tok.pos_ == "PROPN" or tok.pos_ not in _LEADING_NON_NAME_POS)
            if starts_name and tok.text.lower() not in CONNECTORS:
                break
            start = max(start, tok.idx + len(tok.text))
            while start < end and text[start] in " \t":
                start += 1
    start, end = _trim(parsed.article.text, start, end)
    if end - start < 2:
        return None
    return start, end


def _name_after(text: str, pos: int) -> tuple[int, int] | None:
    m = _QUOTED_AT_START.match(text, pos) or _NAME_AT_START.match(text, pos)
    if not m:
        return None
    start, end = _trim(text, m.start("name"), m.end("name"))
    return (start, end) if end - start >= 2 else None


def _all_caps(s: str) -> bool:
    letters = [c for c in s if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


def _record(parsed: ParsedArticle, kind: str, name: tuple[int, int], alias: tuple[int, int],
            start: int, end: int) -> AliasEvidence:
    ev = parsed.evidence
    return AliasEvidence(parsed.id, kind, start, end, ev(start, end), name[0], name[1], ev(*name),
                         alias[0], alias[1], ev(*alias))


_LIST_BREAK = re.compile(r"(?:,|\band\b|&)\s+")


def _shorten(text: str, name: tuple[int, int], inner: str) -> tuple[int, int]:
    """`al Qaeda and Daesh (ISIL)`: a name before a parenthesis does not run across `and` or a
    comma unless the acronym inside spells the whole of it."""
    from newsdossier.entities.matching import initials_match

    outer = text[name[0]:name[1]]
    breaks = list(_LIST_BREAK.finditer(outer))
    if not breaks or initials_match(inner, outer):
        return name
    return (name[0] + breaks[-1].end(), name[1])


def _paren_aliases(parsed: ParsedArticle, text: str) -> Iterator[AliasEvidence]:
    from newsdossier.entities.matching import initials_match

    for m in _PAREN.finditer(text):
        inner = m.group("inner").strip()
        if inner.casefold() in NOT_ALIASES or any(ch.isdigit() for ch in inner) or _PARTY_STATE.match(inner):
            continue
        name = _name_before(parsed, text, m.start())
        if name is None:
            continue
        outer = parsed.article.text[name[0]:name[1]]
        inner_start = m.start("inner") + (len(m.group("inner")) - len(m.group("inner").lstrip()))
        end = m.end()
        called = _CALLED.match(inner)
        if called:
            a = _trim(text, inner_start + called.start("alias"), inner_start + called.end("alias"))
            if a[1] > a[0]:
                yield _record(parsed, "called", name, a, name[0], end)
            continue
        acrs = _ACR_LIST.match(inner)
        if acrs or _INNER_NAME.match(inner):
            name = _shorten(parsed.article.text, name, inner)
            outer = parsed.article.text[name[0]:name[1]]
        if acrs:
            if _all_caps(outer) and not initials_match(outer, inner) and not initials_match(inner, outer):
                continue  # a dateline: `TEHRAN (Tasnim)`, `WASHINGTON (AP)`
            for item in _ACR_ITEM.finditer(inner):
                if item.group(0).lower() in ("or", "and"):
                    continue
                a = (inner_start + item.start(), inner_start + item.end())
                yield _record(parsed, "acronym", name, a, name[0], end)
            continue
        if _all_caps(outer) and not initials_match(outer, inner):
            continue
        for rx, kind in _INNER:
            im = rx.match(inner)
            if im:
                a = _trim(text, inner_start + im.start("name"), inner_start + im.end("name"))
                yield _record(parsed, kind, name, a, name[0], end)
                break
        else:
            im = _INNER_NAME.match(inner)
            if im and len(inner.split()) <= 6:
                a = _trim(text, inner_start, inner_start + len(inner))
                yield _record(parsed, "parenthetical", name, a, name[0], end)


def _describes_another(parsed: ParsedArticle, trigger: tuple[int, int], name: tuple[int, int]) -> bool:
    """`Steel and Morris, from north London, dubbed the "Sisters"`: the parse says the participle describes
    a noun outside the name before it (its subject, or the noun it hangs on), so the new name is that
    noun's, not the name's."""
    for tok in parsed.doc.char_span(*trigger, alignment_mode="expand") or ():
        if tok.pos_ != "VERB":
            continue
        # only the participle's own subject, or the noun it hangs on: a clause it hangs on is often a
        # misparse ("met the Union, also known as ..." read as "met ..., known as")
        subjects = [c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")]
        described = subjects[0] if subjects else tok.head if tok.dep_ in ("acl", "relcl") else None
        return described is not None and not name[0] <= described.idx < name[1]
    return False


def _modifies_a_noun(parsed: ParsedArticle, alias: tuple[int, int]) -> bool:
    """`aka British rapper Mike Skinner`: the capitalised word describes the noun after it; it is no name."""
    span = parsed.doc.char_span(*alias, alignment_mode="expand")
    if span is None or parsed.article.text[alias[0] - 1:alias[0]] in "\"“":
        return False
    return span[-1].pos_ == "ADJ" or _describes_the_noun_after(span[-1])


def _describes_the_noun_after(tok) -> bool:
    return tok.dep_ in ("amod", "compound") and tok.head.i > tok.i and tok.head.pos_ == "NOUN"


def _trigger_aliases(parsed: ParsedArticle, text: str) -> Iterator[AliasEvidence]:
    for rx, kind in _TRIGGERS:
        for m in rx.finditer(text):
            name = _name_before(parsed, text, m.start())
            alias = _name_after(text, m.end())
            if not (name and alias) or _modifies_a_noun(parsed, alias):
                continue
            if kind in ("dubbed", "also_known_as", "formerly") and _describes_another(parsed, m.span(), name):
                continue
            yield _record(parsed, kind, name, alias, name[0], alias[1])
    for rx, sep, kind in _FORWARD:
        for m in rx.finditer(text):
            first = _name_after(text, m.end())
            if not first:
                continue
            s = sep.match(text, first[1])
            if not s:
                continue
            second = _name_after(text, s.end())
            if second:
                yield _record(parsed, kind, first, second, m.start(), second[1])


def _compact(text: str) -> str:
    return "".join(ch for ch in text.casefold() if ch.isalnum())


def _short_forms(parsed: ParsedArticle) -> Iterator[AliasEvidence]:
    """A person's surname written alone (`Takhtravanchi` after `Majid Takht Ravanchi`) where the
    model tagged no entity: kind 'short_form', name = the full name, alias = the short form.
    Looks only for the surnames of the article's people (one regex), never walks the tokens."""
    doc = parsed.doc
    tails: dict[str, tuple[int, int]] = {}
    spans: list[tuple[int, int]] = []
    patterns: set[str] = set()
    for ent in doc.ents:
        spans.append((ent.start_char, ent.end_char))
        if ent.label_ == "PERSON" and len(ent) > 1:
            for i in range(1, len(ent)):
                tail = ent[i:].text
                key = _compact(tail)
                if len(key) >= 3 and tail[:1].isupper():
                    tails.setdefault(key, (ent.start_char, ent.end_char))
                    words = [re.escape(w) for w in re.split(r"[\s\-]+", tail) if w]
                    patterns.add(r"[\s\-]?".join(words))
    if not tails:
        return
    rx = re.compile(r"\b(?:" + "|".join(sorted(patterns, key=len, reverse=True)) + r")\b", re.IGNORECASE)
    text = parsed.parse_text
    lower = LowerCaseWords(text)
    for m in rx.finditer(text):
        start, end = m.span()
        if not text[start].isupper() or any(s < end and start < e for s, e in spans):
            continue
        full = tails.get(_compact(m.group(0)))
        if full and not _ordinary_word(parsed, text, start, end, lower):
            yield _record(parsed, "short_form", full, (start, end), start, end)


def _ordinary_word(parsed: ParsedArticle, text: str, start: int, end: int, lower: LowerCaseWords) -> bool:
    """A capitalised word that is the ordinary word, not a surname: the article also writes it in lower
    case (`People have ...` beside `people`), or the parse reads it as a word describing the noun after
    it (`Young people gathered`). The parse alone is no guide: headlines and sentence openings tag real
    surnames as common nouns."""
    if text[start:end] in lower:
        return True
    span = parsed.doc.char_span(start, end, alignment_mode="expand")
    return span is not None and span[-1].pos_ != "PROPN" and _describes_the_noun_after(span[-1])


# `Name (ACR) – the “Gloss”, as they are called in Place –`: the same gloss set off by dashes
_DASHED = re.compile(r"[ \t][–—-][ \t]+(?P<inner>[^–—\n]{1,90}?)(?=[ \t][–—-][ \t]|[.;][ \t\n]|\n|$)")
_QUOTED_GLOSS = re.compile(r"(?:the[ \t]+)?[\"“‘']")


def _dashed_aliases(parsed: ParsedArticle, text: str) -> Iterator[AliasEvidence]:
    for m in _DASHED.finditer(text):
        called = _CALLED.match(m.group("inner"))
        if not called:
            continue
        pos = m.start()
        if text[:pos].rstrip().endswith(")"):  # `Name (ACR) – ...`: the name is before the acronym
            pos = len(text[:text.rfind("(", 0, pos)].rstrip())
        name = _name_before(parsed, text, pos) if pos > 0 else None
        if name is None:
            continue
        start = m.start("inner") + called.start("alias")
        quoted = _QUOTED_GLOSS.match(text, start)
        a = _trim(text, quoted.end() if quoted else start, m.start("inner") + called.end("alias"))
        if a[1] > a[0]:
            yield _record(parsed, "called", name, a, name[0], m.end())


def find_aliases(parsed: ParsedArticle) -> list[AliasEvidence]:
    """Every explicit alias pattern in the article, in text order, without duplicates."""
    text = parsed.parse_text  # boilerplate blanked; same offsets as article.text
    out: list[AliasEvidence] = []
    if "(" in text:
        out.extend(_paren_aliases(parsed, text))
    if " as " in text and ("–" in text or "—" in text or " - " in text):
        out.extend(_dashed_aliases(parsed, text))
    if _TRIGGER_WORDS.search(text):
        out.extend(_trigger_aliases(parsed, text))
    out.extend(_short_forms(parsed))
    seen = set()
    unique = []
    for rec in sorted(out, key=lambda r: (r.start, r.alias_start)):
        key = (rec.name_start, rec.name_end, rec.alias_start, rec.alias_end)
        if key not in seen and (rec.name_start, rec.name_end) != (rec.alias_start, rec.alias_end):
            seen.add(key)
            unique.append(rec)
    return unique


def extract_aliases(parsed: ParsedArticle) -> Iterator[AliasEvidence]:
    """Explicit alias patterns: `Name (ACR)`, `also known as`, `formerly known as`, `renamed`, ..."""
    yield from find_aliases(parsed)
