"""The help screen (F1 or ?): keys, query syntax and where things are kept.

The keys are read from the bindings of each part of the explorer, with the user's keymap
applied, so a key remapped in keys.toml shows as the key it now is.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.style import Style
from rich.table import Table
from rich.text import Text
from textual import getters
from textual.app import ComposeResult
from textual.binding import Binding, BindingsMap
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from ..app import FahrasApp
from ..styling import label
from ..widgets.drawn import Drawn

if TYPE_CHECKING:
    from textual.dom import DOMNode

#: Keys that are not bindings of fahras's own: typing, moving focus, Textual's.
BUILT_IN = {
    "Search": [("type", "search as you type"), ("Esc", "clear the query")],
    "Entities": [("type in the box", "find an entity; Enter toggles the top match"),
                 ("click a chip", "remove that filter")],
    "Anywhere": [("Tab / Shift+Tab", "move between panes"),
                 ("Ctrl+P", "command palette: rebuild, add files, matching, bidi, theme"),
                 ("Ctrl+Q", "quit")],
}

SYNTAX = [
    ("الشركات رقائق", "every word first, then most of them; الشركات finds شركة, رقائق finds رقاقة"),
    ("+تايوان رقائق", "+ requires a word"),
    ('"أشباه الموصلات"', "an exact phrase"),
    ("Broadcom OR Cerebras", "either"),
    ("تريليون -الإمارات", "without a word (also NOT)"),
    ("رقاق*", "a prefix"),
    ("=رقائق", "this surface form, no stemming"),
    ("Nvidia / انفيديا / إنفيديا", "any spelling of a name finds them all"),
]


def sections(app: FahrasApp) -> list[tuple[str, list[Binding]]]:
    """Each part of the explorer with its own bindings, in the order a user meets them."""
    from ..widgets.concordance_lines import ConcordanceLines
    from ..widgets.entity_filter import EntityOptions
    from ..widgets.reader import Reader
    from ..widgets.results import ResultsList
    from ..widgets.search_bar import SearchBox
    from ..widgets.timeline import TimelineChart
    from .collection import CollectionScreen
    from .concordance import ConcordanceScreen
    from .main import MainScreen

    parts: list[tuple[str, list[type[DOMNode]]]] = [
        ("Search", [SearchBox]), ("Results", [ResultsList]), ("Timeline (t)", [TimelineChart]),
        ("Entities", [EntityOptions]), ("Reader", [Reader]),
        ("Concordance (k)", [ConcordanceLines, ConcordanceScreen]),
        ("Collection (F4)", [CollectionScreen]), ("Anywhere", [type(app), MainScreen])]
    return [(name, [b for cls in classes for b in bindings_of(cls, app)])
            for name, classes in parts]


def bindings_of(cls: type[DOMNode], app: FahrasApp) -> list[Binding]:
    """A class's own bindings (not those it inherits from Textual) with the keymap on."""
    bindings = BindingsMap(cls.__dict__.get("BINDINGS", []))
    bindings.apply_keymap(app.keymap)
    return [b for listed in bindings.key_to_bindings.values() for b in listed]


def key_rows(bindings: list[Binding], app: FahrasApp) -> list[tuple[str, str]]:
    """One row per action: every key that does it, and what it does."""
    rows: dict[str, tuple[list[str], str]] = {}
    for binding in bindings:
        keys, _ = rows.setdefault(binding.action, ([], binding.description or binding.action))
        shown = app.get_key_display(binding)
        if shown not in keys:
            keys.append(shown)
    return [(" / ".join(keys), what) for keys, what in rows.values()]


class HelpScreen(ModalScreen[None]):
    """Keys and query syntax."""

    app = getters.app(FahrasApp)

    COMPONENT_CLASSES = {"help--key"}
    DEFAULT_CSS = """
    HelpScreen {
        align: center middle;
        /* Opaque: the explorer's lists behind showed through, scrollbars and all. */
        background: $background;
        & > #help {
            width: 90%;
            max-width: 100;
            height: 90%;
            border: round $accent;
            background: $surface;
            padding: 1 2;
        }
        & #help Static { margin-bottom: 1; }
    }
    HelpScreen > .help--key { color: ansi_cyan; text-style: bold; }
    HelpScreen:light > .help--key { color: $text-primary; }
    """

    BINDINGS = [Binding("escape,f1,question_mark,q", "dismiss", "Close", id="help.close")]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help"):
            yield Drawn("fahras · فهرس — help", style="bold", id="help-title")
            # Filled on mount, once the keys' component style can be read; composed here
            # so the screen's layout is whole from its first frame.
            for _ in sections(self.app):
                yield Static(classes="keys")
            yield from self._syntax()

    def on_mount(self) -> None:
        key_style = self.get_component_rich_style("help--key", partial=True)
        for static, (section, bindings) in zip(self.query(".keys").results(Static),
                                              sections(self.app), strict=True):
            static.update(self._keys_table(section, bindings, key_style))

    def _keys_table(self, section: str, bindings: list[Binding], key_style: Style) -> Table:
        table = Table(title=section, show_header=False, box=None, title_justify="left",
                      title_style="bold")
        table.add_column(style=key_style, no_wrap=True)
        table.add_column()
        for key, what in key_rows(bindings, self.app) + BUILT_IN.get(section, []):
            table.add_row(Text(key), Text(what))
        return table

    def _syntax(self) -> ComposeResult:
        """The query syntax and where keys are remapped."""
        syntax = Table(title="Query syntax", show_header=False, box=None,
                       title_justify="left", title_style="bold")
        syntax.add_column(style="bold", no_wrap=True)
        syntax.add_column()
        mode = self.app.bidi_mode
        for example, what in SYNTAX:
            syntax.add_row(label(example, mode), label(what, mode))
        yield Static(syntax)
        yield Static(Text("Keys can be remapped in ~/.config/fahras/keys.toml "
                          "(binding id = \"key\"); see the README.", style="dim"))
