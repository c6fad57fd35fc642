"""An article's images fetched into the store (issue 12): each asked for once, in order; what
the store holds never asked again; refusals kept with their reason; the article's total cap;
cancel between images. The downloader is a stand-in here that records what it is asked
(its own requests are proved against a loopback server in test_fetch.py)."""

from __future__ import annotations

from pathlib import Path

from reader.core.fetching.article import Run, blocked, fetch_images
from reader.core.fetching.fetch import Fetched, Refused
from reader.core.library.images import ImageStore

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 100


class Downloader:
    def __init__(self, answers: dict[str, Fetched | Refused]) -> None:
        self.answers = answers
        self.asked: list[str] = []

    def __call__(self, url: str) -> Fetched | Refused:
        self.asked.append(url)
        return self.answers.get(url, Refused("the server answered 404 Not Found"))


def _png(url: str, size: int = len(PNG)) -> Fetched:
    return Fetched(url, "png", PNG + b"\0" * max(0, size - len(PNG)), 40, 30)


HTML = (
    '<p><a class="sr-media" href="https://a.test/1.png">[Image: one]</a></p>'
    '<p><a class="sr-media" href="https://b.test/2.png">[Image]</a>'
    '<a class="sr-media" href="https://a.test/3.png">[Image]</a>'
    '<a class="sr-media" href="https://v.test/v.mp4">[Video]</a></p>'
)


def test_blocked_lists_the_images_not_stored_and_their_hosts_most_first(tmp_path: Path) -> None:
    with ImageStore(tmp_path) as store:
        found = blocked(HTML, store)
        assert found.urls == (
            "https://a.test/1.png",
            "https://b.test/2.png",
            "https://a.test/3.png",
        )
        assert found.hosts == ("a.test", "b.test")
        store.put("https://a.test/1.png", "png", PNG, 40, 30)
        assert blocked(HTML, store).urls == ("https://b.test/2.png", "https://a.test/3.png")
        assert len(blocked("<p>text</p>", store)) == 0
        pixels = (
            '<a class="sr-media" href="https://x.list-manage.com/track/open.php?u=1">[Image]</a>'
            '<a class="sr-media" href="https://www.facebook.com/tr?id=1&amp;ev=PageView">[Image]'
            '</a><a class="sr-media" href="https://c.test/4.png">[Image]</a>'
        )
        found = blocked(pixels, store)
        assert found.urls == ("https://c.test/4.png",)  # the trackers: counted, not offered
        assert found.hosts == ("c.test",)
        assert found.trackers == 2


def test_each_image_is_asked_once_stored_or_refused_and_never_asked_again_once_stored(
    tmp_path: Path,
) -> None:
    urls = blocked(HTML, None).urls
    fetch = Downloader({urls[0]: _png(urls[0]), urls[2]: Refused("not an image (text/html)")})
    with ImageStore(tmp_path) as store:
        outcomes = list(fetch_images(urls, store, fetch))
        assert fetch.asked == list(urls)
        assert [o.status for o in outcomes] == ["stored", "refused", "refused"]
        assert outcomes[2].reason == "not an image (text/html)"
        assert outcomes[0].as_json("doc1") == {
            "id": "doc1",
            "url": urls[0],
            "status": "stored",
            "bytes": len(PNG),
        }
        states = store.states(urls)
        assert states.stored == {urls[0]}
        assert states.reason(urls[1]) == "the server answered 404 Not Found"
        # Asked again: the stored one is not; the refused ones are (they may come now).
        fetch.asked.clear()
        again = list(fetch_images(urls, store, fetch))
        assert [o.status for o in again] == ["already", "refused", "refused"]
        assert fetch.asked == list(urls[1:])


def test_the_articles_total_cap_keeps_what_fits_and_asks_nothing_past_it(tmp_path: Path) -> None:
    urls = [f"https://a.test/{n}.png" for n in range(5)]
    fetch = Downloader({url: _png(url, 400) for url in urls})
    with ImageStore(tmp_path) as store:
        outcomes = list(fetch_images(urls, store, fetch, limit=1000))
        assert [o.status for o in outcomes] == ["stored", "stored", "refused", "refused", "refused"]
        assert fetch.asked == urls[:3]  # the third was fetched, found too big, and not kept
        assert "would pass 1,000 bytes" in outcomes[2].reason
        assert store.states(urls).stored == set(urls[:2])


def test_cancel_stops_before_the_next_image(tmp_path: Path) -> None:
    urls = [f"https://a.test/{n}.png" for n in range(5)]
    fetch = Downloader({url: _png(url) for url in urls})
    with ImageStore(tmp_path) as store:
        outcomes = []
        for outcome in fetch_images(urls, store, fetch, cancelled=lambda: len(fetch.asked) >= 2):
            outcomes.append(outcome)
        assert fetch.asked == urls[:2]
        assert len(outcomes) == 1  # the second, cancelled while asked: dropped
        assert store.states(urls).stored == {urls[0]}


def test_a_batch_does_not_ask_again_for_what_was_refused_before(tmp_path: Path) -> None:
    urls = ["https://a.test/1.png", "https://a.test/2.png"]
    fetch = Downloader({urls[0]: _png(urls[0])})
    with ImageStore(tmp_path) as store:
        store.refuse(urls[1], "timed out after 15 s")
        outcomes = list(fetch_images(urls, store, fetch, retry=False))
        assert fetch.asked == urls[:1]
        assert outcomes[1].reason == "timed out after 15 s"


def test_a_host_not_reached_is_not_asked_again_in_the_run_and_the_proxy_stops_all(
    tmp_path: Path,
) -> None:
    urls = ["https://down.test/1.png", "https://down.test/2.png", "https://up.test/3.png"]
    offline = Refused("could not find down.test (offline, or no such site)", "down.test")
    fetch = Downloader({urls[0]: offline, urls[2]: _png(urls[2])})
    run = Run()
    with ImageStore(tmp_path) as store:
        outcomes = list(fetch_images(urls, store, fetch, run=run))
        assert fetch.asked == [urls[0], urls[2]]  # one lookup for down.test, not two
        assert outcomes[1].reason == offline.reason
        assert store.states(urls).reason(urls[1]) == offline.reason  # its box says why
        assert run.down == {"down.test": offline.reason}
        # the next article of the same run: down.test is not asked at all
        fetch.asked.clear()
        list(fetch_images(["https://down.test/9.png"], store, fetch, run=run))
        assert fetch.asked == []
        # the proxy down: nothing more is asked, whatever the host
        proxy = Refused("could not connect to the proxy socks5h://127.0.0.1:9050 (…)", "*")
        fetch = Downloader({"https://a.test/1.png": proxy})
        others = ["https://a.test/1.png", "https://b.test/2.png", "https://c.test/3.png"]
        outcomes = list(fetch_images(others, store, fetch))
        assert fetch.asked == others[:1]
        assert {o.reason for o in outcomes} == {proxy.reason}


def test_an_image_refused_in_a_run_is_not_asked_again_by_the_next_article_even_on_retry(
    tmp_path: Path,
) -> None:
    shared = "https://a.test/shared.png"
    fetch = Downloader({})  # every image: 404
    run = Run()
    with ImageStore(tmp_path) as store:
        list(fetch_images([shared, "https://a.test/1.png"], store, fetch, run=run, retry=True))
        list(fetch_images([shared, "https://a.test/2.png"], store, fetch, run=run, retry=True))
        assert fetch.asked.count(shared) == 1
        list(fetch_images([shared], store, fetch, retry=True))  # a new run asks again
        assert fetch.asked.count(shared) == 2
