"""The index on disk: where it lives, how it is built, added to and rebuilt safely.

Layout of an index directory::

    fahras.json      which generation is current, its schema and catalogue (atomic)
    gen-<n>/         the Whoosh index of that generation
    write.lock       held by the one process that writes
    collection.json  the user's marked passages (see collection.py): never touched here

A rebuild writes a new generation beside the current one and switches the pointer with
one atomic rename: a build killed half way leaves the previous index as it was.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import threading
from collections.abc import Callable, Iterable
from dataclasses import replace
from pathlib import Path

import filelock
import platformdirs
from whoosh import index as whoosh_index
from whoosh.filedb.filestore import FileStorage
from whoosh.index import FileIndex, LockError

from . import corpus
from .building import GenerationWriter, WorkerError, document, workers_for
from .catalogue import Catalogue, load_catalogue
from .entities import EntityMatcher
from .models import Article, ArticleView, IndexReport, Skipped
from .news.learning import LearningReader
from .schema import SCHEMA_VERSION, build_schema, to_article, to_view
from .writer import TermGroupingWriter

Progress = Callable[[int, int, str], None]
POINTER = "fahras.json"
LOCK_WAIT_SECONDS = 30.0


class StoreError(Exception):
    """A problem with the index directory, said in one line for the user."""


def _storage(folder: Path) -> FileStorage:
    # Without mmap: memory-mapped segments count as resident memory (250 MB of a 10,000
    # article search process's 300 MB), and reading through the page cache is as fast.
    return FileStorage(str(folder), supports_mmap=False)


def default_index_dir() -> Path:
    """``FAHRAS_INDEX_DIR``, else the user's data directory."""
    env = os.environ.get("FAHRAS_INDEX_DIR")
    return Path(env) if env else Path(platformdirs.user_data_dir("fahras")) / "index"


def bundled_seeds() -> Path:
    """The seed articles: inside the installed package, or beside it in a checkout."""
    packaged = Path(__file__).with_name("_seeds")
    return packaged if packaged.is_dir() else Path(__file__).resolve().parent.parent / "seeds"


