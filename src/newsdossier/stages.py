"""Stage registry: one explicit list of every analysis step, run in an order derived from what each needs.

Two kinds of stage:
- an *article stage* is a function `(ParsedArticle) -> Iterable[Record]`, run on each parsed article;
  it can read what the stages it `requires` put in `parsed.records[name]`;
- a *link stage* works across articles after each build: `(LinkContext) -> None`, reading the store
  and writing its own tables (entity resolution, text reuse, figure groups, timelines).

Every stage is a `StageSpec` in `BUILTIN_STAGES` below: its name, kind, version, what it requires (hard:
switching the requirement off is refused), what it reads when present (soft: only orders the run), the
record types it produces (`outputs`), its model files and its entry point as `module:function`. Entry points and
record types are named as strings and imported only when used, so reading the registry, opening the store
or listing tables never imports spaCy, and the run order never depends on which module was imported first.

A stage's *fingerprint* is a hash of its model files: stored articles analysed with another model are
re-analysed, so retraining a model needs no hand-bumped version.
"""
from __future__ import annotations

import functools
import hashlib
import importlib
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable

from newsdossier.errors import ModelError, StageError

if TYPE_CHECKING:
    from newsdossier.config import Settings
    from newsdossier.records import Record
    from newsdossier.store import Store

log = logging.getLogger(__name__)

PACKAGE_DIR = Path(__file__).resolve().parent


def _load(path: str) -> Any:
    module, _, attribute = path.partition(":")
    return getattr(importlib.import_module(module), attribute)


@dataclass(frozen=True)
class StageSpec:
    """One stage: everything the build needs to know about it, without importing its code."""

    name: str
    kind: str  # 'article' | 'link'
    entry: str | Callable[..., Any]  # 'package.module:function' (or the function itself, for a plugin)
    outputs: tuple[Any, ...]  # the record types it produces, as 'package.module:Class' (or the class)
    version: int = 1
    requires: tuple[str, ...] = ()  # stages that must run first and must be switched on
    reads: tuple[str, ...] = ()  # stages whose output it reads when they are switched on (order only)
    models: tuple[str, ...] = ()  # model files, relative to the package, that decide its output
    default: bool = True
    description: str = ""

    @functools.cached_property
    def func(self) -> Callable[..., Any]:
        return self.entry if callable(self.entry) else _load(self.entry)

    @functools.cached_property
    def produces(self) -> tuple[type["Record"], ...]:
        return tuple(p if isinstance(p, type) else _load(p) for p in self.outputs)

    @functools.cached_property
    def fingerprint(self) -> str:
        """Hash of the model files ('' for a stage without a model); a missing model fails loudly."""
        if not self.models:
            return ""
        digest = hashlib.sha256()
        for relative in self.models:
            path = PACKAGE_DIR / relative
            if not path.is_file():
                raise ModelError(f"stage {self.name!r} needs its model file {path}, which is missing; "
                                 f"reinstall newsdossier or retrain it (see training/README.md)")
            digest.update(relative.encode())
            digest.update(path.read_bytes())
        return digest.hexdigest()[:12]


def stage_spec(name: str, kind: str, entry: Any, outputs: Iterable[Any], **kw) -> StageSpec:
    """A StageSpec from lists as well as tuples (how the registry below and plugins write them)."""
    return StageSpec(name, kind, entry, tuple(outputs), **{k: tuple(v) if isinstance(v, list) else v
                                                             for k, v in kw.items()})


