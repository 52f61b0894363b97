"""The syndicated copies of one result: the same wire story in other outlets.

The engine folds near-identical articles into one result (``Result.also_in``); this
dialog lists the result and its copies, each with its outlet and date, so any of them
can be opened in the reader.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from fahras.index.models import Result
from fahras.index.safe_text import visible

from ..styling import article_rtl, ltr_date, one_line
from ..widgets.drawn import Drawn

WIDTH = 70


class CopiesScreen(ModalScreen[str | None]):
    """Choose one outlet's copy of a story; Enter opens it, Escape closes."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="copies.cancel")]

    def __init__(self, result: Result, mode: str = "app") -> None:
        super().__init__()
        self.result = result
        self.mode = mode

    def compose(self) -> ComposeResult:
        count = len(self.result.also_in)
        with Vertical(classes="dialog"):
            yield Drawn(f"The same story in {count + 1} sources: Enter opens one",
                        rtl=False)
            yield OptionList(*self._options(), id="copies")

    def _options(self) -> list[Option]:
        first = self.result
        rows = [(first.id, first.title, first.source, first.date)]
        rows += [(c.id, c.title, c.source, c.date) for c in first.also_in]
        return [Option(self._row(title, source, date), id=article_id)
                for article_id, title, source, date in rows]

    def _row(self, title: str, source: str, date: str) -> Text:
        rtl = article_rtl(title)
        where = " · ".join(x for x in (visible(source), ltr_date(visible(date))) if x)
        head = one_line(where or "unknown source", (), WIDTH, mode=self.mode, style="bold", rtl=rtl)
        line = one_line(visible(title), (), WIDTH, mode=self.mode, rtl=rtl)
        return Text("\n", end="").join([head, line])

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        """Close without opening anything."""
        self.dismiss(None)
