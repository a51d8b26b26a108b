"""What a label is said of, and who says it: the label's target (a name, a noun phrase, or the actor an
epithet or a pronoun stands for), the claimant of a claim label, and the holder of a listing or calling.

Written by hand over spaCy's dependency parse: no library resolves these constructions (coreference
models are neither in spaCy's small English pipeline nor installable here without downloads).
"""
from __future__ import annotations

from spacy.tokens import Token

from newsdossier.framing.context import ACRONYM, ANY_ACTOR_ENTS, ArticleContext
from newsdossier.framing.lexicon import actor_kind
from newsdossier.statements.syntax import previous_sentence_subject

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
PRONOUNS = frozenset({"he", "him", "she", "her", "they", "them", "it"})
# Verbs whose indefinite object is the subject's own group (`X runs a criminal gang`).
LEADING_VERBS = frozenset({"lead", "run", "head", "found", "command", "control"})
# Nouns for a collection of people (`a band of extremists`): the label is on the collection.
COLLECTIVE_NOUNS = frozenset({"band", "bunch", "pack", "gang", "collection", "group", "handful", "crowd"})
RELATIVE = frozenset({"which", "that", "who", "whom"})
DEFINITE = frozenset({"the", "this", "that", "these", "those"})
MODIFIER_DEPS = frozenset({"amod", "compound", "nmod", "poss"})
OWNER_DEPS = frozenset({"poss", "compound", "nmod"})


def phrase(ctx: ArticleContext, token: Token) -> tuple[int, int] | None:
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


def _is_group(ctx: ArticleContext, token: Token) -> bool:
    mention = ctx.mention_at(token)
    if mention is not None:
        return mention[2] in ("ORG", "NORP", "GPE")
    if token.pos_ == "PRON":
        return token.lower_ == "it"
    return actor_kind(token) == "group" or bool(ACRONYM.fullmatch(token.text))


def _owner_like(ctx: ArticleContext, token: Token) -> bool:
    """Whether a word before a label noun can be whose it is: `HBSF ringleaders`, `the front's
    ringleaders`, `its puppet leader`; not `tech thieves` or `Welsh legend`."""
    mention = ctx.mention_at(token)
    if mention is not None:
        return mention[2] in ("PERSON", "ORG", "GPE")
    return token.pos_ in ("PROPN", "PRON") or (token.pos_ == "NOUN" and actor_kind(token) is not None)


def _names_actor(ctx: ArticleContext, token: Token) -> bool:
    mention = ctx.mention_at(token)
    return token.pos_ == "PROPN" and mention is not None and mention[2] in ("PERSON", "ORG")


def actorish(ctx: ArticleContext, token: Token | None) -> bool:
    """Whether a token can name an actor: a name, an actor noun, a personal pronoun."""
    if token is None:
        return False
    mention = ctx.mention_at(token)
    if mention is not None:
        return mention[2] in ("PERSON", "ORG", "NORP", "GPE")
    # an untagged capitalised word is too often a thing (`Ricin is a dangerous poison`); an acronym is not
    # `it` is most often a thing (`It is the first criminal prosecution`)
    return bool(ACRONYM.fullmatch(token.text)) or actor_kind(token) is not None or (
        token.lower_ in PRONOUNS and token.lower_ != "it")


def find_target(ctx: ArticleContext, head: Token, evaluative: set[int], is_entity: bool):
    """(construction, target token or None, attributed_to token or None)."""
    if is_entity:
        return "modifier", head, None
    if head.dep_ == "conj" and head.head.pos_ in ("NOUN", "PROPN"):  # `extremists and opportunists`
        return find_target(ctx, head.head, evaluative | {head.head.i}, False)
    if head.dep_ == "pobj" and head.tag_ == "NNS" and head.head.lower_ == "of" and \
            head.head.head.lemma_ in COLLECTIVE_NOUNS:  # `a band of thugs`
        return find_target(ctx, head.head.head, evaluative | {head.head.head.i}, False)
    if head.dep_ == "dobj" and head.head.lemma_.lower() in LEADING_VERBS and not any(
            c.dep_ in ("det", "poss") and c.lower_ in DEFINITE | {"its", "their"} for c in head.lefts):
        subject = _child(head.head, "nsubj")  # `Osk led a corrupt government`: a label on its leader
        if subject is not None and actorish(ctx, subject):
            return "modifier", _relative(subject) or subject, None
    if head.dep_ in ("compound", "nmod") and _names_actor(ctx, head.head):
        return "appositive", head.head, None  # `Hollywood icon Katherine Hepburn`: the name it comes before
    for child in head.children:  # a name in apposition, even one the model did not tag
        if child.dep_ == "appos" and (child.pos_ == "PROPN" or actorish(ctx, child)):
            return "appositive", child, None
    if head.dep_ == "appos" and (head.head.pos_ == "PROPN" or actorish(ctx, head.head)):
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
            if child.lower_ == "in" and not (mention and mention[2] == "GPE" and actor_kind(head) == "group"):
                continue  # only `the regime in Marovia`: a group in a state is that state's
            if owner is not None and (owner.pos_ == "PROPN" or actor_kind(owner) or mention):
                return "modifier", owner, None
    determiner = next((c for c in head.lefts if c.dep_ == "det"), None)
    if determiner is not None and determiner.lower_ in DEFINITE and (
            determiner.lower_ != "the" or (evaluative - {head.i} and (head.i in evaluative or actor_kind(head)))):
        # `the notorious group`, `this grouplet`; not `the terrorists` or `the hero` alone, which as
        # often name a class or a role as an actor named before
        return "epithet_anaphora", None, None
    if determiner is None and head.tag_ == "NNS" and actor_kind(head) and head.i not in evaluative:
        return "modifier", head, None  # `cynical managers`, `jealous rivals`: unnamed people
    return None, None, None


