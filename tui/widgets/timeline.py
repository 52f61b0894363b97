"""The timeline above the results: matching articles per day, week or month, as bars one
can select a date range on.

Drawn by hand, a cell or more per bucket in two rows of eighth blocks (16 heights), after
measuring the alternatives (``benchmarks/analyst_views.py --drawing``: 60 buckets at 120
columns, new counts then the content rendered; two runs on this project's 2-core machine
while it was shared, so the ratios matter more than the figures):

- textual-plotext: 118–309 ms to import and 83–187 ms a frame; its axes and tick labels
  need 8 rows or more to be legible, which 80×24 cannot spare, and it has no notion of a
  selected bucket, so the selection would be a second plot drawn over the first.
- Textual's own ``Sparkline``: 1 ms to import, 28–76 ms a frame (it blends a colour per
  bar), and it folds the data into its width (several buckets a cell, or one stretched
  over several), so a cell is no longer a bucket: there is nothing to put a cursor on.
- By hand: 8–22 ms a frame, 3× cheaper than ``Sparkline``; one bucket per cell (or more
  when there is room), the cursor and the selection in the widget's component styles,
  with its caption and axis in 4 rows. No new dependency.

Time runs left to right, as the ISO dates under it read. ←/→ move the cursor, Shift+←/→
extend the selection, ``b`` changes the bucket (by the span, day, week, month), Enter applies it to the results as a date range (the timeline then
shows the range in finer buckets), Escape clears it, Ctrl+S exports it (CSV or JSON, with
the query and filters). When no matching article has a date,
the timeline says so in one line instead of drawing nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

from fahras.index.timeline import BY, Bucket, Timeline

from ..styling import drawn

#: Eighth blocks, from empty to full: two rows of them draw 16 heights.
BLOCKS = " ▁▂▃▄▅▆▇█"
LEVELS = 2 * (len(BLOCKS) - 1)
#: The widest a bucket is drawn, in cells, when there is room.
WIDEST_BUCKET = 4
HEADING = "Timeline · الخط الزمني"


@dataclass(frozen=True)
class Selection:
    """The buckets from ``first`` to ``last`` (inclusive) as a date range."""

    first: Bucket
    last: Bucket

    @property
    def since(self) -> str:
        return self.first.start

    @property
    def until(self) -> str:
        return self.last.end

    def label(self) -> str:
        """``2025-W10`` or ``2025-W10 – 2025-W12``."""
        return self.first.label if self.first == self.last else \
            f"{self.first.label} – {self.last.label}"


class TimelineChart(Widget, can_focus=True):
    """Bars of matching articles over time, with a date-range selection."""

    COMPONENT_CLASSES = {"timeline--bar", "timeline--selected", "timeline--cursor",
                         "timeline--caption", "timeline--note"}
    DEFAULT_CSS = """
    TimelineChart {
        height: 4;
        padding: 0 1;
    }
    TimelineChart.-undated {
        height: 1;
    }
    TimelineChart > .timeline--bar {
        color: $accent;
    }
    TimelineChart > .timeline--selected {
        color: $warning;
    }
    TimelineChart > .timeline--cursor {
        color: $warning;
        background: $boost;
        text-style: bold;
    }
    TimelineChart > .timeline--caption {
        color: $text-muted;
    }
    TimelineChart > .timeline--note {
        color: $text-muted;
        text-style: italic;
    }
    TimelineChart:focus > .timeline--caption {
        color: $text;
    }
    """

    BINDINGS = [
        Binding("left", "move(-1)", "Earlier", show=False, id="timeline.earlier"),
        Binding("right", "move(1)", "Later", show=False, id="timeline.later"),
        Binding("shift+left", "extend(-1)", "Extend earlier", show=False,
                id="timeline.extend_earlier"),
        Binding("shift+right", "extend(1)", "Extend later", show=False,
                id="timeline.extend_later"),
        Binding("home", "jump(0)", "First", show=False, id="timeline.first"),
        Binding("end", "jump(-1)", "Last", show=False, id="timeline.last"),
        Binding("b", "cycle_bucket", "Bucket", id="timeline.bucket"),
        Binding("enter", "apply", "Filter dates", id="timeline.apply"),
        Binding("escape", "clear", "Clear dates", id="timeline.clear"),
        Binding("ctrl+s", "export", "Export timeline", id="timeline.export"),
    ]

    @dataclass
    class RangeChosen(Message):
        """The user applied the selected buckets as a date range."""

        chart: TimelineChart
        since: str
        until: str

        @property
        def control(self) -> TimelineChart:
            return self.chart

    @dataclass
    class RangeCleared(Message):
        """The user cleared the date range the timeline applied."""

        chart: TimelineChart

        @property
        def control(self) -> TimelineChart:
            return self.chart

    @dataclass
    class BucketChosen(Message):
        """The user chose the bucket: day, week, month, or "" for the span's own."""

        chart: TimelineChart
        by: str

        @property
        def control(self) -> TimelineChart:
            return self.chart

    timeline: reactive[Timeline | None] = reactive(None)
    #: The bucket asked for ("": chosen by the span of the dates).
    bucket: reactive[str] = reactive("")
    cursor: reactive[int] = reactive(0)
    #: Where the selection started (Shift+←/→ keep it); named so as not to hide
    #: ``Widget.anchor``.
    selection_start: reactive[int] = reactive(0)
    #: The date range the results are filtered to, shown in the caption ("" when none).
    applied: reactive[str] = reactive("")
    #: Who draws right-to-left text (bound to the screen's).
    bidi_mode: reactive[str] = reactive("app")

    def watch_timeline(self, timeline: Timeline | None) -> None:
        last = len(timeline.buckets) - 1 if timeline and timeline.buckets else 0
        self.cursor = self.selection_start = last  # the latest news first
        self.set_class(timeline is not None and not timeline.buckets, "-undated")

    @property
    def selection(self) -> Selection | None:
        """The buckets between where the selection started and the cursor, if any."""
        buckets = self.timeline.buckets if self.timeline else ()
        if not buckets:
            return None
        low, high = sorted((self.selection_start, self.cursor))
        return Selection(buckets[low], buckets[high])

    # -- keys -----------------------------------------------------------------------------

    def _last(self) -> int:
        return max(0, len(self.timeline.buckets) - 1) if self.timeline else 0

    def action_move(self, step: int) -> None:
        """Move the cursor a bucket; the selection is that bucket."""
        self.cursor = self.selection_start = min(self._last(), max(0, self.cursor + step))

    def action_extend(self, step: int) -> None:
        """Move the cursor a bucket, keeping where the selection started."""
        self.cursor = min(self._last(), max(0, self.cursor + step))

    def action_jump(self, where: int) -> None:
        """To the first bucket (0) or the last (-1)."""
        self.cursor = self.selection_start = self._last() if where < 0 else 0

    def action_cycle_bucket(self) -> None:
        """The next bucket: by the span, day, week, month, and round again."""
        choices = ("", *BY)
        self.bucket = choices[(choices.index(self.bucket) + 1) % len(choices)]
        self.post_message(self.BucketChosen(self, self.bucket))

    def action_apply(self) -> None:
        """Filter the results to the selected dates (a selection of no article: a bell)."""
        chosen = self.selection
        if chosen is None or not self.selected_count:
            self.app.bell()
            return
        self.post_message(self.RangeChosen(self, chosen.since, chosen.until))

    @property
    def selected_count(self) -> int:
        """Matching articles in the selected buckets."""
        if self.timeline is None:
            return 0
        low, high = sorted((self.selection_start, self.cursor))
        return sum(b.count for b in self.timeline.buckets[low:high + 1])

    def action_clear(self) -> None:
        """Take the timeline's date range off the results."""
        if self.applied:
            self.post_message(self.RangeCleared(self))

    def action_export(self) -> None:
        """Export every bar with its dates and counts, and what they count (CSV, JSON)."""
        from ..screens.views_export import TimelineExportScreen

        if self.timeline is None:
            self.app.bell()
            return
        self.app.push_screen(TimelineExportScreen(self.timeline))

    # -- drawing --------------------------------------------------------------------------

    def render(self) -> Text:
        width = max(1, self.content_region.width)
        timeline = self.timeline
        mode = self.bidi_mode
        if timeline is None:
            return Text("")
        if not timeline.buckets:
            note = self.get_component_rich_style("timeline--note")
            applied = f" · dates {self.applied} (Esc clears)" if self.applied else ""
            return Text.assemble(drawn(f"{HEADING}: {timeline.note}{applied}", mode, note,
                                       rtl=False), no_wrap=True, overflow="ellipsis", end="")
        cell = max(1, min(WIDEST_BUCKET, width // len(timeline.buckets)))
        first = self._first_shown(width // cell)
        shown = timeline.buckets[first:first + width // cell]
        lines = [self._caption(timeline, mode), *self._bars(shown, first, cell, timeline.peak),
                 self._axis(timeline)]
        return Text("\n", end="").join(lines)

    def _first_shown(self, fits: int) -> int:
        """The first bucket drawn: all fit, or a window that keeps the cursor in view."""
        total = len(self.timeline.buckets) if self.timeline else 0
        if total <= fits:
            return 0
        return min(max(0, self.cursor - fits + 1), total - fits)

    def _caption(self, timeline: Timeline, mode: str) -> Text:
        parts = [f"{HEADING} by {timeline.by}"]
        if self.applied:
            parts.append(f"dates {self.applied} (Esc clears)")
        if timeline.note:
            parts.append(timeline.note)
        style = self.get_component_rich_style("timeline--caption")
        text = drawn(" · ".join(parts), mode, style, rtl=False)
        text.no_wrap, text.overflow = True, "ellipsis"
        return text

    def _bars(self, shown: tuple[Bucket, ...], first: int, cell: int, peak: int
              ) -> list[Text]:
        low, high = sorted((self.selection_start, self.cursor))
        styles = {name: self.get_component_rich_style(f"timeline--{name}")
                  for name in ("bar", "selected", "cursor")}
        upper, lower = Text(end="", no_wrap=True), Text(end="", no_wrap=True)
        for number, bucket in enumerate(shown, start=first):
            level = -(-LEVELS * bucket.count // peak) if bucket.count else 0
            style = styles["bar"]
            if self.has_focus and low <= number <= high:
                style = styles["cursor" if number == self.cursor else "selected"]
            top, bottom = max(0, level - len(BLOCKS) + 1), min(level, len(BLOCKS) - 1)
            upper.append(BLOCKS[top] * cell, style)
            lower.append((BLOCKS[bottom] if level else "·") * cell, style)
        return [upper, lower]

    def _axis(self, timeline: Timeline) -> Text:
        """The selection's dates and count when focused, else the span's ends."""
        style = self.get_component_rich_style("timeline--caption")
        chosen = self.selection
        if self.has_focus and chosen is not None:
            count = self.selected_count
            what = f"{chosen.label()}: {count:,} article{'' if count == 1 else 's'}"
            return Text(f"{what} · ←→ move, Shift extends, Enter filters", style=style,
                        no_wrap=True, overflow="ellipsis", end="")
        start, end = timeline.buckets[0].label, timeline.buckets[-1].label
        width = max(1, self.content_region.width)
        gap = max(1, width - len(start) - len(end))
        return Text(f"{start}{' ' * gap}{end}", style=style, no_wrap=True, end="")

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

