"""Article extraction from saved web pages: ours beside trafilatura and readability-lxml.

    python benchmarks/bench_extraction.py [--pages] [--shared DIR]

Three systems read every page of ``../shared/corpus/extraction`` (40 pages, hand-annotated
article bodies) and ``../shared/corpus/webpages`` (70 pages; titles from Readability's
expected metadata and the ``x-*`` supplements' ground truth):

- ours: the whole import, ``ingest_bytes(path, bytes)`` -> ``Document.text`` and ``.title``;
- trafilatura alone: ``trafilatura.extract`` (defaults, tables kept) and its metadata title;
- readability-lxml alone: ``Document.summary()``'s text and ``short_title()``.

Body score: token F1 of the text against the ground truth, as bags of words. Tokens are
``reader.core.formats.webpage.tokens``: after NFKC and lower-casing, runs of letters and digits, and
each CJK, kana, Hangul or Thai character on its own; punctuation is not counted. A title
counts as right when it equals the expected one after NFC and collapsing white space.
Also printed: pages under 0.5 F1, and per page time (one process, warm).
Not a test: no asserts (``tests/core/test_extract.py`` holds our figures).
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import platform
import statistics
import sys
import time
import unicodedata
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from reader.core.formats.decoding import decode  # noqa: E402
from reader.core.formats.webpage import tokens  # noqa: E402
from reader.core.importing.ingest import ingest_bytes  # noqa: E402


@dataclass(frozen=True)
class Page:
    name: str
    path: Path
    body: str | None  # ground-truth article text
    title: str | None  # expected title


def body_pages(shared: Path) -> list[Page]:
    """Pages with a whole ground-truth body: the extraction corpus, and the webpages
    supplements that have one (scrapinghub's Korean page, newspaper4k's two)."""
    pages = []
    for folder in sorted((shared / "corpus" / "extraction").iterdir()):
        if (folder / "ground-truth.json").exists():
            entry = _only(folder / "ground-truth.json")
            pages.append(Page(folder.name, folder / "source.html", entry["articleBody"], None))
    return pages


def title_pages(shared: Path) -> list[Page]:
    """The webpages corpus: every page with an expected title (and a body where known)."""
    pages = []
    for folder in sorted((shared / "corpus" / "webpages").iterdir()):
        source = folder / "source.html"
        if not source.exists():
            continue
        title = body = None
        if (folder / "expected-metadata.json").exists():
            title = json.loads((folder / "expected-metadata.json").read_text("utf-8"))["title"]
        elif (folder / "newspaper4k-metadata.json").exists():
            meta = json.loads((folder / "newspaper4k-metadata.json").read_text("utf-8"))
            title, body = meta["title"], meta["text"]
        elif (folder / "trafilatura-evaldata.json").exists():
            title = _only(folder / "trafilatura-evaldata.json").get("title")
        elif (folder / "ground-truth.json").exists():
            body = _only(folder / "ground-truth.json")["articleBody"]
        pages.append(Page(folder.name, source, body, title or None))
    return pages


def _only(path: Path) -> dict[str, str]:
    value: dict[str, str] = next(iter(json.loads(path.read_text("utf-8")).values()))
    return value


def f1(got: str, want: str) -> float:
    """Token F1 of ``got`` against ``want`` (bags of ``tokens``)."""
    mine, theirs = Counter(tokens(got)), Counter(tokens(want))
    common = sum((mine & theirs).values())
    if not common:
        return 0.0
    precision, recall = common / sum(mine.values()), common / sum(theirs.values())
    return 2 * precision * recall / (precision + recall)


def same_title(got: str | None, want: str) -> bool:
    def norm(t: str) -> str:
        return " ".join(unicodedata.normalize("NFC", t).split())

    return norm(got or "") == norm(want)


# --- the systems: (text, title) of one page ------------------------------------------------


def ours(page: Page) -> tuple[str, str | None]:
    doc = ingest_bytes(page.path, page.path.read_bytes())
    return doc.text, doc.title


def trafilatura_alone(page: Page) -> tuple[str, str | None]:
    import trafilatura
    from trafilatura.metadata import extract_metadata

    text = decode(page.path.read_bytes())
    body = trafilatura.extract(text, include_tables=True, include_comments=False) or ""
    tree = trafilatura.load_html(text)
    meta = extract_metadata(tree) if tree is not None else None
    return body, meta.title if meta is not None else None


def readability_alone(page: Page) -> tuple[str, str | None]:
    import lxml.html
    from readability import Document

    doc = Document(decode(page.path.read_bytes()))
    title = doc.short_title()
    summary = doc.summary(html_partial=True)
    text = lxml.html.fromstring(summary).text_content() if summary.strip() else ""
    return text, title


SYSTEMS: dict[str, Callable[[Page], tuple[str, str | None]]] = {
    "ours (import)": ours,
    "trafilatura": trafilatura_alone,
    "readability-lxml": readability_alone,
}


@dataclass
class Score:
    f1: list[tuple[str, float]]
    titles: list[tuple[str, bool]]
    seconds: float
    pages: int


def score(system: Callable[[Page], tuple[str, str | None]], pages: list[Page]) -> Score:
    result = Score([], [], 0.0, 0)
    for page in pages:
        t0 = time.perf_counter()
        text, title = system(page)
        result.seconds += time.perf_counter() - t0
        result.pages += 1
        if page.body is not None:
            result.f1.append((page.name, f1(text, page.body)))
        if page.title is not None:
            result.titles.append((page.name, same_title(title, page.title)))
    return result


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", action="store_true", help="print each page's F1 too")
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    args = parser.parse_args(argv)
    logging.disable(logging.CRITICAL)  # the libraries log every page they find hard

    corpora = {
        "extraction": body_pages(args.shared),
        "webpages": title_pages(args.shared),
    }
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}, {platform.system()} {platform.release()}; "
        f"trafilatura {version('trafilatura')}, readability-lxml {version('readability-lxml')}"
    )
    for corpus, pages in corpora.items():
        with_body = sum(p.body is not None for p in pages)
        with_title = sum(p.title is not None for p in pages)
        print(f"\n{corpus}: {len(pages)} pages, {with_body} with a body, {with_title} with a title")
        print(
            f"{'system':<18} {'mean F1':>8} {'median':>7} {'< 0.5':>6} {'titles':>13} "
            f"{'ms/page':>8}"
        )
        scores = {name: score(system, pages) for name, system in SYSTEMS.items()}
        for name, s in scores.items():
            values = [v for _, v in s.f1]
            mean = f"{statistics.mean(values):.3f}" if values else "-"
            median = f"{statistics.median(values):.3f}" if values else "-"
            under = str(sum(v < 0.5 for v in values)) if values else "-"
            right = sum(ok for _, ok in s.titles)
            titles = f"{right}/{len(s.titles)} {right / len(s.titles):.0%}" if s.titles else "-"
            ms = 1000 * s.seconds / max(1, s.pages)
            print(f"{name:<18} {mean:>8} {median:>7} {under:>6} {titles:>13} {ms:>8.1f}")
        for name, s in scores.items():
            low = [f"{page} {v:.2f}" for page, v in s.f1 if v < 0.5]
            if low:
                print(f"  {name} under 0.5: {', '.join(low)}")
        if args.pages:
            for i, page in enumerate(p for p in pages if p.body is not None):
                cells = " ".join(f"{s.f1[i][1]:5.2f}" for s in scores.values())
                print(f"  {page.name:<45} {cells}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
