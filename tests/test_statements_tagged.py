"""The attribution span tagger (`newsdossier.statements.spans`) and the statements it adds to `statements`."""
from __future__ import annotations

import pytest

import newsdossier.statements.learned as statements_module
from newsdossier.records import span_errors
from newsdossier.statements.spans import MODEL_PATH, decode, load_tagger, paragraphs
from newsdossier.statements import extract_statements

# (sentence, [(kind, speaker, cue, content)]): statements only the tagger finds (the rules and the cue model
# leave these cues alone).
TAGGED = [
    ("The ferry company agreed to pay compensation to the stranded passengers.",
     [("indirect", "The ferry company", "agreed", "to pay compensation to the stranded passengers")]),
    ("Her grandfather, a retired pilot, has repeatedly pledged to fly the old glider again.",
     [("indirect", "Her grandfather, a retired pilot", "has repeatedly pledged", "to fly the old glider again")]),
]
NOT_ATTRIBUTIONS = [
    "The ferry left the harbour at noon.",
    "The orchard produced fewer apples this year.",
    "Snow closed the mountain pass for three days.",
]


def test_span_model_ships_small_and_loads():
    assert MODEL_PATH.exists() and MODEL_PATH.stat().st_size < 5 * 1024 * 1024
    assert load_tagger() is not None


@pytest.mark.parametrize("text,expected", TAGGED)
def test_statements_tagged_spans(parse_article, text, expected):
    parsed = parse_article(text)
    rows = list(extract_statements(parsed))
    assert [(s.kind, s.speaker_text, s.cue_text, s.content_text) for s in rows] == expected
    for s in rows:
        assert span_errors(s, parsed.text) == []
        assert text[s.content_start:s.content_end] == s.content_text


@pytest.mark.parametrize("text,expected", TAGGED)
def test_statements_tagged_only_with_the_model(parse_article, monkeypatch, text, expected):
    monkeypatch.setattr(statements_module, "load_tagger", lambda: None)
    assert list(extract_statements(parse_article(text))) == []


@pytest.mark.parametrize("text", NOT_ATTRIBUTIONS)
def test_statements_tagger_adds_nothing_without_attribution(parse_article, text):
    assert list(extract_statements(parse_article(text))) == []


def test_decode_bio_tags():
    tags = ["O", "B-SOURCE", "I-SOURCE", "B-CUE", "B-CONTENT", "I-CONTENT", "I-CUE", "O", "I-CONTENT"]
    assert decode(tags, 10) == [("SOURCE", 11, 13), ("CUE", 13, 14), ("CONTENT", 14, 16), ("CUE", 16, 17),
                                ("CONTENT", 18, 19)]
    assert decode(["O", "O"], 0) == []


def test_paragraphs_split_at_newlines(parse_article):
    parsed = parse_article("Rain fell.\n\nThe dam held.\nNobody left.")
    doc = parsed.doc
    assert [doc[s:e].text for s, e in paragraphs(doc)] == ["Rain fell.", "The dam held.", "Nobody left."]
