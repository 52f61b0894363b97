"""The relevance set (tests/data/relevance/) scored with and without the broken-plural
table, query by query where they differ.

    python benchmarks/relevance.py

Prints precision and recall at 10 (as tests/index/test_relevance.py computes them) for
the engine as it is, and for the engine with the table of broken plurals emptied (the
index rebuilt without it), then the queries whose figures differ and every query below 1.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from fahras.index.catalogue import load_catalogue
from fahras.index.plurals import Plurals
from fahras.index.search import Engine
from fahras.index.store import Store
from tests.index.relevance import ARTICLES, Scored, evaluate, means


def scored(root: Path) -> list[Scored]:
    """Every judged query scored on a fresh index of the set."""
    shutil.copy(ARTICLES, root / ARTICLES.name)
    store = Store(root / "index", load_catalogue(use_default_user_file=False))
    store.add([root / ARTICLES.name])
    return evaluate(Engine(store))


def main() -> None:
    with tempfile.TemporaryDirectory() as first, tempfile.TemporaryDirectory() as second:
        with_table = scored(Path(first))
        lookup = Plurals.singular_stems
        Plurals.singular_stems = lambda self, word: ()  # type: ignore[method-assign]
        try:
            without = scored(Path(second))
        finally:
            Plurals.singular_stems = lookup  # type: ignore[method-assign]
    print(f"{'':32} precision@10  recall@10")
    for name, run in (("with the plural table", with_table), ("without it", without)):
        precision, recall = means(run)
        print(f"{name:32} {precision:12.3f} {recall:10.3f}")
    print("\nqueries that differ (with → without):")
    for a, b in zip(with_table, without):
        if (a.precision, a.recall) != (b.precision, b.recall):
            print(f"  {a.query.text:30} P {a.precision:.2f} → {b.precision:.2f}"
                  f"  R {a.recall:.2f} → {b.recall:.2f}")
    print("\nqueries below 1 with the table:")
    for s in with_table:
        if s.precision < 1 or s.recall < 1:
            missing = " ".join(sorted(s.query.relevant - set(s.shown)))
            print(f"  {s.query.text:30} P {s.precision:.2f} R {s.recall:.2f}"
                  f"  shown {' '.join(s.shown)}  missing {missing or '-'}")


if __name__ == "__main__":
    main()
