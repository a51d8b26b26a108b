"""The `entities` link stage, its tables and the alias file (the read-side queries are in `entities.query`).

The stage resolves every stored name again after each build (no article is re-parsed), so a changed
alias file takes effect on the next `build`; the per-article work that follows (name occurrences,
speakers) is redone only where its inputs changed (`changes.py`). The rules of
the last alias file given are kept in `entity_rules` and used until another file is given.
"""
from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

import pyarrow as pa
import yaml

from newsdossier.entities.normalize import NameForms, forms
from newsdossier.entities.gather import ENTITY_LABELS
from newsdossier.entities.matching import names_match
from newsdossier.entities.resolution import AliasIn, AliasRules, MentionIn
from newsdossier.entities.resolve import Resolver
from newsdossier.errors import NewsDossierError
from newsdossier.records import Record
from newsdossier.stages import LinkContext
from newsdossier.store import temp_ids
from newsdossier.entities.changes import LinkChanges, changed_names, owner_sets, record_done
from newsdossier.entities.gathered import (EntityGathered, absorb, article_share, dumps, fingerprints_sql,
                                           forget_name_forms, load_name_forms, loads, save_name_forms)
from newsdossier.entities.occurrences import link_name_occurrences, name_owners, usable_name

log = logging.getLogger(__name__)


@dataclass(slots=True)
class Entity(Record):
    """One actor, place or thing under all its names. `name` is its most frequent full form."""

    table: ClassVar[str] = "entities"
    key: ClassVar[tuple[str, ...]] = ("id",)

    id: str
    name: str
    type: str
    mention_count: int
    article_count: int
    outlet_count: int
    outlets: list[str]
    alias_count: int


@dataclass(slots=True)
class EntityAlias(Record):
    """A name an entity goes by, how it joined the entity (reason, score) and through which name."""

    table: ClassVar[str] = "entity_aliases"
    key: ClassVar[tuple[str, ...]] = ("entity_id", "alias")

    entity_id: str
    alias: str
    normalized: str
    reason: str
    score: float
    count: int
    via: str | None


@dataclass(slots=True)
class EntityMerge(Record):
    """One accepted merge of two names: why (reason), how sure (score), and the article whose text it
    rests on (`evidence_article_id`, for in-article evidence; null for spelling matches)."""

    table: ClassVar[str] = "entity_merges"

    entity_id: str
    left_name: str
    right_name: str
    reason: str
    score: float
    evidence_article_id: str | None


@dataclass(slots=True)
class MentionEntity(Record):
    """A mention's entity. `source` says how it was found: 'ner' (a `mentions` row), 'alias' (a name an
    alias pattern found that the model did not tag), 'joined' (parts the parse split) or 'name' (an
    occurrence of a resolved name the model did not tag; see `occurrences.py`). `label` is the kind of
    name the resolver read it as: the model's label, except where its own article says otherwise (a word
    the model tags PERSON once and ORG more often there; a short form of a person's full name) or the
    corpus does (a `same-word` merge, `merge.py`; one reading per name, `_one_reading_per_name`), while
    `mentions.label` keeps the model's."""

    table: ClassVar[str] = "mention_entities"
    key: ClassVar[tuple[str, ...]] = ("article_id", "start", "end")

    article_id: str
    start: int
    end: int
    text: str
    label: str | None
    source: str
    entity_id: str


@dataclass(slots=True)
class SpeakerEntity(Record):
    """The entity a statement's speaker is: the mention inside the speaker span, else its name."""

    table: ClassVar[str] = "speaker_entities"
    key: ClassVar[tuple[str, ...]] = ("statement_id",)

    statement_id: str
    article_id: str
    entity_id: str
    how: str  # 'span' (a mention inside the speaker span) | 'name' (speaker_entity / speaker_text)


@dataclass(slots=True)
class EntityRule(Record):
    """The user's alias file as last given: `merge` and `separate` groups of names."""

    table: ClassVar[str] = "entity_rules"

    kind: str  # 'merge' | 'separate'
    group_no: int
    name: str
    source: str


# -- alias file -------------------------------------------------------------------------------------


