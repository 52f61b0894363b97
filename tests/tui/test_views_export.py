"""Ctrl+S on the timeline and on the related list: CSV or JSON with the query and the
filters they count, through the dialog every view exports from (never over an existing
file without a second press, a clear line when the file cannot be written)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from textual.widgets import RadioButton

from fahras.index.store import Store
from fahras.tui.app import FahrasApp
from fahras.tui.screens.views_export import RelatedExportScreen, TimelineExportScreen
from fahras.tui.widgets.entity_filter import EntityOptions
from fahras.tui.widgets.related import RelatedList
from fahras.tui.widgets.results import ResultsList
from fahras.tui.widgets.search_bar import SearchBox
from fahras.tui.widgets.timeline import TimelineChart

from .conftest import settle

VIEWS = Path(__file__).parent.parent / "data" / "views"


@pytest.fixture(scope="module")
def views_index(tmp_path_factory, catalogue) -> Path:
    directory = tmp_path_factory.mktemp("views-export")
    Store(directory, catalogue).add([VIEWS])
    return directory


@pytest.fixture
def views_app(views_index, catalogue) -> FahrasApp:
    return FahrasApp(Store(views_index, catalogue), bidi="app")


async def until(pilot, condition, tries: int = 100) -> None:
    """Wait for a condition (workers and messages), not for a fixed time."""
    for _ in range(tries):
        if condition():
            return
        await pilot.pause(0.05)
    assert condition()


async def export_to(pilot, kind, path: Path, fmt: str) -> None:
    """In the open export dialog: choose the format, type the file, press Export."""
    dialog = pilot.app.screen
    assert isinstance(dialog, kind)
    next(b for b in dialog.query(RadioButton) if b.name == fmt).value = True
    await pilot.pause()
    dialog.query_one(f"#{dialog.content.prefix}-path").value = str(path)
    await pilot.pause()  # the name typed is taken in before the press, as when typing
    await pilot.click(f"#{dialog.content.prefix}-do-export")


async def filter_on_tsmc(pilot) -> RelatedList:
    options = pilot.app.screen.query_one(EntityOptions)
    options.focus()
    ids = [options.get_option_at_index(i).id for i in range(options.option_count)]
    options.highlighted = ids.index("company:tsmc")
    await pilot.press("space")
    await settle(pilot)
    return pilot.app.screen.query_one(RelatedList)


@pytest.mark.parametrize("fmt", ["csv", "json"])
async def test_ctrl_s_on_the_timeline_exports_its_bars_with_the_query(views_app, tmp_path,
                                                                      fmt):
    async with views_app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await pilot.click(SearchBox)
        await pilot.press(*"ASML", "enter")
        await settle(pilot)
        chart = views_app.screen.query_one(TimelineChart)
        views_app.screen.query_one(ResultsList).focus()
        await pilot.press("t", "ctrl+s")
        await pilot.pause()
        target = tmp_path / f"timeline.{fmt}"
        await export_to(pilot, TimelineExportScreen, target, fmt)
        await until(pilot, target.exists)
        timeline = chart.timeline
        if fmt == "json":
            out = json.loads(target.read_text("utf-8"))
            assert out["query"] == "ASML" and out["total"] == 3 and out["by"] == timeline.by
            assert [b["count"] for b in out["buckets"]] == [b.count for b in timeline.buckets]
        else:
            rows = list(csv.DictReader(io.StringIO(target.read_text("utf-8-sig"))))
            assert len(rows) == len(timeline.buckets) and {r["query"] for r in rows} == {"ASML"}
            assert [int(r["count"]) for r in rows] == [b.count for b in timeline.buckets]
            assert rows[0]["start"] == timeline.buckets[0].start
        await until(pilot, lambda: not isinstance(views_app.screen, TimelineExportScreen))


async def test_ctrl_s_on_the_related_list_exports_partners_with_strength(views_app,
                                                                         tmp_path):
    async with views_app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        related = await filter_on_tsmc(pilot)
        related.focus()
        await pilot.press("ctrl+s")
        await pilot.pause()
        target = tmp_path / "related.json"
        await export_to(pilot, RelatedExportScreen, target, "json")
        await until(pilot, target.exists)
        out = json.loads(target.read_text("utf-8"))
        assert out["entity"]["id"] == "tsmc" and out["query"] == ""
        assert [p["id"] for p in out["related"]] == [p.id for p in related.related.partners]
        assert out["related"][0]["id"] == "asml" and out["related"][0]["log_dice"] > 0
        assert {"together", "articles", "pmi"} <= set(out["related"][0])


async def test_an_existing_export_is_kept_until_a_second_press(views_app, tmp_path):
    async with views_app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        views_app.screen.query_one(TimelineChart).focus()
        await pilot.press("ctrl+s")
        await pilot.pause()
        target = tmp_path / "kept.csv"
        target.write_text("mine", "utf-8")
        await export_to(pilot, TimelineExportScreen, target, "csv")
        problem = views_app.screen.query_one("#timeline-export-problem")
        await until(pilot, lambda: "exists" in problem.text)
        button = views_app.screen.query_one("#timeline-do-export")
        # a button ignores presses while it shows the last one (Button.active_effect_duration)
        await until(pilot, lambda: not button.has_class("-active"))
        assert target.read_text("utf-8") == "mine"
        await pilot.click("#timeline-do-export")  # the second press writes over it
        await until(pilot, lambda: not isinstance(views_app.screen, TimelineExportScreen))
        assert target.read_text("utf-8-sig").startswith("query,")


async def test_an_unwritable_path_is_one_clear_line_and_nothing_is_written(views_app,
                                                                           tmp_path):
    async with views_app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        related = await filter_on_tsmc(pilot)
        related.focus()
        await pilot.press("ctrl+s")
        await pilot.pause()
        target = tmp_path / "no such folder" / "related.csv"
        await export_to(pilot, RelatedExportScreen, target, "csv")
        problem = views_app.screen.query_one("#related-export-problem")
        await until(pilot, lambda: "does not exist" in problem.text)
        assert str(target) in problem.text and "\n" not in problem.text
        assert isinstance(views_app.screen, RelatedExportScreen)
        assert not target.parent.exists()
        await pilot.press("escape")
        await until(pilot, lambda: not isinstance(views_app.screen, RelatedExportScreen))
