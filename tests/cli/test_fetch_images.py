"""``saved-reader fetch-images`` (reader/cli/images.py, issue 12) against a loopback HTTP
server that counts requests: the allowed images are asked for once each, a second run asks for
nothing, a tracker is never asked, an unknown id exits 2 asking nothing, the proxy preference
is the one used, Ctrl+C keeps what was stored.

The command runs in-process (``reader.cli.main``) on a pretend network: a connection to the
public test address ``PUBLIC`` lands on the loopback server, one to 127.0.0.1 (the proxy test's
proxy) stays there, any other is refused, and no name is looked up in the real DNS. So the
command runs with the limits a reader gets (the reader's own network refused) and no test
hook of its own."""

from __future__ import annotations

import json
import socket
import struct
import threading
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from cli_run import NEWS

import reader.cli.images
from reader.cli import main
from reader.core.library.images import ImageStore, ImageStoreError

PUBLIC = "93.184.216.34"  # a public address: connects to it land on 127.0.0.1
TRACKER = "https://www.google-analytics.com/collect.gif"


def _png(width: int, height: int) -> bytes:
    chunk = b"IHDR" + struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + struct.pack(">I", 13) + chunk + struct.pack(">I", zlib.crc32(chunk))
    )


PICTURE = _png(40, 30)


@dataclass
class Server:
    port: int
    bodies: dict[str, tuple[str, bytes]]  # path: (Content-Type, body)
    paths: list[str] = field(default_factory=list)  # each request's, in order

    def url(self, path: str) -> str:
        return f"http://{PUBLIC}:{self.port}{path}"


@dataclass
class Net:
    connects: list[tuple[str, int]] = field(default_factory=list)
    lookups: list[str] = field(default_factory=list)


@pytest.fixture
def net(monkeypatch: pytest.MonkeyPatch) -> Net:
    network = Net()
    real_connect, real_getaddrinfo = socket.socket.connect, socket.getaddrinfo

    def connect(self: socket.socket, address: Any) -> None:
        host, port = address[0], address[1]
        network.connects.append((host, port))
        if host not in (PUBLIC, "127.0.0.1"):
            raise OSError(f"test refused a connection to {host}")
        real_connect(self, ("127.0.0.1", port))

    def getaddrinfo(host: Any, port: Any, *args: Any, **kwargs: Any) -> Any:
        network.lookups.append(str(host))
        kwargs["flags"] = kwargs.get("flags", 0) | socket.AI_NUMERICHOST  # no real DNS
        return real_getaddrinfo(host, port, *args, **kwargs)

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    for name in ("http_proxy", "https_proxy", "all_proxy", "no_proxy"):
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.upper(), raising=False)
    return network


@pytest.fixture
def server(net: Net) -> Iterator[Server]:
    bodies: dict[str, tuple[str, bytes]] = {}
    paths: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            paths.append(self.path)
            kind, body = bodies.get(self.path, ("text/plain", b"no"))
            self.send_response(200 if self.path in bodies else 404)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield Server(httpd.server_address[1], bodies, paths)
    finally:
        httpd.shutdown()
        httpd.server_close()


@dataclass
class Cli:
    root: Path
    capsys: pytest.CaptureFixture[str]

    def run(self, *args: str) -> tuple[int, list[dict[str, Any]], str]:
        """The exit code, the JSON lines printed and what went to stderr."""
        self.capsys.readouterr()
        code = main(["--data-dir", str(self.root), *args])
        out, err = self.capsys.readouterr()
        return code, [json.loads(line) for line in out.splitlines()], err

    def article(self, name: str, *images: str, ms: int = 1700000000000) -> str:
        """An article showing ``images`` (in <img> tags), imported; its id."""
        body = "".join(
            f'<p>Text {i}.</p><p><img src="{u}" alt="{i}"></p>' for i, u in enumerate(images)
        )
        path = self.root.parent / f"{name}.md"
        url = f"https://example.com/{name}"
        path.write_text(NEWS.format(ms=ms, title=name, url=url, body=body), encoding="utf-8")
        code, lines, err = self.run("import", str(path))
        assert code == 0, err
        return str(lines[0]["id"])


@pytest.fixture
def cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Cli:
    return Cli(tmp_path / "data", capsys)


def _stored(cli: Cli, *urls: str) -> frozenset[str]:
    with ImageStore(cli.root) as store:
        return store.states(urls).stored


