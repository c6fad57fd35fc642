"""The Preferences dialog's Images section (issue 12): whether every article loads its images,
the sources set to always load theirs (each removable, and put back by Undo), and the proxy
images are fetched through.

The global choice and the proxy are typed preferences (``load_images``, ``image_proxy``:
reader/core/userdata/prefs.py), applied and saved at once as the dialog's other settings. A
proxy typed in is read by ``parse_proxy`` as the user types: one it takes is saved (as
``parse_proxy`` writes it); one it does not (or none typed yet) is said under the box, in
plain text, and kept as typed (``UNSET`` while empty), so that no image is fetched until the
address is mended: choosing a proxy never leaves a direct connection in use meanwhile (a
reader behind Tor must not be sent out directly by a half-typed address). The sources are
state, not preferences (state.json's ``always_load_images``): a removal changes the State at
once and calls ``state_changed`` (the window schedules the save), and the list shows each
source by its display name (the reader's name for it, else the outlet's:
core/library/sources.py).
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from reader.core.display import printable
from reader.core.fetching.proxies import UNSET, parse_proxy
from reader.core.library.sources import display_name
from reader.core.userdata.prefs import BY_NAME, Preferences
from reader.core.userdata.state import State
from reader.ui.plain import plain_label, tooltip

PROXY_CHOICES = (
    ("No proxy (a direct connection)", "none"),
    ("The system's proxy", "system"),
    ("This proxy:", "custom"),
)
PROXY_EXAMPLE = "socks5h://127.0.0.1:9050"
ERROR_COLUMNS = 60  # characters of a line of the proxy's error
SOURCE_ROLE = Qt.ItemDataRole.UserRole  # a list item's source key (``dw.com``)

Setter = Callable[[str, object], None]  # the dialog's: set, apply, save (a failure said)


class ImagesSection(QGroupBox):
    """``set_pref`` is the dialog's own setter; ``state`` (None: no source list) and
    ``state_changed`` (called after a source is removed or put back)."""

    def __init__(
        self,
        prefs: Preferences,
        set_pref: Setter,
        state: State | None = None,
        state_changed: Callable[[], object] = lambda: None,
    ) -> None:
        super().__init__("Images")
        self.setObjectName("preferences-images")
        self._prefs = prefs
        self._set_pref = set_pref
        self._state = state
        self._state_changed = state_changed
        self._removed: list[str] = []  # sources removed here, the last last (Undo)
        self._filling = False
        self.load_all = QCheckBox(BY_NAME["load_images"].description.rstrip("."))
        self.load_all.setToolTip(
            "Off: an article shows a box for each image, and loads them when you ask "
            "(or when its source is set to always load)."
        )
        self.sources = QListWidget()
        self.sources.setObjectName("preferences-image-sources")
        self.sources.setMaximumHeight(110)
        self.no_sources = plain_label("No source is set to always load its images.")
        self.remove = QPushButton("&Remove")
        self.undo = QPushButton("&Undo Remove")
        self.proxy_kind = QComboBox()
        for label, value in PROXY_CHOICES:
            self.proxy_kind.addItem(label, value)
        self.proxy_kind.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.proxy_address = QLineEdit()
        self.proxy_address.setPlaceholderText(PROXY_EXAMPLE)
        width = self.proxy_address.fontMetrics().horizontalAdvance(f"x{PROXY_EXAMPLE}x")
        self.proxy_address.setMinimumWidth(width)
        self.proxy_address.setToolTip(BY_NAME["image_proxy"].description)
        self.proxy_error = plain_label()
        self.proxy_error.setObjectName("preferences-proxy-error")
        self.proxy_error.hide()
        self._lay_out()
        self.fill()
        self._connect()

    def _lay_out(self) -> None:
        form = QFormLayout(self)
        form.addRow("", self.load_all)
        buttons = QVBoxLayout()
        for button in (self.remove, self.undo):
            button.setAutoDefault(False)
            buttons.addWidget(button)
        buttons.addStretch(1)
        row = QWidget()  # (every widget in the layout, owned by the dialog, shown or not)
        line = QHBoxLayout(row)
        line.setContentsMargins(0, 0, 0, 0)
        lists = QVBoxLayout()
        lists.addWidget(self.sources)
        lists.addWidget(self.no_sources)
        line.addLayout(lists, 1)
        line.addLayout(buttons)
        form.addRow("Always load from:", row)
        form.setRowVisible(row, self._state is not None)
        proxy = QWidget()
        line = QHBoxLayout(proxy)
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(self.proxy_kind)
        line.addWidget(self.proxy_address, 1)
        form.addRow("Fetch t&hrough:", proxy)
        label = form.labelForField(proxy)
        if isinstance(label, QLabel):
            label.setBuddy(self.proxy_kind)  # (Alt+H: a row of two has no focus of its own)
        form.addRow("", self.proxy_error)

    def fill(self) -> None:
        """The controls as the preferences and the state are."""
        self._filling = True
        self.load_all.setChecked(self._prefs.load_images)
        self._fill_sources()
        stored = self._prefs.image_proxy
        kind = stored if stored in ("none", "system") else "custom"
        self.proxy_kind.setCurrentIndex(self.proxy_kind.findData(kind))
        self.proxy_address.setText(stored if kind == "custom" and stored != UNSET else "")
        self.proxy_address.setEnabled(kind == "custom")
        self._filling = False
        if kind == "custom":
            self._check_stored(stored)

    def _fill_sources(self) -> None:
        self.sources.clear()
        if self._state is None:
            return
        names = self._state.source_names()
        shown = sorted(
            ((display_name(s, names), s) for s in self._state.image_sources()),
            key=lambda pair: (pair[0].casefold(), pair[1]),
        )
        for name, source in shown:
            item = QListWidgetItem(printable(name))  # (an item's text is never markup)
            item.setData(SOURCE_ROLE, source)
            if name != source:
                item.setToolTip(tooltip(source))
            self.sources.addItem(item)
        if shown:
            self.sources.setCurrentRow(0)
        self.sources.setVisible(bool(shown))
        self.no_sources.setVisible(not shown)
        self.remove.setEnabled(bool(shown))
        self.undo.setEnabled(bool(self._removed))

    def _connect(self) -> None:
        self.load_all.toggled.connect(lambda on: self._set("load_images", on))
        self.remove.clicked.connect(self.remove_selected)
        self.undo.clicked.connect(self.undo_remove)
        self.proxy_kind.currentIndexChanged.connect(self._proxy_kind_changed)
        self.proxy_address.textChanged.connect(self._proxy_typed)

    def _set(self, name: str, value: object) -> None:
        if not self._filling:
            self._set_pref(name, value)

    # --- the sources --------------------------------------------------------------------------

    def shown_sources(self) -> list[tuple[str, str]]:
        """(tests) The list as shown: each source's shown name and its key."""
        items = (self.sources.item(i) for i in range(self.sources.count()))
        return [(item.text(), item.data(SOURCE_ROLE)) for item in items]

    def remove_selected(self) -> None:
        """The selected source no longer loads its images (Undo Remove puts it back)."""
        item = self.sources.currentItem()
        if self._state is None or item is None:
            return
        source = str(item.data(SOURCE_ROLE))
        row = self.sources.currentRow()
        self._state.set_loads_images(source, False)
        self._removed.append(source)
        self._state_changed()
        self._fill_sources()
        if self.sources.count():
            self.sources.setCurrentRow(min(row, self.sources.count() - 1))

    def undo_remove(self) -> None:
        """The source removed last loads its images again."""
        if self._state is None or not self._removed:
            return
        source = self._removed.pop()
        self._state.set_loads_images(source, True)
        self._state_changed()
        self._fill_sources()
        for row in range(self.sources.count()):
            if self.sources.item(row).data(SOURCE_ROLE) == source:
                self.sources.setCurrentRow(row)

    # --- the proxy ----------------------------------------------------------------------------

    def _proxy_kind_changed(self) -> None:
        kind = self.proxy_kind.currentData()
        self.proxy_address.setEnabled(kind == "custom")
        if self._filling:
            return
        if kind == "custom":
            self.proxy_address.setFocus()
            self._proxy_typed(self.proxy_address.text())
            return
        self.proxy_error.hide()
        self._set("image_proxy", kind)

    def _proxy_typed(self, text: str) -> None:
        """A proxy address typed: saved as ``parse_proxy`` writes it when it takes it; else
        said, and kept as typed (nothing is fetched until it is mended)."""
        if self._filling or self.proxy_kind.currentData() != "custom":
            return
        if not text.strip():
            self._say(f"Type the proxy's address, such as {PROXY_EXAMPLE} (Tor). {_HELD}")
            self._set("image_proxy", UNSET)
            return
        try:
            proxy = parse_proxy(text)
        except ValueError as e:
            self._say(f"{_reason(e)}. {_HELD}")
            self._set("image_proxy", text.strip())
            return
        self.proxy_error.hide()
        self._set("image_proxy", proxy or "none")

    def _check_stored(self, stored: str) -> None:
        """A stored address ``parse_proxy`` does not take (settings.json edited by hand) is
        said: nothing is fetched until it is mended."""
        if stored == UNSET:
            self._say(f"Type the proxy's address, such as {PROXY_EXAMPLE} (Tor). {_HELD}")
            return
        try:
            parse_proxy(stored)
        except ValueError as e:
            self._say(
                f"No image is fetched through this proxy: {_reason(e)[:1].lower()}{_reason(e)[1:]}."
            )

    def _say(self, text: str) -> None:
        # Wrapped here, not by the label: a top-level layout's minimum height leaves a
        # label's height-for-width out, and a long reason squeezed the controls above it.
        lines = textwrap.wrap(printable(text), ERROR_COLUMNS, break_long_words=True)
        self.proxy_error.setText("\n".join(lines))
        self.proxy_error.show()


_HELD = "No image is fetched until it is set."
_SHAPES = f"proxy addresses look like {PROXY_EXAMPLE} or http://proxy.example:3128"


def _reason(error: ValueError) -> str:
    """``parse_proxy``'s reason in the dialog's words (its list of what the settings file
    takes, "none" and "system", is the choice box here)."""
    reason = str(error).split("; accepted:", 1)[0]
    return f"{reason[:1].upper()}{reason[1:]}; {_SHAPES}"
