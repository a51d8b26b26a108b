"""The word tables the quantities stages read: number words, hedges, units, exclusions, predicate
classes and counted categories.

Plain data, kept apart from the code that reads it, so that a list can be extended for a new kind
of story without touching the parser walk. Every list is written by hand from how English news writes
figures; none is tuned to one topic, and no model here would do better on the few hundred words they
hold (benchmarks/quantities_eval.py measures the stage with them).
"""
from __future__ import annotations

# fmt: off
NUMBER_WORDS: dict[str, int] = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
    "dozen": 12, "hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000,
    "trillion": 1_000_000_000_000,
}
# Scale words and suffixes: "1.5 million", "$2bn", "€40m", "300k".
MULTIPLIERS: dict[str, float] = {
    "hundred": 1e2, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
    "k": 1e3, "m": 1e6, "mn": 1e6, "mln": 1e6, "bn": 1e9, "b": 1e9, "tn": 1e12, "trn": 1e12,
}
# Vague counts: the smallest number the words allow; the upper bound stays open.
VAGUE_COUNTS: dict[str, float] = {
    "dozens": 24, "scores": 40, "hundreds": 200, "thousands": 2_000, "millions": 2_000_000,
    "billions": 2_000_000_000,
    "tens of thousands": 20_000, "hundreds of thousands": 200_000, "tens of millions": 20_000_000,
    "hundreds of millions": 200_000_000,
}
FRACTIONS: dict[str, float] = {
    "half": 1 / 2, "third": 1 / 3, "thirds": 1 / 3, "quarter": 1 / 4, "quarters": 1 / 4,
    "fifth": 1 / 5, "fifths": 1 / 5, "sixth": 1 / 6, "tenth": 1 / 10, "tenths": 1 / 10,
}
# Hedges before a figure and what they do to its interval:
#   gt/ge: lower bound (high open), lt/le: upper bound (low open),
#   approx: value +- APPROX_TOLERANCE, near: just under the value.
HEDGES: dict[str, str] = {
    "more than": "gt", "over": "gt", "above": "gt", "in excess of": "gt", "upwards of": "gt",
    "greater than": "gt", "just over": "gt", "well over": "gt", "higher than": "gt",
    "at least": "ge", "no fewer than": "ge", "no less than": "ge", "a minimum of": "ge",
    "not less than": "ge",
    "fewer than": "lt", "less than": "lt", "under": "lt", "below": "lt", "just under": "lt",
    "up to": "le", "at most": "le", "as many as": "le", "as much as": "le", "a maximum of": "le",
    "no more than": "le", "not more than": "le",
    "about": "approx", "around": "approx", "roughly": "approx", "approximately": "approx",
    "some": "approx", "an estimated": "approx", "estimated": "approx", "circa": "approx",
    "almost": "near", "nearly": "near", "close to": "near", "just short of": "near",
    "more or less": "approx", "an average of": "approx", "on average": "approx",
}
APPROX_TOLERANCE = 0.10  # "about 150" covers 135..165
NEAR_TOLERANCE = 0.10    # "nearly 3,000" covers 2,700..3,000
RANGE_JOINERS = {"and", "to", "-", "–", "—", "or"}
RANGE_OPENERS = {"between", "from"}
CURRENCY_SYMBOLS: dict[str, str] = {
    "$": "USD", "us$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "₹": "INR", "₽": "RUB",
    "a$": "AUD", "c$": "CAD", "hk$": "HKD", "₩": "KRW", "₺": "TRY", "r$": "BRL",
}
CURRENCY_WORDS: dict[str, str] = {
    "dollar": "USD", "dollars": "USD", "usd": "USD", "euro": "EUR", "euros": "EUR", "eur": "EUR",
    "pound": "GBP", "pounds": "GBP", "sterling": "GBP", "gbp": "GBP", "yen": "JPY", "yuan": "CNY",
    "renminbi": "CNY", "rupee": "INR", "rupees": "INR", "roubles": "RUB", "rubles": "RUB",
    "francs": "CHF", "rand": "ZAR", "naira": "NGN", "pesos": "MXN", "lira": "TRY", "won": "KRW",
}
PERCENT_WORDS = {"%": "%", "percent": "%", "per cent": "%", "pct": "%", "percentage points": "pp"}
# Units of measure (one or two words) and their canonical names.
UNITS: dict[str, str] = {
    "square kilometres": "km2", "square kilometers": "km2", "sq km": "km2", "km2": "km2",
    "square miles": "mi2", "square metres": "m2", "square meters": "m2",
    "kilometres": "km", "kilometers": "km", "kilometre": "km", "kilometer": "km", "km": "km",
    "miles": "mi", "mile": "mi", "metres": "m", "meters": "m", "metre": "m", "meter": "m",
    "centimetres": "cm", "cm": "cm", "millimetres": "mm", "mm": "mm", "feet": "ft", "foot": "ft",
    "tonnes": "t", "tonne": "t", "tons": "t", "ton": "t", "kilograms": "kg", "kilogram": "kg",
    "kg": "kg", "grams": "g", "pounds of": "lb",
    "litres": "l", "liters": "l", "litre": "l", "liter": "l", "gallons": "gal", "barrels": "bbl",
    "cubic metres": "m3", "cubic meters": "m3",
    "hectares": "ha", "hectare": "ha", "acres": "acre",
    "megawatts": "MW", "mw": "MW", "gigawatts": "GW", "gw": "GW", "kilowatts": "kW",
    "degrees": "deg", "mph": "mph", "km/h": "km/h", "kph": "km/h", "knots": "kn",
}
# Durations are quantities only where they measure a penalty or a stay ("up to 12 years in prison").
DURATION_UNITS = {"years": "years", "year": "years", "months": "months", "month": "months",
                  "weeks": "weeks", "days": "days", "hours": "hours"}
