"""The Typer application and the options every command shares."""
from __future__ import annotations

import contextlib
import logging
from pathlib import Path
from typing import Annotated, Iterator, NoReturn

import typer
from rich.console import Console

from newsdossier.config import DEFAULT_STORE
from newsdossier.errors import NewsDossierError

app = typer.Typer(
    name="newsdossier",
    help="Turn a pile of news articles into a sourced dossier: names, statements, figures, dates, reuse, framing.",
    no_args_is_help=True,
    add_completion=False,
    # Click's plain help, not Rich's: Typer's Rich help renderer imports Rich's markdown, syntax and
    # traceback modules, which more than doubles the start-up of every `--help` (benchmarks/startup.py).
    # Results are still drawn with Rich.
    rich_markup_mode=None,
    pretty_exceptions_enable=False,  # our errors are one line (user_errors); a traceback is a bug report
)
console = Console(soft_wrap=True)  # long lines stay whole: users grep and copy them
err_console = Console(stderr=True, soft_wrap=True)

StoreOpt = Annotated[
    Path, typer.Option("--store", "-s", help="DuckDB store file.", envvar="NEWSDOSSIER_STORE")
]
DEFAULT_STORE_PATH = Path(DEFAULT_STORE)


@app.callback()
def _options(
    verbose: Annotated[int, typer.Option("--verbose", "-v", count=True,
                                         help="Show what the stages do: -v progress notes, -vv debug detail.")] = 0,
) -> None:
    """Turn a pile of news articles into a sourced dossier: names, statements, figures, dates, reuse, framing."""
    configure_logging(verbose)


def configure_logging(verbose: int) -> None:
    """Warnings always; `-v` adds each module's info lines, `-vv` its debug lines (to stderr, through Rich)."""
    from rich.logging import RichHandler

    level = logging.WARNING if verbose <= 0 else logging.INFO if verbose == 1 else logging.DEBUG
    handler = RichHandler(console=err_console, show_path=verbose > 1, markup=False, rich_tracebacks=False)
    root = logging.getLogger("newsdossier")
    root.handlers[:] = [handler]
    root.setLevel(level)
    root.propagate = False


@contextlib.contextmanager
def user_errors() -> Iterator[None]:
    """Show the tool's own errors as one clear line and exit 1, never as a traceback."""
    try:
        yield
    except NewsDossierError as exc:
        fail(str(exc))


def fail(message: str, code: int = 1) -> NoReturn:
    err_console.print(f"[bold red]error:[/] {message}")
    raise typer.Exit(code)


def main() -> None:
    try:
        app()
    except NewsDossierError as exc:
        err_console.print(f"[bold red]error:[/] {exc}")
        raise SystemExit(1) from None
