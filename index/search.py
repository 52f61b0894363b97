"""Searching the index: query → Whoosh query, filters, facets, and the page of results.

Each word of a query becomes a ``ranking.Group`` (its stem, a broken plural's singular
stem, or every spelling of the entity it names), several words a ``ranking.Coordinated``
(all of them first, then most); a query of only stop words finds nothing and says why.

Each thread keeps its own Whoosh searcher (a searcher is not shared across threads) and
refreshes it when the index changes. Only the page shown gets passages and snippets.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, replace

import numpy as np
from whoosh import query as wq
from whoosh.searching import Searcher

from . import query as q
from .entities import EntityMatcher
from .lexicon import Lexicon
from .models import (
    KINDS,
    TITLE_PARAGRAPH,
    Copy,
    Entity,
    FacetCount,
    Filters,
    Reading,
    Result,
    SearchResponse,
)
from .news.columns import NewsColumns, fold_copies
from .news.titlehits import title_passage
from .passages import ArticleHits, Highlighter, passages, snippet
from .ranking import Coordinated, Coverage, Group, IndexArrays, Ranker, index_key, top
from .schema import to_view, to_view_and_tokens
from .stem import NAME_PREFIXES, is_arabic
from .store import Store

CLITICS = tuple(sorted(NAME_PREFIXES, key=len))

#: A prefix matches at most this many of its most frequent completions.
PREFIX_TERMS = 10
#: A prefix shorter than this is not expanded (a single letter matches half the corpus).
MIN_PREFIX = 2
PASSAGES_PER_RESULT = 3


#: The default of every request: no entity, outlet or date filter (one frozen value).
NO_FILTERS = Filters()


@dataclass(frozen=True)
class SearchRequest:
    """What to search: the query text, entity filters, the page and the matching mode."""

    text: str = ""
    filters: Filters = NO_FILTERS
    limit: int = 20
    offset: int = 0
    exact: bool = False
    facets: bool = True
    #: Search as you type: the last word also matches as a prefix (the word being typed).
    complete_last: bool = False
    #: Publication dates from and to (``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``; "" = open).
    since: str = ""
    until: str = ""
    #: Outlets (any of them); case does not matter.
    sources: tuple[str, ...] = ()
    #: "relevance" or "date" (newest first).
    sort: str = "relevance"


@dataclass
class _Compiled:
    query: wq.Query | None
    highlighter: Highlighter
    #: The word being typed, completed as a prefix (search as you type), if any.
    completing: str = ""

    @property
    def empty(self) -> bool:
        """Nothing to search: an empty query or one of only stop words or punctuation."""
        return self.query is None


@dataclass(frozen=True)
class Matching:
    """What a request matches, as the search counts it: what the analyst views
    (concordance, timeline, related names) count over, without a page of results."""

    #: This thread's searcher and its ranker (entity postings, index arrays).
    searcher: Searcher
    ranker: Ranker
    #: The matching documents (a mask over document numbers), their scores, and how many
    #: of the query's words each holds.
    matched: np.ndarray
    scores: np.ndarray
    coverage: Coverage | None
    #: What a hit is: the query's words and the filtered entities' mentions.
    highlighter: Highlighter
    #: Every document's date, source and copy group (index/news/columns.py).
    columns: NewsColumns
    compiled: _Compiled

    @property
    def count(self) -> int:
        """How many documents match."""
        return int(np.count_nonzero(self.matched))

    def ranked(self, count: int) -> list[int]:
        """The ``count`` best matching documents, best first (index order for the empty
        query), as ``Engine.search`` ranks its pages before folding copies."""
        return [n for n, _ in _ranked(self.compiled, self.matched, self.scores, count,
                                      self.coverage)]


class Engine:
    """Searches one store; safe to call from several worker threads at once."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.matcher: EntityMatcher = store.matcher
        self.analyzer = store.analyzer
        self._local = threading.local()
        self._lexicon: tuple[int, Lexicon] | None = None
        self._lexicon_lock = threading.Lock()
        self._shared: IndexArrays | None = None
        self._arrays_lock = threading.Lock()
        self._news: tuple[tuple, NewsColumns] | None = None
        #: Each entity's spellings as one query word (ranking.Group), made once.
        self._entity_groups: dict[str, Group] = {}

    # -- searchers ----------------------------------------------------------------------

    def searcher(self) -> tuple[Searcher, Ranker]:
        """This thread's searcher and its ranker (the analyst views count over them)."""
        return self._searcher()

    def _searcher(self) -> tuple[Searcher, Ranker]:
        """This thread's searcher and its ranker, fresh if the index changed."""
        version = self.store.version()
        cached = getattr(self._local, "cached", None)
        if cached is None or cached[0] != version:
            if cached is not None:
                cached[1].close()
            searcher = self.store.open().searcher()
            self._local.cached = cached = (version, searcher,
                                           Ranker(searcher, self._arrays(searcher)))
        return cached[1], cached[2]

    def _arrays(self, searcher: Searcher) -> IndexArrays:
        """The arrays of the index state this searcher sees, read by the first thread
        that needs them and shared (the explorer's workers run on several threads)."""
        key = index_key(searcher)
        with self._arrays_lock:
            if self._shared is None or self._shared.key != key:
                self._shared = IndexArrays(searcher)
            return self._shared

    def _news_columns(self, searcher: Searcher) -> NewsColumns:
        """Dates and sources of the index state this searcher sees (index/news/columns.py)."""
        key = index_key(searcher)
        live = self._arrays(searcher).live
        with self._arrays_lock:
            if self._news is None or self._news[0] != key:
                self._news = (key, NewsColumns(searcher, live))
            return self._news[1]

    def _news_filtered(self, searcher: Searcher, request: SearchRequest, matched: np.ndarray
                       ) -> np.ndarray:
        """``matched`` inside the request's date range and sources."""
        allowed = self._news_columns(searcher).allowed(request.since, request.until,
                                                       request.sources)
        return matched if allowed is None else matched & allowed

    def _page(self, searcher: Searcher, compiled: _Compiled, request: SearchRequest,
              matched: np.ndarray, scores: np.ndarray, coverage: Coverage | None = None
              ) -> list[tuple[int, float, list[int]]]:
        """The page's documents in the request's order, syndicated copies folded in."""
        end = request.offset + request.limit
        columns = self._news_columns(searcher)
        want = end * 2 + 10
        while True:
            ranked = (columns.by_date(matched, scores, want) if request.sort == "date"
                      else _ranked(compiled, matched, scores, want, coverage))
            page = fold_copies(columns, ranked, matched, end)
            if len(page) >= end or len(ranked) < want:
                return page[request.offset:]
            want *= 2

    def lexicon(self) -> Lexicon:
        """The ``exact`` field's terms for prefix completion, read once per generation
        and shared by every thread."""
        version = self.store.version()
        with self._lexicon_lock:
            if self._lexicon is None or self._lexicon[0] != version:
                self._lexicon = (version, Lexicon(self._searcher()[0], "exact"))
            return self._lexicon[1]

    # -- search -------------------------------------------------------------------------

    def search(self, request: SearchRequest) -> SearchResponse:
        """A page of results with passages, the total, facets and the time taken.

        With ``facets=False`` the facets are left for ``count``: what the explorer draws
        first, before the facets (``SearchResponse.counted``).
        """
        began = time.perf_counter()
        searcher, ranker = self._searcher()
        compiled = self.compile(request.text, exact=request.exact,
                                complete_last=request.complete_last)
        matched, scores, coverage = self._matches(ranker, compiled, request.filters,
                                                  request.text)
        matched = self._news_filtered(searcher, request, matched)
        highlighter = self._highlighter(compiled, request.filters)
        results = [replace(self._result(searcher.stored_fields(n), score, highlighter),
                           also_in=self._copies(searcher, copies))
                   for n, score, copies in self._page(searcher, compiled, request, matched,
                                                      scores, coverage)]
        facets = _facets(self.matcher, matched, ranker) if request.facets else {}
        news = self._news_columns(searcher).facets(matched) if request.facets else {}
        words, fewest = _partial(coverage, matched)
        notice = " · ".join(note for note in (_notice(request.text, compiled, words, fewest),
                                               q.notice(request.text)) if note)
        took = (time.perf_counter() - began) * 1000
        return SearchResponse(query=request.text, total=int(np.count_nonzero(matched)),
                              took_ms=round(took, 2), results=tuple(results), facets=facets,
                              filters=request.filters, notice=notice,
                              counted=request.facets, news_facets=news, words=words,
                              fewest_words=fewest)

    @staticmethod
    def _copies(searcher: Searcher, docnums: list[int]) -> tuple[Copy, ...]:
        views = [to_view(searcher.stored_fields(n)) for n in docnums]
        return tuple(Copy(v.id, v.title, v.source, v.date) for v in views)

    def matching(self, request: SearchRequest) -> Matching:
        """What ``request`` matches (query, entity filters, dates, outlets), exactly the
        documents ``search`` finds, copies included; no page, passages or facets."""
        searcher, ranker = self._searcher()
        compiled = self.compile(request.text, exact=request.exact)
        matched, scores, coverage = self._matches(ranker, compiled, request.filters,
                                                  request.text)
        return Matching(searcher=searcher, ranker=ranker,
                        matched=self._news_filtered(searcher, request, matched),
                        scores=scores, coverage=coverage,
                        highlighter=self._highlighter(compiled, request.filters),
                        columns=self._news_columns(searcher), compiled=compiled)

    def count(self, request: SearchRequest) -> tuple[int, dict[str, tuple[FacetCount, ...]]]:
        """The total and the facets of a request (the second step after the page)."""
        searcher, ranker = self._searcher()
        compiled = self.compile(request.text, exact=request.exact,
                                complete_last=request.complete_last)
        matched, _, _ = self._matches(ranker, compiled, request.filters, request.text)
        matched = self._news_filtered(searcher, request, matched)
        return int(np.count_nonzero(matched)), _facets(self.matcher, matched, ranker)

    @staticmethod
    def _matches(ranker: Ranker, compiled: _Compiled, filters: Filters, text: str
                 ) -> tuple[np.ndarray, np.ndarray, Coverage | None]:
        """The documents that match the query and pass the filters, their scores, and how
        many of the query's words each holds. A query with words but nothing to search
        (only stop words) matches nothing; the empty query matches every article."""
        if compiled.empty and text.strip():
            return np.zeros(ranker.size, dtype=bool), np.zeros(ranker.size), None
        matched, scores, coverage = ranker.ranked(compiled.query)
        allowed = _allowed(filters, ranker)
        if allowed is not None:
            matched &= allowed
        return matched, scores, coverage

    @staticmethod
    def _highlighter(compiled: _Compiled, filters: Filters) -> Highlighter:
        """What a hit is: the query's words, and the mentions of the filtered entities."""
        if not filters.ids:
            return compiled.highlighter
        return replace(compiled.highlighter,
                       entities=compiled.highlighter.entities | set(filters.ids))

    def _result(self, stored: dict, score: float, highlighter: Highlighter) -> Result:
        view, table = to_view_and_tokens(stored)
        hits_of = ArticleHits(view, highlighter, table)
        found = passages(view, highlighter, limit=PASSAGES_PER_RESULT, hits=hits_of) \
            if not highlighter.empty else []
        if not found and not highlighter.empty:
            found = title_passage(view, highlighter)
        if found:
            text, hits = snippet(found[0].text, found[0].hits)
        else:
            text, hits = snippet(view.paragraphs[0] if view.paragraphs else "", ())
        title_hits = tuple(hits_of(TITLE_PARAGRAPH))
        return Result(id=view.id, title=view.title, author=view.author, source=view.source,
                      path=view.path, score=round(score, 4), snippet=text, snippet_hits=hits,
                      passages=tuple(found),
                      entities=tuple(dict.fromkeys(m.entity for m in view.mentions)),
                      date=view.date, title_hits=title_hits)

    def passages(self, request: SearchRequest, *, limit: int = 10_000) -> list:
        """Every passage with hits of every matching article (for export), best first."""
        searcher, ranker = self._searcher()
        compiled = self.compile(request.text, exact=request.exact)
        highlighter = self._highlighter(compiled, request.filters)
        if highlighter.empty:
            return []
        matched, scores, coverage = self._matches(ranker, compiled, request.filters,
                                                  request.text)
        matched = self._news_filtered(searcher, request, matched)
        scored = _ranked(compiled, matched, scores, limit, coverage)
        found = []
        for docnum, _ in scored:
            view, table = to_view_and_tokens(searcher.stored_fields(docnum))
            found.extend(passages(view, highlighter,
                                  hits=ArticleHits(view, highlighter, table)))
        return found

    def read(self, article_id: str, text: str = "", *, exact: bool = False,
             filters: Filters = NO_FILTERS) -> Reading | None:
        """An article with the hits of a query (and the filtered entities) everywhere in it."""
        view = self.store.article(article_id)
        if view is None:
            return None
        highlighter = self._highlighter(self.compile(text, exact=exact), filters)
        if highlighter.empty:
            return Reading(view, (), tuple(() for _ in view.paragraphs))
        by_paragraph: dict[int, list] = {}
        for mention in view.mentions:
            by_paragraph.setdefault(mention.paragraph, []).append(mention)
        hits = tuple(tuple(highlighter.hits(text, by_paragraph.get(i, ())))
                     for i, text in enumerate(view.paragraphs))
        title_hits = highlighter.hits(view.title, by_paragraph.get(TITLE_PARAGRAPH, ()))
        return Reading(view, tuple(title_hits), hits)

    # -- compiling ----------------------------------------------------------------------

    def compile(self, text: str, *, exact: bool = False, complete_last: bool = False
                ) -> _Compiled:
        """The Whoosh query and highlighter for a query text."""
        tree = q.parse(text)
        completing = ""
        if complete_last and isinstance(tree, q.Word | q.And) and not text.endswith(" "):
            tree, completing = _complete_last(tree)
        compiler = _Compiler(self, exact)
        query = compiler.node(tree) if tree is not None else None
        return _Compiled(query, compiler.highlighter(), completing if query else "")


