"""The benchmark's own promises: a deterministic realistic corpus fahras reads with its
entities, sources, dates and copies; baselines that find what fahras finds."""

from __future__ import annotations

import json
import math

import pytest

from benchmarks import realistic
from benchmarks.fts5 import FTS5
from benchmarks.run import QUERIES
from benchmarks.same_work import analysed_documents, neutral, positions, qualifying_sets
from benchmarks.tantivy_engine import Tantivy, available
from fahras.index.analysis import Analyzer
from fahras.index.models import Filters
from fahras.index.search import Engine, SearchRequest
from fahras.index.store import Store

#: Few names: the corpus is the same kind, made in a fraction of a second.
NAMES = 3_000
ARTICLES = 120


def _records(seed: int, count: int) -> list[dict]:
    return list(realistic.Realistic(seed, names=NAMES).records(count))


def test_realistic_corpus_is_the_same_for_a_seed_and_another_for_another_seed():
    assert _records(3, 15) == _records(3, 15)
    assert _records(3, 15) != _records(4, 15)


def test_realistic_words_carry_clitics_and_inflections_of_generated_lemmas():
    generator = realistic.Realistic(3, names=NAMES)
    words = set(" ".join(" ".join(r["text"]) for r in generator.records(60)).split())
    lemma = next(str(w) for w in generator.lemmas[:50] if f"وال{w}" in words)
    assert {f"وال{lemma}", f"ال{lemma}"} & words
    assert any(w.startswith(("بال", "لل", "وال")) and w.endswith(("ات", "ين", "ها"))
               for w in words)


def test_vocabulary_counts_forms_and_fits_heaps_law():
    vocabulary = realistic.Vocabulary()
    vocabulary.checkpoints = [(a, n, round(7 * n ** 0.65)) for a, n in
                              ((1000, 10**5), (2000, 2 * 10**5), (5000, 5 * 10**5))]
    k, beta = vocabulary.heaps()
    assert beta == pytest.approx(0.65, abs=1e-3) and k == pytest.approx(7, rel=0.01)
    counted = realistic.Vocabulary(limit=1)
    counted.count({"title": "أعلنت الشركة", "text": ["الشركة، أعلنت 3.5 مليار."]})
    counted.count({"title": "لا يعد", "text": ["أبداً"]})
    assert counted.forms == {"أعلنت", "الشركة", "3.5", "مليار"} and counted.tokens == 6


@pytest.fixture(scope="module")
def realistic_engine(tmp_path_factory, catalogue) -> Engine:
    corpus = realistic.write_corpus(ARTICLES, tmp_path_factory.mktemp("realistic"), seed=5,
                                    names=NAMES)
    store = Store(tmp_path_factory.mktemp("realistic-index"), catalogue)
    store.add([corpus])
    return Engine(store)


def test_realistic_corpus_gives_sources_dates_entities_and_syndicated_copies(
        realistic_engine):
    everything = realistic_engine.search(SearchRequest("", limit=ARTICLES))
    assert everything.total == ARTICLES
    assert {r.source for r in everything.results} <= set(realistic.SOURCES)
    assert len({r.source for r in everything.results}) > 5
    assert len({r.date[:4] for r in everything.results}) > 5
    assert any(r.also_in for r in everything.results)  # copies folded into their story
    tsmc = realistic_engine.search(SearchRequest("", Filters(company=("tsmc",))))
    assert 0 < tsmc.total < ARTICLES
    assert any(f.id == "tsmc" for f in tsmc.facets["company"])


def test_positions_are_the_terms_fahras_indexes():
    analyzer = Analyzer()
    paragraphs = ["أعلنت الشركات عن رقائق جديدة في تايوان", "وقال إن لشركة على الذاكرة 3.5"]
    body, exact = positions(analyzer, paragraphs)
    indexed_body, indexed_exact = analyzer.index_terms("\n".join(paragraphs))
    assert {(t, p) for p, terms in body.items() for t in terms} == {
        (t, p) for t, found in indexed_body.items() for p in found}
    assert {(t, p) for p, t in exact.items()} == {
        (t, p) for t, found in indexed_exact.items() for p in found}


def test_coordinated_words_are_accepted_as_fahras_accepts_them():
    assert qualifying_sets([10, 10], 100, (False, False)) == [(0, 1)]
    # of three words, two that carry 60% of the idf weight are enough
    assert qualifying_sets([1, 1, 90], 100, (False, False, False)) == [(0, 1)]
    assert qualifying_sets([1, 50, 50], 100, (False, False, False)) == [(0, 1), (0, 2)]
    assert qualifying_sets([1, 1, 90], 100, (False, False, True)) == [(0, 1, 2)]


def _engines(tmp_path):
    made = [FTS5(tmp_path / "fts.db")]
    if available():
        made.append(Tantivy(tmp_path / "tantivy"))
    return made


def test_baselines_find_the_totals_and_facets_fahras_finds_for_every_query_kind(realistic_engine, tmp_path):
    expected = {name: realistic_engine.search(request).total
                for name, request in QUERIES.items()}
    facets = {name: {f.id: f.count for found in realistic_engine.search(request).facets.values()
                     for f in found} for name, request in QUERIES.items()}
    assert all(expected.values())  # the corpus holds every query's words
    for baseline in _engines(tmp_path):
        baseline.add(analysed_documents(realistic_engine))
        found = {name: baseline.total(neutral(realistic_engine, request))
                 for name, request in QUERIES.items()}
        assert found == expected, baseline.name
        for name, request in QUERIES.items():
            assert baseline.facets(neutral(realistic_engine, request)) == facets[name], name
        assert len(baseline.page(neutral(realistic_engine, QUERIES["common word"]))) == 20


def test_corpus_is_written_ten_articles_to_a_file_in_order(tmp_path):
    folder = realistic.write_corpus(25, tmp_path, names=NAMES)
    files = sorted(folder.rglob("*.jsonl"))
    assert len(files) == math.ceil(25 / realistic.ARTICLES_PER_FILE)
    lines = [json.loads(line) for f in files for line in f.read_text("utf-8").splitlines()]
    assert [r["id"] for r in lines] == [f"r{n:07d}" for n in range(25)]
