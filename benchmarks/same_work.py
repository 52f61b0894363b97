"""What a baseline engine must do to answer a query as fahras does: the same terms, the
same matches, so that a ratio of times compares the same work.

The first benchmark gave SQLite FTS5 other work for three query kinds: a prefix without
its clitic forms, typing as a prefix of stems, and the company filter as a text match on
"tsmc" (at 100,000 articles: 77,225 vs 81,297 matches, 47,295 vs 34,985, 37,784 vs
44,477). Here every engine indexes what fahras indexes and is asked what fahras asks:

- **documents**: each stored article analysed by fahras's own analyser
  (``Analyzer.index_terms``): the ``body`` terms (stems, second stems and broken plurals'
  singular stems, stop words behind their mark) and the ``exact`` terms (normal forms),
  each with its token positions (paragraphs 100 positions apart), and the entity ids the
  matcher found;
- **queries**: fahras compiles the query (entity spellings, broken plurals, names joined
  into phrases, coordination) and the compiled tree is translated node by node into a
  small engine-neutral tree (``Term``, ``Phrase``, ``AnyOf``, ``AllOf``, ``Not``, ``Every``,
  ``Prefix``, ``Coordinated``). Two nodes are left for the engine to resolve with its own
  index, as fahras resolves them with its own: a ``Prefix`` takes the most frequent
  completions of its starts (the word behind each clitic) from the engine's term
  dictionary, and ``Coordinated`` ("all the words first, then most of them") counts each
  word's documents to weigh it, then asks for the documents holding one of the smallest
  sets of words that fahras would accept (``qualifying_sets``).

The benchmark compares every engine's total with fahras's and prints no ratio where they
differ.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import combinations
from math import log

from whoosh import query as wq

from fahras.index.analysis import PARAGRAPH_GAP, TOKEN_PATTERN, Analyzer
from fahras.index.ranking import PARTIAL_SHARE, Group
from fahras.index.ranking import Coordinated as FahrasCoordinated
from fahras.index.search import Engine, SearchRequest

#: A filler between positions fahras leaves empty (paragraph breaks, words that normalise
#: to nothing), for engines that number positions themselves: no term can be "_".
GAP = "_"


# -- the neutral tree ---------------------------------------------------------------------

@dataclass(frozen=True)
class Term:
    field: str
    text: str


@dataclass(frozen=True)
class Phrase:
    field: str
    words: tuple[str, ...]


@dataclass(frozen=True)
class Prefix:
    """The ``limit`` most frequent ``exact`` terms starting with any of ``starts``."""

    starts: tuple[str, ...]
    limit: int


@dataclass(frozen=True)
class AnyOf:
    parts: tuple


@dataclass(frozen=True)
class AllOf:
    parts: tuple


@dataclass(frozen=True)
class Not:
    part: object


@dataclass(frozen=True)
class Every:
    pass


@dataclass(frozen=True)
class Coordinated:
    """Several words: a document matches if it holds a set of them fahras accepts."""

    parts: tuple
    required: tuple[bool, ...]


# -- queries ------------------------------------------------------------------------------

class _PrefixRecorder:
    """Stands in for fahras's lexicon while compiling: each prefix becomes a marker term
    that ``translate`` turns into a ``Prefix`` for the engine to complete."""

    def __init__(self) -> None:
        self.prefixes: dict[str, Prefix] = {}

    def completions(self, starts: list[str], limit: int) -> list[str]:
        marker = f"\x00prefix{len(self.prefixes)}"
        self.prefixes[marker] = Prefix(tuple(starts), limit)
        return [marker]


def neutral(engine: Engine, request: SearchRequest):
    """The engine-neutral query for a fahras request, entity filters included."""
    recorder = _PrefixRecorder()
    lexicon = engine.lexicon
    engine.lexicon = lambda: recorder  # type: ignore[method-assign]
    try:
        compiled = engine.compile(request.text, exact=request.exact,
                                  complete_last=request.complete_last)
    finally:
        del engine.lexicon
        assert engine.lexicon == lexicon
    if compiled.empty and request.text.strip():
        tree: object = AnyOf(())  # only stop words: nothing
    else:
        tree = Every() if compiled.query is None else translate(compiled.query,
                                                                 recorder.prefixes)
    filters = tuple(Term("entities", e) for e in request.filters.ids)
    if not filters:
        return tree
    entities = AnyOf(filters) if request.filters.any_ else AllOf(filters)
    return entities if isinstance(tree, Every) else AllOf((tree, entities))


def translate(query, prefixes: dict[str, Prefix]):
    """A compiled Whoosh query (with fahras's own nodes) as a neutral tree."""
    if isinstance(query, Group):
        parts = [Term("body", t) for t in query.terms]
        parts += [Phrase("body", tuple(p)) for p in query.phrases]
        if query.entity:
            parts.append(Term("entities", query.entity))
        return AnyOf(tuple(parts))
    if isinstance(query, FahrasCoordinated):
        return Coordinated(tuple(translate(p, prefixes) for p in query.parts), query.required)
    if isinstance(query, wq.Term):
        return prefixes.get(query.text) or Term(query.fieldname, query.text)
    if isinstance(query, wq.Phrase):
        return Phrase(query.fieldname, tuple(query.words))
    if isinstance(query, wq.Not):
        return Not(translate(query.query, prefixes))
    if isinstance(query, wq.Every):
        return Every()
    if isinstance(query, wq.And):
        return AllOf(tuple(translate(q, prefixes) for q in query.subqueries))
    if isinstance(query, wq.Or):
        return AnyOf(tuple(translate(q, prefixes) for q in query.subqueries))
    if isinstance(query, type(wq.NullQuery)):
        return AnyOf(())
    raise TypeError(f"no neutral form for a {type(query).__name__} query")


def qualifying_sets(counts: list[int], size: int, required: tuple[bool, ...]
                    ) -> list[tuple[int, ...]]:
    """The smallest sets of a coordinated query's words (by index) that fahras accepts,
    given each word's document count in an index of ``size`` documents (see
    ``ranking.Ranker.coordinated``: at least half of the words and 60% of their idf
    weight, or all of them; required words always).

    >>> qualifying_sets([10, 10], 100, (False, False))
    [(0, 1)]
    >>> qualifying_sets([1, 50, 50], 100, (False, False, False))
    [(0, 1), (0, 2)]
    """
    words = len(counts)
    weights = [log(size / (c + 1)) + 1 for c in counts]
    total = max(sum(weights), 1e-9)
    least = words if words <= 2 else words // 2 + 1
    found: list[tuple[int, ...]] = []
    for length in range(least, words + 1):
        for chosen in combinations(range(words), length):
            if any(r and i not in chosen for i, r in enumerate(required)):
                continue
            if length < words and sum(weights[i] for i in chosen) / total < PARTIAL_SHARE:
                continue
            if not any(set(smaller) <= set(chosen) for smaller in found):
                found.append(chosen)
    return found


# -- documents ----------------------------------------------------------------------------

@dataclass(frozen=True)
class AnalysedDocument:
    """One article as fahras indexes it: terms by position, and entity ids."""

    id: str
    title: str
    #: position → body terms there (the stem first)
    body: dict[int, list[str]]
    #: position → the normal form there
    exact: dict[int, str]
    entities: tuple[str, ...]


def analysed_documents(engine: Engine) -> Iterator[AnalysedDocument]:
    """Every live article of fahras's index, analysed as fahras indexed it."""
    with engine.store.open().searcher() as searcher:
        for stored in searcher.documents():
            data = json.loads(stored["data"])
            body, exact = positions(engine.analyzer, [data["title"], *data["paragraphs"]])
            yield AnalysedDocument(stored["id"], data["title"], body, exact,
                                   tuple(dict.fromkeys(m[0] for m in data["mentions"])))


def positions(analyzer: Analyzer, paragraphs: list[str]
              ) -> tuple[dict[int, list[str]], dict[int, str]]:
    """The ``body`` terms (stem first) and ``exact`` term at each position of an article's
    paragraphs: what ``Analyzer.index_terms`` indexes, by position."""
    body: dict[int, list[str]] = {}
    exact: dict[int, str] = {}
    start = 0
    for paragraph in paragraphs:
        for token in analyzer.tokens(paragraph, keep_stops=True):
            position = start + token.position
            exact[position] = token.norm
            terms = [token.stem]
            if token.alternative:
                terms.append(token.alternative)
            terms += [lemma for lemma in token.lemmas if lemma != token.alternative]
            body[position] = list(dict.fromkeys(terms))
        start += len(TOKEN_PATTERN.findall(paragraph)) + PARAGRAPH_GAP
    return body, exact


def in_order(positions: dict[int, object]) -> list:
    """Values by position, with one ``GAP`` wherever positions jump (so that no phrase
    spans a jump)."""
    out: list = []
    last = None
    for p in sorted(positions):
        if last is not None and p != last + 1:
            out.append(GAP)
        out.append(positions[p])
        last = p
    return out
