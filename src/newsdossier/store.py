"""Store: the DuckDB file that holds every article and record.

Tables are created from the record dataclasses (see records.py), so the schema has one source.
Writes go through `transaction()`: a build commits one batch of articles at a time, so an
interrupted build leaves only whole articles behind and the next build resumes.
"""
from __future__ import annotations

import logging

import contextlib
import datetime as dt
import functools
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar, Iterable, Iterator

import duckdb

from newsdossier.config import store_lock_wait, store_memory_limit
from newsdossier.errors import StoreError
from newsdossier.records import Record, columns

log = logging.getLogger(__name__)

# Bump when a table or column changes meaning; adding a table or a nullable column needs no bump
# because `migrate()` adds them in place. History is in docs/schema.md.
SCHEMA_VERSION = 1

EXPORT_FORMATS = {
    "jsonl": ("jsonl", "FORMAT JSON"),
    "csv": ("csv", "FORMAT CSV, HEADER"),
    "parquet": ("parquet", "FORMAT PARQUET"),
}


@dataclass(slots=True)
class Problem(Record):
    """A file or record that could not be read or analysed, and why."""

    table: ClassVar[str] = "problems"

    run_id: int
    source: str
    reason: str


@dataclass(slots=True)
class StageRun(Record):
    """Which version of which stage produced an article's records (so upgrades re-run only stale ones).

    fingerprint: a hash of the stage's model files ('' for a stage without one), so a retrained model
    re-analyses the articles it did not see.
    """

    table: ClassVar[str] = "article_stages"
    key: ClassVar[tuple[str, ...]] = ("article_id", "stage")

    article_id: str
    stage: str
    version: int
    fingerprint: str | None = None


@dataclass(slots=True)
class Run(Record):
    """One `build`: when, over what, and what came of it."""

    table: ClassVar[str] = "runs"
    key: ClassVar[tuple[str, ...]] = ("id",)

    id: int
    corpus: str
    started: dt.datetime
    finished: dt.datetime | None
    articles_new: int
    articles_seen: int
    problems: int
    status: str


CORE_RECORDS: list[type[Record]] = [Problem, StageRun, Run]

def _arrow_type(sql: str):
    import pyarrow as pa  # only writing needs it; reading commands start faster without it

    if sql.endswith("[]"):
        return pa.list_(_arrow_type(sql[:-2]))
    return {
        "VARCHAR": pa.string,
        "BIGINT": pa.int64,
        "DOUBLE": pa.float64,
        "BOOLEAN": pa.bool_,
        "DATE": pa.date32,
        "TIMESTAMP": lambda: pa.timestamp("us"),
        "BLOB": pa.binary,
    }[sql]()


@functools.cache
def _arrow_schema(record_type: type[Record]):
    import pyarrow as pa

    return pa.schema([pa.field(n, _arrow_type(t)) for n, t, _ in columns(record_type)])


def _record_columns(record_type: type[Record], records: list[Record]) -> dict[str, list]:
    """The records' values column by column, as `Store._insert_columns` takes them."""
    return {n: [getattr(r, n) for r in records] for n, _, _ in columns(record_type)}


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def temp_ids(store, table: str, column: str, ids: list[str]) -> None:
    """A temporary one-column table holding `ids` (joined against instead of a long IN list)."""
    store.execute(f"CREATE OR REPLACE TEMP TABLE {table} ({column} VARCHAR)")
    if ids:
        store.execute(f"INSERT INTO {table} SELECT unnest(?)", [ids])


def size_batches(sizes: list[tuple[Any, int]], limit: int) -> Iterator[tuple[Any, Any]]:
    """(first key, last key) of consecutive runs of `(key, size)` items whose sizes add up to at most
    `limit` (an item larger than `limit` is a run of its own): how link stages read a table in
    bounded pieces that never split a key."""
    i = 0
    while i < len(sizes):
        j, total = i, 0
        while j < len(sizes) and (j == i or total + sizes[j][1] <= limit):
            total += sizes[j][1]
            j += 1
        yield sizes[i][0], sizes[j - 1][0]
        i = j


