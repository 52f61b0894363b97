"""Writing articles into a new generation: in this process, or in worker processes.

A large build is split across worker processes, each writing its own Whoosh segments of
at most ``MAX_SEGMENT_ARTICLES`` articles into the same folder; the parent reads the files,
hands out articles in batches and, when every worker is done, commits one table of
contents listing all their segments (what Whoosh's multi-segment writer does).

Reading the files is done by worker processes too (``FileReaders``): both passes of the
run's reading (index/news/learning.py) map a function over the files in order, a window
of ``READ_WINDOW`` files at a time so that a million-article build never holds more
than two windows of articles.

Whoosh's own multi-process writer was not used: its forked workers outlive a killed
parent and keep the index lock. These workers are spawned (they inherit no lock), die
with their parent (PR_SET_PDEATHSIG where Linux offers it, a parent check otherwise),
and write only into the new generation's folder, which a killed build leaves unused.
"""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing
import os
import queue
import signal
import sys
import traceback
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from whoosh.filedb.filestore import FileStorage
from whoosh.index import TOC, FileIndex
from whoosh.writing import SegmentWriter

from .analysis import FieldAnalyzer
from .catalogue import Catalogue
from .entities import EntityMatcher
from .models import TITLE_PARAGRAPH, Article, Mention
from .schema import to_document
from .whoosh_private import finalize_segment, release, unlocked_writer
from .writer import TermGroupingWriter

#: Files from which a rebuild uses one worker process per core.
PARALLEL_FROM = 1000
#: A worker starts a new segment after this many articles: a segment's postings are held
#: in memory until it is written (a writer's peak resident memory, in one process: 211 MB
#: at 2,000 articles like the generated corpus's, 508 MB at 8,000; two workers at 10,000
#: stay near 1.3 GB in all). Below that, a rebuild gives each worker one segment: every
#: search reads every segment, and 50 segments at 100,000 articles made prefixes, phrases
#: and entity sets pay 50 times (issue 18); now 2 at 10,000 articles, 10 at 100,000.
#: The size was once the expected share of each worker, counted in files: the realistic
#: corpus's JSON Lines files hold ten articles each, and 10,000 articles ended in 6
#: segments of 2,000, which cost 15% more CPU an article to write than segments of 5,000
#: (1.40 against 1.22 ms, measured on one worker's share in one process).
MAX_SEGMENT_ARTICLES = 10_000
BATCH = 100
#: Files handed to the reading workers at once (two windows are in flight), and in
#: chunks of this many per task.
READ_WINDOW = 1000
READ_CHUNK = 20


class WorkerError(RuntimeError):
    """An indexing worker failed or died; the message says how, in one line (a full disk
    in a worker was a 23-line traceback); ``details`` holds the worker's traceback."""

    def __init__(self, message: str, details: str = "") -> None:
        super().__init__(message)
        self.details = details


def document(matcher: EntityMatcher, article: Article) -> dict:
    """The Whoosh document of an article, its entity mentions found."""
    # Built directly: dataclasses.replace took 3% of a build (12 µs a mention). `find`
    # numbers the texts it is given from 0, the title first.
    mentions = [Mention(m.entity, m.kind, m.paragraph + TITLE_PARAGRAPH, m.start, m.end, m.text)
                for m in matcher.find((article.title, *article.paragraphs))]
    return to_document(article, mentions)


def worker_index(folder: str, indexname: str) -> FileIndex:
    """The new generation's index as a worker opens it: with one schema object, which
    its writers and its matcher share (Whoosh unpickles a new schema, analysers and
    all, every time it reads the table of contents, unless given one)."""
    storage = _WorkerStorage(folder, supports_mmap=False)
    return storage.open_index(indexname, schema=storage.open_index(indexname).schema)


def index_matcher(index: FileIndex, catalogue: Catalogue) -> EntityMatcher:
    """An entity matcher that reads its words off the index's own analyser (the one its
    schema holds), so that a worker analyses each new word once for the matcher and the
    index alike: a matcher with an analyser of its own analysed every word twice (a
    third of a worker's matching time on the realistic corpus)."""
    field = index.schema["body"].analyzer
    return EntityMatcher(catalogue, field.analyzer if isinstance(field, FieldAnalyzer) else None)


def workers_for(files: int, jobs: int | None) -> int:
    """How many worker processes a build of this many files uses (0: this process)."""
    if jobs is not None:
        return jobs if jobs > 1 else 0
    if files < PARALLEL_FROM:
        return 0
    return min(os.cpu_count() or 1, 8) if (os.cpu_count() or 1) > 1 else 0


class GenerationWriter:
    """Adds articles to a freshly created index and commits them once."""

    def __init__(self, index: FileIndex, matcher: EntityMatcher, catalogue: Catalogue,
                 workers: int, writer: Callable[[], SegmentWriter]) -> None:
        self.index = index
        self.matcher = matcher
        self._batch: list[Article] = []
        self._writer = writer() if not workers else None
        self._pool = _Workers(index, catalogue, workers,
                              MAX_SEGMENT_ARTICLES) if workers else None
        self._readers = FileReaders(workers) if workers else None

    def map_files(self, function: Callable, files: list) -> Iterable:
        """``function`` over files, in order: in the reading workers, if there are any."""
        return self._readers.map(function, files) if self._readers else map(function, files)

    def add(self, article: Article) -> None:
        if self._writer is not None:
            self._writer.add_document(**document(self.matcher, article))
            return
        assert self._pool is not None  # no writer here: workers
        self._batch.append(article)
        if len(self._batch) >= BATCH:
            self._pool.submit(self._batch)
            self._batch = []

    def commit(self) -> None:
        if self._writer is not None:
            self._writer.commit()
            return
        assert self._pool is not None and self._readers is not None
        self._readers.close()
        if self._batch:
            self._pool.submit(self._batch)
        segments = self._pool.finish()
        toc_number = self.index.latest_generation() + 1  # Whoosh's commit number
        TOC(self.index.schema, segments, toc_number).write(self.index.storage,
                                                           self.index.indexname)

    def cancel(self) -> None:
        if self._writer is not None:
            self._writer.abandon()
        elif self._pool is not None:
            self._pool.stop()
            if self._readers is not None:
                self._readers.close()


