"""Search across articles and records.

DuckDB's `fts` extension is not used: it is downloaded at first use, and no PyPI package ships a
build for DuckDB 2.0 (`duckdb-extension-fts` stops at 1.5.5, `duckdb-ext-fts` at 1.4.4; DuckDB
refuses to load either). Search is a scan instead: every query word must occur (case-insensitive
substring), and articles are ranked by a BM25-like score computed in SQL from the occurrence counts
(a title hit counts five times), so no index has to be built or kept in step with the store.
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from markupsafe import Markup, escape

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
    result: dict[str, Any] = {"q": q, "terms": words, "articles": [], "records": [], "method": "scan"}
    if not words:
        return result
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
    rows = d.rows(sql, [*tf_params, *cond_params, limit])
    total = d.store.scalar(f"SELECT count(*) FROM articles WHERE {conds}", cond_params)
    for r in rows:
        text = r.pop("text")
        r["snippet"], at = snippet(text, words)
        r["href"] = d.urls.article(r["id"])
        r["title_html"] = highlight(r["title"] or "(untitled)", words)
    result["articles"] = rows
    result["total"] = total
    result["records"] = _records(d, words)
    return result


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
