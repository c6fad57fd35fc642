"""Sanitizer property tests: no script and no self-loading content in what the viewer shows.

The property (P1, P2) is defined in ``../shared/corpus/xss/README.md`` beside the checkout and
checked by the library-neutral ``xss_property.violations`` (an html5lib parse, re-serialized
and re-parsed once). Every test collects all its failures and asserts once, so one run lists
every leak. The corpus is required: without it these tests fail, they never skip.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import lxml.html
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree
from shared_paths import CORPUS, examples, shared_path
from xss_property import text_content, violations

from reader.core.cleaning.sanitize import sanitize_article, sanitize_html
from reader.core.formats.detect import parse
from reader.core.model import InputError

READABILITY_BASE = "http://fakehost/test/page.html"  # what Readability's own tests use

SANITIZERS: dict[str, Callable[[str], str]] = {
    "sanitize_html": sanitize_html,
    "sanitize_article": sanitize_article,
}


def corpus(relative: str) -> Path:
    return shared_path("corpus", relative)


def read_jsonl(relative: str) -> list[dict[str, str]]:
    # split("\n"), not splitlines(): inputs hold U+2028, U+0085 and other line breaks.
    text = corpus(relative).read_text("utf-8")
    rows = [json.loads(line) for line in text.split("\n") if line.strip()]
    if not rows:
        pytest.fail(f"{relative} is empty")
    return rows


def short(text: str, limit: int = 160) -> str:
    shown = repr(text)
    return shown if len(shown) <= limit else f"{shown[: limit - 4]}...' ({len(text)} chars)"


def report(what: str, failures: list[str], total: int) -> str:
    return f"{len(failures)} of {total} {what} failed:\n" + "\n".join(failures)


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


_HIDDEN = ("script", "style", "noscript", "template", "head", "title", "textarea", "select")
_HIDDEN += ("iframe", "object", "svg", "math")  # never article text in the viewer


def source_text(html: str) -> str:
    """The input's text a reader could expect to keep (lxml: fast on 1.6 MB pages)."""
    try:
        doc = lxml.html.document_fromstring(html)
    except (etree.ParserError, ValueError):
        return ""
    etree.strip_elements(doc, etree.Comment, *_HIDDEN, with_tail=False)
    return doc.text_content()


def coverage(truth: str, text: str, n: int = 8) -> float:
    """Share of ``truth``'s character n-grams (whitespace removed) found in ``text``.

    Language-neutral (no word splitting for Japanese or Korean) and local: one dropped
    citation number costs a few n-grams, not the whole paragraph.
    """
    truth, seen = squash(truth), squash(text)
    grams = {seen[i : i + n] for i in range(len(seen) - n + 1)}
    wanted = [truth[i : i + n] for i in range(max(1, len(truth) - n + 1))]
    return sum(g in grams for g in wanted) / len(wanted)


def pipeline_failures(
    name: str, html: str, base: str | None, *, page: bool
) -> tuple[str | None, list[str]]:
    """Run the app's pipeline on one input: (output or None, failures)."""
    try:
        out = sanitize_article(html, base, page=page)
    except Exception as e:  # report every input, not just the first crash
        return None, [f"{name}: {type(e).__name__}: {e}"]
    return out, [f"{name}: {v}" for v in violations(out)]


# --- the checker itself -----------------------------------------------------------------------

# name: (html, what one of the violations must name)
MUST_FLAG = {
    "script": ("<script>alert(1)</script>", "element <script>"),
    "img-onerror": ("<img src=x onerror=alert(1)>", "event-handler attribute onerror"),
    "tab-in-javascript": ('<a href="jav&#x09;ascript:alert(1)">x</a>', "javascript: URL"),
    "css-url": ('<div style="background:url(http://x)">x</div>', "CSS url()"),
    "local-file-img": ('<img src="/etc/passwd">', "loading attribute src"),
    "relative-link": ('<a href="/etc/passwd">x</a>', "link href='/etc/passwd'"),
    "file-link": ('<a href="file:///etc/passwd">x</a>', "link href='file:"),
    "nbsp-in-javascript": ('<a href="java\u00a0script:alert(1)">x</a>', "(strict) javascript:"),
    "data-html": ('<a href="data:text/html,<script>alert(1)</script>">x</a>', "data: URL"),
    "css-expression": ('<p style="width: ex\\70ression(alert(1))">x</p>', "CSS expression("),
    "style-import": ('<style>@import "http://x/a.css";</style>', "CSS @import"),
    "svg-animate": ('<svg><animate attributeName="href" to="javascript:x"/></svg>', "animating"),
    "svg-image": ('<svg><image href="http://x/a.png"/></svg>', "href on a non-link element"),
    "mathml-maction": ("<math><maction>x</maction></math>", "<maction>"),
    "meta-refresh": ('<meta http-equiv="refresh" content="0;url=http://x/">', "element <meta>"),
    "body-background": ('<body background="http://x/a.png">x', "loading attribute background"),
    "noscript-mxss": (
        '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>',
        "onerror",
    ),
}
MUST_PASS = {
    "https-link": '<a href="https://example.com">x</a>',
    "anchor": '<a href="#top">top</a>',
    "mailto": '<a href="mailto:someone@example.com">mail</a>',
    "text": "<p>Plain <b>text</b> &amp; an entity, 1 &lt; 2</p>",
    "raster-data-image": '<img src="data:image/png;base64,iVBORw0KGgo=">',
}


