"""Workers never touch widgets: they take their inputs as arguments and post results back.

Two ways to catch one that does: the functions the workers run are called with no app at
all (a widget lookup there would raise), and the explorer is driven with every DOM lookup
recording the thread it was made from.
"""

from __future__ import annotations

import threading

import pytest
from rich.style import Style
from textual.app import App
from textual.dom import DOMNode
from textual.widget import Widget

from fahras.index.export import ExportContext
from fahras.index.search import Engine, SearchRequest
from fahras.tui.screens.export import ExportJob, ExportScreen, export_passages
from fahras.tui.screens.main import MainScreen, counts, first_page
from fahras.tui.widgets.results import RowLook
from fahras.tui.widgets.search_bar import SearchBox

from .conftest import settle

HIT = Style(bold=True, underline=True)
LOOK = RowLook(width=60, mode="app", hit=HIT, title=Style(), meta=Style(), source=Style(),
               date=Style(), entity_names={"tsmc": "تي إس إم سي"})


def test_the_search_worker_runs_with_no_app(store):
    searched = first_page(Engine(store), SearchRequest("TSMC", limit=5), LOOK)
    assert isinstance(searched, MainScreen.Searched)
    assert searched.response.results and len(searched.prompts) == len(searched.response.results)
    assert searched.look is LOOK
    assert any(span.style == HIT for row in searched.prompts for span in row.spans)


def test_a_cancelled_search_worker_posts_nothing(store):
    assert first_page(Engine(store), SearchRequest("TSMC"), LOOK, lambda: True) is None


def test_the_count_worker_runs_with_no_app(store):
    counted = counts(Engine(store), SearchRequest("TSMC", limit=1))
    assert isinstance(counted, MainScreen.Counted)
    assert counted.total >= 3 and counted.facets["company"]


def test_the_export_worker_runs_with_no_app(store, tmp_path):
    job = ExportJob(ExportContext("TSMC"), request=SearchRequest("TSMC"))
    written, count = export_passages(Engine(store), job, tmp_path / "out.md", "md",
                                     force=False)
    assert written.exists() and count > 0 and "TSMC" in written.read_text("utf-8")


@pytest.fixture
def dom_reads_off_the_ui_thread(monkeypatch) -> list[str]:
    """Every widget lookup, screen read or component style read made from a thread other
    than the UI's, by name."""
    touched: list[str] = []

    def checked(name, original):
        def wrapper(*args, **kwargs):
            if threading.current_thread() is not threading.main_thread():
                touched.append(name)
            return original(*args, **kwargs)
        return wrapper

    for cls, name in ((DOMNode, "query_one"), (DOMNode, "query"),
                      (Widget, "get_component_rich_style")):
        monkeypatch.setattr(cls, name, checked(name, getattr(cls, name)))
    for name in ("screen", "screen_stack"):
        monkeypatch.setattr(App, name, property(checked(name, getattr(App, name).fget)))
    return touched


async def test_no_worker_touches_the_dom(app, tmp_path, dom_reads_off_the_ui_thread):
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await pilot.click(SearchBox)
        await pilot.press(*"TSMC")
        await settle(pilot)  # the search and count workers
        await pilot.press("enter", "enter")
        await settle(pilot)  # the reading worker
        assert app.main.query_one("#reader").display
        await pilot.press("ctrl+s")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ExportScreen) and dialog.scope == "search"
        target = tmp_path / "search.md"
        dialog.query_one("#path").value = str(target)
        await pilot.click("#do-export")
        await settle(pilot)  # the export worker
        assert target.exists()
    assert dom_reads_off_the_ui_thread == []
