"""The web app: `create_app(store_path)` gives a read-only FastAPI app over one store.

The app reads a private snapshot of the store (`snapshot.py`), so a build can write the store while the
server runs; the snapshot is taken again when the store changes. Each request works on its own cursor
(DuckDB cursors are safe to use from the server's worker threads). Pages are server-rendered Jinja2
templates; `/api/...` returns the same data as JSON.

Every response carries a Content-Security-Policy, `X-Content-Type-Options: nosniff` and a referrer policy;
requests whose Host header names another site are refused (a DNS-rebinding page cannot read the UI), and
HEAD is answered as GET without a body.
"""
from __future__ import annotations

import contextlib
import datetime as dt
from pathlib import Path
from typing import Any

from fastapi import FastAPI, HTTPException, Query
from starlette.middleware.trustedhost import TrustedHostMiddleware
from fastapi.encoders import jsonable_encoder
from fastapi.responses import HTMLResponse, JSONResponse, Response
from markupsafe import Markup

from newsdossier.store import Store
from newsdossier.web.corpus import Corpus, CorpusView, Filters
from newsdossier.web.data import Dossier
from newsdossier.web.snapshot import Snapshot
from newsdossier.web.render import Pages, static_text

STATIC_TYPES = {"style.css": "text/css; charset=utf-8", "app.js": "text/javascript; charset=utf-8"}
# No page loads anything from elsewhere; inline event handlers and foreign scripts are refused.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "object-src 'none'; base-uri 'none'; frame-ancestors 'none'")
SECURITY_HEADERS = [(b"content-security-policy", CSP.encode()), (b"x-content-type-options", b"nosniff"),
                    (b"referrer-policy", b"no-referrer"), (b"x-frame-options", b"DENY")]
LOOPBACK_HOSTS = ["127.0.0.1", "localhost", "::1", "[::1]"]
MAX_PAGE = 100_000  # past any real listing; bigger numbers are refused (422), never a 500


