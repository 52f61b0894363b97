"""What used to crash the explorer is now a clear message, and the session goes on."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
from textual.app import App

from fahras.index.collection import Collection
from fahras.index.models import SearchResponse
from fahras.tui.app import FahrasApp
from fahras.tui.screens.export import ExportScreen
from fahras.tui.widgets.results import EMPTY_INDEX, ResultsList
from fahras.tui.widgets.search_bar import SearchBox

from .conftest import settle


@pytest.fixture
def told(monkeypatch):
    """Every toast shown, as (message, severity)."""
    shown: list[tuple[str, str]] = []
    original = App.notify

    def record(self, message, **options):
        shown.append((message, options.get("severity", "information")))
        original(self, message, **options)

    monkeypatch.setattr(App, "notify", record)
    return shown


async def _mark_a_result(pilot, query="هيتاشي"):
    await pilot.click(SearchBox)
    await pilot.press(*query)
    await settle(pilot)
    await pilot.press("enter")
    await pilot.press("m")
    await settle(pilot)


async def test_marking_in_a_read_only_index_directory_is_a_clear_message(app, told,
                                                                         monkeypatch):
    import fahras.index.collection as collecting

    def refuse(*args, **kwargs):  # what a read-only folder does, even when run as root
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(collecting.tempfile, "mkstemp", refuse)
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await _mark_a_result(pilot)
        assert app.is_running and len(app.collection) == 0
        [(message, severity)] = [t for t in told if "cannot save" in t[0]]
        assert severity == "error" and "Permission denied" in message
        assert "collection.json" in message and "\n" not in message


async def test_clearing_the_export_path_then_switching_format(app, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        dialog = app.screen
        box = dialog.query_one("#path")
        box.value = ""
        await pilot.click(dialog.query_one("#format").query("RadioButton")[3])  # CSV
        await settle(pilot)
        assert app.is_running and box.value.endswith(".csv")
        assert box.value.startswith(str(tmp_path))
        box.value = ""
        await pilot.click("#do-export")
        await settle(pilot)
        assert isinstance(app.screen, ExportScreen)
        assert "file name" in str(dialog.query_one("#export-problem").text)
        box.value = str(tmp_path)
        await pilot.click("#do-export")
        await settle(pilot)
        assert "is a folder" in str(dialog.query_one("#export-problem").text)


@pytest.mark.parametrize("content", ["[]", "{}", '{"version": 1, "passages": [{}]}'])
async def test_a_collection_of_the_wrong_shape_opens_and_is_kept(store, told, content):
    target = store.directory / "collection.json"
    target.write_text(content, "utf-8")
    app = FahrasApp(store, bidi="app")
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        assert target.read_text("utf-8") == content
        if content != "[]":
            assert any("collection.json" in m and s == "warning" for m, s in told)
        await _mark_a_result(pilot)
        assert len(app.collection) >= 1
    if content != "[]":
        [kept] = store.directory.glob("collection.damaged-*.json")
        assert kept.read_text("utf-8") == content


async def test_exporting_a_passage_with_a_lone_surrogate(app, store, tmp_path, told):
    engine_passages = app.engine.passages
    from fahras.index.search import SearchRequest

    [first, *_] = engine_passages(SearchRequest("هيتاشي"))
    Collection.beside(store.directory).add([replace(first, text=first.text + " \ud800")])
    app.collection = Collection.beside(store.directory)
    out = tmp_path / "out"
    out.mkdir()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        for fmt in range(4):
            await pilot.press("ctrl+s")
            await settle(pilot)
            dialog = app.screen
            await pilot.click(dialog.query_one("#format").query("RadioButton")[fmt])
            dialog.query_one("#path").value = str(out / f"export.{fmt}")
            await pilot.click("#do-export")
            await settle(pilot)
            assert not isinstance(app.screen, ExportScreen), told
        assert app.is_running
    assert sorted(p.name for p in out.iterdir()) == [f"export.{n}" for n in range(4)]
    jsonl = json.loads((out / "export.2").read_text("utf-8"))
    assert jsonl["text"].endswith("\ud800")  # JSON's escape reads back exactly


async def test_an_empty_index_says_how_to_add_files(app, monkeypatch):
    def nothing(request):
        return SearchResponse(query=request.text, total=0, took_ms=0.1, results=(),
                              filters=request.filters)

    monkeypatch.setattr(app.engine, "search", nothing)
    monkeypatch.setattr(app.engine, "count", lambda request: (0, {}))
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        results = app.screen.query_one(ResultsList)
        assert results.option_count == 1
        assert str(results.get_option_at_index(0).prompt) == EMPTY_INDEX
        assert "Add files" in EMPTY_INDEX and "fahras index" in EMPTY_INDEX
        await pilot.click(SearchBox)
        await pilot.press("x")
        await settle(pilot)
        assert results.option_count == 0  # a search that finds nothing is not an empty index


async def test_an_unexpected_export_failure_is_a_message(app, tmp_path, monkeypatch, told):
    import fahras.tui.screens.export as dialog_module

    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(dialog_module, "render", broken)
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        app.screen.query_one("#path").value = str(tmp_path / "x.md")
        await pilot.click("#do-export")
        await settle(pilot)
        assert app.is_running and isinstance(app.screen, ExportScreen)
        assert any("RuntimeError: a bug" in m and s == "error" for m, s in told)
    assert not (tmp_path / "x.md").exists() and not list(tmp_path.glob(".*.part"))


async def test_a_user_catalogue_is_data_and_never_executed(tmp_path, catalogue):
    """A name holding Python and Textual action markup is shown as written: its click
    action is never bound (a label built with markup would quit the app on a click)."""
    from fahras.index.catalogue import load_catalogue
    from fahras.index.store import Store
    from fahras.tui.widgets.entity_filter import EntityOptions

    marker = tmp_path / "executed"
    name = f"[@click=app.quit]Zombie[/] __import__('os').system('touch {marker}')"
    user = tmp_path / "entities.toml"
    user.write_text(f'company = [{{ id = "zombie", name = "{name}", '
                    f'name_ar = "[b]زومبي[/b]", aliases = ["زومبيتك"] }}]\n', "utf-8")
    mine = load_catalogue(user, use_default_user_file=False)
    assert mine.get("zombie").name == name and not mine.warnings
    article = tmp_path / "zombie.txt"
    article.write_text("زومبيتك تفتتح مصنعا\nأعلنت شركة زومبيتك افتتاح مصنع جديد.", "utf-8")
    store = Store(tmp_path / "index", mine)
    store.add([article])
    app = FahrasApp(store, bidi="terminal")
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        options = app.screen.query_one(EntityOptions)
        prompts = [options.get_option_at_index(i).prompt for i in range(options.option_count)]
        shown = [p for p in prompts if "Zombie" in str(p)]
        assert shown, [str(p) for p in prompts]
        assert "[@click=app.quit]Zombie[/]" in shown[0].plain
        assert not any(span.style and "@click" in str(getattr(span.style, "meta", "")) for span
                       in shown[0].spans)
        assert app.is_running
    assert not marker.exists()
