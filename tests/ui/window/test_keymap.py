"""Bindings are data: no key bound twice, every action reachable, the README table current."""

from __future__ import annotations

from collections import Counter

from shared_paths import ROOT

from reader.ui.window.keymap import ACTIONS, MENUS, shortcut_rows


def test_no_key_is_bound_twice():
    keys = Counter(k.lower() for spec in ACTIONS for k in spec.keys)
    assert [k for k, n in keys.items() if n > 1] == []


def test_ids_are_unique_and_menus_exist():
    ids = [spec.id for spec in ACTIONS]
    assert len(ids) == len(set(ids))
    menu_keys = {key for key, _ in MENUS}
    assert {spec.menu for spec in ACTIONS if spec.menu} <= menu_keys


def test_the_issue_s_shortcuts_are_there():
    keys = {spec.id: spec.keys for spec in ACTIONS}
    assert keys["file.open"] == ("Ctrl+O",)
    assert keys["file.import_folder"] == ("Ctrl+Shift+O",)
    assert keys["file.quit"] == ("Ctrl+Q",)
    assert (keys["go.next"], keys["go.previous"], keys["go.next_unread"]) == (
        ("J",),
        ("K",),
        ("N",),
    )
    assert keys["article.toggle_read"] == ("M",)
    assert keys["article.open_original"] == ("O",)
    assert keys["article.edit_note"] == ("E",)
    assert keys["help.shortcuts"] == ("?",)
    assert set(keys["go.filter"]) == {"/", "Ctrl+F"}


def test_readme_keyboard_table_matches_the_keymap():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for keys, label in shortcut_rows():
        row = f"| {keys} | {label} |"
        assert row in readme, f"README lacks the row: {row}"
