"""What a figure is said of, read from the dependency parse: the counted noun phrase, the predicate
(what happened to it), the agent (by whom), place and time, and for a denied figure whose claim it is
and who denies it.

Hand-written walks over spaCy's dependency labels: the shapes are few ("35 people were killed by",
"the death of 12,000 civilians", "the toll rose to 150") and each is named where it is handled, which a
learned extractor trained on no labelled figures of ours could not give.
"""
from __future__ import annotations

from newsdossier.article import ParsedArticle
from newsdossier.quantities.tables import (
    CLAIM_NOUNS, CLAIM_VERBS, DENIAL_CUES, HEDGES, INCLUDING_WORDS, LIGHT_VERBS, PREDICATE_NOUNS,
    RELATIVE_PRONOUNS, RESPONSIBILITY_WORDS, STATE_ADJECTIVES, TOLL_NOUNS,
)


def counted_span(doc, head, stop_before: int) -> tuple[int, int]:
    """Token span of the counted noun phrase: left modifiers, the head, and an 'of' phrase."""
    start = head.i
    k = head.i - 1
    while k >= stop_before:
        t = doc[k]
        if t.like_num or t.pos_ in ("DET", "PRON", "ADP", "CCONJ", "NUM", "PART") or \
                (t.pos_ == "PUNCT" and t.lower_ not in ("-",)) or t.lower_ in HEDGES:
            break
        if t.pos_ in ("ADJ", "NOUN", "PROPN", "VERB", "ADV") or t.lower_ == "-":
            start = k
            k -= 1
            continue
        break
    if start < head.i and doc[start].lower_ == "-":
        start += 1
    return start, _of_chain_end(head)


def _of_chain_end(head) -> int:
    """End of a noun and its 'of' phrases ('members of the group'), without other attachments."""
    end = head.i + 1
    for child in head.rights:
        if child.dep_ in ("compound", "amod", "flat") and child.i == end:
            end = child.i + 1
        elif child.dep_ == "prep" and child.lower_ == "of":
            for g in child.children:
                if g.dep_ == "pobj":
                    end = max(end, _of_chain_end(g))
            break
    return end


def np_span(doc, head) -> tuple[int, int]:
    """A compact span for an agent or place noun phrase (no relative clause, no apposition)."""
    start = head.i
    for child in head.lefts:
        if child.dep_ in ("det", "amod", "compound", "nmod", "poss", "nummod", "quantmod"):
            start = min(start, child.left_edge.i)
    end = head.i + 1
    for child in head.rights:
        if child.dep_ in ("compound", "flat") or (child.dep_ == "prep" and child.lower_ == "of"):
            end = max(end, child.right_edge.i + 1)
        elif child.i == end and child.dep_ == "case":
            end += 1
    while end - 1 > start and doc[end - 1].is_punct:
        end -= 1
    return start, end


def predicate_of(anchor):
    """Climb from the figure's noun phrase to the word that says what happened to it."""
    for child in anchor.rights:
        if child.dep_ == "acl" and child.tag_ == "VBN":
            return child  # "votes cast", "people killed"
    t = anchor
    for _ in range(8):
        dep = t.dep_
        h = t.head
        if h is t:
            return None
        if dep in ("conj", "appos"):
            t = h
            continue
        if dep == "pobj":
            prep = h
            ph = prep.head
            if prep.lower_ in INCLUDING_WORDS or (prep.dep_ == "prep" and ph.lower_ in INCLUDING_WORDS):
                t = ph if prep.lower_ in INCLUDING_WORDS else ph.head
                t = t if prep.lower_ in INCLUDING_WORDS else t
                continue
            if ph.pos_ in ("NOUN", "PROPN") and ph.lemma_.lower() in PREDICATE_NOUNS | {p.rstrip("s") for p in PREDICATE_NOUNS}:
                return ph
            if ph.pos_ in ("NOUN",) and ph.lemma_.lower() in TOLL_NOUNS:
                return _toll_predicate(ph) or ph
            if ph.pos_ in ("VERB", "AUX"):
                return _refine_light(ph)
            if ph.pos_ in ("NOUN", "PROPN", "NUM", "ADJ"):
                t = ph
                continue
            return None
        if dep == "prep":
            t = h
            continue
        if h.pos_ in ("VERB", "AUX"):
            return _refine_light(h)
        if h.pos_ == "ADJ" and h.lower_ in STATE_ADJECTIVES:
            return h
        if h.pos_ in ("ADJ", "ADP") and dep in ("npadvmod", "pobj", "nummod", "quantmod", "dobj"):
            t = h  # "jewellery worth $4.2 million": the worth belongs to the jewellery
            continue
        if h.pos_ in ("NOUN", "PROPN") and h.lemma_.lower() in PREDICATE_NOUNS:
            return h
        if dep in ("npadvmod", "nmod", "compound", "amod", "nummod") and h.pos_ in ("NOUN", "PROPN"):
            t = h
            continue
        return None
    return None


