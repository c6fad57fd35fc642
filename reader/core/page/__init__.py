"""The reading page: an article laid out for reading, its text and reading time, in pieces."""
