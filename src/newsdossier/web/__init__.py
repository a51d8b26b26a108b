"""The dossier in a browser: a read-only FastAPI app (`create_app`) and the page data it shows.

Imported lazily: the build loads `newsdossier.web.index` (a link stage) without FastAPI.
"""
from __future__ import annotations

from typing import Any

__all__ = ["create_app"]


def __getattr__(name: str) -> Any:
    if name == "create_app":
        from newsdossier.web.app import create_app

        return create_app
    raise AttributeError(name)
