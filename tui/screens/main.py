"""The main screen: search bar, results, entity filters and the reader.

Widgets send messages up; this screen runs the engine in workers (never on the UI
thread) and hands results down as attributes. Each search is an exclusive worker, so a
newer keystroke cancels the older search.

Workers never touch a widget: what they need (the engine, the request, how rows look) is
read on the UI thread and passed in as arguments, and what they find comes back as a
message. The session's bidi mode and matching are the app's reactives, bound into this
screen (``data_bind``) and from it into the widgets, which redraw themselves.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from rich.text import Text
from textual import getters, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.reactive import var
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer
from textual.worker import get_current_worker

from fahras.index.catalogue import Catalogue
from fahras.index.collection import CollectionError
from fahras.index.cooccurrence import Related, related
from fahras.index.models import FacetCount, Filters, Reading, SearchResponse
from fahras.index.search import Engine, SearchRequest
from fahras.index.timeline import Timeline, timeline

from ..app import FahrasApp
from ..styling import plural
from ..widgets.entity_filter import EntityFilter, find_key
from ..widgets.reader import Reader
from ..widgets.related import RelatedList
from ..widgets.results import ResultsList, RowLook, draw_rows
from ..widgets.search_bar import SearchBar
from ..widgets.timeline import TimelineChart

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


def _related_to(filters: Filters, toggled: str, current: str) -> str:
    """Whose related entities to list: the entity just filtered on, else the one listed
    while it is still a filter, else the last filter."""
    if toggled in filters.ids:
        return toggled
    if current in filters.ids:
        return current
    return filters.ids[-1] if filters.ids else ""


Facets = dict[str, tuple[FacetCount, ...]]


def first_page(engine: Engine, request: SearchRequest, look: RowLook,
               cancelled: Callable[[], bool] = lambda: False) -> MainScreen.Searched | None:
    """A search's first page with its rows drawn for ``look``, as the message that shows
    it; ``None`` once ``cancelled()``. Touches no widget: safe on any thread."""
    response = engine.search(request)
    if cancelled():
        return None
    rows = draw_rows(response.results, look)
    return None if cancelled() else MainScreen.Searched(request, response, rows, look)


def counts(engine: Engine, request: SearchRequest) -> MainScreen.Counted:
    """The exact total and facets (entities, outlets, months) of a search: a one-result
    search with facets, as ``count`` leaves the news facets out. Touches no widget."""
    counted = engine.search(replace(request, limit=1, offset=0, facets=True))
    news = dict(counted.news_facets)
    # Outlets and months are counted without their own filter, so another outlet
    # can be added, or the month range widened, from the list.
    for kind, wider in (("source", {"sources": ()}), ("month", {"since": "", "until": ""})):
        if any(getattr(request, field) for field in wider):
            other = engine.search(replace(request, limit=1, offset=0, facets=True, **wider))
            news[kind] = other.news_facets.get(kind, ())
    return MainScreen.Counted(request, counted.total, counted.facets, news)


class MainScreen(Screen[None]):
    """Everything a reading session needs on one screen."""

    app = getters.app(FahrasApp)

    BINDINGS = [
        Binding("slash", "focus_search", "Search", id="main.focus_search"),
        Binding("s", "toggle_sort", "Sort", id="main.toggle_sort"),
        Binding("t", "focus_timeline", "Timeline", show=False, id="main.focus_timeline"),
    ]

    #: Bound to the app's: who draws right-to-left text, handed on to the widgets.
    bidi_mode: var[str] = var("app")
    #: Bound to the app's: exact matching; a change searches again.
    exact: var[bool] = var(False)

    @dataclass
    class Searched(Message):
        """A search finished (posted from the worker thread), its rows drawn ahead."""

        request: SearchRequest
        response: SearchResponse
        prompts: list[Text]
        look: RowLook

    @dataclass
    class Counted(Message):
        """The exact total and the facets of a search arrived (after its first page)."""

        request: SearchRequest
        total: int
        facets: Facets
        news_facets: Facets

    @dataclass
    class Opened(Message):
        """An article was loaded for reading (posted from the worker thread); ``at`` is
        the hit to open at (paragraph, start), if not the first."""

        reading: Reading
        at: tuple[int, int] | None = None

    @dataclass
    class TimelineCounted(Message):
        """The timeline of a search was counted (posted from its worker)."""

        request: SearchRequest
        timeline: Timeline

    @dataclass
    class RelatedCounted(Message):
        """The entities related to the filtered one were counted (from their worker)."""

        request: SearchRequest
        related: Related

    def __init__(self, catalogue: Catalogue) -> None:
        super().__init__()
        self.catalogue = catalogue
        self.filters = Filters()
        self.query_text = ""
        self.sort = "relevance"  # or "date", newest first
        self.sources: tuple[str, ...] = ()  # outlets: any of them
        self.months: tuple[str, ...] = ()  # YYYY-MM: the range from the first to the last
        self.dates = ("", "")  # since, until: the range chosen on the timeline
        self.related_to = ""  # the filtered entity whose related entities are listed
        self.timeline_by = ""  # the timeline's bucket ("": by the span of the dates)
        self._timeline_request: SearchRequest | None = None
        self._typing_timer: Timer | None = None
        self.last_response: SearchResponse | None = None
        self.limit = 0  # results loaded: a page more each time the list's end is reached
        self._concordance: SearchRequest | None = None  # what the installed one shows

    def compose(self) -> ComposeResult:
        names, kinds, aliases = _catalogue_data(self.catalogue)
        yield SearchBar(id="search-bar")
        yield TimelineChart(id="timeline").data_bind(MainScreen.bidi_mode)
        with Horizontal(id="body"):
            yield ResultsList(entity_names=names, id="results").data_bind(MainScreen.bidi_mode)
            yield Reader(id="reader").data_bind(MainScreen.bidi_mode)
            yield EntityFilter(names=kinds, aliases=aliases,
                               id="filters").data_bind(MainScreen.bidi_mode)
        yield Footer()

    def show_catalogue(self, catalogue: Catalogue) -> None:
        """A catalogue changed while the explorer runs: its names go to the widgets as data."""
        self.catalogue = catalogue
        names, kinds, aliases = _catalogue_data(catalogue)
        self.query_one(ResultsList).entity_names = names
        filters = self.query_one(EntityFilter)
        filters.names = kinds
        filters.aliases = aliases

    def on_mount(self) -> None:
        self.query_one(Reader).display = False
        self.query_one(SearchBar).box.focus()
        if self.app.ready:
            self.search()

    def watch_exact(self, was: bool, exact: bool) -> None:
        if was != exact and self.is_mounted:
            self.new_search()
            self.reread()  # the reader's highlights follow the new matching

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
        completing = typing and not self.exact
        self.limit = self.limit or self.app.page_size
        request = SearchRequest(self.query_text, self.filters, limit=self.limit,
                                exact=self.exact, complete_last=completing,
                                facets=False, sort=self.sort, **self.news_scope())
        self.run_search(self.app.engine, request, self.query_one(ResultsList).look)
        if completing:
            self._typing_timer = self.set_timer(TYPING_PAUSE, self.search)

    @property
    def typing(self) -> bool:
        """Whether typing has not stopped yet: the query's last word is being completed and
        its search without completion waits for ``TYPING_PAUSE`` (tests wait on this)."""
        return self._typing_timer is not None

    def news_scope(self) -> dict:
        """The outlet and month filters as ``SearchRequest`` fields: any of the outlets,
        the months from the first chosen to the last, or the timeline's range."""
        if any(self.dates):
            return {"sources": self.sources, "since": self.dates[0], "until": self.dates[1]}
        return {"sources": self.sources, "since": min(self.months, default=""),
                "until": max(self.months, default="")}

    def search_request(self) -> SearchRequest:
        """Every passage of the current search: its query, filters and matching."""
        return SearchRequest(self.query_text, self.filters, exact=self.exact,
                             **self.news_scope())

    def news_labels(self) -> dict[str, list[str]]:
        """The outlet and month filters in words, for an export's heading."""
        scope = self.news_scope()
        labels = {"sources": list(self.sources)}
        if self.months or any(self.dates):
            labels["published"] = [f"{scope['since']} to {scope['until']}"]
        return {kind: values for kind, values in labels.items() if values}

    @work(exclusive=True, group="search", thread=True)
    def run_search(self, engine: Engine, request: SearchRequest, look: RowLook) -> None:
        """The first page in a worker thread, drawn too; a newer search cancels this one."""
        worker = get_current_worker()
        searched = first_page(engine, request, look, lambda: worker.is_cancelled)
        if searched is not None:
            self.post_message(searched)

    @work(exclusive=True, group="count", thread=True)
    def run_count(self, engine: Engine, request: SearchRequest) -> None:
        """The exact total and facets, just after the first page (see ``counts``)."""
        counted = counts(engine, request)
        if not get_current_worker().is_cancelled:
            self.post_message(counted)
        # Read the index's terms now (once per index), not on the first word typed.
        engine.lexicon()

    def _current(self, request: SearchRequest) -> bool:
        return request.text == self.query_text and request.filters == self.filters and \
            request.exact == self.exact and request.sort == self.sort and \
            (request.sources, request.since, request.until) == \
            tuple(self.news_scope().values()) and \
            request.complete_last == self.typing

    def on_main_screen_searched(self, message: Searched) -> None:
        if not self._current(message.request):
            return  # an older search that finished late
        self._show(message.response, prompts=(message.prompts, message.look))
        self.run_count(self.app.engine, message.request)
        self._timeline_request = message.request
        self.run_timeline(self.app.engine, message.request, self.timeline_by)
        if self.related_to:
            self.run_related(self.app.engine, message.request, self.related_to)
        else:
            self.query_one(RelatedList).related = None

    @work(exclusive=True, group="timeline", thread=True)
    def run_timeline(self, engine: Engine, request: SearchRequest, by: str = "") -> None:
        """Count the matches per day, week or month (index/timeline.py)."""
        try:
            found = timeline(engine, request, by or None)
        except ValueError as error:  # too many bars for the bucket asked
            self.app.call_from_thread(self.notify, str(error), severity="warning")
            return
        if not get_current_worker().is_cancelled:
            self.post_message(self.TimelineCounted(request, found))

    @on(TimelineChart.BucketChosen)
    def _choose_bucket(self, message: TimelineChart.BucketChosen) -> None:
        self.timeline_by = message.by
        if self._timeline_request is not None:
            self.run_timeline(self.app.engine, self._timeline_request, self.timeline_by)

    @work(exclusive=True, group="related", thread=True)
    def run_related(self, engine: Engine, request: SearchRequest, entity_id: str) -> None:
        """The entities named most with the filtered one (index/cooccurrence.py)."""
        entity = engine.matcher.catalogue.get(entity_id)
        if entity is None:
            return
        found = related(engine, entity, request)
        if not get_current_worker().is_cancelled:
            self.post_message(self.RelatedCounted(request, found))

    @on(TimelineCounted)
    def _show_timeline(self, message: TimelineCounted) -> None:
        if self._current(message.request):
            chart = self.query_one(TimelineChart)
            chart.timeline = message.timeline
            chart.applied = " – ".join(self.dates) if any(self.dates) else ""

    @on(RelatedCounted)
    def _show_related(self, message: RelatedCounted) -> None:
        if self._current(message.request) and message.related.entity.id == self.related_to:
            self.query_one(RelatedList).related = message.related

    @on(TimelineChart.RangeChosen)
    def _filter_dates(self, message: TimelineChart.RangeChosen) -> None:
        """The timeline's selection becomes the date range (in place of chosen months)."""
        self.dates, self.months = (message.since, message.until), ()
        self.new_search()

    @on(TimelineChart.RangeCleared)
    def _clear_dates(self, message: TimelineChart.RangeCleared) -> None:
        self.dates = ("", "")
        self.new_search()

    def on_main_screen_counted(self, message: Counted) -> None:
        if not self._current(message.request) or self.last_response is None:
            return
        self._show(replace(self.last_response, total=message.total, facets=message.facets,
                           news_facets=message.news_facets, counted=True), results=False)

    def _show(self, response: SearchResponse, *, results: bool = True,
              prompts: tuple[list[Text], RowLook] | None = None) -> None:
        self.last_response = response
        mode = "exact" if self.exact else "stemmed"
        self.query_one(SearchBar).show_status(response.total, response.took_ms, mode,
                                              response.notice, len(response.results),
                                              sort=self.sort)
        if results:
            rows, look = prompts or (None, None)
            self.query_one(ResultsList).show(response, rows, look)
        if response.counted:
            self.query_one(EntityFilter).show(response.facets, response.filters,
                                              response.news_facets, self.sources,
                                              self.months)

    def new_search(self, *, typing: bool = False) -> None:
        """Search again from the first page (the query, filters or matching changed)."""
        self.limit = 0
        self.search(typing=typing)

    @on(ResultsList.MoreWanted)
    def _load_more(self, message: ResultsList.MoreWanted) -> None:
        # The total counts syndicated copies, which fold into one row: a page with fewer
        # rows than it asked for is the last, though the total says more were found
        # (asking again searched in a loop for as long as the cursor sat on the last row).
        if self.last_response is not None and len(self.last_response.results) >= self.limit:
            self.limit = len(self.last_response.results) + self.app.page_size
            self.search()

    @on(SearchBar.QueryChanged)
    def _query_typed(self, message: SearchBar.QueryChanged) -> None:
        self.query_text = message.query
        self.new_search(typing=True)

    @on(SearchBar.QuerySubmitted)
    def _query_submitted(self, message: SearchBar.QuerySubmitted) -> None:
        self.query_text = message.query
        self.new_search()
        self.query_one(ResultsList).focus()

    @on(EntityFilter.Toggled)
    def _filter_toggled(self, message: EntityFilter.Toggled) -> None:
        if message.kind == "source":
            self.sources = _toggled(self.sources, message.entity_id)
        elif message.kind == "month":
            self.months, self.dates = _toggled(self.months, message.entity_id), ("", "")
        else:
            self.filters = self.filters.toggled(message.kind, message.entity_id)
            self.related_to = _related_to(self.filters, message.entity_id, self.related_to)
        self.new_search()

    # -- reading ------------------------------------------------------------------------

    @on(ResultsList.Opened)
    def _result_opened(self, message: ResultsList.Opened) -> None:
        self.query_one(SearchBar).box.remember(self.query_text)
        self.open_article(message.article_id)

    def open_article(self, article_id: str, at: tuple[int, int] | None = None) -> None:
        """Load an article with its hits for the current query (in a worker thread), to
        open at the hit ``at`` (paragraph, start) when given."""
        self._read(self.app.engine, article_id, self.query_text, self.exact, self.filters, at)

    @work(exclusive=True, group="read", thread=True)
    def _read(self, engine: Engine, article_id: str, query: str, exact: bool,
              filters: Filters, at: tuple[int, int] | None = None) -> None:
        reading = engine.read(article_id, query, exact=exact, filters=filters)
        if reading is not None and not get_current_worker().is_cancelled:
            self.post_message(self.Opened(reading, at))

    def on_main_screen_opened(self, message: Opened) -> None:
        reader = self.query_one(Reader)
        reader.display = True
        self.add_class("reading")
        marked = self.app.collection.marked_paragraphs(message.reading.view.id)
        reader.show(message.reading, marked, at=message.at)
        reader.focus()

    @on(Reader.Closed)
    def _reader_closed(self, message: Reader.Closed) -> None:
        self.query_one(Reader).display = False
        self.remove_class("reading")
        self.query_one(ResultsList).focus()

    @on(Reader.MarkRequested)
    def _mark_passages(self, message: Reader.MarkRequested) -> None:
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

    @on(ResultsList.MarkRequested)
    def _mark_result(self, message: ResultsList.MarkRequested) -> None:
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

    @on(Reader.CopyRequested)
    def _copy_passage(self, message: Reader.CopyRequested) -> None:
        self.app.copy_to_clipboard(message.text)
        self.notify("Passage copied", timeout=2)

    def reread(self) -> None:
        """Open the article being read again, for the current query and matching."""
        reader = self.query_one(Reader)
        if reader.display and reader.reading is not None:
            self.open_article(reader.reading.view.id)

    @on(ResultsList.CopiesRequested)
    def _list_copies(self, message: ResultsList.CopiesRequested) -> None:
        from .copies import CopiesScreen

        def chosen(article_id: str | None) -> None:
            if article_id:
                self.open_article(article_id)

        self.app.push_screen(CopiesScreen(message.result, self.bidi_mode), chosen)

    @on(Reader.NameWanted)
    @on(ResultsList.NameWanted)
    def _add_name(self, message: Reader.NameWanted | ResultsList.NameWanted) -> None:
        """The add-a-name dialog; once the name is in, the filters and the article are
        shown again with the new catalogue (no restart)."""
        from .add_name import AddedName, AddNameScreen

        def added(result: AddedName | None) -> None:
            if result is None:
                return
            self.app.engine = Engine(self.app.store)  # its matcher is the new catalogue's
            self.show_catalogue(self.app.store.catalogue)
            self.new_search()
            self.reread()
            self.notify(f"{result.alias} → {result.entity.id}: "
                        f"{plural(len(result.report.retagged), 'article')} re-tagged",
                        timeout=4)

        self.app.push_screen(AddNameScreen(self.app.store, message.article_id, message.name,
                                           entities_file=self.app.entities_file), added)

    @on(ResultsList.ConcordanceRequested)
    def _concordance_requested(self, message: ResultsList.ConcordanceRequested) -> None:
        self.show_concordance()

    def show_concordance(self) -> None:
        """The concordance of the current query and filters; the same one again (its
        lines, sort and cursor kept) while they have not changed."""
        from .concordance import ConcordanceScreen

        request = self.search_request()
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

    def action_focus_timeline(self) -> None:
        """Put the cursor on the timeline, to choose dates."""
        self.query_one(TimelineChart).focus()

    def action_focus_search(self) -> None:
        """Put the cursor in the query box."""
        self.query_one(SearchBar).box.focus()


def _catalogue_data(catalogue: Catalogue) -> tuple[dict[str, str], dict[str, tuple[str, str]],
                                                   dict[str, str]]:
    """What the widgets show of a catalogue: names, kinds with names, and find-box keys."""
    names = {e.id: e.name_ar for e in catalogue}
    kinds = {e.id: (e.kind, e.name_ar) for e in catalogue}
    aliases = {e.id: " | ".join(find_key(a) for a in (e.id, *e.all_aliases)) for e in catalogue}
    return names, kinds, aliases
