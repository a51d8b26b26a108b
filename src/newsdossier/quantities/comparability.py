"""What keeps a figure, or a pair of figures, from being compared: the words around a number that make
it no count of things (`four times more`, `one in six`, `two of their last three`, `the top ten`,
`five-set matches`, `fell two places`, `the Six Nations`), and what makes two counts of one noun count
different things (a tally of another holder, a holder known only by a pronoun, a percentage of another
base, one payer's two unnamed sums, a change against a level), or count them in another scope (a rate
against a total, a forecast against what happened), or agree once rounded.

Rules over the words just before and after the figure, which `groups` reads with each figure's row
(`before_text`, `after_text`, `after_counted`, `around_predicate`): the extraction stage keeps the figure
and its evidence either way, and only comparison needs these distinctions, so they are not stored. Written
by hand: no library tells a multiplier or a window from a count, and each rule must give a reason a reader
can check against the two sentences (quantulum3 and spaCy's NUM tokens see the same numbers alike).
"""
from __future__ import annotations

import re

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
_RATE = re.compile(r"^[^.;:!?]{0,30}?\b(?:a|an|per|each|every)\s+(?:year|day|week|month|hour|minute|second|annum|"
                   r"night|season)\b|^[^.;:!?]{0,30}?\b(?:annually|daily|weekly|monthly|yearly|a head)\b", re.IGNORECASE)
_RATE_PERIOD = re.compile(r"\b(year|day|week|month|hour|minute|second|annum|night|season|annually|daily|weekly|"
                          r"monthly|yearly|head)\b", re.IGNORECASE)
_FORECAST = re.compile(r"\b(?:will|would|could|may|might|shall|'ll|expected to|likely to|set to|due to|"
                       r"predicts?|predicted|forecasts?|projected|estimated to|is to|are to)\b", re.IGNORECASE)
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


def rate_period(q: dict) -> str | None:
    """The period of a rate written after the counted noun (`50 lives a year` -> 'year'), else None."""
    m = _RATE.match(q.get("after_counted") or "")
    if m is None:
        return None
    period = _RATE_PERIOD.search(m.group())
    word = period.group(1).lower() if period else "rate"
    return {"annually": "year", "yearly": "year", "annum": "year", "daily": "day", "weekly": "week",
            "monthly": "month"}.get(word, word)


def is_forecast(q: dict) -> bool:
    """The figure is said of the future or of what may be (`will die`, `could see 30bn`, `would go`)."""
    return bool(_FORECAST.search(q.get("around_predicate") or ""))


# words that say which, not what: no name, no content of a holder or of a percentage's base
FUNCTION_WORDS = {"the", "a", "an", "of", "all", "this", "that", "these", "those", "its", "their", "his", "her",
                  "our", "my"}


def holder_kind(q: dict) -> str:
    """'entity' | 'pronoun' | 'name' | 'description' | 'none': how the text says whose the figure is."""
    if q.get("agent_entity"):
        return "entity"
    agent = (q.get("agent_text") or "").strip()
    if not agent:
        return "none"
    words = re.findall(r"[\w’'-]+", agent)
    if (len(words) == 1 and words[0].lower() in PRONOUNS) or words[0].lower() in POSSESSIVES:
        return "pronoun"  # `They`, and `his side`, `their shares`: whose rests on the pronoun
    first_capital = words[0][:1].isupper() and q.get("agent_start") is not None \
        and q.get("agent_start") == q.get("sentence_start")  # a capital that only opens the sentence
    if any(w[:1].isupper() and w.lower() not in FUNCTION_WORDS for w in words[int(first_capital):]) \
            or (len(words) == 1 and sum(c.isupper() for c in agent) > 1):
        return "name"
    return "description"


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
        if ha == hb == "description" and not _content_words(a) & _content_words(b):
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


def _content_words(q: dict) -> set[str]:
    words = re.findall(r"[\w’'-]+", (q.get("agent_text") or "").lower())
    return {w for w in words if w not in PRONOUNS and w not in FUNCTION_WORDS}


def _overlap(a: dict, b: dict) -> bool:
    def bounds(q: dict) -> tuple[float, float]:
        lo = q.get("low") if q.get("low") is not None else q.get("value")
        hi = q.get("high") if q.get("high") is not None else (q.get("value") if q.get("low") is None else None)
        return (lo if lo is not None else 0.0), (hi if hi is not None else float("inf"))
    (alo, ahi), (blo, bhi) = bounds(a), bounds(b)
    return alo <= bhi and blo <= ahi


def _different_names(a: dict, b: dict) -> bool:
    if a.get("agent_entity") and b.get("agent_entity"):
        return a["agent_entity"] != b["agent_entity"]
    words = [{re.sub(r"['’]s?$", "", w.lower()) for w in re.findall(r"[\w’'-]+", q.get("agent_text") or "")
              if w[:1].isupper()} for q in (a, b)]
    return not words[0] & words[1]


# (`lost`, `added`, `shed` say what happened to counted things, `lost 12 jobs`, so they are no change words here)
_CHANGE_BEFORE = re.compile(r"\b(?:up|down|by|rose|fell|dropped|climbed|slipped|jumped)\s*$", re.IGNORECASE)
_LEVEL_BEFORE = re.compile(r"\b(?:at|to)\s*$", re.IGNORECASE)


def change_or_level(q: dict) -> str | None:
    """'change' for `closed up 64 pence`, 'level' for `closed at 1,115 pence`, else None."""
    before = q.get("before_text") or ""
    if _CHANGE_BEFORE.search(before):
        return "change"
    return "level" if _LEVEL_BEFORE.search(before) else None


def scope_note(a: dict, b: dict) -> str | None:
    """A difference of scope the words around the figures show: a rate against a total or another
    rate's period, a forecast against a count of what happened."""
    ra, rb = rate_period(a), rate_period(b)
    if ra != rb:
        if ra and rb:
            return f"a rate per {ra} vs a rate per {rb}"
        rate, total = (a, b) if ra else (b, a)
        return f"{rate['text']} is a rate (per {ra or rb}), {total['text']} a total"
    fa, fb = is_forecast(a), is_forecast(b)
    if fa != fb:
        future, past = (a, b) if fa else (b, a)
        return f"{future['text']} is a forecast, {past['text']} a count of what happened"
    return None


def rounds_to(a: dict, b: dict) -> bool:
    """One figure is the other rounded to the precision it is written in (`99%` and `99.3%`)."""
    va, vb = a.get("value"), b.get("value")
    if va is None or vb is None or va == vb or a.get("unit") != b.get("unit"):
        return False
    written = []
    for q in (a, b):
        digits = re.search(r"\d[\d,]*(?:\.\d+)?", q.get("text") or "")
        if digits is None:
            return False
        number = digits.group().replace(",", "")
        written.append((float(number), len(number.partition(".")[2])))
    (na, da), (nb, db) = written
    if da == db or not na or not nb:
        return False
    (n_coarse, d_coarse, v_coarse), v_fine = ((na, da, va), vb) if da < db else ((nb, db, vb), va)
    scale = v_coarse / n_coarse  # `£35bn`: 35 written, 35e9 meant
    return round(v_fine / scale, d_coarse) == n_coarse
