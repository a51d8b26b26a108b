"""Text reuse: tokens, MinHash equivalence with datasketch, alignment, the link stage, clusters, CLI."""
from __future__ import annotations

import datetime as dt
import itertools
import json
import re
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from newsdossier.article import Article, BoilerplateSpan, article_id


from newsdossier.reuse import (  # noqa: E402
    aligned_passages, detect_reuse, index_folder, reuse_clusters, reuse_pairs,
)
from newsdossier.reuse import sketch  # noqa: E402
from newsdossier.reuse.align import align, mark_exact  # noqa: E402
from newsdossier.reuse.tokens import tokenize  # noqa: E402
from newsdossier.store import Store  # noqa: E402
from conftest import shared_path  # noqa: E402

# -- our own golden texts (varied topics) ---------------------------------------------------------

BAKERY = (
    "The village bakery on Mill Lane reopened on Saturday after a long renovation.\n\n"
    "Its owner, Petra Vance, said the old wood-fired oven had been rebuilt brick by brick by two "
    "masons from the coast. Queues formed before dawn, and the rye loaves sold out within an hour.\n\n"
    "The council granted a small loan last spring to cover the cost of the new chimney and the "
    "ventilation that inspectors had demanded.\n\n"
    "Regular customers said the bread tasted exactly as they remembered it from their childhood."
)
COMET = (
    "Amateur astronomers in the northern hills photographed a faint green comet on Tuesday night.\n\n"
    "The object will pass closest to the Sun in about three weeks, when it may become visible "
    "through ordinary binoculars shortly after sunset. Observers are asked to report its brightness "
    "to the regional observatory so that a light curve can be drawn.\n\n"
    "Clear skies are forecast for the rest of the week."
)
FERRY = (
    "A new electric ferry began carrying passengers across the bay this week.\n\n"
    "The vessel charges its batteries at each pier during the ten minutes it takes to board, and "
    "the operator expects to save several thousand litres of diesel every month.\n\n"
    "Harbour workers were trained for six months before the first crossing."
)

CHESS = (
    "The regional chess championship ended in a draw between two teenagers from the same club.\n\n"
    "Organisers counted more than four hundred spectators in the town hall over the weekend."
)

PASSAGE = BAKERY.split("\n\n")[2]  # one sentence, 26 words
PASSAGE2 = BAKERY.split("\n\n")[1]  # two sentences


def _make_article(text: str, published=None, boilerplate=()) -> tuple[Article, list[BoilerplateSpan]]:
    aid = article_id(text)
    art = Article(aid, f"{aid}.txt", "txt", None, None, None, "Outlet", None, published, None, None, 0, len(text), text)
    return art, [BoilerplateSpan(aid, "site_chrome", s, e, text[s:e]) for s, e in boilerplate]


def _add(store, text: str, published=None, boilerplate=()) -> str:
    art, bps = _make_article(text, published, boilerplate)
    store.insert([art, *bps])
    return art.id


def _pairs(store) -> list[dict]:
    return store.rows("SELECT * FROM reuse ORDER BY a_article_id, a_start")


def _check_spans(store, pair: dict) -> None:
    texts = dict(store.execute("SELECT id, text FROM articles").fetchall())
    assert texts[pair["a_article_id"]][pair["a_start"] : pair["a_end"]] == pair["a_text"]
    assert texts[pair["b_article_id"]][pair["b_start"] : pair["b_end"]] == pair["b_text"]


# -- tokens ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, sentences",
    [
        ("One two three. Four five six.", ["One two three.", "Four five six."]),
        ('He said "it works." Then he left!', ['He said "it works."', "Then he left!"]),
        ("Mr. Vance met Dr. Ortiz in St. Ives. They ate.", ["Mr. Vance met Dr. Ortiz in St. Ives.", "They ate."]),
        ("The U.S. team won 3.5 points. J. Smith scored.", ["The U.S. team won 3.5 points.", "J. Smith scored."]),
        ("A line without a stop\nanother line here", ["A line without a stop", "another line here"]),
        ("(Brackets open.) Next one?", ["(Brackets open.)", "Next one?"]),
        ("lower case after a stop. continues here.", ["lower case after a stop. continues here."]),
        ("", []),
    ],
)
def test_reuse_tokenize_sentences(text, sentences):
    tok = tokenize(text)
    got = [text[s:e] for s, e in zip(tok.sent_start.tolist(), tok.sent_end.tolist())]
    assert got == sentences
    assert [text[s:e].casefold() for s, e in zip(tok.word_start.tolist(), tok.word_end.tolist())] == tok.words


