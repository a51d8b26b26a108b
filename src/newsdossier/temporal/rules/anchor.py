"""Calendar arithmetic and anchoring: how a rule turns what it matched into a TIMEX3 value.

Most news time expressions are relative ("last year", "on Wednesday", "two days later") and mean
nothing without an anchor: the publication date when it is known, else a date written earlier in
the text (TimeML's anchorTimeID), else a year written nearby, else nothing (the value keeps its X
placeholders and is not resolved).  ``dateparser`` can take a base date, but it returns a datetime,
not a TIMEX3 value: it has no weeks, quarters, seasons, decades, halves or X placeholders, and no
notion of a date mentioned earlier in the text.  So anchoring is done by hand, here, once for all
the rule modules; ``interval`` then turns any value into the days it covers, so dates sort.
"""
from __future__ import annotations

import datetime as dt
import re

from newsdossier.temporal.rules.vocabulary import (
    NUMBER_WORDS, SEASON_MONTHS, TENSE_TOLERANCE_DAYS, TENSE_TOLERANCE_MONTHS, UNITS,
)

# ------------------------------------------------------------------------------------------------
# Calendar helpers
# ------------------------------------------------------------------------------------------------


def number(word: str | None) -> float | None:
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


def year_in_words(text: str) -> int | None:
    w = re.sub(r"[\s-]+", " ", text.lower()).split()
    if w[:2] == ["two", "thousand"]:
        rest = number(" ".join(x for x in w[2:] if x != "and")) if len(w) > 2 else 0
        return 2000 + int(rest or 0)
    if w and w[0] in ("nineteen", "twenty"):
        n = number(" ".join(w[1:]))
        if n is not None:
            return (1900 if w[0] == "nineteen" else 2000) + int(n)
    return None


def weekday_near(dct: dt.date, weekday: int, direction: str | None) -> dt.date:
    """The date of a bare weekday: the latest one on or before `dct`, or the next one in future tense.

    The news present of a verb with a weekday schedules it ("the leaders meet Monday"): the next one too.
    'near' (a plan made in the past: "planned a rally on Saturday") is the nearer of the two.
    """
    if direction == "near":
        ahead = (weekday - dct.isoweekday()) % 7
        back = (dct.isoweekday() - weekday) % 7
        return dct + dt.timedelta(days=ahead) if ahead < back else dct - dt.timedelta(days=back)
    if direction in ("future", "present"):
        delta = (weekday - dct.isoweekday()) % 7
        return dct + dt.timedelta(days=delta)
    delta = (dct.isoweekday() - weekday) % 7
    return dct - dt.timedelta(days=delta)


def iso_week(d: dt.date) -> str:
    y, w, _ = d.isocalendar()
    return f"{y}-W{w:02d}"


def add_months(y: int, m: int, k: int) -> tuple[int, int]:
    idx = y * 12 + (m - 1) + k
    return idx // 12, idx % 12 + 1


def quarter_of(d: dt.date) -> int:
    return (d.month - 1) // 3 + 1


def last_day(y: int, m: int) -> dt.date:
    ny, nm = add_months(y, m, 1)
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
                lo, hi = dt.date(int(m[1]), int(m[2]), 1), last_day(int(m[1]), int(m[2]))
            elif kind == "quarter":
                q = int(m[2])
                lo, hi = dt.date(int(m[1]), 3 * q - 2, 1), last_day(int(m[1]), 3 * q)
            elif kind == "half":
                h = int(m[2])
                lo, hi = dt.date(int(m[1]), 6 * h - 5, 1), last_day(int(m[1]), 6 * h)
            elif kind == "season":
                a, b = SEASON_MONTHS[m[2]]
                y2, m2 = add_months(int(m[1]), b, 0) if b <= 12 else (int(m[1]) + 1, b - 12)
                lo, hi = dt.date(int(m[1]), a, 1), last_day(y2, m2)
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
# The anchor a rule normalises against
# ------------------------------------------------------------------------------------------------


class Context:
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
        """`unit` `k` steps from the latest earlier date fine enough for it; remembers that date for the note."""
        res = _ref_shift(self.ref, unit, k, keep)
        if res is None:
            return None
        self.used_ref = res[1]
        return res[0]

    def ref_day(self) -> dt.date | None:
        """The latest day written before the expression; remembers it for the note."""
        res = _ref_day(self.ref)
        if res is None:
            return None
        self.used_ref = res[1]
        return res[0]


# ------------------------------------------------------------------------------------------------
# Durations (TIMEX3 P... values), shared by the duration, set and "N units ago" rules
# ------------------------------------------------------------------------------------------------


