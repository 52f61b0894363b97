"""An input draws its whole value on one line, however long (tui/widgets/plain_input.py)."""

from __future__ import annotations

import pytest

from tui.bidi import render


@pytest.mark.parametrize("value", ["شركة Nvidia " * 1200, "漢字😀" * 6000, "a"])
def test_twice_the_length_holds_any_value_on_one_line(value):
    assert len(value) > 10_000 or value == "a"
    assert len(render(value, width=2 * len(value) + 1, rtl=None)) == 1
