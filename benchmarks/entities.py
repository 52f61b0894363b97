"""Entity matching on its own: articles per second through ``EntityMatcher.find``.

Prints figures; asserts nothing. The index build runs the matcher once per article, so
this is the part of the build rate (``benchmarks/run.py``) that the entity rules cost,
measured without the rest of the build and its noise.

    python benchmarks/entities.py            # 2,000 generated articles
    python benchmarks/entities.py 5000
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.corpus import generate
from fahras.index.catalogue import load_catalogue
from fahras.index.entities import EntityMatcher


def main(count: int) -> None:
    articles = [text.split("\n") for _, text in generate(count)]
    started = time.perf_counter()
    matcher = EntityMatcher(load_catalogue(use_default_user_file=False))
    built = time.perf_counter() - started
    for label in ("first pass (memos cold)", "second pass (memos warm)"):
        started = time.perf_counter()
        mentions = sum(len(matcher.find(paragraphs)) for paragraphs in articles)
        took = time.perf_counter() - started
        print(f"{label}: {count / took:,.0f} articles/s, {mentions:,} mentions")
    print(f"matcher built in {built * 1000:.0f} ms for {len(matcher.catalogue)} entities")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 2000)
