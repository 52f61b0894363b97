"""Entity document sets are written beside each segment at build time and read from there."""

from __future__ import annotations

import numpy as np
import pytest

from fahras.index import entity_sets
from fahras.index.models import Filters
from fahras.index.search import Engine, SearchRequest
from fahras.index.store import Store


@pytest.fixture
def store(tmp_path, catalogue):
    from benchmarks.corpus import write_corpus

    built = Store(tmp_path / "index", catalogue)
    built.add([write_corpus(60, tmp_path / "corpus")])
    return built


def _sets_files(store: Store) -> list:
    return sorted(store.directory.glob(f"gen-*/*.{entity_sets.SUFFIX}"))


def _answer(store: Store):
    response = Engine(store).search(SearchRequest("", Filters(company=("tsmc",)), limit=100,
                                                  facets=True))
    return response.total, sorted(r.id for r in response.results), response.facets


def test_a_build_writes_each_segments_sets_and_searches_read_them(store, monkeypatch):
    files = _sets_files(store)
    with store.open().searcher() as searcher:
        segments = [sub.reader() for sub, _ in searcher.leaf_searchers()]
        assert len(files) == len(segments) >= 1
        for reader in segments:
            stored = entity_sets.read_sets(entity_sets.sets_file(reader))
            from_postings = entity_sets.postings_sets(reader)
            assert stored.keys() == from_postings.keys() and stored
            assert all(np.array_equal(stored[e], from_postings[e]) for e in stored)
    expected = _answer(store)
    assert expected[0] > 0

    def no_postings(reader):
        raise AssertionError("the sets were read from the postings")

    monkeypatch.setattr(entity_sets, "postings_sets", no_postings)
    assert _answer(Store(store.directory, store.catalogue)) == expected


def test_a_damaged_sets_file_is_read_from_the_postings_instead(store):
    expected = _answer(store)
    for path in _sets_files(store):  # damaged in place: its size is as recorded
        path.write_bytes(b"X" + path.read_bytes()[1:])
    assert _answer(Store(store.directory, store.catalogue)) == expected
    assert any(entity_sets.SUFFIX in problem for problem in store.check())  # by its hash


def test_an_addition_writes_its_segments_sets(store, tmp_path):
    (tmp_path / "new.txt").write_text("عنوان جديد\nأعلنت TSMC عن رقائق جديدة.", "utf-8")
    before = _answer(store)[0]
    store.add([tmp_path / "new.txt"])
    with store.open().searcher() as searcher:
        names = {f"{sub.reader().segment().segment_id()}.{entity_sets.SUFFIX}"
                 for sub, _ in searcher.leaf_searchers()}
    assert {p.name for p in _sets_files(store)} == names  # merged segments' files went too
    assert _answer(store)[0] == before + 1
    assert store.check() == []
