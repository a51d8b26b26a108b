"""Temporal expressions, events and the timeline: golden sentences, seeds, store and CLI."""
from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsdossier.records import span_errors


from newsdossier.temporal import timex  # noqa: E402
from newsdossier.temporal.stage import Event, TimeExpression, extract_time_expressions  # noqa: E402

D = dt.date
PUB = D(2021, 3, 11)  # a Thursday

# (text, publication date, expected span, type, value) -- one expression checked per row
GOLDEN = [
    ("The orchestra gave a concert on Tuesday in the new hall.", PUB, "Tuesday", "DATE", "2021-03-09"),
    ("Rainfall in June 2003 broke records.", PUB, "June 2003", "DATE", "2003-06"),
    ("The bridge opened in 1986.", PUB, "1986", "DATE", "1986"),
    ("The bridge closed for repairs last year.", PUB, "last year", "DATE", "2020"),
    ("Vinyl sales peaked in the 1970s.", PUB, "the 1970s", "DATE", "197"),
    ("The museum will reopen on July 9.", PUB, "July 9", "DATE", "2021-07-09"),
    ("Harvest begins in mid-April.", PUB, "mid-April", "DATE", "2021-04"),
    ("Ticket prices have risen in recent years.", PUB, "recent years", "DURATION", "PXY"),
    ("The club signed a striker earlier this month.", PUB, "earlier this month", "DATE", "2021-03"),
    ("The library must be finished by the end of 2011.", PUB, "the end of 2011", "DATE", "2011"),
    ("The drought lasted eight years.", PUB, "eight years", "DURATION", "P8Y"),
    ("The lease runs for a month.", PUB, "a month", "DURATION", "P1M"),
    ("The ferry sails every year from the harbour.", PUB, "every year", "SET", "P1Y"),
    ("The cyclist trained daily.", PUB, "daily", "SET", "P1D"),
    ("Museums are busier now.", PUB, "now", "DATE", "PRESENT_REF"),
    ("The survey covered 1980-88.", PUB, "1980-88", "DATE", "1980"),
    ("The brewery reported third-quarter sales.", PUB, "third-quarter", "DATE", "2020-Q3"),
    ("Two years ago the village got broadband.", PUB, "Two years ago", "DATE", "2019"),
    ("The first ferry left at 10:35 a.m. Thursday.", PUB, "10:35 a.m. Thursday", "TIME", "2021-03-11T10:35"),
    ("Voters head to the polls next week.", PUB, "next week", "DATE", "2021-W11"),
    ("The mayor spoke yesterday.", PUB, "yesterday", "DATE", "2021-03-10"),
    ("The festival was held last summer.", PUB, "last summer", "DATE", "2020-SU"),
    ("Prices doubled over the past two years.", PUB, "the past two years", "DURATION", "P2Y"),
    ("The roof was fixed on Dec. 3, 2019.", PUB, "Dec. 3, 2019", "DATE", "2019-12-03"),
    ("The trial lasted 2 1/2 years.", PUB, "2 1/2 years", "DURATION", "P2Y6M"),
    ("Farmers will meet on Monday.", PUB, "Monday", "DATE", "2021-03-15"),
    ("The band played on Wednesday.", None, "Wednesday", "DATE", "XXXX-WXX-3"),
    ("Last year the team won.", None, "Last year", "DATE", "XXXX"),
    ("The rally took place on Friday.", D(2024, 4, 19), "Friday", "DATE", "2024-04-19"),
    # a month and day against the tense, but within two months of publication: the near one
    ("The grant is payable Dec. 15 to members.", D(2021, 11, 2), "Dec. 15", "DATE", "2021-12-15"),
    ("The council said the vote was set for Jan. 4.", D(2021, 12, 20), "Jan. 4", "DATE", "2022-01-04"),
    ("The orchard flooded on Nov. 3.", PUB, "Nov. 3", "DATE", "2020-11-03"),
    ("The lease runs through January.", D(2021, 10, 30), "January", "DATE", "2022-01"),
    # anaphoric: counted from the date written before (TimeML anchorTimeID), not from publication
    ("The dam opened on May 2, 1996. The following year it flooded.", PUB, "The following year", "DATE", "1997"),
    ("The ferry sank on June 3, 2004. The next day divers arrived.", PUB, "The next day", "DATE", "2004-06-04"),
    ("The mill shut in March 2009. Later that year it was sold.", PUB, "Later that year", "DATE", "2009"),
    ("The ferry sank on June 3, 2004. Three days later it was raised.", PUB, "Three days later", "DATE",
     "2004-06-06"),
    ("The kiln was lit on Aug. 14, 2018, and had cooled by the previous Friday.", PUB, "the previous Friday",
     "DATE", "2018-08-10"),
    ("Output rose in the quarter ended Sept. 30, 2020, from a year earlier.", PUB, "a year earlier", "DATE",
     "2019-09-30"),
    ("Next week the pier reopens. The next morning it will rain.", PUB, "The next morning", "TIME",
     "2021-03-12TMO"),
    # tense: weak modals, past-tense heads of a to-infinitive, deadline words
    ("The curator could not be reached Wednesday.", PUB, "Wednesday", "DATE", "2021-03-10"),
    ("The minister declined to comment Tuesday.", PUB, "Tuesday", "DATE", "2021-03-09"),
    ("The museum has until Monday to respond.", PUB, "Monday", "DATE", "2021-03-15"),
    ("Tickets go on sale as soon as Tuesday.", PUB, "Tuesday", "DATE", "2021-03-16"),
    # the news present schedules ("meet Monday"); a pluperfect or purpose to-infinitive stays in the past;
    # "effective" looks ahead even after a past verb; a possessive weekday names a day gone
    ("The ministers meet Monday in Geneva.", PUB, "Monday", "DATE", "2021-03-15"),
    ("The merger follows Tuesday's vote by the members.", PUB, "Tuesday", "DATE", "2021-03-09"),
    ("The rival bidders extended their offers to buy the brewery Friday.", PUB, "Friday", "DATE", "2021-03-05"),
    ("The offer had been scheduled to expire Friday.", PUB, "Friday", "DATE", "2021-03-05"),
    ("The union signed a new contract, effective June 1.", D(2021, 10, 26), "June 1", "DATE", "2022-06-01"),
    # a year's reporting period takes the quarter named before; bare plurals after within/in; "current" + noun
    ("Profit rose in the third quarter. In the 1988 quarter, the mill lost money.", PUB, "the 1988 quarter",
     "DATE", "1988-Q3"),
    ("Output of the 1988 quarter was restated.", PUB, "the 1988 quarter", "DATE", "1988-QX"),
    ("Aid reached the valley within days.", PUB, "days", "DURATION", "PXD"),
    ("The orchard had its best harvest in years.", PUB, "years", "DURATION", "PXY"),
    ("Builders blame current market conditions.", PUB, "current", "DATE", "PRESENT_REF"),
    # a year before a singular noun; the second day of "April 24 and 25"; "the March"
    ("A 1996 law bans the practice.", PUB, "1996", "DATE", "1996"),
    ("Leaders meet on April 24 and 25.", PUB, "25", "DATE", "2021-04-25"),
    ("The March accession was approved.", PUB, "March", "DATE", "2021-03"),
    ("Ferries were cancelled. Today the port reopened.", PUB, "Today", "DATE", "2021-03-11"),
    # year-end is the year with mod END (as "the end of 2011"); told in the past, the year gone
    ("The sale should close by year-end.", PUB, "year-end", "DATE", "2021"),
    ("The fund had doubled by year-end.", PUB, "year-end", "DATE", "2020"),
    # halves, the year, a couple of
    ("Output fell in the last half of 2019.", PUB, "the last half of 2019", "DATE", "2019-H2"),
    ("For the year ended June 30, the club lost money.", PUB, "the year", "DURATION", "P1Y"),
    ("Sales for the year rose by a tenth.", PUB, "the year", "DATE", "2021"),
    ("Fares may rise over the next couple of years.", PUB, "the next couple of years", "DURATION", "P2Y"),
]

