"""fahras's benchmark: build, add, search latency, facets, cold start, memory; beside SQLite FTS5.

Prints figures; asserts nothing. For each size it generates a deterministic corpus
(benchmarks/corpus.py), indexes it, and measures what the explorer does per keystroke:
the first page of 20 results with snippets and passages, then facet counts for every
entity kind. The same corpus and queries go through SQLite FTS5 over text normalised by
fahras's own analyser, reported as ratios.

    python benchmarks/run.py                 # 1k and 10k
    python benchmarks/run.py 1000 10000 100000
    python benchmarks/run.py --quick         # 1k only (what CI may run)
    python benchmarks/run.py 10000 --giant   # … plus one 19 MB article on one line
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.corpus import write_corpus, write_giant
from index.building import workers_for
from index.catalogue import load_catalogue
from index.corpus import read_paths
from index.models import Filters
from index.search import Engine, SearchRequest
from index.store import Store

QUERIES = {
    "common word": SearchRequest("الذكاء"),
    "rare word": SearchRequest("هيتاشي"),
    "two words": SearchRequest("رقائق الذاكرة"),
    "five words (partial matches)": SearchRequest("رقائق الذكاء الاصطناعي تايوان إنتل"),
    "phrase": SearchRequest('"أشباه الموصلات"'),
    "prefix": SearchRequest("استث*"),
    "typing (last word as prefix)": SearchRequest("الرقائق المتط", complete_last=True),
    "company filter": SearchRequest("", Filters(company=("tsmc",))),
    "empty query": SearchRequest(""),
}
REPEAT = 30


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def timed(fn, repeat: int = REPEAT) -> tuple[float, float]:
    fn()  # warm: the first call opens the searcher and fills caches
    runs = []
    for _ in range(repeat):
        began = time.perf_counter()
        fn()
        runs.append((time.perf_counter() - began) * 1000)
    return statistics.median(runs), percentile(runs, 0.95)


def folder_size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


class TreeMemory:
    """Peak resident memory of this process and its children (the build's workers),
    sampled every 50 ms from /proc."""

    def __init__(self) -> None:
        self.peak_mb = 0.0
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def __enter__(self) -> TreeMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._done.set()
        self._thread.join()

    def _sample(self) -> None:
        while not self._done.wait(0.05):
            pids = [os.getpid(), *_children(os.getpid())]
            self.peak_mb = max(self.peak_mb, sum(_rss_kb(p) for p in pids) / 1024)


def _children(pid: int) -> list[int]:
    try:
        found = [int(n) for n in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []
    return found + [g for c in found for g in _children(c)]


def _rss_kb(pid: int) -> int:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0
    return next((int(line.split()[1]) for line in status.splitlines()
                 if line.startswith("VmRSS")), 0)


def bench_fahras(corpus: Path, work: Path, size: int) -> dict:
    catalogue = load_catalogue(use_default_user_file=False)
    store = Store(work / "index", catalogue)
    began = time.perf_counter()
    with TreeMemory() as memory:
        store.add([corpus])
    build = time.perf_counter() - began
    extra = work / "extra.txt"
    extra.write_text("عنوان جديد عن هواوي\nأعلنت هواوي عن رقائق جديدة تنافس إنفيديا.", "utf-8")
    began = time.perf_counter()
    Store(work / "index", catalogue).add([extra])
    add_one = time.perf_counter() - began
    engine = Engine(store)
    began = time.perf_counter()
    engine.lexicon()
    lexicon = time.perf_counter() - began
    figures = {"build_rate": size / build, "build_s": build, "add_one_s": add_one,
               "build_mb": memory.peak_mb, "workers": workers_for(size, None),
               "lexicon_s": lexicon,
               "size_mb": folder_size(work / "index") / 2**20, "queries": {}}
    for name, request in QUERIES.items():
        page = SearchRequest(request.text, request.filters, limit=20,
                             complete_last=request.complete_last, facets=False)
        with_facets = SearchRequest(request.text, request.filters, limit=20,
                                    complete_last=request.complete_last, facets=True)
        figures["queries"][name] = {
            "page": timed(lambda page=page: engine.search(page)),
            "facets": timed(lambda with_facets=with_facets: engine.search(with_facets))}
    return figures


def bench_fts5(corpus: Path, work: Path, size: int) -> dict:
    from index.entities import EntityMatcher

    analyzer = EntityMatcher(load_catalogue(use_default_user_file=False)).analyzer
    db = sqlite3.connect(work / "fts.db")
    db.execute("CREATE VIRTUAL TABLE articles USING fts5(id UNINDEXED, title, body, "
               "tokenize='unicode61 remove_diacritics 0')")
    began = time.perf_counter()
    rows = []
    for article in read_paths([corpus]):
        if not hasattr(article, "paragraphs"):
            continue
        text = " ".join(t.stem for t in analyzer.tokens("\n".join(article.paragraphs)))
        title = " ".join(t.stem for t in analyzer.tokens(article.title))
        rows.append((article.id, title, text))
    db.executemany("INSERT INTO articles VALUES (?, ?, ?)", rows)
    db.commit()
    build = time.perf_counter() - began

    def fts(request: SearchRequest) -> str:
        text = request.text
        tokens = analyzer.tokens(text.strip('"').rstrip("*"))
        stems = [t.stem for t in tokens]
        if not stems:
            return ""
        if text.startswith('"'):
            return '"' + " ".join(stems) + '"'
        if text.endswith("*"):
            return tokens[0].norm + "*"
        terms = [f'"{s}"' for s in stems]
        if request.complete_last:  # the word being typed, as a prefix of the stems
            terms[-1] = f'"{stems[-1]}"*'
        return " AND ".join(terms)

    figures = {"build_rate": size / build, "queries": {}}
    for name, request in QUERIES.items():
        match = fts(request) if request.text else "tsmc" if request.filters.ids else ""
        if match:
            sql = ("SELECT id, snippet(articles, 2, '[', ']', '…', 12) FROM articles "
                   "WHERE articles MATCH ? ORDER BY rank LIMIT 20")
            count = "SELECT count(*) FROM articles WHERE articles MATCH ?"
            page = lambda sql=sql, match=match: db.execute(sql, (match,)).fetchall()  # noqa: E731
            total = lambda page=page, count=count, match=match: (  # noqa: E731
                page(), db.execute(count, (match,)).fetchone())
        else:
            page = lambda: db.execute("SELECT id, substr(body, 1, 160) FROM articles "  # noqa
                                      "LIMIT 20").fetchall()
            total = lambda page=page: (  # noqa: E731
                page(), db.execute("SELECT count(*) FROM articles").fetchone())
        figures["queries"][name] = {"page": timed(page), "facets": timed(total)}
    db.close()
    return figures


def cold_start(index_dir: Path) -> float:
    """Seconds from starting the explorer's process to the first results drawn."""
    code = (
        "import time, asyncio; t0 = time.perf_counter()\n"
        "from pathlib import Path\n"
        "from index.store import Store\n"
        "from tui.app import FahrasApp\n"
        "from tui.widgets.results import ResultsList\n"
        f"app = FahrasApp(Store(Path({str(index_dir)!r})), bidi='app')\n"
        "async def main():\n"
        "    async with app.run_test(size=(140, 40)) as pilot:\n"
        "        while True:\n"
        "            await pilot.pause(0.01)\n"
        "            if app.screen.query(ResultsList) and app.screen.query_one(ResultsList).option_count:\n"
        "                break\n"
        "    print(time.perf_counter() - t0)\n"
        "asyncio.run(main())\n"
    )
    began = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=Path(__file__).resolve().parent.parent, timeout=300)
    if out.returncode:
        print(out.stderr[-2000:], file=sys.stderr)
        return float("nan")
    return time.perf_counter() - began


