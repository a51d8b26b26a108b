"""Quantities: every figure that counts something in the world, and where articles disagree.

Two stages:

- `quantities` (article stage, after `statements`): finds figures in the one parse (digits, number
  words, vague counts such as "dozens", ranges, money, percentages, measures), normalises them to
  `value`/`low`/`high` with the hedge that bounds them ("more than", "about", "up to"), and reads
  from the dependency parse what is counted ("Iranian civilians", "members of the group"), the
  predicate ("kill", "detain", "pay"), its agent ("by whom"), and place and time where the sentence
  gives them. Each figure carries the voice it is written in (the outlet, a named speaker or an
  anonymous source) and the polarity of that statement ("deny" when the claim is denied).
- `quantity_groups` (link stage): groups figures that count the same kind of thing across articles
  (same predicate class, compatible counted category, agent) and gives each pair of claims a
  verdict, `conflict`, `compatible` or `different_scope`, with the reason; groups are ranked by how
  much their claims disagree.

Years, dates, times, ages, ordinals, page and article numbers, identifiers and phone-like codes are
not quantities. Every word list is a data table below; nothing is tuned to one topic.
"""
from __future__ import annotations

import hashlib
import math
import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, ClassVar, Iterator

from newsdossier.article import ParsedArticle
from newsdossier.records import Record
from newsdossier.stages import LinkContext
from newsdossier.store import size_batches
from newsdossier.voice import voice_at

# ------------------------------------------------------------------------------------------------
# Data tables
# ------------------------------------------------------------------------------------------------

# fmt: off
NUMBER_WORDS: dict[str, int] = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
    "dozen": 12, "hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000,
    "trillion": 1_000_000_000_000,
}
# Scale words and suffixes: "1.5 million", "$2bn", "€40m", "300k".
MULTIPLIERS: dict[str, float] = {
    "hundred": 1e2, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
    "k": 1e3, "m": 1e6, "mn": 1e6, "mln": 1e6, "bn": 1e9, "b": 1e9, "tn": 1e12, "trn": 1e12,
}
# Vague counts: the smallest number the words allow; the upper bound stays open.
VAGUE_COUNTS: dict[str, float] = {
    "dozens": 24, "scores": 40, "hundreds": 200, "thousands": 2_000, "millions": 2_000_000,
    "billions": 2_000_000_000,
    "tens of thousands": 20_000, "hundreds of thousands": 200_000, "tens of millions": 20_000_000,
    "hundreds of millions": 200_000_000,
}
FRACTIONS: dict[str, float] = {
    "half": 1 / 2, "third": 1 / 3, "thirds": 1 / 3, "quarter": 1 / 4, "quarters": 1 / 4,
    "fifth": 1 / 5, "fifths": 1 / 5, "sixth": 1 / 6, "tenth": 1 / 10, "tenths": 1 / 10,
}
# Hedges before a figure and what they do to its interval:
#   gt/ge: lower bound (high open), lt/le: upper bound (low open),
#   approx: value +- APPROX_TOLERANCE, near: just under the value.
HEDGES: dict[str, str] = {
    "more than": "gt", "over": "gt", "above": "gt", "in excess of": "gt", "upwards of": "gt",
    "greater than": "gt", "just over": "gt", "well over": "gt", "higher than": "gt",
    "at least": "ge", "no fewer than": "ge", "no less than": "ge", "a minimum of": "ge",
    "not less than": "ge",
    "fewer than": "lt", "less than": "lt", "under": "lt", "below": "lt", "just under": "lt",
    "up to": "le", "at most": "le", "as many as": "le", "as much as": "le", "a maximum of": "le",
    "no more than": "le", "not more than": "le",
    "about": "approx", "around": "approx", "roughly": "approx", "approximately": "approx",
    "some": "approx", "an estimated": "approx", "estimated": "approx", "circa": "approx",
    "almost": "near", "nearly": "near", "close to": "near", "just short of": "near",
    "more or less": "approx", "an average of": "approx", "on average": "approx",
}
APPROX_TOLERANCE = 0.10  # "about 150" covers 135..165
NEAR_TOLERANCE = 0.10    # "nearly 3,000" covers 2,700..3,000
RANGE_JOINERS = {"and", "to", "-", "–", "—", "or"}
RANGE_OPENERS = {"between", "from"}
CURRENCY_SYMBOLS: dict[str, str] = {
    "$": "USD", "us$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "₹": "INR", "₽": "RUB",
    "a$": "AUD", "c$": "CAD", "hk$": "HKD", "₩": "KRW", "₺": "TRY", "r$": "BRL",
}
CURRENCY_WORDS: dict[str, str] = {
    "dollar": "USD", "dollars": "USD", "usd": "USD", "euro": "EUR", "euros": "EUR", "eur": "EUR",
    "pound": "GBP", "pounds": "GBP", "sterling": "GBP", "gbp": "GBP", "yen": "JPY", "yuan": "CNY",
    "renminbi": "CNY", "rupee": "INR", "rupees": "INR", "roubles": "RUB", "rubles": "RUB",
    "francs": "CHF", "rand": "ZAR", "naira": "NGN", "pesos": "MXN", "lira": "TRY", "won": "KRW",
}
PERCENT_WORDS = {"%": "%", "percent": "%", "per cent": "%", "pct": "%", "percentage points": "pp"}
# Units of measure (one or two words) and their canonical names.
UNITS: dict[str, str] = {
    "square kilometres": "km2", "square kilometers": "km2", "sq km": "km2", "km2": "km2",
    "square miles": "mi2", "square metres": "m2", "square meters": "m2",
    "kilometres": "km", "kilometers": "km", "kilometre": "km", "kilometer": "km", "km": "km",
    "miles": "mi", "mile": "mi", "metres": "m", "meters": "m", "metre": "m", "meter": "m",
    "centimetres": "cm", "cm": "cm", "millimetres": "mm", "mm": "mm", "feet": "ft", "foot": "ft",
    "tonnes": "t", "tonne": "t", "tons": "t", "ton": "t", "kilograms": "kg", "kilogram": "kg",
    "kg": "kg", "grams": "g", "pounds of": "lb",
    "litres": "l", "liters": "l", "litre": "l", "liter": "l", "gallons": "gal", "barrels": "bbl",
    "cubic metres": "m3", "cubic meters": "m3",
    "hectares": "ha", "hectare": "ha", "acres": "acre",
    "megawatts": "MW", "mw": "MW", "gigawatts": "GW", "gw": "GW", "kilowatts": "kW",
    "degrees": "deg", "mph": "mph", "km/h": "km/h", "kph": "km/h", "knots": "kn",
}
# Durations are quantities only where they measure a penalty or a stay ("up to 12 years in prison").
DURATION_UNITS = {"years": "years", "year": "years", "months": "months", "month": "months",
                  "weeks": "weeks", "days": "days", "hours": "hours"}
DURATION_CONTEXT = {"prison", "jail", "sentence", "sentenced", "imprisonment", "detention",
                    "custody", "term", "terms", "ban", "jailed", "imprisoned"}
# Words that make a DATE/TIME entity a date rather than a mis-tagged count.
TIME_WORDS = {
    "year", "years", "month", "months", "week", "weeks", "day", "days", "hour", "hours",
    "minute", "minutes", "second", "seconds", "decade", "decades", "century", "centuries",
    "ago", "am", "pm", "a.m.", "p.m.", "o'clock", "old", "aged", "night", "nights", "morning",
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
    "sept", "oct", "nov", "dec", "monday", "tuesday", "wednesday", "thursday", "friday",
    "saturday", "sunday", "season", "quarter", "fiscal", "s", "'s",
}
# A number right after one of these words is an identifier, not a count ("page 12", "Flight 370").
ID_PREFIXES = {
    "page", "pages", "p.", "pp.", "chapter", "section", "article", "paragraph", "clause", "item",
    "no.", "no", "number", "nos.", "resolution", "flight", "route", "highway", "platform", "room",
    "gate", "seat", "line", "bus", "version", "level", "grade", "category", "phase", "stage",
    "episode", "volume", "vol.", "issue", "case", "code", "tel", "tel.", "phone", "fax", "ext.",
    "apartment", "unit", "floor", "district", "precinct", "block", "lot", "figure", "table",
    "exit", "channel", "track", "model", "type", "hall", "court", "camp", "division", "round",
    "game", "match", "week", "day", "year", "ward", "bill", "act", "law", "decree", "order",
    "number", "id", "#", "station", "terminal", "building", "mile", "kilometre", "km", "post",
}
AGE_BEFORE = {"aged", "age", "ages"}
AGE_GAP_WORDS = {"of", "between", "under", "over", "about", "around", "at", "least", "nearly", "almost", "from", "the"}
# A number right before one of these is a clock time ("1200 GMT", "0900 hours"), never a count.
CLOCK_AFTER = {"gmt", "utc", "bst", "cet", "cest", "est", "edt", "pst", "pdt", "hours", "hrs", "h"}
# Scores and tallies ("won 3-1", "a 5-4 vote") are results, not counts of anything one could compare.
_SCORE = re.compile(r"\d{1,3}[-–]\d{1,3}")
# Entity labels whose numbers belong to a name ("G20", "Apollo 11", "Windows 10").
NAME_LABELS = {"PERSON", "ORG", "GPE", "FAC", "PRODUCT", "EVENT", "LAW", "WORK_OF_ART", "LOC",
               "NORP", "LANGUAGE"}
