"""Labels: the evaluative words an article attaches to an actor, in whose voice, with evidence.

A label is found from one parse with one `Matcher` pass over the evaluative lexicon
(`data/labels.tsv`); only the hits are then read in the dependency tree:

- modifier:          `the radical HBSF`, `HBSF ringleaders`, `the front's ringleaders`
- appositive:        `X, the notorious group`, `Its puppet leader, X`
- predicate:         `X is a cult`, `critics call X a gang`, `describe X as thugs`
- listed_as:         `X, listed as an extremist organization by Y` (Y's label, reported: `attributed_to`)
- epithet_anaphora:  `the notorious group` / `this grouplet` standing for an actor named earlier
- designation:       `X was banned`, `Y blacklisted X`, `X is on the Y terror list` (Y: the holder)
- comparison:        `X is similar to extremist groups`
- claim:             `unfounded allegations`, `a sheer lie`, `called X's account propaganda`: a label on a
                     claim or act, whose target is its claimant (the owner, else the last speaker before it)

Voice follows the attribution of the label's own words, not of its sentence's subject:
`quoted` inside quotation marks (the speaker of the statement or of the calling verb, when known),
`holder` when the outlet reports someone else's act of labelling (`listed as ... by Y`, `critics call X
a ...`), `reported` inside the content clause of indirect speech, else `outlet`. Only real speech acts
give a label to a speaker: the object of an act (`rallies to condemn the terrorist group`, `called for
the expulsion of ...`) is a noun phrase, not a reported clause, so its words stay the outlet's.

A generic actor noun alone (`the group's spokesman`, `the movement`) is never a label: a label needs
an evaluative word. An evaluative word on a non-actor (`extremist attacks`) is not a label either.
"""
from __future__ import annotations

import logging

import bisect
import re
from dataclasses import dataclass
from typing import Iterator

import numpy as np
from spacy.attrs import POS
from spacy.matcher import Matcher
from spacy.symbols import PROPN
from spacy.tokens import Doc, Token

from newsdossier.article import ParsedArticle
from newsdossier.framing.lexicon import actor_nouns, label_terms
from newsdossier.framing.records import Label


log = logging.getLogger(__name__)

# Verbs whose `as` phrase is a formal designation by the subject or the `by` agent.
LISTING_VERBS = frozenset({"list", "designate", "blacklist", "classify", "proscribe", "ban", "outlaw", "register"})
# Verbs whose `as` phrase or object complement is a characterisation ("describe X as ...").
CALLING_VERBS = frozenset({"describe", "call", "brand", "label", "term", "dub", "denounce", "condemn", "regard",
                           "consider", "portray", "paint", "characterize", "characterise", "depict", "see", "view",
                           "dismiss", "decry", "reject", "deride", "ridicule"})
# Verbs that are a designation on their own (`X was banned`); ban and outlaw only of groups: a banned
# person is a sanction (`banned from driving`), not a label.
DESIGNATION_VERBS = {"ban": "group", "outlaw": "group", "blacklist": None, "proscribe": None}
# A list whose name makes it a designation (`on the US terror list`).
LIST_KINDS = frozenset({"terror", "terrorist", "terrorism", "sanction", "sanctions", "watch", "black", "blacklist",
                        "proscribed", "banned"})
ACCUSING_VERBS = frozenset({"accuse"})
COMPARISON_WORDS = frozenset({"similar", "akin", "comparable", "identical", "equivalent", "like", "reminiscent"})
# Nouns that name a claim or an account: a claim label on them (`unfounded allegations`) targets their owner.
CLAIM_NOUNS = frozenset({"allegation", "claim", "accusation", "charge", "report", "account", "statement", "story",
                         "rumour", "rumor", "assertion", "remark", "comment", "version", "narrative", "finding",
                         # acts, judged the same way: `called the team's conduct disgraceful` labels the team
                         "conduct", "behaviour", "behavior", "action", "record", "policy", "handling", "response",
                         "decision", "move", "tactic", "rhetoric"})
