"""What every route of the app shares: the snapshot, the templates and what is cached per snapshot."""
from __future__ import annotations

import datetime as dt
import json
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fastapi.encoders import jsonable_encoder
from fastapi.responses import HTMLResponse, JSONResponse, Response
from markupsafe import Markup

from newsdossier.store import Store
from newsdossier.web.data import Dossier
from newsdossier.web.render import Pages
from newsdossier.web.snapshot import Snapshot

if TYPE_CHECKING:
    from newsdossier.web.curation import Curation

FILTERED_VIEWS_KEPT = 128  # filtered corpus pages and searches kept per snapshot, the oldest dropped first


def json_ready(value: Any) -> Any:
    if isinstance(value, Markup):
        return str(value)
    if isinstance(value, dict):
        return {k: json_ready(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [json_ready(v) for v in value]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


class Site:
    """One served store. `curation` is None unless the server runs with `--curate`."""

    def __init__(self, store_path: str | Path, snapshot: Snapshot, pages: Pages, curation: Curation | None = None):
        self.store_path = store_path
        self.snapshot = snapshot
        self.pages = pages
        self.curation = curation
        # tables, columns and whole-corpus pages, shared by requests: one snapshot never changes
        self._per_snapshot: dict = {"generation": None, "schema": {}, "cache": {}}
        self._locks: dict = {}
        self._locks_lock = threading.Lock()
        self._bounded: list = []  # bounded keys, oldest first

    def state(self) -> tuple[Store, dict, dict]:
        store = self.snapshot.current()
        per = self._per_snapshot
        if per["generation"] != self.snapshot.generation:
            per.update(generation=self.snapshot.generation, schema={}, cache={})
            self._bounded = []
        return store, per["schema"], per["cache"]

    def dossier(self) -> Dossier:
        store, schema, _ = self.state()
        return Dossier(Store(store.con.cursor(), store.path, True), self.pages.urls, schema, self.snapshot.lookup())

    def cached(self, key, compute, *, bounded: bool = False):
        """`compute()` once per snapshot. Requests that ask for the same key at once wait for the first
        one's answer instead of each computing it (twenty readers opening the same page would otherwise
        run its queries twenty times). `bounded`: keep only the newest FILTERED_VIEWS_KEPT such keys
        (filtered pages and searches: too many combinations to keep them all)."""
        cache = self.state()[2]
        if key in cache:
            return cache[key]
        with self._locks_lock:
            lock = self._locks.setdefault(key, threading.Lock())
        with lock:
            if key not in cache:
                cache[key] = compute()
                if bounded:
                    self._bounded.append(key)
                    while len(self._bounded) > FILTERED_VIEWS_KEPT:
                        cache.pop(self._bounded.pop(0), None)
            value = cache[key]
        with self._locks_lock:
            self._locks.pop(key, None)
        return value

    def overview(self) -> dict:
        return self.cached("overview", lambda: self.dossier().overview())

    def page(self, template: str, status: int = 200, headers: dict | None = None, **ctx) -> HTMLResponse:
        html = self.pages.render(template, store_path=str(self.store_path), curation=self.curation, **ctx)
        return HTMLResponse(html, status_code=status, headers=headers)

    def error(self, status: int, heading: str, message: str) -> HTMLResponse:
        return self.page("error.html", status, heading=heading, message=message)

    def not_found(self, message: str) -> HTMLResponse:
        return self.error(404, "Not found", message)

    def api(self, data: Any) -> JSONResponse:
        ready = json_ready(data)
        try:
            # what JSONResponse would write, without jsonable_encoder's walk over every value first (a third
            # of an article's JSON time); a value json cannot write (a set, a key not a string) takes it
            body = json.dumps(ready, ensure_ascii=False, allow_nan=False, indent=None, separators=(",", ":"),
                              default=jsonable_encoder)
        except (TypeError, ValueError):
            return JSONResponse(jsonable_encoder(ready))
        return Response(body.encode("utf-8"), media_type="application/json")
