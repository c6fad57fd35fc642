"""The user's own data: read state and notes, typed preferences, and the safe JSON file
they share."""
