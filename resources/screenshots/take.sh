#!/usr/bin/env bash
# The README's screenshots, taken from the real window as a person sees it: Xvfb with a window
# manager (openbox), the window sized by xdotool, keys pressed by xdotool, `import` (ImageMagick)
# capturing the window. The same Chinese article in each theme, at 1440x900 and 800x600.
#
# Needs (Debian): xvfb openbox xdotool imagemagick fonts-noto-cjk libxcb-icccm4 libxcb-keysyms1
# Usage: bash resources/screenshots/take.sh [FOLDER...]   (default: ../shared/corpus/news/rfi,
#        else seeds/); writes resources/screenshots/<theme>-<width>x<height>.png
set -euo pipefail
cd "$(dirname "$0")/../.."
python=${PYTHON:-.venv/bin/python}
out=resources/screenshots
folders=("$@")
if [ ${#folders[@]} -eq 0 ]; then
    if [ -d ../shared/corpus/news/rfi ]; then folders=(../shared/corpus/news/rfi); else folders=(seeds); fi
fi
display=:${SCREENSHOT_DISPLAY:-47}
work=$(mktemp -d)
Xvfb "$display" -screen 0 1600x1000x24 >/dev/null 2>&1 &
xvfb=$!
trap 'kill $xvfb 2>/dev/null; rm -rf "$work"' EXIT
sleep 1
DISPLAY=$display openbox >/dev/null 2>&1 &
sleep 1
export DISPLAY=$display LANG=${LANG:-C.UTF-8}

# One library for every shot (the same article, the same list), imported once.
READER_DATA_DIR=$work/data $python -m reader import "${folders[@]}" >/dev/null
for theme in light sepia dark; do
    for size in 1440x900 800x600; do
        data=$work/$theme-$size
        cp -r "$work/data" "$data"
        # The theme chosen as the Preferences dialog would keep it (typed, in settings.json).
        $python - "$data" "$theme" <<'EOF'
import sys
from pathlib import Path

from reader.core.userdata.prefs import Preferences
from reader.core.userdata.state import State

root = Path(sys.argv[1])
prefs = Preferences(root, State(root))
prefs.set("theme", sys.argv[2])
prefs.save()
EOF
        READER_DATA_DIR=$data $python -m reader >/dev/null 2>&1 &
        app=$!
        window=""
        for _ in $(seq 50); do
            window=$(xdotool search --onlyvisible --name "Saved Reader" 2>/dev/null | head -1 || true)
            [ -n "$window" ] && break
            sleep 0.2
        done
        [ -n "$window" ] || { echo "take.sh: the window did not appear" >&2; exit 1; }
        xdotool windowsize --sync "$window" "${size%x*}" "${size#*x}"
        xdotool windowmove --sync "$window" 0 0
        sleep 0.5
        xdotool key --window "$window" j  # the first article of the list (the newest)
        sleep 1.5
        import -window "$window" "$out/$theme-$size.png"
        kill "$app"
        wait "$app" 2>/dev/null || true
        echo "$out/$theme-$size.png"
    done
done
