"""The attribution span tagger: a linear-chain CRF that tags cue, source and content tokens.

Each paragraph of the ONE spaCy parse is a sequence; every token gets a BIO tag for `CUE`, `SOURCE` or
`CONTENT`. Features are strings read off the parse (word, lemma, part of speech, dependency label, the head's
lemma and label, neighbouring words, quotation marks around the token, and the nearest governing word
that is a known cue together with the label through which the token hangs under it: "inside the `ccomp` of
`say`"). The model is trained on PolNeAR train by `training/statements_spans.py` and stored beside this
module as `spans.crfsuite` (python-crfsuite; no download at run time).

`tag_spans(doc, quotes, lexicon)` gives, per tagged paragraph, the decoded spans as
`(role, first token index, last token index + 1)`.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from newsdossier.errors import ModelError

MODEL_PATH = Path(__file__).resolve().parent / "spans.crfsuite"
FEATURE_VERSION = 2
ROLES = ("CUE", "SOURCE", "CONTENT")
# How far up the tree a token looks for a governing cue word.
MAX_DEPTH = 12
QUOTE_TOKENS = frozenset('"“”‘’«»„\'`') | {"''", "``"}


def paragraphs(doc, view: "DocView | None" = None) -> list[tuple[int, int]]:
    """Token ranges of the paragraphs (split at whitespace tokens holding a newline)."""
    if view is None:
        breaks = [t.i for t in doc if t.is_space and "\n" in t.text]
    else:
        breaks = view.breaks
    out = []
    start = 0
    for b in breaks + [len(doc)]:
        s = start
        while s < b and doc[s].is_space:
            s += 1
        if s < b:
            out.append((s, b))
        start = b + 1
    return out


def in_quote_flags(doc, quotes, view: "DocView | None" = None) -> list[bool]:
    """Per token: does it lie strictly between the marks of a quotation (`statements.find_quotes`)?"""
    idxs = view.idx if view is not None else [t.idx for t in doc]
    flags = [False] * len(idxs)
    k = 0
    nq = len(quotes)
    for i, x in enumerate(idxs):
        while k < nq and quotes[k].close < x:
            k += 1
        flags[i] = k < nq and quotes[k].open < x < quotes[k].close
    return flags


STRING_CACHE_SIZE = 50_000  # bounded memory: cleared when full
_STRINGS: dict[int, str] = {}  # hash -> string, shared by all documents
_IOB = {0: "", 1: "I", 2: "O", 3: "B"}


class DocView:
    """Plain lists of the token attributes the features read (no spaCy Token objects in the loop)."""

    def __init__(self, doc, lexicon):
        from spacy.attrs import DEP, ENT_IOB, ENT_TYPE, HEAD, IDX, IS_SPACE, IS_TITLE, LEMMA, LOWER, POS, SENT_START

        arr = doc.to_array([LOWER, LEMMA, POS, DEP, HEAD, ENT_TYPE, ENT_IOB, IS_TITLE, SENT_START, IDX, IS_SPACE]).astype("int64")
        strings = doc.vocab.strings
        cache = _STRINGS
        if len(cache) > STRING_CACHE_SIZE:
            cache.clear()

        def names(col):
            get = cache.get
            out = [get(h) for h in col]
            if None in out:
                for k, h in enumerate(col):
                    if out[k] is None:
                        out[k] = cache[h] = strings[h & 0xFFFFFFFFFFFFFFFF]  # the array may be signed
            return out

        cols = arr.T.tolist()
        n = len(doc)
        self.lower = names(cols[0])
        self.lemma = [x.lower() for x in names(cols[1])]
        self.pos = names(cols[2])
        self.dep = names(cols[3])
        self.head = [i + (h if h < 1 << 63 else h - (1 << 64)) for i, h in enumerate(cols[4])]
        self.ent = names(cols[5])
        self.iob = [_IOB[x] for x in cols[6]]
        self.title = cols[7]
        self.sent_start = [x == 1 for x in cols[8]]  # -1 may be stored as a large unsigned value
        if n:
            self.sent_start[0] = True
        self.idx = cols[9]
        self.breaks = [i for i, x in enumerate(cols[10]) if x and "\n" in self.lower[i]]
        cue_pos = frozenset(("VERB", "NOUN", "ADJ", "AUX"))
        self.in_lex = [x in lexicon for x in self.lemma]
        self.is_cue = [x and p in cue_pos for x, p in zip(self.in_lex, self.pos)]


def _governing_cue(v: DocView, i: int) -> tuple[str, str, int, str]:
    """(lemma, label of the child on the path, depth, side) of the nearest ancestor that is a cue word."""
    child = i
    head = v.head[i]
    depth = 1
    while head != child and depth <= MAX_DEPTH:
        if v.is_cue[head]:
            return v.lemma[head], v.dep[child], depth, "L" if i < head else "R"
        child = head
        head = v.head[head]
        depth += 1
    return "", "", 0, ""


def token_features(doc, start: int, end: int, in_quote: list[bool], lexicon, view: DocView | None = None
                   ) -> list[list[str]]:
    """Feature strings of the tokens doc[start:end] (whitespace tokens included; they are tagged O)."""
    v = view if view is not None else DocView(doc, lexicon)
    rows = []
    lowers = v.lower[start:end]
    poses = v.pos[start:end]
    n = end - start
    for k in range(n):
        i = start + k
        low = lowers[k]
        lemma = v.lemma[i]
        pos = poses[k]
        dep = v.dep[i]
        h = v.head[i]
        f = [
            "w=" + low, "l=" + lemma, "p=" + pos, "d=" + dep, "hl=" + v.lemma[h] + "|" + dep,
            "iq=" + ("1" if in_quote[k] else "0"),
        ]
        if v.title[i]:
            f.append("title")
        if v.ent[i]:
            f.append("e=" + v.ent[i] + "|" + v.iob[i])
        if low in QUOTE_TOKENS:
            f.append("qm")
        if v.sent_start[i]:
            f.append("bos")
        if v.in_lex[i]:
            f.append("lex")
        g_lemma, g_dep, g_depth, g_side = _governing_cue(v, i)
        if g_lemma:
            f.append("g=" + g_lemma + "|" + g_dep)
            f.append("gd=" + g_dep + "|" + g_side + str(min(g_depth, 3)))
        else:
            f.append("g=-")
        for off in (-2, -1, 1, 2):
            j = k + off
            if 0 <= j < n:
                f.append(f"w{off}=" + lowers[j])
                if off in (-1, 1):
                    f.append(f"p{off}=" + poses[j])
                if off in (-1, 1) and in_quote[j] != in_quote[k]:
                    f.append(f"qb{off}")
            else:
                f.append(f"w{off}=<>")
        rows.append(f)
    return rows


def decode(tags: list[str], offset: int) -> list[tuple[str, int, int]]:
    """BIO tags -> (role, start token, end token) with absolute token indices."""
    out = []
    cur = None
    for k, t in enumerate(tags):
        if t == "O":
            if cur:
                out.append(cur)
            cur = None
            continue
        bio, role = t.split("-", 1)
        if cur and cur[0] == role and bio == "I":
            cur = (role, cur[1], offset + k + 1)
        else:
            if cur:
                out.append(cur)
            cur = (role, offset + k, offset + k + 1)
    if cur:
        out.append(cur)
    return out


class SpanTagger:
    def __init__(self, path: Path = MODEL_PATH):
        import pycrfsuite

        self.tagger = pycrfsuite.Tagger()
        self.tagger.open(str(path))

    def tag(self, doc, start: int, end: int, in_quote: list[bool], lexicon, view=None) -> list[tuple[str, int, int]]:
        feats = token_features(doc, start, end, in_quote, lexicon, view)
        return decode(self.tagger.tag(feats), start)


@lru_cache(maxsize=1)
def load_tagger(path: Path = MODEL_PATH) -> SpanTagger:
    """The trained tagger; a missing or unreadable file fails loudly (ModelError)."""
    if not path.exists():
        raise ModelError(f"the statement span model {path} is missing; retrain it with "
                         f"`uv run python training/statements_spans.py`")
    try:
        return SpanTagger(path)
    except (OSError, ValueError) as exc:
        raise ModelError(f"the statement span model {path} cannot be read: {exc}") from exc
