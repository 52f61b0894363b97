"""Explorer defects a new user hit (issue 15), each driven with Pilot as the user met it."""

from __future__ import annotations

from rich.cells import cell_len

from fahras.index.models import Filters
from fahras.tui.app import FahrasApp
from fahras.tui.screens.collection import CollectionScreen
from fahras.tui.screens.help import HelpScreen
from fahras.tui.widgets.entity_filter import EntityOptions
from fahras.tui.widgets.reader import Reader
from fahras.tui.widgets.results import ResultsList
from fahras.tui.widgets.search_bar import SearchBox

from .conftest import settle


async def _search(pilot, app, query: str) -> None:
    box = app.screen.query_one(SearchBox)
    box.focus()
    box.value = query
    await settle(pilot)


async def _open(pilot, app, prefix: str) -> Reader:
    main = app.main
    main.open_article(next(r.id for r in main.last_response.results if r.id.startswith(prefix)))
    await settle(pilot)
    return app.screen.query_one(Reader)


def _status(app) -> str:
    return str(app.screen.query_one("#status").render())


def _rows(app) -> list[str]:
    return ["".join(s.text for s in strip) for strip in app.screen._compositor.render_strips()]


async def test_a_paragraph_opening_with_a_latin_name_is_laid_out_like_its_article(app):
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        reader = await _open(pilot, app, "004")
        number = next(i for i, p in enumerate(reader.reading.view.paragraphs)
                      if p.startswith("TSMC ("))
        first, *_, last = [ln for ln in reader._lines if ln.paragraph == number]
        assert "".join(s.text for s in first.segments).endswith("TSMC")  # on the right
        drawn = "".join(s.text for s in last.segments)
        assert drawn.startswith(" ") and not drawn.endswith(" ")  # right-aligned


async def test_opening_a_second_article_starts_at_its_first_hit(app):
    async with app.run_test(size=(80, 24)) as pilot:  # the reader in place of the results
        await settle(pilot)
        await _search(pilot, app, "رقائق")
        await pilot.press("enter", "enter")
        await settle(pilot)
        reader = app.screen.query_one(Reader)
        first = reader.reading.view.id
        await pilot.press(*["space"] * 8)  # far down the first article
        await settle(pilot)
        await pilot.press("escape", "down", "enter")
        await settle(pilot)
        assert reader.reading.view.id != first
        top = int(reader.scroll_offset.y)
        shown = {ln.paragraph for ln in reader._lines[top:top + reader.size.height]}
        assert reader._hit == 0 and reader._hits[0][1] in shown
        assert f"hit 1/{len(reader._hits)} · ¶ {reader._hits[0][1] + 1}/" in \
            reader.border_subtitle


async def test_the_current_hit_is_drawn_apart_from_the_others(app):
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await _search(pilot, app, "رقائق")
        reader = await _open(pilot, app, "003")
        assert len(reader._hits) > 2
        current = reader.get_component_rich_style("reader--current-hit", partial=True)

        def styled(number: int) -> set:
            y = number - int(reader.scroll_offset.y)
            return {s.style.bgcolor for s in reader.render_line(y) if s.style}

        line = reader._hits[0][0]
        assert current.bgcolor in styled(line)
        other = next(n for n, _ in reader._hits if n != line)
        await pilot.press("n")
        await settle(pilot)
        assert current.bgcolor not in styled(line)
        assert current.bgcolor in styled(reader._hits[reader._hit][0])
        assert other is not None


async def test_exact_matching_redraws_the_article_being_read(app):
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await _search(pilot, app, "رقائق")
        reader = await _open(pilot, app, "002")  # only الرقائق: a stemmed match
        assert reader.reading.hit_count > 0
        await pilot.press("f2")
        await settle(pilot)
        assert reader.reading.hit_count == 0 and "no hits" in reader.border_subtitle


async def test_enter_in_the_entity_finder_toggles_the_top_match(app):
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await pilot.click("#entity-find")
        await pilot.press(*"TSMC")
        await pilot.pause()
        options = app.screen.query_one(EntityOptions)
        assert options.highlighted_option.id == "company:tsmc"  # the cursor is on it
        await pilot.press("enter")
        await settle(pilot)
        assert app.main.filters == Filters(company=("tsmc",))


async def test_a_two_word_arabic_name_can_be_found(app):
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await pilot.click("#entity-find")
        await pilot.press(*"سام ألتمان")
        await pilot.pause()
        options = app.screen.query_one(EntityOptions)
        ids = [options.get_option_at_index(i).id for i in range(options.option_count)]
        assert ids == ["heading:person", "person:sam-altman"]


async def test_scrolling_to_the_end_of_the_results_loads_more(store):
    app = FahrasApp(store, bidi="app", page_size=2)
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        results = app.screen.query_one(ResultsList)
        assert results.option_count == 2 and "2 of 5 articles" in _status(app)
        results.focus()
        for _ in range(6):
            await pilot.press("down")
            await settle(pilot)
        assert results.option_count == 5 and "5 articles" in _status(app)
        assert " of " not in _status(app)


async def test_help_shows_remapped_keys(store):
    from fahras.tui.app import keys_path

    keys_path().parent.mkdir(parents=True, exist_ok=True)
    keys_path().write_text('"reader.next_hit" = "x"\n', "utf-8")
    app = FahrasApp(store, bidi="app")
    async with app.run_test(size=(140, 60)) as pilot:
        await settle(pilot)
        await pilot.press("f1")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        rows = _rows(app)
        assert any(" x " in row and "Next hit" in row for row in rows)
        assert not any(" n " in row and "Next hit" in row for row in rows)


async def test_the_overwrite_question_is_shown_whole_at_80_columns(app, tmp_path):
    target = tmp_path / ("a-long-folder-name-for-the-export" * 2) / "exists.md"
    target.parent.mkdir()
    target.write_text("keep me", "utf-8")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        app.screen.query_one("#path").value = str(target)
        await pilot.click("#do-export")
        await settle(pilot)
        shown = " ".join(row.strip(" │") for row in _rows(app))
        assert "press Export again to overwrite it" in shown


async def test_collection_lines_fit_the_list_at_80_columns(app):
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await _search(pilot, app, "رقائق")
        results = app.screen.query_one(ResultsList)
        results.focus()
        await pilot.press("m")
        await settle(pilot)
        await pilot.press("f4")
        await settle(pilot)
        assert isinstance(app.screen, CollectionScreen)
        listing = app.screen.query_one("#collection-list")
        room = listing.scrollable_content_region.width - 2
        prompts = [listing.get_option_at_index(i).prompt for i in range(listing.option_count)]
        assert prompts and all(cell_len(line) <= room for p in prompts
                               for line in p.plain.split("\n"))


async def test_one_passage_is_singular(app):
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await _search(pilot, app, "هيتاشي")
        results = app.screen.query_one(ResultsList)
        results.focus()
        passages = results.highlighted_result.passages
        await pilot.press("m")
        await settle(pilot)
        told = [str(n.message) for n in app._notifications]
        if len(passages) == 1:
            assert any(m.startswith("1 passage marked") for m in told)
        await pilot.press("f4")
        await settle(pilot)
        title = app.screen.query_one("#collection-title").text
        count = len(app.collection)
        assert title.startswith(f"Collection: {count} marked passage{'s' if count != 1 else ''} ")


def test_a_rebuild_says_what_it_did():
    from fahras.index.models import IndexReport
    from fahras.tui.app import _summary

    rebuilt = IndexReport(added=("a", "b"), unchanged=("c",))
    assert _summary(rebuilt, rebuilt=True) == "Rebuilt the index: 3 articles indexed"
    assert _summary(IndexReport(added=("a",)), rebuilt=False) == \
        "1 added, 0 updated, 0 unchanged"


async def test_exporting_an_empty_collection_says_so_and_writes_nothing(app, tmp_path):
    from fahras.tui.screens.export import ExportScreen

    target = tmp_path / "out.md"
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.push_screen(ExportScreen("collection"))
        await settle(pilot)
        app.screen.query_one("#path").value = str(target)
        await pilot.click("#do-export")
        await settle(pilot)
        assert "empty" in app.screen.query_one("#export-problem").text
        assert not target.exists()


async def test_a_collection_export_is_headed_by_what_it_holds(app, tmp_path):
    target = tmp_path / "out.md"
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await _search(pilot, app, "هيتاشي")
        results = app.screen.query_one(ResultsList)
        results.focus()
        await pilot.press("m")
        await settle(pilot)
        await _search(pilot, app, "TSMC")  # the search now differs from the collection
        await pilot.press("ctrl+s")
        await settle(pilot)
        app.screen.query_one("#path").value = str(target)
        await pilot.click("#do-export")
        await settle(pilot)
        header = target.read_text("utf-8").split("<div", 1)[0]
        assert "the collection: " in header and "TSMC" not in header


async def test_result_rows_fit_the_list_after_indexing_more_files(app):
    from pathlib import Path

    feed = Path(__file__).resolve().parents[1] / "data" / "hostile" / "feed.jsonl"
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.build("Indexing", [feed])
        await settle(pilot)
        results = app.screen.query_one(ResultsList)
        room = results.prompt_width
        prompts = [results.get_option_at_index(i).prompt for i in range(results.option_count)]
        assert len(prompts) == 7
        assert all(cell_len(line) <= room for p in prompts for line in p.plain.split("\n"))
