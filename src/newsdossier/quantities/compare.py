"""How two figures compare: predicate classes, counted categories and qualifiers, agents, what the words
around them say of their scope (a rate, a forecast, a rounded figure), and the verdict on a pair
(`compare_pair`), with the words a reader sees (`describe`, `denial_note`, `fmt_number`). Whether two
figures are compared at all is `comparability`'s.

Rules rather than a model: every verdict must come with a reason a reader can check against the two
sentences, and there is no labelled set of figure pairs large enough to learn one from.
"""
from __future__ import annotations

import math
import re
from functools import lru_cache

from newsdossier.quantities.tables import (
    AGENT_STOPWORDS, CATEGORY_PARENTS, CATEGORY_ROOT_PARENT, DISJOINT_CATEGORIES, PERSON_EQUIVALENTS,
    PREDICATE_CLASSES, QUALIFIER_STOPWORDS,
)

DATE_GAP_NOTE_DAYS = 90       # conflicts between articles further apart get a note: may be an update

_PRED_CLASS = {lemma: cls for cls, lemmas in PREDICATE_CLASSES.items() for lemma in lemmas}


def predicate_class(lemma: str | None) -> str | None:
    """The class a predicate lemma is compared as ('died', 'deaths', 'killed' -> 'kill')."""
    if lemma is None:
        return None
    lemma = lemma.lower()
    return _PRED_CLASS.get(lemma) or _PRED_CLASS.get(lemma.rstrip("s")) or lemma


def singular(word: str) -> str:
    w = word.lower().strip("’'")
    if w.endswith("ies") and len(w) > 4:
        return w[:-3] + "y"
    if w.endswith("s") and not w.endswith("ss") and len(w) > 3:
        return w[:-1]
    return w


def category_chain(head: str | None) -> list[str]:
    """The counted head and its ancestors up to a root category: civilian -> person."""
    return list(_category_chain(head))


# The helpers below are pure functions of a few strings, cached: `judge_block` compares every pair
# of a block, so one figure's words would otherwise be analysed once per pair it is in.
@lru_cache(maxsize=100_000)
def _category_chain(head: str | None) -> tuple[str, ...]:
    if not head:
        return ()
    h = singular(head)
    if h in PERSON_EQUIVALENTS or head.lower() in PERSON_EQUIVALENTS:
        return ("person",)
    if h not in CATEGORY_PARENTS:
        # a people-name ("Iranians", "Kurds") counts people of that group; anything else is its own
        return ("person",) if head[:1].isupper() else (h,)
    chain = [h]
    seen = {h}
    while True:
        parent = CATEGORY_PARENTS.get(chain[-1]) or CATEGORY_ROOT_PARENT.get(chain[-1])
        if parent is None or parent in seen:
            break
        chain.append(parent)
        seen.add(parent)
    return tuple(chain)


_DEMONYM_SUFFIX = re.compile(r"(?:ish|ian|ese|an|i)$")


def _qual(word: str) -> str:
    """A qualifier's comparable form: plural and demonym endings dropped (Kurds, Kurdish -> kurd)."""
    w = singular(word)
    stem = _DEMONYM_SUFFIX.sub("", w)
    return stem if len(stem) >= 3 else w


@lru_cache(maxsize=100_000)
def qualifiers(counted_text: str | None, head: str | None) -> frozenset[str]:
    """Words that narrow the counted set: names and nationalities, words before the head, an `of` phrase's content."""
    if not counted_text:
        return frozenset()
    words = re.findall(r"[\w’'-]+", counted_text)
    out = set()
    after_of = False
    seen_head = False
    for w in words:
        low = w.lower()
        if low == "of":
            after_of = True
            continue
        if head and singular(low) == singular(head) and not after_of:
            seen_head = True
            if w[:1].isupper() and category_chain(head) == ["person"] and \
                    singular(head) not in CATEGORY_PARENTS and singular(head) not in PERSON_EQUIVALENTS:
                out.add(_qual(low))  # "Iranians": the nationality is the narrowing
            continue
        if low in QUALIFIER_STOPWORDS:
            continue
        # a name, an of-phrase, or a word before the head narrows the set: `civil service jobs` are some of
        # the `jobs` a sector lost, `Iranian civilians` some of the `civilians`
        if after_of or w[:1].isupper() or not seen_head:
            out.add(_qual(low))
    return frozenset(out)


