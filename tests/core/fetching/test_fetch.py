"""fetch_image against a loopback HTTP server that counts requests (issue 12): what is asked,
with which headers, what is refused and why; a refusal before the request makes none. No test
here reaches the real network or the real DNS (conftest.py, fetch_servers.py). The server is on
this computer, so these tests allow local addresses (``LOCAL``); test_network.py is about
refusing them."""

from __future__ import annotations

import struct

import pytest
from fetch_servers import PICTURE, PUBLIC, Net, Route, Server, png

from reader import __version__
from reader.core.fetching.fetch import Fetched, Limits, Refused, fetch_image
from reader.core.fetching.sizes import declared_size, image_size
from reader.core.fetching.trackers import tracker_of

LOCAL = Limits(allow_local=True)  # the loopback server is on this computer


def refused(result: Fetched | Refused) -> str:
    assert isinstance(result, Refused), result
    return result.reason


def test_an_image_is_fetched_once_with_no_cookie_no_referer_and_the_plain_user_agent(
    server: Server,
) -> None:
    server.routes["/a.png"] = Route(headers={"Content-Type": "image/png", "Set-Cookie": "id=1"})
    first = fetch_image(server.base + "/a.png", limits=LOCAL)
    assert isinstance(first, Fetched)
    assert (first.kind, first.data, first.width, first.height) == ("png", PICTURE, 40, 30)
    assert server.paths() == ["/a.png"]
    fetch_image(server.base + "/a.png", limits=LOCAL)  # a cookie set by the first is not sent back
    for _, headers in server.requests:
        names = {name.lower() for name in headers}
        assert "cookie" not in names
        assert "referer" not in names
        assert headers["User-Agent"] == f"SavedReader/{__version__}"


def test_a_redirect_to_another_loopback_path_is_followed(server: Server) -> None:
    server.routes["/old"] = Route(302, {"Location": "/new.png"}, b"")
    server.routes["/new.png"] = Route()
    result = fetch_image(server.base + "/old", limits=LOCAL)
    assert isinstance(result, Fetched)
    assert result.url == server.base + "/new.png"
    assert server.paths() == ["/old", "/new.png"]


@pytest.mark.parametrize(
    ("target", "reason"),
    [("ftp://127.0.0.1/a.png", "redirect to ftp: refused"), ("file:///etc/passwd", "file:")],
)
def test_a_redirect_out_of_http_is_refused(server: Server, target: str, reason: str) -> None:
    server.routes["/away"] = Route(301, {"Location": target}, b"")
    assert reason in refused(fetch_image(server.base + "/away", limits=LOCAL))
    assert server.paths() == ["/away"]


def test_a_redirect_to_a_tracker_is_refused_before_it_is_asked(server: Server) -> None:
    server.routes["/away"] = Route(302, {"Location": "https://x.list-manage.com/open.php"}, b"")
    assert (
        refused(fetch_image(server.base + "/away", limits=LOCAL))
        == "tracking pixel (list-manage.com)"
    )


def test_redirects_past_the_limit_are_refused(server: Server) -> None:
    for n in range(4):
        server.routes[f"/r{n}"] = Route(302, {"Location": f"/r{n + 1}"}, b"")
    reason = refused(
        fetch_image(server.base + "/r0", limits=Limits(max_redirects=2, allow_local=True))
    )
    assert reason == "more than 2 redirects"
    assert server.paths() == ["/r0", "/r1", "/r2"]


def test_a_path_in_chinese_is_asked_for_percent_encoded(server: Server) -> None:
    server.routes["/%E5%9B%BE/a.png?w=%E4%B8%AD"] = Route()
    assert isinstance(fetch_image(server.base + "/图/a.png?w=中", limits=LOCAL), Fetched)
    assert server.paths() == ["/%E5%9B%BE/a.png?w=%E4%B8%AD"]


def test_html_is_not_an_image(server: Server) -> None:
    server.routes["/page"] = Route(headers={"Content-Type": "text/html; charset=utf-8"})
    assert refused(fetch_image(server.base + "/page", limits=LOCAL)) == "not an image (text/html)"


def test_svg_and_bytes_that_are_no_picture_are_refused(server: Server) -> None:
    server.routes["/a.svg"] = Route(headers={"Content-Type": "image/svg+xml"}, body=b"<svg/>")
    server.routes["/fake.png"] = Route(body=b"<html>not a png</html>")
    assert (
        refused(fetch_image(server.base + "/a.svg", limits=LOCAL)) == "not an image (image/svg+xml)"
    )
    assert "bytes are not PNG" in refused(fetch_image(server.base + "/fake.png", limits=LOCAL))


def test_an_image_too_large_is_refused_by_its_length_and_while_read(server: Server) -> None:
    big = png(50, 50, extra=5000)
    server.routes["/said"] = Route(body=big)
    server.routes["/unsaid"] = Route(body=big, length=False)
    limits = Limits(max_bytes=4096, allow_local=True)
    assert refused(fetch_image(server.base + "/said", limits=limits)) == "larger than 4 KB"
    assert refused(fetch_image(server.base + "/unsaid", limits=limits)) == "larger than 4 KB"
    assert Limits().max_bytes == 10 * 1024 * 1024


def test_a_slow_answer_is_refused_by_the_timeout(server: Server) -> None:
    server.routes["/slow"] = Route(delay=2.0)
    limits = Limits(timeout=0.2, allow_local=True)
    assert refused(fetch_image(server.base + "/slow", limits=limits)) == "timed out after 0.2 s"


