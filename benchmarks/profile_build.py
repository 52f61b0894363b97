"""Where an index build's time goes: the build rate, and a profile of the parent process
and of the work its worker processes do.

    python benchmarks/profile_build.py 10000              # rate with the default workers
    python benchmarks/profile_build.py 10000 --profile    # cProfile, in one process

``--profile`` builds with no worker process (``jobs=0``), so one profile shows both the
parent's reading and the workers' analysis and writing; ``--top`` sets how many
functions it lists. The corpus is generated once into ``--corpus`` (default
``benchmarks/out/corpus-SIZE``) and reused.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import corpus as simple
from benchmarks import realistic
from fahras.index.building import workers_for
from fahras.index.catalogue import load_catalogue
from fahras.index.store import Store


def corpus_of(size: int, folder: Path | None, kind: str = "realistic") -> Path:
    """The generated corpus of ``size`` articles, written once."""
    suffix = "" if kind == "simple" else f"-{kind}"
    folder = folder or Path(__file__).resolve().parent / "out" / f"corpus-{size}{suffix}"
    if not (folder / "done").exists():
        shutil.rmtree(folder, ignore_errors=True)
        (simple if kind == "simple" else realistic).write_corpus(size, folder)
        (folder / "done").write_text("")
    return folder


def build(corpus: Path, index: Path, jobs: int | None) -> tuple[float, float]:
    """Seconds to build the index from scratch, then to add one article."""
    catalogue = load_catalogue(use_default_user_file=False)
    began = time.perf_counter()
    Store(index, catalogue).add([corpus], jobs=jobs)
    built = time.perf_counter() - began
    extra = index.parent / "extra.txt"
    extra.write_text("عنوان جديد عن هواوي\nأعلنت هواوي عن رقائق جديدة تنافس إنفيديا.", "utf-8")
    began = time.perf_counter()
    Store(index, catalogue).add([extra])
    return built, time.perf_counter() - began


def cpu_seconds() -> tuple[float, float]:
    """CPU seconds (user and system) used so far by this process and by its children
    that have ended (the build's workers): on a shared machine, a figure the other
    processes barely change, where the wall-clock rate follows their load."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime, children.ru_utime + children.ru_stime


def segments(index: Path) -> int:
    """How many segments the current generation holds."""
    return len(list(index.glob("gen-*/*.seg")))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("size", type=int, nargs="?", default=10000)
    parser.add_argument("--corpus", type=Path)
    parser.add_argument("--kind", choices=("realistic", "simple"), default="realistic",
                        help="the generated corpus (benchmarks/run.py's --corpus)")
    parser.add_argument("--jobs", type=int)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--top", type=int, default=40)
    args = parser.parse_args()
    corpus = corpus_of(args.size, args.corpus, args.kind)
    work = Path(tempfile.mkdtemp(prefix="fahras-build-"))
    try:
        index = work / "index"
        print(f"load: {os.getloadavg()[0]:.2f}")
        if args.profile:
            profile = cProfile.Profile()
            profile.enable()
            built, add_one = build(corpus, index, 0)
            profile.disable()
            pstats.Stats(profile).sort_stats("cumulative").print_stats(args.top)
            pstats.Stats(profile).sort_stats("tottime").print_stats(args.top)
            jobs = 0
        else:
            before = cpu_seconds()
            built, add_one = build(corpus, index, args.jobs)
            after = cpu_seconds()
            jobs = args.jobs if args.jobs is not None else workers_for(args.size, None)
            parent, workers = (after[0] - before[0]) * 1000, (after[1] - before[1]) * 1000
            print(f"CPU per article: {parent / args.size:.2f} ms in the parent, "
                  f"{workers / args.size:.2f} ms in the workers (load "
                  f"{os.getloadavg()[0]:.2f} at the end)")
        print(f"index build: {args.size / built:.0f} articles/s ({built:.1f} s, "
              f"{jobs or 'no'} worker processes); {segments(index)} segments; "
              f"adding one article: {add_one * 1000:.0f} ms")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
