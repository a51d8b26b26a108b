"""The server's point-lookup copy of a snapshot: SQLite, for the pages that read one article or one entity.

Why a second engine (#21): DuckDB is a column store. A query that reads one article's rows costs it
0.5-3 ms however few rows match (binding and planning, a scan of the key column, vectorised result
conversion: measured on the 2,000-article store of `benchmarks/web_latency.py --quick`, 0.8 ms for one
entity by id, 2.2 ms for one article's spans), and an article or entity page runs six to ten such
queries. With twenty readers on two cores each request may spend about 12 ms of CPU, so those pages
answered in p95 400-500 ms. SQLite, a row store with B-tree indexes, answers the same queries in
0.02-0.3 ms (`sqlite3` is in the standard library; no other well-kept embedded engine is).

So after each snapshot (`snapshot.py`) the server copies the tables those pages read into a SQLite file
beside it, with an index on each lookup key, plus two derived tables (names lower-cased by DuckDB, so
a name matches as it does in DuckDB; each figure's group). It is built in a background thread when the
store is large; until it is ready, and for any table it does not hold, pages read DuckDB with the same
SQL: the queries sent here are written in the SQL both engines read alike (explicit NULLS LAST, no
lists, no DuckDB functions), and values come back as DuckDB gives them (dates, booleans, lists), so a
page is the same whichever engine answered (`tests/test_web_lookup.py` compares them).
"""
from __future__ import annotations

import datetime as dt
import json
import logging
import math
import sqlite3
import threading
import time
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

# table -> the column lists to index; each table is copied whole
TABLES: dict[str, list[tuple[str, ...]]] = {
    "articles": [("id",)],
    "web_spans": [("article_id",)],
    "statements": [("article_id", "start"), ("id",)],
    "quantities": [("article_id", "start"), ("id",)],
    "events": [("id",)],
    "reuse": [("a_article_id",), ("b_article_id",)],
    "sources": [("article_id",)],
    "entities": [("id",)],
    "entity_aliases": [("entity_id",)],
    "entity_merges": [("entity_id",)],
    "web_entity_mentions": [("entity_id",)],
    "web_entity_records": [("entity_id", "relation")],
    "speaker_entities": [("entity_id",)],
    "quantity_pairs": [("a_id",), ("b_id",)],
    "boilerplate": [("article_id", "start")],
    # search's BM25 reads the rows of a few terms: by key here (1.0-1.3 ms a search), a scan of every term in DuckDB (8.2-8.5)
    "search_terms": [("term",)],
}
# derived tables: name -> (the DuckDB query, the tables it reads, the column lists to index)
DERIVED: dict[str, tuple[str, tuple[str, ...], list[tuple[str, ...]]]] = {
    # every name and alias of an entity as DuckDB's lower() writes it (SQLite's lower() knows only ASCII)
    "lookup_names": ("SELECT id AS entity_id, lower(name) AS low FROM entities "
                     "UNION SELECT entity_id, lower(alias) FROM entity_aliases", ("entities", "entity_aliases"),
                     [("low",)]),
    "lookup_quantity_groups": ("SELECT q AS quantity_id, g.id, g.label, g.conflicts, g.disagreement "
                               "FROM quantity_groups g, unnest(g.quantity_ids) AS t(q)", ("quantity_groups",),
                               [("quantity_id",)]),
    # the articles naming each entity, with how many mentions: the entity filter and the name search
    "lookup_entity_articles": ("SELECT entity_id, article_id, count(*) AS mentions FROM mention_entities "
                               "GROUP BY entity_id, article_id", ("mention_entities",),
                               [("entity_id",), ("article_id",)]),
}
SYNC_ROWS = 100_000  # a snapshot with fewer rows in these tables is copied before it is served
BATCH = 20_000

# SQLite's declared types for DuckDB's, and how a value goes in; a type not listed keeps its table in DuckDB
_DATE, _TIME, _BOOL, _JSON = "ND_DATE", "ND_TIMESTAMP", "ND_BOOL", "ND_JSON"
sqlite3.register_converter(_DATE, lambda b: dt.date.fromisoformat(b.decode()))
sqlite3.register_converter(_TIME, lambda b: dt.datetime.fromisoformat(b.decode()))
sqlite3.register_converter(_BOOL, lambda b: b not in (b"0", b""))
sqlite3.register_converter(_JSON, lambda b: json.loads(b.decode()))


