"""Dates, sources and copy groups are written beside each segment at build time and read
from there: a new process reads no posting list for them (issue 18's cold command)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from fahras.index.news import columns as news_columns
from fahras.index.news import segment_columns
from fahras.index.news.columns import NewsColumns
from fahras.index.news.segment_columns import SegmentColumns
from fahras.index.search import Engine, SearchRequest
from fahras.index.store import Store

NEWS = Path(__file__).parent.parent / "data" / "news"


@pytest.fixture
def store(tmp_path, catalogue):
    from benchmarks.corpus import write_corpus

    built = Store(tmp_path / "index", catalogue)
    built.add([write_corpus(60, tmp_path / "corpus"), NEWS])
    return built


def _columns_files(store: Store) -> list[Path]:
    return sorted(store.directory.glob(f"gen-*/*.{segment_columns.SUFFIX}"))


def _answers(store: Store) -> list:
    """What every use of the columns gives: date and source filters, their facets, the
    newest first, copies folded."""
    engine = Engine(store)
    requests = [SearchRequest("", limit=200), SearchRequest("ذاكرة", limit=50),
                SearchRequest("", since="2025-12", until="2025-12-31", limit=200),
                SearchRequest("", sources=("منصة الأفق",), limit=200),
                SearchRequest("", sort="date", limit=200)]
    out = []
    for request in requests:
        response = engine.search(request)
        out.append((response.total, response.news_facets,
                    [(r.id, r.date, r.source, tuple(c.id for c in r.also_in))
                     for r in response.results]))
    return out


def test_a_build_writes_each_segments_columns_and_a_new_store_reads_no_postings(
        store, monkeypatch):
    files = _columns_files(store)
    with store.open().searcher() as searcher:
        readers = [sub.reader() for sub, _ in searcher.leaf_searchers()]
        assert len(files) == len(readers) >= 1
        for reader in readers:
            stored = segment_columns.read_columns(segment_columns.columns_file(reader),
                                                  reader.doc_count_all())
            assert stored == segment_columns.postings_columns(reader)
            assert stored.group_names and stored.source_names and stored.dates.any()
    expected = _answers(store)
    assert any(also for _, _, results in expected for *_, also in results)  # copies found
    read = []
    real = segment_columns.postings_columns
    monkeypatch.setattr(segment_columns, "postings_columns",
                        lambda reader: read.append(reader) or real(reader))
    assert _answers(Store(store.directory, store.catalogue)) == expected
    assert read == []


def test_an_index_without_the_files_gives_the_same_answers(store):
    expected = _answers(store)
    for path in _columns_files(store):
        path.unlink()
    assert _answers(Store(store.directory, store.catalogue)) == expected


HEADER = len(segment_columns.MAGIC) + 8

@pytest.mark.parametrize("damage", [  # in place: the file keeps the size recorded
    lambda data: b"X" + data[1:],  # not the magic line
    lambda data: data[:HEADER] + b"X" + data[HEADER + 1:],  # a header that is not JSON
    lambda data: data[:-4] + np.array([999], dtype="<i4").tobytes(),  # a group not named
])
def test_a_damaged_columns_file_is_read_from_the_postings_instead(store, damage):
    expected = _answers(store)
    for path in _columns_files(store):
        path.write_bytes(damage(path.read_bytes()))
    assert _answers(Store(store.directory, store.catalogue)) == expected
    assert any(segment_columns.SUFFIX in problem for problem in store.check())  # its hash


def test_a_columns_file_cut_short_or_of_another_segment_size_is_not_used(store, tmp_path):
    with store.open().searcher() as searcher:
        reader = searcher.leaf_searchers()[0][0].reader()
        path = segment_columns.columns_file(reader)
        assert segment_columns.read_columns(path, reader.doc_count_all()) is not None
        assert segment_columns.read_columns(path, reader.doc_count_all() + 1) is None
        short = tmp_path / "short.news"
        short.write_bytes(path.read_bytes()[:-4])
        assert segment_columns.read_columns(short, reader.doc_count_all()) is None


def test_an_addition_writes_its_segments_columns(store, tmp_path):
    (tmp_path / "new.jsonl").write_text(
        '{"id": "late", "source": "مصدر جديد", "date": "2026-02-01", '
        '"title": "عنوان", "text": "أعلنت TSMC عن رقائق جديدة."}\n', "utf-8")
    store.add([tmp_path / "new.jsonl"])
    with store.open().searcher() as searcher:
        names = {f"{sub.reader().segment().segment_id()}.{segment_columns.SUFFIX}"
                 for sub, _ in searcher.leaf_searchers()}
    assert {p.name for p in _columns_files(store)} == names  # merged segments' files went
    found = Engine(store).search(SearchRequest("", sources=("مصدر جديد",), since="2026-02"))
    assert [r.id for r in found.results] == ["late"]
    assert store.check() == []


def _segment(dates, sources, source_names, groups, group_names) -> SegmentColumns:
    def as_array(values):
        return np.asarray(values, dtype=np.int32)

    return SegmentColumns(dates=as_array(dates), sources=as_array(sources),
                          source_names=tuple(source_names), groups=as_array(groups),
                          group_names=tuple(group_names))


class _Leaf:
    def __init__(self, reader: object) -> None:
        self._reader = reader

    def reader(self) -> object:
        return self._reader


class _Searcher:
    """Two segments of 3 and 2 documents, as NewsColumns sees a searcher."""

    def __init__(self, size: int) -> None:
        self.size = size

    def reader(self):
        return self

    def doc_count_all(self) -> int:
        return self.size

    def leaf_searchers(self):
        return [(_Leaf("first"), 0), (_Leaf("second"), 3)]


def test_segments_are_joined_by_name_and_a_copy_group_may_span_them(monkeypatch):
    parts = {
        "first": _segment([20250101, 0, 20251231], [0, 1, -1], ["b", "c"], [0, -1, 0],
                          ["wire-1"]),
        "second": _segment([20240229, 20250101], [1, 0], ["a", "b"], [0, 1],
                           ["wire-0", "wire-1"]),
    }
    monkeypatch.setattr(news_columns, "segment_columns", parts.__getitem__)
    live = np.array([True, True, True, True, False])
    columns = NewsColumns(_Searcher(5), live)
    assert columns.dates.tolist() == [20250101, 0, 20251231, 20240229, 20250101]
    assert [columns.source_names[n] if n >= 0 else None for n in columns.sources] == [
        "b", "c", None, "b", "a"]
    assert columns.copies(0) == [2]  # the deleted document 4 is no copy
    assert columns.copies(2) == [0]
    assert columns.copies(3) == [] and columns.copies(1) == []
    allowed = columns.allowed(since="2025", sources=["B"])
    assert allowed.tolist() == [True, False, False, False, False]
