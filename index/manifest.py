"""What the index holds and where it came from: the manifest and each generation's record.

``manifest.json`` in the index directory maps each original file read (its absolute,
resolved path) to the articles it gave, id → content hash, and is rewritten after every
commit. A rebuild reads these files again instead of trusting the stored copies: before
it, a truncated segment made a rebuild carry over "0 articles" and delete the previous
generation. It lives beside the generations, not inside one, so that it outlives a
generation that was deleted or damaged.

``gen-<n>/generation.json`` is written once the generation is complete and verified (it
marks it complete), and again after every commit to it: the schema and catalogue it was
built with, how many articles it holds, and each of its files with size and BLAKE2b hash.
Opening the index compares sizes (a stat per file); ``fahras index --check`` compares
hashes as well. Whoosh never rewrites a segment file (a change is a new file), so a commit
hashes only its new files (about 1 s per GB).
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

NAME = "manifest.json"
RECORD = "generation.json"
VERSION = 1


class ManifestError(Exception):
    """A manifest or generation record cannot be read; the message says why, in one line."""


def _read(path: Path) -> dict | None:
    try:
        raw = json.loads(path.read_text("utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as error:
        raise ManifestError(f"{path}: unreadable ({error})") from None
    except RecursionError:
        raise ManifestError(f"{path}: unreadable (nested too deep)") from None
    if not isinstance(raw, dict) or raw.get("version") != VERSION:
        raise ManifestError(f"{path}: not a file fahras wrote")
    return raw


def _write(path: Path, record: dict) -> None:
    """Write JSON atomically (a temporary file, then a rename)."""
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=".fahras-", suffix=".json")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump({"version": VERSION, **record}, out, ensure_ascii=False)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


@dataclass
class Manifest:
    """Each source file read and the articles it gave (id → content hash)."""

    sources: dict[str, dict[str, str]] = field(default_factory=dict)

    @classmethod
    def load(cls, directory: Path) -> Manifest | None:
        """The manifest of an index directory; None when there is none."""
        raw = _read(directory / NAME)
        if raw is None:
            return None
        try:
            return cls({str(source): {str(i): str(h) for i, h in articles.items()}
                        for source, articles in raw["sources"].items()})
        except (TypeError, KeyError, AttributeError):
            raise ManifestError(f"{directory / NAME}: not a file fahras wrote") from None

    def save(self, directory: Path) -> None:
        """Write the manifest atomically."""
        _write(directory / NAME, {"sources": self.sources})

    def source_of(self) -> dict[str, str]:
        """Article id → the source file it was read from."""
        return {article: source for source, articles in self.sources.items()
                for article in articles}

    def record(self, sources: dict[str, dict[str, str]]) -> None:
        """The articles each source file gave in this run (none: it is forgotten)."""
        for source, articles in sources.items():
            if articles:
                self.sources[source] = dict(articles)
            else:
                self.sources.pop(source, None)


@dataclass
class GenerationRecord:
    """A complete generation: how it was built, its size, its files' sizes and hashes."""

    schema: int | None = None
    catalogue: str | None = None
    count: int = 0
    files: dict[str, tuple[int, str]] = field(default_factory=dict)

    @classmethod
    def load(cls, folder: Path) -> GenerationRecord | None:
        """The record of a generation; None when it has none (not complete, or older)."""
        raw = _read(folder / RECORD)
        if raw is None:
            return None
        try:
            files = {str(n): (int(size), str(digest)) for n, (size, digest) in raw["files"].items()}
            return cls(raw.get("schema"), raw.get("catalogue"), int(raw["count"]), files)
        except (TypeError, KeyError, ValueError, AttributeError):
            raise ManifestError(f"{folder / RECORD}: not a file fahras wrote") from None

    def save(self, folder: Path) -> None:
        """Write the record atomically."""
        _write(folder / RECORD, {"schema": self.schema, "catalogue": self.catalogue,
                                 "count": self.count,
                                 "files": {n: list(v) for n, v in sorted(self.files.items())}})

    def record_files(self, folder: Path, names: list[str]) -> None:
        """Sizes and hashes of a generation's files; files already known keep theirs."""
        files = {}
        for name in names:
            size = (folder / name).stat().st_size
            known = self.files.get(name)
            files[name] = known if known and known[0] == size else (size, file_hash(folder / name))
        self.files = files

    def damaged(self, folder: Path, names: list[str], *, full: bool = False) -> dict[str, str]:
        """File name → one line, for each of ``names`` that is missing or differs from
        what was recorded: by size, or by hash too with ``full``. Files not recorded (a
        commit killed before its record was written) are not judged."""
        problems = {}
        for name in names:
            path = folder / name
            try:
                size = path.stat().st_size
            except OSError:
                problems[name] = f"{path}: missing"
                continue
            known = self.files.get(name)
            if known is None:
                continue
            if size != known[0]:
                problems[name] = (f"{path}: damaged ({size} bytes, {known[0]} when written)")
            elif full and file_hash(path) != known[1]:
                problems[name] = f"{path}: damaged (its bytes changed since it was written)"
        return problems


def file_hash(path: Path) -> str:
    """BLAKE2b of a file, read in 1 MB blocks."""
    digest = hashlib.blake2b(digest_size=16)
    with path.open("rb") as data:
        while block := data.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


def record_source(path: str) -> str:
    """The file of an article's path: itself, or a JSON Lines record's file."""
    file, _, line = path.rpartition(":")
    return file if file and line.isdigit() else path


def source_guess(path: str) -> str | None:
    """The source file of a stored article not in the manifest (an index written before
    it): its path, or a JSON Lines record's file; only absolute paths are trusted."""
    for candidate in (path, path.rpartition(":")[0]):
        if candidate and Path(candidate).is_absolute() and Path(candidate).is_file():
            return str(Path(candidate).resolve())
    return None


def absolute(path: str) -> str:
    """An article's path with its file made absolute (as an older fahras stored it: as
    typed, relative to the working directory)."""
    file, _, line = path.rpartition(":")
    base, suffix = (file, f":{line}") if file and line.isdigit() else (path, "")
    return path if Path(base).is_absolute() else str(Path(base).resolve()) + suffix
