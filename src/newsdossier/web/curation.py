"""Corrections from the entity page (`serve --curate`): merge two entities, or keep names apart.

The routes exist only when the server is started with `--curate`, which is refused off loopback (the
CLI and `create_app`): a read-only server has no way to write anything. A correction is what
`newsdossier entities merge/separate` does (`entities.curate.correct`): a rule in the alias file, then
the entity link stages again over the stored mentions. The server then takes a new snapshot at once and
redirects (303) to the resulting entity, whose page says what was written, where, and how long it took.

Forgery: on loopback no one else reaches the server, but any page the user opens may post a form to it.
So every form carries a token made when the server starts (a page from another site cannot read this
server's pages: the Host check refuses rebinding, and browsers keep other origins out), and a POST whose
Origin or Referer names another host is refused before anything else is looked at.
"""
from __future__ import annotations

import collections
import hmac
import secrets
import threading
import time
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from newsdossier.entities.curate import correct, default_alias_file
from newsdossier.entities.query import find_entity
from newsdossier.errors import NewsDossierError, StoreError
from newsdossier.web.site import Site

# A correction waits this long for a build to let go of the store, then says so (the page must answer
# while the user is still looking at it; the CLI's 30 s suits a terminal better than a browser).
CURATE_LOCK_WAIT = 10.0
MAX_FORM_BYTES = 16 * 1024  # a form holds a token and two names
NAMES_LISTED = 2000  # the datalist's names, most articles first; any other name may still be typed
NOTICES_KEPT = 100


class Refused(Exception):
    """A correction not made: the status and the sentence the error page shows; nothing was written."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


def foreign_origin(request: Request) -> str | None:
    """The Origin (else Referer) of a POST when it is not this server, else None. A browser sends an
    Origin with every form POST; a request with neither header is not a browser's, and needs the token."""
    host = request.headers.get("host", "")
    origin = request.headers.get("origin")
    if origin is not None:
        return None if origin != "null" and urlsplit(origin).netloc == host else origin
    referer = request.headers.get("referer")
    if referer is not None and urlsplit(referer).netloc != host:
        return referer
    return None


