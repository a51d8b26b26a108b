"""Mentions: every named entity the model finds, with its evidence span and sentence."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import ClassVar, Iterator

from newsdossier.article import ParsedArticle
from newsdossier.records import Record


@dataclass(slots=True)
class Mention(Record):
    """A name as written in one article (spaCy NER label: PERSON, ORG, GPE, NORP, DATE, ...)."""

    table: ClassVar[str] = "mentions"
    key: ClassVar[tuple[str, ...]] = ("article_id", "start", "end")

    article_id: str
    start: int
    end: int
    text: str
    label: str
    sentence_start: int
    sentence_end: int


def balanced_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """Cut a name span at a bracket it does not close: 'Front (HBSF' -> 'Front'. The small model
    often runs a name into the acronym that follows it in parentheses."""
    span = text[start:end]
    if "(" in span and ")" not in span[span.index("("):]:
        end = start + len(span[: span.index("(")].rstrip())
    elif ")" in span and "(" not in span[: span.index(")")]:
        start = end - len(span[span.index(")") + 1 :].lstrip())
    return start, end


# Quotation marks that open and the ones that close them.
_OPENING_QUOTES = {"‘": "’", "“": "”", "«": "»", "\"": "\""}
_QUOTES = "\"'‘’“”«»"


def quote_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """Trim quotation marks round a name and cut it at a quotation it opens but does not close:
    'group ‘terrorists' -> 'group'. The model runs names into quoted words after them."""
    while start < end and text[start] in _QUOTES and text[start] not in "'":
        start += 1
    while end > start and text[end - 1] in _QUOTES and not (text[end - 1] == "’" and end - 1 > start
                                                            and text[end - 2] == "s"):
        end -= 1
    span = text[start:end]
    for i, ch in enumerate(span):
        close = _OPENING_QUOTES.get(ch)
        if close is not None and close not in span[i + 1:] and i > 0 and span[i - 1].isspace():
            end = start + len(span[:i].rstrip())
            break
    return start, end


def line_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """Cut a name at a line break: 'Dunmore\n\nDUNMORE (Valley News) –' -> 'Dunmore'. A headline run into
    the dateline below it parses as one name; no name spans two lines."""
    span = text[start:end]
    cut = span.find("\n")
    if cut > 0:
        end = start + len(span[:cut].rstrip())
    elif cut == 0:
        stripped = span.lstrip()
        start = end - len(stripped)
        return line_bounds(text, start, end) if "\n" in stripped else (start, end)
    return start, end


_DASHES = "-–—•·*"
# lower-case words a name never starts with in English: "Republic of Ireland" tagged as "of Ireland"
_LEADING_WORDS = ("of ", "in ", "at ", "for ", "from ", "to ", "by ", "on ", "with ")


def edge_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """Trim dashes and a leading preposition from a name: '- Blair' (a headline's 'Abortion not a poll
    issue - Blair') -> 'Blair', 'of Ireland' -> 'Ireland'."""
    while True:
        before = (start, end)
        while start < end and (text[start] in _DASHES or text[start].isspace()):
            start += 1
        while end > start and (text[end - 1] in _DASHES or text[end - 1].isspace()):
            end -= 1
        lead = next((w for w in _LEADING_WORDS if text.startswith(w, start) and start + len(w) < end), None)
        if lead:
            start += len(lead)
        if (start, end) == before:
            return start, end


_SPACED_DASH = re.compile(r"\s[-–—]\s")
# labels of names, which never span a spaced dash; a date or number may (`1980 - 1988`)
_NAME_LABELS = {"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "WORK_OF_ART", "EVENT", "PRODUCT", "LAW"}


def dash_bounds(text: str, start: int, end: int, label: str) -> tuple[int, int]:
    """Cut a name at a spaced dash: 'Bill Cosby - moved' -> 'Bill Cosby', 'Clive Griffiths - Wales' ->
    'Clive Griffiths'. The model runs a name into what a dash sets after it (a headline's speaker, a
    line-up's team, a gloss); the part before the dash is kept unless it is empty."""
    if label not in _NAME_LABELS:
        return start, end
    m = _SPACED_DASH.search(text, start, end)
    if m is None:
        return start, end
    if text[start:m.start()].strip():
        return start, m.start()
    return m.end(), end


# what opens a person's name and is never inside one (the entities stage's fuller list has offices too,
# which do stand inside names of bodies: `the Prime Minister's Office`)
_HONORIFIC = re.compile(r"(?<=\s)(?:Mr|Mrs|Ms|Miss|Mx|Dr|Sir|Dame|Lord|Lady)\.?\s+(?=[A-Z])")
# what may follow it: one to three capitalised words, a possessive allowed (`the Miss World contest` is no person)
_PERSON_NAME = re.compile(r"[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,2}")


def honorific_bounds(text: str, start: int, end: int, label: str) -> tuple[int, int, str]:
    """Start a name at an honorific inside it, which marks a person: 'Describing Mr Jackson' ->
    'Mr Jackson', 'the Foreign Policy Centre Mr Straw' -> 'Mr Straw', 'Both Mr Brown and Mr Blair' ->
    'Mr Blair' (the last name of a list). The model runs an opening word, or a body the person is
    described by, into the name, and labels the whole as whatever the first words look like; the label
    of what is left is PERSON. A name that opens with its honorific is left as it is."""
    if label not in _NAME_LABELS:
        return start, end, label
    found = None
    for found in _HONORIFIC.finditer(text, start, end):
        pass
    if found is None or found.start() <= start or not _PERSON_NAME.fullmatch(text, found.end(), end):
        return start, end, label
    return found.start(), end, "PERSON"


_POSSESSIVE = re.compile(r"['’]s$")


def possessive_bounds(text: str, start: int, end: int, label: str) -> tuple[int, int]:
    """Leave a possessive out of a name: "Tony Blair's" -> 'Tony Blair'. The name of a person or a place
    never ends in the possessive; one of an organisation may (`McDonald's`, `Standard & Poor's`), so there
    the possessive goes only when the article also writes the name without it."""
    if label not in _NAME_LABELS or not _POSSESSIVE.search(text, start, end) or end - start < 4:
        return start, end
    bare = text[start:end - 2]
    if label in ("PERSON", "GPE", "NORP"):
        return start, end - 2
    bare_elsewhere = re.compile(r"(?<![\w&'’-])" + re.escape(bare) + r"(?!['’]s\b)(?![\w&-])")
    if bare_elsewhere.search(text):
        return start, end - 2
    return start, end


def extract_mentions(parsed: ParsedArticle) -> Iterator[Mention]:
    """Named-entity mentions from the article's parse."""
    for ent in parsed.doc.ents:
        start, end = line_bounds(parsed.text, ent.start_char, ent.end_char)
        start, end = dash_bounds(parsed.text, start, end, ent.label_)
        start, end = balanced_bounds(parsed.text, start, end)
        start, end = quote_bounds(parsed.text, start, end)
        start, end = edge_bounds(parsed.text, start, end)
        start, end, label = honorific_bounds(parsed.text, start, end, ent.label_)
        start, end = possessive_bounds(parsed.text, start, end, label)
        if start >= end:
            continue
        sent = ent.sent
        yield Mention(
            article_id=parsed.id,
            start=start,
            end=end,
            text=parsed.evidence(start, end),
            label=label,
            sentence_start=sent.start_char,
            sentence_end=sent.end_char,
        )
