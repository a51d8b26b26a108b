"""Highlight layers: which stored spans are drawn over an article's text, and how.

A layer is data, not code: `LAYERS` lists, per layer, the tables it reads (`LayerSource`), which span
role of each table it highlights, the CSS class, the tooltip fields and an optional link (a reused
passage links to its twin in the other article, a name to its entity). Adding a layer for a new table
is one entry. Any other table with `article_id`, `start`, `end` columns is highlighted too, as a
generic layer (`discover_layers`), so a newly merged extractor shows up before it has an entry.

`render_text` builds the highlighted HTML by splitting the text at every span boundary (overlapping
and nested spans are closed and reopened as needed) and escaping every text piece.
"""
from __future__ import annotations

from newsdossier.framing.records import TECHNIQUE_MIN_SPAN_SCORE

from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup, escape

# columns that never go into a tooltip
_HIDDEN = {"article_id", "id", "start", "end", "text", "sentence_start", "sentence_end"}


@dataclass(frozen=True, slots=True)
class LayerSource:
    """One table feeding a layer.

    role: '' for the record's own span (`start`, `end`, `text`), else the prefix (`content`, `a`...).
    article_column: the column holding the article id of that span (`article_id`, `a_article_id`...).
    tooltip: columns shown on hover (missing ones are skipped, so a schema change degrades softly).
    link: where a click on the span goes (`Link`), None for nowhere.
    css: extra CSS class for this source (e.g. speaker vs. content of a statement).
    where: an extra SQL condition on the table (no user input goes here).
    """

    table: str
    role: str = ""
    article_column: str = "article_id"
    tooltip: tuple[str, ...] = ()
    link: "Link | None" = None
    css: str = ""
    where: str = ""
    caption: str = ""

    @property
    def start_col(self) -> str:
        return f"{self.role}_start" if self.role else "start"

    @property
    def end_col(self) -> str:
        return f"{self.role}_end" if self.role else "end"

    @property
    def anchor_table(self) -> str:
        """The name used in span anchors: `span-<table>-<start>-<end>` (role spans: `<table>.<role>`)."""
        return self.table if not self.role else f"{self.table}.{self.role}"


@dataclass(frozen=True, slots=True)
class Layer:
    name: str
    label: str
    css: str
    sources: tuple[LayerSource, ...]
    description: str = ""
    default_on: bool = True
    generic: bool = False


@dataclass(frozen=True, slots=True)
class Link:
    """A span's link, as data: `entity` (column `id_column` holds an entity id) or `span` (a span in
    another article: its article, start and end columns, and the anchor table of that span)."""

    kind: str
    id_column: str
    start_column: str | None = None
    end_column: str | None = None
    anchor_table: str | None = None

    def href(self, link_id: str | None, start: int | None, end: int | None, urls) -> str | None:
        if not link_id:
            return None
        if self.kind == "entity":
            return urls.entity(link_id)
        return urls.evidence(link_id, self.anchor_table, start, end)


ENTITY_LINK = Link("entity", "entity_id")


# The registry. Order is drawing order (earlier layers are outer when two spans start together).
LAYERS: list[Layer] = [
    Layer("boilerplate", "Boilerplate", "l-boilerplate",
          (LayerSource("boilerplate", tooltip=("kind",)),),
          "Text that is not article prose (breadcrumbs, date lines, related links), dimmed."),
    Layer("reuse", "Reused passages", "l-reuse",
          (LayerSource("reuse", role="a", article_column="a_article_id", link=Link("span", "b_article_id", "b_start", "b_end", "reuse.b"),
                       tooltip=("b_article_id", "similarity", "edit_ratio", "exact"), caption="copied in"),
           LayerSource("reuse", role="b", article_column="b_article_id", link=Link("span", "a_article_id", "a_start", "a_end", "reuse.a"),
                       tooltip=("a_article_id", "similarity", "edit_ratio", "exact"), caption="copied from"),
           LayerSource("reuse_clusters", tooltip=("cluster_id", "n_articles", "is_origin", "exact"),
                       caption="reuse cluster")),
          "Passages that also appear in another article; click to jump to the twin."),
    Layer("statements", "Statements", "l-statement",
          (LayerSource("statements", role="content", tooltip=("kind", "speaker_text", "speaker_entity",
                                                               "anonymous", "polarity", "relay_text")),
           LayerSource("statements", role="speaker", css="l-speaker", tooltip=("kind",)),
           LayerSource("statements", role="cue", css="l-cue", tooltip=("kind",))),
          "What was said (underlined), the speaker (bold) and the reporting verb."),
    Layer("entities", "Names", "l-entity",
          (LayerSource("mention_entities", tooltip=("label", "source", "entity_id"), link=ENTITY_LINK),),
          "Names resolved to an entity; click to open its dossier."),
    Layer("mentions", "Named-entity mentions", "l-mention",
          (LayerSource("mentions", tooltip=("label",)),),
          "Every name the model found (PERSON, ORG, GPE, ...)."),
    Layer("quantities", "Figures", "l-quantity",
          (LayerSource("quantities", tooltip=("value", "low", "high", "hedge", "unit", "kind", "counted_text",
                                              "predicate", "voice", "voice_name", "polarity")),),
          "Numbers, ranges, money and measures, with hedge and voice."),
    Layer("dates", "Dates", "l-date",
          (LayerSource("time_expressions", tooltip=("type", "value", "mod", "earliest", "latest", "resolved",
                                                    "anchor_note", "guess_value", "range_text")),),
          "Time expressions resolved against the publication date."),
    Layer("events", "Dated events", "l-event",
          (LayerSource("events", tooltip=("value", "earliest", "latest", "guess", "actor_text", "action", "target_text")),),
          "Sentences that date an event (actor, action, when).", default_on=False),
    Layer("labels", "Labels", "l-label",
          (LayerSource("labels", tooltip=("label_lemma", "valence", "construction", "target_text", "voice",
                                          "voice_name", "attributed_to_text")),),
          "Evaluative labels an outlet or a speaker attaches to an actor (with voice)."),
    Layer("techniques", "Techniques", "l-technique",
          (LayerSource("techniques", tooltip=("technique", "score", "span_score"),
                       where=f"span_score >= {TECHNIQUE_MIN_SPAN_SCORE}"),),
          "Spans a model reads as a propaganda technique (loaded language, name calling, ...), only those "
          f"with a span score of {TECHNIQUE_MIN_SPAN_SCORE} or more (about 0.56 of such a span is a "
          "technique in PTC; the model's span F1 is 0.35). Off by default.", default_on=False),
]

