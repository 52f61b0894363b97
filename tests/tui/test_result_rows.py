"""At 80 columns every result row's snippet shows a hit, and title hits are highlighted."""

from __future__ import annotations

import pytest

from fahras.tui.widgets.results import ResultsList, draw_rows
from fahras.tui.widgets.search_bar import SearchBox

from .conftest import settle


def _hit_lines(prompt, hit) -> set[int]:
    """Which of a row's lines (title, meta, snippet) hold a highlighted hit."""
    lines = prompt.plain.split("\n")
    starts = [sum(len(line) + 1 for line in lines[:i]) for i in range(len(lines))]
    found = set()
    for span in prompt.spans:
        if span.style == hit:
            found.add(max(i for i, start in enumerate(starts) if start <= span.start))
    return found


@pytest.mark.parametrize("query", ["Stargate", "ASIC", "تايوان", "هيتاشي"])
async def test_every_snippet_shows_its_hit_at_80_columns(app, query):
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.click(SearchBox)
        await pilot.press(*query)
        await settle(pilot)
        results = app.screen.query_one(ResultsList)
        look = results.look
        rows = draw_rows(results.response.results, look)
        assert rows
        for result, row in zip(results.response.results, rows):
            if result.snippet_hits:
                assert 2 in _hit_lines(row, look.hit), (query, result.id, row.plain)
            if result.title_hits:
                assert 0 in _hit_lines(row, look.hit), (query, result.id, row.plain)
