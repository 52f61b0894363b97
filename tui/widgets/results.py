"""The result list: title, author or source, entity badges, score and a highlighted snippet."""

from __future__ import annotations

from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from index.models import Result, SearchResponse
from index.safe_text import visible, visible_spans
from index.passages import snippet

from ..styling import article_rtl, ltr_date, one_line

BADGES = 4
#: Shown instead of results when the index has no article at all.
EMPTY_INDEX = ("The index has no articles yet. Add files or folders with Ctrl+P → "
               "Add files…, or from a shell: fahras index ~/news")


class ResultsList(OptionList):
    """Search results; Enter opens the article, m marks its passages with hits."""

    BINDINGS = [
        Binding("m", "mark_article", "Mark passages", id="results.mark"),
        Binding("o", "copies", "Copies", id="results.copies"),
        Binding("k", "concordance", "Concordance", id="results.concordance"),
    ]

    class Opened(Message):
        """The user chose an article to read."""

        def __init__(self, article_id: str) -> None:
            super().__init__()
            self.article_id = article_id

    class MoreWanted(Message):
        """The user reached the end of the loaded results and more are found."""

    class MarkRequested(Message):
        """The user asked to collect every passage of this result that has hits."""

        def __init__(self, result: Result) -> None:
            super().__init__()
            self.result = result

    class CopiesRequested(Message):
        """The user asked for the other outlets' copies of this result."""

        def __init__(self, result: Result) -> None:
            super().__init__()
            self.result = result

    class ConcordanceRequested(Message):
        """The user asked for the concordance of the current search (every hit, in context)."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.response: SearchResponse | None = None
        self.bidi_mode = "app"
        self.entity_names: dict[str, str] = {}
        self._drawn_width = 0
        self._prompt_width = 0  # the width the rows were drawn for
        self._asked_more = False

    @property
    def prompt_width(self) -> int:
        """The width prompts are drawn for (read on the UI thread, used by the worker)."""
        return max(10, self.scrollable_content_region.width - 2)

    def show(self, response: SearchResponse, prompts: list[Text] | None = None,
             width: int | None = None) -> None:
        """Replace the list, keeping the highlighted article if it is still there.

        ``prompts`` drawn ahead (in a worker, for ``prompt_width``) are used as they are,
        which keeps the bidi drawing of a whole page off the UI thread.
        """
        current = self.highlighted_result
        self.response = response
        self._asked_more = False
        if width != self.prompt_width:  # drawn for a width the list no longer has
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
            prompts = self.prompts(results, width)
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

    def prompts(self, results, width: int) -> list[Text]:
        """The drawn rows for results; safe to call from a worker thread."""
        return [self._prompt(r, width) for r in results]

    def _prompt(self, result: Result, width: int) -> Text:
        mode = self.bidi_mode
        rtl = article_rtl(result.title, result.snippet)  # one direction for the whole row
        title = one_line(*visible_spans(result.title, result.title_hits), width, mode=mode,
                         style="bold", rtl=rtl)
        byline = " · ".join(x for x in (visible(result.author), visible(result.source),
                                         ltr_date(visible(result.date))) if x)
        badges = " · ".join(visible(self.entity_names.get(e, e))
                            for e in result.entities[:BADGES])
        more = f" +{len(result.entities) - BADGES}" if len(result.entities) > BADGES else ""
        score = f"  ({result.score:.2f})" if result.score else ""
        # Logical text, drawn like any other line: Arabic names read right to left.
        copies = f"also in {len(result.also_in)} sources (o)" if result.also_in else ""
        meta = one_line(" — ".join(x for x in (byline, copies, f"{badges}{more}{score}")
                                   if x.strip()),
                        (), width, mode=mode, style="dim", rtl=rtl)
        # the engine's snippet is centred on its best hit: cut it again to the row's width
        text, hits = snippet(result.snippet, result.snippet_hits, max(width - 2, 20))
        snippet_line = one_line(*visible_spans(text, hits), width, mode=mode, rtl=rtl)
        return Text("\n", end="").join([title, meta, snippet_line])

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
            self.post_message(self.MoreWanted())

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id:
            self.post_message(self.Opened(event.option.id))

    def action_mark_article(self) -> None:
        """Collect the passages with hits of the highlighted result."""
        if self.highlighted_result is not None:
            self.post_message(self.MarkRequested(self.highlighted_result))

    def action_copies(self) -> None:
        """List the syndicated copies of the highlighted result, to open one."""
        result = self.highlighted_result
        if result is not None and result.also_in:
            self.post_message(self.CopiesRequested(result))
        elif result is not None:
            self.app.notify("This result has no copies in other sources", timeout=2)

    def action_concordance(self) -> None:
        """Every hit of the current search with its context (the concordance)."""
        self.post_message(self.ConcordanceRequested())
