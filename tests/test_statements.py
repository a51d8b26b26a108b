"""Statements: golden articles of our own with every kind of attribution, the seeds, the CLI."""
from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from conftest import shared_path
from newsdossier.records import span_errors
from newsdossier.statements import extract_statements, find_quotes
from newsdossier.voice import voice_at

HARBOUR = """Harbour board delays vote on new ferry fees

The Orlen harbour board postponed a vote on ferry fees on Monday, its chair Marta Quillon said.

“We need another month to read the objections,” Quillon said. “Nobody wants a fee that empties the boats.”

“The fees were set in 1998,” she added, “and the engines were not.”

Fishermen’s union leader Tomas Brek said the increase would cost crews 300 euros a month. He added that the union would meet on Friday.

A board official, speaking on condition of anonymity, said the vote could slip to spring.

According to the port’s annual report, passenger numbers fell by a fifth last year.

The ministry denied that it had pressed the board to raise fees. “This claim is false,” the statement said.

Sources said two board members had resigned over the delay.

The Coastal Gazette quoted Brek as saying that the crews “cannot carry another cost.”

It was reported that the ferry operator had hired new captains.
"""

# (content, kind, speaker as written, speaker_entity, cue, anonymous, polarity, relay)
HARBOUR_EXPECTED = [
    ("The Orlen harbour board postponed a vote on ferry fees on Monday", "indirect", "its chair Marta Quillon",
     "Marta Quillon", "said", False, "affirm", None),
    ("We need another month to read the objections", "direct", "Quillon", "Marta Quillon", "said", False, "affirm", None),
    ("Nobody wants a fee that empties the boats.", "direct", "Quillon", "Marta Quillon", "said", False, "affirm", None),
    ("The fees were set in 1998", "direct", "she", "Marta Quillon", "added", False, "affirm", None),
    ("and the engines were not.", "direct", "she", "Marta Quillon", "added", False, "affirm", None),
    ("the increase would cost crews 300 euros a month", "indirect", "Fishermen’s union leader Tomas Brek",
     "Tomas Brek", "said", False, "affirm", None),
    ("the union would meet on Friday", "indirect", "He", "Tomas Brek", "added", False, "affirm", None),
    ("the vote could slip to spring", "indirect", "A board official, speaking on condition of anonymity", None,
     "said", True, "affirm", None),
    ("passenger numbers fell by a fifth last year", "according_to", "the port’s annual report", None,
     "According to", False, "affirm", None),
    ("it had pressed the board to raise fees", "indirect", "The ministry", None, "denied", False, "deny", None),
    ("This claim is false", "direct", "the statement", "The ministry", "said", False, "deny", None),
    ("two board members had resigned over the delay", "indirect", "Sources", None, "said", True, "affirm", None),
    ("the crews “cannot carry another cost.”", "indirect", "Brek", "Tomas Brek", "quoted", False, "affirm",
     "The Coastal Gazette"),
    ("the ferry operator had hired new captains", "indirect", None, None, "was reported", True, "affirm", None),
]


def _rows(statements):
    return [(s.content_text, s.kind, s.speaker_text, s.speaker_entity, s.cue_text, s.anonymous, s.polarity,
             s.relay_text) for s in statements]


@pytest.fixture(scope="module")
def harbour(nlp):
    from newsdossier.article import Article, ParsedArticle, article_id

    article = Article(id=article_id(HARBOUR), source="t.txt", format="txt", title=None, title_start=None,
                      title_end=None, outlet="Harbour Weekly", dateline=None, published=None, author=None,
                      url=None, body_start=0, body_end=len(HARBOUR), text=HARBOUR)
    parsed = ParsedArticle(article, nlp(HARBOUR))
    parsed.records["statements"] = list(extract_statements(parsed))
    return parsed


def test_statements_golden_harbour_every_kind(harbour):
    assert _rows(harbour.records["statements"]) == HARBOUR_EXPECTED


def test_statements_spans_are_evidence(harbour):
    for s in harbour.records["statements"]:
        assert span_errors(s, HARBOUR) == []
        assert s.start <= s.content_start and s.content_end <= s.end


