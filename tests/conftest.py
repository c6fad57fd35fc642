"""Shared test set-up. Qt runs offscreen: set before anything imports Qt."""

from __future__ import annotations

import os

from hypothesis import settings

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.pop("READER_DATA_DIR", None)

# Hypothesis: "ci" (the default, CI or not) runs the example counts each test names;
# HYPOTHESIS_PROFILE=quick runs at most 10 per property test for a fast local run.
settings.register_profile("ci")
settings.register_profile("quick", max_examples=10)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
