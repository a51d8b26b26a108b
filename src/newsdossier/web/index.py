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
  in the store's latest run, and otherwise query the analysis tables directly (same results, slower).

The stage (`web_index` in `stages.BUILTIN_STAGES`) `reads` every other stage, so it runs after all of them
whatever was imported first.
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import ClassVar

from newsdossier.records import Record
from newsdossier.stages import LinkContext
from newsdossier.web.layers import SPAN_COLUMNS, discover_layers, source_sql

# what counts as a word for search (DuckDB's RE2 and Python's re must agree on it)
TERM_PATTERN_SQL = r"[\p{L}\p{N}]+"
TERM_PATTERN_PY = r"[^\W_]+"
ARTICLES_PER_INSERT = 2000  # articles whose highlight spans are sorted and written at once


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


def record_texts_sql(columns: dict[str, dict[str, str]]) -> list[str]:
    """SELECTs of `web_record_texts` rows for the record tables this store has."""
    out = []
    for kind, table, need, text_expr, (s, e, _anchor), extra in RECORD_SEARCHES:
        have = set(columns.get(table, {}))
        if not {*need, s, e, extra, "article_id"} <= have:
            continue
        out.append(f"SELECT '{kind}' AS kind, t.article_id, t.\"{s}\" AS start, t.\"{e}\" AS \"end\", "
                   f"{text_expr} AS found, t.{extra}::VARCHAR AS extra, a.outlet, a.published, lower({text_expr}) AS low "
                   f"FROM {table} t JOIN articles a ON a.id = t.article_id")
    return out


@dataclass(slots=True)
class WebIndexRun(Record):
    """The build run in which the web index tables were last made."""

    table: ClassVar[str] = "web_index_runs"

    run_id: int
    built: dt.datetime


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


def entity_relations_sql(columns: dict[str, dict[str, str]]) -> list[str]:
    """SELECTs of (entity_id, relation, record_id, article_id) for the tables this store has."""
    me = set(columns.get("mention_entities", {}))
    if not {"entity_id", "article_id", "start", "end"} <= me:
        return []
    out = []
    m = 'mention_entities m ON m.article_id = {t}.article_id AND m.start >= {t}.{s} AND m."end" <= {t}.{e}'
    st = set(columns.get("statements", {}))
    if {"id", "content_start", "content_end"} <= st:
        out.append("SELECT m.entity_id, 'about' AS relation, x.id AS record_id, x.article_id FROM statements x JOIN "
                   + m.format(t="x", s="content_start", e="content_end"))
    if {"id", "speaker_start", "speaker_end"} <= st:
        out.append("SELECT m.entity_id, 'by', x.id, x.article_id FROM statements x JOIN "
                   + m.format(t="x", s="speaker_start", e="speaker_end"))
    if {"id", "sentence_start", "sentence_end"} <= set(columns.get("quantities", {})):
        out.append("SELECT m.entity_id, 'figure', x.id, x.article_id FROM quantities x JOIN "
                   + m.format(t="x", s="sentence_start", e="sentence_end"))
    if {"id", "actor_start", "actor_end", "start", "end", "earliest"} <= set(columns.get("events", {})):
        out.append("SELECT m.entity_id, 'event', x.id, x.article_id FROM events x JOIN mention_entities m "
                   "ON m.article_id = x.article_id AND ((m.start >= x.actor_start AND m.\"end\" <= x.actor_end) "
                   "OR (m.start >= x.start AND m.\"end\" <= x.\"end\")) WHERE x.earliest IS NOT NULL")
    return out


def build_web_index(ctx: LinkContext) -> None:
    """Precomputed highlight spans, entity mentions and a search index for the web UI and report."""
    store = ctx.store
    columns = table_columns(store)
    layers = discover_layers(columns)
    selects = [source_sql(layer, src, columns) for layer in layers for src in layer.sources]
    store.execute("DELETE FROM web_spans")
    if selects:
        # a range of articles at a time, in id order: the table ends up sorted by article, and no
        # sort ever holds more than one range's spans (one sort of them all outgrows DuckDB's memory)
        cols = ", ".join(f'"{c}"' for c in SPAN_COLUMNS)
        for first, last in store.article_ranges(ARTICLES_PER_INSERT):
            store.execute(f"INSERT INTO web_spans ({cols}) SELECT {cols} FROM ({' UNION ALL '.join(selects)}) "
                          f"WHERE article_id BETWEEN ? AND ? ORDER BY article_id, start", [first, last])
    store.execute("DELETE FROM web_entity_mentions")
    if {"entity_id", "article_id", "start", "end", "text"} <= set(columns.get("mention_entities", {})):
        store.execute('INSERT INTO web_entity_mentions SELECT entity_id, article_id, start, "end", text '
                      'FROM mention_entities ORDER BY entity_id, article_id, start')
    store.execute("DELETE FROM web_entity_records")
    relations = entity_relations_sql(columns)
    if relations:
        store.execute(f"INSERT INTO web_entity_records SELECT DISTINCT * FROM ({' UNION ALL '.join(relations)}) "
                      f"ORDER BY entity_id, relation, article_id")
    store.execute("DELETE FROM web_entity_names")
    if "name" in columns.get("entities", {}) and "alias" in columns.get("entity_aliases", {}):
        store.execute("INSERT INTO web_entity_names SELECT DISTINCT entity_id, low FROM (SELECT id AS entity_id, "
                      "lower(name) AS low FROM entities UNION ALL SELECT entity_id, lower(alias) FROM entity_aliases) "
                      "ORDER BY entity_id, low")
    store.execute("DELETE FROM web_record_texts")
    texts = record_texts_sql(columns)
    if texts:
        # a search reads the newest matches of each kind: stored in that order, its scan stops early
        store.execute(f"INSERT INTO web_record_texts BY NAME SELECT * FROM ({' UNION ALL '.join(texts)}) "
                      'ORDER BY kind, published DESC NULLS LAST, article_id, start')
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
        store.insert([WebIndexRun(run_id, dt.datetime.now())])


WEB_INDEX_RECORDS = [WebSpan, WebEntityMention, WebEntityRecord, WebEntityName, WebRecordText, SearchTerm,
                     WebIndexRun]
