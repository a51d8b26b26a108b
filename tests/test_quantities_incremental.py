"""The `quantity_groups` link stage judges again only the blocks whose members changed
(quantities/changes.py), and comes out exactly as a full recomputation, table by table."""
from __future__ import annotations


import pytest

from conftest import DEMO_FILES, build_in_two_steps, demo_corpus_of
from newsdossier.config import Settings
from newsdossier.pipeline import build
from newsdossier.quantities.groups import group_quantities
from newsdossier.stages import LinkContext
from newsdossier.store import Store

GROUP_TABLES = ["quantity_groups", "quantity_pairs", "quantity_group_articles", "quantity_block_members"]


def rows(store: Store, table: str) -> list[tuple]:
    return sorted(store.execute(f'SELECT * FROM "{table}"').fetchall(), key=repr)


def tables(store: Store) -> dict[str, list[tuple]]:
    return {t: rows(store, t) for t in GROUP_TABLES}


def stage_runs(caplog) -> list[tuple[int, int, int]]:
    """(articles blocked again, articles with figures, blocks judged again) of each run of the stage."""
    out = []
    for r in caplog.records:
        words = r.getMessage().split()
        if words[:1] == ["quantity_groups:"]:
            out.append((int(words[1]), int(words[3]), int(words[9])))
    return out


@pytest.mark.parametrize("first, partial", [(1, False), (6, True)])
def test_adding_articles_groups_as_a_full_build_of_them_all(demo_store, tmp_path, first, partial, caplog):
    path = tmp_path / "grown.duckdb"
    with Store.open(path) as st:
        grown = build_in_two_steps(st, tmp_path, first, caplog)
        assert grown.problems == []
        got = tables(st)
        blocks = st.scalar("SELECT count(DISTINCT (block_class, block_category)) FROM quantity_block_members")
        ((again, with_figures, judged),) = stage_runs(caplog)
        # of six old articles, most blocks keep their groups (the old articles the entity stage re-linked are
        # read again, but most give the same rows); after one, the old article's blocks all change
        assert (again <= with_figures, judged < blocks) == (True, partial)
        caplog.clear()
        with caplog.at_level("INFO", logger="newsdossier"):
            build(None, st, Settings(full_links=True))
        assert [(a == w, j == blocks) for a, w, j in stage_runs(caplog)] == [(True, True)]
        full = tables(st)
    want = tables(demo_store)
    assert [t for t in GROUP_TABLES if got[t] != want[t]] == []
    assert [t for t in GROUP_TABLES if full[t] != want[t]] == []
    assert len(want["quantity_groups"]) >= 5 and len(want["quantity_pairs"]) >= 5
    assert any(g[8] > 0 for g in want["quantity_groups"])  # a group in conflict: its pairs were judged


def test_a_build_that_skipped_the_stage_is_caught_up_from_the_store(demo_store, tmp_path):
    path = tmp_path / "caught-up.duckdb"
    with Store.open(path) as st:
        build(demo_corpus_of(tmp_path, "a", DEMO_FILES[:3]), st, Settings())
        before = tables(st)
        # as if a build had stored articles and stopped before this link stage
        build(demo_corpus_of(tmp_path, "b", DEMO_FILES[3:]), st, Settings(disabled=["quantity_groups", "web_index"]))
        assert tables(st) == before
        build(None, st, Settings())  # nothing new: the stage finds what is to do in the store
        got = tables(st)
    want = tables(demo_store)
    assert before["quantity_groups"] != want["quantity_groups"]
    assert [t for t in GROUP_TABLES if got[t] != want[t]] == []


MINI = {  # two payments by one firm, one by another: blocks of money keyed by the payer's entity
    "a.txt": "Harlow Steel fined over river spill\n\nPORT SELBY, 3 May 2024 - Harlow Steel paid $5 million to the "
             "river authority after the spill, the company said on Friday.\nThe river authority said Harlow Steel "
             "had paid the fine in full.\n",
    "b.txt": "Steelmaker settles spill case\n\nPORT SELBY, 6 May 2024 - Harlow Steel paid $8 million to the river "
             "authority to settle the case, according to court papers.\nA spokesman for Harlow Steel declined to "
             "comment.\n",
    "c.txt": "Mill owner pays for clean-up\n\nPORT SELBY, 9 May 2024 - Norcastle Mills paid $2 million to the river "
             "authority for the clean-up, officials said.\nNorcastle Mills is the second firm to pay this year.\n",
}


def _relink(store: Store, incremental: bool) -> dict[str, list[tuple]]:
    with store.transaction():
        group_quantities(LinkContext(store, Settings(full_links=not incremental), []))
    return tables(store)


def test_an_old_articles_new_entity_link_moves_its_figure_to_another_block(tmp_path):
    folder = tmp_path / "mini"
    folder.mkdir()
    for name, text in MINI.items():
        (folder / name).write_text(text, encoding="utf-8")
    with Store.open(tmp_path / "mini.duckdb") as st:
        build(folder, st, Settings())
        first = {r["article_id"]: r for r in st.rows("SELECT * FROM quantity_block_members")}
        harlow, norcastle = (st.scalar("SELECT id FROM entities WHERE name = ?", [n])
                             for n in ("Harlow Steel", "Norcastle Mills"))
        aid = st.scalar("SELECT id FROM articles WHERE text LIKE '%$5 million%'")
        assert first[aid]["block_category"] == f"USD · entity:{harlow}"
        assert [g["claims"] for g in st.rows("SELECT claims FROM quantity_groups")] == [2]
        # the entity stage, given more articles, links the payer of an old article to the other firm (as
        # a merge or a new reading of the name would): the figure's block key follows its agent's entity
        st.execute("UPDATE mention_entities SET entity_id = ? WHERE article_id = ? AND entity_id = ?",
                   [norcastle, aid, harlow])
        incremental = _relink(st, incremental=True)
        moved = {r[1]: r for r in incremental["quantity_block_members"]}
        assert moved[aid][3] == f"USD · entity:{norcastle}"
        assert [g[3] for g in incremental["quantity_groups"]] == [f"USD · entity:{norcastle}"]
        assert _relink(st, incremental=False) == incremental
        # an entity named in more articles than the referent cap is no referent any more: every figure whose
        # sentence names it has another row and its block is judged again, with the same answer as a full run
        st.execute("UPDATE entities SET article_count = 1000 WHERE id = ?", [norcastle])
        capped = _relink(st, incremental=True)
        assert capped["quantity_block_members"] != incremental["quantity_block_members"]
        assert _relink(st, incremental=False) == capped
        # nothing changed since: nothing is read again, and the tables stay
        assert _relink(st, incremental=True) == capped
