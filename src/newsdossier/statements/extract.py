"""Statements: who said what, with speaker, cue, content, kind, anonymity and relaying source.

One pass over the article's parse, three steps:

1. *Quotation marks* are paired (straight, curly, low-9, single, guillemets) with one precompiled
   regex over the text. A paragraph that opens a quote without closing it continues into the next
   paragraph when that one starts with an opening mark (the newspaper convention for long quotes).
2. *Cues* are reporting verbs (a data table of lemmas below) and `according to`. The dependency
   parse gives the speaker (the subject noun phrase, the agent of a passive, the object of
   `X was quoted / Y quoted X as saying`) and the content (the clausal complement, or for verbs like
   `accuse`/`urge` their objects). A cue whose complement is a quotation becomes a direct statement.
3. Quotes left without a cue take the nearest reporting verb of their sentence(s) ("A," he said,
   "B" gives two records sharing one cue); a paragraph made only of a quote continues the previous
   statement's speaker. Quote-only verbs (`continued`, `went on`, `chanted`) attribute an adjacent quote.

Speakers written as a pronoun, a role (`the official`, `the statement`) or a shortened name are
resolved (`speaker_entity`) to the nearest compatible earlier mention or speaker of the article.
Every word list is a data table at the top of this module; nothing is tuned to a topic.
"""
from __future__ import annotations

import logging

import bisect
import re
from dataclasses import dataclass
from typing import Any, Iterator

import numpy as np
from spacy.attrs import LEMMA, POS
from spacy.symbols import ADJ, NOUN, VERB

from newsdossier.article import ParsedArticle
from newsdossier.statements.cues import features as cue_features
from newsdossier.statements.cues import load_model
from newsdossier.statements.records import Statement
from newsdossier.statements.spans import DocView, in_quote_flags, load_tagger

log = logging.getLogger(__name__)

# --- data tables ---------------------------------------------------------------------------------

# Reporting verbs whose clausal complement (or quotation) is what the speaker said or holds.
SPEECH_CUES = frozenset("""
say tell add note stress warn announce claim deny insist argue explain state write tweet post
reiterate assert declare confirm report reveal acknowledge admit allege maintain contend suggest
predict estimate recall remark observe comment reply respond answer retort concede complain
caution emphasize emphasise underline underscore highlight point indicate disclose testify tell
inform assure promise pledge vow vowed threaten agree conclude find show hint boast brag joke
quip muse ask question wonder charge counter object protest mention describe recount told
believe think feel expect hope fear worry know guess speculate doubt
""".split())

# Dependency labels of a clause's subject.
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj", "expl"})

# Verbs whose object (not a that-clause) is the content: "X accused Y of Z", "X urged Y to Z".
OBJECT_CUES = frozenset("""
accuse urge decry deplore condemn criticize criticise blame praise demand call denounce slam
reject dismiss deny dispute refute rebut welcome hail applaud oppose support endorse propose
""".split())

# Attitude, intention and stance verbs: PolNeAR-style attributions of beliefs, wishes, plans and
# evaluations ("refused to comment", "defended X as Y", "wants X"). Their content is the clausal
# complement, else the infinitive (with its "to"), else the object with its complements.
ATTITUDE_CUES = frozenset("""
want wish hope hop plan intend aim seek refuse decline vow expect prefer fear dread
describe portray cast paint label brand dub characterize characterise depict
defend blast attack mock deride ridicule chide scold assail bash belittle lambaste berate rip
question challenge echo invoke express voice share remember remind discuss debate mention tout
lament envision imagine imply signal favor favour back approve order encourage convince persuade
apologize apologise acknowledge thank credit tout recommend advocate champion embrace rule
""".split())

# "declined to comment", "refused to say": an infinitive with nothing after it reports no content.
SILENT_VERBS = SPEECH_CUES | frozenset("comment elaborate discuss speculate specify answer respond".split())

# Verbs that take their content through a preposition: "called for X", "referred to X", "talked about X".
PHRASAL_CUES = {
    "call": ("for", "on"), "refer": ("to",), "talk": ("about",), "speak": ("about", "of", "out"),
    "side": ("with",), "warn": ("of", "about", "against"), "hint": ("at",), "point": ("to",),
    "agree": ("with", "on"), "care": ("about",), "ask": ("for", "about"), "boast": ("of", "about"),
    "brag": ("about",), "complain": ("about", "of"), "worry": ("about",), "comment": ("on",),
    "lash": ("out",), "rail": ("against",), "push": ("for",), "argue": ("for", "against"),
    "vote": ("for", "against"), "campaign": ("for", "against"), "focus": ("on",), "insist": ("on",),
    "dwell": ("on",), "weigh": ("in",), "lay": ("out",), "rule": ("out",), "reach": ("out",),
}

