"""The concordance's lines: the hit in a centred column, the text before it on the right.

An Arabic reader reads a line right to left, so the text BEFORE the hit (the corpus
tools' "left" context) is drawn on the hit's right, flush against its column, and the
text after it on the left, flush against the other side. Each part is drawn by the bidi
renderer on its own (shaped, in reading order, right to left), so the columns line up
whatever the script: a Latin hit (``TSMC``) sits in the same column as an Arabic one. The
hit column is as wide as the longest hit loaded (at most a third of the row), the hit
centred in it. A line that syndicated copies of its article repeat is drawn once, with
the number of copies (``+2``) at its far end.

Only the rows in view are drawn (a ``ScrollView`` with ``render_line``): a concordance of
tens of thousands of lines scrolls as fast as one of ten.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from fahras.index.concordance import ConcordanceLine
from fahras.index.safe_text import visible

from ..bidi import Span, render

#: The hit column is at most this part of the row.
HIT_SHARE = 3
#: Cells between the hit column and each context.
GAP = 2
#: The gutter: a mark for lines whose passage is in the collection.
GUTTER = 2
ELLIPSIS = "…"
#: Before the number of copies that repeat a line.
COPIES_MARK = "+"


class ConcordanceLines(ScrollView, can_focus=True):
    """Concordance lines with a cursor; Enter chooses one, m asks to mark it."""

    COMPONENT_CLASSES = {"kwic--hit", "kwic--cursor", "kwic--marked", "kwic--copies"}
    DEFAULT_CSS = """
    ConcordanceLines {
        height: 1fr;
        overflow-x: hidden;
    }
    ConcordanceLines > .kwic--hit {
        text-style: bold reverse;
    }
    ConcordanceLines > .kwic--cursor {
        background: $boost;
        text-style: bold;
    }
    ConcordanceLines > .kwic--marked {
        color: $warning;
    }
    ConcordanceLines > .kwic--copies {
        color: $text-muted;
    }
    """

    BINDINGS = [
        Binding("enter", "choose", "Open at the hit", id="concordance.open"),
        Binding("m", "mark", "Mark passage", id="concordance.mark"),
        Binding("down,j", "cursor(1)", "Down", show=False),
        Binding("up,k", "cursor(-1)", "Up", show=False),
        Binding("pagedown,space", "page(1)", "Page down", show=False),
        Binding("pageup,b", "page(-1)", "Page up", show=False),
        Binding("home", "cursor(-1000000000)", "First", show=False),
        Binding("end", "cursor(1000000000)", "Last", show=False),
    ]

    #: The line under the cursor.
    cursor = reactive(0)
    #: "app" (fahras draws right to left) or "terminal".
    bidi_mode = reactive("app")

    @dataclass
    class Chosen(Message):
        """The user chose a line (Enter): open its article at the hit."""

        concordance: ConcordanceLines
        line: ConcordanceLine

        @property
        def control(self) -> ConcordanceLines:
            """The lines widget that sent it."""
            return self.concordance

    @dataclass
    class MarkRequested(Message):
        """The user asked to mark (or unmark) the line's passage."""

        concordance: ConcordanceLines
        line: ConcordanceLine

        @property
        def control(self) -> ConcordanceLines:
            """The lines widget that sent it."""
            return self.concordance

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.lines: list[ConcordanceLine] = []
        #: (article id, paragraph) of the passages in the collection.
        self.marked: set[tuple[str, int]] = set()
        self._hit_width = 1
        #: Cells of the copies column (0 when no line has syndicated copies).
        self._copies_width = 0

    def show(self, found: list[ConcordanceLine], *, keep_cursor: bool = False) -> None:
        """Show these lines (the cursor back on the first unless kept)."""
        self.lines = found
        self._hit_width = max((cell_len(visible(line.hit)) for line in found), default=1)
        most = max((len(line.copies) for line in found), default=0)
        self._copies_width = len(f"{COPIES_MARK}{most}") + 1 if most else 0
        self.virtual_size = Size(self.size.width, len(found))
        if not keep_cursor:
            self.cursor = 0
            self.scroll_to(y=0, animate=False)
        self.cursor = min(self.cursor, max(0, len(found) - 1))
        self.refresh()

    def extend(self, more: list[ConcordanceLine]) -> None:
        """Add lines at the end (the stream's next page), the cursor where it is."""
        self.show([*self.lines, *more], keep_cursor=True)

    @property
    def current(self) -> ConcordanceLine | None:
        """The line under the cursor."""
        return self.lines[self.cursor] if 0 <= self.cursor < len(self.lines) else None

    # -- drawing ------------------------------------------------------------------------

    def watch_cursor(self, old: int, new: int) -> None:
        height = max(1, self.scrollable_content_region.height)
        top = int(self.scroll_offset.y)
        if new < top:
            self.scroll_to(y=new, animate=False)
        elif new >= top + height:
            self.scroll_to(y=new - height + 1, animate=False)
        self.refresh()

    def watch_bidi_mode(self) -> None:
        self.refresh()

    def render_line(self, y: int) -> Strip:
        number = int(self.scroll_offset.y) + y
        width = self.size.width
        if number >= len(self.lines):
            return Strip.blank(width, self.rich_style)
        line = self.lines[number]
        base = self.get_component_rich_style("kwic--cursor") if number == self.cursor \
            else None
        gutter = Segment("▌ " if (line.article_id, line.paragraph) in self.marked else "  ",
                         self.get_component_rich_style("kwic--marked", partial=True))
        segments = self.row(line, width - GUTTER - self._copies_width, base)
        strip = Strip([*self._copies(line, base), *segments, gutter]).crop(0, width)
        strip = strip.extend_cell_length(width)
        return strip.apply_style(self.rich_style)

    def _copies(self, line: ConcordanceLine, base: Style | None) -> list[Segment]:
        """How many syndicated copies repeat the line (``+2``), at its end (the left)."""
        if not self._copies_width:
            return []
        count = f"{COPIES_MARK}{len(line.copies)}" if line.copies else ""
        style = self.get_component_rich_style("kwic--copies", partial=True)
        return [Segment(count.ljust(self._copies_width), _styled(base, style))]

    def columns(self, width: int) -> tuple[int, int]:
        """The hit column's width and each context's, for a row of ``width`` cells."""
        hit = max(1, min(self._hit_width, width // HIT_SHARE))
        return hit, max(1, (width - hit - 2 * GAP) // 2)

    def row(self, line: ConcordanceLine, width: int, base: Style | None = None
            ) -> list[Segment]:
        """One line drawn: the text after the hit, the hit, the text before it (left to
        right on screen), each in its own column."""
        hit_width, side = self.columns(width)
        hit_style = self.get_component_rich_style("kwic--hit", partial=True)
        hit = _fitted(visible(line.hit), hit_width, keep="start")
        after = _fitted(visible(line.right), side, keep="start")
        before = _fitted(visible(line.left), side, keep="end")
        after_cells = self._drawn(after, side, base, align="right")
        hit_cells = self._drawn(hit, hit_width, base, align="centre", style=hit_style)
        before_cells = self._drawn(before, side, base, align="left")
        gap = Segment(" " * GAP, base)
        rest = max(0, width - 2 * side - hit_width - 2 * GAP)
        return [*after_cells, gap, *hit_cells, gap, *before_cells, Segment(" " * rest, base)]

    def _drawn(self, text: str, width: int, base: Style | None, *, align: str,
               style: Style | None = None) -> list[Segment]:
        """``text`` as one right-to-left line of ``width`` cells, aligned in it."""
        spans = [Span(0, len(text), style)] if style is not None and text else []
        lines = render(text, spans, max(1, cell_len(text) + 1), mode=self.bidi_mode,
                       rtl=True) if text.strip() else []
        cells = [Segment(cell.text, _styled(base, cell.style)) for cell in lines[0].cells] \
            if lines else []
        used = sum(cell_len(s.text) for s in cells)
        pad = max(0, width - used)
        left = pad if align == "right" else pad // 2 if align == "centre" else 0
        return [Segment(" " * left, base), *cells, Segment(" " * (pad - left), base)]

    # -- moving and choosing ------------------------------------------------------------

    def action_cursor(self, step: int) -> None:
        """Move the cursor by ``step`` lines (clamped to the lines there are)."""
        if self.lines:
            self.cursor = max(0, min(len(self.lines) - 1, self.cursor + step))

    def action_page(self, step: int) -> None:
        """Move the cursor by a screenful."""
        self.action_cursor(step * max(1, self.scrollable_content_region.height - 1))

    def action_choose(self) -> None:
        """Open the article of the line under the cursor at its hit."""
        if self.current is not None:
            self.post_message(self.Chosen(self, self.current))

    def action_mark(self) -> None:
        """Mark the passage of the line under the cursor."""
        if self.current is not None:
            self.post_message(self.MarkRequested(self, self.current))

    def on_click(self, event: events.Click) -> None:
        number = int(self.scroll_offset.y) + event.y
        if 0 <= number < len(self.lines):
            self.cursor = number


def _styled(base: Style | None, style) -> Style | None:
    if style is None or style == "":
        return base
    style = Style.parse(style) if isinstance(style, str) else style
    return base + style if base is not None else style


def _fitted(text: str, width: int, *, keep: str) -> str:
    """``text`` cut to ``width`` cells at a word, keeping its ``start`` or its ``end``
    (the words nearest the hit), an ellipsis where it was cut.

    >>> _fitted("one two three", 9, keep="start"), _fitted("one two three", 9, keep="end")
    ('one two…', '…three')
    """
    text = " ".join(text.split())
    if cell_len(text) <= width:
        return text
    if width <= 1:
        return ELLIPSIS[:width]
    words = text.split(" ")
    if keep == "end":
        words = words[::-1]
    kept: list[str] = []
    for word in words:
        if cell_len(" ".join([*kept, word])) + 1 > width:
            break
        kept.append(word)
    if not kept:  # one word longer than the column: cut inside it
        cut = text[:max(0, width - 1)] if keep == "start" else text[-max(0, width - 1):]
        return cut + ELLIPSIS if keep == "start" else ELLIPSIS + cut
    if keep == "end":
        return ELLIPSIS + " ".join(kept[::-1])
    return " ".join(kept) + ELLIPSIS
