"""Statements: who said what, with speaker, cue, content, kind, anonymity and relaying source.

- `records`: the `statements` table's record;
- `extract`: the `statements` article stage (rules over the parse, plus the two models below);
- `cues`: the learned attribution-cue model (`cues.npz`); `spans`: the CRF span tagger (`spans.crfsuite`);
- `query`: the read side the CLI, the web UI and the report share.

Trainers for both models live outside the package, in `training/`.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from newsdossier.statements.query import query_statements
from newsdossier.statements.records import Statement

if TYPE_CHECKING:
    from newsdossier.statements.extract import extract_statements, find_quotes, load_tagger

__all__ = ["Statement", "extract_statements", "find_quotes", "load_tagger", "query_statements"]


def __getattr__(name: str) -> Any:
    # the extractor imports spaCy; load it only when it is asked for, so queries stay light
    if name in ("extract_statements", "find_quotes", "load_tagger", "StatementExtractor"):
        from newsdossier.statements import extract

        return getattr(extract, name)
    raise AttributeError(f"module 'newsdossier.statements' has no attribute {name!r}")
