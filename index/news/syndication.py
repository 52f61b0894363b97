"""Syndicated copies: one wire story published by several outlets with their own headers
and footers, found by MinHash over word shingles and folded into one result.

Each article gets a MinHash signature of ``HASHES`` values over its 3-word shingles
(words folded as dates.fold does, so hamza and ta marbuta spellings agree), computed with
numpy in one pass (a few hundred µs an article; datasketch's MinHash does the same
with a per-shingle Python update loop and pulls in scipy). The signature is cut into
``BANDS`` bands whose hashes are indexed as terms of the ``near`` field: two articles
that share a band are candidates (the LSH scheme), kept as copies when their signatures
agree on at least ``MIN_SIMILARITY`` of the values (the estimated Jaccard similarity).
With 16 bands of 4, a pair at similarity 0.7 shares a band with probability 0.99, a pair
at 0.3 with 0.12, then is rejected by the check.
"""

from __future__ import annotations

import re
import zlib

import numpy as np

from .dates import fold

HASHES = 64
BANDS = 16
ROWS = HASHES // BANDS
SHINGLE = 3
MIN_SIMILARITY = 0.5
_MASK = (1 << 32) - 1
# One seed per hash function; each shingle's hash is mixed with it by splitmix64's
# finaliser (wrapping 64-bit arithmetic). The textbook (a·h + b) mod p with a small
# enough to avoid overflow barely permutes and estimated 0.17 for a true 0.56.
_SEEDS = np.random.default_rng(20261123).integers(1, 1 << 63, HASHES, dtype=np.uint64)
_M1, _M2 = np.uint64(0xBF58476D1CE4E5B9), np.uint64(0x94D049BB133111EB)
_WORD = re.compile(r"\w+")


_word_hashes: dict[str, int] = {}
_P1, _P2 = np.uint64(0x9E3779B97F4A7C15), np.uint64(0xC2B2AE3D27D4EB4F)


def _word_hash(word: str) -> int:
    value = _word_hashes.get(word)
    if value is None:
        if len(_word_hashes) > 500_000:  # a memo, not a leak, on an endless vocabulary
            _word_hashes.clear()
        value = _word_hashes[word] = zlib.crc32(word.encode())
    return value


def signature(paragraphs: list[str] | tuple[str, ...]) -> list[int]:
    """The MinHash signature of a text's 3-word shingles ([] for fewer than 3 words).

    A shingle's hash combines its words' hashes (each word hashed once, memoised), so
    no shingle string is ever built: 450 µs → 150 µs for a 450-word article.
    """
    words = _WORD.findall(fold(" ".join(paragraphs)))
    if len(words) < SHINGLE:
        return []
    ids = np.fromiter((_word_hash(w) for w in words), dtype=np.uint64, count=len(words))
    with np.errstate(over="ignore"):
        shingles = np.unique(ids[:-2] * _P1 + ids[1:-1] * _P2 + ids[2:])
        values = shingles[:, None] ^ _SEEDS[None, :]
        values ^= values >> np.uint64(30)
        values *= _M1
        values ^= values >> np.uint64(27)
        values *= _M2
        values ^= values >> np.uint64(31)
    return (values.min(axis=0) & np.uint64(_MASK)).astype(np.int64).tolist()


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


def copies(sig: list[int], candidates: dict[int, list[int]]) -> list[int]:
    """The candidates (document number → signature) that are copies of ``sig``."""
    return [n for n, other in candidates.items() if similarity(sig, other) >= MIN_SIMILARITY]