def test_statements_split_quote_shares_one_cue(harbour):
    added = [s for s in harbour.records["statements"] if s.cue_text == "added" and s.kind == "direct"]
    assert len(added) == 2 and len({(s.cue_start, s.cue_end) for s in added}) == 1


def test_statements_voice_of_quoted_and_outlet_text(harbour):
    text = HARBOUR
    i = text.index("empties the boats")
    assert voice_at(harbour, i, i + 5).name == "Marta Quillon"
    j = text.index("slip to spring")
    assert voice_at(harbour, j, j + 4).kind == "anonymous"
    k = text.index("Harbour board delays")
    assert voice_at(harbour, k, k + 7).kind == "outlet"


TRAIL = """Rail line to reopen in May

Engineers finished the new bridge last week.

“The trains will run on time,” said Petra Lind, the operator’s director. “We tested every signal twice, and we will test them again.

“Passengers will notice the quieter carriages first.”

Lind was quoted as saying the fares would stay the same. Residents are said to be relieved.

A spokeswoman rejected claims of delays, calling them baseless.

The 'fast track' label is a joke, one commuter said.
"""


def test_statements_multi_paragraph_quote_and_inverted_cue(parse_article):
    parsed = parse_article(TRAIL)
    rows = _rows(extract_statements(parsed))
    assert rows[0] == ("The trains will run on time", "direct", "Petra Lind, the operator’s director", "Petra Lind",
                       "said", False, "affirm", None)
    # the quote opened in one paragraph goes on in the next one (no closing mark in between)
    assert rows[1][0].startswith("We tested every signal twice") and rows[1][0].endswith("carriages first.")
    assert rows[1][1:5] == ("direct", "Petra Lind, the operator’s director", "Petra Lind", "said")
    assert rows[2] == ("the fares would stay the same", "indirect", "Lind", "Petra Lind", "was quoted", False, "affirm",
                       None)
    assert rows[3][:3] == ("Residents are said to be relieved", "indirect", None) and rows[3][5] is True
    assert rows[4][1:] == ("indirect", "A spokeswoman", None, "rejected", True, "deny", None)
    assert rows[5][:5] == ("them baseless", "indirect", "A spokeswoman", None, "calling")
    assert rows[6][:3] == ("The 'fast track' label is a joke", "indirect", "one commuter")
    assert len(rows) == 7


@pytest.mark.parametrize("text,quotes", [
    ("He said “yes” and “no”.", ["yes", "no"]),
    ('She said "fine," then left.', ["fine"]),
    ("They called it « une honte » on air.", ["une honte"]),
    ("Le 'vrai' prix.", ["vrai"]),
    ("The crew’s boat and the members’ own nets.", []),
    ("''It's like new,'' he said.", ["It's like new"]),
    ("“Open quote never closed\n\nNext paragraph plain.", []),
    ("“First part\n\n“second part,” she said.", ["First part\n\n“second part"]),
])
def test_statements_quote_pairing(text, quotes):
    assert [text[q.content_start:q.content_end] for q in find_quotes(text)] == quotes


NEGATIVE = [
    "The museum opens at nine and closes at five.",
    "It should be noted that the bridge is old.",
    "The band played “Blue Moon” twice.",
    "He declined to say.",
]


NEGATIVE += [
    "The river is expected to rise.",  # a passive attitude verb: the outlet's own forecast
    "He declined to comment.",  # nothing was said
    "The glacier appears to shrink.",
    # events told in the outlet's voice: a verb no table knows, whose object states nothing
    "Volunteers from the rowing club offered their help to the crews.",
    "The ferry operator adopted new safety rules for the winter crossings.",
]

# Attitude, intention and stance cues; phrasal cues; parenthetical and conjoined attributions.
# (sentence, [(speaker, cue, content), ...])
CONSTRUCTIONS = [
    ("The coach refused to name the new captain.", [("The coach", "refused", "to name the new captain")]),
    ("The union hopes to sign a deal by June.", [("The union", "hopes", "to sign a deal by June")]),
    ("The farmers want a new road to the market.", [("The farmers", "want", "a new road to the market")]),
    ("The librarian defended the new opening hours as fair.",
     [("The librarian", "defended", "the new opening hours as fair")]),
    ("The mayor called for a curfew in the old town.", [("The mayor", "called for", "a curfew in the old town")]),
    ("The council talked about the budget for hours.", [("The council", "talked about", "the budget")]),
    ("The bakery chain, its owner said, will close two shops.",
     [("its owner", "said", "The bakery chain"), ("its owner", "said", "will close two shops")]),
    ("She said the bridge was safe but added that repairs would start soon.",
     [("She", "said", "the bridge was safe"), ("She", "added", "repairs would start soon")]),
    # a quotation that starts after the clause's subject: the clause is the content, not the quotation
    ("The coach said Duval “has earned her place in the first team after a long season.”",
     [("The coach", "said", "Duval “has earned her place in the first team after a long season.”")]),
]