# texts in which the given string must NOT be tagged
NEGATIVE = [
    ("It may rain in the hills.", "may"),
    ("About 2000 volunteers joined the cleanup.", "2000"),
    ("The 6-year-old girl won the race.", "6-year-old"),
    ("Membership costs $40 a year.", "a year"),
    ("Jan Novak scored twice.", "Jan"),
    ("Three-quarters of the members voted.", "Three-quarters"),
    ("It was the year of the flood.", "the year"),
    ("The year-ago results were restated.", "The year"),
    ("He woke up the day after.", "the day"),
    ("The party daily Granma printed the letter.", "daily"),
    ("She won a 1500 metre race.", "1500"),
    ("He ran a 2000-metre heat.", "2000"),
    ("Each user gets a 2048-bit key.", "2048"),
    ("The 18th century painting was sold.", "century"),  # no date before 1800 that the text does not write
    ("The airline adds 700 seats a week.", "a week"),
    ("She told BBC Radio 4's Today programme that fares would rise.", "Today"),
    ("Guards stand outside 24 hours a day.", "a day"),
    ("She spoke on CBS's 60 Minutes.", "Minutes"),
    ('He said on "This Week" that talks failed.', "Week"),
    ("Jobless claims sat near its quarter-century low.", "quarter"),
    ("On June 5 and 6 people died.", "6"),
    ("The current account deficit widened.", "current"),
    ("The swimmer fought the current of the river.", "current"),
]


