"""Page furniture left, and article text kept, over the news corpus (issue 8, part 2).

    python benchmarks/bench_news_furniture.py [NEWS_DIR] [--without-rules] [--show]

Every file of ``../shared/corpus/news`` goes through ``ingest``. Per source folder it prints:
- the share of articles with furniture left: patterns written here, independent of the rules
  in ``reader/core/cleaning/furniture.py`` (nothing is imported from it to detect);
- the text kept: the sentence-length blocks (12+ characters) of the body's visible text, as
  html5lib (a browser-grade HTML5 parse) shows it, minus what the furniture rules say they
  removed or moved, found in the article's text in order.
The table also shows the articles with furniture left when the body rules are off (titles
are cleaned by the parser either way): what the detectors find before.
``--without-rules`` imports with the furniture rules off only;
``--show`` prints each hit and each block not kept.
"""

# ruff: noqa: RUF001  (CJK punctuation in patterns and examples is meant)

from __future__ import annotations

import argparse
import re
import sys
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import html5lib  # noqa: E402
import lxml.html  # noqa: E402

from reader.core.cleaning.furniture import Furniture  # noqa: E402  (the removal record, not the rules)
from reader.core.formats.detect import parse  # noqa: E402
from reader.core.importing import ingest as ingest_module  # noqa: E402

NEWS = ROOT.parent / "shared" / "corpus" / "news"
NOT_ARTICLES = {"README.md", "manifest.jsonl", "provenance.tsv"}
SENTENCE_CHARS = 12  # a block of visible text this long (without spaces) must be kept
_URL = re.compile(r"https?://\S+")

# --- detectors: what furniture looks like in what the reader shows ---------------------------

_DATE_ONLY = (
    r"(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*,?\s+)?\d{1,2}\s+[a-z]{3,9}\.?\s+\d{4}"
    r"(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?(?:\s*(?:gmt|utc|z))?"
    r"|\d{1,2}/\d{1,2}/\d{4}(?:\s*-\s*\d{1,2}:\d{2})?"
    r"|\d{4}-\d{2}-\d{2}(?:[ t]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?z?)?"
    r"|\d{4}年\d{1,2}月\d{1,2}日"
)
LINE_DETECTORS: dict[str, re.Pattern[str]] = {
    "iso-timestamp": re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}"),
    "date-line": re.compile(rf"^\s*(?:{_DATE_ONLY})\s*$", re.I),
    "relative-time": re.compile(
        r"^\s*\d+\s*(?:秒|分钟|分鐘|小时|小時|天)前\s*$|\b\d+\s+(?:minutes?|hours?)\s+ago\b", re.I
    ),
    "glued-date": re.compile(
        r"\d{1,2}:\d{2}\s*\[(?:Image|Video)|日\[(?:Image|Video)|[A-Z]{3,}\d{4}年|GMT\S"
    ),
    "share-only": re.compile(
        r"^\s*(?:分享|分享到|Share|Share this)\s*[:：]?\s*(?:(?:Facebook|Twitter|X|WhatsApp|"
        r"微博|微信|LINE|Email)\s*)*$",
        re.I,
    ),
    "promo": re.compile(
        r"点击查看本文英文版|温馨提示|付费订阅|订阅.{0,10}简报|Feed-URL|iTunes|"
        r"有Instagram|欢迎搜寻|Sign up for|Subscribe to",
        re.I,
    ),
    "copyright": re.compile(r"^\s*©|^\s*Copyright\b|版权声明|版權聲明", re.I),
    "credit-line": re.compile(
        r"^(?:实习)?(?:编译|翻译|译者|审校|核稿)\s*[：:/]|责编[：:\s]|网编[：:\s]|信任原则|"
        r"对本文有研究贡献|[（(](?:实习)?(?:编译|译者|翻译)[：:]"
    ),
    "agency-credit": re.compile(
        r"^[^\s，。]{1,8}(?:/[^\s，。]{1,8})+/?\s*[（(][^）)]*(?:社|报导)[^）)]*[）)]\s*$|"
        r"^[（(][^）)]{0,20}社[^）)]{0,20}[）)]\s*$"
    ),
    "archive-box": re.compile(r"档案卡|檔案卡|版权说明[：:]"),
    "related-label": re.compile(r"^\s*(?:相关阅读|延伸阅读|相关报道|推荐阅读|Related)\b", re.I),
    "literal-asterisks": re.compile(r"\*\*\S"),
    "end-mark": re.compile(r"~\s*END\s*~|\\~END", re.I),
    "null": re.compile(r"^\s*(?:null|undefined|Array)(?:\s|$)"),
    "email-protected": re.compile(r"\[email\s*protected\]", re.I),
}
CREDIT_LABEL = re.compile(
    r"^\s*(?:图片版权|图像来源|图片来源|Image copyright|Image source)|"
    r"Image caption|图片说明|图像加注文字",
    re.I,
)
TITLE_DETECTORS: dict[str, re.Pattern[str]] = {
    "title-escape": re.compile(r"\\[“”\"'‘’]"),
    "title-entity": re.compile(r"&(?:quot|amp|lt|gt|apos|nbsp|#\d+|#x[0-9a-f]+);", re.I),
    "title-suffix": re.compile(
        r"\s[-–|]\s+(?:\S+\s+-\s+)?(?:RFI|法国国际广播电台|BBC News|纽约时报中文网|FT中文网|"
        r"德国之声|美国之音)\s*$"
    ),
}


