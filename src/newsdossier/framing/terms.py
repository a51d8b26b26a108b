"""Where the label lexicon (`data/labels.tsv`) occurs in a parse: one `Matcher` pass, longest match first.

Besides the lexicon's words and phrases (`witch hunt`, `cult-like`), two general shapes are matched: a
patron written into a modifier (`foreign-backed`, `US-backed`) and a stance against a people or a state
(`anti-Iran`). Words inside a name (`Robbie Savage`) are never labels.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.matcher import Matcher
from spacy.tokens import Doc, Token

from newsdossier.framing.lexicon import actor_kind, label_terms

BACKING = ["backed", "sponsored", "funded", "financed"]  # not `state-controlled`: a fact of ownership
# Patrons written in lower case (`foreign-backed`); a named one is any state, people or organisation
# (`US-backed`); never `under-funded`.
PATRONS = ["foreign", "state", "government", "military", "army", "regime", "opposition", "rebel", "western", "eastern"]
# Entity types whose words are a name, never a label (`Robbie Savage`, `the Anti-Doping Agency`).
NAME_ENTS = frozenset({"PERSON", "ORG", "WORK_OF_ART", "FAC", "PRODUCT", "EVENT", "LAW"})
_MULTIWORD = re.compile(r"[ -]")


_MATCHERS: dict[int, Matcher] = {}


def _term_pattern(term: str) -> list[dict]:
    """`cult-like` -> cult, -, like; `witch hunt` -> witch, hunt: the tokens spaCy splits the term into."""
    return [{"ORTH": "-"} if part == "-" else {"LOWER": part} for part in re.split(r"(-| )", term) if part.strip()]


def _matcher(vocab) -> Matcher:
    """One matcher per vocabulary (a pipeline), built on first use."""
    matcher = _MATCHERS.get(id(vocab))
    if matcher is None:
        terms = label_terms()
        single = sorted(t for t in terms if not _MULTIWORD.search(t))
        matcher = _MATCHERS[id(vocab)] = Matcher(vocab)
        matcher.add("LABEL", [[{"LOWER": {"IN": single}}], [{"LEMMA": {"IN": single}}]])
        matcher.add("PHRASE", [_term_pattern(t) for t in sorted(terms) if _MULTIWORD.search(t)])
        # a patron or a stance written into the modifier: `foreign-backed`, `US-backed`, `anti-Iran`
        matcher.add("BACKED", [[{"ENT_TYPE": {"IN": ["GPE", "NORP", "ORG"]}}, {"ORTH": "-"}, {"LOWER": {"IN": BACKING}}],
                               [{"LOWER": {"IN": PATRONS}}, {"ORTH": "-"}, {"LOWER": {"IN": BACKING}}]])
        # against a people or a state (`anti-Iran`, `anti-American`), not a practice (`anti-doping`)
        matcher.add("ANTI", [[{"LOWER": "anti"}, {"ORTH": "-"}, {"ENT_TYPE": {"IN": ["GPE", "NORP", "ORG"]}}]])
        matcher.add("LIST", [[{"LEMMA": {"IN": ["list", "blacklist"]}, "POS": "NOUN"}]])
    return matcher


def _lemma(token: Token) -> str:
    terms = label_terms()
    low = token.lower_
    if low in terms:
        return low
    lemma = token.lemma_.lower()
    return lemma if lemma in terms else low


@dataclass(slots=True)
class Hit:
    """An evaluative term found in the text: tokens first..last (inclusive)."""

    first: int
    last: int
    lemma: str
    role: str
    valence: str


def find_hits(doc: Doc) -> tuple[list[Hit], list[Token]]:
    """The lexicon's terms (longest first, no overlaps) and the list nouns (`terror list`)."""
    terms = label_terms()
    hits: list[Hit] = []
    lists: list[Token] = []
    taken: set[int] = set()
    strings = doc.vocab.strings
    for match_id, start, end in sorted(_matcher(doc.vocab)(doc), key=lambda m: (m[1] - m[2], m[1])):
        key = strings[match_id]
        if key == "LIST":
            lists.append(doc[start])
            continue
        if taken & set(range(start, end)):
            continue
        span = doc[start:end]
        if span[-1].ent_type_ in NAME_ENTS or span[0].ent_type_ in NAME_ENTS:
            continue  # inside a name: `Robbie Savage`, `the Anti-Doping Agency`
        if span[0].pos_ == "PROPN" and span[0].is_title and not span[0].is_sent_start:
            continue  # a title or a name the model did not tag: `Zatoichi and Hero`
        if key == "LABEL":
            lemma = _lemma(span[0])
            role, valence = terms[lemma]
        elif key == "PHRASE":
            lemma = span.text.lower()
            role, valence = terms.get(lemma) or terms[" ".join(t.lower_ for t in span)]
        else:  # BACKED, ANTI
            lemma = span.text.lower()
            role, valence = "modifier", "negative"
        last = span[-1]
        if role == "claim" and last.pos_ != "NOUN" and not (last.tag_ == "VBG" and last.dep_ in ("pcomp", "pobj")):
            continue  # `the problem lies in ...`, `to smear a rival`: verbs
        if role in ("noun", "claim") and last.dep_ == "compound" and last.head.pos_ == "NOUN" and \
                not actor_kind(last.head):
            continue  # `lie detector`, `cult hit`, `puppet show`: a kind of thing, not a label
        if role in ("modifier", "claim_modifier") and last.pos_ == "NOUN" and last.lower_ not in terms:
            continue  # `Henson heroics`: another word with the lemma of an adjective
        taken.update(range(start, end))
        hits.append(Hit(start, end - 1, lemma, role, valence))
    hits.sort(key=lambda h: h.first)
    return hits, lists
