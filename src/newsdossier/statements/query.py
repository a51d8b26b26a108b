"""Read side of the statements: the one query the CLI, the web UI and the report share."""
from __future__ import annotations

from typing import Any

from newsdossier.store import like_pattern

# the order every view lists statements in (CLI, web pages, report): oldest article first, then text order
STATEMENT_ORDER = "a.published NULLS LAST, s.article_id, s.start"


def query_statements(store, article: str | None = None, speaker: str | None = None,
                     limit: int | None = None) -> list[dict[str, Any]]:
    """Stored statements, optionally of one article (id or id prefix) and/or one speaker.

    `speaker` matches the speaker as written or as resolved, case-insensitively, as a substring.
    """
    where, params = [], []
    if article:
        where.append("s.article_id LIKE ?")
        params.append(article + "%")
    if speaker:
        where.append("(s.speaker_text ILIKE ? ESCAPE '\\' OR s.speaker_entity ILIKE ? ESCAPE '\\')")
        params += [like_pattern(speaker), like_pattern(speaker)]
    sql = ("SELECT s.*, a.outlet, a.published FROM statements s JOIN articles a ON a.id = s.article_id"
           + (" WHERE " + " AND ".join(where) if where else "")
           + f" ORDER BY {STATEMENT_ORDER}")
    if limit:
        sql += f" LIMIT {int(limit)}"
    return store.rows(sql, params)
