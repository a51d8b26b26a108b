"""What keeps figures from being compared (quantities/comparability.py), on sentences written for these tests."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from newsdossier.quantities.comparability import holder_kind, lost_lives, not_a_count, pair_obstacle  # noqa: E402
from newsdossier.quantities.compare import compare_pair, is_forecast, rate_period, rounds_to, scope_note  # noqa: E402


def figure(sentence: str, number: str, counted: str | None = None, predicate: str | None = None, **fields) -> dict:
    """A quantity row as `groups` reads it, with the words around the figure cut from `sentence`."""
    start = sentence.index(number)
    end = start + len(number)
    counted_end = sentence.index(counted, end) + len(counted) if counted else None
    p_start = sentence.index(predicate) if predicate else None
    lo = min(start, p_start if p_start is not None else start)
    hi = max(end, p_start + len(predicate) if predicate else end)
    row = dict(id=f"x:{start}", article_id="x", text=number, start=start, end=end, value=None, low=None, high=None,
               kind="count", unit=None, predicate=predicate, counted_text=counted, counted_head=counted.split()[-1] if counted else None,
               agent_text=None, agent_start=None, sentence_start=0, agent_entity=None, voice="outlet",
               voice_name=None, place_text=None, time_text=None, polarity="affirm", published=None,
               before_text=sentence[max(start - 24, 0):start], after_text=sentence[end:end + 40],
               after_counted=sentence[counted_end:counted_end + 40] if counted_end else sentence[end:end + 40],
               around_predicate=sentence[max(lo - 16, 0):hi])
    row.update(fields)
    return row


@pytest.mark.parametrize("sentence, number, counted, why", [
    ("Three times more tablets were sold in the region this spring.", "Three", "times more tablets", "a multiplier"),
    ("Almost one in five buses on the route runs late.", "five", "buses", "a ratio"),
    ("Almost one in five buses on the route runs late.", "one", None, "a ratio"),
    ("The side have lost four of their last six away games.", "four", None, "a part of a stated whole"),
    ("The side have lost four of their last six away games.", "six", "away games", "a part of a stated whole"),
    ("The operator is building a 5G network in the north.", "5", "network", "part of a name"),
    ("She has beaten all the top 20 climbers this season.", "20", "climbers", "a rank"),
    ("The novel slipped three places in the chart.", "three", "places", "a rank"),
    ("The side climbed up two notches in the table.", "two", "notches", "a rank"),
    ("He is not used to seven-hour rehearsals.", "seven", "rehearsals", "a modifier (`five-set`), not a number of things"),
    ("The squad meets before the Four Nations final.", "Four", "Nations", "part of a name"),
    ("When 40 Watt appeared on stage, the crowd cheered.", "40", "Watt", "part of a name"),
])
def test_forms_of_words_that_are_not_counts(sentence, number, counted, why):
    predicate = "slip" if "slipped" in sentence else None
    assert not_a_count(figure(sentence, number, counted, predicate=predicate)) == why


@pytest.mark.parametrize("sentence, number, counted", [
    ("Rescuers pulled 14 miners from the shaft on Sunday.", "14", "miners"),
    ("The orchestra played 12 concerts in Vienna.", "12", "concerts"),
    ("Bombs went off in five places across the city.", "five", "places"),
    ("She says seven of the eleven people held with her are still in custody.", "eleven", "people"),
    ("She says seven of the eleven people held with her are still in custody.", "seven", None),
    ("Police said. “Nine people were questioned and sent home.”", "Nine", "people"),
    ("Police said 12 Kurds were detained.", "12", "Kurds"),
    ("The new drive holds 40GB of music.", "40", "GB"),
    ("A 20-year-old driver was among the injured.", "20", None),  # an age: the extraction's business, not a form
])
def test_counts_stay_counts(sentence, number, counted):
    assert not_a_count(figure(sentence, number, counted)) is None


def test_rate_against_total_and_forecast_against_fact_are_different_scope():
    rate = figure("The new crossing could save 40 lives a year, engineers say.", "40", "lives", "save", value=40.0,
                  low=40.0, high=40.0)
    total = figure("Some 300 lives have been lost at the junction since it opened.", "300", "lives", "lost",
                   value=300.0, low=300.0, high=300.0)
    assert rate_period(rate) == "year" and rate_period(total) is None
    assert scope_note(rate, total) == "40 is a rate (per year), 300 a total"
    verdict, scope, _, reason = compare_pair(rate, total)
    assert (verdict, scope) == ("different_scope", "different") and "a rate (per year)" in reason

    forecast = figure("The plan will cut 900 posts by the spring.", "900", "posts", "cut", value=900.0, low=900.0,
                      high=900.0)
    done = figure("The firm cut 250 posts last week.", "250", "posts", "cut", value=250.0, low=250.0, high=250.0)
    assert is_forecast(forecast) and not is_forecast(done)
    assert compare_pair(forecast, done)[0] == "different_scope"
    # two forecasts (or two counts of what happened) are compared as before
    other = figure("The union says the plan would cut 1,200 posts.", "1,200", "posts", "cut", value=1200.0,
                   low=1200.0, high=1200.0)
    assert compare_pair(forecast, other)[0] == "conflict"


def test_lost_lives_and_lost_jobs():
    from newsdossier.quantities.groups import block_key

    lives = figure("Some 30 miners lost their lives in the blast.", "30", "miners", "lost")
    jobs = figure("Some 300 miners lost their jobs in the closure.", "300", "miners", "lost")
    lives["predicate"] = jobs["predicate"] = "lose"
    assert lost_lives(lives) and not lost_lives(jobs)
    assert block_key(lives)[0] == "kill" and block_key(jobs)[0] == "lose"


def test_holders_pronouns_and_percent_bases():
    assert holder_kind({"agent_text": "They"}) == "pronoun"
    assert holder_kind({"agent_text": "his side"}) == "pronoun"
    assert holder_kind({"agent_text": "The museum", "agent_start": 0, "sentence_start": 0}) == "description"
    assert holder_kind({"agent_text": "Harbour Rowing Club"}) == "name"
    assert holder_kind({"agent_text": None}) == "none"
    ours = {"agent_text": "We", "kind": "count"}
    theirs = {"agent_text": "the visitors", "kind": "count"}
    assert pair_obstacle(ours, theirs, "win") == "whose figure it is rests on a pronoun"
    assert pair_obstacle({"agent_text": "The museum", "kind": "count"}, {"agent_text": None, "kind": "count"},
                         "own") == "one figure says whose it is, the other does not"
    # a death toll's cause is often unwritten: `Storms killed 12` and `12 died` are still compared
    storms = {"agent_text": "Storms", "agent_start": 0, "sentence_start": 0, "kind": "count"}  # `Storms killed 12`
    assert pair_obstacle(storms, {"agent_text": None, "kind": "count"}, "kill") is None
    # a named holder against none stays apart whatever the predicate
    assert pair_obstacle({"agent_text": "the Red Brigade", "kind": "count"}, {"agent_text": None, "kind": "count"},
                         "kill") == "one figure says whose it is, the other does not"
    # two named buyers' orders are two orders; two named killers' tolls stay compared (a narrower agent)
    assert pair_obstacle({"agent_text": "Nordair", "kind": "count"}, {"agent_text": "Kestrel Airways", "kind": "count"},
                         "buy") == "two named holders"
    assert pair_obstacle({"agent_text": "Nordair", "kind": "count"}, {"agent_text": "Nordair's board", "kind": "count"},
                         "buy") is None
    assert pair_obstacle({"agent_text": "Nordair", "kind": "count", "agent_entity": "e1"},
                         {"agent_text": "the carrier Nordair", "kind": "count", "agent_entity": "e1"}, "buy") is None
    assert pair_obstacle({"agent_text": "The boxing drama", "kind": "count"}, {"agent_text": "the film", "kind": "count"},
                         "win") == "two holders described apart"
    assert pair_obstacle({"agent_text": "The new film", "kind": "count"}, {"agent_text": "the film", "kind": "count"},
                         "win") is None
    assert pair_obstacle({"agent_text": "the Red Brigade", "kind": "count"}, {"agent_text": "Insurgents", "kind": "count"},
                         "kill") is None
    a = {"kind": "percent", "counted_text": "its exports", "agent_text": None}
    b = {"kind": "percent", "counted_text": "the country's grain exports", "agent_text": None}
    assert pair_obstacle(a, b, "account") == "percentages of different bases"
    assert pair_obstacle(a, dict(a), "account") is None
    loan = {"kind": "money", "counted_head": None, "value": 9e8, "low": 9e8, "high": 9e8, "agent_text": None}
    bill = dict(loan, value=2.7e10, low=2.7e10, high=2.7e10)
    assert pair_obstacle(loan, bill, "pay") == "two sums with no item named"
    assert pair_obstacle(loan, dict(loan), "pay") is None
    level = figure("The shares closed at 412 pence.", "412 pence", None, kind="money", unit="GBp")
    change = figure("Its shares closed up 18 pence.", "18 pence", None, kind="money", unit="GBp")
    assert pair_obstacle(level, change, "close") == "a change (`up 64p`) against a level (`at 1,115p`)"
    assert pair_obstacle(level, dict(level), "close") is None


def test_a_rounded_figure_agrees_with_the_precise_one():
    coarse = figure("Its lenders own 87% of the bank.", "87%", "the bank", kind="percent", unit="%", value=87.0,
                    low=87.0, high=87.0)
    fine = figure("Lenders now own 86.6% of the bank.", "86.6%", "the bank", kind="percent", unit="%", value=86.6,
                  low=86.6, high=86.6)
    assert rounds_to(coarse, fine) and rounds_to(fine, coarse)
    assert compare_pair(coarse, fine)[:2] == ("compatible", "same")
    assert not rounds_to(coarse, dict(fine, text="85.2%", value=85.2, low=85.2, high=85.2))
    money = figure("The bid is worth £4bn.", "£4bn", None, kind="money", unit="GBP", value=4e9)
    assert rounds_to(money, dict(money, text="£4.2bn", value=4.2e9))
    assert not rounds_to(money, dict(money, text="£4.6bn", value=4.6e9))


def test_jobs_that_go_are_jobs_cut_and_one_holder_named_in_the_other_sentence():
    from newsdossier.quantities.groups import block_key

    gone = figure("The union said that 900 jobs would go at Orrin Motors.", "900", "jobs", "go",
                  referents=["orrin motors"])
    cut = figure("Orrin Motors will cut 600 jobs at its plant.", "600", "jobs", "cut",
                 agent_text="Orrin Motors", agent_start=0, referents=["orrin motors"])
    assert block_key(gone) == block_key(cut) == ("employ", "job")
    # the cutter is named in the other figure's sentence: one holder's count, compared
    assert pair_obstacle(cut, gone, "employ") is None
    assert pair_obstacle(cut, dict(gone, referents=["~orrin motors"]), "employ") == \
        "one figure says whose it is, the other does not"


def test_a_word_before_the_counted_noun_narrows_the_set():
    from newsdossier.quantities.compare import qualifiers

    assert qualifiers("civil service jobs", "jobs") == {"civil", "service"}
    assert qualifiers("jobs", "jobs") == frozenset()
    assert qualifiers("members of the group", "members") == {"group"}
    sector = figure("The sector lost 105,000 jobs last year.", "105,000", "jobs", "lost",
                    value=105000.0, low=105000.0, high=105000.0)
    civil = figure("The first 12,500 civil service jobs have been cut.", "12,500", "civil service jobs", "cut",
                   value=12500.0, low=12500.0, high=12500.0)
    assert compare_pair(civil, sector)[:2] == ("different_scope", "a_within_b")
