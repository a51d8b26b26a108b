"""TIMEX3 tagger and normalizer: find temporal expressions in English news text and give each a value.

Why this is hand-written: no maintained Python implementation of TIMEX3 normalization exists.  The
established rule-based taggers (HeidelTime, SUTime) are Java programs; ``dateparser`` and
``dateutil`` parse a date string you already have, but neither finds the expression's span by TimeML
conventions (determiner in, preposition out: "on *Tuesday*", "*the third quarter*", "*last year*")
nor emits TIMEX3 values for durations (``P8Y``), sets, quarters, decades (``199``) or vague
references (``PAST_REF``).  spaCy's DATE/TIME entities are used by the stage only as extra
candidates: their spans follow OntoNotes, not TimeML.

Design:

* Every word list is a data table in ``rules/vocabulary.py`` (month and weekday names, number words,
  units, parts of the day, seasons, vague references, set adverbs).  Patterns are built from those
  tables; nothing in the code branches on a particular topic.
* Each kind of expression is a ``Rule`` (``rules/``): its regex and, right beside it, the normaliser
  that turns a match into a type, a TIMEX3 value, a modifier and an anchor.  ``rules.RULES`` is the
  ordered registry; ``PATTERNS`` lists its (name, compiled regex) pairs.  ``find`` scans the text
  once per rule (a precompiled regex, C speed) and keeps the longest non-overlapping matches,
  ``normalize`` hands each match to its rule's normaliser, and ``annotate`` adds the date interval.
* Relative expressions are resolved against an *anchor*: the document's publication date when it is
  known.  A day and month without a year take the publication year, or else the nearest explicit
  year written in the text (``anchor='context_year'``).  With no anchor the value keeps ``X``
  placeholders (``XXXX-WXX-3`` for "Wednesday") and ``resolved`` is False.
* A tense hint ('past' / 'future' / None) for the expression's sentence picks the direction of bare
  weekdays and month names ("Friday" in "will meet Friday" is the coming one).
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Callable, Iterable

from newsdossier.temporal.rules import BY_NAME, PRIORITY, RULES
from newsdossier.temporal.rules.anchor import Context, interval
from newsdossier.temporal.rules.base import Result
from newsdossier.temporal.rules.vocabulary import (
    DECADE_WORDS, DEICTIC_DAYS, EARLIEST_GUESS_YEAR, HOLIDAYS, LONG_UNITS, MONTHS, PARTS_OF_DAY, SEASONS, SET_ADVERBS, UNITS,
    VAGUE_REFS, WEEKDAYS,
)

__all__ = ["Timex", "annotate", "find", "interval", "normalize", "PATTERNS", "PATTERN_TRIGGERS"]

PATTERNS: list[tuple[str, re.Pattern[str]]] = [(r.name, r.pattern) for r in RULES]
# which trigger categories each pattern needs (any one of)
PATTERN_TRIGGERS: dict[str, tuple[str, ...]] = {r.name: r.triggers for r in RULES}

# ------------------------------------------------------------------------------------------------
# Results
# ------------------------------------------------------------------------------------------------


@dataclass(slots=True)
class Timex:
    """One temporal expression: span, TIMEX3 type and value, and a sortable date interval.

    anchor: 'publication' (resolved against the publication date), 'context_year' (a year written
    nearby), 'explicit' (the text itself is complete), or 'none' (not resolvable; value keeps X's).
    """

    start: int
    end: int
    type: str  # DATE | TIME | DURATION | SET
    value: str
    mod: str | None = None
    earliest: dt.date | None = None
    latest: dt.date | None = None
    resolved: bool = True
    anchor: str = "explicit"
    anchor_note: str = ""
    pattern: str = ""
    # a value that only a year written elsewhere in the text would complete: the best candidate, kept apart
    guess_value: str | None = None
    guess_earliest: dt.date | None = None
    guess_latest: dt.date | None = None
    guess_reason: str | None = None
    # a range ("1980-88", "between 2001 and 2003", "from May to July"): the whole span and both ends
    range_start: int | None = None
    range_end: int | None = None
    range_earliest: dt.date | None = None
    range_latest: dt.date | None = None


# ------------------------------------------------------------------------------------------------
# Finding
# ------------------------------------------------------------------------------------------------


_TRIGGER_STOP = {"the", "in", "as", "a", "at", "of", "day's", "year's", "new", "more", "right", "near", "short",
                 "long", "possible", "soon", "date", "to", "from", "time"}


def _words(*tables: Iterable[str]) -> list[str]:
    words: set[str] = set()
    for table in tables:
        for phrase in table:
            words.update(w.rstrip(".").lower() for w in re.split(r"[\s-]+", phrase)
                         if w and w.rstrip(".").lower() not in _TRIGGER_STOP)
    return sorted(words, key=len, reverse=True)


# Trigger words by category: every expression contains one (a month, a unit, a digit...).  One scan
# finds them all; each pattern then runs only in windows around the triggers of its categories, so
# prose without temporal words costs one regex pass.
_TRIGGER_CATEGORIES: dict[str, list[str]] = {
    "digit": [],
    "month": _words(MONTHS),
    "weekday": _words(WEEKDAYS),
    "unit": _words(UNITS, [u + "s" for u in UNITS], ["centuries", "weekends"], [u + "long" for u in LONG_UNITS]),
    "pod": _words(PARTS_OF_DAY),
    "season": _words(SEASONS),
    "deictic": _words(DEICTIC_DAYS),
    "vague": _words(VAGUE_REFS),
    "set": _words(SET_ADVERBS),
    "holiday": _words(HOLIDAYS),
    "quarter": ["quarter", "quarters", "half", "period", "fiscal"],
    "decade": _words(DECADE_WORDS),
    "century": ["century"],
    "spelled": ["nineteen", "twenty", "thousand"],
    "noon": ["noon", "midnight", "midday"],
}
_TRIGGER_WORDS: dict[str, tuple[str, ...]] = {}
for _cat, _words_of_cat in _TRIGGER_CATEGORIES.items():
    for _w in _words_of_cat:
        _TRIGGER_WORDS[_w] = (*_TRIGGER_WORDS.get(_w, ()), _cat)
_WORD = re.compile(r"\d+|[A-Za-z]+")
_WINDOW = 50  # characters searched on each side of a trigger word


def _windows(text: str, hits: list[tuple[int, int]]) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    n = len(text)
    for s, e in hits:
        lo, hi = max(0, s - _WINDOW), min(n, e + _WINDOW)
        if spans and lo <= spans[-1][1]:
            spans[-1] = (spans[-1][0], hi)
        else:
            spans.append((lo, hi))
    out = []
    for lo, hi in spans:  # end a window at a space so no word is cut in two
        while hi < n and not text[hi].isspace():
            hi += 1
        out.append((lo, hi))
    return out


def find(text: str) -> list[tuple[int, int, str, re.Match[str]]]:
    """Longest non-overlapping pattern matches as (start, end, pattern name, match), in text order."""
    cands: list[tuple[int, int, str, re.Match[str]]] = []
    hits: dict[str, list[tuple[int, int]]] = {}
    words = _TRIGGER_WORDS
    for t in _WORD.finditer(text):
        w = t.group()
        for cat in ("digit",) if w[0].isdigit() else words.get(w.lower(), ()):
            hits.setdefault(cat, []).append(t.span())
    if not hits:
        return []
    window_cache: dict[tuple[str, ...], list[tuple[int, int]]] = {}
    for rule in RULES:
        cats, rx = rule.triggers, rule.pattern
        if cats not in window_cache:
            window_cache[cats] = _windows(text, sorted(h for c in cats for h in hits.get(c, ())))
        for m in (m for lo, hi in window_cache[cats] for m in rx.finditer(text, lo, hi)):
            # a rule may mark the expression inside its match ("twice *a week*"): group x
            if "x" in rx.groupindex and m.group("x"):
                s, e = m.span("x")
            else:
                s, e = m.span()
            while e > s and text[e - 1] in " \t\n,":
                e -= 1
            if e > s and (rule.accept is None or rule.accept(m, text, s)):
                cands.append((s, e, rule.name, m))
    # longest first; among equally long overlapping matches the rule listed earlier in RULES wins
    cands.sort(key=lambda c: (-(c[1] - c[0]), PRIORITY[c[2]], c[0]))
    taken: list[tuple[int, int]] = []
    chosen = []
    for c in cands:
        if any(c[0] < e and s < c[1] for s, e in taken):
            continue
        taken.append((c[0], c[1]))
        chosen.append(c)
    chosen.sort(key=lambda c: c[0])
    return chosen


# ------------------------------------------------------------------------------------------------
# Normalizing
# ------------------------------------------------------------------------------------------------


def normalize(name: str, m: re.Match[str], ctx: Context) -> Result | None:
    """(type, value, mod, anchor) for one match of the rule `name`; None to drop it."""
    rule = BY_NAME.get(name)
    if rule is None:
        return None
    return rule.normalize({k: v for k, v in m.groupdict().items() if v is not None}, ctx)


_COMPARISON = re.compile(r"(?i)\b(?:ago|earlier|year[- ]ago|year[- ]earlier)\b")


def annotate(
    text: str,
    dct: dt.date | None,
    *,
    tense_at: Callable[[int, int], str | None] | None = None,
    veto: Callable[[int, int, str], bool] | None = None,
) -> list[Timex]:
    """Find and normalize every temporal expression of `text`.

    Args:
        text: the text (offsets of the results index it).
        dct: the document creation (publication) date, or None when unknown.
        tense_at: gives 'past' / 'future' / None for the expression at (start, end).
        veto: called with (start, end, pattern name); True drops the match (e.g. "2000 troops").
    Returns:
        Timex results in text order.
    """
    found = find(text)
    explicit_years = [(s, int(m.group("y"))) for s, e, n, m in found
                      if n in ("year", "mdy", "month", "dmy") and (m.groupdict().get("y") or "").isdigit()
                      and int(m.group("y")) >= EARLIEST_GUESS_YEAR]
    out: list[Timex] = []
    last_quarter: str | None = None
    refs: list[str] = []  # the dates written so far: anchors of "the next day", "that year"
    for s, e, name, m in found:
        if veto is not None and veto(s, e, name):
            continue
        context_year = None
        if dct is None and explicit_years:
            before = [y for p, y in explicit_years if p < s]
            context_year = before[-1] if before else explicit_years[0][1]
        ctx = Context(dct, tense_at(s, e) if tense_at else None, context_year, last_quarter, refs)
        res = normalize(name, m, ctx)
        if res is None:
            continue
        ttype, value, mod, anchor = res
        if (re.fullmatch(r"\d{4}-Q\d", value) and name in ("quarter", "this_quarter")
                and not re.search(r"(?i)year|ago|earlier|last", m.group(0))):
            last_quarter = value
        lo = hi = None
        if ttype in ("DATE", "TIME"):
            lo, hi = interval(value, mod)
            if name == "year_range" and lo is not None:
                y2 = m.group("y2")
                y2i = int(y2) if len(y2) == 4 else (int(m.group("y")) // 100) * 100 + int(y2)
                if y2i > int(m.group("y")):
                    hi = dt.date(y2i, 12, 31)
        resolved = "X" not in value.split("T")[0] or ttype in ("DURATION", "SET")
        if ttype in ("DURATION", "SET"):
            anchor = "explicit"
        note = _anchor_note(anchor, dct, context_year, ctx.used_ref)
        guess = None
        if anchor == "context_year" and value[:4].isdigit():
            # a year written elsewhere is a guess, never a resolution: the value keeps its X's
            guess = (value, lo, hi, note)
            value, lo, hi, resolved = "XXXX" + value[4:], None, None, False
        if ttype in ("DATE", "TIME") and value[:4].isdigit() and not _COMPARISON.search(m.group(0)):
            refs.append(value)  # not "a year earlier": comparisons point back, they do not move the story
        t = Timex(s, e, ttype, value, mod, lo, hi, resolved and anchor != "none", anchor, note, name)
        if guess is not None:
            t.guess_value, t.guess_earliest, t.guess_latest, t.guess_reason = guess
        if name == "year_range" and lo is not None:
            t.range_start, t.range_end, t.range_earliest, t.range_latest = s, e, lo, hi
        out.append(t)
    _link_ranges(text, out)
    return out


# "between 2001 and 2003", "from May to July", "2001 to 2003", "May-July": two expressions, one range
_RANGE_JOIN = re.compile(r"\s*(?:[-–—]|to|until|till|through|and)\s*", re.I)
_RANGE_OPEN = re.compile(r"(?:\b(?:between|from)\s+)$", re.I)


def _link_ranges(text: str, found: list[Timex]) -> None:
    """Give both ends of a written range its whole span and interval; align a bare second month's year."""
    for a, b in zip(found, found[1:]):
        if a.type != "DATE" or b.type != "DATE" or a.range_start is not None:
            continue
        join = text[a.end:b.start]
        if not _RANGE_JOIN.fullmatch(join):
            continue
        opener = _RANGE_OPEN.search(text[max(0, a.start - 12):a.start])
        if join.strip().lower() == "and" and opener is None:
            continue  # "in 2001 and 2003" is two dates, not a range
        if join.strip().lower() not in ("-", "–", "—") and opener is None and join.strip().lower() != "to":
            continue
        _align_second_month(a, b)
        if a.earliest is None or b.latest is None or b.latest < a.earliest:
            continue
        start = a.start - len(opener.group(0)) if opener else a.start
        for t in (a, b):
            t.range_start, t.range_end, t.range_earliest, t.range_latest = start, b.end, a.earliest, b.latest


def _align_second_month(a: Timex, b: Timex) -> None:
    """"from May to July": July is the July after that May, not the nearest July to the publication date."""
    if not (a.pattern == b.pattern == "month" and a.anchor == b.anchor == "publication"):
        return
    if not (re.fullmatch(r"\d{4}-\d{2}", a.value) and re.fullmatch(r"\d{4}-\d{2}", b.value)):
        return
    year, m1, m2 = int(a.value[:4]), int(a.value[5:]), int(b.value[5:])
    value = f"{year + (m2 < m1):04d}-{m2:02d}"
    if value != b.value:
        b.value = value
        b.earliest, b.latest = interval(value, b.mod)
        b.anchor_note += f"; the end of a range that starts {a.value}"


def _anchor_note(anchor: str, dct: dt.date | None, context_year: int | None, ref: str | None = None) -> str:
    if anchor == "mentioned":
        return f"relative to the date {ref} written earlier in the text"
    if anchor == "publication":
        return f"relative to the publication date {dct.isoformat()}"
    if anchor == "context_year":
        return (f"a guess: no publication date, so the year {context_year} written nearest in the text is "
                "taken; the expression itself gives no year")
    if anchor == "none":
        return "relative expression and no publication date: left unresolved"
    return ""