BACKING = ["backed", "sponsored", "funded", "financed"]  # not `state-controlled`: a fact of ownership
# Patrons written in lower case (`foreign-backed`); a named one is any state, people or organisation
# (`US-backed`); never `under-funded`.
PATRONS = ["foreign", "state", "government", "military", "army", "regime", "opposition", "rebel", "western", "eastern"]
PRONOUNS = frozenset({"he", "him", "she", "her", "they", "them", "it"})
# Verbs whose indefinite object is the subject's own group (`X runs a criminal gang`).
LEADING_VERBS = frozenset({"lead", "run", "head", "found", "command", "control"})
# Nouns for a collection of people (`a band of extremists`): the label is on the collection.
COLLECTIVE_NOUNS = frozenset({"band", "bunch", "pack", "gang", "collection", "group", "handful", "crowd"})
RELATIVE = frozenset({"which", "that", "who", "whom"})
# Entity types whose words are a name, never a label (`Robbie Savage`, `the Anti-Doping Agency`).
NAME_ENTS = frozenset({"PERSON", "ORG", "WORK_OF_ART", "FAC", "PRODUCT", "EVENT", "LAW"})
DEFINITE = frozenset({"the", "this", "that", "these", "those"})
ACTOR_ENTS = {"group": ("ORG",), "person": ("PERSON",)}
ANY_ACTOR_ENTS = ("ORG", "PERSON")
ACRONYM = re.compile(r"[A-Z][A-Z&]{1,4}")
MODIFIER_DEPS = frozenset({"amod", "compound", "nmod", "poss"})
OWNER_DEPS = frozenset({"poss", "compound", "nmod"})
# Quoted passages of at least this many words are someone else's voice even when no statement covers
# them; shorter ones are scare quotes (`the "Silt Rats"`), which stay the outlet's.
MIN_QUOTE_WORDS = 5
_QUOTE = re.compile(r"“[^”]{1,3000}”|\"[^\"\n]{1,3000}\"|‘[^’\n]{1,300}’(?![a-z])")
_MULTIWORD = re.compile(r"[ -]")
_GLOSS = re.compile(r"\s*\(([A-Z][A-Za-z&.]{1,7})\)")
_DET_PREFIX = re.compile(r"^(the|a|an|this|that|these|those|its|their|his|her)\s+", re.I)
_POSSESSIVE = re.compile(r"\s*['’]s?$")


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
class _Hit:
    """An evaluative term found in the text: tokens first..last (inclusive)."""

    first: int
    last: int
    lemma: str
    role: str
    valence: str


def _hits(doc: Doc) -> tuple[list[_Hit], list[Token]]:
    """The lexicon's terms (longest first, no overlaps) and the list nouns (`terror list`)."""
    terms = label_terms()
    hits: list[_Hit] = []
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
                not _actor_kind(last.head):
            continue  # `lie detector`, `cult hit`, `puppet show`: a kind of thing, not a label
        if role in ("modifier", "claim_modifier") and last.pos_ == "NOUN" and last.lower_ not in terms:
            continue  # `Henson heroics`: another word with the lemma of an adjective
        taken.update(range(start, end))
        hits.append(_Hit(start, end - 1, lemma, role, valence))
    hits.sort(key=lambda h: h.first)
    return hits, lists


def normalize_target(text: str) -> str:
    """`The HBSF's` -> `hbsf`: how labels are grouped by target until entities are resolved."""
    text = " ".join(text.split()).casefold()
    text = _POSSESSIVE.sub("", _DET_PREFIX.sub("", text))
    return text.strip(" ,.;:-\"'“”‘’")


class _Context:
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
        labelled = {self.key_at(span) for span in self.labelled.values()}
        best = max(latest, key=lambda k: (bool(noun) and k.endswith(" " + noun), k in labelled, counts[k], latest[k][0]))
        return latest[best]

    def sentence_start(self, offset: int, back: int = 0) -> int:
        """Where the sentence holding `offset` starts, or the one `back` sentences before it."""
        if self._sent_starts is None:
            self._sent_starts = [s.start_char for s in self.parsed.doc.sents]
        i = bisect.bisect_right(self._sent_starts, offset) - 1
        return self._sent_starts[max(0, i - back)] if self._sent_starts else 0

    def key_at(self, span: tuple[int, int]) -> str | None:
        """The actor key of a span found as a target (its acronym and full name share one)."""
        for start, end, _label, key in self.actors:
            if start == span[0]:
                return key
        return None

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
        """The statement whose content holds [start, end) (the innermost)."""
        best = None
        for st in self.statements:
            if st.start > start:
                break
            if st.content_start <= start and end <= st.content_end and (
                    best is None or st.content_end - st.content_start < best.content_end - best.content_start):
                best = st
        return best

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