def test_a_body_dripped_a_byte_at_a_time_is_refused_by_the_whole_timeout(
    server: Server,
) -> None:
    # Every byte comes within the socket's timeout; the image as a whole does not (4 s).
    body = png(40, 30, extra=170)
    server.routes["/drip"] = Route(body=body, drip=0.02)
    limits = Limits(timeout=0.3, allow_local=True)
    assert refused(fetch_image(server.base + "/drip", limits=limits)) == "timed out after 0.3 s"
    # Refused while it is still being sent, not once all of it came.
    assert server.dripped[0] < len(body)


def test_a_tracker_host_is_refused_with_no_request(server: Server) -> None:
    reason = refused(fetch_image("https://us1.list-manage.com/track/open.php?u=1"))
    assert reason == "tracking pixel (list-manage.com)"
    assert refused(fetch_image("http://www.google-analytics.com/collect?v=1")).startswith(
        "tracking pixel"
    )
    assert server.requests == []


def test_an_img_declared_1x1_or_0_is_refused_with_no_request(server: Server) -> None:
    server.routes["/a.png"] = Route()
    assert refused(fetch_image(server.base + "/a.png", width="1", height="1px", limits=LOCAL))
    assert (
        refused(fetch_image(server.base + "/a.png", width=0, limits=LOCAL))
        == "tracking pixel (0x?)"
    )
    assert server.requests == []
    assert isinstance(
        fetch_image(server.base + "/a.png", width="1", height="100%", limits=LOCAL), Fetched
    )


def test_a_fetched_1x1_png_is_refused(server: Server) -> None:
    server.routes["/pixel.png"] = Route(body=png(1, 1))
    assert (
        refused(fetch_image(server.base + "/pixel.png", limits=LOCAL))
        == "tracking pixel (1x1 image)"
    )


@pytest.mark.parametrize(
    "url", ["file:///etc/passwd", "ftp://127.0.0.1/a.png", "data:image/png;base64,AA==", "/a.png"]
)
def test_an_address_not_on_the_web_is_refused_with_no_request(server: Server, url: str) -> None:
    assert refused(fetch_image(url)).startswith("not a web address")
    assert server.requests == []


def test_no_proxy_ignores_the_environments_and_a_proxy_url_is_used(
    server: Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    server.routes["/a.png"] = Route()
    monkeypatch.setenv("http_proxy", "http://127.0.0.1:9")  # nothing listens there
    assert isinstance(fetch_image(server.base + "/a.png", limits=LOCAL), Fetched)
    reason = refused(fetch_image(server.base + "/a.png", proxy="system", limits=LOCAL))
    assert reason.startswith("could not connect through the proxy http://127.0.0.1:9 (")
    # Through the loopback server as the proxy: it is asked for the whole address.
    server.routes["http://pictures.example.test/b.png"] = Route()
    result = fetch_image("http://pictures.example.test/b.png", proxy=server.base)
    assert isinstance(result, Fetched)
    assert server.paths() == ["/a.png", "http://pictures.example.test/b.png"]


def test_sizes_of_each_kind_and_declared_sizes() -> None:
    jpeg = b"\xff\xd8\xff\xe0\x00\x04ab\xff\xc0\x00\x11\x08\x00\x02\x00\x03" + b"\0" * 12
    vp8 = b"RIFF\0\0\0\0WEBPVP8 \0\0\0\0" + b"\0\0\0\x9d\x01\x2a" + struct.pack("<HH", 7, 5)
    vp8l_bits = (9 - 1) | ((4 - 1) << 14)
    vp8l = b"RIFF\0\0\0\0WEBPVP8L\0\0\0\0\x2f" + struct.pack("<I", vp8l_bits)
    gif = b"GIF89a" + struct.pack("<HH", 1, 1)
    assert image_size("jpeg", jpeg) == (3, 2)
    assert image_size("webp", vp8) == (7, 5)
    assert image_size("webp", vp8l) == (9, 4)
    assert image_size("gif", gif) == (1, 1)
    assert [declared_size(v) for v in ("1", " 2px", "100%", "auto", None, 0)] == [
        1, 2, None, None, None, 0,
    ]  # fmt: skip


def test_tracker_hosts_match_themselves_and_their_subdomains_only() -> None:
    assert tracker_of("List-Manage.com.") == "list-manage.com"
    assert tracker_of("us4.list-manage.com") == "list-manage.com"
    assert tracker_of("notlist-manage.com") is None
    assert tracker_of("mcusercontent.com") is None


def test_a_host_not_reached_is_named_and_an_image_refused_by_its_server_is_not(
    server: Server,
) -> None:
    lost = fetch_image("http://nowhere.example.test/a.png")  # not in the test's names
    assert isinstance(lost, Refused)
    assert lost.reason == "could not find nowhere.example.test (offline, or no such site)"
    assert lost.unreachable == "nowhere.example.test"
    missing = fetch_image(server.base + "/none.png", limits=Limits(allow_local=True))
    assert isinstance(missing, Refused)
    assert missing.reason.startswith("the server answered 404")
    assert missing.unreachable == ""
    server.routes["/slow.png"] = Route(delay=1.0)
    slow = fetch_image(server.base + "/slow.png", limits=Limits(timeout=0.3, allow_local=True))
    assert isinstance(slow, Refused)
    assert slow.unreachable == "127.0.0.1"  # no answer in time: its other images not asked


def test_a_tracker_known_by_its_path_on_a_host_of_pictures_is_refused_unasked(
    server: Server, net: Net
) -> None:
    net.names["www.facebook.com"] = [PUBLIC]
    result = fetch_image(f"http://www.facebook.com:{server.port}/tr?id=1&ev=PageView")
    assert isinstance(result, Refused)
    assert result.reason.startswith("tracking pixel (")
    assert server.requests == []
    assert "www.facebook.com" not in net.lookups  # not even looked up
