"""Where each word of an article is, stored at index time so that a page of results
highlights its passages without cutting the text into words again.

A first page's passages and snippets re-tokenised every paragraph they looked at:
``Analyzer.tokens`` was 43% of a first page (issue #18) and the tokenizer's regular
expression alone about 50 µs a paragraph (10,000 realistic articles, a loaded machine:
finditer 63 µs, ``tokens`` 293 µs, ``fold`` for the quick test 82 µs a paragraph of 243
characters). The table holds, for the title and each paragraph, every token's offsets
and a number per distinct word as written; the highlighter decides once per distinct
word (``passages.Highlighter``), and numpy marks the tokens.

It stores no analysis: stems come from the analyser at query time, so a changed stemmer
needs no rebuild. It does depend on the tokenizer: the table carries a fingerprint of
``analysis.TOKEN_PATTERN``, and a table written with another pattern is not used (the
highlighter analyses the text instead, as it does for an index written before tables).

Packed as five arrays (each text's length and number of tokens, the gap before each
token, its length, its word's number), each in the narrowest unsigned width its values fit, zlib-compressed and
base64'd into the stored JSON: 588 bytes an article on the realistic corpus (the stored
JSON was 1,227 bytes compressed; the index 11.2 KB an article).
"""

from __future__ import annotations

import base64
import binascii
import re
import struct
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from .analysis import TOKEN_PATTERN

#: Version, tokenizer fingerprint, texts, tokens, then the width code of each array.
_HEADER = struct.Struct("<BIIIBBBBB")
_VERSION = 1
#: The tokenizer the offsets were cut with: a table of another is ignored.
FINGERPRINT = zlib.crc32(TOKEN_PATTERN.pattern.encode("utf-8"))
#: Width codes: the narrowest unsigned type each array fits.
_WIDTHS = (np.dtype("<u1"), np.dtype("<u2"), np.dtype("<u4"))
_LARGEST = tuple(2 ** (8 * width.itemsize) - 1 for width in _WIDTHS)
#: zlib's level for the packed arrays (decompressing is a few µs at any level).
COMPRESSION = 6
#: The tokenizer as a splitter: separators and tokens alternate, cut in one C call
#: (the pattern never matches an empty string, so split and finditer agree).
_SPLIT = re.compile(f"({TOKEN_PATTERN.pattern})")


@dataclass(frozen=True)
class TokenTable:
    """Every token of an article's texts (the title first, then each paragraph)."""

    #: How long each text is, and how many tokens it has.
    sizes: np.ndarray
    counts: np.ndarray
    #: Each token's offsets into its own text.
    starts: np.ndarray
    ends: np.ndarray
    #: Each token's word as written, numbered by first appearance in the article.
    words: np.ndarray

    @cached_property
    def texts(self) -> np.ndarray:
        """The text each token belongs to (0 for the title)."""
        return np.repeat(np.arange(len(self.counts)), self.counts)

    def fits(self, texts: Sequence[str]) -> bool:
        """Whether this table was made of texts like these (as many, as long)."""
        return len(texts) == len(self.sizes) and self.sizes.tolist() == list(map(len, texts))

    def spellings(self, texts: Sequence[str]) -> list[str]:
        """Each numbered word as written, in number order, read off its first token."""
        # numbered by first appearance: a word's first token is where the numbers rise
        highest = np.maximum.accumulate(self.words)
        rises = np.ones(len(highest), dtype=bool)
        np.greater(highest[1:], highest[:-1], out=rises[1:])
        first = np.flatnonzero(rises)
        return [texts[text][start:end] for text, start, end in
                zip(self.texts[first].tolist(), self.starts[first].tolist(),
                    self.ends[first].tolist())]


def encode(texts: Sequence[str]) -> str:
    """The token table of these texts, packed for the stored JSON."""
    counts: list[int] = []
    gaps: list[int] = []
    lengths: list[int] = []
    tokens: list[str] = []
    sizes = list(map(len, texts))
    for text in texts:
        parts = _SPLIT.split(text)
        words = parts[1::2]
        counts.append(len(words))
        gaps.extend(map(len, parts[0:-1:2]))
        lengths.extend(map(len, words))
        tokens.extend(words)
    numbers: dict[str, int] = {}
    words_ = [numbers.setdefault(word, len(numbers)) for word in tokens]
    arrays = [np.asarray(a, dtype=np.int64) for a in (sizes, counts, gaps, lengths, words_)]
    codes = [_width(a) for a in arrays]
    packed = b"".join(a.astype(_WIDTHS[c]).tobytes() for a, c in zip(arrays, codes))
    header = _HEADER.pack(_VERSION, FINGERPRINT, len(counts), len(tokens), *codes)
    return base64.b64encode(zlib.compress(header + packed, COMPRESSION)).decode("ascii")


def decode(value: str) -> TokenTable | None:
    """The table packed in ``value``; None for one of another tokenizer or version, or
    one that does not unpack (the caller analyses the text instead)."""
    try:
        data = zlib.decompress(base64.b64decode(value, validate=True))
        version, fingerprint, texts, tokens, *codes = _HEADER.unpack_from(data)
    except (binascii.Error, zlib.error, struct.error, ValueError):
        return None
    if version != _VERSION or fingerprint != FINGERPRINT or max(codes) >= len(_WIDTHS):
        return None
    shape = [texts, texts, tokens, tokens, tokens]
    if len(data) != _HEADER.size + sum(n * _WIDTHS[c].itemsize for n, c in zip(shape, codes)):
        return None
    arrays, offset = [], _HEADER.size
    for count, code in zip(shape, codes):
        width = _WIDTHS[code]
        arrays.append(np.frombuffer(data, width, count, offset).astype(np.int64))
        offset += count * width.itemsize
    sizes, counts, gaps, lengths, words = arrays
    if int(counts.sum()) != tokens:
        return None
    return TokenTable(sizes, counts, *_offsets(counts, gaps, lengths), words)


def _offsets(counts: np.ndarray, gaps: np.ndarray, lengths: np.ndarray
             ) -> tuple[np.ndarray, np.ndarray]:
    """Starts and ends from gaps and lengths, counted afresh in each text."""
    running = np.concatenate(([0], np.cumsum(gaps + lengths)))
    # what the texts before each one add up to: subtracted from its tokens
    before = running[np.cumsum(counts) - counts]
    ends = running[1:] - np.repeat(before, counts)
    return ends - lengths, ends


def _width(values: np.ndarray) -> int:
    """The code of the narrowest width that holds every value."""
    top = int(values.max(initial=0))
    return next(code for code, largest in enumerate(_LARGEST) if top <= largest)
