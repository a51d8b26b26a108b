"""Labels: the evaluative words an article attaches to an actor, in whose voice, with evidence.

A label is found from one parse with one `Matcher` pass over the evaluative lexicon
(`data/labels.tsv`); only the hits are then read in the dependency tree:

- modifier:          `the radical HBSF`, `HBSF ringleaders`, `the front's ringleaders`
- appositive:        `X, the notorious group`, `Its puppet leader, X`
- predicate:         `X is a cult`, `critics call X a gang`, `describe X as thugs`
- listed_as:         `X, listed as an extremist organization by Y` (Y's label, reported: `attributed_to`)
- epithet_anaphora:  `the notorious group` / `this grouplet` standing for an actor named earlier

A generic actor noun alone (`the group's spokesman`, `the movement`) is never a label: a label needs
an evaluative word. An evaluative word on a non-actor (`extremist attacks`) is not a label either.
"""
from __future__ import annotations

import logging

import bisect
import re
from typing import Iterator

import numpy as np
from spacy.attrs import POS
from spacy.matcher import Matcher
from spacy.symbols import PROPN
from spacy.tokens import Doc, Token

from newsdossier.article import ParsedArticle
from newsdossier.framing.lexicon import actor_nouns, label_terms
from newsdossier.framing.records import Label

from newsdossier.voice import voice_at

log = logging.getLogger(__name__)

# Verbs whose `as` phrase is a formal designation by the subject or the `by` agent.
LISTING_VERBS = frozenset({"list", "designate", "blacklist", "classify", "proscribe", "ban", "outlaw", "register"})
# Verbs whose `as` phrase or object complement is a characterisation ("describe X as ...").
CALLING_VERBS = frozenset({"describe", "call", "brand", "label", "term", "dub", "denounce", "condemn", "regard",
                           "consider", "portray", "paint", "characterize", "characterise", "depict", "see", "view"})
DEFINITE = frozenset({"the", "this", "that", "these", "those"})
ACTOR_ENTS = {"group": ("ORG",), "person": ("PERSON",)}
ANY_ACTOR_ENTS = ("ORG", "PERSON")
ACRONYM = re.compile(r"[A-Z][A-Z&]{1,4}")
MODIFIER_DEPS = frozenset({"amod", "compound", "nmod", "poss"})
OWNER_DEPS = frozenset({"poss", "compound", "nmod"})
# Quoted passages of at least this many words are someone else's voice even when no statement covers
# them; shorter ones are scare quotes (`the "Silt Rats"`), which stay the outlet's.
MIN_QUOTE_WORDS = 5
_QUOTE = re.compile(r"“[^”]{1,3000}”|\"[^\"\n]{1,3000}\"")
_DET_PREFIX = re.compile(r"^(the|a|an|this|that|these|those|its|their|his|her)\s+", re.I)
_POSSESSIVE = re.compile(r"\s*['’]s?$")


_MATCHERS: dict[int, Matcher] = {}


def _matcher(vocab) -> Matcher:
    """One matcher per vocabulary (a pipeline), built on first use."""
    matcher = _MATCHERS.get(id(vocab))
    if matcher is None:
        terms = sorted(label_terms())
        matcher = _MATCHERS[id(vocab)] = Matcher(vocab)
        matcher.add("LABEL", [[{"LOWER": {"IN": terms}}], [{"LEMMA": {"IN": terms}}]])
    return matcher


def _lemma(token: Token) -> str:
    terms = label_terms()
    low = token.lower_
    if low in terms:
        return low
    lemma = token.lemma_.lower()
    return lemma if lemma in terms else low


def normalize_target(text: str) -> str:
    """`The HBSF's` -> `hbsf`: how labels are grouped by target until entities are resolved."""
    text = " ".join(text.split()).casefold()
    text = _POSSESSIVE.sub("", _DET_PREFIX.sub("", text))
    return text.strip(" ,.;:-\"'“”‘’")


