"""Rules for sets: recurring times ("daily", "every Monday", "each summer", "twice a week").

TIMEX3 gives a set the value of one period (``P1W``, ``XXXX-WXX-1``).  ``dateutil.rrule`` can hold a
recurrence, but nothing reads one out of text into such a value, so the few forms news uses are
matched by hand here.
"""
from __future__ import annotations

import re

from newsdossier.temporal.rules.anchor import Context, duration_value
from newsdossier.temporal.rules.base import Result, rule
from newsdossier.temporal.rules.vocabulary import (
    LB, MONTHS, NOT_PLURAL_NOUNS, PARTS_OF_DAY, RB, RX_MONTH, RX_NUM, RX_WEEKDAY, SEASONS, SET_ADVERBS, WEEKDAYS, alt,
)


def _not_a_paper(m: re.Match[str], text: str, start: int) -> bool:
    """False for "the party daily Granma", "the business weekly Der Spiegel": a newspaper, named after it."""
    nxt = re.match(r"\s+([A-Z][\w'.-]*)", text[m.end():m.end() + 40])
    return nxt is None or nxt.group(1) in WEEKDAYS or nxt.group(1) in MONTHS


@rule("sets", LB + r"(?P<w>(?i:" + alt(SET_ADVERBS) + r"))" + RB, ("set",), accept=_not_a_paper)
def sets(g: dict[str, str], ctx: Context) -> Result | None:
    return "SET", SET_ADVERBS[g["w"].lower()], None, "explicit"


def _every(g: dict[str, str], ctx: Context) -> Result | None:
    if "wd" in g:
        return "SET", f"XXXX-WXX-{WEEKDAYS[g['wd'].replace(chr(39) + 's', '')]}", None, "explicit"
    if "mo" in g:
        return "SET", f"XXXX-{MONTHS[g['mo']]:02d}", None, "explicit"
    u = g["u"].lower()
    if u in SEASONS:
        return "SET", f"XXXX-{SEASONS[u]}", None, "explicit"
    if u in PARTS_OF_DAY:
        return "SET", f"XXXX-XX-XXT{PARTS_OF_DAY[u]}", None, "explicit"
    n = 2 if "other" in g else 1
    return "SET", duration_value(n, u), None, "explicit"


# every day / each other week / per month / every Monday / every January
every = rule("every", LB + r"(?P<ev>(?i:every|each|per))\s+(?:(?P<other>(?i:other))\s+)?(?:(?P<u>(?i:day|week|month|year|"
             r"quarter|hour|morning|night|evening|weekend|summer|winter|spring|fall))|(?P<wd>" + RX_WEEKDAY
             + r")|(?P<mo>" + RX_MONTH + r"))" + RB, ("unit", "weekday", "month", "season", "pod"))(_every)
# three times a year / twice per week: only "a year" is the expression (group x), the count is not
times_a = rule("times_a", r"(?i:times|twice|once)\s+(?P<x>(?P<ev>(?i:a|per))\s+(?P<u>(?i:day|week|month|year)))" + RB,
               ("unit",))(_every)


# "hundreds a day", "interviews a day": a plural noun, then the period it recurs in.  A figure before the noun
# makes it a rate ("700 seats a week", "24 hours a day"), which the duration rules drop; so does money ("$5 a year")
_PLURAL_BEFORE = re.compile(r"\b([a-z]{2,}s)\s+$")
_COUNTED_BEFORE = re.compile(r"(?:\d[\d,.]*|\b" + RX_NUM + r")\s+(?:[a-z]+\s+)?[a-z]+s\s+$")


def _recurring(m: re.Match[str], text: str, start: int) -> bool:
    before = text[max(0, start - 40):start]
    word = _PLURAL_BEFORE.search(before)
    return (word is not None and word.group(1) not in NOT_PLURAL_NOUNS and not word.group(1).endswith("ss")
            and _COUNTED_BEFORE.search(before) is None and "$" not in before[-12:])


per_period = rule("per_period", LB + r"(?P<ev>(?i:a|an))\s+(?P<u>(?i:day|week|month|year|hour|night))" + RB, ("unit",),
                  accept=_recurring)(_every)
