"""Whoosh's segment writer with postings grouped by term in memory.

Whoosh's writer puts every posting into a sorting pool as its own tuple (with a size
estimate and type checks), sorts all of them at the end, spills runs to disk past its
memory limit and merges them back, then feeds them one by one to the field writer:
about half of a build's time. Here postings are appended to their term's arrays as they
come (documents arrive in order), only the terms are sorted, and each term's postings go
to the codec in blocks (``codec._PostingsWriter.add_term``). A writer holds one segment
in memory, so large builds start a new segment every few thousand articles
(index/building.py).
"""

from __future__ import annotations

import contextlib
from array import array

from whoosh.reading import SegmentReader
from whoosh.writing import SegmentWriter

from .codec import FahrasCodec
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


class TermPool:
    """Postings grouped by (field, term): document numbers, weights, and the values
    (packed positions) end to end with their sizes, about 12 bytes a posting besides
    its positions.

    Takes the place of Whoosh's PostingPool in ``SegmentWriter.pool``, so it answers what
    SegmentWriter asks of one (``whoosh_private.POSTING_POOL``)."""

    def __init__(self) -> None:
        self.terms: dict[tuple[str, bytes], tuple[array, array, array, bytearray]] = {}
        self.fieldnames: set[str] = set()
        self.in_order = True

    def add(self, item) -> None:
        fieldname, text, docnum, weight, value = item
        group = self.terms.get((fieldname, text))
        if group is None:
            self.fieldnames.add(fieldname)
            group = self.terms[(fieldname, text)] = (array("I"), array("f"), array("I"),
                                                     bytearray())
        elif docnum < group[0][-1]:
            self.in_order = False  # a merge added an older segment's postings late
        group[0].append(docnum)
        group[1].append(weight)
        value = value or b""
        group[2].append(len(value))
        group[3].extend(value)

    def sorted_terms(self):
        """(field, term, ids, weights, sizes, values) by field and term, postings in
        document order."""
        for (fieldname, text) in sorted(self.terms):
            ids, weights, sizes, values = self.terms[(fieldname, text)]
            if not self.in_order:
                ids, weights, sizes, values = _by_document(ids, weights, sizes, values)
            yield fieldname, text, ids, weights, sizes, values

    def iter_postings(self):
        for fieldname, text, ids, weights, sizes, values in self.sorted_terms():
            start = 0
            for docnum, weight, size in zip(ids, weights, sizes):
                yield fieldname, text, docnum, weight, bytes(values[start:start + size])
                start += size

    def cleanup(self) -> None:
        self.terms.clear()


def _by_document(ids: array, weights: array, sizes: array, values: bytearray):
    starts = [0]
    for size in sizes:
        starts.append(starts[-1] + size)
    order = sorted(range(len(ids)), key=ids.__getitem__)
    return (array("I", (ids[i] for i in order)), array("f", (weights[i] for i in order)),
            array("I", (sizes[i] for i in order)),
            bytearray(b"".join(values[starts[i]:starts[i + 1]] for i in order)))


class _FieldLengths:
    """The new segment's field lengths, decoded once per field (not once per posting)."""

    def __init__(self, lengths) -> None:
        self._lengths = lengths
        self._fields: dict[str, list[int]] = {}

    def of(self, fieldname: str, docnums) -> list[int]:
        """The lengths of these documents in a field (0 where it has none)."""
        column = self._fields.get(fieldname)
        if column is None:
            read = self._lengths.doc_field_length
            column = self._fields[fieldname] = [
                read(n, fieldname, 0) for n in range(self._lengths.doc_count_all())]
        return [column[n] if n < len(column) else 0 for n in docnums]

    def close(self) -> None:
        self._lengths.close()


class TermGroupingWriter(SegmentWriter):
    """A Whoosh SegmentWriter that writes fahras's codec from a ``TermPool``."""

    def __init__(self, ix, **kwargs) -> None:
        kwargs.setdefault("codec", FahrasCodec())
        super().__init__(ix, **kwargs)
        self.pool = TermPool()

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
