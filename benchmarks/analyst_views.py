"""What the analyst's views cost: the timeline (matches per day/week/month) and the related
entities (co-occurrence by log-Dice), at a given corpus size; and what drawing a timeline
costs with each way the explorer could draw it (tui/widgets/timeline.py).

Prints figures; asserts nothing. The corpus is benchmarks/corpus.py's, written as JSON
Lines with a publication date (three years, 3 % undated) and an outlet, since the timeline
needs dates.

    python benchmarks/analyst_views.py 10000 100000
    python benchmarks/analyst_views.py --drawing
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.corpus import generate
from fahras.index.catalogue import load_catalogue
from fahras.index.cooccurrence import cooccurring, related
from fahras.index.models import Filters
from fahras.index.search import Engine, SearchRequest
from fahras.index.store import Store
from fahras.index.timeline import bucketed, timeline

TIMELINES = {
    "every article": SearchRequest(""),
    "common word": SearchRequest("الذكاء"),
    "rare word": SearchRequest("هيتاشي"),
    "company filter": SearchRequest("", Filters(company=("tsmc",))),
    "word, one year": SearchRequest("رقائق", since="2024", until="2024"),
}
RELATED = {
    "nvidia (big)": ("nvidia", SearchRequest("")),
    "tsmc": ("tsmc", SearchRequest("")),
    "hitachi (small)": ("hitachi", SearchRequest("")),
    "tsmc, common word": ("tsmc", SearchRequest("الذكاء")),
}
OUTLETS = ("ساحة التقنية", "منصة الأفق", "الرقمي اليوم", "بوابة المدار", "عالم الرقائق",
           "الاقتصاد الجديد", "نبض السوق", "تقنية اليوم")
FIRST_DAY = dt.date(2023, 1, 1)
DAYS = 3 * 365
UNDATED = 0.03
PER_FILE = 100
REPEAT = 20


def write_dated(count: int, folder: Path, seed: int = 7) -> Path:
    """The generated corpus as JSON Lines with dates and outlets, ``PER_FILE`` a file."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    out = None
    for number, (name, text) in enumerate(generate(count, seed)):
        if number % PER_FILE == 0:
            if out:
                out.close()
            out = (folder / f"part{number // PER_FILE:05d}.jsonl").open("w", encoding="utf-8")
        title, _, body = text.partition("\n")
        record = {"id": name, "title": title, "text": body, "source": rng.choice(OUTLETS)}
        if rng.random() >= UNDATED:
            record["date"] = str(FIRST_DAY + dt.timedelta(days=rng.randrange(DAYS)))
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
    if out:
        out.close()
    return folder


def timed(fn) -> tuple[float, float, float]:
    """Median and worst wall time of ``REPEAT`` runs, and the mean CPU time, in ms, after
    one run to warm the caches. CPU time says what a run costs on a shared machine, where
    waiting for a core inflates the wall time."""
    fn()
    runs = []
    cpu = time.process_time()
    for _ in range(REPEAT):
        began = time.perf_counter()
        fn()
        runs.append((time.perf_counter() - began) * 1000)
    cpu = (time.process_time() - cpu) * 1000 / REPEAT
    return statistics.median(runs), max(runs), cpu


def report_views(size: int, work: Path) -> None:
    """Build a dated corpus of ``size`` articles under ``work`` and print the views' times."""
    corpus = write_dated(size, work / "dated-corpus")
    catalogue = load_catalogue(use_default_user_file=False)
    store = Store(work / "dated-index", catalogue)
    began = time.perf_counter()
    store.add([corpus])
    print(f"\n## analyst views, {size:,} dated articles (built in "
          f"{time.perf_counter() - began:.0f} s)")
    report_times(Engine(store))


def report_times(engine: Engine) -> None:
    """The timeline's and related names' times on an index of dated articles."""
    catalogue = engine.matcher.catalogue
    print(f"{'timeline':<24} {'p50 ms':>8} {'max ms':>8} {'CPU ms':>8}  bucket, bars, undated")
    for name, request in TIMELINES.items():
        p50, worst, cpu = timed(lambda request=request: timeline(engine, request))
        found = timeline(engine, request)
        print(f"{name:<24} {p50:>8.1f} {worst:>8.1f} {cpu:>8.1f}  {found.by}, "
              f"{len(found.buckets)}, {found.undated:,} of {found.total:,}")
    print(f"{'related (top 20)':<24} {'p50 ms':>8} {'max ms':>8} {'CPU ms':>8}  articles, "
          "first partner")
    for name, (entity_id, request) in RELATED.items():
        entity = catalogue.get(entity_id)
        p50, worst, cpu = timed(lambda entity=entity, request=request: related(
            engine, entity, request))
        found = related(engine, entity, request)
        first = found.partners[0] if found.partners else None
        partner = f"{first.name} ({first.together:,}, {first.log_dice:.2f})" if first else "–"
        print(f"{name:<24} {p50:>8.1f} {worst:>8.1f} {cpu:>8.1f}  {found.articles:,}, "
              f"{partner}")
    sys.stdout.flush()


