"""fahras's benchmark: build, add, search latency, facets, cold start, memory, the cold
command; beside SQLite FTS5 and Tantivy doing the same work.

Prints figures; asserts nothing. For each size it generates a deterministic corpus
(``--corpus realistic``, the default: benchmarks/realistic.py, a vocabulary that grows
like real Arabic news; ``--corpus simple``: benchmarks/corpus.py, the seeds recombined),
indexes it, and measures what the explorer does per keystroke: the first page of 20
results with snippets and passages, then facet counts for every entity kind. FTS5 and
Tantivy index the same analysed terms and entity ids and answer the same compiled
queries (benchmarks/same_work.py); a ratio is printed only where an engine's total is
fahras's, otherwise the line says why not.

    python benchmarks/run.py                          # 10k, realistic corpus
    python benchmarks/run.py 1000 10000 100000 --keep /data/bench
    python benchmarks/run.py 1000000 --keep /data/bench --skip-baselines
    python benchmarks/run.py 10000 --corpus simple    # the first benchmark's corpus
    python benchmarks/run.py --quick                  # 1k only
    python benchmarks/run.py 10000 --giant            # … plus one 19 MB article on one line
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import corpus as simple
from benchmarks import realistic
from benchmarks.analyst import concordance_figures, report_concordance
from benchmarks.analyst_views import report_views
from benchmarks.cold import cold_command, describe
from benchmarks.fts5 import FTS5
from benchmarks.same_work import analysed_documents, neutral
from benchmarks.tantivy_engine import Tantivy
from benchmarks.tantivy_engine import available as tantivy_available
from fahras.index.building import workers_for
from fahras.index.catalogue import load_catalogue
from fahras.index.models import Filters
from fahras.index.search import Engine, SearchRequest
from fahras.index.store import Store

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
    """Bytes on disk of a file or a folder's files."""
    if path.is_file():
        return path.stat().st_size
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
    """Build, add one article, read the lexicon, and time every query kind."""
    catalogue = load_catalogue(use_default_user_file=False)
    store = Store(work / "index", catalogue)
    files = sum(1 for f in corpus.rglob("*") if f.is_file())
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
               "build_mb": memory.peak_mb, "workers": workers_for(files, None),
               "lexicon_s": lexicon, "engine": engine,
               "size_mb": folder_size(work / "index") / 2**20, "queries": {}}
    for name, request in QUERIES.items():
        page = SearchRequest(request.text, request.filters, limit=20,
                             complete_last=request.complete_last, facets=False)
        with_facets = SearchRequest(request.text, request.filters, limit=20,
                                    complete_last=request.complete_last, facets=True)
        counted = engine.search(with_facets)
        figures["queries"][name] = {
            "page": timed(lambda page=page: engine.search(page)),
            "facets": timed(lambda with_facets=with_facets: engine.search(with_facets)),
            "total": counted.total,
            "facet_counts": {f.id: f.count for found in counted.facets.values()
                             for f in found}}
    figures["concordance"] = concordance_figures(engine)
    return figures


def bench_baselines(work: Path, ours: dict) -> list[dict]:
    """FTS5 and (if installed) Tantivy over the articles and terms of fahras's index
    (benchmarks/same_work.py): build time, and each query kind's page, then page, total
    and entity facet counts, with the total and the counts found."""
    engine = ours["engine"]
    made = [FTS5(work / "fts.db")]
    if tantivy_available():
        made.append(Tantivy(work / "tantivy"))
    else:
        print("Tantivy: not installed (pip install '.[bench]'); measured without it")
    out = []
    for baseline in made:
        began = time.perf_counter()
        baseline.add(analysed_documents(engine))
        build = time.perf_counter() - began
        figures = {"name": baseline.name, "build_rate": baseline.size / build,
                   "size_mb": folder_size(work / ("fts.db" if baseline.name == "FTS5"
                                                 else "tantivy")) / 2**20,
                   "queries": {}}
        for name, request in QUERIES.items():
            tree = neutral(engine, request)
            figures["queries"][name] = {
                "page": timed(lambda tree=tree, baseline=baseline: baseline.page(tree)),
                "facets": timed(lambda tree=tree, baseline=baseline: (
                    baseline.page(tree), baseline.total(tree), baseline.facets(tree))),
                "total": baseline.total(tree), "facet_counts": baseline.facets(tree)}
        baseline.close()
        out.append(figures)
    return out


