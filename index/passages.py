"""Passages and highlights: where in an article's original text a query matched.

Highlights are computed on the original text with the same analyser as the index, so a
hit covers the whole word as written (clitics, diacritics and tatweel included). Only the
results on the page shown get passages.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property

from .analysis import Analyzer
from .models import AnalyzedToken, ArticleView, Mention, Offsets, Passage
from .normalize import fold

#: A paragraph longer than this is cut into windows of sentences around its hits.
LONG_PARAGRAPH = 480
SNIPPET_CHARS = 160
_SENTENCE = re.compile(r"[^.!؟?؛\n]+[.!؟?؛]*\s*")


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
        return not (self.stems or self.norms or self.prefixes or self.phrases or self.entities)

    @cached_property
    def needles(self) -> tuple[str, ...]:
        """Strings one of which a paragraph must contain (folded) to hold a word hit."""
        return (*self.stems, *self.norms, *self.prefixes, *self.plurals,
                *(t for terms, _ in self.phrases for t in terms))

    def hits(self, text: str, mentions: Iterable[Mention] = ()) -> list[Offsets]:
        """Spans of ``text`` that match, merged and in order."""
        spans = [(m.start, m.end) for m in mentions if m.entity in self.entities]
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

    def _word_hit(self, token: AnalyzedToken) -> bool:
        stems = self.stems
        return token.stem in stems or token.alternative in stems or \
            bool(token.lemmas and not stems.isdisjoint(token.lemmas)) or \
            token.norm in self.norms or (
            bool(self.prefixes) and token.norm.startswith(self.prefixes))


def _phrase_spans(tokens: list[AnalyzedToken], terms: tuple[str, ...], exact: bool
                  ) -> Iterable[Offsets]:
    n = len(terms)
    for i in range(len(tokens) - n + 1):
        window = tokens[i:i + n]
        if all((t.norm == term) if exact else term in (t.stem, t.alternative, *t.lemmas)
               for t, term in zip(window, terms)):
            yield window[0].start, window[-1].end


def _merge(spans: list[Offsets]) -> list[Offsets]:
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(s, e) for s, e in merged]


def passages(view: ArticleView, highlighter: Highlighter, *, limit: int | None = None
             ) -> list[Passage]:
    """The article's passages with hits, in reading order (all paragraphs if none match)."""
    found: list[Passage] = []
    by_paragraph: dict[int, list[Mention]] = {}
    for mention in view.mentions:
        by_paragraph.setdefault(mention.paragraph, []).append(mention)
    for number, text in enumerate(view.paragraphs):
        mentions = by_paragraph.get(number, [])
        hits = highlighter.hits(text, mentions) if not highlighter.empty else []
        if not hits and not highlighter.empty:
            continue
        found.extend(_windows(view, number, text, hits, mentions))
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
