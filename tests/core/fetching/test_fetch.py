"""fetch_image against a loopback HTTP server that counts requests (issue 12): what is asked,
with which headers, what is refused and why; a refusal before the request makes none. No test
here reaches the real network: a connect anywhere but loopback fails (``_loopback_only``)."""

from __future__ import annotations

import socket
import struct
import threading
import time
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from reader import __version__
from reader.core.fetching.fetch import Fetched, Limits, Refused, fetch_image
from reader.core.fetching.sizes import declared_size, image_size
from reader.core.fetching.trackers import tracker_of


def png(width: int, height: int, extra: int = 0) -> bytes:
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    chunk = b"IHDR" + ihdr
    body = struct.pack(">I", 13) + chunk + struct.pack(">I", zlib.crc32(chunk))
    return b"\x89PNG\r\n\x1a\n" + body + b"\0" * extra


PICTURE = png(40, 30)


@dataclass
class Route:
    status: int = 200
    headers: dict[str, str] = field(default_factory=lambda: {"Content-Type": "image/png"})
    body: bytes = PICTURE
    length: bool = True  # send Content-Length
    delay: float = 0.0  # before the answer
    drip: float = 0.0  # between body bytes


@dataclass
class Server:
    base: str
    routes: dict[str, Route]
    requests: list[tuple[str, dict[str, str]]]
    dripped: list[int]  # bytes of a dripped body written before the client went away

    def paths(self) -> list[str]:
        return [path for path, _ in self.requests]


@pytest.fixture(autouse=True)
def _loopback_only(monkeypatch: pytest.MonkeyPatch) -> None:
    real = socket.socket.connect

    def connect(self: socket.socket, address: Any) -> None:
        host = address[0] if isinstance(address, tuple) else address
        if host not in ("127.0.0.1", "::1", "localhost"):
            raise OSError(f"test refused a connection to {host}")
        real(self, address)

    monkeypatch.setattr(socket.socket, "connect", connect)
    for name in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "no_proxy"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def server() -> Iterator[Server]:
    routes: dict[str, Route] = {}
    requests: list[tuple[str, dict[str, str]]] = []
    dripped: list[int] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            requests.append((self.path, dict(self.headers.items())))
            route = routes.get(self.path, Route(404, {"Content-Type": "text/plain"}, b"no"))
            time.sleep(route.delay)
            try:
                self.send_response(route.status)
                for name, value in route.headers.items():
                    self.send_header(name, value)
                if route.length:
                    self.send_header("Content-Length", str(len(route.body)))
                self.send_header("Connection", "close")
                self.end_headers()
                if route.drip:
                    dripped.append(0)
                    for byte in route.body:
                        dripped[-1] += 1
                        self.wfile.write(bytes([byte]))
                        self.wfile.flush()
                        time.sleep(route.drip)
                else:
                    self.wfile.write(route.body)
            except OSError:
                pass  # the client gave up, as it should

        def log_message(self, format: str, *args: Any) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield Server(f"http://127.0.0.1:{httpd.server_address[1]}", routes, requests, dripped)
    finally:
        httpd.shutdown()
        httpd.server_close()


def refused(result: Fetched | Refused) -> str:
    assert isinstance(result, Refused), result
    return result.reason


def test_an_image_is_fetched_once_with_no_cookie_no_referer_and_the_plain_user_agent(
    server: Server,
) -> None:
    server.routes["/a.png"] = Route(headers={"Content-Type": "image/png", "Set-Cookie": "id=1"})
    first = fetch_image(server.base + "/a.png")
    assert isinstance(first, Fetched)
    assert (first.kind, first.data, first.width, first.height) == ("png", PICTURE, 40, 30)
    assert server.paths() == ["/a.png"]
    fetch_image(server.base + "/a.png")  # a cookie set by the first is not sent back
    for _, headers in server.requests:
        names = {name.lower() for name in headers}
        assert "cookie" not in names
        assert "referer" not in names
        assert headers["User-Agent"] == f"SavedReader/{__version__}"


def test_a_redirect_to_another_loopback_path_is_followed(server: Server) -> None:
    server.routes["/old"] = Route(302, {"Location": "/new.png"}, b"")
    server.routes["/new.png"] = Route()
    result = fetch_image(server.base + "/old")
    assert isinstance(result, Fetched)
    assert result.url == server.base + "/new.png"
    assert server.paths() == ["/old", "/new.png"]


