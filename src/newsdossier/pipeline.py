"""Build: the orchestrator that turns a corpus into a store.

Order of work for each article:
1. read (ingest readers, streaming) -> RawDocument or IngestProblem;
2. clean (title, dateline, boilerplate spans) and give the article its stable id;
3. skip articles already stored (their new source is still recorded);
4. parse with `nlp.pipe` in batches, boilerplate blanked out (here, or on Ray workers with
   `executor="ray"`: see `newsdossier.cluster`);
5. run every enabled article stage over the one parse;
6. write the batch (articles, records, problems) in one transaction.
Then the link stages run across the store. Articles whose stored records come from an older or
missing stage version are re-parsed from their stored text, so switching a stage on or upgrading it
needs no re-ingest.
"""
from __future__ import annotations

import logging

import datetime as dt
import itertools
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator, TypeVar

import duckdb
from dateutil import parser as date_parser

from newsdossier.article import Article, ArticleSource, BoilerplateSpan, ParsedArticle, article_id, masked_text
from newsdossier.clean import clean_text
from newsdossier.config import MAX_ARTICLE_CHARS, Settings
from newsdossier.ingest import IngestProblem, RawDocument, ReaderOptions, read_corpus
from newsdossier.nlp import load_nlp, parse
from newsdossier.records import Record, span_errors
from newsdossier.language import detect as detect_language
from newsdossier.language import is_english
from newsdossier.stages import BUILTIN_STAGES, LinkContext, StageInfo, resolve_stages
from newsdossier.store import Problem, Run, StageRun, Store

log = logging.getLogger(__name__)

T = TypeVar("T")


@dataclass(slots=True)
class Prepared:
    """An article ready to parse: its row, its boilerplate, and which stages it needs."""

    article: Article
    boilerplate: list[BoilerplateSpan]
    stages: list[StageInfo]
    is_new: bool


@dataclass(slots=True)
class BuildSummary:
    run_id: int = 0
    documents_read: int = 0
    articles_new: int = 0
    articles_duplicate: int = 0
    articles_reprocessed: int = 0
    problems: list[tuple[str, str]] = field(default_factory=list)
    records: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    tokens: int = 0
    interrupted: bool = False
    stage_seconds: dict[str, float] = field(default_factory=dict)  # time spent in each stage (and 'write')
    executor: str = "local"  # where the article stages ran: 'local' or 'ray'
    ray_workers: int = 0  # with the Ray executor: the workers started and the Ray nodes they ran on
    ray_nodes: int = 0
    not_english: list[tuple[str, str]] = field(default_factory=list)  # (source, language): stages skipped

    @property
    def articles_stored(self) -> int:
        return self.articles_new + self.articles_reprocessed


@dataclass(slots=True)
class Analysis:
    """One article's analysis: its records, the stage runs that made them, what failed, and the time taken."""

    records: list[Record]
    runs: list[StageRun]
    problems: list[tuple[str, str]]  # (source, reason)
    stage_seconds: dict[str, float]
    tokens: int
    language: str | None = None  # set when the article is not in English: its English-only stages were skipped


Progress = Callable[[str, int], None]  # (event, amount): 'file' (one more file read), 'stored', 'link:<stage>'


def chunked(items: Iterable[T], size: int) -> Iterator[list[T]]:
    it = iter(items)
    while chunk := list(itertools.islice(it, size)):
        yield chunk


def parse_published(value: str | dt.date | None) -> dt.date | None:
    """A publication date from metadata; unparseable values count as unknown, never as a guess."""
    if value is None or isinstance(value, dt.date):
        return value.date() if isinstance(value, dt.datetime) else value
    value = value.strip()
    if not value:
        return None
    try:
        return date_parser.isoparse(value).date()
    except ValueError:
        try:
            return date_parser.parse(value, default=dt.datetime(1, 1, 1)).date()
        except (ValueError, OverflowError):
            return None


def prepare(raw: RawDocument) -> tuple[Article, list[BoilerplateSpan]] | IngestProblem:
    """Clean a raw document into an article row and its boilerplate spans."""
    text = raw.text
    if len(text) > MAX_ARTICLE_CHARS:
        # one parse holds the whole text in memory (spaCy refuses past its max_length): refuse it here, by name
        return IngestProblem(raw.source, f"text is {len(text):,} characters, over the {MAX_ARTICLE_CHARS:,}-character "
                                         "limit of one article; split it into articles first")
    cleaned = clean_text(text, title_hint=raw.title)
    body = text[cleaned.body_start : cleaned.body_end]
    if not body.strip():
        return IngestProblem(raw.source, "no article text left after removing boilerplate")
    aid = article_id(body)
    article = Article(
        id=aid,
        source=raw.source,
        format=raw.format,
        title=cleaned.title or raw.title,
        title_start=cleaned.title_start,
        title_end=cleaned.title_end,
        outlet=raw.outlet or cleaned.dateline_agency,
        dateline=cleaned.dateline,
        published=parse_published(raw.published) or parse_published(cleaned.published),
        author=raw.author or cleaned.author,
        url=raw.url,
        body_start=cleaned.body_start,
        body_end=cleaned.body_end,
        text=text,
    )
    boilerplate = [BoilerplateSpan(aid, bp.kind, bp.start, bp.end, bp.text) for bp in cleaned.boilerplate]
    return article, boilerplate