def test_each_allowed_image_is_asked_for_once_and_a_second_run_asks_for_nothing(
    cli: Cli, server: Server, net: Net
) -> None:
    one, two = server.url("/one.png"), server.url("/two.png")
    three = server.url("/%E4%B8%89.png")  # (三.png: the import keeps it percent-encoded)
    for path in ("/one.png", "/two.png", "/%E4%B8%89.png"):
        server.bodies[path] = ("image/png", PICTURE)
    first = cli.article("first", one, two, TRACKER, one)
    second = cli.article("second", two, server.url("/三.png"), ms=1700000001000)  # (newer)

    code, lines, err = cli.run("fetch-images", first, second)

    assert code == 0, err
    assert sorted(server.paths) == sorted(["/one.png", "/two.png", "/%E4%B8%89.png"])
    assert [(line["id"], line["url"], line["status"]) for line in lines] == [
        (first, one, "stored"),
        (first, two, "stored"),
        (first, TRACKER, "refused"),
        (second, two, "already"),
        (second, three, "stored"),
    ]
    assert lines[0]["bytes"] == len(PICTURE)
    assert lines[2]["reason"] == "tracking pixel (google-analytics.com)"
    assert err == ("saved-reader: 3 images stored, 1 refused, 1 already there, in 2 articles.\n")
    assert _stored(cli, one, two, three) == {one, two, three}
    assert not [c for c in net.connects if c[0] != PUBLIC]  # the tracker: not even a connect
    assert "www.google-analytics.com" not in net.lookups

    asked = len(server.paths)
    code, lines, err = cli.run("fetch-images", "--all")
    assert code == 0, err
    assert len(server.paths) == asked  # nothing asked again
    assert [(line["id"], line["status"]) for line in lines] == [
        (second, "already"),
        (second, "already"),
        (first, "already"),
        (first, "already"),
        (first, "refused"),
    ]
    assert err == "saved-reader: 0 images stored, 1 refused, 4 already there, in 2 articles.\n"


def test_a_refusal_says_why_and_is_asked_again_by_the_next_run(cli: Cli, server: Server) -> None:
    server.bodies["/page.png"] = ("text/html", b"<html>hello</html>")
    doc = cli.article("page", server.url("/page.png"))
    code, lines, _ = cli.run("fetch-images", doc)
    assert code == 0
    assert lines[0]["status"] == "refused"
    assert lines[0]["reason"] == "not an image (text/html)"
    cli.run("fetch-images", doc)
    assert server.paths == ["/page.png", "/page.png"]


def test_all_leaves_out_archived_and_deleted_articles_which_their_ids_fetch(
    cli: Cli, server: Server
) -> None:
    server.bodies["/a.png"] = ("image/png", PICTURE)
    server.bodies["/d.png"] = ("image/png", PICTURE)
    archived = cli.article("archived", server.url("/a.png"))
    deleted = cli.article("deleted", server.url("/d.png"))
    assert cli.run("archive", archived)[0] == 0
    assert cli.run("delete", deleted)[0] == 0

    code, lines, err = cli.run("fetch-images", "--all")
    assert (code, lines, server.paths) == (0, [], [])
    assert err == "saved-reader: no images to fetch.\n"

    code, lines, _ = cli.run("fetch-images", archived, deleted)
    assert code == 0
    assert [line["status"] for line in lines] == ["stored", "stored"]
    assert server.paths == ["/a.png", "/d.png"]


def test_an_unknown_id_is_named_exits_2_and_asks_for_nothing(
    cli: Cli, server: Server, net: Net
) -> None:
    server.bodies["/a.png"] = ("image/png", PICTURE)
    doc = cli.article("known", server.url("/a.png"))
    code, lines, err = cli.run("fetch-images", doc, "nope")
    assert (code, lines) == (2, [])
    assert err == (
        "saved-reader: there is no document with id 'nope' (see 'saved-reader list'); "
        "nothing was fetched.\n"
    )
    code, _, err = cli.run("fetch-images", "nope")
    assert code == 2
    assert err == "saved-reader: there is no document with id 'nope' (see 'saved-reader list').\n"
    assert cli.run("fetch-images")[0] == 2  # no id, no --all
    assert cli.run("fetch-images", "--all", doc)[0] == 2
    assert (server.paths, net.connects) == ([], [])
    assert _stored(cli, server.url("/a.png")) == frozenset()


