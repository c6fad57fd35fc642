"""Preferences: a declared set of typed options, kept in ``settings.json`` apart from the state.

``settings.json`` under the data folder, beside state.json, holds the options the user changed
(one a line; an option set back to its default is left out, so a later default applies)::

    {"saved": "2026-12-07T12:00:00Z",
     "sidebar_visible": false,
     "version": 2,
     "zoom": 3}

It is written as state.json is (reader/core/userdata/jsonstore.py): atomic, under its own lock
(``settings.lock``), merged with the file on disk when two running copies save, the previous
file kept as ``settings.json.bak``; a damaged file is kept aside and the backup (else the
defaults) used, a value of the wrong type or out of range is left out (its default used) and
said once in ``warning`` with the original kept, and a file from a newer version is used
read-only and never overwritten.

Upgrades are numbered, as in picard's config_upgrade: ``UPGRADES[n - 1]`` takes a version ``n``
file to ``n + 1``, applied in order from the file's version. Version 1 is the time before this
file: ``upgrade_to_v2`` takes ``zoom`` and ``sidebar_visible`` from state.json's ``"ui"``; the
window's own state (geometry, splitters, last document and scroll) stays there. A new option
with a default, or a new choice of an option (``paragraph_spacing``, ``justify``,
``keep_tracking_parameters``, ``load_images``, ``image_proxy``, and ``mark_read``'s "manual"
came so), needs no upgrade: a file without it gives the default (an older program meeting a
value it does not know uses its default, and says so once).

``image_proxy`` is text kept as written: "none", "system" or a proxy's address. Whether an
address is one (``socks5h://127.0.0.1:9050``) is for ``fetching.proxies.parse_proxy``, a layer
above this one, to say where images are fetched (the CLI's ``fetch-images``, the window) and
where it is typed (Preferences, which saves only an address it takes). A stored address it
does not take is not dropped for the default here: "none" is a direct connection, and a
reader who asked for a proxy must never be sent around it; each fetch refuses to start and
says why instead.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reader.core.userdata.jsonstore import Held, JsonStore, StoreError, file_version
from reader.core.userdata.state import State

VERSION = 2


@dataclass(frozen=True, slots=True)
class Option:
    """One preference: its type, default and what values it takes."""

    name: str
    type: type
    default: Any
    description: str
    choices: tuple[str, ...] = ()  # the values a text option takes (with ``named``: or a name)
    low: float | None = None  # a number's range, both ends included
    high: float | None = None
    named: bool = False  # a text option that also takes any name (a font family)
    name_is: str = "a font family's name"  # what that name is, in words (``allowed``)

    def check(self, value: Any) -> Any:
        """``value`` if this option takes it (an int for a float option becomes a float);
        raises ValueError naming the option and what it takes."""
        ok = _is(value, self.type)
        if ok and self.type is float:
            value = float(value)
        if ok and self.low is not None and self.high is not None:
            ok = self.low <= value <= self.high
        if ok and self.choices and not self.named:
            ok = value in self.choices
        if ok and self.named:
            ok = bool(value.strip()) and len(value) <= NAME_LIMIT
        if not ok:
            raise ValueError(f"{self.name} must be {self.allowed()}, not {value!r}")
        return value

    def allowed(self) -> str:
        """What this option takes, in words: "a whole number from -6 to 20"."""
        if self.type is bool:
            return "true or false"
        if self.choices:
            listed = ", ".join(repr(c) for c in self.choices)
            return f"one of {listed}" + (f" or {self.name_is}" if self.named else "")
        kind = "a whole number" if self.type is int else "a number"
        return f"{kind} from {_num(self.low)} to {_num(self.high)}"


NAME_LIMIT = 200  # characters of a font family's name or a proxy's address

OPTIONS: tuple[Option, ...] = (
    Option(
        "zoom", int, 0, "Points added to the article's font size (View > Zoom).", low=-6, high=20
    ),
    Option("sidebar_visible", bool, True, "Whether the sidebar (sources, filter, list) is shown."),
    Option(
        "theme",
        str,
        "system",
        "Colours of the window and the article: the system's, or one of ours.",
        choices=("system", "light", "sepia", "dark"),
    ),
    Option(
        "font_family",
        str,
        "serif",
        'The article\'s font: "serif", "sans" or a font family\'s name.',
        choices=("serif", "sans"),
        named=True,
    ),
    Option("font_size", int, 13, "The article's font size in points, before zoom.", low=8, high=40),
    Option("line_height", float, 1.25, "Line height, times the font size.", low=1.0, high=2.5),
    Option(
        "measure",
        int,
        80,
        "The reading column's width, in characters (Latin ones: a Chinese one counts two).",
        low=40,
        high=160,
    ),
    Option("paragraph_spacing", float, 0.9, "Space after a paragraph, in em.", low=0.0, high=3.0),
    Option("justify", bool, False, "Whether paragraphs are justified (set flush both sides)."),
    Option(
        "mark_read",
        str,
        "on_open",
        "When an article is marked read: on opening it, after some seconds, when its end is "
        "on screen, or only by the reader (M).",
        choices=("on_open", "after_seconds", "on_scroll", "manual"),
    ),
    Option(
        "mark_read_seconds",
        int,
        5,
        'Seconds an article is shown before it is marked read (mark_read "after_seconds").',
        low=1,
        high=600,
    ),
    Option(
        "keep_tracking_parameters",
        bool,
        False,
        "Whether links keep their tracking parameters (utm_source, fbclid, spm...) when shown, "
        "copied and opened (reader/core/tracking.py: which ones).",
    ),
    Option(
        "load_images",
        bool,
        False,
        "Load images in every article (asks the sites for them).",
    ),
    Option(
        "image_proxy",
        str,
        "none",
        'How images are fetched: "none" (a direct connection), "system" (the system\'s proxy) '
        "or a proxy's address (http://host:port, socks5://host:port, socks5h://host:port).",
        choices=("none", "system"),
        named=True,
        name_is="a proxy's address (socks5h://127.0.0.1:9050)",
    ),
)
BY_NAME = {option.name: option for option in OPTIONS}

MOVED_FROM_STATE = ("zoom", "sidebar_visible")  # state.json's "ui" held these until version 2


class Preferences(JsonStore):
    """The options, typed: ``prefs.zoom`` or ``prefs.get("zoom")``; ``prefs.set("zoom", 2)``
    validates, and ``save()`` writes what changed (raises StoreError).

    ``state``: the window's State. The first start after the update moves the options state.json
    held into settings.json (written at once), and takes them out of the state (its next save).
    Without one, nothing is moved."""

    VERSION = VERSION
    EMPTY = "the default settings are used"

    def __init__(self, root: Path, state: State | None = None) -> None:
        self._state = state
        self._upgraded = False  # an upgrade ran at load: write the file now
        self._dirty: set[str] = set()
        super().__init__(root, "settings.json", "settings.lock")
        self._finish_upgrade()

    # --- typed access --------------------------------------------------------------------------

    def get(self, name: str) -> Any:
        """The option's value, of its declared type (its default unless set)."""
        option = _option(name)
        return self._data.get(name, option.default)

    def set(self, name: str, value: Any) -> None:
        """Set an option (saved by ``save()``); raises ValueError naming it and what it takes."""
        option = _option(name)
        value = option.check(value)
        before = self._data.get(name, _ABSENT)
        if value == option.default:
            self._data.pop(name, None)  # not written: a later default applies
        else:
            self._data[name] = value
        if self._data.get(name, _ABSENT) != before:
            self._dirty.add(name)

    @property
    def zoom(self) -> int:
        return int(self.get("zoom"))

    @property
    def sidebar_visible(self) -> bool:
        return bool(self.get("sidebar_visible"))

    @property
    def theme(self) -> str:
        return str(self.get("theme"))

    @property
    def font_family(self) -> str:
        return str(self.get("font_family"))

    @property
    def font_size(self) -> int:
        return int(self.get("font_size"))

    @property
    def line_height(self) -> float:
        return float(self.get("line_height"))

    @property
    def measure(self) -> int:
        return int(self.get("measure"))

    @property
    def paragraph_spacing(self) -> float:
        return float(self.get("paragraph_spacing"))

    @property
    def justify(self) -> bool:
        return bool(self.get("justify"))

    @property
    def mark_read(self) -> str:
        return str(self.get("mark_read"))

    @property
    def mark_read_seconds(self) -> int:
        return int(self.get("mark_read_seconds"))

    @property
    def keep_tracking_parameters(self) -> bool:
        return bool(self.get("keep_tracking_parameters"))

    @property
    def load_images(self) -> bool:
        return bool(self.get("load_images"))

    @property
    def image_proxy(self) -> str:
        """As written: check it with ``fetching.proxies.parse_proxy`` before use."""
        return str(self.get("image_proxy"))

    # --- the file ------------------------------------------------------------------------------

    @property
    def dirty(self) -> bool:
        return bool(self._dirty)

    def _saved(self) -> None:
        self._dirty.clear()

    def _merge(self, base: Held) -> Held:
        """This copy's changed options applied to ``base`` (what is on disk)."""
        merged = dict(base)
        for name in self._dirty:
            if name in self._data:
                merged[name] = self._data[name]
            else:
                merged.pop(name, None)
        return merged

    def _hold(self, value: dict[str, Any], dropped: dict[str, int]) -> Held:
        data = dict(value)
        version = file_version(data)
        if version < VERSION:
            self._upgraded = True
            legacy = self._state.ui_values(MOVED_FROM_STATE) if self._state is not None else {}
            for step in UPGRADES[max(version - 1, 0) :]:
                step(data, legacy)
        return clean(data, dropped)

    def _empty(self) -> Held:
        return self._hold({"version": 1}, {})  # no file yet: the time before it

    def _finish_upgrade(self) -> None:
        """After an upgrade at load, the file is written at once (a moved option must be on
        disk before the state forgets it); once settings.json exists, state.json's copies of
        the moved options are taken out (at the state's next save)."""
        if self._upgraded and not self.read_only:
            self._dirty.update(name for name in BY_NAME if name in self._data)
            try:
                self.save()
            except StoreError as e:
                self.warning = " ".join(filter(None, (self.warning, str(e))))
                return
        if self._state is not None and self.path.exists():
            self._state.forget_ui(MOVED_FROM_STATE)