class Builder:
    """One build over one corpus into one store."""

    def __init__(
        self,
        store: Store,
        settings: Settings | None = None,
        reader_options: ReaderOptions | None = None,
        progress: Progress | None = None,
    ):
        self.store = store
        self.settings = settings or Settings()
        self.reader_options = reader_options or ReaderOptions()
        self.progress = progress or (lambda event, n: None)
        stages = resolve_stages(self.settings.stages, self.settings.disabled,
                                [*BUILTIN_STAGES, *self.settings.plugins])
        self.article_stages = [s for s in stages if s.kind == "article"]
        self.link_stages = [s for s in stages if s.kind == "link"]
        self.summary = BuildSummary()
        self._pending: list[Record] = []  # problems and extra sources, written with the next batch
        self._seen: set[str] = set()
        self._last_file: str | None = None

    # -- sources of work --------------------------------------------------------------------------

    def _problem(self, source: str, reason: str) -> None:
        log.info("problem: %s: %s", source, reason)
        self.summary.problems.append((source, reason))
        self._pending.append(Problem(self.summary.run_id, source, reason))

    def _new_articles(self, corpus: Path) -> Iterator[Prepared]:
        for chunk in chunked(read_corpus(corpus, self.reader_options), self.settings.write_batch):
            ready: list[tuple[Article, list[BoilerplateSpan]]] = []
            for item in chunk:
                self.summary.documents_read += 1
                file = item.source.split("#", 1)[0]
                if file != self._last_file:
                    self._last_file = file
                    self.progress("file", 1)
                if isinstance(item, IngestProblem):
                    self._problem(item.source, item.reason)
                    continue
                prepared = prepare(item)
                if isinstance(prepared, IngestProblem):
                    self._problem(prepared.source, prepared.reason)
                    continue
                ready.append(prepared)
            stored = self.store.existing_ids([a.id for a, _ in ready])
            for article, boilerplate in ready:
                if article.id in stored or article.id in self._seen:
                    self.summary.articles_duplicate += 1
                    self._pending.append(ArticleSource(article.id, article.source, article.format))
                    continue
                self._seen.add(article.id)
                yield Prepared(article, boilerplate, self.article_stages, is_new=True)

    def _stale_articles(self) -> Iterator[Prepared]:
        """Stored articles that lack the current version of an enabled stage."""
        if not self.article_stages:
            return
        stages = self.article_stages
        stale_rows = self.store.rows(
            """
            SELECT a.id, list(w.stage) AS stages
            FROM articles a CROSS JOIN (SELECT unnest(?) AS stage, unnest(?) AS version,
                                               unnest(?) AS fingerprint) w
            WHERE NOT EXISTS (SELECT 1 FROM article_stages s
                              WHERE s.article_id = a.id AND s.stage = w.stage AND s.version = w.version
                                AND coalesce(s.fingerprint, '') = w.fingerprint)
            GROUP BY a.id ORDER BY a.id
            """,
            [[s.name for s in stages], [s.version for s in stages], [s.fingerprint for s in stages]],
        )
        for chunk in chunked(stale_rows, self.settings.write_batch):
            ids = [r["id"] for r in chunk]
            articles = {
                r["id"]: Article(**r)
                for r in self.store.rows("SELECT * FROM articles WHERE id IN (SELECT unnest(?))", [ids])
            }
            boilerplate: dict[str, list[BoilerplateSpan]] = {}
            for r in self.store.rows(
                "SELECT * FROM boilerplate WHERE article_id IN (SELECT unnest(?)) ORDER BY start", [ids]
            ):
                boilerplate.setdefault(r["article_id"], []).append(BoilerplateSpan(**r))
            for row in chunk:
                needed = set(row["stages"])
                for stage in self.article_stages:  # dependency order: dependents of a stale stage rerun
                    if needed & set(stage.requires):
                        needed.add(stage.name)
                # a stage reads its requirements' records from this parse, so they rerun with it
                for stage in reversed(self.article_stages):
                    if stage.name in needed:
                        needed.update(stage.requires)
                stages = [s for s in self.article_stages if s.name in needed]
                self._seen.add(row["id"])
                yield Prepared(articles[row["id"]], boilerplate.get(row["id"], []), stages, is_new=False)

    # -- analysis and writing ---------------------------------------------------------------------

    def _analysed(self, work: Iterable[Prepared]) -> Iterator[tuple[Prepared, Analysis]]:
        """Parse and analyse the articles in order: here with `nlp.pipe`, or on Ray workers."""
        if self.settings.executor == "ray":
            from newsdossier.cluster import analyse_on_ray

            def placed(workers: int, nodes: int) -> None:
                self.summary.ray_workers, self.summary.ray_nodes = workers, nodes

            yield from analyse_on_ray(work, self.settings, self.article_stages, placed)
            return
        nlp = load_nlp(self.settings.model)
        items = ((masked_text(p.article.text, p.boilerplate), p) for p in work)
        for doc, prepared in parse(nlp, items, batch_size=self.settings.batch_size, n_process=self.settings.n_process):
            yield prepared, analyse_article(self.article_stages, doc, prepared)

    def _timed(self, name: str, started: float) -> None:
        seconds = self.summary.stage_seconds
        seconds[name] = seconds.get(name, 0.0) + time.perf_counter() - started

    def _article_rows(self, prepared: Prepared, analysis: Analysis) -> list[Record]:
        """Everything one article writes: its row, sources and boilerplate when new, its records."""
        for source, reason in analysis.problems:
            self._problem(source, reason)
        seconds = self.summary.stage_seconds
        for name, spent in analysis.stage_seconds.items():
            seconds[name] = seconds.get(name, 0.0) + spent
        self.summary.tokens += analysis.tokens
        a = prepared.article
        if analysis.language:
            self.summary.not_english.append((a.source, analysis.language))
        head: list[Record] = [a, ArticleSource(a.id, a.source, a.format), *prepared.boilerplate]
        return (head if prepared.is_new else []) + analysis.records + analysis.runs

    def _store_articles(self, items: list[tuple[Prepared, list[Record]]], problems: list[Record]) -> dict[str, int]:
        with self.store.transaction():
            for prepared, _ in items:
                if not prepared.is_new:  # re-analysed: its old records of the re-run stages go first
                    names = [s.name for s in prepared.stages]
                    for stage in prepared.stages:
                        for rt in stage.produces:
                            self.store.delete_for_articles(rt, [prepared.article.id])
                    self.store.execute(
                        "DELETE FROM article_stages WHERE article_id = ? AND stage IN (SELECT unnest(?))",
                        [prepared.article.id, names],
                    )
            counts = self.store.insert([r for _, rows in items for r in rows] + problems)
        return counts

    def _write(self, batch: list[tuple[Prepared, Analysis]]) -> None:
        items = [(prepared, self._article_rows(prepared, analysis)) for prepared, analysis in batch]
        pending, self._pending = self._pending, []
        problems = [p for p in pending if isinstance(p, Problem)]
        started = time.perf_counter()
        try:
            counts = self._store_articles(items, problems)
            stored = items
        except duckdb.Error:
            # one article's rows broke the batch: store the others one by one, report that one
            counts, stored = {}, []
            for item in items:
                try:
                    for table, n in self._store_articles([item], []).items():
                        counts[table] = counts.get(table, 0) + n
                    stored.append(item)
                except duckdb.Error as exc:
                    self._problem(item[0].article.source, f"could not be stored: {exc}")
            self._pending.extend(problems)
        with self.store.transaction():
            self.store.insert_new(ArticleSource, [p for p in pending if isinstance(p, ArticleSource)])
        self._timed("(write)", started)
        for table, n in counts.items():
            self.summary.records[table] = self.summary.records.get(table, 0) + n
        n_new = sum(1 for p, _ in stored if p.is_new)
        log.info("stored a batch: %d new and %d re-analysed articles, %d rows", n_new, len(stored) - n_new,
                 sum(counts.values()))
        self.summary.articles_new += n_new
        self.summary.articles_reprocessed += len(stored) - n_new
        self.progress("stored", len(batch))

    def _flush_pending(self) -> None:
        pending, self._pending = self._pending, []
        if pending:
            with self.store.transaction():
                self.store.insert([p for p in pending if isinstance(p, Problem)])
                self.store.insert_new(ArticleSource, [p for p in pending if isinstance(p, ArticleSource)])

    def run(self, corpus: str | Path | None) -> BuildSummary:
        """Build from `corpus` (None: only bring stored articles up to date and re-link)."""
        started = time.perf_counter()
        summary = self.summary
        summary.run_id = self.store.next_run_id()
        summary.executor = self.settings.executor
        now = dt.datetime.now()
        self.store.insert([Run(summary.run_id, str(corpus or ""), now, None, 0, 0, 0, "running")])
        status = "interrupted"
        try:
            work = itertools.chain(
                self._stale_articles(), self._new_articles(Path(corpus)) if corpus is not None else ()
            )
            new_ids: list[str] = []
            for batch in chunked(self._analysed(work), self.settings.write_batch):
                self._write(batch)
                new_ids.extend(p.article.id for p, _ in batch)
            self._flush_pending()
            self.run_links(new_ids)
            status = "done"
        except KeyboardInterrupt:
            summary.interrupted = True
            raise
        finally:
            summary.seconds = time.perf_counter() - started
            self.store.execute(
                "UPDATE runs SET finished = ?, articles_new = ?, articles_seen = ?, problems = ?, status = ? "
                "WHERE id = ?",
                [dt.datetime.now(), summary.articles_new, summary.documents_read, len(summary.problems),
                 status, summary.run_id],
            )
        return summary

    def run_links(self, new_ids: list[str]) -> None:
        for stage in self.link_stages:
            context = LinkContext(self.store, self.settings, new_ids)
            started = time.perf_counter()
            log.info("link stage %s: started (%d new articles)", stage.name, len(new_ids))
            try:
                with self.store.transaction():
                    stage.func(context)
            except Exception as exc:  # the stage's tables keep their last good state; the rest goes on
                log.debug("link stage %s failed", stage.name, exc_info=True)
                self._problem(f"(link stage {stage.name})", f"failed: {type(exc).__name__}: {exc}")
            self._timed(stage.name, started)
            log.info("link stage %s: %.2f s", stage.name, time.perf_counter() - started)
            self.progress(f"link:{stage.name}", 1)
        self._flush_pending()