def furniture_left(title: str, html: str, text: str) -> list[tuple[str, str]]:
    """(detector, line) for each piece of furniture the reader would still see."""
    hits = [(name, title) for name, p in TITLE_DETECTORS.items() if p.search(title)]
    for line in text.split("\n"):
        hits.extend((name, line) for name, p in LINE_DETECTORS.items() if p.search(line))
    if html.strip():
        root = lxml.html.fragment_fromstring(html, create_parent="div")
        for small in root.iter("small"):  # a credit in a caption's small print is in place
            small.drop_tree()
        for line in _block_lines(root):
            if CREDIT_LABEL.search(line):
                hits.append(("credit-label", line))
        for ul in root.iter("ul", "ol"):
            items = [li for li in ul if isinstance(li.tag, str)]
            if items and all(_is_link_item(li) for li in items):
                hits.append(("related-list", " / ".join(_norm(li.text_content()) for li in items)))
    return hits


def _is_link_item(li: lxml.html.HtmlElement) -> bool:
    links = [a for a in li.iter("a") if "sr-media" not in (a.get("class") or "")]
    text = _norm(li.text_content())
    return bool(links) and bool(text) and text == _norm("".join(a.text_content() for a in links))


# --- visible text ----------------------------------------------------------------------------

_INVISIBLE = {"script", "style", "noscript", "template", "head", "title", "iframe", "textarea"}
_BLOCKS = set(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "caption",
        "center",
        "dd",
        "details",
        "dialog",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hgroup",
        "hr",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "ul",
    ]
)


def visible_blocks(body_html: str) -> list[str]:
    """The body's visible text, one string per block or ``<br>`` line (html5lib's parse)."""
    with warnings.catch_warnings():  # "Coercing non-XML name: v-on:open" (Vue attributes)
        warnings.simplefilter("ignore")
        doc = html5lib.parse(body_html, treebuilder="lxml", namespaceHTMLElements=False)
    body = doc.find(".//body")
    return [line for line in _block_lines(body) if line] if body is not None else []


def _block_lines(root: lxml.html.HtmlElement) -> list[str]:
    lines: list[str] = []
    current: list[str] = []

    def flush() -> None:
        lines.append(_norm("".join(current)))
        current.clear()

    def walk(el: lxml.html.HtmlElement) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag in _INVISIBLE or el.get("hidden") is not None:
            return
        block = tag in _BLOCKS
        if block or tag == "br":
            flush()
        if tag != "br":
            current.append(el.text or "")
            for child in el:
                if isinstance(child.tag, str):
                    walk(child)
                current.append(child.tail or "")
        if block:
            flush()

    walk(root)
    flush()
    return [line for line in lines if line]


def _norm(text: str) -> str:
    return " ".join(text.split())


def _squash(text: str) -> str:
    return "".join(text.split())


@dataclass
class Article:
    path: str
    source: str
    hits: list[tuple[str, str]]
    kept_chars: int
    total_chars: int
    lost: list[str] = field(default_factory=list)