def _phrase(ctx: _Context, token: Token) -> tuple[int, int] | None:
    """The character span of the name or noun phrase headed by `token` (compounds, no determiner)."""
    mention = ctx.mention_at(token)
    if mention:
        start, end = mention[0], mention[1]
        cut = ctx.parsed.text.find(" (", start, end)  # `Front (HBSF`: the model ran into the acronym
        return start, (cut if cut > start else end)
    if token.pos_ == "PRON":
        return None
    left = token
    while left.i > 0:
        prev = token.doc[left.i - 1]
        if prev.head.i == token.i and prev.dep_ == "compound" and prev.pos_ == token.pos_ == "PROPN":
            left = prev
        else:
            break
    return left.idx, token.idx + len(token)


def _subject_or_object(verb: Token) -> Token | None:
    for dep in ("nsubjpass", "dobj", "nsubj"):
        for child in verb.children:
            if child.dep_ == dep:
                return child
    return None


def _child(token: Token, *deps: str) -> Token | None:
    return next((c for c in token.children if c.dep_ in deps), None)


def _by_agent(*owners: Token) -> Token | None:
    for owner in owners:
        for child in owner.children:
            if child.dep_ == "agent" or (child.dep_ == "prep" and child.lower_ == "by"):
                pobj = _child(child, "pobj")
                if pobj is not None:
                    return pobj
    return None


def _agent(verb: Token, head: Token) -> Token | None:
    """Who applies the label: the `by` agent (on the verb or, misattached, on the label noun), else
    the subject of an active listing or calling verb (`Y listed X as ...`, `critics call X a ...`)."""
    found = _by_agent(verb, head)
    if found is not None:
        return found
    if any(c.dep_ == "dobj" for c in verb.children):
        return _child(verb, "nsubj")
    return None


def _relative(token: Token | None) -> Token | None:
    """`which` in `the body, which blacklisted ...` stands for the noun the clause hangs on."""
    if token is not None and token.lower_ in RELATIVE:
        verb = token.head
        while verb.dep_ not in ("relcl", "acl") and verb.head.i != verb.i:
            verb = verb.head
        return verb.head if verb.dep_ in ("relcl", "acl") else None
    return token


def _clipped_subtree(token: Token) -> tuple[int, int]:
    """The token's subtree, cut at the first punctuation after it (parses of dashes run on)."""
    start = token.left_edge.i
    end = token.i
    for t in token.doc[token.i + 1: token.right_edge.i + 1]:
        if t.is_punct or t.is_space or t.dep_ == "relcl":
            break
        end = t.i
    doc = token.doc
    return doc[start].idx, doc[end].idx + len(doc[end])


def _actor_kind(head: Token) -> str | None:
    return actor_nouns().get(head.lemma_.lower()) or actor_nouns().get(head.lower_)


def _is_group(ctx: _Context, token: Token) -> bool:
    mention = ctx.mention_at(token)
    if mention is not None:
        return mention[2] in ("ORG", "NORP", "GPE")
    if token.pos_ == "PRON":
        return token.lower_ == "it"
    return _actor_kind(token) == "group" or bool(ACRONYM.fullmatch(token.text))


def _owner_like(ctx: _Context, token: Token) -> bool:
    """Whether a word before a label noun can be whose it is: `HBSF ringleaders`, `the front's
    ringleaders`, `its puppet leader`; not `tech thieves` or `Welsh legend`."""
    mention = ctx.mention_at(token)
    if mention is not None:
        return mention[2] in ("PERSON", "ORG", "GPE")
    return token.pos_ in ("PROPN", "PRON") or (token.pos_ == "NOUN" and _actor_kind(token) is not None)


def _names_actor(ctx: _Context, token: Token) -> bool:
    mention = ctx.mention_at(token)
    return token.pos_ == "PROPN" and mention is not None and mention[2] in ("PERSON", "ORG")


def _actorish(ctx: _Context, token: Token | None) -> bool:
    """Whether a token can name an actor: a name, an actor noun, a personal pronoun."""
    if token is None:
        return False
    mention = ctx.mention_at(token)
    if mention is not None:
        return mention[2] in ("PERSON", "ORG", "NORP", "GPE")
    # an untagged capitalised word is too often a thing (`Ricin is a dangerous poison`); an acronym is not
    # `it` is most often a thing (`It is the first criminal prosecution`)
    return bool(ACRONYM.fullmatch(token.text)) or _actor_kind(token) is not None or (
        token.lower_ in PRONOUNS and token.lower_ != "it")