@pytest.mark.parametrize("text,expected", CONSTRUCTIONS)
def test_statements_attitude_phrasal_parenthetical(parse_article, text, expected):
    parsed = parse_article(text)
    sts = list(extract_statements(parsed))
    assert [(s.speaker_text, s.cue_text, s.content_text) for s in sts] == expected
    for s in sts:
        assert span_errors(s, text) == []
        assert s.kind == "indirect" and not s.anonymous


def test_statements_speaker_after_an_aside_and_relay_of_according_to(parse_article):
    text = ("According to a report published by the website of the Harbour Watch association in mid April – a "
            "citizens' group formed of ferry passengers and their families – the port inspector, who was speaking "
            "on condition of anonymity, said that the ramp had failed twice before.")
    sts = list(extract_statements(parse_article(text)))
    assert [(s.speaker_text, s.cue_text, s.content_text, s.anonymous) for s in sts] == [
        ("the port inspector", "said", "the ramp had failed twice before", True)]
    assert sts[0].relay_text == ("a report published by the website of the Harbour Watch association in mid April")
    assert span_errors(sts[0], text) == []


@pytest.mark.parametrize("text", NEGATIVE)
def test_statements_none_where_nobody_speaks(parse_article, text):
    assert list(extract_statements(parse_article(text))) == []


@settings(max_examples=25, deadline=None)
@given(st.lists(st.sampled_from([
    "“We will win,” the coach said. ", "She said the team was tired. ", "According to the club, tickets sold out. ",
    "“Rain,” he added, “is likely.” ", "Nothing happened. ", "'Odd' ", "\n\n", "Officials said it was late. ",
]), min_size=1, max_size=8))
def test_statements_span_invariant_property(nlp, parts):
    from newsdossier.article import Article, ParsedArticle

    text = "".join(parts)
    article = Article(id="p", source="p", format="txt", title=None, title_start=None, title_end=None, outlet=None,
                      dateline=None, published=None, author=None, url=None, body_start=0, body_end=len(text), text=text)
    for s in extract_statements(ParsedArticle(article, nlp(text))):
        assert span_errors(s, text) == []
        assert s.kind in ("direct", "indirect", "according_to")


# --- the seeds -----------------------------------------------------------------------------------


def _seed(parse_article, prefix):
    base = shared_path("seeds")
    path = next(base.glob(prefix + "_*.txt"))
    parsed = parse_article(path.read_text(encoding="utf-8"))
    sts = list(extract_statements(parsed))
    for s in sts:
        assert span_errors(s, parsed.text) == []
    return parsed, sts


def test_statements_seed_anonymous_ministry_official(parse_article):
    _, sts = _seed(parse_article, "000")
    official = [s for s in sts if s.speaker_text and "official" in s.speaker_text.lower()]
    assert [s.cue_text for s in official] == ["deplored", "saying", "said", "also noted", "also made a reference to"]
    assert all(s.anonymous for s in official)
    quoted = next(s for s in official if s.kind == "direct")
    assert quoted.speaker_text == "the Iranian official" and quoted.content_text.startswith("Calling the Munafiqeen")


def test_statements_seed_french_spokesman_quote(parse_article):
    _, sts = _seed(parse_article, "000")
    nadal = [s for s in sts if s.speaker_entity == "Romain Nadal"]
    assert len(nadal) == 1 and nadal[0].kind == "direct" and not nadal[0].anonymous
    assert nadal[0].content_text.startswith("Its (MKO’s) violent")
    assert not nadal[0].content_text.startswith("“")


