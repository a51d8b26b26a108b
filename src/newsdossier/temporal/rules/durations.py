"""Rules for durations: lengths of time, not places in it ("two years", "the past three quarters",
"nearly 72 hours", "a 30-day", "for years").

TIMEX3 writes them as ISO 8601 periods (``P2Y``, ``PT72H``, ``PXY`` for "several years") with a
``mod`` for the quantifier before them (APPROX, LESS_THAN...).  No date library finds these spans or
emits these values, and telling a duration from an age ("a 6-year-old") or a rate ("$5 a year")
needs the context checks below, so they are hand-written.
"""
from __future__ import annotations

import re

from newsdossier.temporal.rules.anchor import Context, duration_value, number
from newsdossier.temporal.rules.base import Result, rule
from newsdossier.temporal.rules.vocabulary import (
    LONG_UNITS, QUANT_MODS, RB, LB, RX_NUM, RX_QMOD, RX_UNIT, RX_UNIT_ADJ, SPAN_PREPOSITIONS, alt,
)


# the past two years / the next three quarters / the last five years
@rule("span", LB + r"(?:(?P<qm>(?i:at\s+least|more\s+than|nearly|almost|about))\s+)?(?P<the>(?i:the\s+)?)"
      r"(?P<rel>(?i:past|last|next|coming|previous|following|first|final|latest|remaining|initial|same|"
      r"preceding|ensuing|recent))\s+(?P<n>(?i:" + RX_NUM + r"))\s+" + RX_UNIT_ADJ + r"(?P<u>(?i:" + RX_UNIT + r"))"
      r"(?P<os>\s+or\s+so)?" + RB, ("unit",))
def span(g: dict[str, str], ctx: Context) -> Result | None:
    n = number(g["n"])
    r = g["rel"].lower()
    if r == "recent" and n is not None:
        return None  # "the recent two years" is no TimeML duration
    return "DURATION", duration_value(n, g["u"]), None, "explicit"


def _is_duration(m: re.Match[str], text: str, start: int) -> bool:
    """Drop ages, rates and fractions that read like durations."""
    g = m.groupdict()
    n = g["n"].lower()
    u = g["u"].lower()
    after = text[m.end():m.end() + 8]
    if g.get("old") or re.match(r"\s+old\b|-old", after):
        return False  # ages ("a 6-year-old") are not temporal expressions in TimeML
    if g["u"][0].isupper():
        return False  # a title ("60 Minutes", "24 Hours of Le Mans"), not a duration
    if n in ("a", "an") and not g.get("qm") and re.search(
            r"(?:\d|%|percent|cents?|times|twice|once|dollars?|a\s+share)\s*$", text[max(0, start - 14):start]):
        return False  # a rate ("$5 a year"), not a duration
    if n in ("a", "an") and not g.get("qm") and re.search(
            r"(?:\d[\d,.]*|" + RX_NUM + r")\s+(?:[a-z]+\s+)?[a-z]+s\s+$", text[max(0, start - 40):start]):
        return False  # a count per period ("700 seats a week", "24 hours a day"): a rate too
    if u.startswith("quarter") and n.isdigit() and int(n) >= 1000:
        return False  # "the 1988 quarter" is a year's quarter, not 1988 of them
    if u.startswith("quarter") and re.match(r"\s+of\b", after):
        return False  # "three-quarters of"
    if n in ("some", "many") and not g.get("qm"):
        return False
    if n in ("a", "an") and u.startswith(("second", "minute")) and not g.get("qm") and not g.get("ah"):
        return False  # "a minute" is mostly a figure of speech; "a minute and a half" is measured
    if u.startswith("quarter") and not g["hy"] == "-" and n in ("a", "an"):
        return False  # "a quarter of the votes"
    if u in ("night", "nights") and n in ("a", "an", "one"):
        return False
    return True


# two years / a month / five-year / 30-day / 2 1/2 years / several weeks
@rule("duration", LB + r"(?:(?P<qm>(?i:" + RX_QMOD[3:-1] + r"))\s+|(?P<the>(?i:the))\s+)?(?P<n>(?i:" + RX_NUM
      + r"))(?P<hy>-|\s+)" + RX_UNIT_ADJ + r"(?P<u>(?i:" + RX_UNIT + r"))(?P<ah>\s+and\s+a\s+half)?(?P<old>-old)?" + RB,
      ("unit",), accept=_is_duration)
def duration(g: dict[str, str], ctx: Context) -> Result | None:
    n = number(g["n"])
    if g.get("old"):
        return "DURATION", duration_value(n, g["u"]), None, "explicit"
    qm = QUANT_MODS.get(re.sub(r"\s+", " ", g.get("qm", "")).lower())
    return "DURATION", duration_value(n, g["u"], half=bool(g.get("ah"))), qm, "explicit"


# bare plural units after a preposition: for years, over weeks, within days, the first time in years
@rule("plural", r"(?:(?<=[Ff]or )|(?<=[Oo]ver )|(?<=[Ww]ithin )|(?<=\bin ))(?P<u>(?i:years|months|weeks|days|hours|decades|centuries))" + RB, ("unit",))
def plural(g: dict[str, str], ctx: Context) -> Result | None:
    return "DURATION", duration_value(None, g["u"]), None, "explicit"


# over the past decade / for the last century: a stretch of years up to now, measured, not the calendar
# decade before ("in the last decade" stays the 1980s of an article of 1998)
@rule("past_span", r"(?:" + "|".join(f"(?<=[{p[0].upper()}{p[0]}]{p[1:]} )" for p in SPAN_PREPOSITIONS)
      + r")(?P<the>(?i:the))\s+(?P<rel>(?i:past|last))\s+(?P<u>(?i:decade|century))" + RB, ("unit",))
def past_span(g: dict[str, str], ctx: Context) -> Result | None:
    return "DURATION", duration_value(1, g["u"]), None, "explicit"


# a day-long meeting / a weeklong visit / a year-long strike
@rule("long_adj", LB + r"(?P<u>(?i:" + alt(LONG_UNITS) + r"))-?(?i:long)" + RB, ("unit",))
def long_adj(g: dict[str, str], ctx: Context) -> Result | None:
    return "DURATION", duration_value(1, g["u"]), None, "explicit"
