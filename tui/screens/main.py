"""The main screen: search bar, results, entity filters and the reader.

Widgets send messages up; this screen runs the engine in workers (never on the UI
thread) and hands results down as attributes. Each search is an exclusive worker, so a
newer keystroke cancels the older search.
"""

from __future__ import annotations

from dataclasses import replace

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer
from textual.worker import get_current_worker

from index.collection import CollectionError
from index.models import Filters, Reading, SearchResponse
from index.search import SearchRequest

from ..styling import plural
from ..widgets.entity_filter import EntityFilter, find_key
from ..widgets.reader import Reader
from ..widgets.results import ResultsList
from ..widgets.search_bar import SearchBar

#: Seconds without a keystroke after which typing has stopped: the query is searched again
#: without completing its last word, so the explorer shows what `fahras search` shows.
TYPING_PAUSE = 0.6

#: The name the concordance screen is installed under (kept while its query holds).
CONCORDANCE = "concordance"

#: Below this width the reader takes the place of the results instead of sitting beside them.
SIDE_BY_SIDE = 120


def _toggled(chosen: tuple[str, ...], value: str) -> tuple[str, ...]:
    """``chosen`` with ``value`` added or removed."""
    return tuple(v for v in chosen if v != value) if value in chosen else (*chosen, value)


