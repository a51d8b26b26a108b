"""Finding figures in one parse: number spans, their value and interval, hedge, unit and kind.

Written by hand over the tokens: a regex finds where a figure may start (a digit or a number word),
then the run of number tokens, a range, a currency, a unit and a hedge are read around it. A general
quantity parser (quantulum3, tried in benchmarks/quantities_eval.py) does worse on news text: it knows
no vague counts ("dozens"), no hedges and none of the exclusions below (years, ages, scores, codes).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from newsdossier.quantities.tables import (
    APPROX_TOLERANCE, AGE_BEFORE, AGE_GAP_WORDS, CLOCK_AFTER, CURRENCY_SYMBOLS, CURRENCY_WORDS, DURATION_CONTEXT,
    DURATION_UNITS, FRACTIONS, HEDGES, ID_PREFIXES, MULTIPLIERS, NAME_LABELS, NEAR_TOLERANCE, NOT_A_COUNT_LABELS,
    NUMBER_WORDS, PERCENT_WORDS, RANGE_JOINERS, RANGE_OPENERS, TIME_WORDS, UNITS, VAGUE_COUNTS,
)

# Scores and tallies ("won 3-1", "a 5-4 vote") are results, not counts of anything one could compare.
_SCORE = re.compile(r"\d{1,3}[-–]\d{1,3}")

_VAGUE_BLOCKERS = set(NUMBER_WORDS) | {"a", "several", "few"}
_FRACTION_COUNTS = set(NUMBER_WORDS) | {"a", "an"}
_MONEY_SUFFIX = re.compile(r"^(\d[\d,]*(?:\.\d+)?)(k|m|mn|mln|bn|b|tn|trn)$", re.I)
_DIGITS = re.compile(r"^\d[\d,]*(?:\.\d+)?$")
_TIME_LIKE = re.compile(r"^\d{1,2}[:.]\d{2}$")
_CODE_LIKE = re.compile(r"^\+?\d+(?:[-./]\d+){2,}$|^0\d{2,}$|^\d{5,}[-/]\d+$")
_YEAR_LIKE = re.compile(r"^(1[5-9]\d\d|20\d\d)s?$")


_SEED_WORDS = sorted(set(NUMBER_WORDS) | {w.split()[0] for w in VAGUE_COUNTS} | set(FRACTIONS),
                     key=len, reverse=True)
# One pass over the text finds every place a figure can start: a digit or a number word.
_SEED = re.compile(r"\d[\d,.]*|\b(?:" + "|".join(_SEED_WORDS) + r")\b", re.I)


def _seed_tokens(doc, text: str) -> list[int]:
    """Indices of tokens holding a digit or a number word, found by one regex over the text."""
    import numpy as np
    from spacy.attrs import IDX

    if not len(doc):
        return []
    hits = [m.start() for m in _SEED.finditer(text)]
    if not hits:
        return []
    idx = np.searchsorted(doc.to_array(IDX), np.asarray(hits), side="right") - 1
    return [int(i) for i in np.unique(idx) if i >= 0]


def _num_value(tok) -> float | None:
    """The value of one number token (digits, a number word, or a suffixed amount like '2bn')."""
    low = tok.lower_
    if _DIGITS.match(low):
        try:
            return float(low.replace(",", ""))
        except ValueError:
            return None
    if low in NUMBER_WORDS:
        return float(NUMBER_WORDS[low])
    m = _MONEY_SUFFIX.match(low)
    if m:
        return float(m.group(1).replace(",", "")) * MULTIPLIERS[m.group(2).lower()]
    return None


def _is_number_token(tok) -> bool:
    low = tok.lower_
    return bool(_DIGITS.match(low)) or low in NUMBER_WORDS or bool(_MONEY_SUFFIX.match(low))


def _compose(tokens) -> float | None:
    """'twenty five' -> 25, 'two hundred' -> 200, '1.5 million' -> 1.5e6, 'a thousand' -> 1000."""
    total, current, seen = 0.0, 0.0, False
    for tok in tokens:
        low = tok.lower_
        if low in ("a", "an", "-", "and"):
            if low in ("a", "an"):
                current = 1.0
            continue
        if low in MULTIPLIERS and (low not in NUMBER_WORDS or NUMBER_WORDS[low] >= 100):
            mult = MULTIPLIERS[low]
            if mult == 100:
                current = (current or 1.0) * 100
            else:
                total += (current or 1.0) * mult
                current = 0.0
            seen = True
            continue
        val = _num_value(tok)
        if val is None:
            return None
        if low == "dozen":
            current = (current or 1.0) * 12
        else:
            current += val
        seen = True
    return total + current if seen else None


def _phrase_at(doc, i: int, table: dict[str, Any], max_len: int = 4, backwards: bool = False):
    """The longest phrase of `table` ending (backwards) or starting at token i: (phrase, n)."""
    for n in range(max_len, 0, -1):
        lo, hi = (i - n + 1, i + 1) if backwards else (i, i + n)
        if lo < 0 or hi > len(doc):
            continue
        phrase = " ".join([doc[k].lower_ for k in range(lo, hi)])
        if phrase in table:
            return phrase, n
    return None, 0


@dataclass(slots=True)
class Figure:
    """A figure being read: its number tokens, its whole span, and what is known of it so far."""

    first: int  # token index of the first number token
    last: int  # token index after the last number token
    start: int  # token span including hedge, currency, unit
    end: int
    value: float | None
    low: float | None
    high: float | None
    hedge: str | None
    unit: str | None
    kind: str


def _number_run(doc, i: int) -> int:
    """Index after the run of number tokens starting at i ('1.5 million', 'twenty - five')."""
    j = i + 1
    n = len(doc)
    while j < n:
        tok = doc[j]
        low = tok.lower_
        if low in MULTIPLIERS and low in NUMBER_WORDS or low in ("hundred", "thousand", "million",
                                                                 "billion", "trillion"):
            j += 1
        elif low in ("k", "m", "mn", "bn", "b", "tn") and doc[j - 1].whitespace_ == "" and \
                _DIGITS.match(doc[j - 1].lower_):
            j += 1
        elif low in NUMBER_WORDS and doc[j - 1].lower_ in NUMBER_WORDS and NUMBER_WORDS[low] < 10 \
                and 20 <= NUMBER_WORDS[doc[j - 1].lower_] < 100:
            j += 1  # "twenty five"
        elif low == "-" and j + 1 < n and doc[j - 1].lower_ in NUMBER_WORDS and \
                doc[j + 1].lower_ in NUMBER_WORDS and NUMBER_WORDS[doc[j + 1].lower_] < 10 and \
                20 <= NUMBER_WORDS[doc[j - 1].lower_] < 100:
            j += 2  # "twenty-five"
        elif low in ("hundred", "thousand") or (low == "and" and j + 1 < n and
                                                doc[j - 1].lower_ == "hundred" and
                                                doc[j + 1].lower_ in NUMBER_WORDS):
            j += 1  # "two hundred and fifty"
        else:
            break
    return j


def _excluded(doc, a: int, b: int) -> bool:
    """Years, dates, times, ages, ordinals, identifiers, codes: not quantities."""
    tok = doc[a]
    low = tok.lower_
    if tok.ent_type_ in NOT_A_COUNT_LABELS or low.endswith(("st", "nd", "rd", "th")) and low[:1].isdigit():
        return True
    if _TIME_LIKE.match(low) and b - a == 1:
        return True
    if _CODE_LIKE.match(low):
        return True
    if tok.ent_type_ in NAME_LABELS:
        return True
    nxt = doc[b] if b < len(doc) else None
    if nxt is not None and nxt.lower_ in CLOCK_AFTER and _TIME_DIGITS.fullmatch(low):
        return True
    if _SCORE.fullmatch(low) and not _counts_after(doc, b):
        return True
    if (nxt is not None and nxt.text in "-–" and b + 1 < len(doc) and low.isdigit() and doc[b + 1].text.isdigit()
            and int(low) < 200 and int(doc[b + 1].text) < 200 and not _counts_after(doc, b + 2)):
        return True  # the first number of a score ("won 3-1"); "20-30 people" is a range of a count
    prev = doc[a - 1] if a > 0 else None
    if (prev is not None and prev.text in "-–" and a > 1 and doc[a - 2].text.isdigit() and low.isdigit()
            and int(low) < 200 and int(doc[a - 2].text) < 200 and prev.idx == doc[a - 2].idx + len(doc[a - 2].text)):
        return True if not _counts_after(doc, a + 1) else False  # the second number of a score
    # "at the age of 43", "aged between 18 and 34", "under the age of 10": an age, whatever hedge comes between
    back = [t.lower_ for t in doc[max(0, a - 4):a]]
    if any(w in AGE_BEFORE for w in back) and all(w in AGE_GAP_WORDS or w in AGE_BEFORE for w in back[back.index(
            next(w for w in back if w in AGE_BEFORE)):]):
        return True
    if prev is not None:
        if prev.lower_ in ID_PREFIXES or prev.lower_ in AGE_BEFORE:
            return True
        if prev.lower_ in ("#", "no", "nr"):
            return True
        # "Resolution 2231", "Camp 5": a capitalised noun followed by its number
        if prev.pos_ == "PROPN" and tok.head.i == prev.i and tok.dep_ == "nummod":
            return True
    # years: 4 digits without a comma, not counting a plural noun right after
    if b - a == 1 and _YEAR_LIKE.match(low):
        nxt = doc[b] if b < len(doc) else None
        if not (nxt is not None and nxt.tag_ in ("NNS", "NNPS") and tok.dep_ == "nummod"
                and nxt.lower_ not in TIME_WORDS):
            return True
    # inside a DATE/TIME entity that reads as a date (has a time word or a year in it)
    if tok.ent_type_ in ("DATE", "TIME"):
        ent_start = a
        while ent_start > 0 and doc[ent_start].ent_iob_ == "I":
            ent_start -= 1
        ent_end = a + 1
        while ent_end < len(doc) and doc[ent_end].ent_iob_ == "I":
            ent_end += 1
        ent_words = {t.lower_ for t in doc[ent_start:ent_end]}
        if ent_words & TIME_WORDS or any(_YEAR_LIKE.match(w) for w in ent_words):
            return not _is_penalty_duration(doc, b)
    # age in apposition to a person: "Mr Sullivan, 42, pleaded guilty", "Victor Halloran (61)"; a bare number
    # in brackets after any name is an age, a seeding or a tally in a line-up ("Fiji (3)"), never a count
    if b - a == 1 and low.isdigit() and int(low) < 125 and a > 1 and doc[a - 1].text in (",", "(") \
            and (b >= len(doc) or doc[b].text in (",", ")", ".")):
        name = doc[a - 2]
        # (the model often tags a surname GPE or ORG: "Gatlin, 22, won", "Mr Mubanga, 29, from")
        if name.ent_type_ == "PERSON" or (name.pos_ == "PROPN" and name.ent_type_ != "DATE"):
            return True
        if name.text[:1].isupper() and doc[a].dep_ == "appos" and doc[a].head.i == name.i:
            return True  # a surname opening the sentence, parsed as a common noun: "Bosworth, 21, plays"
    # age: "45-year-old", "45 years old"
    if b + 2 < len(doc) and doc[b].lower_ in ("-", "year", "years") and \
            any(t.lower_ in ("old", "year-old") for t in doc[b:b + 4]):
        return True
    return False


_TIME_DIGITS = re.compile(r"[0-2]\d[0-5]\d")


def _counts_after(doc, i: int) -> bool:
    """A plural noun right after a number pair makes it a range of a count, not a score."""
    return i < len(doc) and doc[i].tag_ in ("NNS", "NNPS")


def _is_penalty_duration(doc, b: int) -> bool:
    """'12 years in prison', 'sentenced to 12 years': a duration that is a measured penalty."""
    if b >= len(doc) or doc[b].lower_ not in DURATION_UNITS:
        return False
    sent = doc[b].sent
    window = doc[max(sent.start, b - 6): min(sent.end, b + 4)]
    return any(t.lower_ in DURATION_CONTEXT for t in window)


def _drop_nested(figures: list[Figure]) -> list[Figure]:
    """One figure per stretch of text: a figure inside a longer one ('two' in 'two thirds') goes."""
    kept: list[Figure] = []
    for fig in sorted(figures, key=lambda f: (f.start, -f.end)):
        if kept and fig.end <= kept[-1].end and fig.start >= kept[-1].start:
            continue
        kept.append(fig)
    return kept


def find_figures(doc, text: str | None = None) -> list[Figure]:
    """Every figure of the parse, one per stretch of text, in text order."""
    text = doc.text if text is None else text
    figures: list[Figure] = []
    consumed = -1
    for i in _seed_tokens(doc, text):
        if i < consumed:
            continue
        fig, end = _figure_at(doc, i)
        if fig is not None:
            figures.append(fig)
        if end is not None:
            consumed = end
    return _drop_nested(figures)


def _figure_at(doc, i: int) -> tuple[Figure | None, int | None]:
    """The figure starting at seed token i (or None), and the token no later figure may start before
    (None: the next seed may start one anywhere)."""
    vague, vn = _phrase_at(doc, i, VAGUE_COUNTS, 3)
    if vague:
        if i > 0 and doc[i - 1].lower_ in _VAGUE_BLOCKERS:
            return None, None  # "two thousands" is odd; "a thousand" is handled as a number
        lo = VAGUE_COUNTS[vague]
        return Figure(i, i + vn, i, i + vn, None, lo, None, vague, None, "count"), i + vn
    chain = _code_chain_end(doc, i)
    if chain:
        return None, chain
    fraction = _fraction_at(doc, i)
    if fraction is not None:
        return fraction, fraction.last
    if not _may_start_number(doc, i):
        return None, None
    return _number_figure(doc, i)


def _fraction_at(doc, i: int) -> Figure | None:
    """'two-thirds of', 'a third of', 'half of': a fraction of what follows."""
    n = len(doc)
    low = doc[i].lower_
    if low in NUMBER_WORDS and i + 3 < n and doc[i + 1].lower_ == "-" and doc[i + 2].lower_ in FRACTIONS \
            and doc[i + 3].lower_ == "of":
        v = NUMBER_WORDS[low] * FRACTIONS[doc[i + 2].lower_]
        fig = Figure(i, i + 3, i, i + 3, _round(v), _round(v), _round(v), None, "fraction", "fraction")
        _attach_hedge(doc, fig)
        return fig
    if not (low in FRACTIONS and i + 1 < n and doc[i + 1].lower_ == "of"):
        return None
    if i > 0 and doc[i - 1].lower_ in _FRACTION_COUNTS:
        prev = doc[i - 1].lower_
        a, v = i - 1, (1.0 if prev in ("a", "an") else float(NUMBER_WORDS[prev])) * FRACTIONS[low]
    elif low == "half":
        a, v = i, 0.5
    else:
        return None
    fig = Figure(a, i + 1, a, i + 1, v, v, v, None, "fraction", "fraction")
    _attach_hedge(doc, fig)
    return fig


def _may_start_number(doc, i: int) -> bool:
    """Token i can open a run of number tokens that is a figure of its own."""
    tok = doc[i]
    low = tok.lower_
    n = len(doc)
    if low in FRACTIONS:
        return False
    if not _is_number_token(tok):
        return False
    if low in MULTIPLIERS and low not in ("hundred", "thousand", "million", "billion", "trillion"):
        return False
    if low == "one" and (tok.dep_ not in ("nummod",) or (i + 1 < n and doc[i + 1].lower_ in ("of", "another"))):
        return False  # "one of", "one another", "no one", pronoun "one"
    if low in ("hundred", "thousand", "million", "billion") and not (i > 0 and doc[i - 1].lower_ in ("a", "an")):
        return False  # a bare scale word belongs to a number before it
    return True


def _number_figure(doc, i: int) -> tuple[Figure | None, int | None]:
    """A figure written in number tokens from i: its value, a range, currency or unit, and a hedge."""
    low = doc[i].lower_
    a = i - 1 if i > 0 and doc[i - 1].lower_ in ("a", "an") and low in NUMBER_WORDS and NUMBER_WORDS[low] >= 12 else i
    b = _number_run(doc, i)
    if _excluded(doc, i, b):
        return None, b
    value = _compose(doc[a:b])
    if value is None:
        return None, None
    fig = Figure(a, b, a, b, value, value, value, None, None, "count")
    _extend_to_range(doc, i, fig)
    fig.start, fig.end = fig.first, fig.last
    _attach_unit(doc, fig)
    if fig.hedge is None:
        _attach_hedge(doc, fig)
    return fig, fig.last


def _extend_to_range(doc, i: int, fig: Figure) -> None:
    """'between 30 and 40', '30 to 40', '30-40', '30 or 40': the figure becomes the interval."""
    n = len(doc)
    b = fig.last
    if not (b + 1 < n and doc[b].lower_ in RANGE_JOINERS and _is_number_token(doc[b + 1]) and
            not _excluded(doc, b + 1, _number_run(doc, b + 1))):
        return
    opener = i > 0 and doc[i - 1].lower_ in RANGE_OPENERS
    if doc[b].lower_ == "and" and not opener:
        return  # "30 and 40" without "between" is two figures
    b2 = _number_run(doc, b + 1)
    v2 = _compose(doc[b + 1:b2])
    if v2 is None:
        return
    value = fig.value
    # "between 2 and 3 million": the scale of the second applies to the first
    if v2 > value and doc[b2 - 1].lower_ in MULTIPLIERS and value < 1000 and \
            doc[b - 1].lower_ not in MULTIPLIERS:
        value *= MULTIPLIERS[doc[b2 - 1].lower_]
        fig.value = value  # scaled even where no range follows: the interval keeps the unscaled bounds
    if v2 > value:
        fig.low, fig.high = value, v2
        fig.value = None
        fig.last = b2
        if opener:
            fig.first = i - 1
            fig.hedge = doc[i - 1].lower_


def _attach_unit(doc, fig: Figure) -> None:
    """Extend the figure over a currency, scale suffix, percent sign, unit or penalty duration."""
    n = len(doc)
    # currency symbol before
    cur = None
    if fig.start > 0:
        sym = doc[fig.start - 1].lower_
        if sym in CURRENCY_SYMBOLS:
            cur = CURRENCY_SYMBOLS[sym]
            fig.start -= 1
            if fig.start > 0 and doc[fig.start - 1].lower_ in ("us", "a", "c", "hk") and \
                    doc[fig.start - 1].whitespace_ == "":
                fig.start -= 1
    # scale suffix as its own token after digits ("€40m" -> € 40 m)
    if fig.end < n and doc[fig.end].lower_ in MULTIPLIERS and doc[fig.end].lower_ not in NUMBER_WORDS \
            and doc[fig.end - 1].whitespace_ == "" and cur is not None:
        mult = MULTIPLIERS[doc[fig.end].lower_]
        fig.value = fig.value * mult if fig.value is not None else None
        fig.low, fig.high = fig.low * mult, fig.high * mult
        fig.end += 1
    # unit after
    if cur is None and fig.end < n:
        word, k = _phrase_at(doc, fig.end, CURRENCY_WORDS, 1)
        if word:
            cur = CURRENCY_WORDS[word]
            fig.end += k
    if cur is not None:
        fig.kind, fig.unit = "money", cur
        return
    j = fig.end + 1 if fig.end < n and doc[fig.end].lower_ == "-" else fig.end
    pw, k = _phrase_at(doc, j, PERCENT_WORDS, 2)
    uw, ku = _phrase_at(doc, j, UNITS, 2)
    if pw:
        fig.kind, fig.unit = "percent", PERCENT_WORDS[pw]
        fig.end = j + k
    elif uw:
        fig.kind, fig.unit = "measure", UNITS[uw]
        fig.end = j + ku
    elif j < n and doc[j].lower_ in DURATION_UNITS and _is_penalty_duration(doc, j):
        fig.kind, fig.unit = "duration", DURATION_UNITS[doc[j].lower_]
        fig.end = j + 1


def _attach_hedge(doc, fig: Figure) -> None:
    """Extend the figure over a hedge written before it and bound its interval accordingly."""
    phrase, k = _phrase_at(doc, fig.start - 1, HEDGES, 4, backwards=True)
    if not phrase:
        return
    if phrase == "some" and fig.start >= 2 and doc[fig.start - 2].lower_ in ("for", "in", "at"):
        return  # "for some 20 years" is fine, but "in some" is a determiner
    fig.hedge = phrase
    fig.start -= k
    fig.low, fig.high = _hedged(HEDGES[phrase], fig.value, fig.low, fig.high)


def _code_chain_end(doc, i: int) -> int:
    """End of a phone-like or code-like chain of digit groups glued by '-', '.' or '/', else 0."""
    if not doc[i].lower_.isdigit() or (i > 0 and doc[i - 1].lower_ in ("-", ".", "/") and
                                       doc[i - 1].whitespace_ == "" and i > 1 and doc[i - 2].lower_.isdigit()):
        return 0
    if i + 1 < len(doc) and doc[i + 1].lower_.isdigit() and doc[i].whitespace_:
        j = i + 1  # "0800 555 0199": bare digit groups side by side are a code, never a count
        while j < len(doc) and doc[j].lower_.isdigit():
            j += 1
        return j
    parts = [doc[i].lower_]
    j = i + 1
    while j + 1 < len(doc) and doc[j].lower_ in ("-", ".", "/") and doc[j - 1].whitespace_ == "" \
            and doc[j].whitespace_ == "" and doc[j + 1].lower_.isdigit():
        parts.append(doc[j + 1].lower_)
        j += 2
    if len(parts) >= 3 or (len(parts) == 2 and len(parts[0]) >= 3 and len(parts[1]) >= 4):
        return j
    if len(parts) == 2 and _YEAR_LIKE.match(parts[0]):
        return j  # "1980-88", "2019/20": years
    return 0


def _hedged(how: str, value, low, high):
    v = value if value is not None else low
    if how in ("gt", "ge"):
        return low, None
    if how in ("lt", "le"):
        return None, high
    if how == "approx":
        return _round(v * (1 - APPROX_TOLERANCE)), _round(v * (1 + APPROX_TOLERANCE))
    if how == "near":
        return _round(v * (1 - NEAR_TOLERANCE)), v
    return low, high


def _round(x: float) -> float:
    return float(round(x, 6))
