"""Rules for relative dates: expressions that name a day, week, month or year only by counting from
an anchor ("last year", "on Wednesday", "two weeks later", "the following day", "yesterday
afternoon", "the summer", "recently").

The anchor is the publication date, or for anaphoric expressions ("the following year", "that
day", "a year earlier") the latest date written before them in the text (``Context.ref``).  With no
anchor the value keeps X placeholders (``XXXX-WXX-3``).  This is the part no library does against
a publication date in TIMEX3 terms, and why these rules are hand-written.
"""
from __future__ import annotations

import datetime as dt
import re

from newsdossier.temporal.rules.anchor import (
    UNRESOLVED, Context, from_publication, iso_week, number, shift, unit_letter, weekday_near,
)
from newsdossier.temporal.rules.base import Result, point_mod, rule
from newsdossier.temporal.rules.vocabulary import (
    ANAPHORIC_DAY, ANAPHORIC_DIRECTIONS, ANAPHORIC_RELATIVE, ANAPHORIC_UNITS, DEICTIC_DAYS, LB, PARTS_OF_DAY, RB,
    RELATIVE_WORDS, RX_DEICTIC, RX_NUM, RX_PMOD, RX_POD, RX_QMOD, RX_REL, RX_SEASON, RX_UNIT, RX_UNIT_ADJ,
    RX_WEEKDAY, SEASON_MONTHS, SEASONS, VAGUE_REFS, WEAK_VAGUE, WEEKDAYS, alt,
)


# N units ago / a year earlier / two weeks later
@rule("ago", LB + r"(?:(?P<qm>(?i:" + RX_QMOD[3:-1] + r"))\s+)?(?P<n>(?i:" + RX_NUM + r"))\s+" + RX_UNIT_ADJ
      + r"(?P<u>(?i:" + RX_UNIT + r"))\s+(?P<dir>(?i:ago|earlier|before|later|from\s+now|hence|or\s+so\s+ago))" + RB,
      ("unit",))
def ago(g: dict[str, str], ctx: Context) -> Result | None:
    n = number(g["n"])
    u = g["u"].lower()
    unit = unit_letter(u)
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
        return "DATE", UNRESOLVED.get(u.rstrip("s"), "XXXX"), None, "none"
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
    v = shift(ctx, base, k * steps)
    return "DATE", v, None, ctx.anchor


def _relative_in_context(m: re.Match[str], text: str, start: int) -> bool:
    g = m.groupdict()
    rel = g["rel"].lower()
    u = (g.get("u") or "").lower()
    if u[:1] and g["u"][0].isupper():
        return False  # a title ("This Week With ..."), not a date
    if u == "day" and rel not in ANAPHORIC_DAY:
        return False  # "this day", "the day": not a date of its own
    if rel in ("the", "that", "the same") and not g.get("pm") and u not in ANAPHORIC_UNITS:
        return False  # "the week", "that quarter": too often not a date of its own
    if rel == "the" and not g.get("pm"):
        return False
    return True


def _relative_unit(g: dict[str, str], ctx: Context, r: str, k: int, anaphoric: bool, pm: str | None) -> Result:
    u = g["u"].lower()
    if anaphoric:
        v = ctx.shift_ref(u, k)
        if v is not None:
            return "DATE", v, pm, "mentioned"
    if u == "day":  # "the next day" with no date written before: the publication date's neighbour
        v, anchor = from_publication(ctx, u, k)
        return "DATE", v, pm, anchor
    v, anchor = from_publication(ctx, u, k)
    if u == "weekend" and ctx.dct is not None and k == 0 and ctx.tense == "past" and ctx.dct.isoweekday() < 6:
        v = iso_week(ctx.dct - dt.timedelta(weeks=1)) + "-WE"  # "this weekend" told on a weekday, in the past: the one gone
    return "DATE", v, pm, anchor


def _relative_weekday(g: dict[str, str], ctx: Context, r: str, k: int, anaphoric: bool, pm: str | None) -> Result:
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
        d = weekday_near(ctx.dct, wd, "future" if ctx.tense == "future" or k > 0 else None)
    return "DATE", d.isoformat(), pm, ctx.anchor


def _relative_season(g: dict[str, str], ctx: Context, k: int, pm: str | None) -> Result:
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