def unit_letter(u: str) -> tuple[str, bool, int]:
    """(TIMEX3 letter, is a time-of-day unit, multiplier) of a unit word, singular or plural."""
    u = u.lower()
    base = u[:-1] if u.endswith("s") and u[:-1] in UNITS else u
    if base == "centurie":
        base = "centuries"
    return UNITS.get(base, UNITS.get(u, ("X", False, 1)))


def duration_value(n: float | None, unit: str, half: bool = False) -> str:
    """The TIMEX3 duration of `n` units; a fraction goes to the next smaller unit (P1Y6M), as TimeML has no decimals."""
    letter, is_time, mult = unit_letter(unit)
    prefix = "PT" if is_time else "P"
    if n is None:
        return f"{prefix}X{letter}"
    n = n * mult + (0.5 * mult if half else 0)
    if n != int(n):
        whole = int(n)
        sub = {"Y": ("M", 12), "M": ("D", 30), "D": ("H", 24), "H": ("M", 60), "W": ("D", 7)}.get(letter)
        if sub and letter in ("H",):
            return f"PT{whole}H{int(round((n - whole) * 60))}M" if whole else f"PT{int(round(n * 60))}M"
        if is_time and letter == "M":  # minutes: the rest in seconds ("a minute and a half" is PT1M30S)
            return f"PT{whole}M{int(round((n - whole) * 60))}S" if whole else f"PT{int(round(n * 60))}S"
        if sub:
            rest = int(round((n - whole) * sub[1]))
            if letter == "Y":
                return f"P{whole}Y{rest}M" if whole else f"P{rest}M"
            if letter == "D":
                return f"P{whole}DT{rest}H" if whole else f"PT{rest}H"
            return f"P{whole}{letter}{rest}{sub[0]}" if whole else f"P{rest}{sub[0]}"
    return f"{prefix}{int(n)}{letter}"


# ------------------------------------------------------------------------------------------------
# Counting from the publication date, or from a date written earlier in the text
# ------------------------------------------------------------------------------------------------


def shift(ctx: Context, unit: str, k: int) -> str | None:
    """The value of the calendar unit `k` steps from the anchor (last year: unit 'year', k=-1)."""
    d = ctx.dct
    if d is None:
        return None
    u = unit.lower().rstrip("s")
    if u == "year":
        return f"{d.year + k:04d}"
    if u == "month":
        y, m = add_months(d.year, d.month, k)
        return f"{y:04d}-{m:02d}"
    if u == "week":
        return iso_week(d + dt.timedelta(weeks=k))
    if u == "weekend":
        return iso_week(d + dt.timedelta(weeks=k)) + "-WE"
    if u in ("day", "night"):
        return (d + dt.timedelta(days=k)).isoformat()
    if u == "quarter":
        y, m = add_months(d.year, d.month, 3 * k)
        return f"{y:04d}-Q{(m - 1) // 3 + 1}"
    if u == "decade":
        return f"{(d.year // 10) + k:03d}"
    if u in ("century", "centurie"):
        return f"{(d.year // 100) + k:02d}"
    if u in ("hour", "minute", "second"):
        return d.isoformat()
    return None


# the value of a relative expression with nothing to count from: its granularity, all X's
UNRESOLVED = {"year": "XXXX", "month": "XXXX-XX", "week": "XXXX-WXX", "weekend": "XXXX-WXX-WE",
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
                last = last_day(y + k, mo).day
                return f"{y + k:04d}-{mo:02d}-{min(d, last):02d}"
            return f"{y + k:04d}{ref[4:m.end()]}"
        return f"{y + k:04d}"
    if u == "quarter" and q is not None:
        yy, mm = add_months(y, 3 * q - 2, 3 * k)
        return f"{yy:04d}-Q{(mm - 1) // 3 + 1}"
    if u == "month" and mo is not None:
        yy, mm = add_months(y, mo, k)
        if keep and d is not None:
            return f"{yy:04d}-{mm:02d}-{min(d, last_day(yy, mm).day):02d}"
        return f"{yy:04d}-{mm:02d}"
    if u in ("week", "weekend") and day is not None:
        if keep and d is not None and u == "week":
            return (day + dt.timedelta(weeks=k)).isoformat()
        return iso_week(day + dt.timedelta(weeks=k)) + ("-WE" if u == "weekend" else "")
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


def year_for_month(ctx: Context, month: int, day: int | None = None) -> tuple[int | None, str]:
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
                return (dt.date(c, month, min(day, last_day(c, month).day)) - d0).days
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


def from_publication(ctx: Context, unit: str, k: int) -> tuple[str, str]:
    """(value, anchor) of the calendar unit `k` steps from the publication date, X's when there is none."""
    v = shift(ctx, unit, k)
    if v is None:
        return UNRESOLVED.get(unit.lower().rstrip("s"), "XXXX"), "none"
    return v, ctx.anchor
