"""Statements: helpers over the dependency parse: speakers, contents and cue groups of one cue."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterator

import numpy as np
from spacy.attrs import LEMMA, POS

from newsdossier.statements.cues import load_model
from newsdossier.statements.quotes import Quote
from newsdossier.statements.tables import (
    _CUE_LEMMAS,
    _LEARNED_CUE_POS,
    ATTITUDE_CUES,
    CUE_GROUP_LEFT,
    CUE_GROUP_RIGHT,
    FINDING_SUBJECTS,
    FINDING_VERBS,
    OBJECT_CUES,
    PERSON_LABELS,
    PHRASAL_CUES,
    QUOTE_CHARS,
    QUOTE_CUES,
    RAISING_VERBS,
    RELATIVE_PRONOUNS,
    RELAY_CUES,
    NON_SPEECH_VERBS,
    RULE_VERBS,
    SILENT_VERBS,
    SPEAKER_LEAD_WORDS,
    SPEECH_CUES,
    SUBJECT_DEPS,
    VIEW_VERBS,
)

# --- helpers over the parse ----------------------------------------------------------------------


def _trim(doc, s: int, e: int) -> tuple[int, int]:
    """Trim a token range [s, e) of leading/trailing punctuation, spaces and quote marks."""
    while s < e and (doc[s].is_punct or doc[s].is_space) and doc[s].text not in "([":
        s += 1
    while e > s and (doc[e - 1].is_punct or doc[e - 1].is_space) and doc[e - 1].text not in ")]":
        e -= 1
    return s, e


def _subtree_range(tok, exclude=()) -> tuple[int, int]:
    """Token range of `tok`'s subtree, dropping children in `exclude` at the edges."""
    s, e = tok.left_edge.i, tok.right_edge.i + 1
    for child in exclude:
        if child.left_edge.i == s:
            s = child.right_edge.i + 1
        if child.right_edge.i + 1 == e:
            e = child.left_edge.i
    return s, e


def _np_range(tok) -> tuple[int, int]:
    """A speaker noun phrase: the subtree, trimmed."""
    return _trim(tok.doc, tok.left_edge.i, tok.right_edge.i + 1)


@dataclass(slots=True)
class _Draft:
    cue: Any  # Token or None
    cue_range: tuple[int, int] | None  # char range
    speaker_tok: Any
    speaker: tuple[int, int] | None  # char range
    relay: tuple[int, int] | None
    content: tuple[int, int] | None  # char range
    kind: str
    passive: bool = False
    negated: bool = False
    explicit: bool = True  # content came from the parse (False: reached through quote pairing)


