"""Rules for times of day: clock times ("10:35 a.m. EST Thursday", "1200 GMT", "noon Saturday") and
parts of the day ("this morning", "overnight").

Their TIMEX3 value is a day plus a time (``2005-02-20T16:00``, ``...TMO``), so each needs the day
it falls on: the weekday, deictic word or date written with it, else the publication date.  Wire
copy writes clock times as four digits and a zone ("1600 GMT"), which reads like a year; these
hand-written patterns tell the two apart by the zone that follows, as the year rules do.
"""
from __future__ import annotations

import datetime as dt
import re

from newsdossier.temporal.rules.anchor import Context, weekday_near, year_for_month
from newsdossier.temporal.rules.base import Result, rule
from newsdossier.temporal.rules.vocabulary import (
    DEICTIC_DAYS, LB, MONTHS, PARTS_OF_DAY, RB, RX_AMPM, RX_DAY, RX_DEICTIC, RX_MONTH, RX_TZ, RX_WEEKDAY, WEEKDAYS,
)


def _day_of_clock(g: dict[str, str], ctx: Context) -> tuple[str | None, str]:
    """(day, anchor) a clock time falls on: the date, weekday or deictic word written with it, else the publication day."""
    day, anchor = None, "none"
    if g.get("mo"):
        mo = MONTHS[g["mo"]]
        y, anchor = year_for_month(ctx, mo)
        day = f"{y:04d}-{mo:02d}-{int(re.match(r'[0-9]+', g['d']).group()):02d}" if y else None
    elif g.get("wd") and ctx.dct is not None:
        day = weekday_near(ctx.dct, WEEKDAYS[g["wd"].replace("'s", "")], ctx.tense).isoformat()
        anchor = ctx.anchor
    elif g.get("dd") and ctx.dct is not None:
        day = (ctx.dct + dt.timedelta(days=DEICTIC_DAYS[g["dd"].lower()])).isoformat()
        anchor = ctx.anchor
    elif ctx.dct is not None:
        day, anchor = ctx.dct.isoformat(), ctx.anchor
    return day, anchor


def _clock_time(g: dict[str, str], ctx: Context) -> Result | None:
    day, anchor = _day_of_clock(g, ctx)
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


# 10:35 a.m. EST Thursday / 9 a.m. Tuesday / 4 p.m. Jan. 3
clock = rule("clock", LB + r"(?:(?i:around|about|at\s+about)\s+)?(?P<h>\d{1,2})(?::(?P<mi>\d{2}))?\s*(?P<ap>" + RX_AMPM
             + r")(?:\s+" + RX_TZ + r")?(?:,?\s+(?P<wd>" + RX_WEEKDAY + r")|,?\s+(?P<dd>" + RX_DEICTIC + r")|,?\s+(?P<mo>"
             + RX_MONTH + r")\s+(?P<d>" + RX_DAY + r"))?" + RB, ("digit",))(_clock_time)


def _hour_of_day(m: re.Match[str], text: str, start: int) -> bool:
    return int(m.group("h")) <= 24 and not re.match(r"\s*(?:percent|%)", text[m.end():m.end() + 9])


clock24 = rule("clock24", LB + r"(?P<h>[0-2]?\d):(?P<mi>[0-5]\d)(?:\s+" + RX_TZ + r")?" + RB, ("digit",),
               accept=_hour_of_day)(_clock_time)
# wire-service clock times ("1200 GMT"): four digits are a time only when a zone follows
clock24_zone = clock24.with_pattern("clock24", LB + r"(?P<h>[01]\d|2[0-4])(?P<mi>[0-5]\d)\s+" + RX_TZ + RB)


@rule("noon", LB + r"(?P<w>(?i:noon|midnight|midday))(?:\s+(?P<wd>" + RX_WEEKDAY + r")|\s+(?P<dd>" + RX_DEICTIC
      + r"))?" + RB, ("noon",))
def noon(g: dict[str, str], ctx: Context) -> Result | None:
    day, anchor = _day_of_clock(g, ctx)
    t = "12:00" if g["w"].lower() in ("noon", "midday") else "24:00"
    return "TIME", f"{day or 'XXXX-XX-XX'}T{t}", None, anchor


@rule("this_pod", LB + r"(?:(?P<pm>(?i:early|late|later|earlier))\s+)?(?P<rel>(?i:this|last|that|the))\s+"
      r"(?P<pod>(?i:morning|afternoon|evening|night))" + RB, ("pod",))
def this_pod(g: dict[str, str], ctx: Context) -> Result | None:
    """this morning / last night / later that evening: a part of the publication day (or the day before)."""
    pod = PARTS_OF_DAY[g["pod"].lower()]
    r = g["rel"].lower()
    if r in ("the", "that") and not g.get("pm"):
        return None  # "the evening", "that night" alone say no day
    if ctx.dct is None:
        return "TIME", f"XXXX-XX-XXT{pod}", None, "none"
    day = ctx.dct - dt.timedelta(days=1) if r == "last" else ctx.dct
    return "TIME", f"{day.isoformat()}T{pod}", None, ctx.anchor


@rule("pod_alone", LB + r"(?P<pod>(?i:overnight|midday|mid-afternoon|mid\s+afternoon))" + RB, ("pod",))
def pod_alone(g: dict[str, str], ctx: Context) -> Result | None:
    pod = PARTS_OF_DAY[re.sub(r"\s+", " ", g["pod"]).lower()]
    if ctx.dct is None:
        return "TIME", f"XXXX-XX-XXT{pod}", None, "none"
    return "TIME", f"{ctx.dct.isoformat()}T{pod}", None, ctx.anchor