DURATION_CONTEXT = {"prison", "jail", "sentence", "sentenced", "imprisonment", "detention",
                    "custody", "term", "terms", "ban", "jailed", "imprisoned"}
# Words that make a DATE/TIME entity a date rather than a mis-tagged count.
TIME_WORDS = {
    "year", "years", "month", "months", "week", "weeks", "day", "days", "hour", "hours",
    "minute", "minutes", "second", "seconds", "decade", "decades", "century", "centuries",
    "ago", "am", "pm", "a.m.", "p.m.", "o'clock", "old", "aged", "night", "nights", "morning",
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
    "sept", "oct", "nov", "dec", "monday", "tuesday", "wednesday", "thursday", "friday",
    "saturday", "sunday", "season", "quarter", "fiscal", "s", "'s",
}
# A number right after one of these words is an identifier, not a count ("page 12", "Flight 370").
ID_PREFIXES = {
    "page", "pages", "p.", "pp.", "chapter", "section", "article", "paragraph", "clause", "item",
    "no.", "no", "number", "nos.", "resolution", "flight", "route", "highway", "platform", "room",
    "gate", "seat", "line", "bus", "version", "level", "grade", "category", "phase", "stage",
    "episode", "volume", "vol.", "issue", "case", "code", "tel", "tel.", "phone", "fax", "ext.",
    "apartment", "unit", "floor", "district", "precinct", "block", "lot", "figure", "table",
    "exit", "channel", "track", "model", "type", "hall", "court", "camp", "division", "round",
    "game", "match", "week", "day", "year", "ward", "bill", "act", "law", "decree", "order",
    "number", "id", "#", "station", "terminal", "building", "mile", "kilometre", "km", "post",
}
AGE_BEFORE = {"aged", "age", "ages"}
AGE_GAP_WORDS = {"of", "between", "under", "over", "about", "around", "at", "least", "nearly", "almost", "from", "the"}
# A number right before one of these is a clock time ("1200 GMT", "0900 hours"), never a count.
CLOCK_AFTER = {"gmt", "utc", "bst", "cet", "cest", "est", "edt", "pst", "pdt", "hours", "hrs", "h"}
# Entity labels whose numbers belong to a name ("G20", "Apollo 11", "Windows 10").
NAME_LABELS = {"PERSON", "ORG", "GPE", "FAC", "PRODUCT", "EVENT", "LAW", "WORK_OF_ART", "LOC",
               "NORP", "LANGUAGE"}
