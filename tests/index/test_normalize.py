"""Normalisation and stemming tables, Lucene's own cases included."""

import pytest

from fahras.index.normalize import normalize, number_form
from fahras.index.stem import Stemmer, light10

# Every case of Lucene's TestArabicNormalizationFilter.
LUCENE_NORMALIZATION = [
    ("آجن", "اجن"), ("أحمد", "احمد"), ("إعاذ", "اعاذ"), ("بنى", "بني"), ("فاطمة", "فاطمه"),
    ("روبرـــــت", "روبرت"), ("مَبنا", "مبنا"), ("علِي", "علي"), ("بُوات", "بوات"),
    ("ولداً", "ولدا"), ("ولدٍ", "ولد"), ("ولدٌ", "ولد"), ("نلْسون", "نلسون"), ("هتميّ", "هتمي"),
]

MORE_NORMALIZATION = [
    ("ٱلكتاب", "الكتاب"),  # alef wasla
    ("مؤتمر", "موتمر"), ("رئيس", "رييس"),  # hamza carriers
    ("هٰذا", "هذا"),  # superscript alef
    ("٢٠٢٦", "2026"), ("۲۰۲۶", "2026"),  # Arabic-Indic and Persian digits
    ("ﻻ", "لا"), ("ﺍﻟﺴﻼﻡ", "السلام"),  # lam-alef ligature, presentation forms
    ("ڤيديو", "فيديو"), ("پاكستان", "باكستان"), ("چين", "جين"), ("گوگل", "كوكل"),
    ("کتاب", "كتاب"), ("ی", "ي"),  # borrowed letters
    ("إن\u200cفيديا", "انفيديا"), ("\u200fالشركة\u200e", "الشركه"), ("\u202eابل", "ابل"),
    ("NVIDIA", "nvidia"), ("Straße", "strasse"),
    ("إِنْفِيدْيَا", "انفيديا"), ("شريكًا", "شريكا"),
]


@pytest.mark.parametrize(("raw", "expected"), LUCENE_NORMALIZATION + MORE_NORMALIZATION)
def test_normalize(raw, expected):
    assert normalize(raw) == expected


def test_normalize_is_idempotent():
    for raw, _ in LUCENE_NORMALIZATION + MORE_NORMALIZATION:
        assert normalize(normalize(raw)) == normalize(raw)


def test_hamza_is_not_turned_into_a_bare_hamza():
    # pyarabic's normalize_hamza would give ءحمد: wrong for search.
    assert normalize("أحمد") == normalize("احمد") == normalize("إحمد")


# Every case of Lucene's TestArabicStemFilter (inputs normalised first, as in fahras).
LUCENE_STEMS = [
    ("الحسن", "حسن"), ("والحسن", "حسن"), ("بالحسن", "حسن"), ("كالحسن", "حسن"),
    ("فالحسن", "حسن"), ("للاخر", "اخر"), ("وحسن", "حسن"), ("زوجها", "زوج"),
    ("ساهدان", "ساهد"), ("ساهدات", "ساهد"), ("ساهدون", "ساهد"), ("ساهدين", "ساهد"),
    ("ساهديه", "ساهد"), ("ساهدية", "ساهد"), ("ساهده", "ساهد"), ("ساهدة", "ساهد"),
    ("ساهدي", "ساهد"), ("وساهدون", "ساهد"), ("ساهدهات", "ساهد"), ("الو", "الو"),
    ("English", "english"),
]


@pytest.mark.parametrize(("word", "expected"), LUCENE_STEMS)
def test_light10_matches_lucene(word, expected):
    assert Stemmer().stem(normalize(word)) == expected


def test_keyword_protected_word_is_not_stemmed():
    # Lucene's testWithKeywordAttribute: a protected word passes unchanged.
    assert Stemmer.for_names(["ساهدهات"]).stem("ساهدهات") == "ساهدهات"


@pytest.mark.parametrize("word", ["ألتمان", "لألتمان", "وألتمان", "بألتمان"])
def test_names_are_never_stemmed(word):
    stemmer = Stemmer.for_names([normalize("ألتمان")])
    assert light10(normalize("ألتمان")) == "تم"  # what a plain stemmer does to the name
    assert stemmer.stem(normalize(word)) == stemmer.stem(normalize("ألتمان"))


