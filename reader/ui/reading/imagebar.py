"""The bar above the article about its images: how many are blocked and from where, how far a
load is, what came of it; its buttons (Load Images, Always for <source>, Cancel) each with an
Alt key, since Tab moves between the panes and never reaches a bar (Esc closes it from the
list or the article). Its text is plain text: it names sites and reasons from the network.
"""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QHBoxLayout, QPushButton, QSizePolicy, QToolButton

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
