"""Timeline: the same dated event reported by several articles, merged, with every source kept.

The `timeline` link stage groups `events` rows that share the date interval (earliest, latest) and
the action lemma and whose actors are similar (rapidfuzz token-set ratio), and writes one
`timeline_events` row per group listing every event, article and outlet behind it. It recomputes
the whole table after each build (events are few next to mentions; grouping is by exact date key
first, so the fuzzy comparison only runs inside one day's events).

`timeline(store, entity)` is the query the CLI and the web UI share. Which events belong to an
entity is decided by `ACTOR_MATCHER`, a plain function (entity, actor_text) -> bool: for now a
fuzzy name match on the actor text; when mention -> entity links exist it can be swapped for one
that follows them.
"""
from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from typing import Any, Callable, ClassVar

from rapidfuzz import fuzz

from newsdossier.records import Record
from newsdossier.stages import LinkContext
from newsdossier.store import size_batches
from newsdossier.temporal.stage import Event

ACTOR_SIMILARITY = 80  # rapidfuzz token_set_ratio (0-100) above which two actors are the same
ENTITY_SIMILARITY = 85  # partial_ratio for an entity name against an actor text
# words that say nothing about who the actor is ("the", "officials"): ignored when comparing actors
ACTOR_STOPWORDS = {"the", "a", "an", "its", "his", "her", "their", "of"}


@dataclass(slots=True)
class TimelineEvent(Record):
    """One event on the cross-article timeline, with every report of it.

    event_ids / article_ids / outlets list every source (same order); `sources` counts them.
    guess: the date is a guess (no publication date; a year written elsewhere in the text): such events
    merge only with other guesses and show apart from resolved dates.
    """

    table: ClassVar[str] = "timeline_events"
    key: ClassVar[tuple[str, ...]] = ("id",)

    id: str
    value: str
    earliest: dt.date
    latest: dt.date
    actor: str | None
    action: str
    target: str | None
    place: str | None
    sources: int
    event_ids: list[str]
    article_ids: list[str]
    outlets: list[str]
    first_published: dt.date | None
    guess: bool = False


def _actor_key(text: str | None) -> str:
    if not text:
        return ""
    return " ".join(w for w in text.lower().replace("’", "'").split() if w not in ACTOR_STOPWORDS)


def same_actor(a: str | None, b: str | None) -> bool:
    """Two actor texts name the same actor (both missing counts as the same)."""
    ka, kb = _actor_key(a), _actor_key(b)
    if not ka or not kb:
        return ka == kb
    return fuzz.token_set_ratio(ka, kb) >= ACTOR_SIMILARITY


def match_actor_text(entity: str, actor_text: str | None) -> bool:
    """Default ACTOR_MATCHER: the entity name appears (fuzzily) in the actor text."""
    if not actor_text:
        return False
    e, a = entity.lower().strip(), actor_text.lower()
    if e in a:
        return True
    return len(e) >= 4 and fuzz.partial_ratio(e, a) >= ENTITY_SIMILARITY


ACTOR_MATCHER: Callable[[str, str | None], bool] = match_actor_text


def merge_events(rows: list[dict[str, Any]]) -> list[TimelineEvent]:
    """Group event rows (with `outlet` and `published`) into timeline events."""
    by_key: dict[tuple, list[list[dict[str, Any]]]] = {}
    for row in sorted(rows, key=lambda r: (r["earliest"], r["latest"], r["published"] or dt.date.max, r["id"])):
        groups = by_key.setdefault((row["earliest"], row["latest"], row["action"], bool(row.get("guess"))), [])
        for group in groups:
            if same_actor(group[0]["actor_text"], row["actor_text"]):
                group.append(row)
                break
        else:
            groups.append([row])
    out = []
    for (earliest, latest, action, guess), groups in by_key.items():
        for group in groups:
            first = group[0]
            ids = [r["id"] for r in group]
            published = [r["published"] for r in group if r["published"] is not None]
            out.append(TimelineEvent(
                id=hashlib.sha1("\x1f".join(sorted(ids)).encode()).hexdigest()[:16],
                value=first["value"],
                earliest=earliest,
                latest=latest,
                actor=next((r["actor_text"] for r in group if r["actor_text"]), None),
                action=action,
                target=next((r["target_text"] for r in group if r["target_text"]), None),
                place=next((r["place_text"] for r in group if r["place_text"]), None),
                sources=len(group),
                event_ids=ids,
                article_ids=[r["article_id"] for r in group],
                outlets=[r["outlet"] or "" for r in group],
                first_published=min(published) if published else None,
                guess=guess,
            ))
    out.sort(key=lambda t: (t.earliest, t.latest, t.action, t.id))
    return out


_DATED = "e.earliest IS NOT NULL AND e.latest IS NOT NULL"
_EVENT_ROWS = f"""
    SELECT e.id, e.article_id, e.value, e.earliest, e.latest, e.action, e.actor_text, e.target_text,
           e.place_text, coalesce(e.guess, false) AS guess, a.outlet, a.published
    FROM events e JOIN articles a ON a.id = e.article_id
    WHERE {_DATED}
"""
EVENTS_PER_READ = 20_000  # events held in Python at once (whole days; one larger day alone)


def build_timeline(ctx: LinkContext) -> None:
    """Merge the same dated event reported by several articles; keep every source.

    Events only merge within one (earliest, latest) key, so they are read a run of days at a time.
    """
    store = ctx.store
    store.execute("DELETE FROM timeline_events")
    days = store.execute(f"SELECT e.earliest, count(*) FROM events e WHERE {_DATED} GROUP BY 1 ORDER BY 1").fetchall()
    for first, last in size_batches(days, EVENTS_PER_READ):
        store.insert(merge_events(store.rows(_EVENT_ROWS + " AND e.earliest BETWEEN ? AND ?", [first, last])))


def timeline(
    store,
    entity: str | None = None,
    *,
    matcher: Callable[[str, str | None], bool] | None = None,
    limit: int | None = None,
) -> list[dict[str, Any]]:
    """Timeline rows (dicts, oldest first), each with its `reports` (article, outlet, evidence sentence).

    Args:
        store: an open Store.
        entity: keep only events whose actor matches this name (None: all).
        matcher: (entity, actor_text) -> bool; default `ACTOR_MATCHER`.
        limit: at most this many rows.
    """
    match = matcher or ACTOR_MATCHER
    rows = store.rows("SELECT * FROM timeline_events ORDER BY earliest, latest, action, id")
    if entity:
        rows = [r for r in rows if match(entity, r["actor"])]
    if limit is not None:
        rows = rows[:limit]
    ids = [i for r in rows for i in r["event_ids"]]
    reports: dict[str, dict[str, Any]] = {}
    if ids:
        for ev in store.rows(
            "SELECT e.id, e.article_id, e.text, e.start, e.end, e.actor_text, a.outlet, a.published, a.title "
            "FROM events e JOIN articles a ON a.id = e.article_id WHERE e.id IN (SELECT unnest(?))", [ids]
        ):
            reports[ev["id"]] = ev
    for r in rows:
        r["reports"] = [reports[i] for i in r["event_ids"] if i in reports]
    return rows


__all__ = ["TimelineEvent", "Event", "ACTOR_MATCHER", "build_timeline", "merge_events", "same_actor",
           "match_actor_text", "timeline"]