def _complete_last(tree: q.Node) -> tuple[q.Node, str]:
    """The last plain word of the query also matches as a prefix; and that word."""
    nodes = list(tree.nodes) if isinstance(tree, q.And) else [tree]
    last = nodes[-1]
    if not (isinstance(last, q.Word) and not last.prefix and not last.exact):
        return tree, ""
    nodes[-1] = q.Or((last, q.Word(last.text, prefix=True)))
    return (q.And(tuple(nodes)) if len(nodes) > 1 else nodes[0]), last.text


class _Compiler:
    """Turns the query tree into Whoosh queries, collecting what to highlight."""

    def __init__(self, engine: Engine, exact: bool) -> None:
        self.engine = engine
        self.exact = exact
        self.stems: set[str] = set()
        self.norms: set[str] = set()
        self.prefixes: list[str] = []
        self.phrases: list[tuple[tuple[str, ...], bool]] = []
        self.entities: set[str] = set()
        self._negated = 0
        self._groups: dict[str, Group] = engine._entity_groups

    def highlighter(self) -> Highlighter:
        plurals = self.engine.analyzer.stemmer.plurals
        terms = (*self.stems, *(t for terms, exact in self.phrases if not exact for t in terms))
        return Highlighter(frozenset(self.stems), frozenset(self.norms), tuple(self.prefixes),
                           tuple(self.phrases), frozenset(self.entities), self.engine.analyzer,
                           frozenset(p for t in terms for p in plurals.plurals_of(t)))

    def node(self, node: q.Node) -> wq.Query | None:
        if isinstance(node, q.Not):
            self._negated += 1
            inner = self.node(node.node)
            self._negated -= 1
            return wq.Not(inner) if inner is not None else None
        if isinstance(node, q.Or):
            parts = [p for p in (self.node(child) for child in node.nodes) if p is not None]
            if not parts:
                return None
            return wq.Or(parts) if len(parts) > 1 else parts[0]
        if isinstance(node, q.And):
            return self._conjunction(self._join_names(list(node.nodes)))
        if isinstance(node, q.Phrase):
            return self.phrase(node.text, exact=node.exact or self.exact)
        return self.word(node)

    def _conjunction(self, nodes: list[q.Node]) -> wq.Query | None:
        """Several words: coordinated (all first, then most; ``+word`` required), with
        negations applied after. Under a negation every word is needed, as before."""
        positive: list[tuple[wq.Query, bool]] = []
        negative: list[wq.Query] = []
        for child in nodes:
            compiled = self.node(child)
            if compiled is None:
                continue
            if isinstance(compiled, wq.Not):
                negative.append(compiled)
            else:
                positive.append((compiled, getattr(child, "required", False)))
        if not positive and not negative:
            return None
        if len(positive) >= 2 and not self._negated:
            head: wq.Query = Coordinated(tuple(p for p, _ in positive),
                                         tuple(r for _, r in positive))
        elif positive:
            head = wq.And([p for p, _ in positive]) if len(positive) > 1 else positive[0][0]
        else:
            head = wq.Every()
        return wq.And([head, *negative]) if negative else head

    def _join_names(self, nodes: list[q.Node]) -> list[q.Node]:
        """Consecutive plain words that spell a multi-word name become one phrase."""
        out: list[q.Node] = []
        i = 0
        while i < len(nodes):
            longest = self.engine.matcher.longest_alias
            for j in range(min(len(nodes), i + longest), i + 1, -1):
                run = nodes[i:j]
                if all(isinstance(n, q.Word) and not n.prefix and not n.exact for n in run):
                    phrase = " ".join(n.text for n in run)  # type: ignore[union-attr]
                    norms = tuple(t.norm for t in self.engine.analyzer.tokens(phrase, keep_stops=True))
                    if self.engine.matcher.expansions(norms):
                        out.append(q.Phrase(phrase))
                        i = j
                        break
            else:
                out.append(nodes[i])
                i += 1
        return out

    def word(self, word: q.Word) -> wq.Query | None:
        tokens = self.engine.analyzer.tokens(word.text)
        if not tokens:
            return None  # a stop word: not matched on its own
        if len(tokens) > 1:  # e.g. GPT-4 or لـ«شات: the pieces as a phrase
            return self.phrase(word.text, exact=word.exact or self.exact)
        token = tokens[0]
        if word.prefix:
            return self.prefix(token.norm)
        exact = word.exact or self.exact
        if exact:
            found: wq.Query = wq.Term("exact", token.norm)
            if not self._negated:
                self.norms.add(token.norm)
        else:
            # A broken plural is its singular's stem, which the index holds for both.
            terms = token.lemmas or (token.stem,)
            found = Group(terms)
            if not self._negated:
                self.stems.update(terms)
        return self._expand((token.norm,), found, exact)

    def prefix(self, norm: str) -> wq.Query | None:
        if len(norm) < MIN_PREFIX:
            return None
        # An Arabic word is written behind its clitics: شرك* also finds لشركة, والشركات.
        starts = [c + norm for c in CLITICS] if is_arabic(norm) else [norm]
        terms = self.engine.lexicon().completions(starts, PREFIX_TERMS)
        if not self._negated:
            self.prefixes.extend(starts)
        if not terms:
            return wq.NullQuery
        return wq.Or([wq.Term("exact", t) for t in terms])

    def phrase(self, text: str, *, exact: bool) -> wq.Query | None:
        if not self.engine.analyzer.tokens(text):
            return None  # nothing but stop words
        tokens = self.engine.analyzer.tokens(text, keep_stops=True)
        # Stop words are indexed as written: a phrase holds them in their place.
        terms = tuple(t.norm if exact else t.stem for t in tokens)
        if not self._negated:
            self.phrases.append((terms, exact))
        if len(terms) == 1:
            found: wq.Query = wq.Term("exact" if exact else "body", terms[0])
        else:
            found = wq.Phrase("exact" if exact else "body", list(terms))
        return self._expand(tuple(t.norm for t in tokens), found, exact)

    def _expand(self, norms: tuple[str, ...], found: wq.Query, exact: bool) -> wq.Query:
        """A name is its entity: every spelling, scored as one term (exact mode: the form
        typed, or any article that names the entity)."""
        entities = self.engine.matcher.expansions(norms)
        if not entities:
            return found
        if not self._negated:
            self.entities.update(e.id for e in entities)
        if exact:
            return wq.Or([found, *(wq.Term("entities", e.id) for e in entities)])
        groups = [self._entity_group(e) for e in entities]
        return groups[0] if len(groups) == 1 else wq.Or(groups)

    def _entity_group(self, entity: Entity) -> Group:
        """Every spelling of an entity as one query word (see ranking.Group)."""
        group = self._groups.get(entity.id)
        if group is None:
            singles: list[str] = []
            phrases: list[tuple[str, ...]] = []
            for alias in entity.all_aliases:
                tokens = self.engine.analyzer.tokens(alias, keep_stops=True)
                if len(tokens) == 1:
                    singles.append(tokens[0].stem)
                elif tokens:
                    phrases.append(tuple(t.stem for t in tokens))
            terms = tuple(dict.fromkeys(singles))
            # "Nvidia Corp" is already counted by "Nvidia"
            kept = tuple(p for p in dict.fromkeys(phrases) if not set(p) & set(terms))
            group = self._groups[entity.id] = Group(terms, kept, entity.id)
        return group


