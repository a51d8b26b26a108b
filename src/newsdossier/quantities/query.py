"""Read side of the quantities stages: the conflict groups and their figures, one query for every view.

The CLI (`newsdossier conflicts`), the web's overview and its JSON, the corpus page `/conflicts` and the
report all list groups through here, so each shows the same groups in the same order, each group's
figures in the same order. A view chooses only which columns of a figure it shows. Plain SQL over the
tables the link stage wrote: nothing here imports the parser.
"""
from __future__ import annotations

from typing import Any

from newsdossier.quantities.compare import predicate_class

# groups by rank (unique: `rank_groups` numbers them); the id only makes the order total on any store
GROUP_ORDER = "g.rank, g.id"
# a group's figures oldest first, undated last, then in the order of the text
FIGURE_ORDER = "a.published NULLS LAST, q.article_id, q.start"

REPORT_FIGURE_COLUMNS = (
    "q.id, q.article_id, a.outlet, a.published, q.text, q.value, q.low, q.high, q.hedge, "
    "q.unit, q.counted_text, q.predicate, q.predicate_text, q.agent_text, q.place_text, q.time_text, "
    "q.voice, q.voice_name, q.polarity, q.claimant_text, q.denier_text, q.start, q.end, "
    "substr(a.text, q.sentence_start + 1, q.sentence_end - q.sentence_start) AS evidence")


def conflict_groups(store, *, limit: int = 20, only_conflicts: bool = False, predicate: str | None = None,
                    figure_columns: str | None = REPORT_FIGURE_COLUMNS) -> list[dict[str, Any]]:
    """Groups in rank order, each with `figures`: its member figures in FIGURE_ORDER.

    `figure_columns`: the select list (over `quantities q JOIN articles a`, with `q.id` first) a view shows
    of each figure; None reads the groups alone, for a store whose figures are not there to read.
    """
    where = ["1=1"]
    params: list[Any] = []
    if only_conflicts:
        where.append("g.conflicts > 0")
    if predicate:
        where.append("g.predicate = ?")
        params.append(predicate_class(predicate))
    groups = store.rows(f"SELECT g.* FROM quantity_groups g WHERE {' AND '.join(where)} ORDER BY {GROUP_ORDER} "
                        "LIMIT ?", [*params, limit])
    if figure_columns is None or not groups:
        return groups
    owners: dict[str, list[int]] = {}  # figure id -> the groups listing it (one, as blocks are disjoint)
    for n, g in enumerate(groups):
        g["figures"] = []
        for qid in g["quantity_ids"]:
            if n not in owners.setdefault(qid, []):
                owners[qid].append(n)
    # one read for every group's figures: one query per group would be LIMIT round trips
    figures = store.rows(f"SELECT {figure_columns} FROM quantities q JOIN articles a ON a.id = q.article_id "
                         f"WHERE q.id IN (SELECT unnest(?)) ORDER BY {FIGURE_ORDER}", [list(owners)])
    for f in figures:
        for n in owners[f["id"]]:
            groups[n]["figures"].append(dict(f))
    return groups


# why a figure is disputed, in the words of its conflict pairs: `against 12000: 17,000 vs 12,000: the intervals
# cannot both hold (the MKO and MEK are one actor (entity stage))`
_WHY_SQL = ("(SELECT string_agg('against ' || o.text || ': ' || p.reason, ' · ' ORDER BY o.article_id, o.start) "
            "FROM quantity_pairs p JOIN quantities o ON o.id = CASE WHEN p.a_id = q.id THEN p.b_id ELSE p.a_id END "
            "WHERE p.verdict = 'conflict' AND p.group_id = c.gid AND (p.a_id = q.id OR p.b_id = q.id)) AS why")


def conflicting_figures_sql(article_where: str, figure_columns: str) -> str:
    """One row per figure that takes part in a conflict, under its group, in the groups' and figures' order.

    Each row says `why` in the words of its conflict pairs. A group is kept when any of its disputed figures
    is in an article `article_where` (over `articles a`)
    admits; all of its disputed figures are then listed, since a conflict read with one side only is not
    the conflict. Only the figures of a conflict: a group holds every figure of one kind, most of them
    compared with nothing, and listing them under "conflicting figures" would call them all disputed.
    """
    # unnest the pairs' figure ids once and join (a hash join), rather than probing each group's list
    return ("WITH claims AS (SELECT DISTINCT p.group_id AS gid, u.qid FROM quantity_pairs p, "
            "unnest([p.a_id, p.b_id]) AS u(qid) WHERE p.verdict = 'conflict'), "
            "keep AS (SELECT DISTINCT c.gid FROM claims c JOIN quantities q ON q.id = c.qid "
            f"JOIN articles a ON a.id = q.article_id WHERE {article_where}) "
            "SELECT g.id AS group_id, g.label AS \"group\", g.predicate, g.disagreement, g.claims AS group_claims, "
            f"{figure_columns}, {_WHY_SQL}, "
            "a.published, a.outlet, a.title, q.article_id, q.start, q.\"end\" "
            "FROM claims c JOIN keep k ON k.gid = c.gid JOIN quantity_groups g ON g.id = c.gid "
            "JOIN quantities q ON q.id = c.qid JOIN articles a ON a.id = q.article_id "
            f"ORDER BY {GROUP_ORDER}, {FIGURE_ORDER}")


def conflict_report(store, *, limit: int = 20, only_conflicts: bool = False,
                    predicate: str | None = None) -> list[dict[str, Any]]:
    """Ranked groups with every claim (outlet, date, voice, evidence) and every pair's verdict.

    The plain function behind `newsdossier conflicts --json`: `conflict_groups` with the pairs, dates as text.
    """
    out = []
    for g in conflict_groups(store, limit=limit, only_conflicts=only_conflicts, predicate=predicate):
        pairs = store.rows("SELECT a_id, b_id, verdict, scope, gap, reason FROM quantity_pairs "
                           "WHERE group_id = ? ORDER BY verdict = 'conflict' DESC, gap DESC", [g["id"]])
        for c in g["figures"]:
            c["published"] = c["published"].isoformat() if c["published"] else None
        g["pairs"] = pairs
        out.append(g)
    return out
