"""TIMEX3 tagger and normalizer: find temporal expressions in English news text and give each a value.

Why this is hand-written: no maintained Python implementation of TIMEX3 normalization exists.  The
established rule-based taggers (HeidelTime, SUTime) are Java programs; ``dateparser`` and
``dateutil`` parse a date string you already have, but neither finds the expression's span by TimeML
conventions (determiner in, preposition out: "on *Tuesday*", "*the third quarter*", "*last year*")
nor emits TIMEX3 values for durations (``P8Y``), sets, quarters, decades (``199``) or vague
references (``PAST_REF``).  spaCy's DATE/TIME entities are used by the stage only as extra
candidates: their spans follow OntoNotes, not TimeML.

Design:

* Every word list is a data table at the top of this module (month and weekday names, number words,
  units, parts of the day, seasons, vague references, set adverbs).  Patterns are built from those
  tables; nothing in the code branches on a particular topic.
* ``PATTERNS`` is an ordered list of (name, compiled regex).  ``find`` scans the text once per
  pattern (a precompiled regex, C speed), keeps the longest non-overlapping matches, and
  ``normalize`` turns each match into a type, a TIMEX3 value and a date interval.
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

__all__ = ["Timex", "annotate", "find", "interval", "PATTERNS"]

# ------------------------------------------------------------------------------------------------
# Data tables
# ------------------------------------------------------------------------------------------------

MONTHS: dict[str, int] = {
    "January": 1, "Jan.": 1, "Jan": 1, "February": 2, "Feb.": 2, "Feb": 2, "March": 3, "Mar.": 3,
    "April": 4, "Apr.": 4, "May": 5, "June": 6, "Jun.": 6, "July": 7, "Jul.": 7, "August": 8,
    "Aug.": 8, "Aug": 8, "September": 9, "Sept.": 9, "Sep.": 9, "Sept": 9, "October": 10, "Oct.": 10,
    "Oct": 10, "November": 11, "Nov.": 11, "Nov": 11, "December": 12, "Dec.": 12, "Dec": 12,
}
WEEKDAYS: dict[str, int] = {  # ISO weekday numbers
    "Monday": 1, "Tuesday": 2, "Wednesday": 3, "Thursday": 4, "Friday": 5, "Saturday": 6, "Sunday": 7,
    # abbreviations only with their period; "Sat." and "Sun." are left out (a newspaper, a verb)
    "Mon.": 1, "Tue.": 2, "Tues.": 2, "Wed.": 3, "Thu.": 4, "Thur.": 4, "Thurs.": 4, "Fri.": 5,
}
NUMBER_WORDS: dict[str, int] = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
    "a dozen": 12, "dozen": 12, "a couple of": 2, "a couple": 2, "couple of": 2, "a hundred": 100,
    "one hundred": 100, "a thousand": 1000,
}
VAGUE_NUMBERS = ["a few", "few", "several", "some", "many", "a number of", "the next few", "recent"]
ORDINALS: dict[str, int] = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4,
}
# unit word -> (TIMEX3 duration letter, is time-of-day unit, multiplier)
UNITS: dict[str, tuple[str, bool, int]] = {
    "second": ("S", True, 1), "minute": ("M", True, 1), "hour": ("H", True, 1),
    "day": ("D", False, 1), "night": ("D", False, 1), "week": ("W", False, 1),
    "weekend": ("D", False, 2), "fortnight": ("D", False, 14), "month": ("M", False, 1),
    "quarter": ("Q", False, 1), "year": ("Y", False, 1), "decade": ("Y", False, 10),
    "century": ("Y", False, 100), "centuries": ("Y", False, 100), "millennium": ("Y", False, 1000),
}
PARTS_OF_DAY: dict[str, str] = {
    "morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "overnight": "NI",
    "midday": "MI", "mid-afternoon": "AF", "mid afternoon": "AF",
}
SEASONS: dict[str, str] = {"spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI"}
SEASON_MONTHS: dict[str, tuple[int, int]] = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (12, 14)}
# single words / fixed phrases with a fixed TIMEX3 value (case-insensitive)
VAGUE_REFS: dict[str, str] = {
    "now": "PRESENT_REF", "currently": "PRESENT_REF",
    "current": "PRESENT_REF", "these days": "PRESENT_REF", "nowadays": "PRESENT_REF",
    "at present": "PRESENT_REF", "at the moment": "PRESENT_REF", "the present": "PRESENT_REF",
    "recently": "PAST_REF", "recent": "PAST_REF", "more recently": "PAST_REF", "lately": "PAST_REF",
    "the past": "PAST_REF", "once": "PAST_REF", "earlier": "PAST_REF", "past years": "PAST_REF",
    "recent days": "PAST_REF", "recent weeks": "PAST_REF", "recent months": "PAST_REF",
    "the future": "FUTURE_REF", "future": "FUTURE_REF",
    "the near future": "FUTURE_REF", "the near term": "FUTURE_REF", "the short term": "FUTURE_REF",
    "the long term": "FUTURE_REF", "coming months": "FUTURE_REF", "coming weeks": "FUTURE_REF",
    "the coming months": "FUTURE_REF", "the coming weeks": "FUTURE_REF", "the coming days": "FUTURE_REF",
    "coming days": "FUTURE_REF", "coming years": "FUTURE_REF", "the coming years": "FUTURE_REF",
    "as soon as possible": "FUTURE_REF", "a later date": "FUTURE_REF", "later": "FUTURE_REF",
    "future quarters": "FUTURE_REF", "coming quarters": "FUTURE_REF",
}
# words of VAGUE_REFS that are ordinary words too often to tag on their own (need context)
WEAK_VAGUE = {"once", "earlier", "later", "current", "recent", "future"}
DEICTIC_DAYS: dict[str, int] = {"today": 0, "yesterday": -1, "tomorrow": 1, "tonight": 0}
SET_ADVERBS: dict[str, str] = {
    "daily": "P1D", "weekly": "P1W", "monthly": "P1M", "yearly": "P1Y", "hourly": "PT1H", "nightly": "P1D",
}
# A year is never written before 1800 in news without the text saying so: no guess reaches back further.
EARLIEST_GUESS_YEAR = 1800
# words before a duration that belong to the TIMEX3 span (TimeML: "nearly two years", "at least 72 hours")
QUANT_MODS: dict[str, str] = {
    "about": "APPROX", "around": "APPROX", "approximately": "APPROX", "roughly": "APPROX",
    "some": "APPROX", "nearly": "LESS_THAN", "almost": "LESS_THAN", "more than": "MORE_THAN",
    "over": "MORE_THAN", "less than": "LESS_THAN", "fewer than": "LESS_THAN", "under": "LESS_THAN",
    "at least": "EQUAL_OR_MORE", "at most": "EQUAL_OR_LESS", "up to": "EQUAL_OR_LESS",
    "no more than": "EQUAL_OR_LESS", "just over": "MORE_THAN", "just under": "LESS_THAN",
}
# modifiers before a point in time: "early 1991", "late November", "the end of 2011"
POINT_MODS: dict[str, str] = {
    "early": "START", "late": "END", "mid": "MID", "mid-": "MID", "early-": "START", "late-": "END", "the middle of": "MID",
    "the end of": "END", "the beginning of": "START", "the start of": "START", "the rest of": "",
    "the first half of": "H1", "the second half of": "H2", "the last half of": "H2",
    "earlier": "", "later": "", "the early": "START", "the late": "END", "the mid-": "MID",
    "the mid": "MID", "around": "APPROX", "about": "APPROX", "late in": "END", "early in": "START",
    "sometime": "", "some time": "",
}
# relative words / directions counted from a date written earlier in the text rather than from the
# publication date (TimeML anchorTimeID): "the following year", "that day", "two weeks later"
ANAPHORIC_RELATIVE = {"following", "the following", "previous", "the previous", "the prior", "the same", "that",
                      "the preceding"}
ANAPHORIC_DIRECTIONS = {"earlier", "later"}
ANAPHORIC_UNITS = {"day", "year", "month"}  # "that day", "the same year" are dates of their own
ANAPHORIC_DAY = ANAPHORIC_RELATIVE | {"next", "the next"}
RELATIVE_WORDS: dict[str, int] = {  # word before a calendar unit -> offset
    "last": -1, "past": -1, "previous": -1, "this": 0, "current": 0, "next": 1, "coming": 1,
    "following": 1, "this past": -1, "this coming": 1, "the past": -1, "the last": -1, "the previous": -1, "the current": 0,
    "the next": 1, "the coming": 1, "the following": 1, "the same": 0, "that": 0, "the": 0,
    "the prior": -1, "the preceding": -1,
}
QUARTER_PREFIXES = [
    "the", "its", "this", "this year's", "last year's", "next year's", "the year-earlier",
    "the year-ago", "year-earlier", "year-ago", "the comparable", "the same", "the latest",
    "the current", "the previous", "the fiscal", "fiscal", "that", "the prior",
]
# holidays with a fixed day, or (month, weekday, n): the n-th weekday of the month
HOLIDAYS: dict[str, tuple[int, int] | tuple[int, int, int]] = {
    "New Year's Day": (1, 1), "New Year's Eve": (12, 31), "Christmas": (12, 25), "Christmas Day": (12, 25),
    "Christmas Eve": (12, 24), "Halloween": (10, 31), "Valentine's Day": (2, 14),
    "Thanksgiving": (11, 4, 4), "Thanksgiving Day": (11, 4, 4), "Labor Day": (9, 1, 1),
    "Memorial Day": (5, 1, -1), "Independence Day": (7, 4), "Boxing Day": (12, 26),
}
CENTURY_WORDS = {"twentieth": 20, "twenty-first": 21, "nineteenth": 19, "20th": 20, "21st": 21, "19th": 19}
DECADE_WORDS = {"twenties": 2, "thirties": 3, "forties": 4, "fifties": 5, "sixties": 6,
                "seventies": 7, "eighties": 8, "nineties": 9}
# a month (and day) without a year follows the tense unless the other occurrence is this close
TENSE_TOLERANCE_DAYS = 61
TENSE_TOLERANCE_MONTHS = 1
TIMEZONES = ["EST", "EDT", "CST", "CDT", "MST", "MDT", "PST", "PDT", "GMT", "UTC", "BST", "CET"]

# ------------------------------------------------------------------------------------------------
# Regular expressions built from the tables
# ------------------------------------------------------------------------------------------------


def _alt(words: Iterable[str]) -> str:
    """A regex alternation of the words, longest first, with '.' and spaces made literal/flexible."""
    items = sorted(set(words), key=len, reverse=True)
    return "(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in items) + ")"


_MONTH = _alt(MONTHS)
_WEEKDAY = _alt(WEEKDAYS)
_NUMWORD_SIMPLE = _alt(k for k in NUMBER_WORDS if " " not in k and k not in ("a", "an"))
_NUM = (r"(?:\d+(?:\.\d+)?(?:\s+1/2)?|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)[- ]"
        r"(?:one|two|three|four|five|six|seven|eight|nine)\b|" + _NUMWORD_SIMPLE
        + r"(?:\s+(?:hundred|thousand))?\b|(?:a|an)\b(?:\s+(?:hundred|thousand)\b)?|a\s+couple(?:\s+of)?\b"
        r"|a\s+dozen\b|couple\s+of\b|" + _alt(VAGUE_NUMBERS) + r"\b|(?:a\s+)?half\s+an?\b)")
_UNIT = r"(?:" + _alt(UNITS) + r"(?:s)?)"
_UNIT_ADJ = r"(?:(?:more|additional|full|straight|consecutive|trading|business|calendar|long)\s+)?"
_QMOD = _alt(QUANT_MODS)
_PMOD = _alt(POINT_MODS)
# never a year when a clock cue follows ("1600 GMT"): "26 February\n\n1600 GMT" is then just 26 February
_YEAR = (r"(?:1[0-9]{3}|20[0-9]{2})(?!\s*(?:" + "|".join(TIMEZONES)
         + r"|hours?\b|hrs\b|h\b|local\s+time))")
_DAY = r"(?:[0-3]?[0-9])(?:st|nd|rd|th)?"
_REL = _alt(RELATIVE_WORDS)
_SEASON = _alt(SEASONS)
_POD = _alt(PARTS_OF_DAY)
_CAL_UNIT = r"(?:week(?:end)?|month|year|quarter|decade|century)"
_SPELLED_YEAR = (r"(?:nineteen|twenty)[- ](?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
                 r"(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?|ten|eleven|twelve|thirteen"
                 r"|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)|two\s+thousand(?:\s+and\s+\w+)?")
_AMPM = r"(?:[ap]\.m\.?|[ap]m\b|[AP]M\b)"
_TZ = _alt(TIMEZONES)
_DEICTIC = r"(?i:" + _alt(DEICTIC_DAYS) + r")"

_B = r"(?<![\w$£€#.-])"  # left boundary: not inside a word or number
_E = r"(?![\w%])"  # right boundary

_RAW_PATTERNS: list[tuple[str, str]] = [
    # 10:35 a.m. EST Thursday / 9 a.m. Tuesday / noon Saturday / 4 in the morning
    ("clock", _B + r"(?:(?i:around|about|at\s+about)\s+)?(?P<h>\d{1,2})(?::(?P<mi>\d{2}))?\s*(?P<ap>" + _AMPM
     + r")(?:\s+" + _TZ + r")?(?:,?\s+(?P<wd>" + _WEEKDAY + r")|,?\s+(?P<dd>" + _DEICTIC + r")|,?\s+(?P<mo>"
     + _MONTH + r")\s+(?P<d>" + _DAY + r"))?" + _E),
    ("clock24", _B + r"(?P<h>[0-2]?\d):(?P<mi>[0-5]\d)(?:\s+" + _TZ + r")?" + _E),
    # wire-service clock times ("1200 GMT"): four digits are a time only when a zone follows
    ("clock24", _B + r"(?P<h>[01]\d|2[0-4])(?P<mi>[0-5]\d)\s+" + _TZ + _E),
    ("noon", _B + r"(?P<w>(?i:noon|midnight|midday))(?:\s+(?P<wd>" + _WEEKDAY + r")|\s+(?P<dd>" + _DEICTIC
     + r"))?" + _E),
    # Thursday, April 6, 2000 / April 6, 2000 / April 6 / 6 April 2000
    ("mdy", _B + r"(?:(?P<pm>(?i:early|late|mid-?|around|about))\s*)?(?:(?P<wd>" + _WEEKDAY + r"),?\s+)?(?P<mo>"
     + _MONTH + r")\s+(?P<d>" + _DAY + r")(?!\d)(?:,?\s+(?P<y>" + _YEAR + r"))?" + _E),
    ("dmy", _B + r"(?:(?P<wd>" + _WEEKDAY + r"),?\s+)?(?P<d>" + _DAY + r")\s+(?:of\s+)?(?P<mo>" + _MONTH
     + r")(?:,?\s+(?P<y>" + _YEAR + r"))?" + _E),
    ("iso", _B + r"(?P<y>" + _YEAR + r")-(?P<m>[01]\d)-(?P<d>[0-3]\d)" + _E),
    ("slash", _B + r"(?P<m>[01]?\d)/(?P<d>[0-3]?\d)/(?P<y>(?:19|20)?\d{2})" + _E),
    # June 2003 / mid-April / late November / June last year / January of 1998
    ("month", _B + r"(?:(?P<pm>" + _PMOD + r")\s*)?(?:(?P<rel>(?i:last|this|next|this\s+past))\s+)?(?P<mo>"
     + _MONTH + r")(?:(?:,?\s+|\s+of\s+)(?P<y>" + _YEAR + r"|" + _SPELLED_YEAR
     + r")|\s+(?P<ry>(?i:last|this|next)\s+year))?" + _E),
    # the 1990s / the mid-1980s / the '80s / the nineties / the 20th century
    ("decade", _B + r"(?:(?i:the)\s+)?(?:(?P<pm>(?i:early|late|mid-?|last\s+half\s+of\s+the|first\s+half\s+of\s+the))"
     r"\s*)?(?:(?P<dec>1[0-9]{2}0|20[0-9]0)'?s|'(?P<dec2>\d)0s|(?P<decw>(?i:" + _alt(DECADE_WORDS) + r")))" + _E),
    ("century", _B + r"(?:(?i:the)\s+)?(?P<c>(?i:" + _alt(CENTURY_WORDS) + r"))[- ](?i:century)" + _E),
    # quarters and halves: the third quarter of 1990 / third-quarter / the latest quarter / fiscal 1989
    ("quarter", _B + r"(?:(?P<qp>(?i:" + _alt(QUARTER_PREFIXES) + r"))\s+)?(?:(?P<qy>" + _YEAR + r")\s+)?(?:fiscal[- ])?"
     r"(?P<qo>(?i:" + _alt(ORDINALS) + r"))[- ](?:fiscal[- ])?(?P<qu>(?i:quarter|half))(?:\s+of\s+(?:fiscal\s+)?"
     r"(?P<y>" + _YEAR + r"))?" + _E),
    ("this_quarter", _B + r"(?P<qp>(?i:the|this|that|last|next|its|the\s+latest|the\s+current|the\s+previous|"
     r"the\s+year-earlier|the\s+year-ago|the\s+comparable|the\s+comparable\s+year-ago|the\s+same|"
     r"the\s+fourth|last\s+year's|a\s+year\s+earlier's))\s+(?P<qu>(?i:quarter|period|half))(?P<qa>\s+a\s+year\s+(?:ago|earlier))?" + _E),
    ("fiscal", _B + r"(?i:fiscal)(?:\s+year)?\s+(?P<y>" + _YEAR + r")" + _E),
    # N units ago / a year earlier / two weeks later
    ("ago", _B + r"(?:(?P<qm>(?i:" + _QMOD[3:-1] + r"))\s+)?(?P<n>(?i:" + _NUM + r"))\s+" + _UNIT_ADJ
     + r"(?P<u>(?i:" + _UNIT + r"))\s+(?P<dir>(?i:ago|earlier|before|later|from\s+now|hence|or\s+so\s+ago))" + _E),
    # the past two years / the next three quarters / the last five years
    ("span", _B + r"(?:(?P<qm>(?i:at\s+least|more\s+than|nearly|almost|about))\s+)?(?P<the>(?i:the\s+)?)"
     r"(?P<rel>(?i:past|last|next|coming|previous|following|first|final|latest|remaining|initial|same|"
     r"preceding|ensuing|recent))\s+(?P<n>(?i:" + _NUM + r"))\s+" + _UNIT_ADJ + r"(?P<u>(?i:" + _UNIT + r"))"
     r"(?P<os>\s+or\s+so)?" + _E),
    # last year / this week / next month / the past year / earlier this month / early next year
    ("relative", _B + r"(?:(?P<pm>(?i:" + _PMOD[3:-1] + r"))\s+)?(?P<rel>(?i:" + _REL[3:-1] + r"))\s+"
     r"(?:(?P<u>(?i:week(?:end)?|month|year|quarter|decade|century|day))|(?P<wd>" + _WEEKDAY + r")|(?P<s>(?i:"
     + _SEASON + r"))|(?P<pod>(?i:" + _POD + r")))(?P<os>\s+or\s+so)?" + _E),
    # earlier in the year / later that day
    ("in_the", _B + r"(?P<pm>(?i:earlier|later|early|late))\s+(?:in\s+)?(?P<rel>(?i:the|that|this))\s+"
     r"(?P<u>(?i:day|week|month|year))" + _E),
    # two years / a month / five-year / 30-day / 2 1/2 years / several weeks
    ("duration", _B + r"(?:(?P<qm>(?i:" + _QMOD[3:-1] + r"))\s+|(?P<the>(?i:the))\s+)?(?P<n>(?i:" + _NUM + r"))(?P<hy>-|\s+)"
     + _UNIT_ADJ + r"(?P<u>(?i:" + _UNIT + r"))(?P<ah>\s+and\s+a\s+half)?(?P<old>-old)?" + _E),
    # bare plural units after a preposition: for years, in weeks
    ("plural", r"(?:(?<=[Ff]or )|(?<=[Oo]ver ))(?P<u>(?i:years|months|weeks|decades|centuries))" + _E),
    # spring 2003 / last summer / the summer of 1994
    ("season", _B + r"(?:(?P<pm>(?i:early|late|mid-?|the\s+early|the\s+late))\s*)?(?:(?P<the>(?i:the|this|that))\s+)?"
     r"(?P<s>(?i:" + _SEASON + r"))(?:(?:\s+of)?\s+(?P<y>" + _YEAR + r"|" + _SPELLED_YEAR + r"))" + _E),
    ("weekend", _B + r"(?P<the>(?i:the|this|last|next|that))\s+weekend" + _E),
    # Wednesday night / Friday morning / this morning / last night / yesterday afternoon
    ("weekday_pod", _B + r"(?:(?P<pm>(?i:early|late|earlier|later))\s+)?(?P<wd>" + _WEEKDAY + r"|" + _DEICTIC
     + r")\s+(?P<pod>(?i:" + _POD + r"))" + _E),
    ("this_pod", _B + r"(?:(?P<pm>(?i:early|late|later|earlier))\s+)?(?P<rel>(?i:this|last|that|the))\s+"
     r"(?P<pod>(?i:morning|afternoon|evening|night))" + _E),
    ("pod_alone", _B + r"(?P<pod>(?i:overnight|midday|mid-afternoon|mid\s+afternoon))" + _E),
    ("weekday", _B + r"(?:(?P<pm>(?i:early|late|earlier|later))\s+)?(?P<wd>" + _WEEKDAY + r")" + _E),
    ("deictic", _B + r"(?:(?P<pm>(?i:early|late|earlier|later))\s+)?(?P<dd>" + _DEICTIC + r")" + _E),
    ("sets", _B + r"(?P<w>(?i:" + _alt(SET_ADVERBS) + r"))" + _E),
    ("every", _B + r"(?P<ev>(?i:every|each|per))\s+(?:(?P<other>(?i:other))\s+)?(?:(?P<u>(?i:day|week|month|year|"
     r"quarter|hour|morning|night|evening|weekend|summer|winter|spring|fall))|(?P<wd>" + _WEEKDAY
     + r")|(?P<mo>" + _MONTH + r"))" + _E),
    ("times_a", r"(?i:times|twice|once)\s+(?P<x>(?P<ev>(?i:a|per))\s+(?P<u>(?i:day|week|month|year)))" + _E),
    ("spelled_year", _B + r"(?:(?i:the\s+year)\s+)?(?P<y>(?i:" + _SPELLED_YEAR + r"))" + _E),
    # year-earlier / year-ago (adjectives) / year-end / the full year / the fiscal year
    ("year_adj", _B + r"(?P<w>(?i:year[- ]earlier|year[- ]ago|year[- ]end|year's\s+end))(?!\s+(?i:quarter|period|half))" + _E),
    # the year / the fiscal year; "the year ended March 31" is a twelve-month period (TimeML: P1Y)
    ("this_year", _B + r"(?P<w>(?i:the\s+(?:(?:full|fiscal|current|current\s+fiscal|latest\s+fiscal|calendar)\s+)?year))"
     r"(?:(?=\s+(?i:ended|ending)\b)(?P<end>))?(?![\w%'’-]|\s+(?i:two|nineteen|\d|ago|earlier|before|after|of|in|when|(?!ended\b)\w+ed\b))"),
    ("holiday", _B + r"(?:(?P<rel>(?i:last|this|next))\s+)?(?P<hd>" + _alt(HOLIDAYS) + r")" + _E),
    ("the_season", _B + r"(?:(?P<pm>(?i:early|late|mid-?))\s*)?(?P<the>(?i:the|the\s+early|the\s+late))\s+(?P<s>(?i:" + _SEASON + r"))(?!\s+(?i:of)\b)" + _E),
    ("year_range", _B + r"(?P<y>" + _YEAR + r")[-–](?P<y2>\d{2}|" + _YEAR + r")" + _E),
    # the day before / the day after, with nothing after it that it is counted from ("the day before the vote")
    ("day_before", _B + r"(?P<the>(?i:the))\s+(?i:day)\s+(?P<dir>(?i:before|after))"
     r"(?=\s*[,.;:!?)]|\s*$)"),
    ("year", _B + r"(?:(?P<pm>" + _PMOD + r")[ -]?)?(?:(?P<pre>(?i:post|pre))-)?(?P<y>" + _YEAR
     + r")(?P<ys>'s)?(?![\w%]|[.,]\d|-\d)(?!\s*(?:" + _TZ + r"|(?i:hours|hrs|local\s+time))\b)"),
    ("vague", _B + r"(?P<w>(?i:" + _alt(VAGUE_REFS) + r"))" + _E),
]
PATTERNS: list[tuple[str, re.Pattern[str]]] = [(n, re.compile(p)) for n, p in _RAW_PATTERNS]
_PRIORITY = {name: i for i, (name, _) in enumerate(_RAW_PATTERNS)}

_MONTH_LOWER = {k.lower(): v for k, v in MONTHS.items()}
_WEEKDAY_LOWER = {k.lower(): v for k, v in WEEKDAYS.items()}
# "May" and "March" are also verbs: as a bare month they need a date-like neighbour
_AMBIGUOUS_MONTHS = {"May", "March"}
_MONTH_CUE = re.compile(r"(?i:in|since|until|by|from|through|of|during|early|late|mid|last|next|this|before|after)\s+$")


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
    "unit": _words(UNITS, [u + "s" for u in UNITS], ["centuries", "weekends"]),
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
# which trigger categories each pattern needs (any one of)
PATTERN_TRIGGERS: dict[str, tuple[str, ...]] = {
    "clock": ("digit",), "clock24": ("digit",), "noon": ("noon",), "mdy": ("month",), "dmy": ("month",),
    "iso": ("digit",), "slash": ("digit",), "month": ("month",), "decade": ("digit", "decade"),
    "century": ("century",), "quarter": ("quarter",), "this_quarter": ("quarter",), "fiscal": ("quarter",),
    "ago": ("unit",), "span": ("unit",), "relative": ("unit", "weekday", "season", "pod"), "in_the": ("unit",),
    "duration": ("unit",), "plural": ("unit",), "season": ("season",), "weekend": ("unit",),
    "weekday_pod": ("pod",), "this_pod": ("pod",), "pod_alone": ("pod",), "weekday": ("weekday",),
    "deictic": ("deictic",), "sets": ("set",), "every": ("unit", "weekday", "month", "season", "pod"),
    "times_a": ("unit",), "spelled_year": ("spelled",), "year_adj": ("unit",), "this_year": ("unit",),
    "holiday": ("holiday",), "the_season": ("season",), "year_range": ("digit",), "day_before": ("unit",),
    "year": ("digit",),
    "vague": ("vague",),
}
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
    for name, rx in PATTERNS:
        cats = PATTERN_TRIGGERS[name]
        if cats not in window_cache:
            window_cache[cats] = _windows(text, sorted(h for c in cats for h in hits.get(c, ())))
        for m in (m for lo, hi in window_cache[cats] for m in rx.finditer(text, lo, hi)):
            if "x" in rx.groupindex and m.group("x"):
                s, e = m.span("x")
            else:
                s, e = m.span()
            while e > s and text[e - 1] in " \t\n,":
                e -= 1
            if e > s and _acceptable(name, m, text, s):
                cands.append((s, e, name, m))
    cands.sort(key=lambda c: (-(c[1] - c[0]), _PRIORITY[c[2]], c[0]))
    taken: list[tuple[int, int]] = []
    chosen = []
    for c in cands:
        if any(c[0] < e and s < c[1] for s, e in taken):
            continue
        taken.append((c[0], c[1]))
        chosen.append(c)
    chosen.sort(key=lambda c: c[0])
    return chosen


_CLOCK_CUE = r"(?:" + "|".join(TIMEZONES) + r"|hours?\b|hrs\b|h\b|local\s+time)"
# a clock time, or the first end of a clock range ("from 1130 to 1215 GMT")
_CLOCK_AFTER = re.compile(r"\s*" + _CLOCK_CUE + r"|\s*(?:to|-|–|and|until)\s*\d{4}\s*" + _CLOCK_CUE)

def _acceptable(name: str, m: re.Match[str], text: str, start: int) -> bool:
    """Reject matches that are usually not temporal in context (modal 'may', weak vague words...)."""
    g = m.groupdict()
    if name == "month" and not (g.get("y") or g.get("ry")) and (g["mo"].endswith(".") or len(g["mo"]) <= 4) and g["mo"] not in ("May", "June", "July"):
        return False  # a bare abbreviation ("Jan") is more often a name than a month
    if name == "month" and g.get("mo") in _AMBIGUOUS_MONTHS and not (g.get("y") or g.get("ry") or g.get("pm") or g.get("rel")):
        return bool(_MONTH_CUE.search(text[max(0, start - 12):start]))
    if name == "vague" and g["w"].lower() in WEAK_VAGUE:
        return False
    if name == "duration":
        n = g["n"].lower()
        u = g["u"].lower()
        after = text[m.end():m.end() + 8]
        if g.get("old") or re.match(r"\s+old\b|-old", after):
            return False  # ages ("a 6-year-old") are not temporal expressions in TimeML
        if n in ("a", "an") and not g.get("qm") and re.search(
                r"(?:\d|%|percent|cents?|times|twice|once|dollars?|a\s+share)\s*$", text[max(0, start - 14):start]):
            return False  # a rate ("$5 a year"), not a duration
        if u.startswith("quarter") and re.match(r"\s+of\b", after):
            return False  # "three-quarters of"
        if n in ("some", "many") and not g.get("qm"):
            return False
        if n in ("a", "an") and u.startswith(("second", "minute")) and not g.get("qm"):
            return False
        if u.startswith("quarter") and not g["hy"] == "-" and n in ("a", "an"):
            return False  # "a quarter of the votes"
        if u in ("night", "nights") and n in ("a", "an", "one"):
            return False
    if name in ("year", "mdy", "dmy", "month") and g.get("y") and _CLOCK_AFTER.match(text[m.end():m.end() + 24]):
        return False  # "1200 GMT", "26 February\n\n1600 GMT": a clock time, never a year
    if name == "year" and re.search(r"(?i)\ba\s+$", text[max(0, start - 3):start]):
        return False  # "up to a 1000 links": a count
    if name == "clock24":
        return int(g["h"]) <= 24 and not re.match(r"\s*(?:percent|%)", text[m.end():m.end() + 9])
    if name == "relative":
        rel = g["rel"].lower()
        u = (g.get("u") or "").lower()
        if u == "day" and rel not in ANAPHORIC_DAY:
            return False  # "this day", "the day": not a date of its own
        if rel in ("the", "that", "the same") and not g.get("pm") and u not in ANAPHORIC_UNITS:
            return False  # "the week", "that quarter": too often not a date of its own
        if rel == "the" and not g.get("pm"):
            return False
    return True


# ------------------------------------------------------------------------------------------------
# Calendar helpers
# ------------------------------------------------------------------------------------------------


def _number(word: str | None) -> float | None:
    """The value of a number word or numeral; None for vague ones (several, a few)."""
    if not word:
        return None
    w = re.sub(r"\s+", " ", word.strip().lower())
    if w in NUMBER_WORDS:
        return NUMBER_WORDS[w]
    m = re.fullmatch(r"(\d+(?:\.\d+)?)(?: 1/2)?", w)
    if m:
        return float(m.group(1)) + (0.5 if "1/2" in w else 0)
    m = re.fullmatch(r"(\w+)[- ](\w+)", w)
    if m and m.group(1) in NUMBER_WORDS and m.group(2) in NUMBER_WORDS:
        a, b = NUMBER_WORDS[m.group(1)], NUMBER_WORDS[m.group(2)]
        return a * b if b in (100, 1000) else a + b
    m = re.fullmatch(r"(?:a )?half an?", w)
    if m:
        return 0.5
    return None


def _spelled_year(text: str) -> int | None:
    w = re.sub(r"[\s-]+", " ", text.lower()).split()
    if w[:2] == ["two", "thousand"]:
        rest = _number(" ".join(x for x in w[2:] if x != "and")) if len(w) > 2 else 0
        return 2000 + int(rest or 0)
    if w and w[0] in ("nineteen", "twenty"):
        n = _number(" ".join(w[1:]))
        if n is not None:
            return (1900 if w[0] == "nineteen" else 2000) + int(n)
    return None


def _weekday_near(dct: dt.date, weekday: int, direction: str | None) -> dt.date:
    """The date of a bare weekday: the latest one on or before `dct`, or the next one in future tense."""
    if direction == "future":
        delta = (weekday - dct.isoweekday()) % 7
        return dct + dt.timedelta(days=delta)
    delta = (dct.isoweekday() - weekday) % 7
    return dct - dt.timedelta(days=delta)


def _iso_week(d: dt.date) -> str:
    y, w, _ = d.isocalendar()
    return f"{y}-W{w:02d}"


def _add_months(y: int, m: int, k: int) -> tuple[int, int]:
    idx = y * 12 + (m - 1) + k
    return idx // 12, idx % 12 + 1


def _quarter(d: dt.date) -> int:
    return (d.month - 1) // 3 + 1


def _last_day(y: int, m: int) -> dt.date:
    ny, nm = _add_months(y, m, 1)
    return dt.date(ny, nm, 1) - dt.timedelta(days=1)


_VALUE_FORMS = [
    (re.compile(r"(\d{4})-(\d{2})-(\d{2})"), "day"),
    (re.compile(r"(\d{4})-W(\d{2})(?:-WE)?"), "week"),
    (re.compile(r"(\d{4})-(\d{2})$"), "month"),
    (re.compile(r"(\d{4})-Q(\d)$"), "quarter"),
    (re.compile(r"(\d{4})-H(\d)$"), "half"),
    (re.compile(r"(\d{4})-(SP|SU|FA|WI)$"), "season"),
    (re.compile(r"(\d{4})$"), "year"),
    (re.compile(r"(\d{3})$"), "decade"),
    (re.compile(r"(\d{2})$"), "century"),
]


def interval(value: str, mod: str | None = None) -> tuple[dt.date | None, dt.date | None]:
    """The (earliest, latest) days a TIMEX3 date value covers; (None, None) when it has no fixed place.

    A START/MID/END modifier narrows the interval to its first, middle or last third.
    """
    lo = hi = None
    for rx, kind in _VALUE_FORMS:
        m = rx.match(value)
        if not m:
            continue
        try:
            if kind == "day":
                lo = hi = dt.date(int(m[1]), int(m[2]), int(m[3]))
            elif kind == "week":
                lo = dt.date.fromisocalendar(int(m[1]), int(m[2]), 6 if value.endswith("WE") else 1)
                hi = dt.date.fromisocalendar(int(m[1]), int(m[2]), 7)
            elif kind == "month":
                lo, hi = dt.date(int(m[1]), int(m[2]), 1), _last_day(int(m[1]), int(m[2]))
            elif kind == "quarter":
                q = int(m[2])
                lo, hi = dt.date(int(m[1]), 3 * q - 2, 1), _last_day(int(m[1]), 3 * q)
            elif kind == "half":
                h = int(m[2])
                lo, hi = dt.date(int(m[1]), 6 * h - 5, 1), _last_day(int(m[1]), 6 * h)
            elif kind == "season":
                a, b = SEASON_MONTHS[m[2]]
                y2, m2 = _add_months(int(m[1]), b, 0) if b <= 12 else (int(m[1]) + 1, b - 12)
                lo, hi = dt.date(int(m[1]), a, 1), _last_day(y2, m2)
            elif kind == "year":
                lo, hi = dt.date(int(m[1]), 1, 1), dt.date(int(m[1]), 12, 31)
            elif kind == "decade":
                lo, hi = dt.date(int(m[1]) * 10, 1, 1), dt.date(int(m[1]) * 10 + 9, 12, 31)
            elif kind == "century":
                lo, hi = dt.date(int(m[1]) * 100, 1, 1), dt.date(int(m[1]) * 100 + 99, 12, 31)
        except ValueError:
            return None, None
        break
    if lo is not None and hi is not None and mod in ("START", "MID", "END") and hi > lo:
        third = (hi - lo).days // 3
        if mod == "START":
            hi = lo + dt.timedelta(days=third)
        elif mod == "END":
            lo = hi - dt.timedelta(days=third)
        else:
            lo, hi = lo + dt.timedelta(days=third), hi - dt.timedelta(days=third)
    return lo, hi


# ------------------------------------------------------------------------------------------------
# Normalizing
# ------------------------------------------------------------------------------------------------


class _Ctx:
    """What a normalizer may use: the anchor date, where it came from, and the sentence's tense."""

    __slots__ = ("dct", "anchor", "tense", "context_year", "last_quarter", "ref", "used_ref")

    def __init__(self, dct: dt.date | None, tense: str | None, context_year: int | None,
                 last_quarter: str | None = None, ref: list[str] | None = None):
        self.dct = dct
        self.last_quarter = last_quarter
        self.ref = ref  # values of the dates written before the expression, oldest first (anaphoric anchors)
        self.tense = tense
        self.used_ref: str | None = None  # the earlier date an anaphoric expression was counted from
        self.context_year = context_year
        self.anchor = "publication" if dct else "none"

    def shift_ref(self, unit: str, k: int, keep: bool = False) -> str | None:
        res = _ref_shift(self.ref, unit, k, keep)
        if res is None:
            return None
        self.used_ref = res[1]
        return res[0]

    def ref_day(self) -> dt.date | None:
        res = _ref_day(self.ref)
        if res is None:
            return None
        self.used_ref = res[1]
        return res[0]


