"""Clean: the data tables (chrome phrases, breadcrumb roots, month names, name particles) and the regular expressions compiled from them."""
from __future__ import annotations

import re


# ---------------------------------------------------------------------------------------------
# Data tables
# ---------------------------------------------------------------------------------------------

_MAX_TAIL_LINES = 80  # trailing furniture is never longer; bounds the work on odd inputs
_MAX_HEAD_LINES = 15

_UC = "A-ZÀ-ÖØ-Þ"  # upper-case letters (Latin-1 range is enough for city names and person names)
_LC = "a-zß-öø-ÿ"

# Site chrome: (pattern, role, glue).  A line is chrome when the pattern matches the whole line
# (case-insensitive, optional trailing ':' / '»' / '...').  role: "related" = a header that
# introduces a list of related headlines; "chrome" = other page furniture.  glue: the phrase may be
# glued to the next article's headline without a space ("Leave a CommentNext Headline").
_CHROME_TABLE: tuple[tuple[str, str, bool], ...] = (
    # headers of related-article lists
    (r"related(?: (?:posts?|articles?|stories|news|content|coverage|links|reading|topics))?", "related", True),
    (r"(?:you|we think you) (?:may|might|will|would|could)(?: also)? (?:like|enjoy|be interested in)(?: these)?", "related", True),
    (r"read (?:more|also|next)(?: (?:on|about|from) [^\n]{1,60})?", "related", True),
    (r"(?:also|further|recommended) read(?:ing)?", "related", True),
    (r"(?:see|read) also", "related", True),
    (r"more (?:from|on|in|about) [^\n]{1,60}", "related", False),
    (r"more (?:stories|news|articles|headlines|coverage)", "related", True),
    (r"recommended(?: (?:for you|stories|articles|posts|reading))?", "related", True),
    (r"(?:most (?:popular|read|viewed|shared)|popular (?:posts|stories|articles)|trending(?: now)?)", "related", True),
    (r"(?:latest|top|other|recent) (?:news|posts|articles|stories|headlines)", "related", True),
    (r"(?:don[’']t miss|what to read next|in (?:other|case you missed it) news|editor[’']s picks?)", "related", True),
    # comments
    (r"leave a (?:comment|reply)", "chrome", True),
    (r"(?:\d+ )?comments?(?: \(\d+\))?", "chrome", True),
    (r"(?:add|post|write|view|show|load|hide) (?:a |your |all |more )?comments?", "chrome", True),
    (r"(?:be the first to comment|join the (?:conversation|discussion)|no comments yet)[^\n]{0,40}", "chrome", True),
    (r"your email address will not be published[^\n]*", "chrome", False),
    (r"required fields are marked[^\n]*", "chrome", False),
    (r"save my name, email[^\n]*", "chrome", False),
    (r"(?:post comment|submit comment|cancel reply)", "chrome", True),
    # sharing and printing
    (r"share(?: (?:this|the))?(?: (?:article|story|post|page))?(?: (?:on|via|with) [^\n]{1,40})?", "chrome", True),
    (r"(?:facebook|twitter|x|whatsapp|linkedin|telegram|reddit|pinterest|email|e-mail|print|tumblr|viber)"
     r"(?:\s*[|·•,/]?\s*(?:facebook|twitter|x|whatsapp|linkedin|telegram|reddit|pinterest|email|e-mail|print|tumblr|viber))+",
     "chrome", False),
    (r"(?:tweet|pin it|email this|e-mail this|send to a friend|copy link|bookmark)", "chrome", True),
    (r"print(?: (?:this|the))?(?: (?:article|story|page|post))?", "chrome", True),
    (r"(?:download|save) (?:as )?pdf", "chrome", True),
    # subscriptions and follow prompts
    (r"subscribe(?: (?:now|today|here))?(?: to [^\n]{1,60})?", "chrome", True),
    (r"sign up(?: (?:now|today|here))?(?: for [^\n]{1,60})?", "chrome", True),
    (r"follow us(?: on [^\n]{1,60})?", "chrome", True),
    (r"(?:join|get) our (?:newsletter|channel)[^\n]{0,60}", "chrome", False),
    # taxonomy
    (r"(?:tags?|tagged(?: with)?|keywords?|topics?|categor(?:y|ies)|filed under|posted in|labels?)\s*:[^\n]*", "chrome", False),
    # navigation
    (r"(?:next|previous|prev|older|newer)(?: (?:post|article|story|page|entry))?(?:\s*:[^\n]*)?", "chrome", False),
    (r"(?:back to top|go to top|skip to (?:main )?content|toggle navigation|main menu|menu|search|home|log ?in|sign in)", "chrome", False),
    (r"(?:click here|tap here)[^\n]{0,80}", "chrome", False),
    (r"(?:continue reading|scroll to continue|story continues below)[^\n]{0,40}", "chrome", False),
    (r"advertisement|advertising|sponsored(?: content)?", "chrome", False),
    (r"(?:photo|image|video) ?(?:credit)?s?\s*:[^\n]{0,80}", "chrome", False),
    # legal
    (r"(?:©|\(c\)|copyright\b)[^\n]{0,200}", "chrome", False),
    (r"all rights reserved[^\n]{0,80}", "chrome", False),
)

