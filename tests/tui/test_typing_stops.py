"""One behaviour for one query: once typing stops, the explorer shows what `fahras search`
shows; while typing, only the word being typed completes as a prefix, and the status line
says so."""

from __future__ import annotations

from fahras.index.search import SearchRequest
from fahras.tui.widgets.results import ResultsList
from fahras.tui.widgets.search_bar import SearchBox

from .conftest import settle


async def test_the_explorer_shows_the_command_lines_results_once_typing_stops(app, monkeypatch):
    monkeypatch.setattr("fahras.tui.screens.main.TYPING_PAUSE", 30)  # typing has not stopped yet
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await pilot.click(SearchBox)
        await pilot.press(*"سامسو")
        await settle(pilot, typing=False)
        assert app.screen.typing
        typing = app.screen.query_one(ResultsList).response
        assert {r.id[:3] for r in typing.results} == {"001", "004"}  # completed
        assert "completing سامسو" in str(app.screen.query_one("#status").render())
        app.screen.search()  # what the pause does: typing has stopped
        assert not app.screen.typing
        await settle(pilot)
        shown = app.screen.query_one(ResultsList).response
        cli = app.engine.search(SearchRequest("سامسو", limit=app.page_size))
        assert [(r.id, r.score) for r in shown.results] == [(r.id, r.score) for r in cli.results]
        assert shown.total == cli.total == 0
        assert "completing" not in str(app.screen.query_one("#status").render())


async def test_after_the_pause_the_same_order_as_the_command_line(app):
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await pilot.click(SearchBox)
        await pilot.press(*"الذكاء الاصطناعي رقائق")
        await settle(pilot)
        shown = app.screen.query_one(ResultsList).response
        cli = app.engine.search(SearchRequest("الذكاء الاصطناعي رقائق", limit=app.page_size))
        assert [(r.id, r.score) for r in shown.results] == [(r.id, r.score) for r in cli.results]


async def test_the_status_line_says_when_partial_matches_follow(app):
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await pilot.click(SearchBox)
        await pilot.press(*"الرقائق الذكاء الاصطناعي تايوان إنتل")
        await settle(pilot)
        assert app.screen.query_one(ResultsList).response.partial
        assert "4 of 5 words" in str(app.screen.query_one("#status").render())
