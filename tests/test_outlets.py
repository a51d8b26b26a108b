from __future__ import annotations

import datetime as dt

import pytest

from newsdossier.article import Article
from newsdossier.config import Settings
from newsdossier.outlets import initials, link_outlets, match_acronyms
from newsdossier.stages import LinkContext


@pytest.mark.parametrize("name,expected", [
    ("Larkspur Press Agency", {"LPA"}),
    ("Bank of the North", {"BOTN", "BN"}),
    ("Agence France-Presse", {"AFP"}),
])
def test_outlets_initials(name, expected):
    assert initials(name) == expected


def test_outlets_acronym_needs_exactly_one_full_name():
    found = match_acronyms({"LPA": 1, "Larkspur Press Agency": 2, "NR": 1, "Nord Radio": 1, "News Roundup": 1})
    assert [(a.alias, a.outlet, a.articles) for a in found] == [("LPA", "Larkspur Press Agency", 1)]


def _article(aid, outlet):
    text = f"Body of article {aid}."
    return Article(aid, f"{aid}.txt", "txt", None, None, None, outlet, None, dt.date(2024, 1, 1), None, None,
                   0, len(text), text)


def test_outlets_link_stage_rewrites_and_remembers(store):
    store.insert([_article("a1", "LPA"), _article("a2", "Larkspur Press Agency"), _article("a3", "Basin Voice")])
    link_outlets(LinkContext(store, Settings(), ["a1", "a2", "a3"]))
    assert dict(store.execute("SELECT id, outlet FROM articles ORDER BY id").fetchall()) == {
        "a1": "Larkspur Press Agency", "a2": "Larkspur Press Agency", "a3": "Basin Voice"}
    store.insert([_article("a4", "LPA")])  # a later build: the alias is remembered
    link_outlets(LinkContext(store, Settings(), ["a4"]))
    assert store.scalar("SELECT outlet FROM articles WHERE id = 'a4'") == "Larkspur Press Agency"
    assert store.rows("SELECT alias, outlet, articles FROM outlet_aliases") == [
        {"alias": "LPA", "outlet": "Larkspur Press Agency", "articles": 2}]


def test_outlets_demo_corpus_has_one_name_per_outlet(demo_store):
    outlets = [r[0] for r in demo_store.execute("SELECT DISTINCT outlet FROM articles WHERE outlet IS NOT NULL "
                                                "ORDER BY 1").fetchall()]
    assert outlets == ["Basin Voice", "Larkspur Press Agency", "Tavrin Herald"]


def test_outlets_no_record_keeps_a_stale_outlet_name(demo_store):
    # the demo's LPA article is renamed 'Larkspur Press Agency' by the link stage; records in the outlet's
    # own voice name no outlet, so none can keep the acronym (views join articles for the name)
    for table in ("quantities", "labels"):
        assert demo_store.scalar(f"SELECT count(*) FROM {table} WHERE voice = 'outlet' AND voice_name IS NOT NULL") == 0
    outlets = {r["outlet"] for r in demo_store.rows(
        "SELECT DISTINCT a.outlet FROM quantities q JOIN articles a ON a.id = q.article_id WHERE q.voice = 'outlet'")}
    assert "Larkspur Press Agency" in outlets and "LPA" not in outlets
