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

Where fahras scores differently from Whoosh, on purpose (tests/index/test_ranking.py and
the relevance set, tests/data/relevance/, show each):
- A query word is a ``Group`` of terms scored as one term: every spelling of an entity
  (one document frequency, mentions counted across spellings, so Nvidia, NVIDIA and
  إنفيديا rank alike), or a broken plural's singular stem. Its title hits add a second
  BM25 score over the ``title`` field (``TITLE_WEIGHT``).
- Several words are ``Coordinated``: articles with every word rank first, then those with
  most of them (more than half of the words, carrying at least ``PARTIAL_SHARE`` of the
  query's idf: missing a rare word matters more than missing a common one); the score is
  scaled by the share of words found and raised when they stand near each other
  (``PROXIMITY``, within ``NEAR`` positions).
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise
from math import log

import numpy as np
from whoosh import query as wq
from whoosh.reading import TermNotFound
from whoosh.searching import Searcher
from whoosh.util.numeric import byte_to_length

from .codec import position_arrays, posting_arrays
from .entity_sets import segment_sets
from .whoosh_private import length_column_bytes

B = 0.75
K1 = 1.2
#: Whoosh's quantised length for each length byte (a missing length reads as 1).
_LENGTHS = np.array([byte_to_length(b) if b else 1 for b in range(256)], dtype=np.float64)

Matches = tuple[np.ndarray, np.ndarray]  # (bool mask, float64 scores), one slot per document

#: How much a word's title hits add, as a share of a body hit's BM25 score.
TITLE_WEIGHT = 1.0
#: A partial match needs the words it has to carry this share of the query's idf.
PARTIAL_SHARE = 0.6
#: Words at most this many positions apart are near each other.
NEAR = 4
#: How much a score grows when every pair of neighbouring query words stands near.
PROXIMITY = 0.5
#: Proximity is checked for this many of the best candidates (reading positions costs).
PROXIMITY_CANDIDATES = 100


@dataclass(frozen=True)
class Group(wq.Query):
    """One query word as terms of the ``body`` field that count as one term: the stem (or
    a broken plural's singular stems), or every spelling of an entity, whose multi-word
    spellings are ``phrases`` and whose every article (``entity``) matches."""

    terms: tuple[str, ...]
    phrases: tuple[tuple[str, ...], ...] = ()
    entity: str = ""


@dataclass(frozen=True)
class Coordinated(wq.Query):
    """Several query words (or phrases): all of them first, then most of them."""

    parts: tuple[object, ...]
    required: tuple[bool, ...]


@dataclass(frozen=True)
class Coverage:
    """How many of a coordinated query's words each document holds."""

    counts: np.ndarray
    words: int


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
            # Written beside each segment when it was built (index/entity_sets.py).
            for entity_id, ids in segment_sets(reader).items():
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
        self._coverage: dict[int, Coverage] = {}  # per coordinated query, for ``ranked``

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
        mask, scores, _ = self.ranked(query)
        return mask, scores

    def ranked(self, query) -> tuple[np.ndarray, np.ndarray, Coverage | None]:
        """Matches and scores, with how many words each document holds when the query
        (or its top-level conjunction) coordinates several words."""
        self._coverage = {}
        if query is None:
            return self.live.copy(), np.zeros(self.size), None
        mask, scores = self._node(query)
        head = query.subqueries[0] if isinstance(query, wq.And) and query.subqueries \
            else query  # a conjunction of words, then its negations
        return mask & self.live, scores, self._coverage.get(id(head))

    def _node(self, query) -> Matches:
        if isinstance(query, Group):
            return self.group(query)
        if isinstance(query, Coordinated):
            return self.coordinated(query)
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
        return self.phrase_counts(query, candidates) > 0

    def phrase_counts(self, query: wq.Phrase, candidates: np.ndarray) -> np.ndarray:
        """How many times each candidate holds the phrase (0 for the others)."""
        found = np.zeros(self.size, dtype=np.int64)
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
                docs, counts = _runs(ends >> 32)
                found[docs + offset] = counts
        return found

    # -- fahras's own scoring ---------------------------------------------------------------

    def frequencies(self, fieldname: str, terms: tuple[str, ...]) -> np.ndarray:
        """Each document's summed frequency of these terms in a field."""
        tf = np.zeros(self.size)
        for reader, offset in self.leaves:
            if fieldname not in reader.indexed_field_names():
                continue
            for text in terms:
                try:
                    matcher = reader.postings(fieldname, text)
                except TermNotFound:
                    continue
                ids, found = posting_arrays(matcher)
                tf[ids.astype(np.int64) + offset] += found
        return tf

    def bm25(self, fieldname: str, tf: np.ndarray) -> np.ndarray:
        """Whoosh's BM25F score of a term with these frequencies, as one term: its
        document frequency is the number of documents where it occurs."""
        scores = np.zeros(self.size)
        mask = tf > 0
        if not mask.any() or fieldname not in self.arrays.lengths:
            return scores
        idf = log(self.searcher.doc_count_all() / (np.count_nonzero(mask) + 1)) + 1
        average = self.searcher.avg_field_length(fieldname) or 1
        lengths = self.lengths(fieldname)
        found = tf[mask]
        scores[mask] = idf * (found * (K1 + 1)) / (
            found + K1 * ((1 - B) + B * lengths[mask] / average))
        return scores

    def group(self, group: Group) -> Matches:
        """A query word's terms scored as one term, in the body and in the title."""
        tf = self.frequencies("body", group.terms)
        for words in group.phrases:
            # candidates: the documents holding every word (read without scoring them)
            candidates = np.logical_and.reduce([self.frequencies("body", (w,)) > 0
                                                for w in words])
            if candidates.any():
                tf += self.phrase_counts(wq.Phrase("body", list(words)), candidates)
        if group.entity:
            # an article the matcher linked by a spelling no alias has: at least one
            docs = self.entity_docs.get(group.entity, np.zeros(0, dtype=np.int64))
            tf[docs] = np.maximum(tf[docs], 1)
        mask = tf > 0
        scores = self.bm25("body", tf)
        if TITLE_WEIGHT:
            scores += TITLE_WEIGHT * self.bm25("title", self.frequencies("title", group.terms))
        return mask, scores

    def coordinated(self, query: Coordinated) -> Matches:
        """All words first, then most of them; coordination and proximity in the score."""
        parts = [self._node(part) for part in query.parts]
        words = len(parts)
        counts = np.sum([mask for mask, _ in parts], axis=0)
        scores = np.sum([part for _, part in parts], axis=0)
        required = np.ones(self.size, dtype=bool)
        for (mask, _), needed in zip(parts, query.required):
            if needed:
                required &= mask
        weights = np.array([self._idf(mask) for mask, _ in parts])
        share = np.sum([mask * w for (mask, _), w in zip(parts, weights)], axis=0) / max(
            weights.sum(), 1e-9)
        least = words if words <= 2 else words // 2 + 1
        mask = required & (counts >= least) & ((counts == words) | (share >= PARTIAL_SHARE))
        scores = np.where(mask, scores * counts / words, 0.0)
        scores *= 1 + PROXIMITY * self._nearness(query.parts, mask, scores)
        self._coverage[id(query)] = Coverage(counts, words)
        return mask, scores

    def _idf(self, mask: np.ndarray) -> float:
        return log(self.size / (np.count_nonzero(mask & self.live) + 1)) + 1

    def _nearness(self, parts, mask: np.ndarray, scores: np.ndarray) -> np.ndarray:
        """For the best candidates, the share of neighbouring query words that stand
        within ``NEAR`` positions of each other somewhere in the article."""
        near = np.zeros(self.size)
        if len(parts) < 2:
            return near
        candidates = np.flatnonzero(mask)
        if len(candidates) > PROXIMITY_CANDIDATES:
            best = np.argpartition(-scores[candidates], PROXIMITY_CANDIDATES - 1)
            candidates = candidates[best[:PROXIMITY_CANDIDATES]]
        if not len(candidates):
            return near
        wanted = self.mask(candidates)
        keys = [self._positions(part, wanted) for part in parts]
        for first, second in pairwise(keys):
            if first is None or second is None or not len(first) or not len(second):
                continue
            at = np.minimum(np.searchsorted(second, first - NEAR), len(second) - 1)
            close = (second[at] >> 32 == first >> 32) & (np.abs(second[at] - first) <= NEAR)
            near[np.unique(first[close] >> 32)] += 1
        return near / (len(parts) - 1)

    def _positions(self, part, wanted: np.ndarray) -> np.ndarray | None:
        """Sorted (document << 32 | position) keys of a word's body terms, global ids."""
        if not isinstance(part, Group):
            return None
        found = []
        for reader, offset in self.leaves:
            local = wanted[offset:offset + reader.doc_count_all()]
            if not local.any():
                continue
            for text in part.terms:
                try:
                    docs, positions = position_arrays(reader.postings("body", text), local)
                except TermNotFound:
                    continue
                keep = local[docs]
                found.append(((docs[keep].astype(np.int64) + offset) << 32)
                             | positions[keep].astype(np.int64))
        return np.unique(np.concatenate(found)) if found else None


def top(mask: np.ndarray, scores: np.ndarray, count: int, tiers: np.ndarray | None = None
        ) -> list[tuple[int, float]]:
    """The ``count`` best matches, best first; equal scores in index order. With
    ``tiers`` (how many query words each holds), higher tiers come first."""
    found = np.flatnonzero(mask)
    if tiers is not None:
        # tiers first: fold them into one key that keeps the order of scores within a tier
        key = tiers[found] * (scores[found].max(initial=0) + 1) + scores[found]
    else:
        key = scores[found]
    if len(found) > count:
        best = np.argpartition(-key, count - 1)[:count]
        found, key = found[best], key[best]
    order = np.lexsort((found, -key))
    return [(int(n), float(scores[n])) for n in found[order]]


def _runs(ordered: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct values of a sorted array and how many times each occurs: what
    ``np.unique(..., return_counts=True)`` gives, without its sort (a phrase's keys are
    already in order; the sort was a quarter of a phrase's position check).

    >>> [a.tolist() for a in _runs(np.array([3, 3, 5, 9, 9, 9]))]
    [[3, 5, 9], [2, 1, 3]]
    """
    starts = np.ones(len(ordered), dtype=bool)
    np.not_equal(ordered[1:], ordered[:-1], out=starts[1:])
    first = np.flatnonzero(starts)
    return ordered[first], np.diff(np.append(first, len(ordered)))


def _contains(sorted_keys: np.ndarray, keys: np.ndarray) -> np.ndarray:
    """For each key, whether it is in ``sorted_keys``."""
    if not len(sorted_keys):
        return np.zeros(len(keys), dtype=bool)
    at = np.minimum(np.searchsorted(sorted_keys, keys), len(sorted_keys) - 1)
    return sorted_keys[at] == keys


def _segment_lengths(reader, fieldname: str) -> np.ndarray:
    count = reader.doc_count_all()
    column = length_column_bytes(reader, fieldname, count)
    if column is None:  # not a Whoosh 3 segment: ask document by document
        return np.array([reader.doc_field_length(n, fieldname, 1) or 1 for n in range(count)],
                        dtype=np.float64)
    raw = np.zeros(count, dtype=np.uint8)
    raw[:len(column)] = np.frombuffer(column, dtype=np.uint8)
    return _LENGTHS[raw]
