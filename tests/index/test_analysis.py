"""The analyser keeps every token's offsets into the original text."""

import pytest

from index.analysis import Analyzer
from index.corpus import read_paths
from tests.conftest import SEEDS


@pytest.fixture(scope="module")
def analyzer(catalogue):
    from index.entities import EntityMatcher

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
    token = [t for t in analyzer.tokens(text) if t.norm == "انفيديا"][0]
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
        "67,000", "شخص", "3.5", "مليار", "g42"]


def test_stop_words_are_dropped_but_keep_positions(analyzer):
    tokens = analyzer.tokens("زيارة إلى تايوان")
    assert [t.norm for t in tokens] == ["زياره", "تايوان"]
    assert [t.position for t in tokens] == [0, 2]


def test_default_analyzer_works_without_a_catalogue():
    assert [t.stem for t in Analyzer().tokens("والشركات")] == ["شرك"]