class Store:
    """One index directory, opened with one entity catalogue."""

    def __init__(self, directory: Path | None = None, catalogue: Catalogue | None = None) -> None:
        self.directory = Path(directory) if directory else default_index_dir()
        self.catalogue = catalogue or load_catalogue()
        self.matcher = EntityMatcher(self.catalogue)
        self.analyzer = self.matcher.analyzer
        self._lock = filelock.FileLock(str(self.directory / "write.lock"))
        self._opened: tuple[int, FileIndex] | None = None
        self._open_lock = threading.Lock()

    # -- state --------------------------------------------------------------------------

    def pointer(self) -> dict | None:
        """The current generation's record, or None when there is no index."""
        try:
            return json.loads((self.directory / POINTER).read_text("utf-8"))
        except FileNotFoundError:
            return None
        except NotADirectoryError:
            raise StoreError(f"{self.directory}: cannot hold an index (a file stands in its "
                             "path)") from None
        except (OSError, ValueError) as error:
            raise StoreError(f"{self.directory / POINTER}: unreadable ({error})") from None

    def exists(self) -> bool:
        """True when a usable index of any version is here."""
        record = self.pointer()
        return bool(record) and (self.directory / record["generation"]).is_dir()

    def stale_reason(self) -> str | None:
        """Why the index must be rebuilt before use, or None when it is current."""
        record = self.pointer()
        if not record or not (self.directory / record["generation"]).is_dir():
            return "there is no index yet"
        if record.get("schema") != SCHEMA_VERSION:
            return f"the index was written by an older fahras (schema {record.get('schema')})"
        if record.get("catalogue") != self.catalogue.fingerprint:
            return "the entity catalogue has changed"
        return None

    def open(self) -> FileIndex:
        """The current generation's Whoosh index, reopened when the generation changes."""
        record = self.pointer()
        if record is None:
            raise StoreError(f"no index in {self.directory}: run `fahras index` first")
        number = record["number"]
        with self._open_lock:
            if self._opened is None or self._opened[0] != number:
                try:
                    index = _storage(self.directory / record["generation"]).open_index()
                except (OSError, whoosh_index.EmptyIndexError) as error:
                    raise StoreError(f"{self.directory}: the index cannot be opened ({error}); "
                                      "run `fahras index --rebuild`") from None
                self._opened = (number, index)
            return self._opened[1]

    def generation(self) -> int:
        """A number that changes whenever the index changes (new generation or commit)."""
        record = self.pointer()
        if record is None:
            return -1
        return record["number"] * 1_000_000 + self.open().latest_generation()

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

    # -- writing ------------------------------------------------------------------------

    def add(self, paths: Iterable[Path], *, rebuild: bool = False,
            progress: Progress | None = None, jobs: int | None = None) -> IndexReport:
        """Index files and folders: new files added, changed ones replaced, others kept.

        A stale index (older schema, changed catalogue) and ``rebuild=True`` build a new
        generation, carrying over the articles already indexed. ``jobs`` is the number of
        worker processes of a new generation (default: one per core from 1,000 files).
        """
        paths = list(paths)
        self.directory.mkdir(parents=True, exist_ok=True)
        try:
            self._lock.acquire(timeout=LOCK_WAIT_SECONDS)
        except filelock.Timeout:
            raise StoreError(f"{self.directory}: another fahras process is writing to this "
                              f"index; waited {LOCK_WAIT_SECONDS:.0f} s. Try again when it "
                              "has finished.") from None
        try:
            reason = self.stale_reason()
            if rebuild or reason:
                return self._rebuild(paths, progress, jobs)
            return self._write(self.open(), paths, progress)
        finally:
            self._lock.release()

    def _rebuild(self, paths: list[Path], progress: Progress | None,
                 jobs: int | None = None) -> IndexReport:
        record = self.pointer() or {}
        previous = self._previous_articles(record)
        number = record.get("number", 0) + 1
        generation = f"gen-{number}"
        target = self.directory / generation
        shutil.rmtree(target, ignore_errors=True)  # the remains of a killed build
        target.mkdir()
        index = _storage(target).create_index(build_schema(self.analyzer))
        files = list(corpus.iter_files(paths))
        workers = workers_for(len(files) + len(previous), jobs)
        builder = GenerationWriter(index, self.matcher, self.catalogue, workers,
                                   lambda: self._writer(index))
        hashes = {a.path: a.content_hash for a in previous}
        old = set(hashes.values())

        def place(article: Article) -> str:
            builder.add(article)
            return ("unchanged" if article.content_hash in old else
                    "updated" if article.path in hashes else "added")

        try:
            report = self._index_files(files, progress, place)
            read_again = {*report.added, *report.updated, *report.unchanged}
            for article in previous:
                if article.id not in read_again:
                    builder.add(article)
            builder.commit()
        except WorkerError as error:
            builder.cancel()
            shutil.rmtree(target, ignore_errors=True)
            raise StoreError(f"{self.directory}: the build stopped and the index is as it "
                             f"was: {error}") from None
        except BaseException:
            builder.cancel()
            shutil.rmtree(target, ignore_errors=True)
            raise
        self._switch(number, generation)
        return report

    def _previous_articles(self, record: dict) -> list[Article]:
        """The articles of the current generation, to carry into a rebuild."""
        old = self.directory / record["generation"] if record.get("generation") else None
        if not old or not old.is_dir():
            return []
        try:
            with _storage(old).open_index().searcher() as searcher:
                stored = list(searcher.all_stored_fields())
        except Exception:  # too old or too broken to read: its files are given again instead
            return []
        articles = []
        for fields in stored:
            try:
                articles.append(to_article(fields))
            except (KeyError, ValueError, TypeError):
                continue
        return articles

    def _switch(self, number: int, generation: str) -> None:
        record = {"number": number, "generation": generation, "schema": SCHEMA_VERSION,
                  "catalogue": self.catalogue.fingerprint}
        previous = self.pointer()
        fd, temp = tempfile.mkstemp(dir=self.directory, prefix=".fahras-", suffix=".json")
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump(record, out)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, self.directory / POINTER)
        if previous and previous.get("generation") != generation:
            # Readers that still hold the old generation keep their open files on POSIX.
            shutil.rmtree(self.directory / previous["generation"], ignore_errors=True)

    def _writer(self, index: FileIndex):
        """One writer process. Whoosh's multi-process writer was 15% faster at 10,000
        articles, but its workers outlive a killed parent and keep the index locked."""
        try:
            return TermGroupingWriter(index, timeout=LOCK_WAIT_SECONDS, delay=0.25)
        except LockError:
            raise StoreError(f"{self.directory}: the index is locked by another writer; "
                             f"waited {LOCK_WAIT_SECONDS:.0f} s") from None

    def _write(self, index: FileIndex, paths: list[Path], progress: Progress | None
               ) -> IndexReport:
        writer = self._writer(index)
        try:
            with index.searcher() as searcher:
                report = self._index_files(list(corpus.iter_files(paths)), progress,
                                           lambda article: self._place(writer, searcher,
                                                                       article))
            writer.commit()
        except BaseException:
            writer.cancel()
            raise
        return report

    def _index_files(self, files: list, progress: Progress | None,
                     place: Callable[[Article], str]) -> IndexReport:
        """Read the files and ``place`` each new article, which says how it was placed."""
        outcome: dict[str, list] = {"added": [], "updated": [], "unchanged": [], "skipped": []}
        seen: set[str] = set()
        taken: set[str] = set()
        # News hook (index/news/learning.py): lines recurring across this run's articles
        # of one source are furniture; counting them needs every file read first.
        reader = LearningReader(files, corpus.read_path)
        for done, item in enumerate(files, start=1):
            if progress:
                progress(done, len(files), str(item.path if isinstance(item, Skipped) else item))
            for article in [item] if isinstance(item, Skipped) else reader.read(item):
                if isinstance(article, Skipped):
                    outcome["skipped"].append(article)
                    continue
                if article.content_hash in seen:
                    continue
                seen.add(article.content_hash)
                if article.id in taken:  # two files of one run share a name
                    article = replace(article, id=f"{article.id}-{article.content_hash[:6]}")
                taken.add(article.id)
                outcome[place(article)].append(article.id)
        return IndexReport(*(tuple(outcome[k]) for k in ("added", "updated", "unchanged",
                                                         "skipped")))

    def _place(self, writer, searcher, article: Article) -> str:
        if searcher.document_number(hash=article.content_hash) is not None:
            return "unchanged"
        outcome = "added"
        if searcher.document_number(path=article.path) is not None:
            writer.delete_by_term("path", article.path)
            outcome = "updated"
        elif searcher.document_number(id=article.id) is not None:
            article = replace(article, id=f"{article.id}-{article.content_hash[:6]}")
        writer.add_document(**document(self.matcher, article))
        return outcome


def ensure_ready(store: Store, progress: Progress | None = None) -> IndexReport | None:
    """Build the seeds' index on first use, or rebuild a stale one; None when current."""
    reason = store.stale_reason()
    if reason is None:
        return None
    seeds = [] if store.exists() else [bundled_seeds()]
    return store.add(seeds, rebuild=True, progress=progress)
