"""The app's routes, in groups registered on the app by `create_app`: pages, corpus pages, JSON.

Each group is a function of the app and its `Site` (the snapshot, the templates and the per-snapshot
cache), so `create_app` only wires them; the curation routes, which exist only in `serve --curate`,
live in `web/curation.py`.
"""
from __future__ import annotations

from fastapi import FastAPI, HTTPException, Query
from fastapi.responses import HTMLResponse, JSONResponse, Response

from newsdossier.web.corpus import Corpus, CorpusView, Filters
from newsdossier.web.render import static_text
from newsdossier.web.site import Site

STATIC_TYPES = {"style.css": "text/css; charset=utf-8", "app.js": "text/javascript; charset=utf-8"}
MAX_PAGE = 100_000  # past any real listing; bigger numbers are refused (422), never a 500


def register_pages(app: FastAPI, site: Site) -> None:
    static = {name: static_text(name) for name in STATIC_TYPES}

    @app.get("/static/{name}")
    def static_file(name: str) -> Response:
        if name not in static:
            raise HTTPException(404)
        return Response(static[name], media_type=STATIC_TYPES[name], headers={"Cache-Control": "max-age=3600"})

    @app.get("/", response_class=HTMLResponse)
    def overview():
        return site.page("overview.html", page="overview", d=site.overview())

    @app.get("/entities", response_class=HTMLResponse)
    def entities(q: str | None = None, type: str | None = None):
        d = (site.cached("entities", lambda: site.dossier().top_entities(200)) if not (q or type)
             else site.dossier().top_entities(200, type or None, q or None))
        return site.page("entities.html", page="entities", d=d, q=q, type=type)

    @app.get("/entity/{entity_id:path}", response_class=HTMLResponse)
    def entity(entity_id: str, done: str | None = None):
        d = site.dossier().entity(entity_id)
        if d is None:
            return site.not_found(f"No entity {entity_id!r} in this store.")
        if site.curation is None:
            return site.page("entity.html", page="entity", d=d)
        return site.curation.entity_page(site, d, done)

    @app.get("/articles", response_class=HTMLResponse)
    def articles(outlet: str | None = None, q: str | None = None, page_no: int = Query(1, alias="page", ge=1, le=MAX_PAGE)):
        return site.page("articles.html", page="articles", d=site.dossier().articles(outlet, q, page_no))

    @app.get("/article/{article_id}", response_class=HTMLResponse)
    def article(article_id: str):
        d = site.dossier().article(article_id)
        if d is None:
            return site.not_found(f"No article {article_id!r} in this store.")
        return site.page("article.html", page="article", d=d)

    @app.get("/reuse/{a_id}/{b_id}", response_class=HTMLResponse)
    def reuse(a_id: str, b_id: str):
        d = site.dossier().reuse(a_id, b_id)
        if d is None:
            return site.not_found("One of these articles is not in this store.")
        return site.page("reuse.html", page="reuse", d=d)

    @app.get("/search", response_class=HTMLResponse)
    def search(q: str = ""):
        return site.page("search.html", page="search", d=_search(site, q), q=q)


