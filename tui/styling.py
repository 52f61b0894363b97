"""Turning logical text with spans into Rich lines, styled safely.

Article text is data, never markup: every string here goes into ``Text.append`` or a
``Segment`` as plain text, never through markup parsing.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from rich.text import Text

from .bidi import Span, VisualLine, render, visual

HIT = Style(bold=True, reverse=True)
ENTITY_STYLES = {
    "company": Style(color="cyan", underline=True),
    "person": Style(color="magenta", underline=True),
    "place": Style(color="green", underline=True),
    "organisation": Style(color="yellow", underline=True),
    "product": Style(color="blue", underline=True),
}


def line_segments(line: VisualLine, width: int, base: Style | None = None) -> list[Segment]:
    """A visual line as segments, right-aligned when it runs right to left."""
    segments = [Segment(cell.text, (base + cell.style) if base and cell.style else
                        (cell.style or base)) for cell in line.cells]
    pad = max(0, width - line.width)
    if pad:
        padding = Segment(" " * pad, base)
        segments = [padding, *segments] if line.rtl else [*segments, padding]
    return list(Segment.simplify(segments))


def one_line(text: str, hits=(), width: int = 80, *, mode: str = "app",
             style: Style | str | None = None) -> Text:
    """``text`` cut to one line of ``width`` cells (at a word), drawn with its hits."""
    spans = [Span(s, e, HIT) for s, e in hits]
    lines = render(text, spans, width, mode=mode)
    if not lines:
        return Text("")
    first = lines[0]
    if len(lines) > 1:  # cut logically at a word, mark the cut, then draw again
        cut = text[:first.end].rstrip()
        while cut and cell_len(cut) + 1 > width:
            space = cut.rfind(" ")
            cut = cut[:space] if space > 0 else cut[:-1]
        cut += "…"
        first = render(cut, [s for s in spans if s.start < len(cut)], width, mode=mode)[0]
    out = Text(end="", no_wrap=True, overflow="crop")
    base = Style.parse(style) if isinstance(style, str) else style
    for segment in line_segments(first, width, base):
        out.append(segment.text, segment.style)
    return out


def label(text: str, mode: str = "app") -> str:
    """A short label (an entity name, a chip) in drawing order."""
    return visual(text) if mode == "app" else text