def _relative_pod(g: dict[str, str], ctx: Context, k: int, anaphoric: bool, pm: str | None) -> Result:
    pod = PARTS_OF_DAY[g["pod"].lower()]
    ref_day = ctx.ref_day() if anaphoric else None
    if ref_day is not None:  # "the next morning" after a date: that date's next day
        return "TIME", f"{(ref_day + dt.timedelta(days=k)).isoformat()}T{pod}", pm, "mentioned"
    if ctx.dct is None:
        return "TIME", f"XXXX-XX-XXT{pod}", pm, "none"
    day = ctx.dct + dt.timedelta(days=k)  # last night, this morning, the next morning
    return "TIME", f"{day.isoformat()}T{pod}", pm, ctx.anchor


# last year / this week / next month / the past year / earlier this month / early next year / next Friday
@rule("relative", LB + r"(?:(?P<pm>(?i:" + RX_PMOD[3:-1] + r"))\s+)?(?P<rel>(?i:" + RX_REL[3:-1] + r"))\s+"
      r"(?:(?P<u>(?i:week(?:end)?|month|year|quarter|decade|century|day))|(?P<wd>" + RX_WEEKDAY + r")|(?P<s>(?i:"
      + RX_SEASON + r"))|(?P<pod>(?i:" + RX_POD + r")))(?P<os>\s+or\s+so)?" + RB,
      ("unit", "weekday", "season", "pod"), accept=_relative_in_context)
def relative(g: dict[str, str], ctx: Context) -> Result | None:
    pm, _ = point_mod(g)
    r = re.sub(r"\s+", " ", g["rel"]).lower()
    k = RELATIVE_WORDS[r]
    # "the next day" / "the next morning" follow a date written before; "next week" is the publication's
    anaphoric = r in ANAPHORIC_RELATIVE or (r in ANAPHORIC_DAY and ((g.get("u") or "").lower() == "day" or "pod" in g))
    if "u" in g:
        return _relative_unit(g, ctx, r, k, anaphoric, pm)
    if "wd" in g:
        return _relative_weekday(g, ctx, r, k, anaphoric, pm)
    if "s" in g:
        return _relative_season(g, ctx, k, pm)
    if "pod" in g:
        return _relative_pod(g, ctx, k, anaphoric, pm)
    return None


# earlier in the year / later that day
@rule("in_the", LB + r"(?P<pm>(?i:earlier|later|early|late))\s+(?:in\s+)?(?P<rel>(?i:the|that|this))\s+"
      r"(?P<u>(?i:day|week|month|year))" + RB, ("unit",))
def in_the(g: dict[str, str], ctx: Context) -> Result | None:
    u = g["u"].lower()
    if g["rel"].lower() == "that":  # "later that year": the year of the date written before
        v = ctx.shift_ref(u, 0)
        if v is not None:
            return "DATE", v, None, "mentioned"
    v, anchor = from_publication(ctx, u, 0)
    return "DATE", v, None, anchor


@rule("weekend", LB + r"(?P<the>(?i:the|this|last|next|that))\s+weekend" + RB, ("unit",))
def weekend(g: dict[str, str], ctx: Context) -> Result | None:
    r = g["the"].lower()
    k = {"last": -1, "next": 1}.get(r, 0)
    v, anchor = from_publication(ctx, "weekend", k)
    if anchor != "none" and r in ("the", "that") and ctx.tense == "past" and ctx.dct.isoweekday() < 6:
        v = iso_week(ctx.dct - dt.timedelta(weeks=1)) + "-WE"  # told on a weekday, in the past: the one gone
    return "DATE", v, None, anchor


def _weekday_or_deictic(g: dict[str, str], ctx: Context) -> Result | None:
    """Wednesday / yesterday / Friday morning: the weekday nearest the publication date in the tense's direction."""
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
            v, anchor = weekday_near(ctx.dct, wd, ctx.tense).isoformat(), ctx.anchor
    if pod:
        return "TIME", f"{v}T{pod}", None, anchor
    return "DATE", v, None, anchor


_EARLY_LATE = r"(?:(?P<pm>(?i:early|late|earlier|later))\s+)?"
# Wednesday night / Friday morning / yesterday afternoon
weekday_pod = rule("weekday_pod", LB + _EARLY_LATE + r"(?P<wd>" + RX_WEEKDAY + r"|" + RX_DEICTIC
                   + r")\s+(?P<pod>(?i:" + RX_POD + r"))" + RB, ("pod",))(_weekday_or_deictic)