def test_nothing_to_fetch_opens_no_connection(cli: Cli, net: Net) -> None:
    doc = cli.article("plain")
    code, lines, err = cli.run("fetch-images", doc)
    assert (code, lines) == (0, [])
    assert err == "saved-reader: no images to fetch.\n"
    only_tracker = cli.article("tracked", TRACKER, ms=1700000001000)
    code, lines, _ = cli.run("fetch-images", only_tracker)
    assert [line["status"] for line in lines] == ["refused"]
    assert (net.connects, net.lookups) == ([], [])


def test_the_proxy_preference_is_the_one_asked(cli: Cli, server: Server, net: Net) -> None:
    """An http proxy (the loopback server) is asked for the image by its whole address; the
    image's host name goes to the proxy, not to a lookup here."""
    image = "http://pictures.example.org/p.png"
    server.bodies[image] = ("image/png", PICTURE)
    doc = cli.article("proxied", image)
    cli.root.joinpath("settings.json").write_text(
        json.dumps({"version": 2, "image_proxy": f"http://127.0.0.1:{server.port}"})
    )
    code, lines, err = cli.run("fetch-images", doc)
    assert code == 0, err
    assert [line["status"] for line in lines] == ["stored"]
    assert server.paths == [image]
    assert "pictures.example.org" not in net.lookups


def test_a_bad_proxy_fetches_nothing(cli: Cli, server: Server, net: Net) -> None:
    server.bodies["/a.png"] = ("image/png", PICTURE)
    doc = cli.article("direct", server.url("/a.png"))
    settings = cli.root / "settings.json"
    settings.write_text(json.dumps({"version": 2, "image_proxy": "sock5h://127.0.0.1:9050"}))
    code, lines, err = cli.run("fetch-images", doc)
    assert (code, lines) == (1, [])
    assert "image_proxy" in err
    assert "nothing was fetched" in err
    assert "sock5h" in err
    code, _, err = cli.run("fetch-images", doc, "--proxy", "socks5h://127.0.0.1")  # no port
    assert code == 2
    assert err.startswith("saved-reader: --proxy: ")
    assert (server.paths, net.connects) == ([], [])
    code, lines, _ = cli.run("fetch-images", doc, "--proxy", "none")  # for this run
    assert (code, [line["status"] for line in lines]) == (0, ["stored"])


def test_ctrl_c_stops_before_the_next_image_and_keeps_what_was_stored(
    cli: Cli, server: Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("a", "b", "c"):
        server.bodies[f"/{name}.png"] = ("image/png", PICTURE)
    urls = [server.url(f"/{name}.png") for name in ("a", "b", "c")]
    doc = cli.article("interrupted", *urls)
    real = reader.cli.images.fetch_image
    calls: list[str] = []

    def fetch(url: str, **kwargs: Any) -> Any:
        calls.append(url)
        if len(calls) == 2:
            raise KeyboardInterrupt  # Ctrl+C while the second image is asked for
        return real(url, **kwargs)

    monkeypatch.setattr(reader.cli.images, "fetch_image", fetch)
    code, lines, err = cli.run("fetch-images", doc)
    assert code == 130
    assert [line["url"] for line in lines] == [urls[0]]
    assert err == (
        "saved-reader: 1 image stored, 0 refused, 0 already there, in 1 article; "
        "interrupted (what was stored stays).\nsaved-reader: interrupted\n"
    )
    assert _stored(cli, *urls) == {urls[0]}
    monkeypatch.setattr(reader.cli.images, "fetch_image", real)
    code, lines, _ = cli.run("fetch-images", doc)  # running again completes it
    assert [line["status"] for line in lines] == ["already", "stored", "stored"]
    assert server.paths == ["/a.png", "/b.png", "/c.png"]


def test_a_store_that_cannot_be_written_is_said_and_exits_1(
    cli: Cli, server: Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    server.bodies["/a.png"] = ("image/png", PICTURE)
    server.bodies["/b.png"] = ("image/png", PICTURE)
    doc = cli.article("full", server.url("/a.png"), server.url("/b.png"))

    def full(self: ImageStore, *args: object) -> None:
        raise ImageStoreError(f"The image store {self.path} cannot be written: the disk is full")

    monkeypatch.setattr(ImageStore, "put", full)
    code, lines, err = cli.run("fetch-images", doc)
    assert (code, lines) == (1, [])
    assert server.paths == ["/a.png"]  # stopped at the first image it could not keep
    assert err.splitlines() == [
        "saved-reader: 0 images stored, 0 refused, 0 already there, in 1 article.",
        f"saved-reader: The image store {cli.root / 'images.sqlite3'} cannot be written: "
        "the disk is full",
    ]
