"""The help screen (F1 or ?): keys, query syntax and where things are kept."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from ..styling import label

KEYS = [
    ("Search", [("type", "search as you type"), ("↑ ↓", "query history"),
                ("Enter", "go to the results"), ("Esc", "clear the query")]),
    ("Results", [("Enter", "open the article"), ("m", "mark the article's passages with hits")]),
    ("Entities", [("Space / Enter / click", "toggle a filter"),
                  ("click a chip", "remove that filter"), ("type in the box", "find an entity")]),
    ("Reader", [("n / p", "next / previous hit"), ("m", "mark or unmark the passage"),
                ("M", "mark every passage with hits"), ("c", "copy the passage"),
                ("Esc", "back to the results")]),
    ("Anywhere", [("Tab / Shift+Tab", "move between panes"), ("/", "focus the search"),
                  ("F1 or ?", "this help"), ("Ctrl+P", "command palette: rebuild, add files, "
                                                      "matching mode, export, bidi mode, theme"),
                  ("F2", "exact or stemmed matching"), ("F3", "bidi: drawn by fahras or by the "
                                                        "terminal"),
                  ("F4", "the collection of marked passages"), ("Ctrl+S", "export"),
                  ("Ctrl+Q", "quit")]),
]

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


class HelpScreen(ModalScreen[None]):
    """Keys and query syntax."""

    BINDINGS = [Binding("escape,f1,question_mark,q", "dismiss", "Close", id="help.close")]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help"):
            yield Static(Text("fahras · فهرس — help", style="bold"))
            for section, keys in KEYS:
                table = Table(title=section, show_header=False, box=None, title_justify="left",
                              title_style="bold")
                table.add_column(style="bold cyan", no_wrap=True)
                table.add_column()
                for key, what in keys:
                    table.add_row(key, what)
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