def test_reuse_tokenize_skips_blanked_regions():
    text = "Read more here. The real story starts now and goes on."
    tok = tokenize(text, [(16, len(text))])
    assert tok.words[0] == "the"
    assert [text[s:e] for s, e in zip(tok.sent_start.tolist(), tok.sent_end.tolist())] == [
        "The real story starts now and goes on."
    ]


# -- MinHash: identical to datasketch -------------------------------------------------------------


def test_reuse_signatures_equal_datasketch():
    from datasketch import MinHash

    rng = np.random.default_rng(7)
    sets = [rng.integers(0, 2**32, size=n, dtype=np.uint64).astype(np.uint32) for n in (1, 3, 17, 40)]
    offsets = np.concatenate(([0], np.cumsum([len(s) for s in sets])))
    ours = sketch.signatures(np.concatenate(sets), offsets, num_perm=64)
    for k, s in enumerate(sets):
        m = MinHash(num_perm=64, seed=sketch.SEED, scheme="affine32", hashfunc=int)
        m.update_batch(s.tolist())
        assert ours[k].tolist() == m.hashvalues.tolist()


def test_reuse_band_keys_collide_only_on_equal_bands():
    sigs = np.array([[1, 2, 3, 4, 5, 6], [1, 2, 3, 9, 9, 9], [7, 7, 7, 4, 5, 6]], dtype=np.uint32)
    keys = sketch.band_keys(sigs, bands=2)
    assert keys[0, 0] == keys[1, 0] and keys[0, 1] != keys[1, 1]
    assert keys[0, 1] == keys[2, 1] and keys[0, 0] != keys[2, 0]
    ii, jj = sketch.self_pairs(keys)
    assert sorted(zip(ii.tolist(), jj.tolist())) == [(0, 1), (0, 2)]


def test_reuse_band_keys_are_32_bit_and_folding_matches():
    sigs = np.arange(5 * 96, dtype=np.uint32).reshape(5, 96)
    keys = sketch.band_keys(sigs)
    assert keys.dtype == np.uint32 and keys.shape == (5, sketch.BANDS)
    assert sketch.fold_keys(np.array([0x0000000100000002], dtype=np.uint64)).tolist() == [3]
    assert sketch.fold_keys(np.array([0xFFFFFFFF00000000], dtype=np.uint64)).tolist() == [0xFFFFFFFF]


def test_reuse_segment_round_trip_and_legacy_64_bit_file(tmp_path):
    keys = np.array([[5, 9], [3, 9], [5, 1]], dtype=np.uint32)
    seg = sketch.Segment.build("s1", ["x", "y"], np.array([0, 0, 1]), keys)
    assert seg.keys.tolist() == [[3, 5, 5], [1, 9, 9]] and seg.units.tolist() == [[1, 0, 2], [2, 0, 1]]
    seg.save(tmp_path)
    back = sketch.Segment.load(tmp_path, "s1")
    assert back.keys.dtype == np.uint32 and back.unsorted_keys().tolist() == keys.tolist()
    # a segment written with 64-bit keys: folded to 32 bits and re-sorted on load
    k64 = np.array([[7 << 32, 1 << 32, 2], [4, 4, 4]], dtype=np.uint64)  # folds to [7, 1, 2], [4, 4, 4]
    np.savez(tmp_path / "old.npz", article_ids=np.array(["x", "y"]), unit_article=np.array([0, 0, 1], np.int32),
             keys=k64, units=np.array([[0, 1, 2], [0, 1, 2]], np.int32))
    old = sketch.Segment.load(tmp_path, "old")
    assert old.keys.dtype == np.uint32
    assert old.keys.tolist() == [[1, 2, 7], [4, 4, 4]] and old.units.tolist() == [[1, 2, 0], [0, 1, 2]]
    qi, ui = old.query(np.array([[2, 0]], dtype=np.uint32))
    assert qi.tolist() == [0] and ui.tolist() == [2]


