"""Matching, BM25F ranking and counting over whole posting lists at once, with numpy.

Whoosh's collector walks the matches one posting at a time in Python; for a word in most
of 100,000 articles that alone was 150 ms. Here each posting list of the query is read
whole (``codec.posting_arrays``: raw arrays, no unpickling), and the query tree becomes
array operations over every document of the index: a boolean mask of matches and a
score per document. The scores are Whoosh's BM25F scores (same idf, average length,
quantised document lengths, B and K1), checked against Whoosh in tests/index.

A phrase is first the documents holding all its words, then those where the words'
positions follow each other (``phrase``), checked for all candidates at once on flat
(document, position) arrays: Whoosh's span matcher took 100 ms for 5,800 candidates.
"""

from __future__ import annotations

import numpy as np
from whoosh import query as wq
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield
from whoosh.reading import TermNotFound
from whoosh.searching import Searcher
from whoosh.util.numeric import byte_to_length

from .codec import position_arrays, posting_arrays

B = 0.75
K1 = 1.2
#: Whoosh's quantised length for each length byte (a missing length reads as 1).
_LENGTHS = np.array([byte_to_length(b) if b else 1 for b in range(256)], dtype=np.float64)

Matches = tuple[np.ndarray, np.ndarray]  # (bool mask, float64 scores), one slot per document


class IndexArrays:
    """What every thread's ranker shares for one state of the index: live documents,
    document lengths of the scored fields, and each entity's documents.

    Read once (0.3 s at 100,000 articles); holds no reader, so threads may share it.
    """

    def __init__(self, searcher: Searcher) -> None:
        leaves = [(sub.reader(), offset) for sub, offset in searcher.leaf_searchers()]
        self.key = index_key(searcher)
        self.size = searcher.reader().doc_count_all()
        self.live = np.ones(self.size, dtype=bool)
        for reader, offset in leaves:
            if reader.has_deletions():
                deleted = [n for n in range(reader.doc_count_all()) if reader.is_deleted(n)]
                self.live[np.asarray(deleted, dtype=np.int64) + offset] = False
        self.lengths = {
            name: np.concatenate([_segment_lengths(reader, name) for reader, _ in leaves]
                                 or [np.zeros(0)])
            for name, field in searcher.schema.items() if field.scorable}
        self.entity_docs = self._entity_docs(leaves)

    def _entity_docs(self, leaves) -> dict[str, np.ndarray]:
        """For each entity id in the index, the live documents that mention it."""
        found: dict[str, list[np.ndarray]] = {}
        for reader, offset in leaves:
            if "entities" not in reader.indexed_field_names():
                continue
            for term in reader.lexicon("entities"):
                entity_id = term.decode("utf-8") if isinstance(term, bytes) else term
                ids, _ = posting_arrays(reader.postings("entities", entity_id))
                found.setdefault(entity_id, []).append(ids.astype(np.int64) + offset)
        docs = {}
        for entity_id, parts in found.items():
            ids = np.concatenate(parts)
            docs[entity_id] = ids[self.live[ids]]
        return docs


def index_key(searcher: Searcher) -> tuple:
    """What identifies the state a searcher sees: its segments and their deletions."""
    # An index of 0 articles has one empty reader and no segment.
    return tuple((_segment_id(sub.reader()), sub.doc_count())
                 for sub, _ in searcher.leaf_searchers())


def _segment_id(reader) -> str:
    segment = reader.segment()
    return segment.segment_id() if segment is not None else ""


