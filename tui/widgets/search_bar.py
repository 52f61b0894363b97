"""The search bar: a query box that shows typed Arabic readably, with history, and a status."""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.strip import Strip
from textual.timer import Timer
from textual.widgets import Input, Static

from index.safe_text import visible

from ..bidi import is_rtl, render
from .plain_input import PlainInput

#: Typing pauses shorter than this do not start a search.
DEBOUNCE_SECONDS = 0.12


class SearchBox(PlainInput):
    """An input whose Arabic is drawn shaped and right-to-left when the app does bidi."""

    BINDINGS = [
        Binding("up", "history(-1)", "Older query", show=False, id="search.history_back"),
        Binding("down", "history(1)", "Newer query", show=False, id="search.history_forward"),
    ]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.bidi_mode = "app"
        self.history: list[str] = []
        self._history_at: int | None = None

    def remember(self, query: str) -> None:
        """Add a query to the history (the latest last, no repeats)."""
        if query.strip():
            self.history = [q for q in self.history if q != query] + [query]
        self._history_at = None

    def action_history(self, step: int) -> None:
        """Walk the history with up and down."""
        if not self.history:
            return
        at = len(self.history) if self._history_at is None else self._history_at
        at = max(0, min(len(self.history), at + step))
        self._history_at = at
        self.value = self.history[at] if at < len(self.history) else ""
        self.cursor_position = len(self.value)

    def render_line(self, y: int) -> Strip:
        if y != 0 or self.bidi_mode != "app" or not self.value or not is_rtl(self.value):
            return super().render_line(y)
        return self._render_visual()

    def _render_visual(self) -> Strip:
        width = self.scrollable_content_region.width
        [line] = render(self.value, width=10_000, rtl=True)[:1] or [None]
        text = Text(end="", no_wrap=True)
        cursor_style = self.get_component_rich_style("input--cursor")
        show_cursor = self.has_focus and self._cursor_visible
        if show_cursor and self.cursor_at_end:
            text.append(" ", cursor_style)  # the end of a right-to-left line is its left
        for cell in line.cells:
            at_cursor = show_cursor and cell.index == self.cursor_position
            text.append(cell.text, cursor_style if at_cursor else None)
        padding = max(0, width - text.cell_len)
        text = Text(" " * padding, end="") + text  # right-aligned, as Arabic is read
        segments = list(self.app.console.render(text, self.app.console_options.update_width(
            max(width, text.cell_len))))
        # A query longer than the box shows its end (the left, in right-to-left text).
        return Strip(segments).crop(0, width).apply_style(self.rich_style)


class SearchBar(Horizontal):
    """The query box and the status: result count, time taken, matching mode."""

    class QueryChanged(Message):
        """The query text settled after typing."""

        def __init__(self, query: str) -> None:
            super().__init__()
            self.query = query

    class QuerySubmitted(Message):
        """Enter was pressed in the query box."""

        def __init__(self, query: str) -> None:
            super().__init__()
            self.query = query

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._debounce: Timer | None = None

    def compose(self) -> ComposeResult:
        yield SearchBox(placeholder="ابحث…  search: words, \"phrase\", -not, prefix*, =exact",
                        id="query")
        yield Static("", id="status")

    @property
    def box(self) -> SearchBox:
        """The query input."""
        return self.query_one(SearchBox)

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        if self._debounce is not None:
            self._debounce.stop()
        self._debounce = self.set_timer(DEBOUNCE_SECONDS, self._settled)

    def _settled(self) -> None:
        self.post_message(self.QueryChanged(self.box.value))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.box.remember(event.value)
        self.post_message(self.QuerySubmitted(event.value))

    def show_status(self, total: int, took_ms: float, mode: str, notice: str = "") -> None:
        """The count, the time the search took, the matching mode."""
        found = f"{total} article{'s' if total != 1 else ''}"
        status = Text.assemble((found, "bold"), f" · {took_ms:.0f} ms · {mode}")
        if notice:
            status.append(f" · {visible(notice)}", "italic")
        self.query_one("#status", Static).update(status)

    def on_key(self, event: events.Key) -> None:
        if event.key == "escape" and self.box.value:
            self.box.value = ""
            event.stop()
