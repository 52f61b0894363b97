"""fahras's Whoosh codec: posting blocks laid out as flat arrays, positions as packed integers.

Whoosh 3's codec pickles each block as a tuple of Python ints, floats and per-posting
pickled position lists, then zlib-compresses the whole. Reading a common word's 99,000
postings at 100,000 articles took 86 ms, almost all of it unpickling positions that a
ranking never looks at; writing them was the largest cost of a build (benchmarks/README).

Here a block is a small fixed header, then document numbers (uint32), weights (float32)
and value lengths (uint32) as raw little-endian arrays, then the values (positions)
zlib-compressed. Ranking reads the arrays straight into numpy (``posting_arrays``); only
a phrase check decompresses positions. Everything else is Whoosh's own codec: terms,
stored fields, lengths, segments and merging are unchanged.

The writer and the matcher subclass Whoosh 3's and override private methods; the names
they override and the inherited fields they use are listed in whoosh_private.py
(``OVERRIDDEN``, ``INHERITED``), checked against the pinned Whoosh by a test.
"""

from __future__ import annotations

import struct
import sys
import zlib
from array import array
from typing import NamedTuple

import numpy as np
from whoosh.codec import whoosh3
from whoosh.formats import Positions
from whoosh.matching import FilterMatcher
from whoosh.util.numeric import byte_to_length, length_to_byte

#: length (negative for the last block), postings, last id, max weight, compressed?,
#: min and max length bytes.
_HEADER = struct.Struct("<iIIfBBBx")
_MAGIC = b"FHR1"
_LITTLE = sys.byteorder == "little"
#: Positions are packed as uint32 little-endian.
_UINT = "I"
#: Postings per block: a block is read whole, so a phrase check on a rare document of a
#: common word decompresses at most this many postings' positions.
BLOCK_LIMIT = 256
#: zlib level of a block's positions (Whoosh's default is 3; 1 is zlib's fastest).
COMPRESSION = 1
#: Whoosh inlines a posting list shorter than this into the term index. Every term has
#: at least one posting, so 1 means never (Whoosh's own default): every posting list is
#: in array blocks, which ``posting_arrays`` reads without a per-posting fallback.
NEVER_INLINE = 1
#: Values shorter than this are not worth compressing (zlib's header and checksum).
COMPRESS_FROM = 64


def _raw(values: array) -> bytes:
    if not _LITTLE:  # pragma: no cover - the files are little-endian everywhere
        values = array(values.typecode, values)
        values.byteswap()
    return values.tobytes()


def _unraw(typecode: str, data) -> array:
    values = array(typecode)
    values.frombytes(data)
    if not _LITTLE:  # pragma: no cover
        values.byteswap()
    return values


class PackedPositions(Positions):
    """Whoosh's Positions format with positions packed as uint32, not pickled.

    ``word_values`` asks the field's analyser for the whole article's terms at once when
    it can (``index_terms``), instead of walking Whoosh token objects one by one.
    """

    def word_values(self, value, analyzer, **kwargs):
        index_terms = getattr(analyzer, "index_terms", None)
        if index_terms is None or kwargs.get("mode") != "index":
            yield from super().word_values(value, analyzer, **kwargs)
            return
        boost = self.field_boost
        encode = self.encode
        for word, positions in index_terms(value).items():
            yield word, len(positions), len(positions) * boost, encode(positions)

    def encode(self, poslist):
        return _raw(array(_UINT, poslist))

    def decode_positions(self, valuestring):
        return _unraw(_UINT, valuestring).tolist()

    def decode_frequency(self, valuestring):
        return len(valuestring) // 4

    def decode_weight(self, valuestring):
        return self.decode_frequency(valuestring) * self.field_boost

    def decode_position_boosts(self, valuestring):
        return [(pos, 1) for pos in self.decode_positions(valuestring)]


