"""Temporal stage: TIMEX3 expressions with resolved dates, and the dated events they anchor.

`time_expressions` runs the rule tagger of `timex.py` over the article text (one regex scan per
pattern), resolves each expression against the publication date, and yields a `TimeExpression`;
every sentence holding a resolved DATE/TIME expression also yields an `Event` read off the
dependency parse (actor, action lemma, target, place), with the sentence as evidence.
"""
from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
import hashlib
import re
from dataclasses import dataclass
from typing import ClassVar, Iterator

from newsdossier.article import ParsedArticle
from newsdossier.records import Record

from newsdossier.temporal import timex as tx

# Tense cues for the sentence of an expression ("will meet Friday" -> the coming Friday).
FUTURE_MARKERS = {"will", "'ll", "wo", "shall"}
PAST_MODALS = {"could've", "would've", "should've"}
WEAK_MODALS = {"could", "might", "can"}  # ability / possibility, as often about the past as the future
FUTURE_PHRASES = {("going", "to"), ("due", "to"), ("expected", "to"), ("scheduled", "to"), ("plans", "to")}
# verbs whose to-infinitive looks ahead even in the past tense ("planned to meet Friday")
INTENT_VERBS = {"plan", "expect", "schedule", "intend", "promise", "vow", "threaten", "hope", "want", "aim",
                "prepare", "agree", "seek", "set", "pledge", "arrange", "propose", "offer", "ask", "urge"}
# verbs that fix a date for something still to come: in the simple past ("planned a rally on Saturday")
# they give the date no direction, so a bare weekday is the one nearest the publication date
SCHEDULING_VERBS = {"plan", "schedule", "slate", "arrange"}
# verbs that move a deadline: "until" after them looks ahead even in the past ("extended its deadline until Tuesday")
EXTENSION_VERBS = {"extend", "postpone", "delay", "defer", "adjourn", "reschedule", "recess"}
# words just before a date that point to a deadline or a start still ahead ("payable Dec. 15"), unless the
# verb of the date is itself in the past ("stayed until Tuesday")
FUTURE_CUES = ["until", "till", "through", "by", "effective", "payable", "as soon as", "as early as",
               "no later than", "starting", "beginning"]
_FUTURE_CUE = re.compile(r"(?i)\b(?:" + "|".join(re.escape(c).replace(r"\ ", r"\s+") for c in FUTURE_CUES)
                         + r")\s+(?:(?:about|around|at|on|noon|midnight|the\s+end\s+of)\s+)?$")
# deadline words that look ahead even in a past-tense sentence ("named him chairman, effective Feb. 1")
_STRONG_FUTURE_CUE = re.compile(r"(?i)\b(?:effective|payable)\s+(?:(?:on|at|from)\s+)?$")
# the present tense of these reports speech, it schedules nothing ("the minister says")
REPORTING_VERBS = {"say", "tell", "report", "announce", "state", "add", "note", "claim", "insist", "confirm",
                   "deny", "believe", "think", "know", "show", "suggest", "argue", "warn", "write"}
# Subject / object / place dependency labels (spaCy English, ClearNLP style).
SUBJECT_DEPS = {"nsubj"}
PASSIVE_SUBJECT_DEPS = {"nsubjpass"}
OBJECT_DEPS = {"dobj", "attr", "oprd"}
AGENT_DEPS = {"agent"}
PLACE_LABELS = {"GPE", "LOC", "FAC"}
MAX_ROLE_TOKENS = 12  # a subject longer than this is cut to its noun chunk
EVENT_TIMEX_TYPES = {"DATE", "TIME"}


