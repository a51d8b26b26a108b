"""Rules for calendar dates written out: days, months, years, seasons of a year, decades, centuries,
holidays ("Thursday, April 6, 2000", "June last year", "the mid-1980s", "spring 2003", "Christmas").

A date with every part written is explicit; a day or month without a year takes it from the
publication date and the sentence's tense (``anchor.year_for_month``).  These are hand-written
because the span conventions are TimeML's ("*the 1990s*", "in *June*") and the values are TIMEX3's
(``199``, ``2003-SP``), neither of which a date-string parser produces.
"""
from __future__ import annotations

import datetime as dt
import re

from newsdossier.temporal.rules.anchor import Context, from_publication, last_day, year_for_month, year_in_words
from newsdossier.temporal.rules.base import Result, point_mod, rule
from newsdossier.temporal.rules.vocabulary import (
    CENTURY_WORDS, CLOCK_AFTER, DECADE_WORDS, EARLIEST_GUESS_YEAR, HOLIDAYS, LB, MONTHS, RB, RX_DAY, RX_MONTH, RX_PMOD,
    RX_SEASON, RX_SPELLED_YEAR, RX_TZ, RX_WEEKDAY, RX_YEAR, SEASONS, alt,
)

# "May" and "March" are also verbs: as a bare month they need a date-like neighbour
_AMBIGUOUS_MONTHS = {"May", "March"}
_MONTH_CUE = re.compile(r"(?i:in|since|until|by|from|through|of|during|early|late|mid|last|next|this|before|after|the)"
                        r"\s+$")


def _year_is_no_clock(m: re.Match[str], text: str, start: int) -> bool:
    """False for "1200 GMT", "26 February\\n\\n1600 GMT": a clock time, never a year."""
    return not (m.groupdict().get("y") and CLOCK_AFTER.match(text[m.end():m.end() + 24]))


def _day_of_month(g: dict[str, str], ctx: Context) -> Result | None:
    pm, _ = point_mod(g)
    mo = MONTHS[g["mo"]]
    day = int(re.match(r"\d+", g["d"]).group())
    if not 1 <= day <= 31:
        return None
    if "y" in g:
        return "DATE", f"{int(g['y']):04d}-{mo:02d}-{day:02d}", pm, "explicit"
    y, anchor = year_for_month(ctx, mo, day)
    if y is None:
        return "DATE", f"XXXX-{mo:02d}-{day:02d}", pm, "none"
    return "DATE", f"{y:04d}-{mo:02d}-{day:02d}", pm, anchor


# Thursday, April 6, 2000 / April 6, 2000 / April 6
mdy = rule("mdy", LB + r"(?:(?P<pm>(?i:early|late|mid-?|around|about))\s*)?(?:(?P<wd>" + RX_WEEKDAY
           + r"),?\s+)?(?P<mo>" + RX_MONTH + r")\s+(?P<d>" + RX_DAY + r")(?!\d)(?:,?\s+(?P<y>" + RX_YEAR + r"))?" + RB,
           ("month",), accept=_year_is_no_clock)(_day_of_month)
_SECOND_DAY_END = re.compile(r"\s*(?:[,.;:!?)\"'’”]|$)|\s+(?:in|at|on|and|with|for|to|of|the|was|were|will|is|are|when|as"
                             r"|from|before|after|during)\b")


def _second_day_in_context(m: re.Match[str], text: str, start: int) -> bool:
    """Only when the second number ends the phrase: "on June 5 and 6 people died" counts people."""
    return (_SECOND_DAY_END.match(text, m.end()) is not None) and _year_is_no_clock(m, text, start)


def _second_day(g: dict[str, str], ctx: Context) -> Result | None:
    return _day_of_month({**g, "d": g["d2"]}, ctx)


# April 24 and 25 / May 3-4: the second day of the month is a date of its own (group x)
second_day = rule("second_day", LB + r"(?P<mo>" + RX_MONTH + r")\s+" + RX_DAY + r"(?:\s*[-–]\s*|\s+(?i:and|to|or)\s+)"
                  r"(?P<x>(?P<d2>" + RX_DAY + r"))(?!\d|,?\s+" + RX_MONTH + r")(?:,?\s+(?P<y>" + RX_YEAR + r"))?" + RB,
                  ("month",), accept=_second_day_in_context)(_second_day)
# 6 April 2000 / the 6th of April
dmy = mdy.with_pattern("dmy", LB + r"(?:(?P<wd>" + RX_WEEKDAY + r"),?\s+)?(?P<d>" + RX_DAY + r")\s+(?:of\s+)?(?P<mo>" + RX_MONTH
              + r")(?:,?\s+(?P<y>" + RX_YEAR + r"))?" + RB)


@rule("iso", LB + r"(?P<y>" + RX_YEAR + r")-(?P<m>[01]\d)-(?P<d>[0-3]\d)" + RB, ("digit",))
def iso(g: dict[str, str], ctx: Context) -> Result | None:
    return "DATE", f"{g['y']}-{g['m']}-{g['d']}", None, "explicit"


