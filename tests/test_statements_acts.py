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