class FileReaders:
    """Worker processes that read files for this one, results in order. They die with
    it (as the indexing workers do); one that dies otherwise stops the build."""

    def __init__(self, count: int) -> None:
        self.count = count
        self._executor: ProcessPoolExecutor | None = None

    def map(self, function: Callable, items: list) -> Iterator:
        """``function(item)`` for every item, in order, at most two windows in flight."""
        if self._executor is None:
            self._executor = ProcessPoolExecutor(
                self.count, mp_context=multiprocessing.get_context("spawn"),
                initializer=_die_with_parent, initargs=(os.getpid(),))
        ahead = None
        try:
            for start in range(0, len(items), READ_WINDOW):
                window = self._executor.map(function, items[start:start + READ_WINDOW],
                                            chunksize=READ_CHUNK)
                if ahead is not None:
                    yield from ahead
                ahead = window
            if ahead is not None:
                yield from ahead
        except BrokenProcessPool:
            raise WorkerError("a reading worker stopped (killed, or out of memory)") from None

    def close(self) -> None:
        """Stop the workers (waiting for none of the work left)."""
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None


class _Workers:
    def __init__(self, index: FileIndex, catalogue: Catalogue, count: int,
                 segment: int) -> None:
        context = multiprocessing.get_context("spawn")
        self.tasks = context.Queue(maxsize=2 * count)
        self.results = context.Queue()
        folder = index.storage.folder
        self.processes = [
            context.Process(target=_work, daemon=True, name=f"fahras-indexer-{n}",
                            args=(folder, index.indexname, catalogue, os.getpid(),
                                  self.tasks, self.results, segment))
            for n in range(count)]
        for process in self.processes:
            process.start()

    def submit(self, articles: list[Article]) -> None:
        while True:
            try:
                self.tasks.put(articles, timeout=1)
                return
            except queue.Full:
                self._check()

    def finish(self) -> list:
        for _ in self.processes:
            self.submit(None)  # type: ignore[arg-type]
        segments: list = []
        done = 0
        while done < len(self.processes):
            try:
                kind, value = self.results.get(timeout=1)
            except queue.Empty:
                self._check()
                continue
            if kind == "error":
                self.stop()
                raise _failed(value)
            segments.extend(value)
            done += 1
        for process in self.processes:
            process.join()
        return segments

    def _check(self) -> None:
        """Raise if a worker died without reporting (killed, out of memory)."""
        try:
            kind, value = self.results.get_nowait()
        except queue.Empty:
            kind = None
        if kind == "error":
            self.stop()
            raise _failed(value)
        if kind is not None:
            self.results.put((kind, value))
        dead = [p for p in self.processes if p.exitcode not in (None, 0)]
        if dead:
            self.stop()
            raise WorkerError(f"an indexing worker stopped with exit code {dead[0].exitcode}")

    def stop(self) -> None:
        for process in self.processes:
            if process.is_alive():
                process.kill()
        for process in self.processes:
            process.join()
        # Batches still queued for the dead workers: without this, the queue's feeder
        # thread blocks on the full pipe and the process never exits.
        self.tasks.cancel_join_thread()
        self.tasks.close()


def _failed(value: tuple[str, str]) -> WorkerError:
    summary, details = value
    return WorkerError(f"an indexing worker failed: {summary}", details)


def _die_with_parent(parent: int) -> None:
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    if os.getppid() != parent:  # the parent died before the line above
        os._exit(1)


def _work(folder: str, indexname: str, catalogue: Catalogue, parent: int,
          tasks: multiprocessing.Queue, results: multiprocessing.Queue,
          segment: int = MAX_SEGMENT_ARTICLES) -> None:
    _die_with_parent(parent)
    try:
        index = worker_index(folder, indexname)
        matcher = index_matcher(index, catalogue)
        segments = []
        writer, written = None, 0
        while True:
            try:
                articles = tasks.get(timeout=1)
            except queue.Empty:
                if os.getppid() != parent:
                    os._exit(1)
                continue
            if articles is None:
                break
            for article in articles:
                if writer is None:
                    writer, written = _segment_writer(index), 0
                writer.add_document(**document(matcher, article))
                written += 1
                if written >= segment:
                    segments.append(_finish_segment(writer))
                    writer = None
        if writer is not None:
            segments.append(_finish_segment(writer))
        results.put(("segments", segments))
    except BaseException as error:  # reported to the parent, which raises it
        summary = traceback.format_exception_only(error)[-1].strip()
        results.put(("error", (summary, traceback.format_exc())))


class _WorkerStorage(FileStorage):
    """The index folder, with a temporary folder of this worker's own for the posting
    pool (Whoosh names it after the index only, and a finished writer deletes it)."""

    def temp_storage(self, name=None):
        return super().temp_storage(f"{name or 'fahras'}-{os.getpid()}")


def _finish_segment(writer: SegmentWriter):
    segment = finalize_segment(writer)
    release(writer)  # its temporary files
    return segment


def _segment_writer(index: FileIndex) -> SegmentWriter:
    # No lock: the parent holds the store's lock, and the folder is a new generation.
    return unlocked_writer(TermGroupingWriter, index)
