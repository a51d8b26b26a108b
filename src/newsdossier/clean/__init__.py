"""Clean: find title, dateline, date line, byline and site chrome in scraped plain text.

Nothing is deleted: boilerplate is recorded as spans so offsets keep indexing the original text.

Why this is hand-written: boilerplate removers such as trafilatura, jusText or readability work on
the HTML DOM (tag names, link density, block structure).  A large part of a news corpus arrives as
text that a scraper has already flattened: the DOM is gone, and breadcrumbs, date lines, share
buttons, "Related posts" lists and the next article's headline are plain lines between the
paragraphs.  No library segments such flattened scrapes while keeping character offsets into the
original string, so this module does it with line-level rules.  Every rule is driven by the data
tables at the top of the module (chrome phrases, breadcrumb roots, month names, name particles),
not by code branches for one site, and everything is plain regular expressions over lines: a typical
article takes well under a millisecond and no input can make it raise.

Rules, in order:

1. Head.  Leading lines that are a breadcrumb (``Home » Section » Headline``), a date line
   (``March 3, 2021 - 14:05``), a ``By Jane Doe`` byline, or site chrome are boilerplate.  The first
   other short line without a final period is the title (or the caller's ``title_hint`` when the text
   starts with it); a line repeating the title is ``title_repeat``.  Date lines must match a strict
   full-line pattern (month-name table, ISO and numeric forms, optional time); dateutil's parser is
   not used because its fuzzy mode takes almost any line with a number for a date.
2. Dateline.  The first body paragraph may start with ``CITY, Region (Agency) –``.
3. Tail.  Walking back from the end: site chrome lines (``Leave a Comment``, ``Share this``,
   ``Tags: ...``), the short headlines after a related header (``Related posts``, ``You may also
   like``), a final desk code (``AB/CD``) and date lines form the trailing block; the name line just
   before it (or at the very end) is the author's signature, unless its words are the article's own
   lower-case vocabulary (a headline such as "Climate Summit Ends", not a name).  A chrome phrase glued to the next
   article's headline (``Leave a CommentNext Headline``) ends the article at the chrome words.
4. Inline headlines.  A title-cased line without final punctuation between two prose paragraphs is a
   promo link to another article (``inline_headline``); it stays inside the body range.
"""
from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, field
from newsdossier.clean.patterns import (
    _ABBREV_END_RE,
    _ANYWHERE_RE,
    _BC_SPLIT_RE,
    _BREADCRUMB_ROOT_RE,
    _BREADCRUMB_STRONG_SEP_RE,
    _CHROME_FIXED,
    _CHROME_FULL,
    _CHROME_GLUED,
    _CLOSERS,
    _CREDIT_RE,
    _DATELINE_RE,
    _DATE_LINE_RES,
    _DESK_CAPS_RE,
    _DESK_END_RE,
    _LINE_RE,
    _MAX_HEAD_LINES,
    _MAX_TAIL_LINES,
    _MONTHS,
    _NOT_CITY,
    _NOT_NAME_WORDS,
    _RELATED_INLINE,
    _SIGNATURE_RE,
    _TITLE_SMALL_WORDS,
    _TOP_BYLINE_RE,
)

__all__ = ["Boilerplate", "CleanResult", "clean_text"]


@dataclass(slots=True, frozen=True)
class Boilerplate:
    """A span of the original text that is not article prose (it is not parsed)."""

    kind: str  # breadcrumb | title_repeat | date_line | dateline | byline | site_chrome | related | desk_code | ...
    start: int
    end: int
    text: str


@dataclass(slots=True)
class CleanResult:
    title: str | None = None
    title_start: int | None = None
    title_end: int | None = None
    body_start: int = 0
    body_end: int = 0
    dateline: str | None = None  # e.g. "CITY (Agency) –" as written
    dateline_city: str | None = None
    dateline_agency: str | None = None
    published: str | None = None  # ISO date from a date line, when the text has one
    author: str | None = None
    boilerplate: list[Boilerplate] = field(default_factory=list)
    # Where text glued on after this article's trailing chrome begins (a scraper ran the next
    # article into this one, e.g. "Leave a CommentNext Headline"); None when there is none.
    next_article_start: int | None = None


# ---------------------------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------------------------


