"""Entity filters: companies, people and places with counts for the current query.

Space, Enter or a click toggles an entity; active filters show as removable chips; the
box at the top narrows a long list. The catalogue's names and aliases come in as data
when the widget is made; the counts come with each search (``show``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from rich.style import Style
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.reactive import var
from textual.widgets import Button, Input, OptionList
from textual.widgets.option_list import Option

from fahras.index.models import KINDS, FacetCount, Filters
from fahras.index.normalize import normalize
from fahras.index.safe_text import visible

from ..styling import entity_classes, entity_css, label
from .plain_input import PlainInput
from .related import RelatedList

HEADINGS = {"company": "الشركات · Companies", "person": "الأشخاص · People",
            "place": "الأماكن · Places", "organisation": "الهيئات · Organisations",
            "product": "المنتجات · Products"}
#: Outlet and month facets, below the entity kinds: a source filter, a month range.
NEWS_HEADINGS = {"source": "المصادر · Sources", "month": "الأشهر · Months"}
FILTER_KINDS = (*KINDS, *NEWS_HEADINGS)


def heading_text(heading: str, mode: str) -> Text:
    """A kind's heading on one line: were it to wrap, the list's height would depend on
    whether its scrollbar was showing when the heading was first measured."""
    return Text(label(heading, mode), style="bold", no_wrap=True, overflow="ellipsis",
                end="")


def find_key(text: str) -> str:
    """Text as the find box compares it: each word normalised, words kept apart (so a
    two-word name such as سام ألتمان can be found).

    >>> find_key("  سامُ   ألتمان ") == find_key("سام ألتمان")
    True
    """
    return " ".join(normalize(word) for word in text.split())


class EntityOptions(OptionList):
    """The list itself; space toggles like Enter."""

    BINDINGS = [Binding("space", "select", "Toggle", id="filters.toggle")]


class EntityFilter(Vertical):
    """Facets as toggles, the active filters as chips."""

    COMPONENT_CLASSES = {"entity-filter--source", "entity-filter--month",
                         *entity_classes("entity-filter")}
    DEFAULT_CSS = """
    EntityFilter {
        width: 34;
        height: 1fr;
        border-left: solid $panel;
        & > #entity-find { height: 3; }
        & > #chips { height: auto; max-height: 4; display: none; }
        & > #chips .chip { margin: 0 1 0 0; }
        & > #entity-options { height: 1fr; border: none; }
    }
    EntityFilter > .entity-filter--source { text-style: bold; }
    """ + entity_css("EntityFilter", "entity-filter")

    #: Who draws right-to-left text (bound to the screen's).
    bidi_mode: var[str] = var("app")

    @dataclass
    class Toggled(Message):
        """An entity filter was switched on or off."""

        entity_filter: EntityFilter
        kind: str
        entity_id: str

        @property
        def control(self) -> EntityFilter:
            """The filter pane it was toggled in."""
            return self.entity_filter

    def __init__(self, *, names: Mapping[str, tuple[str, str]] | None = None,
                 aliases: Mapping[str, str] | None = None, **kwargs) -> None:
        """``names``: entity id → (kind, Arabic name), to name active filters the counts
        no longer list; ``aliases``: entity id → its normalised names, for the find box."""
        super().__init__(**kwargs)
        self.facets: dict[str, tuple[FacetCount, ...]] = {}
        self.filters = Filters()
        self.news_facets: dict[str, tuple[FacetCount, ...]] = {}
        self.chosen: dict[str, tuple[str, ...]] = {"source": (), "month": ()}
        self.names: Mapping[str, tuple[str, str]] = names or {}
        self.aliases: Mapping[str, str] = aliases or {}

    def compose(self) -> ComposeResult:
        yield PlainInput(placeholder="find an entity…", id="entity-find")
        yield Horizontal(id="chips")
        yield EntityOptions(id="entity-options")
        yield RelatedList(id="related").data_bind(EntityFilter.bidi_mode)

    def show(self, facets: dict[str, tuple[FacetCount, ...]], filters: Filters,
             news_facets: dict[str, tuple[FacetCount, ...]] | None = None,
             sources: tuple[str, ...] = (), months: tuple[str, ...] = ()) -> None:
        """New counts and active filters (entities, outlets, months), drawn together."""
        self.facets, self.filters = facets, filters
        self.news_facets = news_facets or {}
        self.chosen = {"source": sources, "month": months}
        self._draw_options()
        self._draw_chips()

    def on_mount(self) -> None:
        self.app.theme_changed_signal.subscribe(self, lambda _: self._redraw())

    def watch_bidi_mode(self) -> None:
        self._redraw()

    def _redraw(self) -> None:
        if self.is_mounted:
            self._draw_options()
            self._draw_chips()

    def _style(self, name: str) -> Style:
        return self.get_component_rich_style(f"entity-filter--{name}", partial=True,
                                             default=Style.null())

    @on(Input.Changed, "#entity-find")
    def _find(self, event: Input.Changed) -> None:
        event.stop()
        self._draw_options()

    def _draw_options(self) -> None:
        options = self.query_one(EntityOptions)
        keep = options.highlighted_option.id if options.highlighted_option else None
        wanted = find_key(self.query_one("#entity-find", Input).value)
        active = set(self.filters.ids)
        items: list[Option] = []
        for kind in KINDS:
            counts = [f for f in self.facets.get(kind, ()) if not wanted or wanted in
                      self.aliases.get(f.id, find_key(f.name + " " + f.name_ar))]
            listed = {f.id for f in counts}
            counts += [FacetCount(i, i, self.names.get(i, ("", i))[1], 0)
                       for i in getattr(self.filters, kind) if i not in listed]
            if not counts:
                continue
            items.append(Option(heading_text(HEADINGS[kind], self.bidi_mode),
                                id=f"heading:{kind}", disabled=True))
            items.extend(Option(self._prompt(kind, f, f.id in active), id=f"{kind}:{f.id}")
                         for f in counts)
        items += self._news_options(wanted)
        options.set_options(items)
        ids = [o.id for o in items]
        if wanted:  # finding: the cursor on the top match, where Enter toggles it
            options.highlighted = next((i for i, o in enumerate(items) if not o.disabled),
                                       None)
        elif keep in ids:
            options.highlighted = ids.index(keep)

    def _news_options(self, wanted: str) -> list[Option]:
        """Outlets and months with their counts, the chosen ones kept when they count 0."""
        items: list[Option] = []
        for kind, heading in NEWS_HEADINGS.items():
            counts = [f for f in self.news_facets.get(kind, ())
                      if not wanted or wanted in find_key(f.name)]
            listed = {f.id for f in counts}
            counts += [FacetCount(v, v, v, 0) for v in self.chosen[kind] if v not in listed]
            if not counts:
                continue
            items.append(Option(heading_text(heading, self.bidi_mode),
                                id=f"heading:{kind}", disabled=True))
            items.extend(Option(self._news_prompt(kind, f), id=f"{kind}:{f.id}")
                         for f in counts)
        return items

    def _news_prompt(self, kind: str, facet: FacetCount) -> Text:
        on = facet.id in self.chosen[kind]
        text = Text(no_wrap=True, overflow="ellipsis", end="")
        text.append("☑ " if on else "☐ ", "bold" if on else "dim")
        text.append(f"{facet.count:>3} ", "dim")
        text.append(label(visible(facet.name), self.bidi_mode), self._style(kind))
        return text

    def _prompt(self, kind: str, facet: FacetCount, on: bool) -> Text:
        room = max(8, self.size.width - 4)
        text = Text(no_wrap=True, overflow="ellipsis", end="")
        text.append("☑ " if on else "☐ ", "bold" if on else "dim")
        text.append(f"{facet.count:>3} ", "dim")
        name = visible(facet.name_ar)
        text.append(label(name, self.bidi_mode), self._style(kind))
        left = room - text.cell_len - 2
        if left > 3:  # the English name, as far as it fits on the one line
            english = visible(facet.name)
            english = english if len(english) <= left else english[:left - 1] + "…"
            text.append(f"  {english}", "dim")
        return text

    def _draw_chips(self) -> None:
        chips = self.query_one("#chips", Horizontal)
        chips.remove_children()
        buttons = []
        for kind in KINDS:
            for entity_id in getattr(self.filters, kind):
                name = self.names.get(entity_id, (kind, entity_id))[1]
                buttons.append(Button(Text(f"✕ {label(visible(name), self.bidi_mode)}"),
                                      classes="chip",
                                      name=f"{kind}:{entity_id}", compact=True))
        for kind in NEWS_HEADINGS:
            buttons += [Button(Text(f"✕ {label(visible(value), self.bidi_mode)}"),
                               classes="chip", name=f"{kind}:{value}", compact=True)
                        for value in self.chosen[kind]]
        chips.mount_all(buttons)
        chips.display = bool(buttons)

    @on(Input.Submitted, "#entity-find")
    def _toggle_top_match(self, event: Input.Submitted) -> None:
        """Enter in the find box toggles the top match."""
        event.stop()
        option = self.query_one(EntityOptions).highlighted_option
        self._toggle(option.id if option else None)

    @on(OptionList.OptionSelected, "#entity-options")
    def _toggle_option(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._toggle(event.option.id)

    @on(Button.Pressed, ".chip")
    def _remove_chip(self, event: Button.Pressed) -> None:
        event.stop()
        self._toggle(event.button.name)

    def _toggle(self, key: str | None) -> None:
        """Toggle the filter named ``kind:value`` (an option's id, a chip's name)."""
        kind, _, entity_id = (key or "").partition(":")
        if kind in FILTER_KINDS:
            self.post_message(self.Toggled(self, kind, entity_id))

    @on(RelatedList.Chosen)
    def add_related(self, event: RelatedList.Chosen) -> None:
        """A related entity chosen: filter on it too (it is never taken off from there)."""
        event.stop()
        if event.entity_id not in self.filters.ids:
            self.post_message(self.Toggled(self, event.kind, event.entity_id))
