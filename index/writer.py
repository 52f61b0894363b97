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

from array import array

from whoosh.writing import SegmentWriter

from .codec import FahrasCodec, _CachedLengths


class TermPool:
    """Postings grouped by (field, term): document numbers, weights and values."""

    def __init__(self) -> None:
        self.terms: dict[tuple[str, bytes], tuple[array, array, list]] = {}
        self.fieldnames: set[str] = set()
        self.in_order = True

    def add(self, item) -> None:
        fieldname, text, docnum, weight, value = item
        group = self.terms.get((fieldname, text))
        if group is None:
            self.fieldnames.add(fieldname)
            group = self.terms[(fieldname, text)] = (array("I"), array("f"), [])
        elif docnum < group[0][-1]:
            self.in_order = False  # a merge added an older segment's postings late
        group[0].append(docnum)
        group[1].append(weight)
        group[2].append(value or b"")

    def sorted_terms(self):
        """(field, term, ids, weights, values) by field and term, postings by document."""
        for (fieldname, text) in sorted(self.terms):
            ids, weights, values = self.terms[(fieldname, text)]
            if not self.in_order:
                order = sorted(range(len(ids)), key=ids.__getitem__)
                ids = array("I", (ids[i] for i in order))
                weights = array("f", (weights[i] for i in order))
                values = [values[i] for i in order]
            yield fieldname, text, ids, weights, values

    def iter_postings(self):
        for fieldname, text, ids, weights, values in self.sorted_terms():
            for docnum, weight, value in zip(ids, weights, values):
                yield fieldname, text, docnum, weight, value

    def cleanup(self) -> None:
        self.terms.clear()


class TermGroupingWriter(SegmentWriter):
    """A Whoosh SegmentWriter that writes fahras's codec from a ``TermPool``."""

    def __init__(self, ix, **kwargs) -> None:
        kwargs.setdefault("codec", FahrasCodec())
        super().__init__(ix, **kwargs)
        self.pool = TermPool()

    def _flush_segment(self) -> None:
        self.perdocwriter.close()
        lengths = _CachedLengths(self.per_document_reader())
        fields = self.fieldwriter
        current = None
        for fieldname, text, ids, weights, values in self.pool.sorted_terms():
            if fieldname != current:
                if current is not None:
                    fields.finish_field()
                fields.start_field(fieldname, self.schema[fieldname])
                current = fieldname
            fields.start_term(text)
            fields.add_term(ids, weights, values, lengths.of(fieldname, ids))
            fields.finish_term()
        if current is not None:
            fields.finish_field()
        fields.close()
        lengths.close()