def load_alias_file(path: str | Path) -> AliasRules:
    """Read a YAML alias file: `merge: [[name, name, ...], ...]`, `separate: [[name, name], ...]`."""
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise NewsDossierError(f"cannot read alias file {path}: {exc}") from exc
    if not isinstance(data, dict) or set(data) - {"merge", "separate"}:
        raise NewsDossierError(f"alias file {path}: expected only the keys 'merge' and 'separate'")
    rules = AliasRules()
    for kind in ("merge", "separate"):
        groups = data.get(kind) or []
        if not isinstance(groups, list) or not all(
            isinstance(g, list) and len(g) >= 2 and all(isinstance(n, (str, int)) for n in g) for g in groups
        ):
            raise NewsDossierError(f"alias file {path}: '{kind}' must be a list of lists of two or more names")
        getattr(rules, kind).extend([[str(n) for n in g] for g in groups])
    return rules


def _stored_rules(store) -> AliasRules:
    rules = AliasRules()
    grouped: dict[tuple[str, int], list[str]] = defaultdict(list)
    for r in store.rows("SELECT kind, group_no, name FROM entity_rules ORDER BY kind, group_no, rowid"):
        grouped[(r["kind"], r["group_no"])].append(r["name"])
    for (kind, _), names in sorted(grouped.items()):
        getattr(rules, kind).append(names)
    return rules


# -- the stage --------------------------------------------------------------------------------------

ARTICLES_PER_READ = 2000  # articles whose mentions are held in Python at once


def link_entities(ctx: LinkContext) -> None:
    """Resolve every mention (and statement speaker) across articles into entities (see `_link_entities`);
    the forms of the names seen before are read from the store, and those computed now are kept there."""
    load_name_forms(ctx.store, read=not ctx.settings.full_links)
    try:
        _link_entities(ctx)
        save_name_forms(ctx.store, replace=ctx.settings.full_links)
    finally:
        forget_name_forms()


