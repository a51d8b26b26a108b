"""Per-article lookups the label rules share: mentions by character, actor candidates (a name and its
parenthesised acronym are one), quotation marks, statements, sentence starts, and the antecedent of an
epithet."""
from __future__ import annotations

import bisect
import re

import numpy as np
from spacy.attrs import POS
from spacy.symbols import PROPN
from spacy.tokens import Token

from newsdossier.article import ParsedArticle
from newsdossier.framing.records import normalize_target
from newsdossier.voice import statement_at

ACTOR_ENTS = {"group": ("ORG",), "person": ("PERSON",)}
ANY_ACTOR_ENTS = ("ORG", "PERSON")
ACRONYM = re.compile(r"[A-Z][A-Z&]{1,4}")
# Quoted passages of at least this many words are someone else's voice even when no statement covers
# them; shorter ones are scare quotes (`the "Silt Rats"`), which stay the outlet's.
MIN_QUOTE_WORDS = 5
_QUOTE = re.compile(r"“[^”]{1,3000}”|\"[^\"\n]{1,3000}\"|‘[^’\n]{1,300}’(?![a-z])")
_GLOSS = re.compile(r"\s*\(([A-Z][A-Za-z&.]{1,7})\)")


class ArticleContext:
    """Per-article lookups, built once: mention spans by character, actor candidates, quotes, statements."""

    def __init__(self, parsed: ParsedArticle):
        self.parsed = parsed
        text = parsed.text
        self.mentions = sorted((m.start, m.end, m.label) for m in parsed.records.get("mentions", ()))
        self.starts = [m[0] for m in self.mentions]
        actors = [(s, e, label) for s, e, label in self.mentions
                  if label in ANY_ACTOR_ENTS and "\n" not in text[s:e]]
        # an acronym the model did not tag (`HBSF`, `NATO`) is an organisation candidate too
        doc = parsed.doc
        for i in np.flatnonzero(doc.to_array(POS) == PROPN).tolist():  # not `for token in doc`: most are not
            token = doc[i]
            if ACRONYM.fullmatch(token.text) and self.mention_at(token) is None:
                actors.append((token.idx, token.idx + len(token), "ORG"))
        actors.sort()
        self.actors = []
        glossed: dict[str, str] = {}  # `Kessel Liberation Front (KLF)`: the acronym is the same actor
        for start, end, label in actors:
            cut = text.find(" (", start, end)  # `Front (HBSF`: the model ran into the acronym
            end = cut if cut > start else end
            key = normalize_target(text[start:end])
            gloss = _GLOSS.match(text, end)
            if gloss and gloss.group(1).casefold() != key:
                glossed.setdefault(gloss.group(1).casefold(), key)
            self.actors.append((start, end, label, key))
        self.actors = [(s, e, label, glossed.get(key, key)) for s, e, label, key in self.actors]
        self.quotes = sorted((m.start(), m.end()) for m in _QUOTE.finditer(text))
        self.statements = sorted(parsed.records.get("statements", ()), key=lambda st: st.start)
        self._clauses: dict[str, bool] = {}
        self.labelled: dict[int, tuple[int, int]] = {}  # label head token -> the target found for it
        self.labelled_keys: set[str] = set()
        self.key_of_start = {start: key for start, _e, _l, key in self.actors}
        self._sent_starts: list[int] | None = None

    def mention_at(self, token: Token) -> tuple[int, int, str] | None:
        i = bisect.bisect_right(self.starts, token.idx) - 1
        if i >= 0 and self.mentions[i][0] <= token.idx < self.mentions[i][1]:
            return self.mentions[i]
        return None

    def antecedent(self, before: int, kind: str | None, noun: str | None = None,
                   exclude: tuple[tuple[int, int], ...] = ()) -> tuple[int, int] | None:
        """The actor an epithet stands for, among those named before `before` (of the noun's kind).

        Only names of the noun's kind, given twice before or in the last three sentences, qualify.
        Ranked by: the name ends in the epithet's noun (`the notorious front` -> `... Front`), then
        whether this article already labelled it, then how often the name (or its acronym) was given
        before, then recency. Actors inside `exclude` (the
        label's own speaker, an agent), and every other naming of them, are never the antecedent.
        """
        wanted = ACTOR_ENTS.get(kind or "", ANY_ACTOR_ENTS)
        counts: dict[str, int] = {}
        latest: dict[str, tuple[int, int]] = {}
        banned = {key for start, _e, _l, key in self.actors if any(a <= start < b for a, b in exclude)}
        for start, end, label, key in self.actors:
            if end > before:
                break
            if label in wanted and key and key not in banned:
                counts[key] = counts.get(key, 0) + 1
                latest[key] = (start, end)
        near = self.sentence_start(before, back=2)
        if len(latest) > 1:  # the only actor of its kind named so far needs no more salience
            latest = {k: span for k, span in latest.items() if counts[k] >= 2 or span[0] >= near}
        if not latest:
            return None
        best = max(latest, key=lambda k: (bool(noun) and k.endswith(" " + noun), k in self.labelled_keys, counts[k],
                                          latest[k][0]))
        return latest[best]

    def sentence_start(self, offset: int, back: int = 0) -> int:
        """Where the sentence holding `offset` starts, or the one `back` sentences before it."""
        if self._sent_starts is None:
            self._sent_starts = [s.start_char for s in self.parsed.doc.sents]
        i = bisect.bisect_right(self._sent_starts, offset) - 1
        return self._sent_starts[max(0, i - back)] if self._sent_starts else 0

    def mark_labelled(self, head: int, span: tuple[int, int]) -> None:
        """Record the target found for a label's head word, and its actor key (acronym and full name
        share one) for ranking later antecedents."""
        self.labelled[head] = span
        key = self.key_of_start.get(span[0])
        if key:
            self.labelled_keys.add(key)

    def quote_at(self, start: int, end: int) -> tuple[int, int] | None:
        """The innermost quotation-marked passage holding [start, end)."""
        best = None
        for qs, qe in self.quotes:
            if qs > start:
                break
            if qs < start and end < qe and (best is None or qe - qs < best[1] - best[0]):
                best = (qs, qe)
        return best

    def statement_at(self, start: int, end: int):
        """The statement whose content holds [start, end) (the innermost): `voice.statement_at`."""
        return statement_at(self.statements, start, end)

    def is_clause(self, st) -> bool:
        """Whether a statement's content is a reported clause (`that the group had planned ...`) rather than
        the object of an act (`to condemn the presence of the group`, `called for its expulsion`)."""
        found = self._clauses.get(st.id)
        if found is None:
            span = self.parsed.doc.char_span(st.content_start, st.content_end, alignment_mode="expand")
            found = span is not None and (span.root.pos_ in ("VERB", "AUX") or any(
                t.dep_ in ("nsubj", "nsubjpass", "expl", "csubj") and t.head == span.root for t in span))
            self._clauses[st.id] = found
        return found

    def last_speaker(self, before: int, exclude: tuple[int, int] | None) -> tuple[int, int] | None:
        """The speaker of the latest statement before `before`, other than `exclude` (whose claim a
        `this is a lie` answers)."""
        keys = set()
        if exclude:  # the label's own speaker, under any of its names (`the statement` = the government)
            keys.add(normalize_target(self.parsed.text[exclude[0]:exclude[1]]))
            keys.update(normalize_target(st.speaker_entity) for st in self.statements
                        if (st.speaker_start, st.speaker_end) == exclude and st.speaker_entity)
        for st in reversed(self.statements):
            if st.start >= before or st.speaker_start is None:
                continue
            if keys & {normalize_target(st.speaker_text or ""), normalize_target(st.speaker_entity or "")}:
                continue
            if (st.speaker_start, st.speaker_end) != exclude:
                return st.speaker_start, st.speaker_end
        return None
