"""Quantities: figures, their intervals, what they count, whose claim they are, and pair verdicts."""
from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import SEEDS, shared_path


from newsdossier.quantities.compare import compare_pair, predicate_class  # noqa: E402
from newsdossier.quantities.extract import extract_quantities  # noqa: E402
from newsdossier.quantities.groups import compute_groups, group_quantities  # noqa: E402
from newsdossier.quantities.query import conflict_report  # noqa: E402
from newsdossier.quantities.records import Quantity, QuantityGroup, QuantityPair  # noqa: E402
from newsdossier.records import span_errors  # noqa: E402
from newsdossier.statements import Statement  # noqa: E402


def figures(parse_article, text, **kw):
    parsed = parse_article(text, **kw)
    out = list(extract_quantities(parsed))
    for q in out:
        assert span_errors(q, text) == []
    return out


# (text, figure text, value, low, high, hedge, unit, counted, predicate, agent)
CASES = [
    ("Flooding killed at least 31 people in the delta, officials said.",
     "at least 31", 31, 31, None, "at least", None, "people", "kill", "Flooding"),
    ("Nearly 5,000 residents of the valley were moved to new towns.",
     "Nearly 5,000", 5000, 4500, 5000, "nearly", None, "residents of the valley", "move", None),
    ("Customs officers seized 12 tonnes of ivory at the port.",
     "12 tonnes", 12, 12, 12, None, "t", None, "seize", "Customs officers"),
    ("The council approved a €40m loan for the new bridge.",
     "€40m", 4e7, 4e7, 4e7, None, "EUR", None, "approve", "The council"),
    ("Between 30 and 40 villages were flooded by the reservoir.",
     "Between 30 and 40", None, 30, 40, "between", None, "villages", "flood", "the reservoir"),
    ("Police arrested dozens of fans after the match.",
     "dozens", None, 24, None, "dozens", None, "fans", "arrest", "Police"),
    ("The utility said up to 18% of meters were faulty.",
     "up to 18%", 18, None, 18, "up to", "%", "meters", "be", None),
    ("The ruling coalition won 203 seats in the lower house.",
     "203", 203, 203, 203, None, None, "seats", "win", "The ruling coalition"),
    ("Guards detained six migrants at the border crossing.",
     "six", 6, 6, 6, None, None, "migrants", "detain", "Guards"),
    ("The judge handed the smuggler up to 9 years in prison.",
     "up to 9 years", 9, None, 9, "up to", "years", None, "hand", "The judge"),
    ("The outbreak infected about 2,400 children in the province.",
     "about 2,400", 2400, 2160, 2640, "about", None, "children", "infect", "The outbreak"),
]


@pytest.mark.parametrize("text,span,value,low,high,hedge,unit,counted,pred,agent", CASES)
def test_quantities_extracts_figure(parse_article, text, span, value, low, high, hedge, unit, counted, pred, agent):
    found = {q.text: q for q in figures(parse_article, text)}
    assert span in found, list(found)
    q = found[span]
    assert (q.value, q.low, q.high) == (value, low, high)
    assert (q.hedge, q.unit, q.counted_text, q.predicate, q.agent_text) == (hedge, unit, counted, pred, agent)
    assert q.voice == "outlet" and q.voice_name is None and q.polarity == "affirm"  # the outlet is the article's
    assert text[q.sentence_start:q.sentence_end].strip() == text


@pytest.mark.parametrize("text", [
    "The bridge opened on 3 May 1999 and was repaired in 2014.",
    "The 52-year-old driver was aged 52 when he retired at 10:45 on Friday.",
    "She came second in the 2016 final and fourth in the 1980s.",
    "For details call 020 7946 0018 or 555-867-5309, and see page 31 of Resolution 1441.",
    "Flight 370 left from gate 12 during the war (1980-88).",
])
def test_quantities_excludes_dates_ages_ordinals_codes(parse_article, text):
    assert [q.text for q in figures(parse_article, text)] == []


