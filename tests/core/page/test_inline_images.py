"""Images an article carries (data: URIs) are kept offline, checked by their bytes and capped;
nothing else that loads survives (issue 12)."""

from __future__ import annotations

import base64
import struct
import zlib

import pytest

from reader.core.cleaning.sanitize import sanitize_article, sanitize_html
from reader.core.page import images
from reader.core.page.images import image_kind, inline_image, is_offline_image_uri


def png(width: int = 40, height: int = 30) -> bytes:
    raw = b"".join(b"\x00" + b"\xff\x00\x00" * width for _ in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = struct.pack(">I", zlib.crc32(kind + data))
        return struct.pack(">I", len(data)) + kind + data + crc

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def uri(data: bytes, declared: str = "image/png") -> str:
    return f"data:{declared};base64,{base64.b64encode(data).decode()}"


GIF = b"GIF89a\x10\x00\x10\x00" + b"\x00" * 20
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 40
WEBP = b"RIFF\x20\x00\x00\x00WEBPVP8 " + b"\x00" * 30
SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><image href="https://t.example/p.gif"/></svg>'


def test_the_kind_comes_from_the_bytes_not_the_declared_type() -> None:
    assert [image_kind(d) for d in (png(), GIF, JPEG, WEBP, SVG)] == [
        "png",
        "gif",
        "jpeg",
        "webp",
        None,
    ]
    found = inline_image(uri(png(), "image/gif"))
    assert found is not None
    assert found.kind == "png"
    assert found.uri.startswith("data:image/png;base64,")
    assert inline_image(uri(SVG, "image/png")) is None  # an SVG calling itself a PNG
    assert inline_image(uri(SVG, "image/svg+xml")) is None
    assert inline_image(uri(b"<html><script>", "image/jpeg")) is None
    assert inline_image("data:image/png;base64,@@@@") is None
    assert inline_image("https://example.org/a.png") is None


def test_spacers_and_oversized_images_are_not_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    assert inline_image(uri(png(1, 1))) is None  # a 1x1 stand-in or pixel
    monkeypatch.setattr(images, "MAX_IMAGE_BYTES", 200)
    assert inline_image(uri(png(200, 200))) is None
    assert inline_image(uri(png(4, 4))) is not None


def test_an_image_the_article_carries_is_kept_offline() -> None:
    out = sanitize_article(f'<p>图\uff1a<img src="{uri(png(), "image/jpeg")}" alt="红色"></p>')
    assert f'<img src="{uri(png())}" alt="红色">' in out  # the kind its bytes are
    assert "sr-media" not in out


def test_an_svg_or_a_false_image_is_a_placeholder() -> None:
    out = sanitize_article(f'<p><img src="{uri(SVG, "image/svg+xml")}" alt="图表"></p>')
    assert "<img" not in out
    assert "svg" not in out.lower()
    assert '<span class="sr-media">[Image: 图表]</span>' in out


def test_an_svg_icon_with_nothing_to_say_goes() -> None:
    out = sanitize_article(f'<p>Share<img src="{uri(SVG, "image/svg+xml")}"> this</p>')
    assert out == "<div><p>Share this</p></div>"


def test_a_lazy_loaded_image_is_its_remote_placeholder_not_its_stand_in() -> None:
    out = sanitize_article(
        f'<img src="{uri(png())}" data-src="https://cdn.example.com/real.jpg" alt="a">',
        "https://example.com/",
    )
    assert "<img" not in out
    assert 'href="https://cdn.example.com/real.jpg">[Image: a]</a>' in out


def test_an_article_keeps_at_most_max_images(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("reader.core.cleaning.media.MAX_IMAGES", 2)
    out = sanitize_article("".join(f'<p><img src="{uri(png(10 + i, 10))}"></p>' for i in range(3)))
    assert out.count("<img") == 2
    assert out.count('<span class="sr-media">[Image]</span>') == 1


@pytest.mark.parametrize(
    "src",
    [
        "https://tracker.example/p.gif",
        "/etc/passwd",
        "file:///etc/passwd",
        "a.png",
        uri(SVG, "image/svg+xml"),
        uri(b"<html>", "image/png"),
        uri(png()) + "\u2028",
        uri(png()).replace("base64,", "base64, "),
    ],
)
def test_the_allow_list_keeps_no_other_image_source(src: str) -> None:
    out = sanitize_html(f'<img src="{src}" alt="x"><a href="{uri(png())}">l</a>')
    assert "src=" not in out
    assert "href=" not in out  # a data: URI is never a link


def test_only_the_stored_form_passes_the_boundary() -> None:
    assert is_offline_image_uri(uri(png()))
    assert not is_offline_image_uri(uri(png(), "image/gif"))  # cleaning stores the true kind
