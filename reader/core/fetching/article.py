"""An article's images fetched into the library's image store, when the reader asks.

``blocked`` says what an article's page would load if allowed: the images its placeholders
point to (``placeholders.image_urls``) that the store does not hold and that are not tracking
pixels (``trackers``: those are only counted, never asked for), and which hosts would be
asked (an image proxy's, ``images.weserv.nl``, where the feed put one: the box names the
image's own host, the bar who is asked).
``fetch_images`` asks for each once, in order, through the one downloader
(``fetch.fetch_image``: its checks, its proxy, the reader's network refused), keeps what comes
(``ImageStore.put``) and why the rest did not (``ImageStore.refuse``), and says each outcome
as it goes: the window shows progress from it, the CLI prints it as JSON lines. An image the
store holds is never asked for again; a refused one is asked for again only when the reader
asks for that article's images again (it may have been a timeout), not by a batch; once a
host could not be reached (no address, no answer in time, refused) its other images are
refused with the same reason, unasked, for the rest of the article (a site that is down, or
the reader offline, costs one timeout, not one per image). An
article's images together stop at ``ARTICLE_LIMIT`` bytes: the image that would pass it is
not kept, and those after it are refused with that reason, unasked.

Used by the window (ui/reading/pictures.py: Load images, always-load sources, after an
import) and the CLI (``fetch-images``); Qt-free.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Literal
from urllib.parse import urlsplit

from reader.core.fetching.results import Fetched, Refused
from reader.core.fetching.trackers import tracker_of
from reader.core.library.images import ImageStates, ImageStore
from reader.core.page.placeholders import image_urls

ARTICLE_LIMIT = 40 * 1024 * 1024  # bytes of one article's images together

Fetch = Callable[[str], Fetched | Refused]


@dataclass(frozen=True, slots=True)
class Blocked:
    """The images of an article not in the store: their URLs in order, and their hosts, the
    most frequent first."""

    urls: tuple[str, ...]
    hosts: tuple[str, ...]  # of those not refused before (of all, when all were)
    trackers: int = 0  # tracking pixels among the article's images: never asked for
    refused: dict[str, str] = field(default_factory=dict)  # those refused before, and why

    def __len__(self) -> int:
        return len(self.urls)

    @property
    def new(self) -> int:
        """How many were never asked for (or not since they were refused)."""
        return len(self.urls) - len(self.refused)

    def reason(self) -> str:
        """The reason most of those refused before were, or ""."""
        if not self.refused:
            return ""
        counts = Counter(self.refused.values())
        return max(counts, key=lambda reason: counts[reason])


@dataclass(frozen=True, slots=True)
class Outcome:
    """What became of one image: ``stored`` (now, or already), else ``refused`` with why."""

    url: str
    status: Literal["stored", "already", "refused"]
    reason: str = ""
    size: int = 0  # bytes stored

    def as_json(self, doc_id: str) -> dict[str, object]:
        found: dict[str, object] = {"id": doc_id, "url": self.url, "status": self.status}
        if self.reason:
            found["reason"] = self.reason
        if self.status == "stored":
            found["bytes"] = self.size
        return found


def blocked(html: str, store: ImageStore | None) -> Blocked:
    """The images ``html`` (an article, sanitized) shows as placeholders that ``store``
    does not hold (all of them without a store)."""
    urls = image_urls(html)
    states = store.states(urls) if store is not None and urls else ImageStates()
    urls = [url for url in urls if url not in states.stored]
    pictures = [url for url in urls if not _tracker(url)]
    refused = {url: reason for url in pictures if (reason := states.reason(url))}
    fresh = [url for url in pictures if url not in refused] or pictures
    counts = Counter(host for url in fresh if (host := _request_host(url)))
    hosts = sorted(counts, key=lambda host: -counts[host])  # (stable: first seen first)
    return Blocked(tuple(pictures), tuple(hosts), len(urls) - len(pictures), refused)


def _tracker(url: str) -> bool:
    host = _request_host(url)
    return bool(host) and tracker_of(host, _path(url)) is not None


def _path(url: str) -> str:
    try:
        return urlsplit(url).path
    except ValueError:
        return ""


def _request_host(url: str) -> str:
    """The host a request for ``url`` goes to (an image proxy's, not the image's own: the
    reader is told who is asked)."""
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""


@dataclass
class Run:
    """What one run (an article's load, a batch of articles, a ``fetch-images`` command) has
    met so far, so that nothing is asked twice in it."""

    down: dict[str, str] = field(default_factory=dict)  # hosts not reached ("*": the proxy)
    refused: dict[str, str] = field(default_factory=dict)  # images refused, and why


def fetch_images(
    urls: Iterable[str],
    store: ImageStore,
    fetch: Fetch,
    *,
    limit: int = ARTICLE_LIMIT,
    cancelled: Callable[[], bool] = lambda: False,
    retry: bool = True,
    run: Run | None = None,
) -> Iterator[Outcome]:
    """Each of ``urls`` (one article's images) fetched into ``store`` unless it is there,
    and what became of it, as it happens; stops before the next image once ``cancelled()``,
    and drops the answer of the one asked meanwhile.
    One refused before is asked for again only with ``retry`` (the reader asked for this
    article's images; not when loading by themselves, or for many articles at once).
    ``run``: what the run this article is part of met so far (hosts not reached, images
    refused: not asked again in it); this call adds what it meets.
    Raises ImageStoreError when the store cannot be written (a full disk): what was stored
    before stays."""
    wanted = list(dict.fromkeys(urls))
    states = store.states(wanted)
    held = states.stored
    total, full = 0, False
    run = Run() if run is None else run
    down = run.down
    for url in wanted:
        if cancelled():
            return
        if url in held:
            yield Outcome(url, "already")
            continue
        before = run.refused.get(url) or (None if retry else states.reason(url))
        if before is not None:
            yield Outcome(url, "refused", before)  # (not asked again)
            continue
        over = f"the article's images would pass {_size(limit)}"
        if full:
            yield Outcome(url, "refused", over)  # (not asked for)
            continue
        host = _request_host(url)
        reason = down.get(host) or down.get("*")
        got = Refused(reason) if reason else fetch(url)  # (not asked: its host is down)
        if cancelled():
            return  # (cancelled while it was asked: its answer is neither kept nor said)
        if isinstance(got, Refused) and got.unreachable:
            down[got.unreachable] = got.reason
        if isinstance(got, Fetched) and total + len(got.data) > limit:
            full = True
        if isinstance(got, Refused) or full:
            reason = got.reason if isinstance(got, Refused) else over
            store.refuse(url, reason)
            run.refused[url] = reason
            yield Outcome(url, "refused", reason)
            continue
        store.put(url, got.kind, got.data, got.width, got.height)
        total += len(got.data)
        yield Outcome(url, "stored", size=len(got.data))


def _size(n: int) -> str:
    mb = 1024 * 1024
    return f"{n // mb} MB" if n >= mb else f"{n:,} bytes"
