"""The fahras explorer: a thin App that owns the engine and the session's settings.

Screens and widgets live in their own modules; the engine is called through ``index/``
from workers only. The session's settings that change what is drawn, who draws
right-to-left text (``bidi_mode``) and exact matching (``exact``), are reactives: the main
screen binds them (``data_bind``) and its widgets bind the screen's, so a change flows
down by itself.

Screens and widgets declare ``app = getters.app(FahrasApp)`` so ``self.app.*`` is
type-checked; that is why this module imports the screens where it uses them, not at its
top (they import it).
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import platformdirs
from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.reactive import var
from textual.screen import Screen

from fahras.index.collection import Collection
from fahras.index.models import IndexReport
from fahras.index.safe_text import visible
from fahras.index.search import Engine
from fahras.index.store import STALE_CATALOGUE, Store, StoreError, ensure_ready

from .bidi import detect_mode
from .styling import plural

if TYPE_CHECKING:
    from .screens.build import BuildScreen
    from .screens.main import MainScreen

Severity = Literal["information", "warning", "error"]


def _summary(report: IndexReport, *, rebuilt: bool) -> str:
    """What an indexing run did, in words: a rebuild re-indexes every article."""
    skipped = f", {len(report.skipped)} skipped" if report.skipped else ""
    if not (rebuilt or report.added or report.updated or report.unchanged) and report.notices:
        return report.notices[-1]  # e.g. the articles a changed catalogue re-tagged
    if rebuilt:
        return f"Rebuilt the index: {plural(report.indexed, 'article')} indexed{skipped}"
    return (f"{len(report.added)} added, {len(report.updated)} updated, "
            f"{len(report.unchanged)} unchanged{skipped}")


def keys_path() -> Path:
    """Where users remap keys: ``binding id = "keys"`` lines."""
    return Path(platformdirs.user_config_dir("fahras")) / "keys.toml"


class FahrasApp(App[None]):
    """Search, filter and read an Arabic news corpus."""

    TITLE = "fahras · فهرس"
    CSS_PATH = "app.tcss"
    BINDINGS = [
        Binding("f1,question_mark", "help", "Help", id="app.help"),
        Binding("f2", "toggle_exact", "Exact/stemmed", id="app.toggle_exact"),
        Binding("f3", "toggle_bidi", "Bidi", show=False, id="app.toggle_bidi"),
        Binding("f4", "collection", "Collection", id="app.collection"),
        Binding("ctrl+s", "export", "Export", id="app.export"),
        Binding("ctrl+t", "toggle_dark", "Theme", show=False, id="app.toggle_theme"),
    ]

    #: Who draws right-to-left text: ``"app"`` (fahras, by UAX #9) or ``"terminal"``.
    bidi_mode: var[str] = var("app")
    #: Exact matching (surface forms) instead of stemmed.
    exact: var[bool] = var(False)

    def __init__(self, store: Store, *, bidi: str = "auto", page_size: int = 20,
                 entities_file: Path | None = None) -> None:
        super().__init__()
        self.store = store
        #: ``--entities FILE``: where the explorer adds names (else the user's own file).
        self.entities_file = entities_file
        self.engine = Engine(store)
        self.collection = Collection.beside(store.directory)
        self.set_reactive(FahrasApp.bidi_mode, detect_mode() if bidi == "auto" else bidi)
        self.page_size = page_size
        self.ready = False

    def on_mount(self) -> None:
        from .screens.main import MainScreen

        self._load_keymap()
        reason = self.store.stale_reason()
        self.ready = reason is None  # the main screen searches on mount when ready
        main = MainScreen(self.store.catalogue)
        self.push_screen(main.data_bind(FahrasApp.bidi_mode, FahrasApp.exact))
        if self.collection.problem:
            self.notify(self.collection.problem, severity="warning", timeout=10)
        if reason:
            # A changed catalogue is applied in place (index/retag.py), not rebuilt.
            self.build(f"Building the index ({reason})…", rebuild=reason != STALE_CATALOGUE)

    def notify(self, message: str, *, title: str = "", severity: Severity = "information",
               timeout: float | None = None, markup: bool = True) -> None:
        """A toast whose text is data: control characters shown as escapes, and never read
        as markup (a file named ``[@click=app.quit]q.txt`` is a name, not an action)."""
        super().notify(visible(message), title=visible(title), severity=severity,
                       timeout=timeout, markup=False)

    @property
    def main(self) -> MainScreen:
        """The main screen, wherever the screen stack is."""
        from .screens.main import MainScreen

        return next(s for s in self.screen_stack if isinstance(s, MainScreen))

    @property
    def keymap(self) -> dict[str, str]:
        """The user's keymap (binding id to keys), as Textual applies it.

        Textual 8 keeps the keymap it was given in ``App._keymap`` and has no public way to
        read it back; the help screen needs it to show remapped keys. This is the one read of
        that private field, kept here so a Textual upgrade has one place to check.
        """
        return dict(self._keymap)

    def _load_keymap(self) -> None:
        path = keys_path()
        if not path.exists():
            return
        try:
            keymap = tomllib.loads(path.read_text("utf-8"))
            self.set_keymap({str(k): str(v) for k, v in keymap.items()})
        except (OSError, ValueError) as error:
            self.notify(f"{path}: not used ({error})", severity="warning", timeout=8)

    # -- building -----------------------------------------------------------------------

    def build(self, title: str, paths: list[Path] | None = None, *, rebuild: bool = False
              ) -> None:
        """Index in a worker with a progress display, then search again."""
        from .screens.build import BuildScreen

        screen = BuildScreen(title)
        self.push_screen(screen)
        self._build(self.store, screen, paths or [], rebuild)

    @work(exclusive=True, group="build", thread=True)
    def _build(self, store: Store, screen: BuildScreen, paths: list[Path], rebuild: bool
               ) -> None:
        # The screen is only ever called back on the UI thread (call_from_thread).
        def progress(done: int, total: int, path: str) -> None:
            self.call_from_thread(screen.advance, done, total, path)

        report: IndexReport | None
        try:
            if paths:
                report = store.add(paths, rebuild=rebuild, progress=progress)
            elif rebuild and store.exists():
                report = store.add([], rebuild=True, progress=progress)
            else:
                report = ensure_ready(store, progress)
        except (StoreError, OSError) as error:
            self.call_from_thread(self._built, screen, f"Indexing failed: {error}", "error")
            return
        summary = "" if report is None else _summary(report, rebuilt=rebuild)
        for skipped in (report.skipped if report else ())[:5]:
            self.call_from_thread(self.notify, str(skipped), severity="warning", timeout=8)
        self.call_from_thread(self._built, screen, summary, "information")

    def _built(self, screen: BuildScreen, message: str, severity: Severity) -> None:
        self.ready = True
        screen.dismiss()
        if message:
            self.notify(message, severity=severity, timeout=6)
        self.main.new_search()

    # -- commands -----------------------------------------------------------------------

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield SystemCommand("Rebuild the index", "Re-index every article from scratch",
                            lambda: self.build("Rebuilding the index…", rebuild=True))
        yield SystemCommand("Add files…", "Index more files or folders", self.action_add_files)
        yield SystemCommand("Matching: exact or stemmed", "Toggle stemming (F2)",
                            self.action_toggle_exact)
        yield SystemCommand("Bidi: drawn by fahras or by the terminal", "Toggle (F3)",
                            self.action_toggle_bidi)
        yield SystemCommand("Collection of marked passages", "See and edit (F4)",
                            self.action_collection)
        yield SystemCommand("Export…", "Export passages (Ctrl+S)", self.action_export)

    def action_help(self) -> None:
        """Show keys and query syntax."""
        from .screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_toggle_exact(self) -> None:
        """Switch between stemmed and exact matching."""
        self.exact = not self.exact  # the main screen searches again (MainScreen.watch_exact)
        self.notify("Exact matching" if self.exact else "Stemmed matching", timeout=2)

    def action_toggle_bidi(self) -> None:
        """Switch who draws right-to-left text: fahras or the terminal."""
        self.bidi_mode = "terminal" if self.bidi_mode == "app" else "app"
        self.notify(f"Bidi: {'drawn by fahras' if self.bidi_mode == 'app' else 'by the terminal'}",
                    timeout=2)

    def action_toggle_dark(self) -> None:
        """Light or dark theme."""
        self.theme = "textual-light" if self.theme == "textual-dark" else "textual-dark"

    def action_add_files(self) -> None:
        """Ask for a file or folder and index it."""
        from .screens.prompt import PromptScreen

        def chosen(answer: str | None) -> None:
            if answer:
                path = Path(answer).expanduser()
                self.build(f"Indexing {path}…", [path])

        self.push_screen(PromptScreen("Index which file or folder?",
                                      placeholder="~/news or article.txt"), chosen)

    def action_collection(self) -> None:
        """The marked passages, to review and edit."""
        from .screens.collection import CollectionScreen

        self.push_screen(CollectionScreen())

    def action_export(self) -> None:
        """Export the collection or the current search."""
        from .screens.export import ExportScreen

        self.push_screen(ExportScreen("collection" if len(self.collection) else "search"))
