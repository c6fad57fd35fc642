"""A Document for tests that need one without importing a file: sensible defaults, any
field changed by keyword."""

from __future__ import annotations

from typing import Any

from reader.core.model import Document


def make_doc(**changes: Any) -> Document:
    fields: dict[str, Any] = dict(
        id="a1",
        title="标题",
        url="https://example.org/a",
        published=None,
        source="example.org",
        html="<p>正文。</p>",
        text="正文",
        format="html",
        content_hash="h",
        byline=None,
    )
    fields.update(changes)
    return Document(**fields)
