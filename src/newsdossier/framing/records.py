"""The framing tables' records (apart from the extractors, so reading the store never loads spaCy)."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import ClassVar

from newsdossier.records import Record

_DET_PREFIX = re.compile(r"^(the|a|an|this|that|these|those|its|their|his|her)\s+", re.I)
_POSSESSIVE = re.compile(r"\s*['’]s?$")


def normalize_target(text: str) -> str:
    """`The HBSF's` -> `hbsf`: how labels are grouped by target until entities are resolved."""
    text = " ".join(text.split()).casefold()
    text = _POSSESSIVE.sub("", _DET_PREFIX.sub("", text))
    return text.strip(" ,.;:-\"'“”‘’")


@dataclass(slots=True)
class Label(Record):
    """An evaluative word or phrase an article attaches to an actor.

    construction: 'modifier' | 'appositive' | 'predicate' | 'listed_as' | 'designation' | 'comparison' |
        'claim' (a label on someone's claim: its target is the claimant) | 'epithet_anaphora'.
    target: the mention or noun phrase labelled (for an epithet: the actor named before it).
    target_key: the target's text normalized (case, determiners, possessive), for grouping.
    attributed_to: the holder, who applies the label when the outlet reports it (`listed as X by Y`: Y).
    voice: whose words the label is: 'outlet' (its narration), 'quoted' (inside quotation marks),
        'reported' (the content of indirect speech), 'holder' (the outlet reports someone's labelling).
    voice_name: the speaker or holder, when known; voice_anonymous: an unnamed source's.
    valence: 'negative' | 'positive', from the lexicon.
    """

    table: ClassVar[str] = "labels"
    key: ClassVar[tuple[str, ...]] = ("id",)

    id: str
    article_id: str
    start: int
    end: int
    text: str
    label_lemma: str
    construction: str
    valence: str
    target_start: int | None
    target_end: int | None
    target_text: str | None
    target_key: str | None
    attributed_to_start: int | None
    attributed_to_end: int | None
    attributed_to_text: str | None
    voice: str
    voice_name: str | None
    voice_anonymous: bool
    statement_id: str | None


# Views show a technique span only when its span score reaches this. Chosen from measured precision
# (`benchmarks/techniques_eval.py --thresholds`, 74 PTC train articles held out): SI precision 0.314 at
# the model's own threshold 0.22, 0.473 at 0.4, 0.563 at 0.5, 0.668 at 0.6; 0.5 is the lowest at which
# most of a shown span is a technique, at a recall of 0.086.
TECHNIQUE_MIN_SPAN_SCORE = 0.5


@dataclass(slots=True)
class Technique(Record):
    """A span the model reads as a propaganda technique.

    technique: one of the 14 PTC techniques (`Loaded_Language`, `Name_Calling,Labeling`, ...).
    score: span_score x technique_score, in 0..1; model: the model version that produced it.
    """

    table: ClassVar[str] = "techniques"
    key: ClassVar[tuple[str, ...]] = ("id",)

    id: str
    article_id: str
    start: int
    end: int
    text: str
    technique: str
    score: float
    span_score: float
    technique_score: float
    model: str
