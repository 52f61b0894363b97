"""Search behaviour: malformed queries, browsing, paging, passages and snippets."""

import pytest

from fahras.index.models import Filters
from fahras.index.passages import LONG_PARAGRAPH
from fahras.index.search import SearchRequest


@pytest.mark.parametrize(("query", "plain"), [
    ('"سامسونج', "سامسونج"),
    ("(سامسونج", "سامسونج"),
    ("سامسونج)", "سامسونج"),
    ("((هيتاشي OR سامسونج", "هيتاشي OR سامسونج"),
    ("هيتاشي OR OR سامسونج", "هيتاشي OR سامسونج"),
    ("NOT NOT هيتاشي", "هيتاشي"),
    ("NOT - NOT هيتاشي", "-هيتاشي"),
    ("\u202eهيتاشي", "هيتاشي"),
    pytest.param("هيتاشي " * 400, "هيتاشي", id="a-word-400-times"),
])
def test_malformed_queries_are_searched_as_their_plain_reading(engine, query, plain):
    malformed, expected = engine.search(SearchRequest(query)), engine.search(SearchRequest(plain))
    assert 0 < expected.total < 5
    assert [r.id for r in malformed.results] == [r.id for r in expected.results]


@pytest.mark.parametrize("query", [
    "((", "OR", "NOT", "-", "*", "=", '"', "...!!!؟؟", "ـــ", "َُِ", "🙂", "-ا*", "=*", "ا*",
])
def test_malformed_queries_with_no_word_find_nothing_and_say_why(engine, query):
    response = engine.search(SearchRequest(query))
    assert response.total == 0 and not response.results
    assert "nothing to search" in response.notice


@pytest.mark.parametrize("query", ["x" * 5000, "[bold]x[/bold]", "\x1b[31m", "\u202eمرحبا"])
def test_words_in_no_article_find_none(engine, query):
    response = engine.search(SearchRequest(query))
    assert response.total == 0 and not response.results and not response.notice


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


def _long_paragraph() -> str:
    """One paragraph longer than a passage and short enough to be stored whole (481–500
    characters): seven sentences, the second and the sixth naming Foxconn."""
    sentences = [f"وفي البند {i} من التقرير تفاصيل عن الإنفاق والتوظيف والتصدير." for i in range(7)]
    sentences[1] = "وقالت فوكسكون إنها ستبني مصنعا جديدا للخوادم في المكسيك."
    sentences[5] = "وتوقعت فوكسكون أن ترتفع مبيعات الخوادم في الربع المقبل."
    paragraph = " ".join(sentences)
    while len(paragraph) <= LONG_PARAGRAPH:
        paragraph = paragraph[:-1] + " وغيرها."
    return paragraph


def test_long_paragraphs_give_sentence_windows(writable_index, tmp_path):
    from fahras.index.corpus import MAX_PARAGRAPH_CHARS
    from fahras.index.search import Engine

    paragraph = _long_paragraph()
    assert LONG_PARAGRAPH < len(paragraph) <= MAX_PARAGRAPH_CHARS
    article = tmp_path / "long.txt"
    article.write_text("تقرير عن نتائج شركة فوكسكون في العام الماضي وخططها\n" + paragraph + "\n",
                       "utf-8")
    writable_index.add([article])
    result = next(r for r in Engine(writable_index).search(SearchRequest("فوكسكون")).results
                  if r.id == "long")
    assert writable_index.article("long").paragraphs == (paragraph,)
    sentences = [s.strip() + "." for s in paragraph.split(".")[:-1]]
    # Each hit with the sentence before and after it: two windows cut from the paragraph.
    assert [p.text for p in result.passages if p.paragraph == 0] == [
        " ".join(sentences[0:3]), " ".join(sentences[4:7])]
    for passage in (p for p in result.passages if p.paragraph == 0):
        assert paragraph[passage.start:passage.start + len(passage.text)] == passage.text
        assert [passage.text[s:e] for s, e in passage.hits] == ["فوكسكون"]


