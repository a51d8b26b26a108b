"""Registers the `web_index` link stage (see `newsdossier.web.index`).

Only `load_builtin_stages` imports this module, and it is last in `BUILTIN_STAGE_MODULES`, so the
stage is registered, and therefore runs, after every other link stage whose tables it indexes.
"""
from __future__ import annotations

from newsdossier.stages import link_stage
from newsdossier.web.index import WEB_INDEX_RECORDS, build_web_index

link_stage("web_index", produces=WEB_INDEX_RECORDS)(build_web_index)
