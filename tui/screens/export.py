"""The export dialog: format, file name and scope; never overwrites without a confirmation.

What to export is gathered on the UI thread (an ``ExportJob``: the collection's passages,
or the main screen's search); the worker only finds, renders and writes, and reports back
through ``call_from_thread``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from textual import getters, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, RadioButton, RadioSet

from fahras.index.export import (
    FORMATS,
    ExportContext,
    ExportError,
    collection_summary,
    render,
    write,
)
from fahras.index.models import Passage
from fahras.index.search import Engine, SearchRequest

from ..app import FahrasApp
from ..styling import plural
from ..widgets.drawn import Drawn
from ..widgets.plain_input import PlainInput
from .export_file import default_path, target, with_suffix

#: Said when the collection is exported with nothing in it.
EMPTY_COLLECTION = "The collection is empty (mark passages with m): nothing exported"


@dataclass(frozen=True)
class ExportJob:
    """What to export, read on the UI thread: the collection's passages, or the search
    whose passages the worker finds."""

    context: ExportContext
    passages: tuple[Passage, ...] = ()
    request: SearchRequest | None = None


def export_passages(engine: Engine, job: ExportJob, path: Path, fmt: str, *,
                    force: bool) -> tuple[Path, int]:
    """Write the job's passages to ``path`` in ``fmt``: the path written and how many
    passages. Raises ``ExportError``; touches no widget, so safe on a worker thread."""
    passages = list(job.passages) if job.request is None else engine.passages(job.request)
    return write(path, render(passages, fmt, job.context), force=force), len(passages)


class ExportScreen(ModalScreen[Path | None]):
    """Choose what to export and where; the result is the written path."""

    app = getters.app(FahrasApp)

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
            yield PlainInput(default_path("md"), id="path")
            yield Drawn("", id="export-problem")
            with Horizontal(classes="buttons"):
                yield Button("Export", variant="primary", id="do-export")
                yield Button("Cancel", id="cancel")

    @property
    def fmt(self) -> str:
        pressed = self.query_one("#format", RadioSet).pressed_button
        return pressed.name if pressed and pressed.name else "md"

    @on(RadioSet.Changed, "#format")
    def _format_chosen(self) -> None:
        box = self.query_one("#path", Input)
        box.value = with_suffix(box.value, self.fmt)

    @on(RadioSet.Changed)
    @on(Input.Changed)
    def _unconfirm(self) -> None:
        self._confirmed = None

    @on(Button.Pressed, "#cancel")
    def _cancel_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(None)

    @on(Button.Pressed, "#do-export")
    def _export_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.export()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.export()

    def export(self) -> None:
        """Write the file; the first attempt on an existing file asks for a confirmation."""
        chosen = target(self.query_one("#path", Input).value, self._confirmed)
        if chosen.path is None:
            self._confirmed = chosen.confirming
            self.query_one("#export-problem", Drawn).update(chosen.problem)
            return
        scope_button = self.query_one("#scope", RadioSet).pressed_button
        job = self._job(scope_button.name or "collection" if scope_button else "collection")
        if job is None:
            self._failed(EMPTY_COLLECTION)
            return
        self._write(self.app.engine, job, chosen.path, self.fmt, force=chosen.force)

    def _job(self, scope: str) -> ExportJob | None:
        """What ``scope`` exports now; ``None`` for an empty collection."""
        if scope == "collection":
            passages = tuple(self.app.collection)
            summary = collection_summary(list(passages))
            return ExportJob(ExportContext(collection=summary), passages) if passages else None
        main = self.app.main
        context = ExportContext(main.query_text, {**main.filters.to_dict(),
                                                  **main.news_labels()})
        return ExportJob(context, request=main.search_request())

    @work(exclusive=True, group="export", thread=True)
    def _write(self, engine: Engine, job: ExportJob, path: Path, fmt: str, *,
               force: bool) -> None:
        try:
            written, count = export_passages(engine, job, path, fmt, force=force)
        except ExportError as error:
            self.app.call_from_thread(self._failed, str(error))
            return
        except Exception as error:  # a bug must not close the explorer and lose the session
            self.app.call_from_thread(
                self._failed, f"{path}: export failed ({type(error).__name__}: {error})")
            return
        self.app.call_from_thread(self._done, written, count)

    def _failed(self, message: str) -> None:
        self.query_one("#export-problem", Drawn).update(message)
        self.app.notify(message, severity="error", timeout=8)

    def _done(self, path: Path, count: int) -> None:
        self.app.notify(f"Exported {plural(count, 'passage')} to {path}", timeout=8)
        self.dismiss(path)

    def action_cancel(self) -> None:
        """Close without exporting."""
        self.dismiss(None)

