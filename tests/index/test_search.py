"""Search behaviour: malformed queries, browsing, paging, passages and snippets."""

import pytest

from index.models import Filters
from index.search import SearchRequest


@pytest.mark.parametrize("query", [
    '"unbalanced', "(open", "close)", "((", "OR", "NOT", "-", "*", "=", '"', "a OR OR b",
    "...!!!؟؟", "في من على", "x" * 5000, "إنفيديا " * 400, "[bold]x[/bold]", "\x1b[31m",
    "\u202eمرحبا", "ـــ", "َُِ", "🙂", "NOT NOT a", "-ا*", "=*", "ا*",
])
def test_malformed_queries_never_raise(engine, query):
    response = engine.search(SearchRequest(query))
    assert response.total >= 0


@pytest.mark.parametrize("query", ["في", "في من على", "...!!!", "؟", '"في من"'])
def test_queries_with_nothing_to_search_return_nothing_and_say_why(engine, query):
    response = engine.search(SearchRequest(query))
    assert response.total == 0 and not response.results
    assert "stop words" in response.notice


def test_unbalanced_quote_is_searched_as_plain_words(engine):
    assert engine.search(SearchRequest('"أشباه الموصلات')).total == engine.search(
        SearchRequest("أشباه الموصلات")).total > 0


def test_empty_query_lists_every_article_and_filters_still_apply(engine):
    assert engine.search(SearchRequest("")).total == 5
    assert engine.search(SearchRequest("", Filters(company=("hitachi",)))).total == 1


def test_paging(engine):
    first = engine.search(SearchRequest("", limit=2))
    second = engine.search(SearchRequest("", limit=2, offset=2))
    assert first.total == second.total == 5
    assert len(first.results) == len(second.results) == 2
    assert not {r.id for r in first.results} & {r.id for r in second.results}


def test_passages_carry_hits_as_offsets_into_their_text(engine):
    for result in engine.search(SearchRequest("الذكاء الاصطناعي")).results:
        assert result.passages
        for passage in result.passages:
            assert passage.hits
            for start, end in passage.hits:
                assert passage.text[start:end] in ("الذكاء", "الاصطناعي", "للذكاء",
                                                   "الذكاء الاصطناعي", "ذكاء", "اصطناعي",
                                                   "والذكاء", "الإصطناعي")


def test_long_paragraphs_give_sentence_windows(engine):
    response = engine.search(SearchRequest("Foxconn"))
    seed0 = next(r for r in response.results if r.id.startswith("000"))
    view = engine.store.article(seed0.id)
    for passage in seed0.passages:
        paragraph = view.paragraphs[passage.paragraph]
        assert paragraph[passage.start:passage.start + len(passage.text)] == passage.text
        assert len(passage.text) <= len(paragraph)


def test_snippets_are_one_line_with_hits_inside(engine):
    for result in engine.search(SearchRequest("تايوان")).results:
        assert "\n" not in result.snippet and len(result.snippet) <= 170
        assert all(result.snippet[s:e] for s, e in result.snippet_hits)


def test_exact_mode_does_not_stem(engine):
    stemmed = engine.search(SearchRequest("رقائق")).total
    exact = engine.search(SearchRequest("رقائق", exact=True)).total
    assert exact < stemmed


def test_search_as_you_type_completes_the_last_word(engine):
    typing = engine.search(SearchRequest("سامسو", complete_last=True))
    assert {r.id[:3] for r in typing.results} == {"001", "004"}
    assert engine.search(SearchRequest("سامسو")).total == 0


def test_read_gives_every_hit_of_the_article(engine):
    reading = engine.read("003_fe17c526eaf3b0fb", "إنفيديا")
    assert reading.hit_count == sum(p.count("إنفيديا") for p in reading.view.paragraphs)
    assert [reading.view.title[s:e] for s, e in reading.title_hits] == ["إنفيديا"]
    plain = engine.read("003_fe17c526eaf3b0fb")
    assert plain.hit_count == 0 and len(plain.hits) == len(plain.view.paragraphs)
    assert engine.read("nope") is None


def test_read_highlights_filtered_entities(engine):
    reading = engine.read("001_ff12b2498edf1332", "", filters=Filters(company=("samsung",)))
    words = {reading.view.paragraphs[i][s:e] for i, hits in enumerate(reading.hits)
             for s, e in hits}
    assert words == {"سامسونج"}
