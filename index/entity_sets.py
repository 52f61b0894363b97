"""Each segment's entity document sets, written beside the segment when it is built.

Filters and facets need, for every entity, the documents that mention it. Reading them
from every segment's ``entities`` postings took 0.69 s of a 0.76 s ``fahras search`` at
100,000 articles (about 149 entities × 50 segments, in every process: issue 18). A
segment never changes once written (its deletions are kept apart, in
``ranking.IndexArrays.live``), so its sets are written once, when the index is built or
added to, as ``<segment id>.entities`` beside the segment's own files. The name follows
Whoosh's pattern for a segment's files: Whoosh deletes the file with its segment, the
generation record lists and hashes it (``generation.files_of``), and ``fahras index
--check`` names it when damaged. A segment without the file (a commit killed before it
was written) or with a damaged one has its sets read from its postings, as before.

Layout: ``MAGIC``, the length of a JSON header (8 bytes, little-endian), the header
(``{"entities": [...], "counts": [...]}``), then every entity's document numbers in the
segment (uint32, little-endian) end to end, in the header's order.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from .codec import posting_arrays
from .news import segment_columns
from .segment_files import beside, read_file, write_atomically

MAGIC = b"FHRENT1\n"
SUFFIX = "entities"

Sets = dict[str, np.ndarray]


def postings_sets(reader) -> Sets:
    """Entity id → the segment's documents that mention it (uint32, in order), read from
    the segment's ``entities`` postings."""
    if "entities" not in reader.indexed_field_names():
        return {}
    sets = {}
    for term in reader.lexicon("entities"):
        entity_id = term.decode("utf-8") if isinstance(term, bytes) else term
        ids, _ = posting_arrays(reader.postings("entities", entity_id))
        sets[entity_id] = ids.astype("<u4")
    return sets


def sets_file(reader) -> Path | None:
    """Where a segment reader's sets are kept (None: not a segment in a folder)."""
    return beside(reader, SUFFIX)


def segment_sets(reader) -> Sets:
    """A segment's entity sets: from its file, else from its postings."""
    path = sets_file(reader)
    found = read_sets(path) if path is not None else None
    return found if found is not None else postings_sets(reader)


def read_sets(path: Path) -> Sets | None:
    """The sets in a file; None when it is missing or not whole."""
    found = read_file(path, MAGIC)
    if found is None:
        return None
    header, data, start = found
    try:
        names, counts = header["entities"], header["counts"]
        docs = np.frombuffer(data, dtype="<u4", offset=start)
    except (ValueError, KeyError, TypeError):
        return None
    if len(names) != len(counts) or sum(counts) != len(docs):
        return None
    ends = np.cumsum(counts).tolist()
    return {name: docs[end - count:end] for name, count, end in zip(names, counts, ends)}


def write_sets(reader) -> None:
    """Write a segment's sets beside it, atomically (a temporary file, then a rename)."""
    path = sets_file(reader)
    if path is None:
        return
    sets = postings_sets(reader)
    header = {"entities": list(sets), "counts": [len(d) for d in sets.values()]}
    write_atomically(path, MAGIC, header, (d.astype("<u4").tobytes() for d in sets.values()))


def write_missing(index) -> int:
    """Write the sets of every segment of an index that has none, and its news columns
    (index/news/segment_columns.py) if it has none; how many sets were written (a
    rebuild writes all, an addition only its new segment's)."""
    written = 0
    with index.searcher() as searcher:
        for sub, _ in searcher.leaf_searchers():
            reader = sub.reader()
            path = sets_file(reader)
            if path is not None and read_sets(path) is None:
                write_sets(reader)
                written += 1
            segment_columns.write_missing(reader)  # its dates, sources and copy groups
    return written
