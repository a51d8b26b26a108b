"""The dossier in a browser: a read-only FastAPI app (`create_app`) and the page data it shows."""
from __future__ import annotations

from newsdossier.web.app import create_app

__all__ = ["create_app"]