def _ranked(compiled: _Compiled, matched: np.ndarray, scores: np.ndarray, end: int,
            coverage: Coverage | None = None) -> list[tuple[int, float]]:
    """The best ``end`` matches with scores (those with more of the query's words first);
    index order for the empty query."""
    if compiled.query is None:
        return [(int(n), 0.0) for n in np.flatnonzero(matched)[:end]]
    return top(matched, scores, end, coverage.counts if coverage is not None else None)


def _partial(coverage: Coverage | None, matched: np.ndarray) -> tuple[int, int]:
    """(the query's words, the fewest of them any match holds), or (0, 0)."""
    if coverage is None or not matched.any():
        return 0, 0
    return coverage.words, int(coverage.counts[matched].min())


def _notice(text: str, compiled: _Compiled, words: int, fewest: int) -> str:
    """Why a query found nothing, or that some results hold only some of its words."""
    if compiled.empty and text.strip():
        return "nothing to search: the query has only stop words or punctuation"
    notes = []
    if compiled.completing:
        notes.append(f"completing {compiled.completing}… while typing")
    if fewest and fewest < words:
        notes.append(f"showing articles with {fewest} of {words} words after those with all")
    return " · ".join(notes)


def _allowed(filters: Filters, ranker: Ranker) -> np.ndarray | None:
    """The documents the entity filters let through, as a mask."""
    ids = filters.ids
    if not ids:
        return None
    masks = [ranker.mask(ranker.entity_docs.get(i, np.zeros(0, dtype=np.int64))) for i in ids]
    combine = np.logical_or if filters.any_ else np.logical_and
    return combine.reduce(masks)


def _facets(matcher: EntityMatcher, matched: np.ndarray, ranker: Ranker
            ) -> dict[str, tuple[FacetCount, ...]]:
    counts: dict[str, list[FacetCount]] = {kind: [] for kind in KINDS}
    for entity_id, docs in ranker.entity_docs.items():
        entity = matcher.catalogue.get(entity_id)
        if entity is None:
            continue
        count = int(np.count_nonzero(matched[docs]))
        if count:
            counts[entity.kind].append(FacetCount(entity.id, entity.name, entity.name_ar, count))
    return {kind: tuple(sorted(found, key=lambda f: (-f.count, f.name.lower())))
            for kind, found in counts.items()}
