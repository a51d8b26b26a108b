"""Link stages read and write the store in bounded pieces: their answer must not depend on the piece size."""
from __future__ import annotations

import shutil

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsdossier.config import Settings
from newsdossier.stages import LinkContext
from newsdossier.store import Store, size_batches


from newsdossier.quantities import groups as quantity_groups  # noqa: E402
from newsdossier.entities import link as entity_link  # noqa: E402
from newsdossier.reuse.clusters import components, rebuild_clusters  # noqa: E402
from newsdossier.temporal import timeline  # noqa: E402
from newsdossier.web import index as web_index  # noqa: E402

# (module, piece-size constant, link function, tables it writes)
STAGES = [
    (entity_link, "ARTICLES_PER_READ", entity_link.link_entities,
     ["entities", "entity_aliases", "entity_merges", "mention_entities", "speaker_entities"]),
    (quantity_groups, "ARTICLES_PER_READ", quantity_groups.group_quantities, ["quantity_groups", "quantity_pairs"]),
    (quantity_groups, "FIGURES_PER_READ", quantity_groups.group_quantities, ["quantity_groups", "quantity_pairs"]),
    (timeline, "EVENTS_PER_READ", timeline.build_timeline, ["timeline_events"]),
    (web_index, "ARTICLES_PER_INSERT", web_index.build_web_index,
     ["web_spans", "web_entity_mentions", "web_entity_records"]),
]


@pytest.fixture
def demo_copy(demo_store, tmp_path):
    path = tmp_path / "copy.duckdb"
    shutil.copy(demo_store.path, path)
    with Store.open(path) as store:
        yield store


def _contents(store, tables):
    return {t: sorted(map(repr, store.execute(f"SELECT * FROM {t}").fetchall())) for t in tables}


@pytest.mark.parametrize("module, constant, stage, tables", STAGES, ids=[f"{s[2].__name__}-{s[1]}" for s in STAGES])
def test_link_stage_answer_does_not_depend_on_piece_size(demo_copy, monkeypatch, module, constant, stage, tables):
    # recomputed in full: an incremental stage would find nothing to do in a store it has just built
    ctx = LinkContext(demo_copy, Settings(full_links=True), [])
    with demo_copy.transaction():
        stage(ctx)
    whole = _contents(demo_copy, tables)
    assert any(whole.values()), "the demo corpus should give this stage something to write"
    monkeypatch.setattr(module, constant, 1)
    with demo_copy.transaction():
        stage(ctx)
    assert _contents(demo_copy, tables) == whole


def test_web_spans_stay_sorted_by_article_when_written_in_pieces(demo_copy, monkeypatch):
    monkeypatch.setattr(web_index, "ARTICLES_PER_INSERT", 1)
    with demo_copy.transaction():
        web_index.build_web_index(LinkContext(demo_copy, Settings(), []))
    stored = [r[0] for r in demo_copy.execute("SELECT article_id FROM web_spans ORDER BY rowid").fetchall()]
    assert len(set(stored)) > 3
    assert stored == sorted(stored)


def test_reuse_clusters_are_the_same_after_a_rebuild(demo_copy):
    before = _contents(demo_copy, ["reuse_clusters"]) | {"pairs": sorted(
        demo_copy.execute("SELECT id, cluster_id FROM reuse").fetchall())}
    assert before["reuse_clusters"]
    with demo_copy.transaction():
        rebuild_clusters(demo_copy)
    after = _contents(demo_copy, ["reuse_clusters"]) | {"pairs": sorted(
        demo_copy.execute("SELECT id, cluster_id FROM reuse").fetchall())}
    assert after == before


def test_article_ranges_cover_every_article_once_in_order(demo_copy):
    ids = [r[0] for r in demo_copy.execute("SELECT id FROM articles ORDER BY id").fetchall()]
    for size in (1, 2, 3, len(ids), len(ids) + 5):
        ranges = list(demo_copy.article_ranges(size))
        assert len(ranges) == -(-len(ids) // size)
        covered = [i for first, last in ranges for i in ids if first <= i <= last]
        assert covered == ids


@pytest.mark.parametrize("sizes, limit, expected", [
    ([], 10, []),
    ([("a", 3), ("b", 3), ("c", 3)], 6, [("a", "b"), ("c", "c")]),
    ([("a", 3), ("b", 20), ("c", 1)], 6, [("a", "a"), ("b", "b"), ("c", "c")]),
    ([("a", 1), ("b", 1), ("c", 1)], 100, [("a", "c")]),
])
def test_size_batches_never_split_a_key_and_keep_to_the_limit(sizes, limit, expected):
    assert list(size_batches(sizes, limit)) == expected


def _components_by_hand(n, edges):
    parent = list(range(n))

    def find(i):
        while parent[i] != i:
            i = parent[i]
        return i

    for a, b in edges:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    return [find(i) for i in range(n)]


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 40).flatmap(lambda n: st.tuples(
    st.just(n), st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)), max_size=60))))
def test_components_match_a_plain_union_find(case):
    n, edges = case
    a = np.array([e[0] for e in edges], dtype=np.int64)
    b = np.array([e[1] for e in edges], dtype=np.int64)
    assert components(n, a, b).tolist() == _components_by_hand(n, edges)
