"""The Typer application and the options every command shares."""
from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from newsdossier.config import DEFAULT_STORE
from newsdossier.errors import NewsDossierError

app = typer.Typer(
    name="newsdossier",
    help="Turn a pile of news articles into a sourced dossier: names, statements, figures, dates, reuse, framing.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
)
console = Console()
err_console = Console(stderr=True)

StoreOpt = Annotated[
    Path, typer.Option("--store", "-s", help="DuckDB store file.", envvar="NEWSDOSSIER_STORE")
]
DEFAULT_STORE_PATH = Path(DEFAULT_STORE)


def fail(message: str, code: int = 1) -> None:
    err_console.print(f"[bold red]error:[/] {message}")
    raise typer.Exit(code)


def main() -> None:
    try:
        app()
    except NewsDossierError as exc:
        err_console.print(f"[bold red]error:[/] {exc}")
        raise SystemExit(1) from None
