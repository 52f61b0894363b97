"""The help screen (F1 or ?): keys, query syntax and where things are kept.

The keys are read from the bindings of each part of the explorer, with the user's keymap
applied, so a key remapped in keys.toml shows as the key it now is.
"""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingsMap
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from ..styling import label
from ..widgets.drawn import Drawn

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


def sections(app) -> list[tuple[str, list[Binding]]]:
    """Each part of the explorer with its own bindings, in the order a user meets them."""
    from ..widgets.concordance_lines import ConcordanceLines
    from ..widgets.entity_filter import EntityOptions
    from ..widgets.reader import Reader
    from ..widgets.results import ResultsList
    from ..widgets.search_bar import SearchBox
    from .collection import CollectionScreen
    from .concordance import ConcordanceScreen
    from .main import MainScreen

    parts = [("Search", [SearchBox]), ("Results", [ResultsList]),
             ("Entities", [EntityOptions]), ("Reader", [Reader]),
             ("Concordance (k)", [ConcordanceLines, ConcordanceScreen]),
             ("Collection (F4)", [CollectionScreen]), ("Anywhere", [type(app), MainScreen])]
    return [(name, [b for cls in classes for b in bindings_of(cls, app)])
            for name, classes in parts]


def bindings_of(cls, app) -> list[Binding]:
    """A class's own bindings (not those it inherits from Textual) with the keymap on."""
    bindings = BindingsMap(cls.__dict__.get("BINDINGS", []))
    bindings.apply_keymap(getattr(app, "_keymap", {}))  # Textual keeps it private
    return [b for listed in bindings.key_to_bindings.values() for b in listed]


def key_rows(bindings: list[Binding], app) -> list[tuple[str, str]]:
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

    BINDINGS = [Binding("escape,f1,question_mark,q", "dismiss", "Close", id="help.close")]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help"):
            yield Drawn("fahras · فهرس — help", style="bold", id="help-title")
            for section, bindings in sections(self.app):
                table = Table(title=section, show_header=False, box=None, title_justify="left",
                              title_style="bold")
                table.add_column(style="bold cyan", no_wrap=True)
                table.add_column()
                rows = key_rows(bindings, self.app) + BUILT_IN.get(section, [])
                for key, what in rows:
                    table.add_row(Text(key), Text(what))
                yield Static(table)
            syntax = Table(title="Query syntax", show_header=False, box=None,
                           title_justify="left", title_style="bold")
            syntax.add_column(style="bold", no_wrap=True)
            syntax.add_column()
            mode = getattr(self.app, "bidi_mode", "app")
            for example, what in SYNTAX:
                syntax.add_row(label(example, mode), label(what, mode))
            yield Static(syntax)
            yield Static(Text("Keys can be remapped in ~/.config/fahras/keys.toml "
                              "(binding id = \"key\"); see the README.", style="dim"))