def _link_entities(ctx: LinkContext) -> None:
    """Resolve every mention (and statement speaker) across articles into entities.

    Mentions are read a range of articles at a time; between ranges the resolver keeps one node per
    distinct name, and each mention's node waits in a temporary table, so memory follows the number
    of names, not the size of the corpus.
    """
    store = ctx.store
    if ctx.settings.alias_file is not None:
        rules = load_alias_file(ctx.settings.alias_file)
        source = str(ctx.settings.alias_file)
        store.replace_table(EntityRule, [EntityRule(kind, g, name, source)
                                         for kind in ("merge", "separate")
                                         for g, group in enumerate(getattr(rules, kind)) for name in group])
    else:
        rules = _stored_rules(store)
    changes = None
    if not ctx.settings.full_links and LinkChanges.available(store):
        changes = LinkChanges(store, ctx.new_article_ids)
        owners_before = owner_sets((alias, eid) for eid, alias in store.execute(
            "SELECT entity_id, alias FROM entity_aliases").fetchall() if usable_name(alias))
    resolver = Resolver(rules, keep_articles=False)
    store.execute('CREATE OR REPLACE TEMP TABLE _mention_nodes (seq BIGINT, article_id VARCHAR, start INTEGER, '
                  '"end" INTEGER, text VARCHAR, label VARCHAR, source VARCHAR, node INTEGER)')
    labels = sorted(ENTITY_LABELS)
    seq = 0
    fingerprint_sql, fingerprint_params = fingerprints_sql(labels)
    gathered = regathered = 0
    for first, last in store.article_ranges(ARTICLES_PER_READ):
        fingerprints = store.execute(fingerprint_sql, [*fingerprint_params, first, last, first, last, first, last]
                                     ).fetchall()
        stored = {} if ctx.settings.full_links else {aid: (fp, share) for aid, fp, share in store.execute(
            "SELECT article_id, fingerprint, share FROM entity_gathered WHERE article_id BETWEEN ? AND ?",
            [first, last]).fetchall()}
        stale = [aid for aid, fp in fingerprints if stored.get(aid, ("",))[0] != fp]
        by_article = _read_articles(store, stale)
        rows: dict[str, list] = defaultdict(list)
        fresh: list[EntityGathered] = []
        for aid, fp in fingerprints:
            if stored.get(aid, ("",))[0] != fp:
                share = article_share(aid, *by_article.get(aid, ([], [])))
                fresh.append(EntityGathered(aid, fp, dumps(share)))
            else:
                share = loads(stored[aid][1])
            for m, node, part in absorb(resolver, aid, share):
                if part:  # a fragment of a longer name that is linked itself: one name, one mention
                    continue
                for col, value in zip(("seq", "article_id", "start", "end", "text", "label", "source", "node"),
                                      (seq, m.article_id, m.start, m.end, m.text, m.label, m.source, node)):
                    rows[col].append(value)
                seq += 1
        gathered += len(fingerprints)
        regathered += len(fresh)
        if fresh:
            store.execute("DELETE FROM entity_gathered WHERE article_id IN (SELECT unnest(?))",
                          [[g.article_id for g in fresh]])
            store.insert(fresh)
        if rows:
            store.con.register("_mention_nodes_batch", pa.table(rows))
            store.execute("INSERT INTO _mention_nodes BY NAME SELECT * FROM _mention_nodes_batch")
            store.con.unregister("_mention_nodes_batch")
    store.execute("DELETE FROM entity_gathered g WHERE NOT EXISTS (SELECT 1 FROM articles a WHERE a.id = g.article_id)")
    log.info("entities: %d of %d articles gathered again, the rest replayed from the store", regathered, gathered)
    entities, entity_of_node = resolver.finish()
    store.execute("CREATE OR REPLACE TEMP TABLE _node_entities (node INTEGER, entity_id VARCHAR, label VARCHAR)")
    if entity_of_node:
        store.con.register("_node_entities_batch", pa.table({"node": list(entity_of_node),
                                                             "entity_id": list(entity_of_node.values()),
                                                             "label": pa.array([resolver.read_as.get(n) for n in entity_of_node],
                                                                       type=pa.string())}))
        store.execute("INSERT INTO _node_entities SELECT * FROM _node_entities_batch")
        store.con.unregister("_node_entities_batch")
    store.execute("DELETE FROM mention_entities")
    # a name joined across a line break or particle is built from its parts: its text comes from
    # the article, to be exact; one span met twice keeps its last reading
    store.execute(
        'INSERT INTO mention_entities (article_id, start, "end", text, label, source, entity_id) '
        'SELECT m.article_id, m.start, m."end", '
        'CASE WHEN m.source = \'joined\' THEN substr(a.text, m.start + 1, m."end" - m.start) ELSE m.text END, '
        'coalesce(n.label, m.label), m.source, n.entity_id FROM _mention_nodes m JOIN _node_entities n USING (node) '
        'LEFT JOIN articles a ON m.source = \'joined\' AND a.id = m.article_id '
        'QUALIFY row_number() OVER (PARTITION BY m.article_id, m.start, m."end" ORDER BY m.seq DESC) = 1')
    _one_reading_per_name(store, entities)
    store.execute("DROP TABLE _mention_nodes")
    store.execute("DROP TABLE _node_entities")
    rescan = None
    if changes is not None:
        owners_now = {name: frozenset(ids) for name, ids in name_owners(entities).items()}
        rescan = changes.occurrence_articles(changed_names(owners_before, owners_now), len(owners_now))
    if rescan is None:
        link_name_occurrences(store, entities, ARTICLES_PER_READ)
    else:
        kept = changes.keep_occurrences(rescan)
        link_name_occurrences(store, entities, ARTICLES_PER_READ, only=rescan)
        log.info("entities: %d articles scanned again for names, %d name occurrences kept", len(rescan), kept)
    spread = {eid: (n, outlets, mentions) for eid, n, outlets, mentions in store.execute(
        "SELECT m.entity_id, count(DISTINCT m.article_id), "
        "list(DISTINCT a.outlet ORDER BY a.outlet) FILTER (WHERE coalesce(a.outlet, '') <> ''), count(*) "
        "FROM mention_entities m JOIN articles a ON a.id = m.article_id GROUP BY 1").fetchall()}
    node_name = {n.idx: n.surface for n in resolver.nodes}
    # how often each name of an entity is written, counting the occurrences the model did not tag
    # (linked by name above): an alias's count is what a reader finds in the text
    written = {(eid, text): n for eid, text, n in store.execute(
        "SELECT entity_id, text, count(*) FROM mention_entities GROUP BY 1, 2").fetchall()}
    entity_rows, alias_rows, merges = [], [], []
    for ent in entities:
        n_articles, outlets, n_mentions = spread.get(ent.id, (0, [], ent.mention_count))
        outlets = outlets or []
        entity_rows.append(Entity(ent.id, ent.name, ent.type, max(n_mentions, ent.mention_count), n_articles,
                                  len(outlets), outlets, len(ent.aliases)))
        for a in ent.aliases:
            alias_rows.append(EntityAlias(ent.id, a["alias"], a["normalized"], a["reason"], float(a["score"]),
                                          max(a["count"], written.get((ent.id, a["alias"]), 0)), a["via"]))
        for e in ent.merges:
            merges.append(EntityMerge(ent.id, node_name[e.a], node_name[e.b], e.reason, float(e.score), e.article_id))
    store.replace_table(Entity, entity_rows)
    store.replace_table(EntityAlias, alias_rows)
    store.replace_table(EntityMerge, merges)
    if rescan is None:
        link_speakers(store)
    else:
        again = changes.speaker_articles(rescan)
        store.execute("DELETE FROM speaker_entities WHERE article_id IN (SELECT unnest(?))", [again])
        link_speakers(store, only=again)
        log.info("entities: speakers resolved again in %d articles", len(again))
    if changes is not None:
        changes.close()
    record_done(store)


