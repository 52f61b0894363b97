"""An input that never holds a control character.

Textual's ``Input`` draws its value as it is: a pasted ``ESC ] 0 ; …`` (or a default value
made from a folder's name) would reach the terminal. Nothing fahras asks for (a query, a
path, an entity name) can be typed with control characters, so they are dropped on the
way in, whether pasted, typed or set by code.
"""

from __future__ import annotations

from textual.widgets import Input

from index.safe_text import without_controls


class PlainInput(Input):
    """``Input`` whose value holds no control characters."""

    def validate_value(self, value: str) -> str:
        """Drop control characters from any new value."""
        return without_controls(value)