def cold_start(index_dir: Path) -> float:
    """Seconds from starting the explorer's process to the first results drawn."""
    code = (
        "import time, asyncio; t0 = time.perf_counter()\n"
        "from pathlib import Path\n"
        "from fahras.index.store import Store\n"
        "from fahras.tui.app import FahrasApp\n"
        "from fahras.tui.widgets.results import ResultsList\n"
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
        "from fahras.index.store import Store\n"
        "from fahras.index.search import Engine\n"
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


def report(size: int, ours: dict, bases: list[dict], start: float, memory: float,
           command: dict[str, tuple[float, float]], disk: dict[str, float]) -> None:
    print(f"\n## {size:,} articles")
    print(f"index build: {ours['build_rate']:.0f} articles/s ({ours['build_s']:.1f} s, "
          f"{ours['workers'] or 'no'} worker processes, peak memory {ours['build_mb']:.0f} MB "
          f"in all); adding one article: {ours['add_one_s'] * 1000:.0f} ms")
    for base in bases:
        print(f"{base['name']} build from the same analysed terms: "
              f"{base['build_rate']:.0f} articles/s")
    print("disk: " + ", ".join(f"{name} {mb:,.1f} MB" for name, mb in disk.items()))
    print(f"reading the terms for prefixes (once per index, in the background): "
          f"{ours['lexicon_s']:.2f} s")
    print(f"cold start to first results: {start:.2f} s; peak memory of a search process: "
          f"{memory:.0f} MB")
    print(describe(command))  # benchmarks/cold.py
    header = f"{'query':<30} {'total':>8} {'first page p50/p95 ms':>22} {'+facets p50/p95':>17}"
    for base in bases:
        header += f" {base['name'] + ' p50/p95':>17} {'+facets':>8} {'ratio':>7}"
    print(header)
    mismatches = []
    for name in QUERIES:
        mine = ours["queries"][name]
        page, facets = mine["page"], mine["facets"]
        line = (f"{name:<30} {mine['total']:>8,} {page[0]:>10.1f} / {page[1]:<9.1f} "
                f"{facets[0]:>7.1f} / {facets[1]:<7.1f}")
        for base in bases:
            theirs = base["queries"][name]
            line += (f" {theirs['page'][0]:>7.2f} / {theirs['page'][1]:<7.2f}"
                     f" {theirs['facets'][1]:>8.2f}")
            differences = _differences(mine, theirs)
            if differences:
                line += f" {'≠':>7}"
                mismatches.append(f"{base['name']}, {name}: {differences}: no ratio "
                                  "(different work)")
            elif theirs["page"][1] >= 0.01:
                line += f" {page[1] / theirs['page'][1]:>6.1f}×"
            else:
                line += f" {'–':>7}"
        print(line)
    for line in mismatches:
        print(line)
    if bases and not mismatches:
        print("every engine returned fahras's total and entity facet counts for every query "
              "kind (ratio: fahras's first page p95 over the engine's; +facets: p95 of the "
              "page, the total and the facet counts)")
    report_concordance(ours["concordance"])


def _differences(mine: dict, theirs: dict) -> str:
    """What an engine found that fahras did not ("" when they agree)."""
    said = []
    if theirs["total"] != mine["total"]:
        said.append(f"{theirs['total']:,} matches, fahras {mine['total']:,}")
    counts, expected = theirs["facet_counts"], mine["facet_counts"]
    wrong = sorted(e for e in set(counts) | set(expected) if counts.get(e) != expected.get(e))
    if wrong:
        shown = ", ".join(f"{e} {counts.get(e, 0)} (fahras {expected.get(e, 0)})"
                          for e in wrong[:3])
        said.append(f"facet counts differ for {len(wrong)} entities: {shown}")
    return "; ".join(said)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[10_000])
    parser.add_argument("--corpus", choices=("realistic", "simple"), default="realistic")
    parser.add_argument("--quick", action="store_true", help="1k articles only")
    parser.add_argument("--keep", type=Path,
                        help="keep corpora and indexes in this folder (and reuse a corpus "
                             "already written there)")
    parser.add_argument("--skip-baselines", action="store_true",
                        help="measure fahras only (FTS5 and Tantivy double the disk used)")
    parser.add_argument("--giant", action="store_true",
                        help="add one 19 MB article on a single line to each corpus")
    args = parser.parse_args()
    sizes = [1000] if args.quick else args.sizes
    print(f"# fahras benchmark · {platform.platform()} · {os.cpu_count()} cores · "
          f"Python {platform.python_version()} · {args.corpus} corpus")
    root = args.keep or Path(tempfile.mkdtemp(prefix="fahras-bench-"))
    try:
        for size in sizes:
            measure(size, root / f"{args.corpus}-{size}", args)
            sys.stdout.flush()
    finally:
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)


def measure(size: int, work: Path, args: argparse.Namespace) -> None:
    """Everything for one corpus size, printed."""
    corpus = work / "corpus"
    for folder in ("index", "tantivy"):
        shutil.rmtree(work / folder, ignore_errors=True)
    for file in ("fts.db", "extra.txt"):
        (work / file).unlink(missing_ok=True)
    corpus_note = write(corpus, size, args.corpus, reuse=bool(args.keep))
    print(f"\n{corpus_note}")
    if args.giant:
        giant = simple.write_giant(corpus)
        print(f"(each corpus has one more article: {giant.name}, "
              f"{giant.stat().st_size / 2**20:.0f} MB on one line)")
    ours = bench_fahras(corpus, work, size)
    bases = [] if args.skip_baselines else bench_baselines(work, ours)
    disk = {"corpus": folder_size(corpus) / 2**20, "fahras": ours["size_mb"]}
    disk.update({b["name"]: b["size_mb"] for b in bases})
    report(size, ours, bases, cold_start(work / "index"), peak_memory_mb(work / "index"),
           cold_command(work / "index", corpus), disk)
    report_views(size, work)  # the timeline and related names (analyst_views.py)


def write(corpus: Path, size: int, kind: str, *, reuse: bool) -> str:
    """Write (or, kept from an earlier run, reuse) the corpus; what to say about it."""
    done = corpus.parent / "corpus-complete.txt"
    if reuse and done.exists():
        return f"corpus reused: {done.read_text('utf-8')}"
    shutil.rmtree(corpus, ignore_errors=True)
    done.unlink(missing_ok=True)
    began = time.perf_counter()
    if kind == "simple":
        simple.write_corpus(size, corpus)
        note = f"simple corpus of {size:,} articles"
    else:
        vocabulary = realistic.Vocabulary()
        realistic.write_corpus(size, corpus, vocabulary=vocabulary)
        note = f"realistic corpus of {size:,} articles; {vocabulary.summary()}"
    note += f" (written in {time.perf_counter() - began:.0f} s)"
    done.write_text(note, "utf-8")
    return note


if __name__ == "__main__":
    main()