# Chrome phrases that may stand as a whole line inside the body (ads and read-on prompts).
_ANYWHERE_CHROME = (
    r"advertisement(?: ?[-–—:] ?(?:scroll|continue)[^\n]{0,40})?",
    r"(?:story|article) continues below(?: (?:advertisement|this ad))?",
    r"(?:continue reading|scroll to continue)(?: below)?",
)

# Upper-case kickers that look like a dateline city but are labels ("BREAKING –").
_NOT_CITY = frozenset(
    """
    BREAKING UPDATE UPDATED EXCLUSIVE WATCH LIVE ANALYSIS OPINION EDITORIAL COMMENTARY CORRECTION
    URGENT FLASH ALERT PHOTOS PHOTO VIDEO VIDEOS EXPLAINER REVIEW INTERVIEW FEATURE SPONSORED
    ADVERTISEMENT NOTE FACT CHECK
    """.split()
)

# First segment of a breadcrumb trail.
_BREADCRUMB_ROOTS = (
    "home", "homepage", "home page", "start", "startseite", "accueil", "inicio", "início", "portada",
    "front page", "frontpage", "main", "main page", "index", "news", "hjem", "etusivu", "strona główna",
)
_BREADCRUMB_PREFIX = r"(?:you are here|you're here|location|breadcrumbs?)\s*:\s*"

# Month names (several languages) -> month number.
_MONTHS: dict[str, int] = {}
for _num, _names in enumerate(
    (
        "january jan januar janvier enero janeiro gennaio",
        "february feb febr februar février fevrier febrero fevereiro febbraio",
        "march mar märz maerz mars marzo março",
        "april apr avril abril aprile",
        "may mai mayo maio maggio",
        "june jun juni juin junio junho giugno",
        "july jul juli juillet julio julho luglio",
        "august aug août aout agosto",
        "september sep sept septembre septiembre setiembre setembro settembre",
        "october oct oktober octobre octubre outubro ottobre",
        "november nov novembre noviembre novembro",
        "december dec dez dezember décembre decembre diciembre dezembro dicembre",
    ),
    start=1,
):
    for _n in _names.split():
        _MONTHS[_n] = _num
_MONTH_ALT = "|".join(sorted((re.escape(m) for m in _MONTHS), key=len, reverse=True))

_WEEKDAYS = (
    "monday|tuesday|wednesday|thursday|friday|saturday|sunday|"
    "mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun"
)
_DATE_LABELS = (
    r"(?:published|posted|updated|last updated|first published|date|publication date|"
    r"publish date|released?)(?:\s+(?:on|at))?\s*:?"
)

# Lower-case particles allowed inside a person's name, and capitalised words that never start or
# make up a signature.
_NAME_SUFFIXES = r"Jr\.?|Sr\.?|II|III|IV"
_NAME_PARTICLES = "van|von|der|den|de|del|della|des|da|di|du|dos|das|la|le|bin|ibn|bint|al|el|ben|ter|ten|y|e"
_NOT_NAME_WORDS = frozenset(
    """
    the a an this that these those it its we i he she they you our your his her their in on at of
    for with and or but by from to as is are was were be has have had not no yes all any more most
    read share print comments comment home related posts post news photo photos video source follow
    subscribe like also tags tag next previous editor editing reporting copyright advertisement
    monday tuesday wednesday thursday friday saturday sunday today yesterday tomorrow click here
    update updated breaking live latest top new world politics business sports opinion
    """.split()
)

