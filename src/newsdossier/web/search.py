"""Search across articles and records.

DuckDB's `fts` extension is not used: it is downloaded at first use, and no PyPI package ships a
build for DuckDB 2.0 (`duckdb-extension-fts` stops at 1.5.5, `duckdb-ext-fts` at 1.4.4; DuckDB
refuses to load either). Instead the `web_index` link stage keeps an inverted index of its own
(`search_terms`: word, article, counts; see `web/index.py`), and articles are ranked by BM25 computed
in SQL (title hits add to the score); every word must occur, and a "quoted phrase" must occur as
written. Without a fresh index (a store built with `--skip web_index`) search falls back to a
case-insensitive substring scan ranked by term frequency. Records (names, statements, figures,
dates, labels) are matched by substring in their own tables.
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from markupsafe import Markup, escape

from newsdossier.web.index import TERM_PATTERN_PY

if TYPE_CHECKING:
    from newsdossier.web.data import Dossier

MAX_TERMS = 6
SNIPPET = 90  # characters either side of the first hit
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
    result: dict[str, Any] = {"q": q, "terms": words, "articles": [], "records": [], "method": "scan", "total": 0}
    if not words:
        return result
    if d.index_fresh and d.has("search_terms", "term"):
        _indexed_articles(d, words, limit, result)
    else:
        _scanned_articles(d, words, limit, result)
    for r in result["articles"]:
        text = r.pop("text")
        r["snippet"], at = snippet(text, words)
        r["href"] = d.urls.article(r["id"])
        r["title_html"] = highlight(r["title"] or "(untitled)", words)
    result["records"] = _records(d, words)
    return result


def _indexed_articles(d: "Dossier", words: list[str], limit: int, result: dict) -> None:
    """BM25 over the `search_terms` index: every word must occur; a quoted phrase must occur as written."""
    parts = {w: re.findall(TERM_PATTERN_PY, w) for w in words}
    index_terms = sorted({t for ts in parts.values() for t in ts})
    if not index_terms:
        return _scanned_articles(d, words, limit, result)
    phrases = [w for w, ts in parts.items() if ts != [w]]
    marks = ", ".join("?" * len(index_terms))
    phrase_cond = "".join(" AND a.text ILIKE ? ESCAPE '\\'" for _ in phrases)
    sql = (f"WITH hits AS (SELECT term, article_id, tf, title_tf, words FROM search_terms WHERE term IN ({marks})), "
           f"df AS (SELECT term, count(*) AS df FROM hits GROUP BY term), "
           f"n AS (SELECT count(*) AS n, avg(length(text)) / 6.0 AS avg_words FROM articles), "
           f"scored AS (SELECT h.article_id, count(*) AS matched, sum(ln(1 + (n.n - df.df + 0.5) / (df.df + 0.5)) * "
           f"((h.tf * 2.2) / (h.tf + 1.2 * (0.25 + 0.75 * h.words / greatest(n.avg_words, 1))) + 2 * least(h.title_tf, 3))) "
           f"AS score FROM hits h JOIN df USING (term), n GROUP BY h.article_id HAVING count(*) = ?), "
           + (f"matched AS (SELECT s.article_id, s.score FROM scored s JOIN articles a ON a.id = s.article_id "
              f"WHERE true{phrase_cond}), " if phrases else "matched AS (SELECT article_id, score FROM scored), ")
           + "top AS (SELECT article_id, score FROM matched ORDER BY score DESC, article_id LIMIT ?) "
           "SELECT (SELECT count(*) FROM matched) AS total, a.id, a.title, a.outlet, a.published, a.text, t.score "
           "FROM top t JOIN articles a ON a.id = t.article_id ORDER BY t.score DESC, a.published DESC NULLS LAST, a.id")
    rows = d.rows(sql, [*index_terms, len(index_terms), *[_like(p) for p in phrases], limit])
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


# (kind, table, required columns, text column, start/end columns (anchor table), extra columns)
RECORD_SEARCHES = [
    ("statement", "statements", ("content_text",), "t.content_text || ' — ' || coalesce(t.speaker_text, '')", ("content_start", "content_end", "statements.content"),
     "speaker_text"),
    ("figure", "quantities", ("counted_text",), "coalesce(t.counted_text, '') || ' ' || t.text", ("start", "end", "quantities"),
     "text"),
    ("label", "labels", ("text",), "t.text", ("start", "end", "labels"), "text"),
    ("date", "time_expressions", ("value",), "t.text || ' ' || t.value", ("start", "end", "time_expressions"), "value"),
]


def _q(name: str) -> str:
    return '"' + name + '"'


def _records(d: "Dossier", words: list[str]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    if d.has("entities", "name") and d.has("entity_aliases", "alias"):
        conds = " AND ".join(["(e.name ILIKE ? ESCAPE '\\' OR al.alias ILIKE ? ESCAPE '\\')"] * len(words))
        for r in d.rows(f"SELECT DISTINCT e.id, e.name, e.type, e.article_count FROM entities e "
                        f"LEFT JOIN entity_aliases al ON al.entity_id = e.id WHERE {conds} "
                        f"ORDER BY e.article_count DESC LIMIT 20", [p for w in words for p in (_like(w),) * 2]):
            out.append({"kind": "entity", "text": highlight(r["name"], words), "detail": f"{r['type']}, {r['article_count']} articles",
                        "href": d.urls.entity(r["id"])})
    elif d.has("mentions", "text"):
        conds = " AND ".join(["text ILIKE ? ESCAPE '\\'"] * len(words))
        for r in d.rows(f"SELECT text, mode(label) AS label, count(DISTINCT article_id) AS n FROM mentions "
                        f"WHERE {conds} GROUP BY text ORDER BY n DESC LIMIT 20", [_like(w) for w in words]):
            out.append({"kind": "name", "text": highlight(r["text"], words), "detail": f"{r['label']}, {r['n']} articles",
                        "href": d.urls.entity("name:" + r["text"])})
    for kind, table, need, text_expr, (s, e, anchor), extra in RECORD_SEARCHES:
        if not d.has(table, *need, s, e):
            continue
        conds = " AND ".join([f"({text_expr}) ILIKE ? ESCAPE '\\'"] * len(words))
        rows = d.rows(f"SELECT t.article_id, t.{_q(s)} AS s, t.{_q(e)} AS e, {text_expr} AS found, t.{extra} AS extra, "
                      f"a.outlet, a.published FROM {table} t JOIN articles a ON a.id = t.article_id "
                      f"WHERE {conds} ORDER BY a.published DESC NULLS LAST LIMIT 20", [_like(w) for w in words])
        for r in rows:
            detail = " · ".join(str(x) for x in (r["extra"] if kind == "statement" else None, r["outlet"], r["published"])
                                if x)
            out.append({"kind": kind, "text": highlight(r["found"][:300], words), "detail": detail,
                        "href": d.urls.evidence(r["article_id"], anchor, r["s"], r["e"])})
    return out