def _parsed(parse_article, text, published):
    return parse_article(text, published=published)


def _records(parsed):
    recs = list(extract_time_expressions(parsed))
    return [r for r in recs if isinstance(r, TimeExpression)], [r for r in recs if isinstance(r, Event)]


@pytest.mark.parametrize("text,published,span,ttype,value", GOLDEN)
def test_temporal_golden(parse_article, text, published, span, ttype, value):
    parsed = _parsed(parse_article, text, published)
    timexes, _ = _records(parsed)
    found = {(t.text, t.type, t.value) for t in timexes}
    assert (span, ttype, value) in found, found
    for t in timexes:
        assert span_errors(t, text) == []


@pytest.mark.parametrize("text,word", NEGATIVE)
def test_temporal_negative(parse_article, text, word):
    timexes, _ = _records(_parsed(parse_article, text, PUB))
    assert all(word not in t.text for t in timexes), [t.text for t in timexes]


def test_temporal_unresolved_without_publication_date(parse_article):
    timexes, events = _records(_parsed(parse_article, "The band played on Wednesday.", None))
    (t,) = timexes
    assert (t.resolved, t.anchor, t.earliest, t.latest) == (False, "none", None, None)
    assert events == []  # no resolved date, no event


def test_temporal_context_year_when_no_publication_date(parse_article):
    text = "The band formed in 1994. On July 9 it played its first show."
    timexes, _ = _records(_parsed(parse_article, text, None))
    july = next(t for t in timexes if t.text == "July 9")
    # a year written elsewhere is a guess, kept apart: the value keeps its X's and is not resolved
    assert (july.value, july.anchor, july.resolved, july.earliest) == ("XXXX-07-09", "context_year", False, None)
    assert (july.guess_value, july.guess_earliest) == ("1994-07-09", dt.date(1994, 7, 9))
    assert july.guess_reason.startswith("a guess: no publication date, so the year 1994")


def test_temporal_guess_events_stay_apart_from_resolved_ones(parse_article):
    text = "The band formed in 1994. On July 9 it played its first show in Lisbon."
    _, events = _records(_parsed(parse_article, text, None))
    assert [(e.value, e.guess) for e in events] == [("1994", False), ("1994-07-09", True)]


@pytest.mark.parametrize("text,expected", [
    ("The war of 1980-88 left the border closed.", [("1980", "1980-88", dt.date(1980, 1, 1), dt.date(1988, 12, 31))]),
    ("Output grew between 2001 and 2003.", [("2001", "between 2001 and 2003", dt.date(2001, 1, 1), dt.date(2003, 12, 31)),
                                            ("2003", "between 2001 and 2003", dt.date(2001, 1, 1), dt.date(2003, 12, 31))]),
    ("The works run from May to July.", [("2024-05", "from May to July", dt.date(2024, 5, 1), dt.date(2024, 7, 31)),
                                         ("2024-07", "from May to July", dt.date(2024, 5, 1), dt.date(2024, 7, 31))]),
])
def test_temporal_ranges_keep_both_ends(parse_article, text, expected):
    timexes, _ = _records(_parsed(parse_article, text, dt.date(2024, 4, 2)))
    assert [(t.value, t.range_text, t.range_earliest, t.range_latest) for t in timexes] == expected


@pytest.mark.parametrize("text", ["The deadline is 1200 GMT on Monday.", "Polls close at 2010 hours local time.",
                                  "The strike began at 0900 BST."])
def test_temporal_a_clock_time_is_never_a_year(parse_article, text):
    timexes, _ = _records(_parsed(parse_article, text, dt.date(2024, 4, 2)))
    assert all(not t.value[:4].isdigit() or int(t.value[:4]) >= 2000 for t in timexes), [t.value for t in timexes]
    assert not any(t.text.isdigit() for t in timexes)


