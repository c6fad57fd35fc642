"""What parsing an article costs: lxml's parser beside HTML5 parsers, and the whole clean-up.

    python benchmarks/bench_parse.py [--repeat 5]

Runs every news-mirror body of ../shared/corpus/news and every saved page of
../shared/corpus/webpages and ../shared/corpus/extraction through:
- ``lxml``: lxml.html.document_fromstring (libxml2; not HTML5: see reader/core/formats/html5.py);
- ``lexbor->lxml (ours)``: reader.core.formats.html5.parse_document, lexbor's HTML5 tree copied into
  lxml elements (what the import uses);
- ``lexbor alone``: selectolax's parse without the copy;
- ``html5ever->lxml``: markupever's tree copied the same way (if installed);
- ``html5lib->lxml``: html5lib with its lxml tree builder;
- ``sanitize_with_text``: our whole parse, clean-up, nh3 pass and text (what an import pays).
Prints milliseconds per document (the best of --repeat runs). Not a test: no asserts.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time
import warnings
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import lxml.html  # noqa: E402
from lxml import etree  # noqa: E402

from reader.core.cleaning.sanitize import sanitize_with_text  # noqa: E402
from reader.core.formats.html5 import parse_document  # noqa: E402

SHARED = ROOT.parent / "shared" / "corpus"


def _news_bodies() -> list[str]:
    files = sorted(p for p in (SHARED / "news").rglob("*.md") if p.name != "README.md")
    return [p.read_text(encoding="utf-8").split("\n", 4)[-1] for p in files]


def _pages() -> list[str]:
    files = sorted((SHARED / "webpages").rglob("source.html"))
    files += sorted((SHARED / "extraction").rglob("source.html"))
    return [p.read_bytes().decode("utf-8", "replace") for p in files]


def _markupever(text: str) -> object:
    import markupever

    root = lxml.html.Element("html")
    stack = [root]
    for edge in markupever.parse(text, markupever.HtmlOptions()).root().traverse():
        node = edge.node
        kind = type(node).__name__
        if kind == "Element":
            if edge.closed:
                stack.pop()
                continue
            el = etree.SubElement(stack[-1], node.name.local)
            stack.append(el)
        elif kind == "Text" and not edge.closed:
            parent = stack[-1]
            if len(parent):
                parent[-1].tail = (parent[-1].tail or "") + node.content
            else:
                parent.text = (parent.text or "") + node.content
    return root


def _html5lib(text: str) -> object:
    import html5lib

    return html5lib.parse(text, treebuilder="lxml", namespaceHTMLElements=False)


def _lexbor_alone(text: str) -> object:
    from selectolax.lexbor import LexborHTMLParser

    return LexborHTMLParser(text).root


def _available(name: str) -> bool:
    try:
        __import__(name)
    except ImportError:
        return False
    return True


def _time(fn: Callable[[str], object], docs: list[str], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        for doc in docs:
            fn(doc)
        best = min(best, time.perf_counter() - start)
    return best / len(docs) * 1000


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    warnings.simplefilter("ignore")  # html5lib's DataLossWarning on every odd name
    if not SHARED.exists():
        print(f"{SHARED} is missing: the benchmark reads the shared corpus", file=sys.stderr)
        return 1
    sets = {"news bodies": _news_bodies(), "saved pages": _pages()}
    parsers: list[tuple[str, Callable[[str], object]]] = [
        ("lxml (libxml2, not HTML5)", lxml.html.document_fromstring),
        ("lexbor->lxml (ours)", parse_document),
        ("lexbor alone", _lexbor_alone),
    ]
    if _available("markupever"):
        parsers.append(("html5ever->lxml (markupever)", _markupever))
    if _available("html5lib"):
        parsers.append(("html5lib->lxml", _html5lib))
    parsers.append(("sanitize_with_text (ours, all)", lambda t: sanitize_with_text(t)))
    print(
        f"# {platform.platform()}, Python {platform.python_version()}, "
        f"{os.cpu_count()} cores; best of {args.repeat}"
    )
    sizes = ", ".join(f"{len(d)} {name}" for name, d in sets.items())
    print(f"# documents: {sizes}")
    print(f"{'parser':34}" + "".join(f"{name + ' ms':>18}" for name in sets))
    for name, fn in parsers:
        cells = [_time(fn, docs, args.repeat) for docs in sets.values()]
        print(f"{name:34}" + "".join(f"{c:18.3f}" for c in cells))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