@pytest.mark.parametrize(("word", "name"), [
    ("وإنفيديا", "إنفيديا"), ("لإنفيديا", "إنفيديا"), ("بالإمارات", "الإمارات"),
    ("للصين", "الصين"), ("والصين", "الصين"), ("وأمازون", "أمازون"),
])
def test_clitics_before_names_are_stripped(word, name):
    stemmer = Stemmer.for_names([normalize(name)])
    assert stemmer.stem(normalize(word)) == stemmer.stem(normalize(name))


def test_lone_clitic_gives_a_second_stem_for_the_index_only():
    stemmer = Stemmer()
    assert stemmer.stem("لشركه") == "لشرك"
    assert stemmer.alternative("لشركه") == "شرك"
    assert stemmer.alternative("وبالشركات") == "شرك"
    assert stemmer.stem("بيانات") == stemmer.stem("البيانات") == "بيان"


def test_words_of_multi_word_names_stay_ordinary_words(catalogue):
    from fahras.index.entities import EntityMatcher

    stemmer = EntityMatcher(catalogue).stemmer  # the catalogue has «شركة مبادلة»
    assert stemmer.stem(normalize("شركة")) == stemmer.stem(normalize("الشركات")) == "شرك"


@pytest.mark.parametrize("text", [
    "وَالشَّرِكَـــات في ﺍﻟﺴﻼﻡ مع NVIDIA و٢٠٢٦ و\u200fإن\u200cفيديا",
    "ﻻ ﺇﻧﻔﻴﺪﻳﺎ", "ٱلكتاب هٰذا", "x² وH₂O و½ و①",
])
def test_fold_contains_the_normal_form_of_every_word(text):
    from fahras.index.analysis import STOP_MARK, Analyzer
    from fahras.index.normalize import fold

    folded = fold(text)
    for token in Analyzer().tokens(text, keep_stops=True):
        assert token.norm in folded and token.stem.removeprefix(STOP_MARK) in folded


def test_a_full_memo_forgets_its_oldest_words_and_keeps_caching(monkeypatch):
    from fahras.index import analysis, stem

    monkeypatch.setattr(stem, "MEMO_WORDS", 2)
    monkeypatch.setattr(analysis, "MEMO_WORDS", 2)
    stemmer = Stemmer()
    analyzer = analysis.Analyzer(Stemmer())
    for word in ("الشركات", "المصانع", "الرقائق", "الرقائق"):
        assert stemmer.stem(word) == light10(word)
        analyzer.tokens(word)
    # The last word was stemmed once and then found in the memo, which kept two words.
    assert stemmer._stem.cache_info()[:4] == (1, 3, 2, 2)  # hits, misses, size, currsize
    assert analyzer.form.cache_info()[:4] == (1, 3, 2, 2)


@pytest.mark.parametrize(("text", "form"), [
    ("22.6", "22.6"), ("22,6", "22.6"), ("22،6", "22.6"),
    ("6ر22", "22.6"),            # older Egyptian print: the fraction first
    ("1ر2ر3", "1ر2ر3"),          # two ر: not a number
    ("67,000", "67000"), ("67،000", "67000"), ("1,234,567", "1234567"),
    ("1,234.5", "1234.5"), ("1,2,3", "1,2,3"), ("1.2.3", "1.2.3"), ("1,234,5", "1,234,5"),
    ("2026", "2026"), ("abc", "abc"), ("ر", "ر"), ("", ""), ("a,b", "a,b"),
])
def test_number_form_gives_one_written_form(text, form):
    assert number_form(text) == form


def test_every_way_of_writing_a_figure_normalises_alike():
    assert {normalize(n) for n in ("22.6", "22,6", "٢٢٫٦", "22،6", "6ر22", "٦ر٢٢")} == {"22.6"}
    assert {normalize(n) for n in ("67,000", "67٬000", "٦٧٬٠٠٠")} == {"67000"}
