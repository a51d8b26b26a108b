"""The corpus pages of an --all report: the web's corpus views (`web/corpus.py`: the same queries, so the
same rows in the same order as `/statements`, `/conflicts`, ... and the CLI), rendered with the same
template, each cut to its first rows with a line saying how many more there are.

The cut keeps the file small enough to open (every article is in it already); the charts are drawn
from the view's rows as on the web page. A conflict group is never cut in half: a conflict read with one
side missing is not the conflict.
"""
from __future__ import annotations

import dataclasses

from newsdossier.web.corpus import Corpus, CorpusView, Filters

REPORT_ROWS = {"statements": 100, "conflicts": 60, "timeline": 100, "framing": 60, "reuse": 50, "network": 40}
LABELS = {"statements": "Statements", "conflicts": "Conflicting figures", "timeline": "Timeline",
          "framing": "Framing", "reuse": "Text reuse", "network": "Entity network"}


def cut(view: CorpusView, n: int) -> CorpusView:
    """The view with its first `n` rows (`total` still counts them all)."""
    if view.rows is None or len(view.rows) <= n:
        return view
    end = n
    if view.name == "conflicts":
        while end < len(view.rows) and view.rows[end]["group_id"] == view.rows[end - 1]["group_id"]:
            end += 1
    return dataclasses.replace(view, rows=view.rows[:end])


def corpus_views(dossier) -> list[CorpusView]:
    """The six corpus pages unfiltered, in the web's menu order, each cut to REPORT_ROWS."""
    c, f = Corpus(dossier), Filters()
    views = [c.statements(f), c.conflicts(f), c.timeline(f), c.framing(f), c.reuse(f), c.network(f)]
    return [cut(v, REPORT_ROWS[v.name]) for v in views]