def test_quantities_place_and_time(parse_article):
    (q,) = figures(parse_article, "Gunmen killed 14 villagers in Kaduna on Monday.")
    assert (q.counted_text, q.agent_text, q.place_text, q.time_text) == ("villagers", "Gunmen", "Kaduna", "Monday")


def _statement(parsed, content, *, speaker="the ministry", anonymous=False, polarity="affirm", sid="s1"):
    text = parsed.text
    start = text.index(content)
    return Statement(id=sid, article_id=parsed.id, kind="indirect", anonymous=anonymous, polarity=polarity,
                     start=start, end=start + len(content), text=content, speaker_start=None, speaker_end=None,
                     speaker_text=speaker, speaker_entity=None, cue_start=None, cue_end=None, cue_text=None,
                     content_start=start, content_end=start + len(content), content_text=content,
                     relay_start=None, relay_end=None, relay_text=None)


def test_quantities_voice_and_denial_from_statements(parse_article):
    text = ("The union claimed that guards had beaten 12 strikers. The company denied it. "
            "An official said 3 workers were hurt.")
    parsed = parse_article(text)
    parsed.records["statements"] = [
        _statement(parsed, "guards had beaten 12 strikers", speaker="The union", polarity="deny", sid="s1"),
        _statement(parsed, "3 workers were hurt", speaker="An official", anonymous=True, sid="s2"),
    ]
    got = {q.text: q for q in extract_quantities(parsed)}
    assert (got["12"].voice, got["12"].voice_name, got["12"].statement_id, got["12"].polarity) == \
        ("speaker", "The union", "s1", "deny")
    assert (got["3"].voice, got["3"].statement_id, got["3"].polarity) == ("anonymous", "s2", "affirm")


@settings(max_examples=25, deadline=None)
@given(prefix=st.text(alphabet="abc ,.\n", max_size=12),
       n=st.integers(min_value=2, max_value=2_000_000),
       hedge=st.sampled_from(["", "about ", "more than ", "up to ", "nearly "]))
def test_quantities_spans_index_the_text(nlp, prefix, n, hedge):
    from newsdossier.article import Article, ParsedArticle

    text = f"{prefix}Officials said {hedge}{n:,} people were evacuated."
    art = Article(id="h", source="h", format="txt", title=None, title_start=None, title_end=None, outlet=None,
                  dateline=None, published=None, author=None, url=None, body_start=0, body_end=len(text), text=text)
    found = list(extract_quantities(ParsedArticle(art, nlp(text))))
    for q in found:
        assert span_errors(q, text) == []
    assert any(q.text == f"{hedge}{n:,}" and q.counted_text == "people" for q in found)


def _row(qid, article, text, low, high, *, value=None, head="people", counted="people", pred="kill",
         agent=None, polarity="affirm", kind="count", outlet="A", published=None):
    return dict(id=qid, article_id=article, start=0, text=text, value=value, low=low, high=high, kind=kind,
                unit=None, counted_head=head, counted_text=counted, predicate=pred, agent_text=agent,
                place_text=None, time_text=None, polarity=polarity, voice="outlet", voice_name=outlet,
                outlet=outlet, published=published)


@pytest.mark.parametrize("a,b,verdict,scope", [
    (_row("1", "x", "150", 150, 150, value=150), _row("2", "y", "about 140", 126, 154, value=140), "compatible", "same"),
    (_row("1", "x", "150", 150, 150, value=150), _row("2", "y", "40", 40, 40, value=40), "conflict", "same"),
    # civilians are people: a smaller count of civilians fits inside a larger count of people
    (_row("1", "x", "300", 300, 300, value=300, head="civilian", counted="Kurdish civilians", agent="the army"),
     _row("2", "y", "more than 900", 900, None, value=900, counted="Kurds", head="Kurds", agent="the army"),
     "different_scope", "a_within_b"),
    # a named group is narrower than a generic agent
    (_row("1", "x", "12", 12, 12, value=12, agent="the Red Brigade"), _row("2", "y", "40", 40, 40, value=40, agent="militants"),
     "different_scope", "a_within_b"),
    (_row("1", "x", "12", 12, 12, value=12, head="soldier", counted="soldiers"),
     _row("2", "y", "12", 12, 12, value=12, head="civilian", counted="civilians"), "different_scope", "different"),
    (_row("1", "x", "35", 35, 35, value=35, polarity="deny"), _row("2", "y", "35", 35, 35, value=35), "conflict", "same"),
])
def test_quantities_compare_pair(a, b, verdict, scope):
    got = compare_pair(a, b)
    assert (got[0], got[1]) == (verdict, scope), got[3]
    assert got[3]