def test_statements_seed_un_representative_direct_and_indirect(parse_article):
    _, sts = _seed(parse_article, "004")
    rav = [s for s in sts if s.speaker_entity == "Majid Takht Ravanchi"]
    assert [(s.kind, s.speaker_text, s.cue_text) for s in rav] == [
        ("direct", "Majid Takht Ravanchi", "said"),
        ("direct", "Takhtravanchi", "quoted"),
        ("indirect", "He", "added"),
        ("indirect", "He", "highlighted"),
        ("direct", "Takht Ravanchi", "noted"),
    ]
    relayed = rav[1]
    assert relayed.relay_text == "Press TV"


def test_statements_seed_speaker_split_by_the_parse(parse_article):
    # the parser hangs "the late U.S." and "Senator John McCain" on the verb as two subjects
    _, sts = _seed(parse_article, "004")
    describing = next(s for s in sts if s.cue_text == "describing")
    assert describing.speaker_text == "the late U.S. Senator John McCain"
    assert describing.speaker_entity == "John McCain"


def test_statements_seed_events_are_not_statements(parse_article):
    # "launched an attack", "offered their support": the outlet's narration, not something the group said
    _, sts = _seed(parse_article, "002")
    assert not {"launched", "offered", "offers"} & {s.cue_text for s in sts}


def test_statements_seed_statement_denial(parse_article):
    _, sts = _seed(parse_article, "001")
    denial = next(s for s in sts if s.speaker_text == "the statement")
    assert denial.polarity == "deny" and denial.kind == "direct" and denial.cue_text == "added"


# --- the CLI -------------------------------------------------------------------------------------


def test_statements_cli_filters_and_json(tmp_path):
    from newsdossier.cli import app

    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "harbour.txt").write_text(HARBOUR, encoding="utf-8")
    store = tmp_path / "s.duckdb"
    runner = CliRunner()
    built = runner.invoke(app, ["build", str(corpus), "--store", str(store)])
    assert built.exit_code == 0, built.output
    out = runner.invoke(app, ["statements", "--speaker", "Brek", "--json", "--store", str(store)])
    assert out.exit_code == 0, out.output
    rows = [json.loads(line) for line in out.output.splitlines()]
    assert [r["cue_text"] for r in rows] == ["said", "added", "quoted"]
    table = runner.invoke(app, ["statements", "--store", str(store)])
    assert table.exit_code == 0 and "statements" in table.output and "direct" in table.output
    none = runner.invoke(app, ["statements", "--article", "ffff", "--store", str(store)])
    assert none.exit_code == 0 and "no statements match" in none.output


# --- the demo corpus: the planted statements (examples/demo-corpus/README.md, section 3) ---------


def _demo(demo_store, source_prefix, content_prefix):
    rows = demo_store.rows(
        "SELECT s.* FROM statements s JOIN articles a ON a.id = s.article_id "
        "WHERE a.source LIKE ? AND s.content_text LIKE ? ORDER BY s.content_start",
        ["%" + source_prefix + "%", content_prefix + "%"])
    assert rows, (source_prefix, content_prefix)
    return rows


def test_statements_demo_multi_sentence_and_split_quotes(demo_store):
    first = _demo(demo_store, "larkspur", "Every family has been offered")[0]
    second = _demo(demo_store, "larkspur", "Nobody is being left")[0]
    assert (first["kind"], first["speaker_text"], first["speaker_entity"]) == ("direct", "Vashkeli", "Teodor Vashkeli")
    assert second["content_text"].endswith("resettled by mid-April.") and second["content_text"].count(".") == 2
    assert second["speaker_entity"] == "Teodor Vashkeli"
    a = _demo(demo_store, "larkspur", "They counted houses")[0]
    b = _demo(demo_store, "larkspur", "but we count fields")[0]
    assert (a["cue_start"], a["speaker_entity"]) == (b["cue_start"], "Nadia Vel-Amar")
    assert a["speaker_text"] == "she" and a["kind"] == b["kind"] == "direct"


