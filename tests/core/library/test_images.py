"""The image store (issue 12): images kept by URL and read back after reopening, refusals
kept with their reason and gone when the image comes, a write that fails said plainly."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from reader.core.library.images import DB_NAME, ImageStore, ImageStoreError, StoredImage


def test_an_image_is_kept_and_read_back_after_reopening(tmp_path: Path) -> None:
    with ImageStore(tmp_path) as store:
        store.put("https://a.test/1.png", "png", b"\x89PNG-bytes", 40, 30)
    with ImageStore(tmp_path) as store:
        assert store.get("https://a.test/1.png") == StoredImage("png", b"\x89PNG-bytes")
        assert store.get("https://a.test/2.png") is None
        assert store.count() == (1, len(b"\x89PNG-bytes"))


def test_states_say_what_is_stored_and_why_others_were_refused(tmp_path: Path) -> None:
    with ImageStore(tmp_path) as store:
        store.put("https://a.test/1.png", "png", b"x", None, None)
        store.refuse("https://a.test/2.png", "not an image (text/html)")
        urls = [f"https://a.test/{n}.png" for n in range(1, 4)] * 300  # past one query's chunk
        states = store.states(urls)
        assert states.stored == {"https://a.test/1.png"}
        assert states.reason("https://a.test/2.png") == "not an image (text/html)"
        assert states.reason("https://a.test/3.png") is None
        store.put("https://a.test/2.png", "gif", b"GIF89a", 2, 2)  # fetched on a later try
        states = store.states(urls)
        assert states.stored == {"https://a.test/1.png", "https://a.test/2.png"}
        assert states.reason("https://a.test/2.png") is None


def test_a_store_that_cannot_be_written_says_which_file_and_why(tmp_path: Path) -> None:
    with ImageStore(tmp_path) as store:
        store.put("https://a.test/1.png", "png", b"x", None, None)
        # a connection SQLite will not write through (as a full disk or a read-only file
        # would refuse; a chmod does not stop root)
        store._db.close()
        store._db = sqlite3.connect(f"file:{tmp_path / DB_NAME}?mode=ro", uri=True)
        with pytest.raises(ImageStoreError, match=f"{DB_NAME} cannot be written: .*readonly"):
            store.put("https://a.test/2.png", "png", b"y", None, None)
        assert store.get("https://a.test/1.png") == StoredImage("png", b"x")


def test_a_damaged_store_is_said_when_opened_and_knows_nothing_when_read(tmp_path: Path) -> None:
    (tmp_path / DB_NAME).write_bytes(b"this is not a database" * 100)
    with pytest.raises(ImageStoreError, match="cannot be opened"):
        ImageStore(tmp_path)
