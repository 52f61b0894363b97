"""The array codec and the numpy ranker agree with Whoosh's own matchers and BM25F; where
fahras scores differently on purpose (a word's terms as one term, title hits, coordination
and proximity: issue 14 and issue 13's ranking by entity), the tests below say what it does
instead."""

from __future__ import annotations

import shutil

import numpy as np
import pytest
from whoosh import query as wq
from whoosh.scoring import BM25F

from fahras.index import ranking, writer
from fahras.index.codec import position_arrays, posting_arrays
from fahras.index.ranking import Coordinated, Group, Ranker, top
from fahras.index.schema import to_view
from fahras.index.store import Store


@pytest.fixture(scope="module")
def two_segments(tmp_path_factory, catalogue):
    """600 generated articles in two segments, one article replaced (a deletion)."""
    from benchmarks.corpus import write_corpus

    root = tmp_path_factory.mktemp("ranking")
    first = write_corpus(350, root / "first")
    second = write_corpus(250, root / "second", seed=8)
    store = Store(root / "index", catalogue)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(writer, "SMALL_SEGMENT", 0)  # keep every commit's segment
        store.add([first])
        store.add([second])
        changed = sorted(first.rglob("*.txt"))[0]
        changed.write_text(changed.read_text("utf-8") + "\nفقرة أضيفت بعد النشر.", "utf-8")
        store.add([first])
    yield store
    shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="module")
def searcher(two_segments):
    with two_segments.open().searcher(weighting=BM25F()) as searcher:
        yield searcher


@pytest.fixture(scope="module")
def ranker(searcher):
    return Ranker(searcher)


def test_the_fixture_has_segments_and_a_deletion(searcher, ranker):
    assert len(searcher.leaf_searchers()) >= 2
    assert searcher.doc_count() == 600 < searcher.doc_count_all()
    assert np.count_nonzero(ranker.live) == 600


def _common(searcher, fieldname, least):
    reader = searcher.reader()
    for term in reader.lexicon(fieldname):
        text = term.decode("utf-8")
        if reader.doc_frequency(fieldname, text) >= least:
            return text
    raise AssertionError(f"no term in {least} documents")


def test_postings_read_back_through_whooshs_interface_and_as_arrays(searcher):
    text = _common(searcher, "body", 300)  # spans several 256-posting blocks
    checked = 0
    for sub, _ in searcher.leaf_searchers():
        reader = sub.reader()
        if not reader.frequency("body", text):
            continue
        expected = []
        matcher = reader.postings("body", text)
        while matcher.is_active():  # Whoosh's interface leaves out deleted documents
            expected.append((matcher.id(), matcher.weight(), matcher.value_as("positions")))
            matcher.next()
        live = [not reader.is_deleted(n) for n in range(reader.doc_count_all())]
        ids, weights = posting_arrays(reader.postings("body", text))
        docs, positions = position_arrays(reader.postings("body", text))
        kept = [live[n] for n in ids.tolist()]
        assert ids[kept].tolist() == [e[0] for e in expected]
        assert weights[kept].tolist() == [e[1] for e in expected]
        pairs = [(d, p) for d, p in zip(docs.tolist(), positions.tolist()) if live[d]]
        assert pairs == [(docnum, p) for docnum, _, found in expected for p in found]
        assert all(w == len(found) for _, w, found in expected)
        checked += len(expected)
    assert checked >= 300


def test_stored_positions_are_the_analysers(searcher, two_segments):
    analyzer = two_segments.analyzer
    stored = searcher.stored_fields(3)
    view = to_view(stored)
    body, exact = analyzer.index_terms("\n".join((view.title, *view.paragraphs)))
    reader = searcher.reader()
    for fieldname, terms in (("body", body), ("exact", exact)):
        for term, expected in list(terms.items())[:40]:
            matcher = reader.postings(fieldname, term)
            matcher.skip_to(3)
            assert matcher.id() == 3
            assert matcher.value_as("positions") == expected