@pytest.mark.parametrize(("html", "named"), MUST_FLAG.values(), ids=MUST_FLAG.keys())
def test_checker_flags(html: str, named: str) -> None:
    found = violations(html)
    assert any(named in v for v in found), found


@pytest.mark.parametrize("html", MUST_PASS.values(), ids=MUST_PASS.keys())
def test_checker_passes(html: str) -> None:
    assert violations(html) == []


def test_checker_catches_mutation_on_reparse() -> None:
    # Safe as parsed; the serialization re-parses into an <img onerror> (DOMPurify 2.0.0 bypass).
    found = violations(
        "<form><math><mtext></form><form><mglyph><style></math><img src onerror=alert(1)>"
    )
    assert any(v.startswith("after re-parse: ") and "onerror" in v for v in found), found


def test_checker_shortcut_only_for_plain_markup() -> None:
    deep = "<b>" * 60_000 + "</b>" * 60_000  # ammonia's vector: html5lib alone takes minutes
    assert violations(deep) == []
    big = "<p>x</p>" * 20_000
    assert violations(big + "<img src=x>")
    assert violations(big + '<p title="t">x</p>') == []


def test_checker_flags_most_raw_vectors() -> None:
    # Not a property of the inputs, a guard on the checker: the unsanitized vectors must mostly
    # be flagged (measured: 518 of the 714 under 100,000 characters; the rest are tricky
    # without being active, e.g. entity tricks in text). The 3 deep-nesting ones are left out.
    vectors = [v for v in read_jsonl("xss/vectors.jsonl") if len(v["input"]) < 100_000]
    flagged = sum(bool(violations(v["input"])) for v in vectors)
    assert flagged >= 0.6 * len(vectors), f"only {flagged} of {len(vectors)} raw vectors flagged"


# --- XSS vectors and controls ---------------------------------------------------------------


@pytest.mark.parametrize("name", SANITIZERS)
def test_vectors_leak_nothing(name: str) -> None:
    sanitize = SANITIZERS[name]
    vectors = read_jsonl("xss/vectors.jsonl")
    failures = []
    refused = []
    for vector in vectors:
        try:
            out = sanitize(vector["input"])
        except InputError as e:  # past a limit (limits.py): refused whole, nothing shown
            refused.append(f"{vector['id']}: {e}")
            continue
        except Exception as e:
            failures.append(
                f"{vector['id']}: {type(e).__name__}: {e}\n    in:  {short(vector['input'])}"
            )
            continue
        found = violations(out)
        if found:
            failures.append(
                f"{vector['id']}: {'; '.join(found)}\n"
                f"    in:  {short(vector['input'])}\n    out: {short(out)}"
            )
    assert not failures, report(f"vectors through {name}", failures, len(vectors))
    # Only the 'deeply nested' vectors (tens of thousands of levels) are past the depth limit.
    assert all("deeply_nested" in r and "limit for one article" in r for r in refused), refused


# Measured (nh3 0.3.8, lxml 6.1.3): all 167 controls keep 100% of their words with both
# sanitizers; the threshold leaves room for entity-only or markup-like inputs.
CONTROL_WORDS_KEPT = 0.8
_WORD = re.compile(r"\w+")


