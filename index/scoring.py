"""BM25F with field lengths read from a per-segment array instead of Whoosh's column API.

The scores are Whoosh's own BM25F scores. Only the per-document length lookup changes:
Whoosh decodes it from its length column on every call (about 3 µs), which made it the
largest single cost of ranking a common word at 10,000 articles (benchmarks/README.md).
The array is built once per segment reader and field, then indexed.
"""

from __future__ import annotations

import threading

from whoosh import scoring
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield
from whoosh.util.numeric import byte_to_length

_BUILD = threading.Lock()


class CachedLengthBM25F(scoring.BM25F):
    """Whoosh's BM25F, scoring from cached document lengths."""

    def scorer(self, searcher, fieldname, text, qf=1):
        scorer = super().scorer(searcher, fieldname, text, qf=qf)
        if isinstance(scorer, scoring.WeightLengthScorer):
            lengths = field_lengths(searcher.reader(), fieldname)
            if lengths is not None:
                scorer.dfl = lengths.__getitem__
        return scorer


def field_lengths(reader, fieldname: str) -> list[int] | None:
    """Every document's length in ``fieldname`` for one segment reader (cached on it)."""
    cache = reader.__dict__.setdefault("_fahras_lengths", {})
    if fieldname in cache:
        return cache[fieldname]
    with _BUILD:
        if fieldname not in cache:
            cache[fieldname] = _read_lengths(reader, fieldname)
    return cache[fieldname]


def _read_lengths(reader, fieldname: str) -> list[int] | None:
    perdoc = getattr(reader, "_perdoc", None)
    column_reader = getattr(perdoc, "_cached_reader", None)
    if column_reader is None:
        return None
    column = column_reader(_lenfield(fieldname), LENGTHS_COLUMN)
    if column is None:
        return None
    count = reader.doc_count_all()
    return [byte_to_length(column[n]) if column[n] else 1 for n in range(count)]
