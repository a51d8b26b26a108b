"""Statements: speaker resolution, anonymity and the final records, as a mixin of the extractor."""
from __future__ import annotations

from newsdossier.statements.descriptions import is_definite, subject_before
from newsdossier.statements.records import Statement
from newsdossier.statements.syntax import _Draft, _Ent, _speaker_range, _verb_group, previous_sentence_subject
from newsdossier.statements.tables import (
    _NON_WORD,
    AMBIGUOUS_DOUBLE,
    ANONYMITY_PHRASES,
    ANONYMOUS_NOUNS,
    ANONYMOUS_PHRASE,
    CLOSE_DOUBLE,
    DENIAL_CONTENT,
    DENY_CUES,
    DOCUMENT_NOUNS,
    EPITHET_PERSON_NOUNS,
    FEMALE_PRONOUNS,
    GROUP_LABELS,
    GROUP_NOUNS,
    GROUP_PRONOUNS,
    MALE_PRONOUNS,
    PERSON_LABELS,
    PLACE_LABELS,
    RELATIVE_PRONOUNS,
    ROLE_NOUNS,
)


MALE_NOUNS = frozenset({"spokesman", "chairman", "father", "man", "boy", "son", "husband", "widower", "actor"})
FEMALE_NOUNS = frozenset({"spokeswoman", "chairwoman", "mother", "woman", "girl", "daughter", "wife", "widow",
                          "actress"})
MALE_TITLES = frozenset({"mr", "sir", "lord", "king", "prince", "father", "brother"})
FEMALE_TITLES = frozenset({"mrs", "ms", "miss", "lady", "dame", "queen", "princess", "mother", "sister"})


