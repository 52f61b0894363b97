"""A handful of snapshots of the main screens, pressing real keys (see tests/tui/__snapshots__).

Update with ``pytest tests/tui/test_snapshots.py --snapshot-update`` after a deliberate change.
"""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

from fahras.tui.app import FahrasApp

from .conftest import settle


@pytest.fixture
def snapshot_app(store, monkeypatch):
    import fahras.index.search

    monkeypatch.delenv("NO_COLOR", raising=False)
    # Search times vary from run to run: show them all as 0 ms here.
    monkeypatch.setattr(fahras.index.search, "time", SimpleNamespace(perf_counter=lambda: 0.0))
    return FahrasApp(store, bidi="app")


class TestMainScreen:
    async def run_before(self, pilot):
        await settle(pilot)
        await pilot.press(*"TSMC")
        await settle(pilot)

    def test_search(self, snap_compare, snapshot_app):
        assert snap_compare(snapshot_app, terminal_size=(120, 34), run_before=self.run_before)


BYLINE = Path(__file__).parents[1] / "data" / "reader" / "byline.txt"


class TestReader:
    """An article with an author (tests/data/reader/byline.txt), so the byline shows."""

    @pytest.fixture
    def reader_app(self, snapshot_app):
        snapshot_app.store.add([BYLINE])
        return snapshot_app

    async def run_before(self, pilot):
        await settle(pilot)
        await pilot.press(*"الجبيل")
        await settle(pilot)
        await pilot.press("enter", "enter")
        await settle(pilot)

    def test_reader(self, snap_compare, reader_app):
        assert snap_compare(reader_app, terminal_size=(140, 40), run_before=self.run_before)

    def test_reader_small_terminal(self, snap_compare, reader_app):
        assert snap_compare(reader_app, terminal_size=(80, 24), run_before=self.run_before)


class TestHelp:
    async def run_before(self, pilot):
        await settle(pilot)
        await pilot.press("f1")
        await settle(pilot)

    def test_help(self, snap_compare, snapshot_app):
        assert snap_compare(snapshot_app, terminal_size=(100, 40), run_before=self.run_before)


class TestHostileNames:
    """A file name holding an OSC 52 sequence and markup: shown as escapes, never run."""

    async def run_before(self, pilot):
        await settle(pilot)
        await pilot.press(*"زومبي")
        await settle(pilot)
        await pilot.press("enter", "enter")
        await settle(pilot)

    def test_reader_with_a_hostile_file_name(self, snap_compare, snapshot_app, tmp_path):
        name = "news\x1b]52;c;cm0gLXJm\x07[@click=app.quit]\u202e.txt"
        (tmp_path / name).write_text("شركة زومبي للرقائق\nنص عن شركة زومبي الجديدة.", "utf-8")
        snapshot_app.store.add([tmp_path / name])
        assert snap_compare(snapshot_app, terminal_size=(120, 30), run_before=self.run_before)
