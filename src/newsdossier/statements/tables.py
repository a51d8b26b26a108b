"""Statements: the data tables of cue words, pronouns and patterns (nothing here is tuned to a topic)."""
from __future__ import annotations

import re

import numpy as np
from spacy.symbols import ADJ, NOUN, VERB

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

# Physical acts, events, motions and decisions: what someone did, not what they said, wrote or thought.
# "attacked the guards", "saw the bodies", "adopted the rule", "ordered troops", "sided with X",
# "to persuade Y": the outlet's narration. These never make a statement, whether the rules or the learned
# cue model would otherwise take them (a verbal attack still counts through the speech cue beside it).
NON_SPEECH_VERBS = frozenset("""
attack hit strike shoot kill bomb raid storm invade seize capture arrest detain fight beat
see watch witness look meet visit travel arrive leave go come move march walk run flee
adopt approve pass enact sign ratify implement launch deploy send order command direct
persuade convince encourage pressure force compel allow permit let help
side ally join back fund build buy sell give take win lose
""".split())
ATTITUDE_CUES = ATTITUDE_CUES - NON_SPEECH_VERBS

# "declined to comment", "refused to say": an infinitive with nothing after it reports no content.
SILENT_VERBS = SPEECH_CUES | frozenset("comment elaborate discuss speculate specify answer respond".split())

# Verbs that take their content through a preposition: "called for X", "referred to X", "talked about X".
PHRASAL_CUES = {
    "call": ("for", "on"), "refer": ("to",), "talk": ("about",), "speak": ("about", "of", "out"),
    "warn": ("of", "about", "against"), "hint": ("at",), "point": ("to",),
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

# Nouns for a survey whose findings the text reports with `in` ("X leads in the latest poll"); the poll is the source.
FINDING_NOUNS = frozenset({"poll", "survey"})
# Verbs whose `in a poll` phrase reports taking part, not a finding ("those asked in the survey").
NOT_FINDING_VERBS = frozenset("""
ask include participate interview question survey poll sample contact reach take name list mention
""".split())
# A line `Name: words` (headline, transcript) has at most this many words before its colon.
COLON_LINE_MAX_WORDS = 5
# Words before a line's colon that label the line rather than name a speaker ("Note:", "Update:", "Photo:").
COLON_LINE_NOT_SPEAKERS = frozenset("""
note update editor correction clarification photo photograph picture image video watch listen read related
source sources credit credits breaking exclusive advertisement caption disclaimer topic topics tag tags
subject email phone tel fax date time location where when what why how who q a warning spoiler
obituary profile interview analysis review timeline factbox opinion feature preview recap
""".split())

# Verbs whose object is a finding when a document or survey is their subject ("the poll showed a tie").
FINDING_VERBS = frozenset({"show", "find", "reveal", "suggest", "indicate", "confirm"})
FINDING_SUBJECTS = frozenset("""
poll survey study report data figure record result document email analysis census review audit filing
""".split())
# Perception verbs that hold a view when an `as` phrase completes their object ("sees the plan as a threat").
VIEW_VERBS = frozenset({"see", "view", "regard"})

# Verbs that quote someone else: "Press TV quoted X as saying", "X was cited as saying".
RELAY_CUES = frozenset({"quote", "cite"})

# Every verb the rules above decide on themselves; the learned cue model only adds verbs outside them.
RULE_VERBS = SPEECH_CUES | OBJECT_CUES | ATTITUDE_CUES | frozenset(PHRASAL_CUES) | QUOTE_CUES | RELAY_CUES
_CUE_LEMMAS = RULE_VERBS | VIEW_VERBS | {"accord"}  # every lemma the rules of `_Article.run` look at
_LEARNED_CUE_POS = np.array([VERB, NOUN, ADJ], dtype=np.uint64)  # the parts of speech `_may_be_learned_cue` takes
# Raising verbs: "the glacier appears to shrink" describes the glacier; no one holds an attitude.
RAISING_VERBS = frozenset("seem appear tend happen prove remain continue begin start stop cease".split())

# Cues that make the statement a denial.
DENY_CUES = frozenset({"deny", "reject", "dismiss", "refute", "rebut", "dispute", "disavow", "rebuff"})
# Content that calls something untrue also makes it a denial.
DENIAL_CONTENT = re.compile(
    # `lie` only as the noun ("a lie", "telling lies"): "villages lie below the waterline" denies nothing
    r"\b(?:(?:an?|the|total|outright|blatant|big|complete|sheer|pure|pack of|these|those|such|all|are|were|"
    r"spreading|spread|telling|tell|told)\s+lies?|false(?:hoods?)?|baseless|unfounded|groundless|untrue|fabricat\w*|fake|not true|"
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
# Descriptions news prose uses for the person or group it has just named, so the named subject of the sentence
# before is meant ("Varga left the pitch. The striker said"). Words for anyone at all ("the man") introduce
# someone new, and words for one kind of institution ("the government") mean that institution: neither is here.
EPITHET_PERSON_NOUNS = frozenset("""
striker forward defender midfielder goalkeeper keeper winger captain coach manager player star champion
winner runner rider driver boxer veteran pensioner widow widower mother father grandmother grandfather
teenager student actor actress singer musician writer author novelist director producer artist designer
founder owner entrepreneur executive boss chief head chairman chairwoman politician candidate campaigner
activist lawyer doctor surgeon scientist researcher professor economist analyst expert officer detective
survivor victim pilot engineer farmer pharmacist teacher
""".split())
EPITHET_GROUP_NOUNS = frozenset("company firm group organisation organization business club side team body outfit".split())
# Heads of descriptions that stand for an organisation, not a person ("the company said").
GROUP_NOUNS = frozenset("""
company firm group union agency association club board authority federation commission council ministry
government organisation organization party operator supplier bank department office embassy court police
army service alliance coalition team committee network charity foundation institute university school
hospital airline manufacturer maker retailer insurer lender broadcaster newspaper channel station
movement campaign trust society league
""".split())
PERSON_LABELS = frozenset({"PERSON"})
GROUP_LABELS = frozenset({"ORG", "GPE", "NORP"})
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})  # `who` never stands for one

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
