"""Statements: the two learned steps, the CRF span tagger and the cue model, as a mixin of the extractor."""
from __future__ import annotations

import bisect

from newsdossier.statements.cues import features as cue_features
from newsdossier.statements.cues import load_model
from newsdossier.statements.spans import DocView, in_quote_flags, load_tagger
from newsdossier.statements.syntax import (
    _after_spaced_dash,
    _char_range,
    _content_of,
    _Draft,
    _generic_content,
    _may_be_tagged_cue,
    _noun_content,
    _noun_speaker,
    _span_head,
    _span_lexicon,
    _speaker_of,
    _speaker_range,
    _states_something,
    _trim,
)
from newsdossier.statements.tables import (
    HINT_SCORE,
    MAX_TAGGED_COVERED,
    MIN_LEARNED_CONTENT_WORDS,
    MODAL_LEMMAS,
    RAISING_VERBS,
    NON_SPEECH_VERBS,
    RULE_VERBS,
)


class LearnedSteps:
    """Statements the models find where the rules found none (mixed into `StatementExtractor`)."""

    def _tagged(self, drafts: list[_Draft]) -> list[_Draft]:
        """Statements the span tagger (`spans`) finds where the steps above found none.

        Only sentences that hold a likely cue the steps above left unused (a rule-table verb outside every
        content, or a word the cue model scored at least `HINT_SCORE`) and that are at most half covered by
        contents already found are tagged. Each tagged content takes the nearest tagged cue of its sentence,
        and the tagged source of that sentence nearest the cue; a content that overlaps one already found,
        or whose cue word is not in the cue lexicon, is dropped. A content that fills a quotation is direct.
        """
        tagger = load_tagger()
        if tagger is None:
            return []
        doc = self.doc
        lexicon = _span_lexicon()
        view = DocView(doc, lexicon)
        n = len(doc)
        taken = sorted(d.content for d in drafts)
        tstarts = [c[0] for c in taken]

        def covered(pos: int) -> bool:
            k = bisect.bisect_right(tstarts, pos) - 1
            return any(taken[j][0] <= pos < taken[j][1] for j in range(max(0, k - 3), k + 1))

        cue_toks = {d.cue.i for d in drafts if d.cue is not None}
        triggers = set(self.hints)
        triggers.update(i for i, (p, lem) in enumerate(zip(view.pos, view.lemma))
                        if p == "VERB" and lem in RULE_VERBS and i not in cue_toks and not covered(view.idx[i]))
        if not triggers:
            return []
        sent_starts = [i for i, x in enumerate(view.sent_start) if x]
        units = []
        for k in sorted({bisect.bisect_right(sent_starts, i) - 1 for i in triggers}):
            a = sent_starts[k]
            b = sent_starts[k + 1] if k + 1 < len(sent_starts) else n
            while a < b and view.lower[a].isspace():
                a += 1
            while b > a and view.lower[b - 1].isspace():
                b -= 1
            if b - a < 3:
                continue
            cs, ce = view.idx[a], view.idx[b - 1] + len(view.lower[b - 1])
            inside = sum(max(0, min(e, ce) - max(s, cs)) for s, e in taken if s < ce and cs < e)
            if inside <= MAX_TAGGED_COVERED * (ce - cs):
                units.append((a, b))
        if not units:
            return []
        flags = in_quote_flags(doc, self.quotes, view)
        out: list[_Draft] = []
        for ps, pe in units:
            spans = tagger.tag(doc, ps, pe, flags[ps:pe], lexicon, view)
            cues = [sp for sp in spans if sp[0] == "CUE"]
            if not cues:
                continue
            sources = [sp for sp in spans if sp[0] == "SOURCE"]
            for role, s, e in spans:
                if role != "CONTENT":
                    continue
                s, e = _trim(doc, s, e)
                if s < e and doc[s].dep_ == "mark" and doc[s].lower_ == "that":
                    s += 1  # as for the rules: the content starts after "that"
                if e - s < 2:
                    continue
                cue = min(cues, key=lambda c, s=s, e=e: c[1] - e if c[1] >= e else s - c[2])
                cue_tok = _span_head(doc, cue[1], cue[2])
                if not view.in_lex[cue_tok.i] or not _may_be_tagged_cue(cue_tok, doc[s:e]):
                    continue
                content = _char_range(doc, s, e)
                if any(x < content[1] and content[0] < y for x, y in taken):
                    continue
                src = min(sources, key=lambda c, q=cue: c[1] - q[2] if c[1] >= q[2] else q[1] - c[2]) \
                    if sources else None
                kind = "indirect"
                q = self.quote_at(content[0])
                if q is not None and q.content_start <= content[0] and content[1] <= q.content_end + 1 and \
                        q.content_end - q.content_start <= 1.5 * (content[1] - content[0]):
                    content = (q.content_start, q.content_end)  # the whole quotation, without its marks
                    kind = "direct"
                if not _states_something(cue_tok, doc, content, kind == "direct"):
                    continue
                speaker = spk_tok = None
                if src is not None:
                    s_start = _after_spaced_dash(doc, src[1], src[2])
                    spk_tok = _span_head(doc, s_start, src[2])
                    speaker = _char_range(doc, *_trim(doc, s_start, src[2]))
                out.append(_Draft(cue_tok, _char_range(doc, cue[1], cue[2]), spk_tok, speaker,
                                  self._according_relay(cue_tok), content, kind))
                k = bisect.bisect_right(taken, content)
                taken.insert(k, content)
                tstarts.insert(k, content[0])
        return out

    def _learned_cues(self, drafts: list[_Draft], used_cues: dict[int, _Draft], candidates) -> list[_Draft]:
        """Cues the rules above missed that the trained cue model finds (`cues`), with a
        content and speaker read off the parse by part of speech; nothing inside a content or quote."""
        model = load_model()
        if model is None:
            return []
        doc = self.doc
        taken = sorted(d.content for d in drafts)
        starts = [c[0] for c in taken]

        def covered(pos: int) -> bool:
            k = bisect.bisect_right(starts, pos) - 1
            return any(taken[j][0] <= pos < taken[j][1] for j in range(max(0, k - 3), k + 1))

        out: list[_Draft] = []
        for tok in candidates:
            if tok.i in used_cues:
                continue
            inq = self.quote_at(tok.idx) is not None
            if inq or covered(tok.idx):
                continue
            score = model.score(cue_features(tok, inq))
            if score >= HINT_SCORE:
                self.hints.append(tok.i)  # a likely cue: the span tagger looks at its sentence
            if score < model.threshold:
                continue
            d = self._learned_draft(tok)
            if d is None or covered(d.content[0]) or covered(d.content[1] - 1):
                continue
            if not _states_something(tok, doc, d.content, d.kind == "direct"):
                continue
            if len(self.text[d.content[0] : d.content[1]].split()) < MIN_LEARNED_CONTENT_WORDS:
                continue  # "voiced support", "her remarks about it": too little to be a statement
            if any(d.content[0] <= s < d.content[1] for s in starts):
                continue  # it would swallow a statement already found
            out.append(d)
            k = bisect.bisect_right(starts, d.content[0])
            starts.insert(k, d.content[0])
            taken.insert(k, d.content)
        return out

    def _learned_draft(self, tok) -> _Draft | None:
        doc = self.doc
        pos = tok.pos_
        content = None
        spk_tok = None
        passive = False
        if pos == "VERB":
            lemma = tok.lemma_.lower()
            if lemma in RULE_VERBS or lemma in RAISING_VERBS or lemma in NON_SPEECH_VERBS:
                return None  # the rules already decided on this verb
            if any(c.dep_ == "xcomp" and c.lemma_.lower() in NON_SPEECH_VERBS for c in tok.children):
                return None  # "tried to persuade them": an attempt at an act, not speech
            content, from_comp = _content_of(tok, self.quotes)
            if content is None:
                content = _generic_content(tok)
            spk_tok, _, _, passive = _speaker_of(tok)
            if passive and (spk_tok is None or not from_comp):
                return None  # "X is permitted to build": no one named holds it
            if any(c.dep_ == "aux" and c.lemma_ in MODAL_LEMMAS for c in tok.children) and passive:
                return None
        elif pos == "ADJ":
            content = _generic_content(tok)
            if tok.dep_ == "acomp":
                spk_tok = next((c for c in tok.head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        elif pos == "NOUN":
            content = _noun_content(tok)
            spk_tok = _noun_speaker(tok)
        if content is None:
            return None
        if spk_tok is not None and spk_tok.lower_ == "it":
            spk_tok = None
        if spk_tok is not None and spk_tok.dep_ == "poss":
            s, e = _trim(doc, spk_tok.left_edge.i, spk_tok.right_edge.i + 1)
            speaker = _char_range(doc, s, e)
        else:
            speaker = _speaker_range(spk_tok, tok) if spk_tok is not None else None
        if speaker is not None and speaker[0] <= content[0] < speaker[1]:
            return None
        neg = any(c.dep_ == "neg" for c in tok.children)
        d = _Draft(tok, (tok.idx, tok.idx + len(tok.text)), spk_tok, speaker, None, content, "indirect",
                   passive=passive, negated=neg)
        q = self._quote_covering(content)
        if q is not None:
            d.kind = "direct"
            d.content = (q.content_start, q.content_end)
            q.used = True
        return d
