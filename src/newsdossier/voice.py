"""Voice: whose claim a span is — the outlet's own, a named speaker's, or an anonymous source's."""
from __future__ import annotations

from dataclasses import dataclass

from newsdossier.article import ParsedArticle


@dataclass(frozen=True, slots=True)
class Voice:
    kind: str  # 'outlet' | 'speaker' | 'anonymous'
    # the speaker (resolved when possible); None for the outlet's own voice: the outlet is the article's, and
    # views join `articles` for its name, so a name the `outlets` link stage settles later is never stale
    name: str | None
    statement_id: str | None


def voice_at(parsed: ParsedArticle, start: int, end: int) -> Voice:
    """The voice of the text in [start, end): the statement whose content holds it, else the outlet.

    Requires the `statements` stage to have run on `parsed` (otherwise everything is the outlet's).
    The innermost (shortest) enclosing content wins, so a quote inside a report is the quoted voice.
    """
    best = statement_at(parsed.records.get("statements", ()), start, end)
    if best is None:
        return Voice("outlet", None, None)
    kind = "anonymous" if best.anonymous else "speaker"
    return Voice(kind, best.speaker_entity or best.speaker_text, best.id)


def statement_at(statements, start: int, end: int):
    """The statement whose content holds [start, end): the innermost (shortest) one, else None."""
    best = None
    for st in statements:
        if st.content_start <= start and end <= st.content_end:
            if best is None or (st.content_end - st.content_start) < (best.content_end - best.content_start):
                best = st
    return best
