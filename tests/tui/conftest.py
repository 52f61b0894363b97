"""Explorer fixtures: an app on a private copy of the seed index, with steady screens."""

from __future__ import annotations

import asyncio
import shutil
from time import monotonic

import pytest

from fahras.index.store import Store
from fahras.tui.app import FahrasApp
from fahras.tui.widgets.search_bar import SearchBox

#: The longest a test waits for the explorer to settle: far more than any search of the
#: test indexes takes on a loaded two-core machine, far less than a hung CI job.
SETTLE_TIMEOUT = 10.0
#: Pauses in a row that begin and end with nothing pending: a debounce timer that fired
#: during the first leaves a message on its way up the DOM, handled in the second.
QUIET_PAUSES = 2
#: How often a settling test looks at the workers while one runs (seconds).
POLL = 0.005
#: The least time a pause is given, even past the deadline (seconds).
MIN_PAUSE = 0.5


@pytest.fixture(autouse=True)
def _no_blink(monkeypatch):
    """Cursor blink makes screens differ between runs."""
    monkeypatch.setattr(SearchBox, "cursor_blink", False, raising=False)


@pytest.fixture(autouse=True)
def _short_typing_pause(monkeypatch):
    """Typing stops at once: the search bar sends the query, and the query is searched
    again without completion, a millisecond later (Textual's timers cannot take 0), so
    ``settle`` has no long timer to wait for."""
    monkeypatch.setattr("fahras.tui.screens.main.TYPING_PAUSE", 0.001)
    monkeypatch.setattr("fahras.tui.widgets.search_bar.DEBOUNCE_SECONDS", 0.001)


@pytest.fixture
def store(seed_index, tmp_path, catalogue) -> Store:
    target = tmp_path / "index"
    shutil.copytree(seed_index, target)
    return Store(target, catalogue)


@pytest.fixture
def app(store) -> FahrasApp:
    return FahrasApp(store, bidi="app")


def pending(app: FahrasApp, *, typing: bool = True) -> list[str]:
    """What the explorer is still doing, in words: its unfinished workers, a button still
    showing its press and, when ``typing``, the search that waits for typing to stop."""
    from fahras.tui.screens.main import MainScreen

    busy = [f"the {w.group!r} worker" for w in app.workers if not w.is_finished]
    main = next((s for s in app.screen_stack if isinstance(s, MainScreen)), None)
    if typing and main is not None and main.typing:
        busy.append("the search once typing stops")
    # A button ignores clicks while it shows being pressed (Textual's ``-active``, 0.2 s):
    # a test clicking it again sooner would click nothing.
    busy += [f"the press of {b.id or 'a button'}" for b in app.screen.query("Button.-active")]
    return busy


async def settle(pilot, seconds: float = 0.0, *, typing: bool = True) -> None:
    """Wait until the explorer has settled: nothing ``pending`` (no worker, no button
    press, no search waiting for typing to stop unless ``typing`` is false) and its
    messages handled, for
    ``QUIET_PAUSES`` idle pauses in a row; first wait ``seconds`` for what it cannot report.

    Fails the test, naming what is still pending, after ``SETTLE_TIMEOUT``: it never hangs."""
    if seconds:
        await pilot.pause(seconds)
    deadline = monotonic() + SETTLE_TIMEOUT
    quiet = 0
    while quiet < QUIET_PAUSES:
        before = pending(pilot.app, typing=typing)
        await _pause(pilot, deadline)
        after = await _until_done(pilot.app, deadline, typing)
        quiet = 0 if before or after else quiet + 1
        _give_up_after(deadline, before)


async def _until_done(app: FahrasApp, deadline: float, typing: bool) -> bool:
    """Wait for what is pending to finish (looking, never awaiting a worker: a timeout
    must not cancel one); whether anything was."""
    was = bool(pending(app, typing=typing))
    while busy := pending(app, typing=typing):
        _give_up_after(deadline, busy)
        await asyncio.sleep(POLL)
    return was


async def _pause(pilot, deadline: float) -> None:
    """One of Pilot's pauses: the messages already queued are handled, then the process
    idles (Pilot waits up to a second); bounded by the deadline."""
    try:
        await asyncio.wait_for(pilot.pause(), max(deadline - monotonic(), MIN_PAUSE))
    except TimeoutError:
        pytest.fail(f"the explorer did not settle in {SETTLE_TIMEOUT:g} s: "
                    "its messages were still being handled", pytrace=False)


def _give_up_after(deadline: float, busy: list[str]) -> None:
    if monotonic() > deadline:
        pytest.fail(f"the explorer did not settle in {SETTLE_TIMEOUT:g} s: still pending: "
                    f"{', '.join(busy) or 'nothing, but it never stayed idle'}", pytrace=False)