@pytest.mark.parametrize("name", SANITIZERS)
def test_controls_keep_their_text(name: str) -> None:
    sanitize = SANITIZERS[name]
    controls = read_jsonl("xss/controls.jsonl")
    failures = []
    for control in controls:
        cid, html = control["id"], control["input"]
        try:
            out = sanitize(html)
        except Exception as e:
            failures.append(f"{cid}: {type(e).__name__}: {e}\n    in:  {short(html)}")
            continue
        problems = violations(out)
        text_in, text_out = text_content(html), text_content(out)
        if text_in.strip() and not text_out.strip():
            problems.append("all text lost")
        words = _WORD.findall(text_in.lower())
        kept = set(_WORD.findall(text_out.lower()))
        if words and sum(w in kept for w in words) / len(words) < CONTROL_WORDS_KEPT:
            problems.append(f"kept under {CONTROL_WORDS_KEPT:.0%} of the words")
        if problems:
            failures.append(
                f"{cid}: {'; '.join(problems)}\n    in:  {short(html)}\n    out: {short(out)}"
            )
    assert not failures, report(f"controls through {name}", failures, len(controls))


# --- real articles through the app's pipeline -----------------------------------------------

# Text kept = non-space characters of the output's text / of the input's visible text (script,
# style, head, svg, ... left out). Measured minimums (nh3 0.3.8, lxml 6.1.3):
# - news mirrors (69): 0.939 (rfi/1042000.md; share bar and feed footer removed), most 1.0;
# - wallabag entries (8): 1.0 (image placeholders add text: up to 1.14);
# - saved web pages (70, page=True, so nav/header/footer/aside go): 0.218 (liberation-1),
#   then 0.457, 0.484, 0.486; x-trafilatura-football.ua keeps 0.002 (a page-wide ASP.NET
#   <form> is dropped with everything in it).
NEWS_KEPT = 0.85
WALLABAG_KEPT = 0.9
WEBPAGE_KEPT = 0.15
# Ground-truth coverage (``coverage``, 8-grams) of the extraction pages' articleBody: median
# 0.997, minimum 0.938 (remember8090.it), then 0.953, 0.973; aljazeera.com: 0.0 (<form> again).
EXTRACTION_COVERAGE = 0.85
# x- web pages with a body ground truth (newspaper4k text, scrapinghub articleBody, trafilatura
# "with" segments): the output must cover it about as well as the input's own text does
# (measured: within 0.004 on all 8 but football.ua, 0.0 against 0.891).
WEBPAGE_TRUTH_SLACK = 0.1


def _text_kept(html: str, out: str) -> float:
    source = len(squash(source_text(html)))
    return len(squash(text_content(out))) / source if source else 1.0


def test_news_mirror_files() -> None:
    files = sorted(p for p in corpus("news").rglob("*.md") if p.name != "README.md")
    if not files:
        pytest.fail(f"no news-mirror files under {CORPUS / 'news'}")
    failures = []
    for path in files:
        name = str(path.relative_to(CORPUS))
        parsed = parse(path, path.read_bytes())
        if parsed.format != "news-mirror":
            failures.append(f"{name}: parsed as {parsed.format}, not news-mirror")
        out, found = pipeline_failures(
            name, parsed.body_html, parsed.url, page=parsed.format == "html"
        )
        failures += found
        if out is not None and (kept := _text_kept(parsed.body_html, out)) < NEWS_KEPT:
            failures.append(f"{name}: kept {kept:.1%} of the text")
    assert not failures, report("news-mirror files", failures, len(files))


def _webpage_truth(folder: Path) -> tuple[str | None, str | None]:
    """(base URL, body ground truth) from a web-page folder's metadata, when it has them."""
    if (folder / "expected-metadata.json").exists():
        return READABILITY_BASE, None
    if (meta := folder / "newspaper4k-metadata.json").exists():
        data = json.loads(meta.read_text("utf-8"))
        return data.get("url"), data.get("text")
    if (meta := folder / "ground-truth.json").exists():
        entry = next(iter(json.loads(meta.read_text("utf-8")).values()))
        return entry.get("url"), entry.get("articleBody")
    if (meta := folder / "trafilatura-evaldata.json").exists():
        url, entry = next(iter(json.loads(meta.read_text("utf-8")).items()))
        return url, "\n".join(entry.get("with") or []) or None
    return None, None


