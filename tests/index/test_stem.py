"""Light stemming and protected names, function by function (see also test_normalize.py).

Words are given normalised (ة as ه, ى as ي, hamza carriers folded), as the analyser
passes them.
"""

from __future__ import annotations

import pickle

import pytest

from fahras.index.stem import Stemmer, is_arabic, light10, name_core


@pytest.mark.parametrize(("token", "arabic"), [
    ("", False), ("abc", False), ("Y", False), ("123", False),
    ("\u0600", True), ("\u06ff", True), ("شركه", True), ("\u0700", False),
])
def test_is_arabic_looks_at_the_first_letter(token, arabic):
    assert is_arabic(token) is arabic


@pytest.mark.parametrize(("word", "stem"), [
    ("والكتاب", "كتاب"),  # one prefix only: وال, not و then ال
    ("البن", "بن"),       # ال needs two letters left
    ("الف", "الف"),
    ("وزير", "زير"),      # و needs three letters left
    ("وزن", "وزن"),
    ("والد", "الد"),      # وال needs two letters left: و is taken instead
    ("بها", "بها"),       # a suffix needs two letters left
    ("مدرستها", "مدرست"),
    ("معلمون", "معلم"),
    ("الشركات", "شرك"),
])
def test_light10_takes_one_prefix_and_suffixes_leaving_enough_letters(word, stem):
    assert light10(word) == stem


@pytest.mark.parametrize(("alias", "core"), [
    ("العراق", "عراق"),    # four letters left: the article goes
    ("الصين", "الصين"),    # three would be too short to tell apart: it stays
    ("انفيديا", "انفيديا"),
])
def test_a_name_is_indexed_without_its_article_when_enough_is_left(alias, core):
    assert name_core(alias) == core


def test_names_of_three_letters_or_more_are_protected():
    assert Stemmer.for_names(["ابل", "اب", "العراق"]).names == frozenset({"ابل", "عراق"})


@pytest.mark.parametrize(("word", "second"), [
    ("لشركه", "شرك"),     # a lone ل before the word
    ("ولشركه", "شرك"),    # و then ل
    ("فتعد", "تعد"),      # ف on a four-letter word
    ("لاي", "اي"),        # ل on a three-letter word
    ("شركه", None),       # nothing to take: the second stem would be the first
    ("شركات", None),      # ش is no clitic
    ("وسياره", None),     # و alone: light10 took it already
    ("للشركه", None),     # لل is ل + ال, which light10 takes
    ("بيانات", "يان"),    # the index holds it; queries use light10 alone
    ("nvidia", None),
])
def test_the_second_stem_is_the_word_without_a_lone_clitic(word, second):
    stemmer = Stemmer()
    assert stemmer.alternative(word) == second
    assert stemmer.alternative(word) == second  # and the same from the memo


def test_a_protected_name_has_no_second_stem_and_no_lemmas():
    stemmer = Stemmer.for_names(["هيونداي", "مصانع"])
    assert stemmer.stem("لهيونداي") == "هيونداي"
    assert stemmer.alternative("لهيونداي") is None
    assert stemmer.lemmas("والمصانع") == () and Stemmer().lemmas("والمصانع") == ("مصنع",)


@pytest.mark.parametrize(("word", "lemmas"), [
    ("شرايح", ("شريح",)),
    ("والشرايح", ("شريح",)),     # behind clitics
    ("الرقايق", ("رقاق",)),
    ("مصانعها", ("مصنع",)),      # light10 takes the pronoun
    ("لمصانعها", ("مصنع",)),     # and the lone clitic too
    ("شريحه", ()),               # a singular
    ("شركات", ()),               # a sound plural: light10 handles it
    ("nvidia", ()),
])
def test_a_broken_plural_gives_its_singulars_stems(word, lemmas):
    assert Stemmer().lemmas(word) == lemmas


def test_names_behind_clitics_stem_to_the_name():
    stemmer = Stemmer.for_names(["التمان", "انفيديا", "الامارات", "الصين"])
    assert [stemmer.stem(w) for w in ("لالتمان", "وانفيديا", "بالامارات", "للصين", "الصين",
                                      "والصين", "صين")] == \
        ["تمان", "انفيديا", "امارات", "الصين", "الصين", "الصين", "صين"]
    assert stemmer.protected("وانفيديا") == "انفيديا" and stemmer.protected("شركه") is None
    assert stemmer.protected("وال") is None  # too short to hold a name


def test_latin_and_digits_pass_unchanged():
    stemmer = Stemmer.for_names(["انفيديا"])
    assert [stemmer.stem(w) for w in ("nvidia", "22.6", "ipad")] == ["nvidia", "22.6", "ipad"]


def test_a_pickled_stemmer_keeps_its_names_and_works():
    stemmer = Stemmer.for_names(["انفيديا"])
    stemmer.stem("الشركات")
    again = pickle.loads(pickle.dumps(stemmer))
    assert again.names == stemmer.names
    assert again.stem("وانفيديا") == "انفيديا" and again.stem("الشركات") == "شرك"
    assert again.alternative("لشركه") == "شرك" and again.lemmas("شرايح") == ("شريح",)
