"""The TIMEX3 rules, one per kind of time expression, each a pattern with its normaliser beside it.

Modules by kind: ``times`` (clock times, parts of the day), ``dates`` (calendar dates written out),
``periods`` (quarters, halves, fiscal years), ``relative`` (counted from an anchor), ``durations``,
``sets``; ``vocabulary`` holds the word tables and regex fragments, ``anchor`` the calendar
arithmetic and the anchoring on the publication date, ``base`` the ``Rule`` type.

``RULES`` is the order the tagger tries them in.  The order is part of the behaviour: when two
matches of the same length overlap, the rule listed first wins (a rule's rank is the last place
its name appears).  It is therefore listed here in one place, not assembled from the modules.
"""
from __future__ import annotations

from newsdossier.temporal.rules import dates, durations, periods, relative, sets, times
from newsdossier.temporal.rules.base import Rule

RULES: tuple[Rule, ...] = (
    times.clock,
    times.clock24,
    times.clock24_zone,
    times.noon,
    dates.mdy,
    dates.dmy,
    dates.second_day,
    dates.iso,
    dates.slash,
    dates.month,
    dates.decade,
    dates.century,
    periods.quarter,
    periods.this_quarter,
    periods.fiscal,
    periods.year_period,
    relative.ago,
    durations.span,
    durations.past_span,
    relative.relative,
    relative.in_the,
    relative.someday,
    sets.per_period,
    durations.duration,
    durations.long_adj,
    durations.plural,
    dates.season,
    relative.weekend,
    relative.weekday_pod,
    relative.pod_weekday,
    times.this_pod,
    times.pod_alone,
    relative.weekday,
    relative.deictic,
    sets.sets,
    sets.every,
    sets.times_a,
    dates.spelled_year,
    periods.year_adj,
    periods.this_year,
    dates.holiday,
    relative.the_season,
    dates.year_range,
    relative.day_before,
    dates.year,
    relative.vague,
)
BY_NAME: dict[str, Rule] = {r.name: r for r in RULES}
PRIORITY: dict[str, int] = {r.name: i for i, r in enumerate(RULES)}

__all__ = ["BY_NAME", "PRIORITY", "RULES", "Rule"]
