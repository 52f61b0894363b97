"""The reader: a whole article right-to-left, hits highlighted, entities coloured by kind.

Lines are drawn with the bidi renderer for the current width (again on resize), so each
highlight covers exactly the cells of its word. Every style (the title, the byline, hits,
the current hit, entity kinds, marked passages) is one of the reader's component classes,
read when the article is laid out and again when the theme changes.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.segment import Segment
from rich.style import Style
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.reactive import var
from textual.scroll_view import ScrollView
from textual.strip import Strip

from fahras.index.models import TITLE_PARAGRAPH, Passage, Reading
from fahras.index.safe_text import visible, visible_spans

from ..bidi import Span, render, visual
from ..styling import article_rtl, entity_classes, entity_css, line_segments, ltr_date

MARGIN = 2
#: The narrowest the text is laid out, however narrow the reader.
MIN_WIDTH = 10
#: The current hit is scrolled to this fraction of the reader's height from its top.
HIT_AT = 3
#: The paragraph of lines outside the body (title, byline, blank lines): none is marked.
OUTSIDE_BODY = TITLE_PARAGRAPH


@dataclass(frozen=True)
class _Line:
    segments: list[Segment]
    paragraph: int  # OUTSIDE_BODY for the title, the byline and blank lines


class Reader(ScrollView, can_focus=True):
    """Shows one article; n and p jump between hits; m marks the passage at the cursor.

    The current hit is drawn in the ``reader--current-hit`` style, the others as hits.
    """

    COMPONENT_CLASSES = {"reader--current-hit", "reader--hit", "reader--title",
                         "reader--byline", "reader--marked", "reader--gutter",
                         *entity_classes("reader")}
    DEFAULT_CSS = """
    Reader {
        width: 1fr;
        height: 1fr;
        border: round $panel;
        border-subtitle-color: $text-muted;
        &:focus { border: round $accent; }
    }
    Reader > .reader--current-hit {
        background: $warning;
        color: $background;
        text-style: bold;
    }
    Reader > .reader--hit { text-style: bold reverse; }
    Reader:light > .reader--hit { text-style: bold; color: $foreground;
                                  background: $warning-muted; }
    Reader > .reader--title { text-style: bold; }
    Reader > .reader--byline { text-style: dim; }
    Reader > .reader--marked { background: #3a3a3a; }
    Reader:light > .reader--marked { background: $panel; }
    Reader > .reader--gutter { color: ansi_yellow; }
    Reader:light > .reader--gutter { color: darkgoldenrod; }
    """ + entity_css("Reader", "reader")

    BINDINGS = [
        Binding("n", "next_hit", "Next hit", id="reader.next_hit"),
        Binding("p,N", "previous_hit", "Previous hit", id="reader.previous_hit"),
        Binding("m", "mark", "Mark passage", id="reader.mark"),
        Binding("M", "mark_all", "Mark all hits", show=False, id="reader.mark_all"),
        Binding("c", "copy", "Copy passage", id="reader.copy"),
        Binding("a", "add_name", "Add a name", show=False, id="reader.add_name"),
        Binding("escape", "close", "Back", id="reader.close"),
        Binding("space,pagedown", "page_down", "Page down", show=False),
        Binding("b,pageup", "page_up", "Page up", show=False),
        Binding("j,down", "scroll_down", "Down", show=False),
        Binding("k,up", "scroll_up", "Up", show=False),
    ]

    #: Who draws right-to-left text (bound to the screen's).
    bidi_mode: var[str] = var("app")

    @dataclass
    class Closed(Message):
        """The user left the article."""

        reader: Reader

        @property
        def control(self) -> Reader:
            """The reader that was closed."""
            return self.reader

    @dataclass
    class MarkRequested(Message):
        """Passages to add to (or remove from) the collection."""

        reader: Reader
        passages: list[Passage]

        @property
        def control(self) -> Reader:
            """The reader the passages are in."""
            return self.reader

    @dataclass
    class CopyRequested(Message):
        """Text to put on the clipboard, in logical order."""

        reader: Reader
        text: str

        @property
        def control(self) -> Reader:
            """The reader the text was copied from."""
            return self.reader

    @dataclass
    class NameWanted(Message):
        """The user wants to add a name of this article to the catalogue."""

        reader: Reader
        article_id: str
        #: The current hit as written ("" when there is none).
        name: str

        @property
        def control(self) -> Reader:
            """The reader the name was chosen in."""
            return self.reader

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.reading: Reading | None = None
        self.marked: set[int] = set()  # paragraphs already in the collection
        self._lines: list[_Line] = []
        self._hits: list[tuple[int, int]] = []  # (line number, paragraph) of each hit
        self._hit = -1
        self._drawn_width = 0
        self._rtl: bool | None = None  # the article's direction, for every paragraph
        self._at_start = True  # the article has been put at its first hit
        #: The hit to open at, (paragraph, start in the original text), if not the first.
        self._at: tuple[int, int] | None = None
        self._hit_at: dict[tuple[int, int], int] = {}  # (paragraph, start) -> hit number

    # -- content ------------------------------------------------------------------------

    def show(self, reading: Reading, marked: set[int] | None = None,
             at: tuple[int, int] | None = None) -> None:
        """Display an article from its top, the first hit current (or the hit at
        ``at``: paragraph and start offset, as the concordance gives them)."""
        self.reading = reading
        self._at = at
        self.marked = marked or set()
        self._hit = -1
        self._rtl = article_rtl(reading.view.title, *reading.view.paragraphs)
        self._at_start = False
        self._layout()

    def _to_start(self) -> None:
        """The new article from its top, its first hit current: once it is laid out for
        the reader's real size (a reader just shown has none yet, and a scroll made then
        would keep the previous article's position)."""
        if self._at_start or not self.size.height:
            return
        self._at_start = True
        self.scroll_to(y=0, animate=False, immediate=True)
        if self._hits:
            self._hit = self._hit_at.get(self._at, 0) - 1 if self._at else -1
            self.action_next_hit()
        self._update_position()

    def refresh_marks(self, marked: set[int]) -> None:
        """Redraw after the collection changed."""
        self.marked = marked
        self._layout()

    def on_mount(self) -> None:
        self.app.theme_changed_signal.subscribe(self, lambda _: self._layout())

    def watch_bidi_mode(self) -> None:
        self._layout()

    def _style(self, name: str) -> Style:
        """A component class's style, only what it sets (drawn over the text's own)."""
        return self.get_component_rich_style(f"reader--{name}", partial=True,
                                             default=Style.null())

    def on_resize(self) -> None:
        if self.reading is not None and self.size.width != self._drawn_width:
            self._layout()
        elif self.reading is not None:
            self._to_start()

    def _layout(self) -> None:
        reading = self.reading
        if reading is None:
            return
        width = max(MIN_WIDTH, self.scrollable_content_region.width - 2 * MARGIN)
        self._drawn_width = self.size.width
        lines: list[_Line] = []
        hits: list[tuple[int, int]] = []
        self._hit_at = {}
        view = reading.view
        title, title_hits = visible_spans(view.title, reading.title_hits)
        hit = self._style("hit")
        head = [Span(s, e, hit) for s, e in title_hits]
        rtl = self._rtl
        for line in render(title, head, width, mode=self.bidi_mode, rtl=rtl):
            lines.append(_Line(line_segments(line, width, self._style("title")), OUTSIDE_BODY))
        byline = self._style("byline")
        lines += [_Line([Segment(line, byline)], OUTSIDE_BODY) for line in self._byline(width)]
        mentions: dict[int, list] = {}
        for m in view.mentions:
            mentions.setdefault(m.paragraph, []).append(m)
        for number, raw in enumerate(view.paragraphs):
            lines.append(_Line([], OUTSIDE_BODY))
            marks = mentions.get(number, [])
            text, moved = visible_spans(raw, [*((m.start, m.end) for m in marks),
                                              *reading.hits[number]])
            spans = [Span(s, e, self._style(m.kind)) for m, (s, e) in zip(marks, moved)]
            hit_spans = moved[len(marks):]
            starts = sorted({s for s, _ in hit_spans})
            # Each hit's style names its number, so the current one can be told apart.
            numbers = {start: len(hits) + n for n, start in enumerate(starts)}
            self._hit_at.update({(number, start): len(hits) + n for n, start in
                                 enumerate(sorted({s for s, _ in reading.hits[number]}))})
            spans += [_Hit(s, e, hit + Style(meta={"hit": numbers[s]})) for s, e in hit_spans]
            base = self._style("marked") if number in self.marked else None
            for line in render(text, spans, width, mode=self.bidi_mode, rtl=rtl):
                for start in starts:
                    if line.start <= start < line.end or (start == line.end == len(text)):
                        hits.append((len(lines), number))
                lines.append(_Line(line_segments(line, width, base), number))
        self._lines, self._hits = lines, hits
        self.virtual_size = Size(self.size.width, len(lines))
        self.refresh()
        if self.size.width:
            self._to_start()

    def _byline(self, width: int) -> list[str]:
        """Author, outlet, dateline and date in the article's direction, and the file name whole
        (on a line of its own when both do not fit).

        The file name is drawn apart: inside a right-to-left line, UAX #9 would move
        ``003_`` behind the rest of the name.
        """
        assert self.reading is not None
        view = self.reading.view
        words = " · ".join(x for x in (visible(view.author), visible(view.source),
                                        visible(view.dateline), ltr_date(visible(view.date)))
                           if x)
        name = visible(view.path.rsplit("/", 1)[-1])
        rtl = bool(self._rtl) and self.bidi_mode == "app"
        if self.bidi_mode == "app" and words:
            words = visual(words, rtl=self._rtl)
        parts = [x for x in ((name, words) if rtl else (words, name)) if x]
        lines = [" · ".join(parts)] if len(" · ".join(parts)) <= width else parts[::-1] \
            if rtl else parts
        return [line[:width].rjust(width) if rtl else line[:width] for line in lines]

    def render_line(self, y: int) -> Strip:
        number = self.scroll_offset.y + y
        width = self.size.width
        if number >= len(self._lines):
            return Strip.blank(width, self.rich_style)
        line = self._lines[number]
        marker = "▌" if line.paragraph in self.marked and line.paragraph >= 0 else " "
        current = self._hits[self._hit][0] == number if 0 <= self._hit < len(self._hits) else False
        gutter = Segment(("▶" if current else marker) + " ", self._style("gutter"))
        segments = self._current_hit_drawn(line.segments) if self._hit >= 0 else line.segments
        strip = Strip([gutter, *segments]).crop(0, width)
        return strip.extend_cell_length(width).apply_style(self.rich_style)

    def _current_hit_drawn(self, segments: list[Segment]) -> list[Segment]:
        """The line's segments with the current hit in its own style."""
        style = self.get_component_rich_style("reader--current-hit", partial=True)
        return [Segment(seg.text, seg.style + style) if seg.style is not None and
                seg.style.meta.get("hit") == self._hit else seg for seg in segments]

    # -- navigation ---------------------------------------------------------------------

    def action_next_hit(self) -> None:
        """Jump to the next hit."""
        self._jump(1)

    def action_previous_hit(self) -> None:
        """Jump to the previous hit."""
        self._jump(-1)

    def _jump(self, step: int) -> None:
        if not self._hits:
            self.notify("No hits in this article", severity="warning", timeout=2)
            return
        self._hit = (self._hit + step) % len(self._hits)
        line = self._hits[self._hit][0]
        self.scroll_to(y=max(0, line - self.size.height // HIT_AT), animate=False)
        self._update_position()
        self.refresh()

    def _update_position(self) -> None:
        reading = self.reading
        if reading is None:
            return
        paragraph = self.current_paragraph()
        where = f"¶ {paragraph + 1}/{len(reading.view.paragraphs)}"
        hits = f"hit {self._hit + 1}/{len(self._hits)} · " if self._hits else "no hits · "
        self.border_subtitle = hits + where

    def watch_scroll_y(self, old: float, new: float) -> None:
        super().watch_scroll_y(old, new)
        self._update_position()

    def current_paragraph(self) -> int:
        """The paragraph of the current hit if it is in view, else the first one in view."""
        top = int(self.scroll_offset.y)
        if 0 <= self._hit < len(self._hits) and \
                top <= self._hits[self._hit][0] < top + max(1, self.size.height):
            return self._hits[self._hit][1]
        for line in self._lines[top:]:
            if line.paragraph >= 0:
                return line.paragraph
        return 0

    # -- passages -----------------------------------------------------------------------

    def _passage(self, number: int) -> Passage:
        reading = self.reading
        assert reading is not None
        view = reading.view
        return Passage(article_id=view.id, title=view.title, author=view.author,
                       path=view.path, paragraph=number, start=0,
                       text=view.paragraphs[number], hits=reading.hits[number],
                       mentions=tuple(m for m in view.mentions if m.paragraph == number))

    def action_mark(self) -> None:
        """Mark (or unmark) the passage at the cursor for export."""
        if self.reading is not None and self.reading.view.paragraphs:
            self.post_message(self.MarkRequested(self, [self._passage(self.current_paragraph())]))

    def action_mark_all(self) -> None:
        """Mark every passage of this article that has hits."""
        if self.reading is None:
            return
        numbers = sorted({p for _, p in self._hits})
        if numbers:
            self.post_message(self.MarkRequested(self, [self._passage(n) for n in numbers]))

    def action_copy(self) -> None:
        """Copy the passage at the cursor, in logical order."""
        if self.reading is not None and self.reading.view.paragraphs:
            self.post_message(self.CopyRequested(self,
                                                 self._passage(self.current_paragraph()).text))

    def current_hit_text(self) -> str:
        """The current hit as written in the article ("" when there is none): hits are
        numbered paragraph by paragraph, in the order of their starts."""
        if self.reading is None or not 0 <= self._hit < len(self._hits):
            return ""
        spans = [(number, start, end) for number, hits in enumerate(self.reading.hits)
                 for start, end in sorted(dict(hits).items())]
        if self._hit >= len(spans):
            return ""
        number, start, end = spans[self._hit]
        return self.reading.view.paragraphs[number][start:end]

    def action_add_name(self) -> None:
        """Add the current hit, or a name found in the article, to the catalogue."""
        if self.reading is not None:
            self.post_message(self.NameWanted(self, self.reading.view.id, self.current_hit_text()))

    def action_close(self) -> None:
        """Back to the results."""
        self.post_message(self.Closed(self))


@dataclass(frozen=True, slots=True)
class _Hit(Span):
    """A hit outranks an entity colour where they overlap."""

    priority: int = 1