NOT_A_COUNT_LABELS = {"ORDINAL"}
# Words through which a figure's noun phrase hands its predicate up ("17,161 citizens, including
# 27 legislators ... have been killed": the legislators were killed too).
INCLUDING_WORDS = {"including", "among", "like", "such", "plus", "besides"}
# Nouns that are predicates ("the death of 12,000 civilians", "the arrest of 40 members").
PREDICATE_NOUNS = {
    "death", "deaths", "killing", "killings", "murder", "murders", "massacre", "execution",
    "executions", "assassination", "arrest", "arrests", "detention", "injury", "injuries",
    "displacement", "evacuation", "rescue", "release", "deportation", "abduction", "kidnapping",
    "disappearance", "eviction", "resettlement", "dismissal", "layoff", "layoffs", "loss", "losses",
    "sale", "sales", "purchase", "payment", "funding", "investment", "donation", "fine", "cost",
    "vote", "votes", "casualty", "casualties", "fatality", "fatalities", "victim", "victims",
    "case", "cases", "infection", "infections", "hospitalisation", "hospitalization",
}
# Counters whose own compound gives the predicate ("the death toll rose to 150").
TOLL_NOUNS = {"toll", "tally", "count", "number", "figure", "total"}
# Adjectives that state what happened to the counted ("left 35 people dead", "12 missing").
STATE_ADJECTIVES = {"dead", "missing", "injured", "wounded", "homeless", "displaced", "unemployed",
                    "hurt", "stranded", "trapped", "infected", "hospitalised", "hospitalized",
                    "unaccounted", "alive", "responsible"}
# Governing words through which a nominal predicate gets its agent ("the group, which bears
# responsibility for the death of ...").
RESPONSIBILITY_WORDS = {"responsibility", "responsible", "blame", "blamed", "behind", "guilty",
                        "accountable", "liable", "culpable", "credit"}
# A figure reported as someone's claim ("X claimed that troops killed 35") and contradicted in the
# next sentence ("this is a lie") is a denied claim, whatever the statements stage found.
CLAIM_VERBS = {"claim", "allege", "accuse", "assert", "insist", "charge"}
# Nouns for a claim someone holds: the possessor of one is the claimant of a figure it carries.
CLAIM_NOUNS = {"claim", "report", "allegation", "suggestion", "estimate", "assertion", "account", "rumour",
               "rumor", "figure", "accusation", "charge"}
DENY_VERBS = {"deny", "reject", "refute", "dismiss", "dispute", "contest"}
DENIAL_CUES = {"lie", "lies", "false", "untrue", "baseless", "fabricated", "fabrication", "deny",
               "denied", "denies", "unfounded", "groundless", "fake", "rejected", "refuted"}
LIGHT_VERBS = {"be", "have", "become", "remain", "include", "say", "put", "number", "reach",
               "stand", "rise", "climb", "total", "hit", "exceed", "top", "increase", "grow",
               "jump", "fall", "drop", "surge", "soar"}
RELATIVE_PRONOUNS = {"who", "which", "that", "whom", "whose"}
# Predicate classes for grouping: every lemma here is compared as its class.
PREDICATE_CLASSES: dict[str, tuple[str, ...]] = {
    "kill": ("kill", "die", "dead", "death", "deaths", "killing", "killings", "murder", "slay",
             "massacre", "execute", "execution", "assassinate", "assassination", "fatality",
             "fatalities", "perish", "shoot", "behead", "lose"),
    "injure": ("injure", "injured", "injury", "injuries", "wound", "wounded", "hurt", "maim"),
    "detain": ("detain", "detention", "arrest", "arrests", "hold", "jail", "imprison", "capture",
               "round", "question", "apprehend", "intern", "seize", "abduct", "kidnap",
               "kidnapping", "abduction"),
    "displace": ("displace", "displaced", "displacement", "flee", "evacuate", "evacuation",
                 "resettle", "resettlement", "relocate", "uproot", "evict", "eviction", "leave",
                 "move", "homeless"),
    "missing": ("missing", "disappear", "disappearance", "unaccounted"),
    "pay": ("pay", "payment", "fund", "funding", "spend", "invest", "investment", "donate",
            "donation", "lend", "loan", "grant", "cost", "allocate", "raise", "award"),
    "protest": ("march", "protest", "rally", "gather", "demonstrate", "attend", "join", "turn"),
    "vote": ("vote", "votes", "elect", "win", "back", "support", "cast"),
    "infect": ("infect", "infection", "infections", "case", "cases", "test", "diagnose",
               "contract", "hospitalise", "hospitalize", "hospitalisation", "hospitalization"),
    "employ": ("employ", "hire", "lay", "layoff", "layoffs", "cut", "dismiss", "sack", "fire",
               "dismissal", "furlough"),
    "migrate": ("migrate", "cross", "arrive", "enter", "deport", "deportation", "return",
                "apply", "seek", "admit"),
    "rescue": ("rescue", "save", "evacuate", "pull", "release", "free"),
}
# Counted categories: each head noun (lemma) is placed in a hierarchy (child -> parent). The root
# classes never compare with each other ("households" are not "people").
CATEGORY_PARENTS: dict[str, str] = {
    # people and their sub-groups
    "people": "person", "person": "person", "individual": "person", "human": "person",
    "civilian": "person", "citizen": "person", "resident": "person", "inhabitant": "person",
    "national": "person", "villager": "person", "local": "person",
    "soldier": "combatant", "troop": "combatant", "fighter": "combatant", "militant": "combatant",
    "rebel": "combatant", "insurgent": "combatant", "combatant": "combatant", "guard": "combatant",
    "officer": "person", "policeman": "person", "police": "person", "personnel": "person",
    "combatant_": "person",
    "member": "person", "supporter": "person", "follower": "person", "activist": "person",
    "protester": "person", "demonstrator": "person", "worker": "person", "employee": "person",
    "staff": "person", "farmer": "person", "student": "person", "child": "person",
    "woman": "person", "man": "person", "girl": "person", "boy": "person", "adult": "person",
    "patient": "person", "passenger": "person", "migrant": "person", "refugee": "person",
    "asylum": "person", "seeker": "person", "voter": "person", "fan": "person",
    "spectator": "person", "official": "person", "legislator": "person", "lawmaker": "person",
    "politician": "person", "scientist": "person", "journalist": "person", "doctor": "person",
    "nurse": "person", "teacher": "person", "prisoner": "person", "detainee": "person",
    "victim": "person", "casualty": "person", "survivor": "person", "hostage": "person",
    "tourist": "person", "visitor": "person", "pilgrim": "person", "miner": "person",
    "suspect": "person", "defector": "person", "dissident": "person", "diplomat": "person",
    "other": "person", "player": "person", "athlete": "person", "runner": "person",
    "household": "household", "family": "household", "home": "dwelling", "house": "dwelling",
    "building": "dwelling", "dwelling": "dwelling", "apartment": "dwelling",
    "village": "settlement", "town": "settlement", "city": "settlement",
    "vote": "vote", "ballot": "vote", "seat": "seat",
    "case": "case", "infection": "case", "death": "person",
}
CATEGORY_ROOT_PARENT = {"combatant": "person"}  # soldiers are people too
# Disjoint sub-groups of people: a count of one is a different scope from a count of the other.
DISJOINT_CATEGORIES = [("civilian", "combatant"), ("civilian", "soldier"), ("civilian", "officer"),
                       ("child", "adult"), ("woman", "man"), ("girl", "boy")]
# Generic agents: a plural or role noun with no name is broader than any named actor.
GENERIC_AGENT_WORDS = {"terrorist", "terrorists", "militant", "militants", "gunman", "gunmen",
                       "attacker", "attackers", "rebel", "rebels", "insurgent", "insurgents",
                       "police", "troops", "soldiers", "forces", "army", "authorities",
                       "government", "state", "criminals", "gangs", "people", "someone",
                       "unknown", "assailants"}
