"""Start an installed Saved Reader as a user would and check what it does; one line per check.

    PYTHON check_install.py wheel     PYTHON: the Python of a venv the wheel was installed into
    PYTHON check_install.py app APP   APP: a PyInstaller build's executable; PYTHON needs PySide6

Run it from outside the checkout (packaging/check_wheel.sh and packaging/build_app.sh cd to
/tmp first), so that ``import reader`` finds the installed copy. Each check prints ``ok``
or ``FAIL`` and what it saw; the exit status is 1 if any failed. Every run gets a fresh data
folder, XDG_DATA_HOME and XDG_RUNTIME_DIR in a temporary folder, and QT_QPA_PLATFORM=offscreen.
"""

# ruff: noqa: RUF001  (the generated articles are Chinese, with its full-width punctuation)
from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

FAILED: list[str] = []


def check(name: str, ok: bool, detail: str) -> bool:
    print(f"{'ok  ' if ok else 'FAIL'} {name}: {detail}", flush=True)
    if not ok:
        FAILED.append(name)
    return ok


def run(cmd: list[str], env: dict[str, str], timeout: float = 120) -> tuple[int, str, str, float]:
    start = time.perf_counter()
    proc = subprocess.run(
        cmd, env=env, capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL
    )
    return proc.returncode, proc.stdout, proc.stderr, time.perf_counter() - start