# Tables that carry spans but are never drawn as a layer of their own.
NOT_LAYERS = {"articles", "sources", "problems", "runs", "article_stages", "schema_meta", "web_spans",
              "web_entity_mentions", "web_entity_records", "web_entity_names", "web_record_texts", "search_terms", "web_index_runs",
              "web_index_articles"}

# Colors for generic layers, by position.
GENERIC_CSS = ["l-generic-1", "l-generic-2", "l-generic-3", "l-generic-4"]


def discover_layers(columns) -> list[Layer]:
    """The registered layers whose tables exist, then a generic layer for every other table that has
    `article_id`, `start` and `end` columns. `columns`: table -> its column names (a set, or a dict
    of column name -> SQL type)."""
    out: list[Layer] = []
    known = set()
    for layer in LAYERS:
        sources = tuple(s for s in layer.sources
                        if {s.article_column, s.start_col, s.end_col} <= set(columns.get(s.table, ()))
                        and (s.link is None or s.link.id_column in columns.get(s.table, ())))
        known.update(s.table for s in layer.sources)
        if sources:
            on = layer.default_on and not (layer.name == "mentions" and any(x.name == "entities" for x in out))
            out.append(Layer(layer.name, layer.label, layer.css, sources, layer.description, on))
    n = 0
    for table in sorted(columns):
        cols = set(columns[table])
        if table in known or table in NOT_LAYERS or not {"article_id", "start", "end"} <= cols:
            continue
        tooltip = tuple(c for c in sorted(cols) if c not in _HIDDEN and not c.endswith(("_start", "_end")))[:6]
        out.append(Layer(table, table.replace("_", " ").capitalize(), GENERIC_CSS[n % len(GENERIC_CSS)],
                         (LayerSource(table, tooltip=tooltip),), f"Spans from the `{table}` table.",
                         generic=True))
        n += 1
    return out


@dataclass(slots=True)
class Span:
    start: int
    end: int
    layer: str
    css: str
    anchor: str | None = None
    title: str = ""
    href: str | None = None
    order: int = 0
    attrs: dict[str, str] = field(default_factory=dict)


def _fmt(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:,.4g}" if abs(value) < 1e6 else f"{value:,.0f}"
    if isinstance(value, (list, tuple)):
        return ", ".join(map(str, value))
    return str(value)


def tooltip_text(caption: str, row: dict[str, Any], fields: tuple[str, ...]) -> str:
    parts = [caption] if caption else []
    for f in fields:
        v = row.get(f)
        if v is None or v == "" or v is False and f not in ("exact", "resolved", "anonymous"):
            continue
        parts.append(f"{f.replace('_', ' ')}: {_fmt(v)}")
    return "\n".join(parts)


def _open(span: Span, first: bool) -> str:
    attrs = [f'class="hl {escape(span.css)}"', f'data-layer="{escape(span.layer)}"']
    if first and span.anchor:
        attrs.append(f'id="{escape(span.anchor)}"')
    if span.title:
        attrs.append(f'title="{escape(span.title)}"')
    if span.href:
        attrs.append(f'data-href="{escape(span.href)}"')
    for k, v in span.attrs.items():
        attrs.append(f'data-{escape(k)}="{escape(v)}"')
    return f"<mark {' '.join(attrs)}>"