# Small words that stay lower-case in a title-cased headline.
_TITLE_SMALL_WORDS = frozenset(
    """
    a an the and or but nor of in on at to for with over from by as vs via into onto upon after
    before amid amidst about against under up out off per than near since till until among across
    behind beyond during without within between through toward towards is are was be its his her
    their s
    """.split()
)

# Desk codes and end marks that close wire copy.
_DESK_CODE_PATTERNS = (
    rf"\(?[{_UC}]{{1,6}}(?:\s*[/\\-]\s*[{_UC}]{{1,6}}){{0,4}}\)?",
    r"#{3,}|-30-|\(?ends?\)?|\[?end\]?",
)

# ---------------------------------------------------------------------------------------------
# Compiled patterns
# ---------------------------------------------------------------------------------------------

_TAIL_PUNCT = " \t:»›>|.…·•-–—"


def _chrome_regex(entries: list[tuple[str, str, bool]], suffix: str) -> re.Pattern[str]:
    """One alternation per role, so a single match tells whether a line is chrome and which role."""
    groups = []
    for role in ("related", "chrome"):
        alts = [pat for pat, r, _glue in entries if r == role]
        if alts:
            groups.append(f"(?P<{role}>{'|'.join(f'(?:{a})' for a in alts)})")
    return re.compile(f"(?:{'|'.join(groups)}){suffix}", re.IGNORECASE)


_CHROME_FULL = _chrome_regex(list(_CHROME_TABLE), r"[\s:.…»›|>–—-]*")
# in the head only fixed phrases count ("More on the budget" may well be a headline there)
_CHROME_FIXED = _chrome_regex([e for e in _CHROME_TABLE if r"[^\n]" not in e[0]], r"[\s:.…»›|>–—-]*")
# a related header followed on the same line by one headline: "Read more: Some Headline"
_RELATED_INLINE = re.compile(
    rf"(?P<chrome>(?:{'|'.join(f'(?:{pat})' for pat, role, _g in _CHROME_TABLE if role == 'related')})\s*[:»›|–—-])"
    r"\s*(?P<rest>\S[^\n]*)",
    re.IGNORECASE,
)
# a chrome phrase glued to following text: lower-case letter then upper-case letter, no space
_CHROME_GLUED = _chrome_regex(
    [e for e in _CHROME_TABLE if e[2]], rf"(?<=(?-i:[{_LC}]))(?=(?-i:[{_UC}0-9“\"‘']))"
)
_ANYWHERE_RE = re.compile(rf"(?:{'|'.join(_ANYWHERE_CHROME)})[\s:.…]*", re.IGNORECASE)

_BC_ROOT_ALT = "|".join(sorted((re.escape(r) for r in _BREADCRUMB_ROOTS), key=len, reverse=True))
_BC_SEP = r"\s*(?:[»›→]|>>)\s*|\s+(?:>|/|\||::)\s+"
_BREADCRUMB_ROOT_RE = re.compile(rf"(?:{_BREADCRUMB_PREFIX})?(?:{_BC_ROOT_ALT})(?:{_BC_SEP})\S", re.IGNORECASE)
_BREADCRUMB_STRONG_SEP_RE = re.compile(r"\s*(?:[»›→]|>>)\s*")
_BC_SPLIT_RE = re.compile(_BC_SEP)

