"""`web_index` (link stage): precomputed tables that keep every page fast on a large store.

- `web_spans`: every highlight span of every layer (see `layers.LAYERS`), with its tooltip and link,
  sorted by article, so an article page reads one table and DuckDB skips all but one row group;
- `web_entity_mentions`: the mention -> entity links sorted by entity, for the entity dossier;
- `web_entity_records`: which statements, figures and events concern each entity, sorted by entity;
- `web_entity_names`: every name and alias of every entity, lower-cased once, for search;
- `web_record_texts`: every statement, figure, label and date with the text search matches, lower-cased
  once (a search scanned four tables and built each text per row: about 15 ms of a 27 ms search);
- `search_terms`: an inverted index (term, article, counts) for ranked search without the `fts`
  extension (see `search.py`), added to incrementally for new articles;
- `web_index_runs`: the build run the index was made in; pages use the index only when it was made
  in the store's latest run, and otherwise query the analysis tables directly (same results, slower);
- `web_index_articles`: per article, the fingerprint of the inputs its index rows were made from.

The stage (`web_index` in `stages.BUILTIN_STAGES`) `reads` every other stage, so it runs after all of them
whatever was imported first.

**Incremental (issue #23).** Every row of `web_spans`, `web_entity_mentions`, `web_entity_records` and
`web_record_texts` belongs to one article and is made from that article's rows alone: its rows in the
tables the layers, entity relations and record searches read (`input_tables`), link-stage outputs
included (`mention_entities`, `reuse`, `reuse_clusters`, ...), and its outlet and date. So each article
gets a *fingerprint*: a 64-bit hash of each of those rows (whole rows, table and article column named),
summed per article, with the row count and a key of the SQL that turns inputs into index rows (a new
layer, column or tooltip changes every fingerprint). `web_index_articles` keeps the fingerprint each
article's index rows were made from; a build deletes and writes again only the rows of the articles whose
fingerprint differs (or that are new, or gone), and keeps the rest. What changed is read from the store,
not from this run's new articles, so a build stopped before this stage, or run with `--skip web_index`, is
caught up by the next one. `web_entity_names` (per entity, small) is brought to its new contents by a set
difference. The result is the same rows as a full rewrite (tests/test_web_index_incremental.py).

Rows written again go at the end of their tables instead of into their sorted place, so each incremental
build leaves a tail whose zone maps cover every article. That costs speed, never results. Measured on the
`benchmarks/web_latency.py --quick` store (1,976 articles, 209,208 spans in 2 row groups) with half the
articles' rows deleted and appended again in chunks of 300, two runs on a shared 2-core machine: the spans
of one article 2.5 / 4.1 ms sorted against 4.9 / 5.2 ms; the article page 30 / 31 ms against 38 / 37 ms,
the entity page 42 / 42 ms against 52 / 64 ms (the noise between runs is of the same size; the target
is 300 ms). A larger store has more row groups to skip, so order matters more there:
`web_index_runs.appended` counts the articles written out of order since the last sorted write, and once
they would pass `MAX_APPENDED_SHARE` of the articles the build writes every table sorted again (as
`build --full` always does). On the 2,093-article BBC + seeds store with 25 articles added (329 articles
changed: the new ones, and old ones whose reuse clusters or entity links they changed) the fingerprints
take 0.04-0.09 s and the stage 0.49 s, against 1.29 s for rewriting every table.

Why by hand: DuckDB has no incremental view maintenance, and the index rows are cheap to make again per
article; what is costly is making and writing them for every article on every build.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import logging
from collections import defaultdict
from dataclasses import dataclass
from typing import ClassVar

from newsdossier.records import Record
from newsdossier.stages import LinkContext
from newsdossier.store import temp_ids
from newsdossier.web.layers import SPAN_COLUMNS, _ident, _lit, discover_layers, source_sql

log = logging.getLogger(__name__)

# what counts as a word for search (DuckDB's RE2 and Python's re must agree on it)
TERM_PATTERN_SQL = r"[\p{L}\p{N}]+"
TERM_PATTERN_PY = r"[^\W_]+"
ARTICLES_PER_INSERT = 2000  # articles whose highlight spans are sorted and written at once
# articles whose rows may sit out of order (appended by incremental builds) before every table is written
# sorted again, as a share of the stored articles (see the module docstring for what order buys)
MAX_APPENDED_SHARE = 0.5
INDEX_VERSION = 1  # part of every fingerprint: bump when the index rows change in a way the SQL text does not show


@dataclass(slots=True)
class WebSpan(Record):
    """One highlight span of one layer, ready to draw (tooltip text and link target included)."""

    table: ClassVar[str] = "web_spans"

    article_id: str
    layer: str
    source_table: str
    anchor_table: str
    start: int
    end: int
    css: str
    title: str
    link_id: str | None
    link_start: int | None
    link_end: int | None


@dataclass(slots=True)
class WebEntityMention(Record):
    """A mention of an entity, sorted by entity (copy of `mention_entities`' key columns)."""

    table: ClassVar[str] = "web_entity_mentions"

    entity_id: str
    article_id: str
    start: int
    end: int
    text: str


@dataclass(slots=True)
class WebEntityRecord(Record):
    """A record that concerns an entity, sorted by entity: relation 'about' (a statement whose content
    names it), 'by' (a statement whose speaker span names it), 'figure' (a figure in a sentence that
    names it), 'event' (a dated event whose actor or sentence names it)."""

    table: ClassVar[str] = "web_entity_records"

    entity_id: str
    relation: str
    record_id: str
    article_id: str


@dataclass(slots=True)
class SearchTerm(Record):
    """How often a word occurs in an article's text (`tf`) and title (`title_tf`); `words`: text length in words."""

    table: ClassVar[str] = "search_terms"

    term: str
    article_id: str
    tf: int
    title_tf: int
    words: int


@dataclass(slots=True)
class WebRecordText(Record):
    """A statement, figure, label or date as search matches it: its text as shown (`found`) and lower-cased
    once (`low`), with its article's outlet and date, newest first within each kind (see `search.py`)."""

    table: ClassVar[str] = "web_record_texts"

    kind: str
    article_id: str
    start: int
    end: int
    found: str
    extra: str | None
    outlet: str | None
    published: dt.date | None
    low: str


@dataclass(slots=True)
class WebEntityName(Record):
    """Every name and alias of an entity lower-cased once, for search's names (see `search.py`)."""

    table: ClassVar[str] = "web_entity_names"

    entity_id: str
    low: str


# (kind, table, required columns, text expression, start/end columns and anchor table, extra column): the
# records search finds by substring, and the text it matches in each
RECORD_SEARCHES = [
    ("statement", "statements", ("content_text",), "t.content_text || ' — ' || coalesce(t.speaker_text, '')",
     ("content_start", "content_end", "statements.content"), "speaker_text"),
    ("figure", "quantities", ("counted_text",), "coalesce(t.counted_text, '') || ' ' || t.text",
     ("start", "end", "quantities"), "text"),
    ("label", "labels", ("text",), "t.text", ("start", "end", "labels"), "text"),
    ("date", "time_expressions", ("value",), "t.text || ' ' || t.value", ("start", "end", "time_expressions"), "value"),
]


def record_texts_sql(columns: dict[str, dict[str, str]], where: str = "") -> list[str]:
    """SELECTs of `web_record_texts` rows for the record tables this store has (`where`: a condition on
    the record, alias `t`)."""
    out = []
    for kind, table, need, text_expr, (s, e, _anchor), extra in RECORD_SEARCHES:
        have = set(columns.get(table, {}))
        if not {*need, s, e, extra, "article_id"} <= have:
            continue
        out.append(f"SELECT '{kind}' AS kind, t.article_id, t.\"{s}\" AS start, t.\"{e}\" AS \"end\", "
                   f"{text_expr} AS found, t.{extra}::VARCHAR AS extra, a.outlet, a.published, lower({text_expr}) AS low "
                   f"FROM {table} t JOIN articles a ON a.id = t.article_id" + (f" WHERE {where}" if where else ""))
    return out


@dataclass(slots=True)
class WebIndexRun(Record):
    """The build run in which the web index tables were last made, and how many articles' rows have been
    written out of order (appended) since they were last written sorted."""

    table: ClassVar[str] = "web_index_runs"

    run_id: int
    built: dt.datetime
    appended: int | None = None


def table_columns(store) -> dict[str, dict[str, str]]:
    """table -> {column: SQL type} for every table of the store."""
    cols: dict[str, dict[str, str]] = defaultdict(dict)
    for table, column, dtype in store.execute(
        "SELECT table_name, column_name, data_type FROM information_schema.columns WHERE table_schema = 'main' "
        "ORDER BY table_name, ordinal_position"
    ).fetchall():
        cols[table][column] = dtype
    return dict(cols)


def index_terms_sql(where: str) -> str:
    return (
        "INSERT INTO search_terms BY NAME "
        "WITH docs AS (SELECT id, regexp_extract_all(lower(text), '" + TERM_PATTERN_SQL + "') AS body, "
        "regexp_extract_all(lower(coalesce(title, '')), '" + TERM_PATTERN_SQL + "') AS head FROM articles WHERE " + where + "), "
        "body AS (SELECT id, unnest(body) AS term, len(body) AS words FROM docs), "
        "head AS (SELECT id, unnest(head) AS term FROM docs), "
        "b AS (SELECT id, term, count(*) AS tf, any_value(words) AS words FROM body GROUP BY ALL), "
        "h AS (SELECT id, term, count(*) AS title_tf FROM head GROUP BY ALL) "
        "SELECT coalesce(b.term, h.term) AS term, coalesce(b.id, h.id) AS article_id, coalesce(b.tf, 0) AS tf, "
        "coalesce(h.title_tf, 0) AS title_tf, coalesce(b.words, 0) AS words "
        "FROM b FULL JOIN h ON b.id = h.id AND b.term = h.term ORDER BY term, article_id"
    )


def entity_relations_sql(columns: dict[str, dict[str, str]], where: str = "") -> list[str]:
    """SELECTs of (entity_id, relation, record_id, article_id) for the tables this store has; `where`: a
    condition on the record's `article_id` column, written as `{c}` (e.g. `{c} IN (...)`)."""
    me = set(columns.get("mention_entities", {}))
    if not {"entity_id", "article_id", "start", "end"} <= me:
        return []
    out = []
    m = 'mention_entities m ON m.article_id = {t}.article_id AND m.start >= {t}.{s} AND m."end" <= {t}.{e}'
    cond = f" WHERE {where.format(c='x.article_id')}" if where else ""
    st = set(columns.get("statements", {}))
    if {"id", "content_start", "content_end"} <= st:
        out.append("SELECT m.entity_id, 'about' AS relation, x.id AS record_id, x.article_id FROM statements x JOIN "
                   + m.format(t="x", s="content_start", e="content_end") + cond)
    if {"id", "speaker_start", "speaker_end"} <= st:
        out.append("SELECT m.entity_id, 'by', x.id, x.article_id FROM statements x JOIN "
                   + m.format(t="x", s="speaker_start", e="speaker_end") + cond)
    if {"id", "sentence_start", "sentence_end"} <= set(columns.get("quantities", {})):
        out.append("SELECT m.entity_id, 'figure', x.id, x.article_id FROM quantities x JOIN "
                   + m.format(t="x", s="sentence_start", e="sentence_end") + cond)
    if {"id", "actor_start", "actor_end", "start", "end", "earliest"} <= set(columns.get("events", {})):
        out.append("SELECT m.entity_id, 'event', x.id, x.article_id FROM events x JOIN mention_entities m "
                   "ON m.article_id = x.article_id AND ((m.start >= x.actor_start AND m.\"end\" <= x.actor_end) "
                   "OR (m.start >= x.start AND m.\"end\" <= x.\"end\")) WHERE x.earliest IS NOT NULL"
                   + (f" AND {where.format(c='x.article_id')}" if where else ""))
    return out


@dataclass(slots=True)
class WebIndexArticle(Record):
    """An article whose rows in the web index tables were made from inputs with this fingerprint (a hash
    of its rows in the tables they are made from, see `web/index.py`): a build writes them again only
    when the fingerprint has changed."""

    table: ClassVar[str] = "web_index_articles"
    key: ClassVar[tuple[str, ...]] = ("article_id",)

    article_id: str
    fingerprint: str


# the tables every index row of an article is made from besides the layers' (`entity_relations_sql`,
# `web_entity_mentions`), by their article column
RELATION_INPUTS = (("mention_entities", "article_id"), ("statements", "article_id"), ("quantities", "article_id"),
                   ("events", "article_id"))


class IndexSql:
    """The SELECTs that make the index tables from the tables this store has, each for every article
    (`changed=False`) or only for those in the temporary table `_web_changed` (`changed=True`)."""

    def __init__(self, columns: dict[str, dict[str, str]]):
        self.columns = columns
        self.layers = discover_layers(columns)

    def spans(self, changed: bool) -> list[str]:
        return [source_sql(layer, src, self.columns,
                           where=f'{_ident(src.article_column)} IN (SELECT article_id FROM _web_changed)' if changed else "")
                for layer in self.layers for src in layer.sources]

    def relations(self, changed: bool) -> list[str]:
        return entity_relations_sql(self.columns, "{c} IN (SELECT article_id FROM _web_changed)" if changed else "")

    def record_texts(self, changed: bool) -> list[str]:
        return record_texts_sql(self.columns, "t.article_id IN (SELECT article_id FROM _web_changed)" if changed else "")

    def has_mentions(self) -> bool:
        return {"entity_id", "article_id", "start", "end", "text"} <= set(self.columns.get("mention_entities", {}))

    def has_names(self) -> bool:
        return "name" in self.columns.get("entities", {}) and "alias" in self.columns.get("entity_aliases", {})

    def input_tables(self) -> list[tuple[str, str]]:
        """(table, article column) of every table an article's index rows are made from."""
        pairs = {(src.table, src.article_column) for layer in self.layers for src in layer.sources}
        pairs |= {(table, "article_id") for _kind, table, *_rest in RECORD_SEARCHES}
        pairs |= set(RELATION_INPUTS)
        return sorted((t, c) for t, c in pairs if c in self.columns.get(t, {}))

    def key(self) -> str:
        """A digest of what turns inputs into index rows: the SQL itself and `INDEX_VERSION`."""
        text = "\n".join([str(INDEX_VERSION), *self.spans(False), *self.relations(False), *self.record_texts(False),
                          *map(repr, self.input_tables()), str(self.has_mentions())])
        return hashlib.md5(text.encode()).hexdigest()

    def fingerprints(self) -> str:
        """SELECT of (article_id, fingerprint) for every article that has a row in an input table; one
        parameter, `key()`. A row's hash names its table and article column, so the same row in two
        tables, or on the other side of a reuse pair, counts differently."""
        parts = [f"SELECT {_ident(col)}::VARCHAR AS article_id, hash({_lit(f'{table}.{col}')}, _fp_row) AS h "
                 f"FROM {_ident(table)} _fp_row WHERE {_ident(col)} IS NOT NULL" for table, col in self.input_tables()]
        parts.append("SELECT id, hash('articles', outlet, published) FROM articles")  # record texts show both
        return (f"SELECT article_id, md5(concat_ws(':', ?, sum(h), count(*))) AS fingerprint "
                f"FROM ({' UNION ALL '.join(parts)}) GROUP BY article_id")


def changed_articles(store) -> list[str] | None:
    """The articles whose index rows are to be written again: their fingerprint (in `_web_fingerprints`)
    differs from the one their rows were made from, or one side has none; None when no build has kept
    fingerprints yet (every article)."""
    if not store.execute("SELECT 1 FROM web_index_articles LIMIT 1").fetchall():
        return None
    return [r[0] for r in store.execute(
        "SELECT coalesce(f.article_id, d.article_id) AS article_id FROM _web_fingerprints f "
        "FULL JOIN web_index_articles d ON d.article_id = f.article_id "
        "WHERE f.fingerprint IS DISTINCT FROM d.fingerprint ORDER BY 1").fetchall()]


def write_all(store, sql: IndexSql) -> None:
    """Every index table but `search_terms` written again from scratch, sorted as pages read it."""
    store.execute("DELETE FROM web_spans")
    selects = sql.spans(False)
    if selects:
        # a range of articles at a time, in id order: the table ends up sorted by article, and no
        # sort ever holds more than one range's spans (one sort of them all outgrows DuckDB's memory)
        cols = ", ".join(f'"{c}"' for c in SPAN_COLUMNS)
        for first, last in store.article_ranges(ARTICLES_PER_INSERT):
            store.execute(f"INSERT INTO web_spans ({cols}) SELECT {cols} FROM ({' UNION ALL '.join(selects)}) "
                          f"WHERE article_id BETWEEN ? AND ? ORDER BY article_id, start", [first, last])
    store.execute("DELETE FROM web_entity_mentions")
    if sql.has_mentions():
        store.execute('INSERT INTO web_entity_mentions SELECT entity_id, article_id, start, "end", text '
                      'FROM mention_entities ORDER BY entity_id, article_id, start')
    store.execute("DELETE FROM web_entity_records")
    relations = sql.relations(False)
    if relations:
        store.execute(f"INSERT INTO web_entity_records SELECT DISTINCT * FROM ({' UNION ALL '.join(relations)}) "
                      f"ORDER BY entity_id, relation, article_id")
    store.execute("DELETE FROM web_record_texts")
    texts = sql.record_texts(False)
    if texts:
        # a search reads the newest matches of each kind: stored in that order, its scan stops early
        store.execute(f"INSERT INTO web_record_texts BY NAME SELECT * FROM ({' UNION ALL '.join(texts)}) "
                      'ORDER BY kind, published DESC NULLS LAST, article_id, start')
    store.execute("DELETE FROM web_index_articles")
    store.execute("INSERT INTO web_index_articles SELECT article_id, fingerprint FROM _web_fingerprints ORDER BY 1")


def write_changed(store, sql: IndexSql, changed: list[str]) -> None:
    """The index rows of the articles in `changed` deleted and written again (appended, each piece sorted
    in itself); every other article's rows are kept."""
    if not changed:
        return  # the SELECTs below scan their tables (0.1 s on 2,000 articles) even to find nothing
    temp_ids(store, "_web_changed", "article_id", changed)
    for table in ("web_spans", "web_entity_mentions", "web_entity_records", "web_record_texts", "web_index_articles"):
        store.execute(f"DELETE FROM {table} WHERE article_id IN (SELECT article_id FROM _web_changed)")
    # ARTICLES_PER_INSERT articles at a time, as `write_all` writes: 3,872 articles' spans sorted in one
    # statement (a 10k store after a change of entity labels) outgrew the store's memory limit
    for at in range(0, len(changed), ARTICLES_PER_INSERT):
        temp_ids(store, "_web_changed", "article_id", changed[at:at + ARTICLES_PER_INSERT])
        _write_rows_of_changed(store, sql)


def _write_rows_of_changed(store, sql: IndexSql) -> None:
    """The index rows of the articles in `_web_changed`, appended."""
    selects = sql.spans(True)
    if selects:
        cols = ", ".join(f'"{c}"' for c in SPAN_COLUMNS)
        store.execute(f"INSERT INTO web_spans ({cols}) SELECT {cols} FROM ({' UNION ALL '.join(selects)}) "
                      f"ORDER BY article_id, start")
    if sql.has_mentions():
        store.execute('INSERT INTO web_entity_mentions SELECT entity_id, article_id, start, "end", text '
                      'FROM mention_entities WHERE article_id IN (SELECT article_id FROM _web_changed) '
                      'ORDER BY entity_id, article_id, start')
    relations = sql.relations(True)
    if relations:
        store.execute(f"INSERT INTO web_entity_records SELECT DISTINCT * FROM ({' UNION ALL '.join(relations)}) "
                      f"ORDER BY entity_id, relation, article_id")
    texts = sql.record_texts(True)
    if texts:
        store.execute(f"INSERT INTO web_record_texts BY NAME SELECT * FROM ({' UNION ALL '.join(texts)}) "
                      'ORDER BY kind, published DESC NULLS LAST, article_id, start')
    store.execute("INSERT INTO web_index_articles SELECT f.article_id, f.fingerprint FROM _web_fingerprints f "
                  "WHERE f.article_id IN (SELECT article_id FROM _web_changed) ORDER BY 1")


def write_entity_names(store, sql: IndexSql, full: bool) -> None:
    """`web_entity_names` brought to its new rows: written again with `full`, else only the rows that
    differ are deleted and added (a name or alias that changed, an entity made or merged away)."""
    if full or not sql.has_names():
        store.execute("DELETE FROM web_entity_names")
    if not sql.has_names():
        return
    store.execute("CREATE OR REPLACE TEMP TABLE _web_names AS SELECT DISTINCT entity_id, low FROM (SELECT id AS "
                  "entity_id, lower(name) AS low FROM entities UNION ALL SELECT entity_id, lower(alias) FROM "
                  "entity_aliases)")
    same = "n.entity_id IS NOT DISTINCT FROM w.entity_id AND n.low IS NOT DISTINCT FROM w.low"
    if not full:
        store.execute(f"DELETE FROM web_entity_names w WHERE NOT EXISTS (SELECT 1 FROM _web_names n WHERE {same})")
    store.execute(f"INSERT INTO web_entity_names SELECT entity_id, low FROM _web_names n WHERE NOT EXISTS "
                  f"(SELECT 1 FROM web_entity_names w WHERE {same}) ORDER BY entity_id, low")
    store.execute("DROP TABLE _web_names")


def build_web_index(ctx: LinkContext) -> None:
    """Precomputed highlight spans, entity mentions and a search index for the web UI and report,
    written again only for the articles whose inputs changed (see the module docstring)."""
    store = ctx.store
    sql = IndexSql(table_columns(store))
    store.execute(f"CREATE OR REPLACE TEMP TABLE _web_fingerprints AS {sql.fingerprints()}", [sql.key()])
    changed = None if ctx.settings.full_links else changed_articles(store)
    n_articles = store.scalar("SELECT count(*) FROM articles")
    appended = store.scalar("SELECT coalesce(max(appended), 0) FROM web_index_runs") if changed is not None else 0
    rewrite = changed is None or appended + len(changed) > MAX_APPENDED_SHARE * n_articles
    if rewrite:
        write_all(store, sql)
        appended = 0
        log.info("web_index: every article's rows written, sorted")
    else:
        write_changed(store, sql, changed)
        appended += len(changed)
        log.info("web_index: %d of %d articles written again (%d out of order since the last sorted write)",
                 len(changed), n_articles, appended)
    write_entity_names(store, sql, full=rewrite)
    for table in ("_web_fingerprints", "_web_changed"):
        store.execute(f"DROP TABLE IF EXISTS {table}")
    if ctx.settings.full_links:
        store.execute("DELETE FROM search_terms")
    if store.scalar("SELECT count(*) FROM (SELECT 1 FROM search_terms LIMIT 1)") == 0:
        store.execute(index_terms_sql("true"))
    else:
        # what is to index comes from the store, not from this run: an article stored by a run that was
        # killed before this stage is indexed by the next build, whatever that build brings
        missing = [r[0] for r in store.execute(
            "SELECT id FROM articles a WHERE NOT EXISTS (SELECT 1 FROM search_terms t WHERE t.article_id = a.id) "
            "ORDER BY id").fetchall()]
        if missing:
            store.execute(index_terms_sql("id IN (SELECT unnest(?))"), [missing])
    run_id = store.scalar("SELECT max(id) FROM runs")
    store.execute("DELETE FROM web_index_runs")
    if run_id is not None:
        store.insert([WebIndexRun(run_id, dt.datetime.now(), appended)])


WEB_INDEX_RECORDS = [WebSpan, WebEntityMention, WebEntityRecord, WebEntityName, WebRecordText, SearchTerm,
                     WebIndexRun, WebIndexArticle]