@dataclass(slots=True)
class TimeExpression(Record):
    """A temporal expression (TIMEX3): its type and value, and the days it may denote.

    value: TIMEX3 form (2019-07-09, 2003-06, 199, P8Y, PRESENT_REF, XXXX-WXX-3 when unresolved).
    earliest/latest: the interval of days the value covers (None for durations, sets, vague refs).
    anchor: 'publication' | 'context_year' | 'explicit' | 'mentioned' | 'none'; anchor_note says it in words.
    resolved: the value is a date the text fixes (from the publication date, a full date it refers to, or
      itself); a value completed from a year written elsewhere never is: it keeps its X's (XXXX-07-09) and
      its best candidate is `guess_value` (with `guess_earliest`/`guess_latest` and `guess_reason`).
    range_*: a written range ("1980-88", "between 2001 and 2003", "from May to July"): the whole span as
      evidence, and the interval from the first end's earliest day to the last end's latest day.
    """

    table: ClassVar[str] = "time_expressions"
    key: ClassVar[tuple[str, ...]] = ("id",)

    id: str
    article_id: str
    start: int
    end: int
    text: str
    type: str
    value: str
    mod: str | None
    earliest: dt.date | None
    latest: dt.date | None
    resolved: bool
    anchor: str
    anchor_note: str
    sentence_start: int
    sentence_end: int
    guess_value: str | None = None
    guess_earliest: dt.date | None = None
    guess_latest: dt.date | None = None
    guess_reason: str | None = None
    range_start: int | None = None
    range_end: int | None = None
    range_text: str | None = None
    range_earliest: dt.date | None = None
    range_latest: dt.date | None = None


@dataclass(slots=True)
class Event(Record):
    """Something that happened (or will) on a resolved date: who did what to whom, where.

    `start`/`end`/`text` are the evidence sentence; `action` is the verb's lemma.
    """

    table: ClassVar[str] = "events"
    key: ClassVar[tuple[str, ...]] = ("id",)

    id: str
    article_id: str
    time_expression_id: str
    start: int
    end: int
    text: str
    actor_start: int | None
    actor_end: int | None
    actor_text: str | None
    action: str
    action_start: int
    action_end: int
    action_text: str
    target_start: int | None
    target_end: int | None
    target_text: str | None
    place_start: int | None
    place_end: int | None
    place_text: str | None
    value: str
    earliest: dt.date | None
    latest: dt.date | None
    guess: bool = False  # dated by a guess (a year written elsewhere), never merged with resolved dates


def _id(*parts: object) -> str:
    return hashlib.sha1("\x1f".join(map(str, parts)).encode()).hexdigest()[:16]


def sentence_tense(sent) -> str | None:
    """'future' when the sentence has a future marker, 'past' when its verbs are in the past, else None."""
    words = [t.lower_ for t in sent]
    for t in sent:
        if t.tag_ == "MD" and t.lower_ in FUTURE_MARKERS:
            return "future"
    for a, b in zip(words, words[1:]):
        if (a, b) in FUTURE_PHRASES:
            return "future"
    for t in sent:
        if t.tag_ == "VBD":
            return "past"
    return None


def verb_tense(verb) -> str | None:
    """Tense of the verb an expression modifies: 'future' (will/modal/to-infinitive/planned), 'past',
    'present' (a simple present that is not reported speech), 'near' (a plan made in the past), or None."""
    aux = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    words = {c.lower_ for c in aux}
    if any(c.tag_ == "MD" for c in aux):
        if words & PAST_MODALS or ("have" in words and not words & FUTURE_MARKERS):
            return "past"  # "may have been responsible Wednesday": a modal perfect looks back
        if words & WEAK_MODALS:
            return None  # "could be reached Wednesday": no direction of its own; the sentence decides
        return "future"
    if "to" in words and verb.tag_ == "VB":
        head = verb.head
        if head is not verb and verb.dep_ in ("xcomp", "ccomp", "advcl"):
            if any(c.lower_ == "had" for c in head.children if c.dep_ in ("aux", "auxpass")):
                return "past"  # the pluperfect: "had been scheduled to expire Friday" (a plan overtaken)
            if _past(head) and (verb.dep_ == "advcl" or head.lemma_.lower() not in INTENT_VERBS):
                return "past"  # "declined to comment Saturday", "was taken to make the November trip"
        return "future"
    if verb.tag_ == "VBD" and not aux and verb.lemma_.lower() in SCHEDULING_VERBS and not any(
            c.dep_ == "prt" for c in verb.children):
        return "near"  # "planned a rally on Saturday": fixed before, held on either side of the date line
    if verb.tag_ == "VBD" or any(c.tag_ == "VBD" for c in aux):
        return "past"
    if verb.tag_ == "VBN":
        if words & {"has", "have", "had", "was", "were"} or not aux:
            return "past"
        return None
    if verb.tag_ == "VBG" and words & {"is", "are", "am", "'s", "'re"}:
        return "future"  # "is meeting Thursday"
    if verb.tag_ in ("VBZ", "VBP") and verb.lemma_.lower() not in REPORTING_VERBS and not words:
        if verb.tag_ == "VBP" and _singular_subject(verb):
            return None  # "weakness hurt the index Friday": a past form read as a present
        return "present"  # news present of a scheduled event: "the leaders meet Monday"
    return None


