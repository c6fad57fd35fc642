"""Input formats: each kind of saved-article file read into an article (title, date, URL, HTML)."""
