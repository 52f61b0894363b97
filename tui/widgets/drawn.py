"""Text that always reaches the screen drawn: wrapped at the widget's own width, then
each line shaped and reordered (in app bidi mode), right-aligned when it runs right to left.

Rich's own wrapping would cut a line that is already in visual order and put its words in
the wrong lines; so the text is wrapped here, in logical order, by the bidi renderer.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual import getters
from textual.widget import Widget

from fahras.index.safe_text import visible

from ..app import FahrasApp
from ..bidi import render
from ..styling import line_segments

#: The width drawn for before the widget has one (it is drawn again once laid out).
FALLBACK_WIDTH = 80


class Drawn(Widget):
    """A label for any string (a title, a question, a problem), drawn by the renderer."""

    app = getters.app(FahrasApp)

    DEFAULT_CSS = """
    Drawn {
        height: auto;
    }
    """

    def __init__(self, text: str = "", *, style: str = "", rtl: bool | None = None,
                 **kwargs) -> None:
        super().__init__(**kwargs)
        self.text = text
        self.drawn_style = style
        self.rtl = rtl

    def on_mount(self) -> None:
        # Labels live in every dialog: they follow the app's setting wherever they are.
        self.watch(self.app, "bidi_mode", self._bidi_changed, init=False)

    def _bidi_changed(self) -> None:
        self.refresh(layout=True)

    def update(self, text: str) -> None:
        """Show another string."""
        self.text = text
        self.refresh(layout=True)

    def drawn_lines(self, width: int) -> Text:
        """The text for ``width`` cells, as it is drawn."""
        mode = self.app.bidi_mode
        style = Style.parse(self.drawn_style) if self.drawn_style else None
        out = Text(end="", no_wrap=True, overflow="crop")
        lines = render(visible(self.text, keep="\n"), width=max(1, width), mode=mode,
                       rtl=self.rtl)
        for number, line in enumerate(lines):
            if number:
                out.append("\n")
            for segment in line_segments(line, width if line.rtl else 0, style):
                out.append(segment.text, segment.style)
        return out

    def render(self) -> Text:
        return self.drawn_lines(self.content_region.width or FALLBACK_WIDTH)

    def get_content_height(self, container, viewport, width: int) -> int:
        return max(1, len(self.drawn_lines(width).plain.split("\n")))

    def get_content_width(self, container, viewport) -> int:
        return max((cell_len(line) for line in visible(self.text).split("\n")), default=0)
