"""The result list: title, author or source, entity badges, score and a highlighted snippet.

Rows are drawn ahead in the search worker (the bidi drawing of a page is the slow part):
the list gives the worker a ``RowLook``, plain data read on the UI thread (its width, bidi
mode and component styles), and ``draw_rows`` needs nothing else. Rows drawn for another
look (a resize, a theme or bidi change since) are drawn again.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from rich.style import Style
from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.reactive import var
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from fahras.index.models import Result, SearchResponse
from fahras.index.passages import snippet
from fahras.index.safe_text import visible, visible_spans

from ..bidi import Span
from ..styling import article_rtl, ltr_date, one_line

BADGES = 4
#: Shown instead of results when the index has no article at all.
EMPTY_INDEX = ("The index has no articles yet. Add files or folders with Ctrl+P → "
               "Add files…, or from a shell: fahras index ~/news")
#: The narrowest a row is drawn, however narrow the list.
MIN_ROW_WIDTH = 10
#: The narrowest a snippet is cut, so a hit keeps some context.
MIN_SNIPPET_WIDTH = 20
#: Cells a row leaves free: the option's padding either side.
ROW_PADDING = 2


@dataclass(frozen=True)
class RowLook:
    """How result rows are drawn, read from the list on the UI thread so that a worker
    can draw rows without touching it."""

    width: int
    mode: str
    hit: Style
    title: Style
    meta: Style
    source: Style
    date: Style
    entity_names: Mapping[str, str]


def draw_rows(results: Sequence[Result], look: RowLook) -> list[Text]:
    """The drawn rows for results; touches no widget, so safe on a worker thread."""
    return [draw_row(result, look) for result in results]


def draw_row(result: Result, look: RowLook) -> Text:
    """One result as three lines: its title, its byline and badges, its snippet."""
    width, mode = look.width, look.mode
    rtl = article_rtl(result.title, result.snippet)  # one direction for the whole row
    title = one_line(*visible_spans(result.title, result.title_hits), width, mode=mode,
                     style=look.title, rtl=rtl, hit=look.hit)
    meta, marks = _meta(result, look)
    meta_line = one_line(meta, (), width, mode=mode, style=look.meta, rtl=rtl, marks=marks)
    # the engine's snippet is centred on its best hit: cut it again to the row's width
    text, hits = snippet(result.snippet, result.snippet_hits,
                         max(width - ROW_PADDING, MIN_SNIPPET_WIDTH))
    snippet_line = one_line(*visible_spans(text, hits), width, mode=mode, rtl=rtl,
                            hit=look.hit)
    return Text("\n", end="").join([title, meta_line, snippet_line])


def _meta(result: Result, look: RowLook) -> tuple[str, list[Span]]:
    """The row's second line in logical order (author · source · date — copies — badges
    and score), with the source and the date marked in their styles."""
    parts = [(visible(result.author), None), (visible(result.source), look.source),
             (ltr_date(visible(result.date)), look.date)]
    byline, marks = "", []
    for text, style in parts:
        if not text:
            continue
        byline += " · " if byline else ""
        if style is not None:
            marks.append(Span(len(byline), len(byline) + len(text), style))
        byline += text
    badges = " · ".join(visible(look.entity_names.get(e, e))
                        for e in result.entities[:BADGES])
    more = f" +{len(result.entities) - BADGES}" if len(result.entities) > BADGES else ""
    score = f"  ({result.score:.2f})" if result.score else ""
    # Logical text, drawn like any other line: Arabic names read right to left.
    copies = f"also in {len(result.also_in)} sources (o)" if result.also_in else ""
    rest = [x for x in (copies, f"{badges}{more}{score}") if x.strip()]
    if not byline.strip():
        return " — ".join(rest), []
    return " — ".join([byline, *rest]), marks


class ResultsList(OptionList):
    """Search results; Enter opens the article, m marks its passages with hits."""

    COMPONENT_CLASSES = {"results--hit", "results--title", "results--meta",
                         "results--source", "results--date"}
    DEFAULT_CSS = """
    ResultsList {
        width: 1fr;
        height: 1fr;
        border: round $panel;
        &:focus { border: round $accent; }
        & > .option-list--option { padding: 0 1; }
        & > .results--hit { text-style: bold reverse; }
        &:light > .results--hit { text-style: bold; color: $foreground;
                                  background: $warning-muted; }
        & > .results--title { text-style: bold; }
        & > .results--meta { text-style: dim; }
    }
    """

    BINDINGS = [
        Binding("m", "mark_article", "Mark passages", id="results.mark"),
        Binding("o", "copies", "Copies", id="results.copies"),
        Binding("a", "add_name", "Add a name", show=False, id="results.add_name"),
        Binding("k", "concordance", "Concordance", id="results.concordance"),
    ]

    #: Who draws right-to-left text (bound to the screen's).
    bidi_mode: var[str] = var("app")

    @dataclass
    class Opened(Message):
        """The user chose an article to read."""

        results: ResultsList
        article_id: str

        @property
        def control(self) -> ResultsList:
            """The list the article was chosen in."""
            return self.results

    @dataclass
    class MoreWanted(Message):
        """The user reached the end of the loaded results and more are found."""

        results: ResultsList

        @property
        def control(self) -> ResultsList:
            """The list that wants more."""
            return self.results

    @dataclass
    class MarkRequested(Message):
        """The user asked to collect every passage of this result that has hits."""

        results: ResultsList
        result: Result

        @property
        def control(self) -> ResultsList:
            """The list the result is in."""
            return self.results

    @dataclass
    class CopiesRequested(Message):
        """The user asked for the other outlets' copies of this result."""

        results: ResultsList
        result: Result

        @property
        def control(self) -> ResultsList:
            """The list the result is in."""
            return self.results

    @dataclass
    class NameWanted(Message):
        """The user wants to add a name of this result's article to the catalogue."""

        results: ResultsList
        article_id: str
        #: The snippet's first hit as written ("" when there is none).
        name: str

        @property
        def control(self) -> ResultsList:
            """The list the result is in."""
            return self.results

    @dataclass
    class ConcordanceRequested(Message):
        """The user asked for the concordance of the current search (every hit, in context)."""

        results: ResultsList

        @property
        def control(self) -> ResultsList:
            """The list the concordance was asked from."""
            return self.results

    def __init__(self, *, entity_names: Mapping[str, str] | None = None, **kwargs) -> None:
        super().__init__(**kwargs)
        self.response: SearchResponse | None = None
        self.entity_names: Mapping[str, str] = entity_names or {}
        self._drawn_width = 0
        self._prompt_width = 0  # the width the rows were drawn for
        self._asked_more = False

    @property
    def prompt_width(self) -> int:
        """The width prompts are drawn for (read on the UI thread, used by the worker)."""
        return max(MIN_ROW_WIDTH, self.scrollable_content_region.width - ROW_PADDING)

    @property
    def look(self) -> RowLook:
        """How rows are drawn now, as data a worker can take."""
        def style(name: str) -> Style:
            return self.get_component_rich_style(name, partial=True)

        return RowLook(width=self.prompt_width, mode=self.bidi_mode,
                       hit=style("results--hit"), title=style("results--title"),
                       meta=style("results--meta"), source=style("results--source"),
                       date=style("results--date"), entity_names=self.entity_names)

    def on_mount(self) -> None:
        self.app.theme_changed_signal.subscribe(self, lambda _: self._restyle())

    def watch_bidi_mode(self) -> None:
        self._restyle()

    def _restyle(self) -> None:
        """Draw the rows again for a new look (bidi mode or theme)."""
        if self.response is not None:
            self._draw(keep=self.highlighted_result.id if self.highlighted_result else None)

    def show(self, response: SearchResponse, prompts: list[Text] | None = None,
             look: RowLook | None = None) -> None:
        """Replace the list, keeping the highlighted article if it is still there.

        ``prompts`` drawn ahead (in a worker, for ``look``) are used as they are, which
        keeps the bidi drawing of a whole page off the UI thread.
        """
        current = self.highlighted_result
        self.response = response
        self._asked_more = False
        if look != self.look:  # drawn for a width, mode or theme the list no longer has
            prompts = None
        self._draw(keep=current.id if current else None, prompts=prompts)

    @property
    def highlighted_result(self) -> Result | None:
        """The result under the cursor."""
        if self.response is None or self.highlighted is None:
            return None
        if self.highlighted >= len(self.response.results):
            return None
        return self.response.results[self.highlighted]

    def on_resize(self) -> None:
        if self.response is not None and self.size.width != self._drawn_width:
            self._draw(keep=self.highlighted_result.id if self.highlighted_result else None)

    def render_lines(self, crop):
        # Rows drawn for another width would be wrapped by the list (a build dialog on top
        # when they were drawn leaves the list a width it no longer has): draw them again.
        if self.response is not None and self.prompt_width != self._prompt_width:
            self.call_later(self._redraw)
        return super().render_lines(crop)

    def _redraw(self) -> None:
        if self.prompt_width != self._prompt_width:
            self._draw(keep=self.highlighted_result.id if self.highlighted_result else None)

    def _draw(self, keep: str | None = None, prompts: list[Text] | None = None) -> None:
        width = self.prompt_width
        self._drawn_width = self.size.width
        self._prompt_width = width
        results = self.response.results if self.response else ()
        if prompts is None or len(prompts) != len(results):
            prompts = draw_rows(results, self.look)
        if not results and self._everything_asked():
            self.set_options([Option(Text(EMPTY_INDEX), disabled=True)])
            return
        self.set_options(Option(p, id=r.id) for p, r in zip(prompts, results))
        ids = [r.id for r in results]
        if ids:
            self.highlighted = ids.index(keep) if keep in ids else 0

    def _everything_asked(self) -> bool:
        """The response answers the empty query with no filter: every article."""
        response = self.response
        return response is not None and not response.query.strip() and \
            not response.filters.ids

    def prompts(self, results: Sequence[Result], width: int | None = None) -> list[Text]:
        """The rows for results as the list draws them now (on the UI thread; a worker
        takes ``look`` and calls ``draw_rows``)."""
        look = self.look
        return draw_rows(results, look if width is None else replace(look, width=width))

    @property
    def more_found(self) -> bool:
        """Whether the search found more results than are loaded."""
        response = self.response
        return response is not None and response.total > len(response.results)

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        if event.option_index >= self.option_count - 1:
            self._want_more()

    def watch_scroll_y(self, old: float, new: float) -> None:
        super().watch_scroll_y(old, new)
        if new and new >= self.max_scroll_y - 1:
            self._want_more()

    def _want_more(self) -> None:
        if self.more_found and not self._asked_more:
            self._asked_more = True  # once per response: the next one resets it
            self.post_message(self.MoreWanted(self))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id:
            self.post_message(self.Opened(self, event.option.id))

    def action_mark_article(self) -> None:
        """Collect the passages with hits of the highlighted result."""
        if self.highlighted_result is not None:
            self.post_message(self.MarkRequested(self, self.highlighted_result))

    def action_add_name(self) -> None:
        """Add the snippet's hit, or a name found in the article, to the catalogue."""
        result = self.highlighted_result
        if result is not None:
            hit = result.snippet[slice(*result.snippet_hits[0])] if result.snippet_hits else ""
            self.post_message(self.NameWanted(self, result.id, hit))

    def action_copies(self) -> None:
        """List the syndicated copies of the highlighted result, to open one."""
        result = self.highlighted_result
        if result is not None and result.also_in:
            self.post_message(self.CopiesRequested(self, result))
        elif result is not None:
            self.app.notify("This result has no copies in other sources", timeout=2)

    def action_concordance(self) -> None:
        """Every hit of the current search with its context (the concordance)."""
        self.post_message(self.ConcordanceRequested(self))
