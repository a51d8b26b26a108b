"""Framing: how each outlet labels each actor, and which propaganda techniques its text uses.

- `labels`: the `labels` article stage: evaluative labels attached to actors, in the voice of their
  own words, with evidence; it reads `terms` (where the lexicon occurs in the parse), `context`
  (per-article lookups: actors, quotes, statements, antecedents) and `targets` (what a label is said
  of, its claimant, its holder);
- `records`: the `Label` and `Technique` records (spaCy-free, for readers of the store);
- `techniques`: propaganda-technique spans scored by a small linear model (article stage);
- `table.framing_sql` / `framing_table`: labels per outlet and actor, counted by voice (CLI and web).
"""
