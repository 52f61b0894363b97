"""What reading real news costs at index time: the news reader, learned furniture and the
near-duplicate signatures, each beside the whole build of the same corpus.

Prints figures; asserts nothing.

    python benchmarks/news.py 10000
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.corpus import write_corpus
from fahras.index import corpus
from fahras.index.building import workers_for
from fahras.index.catalogue import load_catalogue
from fahras.index.models import Article
from fahras.index.news.learning import LearningReader
from fahras.index.news.syndication import Grouper
from fahras.index.store import Store


def seconds(fn) -> float:
    began = time.perf_counter()
    fn()
    return time.perf_counter() - began


def main() -> None:
    size = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    with tempfile.TemporaryDirectory(prefix="fahras-news-") as work:
        folder = write_corpus(size, Path(work) / "corpus")
        files = list(corpus.iter_files([folder]))
        articles: list[Article] = []
        read = seconds(lambda: articles.extend(
            a for f in files for a in corpus.read_path(f) if isinstance(a, Article)))
        learn = seconds(lambda: LearningReader(files, corpus.read_path))
        grouper = Grouper()
        sign = seconds(lambda: [grouper.add(a.path, a.paragraphs) for a in articles])
        groups = len(set(grouper.groups().values()))
        store = Store(Path(work) / "index", load_catalogue(use_default_user_file=False))
        build = seconds(lambda: store.add([folder]))
        workers = max(1, workers_for(len(files), None))
    print(f"{size:,} articles, build {build:.1f} s ({size / build:.0f} articles/s, "
          f"{workers} worker processes)")
    print(f"reading (news reader, one pass): {read:.1f} s, {read / size * 1e3:.2f} ms an article")
    print(f"first pass (reading, learned furniture, copy groups; inside the build): {learn:.1f} s")
    print(f"near-duplicate grouping alone: {sign:.1f} s, {sign / size * 1e6:.0f} µs an article, "
          f"{sign / build:.1%} of the build's time; {groups} groups of copies")


if __name__ == "__main__":
    main()