# mid-afternoon yesterday / late morning Tuesday: the part of the day first
pod_weekday = rule("pod_weekday", LB + _EARLY_LATE + r"(?P<pod>(?i:" + RX_POD + r"))\s+(?P<wd>" + RX_WEEKDAY + r"|"
                   + RX_DEICTIC + r")" + RB, ("pod",))(_weekday_or_deictic)
weekday = rule("weekday", LB + _EARLY_LATE + r"(?P<wd>" + RX_WEEKDAY + r")" + RB, ("weekday",))(_weekday_or_deictic)


def _not_a_title(m: re.Match[str], text: str, start: int) -> bool:
    """False for a capitalised "Today" inside a sentence: a programme's name ("BBC Radio 4's Today", "VOA Today")."""
    if not m.group("dd")[0].isupper() or m.group("pm"):
        return True
    before = text[max(0, start - 3):start].rstrip(" \t")
    return before == "" or before[-1] in ".!?:;\n\"'“‘`(-—_"


deictic = rule("deictic", LB + _EARLY_LATE + r"(?P<dd>" + RX_DEICTIC + r")" + RB, ("deictic",),
               accept=_not_a_title)(_weekday_or_deictic)


# the summer / the early spring: the one the tense points to, of the publication year
@rule("the_season", LB + r"(?:(?P<pm>(?i:early|late|mid-?))\s*)?(?P<the>(?i:the|the\s+early|the\s+late))\s+(?P<s>(?i:"
      + RX_SEASON + r"))(?!\s+(?i:of)\b)" + RB, ("season",))
def the_season(g: dict[str, str], ctx: Context) -> Result | None:
    pm, _ = point_mod(g)
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


# the day before / the day after, with nothing after it that it is counted from ("the day before the vote")
@rule("day_before", LB + r"(?P<the>(?i:the))\s+(?i:day)\s+(?P<dir>(?i:before|after))(?=\s*[,.;:!?)]|\s*$)", ("unit",))
def day_before(g: dict[str, str], ctx: Context) -> Result | None:
    k = -1 if g["dir"].lower() == "before" else 1
    ref = ctx.ref_day()
    # only counted from a day the text wrote before it; alone, "the day after" says after what it does not
    return None if ref is None else ("DATE", (ref + dt.timedelta(days=k)).isoformat(), None, "mentioned")


# words before "one day" that make it a time to come ("will one day be", "hopes to one day run", "he one day
# follow"), not a day's length ("took one day")
_SOMEDAY_BEFORE = re.compile(r"(?i)\b(?:will|would|could|might|may|can|should|shall|must|'ll|to|he|she|they|we|i|you)"
                             r"\s+$")


def _someday_in_context(m: re.Match[str], text: str, start: int) -> bool:
    return _SOMEDAY_BEFORE.search(text, max(0, start - 12), start) is not None


# will one day be: an unnamed day to come (TimeML FUTURE_REF), not a duration
@rule("someday", LB + r"(?i:one\s+day)" + RB, ("unit",), accept=_someday_in_context)
def someday(g: dict[str, str], ctx: Context) -> Result | None:
    return "DATE", "FUTURE_REF", None, "explicit"


# after "current" these make it a noun ("the current of the river") or a balance ("the current account")
_NOT_TEMPORAL_CURRENT = {"of", "account", "accounts", "is", "was", "and", "or", "to", "in", "flows", "flow", "from"}


def _not_weak(m: re.Match[str], text: str, start: int) -> bool:
    w = m.group("w").lower()
    if w == "current":  # the adjective before a noun: "current market conditions" (TimeML PRESENT_REF)
        nxt = re.match(r"\s+([a-z][a-z-]*)\b", text[m.end():m.end() + 30])
        return nxt is not None and nxt.group(1) not in _NOT_TEMPORAL_CURRENT
    return w not in WEAK_VAGUE  # "once", "later": ordinary words far more often


# now / recently / the near future
@rule("vague", LB + r"(?P<w>(?i:" + alt(VAGUE_REFS) + r"))" + RB, ("vague",), accept=_not_weak)
def vague(g: dict[str, str], ctx: Context) -> Result | None:
    return "DATE", VAGUE_REFS[re.sub(r"\s+", " ", g["w"]).lower()], None, "explicit"
