"""The link stage `quantity_groups`: figures that count the same kind of thing across articles, in
blocks, each pair of a block judged (compare.py), and the groups ranked by how much they disagree.

Blocking by hand-chosen keys (predicate class and counted noun) keeps the pairs to compare few; the
store is read in bounded pieces so memory follows the largest block, not the corpus.

Incremental (issue #23): a build reads and blocks again only the figures of the articles whose inputs
changed since the last build, and judges again only the blocks whose members changed; every other
block keeps its stored group and pairs, and all groups are ranked again. What to redo is read from the
store (`quantity_group_articles`, `quantity_block_members`; quantities/changes.py says what is hashed
and why that is all a row depends on), so a build that skipped this stage is caught up by the next;
`build --full` recomputes everything. Why by hand: a group is Python (`judge_block`) over rows that
correlated SQL computes, and DuckDB maintains no view incrementally; a per-block comparison of digests
is the small part of that work that tells which blocks would come out otherwise.
"""
from __future__ import annotations

import hashlib
import logging
import re
from collections import defaultdict
from dataclasses import dataclass

from newsdossier.quantities.comparability import (
    EVENT_PREDICATES, JOB_LOSS_VERBS, JOB_NOUNS, holder_kind, lost_lives, not_a_count, pair_obstacle,
)
from newsdossier.quantities.compare import agent_key, category_chain, compare_pair, predicate_class, singular
from newsdossier.quantities.changes import (
    QuantityBlockMember, QuantityGroupArticle, article_digests_sql, row_digest,
)
from newsdossier.quantities.records import QuantityGroup, QuantityPair
from newsdossier.quantities.tables import BARE_PREDICATES
from newsdossier.stages import LinkContext
from newsdossier.store import size_batches

log = logging.getLogger(__name__)

MAX_PAIRS_PER_GROUP = 20_000  # above this a group keeps its claims but only its widest pairs


def block_key(q: dict) -> tuple[str, str] | None:
    """Figures are only compared within a block: (predicate class, unit or root category)."""
    pcls = predicate_class(q.get("predicate"))
    if pcls is None or not_a_count(q):
        return None
    lemma = (q.get("predicate") or "").lower()
    if lemma in JOB_LOSS_VERBS and (q.get("counted_head") or "").lower() in JOB_NOUNS:
        pcls = "employ"  # `900 jobs would go` and `Harlow Steel will cut 600 jobs`: one count of jobs cut
    elif pcls == "kill" and lemma == "lose" and not lost_lives(q):
        pcls = "lose"  # `400,000 lost their jobs`, `lost their first three matches`: no deaths
    # like with like: a count only meets counts of the same noun ("Iranians" with "Iranians", never
    # "legislators" or "victims"), money only money for the same item or payer, a percentage only one of
    # the same base; a figure that names none of these is not compared at all
    head = _kind_of(q.get("counted_head"))
    if q["kind"] == "count":
        return (pcls, head) if head else None
    if q["kind"] in ("money", "measure"):
        item = head or _named_agent(q)
        return (pcls, f"{q['unit'] or q['kind']} · {item}") if item else None
    if q["kind"] == "duration":
        return (pcls, f"{q['unit'] or 'duration'} · {head}") if head else None
    if q["kind"] == "percent":
        return (pcls, "% of " + head) if head else None
    return None


def _kind_of(counted_head: str | None) -> str | None:
    """The counted noun as one key: its first category (people and persons alike), else the noun itself."""
    if not counted_head:
        return None
    chain = category_chain(counted_head)
    return chain[0] if chain else singular(counted_head.lower())


def _named_agent(q: dict) -> str | None:
    """Who pays or is paid, when it is a name (an entity id when the entity stage linked it)."""
    if q.get("agent_entity"):
        return "entity:" + q["agent_entity"]
    kind, words = agent_key(q.get("agent_text"))
    return " ".join(sorted(words)) if kind == "named" else None


