"""The ``import`` command: files and folders into the library, one JSON line per file on
stdout, what failed and one summing-up line on stderr."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections import Counter
from pathlib import Path

from reader.cli.progress import ProgressBar
from reader.cli.usage import PROG
from reader.core.display import printable
from reader.core.library.store import Library
from reader.core.model import ImportResult, Status
from reader.core.paths import data_dir


def cmd_import(args: argparse.Namespace) -> int:
    # (lxml, the cleaning and the formats: loaded here, not for every command or the window)
    from reader.core.importing.pipeline import import_paths

    library = Library(data_dir(args.data_dir))
    bar = ProgressBar(sys.stderr) if sys.stderr.isatty() else None
    paths = [Path(p) for p in args.paths]
    tally = ImportTally(paths)
    failed = said = 0
    try:
        results = import_paths(
            library,
            paths,
            on_total=bar.start if bar else None,
            follow_links=args.follow_links,
            passed_over=tally.passed_over,
        )
        for result in results:
            tally.add(result)
            print(json.dumps(result.as_json(), ensure_ascii=False), flush=bar is None)
            if result.status in (Status.ERROR, Status.SKIPPED):
                failed += result.status is Status.ERROR
                said += 1
                if bar:
                    bar.clear()
                if said <= SAY_AT_MOST:
                    print(f"{PROG}: {result.message}", file=sys.stderr)
            if bar:
                bar.step(failed)
    finally:
        library.close()
        if bar:
            bar.finish()
        if said > SAY_AT_MOST:  # (a full disk fails every file left: thousands of lines)
            more = said - SAY_AT_MOST
            print(
                f"{PROG}: … and {more:,} more not imported (each has its JSON line).",
                file=sys.stderr,
            )
    tally.say_empty_folders()
    print(f"{PROG}: {tally.summary()}.", file=sys.stderr)
    return 0 if tally.ok else 1


SAY_AT_MOST = 100  # files not imported named on stderr; the JSON lines name every one


class ImportTally:
    """What an import did, counted as its results go by: its last line, and whether it
    found anything to import in every folder named."""

    def __init__(self, paths: list[Path]) -> None:
        self.passed_over: Counter[str] = Counter()  # filled by import_paths
        self.counts: Counter[Status] = Counter()
        self._folders = [str(p) for p in paths if p.is_dir()]
        self._tried: set[str] = set()  # folders named that held a file to import

    def add(self, result: ImportResult) -> None:
        self.counts[result.status] += 1
        if result.status is not Status.SKIPPED and len(self._tried) < len(self._folders):
            for folder in self._folders:
                if result.path.startswith(folder.rstrip(os.sep) + os.sep):
                    self._tried.add(folder)

    @property
    def empty_folders(self) -> list[str]:
        return [f for f in self._folders if f not in self._tried]

    @property
    def ok(self) -> bool:
        """Nothing failed, and each folder named held something to import."""
        return not self.counts[Status.ERROR] and not self.empty_folders

    def say_empty_folders(self) -> None:
        for folder in self.empty_folders:
            print(
                printable(
                    f"{PROG}: {folder}: no file to import in this folder (hidden files, images "
                    f"and other types are passed over; see '{PROG} import --help')."
                ),
                file=sys.stderr,
            )

    def summary(self) -> str:
        """``imported 3 new, 1 already in the library, 1 failed, 4 skipped (2 .jpg, 1 hidden,
        1 named above)``: only the counts that are not 0, but for the new ones."""
        count = self.counts
        told = [f"imported {count[Status.ADDED]:,} new"]
        if count[Status.UNCHANGED]:
            told.append(f"{count[Status.UNCHANGED]:,} already in the library")
        if count[Status.ERROR]:
            told.append(f"{count[Status.ERROR]:,} failed")
        kinds = self.passed_over.most_common()
        why = [f"{n:,} {kind}" for kind, n in kinds[:4]]
        if len(kinds) > 4:
            why.append(f"{sum(n for _, n in kinds[4:]):,} of other types")
        if count[Status.SKIPPED]:
            why.append(f"{count[Status.SKIPPED]:,} named above")
        skipped = self.passed_over.total() + count[Status.SKIPPED]
        if skipped:
            told.append(f"{skipped:,} skipped ({', '.join(why)})")
        return printable(", ".join(told))
