"""Full-text search of titles and text that finds Chinese, Japanese and Korean substrings.

What a query matches: search_query.py's docstring.

Order: title hits (every term matches in the title) first; then bm25 (title weighted 4) when at
most ``RANKED_HITS`` documents match and some term is not a single CJK character; then newest
first (to the minute: see ``date_key``; unknown dates last).

How: SQLite's own tokenizers cannot do this (3.40: ``unicode61`` keeps a Chinese sentence as one
token; ``trigram`` needs 3 characters and its ``LIKE`` silently finds nothing), so this module
tokenizes in Python and stores space-separated tokens in contentless FTS5 tables whose ``ascii``
tokenizer splits at our spaces and changes nothing else (our tokens are already folded):

- ``search_index`` (body, title; positions kept): a CJK run ``abcd`` is stored as its
  overlapping bigrams ``ab bc cd`` and its last character ``d`` (``a`` alone for a run of one),
  a word as its fold. A CJK term of 2+ characters is the FTS5 phrase of its bigrams:
  consecutive bigrams cannot span two runs because the last-character token sits between them.
- ``search_chars`` (no positions): each CJK character a document holds, once, and ``tc`` for
  each ``c`` in its title. A 1-character term is one token here: the prefix query ``c*`` over
  bigrams finds the same documents but merges every bigram starting with ``c`` (0.4 s for 的
  at 100,000 articles, against 3 ms here, for about 15% more index).
- ``search_keys``: the rowid ("key") of each document in both tables. Keys grow with the date,
  so FTS5 hands over hits newest first, and a limit stops it early.

search_tokens.py makes the tokens (CJK runs, words, folding), search_query.py parses a query
and makes its MATCH texts; this module keeps the index and answers searches.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass

from reader.core.library.search_query import (
    Match,
    SearchQuery,
    match_of,
    parse_query,
    terms_for_highlight,
)
from reader.core.library.search_tokens import CJK_RANGES, char_patterns, document_tokens

# Made in search_tokens.py and search_query.py; imported from here by their callers too.
__all__ = ["CJK_RANGES", "document_tokens", "parse_query", "terms_for_highlight"]

log = logging.getLogger(__name__)

TABLE = "search_index"  # bigrams, run ends and words, with positions (phrases need them)
CHARS = "search_chars"  # each CJK character a document holds, once: 1-character queries
KEYS = "search_keys"  # the index rowid ("key") of each document id, in the order added
_SCHEMA = (
    f"CREATE TABLE IF NOT EXISTS {KEYS} (key INTEGER NOT NULL UNIQUE, id TEXT NOT NULL)",
    # body first: FTS5 writes no column marker for column 0 (a third of the index).
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {TABLE} USING fts5("
    "body, title, content='', tokenize='ascii', detail=full)",
    # ``c`` for a character in the title or text, ``tc`` for one in the title.
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {CHARS} USING fts5("
    "chars, content='', tokenize='ascii', detail=none)",
)
_TITLE_WEIGHT = 4.0
# Above this many hits, bm25 of each one costs more than the time a search may take (about
# 2 microseconds a hit at 100,000 articles): title hits first, then newest first.
RANKED_HITS = 5_000


@dataclass(frozen=True, slots=True)
class Page:
    """The first ids of a search, best first, and how many documents match in all."""

    ids: list[str]
    total: int


# --- the index ----------------------------------------------------------------------------


class SearchIndex:
    """The FTS5 index of every document's title and text, in the library's own database.

    Writes run in the caller's transaction and are not committed here. A document's index
    rowid, its *key*, grows with its date (``date_key``), so FTS5 itself walks hits newest
    first and stops at a limit; ``search_keys`` maps keys to ids, kept in memory once read
    (documents are only added; a future delete must also call ``forget``).
    """

    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db
        self._ids: dict[str, str] = {}  # key (as text, as group_concat gives it) -> id
        self._read_up_to = 0  # the last search_keys rowid in _ids
        # Documents added while deferring (a bulk import's batch), written by ``flush``.
        self._deferred: list[tuple[int, str, str, str, tuple[str, str, str] | None]] | None = None
        self._pending_keys: set[int] = set()

    def ensure_schema(self) -> None:
        for statement in _SCHEMA:
            self._db.execute(statement)

    def add(
        self,
        doc_id: str,
        rowid: int,
        published: int | None,
        title: str,
        text: str,
        tokens: tuple[str, str, str] | None = None,
    ) -> None:
        """Index one document (its ``documents`` rowid and date make its key), in the caller's
        transaction; while deferring, at the next ``flush``.

        ``tokens``: ``document_tokens(title, text)`` when the caller made them already (bulk
        import makes them in its worker processes, spreading that CPU time over the cores).
        """
        key = self._free_key(date_key(rowid, published))
        if self._deferred is not None:
            self._pending_keys.add(key)
            self._deferred.append((key, doc_id, title, text, tokens))
        else:
            self._insert([(key, doc_id, title, text)], [tokens])

    def defer(self) -> None:
        """Hold added documents until ``flush`` (bulk import: one sorted write per batch)."""
        if self._deferred is None:
            self._deferred = []

    def flush(self, *, stop: bool = False) -> None:
        """Write the held documents in key order, in the caller's transaction.

        FTS5 flushes its pending index data to a new segment whenever a rowid is lower than
        the previous one in the transaction: documents added in file order (random dates,
        so random keys) cost a segment each, sorted they share one (3x faster to store).
        """
        if self._deferred:
            held = sorted(self._deferred, key=lambda d: d[0])
            self._insert([d[:4] for d in held], [d[4] for d in held])
        self.discard(stop=stop)

    def discard(self, *, stop: bool = False) -> None:
        """Drop the held documents (their transaction was rolled back)."""
        self._pending_keys.clear()
        if self._deferred is not None:
            self._deferred = None if stop else []

    def rebuild(self) -> int:
        """Index every document in ``documents`` from scratch; returns how many."""
        for table in (TABLE, CHARS):
            self._db.execute(f"INSERT INTO {table} ({table}) VALUES ('delete-all')")
        self._db.execute(f"DELETE FROM {KEYS}")
        taken: set[int] = set()
        rows = []
        for rowid, doc_id, published, title, text in self._db.execute(
            "SELECT rowid, id, published, title, text FROM documents ORDER BY rowid"
        ).fetchall():
            key = date_key(rowid, published)
            while key in taken:  # as _free_key does
                key += 1
            taken.add(key)
            rows.append((key, doc_id, title, text))
        rows.sort()  # in key order: one FTS5 segment, not one a document (see ``flush``)
        self._insert(rows)
        self.optimize()
        self.forget()
        return len(rows)

    def optimize(self) -> None:
        """Merge each index into one segment (after a bulk load: smaller and faster)."""
        for table in (TABLE, CHARS):
            self._db.execute(f"INSERT INTO {table} ({table}) VALUES ('optimize')")

    def set_automerge(self, pages: int) -> None:
        """FTS5's incremental merging on insert: 0 while bulk loading (then ``merge`` or
        ``optimize`` once), 4 (SQLite's default) otherwise."""
        for table in (TABLE, CHARS):
            sql = f"INSERT INTO {table} ({table}, rank) VALUES ('automerge', ?)"
            self._db.execute(sql, (pages,))

    def restore_automerge(self) -> None:
        """Turn incremental merging back on if a bulk load was killed while it was off."""
        for table in (TABLE, CHARS):
            found = self._db.execute(
                f"SELECT v FROM {table}_config WHERE k = 'automerge'"
            ).fetchone()
            if found is not None and found[0] == 0:
                self.set_automerge(4)
                return

    def merge(self, pages: int = 500) -> None:
        """Some merging work (cheaper than ``optimize`` on a big index)."""
        for table in (TABLE, CHARS):
            self._db.execute(f"INSERT INTO {table} ({table}, rank) VALUES ('merge', ?)", (pages,))

    def forget(self) -> None:
        """Drop the ids kept in memory (they are read again when needed)."""
        self._ids.clear()
        self._read_up_to = 0

    def _free_key(self, key: int) -> int:
        """``key``, or the next one up that no document has (same minute: added later, newer)."""
        while True:
            taken = self._db.execute(f"SELECT 1 FROM {KEYS} WHERE key = ?", (key,)).fetchone()
            if taken is None and key not in self._pending_keys:
                return key
            if taken is not None:
                (key,) = self._db.execute(
                    f"SELECT a.key + 1 FROM {KEYS} AS a WHERE a.key >= ? AND NOT EXISTS "
                    f"(SELECT 1 FROM {KEYS} AS b WHERE b.key = a.key + 1) "
                    "ORDER BY a.key LIMIT 1",
                    (key,),
                ).fetchone()
            while key in self._pending_keys:
                key += 1

    def _insert(
        self,
        rows: Sequence[tuple[int, str, str, str]],
        made: Sequence[tuple[str, str, str] | None] = (),
    ) -> None:
        texts, chars = [], []
        for i, (key, _, title, text) in enumerate(rows):
            tokens = made[i] if i < len(made) else None
            body_tokens, title_tokens, char_tokens = tokens or document_tokens(title, text)
            texts.append((key, body_tokens, title_tokens))
            chars.append((key, char_tokens))
        self._db.executemany(f"INSERT INTO {KEYS} (key, id) VALUES (?, ?)", (r[:2] for r in rows))
        self._db.executemany(f"INSERT INTO {TABLE} (rowid, body, title) VALUES (?, ?, ?)", texts)
        self._db.executemany(f"INSERT INTO {CHARS} (rowid, chars) VALUES (?, ?)", chars)

    # --- searching -----------------------------------------------------------------------

    def search(self, query: str | SearchQuery, limit: int | None = None) -> list[str]:
        """Ids of the documents matching ``query``, best first; never raises for odd input.

        Title hits (every term in the title) first; then by bm25 when some term is not a
        single CJK character and at most ``RANKED_HITS`` documents match; then newest first
        (unknown dates last).
        """
        return self.page(query, limit).ids

    def page(self, query: str | SearchQuery, limit: int | None = None) -> Page:
        """The first ``limit`` ids of ``search`` (all when None) and the number of matches.

        A short page of a big result is quick (FTS5 walks hits newest first and stops), so a
        search box can show it at once and fetch the whole list in the background.
        """
        parsed = parse_query(query) if isinstance(query, str) else query
        if not parsed:
            return Page([], 0)
        match = match_of(parsed)
        scored: list[tuple[int, float, float]] | None = None
        total: int | None = None
        if match.text is not None:
            if match.phrases:  # scoring evaluates the phrases anyway: no separate count
                scored = self._scored(match, RANKED_HITS + 1)
                if len(scored) > RANKED_HITS:
                    scored = None
            else:
                total = self._count(match)
                if total <= RANKED_HITS:
                    scored = self._scored(match, None)
        if scored is not None:
            keys = self._ranked(match, scored)[:limit]
            total = len(scored)
        else:
            if total is None:
                total = self._count(match)
            keys = [] if limit is not None and limit < 1 else self._newest(match, "title", limit)
            if limit is None or len(keys) < limit:
                keys += self._newest(match, "rest", None if limit is None else limit - len(keys))
        return Page(self._ids_of(keys), total)

    def _ids_of(self, keys: list[str]) -> list[str]:
        """The ids of ``keys``: a page's few from SQL (no need to read every key at the first
        search, ~40 ms at 100,000 articles), more through the map of every key."""
        if len(keys) > 500 or self._ids:
            ids = self._id_of()
            return [ids[k] for k in keys]
        marks = ",".join("?" * len(keys))
        found = dict(
            self._db.execute(
                f"SELECT CAST(key AS TEXT), id FROM {KEYS} WHERE key IN ({marks})",
                [int(k) for k in keys],
            )
        )
        return [found[k] for k in keys]

    def warm_up(self) -> None:
        """Do now what the first search would (compile the tokenizer, read every key)."""
        parse_query("warm")
        char_patterns(astral=False)
        self._id_of()

    def _count(self, match: Match) -> int:
        table, where, params = _where(match, "all")
        sql = f"SELECT count(*) FROM {table} WHERE {where}"
        return int(self._db.execute(sql, params).fetchone()[0])

    def _scored(self, match: Match, limit: int | None) -> list[tuple[int, float, float]]:
        """(key, bm25, bm25 of the title alone) of up to ``limit`` hits. The second score is
        below 0 exactly when the title holds a term (bm25 clamps each term's idf above 0), so
        a query of one term needs no title query; it costs next to nothing more (FTS5 keeps
        the row's phrase data between the two calls)."""
        table, where, params = _where(match, "all")
        sql = (
            f"SELECT rowid, bm25({TABLE}, 1.0, {_TITLE_WEIGHT}), bm25({TABLE}, 0.0, 1.0) "
            f"FROM {table} WHERE {where} LIMIT ?"
        )
        return self._db.execute(sql, [*params, -1 if limit is None else limit]).fetchall()

    def _ranked(self, match: Match, scored: list[tuple[int, float, float]]) -> list[str]:
        """Keys by title hit, then bm25, then newest first."""
        if match.single:
            titles = {k for k, _, in_title in scored if in_title < 0}
        else:  # every term in the title: asked of FTS5
            table, where, params = _where(match, "title")
            sql = f"SELECT rowid FROM {table} WHERE {where}"
            titles = {k for (k,) in self._db.execute(sql, params).fetchall()}
        scored.sort(key=lambda row: (row[0] not in titles, row[1], -row[0]))
        return [str(k) for k, _, _ in scored]

    def _newest(self, match: Match, part: str, limit: int | None) -> list[str]:
        """Keys of ``part`` ("title" hits or the "rest"), newest first."""
        table, where, params = _where(match, part)
        (found,) = self._db.execute(
            f"SELECT group_concat(rowid) FROM (SELECT rowid FROM {table} "
            f"WHERE {where} ORDER BY rowid DESC LIMIT ?)",
            [*params, -1 if limit is None else limit],
        ).fetchone()
        return found.split(",") if found else []

    def _id_of(self) -> dict[str, str]:
        """Every document's id by key (as text), read again when documents were added."""
        (last,) = self._db.execute(f"SELECT coalesce(max(rowid), 0) FROM {KEYS}").fetchone()
        if last != self._read_up_to:  # added since, by any connection
            if last < self._read_up_to:  # rebuilt by another connection
                self.forget()
            cursor = self._db.execute(
                f"SELECT CAST(key AS TEXT), id FROM {KEYS} WHERE rowid > ?", (self._read_up_to,)
            )
            # In chunks: a background thread reads them, and one C call over 100,000 rows
            # would keep the UI thread from the GIL for its whole length (~100 ms).
            while chunk := cursor.fetchmany(2_000):
                self._ids.update(chunk)
            self._read_up_to = last
        return self._ids

    def size(self) -> int:
        """Bytes the index takes in the database file (0 without SQLite's dbstat)."""
        parts = ("data", "idx", "docsize", "config")
        names = [f"{table}_{part}" for table in (TABLE, CHARS) for part in parts]
        names += [KEYS, f"sqlite_autoindex_{KEYS}_1"]
        total = 0
        try:
            for name in names:  # one name at a time: dbstat then reads only that b-tree
                sql = "SELECT coalesce(sum(pgsize), 0) FROM dbstat WHERE name = ?"
                total += self._db.execute(sql, (name,)).fetchone()[0]
        except sqlite3.OperationalError as e:
            # Only the benchmarks ask, and a SQLite built without dbstat ("no such table") has
            # no answer to give: 0 says so, as the docstring promises; the reason is logged.
            log.debug("The search index's size is unknown: %s", e)
            return 0
        return total


def _where(match: Match, part: str) -> tuple[str, str, list[str]]:
    """The table and WHERE clause for every hit of ``match`` ("all"), the "title" hits (every
    term in the title) or the "rest"; the main table unless every term is one CJK character."""
    if part == "rest" and match.chars is None:
        return TABLE, f"{TABLE} MATCH ?", [f"({match.text}) NOT ({match.title_text})"]
    if part == "rest" and match.text is None:
        return CHARS, f"{CHARS} MATCH ?", [f"({match.chars}) NOT ({match.title_chars})"]
    title = part == "title"
    chars = match.title_chars if title else match.chars
    params: list[str | None]
    if match.text is None:
        assert chars is not None
        table, where, params = CHARS, f"{CHARS} MATCH ?", [chars]
    else:
        table, where = TABLE, f"{TABLE} MATCH ?"
        params = [match.title_text if title else match.text]
        if chars is not None:
            where += f" AND +rowid IN (SELECT rowid FROM {CHARS} WHERE {CHARS} MATCH ?)"
            params.append(chars)
    if part == "rest":  # FTS5's own NOT (above) is 3 times faster than NOT IN
        sub_table, sub_where, sub_params = _where(match, "title")
        where += f" AND +rowid NOT IN (SELECT rowid FROM {sub_table} WHERE {sub_where})"
        params += sub_params
    return table, where, [p for p in params if p is not None]


_UNDATED = 1 << 40
_EARLIEST_MINUTE = -2_208_988_800 // 60  # 1900-01-01: earlier dates count as 1900


def date_key(rowid: int, published: int | None) -> int:
    """The index rowid a document would like: larger is newer, unknown dates oldest.

    Minutes since 1900 when dated, else ``rowid - 2**40`` (among undated documents the one
    added later comes first). ``SearchIndex`` moves a key up to the next free one when two
    documents share a minute, so within a minute the later added counts as newer. Small steps
    between keys keep FTS5's rowid deltas short: at 100,000 generated articles the index is
    16% larger than with insertion-order rowids; with seconds it was 43% larger.
    """
    if published is None:
        return rowid - _UNDATED
    return max(published // 60_000 - _EARLIEST_MINUTE, 0)
