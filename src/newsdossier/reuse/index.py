"""The MinHash LSH index beside the store: a folder of segment files (`<store path>.reuse/`), or an
in-process dictionary for a ':memory:' store. The `reuse_segments` rows say which files are live."""
from __future__ import annotations

import weakref
from pathlib import Path
from typing import Any

from newsdossier.reuse import sketch

MAX_SEGMENTS = 12  # compact the index into one segment when it has more
INDEX_SUFFIX = ".reuse"  # the index folder is `<store path>.reuse/`

_MEMORY_INDEXES: "weakref.WeakKeyDictionary[Any, dict[str, sketch.Segment]]" = weakref.WeakKeyDictionary()


def index_folder(store) -> Path | None:
    """`<store path>.reuse/`, or None for a ':memory:' store (its index lives in this process)."""
    if store.path == ":memory:":
        return None
    return Path(str(store.path) + INDEX_SUFFIX)


def _load_segments(store) -> list[sketch.Segment]:
    names = [r["segment"] for r in store.rows("SELECT segment FROM reuse_segments ORDER BY created, segment")]
    folder = index_folder(store)
    if folder is None:
        mem = _MEMORY_INDEXES.setdefault(store, {})
        return [mem[n] for n in names if n in mem]
    return [sketch.Segment.load(folder, n) for n in names if (folder / f"{n}.npz").exists()]


def _save_segment(store, seg: sketch.Segment) -> None:
    folder = index_folder(store)
    if folder is None:
        _MEMORY_INDEXES.setdefault(store, {})[seg.name] = seg
    else:
        seg.save(folder)


def _remove_stale_files(store) -> None:
    """Delete segment files no committed row refers to (left by a failed or compacted build)."""
    folder = index_folder(store)
    if folder is None or not folder.is_dir():
        return
    live = {r["segment"] for r in store.rows("SELECT segment FROM reuse_segments")}
    for path in folder.glob("*.npz"):
        name = path.name[: -len(".npz")]
        if name not in live:
            path.unlink(missing_ok=True)
