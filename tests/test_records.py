from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import ClassVar

import pytest

from newsdossier.records import Record, columns, span_errors, span_roles, spans


@dataclass(slots=True)
class Quote(Record):
    table: ClassVar[str] = "quotes_test"
    article_id: str
    speaker_start: int | None
    speaker_end: int | None
    speaker_text: str | None
    content_start: int
    content_end: int
    content_text: str
    when: dt.date | None
    tags: list[str]


def test_records_columns_map_types_and_nullability():
    assert list(columns(Quote)) == [
        ("article_id", "VARCHAR", False),
        ("speaker_start", "BIGINT", True),
        ("speaker_end", "BIGINT", True),
        ("speaker_text", "VARCHAR", True),
        ("content_start", "BIGINT", False),
        ("content_end", "BIGINT", False),
        ("content_text", "VARCHAR", False),
        ("when", "DATE", True),
        ("tags", "VARCHAR[]", False),
    ]


def test_records_span_roles_and_errors():
    text = "Ana said the bridge is safe."
    q = Quote("a1", 0, 3, "Ana", 9, 27, "the bridge is safe", None, [])
    assert span_roles(Quote) == ("content", "speaker")
    assert list(spans(q)) == [("content", 9, 27, "the bridge is safe"), ("speaker", 0, 3, "Ana")]
    assert span_errors(q, text) == []
    bad = Quote("a1", None, None, None, 9, 20, "the bridge", None, [])
    assert span_errors(bad, text) == ["Quote content [9:20] is 'the bridge', text there is 'the bridge '"]


@pytest.mark.parametrize("start,end", [(-1, 3), (5, 200)])
def test_records_span_errors_out_of_range(start, end):
    q = Quote("a1", None, None, None, start, end, "x", None, [])
    assert len(span_errors(q, "short text")) == 1

