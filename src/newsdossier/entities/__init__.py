"""Entities: one actor, every name.

- `aliases` (article stage): explicit alias patterns in the text, with evidence spans;
- `entities` (link stage): cross-article resolution of mentions into entities, with every merge's
  reason and score, an alias file of user corrections;
- `query`: the read-side questions the CLI, the web UI and the report all ask.
"""
from __future__ import annotations

from newsdossier.entities.aliases import AliasEvidence, find_aliases
from newsdossier.entities.link import (
    Entity,
    EntityAlias,
    EntityMerge,
    MentionEntity,
    SpeakerEntity,
    load_alias_file,
)
from newsdossier.entities.matching import names_match
from newsdossier.entities.query import entity_detail, find_entity, list_entities
from newsdossier.entities.resolution import AliasIn, AliasRules, MentionIn, Resolution
from newsdossier.entities.resolve import resolve

__all__ = [
    "AliasEvidence", "AliasIn", "AliasRules", "Entity", "EntityAlias", "EntityMerge", "MentionEntity",
    "MentionIn", "Resolution", "SpeakerEntity", "entity_detail", "find_aliases", "find_entity",
    "list_entities", "load_alias_file", "names_match", "resolve",
]
