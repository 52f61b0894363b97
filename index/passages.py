"""Passages and highlights: where in an article's original text a query matched.

Highlights are computed on the original text with the same analyser as the index, so a
hit covers the whole word as written (clitics, diacritics and tatweel included). Only the
results on the page shown get passages.

A stored article carries its token table (index/token_table.py): where each word is.
The highlighter then decides once per distinct word of the article, not once per token,
and never cuts the text again (``ArticleHits``); an article without a table (an index
written before them) is analysed paragraph by paragraph, as before. On 10,000 realistic
articles a first page's passages and highlights took 5.4 ms of CPU instead of 8.2 for a
common word, 8.0 instead of 11.4 for a phrase (README, Speed).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

import numpy as np

from .analysis import STOP_MARK, Analyzer
from .models import TITLE_PARAGRAPH, AnalyzedToken, ArticleView, Mention, Offsets, Passage
from .normalize import fold
from .token_table import TokenTable, decode

#: A paragraph longer than this is cut into windows of sentences around its hits.
LONG_PARAGRAPH = 480
SNIPPET_CHARS = 160
_SENTENCE = re.compile(r"[^.!؟?؛\n]+[.!؟?؛]*\s*")
#: Words as written whose folded form is kept: folding each article's words afresh was
#: 80 µs an article (str.translate), looking them up 10 µs.
FOLD_MEMO = 100_000
_folded = lru_cache(maxsize=FOLD_MEMO)(fold)


@dataclass(frozen=True)
class Highlighter:
    """What counts as a hit: stems, exact forms, prefixes, phrases and entity ids."""

    stems: frozenset[str] = frozenset()
    norms: frozenset[str] = frozenset()
    prefixes: tuple[str, ...] = ()
    phrases: tuple[tuple[tuple[str, ...], bool], ...] = ()  # (terms, exact)
    entities: frozenset[str] = frozenset()
    analyzer: Analyzer = field(default_factory=Analyzer, compare=False)
    #: Broken plurals of the stems: a paragraph may hold only رقائق for رقاق.
    plurals: frozenset[str] = frozenset()

    @property
    def empty(self) -> bool:
        """Nothing to highlight (the empty query)."""
        return not (self.has_words or self.entities)

    @property
    def has_words(self) -> bool:
        """Whether words are to be found, not only entity mentions."""
        return bool(self.stems or self.norms or self.prefixes or self.phrases)

    @cached_property
    def needles(self) -> tuple[str, ...]:
        """Strings one of which a paragraph must contain (folded) to hold a word hit."""
        return (*self.stems, *self.norms, *self.prefixes, *self.plurals,
                *(t for terms, _ in self.phrases for t in terms))

    def hits(self, text: str, mentions: Iterable[Mention] = ()) -> list[Offsets]:
        """Spans of ``text`` that match, merged and in order."""
        spans = self._mention_spans(mentions)
        if not self._numbers:
            folded = fold(text)
            if not any(needle in folded for needle in self.needles):
                return _merge(spans)  # no word of the query here: skip the analysis
        tokens = self.analyzer.tokens(text, keep_stops=bool(self.phrases))  # phrases hold them
        spans.extend((t.start, t.end) for t in tokens if self._word_hit(t))
        for terms, exact in self.phrases:
            spans.extend(_phrase_spans(tokens, terms, exact))
        return _merge(spans)

    @cached_property
    def _numbers(self) -> bool:
        # 6ر22 folds to a text without 22.6 in it: numbers skip the quick test
        return any(c.isdigit() for needle in self.needles for c in needle)

    def merged(self, spans: Iterable[Offsets], mentions: Iterable[Mention] = ()
               ) -> list[Offsets]:
        """Word hits found elsewhere (``word_spans``) with the mentions' hits, merged."""
        return _merge([*self._mention_spans(mentions), *spans])

    def _mention_spans(self, mentions: Iterable[Mention]) -> list[Offsets]:
        return [(m.start, m.end) for m in mentions if m.entity in self.entities]

    def _word_hit(self, token: AnalyzedToken) -> bool:
        return self._is_hit(token.norm, token.stem, token.alternative, token.lemmas)

    def _is_hit(self, norm: str, stem: str, second: str, lemmas: tuple[str, ...]) -> bool:
        stems = self.stems
        return stem in stems or second in stems or \
            bool(lemmas and not stems.isdisjoint(lemmas)) or norm in self.norms or (
            bool(self.prefixes) and norm.startswith(self.prefixes))

    def word_spans(self, table: TokenTable, texts: Sequence[str]) -> list[list[Offsets]]:
        """The word and phrase hits (not the mentions) of each of an article's texts (the
        title first), unmerged, read off its token table: each distinct word is analysed
        and judged once, and numpy marks its tokens. Merged (``merged``), they are the
        hits of ``hits`` on each text."""
        found: list[list[Offsets]] = [[] for _ in texts]
        if not self.has_words or not len(table.words):
            return found
        spellings = table.spellings(texts)
        count = len(spellings)
        hit = np.zeros(count, dtype=bool)
        terms = np.zeros((count, sum(len(t) for t, _ in self.phrases)), dtype=bool)
        for i in self._candidates(spellings):
            _, hit[i], terms[i] = self._verdict(spellings[i])
        tokens = np.flatnonzero(hit[table.words])
        spans = [(table.texts[tokens], table.starts[tokens], table.ends[tokens])]
        if self.phrases:
            form = self.analyzer.form
            known = np.array([form(w) is not None for w in spellings], dtype=bool)
            spans.extend(_table_phrases(table, np.flatnonzero(known[table.words]), terms,
                                        [len(t) for t, _ in self.phrases]))
        for text, start, end in spans:
            for number, s, e in zip(text.tolist(), start.tolist(), end.tolist()):
                found[number].append((s, e))
        return found

    def _candidates(self, spellings: list[str]) -> list[int]:
        """The words (by index) that may hit: those holding a needle once folded. The
        quick test of ``hits`` made per word, over all of them in one pass."""
        if self._numbers:
            return list(range(len(spellings)))
        words = list(map(_folded, spellings))
        ends = np.cumsum(np.fromiter(map(len, words), dtype=np.int64, count=len(words)) + 1)
        found = [m.start() for m in self._needle_pattern.finditer("\n".join(words))]
        return np.unique(np.searchsorted(ends, found, side="right")).tolist()

    @cached_property
    def _needle_pattern(self) -> re.Pattern:
        # a stop word stands in a phrase's terms behind its mark, not in the text
        words = {n.removeprefix(STOP_MARK) for n in self.needles} - {""}
        return re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)))

    @cached_property
    def _verdicts(self) -> dict[str, tuple[bool, bool, tuple[bool, ...]]]:
        return {}

    def _verdict(self, raw: str) -> tuple[bool, bool, tuple[bool, ...]]:
        """For a word as written: is it a token, is it a word hit, and does it stand for
        each phrase term (all phrases' terms in a row)? Kept for the rest of the page."""
        verdict = self._verdicts.get(raw)
        if verdict is None:
            verdict = self._verdicts[raw] = self._judge(raw)
        return verdict

    def _judge(self, raw: str) -> tuple[bool, bool, tuple[bool, ...]]:
        form = self.analyzer.form(raw)
        if form is None:
            return False, False, tuple(False for terms, _ in self.phrases for _ in terms)
        norm, stem, second, stop, lemmas, _ = form
        # ``hits`` drops stop words unless a phrase needs them: so does a word hit here
        word = (not stop or bool(self.phrases)) and self._is_hit(norm, stem, second, lemmas)
        alike = (stem, second, *lemmas)
        return True, word, tuple((norm == term) if exact else term in alike
                                 for terms, exact in self.phrases for term in terms)


