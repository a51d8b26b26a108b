"""What each page shows, as plain data (dicts and lists): the web app, the JSON API and the report
all read these functions. Every section checks that its table exists and is not empty; a section
whose analysis has not run says so instead of failing (`None` means "not analysed in this store").
"""
from __future__ import annotations

import datetime as dt
import difflib
import re
from collections import OrderedDict, defaultdict
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from markupsafe import Markup, escape

from newsdossier.store import Store, like_pattern
from newsdossier.web.index import table_columns
from newsdossier.web.lookup import Lookup
from newsdossier.web.layers import Layer, Span, discover_layers, link_for, render_text, source_sql
from newsdossier.statements.query import STATEMENT_ORDER
from newsdossier.web.urls import Urls

ENTITY_LABELS = ("PERSON", "ORG", "GPE", "NORP", "LOC", "FAC")  # mention labels that name actors
SEARCH_LIMIT = 50
SHOWN = 100  # rows per list on an entity page (statements, figures, events); the rest is counted
ARTICLES_SHOWN = 200
_NEVER = dt.date(9999, 12, 31)  # where undated articles sort, as the SQL of the entity page's sections has it
PARALLEL = 3  # worker threads for the independent sections of an entity page
# One pool for every request's page sections: a pool per request started three threads each time
# (about 5 ms), and twenty requests at once would run sixty. Its threads start on first use.
_SECTIONS_POOL = ThreadPoolExecutor(max_workers=PARALLEL, thread_name_prefix="page-section")


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


