"""Each widget brings its own look: hits and entity kinds are component classes a theme
restyles; the session's settings flow down as reactives; messages carry their sender;
the status line fits at 80 columns."""

from __future__ import annotations

from rich.segment import Segment

from fahras.tui.screens.help import HelpScreen
from fahras.tui.widgets.entity_filter import EntityFilter
from fahras.tui.widgets.reader import Reader
from fahras.tui.widgets.results import ResultsList
from fahras.tui.widgets.search_bar import SearchBar, SearchBox

from .conftest import settle


async def _open(pilot, query: str) -> Reader:
    await pilot.click(SearchBox)
    await pilot.press(*query)
    await settle(pilot)
    await pilot.press("enter", "enter")
    await settle(pilot)
    return pilot.app.screen.query_one(Reader)


def _row_hit_styles(results: ResultsList) -> set:
    return {span.style for index in range(results.option_count)
            for span in results.get_option_at_index(index).prompt.spans
            if span.style == results.look.hit}


def _reader_styles(reader: Reader) -> set:
    return {seg.style.clear_meta_and_links() for line in reader._lines for seg in line.segments
            if isinstance(seg, Segment) and seg.style is not None}


async def test_the_light_theme_restyles_hits_and_entities(app):
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        reader = await _open(pilot, "إنفيديا")
        results = app.screen.query_one(ResultsList)
        dark_hit = results.look.hit
        dark_company = reader.get_component_rich_style("reader--company", partial=True)
        assert _row_hit_styles(results) == {dark_hit}
        assert dark_company in _reader_styles(reader)

        await pilot.press("ctrl+t")
        await pilot.pause()
        await pilot.pause()
        assert app.theme == "textual-light"
        light_hit = results.look.hit
        assert light_hit != dark_hit and light_hit.bgcolor is not None
        # the rows already shown and the open article are drawn again in the new styles
        assert _row_hit_styles(results) == {light_hit}
        reader_hit = reader.get_component_rich_style("reader--hit", partial=True)
        light_company = reader.get_component_rich_style("reader--company", partial=True)
        assert reader_hit != dark_hit and light_company != dark_company
        assert {reader_hit, light_company} <= _reader_styles(reader)


async def test_bidi_mode_flows_from_the_app_to_every_widget(app):
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        screen = app.main
        widgets = [screen, screen.query_one(ResultsList), screen.query_one(Reader),
                   screen.query_one(EntityFilter)]
        assert [w.bidi_mode for w in widgets] == ["app"] * 4
        rows = str(screen.query_one(ResultsList).get_option_at_index(0).prompt)
        await pilot.press("f3")
        await pilot.pause()
        assert [w.bidi_mode for w in widgets] == ["terminal"] * 4
        assert str(screen.query_one(ResultsList).get_option_at_index(0).prompt) != rows


async def test_exact_matching_flows_to_the_main_screen_and_searches_again(app):
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await pilot.click(SearchBox)
        await pilot.press(*"رقائق")
        await settle(pilot)
        stemmed = app.main.last_response
        app.exact = True  # as F2 or the command palette would
        await settle(pilot)
        assert app.main.exact and app.main.last_response.total < stemmed.total


async def test_messages_name_the_widget_that_sent_them(app):
    sent = []
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        bar = app.main.query_one(SearchBar)
        original = bar.post_message
        bar.post_message = lambda message: sent.append(message) or original(message)
        await pilot.click(SearchBox)
        await pilot.press(*"TSMC", "enter")
        await settle(pilot)
    assert {type(m).__name__ for m in sent} >= {"QueryChanged", "QuerySubmitted"}
    assert all(m.control is bar for m in sent if hasattr(m, "query"))


async def test_the_status_stays_on_one_line_at_80_columns(app):
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        status = app.screen.query_one("#status")
        assert status.content_region.height == 1
        assert "relevance" not in str(status.render())  # the default order goes unsaid
        app.screen.query_one(ResultsList).focus()
        await pilot.press("s")
        await settle(pilot)
        assert "by date" in str(status.render()) and status.content_region.height == 1


async def test_the_help_shows_a_remapped_key(app):
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        app.set_keymap({"reader.next_hit": "x"})
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        assert app.keymap == {"reader.next_hit": "x"}
        reader_rows = next(rows for name, rows in _help_rows(app) if name == "Reader")
        assert ("x", "Next hit") in reader_rows


def _help_rows(app):
    from fahras.tui.screens.help import key_rows, sections

    return [(name, key_rows(bindings, app)) for name, bindings in sections(app)]


def test_a_kind_heading_stays_on_one_line_however_narrow_the_list():
    """A heading that wrapped made the entity list one line taller or not depending on
    whether its scrollbar showed when it was first measured (a flaky help snapshot)."""
    from rich.console import Console

    from fahras.tui.widgets.entity_filter import HEADINGS, heading_text

    console = Console(width=12)
    for heading in HEADINGS.values():
        assert len(console.render_lines(heading_text(heading, "app"), pad=False)) == 1
