"""The shareable report: one self-contained HTML file (inline CSS, JS and SVG; nothing fetched).

It is the web app's pages rendered with the same templates into `<section>`s of one file, with links
turned into internal anchors (`Urls(report=True)`): an entity's dossier and its articles, or (`--all`)
the overview, the top entities, the corpus pages (`corpus.py`), every article and every reuse pair.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from markupsafe import Markup

from newsdossier.errors import NewsDossierError
from newsdossier.store import Store
from newsdossier.report.corpus import LABELS, corpus_views
from newsdossier.web.corpus import Filters
from newsdossier.web.data import Dossier
from newsdossier.web.render import Pages, static_text
from newsdossier.web.urls import Urls

# An --all report holds a dossier for every entity when there are few, else for every entity named in at
# least two articles: a one-article name is still read in its article, and thousands of one-off names
# would make the file too big to open. No cap by rank: a group named only in a few sources must not vanish.
ALL_SMALL = 500
ALL_MIN_ARTICLES = 2


def report_entity_ids(d: Dossier) -> tuple[list[str], str]:
    """The entities an --all report gives a dossier to, most articles first, and the rule that chose them."""
    if d.has("entities", "id", "article_count"):
        total = d.store.scalar("SELECT count(*) FROM entities")
        floor = 1 if total <= ALL_SMALL else ALL_MIN_ARTICLES
        ids = [r[0] for r in d.store.execute(
            "SELECT id FROM entities WHERE article_count >= ? ORDER BY article_count DESC, mention_count DESC, name, id",
            [floor]).fetchall()]
        return ids, ("every entity" if floor == 1 else f"every entity named in {floor} or more articles")
    top = d.top_entities(ALL_SMALL)["rows"] or []
    return [e["id"] for e in top], f"the {ALL_SMALL} names in most articles"


def find_entity_id(d: Dossier, name: str) -> str | None:
    """An entity id for a name (an id, any alias, any case); a name as written when entities did not run."""
    if d.has("entities", "id"):
        try:
            from newsdossier.entities import find_entity  # type: ignore[attr-defined]

            found = find_entity(d.store, name)
            if found:
                return found
        except ImportError:
            pass
        rows = d.rows("SELECT id FROM entities WHERE id = ? OR lower(name) = lower(?) ORDER BY article_count DESC LIMIT 1",
                      [name, name])
        if not rows and d.has("entity_aliases", "alias"):
            rows = d.rows("SELECT entity_id AS id FROM entity_aliases WHERE lower(alias) = lower(?) "
                          "ORDER BY count DESC LIMIT 1", [name])
        return rows[0]["id"] if rows else None
    if d.has("mentions", "text"):
        rows = d.rows("SELECT text FROM mentions WHERE lower(text) = lower(?) GROUP BY text ORDER BY count(*) DESC LIMIT 1",
                      [name])
        return "name:" + rows[0]["text"] if rows else None
    return None


def render_report(store: Store, entity: str | None = None, *, title: str | None = None) -> str:
    """The report as one HTML string: ENTITY's dossier, or everything when `entity` is None."""
    probe = Dossier(store)
    if entity is not None:
        eid = find_entity_id(probe, entity)
        if eid is None:
            raise NewsDossierError(f"no entity called {entity!r} in {store.path}")
        entity_ids, rule = [eid], "one entity"
        article_ids = [a["id"] for a in probe.entity(eid)["articles"]]
    else:
        entity_ids, rule = report_entity_ids(probe)
        article_ids = [r[0] for r in store.execute(
            "SELECT id FROM articles ORDER BY published NULLS LAST, id").fetchall()]
    urls = Urls(report=True, articles=set(article_ids), entities=set(entity_ids))
    d = Dossier(store, urls)
    pages = Pages(urls, report=True)
    sections: list[tuple[str, str, Markup]] = []  # (id, toc label, html)
    groups: dict[str, list[tuple[str, str]]] = {}  # toc group -> [(id, label)]

    def add(section_id: str, label: str, template: str, group: str = "Corpus", **ctx) -> None:
        sections.append((section_id, label, pages.markup(template, section_id=section_id, **ctx)))
        groups.setdefault(group, []).append((section_id, label))

    if entity is None:
        add("overview", "Overview", "overview.html", d=d.overview())
        add("entities", "Entities", "entities.html", d=d.top_entities(max(1, len(entity_ids))))
        for view in corpus_views(d):
            add(f"corpus-{view.name}", LABELS[view.name], "corpus.html", page=view.name, v=view, f=Filters(),
                outlets=[], extra={}, query={})
    entity_pages = []
    for eid in entity_ids:
        data = d.entity(eid)
        if data:
            entity_pages.append(eid)
            add(urls.anchor_id("entity", eid), data["entity"]["name"], "entity.html", "Entities", d=data)
    add("articles", "Articles", "articles.html", d=d.articles(ids=article_ids, per_page=max(1, len(article_ids))))
    for aid in article_ids:
        data = d.article(aid)
        if data:
            add(urls.anchor_id("article", aid), data["article"]["title"] or aid, "article.html", "Articles", d=data)
    if d.has("reuse", "a_article_id"):
        pairs = store.execute(
            "SELECT DISTINCT least(a_article_id, b_article_id), greatest(a_article_id, b_article_id) FROM reuse WHERE a_article_id IN (SELECT unnest(?)) "
            "AND b_article_id IN (SELECT unnest(?)) ORDER BY 1, 2", [article_ids, article_ids]).fetchall()
        for a, b in pairs:
            data = d.reuse(a, b)
            if data:
                add(urls.reuse(a, b)[1:], f"Reuse: {data['a']['title'] or a} / {data['b']['title'] or b}",
                    "reuse.html", "Shared passages", d=data)
    heading = title or (f"Dossier: {d.entity(entity_ids[0])['entity']['name']}" if entity else "Dossier: whole corpus")
    return pages.env.get_template("report.html").render(
        title=heading, sections=sections, groups=groups, css=Markup(static_text("style.css")),
        js=Markup(static_text("app.js").replace("</", "<\\/")), store_name=Path(store.path).name, rule=rule,
        generated=dt.datetime.now().strftime("%Y-%m-%d %H:%M"), n_entities=len(entity_pages),
        n_articles=len(article_ids))


def write_report(store_path: str | Path, out: str | Path, entity: str | None = None) -> Path:
    with Store.open(store_path, read_only=True) as store:
        html = render_report(store, entity)
    out = Path(out)
    try:
        out.write_text(html, encoding="utf-8")
    except OSError as exc:
        raise NewsDossierError(f"cannot write the report to {out}: {exc.strerror or exc}") from exc
    return out
