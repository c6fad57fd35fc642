"""The bar above the article about its images and what it says: how many are blocked and from
where, how far a load is, what came of it (``Tally``, ``blocked_text``). Its buttons (Load
Images, Always for <source>, Cancel) each have an Alt key, since Tab moves between the panes
and never reaches a bar (Esc closes it from the list or the article). Its text is plain text:
it names sites and reasons from the network.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from PySide6.QtWidgets import QFrame, QHBoxLayout, QPushButton, QSizePolicy, QToolButton

from reader.core.fetching.article import Blocked, Outcome
from reader.core.fetching.results import TRACKING_PIXEL
from reader.ui.plain import plain_label

LOAD = "Load &Images"  # Alt+I (I alone: Article > Load Images)
TRY_AGAIN = "&Try Again"
CANCEL = "Ca&ncel"


class ImageBar(QFrame):
    """One message (plain) and the buttons it offers."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("imagebar")
        self.label = plain_label()
        self.label.setWordWrap(True)
        self.label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.label.setMinimumWidth(100)
        self.load = QPushButton(LOAD)
        self.load.setToolTip("Fetch these images from their sites and keep them (I)")
        self.always = QPushButton()
        self.always.setToolTip("Load this source's images whenever one of its articles opens")
        self.cancel = QPushButton(CANCEL)
        self.cancel.setToolTip("Stop loading images (what came is kept)")
        self.close_button = QToolButton()
        self.close_button.setText("✕")
        self.close_button.setAutoRaise(True)
        self.close_button.setToolTip("Hide this bar (Esc)")
        self.close_button.clicked.connect(self.hide)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 4, 6, 4)
        layout.addWidget(self.label, 1)
        for button in (self.load, self.always, self.cancel, self.close_button):
            layout.addWidget(button)
        self.hide()

    def say(
        self,
        text: str,
        *,
        load: str = "",
        always: str = "",
        cancel: bool = False,
    ) -> None:
        """``text`` (plain) with the buttons asked for: ``load`` (its text: ``LOAD`` or
        ``TRY_AGAIN``), "Always for ``always``" (a source's name), Cancel."""
        self.label.setText(text)
        self.load.setText(load or LOAD)
        self.load.setVisible(bool(load))
        self.always.setVisible(bool(always))
        # (a name from a file: its "&" shown, not a mnemonic)
        self.always.setText(f"Al&ways for {always.replace('&', '&&')}" if always else "")
        self.cancel.setVisible(cancel)
        self.show()

    @property
    def text(self) -> str:
        return self.label.text()


@dataclass
class Tally:
    """What became of the images of a load: stored, refused, and why."""

    stored: int = 0
    refused: int = 0  # not counting tracking pixels (never asked for)
    pixels: int = 0
    reasons: Counter[str] = field(default_factory=Counter)

    @property
    def done(self) -> int:
        return self.stored + self.refused + self.pixels

    def add(self, outcome: Outcome) -> None:
        if outcome.status != "refused":
            self.stored += outcome.status == "stored"
        elif outcome.reason.startswith(TRACKING_PIXEL):
            self.pixels += 1
        else:
            self.refused += 1
            self.reasons[outcome.reason] += 1

    def said(self) -> tuple[str, bool]:
        """One sentence of it, and whether to offer Try Again (nothing came)."""
        pixels = f" {pixels_said(self.pixels)}, never loaded." if self.pixels else ""
        if not self.refused:
            return f"{images_said(self.stored)} loaded.{pixels}", False
        if self.stored:
            text = f"{images_said(self.stored)} loaded; {self.refused} not (each box says why)."
            return text + pixels, False
        reason = self.reasons.most_common(1)[0][0]
        more = "." if len(self.reasons) == 1 else "; each box says why."
        return f"{images_said(self.refused)} not loaded: {reason}{more}{pixels}", True


def blocked_text(missing: Blocked) -> str:
    text = f"{images_said(missing.new)} blocked from {hosts_said(missing.hosts)}"
    if missing.refused:
        text += f"; {len(missing.refused)} not loaded before (each box says why)"
    text += "."
    if missing.trackers:
        text += f" {pixels_said(missing.trackers)}, never loaded."
    return text


def pixels_said(count: int) -> str:
    return f"{count:,} tracking pixel{'s' if count != 1 else ''}"


def images_said(count: int) -> str:
    return f"{count:,} image{'s' if count != 1 else ''}"


def hosts_said(hosts: tuple[str, ...]) -> str:
    if len(hosts) <= 3:
        return " and ".join([", ".join(hosts[:-1]), hosts[-1]] if len(hosts) > 1 else hosts)
    return f"{', '.join(hosts[:2])} and {len(hosts) - 2} other sites"
