"""The add-a-name dialog (``a`` in the reader and the results): a name of the article into
the user's entity catalogue, and into the index without a rebuild.

It proposes the current hit and the names discovery finds in the article (index/
discovery.py, through ``EntityMatcher.unknown``); the name goes in as a new entity (a
kind and an id) or as another spelling of an entity the catalogues have (found by typing,
as in the filter pane); it shows the spellings the variant generator (index/spelling.py)
will match as well. The user's file is only appended to (``add_to_user_catalogue``), then
the change is applied by re-tagging the articles it touches (index/retag.py: at 10,000
articles, 3 s for a spelling no article uses, where the rebuild it replaces took 765 s
on the same machine). Both run
in a worker; a problem (a file that cannot be written, broken TOML) is shown here,
naming the file, and the file and the index stay as they were.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from textual import getters, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.reactive import reactive
from textual.screen import ModalScreen
from textual.widgets import Button, Input, OptionList, RadioButton, RadioSet
from textual.widgets.option_list import Option

from fahras.index.catalogue import (
    Catalogue,
    CatalogueError,
    add_to_user_catalogue,
    load_catalogue,
    user_catalogue_path,
)
from fahras.index.models import KINDS, Entity
from fahras.index.normalize import normalize
from fahras.index.retag import RetagReport
from fahras.index.spelling import spelled_out, variants
from fahras.index.stem import is_arabic
from fahras.index.store import Store, StoreError

from ..app import FahrasApp
from ..styling import label
from ..widgets.drawn import Drawn
from ..widgets.entity_filter import find_key
from ..widgets.plain_input import PlainInput

#: Generated spellings shown under the name; the rest are counted.
SPELLINGS_SHOWN = 8
#: Entities listed at once in the finder.
ENTITIES_SHOWN = 40


@dataclass(frozen=True)
class NewName:
    """The name to add, and the entity it names (new, or one the catalogues have)."""

    alias: str
    kind: str
    entity_id: str


@dataclass(frozen=True)
class AddedName:
    """A name written to the user's file and applied to the index."""

    alias: str
    entity: Entity
    report: RetagReport


def generated_spellings(alias: str) -> tuple[list[str], int]:
    """Spellings the matcher will also accept for ``alias``: a few to show, and how many
    the generator makes in all (a word of under five letters is never varied)."""
    words = [normalize(w) for w in alias.split() if normalize(w)]
    forms: dict[str, None] = {}
    if len(words) > 1 and all(is_arabic(w) for w in words):
        forms["".join(words)] = None  # glued by a careless extraction
    if len(words) == 1 and is_arabic(words[0]):
        forms.update(dict.fromkeys(variants(words[0])))
    forms.update(dict.fromkeys(" ".join(spelling) for spelling in spelled_out(alias.strip())))
    forms.pop(" ".join(words), None)
    return list(forms)[:SPELLINGS_SHOWN], len(forms)


def entity_id_for(alias: str) -> str:
    """An id proposed for a new entity: the Latin name as a slug, else nothing."""
    slug = "-".join("".join(c for c in word.lower() if c.isascii() and c.isalnum())
                    for word in alias.split())
    return "-".join(part for part in slug.split("-") if part)