# --- upgrades and type cleaning ----------------------------------------------------------------

Upgrade = Callable[[dict[str, Any], Mapping[str, Any]], None]


def upgrade_to_v2(data: dict[str, Any], legacy: Mapping[str, Any]) -> None:
    """Before settings.json, ``zoom`` and ``sidebar_visible`` were in state.json's ``"ui"``
    (``legacy``): they are taken in (``clean`` leaves out a value of the wrong type)."""
    for name in MOVED_FROM_STATE:
        if name in legacy and name not in data and legacy[name] != BY_NAME[name].default:
            data[name] = legacy[name]


UPGRADES: tuple[Upgrade, ...] = (upgrade_to_v2,)  # UPGRADES[n - 1] takes version n to n + 1
assert len(UPGRADES) == VERSION - 1


def clean(data: dict[str, Any], dropped: dict[str, int]) -> Held:
    """Options whose stored value the option does not take are left out (their default is
    used) and counted in ``dropped``; names this version does not know are kept."""
    held = dict(data)
    for name, option in BY_NAME.items():
        if name not in held:
            continue
        try:
            held[name] = option.check(held[name])
        except ValueError:
            del held[name]
            dropped[name] = dropped.get(name, 0) + 1
    return held


_ABSENT = object()


def _option(name: str) -> Option:
    try:
        return BY_NAME[name]
    except KeyError:
        raise ValueError(f"there is no option {name!r}") from None


def _is(value: Any, kind: type) -> bool:
    if kind is bool:
        return isinstance(value, bool)
    if kind is float:
        return isinstance(value, int | float) and not isinstance(value, bool)
    return isinstance(value, kind) and not isinstance(value, bool)


def _num(value: float | None) -> str:
    return f"{value:g}" if value is not None else "?"