@pytest.mark.parametrize(
    ("target", "reason"),
    [("ftp://127.0.0.1/a.png", "redirect to ftp: refused"), ("file:///etc/passwd", "file:")],
)
def test_a_redirect_out_of_http_is_refused(server: Server, target: str, reason: str) -> None:
    server.routes["/away"] = Route(301, {"Location": target}, b"")
    assert reason in refused(fetch_image(server.base + "/away"))
    assert server.paths() == ["/away"]


def test_a_redirect_to_a_tracker_is_refused_before_it_is_asked(server: Server) -> None:
    server.routes["/away"] = Route(302, {"Location": "https://x.list-manage.com/open.php"}, b"")
    assert refused(fetch_image(server.base + "/away")) == "tracking pixel (list-manage.com)"


def test_redirects_past_the_limit_are_refused(server: Server) -> None:
    for n in range(4):
        server.routes[f"/r{n}"] = Route(302, {"Location": f"/r{n + 1}"}, b"")
    reason = refused(fetch_image(server.base + "/r0", limits=Limits(max_redirects=2)))
    assert reason == "more than 2 redirects"
    assert server.paths() == ["/r0", "/r1", "/r2"]


def test_a_path_in_chinese_is_asked_for_percent_encoded(server: Server) -> None:
    server.routes["/%E5%9B%BE/a.png?w=%E4%B8%AD"] = Route()
    assert isinstance(fetch_image(server.base + "/图/a.png?w=中"), Fetched)
    assert server.paths() == ["/%E5%9B%BE/a.png?w=%E4%B8%AD"]


def test_html_is_not_an_image(server: Server) -> None:
    server.routes["/page"] = Route(headers={"Content-Type": "text/html; charset=utf-8"})
    assert refused(fetch_image(server.base + "/page")) == "not an image (text/html)"


def test_svg_and_bytes_that_are_no_picture_are_refused(server: Server) -> None:
    server.routes["/a.svg"] = Route(headers={"Content-Type": "image/svg+xml"}, body=b"<svg/>")
    server.routes["/fake.png"] = Route(body=b"<html>not a png</html>")
    assert refused(fetch_image(server.base + "/a.svg")) == "not an image (image/svg+xml)"
    assert "bytes are not PNG" in refused(fetch_image(server.base + "/fake.png"))


def test_an_image_too_large_is_refused_by_its_length_and_while_read(server: Server) -> None:
    big = png(50, 50, extra=5000)
    server.routes["/said"] = Route(body=big)
    server.routes["/unsaid"] = Route(body=big, length=False)
    limits = Limits(max_bytes=4096)
    assert refused(fetch_image(server.base + "/said", limits=limits)) == "larger than 4 KB"
    assert refused(fetch_image(server.base + "/unsaid", limits=limits)) == "larger than 4 KB"
    assert Limits().max_bytes == 10 * 1024 * 1024


def test_a_slow_answer_is_refused_by_the_timeout(server: Server) -> None:
    server.routes["/slow"] = Route(delay=2.0)
    limits = Limits(timeout=0.2)
    assert refused(fetch_image(server.base + "/slow", limits=limits)) == "timed out after 0.2 s"


def test_a_body_dripped_a_byte_at_a_time_is_refused_by_the_whole_timeout(
    server: Server,
) -> None:
    # Every byte comes within the socket's timeout; the image as a whole does not (4 s).
    body = png(40, 30, extra=170)
    server.routes["/drip"] = Route(body=body, drip=0.02)
    limits = Limits(timeout=0.3)
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
    assert refused(fetch_image(server.base + "/a.png", width="1", height="1px"))
    assert refused(fetch_image(server.base + "/a.png", width=0)) == "tracking pixel (0x?)"
    assert server.requests == []
    assert isinstance(fetch_image(server.base + "/a.png", width="1", height="100%"), Fetched)


def test_a_fetched_1x1_png_is_refused(server: Server) -> None:
    server.routes["/pixel.png"] = Route(body=png(1, 1))
    assert refused(fetch_image(server.base + "/pixel.png")) == "tracking pixel (1x1 image)"


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
    assert isinstance(fetch_image(server.base + "/a.png"), Fetched)
    assert "could not connect" in refused(fetch_image(server.base + "/a.png", proxy="system"))
    # Through the loopback server as the proxy: it is asked for the whole address.
    server.routes["http://pictures.example.test/b.png"] = Route()
    result = fetch_image("http://pictures.example.test/b.png", proxy=server.base)
    assert isinstance(result, Fetched)
    assert server.paths() == ["/a.png", "http://pictures.example.test/b.png"]
    assert "http(s) only" in refused(fetch_image(server.base, proxy="socks5://127.0.0.1:1080"))


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