class _Context:
    """Per-article lookups, built once: mention spans by character, actor candidates, quotes."""

    def __init__(self, parsed: ParsedArticle):
        self.parsed = parsed
        self.mentions = sorted((m.start, m.end, m.label) for m in parsed.records.get("mentions", ()))
        self.starts = [m[0] for m in self.mentions]
        actors = [(s, e, label) for s, e, label in self.mentions if label in ANY_ACTOR_ENTS]
        # an acronym the model did not tag (`HBSF`, `NATO`) is an organisation candidate too
        doc = parsed.doc
        for i in np.flatnonzero(doc.to_array(POS) == PROPN).tolist():  # not `for token in doc`: most are not
            token = doc[i]
            if ACRONYM.fullmatch(token.text) and self.mention_at(token) is None:
                actors.append((token.idx, token.idx + len(token), "ORG"))
        actors.sort()
        self.actors = []
        for start, end, label in actors:
            cut = parsed.text.find(" (", start, end)  # `Front (HBSF`: the model ran into the acronym
            end = cut if cut > start else end
            self.actors.append((start, end, label, normalize_target(parsed.text[start:end])))
        self.quotes = [(m.start(), m.end()) for m in _QUOTE.finditer(parsed.text)
                       if len(m.group().split()) >= MIN_QUOTE_WORDS]

    def mention_at(self, token: Token) -> tuple[int, int, str] | None:
        i = bisect.bisect_right(self.starts, token.idx) - 1
        if i >= 0 and self.mentions[i][0] <= token.idx < self.mentions[i][1]:
            return self.mentions[i]
        return None

    def antecedent(self, before: int, kind: str | None, noun: str | None = None,
                   exclude: tuple[int, int] | None = None) -> tuple[int, int] | None:
        """The actor an epithet stands for, among those named before `before` (of the noun's kind).

        Ranked by: the name ends in the epithet's noun (`the notorious front` -> `... Front`), then how
        often the name was given before, then recency.
        """
        wanted = ACTOR_ENTS.get(kind or "", ANY_ACTOR_ENTS)
        counts: dict[str, int] = {}
        latest: dict[str, tuple[int, int]] = {}
        for start, end, label, key in self.actors:
            if end > before:
                break
            if label in wanted and key and not (exclude and exclude[0] <= start < exclude[1]):
                counts[key] = counts.get(key, 0) + 1
                latest[key] = (start, end)
        if not latest:
            return None if kind is None else self.antecedent(before, None, noun, exclude)
        best = max(latest, key=lambda k: (bool(noun) and k.endswith(" " + noun), counts[k], latest[k][0]))
        return latest[best]

    def in_quote(self, start: int, end: int) -> bool:
        return any(qs < start and end < qe for qs, qe in self.quotes)


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


def _agent(verb: Token, head: Token) -> Token | None:
    """Who applies the label: the `by` agent (on the verb or, misattached, on the label noun), else
    the subject of an active listing verb (`Y listed X as ...`)."""
    for owner in (verb, head):
        for child in owner.children:
            if child.dep_ == "agent" or (child.dep_ == "prep" and child.lower_ == "by"):
                for grandchild in child.children:
                    if grandchild.dep_ == "pobj":
                        return grandchild
    if any(c.dep_ == "dobj" for c in verb.children):
        for child in verb.children:
            if child.dep_ == "nsubj" and child.pos_ != "PRON":
                return child
    return None


def _clipped_subtree(token: Token) -> tuple[int, int]:
    """The token's subtree, cut at the first punctuation after it (parses of dashes run on)."""
    start = token.left_edge.i
    end = token.i
    for t in token.doc[token.i + 1: token.right_edge.i + 1]:
        if t.is_punct or t.is_space:
            break
        end = t.i
    doc = token.doc
    return doc[start].idx, doc[end].idx + len(doc[end])


def _actor_kind(head: Token) -> str | None:
    return actor_nouns().get(head.lemma_.lower()) or actor_nouns().get(head.lower_)


def _find_target(ctx: _Context, head: Token, evaluative: set[int], is_entity: bool):
    """(construction, target token or None, attributed_to token or None)."""
    if is_entity:
        return "modifier", head, None
    for child in head.children:
        if child.dep_ == "appos":
            return "appositive", child, None
    if head.dep_ == "appos":
        return "appositive", head.head, None
    if head.dep_ == "pobj" and head.head.lower_ == "as" and head.head.head.pos_ in ("VERB", "AUX"):
        verb = head.head.head
        lemma = verb.lemma_.lower()
        if lemma in LISTING_VERBS or lemma in CALLING_VERBS:
            target = _subject_or_object(verb)
            if target is None and verb.dep_ in ("acl", "relcl", "appos", "advcl"):
                target = verb.head
            if target is None:
                target = next((c for c in verb.lefts if c.pos_ in ("PROPN", "NOUN")), None)
            construction = "listed_as" if lemma in LISTING_VERBS else "predicate"
            return construction, target, _agent(verb, head)
    if head.dep_ == "oprd" or (head.dep_ in ("attr", "acomp") and head.head.lemma_ == "be"):
        verb = head.head
        deps = ("dobj", "nsubjpass", "nsubj") if head.dep_ == "oprd" else ("nsubj", "nsubjpass")
        subject = next((c for dep in deps for c in verb.children if c.dep_ == dep), None)
        if subject is not None:
            return "predicate", subject, None
    for child in reversed(list(head.lefts)):
        if child.dep_ in OWNER_DEPS and child.i not in evaluative and child.pos_ in ("PROPN", "NOUN", "PRON"):
            return "modifier", child, None
    for child in head.rights:  # `the ringleaders of this notorious front`
        if child.dep_ == "prep" and child.lower_ == "of":
            owner = next((c for c in child.children if c.dep_ == "pobj"), None)
            if owner is not None and (owner.pos_ == "PROPN" or _actor_kind(owner) or ctx.mention_at(owner)):
                return "modifier", owner, None
    determiner = next((c for c in head.lefts if c.dep_ == "det"), None)
    if determiner is not None and determiner.lower_ in DEFINITE:
        return "epithet_anaphora", None, None
    return None, None, None