@lru_cache(maxsize=100_000)
def agent_key(agent: str | None, sentence_initial: bool = False) -> tuple[str, frozenset[str]]:
    """('none' | 'generic' | 'named', content words). A capital that only starts the sentence
    ("Floods killed ...") does not make a name; an acronym always does."""
    if not agent:
        return "none", frozenset()
    words = [w for w in re.findall(r"[\w’'-]+", agent)]
    named = frozenset(
        w.lower() for k, w in enumerate(words)
        if w[:1].isupper() and w.lower() not in AGENT_STOPWORDS
        and (k > 0 or not sentence_initial or sum(c.isupper() for c in w) > 1))
    if named:
        return "named", named
    content = frozenset(singular(w) for w in words if w.lower() not in AGENT_STOPWORDS)
    return "generic", content or frozenset(singular(w) for w in words)


def _relation(a_chain, b_chain) -> str:
    """'same' | 'a_within_b' | 'b_within_a' | 'different' between two category chains."""
    if not a_chain or not b_chain:
        return "same"
    if a_chain[0] == b_chain[0]:
        return "same"
    for x, y in DISJOINT_CATEGORIES:
        if {x, y} <= {a_chain[0], b_chain[0]} | set(a_chain[:1]) | set(b_chain[:1]):
            if (a_chain[0] in (x, y) and b_chain[0] in (x, y)) or (x in a_chain and y in b_chain) or (
                    y in a_chain and x in b_chain):
                return "different"
    if b_chain[0] in a_chain:
        return "a_within_b"
    if a_chain[0] in b_chain:
        return "b_within_a"
    return "different"


def _combine(*relations: str) -> str:
    rels = set(relations) - {"same"}
    if not rels:
        return "same"
    if "different" in rels or len(rels) > 1:
        return "different"
    return rels.pop()


def interval(q: dict) -> tuple[float, float]:
    """The interval the figure's words allow: (low, high), an open bound as 0 or infinity."""
    lo = q["low"] if q["low"] is not None else (0.0 if q["high"] is not None else q["value"])
    hi = q["high"] if q["high"] is not None else math.inf
    return float(lo if lo is not None else 0.0), float(hi)


def fmt_number(x: float | None) -> str:
    if x is None:
        return "?"
    if x == int(x):
        return f"{int(x):,}"
    return f"{x:,.2f}".rstrip("0").rstrip(".")


def describe(q: dict) -> str:
    """A claim as a reader would say it: 'more than 12,000 Iranian civilians (death)'."""
    what = q.get("counted_text") or ""
    return f"{q['text']} {what}".strip()


def denial_note(q: dict) -> str:
    """Who denies a figure and whose claim it is, as the text gives them: 'the claim of the organisers
    (10,000 people) is denied by Police'."""
    claimant = q.get("claimant_text")
    voice = q.get("voice_name") if q.get("voice_name") != claimant else None  # a claimant does not deny itself
    denier = q.get("denier_text") or voice or "a source the text does not name"
    whose = f"the claim of {claimant}" if claimant else "a claim (whose, the text does not say)"
    return f"{whose}, {describe(q)}, is denied by {denier}"


def _notes(notes: list[str]) -> str:
    return f" ({'; '.join(notes)})" if notes else ""


# a rate written after the counted noun (`50 lives a year`), and words of the future or of what may be
_RATE = re.compile(r"^[^.;:!?]{0,30}?\b(?:a|an|per|each|every)\s+(?:year|day|week|month|hour|minute|second|annum|"
                   r"night|season)\b|^[^.;:!?]{0,30}?\b(?:annually|daily|weekly|monthly|yearly|a head)\b", re.IGNORECASE)
_RATE_PERIOD = re.compile(r"\b(year|day|week|month|hour|minute|second|annum|night|season|annually|daily|weekly|"
                          r"monthly|yearly|head)\b", re.IGNORECASE)
