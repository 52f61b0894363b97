"""Every use fahras makes of Whoosh's private (``_``-prefixed) API, in one place.

Whoosh's public extension points (``Codec``, ``Format``, ``Filter``, ``Collector``) do not
reach what fahras needed for speed: posting blocks as flat arrays (index/codec.py: with
Whoosh's own blocks, reading a common word's postings at 100,000 articles took 86 ms),
a whole column of document lengths read at once (index/ranking.py: Whoosh's public
``doc_field_length`` reads one document per call), and a build that writes each term's
postings in one go (index/writer.py: Whoosh's sorting pool was about half of a build's
time). Each needs a name Whoosh keeps private, so:

- ``pyproject.toml`` pins whoosh-reloaded to ``WHOOSH_VERSION`` exactly;
- every private name is listed here as data (``OVERRIDDEN``, ``INHERITED``,
  ``POSTING_POOL``), with the fahras feature that relies on it; the subclasses in
  codec.py and writer.py override or read only names listed here;
- everything else goes through the small accessors below;
- tests/index/test_whoosh_private.py checks each listed name on the installed Whoosh and
  says which feature breaks, and that no other module of ``index/`` reaches a private
  Whoosh name.
"""

from __future__ import annotations

from dataclasses import dataclass

from whoosh.codec import whoosh3
from whoosh.index import FileIndex
from whoosh.reading import SegmentReader
from whoosh.writing import PostingPool, SegmentWriter

#: The Whoosh release every name below was checked against (pinned in pyproject.toml).
WHOOSH_VERSION = "2.7.5"


@dataclass(frozen=True)
class Private:
    """A private Whoosh name fahras relies on: where Whoosh defines it, and what in
    fahras breaks when a Whoosh release renames or removes it."""

    owner: type
    names: tuple[str, ...]
    feature: str


_ARRAY_BLOCKS = "the array posting blocks (index/codec.py: building and reading the index)"
_LENGTHS = "document lengths for ranking (index/ranking.py: every search)"
_GROUPED_BUILD = "the term-grouped build (index/writer.py: every index write)"

#: Methods fahras's subclasses override: Whoosh calls them itself, at fixed points.
OVERRIDDEN: tuple[Private, ...] = (
    # finish_postings calls _write_block(last=True) for a term's last block.
    Private(whoosh3.W3PostingsWriter, ("_write_block",), _ARRAY_BLOCKS),
    # __init__ calls _read_header; reset and next_block call _goto; id(), weight() and
    # value() call _read_ids, _read_weights and _read_values, which call _read_data.
    Private(whoosh3.W3LeafMatcher,
            ("_read_header", "_goto", "_read_data", "_read_ids", "_read_weights",
             "_read_values"), _ARRAY_BLOCKS),
    # commit calls _flush_segment (through _finalize_segment) to write the postings.
    Private(SegmentWriter, ("_flush_segment",), _GROUPED_BUILD),
)

#: Instance fields (and one helper method) the subclasses read or set as Whoosh's own
#: methods do, so that the methods they do not override keep working.
INHERITED: tuple[Private, ...] = (
    Private(whoosh3.W3FieldWriter, ("_postwriter",), _ARRAY_BLOCKS),
    Private(whoosh3.W3PostingsWriter,
            ("_blockcount", "_blocklimit", "_compression", "_ids", "_maxlength",
             "_maxweight", "_minlength", "_postfile", "_terminfo", "_values", "_weights",
             "_new_block"), _ARRAY_BLOCKS),
    Private(whoosh3.W3LeafMatcher,
            ("_baseoffset", "_blocklength", "_compression", "_data", "_dataoffset", "_i",
             "_ids", "_lastblock", "_length", "_maxid", "_maxlength", "_maxweight",
             "_minlength", "_nextoffset", "_postfile", "_startoffset", "_values",
             "_weights"), _ARRAY_BLOCKS),
    # writer.TermGroupingWriter.add_document does what SegmentWriter.add_document does
    # before and after adding fields: the same checks and the same "something added" flag.
    Private(SegmentWriter, ("_check_state", "_check_fields", "_added"), _GROUPED_BUILD),
)

#: What SegmentWriter asks of its ``pool`` (a PostingPool), which writer.TermPool
#: implements instead: Whoosh documents no such interface.
POSTING_POOL = Private(PostingPool, ("add", "iter_postings", "cleanup"), _GROUPED_BUILD)

#: Methods the accessors below call.
ACCESSED: tuple[Private, ...] = (
    Private(FileIndex, ("_segments",),
            "checking, repairing and reading back a generation (index/generation.py)"),
    Private(SegmentWriter, ("_finalize_segment", "_finish"),
            "parallel builds and cancelling a build (index/building.py, index/writer.py)"),
    Private(whoosh3.W3PerDocReader, ("_cached_reader",), _LENGTHS),
)
#: The segment reader's per-document reader, where the lengths columns are.
READER_FIELDS = Private(SegmentReader, ("_perdoc",), _LENGTHS)
#: The module-level helper of whoosh.codec.whoosh3 that names a field's lengths column.
LENGTH_COLUMN_NAME = "_lenfield"
#: Fields of the lengths column's reader (a ``whoosh.columns`` fixed-width column).
COLUMN_FIELDS = ("_basepos", "_count", "_dbfile")
#: The keyword argument that makes a SegmentWriter take no lock.
NO_LOCK = "_lk"


def segments(index: FileIndex) -> list:
    """The segments an index's table of contents lists, none of them opened.

    Relies on ``FileIndex._segments`` (reads the TOC only): a damaged segment must be
    named, not opened, and Whoosh's public ``reader()`` opens them all.
    """
    return index._segments()


def finalize_segment(writer: SegmentWriter):
    """Write a writer's segment and return it, without committing a table of contents.

    Relies on ``SegmentWriter._finalize_segment``: a parallel build's worker hands its
    segments to the parent, which commits one table of contents for all of them.
    """
    return writer._finalize_segment()


def release(writer: SegmentWriter) -> None:
    """Delete a writer's temporary files and release its lock, whatever state it is in.

    Relies on ``SegmentWriter._finish``: after a finalised segment (no commit follows)
    and after a failed ``cancel`` (a full disk), nothing public does this.
    """
    writer._finish()


def unlocked_writer(writer_class: type[SegmentWriter], index: FileIndex,
                    **kwargs) -> SegmentWriter:
    """A segment writer that takes no write lock (``_lk=False``).

    For parallel builds' workers: the parent holds the store's lock, and each worker
    writes its own segments into a generation folder nothing else uses.
    """
    return writer_class(index, **{NO_LOCK: False}, **kwargs)


def length_column_bytes(reader, fieldname: str, count: int) -> bytes | None:
    """The raw length bytes of a segment's documents in a field (one per document, at
    most ``count``; fewer when the last documents have none), or None when the reader is
    not a Whoosh 3 segment's.

    Relies on ``W3PerDocReader._cached_reader`` and ``whoosh3._lenfield`` (the column of
    a field's lengths) and on the column reader's ``_dbfile``, ``_basepos`` and
    ``_count``: Whoosh's public ``doc_field_length`` reads one document per call.
    """
    perdoc = getattr(reader, "_perdoc", None)
    column_reader = getattr(perdoc, "_cached_reader", None)
    if column_reader is None:
        return None
    column_name = getattr(whoosh3, LENGTH_COLUMN_NAME)(fieldname)
    column = column_reader(column_name, whoosh3.LENGTHS_COLUMN)
    if column is None:
        return None
    stored = min(column._count, count)
    return column._dbfile.get(column._basepos, stored)
