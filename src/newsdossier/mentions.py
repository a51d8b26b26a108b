"""Mentions: every named entity the model finds, with its evidence span and sentence."""
from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar, Iterator

from newsdossier.article import ParsedArticle
from newsdossier.records import Record
from newsdossier.stages import article_stage


@dataclass(slots=True)
class Mention(Record):
    """A name as written in one article (spaCy NER label: PERSON, ORG, GPE, NORP, DATE, ...)."""

    table: ClassVar[str] = "mentions"
    key: ClassVar[tuple[str, ...]] = ("article_id", "start", "end")

    article_id: str
    start: int
    end: int
    text: str
    label: str
    sentence_start: int
    sentence_end: int


@article_stage("mentions", produces=[Mention])
def extract_mentions(parsed: ParsedArticle) -> Iterator[Mention]:
    """Named-entity mentions from the article's parse."""
    for ent in parsed.doc.ents:
        sent = ent.sent
        yield Mention(
            article_id=parsed.id,
            start=ent.start_char,
            end=ent.end_char,
            text=parsed.evidence(ent.start_char, ent.end_char),
            label=ent.label_,
            sentence_start=sent.start_char,
            sentence_end=sent.end_char,
        )