class FahrasCodec(whoosh3.W3Codec):
    """Whoosh 3's codec with array posting blocks (see the module docstring)."""

    def __init__(self, blocklimit: int = BLOCK_LIMIT, compression: int = COMPRESSION,
                 inlinelimit: int = NEVER_INLINE):
        super().__init__(blocklimit=blocklimit, compression=compression,
                         inlinelimit=inlinelimit)
        self.blocklimit = blocklimit
        self.compression = compression
        self.inlinelimit = inlinelimit

    def field_writer(self, storage, segment):
        return _FieldWriter(self, storage, segment)

    def postings_writer(self, dbfile, byteids=False):
        if byteids:  # term vectors: not used by fahras, kept as Whoosh writes them
            return super().postings_writer(dbfile, byteids=True)
        return _PostingsWriter(dbfile, blocklimit=self.blocklimit,
                               compression=self.compression, inlinelimit=self.inlinelimit)

    def postings_reader(self, dbfile, terminfo, format_, term=None, scorer=None):
        if terminfo.is_inlined():  # never written by this codec (NEVER_INLINE)
            return super().postings_reader(dbfile, terminfo, format_, term=term,
                                           scorer=scorer)
        offset, length = terminfo.extent()
        if isinstance(length, tuple):  # Whoosh reads the stored length back as a 1-tuple
            length = length[0]
        return ArrayLeafMatcher(dbfile, offset, length, format_, term=term, scorer=scorer)


class _FieldWriter(whoosh3.W3FieldWriter):
    def add_term(self, ids: array, weights: array, sizes: array, values: bytearray,
                 lengths: list[int]):
        """A whole term's postings at once, in document order, values end to end."""
        self._postwriter.add_term(ids, weights, sizes, values, lengths)


class _Packed(NamedTuple):
    """A block's values end to end, with their sizes."""

    sizes: array
    data: bytes


class _PostingsWriter(whoosh3.W3PostingsWriter):
    def add_posting(self, id_, weight, vbytes, length=None):
        raise TypeError("fahras's codec writes whole terms: use writer.TermGroupingWriter")

    def add_term(self, ids: array, weights: array, sizes: array, values: bytearray,
                 lengths: list[int]):
        """A whole term's postings, cut into blocks (the last is written on finish)."""
        limit = self._blocklimit
        offset = 0
        for start in range(0, len(ids), limit):
            end = start + limit
            self._ids = ids[start:end]
            self._weights = weights[start:end]
            block_sizes = sizes[start:end]
            size = sum(block_sizes)
            self._values = _Packed(block_sizes, bytes(values[offset:offset + size]))
            offset += size
            known = [n for n in lengths[start:end] if n]
            self._minlength = min(known) if known else None
            self._maxlength = max(known, default=0)
            self._maxweight = max(self._weights)
            if end < len(ids):
                self._write_block()

    def _write_block(self, last=False):
        postfile = self._postfile
        if not self._blockcount:
            postfile.write(_MAGIC)
        self._terminfo.add_block(self)
        count = len(self._ids)
        sizes, packed = self._values
        compressed = bool(self._compression) and len(packed) > COMPRESS_FROM
        if compressed:
            packed = zlib.compress(packed, self._compression)
        body = b"".join((_raw(self._ids), _raw(self._weights), _raw(sizes), packed))
        length = _HEADER.size + len(body)
        postfile.write(_HEADER.pack(-length if last else length, count, self._ids[-1],
                                    self._maxweight, compressed,
                                    length_to_byte(self._minlength),
                                    length_to_byte(self._maxlength)))
        postfile.write(body)
        self._blockcount += 1
        self._new_block()


