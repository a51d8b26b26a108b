"""The three record types of the quantities stages: a figure (`Quantity`), a group of comparable
figures (`QuantityGroup`) and the verdict on two of them (`QuantityPair`).

Apart from the code that fills them so that the store, `info`, `export` and `serve` can read the tables'
shape without importing the parser (and spaCy with it).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from newsdossier.records import Record

VERDICTS = ("conflict", "compatible", "different_scope")


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
