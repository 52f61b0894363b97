"""A handful of snapshots of the main screens, pressing real keys (see tests/tui/__snapshots__).

Update with ``pytest tests/tui/test_snapshots.py --snapshot-update`` after a deliberate change.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from tui.app import FahrasApp

from .conftest import settle


@pytest.fixture
def snapshot_app(store, monkeypatch):
    import index.search

    monkeypatch.delenv("NO_COLOR", raising=False)
    # Search times vary from run to run: show them all as 0 ms here.
    monkeypatch.setattr(index.search, "time", SimpleNamespace(perf_counter=lambda: 0.0))
    return FahrasApp(store, bidi="app")


class TestMainScreen:
    async def run_before(self, pilot):
        await settle(pilot)
        await pilot.press(*"TSMC")
        await settle(pilot)

    def test_search(self, snap_compare, snapshot_app):
        assert snap_compare(snapshot_app, terminal_size=(120, 34), run_before=self.run_before)


class TestReader:
    async def run_before(self, pilot):
        await settle(pilot)
        await pilot.press(*"سامسونج")
        await settle(pilot)
        await pilot.press("enter", "enter")
        await settle(pilot)

    def test_reader(self, snap_compare, snapshot_app):
        assert snap_compare(snapshot_app, terminal_size=(140, 40), run_before=self.run_before)

    def test_reader_small_terminal(self, snap_compare, snapshot_app):
        assert snap_compare(snapshot_app, terminal_size=(80, 24), run_before=self.run_before)


class TestHelp:
    async def run_before(self, pilot):
        await settle(pilot)
        await pilot.press("f1")
        await pilot.pause()

    def test_help(self, snap_compare, snapshot_app):
        assert snap_compare(snapshot_app, terminal_size=(100, 40), run_before=self.run_before)