def test_temporal_bare_month_never_lands_before_the_era_without_a_written_year(parse_article):
    text = "In May the 1080 workers struck. The plant had 1200 staff."
    timexes, _ = _records(_parsed(parse_article, text, None))
    may = next(t for t in timexes if t.text == "May")
    assert (may.value, may.guess_value) == ("XXXX-05", None)


@pytest.mark.parametrize("text,value", [
    ("The vote was held on Fri. after a long debate.", "2024-03-29"),
    ("On March 3, 2024 the port closed. The day before, ships had left.", "2024-03-02"),
    ("On March 3, 2024 the port closed; ships had left the day before.", "2024-03-02"),
])
def test_temporal_abbreviations_and_anaphora(parse_article, text, value):
    timexes, _ = _records(_parsed(parse_article, text, dt.date(2024, 4, 2)))
    assert value in [t.value for t in timexes], [(t.text, t.value) for t in timexes]


def test_temporal_anaphoric_anchor_is_recorded(parse_article):
    text = "The bridge opened in 1995. Two years later it closed. The following year it reopened."
    timexes, _ = _records(_parsed(parse_article, text, None))  # no publication date needed
    got = [(t.text, t.value, t.anchor, t.resolved) for t in timexes]
    assert got == [("1995", "1995", "explicit", True), ("Two years later", "1997", "mentioned", True),
                   ("The following year", "1998", "mentioned", True)]
    assert timexes[1].anchor_note == "relative to the date 1995 written earlier in the text"


def test_temporal_comparison_does_not_move_the_anchor(parse_article):
    # "a year earlier" points back; the next anaphor still counts from the quarter's end date
    text = ("Profit rose in the quarter ended Sept. 30, 2020, from a year earlier. "
            "Sales grew from a year earlier as well.")
    timexes, _ = _records(_parsed(parse_article, text, PUB))
    assert [t.value for t in timexes if t.text == "a year earlier"] == ["2019-09-30", "2019-09-30"]


def test_temporal_anaphor_without_earlier_date_uses_publication(parse_article):
    timexes, _ = _records(_parsed(parse_article, "The next day the gallery reopened.", PUB))
    (t,) = timexes
    assert (t.value, t.anchor) == ("2021-03-12", "publication")


def test_temporal_publication_year_wins_over_context(parse_article):
    text = "The band formed in 1994. On July 9 it will play again."
    timexes, _ = _records(_parsed(parse_article, text, PUB))
    july = next(t for t in timexes if t.text == "July 9")
    assert (july.value, july.anchor) == ("2021-07-09", "publication")


@pytest.mark.parametrize(
    "value,mod,earliest,latest",
    [
        ("2019-07-09", None, D(2019, 7, 9), D(2019, 7, 9)),
        ("2003-06", None, D(2003, 6, 1), D(2003, 6, 30)),
        ("1986", None, D(1986, 1, 1), D(1986, 12, 31)),
        ("197", None, D(1970, 1, 1), D(1979, 12, 31)),
        ("2020-Q3", None, D(2020, 7, 1), D(2020, 9, 30)),
        ("2021-W11", None, D(2021, 3, 15), D(2021, 3, 21)),
        ("2020-SU", None, D(2020, 6, 1), D(2020, 8, 31)),
        ("2021-03-11T10:35", None, D(2021, 3, 11), D(2021, 3, 11)),
        ("2011", "END", D(2011, 9, 1), D(2011, 12, 31)),
        ("PRESENT_REF", None, None, None),
        ("P8Y", None, None, None),
        ("XXXX-WXX-3", None, None, None),
    ],
)
def test_temporal_interval(value, mod, earliest, latest):
    assert timex.interval(value, mod) == (earliest, latest)


def test_temporal_event_roles(parse_article):
    text = "The council approved the new budget on Tuesday."
    parsed = _parsed(parse_article, text, PUB)
    timexes, events = _records(parsed)
    (ev,) = events
    assert (ev.actor_text, ev.action, ev.target_text, ev.value) == ("The council", "approve", "the new budget",
                                                                    "2021-03-09")
    assert ev.text == text[:-0 or None].strip()
    assert ev.time_expression_id == timexes[0].id
    assert span_errors(ev, text) == []


