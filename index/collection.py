"""The user's collection of marked passages, kept beside the index (not inside it).

It survives restarts and rebuilds of the index: each passage is stored whole (text, hits,
citation), so it never depends on the index it came from. Writes are atomic.

Nothing marked is ever lost, whatever happens to ``collection.json``:
- every save first keeps the previous file as ``collection.json.bak`` (a hard link, so it
  costs nothing), then renames the new file over the old one;
- a file that is damaged (not JSON, not the expected shape, or with passages that lack
  fields) is read as far as it goes: the readable passages are used and the rest reported
  in one line. The file itself is left as it is until the collection changes; then it is
  first moved aside to ``collection.damaged-<time>.json`` (a new name, never reused), and
  a file that could not be read at all is replaced by the passages of the backup;
- ``collection.recovered.json``, where older versions put a collection they could not
  read, is merged in and then moved aside the same way;
- two sessions on one index (two explorers, or an explorer and ``fahras export``) never
  overwrite each other's marks: each change is applied to the file as it is on disk
  (read again when another session changed it), under a lock held for the read and the
  write.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from dataclasses import asdict
from datetime import datetime
from pathlib import Path

import filelock

from .models import Mention, Passage
from .safe_text import json_safe

FILE_NAME = "collection.json"
BACKUP_SUFFIX = ".bak"
LEGACY_RECOVERED = "collection.recovered.json"
#: Seconds to wait for another session's save (a save takes milliseconds).
LOCK_TIMEOUT = 10


class CollectionError(Exception):
    """The collection could not be saved; the message names the file and why."""


class Collection:
    """Marked passages in the order they were marked."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.problem = ""
        self._set_aside: list[Path] = []  # files to move aside before the next save
        self._passages: dict[str, Passage] = self._load()
        self._seen = _stamp(self.path)  # the file as this session last read or wrote it

    @classmethod
    def beside(cls, index_dir: Path) -> Collection:
        """The collection kept in an index directory, beside the index generations."""
        return cls(Path(index_dir) / FILE_NAME)

    @property
    def backup(self) -> Path:
        """The previous state of the collection file."""
        return self.path.with_name(self.path.name + BACKUP_SUFFIX)

    def _load(self) -> dict[str, Passage]:
        passages, problems = self._read(self.path)
        if problems and passages is None:
            restored, _ = self._read(self.backup)
            passages = restored or []
            problems.append(f"{len(passages)} passages restored from {self.backup.name}")
        legacy = self.path.with_name(LEGACY_RECOVERED)
        if legacy.exists():
            merged, trouble = self._read(legacy)
            if merged is not None:
                passages = [*(passages or []), *merged]
                problems.append(f"{len(merged)} passages merged from {legacy.name}")
                self._set_aside.append(legacy)
            problems += trouble
        if problems:
            self.problem = f"{self.path}: " + "; ".join(problems)
        return {p.key: p for p in passages or []}

    def _read(self, path: Path) -> tuple[list[Passage] | None, list[str]]:
        """The readable passages of a file (None when none can be read) and what was wrong."""
        try:
            data = json.loads(path.read_text("utf-8"))
        except FileNotFoundError:
            return [], []
        except (OSError, ValueError) as error:
            self._set_aside.append(path)
            return None, [f"unreadable ({error}); kept as it is until the collection "
                          "changes, then as collection.damaged-….json"]
        items = data.get("passages") if isinstance(data, dict) else data
        if not isinstance(items, list):
            self._set_aside.append(path)
            return None, ["not a collection (no list of passages); kept as it is until "
                          "the collection changes, then as collection.damaged-….json"]
        passages = [p for p in map(_passage, items) if p is not None]
        if len(passages) < len(items):
            self._set_aside.append(path)
            return passages, [f"{len(items) - len(passages)} of {len(items)} passages "
                              "unreadable and left out; the file is kept as "
                              "collection.damaged-….json at the next change"]
        return passages, []

    def __len__(self) -> int:
        return len(self._passages)

    def __iter__(self):
        return iter(list(self._passages.values()))

    def __contains__(self, passage: Passage) -> bool:
        return passage.key in self._passages

    def marked_paragraphs(self, article_id: str) -> set[int]:
        """Paragraph numbers of an article that have a marked passage."""
        return {p.paragraph for p in self._passages.values() if p.article_id == article_id}

    def toggle(self, passage: Passage) -> bool:
        """Mark or unmark; True when the passage is now marked."""
        if passage.key in self._passages:
            self._change(lambda marked: marked.pop(passage.key))
            return False
        self._change(lambda marked: marked.__setitem__(passage.key, passage))
        return True

    def add(self, passages: list[Passage]) -> int:
        """Mark several passages; how many were new."""
        new = [p for p in passages if p.key not in self._passages]
        self._change(lambda marked: marked.update((p.key, p) for p in new))
        return len(new)

    def remove(self, key: str) -> None:
        """Unmark one passage by its key."""
        self._change(lambda marked: marked.pop(key, None))

    def clear(self) -> None:
        """Unmark everything."""
        self._change(lambda marked: marked.clear())

    def _change(self, change) -> None:
        """Apply ``change`` to the collection as it is on disk and save; if saving fails,
        the collection stays as it was."""
        before = dict(self._passages)
        try:
            with filelock.FileLock(str(self.path.with_name(self.path.name + ".lock")),
                                   timeout=LOCK_TIMEOUT):
                self._catch_up()
                change(self._passages)
                self.save()
        except filelock.Timeout:
            self._passages = before
            raise CollectionError(f"{self.path}: another fahras is saving the collection; "
                                  "nothing was changed, try again") from None
        except OSError as error:  # the lock file itself cannot be made: a read-only folder
            self._passages = before
            raise CollectionError(f"{self.path}: cannot save the collection "
                                  f"({error.strerror or error}); nothing was changed"
                                  ) from None
        except CollectionError:
            self._passages = before
            raise

    def _catch_up(self) -> None:
        """Read the file again if another session saved it since this one did."""
        if self._set_aside or _stamp(self.path) == self._seen:
            return  # a damaged file is never re-read: this session's passages stand
        passages, problems = self._read(self.path)
        if passages is not None and not problems:
            self._passages = {p.key: p for p in passages}

    def save(self) -> None:
        """Write atomically (a temporary file, then a rename), the previous file kept as
        the backup; raises ``CollectionError`` with a one-line message."""
        try:
            self._set_damaged_aside()
            self._write()
            self._seen = _stamp(self.path)
        except OSError as error:
            raise CollectionError(f"{self.path}: cannot save the collection "
                                  f"({error.strerror or error}); nothing was changed"
                                  ) from None

    def _set_damaged_aside(self) -> None:
        while self._set_aside:
            damaged = self._set_aside[0]
            if damaged.exists():
                os.replace(damaged, _unused_name(self.path.parent, damaged))
            self._set_aside.pop(0)

    def _write(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        data = {"version": 1, "passages": [asdict(p) for p in self._passages.values()]}
        fd, temp = tempfile.mkstemp(dir=self.path.parent, prefix=".collection-", suffix=".json")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                # JSON escapes for what UTF-8 cannot carry (a lone surrogate): it reads back.
                out.write(json_safe(json.dumps(data, ensure_ascii=False, indent=1)))
            if self.path.exists():
                _keep_backup(self.path, self.backup)
            os.replace(temp, self.path)
        finally:
            Path(temp).unlink(missing_ok=True)


def _stamp(path: Path) -> tuple[int, int, int] | None:
    """What tells one version of a file from another: inode, size and change time."""
    try:
        status = path.stat()
    except OSError:
        return None
    return status.st_ino, status.st_size, status.st_mtime_ns


def _keep_backup(path: Path, backup: Path) -> None:
    staged = backup.with_name(backup.name + ".new")
    staged.unlink(missing_ok=True)
    try:
        os.link(path, staged)  # the same bytes, no copy
    except OSError:
        shutil.copy2(path, staged)  # a file system without hard links
    os.replace(staged, backup)


def _unused_name(folder: Path, damaged: Path) -> Path:
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    for n in range(1000):
        candidate = folder / f"collection.damaged-{stamp}{f'-{n}' if n else ''}.json"
        if not candidate.exists():
            return candidate
    raise FileExistsError(f"no free name for {damaged}")


def _passage(item) -> Passage | None:
    """A passage from its stored form, or None when a field is missing or of the wrong kind."""
    try:
        return Passage(
            article_id=str(item["article_id"]), title=str(item["title"]),
            author=str(item["author"]), path=str(item["path"]),
            paragraph=int(item["paragraph"]), start=int(item["start"]), text=str(item["text"]),
            hits=tuple((int(s), int(e)) for s, e in item["hits"]),
            mentions=tuple(Mention(**m) for m in item["mentions"]),
            source=str(item.get("source", "")), date=str(item.get("date", "")),
        )
    except (KeyError, TypeError, ValueError, AttributeError):
        return None