def _toll_predicate(noun):
    for child in noun.children:
        if child.dep_ in ("compound", "amod") and child.lemma_.lower() in PREDICATE_NOUNS | STATE_ADJECTIVES | {"death"}:
            return child
        if child.dep_ == "prep" and child.lower_ == "of":
            for g in child.children:
                if g.dep_ == "pobj" and (g.lemma_.lower() in PREDICATE_NOUNS or g.lower_ in STATE_ADJECTIVES):
                    return g
    return None


def _refine_light(verb):
    """'left 35 people dead' -> dead; 'the toll rose to 150' -> death."""
    lemma = verb.lemma_.lower()
    for child in verb.children:
        if child.dep_ in ("oprd", "acomp", "xcomp", "ccomp") and child.lower_ in STATE_ADJECTIVES:
            return child
    if lemma in LIGHT_VERBS:
        for child in verb.children:
            if child.dep_ in ("nsubj", "nsubjpass") and child.lemma_.lower() in TOLL_NOUNS:
                return _toll_predicate(child) or verb
    return verb


def _subject(verb):
    v = verb
    for _ in range(4):
        for child in v.children:
            if child.dep_ in ("nsubj", "csubj"):
                return child
        if v.dep_ in ("conj", "xcomp", "advcl") and v.head is not v:
            v = v.head
            continue
        if v.dep_ == "relcl":
            return None
        break
    return None


def _resolve_relative(tok):
    """'MEK, who killed ...': the relative pronoun stands for the noun the clause modifies."""
    if tok.lower_ in RELATIVE_PRONOUNS and tok.tag_ in ("WP", "WDT", "WP$"):
        clause = tok.head
        while clause.dep_ == "conj" and clause.head is not clause:
            clause = clause.head
        if clause.dep_ == "relcl":
            return clause.head
        # the parser sometimes hangs the clause elsewhere: take the noun right before the pronoun
        k = tok.i - 1
        while k >= max(0, tok.i - 3) and tok.doc[k].is_punct:
            k -= 1
        if k >= 0 and tok.doc[k].pos_ in ("NOUN", "PROPN"):
            return tok.doc[k]
    return tok


def agent_of(pred, counted_head, anchor):
    """By whom: the 'by'/'at the hands of' phrase, or the subject of an active predicate."""
    if pred is None:
        return None
    for child in pred.children:
        if child.dep_ == "agent" or (child.dep_ == "prep" and child.lower_ == "by" and pred.pos_ == "NOUN"):
            for g in child.children:
                if g.dep_ == "pobj":
                    return g
        if child.dep_ == "prep" and child.lower_ in ("at", "by") :
            for g in child.children:
                if g.dep_ == "pobj" and g.lower_ == "hands":
                    for of in g.children:
                        if of.dep_ == "prep" and of.lower_ == "of":
                            for x in of.children:
                                if x.dep_ == "pobj":
                                    return x
    if pred.pos_ in ("NOUN", "PROPN"):
        for child in pred.children:
            if child.dep_ == "poss":
                return _resolve_relative(child)
        # "X bears responsibility for the death of ...", "X is responsible for the killing of ..."
        t = pred
        seen_resp = False
        for _ in range(5):
            if t.lower_ in RESPONSIBILITY_WORDS or t.lemma_.lower() in RESPONSIBILITY_WORDS:
                seen_resp = True
            if t.pos_ in ("VERB", "AUX") and seen_resp:
                subj = _subject(t)
                if subj is not None:
                    return _resolve_relative(subj)
                return None
            if t.head is t:
                return None
            t = t.head
        return None
    if pred.pos_ in ("VERB", "AUX"):
        if any(c.dep_ == "auxpass" for c in pred.children) or pred.tag_ == "VBN" and pred.dep_ in ("acl",):
            return None  # passive without 'by': the agent is not given
        if pred.lemma_.lower() in LIGHT_VERBS:
            return None  # "exports fell by 12%": the subject is what is measured, not an agent
        subj = _subject(pred)
        if subj is None:
            return None
        if subj.left_edge.i <= anchor.i <= subj.right_edge.i:
            return None  # the figure sits in the subject: "half of the 20 teams lost money"
        subj = _resolve_relative(subj)
        if counted_head is not None and (subj.i == counted_head.i or subj.i == anchor.i):
            return None  # "35 people died": the subject is the counted
        if subj.lower_ in RELATIVE_PRONOUNS:
            return None
        return subj
    return None


