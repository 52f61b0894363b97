"""The build's faster paths give what the paths they replaced gave (issue 12: a build of
400 articles a second must not change what is indexed)."""

from __future__ import annotations

from pathlib import Path

import pytest

from fahras.index import spelling, stem
from fahras.index.analysis import TOKEN_PATTERN
from fahras.index.normalize import normalize

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def _old_skeleton(word: str) -> str:
    return "".join(c for c in spelling.classed(word) if c not in spelling.VOWELS)


def _old_clitic_forms(word: str):
    for prefix in stem.NAME_PREFIXES:
        rest = word[len(prefix):]
        if not prefix or not word.startswith(prefix) or len(rest) < 2:
            continue
        if prefix.endswith((stem.ARTICLE, "لل")):
            cut = len(prefix) - len(stem.ARTICLE)
            yield cut, rest
            yield cut, stem.ARTICLE + rest
        else:
            yield len(prefix), rest


@pytest.fixture(scope="module")
def words() -> set[str]:
    """The seeds' words, the realistic corpus's, and edge cases (empty, a lone clitic, a
    digraph behind a clitic)."""
    from benchmarks.realistic import Realistic

    texts = [path.read_text("utf-8") for path in SEEDS.iterdir() if path.is_file()]
    records = Realistic(7, names=20_000).records(300)
    texts += ["\n".join([record["title"], *record["text"]]) for record in records]
    found = {normalize(w) for text in texts for w in TOKEN_PATTERN.findall(text)}
    return found | {"", "ا", "و", "ال", "لل", "تش", "وتشيب", "بالتشيك", "للا", "فلل"}


def test_skeleton_by_translation_is_the_letter_by_letter_one(words):
    assert len(words) > 5000
    assert [w for w in words if spelling.skeleton(w) != _old_skeleton(w)] == []


def test_clitic_forms_by_first_letter_are_those_of_every_prefix(words):
    assert [w for w in words if list(stem.clitic_forms(w)) != list(_old_clitic_forms(w))] == []


def test_names_are_protected_as_when_every_clitic_form_was_tried(words, catalogue):
    from fahras.index.entities import protected_names

    stemmer = stem.Stemmer.for_names(protected_names(catalogue))

    def old_protected(word: str) -> str | None:
        for _, form in (*_old_clitic_forms(word), (0, word)):
            if stem.name_core(form) in stemmer.names:
                return stem.name_core(form)
        return None

    names = {normalize(w) for w in ("للصين", "لالتمان", "وإنفيديا", "بالإمارات", "فللصين")}
    found = {w: stemmer.protected(w) for w in words | names}
    assert sum(1 for core in found.values() if core) > 50
    assert [w for w, core in found.items() if core != old_protected(w)] == []


@pytest.fixture(scope="module")
def texts() -> list[str]:
    """The seeds' lines and 300 realistic articles' titles and paragraphs, with edge
    cases: empty, no word, marks and tatweel, a lone mark, digits glued to words."""
    from benchmarks.realistic import Realistic

    lines = [line for path in SEEDS.iterdir() if path.is_file()
             for line in path.read_text("utf-8").split("\n")]
    records = Realistic(7, names=20_000).records(300)
    lines += [text for record in records for text in (record["title"], *record["text"])]
    return [*lines, "", "...", "وَالذَّكَاءُ ـــ في OpenAI،", "\u064b", "٢٠٢٦م و42G هواوي"]


def test_lazy_words_are_the_words(texts):
    from fahras.index.analysis import Analyzer

    analyzer = Analyzer()
    for text in texts:
        words = analyzer.words(text)
        lazy = analyzer.lazy_words(text)
        assert list(lazy) == words and lazy.norms == [w.norm for w in words]
        assert lazy[1:4] == words[1:4] and lazy[-1:] == words[-1:]


def test_the_matcher_finds_in_lazy_words_what_it_found_in_words(texts, catalogue):
    from fahras.index.entities import EntityMatcher

    matcher = EntityMatcher(catalogue)
    analyzer = matcher.analyzer
    found = 0
    for number, text in enumerate(texts):
        lazy = matcher._find_in(number, text, analyzer.lazy_words(text))
        assert lazy == matcher._find_in(number, text, analyzer.words(text)), text
        found += len(lazy)
    assert found > 500


def _old_light10(word: str) -> str:
    for prefix in stem.PREFIXES:
        if word.startswith(prefix) and stem._long_enough(word, prefix):
            word = word[len(prefix):]
            break
    for suffix in dict.fromkeys(stem.SUFFIXES):
        if word.endswith(suffix) and len(word) >= len(suffix) + 2:
            word = word[: -len(suffix)]
    return word


def test_light10_with_its_quick_tests_is_the_one_without(words):
    assert [w for w in words if stem.light10(w) != _old_light10(w)] == []


def test_lemmas_behind_the_first_letters_prefixes_are_those_behind_every_prefix(words):
    stemmer = stem.Stemmer()

    def old_lemmas(word: str) -> tuple[str, ...]:
        if not stem.is_arabic(word) or stemmer.protected(word):
            return ()
        found = stemmer.plurals.singular_stems(word)
        for prefix in stem.NAME_PREFIXES:
            if found:
                break
            if word.startswith(prefix) and len(word) - len(prefix) >= 3:
                found = stemmer.plurals.singular_stems(word[len(prefix):])
        found = found or stemmer.plurals.singular_stems(stemmer.stem(word)) or \
            stemmer.plurals.singular_stems(stemmer.alternative(word) or "")
        return tuple(s for s in found if s != stemmer.stem(word))

    assert sum(1 for w in words if stemmer.lemmas(w)) > 20
    assert [w for w in words if stemmer.lemmas(w) != old_lemmas(w)] == []