def render_text(text: str, spans: list[Span]) -> Markup:
    """The article text as HTML: every text piece escaped, every span a `<mark>`.

    Spans may overlap or nest; a span that crosses the end of an enclosing one is closed and reopened
    (only its first piece carries the anchor id). Spans outside the text are clipped; empty ones dropped.
    """
    n = len(text)
    opens: dict[int, list[Span]] = {}
    points = {0, n}
    for i, s in enumerate(spans):
        start, end = max(0, min(s.start, n)), max(0, min(s.end, n))
        if end <= start:
            continue
        s.start, s.end, s.order = start, end, i
        opens.setdefault(start, []).append(s)
        points.add(start)
        points.add(end)
    out: list[str] = []
    stack: list[Span] = []
    pos = 0
    for p in sorted(points):
        if p > pos:
            out.append(str(escape(text[pos:p])))
            pos = p
        if any(s.end == p for s in stack):
            reopen = []
            while any(s.end == p for s in stack):
                s = stack.pop()
                out.append("</mark>")
                if s.end != p:
                    reopen.append(s)
            for s in reversed(reopen):
                out.append(_open(s, first=False))
                stack.append(s)
        for s in sorted(opens.get(p, ()), key=lambda s: (-s.end, s.order)):
            out.append(_open(s, first=True))
            stack.append(s)
    if pos < n:
        out.append(str(escape(text[pos:n])))
    out.extend("</mark>" for _ in stack)
    return Markup("".join(out))


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _lit(value: str | None) -> str:
    return "NULL" if value is None else "'" + value.replace("'", "''") + "'"


def _tip_expr(column: str, sql_type: str) -> str:
    """SQL for one tooltip line (`name: value`), NULL when there is nothing to say."""
    c = _ident(column)
    name = column.replace("_", " ")
    t = (sql_type or "").upper()
    if t.endswith("[]"):
        value = f"array_to_string({c}, ', ')"
    elif t in ("DOUBLE", "FLOAT", "REAL") or t.startswith("DECIMAL"):
        value = f"CASE WHEN {c} = round({c}) AND abs({c}) < 1e15 THEN format('{{:,}}', {c}::BIGINT) ELSE round({c}, 3)::VARCHAR END"
    elif t == "BOOLEAN":
        value = f"CASE WHEN {c} THEN 'yes' ELSE 'no' END"
    else:
        value = f"{c}::VARCHAR"
    return f"CASE WHEN {c} IS NULL OR {c}::VARCHAR = '' THEN NULL ELSE {_lit(name + ': ')} || {value} END"


SPAN_COLUMNS = ["article_id", "layer", "source_table", "anchor_table", "start", "end", "css", "title",
                "link_id", "link_start", "link_end"]


def source_sql(layer: Layer, src: LayerSource, columns, where: str = "") -> str:
    """One SELECT giving this source's spans in the `web_spans` shape (see `SPAN_COLUMNS`)."""
    cols = columns[src.table]
    tips = [_tip_expr(c, cols[c] if isinstance(cols, dict) else "") for c in src.tooltip if c in cols]
    title = "concat_ws(chr(10), " + ", ".join([_lit(src.caption or layer.label), *tips]) + ")"
    css = f"{layer.css} {src.css}".strip()
    link = src.link
    link_id = _ident(link.id_column) if link else "NULL"
    link_start = _ident(link.start_column) if link and link.start_column else "NULL::BIGINT"
    link_end = _ident(link.end_column) if link and link.end_column else "NULL::BIGINT"
    cond = f"{_ident(src.start_col)} IS NOT NULL AND {_ident(src.end_col)} IS NOT NULL"
    if src.where:
        cond += f" AND ({src.where})"
    if where:
        cond += f" AND ({where})"
    return (f"SELECT {_ident(src.article_column)}::VARCHAR AS article_id, {_lit(layer.name)} AS layer, "
            f"{_lit(src.table)} AS source_table, {_lit(src.anchor_table)} AS anchor_table, "
            f"{_ident(src.start_col)}::BIGINT AS start, {_ident(src.end_col)}::BIGINT AS \"end\", {_lit(css)} AS css, "
            f"{title} AS title, {link_id}::VARCHAR AS link_id, {link_start}::BIGINT AS link_start, "
            f"{link_end}::BIGINT AS link_end FROM {_ident(src.table)} WHERE {cond}")


def link_for(layers: list[Layer]) -> dict[tuple[str, str], Link]:
    """(layer, anchor table) -> its Link, to turn stored link columns into hrefs."""
    return {(layer.name, s.anchor_table): s.link for layer in layers for s in layer.sources if s.link}