def _declared(duck_type: str) -> str | None:
    t = duck_type.upper()
    if t.endswith("[]"):
        inner = _declared(t[:-2])
        return _JSON if inner in ("TEXT", "INTEGER", "REAL") else None
    if t in ("VARCHAR", "TEXT"):
        return "TEXT"
    if t in ("BIGINT", "INTEGER", "SMALLINT", "TINYINT", "UBIGINT", "UINTEGER", "USMALLINT", "UTINYINT"):
        return "INTEGER"
    if t in ("DOUBLE", "FLOAT", "REAL"):
        return "REAL"
    if t == "BOOLEAN":
        return _BOOL
    if t == "DATE":
        return _DATE
    if t in ("TIMESTAMP", "TIMESTAMP WITH TIME ZONE"):
        return _TIME
    return None


def _writer(declared: str):
    if declared == _JSON:
        return lambda v: None if v is None else json.dumps(v)
    if declared in (_DATE, _TIME):
        return lambda v: None if v is None else v.isoformat()
    if declared == _BOOL:
        return lambda v: None if v is None else int(v)
    return None


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def plan(con) -> dict[str, tuple[str, list[tuple[str, str]], list[tuple[str, ...]]]]:
    """What a copy of the DuckDB connection `con` holds: {table: (DuckDB query, [(column, SQLite type)],
    indexes)}, for every table above that exists with types SQLite can give back, and every derived
    table whose sources exist."""
    cols: dict[str, list[tuple[str, str]]] = {}
    for table, column, dtype in con.execute(
            "SELECT table_name, column_name, data_type FROM information_schema.columns "
            "WHERE table_schema = 'main' ORDER BY table_name, ordinal_position").fetchall():
        cols.setdefault(table, []).append((column, dtype))
    out = {}
    for table, indexes in TABLES.items():
        if table not in cols:
            continue
        declared = [(c, _declared(t)) for c, t in cols[table]]
        if any(d is None for _, d in declared) or any(c not in dict(declared) for ix in indexes for c in ix):
            continue
        out[table] = (f"SELECT * FROM {_q(table)}", declared, indexes)
    for table, (sql, sources, indexes) in DERIVED.items():
        if all(s in cols for s in sources):
            try:
                described = con.execute(f"SELECT * FROM ({sql}) LIMIT 0").description
            except Exception:  # noqa: BLE001 - a source without the columns this needs: not derived
                continue
            declared = [(d[0], _declared(str(d[1]))) for d in described]
            if all(d is not None for _, d in declared):
                out[table] = (sql, declared, indexes)
    return out


def rows_to_copy(con, planned: dict) -> int:
    """About how many rows a copy of `planned` writes (DuckDB's estimate per table)."""
    sizes = dict(con.execute("SELECT table_name, estimated_size FROM duckdb_tables()").fetchall())
    return sum(sizes.get(t, 0) for t in planned if t in TABLES) + sum(
        sizes.get(s, 0) for t in planned if t in DERIVED for s in DERIVED[t][1])


def _has_ln(con: sqlite3.Connection) -> bool:
    try:
        con.execute("SELECT ln(2.0)")
    except sqlite3.OperationalError:
        return False
    return True


class Cancelled(Exception):
    pass


def build(con, target: Path, planned: dict | None = None, cancel: threading.Event | None = None) -> Path:
    """Copy the tables of `planned` (default: `plan(con)`) from the DuckDB connection `con` into a new
    SQLite file at `target`; written under another name and renamed when complete. `cancel`: set, the
    copy stops at its next batch (raises Cancelled)."""
    planned = plan(con) if planned is None else planned
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    out = sqlite3.connect(partial)
    try:
        out.execute("PRAGMA journal_mode = OFF")
        out.execute("PRAGMA synchronous = OFF")
        for table, (sql, declared, indexes) in planned.items():
            out.execute(f"CREATE TABLE {_q(table)} ({', '.join(f'{_q(c)} {d}' for c, d in declared)})")
            writers = [_writer(d) for _, d in declared]
            convert = [(i, w) for i, w in enumerate(writers) if w is not None]
            insert = f"INSERT INTO {_q(table)} VALUES ({', '.join('?' * len(declared))})"
            cur = con.execute(sql)
            while True:
                batch = cur.fetchmany(BATCH)
                if not batch:
                    break
                if cancel is not None and cancel.is_set():
                    raise Cancelled(str(target))
                if convert:
                    batch = [list(r) for r in batch]
                    for r in batch:
                        for i, w in convert:
                            r[i] = w(r[i])
                out.executemany(insert, batch)
            for k, columns in enumerate(indexes):
                out.execute(f"CREATE INDEX {_q(f'{table}_{k}')} ON {_q(table)} ({', '.join(map(_q, columns))})")
        out.commit()
    finally:
        out.close()
    partial.replace(target)
    return target


