"""Explorer fixtures: an app on a private copy of the seed index, with steady screens."""

from __future__ import annotations

import asyncio
import contextlib
import shutil

import pytest
from textual.worker import WorkerCancelled

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


#: One-shot timers up to this long are debounces (the query box's, the typing pause) that a
#: settled screen has fired; longer ones (a notification's timeout) are left running.
DEBOUNCE_LIMIT = 1.0
#: Rounds of "fire the timers, finish the workers, handle their messages" before a screen
#: that keeps starting new work is called unsettled (a search and its count take two).
MAX_ROUNDS = 2000
#: How often a worker that a wait did not see finish is looked at again.
POLL_SECONDS = 0.05
#: Rounds in a row with nothing pending that make a screen settled.
QUIET_ROUNDS = 2


async def settle(pilot, seconds: float | None = None) -> None:
    """Wait until the screen has settled: every pending debounce fired, every worker
    finished and every message they led to handled, however busy the machine.

    It waits on those conditions, never for a fixed time: ``seconds`` is accepted for the
    callers written when this slept, and ignored. Quiet means twice in a row: a message
    handled in one round can post another (a debounce firing posts the query, whose
    handler starts the search).
    """
    del seconds
    app = pilot.app
    quiet = 0
    for _ in range(MAX_ROUNDS):
        await pilot.pause()
        timers, workers = _pending_debounces(app), _running_workers(app)
        if timers or workers or _messages_waiting(app):
            quiet = 0
        else:
            quiet += 1
            if quiet == QUIET_ROUNDS:
                return
        if timers:
            await asyncio.wait(timers)
        if workers:
            # A newer search may cancel the one waited for: the next round waits for it.
            with contextlib.suppress(WorkerCancelled):
                await app.workers.wait_for_complete(workers)
            if any(not worker.is_finished for worker in workers):
                # Seen on a loaded machine: the wait returned with a thread worker still
                # running. Poll it rather than spin through the rounds.
                await asyncio.sleep(POLL_SECONDS)
    raise AssertionError(f"the screen did not settle in {MAX_ROUNDS} rounds: "
                         f"{_pending_debounces(app)} {_running_workers(app)}")


def _nodes(app) -> list:
    return [app, *(node for screen in app.screen_stack
                   for node in screen.walk_children(with_self=True))]


def _running_workers(app) -> list:
    # A cancelled thread worker runs on until its function returns, but its result is
    # dropped and waiting on it returns at once: it is not waited for.
    return [worker for worker in app.workers
            if not worker.is_finished and not worker.is_cancelled]


def _messages_waiting(app) -> bool:
    # Textual keeps each node's queue in ``_message_queue`` (private; Textual 8).
    return any(not node._message_queue.empty() for node in _nodes(app))


def _pending_debounces(app) -> list[asyncio.Task]:
    """The tasks of the short one-shot timers still to fire, anywhere in the app.

    Textual keeps a node's timers in ``_timers`` and a timer's countdown in ``_task``
    (private; Textual 8): no public call lists them.
    """
    return [timer._task for node in _nodes(app) for timer in getattr(node, "_timers", ())
            if timer._repeat == 0 and timer._interval <= DEBOUNCE_LIMIT
            and timer._task is not None and not timer._task.done()]