def compute_groups(rows: list[dict]) -> tuple[list[QuantityGroup], list[QuantityPair]]:
    """Group quantity rows (with `outlet`, `published`) by block and judge every pair in a group."""
    blocks: dict[tuple[str, str], list[dict]] = {}
    for q in rows:
        key = block_key(q)
        if key is not None:
            blocks.setdefault(key, []).append(q)
    drafts = [judge_block(key, members) for key, members in blocks.items() if len(members) >= 2]
    groups = rank_groups([group for group, _ in drafts])
    return groups, [p for _, pairs in sorted(drafts, key=lambda d: d[0].rank) for p in pairs]


def same_referent(a: dict, b: dict, predicate_class: str | None = None) -> bool:
    """Two figures may be about one event only when what they are about names something in common: an
    entity linked in or just before the figure's sentence (compared by name, since the entity stage may
    keep one place apart by its label), the article's dateline, the figure's place, or the same actor.
    `four nominations` and `10 nominations` in two award stories, `$10bn` for a bid and `$300m` for a
    settlement, are figures of the same noun about different things."""
    if a.get("agent_entity") and a.get("agent_entity") == b.get("agent_entity"):
        return True
    if a.get("referents") is None and b.get("referents") is None:
        return True  # a pipeline run without the entity stage compares like with like by noun alone
    ra, rb = _referents(a), _referents(b)
    # a place or a people (`@`) ties two figures only when it stands in both figures' sentences or is where
    # they happened: `191 killed ... in Madrid` and a report on Chile whose paragraph before mentions a Madrid
    # judge are two events. A name met only before the sentence (`~`) ties two figures to one story, except
    # where neither says whose a tally it is (`He had four nominations`, `with 10 nominations`) and the name
    # stands in neither sentence: two award stories name the same nominees around different counts
    sa, sb = ({r for r in refs if not r.startswith("~")} for refs in (ra, rb))  # named in the sentence
    own = _own_places(a) | _own_places(b)
    # a country named in both sentences (`250 killed in blasts across India`, `23,000 dead in Sri Lanka, India
    # and Indonesia`) ties them only when it is where one of the figures happened
    if any(not r.startswith("@") or r in own for r in sa & sb):
        return True
    common = {r.lstrip("~") for r in ra if "@" not in r} & {r.lstrip("~") for r in rb if "@" not in r}
    if predicate_class not in EVENT_PREDICATES and holder_kind(a) == holder_kind(b) == "none":
        return bool(common & (sa | sb))
    return bool(common)


def _same_actor(a: dict, b: dict) -> bool:
    if a.get("agent_entity") and b.get("agent_entity"):
        return a["agent_entity"] == b["agent_entity"]
    ka, kb = agent_key(a.get("agent_text")), agent_key(b.get("agent_text"))
    return ka[0] == kb[0] == "named" and bool(ka[1] & kb[1])


def _one_account(a: dict, b: dict) -> bool:
    """Two figures of one article in one voice, or in one sentence, are one account of different things
    (`Five of the eight critics`, `12 jurors and eight stand-by jurors`, two polls the article reports); an
    article disagrees with itself only where two voices give two figures (police and organisers). So are two
    different figures of one sentence that two articles print word for word (a story filed twice)."""
    if a["article_id"] != b["article_id"]:
        return bool(a.get("sentence_hash")) and a.get("sentence_hash") == b.get("sentence_hash") \
            and a["start"] - a["sentence_start"] != b["start"] - b["sentence_start"]
    if a.get("sentence_start") == b.get("sentence_start"):
        return True
    return (a.get("voice"), a.get("voice_name")) == (b.get("voice"), b.get("voice_name"))


def _own_places(q: dict) -> set[str]:
    """The figure's own place and its article's dateline place, as referents ('@' + lower name)."""
    places = set()
    if q.get("dateline"):  # "PORT SELBY (Selby Gazette) –": the place, without the outlet and the dash
        place = re.split(r"\s*[(–—,]|\s+-\s", q["dateline"], maxsplit=1)[0].strip()
        if place:
            places.add("@" + place.casefold())
    if q.get("place_text"):
        places.add("@" + q["place_text"].casefold().strip())
    return places