AGENT_STOPWORDS = {"the", "a", "an", "its", "their", "his", "her", "of", "group", "organization",
                   "organisation", "terrorist", "terror", "forces", "force", "'s", "’s",
                   # a pronoun names no one: `It agreed to pay $13m` and `It offered $300m` are two firms
                   "it", "they", "he", "she", "we", "i", "you", "this", "that", "these", "those", "who", "which"}
# Predicates that say only that something is or is had: two such figures are one fact's only when they
# are said of one named actor ("Ray Charles has seven nominations", "Vera Drake has 11").
BARE_PREDICATES = {"be", "have"}
# fmt: on

VERDICTS = ("conflict", "compatible", "different_scope")

_VAGUE_BLOCKERS = set(NUMBER_WORDS) | {"a", "several", "few"}
_FRACTION_COUNTS = set(NUMBER_WORDS) | {"a", "an"}
_MONEY_SUFFIX = re.compile(r"^(\d[\d,]*(?:\.\d+)?)(k|m|mn|mln|bn|b|tn|trn)$", re.I)
_DIGITS = re.compile(r"^\d[\d,]*(?:\.\d+)?$")
_TIME_LIKE = re.compile(r"^\d{1,2}[:.]\d{2}$")
_CODE_LIKE = re.compile(r"^\+?\d+(?:[-./]\d+){2,}$|^0\d{2,}$|^\d{5,}[-/]\d+$")
_YEAR_LIKE = re.compile(r"^(1[5-9]\d\d|20\d\d)s?$")


# ------------------------------------------------------------------------------------------------
# Records
# ------------------------------------------------------------------------------------------------


@dataclass(slots=True)
class Quantity(Record):
    """One figure in one article, normalised, with what it counts and whose claim it is.

    value: the number as written (None for vague counts such as "dozens" and for ranges);
    low/high: the interval the words allow (None = open bound); hedge: the words that bound it.
    unit: currency code, '%', a unit of measure, or None for a count of things (then `counted`).
    voice: 'outlet' | 'speaker' | 'anonymous'; polarity: the statement's ('affirm' | 'deny').
    claimant / denier: for a denied figure, whose claim it is and who denies it (null when not written).
    """

    table: ClassVar[str] = "quantities"
    key: ClassVar[tuple[str, ...]] = ("id",)

    id: str
    article_id: str
    start: int
    end: int
    text: str
    value: float | None
    low: float | None
    high: float | None
    hedge: str | None
    unit: str | None
    kind: str  # 'count' | 'money' | 'percent' | 'measure' | 'fraction' | 'duration'
    counted_start: int | None
    counted_end: int | None
    counted_text: str | None
    counted_head: str | None
    predicate: str | None
    predicate_start: int | None
    predicate_end: int | None
    predicate_text: str | None
    agent_start: int | None
    agent_end: int | None
    agent_text: str | None
    place_start: int | None
    place_end: int | None
    place_text: str | None
    time_start: int | None
    time_end: int | None
    time_text: str | None
    voice: str
    voice_name: str | None
    statement_id: str | None
    polarity: str
    sentence_start: int
    sentence_end: int
    # for a denied figure: whose claim is denied ("the organisers' claim") and who denies it, as written
    claimant_start: int | None = None
    claimant_end: int | None = None
    claimant_text: str | None = None
    denier_start: int | None = None
    denier_end: int | None = None
    denier_text: str | None = None


@dataclass(slots=True)
class QuantityGroup(Record):
    """Figures from different articles that count the same kind of thing, ranked by disagreement.

    disagreement: the largest relative gap between two conflicting claims (0 when none conflict).
    conflict_articles / conflict_outlets: how many articles and outlets take part in a conflict between
      two different articles: the evidence of disagreement groups are ranked by.
    """

    table: ClassVar[str] = "quantity_groups"
    key: ClassVar[tuple[str, ...]] = ("id",)

    id: str
    rank: int
    predicate: str
    category: str
    label: str
    claims: int
    articles: int
    outlets: int
    conflicts: int
    disagreement: float
    low: float | None
    high: float | None
    quantity_ids: list[str]
    conflict_articles: int = 0
    conflict_outlets: int = 0


@dataclass(slots=True)
class QuantityPair(Record):
    """The verdict on two claims of one group: conflict, compatible or different_scope, and why."""

    table: ClassVar[str] = "quantity_pairs"
    key: ClassVar[tuple[str, ...]] = ("group_id", "a_id", "b_id")

    group_id: str
    a_id: str
    b_id: str
    verdict: str
    scope: str  # 'same' | 'a_within_b' | 'b_within_a' | 'different'
    gap: float
    reason: str


# ------------------------------------------------------------------------------------------------
# Finding figures
# ------------------------------------------------------------------------------------------------


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
class _Figure:
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
    # age in apposition to a person: "Mr Sullivan, 42, pleaded guilty", "Victor Halloran (61)"
    if (b - a == 1 and low.isdigit() and int(low) < 125 and a > 1 and doc[a - 1].text in (",", "(")
            and (doc[a - 2].ent_type_ == "PERSON" or (doc[a - 2].pos_ == "PROPN" and doc[a - 2].ent_type_ not in
                                                         ("GPE", "LOC", "FAC", "DATE")))
            and (b >= len(doc) or doc[b].text in (",", ")", "."))):  # (the model often tags "Mr Ebbers" ORG)
        return True
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


def _drop_nested(figures: list[_Figure]) -> list[_Figure]:
    """One figure per stretch of text: a figure inside a longer one ('two' in 'two thirds') goes."""
    kept: list[_Figure] = []
    for fig in sorted(figures, key=lambda f: (f.start, -f.end)):
        if kept and fig.end <= kept[-1].end and fig.start >= kept[-1].start:
            continue
        kept.append(fig)
    return kept


