"""The export dialog: format, file name and scope; never overwrites without a confirmation."""

from __future__ import annotations

from pathlib import Path

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, RadioButton, RadioSet

from ..styling import plural
from ..widgets.drawn import Drawn
from ..widgets.plain_input import PlainInput

from index.export import (FORMATS, ExportContext, ExportError, collection_summary,
                          default_name, render, write)
from index.safe_text import is_safe
from index.search import SearchRequest


class ExportScreen(ModalScreen[Path | None]):
    """Choose what to export and where; the result is the written path."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="export.cancel")]

    def __init__(self, scope: str = "collection") -> None:
        super().__init__()
        self.scope = scope
        self._confirmed: Path | None = None

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="export"):
            yield Drawn("Export passages", classes="dialog-title")
            with RadioSet(id="format"):
                for key, name in FORMATS.items():
                    yield RadioButton(f"{name} (.{key})", value=key == "md", name=key)
            with RadioSet(id="scope"):
                yield RadioButton("The collection of marked passages", name="collection",
                                  value=self.scope == "collection")
                yield RadioButton("Every passage of the current search", name="search",
                                  value=self.scope == "search")
            yield PlainInput(_default_path("md"), id="path")
            yield Drawn("", id="export-problem")
            with Horizontal(classes="buttons"):
                yield Button("Export", variant="primary", id="do-export")
                yield Button("Cancel", id="cancel")

    @property
    def fmt(self) -> str:
        pressed = self.query_one("#format", RadioSet).pressed_button
        return pressed.name if pressed and pressed.name else "md"

    def on_radio_set_changed(self, event: RadioSet.Changed) -> None:
        if event.radio_set.id == "format":
            box = self.query_one("#path", Input)
            box.value = _with_suffix(box.value, self.fmt)
        self._confirmed = None

    def on_input_changed(self, event: Input.Changed) -> None:
        self._confirmed = None

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "cancel":
            self.dismiss(None)
        else:
            self.export()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.export()

    def export(self) -> None:
        """Write the file; the first attempt on an existing file asks for a confirmation."""
        typed = self.query_one("#path", Input).value.strip()
        problem = self.query_one("#export-problem", Drawn)
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
        scope_button = self.query_one("#scope", RadioSet).pressed_button
        scope = scope_button.name if scope_button else "collection"
        self._write(path, self.fmt, scope, force=self._confirmed == path)

    @work(exclusive=True, group="export", thread=True)
    def _write(self, path: Path, fmt: str, scope: str, force: bool) -> None:
        main = self.app.main
        if scope == "collection":
            passages = list(self.app.collection)
            if not passages:
                self.app.call_from_thread(
                    self._failed, "The collection is empty (mark passages with m): "
                    "nothing exported")
                return
            context = ExportContext(collection=collection_summary(passages))
        else:
            request = SearchRequest(main.query_text, main.filters, exact=self.app.exact,
                                    **main.news_scope())
            passages = self.app.engine.passages(request)
            context = ExportContext(main.query_text,
                                    {**main.filters.to_dict(), **main.news_labels()})
        try:
            written = write(path, render(passages, fmt, context), force=force)
        except ExportError as error:
            self.app.call_from_thread(self._failed, str(error))
            return
        except Exception as error:  # a bug must not close the explorer and lose the session
            self.app.call_from_thread(
                self._failed, f"{path}: export failed ({type(error).__name__}: {error})")
            return
        self.app.call_from_thread(self._done, written, len(passages))

    def _failed(self, message: str) -> None:
        self.query_one("#export-problem", Drawn).update(message)
        self.app.notify(message, severity="error", timeout=8)

    def _done(self, path: Path, count: int) -> None:
        self.app.notify(f"Exported {plural(count, 'passage')} to {path}", timeout=8)
        self.dismiss(path)

    def action_cancel(self) -> None:
        """Close without exporting."""
        self.dismiss(None)


def _default_path(fmt: str) -> str:
    """A new file in the current folder, named in full unless the folder's name holds
    control characters (an input cannot hold them: then the name alone, relative to it)."""
    folder = str(Path.cwd())
    return str(Path(folder) / default_name(fmt)) if is_safe(folder) else default_name(fmt)


def _with_suffix(typed: str, fmt: str) -> str:
    """The typed path with the format's extension; a default name when none is typed.

    >>> _with_suffix("/tmp/a.md", "csv"), _with_suffix("/tmp/", "md")[:12]
    ('/tmp/a.csv', '/tmp/fahras-')
    """
    path = Path(typed.strip()).expanduser()
    if not typed.strip():
        return _default_path(fmt)
    if typed.endswith("/") or not path.name or path.name in (".", ".."):
        return str(path / default_name(fmt))
    return str(path.with_suffix(f".{fmt}"))
