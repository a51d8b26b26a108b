"""Stage registry: every analysis step is registered by name and can be switched on and off.

Two kinds of stage:
- an *article stage* is a function `(ParsedArticle) -> Iterable[Record]`, run on each parsed article
  in dependency order; it can read what earlier stages put in `parsed.records[name]`;
- a *link stage* works across articles after each build: `(LinkContext) -> None`, reading the store
  and writing its own tables (entity resolution, text reuse, figure groups, timelines).

Registration happens in the stage's own module with `@article_stage(...)` or `@link_stage(...)`;
`load_builtin_stages()` imports those modules in one place, so the registry is always complete
(and import cycles are avoided).
"""
from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable, Iterable

from newsdossier.errors import StageError
from newsdossier.records import Record

if TYPE_CHECKING:
    from newsdossier.config import Settings
    from newsdossier.store import Store

# The modules that register built-in stages, in no particular order (dependencies decide order).
BUILTIN_STAGE_MODULES = [
    "newsdossier.outlets",  # first: later link stages read the outlet names it settles
    "newsdossier.language",
    "newsdossier.mentions",
    "newsdossier.statements",
    "newsdossier.entities",
    "newsdossier.temporal",
    "newsdossier.quantities",
    "newsdossier.framing.labels",
    "newsdossier.framing.techniques",
    "newsdossier.reuse",
    "newsdossier.web.stage",  # keep last: its link stage reads what the other stages wrote
]


@dataclass(frozen=True, slots=True)
class StageInfo:
    name: str
    kind: str  # 'article' | 'link'
    func: Callable[..., Any]
    produces: tuple[type[Record], ...]
    requires: tuple[str, ...]
    version: int
    default: bool
    description: str


@dataclass(slots=True)
class LinkContext:
    """What a link stage gets: the open store, the settings, and the ids of articles new this run."""

    store: "Store"
    settings: "Settings"
    new_article_ids: list[str]
    progress: Callable[[str, int, int], None] | None = None


_REGISTRY: dict[str, StageInfo] = {}
_loaded = False


def _register(kind: str, name: str, produces, requires, version, default):
    def decorator(func):
        if name in _REGISTRY and _REGISTRY[name].func is not func:
            raise StageError(f"stage {name!r} is registered twice")
        doc = (func.__doc__ or "").strip().splitlines()
        _REGISTRY[name] = StageInfo(
            name=name,
            kind=kind,
            func=func,
            produces=tuple(produces),
            requires=tuple(requires),
            version=version,
            default=default,
            description=doc[0] if doc else "",
        )
        return func

    return decorator


def article_stage(
    name: str,
    *,
    produces: Iterable[type[Record]],
    requires: Iterable[str] = (),
    version: int = 1,
    default: bool = True,
):
    """Register `func(parsed) -> Iterable[Record]` as an article stage."""
    return _register("article", name, produces, requires, version, default)


def link_stage(
    name: str,
    *,
    produces: Iterable[type[Record]],
    requires: Iterable[str] = (),
    version: int = 1,
    default: bool = True,
):
    """Register `func(context: LinkContext) -> None` as a cross-article stage."""
    return _register("link", name, produces, requires, version, default)


def load_builtin_stages() -> dict[str, StageInfo]:
    global _loaded
    if not _loaded:
        for module in BUILTIN_STAGE_MODULES:
            importlib.import_module(module)
        _loaded = True
    return _REGISTRY


def all_stages() -> dict[str, StageInfo]:
    return dict(load_builtin_stages())


def resolve_stages(enabled: Iterable[str] | None = None, disabled: Iterable[str] = ()) -> list[StageInfo]:
    """The stages to run, dependencies first.

    Args:
        enabled: stage names to run; None means every stage that is on by default.
        disabled: names to switch off (wins over `enabled`).
    Raises:
        StageError: an unknown name, or an enabled stage that requires a disabled one.
    """
    registry = load_builtin_stages()
    disabled = set(disabled)
    wanted = [n for n, s in registry.items() if s.default] if enabled is None else list(enabled)
    for name in [*wanted, *disabled]:
        if name not in registry:
            raise StageError(f"unknown stage {name!r}; known stages: {', '.join(sorted(registry))}")
    ordered: list[StageInfo] = []
    visiting: set[str] = set()

    def visit(name: str, needed_by: str | None) -> None:
        if any(s.name == name for s in ordered):
            return
        if name in disabled:
            why = f"stage {needed_by!r} requires it" if needed_by else "it was asked for"
            raise StageError(f"stage {name!r} is switched off but {why}")
        if name in visiting:
            raise StageError(f"stages depend on each other in a cycle through {name!r}")
        visiting.add(name)
        for req in registry[name].requires:
            if req not in registry:
                raise StageError(f"stage {name!r} requires unknown stage {req!r}")
            visit(req, name)
        visiting.discard(name)
        ordered.append(registry[name])

    for name in wanted:
        if name not in disabled:
            visit(name, None)
    # article stages run per article first; link stages run after, across the store
    return [s for s in ordered if s.kind == "article"] + [s for s in ordered if s.kind == "link"]


def record_types() -> list[type[Record]]:
    """Every record type: the core tables, then each stage's, in registry order, without repeats."""
    from newsdossier.article import Article, ArticleSource, BoilerplateSpan
    from newsdossier.store import CORE_RECORDS

    seen: list[type[Record]] = [Article, ArticleSource, BoilerplateSpan, *CORE_RECORDS]
    # by stage name, so the order never depends on which module happened to be imported first
    for info in sorted(load_builtin_stages().values(), key=lambda s: s.name):
        for rt in info.produces:
            if rt not in seen:
                seen.append(rt)
    return seen