def _find_figures(doc, text: str | None = None) -> list[_Figure]:
    text = doc.text if text is None else text
    n = len(doc)
    seeds = _seed_tokens(doc, text)
    figures: list[_Figure] = []
    consumed = -1
    for i in seeds:
        if i < consumed:
            continue
        tok = doc[i]
        low = tok.lower_
        # vague counts: "dozens", "thousands", "tens of thousands"
        vague, vn = _phrase_at(doc, i, VAGUE_COUNTS, 3)
        if vague:
            if i > 0 and doc[i - 1].lower_ in _VAGUE_BLOCKERS:
                continue  # "two thousands" is odd; "a thousand" is handled as a number
            lo = VAGUE_COUNTS[vague]
            figures.append(_Figure(i, i + vn, i, i + vn, None, lo, None, vague, None, "count"))
            consumed = i + vn
            continue
        chain = _code_chain_end(doc, i)
        if chain:
            consumed = chain
            continue
        fraction = None
        if low in NUMBER_WORDS and i + 3 < n and doc[i + 1].lower_ == "-" and doc[i + 2].lower_ in FRACTIONS \
                and doc[i + 3].lower_ == "of":
            v = NUMBER_WORDS[low] * FRACTIONS[doc[i + 2].lower_]
            fig = _Figure(i, i + 3, i, i + 3, _round(v), _round(v), _round(v), None, "fraction", "fraction")
            _attach_hedge(doc, fig)
            figures.append(fig)
            consumed = i + 3
            continue
        if low in FRACTIONS and i + 1 < n and doc[i + 1].lower_ == "of":
            if i > 0 and doc[i - 1].lower_ in _FRACTION_COUNTS:
                prev = doc[i - 1].lower_
                fraction = (i - 1, (1.0 if prev in ("a", "an") else float(NUMBER_WORDS[prev])) * FRACTIONS[low])
            elif low == "half":
                fraction = (i, 0.5)
        if fraction is not None:
            a, v = fraction
            fig = _Figure(a, i + 1, a, i + 1, v, v, v, None, "fraction", "fraction")
            _attach_hedge(doc, fig)
            figures.append(fig)
            consumed = i + 1
            continue
        if low in FRACTIONS:
            continue
        if not _is_number_token(tok):
            continue
        if low in MULTIPLIERS and low not in ("hundred", "thousand", "million", "billion", "trillion"):
            continue
        if low == "one" and (tok.dep_ not in ("nummod",) or (i + 1 < n and doc[i + 1].lower_ in ("of", "another"))):
            continue  # "one of", "one another", "no one", pronoun "one"
        if low in ("hundred", "thousand", "million", "billion") and not (i > 0 and doc[i - 1].lower_ in ("a", "an")):
            continue  # a bare scale word belongs to a number before it
        a = i - 1 if i > 0 and doc[i - 1].lower_ in ("a", "an") and low in NUMBER_WORDS and NUMBER_WORDS[low] >= 12 else i
        b = _number_run(doc, i)
        if _excluded(doc, i, b):
            consumed = b
            continue
        value = _compose(doc[a:b])
        if value is None:
            continue
        first, last = a, b
        low_v = high_v = value
        hedge = None
        kind = "count"
        unit = None
        # range: "between 30 and 40", "30 to 40", "30-40", "30 or 40"
        if b + 1 < n and doc[b].lower_ in RANGE_JOINERS and _is_number_token(doc[b + 1]) and \
                not _excluded(doc, b + 1, _number_run(doc, b + 1)):
            opener = i > 0 and doc[i - 1].lower_ in RANGE_OPENERS
            joiner = doc[b].lower_
            if joiner in ("and",) and not opener:
                pass
            else:
                b2 = _number_run(doc, b + 1)
                v2 = _compose(doc[b + 1:b2])
                if v2 is not None:
                    # "between 2 and 3 million": the scale of the second applies to the first
                    if v2 > value and doc[b2 - 1].lower_ in MULTIPLIERS and value < 1000 and \
                            doc[b - 1].lower_ not in MULTIPLIERS:
                        value *= MULTIPLIERS[doc[b2 - 1].lower_]
                    if v2 > value:
                        low_v, high_v = value, v2
                        value = None
                        last = b2
                        if opener:
                            first = i - 1
                            hedge = doc[i - 1].lower_
        span_start, span_end = first, last
        # currency symbol before
        cur = None
        if span_start > 0:
            sym = doc[span_start - 1].lower_
            if sym in CURRENCY_SYMBOLS:
                cur = CURRENCY_SYMBOLS[sym]
                span_start -= 1
                if span_start > 0 and doc[span_start - 1].lower_ in ("us", "a", "c", "hk") and \
                        doc[span_start - 1].whitespace_ == "":
                    span_start -= 1
        # scale suffix as its own token after digits ("€40m" -> € 40 m)
        if span_end < n and doc[span_end].lower_ in MULTIPLIERS and doc[span_end].lower_ not in NUMBER_WORDS \
                and doc[span_end - 1].whitespace_ == "" and cur is not None:
            mult = MULTIPLIERS[doc[span_end].lower_]
            value = value * mult if value is not None else None
            low_v, high_v = low_v * mult, high_v * mult
            span_end += 1
        # unit after
        if cur is None and span_end < n:
            word, k = _phrase_at(doc, span_end, CURRENCY_WORDS, 1)
            if word:
                cur = CURRENCY_WORDS[word]
                span_end += k
        if cur is not None:
            kind, unit = "money", cur
        else:
            j = span_end + 1 if span_end < n and doc[span_end].lower_ == "-" else span_end
            pw, k = _phrase_at(doc, j, PERCENT_WORDS, 2)
            uw, ku = _phrase_at(doc, j, UNITS, 2)
            if pw:
                kind, unit = "percent", PERCENT_WORDS[pw]
                span_end = j + k
            elif uw:
                kind, unit = "measure", UNITS[uw]
                span_end = j + ku
            elif j < n and doc[j].lower_ in DURATION_UNITS and _is_penalty_duration(doc, j):
                kind, unit = "duration", DURATION_UNITS[doc[j].lower_]
                span_end = j + 1
        fig = _Figure(first, last, span_start, span_end, value, low_v, high_v, hedge, unit, kind)
        if hedge is None:
            _attach_hedge(doc, fig)
        figures.append(fig)
        consumed = last
    return _drop_nested(figures)


def _attach_hedge(doc, fig: _Figure) -> None:
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


# ------------------------------------------------------------------------------------------------
# What is counted, by whom, where, when
# ------------------------------------------------------------------------------------------------

_NOUNISH = {"NOUN", "PROPN", "PRON"}
_MOD_DEPS = {"amod", "compound", "nmod", "npadvmod", "poss_", "advmod_"}


def _counted_span(doc, head, stop_before: int) -> tuple[int, int]:
    """Token span of the counted noun phrase: left modifiers, the head, and an 'of' phrase."""
    start = head.i
    k = head.i - 1
    while k >= stop_before:
        t = doc[k]
        if t.like_num or t.pos_ in ("DET", "PRON", "ADP", "CCONJ", "NUM", "PART") or \
                (t.pos_ == "PUNCT" and t.lower_ not in ("-",)) or t.lower_ in HEDGES:
            break
        if t.pos_ in ("ADJ", "NOUN", "PROPN", "VERB", "ADV") or t.lower_ == "-":
            start = k
            k -= 1
            continue
        break
    if start < head.i and doc[start].lower_ == "-":
        start += 1
    return start, _of_chain_end(head)


def _of_chain_end(head) -> int:
    """End of a noun and its 'of' phrases ('members of the group'), without other attachments."""
    end = head.i + 1
    for child in head.rights:
        if child.dep_ in ("compound", "amod", "flat") and child.i == end:
            end = child.i + 1
        elif child.dep_ == "prep" and child.lower_ == "of":
            for g in child.children:
                if g.dep_ == "pobj":
                    end = max(end, _of_chain_end(g))
            break
    return end


def _np_span(doc, head) -> tuple[int, int]:
    """A compact span for an agent or place noun phrase (no relative clause, no apposition)."""
    start = head.i
    for child in head.lefts:
        if child.dep_ in ("det", "amod", "compound", "nmod", "poss", "nummod", "quantmod"):
            start = min(start, child.left_edge.i)
    end = head.i + 1
    for child in head.rights:
        if child.dep_ in ("compound", "flat") or (child.dep_ == "prep" and child.lower_ == "of"):
            end = max(end, child.right_edge.i + 1)
        elif child.i == end and child.dep_ == "case":
            end += 1
    while end - 1 > start and doc[end - 1].is_punct:
        end -= 1
    return start, end


def _predicate(anchor):
    """Climb from the figure's noun phrase to the word that says what happened to it."""
    for child in anchor.rights:
        if child.dep_ == "acl" and child.tag_ == "VBN":
            return child  # "votes cast", "people killed"
    t = anchor
    for _ in range(8):
        dep = t.dep_
        h = t.head
        if h is t:
            return None
        if dep in ("conj", "appos"):
            t = h
            continue
        if dep == "pobj":
            prep = h
            ph = prep.head
            if prep.lower_ in INCLUDING_WORDS or (prep.dep_ == "prep" and ph.lower_ in INCLUDING_WORDS):
                t = ph if prep.lower_ in INCLUDING_WORDS else ph.head
                t = t if prep.lower_ in INCLUDING_WORDS else t
                continue
            if ph.pos_ in ("NOUN", "PROPN") and ph.lemma_.lower() in PREDICATE_NOUNS | {p.rstrip("s") for p in PREDICATE_NOUNS}:
                return ph
            if ph.pos_ in ("NOUN",) and ph.lemma_.lower() in TOLL_NOUNS:
                return _toll_predicate(ph) or ph
            if ph.pos_ in ("VERB", "AUX"):
                return _refine_light(ph)
            if ph.pos_ in ("NOUN", "PROPN", "NUM", "ADJ"):
                t = ph
                continue
            return None
        if dep == "prep":
            t = h
            continue
        if h.pos_ in ("VERB", "AUX"):
            return _refine_light(h)
        if h.pos_ == "ADJ" and h.lower_ in STATE_ADJECTIVES:
            return h
        if h.pos_ in ("ADJ", "ADP") and dep in ("npadvmod", "pobj", "nummod", "quantmod", "dobj"):
            t = h  # "jewellery worth $4.2 million": the worth belongs to the jewellery
            continue
        if h.pos_ in ("NOUN", "PROPN") and h.lemma_.lower() in PREDICATE_NOUNS:
            return h
        if dep in ("npadvmod", "nmod", "compound", "amod", "nummod") and h.pos_ in ("NOUN", "PROPN"):
            t = h
            continue
        return None
    return None


def _toll_predicate(noun):
    for child in noun.children:
        if child.dep_ in ("compound", "amod") and child.lemma_.lower() in PREDICATE_NOUNS | STATE_ADJECTIVES | {"death"}:
            return child
        if child.dep_ == "prep" and child.lower_ == "of":
            for g in child.children:
                if g.dep_ == "pobj" and (g.lemma_.lower() in PREDICATE_NOUNS or g.lower_ in STATE_ADJECTIVES):
                    return g
    return None


def _refine_light(verb):
    """'left 35 people dead' -> dead; 'the toll rose to 150' -> death."""
    lemma = verb.lemma_.lower()
    for child in verb.children:
        if child.dep_ in ("oprd", "acomp", "xcomp", "ccomp") and child.lower_ in STATE_ADJECTIVES:
            return child
    if lemma in LIGHT_VERBS:
        for child in verb.children:
            if child.dep_ in ("nsubj", "nsubjpass") and child.lemma_.lower() in TOLL_NOUNS:
                return _toll_predicate(child) or verb
    return verb