def _phrase_spans(tokens: list[AnalyzedToken], terms: tuple[str, ...], exact: bool
                  ) -> Iterable[Offsets]:
    n = len(terms)
    for i in range(len(tokens) - n + 1):
        window = tokens[i:i + n]
        if all((t.norm == term) if exact else term in (t.stem, t.alternative, *t.lemmas)
               for t, term in zip(window, terms)):
            yield window[0].start, window[-1].end


def _table_phrases(table: TokenTable, kept: np.ndarray, terms: np.ndarray,
                   lengths: list[int]) -> Iterable[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """Each phrase's spans as (text, start, end) arrays: ``kept`` tokens (those ``tokens``
    yields with stop words) in a row, in one text, each standing for its term."""
    words, texts = table.words[kept], table.texts[kept]
    first = 0  # the phrase's first column in ``terms``
    for length in lengths:
        count = len(kept) - length + 1
        if count > 0:
            ok = np.ones(count, dtype=bool)
            for j in range(length):
                ok &= terms[words[j:j + count], first + j] & (texts[j:j + count] == texts[:count])
            at = np.flatnonzero(ok)
            yield texts[at], table.starts[kept[at]], table.ends[kept[at + length - 1]]
        first += length


def _merge(spans: list[Offsets]) -> list[Offsets]:
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(s, e) for s, e in merged]


