"""Each segment's dates, sources and copy groups, written beside the segment when it is
built and read from there by every search process.

``NewsColumns`` (columns.py) needs every document's publication date, outlet and copy
group. Read from the ``date``, ``source`` and ``group`` postings, that was one posting
list per distinct date in every segment: 4,060 dates × 7 segments, 1.0 s of CPU in every
``fahras search`` at 10,000 realistic articles (dates over 13 years), most of a cold
command's time (issue 18). A segment never changes once written, so its columns are
computed once, when the index is built or added to (``write_missing``, called with the
entity sets' ``entity_sets.write_missing``, for the segments a commit made, merged ones
included), and kept as ``<segment id>.news`` (see index/segment_files.py). A segment
without the file (an index written by an older fahras, a commit killed before it was
written) or with a damaged one has its columns read from its postings, as before.

Layout: ``MAGIC``, the header length, the JSON header (``{"docs": n, "sources": [...],
"groups": [...]}``), then three int32 arrays (little-endian) of ``n`` each: the date as
``YYYYMMDD`` (0: unknown), the number of the source in ``sources`` and of the copy group
in ``groups`` (-1: none).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..codec import posting_arrays
from ..segment_files import beside, read_file, write_atomically

MAGIC = b"FHRNEWS1\n"
SUFFIX = "news"
NONE = -1
#: The three columns, in the file's order.
_COLUMNS = 3


@dataclass(frozen=True)
class SegmentColumns:
    """One segment's columns, in its own document numbers."""

    dates: np.ndarray
    sources: np.ndarray
    source_names: tuple[str, ...]
    groups: np.ndarray
    group_names: tuple[str, ...]

    def __eq__(self, other: object) -> bool:
        return isinstance(other, SegmentColumns) and all(
            np.array_equal(mine, theirs) if isinstance(mine, np.ndarray) else mine == theirs
            for mine, theirs in zip(self._parts(), other._parts(), strict=True))

    def _parts(self) -> tuple:
        return (self.dates, self.sources, self.source_names, self.groups, self.group_names)


def columns_file(reader) -> Path | None:
    """Where a segment reader's columns are kept (None: not a segment in a folder)."""
    return beside(reader, SUFFIX)


def segment_columns(reader) -> SegmentColumns:
    """A segment's columns: from its file, else from its postings."""
    path = columns_file(reader)
    found = read_columns(path, reader.doc_count_all()) if path is not None else None
    return found if found is not None else postings_columns(reader)


def postings_columns(reader) -> SegmentColumns:
    """A segment's columns read from its ``date``, ``source`` and ``group`` postings."""
    size = reader.doc_count_all()
    dates = np.zeros(size, dtype=np.int32)
    for term, ids in _postings(reader, "date"):
        dates[ids] = int(term.replace("-", "")) if _is_iso(term) else 0
    sources, source_names = _numbered(reader, "source", size)
    groups, group_names = _numbered(reader, "group", size)
    return SegmentColumns(dates=dates, sources=sources, source_names=source_names,
                          groups=groups, group_names=group_names)


def _numbered(reader, fieldname: str, size: int) -> tuple[np.ndarray, tuple[str, ...]]:
    """Each document's term of an ID field as its number among the field's terms."""
    numbers = np.full(size, NONE, dtype=np.int32)
    names: list[str] = []
    for term, ids in _postings(reader, fieldname):
        numbers[ids] = len(names)
        names.append(term)
    return numbers, tuple(names)


def _postings(reader, fieldname: str):
    if fieldname not in reader.indexed_field_names():
        return
    for term in reader.lexicon(fieldname):
        text = term.decode("utf-8") if isinstance(term, bytes) else term
        ids, _ = posting_arrays(reader.postings(fieldname, text))
        yield text, ids.astype(np.int64)


def _is_iso(term: str) -> bool:
    return len(term) == 10 and term[4] == "-" and term[7] == "-" and \
        term.replace("-", "").isdigit()


def read_columns(path: Path, size: int) -> SegmentColumns | None:
    """The columns in a file for a segment of ``size`` documents; None when it is
    missing, not whole or not this segment's."""
    found = read_file(path, MAGIC)
    if found is None:
        return None
    header, data, start = found
    try:
        docs, sources, groups = header["docs"], header["sources"], header["groups"]
        arrays = np.frombuffer(data, dtype="<i4", offset=start)
    except (KeyError, TypeError, ValueError):
        return None
    if docs != size or len(arrays) != _COLUMNS * size or not _names(sources, groups):
        return None
    dates, source_numbers, group_numbers = (arrays[i * size:(i + 1) * size]
                                            for i in range(_COLUMNS))
    if not (_within(source_numbers, len(sources)) and _within(group_numbers, len(groups))):
        return None
    return SegmentColumns(dates=dates, sources=source_numbers, source_names=tuple(sources),
                          groups=group_numbers, group_names=tuple(groups))


def _names(*lists: object) -> bool:
    return all(isinstance(names, list) and all(isinstance(n, str) for n in names)
               for names in lists)


def _within(numbers: np.ndarray, count: int) -> bool:
    """Every number is a name's or NONE (a damaged file could point anywhere)."""
    return not len(numbers) or (int(numbers.min()) >= NONE and int(numbers.max()) < count)


def write_columns(reader) -> None:
    """Write a segment's columns beside it, atomically."""
    path = columns_file(reader)
    if path is None:
        return
    columns = postings_columns(reader)
    header = {"docs": len(columns.dates), "sources": list(columns.source_names),
              "groups": list(columns.group_names)}
    write_atomically(path, MAGIC, header, (
        array.astype("<i4").tobytes()
        for array in (columns.dates, columns.sources, columns.groups)))


def write_missing(reader) -> bool:
    """Write a segment's columns unless a whole file of them is there; whether written."""
    path = columns_file(reader)
    if path is None or read_columns(path, reader.doc_count_all()) is not None:
        return False
    write_columns(reader)
    return True
