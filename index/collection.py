"""The user's collection of marked passages, kept beside the index (not inside it).

It survives restarts and rebuilds of the index: each passage is stored whole (text, hits,
citation), so it never depends on the index it came from. Writes are atomic.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import asdict
from pathlib import Path

from .models import Mention, Passage

FILE_NAME = "collection.json"


class Collection:
    """Marked passages in the order they were marked."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.problem = ""
        self._passages: dict[str, Passage] = self._load()

    @classmethod
    def beside(cls, index_dir: Path) -> Collection:
        """The collection kept in an index directory, beside the index generations."""
        return cls(Path(index_dir) / FILE_NAME)

    def _load(self) -> dict[str, Passage]:
        try:
            data = json.loads(self.path.read_text("utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, ValueError) as error:
            # Keep the unreadable file for the user; start empty rather than lose it.
            self.problem = f"{self.path}: unreadable collection ({error}); it was left untouched"
            self.path = self.path.with_name(self.path.stem + ".recovered.json")
            return {}
        passages = [_passage(item) for item in data.get("passages", [])]
        return {p.key: p for p in passages}

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
            del self._passages[passage.key]
            self.save()
            return False
        self._passages[passage.key] = passage
        self.save()
        return True

    def add(self, passages: list[Passage]) -> int:
        """Mark several passages; how many were new."""
        new = [p for p in passages if p.key not in self._passages]
        self._passages.update((p.key, p) for p in new)
        self.save()
        return len(new)

    def remove(self, key: str) -> None:
        """Unmark one passage by its key."""
        self._passages.pop(key, None)
        self.save()

    def clear(self) -> None:
        """Unmark everything."""
        self._passages.clear()
        self.save()

    def save(self) -> None:
        """Write atomically: a temporary file, then a rename."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        data = {"version": 1, "passages": [asdict(p) for p in self._passages.values()]}
        fd, temp = tempfile.mkstemp(dir=self.path.parent, prefix=".collection-", suffix=".json")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                json.dump(data, out, ensure_ascii=False, indent=1)
            os.replace(temp, self.path)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise


def _passage(item: dict) -> Passage:
    return Passage(
        article_id=item["article_id"], title=item["title"], author=item["author"],
        path=item["path"], paragraph=item["paragraph"], start=item["start"], text=item["text"],
        hits=tuple(tuple(h) for h in item["hits"]),
        mentions=tuple(Mention(**m) for m in item["mentions"]),
        source=item.get("source", ""), date=item.get("date", ""),
    )
