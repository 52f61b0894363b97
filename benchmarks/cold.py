"""The cold command: ``fahras search WORD --json`` as a new process, as a script runs it.

Prints figures; asserts nothing. For an index already built (``benchmarks/run.py`` calls
``cold_command`` on each index it builds; ``--keep DIR`` keeps them) it times, over
``--runs`` new processes each: the command; a process that only imports what the command
imports; the command line alone; Python alone; and ``grep -rc WORD`` over the corpus when
one is given. Each figure is the median wall time and the median CPU time (user + system,
of that child process): on a machine shared with other work the wall time grows with the
load and the CPU time much less, so both are printed. ``--importtime`` adds the modules
that take longest to import (``python -X importtime``), cumulative.

    python benchmarks/cold.py /data/bench/realistic-10000/index --corpus /data/bench/realistic-10000/corpus
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
#: The word of the cold command.
COLD_WORD = "الذكاء"
COLD_RUNS = 5
#: What ``fahras search --json`` imports (tests/test_cli_values.py: no pydantic).
IMPORTED = "import fahras.tui.cli, fahras.index.search, fahras.index.store, fahras.index.jsonable"
#: Modules listed by ``--importtime``.
SLOWEST = 12


def timed_process(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall and CPU seconds (user + system) of one new process running ``command``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    began = time.perf_counter()
    subprocess.run(command, cwd=ROOT, env=env, capture_output=True, timeout=600, check=False)
    wall = time.perf_counter() - began
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def median_of(command: list[str], env: dict[str, str], runs: int) -> tuple[float, float]:
    """Median wall and median CPU seconds over ``runs`` processes."""
    times = [timed_process(command, env) for _ in range(runs)]
    return (statistics.median(w for w, _ in times), statistics.median(c for _, c in times))


def cold_command(index_dir: Path, corpus: Path | None = None, runs: int = COLD_RUNS,
                 word: str = COLD_WORD) -> dict[str, tuple[float, float]]:
    """(wall, CPU) medians of the command, of processes that import what it imports (the
    CLI alone; the CLI and the engine), of Python alone, and of ``grep -rc`` over the
    corpus; the difference between the first two is opening the index and searching."""
    env = {**os.environ, "FAHRAS_INDEX_DIR": str(index_dir)}
    python = sys.executable
    figures = {
        "command": median_of([python, "-m", "fahras.tui", "search", word, "--json"], env, runs),
        "python": median_of([python, "-c", "pass"], env, runs),
        "cli": median_of([python, "-c", "import fahras.tui.cli"], env, runs),
        "engine": median_of([python, "-c", IMPORTED], env, runs),
    }
    if corpus is not None:
        figures["grep"] = median_of(["grep", "-rc", word, str(corpus)], env, runs)
    return figures


def describe(figures: dict[str, tuple[float, float]], word: str = COLD_WORD) -> str:
    """One line of the figures: wall time, then CPU time in brackets."""
    def both(key: str) -> str:
        wall, cpu = figures[key]
        return f"{wall:.3f} s (CPU {cpu:.3f} s)"

    line = (f"cold command `fahras search {word} --json`: {both('command')}; a process "
            f"that only imports what it imports: {both('engine')} (Python alone "
            f"{both('python')}, with the CLI {both('cli')})")
    if "grep" in figures:
        line += f"; `grep -rc` over the corpus: {both('grep')}"
    return line


def slowest_imports(index_dir: Path, word: str = COLD_WORD, count: int = SLOWEST
                    ) -> list[tuple[int, str]]:
    """The modules the command takes longest to import: (cumulative µs, name)."""
    env = {**os.environ, "FAHRAS_INDEX_DIR": str(index_dir)}
    done = subprocess.run([sys.executable, "-X", "importtime", "-m", "fahras.tui", "search", word,
                           "--json"], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=600, check=False)
    found = []
    for line in done.stderr.splitlines():
        parts = line.removeprefix("import time:").split("|")
        if len(parts) == 3 and parts[1].strip().isdigit():
            found.append((int(parts[1]), parts[2].rstrip()))
    return sorted(found, reverse=True)[:count]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("index_dir", type=Path)
    parser.add_argument("--corpus", type=Path, help="the indexed files, for grep")
    parser.add_argument("--runs", type=int, default=COLD_RUNS)
    parser.add_argument("--word", default=COLD_WORD)
    parser.add_argument("--importtime", action="store_true",
                        help="also list the slowest imports of one run")
    args = parser.parse_args()
    print(describe(cold_command(args.index_dir, args.corpus, args.runs, args.word),
                   args.word))
    if args.importtime:
        for micros, name in slowest_imports(args.index_dir, args.word):
            print(f"{micros / 1000:8.1f} ms {name}")


if __name__ == "__main__":
    main()
