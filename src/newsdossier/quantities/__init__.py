"""Quantities: every figure that counts something in the world, and where articles disagree.

Two stages:

- `quantities` (article stage, after `statements`; extract.py): finds figures in the one parse (digits,
  number words, vague counts such as "dozens", ranges, money, percentages, measures), normalises them to
  `value`/`low`/`high` with the hedge that bounds them ("more than", "about", "up to"), and reads
  from the dependency parse what is counted ("Iranian civilians", "members of the group"), the
  predicate ("kill", "detain", "pay"), its agent ("by whom"), and place and time where the sentence
  gives them. Each figure carries the voice it is written in (the outlet, a named speaker or an
  anonymous source) and the polarity of that statement ("deny" when the claim is denied).
- `quantity_groups` (link stage; groups.py): groups figures that count the same kind of thing across
  articles (same predicate class, compatible counted category, agent) and gives each pair of claims a
  verdict, `conflict`, `compatible` or `different_scope`, with the reason; groups are ranked by how
  much their claims disagree.

Years, dates, times, ages, ordinals, page and article numbers, identifiers and phone-like codes are
not quantities. Every word list is a data table in tables.py; nothing is tuned to one topic.

The modules:

- records.py: the record types (`Quantity`, `QuantityGroup`, `QuantityPair`);
- tables.py: the word tables;
- figures.py: number spans, values, intervals, units;
- roles.py: what is counted, predicate, agent, place, time, claimant and denier;
- extract.py: the article stage;
- compare.py: categories, qualifiers and the verdict on a pair;
- groups.py: the link stage (blocks, pairs, ranks);
- query.py: the read side every view lists conflicts through.

The names below are re-exported lazily: importing this package imports none of its modules, so the
store, `info`, `export` and `serve` can name the record types without loading the parser code.
"""
from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {
    "Quantity": "records", "QuantityGroup": "records", "QuantityPair": "records", "VERDICTS": "records",
    "extract_quantities": "extract",
    "predicate_class": "compare", "category_chain": "compare", "qualifiers": "compare", "compare_pair": "compare",
    "describe": "compare", "denial_note": "compare", "fmt_number": "compare",
    "block_key": "groups", "compute_groups": "groups", "same_referent": "groups", "judge_block": "groups",
    "rank_groups": "groups", "group_quantities": "groups",
    "conflict_groups": "query", "conflict_report": "query",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{module}"), name)


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_EXPORTS))
