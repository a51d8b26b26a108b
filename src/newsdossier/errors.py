"""User-facing errors.

NewsDossierError
 ├── StageError      a stage name is unknown, or a required stage is switched off
 ├── StoreError      the store cannot be opened or is from a newer version
 ├── ModelError      the spaCy model is not installed, or a shipped model file is missing or of another version
 ├── ClusterError    Ray could not be started or joined, or a worker was lost
 └── DecodeError     a file's bytes cannot be read as text (also a ValueError)
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


class ClusterError(NewsDossierError):
    """Ray could not be started or joined, or a worker was lost."""


class DecodeError(NewsDossierError, ValueError):
    """Bytes that cannot be read as text; `reason` says why in words a user understands."""

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason
