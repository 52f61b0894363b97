"""The concordance view (k from the results): opening it, sorting, the form filter, Enter
opening the article at that hit, m marking, exporting; drawn right to left, aligned on the
hit, at 80×24 and 140×40 (snapshots and the screen check)."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

import pytest
from rich.cells import cell_len

from fahras.index import concordance as kwic
from fahras.index.search import SearchRequest
from fahras.index.store import Store
from fahras.tui.app import FahrasApp
from fahras.tui.screens.concordance import ConcordanceScreen
from fahras.tui.widgets.concordance_lines import ConcordanceLines
from fahras.tui.widgets.reader import Reader

from .conftest import settle
from .screen_check import screen_problems

QUERY = "رقائق"
NEWS = Path(__file__).parent.parent / "data" / "news"


@pytest.fixture(scope="module")
def news_index(tmp_path_factory, catalogue) -> Path:
    directory = tmp_path_factory.mktemp("kwic-news")
    Store(directory, catalogue).add([NEWS])
    return directory


async def open_concordance(pilot, query: str = QUERY) -> ConcordanceScreen:
    await settle(pilot)
    await pilot.press(*query)
    await settle(pilot)
    await pilot.press("enter", "k")
    await settle(pilot)
    await until(pilot, lambda: isinstance(pilot.app.screen, ConcordanceScreen)
                and pilot.app.screen.done)
    return pilot.app.screen


async def until(pilot, condition, tries: int = 100) -> None:
    """Wait for a condition (workers and messages), not for a fixed time."""
    for _ in range(tries):
        if condition():
            return
        await pilot.pause(0.05)
    assert condition()


def expected(app, query: str = QUERY) -> list:
    return list(kwic.concordance(app.engine, SearchRequest(query)))


async def test_k_in_the_results_opens_every_hit_in_context(app):
    async with app.run_test(size=(120, 34)) as pilot:
        screen = await open_concordance(pilot)
        shown = screen.query_one(ConcordanceLines).lines
        wanted = expected(app)
        assert [(x.article_id, x.paragraph, x.start) for x in shown] == \
            [(x.article_id, x.paragraph, x.start) for x in wanted]
        status = screen.query_one("#kwic-status").text
        assert status.startswith(f"{len(wanted)} hits in ") and "loading" not in status
        forms = screen.query_one("#kwic-forms").text
        assert "الرقائق 13" in forms and "رقائق 11" in forms
        await pilot.press("escape")
        await until(pilot, lambda: not isinstance(app.screen, ConcordanceScreen))


async def test_sorting_by_the_chooser_key_and_the_form_filter(app):
    async with app.run_test(size=(120, 34)) as pilot:
        screen = await open_concordance(pilot)
        lines = screen.query_one(ConcordanceLines)
        await pilot.press("s")  # relevance → hit form
        await until(pilot, lambda: [x.form for x in lines.lines] ==
                    sorted(x.form for x in screen.every))
        assert screen.sort_key == "hit"
        await pilot.press("s")  # → the 1st word before the hit
        wanted = kwic.sort_lines(screen.every, "left1")
        await until(pilot, lambda: lines.lines == wanted)
        assert "sorted by 1st word before" in screen.query_one("#kwic-status").text
        await pilot.press("f")  # only the most frequent form
        await until(pilot, lambda: {x.form for x in lines.lines} == {"الرقائق"})
        assert len(lines.lines) == 13 and "▶ الرقائق 13" in screen.query_one("#kwic-forms").text
        await pilot.press("c")
        assert screen.has_class("collocations")
        assert "Collocates" in screen.query_one("#kwic-collocations").text


async def test_enter_opens_the_article_at_that_hit(app):
    async with app.run_test(size=(140, 40)) as pilot:
        screen = await open_concordance(pilot)
        lines = screen.query_one(ConcordanceLines)
        # a line that is not its article's first hit: the reader must not open at the first
        target = next(n for n, x in enumerate(lines.lines)
                      if n and lines.lines[n - 1].article_id == x.article_id)
        for _ in range(target):
            await pilot.press("down")
        line = lines.current
        await pilot.press("enter")
        reader = app.main.query_one(Reader)
        await until(pilot, lambda: reader.display and reader.reading is not None
                    and reader.reading.view.id == line.article_id and reader._hit >= 0)
        await settle(pilot)
        assert reader._hit == reader._hit_at[(line.paragraph, line.start)]
        assert reader._hits[reader._hit][1] == line.paragraph
        assert reader.border_subtitle.startswith(f"hit {reader._hit + 1}/")
        # k again: the same concordance, its cursor where it was
        app.main.query_one("ResultsList").focus()
        await pilot.press("k")
        await until(pilot, lambda: app.screen is screen)
        assert lines.current == line


async def test_m_marks_the_passage_of_the_line(app):
    async with app.run_test(size=(120, 34)) as pilot:
        screen = await open_concordance(pilot)
        line = screen.query_one(ConcordanceLines).current
        await pilot.press("m")
        await until(pilot, lambda: len(app.collection) == 1)
        [passage] = list(app.collection)
        assert (passage.article_id, passage.paragraph) == (line.article_id, line.paragraph)
        assert (line.start, line.end) in passage.hits
        assert (line.article_id, line.paragraph) in screen.query_one(ConcordanceLines).marked
        await pilot.press("m")  # again: unmarked
        await until(pilot, lambda: len(app.collection) == 0)


@pytest.mark.parametrize("fmt", ["tsv", "csv", "jsonl"])
async def test_ctrl_s_exports_the_lines_shown(app, tmp_path, fmt):
    async with app.run_test(size=(120, 34)) as pilot:
        screen = await open_concordance(pilot)
        await pilot.press("f")  # one form: the export holds what is shown
        lines = screen.query_one(ConcordanceLines)
        await until(pilot, lambda: len(lines.lines) == 13)
        await pilot.press("ctrl+s")
        await pilot.pause()
        dialog = app.screen
        from textual.widgets import RadioButton

        next(b for b in dialog.query(RadioButton) if b.name == fmt).value = True
        await pilot.pause()
        target = tmp_path / f"kwic.{fmt}"
        dialog.query_one("#kwic-path").value = str(target)
        await pilot.click("#kwic-do-export")
        await until(pilot, target.exists)
        text = target.read_text("utf-8-sig")
        if fmt == "jsonl":
            rows = [json.loads(row) for row in text.splitlines()]
            assert {row["hit"] for row in rows} == {"الرقائق"} and len(rows) == 13
            assert {"article_id", "paragraph", "start", "end", "left", "right"} <= set(rows[0])
        else:
            rows = text.splitlines()
            assert rows[0].startswith("article_id") and len(rows) == 14
        await until(pilot, lambda: app.screen is screen)


async def test_an_existing_file_is_only_overwritten_on_a_second_press(app, tmp_path):
    async with app.run_test(size=(120, 34)) as pilot:
        await open_concordance(pilot)
        target = tmp_path / "kept.tsv"
        target.write_text("mine", "utf-8")
        await pilot.press("ctrl+s")
        await pilot.pause()
        app.screen.query_one("#kwic-path").value = str(target)
        await pilot.click("#kwic-do-export")
        await pilot.pause()
        assert target.read_text("utf-8") == "mine"
        assert "exists" in app.screen.query_one("#kwic-export-problem").text


def drawn_row(lines: ConcordanceLines, number: int = 0) -> str:
    return "".join(segment.text for segment in lines.render_line(number))


async def test_f3_and_f2_redraw_an_open_concordance(app):
    async with app.run_test(size=(120, 34)) as pilot:
        screen = await open_concordance(pilot)
        lines = screen.query_one(ConcordanceLines)
        stemmed = list(lines.lines)
        drawn = drawn_row(lines)
        await pilot.press("f3")  # the terminal draws right to left now
        await until(pilot, lambda: lines.bidi_mode == "terminal")
        assert drawn_row(lines) != drawn
        await pilot.press("f3")
        await until(pilot, lambda: lines.bidi_mode == "app" and drawn_row(lines) == drawn)
        await pilot.press("f2")  # exact matching: only the form typed
        wanted = list(kwic.concordance(app.engine, SearchRequest(QUERY, exact=True)))
        await until(pilot, lambda: screen.request.exact and screen.done
                    and lines.lines == wanted)
        assert 0 < len(wanted) < len(stemmed) and {x.form for x in wanted} == {QUERY}
        assert "exact forms" in screen.query_one("#kwic-title").text
        await pilot.press("f2")
        await until(pilot, lambda: not screen.request.exact and screen.done
                    and lines.lines == stemmed)


async def test_a_line_repeated_by_syndicated_copies_is_shown_once_with_their_count(
        news_index, catalogue):
    news_app = FahrasApp(Store(news_index, catalogue), bidi="app")
    async with news_app.run_test(size=(120, 34)) as pilot:
        screen = await open_concordance(pilot, "ذاكرة")
        lines = screen.query_one(ConcordanceLines)
        unfolded = list(kwic.concordance(news_app.engine, SearchRequest("ذاكرة"), fold=False))
        assert sum(1 + len(x.copies) for x in lines.lines) == len(unfolded) > len(lines.lines)
        at = next(n for n, x in enumerate(lines.lines) if len(x.copies) == 2)
        assert drawn_row(lines, at).startswith("+2 ")
        assert not drawn_row(lines, next(
            n for n, x in enumerate(lines.lines) if not x.copies)).startswith("+")
        folded = len(unfolded) - len(lines.lines)
        assert f"{folded} lines of copies folded" in screen.query_one("#kwic-status").text


def hit_columns(lines: ConcordanceLines, width: int) -> set[tuple[int, int]]:
    """For each line, the first and last column of its hit's cells (as drawn)."""
    style = lines.get_component_rich_style("kwic--hit", partial=True)
    found = set()
    for line in lines.lines:
        x, cells = 0, []
        for segment in lines.row(line, width):
            if segment.style is not None and segment.style.reverse and style.reverse:
                cells += range(x, x + cell_len(segment.text))
            x += cell_len(segment.text)
        found.add((min(cells), max(cells)))
    return found


async def test_hits_are_aligned_in_a_centred_column_latin_ones_too(app):
    async with app.run_test(size=(120, 34)) as pilot:
        screen = await open_concordance(pilot, "TSMC")
        lines = screen.query_one(ConcordanceLines)
        latin = [x for x in lines.lines if x.hit == "TSMC"]
        assert latin and any(x.hit != "TSMC" for x in lines.lines)
        hit_width, side = lines.columns(100)
        # every hit is centred in the one column in the middle of the row
        for first, last in hit_columns(lines, 100):
            assert side + 2 <= first and last < side + 2 + hit_width
            assert abs((first - side - 2) - (side + 2 + hit_width - 1 - last)) <= 1
        # the text before the hit is on its right: the nearest word is next to the column
        row = lines.row(latin[0], 100)
        assert sum(cell_len(s.text) for s in row) == 100
        cells = [char for s in row for char in s.text if cell_len(char)]
        before = "".join(cells[side + 2 + hit_width:])
        assert before.strip() and before.startswith("  ") and before[2] != " "


@pytest.mark.parametrize("size", [(80, 24), (140, 40)])
async def test_every_row_is_shaped_and_in_reading_order(app, size):
    async with app.run_test(size=size) as pilot:
        screen = await open_concordance(pilot)
        await pilot.press("c")
        await pilot.pause()
        strips = screen._compositor.render_strips()
        rows = ["".join(segment.text for segment in strip) for strip in strips]
        assert screen_problems(rows) == []


# -- snapshots ------------------------------------------------------------------------

@pytest.fixture
def snapshot_app(store, monkeypatch):
    import fahras.index.search

    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setattr(fahras.index.search, "time", SimpleNamespace(perf_counter=lambda: 0.0))
    return FahrasApp(store, bidi="app")


class TestConcordanceSnapshots:
    async def run_before(self, pilot):
        await open_concordance(pilot)
        await pilot.press("s", "s")  # sorted by the 1st word before the hit
        screen = pilot.app.screen
        await until(pilot, lambda: screen.query_one(ConcordanceLines).lines ==
                    kwic.sort_lines(screen.every, "left1"))
        await pilot.press("c")
        await pilot.pause()

    def test_concordance_small_terminal(self, snap_compare, snapshot_app):
        assert snap_compare(snapshot_app, terminal_size=(80, 24), run_before=self.run_before)

    def test_concordance(self, snap_compare, snapshot_app):
        assert snap_compare(snapshot_app, terminal_size=(140, 40), run_before=self.run_before)