def _referents(q: dict) -> set[str]:
    return set(q.get("referents") or ()) | _own_places(q)


def group_id(key: tuple[str, str]) -> str:
    """A block's group id: a hash of its key, so it stays the same as members come and go."""
    return "qg-" + hashlib.sha1(f"{key[0]}|{key[1]}".encode()).hexdigest()[:12]


def judge_block(key: tuple[str, str], members: list[dict]) -> tuple[QuantityGroup, list[QuantityPair]]:
    """One block's group (rank not set yet) and the verdict on each of its pairs."""
    pcls, cat = key
    members.sort(key=lambda q: (q["article_id"], q["start"]))
    gid = group_id(key)
    pairs = []
    count = 0
    for i in range(len(members)):
        for j in range(i + 1, len(members)):
            count += 1
            if count > MAX_PAIRS_PER_GROUP:
                break
            a, b = members[i], members[j]
            if not same_referent(a, b, pcls) or (pcls in BARE_PREDICATES and not _same_actor(a, b)) \
                    or _one_account(a, b) or pair_obstacle(a, b, pcls):
                continue  # nothing says the two figures are about one event: not compared
            verdict, scope, gap, reason = compare_pair(a, b)
            pairs.append(QuantityPair(gid, a["id"], b["id"], verdict, scope, round(gap, 6), reason))
    conflicts = [p for p in pairs if p.verdict == "conflict"]
    by_id = {q["id"]: q for q in members}
    across = [(by_id[p.a_id], by_id[p.b_id]) for p in conflicts
              if by_id[p.a_id]["article_id"] != by_id[p.b_id]["article_id"]]
    lows = [q["low"] for q in members if q["low"] is not None]
    highs = [q["high"] for q in members if q["high"] is not None]
    group = QuantityGroup(
        id=gid, rank=0, predicate=pcls, category=cat, label=f"{pcls} · {cat}",
        claims=len(members), articles=len({q["article_id"] for q in members}),
        outlets=len({q.get("outlet") for q in members}), conflicts=len(conflicts),
        disagreement=round(max((p.gap for p in conflicts), default=0.0), 6),
        low=min(lows) if lows else None, high=max(highs) if highs else None,
        quantity_ids=[q["id"] for q in members],
        conflict_articles=len({q["article_id"] for pair in across for q in pair}),
        conflict_outlets=len({q.get("outlet") for pair in across for q in pair}))
    return group, pairs


def rank_key(g) -> tuple:
    """A group's place in the ranking (read from a QuantityGroup or from its stored row)."""
    return (-g.conflict_outlets, -g.conflict_articles, -g.disagreement, -g.conflicts, g.id)


def rank_groups(groups: list[QuantityGroup]) -> list[QuantityGroup]:
    """Groups in rank order: most outlets and articles in disagreement first, then the widest gap; the
    size of a group alone never lifts it (many figures of one article contradict nothing)."""
    groups = sorted(groups, key=rank_key)
    for rank, group in enumerate(groups, 1):
        group.rank = rank
    return groups


