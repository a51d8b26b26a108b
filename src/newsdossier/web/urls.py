"""Where a link goes: the same templates serve the web app (paths) and the report (internal anchors)."""
from __future__ import annotations

from urllib.parse import quote, urlencode


def _slug(value: str) -> str:
    return "".join(c if c.isalnum() or c in "-_" else "_" for c in str(value))


class Urls:
    """Paths of the web app. `report=True` gives anchors inside one HTML file instead; a page that is
    not in the report (an article left out) has no URL (None), and templates then print plain text."""

    def __init__(self, report: bool = False, articles: set[str] | None = None, entities: set[str] | None = None):
        self.report = report
        self.articles_included = articles
        self.entities_included = entities

    def span_anchor(self, article_id: str, table: str, start: int, end: int) -> str:
        if self.report:
            return f"a-{_slug(article_id)}-span-{table}-{start}-{end}"
        return f"span-{table}-{start}-{end}"

    def article(self, article_id: str, anchor: str | None = None) -> str | None:
        if self.report:
            if self.articles_included is not None and article_id not in self.articles_included:
                return None
            return "#" + (anchor or f"article-{_slug(article_id)}")
        return f"/article/{quote(article_id)}" + (f"#{anchor}" if anchor else "")

    def evidence(self, article_id: str, table: str, start: int | None, end: int | None) -> str | None:
        """The highlighted span of a record in its article: every number links here."""
        if start is None or end is None:
            return self.article(article_id)
        return self.article(article_id, self.span_anchor(article_id, table, start, end))

    def entity(self, entity_id: str) -> str | None:
        if self.report:
            if self.entities_included is not None and entity_id not in self.entities_included:
                return None
            return f"#entity-{_slug(entity_id)}"
        return f"/entity/{quote(entity_id, safe='')}"

    def reuse(self, a: str, b: str) -> str | None:
        if self.report:
            if self.articles_included is not None and not {a, b} <= self.articles_included:
                return None
            a, b = sorted((a, b))  # one section per pair of articles, whichever side a link starts from
            return f"#reuse-{_slug(a)}-{_slug(b)}"
        return f"/reuse/{quote(a)}/{quote(b)}"

    def articles(self, **params) -> str | None:
        if self.report:
            return "#articles"
        params = {k: v for k, v in params.items() if v not in (None, "")}
        return "/articles" + (f"?{urlencode(params)}" if params else "")

    def entities(self, **params) -> str | None:
        if self.report:
            return "#entities"
        params = {k: v for k, v in params.items() if v not in (None, "")}
        return "/entities" + (f"?{urlencode(params)}" if params else "")

    def search(self, q: str = "") -> str | None:
        if self.report:
            return None
        return "/search" + (f"?{urlencode({'q': q})}" if q else "")

    def home(self) -> str:
        return "#overview" if self.report else "/"

    def anchor_id(self, kind: str, key: str) -> str:
        """The id a page section carries in the report (`article-<id>`, `entity-<id>`)."""
        return f"{kind}-{_slug(key)}"