# -- alignment ------------------------------------------------------------------------------------

EDITS = [
    # (name, copied text, exact)
    ("verbatim", PASSAGE, True),
    ("changed word", PASSAGE.replace("small loan", "modest loan"), False),
    ("inserted clause", PASSAGE.replace("last spring", "last spring, after a heated debate,"), False),
    ("punctuation", PASSAGE.replace("chimney and", "chimney, and"), False),
    ("two sentences", PASSAGE2, True),
]


@pytest.mark.parametrize("name, copied, exact", EDITS, ids=[e[0] for e in EDITS])
def test_reuse_align_finds_planted_passage(name, copied, exact):
    target = COMET.replace("\n\nClear skies", f"\n\n{copied}\n\nClear skies")
    ta, tb = tokenize(BAKERY), tokenize(target)
    found = align(ta, tb)
    assert len(found) == 1
    p = mark_exact(found[0], BAKERY, target)
    source_span = PASSAGE2 if name == "two sentences" else PASSAGE
    assert BAKERY[p.a_start : p.a_end] == source_span
    assert target[p.b_start : p.b_end] == copied
    assert p.exact == exact and (p.edit_ratio == 0.0) == exact and p.edit_ratio < 0.25


@pytest.mark.parametrize(
    "text_b",
    [
        FERRY,  # unrelated
        COMET + "\n\nThe bakery reopened on Saturday.",  # shares fewer than eight words
        COMET + "\n\nThe council granted a loan for the chimney.",  # a few words in common, reworded
    ],
)
def test_reuse_align_negative(text_b):
    assert align(tokenize(BAKERY), tokenize(text_b)) == []


def test_reuse_align_crossed_order():
    """Two passages in opposite order in the two articles are both found."""
    paras = BAKERY.split("\n\n")
    target = "\n\n".join([COMET.split("\n\n")[0], paras[2], paras[1], FERRY.split("\n\n")[1]])
    found = align(tokenize(BAKERY), tokenize(target))
    got = sorted((BAKERY[p.a_start : p.a_end], target[p.b_start : p.b_end]) for p in found)
    assert got == sorted([(paras[1], paras[1]), (paras[2], paras[2])])


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    before=st.integers(0, 3),
    pick=st.integers(0, 2),
    host=st.sampled_from([COMET, FERRY]),
)
def test_reuse_align_property_spans_are_exact(before, pick, host):
    """Wherever a paragraph is inserted, the passage found is exactly that paragraph in both texts."""
    paras = host.split("\n\n")
    copied = BAKERY.split("\n\n")[1 + pick % 3]
    pos = min(before, len(paras))
    target = "\n\n".join(paras[:pos] + [copied] + paras[pos:])
    found = align(tokenize(BAKERY), tokenize(target))
    assert [(BAKERY[p.a_start : p.a_end], target[p.b_start : p.b_end]) for p in found] == [(copied, copied)]


# -- the link stage over a store ------------------------------------------------------------------