# the words around a figure that comparability.py reads (offsets are 0-based, substr 1-based)
_ROWS_SQL = """
SELECT q.*, a.outlet, a.published, a.title, a.dateline, {agent_entity} AS agent_entity, {referents} AS referents,
       substr(a.text, greatest(q.start - 24, 0) + 1, least(q.start, 24)) AS before_text,
       substr(a.text, q."end" + 1, 40) AS after_text,
       md5(substr(a.text, q.sentence_start + 1, q.sentence_end - q.sentence_start)) AS sentence_hash,
       substr(a.text, coalesce(q.counted_end, q."end") + 1, 40) AS after_counted,
       substr(a.text, greatest(least(q.start, coalesce(q.predicate_start, q.start)) - 16, 0) + 1,
              greatest(q."end", coalesce(q.predicate_end, q."end"))
              - greatest(least(q.start, coalesce(q.predicate_start, q.start)) - 16, 0)) AS around_predicate
FROM quantities q JOIN articles a ON a.id = q.article_id
WHERE q.predicate IS NOT NULL
"""
# what a figure is about: the entities named in its sentence and the text just before it, leaving out entities
# named all over the corpus (one in more than REFERENT_MAX_SHARE of the articles, "Blair" on the BBC set, says
# nothing of which event). An article's title and lead were tried too: on the BBC set they joined figures of
# one award ceremony about different nominees.
_REFERENTS_SQL = ("(SELECT list(DISTINCT CASE WHEN me.start >= q.sentence_start AND me.\"end\" <= q.sentence_end "
                  "THEN '' ELSE '~' END || CASE WHEN e.type IN ('GPE', 'LOC', 'FAC', 'NORP') THEN '@' ELSE '' END "
                  "|| lower(e.name) ORDER BY 1) FROM mention_entities me "
                  "JOIN entities e ON e.id = me.entity_id WHERE me.article_id = q.article_id "
                  "AND (me.start >= q.sentence_start - {before} AND me.\"end\" <= q.sentence_end "
                  "OR me.entity_id IN (SELECT t.entity_id FROM mention_entities t JOIN entities te ON te.id = t.entity_id "
                  "WHERE t.article_id = q.article_id AND te.article_count <= {cap} GROUP BY t.entity_id "
                  "ORDER BY count(*) DESC, t.entity_id LIMIT {topic}))"
                  "AND e.article_count <= {cap}{not_speaker})")
# the person who says a figure says nothing of what it is about: `Jack Straw said about 440 Britons were dead`
# and a Holocaust memorial he attended are not one event, nor two lives-saved forecasts Mr Brown gave; a body
# speaking of itself (a front on its detained members) still is what its figure is about
_NOT_SPEAKER_SQL = (" AND NOT (e.type = 'PERSON' AND me.entity_id IN (SELECT se.entity_id FROM speaker_entities se "
                    "WHERE se.statement_id = q.statement_id))")
REFERENT_TOPIC = 1  # the entity an article names most: what the story is about
REFERENT_CONTEXT_CHARS = 250  # about the sentence before
REFERENT_MAX_SHARE = 0.05
REFERENT_MIN_CAP = 20
# the entity a figure's agent names, when the entity stage linked a mention inside the agent's span
# (a people's adjective, NORP, names no actor: "A German firm" and "the German group" are two firms; nor
# does a place inside a longer agent, though `the US` alone does)
_AGENT_ENTITY_SQL = ("(SELECT min(me.entity_id) FROM mention_entities me WHERE me.article_id = q.article_id "
                     "AND me.start >= q.agent_start AND me.\"end\" <= q.agent_end "
                     "AND coalesce(me.label, '') <> 'NORP' "
                     # a place that only modifies the agent (`The US agrochemical giant`) is not the agent
                     "AND (coalesce(me.label, '') NOT IN ('GPE', 'LOC', 'FAC') "
                     "OR me.\"end\" - me.start >= q.agent_end - q.agent_start - 4))")


@dataclass(frozen=True, slots=True)
class RowInputs:
    """What the rows of every figure depend on beyond its own article: whether the entity tables exist, and
    the referent cap (an entity named in more articles than `cap` is no referent)."""

    linked: bool
    speakers: bool
    cap: int

    @classmethod
    def of(cls, store) -> "RowInputs":
        def exists(table: str) -> bool:
            return bool(store.scalar("SELECT count(*) FROM information_schema.tables WHERE table_name = ?", [table]))

        articles = store.scalar("SELECT count(*) FROM articles") or 0
        linked = exists("mention_entities") and exists("entities")
        return cls(linked, linked and exists("speaker_entities"),
                   max(REFERENT_MIN_CAP, int(articles * REFERENT_MAX_SHARE)))

    def rows_sql(self) -> str:
        if not self.linked:
            return _ROWS_SQL.format(agent_entity="NULL", referents="NULL")
        return _ROWS_SQL.format(agent_entity=_AGENT_ENTITY_SQL, referents=_REFERENTS_SQL.format(
            cap=self.cap, before=REFERENT_CONTEXT_CHARS, topic=REFERENT_TOPIC,
            not_speaker=_NOT_SPEAKER_SQL if self.speakers else ""))

    def digests_sql(self) -> str:
        return article_digests_sql(linked=self.linked, speakers=self.speakers, cap=self.cap)


