"""What the index's integrity checks cost: opening with checks, and ``fahras index --check``.

Prints figures; asserts nothing. Builds an index of ``ARTICLES`` generated articles added
``SEGMENTS`` times (a segment each, as a long-used index has), then times, over three
rounds, the checks ``Store.open`` makes (sizes against the generation record, each
segment's table of files), opening every segment's reader instead (what the checks
replaced), and the full check (every hash, every stored article).

    python benchmarks/integrity.py [ARTICLES [SEGMENTS]]      # default: 1500 50
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.corpus import write_corpus
from fahras.index import writer
from fahras.index.catalogue import load_catalogue
from fahras.index.generation import files_of, inspect
from fahras.index.store import Store


def _ms(action) -> float:
    began = time.perf_counter()
    action()
    return (time.perf_counter() - began) * 1000


def _readers(index) -> None:
    from whoosh.reading import SegmentReader

    for segment in index._segments():
        SegmentReader(index.storage, index.schema, segment).close()


def main(articles: int = 1500, segments: int = 50) -> None:
    writer.SMALL_SEGMENT = 1  # keep every addition its own segment
    catalogue = load_catalogue(use_default_user_file=False)
    with tempfile.TemporaryDirectory() as temp:
        root = Path(temp)
        files = sorted(write_corpus(articles, root / "corpus").rglob("*.txt"))
        store = Store(root / "index", catalogue)
        step = max(1, len(files) // segments)
        for start in range(0, len(files), step):
            store.add(files[start:start + step], jobs=1)
        index = store.open()
        folder = Path(index.storage.folder)
        size = sum((folder / n).stat().st_size for n in files_of(folder, index)) / 2**20
        print(f"{store.count()} articles in {len(index._segments())} segments, {size:.1f} MB")
        rounds = {"open with checks": [], "opening every reader instead": [],
                  "fahras index --check": []}
        for _ in range(3):
            rounds["open with checks"].append(_ms(lambda: inspect(folder)))
            rounds["opening every reader instead"].append(_ms(lambda: _readers(index)))
            rounds["fahras index --check"].append(_ms(Store(root / "index", catalogue).check))
        for label, times in rounds.items():
            print(f"{label:<30} median {statistics.median(times):8.1f} ms")


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:3]))
