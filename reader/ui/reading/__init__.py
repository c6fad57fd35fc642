"""The reading pane: the article viewer and the note."""
