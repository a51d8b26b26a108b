"""Statements: quotation marks paired paragraph by paragraph (straight, curly, low-9, guillemets)."""
from __future__ import annotations

from dataclasses import dataclass

from newsdossier.statements.tables import (
    _MARKS,
    AMBIGUOUS_DOUBLE,
    CLOSE_DOUBLE,
    CLOSE_SINGLE,
    OPEN_DOUBLE,
    OPEN_SINGLE,
    QUOTE_CHARS,
)

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
