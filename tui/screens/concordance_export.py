"""Exporting the concordance shown: TSV, CSV or JSON Lines, never over a file unasked.

The same dialog as the passage export (``export.py``): a format, a file name that
follows it, a second press of Export to overwrite, writing in a worker.
"""

from __future__ import annotations

from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, RadioButton, RadioSet

from index.concordance import ConcordanceLine
from index.concordance_export import FORMATS, render
from index.export import ExportError, write

from ..styling import plural
from ..widgets.drawn import Drawn
from ..widgets.plain_input import PlainInput
from .export import _default_path, _with_suffix

DEFAULT_FORMAT = "tsv"


class ConcordanceExportScreen(ModalScreen[Path | None]):
    """Choose a format and a file; the result is the written path."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="concordance_export.cancel")]

    def __init__(self, lines: list[ConcordanceLine]) -> None:
        super().__init__()
        self.lines = lines
        self._confirmed: Path | None = None

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="kwic-export"):
            yield Drawn(f"Export the concordance ({plural(len(self.lines), 'line')})",
                        classes="dialog-title")
            with RadioSet(id="kwic-format"):
                for key, name in FORMATS.items():
                    yield RadioButton(f"{name} (.{key})", value=key == DEFAULT_FORMAT,
                                      name=key)
            yield PlainInput(_with_suffix(_default_path(DEFAULT_FORMAT), DEFAULT_FORMAT),
                             id="kwic-path")
            yield Drawn("", id="kwic-export-problem")
            with Horizontal(classes="buttons"):
                yield Button("Export", variant="primary", id="kwic-do-export")
                yield Button("Cancel", id="kwic-cancel")

    @property
    def fmt(self) -> str:
        """The chosen format."""
        pressed = self.query_one("#kwic-format", RadioSet).pressed_button
        return pressed.name if pressed and pressed.name else DEFAULT_FORMAT

    @on(RadioSet.Changed, "#kwic-format")
    def _format_changed(self) -> None:
        box = self.query_one("#kwic-path", Input)
        box.value = _with_suffix(box.value, self.fmt)
        self._confirmed = None

    @on(Input.Changed)
    def _path_changed(self) -> None:
        self._confirmed = None

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "kwic-cancel":
            self.dismiss(None)
        else:
            self.export()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.export()

    def export(self) -> None:
        """Write the file; the first attempt on an existing file asks for a confirmation."""
        typed = self.query_one("#kwic-path", Input).value.strip()
        problem = self.query_one("#kwic-export-problem", Drawn)
        if not self.lines:
            problem.update("The concordance has no lines: nothing to export")
            return
        if not typed or typed.endswith("/"):
            problem.update("Give a file name to export to")
            return
        path = Path(typed).expanduser()
        if path.is_dir():
            problem.update(f"{path} is a folder: give a file name")
            return
        if path.exists() and self._confirmed != path:
            self._confirmed = path
            problem.update(f"{path} exists: press Export again to overwrite it")
            return
        self._write(path, self.fmt, self.lines, force=self._confirmed == path)

    @work(exclusive=True, group="kwic-export", thread=True)
    def _write(self, path: Path, fmt: str, lines: list[ConcordanceLine], force: bool
               ) -> None:
        try:
            written = write(path, render(lines, fmt), force=force)
        except ExportError as error:
            self.app.call_from_thread(self._failed, str(error))
            return
        self.app.call_from_thread(self._done, written, len(lines))

    def _failed(self, message: str) -> None:
        self.query_one("#kwic-export-problem", Drawn).update(message)
        self.app.notify(message, severity="error", timeout=8)

    def _done(self, path: Path, count: int) -> None:
        self.app.notify(f"Exported {plural(count, 'concordance line')} to {path}", timeout=8)
        self.dismiss(path)

    def action_cancel(self) -> None:
        """Close without exporting."""
        self.dismiss(None)