@pytest.mark.slow
def test_saved_web_pages() -> None:
    folders = sorted(p.parent for p in corpus("webpages").glob("*/source.html"))
    if not folders:
        pytest.fail(f"no */source.html under {CORPUS / 'webpages'}")
    failures = []
    for folder in folders:
        name = str(folder.relative_to(CORPUS))
        source = folder / "source.html"
        parsed = parse(source, source.read_bytes())
        base, truth = _webpage_truth(folder)
        out, found = pipeline_failures(name, parsed.body_html, base or parsed.url, page=True)
        failures += found
        if out is None:
            continue
        if (kept := _text_kept(parsed.body_html, out)) < WEBPAGE_KEPT:
            failures.append(f"{name}: kept {kept:.1%} of the text")
        if truth:
            got = coverage(truth, text_content(out))
            ceiling = coverage(truth, source_text(parsed.body_html))
            if got < ceiling - WEBPAGE_TRUTH_SLACK:
                failures.append(
                    f"{name}: covers {got:.1%} of the ground truth (the input {ceiling:.1%})"
                )
    assert not failures, report("saved web pages", failures, len(folders))


def test_extraction_pages() -> None:
    folders = sorted(p.parent for p in corpus("extraction").glob("*/source.html"))
    if not folders:
        pytest.fail(f"no */source.html under {CORPUS / 'extraction'}")
    failures = []
    for folder in folders:
        name = str(folder.relative_to(CORPUS))
        source = folder / "source.html"
        entries = json.loads((folder / "ground-truth.json").read_text("utf-8"))
        truth = next(iter(entries.values()))
        parsed = parse(source, source.read_bytes())
        out, found = pipeline_failures(name, parsed.body_html, truth["url"], page=True)
        failures += found
        if out is not None:
            got = coverage(truth["articleBody"], text_content(out))
            if got < EXTRACTION_COVERAGE:
                failures.append(f"{name}: covers {got:.1%} of the ground-truth articleBody")
    assert not failures, report("extraction pages", failures, len(folders))


def test_wallabag_exports() -> None:
    files = sorted(corpus("exports").glob("wallabag-v2*.json"))
    if not files:
        pytest.fail(f"no wallabag-v2*.json under {CORPUS / 'exports'}")
    failures, total = [], 0
    for path in files:
        for entry in json.loads(path.read_text("utf-8")):
            total += 1
            name = f"{path.name} entry {entry.get('id')}"
            html = entry.get("content") or ""
            out, found = pipeline_failures(name, html, entry.get("url"), page=False)
            failures += found
            if out is not None and (kept := _text_kept(html, out)) < WALLABAG_KEPT:
                failures.append(f"{name}: kept {kept:.1%} of the text")
    if not total:
        pytest.fail("the wallabag exports hold no entries")
    assert not failures, report("wallabag entries", failures, total)


# --- generated markup ------------------------------------------------------------------------

_TOKENS = (
    "<a href=",
    "<img src=",
    "<image href=",
    "<video poster=",
    "<body background=",
    "<base href=",
    " onerror=",
    " style=",
    "javascript:",
    "jav&#x09;ascript:",
    "data:text/html,",
    "url(",
    "http://x/",
    "/etc/passwd",
    "file:///etc/passwd",
    "#top",
    "<svg>",
    "<math>",
    "<mtext>",
    "<mglyph>",
    "<style>",
    "</style>",
    "<noscript>",
    "</noscript>",
    "<textarea>",
    "</textarea>",
    "<xmp>",
    "<template>",
    "<select>",
    "<table>",
    "<form>",
    "</form>",
    "<iframe>",
    "<p title=",
    "<b>",
    "</b>",
    "<!--",
    "-->",
    "<![CDATA[",
    "]]>",
    '"',
    "'",
    "<",
    ">",
    "/",
    "=",
    " ",
    "text",
    "&#0;",
    "\x00",
    "\x01",
    "\x0c",
    "\u2028",
    "\u00a0",
)
_BASES = (None, "https://example.com/a/b.html", "file:///tmp/x.html", "javascript:alert(1)//")


@settings(max_examples=examples(300), deadline=None, derandomize=True, database=None)
@given(
    parts=st.lists(st.sampled_from(_TOKENS), max_size=30),
    base=st.sampled_from(_BASES),
    page=st.booleans(),
)
def test_generated_markup(parts: list[str], base: str | None, page: bool) -> None:
    html = "".join(parts)
    out = sanitize_article(html, base, page=page)
    assert violations(out) == [], (html, out)
    assert violations(sanitize_html(html)) == [], html
