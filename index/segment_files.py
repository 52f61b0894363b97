"""Files fahras keeps beside a Whoosh segment: where they go and how they are written.

A segment never changes once written, so what a search needs from all of its postings
(each entity's documents, every document's date, source and copy group) is computed once,
when the segment is written, and kept as ``<segment id>.<suffix>`` beside the segment's
own files. The name follows Whoosh's pattern for a segment's files, so Whoosh deletes the
file with its segment, the generation record lists and hashes it
(``generation.files_of``) and ``fahras index --check`` names it when damaged. The files
are index/entity_sets.py's and index/news/segment_columns.py's.

Layout shared by both: a magic line, the length of a JSON header (8 bytes,
little-endian), the header, then arrays end to end.
"""

from __future__ import annotations

import contextlib
import json
import os
import struct
import tempfile
from collections.abc import Iterable
from pathlib import Path

LENGTH = struct.Struct("<Q")


def beside(reader, suffix: str) -> Path | None:
    """Where a segment reader's ``suffix`` file is kept (None: not a segment in a folder)."""
    segment = reader.segment()
    storage = reader.storage()
    storage = getattr(storage, "b", storage)  # a compound segment's overlay
    folder = getattr(storage, "folder", None)
    if segment is None or folder is None:
        return None
    return Path(folder) / f"{segment.segment_id()}.{suffix}"


def write_atomically(path: Path, magic: bytes, header: dict, arrays: Iterable[bytes]) -> None:
    """Write ``magic``, the header and the arrays' bytes to ``path`` through a temporary
    file and a rename, so a reader never sees half of it."""
    encoded = json.dumps(header, ensure_ascii=False).encode("utf-8")
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=".fahras-", suffix=path.suffix)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(magic + LENGTH.pack(len(encoded)) + encoded)
            for chunk in arrays:
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise


def read_header(data: bytes, magic: bytes) -> tuple[dict, int] | None:
    """The JSON header of a file's bytes and where its arrays start; None when the bytes
    are not such a file."""
    if not data.startswith(magic):
        return None
    start = len(magic) + LENGTH.size
    try:
        (size,) = LENGTH.unpack_from(data, len(magic))
        header = json.loads(data[start:start + size])
    except (ValueError, struct.error):
        return None
    return (header, start + size) if isinstance(header, dict) else None


def read_file(path: Path, magic: bytes) -> tuple[dict, bytes, int] | None:
    """A segment file's header, its bytes and where its arrays start; None when it is
    missing, unreadable or not such a file (the caller then reads the postings)."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    found = read_header(data, magic)
    if found is None:
        return None
    header, start = found
    return header, data, start
