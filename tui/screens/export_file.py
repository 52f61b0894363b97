"""What every export dialog shares: the file a typed name names (never an existing file
unless Export is pressed a second time for it), a default name that follows the format,
and the dialog the analyst views export from (the concordance, the timeline, the related
names): a format, a file name, writing in a worker, the problem said in the dialog.

The passage export (``export.py``) has a scope to choose and its own job, so it uses the
functions; the views' dialogs differ only in their formats and what they write, so they
are one class (``FileExportScreen``) given those.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, RadioButton, RadioSet

from fahras.index.export import ExportError, default_name, write
from fahras.index.safe_text import is_safe

from ..widgets.drawn import Drawn
from ..widgets.plain_input import PlainInput

NO_NAME = "Give a file name to export to"


@dataclass(frozen=True)
class Target:
    """The file to write (``None`` when not yet: ``problem`` says why)."""

    path: Path | None
    problem: str = ""
    #: Write over an existing file: the user pressed Export again for this one.
    force: bool = False
    #: The existing file that a second press of Export would write over.
    confirming: Path | None = None


def target(typed: str, confirmed: Path | None) -> Target:
    """The file a typed name names, or the problem with it. An existing file is written
    over only when it is ``confirmed`` (the one named by the press before).

    >>> target(" ", None).problem
    'Give a file name to export to'
    >>> target("/tmp", None).problem
    '/tmp is a folder: give a file name'
    """
    typed = typed.strip()
    if not typed or typed.endswith("/"):
        return Target(None, NO_NAME)
    path = Path(typed).expanduser()
    if path.is_dir():
        return Target(None, f"{path} is a folder: give a file name")
    if path.exists() and confirmed != path:
        return Target(None, f"{path} exists: press Export again to overwrite it",
                      confirming=path)
    return Target(path, force=confirmed == path)


def default_path(fmt: str) -> str:
    """A new file in the current folder, named in full unless the folder's name holds
    control characters (an input cannot hold them: then the name alone, relative to it)."""
    folder = str(Path.cwd())
    return str(Path(folder) / default_name(fmt)) if is_safe(folder) else default_name(fmt)


def with_suffix(typed: str, fmt: str) -> str:
    """The typed path with the format's extension; a default name when none is typed.

    >>> with_suffix("/tmp/a.md", "csv"), with_suffix("/tmp/", "md")[:12]
    ('/tmp/a.csv', '/tmp/fahras-')
    """
    path = Path(typed.strip()).expanduser()
    if not typed.strip():
        return default_path(fmt)
    if typed.endswith("/") or not path.name or path.name in (".", ".."):
        return str(path / default_name(fmt))
    return str(path.with_suffix(f".{fmt}"))


@dataclass(frozen=True)
class ExportContent:
    """What a view's dialog exports: its title, formats, what is written, and how the
    notice counts it. ``render`` turns a format into the file's text; it is called on
    the worker thread, so it holds its data and touches no widget."""

    title: str
    formats: dict[str, str]
    render: Callable[[str], str]
    #: "3 concordance lines", "12 bars": said when the file is written.
    count: str
    #: The widgets' ids start with it (``kwic``: ``#kwic-path``, ``#kwic-do-export``).
    prefix: str
    #: Said instead of writing an empty file ("" when there is something to write).
    empty: str = ""


class FileExportScreen(ModalScreen[Path | None]):
    """Choose a format and a file for a view's export; the result is the written path."""

    DEFAULT_CSS = """
    FileExportScreen {
        align: center middle;
    }
    """

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="view_export.cancel")]

    def __init__(self, content: ExportContent) -> None:
        super().__init__()
        self.content = content
        self._confirmed: Path | None = None

    def _named(self, name: str) -> str:
        return f"{self.content.prefix}-{name}"

    def compose(self) -> ComposeResult:
        first = next(iter(self.content.formats))
        with Vertical(classes="dialog", id=self._named("export")):
            yield Drawn(self.content.title, classes="dialog-title")
            with RadioSet(id=self._named("format")):
                for key, name in self.content.formats.items():
                    yield RadioButton(f"{name} (.{key})", value=key == first, name=key)
            yield PlainInput(with_suffix(default_path(first), first), id=self._named("path"))
            yield Drawn("", id=self._named("export-problem"))
            with Horizontal(classes="buttons"):
                yield Button("Export", variant="primary", id=self._named("do-export"))
                yield Button("Cancel", id=self._named("cancel"))

    @property
    def fmt(self) -> str:
        """The chosen format."""
        pressed = self.query_one(f"#{self._named('format')}", RadioSet).pressed_button
        return pressed.name if pressed and pressed.name else next(iter(self.content.formats))

    @on(RadioSet.Changed)
    def _format_changed(self) -> None:
        box = self.query_one(f"#{self._named('path')}", Input)
        box.value = with_suffix(box.value, self.fmt)
        self._confirmed = None

    @on(Input.Changed)
    def _path_changed(self) -> None:
        self._confirmed = None

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == self._named("cancel"):
            self.dismiss(None)
        else:
            self.export()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.export()

    def export(self) -> None:
        """Write the file; the first attempt on an existing file asks for a confirmation."""
        if self.content.empty:
            self._problem(self.content.empty)
            return
        chosen = target(self.query_one(f"#{self._named('path')}", Input).value, self._confirmed)
        if chosen.path is None:
            self._confirmed = chosen.confirming
            self._problem(chosen.problem)
            return
        self._write(chosen.path, self.fmt, self.content.render, force=chosen.force)

    @work(exclusive=True, group="view-export", thread=True)
    def _write(self, path: Path, fmt: str, render: Callable[[str], str], *, force: bool
               ) -> None:
        try:
            written = write(path, render(fmt), force=force)
        except ExportError as error:
            self.app.call_from_thread(self._failed, str(error))
            return
        except Exception as error:  # a bug must not close the explorer and lose the session
            self.app.call_from_thread(
                self._failed, f"{path}: export failed ({type(error).__name__}: {error})")
            return
        self.app.call_from_thread(self._done, written)

    def _problem(self, message: str) -> None:
        self.query_one(f"#{self._named('export-problem')}", Drawn).update(message)

    def _failed(self, message: str) -> None:
        self._problem(message)
        self.app.notify(message, severity="error", timeout=8)

    def _done(self, path: Path) -> None:
        self.app.notify(f"Exported {self.content.count} to {path}", timeout=8)
        self.dismiss(path)

    def action_cancel(self) -> None:
        """Close without exporting."""
        self.dismiss(None)
