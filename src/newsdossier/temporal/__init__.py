"""When: temporal expressions (TIMEX3) resolved to dates, dated events, and a cross-article timeline.

- `timex`: the rule tagger and normalizer (plain text in, TIMEX3 values and date intervals out);
- `rules`: its rules, one pattern and normalizer per kind of expression, in an ordered registry;
- `stage`: the `time_expressions` article stage (tables `time_expressions`, `events`);
- `timeline`: the `timeline` link stage (table `timeline_events`) and the `timeline()` query.
"""
