"""The web app: `create_app(store_path)` gives a FastAPI app over one store, read-only unless asked.

The app reads a private snapshot of the store (`snapshot.py`), so a build can write the store while the
server runs; the snapshot is taken again when the store changes. Each request works on its own cursor
(DuckDB cursors are safe to use from the server's worker threads). Pages are server-rendered Jinja2
templates; `/api/...` returns the same data as JSON. The routes are in `routes.py`; with `curate=True`
(`serve --curate`, loopback only) `curation.py` adds the forms that merge and separate entities.

Every response carries a Content-Security-Policy, `X-Content-Type-Options: nosniff` and a referrer policy;
requests whose Host header names another site are refused (a DNS-rebinding page cannot read the UI), and
HEAD is answered as GET without a body.

Under load (#21: twenty clients at once, `benchmarks/web_latency.py --clients 20`, on two cores) the server
is bound by CPU per request, so what helped is less work per request: identical GETs arriving together are
answered once (`SnapshotCache`), and the slow pages were cut where profiling put their time (the entity
page's mention sections, search's corpus statistics and name lookup, the entity filter of corpus pages,
Jinja's attribute lookups), and the article and entity pages read their rows by key from a SQLite copy of
the snapshot (`lookup.py`: DuckDB spent 0.5-3 ms on each such query). Tried and not kept, each measured against one process with these same pages:
- two worker processes (uvicorn `workers=2`, each with its own snapshot, caches and warm-up): p95 worse on
  every slow page in both runs (a random entity page 790-930 ms against 340-360 ms with one process), and
  38-46 ms of CPU per request on the machine against 19 ms; DuckDB would let both read the store, but each
  worker copies it, warms up and computes every page afresh, and half the repeated requests miss its cache;
- DuckDB `threads=1` for the served connection: the same CPU per request, no latency gained;
- a shorter interpreter switch interval (0.5 ms instead of 5 ms): no gain, slightly more CPU;
- search's record scans as one ILIKE per column instead of over the joined text: within noise (4.6 to 3.9
  ms for statements, 2.0 to 2.3 ms for figures), not worth the exactness argument it needs.
"""
from __future__ import annotations

import asyncio
import contextlib
from pathlib import Path

from fastapi import FastAPI
from starlette.middleware.trustedhost import TrustedHostMiddleware

from newsdossier.errors import NewsDossierError
from newsdossier.web.render import Pages
from newsdossier.web.routes import register_api, register_corpus, register_pages
from newsdossier.web.site import Site
from newsdossier.web.snapshot import Snapshot

# No page loads anything from elsewhere; inline event handlers and foreign scripts are refused, and a
# form may only post to this server.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'")
LOOPBACK_HOSTS = ["127.0.0.1", "localhost", "::1", "[::1]"]


def security_headers(referrer: bytes = b"no-referrer") -> list[tuple[bytes, bytes]]:
    return [(b"content-security-policy", CSP.encode()), (b"x-content-type-options", b"nosniff"),
            (b"referrer-policy", referrer), (b"x-frame-options", b"DENY")]


SECURITY_HEADERS = security_headers()


class SecurityHeaders:
    """ASGI middleware: the security headers on every response, and HEAD served as GET without a body."""

    def __init__(self, app, headers: list[tuple[bytes, bytes]] = SECURITY_HEADERS):
        self.app = app
        self.headers = headers

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        head = scope["method"] == "HEAD"
        if head:
            scope = dict(scope, method="GET")

        async def sending(message):
            if message["type"] == "http.response.start":
                names = {name for name, _ in self.headers}
                headers = [(k, v) for k, v in message.get("headers", []) if k.lower() not in names]
                message = dict(message, headers=headers + self.headers)
            elif head and message["type"] == "http.response.body":
                message = dict(message, body=b"", more_body=message.get("more_body", False))
            await send(message)

        await self.app(scope, receive, sending)


def _no_store(start: dict) -> bool:
    return any(k.lower() == b"cache-control" and b"no-store" in v for k, v in start.get("headers", []))