def report_scaled(engine: Engine, times: int = 10) -> None:
    """The counting of both views on arrays ``times`` as large as the index's: its dates,
    matches and entity documents repeated, so the distributions stay those of a real
    index. Finding the matches is the search's own work (benchmarks/run.py); this is what
    the views add to it, where 100,000 articles cannot be built in the time at hand."""
    every = engine.matching(SearchRequest(""))
    ranker, size = every.ranker, every.ranker.size
    dates = np.tile(every.columns.dates, times)
    docs = {entity: np.concatenate([ids + size * k for k in range(times)])
            for entity, ids in ranker.entity_docs.items()}
    print(f"\n## the views' counting at {size * times:,} articles ({size:,} repeated "
          f"{times}×)")
    print(f"{'timeline':<24} {'p50 ms':>8} {'max ms':>8} {'CPU ms':>8}")
    for name, request in TIMELINES.items():
        matched = np.tile(engine.matching(request).matched, times)
        p50, worst, cpu = timed(lambda matched=matched: bucketed(dates[matched]))
        print(f"{name:<24} {p50:>8.1f} {worst:>8.1f} {cpu:>8.1f}")
    print(f"{'related':<24} {'p50 ms':>8} {'max ms':>8} {'CPU ms':>8}")
    for name, (entity_id, request) in RELATED.items():
        scope = np.tile(engine.matching(request).matched, times)
        p50, worst, cpu = timed(lambda entity_id=entity_id, scope=scope: cooccurring(
            entity_id, scope, docs))
        print(f"{name:<24} {p50:>8.1f} {worst:>8.1f} {cpu:>8.1f}")
    sys.stdout.flush()


# -- drawing ---------------------------------------------------------------------------------

BUCKETS = 60
FRAMES = 40


def report_drawing() -> None:
    """Import and per-frame cost of a 60-bucket timeline at 120×30, three ways."""
    print("\n## drawing a timeline of 60 buckets at 120 columns")
    # what every way needs anyway, so not counted
    import textual.app  # noqa: F401

    import fahras.tui.styling  # noqa: F401

    for name in ("by hand", "Sparkline", "textual-plotext"):
        began = time.perf_counter()
        factory, update = _drawer(name)
        imported = (time.perf_counter() - began) * 1000
        frame = asyncio.run(_frames(factory, update))
        print(f"{name:<16} import {imported:>6.1f} ms   a frame {frame:>6.2f} ms")


def _drawer(name: str):
    """A factory for the widget and a function that gives it new counts."""
    if name == "by hand":
        from fahras.index.timeline import Bucket, Timeline
        from fahras.tui.widgets.timeline import TimelineChart

        def update(widget, counts):
            widget.timeline = Timeline("", "week", tuple(
                Bucket(str(i), str(i), str(i), c) for i, c in enumerate(counts)),
                total=sum(counts), undated=0)

        return TimelineChart, update
    if name == "Sparkline":
        from textual.widgets import Sparkline

        def update(widget, counts):
            widget.data = counts

        return Sparkline, update
    from textual_plotext import PlotextPlot

    def update(widget, counts):
        widget.plt.clear_data()
        widget.plt.bar(list(range(len(counts))), counts)
        widget.refresh()

    return PlotextPlot, update


async def _frames(factory, update) -> float:
    """ms a frame: new counts, then the widget's content rendered to lines at its size."""
    from textual.app import App

    class One(App):
        def compose(self):
            widget = factory()
            widget.styles.height = 8
            yield widget

    rng = random.Random(3)
    app = One()
    async with app.run_test(size=(120, 30)) as pilot:
        widget = app.screen.children[0]
        await pilot.pause()
        options = app.console.options.update_dimensions(widget.content_region.width,
                                                         widget.content_region.height)
        began = time.perf_counter()
        for _ in range(FRAMES):
            update(widget, [rng.randrange(100) for _ in range(BUCKETS)])
            app.console.render_lines(widget.render(), options, pad=True)
        return (time.perf_counter() - began) * 1000 / FRAMES


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[10_000])
    parser.add_argument("--drawing", action="store_true", help="only the drawing figures")
    parser.add_argument("--index", type=Path, help="measure this index of dated articles "
                        "(made by an earlier run) instead of building one")
    args = parser.parse_args()
    if args.index:
        engine = Engine(Store(args.index, load_catalogue(use_default_user_file=False)))
        report_times(engine)
        report_scaled(engine)
        return
    report_drawing()
    if args.drawing:
        return
    with tempfile.TemporaryDirectory(prefix="fahras-views-") as work:
        for size in args.sizes:
            report_views(size, Path(work) / str(size))


if __name__ == "__main__":
    main()
