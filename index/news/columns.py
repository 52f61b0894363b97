"""Dates, sources and copy groups of every document as arrays: filters (``--since``,
``--until``, ``--source``), their facet counts, sorting by date and folding syndicated
copies are then numpy operations, like ranking.py's entity facets. Read once per index
state from the ``date``, ``source`` and ``group`` fields' terms (a few thousand distinct
dates and sources, one posting list each; a group only for articles that have copies).
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
from whoosh.searching import Searcher

from ..models import FacetCount

NO_SOURCE = -1


class NewsColumns:
    """Each document's date (``YYYYMMDD`` as an integer, 0 when unknown) and source."""

    def __init__(self, searcher: Searcher, live: np.ndarray) -> None:
        reader = searcher.reader()
        size = reader.doc_count_all()
        self.live = live
        self.dates = np.zeros(size, dtype=np.int32)
        self.sources = np.full(size, NO_SOURCE, dtype=np.int32)
        self.source_names: list[str] = []
        #: Each document's copy group (-1: none), and each group's documents.
        self.groups = np.full(size, -1, dtype=np.int32)
        self.members: list[np.ndarray] = []
        fields = set(reader.indexed_field_names())
        if "date" in fields:
            for term, ids in _postings(reader, "date"):
                self.dates[ids] = int(term.replace("-", "")) if _is_iso(term) else 0
        if "source" in fields:
            for term, ids in _postings(reader, "source"):
                self.sources[ids] = len(self.source_names)
                self.source_names.append(term)
        if "group" in fields:
            for _, ids in _postings(reader, "group"):
                ids = ids[self.live[ids]] if len(ids) else ids
                self.groups[ids] = len(self.members)
                self.members.append(ids)

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


def _is_iso(term: str) -> bool:
    return len(term) == 10 and term[4] == "-" and term[7] == "-" and \
        term.replace("-", "").isdigit()


def _day(value: str, *, end: bool = False) -> int:
    """``YYYY-MM-DD`` (or ``YYYY-MM``, ``YYYY``: their first day, or last with ``end``)
    as ``YYYYMMDD``."""
    parts = value.strip().split("-")
    numbers = [int(p) for p in parts] + ([12, 31] if end else [1, 1])[len(parts) - 1:]
    return numbers[0] * 10000 + numbers[1] * 100 + numbers[2]


def _postings(reader, fieldname: str):
    for term in reader.lexicon(fieldname):
        text = term.decode("utf-8") if isinstance(term, bytes) else term
        ids = np.fromiter(reader.postings(fieldname, text).all_ids(), dtype=np.int64)
        yield text, ids


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
