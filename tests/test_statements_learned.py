"""The learned cue model (`newsdossier.statements.cues`) and the cue kinds it adds to `statements`."""
from __future__ import annotations

import pytest

from newsdossier.records import span_errors
from newsdossier.statements.cues import MODEL_PATH, load_model
from newsdossier.statements import extract_statements

# (sentence, [(speaker, cue, content)]): noun, adjective and unlisted verb cues, and verb groups.
LEARNED = [
    ("The farmers are worried that the rain will ruin the harvest.",
     [("The farmers", "worried", "the rain will ruin the harvest")]),
    ("The coach is confident that the team can win the cup.",
     [("The coach", "confident", "the team can win the cup")]),
    ("Her claim that the bridge was unsafe drew wide attention.",
     [("Her", "claim", "the bridge was unsafe")]),
    ("The mayor has repeatedly criticized the budget cuts.",
     [("The mayor", "has repeatedly criticized", "the budget cuts")]),
    ("Several residents opposed the new parking rules.",
     [("Several residents", "opposed", "the new parking rules")]),
    ("The council has not yet announced that the library will close.",
     [("The council", "has not yet announced", "the library will close")]),
    ("The engineers pointed out that the pumps were old.",
     [("The engineers", "pointed out", "the pumps were old")]),
    ("Tilda Berg, who runs the clinic, said the queue was shorter.",
     [("Tilda Berg, who runs the clinic", "said", "the queue was shorter")]),
    ("The farmers are worried about the long dry summer.",
     [("The farmers", "worried", "the long dry summer")]),
]
NOT_ATTRIBUTIONS = [
    "The river rose two metres overnight.",
    "The bakery sold its bread at dawn.",
    "The glacier appears to shrink.",
    "The lorries were permitted to park near the pier.",
    "The farmers are worried about it.",  # a learned cue needs a content of three words or more
]


def test_cue_model_ships_small_and_loads():
    assert MODEL_PATH.exists() and MODEL_PATH.stat().st_size < 5 * 1024 * 1024
    model = load_model()
    assert model is not None and 0.0 < model.threshold < 1.0
    assert "say" in model.lemmas


@pytest.mark.parametrize("text,expected", LEARNED)
def test_statements_learned_cue_kinds(parse_article, text, expected):
    parsed = parse_article(text)
    rows = list(extract_statements(parsed))
    assert [(s.speaker_text, s.cue_text, s.content_text) for s in rows] == expected
    assert all(s.kind == "indirect" for s in rows)
    for s in rows:
        assert span_errors(s, parsed.text) == []


@pytest.mark.parametrize("text", NOT_ATTRIBUTIONS)
def test_statements_learned_cues_not_everywhere(parse_article, text):
    assert list(extract_statements(parse_article(text))) == []
