"""`reuse`: passages that travel between articles, grouped by cluster, earliest publication first."""
from __future__ import annotations

import datetime as dt
import json
from typing import Annotated, Optional

import typer
from rich.table import Table

from newsdossier.cli._app import DEFAULT_STORE_PATH, StoreOpt, app, console, fail


def _json_default(value):
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    raise TypeError(f"not JSON serializable: {type(value).__name__}")


def _snippet(text: str, width: int = 70) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


@app.command("reuse")
def reuse_cli(
    store: StoreOpt = DEFAULT_STORE_PATH,
    article: Annotated[Optional[str], typer.Option("--article", "-a", help="Only reuse involving this article id.")] = None,
    pairs: Annotated[bool, typer.Option("--pairs", help="List passage pairs instead of clusters.")] = False,
    limit: Annotated[int, typer.Option(help="Most clusters (or pairs) to show.")] = 50,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of tables.")] = False,
) -> None:
    """Passages shared between articles: clusters ordered by publication date (origin first).

    Example: newsdossier reuse --store dossier.duckdb --article 3f2a9c0d1e4b5a67
    """
    from newsdossier.reuse import reuse_clusters, reuse_pairs
    from newsdossier.store import Store

    if limit < 1:
        fail("--limit must be at least 1")
    with Store.open(store, read_only=True) as st:
        if article is not None and not st.scalar("SELECT count(*) FROM articles WHERE id = ?", [article]):
            fail(f"no article {article!r} in {store}")
        if not st.scalar("SELECT count(*) FROM information_schema.tables WHERE table_name = 'reuse'"):
            fail(f"{store} has no reuse table: rebuild with the reuse stage on")
        result = reuse_pairs(st, article, limit) if pairs else reuse_clusters(st, article, limit)
    if as_json:
        console.print_json(json.dumps(result, default=_json_default, ensure_ascii=False))
        return
    if not result:
        console.print("no shared passages" + (f" for article {article}" if article else ""))
        return
    if pairs:
        table = Table("earlier (A)", "date", "later (B)", "date", "words", "edit", "exact", "passage in A",
                      title="reused passages")
        for r in result:
            table.add_row(r["a_article_id"], str(r["a_published"] or "-"), r["b_article_id"],
                          str(r["b_published"] or "-"), str(r["a_words"]), f"{r['edit_ratio']:.2f}",
                          "yes" if r["exact"] else "no", _snippet(r["a_text"]))
        console.print(table)
        return
    for c in result:
        kind = "exact copies" if c["exact"] else f"edited (max edit ratio {c['max_edit_ratio']:.2f})"
        origin = c["origin"]
        head = (f"cluster {c['cluster_id']}: {c['n_articles']} articles, {kind}; likely origin "
                + (f"{origin['article_id']} ({origin['published']})" if origin else "unknown (no dates)"))
        table = Table("#", "article", "outlet", "published", "span", "passage", title=head, title_justify="left")
        for m in c["members"]:
            table.add_row(str(m["rank"]) + (" origin" if m["is_origin"] else ""), m["article_id"],
                          m["outlet"] or "-", str(m["published"] or "-"), f"{m['start']}-{m['end']}",
                          _snippet(m["text"]))
        console.print(table)
