"""The index on disk: where it lives, how it is built, added to, checked and rebuilt safely.

Layout of an index directory::

    fahras.json      which generation is current, its schema and catalogue (atomic)
    manifest.json    each source file read and its articles (see manifest.py)
    catalogue.json   the entity catalogue the index is tagged with (see retag.py)
    gen-<n>/         the Whoosh index of that generation and its record (generation.py)
    write.lock       held by the one process that writes
    collection.json  the user's marked passages (see collection.py): never touched here

A rebuild reads the original files again (from the manifest), writes a new generation
beside the current one, verifies it (it opens and holds every article written) and only
then switches the pointer with one atomic rename and deletes the previous generation: a
build killed or failing half way leaves the previous index as it was.

The pointer is data from disk, so it is checked before use: a generation is a name of
fahras's own form (``gen-<n>``) inside the index directory, and nothing outside that
directory is ever written or deleted. A missing pointer beside generations is recovered
from the newest complete one; an unusable one is reported in one line with the remedy,
``fahras index --repair``. The bundled seeds go only into a directory that never held
anything.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import re
import shutil
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

import platformdirs
from whoosh.index import FileIndex, LockError

from . import entity_sets
from .analysis import Analyzer
from .catalogue import Catalogue, load_catalogue
from .entities import EntityMatcher, protected_names
from .generation import (
    INDEX_NAME,
    files_of,
    inspect,
    listed,
    remove_orphans,
    storage,
    stored_articles,
)
from .lazy import lazy_module
from .manifest import (
    GenerationRecord,
    Manifest,
    ManifestError,
    absolute,
    record_source,
    source_guess,
)
from .models import Article, ArticleView, IndexReport, Skipped
from .schema import SCHEMA_VERSION, build_schema, to_view
from .whoosh_private import segments
from .writer import TermGroupingWriter

if TYPE_CHECKING:
    import filelock

    from . import building, corpus, retag
    from .news import learning
    from .news.learning import FileMap
else:  # reading and writing articles: opening and searching an index never do (lazy.py)
    building, corpus, learning, retag = (lazy_module(f"{__package__}.{name}") for name in (
        "building", "corpus", "news.learning", "retag"))
    filelock = lazy_module("filelock")

Progress = Callable[[int, int, str], None]
POINTER = "fahras.json"
LOCK_WAIT_SECONDS = 30.0
_GENERATION_FOLDER = re.compile(r"gen-([1-9][0-9]{0,8})")
REPAIR = "run `fahras index --repair`"
STALE_CATALOGUE = "the entity catalogue has changed"
#: ``Store.version`` counts Whoosh's commits inside a generation below this; Whoosh counts
#: one per commit, and a generation holds one build plus its incremental additions.
COMMITS_PER_GENERATION = 1_000_000
#: ``Store.version`` of a directory with no index.
NO_VERSION = -1
#: Files of an index directory that do not mean it ever held an index.
_NOT_DATA = ("write.lock",)


class StoreError(Exception):
    """A problem with the index directory, said in one line for the user."""


def default_index_dir() -> Path:
    """``FAHRAS_INDEX_DIR``, else the user's data directory."""
    env = os.environ.get("FAHRAS_INDEX_DIR")
    return Path(env) if env else Path(platformdirs.user_data_dir("fahras")) / "index"


def bundled_seeds() -> Path:
    """The seed articles: inside the installed package, or beside it in a checkout."""
    packaged = Path(__file__).with_name("_seeds")
    return packaged if packaged.is_dir() else Path(__file__).resolve().parent.parent / "seeds"


def _pointer_problem(record: object) -> str | None:
    """Why a pointer read from disk cannot be used, or None."""
    if not isinstance(record, dict):
        return "not a JSON object"
    number = record.get("number")
    if type(number) is not int or not 0 < number < 10**9:
        return f'"number" must be a whole number, not {_shown(number)}'
    if record.get("generation") != f"gen-{number}":
        return f'"generation" must be "gen-{number}", not {_shown(record.get("generation"))}'
    return None


def _shown(value: object) -> str:
    text = json.dumps(value, ensure_ascii=True)
    return text if len(text) <= 60 else text[:57] + "..."


