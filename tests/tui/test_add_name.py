"""Adding a name from the explorer (``a``): the dialog, the user's file, and the filters
updated without a restart (tui/screens/add_name.py, index/retag.py)."""

from __future__ import annotations

import pytest
from textual.widgets import Input, OptionList, RadioButton

from fahras.index.catalogue import load_catalogue
from fahras.index.store import Store
from fahras.tui.app import FahrasApp
from fahras.tui.screens.add_name import AddNameScreen, generated_spellings
from fahras.tui.widgets.entity_filter import EntityOptions
from fahras.tui.widgets.reader import Reader
from fahras.tui.widgets.results import ResultsList
from fahras.tui.widgets.search_bar import SearchBox

from .conftest import settle

#: Written for these tests: an outlet's spelling of Nvidia with ة, which no generated
#: spelling reaches (the ending never varies), beside the usual one.
ARTICLES = {
    "misspelt": "إنفيدية تطلق رقاقة\nتعمل إنفيدية على رقاقة جديدة للذكاء الاصطناعي "
                "بالتعاون مع شركة زيفيرا الناشئة.\n",
    "listed": "نتائج إنفيديا\nأعلنت إنفيديا نتائج قياسية بفضل رقاقة جديدة.\n",
    "other": "زيارة إلى تايوان\nزيارة وزير إلى تايوان لبحث الرقائق مع TSMC.\n",
}


@pytest.fixture
def news_store(tmp_path) -> Store:
    folder = tmp_path / "news"
    folder.mkdir()
    for name, text in ARTICLES.items():
        (folder / f"{name}.txt").write_text(text, "utf-8")
    store = Store(tmp_path / "index", load_catalogue(use_default_user_file=False))
    store.add([folder])
    return store


async def _search(pilot, app, query: str) -> None:
    box = app.screen.query_one(SearchBox)
    box.focus()
    box.value = query
    await settle(pilot)


def _count(app, entity_id: str) -> int:
    facets = app.main.last_response.facets.get("company", ())
    return next((f.count for f in facets if f.id == entity_id), 0)


async def _dialog_from_the_reader(pilot, app) -> tuple[AddNameScreen, int]:
    """The dialog opened on the article's current hit; Nvidia's count before."""
    await _search(pilot, app, "إنفيدية")
    assert app.main.last_response.counted
    before = _count(app, "nvidia")
    app.main.open_article("misspelt")
    await settle(pilot)
    assert app.screen.focused is app.screen.query_one(Reader)
    await pilot.press("a")
    await settle(pilot)
    assert isinstance(app.screen, AddNameScreen)
    return app.screen, before


async def test_a_hit_added_as_a_spelling_shows_in_the_filters_without_restart(
        news_store, tmp_path):
    mine = tmp_path / "mine.toml"
    app = FahrasApp(news_store, bidi="app", entities_file=mine)
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        dialog, before = await _dialog_from_the_reader(pilot, app)
        alias = dialog.query_one("#add-alias", Input)
        assert alias.value == "إنفيدية"  # the current hit
        proposals = dialog.query_one("#add-proposals", OptionList)
        assert dialog.proposals == ("إنفيدية", "زيفيرا")  # and what discovery finds
        for index, name in ((1, "زيفيرا"), (0, "إنفيدية")):  # choosing one fills the box
            proposals.highlighted = index
            proposals.action_select()
            await settle(pilot)
            assert alias.value == name
        dialog.query("#add-mode RadioButton").last(RadioButton).value = True
        dialog.query_one("#add-find", Input).value = "nvidia"
        await settle(pilot)
        assert dialog.query_one("#add-entities", OptionList).highlighted_option.id == "nvidia"
        await pilot.click("#add-do")
        await settle(pilot)
        assert not isinstance(app.screen, AddNameScreen)
        # The misspelt article is Nvidia's now, and the query, an alias of it, finds
        # every spelling: both articles, counted under Nvidia in the filter pane.
        assert before == 0 and _count(app, "nvidia") == app.main.last_response.total == 2
        options = app.screen.query_one(EntityOptions)
        shown = {options.get_option_at_index(i).id: str(options.get_option_at_index(i).prompt)
                 for i in range(options.option_count)}
        assert shown["company:nvidia"].split()[1] == "2"  # ☐   2 إنفيديا  Nvidia
        reader = app.screen.query_one(Reader)
        assert any(m.entity == "nvidia" for m in reader.reading.view.mentions)
    assert "إنفيدية" in mine.read_text("utf-8")
    assert "nvidia" in {m.entity for m in news_store.article("misspelt").mentions}


@pytest.mark.parametrize("problem", ["unwritable", "broken"])
async def test_a_file_that_cannot_take_the_name_is_named_in_the_dialog(
        news_store, tmp_path, problem):
    if problem == "unwritable":
        (tmp_path / "blocker").write_text("a file where a folder should be", "utf-8")
        mine = tmp_path / "blocker" / "entities.toml"
    else:
        mine = tmp_path / "mine.toml"
        mine.write_text("[[company]\nid = ", "utf-8")
    app = FahrasApp(news_store, bidi="app", entities_file=mine)
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await _search(pilot, app, "إنفيدية")
        app.screen.query_one(ResultsList).focus()
        await pilot.press("a")  # from the results this time
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, AddNameScreen)
        dialog.query_one("#add-id", Input).value = "nvidia-typo"
        await pilot.click("#add-do")
        await settle(pilot)
        assert app.screen is dialog  # still open, saying why
        said = dialog.query_one("#add-problem").text
        assert str(mine) in said
    if problem == "broken":
        assert mine.read_text("utf-8") == "[[company]\nid = "
    assert news_store.catalogue.get("nvidia-typo") is None


def test_the_dialog_shows_what_the_generator_will_match_too():
    shown, count = generated_spellings("هوانغ")
    assert "هوانج" in shown or count > len(shown)
    assert generated_spellings("ديل") == ([], 0)  # short names are never varied
    shown, _ = generated_spellings("NXP")
    assert "ان اكس بي" in shown


async def test_a_catalogue_changed_between_runs_is_applied_without_a_rebuild(
        news_store, tmp_path):
    mine = tmp_path / "mine.toml"
    mine.write_text('[[company]]\nid = "nvidia"\nname = "Nvidia"\naliases = ["إنفيدية"]\n',
                    "utf-8")
    number = news_store.pointer()["number"]
    store = Store(news_store.directory, load_catalogue(mine))
    app = FahrasApp(store, bidi="app", entities_file=mine)
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        assert store.stale_reason() is None
        assert store.pointer()["number"] == number  # the same generation: re-tagged in place
        assert _count(app, "nvidia") == 2


@pytest.mark.parametrize("size", [(80, 24), (140, 40)])
async def test_the_dialog_draws_its_arabic_shaped_and_in_reading_order(news_store, tmp_path,
                                                                       size):
    from .screen_check import screen_problems
    from .test_screen_walk import _rows

    app = FahrasApp(news_store, bidi="app", entities_file=tmp_path / "mine.toml")
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        dialog, _ = await _dialog_from_the_reader(pilot, app)
        assert not screen_problems(_rows(app)), "a new entity"
        dialog.query("#add-mode RadioButton").last(RadioButton).value = True
        dialog.query_one("#add-find", Input).value = "سام"
        await settle(pilot)
        assert not screen_problems(_rows(app)), "another spelling"