def _speaker_of(cue) -> tuple[Any, tuple[int, int] | None, Any, bool]:
    """(speaker head token, relay char range, relay token, passive) for a cue verb."""
    doc = cue.doc
    tok = cue
    relay = None
    if cue.lemma_ in RELAY_CUES and _relays(cue):
        subj = next((c for c in cue.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        obj = next((c for c in cue.children if c.dep_ == "dobj"), None)
        agent = next((g for c in cue.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"), None)
        if subj is not None and subj.dep_ == "nsubjpass":
            return subj, (_speaker_range(agent) if agent is not None else None), agent, False
        if obj is not None:
            return obj, (_speaker_range(subj) if subj is not None else None), subj, False
        return None, None, None, False
    for step in range(4):
        subj = None
        passive = False
        obj = None
        agent = None
        for c in tok.children:
            if c.dep_ in ("nsubj", "csubj") and subj is None:
                subj = c
            elif c.dep_ == "nsubjpass" and subj is None:
                subj, passive = c, True
            elif c.dep_ in ("dobj",) and obj is None:
                obj = c
            elif c.dep_ == "agent":
                agent = next((g for g in c.children if g.dep_ == "pobj"), None)
        if tok.lemma_ in RELAY_CUES and tok.i != cue.i:
            # "Y quoted X as saying": X spoke, Y relays; "X was quoted as saying": no relay named.
            if passive:
                return subj, (_char_range(doc, *_np_range(agent)) if agent is not None else None), agent, False
            if obj is not None:
                rel = _char_range(doc, *_np_range(subj)) if subj is not None else None
                return obj, rel, subj, False
        if agent is not None:
            return agent, relay, None, False
        if step == 0 and subj is None and _bare_participle(cue):
            return None, relay, None, True  # "Asked about X, Lee said": Lee was asked; the asker is not named
        if subj is None and step == 0 and obj is not None and obj.i > cue.i and cue.i > 1 and cue.lemma_ in SPEECH_CUES:
            before = doc[cue.i - 1].text if doc[cue.i - 1].text not in ",?!" else doc[cue.i - 2].text
            if before in QUOTE_CHARS or before in ("''", "``"):
                return obj, relay, None, False  # "“How deep?” asked the boy": inverted, the object speaks
        if subj is not None:
            if subj.dep_ == "nsubj" and subj.lower_ in RELATIVE_PRONOUNS and tok.dep_ == "relcl":
                return subj, relay, None, False  # "X, who said": the pronoun as written; resolved to X
            if passive and subj.dep_ == "nsubjpass" and tok.lemma_ not in RELAY_CUES:
                return None, relay, None, True  # "it was said", "X is said to be": no speaker named
            return subj, relay, None, passive
        if tok.dep_ == "conj" and tok.i == cue.i and tok.head.lemma_ not in SPEECH_CUES:
            # "said X but added Y": the parser may hang the second cue on X's verb; its speaker is the first cue's
            up = next((a for a in tok.ancestors if a.pos_ == "VERB" and a.lemma_ in SPEECH_CUES), None)
            if up is not None:
                tok = up
                continue
        if tok.dep_ in ("advcl", "xcomp", "conj", "pcomp", "prep", "acl", "relcl") and tok.head.i != tok.i:
            if tok.dep_ in ("acl", "relcl") and tok.head.pos_ in ("NOUN", "PROPN"):
                return tok.head, relay, None, False  # "a statement saying ...", "X, who said ..."
            tok = tok.head
            continue
        break
    return None, relay, None, False


def _relays(cue) -> bool:
    """Does a quoting verb pass someone's words on ("quoted X as saying", "X was cited as saying"), rather
    than cite evidence ("she cited two studies", a statement of its own when the verb has its own subject;
    a trailing "..., citing X" stays the outlet's account of why)?"""
    return cue.lemma_ == "quote" or any(c.dep_ == "nsubjpass" or c.dep_ == "prep" and c.lower_ == "as"
                                        for c in cue.children)


def _object_as_content(cue) -> tuple[int, int] | None:
    """The object of a cue with the `as` phrase that completes it: `cited X as Y`, `sees X as Y`."""
    doc = cue.doc
    obj = next((c for c in cue.children if c.dep_ == "dobj" and c.i > cue.i), None)
    if obj is None:
        return None
    e = obj.right_edge.i + 1
    for c in cue.children:
        if c.dep_ == "prep" and c.lower_ == "as" and c.i >= e:
            e = c.right_edge.i + 1
    s, e = _trim(doc, obj.left_edge.i, e)
    return _char_range(doc, s, e)


def _seen_as(cue) -> bool:
    """`sees X as Y`, `views X as Y`: a view held, not a perception."""
    return cue.lemma_ in VIEW_VERBS and any(c.dep_ == "dobj" for c in cue.children) and any(
        c.dep_ == "prep" and c.lower_ == "as" for c in cue.children) or (
        cue.lemma_ in VIEW_VERBS and any(c.dep_ == "dobj" and any(g.dep_ == "prep" and g.lower_ == "as"
                                                                   for g in c.children) for c in cue.children))


def _bare_participle(cue) -> bool:
    """A speech verb as a passive participle opening its clause or set off after a noun, with no subject of its
    own ("Asked about X, Lee said", "Lee, asked about X, said"): the one asked is not the one who asks."""
    opens = cue.i == 0 or cue.doc[cue.i - 1].is_space or cue.doc[cue.i - 1].text in (",", ";", "(")
    placed = cue.dep_ == "advcl" and cue.i < cue.head.i or cue.dep_ == "acl" and cue.doc[cue.i - 1].text == ","
    return (cue.tag_ == "VBN" or cue.tag_ == "VBD" and opens) and placed and cue.lemma_ in SPEECH_CUES \
        and not any(c.dep_ in SUBJECT_DEPS or c.dep_ in ("aux", "auxpass") for c in cue.children)


# Prepositions that carry what a question was about ("Asked about X", "Pressed on Y").
QUESTION_PREPS = frozenset({"about", "on", "over", "regarding", "concerning"})


def _question_content(cue) -> tuple[int, int] | None:
    """What a bare participle cue was asked or told: the first `about`/`on` phrase in its clause (with the
    preposition: PolNeAR's convention), a `whether`/`if` clause or a `to`-infinitive."""
    doc = cue.doc
    for t in doc[cue.i + 1 : cue.right_edge.i + 1]:
        if t.dep_ == "prep" and t.lower_ in QUESTION_PREPS and not any(
                g.dep_ == "pobj" and g.ent_type_ in ("DATE", "TIME") for g in t.children) \
                or t.dep_ in ("ccomp", "xcomp") and t.head.i == cue.i \
                or t.dep_ == "advcl" and t.head.i == cue.i and any(c.dep_ == "mark" and c.lower_ in ("if", "whether")
                                                                   for c in t.children):
            s, e = _trim(doc, t.left_edge.i, t.right_edge.i + 1)
            return _char_range(doc, s, e)
    return None


def _finding_subject(cue) -> bool:
    """Is the cue's subject a document or survey (`the poll showed X`)? Then its object is a finding."""
    subj = next((c for c in cue.children if c.dep_ == "nsubj"), None)
    return subj is not None and subj.lemma_.lower() in FINDING_SUBJECTS


def _verb_group(cue, cu: tuple[int, int]) -> tuple[int, int]:
    """The cue with its verb group, as PolNeAR marks cues: auxiliaries, negation and adverbs right before
    it ("has not yet said") and a particle right after it ("pointed out")."""
    doc = cue.doc
    s = cue.i
    while s > 0 and doc[s - 1].head.i == cue.i and doc[s - 1].dep_ in CUE_GROUP_LEFT:
        s -= 1
    e = cue.i + 1
    while e < len(doc) and doc[e].head.i == cue.i and doc[e].dep_ in CUE_GROUP_RIGHT:
        e += 1
    return min(cu[0], doc[s].idx), max(cu[1], doc[e - 1].idx + len(doc[e - 1].text))


def _char_range(doc, s: int, e: int) -> tuple[int, int] | None:
    if e <= s:
        return None
    return doc[s].idx, doc[e - 1].idx + len(doc[e - 1].text)


def _after_spaced_dash(doc, s: int, e: int) -> int:
    """Where a tagged speaker starts: after the last dash set off by spaces ("a group – the inspector said"),
    as a dash closes an aside or a dateline before the speaker."""
    for k in range(e - 2, s, -1):
        t = doc[k]
        if t.text in ("-", "–", "—") and doc[k - 1].whitespace_ and t.whitespace_:
            return k + 1
    return s


def _speaker_range(tok, cue=None) -> tuple[int, int] | None:
    """The speaker's noun phrase as written: the subtree of its head, without the cue, a dateline
    before a dash, an aside after a dash, or a reporting clause hanging off a document noun."""
    doc = tok.doc
    if tok.lower_ in RELATIVE_PRONOUNS and tok.dep_ == "nsubj" and tok.head.dep_ == "relcl":
        return tok.idx, tok.idx + len(tok.text)
    s, e = tok.left_edge.i, tok.right_edge.i + 1
    if cue is not None and s <= cue.i < e:
        if cue.i > tok.i:
            e = cue.i
        else:
            s = cue.i + 1
    for k in range(s, e):
        t = doc[k]
        spaced = k > 0 and doc[k - 1].whitespace_ and t.whitespace_
        if k < tok.i and ((t.text in ("-", "–", "—") and spaced) or t.is_space or t.text.endswith(":")):
            s = k + 1
        elif k > tok.i and (t.is_space or (t.text in ("–", "—") and spaced)):
            e = k  # a dash after the head opens an aside, never more of the speaker ("a group formed of ... – the commander")
            break
    # a noun reached as the head of "a statement saying ..." keeps its left part only
    for c in tok.children:
        if c.dep_ in ("acl", "relcl") and c.i > tok.i and c.lemma_ in SPEECH_CUES | OBJECT_CUES:
            e = min(e, c.left_edge.i)
    s, e = _trim(doc, s, e)
    while s + 1 < e and doc[s].lower_ in SPEAKER_LEAD_WORDS and doc[s].dep_ in ("advmod", "cc", "preconj"):
        s += 1  # "even Republicans", "Only one of them"
    s, e = _trim(doc, s, e)
    if cue is not None:  # "its chair Marta Quillon said" parsed as two subjects side by side
        verb = tok.head if tok.dep_ == "nsubj" else cue  # the cue, or the verb it hangs on ("X lauded Y, calling ...")
        for c in verb.children:
            if c.dep_ == "nsubj" and c.i != tok.i and c.left_edge.i == e and c.i < verb.i:
                e = c.right_edge.i + 1
    # "its chair Marta Quillon said": a name the parser hung on the verb still belongs to the speaker
    if cue is not None and e < cue.i and doc[e].ent_type_ in PERSON_LABELS and doc[e].ent_iob_ == "B":
        k = e
        while k < cue.i and doc[k].ent_type_ in PERSON_LABELS and (k == e or doc[k].ent_iob_ == "I"):
            k += 1
        if k == cue.i or doc[k].is_punct:
            e = k
    return _char_range(doc, s, e)


def _content_of(cue, quotes_mask) -> tuple[tuple[int, int] | None, bool]:
    """Char range of the content of a cue verb, from the parse. Returns (range, came_from_ccomp)."""
    doc = cue.doc
    comp = None
    for c in cue.children:
        if c.dep_ in ("ccomp", "csubj") and c.i > cue.i or c.dep_ == "ccomp":
            comp = c
            break
    if comp is None:
        for c in cue.children:  # "quoted X as saying that ..."
            if c.dep_ == "prep" and c.lower_ == "as":
                for g in c.children:
                    if g.dep_ == "pcomp" and g.lemma_ in SPEECH_CUES:
                        return _content_of(g, quotes_mask)
    if comp is not None:
        s, e = comp.left_edge.i, comp.right_edge.i + 1
        # drop a leading complementizer ("that") and trailing attribution punctuation
        while s < e and doc[s].dep_ == "mark" and doc[s].lower_ == "that":
            s += 1
        for k in range(s, e):  # "said X but added Y": the second cue starts its own statement
            t = doc[k]
            if t.dep_ == "conj" and t.pos_ == "VERB" and t.lemma_ in SPEECH_CUES and t.i > comp.i \
                    and not any(c.dep_ in ("nsubj", "nsubjpass") for c in t.children):
                e = t.left_edge.i
                while e > s and (doc[e - 1].dep_ == "cc" or doc[e - 1].is_punct):
                    e -= 1
                break
        while e > s + 1 and doc[e - 1].dep_ == "cc":
            e -= 1  # "said X but added Y": the conjunction belongs to neither
        if comp.i < cue.i:
            # fronted content: "X is true, he said" -> stop before the cue's own left part
            e = min(e, cue.left_edge.i) if cue.left_edge.i > comp.i else e
        else:
            e = _extend_to_sentence_end(cue, e)
        s, e = _trim(doc, s, e)
        return _char_range(doc, s, e), True
    if cue.lemma_ in SPEECH_CUES:  # "promised a “merciless” fight": a partly quoted object
        for c in cue.children:
            if c.i > cue.i and c.dep_ in ("dobj", "xcomp", "oprd") and quotes_mask is not None:
                s, e = _trim(doc, c.left_edge.i, c.right_edge.i + 1)
                rng = _char_range(doc, s, e)
                if rng and any(rng[0] <= q.open and q.close < rng[1] for q in quotes_mask):
                    return rng, False
    if cue.lemma_ in OBJECT_CUES or cue.lemma_ in ATTITUDE_CUES or cue.lemma_ in PHRASAL_CUES:
        rng = _object_content(cue)
        if rng is not None:
            return rng, False
    if cue.lemma_ in RELAY_CUES and not _relays(cue) and any(c.dep_ == "nsubj" for c in cue.children) \
            or cue.lemma_ in FINDING_VERBS and _finding_subject(cue):
        if cue.lemma_ in FINDING_VERBS and any(c.dep_ == "dobj" for c in cue.children):
            s, e = _trim(doc, cue.i + 1, min(cue.right_edge.i + 1, cue.sent.end))
            return _char_range(doc, s, e), False  # "the poll showed Lee leading by six points"
        return _object_as_content(cue), False  # "she cited two studies as precedent"
    if cue.lemma_ == "say" and any(c.dep_ == "nsubjpass" for c in cue.children):
        xc = next((c for c in cue.children if c.dep_ == "xcomp"), None)
        subj = next(c for c in cue.children if c.dep_ == "nsubjpass")
        if xc is not None and subj.lower_ not in ("it", "this"):
            s, e = _trim(doc, subj.left_edge.i, xc.right_edge.i + 1)
            return _char_range(doc, s, e), False
    return None, False


# Prepositions that carry an object cue's content on ("defended X as Y", "blamed X for Y").
CONTENT_PREPS = frozenset({"as", "for", "of", "about", "against", "with", "to", "into", "over", "on"})
# Entity labels of adjuncts that are circumstance, not content ("endorsed X on Thursday").
ADJUNCT_LABELS = frozenset({"DATE", "TIME", "GPE", "LOC", "FAC", "EVENT"})


def _phrasal_end(cue) -> Any:
    """The last token of a phrasal cue ("called for", "lashed out at"), or None if not phrasal."""
    preps = PHRASAL_CUES.get(cue.lemma_)
    if not preps:
        return None
    doc = cue.doc
    k = cue.i + 1
    last = None
    while k < len(doc) and k <= cue.i + 2:
        t = doc[k]
        if t.head.i == cue.i and t.dep_ in ("prep", "prt") and t.lower_ in preps:
            last = t
            k += 1
            continue
        if last is not None and t.dep_ == "prep" and t.head.i in (cue.i, last.i) and t.lower_ in CONTENT_PREPS:
            last = t  # "lashed out at"
        break
    return last


def _object_content(cue) -> tuple[int, int] | None:
    """Content of an object-taking cue: a `to`-infinitive, else the object and what completes it."""
    doc = cue.doc
    last = _phrasal_end(cue)
    if last is not None:
        if last.dep_ == "prep":
            pobj = next((g for g in last.children if g.dep_ in ("pobj", "pcomp")), None)
            if pobj is None:
                return None
            s, e = _trim(doc, last.i + 1, last.right_edge.i + 1)
            return _char_range(doc, s, e)
        start = last.i + 1
    elif cue.lemma_ not in OBJECT_CUES and cue.lemma_ not in ATTITUDE_CUES:
        return None  # "speaking on condition of anonymity": not the phrasal cue
    else:
        start = cue.i + 1
    xcomp = next((c for c in cue.children if c.dep_ == "xcomp" and c.i > cue.i), None)
    if xcomp is not None and xcomp.right_edge.i - xcomp.left_edge.i <= 1 and xcomp.lemma_ in SILENT_VERBS:
        return None  # "declined to comment": nothing was said
    if xcomp is not None and cue.lemma_ in ATTITUDE_CUES and not any(c.dep_ == "dobj" for c in cue.children):
        s, e = _trim(doc, xcomp.left_edge.i, xcomp.right_edge.i + 1)  # "refused to comment": keep "to"
        return _char_range(doc, s, e)
    right = []
    for c in cue.children:
        if c.i < start or c.dep_ not in ("dobj", "dative", "prep", "xcomp", "oprd", "attr", "ccomp"):
            continue
        if c.dep_ == "prep":
            pobj = next((g for g in c.children if g.dep_ == "pobj"), None)
            if not right or c.lower_ not in CONTENT_PREPS or (pobj is not None and pobj.ent_type_ in ADJUNCT_LABELS):
                if right:
                    break
                continue
        right.append(c)
    if not right:
        return None
    s = min(c.left_edge.i for c in right)
    e = max(c.right_edge.i + 1 for c in right)
    s, e = _trim(doc, s, e)
    return _char_range(doc, s, e)


# Prepositions that carry a noun or adjective cue's content ("the claim about X", "worried about X").
NOUN_CONTENT_PREPS = frozenset({"of", "about", "on", "for", "that", "against", "to", "over", "with", "in"})


def _generic_content(tok) -> tuple[int, int] | None:
    """Content of a learned verb or adjective cue: its clausal complement, else its `to`-infinitive,
    else its objects with the prepositional phrases that complete them."""
    doc = tok.doc
    for dep in ("ccomp", "xcomp"):
        c = next((c for c in tok.children if c.dep_ == dep and c.i > tok.i), None)
        if c is not None:
            s, e = c.left_edge.i, c.right_edge.i + 1
            while s < e and doc[s].dep_ == "mark" and doc[s].lower_ == "that":
                s += 1
            s, e = _trim(doc, s, e)
            return _char_range(doc, s, e)
    right = []
    for c in tok.children:
        if c.i <= tok.i or c.dep_ not in ("dobj", "dative", "prep", "oprd", "attr", "acomp"):
            continue
        if c.dep_ == "prep":
            pobj = next((g for g in c.children if g.dep_ in ("pobj", "pcomp")), None)
            if pobj is None or c.lower_ not in CONTENT_PREPS or pobj.ent_type_ in ADJUNCT_LABELS:
                if right:
                    break
                continue
        right.append(c)
    if not right:
        return None
    s = min(c.left_edge.i for c in right)
    e = max(c.right_edge.i + 1 for c in right)
    if right[0].dep_ == "prep" and len(right) == 1:
        s += 1  # "worried about X": the preposition is part of the cue
    s, e = _trim(doc, s, e)
    return _char_range(doc, s, e)


def _noun_content(tok) -> tuple[int, int] | None:
    """Content of a noun cue: "the claim that X", "his call for X", "her argument about X"."""
    doc = tok.doc
    for c in tok.children:
        if c.i > tok.i and c.dep_ in ("acl", "ccomp", "appos") and \
                any(g.dep_ == "mark" and g.lower_ in ("that", "to") or g.dep_ == "aux" and g.lower_ == "to"
                    for g in c.children):
            s, e = c.left_edge.i, c.right_edge.i + 1
            while s < e and doc[s].dep_ == "mark" and doc[s].lower_ == "that":
                s += 1
            s, e = _trim(doc, s, e)
            return _char_range(doc, s, e)
    for c in tok.children:
        if c.i > tok.i and c.dep_ == "prep" and c.lower_ in NOUN_CONTENT_PREPS:
            pobj = next((g for g in c.children if g.dep_ in ("pobj", "pcomp")), None)
            if pobj is None or pobj.ent_type_ in ADJUNCT_LABELS:
                continue
            s, e = _trim(doc, c.i + 1, c.right_edge.i + 1)
            return _char_range(doc, s, e)
    return None


def _noun_speaker(tok) -> Any:
    """Who holds a noun cue: the possessor ("his claim"), the `by`/`from` object, or the subject of the
    verb that has the noun as its object ("X made the claim")."""
    for c in tok.children:
        if c.dep_ == "poss":
            return c
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ in ("by", "from"):
            pobj = next((g for g in c.children if g.dep_ == "pobj"), None)
            if pobj is not None:
                return pobj
    if tok.dep_ in ("dobj", "attr") and tok.head.pos_ in ("VERB", "AUX"):
        return next((c for c in tok.head.children if c.dep_ == "nsubj"), None)
    return None


# Children through which a learned cue can take a content (see _generic_content, _noun_content).
_VERB_CONTENT_DEPS = frozenset({"ccomp", "xcomp", "dobj", "dative", "prep", "oprd", "attr", "acomp"})
_NOUN_CONTENT_DEPS = frozenset({"acl", "ccomp", "appos", "prep"})


def _may_be_learned_cue(tok) -> bool:
    """A cheap test before the cue model scores a token: a verb, noun or adjective the rules leave to the
    model, with a dependent after it that can carry a content."""
    pos = tok.pos_
    if pos == "VERB":
        lemma = tok.lemma_.lower()
        if lemma in RULE_VERBS or lemma in RAISING_VERBS or lemma in NON_SPEECH_VERBS:
            return False
        deps = _VERB_CONTENT_DEPS
    elif pos == "ADJ":
        deps = _VERB_CONTENT_DEPS
    elif pos == "NOUN":
        deps = _NOUN_CONTENT_DEPS
    else:
        return False
    if tok.lower_ == "according":
        return False
    return any(c.dep_ in deps for c in tok.rights) or any(c.dep_ == "ccomp" for c in tok.lefts)


def _cue_candidates(doc, model_lemmas: frozenset[str]) -> Iterator[Any]:
    """The doc's tokens, in order, that `_Article.run` looks at: a rule cue's lemma, or a lemma the cue
    model knows on a verb, noun or adjective. Each distinct lemma is tested once, and the other tokens are
    never made into Python objects."""
    if not len(doc):
        return
    lemmas, pos = doc.to_array([LEMMA, POS]).T
    distinct = np.unique(lemmas)
    strings = doc.vocab.strings
    names = [strings[int(h)] for h in distinct]
    rule = distinct[[name in _CUE_LEMMAS for name in names]]
    learned = distinct[[name.lower() in model_lemmas for name in names]]
    keep = np.isin(lemmas, rule) | (np.isin(lemmas, learned) & np.isin(pos, _LEARNED_CUE_POS))
    for i in np.flatnonzero(keep).tolist():
        yield doc[i]


def _states_something(cue, doc, content: tuple[int, int], direct: bool) -> bool:
    """A verb no rule table knows reports something only if its content is a quotation, holds a verb, or
    predicates something of its object: "assured it is determined to act", "urged them to leave" and
    "sees him as a threat" report; "launched an attack" and "gave gifts to staff" are events told in the
    outlet's voice."""
    if direct or cue.pos_ not in ("VERB", "AUX") or cue.lemma_.lower() in RULE_VERBS:
        return True
    span = doc.char_span(content[0], content[1], alignment_mode="expand")
    return span is not None and any(t.pos_ in ("VERB", "AUX") or t.dep_ == "oprd" or
                                    (t.dep_ == "prep" and t.lower_ == "as" and t.head.i == cue.i) for t in span)


def _may_be_tagged_cue(tok, content) -> bool:
    """Guards the rules keep for the tagger's statements: no raising verb (`appears to`), no relaying verb on
    its own (`citing`), no quote-only verb without a quotation (`read the report`), no passive without an
    agent (`is expected to`, `it should be noted`), no physical act or event (`attacked`), no bare speech verb as content (`declined to comment`)."""
    lemma = tok.lemma_.lower()
    if lemma in RAISING_VERBS or lemma in RELAY_CUES:
        return False
    if lemma in QUOTE_CUES and lemma not in SPEECH_CUES:
        return False
    if lemma in NON_SPEECH_VERBS or any(c.dep_ == "xcomp" and c.lemma_.lower() in NON_SPEECH_VERBS
                                        for c in tok.children):
        return False  # an act or an attempt at one ("tried to persuade"), not speech
    if tok.pos_ in ("VERB", "AUX"):
        deps = {c.dep_ for c in tok.children}
        if ("auxpass" in deps or "nsubjpass" in deps) and "agent" not in deps:
            return False
    words = [t for t in content if t.lower_ != "to" and not t.is_punct]
    return not (len(words) == 1 and words[0].lemma_ in SILENT_VERBS)


def _span_head(doc, s: int, e: int):
    """The token of doc[s:e] whose head lies outside the range (the first such token)."""
    for i in range(s, e):
        h = doc[i].head.i
        if h < s or h >= e or h == i:
            return doc[i]
    return doc[s]


_SPAN_LEXICON: list[frozenset[str]] = []


def _span_lexicon() -> frozenset[str]:
    """Cue lemmas the span tagger's features name: the rule tables and the cue model's lemmas."""
    if not _SPAN_LEXICON:
        model = load_model()
        _SPAN_LEXICON.append(frozenset(RULE_VERBS) | (model.lemmas if model is not None else frozenset()))
    return _SPAN_LEXICON[0]


def _extend_to_sentence_end(cue, e: int) -> int:
    """Reported speech runs to the end of its sentence ("said X, but Y", "say X, just as Y") unless
    another cue or a quotation takes over ("said X, adding Y")."""
    doc = cue.doc
    end = min(cue.sent.end, cue.right_edge.i + 1)
    for k in range(e, end):
        t = doc[k]
        if t.text in QUOTE_CHARS or t.text in ("''", "``") or t.text in (":", ";") or t.is_space:
            return e
        if t.pos_ in ("VERB", "AUX") and (t.lemma_ in SPEECH_CUES or t.lemma_ in OBJECT_CUES or t.lemma_ in ATTITUDE_CUES) \
                and t.head.i <= cue.i:
            return e
    return end


@dataclass(slots=True)
class _Ent:
    """A named entity with its offsets and text read once (Span attributes are rebuilt on every access)."""

    start_char: int
    end_char: int
    text: str
    label_: str
    start: int
    end: int
    span: Any

    @property
    def root(self):
        return self.span.root


def _inside(pos: int, quotes: list[Quote]) -> Quote | None:
    for q in quotes:
        if q.open <= pos <= q.close:
            return q
    return None


def previous_sentence_subject(token):
    """The subject of the main verb of the sentence before `token`'s, or None (first sentence, none)."""
    sent = token.sent
    if sent.start == 0:
        return None
    prev = token.doc[sent.start - 1].sent
    return next((c for c in prev.root.children if c.dep_ in ("nsubj", "nsubjpass")), None)