def _subject(verb):
    v = verb
    for _ in range(4):
        for child in v.children:
            if child.dep_ in ("nsubj", "csubj"):
                return child
        if v.dep_ in ("conj", "xcomp", "advcl") and v.head is not v:
            v = v.head
            continue
        if v.dep_ == "relcl":
            return None
        break
    return None


def _resolve_relative(tok):
    """'MEK, who killed ...': the relative pronoun stands for the noun the clause modifies."""
    if tok.lower_ in RELATIVE_PRONOUNS and tok.tag_ in ("WP", "WDT", "WP$"):
        clause = tok.head
        while clause.dep_ == "conj" and clause.head is not clause:
            clause = clause.head
        if clause.dep_ == "relcl":
            return clause.head
        # the parser sometimes hangs the clause elsewhere: take the noun right before the pronoun
        k = tok.i - 1
        while k >= max(0, tok.i - 3) and tok.doc[k].is_punct:
            k -= 1
        if k >= 0 and tok.doc[k].pos_ in ("NOUN", "PROPN"):
            return tok.doc[k]
    return tok


def _agent(pred, counted_head, anchor):
    """By whom: the 'by'/'at the hands of' phrase, or the subject of an active predicate."""
    if pred is None:
        return None
    for child in pred.children:
        if child.dep_ == "agent" or (child.dep_ == "prep" and child.lower_ == "by" and pred.pos_ == "NOUN"):
            for g in child.children:
                if g.dep_ == "pobj":
                    return g
        if child.dep_ == "prep" and child.lower_ in ("at", "by") :
            for g in child.children:
                if g.dep_ == "pobj" and g.lower_ == "hands":
                    for of in g.children:
                        if of.dep_ == "prep" and of.lower_ == "of":
                            for x in of.children:
                                if x.dep_ == "pobj":
                                    return x
    if pred.pos_ in ("NOUN", "PROPN"):
        for child in pred.children:
            if child.dep_ == "poss":
                return _resolve_relative(child)
        # "X bears responsibility for the death of ...", "X is responsible for the killing of ..."
        t = pred
        seen_resp = False
        for _ in range(5):
            if t.lower_ in RESPONSIBILITY_WORDS or t.lemma_.lower() in RESPONSIBILITY_WORDS:
                seen_resp = True
            if t.pos_ in ("VERB", "AUX") and seen_resp:
                subj = _subject(t)
                if subj is not None:
                    return _resolve_relative(subj)
                return None
            if t.head is t:
                return None
            t = t.head
        return None
    if pred.pos_ in ("VERB", "AUX"):
        if any(c.dep_ == "auxpass" for c in pred.children) or pred.tag_ == "VBN" and pred.dep_ in ("acl",):
            return None  # passive without 'by': the agent is not given
        if pred.lemma_.lower() in LIGHT_VERBS:
            return None  # "exports fell by 12%": the subject is what is measured, not an agent
        subj = _subject(pred)
        if subj is None:
            return None
        if subj.left_edge.i <= anchor.i <= subj.right_edge.i:
            return None  # the figure sits in the subject: "half of the 20 teams lost money"
        subj = _resolve_relative(subj)
        if counted_head is not None and (subj.i == counted_head.i or subj.i == anchor.i):
            return None  # "35 people died": the subject is the counted
        if subj.lower_ in RELATIVE_PRONOUNS:
            return None
        return subj
    return None


def _place_time(doc, pred, taken: list[tuple[int, int]], ents=None):
    """GPE/LOC/FAC and DATE/TIME entities in the predicate's own phrases, outside other spans."""
    if pred is None:
        return None, None
    place = time = None
    lo, hi = pred.left_edge.i, pred.right_edge.i + 1
    if pred.pos_ in ("VERB", "AUX"):
        # only the clause's own dependents: skip subordinate and coordinated clauses
        bounds = [pred.i, pred.i + 1]
        for child in pred.children:
            if child.dep_ in ("ccomp", "advcl", "conj", "relcl", "parataxis", "cc", "punct"):
                continue
            bounds[0] = min(bounds[0], child.left_edge.i)
            bounds[1] = max(bounds[1], child.right_edge.i + 1)
        lo, hi = bounds
    for ent in (ents if ents is not None else doc.ents):
        if ent.start < lo or ent.end > hi:
            continue
        if any(not (ent.end_char <= a or ent.start_char >= b) for a, b in taken):
            continue
        if ent.label_ in ("GPE", "LOC", "FAC") and place is None:
            place = ent
        elif ent.label_ in ("DATE", "TIME") and time is None:
            time = ent
    return place, time


def _span_fields(parsed: ParsedArticle, doc, span: tuple[int, int] | None) -> tuple:
    if span is None:
        return None, None, None
    a, b = doc[span[0]].idx, doc[span[1] - 1].idx + len(doc[span[1] - 1])
    return a, b, parsed.evidence(a, b)


def _claim_verb(pred):
    """The claim verb (`claim`, `allege`) the predicate sits under, or None."""
    t = pred
    for _ in range(6):
        if t.lemma_.lower() in CLAIM_VERBS:
            return t
        if t.head is t:
            return None
        t = t.head
    return None


def _denied_claim(doc, pred) -> bool:
    """The predicate sits under a claim verb and the next sentence denies it."""
    if pred is None or _claim_verb(pred) is None:
        return False
    end = pred.sent.end
    if end >= len(doc):
        return False
    nxt = doc[end].sent
    return any(tok.lower_ in DENIAL_CUES for tok in nxt)


