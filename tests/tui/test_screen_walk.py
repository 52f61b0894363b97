"""Every screen and dialog of the explorer, walked in app bidi mode at two sizes: no
Arabic letter may reach the screen unshaped or in logical order (see ``screen_check``)."""

from __future__ import annotations

import pytest
from textual.screen import ModalScreen

from fahras.tui.screens.build import BuildScreen
from fahras.tui.screens.prompt import PromptScreen
from fahras.tui.widgets.results import ResultsList
from fahras.tui.widgets.search_bar import SearchBox

from .conftest import settle
from .screen_check import misdrawn, screen_problems


def _rows(app) -> list[str]:
    """The screen's rows as drawn; on a dialog, only the dialog's own part (the screen
    under it is cut at the dialog's edges, which is not a drawing fault)."""
    strips = app.screen._compositor.render_strips()
    region = app.screen.region
    if isinstance(app.screen, ModalScreen) and app.screen.children:
        region = app.screen.children[0].region
    return ["".join(segment.text for segment in strip.crop(region.x, region.right))
            for strip in strips[region.y:region.bottom]]


def test_the_check_catches_logical_order_and_unshaped_letters():
    from fahras.tui.bidi import visual

    assert misdrawn("دينا كمال")  # as typed: never shaped
    from arabic_reshaper import reshape

    assert misdrawn(reshape("دينا كمال"))  # shaped, but in logical order
    assert not misdrawn(visual("دينا كمال · 003_x.txt"))
    assert not misdrawn(visual("Nvidia رقائق 2025"))


async def _walk(pilot, app) -> dict[str, list[str]]:
    """Each step's problems, by the step's name."""
    seen: dict[str, list[str]] = {}

    def look(step: str) -> None:
        seen[step] = screen_problems(_rows(app))

    await settle(pilot)
    look("main")
    box = app.screen.query_one(SearchBox)
    for query in ("رقائق Nvidia 2025", "Nvidia رقائق", "سام ألتمان"):
        box.focus()
        box.value = query
        await settle(pilot)
        look(f"search box: {query}")
    box.value = ""
    await settle(pilot)
    main = app.main
    for result in main.last_response.results:  # every article: title, byline, paragraphs
        main.open_article(result.id)
        await settle(pilot)
        look(f"reader: {result.id}")
    await pilot.press("escape")
    app.screen.query_one("#entity-find").focus()
    await pilot.press(*"سام")
    await settle(pilot)
    look("entity finder")
    box.value = "TSMC"
    await settle(pilot)
    app.screen.query_one(ResultsList).focus()
    await pilot.press("enter")
    await settle(pilot)
    look("reader")
    await pilot.press("m")
    await settle(pilot)
    await pilot.press("f4")
    await settle(pilot)
    look("collection")
    await pilot.press("ctrl+s")
    await settle(pilot)
    look("export dialog")
    await pilot.press("escape", "escape")
    await pilot.press("f1")
    await settle(pilot)
    look("help")
    await pilot.press("escape")
    app.push_screen(PromptScreen("Index which file or folder?", placeholder="~/أخبار"))
    await settle(pilot)
    look("prompt")
    await pilot.press("escape")
    app.push_screen(BuildScreen("Indexing ~/أخبار/…"))
    await settle(pilot)
    look("build")
    return seen


@pytest.mark.parametrize("size", [(80, 24), (140, 40)])
async def test_every_screen_draws_its_arabic_shaped_and_in_reading_order(app, size):
    async with app.run_test(size=size) as pilot:
        seen = await _walk(pilot, app)
    assert len(seen) == 16
    wrong = [f"{step}: {problem}" for step, found in seen.items() for problem in found]
    assert not wrong, "\n".join(wrong)