@pytest.mark.parametrize("make,constant", [
    (lambda c, r: wq.Term("body", c), 0),
    (lambda c, r: wq.Term("exact", "الذكاء"), 0),
    (lambda c, r: wq.And([wq.Term("body", c), wq.Term("body", r)]), 0),
    (lambda c, r: wq.Or([wq.Term("body", r), wq.Term("entities", "nvidia")]), 0),
    # Whoosh scores a NOT clause as a constant 1 for every match: the same order.
    (lambda c, r: wq.And([wq.Term("body", c), wq.Not(wq.Term("body", r))]), 1),
], ids=["common", "exact", "and", "or-entity", "and-not"])
def test_scores_are_whooshs_bm25f(searcher, ranker, make, constant):
    common = _common(searcher, "body", 400)
    rare = next(t.decode("utf-8") for t in searcher.reader().lexicon("body")
                if 20 <= searcher.doc_frequency("body", t.decode("utf-8")) <= 80)
    query = make(common, rare)
    expected = {hit.docnum: hit.score for hit in searcher.search(query, limit=None)}
    mask, scores = ranker.matches(query)
    assert set(np.flatnonzero(mask).tolist()) == set(expected)
    assert expected
    for docnum, score in expected.items():
        assert scores[docnum] + constant == pytest.approx(score, rel=1e-6)


@pytest.mark.parametrize("words,slop", [
    (("اشباه", "موصل"), 1), (("اشباه", "موصل"), 2), (("ذكاء", "اصطناع"), 1),
    (("شرك", "تايوان", "صناع"), 1), (("ذكاء", "اصطناع"), 3),
])
def test_phrases_match_what_whooshs_span_matcher_matches(searcher, ranker, words, slop):
    phrase = wq.Phrase("body", list(words), slop=slop)
    expected = set(searcher.docs_for_query(phrase))
    mask, _ = ranker.matches(phrase)
    assert set(np.flatnonzero(mask).tolist()) == expected


def test_a_phrase_that_no_article_holds_matches_none(searcher, ranker):
    mask, _ = ranker.matches(wq.Phrase("body", ["اصطناع", "ذكاء"], slop=1))
    assert set(searcher.docs_for_query(wq.Phrase("body", ["اصطناع", "ذكاء"]))) == set()
    assert not mask.any()


def test_top_orders_by_score_then_index_order():
    mask = np.array([True, True, False, True, True])
    scores = np.array([1.0, 3.0, 9.0, 3.0, 2.0])
    assert top(mask, scores, 3) == [(1, 3.0), (3, 3.0), (4, 2.0)]
    assert top(mask, scores, 10) == [(1, 3.0), (3, 3.0), (4, 2.0), (0, 1.0)]


def test_entity_sets_leave_out_deleted_articles(searcher, ranker):
    for entity_id, docs in ranker.entity_docs.items():
        expected = {n for n in searcher.reader().postings("entities", entity_id).all_ids()
                    if not searcher.reader().is_deleted(n)}
        assert set(docs.tolist()) == expected


def test_prefix_completions_are_the_most_frequent_terms_whoosh_expands(two_segments, searcher):
    from fahras.index.search import Engine

    reader = searcher.reader()
    starts = ["الذ", "والذ", "است"]
    expanded = {t.decode("utf-8") for s in starts for t in reader.expand_prefix("exact", s)}
    expected = sorted(expanded, key=lambda t: (-reader.doc_frequency("exact", t), t))[:10]
    assert len(expanded) > 10
    assert Engine(two_segments).lexicon().completions(starts, 10) == expected


def test_the_lexicon_follows_the_index(writable_index, tmp_path):
    from fahras.index.search import Engine

    engine = Engine(writable_index)
    assert engine.lexicon().completions(["زمرد"], 10) == []
    (tmp_path / "new.txt").write_text("عنوان\nزمردة خضراء في المعرض.", "utf-8")
    writable_index.add([tmp_path])
    assert engine.lexicon().completions(["زمرد"], 10) == ["زمرده"]