def png_summary(path: Path) -> tuple[bool, str]:
    """Whether the PNG shows something (not one flat colour), and its size and colour count."""
    if not path.is_file():
        return False, f"{path} was not written"
    from PySide6.QtGui import QImage  # QImage reads a PNG without a QGuiApplication

    image = QImage(str(path))
    if image.isNull():
        return False, f"{path} is not a readable PNG ({path.stat().st_size} bytes)"
    w, h = image.width(), image.height()
    colours = {image.pixel(x, y) for x in range(0, w, max(1, w // 64)) for y in range(0, h, 4)}
    ok = w >= 200 and h >= 200 and len(colours) >= 8
    return ok, f"{w}x{h}, {len(colours)} colours sampled, {path.stat().st_size // 1024} KiB"


def fresh_env(tmp: Path) -> dict[str, str]:
    env = dict(os.environ)
    runtime = tmp / "runtime"
    runtime.mkdir(mode=0o700, exist_ok=True)
    env.update(
        QT_QPA_PLATFORM="offscreen",
        XDG_DATA_HOME=str(tmp / "xdg-data"),
        XDG_RUNTIME_DIR=str(runtime),
        READER_DATA_DIR=str(tmp / "unused-data"),  # --data-dir is given; this must stay empty
        HOME=str(tmp / "home"),
    )
    env.pop("PYTHONPATH", None)
    return env


def screenshot(cmd: list[str], env: dict[str, str], data: Path, png: Path, extra=()) -> None:
    code, _, err, took = run([*cmd, "--data-dir", str(data), *extra, "--screenshot", str(png)], env)
    ok, detail = png_summary(png)
    check(
        f"--screenshot {' '.join(extra)}".replace("  ", " ").strip(),
        code == 0 and ok and not err.strip(),
        f"exit {code}, {detail}, {took:.1f} s"
        + (f", stderr: {err.strip()[:300]!r}" if err.strip() else ""),
    )


def watched(
    cmd: list[str], env: dict[str, str], watch: Callable[[], set[int]] | None
) -> tuple[subprocess.Popen[str], str, str, float, set[int]]:
    """Run ``cmd``; ``watch`` (if given) is sampled every 10 ms while it runs."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        cmd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        stdin=subprocess.DEVNULL,
    )
    seen: set[int] = set()
    if watch is not None:
        while proc.poll() is None:
            seen |= watch()
            time.sleep(0.01)
    out, err = proc.communicate(timeout=300)
    return proc, out, err, time.perf_counter() - start, seen


def processes_ended(
    main: int, seen: set[int], watch: Callable[[], set[int]], least: int, what: str
) -> None:
    """At least ``least`` helper processes ran besides ``main``, and none is left 5 s after."""
    helpers = seen - {main}
    check(
        "worker processes",
        len(helpers) >= least,
        f"{len(helpers)} processes of the app besides the one started ({what})",
    )
    deadline = time.monotonic() + 5
    while (left := watch()) and time.monotonic() < deadline:
        time.sleep(0.1)
    check("all ended with it", not left, f"{len(left)} still running {sorted(left)}")


def import_and_show(
    cmd: list[str],
    env: dict[str, str],
    data: Path,
    folder: Path,
    tmp: Path,
    expect: int,
    watch: Callable[[], set[int]] | None = None,
) -> None:
    """Import ``folder``; ``watch`` (if given) is sampled while it runs: the set of pids of the
    app's processes, to count the worker processes and see that none outlives the import."""
    proc, out, err, took, seen = watched(
        [*cmd, "--data-dir", str(data), "import", str(folder)], env, watch
    )
    rows = [json.loads(line) for line in out.splitlines() if line.strip()]
    added = sum(r["status"] == "added" for r in rows)
    bad = [w for w in ("Traceback", "leaked", "Error", "error:") if w in err]
    check(
        f"import {expect} files",
        proc.returncode == 0 and added == expect and not bad,
        f"exit {proc.returncode}, {added} added of {len(rows)}, {took:.1f} s; "
        f"stderr's last line: {err.strip().splitlines()[-1] if err.strip() else ''!r}",
    )
    if watch is not None:
        processes_ended(proc.pid, seen, watch, 2, "the forkserver and its workers")
    code, out, err, _ = run([*cmd, "--data-dir", str(data), "list", "--json"], env)
    try:
        ids = [row["id"] for row in json.loads(out)]
    except (ValueError, TypeError, KeyError):
        ids = []
    check("list --json", code == 0 and len(ids) == expect, f"exit {code}, {len(ids)} articles")
    if ids:
        screenshot(cmd, env, data, tmp / "article.png", ("--open", ids[0]))


def desktop(program: Path, env: dict[str, str]) -> None:
    """--install-desktop writes a launcher whose Exec= runs ``program``; uninstall removes it."""
    app_id = "io.github.savedreader.SavedReader"
    code, _, err, _ = run([str(program), "--install-desktop"], env)
    launcher = Path(env["XDG_DATA_HOME"]) / "applications" / f"{app_id}.desktop"
    text = launcher.read_text("utf-8") if launcher.is_file() else ""
    exec_line = next((ln for ln in text.splitlines() if ln.startswith("Exec=")), "")
    icons = list((Path(env["XDG_DATA_HOME"]) / "icons" / "hicolor").glob(f"*/apps/{app_id}.*"))
    check(
        "--install-desktop",
        code == 0 and str(program) in exec_line and len(icons) == 9,
        f"exit {code}, {exec_line or err.strip()!r}, {len(icons)} icon files",
    )
    code, _, _, _ = run([str(program), "--uninstall-desktop"], env)
    check("--uninstall-desktop", code == 0 and not launcher.exists(), f"exit {code}")


def check_wheel() -> None:
    site = Path(sysconfig.get_paths()["purelib"]).resolve()
    import reader
    from reader import assets

    where = Path(reader.__file__).resolve()
    check("reader imported from", where.is_relative_to(site), str(where.parent))
    icons = assets.icon_files()
    check(
        "icons from the wheel",
        len(icons) == len(assets.ICON_SIZES) + 1
        and all(p.resolve().is_relative_to(site) for p in icons),
        f"{len(icons)} files in {assets.icon_theme_dir()}",
    )
    samples = sorted(p for p in assets.sample_dir().iterdir() if p.is_file())
    check(
        "sample from the wheel",
        bool(samples) and assets.sample_dir().resolve().is_relative_to(site),
        f"{len(samples)} file(s) in {assets.sample_dir()}",
    )
    for f in (assets.desktop_file(), assets.metainfo_file()):
        check(f.name, f.is_file() and f.resolve().is_relative_to(site), str(f))

    bindir = Path(sys.executable).parent
    script = bindir / ("saved-reader.exe" if os.name == "nt" else "saved-reader")
    with tempfile.TemporaryDirectory(prefix="check-wheel-") as t:
        tmp = Path(t)
        env = fresh_env(tmp)
        for cmd in ([str(script)], [sys.executable, "-m", "reader"]):
            code, out, err, took = run([*cmd, "--version"], env)
            check(
                " ".join(Path(c).name for c in cmd) + " --version",
                code == 0 and "0." in out,
                f"exit {code}, {out.strip() or err.strip()!r}, {took:.1f} s",
            )
        screenshot([str(script)], env, tmp / "data", tmp / "welcome.png")
        import_and_show([str(script)], env, tmp / "data", assets.sample_dir(), tmp, len(samples))
        desktop(script, env)
        window_icon(env)
        check(
            "nothing written to the default data folder",
            not Path(env["READER_DATA_DIR"]).exists(),
            env["READER_DATA_DIR"],
        )


WINDOW_ICON = """
from PySide6.QtWidgets import QApplication
app = QApplication(["x", "-platform", "offscreen"])
from reader.ui.app import app_icon
print(" ".join(str(s.width()) for s in app_icon().availableSizes()))
"""


def window_icon(env: dict[str, str]) -> None:
    """The icon the window and the task bar get: every PNG size, read by Qt from the wheel."""
    from reader.assets import ICON_SIZES

    code, out, err, took = run([sys.executable, "-c", WINDOW_ICON], env)
    sizes = out.split()
    check(
        "window icon",
        code == 0 and sizes == [str(n) for n in ICON_SIZES],
        f"sizes {' '.join(sizes) or err.strip()!r}, {took:.1f} s",
    )


MIRROR_BODY = (
    "<div>0{d}/03/2024 - 15:{m:02d}</div>"
    "<p><strong>第{i}篇：镜像测试文章，检查打包后的导入。</strong></p>"
    "<p>这是一段用于测试的中文正文，第{i}篇，包含足够的文字让提取器把它当成文章正文。"
    "美国官员们说，华盛顿正牵头与伦敦和堪培拉进行讨论。</p>"
    "<p>Item {i}: an English paragraph, so that the article has two scripts and the search "
    "index sees both. The frozen app's workers parse and sanitize it.</p>"
    "<div><div>分享 :</div><a href='https://x.com/intent/tweet?u={i}'><span></span></a></div>"
)


def make_mirror(folder: Path, n: int) -> None:
    """``n`` news-mirror files, ``articles/<source>/<id>.md``, each a different article."""
    for i in range(n):
        source = ("rfi", "bbc", "voa")[i % 3]
        stamp = 1_709_478_901_000 + i * 60_000
        body = MIRROR_BODY.format(i=i, d=1 + i % 9, m=i % 60)
        text = (
            f"<!--{stamp}-->\n[打包测试文章 {i}](https://example.org/{source}/{i}.html)\n"
            f"------\n\n{body}\n"
        )
        target = folder / "articles" / source / f"{1048575 - i}.md"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")


def check_app(app: Path) -> None:
    app = app.resolve()

    def processes() -> set[int]:
        found = set()
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    if Path(os.readlink(entry / "exe")) == app:
                        found.add(int(entry.name))
                except OSError:
                    pass
        return found

    data_dir = app.parent / "_internal" / "reader" / "_data"
    icons = list((data_dir / "icons").rglob("*.png")) + list((data_dir / "icons").rglob("*.svg"))
    samples = [p for p in (data_dir / "seeds").glob("*") if p.is_file()]
    check(
        "bundled icons and sample",
        len(icons) >= 9 and bool(samples),
        f"{len(icons)} icon files, {len(samples)} sample file(s) in {data_dir}",
    )
    with tempfile.TemporaryDirectory(prefix="check-app-") as t:
        tmp = Path(t)
        env = fresh_env(tmp)
        code, out, err, took = run([str(app), "--version"], env)
        check(
            "--version",
            code == 0 and "0." in out,
            f"exit {code}, {out.strip() or err.strip()!r}, {took:.1f} s",
        )
        screenshot([str(app)], env, tmp / "data", tmp / "welcome.png")
        make_mirror(tmp / "mirror", 120)
        watch = processes if Path("/proc/self/exe").exists() else None
        import_and_show([str(app)], env, tmp / "data", tmp / "mirror", tmp, 120, watch)
        # The window's import: a process of its own (from the forkserver) with a forkserver
        # and workers of its own; --screenshot waits for it, then shows the list.
        if watch is not None:
            png = tmp / "window-import.png"
            proc, out, err, took, seen = watched(
                [
                    str(app),
                    "--data-dir",
                    str(tmp / "data2"),
                    "--screenshot",
                    str(png),
                    str(tmp / "mirror"),
                ],
                env,
                watch,
            )
            ok, detail = png_summary(png)
            code, listed, _, _ = run(
                [str(app), "--data-dir", str(tmp / "data2"), "list", "--json"], env
            )
            count = len(json.loads(listed)) if code == 0 else 0
            check(
                "the window imports 120 files",
                proc.returncode == 0 and ok and count == 120 and "Traceback" not in err,
                f"exit {proc.returncode}, {count} in the library, {took:.1f} s, {detail}",
            )
            processes_ended(
                proc.pid, seen, watch, 3, "the import's process, its forkserver and workers"
            )
        desktop(app, env)
        check(
            "nothing written to the default data folder",
            not Path(env["READER_DATA_DIR"]).exists(),
            env["READER_DATA_DIR"],
        )


def main() -> int:
    if sys.argv[1:2] == ["wheel"]:
        check_wheel()
    elif sys.argv[1:2] == ["app"] and len(sys.argv) == 3:
        check_app(Path(sys.argv[2]))
    else:
        print(__doc__, file=sys.stderr)
        return 2
    print(f"check_install: {len(FAILED)} failed" + (f": {', '.join(FAILED)}" if FAILED else ""))
    return 1 if FAILED else 0


if __name__ == "__main__":
    sys.exit(main())