def test_reuse_stage_incremental_with_index_beside_store(tmp_path):
    path = tmp_path / "s.duckdb"
    with Store.open(path) as store:
        a = _add(store, BAKERY, dt.date(2024, 3, 1))
        b = _add(store, COMET.replace("\n\nClear skies", f"\n\n{PASSAGE}\n\nClear skies"), dt.date(2024, 3, 5))
        _add(store, FERRY, dt.date(2024, 3, 2))
        with store.transaction():
            s1 = detect_reuse(store)
        assert (s1.new_articles, s1.pairs) == (3, 1)
        folder = index_folder(store)
        assert folder == tmp_path / "s.duckdb.reuse" and len(list(folder.glob("*.npz"))) == 1
        # a later batch: one new article carrying an edited copy; only it is indexed and compared
        c = _add(store, CHESS + "\n\n" + PASSAGE.replace("small loan", "modest loan"), dt.date(2024, 2, 20))
        with store.transaction():
            s2 = detect_reuse(store)
        assert s2.new_articles == 1 and s2.pairs == 2
        with store.transaction():
            assert detect_reuse(store).new_articles == 0
        pairs = _pairs(store)
        assert len(pairs) == 3
        for p in pairs:
            _check_spans(store, p)
            assert p["a_text"].startswith("The council") and p["cluster_id"] == pairs[0]["cluster_id"]
        by_ids = {(p["a_article_id"], p["b_article_id"]): p for p in pairs}
        assert by_ids[(a, b)]["exact"] is True and by_ids[(a, b)]["edit_ratio"] == 0.0
        assert by_ids[(c, a)]["exact"] is False and 0 < by_ids[(c, a)]["edit_ratio"] < 0.1  # c is earliest
        clusters = reuse_clusters(store)
        assert len(clusters) == 1
        cl = clusters[0]
        assert cl["n_articles"] == 3 and cl["exact"] is False
        assert [m["article_id"] for m in cl["members"]] == [c, a, b]
        assert cl["origin"]["article_id"] == c
        assert [m["is_origin"] for m in cl["members"]] == [True, False, False]
        assert [len(reuse_pairs(store, x)) for x in (a, b, c)] == [2, 2, 2]
    # the index survives closing the store
    with Store.open(path) as store:
        d = _add(store, "Tickets for the spring fair go on sale at the library desk next Monday.\n\n" + PASSAGE2,
                 dt.date(2024, 4, 1))
        with store.transaction():
            s3 = detect_reuse(store)
        assert (s3.new_articles, s3.pairs) == (1, 1)
        assert len(reuse_pairs(store, d)) == 1


def test_reuse_stage_in_memory_store_and_boilerplate_ignored():
    shared = "Subscribe to our weekly newsletter for the best stories from around the region every week."
    with Store.open(":memory:") as store:
        t1, t2 = f"{BAKERY}\n\n{shared}", f"{COMET}\n\n{shared}"
        _add(store, t1, boilerplate=[(t1.index(shared), len(t1))])
        _add(store, t2, boilerplate=[(t2.index(shared), len(t2))])
        with store.transaction():
            stats = detect_reuse(store)
        assert index_folder(store) is None
        assert stats.new_articles == 2 and _pairs(store) == []
        _add(store, FERRY + "\n\n" + PASSAGE2)
        with store.transaction():
            assert detect_reuse(store).pairs == 1


def test_reuse_aligned_passages_side_by_side():
    with Store.open(":memory:") as store:
        edited = PASSAGE.replace("small loan", "modest loan")
        a = _add(store, BAKERY, dt.date(2024, 1, 1))
        b = _add(store, FERRY + "\n\n" + edited, dt.date(2024, 1, 2))
        with store.transaction():
            detect_reuse(store)
        texts = dict(store.execute("SELECT id, text FROM articles").fetchall())
        (view,) = aligned_passages(store, a, b)
        assert view["a_text"] == PASSAGE and view["b_text"] == edited
        changed = [(texts[a][o[1] : o[2]], texts[b][o[3] : o[4]]) for o in view["ops"] if o[0] != "equal"]
        assert changed == [("small", "modest")]
        (flipped,) = aligned_passages(store, b, a)
        assert flipped["a_text"] == edited
        assert aligned_passages(store, a, "0" * 16) == []


# -- the seeds: every shared paragraph, exact offsets ---------------------------------------------


def _paragraphs(text: str, lo: int, hi: int) -> list[tuple[int, int]]:
    out = []
    for m in re.finditer(r"[^\n]+", text[lo:hi]):
        s, e = lo + m.start(), lo + m.end()
        stripped = text[s:e].strip()
        if len(stripped.split()) >= 8:
            s += len(text[s:e]) - len(text[s:e].lstrip())
            out.append((s, s + len(stripped)))
    return out


