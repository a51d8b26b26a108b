"""What keeps a figure, or a pair of figures, from being compared: the words around a number that make
it no count of things (`four times more`, `one in six`, `two of their last three`, `the top ten`,
`five-set matches`, `fell two places`, `the Six Nations`), and what makes two counts of one noun count
different things (a tally of another holder, a holder known only by a pronoun, a percentage of another
base, one payer's two unnamed sums, a change against a level). What the words say of a compared pair's
scope (a rate against a total, a forecast against what happened, a rounded figure) is `compare`'s.

Rules over the words just before and after the figure, which `groups` reads with each figure's row
(`before_text`, `after_text`, `after_counted`, `around_predicate`): the extraction stage keeps the figure
and its evidence either way, and only comparison needs these distinctions, so they are not stored. Written
by hand: no library tells a multiplier or a window from a count, and each rule must give a reason a reader
can check against the two sentences (quantulum3 and spaCy's NUM tokens see the same numbers alike).
"""
from __future__ import annotations

import re

from newsdossier.quantities.compare import agent_key, interval

NUMBER_WORD = (r"(?:\d[\d,.]*|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|"
               r"forty|fifty|a hundred|hundreds|a dozen|dozens|every)")
_MULTIPLIER_AFTER = re.compile(r"^\s*(?:times|-fold|fold)\b", re.IGNORECASE)
_RATIO_AFTER = re.compile(rf"^\s+(?:in|out of)\s+{NUMBER_WORD}\b", re.IGNORECASE)
_RATIO_BEFORE = re.compile(rf"\b{NUMBER_WORD}\s+(?:in|out of)\s*$", re.IGNORECASE)
# `two of their last three visits`: both numbers count a window of a longer run, not things; `seven of the eleven
# people detained` counts the eleven detained (and seven of them), so the window word is required
_PARTITIVE_AFTER = re.compile(rf"^\s+of\s+(?:the|their|its|his|her|our|my|your|these|those)?\s*"
                              rf"(?:last|first|next|past|previous)\s+{NUMBER_WORD}\b", re.IGNORECASE)
_PARTITIVE_BEFORE = re.compile(rf"\b{NUMBER_WORD}\s+of\s+(?:the|their|its|his|her|our|my|your|these|those)?\s*"
                               r"(?:last|first|next|past|previous)\s+$", re.IGNORECASE)
_RANK_BEFORE = re.compile(r"\b(?:top|bottom)\s*$", re.IGNORECASE)
_LETTER_AFTER = re.compile(r"^[A-Z](?![A-Za-z])")  # `3G`, `4G`: a name, not three of something
_MODIFIER_AFTER = re.compile(r"^-(?!year-old|years?-old)[a-z]", re.IGNORECASE)
# nouns a number of which is a position in a ranking, not things counted (`up two notches`); `places` and
# `spots` only with a verb of moving (`fell two places`: `attacks in five places` counts places)
RANK_NOUNS = {"notch", "notches", "rung", "rungs", "rank", "ranks"}
MOVED_RANK_NOUNS = {"place", "places", "position", "positions", "spot", "spots"}
MOVING_VERBS = {"fall", "rise", "climb", "drop", "slip", "move", "jump", "slide", "tumble", "go", "leap", "sink"}
PRONOUNS = {"i", "we", "you", "he", "she", "it", "they", "who", "which", "that", "this", "these", "those",
            "me", "us", "him", "her", "them", "one", "someone", "somebody", "everyone", "my", "our", "your",
            "his", "its", "their", "whom", "whose"}
POSSESSIVES = {"my", "our", "your", "his", "her", "its", "their"}
# jobs that `go`, are `lost`, `shed` or `axed` are jobs cut: one class with `cut`, `lay off` (`employ`)
JOB_NOUNS = {"job", "jobs", "post", "posts", "position", "positions", "role", "roles"}
JOB_LOSS_VERBS = {"go", "lose", "shed", "axe", "slash", "scrap", "disappear", "vanish", "eliminate"}
# predicates whose counted noun is what the act befalls (`Floods killed 40 people`, `40 people died`): their
# agent is a cause, often unwritten, so a figure that gives none is still about the same people
EVENT_PREDICATES = {"kill", "injure", "detain", "displace", "missing", "rescue", "migrate", "protest"}


def not_a_count(q: dict) -> str | None:
    """Why a figure is not a count to compare with others (None when it is one)."""
    before, after = q.get("before_text") or "", q.get("after_text") or ""
    text = (q.get("text") or "").strip()
    if _MULTIPLIER_AFTER.match(after) or (q.get("counted_text") or "").lower().startswith("times "):
        return "a multiplier"
    if _RATIO_AFTER.match(after) or _RATIO_BEFORE.search(before):
        return "a ratio"
    if _PARTITIVE_AFTER.match(after) or _PARTITIVE_BEFORE.search(before):
        return "a part of a stated whole"  # both numbers of `nine of their last 14 matches`
    head = q.get("counted_head") or ""
    if _RANK_BEFORE.search(before) or head.lower() in RANK_NOUNS or (
            head.lower() in MOVED_RANK_NOUNS and (q.get("predicate") or "").lower() in MOVING_VERBS):
        return "a rank"
    if _LETTER_AFTER.match(after):
        return "part of a name"
    if _MODIFIER_AFTER.match(after):
        return "a modifier (`five-set`), not a number of things"
    if text[:1].isupper() and text.isalpha() and re.match(r"^\s+[A-Z]", after) \
            and not re.search(r"(?:^|[.!?:;“\"‘(]\s*)$", before):
        return "part of a name"  # `the Six Nations`: capitals inside the sentence, not `“Six people`
    if head[:1].isupper() and not head.endswith("s") and (q.get("counted_text") or "") == head \
            and after.startswith(" " + head):
        return "part of a name"  # `50 Cent appeared`: a people's name is plural (`12 Iranians`)
    if text.lower() == "one":
        # in news `one` is far more often an indefinite (`one player dominated`, `one of the`) than a count
        return "the word one"
    return None


