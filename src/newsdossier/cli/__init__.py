"""Command-line interface: `newsdossier COMMAND`.

Each command module validates its arguments, shows progress and results with Rich, and calls a
plain function that does the work (importable and testable without the CLI).
"""
from __future__ import annotations

from newsdossier.cli._app import app, main

# Importing a command module registers its commands on `app`.
from newsdossier.cli import build as _build  # noqa: F401,E402
from newsdossier.cli import inspect as _inspect  # noqa: F401,E402
from newsdossier.cli import conflicts as _conflicts  # noqa: F401,E402
from newsdossier.cli import statements as _statements  # noqa: F401,E402
from newsdossier.cli import entities as _entities  # noqa: F401,E402
from newsdossier.cli import timeline as _timeline  # noqa: F401,E402
from newsdossier.cli import framing as _framing  # noqa: F401,E402
from newsdossier.cli import reuse as _reuse  # noqa: F401,E402
from newsdossier.cli import web as _web  # noqa: F401,E402

__all__ = ["app", "main"]
