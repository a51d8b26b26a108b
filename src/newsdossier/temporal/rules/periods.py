"""Rules for reporting periods: quarters, halves and fiscal years ("the third quarter of 1990",
"the year-earlier period", "fiscal 1989", "year-end", "the year ended March 31").

Business news dates results by period, and a period without a year is the one just reported: "the
third quarter" in a February story is last year's.  TIMEX3 has values for these (``1990-Q3``,
``1989-H2``) that no date parser emits, so they are normalised here by hand.  A quarter found here
also becomes the reference of a later "a year ago" (``Context.last_quarter``, set by ``annotate``).
"""
from __future__ import annotations

import re

from newsdossier.temporal.rules.anchor import Context, from_publication, quarter_of
from newsdossier.temporal.rules.base import Result, rule
from newsdossier.temporal.rules.vocabulary import LB, ORDINALS, QUARTER_PREFIXES, RB, RX_YEAR, alt


def _quarter_year(g: dict[str, str], ctx: Context, qp: str, n: int | None) -> tuple[int | None, str]:
    """(year, anchor) of a quarter or half: written, or counted from the publication date."""
    if "y" in g or "qy" in g:
        return int(g.get("y") or g.get("qy")), "explicit"
    if ctx.dct is None:
        return None, "none"
    y = ctx.dct.year
    if any(w in qp for w in ("year-earlier", "year-ago", "last year", "comparable")) or "qa" in g:
        y -= 1
    elif "next year" in qp:
        y += 1
    elif n is not None and n > quarter_of(ctx.dct) and ctx.tense != "future" and "this" not in qp:
        y -= 1  # results for a quarter are reported after it ends
    return y, ctx.anchor


def _quarter_or_half(g: dict[str, str], ctx: Context) -> Result | None:
    qp = re.sub(r"\s+", " ", g.get("qp", "")).lower()
    half = g["qu"].lower() == "half"
    if "qo" in g:  # the numbered rule ("the third quarter")
        n = ORDINALS[g["qo"].lower()]
        if half and n > 2:
            return None
    else:
        n = None
        if qp == "the fourth":
            n, qp = 4, "the"
    y, anchor = _quarter_year(g, ctx, qp, n)
    if n is None:
        if g["qu"].lower() == "period" and not qp.startswith(("the latest", "the current", "the year", "the comparable", "the same", "last year", "a year")):
            return None
        if ctx.dct is None:
            return "DATE", "XXXX-QX", None, "none"
        cur = quarter_of(ctx.dct)
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


# the third quarter of 1990 / third-quarter / 1989 fourth-quarter / the second half
quarter = rule("quarter", LB + r"(?:(?P<qp>(?i:" + alt(QUARTER_PREFIXES) + r"))\s+)?(?:(?P<qy>" + RX_YEAR
               + r")\s+)?(?:fiscal[- ])?(?P<qo>(?i:" + alt(ORDINALS) + r"))[- ](?:fiscal[- ])?(?P<qu>(?i:quarter|half))"
               r"(?:\s+of\s+(?:fiscal\s+)?(?P<y>" + RX_YEAR + r"))?" + RB, ("quarter",))(_quarter_or_half)
# the latest quarter / this period / the year-ago half: no number, so the one just reported
this_quarter = rule("this_quarter", LB + r"(?P<qp>(?i:the|this|that|last|next|its|the\s+latest|the\s+current|the\s+previous|"
                    r"the\s+year-earlier|the\s+year-ago|the\s+comparable|the\s+comparable\s+year-ago|the\s+same|"
                    r"the\s+fourth|last\s+year's|a\s+year\s+earlier's))\s+(?P<qu>(?i:quarter|period|half))"
                    r"(?P<qa>\s+a\s+year\s+(?:ago|earlier))?" + RB + r"(?!-)", ("quarter",))(_quarter_or_half)


# the 1988 quarter / the 1989 period: the period being reported (the quarter named before), of that year
@rule("year_period", LB + r"(?i:the|its|that)\s+(?P<y>" + RX_YEAR + r")\s+(?P<qu>(?i:quarter|period))" + RB,
      ("quarter",))
def year_period(g: dict[str, str], ctx: Context) -> Result | None:
    y = int(g["y"])
    if ctx.last_quarter:
        return "DATE", f"{y:04d}{ctx.last_quarter[4:]}", None, "explicit"
    return "DATE", (f"{y:04d}-QX" if g["qu"].lower() == "quarter" else f"{y:04d}"), None, "explicit"


@rule("fiscal", LB + r"(?i:fiscal)(?:\s+year)?\s+(?P<y>" + RX_YEAR + r")" + RB, ("quarter",))
def fiscal(g: dict[str, str], ctx: Context) -> Result | None:
    return "DATE", g["y"], None, "explicit"


# year-earlier / year-ago (adjectives) / year-end
@rule("year_adj", LB + r"(?P<w>(?i:year[- ]earlier|year[- ]ago|year[- ]end|year's\s+end))(?!\s+(?i:quarter|period|half))"
      + RB, ("unit",))
def year_adj(g: dict[str, str], ctx: Context) -> Result | None:
    w = g["w"].lower()
    if "end" in w:  # the end of the year, as "the end of 2011" is: the year, mod END
        v, anchor = from_publication(ctx, "year", -1 if ctx.tense == "past" else 0)
        return "DATE", v, "END", anchor
    if ctx.last_quarter:
        # "year-earlier" in a report about a quarter is that quarter a year before
        return "DATE", f"{int(ctx.last_quarter[:4]) - 1:04d}{ctx.last_quarter[4:]}", None, ctx.anchor
    v, anchor = from_publication(ctx, "year", -1)
    return "DATE", v, None, anchor


# the year / the fiscal year; "the year ended March 31" is a twelve-month period (TimeML: P1Y)
@rule("this_year", LB + r"(?P<w>(?i:the\s+(?:(?:full|fiscal|current|current\s+fiscal|latest\s+fiscal|calendar)\s+)?year))"
      r"(?:(?=\s+(?i:ended|ending)\b)(?P<end>))?(?![\w%'’-]|\s+(?i:two|nineteen|\d|ago|earlier|before|after|of|in|when|(?!ended\b)\w+ed\b))",
      ("unit",))
def this_year(g: dict[str, str], ctx: Context) -> Result | None:
    if "end" in g:
        return "DURATION", "P1Y", None, "explicit"
    v, anchor = from_publication(ctx, "year", 0)
    return "DATE", v, None, anchor
