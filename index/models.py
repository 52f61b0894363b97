"""The plain, frozen values the engine hands to its callers (the CLI, the explorer, tests).

Nothing here knows about Whoosh or Textual; every field is JSON-friendly.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

#: A (start, end) pair of character offsets into a text: a hit, a highlight.
Offsets = tuple[int, int]

#: The paragraph number of an article's title in mentions, passages and ``--json``
#: output; the body's paragraphs count from 0. (title, *paragraphs)[n - TITLE_PARAGRAPH]
#: is paragraph n's text.
TITLE_PARAGRAPH = -1

#: Entity kinds, in the order facets are shown.
KINDS = ("company", "person", "place", "organisation", "product")


@dataclass(frozen=True, slots=True)
class AnalyzedToken:
    """One word of the original text: where it is, and what the index makes of it."""

    text: str
    start: int
    end: int
    norm: str
    stem: str
    position: int
    #: The index's second stem, without a lone clitic ب ك ل (see stem.Stemmer.alternative).
    alternative: str = ""
    #: Stems of a broken plural's singulars, indexed at its position (stem.Stemmer.lemmas).
    lemmas: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Article:
    """A cleaned article, ready to index. Paragraphs exclude the title line."""

    id: str
    title: str
    paragraphs: tuple[str, ...]
    path: str
    content_hash: str
    author: str = ""
    source: str = ""
    date: str = ""
    url: str = ""
    #: Where the story was filed from (the byline's or wire lead's place), if printed.
    dateline: str = ""
    #: Lines taken out of the body as page furniture, for ``fahras show --json``.
    removed: tuple[str, ...] = ()
    #: Shared by near-identical copies of one story (index/news/syndication.py); "" alone.
    group: str = ""


@dataclass(frozen=True, slots=True)
class Skipped:
    """A file, or a line of a JSON Lines file, that could not be read, and why."""

    path: str
    reason: str

    def __str__(self) -> str:
        return f"{self.path}: skipped, {self.reason}"


@dataclass(frozen=True, slots=True)
class Entity:
    """A catalogue entry: a company, person, place, organisation or product."""

    id: str
    kind: str
    name: str
    name_ar: str
    aliases: tuple[str, ...] = ()
    #: Aliases that are also ordinary words (أبل, ميتا, Apple): matched only where safe.
    ambiguous: tuple[str, ...] = ()

    @property
    def all_aliases(self) -> tuple[str, ...]:
        """Every spelling: display names, aliases and ambiguous aliases."""
        return tuple(dict.fromkeys((self.name, self.name_ar, *self.aliases, *self.ambiguous)))


@dataclass(frozen=True, slots=True)
class Mention:
    """Where an entity is named: paragraph number and span in that paragraph's text."""

    entity: str
    kind: str
    paragraph: int
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Passage:
    """A paragraph, or a window of sentences in a long one, with its highlights.

    ``start`` is where ``text`` begins in the paragraph; ``hits`` and the mentions' spans
    are offsets into ``text``.
    """

    article_id: str
    title: str
    author: str
    path: str
    paragraph: int
    start: int
    text: str
    hits: tuple[Offsets, ...] = ()
    mentions: tuple[Mention, ...] = ()
    #: The article's outlet and publication date, for citations.
    source: str = ""
    date: str = ""

    @property
    def key(self) -> str:
        """A stable identity for the collection: article, paragraph and offset."""
        return f"{self.article_id}#{self.paragraph}@{self.start}"

    def to_dict(self) -> dict:
        """A JSON-ready dictionary."""
        return asdict(self)


@dataclass(frozen=True, slots=True)
class Copy:
    """Another outlet's near-identical copy of a result's article."""

    id: str
    title: str
    source: str
    date: str = ""


@dataclass(frozen=True, slots=True)
class Result:
    """One article in a result list: what the explorer's result row and the CLI show."""

    id: str
    title: str
    author: str
    source: str
    path: str
    score: float
    snippet: str
    snippet_hits: tuple[Offsets, ...]
    passages: tuple[Passage, ...]
    entities: tuple[str, ...]
    #: Publication date, ``YYYY-MM-DD`` or "".
    date: str = ""
    #: Near-identical copies of this article (syndicated), folded into this result.
    also_in: tuple[Copy, ...] = ()
    #: The query's hits in the title, as offsets into it.
    title_hits: tuple[Offsets, ...] = ()


