"""The image store (issue 12): images kept by URL and read back after reopening, refusals
kept with their reason and gone when the image comes, a write that fails said plainly."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
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


_WRITER = """
import sys
from pathlib import Path
from reader.core.library.images import ImageStore
store = ImageStore(Path(sys.argv[1]))
n = 0
while True:
    data = bytes([n % 251]) * (50_000 + n)
    store.put(f"https://a.test/{n}.png", "png", data, None, None)
    n += 1
    if n == 5:
        print("written", flush=True)
"""


def test_images_stored_before_a_kill_9_are_whole_and_the_store_opens(tmp_path: Path) -> None:
    child = subprocess.Popen(
        [sys.executable, "-c", _WRITER, str(tmp_path)], stdout=subprocess.PIPE, text=True
    )
    assert child.stdout is not None
    assert child.stdout.readline().strip() == "written"
    time.sleep(0.3)  # writing on
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    with ImageStore(tmp_path) as store:
        count, _ = store.count()
        assert count >= 5
        urls = [f"https://a.test/{n}.png" for n in range(count + 5)]
        assert store.states(urls).stored == set(urls[:count])  # the first ones, no gap
        for n in range(count):
            assert store.get(urls[n]) == StoredImage("png", bytes([n % 251]) * (50_000 + n))
        assert store._db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