@dataclass
class _Run:
    """What one indexing run has done so far: the report, ids taken, texts seen."""

    taken: dict[str, str] = field(default_factory=dict)  # id → path
    seen: dict[str, str] = field(default_factory=dict)  # content hash → path
    sources: dict[str, dict[str, str]] = field(default_factory=dict)
    outcome: dict[str, list] = field(default_factory=lambda: {
        k: [] for k in ("added", "updated", "unchanged", "skipped", "duplicates", "renamed",
                        "gone", "lost", "notices")})

    def rename(self, article: Article, owner: str, taken: Callable[[str], bool]) -> Article:
        """The article under a free id, reported: ``owner`` has its id."""
        size = 6
        while taken(new := f"{article.id}-{article.content_hash[:size]}") and size < 32:
            size += 2
        self.outcome["renamed"].append(f"{article.path}: the id {article.id!r} belongs to "
                                       f"{owner}; indexed as {new!r}")
        return replace(article, id=new)

    def report(self) -> IndexReport:
        return IndexReport(**{k: tuple(self.outcome[k]) for k in (
            "added", "updated", "unchanged", "skipped", "duplicates", "renamed", "gone",
            "lost", "notices")})


class Store:
    """One index directory, opened with one entity catalogue."""

    def __init__(self, directory: Path | None = None, catalogue: Catalogue | None = None) -> None:
        self.directory = Path(directory) if directory else default_index_dir()
        self.catalogue = catalogue or load_catalogue()
        #: The one analyser of this index (its schema's, its queries'), shared with the
        #: entity matcher.
        self.analyzer = Analyzer.for_names(protected_names(self.catalogue))
        self.matcher = EntityMatcher(self.catalogue, self.analyzer)
        self._opened: tuple[int, FileIndex] | None = None
        self._open_lock = threading.Lock()

    # -- the pointer and the generations ------------------------------------------------

    def pointer(self) -> dict | None:
        """The current generation's record, checked; None when there is none."""
        path = self.directory / POINTER
        try:
            record = json.loads(path.read_text("utf-8"))
        except FileNotFoundError:
            return None
        except NotADirectoryError:
            raise StoreError(f"{self.directory}: cannot hold an index (a file stands in its "
                             "path)") from None
        except (OSError, ValueError) as error:
            raise self._unusable_pointer(f"unreadable ({error})") from None
        except RecursionError:
            raise self._unusable_pointer("unreadable (nested too deep)") from None
        problem = _pointer_problem(record)
        if problem:
            raise self._unusable_pointer(problem)
        return record

    def _unusable_pointer(self, why: str) -> StoreError:
        newest = self._newest_complete()
        remedy = (f"{REPAIR} to use {newest}, the newest complete generation" if newest
                  else f"{REPAIR} to rebuild from the original files")
        return StoreError(f"{self.directory / POINTER}: {why}; {remedy}")

    def _folder(self, folder_name: str) -> Path:
        """A generation's folder: only ever a ``gen-<n>`` inside the index directory."""
        if not isinstance(folder_name, str) or not _GENERATION_FOLDER.fullmatch(folder_name):
            raise StoreError(f"{folder_name!r} is not a generation of fahras's")
        folder = self.directory / folder_name
        if folder.is_symlink():  # it would lead fahras to write, or delete, elsewhere
            raise StoreError(f"{folder}: a symbolic link, not a generation fahras wrote; "
                             f"remove it, then {REPAIR}")
        return folder

    def _generations(self) -> list[tuple[int, str]]:
        """The generation folders present, newest first."""
        try:
            names = [p.name for p in self.directory.iterdir()
                     if p.is_dir() and not p.is_symlink()]
        except OSError:
            return []
        found = [(int(m[1]), m[0]) for n in names if (m := _GENERATION_FOLDER.fullmatch(n))]
        return sorted(found, reverse=True)

    def _newest_complete(self) -> str | None:
        """The newest generation that is complete and undamaged."""
        for _, name in self._generations():
            with contextlib.suppress(ManifestError):
                record = GenerationRecord.load(self.directory / name)
                damaged, index = self._inspect(name)
                # Without a record (written before fahras kept them), a generation that
                # holds segments is complete: a killed build's has none.
                if index and not damaged and (record or segments(index)):
                    return name
        return None

    def is_unused(self) -> bool:
        """True for an index directory that has never held anything (seeds go only there)."""
        try:
            names = [p.name for p in self.directory.iterdir()]
        except FileNotFoundError:
            return True
        except NotADirectoryError:
            raise StoreError(f"{self.directory}: cannot hold an index (a file stands in its "
                             "path)") from None
        return all(n in _NOT_DATA or n.startswith(".fahras-") for n in names)

    def exists(self) -> bool:
        """True when a usable index of any version is here."""
        record = self.pointer()
        return record is not None and self._folder(record["generation"]).is_dir()

    def stale_reason(self) -> str | None:
        """Why the index must be rebuilt before use, or None when it is current."""
        record = self.pointer()
        if not record or not self._folder(record["generation"]).is_dir():
            return "there is no index yet"
        if record.get("schema") != SCHEMA_VERSION:
            return f"the index was written by an older fahras (schema {record.get('schema')})"
        if record.get("catalogue") != self.catalogue.fingerprint:
            return STALE_CATALOGUE
        return None

    # -- reading ------------------------------------------------------------------------

    def open(self) -> FileIndex:
        """The current generation's Whoosh index, reopened when the generation changes.

        Its files are checked against their record first (sizes): a damaged file is one
        line naming it and the remedy, not an error from deep inside Whoosh."""
        record = self.pointer()
        if record is None:
            raise StoreError(f"no index in {self.directory}: run `fahras index` first")
        number = record["number"]
        with self._open_lock:
            if self._opened is None or self._opened[0] != number:
                problems, index = self._inspect(record["generation"])
                if problems or index is None:
                    raise StoreError(f"{next(iter(problems.values()))}; {REPAIR} (it "
                                     "reads the original files again)")
                self._opened = (number, index)
            return self._opened[1]

    def _inspect(self, folder_name: str, *, full: bool = False
                 ) -> tuple[dict[str, str], FileIndex | None]:
        """``generation.inspect`` of one of this directory's generations."""
        return inspect(self._folder(folder_name), full=full)

    def version(self) -> int:
        """A number that changes whenever the index changes (new generation or commit):
        the generation's number, then Whoosh's commit number inside it; -1 for none."""
        record = self.pointer()
        if record is None:
            return NO_VERSION
        return record["number"] * COMMITS_PER_GENERATION + self.open().latest_generation()

    def article(self, article_id: str) -> ArticleView | None:
        """The stored article with this id."""
        with self.open().searcher() as searcher:
            stored = searcher.document(id=article_id)
        return to_view(stored) if stored else None

    def count(self) -> int:
        """How many articles are indexed."""
        if not self.exists():
            return 0
        with self.open().searcher() as searcher:
            return searcher.doc_count()

    def check(self) -> list[str]:
        """Every problem of the index, one line each (``fahras index --check``); none when
        the pointer, the manifest and every file of the current generation are sound."""
        try:
            record = self.pointer()
            if record is None:
                return [f"no index in {self.directory}: run `fahras index` first"]
            Manifest.load(self.directory)
        except (StoreError, ManifestError) as error:
            return [str(error)]
        problems, index = self._inspect(record["generation"], full=True)
        if problems or index is None:
            return list(problems.values())
        articles, unreadable = stored_articles(index)
        folder = self._folder(record["generation"])
        try:
            held = (GenerationRecord.load(folder) or GenerationRecord()).count
        except ManifestError as error:
            return [*unreadable, str(error)]
        if len(articles) < held:
            unreadable.append(f"{folder}: holds {len(articles)} readable articles, {held} "
                              "when written")
        return unreadable

    # -- writing ------------------------------------------------------------------------

    @functools.cached_property
    def _lock(self) -> filelock.FileLock:
        """The lock of the one writing process, made when first needed: filelock brings
        asyncio, which a process that only searches never uses."""
        return filelock.FileLock(str(self.directory / "write.lock"))

    @contextlib.contextmanager
    def _writing(self) -> Iterator[None]:
        self.directory.mkdir(parents=True, exist_ok=True)
        try:
            self._lock.acquire(timeout=LOCK_WAIT_SECONDS)
        except filelock.Timeout:
            raise StoreError(f"{self.directory}: another fahras process is writing to this "
                             f"index; waited {LOCK_WAIT_SECONDS:.0f} s. Try again when it "
                             "has finished.") from None
        try:
            yield
        finally:
            self._lock.release()

    def add(self, paths: Iterable[Path], *, rebuild: bool = False,
            progress: Progress | None = None, jobs: int | None = None,
            follow: bool = False) -> IndexReport:
        """Index files and folders: new files added, changed ones replaced, others kept.

        A stale index (older schema, changed catalogue) and ``rebuild=True`` build a new
        generation from the files given and every source in the manifest, read again.
        ``jobs`` is the number of worker processes of a new generation (default: one per
        core from 1,000 files); ``follow`` follows symbolic links out of the folders.
        """
        paths = list(paths)
        with self._writing():
            notices = self._recover_missing_pointer()
            if not rebuild:
                notices += self._retag_changed_catalogue()
            if rebuild or self.stale_reason():
                report = self._rebuild(self.pointer(), paths, progress, jobs, follow)
            else:
                report = self._write(paths, progress, follow)
        return replace(report, notices=(*notices, *report.notices))

    def prepare(self, progress: Progress | None = None) -> IndexReport:
        """Make the index usable: recover a missing pointer, rebuild a stale index from its
        sources, and index the bundled seeds only into a directory never used before."""
        with self._writing():
            notices = self._recover_missing_pointer()
            notices += self._retag_changed_catalogue()
            if self.stale_reason() is None:
                return IndexReport(notices=notices)
            seeds = [bundled_seeds()] if self.is_unused() else []
            report = self._rebuild(self.pointer(), seeds, progress, None, False)
        return replace(report, notices=(*notices, *report.notices))

    def apply_catalogue(self, catalogue: Catalogue | None = None) -> retag.RetagReport:
        """Bring the index up to ``catalogue`` (default: the store's own), which the
        store uses from now on: only the articles that can name a changed entity are
        tagged again (retag.py); a change of the global rules, or an index that does not
        record its catalogue, is rebuilt in full."""
        with self._writing():
            if catalogue is not None:
                self.catalogue = catalogue
                self.matcher = EntityMatcher(catalogue)
                self.analyzer = self.matcher.analyzer
            record = self.pointer()
            if record is None or not self._folder(record["generation"]).is_dir():
                raise StoreError(f"no index in {self.directory}: run `fahras index` first")
            tagged = retag.plan(self, record)
            if tagged is None:
                started = time.perf_counter()
                rebuilt = self._rebuild(record, [], None, None, False)
                return retag.RetagReport(rebuilt=True, examined=rebuilt.indexed,
                                         seconds=time.perf_counter() - started)
            return retag.apply(self, record, tagged)

    def _retag_changed_catalogue(self) -> tuple[str, ...]:
        """When only the catalogue has changed and the index records the one it was
        tagged with, re-tag what the change touches instead of rebuilding."""
        record = self.pointer()
        if self.stale_reason() != STALE_CATALOGUE or record is None:
            return ()
        tagged = retag.plan(self, record)
        if tagged is None:
            return ()
        report = retag.apply(self, record, tagged)
        notice = (f"the entity catalogue has changed: {len(report.retagged)} articles "
                  f"re-tagged ({report.examined} examined)")
        return (notice,)

    def repair(self, progress: Progress | None = None, jobs: int | None = None
               ) -> IndexReport:
        """``fahras index --repair``: point at the newest complete generation if the
        pointer is missing or unusable, then rebuild from the original files (and the
        readable stored articles) if anything of the index is damaged."""
        with self._writing():
            notices: list[str] = []
            try:
                record = self.pointer()
            except StoreError as error:
                notices.append(str(error).split("; ")[0])
                record = None
            if record is None and (recovered := self._recover_pointer()):
                notices.append(recovered)
                record = self.pointer()
            if record is None and self.is_unused():
                raise StoreError(f"no index in {self.directory}: nothing to repair")
            problems = self.check() if record else []
            if record and not problems:
                return IndexReport(notices=(*notices, "the index is sound"))
            report = self._rebuild(record, [], progress, jobs, False)
        return replace(report, notices=tuple(dict.fromkeys((*notices, *problems,
                                                             *report.notices))))

    def _recover_missing_pointer(self) -> tuple[str, ...]:
        if (self.directory / POINTER).exists() or not self._generations():
            return ()
        return (self._recover_pointer() or (
            f"{self.directory / POINTER} was missing and no generation is complete: the "
            "index is rebuilt from the original files in the manifest"),)

    def _recover_pointer(self) -> str | None:
        """Point at the newest complete generation, said in one line (None: there is none)."""
        newest = self._newest_complete()
        if newest is None:
            return None
        record = GenerationRecord.load(self.directory / newest)
        self._write_pointer(int(newest[4:]), newest, record.schema if record else None,
                            record.catalogue if record else None)
        return (f"{self.directory / POINTER} was missing or unusable; now using {newest}, "
                "the newest complete generation")

    def _manifest(self) -> Manifest:
        try:
            return Manifest.load(self.directory) or Manifest()
        except ManifestError as error:
            raise StoreError(f"{error}; {REPAIR}") from None

    def _rebuild(self, record: dict | None, paths: list[Path], progress: Progress | None,
                 jobs: int | None, follow: bool) -> IndexReport:
        """A new generation from ``paths``, the manifest's sources and the articles of the
        current one (``record``) whose files are gone; switched to once verified."""
        run = _Run()
        try:
            manifest = Manifest.load(self.directory) or Manifest()
        except ManifestError as error:
            run.outcome["notices"].append(f"{error}: the sources are taken from the stored "
                                          "articles instead")
            manifest = Manifest()
        previous, before = self._previous(record, run)
        if record is None and manifest.sources:
            run.outcome["notices"].append(f"{self.directory}: no current generation; the "
                                          "index is built again from the files the "
                                          "manifest names")
        self._remove_unfinished(record)
        numbers = [n for n, _ in self._generations()] + [record["number"] if record else 0]
        number = max(numbers) + 1
        target = self._folder(f"gen-{number}")
        target.mkdir()
        try:
            count = self._build(target, paths, manifest, previous, run, progress, jobs,
                                follow)
            self._write_pointer(number, target.name, SCHEMA_VERSION,
                                self.catalogue.fingerprint)
            retag.record_catalogue(self.directory, target.name, self.catalogue)
        except building.WorkerError as error:
            self._discard(target)
            raise StoreError(f"{self.directory}: the build stopped and the index is as it "
                             f"was: {error}") from None
        except BaseException:
            self._discard(target)
            raise
        if count < before:
            run.outcome["notices"].append(f"the index now holds {count} articles, {before} "
                                          "before")
        if record and record["generation"] != target.name:
            shutil.rmtree(self._folder(record["generation"]), ignore_errors=True)
        return run.report()

    def _discard(self, target: Path) -> None:
        """Delete a new generation that failed, unless the pointer already names it (an
        interruption just after the switch)."""
        with contextlib.suppress(StoreError):
            if (self.pointer() or {}).get("generation") == target.name:
                return
        shutil.rmtree(target, ignore_errors=True)

    def _build(self, target: Path, paths: list[Path], manifest: Manifest,
               previous: list[tuple[Article, str | None]], run: _Run,
               progress: Progress | None, jobs: int | None, follow: bool) -> int:
        """Write, verify and record a new generation; the number of articles it holds."""
        index = storage(target).create_index(build_schema(self.analyzer), INDEX_NAME)
        # The manifest's files, and those of stored articles it lacks (it was damaged, or
        # the index predates it): every file that still exists is read again.
        sources = [Path(s) for s in dict.fromkeys([*manifest.sources,
                                                   *(s for _, s in previous if s)])]
        files = list(corpus.iter_files([*paths, *(s for s in sources if s.is_file())],
                                       follow=follow))
        gone = sorted(str(s) for s in sources if not s.is_file())
        expected = len(files) + len(previous)
        builder = building.GenerationWriter(index, self.matcher, self.catalogue,
                                            building.workers_for(expected, jobs),
                                            lambda: self._writer(index))
        by_path = {absolute(article.path): article for article, _ in previous}
        by_text = {(record_source(absolute(article.path)), article.content_hash): article
                   for article, _ in previous}
        run.taken.update({article.id: article.path for article, _ in previous})
        placed: set[str] = set()
        written = 0

        def place(article: Article, texts: set[str]) -> tuple[str, Article]:
            nonlocal written
            old = by_text.get((record_source(article.path), article.content_hash))
            if old is None and (moved := by_path.get(article.path)) is not None \
                    and moved.content_hash not in texts:  # not a record moved in its file
                old = moved
            if old is not None:
                article = replace(article, id=old.id)
            elif article.id in run.taken:  # by a stored article, or one placed before
                article = run.rename(article, run.taken[article.id], run.taken.__contains__)
            builder.add(article)
            written += 1
            run.taken[article.id] = article.path
            placed.add(article.path)
            return ("added" if old is None else "unchanged"
                    if old.content_hash == article.content_hash else "updated"), article

        try:
            self._index_files(files, progress, place, run, builder.map_files)
            read = {str(f) for f in files if isinstance(f, Path)}
            for article, source in previous:
                if (source in read or absolute(article.path) in placed
                        or article.content_hash in run.seen):
                    continue  # read again from its file, or the same text was
                run.seen[article.content_hash] = article.path
                builder.add(article)
                written += 1
                run.outcome["unchanged"].append(article.id)  # kept as it was indexed
                if source:
                    run.sources.setdefault(source, {})[article.id] = article.content_hash
            builder.commit()
        except BaseException:
            builder.cancel()
            raise
        run.outcome["gone"] += [source for source in gone if run.sources.get(source)]
        self._lost(manifest, previous, run)
        entity_sets.write_missing(storage(target).open_index(INDEX_NAME))
        count = self._verify(target, written)
        recorded = Manifest()
        recorded.record(run.sources)
        recorded.save(self.directory)
        return count

    def _verify(self, target: Path, written: int) -> int:
        """Open the new generation and count its articles; record it as complete."""
        try:
            index = storage(target).open_index(INDEX_NAME)
            count = index.doc_count()
        except Exception as error:  # whatever Whoosh raises on a generation it cannot read
            raise StoreError(f"{target}: the new index cannot be opened ({error}); the "
                             "index is as it was") from None
        if count != written:
            raise StoreError(f"{target}: the new index holds {count} articles, {written} "
                             "were written; the index is as it was")
        record = GenerationRecord(SCHEMA_VERSION, self.catalogue.fingerprint, count)
        record.record_files(target, files_of(target, index))
        record.save(target)
        return count

    def _previous(self, record: dict | None, run: _Run
                  ) -> tuple[list[tuple[Article, str | None]], int]:
        """The current generation's readable articles with their source files, and how
        many articles it held: what a rebuild must not lose without saying so."""
        if not record:
            return [], 0
        folder = self._folder(record["generation"])
        if not folder.is_dir():
            run.outcome["notices"].append(f"{folder}: missing; the index is built again "
                                          "from the files the manifest names")
            return [], 0
        damaged, index = self._inspect(record["generation"], full=True)
        run.outcome["notices"] += damaged.values()
        articles, unreadable = stored_articles(index, set(damaged)) if index else ([], [])
        run.outcome["notices"] += unreadable
        try:
            held = (GenerationRecord.load(folder) or GenerationRecord()).count
        except ManifestError:
            held = 0
        try:
            source_of = (Manifest.load(self.directory) or Manifest()).source_of()
        except ManifestError:
            source_of = {}
        return ([(a, source_of.get(a.id) or source_guess(a.path)) for a in articles],
                max(held, len(articles), listed(index)))

    def _lost(self, manifest: Manifest, previous: list, run: _Run) -> None:
        """Articles of sources that are gone and whose stored copy could not be read."""
        kept = {article.id for article, _ in previous}
        for source, articles in manifest.sources.items():
            if Path(source).is_file():
                continue
            for article_id in articles:
                if article_id not in kept:
                    run.outcome["lost"].append(f"{article_id} ({source}): its file is gone and "
                                               "its stored copy is damaged")

    def _remove_unfinished(self, record: dict | None) -> None:
        """Generations above the current one: the remains of builds never switched to."""
        if not record:
            return
        for number, name in self._generations():
            if number > record["number"]:
                shutil.rmtree(self._folder(name), ignore_errors=True)

    def _write_pointer(self, number: int, folder_name: str, schema: int | None,
                       catalogue: str | None) -> None:
        record = {"number": number, "generation": self._folder(folder_name).name,
                  "schema": schema, "catalogue": catalogue}
        fd, temp = tempfile.mkstemp(dir=self.directory, prefix=".fahras-", suffix=".json")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                json.dump(record, out)
                out.flush()
                os.fsync(out.fileno())
            os.replace(temp, self.directory / POINTER)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise

    def _writer(self, index: FileIndex):
        """One writer process. Whoosh's multi-process writer was 15% faster at 10,000
        articles, but its workers outlive a killed parent and keep the index locked."""
        try:
            return TermGroupingWriter(index, timeout=LOCK_WAIT_SECONDS, delay=0.25)
        except LockError:
            raise StoreError(f"{self.directory}: the index is locked by another writer; "
                             f"waited {LOCK_WAIT_SECONDS:.0f} s") from None

    def _write(self, paths: list[Path], progress: Progress | None, follow: bool
               ) -> IndexReport:
        index = self.open()
        record = self.pointer()
        if record is None:  # open() found or made one: it was removed meanwhile
            raise StoreError(f"{self.directory}: the index was removed while adding")
        manifest = self._manifest()
        run = _Run()
        files = list(corpus.iter_files(paths, follow=follow))
        writer = self._writer(index)
        try:
            with index.searcher() as searcher:
                self._index_files(files, progress,
                                  lambda article, texts: self._place(writer, searcher,
                                                                     article, texts, run),
                                  run)
            writer.commit()
        except BaseException:
            writer.abandon()
            remove_orphans(self._folder(record["generation"]))
            raise
        index = storage(self._folder(record["generation"])).open_index(INDEX_NAME)
        with contextlib.suppress(OSError):  # without it, the sets are read from postings
            entity_sets.write_missing(index)  # the new segment's
        folder = self._folder(record["generation"])
        generation = GenerationRecord.load(folder) or GenerationRecord(
            record.get("schema"), record.get("catalogue"))
        generation.count = index.doc_count()
        generation.record_files(folder, files_of(folder, index))
        generation.save(folder)
        manifest.record(run.sources)
        manifest.save(self.directory)
        return run.report()

    def _index_files(self, files: list, progress: Progress | None,
                     place: Callable[[Article, set[str]], tuple[str, Article] | None],
                     run: _Run, map_files: FileMap = map) -> None:
        """Read the files (through ``map_files``: in worker processes for a large build)
        and ``place`` each new article, which says how it was placed (None: a text
        already in the index)."""
        # News hook (index/news/learning.py): lines recurring across this run's articles
        # of one source are furniture; counting them needs every file read first.
        reader = learning.LearningReader(files, corpus.read_path, map_files)
        for done, (item, articles) in enumerate(reader.each(files), start=1):
            if progress:
                progress(done, len(files), str(item.path if isinstance(item, Skipped) else item))
            if isinstance(item, Skipped):
                run.outcome["skipped"].append(item)
                continue
            source = run.sources.setdefault(str(item), {})
            texts = {a.content_hash for a in articles if isinstance(a, Article)}
            for article in articles:
                if isinstance(article, Skipped):
                    run.outcome["skipped"].append(article)
                    continue
                first = run.seen.get(article.content_hash)
                if first is not None:
                    run.outcome["duplicates"].append(Skipped(article.path,
                                                             f"same text as {first}"))
                    continue
                run.seen[article.content_hash] = article.path
                placed = place(article, texts)
                if placed is None:
                    continue
                outcome, article = placed
                source[article.id] = article.content_hash
                run.outcome[outcome].append(article.id)

    def _place(self, writer, searcher, article: Article, texts: set[str], run: _Run
               ) -> tuple[str, Article] | None:
        """Add, replace or keep one article; ``texts`` are its file's content hashes, so
        that a JSON Lines record that moved to another line is not taken for a change
        of the record now on its old line (which then lost its article)."""
        number = searcher.document_number(hash=article.content_hash)
        if number is not None:
            stored = searcher.stored_fields(number)
            if _same_file(stored["path"], article.path):
                # (a JSON Lines record may have moved to another line)
                return "unchanged", replace(article, id=stored["id"])
            run.outcome["duplicates"].append(Skipped(article.path,
                                                     f"same text as {stored['path']}"))
            return None
        outcome = "added"
        number = searcher.document_number(path=article.path)
        if number is not None and searcher.stored_fields(number)["hash"] not in texts:
            article = replace(article, id=searcher.stored_fields(number)["id"])
            writer.delete_by_term("id", article.id)  # not by path: a moved record may share it
            outcome = "updated"
        else:
            def owner(article_id: str) -> str | None:
                if article_id in run.taken:
                    return run.taken[article_id]
                found = searcher.document(id=article_id)
                return found["path"] if found else None

            taker = owner(article.id)
            if taker is not None:
                article = run.rename(article, taker, lambda i: owner(i) is not None)
        writer.add_document(**building.document(self.matcher, article))
        run.taken[article.id] = article.path
        return outcome, article


def _same_file(stored: str, path: str) -> bool:
    """True when a stored article's path names the file of ``path`` (resolved): an
    index written before paths were resolved stores them as typed, relative."""
    return record_source(absolute(stored)) == record_source(path)


def ensure_ready(store: Store, progress: Progress | None = None) -> IndexReport | None:
    """Make the index usable (see ``Store.prepare``); None when it already is."""
    if store.stale_reason() is None:
        return None
    return store.prepare(progress)
