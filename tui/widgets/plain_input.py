"""An input that never holds a control character, and draws its Arabic readably.

Textual's ``Input`` draws its value as it is: a pasted ``ESC ] 0 ; …`` (or a default value
made from a folder's name) would reach the terminal. Nothing fahras asks for (a query, a
path, an entity name) can be typed with control characters, so they are dropped on the
way in, whether pasted, typed or set by code.

In app bidi mode a value (or placeholder) holding right-to-left letters is drawn by the
renderer, shaped and in reading order, whatever its direction: ``Nvidia رقائق`` runs left
to right (its first strong letter is Latin) but its Arabic word must still read right.
"""

from __future__ import annotations

import sys

from rich.text import Text
from textual import getters
from textual.strip import Strip
from textual.widgets import Input

from fahras.index.safe_text import without_controls

from ..app import FahrasApp
from ..bidi import is_rtl, render


def has_rtl(text: str) -> bool:
    """Whether any letter of ``text`` is written right to left."""
    import unicodedata

    return any(unicodedata.bidirectional(c) in ("R", "AL") for c in text)


class PlainInput(Input):
    """``Input`` whose value holds no control characters and whose Arabic reads right."""

    app = getters.app(FahrasApp)

    def validate_value(self, value: str) -> str:
        """Drop control characters from any new value."""
        return without_controls(value)

    @property
    def bidi_mode(self) -> str:
        """Who draws right-to-left text: the app's setting."""
        return self.app.bidi_mode

    def on_mount(self) -> None:
        # Inputs live in every dialog: they follow the app's setting wherever they are.
        self.watch(self.app, "bidi_mode", self._bidi_changed, init=False)

    def _bidi_changed(self) -> None:
        self.refresh()

    def render_line(self, y: int) -> Strip:
        shown = self.value or self.placeholder
        if y != 0 or self.bidi_mode != "app" or not has_rtl(shown) or self.password:
            return super().render_line(y)
        return self._render_visual()

    def _render_visual(self) -> Strip:
        width = self.scrollable_content_region.width
        value = self.value or self.placeholder
        rtl = is_rtl(value) if self.value else False  # fahras's own words lead a placeholder
        # One line, however long: the box shows the part around the cursor.
        lines = render(value, width=sys.maxsize, rtl=rtl)
        text = Text(end="", no_wrap=True)
        cursor_style = self.get_component_rich_style("input--cursor")
        base = None if self.value else self.get_component_rich_style("input--placeholder")
        show_cursor = self.has_focus and self._cursor_visible
        at_end = show_cursor and (self.cursor_at_end or not self.value)
        if at_end and rtl:
            text.append(" ", cursor_style)  # the end of a right-to-left line is its left
        for cell in lines[0].cells if lines else ():
            at_cursor = show_cursor and self.value and cell.index == self.cursor_position
            text.append(cell.text, cursor_style if at_cursor else base)
        if at_end and not rtl:
            text.append(" ", cursor_style)
        padding = Text(" " * max(0, width - text.cell_len), end="")
        text = padding + text if rtl else text + padding  # Arabic right-aligned
        segments = list(self.app.console.render(text, self.app.console_options.update_width(
            max(width, text.cell_len))))
        # A query longer than the box shows its end (the left, in right-to-left text).
        start = 0 if rtl or not self.value else max(0, text.cell_len - width)
        return Strip(segments).crop(start, start + width).apply_style(self.rich_style)