# Verbs that attribute a quotation next to them but report nothing on their own ("“...,” Lee continued",
# "She went on: “...”", "“Stop!” the crowd chanted", "One sign read “...”"); only used intransitively.
QUOTE_CUES = frozenset("""
continue go exclaim shout chant read boom yell scream cry interject demur laugh snap plead sigh
beam fume gush marvel scoff snort growl mutter murmur whisper thunder holler bellow rage cut chime
""".split())
# Particles that must follow a QUOTE_CUES verb to make it a cue ("went on"); others need none.
QUOTE_CUE_PARTICLES = {"go": ("on",), "cut": ("in",), "chime": ("in",)}
# Naming verbs used as a noun modifier ("a play called “Sons”", "a dog named “Rex”") name a title, not a quote.
NAMING_VERBS = frozenset("call name dub title entitle label brand term nickname".split())
# Heads of a noun phrase that can speak through a colon with no verb ("Pollster Ann Lee: “...”").
COLON_SPEAKER_PRONOUNS = frozenset({"he", "she", "they", "we", "i"})
# Punctuation that ends a lead-in before a quotation ("As for the stadium, “...,” she said").
LEAD_ENDS = frozenset(",:;-–—")
# Words that join two quotations into one statement ("chanted “A” and “B”").
QUOTE_JOINERS = re.compile(r"\s*,?\s*(?:and|or)\s*")

# Verbs that quote someone else: "Press TV quoted X as saying", "X was cited as saying".
RELAY_CUES = frozenset({"quote", "cite"})

# Every verb the rules above decide on themselves; the learned cue model only adds verbs outside them.
RULE_VERBS = SPEECH_CUES | OBJECT_CUES | ATTITUDE_CUES | frozenset(PHRASAL_CUES) | QUOTE_CUES | RELAY_CUES
_CUE_LEMMAS = RULE_VERBS | {"accord"}  # every lemma the rules of `_Article.run` look at
_LEARNED_CUE_POS = np.array([VERB, NOUN, ADJ], dtype=np.uint64)  # the parts of speech `_may_be_learned_cue` takes
# Raising verbs: "the glacier appears to shrink" describes the glacier; no one holds an attitude.
RAISING_VERBS = frozenset("seem appear tend happen prove remain continue begin start stop cease".split())

# Cues that make the statement a denial.
DENY_CUES = frozenset({"deny", "reject", "dismiss", "refute", "rebut", "dispute", "disavow", "rebuff"})
# Content that calls something untrue also makes it a denial.
DENIAL_CONTENT = re.compile(
    r"\b(?:lies?|false(?:hoods?)?|baseless|unfounded|groundless|untrue|fabricat\w*|fake|not true|"
    r"nonsense|hoax|misinformation|disinformation|no truth|never happened)\b",
    re.IGNORECASE,
)

# Head nouns of unnamed sources (anonymous unless the phrase names a person).
ANONYMOUS_NOUNS = frozenset("""
official source diplomat insider aide officer commander adviser advisor spokesman spokeswoman
spokesperson analyst observer expert staffer witness someone somebody
""".split())
# Role nouns that refer back to an earlier speaker: persons and documents.
ROLE_NOUNS = ANONYMOUS_NOUNS | frozenset("""
minister president chairman chairwoman chair secretary ambassador envoy representative leader
chief director governor mayor senator lawmaker premier general lawyer attorney judge prosecutor
statement report communique communiqué release letter document ministry government agency
organization organisation group company firm department office embassy court police army
""".split())
DOCUMENT_NOUNS = frozenset("statement report communique communiqué release letter document".split())
# Sentences saying the source is kept unnamed.
ANONYMITY_PHRASES = re.compile(
    r"condition(?:s)? (?:of|that (?:he|she|they) not be (?:named|identified)) ?anonymity|"
    r"on condition of anonymity|not (?:be )?(?:named|identified)|declin\w+ to be (?:named|identified)|"
    r"not authori[sz]ed to (?:speak|comment)|requested anonymity|asked not to be (?:named|identified)",
    re.IGNORECASE,
)
# "It should be noted": a modal passive cue is the writer's own aside, not an attribution.
MODAL_LEMMAS = frozenset({"should", "must", "can", "could", "may", "might", "need", "will", "would"})
# Unnamed groups described by their access: "people familiar with the talks".
ANONYMOUS_PHRASE = re.compile(
    r"\b(?:people|persons?|sources?|officials?)\s+(?:familiar with|close to|briefed on|with knowledge of|"
    r"who (?:spoke|asked|requested|declined))", re.IGNORECASE)
# Relative pronouns: "X, who said ..." has the pronoun as its written speaker (resolved to X).
RELATIVE_PRONOUNS = frozenset({"who", "which", "that"})
# Dependents that PolNeAR counts as part of a verb cue: before it, and after it.
CUE_GROUP_LEFT = frozenset({"aux", "auxpass", "neg", "advmod"})
CUE_GROUP_RIGHT = frozenset({"prt"})
# Focus words and conjunctions before a speaker phrase that are not part of it ("even Republicans said").
SPEAKER_LEAD_WORDS = frozenset({"even", "only", "also", "virtually", "and", "but", "just"})
MALE_PRONOUNS = frozenset({"he", "him", "his"})
FEMALE_PRONOUNS = frozenset({"she", "her"})
GROUP_PRONOUNS = frozenset({"they", "it", "we", "them"})
PERSON_LABELS = frozenset({"PERSON"})
GROUP_LABELS = frozenset({"ORG", "GPE", "NORP"})

