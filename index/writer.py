"""Whoosh's segment writer with postings kept as flat columns and grouped by term once.

Whoosh's writer puts every posting into a sorting pool as its own tuple (with a size
estimate and type checks), sorts all of them at the end, spills runs to disk past its
memory limit and merges them back, then feeds them one by one to the field writer:
about half of a build's time. A first version appended each posting to its term's own
arrays as it came: still a Python call and a tuple per posting, 40% of a build's
profile at 2,000 articles (``benchmarks/profile_build.py``). Here an article's terms
come from the analyser as one dict per field (``index_terms``: term → positions) and go
into flat columns (term number, document, weight, value size, values) with a handful of
C-level ``extend`` calls; the columns are grouped by term with one numpy sort when the
segment is written, and each term's postings go to the codec in blocks
(``codec._PostingsWriter.add_term``). The postings and field lengths written are the
ones Whoosh's own path writes (tests/index/test_building.py compares them).

A writer holds one segment in memory, so large builds start a new segment every few
thousand articles (index/building.py).
"""

from __future__ import annotations

import contextlib
from array import array
from itertools import chain, repeat

import numpy as np
from whoosh.reading import SegmentReader
from whoosh.writing import SegmentWriter

from .codec import FahrasCodec, PackedPositions
from .whoosh_private import release

#: Segments smaller than this are merged into the next commit's new segment (at most a
#: few tenths of a second); larger ones are never rewritten: Whoosh's own policy merged 50
#: segments of a 100,000-article index to add one article (59 s).
SMALL_SEGMENT = 200


def merge_small_segments(writer: SegmentWriter, segments: list) -> list:
    """Whoosh merge policy: fold the small segments into the one being written."""
    keep = []
    for segment in segments:
        if segment.doc_count_all() < SMALL_SEGMENT:
            reader = SegmentReader(writer.storage, writer.schema, segment)
            writer.add_reader(reader)
            reader.close()
        else:
            keep.append(segment)
    return keep


class _TermNumbers(dict):
    """One field's terms (UTF-8) → their numbers in the pool, numbered as first seen."""

    def __init__(self, fieldname: str, keys: list[tuple[str, bytes]]) -> None:
        super().__init__()
        self.fieldname = fieldname
        self._keys = keys

    def __missing__(self, term: bytes) -> int:
        number = self[term] = len(self._keys)
        self._keys.append((self.fieldname, term))
        return number


