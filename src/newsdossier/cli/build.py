"""`build` and `demo`: ingest and analyse a corpus into the store."""
from __future__ import annotations

import enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer
from rich.table import Table

from newsdossier.cli._app import DEFAULT_STORE_PATH, StoreOpt, app, console, err_console, fail, user_errors
from newsdossier.config import MAX_FILE_BYTES, Settings

if TYPE_CHECKING:
    from newsdossier.ingest import ReaderOptions
    from newsdossier.pipeline import BuildSummary

DEMO_CORPUS = Path(__file__).resolve().parents[3] / "examples" / "demo-corpus"


def run_build(corpus: Path | None, store_path: Path, settings: Settings, options: ReaderOptions) -> BuildSummary:
    """Build with a progress bar; on Ctrl-C say what is kept and exit 130."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    from newsdossier.ingest import iter_sources
    from newsdossier.pipeline import build
    from newsdossier.store import Store

    total = sum(1 for _ in iter_sources(corpus)) if corpus is not None else None
    columns = [SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
               TimeElapsedColumn()]
    with Store.open(store_path) as store, Progress(*columns, console=err_console, transient=True) as bar:
        read_task = bar.add_task("files read", total=total)
        store_task = bar.add_task("articles analysed", total=None)

        def progress(event: str, n: int) -> None:
            if event == "file":
                bar.advance(read_task, n)
            elif event == "stored":
                bar.advance(store_task, n)
            elif event.startswith("link:"):
                bar.update(store_task, description=f"linked {event[5:]}")

        try:
            return build(corpus, store, settings, options, progress)
        except KeyboardInterrupt:
            bar.stop()
            err_console.print(
                "[yellow]interrupted:[/] every batch written so far is complete in "
                f"{store_path}; run the same build again to resume."
            )
            raise typer.Exit(130) from None


def print_summary(summary: BuildSummary, store_path: Path) -> None:
    rate = summary.articles_stored / summary.seconds if summary.seconds else 0.0
    console.print(
        f"[bold]{summary.articles_new}[/] new articles, {summary.articles_duplicate} already stored, "
        f"{summary.articles_reprocessed} re-analysed, {len(summary.problems)} problems "
        f"from {summary.documents_read} documents in {summary.seconds:.1f}s "
        f"({rate:.1f} articles/s, {summary.tokens:,} tokens) -> {store_path}"
    )
    if summary.ray_workers:
        console.print(f"article stages on Ray: {summary.ray_workers} worker{'s' if summary.ray_workers != 1 else ''} "
                      f"on {summary.ray_nodes} node{'s' if summary.ray_nodes != 1 else ''}")
    if summary.not_english:
        shown = ", ".join(f"{src} ({lang})" for src, lang in summary.not_english[:20])
        more = f" and {len(summary.not_english) - 20} more" if len(summary.not_english) > 20 else ""
        console.print(f"{len(summary.not_english)} article{'s' if len(summary.not_english) != 1 else ''} not in "
                      f"English, stored and searchable, English-only stages skipped: {shown}{more}")
    if summary.records:
        table = Table("table", "rows added", title="records")
        for name, n in sorted(summary.records.items()):
            table.add_row(name, f"{n:,}")
        console.print(table)
    if summary.stage_seconds and summary.articles_stored:
        staged = sum(summary.stage_seconds.values())
        on_ray = summary.executor == "ray"
        # on Ray the article stages run on the workers at once: their seconds add up past the wall clock
        table = Table("stage", "seconds", "share",
                      title="time per stage" + (" (article stages: summed over the Ray workers)" if on_ray else ""))
        rows = [("whole build (wall clock)", summary.seconds) if on_ray else
                ("parse, read and clean (the rest)", max(summary.seconds - staged, 0.0))]
        rows += sorted(summary.stage_seconds.items(), key=lambda kv: -kv[1])
        for name, sec in rows:
            share = f"{sec / summary.seconds:.0%}" if summary.seconds and not on_ray else "-"
            table.add_row(name, f"{sec:.1f}", share)
        console.print(table)
    if summary.problems:
        table = Table("file", "problem", title="problems (skipped)", title_style="yellow")
        for source, reason in summary.problems[:50]:
            table.add_row(source, reason)
        console.print(table)
        if len(summary.problems) > 50:
            console.print(f"... and {len(summary.problems) - 50} more: see the `problems` table")


class Executor(str, enum.Enum):
    local = "local"
    ray = "ray"


StageOpt = Annotated[
    Optional[list[str]], typer.Option("--stage", help="Run only these stages (repeatable).")
]
SkipOpt = Annotated[Optional[list[str]], typer.Option("--skip", help="Switch these stages off (repeatable).")]


@app.command("build")
def build_cli(
    corpus: Annotated[Path, typer.Argument(help="A file or folder of .txt, .html, .jsonl, .csv, .warc(.gz).")],
    store: StoreOpt = DEFAULT_STORE_PATH,
    model: Annotated[Optional[str], typer.Option(help="spaCy pipeline to load.")] = None,
    batch_size: Annotated[int, typer.Option(help="Articles per parse batch.")] = 64,
    n_process: Annotated[int, typer.Option(help="Parser processes (local executor).")] = 1,
    executor: Annotated[Executor, typer.Option(help="Where to parse and analyse: this process, or Ray workers.")]
    = Executor.local,
    workers: Annotated[Optional[int], typer.Option(min=1, help="Ray workers (default: one per CPU).")] = None,
    ray_address: Annotated[Optional[str], typer.Option(
        help="Join this Ray cluster ('auto' or host:port); default: start Ray on this machine.")] = None,
    stage: StageOpt = None,
    skip: SkipOpt = None,
    aliases: Annotated[Optional[Path], typer.Option(help="YAML file of names to merge / keep apart.")] = None,
    text_field: Annotated[str, typer.Option(help="JSONL/CSV column with the article text.")] = "text",
    title_field: Annotated[str, typer.Option(help="JSONL/CSV column with the title.")] = "title",
    date_field: Annotated[str, typer.Option(help="JSONL/CSV column with the publication date.")] = "date",
    outlet_field: Annotated[str, typer.Option(help="JSONL/CSV column with the outlet name.")] = "outlet",
    url_field: Annotated[str, typer.Option(help="JSONL/CSV column with the URL.")] = "url",
    outlet_from_dir: Annotated[bool, typer.Option(help="Name the outlet after the first folder level.")] = False,
    max_bytes: Annotated[int, typer.Option(help="Refuse files larger than this.")] = MAX_FILE_BYTES,
    full: Annotated[bool, typer.Option("--full", help="Link stages recompute every article, not only what "
                                       "changed.")] = False,
) -> None:
    """Ingest and analyse CORPUS into the store; re-running adds only what is new.

    Example: newsdossier build articles/ --store dossier.duckdb
    """
    from newsdossier.ingest import ReaderOptions

    if not corpus.exists():
        fail(f"{corpus}: no such file or folder")
    if executor is Executor.local and (workers is not None or ray_address is not None):
        fail("--workers and --ray-address need --executor ray")
    if executor is Executor.ray and n_process != 1:
        fail("--n-process is for the local executor; with --executor ray use --workers")
    settings = Settings(batch_size=batch_size, n_process=n_process, stages=stage, disabled=skip or [],
                        alias_file=aliases, executor=executor.value, workers=workers, ray_address=ray_address,
                        full_links=full)
    if model:
        settings.model = model
    options = ReaderOptions(text_field=text_field, title_field=title_field, date_field=date_field,
                            outlet_field=outlet_field, url_field=url_field, outlet_from_dir=outlet_from_dir,
                            max_bytes=max_bytes)
    with user_errors():
        summary = run_build(corpus, store, settings, options)
    print_summary(summary, store)
    if summary.articles_new == 0 and summary.articles_duplicate == 0 and summary.articles_reprocessed == 0:
        fail(f"no article could be read from {corpus}; see the problems above", code=2)


@app.command("demo")
def demo_cli(
    store: StoreOpt = Path("demo-dossier.duckdb"),
    out: Annotated[Path, typer.Option(help="Folder for the exported records.")] = Path("demo-export"),
    html: Annotated[Path, typer.Option(help="Self-contained HTML dossier to write.")] = Path("demo-dossier.html"),
) -> None:
    """Build the bundled demo corpus and say where the results are."""
    from newsdossier.cli.inspect import print_info
    from newsdossier.export import export_dossier
    from newsdossier.ingest import ReaderOptions
    from newsdossier.store import Store

    if not DEMO_CORPUS.is_dir():
        fail(f"the demo corpus is not at {DEMO_CORPUS}; run from a checkout of the repository")
    with user_errors():
        summary = run_build(DEMO_CORPUS, store, Settings(), ReaderOptions())
    print_summary(summary, store)
    with user_errors(), Store.open(store, read_only=True) as st:
        export_dossier(st, out, "jsonl")  # the dossier's tables, as `export` writes them
        print_info(st)
    from newsdossier.report import write_report

    with user_errors():
        write_report(store, html)
    console.print(f"\n[bold green]demo dossier:[/] store {store}; records as JSON Lines in {out}/; "
                  f"the whole dossier as one HTML file: {html}")
    console.print(f"next: newsdossier serve --store {store}   (then open http://127.0.0.1:8000)")
