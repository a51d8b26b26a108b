"""User-facing errors.

NewsDossierError
 ├── StageError      a stage name is unknown, or a required stage is switched off
 ├── StoreError      the store cannot be opened or is from a newer version
 └── ModelError      the spaCy model is not installed
"""
from __future__ import annotations


class NewsDossierError(Exception):
    """Base class: its message is shown to the user as it is."""


class StageError(NewsDossierError):
    pass


class StoreError(NewsDossierError):
    pass


class ModelError(NewsDossierError):
    pass