ARTICLES_PER_READ = 2000  # articles whose figures are held in Python at once while blocking
FIGURES_PER_READ = 20_000  # figures of whole blocks held in Python at once while judging
BOOKKEEPING = (QuantityGroupArticle, QuantityBlockMember)


def group_quantities(ctx: LinkContext) -> None:
    """Group figures that count the same kind of thing across articles; judge each pair.

    Only the figures of articles whose inputs changed since the last build are read and blocked again,
    and only the blocks whose members changed are judged again (quantities/changes.py); every group is
    ranked again. The figures of those articles are read 2,000 articles at a time to find their block;
    then one block at a time is read whole and judged, and its pairs written, so memory follows the
    largest block.
    """
    store = ctx.store
    inputs = RowInputs.of(store)
    rows_sql = inputs.rows_sql()
    if ctx.settings.full_links or not store.execute("SELECT 1 FROM quantity_group_articles LIMIT 1").fetchall():
        for table in ("quantity_pairs", "quantity_groups", *(r.table for r in BOOKKEEPING)):
            store.execute(f"DELETE FROM {table}")
    store.execute("CREATE OR REPLACE TEMP TABLE _qg_digests AS " + inputs.digests_sql())
    store.execute("CREATE OR REPLACE TEMP TABLE _qg_dirty AS SELECT article_id FROM "
                  "((SELECT article_id, digest FROM _qg_digests EXCEPT SELECT article_id, digest FROM quantity_group_articles) "
                  "UNION ALL (SELECT article_id, digest FROM quantity_group_articles EXCEPT SELECT article_id, digest "
                  "FROM _qg_digests)) GROUP BY article_id ORDER BY article_id")
    dirty = [r[0] for r in store.execute("SELECT article_id FROM _qg_dirty ORDER BY article_id").fetchall()]
    # the figures of the changed articles, blocked again, each with its row's digest
    store.execute("CREATE OR REPLACE TEMP TABLE _qg_keyed (quantity_id VARCHAR, article_id VARCHAR, "
                  "block_class VARCHAR, block_category VARCHAR, digest VARCHAR)")
    for i in range(0, len(dirty), ARTICLES_PER_READ):
        keyed = [(q["id"], q["article_id"], *key, row_digest(q))
                 for q in store.rows(rows_sql + " AND q.article_id IN (SELECT unnest(?))", [dirty[i:i + ARTICLES_PER_READ]])
                 if (key := block_key(q)) is not None]
        if keyed:
            store.execute("INSERT INTO _qg_keyed SELECT unnest(?), unnest(?), unnest(?), unnest(?), unnest(?)",
                          [list(column) for column in zip(*keyed)])
    # a block is judged again where a member joined, left or has another row
    members = "quantity_id, block_class, block_category, digest"
    store.execute("CREATE OR REPLACE TEMP TABLE _qg_changed AS SELECT DISTINCT block_class, block_category FROM "
                  f"((SELECT {members} FROM quantity_block_members WHERE article_id IN (SELECT article_id FROM _qg_dirty) "
                  f"EXCEPT SELECT {members} FROM _qg_keyed) "
                  f"UNION ALL (SELECT {members} FROM _qg_keyed EXCEPT SELECT {members} FROM quantity_block_members "
                  "WHERE article_id IN (SELECT article_id FROM _qg_dirty)))")
    store.execute("DELETE FROM quantity_block_members WHERE article_id IN (SELECT article_id FROM _qg_dirty)")
    store.execute("INSERT INTO quantity_block_members BY NAME SELECT * FROM _qg_keyed")
    store.execute("DELETE FROM quantity_group_articles WHERE article_id IN (SELECT article_id FROM _qg_dirty)")
    store.execute("INSERT INTO quantity_group_articles BY NAME SELECT * FROM _qg_digests "
                  "WHERE article_id IN (SELECT article_id FROM _qg_dirty)")
    changed = store.execute("SELECT block_class, block_category FROM _qg_changed ORDER BY ALL").fetchall()
    stale = [group_id(key) for key in changed]
    store.execute("DELETE FROM quantity_pairs WHERE group_id IN (SELECT unnest(?))", [stale])
    store.execute("DELETE FROM quantity_groups WHERE id IN (SELECT unnest(?))", [stale])
    blocks = store.execute("SELECT block_class, block_category, count(*) FROM quantity_block_members "
                           "JOIN _qg_changed USING (block_class, block_category) GROUP BY ALL "
                           "HAVING count(*) >= 2 ORDER BY ALL").fetchall()
    store.execute("CREATE OR REPLACE TEMP TABLE _qg_block_nos (block_class VARCHAR, block_category VARCHAR, "
                  "block_no INTEGER)")
    if blocks:
        store.execute("INSERT INTO _qg_block_nos SELECT unnest(?), unnest(?), unnest(?)",
                      [[b[0] for b in blocks], [b[1] for b in blocks], list(range(len(blocks)))])
    # blocks are read a few at a time (up to FIGURES_PER_READ figures, or one larger block)
    for lo, hi in size_batches([(i, b[2]) for i, b in enumerate(blocks)], FIGURES_PER_READ):
        block_rows: dict[int, list[dict]] = defaultdict(list)
        # the members are picked inside the rows' query: joined outside it, every figure's row is computed
        in_blocks = ("SELECT b.quantity_id FROM quantity_block_members b JOIN _qg_block_nos n "
                     "USING (block_class, block_category) WHERE n.block_no BETWEEN ? AND ?")
        for q in store.rows("SELECT n.block_no, x.* FROM (" + rows_sql + f" AND q.id IN ({in_blocks})) x "
                            "JOIN quantity_block_members b ON b.quantity_id = x.id "
                            "JOIN _qg_block_nos n USING (block_class, block_category)", [lo, hi]):
            block_rows[q.pop("block_no")].append(q)
        groups, pairs = [], []
        for block_no in sorted(block_rows):
            group, block_pairs = judge_block(blocks[block_no][:2], block_rows[block_no])
            pairs.extend(block_pairs)
            groups.append(group)
            if len(pairs) >= MAX_PAIRS_PER_GROUP:
                store.insert(pairs)
                pairs = []
        store.insert([*groups, *pairs])
    reranked = _rank_stored_groups(store)
    log.info("quantity_groups: %d of %d articles with figures blocked again, %d blocks judged again "
             "(%d groups), %d ranks changed", len(dirty), store.scalar("SELECT count(*) FROM _qg_digests"),
             len(changed), len(blocks), reranked)
    for table in ("_qg_digests", "_qg_dirty", "_qg_keyed", "_qg_changed", "_qg_block_nos"):
        store.execute(f"DROP TABLE {table}")


@dataclass(slots=True)
class _Ranked:
    id: str
    rank: int
    conflicts: int
    disagreement: float
    conflict_articles: int
    conflict_outlets: int


def _rank_stored_groups(store) -> int:
    """Number every stored group by `rank_groups`' order (kept groups and judged ones alike); returns how
    many ranks changed."""
    groups = [_Ranked(**r) for r in store.rows("SELECT id, rank, conflicts, disagreement, conflict_articles, "
                                              "conflict_outlets FROM quantity_groups")]
    before = {g.id: g.rank for g in groups}
    moved = [g for g in rank_groups(groups) if before[g.id] != g.rank]
    if moved:
        store.execute("UPDATE quantity_groups g SET rank = r.rank FROM (SELECT unnest(?) AS id, unnest(?) AS rank) r "
                      "WHERE g.id = r.id", [[g.id for g in moved], [g.rank for g in moved]])
    return len(moved)