def test_a_phrase_needs_its_words_at_successive_positions(engine):
    # لشركة is indexed as لشرك and, at the same position, شرك: a phrase of it and شركة
    # would match every article if a word could follow itself at no distance.
    assert engine.search(SearchRequest("شركة")).total == 5
    assert engine.search(SearchRequest('"لشركة شركة"')).total == 0
    assert engine.search(SearchRequest('"الذكاء الاصطناعي"')).total > 0


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


# -- issue 14: the examples, each a test ---------------------------------------------------

EXAMPLES = {
    "alibaba": "علي بابا تطلق رقاقة\nكشفت علي بابا عن رقاقة جديدة لمراكز بياناتها.",
    "ali": "حوار مع خبير\nقال الخبير علي الشمري إن السوق تتغير، وعلى الشركات أن تستعد.",
    "no-one": "تصريح\nقال المدير إن لا أحد يستطيع اللحاق بالشركة.",
    "no-longer": "تحليل\nلم يعد أحد يراهن على العزلة التقنية.",
    "owns-no-one": "سوق\nفي سوق لا يملك أحد فيه قواعد ثابتة.",
    "counts": "ماليزيا\nتستقطب ماليزيا الاستثمارات، فتعد اليوم مركزا للتغليف.",
    "any": "قواعد\nلن تمنح الوزارة استثناءات لأي شركة.",
    "dot": "نتائج أولى\nبلغت الإيرادات 22.6 مليار دولار.",
    "comma": "نتائج ثانية\nبلغت الإيرادات 22,6 مليار دولار.",
    "ra": "نتائج ثالثة\nبلغت الإيرادات 6ر22 مليار دولار.",
    "indic": "نتائج رابعة\nبلغت الإيرادات ٢٢٫٦ مليار دولار.",
    "year": "خطة\nيبدأ التشغيل في عام ٢٠٢٦م وتنتهي المرحلة في ١٤٤٧هـ.",
    "slices": "شرائح\nباعت الشركة شرائح جديدة للذكاء الاصطناعي.",
    "slice": "شريحة\nكشفت الشركة عن شريحة جديدة.",
    "all-four": "قيود\nفرضت واشنطن قيود تصدير الرقائق إلى الصين.",
    "three-of-four": "قيود أخرى\nفرضت واشنطن قيودا على تصدير الرقائق.",
    "two-of-four": "رقائق\nتصدير الرقائق ينمو.",
    "near": "قرب\nأعلنت مجموعة زمرد للياقوت نتائجها.",
    "far": "بعد\nأعلنت مجموعة زمرد نتائجها الفصلية بعد أشهر من الانتظار والترقب"
           " في الأسواق والياقوت.",
    "in-title": "العقيق يتألق\nارتفعت أسعار الأحجار الكريمة هذا العام في الأسواق.",
    "in-body": "أسعار الأحجار\nارتفعت أسعار العقيق هذا العام في الأسواق.",
    "long": "مقال طويل\n" + " ".join(["كلام عادي عن الأسواق والتجارة والاقتصاد"] * 20)
            + " وفي آخره ذكر اللؤلؤ الأسود.",
}


@pytest.fixture(scope="module")
def examples(tmp_path_factory, catalogue):
    from fahras.index.search import Engine
    from fahras.index.store import Store

    root = tmp_path_factory.mktemp("examples")
    for name, text in EXAMPLES.items():
        (root / f"{name}.txt").write_text(text, "utf-8")
    store = Store(root / "index", catalogue)
    store.add([root])
    return Engine(store)


def _ids(engine, query, **kwargs):
    return [r.id for r in engine.search(SearchRequest(query, facets=False, **kwargs)).results]


def test_ali_baba_is_alibaba_and_ali_is_a_name(examples):
    assert _ids(examples, "علي بابا") == ["alibaba"]
    assert _ids(examples, "Alibaba") == ["alibaba"]
    assert _ids(examples, "علي الشمري") == ["ali"]


def test_a_quoted_phrase_holds_its_stop_words(examples):
    assert _ids(examples, '"لا أحد"') == ["no-one"]
    assert set(_ids(examples, "أحد")) == {"no-one", "no-longer", "owns-no-one"}


@pytest.mark.parametrize(("query", "found"), [("تعد", "counts"), ("أي", "any")])
def test_short_words_are_found_behind_a_clitic(examples, query, found):
    assert found in _ids(examples, query)


