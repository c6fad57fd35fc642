#!/usr/bin/env bash
# Build the PyInstaller one-folder app from packaging/pyinstaller/saved-reader.spec, then start
# what was built as a user would (packaging/check_install.py app): --version, an import of a
# generated 120-file mirror (run by the frozen forkserver's worker processes, which must all
# end with it), list, and a --screenshot offscreen. One line per check.
#
#   packaging/build_app.sh [OUT]      (default OUT: build/app; the app is OUT/dist/saved-reader/)
#
# PyInstaller comes from $PYTHON (default: .venv/bin/python) when it has it and the app's
# dependencies; else from a throwaway venv in OUT/venv (pip install pyinstaller -e .).
# Exits non-zero if the build or any check fails.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
OUT="$(mkdir -p "${1:-$ROOT/build/app}" && cd "${1:-$ROOT/build/app}" && pwd)"
PYTHON="${PYTHON:-$ROOT/.venv/bin/python}"

if ! { [ -x "$PYTHON" ] && "$PYTHON" -c 'import PyInstaller, PySide6, reader.cli' 2>/dev/null; }; then
    echo "build_app: PyInstaller in a throwaway venv, $OUT/venv"
    [ -x "$OUT/venv/bin/python" ] || python3 -m venv "$OUT/venv"
    PYTHON="$OUT/venv/bin/python"
    "$PYTHON" -m pip install -q pyinstaller -e "$ROOT"
fi
echo "build_app: $("$PYTHON" -m PyInstaller --version 2>/dev/null | sed 's/^/PyInstaller /'), $("$PYTHON" --version)"

start=$(date +%s)
"$PYTHON" -m PyInstaller --noconfirm --clean --log-level WARN \
    --distpath "$OUT/dist" --workpath "$OUT/work" "$ROOT/packaging/pyinstaller/saved-reader.spec"
APP="$OUT/dist/saved-reader/saved-reader"
echo "build_app: built $APP in $(($(date +%s) - start)) s, $(du -sh "$OUT/dist/saved-reader" | cut -f1)"

# The checks run from outside the checkout, with a Python that has PySide6 (to read the PNG).
cd "${TMPDIR:-/tmp}"
"$PYTHON" "$ROOT/packaging/check_install.py" app "$APP"