class TermPool:
    """A segment's postings as flat columns in the order they came: term number,
    document number, weight, value size, and the values (packed positions) end to end;
    about 16 bytes a posting besides its positions.

    Takes the place of Whoosh's PostingPool in ``SegmentWriter.pool``, so it answers what
    SegmentWriter asks of one (``whoosh_private.POSTING_POOL``)."""

    def __init__(self) -> None:
        self.keys: list[tuple[str, bytes]] = []  # term number → (field, term)
        self._fields: dict[str, _TermNumbers] = {}
        self._numbers = array("I")
        self._docs = array("I")
        self._weights = array("f")
        self._sizes = array("I")
        self._values = bytearray()

    @property
    def fieldnames(self) -> set[str]:
        """The fields that have postings."""
        return {name for name, terms in self._fields.items() if terms}

    def _terms(self, fieldname: str) -> _TermNumbers:
        terms = self._fields.get(fieldname)
        if terms is None:
            terms = self._fields[fieldname] = _TermNumbers(fieldname, self.keys)
        return terms

    def add(self, item) -> None:
        """One posting: (field, term as UTF-8, document, weight, value bytes)."""
        fieldname, text, docnum, weight, value = item
        self._numbers.append(self._terms(fieldname)[text])
        self._docs.append(docnum)
        self._weights.append(weight)
        value = value or b""
        self._sizes.append(len(value))
        self._values += value

    def add_positions(self, fieldname: str, docnum: int, terms: dict[str, list[int]],
                      encode) -> int:
        """A document's terms in a positions field (term → positions), each weighing its
        frequency, values packed by ``encode``; the field's length (all positions)."""
        counts = list(map(len, terms.values()))
        self._numbers.extend(map(self._terms(fieldname).__getitem__,
                                 map(str.encode, terms)))
        self._docs.extend(repeat(docnum, len(counts)))
        self._weights.extend(counts)
        packed = encode(chain.from_iterable(terms.values()))
        width = len(packed) // max(sum(counts), 1)
        self._sizes.extend([count * width for count in counts])
        self._values += packed
        return sum(counts)

    def sorted_terms(self):
        """(field, term, ids, weights, sizes, values) by field and term, postings in
        document order."""
        if not self.keys:
            return
        by_key = sorted(range(len(self.keys)), key=self.keys.__getitem__)
        rank = np.empty(len(self.keys), dtype=np.uint32)
        rank[by_key] = np.arange(len(self.keys), dtype=np.uint32)
        ranks = rank[np.frombuffer(self._numbers, dtype=np.uint32)]
        docs = np.frombuffer(self._docs, dtype=np.uint32)
        order = np.lexsort((docs, ranks))  # the order the terms are written in
        bounds = np.searchsorted(ranks[order], np.arange(len(self.keys) + 1)).tolist()
        del ranks
        # Whole columns as arrays once, sliced per term: numpy slices made into arrays
        # term by term were a quarter of a segment's writing on the realistic corpus,
        # where most terms have one posting (benchmarks/profile_build.py).
        ids = array("I", docs[order].tobytes())
        weights = array("f", np.frombuffer(self._weights, dtype=np.float32)[order].tobytes())
        sizes = np.frombuffer(self._sizes, dtype=np.uint32)
        old_starts = np.cumsum(sizes, dtype=np.int64) - sizes
        values = _Gathered(self._values, old_starts[order], sizes[order])
        value_sizes = array("I", sizes[order].tobytes())
        del docs, sizes, order, old_starts
        for rank_, number in enumerate(by_key):
            low, high = bounds[rank_], bounds[rank_ + 1]
            fieldname, text = self.keys[number]
            yield (fieldname, text, ids[low:high], weights[low:high], value_sizes[low:high],
                   values.of(low, high))

    def iter_postings(self):
        """Every posting as Whoosh's pool gives it: (field, term, document, weight,
        value), by field, term and document."""
        for fieldname, text, ids, weights, sizes, values in self.sorted_terms():
            start = 0
            for docnum, weight, size in zip(ids, weights, sizes):
                yield fieldname, text, docnum, weight, bytes(values[start:start + size])
                start += size

    def cleanup(self) -> None:
        TermPool.__init__(self)


class _Gathered:
    """The postings' values in their new order, gathered a chunk of postings at a time:
    gathering them all at once took a 2,000-article segment's writer from 100 to 325 MB."""

    CHUNK = 200_000

    def __init__(self, values: bytearray, starts: np.ndarray, sizes: np.ndarray) -> None:
        self._values = np.frombuffer(values, dtype=np.uint8)
        self._starts = starts
        self._sizes = sizes.astype(np.int64)
        self._low = self._high = 0
        self._data = memoryview(b"")
        self._offsets = [0]

    def of(self, low: int, high: int) -> memoryview:
        """The values of postings ``low`` to ``high`` (in the new order), end to end."""
        if high > self._high or low < self._low:
            self._gather(low, max(high, low + self.CHUNK))
        return self._data[self._offsets[low - self._low]:self._offsets[high - self._low]]

    def _gather(self, low: int, high: int) -> None:
        high = min(high, len(self._sizes))
        sizes = self._sizes[low:high]
        ends = np.cumsum(sizes)
        index = np.repeat(self._starts[low:high] - (ends - sizes), sizes) + np.arange(
            int(ends[-1]) if len(ends) else 0)
        self._data = memoryview(self._values[index].tobytes())
        self._offsets = [0, *ends.tolist()]
        self._low, self._high = low, high


