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
_PRIME = (1 << 61) - 1
_MASK = (1 << 32) - 1
_rng = np.random.default_rng(20261123)
_A = _rng.integers(1, 1 << 31, HASHES, dtype=np.uint64)
_B = _rng.integers(0, 1 << 31, HASHES, dtype=np.uint64)
_WORD = re.compile(r"\w+")


def signature(paragraphs: list[str] | tuple[str, ...]) -> list[int]:
    """The MinHash signature of a text's 3-word shingles ([] for fewer than 3 words)."""
    words = _WORD.findall(fold(" ".join(paragraphs)))
    if len(words) < SHINGLE:
        return []
    shingles = {" ".join(words[i:i + SHINGLE]) for i in range(len(words) - SHINGLE + 1)}
    hashes = np.fromiter((zlib.crc32(s.encode()) for s in shingles), dtype=np.uint64,
                         count=len(shingles))
    # (a·h + b) mod p on 32-bit hashes and 31-bit a, b stays below 2^64.
    values = (hashes[:, None] * _A[None, :] + _B[None, :]) % np.uint64(_PRIME)
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
