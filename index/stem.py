"""Light stemming of normalised Arabic tokens, with names protected.

Why light10 and not a library stemmer, measured on the seed retrieval table
(tests/index/test_retrieval.py, 31 queries) with each stemmer in light10's place:
light10 31/31; PyStemmer's Arabic Snowball 29/31 (it stems شركات and الشركات apart, and
بيانات to يانا); tashaphyne 30/31 and Whoosh's ISRI 30/31 (both strip the ب of بيانات,
and ISRI reduces words to roots: بيانات → بين "between", الاستثمارات → ثمر "fruit").
Light10 (Larkey et al. 2007, the algorithm behind Lucene's ArabicStemmer) removes only
clitics and the commonest suffixes, which is what retrieval over news rewards.

Names are never stemmed: a token that is an entity alias, possibly behind clitics
(وإنفيديا, لألتمان, بالإمارات), stems to the alias's core form instead.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache

from .plurals import Plurals

_PLURALS = Plurals.load()

# Lucene's order: the first prefix that fits is removed, and only one.
PREFIXES = ("ال", "وال", "بال", "كال", "فال", "لل", "و")
SUFFIXES = ("ها", "ان", "ات", "ون", "ين", "يه", "يه", "ه", "ه", "ي")  # ية/ة are يه/ه once normalised

#: ``SUFFIXES`` once each, made once: a dict built per call was a fifth of light10's time.
_SUFFIXES = tuple(dict.fromkeys(SUFFIXES))

ARTICLE = "ال"
#: Clitic prefixes that can stand before a name: conjunction, then preposition, then article.
NAME_PREFIXES = tuple(sorted(
    {c + p + a for c in ("", "و", "ف") for p in ("", "ب", "ك", "ل") for a in ("", ARTICLE)}
    | {c + "لل" for c in ("", "و", "ف")},
    key=len, reverse=True,
))
#: The name prefixes each first letter can begin, in ``NAME_PREFIXES``'s order: most
#: words start with no clitic letter, and trying all 27 prefixes on each was a quarter
#: of the entity matcher's time on a large vocabulary (benchmarks/profile_build.py).
_PREFIXES_BY_LETTER = {letter: tuple(p for p in NAME_PREFIXES if p.startswith(letter))
                       for letter in {p[0] for p in NAME_PREFIXES if p}}
_MIN_NAME = 3
#: Distinct words a memo keeps (the stemmer's, the analyser's); past it the least recently
#: used is forgotten. A memo is a dictionary entry per word, so this bounds a long-lived
#: process's memory whatever it reads, and a news vocabulary's common words stay in it.
MEMO_WORDS = 500_000


def is_arabic(token: str) -> bool:
    """True when the token starts with an Arabic letter."""
    return bool(token) and "\u0600" <= token[0] <= "\u06ff"


def light10(word: str) -> str:
    """Lucene's ArabicStemmer over a normalised word.

    >>> light10("والحسن"), light10("ساهدون"), light10("ال")
    ('حسن', 'ساهد', 'ال')
    """
    # One C call first: most words take no prefix, and many no suffix.
    if word.startswith(PREFIXES):
        for prefix in PREFIXES:
            if word.startswith(prefix) and _long_enough(word, prefix):
                word = word[len(prefix):]
                break
    if word.endswith(_SUFFIXES):
        for suffix in _SUFFIXES:
            if word.endswith(suffix) and len(word) >= len(suffix) + 2:
                word = word[: -len(suffix)]
    return word


def _long_enough(word: str, prefix: str) -> bool:
    # Lucene: the conjunction و needs three letters left, every other prefix two.
    if len(prefix) == 1:
        return len(word) >= 4
    return len(word) >= len(prefix) + 2


def clitic_forms(word: str) -> Iterator[tuple[int, str]]:
    """The forms a normalised word may have behind clitics before a name, longest clitic
    first, each with the letters to cut from the word's start to reach it. After ال or
    لل (ل + ال with the alef elided) the form is tried without and with the article, and
    the article's letters stay in the word (a highlight keeps them).

    >>> list(clitic_forms("وبالصين"))
    [(2, 'صين'), (2, 'الصين'), (2, 'الصين'), (1, 'بالصين')]
    >>> list(clitic_forms("للصين"))
    [(0, 'صين'), (0, 'الصين'), (1, 'لصين')]
    """
    for prefix in _PREFIXES_BY_LETTER.get(word[:1], ()):
        rest = word[len(prefix):]
        if not word.startswith(prefix) or len(rest) < _MIN_NAME - 1:
            continue
        if prefix.endswith((ARTICLE, "لل")):
            cut = len(prefix) - len(ARTICLE)
            yield cut, rest
            yield cut, ARTICLE + rest
        else:
            yield len(prefix), rest


def name_core(alias: str) -> str:
    """The form under which a normalised alias is indexed: without its article."""
    if alias.startswith(ARTICLE) and len(alias) - 2 >= _MIN_NAME + 1:
        return alias[2:]
    return alias


@dataclass
class Stemmer:
    """Light10 with a lexicon of protected names, memoised per distinct word.

    >>> s = Stemmer.for_names(["التمان", "انفيديا", "الامارات"])
    >>> s.stem("لالتمان"), s.stem("وانفيديا"), s.stem("بالامارات"), s.stem("الشركات")
    ('تمان', 'انفيديا', 'امارات', 'شرك')
    """

    names: frozenset[str] = frozenset()
    plurals: Plurals = field(default=_PLURALS, repr=False, compare=False)
    _stem: Callable[[str], str] = field(init=False, repr=False, compare=False)
    _second: Callable[[str], str | None] = field(init=False, repr=False, compare=False)
    _endings: frozenset[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._stem = lru_cache(maxsize=MEMO_WORDS)(self._stem_of)
        self._second = lru_cache(maxsize=MEMO_WORDS)(self._alternative)
        # Every form ``protected`` tries ends in the word's last _MIN_NAME letters (the
        # article's ل included, as in للصين → الصين), and so does its core.
        self._endings = frozenset(name[-_MIN_NAME:] for name in self.names)

    @classmethod
    def for_names(cls, aliases: Iterable[str]) -> Stemmer:
        """A stemmer that protects these normalised single-word aliases."""
        return cls(frozenset(name_core(a) for a in aliases if len(a) >= _MIN_NAME))

    def stem(self, word: str) -> str:
        """The stem of a normalised token; Latin and digits pass unchanged. Memoised."""
        return self._stem(word)

    def alternative(self, word: str) -> str | None:
        """A second stem for indexing: the word without a lone ب ك ل (and و ف) before it.

        Light10 leaves لشركة as لشرك, because stripping ب ك ل from every word breaks
        بيانات. The index stores this second stem at the same position, and queries use
        light10 alone, so شركة finds لشركة while بيانات still finds only بيانات.

        >>> Stemmer().alternative("لشركة".replace("ة", "ه")), Stemmer().alternative("بيانات")
        ('شرك', 'يان')
        """
        return self._second(word)

    def _alternative(self, word: str) -> str | None:
        if not is_arabic(word) or self.protected(word):
            return None
        rest = word
        # Short words too: فتعد is ف + تعد, لاي is ل + اي (found by تعد and أي).
        if rest[0] in "وف" and len(rest) >= 4:
            rest = rest[1:]
        if not rest.startswith((ARTICLE, "لل")) and rest[0] in "بكل" and len(rest) >= 3:
            rest = rest[1:]
        alternative = light10(rest)
        return alternative if alternative != self.stem(word) else None

    def lemmas(self, word: str) -> tuple[str, ...]:
        """The stems of a normalised broken plural's singulars, behind any clitics, for
        the index (an extra term at the word's position) and for queries (in its stem's
        place); empty for names and for words that are no broken plural.

        >>> Stemmer().lemmas("والشرايح"), Stemmer().lemmas("شريحه")
        (('شريح',), ())
        """
        if not is_arabic(word) or self.protected(word):
            return ()
        found = self.plurals.singular_stems(word)
        for prefix in _PREFIXES_BY_LETTER.get(word[:1], ()):
            if found:
                break
            if word.startswith(prefix) and len(word) - len(prefix) >= 3:
                found = self.plurals.singular_stems(word[len(prefix):])
        # مصانعها (light10 takes the pronoun), لمصانعها (and the lone clitic)
        found = found or self.plurals.singular_stems(self.stem(word)) or \
            self.plurals.singular_stems(self.alternative(word) or "")
        return tuple(s for s in found if s != self.stem(word))

    def protected(self, word: str) -> str | None:
        """The name core a normalised token carries behind its clitics, if any."""
        if word[-_MIN_NAME:] not in self._endings:  # most words: no name can end them
            return None
        for _, form in (*clitic_forms(word), (0, word)):
            core = name_core(form)
            if core in self.names:
                return core
        return None

    def _stem_of(self, word: str) -> str:
        if not is_arabic(word):
            return word
        return self.protected(word) or light10(word)

    def __getstate__(self) -> dict:
        # Whoosh pickles the schema, analysers included: leave the memo behind.
        return {"names": self.names}

    def __setstate__(self, state: dict) -> None:
        self.names = state["names"]
        self.plurals = _PLURALS
        self.__post_init__()