def like_pattern(text: str) -> str:
    """`%text%` for `ILIKE ? ESCAPE '\\'`, with the user's own `%`, `_` and backslashes taken literally."""
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _connect(path: str, read_only: bool, lock_wait: float | None = None) -> duckdb.DuckDBPyConnection:
    """Open the file, waiting a bounded time while another process holds its lock (DuckDB lets one writer,
    or several readers, in at a time: a build and the web server's snapshot copy take turns).
    `lock_wait`: seconds to wait (default `store_lock_wait()`; 0 fails at once)."""
    wait = store_lock_wait() if lock_wait is None else lock_wait
    deadline = time.monotonic() + (0 if path == ":memory:" else wait)
    pause = 0.05
    while True:
        try:
            return duckdb.connect(path, read_only=read_only,
                                  config={} if read_only else {"memory_limit": store_memory_limit()})
        except duckdb.IOException as exc:
            if "lock" not in str(exc).lower():
                raise StoreError(f"cannot open store {path}: {exc}") from exc
            if time.monotonic() >= deadline:
                holder = str(exc).split("Conflicting lock is held in", 1)[-1].split(".", 1)[0].strip()
                raise StoreError(f"store {path} is in use by another process ({holder}): a build writes one "
                                 f"store at a time; run this again when it ends") from exc
            time.sleep(pause)
            pause = min(pause * 2, 1.0)
        except duckdb.Error as exc:
            raise StoreError(f"cannot open store {path}: {exc}") from exc