# The order of this list breaks ties only: dependencies decide the run order.
BUILTIN_STAGES: list[StageSpec] = [
    stage_spec("language", "article", "newsdossier.language:language_stage", ["newsdossier.language:ArticleLanguage"],
               description="The article's language (py3langid); English-only stages skip other languages."),
    # mentions 3: names trimmed of quotation marks round them, cut at a quotation they open but do not close
    # mentions 7: a name starts at an honorific inside it ('Describing Mr Jackson'); no possessive ("Tony Blair's")
    stage_spec("mentions", "article", "newsdossier.mentions:extract_mentions", ["newsdossier.mentions:Mention"],
          version=7, description="Named-entity mentions from the article's parse."),
    # statements 3: unknown verbs must state something; split subjects
    # statements 4: physical acts, events and motions (NON_SPEECH_VERBS) are never statements; speaker_resolution
    # statements 6: `Asked about X,` has no named asker; poll findings (`leads in the latest poll`); `Name: words`
    #   lines; `sees X as Y`; `cited X` and `the survey found X` state their objects; a closing `according to X`
    #   covers every coordinated clause before it
    stage_spec("statements", "article", "newsdossier.statements.extract:extract_statements",
          ["newsdossier.statements.records:Statement"], version=6,
          models=["statements/cues.npz", "statements/spans.crfsuite"],
          description="Direct quotes, reported speech and 'according to' attributions."),
    stage_spec("aliases", "article", "newsdossier.entities.aliases:extract_aliases",
          ["newsdossier.entities.aliases:AliasEvidence"], version=3,
          description="Explicit alias patterns: `Name (ACR)`, `also known as`, `formerly known as`, `renamed`, ..."),
    # time_expressions 2: guesses apart from resolved values, ranges with both ends, no year from a clock time
    # time_expressions 3: weekday tense (news present, pluperfect), year-end mod END, second days, rates dropped
    # time_expressions 4: "over the past decade" a duration, "day-long", "will one day" FUTURE_REF, "hundreds a day" a
    #   set, "a minute and a half"; tense of plans made in the past, past passives, possessives, deadline extensions
    # time_expressions 5: a modal perfect is past ("may have been ... Wednesday"), a part of the day before its day
    #   ("mid-afternoon yesterday"), a progressive schedules only the date it governs
    stage_spec("time_expressions", "article", "newsdossier.temporal.stage:extract_time_expressions",
          ["newsdossier.temporal.stage:TimeExpression", "newsdossier.temporal.stage:Event"], version=5,
          description="TIMEX3 temporal expressions resolved against the publication date, and the events they date."),
    stage_spec("quantities", "article", "newsdossier.quantities.extract:extract_quantities",
          ["newsdossier.quantities.records:Quantity"], requires=["statements"], version=8,
          description="Figures with value, interval, hedge, unit, what they count, predicate, agent and voice."),
    # mentions 5: no dash or leading preposition in a name ('- Blair', 'of Ireland')
    # aliases 2: a short form is a proper noun; an alias after `aka`/`dubbed` is a name, of the noun the words describe
    # aliases 3: `Name (ACR) – the “Gloss”, as they are called in Place –` (the called-pattern set off by dashes)
    # mentions 4: a name never spans a line break (a headline run into its dateline)
    # quantities 5: an age beside a person ("Mr Sullivan, 42,") is no figure
    # quantities 4: a denied figure records whose claim it is and who denies it (claimant_*, denier_*)
    # statements 5: definite descriptions and active `It said` resolved (statements/descriptions.py)
    # quantities 3: clock times and scores are not counts; labels 2 (and quantities 2): the outlet's own voice keeps no copy of the outlet's name (views join articles)
    # labels 3: voice of the label's own words (outlet, quoted, reported, holder); designations, comparisons, claims
    stage_spec("labels", "article", "newsdossier.framing.labels:extract_labels", ["newsdossier.framing.records:Label"],
          requires=["mentions", "statements"], version=3,
          description="Evaluative labels attached to actors (modifiers, appositives, predicates, listings, "
                      "designations, comparisons, claims, epithets), each in the voice of its own words."),
    stage_spec("techniques", "article", "newsdossier.framing.techniques:extract_techniques",
          ["newsdossier.framing.records:Technique"], models=["framing/model/techniques.npz"],
          description="Propaganda-technique spans (14 PTC techniques) with scores, from a small CPU model."),
    stage_spec("outlets", "link", "newsdossier.outlets:link_outlets", ["newsdossier.outlets:OutletAlias"],
          description="Give an outlet written as an acronym the full name the corpus uses for it elsewhere."),
    stage_spec("entities", "link", "newsdossier.entities.link:link_entities",
          [f"newsdossier.entities.link:{c}" for c in
           ("Entity", "EntityAlias", "EntityMerge", "MentionEntity", "SpeakerEntity", "EntityRule")]
          + ["newsdossier.entities.changes:EntityLinkArticle", "newsdossier.entities.gathered:EntityGathered",
             "newsdossier.entities.gathered:EntityNameForms"],
          requires=["mentions", "aliases"], reads=["outlets", "statements"],
          description="Resolve every mention (and statement speaker) across articles into entities."),
    stage_spec("timeline", "link", "newsdossier.temporal.timeline:build_timeline",
          ["newsdossier.temporal.timeline:TimelineEvent"], requires=["time_expressions"], reads=["outlets"],
          description="Merge the same dated event reported by several articles; keep every source."),
    stage_spec("quantity_groups", "link", "newsdossier.quantities.groups:group_quantities",
          ["newsdossier.quantities.records:QuantityGroup", "newsdossier.quantities.records:QuantityPair",
           "newsdossier.quantities.changes:QuantityGroupArticle", "newsdossier.quantities.changes:QuantityBlockMember"],
          requires=["quantities"], reads=["outlets", "entities"],
          description="Group figures that count the same kind of thing across articles; judge each pair."),
    stage_spec("reuse", "link", "newsdossier.reuse.detect:reuse_stage",
          [f"newsdossier.reuse.records:{c}" for c in ("ReusePair", "ReuseCluster", "ReuseSegment", "ReuseIndexed")],
          reads=["outlets"],
          description="Passages shared between articles (MinHash LSH + local alignment), grouped into clusters."),
    stage_spec("web_index", "link", "newsdossier.web.index:build_web_index",
          [f"newsdossier.web.index:{c}" for c in
           ("WebSpan", "WebEntityMention", "WebEntityRecord", "WebEntityName", "WebRecordText", "SearchTerm",
            "WebIndexRun", "WebIndexArticle")],
          reads=["outlets", "mentions", "statements", "quantities", "time_expressions", "labels", "techniques",
                 "aliases", "entities", "timeline", "quantity_groups", "reuse"],
          description="Precomputed highlight spans, entity mentions and a search index for the web UI and report."),
]