def place_and_time(doc, pred, taken: list[tuple[int, int]], ents=None):
    """GPE/LOC/FAC and DATE/TIME entities in the predicate's own phrases, outside other spans."""
    if pred is None:
        return None, None
    place = time = None
    lo, hi = pred.left_edge.i, pred.right_edge.i + 1
    if pred.pos_ in ("VERB", "AUX"):
        # only the clause's own dependents: skip subordinate and coordinated clauses
        bounds = [pred.i, pred.i + 1]
        for child in pred.children:
            if child.dep_ in ("ccomp", "advcl", "conj", "relcl", "parataxis", "cc", "punct"):
                continue
            bounds[0] = min(bounds[0], child.left_edge.i)
            bounds[1] = max(bounds[1], child.right_edge.i + 1)
        lo, hi = bounds
    for ent in (ents if ents is not None else doc.ents):
        if ent.start < lo or ent.end > hi:
            continue
        if any(not (ent.end_char <= a or ent.start_char >= b) for a, b in taken):
            continue
        if ent.label_ in ("GPE", "LOC", "FAC") and place is None:
            place = ent
        elif ent.label_ in ("DATE", "TIME") and time is None:
            time = ent
    return place, time


def _claim_verb(pred):
    """The claim verb (`claim`, `allege`) the predicate sits under, or None."""
    t = pred
    for _ in range(6):
        if t.lemma_.lower() in CLAIM_VERBS:
            return t
        if t.head is t:
            return None
        t = t.head
    return None


def denied_claim(doc, pred) -> bool:
    """The predicate sits under a claim verb and the next sentence denies it."""
    if pred is None or _claim_verb(pred) is None:
        return False
    end = pred.sent.end
    if end >= len(doc):
        return False
    nxt = doc[end].sent
    return any(tok.lower_ in DENIAL_CUES for tok in nxt)


def _subject_span(doc, verb) -> tuple[int, int] | None:
    # the subject nearest the verb: a headline run into the sentence can parse as a second one
    subj = max((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")),
               key=lambda c: (c.i < verb.i, -abs(verb.i - c.i)), default=None)
    return np_span(doc, subj) if subj is not None and subj.pos_ != "PRON" else None


def _claim_noun_holder(doc, tok) -> tuple[int, int] | None:
    """`the organisers' claim that 10,000 marched`, `reports by the ministry of 300 deaths`: the holder of
    the claim noun the figure hangs under (its possessor, or the object of `by` / `from`)."""
    t = tok
    for _ in range(8):
        if t.pos_ == "NOUN" and t.lemma_.lower() in CLAIM_NOUNS:
            for c in t.children:
                if c.dep_ == "poss" and c.pos_ != "PRON":
                    return np_span(doc, c)
                if c.dep_ == "prep" and c.lower_ in ("by", "from"):
                    obj = next((g for g in c.children if g.dep_ == "pobj"), None)
                    if obj is not None:
                        return np_span(doc, obj)
            return None
        if t.head is t:
            return None
        t = t.head
    return None


def denial_parties(parsed: ParsedArticle, doc, fig_head, pred, statement, statements) -> tuple:
    """(claimant span, denier span) as token ranges for a denied figure; either may be None.

    Two shapes: the figure inside a denial (`Police denied the organisers' claim that 10,000 marched`),
    whose denier is the statement's speaker; and a claim denied by the next sentence (`The union claimed 900
    jobs would go. The company denied it.`), whose claimant is the claim verb's subject."""
    claim_verb = _claim_verb(pred) if pred is not None else None
    if claim_verb is not None and denied_claim(doc, pred):
        nxt = doc[pred.sent.end].sent
        denier = None
        for st in statements.values():
            if st.polarity == "deny" and st.speaker_start is not None and st.cue_start is not None \
                    and nxt.start_char <= st.cue_start < nxt.end_char:
                denier = doc.char_span(st.speaker_start, st.speaker_end, alignment_mode="expand")
                break
        if denier is None:  # `The company denied it.`, `Mr Fox called it "a downright lie".`
            span = _subject_span(doc, nxt.root)
            denier = doc[span[0]:span[1]] if span else None
        return _subject_span(doc, claim_verb), (denier.start, denier.end) if denier is not None else None
    if statement is None or statement.polarity != "deny":
        return None, None
    denier = None
    if statement.speaker_start is not None:
        span = doc.char_span(statement.speaker_start, statement.speaker_end, alignment_mode="expand")
        denier = (span.start, span.end) if span is not None else None
    return _claim_noun_holder(doc, fig_head), denier