class Store:
    """A DuckDB-backed store. Open with `Store.open(path)`; use as a context manager to close."""

    def __init__(self, con: duckdb.DuckDBPyConnection, path: str, read_only: bool,
                 records: Iterable[type[Record]] | None = None):
        self.con = con
        self.path = path
        self.read_only = read_only
        self._records = list(records) if records is not None else None

    @property
    def records(self) -> list[type[Record]]:
        """The record types this store knows: those it was given, or every built-in stage's."""
        if self._records is None:
            from newsdossier.stages import record_types  # names record modules only; never loads spaCy

            self._records = record_types()
        return self._records

    @classmethod
    def open(cls, path: str | Path, *, read_only: bool = False,
             records: Iterable[type[Record]] | None = None, lock_wait: float | None = None) -> "Store":
        path = str(path)
        if read_only and path != ":memory:" and not Path(path).exists():
            raise StoreError(f"no store at {path}: run `newsdossier build CORPUS --store {path}` first")
        if not read_only and path != ":memory:":
            try:
                Path(path).parent.mkdir(parents=True, exist_ok=True)  # `--store out/new/dossier.duckdb` just works
            except OSError as exc:
                raise StoreError(f"cannot create the folder for store {path}: {exc}") from exc
        con = _connect(path, read_only, lock_wait)
        store = cls(con, path, read_only, records)
        try:
            store._check_is_store()
            if not read_only:
                store.migrate()
                store._close_dead_runs()
            else:
                store._check_version()
        except BaseException:
            con.close()
            raise
        return store

    def _check_is_store(self) -> None:
        """Refuse a DuckDB file that holds tables of something else: a build would alter them."""
        tables = [r[0] for r in self.con.execute(
            "SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main' AND NOT temporary "
            "ORDER BY table_name").fetchall()]
        if tables and "schema_meta" not in tables:
            shown = ", ".join(tables[:5]) + (f" and {len(tables) - 5} more" if len(tables) > 5 else "")
            raise StoreError(f"{self.path} is a DuckDB file but not a newsdossier store (it holds {shown}); "
                             "give --store another path")

    def _close_dead_runs(self) -> None:
        """A run still `running` when a writer opens the store was killed: DuckDB lets one writer in at a time."""
        if any(rt.table == "runs" for rt in self.records):
            self.con.execute("UPDATE runs SET status = 'interrupted' WHERE status = 'running'")

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self.con.close()

    # -- schema ---------------------------------------------------------------------------------

    def _stored_version(self) -> int | None:
        exists = self.scalar("SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_meta'")
        if not exists:
            return None
        value = self.scalar("SELECT value FROM schema_meta WHERE key = 'schema_version'")
        return int(value) if value is not None else None

    def _check_version(self) -> None:
        version = self._stored_version()
        if version is not None and version > SCHEMA_VERSION:
            raise StoreError(
                f"store {self.path} has schema version {version}, newer than this newsdossier "
                f"({SCHEMA_VERSION}); upgrade newsdossier to read it"
            )

    def migrate(self) -> None:
        """Create missing tables and columns for every registered record type; record the version."""
        self._check_version()
        self.con.execute("CREATE TABLE IF NOT EXISTS schema_meta (key VARCHAR PRIMARY KEY, value VARCHAR)")
        for rt in self.records:
            self.ensure_table(rt)
        self.con.execute(
            "INSERT OR REPLACE INTO schema_meta VALUES ('schema_version', ?)", [str(SCHEMA_VERSION)]
        )

    def ensure_table(self, record_type: type[Record]) -> None:
        cols = columns(record_type)
        table = record_type.table
        existing = {
            r[0]
            for r in self.con.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_name = ?", [table]
            ).fetchall()
        }
        if not existing:
            defs = [f"{_ident(n)} {t}{'' if nullable else ' NOT NULL'}" for n, t, nullable in cols]
            if record_type.key == ("id",):
                defs[0] += " PRIMARY KEY"
            self.con.execute(f"CREATE TABLE {_ident(table)} ({', '.join(defs)})")
            return
        for name, sql, _ in cols:
            if name not in existing:
                self.con.execute(f"ALTER TABLE {_ident(table)} ADD COLUMN {_ident(name)} {sql}")

    # -- writing --------------------------------------------------------------------------------

    @contextlib.contextmanager
    def transaction(self) -> Iterator["Store"]:
        self.con.execute("BEGIN TRANSACTION")
        try:
            yield self
        except BaseException:
            self.con.execute("ROLLBACK")
            raise
        else:
            self.con.execute("COMMIT")

    def insert(self, records: Iterable[Record]) -> dict[str, int]:
        """Append records, grouped by table, one columnar insert per table. Returns rows per table."""
        by_type: dict[type[Record], list[Record]] = {}
        for rec in records:
            by_type.setdefault(type(rec), []).append(rec)
        counts = {}
        for rt, recs in by_type.items():
            self._insert_columns(rt, _record_columns(rt, recs))
            counts[rt.table] = len(recs)
        return counts

    def insert_rows(self, record_type: type[Record], rows: list[dict[str, Any]], *, only_new: bool = False) -> None:
        """Append rows (dicts of field values); with `only_new`, skip rows whose key is already stored."""
        if rows:
            self._insert_columns(record_type, {n: [row[n] for row in rows] for n, _, _ in columns(record_type)},
                                 only_new=only_new)

    def _insert_columns(self, record_type: type[Record], values: dict[str, list], *, only_new: bool = False) -> None:
        if not next(iter(values.values()), None):
            return
        import pyarrow as pa

        batch = pa.table(values, schema=_arrow_schema(record_type))
        table = _ident(record_type.table)
        sql = f"INSERT INTO {table} BY NAME SELECT * FROM _nd_batch"
        if only_new:
            match = " AND ".join(f"t.{_ident(k)} = b.{_ident(k)}" for k in record_type.key)
            sql = (f"INSERT INTO {table} BY NAME SELECT DISTINCT * FROM _nd_batch b "
                   f"WHERE NOT EXISTS (SELECT 1 FROM {table} t WHERE {match})")
        self.con.register("_nd_batch", batch)
        try:
            self.con.execute(sql)
        finally:
            with contextlib.suppress(duckdb.Error):  # after a failed statement; the caller rolls back
                self.con.unregister("_nd_batch")

    def insert_new(self, record_type: type[Record], records: list[Record]) -> None:
        """Insert only the records whose key columns are not stored yet (idempotent appends)."""
        self._insert_columns(record_type, _record_columns(record_type, records), only_new=True)

    def replace_table(self, record_type: type[Record], records: Iterable[Record]) -> int:
        """Replace a table's whole content (for link stages that recompute their answer)."""
        records = list(records)
        self.con.execute(f"DELETE FROM {_ident(record_type.table)}")
        self._insert_columns(record_type, _record_columns(record_type, records))
        return len(records)

    def delete_for_articles(self, record_type: type[Record], article_ids: list[str]) -> None:
        if article_ids:
            self.con.execute(
                f"DELETE FROM {_ident(record_type.table)} WHERE article_id IN (SELECT unnest(?))",
                [article_ids],
            )

    # -- reading --------------------------------------------------------------------------------

    def execute(self, sql: str, params: list | None = None) -> duckdb.DuckDBPyConnection:
        return self.con.execute(sql, params or [])

    def rows(self, sql: str, params: list | None = None) -> list[dict[str, Any]]:
        cur = self.con.execute(sql, params or [])
        names = [d[0] for d in cur.description]
        return [dict(zip(names, row)) for row in cur.fetchall()]

    def scalar(self, sql: str, params: list | None = None) -> Any:
        # fetchall, not fetchone: DuckDB 2 refuses further work while a result is half-read
        rows = self.con.execute(sql, params or []).fetchall()
        return rows[0][0] if rows else None

    def article_ranges(self, size: int = 2000) -> Iterator[tuple[str, str]]:
        """(first, last) article ids of consecutive runs of `size` stored articles, in id order.

        Link stages read the corpus one range at a time (`WHERE article_id BETWEEN ? AND ?`), so
        what they hold in Python is bounded by `size`, not by the corpus. Each range is found with
        a fresh query, so the connection is free for writes between ranges.
        """
        last = ""
        while True:
            rows = self.con.execute(
                "SELECT min(id), max(id) FROM (SELECT id FROM articles WHERE id > ? ORDER BY id LIMIT ?)",
                [last, size]).fetchall()
            first, last = rows[0]
            if first is None:
                return
            yield first, last

    def existing_ids(self, ids: list[str]) -> set[str]:
        if not ids:
            return set()
        found = self.con.execute("SELECT id FROM articles WHERE id IN (SELECT unnest(?))", [ids])
        return {r[0] for r in found.fetchall()}

    def tables(self) -> list[str]:
        """The record tables: of the types this store was given, else those the file holds, in creation order
        (so `info` and `export` read the catalogue and import no stage module)."""
        if self._records is not None or self.path == ":memory:":
            return [rt.table for rt in self.records]
        return [r[0] for r in self.con.execute(
            "SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main' AND table_name <> 'schema_meta' "
            "AND NOT temporary ORDER BY table_oid").fetchall()]

    def counts(self) -> dict[str, int]:
        return {t: self.scalar(f"SELECT count(*) FROM {_ident(t)}") for t in self.tables()}

    def next_run_id(self) -> int:
        return int(self.scalar("SELECT coalesce(max(id), 0) + 1 FROM runs"))

    def export(self, out_dir: str | Path, fmt: str) -> dict[str, Path]:
        """Write one file per table (`articles.jsonl`, `mentions.jsonl`, ...). Returns table -> path."""
        if fmt not in EXPORT_FORMATS:
            raise StoreError(f"unknown export format {fmt!r}; use one of {', '.join(EXPORT_FORMATS)}")
        ext, options = EXPORT_FORMATS[fmt]
        out = export_folder(out_dir)
        written = {}
        for table in self.tables():
            written[table] = self.copy_to(f"SELECT * FROM {_ident(table)}", out / f"{table}.{ext}", options)
        return written

    def copy_to(self, select_sql: str, path: Path, options: str) -> Path:
        """Write a query's rows to a file (`COPY ... TO`), one clear error when the file cannot be written."""
        literal = str(path).replace("'", "''")
        try:
            self.con.execute(f"COPY ({select_sql}) TO '{literal}' ({options})")
        except duckdb.IOException as exc:
            raise StoreError(f"cannot write {path}: {exc}") from exc
        return path


def export_folder(out_dir: str | Path) -> Path:
    """The export folder, made if missing; a folder that cannot be made is one clear error."""
    out = Path(out_dir)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(f"cannot write the export to {out}: {exc.strerror or exc}") from exc
    return out
