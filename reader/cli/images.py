"""``fetch-images``: the images of some articles fetched into the library's image store, on the
reader's terms (issue 12), as the window's Load images does.

    saved-reader fetch-images ID [ID ...]      these articles (archived or deleted ones too)
    saved-reader fetch-images --all            every article the All view lists

Each article's images (those its page shows as placeholders: ``placeholders.image_urls``) go
through ``fetching.article.fetch_images`` with the one downloader (``fetch.fetch_image``, its
default ``Limits``: size and time caps, trackers and the reader's own network refused) and the
``image_proxy`` preference (``--proxy`` for this run instead), read by ``parse_proxy``: a proxy
it does not take stops the command before any request, never a direct connection instead.
Each image is one JSON line on stdout as it is done (``Outcome.as_json``), then one line on
stderr sums up. An image the store holds is not asked for again, so a second run asks for
nothing; an article without images asks for nothing. Ctrl+C stops before the next image:
what was stored stays, and the summary says so.

No test hook: the tests run the command in-process and lead a connection to a public test
address onto a loopback server (tests/cli/test_fetch_images.py), so the limits tested are the
ones a reader gets.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

from reader.cli.commands import open_state, unknown_ids
from reader.cli.usage import PROG, UsageError
from reader.core.fetching.article import Outcome, Run, fetch_images
from reader.core.fetching.fetch import Fetched, Limits, Refused, fetch_image
from reader.core.fetching.proxies import Proxy, parse_proxy
from reader.core.library.images import ImageStore, ImageStoreError
from reader.core.library.query import Query, Show, select
from reader.core.library.store import Library
from reader.core.page.placeholders import image_urls
from reader.core.paths import data_dir
from reader.core.userdata.prefs import Preferences

LIMITS = Limits()


def cmd_fetch_images(args: argparse.Namespace) -> int:
    root = data_dir(args.data_dir)
    library = Library(root)
    try:
        ids = _articles(library, root, args)
        try:
            proxy = _proxy(root, args.proxy)
        except ProxySettingError as e:
            print(f"{PROG}: {e}", file=sys.stderr)
            return 1
        return _fetch_all(library, root, ids, proxy)
    finally:
        library.close()


def _articles(library: Library, root: Path, args: argparse.Namespace) -> list[str]:
    """The ids named (each must be in the library), or with ``--all`` those the All view
    lists (not archived, not deleted), newest first."""
    if args.all and args.ids:
        raise UsageError(
            "give article ids or --all, not both (see 'saved-reader fetch-images --help')."
        )
    if args.all:
        return select(library, open_state(root), Query(show=Show.ALL))
    if not args.ids:
        raise UsageError("say which articles: their ids, or --all (see 'saved-reader list').")
    ids = list(dict.fromkeys(args.ids))
    unknown = [doc_id for doc_id in ids if doc_id not in library]
    if unknown:
        raise unknown_ids(*unknown, undone="nothing was fetched" if len(ids) > 1 else "")
    return ids


def _proxy(root: Path, given: str | None) -> Proxy:
    """``--proxy``'s proxy when given (a bad one is a usage error), else the preference's (a
    bad one is said as the preference's, exit 1)."""
    if given is not None:
        try:
            return parse_proxy(given)
        except ValueError as e:
            raise UsageError(f"--proxy: {e}.") from None
    prefs = Preferences(root)
    if prefs.warning:
        print(f"{PROG}: {prefs.warning}", file=sys.stderr)
    try:
        return parse_proxy(prefs.image_proxy)
    except ValueError as e:
        raise ProxySettingError(
            f"the image proxy in the preferences ({prefs.path}: image_proxy) is not one we "
            f"take, so nothing was fetched: {e}. Set it in Preferences > Images, or give "
            "--proxy for this run."
        ) from None


class ProxySettingError(Exception):
    """The proxy preference is not one ``parse_proxy`` takes: exit 1."""


def _fetch_all(library: Library, root: Path, ids: list[str], proxy: Proxy) -> int:
    def fetch(url: str) -> Fetched | Refused:
        return fetch_image(url, limits=LIMITS, proxy=proxy)

    tally = Tally()
    run = Run()  # what this run met: nothing is asked twice in it
    try:
        with ImageStore(root) as store:
            for doc_id in ids:
                doc = library.get(doc_id)
                urls = image_urls(doc.html or "") if doc is not None else []
                tally.articles += bool(urls)
                for outcome in fetch_images(urls, store, fetch, run=run):
                    line = json.dumps(outcome.as_json(doc_id), ensure_ascii=False)
                    print(line, flush=True)
                    tally.add(outcome)
    except KeyboardInterrupt:
        print(f"{PROG}: {tally.summary()}; interrupted (what was stored stays).", file=sys.stderr)
        raise
    except ImageStoreError as e:
        print(f"{PROG}: {tally.summary()}.", file=sys.stderr)
        print(f"{PROG}: {e}", file=sys.stderr)
        return 1
    print(f"{PROG}: {tally.summary()}.", file=sys.stderr)
    return 0


class Tally:
    """How many images were stored, refused, already there, and in how many articles."""

    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()
        self.articles = 0  # articles with images

    def add(self, outcome: Outcome) -> None:
        self.counts[outcome.status] += 1

    def summary(self) -> str:
        """ "12 images stored, 3 refused, 40 already there, in 5 articles"."""
        if not self.articles:
            return "no images to fetch"
        stored, refused, already = (self.counts[s] for s in ("stored", "refused", "already"))
        return (
            f"{_n(stored, 'image')} stored, {refused:,} refused, {already:,} already there, "
            f"in {_n(self.articles, 'article')}"
        )


def _n(count: int, thing: str) -> str:
    return f"{count:,} {thing}{'' if count == 1 else 's'}"