class MainScreen(Screen):
    """Everything a reading session needs on one screen."""

    BINDINGS = [
        Binding("slash", "focus_search", "Search", id="main.focus_search"),
        Binding("s", "toggle_sort", "Sort", id="main.toggle_sort"),
    ]

    class Searched(Message):
        """A search finished (posted from the worker thread), its rows drawn ahead."""

        def __init__(self, request: SearchRequest, response: SearchResponse,
                     prompts: list, width: int) -> None:
            super().__init__()
            self.request = request
            self.response = response
            self.prompts = prompts
            self.width = width

    class Counted(Message):
        """The exact total and the facets of a search arrived (after its first page)."""

        def __init__(self, request: SearchRequest, total: int, facets: dict,
                     news_facets: dict) -> None:
            super().__init__()
            self.request = request
            self.total = total
            self.facets = facets
            self.news_facets = news_facets

    class Opened(Message):
        """An article was loaded for reading (posted from the worker thread); ``at`` is
        the hit to open at (paragraph, start), if not the first."""

        def __init__(self, reading: Reading, at: tuple[int, int] | None = None) -> None:
            super().__init__()
            self.reading = reading
            self.at = at

    def __init__(self) -> None:
        super().__init__()
        self.filters = Filters()
        self.query_text = ""
        self.sort = "relevance"  # or "date", newest first
        self.sources: tuple[str, ...] = ()  # outlets: any of them
        self.months: tuple[str, ...] = ()  # YYYY-MM: the range from the first to the last
        self._typing_timer = None
        self.last_response: SearchResponse | None = None
        self.limit = 0  # results loaded: a page more each time the list's end is reached
        self._concordance: SearchRequest | None = None  # what the installed concordance screen shows

    def compose(self) -> ComposeResult:
        yield SearchBar(id="search-bar")
        with Horizontal(id="body"):
            yield ResultsList(id="results")
            yield Reader(id="reader")
            yield EntityFilter(id="filters")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(Reader).display = False
        self.apply_bidi_mode()
        self.query_one(SearchBar).box.focus()
        if self.app.ready:
            self.search()

    def apply_bidi_mode(self) -> None:
        """Tell every widget how Arabic is drawn, and redraw."""
        mode = self.app.bidi_mode
        box = self.query_one(SearchBar).box
        box.refresh()
        results = self.query_one(ResultsList)
        results.bidi_mode = mode
        catalogue = self.app.store.catalogue
        results.entity_names = {e.id: e.name_ar for e in catalogue}
        filters = self.query_one(EntityFilter)
        filters.bidi_mode = mode
        filters.names = {e.id: (e.kind, e.name_ar) for e in catalogue}
        filters.aliases = {e.id: " | ".join(find_key(a) for a in (e.id, *e.all_aliases))
                           for e in catalogue}
        self.query_one(Reader).bidi_mode = mode
        if self.last_response is not None:
            self._show(self.last_response)
        reader = self.query_one(Reader)
        if reader.reading is not None:
            reader.show(reader.reading, reader.marked)

    def on_resize(self) -> None:
        self.set_class(self.size.width < SIDE_BY_SIDE, "narrow")

    # -- searching ----------------------------------------------------------------------

    def search(self, *, typing: bool = False) -> None:
        """Search for the current query and filters. While typing, the last word also
        completes as a prefix; once typing stops (``TYPING_PAUSE``), the query is searched
        as the command line searches it."""
        if self._typing_timer is not None:
            self._typing_timer.stop()
            self._typing_timer = None
        completing = typing and not self.app.exact
        self.limit = self.limit or self.app.page_size
        request = SearchRequest(self.query_text, self.filters, limit=self.limit,
                                exact=self.app.exact, complete_last=completing,
                                facets=False, sort=self.sort, **self.news_scope())
        self.run_search(request, self.query_one(ResultsList).prompt_width)
        if completing:
            self._typing_timer = self.set_timer(TYPING_PAUSE, self.search)

    def news_scope(self) -> dict:
        """The outlet and month filters as ``SearchRequest`` fields: any of the outlets,
        the months from the first chosen to the last."""
        return {"sources": self.sources, "since": min(self.months, default=""),
                "until": max(self.months, default="")}

    def news_labels(self) -> dict[str, list[str]]:
        """The outlet and month filters in words, for an export's heading."""
        scope = self.news_scope()
        labels = {"sources": list(self.sources)}
        if self.months:
            labels["published"] = [f"{scope['since']} to {scope['until']}"]
        return {kind: values for kind, values in labels.items() if values}

    @work(exclusive=True, group="search", thread=True)
    def run_search(self, request: SearchRequest, width: int) -> None:
        """The first page in a worker thread, drawn too; a newer search cancels this one."""
        response = self.app.engine.search(request)
        if get_current_worker().is_cancelled:
            return
        prompts = self.query_one(ResultsList).prompts(response.results, width)
        if not get_current_worker().is_cancelled:
            self.post_message(self.Searched(request, response, prompts, width))

    @work(exclusive=True, group="count", thread=True)
    def run_count(self, request: SearchRequest) -> None:
        """The exact total and facets (entities, outlets, months), just after the first
        page: a one-result search with facets, as ``count`` leaves the news facets out."""
        counted = self.app.engine.search(replace(request, limit=1, offset=0, facets=True))
        news = dict(counted.news_facets)
        # Outlets and months are counted without their own filter, so another outlet
        # can be added, or the month range widened, from the list.
        for kind, wider in (("source", {"sources": ()}), ("month", {"since": "", "until": ""})):
            if any(getattr(request, field) for field in wider):
                other = self.app.engine.search(replace(request, limit=1, offset=0,
                                                       facets=True, **wider))
                news[kind] = other.news_facets.get(kind, ())
        if not get_current_worker().is_cancelled:
            self.post_message(self.Counted(request, counted.total, counted.facets, news))
        # Read the index's terms now (once per index), not on the first word typed.
        self.app.engine.lexicon()

    def _current(self, request: SearchRequest) -> bool:
        return request.text == self.query_text and request.filters == self.filters and \
            request.exact == self.app.exact and request.sort == self.sort and \
            (request.sources, request.since, request.until) == \
            tuple(self.news_scope().values()) and \
            request.complete_last == (self._typing_timer is not None)

    def on_main_screen_searched(self, message: Searched) -> None:
        if not self._current(message.request):
            return  # an older search that finished late
        self._show(message.response, prompts=(message.prompts, message.width))
        self.run_count(message.request)

    def on_main_screen_counted(self, message: Counted) -> None:
        if not self._current(message.request) or self.last_response is None:
            return
        self._show(replace(self.last_response, total=message.total, facets=message.facets,
                           news_facets=message.news_facets, counted=True), results=False)

    def _show(self, response: SearchResponse, *, results: bool = True,
              prompts: tuple[list, int] | None = None) -> None:
        self.last_response = response
        mode = "exact" if self.app.exact else "stemmed"
        self.query_one(SearchBar).show_status(response.total, response.took_ms, mode,
                                              response.notice, len(response.results),
                                              sort=self.sort)
        if results:
            self.query_one(ResultsList).show(response, *(prompts or (None, None)))
        if response.counted:
            self.query_one(EntityFilter).show(response.facets, response.filters,
                                              response.news_facets, self.sources,
                                              self.months)

    def new_search(self, *, typing: bool = False) -> None:
        """Search again from the first page (the query, filters or matching changed)."""
        self.limit = 0
        self.search(typing=typing)

    def on_results_list_more_wanted(self, message: ResultsList.MoreWanted) -> None:
        if self.last_response is not None:
            self.limit = len(self.last_response.results) + self.app.page_size
            self.search()

    def on_search_bar_query_changed(self, message: SearchBar.QueryChanged) -> None:
        self.query_text = message.query
        self.new_search(typing=True)

    def on_search_bar_query_submitted(self, message: SearchBar.QuerySubmitted) -> None:
        self.query_text = message.query
        self.new_search()
        self.query_one(ResultsList).focus()

    def on_entity_filter_toggled(self, message: EntityFilter.Toggled) -> None:
        if message.kind == "source":
            self.sources = _toggled(self.sources, message.entity_id)
        elif message.kind == "month":
            self.months = _toggled(self.months, message.entity_id)
        else:
            self.filters = self.filters.toggled(message.kind, message.entity_id)
        self.new_search()

    # -- reading ------------------------------------------------------------------------

    def on_results_list_opened(self, message: ResultsList.Opened) -> None:
        self.query_one(SearchBar).box.remember(self.query_text)
        self.open_article(message.article_id)

    @work(exclusive=True, group="read", thread=True)
    def open_article(self, article_id: str, at: tuple[int, int] | None = None) -> None:
        """Load an article with its hits in a worker thread (to open at the hit ``at``)."""
        reading = self.app.engine.read(article_id, self.query_text, exact=self.app.exact,
                                       filters=self.filters)
        if reading is not None and not get_current_worker().is_cancelled:
            self.post_message(self.Opened(reading, at))

    def on_main_screen_opened(self, message: Opened) -> None:
        reader = self.query_one(Reader)
        reader.display = True
        self.add_class("reading")
        marked = self.app.collection.marked_paragraphs(message.reading.view.id)
        reader.show(message.reading, marked, at=message.at)
        reader.focus()

    def on_reader_closed(self, message: Reader.Closed) -> None:
        self.query_one(Reader).display = False
        self.remove_class("reading")
        self.query_one(ResultsList).focus()

    def on_reader_mark_requested(self, message: Reader.MarkRequested) -> None:
        collection = self.app.collection
        try:
            if len(message.passages) == 1:
                marked = collection.toggle(message.passages[0])
                self.notify("Passage marked" if marked else "Passage unmarked", timeout=2)
            else:
                added = collection.add(message.passages)
                self.notify(f"{plural(added, 'passage')} marked "
                            f"({len(collection)} in the collection)", timeout=3)
        except CollectionError as error:
            self.notify(str(error), severity="error", timeout=10)
        reader = self.query_one(Reader)
        if reader.reading is not None:
            reader.refresh_marks(collection.marked_paragraphs(reader.reading.view.id))

    def on_results_list_mark_requested(self, message: ResultsList.MarkRequested) -> None:
        passages = list(message.result.passages)
        if not passages:
            self.notify("This result has no passages with hits", severity="warning")
            return
        try:
            added = self.app.collection.add(passages)
        except CollectionError as error:
            self.notify(str(error), severity="error", timeout=10)
            return
        self.notify(f"{plural(added, 'passage')} marked "
                    f"({len(self.app.collection)} in the collection)", timeout=3)

    def on_reader_copy_requested(self, message: Reader.CopyRequested) -> None:
        self.app.copy_to_clipboard(message.text)
        self.notify("Passage copied", timeout=2)

    def reread(self) -> None:
        """Open the article being read again, for the current query and matching."""
        reader = self.query_one(Reader)
        if reader.display and reader.reading is not None:
            self.open_article(reader.reading.view.id)

    def on_results_list_copies_requested(self, message: ResultsList.CopiesRequested
                                         ) -> None:
        from .copies import CopiesScreen

        def chosen(article_id: str | None) -> None:
            if article_id:
                self.open_article(article_id)

        self.app.push_screen(CopiesScreen(message.result, self.app.bidi_mode), chosen)

    def on_results_list_concordance_requested(self, message: ResultsList.ConcordanceRequested
                                              ) -> None:
        self.show_concordance()

    def show_concordance(self) -> None:
        """The concordance of the current query and filters; the same one again (its
        lines, sort and cursor kept) while they have not changed."""
        from .concordance import ConcordanceScreen

        request = SearchRequest(self.query_text, self.filters, exact=self.app.exact,
                                **self.news_scope())
        if self._concordance != request:
            if self._concordance is not None:
                self.app.uninstall_screen(CONCORDANCE)
            self.app.install_screen(ConcordanceScreen(request), CONCORDANCE)
            self._concordance = request

        def chosen(line) -> None:
            if line is not None:
                self.open_article(line.article_id, at=(line.paragraph, line.start))

        self.app.push_screen(CONCORDANCE, chosen)

    def action_toggle_sort(self) -> None:
        """Order results by relevance or by date (newest first)."""
        self.sort = "date" if self.sort == "relevance" else "relevance"
        self.new_search()

    def action_focus_search(self) -> None:
        """Put the cursor in the query box."""
        self.query_one(SearchBar).box.focus()

