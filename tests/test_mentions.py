from __future__ import annotations

import pytest

from newsdossier.mentions import balanced_bounds, extract_mentions, quote_bounds
from newsdossier.records import span_errors


@pytest.mark.parametrize("span,expected", [
    ("The Coastal Ferry League (CFL", "The Coastal Ferry League"),
    ("CFL) members", "members"),
    ("Bank of Lamport (BoL)", "Bank of Lamport (BoL)"),
    ("Ferris", "Ferris"),
])
def test_mentions_balanced_bounds(span, expected):
    text = f"x {span} y"
    start, end = balanced_bounds(text, 2, 2 + len(span))
    assert text[start:end] == expected


@pytest.mark.parametrize("span,expected", [
    ("Dovecote Union group ‘rebels", "Dovecote Union group"),
    ("“Marrow Street”", "Marrow Street"),
    ("\"Tilde Works", "Tilde Works"),
    ("the Ferrises’", "the Ferrises’"),
    ("Anna ‘Red’ Kask", "Anna ‘Red’ Kask"),
])
def test_mentions_quote_bounds(span, expected):
    text = f"x {span} y"
    start, end = quote_bounds(text, 2, 2 + len(span))
    assert text[start:end] == expected


def test_mentions_spans_are_exact_and_labelled(parse_article):
    parsed = parse_article("Oona Ferris, who chairs the Kestrel Bay harbour board, met officials in Lisbon on Monday.")
    mentions = list(extract_mentions(parsed))
    assert all(span_errors(m, parsed.text) == [] for m in mentions)
    assert ("Oona Ferris", "PERSON") in {(m.text, m.label) for m in mentions}
    assert ("Lisbon", "GPE") in {(m.text, m.label) for m in mentions}


@pytest.mark.parametrize("text, start, end, want", [
    ("Dunmore\n\nDUNMORE (Valley News) – rain", 0, 31, "Dunmore"),
    ("x\n\nHartley Dam", 1, 14, "Hartley Dam"),
    ("the Hartley Dam", 4, 15, "Hartley Dam"),
])
def test_mentions_a_name_never_spans_a_line_break(text, start, end, want):
    from newsdossier.mentions import line_bounds

    s, e = line_bounds(text, start, end)
    assert text[s:e] == want


@pytest.mark.parametrize("span, expected", [
    ("- Marsh", "Marsh"),                      # a headline's "Ferry fares to rise - Marsh"
    ("of Tarvland", "Tarvland"),               # "Republic of Tarvland" tagged from the preposition
    ("– Kestrel Bay –", "Kestrel Bay"),
    ("in of Lisbon", "Lisbon"),
    ("Bank of Tarvland", "Bank of Tarvland"),  # a preposition inside a name stays
    ("de Vries", "de Vries"),                  # a particle that starts a surname stays
    ("of", "of"),                              # nothing left to keep: untouched
])
def test_mentions_edge_bounds_trim_dashes_and_a_leading_preposition(span, expected):
    from newsdossier.mentions import edge_bounds

    text = f"x {span} y"
    start, end = edge_bounds(text, 2, 2 + len(span))
    assert text[start:end] == expected


@pytest.mark.parametrize("span, label, expected", [
    ("Ines Varga - moved", "PERSON", "Ines Varga"),          # a name run into the words after a dash
    ("Tomas Reyes - Chile", "PERSON", "Tomas Reyes"),        # a line-up: player - team
    ("Halden Steel – the", "ORG", "Halden Steel"),
    ("Harbour Lights", "WORK_OF_ART", "Harbour Lights"),     # no dash: untouched
    ("1991 - 1994", "DATE", "1991 - 1994"),                  # a date range is no name
])
def test_mentions_a_name_never_spans_a_spaced_dash(span, label, expected):
    from newsdossier.mentions import dash_bounds

    text = f"x {span} y"
    start, end = dash_bounds(text, 2, 2 + len(span), label)
    assert text[start:end] == expected


@pytest.mark.parametrize("text, span, label, expected, expected_label", [
    ("x Describing Mr Okafor at length", "Describing Mr Okafor", "PERSON", "Mr Okafor", "PERSON"),
    ("x Both Mr Lund and Ms Achterberg agreed", "Both Mr Lund and Ms Achterberg", "WORK_OF_ART", "Ms Achterberg",
     "PERSON"),
    ("x the Harbour Board Dr Amsel said", "the Harbour Board Dr Amsel", "ORG", "Dr Amsel", "PERSON"),
    ("x Mr Okafor spoke", "Mr Okafor", "PERSON", "Mr Okafor", "PERSON"),         # opens with it: untouched
    ("x the Miss Galaxy contest", "the Miss Galaxy contest", "EVENT", "the Miss Galaxy contest", "EVENT"),
    ("x 12 Mr Lund", "12 Mr Lund", "DATE", "12 Mr Lund", "DATE"),                   # not a name label
])
def test_mentions_a_name_starts_at_an_honorific_inside_it(text, span, label, expected, expected_label):
    from newsdossier.mentions import honorific_bounds

    start = text.index(span)
    s, e, got_label = honorific_bounds(text, start, start + len(span), label)
    assert (text[s:e], got_label) == (expected, expected_label)


@pytest.mark.parametrize("text, span, label, expected", [
    ("Lena Okafor's plan was read.", "Lena Okafor's", "PERSON", "Lena Okafor"),
    ("Valmora’s harbour grew.", "Valmora’s", "GPE", "Valmora"),                     # curly apostrophe
    ("Brennan's sales rose. Brennan's said so.", "Brennan's", "ORG", "Brennan's"),  # the firm's own name
    ("Halden Steel's bid failed. Halden Steel said", "Halden Steel's", "ORG", "Halden Steel"),
    ("last year's figures", "last year's", "DATE", "last year's"),                 # not a name label
])
def test_mentions_leave_the_possessive_out_of_a_name(text, span, label, expected):
    from newsdossier.mentions import possessive_bounds

    start = text.index(span)
    s, e = possessive_bounds(text, start, start + len(span), label)
    assert text[s:e] == expected
