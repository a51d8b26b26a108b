"""Search across articles and records.

DuckDB's `fts` extension is not used: it is downloaded at first use, and no PyPI package ships a
build for DuckDB 2.0 (`duckdb-extension-fts` stops at 1.5.5, `duckdb-ext-fts` at 1.4.4; DuckDB
refuses to load either). Instead the `web_index` link stage keeps an inverted index of its own
(`search_terms`: word, article, counts; see `web/index.py`), and articles are ranked by BM25 computed
in SQL (title hits add to the score); every word must occur, and a "quoted phrase" must occur as
written. Without a fresh index (a store built with `--skip web_index`) search falls back to a
case-insensitive substring scan ranked by term frequency. Records (names, statements, figures,
dates, labels) are matched by substring: in `web_record_texts` (their texts lower-cased once by the
index stage) when the index is fresh, else in their own tables.

A query that is a name of an entity (its name or any alias) also finds the articles naming that
entity under any other spelling ("KBSF" finds "the Khadrun Basin Solidarity Front"), through the
resolved mentions. A hit found only in boilerplate (navigation, related links, footers) is kept but
ranked after every hit in an article's own text, and each snippet is cut around a hit in the text.

Why not tantivy (#22 asked to consider it; not switched): `tantivy` 0.27 is on PyPI, but it would be a
second index on disk to keep in step with the store by every build and the link stages, outside
DuckDB's transactions and the server's snapshot. What it would replace is fast enough: `Dossier.search`
(ranked articles plus matching records, uncached, 12 queries x 3) takes p50 61 ms / p95 74 ms on the
1,976-article store of `benchmarks/web_latency.py --quick` (446,143 `search_terms` rows) and p50 103 ms /
p95 111 ms on its 9,902-article store (2,577,962 rows), within the pages' 300 ms target.
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from markupsafe import Markup, escape

from newsdossier.web.index import RECORD_SEARCHES, TERM_PATTERN_PY

if TYPE_CHECKING:
    from newsdossier.web.data import Dossier

MAX_TERMS = 6
NAMES_KEPT = 1024  # queries whose entity (by name or alias) is kept per snapshot, the newest
SNIPPET = 90  # characters either side of the first hit
RECORDS_PER_KIND = 20  # the newest matching statements, figures, labels and dates each
_TERM = re.compile(r'"([^"]+)"|(\S+)')


def terms(q: str) -> list[str]:
    """Query words (a "quoted phrase" is one term), lower-cased, at most MAX_TERMS."""
    out = []
    for m in _TERM.finditer(q or ""):
        t = (m.group(1) or m.group(2)).strip().lower()
        t = t.strip(".,;:!?()[]{}'\"") if not m.group(1) else t
        if t and t not in out:
            out.append(t)
    return out[:MAX_TERMS]


def _like(t: str) -> str:
    return "%" + t.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def highlight(text: str, words: list[str]) -> Markup:
    """`text` escaped, with every query word wrapped in <b class="hit">."""
    if not words:
        return escape(text)
    pattern = re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)), re.I)
    out, pos = [], 0
    for m in pattern.finditer(text):
        out.append(str(escape(text[pos:m.start()])))
        out.append(f'<b class="hit">{escape(m.group())}</b>')
        pos = m.end()
    out.append(str(escape(text[pos:])))
    return Markup("".join(out))


def snippet(text: str, words: list[str]) -> tuple[Markup, int | None]:
    low = text.lower()
    hits = [i for i in (low.find(w) for w in words) if i >= 0]
    if not hits:
        return highlight(text[: 2 * SNIPPET], words), None
    at = min(hits)
    start = max(0, at - SNIPPET)
    end = min(len(text), at + SNIPPET)
    while end < len(text) and not text[end].isspace() and end - at < SNIPPET + 20:
        end += 1
    while start > 0 and not text[start - 1].isspace() and at - start < SNIPPET + 20:
        start -= 1
    piece = text[start:end].replace("\n", " ")
    return Markup(("… " if start else "") + highlight(piece, words) + (" …" if end < len(text) else "")), at


def search(d: "Dossier", q: str, limit: int = 50) -> dict[str, Any]:
    words = terms(q)
    result: dict[str, Any] = {"q": q, "terms": words, "articles": [], "records": [], "method": "scan", "total": 0,
                              "entity": None}
    if not words:
        return result
    if d.index_fresh and d.has("search_terms", "term"):
        _indexed_articles(d, words, limit, result)
    else:
        _scanned_articles(d, words, limit, result)
    known = {r["id"] for r in result["articles"]}
    result["entity"], extra = _alias_articles(d, q, known, limit)
    chrome = _boilerplate(d, [r["id"] for r in result["articles"]] + [r["id"] for r in extra])
    for r in result["articles"]:
        text = r.pop("text")
        r["snippet"], at = _body_snippet(text, words, chrome.get(r["id"], []))
        r["boilerplate_only"] = at is None and bool(chrome.get(r["id"]))
        r["href"] = d.urls.article(r["id"])
        r["title_html"] = highlight(r["title"] or "(untitled)", words)
    for r in extra:
        text = r.pop("text")
        names = sorted(result["entity"]["aliases"], key=len, reverse=True)
        r["snippet"], at = _body_snippet(text, [n.lower() for n in names], chrome.get(r["id"], []))
        r["boilerplate_only"] = at is None and bool(chrome.get(r["id"]))
        r["href"] = d.urls.article(r["id"])
        r["title_html"] = highlight(r["title"] or "(untitled)", words)
        r["via_alias"] = True
    result["articles"] += extra
    result["total"] += len(extra)
    # a hit only in navigation, related links or a footer is kept but ranked below every hit in the text
    result["articles"].sort(key=lambda r: r["boilerplate_only"])
    result["records"] = _records(d, words)
    return result


def _boilerplate(d: "Dossier", ids: list[str]) -> dict[str, list[tuple[int, int]]]:
    if not ids or not d.has("boilerplate", "start", "end"):
        return {}
    out: dict[str, list[tuple[int, int]]] = {}
    db = d.point("boilerplate")
    marks = ", ".join("?" * len(ids))
    for r in db.rows(f'SELECT article_id, start, "end" FROM boilerplate WHERE article_id IN ({marks}) '
                     'ORDER BY article_id, start, "end"', ids):
        out.setdefault(r["article_id"], []).append((r["start"], r["end"]))
    return out


def _body_snippet(text: str, words: list[str], chrome: list[tuple[int, int]]) -> tuple[Markup, int | None]:
    """The snippet around the first hit outside boilerplate; `None` as position when every hit is inside it."""
    low = text.lower()
    first = None
    for w in words:
        i = low.find(w)
        while i >= 0 and any(s <= i < e for s, e in chrome):
            i = low.find(w, i + 1)
        if i >= 0 and (first is None or i < first):
            first = i
    if first is None:
        piece, _ = snippet(text, words)
        return piece, None
    piece, _ = snippet(text[first:] if first < SNIPPET else text[first - SNIPPET:], words)
    if first >= SNIPPET:
        piece = Markup("… ") + piece
    return piece, first


def _alias_articles(d: "Dossier", q: str, known: set[str], limit: int) -> tuple[dict | None, list[dict]]:
    """When the query is a name of an entity (its name or any alias, any case): the articles that name it
    under any spelling, beyond those the words found. Returns the entity (with its names) and those articles."""
    name = q.strip().strip('"').strip()
    if not name or not (d.has("entities", "id", "name") and d.has("entity_aliases", "alias")
                        and d.has("mention_entities", "entity_id")):
        return None, []
    named = d.per_snapshot(("search_entity", name), lambda: _entity_named(d, name), keep=NAMES_KEPT)
    if named is None:
        return None, []
    ent = dict(named, aliases=list(named["aliases"]))
    if d.lookup is not None and d.lookup.holds("lookup_entity_articles", "articles"):
        rows = d.lookup.rows(
            "SELECT a.id, a.title, a.outlet, a.published, a.text, m.mentions AS score FROM lookup_entity_articles m "
            f"JOIN articles a ON a.id = m.article_id WHERE m.entity_id = ? AND a.id NOT IN ({', '.join('?' * len(known))}) "
            "ORDER BY score DESC, a.published DESC NULLS LAST, a.id LIMIT ?", [ent["id"], *sorted(known), limit])
    else:
        rows = d.rows("SELECT a.id, a.title, a.outlet, a.published, a.text, count(*) AS score FROM mention_entities m "
                      "JOIN articles a ON a.id = m.article_id WHERE m.entity_id = ? AND a.id NOT IN (SELECT unnest(?)) "
                      "GROUP BY ALL ORDER BY score DESC, a.published DESC NULLS LAST, a.id LIMIT ?",
                      [ent["id"], sorted(known), limit])
    return ent, rows


def _entity_named(d: "Dossier", name: str) -> dict | None:
    """The entity with most articles that has `name` as its name or an alias (any case), with its names."""
    if d.lookup is not None and d.lookup.holds("entities", "lookup_names", "entity_aliases"):
        # the names were lower-cased by DuckDB's lower(), so the query is too
        found = d.lookup.rows("SELECT e.id, e.name FROM entities e WHERE e.id IN (SELECT entity_id FROM lookup_names "
                              "WHERE low = ?) ORDER BY e.article_count DESC NULLS LAST, e.id LIMIT 1",
                              [d.lower(name)])
    else:
        found = d.rows("SELECT e.id, e.name FROM entities e WHERE lower(e.name) = lower(?) OR e.id IN "
                       "(SELECT entity_id FROM entity_aliases WHERE lower(alias) = lower(?)) "
                       "ORDER BY e.article_count DESC NULLS LAST, e.id LIMIT 1", [name, name])
    if not found:
        return None
    ent = found[0]
    aliases = [r["alias"] for r in d.point("entity_aliases").rows(
        "SELECT DISTINCT alias FROM entity_aliases WHERE entity_id = ? ORDER BY alias", [ent["id"]])]
    return {"id": ent["id"], "name": ent["name"], "aliases": sorted(set(aliases) | {ent["name"]}),
            "href": d.urls.entity(ent["id"])}


def _indexed_articles(d: "Dossier", words: list[str], limit: int, result: dict) -> None:
    """BM25 over the `search_terms` index: every word must occur; a quoted phrase must occur as written."""
    parts = {w: re.findall(TERM_PATTERN_PY, w) for w in words}
    index_terms = sorted({t for ts in parts.values() for t in ts})
    if not index_terms:
        return _scanned_articles(d, words, limit, result)
    phrases = [w for w, ts in parts.items() if ts != [w]]
    marks = ", ".join("?" * len(index_terms))
    phrase_cond = "".join(" AND a.text ILIKE ? ESCAPE '\\'" for _ in phrases)
    # the corpus size and mean length, read once per snapshot (every search read all the texts for them)
    n = d.per_snapshot("search_n", lambda: tuple(d.store.execute(
        "SELECT count(*) AS n, avg(length(text)) / 6.0 AS avg_words FROM articles").fetchall()[0]))
    # in the SQL both engines read alike (no casts, greatest() or least()), so that without a phrase the
    # lookup copy answers by key; a phrase needs ILIKE, which SQLite's LIKE matches only for ASCII case
    sql = (f"WITH hits AS (SELECT term, article_id, tf, title_tf, words FROM search_terms WHERE term IN ({marks})), "
           f"df AS (SELECT term, count(*) AS df FROM hits GROUP BY term), "
           f"scored AS (SELECT h.article_id, count(*) AS matched, sum(ln(1 + (? - df.df + 0.5) / (df.df + 0.5)) * "
           f"((h.tf * 2.2) / (h.tf + 1.2 * (0.25 + 0.75 * h.words / ?)) "
           f"+ 2 * CASE WHEN h.title_tf < 3 THEN h.title_tf ELSE 3 END)) "
           f"AS score FROM hits h JOIN df ON df.term = h.term GROUP BY h.article_id HAVING count(*) = ?), "
           + (f"matched AS (SELECT s.article_id, s.score FROM scored s JOIN articles a ON a.id = s.article_id "
              f"WHERE true{phrase_cond}), " if phrases else "matched AS (SELECT article_id, score FROM scored), ")
           # rounded: the engines sum in different orders, so their last bits differ (and would break ties)
           + "top AS (SELECT article_id, round(score, 9) AS score FROM matched ORDER BY 2 DESC, article_id LIMIT ?) "
           "SELECT (SELECT count(*) FROM matched) AS total, a.id, a.title, a.outlet, a.published, a.text, t.score "
           "FROM top t JOIN articles a ON a.id = t.article_id ORDER BY t.score DESC, a.published DESC NULLS LAST, a.id")
    db = d.store if phrases else d.point("search_terms", "articles")
    rows = db.rows(sql, [*index_terms, float(n[0]), max(float(n[1] or 0), 1.0), len(index_terms),
                         *[_like(p) for p in phrases], limit])
    result["total"] = rows[0]["total"] if rows else 0
    result["method"] = "index"
    for r in rows:
        r.pop("total")
    result["articles"] = rows


def _scanned_articles(d: "Dossier", words: list[str], limit: int, result: dict) -> None:
    """Without the index: a case-insensitive scan, ranked by term frequency (title hits count five times)."""
    conds = " AND ".join(["(text ILIKE ? ESCAPE '\\' OR coalesce(title, '') ILIKE ? ESCAPE '\\')"] * len(words))
    cond_params = [p for w in words for p in (_like(w), _like(w))]
    # tf of each term in the body and title; BM25-ish saturation and length normalization
    tf = " + ".join(
        f"(({{k}} + 1) * tf{i} / (tf{i} + {{k}} * (0.25 + 0.75 * len / avg_len)) + 5 * ttf{i})"
        for i in range(len(words))).replace("{k}", "1.2")
    tf_cols = ", ".join(
        f"(length(lower(text)) - length(replace(lower(text), ?, ''))) / {len(w)} AS tf{i}, "
        f"(length(lower(coalesce(title, ''))) - length(replace(lower(coalesce(title, '')), ?, ''))) / {len(w)} AS ttf{i}"
        for i, w in enumerate(words))
    tf_params = [p for w in words for p in (w, w)]
    sql = (f"WITH hits AS (SELECT id, title, outlet, published, text, length(text) AS len, {tf_cols} "
           f"FROM articles WHERE {conds}), stats AS (SELECT avg(length(text)) AS avg_len FROM articles) "
           f"SELECT id, title, outlet, published, text, {tf} AS score FROM hits, stats "
           f"ORDER BY score DESC, published DESC NULLS LAST, id LIMIT ?")
    result["articles"] = d.rows(sql, [*tf_params, *cond_params, limit])
    result["total"] = d.store.scalar(f"SELECT count(*) FROM articles WHERE {conds}", cond_params)


def _q(name: str) -> str:
    return '"' + name + '"'


def _records(d: "Dossier", words: list[str]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    if d.has("entities", "name") and d.has("entity_aliases", "alias"):
        if d.index_fresh and d.has("web_entity_names", "low") and d.lookup is not None \
                and d.lookup.holds("entities", "lookup_names"):
            # the same names (`lookup_names` holds what `web_entity_names` holds), read by key from SQLite
            sql = ("SELECT e.id, e.name, e.type, e.article_count FROM entities e WHERE e.id IN (SELECT entity_id "
                   f"FROM lookup_names WHERE {' AND '.join(['instr(low, ?) > 0'] * len(words))}) "
                   "ORDER BY e.article_count DESC NULLS LAST, e.id LIMIT 20")
            params = [w.lower() for w in words]
        elif d.index_fresh and d.has("web_entity_names", "low"):
            # one name or alias holds every word (the scan below also lets the name hold one word and an
            # alias another: a rare difference for names of several words)
            sql = ("SELECT e.id, e.name, e.type, e.article_count FROM entities e WHERE e.id IN (SELECT entity_id "
                   f"FROM web_entity_names WHERE {' AND '.join(['contains(low, ?)'] * len(words))}) "
                   "ORDER BY e.article_count DESC, e.id LIMIT 20")
            params = [w.lower() for w in words]
        else:
            conds = " AND ".join(["(e.name ILIKE ? ESCAPE '\\' OR al.alias ILIKE ? ESCAPE '\\')"] * len(words))
            sql = (f"SELECT DISTINCT e.id, e.name, e.type, e.article_count FROM entities e "
                   f"LEFT JOIN entity_aliases al ON al.entity_id = e.id WHERE {conds} "
                   f"ORDER BY e.article_count DESC, e.id LIMIT 20")
            params = [p for w in words for p in (_like(w),) * 2]
        db = d.lookup if "lookup_names" in sql else d.store
        for r in db.rows(sql, params):
            out.append({"kind": "entity", "text": highlight(r["name"], words), "detail": f"{r['type']}, {r['article_count']} articles",
                        "href": d.urls.entity(r["id"])})
    elif d.has("mentions", "text"):
        conds = " AND ".join(["text ILIKE ? ESCAPE '\\'"] * len(words))
        for r in d.rows(f"SELECT text, mode(label) AS label, count(DISTINCT article_id) AS n FROM mentions "
                        f"WHERE {conds} GROUP BY text ORDER BY n DESC LIMIT 20", [_like(w) for w in words]):
            out.append({"kind": "name", "text": highlight(r["text"], words), "detail": f"{r['label']}, {r['n']} articles",
                        "href": d.urls.entity("name:" + r["text"])})
    if d.index_fresh and d.has("web_record_texts", "low"):
        return out + _indexed_records(d, words)
    for kind, table, need, text_expr, (s, e, anchor), extra in RECORD_SEARCHES:
        if not d.has(table, *need, s, e):
            continue
        conds = " AND ".join([f"({text_expr}) ILIKE ? ESCAPE '\\'"] * len(words))
        rows = d.rows(f"SELECT t.article_id, t.{_q(s)} AS s, t.{_q(e)} AS e, {text_expr} AS found, t.{extra} AS extra, "
                      f"a.outlet, a.published FROM {table} t JOIN articles a ON a.id = t.article_id "
                      f"WHERE {conds} ORDER BY a.published DESC NULLS LAST, t.article_id, t.{_q(s)} LIMIT ?",
                      [*(_like(w) for w in words), RECORDS_PER_KIND])
        out += [_record_hit(d, kind, anchor, r, words) for r in rows]
    return out



def _indexed_records(d: "Dossier", words: list[str]) -> list[dict[str, Any]]:
    """The newest matches of each kind from `web_record_texts`: one scan of lower-cased texts, not four
    scans that build every text; the same rows as the scans, in the same order."""
    anchors = {kind: anchor for kind, _t, _n, _x, (_s, _e, anchor), _extra in RECORD_SEARCHES}
    conds = " AND ".join(["contains(low, ?)"] * len(words))
    rows = d.rows(f"SELECT kind, article_id, start AS s, \"end\" AS e, found, extra, outlet, published FROM "
                  f"(SELECT *, row_number() OVER (PARTITION BY kind ORDER BY published DESC NULLS LAST, article_id, start) "
                  f"AS n FROM web_record_texts WHERE {conds}) WHERE n <= ? ORDER BY kind, n",
                  [*(w.lower() for w in words), RECORDS_PER_KIND])
    by_kind: dict[str, list[dict[str, Any]]] = {}
    for r in rows:
        by_kind.setdefault(r["kind"], []).append(r)
    return [_record_hit(d, kind, anchors[kind], r, words) for kind in anchors for r in by_kind.get(kind, [])]


def _record_hit(d: "Dossier", kind: str, anchor: str, r: dict[str, Any], words: list[str]) -> dict[str, Any]:
    detail = " · ".join(str(x) for x in (r["extra"] if kind == "statement" else None, r["outlet"], r["published"]) if x)
    return {"kind": kind, "text": highlight(r["found"][:300], words), "detail": detail,
            "href": d.urls.evidence(r["article_id"], anchor, r["s"], r["e"])}
