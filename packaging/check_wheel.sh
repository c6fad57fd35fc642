#!/usr/bin/env bash
# The installed app starts: build the wheel, install it into a fresh venv (its dependencies
# from the package index, as `pip install` does), and from outside the checkout run
# packaging/check_install.py wheel: the icons, the desktop file and the sample come from the
# wheel (site-packages), `saved-reader` and `python -m reader` start, --screenshot offscreen on
# a fresh data folder writes a PNG that is not blank, the sample imports and shows, and
# --install-desktop writes a launcher that runs the venv's saved-reader. One line per check.
#
#   packaging/check_wheel.sh          (CI runs it after the tests; PYTHON=python3 by default)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
PYTHON="${PYTHON:-python3}"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/check-wheel.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
t0=$(date +%s)

# (pip's warnings about this machine's index locations are dropped; anything else shows)
quiet() { "$@" 2> >(grep -v "^WARNING: Location '" >&2); }
"$PYTHON" -m venv "$WORK/venv"
# setuptools builds in the checkout's build/lib: a file left there by an older build would
# land in the wheel, so it starts empty. The fresh venv's own pip builds the wheel.
rm -rf "$ROOT/build/lib" "$ROOT"/build/bdist.*
quiet "$WORK/venv/bin/pip" wheel -q --no-deps -w "$WORK/wheel" "$ROOT"
WHEEL="$(ls "$WORK"/wheel/*.whl)"
t1=$(date +%s)
echo "check_wheel: built $(basename "$WHEEL") ($(du -k "$WHEEL" | cut -f1) KiB) in $((t1 - t0)) s"

quiet "$WORK/venv/bin/pip" install -q "$WHEEL"
t2=$(date +%s)
echo "check_wheel: installed it and its dependencies into the fresh venv in $((t2 - t1)) s"

cd "$WORK"  # outside the checkout: `import reader` must find the installed copy
status=0
"$WORK/venv/bin/python" "$ROOT/packaging/check_install.py" wheel || status=$?
echo "check_wheel: checks took $(($(date +%s) - t2)) s, $(($(date +%s) - t0)) s in all"
exit $status