class Dossier:
    """Read-only queries over one store connection (one per request: a cursor of the app's connection)."""

    def __init__(self, store: Store, urls: Urls | None = None, schema: dict | None = None,
                 lookup: Lookup | None = None):
        """`schema`: a cache of what the store holds (tables, columns, which are empty), shared between
        requests by the web app: a store opened read-only does not change while it is served.
        `lookup`: the server's SQLite copy of the store for point queries (`lookup.py`), when ready."""
        self.store = store
        self.lookup = lookup
        self.urls = urls or Urls()
        self._schema = schema if schema is not None else {}
        self._schema.setdefault("nonempty", {})

    # -- introspection ----------------------------------------------------------------------------

    @property
    def columns(self) -> dict[str, dict[str, str]]:
        if "columns" not in self._schema:
            self._schema["columns"] = table_columns(self.store)
        return self._schema["columns"]

    def has(self, table: str, *columns: str) -> bool:
        """The table exists, has these columns, and holds at least one row."""
        cols = self.columns.get(table)
        if cols is None or not set(columns) <= cols.keys():
            return False
        nonempty = self._schema["nonempty"]
        if table not in nonempty:
            nonempty[table] = bool(self.store.execute(f"SELECT 1 FROM {_ident(table)} LIMIT 1").fetchall())
        return nonempty[table]

    @property
    def index_fresh(self) -> bool:
        """The web index tables were made in the store's latest build run (see `web/index.py`)."""
        if "fresh" not in self._schema:
            fresh = False
            if self.has("web_index_runs", "run_id") and self.has("runs", "id"):
                fresh = self.store.scalar("SELECT (SELECT max(run_id) FROM web_index_runs) = (SELECT max(id) FROM runs)")
            self._schema["fresh"] = bool(fresh)
        return self._schema["fresh"]

    def per_snapshot(self, key, compute, *, keep: int | None = None):
        """`compute()` once for the served snapshot (kept with the schema cache, which outlives a request).
        `keep`: a key among many (a name looked up): only the newest `keep` such keys stay."""
        if keep is None:
            if key not in self._schema:
                self._schema[key] = compute()
            return self._schema[key]
        memo = self._schema.setdefault("memo", OrderedDict())
        try:
            value = memo[key]
        except KeyError:
            value = compute()
            memo[key] = value
            while len(memo) > keep:
                try:
                    memo.popitem(last=False)
                except KeyError:  # another request emptied it meanwhile
                    break
        return value

    _MENTIONS_OF = "SELECT article_id, start, \"end\", text FROM web_entity_mentions WHERE entity_id = ?"

    def mentions_of(self, entity_id: str) -> str:
        """SQL (one parameter: the entity id) for the entity's mentions: article_id, start, end, text."""
        if self.index_fresh and self.has("web_entity_mentions", "entity_id"):
            return self._MENTIONS_OF
        return 'SELECT article_id, start, "end", text FROM mention_entities WHERE entity_id = ?'

    def rows(self, sql: str, params: list | None = None) -> list[dict[str, Any]]:
        return self.store.rows(sql, params)

    def lower(self, text: str) -> str:
        """`text` as DuckDB's lower() writes it (the lookup copy's names were lower-cased by it): Python's
        str.lower() for ASCII, where the two agree; DuckDB's own for the rest (0.5 ms a query)."""
        return text.lower() if text.isascii() else self.store.scalar("SELECT lower(?)", [text])

    def point(self, *tables: str) -> Store | Lookup:
        """Where a query that reads these tables by key goes: the SQLite lookup copy when it holds them
        all, else the store. Such queries are written in the SQL both engines read alike."""
        lookup = self.lookup
        return lookup if lookup is not None and lookup.holds(*tables) else self.store

    def layers(self) -> list[Layer]:
        return discover_layers(self.columns)

    # -- overview ---------------------------------------------------------------------------------

    def overview(self) -> dict[str, Any]:
        totals = self.rows("SELECT count(*) AS articles, count(DISTINCT outlet) AS outlets, "
                           "min(published) AS first, max(published) AS last, count(published) AS dated "
                           "FROM articles")[0]
        outlets = self.rows(
            "SELECT coalesce(outlet, '(unknown)') AS outlet, count(*) AS articles, min(published) AS first, "
            "max(published) AS last FROM articles GROUP BY 1 ORDER BY articles DESC, outlet")
        months = self.rows(
            "SELECT coalesce(outlet, '(unknown)') AS outlet, date_trunc('month', published)::DATE AS month, "
            "count(*) AS articles FROM articles WHERE published IS NOT NULL GROUP BY 1, 2 ORDER BY 2, 1")
        counts = {t: self.store.scalar(f"SELECT count(*) FROM {_ident(t)}")
                  for t in ("mentions", "entities", "statements", "quantities", "time_expressions",
                            "timeline_events", "reuse", "labels", "techniques") if t in self.columns}
        return {"totals": totals, "outlets": outlets, "months": months, "counts": counts,
                "entities": self.top_entities(15), "conflicts": self.conflicts(8),
                "clusters": self.reuse_clusters(8)}

    def top_entities(self, limit: int = 15, type: str | None = None, q: str | None = None) -> dict[str, Any]:
        """The most-mentioned actors: resolved entities when the `entities` stage ran, else names as written."""
        if self.has("entities", "id", "name"):
            from newsdossier.entities.query import list_entities  # the CLI's query: one order in every view

            rows = [{"id": e["id"], "name": e["name"], "type": e["type"], "mentions": e["mention_count"],
                     "articles": e["article_count"], "outlets": e["outlet_count"], "aliases": e["other_names"]}
                    for e in list_entities(self.store, type=type, limit=limit, query=q)]
            return {"resolved": True, "rows": rows}
        if self.has("mentions", "text", "label"):
            where, params = ["m.label IN (SELECT unnest(?))"], [list(ENTITY_LABELS)]
            if type:
                where.append("m.label = ?")
                params.append(type)
            if q:
                where.append("m.text ILIKE ? ESCAPE '\\'")
                params.append(like_pattern(q))
            rows = self.rows(
                "SELECT 'name:' || m.text AS id, m.text AS name, mode(m.label) AS type, count(*) AS mentions, "
                "count(DISTINCT m.article_id) AS articles, count(DISTINCT a.outlet) AS outlets, [] AS aliases "
                "FROM mentions m JOIN articles a ON a.id = m.article_id WHERE " + " AND ".join(where) +
                " GROUP BY m.text ORDER BY articles DESC, mentions DESC, name LIMIT ?", [*params, limit])
            return {"resolved": False, "rows": rows}
        return {"resolved": False, "rows": None}

    def conflicts(self, limit: int = 8) -> list[dict[str, Any]] | None:
        """Figure groups where sources disagree, biggest gap first, each claim with its evidence."""
        if not self.has("quantity_groups", "id", "conflicts", "quantity_ids"):
            return None
        # the one query the CLI and the report list groups by: same groups, same order, same figures
        from newsdossier.quantities.query import conflict_groups

        columns = ("q.id, q.article_id, q.start, q.end, q.text, q.value, q.low, q.high, q.hedge, q.unit, "
                   f"q.voice, q.voice_name, q.polarity, {self._denial_cols()}, a.outlet, a.published, a.title")
        groups = conflict_groups(self.store, limit=limit, only_conflicts=True,
                                 figure_columns=columns if self.has("quantities") else None)
        # a group holds every figure of its kind; the overview leads with the ones a conflict pair names
        disputed = {r["qid"] for r in self.rows(
            "SELECT DISTINCT unnest([a_id, b_id]) AS qid FROM quantity_pairs WHERE verdict = 'conflict' "
            "AND group_id IN (SELECT unnest(?))", [[g["id"] for g in groups]])} if groups else set()
        for g in groups:
            if "figures" in g:
                g["evidence"] = [dict(self._claim_links(c), disputed=c["id"] in disputed) for c in g.pop("figures")]
        return groups

    def _claim_links(self, c: dict[str, Any]) -> dict[str, Any]:
        c = dict(c)
        c["href"] = self.urls.evidence(c["article_id"], "quantities", c["start"], c["end"])
        return c

    def reuse_clusters(self, limit: int = 8) -> list[dict[str, Any]] | None:
        """Passages copied across articles, most copies first; the earliest article is the origin."""
        if not self.has("reuse_clusters", "cluster_id", "article_id"):
            if self.has("reuse", "a_article_id", "b_article_id"):
                rows = self.rows(
                    "SELECT r.a_article_id, r.b_article_id, count(*) AS passages, sum(r.a_words) AS words, "
                    "max(r.similarity) AS similarity, bool_and(r.exact) AS exact, "
                    "any_value(a.title) AS a_title, any_value(a.outlet) AS a_outlet, "
                    "any_value(a.published) AS a_published, any_value(b.title) AS b_title, "
                    "any_value(b.outlet) AS b_outlet, any_value(b.published) AS b_published "
                    "FROM reuse r JOIN articles a ON a.id = r.a_article_id JOIN articles b ON b.id = r.b_article_id "
                    "GROUP BY 1, 2 ORDER BY words DESC LIMIT ?", [limit])
                return [{"cluster_id": f"{r['a_article_id']}-{r['b_article_id']}", "n_articles": 2,
                         "exact": r["exact"], "words": r["words"],
                         "members": [
                             {"article_id": r["a_article_id"], "title": r["a_title"], "outlet": r["a_outlet"],
                              "published": r["a_published"], "is_origin": True},
                             {"article_id": r["b_article_id"], "title": r["b_title"], "outlet": r["b_outlet"],
                              "published": r["b_published"], "is_origin": False}]} for r in rows]
            return None
        from newsdossier.reuse import reuse_clusters  # the one query: CLI, web and report list clusters alike

        top = reuse_clusters(self.store, limit=limit)
        for t in top:
            for m in t["members"]:
                m["href"] = self.urls.evidence(m["article_id"], "reuse_clusters", m["start"], m["end"])
            t["excerpt"] = t["members"][0]["text"][:240] if t["members"] else ""
        return top

    # -- articles ---------------------------------------------------------------------------------

    def articles(self, outlet: str | None = None, q: str | None = None, page: int = 1,
                 per_page: int = 50, ids: list[str] | None = None) -> dict[str, Any]:
        where, params = [], []
        if outlet:
            if outlet == "(unknown)":
                where.append("outlet IS NULL")
            else:
                where.append("outlet = ?")
                params.append(outlet)
        if q:
            where.append("title ILIKE ? ESCAPE '\\'")
            params.append(like_pattern(q))
        if ids is not None:
            where.append("id IN (SELECT unnest(?))")
            params.append(ids)
        clause = (" WHERE " + " AND ".join(where)) if where else ""
        total = self.store.scalar(f"SELECT count(*) FROM articles{clause}", params)
        rows = self.rows(
            f"SELECT id, title, outlet, published, author, source, body_end - body_start AS chars FROM articles{clause} "
            "ORDER BY published DESC NULLS LAST, id LIMIT ? OFFSET ?", [*params, per_page, (page - 1) * per_page])
        return {"rows": rows, "total": total, "page": page, "per_page": per_page, "outlet": outlet, "q": q}

    def article(self, article_id: str) -> dict[str, Any] | None:
        found = self.point("articles").rows("SELECT * FROM articles WHERE id = ?", [article_id])
        if not found:
            return None
        art = found[0]
        layers = self.layers()
        order = {layer.name: i for i, layer in enumerate(layers)}
        links = link_for(layers)
        if self.index_fresh:
            db = self.point("web_spans")
            if isinstance(db, Lookup):
                cols = tuple(self.columns["web_spans"])
                rows = [dict(zip(cols, r)) for r in db.many("SELECT * FROM web_spans WHERE article_id = ?",
                                                            [article_id], cols)]
            else:
                rows = db.rows("SELECT * FROM web_spans WHERE article_id = ?", [article_id])
        elif layers:
            selects = [source_sql(layer, src, self.columns, where=f'"{src.article_column}" = ?')
                       for layer in layers for src in layer.sources]
            rows = self.rows(" UNION ALL ".join(selects), [article_id] * len(selects))
        else:
            rows = []
        rows.sort(key=lambda r: (r["start"], order.get(r["layer"], 99), -r["end"], r["anchor_table"],
                                 r["link_id"] or "", r["title"] or ""))
        spans: list[Span] = []
        counts: dict[str, int] = defaultdict(int)
        seen_anchors: set[str] = set()
        for r in rows:
            anchor = self.urls.span_anchor(article_id, r["anchor_table"], r["start"], r["end"])
            if anchor in seen_anchors:
                anchor = None
            else:
                seen_anchors.add(anchor)
            link = links.get((r["layer"], r["anchor_table"]))
            href = link.href(r["link_id"], r["link_start"], r["link_end"], self.urls) if link else None
            spans.append(Span(r["start"], r["end"], r["layer"], r["css"], anchor, r["title"] or "", href))
            counts[r["layer"]] += 1
        legend = [{"name": layer.name, "label": layer.label, "css": layer.css, "count": counts[layer.name],
                   "description": layer.description, "default_on": layer.default_on} for layer in layers
                  if counts[layer.name] or not layer.generic]
        html = render_text(art["text"], spans)
        return {"article": {k: v for k, v in art.items() if k != "text"}, "text": art["text"], "html": html,
                "legend": legend, "statements": self._article_statements(article_id),
                "quantities": self._article_quantities(article_id), "reused": self._article_reuse(article_id),
                "sources": self.point("sources").rows(
                    "SELECT source, format FROM sources WHERE article_id = ? ORDER BY source NULLS LAST, format",
                    [article_id]) if self.has("sources", "article_id") else []}

    def _article_statements(self, article_id: str) -> list[dict] | None:
        if not self.has("statements", "content_start"):
            return None
        rows = self.point("statements").rows("SELECT * FROM statements WHERE article_id = ? ORDER BY start, id",
                                             [article_id])
        for r in rows:
            r["href"] = self.urls.evidence(article_id, "statements.content", r["content_start"], r["content_end"])
        return rows

    def _article_quantities(self, article_id: str) -> list[dict] | None:
        if not self.has("quantities", "start"):
            return None
        rows = self.point("quantities").rows("SELECT * FROM quantities WHERE article_id = ? ORDER BY start, id",
                                             [article_id])
        for r in rows:
            r["href"] = self.urls.evidence(article_id, "quantities", r["start"], r["end"])
        return rows

    def _article_reuse(self, article_id: str) -> list[dict] | None:
        """The articles sharing passages with this one, most words first: one row per other article, its
        passages counted and their words summed here (two key lookups, where one GROUP BY over a UNION
        cost DuckDB 3.6 ms), `role` that of its first passage."""
        if not self.has("reuse", "a_article_id"):
            return None
        db = self.point("reuse", "articles")
        passages = [(r[0], r[1], r[2], "copied in") for r in db.execute(
            "SELECT b_article_id, a_words, exact FROM reuse WHERE a_article_id = ? ORDER BY id", [article_id]).fetchall()]
        passages += [(r[0], r[1], r[2], "copied from") for r in db.execute(
            "SELECT a_article_id, b_words, exact FROM reuse WHERE b_article_id = ? ORDER BY id", [article_id]).fetchall()]
        if not passages:
            return []
        others = sorted({p[0] for p in passages})
        arts = {r["id"]: r for r in db.rows(f"SELECT id, title, outlet, published FROM articles WHERE id IN "
                                            f"({', '.join('?' * len(others))})", others)}
        out: dict[str, dict] = {}
        for other, words, exact, role in passages:
            if other not in arts:
                continue
            r = out.get(other)
            if r is None:
                a = arts[other]
                r = out[other] = {"other": other, "passages": 0, "words": None, "exact": None, "role": role,
                                  "title": a["title"], "outlet": a["outlet"], "published": a["published"]}
            r["passages"] += 1
            if words is not None:
                r["words"] = (r["words"] or 0) + words
            if exact is not None:
                r["exact"] = bool(exact) and r["exact"] is not False
        return sorted(out.values(), key=lambda r: (r["words"] is None, -(r["words"] or 0), r["other"]))

    # -- entities ---------------------------------------------------------------------------------

    def entity(self, entity_id: str) -> dict[str, Any] | None:
        if entity_id.startswith("name:") or not self.has("entities", "id"):
            return self._name_dossier(entity_id.removeprefix("name:"))
        found = self.point("entities").rows("SELECT * FROM entities WHERE id = ?", [entity_id])
        if not found:
            return None
        ent = found[0]
        aliases = self.point("entity_aliases").rows(
            "SELECT * FROM entity_aliases WHERE entity_id = ? ORDER BY count DESC NULLS LAST, alias NULLS LAST",
            [entity_id]) if self.has("entity_aliases") else []
        merges = self.point("entity_merges").rows(
            "SELECT * FROM entity_merges WHERE entity_id = ? ORDER BY score DESC NULLS LAST, left_name NULLS LAST",
            [entity_id]) if self.has("entity_merges") else []
        for m in merges:
            evidence = m.get("evidence_article_id") or m.get("article_id")
            m["href"] = self.urls.article(evidence) if evidence else None
        mention_sql = self.mentions_of(entity_id)
        return self._dossier(ent, aliases, merges, mention_sql, [entity_id], entity_id)

    def _name_dossier(self, name: str) -> dict[str, Any] | None:
        """Before entity resolution has run: a name as written stands in for the entity."""
        if not self.has("mentions", "text"):
            return None
        n = self.store.scalar("SELECT count(*) FROM mentions WHERE text = ?", [name])
        if not n:
            return None
        label = self.store.scalar("SELECT mode(label) FROM mentions WHERE text = ?", [name])
        ent = {"id": f"name:{name}", "name": name, "type": label, "mention_count": n, "resolved": False}
        mention_sql = "SELECT article_id, start, \"end\", text FROM mentions WHERE text = ?"
        return self._dossier(ent, [], [], mention_sql, [name], None)

    def _dossier(self, ent, aliases, merges, mention_sql, params, entity_id) -> dict[str, Any]:
        m = f"({mention_sql})"
        table = "mention_entities" if entity_id else "mentions"
        # the sections are independent queries: run them side by side, each on its own cursor
        work = {
            "mentions": lambda d: d._entity_mentions(m, params, table),
            "statements": lambda d: d._entity_statements(mention_sql, params, entity_id),
            "quantities": lambda d: d._entity_quantities(mention_sql, params),
            "timeline": lambda d: d._entity_timeline(mention_sql, params, ent),
            "framing": lambda d: d._entity_framing(ent, mention_sql, params),
        }
        got = self._parallel(work)
        outlet_names, articles, article_count = got.pop("mentions")
        out = {"entity": ent, "aliases": aliases, "merges": merges, "mention_table": table,
               "outlet_names": outlet_names, "articles": articles, **got, "article_count": article_count}
        out["statements_by"], out["statements_about"] = out.pop("statements")
        out["more"] = {}
        for key, shown in (("articles", ARTICLES_SHOWN), ("statements_by", SHOWN), ("statements_about", SHOWN),
                           ("quantities", SHOWN), ("timeline", SHOWN)):
            rows = out[key]
            if rows is not None and len(rows) > shown:
                out[key] = rows[:shown]
                out["more"][key] = shown
        return out

    def _parallel(self, work: dict[str, Any]) -> dict[str, Any]:
        """Run `{name: f(dossier)}` in worker threads, each with its own cursor (DuckDB works in parallel
        and releases the GIL); the schema cache is filled first so that the workers only read it."""
        for table in ("statements", "speaker_entities", "quantities", "quantity_groups", "quantity_pairs", "events",
                      "labels", "web_entity_mentions", "mention_entities"):
            self.has(table)
        self.index_fresh  # noqa: B018
        def run(item):
            name, func = item
            clone = Dossier(Store(self.store.con.cursor(), self.store.path, True), self.urls, self._schema,
                            self.lookup)
            try:
                return name, func(clone)
            finally:
                clone.store.con.close()
        return dict(_SECTIONS_POOL.map(run, work.items()))

    def _entity_mentions(self, m: str, params: list, table: str) -> tuple[list[dict], list[dict], int]:
        """What each outlet calls the entity, its articles (the first ARTICLES_SHOWN + 1) and their number,
        from one read of its mentions. Three GROUP BY queries over the same few mentions (one with a
        DISTINCT list) took about 11 ms of DuckDB's time per page, most of it setting up hash tables
        for a few dozen rows; grouping those rows here takes well under a millisecond. The order and
        the first mention are DuckDB's: outlets by name, names by mentions then name (None last),
        articles by date (undated last) then id; the first mention is the least of date (undated as
        9999-12-31), article id and start padded to ten digits, compared as text."""
        db = self.point("web_entity_mentions", "articles") if self._MENTIONS_OF in m else self.store
        sql = (f'SELECT m.article_id, m.start, m."end", m.text, a.id IS NOT NULL AS known, a.title, a.outlet, '
               f"a.published FROM {m} m LEFT JOIN articles a ON a.id = m.article_id")
        if isinstance(db, Lookup):
            rows = db.many(sql, params, ("article_id", "start", "end", "text", "known", "title", "outlet", "published"))
            for r in rows:
                if r[7] is not None:
                    r[7] = dt.date.fromisoformat(r[7])
        else:
            rows = db.execute(sql, params).fetchall()
        names: dict[tuple, list] = {}  # (outlet, name) -> [mentions, article ids, first key, first mention]
        arts: dict[str, list] = {}  # article id -> [title, outlet, published, mentions, starts, ends, names]
        for article_id, start, end, text, known, title, outlet, published in rows:
            if not known:  # a mention of an article the store does not hold: counted, not listed
                continue
            outlet_name = outlet if outlet is not None else "(unknown)"
            n = names.get((outlet_name, text))
            if n is None:
                n = names[(outlet_name, text)] = [0, set(), None, None]
            n[0] += 1
            n[1].add(article_id)
            if start is not None:
                key = (published or _NEVER).isoformat() + article_id + str(start).rjust(10, "0")[:10]
                if n[2] is None or key < n[2]:
                    n[2], n[3] = key, (article_id, start, end)
            a = arts.get(article_id)
            if a is None:
                a = arts[article_id] = [title, outlet, published, 0, [], [], set()]
            a[3] += 1
            if start is not None:
                a[4].append(start)
            if end is not None:
                a[5].append(end)
            a[6].add(text)
        outlets: list[dict] = []
        for (outlet_name, text), (count, ids, _, first) in sorted(
                names.items(), key=lambda kv: (kv[0][0], -kv[1][0], kv[0][1] is None, kv[0][1] or "")):
            if not outlets or outlets[-1]["outlet"] != outlet_name:
                outlets.append({"outlet": outlet_name, "names": []})
            outlets[-1]["names"].append({"outlet": outlet_name, "name": text, "mentions": count, "articles": len(ids),
                                         "href": self.urls.evidence(first[0], table, first[1], first[2])
                                         if first else None})
        articles = []
        for article_id in sorted(arts, key=lambda i: (arts[i][2] is None, arts[i][2] or _NEVER, i))[:ARTICLES_SHOWN + 1]:
            title, outlet, published, count, starts, ends, texts = arts[article_id]
            start, end = min(starts, default=None), min(ends, default=None)
            articles.append({"id": article_id, "title": title, "outlet": outlet, "published": published,
                             "mentions": count, "start": start, "end": end,
                             "names": sorted(texts, key=lambda t: (t is None, t or "")),
                             "href": self.urls.evidence(article_id, table, start, end)})
        return outlets, articles, len({r[0] for r in rows})

    def _related(self, entity_id: str | None, relation: str, alias: str) -> str | None:
        """A JOIN onto `web_entity_records` for this entity and relation (one parameter: the entity id),
        or None when the index is not fresh (then the page joins mention spans itself)."""
        if entity_id and self.index_fresh and self.has("web_entity_records", "relation"):
            return (f"JOIN web_entity_records w ON w.entity_id = ? AND w.relation = '{relation}' "
                    f"AND w.record_id = {alias}.id")
        return None

    def _entity_statements(self, mention_sql, params, entity_id):
        if not self.has("statements", "content_start", "speaker_start"):
            return None, None
        cols = ("s.id, s.article_id, s.kind, s.anonymous, s.polarity, s.speaker_text, s.content_start, "
                "s.content_end, s.content_text, a.outlet, a.published, a.title")
        order = f"{STATEMENT_ORDER}, s.id"
        if entity_id and self.has("speaker_entities", "statement_id"):
            by = self.point("statements", "speaker_entities", "articles").rows(
                f"SELECT {cols} FROM statements s JOIN speaker_entities se ON se.statement_id = s.id "
                f"JOIN articles a ON a.id = s.article_id WHERE se.entity_id = ? "
                f"ORDER BY {order} LIMIT {SHOWN + 1}", [entity_id])
        elif self._related(entity_id, "by", "s"):
            by = self.point("statements", "web_entity_records", "articles").rows(
                f"SELECT {cols}, s.start FROM statements s {self._related(entity_id, 'by', 's')} "
                f"JOIN articles a ON a.id = s.article_id ORDER BY {order} LIMIT {SHOWN + 1}", [entity_id])
        else:
            by = self.rows(f"SELECT DISTINCT {cols}, s.start FROM statements s JOIN ({mention_sql}) m "
                           f"ON m.article_id = s.article_id AND m.start >= s.speaker_start AND m.\"end\" <= s.speaker_end "
                           f"JOIN articles a ON a.id = s.article_id ORDER BY {STATEMENT_ORDER} "
                           f"LIMIT {SHOWN + 1}", params)
        related = self._related(entity_id, "about", "s")
        if related:
            about = self.point("statements", "web_entity_records", "articles").rows(
                f"SELECT {cols}, s.start FROM statements s {related} JOIN articles a ON a.id = s.article_id "
                f"ORDER BY {order} LIMIT {SHOWN + 1}", [entity_id])
            for r in by + about:
                r["href"] = self.urls.evidence(r["article_id"], "statements.content", r["content_start"], r["content_end"])
            return by, about
        about = self.rows(f"SELECT DISTINCT {cols}, s.start FROM statements s JOIN ({mention_sql}) m "
                          f"ON m.article_id = s.article_id AND m.start >= s.content_start AND m.\"end\" <= s.content_end "
                          f"JOIN articles a ON a.id = s.article_id ORDER BY {STATEMENT_ORDER} "
                          f"LIMIT {SHOWN + 1}", params)
        for r in by + about:
            r["href"] = self.urls.evidence(r["article_id"], "statements.content", r["content_start"], r["content_end"])
        return by, about

    def _denial_cols(self) -> str:
        """Whose claim a denied figure is and who denies it (null columns on a store built before they existed)."""
        if self.has("quantities", "denier_text"):
            return "q.claimant_text, q.denier_text"
        return "NULL AS claimant_text, NULL AS denier_text"

    def _entity_quantities(self, mention_sql, params):
        """Figures in sentences that name the entity, with their group's conflicts."""
        if not self.has("quantities", "sentence_start"):
            return None
        cols = ("q.id, q.article_id, q.start, q.end, q.text, q.value, q.low, q.high, q.hedge, q.unit, q.kind, "
                f"q.counted_text, q.predicate, q.voice, q.voice_name, q.polarity, {self._denial_cols()}, a.outlet, "
                "a.published")
        related = self._related(params[0] if params and mention_sql.startswith(self._MENTIONS_OF) else None,
                                "figure", "q")
        if related:
            rows = self.point("quantities", "web_entity_records", "articles").rows(
                f"SELECT {cols} FROM quantities q {related} JOIN articles a ON a.id = q.article_id "
                f"ORDER BY a.published NULLS LAST, q.article_id, q.start, q.id LIMIT {SHOWN + 1}", params[:1])
        else:
            rows = self.rows(
                f"SELECT DISTINCT {cols} FROM quantities q JOIN ({mention_sql}) m ON m.article_id = q.article_id "
                f"AND m.start >= q.sentence_start AND m.\"end\" <= q.sentence_end JOIN articles a ON a.id = q.article_id "
                f"ORDER BY a.published NULLS LAST, q.article_id, q.start LIMIT {SHOWN + 1}", params)
        groups: dict[str, dict] = {}
        ids = [r["id"] for r in rows]
        marks = ", ".join("?" * len(ids))
        if rows and self.has("quantity_groups", "quantity_ids"):
            if self.lookup is not None and self.lookup.holds("lookup_quantity_groups"):
                found = self.lookup.rows("SELECT id, label, conflicts, disagreement, quantity_id "
                                         f"FROM lookup_quantity_groups WHERE quantity_id IN ({marks})", ids)
            else:
                found = self.rows("SELECT g.id, g.label, g.conflicts, g.disagreement, q AS quantity_id FROM "
                                  "quantity_groups g, unnest(g.quantity_ids) AS t(q) WHERE q IN (SELECT unnest(?))",
                                  [ids])
            for g in found:
                groups[g["quantity_id"]] = g
        conflicting: dict[str, list[str]] = defaultdict(list)
        if rows and self.has("quantity_pairs", "verdict"):
            for p in self.point("quantity_pairs").rows(
                    "SELECT a_id, b_id, verdict FROM quantity_pairs WHERE lower(verdict) LIKE '%conflict%' "
                    f"AND (a_id IN ({marks}) OR b_id IN ({marks})) ORDER BY a_id, b_id", ids * 2):
                conflicting[p["a_id"]].append(p["b_id"])
                conflicting[p["b_id"]].append(p["a_id"])
        for r in rows:
            r["href"] = self.urls.evidence(r["article_id"], "quantities", r["start"], r["end"])
            g = groups.get(r["id"])
            r["group"] = g["label"] if g else None
            r["conflicts"] = len(conflicting.get(r["id"], ()))
        return rows

    def _entity_timeline(self, mention_sql, params, ent):
        """Dated events whose actor (or sentence) names the entity, earliest first."""
        if not self.has("events", "earliest", "actor_start"):
            return None
        cols = ("e.id, e.article_id, e.start, e.end, e.text, e.actor_text, e.action, e.target_text, e.value, "
                "e.earliest, e.latest, a.outlet, a.published, "
                + ("coalesce(e.guess, false)" if self.has("events", "guess") else "false") + " AS guess")
        related = self._related(params[0] if params and mention_sql.startswith(self._MENTIONS_OF) else None,
                                "event", "e")
        rows = self.point("events", "web_entity_records", "articles").rows(
            f"SELECT {cols} FROM events e {related} JOIN articles a ON a.id = e.article_id "
            f"ORDER BY e.earliest NULLS LAST, e.latest NULLS LAST, a.published NULLS LAST, e.id LIMIT {SHOWN + 1}",
            params[:1]) if related else self.rows(
            f"SELECT DISTINCT {cols} FROM events e JOIN ({mention_sql}) m "
            f"ON m.article_id = e.article_id AND ((m.start >= e.actor_start AND m.\"end\" <= e.actor_end) "
            f"OR (m.start >= e.start AND m.\"end\" <= e.end)) JOIN articles a ON a.id = e.article_id "
            f"WHERE e.earliest IS NOT NULL ORDER BY e.earliest, e.latest, a.published NULLS LAST LIMIT {SHOWN + 1}", params)
        for r in rows:
            r["guess"] = bool(r["guess"])  # SQLite gives coalesce()'s boolean as 0 or 1
            r["href"] = self.urls.evidence(r["article_id"], "events", r["start"], r["end"])
        return rows

    def _entity_framing(self, ent, mention_sql, params):
        """How each outlet labels the entity (`framing.table.framing_table`: per outlet and label, split by
        voice), each count linking to the first such label in an article that names the entity."""
        if not self.has("labels", "start", "end", "label_lemma"):
            return None
        try:
            from newsdossier.framing.table import framing_table
        except ImportError:  # pragma: no cover - framing not installed
            return None
        rows = [r.as_dict() if hasattr(r, "as_dict") else dict(r) for r in framing_table(self.store, ent["id"])]  # the id: two entities may share a name
        if not rows:
            return {"rows": []}
        first = {}
        for r in self.rows(
                f"SELECT coalesce(a.outlet, '(unknown)') AS outlet, l.label_lemma AS label, "
                f"arg_min({{'a': l.article_id, 's': l.start, 'e': l.\"end\"}}, coalesce(a.published, DATE '9999-12-31')::VARCHAR || l.article_id || lpad(l.start::VARCHAR, 10, '0')) AS f "
                f"FROM labels l JOIN articles a ON a.id = l.article_id "
                f"WHERE l.article_id IN (SELECT article_id FROM ({mention_sql})) GROUP BY 1, 2", params):
            first[(r["outlet"], r["label"])] = r["f"]
        out = []
        for r in rows:
            f = first.get((r["outlet"], r["label"]))
            out.append({"outlet": r["outlet"], "label": r["label"], "n": r["total"], "valence": r.get("valence"),
                        "own voice": r.get("own"), "quoted": r.get("quoted"), "reported": r.get("reported"),
                        "holder": r.get("holder"),
                        "articles": r.get("articles"), "example": r.get("example"),
                        "href": self.urls.evidence(f["a"], "labels", f["s"], f["e"]) if f else None})
        return {"rows": out}

    # -- reuse ------------------------------------------------------------------------------------

    def reuse(self, a_id: str, b_id: str) -> dict[str, Any] | None:
        arts = {r["id"]: r for r in self.rows("SELECT * FROM articles WHERE id IN (?, ?)", [a_id, b_id])}
        if a_id not in arts or b_id not in arts:
            return None
        if not self.has("reuse", "a_article_id"):
            return {"a": arts[a_id], "b": arts[b_id], "passages": None}
        rows = self.rows(
            "SELECT * FROM reuse WHERE (a_article_id = ? AND b_article_id = ?) OR (a_article_id = ? AND b_article_id = ?) "
            "ORDER BY a_start", [a_id, b_id, b_id, a_id])
        passages = []
        for r in rows:
            flipped = r["a_article_id"] != a_id
            if flipped:  # flip to this page's left/right
                r = {**r, **{f"{x}_{k}": r[f"{y}_{k}"] for x, y in (("a", "b"), ("b", "a"))
                              for k in ("article_id", "start", "end", "text", "words")}}
            left, right = diff_words(r["a_text"], r["b_text"])
            passages.append({**r, "a_html": left, "b_html": right,
                             "a_href": self.urls.evidence(a_id, "reuse." + ("b" if flipped else "a"),
                                                          r["a_start"], r["a_end"]),
                             "b_href": self.urls.evidence(b_id, "reuse." + ("a" if flipped else "b"),
                                                          r["b_start"], r["b_end"])})
        passages.sort(key=lambda p: p["a_start"])
        for i, p in enumerate(passages, 1):
            p["n"] = i
        a_text = _passage_text(arts[a_id]["text"], [(p["a_start"], p["a_end"], p["n"]) for p in passages], "a")
        b_text = _passage_text(arts[b_id]["text"], [(p["b_start"], p["b_end"], p["n"]) for p in passages], "b")
        strip = lambda art: {k: v for k, v in art.items() if k != "text"}  # noqa: E731
        return {"a": strip(arts[a_id]), "b": strip(arts[b_id]), "passages": passages, "a_html": a_text,
                "b_html": b_text}

    # -- search -----------------------------------------------------------------------------------

    def search(self, q: str, limit: int = SEARCH_LIMIT) -> dict[str, Any]:
        from newsdossier.web.search import search

        return search(self, q, limit)


_WORD = re.compile(r"\w+|[^\w\s]+|\s+")


def diff_words(a: str, b: str):
    """Both passages as HTML with the words that differ marked (`<del>` left, `<ins>` right), escaped."""
    if a == b:
        return escape(a), escape(b)
    wa, wb = _WORD.findall(a), _WORD.findall(b)
    left, right = [], []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, wa, wb, autojunk=len(wa) + len(wb) > 1500).get_opcodes():
        x, y = escape("".join(wa[i1:i2])), escape("".join(wb[j1:j2]))
        if op == "equal":
            left.append(str(x))
            right.append(str(y))
        else:
            if x:
                left.append(f"<del>{x}</del>")
            if y:
                right.append(f"<ins>{y}</ins>")
    return Markup("".join(left)), Markup("".join(right))


def _passage_text(text: str, passages: list[tuple[int, int, int]], side: str):
    spans = [Span(s, e, "reuse", "l-reuse", f"passage-{side}-{n}", f"passage {n}", attrs={"n": str(n)})
             for s, e, n in passages]
    return render_text(text, spans)