def _find_target(ctx: _Context, head: Token, evaluative: set[int], is_entity: bool):
    """(construction, target token or None, attributed_to token or None)."""
    if is_entity:
        return "modifier", head, None
    if head.dep_ == "conj" and head.head.pos_ in ("NOUN", "PROPN"):  # `extremists and opportunists`
        return _find_target(ctx, head.head, evaluative | {head.head.i}, False)
    if head.dep_ == "pobj" and head.tag_ == "NNS" and head.head.lower_ == "of" and \
            head.head.head.lemma_ in COLLECTIVE_NOUNS:  # `a band of thugs`
        return _find_target(ctx, head.head.head, evaluative | {head.head.head.i}, False)
    if head.dep_ == "dobj" and head.head.lemma_.lower() in LEADING_VERBS and not any(
            c.dep_ in ("det", "poss") and c.lower_ in DEFINITE | {"its", "their"} for c in head.lefts):
        subject = _child(head.head, "nsubj")  # `Osk led a corrupt government`: a label on its leader
        if subject is not None and _actorish(ctx, subject):
            return "modifier", _relative(subject) or subject, None
    if head.dep_ in ("compound", "nmod") and _names_actor(ctx, head.head):
        return "appositive", head.head, None  # `Hollywood icon Katherine Hepburn`: the name it comes before
    for child in head.children:  # a name in apposition, even one the model did not tag
        if child.dep_ == "appos" and (child.pos_ == "PROPN" or _actorish(ctx, child)):
            return "appositive", child, None
    if head.dep_ == "appos" and (head.head.pos_ == "PROPN" or _actorish(ctx, head.head)):
        return "appositive", head.head, None
    if head.dep_ == "pobj" and head.head.lower_ == "as" and head.head.head.pos_ in ("VERB", "AUX"):
        verb = head.head.head
        lemma = verb.lemma_.lower()
        if lemma in LISTING_VERBS or lemma in CALLING_VERBS:
            target = _relative(_subject_or_object(verb))
            if target is None and verb.dep_ in ("acl", "relcl", "appos", "advcl"):
                target = verb.head
            if target is None:
                target = next((c for c in verb.lefts if c.pos_ in ("PROPN", "NOUN")), None)
            construction = "listed_as" if lemma in LISTING_VERBS else "predicate"
            return construction, target, _relative(_agent(verb, head))
    if head.dep_ == "pobj" and head.head.dep_ == "prep":  # `X is similar to extremist groups`
        prep = head.head
        word = prep if prep.lower_ == "like" else prep.head
        if word.lower_ in COMPARISON_WORDS:
            verb = word.head if word.dep_ in ("acomp", "prep", "attr") else word
            subject = _child(verb, "nsubj", "nsubjpass")
            if subject is not None:
                return "comparison", _relative(subject) or subject, None
    if head.dep_ == "oprd" or (head.dep_ in ("attr", "acomp") and head.head.lemma_ == "be"):
        verb = head.head
        deps = ("dobj", "nsubjpass", "nsubj") if head.dep_ == "oprd" else ("nsubj", "nsubjpass")
        subject = next((c for dep in deps for c in verb.children if c.dep_ == dep), None)
        if subject is not None and subject.lower_ in ("what", "there"):
            return None, None, None
        if subject is not None and subject.pos_ == "PRON" and head.pos_ == "ADJ":
            # `it is dangerous to assume`, `it was criminal what they did`, `if you think they are racist`
            return None, None, None
        if subject is not None:
            agent = _child(verb, "nsubj") if head.dep_ == "oprd" and verb.lemma_.lower() in CALLING_VERBS else None
            return "predicate", _relative(subject) or subject, _relative(agent) if agent is not subject else None
    for child in reversed(list(head.lefts)):
        if child.dep_ in OWNER_DEPS and child.i not in evaluative and _owner_like(ctx, child):
            return "modifier", child, None
    for child in head.rights:  # `the ringleaders of this notorious front`, `the greedy bosses at X`
        if child.dep_ == "prep" and child.lower_ in ("of", "at", "in"):
            owner = _child(child, "pobj")
            mention = ctx.mention_at(owner) if owner is not None else None
            if child.lower_ == "in" and not (mention and mention[2] == "GPE" and _actor_kind(head) == "group"):
                continue  # only `the regime in Marovia`: a group in a state is that state's
            if owner is not None and (owner.pos_ == "PROPN" or _actor_kind(owner) or mention):
                return "modifier", owner, None
    determiner = next((c for c in head.lefts if c.dep_ == "det"), None)
    if determiner is not None and determiner.lower_ in DEFINITE and (
            determiner.lower_ != "the" or (evaluative - {head.i} and (head.i in evaluative or _actor_kind(head)))):
        # `the notorious group`, `this grouplet`; not `the terrorists` or `the hero` alone, which as
        # often name a class or a role as an actor named before
        return "epithet_anaphora", None, None
    if determiner is None and head.tag_ == "NNS" and _actor_kind(head) and head.i not in evaluative:
        return "modifier", head, None  # `cynical managers`, `jealous rivals`: unnamed people
    return None, None, None


