"""The explorer, driven with Textual's Pilot as a user would: keys and clicks."""

from __future__ import annotations

from rich.segment import Segment

from fahras.index.models import Filters
from fahras.tui.bidi import visual
from fahras.tui.screens.help import HelpScreen
from fahras.tui.screens.main import MainScreen
from fahras.tui.widgets.entity_filter import EntityOptions
from fahras.tui.widgets.reader import Reader
from fahras.tui.widgets.results import ResultsList
from fahras.tui.widgets.search_bar import SearchBox

from .conftest import settle


def _main(app) -> MainScreen:
    return app.main


async def _type(pilot, text: str) -> None:
    await pilot.click(SearchBox)
    await pilot.press(*text)
    await settle(pilot)


async def test_empty_query_lists_every_article(app):
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        results = app.screen.query_one(ResultsList)
        assert results.option_count == 5
        assert "5 articles" in str(app.screen.query_one("#status").render())


async def test_typing_an_arabic_query_narrows_the_results(app):
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await _type(pilot, "هيتاشي")
        results = app.screen.query_one(ResultsList)
        assert [r.id[:3] for r in results.response.results] == ["001"]
        assert "1 article" in str(app.screen.query_one("#status").render())


async def test_results_shown_are_always_the_last_querys(app):
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await pilot.click(SearchBox)
        for char in "سامسونج":  # each keystroke searches (a 1 ms debounce in tests) while
            await pilot.press(char)  # the last one's search may still run: the newest wins
            await pilot.pause(0.02)
        await settle(pilot)
        response = app.screen.query_one(ResultsList).response
        assert response.query == "سامسونج"
        assert {r.id[:3] for r in response.results} == {"001", "004"}


async def test_query_history_with_up_and_down(app):
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await _type(pilot, "TSMC")
        await pilot.press("enter")
        box = app.screen.query_one(SearchBox)
        box.focus()
        box.value = ""
        await pilot.press("up")
        assert box.value == "TSMC"
        await pilot.press("down")
        assert box.value == ""


async def test_toggling_a_company_changes_results_and_counts(app):
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        options = app.screen.query_one(EntityOptions)
        options.focus()
        ids = [options.get_option_at_index(i).id for i in range(options.option_count)]
        options.highlighted = ids.index("company:hitachi")
        await pilot.press("space")
        await settle(pilot)
        main = _main(app)
        assert main.filters == Filters(company=("hitachi",))
        assert [r.id[:3] for r in main.last_response.results] == ["001"]
        counts = {f.id: f.count for f in main.last_response.facets["company"]}
        assert counts["nvidia"] == 1 and counts["hitachi"] == 1
        chips = app.screen.query(".chip")
        assert len(chips) == 1
        await pilot.click(chips.first())  # the chip removes the filter
        await settle(pilot)
        assert main.filters == Filters() and main.last_response.total == 5


async def test_finding_an_entity_in_a_long_list(app):
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await pilot.click("#entity-find")
        await pilot.press(*"هيتا")
        await pilot.pause()
        options = app.screen.query_one(EntityOptions)
        ids = [options.get_option_at_index(i).id for i in range(options.option_count)]
        assert ids == ["heading:company", "company:hitachi"]


async def _open_first(pilot, app, query: str) -> Reader:
    await _type(pilot, query)
    await pilot.press("enter")  # from the query box to the results
    await pilot.press("enter")  # open the highlighted article
    await settle(pilot)
    return app.screen.query_one(Reader)


async def test_open_an_article_and_find_the_highlights_on_the_words(app):
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        reader = await _open_first(pilot, app, "إنفيديا")
        assert reader.display and reader.reading is not None
        reading = reader.reading
        assert reading.hit_count > 0
        hit = reader.get_component_rich_style("reader--hit", partial=True)
        highlighted = [seg.text for line in reader._lines for seg in line.segments
                       if isinstance(seg, Segment) and seg.style and
                       seg.style.clear_meta_and_links() == hit]
        # Whole words as written: إنفيديا, and لإنفيديا with its clitic (drawn reversed).
        assert highlighted and all(_unshape(t).startswith("ايديفنإ") for t in highlighted)
        assert _unshape(highlighted[0]) == "ايديفنإ"


