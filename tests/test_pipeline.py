"""The build end to end: demo corpus, idempotence, resume after Ctrl-C, bad input, stage switching."""
from __future__ import annotations

import io

import pytest
from conftest import DEMO_CORPUS

from newsdossier.config import Settings
from newsdossier.pipeline import build
from newsdossier.records import span_errors
from newsdossier.stages import record_types
from newsdossier.store import Store

ARTICLE = (
    "Harbour board approves new ferry route\n\n"
    "The Kestrel Bay harbour board voted on Monday to open a ferry route to Lamport Island. "
    "Board chair Oona Ferris said the crossing would start in spring.\n\n"
    "Fishing crews asked for a quieter schedule in the early morning.\n"
)


def assert_all_spans_exact(store: Store) -> int:
    """Every span of every record in the store equals the article text at its offsets."""
    texts = {r["id"]: r["text"] for r in store.rows("SELECT id, text FROM articles")}
    checked = 0
    for rt in record_types():
        names = {c[0] for c in store.execute(f'DESCRIBE "{rt.table}"').fetchall()}
        if "article_id" not in names:
            continue
        for row in store.rows(f'SELECT * FROM "{rt.table}"'):
            record = rt(**{k: row[k] for k in row if k in rt.__dataclass_fields__})
            assert span_errors(record, texts[row["article_id"]]) == []
            checked += 1
    return checked


def test_pipeline_demo_corpus_builds_every_article(demo_store):
    assert demo_store.scalar("SELECT count(*) FROM articles") == 9
    assert demo_store.scalar("SELECT count(*) FROM problems") == 0
    formats = dict(demo_store.execute("SELECT format, count(*) FROM articles GROUP BY 1").fetchall())
    assert formats == {"txt": 4, "html": 2, "jsonl": 3}
    assert assert_all_spans_exact(demo_store) > 200


def test_pipeline_demo_mentions_have_exact_evidence(demo_store):
    rows = demo_store.rows(
        "SELECT m.text, a.source FROM mentions m JOIN articles a ON a.id = m.article_id "
        "WHERE m.label = 'PERSON' AND m.text = 'Teodor Vashkeli'"
    )
    assert rows, "the minister is named in the demo corpus"


def test_pipeline_title_and_boilerplate_are_not_parsed_as_prose(demo_store):
    # a breadcrumb repeats the title; mentions must not come from boilerplate spans
    inside = demo_store.scalar(
        "SELECT count(*) FROM mentions m JOIN boilerplate b ON b.article_id = m.article_id "
        "AND m.start >= b.start AND m.end <= b.end"
    )
    assert inside == 0


