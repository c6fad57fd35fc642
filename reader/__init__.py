"""Saved Reader: a private, offline desktop reader for saved articles."""

__version__ = "0.1.0"
APP_NAME = "Saved Reader"
APP_ID = "io.github.savedreader.SavedReader"
