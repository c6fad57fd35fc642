"""Every action of the window, its menu and its keys, as data (no Qt import here).

``build_actions`` (actions.py) turns these into QActions; the shortcuts dialog, the README's
keyboard table and the tests read this same list.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ActionSpec:
    id: str  # stable: tests, menus, the settings file
    text: str  # menu text, with & for the mnemonic
    keys: tuple[str, ...] = ()  # QKeySequence strings ("Ctrl+O", "J") or StandardKey names
    menu: str | None = None  # None: a keyboard-only action
    help: str = ""  # for the shortcuts table, when the menu text is not enough

    @property
    def label(self) -> str:
        return self.help or self.text.replace("&", "").removesuffix("…")


MENUS = (
    ("file", "&File"),
    ("go", "&Go"),
    ("article", "&Article"),
    ("view", "&View"),
    ("help", "&Help"),
)

ACTIONS: tuple[ActionSpec, ...] = (
    ActionSpec("file.open", "&Open…", ("Ctrl+O",), "file", "Open saved-article files"),
    ActionSpec("file.import_folder", "&Import Folder…", ("Ctrl+Shift+O",), "file"),
    ActionSpec("file.quit", "&Quit", ("Ctrl+Q",), "file"),
    ActionSpec("go.next", "&Next Article", ("J",), "go"),
    ActionSpec("go.previous", "&Previous Article", ("K",), "go"),
    ActionSpec("go.next_unread", "Next &Unread Article", ("N",), "go"),
    ActionSpec("go.filter", "&Filter Articles", ("/", "Ctrl+F"), "go", "Focus the filter box"),
    ActionSpec("go.show_all", "Show All Articles", ("1",), "go", "Show all articles"),
    ActionSpec("go.show_unread", "Show Unread", ("2",), "go", "Show the unread articles"),
    ActionSpec("go.show_starred", "Show Starred", ("3",), "go", "Show the starred articles"),
    ActionSpec("go.show_archive", "Show Archive", ("4",), "go", "Show the archived articles"),
    ActionSpec("go.next_match", "Next &Match", ("F3",), "go", "Next search match in the article"),
    ActionSpec(
        "go.previous_match",
        "Previous Matc&h",
        ("Shift+F3",),
        "go",
        "Previous search match in the article",
    ),
    ActionSpec("article.toggle_read", "Toggle &Read", ("M",), "article"),
    ActionSpec(
        "article.open_original",
        "&Open Original",
        ("O",),
        "article",
        "Open the original in your web browser",
    ),
    ActionSpec("article.edit_note", "Edit &Note", ("E",), "article", "Edit the note (Esc returns)"),
    ActionSpec("article.star", "&Star", ("S",), "article", "Star or unstar the article"),
    ActionSpec(
        "article.load_images",
        "Load &Images",
        ("I",),
        "article",
        "Load the article's images from their sites and keep them",
    ),
    ActionSpec(
        "article.mark_all_read",
        "Mark &All Read",
        ("Shift+A",),
        "article",
        "Mark every article in the list read",
    ),
    ActionSpec(
        "article.archive",
        "Arc&hive",
        ("A",),
        "article",
        "Archive the article, or bring it back from the Archive view",
    ),
    ActionSpec(
        "article.delete", "&Delete", ("Del",), "article", "Delete the article (Ctrl+Z undoes)"
    ),
    # Its menu text says what it would undo ("Undo Archive"): the list sets it.
    ActionSpec(
        "edit.undo",
        "&Undo",
        ("Ctrl+Z",),
        "article",
        "Undo the last archive, delete or Mark All Read",
    ),
    ActionSpec(
        "view.page_down",
        "Page Down",
        ("Space",),
        None,
        "Page down; at the end, the next unread article",
    ),
    ActionSpec("view.page_up", "Page Up", ("Shift+Space", "PgUp"), None, "Scroll the article up"),
    ActionSpec("view.scroll_down", "Page Down", ("PgDown",), None, "Scroll the article down"),
    ActionSpec("view.top", "Top of the Article", ("Home",), None),
    ActionSpec("view.bottom", "End of the Article", ("End",), None),
    ActionSpec("view.zoom_in", "Zoom &In", ("Ctrl++", "Ctrl+="), "view"),
    ActionSpec("view.zoom_out", "Zoom &Out", ("Ctrl+-",), "view"),
    ActionSpec("view.zoom_reset", "&Reset Zoom", ("Ctrl+0",), "view"),
    ActionSpec("view.toggle_sidebar", "Toggle &Sidebar", ("F9",), "view"),
    # (Ctrl is Cmd on macOS: Cmd+, there, its standard Preferences key)
    ActionSpec("view.preferences", "&Preferences…", ("Ctrl+,",), "view"),
    ActionSpec(
        "view.next_pane",
        "Next &Pane",
        ("F6",),
        "view",
        "Focus the next pane: list, article, note (Tab too)",
    ),
    ActionSpec(
        "view.previous_pane",
        "Previous Pan&e",
        ("Shift+F6",),
        "view",
        "Focus the previous pane (Shift+Tab too)",
    ),
    ActionSpec("help.shortcuts", "&Keyboard Shortcuts", ("?",), "help"),
    ActionSpec("help.about", "&About Saved Reader", (), "help"),
)

# Keys handled by widgets rather than actions, listed in the shortcuts table. (Page Up/Down,
# Home and End are actions: they scroll the article wherever the focus is, but in a text
# field, which keeps them for its own text: Qt gives a focused editor the keys it uses.)
EXTRA_KEYS = (
    (
        "Esc",
        "Return to the list (from the note, the filter or the sidebar); "
        "close the bar over the article",
    ),
    ("Up / Down", "Move in the list (when it has the focus)"),
)


def by_id() -> dict[str, ActionSpec]:
    return {spec.id: spec for spec in ACTIONS}


def shortcut_rows() -> list[tuple[str, str]]:
    """(keys, what they do) for the shortcuts dialog and the README."""
    rows = [(", ".join(spec.keys), spec.label) for spec in ACTIONS if spec.keys]
    return rows + list(EXTRA_KEYS)