_FORECAST = re.compile(r"\b(?:will|would|could|may|might|shall|'ll|expected to|likely to|set to|due to|"
                       r"predicts?|predicted|forecasts?|projected|estimated to|is to|are to)\b", re.IGNORECASE)

def rate_period(q: dict) -> str | None:
    """The period of a rate written after the counted noun (`50 lives a year` -> 'year'), else None."""
    m = _RATE.match(q.get("after_counted") or "")
    if m is None:
        return None
    period = _RATE_PERIOD.search(m.group())
    word = period.group(1).lower() if period else "rate"
    return {"annually": "year", "yearly": "year", "annum": "year", "daily": "day", "weekly": "week",
            "monthly": "month"}.get(word, word)


def is_forecast(q: dict) -> bool:
    """The figure is said of the future or of what may be (`will die`, `could see 30bn`, `would go`)."""
    return bool(_FORECAST.search(q.get("around_predicate") or ""))


def scope_note(a: dict, b: dict) -> str | None:
    """A difference of scope the words around the figures show: a rate against a total or another
    rate's period, a forecast against a count of what happened."""
    ra, rb = rate_period(a), rate_period(b)
    if ra != rb:
        if ra and rb:
            return f"a rate per {ra} vs a rate per {rb}"
        rate, total = (a, b) if ra else (b, a)
        return f"{rate['text']} is a rate (per {ra or rb}), {total['text']} a total"
    fa, fb = is_forecast(a), is_forecast(b)
    if fa != fb:
        future, past = (a, b) if fa else (b, a)
        return f"{future['text']} is a forecast, {past['text']} a count of what happened"
    return None


def rounds_to(a: dict, b: dict) -> bool:
    """One figure is the other rounded to the precision it is written in (`99%` and `99.3%`)."""
    va, vb = a.get("value"), b.get("value")
    if va is None or vb is None or va == vb or a.get("unit") != b.get("unit"):
        return False
    written = []
    for q in (a, b):
        digits = re.search(r"\d[\d,]*(?:\.\d+)?", q.get("text") or "")
        if digits is None:
            return False
        number = digits.group().replace(",", "")
        written.append((float(number), len(number.partition(".")[2])))
    (na, da), (nb, db) = written
    if da == db or not na or not nb:
        return False
    (n_coarse, d_coarse, v_coarse), v_fine = ((na, da, va), vb) if da < db else ((nb, db, vb), va)
    scale = v_coarse / n_coarse  # `£35bn`: 35 written, 35e9 meant
    return round(v_fine / scale, d_coarse) == n_coarse


