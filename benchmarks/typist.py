"""A simulated fast typist: a query change every 50 ms for a minute, through the explorer.

The queries go through the same path a person's keystrokes take (the search box, its
debounce, the exclusive search worker, the count worker) on a generated corpus. Prints
the longest stall of the UI event loop (goal: under 100 ms) and the growth of resident
memory across the run (goal: under 20 MB).

    python benchmarks/typist.py                 # 10,000 articles, 60 s
    python benchmarks/typist.py 1000 10         # 1,000 articles, 10 s
    python benchmarks/typist.py 10000 60 DIR    # reuse an index of 10,000 articles in DIR
"""

from __future__ import annotations

import asyncio
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.corpus import write_corpus
from fahras.index.store import Store

PHRASES = ["الذكاء الاصطناعي", "رقائق الذاكرة", "إنفيديا تايوان", "أشباه الموصلات",
           "مراكز البيانات", "سام ألتمان", "الاستثمار في الرقائق", "TSMC Nvidia"]


def rss_mb() -> float:
    """Current resident memory of this process."""
    with open("/proc/self/statm") as statm:
        pages = int(statm.read().split()[1])
    return pages * resource.getpagesize() / 2**20


async def type_for(app, seconds: float, interval: float = 0.05, at_least: int = 0) -> dict:
    """Change the query every ``interval`` for ``seconds`` (and at least ``at_least`` times:
    a loaded machine must not make a correctness test type less)."""
    from fahras.tui.widgets.results import ResultsList
    from fahras.tui.widgets.search_bar import SearchBox

    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.pause(0.5)
        await app.workers.wait_for_complete()
        box = app.screen.query_one(SearchBox)
        stalls: list[float] = []
        beat = {"at": time.perf_counter()}

        def heartbeat() -> None:  # runs on the event loop every 10 ms
            now = time.perf_counter()
            stalls.append(now - beat["at"] - 0.01)
            beat["at"] = now

        app.set_interval(0.01, heartbeat)
        start_memory = rss_mb()
        began = time.perf_counter()
        keystrokes = 0
        last = ""
        while time.perf_counter() - began < seconds or keystrokes < at_least:
            phrase = PHRASES[(keystrokes // 12) % len(PHRASES)]
            last = phrase[: 1 + keystrokes % len(phrase)]
            box.value = last
            keystrokes += 1
            await asyncio.sleep(interval)
        await pilot.pause(0.5)
        await app.workers.wait_for_complete()
        await pilot.pause(0.2)
        shown = app.screen.query_one(ResultsList).response
        return {"keystrokes": keystrokes, "longest_stall_ms": max(stalls) * 1000,
                "memory_growth_mb": rss_mb() - start_memory,
                "last_query_shown": shown is not None and shown.query == last}


def main() -> None:
    size = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    seconds = float(sys.argv[2]) if len(sys.argv) > 2 else 60
    built = Path(sys.argv[3]) if len(sys.argv) > 3 else None  # an index of that size, reused
    from fahras.tui.app import FahrasApp

    with tempfile.TemporaryDirectory(prefix="fahras-typist-") as work:
        store = Store(built) if built else Store(Path(work) / "index")
        if not built:
            store.add([write_corpus(size, Path(work) / "corpus")])
        figures = asyncio.run(type_for(FahrasApp(store, bidi="app"), seconds))
    print(f"# fast typist · {size:,} articles · {seconds:.0f} s · a change every 50 ms")
    print(f"keystrokes: {figures['keystrokes']}; longest event-loop stall: "
          f"{figures['longest_stall_ms']:.0f} ms (goal < 100); memory growth: "
          f"{figures['memory_growth_mb']:.1f} MB (goal < 20); last query shown: "
          f"{figures['last_query_shown']}")


if __name__ == "__main__":
    main()
