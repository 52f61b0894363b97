"""The timeline and the related list in the explorer, on dated news (tests/data/views/):
the timeline follows the query, a selection on it filters the results by date, undated
matches are said in words, and choosing a related entity adds it as a filter."""

from __future__ import annotations

from pathlib import Path

import pytest

from fahras.index.models import Filters
from fahras.index.store import Store
from fahras.tui.app import FahrasApp
from fahras.tui.widgets.entity_filter import EntityOptions
from fahras.tui.widgets.related import RelatedList, strength_bar
from fahras.tui.widgets.results import ResultsList
from fahras.tui.widgets.search_bar import SearchBox
from fahras.tui.widgets.timeline import TimelineChart

from .conftest import settle

VIEWS = Path(__file__).parent.parent / "data" / "views"


@pytest.fixture(scope="module")
def views_index(tmp_path_factory, catalogue) -> Path:
    directory = tmp_path_factory.mktemp("views-tui")
    Store(directory, catalogue).add([VIEWS])
    return directory


@pytest.fixture
def views_app(views_index, catalogue) -> FahrasApp:
    return FahrasApp(Store(views_index, catalogue), bidi="app")


def _rows(app) -> list[str]:
    return ["".join(segment.text for segment in strip)
            for strip in app.screen._compositor.render_strips()]


async def _query(pilot, text: str) -> None:
    await pilot.click(SearchBox)
    await pilot.press(*text, "enter")
    await settle(pilot)


async def test_the_timeline_follows_the_query(views_app):
    async with views_app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        chart = views_app.screen.query_one(TimelineChart)
        assert (chart.timeline.by, chart.timeline.total) == ("week", 19)
        assert any("by week · 2 of 19 matching articles have no date" in row
                   for row in _rows(views_app))
        await _query(pilot, "ASML")
        assert chart.timeline.query == "ASML" and chart.timeline.total == 3
        assert [b.count for b in chart.timeline.buckets if b.count] == [1, 1, 1]


async def test_a_selection_on_the_timeline_filters_the_results_and_escape_clears(views_app):
    async with views_app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        chart = views_app.screen.query_one(TimelineChart)
        weeks = chart.timeline.buckets
        await pilot.press("escape")  # leave the search box
        views_app.screen.query_one(ResultsList).focus()
        # from the latest week, two back and extended two more: W18 to W20
        await pilot.press("t", "left", "left", "left", "left", "shift+right", "shift+right")
        assert chart.selection.label() == f"{weeks[-5].label} – {weeks[-3].label}"
        expected = sum(b.count for b in weeks[-5:-2])
        await pilot.press("enter")
        await settle(pilot)
        main = views_app.main
        assert (main.news_scope()["since"], main.news_scope()["until"]) == (
            weeks[-5].start, weeks[-3].end)
        results = main.last_response.results
        assert main.last_response.total == expected == len(results) > 0
        assert all(weeks[-5].start <= r.date <= weeks[-3].end for r in results)
        assert chart.timeline.since == weeks[-5].start
        assert chart.applied == f"{weeks[-5].start} – {weeks[-3].end}"
        assert any(f"dates {chart.applied} (Esc clears)" in row for row in _rows(views_app))
        chart.focus()
        await pilot.press("escape")
        await settle(pilot)
        assert main.last_response.total == 19 and chart.timeline.by == "week"


async def test_a_selection_without_articles_is_not_applied(views_app):
    async with views_app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        chart = views_app.screen.query_one(TimelineChart)
        chart.focus()
        await pilot.press("left")  # W21: no article that week
        assert chart.selected_count == 0
        await pilot.press("enter")
        await settle(pilot)
        assert views_app.main.last_response.total == 19


async def test_when_no_match_has_a_date_the_timeline_says_so(views_app):
    async with views_app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await _query(pilot, "شاشات")
        chart = views_app.screen.query_one(TimelineChart)
        assert chart.timeline.buckets == () and chart.has_class("-undated")
        assert any("the one matching article has no date" in row for row in _rows(views_app))


async def test_the_seed_index_is_undated_and_says_so(app):
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        assert any("none of the 5 matching articles has a date" in row
                   for row in _rows(app))


async def test_the_related_list_shows_for_a_filter_and_choosing_one_adds_it(views_app):
    async with views_app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        related = views_app.screen.query_one(RelatedList)
        assert not related.display  # no entity filter yet
        options = views_app.screen.query_one(EntityOptions)
        options.focus()
        ids = [options.get_option_at_index(i).id for i in range(options.option_count)]
        options.highlighted = ids.index("company:tsmc")
        await pilot.press("space")
        await settle(pilot)
        assert related.display and related.related.entity.id == "tsmc"
        rows = [related.get_option_at_index(i).id for i in range(related.option_count)]
        assert rows[1:3] == ["company:asml", "company:nvidia"]  # log-Dice, not counts
        related.focus()
        related.highlighted = 1
        await pilot.press("enter")
        await settle(pilot)
        main = views_app.main
        assert main.filters == Filters(company=("tsmc", "asml"))
        assert main.last_response.total == 3
        # the list now follows the entity just added
        assert related.related.entity.id == "asml"
        assert [p.id for p in related.related.partners][:1] == ["tsmc"]
        for _ in range(2):  # the chips take the filters off; the list goes with them
            await pilot.click(views_app.screen.query(".chip").first())
            await settle(pilot)
        assert main.filters == Filters() and not related.display


def test_strength_bars_grow_with_log_dice():
    import doctest

    import fahras.tui.widgets.related

    assert doctest.testmod(fahras.tui.widgets.related).failed == 0
    assert [strength_bar(s) for s in (13.4, 12.0, 7.0)] == ["███▊", "███ ", "▌   "]


@pytest.mark.parametrize("size", [(80, 24), (140, 40)])
async def test_the_views_draw_their_arabic_shaped_and_in_reading_order(views_app, size):
    from .screen_check import screen_problems

    async with views_app.run_test(size=size) as pilot:
        await settle(pilot)
        options = views_app.screen.query_one(EntityOptions)
        options.focus()
        ids = [options.get_option_at_index(i).id for i in range(options.option_count)]
        options.highlighted = ids.index("company:tsmc")
        await pilot.press("space")
        await settle(pilot)
        await pilot.press("t", "left", "shift+left")
        await pilot.pause()
        rows = _rows(views_app)
        assert views_app.screen.query_one(RelatedList).display
        assert any("Timeline" in row for row in rows) and any("Related" in row for row in rows)
        assert screen_problems(rows) == []


async def test_b_changes_the_timelines_bucket_and_back_to_the_span(views_app):
    async with views_app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        chart = views_app.screen.query_one(TimelineChart)
        chart.focus()
        seen = []
        for _ in range(4):
            await pilot.press("b")
            await settle(pilot)
            seen.append((chart.timeline.by, len(chart.timeline.buckets)))
        assert seen == [("day", 141), ("week", 21), ("month", 5), ("week", 21)]
        assert chart.bucket == ""
        await pilot.press("b")  # by day: 141 bars, drawn as a window around the cursor
        await settle(pilot)
        assert chart.cursor == 140 and any("2025-05-27:" in row for row in _rows(views_app))
