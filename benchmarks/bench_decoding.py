"""Cost and accuracy of reader.core.formats.decoding.decode, beside the decode it replaced.

    python benchmarks/bench_decoding.py [--repeat 20] [--old COMMIT]

Cost: microseconds per file (best of --repeat) on every file of ../shared/corpus/news (UTF-8
mirror files: what a 15,000-file import is made of), the corpus's saved web pages (UTF-8,
some declaring another charset), the three real legacy pages (declared), the same without
their <meta> (the detector runs), and a 1.3 MB page in windows-1251; beside the floor
(``bytes.decode("utf-8")``) and the decode of --old (default: the commit that split it out).

Accuracy: real text from the corpus (80 and 400 characters, and whole pages), encoded
without declaration in 19 legacy encodings, decoded by ours, charset-normalizer and chardet
(those two when installed: ``pip install -e .[bench]``). Counts exact round trips.
Not a test: no asserts.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import subprocess
import sys
import time
import types
from collections.abc import Callable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import lxml.html  # noqa: E402

from reader.core.formats.decoding import decode  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus"
LEGACY_PAGES = [
    "x-trafilatura-xinhuanet-gb2312",
    "x-trafilatura-rp.pl-windows-1250",
    "x-trafilatura-landwirt.com-iso-8859-1",
]
_META_CHARSET = re.compile(rb"<meta[^>]*charset[^>]*>", re.IGNORECASE)

# (language, corpus page whose paragraphs are the text, encodings)
TEXTS = [
    ("zh-hans", "webpages/gmw", ["gbk", "gb18030"]),
    ("zh-hant", "webpages/pixnet", ["big5hkscs"]),  # WHATWG's Big5
    ("ja", "webpages/yahoo-4", ["shift_jis", "euc_jp", "iso2022_jp"]),
    ("ko", "extraction/entermedia.co.kr-9da36ae4", ["euc_kr"]),
    ("ru", "webpages/x-trafilatura-football.ua", ["cp1251", "koi8_r", "iso8859_5", "cp866"]),
    ("cs", "webpages/aktualne", ["cp1250", "iso8859_2"]),
    ("de", "webpages/heise", ["cp1252", "iso8859_15"]),
    ("fr", "webpages/lemonde-1", ["cp1252"]),
    ("pt", "webpages/folha", ["cp1252"]),
    ("ar", "webpages/x-trafilatura-assabah.com.tn", ["cp1256"]),
    ("th", "webpages/x-newspaper4k-thai_article", ["cp874"]),
]


def best_us(fn: Callable[[bytes], object], data: bytes, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn(data)
        times.append(time.perf_counter() - start)
    return min(times) * 1e6


def old_decode(commit: str) -> Callable[[bytes], str] | None:
    try:
        source = subprocess.run(
            ["git", "-C", str(ROOT), "show", f"{commit}:reader/core/formats/decoding.py"],
            capture_output=True,
            check=True,
            text=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        return None
    module = types.ModuleType("old_decoding")
    exec(compile(source, "old_decoding.py", "exec"), module.__dict__)
    fn: Callable[[bytes], str] = module.decode
    return fn


def cost(repeat: int, old: Callable[[bytes], str] | None) -> None:
    groups: dict[str, list[bytes]] = {
        "news corpus (UTF-8)": [
            p.read_bytes() for p in sorted((CORPUS / "news").rglob("*.md")) if p.name != "README.md"
        ],
        "saved pages (UTF-8)": [
            p.read_bytes()
            for p in sorted((CORPUS / "webpages").glob("*/source.html"))
            if p.parent.name not in LEGACY_PAGES
        ],
        "legacy pages, declared": [
            (CORPUS / "webpages" / n / "source.html").read_bytes() for n in LEGACY_PAGES
        ],
        "legacy pages, undeclared": [
            _META_CHARSET.sub(b"", (CORPUS / "webpages" / n / "source.html").read_bytes())
            for n in LEGACY_PAGES
        ],
        "1.3 MB windows-1251 page": [
            (CORPUS / "webpages" / "x-trafilatura-football.ua" / "source.html")
            .read_bytes()
            .decode()
            .encode("cp1251", "xmlcharrefreplace")
            * 10
        ],
    }
    floor: Callable[[bytes], object] = lambda d: d.decode("utf-8", "replace")  # noqa: E731
    rows = [("floor: bytes.decode", floor), ("decode (ours)", decode)]
    if old is not None:
        rows.append(("decode before", old))
    print(f"{'files':28} {'n':>4} {'KB/file':>8}  " + "  ".join(f"{r[0]:>20}" for r in rows))
    for name, files in groups.items():
        kb = statistics.mean(len(d) for d in files) / 1024
        cells = []
        for _, fn in rows:
            try:
                us = statistics.mean(best_us(fn, d, repeat) for d in files)
                cells.append(f"{us:>14.1f} us/file")
            except Exception as e:  # the old decode refused some files
                cells.append(f"{type(e).__name__:>20}")
        print(f"{name:28} {len(files):>4} {kb:>8.1f}  " + "  ".join(cells))


def paragraphs(page: str) -> str:
    if page.startswith("extraction/"):  # the page's ground-truth article text
        (entry,) = json.loads((CORPUS / page / "ground-truth.json").read_text()).values()
        return " ".join(entry["articleBody"].split())
    raw = (CORPUS / page / "source.html").read_bytes().decode("utf-8-sig")
    doc = lxml.html.document_fromstring(raw)
    return " ".join(" ".join(p.text_content().split()) for p in doc.iter("p"))


def samples() -> Iterator[tuple[str, str, str, str]]:
    """(size, language, encoding, text) for every text, encoding and size."""
    for lang, page, encodings in TEXTS:
        source = paragraphs(page)
        whole = (CORPUS / page / "source.html").read_bytes().decode("utf-8-sig")
        for encoding in encodings:
            text = "".join(c for c in source if _encodes(c, encoding))
            for size in (80, 400):
                yield str(size), lang, encoding, text[:size].strip()
            yield (
                "page",
                lang,
                encoding,
                whole.encode(encoding, "xmlcharrefreplace").decode(encoding),
            )


def _encodes(c: str, encoding: str) -> bool:
    try:
        c.encode(encoding)
    except UnicodeEncodeError:
        return False
    return True


def detectors() -> dict[str, Callable[[bytes], str | None]]:
    found: dict[str, Callable[[bytes], str | None]] = {"ours": decode}
    try:
        import charset_normalizer

        def normalizer(data: bytes) -> str | None:
            best = charset_normalizer.from_bytes(data).best()
            return None if best is None else str(best)

        found["charset-normalizer " + charset_normalizer.__version__] = normalizer
    except ImportError:
        pass
    try:
        import chardet

        def chardet_decode(data: bytes) -> str | None:
            name = chardet.detect(data)["encoding"]
            return None if name is None else data.decode(name, "replace")

        found["chardet " + chardet.__version__] = chardet_decode
    except ImportError:
        pass
    return found


def accuracy() -> None:
    found = detectors()
    right: dict[tuple[str, str], int] = {}
    total: dict[str, int] = {}
    wrong: dict[str, list[str]] = {name: [] for name in found}
    for size, lang, encoding, text in samples():
        total[size] = total.get(size, 0) + 1
        for name, fn in found.items():
            try:
                ok = fn(text.encode(encoding)) == text
            except Exception:
                ok = False
            right[name, size] = right.get((name, size), 0) + ok
            if not ok:
                wrong[name].append(f"{lang}/{encoding}/{size}")
    print()
    print(
        f"{'exact round trips':28}"
        + "".join(f"{s + ' chars' if s != 'page' else 'pages':>14}" for s in total)
    )
    for name in found:
        print(f"{name:28}" + "".join(f"{right[name, s]:>9} / {total[s]:<2}" for s in total))
    for name, misses in wrong.items():
        print(f"  {name} wrong: {', '.join(misses) or '-'}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--old", default="287772a", help="commit of the decode to compare")
    args = parser.parse_args()
    cost(args.repeat, old_decode(args.old))
    accuracy()
    print(json.dumps({"python": sys.version.split()[0]}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
