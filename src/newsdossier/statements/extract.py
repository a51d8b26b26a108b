"""Statements: who said what, with speaker, cue, content, kind, anonymity and relaying source.

One pass over the article's parse, three steps:

1. *Quotation marks* are paired (straight, curly, low-9, single, guillemets) with one precompiled
   regex over the text. A paragraph that opens a quote without closing it continues into the next
   paragraph when that one starts with an opening mark (the newspaper convention for long quotes).
2. *Cues* are reporting verbs (a data table of lemmas below) and `according to`. The dependency
   parse gives the speaker (the subject noun phrase, the agent of a passive, the object of
   `X was quoted / Y quoted X as saying`) and the content (the clausal complement, or for verbs like
   `accuse`/`urge` their objects). A cue whose complement is a quotation becomes a direct statement.
3. Quotes left without a cue take the nearest reporting verb of their sentence(s) ("A," he said,
   "B" gives two records sharing one cue); a paragraph made only of a quote continues the previous
   statement's speaker. Quote-only verbs (`continued`, `went on`, `chanted`) attribute an adjacent quote.

Speakers written as a pronoun, a role (`the official`, `the statement`) or a shortened name are
resolved (`speaker_entity`) to the nearest compatible earlier mention or speaker of the article.
Every word list is a data table at the top of this module; nothing is tuned to a topic.
"""
from __future__ import annotations

import bisect
import logging
import re
from dataclasses import dataclass, field
from typing import Iterator

from newsdossier.article import ParsedArticle
from newsdossier.statements.cues import load_model
from newsdossier.statements.descriptions import DescriptionResolution
from newsdossier.statements.layouts import LayoutSteps
from newsdossier.statements.learned import LearnedSteps
from newsdossier.statements.quotes import Quote, find_quotes
from newsdossier.statements.records import Statement
from newsdossier.statements.speakers import SpeakerResolution
from newsdossier.statements.syntax import (
    ADJUNCT_LABELS,
    _char_range,
    _content_of,
    _cue_candidates,
    _bare_participle,
    _Draft,
    _may_be_learned_cue,
    _object_as_content,
    _phrasal_end,
    _question_content,
    _seen_as,
    _speaker_of,
    _speaker_range,
    _trim,
)
from newsdossier.statements.tables import (
    ATTITUDE_CUES,
    COLON_SPEAKER_PRONOUNS,
    DOCUMENT_NOUNS,
    GROUP_LABELS,
    LEAD_ENDS,
    MAX_ATTRIBUTION_WORDS,
    MIN_UNCUED_WORDS,
    MODAL_LEMMAS,
    NAMING_VERBS,
    OBJECT_CUES,
    PERSON_LABELS,
    PHRASAL_CUES,
    QUOTE_CHARS,
    QUOTE_CUE_PARTICLES,
    QUOTE_CUES,
    QUOTE_JOINERS,
    RELAY_CUES,
    ROLE_NOUNS,
    SPEAKER_LEAD_WORDS,
    SPEECH_CUES,
    SUBJECT_DEPS,
    VIEW_VERBS,
)

log = logging.getLogger(__name__)


# --- the stage -----------------------------------------------------------------------------------


@dataclass(slots=True)
class _Found:
    """What the passes over one article share while they draft its statements."""

    drafts: list[_Draft] = field(default_factory=list)
    used_cues: dict[int, _Draft] = field(default_factory=dict)  # cue token index -> the draft it gave
    taken: list[tuple[int, int]] = field(default_factory=list)  # content ranges already attributed
    candidates: list = field(default_factory=list)  # tokens the cue model may score (learned cues)

    def in_taken(self, pos: int) -> bool:
        return any(s <= pos < e for s, e in self.taken)

    def add(self, d: _Draft) -> None:
        self.drafts.append(d)
        if d.content is not None:
            self.taken.append(d.content)


def extract_statements(parsed: ParsedArticle) -> Iterator[Statement]:
    """Direct quotes, reported speech and 'according to' attributions."""
    yield from StatementExtractor(parsed).run()