def test_statements_demo_indirect_and_according_to(demo_store):
    said = _demo(demo_store, "larkspur", "2,900 farmers had lost land")[0]
    assert (said["kind"], said["speaker_text"], said["speaker_entity"], said["cue_text"]) == \
        ("indirect", "Its spokeswoman, Nadia Vel-Amar", "Nadia Vel-Amar", "said")
    acc = _demo(demo_store, "larkspur", "the first $2.5 million")[0]
    assert (acc["kind"], acc["speaker_text"], acc["cue_text"], acc["anonymous"]) == \
        ("according_to", "the ministry", "According to", False)
    assert acc["content_text"].endswith("paid out last year")
    lie = _demo(demo_store, "tavrin-herald-2023", "This is a lie")[0]
    assert (lie["kind"], lie["speaker_text"], lie["cue_text"], lie["polarity"]) == ("direct", "the ministry", "said", "deny")


def test_statements_demo_anonymous_sources(demo_store):
    sources = _demo(demo_store, "tavrin-herald-2023", "at least 150 households")[0]
    assert (sources["speaker_text"], sources["anonymous"]) == ("Sources", True)
    told = _demo(demo_store, "tavrin-herald-2023", "they would be “remembered”")[0]
    assert (told["speaker_text"], told["anonymous"], told["cue_text"]) == (None, True, "were reportedly told")
    nothing = _demo(demo_store, "opinion", "Nothing dramatic")[0]
    assert nothing["anonymous"] is True and nothing["kind"] == "direct"
    shop = _demo(demo_store, "tavrin-herald-2024", "We want quiet")[0]
    assert (shop["speaker_text"], shop["anonymous"]) == ("one shopkeeper", True)
    official = _demo(demo_store, "jsonl#1", "a mediator from")[0]
    assert (official["speaker_text"], official["anonymous"]) == ("The official", True)


def test_statements_demo_relayed_quote(demo_store):
    row = _demo(demo_store, "jsonl#1", "We will talk to farmers")[0]
    assert (row["kind"], row["speaker_entity"], row["relay_text"], row["cue_text"]) == \
        ("direct", "Teodor Vashkeli", "the Tavrin Herald", "quoted")


def test_statements_demo_no_passive_forecasts_or_cited_objects(demo_store):
    # "is expected to cover ..." and "citing an arson attack" are the outlet's voice, not statements
    assert demo_store.scalar("SELECT count(*) FROM statements WHERE cue_text IN ('expected', 'citing')") == 0
    assert demo_store.scalar("SELECT count(*) FROM statements WHERE speaker_text = content_text") == 0


# Speaker spans as written (the PolNeAR convention): a relative pronoun is the speaker, resolved to its
# antecedent; focus words before the phrase are not part of it. (sentence, speaker, entity, content)
SPEAKER_SPANS = [
    ("The tenants met Rosa Lind, who said the heating would be fixed by May.", "who", "Rosa Lind",
     "the heating would be fixed by May"),
    ("The museum hired a curator who argued that the old frames should stay.", "who", "a curator",
     "the old frames should stay"),
    ("Even the referees said the pitch was too wet.", "the referees", None, "the pitch was too wet"),
    ("Only two of the nine bakers said the flour tasted different.", "two of the nine bakers", None,
     "the flour tasted different"),
]


@pytest.mark.parametrize("text,speaker,entity,content", SPEAKER_SPANS)
def test_statements_speaker_span_as_written(parse_article, text, speaker, entity, content):
    sts = list(extract_statements(parse_article(text)))
    assert [(s.speaker_text, s.speaker_entity, s.content_text) for s in sts] == [(speaker, entity, content)]
    assert span_errors(sts[0], text) == []


# Direct quotes: quote-only cues, a colon paragraph, a quote after a later cue's colon, a title inside the
# attribution between two halves, a complement that runs on past its quote. (text, [(speaker, cue, content)])
DIRECT_QUOTES = [
    ("“We will not wait,” Dana Ortiz continued. “The river is rising.”",
     [("Dana Ortiz", "continued", "We will not wait"), ("Dana Ortiz", "continued", "The river is rising.")]),
    ("She went on: “Nobody checked the pumps.”", [("She", "went on", "Nobody checked the pumps.")]),
    ("“Open the gates!” the crowd chanted outside the hall.", [("the crowd", "chanted", "Open the gates!")]),
    ("The mayor told the crowd, to loud applause:\n\n“We will rebuild every bridge before the winter comes.”",
     [("The mayor", "told", "We will rebuild every bridge before the winter comes.")]),
    ("“It is too early to tell,” said Ortiz, who hosts the show “Big Ideas.” “I mean, it depends on the rain.”",
     [("Ortiz, who hosts the show “Big Ideas", "said", "It is too early to tell"),
      ("Ortiz, who hosts the show “Big Ideas", "said", "I mean, it depends on the rain.")]),
    ("The coach said, “It is time we change how we train,” promising a new plan.",
     [("The coach", "said", "It is time we change how we train")]),
]
NEGATIVE += ["Prices continued to rise, and the “cheap” shops closed.", "She read the report twice."]

