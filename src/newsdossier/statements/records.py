"""The `statements` table's record (kept apart from the extractor, so reading the store never loads spaCy)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from newsdossier.records import Record


@dataclass(slots=True)
class Statement(Record):
    """One attributed statement. `start`/`end` cover the whole attribution; `content` is what was said.

    kind: 'direct' (in quotation marks), 'indirect' (reported speech), 'according_to'.
    anonymous: the source is unnamed ('an official', 'sources said', 'it was said').
    speaker_entity: the name the speaker resolves to when written as a pronoun, role or short name.
    speaker_resolution: how speaker_entity was found: 'named' (the speaker phrase is a name), 'apposition'
      (a name inside a longer phrase: 'spokesman Romain Nadal', 'Lee, the minister'), 'pronoun' (a personal or
      relative pronoun resolved to an earlier speaker or mention), 'description' (a definite role or document
      noun resolved to an earlier speaker: 'the official'), 'unresolved' (a pronoun or description the text
      does not settle: left blank rather than guessed); null when no speaker is written.
    relay: who passed the statement on ('Press TV quoted him as saying'), when the text says so.
    polarity: 'affirm', or 'deny' when the statement denies its content.
    """

    table: ClassVar[str] = "statements"
    key: ClassVar[tuple[str, ...]] = ("id",)

    id: str
    article_id: str
    kind: str
    anonymous: bool
    polarity: str
    start: int
    end: int
    text: str
    speaker_start: int | None
    speaker_end: int | None
    speaker_text: str | None
    speaker_entity: str | None
    cue_start: int | None
    cue_end: int | None
    cue_text: str | None
    content_start: int
    content_end: int
    content_text: str
    relay_start: int | None
    relay_end: int | None
    relay_text: str | None
    speaker_resolution: str | None = None
