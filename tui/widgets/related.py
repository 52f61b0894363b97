"""The "related" list under the entity filters: the entities named most with the entity
being filtered on, by log-Dice (index/cooccurrence.py), so that a big name does not come
first only for being everywhere. Selecting one adds it as a filter.

Each row: the strength as a bar of up to ``STRENGTH_CELLS`` cells (log-Dice from
``WEAKEST`` to its ceiling of 14), how many articles name both, and the name. Ctrl+S
exports the list (CSV or JSON, with the query and filters it was counted over).
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.cells import cell_len
from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from fahras.index.association import LOG_DICE_MAX
from fahras.index.cooccurrence import Partner, Related
from fahras.index.safe_text import visible

from ..styling import label, one_line

#: The strength bar's width in cells, and the log-Dice drawn as an empty bar.
STRENGTH_CELLS = 4
WEAKEST = 6.0
#: Rows listed at most (the pane is narrow; ``fahras related`` lists more).
SHOWN = 8
HEADING = "مرتبطة · Related"
#: The narrowest a row is cut to.
MIN_ROOM = 12


def strength_bar(score: float) -> str:
    """log-Dice as a bar of eighth blocks, ``STRENGTH_CELLS`` wide.

    >>> strength_bar(14.0), strength_bar(10.0), strength_bar(2.0)
    ('████', '██  ', '    ')
    """
    share = min(1.0, max(0.0, (score - WEAKEST) / (LOG_DICE_MAX - WEAKEST)))
    eighths = round(share * STRENGTH_CELLS * 8)
    full, part = divmod(eighths, 8)
    return ("█" * full + (" ▏▎▍▌▋▊▉"[part] if part else "")).ljust(STRENGTH_CELLS)


class RelatedList(OptionList):
    """The partners of the filtered entity; Enter or a click adds one as a filter."""

    COMPONENT_CLASSES = {"related--heading", "related--strength", "related--count"}
    DEFAULT_CSS = """
    RelatedList {
        height: auto;
        max-height: 10;
        border: none;
        border-top: solid $panel;
    }
    RelatedList > .related--heading {
        text-style: bold;
    }
    RelatedList > .related--strength {
        color: $accent;
    }
    RelatedList > .related--count {
        color: $text-muted;
    }
    """

    BINDINGS = [Binding("space", "select", "Add filter", id="related.add"),
                Binding("ctrl+s", "export", "Export related", id="related.export")]

    @dataclass
    class Chosen(Message):
        """The user chose a related entity to filter on."""

        related_list: RelatedList
        kind: str
        entity_id: str

        @property
        def control(self) -> RelatedList:
            return self.related_list

    related: reactive[Related | None] = reactive(None, always_update=True)
    #: Who draws right-to-left text (bound to the filter pane's).
    bidi_mode: reactive[str] = reactive("app")

    def watch_bidi_mode(self) -> None:
        self.redraw()

    def watch_related(self, related: Related | None) -> None:
        self.display = related is not None
        self.redraw()

    def redraw(self) -> None:
        """Draw the rows again (the bidi mode or the data changed)."""
        related = self.related
        if related is None:
            self.clear_options()
            return
        mode = self.bidi_mode
        # the entity's Latin name, which can be cut at its end (an Arabic one drawn in
        # visual order would lose its first letters)
        heading = Text(f"{label(HEADING, mode)}: {visible(related.entity.name)}",
                       self.get_component_rich_style("related--heading"), end="")
        heading.truncate(self._room(), overflow="ellipsis")
        rows = [heading, *(self._row(p, mode) for p in related.partners[:SHOWN])]
        items = [Option(rows[0], id="heading", disabled=True)]
        items += [Option(row, id=f"{p.kind}:{p.id}")
                  for row, p in zip(rows[1:], related.partners, strict=False)]
        if not related.partners:
            items.append(Option(Text("—", end=""), id="none", disabled=True))
        self.set_options(items)

    def _room(self) -> int:
        """Cells a row may take: the list's width, or its pane's before it is laid out."""
        parent = self.parent
        width = self.scrollable_content_region.width or (
            parent.size.width if isinstance(parent, Widget) else 0)
        return max(MIN_ROOM, width - 2)

    def on_resize(self) -> None:
        self.redraw()

    def _row(self, partner: Partner, mode: str) -> Text:
        """One line: strength, articles naming both, the Arabic name cut logically at a
        word if it must be, and the Latin name as far as it fits."""
        text = Text(no_wrap=True, overflow="ellipsis", end="")
        text.append(strength_bar(partner.log_dice),
                    self.get_component_rich_style("related--strength"))
        text.append(f" {partner.together:>3} ", self.get_component_rich_style("related--count"))
        room = self._room() - text.cell_len
        name = visible(partner.name_ar)
        if cell_len(name) <= room:
            text.append(label(name, mode))
        else:
            text.append_text(one_line(name, width=room, mode=mode, rtl=False))
        left = room - cell_len(name) - 2
        if left > 3:
            english = visible(partner.name)
            text.append("  " + (english if len(english) <= left else english[:left - 1] + "…"),
                        "dim")
        return text

    def action_export(self) -> None:
        """Export every partner listed (not only those shown) with counts and strengths."""
        from ..screens.views_export import RelatedExportScreen

        if self.related is None:
            self.app.bell()
            return
        self.app.push_screen(RelatedExportScreen(self.related))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        kind, _, entity_id = (event.option.id or "").partition(":")
        if entity_id:
            self.post_message(self.Chosen(self, kind, entity_id))
