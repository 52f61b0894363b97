"""The explorer on real news: outlet and date in rows, syndicated copies, sort by date,
source and month facets, and the reader's header."""

from __future__ import annotations

from pathlib import Path

import pytest

from fahras.index.store import Store
from fahras.tui.app import FahrasApp
from fahras.tui.screens.copies import CopiesScreen
from fahras.tui.widgets.reader import Reader
from fahras.tui.widgets.results import ResultsList
from fahras.tui.widgets.search_bar import SearchBox

from .conftest import settle

NEWS = Path(__file__).parent.parent / "data" / "news"


@pytest.fixture(scope="module")
def news_index(tmp_path_factory, catalogue) -> Path:
    directory = tmp_path_factory.mktemp("news-view")
    Store(directory, catalogue).add([NEWS])
    return directory


@pytest.fixture
def news_app(news_index, catalogue) -> FahrasApp:
    # bidi "terminal": rows keep logical order, so the test can read names in them
    return FahrasApp(Store(news_index, catalogue), bidi="terminal")


async def _search(pilot, query: str) -> ResultsList:
    await settle(pilot)
    await pilot.click(SearchBox)
    await pilot.press(*query, "enter")
    await settle(pilot)
    return pilot.app.screen.query_one(ResultsList)


def _status(app) -> str:
    return str(app.screen.query_one("#status").render())


async def test_rows_show_outlet_date_and_copies_which_open(news_app):
    async with news_app.run_test(size=(120, 36)) as pilot:
        results = await _search(pilot, "ذاكرة")
        row = next(i for i, r in enumerate(results.response.results) if r.also_in)
        results.highlighted = row
        result = results.highlighted_result
        assert result.source and result.date
        meta = results.prompts([result], results.prompt_width)[0].plain.split("\n")[1]
        assert result.source in meta and result.date in meta
        assert f"also in {len(result.also_in)} sources" in meta
        await pilot.press("o")
        await settle(pilot)
        assert isinstance(news_app.screen, CopiesScreen)
        await pilot.press("down", "enter")
        await settle(pilot)
        reader = news_app.screen.query_one(Reader)
        assert reader.display and reader.reading.view.id == result.also_in[0].id


async def test_the_last_row_of_a_page_short_of_its_total_loads_nothing_more(news_app):
    # Two rows hold the four articles found (copies fold into their first): the last row
    # reached asks for more once, and the page that comes back short ends the asking.
    async with news_app.run_test(size=(120, 36)) as pilot:
        results = await _search(pilot, "ذاكرة")
        assert results.option_count < results.response.total
        results.highlighted = results.option_count - 1
        await settle(pilot)  # fails, naming the search worker, if it searches in a loop
        assert results.option_count == len(results.response.results) == 2


async def test_sort_key_orders_by_date_and_the_status_says_so(news_app):
    async with news_app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        assert "by date" not in _status(news_app)  # relevance, the default, goes unsaid
        news_app.screen.query_one(ResultsList).focus()
        await pilot.press("s")
        await settle(pilot)
        assert "by date" in _status(news_app)
        dates = [r.date for r in news_app.screen.query_one(ResultsList).response.results
                 if r.date]
        assert len(dates) > 2 and dates == sorted(dates, reverse=True)
        await pilot.press("s")
        await settle(pilot)
        assert "by date" not in _status(news_app)


def _options(app) -> list[str]:
    options = app.screen.query_one("#entity-options")
    return [options.get_option_at_index(i).id or "" for i in range(options.option_count)]


async def _toggle(pilot, option_id: str) -> None:
    options = pilot.app.screen.query_one("#entity-options")
    options.focus()
    options.highlighted = _options(pilot.app).index(option_id)
    await pilot.press("space")
    await settle(pilot)


def _chips(app) -> list[str]:
    return [str(b.label) for b in app.screen.query("#chips .chip")]


