"""Records: every row the tool stores is a dataclass that names its table.

A record's schema is its dataclass fields, so the store creates tables and `docs/schema.md` is
generated from the same source. Evidence spans follow one convention: `start`, `end`, `text` for the
record's own span, and `<role>_start`, `<role>_end`, `<role>_text` for a record with several spans
(`speaker_start`, `content_end`, ...). For every span, `article.text[start:end] == text`.
"""
from __future__ import annotations

import dataclasses
import functools
import datetime as dt
import types
import typing
from typing import Any, ClassVar, Iterator, Union

_SCALAR_TYPES: dict[type, str] = {
    str: "VARCHAR",
    int: "BIGINT",
    float: "DOUBLE",
    bool: "BOOLEAN",
    dt.date: "DATE",
    dt.datetime: "TIMESTAMP",
    bytes: "BLOB",
}


class Record:
    """Base of every stored record. Subclasses are dataclasses and set `table`.

    `key` names the columns that identify a row (used for docs and for idempotent writes);
    `doc` is one line for docs/schema.md.
    """

    table: ClassVar[str]
    key: ClassVar[tuple[str, ...]] = ()

    def as_dict(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in field_names(type(self))}


@functools.cache
def field_names(record_type: type) -> tuple[str, ...]:
    """The record type's field names in declaration order (cached: records are written by the million)."""
    return tuple(f.name for f in dataclasses.fields(record_type))


def _unwrap_optional(tp: Any) -> tuple[Any, bool]:
    origin = typing.get_origin(tp)
    if origin in (Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        if len(args) == 1:
            return args[0], True
    return tp, False


def sql_type(tp: Any) -> str:
    """DuckDB column type for a record field annotation."""
    tp, _ = _unwrap_optional(tp)
    if tp in _SCALAR_TYPES:
        return _SCALAR_TYPES[tp]
    if typing.get_origin(tp) is list:
        (inner,) = typing.get_args(tp)
        return sql_type(inner) + "[]"
    raise TypeError(f"no SQL type for annotation {tp!r}")


@functools.cache
def columns(record_type: type[Record]) -> tuple[tuple[str, str, bool], ...]:
    """(name, SQL type, nullable) of each field, in declaration order."""
    hints = typing.get_type_hints(record_type)
    out = []
    for f in dataclasses.fields(record_type):
        _, nullable = _unwrap_optional(hints[f.name])
        out.append((f.name, sql_type(hints[f.name]), nullable))
    return tuple(out)


@functools.cache
def span_roles(record_type: type[Record]) -> tuple[str, ...]:
    """Roles of the evidence spans a record type carries ('' is the record's own span)."""
    names = set(field_names(record_type))
    roles = []
    if {"start", "end", "text"} <= names:
        roles.append("")
    for name in sorted(names):
        if name.endswith("_start"):
            role = name[: -len("_start")]
            if {f"{role}_end", f"{role}_text"} <= names:
                roles.append(role)
    return tuple(roles)


@functools.cache
def _span_attributes(record_type: type[Record]) -> tuple[tuple[str, str, str, str], ...]:
    """(role, start field, end field, text field) for each span role of the type."""
    return tuple((role, *(f"{role}_{part}" if role else part for part in ("start", "end", "text")))
                 for role in span_roles(record_type))


def spans(record: Record) -> Iterator[tuple[str, int, int, str]]:
    """Yield (role, start, end, text) for every span of the record that is set."""
    for role, start_field, end_field, text_field in _span_attributes(type(record)):
        start = getattr(record, start_field)
        end = getattr(record, end_field)
        if start is None or end is None:
            continue
        yield role, start, end, getattr(record, text_field)


def span_errors(record: Record, article_text: str) -> list[str]:
    """Describe every span of `record` whose text is not exactly `article_text[start:end]`."""
    errors = []
    for role, start, end, text in spans(record):
        if not (0 <= start <= end <= len(article_text)) or article_text[start:end] != text:
            label = role or "span"
            errors.append(
                f"{type(record).__name__} {label} [{start}:{end}] is {text!r}, "
                f"text there is {article_text[max(start, 0):max(end, 0)]!r}"
            )
    return errors
