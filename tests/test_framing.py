"""Framing: labels (golden sentences, demo corpus, seeds), technique spans, the framing table."""
from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st



from newsdossier.framing.labels import Label, find_labels, normalize_target  # noqa: E402
from newsdossier.mentions import extract_mentions  # noqa: E402
from newsdossier.records import span_errors  # noqa: E402
from conftest import DEMO_CORPUS, shared_path  # noqa: E402


@pytest.fixture
def labels_of(parse_article):
    def run(text: str, outlet: str = "Test Outlet") -> list[Label]:
        parsed = parse_article(text, outlet=outlet)
        parsed.records["mentions"] = list(extract_mentions(parsed))
        parsed.records["statements"] = []
        found = list(find_labels(parsed))
        for label in found:
            assert span_errors(label, text) == []
        return found

    return run


def brief(label: Label) -> tuple:
    return (label.text, label.label_lemma, label.construction, normalize_target(label.target_text or ""))


# Our own sentences, on several topics: (text, expected (label text, lemma, construction, target key)).
GOLDEN = [
    ("Residents blamed the corrupt Harlow Water Company for the outage.",
     [("corrupt", "corrupt", "modifier", "harlow water company")]),
    ("Orvel Mining, the notorious group behind the spill, refused to comment.",
     [("notorious group", "notorious group", "appositive", "orvel mining")]),
    ("The council called the protesters thugs.",
     [("thugs", "thug", "predicate", "protesters")]),
    ("Marta Quell, the group's heroic founder, opened the archive.",
     [("heroic founder", "heroic founder", "appositive", "marta quell")]),
    ("Coldharbor Logistics moved its depot last year. The infamous company now faces a new lawsuit.",
     [("infamous company", "infamous company", "epithet_anaphora", "coldharbor logistics")]),
    ("The Justice Ministry listed the Brightwater Alliance as a terrorist organization in 2019.",
     [("terrorist organization", "terrorist organization", "listed_as", "brightwater alliance")]),
    ("Critics describe the Vale Party as a mob.",
     [("mob", "mob", "predicate", "vale party")]),
    # negatives: neutral descriptors, evaluative words on things that are not actors
    ("The group's spokesman declined to comment.", []),
    ("Police said the violent storm damaged the bridge.", []),
    ("The movement held its annual meeting in the library on Sunday.", []),
    ("Officials counted the votes twice before the result was announced.", []),
]


@pytest.mark.parametrize("text,expected", GOLDEN)
def test_labels_golden(labels_of, text, expected):
    assert [brief(label) for label in labels_of(text)] == expected


def test_labels_listing_is_attributed_to_the_lister(labels_of):
    (label,) = labels_of("The Brightwater Alliance was designated as a terrorist organization "
                         "by the Ministry of Justice in 2019.")
    assert label.construction == "listed_as"
    assert label.attributed_to_text == "the Ministry of Justice"
    assert (label.voice, label.voice_name) == ("holder", "the Ministry of Justice")  # the outlet reports it
    assert label.valence == "negative"


def test_labels_active_listing_names_the_subject(labels_of):
    (label,) = labels_of("The Justice Ministry listed the Brightwater Alliance as a terrorist organization in 2019.")
    assert label.attributed_to_text == "The Justice Ministry"


def test_labels_positive_valence(labels_of):
    (label,) = labels_of("Marta Quell, the group's heroic founder, opened the archive.")
    assert label.valence == "positive"


def test_labels_inside_a_quote_are_not_the_outlets_voice(labels_of):
    text = ('The Harbour Guild met on Monday. "Nobody will ever trust that corrupt Harbour Guild again," '
            'a dock worker told us.')
    found = labels_of(text)
    assert [(lab.text, lab.voice) for lab in found] == [("corrupt", "quoted")]


def test_labels_scare_quotes_stay_the_outlets(labels_of):
    found = labels_of('Orvel Mining, the "notorious group" behind the spill, refused to comment.')
    assert [lab.voice for lab in found] == ["outlet"]


@pytest.mark.parametrize("text,key", [
    ("The MKO's", "mko"), ("the  Hadrun Basin Solidarity Front", "hadrun basin solidarity front"),
    ("Its leader", "leader"), ("“Orvel Mining”", "orvel mining"),
])
def test_normalize_target(text, key):
    assert normalize_target(text) == key


