"""The search's tokens: a field's stored tokens are its units, as the oracle in test_search.py
reads them character by character."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from test_search import PROPERTY, _units

from reader.core.library.search_tokens import index_text


@PROPERTY
@given(st.text())
def test_index_tokens_are_the_units_of_any_text(text: str) -> None:
    expected = []
    for unit, cjk in _units(text):
        if cjk:
            expected += [unit[i : i + 2] for i in range(len(unit) - 1)] + [unit[-1]]
        else:
            expected.append(unit)
    # The ascii tokenizer lower-cases ASCII letters itself (index_text leaves them).
    assert [t.lower() if t.isascii() else t for t in index_text(text).split()] == expected
