"""The search bar: a query box that shows typed Arabic readably, with history, and a status."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Input, Static

from fahras.index.safe_text import visible

from ..styling import plural
from .plain_input import PlainInput

#: Typing pauses shorter than this do not start a search.
DEBOUNCE_SECONDS = 0.12


class SearchBox(PlainInput):
    """The query input, with history (its Arabic drawn by ``PlainInput``)."""

    BINDINGS = [
        Binding("up", "history(-1)", "Older query", show=False, id="search.history_back"),
        Binding("down", "history(1)", "Newer query", show=False, id="search.history_forward"),
    ]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
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


class SearchBar(Horizontal):
    """The query box and the status: result count, time taken, matching mode."""

    DEFAULT_CSS = """
    SearchBar {
        height: 3;
        dock: top;
        & > #query { width: 1fr; }
        & > #status {
            width: auto;
            min-width: 24;
            max-width: 50%;
            padding: 1 1 0 1;
            color: $text-muted;
        }
    }
    """

    @dataclass
    class QueryChanged(Message):
        """The query text settled after typing."""

        search_bar: SearchBar
        query: str

        @property
        def control(self) -> SearchBar:
            """The search bar it was typed in."""
            return self.search_bar

    @dataclass
    class QuerySubmitted(Message):
        """Enter was pressed in the query box."""

        search_bar: SearchBar
        query: str

        @property
        def control(self) -> SearchBar:
            """The search bar it was submitted from."""
            return self.search_bar

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

    @on(Input.Changed, "#query")
    def _typed(self, event: Input.Changed) -> None:
        event.stop()
        if self._debounce is not None:
            self._debounce.stop()
        self._debounce = self.set_timer(DEBOUNCE_SECONDS, self._settled)

    def _settled(self) -> None:
        self.post_message(self.QueryChanged(self, self.box.value))

    @on(Input.Submitted, "#query")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.box.remember(event.value)
        self.post_message(self.QuerySubmitted(self, event.value))

    def show_status(self, total: int, took_ms: float, mode: str, notice: str = "",
                    loaded: int | None = None, sort: str = "relevance") -> None:
        """The count (``20 of 3,000 articles`` while more can be loaded), the order when it
        is by date, the matching mode and the time the search took, and any notice.

        Relevance, the default order, is not named (at 80 columns it wrapped the line), and
        the time comes last: it is what may wrap when the status is long."""
        found = plural(total, "article")
        if loaded is not None and loaded < total:
            found = f"{loaded:,} of {found}"
        order = " · by date" if sort == "date" else ""
        status = Text.assemble((found, "bold"), f"{order} · {mode} · {took_ms:.0f} ms")
        if notice:
            status.append(f" · {visible(notice)}", "italic")
        self.query_one("#status", Static).update(status)

    def on_key(self, event: events.Key) -> None:
        if event.key == "escape" and self.box.value:
            self.box.value = ""
            event.stop()
