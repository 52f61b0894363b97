"""The judged relevance set scored in CI: recall and precision at 10 (figures printed at
the end of the run by tests/conftest.py)."""

from __future__ import annotations

import shutil

import pytest

from fahras.index.search import Engine
from fahras.index.store import Store

from .relevance import ARTICLES, article_count, evaluate, ids_in, judged_queries, means

FIGURES: dict[str, float] = {}
RECALL_AT_10 = 0.95
PRECISION_AT_10 = 0.95


@pytest.fixture(scope="module")
def relevance_engine(tmp_path_factory, catalogue):
    root = tmp_path_factory.mktemp("relevance")
    shutil.copy(ARTICLES, root / ARTICLES.name)
    store = Store(root / "index", catalogue)
    store.add([root / ARTICLES.name])
    yield Engine(store)
    shutil.rmtree(root, ignore_errors=True)


def test_the_set_is_big_enough_and_judged_against_real_ids():
    queries = judged_queries()
    assert len(queries) >= 40 and article_count() >= 60
    known = ids_in(ARTICLES)
    for query in queries:
        assert query.relevant <= known, query.text


def test_recall_and_precision_at_10(relevance_engine):
    scored = evaluate(relevance_engine)
    precision, recall = means(scored)
    FIGURES.update({"queries": len(scored), "articles": article_count(),
                    "precision@10": precision, "recall@10": recall})
    misses = [(s.query.text, round(s.precision, 2), round(s.recall, 2), s.shown)
              for s in scored if s.precision < 1 or s.recall < 1]
    assert recall >= RECALL_AT_10, misses
    assert precision >= PRECISION_AT_10, misses