def _unit_letter(u: str) -> tuple[str, bool, int]:
    u = u.lower()
    base = u[:-1] if u.endswith("s") and u[:-1] in UNITS else u
    if base == "centurie":
        base = "centuries"
    return UNITS.get(base, UNITS.get(u, ("X", False, 1)))


def _duration_value(n: float | None, unit: str, half: bool = False) -> str:
    letter, is_time, mult = _unit_letter(unit)
    prefix = "PT" if is_time else "P"
    if n is None:
        return f"{prefix}X{letter}"
    n = n * mult + (0.5 * mult if half else 0)
    if n != int(n):
        whole = int(n)
        sub = {"Y": ("M", 12), "M": ("D", 30), "D": ("H", 24), "H": ("M", 60), "W": ("D", 7)}.get(letter)
        if sub and letter in ("H",):
            return f"PT{whole}H{int(round((n - whole) * 60))}M" if whole else f"PT{int(round(n * 60))}M"
        if sub:
            rest = int(round((n - whole) * sub[1]))
            if letter == "Y":
                return f"P{whole}Y{rest}M" if whole else f"P{rest}M"
            if letter == "D":
                return f"P{whole}DT{rest}H" if whole else f"PT{rest}H"
            return f"P{whole}{letter}{rest}{sub[0]}" if whole else f"P{rest}{sub[0]}"
    return f"{prefix}{int(n)}{letter}"


