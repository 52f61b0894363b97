"""Building in worker processes gives the index a single process gives; failures are clean."""

from __future__ import annotations

from array import array

import pytest

from fahras.index.building import GenerationWriter, WorkerError, workers_for
from fahras.index.generation import storage as _storage
from fahras.index.models import Article, Filters
from fahras.index.schema import build_schema
from fahras.index.search import Engine, SearchRequest
from fahras.index.store import Store
from fahras.index.writer import TermPool

QUERIES = [SearchRequest("الذكاء"), SearchRequest('"أشباه الموصلات"'),
           SearchRequest("رقائق -سامسونج"), SearchRequest("", Filters(company=("tsmc",))),
           SearchRequest("استث*")]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    from benchmarks.corpus import write_corpus

    return write_corpus(400, tmp_path_factory.mktemp("corpus"))


def _answers(store: Store) -> list:
    engine = Engine(store)
    answers = []
    for request in QUERIES:
        response = engine.search(SearchRequest(request.text, request.filters, limit=400))
        answers.append((response.total, response.facets,
                        sorted((r.id, round(r.score, 6)) for r in response.results)))
    return answers


def test_a_parallel_build_finds_what_a_single_process_build_finds(corpus, tmp_path, catalogue):
    single = Store(tmp_path / "single", catalogue)
    parallel = Store(tmp_path / "parallel", catalogue)
    assert single.add([corpus], jobs=1).added == parallel.add([corpus], jobs=2).added
    with parallel.open().searcher() as searcher:
        # A segment per worker, unless one worker took every batch before the other started.
        assert 1 <= len(searcher.leaf_searchers()) <= 2
    assert single.count() == parallel.count() == 400
    assert _answers(single) == _answers(parallel)
    assert all(total for total, _, _ in _answers(parallel))


def test_an_index_built_in_parallel_takes_incremental_additions(corpus, tmp_path, catalogue):
    store = Store(tmp_path / "index", catalogue)
    store.add([corpus], jobs=2)
    (tmp_path / "new.txt").write_text("عنوان جديد\nأعلنت هواوي عن رقائق جديدة.", "utf-8")
    assert store.add([tmp_path / "new.txt"]).added == ("new",)
    assert store.count() == 401
    found = Engine(store).search(SearchRequest('"عنوان جديد"'))
    assert [r.id for r in found.results] == ["new"]


def test_a_failing_worker_stops_the_build_with_its_error(tmp_path, catalogue):
    store = Store(tmp_path / "unused", catalogue)
    index = _storage(tmp_path).create_index(build_schema(store.analyzer))
    builder = GenerationWriter(index, store.matcher, catalogue, 2, lambda: None)
    broken = Article(id="x", title="عنوان", paragraphs=None,  # type: ignore[arg-type]
                     path="x.txt", content_hash="0")
    builder.add(broken)
    with pytest.raises(WorkerError, match="TypeError") as raised:
        builder.commit()
    assert "\n" not in str(raised.value) and "Traceback" in raised.value.details
    assert all(not p.is_alive() for p in builder._pool.processes)


def test_adding_to_a_many_segment_index_rewrites_only_small_segments(corpus, tmp_path,
                                                                      catalogue, monkeypatch):
    from fahras.index import writer

    store = Store(tmp_path / "index", catalogue)
    store.add([corpus], jobs=2)
    large = {s.segment_id() for s in store.open()._segments()}
    monkeypatch.setattr(writer, "SMALL_SEGMENT", 100)
    for n in range(3):
        (tmp_path / f"new{n}.txt").write_text(f"عنوان {n}\nنص جديد عن هواوي.", "utf-8")
        store.add([tmp_path / f"new{n}.txt"])
    segments = store.open()._segments()
    assert large <= {s.segment_id() for s in segments}  # never rewritten
    assert len(segments) == len(large) + 1  # the small ones folded into one
    assert store.count() == 403


def test_small_builds_stay_in_this_process():
    assert workers_for(5, None) == 0
    assert workers_for(5, 1) == 0
    assert workers_for(5, 3) == 3


def test_postings_added_out_of_order_are_written_in_order():
    pool = TermPool()
    for docnum in (5, 2, 9):
        pool.add(("body", b"term", docnum, float(docnum), bytes([docnum])))
    pool.add(("body", b"apple", 1, 1.0, b"\x01"))
    (_, first, *_), (_, second, ids, weights, sizes, values) = list(pool.sorted_terms())
    assert (first, second) == (b"apple", b"term")
    assert ids == array("I", [2, 5, 9])
    assert list(weights) == [2.0, 5.0, 9.0]
    assert (list(sizes), bytes(values)) == ([1, 1, 1], b"\x02\x05\x09")
    assert [p[2:] for p in pool.iter_postings()][1:] == [
        (2, 2.0, b"\x02"), (5, 5.0, b"\x05"), (9, 9.0, b"\x09")]


def test_whooshs_own_writer_is_told_to_use_fahras_writer(tmp_path, catalogue):
    from whoosh.writing import SegmentWriter

    from fahras.index.codec import FahrasCodec

    store = Store(tmp_path / "unused", catalogue)
    index = _storage(tmp_path).create_index(build_schema(store.analyzer))
    writer = SegmentWriter(index, codec=FahrasCodec())
    writer.add_document(id="a", path="a.txt", hash="0", body="نص", exact="نص", data="{}")
    with pytest.raises(TypeError, match="TermGroupingWriter"):
        writer.commit()


