"""The library: the SQLite store, the in-memory catalog of its rows, search and queries."""