@dataclass(slots=True)
class _Line:
    start: int
    end: int
    text: str


def _lines(text: str) -> list[_Line]:
    out: list[_Line] = []
    for m in _LINE_RE.finditer(text):
        raw = m.group()
        stripped = raw.strip()
        if not stripped:
            continue
        lead = len(raw) - len(raw.lstrip())
        s = m.start() + lead
        out.append(_Line(s, s + len(stripped), stripped))
    return out


def _norm(s: str) -> str:
    s = s.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    s = re.sub(r"[–—‒―]", "-", s)
    return " ".join(s.casefold().split())


def _last_char(s: str) -> str:
    s = s.rstrip(_CLOSERS + " \t")
    return s[-1] if s else ""


def _chrome_role(s: str, rx: re.Pattern[str] = _CHROME_FULL) -> str | None:
    m = rx.fullmatch(s)
    return m.lastgroup if m else None


def _glued_chrome(s: str) -> tuple[int, str] | None:
    """Length of a chrome phrase glued (no space) to following capitalised text, and its role."""
    m = _CHROME_GLUED.match(s)
    if m and m.end() < len(s):
        return m.end(), m.lastgroup or "chrome"
    return None


def _related_inline(s: str) -> tuple[int, int] | None:
    """'Read more: Some Headline' -> (end of chrome part, start of the headline) within the line."""
    if len(s) > 200:
        return None
    m = _RELATED_INLINE.fullmatch(s)
    if m and _is_headline_like(m.group("rest")):
        return m.end("chrome"), m.start("rest")
    return None


def _is_breadcrumb(s: str) -> bool:
    if len(s) > 400:
        return False
    if _BREADCRUMB_ROOT_RE.match(s):
        return True
    # no known root, but a trail of two or more strong separators between short segments
    parts = _BREADCRUMB_STRONG_SEP_RE.split(s)
    if len(parts) >= 3 and all(0 < len(p.split()) <= 15 for p in parts):
        return _last_char(s) not in ".!?"
    return False


def _breadcrumb_last_segment(line: _Line) -> tuple[int, int] | None:
    """Offsets (relative to the line) of the breadcrumb's last segment."""
    last = None
    for m in _BC_SPLIT_RE.finditer(line.text):
        last = m
    if last is None or last.end() >= len(line.text):
        return None
    return last.end(), len(line.text)


def _parse_date(s: str) -> tuple[bool, str | None]:
    """(is a date line, ISO date or None when the day/month order is ambiguous)."""
    if len(s) > 80 or not any(c.isdigit() for c in s):
        return False, None
    for rx in _DATE_LINE_RES:
        m = rx.fullmatch(s)
        if not m:
            continue
        g = m.groupdict()
        try:
            year = int(g["y"])
            if g.get("mon"):
                month = _MONTHS[g["mon"].lower()]
                day = int(g["d"])
            elif g.get("m"):
                month, day = int(g["m"]), int(g["d"])
            else:
                a, b = int(g["a"]), int(g["b"])
                if g["s"] == "." or a > 12:
                    day, month = a, b
                elif b > 12:
                    month, day = a, b
                else:
                    _dt.date(year, a, b)  # a valid date either way: still a date line
                    return (1900 <= year <= 2100), None
            if not 1900 <= year <= 2100:
                continue
            return True, _dt.date(year, month, day).isoformat()
        except (KeyError, ValueError, TypeError):
            continue
    return False, None


def _is_headline_like(s: str) -> bool:
    if not s or len(s) > 160 or len(s.split()) > 24:
        return False
    return _last_char(s) not in ".,;:" and any(c.isalpha() for c in s)


def _is_prose(s: str) -> bool:
    return len(s.split()) >= 6 and _last_char(s) in ".!?…:"


def _looks_like_title(s: str) -> bool:
    if not s or len(s) >= 200 or len(s.split()) > 35 or not any(c.isalpha() for c in s):
        return False
    last = _last_char(s)
    if last in ",;:":
        return False
    if last == "." and not _ABBREV_END_RE.search(s.rstrip(_CLOSERS)):
        return False
    if _DATELINE_RE.match(s):
        return False
    return True


