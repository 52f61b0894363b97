"""Learned furniture and syndicated copies at index time: every file of a run is read
once to count its short lines per source and to group near-identical articles, then its
articles are handed out with the recurring lines removed and their copy group set.

The articles of the first pass are kept for the second up to ``CACHE_ARTICLES`` (about
60 MB of text at 10,000 articles like the seeds'); past that the files are read again,
which keeps a 100,000-article build's memory flat.

Reading a file (decoding, cleaning, dates, titles, bylines), its articles' MinHash
signatures and their line keys are most of the first pass's time (about 90% in a
profile of 5,000 articles) and need nothing from other files, so a large build does them
in worker processes (``map_files``, index/building.py); only counting and grouping, which
need every article, stay in this process. Done here alone, the first pass kept the
workers waiting (the parent's CPU time per article went from 1.21 to 0.33 ms,
``benchmarks/profile_build.py``).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from functools import partial
from pathlib import Path

from ..models import Article, Skipped
from .furniture import LearnedFurniture, line_keys
from .syndication import Grouper, signature

CACHE_ARTICLES = 20_000

Reader = Callable[[Path], Iterable[Article | Skipped]]
#: An ordered ``map`` over files: the built-in one, or one in worker processes.
FileMap = Callable[[Callable, list[Path]], Iterable]
#: What the first pass learns of one article: its MinHash signature and line keys.
Survey = tuple[list[int], set[str]]


def survey(read: Reader, path: Path) -> tuple[list[Article | Skipped], list[Survey | None]]:
    """A file's articles, and for each article what the first pass counts (None for a
    file or record skipped); runs in a reading worker."""
    articles = list(read(path))
    return articles, [(signature(a.paragraphs), line_keys(a.paragraphs))
                      if isinstance(a, Article) else None for a in articles]


def read_all(read: Reader, path: Path) -> list[Article | Skipped]:
    """A file's articles, as a list (what a reading worker sends back)."""
    return list(read(path))


class LearningReader:
    """Reads files twice over: counts first, then articles without learned furniture."""

    def __init__(self, files: Iterable[Path | Skipped], read: Reader,
                 map_files: FileMap = map) -> None:
        self.read_path = read
        self._map = map_files
        self.learned = LearnedFurniture()
        grouper = Grouper()
        self._cache: dict[Path, list[Article | Skipped]] | None = {}
        cached = 0
        paths = [item for item in files if not isinstance(item, Skipped)]
        for path, (articles, surveys) in zip(paths, map_files(partial(survey, read), paths)):
            for article, found in zip(articles, surveys):
                if found is not None:
                    sig, keys = found
                    self.learned.count_keys(article.source, keys)
                    grouper.add(article.path, article.paragraphs, article.source, sig)
            if self._cache is not None:
                cached += len(articles)
                self._cache[path] = articles
                if cached > CACHE_ARTICLES:
                    self._cache = None
        self.groups = {path: _group_key(first) for path, first in grouper.groups().items()}

    def read(self, path: Path) -> Iterator[Article | Skipped]:
        """The file's articles, their learned furniture removed and listed in ``removed``."""
        articles = self._cache.pop(path, None) if self._cache is not None else None
        for article in articles if articles is not None else self.read_path(path):
            yield self.strip(article) if isinstance(article, Article) else article

    def each(self, files: Iterable[Path | Skipped]
             ) -> Iterator[tuple[Path | Skipped, list[Article | Skipped]]]:
        """Every file with its articles as ``read`` gives them (none for a file skipped);
        files no longer cached are read again through ``map_files``."""
        files = list(files)
        cache = self._cache
        missing = [item for item in files if not isinstance(item, Skipped)
                   and (cache is None or item not in cache)]
        fresh = iter(self._map(partial(read_all, self.read_path), missing))
        for item in files:
            if isinstance(item, Skipped):
                yield item, []
                continue
            articles = cache.pop(item) if cache is not None and item in cache else next(fresh)
            yield item, [self.strip(a) if isinstance(a, Article) else a for a in articles]

    def strip(self, article: Article) -> Article:
        """One article without the lines that recur across its source or the corpus, with
        its copy group."""
        group = self.groups.get(article.path, "")
        kept, removed = self.learned.strip(article.source, list(article.paragraphs))
        if not removed and not group:
            return article
        return replace(article, paragraphs=tuple(kept), removed=(*article.removed, *removed),
                       group=group)


def _group_key(path: str) -> str:
    """A group's key: a digest of its first member's path (short, any script)."""
    return hashlib.blake2b(path.encode("utf-8"), digest_size=8).hexdigest()