# Round 5: colon-introduced quotes with no verb, a verb before the colon, quotes joined by "and", an
# inverted cue, a partial quote inside the attribution between two halves, a title inside the speaker.
DIRECT_QUOTES += [
    ("Harbour pilot Ines Varga: “The channel is too shallow for these ships.”",
     [("Harbour pilot Ines Varga", ":", "The channel is too shallow for these ships.")]),
    ("Here is the minister in March 2019: “We will not raise taxes on bread.”",
     [("the minister", ":", "We will not raise taxes on bread.")]),
    ("The baker apologized for the delay: “We ran out of flour this morning.”",
     [("The baker", "apologized", "We ran out of flour this morning.")]),
    ("The marchers chanted “Clean water now” and “No more spills.”",
     [("The marchers", "chanted", "Clean water now” and “No more spills.")]),
    ("“Where is the bus?” asked the driver.", [("the driver", "asked", "Where is the bus?")]),
    ("“Sales are flat,” said Ada Moss, who noted that costs had “doubled” since spring. “We will cut staff.”",
     [("Ada Moss", "said", "Sales are flat"), ("Ada Moss", "said", "We will cut staff.")]),
    ("“Is it over?” asked the girl, who wore a ‘Save the Owls’ badge, as the audience laughed.",
     [("the girl, who wore a ‘Save the Owls’ badge", "asked", "Is it over?")]),
    ("As for the new stadium, “I think it is far too big,” Mr. Olsen said. “It will sit empty most weeks.”",
     [("Mr. Olsen", "said", "I think it is far too big"), ("Mr. Olsen", "said", "It will sit empty most weeks.")]),
    ("Mark Olsen and Jo Tan: “The data show a late shift among voters in the north.”",
     [("Mark Olsen and Jo Tan", ":", "The data show a late shift among voters in the north.")]),
    # another sentence between the attribution and the next quote: the speaker is not carried on
    ("“The roof leaks,” Lee said. Kim shook her head. “It was fixed last week.”",
     [("Lee", "said", "The roof leaks")]),
    # reported speech that ends in a partial quote goes on in the next quotation (two-apostrophe marks)
    ("Still, bakeries are ''just scratching out a profit,'' Mr. Hedge said from his office in Leeds. "
     "''Bread is a thin-margin business.''",
     [("Mr. Hedge", "said", "Bread is a thin-margin business.")]),
]
NEGATIVE += ["The troupe staged a comedy called “Small Hours” in the old hall.",
             "In Lisbon: “The trams are running again after the long strike.”"]


@pytest.mark.parametrize("text,expected", DIRECT_QUOTES)
def test_statements_direct_quote_layouts(parse_article, text, expected):
    sts = [s for s in extract_statements(parse_article(text)) if s.kind == "direct"]
    assert [(s.speaker_text, s.cue_text, s.content_text) for s in sts] == expected
    for s in sts:
        assert span_errors(s, text) == []


def test_statements_colon_cue_takes_the_next_quote_only(parse_article):
    text = ("The chef said the menu would stay “simple and seasonal for now.” He added: “We will not open "
            "on Mondays this year.”")
    sts = list(extract_statements(parse_article(text)))
    added = [s.content_text for s in sts if s.cue_text == "added"]
    assert added == ["We will not open on Mondays this year."]


def _speakers(parse_article, text):
    parsed = parse_article(text)
    return [(st.cue_text, st.speaker_text, st.speaker_entity) for st in extract_statements(parsed)]