class _FieldLengths:
    """The new segment's field lengths, decoded once per field (not once per posting)."""

    def __init__(self, lengths) -> None:
        self._lengths = lengths
        self._fields: dict[str, list[int]] = {}

    def of(self, fieldname: str, docnums: array) -> list[int]:
        """The lengths of these documents in a field (0 where it has none)."""
        column = self._fields.get(fieldname)
        if column is None:
            read = self._lengths.doc_field_length
            column = self._fields[fieldname] = [
                read(n, fieldname, 0) or 0 for n in range(self._lengths.doc_count_all())]
        count = len(column)
        # A list, not numpy: most terms have a posting or two, and numpy's calls cost more
        # than such a term's whole look-up.
        return [column[n] if n < count else 0 for n in docnums]

    def close(self) -> None:
        self._lengths.close()


def _packs_positions(field) -> bool:
    """Whether a field's terms can come from its analyser's ``index_terms`` in one go."""
    return (isinstance(field.format, PackedPositions) and field.format.field_boost == 1
            and hasattr(field.analyzer, "index_terms") and not field.vector
            and not field.separate_spelling())


class TermGroupingWriter(SegmentWriter):
    """A Whoosh SegmentWriter that writes fahras's codec from a ``TermPool``."""

    def __init__(self, ix, **kwargs) -> None:
        kwargs.setdefault("codec", FahrasCodec())
        super().__init__(ix, **kwargs)
        self.pool = TermPool()
        self._packed = {name for name, field in self.schema.items()
                        if _packs_positions(field)}
        self._plain = all(not field.vector and not field.separate_spelling()
                          for _, field in self.schema.items())

    def add_document(self, **fields) -> None:
        """Whoosh's ``add_document``, with positions fields analysed in one call each.

        Documents with boosts or custom stored values (``_``-prefixed keys) take Whoosh's
        own path."""
        if not self._plain or any(name.startswith("_") for name in fields):
            super().add_document(**fields)
            return
        self._check_state()
        fieldnames = sorted(fields)
        self._check_fields(self.schema, fieldnames)
        perdocwriter = self.perdocwriter
        perdocwriter.start_doc(self.docnum)
        try:
            for fieldname in fieldnames:
                value = fields[fieldname]
                if value is not None:
                    self._add_field(fieldname, value)
        except Exception:
            perdocwriter.cancel_doc()
            raise
        perdocwriter.finish_doc()
        self._added = True
        self.docnum += 1

    def _add_field(self, fieldname: str, value) -> None:
        field = self.schema[fieldname]
        length = 0
        if fieldname in self._packed and isinstance(value, str):
            length = self.pool.add_positions(fieldname, self.docnum,
                                             field.analyzer.index_terms(value),
                                             field.format.encode)
            length = length if field.scorable else 0
        elif field.indexed:
            for text, frequency, weight, encoded in field.index(value):
                if field.scorable:
                    length += frequency
                self.pool.add((fieldname, text, self.docnum, weight, encoded))
        self.perdocwriter.add_field(fieldname, field, value if field.stored else None,
                                    length)
        if field.column_type:
            self.perdocwriter.add_column_value(fieldname, field.column_type,
                                               field.to_column_value(value))

    def commit(self, mergetype=None, **kwargs) -> None:
        super().commit(mergetype=mergetype or merge_small_segments, **kwargs)

    def abandon(self) -> None:
        """Cancel, even when cancelling fails (a full disk makes Whoosh's ``cancel`` write
        the segment it is dropping): the lock and temporary files are released anyway.
        The partial files are the caller's to delete (store._remove_orphans)."""
        try:
            self.cancel()
        except Exception:
            if not self.is_closed:
                self.pool.cleanup()
                with contextlib.suppress(Exception):
                    release(self)  # temporary storage and the lock

    def _flush_segment(self) -> None:
        # Overrides Whoosh's (whoosh_private.OVERRIDDEN): commit calls it to write postings.
        self.perdocwriter.close()
        lengths = _FieldLengths(self.per_document_reader())
        fields = self.fieldwriter
        current = None
        for fieldname, text, ids, weights, sizes, values in self.pool.sorted_terms():
            if fieldname != current:
                if current is not None:
                    fields.finish_field()
                fields.start_field(fieldname, self.schema[fieldname])
                current = fieldname
            fields.start_term(text)
            fields.add_term(ids, weights, sizes, values, lengths.of(fieldname, ids))
            fields.finish_term()
        if current is not None:
            fields.finish_field()
        fields.close()
        lengths.close()