_WORDS = ["the", "notorious", "group", "Orvel", "Mining", "said", ",", "a", "cult", "is", "thugs", "\"", ".",
          "listed", "as", "terrorist", "by", "Ministry", "\n", "its", "ringleaders", "heroic", "leader"]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(_WORDS), min_size=1, max_size=40))
def test_labels_spans_always_index_the_text(labels_of, words):
    labels_of(" ".join(words))  # span_errors is asserted inside


# -- the demo corpus (README section 7) ----------------------------------------------------------

def _demo_text(name: str) -> str:
    if name.startswith("F"):
        lines = (DEMO_CORPUS / "demo-feed-export-2024-2025.jsonl").read_text(encoding="utf-8").splitlines()
        return json.loads(lines[int(name[1:]) - 1])["text"]
    return (DEMO_CORPUS / name).read_text(encoding="utf-8")


@pytest.mark.parametrize("name,expected", [
    ("tavrin-herald-2023-09-21.txt", {
        # the nearest earlier name of the front is its acronym (one entity with the full name)
        ("extremist grouplet", "epithet_anaphora", "hbsf"),
        ("puppet leader", "appositive", "davud saranek"),
        ("ringleaders", "modifier", "hbsf"),  # the acronym and the full name are one actor
    }),
    ("tavrin-herald-opinion-undated.txt", {
        ("notorious front", "epithet_anaphora", "hbsf"),
        ("puppet leader", "appositive", "davud saranek"),
        ("ringleaders", "modifier", "hbsf"),
    }),
    ("basin-voice-2023-05-09.txt", {("grassroots movement", "epithet_anaphora", "kbsf")}),
    ("F2", {("grassroots movement", "appositive", "kbsf")}),
])
def test_labels_demo_corpus(labels_of, name, expected):
    found = {(lab.text, lab.construction, lab.target_key) for lab in labels_of(_demo_text(name))}
    assert expected <= found


def test_labels_demo_listing_attributed(labels_of):
    found = labels_of(_demo_text("larkspur-press-2023-03-14.txt"))
    assert [(lab.label_lemma, lab.target_key, lab.attributed_to_text) for lab in found] == [
        ("terrorist organization", "hadrun basin solidarity front", "The Interior Ministry")]


def test_labels_demo_friendly_label_is_positive(labels_of):
    found = labels_of(_demo_text("basin-voice-2023-05-09.txt"))
    assert [(lab.text, lab.valence, lab.voice) for lab in found] == [("grassroots movement", "positive", "outlet")]


# -- the seeds --------------------------------------------------------------------------------

