"""The analyser keeps every token's offsets into the original text."""

import pytest

from fahras.index.analysis import Analyzer
from fahras.index.corpus import read_paths
from tests.conftest import SEEDS


@pytest.fixture(scope="module")
def analyzer(catalogue):
    from fahras.index.entities import EntityMatcher

    return EntityMatcher(catalogue).analyzer


def _seed_texts():
    for article in read_paths([SEEDS]):
        yield article.id, "\n".join((article.title, *article.paragraphs))


@pytest.mark.parametrize(("article_id", "text"), list(_seed_texts()))
def test_every_seed_token_slices_back_to_its_term(analyzer, article_id, text):
    tokens = analyzer.tokens(text, keep_stops=True)
    assert len(tokens) > 200
    for token in tokens:
        piece = text[token.start:token.end]
        assert piece == token.text
        again = analyzer.tokens(piece, keep_stops=True)
        assert [(t.norm, t.stem) for t in again] == [(token.norm, token.stem)], piece


def test_offsets_survive_diacritics_before_the_word(analyzer):
    # Normalising before tokenising would shift every offset after the first haraka.
    text = "كَتَبَ الصَّحَفِيُّ عن إنفيديا"
    token = next(t for t in analyzer.tokens(text) if t.norm == "انفيديا")
    assert text[token.start:token.end] == "إنفيديا"


def test_words_keep_their_diacritics_and_tatweel_in_one_token(analyzer):
    tokens = analyzer.tokens("الذَّكَاءُ الاصطنـــاعي")
    assert [t.text for t in tokens] == ["الذَّكَاءُ", "الاصطنـــاعي"]
    assert [t.norm for t in tokens] == ["الذكاء", "الاصطناعي"]


def test_scripts_are_split_so_clitics_leave_latin_names(analyzer):
    assert [t.norm for t in analyzer.tokens("وFoxconn بـ OpenAI لـ«شات", keep_stops=True)] == [
        "و", "foxconn", "ب", "openai", "ل", "شات"]


def test_numbers_stay_whole(analyzer):
    assert [t.norm for t in analyzer.tokens("67,000 شخص و٣٫٥ مليار و G42")] == [
        "67000", "شخص", "3.5", "مليار", "g42"]


@pytest.mark.parametrize("written", ["22.6", "22,6", "6ر22", "٢٢٫٦", "22،6", "۲۲٫۶"])
def test_every_way_of_writing_a_decimal_is_one_term(analyzer, written):
    assert [t.norm for t in analyzer.tokens(f"بلغت {written} مليار")] == [
        "بلغت", "22.6", "مليار"]


@pytest.mark.parametrize(("text", "norms"), [
    ("عام ٢٠٢٦م", ["عام", "2026", "م"]),
    ("عام 2026م", ["عام", "2026", "م"]),
    ("١٤٤٧هـ", ["1447", "ه"]),
    ("و١٤٤٧هـ", ["و", "1447", "ه"]),
    ("42G", ["42g"]),
])
def test_digits_glued_to_arabic_letters_are_split(analyzer, text, norms):
    assert [t.norm for t in analyzer.tokens(text, keep_stops=True)] == norms


def test_stop_words_are_left_out_of_word_matching_but_keep_positions(analyzer):
    tokens = analyzer.tokens("زيارة إلى تايوان")
    assert [t.norm for t in tokens] == ["زياره", "تايوان"]
    assert [t.position for t in tokens] == [0, 2]


def test_stop_words_are_indexed_as_written_for_phrases(analyzer):
    body, exact = analyzer.index_terms("لا أحد في الشركات لأي")
    assert body["_لا"] == [0] and body["_في"] == [2] and exact["في"] == [2]
    assert body["شرك"] == [3]
    assert body["لا"] == [4]  # the stem of لاي never meets the stop word لا


def test_ali_is_a_name_and_ala_a_stop_word(analyzer):
    tokens = analyzer.tokens("على علي بابا", keep_stops=True)
    assert [t.norm for t in analyzer.tokens("على علي بابا")] == ["علي", "بابا"]
    assert [t.position for t in analyzer.tokens("على علي بابا")] == [1, 2]
    assert tokens[0].stem == "_علي" and tokens[1].stem == "عل"  # the stop word as written


@pytest.mark.parametrize(("word", "second"), [("فتعد", "تعد"), ("لأي", "اي"), ("وفي", "")])
def test_short_words_with_a_clitic_get_a_second_stem(analyzer, word, second):
    assert analyzer.tokens(word, keep_stops=True)[0].alternative == second


@pytest.mark.parametrize(("plural", "singular"), [
    ("الشرائح", "شريحة"), ("والرقائق", "رقاقة"), ("لمصانعها", "مصنع"), ("قيود", "قيد"),
    ("مراكز", "مركز"), ("الحواسيب", "حاسوب"),
])
def test_broken_plurals_are_indexed_with_their_singulars_stem(analyzer, plural, singular):
    token = analyzer.tokens(plural)[0]
    singular_stem = analyzer.tokens(singular)[0].stem
    assert singular_stem in token.lemmas
    body, _ = analyzer.index_terms(f"كلمة {plural}")
    assert body[singular_stem] == [1]  # at the plural's own position


@pytest.mark.parametrize("word", ["سوق", "شركة", "انفيديا", "إنتل", "بيانات"])
def test_words_that_are_no_broken_plural_and_names_get_no_singular(analyzer, word):
    assert analyzer.tokens(word)[0].lemmas == ()


def test_the_whoosh_chain_gives_the_same_terms_as_the_one_pass_path(analyzer):
    text = "لا أحد في والشرائح لمصانعها فتعد لأي ٢٠٢٦م على"
    body, _ = analyzer.index_terms(text)
    chain = {(t.text, t.pos) for t in analyzer.whoosh(stemmed=True)(
        text, mode="index", positions=True)}
    assert chain == {(term, p) for term, positions in body.items() for p in positions}


def test_default_analyzer_works_without_a_catalogue():
    assert [t.stem for t in Analyzer().tokens("والشركات")] == ["شرك"]