async def test_source_and_month_facets_filter_with_counts_and_chips(news_app):
    async with news_app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        ids = _options(news_app)
        assert "heading:source" in ids and "heading:month" in ids
        assert ids.index("heading:source") > max(i for i, x in enumerate(ids)
                                                 if x.startswith("heading:")
                                                 and x not in ("heading:source",
                                                               "heading:month"))
        options = news_app.screen.query_one("#entity-options")
        row = options.get_option(f"source:{'منصة الأفق'}").prompt.plain
        assert "  3 " in row
        await _toggle(pilot, "source:منصة الأفق")
        results = news_app.screen.query_one(ResultsList).response.results
        assert {r.source for r in results} == {"منصة الأفق"}
        assert any("منصة الأفق" in chip for chip in _chips(news_app))
        await _toggle(pilot, "source:منصة الأفق")  # off again
        await _toggle(pilot, "month:2026-01")
        results = news_app.screen.query_one(ResultsList).response.results
        assert results and {r.date[:7] for r in results} == {"2026-01"}
        assert "1 article" not in str(news_app.screen.query_one("#status").render())
        await _toggle(pilot, "month:2025-11")  # a range: November to January
        months = {r.date[:7] for r in news_app.screen.query_one(ResultsList).response.results}
        assert months == {"2025-11", "2025-12", "2026-01"}
        assert sorted(_chips(news_app)) == ["✕ 2025-11", "✕ 2026-01"]
        await pilot.click("#chips .chip")
        await settle(pilot)
        assert len(_chips(news_app)) == 1


async def test_reader_header_shows_outlet_dateline_and_date(news_app):
    async with news_app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        news_app.main.open_article("ofuq-hbm")
        await settle(pilot)
        reader = news_app.screen.query_one(Reader)
        header = "\n".join(reader._byline(reader.size.width))
        assert "منصة الأفق" in header and "سيول" in header and "2025-12-02" in header


async def test_news_rows_copies_and_facets_are_drawn_by_the_renderer(news_index, catalogue):
    from .screen_check import screen_problems
    from .test_screen_walk import _rows

    app = FahrasApp(Store(news_index, catalogue), bidi="app")
    async with app.run_test(size=(140, 40)) as pilot:
        results = await _search(pilot, "ذاكرة")
        assert not screen_problems(_rows(app))
        results.highlighted = next(i for i, r in enumerate(results.response.results)
                                   if r.also_in)
        date = results.highlighted_result.date
        # after the outlet's Arabic name, an ISO date still reads 2025-12-02, not 02-12-2025
        assert any(date in row for row in _rows(app))
        await pilot.press("o")
        await settle(pilot)
        assert isinstance(app.screen, CopiesScreen)
        rows = _rows(app)
        assert not screen_problems(rows) and sum(date in row for row in rows) == 3
        await pilot.press("enter")
        await settle(pilot)
        rows = _rows(app)
        assert not screen_problems(rows) and any(date in row for row in rows)


async def test_exporting_the_search_keeps_its_outlet_and_month_filters(news_index, catalogue,
                                                                      tmp_path):
    from fahras.tui.screens.export import ExportScreen

    news_app = FahrasApp(Store(news_index, catalogue), bidi="app")
    async with news_app.run_test(size=(140, 40)) as pilot:
        await _search(pilot, "ذاكرة")
        await _toggle(pilot, "source:بوابة المدار")
        await _toggle(pilot, "month:2025-12")
        shown = {r.id for r in news_app.screen.query_one(ResultsList).response.results}
        await pilot.press("ctrl+s")
        await pilot.pause()
        dialog = news_app.screen
        assert isinstance(dialog, ExportScreen)
        target = tmp_path / "search.md"
        dialog.query_one("#path").value = str(target)
        await pilot.click("#do-export")
        await settle(pilot)
        page = target.read_text("utf-8")
        assert "sources: بوابة المدار" in page and r"published: 2025\-12 to 2025\-12" in page
        assert shown and "منصة الأفق" not in page and "بوابة المدار" in page
