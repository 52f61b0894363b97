"""The analyst's views, timed: the concordance's first screen, its full count, collocations.

Prints figures; asserts nothing. ``concordance_figures`` is called by ``benchmarks/run.py``
for each corpus size (the target: the first screen of a common word in 150 ms or less at
100,000 articles); on its own this script builds the corpora it needs:

    python benchmarks/analyst.py 10000 100000
    python benchmarks/analyst.py 10000 --index /tmp/kept/10000/index   # an index already built

"First screen" is what the explorer draws before anything else: the first
``index.concordance.FIRST_SCREEN`` lines from a new stream (matching, then the first
articles read and analysed). "Every line" reads the stream to its end with the form counts,
as the explorer does in the background and ``fahras kwic`` before printing; "collocates"
ranks the words around every hit by log-Dice.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from fahras.index import concordance as kwic
from fahras.index.models import Filters
from fahras.index.search import Engine, SearchRequest

CONCORDANCE_QUERIES = {
    "common word": SearchRequest("الذكاء"),
    "plural and singular": SearchRequest("رقائق"),
    "two words": SearchRequest("رقائق الذاكرة"),
    "company filter": SearchRequest("", Filters(company=("tsmc",))),
}
FIRST_REPEAT = 20
#: Reading every line of a common word at 100,000 articles takes minutes: timed once, the
#: searcher and caches already warm from the first screens.
FULL_REPEAT = 1


def _times(fn, repeat: int, *, warm: bool = True) -> tuple[float, float, object]:
    """p50 and worst of ``repeat`` runs in ms (after one warm run), and the last result."""
    result = fn() if warm else None
    runs = []
    for _ in range(repeat):
        began = time.perf_counter()
        result = fn()
        runs.append((time.perf_counter() - began) * 1000)
    return statistics.median(runs), max(runs), result


def concordance_figures(engine: Engine, queries: dict[str, SearchRequest] | None = None,
                        *, progress=None) -> dict[str, dict]:
    """Per query: first screen p50/max ms, every line with the form counts (ms, once), the
    number of lines, and the collocates' ms. ``progress`` is told each figure as it comes
    (reading every line of a common word at 100,000 articles takes minutes)."""
    queries = queries or CONCORDANCE_QUERIES
    firsts = {name: _times(lambda request=request: kwic.first(kwic.concordance(engine,
                                                                               request)),
                           FIRST_REPEAT)
              for name, request in queries.items()}
    if progress:
        progress("first screens p50/max ms: " + "; ".join(
            f"{name} {f[0]:.1f}/{f[1]:.1f}" for name, f in firsts.items()))
    figures = {}
    for name, request in queries.items():
        first = firsts[name]

        def every(request=request):
            found = list(kwic.concordance(engine, request))
            kwic.form_counts(found)
            return found

        full = _times(every, FULL_REPEAT, warm=False)
        found = full[2]
        collocates = _times(lambda found=found: kwic.collocations(engine, found), FULL_REPEAT,
                            warm=False)
        figures[name] = {"first": first[:2], "every": full[:2], "lines": len(found),
                         "collocates": collocates[:2]}
        if progress:
            progress(f"{name}: every line {full[0]:.0f} ms ({len(found):,} lines), "
                     f"collocates {collocates[0]:.0f} ms")
    return figures


def report_concordance(figures: dict[str, dict]) -> None:
    """The figures as a table."""
    print(f"{'concordance':<22} {'first screen p50/max ms':>24} {'every line ms':>23} "
          f"{'lines':>8} {'collocates ms':>14}")
    for name, f in figures.items():
        print(f"{name:<22} {f['first'][0]:>11.1f} / {f['first'][1]:<10.1f} "
              f"{f['every'][0]:>23.0f} {f['lines']:>8,} "
              f"{f['collocates'][0]:>13.0f}")


def main() -> None:
    from benchmarks.corpus import write_corpus
    from fahras.index.catalogue import load_catalogue
    from fahras.index.store import Store

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[10000])
    parser.add_argument("--index", type=Path, help="time this index instead of building one")
    parser.add_argument("--keep", type=Path,
                        help="build (or reuse) corpora and indexes in this folder")
    args = parser.parse_args()
    catalogue = load_catalogue(use_default_user_file=False)
    if args.index:
        store = Store(args.index, catalogue)
        print(f"\n## {store.count():,} articles ({args.index})")
        report_concordance(concordance_figures(Engine(store)))
        return
    root = args.keep or Path(tempfile.mkdtemp(prefix="fahras-analyst-"))
    try:
        for size in args.sizes:
            corpus = root / f"{size}" / "corpus"
            if not corpus.is_dir():
                write_corpus(size, corpus)
            store = Store(root / f"{size}" / "index", catalogue)
            if not store.exists() or store.count() < size:
                store.add([corpus])
            print(f"\n## {size:,} articles", flush=True)
            figures = concordance_figures(Engine(store),
                                          progress=lambda text: print(text, flush=True))
            report_concordance(figures)
            sys.stdout.flush()
    finally:
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