def kept_text(blocks: list[str], text: str, furniture: Furniture) -> tuple[int, int, list[str]]:
    """Characters of sentence-length visible blocks found in ``text`` in order, of all such
    characters; and the blocks not found. What the rules removed or moved is taken out of the
    blocks first (each removal once)."""
    removals = [_squash(r.text) for r in furniture.removed if _squash(r.text)]
    haystack = _squash(text)
    at = kept = total = 0
    lost = []
    for block in blocks:
        rest = _squash(block)
        for removal in list(removals):
            if removal and removal in rest:
                rest = rest.replace(removal, "", 1)
                removals.remove(removal)
        if len(_URL.sub("", rest)) < SENTENCE_CHARS:
            continue  # a URL alone is not a sentence (the feed proxy's footer links)
        total += len(rest)
        found = haystack.find(rest, at)
        if found < 0:
            lost.append(block)
            continue
        kept += len(rest)
        at = found + len(rest)
    return kept, total, lost


def measure(news: Path, *, rules: bool = True) -> list[Article]:
    articles = []
    for path in _files(news):
        data = path.read_bytes()
        if rules:
            doc, furniture = ingest_module.ingest_with_furniture(path, data)
        else:
            real = ingest_module.remove_furniture
            ingest_module.remove_furniture = lambda root, **_kw: Furniture()  # type: ignore[assignment]
            try:
                doc, furniture = ingest_module.ingest_with_furniture(path, data)
            finally:
                ingest_module.remove_furniture = real  # type: ignore[assignment]
        blocks = visible_blocks(parse(path, data).body_html)
        kept, total, lost = kept_text(blocks, doc.text, furniture)
        relative = path.relative_to(news)
        hits = furniture_left(doc.title, doc.html, doc.text)
        articles.append(Article(relative.as_posix(), relative.parts[0], hits, kept, total, lost))
    return articles


def _files(news: Path) -> Iterator[Path]:
    for path in sorted(news.rglob("*")):
        if path.is_file() and path.name not in NOT_ARTICLES:
            yield path


def table(articles: list[Article], before: list[Article] | None = None) -> str:
    """Markdown table per source folder; ``before``: the same run with the rules off."""
    head = "| source | articles | with furniture left | text kept |"
    rule = "|---|---:|---:|---:|"
    if before is not None:
        head = "| source | articles | furniture left, rules off | with furniture left | text kept |"
        rule = "|---|---:|---:|---:|---:|"
    rows = [head, rule]
    sources = sorted({a.source for a in articles}, key=lambda s: (s.casefold(), s))
    for source in [*sources, None]:
        group = [a for a in articles if source is None or a.source == source]
        left = sum(1 for a in group if a.hits)
        kept = sum(a.kept_chars for a in group)
        total = sum(a.total_chars for a in group)
        name = f"`{source}/`" if source else "**all**"
        cells = [name, str(len(group))]
        if before is not None:
            old = sum(1 for a in before if (source is None or a.source == source) and a.hits)
            cells.append(f"{old} ({old / len(group):.0%})")
        cells += [f"{left} ({left / len(group):.0%})", f"{kept / total if total else 1:.1%}"]
        rows.append(f"| {' | '.join(cells)} |")
    return "\n".join(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("news", nargs="?", type=Path, default=NEWS)
    parser.add_argument("--without-rules", action="store_true")
    parser.add_argument("--show", action="store_true")
    args = parser.parse_args()
    articles = measure(args.news, rules=not args.without_rules)
    before = None if args.without_rules else measure(args.news, rules=False)
    print(table(articles, before))
    counts: dict[str, int] = {}
    for article in articles:
        for name in {name for name, _ in article.hits}:
            counts[name] = counts.get(name, 0) + 1
    print("\narticles with each pattern left:", counts or "none")
    print("blocks not kept:", sum(len(a.lost) for a in articles))
    if args.show:
        for article in articles:
            for name, line in article.hits:
                print(f"{article.path}: {name}: {line[:100]}")
            for block in article.lost:
                print(f"{article.path}: NOT KEPT: {block[:100]}")


if __name__ == "__main__":
    main()