class Lookup:
    """A finished SQLite copy, read by any thread (one connection per thread, all closed together)."""

    def __init__(self, path: Path, tables: set[str]):
        self.path = path
        self.tables = tables
        self._local = threading.local()
        self._all: list[sqlite3.Connection] = []
        self._lock = threading.Lock()

    def holds(self, *tables: str) -> bool:
        return all(t in self.tables for t in tables)

    def _con(self) -> sqlite3.Connection:
        con = getattr(self._local, "con", None)
        if con is None:
            con = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, detect_types=sqlite3.PARSE_DECLTYPES,
                                  check_same_thread=False)
            if not _has_ln(con):
                # SQLite built without its math functions: BM25's idf needs ln()
                con.create_function("ln", 1, math.log, deterministic=True)
            self._local.con = con
            with self._lock:
                self._all.append(con)
        return con

    def execute(self, sql: str, params: list | None = None) -> sqlite3.Cursor:
        return self._con().execute(sql, [_param(p) for p in params or []])

    def rows(self, sql: str, params: list | None = None) -> list[dict[str, Any]]:
        cur = self.execute(sql, params)
        names = [d[0] for d in cur.description]
        return [dict(zip(names, row)) for row in cur.fetchall()]

    def scalar(self, sql: str, params: list | None = None) -> Any:
        rows = self.execute(sql, params).fetchall()
        return rows[0][0] if rows else None

    def many(self, sql: str, params: list | None = None, columns: tuple[str, ...] = ()) -> list[list]:
        """The rows of `sql` (text and numbers only, in no set order) as lists, read in one step: SQLite
        builds them as one JSON array. Python's sqlite3 lets other threads run at every row it steps
        through; with twenty requests at once each row then waited for the interpreter lock, and a page
        reading 2,000 rows answered in p95 0.5 s for 11 ms of CPU. `columns`: the names of `sql`'s columns."""
        cols = ", ".join(f"x.{_q(c)}" for c in columns)
        found = self.scalar(f"SELECT json_group_array(json_array({cols})) FROM ({sql}) x", params)
        return json.loads(found) if found else []

    def close(self) -> None:
        with self._lock:
            for con in self._all:
                con.close()
            self._all.clear()
        self.path.unlink(missing_ok=True)


def _param(p: Any) -> Any:
    if isinstance(p, (dt.date, dt.datetime)):
        return p.isoformat()
    if isinstance(p, bool):
        return int(p)
    return p


class Builder:
    """The copy of one snapshot: made at once when the store is small, else in a background thread;
    `ready()` gives the Lookup once it is finished (None before, or when the copy failed)."""

    def __init__(self, con, target: Path, *, background: bool | None = None):
        self.target = target
        self.lookup: Lookup | None = None
        self.failed: str | None = None
        self.seconds: float | None = None
        self._cancel = threading.Event()
        self._planned = plan(con)
        small = rows_to_copy(con, self._planned) < SYNC_ROWS
        self._thread = None
        if background is False or (background is None and small):
            self._run(con)
        else:
            # its own cursor: the served connection's cursors are the requests'
            self._thread = threading.Thread(target=self._run, args=(con.cursor(),), daemon=True,
                                            name="lookup-copy")
            self._thread.start()

    def _run(self, con) -> None:
        t0 = time.perf_counter()
        try:
            build(con, self.target, self._planned, self._cancel)
        except Cancelled:
            self.failed = "cancelled"
            return
        except Exception as e:  # noqa: BLE001 - the pages keep reading DuckDB; the log says why
            self.failed = f"{type(e).__name__}: {e}"
            log.warning("the point-lookup copy %s was not made (%s); pages read the store", self.target, self.failed)
            return
        self.seconds = time.perf_counter() - t0
        self.lookup = Lookup(self.target, set(self._planned))
        log.info("point-lookup copy %s ready in %.1f s", self.target, self.seconds)

    def ready(self) -> Lookup | None:
        return self.lookup

    def state(self) -> str:
        return "ready" if self.lookup is not None else "failed" if self.failed else "building"

    def wait(self, timeout: float | None = None) -> Lookup | None:
        if self._thread is not None:
            self._thread.join(timeout)
        return self.lookup

    def close(self) -> None:
        if self._thread is not None:
            self._cancel.set()
            self._thread.join()
        if self.lookup is not None:
            self.lookup.close()
        self.target.unlink(missing_ok=True)
        self.target.with_name(self.target.name + ".partial").unlink(missing_ok=True)