def test_quantities_predicate_classes():
    assert {predicate_class(w) for w in ("kill", "death", "die", "dead")} == {"kill"}
    assert predicate_class("arrest") == predicate_class("detain") == "detain"
    assert predicate_class("paint") == "paint"


def test_quantities_groups_rank_by_disagreement():
    rows = [_row("1", "x", "150", 150, 150, value=150), _row("2", "y", "40", 40, 40, value=40),
            _row("3", "x", "3", 3, 3, value=3, pred="arrest", counted="men", head="man"),
            _row("4", "y", "3", 3, 3, value=3, pred="detain", counted="men", head="man"),
            _row("5", "z", "7", 7, 7, value=7, pred="paint", counted="walls", head="wall")]
    groups, pairs = compute_groups(rows)
    # like with like: the men arrested and detained form their own group; the walls meet nothing
    assert [(g.rank, g.label, g.claims, g.conflicts) for g in groups] == [(1, "kill · person", 2, 1), (2, "detain · man", 2, 0)]
    assert groups[0].disagreement == pytest.approx(110 / 150, abs=1e-6)
    assert [(p.a_id, p.b_id, p.verdict) for p in pairs] == [("1", "2", "conflict"), ("3", "4", "compatible")]


ARTICLES = {
    "Valley Post": "Floods killed 212 people in the valley, the governor said.",
    "River Times": "The floods killed 40 people, according to the mayor.",
}


@pytest.fixture
def quantity_store(store, parse_article):
    import datetime as dt

    from newsdossier.config import Settings
    from newsdossier.stages import LinkContext

    for outlet, text in ARTICLES.items():
        parsed = parse_article(text, published=dt.date(2024, 5, 2), outlet=outlet)
        store.insert([parsed.article, *extract_quantities(parsed)])
    group_quantities(LinkContext(store, Settings(), []))
    return store


def test_quantities_link_stage_and_report(quantity_store):
    assert quantity_store.scalar("SELECT count(*) FROM quantity_groups") == 1
    (group,) = conflict_report(quantity_store)
    assert (group["label"], group["claims"], group["conflicts"]) == ("kill · person", 2, 1), group["pairs"]
    assert sorted(f["text"] for f in group["figures"]) == ["212", "40"]
    assert {f["outlet"] for f in group["figures"]} == set(ARTICLES)
    (pair,) = group["pairs"]
    assert pair["verdict"] == "conflict" and "212" in pair["reason"]
    assert all(f["evidence"] in ARTICLES.values() for f in group["figures"])


def test_quantities_cli_json(quantity_store, tmp_path):
    from typer.testing import CliRunner

    from newsdossier.cli import app

    path = quantity_store.path
    quantity_store.close()
    result = CliRunner().invoke(app, ["conflicts", "--json", "--store", path])
    assert result.exit_code == 0, result.output
    (group,) = json.loads(result.output)
    assert group["conflicts"] == 1 and len(group["figures"]) == 2
    table = CliRunner().invoke(app, ["conflicts", "--store", path])
    assert table.exit_code == 0 and "conflict" in table.output
    bad = CliRunner().invoke(app, ["conflicts", "--limit", "0", "--store", path])
    assert bad.exit_code == 1


