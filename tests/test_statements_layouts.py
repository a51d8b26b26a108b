"""Statements: round 10 constructions (issue 20), each with its exact spans, on our own texts on several subjects."""
from __future__ import annotations

import pytest

from newsdossier.statements import extract_statements


def rows(parsed):
    t = parsed.text
    return [(s.kind, None if s.speaker_start is None else t[s.speaker_start:s.speaker_end], s.cue_text,
             t[s.content_start:s.content_end]) for s in extract_statements(parsed)]


CASES = [
    # a question put by someone unnamed: the one asked is not the speaker of `Asked` (transport)
    ("Asked about the new timetable, the rail operator's director said trains would run every ten minutes.",
     [("indirect", None, "Asked", "about the new timetable"),
      ("indirect", "the rail operator's director", "said", "trains would run every ten minutes")]),
    # ... nor when the participle follows the noun (construction), with a `whether` clause (industry)
    ("The minister, asked about the delay, said the contractor was to blame.",
     [("indirect", None, "asked", "about the delay"),
      ("indirect", "The minister", "said", "the contractor was to blame")]),
    ("Asked whether the plant would close, the manager said no.",
     [("indirect", None, "Asked", "whether the plant would close")]),
    # the quote after the colon answers the question: it belongs to the one who answers (games)
    ('Asked if she enjoys a game of chess, she confesses: "Yes, it would be more fun if I won now and then."',
     [("indirect", None, "Asked", "if she enjoys a game of chess"),
      ("direct", "she", "confesses", "Yes, it would be more fun if I won now and then.")]),
    # the asker named by `by` is the speaker (local news)
    ("Asked by a reporter whether the bridge would reopen, Ms. Okafor said she did not know.",
     [("indirect", "a reporter", "Asked", "whether the bridge would reopen"),
      ("indirect", "Ms. Okafor", "said", "she did not know")]),
    # a poll's finding: the poll is the source, the clause without the `in` phrase the content (an election)
    ("The mayor leads in recent polls by a wide margin.",
     [("according_to", "recent polls", "in", "The mayor leads")]),
    ("Turnout was expected to rise, and the incumbent was ahead in a poll released on Monday by the university.",
     [("according_to", "a poll released on Monday by the university", "in", "the incumbent was ahead")]),
    # taking part in a survey, or a clause with no subject of its own, is no finding (housing)
    ("Fewer than half of those asked in the survey owned a car. Running third in most polls, the party "
     "changed its leader.", []),
    # a survey or document as the subject of a finding verb (health)
    ("A new study shows a rise in cases among children. The latest polls show the mayor leading by six points.",
     [("indirect", "A new study", "shows", "a rise in cases among children"),
      ("indirect", "The latest polls", "show", "the mayor leading by six points")]),
    # ... but a person showing an object states nothing (police)
    ("The inspector showed his badge at the door.", []),
    # a view held: `sees X as Y` (trade), while seeing is perception (nature)
    ("Farmers see the new tariff as a threat to their exports. The divers saw a shark near the wreck.",
     [("indirect", "Farmers", "see", "the new tariff as a threat to their exports")]),
    ("Ms. Vidal views the levy as fair.", [("indirect", "Ms. Vidal", "views", "the levy as fair")]),
    # citing evidence is a statement of its own; `quoted X as saying` still relays X (law, transport)
    ("The lawyer cited two earlier rulings as precedent. The paper quoted the mayor as saying the road "
     "would close.",
     [("indirect", "The lawyer", "cited", "two earlier rulings as precedent"),
      ("indirect", "the mayor", "quoted", "the road would close")]),
    # `according to X` closing a sentence of coordinated clauses gives X all of them (fisheries, budgets)
    ("Fish prices rose by 4% in March, but fell by 2% in April, according to the harbour authority's records.",
     [("according_to", "the harbour authority's records", "according to",
       "Fish prices rose by 4% in March, but fell by 2% in April")]),
    ("The ferry was paid $200; the bus company was paid $300; and the airline was paid $900, according to the "
     "council's accounts.",
     [("according_to", "the council's accounts", "according to",
       "The ferry was paid $200; the bus company was paid $300; and the airline was paid $900")]),
]


@pytest.mark.parametrize("text, expected", CASES)
def test_statements_layouts_spans(parse_article, text, expected):
    assert rows(parse_article("Headline\n\n" + text + "\n")) == expected


TRANSCRIPT = """Harbour plan

Marta Ilves: The harbour will be dredged before winter.

TOMAS: We have waited ten years for this.

Note: This article was updated on Friday.

STAT OF THE WEEK: 43 percent of the berths stand empty.
"""


def test_statements_layouts_colon_lines(parse_article):
    """A line opened by a name and a colon (a headline, a transcript): the name says the rest of the line;
    a label (`Note:`) or a heading that is no name says nothing."""
    assert rows(parse_article(TRANSCRIPT)) == [
        ("indirect", "Marta Ilves", ":", "The harbour will be dredged before winter"),
        ("indirect", "TOMAS", ":", "We have waited ten years for this"),
    ]


def test_statements_layouts_colon_line_needs_a_clause(parse_article):
    """A headline naming someone and what they are (`Name: King of ...`), a label, or a bullet says nothing."""
    text = ("Books\n\nArthur Vale: King of the thrillers\n\nObituary: Dame Rosa Lind\n\n"
            "- Ann Moss: The documentary is shown on Saturday at noon.\n")
    assert rows(parse_article(text)) == []


def test_statements_layouts_colon_line_quote_left_to_pairing(parse_article):
    """`Name: “...”` stays a direct quote, attributed by the quote pairing (sport)."""
    parsed = parse_article("Injury list\n\nCoach Rana Patel: ‘I’m not worried about the injuries.’\n")
    assert rows(parsed) == [("direct", "Rana Patel", ":", "I’m not worried about the injuries.")]
