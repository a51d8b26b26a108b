from conftest import REPO

from newsdossier.schemadoc import render


def test_schemadoc_is_up_to_date():
    """docs/schema.md is generated from the records; regenerate it when a record changes."""
    assert (REPO / "docs" / "schema.md").read_text(encoding="utf-8") == render(), (
        "docs/schema.md is stale: run `uv run python -m newsdossier.schemadoc > docs/schema.md`"
    )
