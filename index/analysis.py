"""The one Arabic analyser, used for indexing, queries, highlights and entity matching.

The original text is tokenised first and each token normalised after, so every token
keeps its offsets into the original text: a highlight lands on the word as written,
diacritics, tatweel and all.

One pipeline, in one place: ``TOKEN_PATTERN`` cuts the text, and ``Analyzer.form``
makes of each distinct word its ``WordForm`` (normal form, stems, stop word, index terms),
once, memoised. Every view of a text is read off those forms: ``words`` (normal forms,
for the entity matcher), ``tokens`` (offsets and stems, for queries and highlights),
``index_terms`` (a whole article's terms and positions, for the index) and the Whoosh
analyser of each field (``whoosh``), which yields the same terms as Whoosh tokens for
anything of Whoosh's that analyses text. Before, the Whoosh side was a second pipeline
(a tokenizer and two filters re-doing normalisation and stemming); the terms of the seeds
and the news fixtures are unchanged (tests/index/test_pipeline.py).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache, partial
from itertools import accumulate, compress
from operator import itemgetter
from typing import NamedTuple, cast, overload

from whoosh.analysis import Analyzer as WhooshAnalyzer
from whoosh.analysis.acore import Token as WhooshToken

from .models import AnalyzedToken
from .normalize import normalize
from .stem import MEMO_WORDS, Stemmer

_LETTERS = (
    "\u0621-\u063a\u0641-\u064a\u0671-\u06d3\u06d5\u06ee\u06ef\u06fa-\u06fc\u06ff"
    "\u0750-\u077f\u08a0-\u08c9\ufb50-\ufdfb\ufe70-\ufefc"
)
# Marks that live inside an Arabic word: harakat, Quranic marks, tatweel, joiners.
_MARKS = "\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u08d3-\u08ff\u0640\u200c\u200d"
_DIGITS = "0-9\u0660-\u0669\u06f0-\u06f9"
_ARABIC_BLOCKS = "\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff"

#: Positions skipped at each line break (paragraphs are lines): a phrase never matches
#: across two paragraphs, whatever its slop (index/news, issue 12).
PARAGRAPH_GAP = 100

TOKEN_PATTERN = re.compile(
    rf"[{_LETTERS}][{_LETTERS}{_MARKS}]*"  # an Arabic word, marks and all
    # A number: 67,000 3.5 ٢٢٫٦ 6ر22; glued to an Arabic word it is cut off (٢٠٢٦م, ١٤٤٧هـ),
    # glued to a Latin one it stays in it (42G).
    rf"|[{_DIGITS}]+(?:[.,\u060c\u066b\u066cر][{_DIGITS}]+)*(?![^\W_{_ARABIC_BLOCKS}])"
    rf"|(?:(?![{_ARABIC_BLOCKS}])[^\W_])+"  # a Latin (or other script) word: G42 Nvidia
)

#: The tokenizer as a splitter: separators and tokens alternate, cut in one C call
#: (the pattern never matches an empty string, so split and finditer agree).
_SPLIT = re.compile(f"({TOKEN_PATTERN.pattern})")

#: Normalised function words: indexed (a phrase such as "لا أحد" needs them) but never
#: matched on their own, nor counted among a query's words. Kept small on purpose: news
#: readers search for names and claims.
STOP_WORDS = frozenset(normalize(word) for word in
    ["في", "من", "على", "الي", "عن", "مع", "ان", "او", "ام", "ثم", "حتي", "اذا", "لو", "و", "ف", "ب", "ك", "ل", "ما", "لا", "لم", "لن", "قد", "كل", "بعض", "هذا", "هذه", "ذلك", "تلك", "هولاء", "التي", "الذي", "الذين", "اللتين", "اللذين", "اللواتي", "هو", "هي", "هم", "هما", "نحن", "انا", "انت", "كان", "كانت", "يكون", "تكون", "وقد", "ولا", "وفي", "ومن", "وعلي", "وان", "وهو", "وهي", "عند", "بين", "حيث", "منذ", "الا", "اما", "the", "a", "an", "of", "and", "or", "to", "in", "on", "for", "is", "are", "was", "with", "by", "at", "as", "from"]
)
#: A stop word's ``body`` term is its normal form behind this mark, which no other term can
#: hold (the tokenizer never yields it): a stem such as لا (of لاي) never meets the stop
#: word لا.
STOP_MARK = "_"
#: Stop words only when written with ى: على and وعلى are prepositions, علي is the name
#: Ali (and علي بابا is Alibaba).
MAQSURA_STOP_WORDS = frozenset({"علي", "وعلي"})


def is_stop_word(raw: str, norm: str) -> bool:
    """Whether a word as written (``raw``) with this normal form is a function word.

    >>> is_stop_word("على", "علي"), is_stop_word("علي", "علي"), is_stop_word("في", "في")
    (True, False, True)
    """
    if norm in MAQSURA_STOP_WORDS:
        return "\u0649" in raw
    return norm in STOP_WORDS


class NormalToken(NamedTuple):
    """A token as written, where it is, and its normal form."""

    text: str
    start: int
    end: int
    norm: str


class LazyWords(Sequence[NormalToken]):
    """A text's tokens with their normal forms (``norms``), each ``NormalToken`` made
    when it is read (``Analyzer.lazy_words``)."""

    __slots__ = ("ends", "norms", "raws")

    def __init__(self, raws: list[str], ends: list[int], norms: list[str]) -> None:
        self.raws = raws
        self.ends = ends
        self.norms = norms

    def __len__(self) -> int:
        return len(self.norms)

    @overload
    def __getitem__(self, index: int) -> NormalToken: ...

    @overload
    def __getitem__(self, index: slice) -> list[NormalToken]: ...

    def __getitem__(self, index: int | slice) -> NormalToken | list[NormalToken]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self.norms)))]
        raw, end = self.raws[index], self.ends[index]
        return NormalToken(raw, end - len(raw), end, self.norms[index])


class WordForm(NamedTuple):
    """What the analyser makes of one word as written."""

    norm: str
    stem: str
    #: The index's second stem, or "" (see stem.Stemmer.alternative).
    second: str
    stop: bool
    #: Stems of a broken plural's singulars (stem.Stemmer.lemmas).
    lemmas: tuple[str, ...]
    #: The word's ``body`` terms when indexed, at its position: its stem (a stop word's
    #: normal form behind ``STOP_MARK``), then its second stem and its singulars' stems.
    body: tuple[str, ...]


#: A ``WordForm``'s normal form, read in C.
_NORM = itemgetter(0)


def word_form(raw: str, stemmer: Stemmer) -> WordForm | None:
    """What a word as written is to the index and to queries; None for a word that
    normalises to nothing.

    >>> word_form("والشرائح", Stemmer()).body, word_form("على", Stemmer()).body
    (('شرايح', 'شريح'), ('_علي',))
    """
    norm = normalize(raw)
    if not norm:
        return None
    if is_stop_word(raw, norm):
        # A stop word is indexed as written (normalised, marked): only phrases use it.
        return WordForm(norm, STOP_MARK + norm, "", True, (), (STOP_MARK + norm,))
    stem = stemmer.stem(norm)
    second = stemmer.alternative(norm) or ""
    lemmas = stemmer.lemmas(norm)
    body = (stem, *((second,) if second else ()), *(s for s in lemmas if s != second))
    return WordForm(norm, stem, second, False, lemmas, body)


class Analyzer:
    """Turns text into analysed tokens; the same object feeds Whoosh and the engine."""

    def __init__(self, stemmer: Stemmer | None = None) -> None:
        self.stemmer = stemmer or Stemmer()
        #: ``word_form`` with this stemmer, memoised for the most recent words.
        self.form = lru_cache(maxsize=MEMO_WORDS)(partial(word_form, stemmer=self.stemmer))
        self._last: tuple[str, tuple[dict, dict]] | None = None

    @classmethod
    def for_names(cls, names: Iterable[str]) -> Analyzer:
        """An analyser that never stems these normalised one-word names (entity aliases)."""
        return cls(Stemmer.for_names(names))

    def __getstate__(self) -> dict:
        # Whoosh pickles the schema, analysers included: leave the memos behind.
        return {"stemmer": self.stemmer}

    def __setstate__(self, state: dict) -> None:
        Analyzer.__init__(self, state["stemmer"])

    def words(self, text: str) -> list[NormalToken]:
        """Every token with its normal form, stop words included, without stemming.

        The entity matcher's fast path: names are matched on normal forms only.
        """
        out = []
        form_of = self.form
        for match in TOKEN_PATTERN.finditer(text):
            raw = match.group()
            form = form_of(raw)
            if form is not None:
                out.append(NormalToken(raw, match.start(), match.end(), form.norm))
        return out

    def lazy_words(self, text: str) -> LazyWords:
        """``words`` of a text, each made only when read; the normal forms as a list.

        The entity matcher reads every normal form but the offsets of a few tokens only
        (those around a name): making a ``NormalToken`` of every token was the largest
        single cost of a build (issue 12: ``words``' own time, 1.75 of 28.7 s of a
        profiled build of 3,000 realistic articles). Here the per-token work runs in C
        (``split``, ``map``, ``accumulate``).
        """
        parts = _SPLIT.split(text)
        raws = parts[1::2]
        ends = list(accumulate(map(len, parts)))[1::2]
        forms: list[WordForm | None] = list(map(self.form, raws))
        if None in forms:  # a word that normalises to nothing is no token
            kept = [form is not None for form in forms]
            raws = list(compress(raws, kept))
            ends = list(compress(ends, kept))
            forms = list(compress(forms, kept))
        return LazyWords(raws, ends, list(map(_NORM, cast(list[WordForm], forms))))

    def tokens(self, text: str, *, keep_stops: bool = False) -> list[AnalyzedToken]:
        """Every token of ``text`` with its offsets, normal form and stem.

        >>> [t.norm for t in Analyzer().tokens("وَالذَّكَاءُ في OpenAI")]
        ['والذكاء', 'openai']
        """
        out: list[AnalyzedToken] = []
        form_of = self.form
        for position, match in enumerate(TOKEN_PATTERN.finditer(text)):
            raw = match.group()
            form = form_of(raw)
            if form is None:
                continue
            norm, stem, second, stop, lemmas, _ = form
            if stop and not keep_stops:
                continue
            # Positional, in the field order of models.AnalyzedToken: keywords made this
            # loop 20% slower (150 articles: 0.147 s against 0.178 s), and it runs for
            # every paragraph a page of results highlights.
            out.append(AnalyzedToken(raw, match.start(), match.end(), norm, stem, position,
                                     second, lemmas))
        return out

    def positions(self, text: str) -> Iterator[tuple[re.Match, int, WordForm]]:
        """Every word of a text with its index position and form: positions count every
        token, and ``PARAGRAPH_GAP`` more at each line break."""
        form_of = self.form
        gap = last = 0
        for position, match in enumerate(TOKEN_PATTERN.finditer(text)):
            gap += PARAGRAPH_GAP * text.count("\n", last, match.start())
            last = match.end()
            form = form_of(match.group())
            if form is not None:
                yield match, position + gap, form

    def index_terms(self, text: str) -> tuple[dict[str, list[int]], dict[str, list[int]]]:
        """The stemmed (``body``) and exact terms of a text with their token positions.

        Stop words are indexed too, for phrases: their normal form in ``exact``, behind
        ``STOP_MARK`` in ``body``. The second stem and the singulars' stems share their
        word's position. The positions are ``positions``'s, counted here paragraph by
        paragraph: a whole article in one pass that serves both fields.
        """
        last = self._last
        if last is not None and last[0] == text:
            return last[1]
        body: dict[str, list[int]] = defaultdict(list)
        exact: dict[str, list[int]] = defaultdict(list)
        form_of = self.form
        start = 0
        for paragraph in text.split("\n"):
            words = TOKEN_PATTERN.findall(paragraph)
            for position, raw in enumerate(words, start=start):
                form = form_of(raw)
                if form is None:
                    continue
                exact[form.norm].append(position)
                for term in form.body:
                    body[term].append(position)
            start += len(words) + PARAGRAPH_GAP
        self._last = (text, (body, exact))
        return body, exact

    def whoosh(self, *, stemmed: bool) -> FieldAnalyzer:
        """A Whoosh analyser for the stemmed (``body``) or exact (``exact``) field."""
        return FieldAnalyzer(self, stemmed)


class FieldAnalyzer(WhooshAnalyzer):
    """One field's terms as Whoosh tokens, read off the analyser's word forms.

    Whoosh's ``PackedPositions`` format indexes through ``index_terms``; anything else
    of Whoosh's that analyses text calls the analyser, which yields each word's terms at
    its position: the normal form (``exact``), or the stem (``body``; at indexing, also
    the second stem and singulars' stems, as ``index_terms`` does).
    """

    def __init__(self, analyzer: Analyzer, stemmed: bool) -> None:
        self.analyzer = analyzer
        self.stemmed = stemmed

    def __getstate__(self) -> dict:
        return {"analyzer": self.analyzer, "stemmed": self.stemmed}

    def __setstate__(self, state: dict) -> None:
        # An index written before the one pipeline also pickled a ``chain``: dropped.
        FieldAnalyzer.__init__(self, state["analyzer"], state["stemmed"])

    def __call__(self, value: str, positions: bool = False, chars: bool = False,
                 keeporiginal: bool = False, removestops: bool = True, start_pos: int = 0,
                 start_char: int = 0, mode: str = "", **kwargs) -> Iterator[WhooshToken]:
        token = WhooshToken(positions, chars, removestops=removestops, mode=mode, **kwargs)
        indexing = mode == "index"
        for match, position, form in self.analyzer.positions(value):
            if not self.stemmed:
                terms: tuple[str, ...] = (form.norm,)
            else:
                terms = form.body if indexing else form.body[:1]
            token.boost = 1.0
            token.stopped = False
            if keeporiginal:
                token.original = match.group()
            if positions:
                token.pos = start_pos + position
            if chars:
                token.startchar = start_char + match.start()
                token.endchar = start_char + match.end()
            for term in terms:
                token.text = term
                yield token

    def __eq__(self, other: object) -> bool:
        return (isinstance(other, FieldAnalyzer) and other.stemmed == self.stemmed
                and other.analyzer.stemmer.names == self.analyzer.stemmer.names)

    def index_terms(self, text: str) -> dict[str, list[int]]:
        body, exact = self.analyzer.index_terms(text)
        return body if self.stemmed else exact


class RetiredChainStep:
    """A step of the Whoosh chain that indexes written before the one pipeline pickled
    in their schema (``ArabicTokenizer() | NormalizeFilter() | StemFilter``): their
    tables of contents name these classes, so the names stay; never run."""

    def __init__(self, *args, **kwargs) -> None:
        pass

    def __setstate__(self, state: dict) -> None:
        pass


ArabicTokenizer = NormalizeFilter = StemFilter = RetiredChainStep