def _past(verb) -> bool:
    """A simple past ("declined") or a past passive ("was kidnapped")."""
    return verb.tag_ == "VBD" or (verb.tag_ == "VBN" and any(
        c.tag_ == "VBD" for c in verb.children if c.dep_ in ("aux", "auxpass")))


def _singular_subject(verb) -> bool:
    subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subj is None or any(c.dep_ == "conj" for c in subj.children):
        return False
    return subj.tag_ in ("NN", "NNP") or subj.lower_ in ("he", "she", "it")


class _Sentences:
    """Sentence lookup by token index, computed once per doc (Token.sent rescans the doc each call)."""

    def __init__(self, doc):
        self.sents = list(doc.sents)
        self.starts = [s.start for s in self.sents]

    def of(self, i: int):
        return self.sents[bisect.bisect_right(self.starts, i) - 1]


def _tense_lookup(doc, sentences: _Sentences, text: str | None = None):
    cache: dict[int, str | None] = {}
    text = doc.text if text is None else text

    def tense_at(char: int, end: int | None = None) -> str | None:
        span = doc.char_span(char, end if end else char + 1, alignment_mode="expand")
        if span is None or not len(span):
            return None
        verb = _governing_verb(span, sentences)
        if _STRONG_FUTURE_CUE.search(text, max(0, span.start_char - 16), span.start_char):
            return "future"
        cue = _FUTURE_CUE.search(text, max(0, span.start_char - 16), span.start_char) is not None
        for _ in range(3):  # "quoted him as saying on Monday": the participle takes its head's tense
            if verb is None:
                break
            tense = verb_tense(verb)
            if tense == "present" and not _modifies(span, verb):
                tense = None  # "follows Tuesday's vote": the date of a noun, not of the present verb
            elif tense == "future" and verb.tag_ == "VBG" and not _modifies(span, verb):
                tense = None  # "is continuing under a June agreement": the date of a noun, not a plan
            elif tense == "future" and _possessive(span):
                tense = "near"  # "will challenge Wednesday's ruling": a day named by its event, gone or coming
            if cue and (tense != "past" or verb.lemma_.lower() in EXTENSION_VERBS
                        or any(c.lower_ in ("has", "have") for c in verb.children)):
                return "future"  # "payable Dec. 15", "has until 9 a.m. Tuesday", "as soon as Friday"
            if tense == "near" and span.start < verb.i:
                tense = "past"  # "On Friday, the government planned ...": the day the plan was made
            if tense is not None:
                return tense
            verb = next((a for a in verb.ancestors if a.pos_ in ("VERB", "AUX") and a.dep_ != "aux"), None)
        sent = sentences.of(span[0].i)
        if sent.start not in cache:
            cache[sent.start] = sentence_tense(sent)
        return cache[sent.start]

    return tense_at


def _possessive(span) -> bool:
    root = span.root
    return root.i + 1 < len(root.doc) and root.nbor().tag_ == "POS"


def _modifies(span, verb) -> bool:
    """The expression is an adverbial of the verb itself ("meet Monday", "meet on Monday"), not a possessive."""
    root = span.root
    if root.i + 1 < len(root.doc) and root.nbor().tag_ == "POS":
        return False
    head = root.head
    return head.i == verb.i or (head.dep_ == "prep" and head.head.i == verb.i)