class Curation:
    """The curation mode of one server: its form token, its alias file and the notices of corrections."""

    def __init__(self, store_path: str | Path, alias_file: Path, lock_wait: float):
        self.store_path = store_path
        self.alias_file = alias_file
        self.lock_wait = lock_wait
        self.token = secrets.token_urlsafe(32)
        self._one_at_a_time = threading.Lock()
        self._notices: collections.OrderedDict[str, dict] = collections.OrderedDict()

    @classmethod
    def for_store(cls, store_path: str | Path, alias_file: str | Path | None = None,
                  lock_wait: float | None = None) -> Curation:
        from newsdossier import pipeline  # noqa: F401  (imported now, ~2 s, rather than on the first correction)

        path = Path(alias_file) if alias_file else default_alias_file(store_path)
        if not path.parent.is_dir():
            raise NewsDossierError(f"--aliases {path}: the folder {path.parent} does not exist")
        return cls(store_path, path.resolve(), CURATE_LOCK_WAIT if lock_wait is None else lock_wait)

    # -- the entity page ----------------------------------------------------------------------------

    def entity_page(self, site: Site, d: dict, done: str | None) -> HTMLResponse:
        notice = self._notices.get(done) if done else None
        names = site.cached("curate-names", lambda: site.dossier().rows(
            "SELECT id, name, type, article_count FROM entities "
            "ORDER BY article_count DESC, mention_count DESC, name LIMIT ?", [NAMES_LISTED])
            if site.dossier().has("entities", "id", "article_count") else [])
        cur = {"token": self.token, "alias_file": str(self.alias_file), "names": names, "notice": notice}
        # a page with a notice is for this one visit: not kept by the snapshot cache
        headers = {"Cache-Control": "no-store"} if notice else None
        return site.page("entity.html", page="entity", d=d, cur=cur, headers=headers)

    # -- the POST routes ----------------------------------------------------------------------------

    def register(self, app: FastAPI, site: Site) -> None:
        @app.post("/curate/{kind}")
        async def curate(kind: str, request: Request) -> Response:
            if kind not in ("merge", "separate"):
                raise HTTPException(404)
            form: dict[str, str] = {}
            try:
                if (other := foreign_origin(request)) is not None:
                    raise Refused(403, f"This correction was sent from {other}, not from this server's pages: "
                                       "nothing was written.")
                form = await self._form(request)
                if not hmac.compare_digest(form.get("token", ""), self.token):
                    raise Refused(403, "This form is out of date or was not made by this server (restarted "
                                       "since?): reload the entity page and try again. Nothing was written.")
                return await run_in_threadpool(self._apply, site, kind, form)
            except Refused as exc:
                back = site.pages.urls.entity(form["entity"]) if form.get("entity") else None
                return site.page("error.html", exc.status, heading="Correction not made", message=exc.message,
                                 back=back, back_label="Back to the entity" if back else None)

    async def _form(self, request: Request) -> dict[str, str]:
        body = b""
        async for chunk in request.stream():
            body += chunk
            if len(body) > MAX_FORM_BYTES:
                raise Refused(413, "This form is too big to be a correction. Nothing was written.")
        try:
            fields = parse_qs(body.decode("utf-8"), keep_blank_values=True, max_num_fields=10)
        except (UnicodeDecodeError, ValueError):
            raise Refused(400, "This form could not be read. Nothing was written.") from None
        return {k: v[0].strip() for k, v in fields.items()}

    def _apply(self, site: Site, kind: str, form: dict[str, str]) -> Response:
        store = site.dossier().store
        this = _entity(store, form.get("entity", ""))
        names = self._rule(store, kind, this, form)
        if not self._one_at_a_time.acquire(timeout=self.lock_wait):
            raise Refused(503, "Another correction is still running: try again in a moment. Nothing was written.")
        started = time.perf_counter()
        try:
            with site.snapshot.writing():
                path, summary = correct(self.store_path, kind, names, self.alias_file, self.lock_wait)
        except StoreError as exc:
            raise Refused(503, f"The store is busy, so nothing was written: {exc}") from None
        except NewsDossierError as exc:
            raise Refused(400, f"Nothing was written: {exc}") from None
        finally:
            self._one_at_a_time.release()
        took = {"rerun": summary.seconds, "total": time.perf_counter() - started}
        store = site.dossier().store
        first, second = (find_entity(store, n) for n in names)
        target = first or second
        if target is None:
            return RedirectResponse("/entities", status_code=303)
        done = self._notice(kind, names, path, took, first, second, site)
        return RedirectResponse(f"{site.pages.urls.entity(target)}?done={done}", status_code=303)

    def _rule(self, store, kind: str, this: dict, form: dict[str, str]) -> list[str]:
        """The names of the rule the form asks for, or Refused when a name is not in the store."""
        name, other = form.get("name", ""), form.get("other", "")
        if name and other:
            raise Refused(400, "Pick one of its names or name another entity, not both. Nothing was written.")
        if kind == "merge" and not other:
            raise Refused(400, "Name the entity to merge with. Nothing was written.")
        if other:
            that_id = find_entity(store, other)
            if that_id is None:
                raise Refused(400, f"No entity is called “{other}” in this store. Nothing was written.")
            if that_id == this["id"]:
                hint = "" if kind == "merge" else ": pick it from its names to keep it apart"
                raise Refused(400, f"“{other}” is already a name of {this['name']}{hint}. Nothing was written.")
            return [this["name"], _entity(store, that_id)["name"]]
        if not name:
            raise Refused(400, "Pick one of its names, or name another entity, to keep apart. Nothing was written.")
        aliases = {r[0] for r in store.execute("SELECT alias FROM entity_aliases WHERE entity_id = ?",
                                               [this["id"]]).fetchall()}
        if name not in aliases:
            raise Refused(400, f"“{name}” is not a name of {this['name']}. Nothing was written.")
        if name == this["name"]:
            raise Refused(400, f"“{name}” is the entity's own name: pick another of its names to keep apart "
                               "from it. Nothing was written.")
        return [this["name"], name]

    def _notice(self, kind, names, path, took: dict, first, second, site: Site) -> str:
        a, b = names
        if kind == "merge":
            text = f"Merged “{a}” and “{b}”: a merge rule was written to"
            warning = None if first == second else (
                f"They are still two entities after the re-run: look for another rule about them in {path}.")
            links = []
        else:
            text = f"Kept “{b}” apart from “{a}”: a separate rule was written to"
            warning = None if first != second else (
                f"“{b}” is still a name of this entity: it is the same name as “{a}” once normalized (case, "
                "leading articles, punctuation), and rules apply to normalized names.")
            links = [(f"“{b}” now", site.pages.urls.entity(second))] if second and second != first else []
        key = secrets.token_urlsafe(9)
        self._notices[key] = {"text": text, "path": str(path), **took, "warning": warning, "links": links}
        while len(self._notices) > NOTICES_KEPT:
            self._notices.popitem(last=False)
        return key


def _entity(store, entity_id: str) -> dict:
    rows = store.rows("SELECT id, name FROM entities WHERE id = ?", [entity_id]) if entity_id else []
    if not rows:
        raise Refused(400, f"No entity {entity_id!r} in this store (rebuilt since the page was loaded?). "
                           "Nothing was written.")
    return rows[0]

