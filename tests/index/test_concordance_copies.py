"""The concordance over real news: a line that syndicated copies repeat is given once,
naming the copies; ``Engine.matching`` is what the search counts; the articles are
ranked in growing batches, so the first screen does not sort every match."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from fahras.index import concordance as kwic
from fahras.index.concordance_export import COPIES_SEPARATOR, render
from fahras.index.search import Engine, Matching, SearchRequest
from fahras.index.store import Store

NEWS = Path(__file__).parent.parent / "data" / "news"
#: One wire story in three outlets (tests/data/news/wire), all naming ذاكرة.
HBM = {"ofuq-hbm", "madar-hbm", "nabd-hbm"}
QUERY = "ذاكرة"


@pytest.fixture(scope="module")
def news_engine(tmp_path_factory, catalogue) -> Engine:
    store = Store(tmp_path_factory.mktemp("kwic-copies"), catalogue)
    store.add([NEWS])
    return Engine(store)


def fold_key(line: kwic.ConcordanceLine) -> tuple:
    return line.form, line.left_keys[:3], line.right_keys[:3]


def test_a_line_repeated_by_copies_is_given_once_naming_them(news_engine):
    folded = list(kwic.concordance(news_engine, SearchRequest(QUERY)))
    unfolded = list(kwic.concordance(news_engine, SearchRequest(QUERY), fold=False))
    story = [line for line in folded if line.article_id in HBM]
    assert len(story) < len([line for line in unfolded if line.article_id in HBM])
    # no line of the story twice, and every repeat accounted for by a named copy
    assert max(Counter(fold_key(line) for line in story).values()) == 1
    assert sum(1 + len(line.copies) for line in folded) == len(unfolded)
    shared = [line for line in story if len(line.copies) == 2]
    assert shared and all({line.article_id, *line.copies} == HBM for line in shared)
    # articles that are not copies of anything are as they were
    assert [line for line in folded if line.article_id not in HBM] == \
        [line for line in unfolded if line.article_id not in HBM]


def test_a_copy_line_of_its_own_is_kept_and_later_copies_fold_into_it():
    def line(article: str, after: str) -> kwic.ConcordanceLine:
        return kwic.ConcordanceLine(article, 0, 0, 1, "", "x", "", form="x",
                                    right_keys=(after,))

    first, second, third = [line("a", "y")], [line("b", "y"), line("b", "z")], \
        [line("c", "z"), line("c", "y"), line("c", "y")]
    folded = kwic.fold_copy_lines(first, [second, third])
    assert [(x.article_id, x.right_keys, x.copies) for x in folded] == [
        ("a", ("y",), ("b", "c")),  # c's second "y" line is one more line of its own
        ("b", ("z",), ("c",)),
        ("c", ("y",), ()),
    ]


def test_the_export_names_a_lines_copies(news_engine):
    folded = list(kwic.concordance(news_engine, SearchRequest(QUERY)))
    [line] = [x for x in folded if len(x.copies) == 2][:1]
    rows = render([line], "tsv").splitlines()
    header, row = rows[0].split("\t"), rows[1].split("\t")
    assert row[header.index("copies")].split(COPIES_SEPARATOR) == list(line.copies)
    assert '"copies": [' in render([line], "jsonl")


def test_matching_is_what_the_search_counts(news_engine):
    for request in (SearchRequest(QUERY), SearchRequest(QUERY, since="2025-12-02"),
                    SearchRequest(""), SearchRequest("ال")):
        found = news_engine.matching(request)
        assert isinstance(found, Matching)
        assert found.count == news_engine.search(request).total
        ranked = found.ranked(found.count + 5)
        assert sorted(ranked) == [int(n) for n in found.matched.nonzero()[0]]
    found = news_engine.matching(SearchRequest(QUERY))
    best = news_engine.search(SearchRequest(QUERY)).results[0].id
    assert found.searcher.stored_fields(found.ranked(1)[0])["id"] == best


def test_the_first_screen_ranks_a_batch_not_every_match(tmp_path, catalogue, monkeypatch):
    folder = tmp_path / "many"
    folder.mkdir()
    articles = kwic.FIRST_BATCH * 2
    for n in range(articles):
        (folder / f"{n:03}.txt").write_text(f"خبر رقم {n}\nأعلنت الشركة عن رقائق {n}.",
                                            "utf-8")
    engine = Engine(Store(tmp_path / "index", catalogue))
    engine.store.add([folder])
    asked: list[int] = []
    real = Matching.ranked

    def ranked(self, count):
        asked.append(count)
        return real(self, count)

    monkeypatch.setattr(Matching, "ranked", ranked)
    stream = kwic.concordance(engine, SearchRequest("رقائق"))
    assert len(kwic.first(stream)) == kwic.FIRST_SCREEN
    assert asked == [kwic.FIRST_BATCH]
    rest = list(stream)
    assert asked == [kwic.FIRST_BATCH, kwic.FIRST_BATCH * kwic.BATCH_GROWTH]
    ids = [line.article_id for line in [*kwic.first(
        kwic.concordance(engine, SearchRequest("رقائق")), articles)]]
    assert len(set(ids)) == len(ids) == articles == kwic.FIRST_SCREEN + len(rest)
