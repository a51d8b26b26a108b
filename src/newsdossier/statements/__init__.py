"""Statements: who said what, with speaker, cue, content, kind, anonymity and relaying source.

- `records`: the `statements` table's record;
- `extract`: the `statements` article stage, `StatementExtractor`: the rules over the parse, in order;
- `tables`: the cue words and patterns (data); `quotes`: quotation marks paired; `syntax`: speakers and
  contents of one cue over the dependency parse;
- `learned`: the steps that use the two models below; `speakers`: speaker resolution and the records;
- `cues`: the learned attribution-cue model (`cues.npz`); `spans`: the CRF span tagger (`spans.crfsuite`);
- `query`: the read side the CLI, the web UI and the report share.

Trainers for both models live outside the package, in `training/`.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from newsdossier.statements.query import query_statements
from newsdossier.statements.records import Statement

if TYPE_CHECKING:
    from newsdossier.statements.extract import StatementExtractor, extract_statements
    from newsdossier.statements.quotes import find_quotes

__all__ = ["Statement", "StatementExtractor", "extract_statements", "find_quotes", "query_statements"]


def __getattr__(name: str) -> Any:
    # the extractor imports spaCy; load it only when it is asked for, so queries stay light
    if name in ("extract_statements", "StatementExtractor"):
        from newsdossier.statements import extract

        return getattr(extract, name)
    if name == "find_quotes":
        from newsdossier.statements.quotes import find_quotes

        return find_quotes
    raise AttributeError(f"module 'newsdossier.statements' has no attribute {name!r}")
