"""Fast word and sentence tokenization with character offsets, for text-reuse detection.

No spaCy parse is needed: reuse works on the stored text. Words are runs of letters and digits
(with inner apostrophes), compared case-folded; sentences end at `.`, `!` or `?` followed by a
space and an upper-case letter, digit or opening quote, at every line break, and at the edges of
boilerplate spans (which are blanked out, never matched).
"""
from __future__ import annotations

import re
import zlib
from dataclasses import dataclass
from typing import Iterable, Sequence

import numpy as np

# Words ending in a full stop that do not end a sentence ("Mr. Ortiz", "U.S. officials").
ABBREVIATIONS = frozenset(
    """mr mrs ms dr prof st sr jr gen col lt sgt capt cmdr adm gov rep sen rev hon
    inc ltd co corp jan feb mar apr jun jul aug sep sept oct nov dec no nos vol fig
    vs etc approx dept est mt ft u.s u.k u.n e.g i.e a.m p.m""".split()
)

# Shingles made only of these words carry no evidence of copying ("one of the", "it was a").
STOPWORDS = frozenset(
    """a an the and or but if of to in on at by for with from as into onto about over under
    after before than then that this these those there here is are was were be been being am
    has have had do does did will would shall should can could may might must it its it's
    he him his she her hers they them their we us our you your i me my not no so such
    which who whom whose what when where why how all any each some more most other one two
    also just only very said says up out off again""".split()
)

WORD_RE = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
# a candidate sentence end: terminal punctuation, closing quotes/brackets, then white space
_SENT_END_RE = re.compile(r"([.!?]+)[\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Z0-9À-Þ])")
_LINE_BREAK_RE = re.compile(r"\n")
_GROUP = re.Match.group
_SPAN = re.Match.span
_ABBREV_TAIL_RE = re.compile(r"([\w.]+)\.$")

SHINGLE_WORDS = 3

_word_hash_cache: dict[str, int] = {}
_CACHE_LIMIT = 2_000_000


def word_hash(word: str) -> int:
    """A stable 32-bit hash of a normalized word (CRC-32: the same in every process)."""
    h = _word_hash_cache.get(word)
    if h is None:
        h = zlib.crc32(word.encode("utf-8"))
        if len(_word_hash_cache) < _CACHE_LIMIT:
            _word_hash_cache[word] = h
    return h


_STOP_HASHES = np.unique(np.fromiter((word_hash(w) for w in STOPWORDS), dtype=np.uint32))

_M1 = np.uint64(0x9E3779B97F4A7C15)
_M2 = np.uint64(0xC2B2AE3D27D4EB4F)
_M3 = np.uint64(0x165667B19E3779F9)


def _mix64(h: np.ndarray) -> np.ndarray:
    h = h ^ (h >> np.uint64(33))
    h = h * np.uint64(0xFF51AFD7ED558CCD)
    h = h ^ (h >> np.uint64(33))
    h = h * np.uint64(0xC4CEB9FE1A85EC53)
    return h ^ (h >> np.uint64(33))


def shingle_hashes(word_hashes: np.ndarray, n: int = SHINGLE_WORDS) -> np.ndarray:
    """32-bit hash of every run of `n` consecutive words (position i covers words i..i+n-1)."""
    if len(word_hashes) < n:
        return np.zeros(0, dtype=np.uint32)
    w = word_hashes.astype(np.uint64)
    with np.errstate(over="ignore"):
        h = w[: len(w) - n + 1] * _M1
        mults = (_M2, _M3, _M1 ^ _M2)
        for k in range(1, n):
            h = (h ^ (h >> np.uint64(29))) + w[k : len(w) - n + 1 + k] * mults[(k - 1) % 3]
        h = _mix64(h)
    return (h >> np.uint64(32)).astype(np.uint32)


@dataclass(slots=True)
class Tokens:
    """Words and sentences of one article, every one with character offsets into the article text.

    words: normalized (case-folded) words; word_start/word_end: their offsets;
    word_hash: uint32 per word; sent_word_start/sent_word_end: each sentence's word range;
    sent_start/sent_end: each sentence's characters (opening quote to closing punctuation);
    word_sent: the sentence of each word; shingles: uint32 per word position (see `shingle_hashes`);
    content: per shingle position, True when the shingle is not made only of stop words.
    """

    words: list[str]
    word_start: np.ndarray
    word_end: np.ndarray
    word_hash: np.ndarray
    sent_word_start: np.ndarray
    sent_word_end: np.ndarray
    sent_start: np.ndarray
    sent_end: np.ndarray
    word_sent: np.ndarray
    shingles: np.ndarray
    content: np.ndarray

    def __len__(self) -> int:
        return len(self.words)


