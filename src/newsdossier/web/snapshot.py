"""The web server's own copy of the store, so a build and the UI can run at the same time.

DuckDB lets one process write a file, or several read it, never both: a server that kept the store open
would make every `build` fail, and a build would stop the server. So the server reads a private snapshot:
it copies the store (and its WAL) while holding a read lock for a moment, then opens the copy. Before a
request it looks at the store's modification time; when the store changed and no build holds it, the
snapshot is taken again and the pages show the new articles. While a build runs the server keeps
answering from the last snapshot; the build, which waits a bounded time for a lock (`store.py`), only
ever waits for the copy (about a second for a 50 MB store).

Each snapshot also gets its point-lookup copy in SQLite (`lookup.py`), which the article and entity
pages read once it is ready; `lookup=False` serves from DuckDB alone.
"""
from __future__ import annotations

import contextlib
import logging
import shutil
import tempfile
import threading
import time
from pathlib import Path

from newsdossier.errors import StoreError
from newsdossier.store import Store
from newsdossier.web.lookup import Builder, Lookup

log = logging.getLogger(__name__)

RECHECK_SECONDS = 2.0  # how often a request may look for a newer store


def _signature(path: Path) -> tuple:
    out = []
    for p in (path, Path(f"{path}.wal")):
        try:
            st = p.stat()
            out.append((st.st_mtime_ns, st.st_size))
        except FileNotFoundError:
            out.append(None)
    return tuple(out)


class Snapshot:
    """A read-only Store over a private copy of the store at `path`, refreshed when the store changes."""

    def __init__(self, path: str | Path, *, lookup: bool = True):
        self.path = Path(path)
        self.use_lookup = lookup
        self._builders: dict[int, Builder] = {}  # id(store) -> its lookup copy
        self._dir = tempfile.TemporaryDirectory(prefix="newsdossier-serve-")
        self._lock = threading.Lock()
        self._generation = 0
        self._checked = 0.0
        self.store: Store | None = None
        self._retired: list[Store] = []
        self.signature: tuple | None = None
        if not self.path.exists():
            raise StoreError(f"no store at {self.path}: run `newsdossier build CORPUS --store {self.path}` first")
        self._take(wait=True)

    @property
    def generation(self) -> int:
        """Grows by one with every new snapshot: caches keyed on it are never stale."""
        return self._generation

    def current(self) -> Store:
        """The latest snapshot's store, after a cheap check (at most every RECHECK_SECONDS) for a newer one."""
        now = time.monotonic()
        if now - self._checked >= RECHECK_SECONDS:
            self._checked = now
            # a request never waits for another's copy (or for a correction, `writing`): it answers
            # from the snapshot it has
            if _signature(self.path) != self.signature and self._lock.acquire(blocking=False):
                try:
                    if _signature(self.path) != self.signature:
                        self._take(wait=False)
                finally:
                    self._lock.release()
        assert self.store is not None
        return self.store

    def lookup(self) -> Lookup | None:
        """The current snapshot's point-lookup copy, once it is ready (None before, or when off)."""
        builder = self._builders.get(id(self.store))
        return builder.ready() if builder is not None else None

    def lookup_state(self) -> str:
        builder = self._builders.get(id(self.store))
        return builder.state() if builder is not None else "off"

    def wait_for_lookup(self, timeout: float | None = None) -> Lookup | None:
        builder = self._builders.get(id(self.store))
        return builder.wait(timeout) if builder is not None else None

    @contextlib.contextmanager
    def writing(self):
        """Around this process writing the store itself (`serve --curate`): no copy is taken meanwhile,
        since DuckDB refuses a read-only and a writing connection to one file in one process; when the
        body succeeds, a new snapshot is taken at once, so the next page shows the change."""
        with self._lock:
            yield
            self._take(wait=True)
            self._checked = time.monotonic()

    def _take(self, wait: bool) -> None:
        signature = _signature(self.path)
        target = Path(self._dir.name) / f"snapshot-{self._generation + 1}.duckdb"
        try:
            # the read lock keeps a build out while the bytes are copied, so the copy is consistent
            holder = Store.open(self.path, read_only=True, lock_wait=None if wait else 0)
        except StoreError:
            if self.store is None:
                raise
            return  # a build holds the store: keep answering from the last snapshot
        try:
            shutil.copyfile(self.path, target)
            wal = Path(f"{self.path}.wal")
            if wal.exists():
                shutil.copyfile(wal, Path(f"{target}.wal"))
        finally:
            holder.close()
        if self.store is not None:
            self._retired.append(self.store)
        self.store = Store.open(target, read_only=True)
        if self.use_lookup:
            self._builders[id(self.store)] = Builder(self.store.con, target.with_suffix(".lookup.sqlite"))
        self.signature = signature
        self._generation += 1
        log.info("serving snapshot %d of %s", self._generation, self.path)
        # a request may still read the previous snapshot's cursors: only the one before it is closed
        while len(self._retired) > 1:
            old = self._retired.pop(0)
            builder = self._builders.pop(id(old), None)
            if builder is not None:
                builder.close()
            old.close()
            for f in (Path(old.path), Path(f"{old.path}.wal")):
                f.unlink(missing_ok=True)

    def close(self) -> None:
        for builder in self._builders.values():
            builder.close()
        self._builders.clear()
        for store in [*self._retired, *([self.store] if self.store is not None else [])]:
            store.close()
        self._dir.cleanup()

