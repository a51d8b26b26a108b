"""Framing: how each outlet labels each actor, and which propaganda techniques its text uses.

- `labels`: evaluative labels attached to actors, with voice and evidence (article stage);
- `techniques`: propaganda-technique spans scored by a small linear model (article stage);
- `table.framing_table`: labels per outlet and actor, split by voice.
"""