@rule("slash", LB + r"(?P<m>[01]?\d)/(?P<d>[0-3]?\d)/(?P<y>(?:19|20)?\d{2})" + RB, ("digit",))
def slash(g: dict[str, str], ctx: Context) -> Result | None:
    """4/6/00: month first (American wire copy); a two-digit year is 1941-2040."""
    y = int(g["y"])
    if y < 100:
        y += 1900 if y > 40 else 2000
    if not (1 <= int(g["m"]) <= 12 and 1 <= int(g["d"]) <= 31):
        return None
    return "DATE", f"{y:04d}-{int(g['m']):02d}-{int(g['d']):02d}", None, "explicit"


def _month_in_context(m: re.Match[str], text: str, start: int) -> bool:
    g = m.groupdict()
    if not (g.get("y") or g.get("ry")) and (g["mo"].endswith(".") or len(g["mo"]) <= 4) and g["mo"] not in ("May", "June", "July"):
        return False  # a bare abbreviation ("Jan") is more often a name than a month
    if g.get("mo") in _AMBIGUOUS_MONTHS and not (g.get("y") or g.get("ry") or g.get("pm") or g.get("rel")):
        return bool(_MONTH_CUE.search(text[max(0, start - 12):start]))
    return _year_is_no_clock(m, text, start)


# June 2003 / mid-April / late November / June last year / January of 1998
@rule("month", LB + r"(?:(?P<pm>" + RX_PMOD + r")\s*)?(?:(?P<rel>(?i:last|this|next|this\s+past))\s+)?(?P<mo>"
      + RX_MONTH + r")(?:(?:,?\s+|\s+of\s+)(?P<y>" + RX_YEAR + r"|" + RX_SPELLED_YEAR
      + r")|\s+(?P<ry>(?i:last|this|next)\s+year))?" + RB, ("month",), accept=_month_in_context)
def month(g: dict[str, str], ctx: Context) -> Result | None:
    pm, _ = point_mod(g)
    mo = MONTHS[g["mo"]]
    if "y" in g:
        y = int(g["y"]) if g["y"].isdigit() else year_in_words(g["y"])
        return "DATE", f"{y:04d}-{mo:02d}", pm, "explicit"
    if "ry" in g:
        k = {"last": -1, "this": 0, "next": 1}[g["ry"].split()[0].lower()]
        v, anchor = from_publication(ctx, "year", k)
        return "DATE", (f"{v}-{mo:02d}" if anchor != "none" else f"XXXX-{mo:02d}"), pm, anchor
    if "rel" in g and ctx.dct is not None:
        # "last June" is the latest June before the publication month, "next June" the first after it
        r = g["rel"].split()[0].lower()
        y = ctx.dct.year
        if r == "last" and mo >= ctx.dct.month:
            y -= 1
        elif r == "next" and mo <= ctx.dct.month:
            y += 1
        return "DATE", f"{y:04d}-{mo:02d}", pm, ctx.anchor
    y, anchor = year_for_month(ctx, mo)
    return "DATE", (f"{y:04d}-{mo:02d}" if y else f"XXXX-{mo:02d}"), pm, anchor


# the 1990s / the mid-1980s / the '80s / the nineties
@rule("decade", LB + r"(?:(?i:the)\s+)?(?:(?P<pm>(?i:early|late|mid-?|last\s+half\s+of\s+the|first\s+half\s+of\s+the))"
      r"\s*)?(?:(?P<dec>1[0-9]{2}0|20[0-9]0)'?s|'(?P<dec2>\d)0s|(?P<decw>(?i:" + alt(DECADE_WORDS) + r")))" + RB,
      ("digit", "decade"))
def decade(g: dict[str, str], ctx: Context) -> Result | None:
    if "dec" in g:
        v = g["dec"][:3]
    elif "dec2" in g:
        # "the '80s": the latest such decade not after the publication year
        base = (ctx.dct.year if ctx.dct else 1999) // 100
        v = f"{base - 1 if int(g['dec2']) * 10 > (ctx.dct.year % 100 if ctx.dct else 99) else base}{g['dec2']}"
    else:
        v = f"19{DECADE_WORDS[g['decw'].lower()]}"
    pmw = g.get("pm", "").lower().strip("- ")
    mod = {"early": "START", "late": "END", "mid": "MID"}.get(pmw)
    if "half" in pmw:
        mod = "START" if "first" in pmw else "END"
    return "DATE", v, mod, "explicit"


# the 20th century / the twenty-first century
@rule("century", LB + r"(?:(?i:the)\s+)?(?P<c>(?i:" + alt(CENTURY_WORDS) + r"))[- ](?i:century)" + RB, ("century",))
def century(g: dict[str, str], ctx: Context) -> Result | None:
    return "DATE", f"{CENTURY_WORDS[g['c'].lower()] - 1:02d}", None, "explicit"