def test_reuse_seeds_shared_paragraphs_found_exactly():
    from rapidfuzz import fuzz

    from newsdossier.clean import clean_text

    seeds = sorted(shared_path("seeds").glob("*.txt"))
    texts, ids = {}, {}
    with Store.open(":memory:") as store:
        for k, path in enumerate(seeds):
            text = path.read_text(encoding="utf-8")
            c = clean_text(text)
            art = Article(article_id(text), path.name, "txt", c.title, c.title_start, c.title_end, None, None,
                          dt.date(2020, 1, 1 + k), None, None, c.body_start, c.body_end, text)
            store.insert([art, *[BoilerplateSpan(art.id, b.kind, b.start, b.end, b.text) for b in c.boilerplate]])
            texts[art.id], ids[path.name[:3]] = (text, c.body_start, c.body_end), art.id
        with store.transaction():
            detect_reuse(store)
        found = {(p["a_article_id"], p["a_start"], p["a_end"], p["b_article_id"], p["b_start"], p["b_end"])
                 for p in _pairs(store)}
    # expected: paragraphs of two seeds that read (nearly) the same, found by comparing them here
    expected = set()
    for x, y in itertools.combinations(sorted(texts), 2):
        px, py = _paragraphs(*texts[x]), _paragraphs(*texts[y])
        for (xs, xe), (ys, ye) in itertools.product(px, py):
            if fuzz.ratio(texts[x][0][xs:xe], texts[y][0][ys:ye]) >= 90:
                expected.add((x, xs, xe, y, ys, ye))
    assert len(expected) == 3  # seeds 001 and 003: one verbatim paragraph, two edited ones
    assert {(e[0], e[3]) for e in expected} == {(ids["001"], ids["003"])}
    assert found == expected


# -- CLI ------------------------------------------------------------------------------------------


def test_reuse_cli_lists_clusters_and_pairs(tmp_path):
    from typer.testing import CliRunner

    import newsdossier.cli as cli

    path = tmp_path / "cli.duckdb"
    with Store.open(path) as store:
        a = _add(store, BAKERY, dt.date(2024, 1, 1))
        b = _add(store, COMET + "\n\n" + PASSAGE, dt.date(2024, 1, 9))
        with store.transaction():
            detect_reuse(store)
    runner = CliRunner()
    res = runner.invoke(cli.app, ["reuse", "--store", str(path), "--json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    assert [m["article_id"] for m in data[0]["members"]] == [a, b] and data[0]["origin"]["article_id"] == a
    res = runner.invoke(cli.app, ["reuse", "--store", str(path), "--article", b, "--pairs"])
    assert res.exit_code == 0 and "reused passages" in res.output
    res = runner.invoke(cli.app, ["reuse", "--store", str(path), "--article", "nope"])
    assert res.exit_code == 1


# -- the demo corpus, through the whole build -----------------------------------------------------


def test_reuse_demo_corpus_copied_paragraphs(demo_store):
    """The demo's planted copy: TH23 verbatim from LPA23, BV24 with edits; LPA23 is the origin."""
    ids = {Path(r["source"]).name[:-4].rsplit(".", 1)[0]: r["id"]
           for r in demo_store.rows("SELECT id, source FROM articles")}
    lpa, th, bv = ids["larkspur-press-2023-03-14"], ids["tavrin-herald-2023-09-21"], ids["basin-voice-2024-07-10"]
    pairs = {(p["a_article_id"], p["b_article_id"]): p for p in reuse_pairs(demo_store)}
    verbatim, edited = pairs[(lpa, th)], pairs[(lpa, bv)]
    assert verbatim["exact"] is True and verbatim["a_text"].startswith("The Sarnet Dam, a 190-metre")
    assert verbatim["a_text"].endswith("The front denies any role in the fire.")
    assert edited["exact"] is False and 0 < edited["edit_ratio"] < 0.15
    assert edited["b_text"].endswith("The movement denies any role in the fire.")
    cluster = next(c for c in reuse_clusters(demo_store, lpa) if th in {m["article_id"] for m in c["members"]})
    assert cluster["origin"]["article_id"] == lpa
    assert [m["article_id"] for m in cluster["members"]][:1] == [lpa] and cluster["n_articles"] >= 3


def test_reuse_cli_and_web_list_clusters_in_one_order(demo_store):
    from newsdossier.reuse import reuse_clusters
    from newsdossier.web.data import Dossier

    cli = [c["cluster_id"] for c in reuse_clusters(demo_store, limit=8)]
    web = [c["cluster_id"] for c in Dossier(demo_store).reuse_clusters(8)]
    assert cli and web == cli
