"""The duty-machine/news sample imports with the exact titles, URLs and dates of its manifest."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from reader.core.importing.pipeline import import_paths
from reader.core.library.store import Library
from reader.core.model import ImportResult, Status, iso_utc

NOT_ARTICLES = {"README.md", "manifest.jsonl", "provenance.tsv"}


@dataclass(frozen=True)
class Imported:
    library: Library
    results: dict[str, ImportResult]  # by path relative to the news folder


def _manifest(news_dir: Path) -> list[dict[str, object]]:
    lines = (news_dir / "manifest.jsonl").read_text(encoding="utf-8").splitlines()
    entries = [json.loads(line) for line in lines if line.strip()]
    assert len(entries) == 69, "the README says the sample holds 69 article files"
    return entries


def _import_folder(root: Path, news_dir: Path) -> tuple[Library, dict[str, ImportResult]]:
    library = Library(root)
    results: dict[str, ImportResult] = {}
    for result in import_paths(library, [news_dir]):
        relative = Path(result.path).relative_to(news_dir).as_posix()
        assert relative not in results, f"{relative} was imported twice"
        results[relative] = result
    return library, results


@pytest.fixture(scope="module")
def manifest(news_dir: Path) -> list[dict[str, object]]:
    return _manifest(news_dir)


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory, news_dir: Path) -> Iterator[Imported]:
    library, results = _import_folder(tmp_path_factory.mktemp("news-library"), news_dir)
    yield Imported(library, results)
    library.close()


def test_folder_import_takes_exactly_the_manifest_files(
    imported: Imported, manifest: list[dict[str, object]]
) -> None:
    assert set(imported.results) == {entry["path"] for entry in manifest}
    assert not NOT_ARTICLES & {Path(p).name for p in imported.results}
    errors = {p: r.error for p, r in imported.results.items() if r.status is not Status.ADDED}
    assert errors == {}
    assert len(imported.library) == len(manifest)


# Titles the reader shows cleaned (issue 8: escaped quotes without backslashes, no site name);
# the manifest keeps them byte for byte as the files write them.
CLEANED_TITLES = {
    "BBC/1047474_中国品牌\\“囚爱\\“男性贞操锁安全隐患曝光：黑客或可远程锁定.md": (  # noqa: RUF001
        "中国品牌“囚爱“男性贞操锁安全隐患曝光：黑客或可远程锁定"  # noqa: RUF001
    ),
    "法广/1042081.md": "出手助难民 梵蒂冈将在罗马开设接待营",
    "法广/1042125_美国总统大选民调可信不可信? - 美国专栏.md": "美国总统大选民调可信不可信?",
    "法广/1048000.md": "西雅图反警暴抗议区屡传枪响 警清场逮捕31人",
}


def test_every_file_has_the_manifest_title_url_and_date(
    imported: Imported, manifest: list[dict[str, object]]
) -> None:
    assert set(CLEANED_TITLES) <= {entry["path"] for entry in manifest}
    for entry in manifest:
        result = imported.results[str(entry["path"])]
        assert result.id is not None
        row = imported.library.row(result.id)
        title = CLEANED_TITLES.get(str(entry["path"]), entry["title"])
        assert (row.title, row.url, row.published) == (
            title,
            entry["url"],
            entry["published_ms"],
        ), entry["path"]
        assert result.title == title
        host = urlsplit(str(entry["url"])).hostname or ""
        assert row.source == host.removeprefix("www."), entry["path"]


def test_backslash_quote_title_is_shown_without_its_backslashes(imported: Imported) -> None:
    (path,) = [p for p in imported.results if p.startswith("BBC/1047474_")]
    result = imported.results[path]
    assert result.title is not None
    assert result.title.startswith("中国品牌“囚爱“男性贞操锁")


def test_importing_the_folder_again_changes_nothing(imported: Imported, news_dir: Path) -> None:
    before = list(imported.library.ids())
    again = list(import_paths(imported.library, [news_dir]))
    assert len(again) == len(imported.results)
    assert {r.status for r in again} == {Status.UNCHANGED}
    assert {r.id for r in again} == {r.id for r in imported.results.values()}
    imported.library.catalog.reload()
    assert imported.library.ids() == before


def test_ids_are_the_same_in_two_fresh_libraries(
    imported: Imported, news_dir: Path, tmp_path: Path
) -> None:
    other, results = _import_folder(tmp_path / "other", news_dir)
    try:
        assert {p: r.id for p, r in results.items()} == {
            p: r.id for p, r in imported.results.items()
        }
        assert len({r.id for r in results.values()}) == len(results), "two files share an id"
    finally:
        other.close()


def test_documents_have_text_and_no_active_content(imported: Imported) -> None:
    for path, result in imported.results.items():
        assert result.id is not None
        doc = imported.library.get(result.id)
        assert doc is not None
        assert doc.format == "news-mirror", path
        assert doc.text.strip(), f"{path} has no text"
        assert "<script" not in doc.html.lower(), path
        assert "<iframe" not in doc.html.lower(), path
    # The DW video item (a <video> and one line of text) keeps its video as a link.
    video = imported.library.get(str(imported.results["dw/1030000.md"].id))
    assert video is not None
    assert "<video" not in video.html
    assert 'href="https://tvdownloaddw-a.akamaihd.net/' in video.html


def test_the_seed_sample_imports(library: Library, seed_file: Path) -> None:
    (result,) = import_paths(library, [seed_file])
    assert result.status is Status.ADDED, result.error
    assert result.id is not None
    row = library.row(result.id)
    assert row.title == "澳英美正探讨日本参与奥库斯协议 共同开发先进防务能力"
    assert iso_utc(row.published) == "2024-03-03T15:15:01Z"
    assert row.source == "rfi.fr"
