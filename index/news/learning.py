"""Learned furniture and syndicated copies at index time: every file of a run is read
once to count its short lines per source and to group near-identical articles, then its
articles are handed out with the recurring lines removed and their copy group set.

The articles of the first pass are kept for the second up to ``CACHE_ARTICLES`` (about
60 MB of text at 10,000 articles like the seeds'); past that the files are read again,
which keeps a 100,000-article build's memory flat.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from pathlib import Path

from ..models import Article, Skipped
from .furniture import LearnedFurniture
from .syndication import Grouper

CACHE_ARTICLES = 20_000

Reader = Callable[[Path], Iterable[Article | Skipped]]


class LearningReader:
    """Reads files twice over: counts first, then articles without learned furniture."""

    def __init__(self, files: Iterable[Path | Skipped], read: Reader) -> None:
        self.read_path = read
        self.learned = LearnedFurniture()
        grouper = Grouper()
        self._cache: dict[Path, list[Article | Skipped]] | None = {}
        cached = 0
        for item in files:
            if isinstance(item, Skipped):
                continue
            articles = list(read(item))
            for article in articles:
                if isinstance(article, Article):
                    self.learned.count(article.source, article.paragraphs)
                    grouper.add(article.path, article.paragraphs, article.source)
            if self._cache is not None:
                cached += len(articles)
                self._cache[item] = articles
                if cached > CACHE_ARTICLES:
                    self._cache = None
        self.groups = {path: _group_key(first) for path, first in grouper.groups().items()}

    def read(self, path: Path) -> Iterator[Article | Skipped]:
        """The file's articles, their learned furniture removed and listed in ``removed``."""
        articles = self._cache.pop(path, None) if self._cache is not None else None
        for article in articles if articles is not None else self.read_path(path):
            yield self.strip(article) if isinstance(article, Article) else article

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