def peak_memory_mb(index_dir: Path) -> float:
    """Peak resident memory of a process that opens the index and runs every query."""
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from index.store import Store\n"
        "from index.search import Engine\n"
        "from benchmarks.run import QUERIES\n"
        f"engine = Engine(Store(Path({str(index_dir)!r})))\n"
        "for r in QUERIES.values():\n"
        "    engine.search(r)\n"
        # VmHWM, not ru_maxrss: the latter keeps the parent's peak across fork and exec.
        "print(next(int(l.split()[1]) for l in open('/proc/self/status')\n"
        "           if l.startswith('VmHWM')) / 1024)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=Path(__file__).resolve().parent.parent, timeout=600)
    return float(out.stdout.strip() or "nan")


def report(size: int, ours: dict, base: dict, start: float, memory: float) -> None:
    print(f"\n## {size:,} articles")
    print(f"index build: {ours['build_rate']:.0f} articles/s ({ours['build_s']:.1f} s, "
          f"{ours['workers'] or 'no'} worker processes, peak memory {ours['build_mb']:.0f} MB "
          f"in all), FTS5 {base['build_rate']:.0f} articles/s; index size "
          f"{ours['size_mb']:.1f} MB; adding one article: {ours['add_one_s'] * 1000:.0f} ms")
    print(f"reading the terms for prefixes (once per index, in the background): "
          f"{ours['lexicon_s']:.2f} s")
    print(f"cold start to first results: {start:.2f} s; peak memory of a search process: "
          f"{memory:.0f} MB")
    print(f"{'query':<30} {'first page p50/p95 ms':>22} {'+facets p50/p95 ms':>20} "
          f"{'FTS5 p50/p95 ms':>17} {'ratio p95':>10}")
    for name in QUERIES:
        page = ours["queries"][name]["page"]
        facets = ours["queries"][name]["facets"]
        fts = base["queries"][name]["page"]
        print(f"{name:<30} {page[0]:>10.1f} / {page[1]:<9.1f} {facets[0]:>8.1f} / "
              f"{facets[1]:<9.1f} {fts[0]:>6.1f} / {fts[1]:<8.1f} "
              + (f"{page[1] / fts[1]:>8.1f}×" if fts[1] >= 0.1 else f"{'–':>9}"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[1000, 10000])
    parser.add_argument("--quick", action="store_true", help="1k articles only")
    parser.add_argument("--keep", type=Path, help="keep corpora and indexes in this folder")
    parser.add_argument("--giant", action="store_true",
                        help="add one 19 MB article on a single line to each corpus")
    args = parser.parse_args()
    sizes = [1000] if args.quick else args.sizes
    print(f"# fahras benchmark · {platform.platform()} · {os.cpu_count()} cores · "
          f"Python {platform.python_version()}")
    root = args.keep or Path(tempfile.mkdtemp(prefix="fahras-bench-"))
    try:
        for size in sizes:
            work = root / f"{size}"
            shutil.rmtree(work, ignore_errors=True)
            corpus = write_corpus(size, work / "corpus")
            if args.giant:
                giant = write_giant(corpus)
                print(f"\n(each corpus has one more article: {giant.name}, "
                      f"{giant.stat().st_size / 2**20:.0f} MB on one line)")
            ours = bench_fahras(corpus, work, size)
            base = bench_fts5(corpus, work, size)
            report(size, ours, base, cold_start(work / "index"), peak_memory_mb(work / "index"))
            sys.stdout.flush()
    finally:
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