def test_quantities_record_types_registered():
    from newsdossier.quantities.changes import QuantityBlockMember, QuantityGroupArticle
    from newsdossier.stages import all_stages

    stages = all_stages()
    assert stages["quantities"].requires == ("statements",)
    assert stages["quantity_groups"].produces == (QuantityGroup, QuantityPair, QuantityGroupArticle,
                                                  QuantityBlockMember)
    assert stages["quantities"].produces == (Quantity,)


def test_quantities_on_seeds(parse_article):
    shared_path("seeds")
    texts = {p.name[:3]: p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))}
    rows = []
    by_text = {}
    for key in ("000", "004"):
        for q in figures(parse_article, texts[key]):
            row = q.as_dict() | {"outlet": key, "published": None}
            rows.append(row)
            by_text[q.text] = row
    outlet_figure = by_text["More than 17,000"]
    assert (outlet_figure["counted_text"], outlet_figure["predicate"], outlet_figure["agent_text"]) == \
        ("Iranians", "kill", "the MKO")
    all_terror = by_text["17,161"]
    assert (all_terror["counted_text"], all_terror["agent_text"]) == ("Iranian citizens", "terrorists")
    one_group = by_text["more than 12,000"]
    assert (one_group["counted_text"], one_group["predicate"]) == ("Iranian civilians", "death")
    assert "MKO" in one_group["agent_text"]
    verdict, scope, _, reason = compare_pair(all_terror, one_group)
    assert (verdict, scope) == ("different_scope", "b_within_a")
    assert "narrower" in reason and "terrorists" in reason
    groups, _ = compute_groups(rows)
    people = next(g for g in groups if g.label == "kill · person")
    members = {r["text"] for r in rows if r["id"] in people.quantity_ids}
    assert {"More than 17,000", "17,161"} <= members
    # legislators, scientists and civilians are other kinds of count: never in the people's group
    assert not members & {"27", "four", "more than 12,000"}
    # with the entity stage's answer (the MKO and the MEK are one actor) the outlet's figure and the
    # minister's are a conflict about one referent
    tweet = dict(next(r for r in figures_of(parse_article, texts["004"]) if r["text"] == "12000"))
    outlet = dict(outlet_figure, agent_entity="e-group")
    tweet["agent_entity"] = "e-group"
    verdict, _, _, reason = compare_pair(outlet, tweet)
    assert verdict == "conflict", reason
    assert "are one actor (entity stage)" in reason
    assert compare_pair(dict(outlet, agent_entity="e-a"), dict(tweet, agent_entity="e-b"))[0] == "different_scope"


def figures_of(parse_article, text):
    return [q.as_dict() | {"outlet": "x", "published": None} for q in figures(parse_article, text)]


@pytest.mark.parametrize("text", ["The talks resume at 1200 GMT on Monday.", "Rovers won 3-1 at home.",
                                  "She came to power at the age of 43.", "Children under the age of 10 stay home.",
                                  "The court split 5-4 on the ruling."])
def test_quantities_clock_times_and_scores_are_not_counts(parse_article, text):
    assert [q.text for q in figures(parse_article, text)] == []


def test_quantities_prices_of_different_items_are_never_compared():
    rows = [_row("1", "x", "£4", 4, 4, value=4, pred="pay", counted=None, head=None),
            _row("2", "y", "£479m", 479e6, 479e6, value=479e6, pred="pay", counted=None, head=None)]
    for r in rows:
        r.update(kind="money", unit="GBP")
    groups, pairs = compute_groups(rows)
    assert groups == [] and pairs == []


def test_quantities_claim_denied_in_next_sentence(parse_article):
    text = ("The union claimed that guards had beaten 12 strikers. “This is a lie,” the company said. "
            "Guards later treated 4 workers.")
    got = {q.text: q.polarity for q in figures(parse_article, text)}
    assert got == {"12": "deny", "4": "affirm"}


