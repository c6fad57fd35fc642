"""Files in, documents stored: one file, a folder, many processes."""
