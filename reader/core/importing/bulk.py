"""The old name of the import pipeline, for the command line until it calls ``pipeline``
(issue 10: reader/cli is being split into a package meanwhile); then this module goes."""

from __future__ import annotations

from reader.core.importing.pipeline import import_paths as import_many

__all__ = ["import_many"]
