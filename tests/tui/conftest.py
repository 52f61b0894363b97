"""Explorer fixtures: an app on a private copy of the seed index, with steady screens."""

from __future__ import annotations

import shutil

import pytest

from index.store import Store
from tui.app import FahrasApp
from tui.widgets.search_bar import SearchBox


@pytest.fixture(autouse=True)
def _no_blink(monkeypatch):
    """Cursor blink makes screens differ between runs."""
    monkeypatch.setattr(SearchBox, "cursor_blink", False, raising=False)


@pytest.fixture(autouse=True)
def _short_typing_pause(monkeypatch):
    """Typing stops at once (the query is searched again without completion a millisecond
    later; Textual's timers cannot take 0), so ``settle`` sees the settled results however
    busy the machine."""
    monkeypatch.setattr("tui.screens.main.TYPING_PAUSE", 0.001)


@pytest.fixture
def store(seed_index, tmp_path, catalogue) -> Store:
    target = tmp_path / "index"
    shutil.copytree(seed_index, target)
    return Store(target, catalogue)


@pytest.fixture
def app(store) -> FahrasApp:
    return FahrasApp(store, bidi="app")


async def settle(pilot, seconds: float = 0.3) -> None:
    """Let the debounce fire and every worker finish; again when a newer search cancelled
    a worker being waited for (a busy machine makes that race likely)."""
    from textual.worker import WorkerCancelled

    for _ in range(5):
        await pilot.pause(seconds)
        try:
            await pilot.app.workers.wait_for_complete()
        except WorkerCancelled:
            continue
        break
    await pilot.pause()