def _signature_name(s: str) -> str | None:
    if len(s) > 70:
        return None
    m = _SIGNATURE_RE.fullmatch(s)
    if not m:
        return None
    name = m.group("name")
    words = name.split()
    capital = [w for w in words if w[:1].isupper() and not (len(w) == 2 and w.endswith("."))]
    if not 2 <= len(capital) <= 4:
        return None
    if any(w.casefold() in _NOT_NAME_WORDS for w in capital):
        return None
    return name


def _plausible_name(name: str, text: str) -> bool:
    """A signature's words are names, not vocabulary: reject "Climate Summit Ends" when the
    article uses two or more of those words in lower case ("climate", "summit")."""
    words = [w for w in name.split() if w[:1].isupper() and w.isalpha()]
    if not words:
        return True
    common = sum(1 for w in words if _has_word(text, w.lower()))
    return common < 2


def _has_word(text: str, word: str) -> bool:
    i = text.find(word)
    while i >= 0:
        j = i + len(word)
        before = text[i - 1] if i else " "
        after = text[j] if j < len(text) else " "
        if not (before.isalnum() or before == "-") and not (after.isalnum() or after == "-"):
            return True
        i = text.find(word, i + 1)
    return False


def _first_name_ok(names: str) -> bool:
    first = re.split(r",|\s+and\s+|&", names, maxsplit=1)[0].strip()
    return _signature_name(first) is not None


def _credit_name(s: str) -> str | None:
    if len(s) > 200:
        return None
    m = _CREDIT_RE.fullmatch(s)
    return m.group("name").strip() if m else None


def _is_desk_code(s: str) -> bool:
    if len(s) > 40:
        return False
    if _DESK_CAPS_RE.fullmatch(s):
        return sum(c.isalpha() for c in s) >= 2
    return _DESK_END_RE.fullmatch(s) is not None


def _is_title_case_headline(s: str) -> bool:
    words = s.split()
    if not 5 <= len(words) <= 18 or len(s) > 140:
        return False
    if _last_char(s) in ".,;:!?…" or s[-1:] in _CLOSERS:
        return False
    capital = 0
    for i, w in enumerate(words):
        core = w.strip("\"'“”‘’()[]")
        if not core:
            return False
        if core[0].isupper() or core[0].isdigit():
            capital += 1
        elif i == 0 or core.casefold() not in _TITLE_SMALL_WORDS:
            return False
    return capital >= 4


# ---------------------------------------------------------------------------------------------
# Main entry point
# ---------------------------------------------------------------------------------------------


def clean_text(text: str, *, title_hint: str | None = None) -> CleanResult:
    """Find title, dateline, date line, author and boilerplate spans in one article's text.

    Offsets index `text` itself; nothing is removed.  `title_hint` is the title as known to the
    reader (HTML title, JSONL/CSV title field): when the text starts with it, that is the title
    span; otherwise `title` is the hint and there is no title span.
    """
    res = CleanResult()
    if not isinstance(text, str) or not text:
        if title_hint and title_hint.strip():
            res.title = title_hint.strip()
        return res
    return _Cleaner(text, title_hint, res).run()