def _read_articles(store, ids: list[str]) -> dict[str, tuple[list[MentionIn], list[AliasIn]]]:
    """The entity mentions and alias evidence of these articles, each in text order."""
    by_article: dict[str, tuple[list[MentionIn], list[AliasIn]]] = defaultdict(lambda: ([], []))
    if not ids:
        return by_article
    for row in store.execute(
            'SELECT article_id, start, "end", text, label FROM mentions WHERE article_id IN (SELECT unnest(?)) '
            'AND label IN (SELECT unnest(?)) ORDER BY article_id, start', [ids, sorted(ENTITY_LABELS)]).fetchall():
        by_article[row[0]][0].append(MentionIn(*row))
    for row in store.execute(
            'SELECT article_id, kind, name_start, name_end, name_text, alias_start, alias_end, alias_text '
            'FROM alias_evidence WHERE article_id IN (SELECT unnest(?)) ORDER BY article_id, start', [ids]).fetchall():
        by_article[row[0]][1].append(AliasIn(*row))
    return by_article


# a name less a leading `the` and a closing possessive: `the Lycos Europe` and `Lycos Europe's` are
# `Lycos Europe`
_BARE_NAME_SQL = "regexp_replace(regexp_replace({col}, '^[Tt]he\\s+', ''), '[''’]s$', '')"