class SecurityHeaders:
    """ASGI middleware: the security headers on every response, and HEAD served as GET without a body."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        head = scope["method"] == "HEAD"
        if head:
            scope = dict(scope, method="GET")

        async def sending(message):
            if message["type"] == "http.response.start":
                names = {name for name, _ in SECURITY_HEADERS}
                headers = [(k, v) for k, v in message.get("headers", []) if k.lower() not in names]
                message = dict(message, headers=headers + SECURITY_HEADERS)
            elif head and message["type"] == "http.response.body":
                message = dict(message, body=b"", more_body=message.get("more_body", False))
            await send(message)

        await self.app(scope, receive, sending)


def _json_ready(value: Any) -> Any:
    if isinstance(value, Markup):
        return str(value)
    if isinstance(value, dict):
        return {k: _json_ready(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_json_ready(v) for v in value]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


class SnapshotCache:
    """ASGI middleware: GET answers cached per snapshot of the store, bounded in bytes (least recently used
    out first). A snapshot never changes, so a cached page is exactly what a new computation would give;
    a new snapshot (a build ended) starts a new cache."""

    def __init__(self, app, snapshot: Snapshot, max_bytes: int = 64 << 20):
        import collections

        self.app = app
        self.snapshot = snapshot
        self.max_bytes = max_bytes
        self.entries: collections.OrderedDict = collections.OrderedDict()
        self.bytes = 0
        self.generation = None

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["method"] not in ("GET", "HEAD"):
            return await self.app(scope, receive, send)
        self.snapshot.current()  # may take a newer snapshot: then nothing cached before holds
        if self.generation != self.snapshot.generation:
            self.entries.clear()
            self.bytes = 0
            self.generation = self.snapshot.generation
        key = (scope["method"], scope["path"], scope.get("query_string", b""),
               dict(scope.get("headers") or []).get(b"host", b""))
        hit = self.entries.get(key)
        if hit is not None:
            self.entries.move_to_end(key)
            start, body = hit
            await send(start)
            await send({"type": "http.response.body", "body": body})
            return
        parts: list = []

        async def sending(message):
            parts.append(message)
            await send(message)

        await self.app(scope, receive, sending)
        starts = [m for m in parts if m["type"] == "http.response.start"]
        if len(starts) == 1 and starts[0]["status"] == 200:
            body = b"".join(m.get("body", b"") for m in parts if m["type"] == "http.response.body")
            if len(body) <= self.max_bytes // 8:
                self.entries[key] = (starts[0], body)
                self.bytes += len(body)
                while self.bytes > self.max_bytes and self.entries:
                    _, (_, old) = self.entries.popitem(last=False)
                    self.bytes -= len(old)


def create_app(store_path: str | Path, hosts: list[str] | None = None) -> FastAPI:
    """A read-only app over the store at `store_path` (raises StoreError when there is none).

    `hosts`: the Host names to answer besides the loopback ones (the address `serve --host` binds to).
    """
    snapshot = Snapshot(store_path)
    pages = Pages()
    @contextlib.asynccontextmanager
    async def lifespan(_app):
        # warm up at start: the whole-corpus pages are computed and every template compiled once
        overview()
        for name in ("entities.html", "entity.html", "articles.html", "article.html", "reuse.html", "search.html"):
            pages.env.get_template(name)
        yield
        snapshot.close()

    app = FastAPI(title="newsdossier", docs_url=None, redoc_url=None, openapi_url=None, lifespan=lifespan)
    app.add_middleware(TrustedHostMiddleware, allowed_hosts=[*LOOPBACK_HOSTS, *(hosts or [])])
    app.add_middleware(SnapshotCache, snapshot=snapshot)
    app.add_middleware(SecurityHeaders)
    app.state.snapshot = snapshot
    static = {name: static_text(name) for name in STATIC_TYPES}

    # tables, columns and whole-corpus pages, shared by requests: one snapshot never changes
    per_snapshot: dict = {"generation": None, "schema": {}, "cache": {}}

    def state() -> tuple[Store, dict, dict]:
        store = snapshot.current()
        if per_snapshot["generation"] != snapshot.generation:
            per_snapshot.update(generation=snapshot.generation, schema={}, cache={})
        return store, per_snapshot["schema"], per_snapshot["cache"]

    def dossier() -> Dossier:
        store, schema, _ = state()
        return Dossier(Store(store.con.cursor(), store.path, True), pages.urls, schema)

    def cached(key, compute):
        cache = state()[2]
        if key not in cache:
            cache[key] = compute()
        return cache[key]

    def page(template: str, status: int = 200, **ctx) -> HTMLResponse:
        html = pages.render(template, store_path=str(store_path), **ctx)
        return HTMLResponse(html, status_code=status)

    def not_found(message: str) -> HTMLResponse:
        return page("error.html", 404, heading="Not found", message=message)

    def api(data: Any) -> JSONResponse:
        return JSONResponse(jsonable_encoder(_json_ready(data)))

    @app.get("/static/{name}")
    def static_file(name: str) -> Response:
        if name not in static:
            raise HTTPException(404)
        return Response(static[name], media_type=STATIC_TYPES[name], headers={"Cache-Control": "max-age=3600"})

    @app.get("/", response_class=HTMLResponse)
    def overview():
        return page("overview.html", page="overview", d=cached("overview", lambda: dossier().overview()))

    @app.get("/entities", response_class=HTMLResponse)
    def entities(q: str | None = None, type: str | None = None):
        d = (cached("entities", lambda: dossier().top_entities(200)) if not (q or type)
             else dossier().top_entities(200, type or None, q or None))
        return page("entities.html", page="entities", d=d, q=q, type=type)

    @app.get("/entity/{entity_id:path}", response_class=HTMLResponse)
    def entity(entity_id: str):
        d = dossier().entity(entity_id)
        if d is None:
            return not_found(f"No entity {entity_id!r} in this store.")
        return page("entity.html", page="entity", d=d)

    @app.get("/articles", response_class=HTMLResponse)
    def articles(outlet: str | None = None, q: str | None = None, page_no: int = Query(1, alias="page", ge=1, le=MAX_PAGE)):
        return page("articles.html", page="articles", d=dossier().articles(outlet, q, page_no))

    @app.get("/article/{article_id}", response_class=HTMLResponse)
    def article(article_id: str):
        d = dossier().article(article_id)
        if d is None:
            return not_found(f"No article {article_id!r} in this store.")
        return page("article.html", page="article", d=d)

    @app.get("/reuse/{a_id}/{b_id}", response_class=HTMLResponse)
    def reuse(a_id: str, b_id: str):
        d = dossier().reuse(a_id, b_id)
        if d is None:
            return not_found("One of these articles is not in this store.")
        return page("reuse.html", page="reuse", d=d)

    @app.get("/search", response_class=HTMLResponse)
    def search(q: str = ""):
        return page("search.html", page="search", d=dossier().search(q), q=q)

    # -- corpus pages: filter by outlet, date range and entity; ?format=csv|json downloads the rows --

    def corpus_view(name: str, f: Filters, compute, **extra) -> CorpusView:
        # the unfiltered page is a whole-corpus page like the overview: computed once (the store is read-only)
        if not f.as_params() and not any(extra.values()):
            return cached(("corpus", name), compute)
        return compute()

    def corpus_page(view: CorpusView, f: Filters, format: str | None, **extra) -> Response:
        if format == "json":
            return api(view.as_json(f))
        if format == "csv":
            return Response(view.as_csv(), media_type="text/csv; charset=utf-8",
                            headers={"Content-Disposition": f'attachment; filename="{view.name}.csv"'})
        return page("corpus.html", page=view.name, v=view, f=f, outlets=cached("outlets", lambda: Corpus(dossier()).outlets()),
                    extra=extra, query=f.as_params() | {k: v for k, v in extra.items() if v})

    Fmt = Query(None, pattern="^(html|csv|json)$")

    @app.get("/statements")
    def statements(outlet: str | None = None, since: str | None = None, until: str | None = None,
                   entity: str | None = None, kind: str | None = None, anonymous: str | None = None,
                   format: str | None = Fmt):
        f = Filters.parse(outlet, since, until, entity)
        v = corpus_view("statements", f, lambda: Corpus(dossier()).statements(f, kind or None, anonymous or None),
                        kind=kind, anonymous=anonymous)
        return corpus_page(v, f, format, kind=kind, anonymous=anonymous)

    @app.get("/conflicts")
    def conflicts(outlet: str | None = None, since: str | None = None, until: str | None = None,
                  entity: str | None = None, format: str | None = Fmt):
        f = Filters.parse(outlet, since, until, entity)
        return corpus_page(corpus_view("conflicts", f, lambda: Corpus(dossier()).conflicts(f)), f, format)

    @app.get("/timeline")
    def timeline(outlet: str | None = None, since: str | None = None, until: str | None = None,
                 entity: str | None = None, lane: str = Query("outlet", pattern="^(outlet|actor)$"),
                 format: str | None = Fmt):
        f = Filters.parse(outlet, since, until, entity)
        lane_param = lane if lane != "outlet" else None
        v = corpus_view("timeline", f, lambda: Corpus(dossier()).timeline(f, lane), lane=lane_param)
        return corpus_page(v, f, format, lane=lane_param)

    @app.get("/framing")
    def framing(outlet: str | None = None, since: str | None = None, until: str | None = None,
                entity: str | None = None, format: str | None = Fmt):
        f = Filters.parse(outlet, since, until, entity)
        return corpus_page(corpus_view("framing", f, lambda: Corpus(dossier()).framing(f)), f, format)

    @app.get("/reuse")
    def reuse_corpus(outlet: str | None = None, since: str | None = None, until: str | None = None,
                     entity: str | None = None, format: str | None = Fmt):
        f = Filters.parse(outlet, since, until, entity)
        return corpus_page(corpus_view("reuse", f, lambda: Corpus(dossier()).reuse(f)), f, format)

    @app.get("/network")
    def network(outlet: str | None = None, since: str | None = None, until: str | None = None,
                entity: str | None = None, min_articles: int = Query(1, ge=1, le=1000), format: str | None = Fmt):
        f = Filters.parse(outlet, since, until, entity)
        thin = min_articles if min_articles > 1 else None
        v = corpus_view("network", f, lambda: Corpus(dossier()).network(f, min_articles), min_articles=thin)
        return corpus_page(v, f, format, min_articles=thin)

    # -- JSON ---------------------------------------------------------------------------------------

    @app.get("/api/overview")
    def api_overview():
        return api(cached("overview", lambda: dossier().overview()))

    @app.get("/api/entities")
    def api_entities(q: str | None = None, type: str | None = None, limit: int = Query(100, ge=1, le=5000)):
        return api(dossier().top_entities(limit, type or None, q or None))

    @app.get("/api/entity/{entity_id:path}")
    def api_entity(entity_id: str):
        d = dossier().entity(entity_id)
        if d is None:
            raise HTTPException(404, f"no entity {entity_id!r}")
        return api(d)

    @app.get("/api/articles")
    def api_articles(outlet: str | None = None, q: str | None = None, page_no: int = Query(1, alias="page", ge=1, le=MAX_PAGE)):
        return api(dossier().articles(outlet, q, page_no))

    @app.get("/api/article/{article_id}")
    def api_article(article_id: str):
        d = dossier().article(article_id)
        if d is None:
            raise HTTPException(404, f"no article {article_id!r}")
        d.pop("html")
        return api(d)

    @app.get("/api/reuse/{a_id}/{b_id}")
    def api_reuse(a_id: str, b_id: str):
        d = dossier().reuse(a_id, b_id)
        if d is None:
            raise HTTPException(404, "no such article")
        d.pop("a_html", None)
        d.pop("b_html", None)
        for p in d.get("passages") or []:
            p.pop("a_html", None)
            p.pop("b_html", None)
        return api(d)

    @app.get("/api/search")
    def api_search(q: str = ""):
        return api(dossier().search(q))

    return app
