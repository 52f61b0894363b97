"""Marking passages in the explorer, the collection screen and the export dialog."""

from __future__ import annotations

from fahras.index.collection import Collection
from fahras.tui.app import FahrasApp
from fahras.tui.screens.collection import CollectionScreen
from fahras.tui.screens.export import ExportScreen
from fahras.tui.widgets.reader import Reader
from fahras.tui.widgets.results import ResultsList
from fahras.tui.widgets.search_bar import SearchBox

from .conftest import settle


async def _search(pilot, query):
    await pilot.click(SearchBox)
    await pilot.press(*query)
    await settle(pilot)
    await pilot.press("enter")


async def test_mark_passages_in_three_articles_and_export_them(app, store, tmp_path):
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await _search(pilot, "TSMC")
        results = app.screen.query_one(ResultsList)
        for index in range(3):  # open three articles and mark the passage at the cursor
            results.highlighted = index
            results.focus()
            await pilot.press("enter")
            await settle(pilot)
            await pilot.press("m")
            await pilot.pause()
            reader = app.screen.query_one(Reader)
            assert reader.current_paragraph() in reader.marked  # drawn as marked
            await pilot.press("escape")
        assert len({p.article_id for p in app.collection}) == 3

        await pilot.press("ctrl+s")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ExportScreen)
        target = tmp_path / "passages.html"
        await pilot.click(dialog.query_one("#format").query("RadioButton")[1])  # HTML
        await pilot.pause()
        dialog.query_one("#path").value = str(target)
        await pilot.click("#do-export")
        await settle(pilot)
        assert target.exists()
        page = target.read_text("utf-8")
        assert page.count("<cite>") == 3 and 'dir="rtl"' in page and "<mark>TSMC</mark>" in page


async def test_the_export_dialog_asks_before_overwriting(app, tmp_path):
    target = tmp_path / "exists.md"
    target.write_text("keep me", "utf-8")
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+s")
        await pilot.pause()
        dialog = app.screen
        dialog.query_one("#path").value = str(target)
        await pilot.click("#do-export")
        await settle(pilot)
        assert target.read_text("utf-8") == "keep me"
        assert "exists" in str(dialog.query_one("#export-problem").text)
        await pilot.click("#do-export")  # the confirmation
        await settle(pilot)
        assert target.read_text("utf-8") != "keep me"


async def test_export_to_a_missing_folder_reports_and_keeps_the_collection(app, tmp_path):
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await _search(pilot, "هيتاشي")
        await pilot.press("m")  # mark the result's passages from the list
        await pilot.pause()
        marked = len(app.collection)
        assert marked >= 1
        await pilot.press("ctrl+s")
        await pilot.pause()
        app.screen.query_one("#path").value = str(tmp_path / "missing" / "x.md")
        await pilot.click("#do-export")
        await settle(pilot)
        assert isinstance(app.screen, ExportScreen)
        assert "does not exist" in str(app.screen.query_one("#export-problem").text)
        assert len(app.collection) == marked


async def test_collection_screen_unmarks_and_survives_a_restart(app, store):
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await _search(pilot, "TSMC")
        await pilot.press("m")
        await pilot.pause()
        count = len(app.collection)
        assert count >= 2
        await pilot.press("f4")
        await pilot.pause()
        assert isinstance(app.screen, CollectionScreen)
        await pilot.press("delete")
        await pilot.pause()
        assert len(app.collection) == count - 1
    assert len(Collection.beside(store.directory)) == count - 1
    restarted = FahrasApp(store, bidi="app")
    async with restarted.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        assert len(restarted.collection) == count - 1


async def test_copy_the_current_passage_in_logical_order(app):
    copied = []
    app.copy_to_clipboard = copied.append
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await _search(pilot, "هيتاشي")
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("c")
        reader = app.screen.query_one(Reader)
        assert copied == [reader.reading.view.paragraphs[reader.current_paragraph()]]