def test_threads_share_the_index_arrays_until_the_index_changes(writable_index, tmp_path):
    import threading

    from fahras.index.search import Engine

    engine = Engine(writable_index)
    seen = []

    def in_a_thread():
        thread = threading.Thread(target=lambda: seen.append(engine._searcher()[1].arrays))
        thread.start()
        thread.join()

    in_a_thread()
    in_a_thread()
    assert seen[0] is seen[1]
    (tmp_path / "new.txt").write_text("عنوان\nنص عن هواوي.", "utf-8")
    writable_index.add([tmp_path])
    in_a_thread()
    assert seen[2] is not seen[0] and seen[2].size == seen[0].size + 1


# -- where fahras scores on purpose differently from Whoosh ---------------------------------

def _rare(searcher, least=20, most=80, skip=()):
    return next(t.decode("utf-8") for t in searcher.reader().lexicon("body")
                if least <= searcher.doc_frequency("body", t.decode("utf-8")) <= most
                and t.decode("utf-8") not in skip)


def test_a_one_term_group_without_title_weight_is_whooshs_term(searcher, ranker, monkeypatch):
    monkeypatch.setattr(ranking, "TITLE_WEIGHT", 0.0)
    common = _common(searcher, "body", 400)
    expected = {hit.docnum: hit.score for hit in
                searcher.search(wq.Term("body", common), limit=None)}
    mask, scores = ranker.matches(Group((common,)))
    assert set(np.flatnonzero(mask).tolist()) == set(expected)
    for docnum, score in expected.items():
        assert scores[docnum] == pytest.approx(score, rel=1e-6)


def test_a_groups_terms_count_as_one_term(searcher, ranker, monkeypatch):
    """Spellings of one entity: one document frequency, frequencies summed."""
    monkeypatch.setattr(ranking, "TITLE_WEIGHT", 0.0)
    first = _rare(searcher)
    second = _rare(searcher, skip={first})
    mask, scores = ranker.matches(Group((first, second)))
    # frequencies straight from Whoosh's matchers
    tf = np.zeros(ranker.size)
    reader = searcher.reader()
    for term in (first, second):
        matcher = reader.postings("body", term)
        while matcher.is_active():
            tf[matcher.id()] += matcher.weight()
            matcher.next()
    union = tf > 0
    assert np.array_equal(mask, union & ranker.live)
    idf = np.log(searcher.doc_count_all() / (np.count_nonzero(union) + 1)) + 1
    lengths = ranker.lengths("body")
    average = searcher.avg_field_length("body")
    expected = idf * tf * (ranking.K1 + 1) / (
        tf + ranking.K1 * (1 - ranking.B + ranking.B * lengths / average))
    assert np.allclose(scores[mask], expected[mask])


def test_title_hits_add_their_own_score(searcher, ranker, monkeypatch):
    common = next(t.decode("utf-8") for t in searcher.reader().lexicon("title")
                  if 5 <= searcher.doc_frequency("title", t.decode("utf-8"))
                  < searcher.doc_frequency("body", t.decode("utf-8")))
    _, with_title = ranker.matches(Group((common,)))
    monkeypatch.setattr(ranking, "TITLE_WEIGHT", 0.0)
    _, without = ranker.matches(Group((common,)))
    in_title = ranker.frequencies("title", (common,)) > 0
    assert in_title.any() and (~in_title & (without > 0)).any()
    assert np.all(with_title[in_title] > without[in_title])
    assert np.allclose(with_title[~in_title], without[~in_title])


def test_coordination_ranks_all_words_first_then_most(searcher, ranker):
    words = [_common(searcher, "body", 400), _rare(searcher), _rare(searcher, 5, 19)]
    parts = tuple(Group((w,)) for w in words)
    mask, scores, coverage = ranker.ranked(Coordinated(parts, (False,) * 3))
    masks = [ranker.matches(p)[0] for p in parts]
    counts = np.sum(masks, axis=0)
    live = ranker.live
    assert np.array_equal(coverage.counts[live], counts[live]) and coverage.words == 3
    assert np.all(counts[mask] >= 2) and (mask >= (counts == 3) & ranker.live).all()
    order = [n for n, _ in top(mask, scores, 10_000, coverage.counts)]
    tiers = counts[order]
    assert list(tiers) == sorted(tiers, reverse=True)  # all words first
    required, _, _ = ranker.ranked(Coordinated(parts, (False, False, True)))
    assert not (required & ~masks[2]).any()  # +word: never without it