def _postings(index) -> dict:
    """Every term's postings (document, weight, value) and every field length."""
    found = {}
    with index.searcher() as searcher:
        reader = searcher.reader()
        for fieldname in reader.indexed_field_names():
            for term in reader.lexicon(fieldname):
                matcher = reader.postings(fieldname, term)
                postings = []
                while matcher.is_active():
                    postings.append((matcher.id(), matcher.weight(), matcher.value()))
                    matcher.next()
                found[fieldname, term] = postings
        for docnum in range(reader.doc_count_all()):
            for fieldname in ("body", "exact", "title"):
                found[docnum, fieldname] = reader.doc_field_length(docnum, fieldname)
    return found


def test_the_writers_own_path_writes_what_whooshs_path_writes(corpus, tmp_path, catalogue):
    from fahras.index.building import document
    from fahras.index.corpus import read_paths
    from fahras.index.writer import TermGroupingWriter

    store = Store(tmp_path / "unused", catalogue)
    articles = [a for a in read_paths([corpus]) if isinstance(a, Article)][:60]
    indexes = []
    for name, extra in (("fast", {}), ("whoosh", {"_boost": 1.0})):  # a boost: Whoosh's path
        (tmp_path / name).mkdir()
        index = _storage(tmp_path / name).create_index(build_schema(store.analyzer))
        writer = TermGroupingWriter(index)
        for article in articles:
            writer.add_document(**document(store.matcher, article), **extra)
        writer.commit()
        indexes.append(_postings(index))
    assert indexes[0] == indexes[1]
    assert any(key[0] == "body" and len(value) > 1 for key, value in indexes[0].items())


def test_reading_workers_give_results_in_order_across_windows(monkeypatch):
    from fahras.index import building

    monkeypatch.setattr(building, "READ_WINDOW", 7)
    readers = building.FileReaders(2)
    try:
        assert list(readers.map(abs, [-n for n in range(30)])) == list(range(30))
    finally:
        readers.close()


def test_both_reading_passes_go_through_the_file_map(corpus, monkeypatch):
    from fahras.index import corpus as reading
    from fahras.index.news import learning

    files = sorted(reading.iter_files([corpus]))[:12]
    mapped: list[str] = []

    def recording_map(function, items):
        mapped.append(function.func.__name__)
        return map(function, items)

    monkeypatch.setattr(learning, "CACHE_ARTICLES", 5)  # past it, files are read again
    reader = learning.LearningReader(files, reading.read_path, recording_map)
    read = [(item, [a.id for a in articles]) for item, articles in reader.each(files)]
    assert mapped == ["survey", "read_all"]
    assert read == [(path, [a.id for a in reading.read_path(path)]) for path in files]


def test_a_rebuild_gives_each_worker_one_segment_unless_memory_caps_it(corpus, tmp_path,
                                                                         catalogue, monkeypatch):
    from fahras.index import building

    def segments(name: str, folder=corpus) -> int:
        store = Store(tmp_path / name, catalogue)
        store.add([folder], jobs=2)
        with store.open().searcher() as searcher:
            return len(searcher.leaf_searchers())

    assert segments("one each") <= 2  # 400 articles, 2 workers
    monkeypatch.setattr(building, "MAX_SEGMENT_ARTICLES", 100)
    assert segments("capped") >= 4


def test_files_of_many_articles_still_give_each_worker_one_segment(tmp_path, catalogue,
                                                                  monkeypatch):
    """The segment size once came from the number of files: 40 JSON Lines files of ten
    articles made segments of 50 articles here (of 2,000 at 10,000 articles)."""
    from benchmarks.realistic import write_corpus
    from fahras.index import building

    folder = write_corpus(400, tmp_path / "corpus", names=20_000)
    # The old floor of a segment's size, small as in the test above: a size counted in
    # files fell to it.
    monkeypatch.setattr(building, "SEGMENT_ARTICLES", 50, raising=False)
    store = Store(tmp_path / "index", catalogue)
    store.add([folder], jobs=2)
    assert store.count() == 400
    with store.open().searcher() as searcher:
        assert len(searcher.leaf_searchers()) <= 2


def test_a_worker_analyses_each_word_once_for_the_matcher_and_the_index(tmp_path, catalogue):
    from fahras.index.building import _segment_writer, document, index_matcher, worker_index

    store = Store(tmp_path / "unused", catalogue)
    (tmp_path / "new").mkdir()
    _storage(tmp_path / "new").create_index(build_schema(store.analyzer), "MAIN")
    index = worker_index(str(tmp_path / "new"), "MAIN")
    matcher = index_matcher(index, catalogue)
    writer = _segment_writer(index)
    article = Article(id="a", title="إنفيديا تعلن", paragraphs=("أعلنت إنفيديا عن رقائق.",),
                      path="a.txt", content_hash="0")
    writer.add_document(**document(matcher, article))
    writer.cancel()
    words = {"إنفيديا", "تعلن", "أعلنت", "عن", "رقائق"}
    analysers = {id(a): a for a in (matcher.analyzer, *(
        writer.schema[name].analyzer.analyzer for name in ("body", "exact", "title")))}
    assert sum(a.form.cache_info().misses for a in analysers.values()) == len(words)