class ArticleHits:
    """The hits of an article's title (``TITLE_PARAGRAPH``) and paragraphs, by number:
    read off its token table when it has one that fits, else found by analysing each
    text when it is asked for."""

    def __init__(self, view: ArticleView, highlighter: Highlighter,
                 table: TokenTable | str | None = None) -> None:
        """``table``: the article's token table, or as stored (unpacked only when the
        query has words to find)."""
        self.view = view
        self.highlighter = highlighter
        self._mentions: dict[int, list[Mention]] = {}
        for mention in view.mentions:
            self._mentions.setdefault(mention.paragraph, []).append(mention)
        self._words: list[list[Offsets]] | None = None
        if table is None or highlighter.empty:
            return
        if not highlighter.has_words:
            self._words = [[] for _ in range(len(view.paragraphs) + 1)]
            return
        table = decode(table) if isinstance(table, str) else table
        texts = (view.title, *view.paragraphs)
        if table is not None and table.fits(texts):
            self._words = highlighter.word_spans(table, texts)

    def mentions(self, number: int) -> list[Mention]:
        """The entity mentions in paragraph ``number``."""
        return self._mentions.get(number, [])

    def __call__(self, number: int) -> list[Offsets]:
        """The hits of paragraph ``number``, merged and in order."""
        if self.highlighter.empty:
            return []
        if self._words is not None:
            return self.highlighter.merged(self._words[number - TITLE_PARAGRAPH],
                                           self.mentions(number))
        text = self.view.title if number == TITLE_PARAGRAPH else self.view.paragraphs[number]
        return self.highlighter.hits(text, self.mentions(number))


def passages(view: ArticleView, highlighter: Highlighter, *, limit: int | None = None,
             hits: ArticleHits | None = None) -> list[Passage]:
    """The article's passages with hits, in reading order (all paragraphs if none match).

    ``hits``: the article's hits already found (from its token table), if any.
    """
    found: list[Passage] = []
    hits_of = hits if hits is not None else ArticleHits(view, highlighter)
    for number, text in enumerate(view.paragraphs):
        mentions = hits_of.mentions(number)
        hits_here = hits_of(number)
        if not hits_here and not highlighter.empty:
            continue
        found.extend(_windows(view, number, text, hits_here, mentions))
        if limit is not None and len(found) >= limit:
            return found[:limit]
    return found


def _windows(view: ArticleView, number: int, text: str, hits: list[Offsets],
             mentions: list[Mention]) -> list[Passage]:
    if len(text) <= LONG_PARAGRAPH or not hits:
        return [_passage(view, number, text, 0, len(text), hits, mentions)]
    sentences = [(m.start(), m.end()) for m in _SENTENCE.finditer(text)] or [(0, len(text))]
    windows: list[list[int]] = []
    for start, _ in hits:
        index = next((i for i, (s, e) in enumerate(sentences) if s <= start < e), 0)
        lo, hi = sentences[max(0, index - 1)][0], sentences[min(len(sentences) - 1, index + 1)][1]
        if windows and lo <= windows[-1][1]:
            windows[-1][1] = max(windows[-1][1], hi)
        else:
            windows.append([lo, hi])
    return [_passage(view, number, text, lo, hi, hits, mentions) for lo, hi in windows]


def _passage(view: ArticleView, number: int, text: str, lo: int, hi: int, hits: list[Offsets],
             mentions: list[Mention]) -> Passage:
    body = text[lo:hi].rstrip()
    hi = lo + len(body)
    return Passage(
        article_id=view.id, title=view.title, author=view.author, path=view.path,
        paragraph=number, start=lo, text=body,
        hits=tuple((s - lo, e - lo) for s, e in hits if lo <= s and e <= hi),
        mentions=tuple(m for m in mentions if lo <= m.start and m.end <= hi),
        source=view.source, date=view.date,
    )


def snippet(text: str, hits: tuple[Offsets, ...] | list[Offsets], width: int = SNIPPET_CHARS
            ) -> tuple[str, tuple[Offsets, ...]]:
    """One line of ``text`` centred on its best hit (the one with most hits around it),
    cut at word boundaries, hits shifted. The explorer cuts it again to a row's width.

    >>> snippet("أ ب ج د ه و ز", [(6, 7)], width=5)
    ('…ج د…', ((3, 4),))
    """
    text = " ".join(text.split("\n"))
    if len(text) <= width:
        return text, tuple(hits)
    start, end = _best_hit(hits, width) if hits else (0, 0)
    lo = max(0, min((start + end) // 2 - width // 2, len(text) - width))
    if lo:  # start at a word: the one cut, unless that pushes the hit out
        back = text.rfind(" ", 0, lo + 1)
        lo = back + 1 if back >= 0 and end <= back + 1 + width else min(
            start, text.find(" ", lo) + 1 or lo)  # never past the hit (a word wider than width)
    hi = min(len(text), lo + width)
    if hi < len(text):
        space = text.rfind(" ", max(lo, end), hi)
        hi = space if space > lo else hi
    hi = max(hi, end)  # a word longer than the window still shows whole
    prefix, suffix = ("…" if lo else ""), ("…" if hi < len(text) else "")
    shift = len(prefix) - lo
    kept = tuple((max(s, lo) + shift, min(e, hi) + shift) for s, e in hits if s < hi and e > lo)
    return prefix + text[lo:hi] + suffix, kept


def _best_hit(hits: tuple[Offsets, ...] | list[Offsets], width: int) -> Offsets:
    """The hit with the most hits within half a window of it (the first of equals)."""
    starts = [s for s, _ in hits]
    return max(hits, key=lambda hit: (sum(abs(s - hit[0]) <= width // 2 for s in starts),
                                      -hit[0]))
