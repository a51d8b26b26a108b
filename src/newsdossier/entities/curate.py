"""Corrections without a text editor: `entities merge A B` and `entities separate A B`.

A correction is a rule in the alias file (`merge:` or `separate:` groups, see docs/entities.md); the file
is written, then the link stages that read entities run again over the stored mentions (entities, figure
groups, the web index), so no article is parsed again. The file sits beside the store unless one is named.
"""
from __future__ import annotations

import logging
import time
from pathlib import Path

import yaml

from newsdossier.entities.resolution import AliasRules

log = logging.getLogger(__name__)


def default_alias_file(store_path: str | Path) -> Path:
    store_path = Path(store_path)
    return store_path.with_name(store_path.stem + ".aliases.yaml")


def add_rule(rules: AliasRules, kind: str, names: list[str]) -> bool:
    """Add a `merge` or `separate` group; False when the same group is there already."""
    groups = getattr(rules, kind)
    wanted = {n.casefold() for n in names}
    if any({n.casefold() for n in g} == wanted for g in groups):
        return False
    # a separation undoes a merge of the same names (and a merge a separation)
    other = rules.separate if kind == "merge" else rules.merge
    other[:] = [g for g in other if not wanted <= {n.casefold() for n in g}]
    groups.append(list(names))
    return True


def write_alias_file(path: Path, rules: AliasRules) -> None:
    data = {"merge": rules.merge, "separate": rules.separate}
    path.write_text("# newsdossier alias file: names to merge into one entity, or to keep apart\n"
                    + yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def correct(store_path: str | Path, kind: str, names: list[str], alias_file: Path | None = None,
            lock_wait: float | None = None):
    """Write the rule to the alias file and re-run the entity link stage and those that read it.

    `lock_wait`: seconds to wait while a build holds the store (default `store_lock_wait()`); then a
    StoreError, and nothing is written. Returns (alias file, the build summary of the re-run)."""
    from newsdossier.config import Settings
    from newsdossier.entities.link import _stored_rules, load_alias_file
    from newsdossier.pipeline import Builder
    from newsdossier.stages import resolve_stages
    from newsdossier.store import Store

    path = Path(alias_file) if alias_file else default_alias_file(store_path)
    with Store.open(store_path, lock_wait=lock_wait) as store:
        rules = load_alias_file(path) if path.exists() else _stored_rules(store)
        if add_rule(rules, kind, names):
            write_alias_file(path, rules)
            log.info("%s %s written to %s", kind, names, path)
        links = [s.name for s in resolve_stages() if s.kind == "link"
                 and (s.name == "entities" or "entities" in s.reads or "entities" in s.requires)]
        builder = Builder(store, Settings(stages=links, alias_file=path))
        started = time.perf_counter()
        builder.run_links([])  # the link stages alone: the stored mentions are read, nothing is parsed
        builder.summary.seconds = time.perf_counter() - started
    return path, builder.summary