def _previous_subject(ctx: _Context, pronoun: Token) -> tuple[int, int] | None:
    """What a pronoun most likely stands for: the subject of the sentence before, when it is a name of
    the pronoun's kind or a noun this article already labelled (`The party's populist leader ... His
    critics call him ...`)."""
    sent = pronoun.sent
    if sent.start == 0:
        return None
    prev = pronoun.doc[sent.start - 1].sent
    subject = _child(prev.root, "nsubj", "nsubjpass")
    if subject is None:
        return None
    if subject.i in ctx.labelled:
        return ctx.labelled[subject.i]
    mention = ctx.mention_at(subject)
    person = pronoun.lower_ in ("he", "him", "she", "her")
    if mention is not None and (mention[2] == "PERSON") == person and mention[2] in ANY_ACTOR_ENTS:
        return _phrase(ctx, subject)
    return None


def _target_span(ctx: _Context, target: Token | None, head: Token, label_start: int,
                 exclude: tuple[tuple[int, int], ...]):
    """Resolve the target token to a span; pronouns and generic nouns fall back to the antecedent."""
    kind = _actor_kind(head)
    if kind == "person" and head.tag_ == "NNS":  # `the bloodthirsty militants`: members of a group
        kind = "group"
    if target is not None and (target.pos_ == "PROPN" or ctx.mention_at(target)):
        return _phrase(ctx, target)
    if target is not None and target.i in ctx.labelled:
        return ctx.labelled[target.i]
    named = next((c for c in target.children if c.dep_ == "appos" and (c.pos_ == "PROPN" or ctx.mention_at(c))),
                 None) if target is not None else None
    if named is not None:  # `the opposition New Dawn Alliance`
        return _phrase(ctx, named)
    if target is not None and target.lemma_ in CLAIM_NOUNS:  # `the team's conduct`: its owner
        owner = _owner(target, set())
        if owner is not None and owner.pos_ != "PRON":
            return _phrase(ctx, owner)
    generic = target is not None and target.pos_ == "NOUN" and _actor_kind(target) is not None and any(
        c.dep_ in ("det", "poss") and c.lower_ in DEFINITE | {"its", "their"} for c in target.lefts)
    if target is not None and target.pos_ == "NOUN" and not generic:
        return _phrase(ctx, target)
    if target is not None and target.pos_ == "PRON" and target.lower_ not in PRONOUNS:
        return None  # `I wasn't a war criminal`: the speaker, whom a quote does not name
    if target is not None and target.lower_ in PRONOUNS:
        found = _previous_subject(ctx, target)
        if found is not None:
            return found
        # else only an unambiguous one: a single actor of the pronoun's kind nearby
        wanted = ("PERSON",) if target.lower_ in ("he", "him", "she", "her") else ANY_ACTOR_ENTS
        near = ctx.sentence_start(target.idx, back=1)
        keys = {key: (s, e) for s, e, label, key in ctx.actors if near <= s < target.idx and label in wanted}
        return next(iter(keys.values())) if len(keys) == 1 else None
    if target is None and any(c.dep_ in ("relcl", "acl") for c in head.children):
        # `the notorious front that opposes the dam` may describe rather than point back: a later name
        # ending in the same noun is meant, when there is one
        noun = head.lemma_.lower()
        later = next(((s, e) for s, e, _l, key in ctx.actors if s > head.idx and key.endswith(" " + noun)), None)
        if later is not None:
            return later
    # a pronoun, `the group`, or an epithet: the actor named before it
    anchor = min(label_start, target.idx) if target is not None else label_start
    noun = target if target is not None else head
    noun_kind = _actor_kind(noun)
    if noun_kind == "person" and noun.tag_ == "NNS":
        noun_kind = "group"
    found = ctx.antecedent(anchor, noun_kind or kind, noun.lemma_.lower(), exclude)
    if found is None and target is not None and target.pos_ != "PRON":
        return _phrase(ctx, target)
    return found


