"""Cluster passages that recur across articles: overlapping spans of one article are one node,
every stored pair joins two nodes, a cluster is a connected group of nodes.

The nodes and the cluster rows are made in SQL; the connected components are a few lines of
vectorised union-find in numpy (a graph library would need the edges as Python objects).
"""
from __future__ import annotations

import numpy as np
import pyarrow as pa


def components(n: int, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Connected components of `n` nodes joined by the edges a[i]-b[i]: each node's root (the
    smallest node of its component). Vectorised union-find: hook roots onto smaller roots, then
    jump pointers, until no edge joins two roots."""
    parent = np.arange(n, dtype=np.int64)
    while True:
        ra, rb = parent[a], parent[b]
        apart = ra != rb
        if not apart.any():
            return parent
        np.minimum.at(parent, np.maximum(ra, rb)[apart], np.minimum(ra, rb)[apart])
        while True:
            jumped = parent[parent]
            if np.array_equal(jumped, parent):
                break
            parent = jumped


# Spans of one article that overlap are one node (their union): gaps and islands over the pair ends.
_NODES_SQL = """
CREATE OR REPLACE TEMP TABLE _reuse_nodes AS
WITH ends AS (
    SELECT DISTINCT a_article_id AS article_id, a_start AS s, a_end AS e FROM reuse
    UNION SELECT b_article_id, b_start, b_end FROM reuse),
flagged AS (
    SELECT article_id, s, e, coalesce(s >= max(e) OVER (PARTITION BY article_id ORDER BY s, e
        ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), true)::INTEGER AS opens FROM ends),
islands AS (
    SELECT article_id, s, e, sum(opens) OVER (PARTITION BY article_id ORDER BY s, e ROWS UNBOUNDED PRECEDING)
        AS island FROM flagged)
SELECT (row_number() OVER (ORDER BY article_id, min(s)) - 1)::BIGINT AS node, article_id, min(s) AS s, max(e) AS e
FROM islands GROUP BY article_id, island
"""
_PAIR_NODES_SQL = """
CREATE OR REPLACE TEMP TABLE _reuse_pair_nodes AS
SELECT r.id, na.node AS a_node, nb.node AS b_node, r.exact, r.edit_ratio FROM reuse r
JOIN _reuse_nodes na ON na.article_id = r.a_article_id AND r.a_start >= na.s AND r.a_start < na.e
JOIN _reuse_nodes nb ON nb.article_id = r.b_article_id AND r.b_start >= nb.s AND r.b_start < nb.e
"""
# A cluster is named after its first member (earliest dated, then article id, then offset); an
# article holding two spans of one cluster has one row covering both; rank orders articles by date.
_CLUSTERS_SQL = """
CREATE OR REPLACE TEMP TABLE _reuse_cluster_ids AS
SELECT root, substr(sha1(article_id || ':' || s), 1, 12) AS cluster_id, published AS earliest FROM (
    SELECT r.root, n.article_id, n.s, a.published, row_number() OVER (PARTITION BY r.root
        ORDER BY a.published NULLS LAST, n.article_id, n.s) AS k
    FROM _reuse_nodes n JOIN _reuse_roots r USING (node) JOIN articles a ON a.id = n.article_id) WHERE k = 1;
INSERT INTO reuse_clusters BY NAME
WITH members AS (
    SELECT r.root, n.article_id, min(n.s) AS "start", max(n.e) AS "end"
    FROM _reuse_nodes n JOIN _reuse_roots r USING (node) GROUP BY ALL),
flags AS (
    SELECT r.root, bool_and(p.exact) AS exact, max(p.edit_ratio) AS max_edit_ratio
    FROM _reuse_pair_nodes p JOIN _reuse_roots r ON r.node = p.a_node GROUP BY ALL)
SELECT c.cluster_id, m.article_id, m."start", m."end", substr(a.text, m."start" + 1, m."end" - m."start") AS text,
    a.published, row_number() OVER (PARTITION BY m.root ORDER BY a.published NULLS LAST, m.article_id)::INTEGER
    AS "rank", coalesce(a.published = c.earliest, false) AS is_origin,
    (count(*) OVER (PARTITION BY m.root))::INTEGER AS n_articles, f.exact, f.max_edit_ratio
FROM members m JOIN _reuse_cluster_ids c USING (root) JOIN flags f USING (root) JOIN articles a ON a.id = m.article_id;
UPDATE reuse SET cluster_id = c.cluster_id FROM _reuse_pair_nodes p, _reuse_roots r, _reuse_cluster_ids c
WHERE reuse.id = p.id AND r.node = p.a_node AND c.root = r.root;
DROP TABLE _reuse_cluster_ids; DROP TABLE _reuse_pair_nodes; DROP TABLE _reuse_roots; DROP TABLE _reuse_nodes;
"""


def rebuild_clusters(store) -> int:
    """Regroup every stored passage into clusters; rewrite `reuse_clusters` and `reuse.cluster_id`.

    Nodes are (article, span); spans of one article that overlap are one node (their union);
    every stored pair links its two nodes. A cluster is a connected group of nodes. The nodes and
    the cluster rows are made in SQL; only two integer arrays (the pairs' nodes) reach Python, for
    the connected components, so memory stays small however many passages are stored.
    """
    store.execute("DELETE FROM reuse_clusters")
    store.execute(_NODES_SQL)
    store.execute(_PAIR_NODES_SQL)
    n = store.scalar("SELECT count(*) FROM _reuse_nodes") or 0
    ends = store.execute("SELECT a_node, b_node FROM _reuse_pair_nodes").fetchnumpy()
    roots = components(n, ends["a_node"].astype(np.int64), ends["b_node"].astype(np.int64))
    del ends
    store.con.register("_reuse_roots_batch", pa.table({"node": np.arange(n, dtype=np.int64), "root": roots}))
    try:
        store.execute("CREATE OR REPLACE TEMP TABLE _reuse_roots AS SELECT * FROM _reuse_roots_batch")
    finally:
        store.con.unregister("_reuse_roots_batch")
    for statement in _CLUSTERS_SQL.split(";"):
        if statement.strip():
            store.execute(statement)
    return len(np.unique(roots))

