"""The main window and what hangs off it: actions and keys, menus, dialogs, saving."""