def _shift(ctx: _Ctx, unit: str, k: int) -> str | None:
    """The value of the calendar unit `k` steps from the anchor (last year: unit 'year', k=-1)."""
    d = ctx.dct
    if d is None:
        return None
    u = unit.lower().rstrip("s")
    if u == "year":
        return f"{d.year + k:04d}"
    if u == "month":
        y, m = _add_months(d.year, d.month, k)
        return f"{y:04d}-{m:02d}"
    if u == "week":
        return _iso_week(d + dt.timedelta(weeks=k))
    if u == "weekend":
        return _iso_week(d + dt.timedelta(weeks=k)) + "-WE"
    if u in ("day", "night"):
        return (d + dt.timedelta(days=k)).isoformat()
    if u == "quarter":
        y, m = _add_months(d.year, d.month, 3 * k)
        return f"{y:04d}-Q{(m - 1) // 3 + 1}"
    if u == "decade":
        return f"{(d.year // 10) + k:03d}"
    if u in ("century", "centurie"):
        return f"{(d.year // 100) + k:02d}"
    if u in ("hour", "minute", "second"):
        return d.isoformat()
    return None


_UNRESOLVED = {"year": "XXXX", "month": "XXXX-XX", "week": "XXXX-WXX", "weekend": "XXXX-WXX-WE",
               "day": "XXXX-XX-XX", "night": "XXXX-XX-XX", "quarter": "XXXX-QX", "decade": "XXX",
               "century": "XX", "hour": "XXXX-XX-XX", "minute": "XXXX-XX-XX", "second": "XXXX-XX-XX"}