def _one_reading_per_name(store, entities) -> None:
    """One name of one entity is read as one kind of name: each mention the model labelled carries the
    label most of that name's labelled mentions carry (ties to the first label in alphabetical order; a
    leading `the` and a possessive make no other name), the usual label-consistency correction of NER
    (the model tags `Davis Cup` FAC, EVENT, PERSON and LAW in different sentences; it is one thing). A name no person is written as (no lower-case
    letter, or a digit: `GB`, `MEK`) read as PERSON is read as its entity's type instead. Two different
    names of one entity keep their own readings, so a person's name merged into a place would still
    show as a person inside it (`benchmarks/entities_bbc.py` counts that); `mentions.label` keeps the
    model's label of every span."""
    store.execute("CREATE OR REPLACE TEMP TABLE _entity_types (id VARCHAR, type VARCHAR)")
    if entities:
        store.con.register("_entity_types_batch", pa.table({"id": [e.id for e in entities],
                                                           "type": [e.type for e in entities]}))
        store.execute("INSERT INTO _entity_types SELECT * FROM _entity_types_batch")
        store.con.unregister("_entity_types_batch")
    store.execute("""
        UPDATE mention_entities me SET label = r.reading FROM (
            SELECT c.entity_id, c.text,
                   CASE WHEN c.reading = 'PERSON' AND (NOT regexp_matches(c.text, '\\p{Ll}')
                                                      OR regexp_matches(c.text, '[0-9]'))
                             AND coalesce(t.type, '') NOT IN ('', 'PERSON') THEN t.type
                        ELSE c.reading END AS reading
            FROM (SELECT entity_id, text, first(label ORDER BY n DESC, label) AS reading
                  FROM (SELECT entity_id, {name} AS text, label, count(*) AS n FROM mention_entities
                        WHERE source = 'ner' AND label IS NOT NULL GROUP BY ALL) GROUP BY ALL) c
            LEFT JOIN _entity_types t ON t.id = c.entity_id) r
        WHERE me.entity_id = r.entity_id AND {me_name} = r.text AND me.source = 'ner'
          AND me.label IS NOT NULL AND me.label <> r.reading""".replace("{name}", _BARE_NAME_SQL.format(col="text"))
                  .replace("{me_name}", _BARE_NAME_SQL.format(col="me.text")))
    store.execute("DROP TABLE _entity_types")


def link_speakers(store, only: list[str] | None = None) -> None:
    """`speaker_entities`: the longest mention inside a statement's speaker span (in SQL), else the one
    entity of the article whose name fits `speaker_entity` or the speaker as written (read a range
    of articles at a time). `only`: for these articles (their rows already deleted), else for all."""
    if only is None:
        store.execute("DELETE FROM speaker_entities")
        scope = ""
    else:
        temp_ids(store, "_speaker_articles", "article_id", only)
        scope = " AND s.article_id IN (SELECT article_id FROM _speaker_articles)"
    store.execute(
        "INSERT INTO speaker_entities (statement_id, article_id, entity_id, how) "
        "SELECT s.id, s.article_id, m.entity_id, 'span' FROM statements s JOIN mention_entities m "
        'ON m.article_id = s.article_id AND m.start < s.speaker_end AND s.speaker_start < m."end" '
        f"AND coalesce(m.label, '') <> 'NORP'{scope} "
        'QUALIFY row_number() OVER (PARTITION BY s.id ORDER BY m."end" - m.start DESC, m.start) = 1')
    for first, last in store.article_ranges(ARTICLES_PER_READ):
        pending = store.execute(
            "SELECT id, article_id, speaker_entity, speaker_text FROM statements s "
            "WHERE article_id BETWEEN ? AND ? AND (speaker_text IS NOT NULL OR speaker_entity IS NOT NULL) "
            f"AND NOT EXISTS (SELECT 1 FROM speaker_entities e WHERE e.statement_id = s.id){scope}",
            [first, last]).fetchall()
        if not pending:
            continue
        names: dict[str, list[tuple[NameForms, str]]] = defaultdict(list)
        for aid, text, eid in store.execute(
                "SELECT DISTINCT article_id, text, entity_id FROM mention_entities "
                "WHERE article_id BETWEEN ? AND ? AND article_id IN (SELECT unnest(?))",
                [first, last, sorted({row[1] for row in pending})]).fetchall():
            names[aid].append((forms(text, "PERSON"), eid))
        entities_named: dict[tuple[str, str], set[str]] = {}  # (article, name): one speaker speaks often
        found = []
        for sid, aid, sentity, stext in pending:
            for name in (sentity, stext):
                if not name:
                    continue
                if (aid, name) not in entities_named:
                    target = forms(name, "PERSON")
                    entities_named[(aid, name)] = {eid for full, eid in names.get(aid, ())
                                                   if names_match(full, target) or _is_tail(target, full)}
                cands = entities_named[(aid, name)]
                if len(cands) == 1:
                    found.append(SpeakerEntity(sid, aid, next(iter(cands)), "name"))
                    break
        store.insert(found)
    if only is not None:
        store.execute("DROP TABLE _speaker_articles")


def _is_tail(short: NameForms, full: NameForms) -> bool:
    return len(short.tokens) == 1 and len(full.tokens) > 1 and full.tokens[-1] == short.compact
