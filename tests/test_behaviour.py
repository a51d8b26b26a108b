"""Behaviour guard: the demo corpus, the seeds and 300 BBC articles build to the same export as recorded.

A refactor must leave every exported table as it was (run ids, timestamps and fingerprints aside). A change
of behaviour that is meant updates the record on purpose:

    uv run python tests/test_behaviour.py --update

and the commit says which tables changed and why (`benchmarks/export_compare.py` shows the rows).
"""
from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "benchmarks"))
from export_compare import digest  # noqa: E402

RECORD = REPO / "tests" / "data" / "export_digest.json"
SHARED = REPO.parent / "shared"
BBC_PER_CATEGORY = 60


def corpus(into: Path) -> Path:
    """The demo corpus, the five seeds and the first 60 BBC articles of each category, in one folder."""
    shutil.copytree(REPO / "examples" / "demo-corpus", into / "demo")
    shutil.copytree(SHARED / "seeds", into / "seeds")
    bbc = into / "bbc"
    bbc.mkdir()
    for category in sorted(p for p in (SHARED / "data" / "bbc").iterdir() if p.is_dir()):
        for f in sorted(category.glob("*.txt"))[:BBC_PER_CATEGORY]:
            shutil.copy(f, bbc / f"{category.name}-{f.name}")
    return into


def build_digest(tmp: Path) -> dict[str, list]:
    from newsdossier.pipeline import build
    from newsdossier.store import Store

    with Store.open(tmp / "guard.duckdb") as store:
        build(corpus(tmp / "corpus"), store)
        store.export(tmp / "export", "jsonl")
    return digest(tmp / "export")


@pytest.mark.skipif(not (SHARED / "data" / "bbc").exists(), reason="../shared/data/bbc is not beside the checkout")
def test_behaviour_every_exported_table_is_as_recorded(tmp_path):
    recorded = json.loads(RECORD.read_text())
    now = build_digest(tmp_path)
    changed = {t: (recorded.get(t), now.get(t)) for t in sorted(set(recorded) | set(now)) if recorded.get(t) != now.get(t)}
    assert not changed, ("exported tables differ from tests/data/export_digest.json (rows, hash): "
                         f"{changed}; if the change is meant, run `uv run python tests/test_behaviour.py --update`")


if __name__ == "__main__" and "--update" in sys.argv:
    import tempfile

    sys.path.insert(0, str(REPO / "src"))
    with tempfile.TemporaryDirectory() as tmp:
        RECORD.write_text(json.dumps(build_digest(Path(tmp)), indent=1, sort_keys=True) + "\n")
    print(f"wrote {RECORD}")