_REF_VALUE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?|-Q(\d)|-W(\d{2}))?")


def _ref_shift(refs: list[str] | None, unit: str, k: int, keep: bool = False) -> tuple[str, str] | None:
    """(value, ref) from the latest of `refs` (dates written before, oldest first) fine enough for `unit`."""
    for ref in reversed(refs or ()):
        v = _shift_from(ref, unit, k, keep)
        if v is not None:
            return v, ref
    return None


def _shift_from(ref: str, unit: str, k: int, keep: bool = False) -> str | None:
    """The calendar `unit` `k` steps from an earlier-mentioned date `ref` (TimeML's anchorTimeID).

    keep=True keeps the granularity of `ref` when it is finer ("a year earlier" than Aug. 12, 1989
    is 1988-08-12); otherwise the value has the unit's granularity ("the following year": 1996).
    None when `ref` is too coarse for the unit (a day after "1995").
    """
    m = _REF_VALUE.match(ref)
    if m is None:
        return None
    y = int(m[1])
    mo = int(m[2]) if m[2] else None
    d = int(m[3]) if m[3] else None
    q = int(m[4]) if m[4] else ((mo - 1) // 3 + 1 if mo else None)
    day = None
    if d is not None:
        try:
            day = dt.date(y, mo, d)
        except ValueError:
            return None
    elif m[5]:
        try:
            day = dt.date.fromisocalendar(y, int(m[5]), 1)
        except ValueError:
            return None
    u = unit.lower().rstrip("s")
    if u == "year":
        if keep and m.end() > 4 and not m[5]:
            if day is not None:
                last = _last_day(y + k, mo).day
                return f"{y + k:04d}-{mo:02d}-{min(d, last):02d}"
            return f"{y + k:04d}{ref[4:m.end()]}"
        return f"{y + k:04d}"
    if u == "quarter" and q is not None:
        yy, mm = _add_months(y, 3 * q - 2, 3 * k)
        return f"{yy:04d}-Q{(mm - 1) // 3 + 1}"
    if u == "month" and mo is not None:
        yy, mm = _add_months(y, mo, k)
        if keep and d is not None:
            return f"{yy:04d}-{mm:02d}-{min(d, _last_day(yy, mm).day):02d}"
        return f"{yy:04d}-{mm:02d}"
    if u in ("week", "weekend") and day is not None:
        if keep and d is not None and u == "week":
            return (day + dt.timedelta(weeks=k)).isoformat()
        return _iso_week(day + dt.timedelta(weeks=k)) + ("-WE" if u == "weekend" else "")
    if u in ("day", "night") and d is not None:
        return (day + dt.timedelta(days=k)).isoformat()
    if u == "decade":
        return f"{y // 10 + k:03d}"
    return None


def _ref_day(refs: list[str] | None) -> tuple[dt.date, str] | None:
    """(day, ref): the latest day written before (from a list of earlier dates, oldest first), or None."""
    for ref in reversed(refs or ()):
        m = _REF_VALUE.match(ref)
        if m is not None and m[3]:
            try:
                return dt.date(int(m[1]), int(m[2]), int(m[3])), ref
            except ValueError:
                continue
    return None


def _year_for_month(ctx: _Ctx, month: int, day: int | None = None) -> tuple[int | None, str]:
    """The year of a month (and day) written without one, from the publication date and the tense.

    The tense picks the previous (past) or next (future) occurrence, unless the other one is close to
    the publication date (within ``TENSE_TOLERANCE_DAYS`` / ``TENSE_TOLERANCE_MONTHS``): "payable
    Dec. 15" in a past-tense sentence of October is the coming December.  No tense: the nearest one.
    """
    if ctx.dct is not None:
        d0 = ctx.dct
        cands = (d0.year - 1, d0.year, d0.year + 1)
        if day is not None:
            def off(c: int) -> int:
                return (dt.date(c, month, min(day, _last_day(c, month).day)) - d0).days
            tol = TENSE_TOLERANCE_DAYS
        else:
            def off(c: int) -> int:
                return (c * 12 + month) - (d0.year * 12 + d0.month)
            tol = TENSE_TOLERANCE_MONTHS
        nearest = min(cands, key=lambda c: (abs(off(c)), -c))
        if ctx.tense == "past":
            pick = max(c for c in cands if off(c) <= 0)
        elif ctx.tense == "future":
            pick = min(c for c in cands if off(c) >= 0)
        else:
            return nearest, "publication"
        if pick != nearest and abs(off(nearest)) <= tol:
            pick = nearest
        return pick, "publication"
    if ctx.context_year is not None:
        return ctx.context_year, "context_year"
    return None, "none"


def normalize(name: str, m: re.Match[str], ctx: _Ctx) -> tuple[str, str, str | None, str] | None:
    """(type, value, mod, anchor) for one match; None to drop it."""
    g = {k: v for k, v in m.groupdict().items() if v is not None}
    pm = POINT_MODS.get(re.sub(r"\s+", " ", g.get("pm", "")).lower()) or None
    if pm == "":
        pm = None
    half = pm if pm in ("H1", "H2") else None  # "the second half of 1989" -> 1989-H2
    if half:
        pm = "START" if half == "H1" else "END"  # a half of anything else is no TIMEX3 value of its own
    explicit = "explicit"

    def rel(unit: str, k: int) -> tuple[str, str]:
        v = _shift(ctx, unit, k)
        if v is None:
            return _UNRESOLVED.get(unit.lower().rstrip("s"), "XXXX"), "none"
        return v, ctx.anchor

    if name in ("mdy", "dmy"):
        mo = MONTHS[g["mo"]]
        day = int(re.match(r"\d+", g["d"]).group())
        if not 1 <= day <= 31:
            return None
        if "y" in g:
            return "DATE", f"{int(g['y']):04d}-{mo:02d}-{day:02d}", pm, explicit
        y, anchor = _year_for_month(ctx, mo, day)
        if y is None:
            return "DATE", f"XXXX-{mo:02d}-{day:02d}", pm, "none"
        return "DATE", f"{y:04d}-{mo:02d}-{day:02d}", pm, anchor
    if name == "iso":
        return "DATE", f"{g['y']}-{g['m']}-{g['d']}", None, explicit
    if name == "slash":
        y = int(g["y"])
        if y < 100:
            y += 1900 if y > 40 else 2000
        if not (1 <= int(g["m"]) <= 12 and 1 <= int(g["d"]) <= 31):
            return None
        return "DATE", f"{y:04d}-{int(g['m']):02d}-{int(g['d']):02d}", None, explicit
    if name == "month":
        mo = MONTHS[g["mo"]]
        if "y" in g:
            y = int(g["y"]) if g["y"].isdigit() else _spelled_year(g["y"])
            return "DATE", f"{y:04d}-{mo:02d}", pm, explicit
        if "ry" in g:
            k = {"last": -1, "this": 0, "next": 1}[g["ry"].split()[0].lower()]
            v, anchor = rel("year", k)
            return "DATE", (f"{v}-{mo:02d}" if anchor != "none" else f"XXXX-{mo:02d}"), pm, anchor
        if "rel" in g and ctx.dct is not None:
            r = g["rel"].split()[0].lower()
            y = ctx.dct.year
            if r == "last" and mo >= ctx.dct.month:
                y -= 1
            elif r == "next" and mo <= ctx.dct.month:
                y += 1
            return "DATE", f"{y:04d}-{mo:02d}", pm, ctx.anchor
        y, anchor = _year_for_month(ctx, mo)
        return "DATE", (f"{y:04d}-{mo:02d}" if y else f"XXXX-{mo:02d}"), pm, anchor
    if name == "decade":
        if "dec" in g:
            v = g["dec"][:3]
        elif "dec2" in g:
            base = (ctx.dct.year if ctx.dct else 1999) // 100
            v = f"{base - 1 if int(g['dec2']) * 10 > (ctx.dct.year % 100 if ctx.dct else 99) else base}{g['dec2']}"
        else:
            v = f"19{DECADE_WORDS[g['decw'].lower()]}"
        pmw = g.get("pm", "").lower().strip("- ")
        mod = {"early": "START", "late": "END", "mid": "MID"}.get(pmw)
        if "half" in pmw:
            mod = "START" if "first" in pmw else "END"
        return "DATE", v, mod, explicit
    if name == "century":
        return "DATE", f"{CENTURY_WORDS[g['c'].lower()] - 1:02d}", None, explicit
    if name in ("quarter", "this_quarter"):
        qp = re.sub(r"\s+", " ", g.get("qp", "")).lower()
        half = g["qu"].lower() == "half"
        if name == "quarter":
            n = ORDINALS[g["qo"].lower()]
            if half and n > 2:
                return None
        else:
            n = None
            if qp == "the fourth":
                n, qp = 4, "the"
        if "y" in g or "qy" in g:
            y = int(g.get("y") or g.get("qy"))
            anchor = explicit
        elif ctx.dct is not None:
            y = ctx.dct.year
            anchor = ctx.anchor
            if any(w in qp for w in ("year-earlier", "year-ago", "last year", "comparable")) or "qa" in g:
                y -= 1
            elif "next year" in qp:
                y += 1
            elif n is not None and n > _quarter(ctx.dct) and ctx.tense != "future" and "this" not in qp:
                y -= 1  # results for a quarter are reported after it ends
        else:
            y, anchor = None, "none"
        if n is None:
            if g["qu"].lower() == "period" and not qp.startswith(("the latest", "the current", "the year", "the comparable", "the same", "last year", "a year")):
                return None
            if ctx.dct is None:
                return "DATE", "XXXX-QX", None, "none"
            cur = _quarter(ctx.dct)
            if qp.startswith(("the current", "this")):
                n = cur
            elif qp.startswith("next"):
                n = cur + 1
            else:  # the (latest) quarter: the last one completed
                n = cur - 1
            if n == 0:
                n, y = 4, y - 1
            elif n == 5:
                n, y = 1, y + 1
            if half:
                return "DATE", f"{y:04d}-H{1 if n <= 2 else 2}", None, anchor
        letter = "H" if half else "Q"
        return "DATE", (f"{y:04d}-{letter}{n}" if y else f"XXXX-{letter}{n}"), None, anchor
    if name == "fiscal":
        return "DATE", g["y"], None, explicit
    if name == "ago":
        n = _number(g["n"])
        u = g["u"].lower()
        unit = _unit_letter(u)
        d = g["dir"].lower()
        k = -1 if d in ("ago", "earlier", "before", "or so ago") else 1
        base = u.rstrip("s")
        if base == "centurie":
            base = "century"
        if d in ANAPHORIC_DIRECTIONS and n is not None and n == int(n):
            # "two days later", "a year earlier": counted from the date written before, when there is one
            v = ctx.shift_ref(base, k * int(n * unit[2]) if base not in ("decade",) else k * int(n), keep=True)
            if v is not None:
                return "DATE", v, None, "mentioned"
        if ctx.dct is None:
            return "DATE", _UNRESOLVED.get(u.rstrip("s"), "XXXX"), None, "none"
        if n is None:
            return "DATE", "PAST_REF" if k < 0 else "FUTURE_REF", None, ctx.anchor
        if base == "year" and n == 1 and k < 0 and ctx.last_quarter:
            # "a year ago" in a report about a quarter means that quarter a year before
            return "DATE", f"{int(ctx.last_quarter[:4]) - 1:04d}{ctx.last_quarter[4:]}", None, ctx.anchor
        if base in ("decade", "century", "millennium"):
            steps = int(n * unit[2])
            return "DATE", f"{ctx.dct.year + k * steps:04d}", None, ctx.anchor
        if base in ("hour", "minute", "second"):
            return "DATE", ctx.dct.isoformat(), None, ctx.anchor
        steps = int(round(n * unit[2]))
        v = _shift(ctx, base, k * steps)
        return "DATE", v, None, ctx.anchor
    if name == "span":
        n = _number(g["n"])
        r = g["rel"].lower()
        if r == "recent" and n is not None:
            return None
        return "DURATION", _duration_value(n, g["u"]), None, explicit
    if name == "relative":
        r = re.sub(r"\s+", " ", g["rel"]).lower()
        k = RELATIVE_WORDS[r]
        # "the next day" / "the next morning" follow a date written before; "next week" is the publication's
        anaphoric = r in ANAPHORIC_RELATIVE or (r in ANAPHORIC_DAY and ((g.get("u") or "").lower() == "day" or "pod" in g))
        if "u" in g:
            u = g["u"].lower()
            if anaphoric:
                v = ctx.shift_ref(u, k)
                if v is not None:
                    return "DATE", v, pm, "mentioned"
            if u == "day":  # "the next day" with no date written before: the publication date's neighbour
                v, anchor = rel(u, k)
                return "DATE", v, pm, anchor
            v, anchor = rel(u, k)
            if u == "weekend" and ctx.dct is not None and k == 0 and ctx.tense == "past" and ctx.dct.isoweekday() < 6:
                v = _iso_week(ctx.dct - dt.timedelta(weeks=1)) + "-WE"
            return "DATE", v, pm, anchor
        if "wd" in g:
            wd = WEEKDAYS[g["wd"].replace("'s", "")]
            ref_day = ctx.ref_day() if anaphoric and k != 0 else None
            if ref_day is not None:  # "the previous Friday": the one before the date just written
                if k < 0:
                    return "DATE", (ref_day - dt.timedelta(days=(ref_day.isoweekday() - wd) % 7 or 7)).isoformat(), pm, "mentioned"
                return "DATE", (ref_day + dt.timedelta(days=(wd - ref_day.isoweekday()) % 7 or 7)).isoformat(), pm, "mentioned"
            if ctx.dct is None:
                return "DATE", f"XXXX-WXX-{wd}", pm, "none"
            if k < 0:
                delta = (ctx.dct.isoweekday() - wd) % 7 or 7
                d = ctx.dct - dt.timedelta(days=delta)
            elif k > 0 and r in ("next", "the next", "the following", "following"):
                delta = (wd - ctx.dct.isoweekday()) % 7 or 7
                d = ctx.dct + dt.timedelta(days=delta)
            else:
                d = _weekday_near(ctx.dct, wd, "future" if ctx.tense == "future" or k > 0 else None)
            return "DATE", d.isoformat(), pm, ctx.anchor
        if "s" in g:
            s = SEASONS[g["s"].lower()]
            if ctx.dct is None:
                return "DATE", f"XXXX-{s}", pm, "none"
            y = ctx.dct.year
            start_month = SEASON_MONTHS[s][0]
            if k < 0 and start_month >= ctx.dct.month:
                y -= 1
            elif k > 0 and start_month <= ctx.dct.month:
                y += 1
            return "DATE", f"{y:04d}-{s}", pm, ctx.anchor
        if "pod" in g:
            pod = PARTS_OF_DAY[g["pod"].lower()]
            ref_day = ctx.ref_day() if anaphoric else None
            if ref_day is not None:  # "the next morning" after a date: that date's next day
                return "TIME", f"{(ref_day + dt.timedelta(days=k)).isoformat()}T{pod}", pm, "mentioned"
            if ctx.dct is None:
                return "TIME", f"XXXX-XX-XXT{pod}", pm, "none"
            day = ctx.dct + dt.timedelta(days=k)  # last night, this morning, the next morning
            return "TIME", f"{day.isoformat()}T{pod}", pm, ctx.anchor
    if name == "in_the":
        u = g["u"].lower()
        if g["rel"].lower() == "that":  # "later that year": the year of the date written before
            v = ctx.shift_ref(u, 0)
            if v is not None:
                return "DATE", v, None, "mentioned"
        v, anchor = rel(u, 0)
        return "DATE", v, None, anchor
    if name == "duration":
        n = _number(g["n"])
        if g.get("old"):
            return "DURATION", _duration_value(n, g["u"]), None, explicit
        qm = QUANT_MODS.get(re.sub(r"\s+", " ", g.get("qm", "")).lower())
        return "DURATION", _duration_value(n, g["u"], half=bool(g.get("ah"))), qm, explicit
    if name == "plural":
        return "DURATION", _duration_value(None, g["u"]), None, explicit
    if name == "season":
        s = SEASONS[g["s"].lower()]
        y = int(g["y"]) if g["y"].isdigit() else _spelled_year(g["y"])
        return "DATE", f"{y:04d}-{s}", pm, explicit
    if name == "weekend":
        r = g["the"].lower()
        k = {"last": -1, "next": 1}.get(r, 0)
        v, anchor = rel("weekend", k)
        if anchor != "none" and r in ("the", "that") and ctx.tense == "past" and ctx.dct.isoweekday() < 6:
            v = _iso_week(ctx.dct - dt.timedelta(weeks=1)) + "-WE"
        return "DATE", v, None, anchor
    if name in ("weekday_pod", "weekday", "deictic"):
        token = g.get("wd") or g.get("dd")
        key = token.replace("'s", "")
        pod = PARTS_OF_DAY.get(g["pod"].lower()) if "pod" in g else None
        if key.lower() in DEICTIC_DAYS:
            if key.lower() == "tonight":
                pod = pod or None
            if ctx.dct is None:
                v, anchor = "XXXX-XX-XX", "none"
            else:
                v, anchor = (ctx.dct + dt.timedelta(days=DEICTIC_DAYS[key.lower()])).isoformat(), ctx.anchor
        else:
            wd = WEEKDAYS[key]
            if ctx.dct is None:
                v, anchor = f"XXXX-WXX-{wd}", "none"
            else:
                v, anchor = _weekday_near(ctx.dct, wd, ctx.tense).isoformat(), ctx.anchor
        if pod:
            return "TIME", f"{v}T{pod}", None, anchor
        return "DATE", v, None, anchor
    if name == "this_pod":
        pod = PARTS_OF_DAY[g["pod"].lower()]
        r = g["rel"].lower()
        if r in ("the", "that") and not g.get("pm"):
            return None
        if ctx.dct is None:
            return "TIME", f"XXXX-XX-XXT{pod}", None, "none"
        day = ctx.dct - dt.timedelta(days=1) if r == "last" else ctx.dct
        return "TIME", f"{day.isoformat()}T{pod}", None, ctx.anchor
    if name == "pod_alone":
        pod = PARTS_OF_DAY[re.sub(r"\s+", " ", g["pod"]).lower()]
        if ctx.dct is None:
            return "TIME", f"XXXX-XX-XXT{pod}", None, "none"
        return "TIME", f"{ctx.dct.isoformat()}T{pod}", None, ctx.anchor
    if name in ("clock", "clock24", "noon"):
        day, anchor = None, "none"
        if g.get("mo"):
            mo = MONTHS[g["mo"]]
            y, anchor = _year_for_month(ctx, mo)
            day = f"{y:04d}-{mo:02d}-{int(re.match(r'[0-9]+', g['d']).group()):02d}" if y else None
        elif g.get("wd") and ctx.dct is not None:
            day = _weekday_near(ctx.dct, WEEKDAYS[g["wd"].replace("'s", "")], ctx.tense).isoformat()
            anchor = ctx.anchor
        elif g.get("dd") and ctx.dct is not None:
            day = (ctx.dct + dt.timedelta(days=DEICTIC_DAYS[g["dd"].lower()])).isoformat()
            anchor = ctx.anchor
        elif ctx.dct is not None:
            day, anchor = ctx.dct.isoformat(), ctx.anchor
        if name == "noon":
            t = "12:00" if g["w"].lower() in ("noon", "midday") else "24:00"
        else:
            h = int(g["h"])
            ap = g.get("ap", "").lower()
            if ap.startswith("p") and h < 12:
                h += 12
            elif ap.startswith("a") and h == 12:
                h = 0
            if h > 24:
                return None
            t = f"{h:02d}:{g.get('mi') or '00'}"
        return "TIME", f"{day or 'XXXX-XX-XX'}T{t}", None, anchor
    if name == "sets":
        return "SET", SET_ADVERBS[g["w"].lower()], None, explicit
    if name in ("every", "times_a"):
        if "wd" in g:
            return "SET", f"XXXX-WXX-{WEEKDAYS[g['wd'].replace(chr(39) + 's', '')]}", None, explicit
        if "mo" in g:
            return "SET", f"XXXX-{MONTHS[g['mo']]:02d}", None, explicit
        u = g["u"].lower()
        if u in SEASONS:
            return "SET", f"XXXX-{SEASONS[u]}", None, explicit
        if u in PARTS_OF_DAY:
            return "SET", f"TXX{PARTS_OF_DAY[u]}" if False else f"XXXX-XX-XXT{PARTS_OF_DAY[u]}", None, explicit
        n = 2 if "other" in g else 1
        return "SET", _duration_value(n, u), None, explicit
    if name == "spelled_year":
        y = _spelled_year(g["y"])
        return ("DATE", f"{y:04d}", None, explicit) if y else None
    if name == "year_range":
        y1 = int(g["y"])
        return "DATE", f"{y1:04d}", None, explicit
    if name == "day_before":
        k = -1 if g["dir"].lower() == "before" else 1
        ref = ctx.ref_day()
        # only counted from a day the text wrote before it; alone, "the day after" says after what it does not
        return None if ref is None else ("DATE", (ref + dt.timedelta(days=k)).isoformat(), None, "mentioned")
    if name == "year":
        y = int(g["y"])
        if not 1000 <= y <= 2099:
            return None
        if half:
            return "DATE", f"{y:04d}-{half}", None, explicit
        return "DATE", f"{y:04d}", pm, explicit
    if name == "year_adj":
        w = g["w"].lower()
        if "end" in w:
            v, anchor = rel("year", 0)
            return "DATE", (f"{v}-12-31" if anchor != "none" else "XXXX-12-31"), None, anchor
        if ctx.last_quarter:
            return "DATE", f"{int(ctx.last_quarter[:4]) - 1:04d}{ctx.last_quarter[4:]}", None, ctx.anchor
        v, anchor = rel("year", -1)
        return "DATE", v, None, anchor
    if name == "this_year":
        if "end" in g:
            return "DURATION", "P1Y", None, explicit
        v, anchor = rel("year", 0)
        return "DATE", v, None, anchor
    if name == "holiday":
        rule = HOLIDAYS[re.sub(r"\s+", " ", g["hd"])]
        if ctx.dct is None:
            return "DATE", "XXXX-XX-XX", None, "none"
        y = ctx.dct.year
        r = (g.get("rel") or "").lower()

        def day_in(year: int) -> dt.date:
            if len(rule) == 2:
                return dt.date(year, rule[0], rule[1])
            mo, wd, nth = rule
            if nth > 0:
                first = dt.date(year, mo, 1)
                return first + dt.timedelta(days=(wd - first.isoweekday()) % 7 + 7 * (nth - 1))
            last = _last_day(year, mo)
            return last - dt.timedelta(days=(last.isoweekday() - wd) % 7)

        d = day_in(y)
        if r == "last" or (r == "" and ctx.tense == "past"):
            if d > ctx.dct:
                d = day_in(y - 1)
        elif r == "next" or ctx.tense == "future":
            if d < ctx.dct:
                d = day_in(y + 1)
        return "DATE", d.isoformat(), None, ctx.anchor
    if name == "the_season":
        sc = SEASONS[g["s"].lower()]
        if ctx.dct is None:
            return "DATE", f"XXXX-{sc}", pm, "none"
        y = ctx.dct.year
        start_month = SEASON_MONTHS[sc][0]
        if ctx.tense == "past" and start_month > ctx.dct.month:
            y -= 1
        elif ctx.tense == "future" and SEASON_MONTHS[sc][1] < ctx.dct.month:
            y += 1
        the = g["the"].lower()
        mod = pm or ("START" if "early" in the else "END" if "late" in the else None)
        return "DATE", f"{y:04d}-{sc}", mod, ctx.anchor
    if name == "vague":
        return "DATE", VAGUE_REFS[re.sub(r"\s+", " ", g["w"]).lower()], None, explicit
    return None


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
        ctx = _Ctx(dct, tense_at(s, e) if tense_at else None, context_year, last_quarter, refs)
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