StageInfo = StageSpec  # the name the build and the Ray workers use


@dataclass(slots=True)
class LinkContext:
    """What a link stage gets: the open store, the settings, and the ids of articles new this run."""

    store: "Store"
    settings: "Settings"
    new_article_ids: list[str]
    progress: Callable[[str, int, int], None] | None = None


def all_stages(specs: Iterable[StageSpec] | None = None) -> dict[str, StageSpec]:
    """Every stage by name, in run order (dependencies first), checked for unknown and circular needs."""
    specs = list(BUILTIN_STAGES if specs is None else specs)
    by_name: dict[str, StageSpec] = {}
    for spec in specs:
        if spec.name in by_name:
            raise StageError(f"stage {spec.name!r} is registered twice")
        if spec.kind not in ("article", "link"):
            raise StageError(f"stage {spec.name!r} has unknown kind {spec.kind!r}")
        by_name[spec.name] = spec
    for spec in specs:
        for need in (*spec.requires, *spec.reads):
            if need not in by_name:
                raise StageError(f"stage {spec.name!r} requires unknown stage {need!r}")
    return {s.name: s for s in _ordered(by_name, list(by_name))}


def _ordered(by_name: dict[str, StageSpec], names: list[str]) -> list[StageSpec]:
    """Topological order of `names` (article stages before link stages), ties broken by list order."""
    chosen = set(names)
    position = {n: i for i, n in enumerate(by_name)}
    done: list[StageSpec] = []
    state: dict[str, str] = {}

    def visit(name: str, path: tuple[str, ...]) -> None:
        if state.get(name) == "done":
            return
        if state.get(name) == "visiting":
            cycle = " -> ".join((*path[path.index(name):], name))
            raise StageError(f"stages depend on each other in a cycle: {cycle}")
        state[name] = "visiting"
        spec = by_name[name]
        for need in sorted((*spec.requires, *spec.reads), key=position.__getitem__):
            if need in chosen:
                visit(need, (*path, name))
        state[name] = "done"
        done.append(spec)

    for kind in ("article", "link"):
        for name in sorted(chosen, key=position.__getitem__):
            if by_name[name].kind == kind:
                visit(name, ())
    # an article stage that reads a link stage could not run per article; refuse it rather than misorder
    for spec in done:
        if spec.kind == "article" and any(by_name[n].kind == "link" for n in (*spec.requires, *spec.reads)):
            raise StageError(f"article stage {spec.name!r} cannot depend on a link stage")
    return done


def resolve_stages(enabled: Iterable[str] | None = None, disabled: Iterable[str] = (),
                   specs: Iterable[StageSpec] | None = None) -> list[StageSpec]:
    """The stages to run, dependencies first.

    Args:
        enabled: stage names to run; None means every stage that is on by default.
        disabled: names to switch off (wins over `enabled`).
        specs: the registry to resolve against (the built-in one by default).
    Raises:
        StageError: an unknown name, a cycle, or an enabled stage that requires a disabled one.
    """
    registry = all_stages(specs)
    disabled = set(disabled)
    wanted = [n for n, s in registry.items() if s.default] if enabled is None else list(enabled)
    for name in [*wanted, *disabled]:
        if name not in registry:
            raise StageError(f"unknown stage {name!r}; known stages: {', '.join(sorted(registry))}")
    chosen: list[str] = []

    def add(name: str, needed_by: str | None) -> None:
        if name in chosen:
            return
        if name in disabled:
            why = f"stage {needed_by!r} requires it" if needed_by else "it was asked for"
            raise StageError(f"stage {name!r} is switched off but {why}")
        chosen.append(name)
        for need in registry[name].requires:
            add(need, name)

    for name in wanted:
        if name not in disabled:
            add(name, None)
    ordered = _ordered(registry, chosen)
    log.debug("stages in run order: %s", ", ".join(s.name for s in ordered))
    return ordered


def record_types() -> list[type["Record"]]:
    """Every record type: the core tables, then each stage's, in stage-name order, without repeats."""
    from newsdossier.article import Article, ArticleSource, BoilerplateSpan
    from newsdossier.store import CORE_RECORDS

    seen: list[type[Record]] = [Article, ArticleSource, BoilerplateSpan, *CORE_RECORDS]
    for spec in sorted(BUILTIN_STAGES, key=lambda s: s.name):
        for rt in spec.produces:
            if rt not in seen:
                seen.append(rt)
    return seen
