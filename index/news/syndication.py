"""Syndicated copies: one wire story published by several outlets with their own headers
and footers, found by MinHash over word shingles and grouped when the articles are read.

Each article gets a MinHash signature of ``HASHES`` values over its 3-word shingles
(the outlets' copies of one story share its spelling), by one permutation hashing with
numpy (~100 µs an article; datasketch's MinHash updates 128 permutations per shingle in
a Python loop and pulls in scipy). The signature is cut into ``BANDS``
bands: two articles that share a band are candidates (the LSH scheme), kept as copies
when their signatures agree on at least ``MIN_SIMILARITY`` of the values (the estimated
Jaccard similarity), and copies of copies join the group. With 16 bands of 4, a pair at
similarity 0.7 shares a band with probability 0.99, a pair at 0.3 with 0.12, then is
rejected by the check.

Grouping happens in the indexing run's first pass over its files (learning.py), before
any article is written, so each copy is written with its group's key and a search folds
copies with one array lookup. Searching for copies at query time instead (band terms
in the index, signatures in the stored data) cost 80 ms for a page of 20 results.
"""

from __future__ import annotations

import zlib

import numpy as np

HASHES = 64
BANDS = 16
ROWS = HASHES // BANDS
SHINGLE = 3
MIN_SIMILARITY = 0.5
_MASK = (1 << 32) - 1
# Each shingle's hash is mixed by splitmix64's finaliser (wrapping 64-bit arithmetic).
# The textbook (a·h + b) mod p with a small enough to avoid overflow barely permutes,
# and estimated 0.17 for a true similarity of 0.56.
_M1, _M2 = np.uint64(0xBF58476D1CE4E5B9), np.uint64(0x94D049BB133111EB)


_EMPTY = 1 << 33
#: Each word's crc32, kept across articles (news vocabulary is small next to its text).
_word_hashes: dict[str, int] = {}
_P1, _P2 = np.uint64(0x9E3779B97F4A7C15), np.uint64(0xC2B2AE3D27D4EB4F)


def signature(paragraphs: list[str] | tuple[str, ...]) -> list[int]:
    """The MinHash signature of a text's 3-word shingles ([] for fewer than 3 words).

    One permutation hashing: each shingle is hashed once and falls into one of
    ``HASHES`` bins by its hash; a bin keeps its smallest value, an empty bin borrows the
    next bin's (densification). A shingle's hash combines its words' hashes (each word
    hashed once), so no shingle string is built. 64 hashes per shingle took
    400 µs for a 500-word article; this takes about a quarter of that.
    """
    words = " ".join(paragraphs).lower().split()
    if len(words) < SHINGLE:
        return []
    # crc32 through a memo, not Python's hash(): that one is seeded per process, and
    # which stories group must not change from one run to the next.
    memo = _word_hashes
    for word in set(words).difference(memo):
        memo[word] = zlib.crc32(word.encode())
    ids = np.fromiter(map(memo.__getitem__, words), dtype=np.uint64, count=len(words))
    with np.errstate(over="ignore"):
        values = ids[:-2] * _P1 + ids[1:-1] * _P2 + ids[2:]  # repeats change no minimum
        values ^= values >> np.uint64(30)
        values *= _M1
        values ^= values >> np.uint64(27)
        values *= _M2
        values ^= values >> np.uint64(31)
    bins = (values % np.uint64(HASHES)).astype(np.int64)
    lows = (values >> np.uint64(32)).astype(np.int64)
    sig = np.full(HASHES, _EMPTY, dtype=np.int64)
    np.minimum.at(sig, bins, lows)
    sig[sig == _EMPTY] = -1
    return _densified(sig).tolist()


def _densified(sig: np.ndarray) -> np.ndarray:
    """Empty bins take the value of the next full bin (circularly), marked by distance,
    so two texts agree on an empty bin only when they agree on the bin it borrows."""
    full = np.flatnonzero(sig >= 0)
    if len(full) == len(sig):
        return sig
    positions = np.arange(len(sig))
    at = np.searchsorted(full, positions) % len(full)
    borrowed = full[at]
    distance = (borrowed - positions) % len(sig)
    return np.where(sig >= 0, sig, sig[borrowed] * 64 + distance + (1 << 40))


def bands(sig: list[int]) -> list[str]:
    """The band terms of a signature, as indexed in the ``near`` field."""
    if not sig:
        return []
    return [f"{b:x}.{zlib.crc32(repr(sig[b * ROWS:(b + 1) * ROWS]).encode()):x}"
            for b in range(BANDS)]


def similarity(a: list[int], b: list[int]) -> float:
    """The estimated Jaccard similarity of two signatures."""
    if not a or not b or len(a) != len(b):
        return 0.0
    return sum(x == y for x, y in zip(a, b, strict=True)) / len(a)


class Grouper:
    """Near-identical articles of one run, grouped as they are added."""

    def __init__(self) -> None:
        self._signatures: list[np.ndarray] = []
        self._keys: list[str] = []
        self._bands: dict[str, list[int]] = {}
        self._parent: list[int] = []
        self._sources: list[str] = []

    def add(self, key: str, paragraphs, source: str = "",
            sig: list[int] | None = None) -> None:
        """Add one article under ``key`` (unique within the run), from ``source``, with
        its ``signature`` when it was computed already (by a reading worker).

        Only articles of different sources are copies: an outlet's own near-identical
        articles (an updated story, a file saved twice) stay apart.
        """
        if sig is None:
            sig = signature(paragraphs)
        number = len(self._keys)
        self._keys.append(key)
        self._sources.append(source)
        self._parent.append(number)
        self._signatures.append(np.asarray(sig, dtype=np.int64))
        if not sig:
            return
        candidates: set[int] = set()
        for band in bands(sig):
            others = self._bands.setdefault(band, [])
            candidates.update(others)
            if len(others) < MAX_BAND_MEMBERS:
                others.append(number)
        candidates = {c for c in candidates if self._sources[c] != source}
        if not candidates:
            return
        # All candidates checked at once: one comparison per candidate in Python took
        # most of the grouping's time on a corpus whose articles share paragraphs.
        order = sorted(candidates)
        agree = np.count_nonzero(np.stack([self._signatures[c] for c in order])
                                 == self._signatures[number], axis=1)
        for other, count in zip(order, agree.tolist(), strict=True):
            if count >= MIN_SIMILARITY * HASHES:
                self._union(other, number)

    def groups(self) -> dict[str, str]:
        """Each grouped article's key → its group's key (the first member's); articles
        without copies are left out."""
        members: dict[int, list[int]] = {}
        for number in range(len(self._keys)):
            members.setdefault(self._find(number), []).append(number)
        out: dict[str, str] = {}
        for group in members.values():
            if len(group) > 1:
                first = self._keys[min(group)]
                out.update((self._keys[n], first) for n in group)
        return out

    def _find(self, number: int) -> int:
        parent = self._parent
        while parent[number] != number:
            parent[number] = parent[parent[number]]
            number = parent[number]
        return number

    def _union(self, a: int, b: int) -> None:
        a, b = self._find(a), self._find(b)
        self._parent[max(a, b)] = min(a, b)


#: A band shared by more articles than this (boilerplate-only texts) stops collecting.
MAX_BAND_MEMBERS = 50
