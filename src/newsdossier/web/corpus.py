"""Corpus pages: the dossier's tables across every article, each filterable by outlet, date range and
entity, and each downloadable as CSV or JSON exactly as shown.

Every page is one `CorpusView` (a title, its columns, its rows) built by a function here from a
`Filters`. All filters narrow the *articles* first (outlet, published date, articles that mention the
entity), and each table is then read only for those articles, so one rule holds on every page. Rows are
bounded (`LIMIT`) so a page stays fast on a large store; the download carries the same bounded rows and
says when more matched. Rows are plain HTML tables; the timeline lanes and the outlet reuse graph are
inline SVG from `charts.py`, like the other charts: the pages run under a `script-src 'self'` policy
with no script needed, and the same SVG goes into the self-contained report (why not Vega-Lite: the
docstring of `charts.py`).
"""
from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import asdict, dataclass, field
from typing import Any

from newsdossier.statements.query import STATEMENT_ORDER
from newsdossier.web import charts

NAMES_KEPT = 1024  # entity filters whose matching entities are kept per snapshot
NETWORK_NODES = 300  # entities in the network without an entity chosen (choose one for all its neighbours)
ROWS = 500  # rows per page and per download; the count of all matching rows is given beside them
SPEAKERS = 20  # speakers in the statements-per-speaker-and-outlet table


@dataclass(frozen=True)
class Filters:
    """What a reader narrowed the corpus to. Empty strings count as "no filter" (an empty form field)."""
    outlet: str | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    entity: str | None = None

    @classmethod
    def parse(cls, outlet: str | None = None, since: str | None = None, until: str | None = None,
              entity: str | None = None) -> "Filters":
        return cls(outlet or None, _date(since), _date(until), (entity or "").strip() or None)

    def as_params(self) -> dict[str, str]:
        return {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in asdict(self).items() if v}


