"""The program's log records go to the data folder's log file, never to the terminal."""

from __future__ import annotations

import logging
from pathlib import Path

from reader.cli import main
from reader.logs import LOG_NAME, log_to


def _reset() -> None:
    logger = logging.getLogger("reader")
    for handler in list(logger.handlers):
        logger.removeHandler(handler)
        handler.close()


def test_records_go_to_the_log_file_of_the_library_in_use(tmp_path: Path, capsys):
    first, second = tmp_path / "one", tmp_path / "two"
    first.mkdir()
    second.mkdir()
    try:
        assert log_to(first) == first / LOG_NAME
        assert not (first / LOG_NAME).exists()  # nothing written before the first record
        logging.getLogger("reader.core.repair.rebuild").warning("one converter failed")
        log_to(second)  # another library: the file changes, no second handler
        logging.getLogger("reader.core.repair.salvage").info("an old original is unreadable")
        logging.getLogger("reader.core.repair.salvage").debug("not at this level")
    finally:
        _reset()
    one = (first / LOG_NAME).read_text(encoding="utf-8")
    two = (second / LOG_NAME).read_text(encoding="utf-8")
    assert "WARNING reader.core.repair.rebuild: one converter failed" in one
    assert "an old original" not in one
    assert "INFO reader.core.repair.salvage: an old original is unreadable" in two
    assert "not at this level" not in two
    assert capsys.readouterr() == ("", "")


def test_a_log_that_cannot_be_written_says_nothing(tmp_path: Path, capsys):
    try:
        log_to(tmp_path / "missing" / "folder")
        try:
            raise ValueError("inside")
        except ValueError:
            logging.getLogger("reader.ui.listing.searcher").warning("failed", exc_info=True)
    finally:
        _reset()
    assert capsys.readouterr() == ("", "")


def test_the_command_line_logs_to_its_data_folder(tmp_path: Path, capsys):
    data = tmp_path / "data"
    try:
        assert main(["--data-dir", str(data), "list"]) == 0
        logging.getLogger("reader.core.repair.rebuild").warning("said after a command")
    finally:
        _reset()
    assert "said after a command" in (data / LOG_NAME).read_text(encoding="utf-8")
    assert "Traceback" not in capsys.readouterr().err