class SpeakerResolution:
    """Pronouns, roles and short names resolved to whom the text means (mixed into `StatementExtractor`)."""


    def _finish(self, drafts: list[_Draft]) -> list[Statement]:
        doc = self.doc
        parsed = self.parsed
        ents = [_Ent(e.start_char, e.end_char, e.text, e.label_, e.start, e.end, e)
                for e in doc.ents if e.label_ in PERSON_LABELS or e.label_ in GROUP_LABELS]
        out: list[Statement] = []
        history: list[tuple[_Draft, str | None, bool, str]] = []  # draft, entity, anonymous, head lemma
        for d in drafts:
            entity, anonymous, head_lemma = self._resolve(d, ents, history)
            cs, ce = d.content
            inner = self.text[cs:ce]
            unbalanced = d.kind != "direct" and inner.count("“") > inner.count("”") or inner.count('"') % 2 == 1
            if unbalanced and ce + 1 < len(self.text) and self.text[ce] in ".,!?" and \
                    self.text[ce + 1] in CLOSE_DOUBLE + AMBIGUOUS_DOUBLE:
                ce += 1
            if unbalanced and ce < len(self.text) and self.text[ce] in CLOSE_DOUBLE + AMBIGUOUS_DOUBLE:
                ce += 1  # keep a partial quote's closing mark: 'the crews “cannot carry another cost.”'
            content_text = parsed.evidence(cs, ce)
            polarity = "affirm"
            if d.cue is not None and (d.cue.lemma_ in DENY_CUES or d.negated):
                polarity = "deny"
            elif DENIAL_CONTENT.search(content_text):
                polarity = "deny"
            pieces = [(cs, ce)]
            if d.speaker:
                pieces.append(d.speaker)
            if d.cue_range:
                pieces.append(d.cue_range)
            if d.relay:
                pieces.append(d.relay)
            start = min(p[0] for p in pieces)
            end = max(p[1] for p in pieces)
            if d.kind == "direct":
                q = self.quote_at(cs)
                if q is not None:
                    start, end = min(start, q.open), max(end, q.close + 1)
            sp = d.speaker
            cu = d.cue_range
            if cu is not None and d.cue is not None and d.cue.pos_ in ("VERB", "AUX") and cu[0] == d.cue.idx:
                cu = _verb_group(d.cue, cu)
            rl = d.relay
            sid = f"{parsed.id}:{cs}:{ce}"
            if any(o.id == sid for o in out):
                continue  # two readings of one content span (a quote and its cue): the first stands
            out.append(Statement(
                id=sid,
                article_id=parsed.id,
                kind=d.kind,
                anonymous=anonymous,
                polarity=polarity,
                start=start,
                end=end,
                text=parsed.evidence(start, end),
                speaker_start=sp[0] if sp else None,
                speaker_end=sp[1] if sp else None,
                speaker_text=parsed.evidence(*sp) if sp else None,
                speaker_entity=entity,
                cue_start=cu[0] if cu else None,
                cue_end=cu[1] if cu else None,
                cue_text=parsed.evidence(*cu) if cu else None,
                content_start=cs,
                content_end=ce,
                content_text=content_text,
                relay_start=rl[0] if rl else None,
                relay_end=rl[1] if rl else None,
                relay_text=parsed.evidence(*rl) if rl else None,
                speaker_resolution=self._resolution(d, entity, ents),
            ))
            history.append((d, entity, anonymous, head_lemma))
        return out

    def _resolution(self, d: _Draft, entity: str | None, ents) -> str | None:
        """How `_resolve` found the speaker's entity, from the written phrase (see `Statement.speaker_resolution`)."""
        tok = d.speaker_tok
        if tok is None or d.speaker is None:
            return None
        lower = tok.lower_
        if lower in RELATIVE_PRONOUNS or lower in MALE_PRONOUNS | FEMALE_PRONOUNS | GROUP_PRONOUNS or tok.pos_ == "PRON":
            return "pronoun" if entity else "unresolved"
        ss, se = d.speaker
        names = [e for e in ents if ss <= e.start_char and e.end_char <= se]
        if names:
            whole = any(e.start_char == ss and e.end_char == se for e in names)
            return "named" if whole else "apposition"
        if tok.pos_ == "PROPN":
            return "named"
        return "description" if entity else "unresolved"

    def _resolve(self, d: _Draft, ents, history) -> tuple[str | None, bool, str]:
        """(speaker_entity, anonymous, speaker head lemma) for a draft."""
        tok = d.speaker_tok
        sent_text = d.cue.sent.text if d.cue is not None else ""
        flagged = bool(ANONYMITY_PHRASES.search(sent_text))
        if tok is None:
            return None, True, ""  # "it was said", "X is said to be": no speaker
        if d.speaker is None and d.cue is not None:
            return None, True, ""
        if d.speaker is None and d.cue is None:
            # a continuation paragraph: same speaker as the previous statement
            for prev, ent, anon, lemma in reversed(history):
                if prev.speaker_tok is not None and prev.speaker_tok.i == tok.i:
                    return ent, anon, lemma
            return None, False, tok.lemma_.lower()
        if tok.lower_ in RELATIVE_PRONOUNS and tok.dep_ == "nsubj" and tok.head.dep_ == "relcl" and d.cue is not None:
            got = self._resolve_relative(d, ents, history)
            if got is not None:
                return got
        return self._resolve_written(d, ents, history, flagged)

    def _resolve_relative(self, d: _Draft, ents, history) -> tuple[str | None, bool, str] | None:
        """`X, who said`: resolve X as if it were the written speaker (None when X has no span of its own)."""
        doc = self.doc
        tok = d.speaker_tok
        ant = tok.head.head
        if tok.lower_ in ("who", "whom") and ant.ent_type_ in PLACE_LABELS and ant.dep_ == "pobj" \
                and ant.head.dep_ == "prep":
            # `neo-conservatives in the United States, who argued`: `who` is people, not the place; the
            # noun just before `in` is meant, however the parse attached the preposition
            before = ant.head.i - 1
            while before >= 0 and doc[before].is_punct:
                before -= 1
            if before >= 0 and doc[before].pos_ in ("NOUN", "PROPN") and doc[before].ent_type_ not in PLACE_LABELS:
                ant = doc[before]
        ant_range = _speaker_range(ant, d.cue)
        if ant_range is not None and ant_range[0] < tok.idx < ant_range[1]:
            end = len(self.text[ant_range[0] : tok.idx].rstrip(" ,—–-\n")) + ant_range[0]
            ant_range = (ant_range[0], end) if end > ant_range[0] else None
        if ant_range is not None:
            sub = _Draft(d.cue, d.cue_range, ant, ant_range, d.relay, d.content, d.kind, d.passive, d.negated)
            ent, anon, lemma = self._resolve(sub, ents, history)
            return ent or self.parsed.evidence(*ant_range), anon, lemma
        return None

    def _resolve_written(self, d: _Draft, ents, history, flagged: bool) -> tuple[str | None, bool, str]:
        """The speaker as written: a name, a pronoun, a description, a role, a short name."""
        doc = self.doc
        text = self.text
        tok = d.speaker_tok
        ss, se = d.speaker or (tok.idx, tok.idx + len(tok.text))
        head_lemma = tok.lemma_.lower()
        inside = [e for e in ents if ss <= e.start_char and e.end_char <= se]
        persons = [e for e in inside if e.label_ in PERSON_LABELS]
        if not persons and tok.lemma_.lower() in ROLE_NOUNS:  # "its chair Marta Quillon": a mislabelled name
            persons = [e for e in inside if e.end_char == se and e.start == tok.i + 1 and e.root.pos_ == "PROPN"]
        lower = tok.lower_
        if persons:
            name = persons[-1].text
            return self._full_name(name, ents, persons[-1].start_char, history), flagged, head_lemma
        if lower in MALE_PRONOUNS | FEMALE_PRONOUNS | GROUP_PRONOUNS or (tok.pos_ == "PRON"):
            return self._resolve_pronoun(tok, ss, ents, history, flagged, head_lemma)
        if tok.pos_ in ("NOUN", "ADJ") and not any(e.start <= tok.i < e.end for e in inside) \
                and is_definite(tok, text[ss:se]):
            meant = self._description(tok, (ss, se), d.content, ents, history)
            if meant is not None:
                return meant, flagged or self.description_anonymous, head_lemma
        if head_lemma in ROLE_NOUNS and not any(e.label_ in GROUP_LABELS and e.root.i == tok.i for e in inside):
            definite = any(c.dep_ == "det" and c.lower_ in ("the", "this", "that", "these", "those") for c in tok.children)
            if definite:
                for prev, ent, anon, lemma in reversed(history):
                    same = lemma == head_lemma or (head_lemma in DOCUMENT_NOUNS and prev.speaker is not None)
                    if same and prev.speaker is not None:
                        return ent or self.parsed.evidence(*prev.speaker), anon or flagged, head_lemma
            anonymous = flagged or (head_lemma in ANONYMOUS_NOUNS and not persons)
            return None, anonymous, head_lemma
        groups = [e for e in inside if e.label_ in GROUP_LABELS and e.start <= tok.i < e.end]
        if groups:  # the model may label a short personal name as an organization
            return self._full_name(groups[0].text, ents, ss, history), flagged, head_lemma
        if tok.pos_ == "PROPN":  # a name the model did not label: maybe a short form of an earlier one
            name = doc[tok.left_edge.i if doc[tok.left_edge.i].pos_ == "PROPN" else tok.i : tok.i + 1].text
            full = self._full_name(name, ents, ss, history)
            return (full if full != name else None), flagged, head_lemma
        speaker_text = text[ss:se]
        return None, flagged or head_lemma in ANONYMOUS_NOUNS or bool(ANONYMOUS_PHRASE.search(speaker_text)), head_lemma

    def _resolve_pronoun(self, tok, ss: int, ents, history, flagged: bool,
                         head_lemma: str) -> tuple[str | None, bool, str]:
        """A pronoun: the subject of the sentence before, else the latest earlier speaker or mention of the
        right kind, whichever is nearer."""
        doc = self.doc
        text = self.text
        lower = tok.lower_
        want_person = lower in MALE_PRONOUNS | FEMALE_PRONOUNS or lower in ("i",)
        if lower in MALE_PRONOUNS | FEMALE_PRONOUNS:
            subject = self._previous_subject(tok, ss, ents)
            if subject is not None:  # `Rudy Giuliani, a lawyer of Donald Trump, spoke ... He said`
                return self._full_name(subject.text, ents, subject.start_char, history), flagged, head_lemma
        elif lower == "it":
            group = self._previous_group_subject(tok, ss, ents, history)
            if group is not None:  # `The commission ... had been asked to consider reforms. But it said`
                return group, flagged, head_lemma
        # the latest earlier speaker or mention of the right kind, whichever is nearer
        cand_pos, cand = -1, None
        other = MALE_TITLES if lower in FEMALE_PRONOUNS else FEMALE_TITLES if lower in MALE_PRONOUNS else frozenset()
        for prev, ent, anon, lemma in reversed(history):
            if prev.speaker is None or prev.speaker[0] >= ss:
                continue
            if text[prev.speaker[0]:prev.speaker[1]].split(maxsplit=1)[0].lower().rstrip(".") in other:
                continue  # `Mr Dwyer said ... She denies`: not him
            if prev.speaker_tok.lemma_.lower() in (MALE_NOUNS if lower in FEMALE_PRONOUNS else FEMALE_NOUNS
                                                   if lower in MALE_PRONOUNS else ()):
                continue  # `a spokesman said ... She said`: not him
            if ent is None and prev.speaker_tok.pos_ == "PRON":
                continue  # an unresolved `I` or `we` names no one `it` could stand for
            st = prev.speaker_tok
            is_person = lemma not in GROUP_NOUNS and (
                st.ent_type_ in PERSON_LABELS or (ent is not None and self._is_person_name(ent, ents))
                or (st.pos_ == "PROPN" and st.ent_type_ not in GROUP_LABELS)
                or (st.pos_ == "NOUN" and ent is not None and lemma not in DOCUMENT_NOUNS)  # "the treasurer"
                or lemma in ANONYMOUS_NOUNS | EPITHET_PERSON_NOUNS)  # "a spokeswoman for the commission"
            if is_person == want_person or (not want_person and lemma in DOCUMENT_NOUNS):
                cand_pos, cand = prev.speaker[0], (ent or self.parsed.evidence(*prev.speaker), anon)
                break
        labels = PERSON_LABELS if want_person else GROUP_LABELS - {"NORP"} if lower == "it" else GROUP_LABELS
        for e in reversed(ents):
            if e.start > 0 and doc[e.start - 1].lower_.rstrip(".") in other:
                continue
            if e.end_char <= ss and e.label_ in labels:
                if e.start_char > cand_pos and (cand is None or not self._in_content(e.start_char, history)):
                    cand = (self._full_name(e.text, ents, e.start_char, history) if want_person else e.text, flagged)
                break
        if cand is None:
            return None, flagged, head_lemma
        return cand[0], cand[1] or flagged, head_lemma

    def _previous_subject(self, tok, ss: int, ents):
        """The person a sentence-opening `he`/`she` most likely means: the named subject of the sentence
        before, when no other person is named in this sentence before the pronoun (else None)."""
        subject = subject_before(tok, ss, ents, PERSON_LABELS)
        if subject is None:
            return None
        if subject.ent_type_ not in PERSON_LABELS:
            # `Eide spoke to reporters. She said`: a short name the model left untagged, of a person named before
            if subject.pos_ != "PROPN" or subject.ent_type_ or subject.dep_ == "compound":
                return None
            full = self._full_name(subject.text, ents, subject.idx)
            return next((e for e in ents if e.text == full and e.label_ in PERSON_LABELS and full != subject.text), None)
        titles = {t.lower_.rstrip(".") for t in self.doc[subject.left_edge.i: subject.i]}
        if titles & (MALE_TITLES if tok.lower_ in FEMALE_PRONOUNS else FEMALE_TITLES):
            return None  # `Mr Blunkett ... She denies`: someone else
        return next((e for e in ents if e.start <= subject.i < e.end and e.label_ in PERSON_LABELS), None)

    def _previous_group_subject(self, tok, ss: int, ents, history) -> str | None:
        """The group an `it` opening its clause most likely means: the subject of the sentence before, when
        that is an organisation's name or a description of one, and this sentence names no group before it."""
        sent = tok.sent
        if any(e.label_ in GROUP_LABELS and sent.start_char <= e.start_char < ss for e in ents):
            return None
        prev_sent = self.doc[sent.start - 1].sent if sent.start > 0 else None
        if history and prev_sent is not None:  # `..., said the Select Committee. It said`: that speaker
            d, ent, _anon, lemma = history[-1]
            if d.cue is not None and prev_sent.start <= d.cue.i < prev_sent.end and ent is not None \
                    and (lemma in GROUP_NOUNS or d.speaker_tok.ent_type_ == "ORG"):
                return ent
        subject = previous_sentence_subject(tok)
        if subject is None:
            return None
        if subject.ent_type_ == "ORG":
            return next((e.text for e in ents if e.start <= subject.i < e.end), None)
        if subject.pos_ == "NOUN" and subject.lemma_.lower() in GROUP_NOUNS:
            span = _speaker_range(subject)
            if span is None or not is_definite(subject, self.text[span[0]:span[1]]):
                return None
            return self._description(subject, span, None, ents, history) or self.parsed.evidence(*span)
        return None

    def _in_content(self, pos: int, history) -> bool:
        return any(p.content and p.content[0] <= pos < p.content[1] for p, *_ in history)

    @staticmethod
    def _is_person_name(name: str, ents) -> bool:
        return any(e.text == name and e.label_ in PERSON_LABELS for e in ents)

    def _full_name(self, name: str, ents, before: int, history=()) -> str:
        """A shortened name ("Vel-Amar") resolves to an earlier full name that ends with it."""
        keys = self._name_keys
        key = keys.get(name)
        if key is None:
            key = keys[name] = _NON_WORD.sub("", name).casefold()
        best = name
        names = [e.text for e in ents if e.start_char < before]
        names += [ent for _, ent, _, _ in history if ent]
        for other in names:
            full = keys.get(other)
            if full is None:
                full = keys[other] = _NON_WORD.sub("", other).casefold()
            if full != key and len(other) > len(best) and full.endswith(key):
                best = other
        return best