class StatementExtractor(LearnedSteps, LayoutSteps, SpeakerResolution, DescriptionResolution):
    def __init__(self, parsed: ParsedArticle):
        self.parsed = parsed
        self.doc = parsed.doc
        self.text = parsed.parse_text
        self.quotes = find_quotes(self.text)
        self._opens = [q.open for q in self.quotes]
        self.hints: list[int] = []  # tokens likely to be cues that no rule used (see _tagged)
        self._name_keys: dict[str, str] = {}  # name -> its letters, casefolded (short-name resolution)

    def quote_at(self, pos: int) -> Quote | None:
        k = bisect.bisect_right(self._opens, pos) - 1
        if k >= 0 and self.quotes[k].close >= pos:
            return self.quotes[k]
        return None

    def run(self) -> list[Statement]:
        model = load_model()
        model_lemmas = model.lemmas if model is not None else frozenset()
        found = _Found()
        for tok in _cue_candidates(self.doc, model_lemmas):
            self._take_cue(tok, found, model_lemmas)
        self._poll_findings(found)
        self._attribute_uncued_quotes(found)
        self._colon_lines(found)
        drafts = [d for d in found.drafts if d.content is not None]
        drafts += self._learned_cues(drafts, found.used_cues, found.candidates)
        drafts += self._tagged(drafts)
        drafts.sort(key=lambda d: d.content[0])
        return self._finish(drafts)

    def _take_cue(self, tok, found: _Found, model_lemmas) -> None:
        """Draft the statement of one possible cue token: `according to`, a quote-only verb, a reporting verb."""
        lemma = tok.lemma_
        if lemma.lower() in model_lemmas and _may_be_learned_cue(tok):
            found.candidates.append(tok)
        if lemma == "accord" and tok.lower_ == "according":
            d = self._according(tok)
            if d is not None and not found.in_taken(tok.idx):
                found.add(d)
            return
        if lemma in QUOTE_CUES and lemma not in SPEECH_CUES and tok.pos_ == "VERB":
            d = self._quote_cue(tok)
            if d is not None:
                found.used_cues[tok.i] = d
                found.drafts.append(d)
            return
        if tok.pos_ not in ("VERB", "AUX") or not (lemma in SPEECH_CUES or lemma in OBJECT_CUES or lemma in RELAY_CUES
                                                   or lemma in ATTITUDE_CUES or lemma in PHRASAL_CUES
                                                   or lemma in VIEW_VERBS and _seen_as(tok)):
            return
        if self.quote_at(tok.idx) is not None or found.in_taken(tok.idx):
            return
        self._reporting_verb(tok, found)

    def _reporting_verb(self, tok, found: _Found) -> None:
        """A reporting verb outside any quotation: its speaker and content from the parse."""
        lemma = tok.lemma_
        if tok.dep_ == "pcomp" and tok.head.lower_ == "as" and tok.head.head.lemma_ in RELAY_CUES:
            return  # "quoted X as saying": the relaying verb is the cue
        if lemma in NAMING_VERBS and tok.dep_ == "acl":
            return  # "a play called “Sons”": a title, not a statement
        if _bare_participle(tok):  # "Asked about X, Lee said": a question put by someone unnamed
            content, from_comp = _question_content(tok), True
            if content is None:
                return  # nor is a quote beside it the question: it is the answer
        elif lemma in VIEW_VERBS:  # "sees the plan as a threat"
            content, from_comp = _object_as_content(tok), False
        else:
            content, from_comp = _content_of(tok, self.quotes)
        spk_tok, relay, _, passive = _speaker_of(tok)
        if spk_tok is None and not passive:
            return  # no one says it (a parse without a subject, an imperative)
        if passive and lemma in ATTITUDE_CUES and not from_comp:
            return  # "the lake is expected to rise": no one holds the attitude, the outlet says it
        if passive and any(c.dep_ == "aux" and c.lemma_ in MODAL_LEMMAS for c in tok.children):
            return  # "it should be noted that": the outlet's own voice
        # an active `It said` is the company or report named before; only `it is said` has no speaker
        # (`it is hard to say`, `it suited him to suggest`: an `it` that is not the verb's own subject is no one)
        speaker = _speaker_range(spk_tok, tok) if spk_tok is not None and not (
            spk_tok.lower_ == "it" and (passive or spk_tok.head.i != tok.i)) else None
        relay = relay or self._according_relay(tok)
        neg = any(c.dep_ == "neg" for c in tok.children)
        last = _phrasal_end(tok) if content is not None and not from_comp else None
        cue_end = (last or tok).idx + len((last or tok).text)
        d = _Draft(tok, (tok.idx, cue_end), spk_tok, speaker, relay, content, "indirect",
                   passive=passive, negated=neg)
        if content is not None:
            self._mark_quoted_content(d, content)
        if content is None and tok.lemma_ not in SPEECH_CUES | RELAY_CUES:
            return
        extra = None
        if content is None and tok.dep_ == "parataxis" and lemma in SPEECH_CUES:
            pieces = self._parenthetical(tok)  # "Her plan, she said, will fail": the two sides
            if pieces:
                d.content = pieces[0]
                if len(pieces) > 1:
                    extra = _Draft(tok, d.cue_range, spk_tok, speaker, relay, pieces[1], "indirect",
                                   passive=passive, negated=neg)
        found.add(d)
        if extra is not None:
            found.add(extra)
        found.used_cues[tok.i] = d

    def _mark_quoted_content(self, d: _Draft, content: tuple[int, int]) -> None:
        """A complement that is a quotation makes the draft direct; quotes inside reported speech are used up."""
        q = self._quote_covering(content)
        if q is not None:
            d.kind = "direct"
            d.content = (q.content_start, q.content_end)
            q.used = True
        else:
            for q in self.quotes:  # a quote inside reported speech is part of it
                if content[0] <= q.content_start and q.content_end <= content[1]:
                    q.used = True

    def _attribute_uncued_quotes(self, found: _Found) -> None:
        """Quotes without a cue of their own: the nearest reporting verb around them, a colon before them,
        the statement they go on with in their paragraph, or the previous paragraph's speaker."""
        drafts = found.drafts
        for qi, q in enumerate(self.quotes):
            if q.used:
                continue
            if qi > 0 and self._joins(self.quotes[qi - 1], q, drafts):
                continue  # chanted “A” and “B”: one statement
            if (self._to_nearest_cue(q, found) or self._to_colon_intro(q, found)
                    or self._to_previous_statement(q, drafts)):
                q.used = True

    def _to_nearest_cue(self, q: Quote, found: _Found) -> bool:
        cue_d = self._nearest_cue(q, found.used_cues)
        if cue_d is None or not (cue_d.content is None or not cue_d.explicit or cue_d.kind == "direct"):
            return False
        drafts = found.drafts
        nd = _Draft(cue_d.cue, cue_d.cue_range, cue_d.speaker_tok, cue_d.speaker, cue_d.relay,
                    (q.content_start, q.content_end), "direct", cue_d.passive, cue_d.negated, False)
        if cue_d.content is None:
            drafts.remove(cue_d)
            cue_d.content = nd.content
            cue_d.kind = "direct"
            cue_d.explicit = False
            drafts.append(cue_d)
        else:
            drafts.append(nd)
        return True

    def _to_colon_intro(self, q: Quote, found: _Found) -> bool:
        cd = self._colon_intro(q, found.used_cues, found.drafts)
        if cd is None:
            return False
        if cd not in found.drafts:
            found.drafts.append(cd)
        return True

    def _to_previous_statement(self, q: Quote, drafts: list[_Draft]) -> bool:
        prev = self._follows_in_paragraph(q, drafts)
        if prev is not None:  # “A,” he said. “B.” — one statement in two quotes
            drafts.append(_Draft(prev.cue, prev.cue_range, prev.speaker_tok, prev.speaker, prev.relay,
                                 (q.content_start, q.content_end), "direct", prev.passive, prev.negated, False))
            return True
        prev = self._continuation_of(q, drafts)
        if prev is not None:
            drafts.append(_Draft(None, None, prev.speaker_tok, None, prev.relay,
                                 (q.content_start, q.content_end), "direct", explicit=False))
            return True
        return False

    def _quote_cue(self, tok) -> _Draft | None:
        """A QUOTE_CUES verb used intransitively beside a quotation: a cue with no content of its own."""
        if self.quote_at(tok.idx) is not None or not self.quotes:
            return None
        end = tok
        parts = QUOTE_CUE_PARTICLES.get(tok.lemma_)
        if parts:
            end = next((c for c in tok.children if c.dep_ in ("prt", "advmod", "prep") and c.lower_ in parts
                        and c.i == tok.i + 1), None)
            if end is None:
                return None
        if any(c.dep_ in ("dobj", "xcomp", "ccomp", "attr", "acomp", "dative") and c.i != end.i
               and self.quote_at(c.idx) is None for c in tok.children):
            return None  # "prices continued to rise", "she read the report"
        spk_tok, relay, _, passive = _speaker_of(tok)
        if spk_tok is None or passive:
            return None
        speaker = _speaker_range(spk_tok, tok)
        return _Draft(tok, (tok.idx, end.idx + len(end.text)), spk_tok, speaker, relay, None, "indirect")

    def _parenthetical(self, cue) -> list[tuple[int, int]]:
        """Content around a parenthetical cue ("A, she said, B" or "A, she said."): the governing
        clause without the attribution, as one or two char ranges; none when a quote is involved."""
        doc = self.doc
        head = cue.head
        sent = cue.sent
        s, e = max(head.left_edge.i, sent.start), min(head.right_edge.i + 1, sent.end)
        pieces = []
        for a, b in ((s, cue.left_edge.i), (cue.right_edge.i + 1, e)):
            a, b = _trim(doc, a, b)
            rng = _char_range(doc, a, b)
            if rng is not None:
                pieces.append(rng)
        if any(self.text[a:b].strip(QUOTE_CHARS) != self.text[a:b] or any(ch in self.text[a:b] for ch in '"“”')
               for a, b in pieces):
            return []
        for a, _ in pieces:
            q = self.quote_at(a - 1)
            if q is not None and q.content_start == a:
                return []  # a piece that is a quotation: the quote pairing attributes it
        return pieces

    def _quote_covering(self, content: tuple[int, int]) -> Quote | None:
        """The quote that is the content (the parse's complement is the quoted clause or within it)."""
        s, e = content
        for q in self.quotes:
            if q.used:
                continue
            if q.open <= s and e <= q.close + 1:
                return q
            if q.open < s <= q.content_start + 1 and q.content_end <= e and len(self.text[q.content_start:q.content_end].split()) >= 3 \
                    and any(ch in ",.!?" for ch in self.text[q.content_end : q.close + 2]):
                return q  # 'said, “A,” promising B': the complement runs on past the quote
            inter = min(e, q.content_end) - max(s, q.content_start)
            if inter > 0 and inter >= 0.8 * (e - s):
                if s < q.open and self._subject_between(s, q.open):
                    continue  # 'said Lee “has a plan”': the clause, with its subject, is the content
                return q
            if s < q.open and q.content_end <= e <= q.close + 1 and self.text[s : q.open].rstrip()[-1:] in LEAD_ENDS \
                    and len(self.text[q.content_start : q.content_end].split()) >= 3:
                return q  # 'As for X, “A,” she said': a lead-in set off by punctuation frames the quote
            # the quote is most of the complement ("said: “...”" with trailing words)
            if s <= q.content_start and q.content_end <= e and (q.content_end - q.content_start) >= 0.9 * (e - s):
                if s < q.open and self._subject_between(s, q.open):
                    continue
                return q
        return None

    def _subject_between(self, start: int, end: int) -> bool:
        """Does a subject whose verb lies in a quotation stand between these offsets, outside it?"""
        doc = self.doc
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None:
            return False
        return any(t.dep_ in SUBJECT_DEPS and t.idx < end and t.head.idx >= end for t in span)

    def _according(self, tok) -> _Draft | None:
        doc = self.doc
        to = next((c for c in tok.children if c.lower_ == "to"), None)
        if to is None and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "to":
            to = doc[tok.i + 1]
        if to is None:
            return None
        pobj = next((c for c in to.children if c.dep_ == "pobj"), None)
        if pobj is None:
            return None
        head = tok.head
        if head.i == tok.i or head.lemma_ in SPEECH_CUES or head.lemma_ in OBJECT_CUES:
            if head.i != tok.i and head.pos_ == "VERB":
                return None  # "according to a report, X said ...": the report relays X
            head = tok.sent.root
        if head.pos_ not in ("VERB", "AUX"):
            head = tok.sent.root
        if all(t.is_punct or t.is_space for t in self.doc[pobj.right_edge.i + 1 : tok.sent.end]) and tok.i > head.i:
            while head.dep_ == "conj" and head.head.pos_ in ("VERB", "AUX") and head.head.i < head.i:
                head = head.head  # "A rose and B fell, according to X": X gives both
        sent = tok.sent
        s, e = head.left_edge.i, head.right_edge.i + 1
        s, e = max(s, sent.start), min(e, sent.end)
        ps, pe = tok.i, pobj.right_edge.i + 1
        if ps <= s + 1 and pe >= s:
            s = pe
        elif pe >= e - 2:
            e = ps
        s, e = _trim(doc, s, e)
        content = _char_range(doc, s, e)
        if content is None or self.quote_at(tok.idx) is not None:
            return None
        speaker = _speaker_range(pobj)
        cue = (tok.idx, to.idx + len(to.text))
        kind = "according_to"
        q = self._quote_covering(content)
        if q is not None:
            q.used = True
        return _Draft(tok, cue, pobj, speaker, None, content, kind)

    def _according_relay(self, cue) -> tuple[int, int] | None:
        for c in cue.children:
            if c.lower_ == "according" and c.dep_ == "prep":
                to = next((g for g in c.children if g.lower_ == "to"), None)
                pobj = next((g for g in to.children if g.dep_ == "pobj"), None) if to is not None else None
                if pobj is not None:
                    return _speaker_range(pobj)
        return None

    def _nearest_cue(self, q: Quote, used_cues: dict[int, _Draft]) -> _Draft | None:
        """The reporting verb of the quote's sentence(s), or of the sentence right after it."""
        doc = self.doc
        text = self.text
        first = doc.char_span(q.open, q.open + 1, alignment_mode="expand")
        last = doc.char_span(q.close, q.close + 1, alignment_mode="expand")
        if first is None or last is None:
            return None
        lo = first[0].sent.start
        hi = last[-1].sent.end
        # "“...” he said." split into its own sentence (a quote that opens its sentence)
        if hi < len(doc) and doc[hi - 1].i <= last[-1].i + 1 and first[0].i <= lo + 1:
            nxt = doc[hi].sent
            gap = text[q.close + 1 : nxt.start_char]
            if "\n" not in gap:
                hi = nxt.end
        # "He said:" on its own before the quote
        if lo > 0 and first[0].i <= lo + 1:
            prev = doc[lo - 1].sent
            prev_end = prev.start_char + len(prev.text.rstrip())
            gap = text[prev_end : q.open]
            colon = text[prev_end - 1 : prev_end]
            if colon in ":," and ("\n" not in gap or (colon == ":" and gap.count("\n") <= 2 and not gap.strip())):
                lo = prev.start  # "He told the crowd:" then the quote, in the same or the next paragraph
        best = None
        best_dist = None
        for i in range(lo, hi):
            d = used_cues.get(i)
            if d is None:
                continue
            pos = doc[i].idx
            if self.quote_at(pos) is not None:
                continue
            if d.content is not None and d.explicit and d.kind != "direct":
                continue
            if d.speaker is not None and d.speaker[0] <= q.open < d.speaker[1]:
                continue  # a title inside the speaker ("asked the boy, who wore a “Vote” hat")
            a, b = (i + 1, first[0].i) if pos < q.open else (last[-1].i + 1, i)
            if any(k in used_cues for k in range(a, b)):
                continue  # another cue stands between ("she wrote, arguing that ..., “B”")
            if d.content is None and doc[i].lemma_ in QUOTE_CUES and any(doc[k].pos_ == "VERB" for k in range(a, b)):
                continue  # a quote-only cue takes only a quote beside it ("“A?” asked X, as the crowd laughed")
            if d.cue is not None and any(
                    c.dep_ in ("prep", "agent") and
                    doc[c.left_edge.i].idx <= q.open and q.content_end <= doc[c.right_edge.i].idx + len(doc[c.right_edge.i])
                    for c in d.cue.children):
                continue  # a title quoted in "said at a meeting entitled “...”" is not what was said
            if pos < q.open:
                lead = text[doc[i].idx + len(doc[i].text) : q.open].rstrip()
                if lead and lead[-1] not in ",:;—–-":
                    continue  # "said at a meeting entitled “...”": the quote is not introduced by the cue
            if pos > q.close and re.match(r"[^.!?\n“”\"]*:\s*[“\"‘']", text[pos:]):
                continue  # "He added: “...”" introduces the next quote, not this one
            dist = q.open - pos if pos < q.open else pos - q.close
            if best_dist is None or dist < best_dist:
                best, best_dist = d, dist
        return best

    def _joins(self, q0: Quote, q: Quote, drafts: list[_Draft]) -> bool:
        """`chanted “A” and “B”`: a quote joined by `and`/`or` to a quote that is a direct statement
        extends that statement's content over both."""
        gap = self.text[q0.close + 1 : q.open]
        if not QUOTE_JOINERS.fullmatch(gap):
            return False
        for d in drafts:
            if d.kind == "direct" and d.content is not None and d.content[1] == q0.content_end \
                    and d.content[0] >= q0.open:
                d.content = (d.content[0], q.content_end)
                q.used = True
                return True
        return False

    def _colon_intro(self, q: Quote, used_cues: dict[int, _Draft], drafts: list[_Draft]) -> _Draft | None:
        """A quote right after a colon with no reporting verb to take it: `Pollster Ann Lee: “...”` (the
        noun phrase before the colon speaks; the colon is the cue), or `She apologized: “...”` (the verb of
        the colon's sentence, with a person or group as its subject)."""
        doc = self.doc
        text = self.text
        pre = text[: q.open].rstrip()
        if not pre.endswith(":") or text[len(pre) : q.open].count("\n") > 2:
            return None
        colon = doc.char_span(len(pre) - 1, len(pre), alignment_mode="expand")
        if colon is None:
            return None
        ct = colon[-1]
        if ct.i == 0:
            return None
        k = ct.i - 1
        while k > 0 and doc[k].ent_type_ in ("DATE", "TIME"):
            k -= 1  # "Here is Lee in May 2001:"
        if k < ct.i - 1 and doc[k].dep_ == "prep" and k > 0:
            k -= 1
        t = doc[k]
        if self._speaks(t) and t.pos_ in ("PROPN", "NOUN", "PRON") and t.dep_ != "pobj":
            top = t
            while top.dep_ == "conj" and top.head.i < top.i:
                top = top.head  # "Ann Lee and Bo Tan:"
            s, _ = _trim(doc, top.left_edge.i, t.i + 1)
            while s < t.i and doc[s].lower_ in SPEAKER_LEAD_WORDS:
                s += 1
            if t.pos_ == "PRON" or doc[s].pos_ in ("VERB", "AUX", "ADP"):
                s = t.i
            spk = _char_range(doc, s, t.i + 1)
            return _Draft(None, (ct.idx, ct.idx + 1), t, spk, None, (q.content_start, q.content_end), "direct",
                          explicit=False)
        root = ct.sent.root
        if _bare_participle(root) or any(c.dep_ == "advcl" and _bare_participle(c) for c in root.children) \
                and ct.head.i != root.i:
            root = ct.head  # "Asked if she plays, she confesses: “...”": the verb the colon hangs on
        if root.pos_ != "VERB" or root.i > ct.i or self.quote_at(root.idx) is not None:
            return None
        d = used_cues.get(root.i)
        if d is not None and d.content is not None and d.kind != "direct" and root.idx < d.content[0] \
                and d.content[1] <= ct.idx:
            d.content, d.kind, d.explicit = (q.content_start, q.content_end), "direct", False  # "apologized for X:"
            return d
        if d is not None:
            return None
        spk_tok, relay, _, passive = _speaker_of(root)
        if spk_tok is None or passive or not self._speaks(spk_tok):
            return None
        speaker = _speaker_range(spk_tok, root)
        return _Draft(root, (root.idx, root.idx + len(root.text)), spk_tok, speaker, relay,
                      (q.content_start, q.content_end), "direct", explicit=False)

    @staticmethod
    def _speaks(t) -> bool:
        """A token that can head a speaker: a person or group, a name, a personal pronoun, a role noun."""
        return (t.ent_type_ in PERSON_LABELS or t.ent_type_ in GROUP_LABELS or
                (t.pos_ == "PROPN" and t.ent_type_ not in ADJUNCT_LABELS) or t.lower_ in COLON_SPEAKER_PRONOUNS
                or t.lemma_.lower() in ROLE_NOUNS and t.lemma_.lower() not in DOCUMENT_NOUNS)

    def _follows_in_paragraph(self, q: Quote, drafts: list[_Draft]) -> _Draft | None:
        """The direct statement just before this quote in the same paragraph, when only its
        attribution clause stands between them."""
        text = self.text
        best = None
        for d in drafts:
            if d.content is None or d.cue_range is None or d.content[1] > q.open:
                continue
            if d.kind != "direct" and not self._ends_in_quote(d.content):
                continue  # reported speech goes on in a quote only if it ended quoting ('X is “A,” he said. “B.”')
            if best is None or d.content[1] > best.content[1]:
                best = d
        if best is None:
            return None
        between = text[best.content[1] : q.open]
        if not between.rstrip().rstrip(QUOTE_CHARS).endswith((".", "!", "?")):
            return None  # only a quote that starts a new sentence goes on with the previous speaker
        if "\n" in between or not (best.content[1] <= best.cue_range[0] < q.open):
            return None
        direct_at = {d.content[0] for d in drafts if d.kind == "direct" and d.content is not None}
        if any(best.content[1] < o.open < q.open and
               (o.content_start in direct_at or not o.used and len(text[o.content_start:o.content_end].split())
                >= MIN_UNCUED_WORDS) for o in self.quotes):
            return None  # a title, scare quote or partial quote in the attribution ("said on “Meet the Press.”")
        if best.cue is not None:
            sent_end = best.cue.sent.end_char
            if sent_end < q.open and text[sent_end : q.open].strip(" " + QUOTE_CHARS):
                return None  # another sentence stands between ("..., Lee said. Kim nodded. “B.”")
        if len(between.split()) > MAX_ATTRIBUTION_WORDS:
            return None
        return best

    def _ends_in_quote(self, content: tuple[int, int]) -> bool:
        """Does this content end with a quotation that starts inside it (a partial quote)?"""
        q = self.quote_at(content[1] - 1)
        return q is not None and content[0] < q.content_start and q.content_end <= content[1] <= q.close + 1

    def _continuation_of(self, q: Quote, drafts: list[_Draft]) -> _Draft | None:
        """A paragraph that is only a quote continues the previous paragraph's speaker."""
        text = self.text
        ps = text.rfind("\n", 0, q.open) + 1
        pe = text.find("\n", q.close)
        pe = len(text) if pe < 0 else pe
        outside = (text[ps : q.open] + text[q.close + 1 : pe]).strip(" \t.,;:" + QUOTE_CHARS)
        words = len(text[q.content_start : q.content_end].split())
        if outside or words < MIN_UNCUED_WORDS:
            return None
        earlier = [d for d in drafts if d.content is not None and d.content[1] <= q.open and d.speaker_tok is not None]
        if not earlier:
            return None
        prev = max(earlier, key=lambda d: d.content[1])
        between = text[prev.content[1] : q.open]
        if between.count("\n\n") + between.count("\n") > 3:
            return None
        return prev
