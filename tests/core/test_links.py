"""Which addresses may leave the app (reader/core/links.py), checked the same way for the
article's own link, its links, Open Original and the command line."""

from __future__ import annotations

import pytest

from reader.core.cleaning.sanitize import sanitize_article
from reader.core.links import external_url


@pytest.mark.parametrize(
    ("url", "leaves_as"),
    [
        ("https://example.com/a?b=1#c", "https://example.com/a?b=1#c"),
        ("HTTP://Example.com/", "HTTP://Example.com/"),
        ("//example.com/path", "https://example.com/path"),
        ("  https://example.com/ \n", "https://example.com/"),
        ("mailto:desk@example.com?subject=Hi", "mailto:desk@example.com?subject=Hi"),
        (
            "mailto:desk@example.com?subject=Hi&attach=/etc/passwd",
            "mailto:desk@example.com?subject=Hi",
        ),
        ("javascript:alert(1)", None),
        ("JaVaScRiPt:alert(1)", None),
        ("java\tscript:alert(1)", None),
        ("\x01javascript:alert(1)", None),
        ("file:///dev/zero", None),
        ("data:text/html,<b>x</b>", None),
        ("vbscript:msgbox(1)", None),
        ("ftp://example.com/x", None),
        ("/etc/passwd", None),
        ("relative/page.html", None),
        ("http:///no-host", None),
        ("https://example.com/\x7f", None),
        ("mailto:", None),
        ("", None),
        (None, None),
    ],
)
def test_only_web_and_mail_addresses_leave(url: str | None, leaves_as: str | None):
    assert external_url(url) == leaves_as


def test_a_mail_link_in_an_article_loses_its_attachment():
    html = sanitize_article('<p><a href="mailto:a@example.com?attach=%2Fetc%2Fpasswd">m</a></p>')
    assert 'href="mailto:a@example.com"' in html
    assert "attach" not in html