@pytest.mark.parametrize("text, figure, claimant, denier", [
    ("Police rejected the organisers' claim that 10,000 people marched through the city.",
     "10,000", "the organisers", "Police"),
    ("The union claimed that 900 jobs would go at the plant. The company denied it.", "900", "The union", "The company"),
    ("The ministry denied reports by local groups that 40 villagers had been detained.",
     "40", "local groups", "The ministry"),
    # whose claims they are, the text does not say: no claimant is made up
    ("A spokesman for the airline dismissed claims that 300 flights were cancelled.",
     "300", None, "A spokesman for the airline"),
    # the next sentence denies the claim without a denial verb: its subject is the denier
    ("The mayor claimed the scheme would \"create\" 400 jobs. Opposition leader Ruth Abbey accused the council of "
     "\"a downright lie\" and said the plan was doomed.", "400", "The mayor", "Opposition leader Ruth Abbey"),
])
def test_quantities_a_denied_figure_says_whose_claim_and_who_denies(parse_article, text, figure, claimant, denier):
    from newsdossier.statements import extract_statements

    parsed = parse_article(text)
    parsed.records["statements"] = list(extract_statements(parsed))
    got = {q.text: q for q in extract_quantities(parsed)}
    q = got[figure]
    assert (q.polarity, q.claimant_text, q.denier_text) == ("deny", claimant, denier)
    assert span_errors(q, text) == []


def test_quantities_a_figure_refused_is_not_a_denied_claim(parse_article):
    from newsdossier.statements import extract_statements

    parsed = parse_article("The coach insisted he was \"furious\" after his side were denied three penalties in the final.")
    parsed.records["statements"] = list(extract_statements(parsed))
    got = {q.text: q for q in extract_quantities(parsed)}
    assert (got["three"].predicate, got["three"].polarity, got["three"].claimant_text) == ("deny", "affirm", None)


def test_quantities_a_denial_verdict_names_the_claimant_and_the_denier():
    from newsdossier.quantities.compare import compare_pair

    base = dict(article_id="a", value=10_000.0, low=10_000.0, high=10_000.0, text="10,000", counted_text="people",
                counted_head="people", agent_text=None, agent_start=None, sentence_start=0, voice="speaker",
                place_text=None, time_text=None, published=None)
    denied = dict(base, polarity="deny", voice_name="Police", claimant_text="the organisers", denier_text="Police")
    affirmed = dict(base, article_id="b", polarity="affirm", voice_name="the organisers")
    verdict, _scope, _gap, reason = compare_pair(affirmed, denied)
    assert verdict == "conflict"
    assert reason == "the claim of the organisers, 10,000 people, is denied by Police"


def test_quantities_figures_about_nothing_in_common_are_not_compared():
    from newsdossier.quantities.groups import judge_block, same_referent

    base = dict(value=None, low=None, high=None, counted_text="nominations", counted_head="nomination",
                agent_text=None, agent_start=None, sentence_start=0, voice="outlet", voice_name=None,
                place_text=None, time_text=None, published=None, polarity="affirm", agent_entity=None, dateline=None)
    brits = dict(base, id="a:q1", article_id="a", start=1, text="four", value=4.0, low=4.0, high=4.0,
                 referents=["brit awards"])
    grammys = dict(base, id="b:q1", article_id="b", start=1, text="10", value=10.0, low=10.0, high=10.0,
                   referents=["grammy awards", "kanye west"])
    assert not same_referent(brits, grammys)
    _group, pairs = judge_block(("go", "nomination"), [brits, grammys])
    assert pairs == []
    # the same place in one dateline and in the other's sentence: comparable
    other = dict(grammys, referents=["brit awards"], dateline="LONDON (Music Wire) –")
    assert same_referent(brits, other)
    assert same_referent(dict(brits, referents=[], dateline="PORT SELBY (Selby Gazette) –"),
                         dict(grammys, referents=["@port selby"]))
    # a place met only in the paragraph before the other figure ties nothing; a person or body does
    assert not same_referent(dict(brits, referents=[], place_text="Madrid"), dict(grammys, referents=["~@madrid"]))
    assert same_referent(dict(brits, referents=["~brit awards"]), dict(grammys, referents=["brit awards"]), "kill")
    # ... but not two tallies neither of which says whose it is, tied only by names around both
    assert not same_referent(dict(brits, referents=["~brit awards"]), dict(grammys, referents=["~brit awards"]), "go")
    assert same_referent(dict(brits, referents=["~brit awards"]), dict(grammys, referents=["brit awards"]), "go")
    # a country in both sentences ties two tolls only where one of them happened there
    assert not same_referent(dict(brits, referents=["@velmar"]), dict(grammys, referents=["@velmar"]), "kill")
    assert same_referent(dict(brits, referents=["@velmar"], place_text="Velmar"), dict(grammys, referents=["@velmar"]),
                         "kill")
    assert same_referent(dict(brits, referents=["~brit awards"], agent_text="The band"),
                         dict(grammys, referents=["brit awards"], agent_text="The duo"), "go")
    _group, pairs = judge_block(("go", "nomination"), [brits, other])
    assert [p.verdict for p in pairs] == ["conflict"]