def test_temporal_event_place(parse_article):
    text = "Engineers inspected the dam in Portugal on Monday."
    _, events = _records(_parsed(parse_article, text, PUB))
    (ev,) = events
    assert (ev.action, ev.place_text, ev.earliest) == ("inspect", "Portugal", D(2021, 3, 8))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(list("abc 019-:/.,'") + ["May ", "Tuesday", " 1990s", " last year", "two weeks",
                                                        " a.m.", "the ", "\n"]), max_size=30).map("".join))
def test_temporal_find_spans_in_text(text):
    for t in timex.annotate(text, PUB):
        assert 0 <= t.start < t.end <= len(text)
        assert text[t.start:t.end] == text[t.start:t.end].strip()


# -- seeds -------------------------------------------------------------------------------------


def _seed(parse_article, nlp, name, path=None):
    from newsdossier.article import Article, ParsedArticle, masked_text
    from newsdossier.clean import clean_text
    from conftest import shared_path

    text = (path or shared_path("seeds", name)).read_text(encoding="utf-8")
    cleaned = clean_text(text)
    published = dt.date.fromisoformat(cleaned.published) if cleaned.published else None
    article = Article(id=name, source=name, format="txt", title=None, title_start=None, title_end=None,
                      outlet=None, dateline=None, published=published, author=None, url=None,
                      body_start=cleaned.body_start, body_end=cleaned.body_end, text=text)
    from newsdossier.article import BoilerplateSpan

    bps = [BoilerplateSpan(name, b.kind, b.start, b.end, b.text) for b in cleaned.boilerplate]
    return ParsedArticle(article, nlp(masked_text(text, bps)), bps)


def test_temporal_seed_004_tuesday_resolves_against_date_line(parse_article, nlp):
    parsed = _seed(parse_article, nlp, "004_fee41bf7c30c9c81.txt")
    timexes, events = _records(parsed)
    tuesday = [t for t in timexes if t.text == "Tuesday"]
    assert tuesday and all(t.value == "2019-07-09" and t.anchor == "publication" for t in tuesday)
    assert not any("July 10, 2019" in t.text for t in timexes)  # the date line is boilerplate
    assert any(e.value == "2019-07-09" for e in events)
    for r in timexes + events:
        assert span_errors(r, parsed.text) == []


def test_temporal_seed_000_wednesday_stays_unresolved(parse_article, nlp):
    timexes, _ = _records(_seed(parse_article, nlp, "000_ca71ef83a67743de.txt"))
    wed = next(t for t in timexes if t.text == "Wednesday")
    assert (wed.value, wed.resolved, wed.anchor) == ("XXXX-WXX-3", False, "none")
    assert any(t.text == "recent years" for t in timexes)


def test_temporal_seed_001_end_of_year_and_month(parse_article, nlp):
    timexes, _ = _records(_seed(parse_article, nlp, "001_587cd9178c633d6b.txt"))
    end = next(t for t in timexes if t.text == "the end of 2011")
    assert (end.value, end.latest, end.resolved) == ("2011", D(2011, 12, 31), True)
    may = next(t for t in timexes if t.text == "May")  # no date line: the year comes from the text
    assert (may.value, may.anchor, may.guess_value, may.resolved) == ("XXXX-05", "context_year", "2011-05", False)


def test_temporal_seed_003_decade(parse_article, nlp):
    timexes, _ = _records(_seed(parse_article, nlp, "003_999d7dd9db14bead.txt"))
    dec = next(t for t in timexes if t.text == "the 1980s")
    assert (dec.value, dec.earliest, dec.latest) == ("198", D(1980, 1, 1), D(1989, 12, 31))
    last = next(t for t in timexes if t.text == "last year")
    assert last.resolved is False


@pytest.mark.parametrize(
    "file,expected",
    [
        ("larkspur-press-2023-03-14.txt", [("Monday", "2023-03-13"), ("last year", "2022"), ("the 1990s", "199"),
                                           ("November 2021", "2021-11"), ("mid-April", "2023-04")]),
        ("basin-voice-2023-05-09.txt", [("July 9", "2023-07-09"), ("Earlier this month", "2023-05"),
                                        ("eight years", "P8Y"), ("March", "2023-03")]),
        ("tavrin-herald-2023-09-21.txt", [("Wednesday", "2023-09-20"), ("Tuesday", "2023-09-19")]),
        ("tavrin-herald-opinion-undated.txt", [("Last year", "XXXX"), ("Tuesday", "XXXX-WXX-2"),
                                               ("the end of 2025", "2025")]),
    ],
)
def test_temporal_demo_corpus_dates(parse_article, nlp, file, expected):
    from conftest import DEMO_CORPUS

    path = DEMO_CORPUS / file
    if not path.exists():
        pytest.skip("demo corpus not on this branch")
    timexes, _ = _records(_seed(parse_article, nlp, file, path))
    found = {(t.text, t.value) for t in timexes}
    for pair in expected:
        assert pair in found, found