def _previous_subject(ctx: ArticleContext, pronoun: Token) -> tuple[int, int] | None:
    """What a pronoun most likely stands for: the subject of the sentence before, when it is a name of
    the pronoun's kind or a noun this article already labelled (`The party's populist leader ... His
    critics call him ...`)."""
    subject = previous_sentence_subject(pronoun)
    if subject is None:
        return None
    if subject.i in ctx.labelled:
        return ctx.labelled[subject.i]
    mention = ctx.mention_at(subject)
    person = pronoun.lower_ in ("he", "him", "she", "her")
    if mention is not None and (mention[2] == "PERSON") == person and mention[2] in ANY_ACTOR_ENTS:
        return phrase(ctx, subject)
    return None


def resolve_target(ctx: ArticleContext, target: Token | None, head: Token, label_start: int,
                 exclude: tuple[tuple[int, int], ...]):
    """Resolve the target token to a span; pronouns and generic nouns fall back to the antecedent."""
    kind = actor_kind(head)
    if kind == "person" and head.tag_ == "NNS":  # `the bloodthirsty militants`: members of a group
        kind = "group"
    if target is not None and (target.pos_ == "PROPN" or ctx.mention_at(target)):
        return phrase(ctx, target)
    if target is not None and target.i in ctx.labelled:
        return ctx.labelled[target.i]
    named = next((c for c in target.children if c.dep_ == "appos" and (c.pos_ == "PROPN" or ctx.mention_at(c))),
                 None) if target is not None else None
    if named is not None:  # `the opposition New Dawn Alliance`
        return phrase(ctx, named)
    if target is not None and target.lemma_ in CLAIM_NOUNS:  # `the team's conduct`: its owner
        owner = _owner(target, set())
        if owner is not None and owner.pos_ != "PRON":
            return phrase(ctx, owner)
    generic = target is not None and target.pos_ == "NOUN" and actor_kind(target) is not None and any(
        c.dep_ in ("det", "poss") and c.lower_ in DEFINITE | {"its", "their"} for c in target.lefts)
    if target is not None and target.pos_ == "NOUN" and not generic:
        return phrase(ctx, target)
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
    noun_kind = actor_kind(noun)
    if noun_kind == "person" and noun.tag_ == "NNS":
        noun_kind = "group"
    found = ctx.antecedent(anchor, noun_kind or kind, noun.lemma_.lower(), exclude)
    if found is None and target is not None and target.pos_ != "PRON":
        return phrase(ctx, target)
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


def claimant(ctx: ArticleContext, noun: Token, evaluative: set[int], label_start: int,
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
            return phrase(ctx, owner), holder
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
        return phrase(ctx, subject), holder
    return (ctx.last_speaker(label_start, speaker) if answered else None), holder


def designation(ctx: ArticleContext, verb: Token) -> tuple[Token | None, Token | None]:
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


def listing(ctx: ArticleContext, noun: Token) -> tuple[Token | None, Token | None, Token | None]:
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


def is_pronoun_span(ctx: ArticleContext, span: tuple[int, int]) -> bool:
    return ctx.parsed.text[span[0]:span[1]].strip().casefold() in PRONOUNS | RELATIVE | {"this", "these", "those"}


def holder_span(ctx: ArticleContext, agent: Token | None, before: int) -> tuple[int, int] | None:
    if agent is None:
        return None
    if agent.pos_ == "PRON":  # `He called the account propaganda`: the person named before
        return ctx.antecedent(before, "person" if agent.lower_ in ("he", "him", "she", "her") else None)
    return _clipped_subtree(agent)
