"""spaCy's attribute ruler, with its answer for each distinct token cached.

The English pipelines' `attribute_ruler` maps every token's fine tag (and a few words) to its coarse
part of speech, morphology and some lemmas. spaCy runs it as a `Matcher` over every token with all
of its ~180 patterns and then sets the attributes token by token in Python: about 13% of the whole
parse of a news article, about as much as the tagger and the parser together. Nearly all of its patterns
look at one token only (its tag, lower-case form, dependency label, whether it is white space), so
the answer for a token is a function of those four values, and an article has few distinct ones.

`CachedAttributeRuler` keeps spaCy's ruler, its patterns and its precedence, and only changes how
often they are evaluated: spaCy's `Matcher` decides once per distinct (tag, lower, dep, is-space)
which one-token patterns fit; the result is set for the whole doc with `Doc.from_array`; the few
patterns over two or more tokens still run on the whole doc through a `Matcher`. Writing the ruler
by hand is not what this is: no library memoizes it, and the output is the stock ruler's, token for
token (tests compare every attribute of every token on real articles). A pipeline whose ruler uses
other one-token attributes keeps spaCy's own component (`install` returns False).
"""
from __future__ import annotations

from typing import Any

import numpy as np
from spacy.attrs import DEP, IS_SPACE, LEMMA, LOWER, MORPH, POS, TAG
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc
from spacy.tokens._retokenize import set_token_attrs

# What a one-token pattern may test to be cached: the key of the cache.
KEY_ATTRS = (TAG, LOWER, DEP, IS_SPACE)
_KEY_NAMES = frozenset({"TAG", "LOWER", "DEP", "IS_SPACE"})
# Attributes written for the whole doc at once; any other attribute a rule sets is set per token.
BULK_ATTRS = (POS, MORPH, LEMMA)
CACHE_LIMIT = 100_000  # distinct keys remembered (about 33 MiB); past it the cache starts again