_NON_WORD = re.compile(r"\W+")
# Quotation marks: opening, closing, and marks that can be either.
OPEN_DOUBLE = "“„«‹"
CLOSE_DOUBLE = "”»›"
AMBIGUOUS_DOUBLE = '"'
OPEN_SINGLE = "‘‚"
CLOSE_SINGLE = "’'"
_MARKS = re.compile(r"''|``|[\"“”„«»‹›‘’‚']|\n")  # '' and `` stand for double marks in some feeds
QUOTE_CHARS = OPEN_DOUBLE + CLOSE_DOUBLE + AMBIGUOUS_DOUBLE + OPEN_SINGLE + CLOSE_SINGLE + "‟‛`"
# A cue found by the learned model needs a content of at least this many words.
MIN_LEARNED_CONTENT_WORDS = 3
# A cue-model score above which a token's sentence is handed to the span tagger.
HINT_SCORE = 0.15
# The span tagger skips a sentence whose characters lie more than this share inside contents already found.
MAX_TAGGED_COVERED = 0.5
# Quotes this short without a cue are scare quotes or titles, not statements.
MIN_UNCUED_WORDS = 6
# The longest attribution clause between two quotes of one statement (“A,” said X, who ... . “B.”).
MAX_ATTRIBUTION_WORDS = 40


# --- quotation marks -----------------------------------------------------------------------------


@dataclass(slots=True)
class Quote:
    """A quotation: marks at `open` and `close` (exclusive end `close + 1`), content in between."""

    open: int
    close: int
    content_start: int
    content_end: int
    used: bool = False


def _is_word(ch: str) -> bool:
    return ch.isalnum()


def find_quotes(text: str) -> list[Quote]:
    """Pair quotation marks paragraph by paragraph; single quotes only outside double ones."""
    quotes: list[Quote] = []
    n = len(text)
    open_at: int | None = None  # position of an open double mark
    open_w = 1
    pending: int | None = None  # a quote left open at the end of the previous paragraph
    single_at: int | None = None
    para_start = True  # no non-space character seen yet in this paragraph
    for m in _MARKS.finditer(text):
        i = m.start()
        ch = text[i]
        width = m.end() - i
        if width == 2:
            ch = AMBIGUOUS_DOUBLE
        if ch == "\n":
            if open_at is not None:
                pending, open_at = open_at, None
            single_at = None
            para_start = True
            continue
        before = text[i - 1] if i > 0 else " "
        after = text[i + width] if i + width < n else " "
        first_in_para = para_start and not text[text.rfind("\n", 0, i) + 1 : i].strip()
        para_start = False
        if pending is not None:
            if first_in_para and (ch in OPEN_DOUBLE or ch == AMBIGUOUS_DOUBLE):
                open_at, pending = pending, None  # the quote goes on in this paragraph
                open_w = open_w
                continue
            pending = None
        if ch in OPEN_DOUBLE or ch in CLOSE_DOUBLE or ch == AMBIGUOUS_DOUBLE:
            opening_ctx = not _is_word(before) and (_is_word(after) or after in QUOTE_CHARS + "(.$…-–—")
            if open_at is None:
                if ch in CLOSE_DOUBLE and not opening_ctx:
                    continue  # a stray closing mark
                open_at = i
                open_w = width
                single_at = None
            else:
                if ch in OPEN_DOUBLE and opening_ctx and ch not in CLOSE_DOUBLE:
                    open_at, open_w = i, width  # the earlier mark was never closed; start again here
                    continue
                quotes.append(Quote(open_at, i + width - 1, open_at + open_w, i))
                open_at = None
            continue
        if open_at is not None:
            continue  # single marks inside a double quote are the inner quote's
        if ch in OPEN_SINGLE or (ch == "'" and single_at is None):
            if not _is_word(before) and _is_word(after):
                single_at = i
            continue
        if ch in CLOSE_SINGLE and single_at is not None and not _is_word(after):
            if before == "s" and (after == " ") and i + 2 < n and text[i + 1 : i + 2] == " " and _plural_possessive(text, i):
                continue
            quotes.append(Quote(single_at, i, single_at + 1, i))
            single_at = None
    out = []
    for q in quotes:
        s, e = q.content_start, q.content_end
        while s < e and text[s].isspace():
            s += 1
        while e > s and (text[e - 1].isspace() or text[e - 1] in ",;:"):
            e -= 1
        if e > s:
            q.content_start, q.content_end = s, e
            out.append(q)
    return out


def _plural_possessive(text: str, i: int) -> bool:
    """`the members’ families`: a closing single mark right after an `s` and before a lowercase word."""
    return i + 2 < len(text) and text[i + 2].islower()


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
    if cue.lemma_ in RELAY_CUES:
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
    before a dash, or a reporting clause hanging off a document noun."""
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
        elif k > tok.i and t.is_space:
            e = k
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
        if lemma in RULE_VERBS or lemma in RAISING_VERBS:
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
    agent (`is expected to`, `it should be noted`), no bare speech verb as content (`declined to comment`)."""
    lemma = tok.lemma_.lower()
    if lemma in RAISING_VERBS or lemma in RELAY_CUES:
        return False
    if lemma in QUOTE_CUES and lemma not in SPEECH_CUES:
        return False
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