class Ranker:
    """Matching and ranking for one searcher, over the arrays of its index state.

    Not shared between threads (Whoosh's readers are not); made once per searcher.
    """

    def __init__(self, searcher: Searcher, arrays: IndexArrays | None = None) -> None:
        self.searcher = searcher
        self.leaves = [(sub.reader(), offset) for sub, offset in searcher.leaf_searchers()]
        self.arrays = arrays if arrays is not None else IndexArrays(searcher)
        self.size = self.arrays.size
        self.live = self.arrays.live
        self.entity_docs = self.arrays.entity_docs

    def lengths(self, fieldname: str) -> np.ndarray:
        """Every document's quantised length in a scored field, as BM25F sees it."""
        return self.arrays.lengths[fieldname]

    def mask(self, docs: np.ndarray) -> np.ndarray:
        mask = np.zeros(self.size, dtype=bool)
        mask[docs] = True
        return mask

    # -- matching -------------------------------------------------------------------------

    def matches(self, query: wq.Query | None) -> Matches:
        """Which live documents match the query, and their scores."""
        if query is None:
            return self.live.copy(), np.zeros(self.size)
        mask, scores = self._node(query)
        return mask & self.live, scores

    def _node(self, query: wq.Query) -> Matches:
        if isinstance(query, wq.Term):
            return self.term(query.fieldname, query.text)
        if isinstance(query, wq.Phrase):
            words = wq.And([wq.Term(query.fieldname, w) for w in query.words])
            mask, scores = self._node(words)
            return self.phrase(query, mask), scores
        if isinstance(query, wq.Not):
            inner, _ = self._node(query.query)
            return ~inner, np.zeros(self.size)
        if isinstance(query, wq.Every):
            return self.live.copy(), np.zeros(self.size)
        if isinstance(query, wq.And | wq.Or):
            parts = [self._node(child) for child in query.subqueries]
            if not parts:
                return self._nothing()
            mask, scores = parts[0][0].copy(), parts[0][1].copy()
            for part_mask, part_scores in parts[1:]:
                if isinstance(query, wq.And):
                    mask &= part_mask
                else:
                    mask |= part_mask
                scores += part_scores
            return mask, scores
        if isinstance(query, type(wq.NullQuery)):
            return self._nothing()
        raise TypeError(f"fahras cannot rank a {type(query).__name__} query")

    def _nothing(self) -> Matches:
        return np.zeros(self.size, dtype=bool), np.zeros(self.size)

    def term(self, fieldname: str, text: str) -> Matches:
        """The documents holding a term, scored with Whoosh's BM25F."""
        mask, weights = np.zeros(self.size, dtype=bool), np.zeros(self.size)
        for reader, offset in self.leaves:
            try:
                matcher = reader.postings(fieldname, text)
            except TermNotFound:
                continue
            ids, found = posting_arrays(matcher)
            ids = ids.astype(np.int64) + offset
            mask[ids] = True
            weights[ids] = found
        if not self.searcher.schema[fieldname].scorable or not mask.any():
            return mask, weights  # (Whoosh's idf of a word in no document fails at 0 articles)
        idf = self.searcher.idf(fieldname, text)
        average = self.searcher.avg_field_length(fieldname) or 1
        lengths = self.lengths(fieldname)
        scores = np.zeros(self.size)
        tf = weights[mask]
        scores[mask] = idf * (tf * (K1 + 1)) / (
            tf + K1 * ((1 - B) + B * lengths[mask] / average))
        return mask, scores

    def phrase(self, query: wq.Phrase, candidates: np.ndarray) -> np.ndarray:
        """Which candidates hold the phrase: each word 1 to ``slop`` positions after the
        one before it, as Whoosh's ``SpanNear2(ordered=True, mindist=1)`` matches."""
        found = np.zeros(self.size, dtype=bool)
        for reader, offset in self.leaves:
            wanted = candidates[offset:offset + reader.doc_count_all()]
            if not wanted.any():
                continue
            ends = None
            for word in query.words:
                try:
                    docs, positions = position_arrays(reader.postings(query.fieldname, word),
                                                      wanted)
                except TermNotFound:
                    ends = None
                    break
                keep = wanted[docs]
                # One sorted key per (document, position): postings are in document order
                # and positions ascend within a document.
                keys = (docs[keep].astype(np.int64) << 32) | positions[keep]
                if ends is not None:
                    follows = np.zeros(len(keys), dtype=bool)
                    for gap in range(1, query.slop + 1):
                        follows |= _contains(ends, keys - gap)
                    keys = keys[follows]
                ends = keys
                if not len(ends):
                    break
            if ends is not None and len(ends):
                found[np.unique(ends >> 32) + offset] = True
        return found


def top(mask: np.ndarray, scores: np.ndarray, count: int) -> list[tuple[int, float]]:
    """The ``count`` best matches, best first; equal scores in index order."""
    found = np.flatnonzero(mask)
    if len(found) > count:
        best = np.argpartition(-scores[found], count - 1)[:count]
        found = found[best]
    order = np.lexsort((found, -scores[found]))
    return [(int(n), float(scores[n])) for n in found[order]]


def _contains(sorted_keys: np.ndarray, keys: np.ndarray) -> np.ndarray:
    """For each key, whether it is in ``sorted_keys``."""
    if not len(sorted_keys):
        return np.zeros(len(keys), dtype=bool)
    at = np.minimum(np.searchsorted(sorted_keys, keys), len(sorted_keys) - 1)
    return sorted_keys[at] == keys


def _segment_lengths(reader, fieldname: str) -> np.ndarray:
    count = reader.doc_count_all()
    perdoc = getattr(reader, "_perdoc", None)
    column_reader = getattr(perdoc, "_cached_reader", None)
    column = column_reader(_lenfield(fieldname), LENGTHS_COLUMN) if column_reader else None
    if column is None:  # not a Whoosh 3 segment: ask document by document
        return np.array([reader.doc_field_length(n, fieldname, 1) or 1 for n in range(count)],
                        dtype=np.float64)
    stored = min(column._count, count)
    raw = np.zeros(count, dtype=np.uint8)
    raw[:stored] = np.frombuffer(column._dbfile.get(column._basepos, stored), dtype=np.uint8)
    return _LENGTHS[raw]
