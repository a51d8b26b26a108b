"""Export: the dossier's tables as files a reader can use alone (CSV, JSONL, Parquet).

Every record that points at an article also carries that article's title, outlet and date, so one file
can be read without the others; the build's and the web UI's own index tables stay out unless asked for.
"""
from __future__ import annotations

from pathlib import Path

from newsdossier.errors import StoreError
from newsdossier.store import EXPORT_FORMATS, Store, _ident, export_folder

# bookkeeping and index tables: they serve the build and the web UI, not a reader of the dossier
INTERNAL_TABLES = frozenset({"article_stages", "entity_gathered", "entity_link_articles", "entity_name_forms",
                             "quantity_group_articles", "quantity_block_members",
                             "reuse_segments", "reuse_indexed", "search_terms", "schema_meta"})
ARTICLE_FIELDS = (("title", "title"), ("outlet", "outlet"), ("published", "published"))


def is_internal(table: str) -> bool:
    return table in INTERNAL_TABLES or table.startswith("web_")


def export_dossier(store: Store, out_dir: str | Path, fmt: str, internal: bool = False) -> dict[str, Path]:
    """Write the dossier's tables to OUT_DIR, one file each; every record that points at an article also
    carries that article's title, outlet and date (`article_title`, ...; `a_article_title`, ... for the
    two sides of a reuse pair), so a file can be read on its own. Internal tables only with `internal`."""
    if fmt not in EXPORT_FORMATS:
        raise StoreError(f"unknown export format {fmt!r}; use one of {', '.join(EXPORT_FORMATS)}")
    ext, options = EXPORT_FORMATS[fmt]
    out = export_folder(out_dir)
    columns = {t: [r[0] for r in store.execute(f"DESCRIBE {_ident(t)}").fetchall()] for t in store.tables()}
    written = {}
    for table, cols in columns.items():
        if is_internal(table) and not internal:
            continue
        selects, joins = [f"t.{_ident(c)}" for c in cols], []
        if table != "articles" and "articles" in columns:
            for i, key in enumerate(c for c in cols if c == "article_id" or c.endswith("_article_id")):
                prefix = key.removesuffix("article_id")  # '' or 'a_' / 'b_'
                alias = f"j{i}"
                joins.append(f"LEFT JOIN articles {alias} ON {alias}.id = t.{_ident(key)}")
                selects += [f"{alias}.{src} AS {_ident(prefix + 'article_' + name)}" for src, name in ARTICLE_FIELDS
                            if prefix + "article_" + name not in cols]
        written[table] = store.copy_to(f"SELECT {', '.join(selects)} FROM {_ident(table)} t {' '.join(joins)}",
                                       out / f"{table}.{ext}", options)
    return written