# --- the stage -----------------------------------------------------------------------------------


def extract_statements(parsed: ParsedArticle) -> Iterator[Statement]:
    """Direct quotes, reported speech and 'according to' attributions."""
    yield from StatementExtractor(parsed).run()


class StatementExtractor:
    def __init__(self, parsed: ParsedArticle):
        self.parsed = parsed
        self.doc = parsed.doc
        self.text = parsed.parse_text
        self.quotes = find_quotes(self.text)
        self._opens = [q.open for q in self.quotes]
        self.hints: list[int] = []  # tokens likely to be cues that no rule used (see _tagged)
        self._name_keys: dict[str, str] = {}  # name -> its letters, casefolded (short-name resolution)

    def quote_at(self, pos: int) -> Quote | None:
        k = bisect.bisect_right(self._opens, pos) - 1
        if k >= 0 and self.quotes[k].close >= pos:
            return self.quotes[k]
        return None

    def run(self) -> list[Statement]:
        doc = self.doc
        drafts: list[_Draft] = []
        used_cues: dict[int, _Draft] = {}
        taken: list[tuple[int, int]] = []  # content ranges already attributed

        def in_taken(pos: int) -> bool:
            return any(s <= pos < e for s, e in taken)

        model = load_model()
        model_lemmas = model.lemmas if model is not None else frozenset()
        candidates = []  # tokens the cue model may score (learned cues)
        for tok in _cue_candidates(doc, model_lemmas):
            lemma = tok.lemma_
            if lemma.lower() in model_lemmas and _may_be_learned_cue(tok):
                candidates.append(tok)
            if lemma == "accord" and tok.lower_ == "according":
                d = self._according(tok)
                if d is not None and not in_taken(tok.idx):
                    drafts.append(d)
                    if d.content:
                        taken.append(d.content)
                continue
            if lemma in QUOTE_CUES and lemma not in SPEECH_CUES and tok.pos_ == "VERB":
                d = self._quote_cue(tok)
                if d is not None:
                    used_cues[tok.i] = d
                    drafts.append(d)
                continue
            if tok.pos_ not in ("VERB", "AUX") or not (lemma in SPEECH_CUES or lemma in OBJECT_CUES or lemma in RELAY_CUES
                                                       or lemma in ATTITUDE_CUES or lemma in PHRASAL_CUES):
                continue
            if self.quote_at(tok.idx) is not None or in_taken(tok.idx):
                continue
            if tok.dep_ == "pcomp" and tok.head.lower_ == "as" and tok.head.head.lemma_ in RELAY_CUES:
                continue  # "quoted X as saying": the relaying verb is the cue
            if lemma in NAMING_VERBS and tok.dep_ == "acl":
                continue  # "a play called “Sons”": a title, not a statement
            content, from_comp = _content_of(tok, self.quotes)
            spk_tok, relay, _, passive = _speaker_of(tok)
            if spk_tok is None and not passive:
                continue  # no one says it (a parse without a subject, an imperative)
            if passive and lemma in ATTITUDE_CUES and not from_comp:
                continue  # "the lake is expected to rise": no one holds the attitude, the outlet says it
            if passive and any(c.dep_ == "aux" and c.lemma_ in MODAL_LEMMAS for c in tok.children):
                continue  # "it should be noted that": the outlet's own voice
            speaker = _speaker_range(spk_tok, tok) if spk_tok is not None and spk_tok.lower_ not in ("it",) else None
            if spk_tok is not None and spk_tok.lower_ == "it" and passive:
                speaker = None
            relay = relay or self._according_relay(tok)
            neg = any(c.dep_ == "neg" for c in tok.children)
            last = _phrasal_end(tok) if content is not None and not from_comp else None
            cue_end = (last or tok).idx + len((last or tok).text)
            d = _Draft(tok, (tok.idx, cue_end), spk_tok, speaker, relay, content, "indirect",
                       passive=passive, negated=neg)
            if content is not None:
                q = self._quote_covering(content)
                if q is not None:
                    d.kind = "direct"
                    d.content = (q.content_start, q.content_end)
                    q.used = True
                else:
                    for q in self.quotes:  # a quote inside reported speech is part of it
                        if content[0] <= q.content_start and q.content_end <= content[1]:
                            q.used = True
            if content is None and tok.lemma_ not in SPEECH_CUES | RELAY_CUES:
                continue
            extra = None
            if content is None and tok.dep_ == "parataxis" and lemma in SPEECH_CUES:
                pieces = self._parenthetical(tok)  # "Her plan, she said, will fail": the two sides
                if pieces:
                    d.content = pieces[0]
                    if len(pieces) > 1:
                        extra = _Draft(tok, d.cue_range, spk_tok, speaker, relay, pieces[1], "indirect",
                                       passive=passive, negated=neg)
            drafts.append(d)
            if d.content is not None:
                taken.append(d.content)
            if extra is not None:
                drafts.append(extra)
                taken.append(extra.content)
            used_cues[tok.i] = d

        # quotes without a cue of their own: the nearest reporting verb around them
        for qi, q in enumerate(self.quotes):
            if q.used:
                continue
            if qi > 0 and self._joins(self.quotes[qi - 1], q, drafts):
                continue  # chanted “A” and “B”: one statement
            cue_d = self._nearest_cue(q, used_cues)
            if cue_d is not None:
                if cue_d.content is None or not cue_d.explicit or cue_d.kind == "direct":
                    nd = _Draft(cue_d.cue, cue_d.cue_range, cue_d.speaker_tok, cue_d.speaker, cue_d.relay,
                                (q.content_start, q.content_end), "direct", cue_d.passive, cue_d.negated, False)
                    if cue_d.content is None:
                        drafts.remove(cue_d)
                        cue_d.content = nd.content
                        cue_d.kind = "direct"
                        cue_d.explicit = False
                        drafts.append(cue_d)
                    else:
                        drafts.append(nd)
                    q.used = True
                    continue
            cd = self._colon_intro(q, used_cues, drafts)
            if cd is not None:
                if cd not in drafts:
                    drafts.append(cd)
                q.used = True
                continue
            prev = self._follows_in_paragraph(q, drafts)
            if prev is not None:  # “A,” he said. “B.” — one statement in two quotes
                drafts.append(_Draft(prev.cue, prev.cue_range, prev.speaker_tok, prev.speaker, prev.relay,
                                     (q.content_start, q.content_end), "direct", prev.passive, prev.negated, False))
                q.used = True
                continue
            prev = self._continuation_of(q, drafts)
            if prev is not None:
                drafts.append(_Draft(None, None, prev.speaker_tok, None, prev.relay,
                                     (q.content_start, q.content_end), "direct", explicit=False))
                q.used = True
        drafts = [d for d in drafts if d.content is not None]
        drafts += self._learned_cues(drafts, used_cues, candidates)
        drafts += self._tagged(drafts)
        drafts.sort(key=lambda d: d.content[0])
        return self._finish(drafts)

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
            if lemma in RULE_VERBS or lemma in RAISING_VERBS:
                return None  # the rules already decided on this verb
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

    def _quote_cue(self, tok) -> _Draft | None:
        """A QUOTE_CUES verb used intransitively beside a quotation: a cue with no content of its own."""
        if self.quote_at(tok.idx) is not None or not self.quotes:
            return None
        end = tok
        parts = QUOTE_CUE_PARTICLES.get(tok.lemma_)
        if parts:
            end = next((c for c in tok.children if c.dep_ in ("prt", "advmod", "prep") and c.lower_ in parts
                        and c.i == tok.i + 1), None)
            if end is None:
                return None
        if any(c.dep_ in ("dobj", "xcomp", "ccomp", "attr", "acomp", "dative") and c.i != end.i
               and self.quote_at(c.idx) is None for c in tok.children):
            return None  # "prices continued to rise", "she read the report"
        spk_tok, relay, _, passive = _speaker_of(tok)
        if spk_tok is None or passive:
            return None
        speaker = _speaker_range(spk_tok, tok)
        return _Draft(tok, (tok.idx, end.idx + len(end.text)), spk_tok, speaker, relay, None, "indirect")

    def _parenthetical(self, cue) -> list[tuple[int, int]]:
        """Content around a parenthetical cue ("A, she said, B" or "A, she said."): the governing
        clause without the attribution, as one or two char ranges; none when a quote is involved."""
        doc = self.doc
        head = cue.head
        sent = cue.sent
        s, e = max(head.left_edge.i, sent.start), min(head.right_edge.i + 1, sent.end)
        pieces = []
        for a, b in ((s, cue.left_edge.i), (cue.right_edge.i + 1, e)):
            a, b = _trim(doc, a, b)
            rng = _char_range(doc, a, b)
            if rng is not None:
                pieces.append(rng)
        if any(self.text[a:b].strip(QUOTE_CHARS) != self.text[a:b] or any(ch in self.text[a:b] for ch in '"“”')
               for a, b in pieces):
            return []
        for a, _ in pieces:
            q = self.quote_at(a - 1)
            if q is not None and q.content_start == a:
                return []  # a piece that is a quotation: the quote pairing attributes it
        return pieces

    def _quote_covering(self, content: tuple[int, int]) -> Quote | None:
        """The quote that is the content (the parse's complement is the quoted clause or within it)."""
        s, e = content
        for q in self.quotes:
            if q.used:
                continue
            if q.open <= s and e <= q.close + 1:
                return q
            if q.open < s <= q.content_start + 1 and q.content_end <= e and len(self.text[q.content_start:q.content_end].split()) >= 3 \
                    and any(ch in ",.!?" for ch in self.text[q.content_end : q.close + 2]):
                return q  # 'said, “A,” promising B': the complement runs on past the quote
            inter = min(e, q.content_end) - max(s, q.content_start)
            if inter > 0 and inter >= 0.8 * (e - s):
                if s < q.open and self._subject_between(s, q.open):
                    continue  # 'said Lee “has a plan”': the clause, with its subject, is the content
                return q
            if s < q.open and q.content_end <= e <= q.close + 1 and self.text[s : q.open].rstrip()[-1:] in LEAD_ENDS \
                    and len(self.text[q.content_start : q.content_end].split()) >= 3:
                return q  # 'As for X, “A,” she said': a lead-in set off by punctuation frames the quote
            # the quote is most of the complement ("said: “...”" with trailing words)
            if s <= q.content_start and q.content_end <= e and (q.content_end - q.content_start) >= 0.9 * (e - s):
                if s < q.open and self._subject_between(s, q.open):
                    continue
                return q
        return None

    def _subject_between(self, start: int, end: int) -> bool:
        """Does a subject whose verb lies in a quotation stand between these offsets, outside it?"""
        doc = self.doc
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None:
            return False
        return any(t.dep_ in SUBJECT_DEPS and t.idx < end and t.head.idx >= end for t in span)

    def _according(self, tok) -> _Draft | None:
        doc = self.doc
        to = next((c for c in tok.children if c.lower_ == "to"), None)
        if to is None and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "to":
            to = doc[tok.i + 1]
        if to is None:
            return None
        pobj = next((c for c in to.children if c.dep_ == "pobj"), None)
        if pobj is None:
            return None
        head = tok.head
        if head.i == tok.i or head.lemma_ in SPEECH_CUES or head.lemma_ in OBJECT_CUES:
            if head.i != tok.i and head.pos_ == "VERB":
                return None  # "according to a report, X said ...": the report relays X
            head = tok.sent.root
        if head.pos_ not in ("VERB", "AUX"):
            head = tok.sent.root
        sent = tok.sent
        s, e = head.left_edge.i, head.right_edge.i + 1
        s, e = max(s, sent.start), min(e, sent.end)
        ps, pe = tok.i, pobj.right_edge.i + 1
        if ps <= s + 1 and pe >= s:
            s = pe
        elif pe >= e - 2:
            e = ps
        s, e = _trim(doc, s, e)
        content = _char_range(doc, s, e)
        if content is None or self.quote_at(tok.idx) is not None:
            return None
        speaker = _speaker_range(pobj)
        cue = (tok.idx, to.idx + len(to.text))
        kind = "according_to"
        q = self._quote_covering(content)
        if q is not None:
            q.used = True
        return _Draft(tok, cue, pobj, speaker, None, content, kind)

    def _according_relay(self, cue) -> tuple[int, int] | None:
        for c in cue.children:
            if c.lower_ == "according" and c.dep_ == "prep":
                to = next((g for g in c.children if g.lower_ == "to"), None)
                pobj = next((g for g in to.children if g.dep_ == "pobj"), None) if to is not None else None
                if pobj is not None:
                    return _speaker_range(pobj)
        return None

    def _nearest_cue(self, q: Quote, used_cues: dict[int, _Draft]) -> _Draft | None:
        """The reporting verb of the quote's sentence(s), or of the sentence right after it."""
        doc = self.doc
        text = self.text
        first = doc.char_span(q.open, q.open + 1, alignment_mode="expand")
        last = doc.char_span(q.close, q.close + 1, alignment_mode="expand")
        if first is None or last is None:
            return None
        lo = first[0].sent.start
        hi = last[-1].sent.end
        # "“...” he said." split into its own sentence (a quote that opens its sentence)
        if hi < len(doc) and doc[hi - 1].i <= last[-1].i + 1 and first[0].i <= lo + 1:
            nxt = doc[hi].sent
            gap = text[q.close + 1 : nxt.start_char]
            if "\n" not in gap:
                hi = nxt.end
        # "He said:" on its own before the quote
        if lo > 0 and first[0].i <= lo + 1:
            prev = doc[lo - 1].sent
            prev_end = prev.start_char + len(prev.text.rstrip())
            gap = text[prev_end : q.open]
            colon = text[prev_end - 1 : prev_end]
            if colon in ":," and ("\n" not in gap or (colon == ":" and gap.count("\n") <= 2 and not gap.strip())):
                lo = prev.start  # "He told the crowd:" then the quote, in the same or the next paragraph
        best = None
        best_dist = None
        for i in range(lo, hi):
            d = used_cues.get(i)
            if d is None:
                continue
            pos = doc[i].idx
            if self.quote_at(pos) is not None:
                continue
            if d.content is not None and d.explicit and d.kind != "direct":
                continue
            if d.speaker is not None and d.speaker[0] <= q.open < d.speaker[1]:
                continue  # a title inside the speaker ("asked the boy, who wore a “Vote” hat")
            a, b = (i + 1, first[0].i) if pos < q.open else (last[-1].i + 1, i)
            if any(k in used_cues for k in range(a, b)):
                continue  # another cue stands between ("she wrote, arguing that ..., “B”")
            if d.content is None and doc[i].lemma_ in QUOTE_CUES and any(doc[k].pos_ == "VERB" for k in range(a, b)):
                continue  # a quote-only cue takes only a quote beside it ("“A?” asked X, as the crowd laughed")
            if d.cue is not None and any(
                    c.dep_ in ("prep", "agent") and
                    doc[c.left_edge.i].idx <= q.open and q.content_end <= doc[c.right_edge.i].idx + len(doc[c.right_edge.i])
                    for c in d.cue.children):
                continue  # a title quoted in "said at a meeting entitled “...”" is not what was said
            if pos < q.open:
                lead = text[doc[i].idx + len(doc[i].text) : q.open].rstrip()
                if lead and lead[-1] not in ",:;—–-":
                    continue  # "said at a meeting entitled “...”": the quote is not introduced by the cue
            if pos > q.close and re.match(r"[^.!?\n“”\"]*:\s*[“\"‘']", text[pos:]):
                continue  # "He added: “...”" introduces the next quote, not this one
            dist = q.open - pos if pos < q.open else pos - q.close
            if best_dist is None or dist < best_dist:
                best, best_dist = d, dist
        return best

    def _joins(self, q0: Quote, q: Quote, drafts: list[_Draft]) -> bool:
        """`chanted “A” and “B”`: a quote joined by `and`/`or` to a quote that is a direct statement
        extends that statement's content over both."""
        gap = self.text[q0.close + 1 : q.open]
        if not QUOTE_JOINERS.fullmatch(gap):
            return False
        for d in drafts:
            if d.kind == "direct" and d.content is not None and d.content[1] == q0.content_end \
                    and d.content[0] >= q0.open:
                d.content = (d.content[0], q.content_end)
                q.used = True
                return True
        return False

    def _colon_intro(self, q: Quote, used_cues: dict[int, _Draft], drafts: list[_Draft]) -> _Draft | None:
        """A quote right after a colon with no reporting verb to take it: `Pollster Ann Lee: “...”` (the
        noun phrase before the colon speaks; the colon is the cue), or `She apologized: “...”` (the verb of
        the colon's sentence, with a person or group as its subject)."""
        doc = self.doc
        text = self.text
        pre = text[: q.open].rstrip()
        if not pre.endswith(":") or text[len(pre) : q.open].count("\n") > 2:
            return None
        colon = doc.char_span(len(pre) - 1, len(pre), alignment_mode="expand")
        if colon is None:
            return None
        ct = colon[-1]
        if ct.i == 0:
            return None
        k = ct.i - 1
        while k > 0 and doc[k].ent_type_ in ("DATE", "TIME"):
            k -= 1  # "Here is Lee in May 2001:"
        if k < ct.i - 1 and doc[k].dep_ == "prep" and k > 0:
            k -= 1
        t = doc[k]
        if self._speaks(t) and t.pos_ in ("PROPN", "NOUN", "PRON") and t.dep_ != "pobj":
            top = t
            while top.dep_ == "conj" and top.head.i < top.i:
                top = top.head  # "Ann Lee and Bo Tan:"
            s, _ = _trim(doc, top.left_edge.i, t.i + 1)
            while s < t.i and doc[s].lower_ in SPEAKER_LEAD_WORDS:
                s += 1
            if t.pos_ == "PRON" or doc[s].pos_ in ("VERB", "AUX", "ADP"):
                s = t.i
            spk = _char_range(doc, s, t.i + 1)
            return _Draft(None, (ct.idx, ct.idx + 1), t, spk, None, (q.content_start, q.content_end), "direct",
                          explicit=False)
        root = ct.sent.root
        if root.pos_ != "VERB" or root.i > ct.i or self.quote_at(root.idx) is not None:
            return None
        d = used_cues.get(root.i)
        if d is not None and d.content is not None and d.kind != "direct" and root.idx < d.content[0] \
                and d.content[1] <= ct.idx:
            d.content, d.kind, d.explicit = (q.content_start, q.content_end), "direct", False  # "apologized for X:"
            return d
        if d is not None:
            return None
        spk_tok, relay, _, passive = _speaker_of(root)
        if spk_tok is None or passive or not self._speaks(spk_tok):
            return None
        speaker = _speaker_range(spk_tok, root)
        return _Draft(root, (root.idx, root.idx + len(root.text)), spk_tok, speaker, relay,
                      (q.content_start, q.content_end), "direct", explicit=False)

    @staticmethod
    def _speaks(t) -> bool:
        """A token that can head a speaker: a person or group, a name, a personal pronoun, a role noun."""
        return (t.ent_type_ in PERSON_LABELS or t.ent_type_ in GROUP_LABELS or
                (t.pos_ == "PROPN" and t.ent_type_ not in ADJUNCT_LABELS) or t.lower_ in COLON_SPEAKER_PRONOUNS
                or t.lemma_.lower() in ROLE_NOUNS and t.lemma_.lower() not in DOCUMENT_NOUNS)

    def _follows_in_paragraph(self, q: Quote, drafts: list[_Draft]) -> _Draft | None:
        """The direct statement just before this quote in the same paragraph, when only its
        attribution clause stands between them."""
        text = self.text
        best = None
        for d in drafts:
            if d.content is None or d.cue_range is None or d.content[1] > q.open:
                continue
            if d.kind != "direct" and not self._ends_in_quote(d.content):
                continue  # reported speech goes on in a quote only if it ended quoting ('X is “A,” he said. “B.”')
            if best is None or d.content[1] > best.content[1]:
                best = d
        if best is None:
            return None
        between = text[best.content[1] : q.open]
        if not between.rstrip().rstrip(QUOTE_CHARS).endswith((".", "!", "?")):
            return None  # only a quote that starts a new sentence goes on with the previous speaker
        if "\n" in between or not (best.content[1] <= best.cue_range[0] < q.open):
            return None
        direct_at = {d.content[0] for d in drafts if d.kind == "direct" and d.content is not None}
        if any(best.content[1] < o.open < q.open and
               (o.content_start in direct_at or not o.used and len(text[o.content_start:o.content_end].split())
                >= MIN_UNCUED_WORDS) for o in self.quotes):
            return None  # a title, scare quote or partial quote in the attribution ("said on “Meet the Press.”")
        if best.cue is not None:
            sent_end = best.cue.sent.end_char
            if sent_end < q.open and text[sent_end : q.open].strip(" " + QUOTE_CHARS):
                return None  # another sentence stands between ("..., Lee said. Kim nodded. “B.”")
        if len(between.split()) > MAX_ATTRIBUTION_WORDS:
            return None
        return best

    def _ends_in_quote(self, content: tuple[int, int]) -> bool:
        """Does this content end with a quotation that starts inside it (a partial quote)?"""
        q = self.quote_at(content[1] - 1)
        return q is not None and content[0] < q.content_start and q.content_end <= content[1] <= q.close + 1

    def _continuation_of(self, q: Quote, drafts: list[_Draft]) -> _Draft | None:
        """A paragraph that is only a quote continues the previous paragraph's speaker."""
        text = self.text
        ps = text.rfind("\n", 0, q.open) + 1
        pe = text.find("\n", q.close)
        pe = len(text) if pe < 0 else pe
        outside = (text[ps : q.open] + text[q.close + 1 : pe]).strip(" \t.,;:" + QUOTE_CHARS)
        words = len(text[q.content_start : q.content_end].split())
        if outside or words < MIN_UNCUED_WORDS:
            return None
        earlier = [d for d in drafts if d.content is not None and d.content[1] <= q.open and d.speaker_tok is not None]
        if not earlier:
            return None
        prev = max(earlier, key=lambda d: d.content[1])
        between = text[prev.content[1] : q.open]
        if between.count("\n\n") + between.count("\n") > 3:
            return None
        return prev

    # --- resolution, anonymity, records ---------------------------------------------------------

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
            ))
            history.append((d, entity, anonymous, head_lemma))
        return out

    def _resolve(self, d: _Draft, ents, history) -> tuple[str | None, bool, str]:
        """(speaker_entity, anonymous, speaker head lemma) for a draft."""
        doc = self.doc
        text = self.text
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
            ant = tok.head.head  # "X, who said": resolve X as if it were the written speaker
            ant_range = _speaker_range(ant, d.cue)
            if ant_range is not None and ant_range[0] < tok.idx < ant_range[1]:
                end = len(self.text[ant_range[0] : tok.idx].rstrip(" ,—–-\n")) + ant_range[0]
                ant_range = (ant_range[0], end) if end > ant_range[0] else None
            if ant_range is not None:
                sub = _Draft(d.cue, d.cue_range, ant, ant_range, d.relay, d.content, d.kind, d.passive, d.negated)
                ent, anon, lemma = self._resolve(sub, ents, history)
                return ent or self.parsed.evidence(*ant_range), anon, lemma
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
            want_person = lower in MALE_PRONOUNS | FEMALE_PRONOUNS or lower in ("i",)
            # the latest earlier speaker or mention of the right kind, whichever is nearer
            cand_pos, cand = -1, None
            for prev, ent, anon, lemma in reversed(history):
                if prev.speaker is None or prev.speaker[0] >= ss:
                    continue
                st = prev.speaker_tok
                is_person = (st.ent_type_ in PERSON_LABELS or (ent is not None and self._is_person_name(ent, ents))
                             or (st.pos_ == "PROPN" and st.ent_type_ not in GROUP_LABELS))
                if is_person == want_person or (not want_person and lemma in DOCUMENT_NOUNS):
                    cand_pos, cand = prev.speaker[0], (ent or self.parsed.evidence(*prev.speaker), anon)
                    break
            labels = PERSON_LABELS if want_person else GROUP_LABELS
            for e in reversed(ents):
                if e.end_char <= ss and e.label_ in labels:
                    if e.start_char > cand_pos and (cand is None or not self._in_content(e.start_char, history)):
                        cand = (self._full_name(e.text, ents, e.start_char, history) if want_person else e.text, flagged)
                    break
            if cand is None:
                return None, flagged, head_lemma
            return cand[0], cand[1] or flagged, head_lemma
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
