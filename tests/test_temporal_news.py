"""Issue #18: time expressions of wire copy, each on a sentence written for the test (exact span and value)."""
from __future__ import annotations

import datetime as dt

import pytest

from newsdossier.records import span_errors
from newsdossier.temporal.stage import TimeExpression, extract_time_expressions

D = dt.date

# (text, publication date, expected span, type, value)
CASES = [
    # durations, not points: "over the past decade" measures ten years up to now; "in the last decade" is the
    # calendar decade before
    ("Floods had become routine over the past decade.", D(1998, 10, 25), "the past decade", "DURATION", "P10Y"),
    ("The mill stood idle for the last century.", D(1998, 10, 25), "the last century", "DURATION", "P100Y"),
    ("Rents doubled in the last decade.", D(1998, 2, 6), "the last decade", "DATE", "198"),
    ("The envoys left after a day-long meeting.", D(2000, 4, 3), "day-long", "DURATION", "P1D"),
    ("She ended a weeklong tour of the islands.", D(2000, 4, 3), "weeklong", "DURATION", "P1W"),
    ("Dockers ended a two-year-long dispute.", D(2000, 4, 3), "two-year", "DURATION", "P2Y"),
    ("A minute and a half later the ferry sank.", D(1998, 1, 14), "A minute and a half", "DURATION", "PT1M30S"),
    # "one day" with a modal or a subject before it is a day to come, not a day's length
    ("The valley will one day be a lake.", D(1998, 3, 3), "one day", "DATE", "FUTURE_REF"),
    ("The mayor hopes she one day runs the port.", D(1998, 3, 3), "one day", "DATE", "FUTURE_REF"),
    ("The repair took one day.", D(1998, 3, 3), "one day", "DURATION", "P1D"),
    # a recurring period after a plural noun is a set
    ("Clerks answer hundreds of letters a day.", D(1998, 11, 21), "a day", "SET", "P1D"),
    # tense: a to-infinitive under a past passive is past; a plan made in the past is held on the nearer side of
    # the date line, unless the date comes first (the day the plan was made); a possessive under a future verb
    # names the nearer day
    ("The girl was taken abroad to make the late-November crossing, her aunt said.", D(2000, 1, 28),
     "late-November", "DATE", "1999-11"),
    ("Growers planned a large march in the square on Saturday.", D(2000, 1, 7), "Saturday", "DATE", "2000-01-08"),
    ("Growers planned a march on Saturday.", D(2000, 1, 11), "Saturday", "DATE", "2000-01-08"),
    ("On Friday, the ministry planned to send doctors.", D(1998, 9, 30), "Friday", "DATE", "1998-09-25"),
    ("The owners would look for ways around Wednesday's ruling.", D(2000, 1, 15), "Wednesday", "DATE", "2000-01-12"),
    ("Voters will turn out ahead of Sunday's election.", D(2000, 1, 13), "Sunday", "DATE", "2000-01-16"),
    # "until" after a verb that moves a deadline looks ahead, even in the past tense; after "stayed" it does not
    ("The board extended its deadline until 9 a.m. Tuesday.", D(2000, 4, 3), "9 a.m. Tuesday", "TIME",
     "2000-04-04T09:00"),
    ("The envoy stayed until Tuesday.", D(2000, 4, 6), "Tuesday", "DATE", "2000-04-04"),
    # a modal perfect looks back; "will have" still looks ahead
    ("Fears may have driven the slide in grain prices on Wednesday.", D(1989, 10, 27), "Wednesday", "DATE",
     "1989-10-25"),
    ("The pier will have reopened by Wednesday.", D(1989, 10, 27), "Wednesday", "DATE", "1989-11-01"),
    # the part of the day before its day
    ("At mid-afternoon yesterday the ferry left.", D(1989, 11, 2), "mid-afternoon yesterday", "TIME",
     "1989-11-01TAF"),
]


@pytest.mark.parametrize("text,published,span,ttype,value", CASES)
def test_temporal_news_values(parse_article, text, published, span, ttype, value):
    recs = [r for r in extract_time_expressions(parse_article(text, published=published))
            if isinstance(r, TimeExpression)]
    found = {(r.text, r.type, r.value) for r in recs}
    assert (span, ttype, value) in found, found
    assert [e for r in recs for e in span_errors(r, text)] == []


@pytest.mark.parametrize("text,word", [
    ("The airline adds 700 seats a week.", "a week"),  # a counted rate stays untagged
    ("Membership costs $40 a year.", "a year"),
    ("The ferry will soon sail.", "soon"),
    ("It was a day of rage.", "FUTURE_REF"),
])
def test_temporal_news_not_sets_or_vague(parse_article, text, word):
    recs = [r for r in extract_time_expressions(parse_article(text, published=D(1998, 3, 3)))
            if isinstance(r, TimeExpression)]
    assert all(word not in r.text and word != r.value for r in recs), [(r.text, r.value) for r in recs]