def _veto(doc):
    """Drop a bare four-digit number that counts things ("2000 troops") rather than naming a year."""

    def veto(start: int, end: int, name: str) -> bool:
        if name != "year":
            return False
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None:
            return False
        tok = span[-1]
        if tok.dep_ == "nummod" and tok.head.tag_ == "NNS" and tok.head.i == tok.i + 1:
            prev = doc[tok.i - 1].lower_ if tok.i > 0 else ""
            return prev not in ("in", "since", "of", "by", "until", "from", "during", "before", "after")
        return False

    return veto


def timexes(parsed: ParsedArticle, sentences: _Sentences | None = None) -> list[tx.Timex]:
    """The temporal expressions of an article, resolved against its publication date.

    The text searched is the parsed one (boilerplate blanked), so a date line is not an expression.
    """
    doc = parsed.doc
    text = parsed.parse_text  # == doc.text, without rebuilding it from tokens
    sentences = sentences or _Sentences(doc)
    return tx.annotate(text, parsed.article.published, tense_at=_tense_lookup(doc, sentences, text), veto=_veto(doc))


def _role_span(token, cut: int | None = None) -> tuple[int, int]:
    """Character span of a role filler: its subtree (ending before token `cut`), or its head when too long."""
    left, right = token.left_edge, token.right_edge
    if cut is not None and token.i < cut <= right.i:
        right = token.doc[cut - 1]
    if right.i - left.i + 1 > MAX_ROLE_TOKENS:
        left = token
        for child in token.lefts:
            if child.dep_ in ("compound", "amod", "det", "poss", "nmod") and child.i >= token.i - 4:
                left = child
                break
        right = token
    while left.i < right.i and (left.is_punct or left.is_space):
        left = left.nbor()
    while right.i > left.i and (right.is_punct or right.is_space):
        right = right.nbor(-1)
    return left.idx, right.idx + len(right.text)


def _governing_verb(span, sentences: _Sentences):
    tok = span.root
    for _ in range(8):
        if tok.pos_ in ("VERB", "AUX") and tok.dep_ != "aux":
            return tok
        if tok.head is tok:
            break
        tok = tok.head
    root = sentences.of(span.start).root
    return root if root.pos_ in ("VERB", "AUX") else None


