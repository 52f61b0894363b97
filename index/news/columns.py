"""Dates, sources and copy groups of every document as arrays: filters (``--since``,
``--until``, ``--source``), their facet counts, sorting by date and folding syndicated
copies are then numpy operations, like ranking.py's entity facets. Put together once per
index state from each segment's columns, which are written beside the segment when it is
built (segment_columns.py: reading them from the postings of every distinct date in
every segment was 1.0 s a process at 10,000 realistic articles); a copy group may span
segments, so groups are joined by name.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
from whoosh.searching import Searcher

from ..models import FacetCount
from .segment_columns import NONE, segment_columns

NO_SOURCE = NONE


class NewsColumns:
    """Each document's date (``YYYYMMDD`` as an integer, 0 when unknown) and source."""

    def __init__(self, searcher: Searcher, live: np.ndarray) -> None:
        size = searcher.reader().doc_count_all()
        self.live = live
        self.dates = np.zeros(size, dtype=np.int32)
        self.sources = np.full(size, NO_SOURCE, dtype=np.int32)
        #: Each document's copy group (-1: none), and each group's live documents.
        self.groups = np.full(size, NONE, dtype=np.int32)
        parts = [(segment_columns(sub.reader()), offset)
                 for sub, offset in searcher.leaf_searchers()]
        self.source_names = _joined(parts, "source_names", "sources", self.sources)
        group_names = _joined(parts, "group_names", "groups", self.groups)
        for columns, offset in parts:
            self.dates[offset:offset + len(columns.dates)] = columns.dates
        self.groups[~live] = NONE
        self.members = _members(self.groups, len(group_names))

    def copies(self, docnum: int) -> list[int]:
        """The other live documents of a document's copy group."""
        group = self.groups[docnum]
        if group < 0:
            return []
        return [int(n) for n in self.members[group] if n != docnum]

    def allowed(self, since: str = "", until: str = "", sources: Iterable[str] = ()
                ) -> np.ndarray | None:
        """The documents inside the date range and from one of the sources (None: all)."""
        mask = None
        if since or until:
            low = _day(since) if since else 0
            high = _day(until, end=True) if until else 99_999_999
            mask = (self.dates >= max(low, 1)) & (self.dates <= high)
        wanted = {s.strip().casefold() for s in sources if s.strip()}
        if wanted:
            numbers = [i for i, name in enumerate(self.source_names) if name.casefold() in wanted]
            chosen = np.isin(self.sources, np.asarray(numbers, dtype=np.int32))
            mask = chosen if mask is None else mask & chosen
        return mask

    def facets(self, matched: np.ndarray) -> dict[str, tuple[FacetCount, ...]]:
        """Counts of the matching documents per source and per month."""
        sources = np.bincount(self.sources[matched & (self.sources >= 0)],
                              minlength=len(self.source_names))
        by_source = [FacetCount(name, name, name, int(n))
                     for name, n in zip(self.source_names, sources, strict=False) if n]
        months: dict[str, int] = {}
        dated = self.dates[matched & (self.dates > 0)] // 100
        for month, n in zip(*np.unique(dated, return_counts=True), strict=True):
            key = f"{month // 100:04d}-{month % 100:02d}"
            months[key] = int(n)
        return {
            "source": tuple(sorted(by_source, key=lambda f: (-f.count, f.name))),
            "month": tuple(FacetCount(m, m, m, n) for m, n in sorted(months.items(), reverse=True)),
        }

    def by_date(self, matched: np.ndarray, scores: np.ndarray, end: int
                ) -> list[tuple[int, float]]:
        """The ``end`` newest matches (undated last), higher scores first on one day."""
        found = np.flatnonzero(matched)
        order = np.lexsort((found, -scores[found], -self.dates[found].astype(np.int64)))
        return [(int(n), float(scores[n])) for n in found[order][:end]]


def _day(value: str, *, end: bool = False) -> int:
    """``YYYY-MM-DD`` (or ``YYYY-MM``, ``YYYY``: their first day, or last with ``end``)
    as ``YYYYMMDD``."""
    parts = value.strip().split("-")
    numbers = [int(p) for p in parts] + ([12, 31] if end else [1, 1])[len(parts) - 1:]
    return numbers[0] * 10000 + numbers[1] * 100 + numbers[2]


def _joined(parts, names_field: str, numbers_field: str, into: np.ndarray) -> list[str]:
    """The segments' names of one column joined (sorted), and ``into`` filled with each
    document's number among them (-1: none)."""
    names = sorted({n for columns, _ in parts for n in getattr(columns, names_field)})
    number = {name: i for i, name in enumerate(names)}
    for columns, offset in parts:
        numbers = getattr(columns, numbers_field)
        local = np.asarray([number[n] for n in getattr(columns, names_field)] + [NONE],
                           dtype=np.int32)
        into[offset:offset + len(numbers)] = local[numbers]  # NONE (-1) takes the last
    return names


def _members(groups: np.ndarray, count: int) -> list[np.ndarray]:
    """Each group's documents, in document order."""
    grouped = np.flatnonzero(groups >= 0)
    order = grouped[np.argsort(groups[grouped], kind="stable")]
    members = [np.zeros(0, dtype=np.int64)] * count
    if not len(order):
        return members
    codes = groups[order]
    starts = np.flatnonzero(np.r_[True, codes[1:] != codes[:-1]])
    for begin, end in zip(starts, [*starts[1:], len(codes)], strict=True):
        members[int(codes[begin])] = order[begin:end]
    return members


def fold_copies(columns: NewsColumns, ranked: list[tuple[int, float]], matched: np.ndarray,
                count: int) -> list[tuple[int, float, list[int]]]:
    """The first ``count`` ranked documents that are not copies of a better one, each
    with its matching copies (other outlets' near-identical articles)."""
    folded: set[int] = set()
    out: list[tuple[int, float, list[int]]] = []
    for docnum, score in ranked:
        if docnum in folded:
            continue
        copies = [n for n in columns.copies(docnum) if matched[n]]
        folded.update(copies)
        out.append((docnum, score, copies))
        if len(out) >= count:
            break
    return out