def analyse_article(stages: list[StageInfo], doc, prepared: Prepared) -> Analysis:
    """Run the article stages the article needs over its one parse, in dependency order.

    A stage that raises, or whose records are not evidence of the text, is reported as a problem and its
    dependents are skipped; the other stages still run. Plain data in and out, so Ray workers call it too.
    """
    parsed = ParsedArticle(prepared.article, doc, prepared.boilerplate)
    wanted = {s.name for s in prepared.stages}
    analysis = Analysis([], [], [], {}, len(doc))
    # every other article stage reads English with an English model: on another language they are
    # recorded as run (nothing to redo) but produce nothing, rather than nonsense
    lang, confidence = detect_language(parsed.parse_text)
    if not is_english(lang, confidence):
        analysis.language = lang
    for stage in sorted(stages, key=lambda s: s.name != "language"):
        if stage.name not in wanted:
            continue
        if analysis.language and stage.name != "language":
            analysis.runs.append(StageRun(prepared.article.id, stage.name, stage.version, stage.fingerprint))
            continue
        if any(r not in parsed.records for r in stage.requires):
            continue  # a requirement failed on this article; its problem is already recorded
        started = time.perf_counter()
        try:
            out = list(stage.func(parsed))
            check_records(out, prepared.article.text)
        except Exception as exc:  # one article's failure must not stop the corpus
            analysis.problems.append(
                (prepared.article.source, f"stage {stage.name!r} failed: {type(exc).__name__}: {exc}"))
            continue
        finally:
            analysis.stage_seconds[stage.name] = (analysis.stage_seconds.get(stage.name, 0.0)
                                                  + time.perf_counter() - started)
        parsed.records[stage.name] = out
        analysis.records.extend(out)
        analysis.runs.append(StageRun(prepared.article.id, stage.name, stage.version, stage.fingerprint))
    return analysis


def check_records(records: list[Record], text: str) -> None:
    """Refuse a stage's output for an article when a span is not its evidence or an id repeats."""
    ids: set[str] = set()
    for record in records:
        errors = span_errors(record, text)
        if errors:
            raise ValueError(errors[0])
        if type(record).key == ("id",):
            if record.id in ids:
                raise ValueError(f"{type(record).__name__} id {record.id!r} is produced twice")
            ids.add(record.id)


def build(
    corpus: str | Path | None,
    store: Store,
    settings: Settings | None = None,
    reader_options: ReaderOptions | None = None,
    progress: Progress | None = None,
) -> BuildSummary:
    """Ingest and analyse `corpus` into `store`; see the module docstring for the order of work."""
    return Builder(store, settings, reader_options, progress).run(corpus)