class CachedAttributeRuler:
    """Drop-in for a loaded `AttributeRuler` (see the module docstring)."""

    def __init__(self, ruler: AttributeRuler):
        self.ruler = ruler
        self.vocab = ruler.vocab
        self.single = Matcher(self.vocab, validate=False)
        self.multi = Matcher(self.vocab, validate=False)
        self.multi_first = Matcher(self.vocab, validate=False)  # the first token of each multi-token pattern
        self.index: dict[int, int] = {}  # rule id -> index of the token it sets, in a multi-token match
        self.multi_length = 0  # tokens in the longest multi-token pattern; 0: run `multi` on whole docs
        windowed = True
        for rule_id in range(len(ruler.attrs)):
            key = str(rule_id)
            _, patterns = ruler.matcher.get(key)
            ones = [p for p in patterns if len(p) == 1]
            longer = [p for p in patterns if len(p) != 1]
            if ones:
                self.single.add(key, ones)
            if longer:
                self.multi.add(key, longer)
                self.multi_first.add(key, [[p[0]] for p in longer])
                self.index[rule_id] = ruler.indices[rule_id]
                self.multi_length = max(self.multi_length, *(len(p) for p in longer))
                # a window after each possible first token holds every match only for fixed-length
                # patterns whose first token the cache's key decides
                windowed &= all(_KEY_NAMES >= {k.upper() for k in p[0]} and not any("OP" in t for t in p)
                                for p in longer)
        if not windowed:
            self.multi_length = 0
        self._rules_of_key: dict[tuple[int, ...], tuple[tuple[int, ...], bool]] = {}
        self._effect_of_rules: dict[tuple[int, ...], tuple[tuple[Any, ...], dict]] = {}

    @staticmethod
    def cacheable(ruler: AttributeRuler) -> bool:
        """Whether every one-token pattern of `ruler` tests only the cache's key attributes."""
        for rule_id in range(len(ruler.attrs)):
            _, patterns = ruler.matcher.get(str(rule_id))
            for pattern in patterns:
                if len(pattern) == 1 and not {k.upper() for k in pattern[0]} <= _KEY_NAMES:
                    return False
                if any("_" in token for token in pattern):
                    return False
        return True

    # -- the rules each distinct token takes ------------------------------------------------------

    def _learn(self, doc: Doc, token_indices: list[int], keys: list[tuple[int, ...]]) -> None:
        """Decide the rules of tokens whose key is new: one throwaway doc holds one token per new key
        (one-token patterns do not look at neighbours), and each matcher runs over it once."""
        if len(self._rules_of_key) + len(keys) > CACHE_LIMIT:
            self._rules_of_key.clear()  # bounded memory: a corpus can bring millions of distinct words
        words = [doc[i].text for i in token_indices]
        alone = Doc(self.vocab, words=words, spaces=[False] * len(words))
        for j, i in enumerate(token_indices):
            alone[j].tag = doc[i].tag
            alone[j].dep = doc[i].dep
        strings = self.vocab.strings
        rules: list[set[int]] = [set() for _ in words]
        for m_id, start, _ in self.single(alone, allow_missing=True):
            rules[start].add(int(strings[m_id]))
        starts = {start for _, start, _ in self.multi_first(alone, allow_missing=True)}
        for j, key in enumerate(keys):
            self._rules_of_key[key] = (tuple(sorted(rules[j])), j in starts)

    def _rules_for(self, doc: Doc, i: int, key: tuple[int, ...]) -> tuple[tuple[int, ...], bool]:
        """(the one-token rules that fit token i, whether a multi-token pattern may start there)."""
        if key not in self._rules_of_key:
            self._learn(doc, [i], [key])
        return self._rules_of_key[key]

    def _effect(self, rules: tuple[int, ...]) -> tuple[tuple[Any, ...], dict]:
        """(values of BULK_ATTRS or None where untouched, other attributes) after applying `rules`
        in order: later rules take precedence, as in `AttributeRuler.match`."""
        got = self._effect_of_rules.get(rules)
        if got is None:
            merged: dict = {}
            for rule_id in rules:
                merged.update(self.ruler.attrs[rule_id])
            bulk = tuple(merged.pop(attr, None) for attr in BULK_ATTRS)
            got = self._effect_of_rules[rules] = (bulk, merged)
        return got

    # -- the component ----------------------------------------------------------------------------

    def __call__(self, doc: Doc) -> Doc:
        n = len(doc)
        if not n:
            return doc
        keys = doc.to_array(list(KEY_ATTRS))
        distinct, first, inverse = np.unique(keys, axis=0, return_index=True, return_inverse=True)
        inverse = inverse.reshape(-1)
        row_keys = [tuple(row) for row in distinct.tolist()]
        new = [k for k, key in enumerate(row_keys) if key not in self._rules_of_key]
        if new:
            self._learn(doc, [int(first[k]) for k in new], [row_keys[k] for k in new])
        found = [self._rules_for(doc, int(i), key) for key, i in zip(row_keys, first)]
        effects = [self._effect(rules) for rules, _ in found]
        values = np.zeros((len(distinct), len(BULK_ATTRS)), dtype=np.uint64)
        setting = np.zeros((len(distinct), len(BULK_ATTRS)), dtype=bool)
        for k, (bulk, _) in enumerate(effects):
            for j, value in enumerate(bulk):
                if value is not None:
                    values[k, j] = value
                    setting[k, j] = True
        current = doc.to_array(list(BULK_ATTRS))
        doc.from_array(list(BULK_ATTRS), np.where(setting[inverse], values[inverse], current))
        extra_rows = {k for k, (_, other) in enumerate(effects) if other}
        if extra_rows:
            for i in np.flatnonzero(np.isin(inverse, list(extra_rows))).tolist():
                set_token_attrs(doc[i], effects[inverse[i]][1])
        if self.index:
            starts = [k for k, (_, may_start) in enumerate(found) if may_start]
            self._apply_multi(doc, keys, np.flatnonzero(np.isin(inverse, starts)).tolist())
        return doc

    def _multi_matches(self, doc: Doc, starts: list[int]) -> set[tuple[int, int, int]]:
        if not self.multi_length:
            return set(self.multi(doc, allow_missing=True))
        found = set()
        for i in starts:  # a window from each token a pattern may start with
            window = doc[i : i + self.multi_length]
            found.update((m_id, i + s, i + e) for m_id, s, e in self.multi(window, allow_missing=True)
                         if s == 0)  # a span's matches count from its start
        return found

    def _apply_multi(self, doc: Doc, keys: np.ndarray, starts: list[int]) -> None:
        """Tokens a multi-token rule sets: all their rules (one-token ones too) in precedence order."""
        strings = self.vocab.strings
        extra: dict[int, set[int]] = {}
        for m_id, start, end in self._multi_matches(doc, starts):
            rule_id = int(strings[m_id])
            i = range(start, end)[self.index[rule_id]]
            extra.setdefault(i, set()).add(rule_id)
        for i, rules in extra.items():
            own, _ = self._rules_for(doc, i, tuple(keys[i].tolist()))
            bulk, other = self._effect(tuple(sorted(set(own) | rules)))
            attrs = {attr: value for attr, value in zip(BULK_ATTRS, bulk) if value is not None}
            attrs.update(other)
            set_token_attrs(doc[i], attrs)


_RULERS_TO_WRAP: dict[int, AttributeRuler] = {}  # id(nlp) -> its stock ruler, while `install` runs


@Language.factory("cached_attribute_ruler")
def _make_cached_attribute_ruler(nlp: Language, name: str) -> CachedAttributeRuler:
    return CachedAttributeRuler(_RULERS_TO_WRAP.pop(id(nlp)))


def install(nlp: Language, name: str = "attribute_ruler") -> bool:
    """Replace the pipeline's attribute ruler by its cached form, same name and place; False (nothing
    changed) when the pipeline has none or its patterns are not all cacheable."""
    if name not in nlp.pipe_names:
        return False
    ruler = nlp.get_pipe(name)
    if not isinstance(ruler, AttributeRuler) or not CachedAttributeRuler.cacheable(ruler):
        return False
    _RULERS_TO_WRAP[id(nlp)] = ruler
    try:
        nlp.replace_pipe(name, "cached_attribute_ruler")
    finally:
        _RULERS_TO_WRAP.pop(id(nlp), None)
    return True