def test_statements_a_sentence_opening_pronoun_is_the_named_subject_before(parse_article):
    # not the last name written before it (the one inside the apposition)
    found = _speakers(parse_article, "Mara Velt, an adviser to Governor Ilan Brooke, spoke at a rally in Dunmore on "
                                     "Friday. She has acknowledged receiving payments from the company.")
    assert ("has acknowledged", "She", "Mara Velt") in found


def test_statements_who_after_a_place_is_the_people_before_it(parse_article):
    found = _speakers(parse_article, "The dam has been backed by farmers in France, who also argued for a second "
                                     "reservoir in the valley.")
    assert [(speaker, entity) for cue, speaker, entity in found if cue.startswith("also argued")] == [("who", "farmers in France")]


def test_statements_a_pronoun_skips_a_subject_of_the_other_title(parse_article):
    found = _speakers(parse_article, "Mr Arlen Dwyer is seeking access to the boy. She denies that he is the father.")
    assert all(entity != "Arlen Dwyer" for cue, _speaker, entity in found if cue == "denies")


@pytest.mark.parametrize("text, cue, speaker, entity", [
    # a role given in a title before the name
    ("Transport secretary Dalia Mero opened the bridge on Monday. The secretary said the toll would end in May.",
     "said", "The secretary", "Dalia Mero"),
    # the description's other words pick one holder of the role from two
    ("Green leader Tomas Aru and Liberal leader Petra Holm debated on Tuesday. The Liberal leader said rents were too "
     "high.", "said", "The Liberal leader", "Petra Holm"),
    # an age is the person written with that age
    ("Jonas Pell, 43, was fined on Friday for fishing without a licence. Officers found two nets in his boat. "
     "The 43-year-old said he would appeal.", "said", "The 43-year-old", "Jonas Pell"),
    # an epithet no name was given is the named subject of the sentence before
    ("The forward Ilse Varga scored twice on Saturday. Varga left the pitch to applause. The striker said the team "
     "had earned the win.", "said", "The striker", "Ilse Varga"),
])
def test_statements_a_definite_description_resolves_to_the_name_meant(parse_article, text, cue, speaker, entity):
    assert (cue, speaker, entity) in _speakers(parse_article, text)


def test_statements_it_said_is_the_group_before_not_an_unnamed_source(parse_article):
    parsed = parse_article("Calder Mutual raised its prices on Monday. The insurer said costs had risen. "
                           "It said the rise would last a year.")
    found = {st.cue_text + " " + st.content_text[:8]: st for st in extract_statements(parsed)}
    it = found["said the rise"]
    assert (it.speaker_text, it.anonymous, it.speaker_resolution) == ("It", False, "pronoun")
    assert it.speaker_entity in ("Calder Mutual", "The insurer")


def test_statements_a_described_unnamed_source_stays_unnamed(parse_article):
    sts = extract_statements(parse_article("An official at the port authority said the strike would end soon. "
                                           "The official said talks were under way."))
    assert [(s.speaker_text, s.anonymous) for s in sts] == [("An official at the port authority", True),
                                                             ("The official", True)]


def test_statements_a_description_with_other_words_is_not_another_holder(parse_article):
    found = _speakers(parse_article, "The Transport Workers Union said fares should fall. The drivers' union said it "
                                     "would strike in March.")
    assert [entity for cue, speaker, entity in found if speaker == "The drivers' union"] == [None]


def test_statements_a_description_is_not_the_holder_of_a_deputy_role(parse_article):
    found = _speakers(parse_article, "Deputy Mayor Ruth Calloway opened the fair on Sunday. The mayor said the fair "
                                     "would return next year.")
    assert [entity for cue, speaker, entity in found if speaker == "The mayor"] == [None]


def test_statements_an_it_that_is_not_the_verb_subject_is_no_speaker(parse_article):
    sts = extract_statements(parse_article("The Harbour Trust met on Monday. It is hard to say whether the pier "
                                           "will reopen."))
    assert all(s.speaker_text != "It" for s in sts)


def test_statements_lie_as_a_verb_denies_nothing(parse_article):
    sts = extract_statements(parse_article("Between 30 and 40 villages lie below the waterline, according to maps "
                                           "the agency published. \"This is a lie,\" the mayor said."))
    assert [(s.content_text, s.polarity) for s in sts] == [
        ("Between 30 and 40 villages lie below the waterline", "affirm"), ("This is a lie", "deny")]
