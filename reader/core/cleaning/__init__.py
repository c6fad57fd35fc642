"""An article's HTML made fit to read: site chrome and page furniture out, then sanitized."""
