"""Snapshots of the timeline (a selection on it) and of the related list, at 80×24 and
140×40 in app bidi mode, pressing real keys (see tests/tui/__snapshots__).

Update with ``pytest tests/tui/test_views_snapshots.py --snapshot-update`` after a
deliberate change.
"""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

from fahras.index.store import Store
from fahras.tui.app import FahrasApp
from fahras.tui.widgets.entity_filter import EntityOptions

from .conftest import settle

VIEWS = Path(__file__).parent.parent / "data" / "views"
SIZES = [(80, 24), (140, 40)]


@pytest.fixture(scope="module")
def views_index(tmp_path_factory, catalogue) -> Path:
    directory = tmp_path_factory.mktemp("views-snapshots")
    Store(directory, catalogue).add([VIEWS])
    return directory


@pytest.fixture
def views_app(views_index, catalogue, monkeypatch):
    import fahras.index.search

    monkeypatch.delenv("NO_COLOR", raising=False)
    # Search times vary from run to run: show them all as 0 ms here.
    monkeypatch.setattr(fahras.index.search, "time", SimpleNamespace(perf_counter=lambda: 0.0))
    return FahrasApp(Store(views_index, catalogue), bidi="app")


class TestTimelineSelection:
    async def run_before(self, pilot):
        await settle(pilot)
        await pilot.press("escape", "tab", "t")  # from the search box to the timeline
        await pilot.press("left", "left", "shift+left", "shift+left")
        await pilot.pause()

    @pytest.mark.parametrize("size", SIZES)
    def test_timeline(self, snap_compare, views_app, size):
        assert snap_compare(views_app, terminal_size=size, run_before=self.run_before)


class TestRelated:
    async def run_before(self, pilot):
        await settle(pilot)
        options = pilot.app.screen.query_one(EntityOptions)
        options.focus()
        ids = [options.get_option_at_index(i).id for i in range(options.option_count)]
        options.highlighted = ids.index("company:tsmc")
        await pilot.press("space")
        await settle(pilot)

    @pytest.mark.parametrize("size", SIZES)
    def test_related(self, snap_compare, views_app, size):
        assert snap_compare(views_app, terminal_size=size, run_before=self.run_before)