_LIVES = re.compile(r"\blives\b", re.IGNORECASE)


def lost_lives(q: dict) -> bool:
    """`lose` counts deaths only for lives lost (`12 people lost their lives`), not jobs, matches or seats."""
    return bool(_LIVES.search((q.get("around_predicate") or "") + " " + (q.get("after_counted") or "")))


# words that say which, not what: no content of a percentage's base
FUNCTION_WORDS = {"the", "a", "an", "of", "all", "this", "that", "these", "those", "its", "their", "his", "her",
                  "our", "my"}


def _agent(q: dict) -> tuple[str, frozenset[str]]:
    """`compare.agent_key` of the figure's agent, told whether its first word only opens the sentence."""
    opens = q.get("agent_start") is not None and q.get("agent_start") == q.get("sentence_start")
    return agent_key(q.get("agent_text"), opens)


def holder_kind(q: dict) -> str:
    """'entity' | 'pronoun' | 'name' | 'description' | 'none': how the text says whose the figure is."""
    if q.get("agent_entity"):
        return "entity"
    words = re.findall(r"[\w’'-]+", (q.get("agent_text") or "").strip())
    if not words:
        return "none"
    if (len(words) == 1 and words[0].lower() in PRONOUNS) or words[0].lower() in POSSESSIVES:
        return "pronoun"  # `They`, and `his side`, `their shares`: whose rests on the pronoun
    return "name" if _agent(q)[0] == "named" else "description"


def base_of_percent(q: dict) -> str:
    """What a percentage is of, as a comparable string: `60% of its output` and `20% of Russia's oil output`
    are of two bases."""
    words = re.findall(r"[\w’'-]+", (q.get("counted_text") or "").lower())
    return " ".join(w for w in words if w not in FUNCTION_WORDS)


def pair_obstacle(a: dict, b: dict, predicate_class: str) -> str | None:
    """Why two figures of one block are not compared (None when they may be about one thing)."""
    ha, hb = holder_kind(a), holder_kind(b)
    if "pronoun" in (ha, hb):
        return "whose figure it is rests on a pronoun"
    if _holder_named_in_other(a, b) or _holder_named_in_other(b, a):
        pass  # `Harlow Steel will cut 600 jobs`, `about 600 jobs will be cut at Harlow Steel`: one holder's
    elif {ha, hb} in ({"name", "none"}, {"entity", "none"}) or (
            predicate_class not in EVENT_PREDICATES and {ha, hb} == {"description", "none"}):
        # `Ray Charles has seven nominations`, `four nominations`: not known to be one nominee's
        return "one figure says whose it is, the other does not"
    if predicate_class not in EVENT_PREDICATES:
        if {ha, hb} <= {"name", "entity"} and _different_names(a, b):
            # `Air India is to buy 50 aircraft`, `Kingfisher is to buy 10`: two buyers' orders, not one disputed
            # count; who did what to people (`kill`, ...) stays compared, as a narrower or another agent
            return "two named holders"
        if ha == hb == "description" and not _agent(a)[1] & _agent(b)[1]:
            return "two holders described apart"  # `The boxing drama won four awards`, `The film has won 30`
    if a.get("kind") == "percent" and base_of_percent(a) != base_of_percent(b):
        return "percentages of different bases"
    if a.get("kind") in ("money", "measure") and not (a.get("counted_head") and b.get("counted_head")) \
            and not _overlap(a, b):
        # one payer's two sums with no item named (`a $900m loan`, `a $27bn tax bill`): as likely two payments
        # as one disputed; the same sum (`GM pays $2bn`, `GM will pay $2bn`) is still compared
        return "two sums with no item named"
    if {change_or_level(a), change_or_level(b)} == {"change", "level"}:
        return "a change (`up 64p`) against a level (`at 1,115p`)"
    return None


def _holder_named_in_other(a: dict, b: dict) -> bool:
    """`b` names no holder, but its own sentence names `a`'s (an entity linked there, by name)."""
    if b.get("agent_text") or not a.get("agent_text"):
        return False
    in_sentence = {r.lstrip("@") for r in (b.get("referents") or ()) if not r.startswith("~")}
    holder = re.sub(r"^(?:the|a|an)\s+", "", a["agent_text"].strip().lower())
    return holder in in_sentence


def _overlap(a: dict, b: dict) -> bool:
    (alo, ahi), (blo, bhi) = interval(a), interval(b)
    return alo <= bhi and blo <= ahi


def _different_names(a: dict, b: dict) -> bool:
    if a.get("agent_entity") and b.get("agent_entity"):
        return a["agent_entity"] != b["agent_entity"]
    names = [{re.sub(r"['’]s?$", "", w) for w in _agent(q)[1]} for q in (a, b)]  # `Nordair's board` is Nordair's
    return not names[0] & names[1]


# (`lost`, `added`, `shed` say what happened to counted things, `lost 12 jobs`, so they are no change words here)
_CHANGE_BEFORE = re.compile(r"\b(?:up|down|by|rose|fell|dropped|climbed|slipped|jumped)\s*$", re.IGNORECASE)
_LEVEL_BEFORE = re.compile(r"\b(?:at|to)\s*$", re.IGNORECASE)


def change_or_level(q: dict) -> str | None:
    """'change' for `closed up 64 pence`, 'level' for `closed at 1,115 pence`, else None."""
    before = q.get("before_text") or ""
    if _CHANGE_BEFORE.search(before):
        return "change"
    return "level" if _LEVEL_BEFORE.search(before) else None
