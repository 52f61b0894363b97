"""A generation on disk: its files, what is damaged in it, and the articles it stores.

A generation (``gen-<n>/`` in the index directory) is a Whoosh index of fahras's codec
plus its record (``generation.json``, see manifest.py). Whoosh raises whatever the damaged
bytes happen to cause (``UnpicklingError``, ``EOFError``, ``struct.error``, ``OSError``,
``AttributeError``…), so every reader here catches broadly and names the file instead.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from whoosh.filedb.filestore import FileStorage
from whoosh.index import FileIndex
from whoosh.reading import SegmentReader

from .manifest import RECORD, GenerationRecord, ManifestError
from .models import Article
from .schema import to_article
from .whoosh_private import segments

INDEX_NAME = "MAIN"


def storage(folder: Path) -> FileStorage:
    """A generation's storage."""
    # Without mmap: memory-mapped segments count as resident memory (250 MB of a 10,000
    # article search process's 300 MB), and reading through the page cache is as fast.
    return FileStorage(str(folder), supports_mmap=False)


def files_of(folder: Path, index: FileIndex) -> list[str]:
    """The files a generation's table of contents needs: itself and its segments'."""
    names = [f"_{INDEX_NAME}_{index.latest_generation()}.toc"]
    present = sorted(p.name for p in folder.iterdir())
    for segment in segments(index):
        prefix = f"{segment.segment_id()}."
        mine = [name for name in present if name.startswith(prefix)]
        names += mine or [f"{prefix}seg"]
    return names


def inspect(folder: Path, *, full: bool = False) -> tuple[dict[str, str], FileIndex | None]:
    """A generation's damaged files (name → one line) and its index, if it opens: sizes
    against its record (and hashes with ``full``), then each segment's table of files."""
    if not folder.is_dir():
        return {folder.name: f"{folder}: missing"}, None
    try:
        index = storage(folder).open_index()
        names = files_of(folder, index)
    except Exception as error:  # Whoosh's TOC reader raises whatever unpickling raises
        toc = sorted(folder.glob(f"_{INDEX_NAME}_*.toc"))
        where = toc[-1] if toc else folder / f"_{INDEX_NAME}_1.toc"
        return {where.name: f"{where}: unreadable ({type(error).__name__})"}, None
    try:
        record = GenerationRecord.load(folder) or GenerationRecord()
    except ManifestError as error:
        return {RECORD: str(error)}, index
    return record.damaged(folder, names, full=full) or _unopenable(index, names), index


def _unopenable(index: FileIndex, names: list[str]) -> dict[str, str]:
    """Segments that cannot be opened (a file overwritten in place, which its size does
    not show). A compound segment's table of files, at its end, is read alone: 3 ms for
    50 segments, where opening their readers took 69 ms (benchmarks/integrity.py)."""
    folder = Path(index.storage.folder)
    for segment in segments(index):
        try:
            if segment.is_compound():
                segment.open_compound_file(index.storage).close()
            else:
                SegmentReader(index.storage, index.schema, segment).close()
        except Exception as error:  # whatever the damaged bytes make Whoosh raise
            name = _segment_file(names, segment)
            return {name: f"{folder / name}: damaged ({type(error).__name__})"}
    return {}


def _segment_file(names: list[str], segment) -> str:
    """The file a segment's damage is named by: its own (``.seg``), not one beside it
    (its entity sets, index/entity_sets.py)."""
    mine = [n for n in names if n.startswith(f"{segment.segment_id()}.")]
    return next((n for n in mine if n.endswith(".seg")), mine[0] if mine else "")


def stored_articles(index: FileIndex, skip: frozenset[str] | set[str] = frozenset()
                    ) -> tuple[list[Article], list[str]]:
    """The articles stored in an index, segment by segment; unreadable ones named."""
    folder = Path(index.storage.folder)
    names = files_of(folder, index)
    articles, problems = [], []
    for segment in segments(index):
        name = _segment_file(names, segment)
        if name in skip:
            continue
        try:
            reader = SegmentReader(index.storage, index.schema, segment)
            try:
                stored = [fields for _, fields in reader.iter_docs()]
            finally:
                reader.close()
        except Exception as error:  # a damaged segment raises whatever its bytes cause
            problems.append(f"{folder / name}: unreadable ({type(error).__name__})")
            continue
        unusable = 0
        for fields in stored:
            try:
                articles.append(to_article(fields))
            except (KeyError, ValueError, TypeError):  # stored by an older fahras
                unusable += 1
        if unusable:
            problems.append(f"{folder / name}: {unusable} stored articles cannot be read")
    return articles, problems


def listed(index: FileIndex | None) -> int:
    """The live articles a table of contents lists (its segments' counts, no segment
    opened: one may be damaged)."""
    return sum(segment.doc_count() for segment in segments(index)) if index else 0


def remove_orphans(folder: Path) -> None:
    """Delete what a failed commit left in a generation: files its TOC does not list."""
    try:
        index = storage(folder).open_index(INDEX_NAME)
        keep = {*files_of(folder, index), RECORD, f"{INDEX_NAME}_WRITELOCK"}
    except Exception:  # the generation is unreadable: nothing can be judged an orphan
        return
    for entry in folder.iterdir():
        if entry.name in keep:
            continue
        if entry.is_dir():
            shutil.rmtree(entry, ignore_errors=True)
        else:
            entry.unlink(missing_ok=True)
