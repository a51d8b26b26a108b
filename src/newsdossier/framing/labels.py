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

import logging
from typing import Iterator

from spacy.tokens import Doc

from newsdossier.article import ParsedArticle
from newsdossier.framing.context import MIN_QUOTE_WORDS, ArticleContext
from newsdossier.framing.records import Label, normalize_target
from newsdossier.framing.lexicon import actor_kind
from newsdossier.framing.targets import (
    CLAIM_NOUNS, DESIGNATION_VERBS, LIST_KINDS, MODIFIER_DEPS, actorish, claimant, designation, find_target,
    holder_span, is_pronoun_span, listing, phrase, resolve_target,
)
from newsdossier.framing.terms import Hit, find_hits

__all__ = ["Label", "extract_labels", "find_labels", "normalize_target"]

log = logging.getLogger(__name__)


def find_labels(parsed: ParsedArticle) -> Iterator[Label]:
    """The labels of one parsed article (its `mentions` and `statements` records read), in text order."""
    doc: Doc = parsed.doc
    ctx = ArticleContext(parsed)
    hits, lists = find_hits(doc)
    heads: dict[int, list[Hit]] = {}
    special: list[tuple[str, int, Hit]] = []  # designations by verb or by list
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
        special.append(("list", noun.i, Hit(noun.i, noun.i, "", "designation", "negative")))
    found = [lab for lab in (*_labels_on_heads(ctx, heads), *_designations(ctx, special)) if lab is not None]
    seen: set[int] = set()
    for label in sorted(found, key=lambda lab: lab.start):
        if label.start not in seen:
            seen.add(label.start)
            yield label


def _labels_on_heads(ctx: ArticleContext, heads: dict[int, list[Hit]]) -> Iterator[Label | None]:
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
        actor_head = is_entity or (head.i in evaluative and head.pos_ != "ADJ") or actor_kind(head) is not None
        first = min(h.first for h in hits)
        last = doc[max(h.last for h in hits)] if is_entity else head
        start, end = doc[first].idx, last.idx + len(last)
        st = ctx.statement_at(start, end)
        speaker = (st.speaker_start, st.speaker_end) if st is not None and st.speaker_start is not None else None
        if is_entity and any(t.pos_ == "NOUN" and not actor_kind(t) for t in doc[max(h.last for h in hits) + 1:head.i]):
            continue  # `the banned steroid THG`, `the acclaimed album X`: the word is on a thing
        if claim:
            construction = "claim"
            target_span, agent = claimant(ctx, head, evaluative, start, speaker)
        else:
            construction, target, agent = find_target(ctx, head, evaluative, is_entity)
            if construction is None:
                continue
            # an evaluative phrase on a noun that is no actor (`a reckless gambler`), or an adjective
            # (`violent`), labels only what it is said of: `X is ...`, `describe X as ...`
            if not actor_head and not (construction in ("predicate", "listed_as", "comparison")
                                       and actorish(ctx, target)):
                continue
            exclude = tuple(x for x in (speaker, agent and (agent.left_edge.idx, agent.right_edge.idx + len(agent.right_edge))) if x)
            target_span = phrase(ctx, head) if is_entity else resolve_target(ctx, target, head, start, exclude)
        if target_span is None or is_pronoun_span(ctx, target_span):
            continue
        ctx.mark_labelled(head.i, target_span)
        words = [h.lemma for h in hits if not (h.first <= head.i <= h.last)]
        if not is_entity:
            own = next((h for h in hits if h.first <= head.i <= h.last), None)
            words.append(own.lemma if own else head.lemma_.lower())
        yield _label(ctx, start, end, " ".join(words), construction, {h.valence for h in hits}, target_span,
                     holder_span(ctx, agent, start))


def _designations(ctx: ArticleContext, special: list[tuple[str, int, Hit]]) -> Iterator[Label | None]:
    doc = ctx.parsed.doc
    for kind, i, hit in special:
        token = doc[i]
        if kind == "designation":
            target, holder = designation(ctx, token)
            start, end, lemma = token.idx, token.idx + len(token), hit.lemma
        else:
            prep, target, holder = listing(ctx, token)
            if prep is None:
                continue
            start, end = prep.idx, token.idx + len(token)
            kinds = [c.lower_ for c in token.lefts if c.dep_ in ("compound", "amod") and c.lower_ in LIST_KINDS]
            lemma = " ".join(["on", *kinds, token.lemma_.lower()])
        if target is None:
            continue
        target_span = resolve_target(ctx, target, token, start, ())
        if target_span is None or is_pronoun_span(ctx, target_span):
            continue
        yield _label(ctx, start, end, lemma, "designation", {hit.valence}, target_span, holder_span(ctx, holder, start))


def _label(ctx: ArticleContext, start: int, end: int, lemma: str, construction: str, valences: set[str],
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


def _voice(ctx: ArticleContext, start: int, end: int, holder: tuple[int, int] | None):
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


def extract_labels(parsed: ParsedArticle) -> Iterator[Label]:
    """Evaluative labels attached to actors (modifiers, appositives, predicates, listings, designations,
    comparisons, claims, epithets)."""
    return find_labels(parsed)
