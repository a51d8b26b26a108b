"""The words of English news time expressions, and the regex fragments the rules are built from.

Every word list the rules know is a data table here (month and weekday names, number words, units,
parts of the day, seasons, vague references, set adverbs, modifiers), so that adding a word is an
edit to a table, not to a pattern: no rule branches on a particular topic.  The fragments below
are compiled into the rules' patterns; they are written by hand because TimeML span conventions
(determiner in, preposition out) are what every pattern has to encode, and no date-parsing library
finds spans that way.
"""
from __future__ import annotations

import re
from typing import Iterable

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
# words ending in -s that are no plural noun: before "a day" they make no recurring set ("it was a day")
NOT_PLURAL_NOUNS = {"is", "was", "has", "does", "this", "its", "his", "hers", "ours", "theirs", "yours", "us", "as",
                    "thus", "plus", "yes", "perhaps", "always", "sometimes", "towards", "across", "besides", "whereas",
                    "afterwards", "nearly", "lies", "says", "takes", "makes", "spends", "lasts", "seems", "means",
                    "gets", "goes", "comes", "needs", "wants", "costs", "earns", "pays", "gives", "keeps"}
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
# prepositions that make "the past decade" a stretch measured up to now (a duration), not a calendar decade
SPAN_PREPOSITIONS = ["over", "for", "throughout", "during"]
# units of the adjectives "day-long", "weeklong", "year-long"
LONG_UNITS = ["hour", "day", "night", "week", "month", "year", "decade", "century"]
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
# Regex fragments built from the tables
# ------------------------------------------------------------------------------------------------


def alt(words: Iterable[str]) -> str:
    """A regex alternation of the words, longest first, with '.' and spaces made literal/flexible."""
    items = sorted(set(words), key=len, reverse=True)
    return "(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in items) + ")"


RX_MONTH = alt(MONTHS)
RX_WEEKDAY = alt(WEEKDAYS)
_NUMWORD_SIMPLE = alt(k for k in NUMBER_WORDS if " " not in k and k not in ("a", "an"))
RX_NUM = (r"(?:\d+(?:\.\d+)?(?:\s+1/2)?|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)[- ]"
          r"(?:one|two|three|four|five|six|seven|eight|nine)\b|" + _NUMWORD_SIMPLE
          + r"(?:\s+(?:hundred|thousand))?\b|(?:a|an)\b(?:\s+(?:hundred|thousand)\b)?|a\s+couple(?:\s+of)?\b"
          r"|a\s+dozen\b|couple\s+of\b|" + alt(VAGUE_NUMBERS) + r"\b|(?:a\s+)?half\s+an?\b)")
RX_UNIT = r"(?:" + alt(UNITS) + r"(?:s)?)"
RX_UNIT_ADJ = r"(?:(?:more|additional|full|straight|consecutive|trading|business|calendar|long)\s+)?"
RX_QMOD = alt(QUANT_MODS)
RX_PMOD = alt(POINT_MODS)
# never a year when a clock cue follows ("1600 GMT"): "26 February\n\n1600 GMT" is then just 26 February
RX_YEAR = (r"(?:1[0-9]{3}|20[0-9]{2})(?!\s*(?:" + "|".join(TIMEZONES)
           + r"|hours?\b|hrs\b|h\b|local\s+time))")
RX_DAY = r"(?:[0-3]?[0-9])(?:st|nd|rd|th)?"
RX_REL = alt(RELATIVE_WORDS)
RX_SEASON = alt(SEASONS)
RX_POD = alt(PARTS_OF_DAY)
RX_SPELLED_YEAR = (r"(?:nineteen|twenty)[- ](?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
                   r"(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?|ten|eleven|twelve|thirteen"
                   r"|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)|two\s+thousand(?:\s+and\s+\w+)?")
RX_AMPM = r"(?:[ap]\.m\.?|[ap]m\b|[AP]M\b)"
RX_TZ = alt(TIMEZONES)
RX_DEICTIC = r"(?i:" + alt(DEICTIC_DAYS) + r")"

LB = r"(?<![\w$£€#.-])"  # left boundary: not inside a word or number
RB = r"(?![\w%])"  # right boundary

_CLOCK_CUE = r"(?:" + "|".join(TIMEZONES) + r"|hours?\b|hrs\b|h\b|local\s+time)"
# what follows a clock time, or the first end of a clock range ("from 1130 to 1215 GMT"): a rule that
# found a year checks the text after it against this, since "1200 GMT" is never the year 1200
CLOCK_AFTER = re.compile(r"\s*" + _CLOCK_CUE + r"|\s*(?:to|-|–|and|until)\s*\d{4}\s*" + _CLOCK_CUE)
