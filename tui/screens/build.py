"""A progress display while the index is built or rebuilt."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import ProgressBar

from ..widgets.drawn import Drawn

#: The end of the file's path that is shown (its name and nearest folders): one line of
#: the build dialog at 80 columns.
SHOWN_PATH_CHARS = 70


class BuildScreen(ModalScreen[None]):
    """Shown while indexing; the app dismisses it when the build ends."""

    DEFAULT_CSS = """
    BuildScreen {
        align: center middle;
        & > #build {
            width: 70;
            height: auto;
            border: round $accent;
            background: $surface;
            padding: 1 2;
        }
    }
    """

    def __init__(self, title: str) -> None:
        super().__init__()
        self.title_text = title

    def compose(self) -> ComposeResult:
        with Vertical(id="build"):
            yield Drawn(self.title_text, id="build-title")
            yield ProgressBar(id="build-progress", show_eta=False)
            yield Drawn("", id="build-file")

    def advance(self, done: int, total: int, path: str) -> None:
        """Show how far the build is."""
        self.query_one(ProgressBar).update(total=total, progress=done)
        self.query_one("#build-file", Drawn).update(path[-SHOWN_PATH_CHARS:])
