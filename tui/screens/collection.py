"""The collection: every marked passage with its citation, to review and prune."""

from __future__ import annotations

from rich.text import Text
from textual import getters
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, OptionList
from textual.widgets.option_list import Option

from fahras.index.collection import CollectionError
from fahras.index.export import citation
from fahras.index.safe_text import visible, visible_spans

from ..app import FahrasApp
from ..styling import article_rtl, one_line, plural
from ..widgets.drawn import Drawn

#: The narrowest a passage is drawn, however narrow the dialog.
MIN_WIDTH = 20


class CollectionScreen(ModalScreen[None]):
    """Delete unmarks a passage; Ctrl+S exports the collection."""

    app = getters.app(FahrasApp)

    COMPONENT_CLASSES = {"collection--hit", "collection--citation"}
    DEFAULT_CSS = """
    CollectionScreen {
        align: center middle;
        & > #collection {
            width: 95%;
            height: 90%;
            border: round $accent;
            background: $surface;
        }
        & #collection-list { height: 1fr; }
    }
    CollectionScreen > .collection--hit { text-style: bold reverse; }
    CollectionScreen:light > .collection--hit { text-style: bold; color: $foreground;
                                                background: $warning-muted; }
    CollectionScreen > .collection--citation { text-style: dim; }
    """

    BINDINGS = [
        Binding("escape,f4", "dismiss", "Close", id="collection.close"),
        Binding("delete,backspace,d", "unmark", "Unmark", id="collection.unmark"),
        Binding("ctrl+s", "export", "Export", id="collection.export"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(id="collection"):
            yield Drawn("", id="collection-title")
            yield OptionList(id="collection-list")
        yield Footer()

    def on_mount(self) -> None:
        self.app.theme_changed_signal.subscribe(self, lambda _: self._draw())
        self._draw()

    def on_resize(self) -> None:
        self._draw()

    def _draw(self) -> None:
        collection = self.app.collection
        listing = self.query_one(OptionList)
        # The room inside the list (its scrollbar and the option's padding off), so the
        # terminal never wraps a line already put in drawing order.
        width = max(MIN_WIDTH, listing.scrollable_content_region.width - 2)
        mode = self.app.bidi_mode
        hit = self.get_component_rich_style("collection--hit", partial=True)
        dim = self.get_component_rich_style("collection--citation", partial=True)
        options = []
        for passage in collection:
            rtl = article_rtl(passage.title, passage.text)
            prompt = Text("\n", end="").join([
                one_line(*visible_spans(passage.text, passage.hits), width, mode=mode,
                         rtl=rtl, hit=hit),
                one_line(citation(passage), (), width, mode=mode, style=dim, rtl=rtl),
            ])
            options.append(Option(prompt, id=passage.key))
        keep = listing.highlighted
        listing.set_options(options)
        if options:
            listing.highlighted = min(keep or 0, len(options) - 1)
        where = visible(str(collection.path))
        self.query_one("#collection-title", Drawn).update(
            f"Collection: {plural(len(options), 'marked passage')} (kept in {where})")

    def action_unmark(self) -> None:
        """Remove the highlighted passage from the collection."""
        listing = self.query_one(OptionList)
        option = listing.highlighted_option
        if option is not None and option.id:
            try:
                self.app.collection.remove(option.id)
            except CollectionError as error:
                self.notify(str(error), severity="error", timeout=10)
            self._draw()

    def action_export(self) -> None:
        """Export the collection."""
        from .export import ExportScreen

        self.app.push_screen(ExportScreen(scope="collection"))