def test_pipeline_rebuild_adds_nothing_and_new_file_adds_one(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text(ARTICLE, encoding="utf-8")
    with Store.open(tmp_path / "s.duckdb") as st:
        first = build(corpus, st)
        counts = st.counts()
        second = build(corpus, st)
        assert (first.articles_new, second.articles_new, second.articles_duplicate) == (1, 0, 1)
        assert {k: v for k, v in st.counts().items() if k != "runs"} == {
            k: v for k, v in counts.items() if k != "runs"}
        (corpus / "b.txt").write_text(ARTICLE.replace("Monday", "Friday").replace("ferry", "barge"),
                                      encoding="utf-8")
        (corpus / "copy-of-a.txt").write_text(ARTICLE, encoding="utf-8")
        third = build(corpus, st)
        assert (third.articles_new, third.articles_duplicate) == (1, 2)
        assert st.scalar("SELECT count(*) FROM sources") == 3  # the copy is recorded as a source of a


def test_pipeline_interrupted_build_leaves_whole_articles_and_resumes(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for i in range(6):
        (corpus / f"a{i}.txt").write_text(ARTICLE.replace("Monday", f"day {i}"), encoding="utf-8")

    def stop_after_first_batch(event, n):
        if event == "stored":
            raise KeyboardInterrupt

    settings = Settings(write_batch=2, batch_size=2)
    with Store.open(tmp_path / "s.duckdb") as st:
        with pytest.raises(KeyboardInterrupt):
            build(corpus, st, settings, progress=stop_after_first_batch)
        assert st.scalar("SELECT count(*) FROM articles") == 2
        # every stored article has all its stage runs: nothing half-written
        assert st.scalar("SELECT count(*) FROM article_stages") == 2 * len(
            [s for s in st.rows("SELECT DISTINCT stage FROM article_stages")])
        assert st.scalar("SELECT status FROM runs ORDER BY id DESC LIMIT 1") == "interrupted"
        resumed = build(corpus, st, settings)
        assert (resumed.articles_new, resumed.articles_duplicate) == (4, 2)
        assert st.scalar("SELECT count(*) FROM articles") == 6


def _truncated_warc(path):
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=True)
    html = ("<html><head><title>Orchard fair</title></head><body><article><h1>Orchard fair</h1>"
            + "<p>The orchard fair in Velm drew growers from four valleys this weekend.</p>" * 8
            + "</article></body></html>").encode()
    for i in range(3):
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.0")
        writer.write_record(writer.create_warc_record(f"http://fair.example/{i}", "response",
                                                      payload=io.BytesIO(html), http_headers=headers))
    data = buf.getvalue()
    path.write_bytes(data[: len(data) * 2 // 3 + 60])  # cut inside the third record


def test_pipeline_bad_input_is_reported_and_the_rest_goes_on(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "good.txt").write_text(ARTICLE, encoding="utf-8")
    (corpus / "binary.txt").write_bytes(bytes(range(256)) * 40)
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "invalid-utf8.txt").write_bytes(ARTICLE.replace("Oona", "\xd3na").encode("latin-1") + b"\xff\xfe\x80")
    (corpus / "broken.html").write_text("<html><body><p>Unclosed <b>tags <div><p>" * 3, encoding="utf-8")
    (corpus / "no-text.csv").write_text("headline,body\nA,B\n", encoding="utf-8")
    with open(corpus / "huge.txt", "wb") as fh:
        fh.truncate(100 * 1024 * 1024)
    _truncated_warc(corpus / "crawl.warc.gz")
    with Store.open(tmp_path / "s.duckdb") as st:
        summary = build(corpus, st)
        problems = dict(summary.problems)
        stored = st.rows("SELECT source FROM articles ORDER BY source")
        assert {"good.txt", "invalid-utf8.txt"} <= {r["source"] for r in stored}
        # malformed HTML is read as far as it goes: stored or reported, never a crash
        assert "broken.html" in problems or "broken.html" in {r["source"] for r in stored}
        for name in ["binary.txt", "empty.txt", "no-text.csv", "huge.txt"]:
            assert name in problems, f"{name} should be reported, got {problems}"
        assert any(p.startswith("crawl.warc.gz") for p in problems)
        assert "text" in problems["no-text.csv"]
        assert st.scalar("SELECT count(*) FROM problems") == len(summary.problems)
        assert_all_spans_exact(st)


def test_pipeline_switching_a_stage_on_later_reanalyses_stored_articles(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text(ARTICLE, encoding="utf-8")
    with Store.open(tmp_path / "s.duckdb") as st:
        build(corpus, st, Settings(stages=[], disabled=[]))
        assert st.scalar("SELECT count(*) FROM mentions") == 0
        summary = build(corpus, st, Settings(stages=["mentions"]))
        assert summary.articles_reprocessed == 1 and summary.articles_new == 0
        n = st.scalar("SELECT count(*) FROM mentions")
        assert n > 0
        build(corpus, st, Settings(stages=["mentions"]))
        assert st.scalar("SELECT count(*) FROM mentions") == n


def test_pipeline_same_article_in_two_formats_is_stored_once(tmp_path):
    import json

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    body = ARTICLE.split("\n\n", 1)[1]
    (corpus / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (corpus / "feed.jsonl").write_text(json.dumps({"title": "Harbour board approves new ferry route",
                                                   "text": body, "outlet": "Bay Courier"}) + "\n")
    with Store.open(tmp_path / "s.duckdb") as st:
        summary = build(corpus, st)
        assert (summary.articles_new, summary.articles_duplicate) == (1, 1)
        assert sorted(r["source"] for r in st.rows("SELECT source FROM sources")) == ["a.txt", "feed.jsonl#1"]


def test_pipeline_parallel_parse_gives_the_same_records(tmp_path):
    def mentions(n_process):
        with Store.open(tmp_path / f"p{n_process}.duckdb") as st:
            build(DEMO_CORPUS, st, Settings(stages=["mentions"], n_process=n_process, batch_size=4))
            return st.rows("SELECT article_id, start, \"end\", text, label FROM mentions ORDER BY ALL")

    assert mentions(2) == mentions(1)


def test_pipeline_a_stage_with_wrong_evidence_is_refused_for_that_article(tmp_path):
    from newsdossier.mentions import Mention
    from newsdossier.stages import stage_spec

    def misaligned(parsed):
        if "ferry" in parsed.text:  # a buggy stage: its text is not the text at its offsets
            yield Mention(parsed.id, 0, 4, "XXXX", "ORG", 0, 4)
        else:
            yield Mention(parsed.id, 0, 4, parsed.evidence(0, 4), "ORG", 0, 4)

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "ferry.txt").write_text(ARTICLE, encoding="utf-8")
    (corpus / "barge.txt").write_text(ARTICLE.replace("ferry", "barge"), encoding="utf-8")
    with Store.open(tmp_path / "s.duckdb") as st:
        plugin = stage_spec("test_misaligned", "article", misaligned, [Mention], default=False)
        summary = build(corpus, st, Settings(stages=["test_misaligned"], plugins=[plugin]))
        assert summary.articles_new == 2
        assert [(s, r.split(":")[0]) for s, r in summary.problems] == [("ferry.txt", "stage 'test_misaligned' failed")]
        assert st.scalar("SELECT count(*) FROM mentions") == 1
        # the refused stage is not marked done, so the next build tries it again
        assert st.scalar("SELECT count(*) FROM article_stages WHERE stage = 'test_misaligned'") == 1


def test_pipeline_a_failing_link_stage_is_reported_and_the_others_run(tmp_path):
    from newsdossier.stages import stage_spec

    def broken(ctx):
        ctx.store.execute("DELETE FROM mentions")  # rolled back with the failure
        raise RuntimeError("index file is corrupt")

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text(ARTICLE, encoding="utf-8")
    with Store.open(tmp_path / "s.duckdb") as st:
        plugin = stage_spec("test_broken_link", "link", broken, [], default=False)
        summary = build(corpus, st, Settings(stages=["mentions", "test_broken_link", "outlets"], plugins=[plugin]))
        assert summary.articles_new == 1
        assert summary.problems == [("(link stage test_broken_link)", "failed: RuntimeError: index file is corrupt")]
        assert st.scalar("SELECT count(*) FROM mentions") > 0
        assert st.scalar("SELECT count(*) FROM problems") == 1


def test_pipeline_a_stale_stage_reruns_with_its_requirements(tmp_path):
    """Re-analysing `quantities` (say, after its version changed) needs this parse's statements: they run
    again with it, and no stage is left without its records."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text(ARTICLE.replace("Fishing crews", "Some 40 fishing crews"), encoding="utf-8")
    settings = Settings(stages=["statements", "quantities"])
    with Store.open(tmp_path / "s.duckdb") as st:
        build(corpus, st, settings)
        before = st.rows("SELECT text, counted_text FROM quantities ORDER BY start")
        assert before
        st.execute("DELETE FROM article_stages WHERE stage = 'quantities'")  # as a version bump leaves it
        summary = build(corpus, st, settings)
        assert summary.articles_reprocessed == 1
        assert st.rows("SELECT text, counted_text FROM quantities ORDER BY start") == before
        assert st.scalar("SELECT count(*) FROM article_stages WHERE stage = 'quantities'") == 1
