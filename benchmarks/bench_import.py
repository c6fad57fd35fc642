"""Import of a generated news mirror (default 15,000 files) vs. reading and lxml-parsing them.

    python benchmarks/bench_import.py [--n 15000] [--workers N] [--keep DIR]

Files are the 69 news-corpus files re-issued with new titles, URLs, dates and an extra
paragraph (so nothing deduplicates), laid out as ``articles/<source>/<id>.md`` like a mirror.
Prints the floor (read + ``lxml.html.document_fromstring`` of every body, one process), the
import through ``reader.core.importing.pipeline.import_paths`` (what the CLI and the window
use), a second run over the same folder (everything unchanged), and the ratios.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import lxml.html  # noqa: E402

from reader.core.importing.pipeline import import_paths  # noqa: E402
from reader.core.library.store import Library  # noqa: E402
from reader.core.model import Status  # noqa: E402

NEWS = ROOT.parent / "shared" / "corpus" / "news"


def make_mirror(folder: Path, n: int) -> list[Path]:
    sources = sorted(p for p in NEWS.iterdir() if p.is_dir())
    originals = [f for s in sources for f in sorted(s.glob("*.md"))]
    if not originals:
        raise SystemExit(f"{NEWS} is missing: the benchmark needs the shared news corpus.")
    paths = []
    for i in range(n):
        base = originals[i % len(originals)]
        lines = base.read_text(encoding="utf-8").split("\n")
        title, url = lines[1][1:].rsplit("](", 1)
        url = url[:-1]
        stamp = 1_577_836_800_000 + i * 60_000
        body = "\n".join(lines[4:]).rstrip("\n") + f"<p>第{i}篇 · item {i}</p>"
        text = f"<!--{stamp}-->\n[{title} {i}]({url}?bench={i})\n------\n\n{body}\n"
        target = folder / "articles" / base.parent.name / f"{1048575 - i}.md"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        paths.append(target)
    return paths


def floor(paths: list[Path]) -> float:
    start = time.perf_counter()
    for path in paths:
        data = path.read_bytes()
        lxml.html.document_fromstring(data.split(b"\n", 4)[4])
    return time.perf_counter() - start


def run_import(root: Path, folder: Path, workers: int | None) -> tuple[float, dict[str, int]]:
    library = Library(root)
    counts = {s.value: 0 for s in Status}
    start = time.perf_counter()
    for result in import_paths(library, [folder], workers=workers):
        counts[result.status.value] += 1
    elapsed = time.perf_counter() - start
    library.close()
    return elapsed, counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=15_000)
    parser.add_argument("--workers", type=int, default=None, help="default: every core")
    parser.add_argument("--keep", type=Path, help="build the mirror and library here, keep them")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="reader-bench-import-"))
    try:
        t0 = time.perf_counter()
        paths = make_mirror(work / "mirror", args.n)
        made = time.perf_counter() - t0
        size = sum(p.stat().st_size for p in paths)
        floor(paths[:500])  # warm the page cache and lxml, as the import will find them
        base = floor(paths)
        first, counts = run_import(work / "data", work / "mirror", args.workers)
        again, counts2 = run_import(work / "data", work / "mirror", args.workers)
        print(
            f"machine: {platform.machine()}, {os.cpu_count()} cores, Python "
            f"{platform.python_version()}, {platform.system()} {platform.release()}"
        )
        print(f"mirror: {len(paths):,} files, {size / 1e6:.1f} MB (written in {made:.1f} s)")
        print(f"floor, read + lxml parse (1 process): {base:6.2f} s")
        print(
            f"import (first run):                   {first:6.2f} s  = {first / base:.1f}x floor"
            f"  {counts}"
        )
        print(
            f"import (second run, all unchanged):   {again:6.2f} s  = {again / base:.1f}x floor"
            f"  {counts2}"
        )
        print(
            f"per file: floor {base / len(paths) * 1e3:.2f} ms, "
            f"import {first / len(paths) * 1e3:.2f} ms"
        )
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