def _owner(noun: Token, evaluative: set[int]) -> Token | None:
    """Whose claim a claim noun is: `the ministry's account`, `claims by X`, `allegations spread by X`."""
    owners = [c for c in reversed(list(noun.lefts))
              if c.dep_ in ("poss", "nmod") and c.i not in evaluative and c.pos_ in ("PROPN", "NOUN", "PRON")]
    if owners:  # `the ministry's account propaganda` (parsed as two owners): the claimant before the claim
        return next((c for c in owners if c.lemma_ not in CLAIM_NOUNS), owners[0])
    for child in noun.rights:
        if child.dep_ == "prep" and child.lower_ in ("of", "by"):
            pobj = _child(child, "pobj")
            if pobj is not None and pobj.lemma_ not in CLAIM_NOUNS:
                return pobj
        if child.dep_ in ("acl", "relcl"):
            agent = _by_agent(child)
            if agent is not None:
                return agent
    return None


def _predicated_of(noun: Token) -> tuple[Token | None, Token | None]:
    """(what a claim label is said of, who says it): `X was a lie`, `dismissed X as lies`, `called X
    propaganda`, `accused X of scaremongering`."""
    head = noun.head
    if noun.dep_ in ("attr", "acomp") and head.lemma_ == "be":
        return _child(head, "nsubj", "nsubjpass"), None
    if noun.dep_ == "pobj" and head.lower_ == "as" and head.head.lemma_.lower() in CALLING_VERBS | LISTING_VERBS:
        verb = head.head
        return _child(verb, "dobj", "nsubjpass"), _child(verb, "nsubj")
    if noun.dep_ in ("oprd", "dobj") and head.lemma_.lower() in CALLING_VERBS:
        other = next((c for c in head.children if c.dep_ == "dobj" and c.i != noun.i), None)
        return other, _child(head, "nsubj")
    if noun.dep_ in ("pobj", "pcomp") and head.lower_ == "of":
        up = head.head
        if up.lemma_.lower() in ACCUSING_VERBS:
            return _child(up, "dobj"), _child(up, "nsubj")
        if up.dep_ == "dobj" and up.head.lemma_.lower() in ACCUSING_VERBS:
            return up, _child(up.head, "nsubj")
    return None, None


def _claimant(ctx: _Context, noun: Token, evaluative: set[int], label_start: int,
              speaker: tuple[int, int] | None) -> tuple[tuple[int, int] | None, Token | None]:
    """(the claimant a claim label targets, who applies the label when the outlet reports it)."""
    seen: set[int] = set()
    holder = None
    answered = False  # the label is said of a claim named without its owner: the last speaker's
    while noun is not None and noun.i not in seen:
        seen.add(noun.i)
        subject, says = _predicated_of(noun)
        holder = holder or says
        owner = _owner(noun, evaluative)
        if owner is not None and owner.lemma_ not in CLAIM_NOUNS and owner.pos_ != "PRON":
            return _phrase(ctx, owner), holder
        if owner is not None and owner.lemma_ in CLAIM_NOUNS:
            noun = owner
            continue
        if subject is None:
            break
        if subject.lemma_ in CLAIM_NOUNS or subject.lower_ in ("this", "that", "it", "these", "those"):
            answered = True
            noun = subject
            continue
        if subject.pos_ == "PRON":
            break
        return _phrase(ctx, subject), holder
    return (ctx.last_speaker(label_start, speaker) if answered else None), holder


def _designation(ctx: _Context, verb: Token) -> tuple[Token | None, Token | None]:
    """(target, holder) of a designation verb: `X was banned (by Y)`, `Y blacklisted X`."""
    if any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children) or verb.tag_ == "VBN" and verb.dep_ in ("acl", "relcl"):
        target = _relative(_child(verb, "nsubjpass"))
        holder = _by_agent(verb)
    else:
        target, holder = _relative(_child(verb, "dobj")), _relative(_child(verb, "nsubj"))
    if target is None and verb.dep_ in ("acl", "relcl"):
        target = verb.head
    wants = DESIGNATION_VERBS.get(verb.lemma_.lower())
    if target is None or (wants == "group" and not _is_group(ctx, target)):
        return None, None
    if any(c.dep_ == "prep" and c.lower_ in ("from", "for") for c in verb.children):
        return None, None  # `banned from driving`, `banned for two years`: a sanction, not a designation
    return target, holder


