"""Run the parse and the article stages on Ray workers, for corpora one machine cannot parse in time.

The build process stays the driver: it reads the corpus, skips what is stored, writes each batch in one
transaction and runs the link stages (they need the one store). Workers are Ray actors, one CPU each, each
with its own spaCy pipeline loaded once; a worker gets a batch of articles (their masked text is made
there), parses it with `nlp.pipe` and returns each article's `Analysis` from the same
`pipeline.analyse_article` a local build uses, so a Ray build stores the same records.

Streaming: batches are handed out round-robin and taken back in the order they were sent, with at most
`IN_FLIGHT_PER_WORKER` batches per worker outstanding, so the corpus is never held in memory and the store
sees articles in the same order as a local build.

`ray.init()` without an address starts a local Ray on this machine (useful to check a set-up, and what the
tests do); `--ray-address auto` (or `host:port`) joins a running cluster, whose nodes need newsdossier and the
spaCy model installed. Ray is used as a library: nothing here is written by hand that Ray does (scheduling,
transport, worker life cycle); this module only decides what one task is and keeps the order.
"""
from __future__ import annotations

import logging

import collections
import os
import socket
from typing import Callable, Iterable, Iterator

from newsdossier.article import masked_text
from newsdossier.config import Settings
from newsdossier.errors import ClusterError
from newsdossier.pipeline import Analysis, Prepared, analyse_article, chunked
from newsdossier.stages import StageInfo

log = logging.getLogger(__name__)

# Ray's `uv run` integration would package the current folder (a corpus folder, maybe gigabytes) and ship it
# to every worker; workers here import the installed package instead. Export the variable as 1 to opt back in.
os.environ.setdefault("RAY_ENABLE_UV_RUN_RUNTIME_ENV", "0")

CONNECT_TIMEOUT_S = 5.0
IN_FLIGHT_PER_WORKER = 2  # one batch being parsed and one waiting, per worker
# The local Ray's shared-object store: batches in flight are small (a few MB), so a small store keeps Ray
# from reserving 30% of the machine's memory as it does by default.
LOCAL_OBJECT_STORE_BYTES = 256 * 1024 * 1024


class ArticleWorker:
    """A Ray actor: one spaCy pipeline and the article stages, analysing batch after batch."""

    def __init__(self, model: str, stage_names: list[str]):
        from newsdossier.nlp import load_nlp
        from newsdossier.stages import all_stages

        self.nlp = load_nlp(model)
        registry = all_stages()
        self.stages = [registry[name] for name in stage_names]

    def node_id(self) -> str:
        """The Ray node this worker runs on (the build says how many nodes its workers spread over)."""
        import ray

        return ray.get_runtime_context().get_node_id()

    def analyse(self, batch: list[Prepared], batch_size: int) -> list[Analysis]:
        texts = ((masked_text(p.article.text, p.boilerplate), p) for p in batch)
        return [analyse_article(self.stages, doc, p)
                for doc, p in self.nlp.pipe(texts, as_tuples=True, batch_size=batch_size)]


def check_reachable(address: str, timeout: float = CONNECT_TIMEOUT_S) -> None:
    """Fail fast when no one listens at a `host:port` address: Ray itself retries for minutes."""
    host, sep, port = address.rpartition(":")
    if not sep or address.startswith("ray://") or not port.isdigit():
        return  # 'auto' and client addresses: Ray reports those itself
    try:
        socket.create_connection((host, int(port)), timeout=timeout).close()
    except OSError as exc:
        raise ClusterError(f"no Ray cluster answers at {address}: {exc}") from exc


def start_ray(settings: Settings) -> bool:
    """Start or join Ray; True when this call started it (and so must shut it down)."""
    import ray

    if ray.is_initialized():
        return False
    if os.environ.get("RAY_ENABLE_UV_RUN_RUNTIME_ENV") == "0":
        from ray._private import ray_constants  # read once when ray is imported, which may predate this module

        ray_constants.RAY_ENABLE_UV_RUN_RUNTIME_ENV = False
    options: dict = {"include_dashboard": False, "log_to_driver": False, "configure_logging": False}
    if settings.ray_address:
        check_reachable(settings.ray_address)
        options["address"] = settings.ray_address
    else:
        # "local": a Ray of our own even when another one runs on this machine (a bare init() joins that
        # one, and then refuses the number of CPUs)
        options["address"] = "local"
        options["object_store_memory"] = LOCAL_OBJECT_STORE_BYTES
        if settings.workers:
            options["num_cpus"] = settings.workers
    try:
        ray.init(**options)
    except Exception as exc:  # Ray raises ConnectionError, RuntimeError, ValueError... for a bad address
        where = settings.ray_address or "this machine"
        raise ClusterError(f"could not start Ray on {where}: {type(exc).__name__}: {exc}") from exc
    return True


def analyse_on_ray(work: Iterable[Prepared], settings: Settings, stages: list[StageInfo],
                   placed: Callable[[int, int], None] | None = None) -> Iterator[tuple[Prepared, Analysis]]:
    """Each article with its analysis, in the order of `work`, computed by Ray workers. `placed(workers,
    nodes)` is told how many workers started and on how many Ray nodes they run."""
    import ray

    started_here = start_ray(settings)
    actors: list = []
    try:
        n_workers = settings.workers or max(1, int(ray.cluster_resources().get("CPU", 1)))
        worker_class = ray.remote(num_cpus=1)(ArticleWorker)
        names = [s.name for s in stages]
        actors = [worker_class.remote(settings.model, names) for _ in range(n_workers)]
        try:
            nodes = set(ray.get([actor.node_id.remote() for actor in actors]))
        except ray.exceptions.RayError as exc:
            raise ClusterError(f"the Ray workers did not start: {type(exc).__name__}: {exc}") from exc
        log.info("Ray: %d workers on %d node%s", n_workers, len(nodes), "" if len(nodes) == 1 else "s")
        if placed:
            placed(n_workers, len(nodes))
        pending: collections.deque = collections.deque()

        def take() -> Iterator[tuple[Prepared, Analysis]]:
            batch, future = pending.popleft()
            try:
                analyses = ray.get(future)
            except ray.exceptions.RayError as exc:
                raise ClusterError(f"a Ray worker failed: {type(exc).__name__}: {exc}; the batches written so far "
                                   "are kept, and running the build again resumes") from exc
            yield from zip(batch, analyses)

        for k, batch in enumerate(chunked(work, settings.batch_size)):
            pending.append((batch, actors[k % n_workers].analyse.remote(batch, settings.batch_size)))
            if len(pending) >= n_workers * IN_FLIGHT_PER_WORKER:
                yield from take()
        while pending:
            yield from take()
    finally:
        for actor in actors:
            ray.kill(actor)
        if started_here:
            ray.shutdown()