def event_for(parsed: ParsedArticle, t: TimeExpression, sentences: _Sentences,
              masked: str | None = None) -> Event | None:
    """The event a resolved date anchors: the verb it modifies, with its subject, object and place."""
    doc = parsed.doc
    span = doc.char_span(t.start, t.end, alignment_mode="expand")
    if span is None:
        return None
    verb = _governing_verb(span, sentences)
    if verb is None:
        return None
    sent = sentences.of(verb.i)
    actor = target = None
    for child in verb.children:
        if span.start <= child.i < span.end or (child.dep_ in AGENT_DEPS and any(
                span.start <= c.i < span.end for c in child.children)):
            continue  # the date itself is no participant ("by the end of 2011")
        if child.dep_ in SUBJECT_DEPS and actor is None:
            actor = child
        elif child.dep_ in PASSIVE_SUBJECT_DEPS and target is None:
            target = child
        elif child.dep_ in OBJECT_DEPS and target is None:
            target = child
        elif child.dep_ in AGENT_DEPS and actor is None:
            pobj = [c for c in child.children if c.dep_ == "pobj"]
            actor = pobj[0] if pobj else None
    passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children)
    if actor is None and not passive and verb.dep_ in ("conj", "xcomp", "advcl") and verb.head is not verb:
        actor = next((c for c in verb.head.children if c.dep_ in SUBJECT_DEPS), None)
    cut = None
    if actor is not None and actor.tag_ in ("WDT", "WP") and verb.dep_ == "relcl":
        actor, cut = verb.head, verb.left_edge.i  # "the movement that has defended ...": the movement
    if verb.dep_ == "acl" and verb.head.pos_ in ("NOUN", "PROPN"):
        # "the ministers meeting on Monday" (actor) / "the man arrested on Monday" (target)
        if verb.tag_ == "VBN" and target is None:
            target = verb.head
        elif verb.tag_ != "VBN" and actor is None:
            actor = verb.head
    place = None
    for ent in sent.ents:
        if ent.label_ in PLACE_LABELS and ent.root.head.dep_ == "prep" and ent.root.dep_ == "pobj":
            head = ent.root.head.head
            if head.i == verb.i or head.head.i == verb.i:
                place = ent
                break
    s0, s1 = sent.start_char, sent.end_char
    masked = parsed.parse_text if masked is None else masked
    while s1 > s0 and masked[s1 - 1].isspace():  # not into blanked boilerplate after the sentence
        s1 -= 1
    a = _role_span(actor, cut) if actor is not None else (None, None)
    o = _role_span(target) if target is not None else (None, None)
    p = (place.start_char, place.end_char) if place is not None else (None, None)

    def ev(lo, hi):
        return parsed.evidence(lo, hi) if lo is not None else None

    return Event(
        id=_id(parsed.id, t.id, verb.idx),
        article_id=parsed.id,
        time_expression_id=t.id,
        start=s0,
        end=s1,
        text=parsed.evidence(s0, s1),
        actor_start=a[0], actor_end=a[1], actor_text=ev(*a),
        action=verb.lemma_.lower(),
        action_start=verb.idx, action_end=verb.idx + len(verb.text), action_text=verb.text,
        target_start=o[0], target_end=o[1], target_text=ev(*o),
        place_start=p[0], place_end=p[1], place_text=ev(*p),
        value=t.value, earliest=t.earliest, latest=t.latest,
    )


def extract_time_expressions(parsed: ParsedArticle) -> Iterator[Record]:
    """TIMEX3 temporal expressions resolved against the publication date, and the events they date."""
    doc = parsed.doc
    records: list[TimeExpression] = []
    sentences = _Sentences(doc)
    masked = parsed.parse_text
    for t in timexes(parsed, sentences):
        span = doc.char_span(t.start, t.end, alignment_mode="expand")
        sent = sentences.of(span.start) if span is not None and len(span) else None
        rec = TimeExpression(
            id=_id(parsed.id, t.start, t.end),
            article_id=parsed.id,
            start=t.start,
            end=t.end,
            text=parsed.evidence(t.start, t.end),
            type=t.type,
            value=t.value,
            mod=t.mod,
            earliest=t.earliest,
            latest=t.latest,
            resolved=t.resolved,
            anchor=t.anchor,
            anchor_note=t.anchor_note,
            sentence_start=sent.start_char if sent is not None else t.start,
            sentence_end=sent.end_char if sent is not None else t.end,
            guess_value=t.guess_value,
            guess_earliest=t.guess_earliest,
            guess_latest=t.guess_latest,
            guess_reason=t.guess_reason,
            range_start=t.range_start,
            range_end=t.range_end,
            range_text=parsed.evidence(t.range_start, t.range_end) if t.range_start is not None else None,
            range_earliest=t.range_earliest,
            range_latest=t.range_latest,
        )
        records.append(rec)
        yield rec
    seen_sentences: set[int] = set()
    # resolved dates first: a guess dates a sentence only when nothing resolved does
    for guesses in (False, True):
        for rec in records:
            if rec.type not in EVENT_TIMEX_TYPES or rec.sentence_start in seen_sentences:
                continue  # one event per sentence: the first date anchors it
            if guesses:
                if rec.guess_earliest is None:
                    continue
                dated = dataclasses.replace(rec, value=rec.guess_value, earliest=rec.guess_earliest,
                                            latest=rec.guess_latest)
            elif not rec.resolved or rec.earliest is None:
                continue
            else:
                dated = rec
            event = event_for(parsed, dated, sentences, masked)
            if event is not None:
                event.guess = guesses
                seen_sentences.add(rec.sentence_start)
                yield event