NOT_A_COUNT_LABELS = {"ORDINAL"}
# Words through which a figure's noun phrase hands its predicate up ("17,161 citizens, including
# 27 legislators ... have been killed": the legislators were killed too).
INCLUDING_WORDS = {"including", "among", "like", "such", "plus", "besides"}
# Nouns that are predicates ("the death of 12,000 civilians", "the arrest of 40 members").
PREDICATE_NOUNS = {
    "death", "deaths", "killing", "killings", "murder", "murders", "massacre", "execution",
    "executions", "assassination", "arrest", "arrests", "detention", "injury", "injuries",
    "displacement", "evacuation", "rescue", "release", "deportation", "abduction", "kidnapping",
    "disappearance", "eviction", "resettlement", "dismissal", "layoff", "layoffs", "loss", "losses",
    "sale", "sales", "purchase", "payment", "funding", "investment", "donation", "fine", "cost",
    "vote", "votes", "casualty", "casualties", "fatality", "fatalities", "victim", "victims",
    "case", "cases", "infection", "infections", "hospitalisation", "hospitalization",
}
# Counters whose own compound gives the predicate ("the death toll rose to 150").
TOLL_NOUNS = {"toll", "tally", "count", "number", "figure", "total"}
# Adjectives that state what happened to the counted ("left 35 people dead", "12 missing").
STATE_ADJECTIVES = {"dead", "missing", "injured", "wounded", "homeless", "displaced", "unemployed",
                    "hurt", "stranded", "trapped", "infected", "hospitalised", "hospitalized",
                    "unaccounted", "alive", "responsible"}
# Governing words through which a nominal predicate gets its agent ("the group, which bears
# responsibility for the death of ...").
RESPONSIBILITY_WORDS = {"responsibility", "responsible", "blame", "blamed", "behind", "guilty",
                        "accountable", "liable", "culpable", "credit"}
# A figure reported as someone's claim ("X claimed that troops killed 35") and contradicted in the
# next sentence ("this is a lie") is a denied claim, whatever the statements stage found.
CLAIM_VERBS = {"claim", "allege", "accuse", "assert", "insist", "charge"}
# Nouns for a claim someone holds: the possessor of one is the claimant of a figure it carries.
CLAIM_NOUNS = {"claim", "report", "allegation", "suggestion", "estimate", "assertion", "account", "rumour",
               "rumor", "figure", "accusation", "charge"}
DENY_VERBS = {"deny", "reject", "refute", "dismiss", "dispute", "contest"}
DENIAL_CUES = {"lie", "lies", "false", "untrue", "baseless", "fabricated", "fabrication", "deny",
               "denied", "denies", "unfounded", "groundless", "fake", "rejected", "refuted"}
LIGHT_VERBS = {"be", "have", "become", "remain", "include", "say", "put", "number", "reach",
               "stand", "rise", "climb", "total", "hit", "exceed", "top", "increase", "grow",
               "jump", "fall", "drop", "surge", "soar"}