class AddNameScreen(ModalScreen[AddedName | None]):
    """Add a name from an article to the user's catalogue, then re-tag the index."""

    app = getters.app(FahrasApp)

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="add_name.cancel")]
    DEFAULT_CSS = """
    AddNameScreen #add-name { max-height: 100%; overflow-y: auto; }
    AddNameScreen .dialog-title { margin-bottom: 0; }
    AddNameScreen RadioSet { border: none; padding: 0; margin-bottom: 0; }
    AddNameScreen #add-kind { layout: horizontal; }
    AddNameScreen #add-proposals { height: auto; max-height: 3; border: none; }
    AddNameScreen #add-entities { height: auto; max-height: 4; border: none; }
    AddNameScreen #add-spellings { color: $text-muted; }
    AddNameScreen #add-problem { color: $error; }
    """

    #: "new": a new entity; "alias": another spelling of an entity the catalogues have.
    mode: reactive[str] = reactive("new")

    class Proposed(Message):
        """Names proposed for the article (posted by the discovery worker)."""

        def __init__(self, names: tuple[str, ...]) -> None:
            super().__init__()
            self.names = names

    class Written(Message):
        """The name is in the user's file and the index (posted by the writing worker)."""

        def __init__(self, added: AddedName) -> None:
            super().__init__()
            self.added = added

    class Failed(Message):
        """Writing the name or applying it failed: one line naming the file."""

        def __init__(self, problem: str) -> None:
            super().__init__()
            self.problem = problem

    def __init__(self, store: Store, article_id: str, name: str = "", *,
                 entities_file: Path | None = None) -> None:
        super().__init__()
        self.store = store
        self.catalogue: Catalogue = store.catalogue
        self.article_id = article_id
        self.proposed = name.strip()
        self.entities_file = entities_file
        #: The names proposed: the current hit, then what discovery finds.
        self.proposals: tuple[str, ...] = ()

    @property
    def user_file(self) -> Path:
        """The file the name is written to: ``--entities FILE``, else the user's own."""
        return self.entities_file or user_catalogue_path()

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="add-name"):
            yield Drawn("Add a name to your entity catalogue", classes="dialog-title")
            yield OptionList(id="add-proposals")
            yield PlainInput(self.proposed, placeholder="the name as the article writes it",
                             id="add-alias")
            yield Drawn("", id="add-spellings")
            with RadioSet(id="add-mode"):
                yield RadioButton("A new entity", name="new", value=True)
                yield RadioButton("Another spelling of an entity", name="alias")
            with RadioSet(id="add-kind"):
                for kind in KINDS:
                    yield RadioButton(kind, name=kind, value=kind == KINDS[0])
            yield PlainInput(entity_id_for(self.proposed), id="add-id",
                             placeholder="id: a lowercase slug such as zephyra")
            yield PlainInput(placeholder="find the entity…", id="add-find")
            yield OptionList(id="add-entities")
            yield Drawn("", id="add-problem")
            with Horizontal(classes="buttons"):
                yield Button("Add", variant="primary", id="add-do")
                yield Button("Cancel", id="add-cancel")

    def on_mount(self) -> None:
        self.query_one("#add-proposals").display = False  # until discovery has looked
        self._show_spellings(self.proposed)
        self._list_entities("")
        self.watch_mode(self.mode)
        self.query_one("#add-alias", Input).focus()
        self.propose(self.store, self.article_id, self.proposed)

    # -- proposals ----------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="add-name-proposals")
    def propose(self, store: Store, article_id: str, first: str) -> None:
        """The current hit, then the names discovery finds in the article."""
        view = store.article(article_id)
        found = store.matcher.unknown([view.title, *view.paragraphs]) if view else {}
        names = tuple(n for n in dict.fromkeys([first, *sorted(found)]) if n)
        self.post_message(self.Proposed(names))

    @on(Proposed)
    def _proposed(self, message: Proposed) -> None:
        options = self.query_one("#add-proposals", OptionList)
        options.set_options([Option(label(name, self.app.bidi_mode), id=f"name:{n}")
                             for n, name in enumerate(message.names)])
        options.display = bool(message.names)
        self.proposals = message.names

    @on(OptionList.OptionSelected, "#add-proposals")
    def _proposal_chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        name = self.proposals[event.option_index]
        self.query_one("#add-alias", Input).value = name
        self.query_one("#add-id", Input).value = entity_id_for(name)

    # -- the name and its entity --------------------------------------------------------

    @on(Input.Changed, "#add-alias")
    def _alias_changed(self, event: Input.Changed) -> None:
        self._show_spellings(event.value)

    def _show_spellings(self, alias: str) -> None:
        shown, count = generated_spellings(alias)
        text = ("" if not alias.strip() else
                "Matched as written (short names and Latin ones are not varied)"
                if not count else "Also matched: " + "، ".join(shown)
                + (f" … ({count} in all)" if count > len(shown) else ""))
        self.query_one("#add-spellings", Drawn).update(text)

    @on(RadioSet.Changed, "#add-mode")
    def _mode_changed(self, event: RadioSet.Changed) -> None:
        self.mode = event.pressed.name or "new"

    def watch_mode(self, mode: str) -> None:
        for selector in ("#add-kind", "#add-id"):
            self.query_one(selector).display = mode == "new"
        for selector in ("#add-find", "#add-entities"):
            self.query_one(selector).display = mode == "alias"

    @on(Input.Changed, "#add-find")
    def _find_changed(self, event: Input.Changed) -> None:
        self._list_entities(event.value)

    def _list_entities(self, wanted: str) -> None:
        key = find_key(wanted)
        found = [e for e in self.catalogue if not key or key in
                 find_key(" ".join((e.id, *e.all_aliases)))][:ENTITIES_SHOWN]
        options = self.query_one("#add-entities", OptionList)
        options.set_options([Option(label(f"{e.name_ar} · {e.name} · {e.kind}",
                                          self.app.bidi_mode), id=e.id) for e in found])
        options.highlighted = 0 if found else None

    def chosen(self) -> NewName | str:
        """What the dialog says to add, or what is missing, in one line."""
        alias = self.query_one("#add-alias", Input).value.strip()
        if not alias:
            return "Type the name to add"
        if self.mode == "alias":
            option = self.query_one("#add-entities", OptionList).highlighted_option
            entity = self.catalogue.get(option.id) if option and option.id else None
            if entity is None:
                return "Choose the entity this is a spelling of"
            return NewName(alias, entity.kind, entity.id)
        pressed = self.query_one("#add-kind", RadioSet).pressed_button
        entity_id = self.query_one("#add-id", Input).value.strip()
        if not entity_id:
            return "An id is needed: a lowercase ASCII slug such as zephyra"
        return NewName(alias, (pressed.name if pressed else None) or KINDS[0], entity_id)

    # -- writing ------------------------------------------------------------------------

    @on(Button.Pressed, "#add-do")
    @on(Input.Submitted, "#add-alias,#add-id")
    def add(self, event: Message | None = None) -> None:
        """Write the chosen name, then apply it to the index (in a worker)."""
        if event is not None:
            event.stop()
        chosen = self.chosen()
        problem = self.query_one("#add-problem", Drawn)
        if isinstance(chosen, str):
            problem.update(chosen)
            return
        problem.update("Adding…")
        self.write(self.store, chosen, self.user_file, self.entities_file)

    @work(thread=True, exclusive=True, group="add-name")
    def write(self, store: Store, chosen: NewName, path: Path, entities_file: Path | None
              ) -> None:
        """Append the name to ``path``, then re-tag the index for the new catalogue."""
        try:
            entity = add_to_user_catalogue(path, chosen.kind, chosen.entity_id, chosen.alias)
        except CatalogueError as error:
            self.post_message(self.Failed(str(error)))
            return
        try:
            report = store.apply_catalogue(load_catalogue(entities_file))
        except (StoreError, OSError) as error:
            self.post_message(self.Failed(f"{path}: the name was added; the index will "
                                          f"take it on the next start ({error})"))
            return
        self.post_message(self.Written(AddedName(chosen.alias, entity, report)))

    @on(Failed)
    def _failed(self, message: Failed) -> None:
        self.query_one("#add-problem", Drawn).update(message.problem)

    @on(Written)
    def _written(self, message: Written) -> None:
        self.dismiss(message.added)

    @on(Button.Pressed, "#add-cancel")
    def action_cancel(self) -> None:
        """Close without adding anything."""
        self.dismiss(None)
