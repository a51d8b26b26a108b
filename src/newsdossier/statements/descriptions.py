"""Definite descriptions as speakers: `the minister`, `the 58-year-old`, `the company` resolved to whom the text means.

News prose names a person or group once and then refers to them by role or epithet. A description resolves:
1. to the latest earlier name the text gave that role: a title or apposition (`Civil protection minister
   Lucía Ferrer`, `The operator, Skerry Lines`), or the name itself (`Nordic Weather Agency` for `the
   agency`), preferring the name whose role shares the description's other words (`the Conservative leader`
   is not `Social Democrat leader Marit Eide`);
2. an age (`the 61-year-old`) to the person written with that age (`Victor Halloran, 61,`);
3. otherwise to the named subject of the sentence before, when this sentence names no one before the
   speaker: that is how an epithet (`the defender`, `the mother of two`) is used. A description of an
   unnamed source (`the official`) never takes this step: it stays an anonymous source.
When none of these holds the speaker stays unresolved. Hand-written because spaCy's English pipelines have
no coreference component and the coreference packages on PyPI need older spaCy or models fetched at run time.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from newsdossier.statements.syntax import previous_sentence_subject
from newsdossier.statements.tables import (
    ANONYMOUS_NOUNS,
    DOCUMENT_NOUNS,
    EPITHET_GROUP_NOUNS,
    EPITHET_PERSON_NOUNS,
    FEMALE_PRONOUNS,
    GROUP_NOUNS,
    MALE_PRONOUNS,
    PERSON_LABELS,
    ROLE_NOUNS,
)

AGE = re.compile(r"\b(\d{1,3})-year-old\b", re.IGNORECASE)
# Words that make a role another role: the deputy mayor is not the mayor.
ROLE_QUALIFIERS = frozenset({"deputy", "shadow", "vice", "former", "acting", "assistant", "junior", "interim", "ex"})
ORG_LABELS = frozenset({"ORG"})  # a country or a people is not `the company`
DEFINITE = frozenset({"the", "this", "that", "its", "their", "his", "her"})
_SKIP_POS = frozenset({"DET", "PUNCT", "PART", "ADP", "CCONJ", "NUM"})


def _word(tok) -> str:
    return (tok.lemma_ if tok.pos_ == "NOUN" else tok.text).casefold()


def _plural(tok) -> bool:
    return tok.tag_ in ("NNS", "NNPS")


def _words(tokens) -> set[str]:
    return {_word(t) for t in tokens if t.pos_ not in _SKIP_POS and not t.is_space}


def role_words(doc, ent) -> tuple[set[str], str]:
    """The words the text gives a name as its role (its own words, a title before it, an apposition), and
    those parts as written, lower-cased."""
    root = ent.root
    parts = [doc[ent.start:ent.end], doc[root.left_edge.i:ent.start]]  # "Regional fire chief Ramón Ibarra"
    if root.dep_ == "appos":  # "The opposition leader, Oskar Lind,"
        head = root.head
        parts.append(doc[head.left_edge.i:head.i + 1])
    for c in root.children:
        if c.dep_ == "appos" and c.i >= ent.end:  # "Oskar Lind, the opposition leader,"
            parts.append(doc[c.left_edge.i:c.i + 1])
    return set().union(*(_words(p) for p in parts)), " | ".join(p.text.lower() for p in parts)


@dataclass(frozen=True, slots=True)
class NamedRole:
    start_char: int
    name: str
    is_group: bool
    words: frozenset[str]
    text: str


def _role_noun(doc, start: int, root):
    """The common noun just before a name, in its noun phrase: `treasurer` in `Council treasurer Anders Nyberg`."""
    k = start - 1
    if k >= 0 and doc[k].pos_ == "NOUN" and doc[k].dep_ == "compound" and doc[k].head.i == root.i:
        return doc[k]
    return None


def _name_start(doc, start: int, root) -> int:
    """Where a name begins, taking in the first names before it ("Anders" of "Anders Nyberg") but no title."""
    while start > 0 and doc[start - 1].pos_ == "PROPN" and doc[start - 1].head.i == root.i \
            and doc[start - 1].lower_ not in ROLE_NOUNS and doc[start - 1].lower_ not in EPITHET_PERSON_NOUNS:
        start -= 1
    return start


def _named_role(doc, start: int, end: int, labelled_group: bool, extend: bool) -> NamedRole:
    """A name, tokens [start, end), with its role words; its kind follows its role noun when it has one."""
    root = doc[start:end].root
    if extend:  # the model's entity may hold only the surname
        start = _name_start(doc, start, root)
    while end > start + 1 and doc[end - 1].tag_ == "POS":
        end -= 1  # "Chancellor Gordon Brown's"
    span = doc[start:end]
    role = _role_noun(doc, start, root)
    is_group = _word(role) in GROUP_NOUNS if role is not None else labelled_group
    words, text = role_words(doc, span)
    return NamedRole(span.start_char, span.text, is_group, frozenset(words), text)


def subject_before(tok, ss: int, ents, labels):
    """The subject of the sentence before `tok`'s, unless this sentence names someone of `labels` before
    the speaker at `ss` (then that one is the likelier antecedent, and None is returned)."""
    sent = tok.sent
    if any(e.label_ in labels and sent.start_char <= e.start_char < ss for e in ents):
        return None
    return previous_sentence_subject(tok)


def is_definite(tok, speaker_text: str) -> bool:
    return bool(AGE.search(speaker_text)) or any(
        c.dep_ in ("det", "poss") and c.lower_ in DEFINITE or c.dep_ == "poss" for c in tok.children)


class DescriptionResolution:
    """Mixed into `StatementExtractor` beside `SpeakerResolution`; uses its `_full_name`."""

    def _description(self, tok, speaker: tuple[int, int], content, ents, history) -> str | None:
        """The name a definite description speaker means (see the module docstring), or None.
        `description_anonymous` says whether the source it resolved to is an unnamed one."""
        ss, se = speaker
        doc = self.doc
        self.description_anonymous = False
        phrase = doc.char_span(ss, se, alignment_mode="expand")
        head = _word(tok)
        if head in DOCUMENT_NOUNS or phrase is None:
            return None
        age = AGE.search(self.text[ss:se])
        if age:
            for e in reversed(ents):
                after = self.text[e.end_char:e.end_char + 6]
                if e.end_char <= ss and e.label_ in PERSON_LABELS and re.match(rf",\s*{age.group(1)}\b", after):
                    return self._full_name(e.text, ents, e.start_char, history)
            return self._previous_subject_name(tok, ss, ents, history, PERSON_LABELS)
        modifiers = _words(t for t in phrase if t.i != tok.i)
        # words that tell one holder of a role from another: "Conservative", "students'", "fire" (not "former")
        distinguishing = {_word(t) for t in phrase if t.i != tok.i and t.pos_ not in _SKIP_POS
                          and (t.pos_ in ("NOUN", "PROPN") or t.text[:1].isupper())}
        group = head in GROUP_NOUNS
        qualifiers = "|".join(sorted(ROLE_QUALIFIERS - modifiers))
        other_role = re.compile(rf"\b(?:{qualifiers})[\s-]*{re.escape(tok.lower_)}")
        best = None
        for role in self._named_roles(ents):
            if role.start_char >= ss or role.is_group != group or head not in role.words \
                    or role.name.casefold() == tok.lower_:
                continue  # (a title the model tagged alone, `Cardinal`, names no one)
            if not distinguishing <= role.words or other_role.search(role.text):
                continue  # `the mayor` is not `Deputy Mayor Nicky Gavron`, nor `the chancellor` the shadow one
            key = (len(modifiers & role.words), role.start_char)
            if best is None or key > best[0]:
                best = (key, role)
        if best is not None:
            role = best[1]
            return role.name if group else self._full_name(role.name, ents, role.start_char, history)
        for prev, ent, _anon, lemma in reversed(history):  # "The electoral commission said ... The commission"
            if prev.speaker is not None and prev.speaker[1] <= ss and lemma == head \
                    and _plural(prev.speaker_tok) == _plural(tok):  # `Ministers deny ...` is not `the prime minister`
                prev_words = _words(doc.char_span(*prev.speaker, alignment_mode="expand") or [])
                if distinguishing <= prev_words and not other_role.search(self.text[slice(*prev.speaker)].lower()):
                    self.description_anonymous = _anon  # `the official` again: as unnamed as the first time
                    return ent or self.parsed.evidence(*prev.speaker)
        if head in ANONYMOUS_NOUNS:
            return None  # `the official`: an unnamed source, not the last person named
        if distinguishing:
            return None  # `the drivers' union` after `the Transport Workers Union`: someone else
        labels = ORG_LABELS if group else PERSON_LABELS
        if group and content is not None and content[1] <= ss:
            meant = self._content_subject(content, tok, ents, labels, group)
            if meant is not None:
                return meant
        if head not in (EPITHET_GROUP_NOUNS if group else EPITHET_PERSON_NOUNS):
            return None  # `the government`, `the man`, `the book`: not a second name for the one just named
        return self._previous_subject_name(tok, ss, ents, history, labels)

    def _named_roles(self, ents) -> list[NamedRole]:
        """Every name outside the headline with the words of its role, read once per article. A name the
        small model mislabels or misses keeps the kind its role noun gives it: `Council treasurer Anders
        Nyberg` (tagged ORG) is a person, `Consumer group FairMoney` a group."""
        cached = getattr(self, "_roles_cache", None)
        if cached is not None:
            return cached
        doc = self.doc
        roles: list[NamedRole] = []
        covered: set[int] = set()
        for e in ents:
            if e.label_ == "NORP" or self._in_title(e.start_char):
                continue
            covered.update(range(e.start, e.end))
            roles.append(_named_role(doc, e.start, e.end, e.label_ not in PERSON_LABELS,
                                     extend=e.label_ not in PERSON_LABELS))
        for t in doc:  # a name no entity covers, with a role noun before it
            if t.pos_ == "PROPN" and t.dep_ != "compound" and t.i not in covered and not self._in_title(t.idx) \
                    and t.i > t.sent.start and _word(t) not in ROLE_NOUNS:
                start = _name_start(doc, t.i, t)
                if _role_noun(doc, start, t) is not None:
                    roles.append(_named_role(doc, start, t.i + 1, True, extend=False))
        self._roles_cache = roles
        return roles

    def _in_title(self, pos: int) -> bool:
        p = self.parsed.article
        return p.title_start is not None and p.title_start <= pos < (p.title_end or 0)

    def _content_subject(self, content: tuple[int, int], tok, ents, labels, group: bool) -> str | None:
        """`Velora Pharma is recalling two batches, the company said`: a description after what it said, in
        the same sentence, means the subject of that content when it is of the description's kind. For a
        group the small model's PERSON label is accepted too: it often gives one to a company's name."""
        sent = tok.sent
        if content[0] < sent.start_char:
            return None
        wanted = labels | PERSON_LABELS if group else labels
        for e in ents:
            if content[0] <= e.start_char and e.end_char <= content[1] and e.label_ in wanted \
                    and e.root.dep_ in ("nsubj", "nsubjpass") and e.root.head.i < tok.i:
                return e.text if group else self._full_name(e.text, ents, e.start_char)
        return None

    def _previous_subject_name(self, tok, ss: int, ents, history, labels) -> str | None:
        """The name the subject of the sentence before stands for, when it is of the wanted kind and this
        sentence names no one of that kind before the speaker."""
        subject = subject_before(tok, ss, ents, labels)
        if subject is None:
            return None
        for e in ents:  # the subject itself, or the name in apposition to it ("Rovers' captain, Dean Achebe,")
            if e.label_ in labels and (e.start <= subject.i < e.end or (
                    e.root.dep_ == "appos" and e.root.head.i == subject.i)):
                if labels != PERSON_LABELS and self._full_name(e.text, ents, e.start_char) != e.text:
                    return None  # `Hendry` tagged ORG is the short name of `Paul Hendry`, not a group
                return self._full_name(e.text, ents, e.start_char, history) if e.label_ in PERSON_LABELS else e.text
        if labels == PERSON_LABELS and subject.pos_ == "PROPN":  # `Varga`, untagged, after `Ilse Varga`
            full = self._full_name(subject.text, ents, subject.idx)
            if full != subject.text and self._is_person_name(full, ents):
                return full
        for prev, ent, _anon, _lemma in reversed(history):  # a pronoun subject already resolved: "She said ..."
            if prev.speaker_tok is not None and prev.speaker_tok.i == subject.i:
                if subject.pos_ == "PRON" and (subject.lower_ in MALE_PRONOUNS | FEMALE_PRONOUNS) != (
                        labels == PERSON_LABELS):
                    return None  # `It said ... The minister said`: not the one before
                return ent
        return None