def test_a_word_whose_stem_spells_a_stop_word_does_not_find_the_stop_word(examples):
    assert _ids(examples, "لأي") == ["any"]  # light10 makes لاي لا; "no-one" holds لا


@pytest.mark.parametrize("query", ["22.6", "22,6", "6ر22", "٢٢٫٦"])
def test_a_decimal_finds_every_way_it_is_written(examples, query):
    assert set(_ids(examples, query)) == {"dot", "comma", "ra", "indic"}


@pytest.mark.parametrize("query", ["2026", "٢٠٢٦", "٢٠٢٦م", "1447", "١٤٤٧هـ", '"عام 2026"'])
def test_years_glued_to_their_era_are_indexed(examples, query):
    assert _ids(examples, query) == ["year"]


@pytest.mark.parametrize(("query", "found"), [
    ("شرائح", {"slices", "slice"}), ("شريحة", {"slices", "slice"}),
    ("رقاقة", {"alibaba", "all-four", "three-of-four", "two-of-four"}),
])
def test_broken_plurals_meet_their_singulars(examples, query, found):
    assert set(_ids(examples, query)) == found


@pytest.mark.parametrize(("query", "article", "word"), [
    ("شريحة", "slices", "شرائح"), ("رقاقة", "two-of-four", "الرقائق"), ("شرائح", "slice", "شريحة"),
])
def test_the_other_number_of_a_broken_plural_is_highlighted(examples, query, article, word):
    result = next(r for r in examples.search(SearchRequest(query)).results if r.id == article)
    assert [result.snippet[s:e] for s, e in result.snippet_hits] == [word]
    assert examples.read(article, query).hit_count == 1


def test_many_words_rank_all_first_then_most_and_say_so(examples):
    response = examples.search(SearchRequest("قيود تصدير الرقائق الصين"))
    assert [r.id for r in response.results] == ["all-four", "three-of-four"]
    assert response.partial and (response.words, response.fewest_words) == (4, 3)
    assert "3 of 4 words" in response.notice
    full = examples.search(SearchRequest("تصدير الرقائق"))
    assert not full.partial and "words" not in full.notice


def test_a_plus_word_is_required(examples):
    assert _ids(examples, "قيود تصدير الرقائق +الصين") == ["all-four"]


def test_partial_matches_reach_the_json_output(examples):
    from fahras.index import jsonable

    out = jsonable.response(examples.search(SearchRequest("قيود تصدير الرقائق الصين")))
    assert out["partial"] == {"words": 4, "fewest": 3}
    assert "3 of 4 words" in out["notice"]


def test_words_near_each_other_rank_higher(examples):
    assert _ids(examples, "زمرد الياقوت") == ["near", "far"]


def test_a_title_hit_weighs_more_and_is_highlighted(examples):
    response = examples.search(SearchRequest("العقيق"))
    assert [r.id for r in response.results] == ["in-title", "in-body"]
    top = response.results[0]
    assert [top.title[s:e] for s, e in top.title_hits] == ["العقيق"]
    assert response.results[1].title_hits == ()


def test_a_snippet_is_centred_on_its_hit_and_keeps_it_at_a_row_width(examples):
    from fahras.index.passages import snippet

    result = examples.search(SearchRequest("اللؤلؤ")).results[0]
    assert [result.snippet[s:e] for s, e in result.snippet_hits] == ["اللؤلؤ"]
    for width in (40, 60, 76):  # what an 80-column terminal leaves a result row
        text, hits = snippet(result.snippet, result.snippet_hits, width)
        assert len(text) <= width + 2 and [text[s:e] for s, e in hits] == ["اللؤلؤ"]


def test_the_four_spellings_of_nvidia_rank_alike(engine):
    spellings = ["Nvidia", "NVIDIA", "إنفيديا", "انفيديا"]
    ranked = [[(r.id, r.score) for r in engine.search(SearchRequest(s)).results]
              for s in spellings]
    assert len(ranked[0]) == 5 and all(r == ranked[0] for r in ranked)


def test_completing_the_word_being_typed_is_said(engine):
    assert "completing سامسو" in engine.search(SearchRequest("سامسو", complete_last=True)).notice
    assert engine.search(SearchRequest("سامسونج")).notice == ""