def _unshape(text: str) -> str:
    import unicodedata

    return "".join(unicodedata.normalize("NFKC", c) for c in text)


async def test_jump_between_hits(app):
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        reader = await _open_first(pilot, app, "إنفيديا")
        assert reader._hit == 0 and "hit 1/" in reader.border_subtitle
        await pilot.press("n")
        assert reader._hit == 1 and "hit 2/" in reader.border_subtitle
        await pilot.press("p")
        await pilot.press("p")
        assert reader._hit == len(reader._hits) - 1  # wraps round
        await pilot.press("escape")
        assert not reader.display


async def test_help_screen_on_f1_and_question_mark(app):
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)
        app.screen.query_one(ResultsList).focus()
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)


async def test_a_small_terminal_shows_the_reader_in_place_of_the_results(app):
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.screen.has_class("narrow")
        reader = await _open_first(pilot, app, "TSMC")
        assert reader.display and reader.size.width > 30
        assert not app.screen.query_one(ResultsList).display or \
            app.screen.query_one(ResultsList).size.width == 0
        await pilot.press("escape")
        assert app.screen.query_one(ResultsList).size.width > 30


async def test_resizing_redraws_the_reader_to_the_new_width(app):
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        reader = await _open_first(pilot, app, "TSMC")
        wide = len(reader._lines)
        await pilot.resize_terminal(124, 30)  # still side by side, the reader narrower
        await settle(pilot)
        assert len(reader._lines) > wide
        width = reader.size.width
        assert all(sum(len(s.text) for s in line.segments) <= width for line in reader._lines)


async def test_exact_matching_toggles_with_f2(app):
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await _type(pilot, "رقائق")
        stemmed = _main(app).last_response.total
        await pilot.press("f2")
        await settle(pilot)
        assert app.exact and _main(app).last_response.total < stemmed
        assert "exact" in str(app.screen.query_one("#status").render())


async def test_bidi_mode_switches_between_app_and_terminal(app):
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        reader = await _open_first(pilot, app, "TSMC")
        drawn = "".join(s.text for s in reader._lines[0].segments)
        await pilot.press("f3")
        assert app.bidi_mode == "terminal"
        logical = "".join(s.text for s in reader._lines[0].segments).strip()
        # The terminal gets the title's first line as stored; the app drew that same line
        # reordered right to left and shaped, as bidi.visual draws it.
        assert reader.reading.view.title.startswith(logical)
        assert drawn.strip() == visual(logical) != logical
        await pilot.press("f3")
        assert app.bidi_mode == "app"
        assert "".join(s.text for s in reader._lines[0].segments) == drawn


async def test_article_text_is_data_not_markup(app, store, tmp_path):
    hostile = tmp_path / "hostile.txt"
    hostile.write_text("عنوان [bold]غامق[/bold] [link=http://evil]رابط[/link]\n"
                       "نص فيه [red]أحمر[/] و\x1b[31mهروب\x1b[0m و[/] وإنفيديا.", "utf-8")
    store.add([hostile])
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        reader = await _open_first(pilot, app, "غامق")
        text = "".join(s.text for line in reader._lines for s in line.segments)
        assert "[bold]" in text and "[/]" in text and "\x1b" not in text
        assert all(s.style is None or not getattr(s.style, "link", None)
                   for line in reader._lines for s in line.segments)


def _app_with_keys_file(store, text: str):
    """An explorer whose user keys file (in the test's own config dir) holds ``text``."""
    from fahras.tui.app import FahrasApp, keys_path

    keys_path().parent.mkdir(parents=True, exist_ok=True)
    keys_path().write_text(text, "utf-8")
    return FahrasApp(store, bidi="app")


async def test_keys_can_be_remapped_in_the_users_keys_file(store):
    app = _app_with_keys_file(store, '"app.help" = "f10"\n"reader.next_hit" = "x"\n')
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await pilot.press("f10")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        reader = await _open_first(pilot, app, "إنفيديا")
        await pilot.press("x")
        assert reader._hit == 1


async def test_a_broken_keys_file_is_reported_not_fatal(store):
    app = _app_with_keys_file(store, "this is = = not toml")
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        assert any("keys.toml" in str(n.message) for n in app._notifications)
        assert app.screen.query_one(ResultsList).option_count == 5
