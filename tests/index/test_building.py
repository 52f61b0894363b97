"""Building in worker processes gives the index a single process gives; failures are clean."""

from __future__ import annotations

from array import array

import pytest

from index.building import GenerationWriter, WorkerError, workers_for
from index.generation import storage as _storage
from index.models import Article, Filters
from index.schema import build_schema
from index.search import Engine, SearchRequest
from index.store import Store
from index.writer import TermPool

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
    broken = Article("x", "عنوان", None, "x.txt", "0")  # type: ignore[arg-type]
    builder.add(broken)
    with pytest.raises(WorkerError, match="TypeError") as raised:
        builder.commit()
    assert "\n" not in str(raised.value) and "Traceback" in raised.value.details
    assert all(not p.is_alive() for p in builder._pool.processes)


def test_adding_to_a_many_segment_index_rewrites_only_small_segments(corpus, tmp_path,
                                                                      catalogue, monkeypatch):
    from index import writer

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

    from index.codec import FahrasCodec

    store = Store(tmp_path / "unused", catalogue)
    index = _storage(tmp_path).create_index(build_schema(store.analyzer))
    writer = SegmentWriter(index, codec=FahrasCodec())
    writer.add_document(id="a", path="a.txt", hash="0", body="نص", exact="نص", data="{}")
    with pytest.raises(TypeError, match="TermGroupingWriter"):
        writer.commit()