class _Cleaner:
    """One article's cleaning, in the order a reader's eye takes it: head, glued next article, tail,
    dateline, the body's inside. Each step reads and moves the line cursor the step before left."""

    def __init__(self, text: str, title_hint: str | None, res: CleanResult):
        self.text = text
        self.res = res
        self.lines = _lines(text)
        self.bps: list[Boilerplate] = []
        self.hint = title_hint.strip() if title_hint else ""
        self.title_norm: str | None = None
        self.i = 0  # the first line not yet read as head

    def add(self, kind: str, start: int, end: int) -> None:
        seg = self.text[start:end]
        lead = len(seg) - len(seg.lstrip())
        start += lead
        end = start + len(seg.strip())
        if end > start:
            self.bps.append(Boilerplate(kind, start, end, self.text[start:end]))

    def run(self) -> CleanResult:
        res, lines = self.res, self.lines
        self._title_from_hint()
        head_end = self._head()
        body_first = self.i
        res.body_start = res.body_end = min(head_end, len(self.text))
        if body_first >= len(lines):
            res.boilerplate = _finish(self.bps)
            return res
        end_idx = self._glued_next_article(body_first)
        body_last = self._tail(body_first, end_idx) - 1
        res.body_start = lines[body_first].start
        res.body_end = lines[body_last].end
        self._dateline(lines[body_first])
        self._inside(body_first, body_last)
        res.boilerplate = _finish(self.bps)
        return res

    def _title_from_hint(self) -> None:
        res, lines, text, hint = self.res, self.lines, self.text, self.hint
        if not hint:
            return
        res.title = hint
        self.title_norm = _norm(hint)
        if lines:
            first = lines[0]
            end = first.start + len(hint)
            exact = text.startswith(hint, first.start) and text[end : end + 1] in ("", "\n", "\r", " ", "\t")
            if exact and text[end:].split("\n", 1)[0].strip() == "":
                res.title_start, res.title_end = first.start, end
                while self.i < len(lines) and lines[self.i].start < end:
                    self.i += 1
            elif _norm(first.text) == self.title_norm:
                # the line is the hint written otherwise (`‒` for `–`): the title is what the text writes
                res.title_start, res.title_end = first.start, first.end
                res.title = text[first.start : first.end]
                self.i = 1

    def _head(self) -> int:
        """Breadcrumbs, date lines, bylines, chrome and the title above the body; returns where the head ends."""
        res, lines, text, add = self.res, self.lines, self.text, self.add
        i = self.i
        title_from_text = False
        crumb: _Line | None = None
        head_end = lines[i - 1].end if i else 0
        while i < len(lines) and i < _MAX_HEAD_LINES:
            ln = lines[i]
            s = ln.text
            if _is_breadcrumb(s):
                add("breadcrumb", ln.start, ln.end)
                crumb = ln
            elif (d := _parse_date(s))[0]:
                add("date_line", ln.start, ln.end)
                if d[1] and not res.published:
                    res.published = d[1]
            elif len(s) <= 160 and (m := _TOP_BYLINE_RE.fullmatch(s)) and _first_name_ok(m.group("name")):
                add("byline", ln.start, ln.end)
                res.author = res.author or m.group("name").strip()
                rest = m.group("rest")
                if rest:
                    d = _parse_date(rest.strip())
                    if d[1] and not res.published:
                        res.published = d[1]
            elif _chrome_role(s, _CHROME_FIXED) is not None:
                add("site_chrome", ln.start, ln.end)
            elif self.title_norm is not None and _norm(s) == self.title_norm:
                add("title_repeat", ln.start, ln.end)
            elif self.title_norm is None and not self.hint and _looks_like_title(s):
                res.title, res.title_start, res.title_end = s, ln.start, ln.end
                self.title_norm = _norm(s)
                title_from_text = True
            else:
                break
            head_end = ln.end
            i += 1

        # a breadcrumb whose headline segment was not repeated on its own line names the title
        if self.title_norm is None and crumb is not None:
            seg = _breadcrumb_last_segment(crumb)
            if seg and _looks_like_title(crumb.text[seg[0] : seg[1]]):
                res.title_start, res.title_end = crumb.start + seg[0], crumb.start + seg[1]
                res.title = text[res.title_start : res.title_end]

        # nothing but a title: the line is the article, not a title
        if i >= len(lines) and title_from_text and not self.bps:
            res.title = res.title_start = res.title_end = None
            i = 0
            head_end = 0
        self.i = i
        return head_end

    def _glued_next_article(self, body_first: int) -> int:
        """The index of the line where a next article (or its related links) is glued on, else the end."""
        res, lines, text, add = self.res, self.lines, self.text, self.add
        for k in range(body_first + 1, len(lines)):
            g = _glued_chrome(lines[k].text)
            if g is None:
                continue
            ln = lines[k]
            glue_len, role = g
            rest_start = ln.start + glue_len
            later = lines[k + 1 :]
            if role == "related" and all(_is_headline_like(x.text) or _chrome_role(x.text) for x in later):
                add("site_chrome", ln.start, rest_start)
                add("related", rest_start, ln.end)
                for x in later:
                    add("site_chrome" if _chrome_role(x.text) else "related", x.start, x.end)
            else:
                add("site_chrome", ln.start, rest_start)
                res.next_article_start = rest_start + (len(text[rest_start:ln.end])
                                                       - len(text[rest_start:ln.end].lstrip()))
            return k
        return len(lines)

    def _tail(self, body_first: int, end_idx: int) -> int:
        """Trailing furniture (chrome, related links, desk codes, credits, signature); returns where it starts."""
        res, lines, text, add = self.res, self.lines, self.text, self.add
        # walk back over lines that could be trailing furniture
        k = end_idx - 1
        while k > body_first and end_idx - k <= _MAX_TAIL_LINES:
            s = lines[k].text
            if _is_tail_marker(s) or _is_headline_like(s):
                k -= 1
                continue
            break
        # the trailing block starts at the first confirmed marker; headline-like lines before it return
        # to the body (except a signature right before it)
        first_marker = next((j for j in range(k + 1, end_idx) if _is_tail_marker(lines[j].text)), None)
        tail_start = first_marker if first_marker is not None else end_idx
        if first_marker is not None:
            in_related = False
            for j in range(first_marker, end_idx):
                ln = lines[j]
                s = ln.text
                role = _chrome_role(s)
                if role is not None:
                    add("site_chrome", ln.start, ln.end)
                    in_related = role == "related"
                elif (ri := _related_inline(s)) is not None:
                    add("site_chrome", ln.start, ln.start + ri[0])
                    add("related", ln.start + ri[1], ln.end)
                    in_related = True
                elif _is_desk_code(s):
                    add("desk_code", ln.start, ln.end)
                elif (d := _parse_date(s))[0]:
                    add("date_line", ln.start, ln.end)
                    if d[1] and not res.published and not in_related:
                        res.published = d[1]
                elif (cn := _credit_name(s)) is not None:
                    add("byline", ln.start, ln.end)
                    res.author = res.author or cn
                elif not in_related and (sig := _signature_name(s)) is not None and _plausible_name(sig, text):
                    add("byline", ln.start, ln.end)
                    res.author = res.author or sig
                else:
                    add("related" if in_related else "site_chrome", ln.start, ln.end)
        # signature just before the trailing block (or at the very end)
        if tail_start - 1 > body_first:
            ln = lines[tail_start - 1]
            sig = _signature_name(ln.text)
            if sig is not None and _norm(ln.text) != self.title_norm and _plausible_name(sig, text):
                add("byline", ln.start, ln.end)
                res.author = res.author or sig
                tail_start -= 1
        return tail_start

    def _dateline(self, first: _Line) -> None:
        res = self.res
        m = _DATELINE_RE.match(first.text)
        if m and m.end() < len(first.text):
            city = m.group("city")
            if (
                sum(c.isalpha() for c in city) >= 2
                and not any(w.strip(".") in _NOT_CITY for w in city.split())
                and not _parse_date(first.text)[0]
            ):
                res.dateline = m.group().strip()
                res.dateline_city = city
                agency = m.group("agency")
                res.dateline_agency = agency.strip() if agency and agency.strip() else None
                self.add("dateline", first.start + m.start(), first.start + m.end())

    def _inside(self, body_first: int, body_last: int) -> None:
        """Chrome lines and stray headlines between the body's first and last lines."""
        lines = self.lines
        for j in range(body_first + 1, body_last):
            ln = lines[j]
            s = ln.text
            if _ANYWHERE_RE.fullmatch(s):
                self.add("site_chrome", ln.start, ln.end)
            elif (
                _is_title_case_headline(s)
                and _is_prose(lines[j - 1].text)
                and _is_prose(lines[j + 1].text)
                and _norm(s) != self.title_norm
            ):
                self.add("inline_headline", ln.start, ln.end)


def _is_tail_marker(s: str) -> bool:
    """A line that is certainly trailing furniture (not merely headline-like)."""
    return (
        _chrome_role(s) is not None
        or _related_inline(s) is not None
        or _is_desk_code(s)
        or _parse_date(s)[0]
        or _credit_name(s) is not None
    )


def _finish(bps: list[Boilerplate]) -> list[Boilerplate]:
    """Sort spans and drop any that overlap an earlier one."""
    out: list[Boilerplate] = []
    last_end = -1
    for bp in sorted(bps, key=lambda b: (b.start, b.end)):
        if bp.start >= last_end:
            out.append(bp)
            last_end = bp.end
    return out