_TIME = (
    r"(?:\d{1,2}\s*[:.h]\s*\d{1,2}(?::\d{2})?(?:\.\d+)?(?:\s*[ap]\.?\s?m\.?)?(?:\s*uhr)?|\d{1,2}\s*[ap]\.?\s?m\.?)"
    r"(?:\s*\(?(?:z|utc|gmt|[a-z]{2,5}t)(?:\s*[+-]\s*\d{1,2}(?::?\d{2})?)?\)?|\s*[+-]\d{2}:?\d{2}|z)?"
)
_SEP = r"(?:\s*(?:[,|·•/@–—-]|\bat\b|\bum\b|\bà\b|t)\s*|\s+)"
_DATE_CORES = (
    # March 3, 2021 / Mar. 3rd 2021
    rf"(?P<mon>{_MONTH_ALT})\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\.?,?\s+(?P<y>\d{{4}})",
    # 3 March 2021 / 3rd of March, 2021 / 3. März 2021 / 3 de marzo de 2021
    rf"(?P<d>\d{{1,2}})(?:st|nd|rd|th|\.)?\s*(?:of\s+|de\s+)?(?P<mon>{_MONTH_ALT})\.?,?\s+(?:de\s+)?(?P<y>\d{{4}})",
    # 2021-03-03 / 2021/03/03
    r"(?P<y>\d{4})(?P<s>[-/.])(?P<m>\d{1,2})(?P=s)(?P<d>\d{1,2})",
    # 03/03/2021, 3.3.2021 (day/month order resolved below)
    r"(?P<a>\d{1,2})(?P<s>[-/.])(?P<b>\d{1,2})(?P=s)(?P<y>\d{4})",
)
_DATE_LINE_RES = [
    re.compile(
        rf"(?:{_DATE_LABELS}\s*)?(?:(?:{_WEEKDAYS})\.?,?\s+)?(?:{_TIME}{_SEP})?(?:{core})(?:{_SEP}{_TIME})?",
        re.IGNORECASE,
    )
    for core in _DATE_CORES
]

_CITY_WORD = rf"[{_UC}][{_UC}'’.\-]*[{_UC}.]"
_DATELINE_RE = re.compile(
    rf"(?P<city>{_CITY_WORD}(?:[ \t]+{_CITY_WORD}){{0,2}})"
    rf"(?P<region>,[ \t]*[{_UC}0-9][\w.'’]*(?:[ \t]+[{_UC}0-9][\w.'’]*){{0,2}})?"
    r"(?:[ \t]*\((?P<agency>[^()\n]{1,40})\))?"
    r"[ \t]*(?:--|[–—‒―-])(?=[ \t\u00a0]+\S)"
)

_NAME_WORD = rf"(?:[{_UC}]['’])?[{_UC}][{_LC}]+(?:[{_UC}][{_LC}]+)?(?:-(?:[{_UC}][{_LC}]+|[{_LC}]+))*"
_NAME_TOKEN = rf"(?:{_NAME_WORD}|[{_UC}]\.|(?:{_NAME_PARTICLES})(?:-{_NAME_WORD})?|,?[ \t]*(?:{_NAME_SUFFIXES}))"
_NAME = rf"{_NAME_WORD}(?:[ \t]+{_NAME_TOKEN}){{1,4}}"
_SIGNATURE_RE = re.compile(rf"(?:[–—-][ \t]*)?(?:(?i:by):?[ \t]+)?(?P<name>{_NAME})")
_TOP_BYLINE_RE = re.compile(
    rf"(?i:by):?[ \t]+(?P<name>{_NAME}(?:[ \t]*(?:,[ \t]*|[ \t]and[ \t]+|&[ \t]*){_NAME})*?)"
    r"(?:[ \t]*(?:,|\||·|•|–|—|-)[ \t]*(?P<rest>[^\n]{1,100}))?"
)
_CREDIT_RE = re.compile(
    r"\(?(?:reporting|writing|written|additional reporting|compiled|edited|editing)[ \t]+by[ \t]+"
    r"(?P<name>[^;,()\n]{2,60}?)(?:[ \t]+(?:in|and|with)[ \t][^;()\n]*)?(?:;[^\n]*)?\)?\.?",
    re.IGNORECASE,
)
_DESK_CAPS_RE = re.compile(_DESK_CODE_PATTERNS[0])
_DESK_END_RE = re.compile(_DESK_CODE_PATTERNS[1], re.IGNORECASE)
_LINE_RE = re.compile(r"[^\n]+")
_WORD_RE = re.compile(r"\S+")
_ABBREV_END_RE = re.compile(rf"(?:\b[{_UC}]\.){{2,}}$")
_CLOSERS = "\"'”’»)]*"
