"""Importing from the window: the child process and its reports."""