# -- timeline ----------------------------------------------------------------------------------


def _store_articles(store, parse_article, items):
    from newsdossier.stages import LinkContext
    from newsdossier.config import Settings
    from newsdossier.temporal.timeline import build_timeline

    ids = []
    for text, published, outlet in items:
        parsed = parse_article(text, published=published, outlet=outlet)
        store.insert([parsed.article, *extract_time_expressions(parsed)])
        ids.append(parsed.id)
    build_timeline(LinkContext(store, Settings(), ids))
    return ids


def test_temporal_timeline_merges_same_event(store, parse_article):
    from newsdossier.temporal.timeline import timeline

    ids = _store_articles(store, parse_article, [
        ("The city council approved the budget on Tuesday.", D(2021, 3, 11), "Daily A"),
        ("On Tuesday the council approved the budget after a long debate.", D(2021, 3, 10), "Weekly B"),
        ("The harbour authority closed the pier on Tuesday.", D(2021, 3, 11), "Daily A"),
    ])
    rows = timeline(store)
    approve = [r for r in rows if r["action"] == "approve"]
    assert len(approve) == 1
    assert approve[0]["sources"] == 2
    assert sorted(approve[0]["article_ids"]) == sorted(ids[:2])
    assert sorted(approve[0]["outlets"]) == ["Daily A", "Weekly B"]
    assert approve[0]["earliest"] == D(2021, 3, 9)
    assert len(approve[0]["reports"]) == 2
    assert [r["action"] for r in timeline(store, "harbour authority")] == ["close"]
    assert timeline(store, "nobody by that name") == []


def test_temporal_timeline_keeps_different_days_apart(store, parse_article):
    from newsdossier.temporal.timeline import timeline

    _store_articles(store, parse_article, [
        ("The city council approved the budget on Tuesday.", D(2021, 3, 11), "Daily A"),
        ("The city council approved the budget on Tuesday evening.", D(2021, 3, 18), "Weekly B"),
    ])
    rows = timeline(store)
    assert [r["sources"] for r in rows] == [1, 1]


def test_temporal_timeline_cli(store, parse_article, tmp_path):
    pytest.importorskip("newsdossier.ingest", reason="ingest not available")
    try:
        from newsdossier.cli import app
    except ImportError:
        pytest.skip("CLI needs the ingest readers (not on this branch yet)")
    import json

    from typer.testing import CliRunner

    _store_articles(store, parse_article, [
        ("The city council approved the budget on Tuesday.", D(2021, 3, 11), "Daily A"),
    ])
    path = store.path
    store.close()
    result = CliRunner().invoke(app, ["timeline", "council", "--json", "--store", path])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.output.splitlines() if line.strip()]
    assert [(r["action"], r["earliest"]) for r in rows] == [("approve", "2021-03-09")]


def test_temporal_a_wire_clock_time_is_a_time(parse_article):
    timexes, _ = _records(_parsed(parse_article, "Polls closed at 2200 GMT on Thursday.", dt.date(2005, 5, 6)))
    clock = next(t for t in timexes if t.text.startswith("2200"))
    assert clock.type == "TIME" and clock.value.endswith("T22:00")


def test_temporal_fixture_listing_clock_time_is_no_year():
    from newsdossier.temporal import timex

    # a sports fixture list: the kick-off time on the next line is not the year of the date above it
    text = "Saturday, 26 February\n\n1600 GMT\n\nShown from 1130 to 1215 GMT. Store up to a 1000 links."
    got = [(text[t.start:t.end], t.value) for t in timex.annotate(text, D(2005, 2, 20))]
    assert got == [("Saturday, 26 February", "2005-02-26"), ("1600 GMT", "2005-02-20T16:00"),
                   ("1215 GMT", "2005-02-20T12:15")]


def test_temporal_year_end_is_the_year_with_mod_end(parse_article):
    timexes, _ = _records(_parsed(parse_article, "The sale should close by year-end.", PUB))
    (t,) = timexes
    assert (t.value, t.mod, t.earliest, t.latest) == ("2021", "END", D(2021, 9, 1), D(2021, 12, 31))
