"""``settle``, the Pilot tests' wait: it returns once the explorer has settled, waits for a
search still to come, and fails (never hangs) when the explorer does not settle."""

from __future__ import annotations

import threading

import pytest

from fahras.tui.widgets.results import ResultsList
from fahras.tui.widgets.search_bar import SearchBox

from . import conftest
from .conftest import SETTLE_TIMEOUT as TIMEOUT
from .conftest import pending, settle


async def test_settle_waits_for_the_search_once_typing_stops(app, monkeypatch):
    monkeypatch.setattr("fahras.tui.screens.main.TYPING_PAUSE", 1.0)  # longer than any pause
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await pilot.click(SearchBox)
        await pilot.press(*"سامسو")
        await settle(pilot)
        assert not app.screen.typing and not pending(app)
        shown = app.screen.query_one(ResultsList).response
        assert shown.query == "سامسو" and shown.total == 0  # searched without completion
        assert "completing" not in str(app.screen.query_one("#status").render())


async def test_settle_fails_naming_a_worker_that_never_finishes(app, monkeypatch):
    release = threading.Event()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        monkeypatch.setattr(conftest, "SETTLE_TIMEOUT", 0.5)
        app.run_worker(release.wait, thread=True, group="stuck")
        with pytest.raises(pytest.fail.Exception, match="still pending: the 'stuck' worker"):
            await settle(pilot)  # the worker waits for ``release``: only the timeout ends this
        release.set()
        monkeypatch.setattr(conftest, "SETTLE_TIMEOUT", TIMEOUT)
        await settle(pilot)
        assert not pending(app)


async def test_settle_fails_when_the_explorer_never_stays_idle(app, monkeypatch):
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        monkeypatch.setattr(conftest, "SETTLE_TIMEOUT", 0.5)
        searching = app.screen.set_interval(0.01, app.screen.search)  # a search loop
        with pytest.raises(pytest.fail.Exception, match=r"did not settle in 0\.5 s"):
            await settle(pilot)
        searching.stop()