def compare_pair(a: dict, b: dict) -> tuple[str, str, float, str]:
    """Verdict on two claims of one group: (verdict, scope, gap, reason).

    `a` and `b` are quantity rows (dicts) joined with their article's `outlet` and `published`.
    The scope compares what is counted (category hierarchy and qualifiers), by whom (agent), where
    and when; the intervals are compared only where one set can be measured against the other.
    """
    notes = []
    pa, pb = a.get("polarity") or "affirm", b.get("polarity") or "affirm"
    ca, cb = _category_chain(a.get("counted_head")), _category_chain(b.get("counted_head"))
    cat = _relation(ca, cb)
    if cat == "different":
        notes.append(f"they count different sets ({a.get('counted_head')} vs {b.get('counted_head')})")
    qa, qb = qualifiers(a.get("counted_text"), a.get("counted_head")), qualifiers(b.get("counted_text"), b.get("counted_head"))
    if qa == qb:
        qual = "same"
    elif qa >= qb:
        qual = "a_within_b"
    elif qb >= qa:
        qual = "b_within_a"
    else:
        qual = "different"
        notes.append(f"qualified differently ({', '.join(sorted(qa - qb)) or '-'} vs {', '.join(sorted(qb - qa)) or '-'})")
    ka = agent_key(a.get("agent_text"), a.get("agent_start") is not None and a.get("agent_start") == a.get("sentence_start"))
    kb = agent_key(b.get("agent_text"), b.get("agent_start") is not None and b.get("agent_start") == b.get("sentence_start"))
    ea, eb = a.get("agent_entity"), b.get("agent_entity")
    if ea and eb:
        # the entity stage decides: "the MKO" and "the MEK" are one actor when it merged them
        agent = "same" if ea == eb else "different"
        ka, kb = ("named", frozenset({ea})), ("named", frozenset({eb}))
    elif ka[0] == "none" or kb[0] == "none":
        agent = "same"
    elif ka[1] & kb[1] or ka[1] <= kb[1] or kb[1] <= ka[1]:
        agent = "same"
    elif ka[0] == "named" and kb[0] == "generic":
        agent = "a_within_b"
    elif kb[0] == "named" and ka[0] == "generic":
        agent = "b_within_a"
    else:
        agent = "different"
    if agent != "same":
        notes.append(f"by {a.get('agent_text')} vs by {b.get('agent_text')}")
    elif ea and eb and (a.get("agent_text") or "").lower() != (b.get("agent_text") or "").lower():
        notes.append(f"{a.get('agent_text')} and {b.get('agent_text')} are one actor (entity stage)")
    where = "same"
    if a.get("place_text") and b.get("place_text") and a["place_text"].lower() != b["place_text"].lower():
        where = "different"
        notes.append(f"in {a['place_text']} vs in {b['place_text']}")
    when = "same"
    if a.get("time_text") and b.get("time_text") and a["time_text"].lower() != b["time_text"].lower():
        when = "different"
        notes.append(f"{a['time_text']} vs {b['time_text']}")
    scope = _combine(cat, qual, agent, where, when)
    if (words_scope := scope_note(a, b)) is not None:
        notes.append(words_scope)
    if cat == "different" or qual == "different" or words_scope is not None:
        scope = "different"
    alo, ahi = interval(a)
    blo, bhi = interval(b)
    overlap = alo <= bhi and blo <= ahi
    gap = 0.0
    if not overlap:
        hi_lo, lo_hi = (blo, ahi) if ahi < blo else (alo, bhi)
        gap = (hi_lo - lo_hi) / hi_lo if hi_lo else 0.0
    if scope == "different":
        return "different_scope", scope, gap, "; ".join(notes) or "they count different sets"
    if scope in ("a_within_b", "b_within_a"):
        narrow, broad = (a, b) if scope == "a_within_b" else (b, a)
        nlo, _ = interval(narrow)
        _, bhi2 = interval(broad)
        why = f"{describe(narrow)} counts a narrower set than {describe(broad)}"
        if nlo > bhi2:
            # a subset cannot outnumber its set, but only when both name the same agent is it
            # certain that the two claims speak of the same events
            # (a subset by agent alone, `Early HSDPA systems` within `networks`, is a guess too weak for that)
            if agent == "same" and (ka[0] == kb[0] == "named" or a["article_id"] == b["article_id"]):
                return ("conflict", scope, (nlo - bhi2) / nlo if nlo else 0.0,
                        why + " yet is larger" + _notes(notes))
            return "different_scope", scope, gap, why + "; it is larger, so they likely count different events" + _notes(notes)
        return "different_scope", scope, gap, why + _notes(notes)
    if pa != pb:
        denied = a if pa == "deny" else b
        return ("conflict", scope, max(gap, 1.0 if overlap else gap), denial_note(denied))
    if overlap:
        return "compatible", scope, 0.0, "the intervals overlap" + _notes(notes)
    if rounds_to(a, b):
        return "compatible", scope, 0.0, f"{a['text']} and {b['text']} agree once rounded" + _notes(notes)
    reason = f"{fmt_number(a['value'] if a['value'] is not None else alo)} vs " \
             f"{fmt_number(b['value'] if b['value'] is not None else blo)}: the intervals cannot both hold"
    da, db = a.get("published"), b.get("published")
    if da and db and abs((da - db).days) > DATE_GAP_NOTE_DAYS:
        reason += f" (published {abs((da - db).days)} days apart: the later may update the earlier)"
    return "conflict", scope, gap, reason + _notes(notes)