def _date(text: str | None) -> dt.date | None:
    """A form's date (YYYY-MM-DD, or YYYY-MM, or YYYY); anything else is ignored rather than refused."""
    if not text:
        return None
    text = text.strip()
    for fmt in ("%Y-%m-%d", "%Y-%m", "%Y"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


@dataclass
class CorpusView:
    """One corpus page's data: what the template shows and what `?format=csv|json` returns."""
    name: str
    title: str
    columns: list[str]
    rows: list[dict[str, Any]] | None  # None: the stage behind this page has not run in this store
    total: int = 0
    note: str = ""
    entity_matches: list[dict[str, Any]] = field(default_factory=list)
    summary: dict[str, Any] = field(default_factory=dict)  # a small aggregate shown above the rows

    def as_json(self, filters: Filters) -> dict[str, Any]:
        return {"page": self.name, "filters": filters.as_params(), "total": self.total, "shown": len(self.rows or []),
                "columns": self.columns, "rows": [{c: r.get(c) for c in self.columns} for r in self.rows or []],
                "summary": {k: v for k, v in self.summary.items() if k != "chart"}, "entity_matches": self.entity_matches}

    def as_csv(self) -> str:
        out = io.StringIO()
        w = csv.writer(out)
        w.writerow(self.columns)
        for r in self.rows or []:
            w.writerow(["" if r.get(c) is None else _cell(r.get(c)) for c in self.columns])
        return out.getvalue()


def _cell(v: Any) -> Any:
    if isinstance(v, (list, tuple)):
        return "; ".join(str(x) for x in v)
    if isinstance(v, (dt.date, dt.datetime)):
        return v.isoformat()
    return v


class Corpus:
    """The corpus pages over one `Dossier` (its store, URLs and schema cache)."""

    def __init__(self, dossier):
        self.d = dossier
        self._naming: dict[tuple, list[str]] = {}  # entity ids -> the articles naming them, for one page

    # -- the article filter shared by every page ----------------------------------------------------

    def entity_ids(self, entity: str) -> list[dict[str, Any]]:
        """Entities answering to `entity`: its id, its name or any of its aliases (any case)."""
        if not self.d.has("entities", "id", "name"):
            return []
        alias = ("OR id IN (SELECT entity_id FROM entity_aliases WHERE lower(alias) = lower(?))"
                 if self.d.has("entity_aliases", "alias") else "OR ?::VARCHAR IS NULL")
        # kept per snapshot for the newest NAMES_KEPT names: lower-casing every name and alias is about 5 ms,
        # and one name filters several pages (and is searched for)
        found = self.d.per_snapshot(("entity_ids", entity), lambda: self._entities_named(entity, alias),
                                    keep=NAMES_KEPT)
        return [dict(r) for r in found]

    def _entities_named(self, entity: str, alias: str) -> list[dict[str, Any]]:
        lookup = self.d.lookup
        if lookup is not None and lookup.holds("entities", "lookup_names") and "entity_aliases WHERE" in alias:
            # the lower-cased names were written by DuckDB's lower(): the query is lower-cased by it too
            low = self.d.lower(entity)
            return lookup.rows("SELECT id, name, type, article_count FROM entities WHERE id = ? OR id IN "
                               "(SELECT entity_id FROM lookup_names WHERE low = ?) "
                               "ORDER BY article_count DESC NULLS LAST, id LIMIT 20", [entity, low])
        return self.d.rows(f"SELECT id, name, type, article_count FROM entities WHERE id = ? OR lower(name) = lower(?) "
                           f"{alias} ORDER BY article_count DESC NULLS LAST, id LIMIT 20", [entity, entity, entity])

    def article_where(self, f: Filters, alias: str = "a") -> tuple[str, list, list[dict]]:
        """SQL conditions on `articles AS alias` for the filters, their parameters, and the entities matched."""
        where, params, matched = [], [], []
        if f.outlet:
            if f.outlet == "(unknown)":
                where.append(f"{alias}.outlet IS NULL")
            else:
                where.append(f"{alias}.outlet = ?")
                params.append(f.outlet)
        if f.since:
            where.append(f"{alias}.published >= ?")
            params.append(f.since)
        if f.until:
            where.append(f"{alias}.published <= ?")
            params.append(f.until)
        if f.entity:
            matched = self.entity_ids(f.entity)
            ids = [m["id"] for m in matched]
            if self.d.has("mention_entities", "entity_id") and ids:
                # the articles read once, as a list: a page filters three or four queries by them, and each
                # scanned mention_entities again (about 1.5 ms a query)
                where.append(f"{alias}.id IN (SELECT unnest(?::VARCHAR[]))")
                params.append(self._articles_naming(ids))
            elif self.d.has("mentions", "text"):
                # no resolved entity: the name as written, any case
                where.append(f"{alias}.id IN (SELECT article_id FROM mentions WHERE lower(text) = lower(?))")
                params.append(f.entity)
            else:
                where.append("FALSE")
        return (" AND ".join(where) or "TRUE"), params, matched

    def _articles_naming(self, ids: list[str]) -> list[str]:
        key = tuple(ids)
        if key not in self._naming:
            lookup = self.d.lookup
            if lookup is not None and lookup.holds("lookup_entity_articles"):
                found = sorted(lookup.many("SELECT DISTINCT article_id FROM lookup_entity_articles WHERE entity_id IN "
                                           f"({', '.join('?' * len(ids))})", ids, ("article_id",)))
            else:
                found = self.d.store.execute(
                    "SELECT DISTINCT article_id FROM mention_entities WHERE entity_id IN (SELECT unnest(?::VARCHAR[])) "
                    "ORDER BY article_id", [ids]).fetchall()
            self._naming[key] = [r[0] for r in found]
        return self._naming[key]

    def outlets(self) -> list[str]:
        return [r["outlet"] for r in self.d.rows(
            "SELECT DISTINCT coalesce(outlet, '(unknown)') AS outlet FROM articles ORDER BY 1")]

    def _cols(self, table: str, alias: str, *names: str) -> str:
        """Select `alias.name` for each name, or NULL under that name when the store's table lacks it
        (a store from an older version, or one whose tables were filled by hand)."""
        have = self.d.columns.get(table, {})
        return ", ".join(f'{alias}."{n}"' if n in have else f'NULL AS "{n}"' for n in names)

    def _view(self, name, title, columns, sql, params, matched, note="", order: str | None = None) -> CorpusView:
        """`order`: the ORDER BY over `sql`'s output columns, for a query costly enough that counting its
        rows in a second pass would double the page's time: then one pass gives rows and total."""
        if order:
            rows = self.d.rows(f"SELECT *, count(*) OVER () AS _total FROM ({sql}) ORDER BY {order} LIMIT {ROWS}", params)
            total = rows[0]["_total"] if rows else 0
            for r in rows:
                del r["_total"]
            return CorpusView(name, title, columns, rows, total, note, matched)
        rows = self.d.rows(sql + f" LIMIT {ROWS}", params)
        total = len(rows)
        if total == ROWS:
            total = self.d.store.scalar(f"SELECT count(*) FROM ({sql})", params)
        return CorpusView(name, title, columns, rows, total, note, matched)

    def _href(self, rows, table: str, start="start", end="end"):
        for r in rows:
            r["href"] = self.d.urls.evidence(r["article_id"], table, r.get(start), r.get(end))
        return rows

    # -- the pages ----------------------------------------------------------------------------------

    def statements(self, f: Filters, kind: str | None = None, anonymous: str | None = None) -> CorpusView:
        cols = ["published", "outlet", "title", "speaker", "speaker_text", "kind", "anonymous", "polarity",
                "content_text", "article_id", "start", "end"]
        if not self.d.has("statements", "content_start"):
            return CorpusView("statements", "Statements", cols, None)
        where, params, matched = self.article_where(f)
        if kind:
            where += " AND s.kind = ?"
            params.append(kind)
        if anonymous in ("yes", "no"):
            where += " AND s.anonymous = ?"
            params.append(anonymous == "yes")
        speaker = "NULL"
        join = ""
        if self.d.has("speaker_entities", "statement_id") and self.d.has("entities", "id"):
            join = ("LEFT JOIN (SELECT se.statement_id, min(e.name) AS name FROM speaker_entities se "
                    "JOIN entities e ON e.id = se.entity_id GROUP BY 1) sp ON sp.statement_id = s.id")
            speaker = "sp.name"
        opt = self._cols("statements", "s", "speaker_text", "kind", "anonymous", "polarity", "content_text")
        sql = (f"SELECT a.published, a.outlet, a.title, {speaker} AS speaker, {opt}, "
               "s.article_id, s.content_start AS start, s.content_end AS \"end\" "
               f"FROM statements s JOIN articles a ON a.id = s.article_id {join} WHERE {where} "
               f"ORDER BY {STATEMENT_ORDER}")
        v = self._view("statements", "Statements", cols, sql, params, matched)
        self._href(v.rows, "statements.content")
        if len(v.rows) == v.total:
            # every matching statement is on the page (a narrow filter, such as an entity's): the summaries
            # are counted from its rows, not by three more queries
            v.summary.update(_statement_summaries(v.rows, "kind" in self.d.columns.get("statements", {})))
            return v
        if "kind" in self.d.columns.get("statements", {}):
            v.summary["by_kind"] = self.d.rows(
                f"SELECT s.kind, count(*) AS n FROM statements s JOIN articles a ON a.id = s.article_id "
                f"WHERE {where} GROUP BY 1 ORDER BY n DESC, 1", params)
        written = "s.speaker_text" if "speaker_text" in self.d.columns.get("statements", {}) else "NULL"
        v.summary["by_speaker"] = self._by_speaker(
            f"SELECT coalesce({speaker}, {written}, '(unnamed)') AS speaker, coalesce(a.outlet, '(unknown)') AS outlet, "
            f"count(*) AS n FROM statements s JOIN articles a ON a.id = s.article_id {join} WHERE {where} GROUP BY 1, 2",
            params)
        return v

    def _by_speaker(self, sql: str, params: list) -> dict[str, Any]:
        """Statements per speaker and outlet: the SPEAKERS speakers with most statements, outlets as columns."""
        rows = self.d.rows(f"WITH c AS ({sql}), top AS (SELECT speaker, sum(n) AS total FROM c GROUP BY 1 "
                           f"ORDER BY total DESC, speaker LIMIT {SPEAKERS}) "
                           "SELECT c.*, top.total FROM c JOIN top USING (speaker) ORDER BY top.total DESC, c.speaker, c.outlet",
                           params)
        speakers: dict[str, dict] = {}
        for r in rows:
            speakers.setdefault(r["speaker"], {"speaker": r["speaker"], "total": r["total"], "outlets": {}})
            speakers[r["speaker"]]["outlets"][r["outlet"]] = r["n"]
        n_speakers = self.d.store.scalar(f"SELECT count(DISTINCT speaker) FROM ({sql})", params) or 0
        return {"outlets": sorted({r["outlet"] for r in rows}), "rows": list(speakers.values()), "speakers": n_speakers}

    def conflicts(self, f: Filters) -> CorpusView:
        """Figure groups whose claims disagree; one row per claim, under its group, with the verdict."""
        cols = ["group_id", "group", "predicate", "disagreement", "group_claims", "value", "low", "high", "unit",
                "hedge", "text", "voice_name", "polarity", "denier_text", "claimant_text", "why", "published", "outlet",
                "title", "article_id", "start", "end"]
        if not (self.d.has("quantity_groups", "id") and self.d.has("quantity_pairs", "group_id") and self.d.has("quantities", "id")):
            return CorpusView("conflicts", "Conflicting figures", cols, None)
        where, params, matched = self.article_where(f)
        # the groups' and figures' order of every conflicts view (the CLI, the overview); only the disputed figures
        from newsdossier.quantities.query import conflicting_figures_sql

        sql = conflicting_figures_sql(where, self._cols("quantities", "q", "value", "low", "high", "unit", "hedge", "text",
                                                        "voice_name", "polarity", "denier_text", "claimant_text"))
        v = self._view("conflicts", "Conflicting figures", cols, sql, params, matched,
                       "Groups of figures about the same thing whose values disagree; every claim with its source. "
                       "None is stated as true.")
        self._href(v.rows, "quantities")
        return v

    def timeline(self, f: Filters, lane: str = "outlet") -> CorpusView:
        """Dated events, one row per article's event; `exact` says whether the date is a day or a range guess."""
        cols = ["earliest", "latest", "exact", "guess", "value", "actor_text", "action", "target_text", "place_text",
                "outlet", "published", "title", "text", "article_id", "start", "end"]
        if not self.d.has("events", "earliest"):
            return CorpusView("timeline", "Timeline", cols, None)
        where, params, matched = self.article_where(f)
        opt = self._cols("events", "e", "value", "actor_text", "action", "target_text", "place_text")
        # a date guessed from a year written elsewhere (events.guess) is never drawn as an exact day
        guess = "coalesce(e.guess, false)" if self.d.has("events", "guess") else "false"
        sql = ("SELECT e.earliest, coalesce(e.latest, e.earliest) AS latest, "
               f"e.earliest = coalesce(e.latest, e.earliest) AND NOT {guess} AS exact, {guess} AS guess, {opt}, "
               "a.outlet, a.published, a.title, e.text, e.article_id, e.start, e.\"end\" "
               f"FROM events e JOIN articles a ON a.id = e.article_id WHERE e.earliest IS NOT NULL AND {where} "
               "ORDER BY e.earliest, e.latest, a.published NULLS LAST, e.article_id, e.start")
        v = self._view("timeline", "Timeline", cols, sql, params, matched,
                       "Events with the date the text gives them. A range (earliest ≠ latest) is a vague date such "
                       "as a month or a decade, and 'a guess' a date whose year the article never gives (taken from "
                       "a year written elsewhere in it); both are drawn apart from exact days.")
        self._href(v.rows, "events")
        lane_key = "actor_text" if lane == "actor" else "outlet"
        lanes = _lanes(v.rows, lane_key)
        v.summary = {"lane": lane_key, "lanes": [lane_["name"] for lane_ in lanes], "chart": charts.lane_timeline(lanes)}
        return v

    def framing(self, f: Filters) -> CorpusView:
        """Outlet × actor: the labels each outlet attaches to each actor, by voice (the `framing` query)."""
        from newsdossier.framing.table import VOICES, framing_sql  # one query for the CLI and the web

        voice_cols = [name for name, _, _ in VOICES]
        cols = ["outlet", "actor", "label", "valence", "total", *voice_cols, "articles", "example"]
        if not self.d.has("labels", "label_lemma", "voice"):
            return CorpusView("framing", "Framing", cols, None)
        where, params, matched = self.article_where(f)
        sql = framing_sql(self.d.store, where, order="total DESC, outlet, actor, label")
        v = self._view("framing", "Framing", cols, sql, params, matched,
                       "Labels per outlet and actor, by the voice of the label's words: the outlet's own "
                       "narration, quoted (inside quotation marks), reported speech, or someone's listing or "
                       "calling that the outlet reports.")
        # the outlet × actor matrix, and labels per outlet by voice
        matrix: dict[tuple, dict] = {}
        for r in v.rows:
            cell = matrix.setdefault((r["outlet"], r["actor"]), {"outlet": r["outlet"], "actor": r["actor"],
                                                                 **{k: 0 for k in voice_cols}})
            for k in voice_cols:
                cell[k] += r[k]
        by_voice: dict[tuple, dict] = {}
        for r in v.rows:
            for name, _, title in VOICES:
                x = by_voice.setdefault((r["outlet"], title), {"outlet": r["outlet"], "voice": title, "n": 0})
                x["n"] += r[name]
        v.summary = {"matrix": sorted(matrix.values(), key=lambda c: -sum(c[k] for k in voice_cols))[:60],
                     "chart": charts.grouped_bars([x for x in by_voice.values() if x["n"]], group="outlet",
                                                  key="voice", value="n", title="Labels per outlet, by voice")}
        return v

    def reuse(self, f: Filters) -> CorpusView:
        """Which outlet copies which: article pairs sharing passages (earlier article first), and outlet pairs."""
        cols = ["from_outlet", "to_outlet", "passages", "words", "exact", "from_published", "from_title",
                "to_published", "to_title", "from_article_id", "to_article_id"]
        if not self.d.has("reuse", "a_article_id", "b_article_id"):
            return CorpusView("reuse", "Text reuse", cols, None)
        wa, pa, matched = self.article_where(f, "a")
        wb, pb, _ = self.article_where(f, "b")
        # a pair is kept when either side passes the filter: "who copies this outlet" needs the other side
        sql = ("SELECT * FROM (SELECT CASE WHEN b.published < a.published THEN b.outlet ELSE a.outlet END AS from_outlet, "
               "CASE WHEN b.published < a.published THEN a.outlet ELSE b.outlet END AS to_outlet, "
               "count(*) AS passages, sum(r.a_words) AS words, bool_and(r.exact) AS exact, "
               "any_value(CASE WHEN b.published < a.published THEN b.published ELSE a.published END) AS from_published, "
               "any_value(CASE WHEN b.published < a.published THEN b.title ELSE a.title END) AS from_title, "
               "any_value(CASE WHEN b.published < a.published THEN a.published ELSE b.published END) AS to_published, "
               "any_value(CASE WHEN b.published < a.published THEN a.title ELSE b.title END) AS to_title, "
               "CASE WHEN b.published < a.published THEN r.b_article_id ELSE r.a_article_id END AS from_article_id, "
               "CASE WHEN b.published < a.published THEN r.a_article_id ELSE r.b_article_id END AS to_article_id "
               "FROM reuse r JOIN articles a ON a.id = r.a_article_id JOIN articles b ON b.id = r.b_article_id "
               f"WHERE ({wa}) OR ({wb}) GROUP BY ALL) ORDER BY words DESC, from_article_id, to_article_id")
        params = [*pa, *pb]
        v = self._view("reuse", "Text reuse", cols, sql, params, matched,
                       "Article pairs that share passages; the earlier-published side is shown as the source. "
                       "Sharing a passage is not proof of copying: both may quote a third text.")
        for r in v.rows:
            r["from_href"] = self.d.urls.article(r["from_article_id"])
            r["to_href"] = self.d.urls.article(r["to_article_id"])
            r["pair_href"] = self.d.urls.reuse(r["from_article_id"], r["to_article_id"])
        edges: dict[tuple, dict] = {}
        for r in v.rows:
            e = edges.setdefault((r["from_outlet"], r["to_outlet"]), {"from": r["from_outlet"] or "(unknown)",
                                                                       "to": r["to_outlet"] or "(unknown)",
                                                                       "pairs": 0, "passages": 0, "words": 0})
            e["pairs"] += 1
            e["passages"] += r["passages"]
            e["words"] += r["words"] or 0
        ordered = sorted(edges.values(), key=lambda e: -e["passages"])
        # the corpus's largest clusters, whatever the filter: read once per snapshot
        clusters = self.d.per_snapshot(("reuse_clusters", 20), lambda: self.d.reuse_clusters(20) or [])
        v.summary = {"outlet_edges": ordered, "clusters": clusters,
                     "chart": charts.outlet_graph(ordered)}
        return v

    def network(self, f: Filters, min_articles: int = 1) -> CorpusView:
        """Entity co-occurrence: pairs of entities named in the same articles, most shared articles first."""
        cols = ["a_name", "a_type", "b_name", "b_type", "articles", "outlets", "a_id", "b_id"]
        if not (self.d.has("mention_entities", "entity_id") and self.d.has("entities", "id")):
            return CorpusView("network", "Entity network", cols, None)
        where, params, matched = self.article_where(f)
        note = ("Two entities are linked when the same article names both; the weight is the number of "
                "such articles. Being named together says nothing about how they relate.")
        if matched:
            # with an entity chosen, its neighbours: pairs that include it
            v = self._neighbours(cols, f, where, params, matched, min_articles, note)
        else:
            # the whole corpus: pairs among the entities named in most articles of the corpus (their
            # `article_count`, kept by the entities stage), so the self-join stays bounded on a large store;
            # only those entities' mentions are read at all
            sql = ("WITH m AS (SELECT DISTINCT me.article_id, me.entity_id, a.outlet FROM mention_entities me "
                   f"JOIN articles a ON a.id = me.article_id WHERE {where} AND me.entity_id IN "
                   f"(SELECT id FROM entities ORDER BY article_count DESC, id LIMIT {NETWORK_NODES})) "
                   "SELECT ea.name AS a_name, ea.type AS a_type, eb.name AS b_name, eb.type AS b_type, "
                   "count(*) AS articles, count(DISTINCT x.outlet) AS outlets, x.entity_id AS a_id, y.entity_id AS b_id "
                   "FROM m x JOIN m y ON x.article_id = y.article_id AND x.entity_id < y.entity_id "
                   "JOIN entities ea ON ea.id = x.entity_id JOIN entities eb ON eb.id = y.entity_id "
                   "GROUP BY ALL HAVING count(*) >= ?")
            v = self._view("network", "Entity network", cols, sql, [*params, max(1, min_articles)], matched,
                           note + f" Without an entity chosen: pairs among the {NETWORK_NODES} entities named in "
                           "most articles of the whole corpus; choose an entity for all its neighbours.",
                           order="articles DESC, a_name, b_name, a_id, b_id")
        for r in v.rows:
            r["a_href"] = self.d.urls.entity(r["a_id"])
            r["b_href"] = self.d.urls.entity(r["b_id"])
        return v

    def _neighbours(self, cols, f, where, params, matched, min_articles, note) -> CorpusView:
        """The network of a chosen entity: pairs of it and every entity named in the same articles, counted
        here from the entities of its articles (one query, where the pairs' self-join in SQL took DuckDB
        8.5 ms); rows in the order and with the totals the whole-corpus query gives."""
        ids = [m["id"] for m in matched]
        chosen = set(ids)
        per_article: dict[str, tuple[Any, set]] = {}
        lookup = self.d.lookup
        if (lookup is not None and lookup.holds("lookup_entity_articles", "articles")
                and not (f.outlet or f.since or f.until)):
            # only the entity narrows the articles: its articles' entities, read by key
            naming = self._articles_naming(ids)
            found = lookup.many(
                "SELECT m.article_id, m.entity_id, a.outlet FROM lookup_entity_articles m JOIN articles a "
                f"ON a.id = m.article_id WHERE m.article_id IN ({', '.join('?' * len(naming))})", naming,
                ("article_id", "entity_id", "outlet"))
        else:
            found = self.d.store.execute(
                "SELECT DISTINCT me.article_id, me.entity_id, a.outlet FROM mention_entities me "
                f"JOIN articles a ON a.id = me.article_id WHERE {where}", params).fetchall()
        for article_id, entity_id, outlet in found:
            per_article.setdefault(article_id, (outlet, set()))[1].add(entity_id)
        pairs: dict[tuple[str, str], list] = {}  # (x, y) -> [articles, outlets]
        for outlet, entities in per_article.values():
            for x in entities & chosen:
                for y in entities:
                    if x != y and (y not in chosen or x < y):
                        p = pairs.get((x, y))
                        if p is None:
                            p = pairs[(x, y)] = [0, set()]
                        p[0] += 1
                        if outlet is not None:
                            p[1].add(outlet)
        kept = [(x, y, n, len(outlets)) for (x, y), (n, outlets) in pairs.items() if n >= max(1, min_articles)]
        named = sorted({e for x, y, _, _ in kept for e in (x, y)})
        sql = f"SELECT id, name, type FROM entities WHERE id IN ({', '.join('?' * len(named))})"
        db = self.d.point("entities")
        found = (db.many(sql, named, ("id", "name", "type")) if lookup is not None and db is lookup
                 else db.execute(sql, named).fetchall()) if named else []
        info = {r[0]: {"name": r[1], "type": r[2]} for r in found}
        rows = [{"a_name": info[x]["name"], "a_type": info[x]["type"], "b_name": info[y]["name"],
                 "b_type": info[y]["type"], "articles": n, "outlets": k, "a_id": x, "b_id": y}
                for x, y, n, k in kept if x in info and y in info]
        rows.sort(key=lambda r: (-r["articles"], r["a_name"] is None, r["a_name"] or "", r["b_name"] is None,
                                 r["b_name"] or "", r["a_id"], r["b_id"]))
        return CorpusView("network", "Entity network", cols, rows[:ROWS], len(rows), note, matched)


def _statement_summaries(rows: list[dict], with_kind: bool) -> dict[str, Any]:
    """The statements page's summaries counted from all its rows, as `Corpus.statements`'s queries count
    them: statements per kind (most first, then by kind, none last) and per speaker and outlet."""
    out: dict[str, Any] = {}
    if with_kind:
        kinds: dict[Any, int] = {}
        for r in rows:
            kinds[r["kind"]] = kinds.get(r["kind"], 0) + 1
        out["by_kind"] = [{"kind": k, "n": n} for k, n in
                          sorted(kinds.items(), key=lambda kv: (-kv[1], kv[0] is None, kv[0] or ""))]
    counts: dict[tuple[str, str], int] = {}
    for r in rows:
        speaker = next((x for x in (r["speaker"], r["speaker_text"]) if x is not None), "(unnamed)")
        key = (speaker, r["outlet"] if r["outlet"] is not None else "(unknown)")
        counts[key] = counts.get(key, 0) + 1
    totals: dict[str, int] = {}
    for (speaker, _), n in counts.items():
        totals[speaker] = totals.get(speaker, 0) + n
    top = sorted(totals, key=lambda sp: (-totals[sp], sp))[:SPEAKERS]
    chosen = set(top)
    out["by_speaker"] = {
        "outlets": sorted({o for (sp, o) in counts if sp in chosen}),
        "rows": [{"speaker": sp, "total": totals[sp],
                  "outlets": {o: n for (x, o), n in sorted(counts.items()) if x == sp}} for sp in top],
        "speakers": len(totals)}
    return out


def _lanes(rows: list[dict], key: str) -> list[dict[str, Any]]:
    """Rows grouped into lanes (per outlet or actor) with the span of dates each covers, for the timeline chart."""
    lanes: dict[str, list] = {}
    for r in rows:
        lanes.setdefault(r.get(key) or "(unknown)", []).append(r)
    out = []
    for name, items in sorted(lanes.items(), key=lambda kv: (-len(kv[1]), kv[0]))[:12]:
        out.append({"name": name, "events": items})
    return out

