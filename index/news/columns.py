"""Dates and sources of every document as arrays: filters (``--since``, ``--until``,
``--source``), their facet counts and sorting by date are then numpy operations, like
ranking.py's entity facets. Read once per index state from the ``date`` and ``source``
fields' terms (a few thousand distinct dates and sources, one posting list each).
"""

from __future__ import annotations

import json
from collections.abc import Iterable

import numpy as np
from whoosh.searching import Searcher

from ..models import FacetCount
from . import syndication

NO_SOURCE = -1


class NewsColumns:
    """Each document's date (``YYYYMMDD`` as an integer, 0 when unknown) and source."""

    def __init__(self, searcher: Searcher) -> None:
        reader = searcher.reader()
        size = reader.doc_count_all()
        self.dates = np.zeros(size, dtype=np.int32)
        self.sources = np.full(size, NO_SOURCE, dtype=np.int32)
        self.source_names: list[str] = []
        fields = set(reader.indexed_field_names())
        if "date" in fields:
            for term, ids in _postings(reader, "date"):
                self.dates[ids] = int(term.replace("-", "")) if _is_iso(term) else 0
        if "source" in fields:
            for term, ids in _postings(reader, "source"):
                self.sources[ids] = len(self.source_names)
                self.source_names.append(term)

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


def fold_copies(searcher: Searcher, ranked: list[tuple[int, float]], matched: np.ndarray,
                count: int) -> list[tuple[int, float, list[int]]]:
    """The first ``count`` ranked documents that are not copies of a better one, each
    with its matching copies (other outlets' near-identical articles)."""
    reader = searcher.reader()
    if "near" not in reader.indexed_field_names():
        return [(n, s, []) for n, s in ranked[:count]]
    folded: set[int] = set()
    out: list[tuple[int, float, list[int]]] = []
    for docnum, score in ranked:
        if docnum in folded:
            continue
        copies = _group(searcher, docnum, matched)
        folded.update(copies)
        out.append((docnum, score, copies))
        if len(out) >= count:
            break
    return out


#: A group stops growing here (a wire story carried by every outlet of a large corpus).
MAX_GROUP = 100


def _group(searcher: Searcher, docnum: int, matched: np.ndarray) -> list[int]:
    """The copies of a document and, transitively, their copies: outlets that cut a
    different paragraph each are still one story."""
    members, todo = {docnum}, [docnum]
    while todo and len(members) < MAX_GROUP:
        for other in _copies(searcher, todo.pop(), matched):
            if other not in members:
                members.add(other)
                todo.append(other)
    members.discard(docnum)
    return sorted(members)


def _copies(searcher: Searcher, docnum: int, matched: np.ndarray) -> list[int]:
    sig = _signature(searcher, docnum)
    candidates: set[int] = set()
    reader = searcher.reader()
    for term in syndication.bands(sig):
        try:
            candidates.update(reader.postings("near", term).all_ids())
        except Exception:  # whoosh.reading.TermNotFound: no other article has the band
            continue
    candidates = {n for n in candidates if n != docnum and matched[n]}
    found = {n: _signature(searcher, n) for n in candidates}
    return sorted(syndication.copies(sig, found))


def _signature(searcher: Searcher, docnum: int) -> list[int]:
    return json.loads(searcher.stored_fields(docnum)["data"]).get("signature", [])
