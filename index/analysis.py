"""The one Arabic analyser, used for indexing, queries, highlights and entity matching.

The original text is tokenised first and each token normalised after, so every token
keeps its offsets into the original text: a highlight lands on the word as written,
diacritics, tatweel and all.  Whoosh gets the same steps as a tokenizer piped into
short filters (``ArabicTokenizer() | NormalizeFilter() | StemFilter``).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from functools import lru_cache
from typing import NamedTuple

from whoosh.analysis import Analyzer as WhooshAnalyzer
from whoosh.analysis import Filter, Tokenizer
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


class Analyzer:
    """Turns text into analysed tokens; the same object feeds Whoosh and the engine."""

    def __init__(self, stemmer: Stemmer | None = None) -> None:
        self.stemmer = stemmer or Stemmer()
        self._form = lru_cache(maxsize=MEMO_WORDS)(self._form_of)
        self._last: tuple[str, tuple[dict, dict]] | None = None

    def __getstate__(self) -> dict:
        # Whoosh pickles the schema, analysers included: leave the memos behind.
        return {"stemmer": self.stemmer}

    def __setstate__(self, state: dict) -> None:
        self.__init__(state["stemmer"])

    def words(self, text: str) -> list[NormalToken]:
        """Every token with its normal form, stop words included, without stemming.

        The entity matcher's fast path: names are matched on normal forms only.
        """
        out = []
        form_of = self._form
        for match in TOKEN_PATTERN.finditer(text):
            raw = match.group()
            form = form_of(raw)
            if form is not None:
                out.append(NormalToken(raw, match.start(), match.end(), form[0]))
        return out

    def tokens(self, text: str, *, keep_stops: bool = False) -> list[AnalyzedToken]:
        """Every token of ``text`` with its offsets, normal form and stem.

        >>> [t.norm for t in Analyzer().tokens("وَالذَّكَاءُ في OpenAI")]
        ['والذكاء', 'openai']
        """
        out: list[AnalyzedToken] = []
        for position, match in enumerate(TOKEN_PATTERN.finditer(text)):
            raw = match.group()
            form = self._form(raw)
            if form is None or (form[3] and not keep_stops):
                continue
            norm, stem, second, _, lemmas = form
            out.append(AnalyzedToken(text=raw, start=match.start(), end=match.end(),
                                     norm=norm, stem=stem, position=position,
                                     alternative=second, lemmas=lemmas))
        return out

    def index_terms(self, text: str) -> tuple[dict[str, list[int]], dict[str, list[int]]]:
        """The stemmed (``body``) and exact terms of a text with their token positions.

        Stop words are indexed too, for phrases: their normal form in ``exact``, behind
        ``STOP_MARK`` in ``body``.

        The same steps as the Whoosh chain (``whoosh``), for a whole article in one pass
        that serves both fields, each distinct word analysed once (news vocabulary is
        small next to its token count). The second stem shares its word's position.
        """
        last = self._last
        if last is not None and last[0] == text:
            return last[1]
        body: dict[str, list[int]] = defaultdict(list)
        exact: dict[str, list[int]] = defaultdict(list)
        form_of = self._form
        start = 0
        for paragraph in text.split("\n"):
            words = TOKEN_PATTERN.findall(paragraph)
            for position, raw in enumerate(words, start=start):
                form = form_of(raw)
                if form is None:
                    continue
                norm, stem, second, _, lemmas = form
                exact[norm].append(position)
                body[stem].append(position)
                if second:
                    body[second].append(position)
                for lemma in lemmas:
                    if lemma != second:
                        body[lemma].append(position)
            start += len(words) + PARAGRAPH_GAP
        self._last = (text, (body, exact))
        return body, exact

    def _form_of(self, raw: str) -> tuple[str, str, str, bool, tuple[str, ...]] | None:
        """A word as written → (normal form, stem, second stem or "", stop word?, stems
        of its singulars if a broken plural); None for a word that normalises to nothing.
        Memoised as ``_form`` (the ``MEMO_WORDS`` most recently used words)."""
        norm = normalize(raw)
        if not norm:
            return None
        if is_stop_word(raw, norm):
            # A stop word is indexed as written (normalised, marked): only phrases use it.
            return (norm, STOP_MARK + norm, "", True, ())
        stemmer = self.stemmer
        return (norm, stemmer.stem(norm), stemmer.alternative(norm) or "", False,
                stemmer.lemmas(norm))

    def whoosh(self, *, stemmed: bool) -> FieldAnalyzer:
        """A Whoosh analyser for the stemmed (``body``) or exact (``exact``) field."""
        return FieldAnalyzer(self, stemmed)


class FieldAnalyzer(WhooshAnalyzer):
    """The Whoosh chain of one field, with the whole-article path ``index_terms``.

    Whoosh's ``PackedPositions`` format indexes through ``index_terms``; anything else
    of Whoosh's that analyses text gets the chain
    ``ArabicTokenizer() | NormalizeFilter() | StemFilter`` (stop words kept, unstemmed).
    """

    def __init__(self, analyzer: Analyzer, stemmed: bool) -> None:
        self.analyzer = analyzer
        self.stemmed = stemmed
        chain = ArabicTokenizer() | NormalizeFilter()
        self.chain = chain | StemFilter(analyzer.stemmer) if stemmed else chain

    def __call__(self, value: str, **kwargs) -> Iterator[WhooshToken]:
        return self.chain(value, **kwargs)

    def __eq__(self, other: object) -> bool:
        return (isinstance(other, FieldAnalyzer) and other.stemmed == self.stemmed
                and other.analyzer.stemmer.names == self.analyzer.stemmer.names)

    def index_terms(self, text: str) -> dict[str, list[int]]:
        body, exact = self.analyzer.index_terms(text)
        return body if self.stemmed else exact


class ArabicTokenizer(Tokenizer):
    """Cuts the original text into words, keeping their character offsets."""

    def __call__(self, value: str, positions: bool = False, chars: bool = False,
                 keeporiginal: bool = False, removestops: bool = True, start_pos: int = 0,
                 start_char: int = 0, tokenize: bool = True, mode: str = "",
                 **kwargs) -> Iterator[WhooshToken]:
        token = WhooshToken(positions, chars, removestops=removestops, mode=mode, **kwargs)
        gap = last = 0
        for pos, match in enumerate(TOKEN_PATTERN.finditer(value)):
            gap += PARAGRAPH_GAP * value.count("\n", last, match.start())
            last = match.end()
            pos += gap
            token.text = match.group()
            token.boost = 1.0
            token.stopped = False
            if keeporiginal:
                token.original = token.text
            if positions:
                token.pos = start_pos + pos
            if chars:
                token.startchar = start_char + match.start()
                token.endchar = start_char + match.end()
            yield token


class NormalizeFilter(Filter):
    """Replaces each token's text by its normal form (see normalize.py)."""

    def __call__(self, tokens: Iterator[WhooshToken]) -> Iterator[WhooshToken]:
        for token in tokens:
            raw, token.text = token.text, normalize(token.text)
            token.stop_word = is_stop_word(raw, token.text)
            if token.text:
                yield token


class StemFilter(Filter):
    """Light10 stemming with protected names (see stem.py)."""

    def __init__(self, stemmer: Stemmer) -> None:
        self.stemmer = stemmer

    def __eq__(self, other: object) -> bool:
        return isinstance(other, StemFilter) and other.stemmer.names == self.stemmer.names

    def __call__(self, tokens: Iterator[WhooshToken]) -> Iterator[WhooshToken]:
        stem, alternative, lemmas = self.stemmer.stem, self.stemmer.alternative, \
            self.stemmer.lemmas
        for token in tokens:
            if getattr(token, "stop_word", False):
                token.text = STOP_MARK + token.text  # a stop word is indexed as written
                yield token
                continue
            # At index time a second stem shares the position (see Stemmer.alternative).
            indexing = token.mode == "index"
            second = alternative(token.text) if indexing else None
            extra = [s for s in lemmas(token.text) if s != second] if indexing else []
            token.text = stem(token.text)
            yield token
            for term in (second, *extra):
                if term:
                    token.text = term
                    yield token