def _listing(ctx: _Context, noun: Token) -> tuple[Token | None, Token | None, Token | None]:
    """(`on`, target, holder) for a designation list: `X is on the US terror list`, `put X on its blacklist`."""
    prep = noun.head
    if noun.dep_ != "pobj" or prep.lower_ != "on":
        return None, None, None
    if noun.lemma_.lower() != "blacklist" and not any(
            c.lower_ in LIST_KINDS for c in noun.lefts if c.dep_ in ("compound", "amod")):
        return None, None, None
    attach = prep.head
    if attach.lemma_ == "be":
        target = _relative(_child(attach, "nsubj"))
    elif attach.pos_ in ("VERB", "AUX"):
        target = _relative(_child(attach, "nsubjpass", "dobj"))
    elif attach.pos_ in ("NOUN", "PROPN"):
        target = attach
    else:
        target = None
    holder = next((c for c in noun.lefts if c.dep_ in ("poss", "compound") and c.pos_ == "PROPN"), None)
    return prep, target, holder


def _pronoun_span(ctx: _Context, span: tuple[int, int]) -> bool:
    return ctx.parsed.text[span[0]:span[1]].strip().casefold() in PRONOUNS | RELATIVE | {"this", "these", "those"}


def _voice(ctx: _Context, start: int, end: int, holder: tuple[int, int] | None):
    """(voice, voice_name, statement id, anonymous) of a label's words; see the module docstring."""
    st = ctx.statement_at(start, end)
    quote = ctx.quote_at(start, end)
    text = ctx.parsed.text
    holder_name = text[holder[0]:holder[1]] if holder else None
    if st is not None and (st.kind == "direct" or quote is not None):
        return "quoted", st.speaker_entity or st.speaker_text, st.id, bool(st.anonymous)
    if quote is not None and (holder or len(text[quote[0]:quote[1]].split()) >= MIN_QUOTE_WORDS):
        return "quoted", holder_name, None, False
    if holder is not None:
        return "holder", holder_name, None, False
    if st is not None and ctx.is_clause(st):
        return "reported", st.speaker_entity or st.speaker_text, st.id, bool(st.anonymous)
    return "outlet", None, None, False


def _holder_span(ctx: _Context, agent: Token | None, before: int) -> tuple[int, int] | None:
    if agent is None:
        return None
    if agent.pos_ == "PRON":  # `He called the account propaganda`: the person named before
        return ctx.antecedent(before, "person" if agent.lower_ in ("he", "him", "she", "her") else None)
    return _clipped_subtree(agent)


def find_labels(parsed: ParsedArticle) -> Iterator[Label]:
    doc: Doc = parsed.doc
    ctx = _Context(parsed)
    hits, lists = _hits(doc)
    heads: dict[int, list[_Hit]] = {}
    special: list[tuple[str, int, _Hit]] = []  # designations by verb or by list
    for hit in hits:
        token = doc[hit.last]
        role = hit.role
        lemma = token.lemma_.lower()
        if token.pos_ == "VERB" and lemma in DESIGNATION_VERBS and token.dep_ not in MODIFIER_DEPS:
            special.append(("designation", token.i, hit))
            continue
        head = token
        if (role != "noun" and role != "claim" and token.dep_ in MODIFIER_DEPS and token.head.i > token.i
                and token.head.pos_ in ("NOUN", "PROPN")):
            head = token.head
            while head.dep_ == "compound" and head.head.i > head.i and head.head.pos_ in ("NOUN", "PROPN"):
                head = head.head
        elif role in ("modifier", "claim_modifier") and not (token.pos_ == "ADJ" and token.dep_ in ("acomp", "oprd")):
            continue
        if role == "claim_modifier" and head.lemma_.lower() not in CLAIM_NOUNS:
            continue
        heads.setdefault(head.i, []).append(hit)
    for noun in lists:
        special.append(("list", noun.i, _Hit(noun.i, noun.i, "", "designation", "negative")))
    found = [lab for lab in (*_labels_on_heads(ctx, heads), *_designations(ctx, special)) if lab is not None]
    seen: set[int] = set()
    for label in sorted(found, key=lambda lab: lab.start):
        if label.start not in seen:
            seen.add(label.start)
            yield label