@dataclass(frozen=True, slots=True)
class FacetCount:
    """How many matching articles mention one entity."""

    id: str
    name: str
    name_ar: str
    count: int


@dataclass(frozen=True, slots=True)
class Filters:
    """Entity filters: ids per kind; ``any_`` asks for any of them instead of all."""

    company: tuple[str, ...] = ()
    person: tuple[str, ...] = ()
    place: tuple[str, ...] = ()
    organisation: tuple[str, ...] = ()
    product: tuple[str, ...] = ()
    any_: bool = False

    @property
    def ids(self) -> tuple[str, ...]:
        """All filter ids, whatever their kind."""
        return tuple(i for kind in KINDS for i in getattr(self, kind))

    def toggled(self, kind: str, entity_id: str) -> Filters:
        """These filters with one entity added or removed."""
        current = getattr(self, kind)
        new = tuple(i for i in current if i != entity_id) if entity_id in current else (
            *current, entity_id)
        return Filters(**{**{k: getattr(self, k) for k in KINDS}, kind: new, "any_": self.any_})

    def to_dict(self) -> dict:
        """Only the kinds that filter, for JSON."""
        return {k: list(getattr(self, k)) for k in KINDS if getattr(self, k)}


@dataclass(frozen=True, slots=True)
class SearchResponse:
    """A page of results with facets, and why the query found nothing, if it did."""

    query: str
    total: int
    took_ms: float
    results: tuple[Result, ...]
    facets: dict[str, tuple[FacetCount, ...]] = field(default_factory=dict)
    filters: Filters = Filters()
    notice: str = ""
    #: False for a first page drawn before its facets were counted (``Engine.count``).
    counted: bool = True
    #: Counts per ``source`` (outlet) and per ``month`` (``YYYY-MM``) of the matches.
    news_facets: dict[str, tuple[FacetCount, ...]] = field(default_factory=dict)
    #: How many words (or phrases) the query has when it coordinates several, and the
    #: fewest of them any match holds: fewer means partial matches follow full ones.
    words: int = 0
    fewest_words: int = 0

    @property
    def partial(self) -> bool:
        """Whether the results include articles with only some of the query's words."""
        return 0 < self.fewest_words < self.words


@dataclass(frozen=True, slots=True)
class ArticleView:
    """A whole article for reading: paragraphs and entity mentions."""

    id: str
    title: str
    author: str
    source: str
    path: str
    paragraphs: tuple[str, ...]
    mentions: tuple[Mention, ...]
    date: str = ""
    url: str = ""
    dateline: str = ""
    removed: tuple[str, ...] = ()
    #: The copy group of syndicated copies ("" for an article without copies).
    group: str = ""


@dataclass(frozen=True, slots=True)
class IndexReport:
    """What one indexing run did."""

    added: tuple[str, ...] = ()
    updated: tuple[str, ...] = ()
    unchanged: tuple[str, ...] = ()
    skipped: tuple[Skipped, ...] = ()
    #: Files or records with the same text as an article already indexed: not indexed again.
    duplicates: tuple[Skipped, ...] = ()
    #: Articles whose id was taken by another file's, and the id they were given instead.
    renamed: tuple[str, ...] = ()
    #: Sources of a rebuild that are gone: their articles were kept from the index.
    gone: tuple[str, ...] = ()
    #: Articles a rebuild could not keep (source gone, stored copy damaged): one line each.
    lost: tuple[str, ...] = ()
    #: Anything else the user must be told (a recovered pointer, a damaged generation).
    notices: tuple[str, ...] = ()

    @property
    def indexed(self) -> int:
        """Articles now in the index from this run (new, changed or already there)."""
        return len(self.added) + len(self.updated) + len(self.unchanged)


@dataclass(frozen=True, slots=True)
class Reading:
    """An article to read, with the query's hits in its title and in every paragraph."""

    view: ArticleView
    title_hits: tuple[Offsets, ...]
    hits: tuple[tuple[Offsets, ...], ...]

    @property
    def hit_count(self) -> int:
        """Hits in the body."""
        return sum(len(h) for h in self.hits)