RELATIVE_PRONOUNS = {"who", "which", "that", "whom", "whose"}
# Predicate classes for grouping: every lemma here is compared as its class.
PREDICATE_CLASSES: dict[str, tuple[str, ...]] = {
    "kill": ("kill", "die", "dead", "death", "deaths", "killing", "killings", "murder", "slay",
             "massacre", "execute", "execution", "assassinate", "assassination", "fatality",
             "fatalities", "perish", "shoot", "behead", "lose"),
    "injure": ("injure", "injured", "injury", "injuries", "wound", "wounded", "hurt", "maim"),
    "detain": ("detain", "detention", "arrest", "arrests", "hold", "jail", "imprison", "capture",
               "round", "question", "apprehend", "intern", "seize", "abduct", "kidnap",
               "kidnapping", "abduction"),
    "displace": ("displace", "displaced", "displacement", "flee", "evacuate", "evacuation",
                 "resettle", "resettlement", "relocate", "uproot", "evict", "eviction", "leave",
                 "move", "homeless"),
    "missing": ("missing", "disappear", "disappearance", "unaccounted"),
    "pay": ("pay", "payment", "fund", "funding", "spend", "invest", "investment", "donate",
            "donation", "lend", "loan", "grant", "cost", "allocate", "raise", "award"),
    "protest": ("march", "protest", "rally", "gather", "demonstrate", "attend", "join", "turn"),
    "vote": ("vote", "votes", "elect", "win", "back", "support", "cast"),
    "infect": ("infect", "infection", "infections", "case", "cases", "test", "diagnose",
               "contract", "hospitalise", "hospitalize", "hospitalisation", "hospitalization"),
    "employ": ("employ", "hire", "lay", "layoff", "layoffs", "cut", "dismiss", "sack", "fire",
               "dismissal", "furlough"),
    "migrate": ("migrate", "cross", "arrive", "enter", "deport", "deportation", "return",
                "apply", "seek", "admit"),
    "rescue": ("rescue", "save", "evacuate", "pull", "release", "free"),
}
# Counted categories: each head noun (lemma) is placed in a hierarchy (child -> parent). The root
# classes never compare with each other ("households" are not "people").
CATEGORY_PARENTS: dict[str, str] = {
    # people and their sub-groups
    "people": "person", "person": "person", "individual": "person", "human": "person",
    "civilian": "person", "citizen": "person", "resident": "person", "inhabitant": "person",
    "national": "person", "villager": "person", "local": "person",
    "soldier": "combatant", "troop": "combatant", "fighter": "combatant", "militant": "combatant",
    "rebel": "combatant", "insurgent": "combatant", "combatant": "combatant", "guard": "combatant",
    "officer": "person", "policeman": "person", "police": "person", "personnel": "person",
    "combatant_": "person",
    "member": "person", "supporter": "person", "follower": "person", "activist": "person",
    "protester": "person", "demonstrator": "person", "worker": "person", "employee": "person",
    "staff": "person", "farmer": "person", "student": "person", "child": "person",
    "woman": "person", "man": "person", "girl": "person", "boy": "person", "adult": "person",
    "patient": "person", "passenger": "person", "migrant": "person", "refugee": "person",
    "asylum": "person", "seeker": "person", "voter": "person", "fan": "person",
    "spectator": "person", "official": "person", "legislator": "person", "lawmaker": "person",
    "politician": "person", "scientist": "person", "journalist": "person", "doctor": "person",
    "nurse": "person", "teacher": "person", "prisoner": "person", "detainee": "person",
    "victim": "person", "casualty": "person", "survivor": "person", "hostage": "person",
    "tourist": "person", "visitor": "person", "pilgrim": "person", "miner": "person",
    "suspect": "person", "defector": "person", "dissident": "person", "diplomat": "person",
    "other": "person", "player": "person", "athlete": "person", "runner": "person",
    "household": "household", "family": "household", "home": "dwelling", "house": "dwelling",
    "building": "dwelling", "dwelling": "dwelling", "apartment": "dwelling",
    "village": "settlement", "town": "settlement", "city": "settlement",
    "vote": "vote", "ballot": "vote", "seat": "seat",
    "case": "case", "infection": "case", "death": "person",
}
CATEGORY_ROOT_PARENT = {"combatant": "person"}  # soldiers are people too
# Disjoint sub-groups of people: a count of one is a different scope from a count of the other.
DISJOINT_CATEGORIES = [("civilian", "combatant"), ("civilian", "soldier"), ("civilian", "officer"),
                       ("child", "adult"), ("woman", "man"), ("girl", "boy")]
# Generic agents: a plural or role noun with no name is broader than any named actor.
GENERIC_AGENT_WORDS = {"terrorist", "terrorists", "militant", "militants", "gunman", "gunmen",
                       "attacker", "attackers", "rebel", "rebels", "insurgent", "insurgents",
                       "police", "troops", "soldiers", "forces", "army", "authorities",
                       "government", "state", "criminals", "gangs", "people", "someone",
                       "unknown", "assailants"}
AGENT_STOPWORDS = {"the", "a", "an", "its", "their", "his", "her", "of", "group", "organization",
                   "organisation", "terrorist", "terror", "forces", "force", "'s", "’s",
                   # a pronoun names no one: `It agreed to pay $13m` and `It offered $300m` are two firms
                   "it", "they", "he", "she", "we", "i", "you", "this", "that", "these", "those", "who", "which"}
# Predicates that say only that something is or is had: two such figures are one fact's only when they
# are said of one named actor ("Ray Charles has seven nominations", "Vera Drake has 11").
BARE_PREDICATES = {"be", "have"}

# The words two figures are compared by (compare.py).
# Predicates with no counted noun still count people ("the death toll rose to 150").
PREDICATE_DEFAULT_CATEGORY = {"kill": "person", "injure": "person", "detain": "person",
                              "missing": "person", "displace": "person", "protest": "person",
                              "rescue": "person", "migrate": "person"}
# Heads that mean "people" with no narrowing.
PERSON_EQUIVALENTS = {"people", "person", "individual", "human", "citizen", "national",
                      "resident", "inhabitant", "soul", "life", "lives", "other", "others"}
QUALIFIER_STOPWORDS = {"the", "a", "an", "of", "its", "their", "his", "her", "our", "those",
                       "these", "them", "this", "that", "innocent", "ordinary", "other", "more",
                       "many", "some", "all", "local"}
# fmt: on
