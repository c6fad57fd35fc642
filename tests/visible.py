"""What a browser shows of an HTML document as text, by an independent HTML5 parse (html5lib),
and the check that our text keeps all of it, in order, except what a named rule removed."""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable

import html5lib

from reader.core.formats.html_tags import BLOCK_ELEMENTS, SVG_UNRENDERED

# Never shown by a browser (with scripting on, as readers' browsers are).
_INVISIBLE = frozenset(
    {
        "head",
        "script",
        "style",
        "template",
        "noscript",
        "title",
        "iframe",
        "noembed",
        "noframes",
        "object",
        "embed",
        "applet",
        "canvas",
        "video",
        "audio",
    }
)
# Where lines break (blocks, rows, cells, <br>): only to line both texts up for comparing.
_LINE_BREAKS = BLOCK_ELEMENTS | {"br", "td", "th", "tr", "li"}
_SVG_TEXT = frozenset({"text", "tspan", "textPath"})
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_NS = re.compile(r"^\{([^}]*)\}")
_SVG = "http://www.w3.org/2000/svg"
_MATHML = "http://www.w3.org/1998/Math/MathML"
_WHITESPACE = re.compile(r"[\s\u200b\ufeff]+")


def visible_text(html: str) -> str:
    """The document body's visible text: text nodes in document order, a line break at each
    block's edges."""
    doc = html5lib.parse(html, treebuilder="etree", namespaceHTMLElements=True)
    body = next((el for el in doc.iter() if _local(el.tag) == "body"), doc)
    out: list[str] = []
    stack = [(body, False)]
    while stack:
        el, in_svg_text = stack.pop()
        if isinstance(el, str):  # a tail, pushed to come after its element
            out.append(el)
            continue
        tag = el.tag if isinstance(el.tag, str) else ""
        local, ns = _local(tag), _namespace(tag)
        shown = _shown(el, local, ns)
        if local in SVG_UNRENDERED and ns == _SVG:
            continue
        if local in _LINE_BREAKS and ns not in (_SVG, _MATHML):
            out.append("\n")
        if shown and el.text and (ns != _SVG or in_svg_text or local in _SVG_TEXT):
            out.append(el.text)
        inside = in_svg_text or (ns == _SVG and local in _SVG_TEXT)
        for child in reversed(list(el) if shown else []):
            tail = ("\n" if _local(child.tag) in _LINE_BREAKS else "") + (child.tail or "")
            if tail:
                stack.append((tail, False))  # type: ignore[arg-type]
            stack.append((child, inside))
    return "".join(out)


def _shown(el: object, local: str, ns: str) -> bool:
    if not local:  # comments, processing instructions
        return False
    if local in _INVISIBLE and ns not in (_SVG, _MATHML):
        return False
    if ns == _MATHML and local in ("annotation", "annotation-xml"):
        return False
    get = el.get  # type: ignore[attr-defined]
    if get("hidden") is not None:
        return False
    return not _HIDDEN_STYLE.search(get("style") or "")


def _local(tag: str) -> str:
    return _NS.sub("", tag) if isinstance(tag, str) else ""


def _namespace(tag: str) -> str:
    m = _NS.match(tag) if isinstance(tag, str) else None
    return m.group(1) if m else ""


def squeeze(text: str) -> str:
    """Text without white space (line breaking is layout, not content)."""
    return _WHITESPACE.sub("", text)


def lost_text(
    reference: str, ours: str, removed: Iterable[str], moved: Iterable[str] = ()
) -> list[str]:
    """Runs of the reference's text missing from ours that no removal accounts for, and
    runs of ours that the reference does not have (as "+run") unless a rule moved them
    there (a photo credit into its caption); empty when all is kept.

    Compared without white space and punctuation: line by line first (both break lines at
    blocks), then character by character inside the lines that differ."""
    accounted = "\x00".join(_bare(text) for text in removed)
    moves = sorted({_bare(text) for text in moved} - {""}, key=len, reverse=True)
    ref_lines = [line for line in map(_bare, reference.split("\n")) if line]
    our_lines = [line for line in map(_bare, ours.split("\n")) if line]
    problems: list[str] = []
    for ref, got in _differing(ref_lines, our_lines):
        for text in moves:  # a moved credit: out of both sides, wherever it went
            ref, got = ref.replace(text, ""), got.replace(text, "")
        chars = difflib.SequenceMatcher(None, ref, got, autojunk=False)
        for cop, c1, c2, d1, d2 in chars.get_opcodes():
            if cop in ("delete", "replace") and not _covered(ref[c1:c2], accounted):
                problems.append(ref[c1:c2])
            if cop in ("insert", "replace"):
                problems.append("+" + got[d1:d2])
    return problems


_SHORT = 64  # characters: a run of equal lines this short does not split a difference


def _differing(ref_lines: list[str], our_lines: list[str]) -> list[tuple[str, str]]:
    """The stretches where the two texts differ, as (reference, ours): differing lines with
    the short equal runs between them (a short line may match the wrong twin)."""
    lines = difflib.SequenceMatcher(None, ref_lines, our_lines, autojunk=False)
    stretches: list[tuple[str, str]] = []
    open_: list[int] | None = None  # [i1, i2, j1, j2] of the stretch being gathered
    for op, i1, i2, j1, j2 in lines.get_opcodes():
        if op == "equal" and sum(map(len, ref_lines[i1:i2])) >= _SHORT:
            if open_ is not None:
                stretches.append(_joined(ref_lines, our_lines, open_))
                open_ = None
            continue
        if open_ is None:
            open_ = [i1, i2, j1, j2]
        else:
            open_[1], open_[3] = i2, j2
    if open_ is not None:
        stretches.append(_joined(ref_lines, our_lines, open_))
    return [(ref, got) for ref, got in stretches if ref != got]


def _joined(ref_lines: list[str], our_lines: list[str], span: list[int]) -> tuple[str, str]:
    i1, i2, j1, j2 = span
    return "".join(ref_lines[i1:i2]), "".join(our_lines[j1:j2])


def _bare(text: str) -> str:
    """Text without white space and punctuation: line breaks are layout, and a moved credit
    may be written with other punctuation (a full-width comma made a colon)."""
    return "".join(ch for ch in squeeze(text) if not unicodedata.category(ch).startswith("P"))


def _covered(run: str, accounted: str) -> bool:
    """``run`` is made of pieces of removed text (neighbouring removals make one run)."""
    start = 0
    while start < len(run):  # (an empty run is covered)
        low, high = 0, len(run) - start  # the longest piece at ``start`` found in a removal
        while low < high:
            middle = (low + high + 1) // 2
            if run[start : start + middle] in accounted:
                low = middle
            else:
                high = middle - 1
        if low == 0:
            return False
        start += low
    return True
