"""Statements: physical acts, events, motions and decisions are never statements (own texts, several subjects)."""
from __future__ import annotations

import pytest

from newsdossier.statements import extract_statements

# Each text mixes acts (which must give no statement) with one act of speech (which must).
ACTS = [
    # football
    ("The visiting fans attacked the stewards near gate four. The club said it would ban the fans for life.",
     "said", "it would ban the fans for life"),
    # city council
    ("The council adopted the new parking rules on Tuesday and ordered wardens to start in May. "
     "The mayor said the rules were overdue.",
     "said", "the rules were overdue"),
    # science
    ("Two divers saw the reef bleaching from the research boat. The lead biologist wrote that the damage was "
     "worse than in 2016.",
     "wrote", "the damage was worse than in 2016"),
    # labour dispute
    ("The union sided with the drivers and tried to persuade the depot managers to reopen the canteen. "
     "A union steward said the talks would resume on Friday.",
     "said", "the talks would resume on Friday"),
]


@pytest.mark.parametrize("text, cue, content", ACTS)
def test_statements_acts_are_not_statements(parse_article, text, cue, content):
    parsed = parse_article("Headline\n\n" + text)
    sts = list(extract_statements(parsed))
    assert [(s.cue_text, parsed.text[s.content_start:s.content_end]) for s in sts] == [(cue, content)]


ORCHARD = """Orchard growers lose a third of the apple crop

Late frost destroyed a third of the apple crop in the valley, the growers' cooperative said on Monday.

Maria Lopez, the cooperative's chair, said insurers had paid for only half of the damage. She added that the cooperative would ask the ministry for help.

Farmer Tomas Reil said he had lost every tree on the lower slopes.

A ministry official said the request would be read this week. The official said no money had been set aside.
"""


def test_statements_speaker_resolution_is_recorded(parse_article):
    parsed = parse_article(ORCHARD)
    rows = [(s.speaker_text, s.speaker_entity, s.speaker_resolution) for s in extract_statements(parsed)]
    assert rows == [
        ("the growers' cooperative", None, "unresolved"),
        ("Maria Lopez, the cooperative's chair", "Maria Lopez", "apposition"),
        ("She", "Maria Lopez", "pronoun"),
        # the model takes the title into the name, so the whole phrase is the name
        ("Farmer Tomas Reil", "Farmer Tomas Reil", "named"),
        ("A ministry official", None, "unresolved"),
        ("The official", "A ministry official", "description"),
    ]


def test_statements_speaker_stops_at_a_dash(parse_article):
    # the parser may hang the text after a dash on the speaker's noun; it is an aside, not the speaker
    text = ("Headline\n\nA coalition of tenant groups formed in 2019 – the largest in the city, by its own count – said "
            "rents had doubled.")
    parsed = parse_article(text)
    sts = list(extract_statements(parsed))
    assert [(s.speaker_text, s.content_text) for s in sts] == [
        ("A coalition of tenant groups formed in 2019", "rents had doubled")]