def _sentence_ends(text: str, lo: int, hi: int) -> list[int]:
    """Character positions where a sentence ends (exclusive), between lo and hi."""
    ends = []
    for m in _SENT_END_RE.finditer(text, lo, hi):
        if m.group(1) == ".":
            tail = _ABBREV_TAIL_RE.search(text, max(lo, m.start() - 12), m.start(1) + 1)
            if tail:
                word = tail.group(1).casefold()
                if word in ABBREVIATIONS or (len(word) == 1 and word.isalpha()):
                    continue
        ends.append(m.end())
    for m in _LINE_BREAK_RE.finditer(text, lo, hi):
        ends.append(m.start())
    return ends


def tokenize(text: str, regions: Sequence[tuple[int, int]] | None = None) -> Tokens:
    """Tokenize the parts of `text` inside `regions` (default: all of it).

    Regions are the article body minus boilerplate; a region edge always ends a sentence.
    """
    if regions is None:
        regions = [(0, len(text))]
    low = text.lower()
    if len(low) != len(text):  # a few characters change length when lower-cased: match as written
        low = text
    spans: list[tuple[int, int]] = []
    words: list[str] = []
    cuts: list[int] = []
    for lo, hi in regions:
        if hi <= lo:
            continue
        matches = list(WORD_RE.finditer(low, lo, hi))
        words.extend(map(_GROUP, matches))  # map over C methods: no Python frame per word
        spans.extend(map(_SPAN, matches))
        cuts.extend(_sentence_ends(text, lo, hi))
        cuts.append(lo)
        cuts.append(hi)
    n = len(words)
    span_arr = np.asarray(spans, dtype=np.int64).reshape(n, 2)
    word_start = span_arr[:, 0].copy()
    word_end = span_arr[:, 1].copy()
    cached = list(map(_word_hash_cache.get, words))
    if None in cached:
        cached = [word_hash(w) if h is None else h for w, h in zip(words, cached)]
    hashes = np.array(cached, dtype=np.uint32)
    cut_arr = np.unique(np.asarray(cuts, dtype=np.int64))
    # sentence of each word: how many cuts lie at or before its start
    seg = np.searchsorted(cut_arr, word_start, side="right")
    if n:
        new_sent = np.empty(n, dtype=bool)
        new_sent[0] = True
        new_sent[1:] = seg[1:] != seg[:-1]
        sent_word_start = np.nonzero(new_sent)[0]
    else:
        sent_word_start = np.zeros(0, dtype=np.int64)
    sent_word_end = np.append(sent_word_start[1:], n).astype(np.int64)
    word_sent = np.cumsum(new_sent) - 1 if n else np.zeros(0, dtype=np.int64)
    # character span: from an opening quote/bracket before the first word to the punctuation and
    # closing quotes after the last word, never crossing the sentence's cuts
    sent_start = word_start[sent_word_start].copy() if n else np.zeros(0, dtype=np.int64)
    sent_end = word_end[sent_word_end - 1].copy() if n else np.zeros(0, dtype=np.int64)
    seg_lo = cut_arr[np.maximum(seg[sent_word_start] - 1, 0)] if n else sent_start
    seg_hi_idx = np.minimum(seg[sent_word_start], len(cut_arr) - 1) if n else sent_start
    seg_hi = cut_arr[seg_hi_idx] if n else sent_end
    for k in range(len(sent_start)):
        s = int(sent_start[k])
        lo = int(seg_lo[k])
        while s > lo and text[s - 1] in "\"'“‘([«":
            s -= 1
        sent_start[k] = s
        e = int(sent_end[k])
        hi = int(seg_hi[k]) if seg_hi[k] > e else len(text)
        while e < hi and text[e] in ".!?…\"'”’)]»:;,":
            e += 1
        sent_end[k] = e
    shingles = shingle_hashes(hashes)
    if len(shingles):
        stop = np.isin(hashes, _STOP_HASHES, assume_unique=False, kind="sort")
        content = ~(stop[: len(shingles)] & stop[1 : len(shingles) + 1] & stop[2 : len(shingles) + 2])
    else:
        content = np.zeros(0, dtype=bool)
    return Tokens(words, word_start, word_end, hashes, sent_word_start.astype(np.int64), sent_word_end,
                  sent_start, sent_end, word_sent.astype(np.int64), shingles, content)


def text_regions(length: int, body: tuple[int, int] | None, blanks: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """The parts of a text to read: the body range minus the blank (boilerplate) spans."""
    lo, hi = body if body is not None else (0, length)
    lo, hi = max(0, lo), min(length, hi)
    regions = []
    pos = lo
    for s, e in sorted(blanks):
        if e <= pos:
            continue
        if s > pos:
            regions.append((pos, min(s, hi)))
        pos = max(pos, e)
        if pos >= hi:
            break
    if pos < hi:
        regions.append((pos, hi))
    return [(s, e) for s, e in regions if e > s]
