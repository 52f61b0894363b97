"""Applying a catalogue change to an index: incrementally (index/retag.py) or by a rebuild.

Prints figures; asserts nothing. Builds an index of generated articles (benchmarks/
corpus.py), then applies two changes the way the explorer's "add a name" does: a new
product named in some articles (a name ``fahras entities --unknown`` proposes on the
seeds), and a spelling of Nvidia nobody uses in them; then the same catalogue by a full
rebuild.

    python benchmarks/retag.py               # 10,000 generated articles
    python benchmarks/retag.py 2000
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.corpus import write_corpus
from fahras.index.catalogue import add_to_user_catalogue, load_catalogue
from fahras.index.store import Store

#: The changes applied, as the explorer's dialog writes them.
CHANGES = (("product", "data-refineries", "مصافي بيانات", "a new name in some articles"),
           ("company", "nvidia", "انفيديه", "a new spelling of Nvidia, in none"))


def main(count: int) -> None:
    with tempfile.TemporaryDirectory(prefix="fahras-retag-") as temp:
        folder = Path(temp)
        corpus = write_corpus(count, folder / "corpus")
        user = folder / "entities.toml"
        store = Store(folder / "index", load_catalogue(use_default_user_file=False))
        started = time.perf_counter()
        store.add([corpus])
        print(f"index of {count:,} articles built in {time.perf_counter() - started:.1f} s")
        for kind, entity_id, alias, what in CHANGES:
            add_to_user_catalogue(user, kind, entity_id, alias)
            report = store.apply_catalogue(load_catalogue(user, use_default_user_file=False))
            print(f"{what}: applied in {report.seconds:.2f} s, {report.examined:,} articles "
                  f"examined, {len(report.retagged):,} re-tagged")
        started = time.perf_counter()
        store.add([], rebuild=True)
        print(f"the same catalogue by a full rebuild: {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)