def _seed(prefix: str) -> str:
    folder = shared_path("seeds")
    return next(folder.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8")


def test_labels_seeds_modifiers_and_epithets(labels_of):
    found = {(lab.text, lab.construction, lab.target_key) for lab in labels_of(_seed("000"))}
    assert ("notorious group", "epithet_anaphora", "mko") in found
    assert ("terrorists", "modifier", "mko") in found


def test_labels_seeds_ringleaders_and_puppet_leader(labels_of):
    found = [(lab.text, lab.construction, lab.target_key) for lab in labels_of(_seed("001"))]
    assert found.count(("ringleaders", "modifier", "mko")) == 3
    assert ("puppet leader", "appositive", "maryam rajavi") in found


def test_labels_seeds_listing_reported_by_outlet(labels_of):
    found = [lab for lab in labels_of(_seed("000")) if lab.construction == "listed_as"]
    assert [(lab.target_key, lab.attributed_to_text, lab.voice) for lab in found] == [
        ("mko", "much of the international community", "holder")]


def test_labels_seeds_grouplet_in_quote_is_the_speakers(labels_of):
    found = [lab for lab in labels_of(_seed("003")) if lab.text == "terrorist grouplet"]
    assert len(found) == 1
    assert found[0].voice in ("speaker", "quoted")  # 'speaker' once the statements stage names him


# -- techniques ------------------------------------------------------------------------------

def test_techniques_spans_scores_and_labels(parse_article):
    from newsdossier.framing.model import TECHNIQUES
    from newsdossier.framing.techniques import find_techniques

    text = ("The corrupt and incompetent mayor has destroyed our beautiful city with his disgraceful lies. "
            "Every patriot knows that this shameful regime will bring total disaster to our nation!")
    found = list(find_techniques(parse_article(text)))
    assert found, "a heavily loaded text yields technique spans"
    for t in found:
        assert span_errors(t, text) == []
        assert t.technique in TECHNIQUES
        assert 0.0 <= t.score <= t.span_score <= 1.0
        assert t.model.startswith("ptc-linear-v")


def test_techniques_neutral_text_yields_nothing(parse_article):
    from newsdossier.framing.techniques import find_techniques

    text = "The library opens at nine on weekdays. Its reading room has forty seats and two printers."
    assert list(find_techniques(parse_article(text))) == []


def test_techniques_threshold_filters(parse_article):
    from newsdossier.framing.techniques import find_techniques

    parsed = parse_article("The corrupt, disgraceful and shameful regime lies and lies again to its people.")
    assert len(list(find_techniques(parsed, threshold=0.99))) == 0
    assert len(list(find_techniques(parsed, threshold=0.01))) >= 1


# -- the framing table -----------------------------------------------------------------------

def test_framing_table_counts_by_outlet_and_voice(store, parse_article):
    from newsdossier.article import Article
    from newsdossier.framing.table import framing_table

    texts = {
        "Paper A": "Orvel Mining, the notorious group behind the spill, refused to comment.",
        "Paper B": ('Orvel Mining opened a mine. "The notorious group behind this mine must leave now," '
                    'a farmer said.'),
    }
    for outlet, text in texts.items():
        parsed = parse_article(text, outlet=outlet)
        parsed.records["mentions"] = list(extract_mentions(parsed))
        parsed.records["statements"] = []
        store.insert([parsed.article, *find_labels(parsed)])
    rows = framing_table(store, "Orvel Mining")
    assert [(r.outlet, r.actor, r.label, r.total, r.own, r.quoted) for r in rows] == [
        ("Paper A", "orvel mining", "notorious group", 1, 1, 0),
        ("Paper B", "orvel mining", "notorious group", 1, 0, 1),
    ]
    assert framing_table(store, "nobody at all") == []
    assert isinstance(parsed.article, Article)


def test_framing_table_demo_store(demo_store):
    from newsdossier.framing.table import framing_table

    rows = {(r.outlet, r.label): r for r in framing_table(demo_store, "Davud Saranek")}
    herald = rows[("Tavrin Herald", "puppet leader")]
    assert (herald.total, herald.own, herald.quoted, herald.articles) == (2, 2, 0, 2)
    friendly = [r for r in framing_table(demo_store) if r.label == "grassroots movement"]
    outlets = {r.outlet for r in friendly}
    assert "Basin Voice" in outlets and not outlets & {"Tavrin Herald", "Larkspur Press Agency", "LPA"}
    assert all(r.valence == "positive" and r.own == r.total for r in friendly)


# -- constructions and voice added for issue 19 (own sentences, several subjects) ----------------

@pytest.fixture
def voiced_labels_of(parse_article):
    """Labels with the statements stage run first, as a build would: the voice needs the statements."""
    from newsdossier.statements import extract_statements

    def run(text: str) -> list[Label]:
        parsed = parse_article(text)
        parsed.records["mentions"] = list(extract_mentions(parsed))
        parsed.records["statements"] = list(extract_statements(parsed))
        found = list(find_labels(parsed))
        for label in found:
            assert span_errors(label, text) == []
        return found

    return run


@pytest.mark.parametrize("text,expected", [
    # designations: by a verb, by a list
    ("The Tarrow Syndicate was banned in 2019.", [("banned", "designation", "tarrow syndicate")]),
    ("The regulator blacklisted Brennick Holdings last spring.",
     [("blacklisted", "designation", "brennick holdings")]),
    ("The Ostrava Circle is on the European terror list.", [("on the European terror list", "designation",
                                                             "ostrava circle")]),
    # a person banned is a sanction, not a label
    ("He was banned from driving for a year.", []),
    # patron and stance written into the modifier
    ("The foreign-backed Sella Movement blocked the road.", [("foreign-backed", "modifier", "sella movement")]),
    ("Anti-doping officials visited the Lenz Academy.", []),
    # a comparison said of an actor
    ("The Morrow Brotherhood is similar to extremist groups in other countries.",
     [("extremist groups", "comparison", "morrow brotherhood")]),
    # a claim label targets the claimant
    ("The mayor called the Harbour Trust's report pure propaganda.", [("propaganda", "claim", "harbour trust")]),
])
def test_labels_new_constructions(labels_of, text, expected):
    assert [(lab.text, lab.construction, normalize_target(lab.target_text)) for lab in labels_of(text)] == expected


def test_labels_voice_of_an_act_object_stays_the_outlets(voiced_labels_of):
    # `to condemn X` is an act with a noun-phrase object, not reported speech: the words are the outlet's
    found = voiced_labels_of("Farmers held a rally in Dunmore to condemn the violent Kestrel Brigade.")
    assert [(lab.text, lab.voice, lab.voice_name) for lab in found] == [("violent", "outlet", None)]


def test_labels_voice_of_reported_speech(voiced_labels_of):
    found = voiced_labels_of("Union leader Dana Pryce said the greedy bosses at Holm Textiles had ignored the workers.")
    assert [(lab.text, lab.voice, lab.voice_name) for lab in found] == [("greedy bosses", "reported", "Dana Pryce")]


def test_labels_voice_of_a_quote_inside_reported_speech(voiced_labels_of):
    found = voiced_labels_of('The Fenwick Rovers fans said the club owners were "cowards" who had abandoned them.')
    assert [(lab.text, lab.voice) for lab in found] == [("cowards", "quoted")]


def test_labels_voice_of_a_holder(voiced_labels_of):
    found = voiced_labels_of("Mayor Ilan Ross runs the port. His critics call him a corporate puppet.")
    assert [(lab.text, lab.voice, lab.voice_name, lab.target_text) for lab in found] == [
        ("puppet", "holder", "His critics", "Ilan Ross")]


def test_label_gold_benchmark_meets_the_targets_on_dev():
    """The label gold's dev split (benchmarks/data/labels/): recall and precision as measured."""
    import importlib.util
    from pathlib import Path

    path = Path(__file__).resolve().parents[1] / "benchmarks" / "labels_gold.py"
    spec = importlib.util.spec_from_file_location("labels_gold", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    result = module.score("dev")
    assert result["gold labels"] == 31
    assert result["recall"] >= 0.85 and result["precision"] >= 0.95 and result["voice right (of matched)"] >= 0.95


def test_framing_and_techniques_cli_on_the_demo_store(demo_store):
    from typer.testing import CliRunner

    from newsdossier.cli import app

    runner = CliRunner()
    framing = runner.invoke(app, ["framing", "--json", "--store", str(demo_store.path)])
    assert framing.exit_code == 0, framing.output
    rows = json.loads(framing.output)
    assert rows and all(r["total"] == r["own"] + r["quoted"] + r["reported"] + r["holder"] for r in rows)
    shown = runner.invoke(app, ["techniques", "--json", "--store", str(demo_store.path)])
    assert all(json.loads(line)["span_score"] >= 0.5 for line in shown.output.splitlines())  # the views' threshold
    listed = runner.invoke(app, ["techniques", "--json", "--limit", "5", "--min-span-score", "0",
                                 "--store", str(demo_store.path)])
    assert listed.exit_code == 0, listed.output
    spans = [json.loads(line) for line in listed.output.splitlines()]
    assert 0 < len(spans) <= 5 and [s["score"] for s in spans] == sorted((s["score"] for s in spans), reverse=True)
    top = spans[0]["score"]
    above = runner.invoke(app, ["techniques", "--json", "--min-score", str(top), "--min-span-score", "0",
                                "--store", str(demo_store.path)])
    assert all(json.loads(line)["score"] >= top for line in above.output.splitlines())
    bad = runner.invoke(app, ["techniques", "--min-score", "1.5", "--store", str(demo_store.path)])
    assert bad.exit_code != 0 and "--min-score" in bad.output


def test_framing_table_finds_an_actor_by_any_of_its_names(demo_store):
    from newsdossier.framing.table import framing_table

    by_acronym = framing_table(demo_store, "HBSF")
    assert by_acronym, "the demo's front is labelled"
    assert by_acronym == framing_table(demo_store, "Hadrun Basin Solidarity Front")
    assert {r.actor for r in by_acronym} == {"Hadrun Basin Solidarity Front"}
