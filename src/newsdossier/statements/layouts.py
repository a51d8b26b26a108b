"""Statements: attributions with no reporting verb, as a mixin of the extractor.

Two layouts news text uses to attribute words without a verb:

- *A poll's finding*: `X leads in the latest poll`, `In a survey released Monday, Y trails by nine points`.
  The poll is the source (cue `in`, kind `according_to`, as `according to a poll` would be); the content is
  the clause the `in` phrase modifies, without that phrase.
- *A line opened by a name and a colon*: `Marta Ilves: The harbour will be dredged.` (a headline) or
  `TOMAS: We waited ten years.` (a transcript). The name speaks, the colon is the cue, and the content runs
  to the end of the paragraph; a quotation right after the colon is left to the quote pairing.
"""
from __future__ import annotations

import re

from newsdossier.statements.syntax import _char_range, _Draft, _speaker_range, _trim
from newsdossier.statements.tables import (
    COLON_LINE_MAX_WORDS,
    COLON_LINE_NOT_SPEAKERS,
    DOCUMENT_NOUNS,
    FINDING_NOUNS,
    GROUP_LABELS,
    NOT_FINDING_VERBS,
    OBJECT_CUES,
    PERSON_LABELS,
    QUOTE_CHARS,
    RELATIVE_PRONOUNS,
    ROLE_NOUNS,
    SPEECH_CUES,
)

_FINDING = re.compile(r"\b(?:" + "|".join(sorted(FINDING_NOUNS)) + r")s?\b", re.IGNORECASE)
# A paragraph that opens with a few words and a colon: "Name: ..." (the words are checked on the parse).
_COLON_LINE = re.compile(r"(?m)^[ \t]*([^\n:]{2,60}?):[ \t]+(?=\S)")


class LayoutSteps:
    """Attributions without a reporting verb (mixed into `StatementExtractor`)."""

    def _poll_findings(self, found) -> None:
        """`X leads in the latest poll`: the poll's finding, with the poll as its source."""
        doc = self.doc
        for m in _FINDING.finditer(self.text):
            span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
            if span is None:
                continue
            n = span[-1]
            while n.dep_ == "compound" and n.head.i > n.i:
                n = n.head  # "exit poll data"
            if n.dep_ == "pobj" and n.head.lower_ == "of" and n.head.head.dep_ == "pobj":
                n = n.head.head  # "the average of surveys"
            prep = n.head
            if n.dep_ != "pobj" or prep.lower_ != "in" or prep.dep_ != "prep" or found.in_taken(prep.idx):
                continue
            verb = prep.head
            for _ in range(2):  # "is ahead in the poll": the prepositional phrase may hang on the adverb
                if verb.pos_ in ("VERB", "AUX"):
                    break
                verb = verb.head
            while verb.dep_ == "xcomp" and verb.head.pos_ in ("VERB", "AUX"):
                verb = verb.head  # "X continues to lead in polls": the clause of `continues`
            if verb.pos_ not in ("VERB", "AUX") or verb.i in found.used_cues:
                continue
            subj = next((c for c in verb.children if c.dep_ in ("nsubj", "csubj", "expl")), None)
            if subj is None or subj.lower_ in RELATIVE_PRONOUNS:
                continue  # "running third in most polls", "who is third in polls": no finding of its own
            lemma = verb.lemma_.lower()
            if lemma in SPEECH_CUES or lemma in OBJECT_CUES or lemma in NOT_FINDING_VERBS:
                continue  # "said in a poll" (the cue takes it), "was included in the survey" (no finding)
            if any(c.dep_ == "nsubjpass" for c in verb.children):
                continue
            sent = verb.sent
            s, e = max(verb.left_edge.i, sent.start), min(verb.right_edge.i + 1, sent.end)
            if prep.i > verb.i:
                e = prep.i  # "X leads in the poll and Y trails": the clause up to the phrase
            else:
                s = prep.right_edge.i + 1  # "In the latest poll, X leads"
            s, e = _trim(doc, s, e)
            if e - s < 2 or any(doc[k].text in QUOTE_CHARS for k in range(s, e)):
                continue
            content = _char_range(doc, s, e)
            if content is None or found.in_taken(content[0]) or found.in_taken(content[1] - 1):
                continue
            found.add(_Draft(prep, (prep.idx, prep.idx + len(prep.text)), n, _speaker_range(n), None, content,
                             "according_to"))

    def _colon_lines(self, found) -> None:
        """`Marta Ilves: The harbour will be dredged.`: the name before a line's colon says the rest of it."""
        doc = self.doc
        text = self.text
        for m in _COLON_LINE.finditer(text):
            head = text[m.start(1) : m.end(1)]
            if len(head.split()) > COLON_LINE_MAX_WORDS or not head[0].isalnum() \
                    or any(ch in head for ch in QUOTE_CHARS + ".!?,;"):
                continue  # a bullet ("- Name: ...") lists, it does not quote
            start = m.end()
            if text[start] in QUOTE_CHARS:
                continue  # `Name: “...”`: the quote pairing attributes it
            end = text.find("\n", start)
            end = len(text) if end < 0 else end
            span = doc.char_span(m.start(1), m.end(1), alignment_mode="expand")
            body = doc.char_span(start, end, alignment_mode="expand")
            if span is None or body is None or len(body) < 3 or not any(t.pos_ in ("VERB", "AUX") for t in body):
                continue  # "Arthur Vale: King of the thrillers": a name and what it is, no statement
            if any(d.content is not None and d.content[0] < end and start < d.content[1] for d in found.drafts):
                continue  # the line's words are already someone's statement
            if not self._colon_speaker(span):
                continue
            s, e = _trim(doc, body.start, body.end)
            content = _char_range(doc, s, e)
            if content is None:
                continue
            colon = m.end(1)
            spk = _char_range(doc, span.start, span.end)
            found.add(_Draft(None, (colon, colon + 1), span.root, spk, None, content, "indirect", explicit=False))

    @staticmethod
    def _colon_speaker(span) -> bool:
        """Words before a line's colon that name a speaker: a person or group, a name (`Marta Ilves`, in
        capitals `TOMAS`), a role or a poll; never a label such as `Note` or `Update`, nor a clause."""
        words = [t for t in span if not t.is_punct]
        if not words or any(t.is_stop or t.pos_ in ("VERB", "AUX", "ADP", "PRON", "SCONJ", "DET") and not t.is_upper
                            for t in words):
            return False  # "STAT OF THE WEEK:", "Here is why:": a label or a clause
        if any(t.lower_ in COLON_LINE_NOT_SPEAKERS for t in words):
            return False
        root = words[-1]
        return (root.ent_type_ in PERSON_LABELS or root.ent_type_ in GROUP_LABELS
                or all(t.is_upper and t.is_alpha and len(t) > 1 for t in words)
                or all(t.pos_ == "PROPN" and t.is_title for t in words)
                or root.lemma_.lower() in ROLE_NOUNS and root.lemma_.lower() not in DOCUMENT_NOUNS
                or root.lemma_.lower() in FINDING_NOUNS)