class ArrayLeafMatcher(whoosh3.W3LeafMatcher):
    """Reads the array blocks; ``posting_arrays`` gives a whole posting list to numpy."""

    def _read_header(self):
        self._postfile.seek(self._startoffset)
        if self._postfile.read(4) != _MAGIC:
            raise ValueError(f"not a fahras posting list at offset {self._startoffset}")
        self._baseoffset = self._startoffset + 4

    def _goto(self, position):
        self._data = None
        self._ids = None
        self._weights = None
        self._values = None
        self._i = 0
        header = self._postfile.get(position, _HEADER.size)
        (length, self._blocklength, self._maxid, self._maxweight, self._compression,
         minlength, maxlength) = _HEADER.unpack(header)
        self._lastblock = length < 0
        self._dataoffset = position + _HEADER.size
        self._nextoffset = position + abs(length)
        self._minlength = byte_to_length(minlength)
        self._maxlength = byte_to_length(maxlength)

    def _read_data(self) -> bytes:
        """The current block's bytes, read once."""
        if self._data is None:
            self._data = self._postfile.get(self._dataoffset,
                                            self._nextoffset - self._dataoffset)
        return self._data

    def _read_ids(self):
        self._ids = _unraw(_UINT, self._read_data()[:4 * self._blocklength])

    def _read_weights(self):
        n = self._blocklength
        self._weights = _unraw("f", self._read_data()[4 * n:8 * n])

    def _read_values(self):
        n = self._blocklength
        data = self._read_data()
        sizes = _unraw(_UINT, data[8 * n:12 * n])
        packed = data[12 * n:]
        if self._compression:
            packed = zlib.decompress(packed)
        values, start = [], 0
        for size in sizes:
            values.append(packed[start:start + size])
            start += size
        self._values = values

    def _blocks(self):
        """(start of arrays, end of block, postings, compressed) for every block."""
        end = self._startoffset + self._length
        data = self._postfile.get(self._baseoffset, end - self._baseoffset)
        position, header = 0, _HEADER.size
        unpack = _HEADER.unpack_from
        blocks = []
        while position < len(data):
            length, count, _, _, compressed = unpack(data, position)[:5]
            blocks.append((position + header, position + abs(length), count, compressed))
            position += abs(length)
            if length < 0:
                break
        return data, blocks

    def posting_arrays(self) -> tuple[np.ndarray, np.ndarray]:
        """Every document number and weight of this posting list, read in one go."""
        data, blocks = self._blocks()
        ids = [np.frombuffer(data, "<u4", count, start) for start, _, count, _ in blocks]
        weights = [np.frombuffer(data, "<f4", count, start + 4 * count)
                   for start, _, count, _ in blocks]
        if len(ids) == 1:
            return ids[0], weights[0]
        return np.concatenate(ids), np.concatenate(weights)

    def position_arrays(self, wanted: np.ndarray | None = None
                        ) -> tuple[np.ndarray, np.ndarray]:
        """Every (document, position) pair, flat and in order; only blocks holding a
        document of the ``wanted`` mask are decompressed."""
        data, blocks = self._blocks()
        docs, positions = [], []
        for start, end, count, compressed in blocks:
            ids = np.frombuffer(data, "<u4", count, start)
            if wanted is not None and not wanted[ids].any():
                continue
            sizes = np.frombuffer(data, "<u4", count, start + 8 * count)
            packed = data[start + 12 * count:end]
            if compressed:
                packed = zlib.decompress(packed)
            positions.append(np.frombuffer(packed, "<u4"))
            docs.append(np.repeat(ids, sizes // 4))
        if not docs:
            return np.zeros(0, dtype=np.uint32), np.zeros(0, dtype=np.uint32)
        return np.concatenate(docs), np.concatenate(positions)


def _unfiltered(matcher):
    # A segment with deletions wraps its postings in a FilterMatcher; the arrays keep
    # deleted documents, and the caller masks them (see ranking.Ranker.live).
    while isinstance(matcher, FilterMatcher):
        matcher = matcher.child
    return matcher


def posting_arrays(matcher) -> tuple[np.ndarray, np.ndarray]:
    """Document numbers and weights of a leaf posting matcher, as numpy arrays, deleted
    documents included."""
    matcher = _unfiltered(matcher)
    if isinstance(matcher, ArrayLeafMatcher):
        return matcher.posting_arrays()
    ids, weights = [], []
    while matcher.is_active():
        ids.append(matcher.id())
        weights.append(matcher.weight())
        matcher.next()
    return np.asarray(ids, dtype=np.uint32), np.asarray(weights, dtype=np.float32)


def position_arrays(matcher, wanted: np.ndarray | None = None
                    ) -> tuple[np.ndarray, np.ndarray]:
    """Every (document, position) pair of a leaf posting matcher, as flat arrays, deleted
    documents included."""
    matcher = _unfiltered(matcher)
    if isinstance(matcher, ArrayLeafMatcher):
        return matcher.position_arrays(wanted)
    docs, positions = [], []
    while matcher.is_active():
        found = matcher.value_as("positions")
        docs.extend([matcher.id()] * len(found))
        positions.extend(found)
        matcher.next()
    return np.asarray(docs, dtype=np.uint32), np.asarray(positions, dtype=np.uint32)