def register_corpus(app: FastAPI, site: Site) -> None:
    """The corpus pages: filter by outlet, date range and entity; ?format=csv|json downloads the rows."""

    def corpus_view(name: str, f: Filters, compute, **extra) -> CorpusView:
        # the unfiltered page is a whole-corpus page like the overview: computed once per snapshot;
        # a filtered one is kept while it is among the newest asked for
        if not f.as_params() and not any(extra.values()):
            return site.cached(("corpus", name), compute)
        key = ("corpus", name, tuple(sorted(f.as_params().items())), tuple(sorted(extra.items())))
        return site.cached(key, compute, bounded=True)

    def corpus_page(view: CorpusView, f: Filters, format: str | None, **extra) -> Response:
        if format == "json":
            return site.api(view.as_json(f))
        if format == "csv":
            return Response(view.as_csv(), media_type="text/csv; charset=utf-8",
                            headers={"Content-Disposition": f'attachment; filename="{view.name}.csv"'})
        outlets = site.cached("outlets", lambda: Corpus(site.dossier()).outlets())
        return site.page("corpus.html", page=view.name, v=view, f=f, outlets=outlets,
                         extra=extra, query=f.as_params() | {k: v for k, v in extra.items() if v})

    def corpus() -> Corpus:
        return Corpus(site.dossier())

    Fmt = Query(None, pattern="^(html|csv|json)$")

    @app.get("/statements")
    def statements(outlet: str | None = None, since: str | None = None, until: str | None = None,
                   entity: str | None = None, kind: str | None = None, anonymous: str | None = None,
                   format: str | None = Fmt):
        f = Filters.parse(outlet, since, until, entity)
        v = corpus_view("statements", f, lambda: corpus().statements(f, kind or None, anonymous or None),
                        kind=kind, anonymous=anonymous)
        return corpus_page(v, f, format, kind=kind, anonymous=anonymous)

    @app.get("/conflicts")
    def conflicts(outlet: str | None = None, since: str | None = None, until: str | None = None,
                  entity: str | None = None, format: str | None = Fmt):
        f = Filters.parse(outlet, since, until, entity)
        return corpus_page(corpus_view("conflicts", f, lambda: corpus().conflicts(f)), f, format)

    @app.get("/timeline")
    def timeline(outlet: str | None = None, since: str | None = None, until: str | None = None,
                 entity: str | None = None, lane: str = Query("outlet", pattern="^(outlet|actor)$"),
                 format: str | None = Fmt):
        f = Filters.parse(outlet, since, until, entity)
        lane_param = lane if lane != "outlet" else None
        v = corpus_view("timeline", f, lambda: corpus().timeline(f, lane), lane=lane_param)
        return corpus_page(v, f, format, lane=lane_param)

    @app.get("/framing")
    def framing(outlet: str | None = None, since: str | None = None, until: str | None = None,
                entity: str | None = None, format: str | None = Fmt):
        f = Filters.parse(outlet, since, until, entity)
        return corpus_page(corpus_view("framing", f, lambda: corpus().framing(f)), f, format)

    @app.get("/reuse")
    def reuse_corpus(outlet: str | None = None, since: str | None = None, until: str | None = None,
                     entity: str | None = None, format: str | None = Fmt):
        f = Filters.parse(outlet, since, until, entity)
        return corpus_page(corpus_view("reuse", f, lambda: corpus().reuse(f)), f, format)

    @app.get("/network")
    def network(outlet: str | None = None, since: str | None = None, until: str | None = None,
                entity: str | None = None, min_articles: int = Query(1, ge=1, le=1000), format: str | None = Fmt):
        f = Filters.parse(outlet, since, until, entity)
        thin = min_articles if min_articles > 1 else None
        v = corpus_view("network", f, lambda: corpus().network(f, min_articles), min_articles=thin)
        return corpus_page(v, f, format, min_articles=thin)


def register_api(app: FastAPI, site: Site) -> None:
    """`/api/...`: the page data as JSON (the HTML of texts left out)."""

    @app.get("/api/overview")
    def api_overview():
        return site.api(site.overview())

    @app.get("/api/status")
    def api_status():
        """Which snapshot is served and whether its point-lookup copy is ready (never cached)."""
        site.snapshot.current()
        return JSONResponse({"snapshot": site.snapshot.generation, "lookup": site.snapshot.lookup_state()},
                            headers={"Cache-Control": "no-store"})

    @app.get("/api/entities")
    def api_entities(q: str | None = None, type: str | None = None, limit: int = Query(100, ge=1, le=5000)):
        return site.api(site.dossier().top_entities(limit, type or None, q or None))

    @app.get("/api/entity/{entity_id:path}")
    def api_entity(entity_id: str):
        d = site.dossier().entity(entity_id)
        if d is None:
            raise HTTPException(404, f"no entity {entity_id!r}")
        return site.api(d)

    @app.get("/api/articles")
    def api_articles(outlet: str | None = None, q: str | None = None, page_no: int = Query(1, alias="page", ge=1, le=MAX_PAGE)):
        return site.api(site.dossier().articles(outlet, q, page_no))

    @app.get("/api/article/{article_id}")
    def api_article(article_id: str):
        d = site.dossier().article(article_id)
        if d is None:
            raise HTTPException(404, f"no article {article_id!r}")
        d.pop("html")
        return site.api(d)

    @app.get("/api/reuse/{a_id}/{b_id}")
    def api_reuse(a_id: str, b_id: str):
        d = site.dossier().reuse(a_id, b_id)
        if d is None:
            raise HTTPException(404, "no such article")
        d.pop("a_html", None)
        d.pop("b_html", None)
        for p in d.get("passages") or []:
            p.pop("a_html", None)
            p.pop("b_html", None)
        return site.api(d)

    @app.get("/api/search")
    def api_search(q: str = ""):
        return site.api(_search(site, q))


def _search(site: Site, q: str) -> dict:
    """A search's results, kept while the query is among the newest asked for (one snapshot never changes)."""
    return site.cached(("search", q), lambda: site.dossier().search(q), bounded=True)