def _labels_on_heads(ctx: _Context, heads: dict[int, list[_Hit]]) -> Iterator[Label | None]:
    doc = ctx.parsed.doc
    for head_i, hits in sorted(heads.items()):
        head = doc[head_i]
        evaluative = {i for h in hits for i in range(h.first, h.last + 1)}
        claim = any(h.role in ("claim", "claim_modifier") for h in hits)
        mention = ctx.mention_at(head)
        is_entity = not claim and head.i not in evaluative and (
            (mention is not None and mention[2] in ("PERSON", "ORG", "NORP", "GPE"))
            or (mention is None and head.pos_ == "PROPN"))
        if not claim and mention is not None and not is_entity and head.i not in evaluative:
            continue  # `the acclaimed Dead Man's Shoes`: a work, a product, an event
        actor_head = is_entity or (head.i in evaluative and head.pos_ != "ADJ") or _actor_kind(head) is not None
        first = min(h.first for h in hits)
        last = doc[max(h.last for h in hits)] if is_entity else head
        start, end = doc[first].idx, last.idx + len(last)
        st = ctx.statement_at(start, end)
        speaker = (st.speaker_start, st.speaker_end) if st is not None and st.speaker_start is not None else None
        if is_entity and any(t.pos_ == "NOUN" and not _actor_kind(t) for t in doc[max(h.last for h in hits) + 1:head.i]):
            continue  # `the banned steroid THG`, `the acclaimed album X`: the word is on a thing
        if claim:
            construction, agent = "claim", None
            target_span, agent = _claimant(ctx, head, evaluative, start, speaker)
        else:
            construction, target, agent = _find_target(ctx, head, evaluative, is_entity)
            if construction is None:
                continue
            # an evaluative phrase on a noun that is no actor (`a reckless gambler`), or an adjective
            # (`violent`), labels only what it is said of: `X is ...`, `describe X as ...`
            if not actor_head and not (construction in ("predicate", "listed_as", "comparison")
                                       and _actorish(ctx, target)):
                continue
            exclude = tuple(x for x in (speaker, agent and (agent.left_edge.idx, agent.right_edge.idx + len(agent.right_edge))) if x)
            target_span = _phrase(ctx, head) if is_entity else _target_span(ctx, target, head, start, exclude)
        if target_span is None or _pronoun_span(ctx, target_span):
            continue
        ctx.labelled[head.i] = target_span
        words = [h.lemma for h in hits if not (h.first <= head.i <= h.last)]
        if not is_entity:
            own = next((h for h in hits if h.first <= head.i <= h.last), None)
            words.append(own.lemma if own else head.lemma_.lower())
        yield _label(ctx, start, end, " ".join(words), construction, {h.valence for h in hits}, target_span,
                     _holder_span(ctx, agent, start))


def _designations(ctx: _Context, special: list[tuple[str, int, _Hit]]) -> Iterator[Label | None]:
    doc = ctx.parsed.doc
    for kind, i, hit in special:
        token = doc[i]
        if kind == "designation":
            target, holder = _designation(ctx, token)
            start, end, lemma = token.idx, token.idx + len(token), hit.lemma
        else:
            prep, target, holder = _listing(ctx, token)
            if prep is None:
                continue
            start, end = prep.idx, token.idx + len(token)
            kinds = [c.lower_ for c in token.lefts if c.dep_ in ("compound", "amod") and c.lower_ in LIST_KINDS]
            lemma = " ".join(["on", *kinds, token.lemma_.lower()])
        if target is None:
            continue
        target_span = _target_span(ctx, target, token, start, ())
        if target_span is None or _pronoun_span(ctx, target_span):
            continue
        yield _label(ctx, start, end, lemma, "designation", {hit.valence}, target_span, _holder_span(ctx, holder, start))


def _label(ctx: _Context, start: int, end: int, lemma: str, construction: str, valences: set[str],
           target_span: tuple[int, int], holder: tuple[int, int] | None) -> Label | None:
    parsed = ctx.parsed
    if "\n" in parsed.text[start:end] or "\n" in parsed.text[target_span[0]:target_span[1]]:
        return None  # a headline run into the text by the parse
    voice, voice_name, statement_id, anonymous = _voice(ctx, start, end, holder)
    target_text = parsed.evidence(*target_span)
    return Label(
        id=f"{parsed.id}:L{start}",
        article_id=parsed.id,
        start=start,
        end=end,
        text=parsed.evidence(start, end),
        label_lemma=lemma,
        construction=construction,
        valence="negative" if "negative" in valences else "positive",
        target_start=target_span[0],
        target_end=target_span[1],
        target_text=target_text,
        target_key=normalize_target(target_text),
        attributed_to_start=holder[0] if holder else None,
        attributed_to_end=holder[1] if holder else None,
        attributed_to_text=parsed.evidence(*holder) if holder else None,
        voice=voice,
        voice_name=voice_name,
        voice_anonymous=anonymous,
        statement_id=statement_id,
    )


def extract_labels(parsed: ParsedArticle) -> Iterator[Label]:
    """Evaluative labels attached to actors (modifiers, appositives, predicates, listings, designations,
    comparisons, claims, epithets)."""
    return find_labels(parsed)
