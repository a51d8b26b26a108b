"""The `entities` link stage redoes per-article work only where its inputs changed (entities/changes.py),
and comes out exactly as a full recomputation, table by table."""
from __future__ import annotations


import pytest

from conftest import DEMO_CORPUS, DEMO_FILES, build_in_two_steps, demo_corpus_of
from newsdossier.config import Settings
from newsdossier.pipeline import build
from newsdossier.store import Store

ENTITY_TABLES = ["entities", "entity_aliases", "entity_merges", "mention_entities", "speaker_entities",
                 "entity_link_articles"]


def rows(store: Store, table: str) -> list[tuple]:
    return sorted(store.execute(f'SELECT * FROM "{table}"').fetchall(), key=repr)


@pytest.mark.parametrize("first", [1, 4])
def test_adding_articles_links_as_a_full_build_of_them_all(demo_store, tmp_path, first, caplog):
    path = tmp_path / "grown.duckdb"
    with Store.open(path) as st:
        grown = build_in_two_steps(st, tmp_path, first, caplog)
        assert grown.problems == []
        got = {t: rows(st, t) for t in ENTITY_TABLES}
    # the second build took the incremental path: it kept what it could and scanned the rest again
    assert any("scanned again for names" in r.getMessage() for r in caplog.records)
    want = {t: rows(demo_store, t) for t in ENTITY_TABLES}
    assert [t for t in ENTITY_TABLES if got[t] != want[t]] == []
    assert len(want["mention_entities"]) > 100 and len(want["speaker_entities"]) > 10


def test_a_build_that_skipped_the_stage_is_caught_up_from_the_store(demo_store, tmp_path):
    path = tmp_path / "caught-up.duckdb"
    with Store.open(path) as st:
        build(demo_corpus_of(tmp_path, "a", DEMO_FILES[:3]), st, Settings())
        # as if a build had stored articles and stopped before its link stages
        build(demo_corpus_of(tmp_path, "b", DEMO_FILES[3:]), st, Settings(disabled=["entities", "quantity_groups",
                                                                           "web_index"]))
        assert st.scalar("SELECT count(*) FROM entity_link_articles") < st.scalar("SELECT count(*) FROM articles")
        build(None, st, Settings())  # nothing new: the stage finds what is to do in the store
        got = {t: rows(st, t) for t in ENTITY_TABLES}
    want = {t: rows(demo_store, t) for t in ENTITY_TABLES}
    assert [t for t in ENTITY_TABLES if got[t] != want[t]] == []


def test_full_recomputes_every_article_and_agrees(demo_store, tmp_path, caplog):
    path = tmp_path / "full.duckdb"
    with Store.open(path) as st:
        build(DEMO_CORPUS, st, Settings())
        with caplog.at_level("INFO", logger="newsdossier"):
            build(None, st, Settings(full_links=True))
        got = {t: rows(st, t) for t in ENTITY_TABLES}
    assert not any("scanned again for names" in r.getMessage() for r in caplog.records)
    want = {t: rows(demo_store, t) for t in ENTITY_TABLES}
    assert [t for t in ENTITY_TABLES if got[t] != want[t]] == []


def test_a_new_owner_of_a_name_rescans_the_old_articles_that_write_it(store):
    """Unit level: what changed is read from the previous and the new rows, not from the new articles."""
    from newsdossier.entities.changes import changed_names, owner_sets

    before = owner_sets([("Vale", "e-nora"), ("Nora Vale", "e-nora"), ("Port Arvel", "e-port")])
    after = owner_sets([("Vale", "e-nora"), ("Vale", "e-tom"), ("Nora Vale", "e-nora"), ("Tom Vale", "e-tom"),
                        ("Port Arvel", "e-port")])
    assert changed_names(before, after) == ["Tom Vale", "Vale"]
    assert changed_names(after, after) == []