class SnapshotCache:
    """ASGI middleware: GET answers cached per snapshot of the store, bounded in bytes (least recently used
    out first). A snapshot never changes, so a cached page is exactly what a new computation would give;
    a new snapshot (a build ended) starts a new cache. A response marked `Cache-Control: no-store` (a page
    carrying a one-time notice) is not kept.

    Requests for one URL that arrive while its first request is still being answered wait for that answer
    and are sent the cached copy (or, when it was not kept, compute their own). Without this, twenty
    clients opening a filtered corpus page at once rendered it twenty times: the query is shared
    (`Site.cached`), but rendering 500 rows is about 40 ms of Python each, one at a time under the
    interpreter lock, and such pages answered in p95 0.6-0.9 s under load."""

    def __init__(self, app, snapshot: Snapshot, max_bytes: int = 64 << 20):
        import collections

        self.app = app
        self.snapshot = snapshot
        self.max_bytes = max_bytes
        self.entries: collections.OrderedDict = collections.OrderedDict()
        self.bytes = 0
        self.generation = None
        self.pending: dict = {}  # key -> asyncio.Event set when its first request is answered

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["method"] not in ("GET", "HEAD"):
            return await self.app(scope, receive, send)
        self.snapshot.current()  # may take a newer snapshot: then nothing cached before holds
        if self.generation != self.snapshot.generation:
            self.entries.clear()
            self.bytes = 0
            self.generation = self.snapshot.generation
        generation = self.generation
        key = (scope["method"], scope["path"], scope.get("query_string", b""),
               dict(scope.get("headers") or []).get(b"host", b""))
        pending = self.pending.get(key)
        if pending is not None and pending[0] == generation:
            await pending[1].wait()
        hit = self.entries.get(key) if self.generation == generation else None
        if hit is not None:
            self.entries.move_to_end(key)
            start, body = hit
            await send(start)
            await send({"type": "http.response.body", "body": body})
            return
        first = key not in self.pending
        if first:
            self.pending[key] = (generation, asyncio.Event())
        try:
            await self._answer(scope, receive, send, key, generation)
        finally:
            if first:
                self.pending.pop(key)[1].set()

    async def _answer(self, scope, receive, send, key, generation) -> None:
        parts: list = []

        async def sending(message):
            parts.append(message)
            await send(message)

        await self.app(scope, receive, sending)
        starts = [m for m in parts if m["type"] == "http.response.start"]
        if (len(starts) == 1 and starts[0]["status"] == 200 and not _no_store(starts[0])
                and self.generation == generation):
            body = b"".join(m.get("body", b"") for m in parts if m["type"] == "http.response.body")
            if len(body) <= self.max_bytes // 8:
                self.entries[key] = (starts[0], body)
                self.bytes += len(body)
                while self.bytes > self.max_bytes and self.entries:
                    _, (_, old) = self.entries.popitem(last=False)
                    self.bytes -= len(old)


def create_app(store_path: str | Path, hosts: list[str] | None = None, *, curate: bool = False,
               alias_file: str | Path | None = None, lock_wait: float | None = None, lookup: bool = True) -> FastAPI:
    """An app over the store at `store_path` (raises StoreError when there is none).

    `hosts`: the Host names to answer besides the loopback ones (the address `serve --host` binds to).
    `curate`: add the entity page's merge and separate forms (`serve --curate`); refused with `hosts`,
    since anyone who can reach the server could then rewrite the alias file. `alias_file`: where the
    rules go (default beside the store); `lock_wait`: seconds a correction waits for a build's lock.
    `lookup`: make each snapshot's SQLite point-lookup copy (`lookup.py`); off, every page reads DuckDB.
    """
    if curate and hosts:
        raise NewsDossierError("curation is served on loopback only (127.0.0.1, localhost, ::1)")
    snapshot = Snapshot(store_path, lookup=lookup)
    pages = Pages()
    curation = None
    if curate:
        from newsdossier.web.curation import Curation

        curation = Curation.for_store(store_path, alias_file, lock_wait)
    site = Site(store_path, snapshot, pages, curation)

    @contextlib.asynccontextmanager
    async def lifespan(_app):
        # warm up at start: the whole-corpus pages are computed and every template compiled once
        site.overview()
        for name in ("entities.html", "entity.html", "articles.html", "article.html", "reuse.html", "search.html"):
            pages.env.get_template(name)
        yield
        snapshot.close()

    app = FastAPI(title="newsdossier", docs_url=None, redoc_url=None, openapi_url=None, lifespan=lifespan)
    app.add_middleware(TrustedHostMiddleware, allowed_hosts=[*LOOPBACK_HOSTS, *(hosts or [])])
    app.add_middleware(SnapshotCache, snapshot=snapshot)
    # a curation form must send its Origin (the POST check needs it); "no-referrer" would make the
    # browser send `Origin: null`, while "same-origin" still sends nothing to other sites
    app.add_middleware(SecurityHeaders, headers=security_headers(b"same-origin" if curate else b"no-referrer"))
    app.state.snapshot = snapshot
    app.state.site = site
    register_pages(app, site)
    register_corpus(app, site)
    register_api(app, site)
    if curation is not None:
        curation.register(app, site)
    return app