def _target_span(ctx: _Context, target: Token | None, head: Token, label_start: int,
                 agent: Token | None):
    """Resolve the target token to a span; pronouns and generic nouns fall back to the antecedent."""
    kind = _actor_kind(head)
    if target is not None and (target.pos_ == "PROPN" or ctx.mention_at(target)):
        return _phrase(ctx, target)
    generic = target is not None and target.pos_ == "NOUN" and _actor_kind(target) is not None and any(
        c.dep_ in ("det", "poss") and c.lower_ in DEFINITE | {"its", "their"} for c in target.lefts)
    if target is not None and target.pos_ == "NOUN" and not generic:
        return _phrase(ctx, target)
    # a pronoun, `the group`, or an epithet: the actor named before it
    anchor = min(label_start, target.idx) if target is not None else label_start
    noun = target if target is not None else head
    exclude = (agent.left_edge.idx, agent.right_edge.idx + len(agent.right_edge)) if agent is not None else None
    found = ctx.antecedent(anchor, _actor_kind(noun) or kind, noun.lemma_.lower(), exclude)
    if found is None and target is not None and target.pos_ != "PRON":
        return _phrase(ctx, target)
    return found


def find_labels(parsed: ParsedArticle) -> Iterator[Label]:
    doc: Doc = parsed.doc
    terms = label_terms()
    ctx = _Context(parsed)
    heads: dict[int, list[Token]] = {}
    for _, start, _end in _matcher(doc.vocab)(doc):
        token = doc[start]
        role, _ = terms[_lemma(token)]
        head = token
        if (role != "noun" and token.dep_ in MODIFIER_DEPS and token.head.i > token.i
                and token.head.pos_ in ("NOUN", "PROPN")):
            head = token.head
            while head.dep_ == "compound" and head.head.i > head.i and head.head.pos_ in ("NOUN", "PROPN"):
                head = head.head
        elif role == "modifier" and not (token.pos_ == "ADJ" and token.dep_ == "acomp"):
            continue
        heads.setdefault(head.i, [])
        if token not in heads[head.i]:
            heads[head.i].append(token)
    for head_i, hits in sorted(heads.items()):
        head = doc[head_i]
        evaluative = {t.i for t in hits}
        is_entity = head.i not in evaluative and (head.pos_ == "PROPN" or ctx.mention_at(head) is not None)
        if not (is_entity or head.i in evaluative or _actor_kind(head)):
            continue
        first = min(hits, key=lambda t: t.i)
        last = max(hits, key=lambda t: t.i) if is_entity else head
        start, end = first.idx, last.idx + len(last)
        construction, target, agent = _find_target(ctx, head, evaluative, is_entity)
        if construction is None:
            continue
        if is_entity:
            target_span = _phrase(ctx, head)
        else:
            target_span = _target_span(ctx, target, head, start, agent)
        if target_span is None:
            continue
        words = [_lemma(t) for t in sorted(hits, key=lambda t: t.i) if t.i != head.i]
        if not is_entity:
            words.append(_lemma(head) if head.i in evaluative else head.lemma_.lower())
        valences = {terms[_lemma(t)][1] for t in hits}
        attributed = _clipped_subtree(agent) if agent is not None else None
        voice = voice_at(parsed, start, end)
        voice_kind, voice_name = voice.kind, voice.name
        if voice_kind == "outlet" and ctx.in_quote(start, end):
            voice_kind, voice_name = "quoted", None
        target_text = parsed.evidence(*target_span)
        yield Label(
            id=f"{parsed.id}:L{start}",
            article_id=parsed.id,
            start=start,
            end=end,
            text=parsed.evidence(start, end),
            label_lemma=" ".join(words),
            construction=construction,
            valence="negative" if "negative" in valences else "positive",
            target_start=target_span[0],
            target_end=target_span[1],
            target_text=target_text,
            target_key=normalize_target(target_text),
            attributed_to_start=attributed[0] if attributed else None,
            attributed_to_end=attributed[1] if attributed else None,
            attributed_to_text=parsed.evidence(*attributed) if attributed else None,
            voice=voice_kind,
            voice_name=voice_name,
            statement_id=voice.statement_id,
        )


def extract_labels(parsed: ParsedArticle) -> Iterator[Label]:
    """Evaluative labels attached to actors (modifiers, appositives, predicates, listings, epithets)."""
    return find_labels(parsed)
