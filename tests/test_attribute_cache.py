"""The cached attribute ruler must give spaCy's stock ruler's annotations, token for token."""
from __future__ import annotations

import numpy as np
import pytest
import spacy
from spacy.attrs import DEP, ENT_IOB, ENT_TYPE, HEAD, LEMMA, MORPH, POS, SENT_START, TAG

from newsdossier import attribute_cache
from newsdossier.attribute_cache import CachedAttributeRuler, install
from newsdossier.config import default_model

from conftest import DEMO_CORPUS, shared_path

ATTRS = [TAG, POS, MORPH, LEMMA, DEP, HEAD, ENT_IOB, ENT_TYPE, SENT_START]

# Written for these tests: the words the model's multi-token and regex rules are about (gonna,
# gotta, let's, n't, nothin', y'), expletive "there", and white space of every kind.
GOLDEN = [
    "There are three bridges over the canal, and there is talk of a fourth.\n\nThe council isn't sure.",
    "\"We're gonna rebuild it,\" the engineer said. \"You gotta see the plans. Let's go.\"",
    "Nothin' changed, y' know, said a fisherman who didn't want his name used.",
    "  Leading spaces,\ttabs\tand\n\n\na triple break.  \n",
    "Prices rose 4.5% in May; the U.N. agency's report (p. 12) said so -- twice!",
    "",
    "Okay",
]


@pytest.fixture(scope="module")
def stock():
    return spacy.load(default_model())


@pytest.fixture(scope="module")
def cached():
    nlp = spacy.load(default_model())
    assert install(nlp) is True
    return nlp


def _differences(stock_nlp, cached_nlp, texts: list[str]) -> list[str]:
    out = []
    for a, b in zip(stock_nlp.pipe(texts), cached_nlp.pipe(texts)):
        x, y = a.to_array(ATTRS), b.to_array(ATTRS)
        for i in np.flatnonzero((x != y).any(axis=1)).tolist():
            out.append(f"{a[i].text!r}: {a[i].pos_}/{a[i].morph}/{a[i].lemma_} vs {b[i].pos_}/{b[i].morph}/{b[i].lemma_}")
        out.extend(f"morph {s} vs {t}" for s, t in zip(map(str, (t.morph for t in a)), map(str, (t.morph for t in b)))
                   if s != t)
    return out


def test_cached_ruler_replaces_the_stock_one_in_place(cached, stock):
    assert cached.pipe_names == stock.pipe_names
    assert isinstance(cached.get_pipe("attribute_ruler"), CachedAttributeRuler)


def test_cached_ruler_annotates_golden_texts_like_the_stock_ruler(stock, cached):
    assert _differences(stock, cached, GOLDEN) == []
    doc = cached(GOLDEN[1])
    gon = [t for t in doc if t.lower_ == "gon"][0]
    assert (gon.lemma_, doc[gon.i + 1].lemma_) == ("go", "to")  # the two-token rule for "gonna" fired
    there = cached(GOLDEN[0])[0]
    assert there.dep_ == "expl" and there.nbor().pos_ == "VERB"  # expletive "there are": a verb


def test_cached_ruler_matches_stock_on_the_seed_articles_and_the_demo_corpus(stock, cached):
    seeds = sorted(shared_path("seeds").glob("*"))
    texts = [p.read_text(encoding="utf-8", errors="replace") for p in seeds]
    texts += [p.read_text(encoding="utf-8") for p in sorted(DEMO_CORPUS.rglob("*.txt"))]
    assert len(texts) >= 6
    assert _differences(stock, cached, texts) == []


def test_cached_ruler_stays_exact_when_its_cache_starts_again(stock, monkeypatch):
    monkeypatch.setattr(attribute_cache, "CACHE_LIMIT", 5)
    nlp = spacy.load(default_model())
    install(nlp)
    assert _differences(stock, nlp, GOLDEN * 2) == []
    assert len(nlp.get_pipe("attribute_ruler")._rules_of_key) <= 5 + 40  # cleared, then one article's keys


def test_install_keeps_a_ruler_whose_patterns_it_cannot_cache():
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add([[{"IS_TITLE": True}]], {"LEMMA": "title"})
    assert install(nlp) is False
    assert type(nlp.get_pipe("attribute_ruler")).__name__ == "AttributeRuler"
    assert install(spacy.blank("en")) is False  # no ruler at all


def test_load_nlp_uses_the_cached_ruler(nlp):
    assert isinstance(nlp.get_pipe("attribute_ruler"), CachedAttributeRuler)
