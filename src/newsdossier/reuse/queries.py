"""Reading stored passages back (CLI and web UI): clusters with their members by date, pairs, and two
articles' passages aligned word by word."""
from __future__ import annotations

from typing import Any

import numpy as np

from newsdossier.reuse.articles import _load_articles


def reuse_clusters(store, article_id: str | None = None, limit: int = 50) -> list[dict[str, Any]]:
    """Clusters, largest first (or those holding `article_id`), each with its members by date.

    Each cluster: cluster_id, n_articles, exact, max_edit_ratio, origin (the rank-1 member), and
    members: article_id, title, outlet, published, start, end, text, rank, is_origin.
    """
    where, params = "", []
    if article_id is not None:
        where = "WHERE cluster_id IN (SELECT cluster_id FROM reuse_clusters WHERE article_id = ?)"
        params = [article_id]
    ids = [r[0] for r in store.execute(
        f"SELECT cluster_id, max(n_articles) AS n, min(published) AS first FROM reuse_clusters {where} "
        "GROUP BY cluster_id ORDER BY n DESC, first NULLS LAST, cluster_id LIMIT ?", [*params, limit]
    ).fetchall()]
    if not ids:
        return []
    rows = store.rows(
        "SELECT c.*, a.title, a.outlet FROM reuse_clusters c JOIN articles a ON a.id = c.article_id "
        "WHERE c.cluster_id IN (SELECT unnest(?)) ORDER BY c.cluster_id, c.rank", [ids]
    )
    by_id: dict[str, dict[str, Any]] = {}
    for r in rows:
        c = by_id.setdefault(r["cluster_id"], {
            "cluster_id": r["cluster_id"], "n_articles": r["n_articles"], "exact": r["exact"],
            "max_edit_ratio": r["max_edit_ratio"], "members": [],
        })
        c["members"].append({k: r[k] for k in ("article_id", "title", "outlet", "published", "start", "end",
                                                "text", "rank", "is_origin")})
    out = [by_id[i] for i in ids if i in by_id]
    for c in out:
        c["origin"] = c["members"][0] if c["members"] and c["members"][0]["is_origin"] else None
    return out


def reuse_pairs(store, article_id: str | None = None, limit: int = 200) -> list[dict[str, Any]]:
    """Stored passage pairs (those involving `article_id` when given), with both articles' dates."""
    where, params = "", []
    if article_id is not None:
        where = "WHERE r.a_article_id = ? OR r.b_article_id = ?"
        params = [article_id, article_id]
    return store.rows(
        "SELECT r.*, a.published AS a_published, a.outlet AS a_outlet, a.title AS a_title, "
        "b.published AS b_published, b.outlet AS b_outlet, b.title AS b_title "
        "FROM reuse r JOIN articles a ON a.id = r.a_article_id JOIN articles b ON b.id = r.b_article_id "
        f"{where} ORDER BY r.a_words DESC, r.id LIMIT ?", [*params, limit]
    )


def aligned_passages(store, a_id: str, b_id: str) -> list[dict[str, Any]]:
    """Two articles' shared passages, aligned word by word, for a side-by-side view.

    Returns one dict per passage: a_start, a_end, b_start, b_end, similarity, edit_ratio, exact,
    and `ops`: a list of (op, a_start, a_end, b_start, b_end) character spans in each article,
    op being 'equal', 'replace', 'delete' (only in A) or 'insert' (only in B). Spans cover the
    words; the text between them is left as it is.
    """
    import difflib

    arts = _load_articles(store, [a_id, b_id])
    if a_id not in arts or b_id not in arts:
        return []
    x, y = arts[a_id], arts[b_id]
    stored = store.rows(
        "SELECT * FROM reuse WHERE (a_article_id = ? AND b_article_id = ?) OR (a_article_id = ? AND b_article_id = ?) "
        "ORDER BY a_start", [a_id, b_id, b_id, a_id]
    )
    out = []
    for r in stored:
        if r["a_article_id"] == a_id:
            sa, ea, sb, eb = r["a_start"], r["a_end"], r["b_start"], r["b_end"]
        else:
            sa, ea, sb, eb = r["b_start"], r["b_end"], r["a_start"], r["a_end"]
        ta, tb = x.tokens, y.tokens
        wa = np.nonzero((ta.word_start >= sa) & (ta.word_end <= ea))[0]
        wb = np.nonzero((tb.word_start >= sb) & (tb.word_end <= eb))[0]
        ops = []
        if len(wa) and len(wb):
            a0, b0 = int(wa[0]), int(wb[0])
            sm = difflib.SequenceMatcher(None, ta.words[a0 : int(wa[-1]) + 1], tb.words[b0 : int(wb[-1]) + 1],
                                         autojunk=False)
            for op, i1, i2, j1, j2 in sm.get_opcodes():
                ca = (int(ta.word_start[a0 + i1]), int(ta.word_end[a0 + i2 - 1])) if i2 > i1 else (None, None)
                cb = (int(tb.word_start[b0 + j1]), int(tb.word_end[b0 + j2 - 1])) if j2 > j1 else (None, None)
                ops.append((op, ca[0], ca[1], cb[0], cb[1]))
        out.append({
            "a_start": sa, "a_end": ea, "a_text": x.text[sa:ea], "b_start": sb, "b_end": eb,
            "b_text": y.text[sb:eb], "similarity": r["similarity"], "edit_ratio": r["edit_ratio"],
            "exact": r["exact"], "ops": ops,
        })
    return out
