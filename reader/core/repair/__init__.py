"""Repairing a damaged library: salvage what can be read of it, then rebuild it from that
(re-reading the originals it kept) and swap it in."""
