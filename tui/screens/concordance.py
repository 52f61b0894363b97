"""The concordance screen (`k` from the results): every hit of the search, in context.

The lines stream in from a worker: the first screen is drawn as soon as the first few
articles are read (``index.concordance.FIRST_SCREEN``), the rest follow in pages while the
user reads, and typing or moving never waits for them. Sorting and the form filter are
applied in a worker too, to the lines loaded so far, and again once all are in; the form
counts grow with the stream; the collocations (`c`) need every line and come last.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace

from textual import getters, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.reactive import reactive, var
from textual.screen import Screen
from textual.widgets import Footer, Select
from textual.worker import get_current_worker

from fahras.index import concordance as kwic
from fahras.index.collection import CollectionError
from fahras.index.concordance import Collocate, ConcordanceLine, FormCount
from fahras.index.models import Passage
from fahras.index.search import SearchRequest

from ..app import FahrasApp
from ..styling import plural
from ..widgets.concordance_lines import ConcordanceLines
from ..widgets.drawn import Drawn

#: Lines read per message after the first screen: few messages, each quick to add.
PAGE = 2_000
#: The explorer keeps at most this many lines (the command line has no limit).
LINE_LIMIT = 100_000
#: Forms named on the forms line; the rest are counted as "+N more".
FORMS_SHOWN = 8
SORT_LABELS = {
    "relevance": "Articles best first",
    "hit": "Hit form",
    "left1": "1st word before",
    "left2": "2nd word before",
    "left3": "3rd word before",
    "right1": "1st word after",
    "right2": "2nd word after",
    "right3": "3rd word after",
    "article": "Article",
    "date": "Date (newest first)",
}


class ConcordanceScreen(Screen[ConcordanceLine | None]):
    """The concordance of one search; dismissed with the line to open, or None."""

    app = getters.app(FahrasApp)

    DEFAULT_CSS = """
    ConcordanceScreen #kwic-bar {
        height: auto;
    }
    ConcordanceScreen #kwic-sort {
        width: 32;
    }
    ConcordanceScreen #kwic-status {
        width: 1fr;
        padding: 1 1 0 1;
    }
    ConcordanceScreen #kwic-forms {
        padding: 0 1;
        color: $text-muted;
    }
    ConcordanceScreen #kwic-collocations {
        width: 34;
        height: 1fr;
        border-left: solid $primary;
        padding: 0 1;
        display: none;
    }
    ConcordanceScreen.collocations #kwic-collocations {
        display: block;
    }
    """

    BINDINGS = [
        Binding("s", "next_sort", "Sort", id="concordance.sort"),
        Binding("f", "next_form", "Form", id="concordance.form"),
        Binding("c", "toggle_collocations", "Collocates", id="concordance.collocations"),
        Binding("ctrl+s", "export", "Export", id="concordance.export"),
        Binding("escape", "back", "Back", id="concordance.back"),
    ]

    #: One of ``index.concordance.SORT_KEYS``.
    sort_key = reactive("relevance", init=False)
    #: The one form shown ("" for every form).
    form = reactive("", init=False)
    #: The app's bidi mode, followed while the screen lives (bound into the lines).
    bidi_mode: var[str] = var("app")

    @dataclass
    class Loaded(Message):
        """More lines arrived from the stream, with the form counts so far."""

        request: SearchRequest
        lines: list[ConcordanceLine]
        forms: tuple[FormCount, ...]
        done: bool
        articles: int

    @dataclass
    class Counted(Message):
        """The collocations of every line (the last step of loading)."""

        request: SearchRequest
        collocates: tuple[Collocate, ...]

    @dataclass
    class Sorted(Message):
        """The lines in a sort order and for a form, ready to show."""

        lines: list[ConcordanceLine]
        key: str
        form: str
        count: int

    @dataclass
    class Marked(Message):
        """A line's passage, read in a worker, to toggle in the collection."""

        passage: Passage

    def __init__(self, request: SearchRequest) -> None:
        super().__init__()
        self.request = request
        self.every: list[ConcordanceLine] = []
        self.forms: tuple[FormCount, ...] = ()
        self.collocates: tuple[Collocate, ...] = ()
        self.done = False
        self.articles = 0

    def compose(self) -> ComposeResult:
        yield Drawn(self._title(), style="bold", id="kwic-title")
        with Horizontal(id="kwic-bar"):
            yield Select([(label, key) for key, label in SORT_LABELS.items()],
                         value="relevance", allow_blank=False, id="kwic-sort")
            yield Drawn("", id="kwic-status")
        yield Drawn("", rtl=True, id="kwic-forms")
        with Horizontal(id="kwic-body"):
            yield ConcordanceLines(id="kwic-lines").data_bind(ConcordanceScreen.bidi_mode)
            yield Drawn("", rtl=True, id="kwic-collocations")
        yield Footer()

    def _title(self) -> str:
        matching = " · exact forms" if self.request.exact else ""
        return f"Concordance · {self.request.text or '(filters)'}{matching}"

    def on_mount(self) -> None:
        # F3 and F2 work here too: the lines follow the app's bidi mode and matching.
        self.watch(self.app, "bidi_mode", self._follow_bidi)
        self.watch(self.app, "exact", self._follow_exact, init=False)
        lines = self.query_one(ConcordanceLines)
        self._refresh_marks()
        lines.focus()
        self._show_status()
        self.load(self.request, self.app.engine)

    def on_screen_resume(self) -> None:
        self._refresh_marks()
        if self.request.exact != self.app.exact:  # F2 pressed in a dialog over this one
            self.rematch(self.app.exact)

    def _follow_bidi(self, mode: str) -> None:
        self.bidi_mode = mode

    def _follow_exact(self, exact: bool) -> None:
        # An installed screen not shown is replaced when next asked for (main.py).
        if self.is_current and exact != self.request.exact:
            self.rematch(exact)

    def rematch(self, exact: bool) -> None:
        """The concordance again with exact (or stemmed) matching, from its first line."""
        self.request = replace(self.request, exact=exact)
        self.every, self.forms, self.collocates = [], (), ()
        self.done, self.articles = False, 0
        self.query_one("#kwic-title", Drawn).update(self._title())
        self.query_one("#kwic-collocations", Drawn).update("")
        self.query_one(ConcordanceLines).show([])
        self.form = ""
        self._show_status()
        self.load(self.request, self.app.engine)

    # -- loading ------------------------------------------------------------------------

    @work(exclusive=True, group="kwic-load", thread=True)
    def load(self, request: SearchRequest, engine) -> None:
        """Stream the lines: the first screen at once, then pages; collocations last."""
        worker = get_current_worker()
        stream = kwic.concordance(engine, request)
        found: list[ConcordanceLine] = []
        forms: Counter[str] = Counter()
        articles: set[str] = set()
        size = kwic.FIRST_SCREEN
        while not worker.is_cancelled:
            page = kwic.first(stream, min(size, LINE_LIMIT - len(found)))
            found += page
            forms.update(line.form for line in page)
            articles.update(line.article_id for line in page)
            done = len(page) < size or len(found) >= LINE_LIMIT
            counts = tuple(FormCount(f, n) for f, n in sorted(
                forms.items(), key=lambda item: (-item[1], item[0])))
            self.post_message(self.Loaded(request, page, counts, done, len(articles)))
            if done:
                break
            size = PAGE
        if not worker.is_cancelled:
            self.post_message(self.Counted(request, kwic.collocations(engine, found)))

    @on(Loaded)
    def _loaded(self, message: Loaded) -> None:
        if message.request != self.request:
            return  # from before F2 changed the matching
        self.every += message.lines
        self.forms, self.done, self.articles = message.forms, message.done, message.articles
        lines = self.query_one(ConcordanceLines)
        if self.sort_key == "relevance" and not self.form:
            lines.extend(message.lines)
        elif message.done or not lines.lines:
            self.resort(self.every, self.sort_key, self.form)
        self._show_status()

    @on(Counted)
    def _counted(self, message: Counted) -> None:
        if message.request != self.request:
            return
        self.collocates = message.collocates
        rows = [f"{c.word} · {c.together} · {c.score:.1f}" for c in message.collocates]
        text = "Collocates (±5 words, log-Dice)\n" + ("\n".join(rows) if rows else "none")
        self.query_one("#kwic-collocations", Drawn).update(text)

    # -- sorting and forms --------------------------------------------------------------

    @work(exclusive=True, group="kwic-sort", thread=True)
    def resort(self, every: list[ConcordanceLine], key: str, form: str) -> None:
        """The loaded lines of one form (or all) in a sort order, off the UI thread."""
        chosen = [line for line in every if line.form == form] if form else every
        ordered = kwic.sort_lines(chosen, key)
        if not get_current_worker().is_cancelled:
            self.post_message(self.Sorted(ordered, key, form, len(every)))

    @on(Sorted)
    def _sorted(self, message: Sorted) -> None:
        if (message.key, message.form) == (self.sort_key, self.form):
            self.query_one(ConcordanceLines).show(message.lines)
            self._show_status()

    def watch_sort_key(self, key: str) -> None:
        select = self.query_one("#kwic-sort", Select)
        if select.value != key:
            select.value = key
        self._arrange()

    def watch_form(self, form: str) -> None:
        self._arrange()

    def _arrange(self) -> None:
        """The lines in the chosen order and form: the stream's own order at once, any
        other in a worker."""
        if self.sort_key == "relevance" and not self.form:
            self.query_one(ConcordanceLines).show(list(self.every))
            self._show_status()
        else:
            self.resort(list(self.every), self.sort_key, self.form)

    @on(Select.Changed, "#kwic-sort")
    def _sort_chosen(self, event: Select.Changed) -> None:
        if isinstance(event.value, str):
            self.sort_key = event.value

    def action_next_sort(self) -> None:
        """Sort by the next key (relevance, hit, words before, words after, article, date)."""
        keys = kwic.SORT_KEYS
        self.sort_key = keys[(keys.index(self.sort_key) + 1) % len(keys)]

    def action_next_form(self) -> None:
        """Show only the next form of the hit (then every form again)."""
        forms = ["", *(f.form for f in self.forms)]
        at = forms.index(self.form) if self.form in forms else 0
        self.form = forms[(at + 1) % len(forms)]

    def action_toggle_collocations(self) -> None:
        """Show or hide the collocates of the hits."""
        self.toggle_class("collocations")

    def _show_status(self) -> None:
        shown = len(self.query_one(ConcordanceLines).lines)
        hits = len(self.every)
        status = f"{plural(hits, 'hit')} in {plural(self.articles, 'article')}"
        copies = sum(len(line.copies) for line in self.every)
        if copies:
            status += f" · {plural(copies, 'line')} of copies folded"
        if hits >= LINE_LIMIT:
            status += f" (the first {LINE_LIMIT:,})"
        if self.form:
            status += f" · {plural(shown, 'line')} of {self.form}"
        status += f" · sorted by {SORT_LABELS[self.sort_key].lower()}"
        status += "" if self.done else " · loading…"
        self.query_one("#kwic-status", Drawn).update(status)
        self.query_one("#kwic-forms", Drawn).update(self._forms_line())

    def _forms_line(self) -> str:
        named = [f"{'▶ ' if f.form == self.form else ''}{f.form} {f.count}"
                 for f in self.forms[:FORMS_SHOWN]]
        more = len(self.forms) - FORMS_SHOWN
        every = "▶ every form" if not self.form else "every form"
        return "Forms (f): " + " · ".join([every, *named]) + (
            f" · +{more} more" if more > 0 else "")

    # -- opening, marking, exporting ----------------------------------------------------

    @on(ConcordanceLines.Chosen)
    def _chosen(self, message: ConcordanceLines.Chosen) -> None:
        self.dismiss(message.line)

    @on(ConcordanceLines.MarkRequested)
    def _mark_requested(self, message: ConcordanceLines.MarkRequested) -> None:
        self.read_passage(message.line, self.request, self.app.engine)

    @work(group="kwic-mark", thread=True)
    def read_passage(self, line: ConcordanceLine, request: SearchRequest, engine) -> None:
        """The paragraph of a line as the reader would mark it."""
        passage = kwic.passage_of(engine, line, request)
        if passage is not None:
            self.post_message(self.Marked(passage))

    @on(Marked)
    def _marked(self, message: Marked) -> None:
        try:
            marked = self.app.collection.toggle(message.passage)
        except CollectionError as error:
            self.notify(str(error), severity="error", timeout=10)
            return
        self.notify("Passage marked" if marked else "Passage unmarked", timeout=2)
        self._refresh_marks()

    def _refresh_marks(self) -> None:
        lines = self.query_one(ConcordanceLines)
        lines.marked = {(p.article_id, p.paragraph) for p in self.app.collection}
        lines.refresh()

    def action_export(self) -> None:
        """Export the lines shown (their sort and form) as TSV, CSV or JSON Lines."""
        from .concordance_export import ConcordanceExportScreen

        shown = list(self.query_one(ConcordanceLines).lines)
        self.app.push_screen(ConcordanceExportScreen(shown))

    def action_back(self) -> None:
        """Back to the results."""
        self.dismiss(None)