def test_quantities_figures_of_unnamed_or_different_holders_are_not_compared():
    from newsdossier.quantities.groups import judge_block

    base = dict(value=None, counted_text="nominations", counted_head="nomination", agent_start=None,
                sentence_start=0, voice="outlet", voice_name=None, place_text=None, time_text=None, published=None,
                polarity="affirm", agent_entity=None, dateline=None, referents=["academy awards"], kind="count")
    ray = dict(base, id="a:q1", article_id="a", start=1, text="seven", low=7.0, high=7.0, agent_text="Ray Charles")
    unnamed = dict(base, id="b:q1", article_id="b", start=1, text="four", low=4.0, high=4.0, agent_text=None)
    vera = dict(base, id="c:q1", article_id="c", start=1, text="11", low=11.0, high=11.0, agent_text="Vera Drake")
    # `Ray Charles has seven` and `four nominations`: whose four is not written
    assert judge_block(("go", "nomination"), [ray, unnamed])[1] == []
    # `has` figures are one fact's only when said of one named holder
    assert judge_block(("have", "nomination"), [ray, vera])[1] == []
    assert [p.verdict for p in judge_block(("have", "nomination"), [ray, dict(vera, agent_text="Ray Charles")])[1]] \
        == ["conflict"]
    # a pronoun names no one: `It agreed to pay` and `It offered` are not one payer
    it_a, it_b = dict(ray, agent_text="It"), dict(vera, agent_text="It")
    assert judge_block(("have", "nomination"), [it_a, it_b])[1] == []


def test_quantities_one_article_in_one_voice_does_not_contradict_itself():
    from newsdossier.quantities.groups import judge_block

    base = dict(value=None, counted_text="critics", counted_head="critic", agent_text=None, agent_start=None,
                voice="outlet", voice_name=None, place_text=None, time_text=None, published=None, polarity="affirm",
                agent_entity=None, dateline=None, referents=["oscars"], kind="count", article_id="a")
    five = dict(base, id="a:q1", start=1, text="Five", low=5.0, high=5.0, sentence_start=0)
    eight = dict(base, id="a:q9", start=9, text="eight", low=8.0, high=8.0, sentence_start=0)
    later = dict(eight, id="a:q90", start=90, sentence_start=80)
    quoted = dict(later, voice="speaker", voice_name="the organisers")
    assert judge_block(("tip", "critic"), [five, eight])[1] == []  # `Five of the eight critics`: one sentence
    assert judge_block(("tip", "critic"), [five, later])[1] == []  # the outlet's one account
    assert [p.verdict for p in judge_block(("tip", "critic"), [five, quoted])[1]] == ["conflict"]  # two voices


@pytest.mark.parametrize("text", ["Mr Sullivan, 42, pleaded guilty to fraud last year.",
                                  "The court heard that Ines Marchetti (58) had resigned."])