def _subject_span(doc, verb) -> tuple[int, int] | None:
    # the subject nearest the verb: a headline run into the sentence can parse as a second one
    subj = max((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")),
               key=lambda c: (c.i < verb.i, -abs(verb.i - c.i)), default=None)
    return _np_span(doc, subj) if subj is not None and subj.pos_ != "PRON" else None


def _claim_noun_holder(doc, tok) -> tuple[int, int] | None:
    """`the organisers' claim that 10,000 marched`, `reports by the ministry of 300 deaths`: the holder of
    the claim noun the figure hangs under (its possessor, or the object of `by` / `from`)."""
    t = tok
    for _ in range(8):
        if t.pos_ == "NOUN" and t.lemma_.lower() in CLAIM_NOUNS:
            for c in t.children:
                if c.dep_ == "poss" and c.pos_ != "PRON":
                    return _np_span(doc, c)
                if c.dep_ == "prep" and c.lower_ in ("by", "from"):
                    obj = next((g for g in c.children if g.dep_ == "pobj"), None)
                    if obj is not None:
                        return _np_span(doc, obj)
            return None
        if t.head is t:
            return None
        t = t.head
    return None


def _denial_parties(parsed: ParsedArticle, doc, fig_head, pred, statement, statements) -> tuple:
    """(claimant span, denier span) as token ranges for a denied figure; either may be None.

    Two shapes: the figure inside a denial (`Police denied the organisers' claim that 10,000 marched`),
    whose denier is the statement's speaker; and a claim denied by the next sentence (`The union claimed 900
    jobs would go. The company denied it.`), whose claimant is the claim verb's subject."""
    claim_verb = _claim_verb(pred) if pred is not None else None
    if claim_verb is not None and _denied_claim(doc, pred):
        nxt = doc[pred.sent.end].sent
        denier = None
        for st in statements.values():
            if st.polarity == "deny" and st.speaker_start is not None and st.cue_start is not None \
                    and nxt.start_char <= st.cue_start < nxt.end_char:
                denier = doc.char_span(st.speaker_start, st.speaker_end, alignment_mode="expand")
                break
        if denier is None and nxt.root.lemma_.lower() in DENY_VERBS:
            span = _subject_span(doc, nxt.root)
            denier = doc[span[0]:span[1]] if span else None
        return _subject_span(doc, claim_verb), (denier.start, denier.end) if denier is not None else None
    if statement is None or statement.polarity != "deny":
        return None, None
    denier = None
    if statement.speaker_start is not None:
        span = doc.char_span(statement.speaker_start, statement.speaker_end, alignment_mode="expand")
        denier = (span.start, span.end) if span is not None else None
    return _claim_noun_holder(doc, fig_head), denier


def extract_quantities(parsed: ParsedArticle) -> Iterator[Quantity]:
    """Figures with value, interval, hedge, unit, what they count, predicate, agent and voice."""
    doc = parsed.doc
    statements = {st.id: st for st in parsed.records.get("statements", ())}
    figures = _find_figures(doc, parsed.parse_text)
    ents = [e for e in doc.ents if e.label_ in ("GPE", "LOC", "FAC", "DATE", "TIME")] if figures else []
    for fig in figures:
        figure_tokens = range(fig.start, fig.end)
        # the figure's syntactic head: the token in it whose head lies outside it
        fhead = doc[fig.last - 1]
        for k in range(fig.first, fig.last):
            if not (fig.start <= doc[k].head.i < fig.end):
                fhead = doc[k]
                break
        noun = None
        anchor = fhead
        if fig.kind in ("count", "money", "measure", "duration") or fig.kind == "percent":
            h = fhead.head
            if fhead.dep_ in ("nummod", "quantmod", "amod", "compound", "nmod", "npadvmod", "det") and \
                    h.pos_ in ("NOUN", "PROPN") and h.i >= fig.end and h.i not in figure_tokens:
                noun = h
                anchor = h
            elif fig.kind == "percent":
                # '40%' is the nominal head; the counted follows in 'of'
                pct = doc[fig.end - 1]
                anchor = pct if pct.head.i not in figure_tokens else fhead
        while noun is not None and noun.dep_ == "compound" and noun.head.pos_ == "NOUN" and noun.head.i > noun.i:
            noun = noun.head  # "two hunger strikes": the strikes are counted
        if noun is not None and fig.kind == "money":
            noun = None  # "a €40m loan": the figure names the loan's size; nothing is counted
        if noun is None:
            # "dozens of members", "seven of the eleven people", "40% of voters", "a fifth of X"
            for tok in (doc[fig.end - 1], fhead, anchor):
                for child in tok.rights:
                    if child.dep_ == "prep" and child.lower_ == "of" and child.i >= fig.end:
                        for g in child.children:
                            if g.dep_ == "pobj" and g.pos_ in ("NOUN", "PROPN"):
                                noun = g
                        break
                if noun is not None:
                    break
        if noun is None and fig.kind == "count" and fig.end < len(doc) and doc[fig.end].pos_ in ("NOUN", "PROPN") \
                and doc[fig.end].sent == doc[fig.start].sent:
            # a misparse ('up to 243,713 people' read as a preposition's object): the adjacent noun is counted
            noun = doc[fig.end]
            anchor = noun
        if noun is not None and noun.lower_ in TIME_WORDS and fig.kind == "count":
            continue  # "30 days", "five years": time spans are not counts of things
        counted = None
        if noun is not None and fig.kind in ("count", "percent", "fraction"):
            counted = _counted_span(doc, noun, fig.end if noun.i >= fig.end else 0)
        pred = _predicate(anchor)
        agent_tok = _agent(pred, noun, anchor)
        if agent_tok is not None and (counted is not None and counted[0] <= agent_tok.i < counted[1]
                                      or fig.start <= agent_tok.i < fig.end):
            agent_tok = None
        agent = _np_span(doc, agent_tok) if agent_tok is not None else None
        start_c, end_c = doc[fig.start].idx, doc[fig.end - 1].idx + len(doc[fig.end - 1])
        c_start, c_end, c_text = _span_fields(parsed, doc, counted)
        a_start, a_end, a_text = _span_fields(parsed, doc, agent)
        p_start, p_end, p_text = _span_fields(parsed, doc, (pred.i, pred.i + 1) if pred is not None else None)
        taken = [(start_c, end_c)] + [(s, e) for s, e in ((c_start, c_end), (a_start, a_end)) if s is not None]
        place, when = _place_time(doc, pred, taken, ents)
        voice = voice_at(parsed, start_c, end_c)
        st = statements.get(voice.statement_id) if voice.statement_id else None
        sent = doc[fig.start].sent
        polarity = "deny" if _denied_claim(doc, pred) else ((st.polarity if st is not None else "affirm") or "affirm")
        claimant, denier = _denial_parties(parsed, doc, fhead, pred, st, statements) if polarity == "deny" \
            else (None, None)
        cl_start, cl_end, cl_text = _span_fields(parsed, doc, claimant)
        dn_start, dn_end, dn_text = _span_fields(parsed, doc, denier)
        yield Quantity(
            id=f"{parsed.id}:q{start_c}",
            article_id=parsed.id,
            start=start_c,
            end=end_c,
            text=parsed.evidence(start_c, end_c),
            value=fig.value,
            low=fig.low,
            high=fig.high,
            hedge=fig.hedge,
            unit=fig.unit,
            kind=fig.kind,
            counted_start=c_start,
            counted_end=c_end,
            counted_text=c_text,
            counted_head=(noun.lemma_ if noun.pos_ == "PROPN" else noun.lemma_.lower()) if counted is not None else None,
            predicate=(pred.lower_ if pred.lower_ in STATE_ADJECTIVES and pred.tag_ in ("JJ", "VBG")
                       else pred.lemma_.lower())
            if pred is not None else None,
            predicate_start=p_start,
            predicate_end=p_end,
            predicate_text=p_text,
            agent_start=a_start,
            agent_end=a_end,
            agent_text=a_text,
            place_start=place.start_char if place is not None else None,
            place_end=place.end_char if place is not None else None,
            place_text=parsed.evidence(place.start_char, place.end_char) if place is not None else None,
            time_start=when.start_char if when is not None else None,
            time_end=when.end_char if when is not None else None,
            time_text=parsed.evidence(when.start_char, when.end_char) if when is not None else None,
            voice=voice.kind,
            voice_name=voice.name,
            statement_id=voice.statement_id,
            polarity=polarity,
            sentence_start=sent.start_char,
            sentence_end=sent.end_char,
            claimant_start=cl_start,
            claimant_end=cl_end,
            claimant_text=cl_text,
            denier_start=dn_start,
            denier_end=dn_end,
            denier_text=dn_text,
        )


# ------------------------------------------------------------------------------------------------
# Comparing figures across articles
# ------------------------------------------------------------------------------------------------

# fmt: off
# Predicates with no counted noun still count people ("the death toll rose to 150").
PREDICATE_DEFAULT_CATEGORY = {"kill": "person", "injure": "person", "detain": "person",
                              "missing": "person", "displace": "person", "protest": "person",
                              "rescue": "person", "migrate": "person"}
# Heads that mean "people" with no narrowing.
PERSON_EQUIVALENTS = {"people", "person", "individual", "human", "citizen", "national",
                      "resident", "inhabitant", "soul", "life", "lives", "other", "others"}
QUALIFIER_STOPWORDS = {"the", "a", "an", "of", "its", "their", "his", "her", "our", "those",
                       "these", "them", "this", "that", "innocent", "ordinary", "other", "more",
                       "many", "some", "all", "local"}
MAX_PAIRS_PER_GROUP = 20_000  # above this a group keeps its claims but only its widest pairs
DATE_GAP_NOTE_DAYS = 90       # conflicts between articles further apart get a note: may be an update
# fmt: on

_PRED_CLASS = {lemma: cls for cls, lemmas in PREDICATE_CLASSES.items() for lemma in lemmas}


def predicate_class(lemma: str | None) -> str | None:
    """The class a predicate lemma is compared as ('died', 'deaths', 'killed' -> 'kill')."""
    if lemma is None:
        return None
    lemma = lemma.lower()
    return _PRED_CLASS.get(lemma) or _PRED_CLASS.get(lemma.rstrip("s")) or lemma


def _singular(word: str) -> str:
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
    h = _singular(head)
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
    w = _singular(word)
    stem = _DEMONYM_SUFFIX.sub("", w)
    return stem if len(stem) >= 3 else w


@lru_cache(maxsize=100_000)
def qualifiers(counted_text: str | None, head: str | None) -> frozenset[str]:
    """Words that narrow the counted set: names and nationalities, and an 'of' phrase's content."""
    if not counted_text:
        return frozenset()
    words = re.findall(r"[\w’'-]+", counted_text)
    out = set()
    after_of = False
    for w in words:
        low = w.lower()
        if low == "of":
            after_of = True
            continue
        if head and _singular(low) == _singular(head) and not after_of:
            if w[:1].isupper() and category_chain(head) == ["person"] and \
                    _singular(head) not in CATEGORY_PARENTS and _singular(head) not in PERSON_EQUIVALENTS:
                out.add(_qual(low))  # "Iranians": the nationality is the narrowing
            continue
        if low in QUALIFIER_STOPWORDS:
            continue
        if after_of or w[:1].isupper():
            out.add(_qual(low))
    return frozenset(out)


@lru_cache(maxsize=100_000)
def _agent_key(agent: str | None, sentence_initial: bool = False) -> tuple[str, frozenset[str]]:
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
    content = frozenset(_singular(w) for w in words if w.lower() not in AGENT_STOPWORDS)
    return "generic", content or frozenset(_singular(w) for w in words)


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


def _interval(q: dict) -> tuple[float, float]:
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
    denier = q.get("denier_text") or q.get("voice_name") or "its source"
    claimant = q.get("claimant_text")
    whose = f"the claim of {claimant}" if claimant else "a claim (whose, the text does not say)"
    return f"{whose}, {describe(q)}, is denied by {denier}"


def _notes(notes: list[str]) -> str:
    return f" ({'; '.join(notes)})" if notes else ""


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
    ka = _agent_key(a.get("agent_text"), a.get("agent_start") is not None and a.get("agent_start") == a.get("sentence_start"))
    kb = _agent_key(b.get("agent_text"), b.get("agent_start") is not None and b.get("agent_start") == b.get("sentence_start"))
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
    if cat == "different" or qual == "different":
        scope = "different"
    alo, ahi = _interval(a)
    blo, bhi = _interval(b)
    overlap = alo <= bhi and blo <= ahi
    gap = 0.0
    if not overlap:
        hi_lo, lo_hi = (blo, ahi) if ahi < blo else (alo, bhi)
        gap = (hi_lo - lo_hi) / hi_lo if hi_lo else 0.0
    if scope == "different":
        return "different_scope", scope, gap, "; ".join(notes) or "they count different sets"
    if scope in ("a_within_b", "b_within_a"):
        narrow, broad = (a, b) if scope == "a_within_b" else (b, a)
        nlo, _ = _interval(narrow)
        _, bhi2 = _interval(broad)
        why = f"{describe(narrow)} counts a narrower set than {describe(broad)}"
        if nlo > bhi2:
            # a subset cannot outnumber its set, but only when both name the same agent is it
            # certain that the two claims speak of the same events
            if (ka[0] == kb[0] == "named" and agent == "same") or a["article_id"] == b["article_id"]:
                return ("conflict", scope, (nlo - bhi2) / nlo if nlo else 0.0,
                        why + " yet is larger" + _notes(notes))
            return "different_scope", scope, gap, why + "; it is larger, so they likely count different events" + _notes(notes)
        return "different_scope", scope, gap, why + _notes(notes)
    if pa != pb:
        denied = a if pa == "deny" else b
        return ("conflict", scope, max(gap, 1.0 if overlap else gap), denial_note(denied))
    if overlap:
        return "compatible", scope, 0.0, "the intervals overlap" + _notes(notes)
    if a.get("kind") in ("money", "measure") and not (a.get("counted_head") and b.get("counted_head")):
        # one payer's sums with no item named are as likely two payments (a loan, a fine) as one disputed
        return ("different_scope", "different", gap, f"{describe(a)} vs {describe(b)}: no item is named, so they "
                f"may be different sums{(' of ' + a['agent_text']) if a.get('agent_text') else ''}" + _notes(notes))
    reason = f"{fmt_number(a['value'] if a['value'] is not None else alo)} vs " \
             f"{fmt_number(b['value'] if b['value'] is not None else blo)}: the intervals cannot both hold"
    da, db = a.get("published"), b.get("published")
    if da and db and abs((da - db).days) > DATE_GAP_NOTE_DAYS:
        reason += f" (published {abs((da - db).days)} days apart: the later may update the earlier)"
    return "conflict", scope, gap, reason + _notes(notes)


def block_key(q: dict) -> tuple[str, str] | None:
    """Figures are only compared within a block: (predicate class, unit or root category)."""
    pcls = predicate_class(q.get("predicate"))
    if pcls is None:
        return None
    # like with like: a count only meets counts of the same noun ("Iranians" with "Iranians", never
    # "legislators" or "victims"), money only money for the same item or payer, a percentage only one of
    # the same base; a figure that names none of these is not compared at all
    head = _kind_of(q.get("counted_head"))
    if q["kind"] == "count":
        return (pcls, head) if head else None
    if q["kind"] in ("money", "measure"):
        item = head or _named_agent(q)
        return (pcls, f"{q['unit'] or q['kind']} · {item}") if item else None
    if q["kind"] == "duration":
        return (pcls, f"{q['unit'] or 'duration'} · {head}") if head else None
    if q["kind"] == "percent":
        return (pcls, "% of " + head) if head else None
    return None


def _kind_of(counted_head: str | None) -> str | None:
    """The counted noun as one key: its first category (people and persons alike), else the noun itself."""
    if not counted_head:
        return None
    chain = category_chain(counted_head)
    return chain[0] if chain else _singular(counted_head.lower())


def _named_agent(q: dict) -> str | None:
    """Who pays or is paid, when it is a name (an entity id when the entity stage linked it)."""
    if q.get("agent_entity"):
        return "entity:" + q["agent_entity"]
    kind, words = _agent_key(q.get("agent_text"))
    return " ".join(sorted(words)) if kind == "named" else None


def compute_groups(rows: list[dict]) -> tuple[list[QuantityGroup], list[QuantityPair]]:
    """Group quantity rows (with `outlet`, `published`) by block and judge every pair in a group."""
    blocks: dict[tuple[str, str], list[dict]] = {}
    for q in rows:
        key = block_key(q)
        if key is not None:
            blocks.setdefault(key, []).append(q)
    drafts = [judge_block(key, members) for key, members in blocks.items() if len(members) >= 2]
    groups = rank_groups([group for group, _ in drafts])
    return groups, [p for _, pairs in sorted(drafts, key=lambda d: d[0].rank) for p in pairs]


def same_referent(a: dict, b: dict) -> bool:
    """Two figures may be about one event only when what they are about names something in common: an
    entity linked in or just before the figure's sentence (compared by name, since the entity stage may
    keep one place apart by its label), the article's dateline, the figure's place, or the same actor.
    `four nominations` and `10 nominations` in two award stories, `$10bn` for a bid and `$300m` for a
    settlement, are figures of the same noun about different things."""
    if a.get("agent_entity") and a.get("agent_entity") == b.get("agent_entity"):
        return True
    if a.get("referents") is None and b.get("referents") is None:
        return True  # a pipeline run without the entity stage compares like with like by noun alone
    return bool(_referents(a) & _referents(b))


def _same_actor(a: dict, b: dict) -> bool:
    if a.get("agent_entity") and b.get("agent_entity"):
        return a["agent_entity"] == b["agent_entity"]
    ka, kb = _agent_key(a.get("agent_text")), _agent_key(b.get("agent_text"))
    return ka[0] == kb[0] == "named" and bool(ka[1] & kb[1])


def _one_account(a: dict, b: dict) -> bool:
    """Two figures of one article in one voice, or in one sentence, are one account of different things
    (`Five of the eight critics`, `12 jurors and eight stand-by jurors`, two polls the article reports); an
    article disagrees with itself only where two voices give two figures (police and organisers)."""
    if a["article_id"] != b["article_id"]:
        return False
    if a.get("sentence_start") == b.get("sentence_start"):
        return True
    return (a.get("voice"), a.get("voice_name")) == (b.get("voice"), b.get("voice_name"))


def _one_side_named(a: dict, b: dict) -> bool:
    """One figure names whose it is and the other names no one: `Ray Charles has seven nominations` and
    `four nominations` are not known to be one nominee's."""
    ka, kb = _agent_key(a.get("agent_text"))[0], _agent_key(b.get("agent_text"))[0]
    if a.get("agent_entity") and a.get("agent_entity") == b.get("agent_entity"):
        return False
    return {ka, kb} == {"named", "none"}


def _referents(q: dict) -> set[str]:
    names = set(q.get("referents") or ())
    if q.get("dateline"):  # "PORT SELBY (Selby Gazette) –": the place, without the outlet and the dash
        place = re.split(r"\s*[(–—,]|\s+-\s", q["dateline"], maxsplit=1)[0].strip()
        if place:
            names.add(place.casefold())
    if q.get("place_text"):
        names.add(q["place_text"].casefold().strip())
    return names


def judge_block(key: tuple[str, str], members: list[dict]) -> tuple[QuantityGroup, list[QuantityPair]]:
    """One block's group (rank not set yet) and the verdict on each of its pairs."""
    pcls, cat = key
    members.sort(key=lambda q: (q["article_id"], q["start"]))
    gid = "qg-" + hashlib.sha1(f"{pcls}|{cat}".encode()).hexdigest()[:12]
    pairs = []
    count = 0
    for i in range(len(members)):
        for j in range(i + 1, len(members)):
            count += 1
            if count > MAX_PAIRS_PER_GROUP:
                break
            a, b = members[i], members[j]
            if not same_referent(a, b) or _one_side_named(a, b) or (pcls in BARE_PREDICATES and not _same_actor(a, b)) \
                    or _one_account(a, b):
                continue  # nothing says the two figures are about one event: not compared
            verdict, scope, gap, reason = compare_pair(a, b)
            pairs.append(QuantityPair(gid, a["id"], b["id"], verdict, scope, round(gap, 6), reason))
    conflicts = [p for p in pairs if p.verdict == "conflict"]
    by_id = {q["id"]: q for q in members}
    across = [(by_id[p.a_id], by_id[p.b_id]) for p in conflicts
              if by_id[p.a_id]["article_id"] != by_id[p.b_id]["article_id"]]
    lows = [q["low"] for q in members if q["low"] is not None]
    highs = [q["high"] for q in members if q["high"] is not None]
    group = QuantityGroup(
        id=gid, rank=0, predicate=pcls, category=cat, label=f"{pcls} · {cat}",
        claims=len(members), articles=len({q["article_id"] for q in members}),
        outlets=len({q.get("outlet") for q in members}), conflicts=len(conflicts),
        disagreement=round(max((p.gap for p in conflicts), default=0.0), 6),
        low=min(lows) if lows else None, high=max(highs) if highs else None,
        quantity_ids=[q["id"] for q in members],
        conflict_articles=len({q["article_id"] for pair in across for q in pair}),
        conflict_outlets=len({q.get("outlet") for pair in across for q in pair}))
    return group, pairs


def rank_groups(groups: list[QuantityGroup]) -> list[QuantityGroup]:
    """Groups in rank order: most outlets and articles in disagreement first, then the widest gap; the
    size of a group alone never lifts it (many figures of one article contradict nothing)."""
    groups = sorted(groups, key=lambda g: (-g.conflict_outlets, -g.conflict_articles, -g.disagreement,
                                           -g.conflicts, g.id))
    for rank, group in enumerate(groups, 1):
        group.rank = rank
    return groups


_ROWS_SQL = """
SELECT q.*, a.outlet, a.published, a.title, a.dateline, {agent_entity} AS agent_entity, {referents} AS referents
FROM quantities q JOIN articles a ON a.id = q.article_id
WHERE q.predicate IS NOT NULL
"""
# what a figure is about: the entities named in its sentence and the text just before it, leaving out entities
# named all over the corpus (one in more than REFERENT_MAX_SHARE of the articles, "Blair" on the BBC set, says
# nothing of which event). An article's title and lead were tried too: on the BBC set they joined figures of
# one award ceremony about different nominees.
_REFERENTS_SQL = ("(SELECT list(DISTINCT lower(e.name) ORDER BY lower(e.name)) FROM mention_entities me "
                  "JOIN entities e ON e.id = me.entity_id WHERE me.article_id = q.article_id "
                  "AND (me.start >= q.sentence_start - {before} AND me.\"end\" <= q.sentence_end "
                  "OR me.entity_id IN (SELECT t.entity_id FROM mention_entities t JOIN entities te ON te.id = t.entity_id "
                  "WHERE t.article_id = q.article_id AND te.article_count <= {cap} GROUP BY t.entity_id "
                  "ORDER BY count(*) DESC, t.entity_id LIMIT {topic}))"
                  "AND e.article_count <= {cap})")
REFERENT_TOPIC = 1  # the entity an article names most: what the story is about
REFERENT_CONTEXT_CHARS = 250  # about the sentence before
REFERENT_MAX_SHARE = 0.05
REFERENT_MIN_CAP = 20
# the entity a figure's agent names, when the entity stage linked a mention inside the agent's span
# (a people's adjective, NORP, names no actor: "A German firm" and "the German group" are two firms)
_AGENT_ENTITY_SQL = ("(SELECT min(me.entity_id) FROM mention_entities me WHERE me.article_id = q.article_id "
                     "AND me.start >= q.agent_start AND me.\"end\" <= q.agent_end "
                     "AND coalesce(me.label, '') <> 'NORP')")


def _rows_sql(store) -> str:
    linked = store.scalar("SELECT count(*) FROM information_schema.tables WHERE table_name = 'mention_entities'")
    if not linked:
        return _ROWS_SQL.format(agent_entity="NULL", referents="NULL")
    articles = store.scalar("SELECT count(*) FROM articles") or 0
    cap = max(REFERENT_MIN_CAP, int(articles * REFERENT_MAX_SHARE))
    return _ROWS_SQL.format(agent_entity=_AGENT_ENTITY_SQL, referents=_REFERENTS_SQL.format(
        cap=cap, before=REFERENT_CONTEXT_CHARS, topic=REFERENT_TOPIC))
ARTICLES_PER_READ = 2000  # articles whose figures are held in Python at once while blocking
FIGURES_PER_READ = 20_000  # figures of whole blocks held in Python at once while judging


def group_quantities(ctx: LinkContext) -> None:
    """Group figures that count the same kind of thing across articles; judge each pair.

    Figures are read a range of articles at a time to find their block; then one block at a time
    is read whole and judged, and its pairs written, so memory follows the largest block.
    """
    store = ctx.store
    rows_sql = _rows_sql(store)
    store.execute("CREATE OR REPLACE TEMP TABLE _quantity_blocks (block_class VARCHAR, block_category VARCHAR, id VARCHAR)")
    for first, last in store.article_ranges(ARTICLES_PER_READ):
        keyed = [(key, q["id"]) for q in store.rows(rows_sql + " AND q.article_id BETWEEN ? AND ?", [first, last])
                 if (key := block_key(q)) is not None]
        if keyed:
            store.execute("INSERT INTO _quantity_blocks SELECT unnest(?), unnest(?), unnest(?)",
                          [[k[0] for k, _ in keyed], [k[1] for k, _ in keyed], [i for _, i in keyed]])
    store.execute("DELETE FROM quantity_pairs")
    blocks = store.execute("SELECT block_class, block_category, count(*) FROM _quantity_blocks GROUP BY ALL "
                           "HAVING count(*) >= 2 ORDER BY ALL").fetchall()
    store.execute("CREATE OR REPLACE TEMP TABLE _quantity_block_nos (block_class VARCHAR, block_category VARCHAR, "
                  "block_no INTEGER)")
    if blocks:
        store.execute("INSERT INTO _quantity_block_nos SELECT unnest(?), unnest(?), unnest(?)",
                      [[b[0] for b in blocks], [b[1] for b in blocks], list(range(len(blocks)))])
    groups = []
    # blocks are read a few at a time (up to FIGURES_PER_READ figures, or one larger block)
    for lo, hi in size_batches([(i, b[2]) for i, b in enumerate(blocks)], FIGURES_PER_READ):
        members: dict[int, list[dict]] = defaultdict(list)
        for q in store.rows("SELECT n.block_no, x.* FROM (" + rows_sql + ") x JOIN _quantity_blocks b ON b.id = x.id "
                            "JOIN _quantity_block_nos n USING (block_class, block_category) "
                            "WHERE n.block_no BETWEEN ? AND ?", [lo, hi]):
            members[q.pop("block_no")].append(q)
        pairs = []
        for block_no in sorted(members):
            group, block_pairs = judge_block(blocks[block_no][:2], members[block_no])
            pairs.extend(block_pairs)
            groups.append(group)
            if len(pairs) >= MAX_PAIRS_PER_GROUP:
                store.insert(pairs)
                pairs = []
        store.insert(pairs)
    store.execute("DROP TABLE _quantity_block_nos")
    store.execute("DROP TABLE _quantity_blocks")
    store.replace_table(QuantityGroup, rank_groups(groups))


def conflict_report(store, *, limit: int = 20, only_conflicts: bool = False,
                    predicate: str | None = None) -> list[dict[str, Any]]:
    """Ranked groups with every claim (outlet, date, voice, evidence) and every pair's verdict.

    The plain function behind `newsdossier conflicts` and the dossier's conflicts view.
    """
    where = ["1=1"]
    params: list[Any] = []
    if only_conflicts:
        where.append("conflicts > 0")
    if predicate:
        where.append("predicate = ?")
        params.append(predicate_class(predicate))
    groups = store.rows(f"SELECT * FROM quantity_groups WHERE {' AND '.join(where)} ORDER BY rank LIMIT ?",
                        [*params, limit])
    out = []
    for g in groups:
        claims = store.rows(
            "SELECT q.id, q.article_id, a.outlet, a.published, q.text, q.value, q.low, q.high, q.hedge, "
            "q.unit, q.counted_text, q.predicate, q.predicate_text, q.agent_text, q.place_text, q.time_text, "
            "q.voice, q.voice_name, q.polarity, q.claimant_text, q.denier_text, q.start, q.end, "
            "substr(a.text, q.sentence_start + 1, q.sentence_end - q.sentence_start) AS evidence "
            "FROM quantities q JOIN articles a ON a.id = q.article_id "
            "WHERE q.id IN (SELECT unnest(?)) ORDER BY a.published NULLS LAST, q.article_id, q.start",
            [g["quantity_ids"]])
        pairs = store.rows("SELECT a_id, b_id, verdict, scope, gap, reason FROM quantity_pairs "
                           "WHERE group_id = ? ORDER BY verdict = 'conflict' DESC, gap DESC", [g["id"]])
        for c in claims:
            c["published"] = c["published"].isoformat() if c["published"] else None
        g = dict(g)
        g["figures"] = claims
        g["pairs"] = pairs
        out.append(g)
    return out
