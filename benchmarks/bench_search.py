"""Search latency on a generated library, beside a brute-force scan.

    python benchmarks/bench_search.py [--n 100000] [--queries 50] [--data-dir DIR]

Builds N articles (benchmarks/generate.py) through Library.add in batches, then times
``SearchIndex.search`` (the whole list, best first) and ``SearchIndex.page`` (the first 100 and
the total count: what the search box shows at once, fetching the rest in the background) for
1-, 2- and 4-character CJK queries and English words, each drawn
from the corpus text at random positions (so common strings come up as often as they do in
news), against the floor of a scan: Python ``in`` over every title and text held in memory,
and SQL ``instr`` over the documents table (first --sql-queries of each kind: it reads the
whole table each time). Also prints index size and build times. Not a test: no asserts.
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import statistics
import sys
import tempfile
import time
import unicodedata
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.generate import build_library, corpus_documents  # noqa: E402
from reader.core.library.search import CJK_RANGES, SearchIndex  # noqa: E402
from reader.core.library.store import Library  # noqa: E402

KINDS = ("CJK 1 char", "CJK 2 chars", "CJK 4 chars", "English word")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=100_000, help="articles (default 100,000)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--queries", type=int, default=50, help="queries of each kind")
    parser.add_argument("--sql-queries", type=int, default=10, help="of those, timed with instr")
    parser.add_argument("--data-dir", type=Path, help="build (or reuse) the library here")
    parser.add_argument("--rebuild", action="store_true", help="also time SearchIndex.rebuild")
    args = parser.parse_args(argv)

    temp = None if args.data_dir else Path(tempfile.mkdtemp(prefix="bench-search-"))
    root = args.data_dir or temp
    assert root is not None
    try:
        library = _library(root, args.n, args.seed)
        try:
            _report(library, args)
        finally:
            library.close()
    finally:
        if temp is not None:
            shutil.rmtree(temp, ignore_errors=True)
    return 0


def _library(root: Path, n: int, seed: int) -> Library:
    if (root / "library.sqlite3").exists():
        library = Library(root)
        print(f"reusing {root}: {len(library):,} articles (build not timed)")
        return library
    start = time.perf_counter()
    library = build_library(root, n, seed)
    took = time.perf_counter() - start
    print(
        f"built {n:,} articles in {root} through Library.add (index included): "
        f"{took:.1f} s, {took / n * 1000:.2f} ms per article"
    )
    return library


def _report(library: Library, args: argparse.Namespace) -> None:
    db = library._db  # the benchmark reads the same connection the library searches with
    index = SearchIndex(db)
    n = len(library)
    text_bytes = db.execute(
        "SELECT sum(length(CAST(title AS BLOB)) + length(CAST(text AS BLOB))) FROM documents"
    ).fetchone()[0]
    size = index.size()
    print(
        f"index: {size / 1e6:.1f} MB, {size / n:,.0f} bytes per article "
        f"(title + text: {text_bytes / n:,.0f} bytes per article in UTF-8)"
    )

    queries = _queries(args.queries, args.seed)
    haystack = [
        (doc_id, unicodedata.normalize("NFKC", f"{title}\n{text}"))
        for doc_id, title, text in db.execute("SELECT id, title, text FROM documents")
    ]
    folded = [(doc_id, text.casefold()) for doc_id, text in haystack]
    index.search("x")  # compile the tokenizer's patterns, read the ids once
    print(
        f"\n{n:,} articles, {args.queries} queries of each kind; times in ms "
        "(p50 / p95); hits: median (max)"
    )
    header = ("query kind", "whole list", "first 100+count", "hits", "Python in", "SQL instr")
    rows = [header]
    for kind in KINDS:
        qs = queries[kind]
        search = _times(qs, index.search)
        limited = _times(qs, lambda q: index.page(q, limit=100))
        hits = [len(index.search(q)) for q in qs]
        if kind == "English word":
            floor = _times(qs, lambda q: _scan(folded, q.casefold()))
        else:
            floor = _times(qs, lambda q: _scan(haystack, q))
        sql = _times(qs[: args.sql_queries], lambda q: _instr(db, q))
        rows.append(
            (
                kind,
                _pp(search),
                _pp(limited),
                f"{statistics.median(hits):,.0f} ({max(hits):,})",
                _pp(floor),
                _pp(sql),
            )
        )
    widths = [max(len(r[i]) for r in rows) for i in range(len(header))]
    for r in rows:
        print("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)))

    if args.rebuild:
        start = time.perf_counter()
        with db:
            index.rebuild()
        took = time.perf_counter() - start
        print(
            f"\nSearchIndex.rebuild (tokenize, FTS5 insert, optimize): {took:.1f} s, "
            f"{took / n * 1000:.2f} ms per article; index after: "
            f"{index.size() / 1e6:.1f} MB, {index.size() / n:,.0f} bytes per article"
        )


def _queries(count: int, seed: int) -> dict[str, list[str]]:
    """Strings at random positions of the corpus text: common ones as often as in the news."""
    rng = random.Random(seed)
    text = "\n".join(unicodedata.normalize("NFKC", d.text) for d in corpus_documents())
    words = re.findall(r"[A-Za-z]{3,}", text)
    found: dict[str, list[str]] = {k: [] for k in KINDS}
    for kind, size in zip(KINDS[:3], (1, 2, 4), strict=True):
        while len(found[kind]) < count:
            i = rng.randrange(len(text) - size)
            piece = text[i : i + size]
            if all(_is_cjk(c) for c in piece):
                found[kind].append(piece)
    found["English word"] = [rng.choice(words) for _ in range(count)]
    return found


def _is_cjk(char: str) -> bool:
    return any(lo <= ord(char) <= hi for lo, hi in CJK_RANGES)


def _scan(haystack: list[tuple[str, str]], needle: str) -> list[str]:
    return [doc_id for doc_id, text in haystack if needle in text]


def _instr(db: object, needle: str) -> list[str]:
    sql = "SELECT id FROM documents WHERE instr(title, ?) > 0 OR instr(text, ?) > 0"
    return [r[0] for r in db.execute(sql, (needle, needle))]  # type: ignore[attr-defined]


def _times(queries: Sequence[str], run: Callable[[str], object]) -> list[float]:
    times = []
    for q in queries:
        start = time.perf_counter()
        run(q)
        times.append((time.perf_counter() - start) * 1000)
    return times


def _pp(times: list[float]) -> str:
    if not times:
        return "-"
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return f"{statistics.median(ordered):.1f} / {p95:.1f}"


if __name__ == "__main__":
    raise SystemExit(main())