def test_quantities_an_age_beside_a_person_is_no_figure(parse_article, text):
    assert [q.text for q in figures(parse_article, text)] == []


def test_quantities_an_age_beside_a_surname_the_model_does_not_tag(parse_article):
    assert [q.text for q in figures(parse_article, "Mr Ebbers, 63, is accused of fraud. Spacey, 45, wrote the film.")] == []
    assert [q.text for q in figures(parse_article, "In Basra, 40 people were detained.")] == ["40"]
    # surnames the model tags as places, and numbers in brackets after names (ages, seedings, a line-up's tallies)
    assert [q.text for q in figures(parse_article, "Okafor, 22, won the final in Lagos. Mr Brandvold, 29, "
                                                   "was later freed.")] == []
    # a surname opening a sentence that the parser takes for a common noun
    assert [q.text for q in figures(parse_article, "He sings every song in the show. Sterling, 24, plays his "
                                                   "mother.")] == []
    assert [q.text for q in figures(parse_article, "Seeds: Portugal (1), Chile (2), Ghana (3) and Peru (4) play "
                                                   "in Lima, where 12 teams meet.")] == ["12"]


def test_quantities_one_sentence_printed_twice_compares_only_its_same_figure():
    from newsdossier.quantities.groups import _one_account

    a = dict(article_id="a", start=10, sentence_start=0, sentence_hash="h1")
    assert _one_account(a, dict(a, article_id="b", start=30))      # `two of his officials, three Foreign Office officials`
    assert not _one_account(a, dict(a, article_id="b", start=10))  # the same figure of the same sentence: compared
    assert not _one_account(a, dict(a, article_id="b", start=30, sentence_hash="h2"))


def test_overview_leads_with_the_disputed_figures_of_a_group(quantity_store):
    from fastapi.testclient import TestClient

    from newsdossier.web.app import create_app

    # a third figure of the same kind that no pair disputes: a group holds every figure of its kind
    row = quantity_store.rows("SELECT * FROM quantities WHERE text = '40'")[0]
    quantity_store.insert([Quantity(**dict(row, id=row["id"] + "-copy", start=row["start"]))])
    quantity_store.execute("UPDATE quantity_groups SET quantity_ids = list_append(quantity_ids, ?), claims = 3",
                           [row["id"] + "-copy"])
    path = quantity_store.path
    quantity_store.close()
    with TestClient(create_app(path), base_url="http://127.0.0.1") as c:
        card = c.get("/").text.split("Biggest conflicts between figures", 1)[1].split("</section>", 1)[0]
        groups = c.get("/api/overview").json()["conflicts"]
    assert card.count("<li>") == 2 and "1 more claim of this kind, in no conflict." in card
    assert sorted(e["disputed"] for e in groups[0]["evidence"]) == [False, True, True]


def test_conflicts_cli_lists_the_compared_claims_and_counts_the_rest(quantity_store):
    from typer.testing import CliRunner

    from newsdossier.cli import app

    row = quantity_store.rows("SELECT * FROM quantities WHERE text = '40'")[0]
    quantity_store.insert([Quantity(**dict(row, id=row["id"] + "-copy"))])
    quantity_store.execute("UPDATE quantity_groups SET quantity_ids = list_append(quantity_ids, ?), claims = 3",
                           [row["id"] + "-copy"])
    path = quantity_store.path
    quantity_store.close()
    out = CliRunner().invoke(app, ["conflicts", "--store", path], env={"COLUMNS": "160"}).output
    assert "1 more claim of this kind, compared with none (--all-claims lists them)" in out
    assert out.count("│ 40 [40]") == 1 and "│ 212 [212]" in out
    every = CliRunner().invoke(app, ["conflicts", "--all-claims", "--store", path], env={"COLUMNS": "160"}).output
    assert every.count("│ 40 [40]") == 2 and "compared with none" not in every

