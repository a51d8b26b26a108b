"""Generate docs/schema.md from the record dataclasses, so the documented schema cannot drift.

    uv run python -m newsdossier.schemadoc > docs/schema.md
"""
from __future__ import annotations

import inspect

from newsdossier.records import columns, span_roles
from newsdossier.stages import all_stages, record_types
from newsdossier.store import SCHEMA_VERSION

PREFACE = """# Store schema

Schema version: **{version}**. The store is one DuckDB file. Every record carries `article_id` and
character offsets into `articles.text` (Python string indices: Unicode code points, `start` inclusive,
`end` exclusive), so `articles.text[start:end] == text` for the record's own span and
`articles.text[<role>_start:<role>_end] == <role>_text` for each named span. Export writes one file per
table with the same field names (`newsdossier export --format jsonl|csv|parquet OUT_DIR`).

Migrations: opening a store adds missing tables and nullable columns in place; a change of meaning bumps
the version, and a store from a newer version is refused with a message rather than misread.

This file is generated: `uv run python -m newsdossier.schemadoc > docs/schema.md`.
"""


def producers() -> dict[type, str]:
    out = {}
    for info in all_stages().values():
        for rt in info.produces:
            out.setdefault(rt, f"{info.kind} stage `{info.name}`")
    return out


def render() -> str:
    lines = [PREFACE.format(version=SCHEMA_VERSION)]
    made_by = producers()
    for rt in record_types():
        doc = inspect.cleandoc(rt.__doc__ or "").strip()
        lines.append(f"## `{rt.table}`\n")
        if doc:
            lines.append(doc + "\n")
        origin = made_by.get(rt, "the build itself")
        roles = span_roles(rt)
        spans = ", ".join(f"`{r}`" if r else "own span" for r in roles) or "none"
        lines.append(f"Written by: {origin}. Evidence spans: {spans}.\n")
        lines.append("| column | type | null |\n|---|---|---|")
        for name, sql, nullable in columns(rt):
            lines.append(f"| `{name}` | {sql} | {'yes' if nullable else 'no'} |")
        lines.append("")
    return "\n".join(lines)


if __name__ == "__main__":
    print(render(), end="")