# spring 2003 / the summer of 1994
@rule("season", LB + r"(?:(?P<pm>(?i:early|late|mid-?|the\s+early|the\s+late))\s*)?(?:(?P<the>(?i:the|this|that))\s+)?"
      r"(?P<s>(?i:" + RX_SEASON + r"))(?:(?:\s+of)?\s+(?P<y>" + RX_YEAR + r"|" + RX_SPELLED_YEAR + r"))" + RB,
      ("season",))
def season(g: dict[str, str], ctx: Context) -> Result | None:
    pm, _ = point_mod(g)
    s = SEASONS[g["s"].lower()]
    y = int(g["y"]) if g["y"].isdigit() else year_in_words(g["y"])
    return "DATE", f"{y:04d}-{s}", pm, "explicit"


# nineteen ninety-eight / the year two thousand
@rule("spelled_year", LB + r"(?:(?i:the\s+year)\s+)?(?P<y>(?i:" + RX_SPELLED_YEAR + r"))" + RB, ("spelled",))
def spelled_year(g: dict[str, str], ctx: Context) -> Result | None:
    y = year_in_words(g["y"])
    return ("DATE", f"{y:04d}", None, "explicit") if y else None


def _holiday_in(rule_: tuple[int, int] | tuple[int, int, int], year: int) -> dt.date:
    """The day of a holiday in a year: a fixed day, or the n-th (or last, n=-1) weekday of a month."""
    if len(rule_) == 2:
        return dt.date(year, rule_[0], rule_[1])
    mo, wd, nth = rule_
    if nth > 0:
        first = dt.date(year, mo, 1)
        return first + dt.timedelta(days=(wd - first.isoweekday()) % 7 + 7 * (nth - 1))
    last = last_day(year, mo)
    return last - dt.timedelta(days=(last.isoweekday() - wd) % 7)


# Christmas / last Thanksgiving / next Labor Day
@rule("holiday", LB + r"(?:(?P<rel>(?i:last|this|next))\s+)?(?P<hd>" + alt(HOLIDAYS) + r")" + RB, ("holiday",))
def holiday(g: dict[str, str], ctx: Context) -> Result | None:
    rule_ = HOLIDAYS[re.sub(r"\s+", " ", g["hd"])]
    if ctx.dct is None:
        return "DATE", "XXXX-XX-XX", None, "none"
    y = ctx.dct.year
    r = (g.get("rel") or "").lower()
    d = _holiday_in(rule_, y)
    if r == "last" or (r == "" and ctx.tense == "past"):
        if d > ctx.dct:
            d = _holiday_in(rule_, y - 1)
    elif r == "next" or ctx.tense == "future":
        if d < ctx.dct:
            d = _holiday_in(rule_, y + 1)
    return "DATE", d.isoformat(), None, ctx.anchor


# 1980-88 / 2001–2003: the value is the first year; annotate widens the interval to the second
@rule("year_range", LB + r"(?P<y>" + RX_YEAR + r")[-–](?P<y2>\d{2}|" + RX_YEAR + r")" + RB, ("digit",))
def year_range(g: dict[str, str], ctx: Context) -> Result | None:
    y1 = int(g["y"])
    return "DATE", f"{y1:04d}", None, "explicit"


def _year_in_context(m: re.Match[str], text: str, start: int) -> bool:
    if not _year_is_no_clock(m, text, start):
        return False
    if re.search(r"(?i)\ba\s+$", text[max(0, start - 3):start]):
        # "up to a 1000 links" is a count, "a 1996 law" a year: the noun after tells them apart
        if int(m.group("y")) < EARLIEST_GUESS_YEAR or _COUNTED_AFTER.match(text, m.end()):
            return False
    return True


# after "a NNNN": a plural, "of", a measure or a compound makes the number a count ("a 1500 metre race",
# "a 2048-bit key")
_COUNTED_AFTER = re.compile(r"-[a-z]|[\s-]+(?:[a-z]+s\b|of\b|(?i:metre|meter|kilometre|kilometer|km|mile|foot|yard|square|acre"
                            r"|hectare|ton|tonne|pound|kg|gram|litre|liter|gallon|cc|hp|seat|page|word|point|calorie"
                            r"|strong|member|euro|dollar)\b)")


# 1998 / early 1991 / the end of 2011 / post-2000 / the second half of 1989
@rule("year", LB + r"(?:(?P<pm>" + RX_PMOD + r")[ -]?)?(?:(?P<pre>(?i:post|pre))-)?(?P<y>" + RX_YEAR
      + r")(?P<ys>'s)?(?![\w%]|[.,]\d|-\d)(?!\s*(?:" + RX_TZ + r"|(?i:hours|hrs|local\s+time))\b)", ("digit",),
      accept=_year_in_context)
def year(g: dict[str, str], ctx: Context) -> Result | None:
    pm, half = point_mod(g)
    y = int(g["y"])
    if not 1000 <= y <= 2099:
        return None
    if half:
        return "DATE", f"{y:04d}-{half}", None, "explicit"
    return "DATE", f"{y:04d}", pm, "explicit"
