"""Where the library and the state file live."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_DIR_NAME = "saved-reader"


def data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """The data folder: ``--data-dir``, else ``$READER_DATA_DIR``, else the platform's."""
    chosen = override or os.environ.get("READER_DATA_DIR")
    if chosen:
        return Path(chosen).expanduser().resolve()
    return Path(platformdirs.user_data_dir(APP_DIR_NAME, appauthor=False))
