"""The entities named in the same articles as one entity: the filter pane's "related" list.

Counted over the documents of each entity that the ranker already holds
(``IndexArrays.entity_docs``): for every other entity, how many of its articles are in
scope (the query, the other filters, dates and outlets) and how many of those also name
the entity asked about; a boolean lookup per document, so the cost grows with the
mentions in the index, not the articles: 4 ms of CPU at 10,000 articles (312 entities,
170,000 mentions; benchmarks/analyst_views.py). Flattening the mentions into two arrays
counted by ``bincount`` was measured too and was no faster (4.5 against 3.7 ms): the loop
is over a few hundred entities, and each step is one array operation.

Partners are ordered by log-Dice (``index/association.py``), not by count: Nvidia is named
beside almost everything because it is named almost everywhere, and a small company that
appears only with TSMC says more about TSMC. PMI is given too, for readers who expect it.
"""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass, field, replace

import numpy as np

from .association import log_dice, pmi
from .models import KINDS, Entity, Filters

#: Partners listed unless asked otherwise.
DEFAULT_LIMIT = 20


@dataclass(frozen=True, slots=True)
class Partner:
    """An entity named in the same articles as the one asked about."""

    id: str
    kind: str
    name: str
    name_ar: str
    #: Articles in scope naming both.
    together: int
    #: Articles in scope naming this partner.
    articles: int
    log_dice: float
    pmi: float


@dataclass(frozen=True, slots=True)
class Related:
    """The partners of one entity over the articles in scope, strongest first."""

    entity: Entity
    #: Articles in scope naming the entity, and all the articles in scope.
    articles: int
    scope: int
    partners: tuple[Partner, ...]
    took_ms: float = 0.0
    #: What the articles in scope matched: the query, the other entity filters, the
    #: publication dates and the outlets.
    query: str = ""
    filters: Filters = field(default_factory=Filters)
    since: str = ""
    until: str = ""
    sources: tuple[str, ...] = ()

    def to_dict(self) -> dict:
        """The ``--json`` shape: the entity, what was counted, its counts and partners."""
        return {"entity": {"id": self.entity.id, "kind": self.entity.kind,
                           "name": self.entity.name, "name_ar": self.entity.name_ar},
                "query": self.query, "filters": self.filters.to_dict(),
                "since": self.since, "until": self.until, "sources": list(self.sources),
                "articles": self.articles, "scope": self.scope, "took_ms": self.took_ms,
                "related": [{**asdict(p), "log_dice": round(p.log_dice, 3), "pmi": round(p.pmi, 3)}
                            for p in self.partners]}


def related(engine, entity: Entity, request, limit: int = DEFAULT_LIMIT) -> Related:
    """The entities named with ``entity`` in the articles a ``SearchRequest`` matches
    (its query, dates, outlets and other entity filters: a filter on ``entity`` itself is
    left out, or every partner would count only the articles they share), by log-Dice."""
    began = time.perf_counter()
    scope = replace(request, filters=_without(request.filters, entity.id))
    found = engine.matching(scope)
    first, counts = cooccurring(entity.id, found.matched, found.ranker.entity_docs)
    total = found.count
    partners = []
    for other_id, together, articles in counts:
        other = engine.matcher.catalogue.get(other_id)
        if other is not None:
            partners.append(_partner(other, together, articles, first, total))
    partners.sort(key=lambda p: (-p.log_dice, -p.together, p.name.casefold()))
    return Related(entity=entity, articles=first, scope=total, partners=tuple(partners[:limit]),
                   took_ms=round((time.perf_counter() - began) * 1000, 2),
                   query=scope.text, filters=scope.filters, since=scope.since,
                   until=scope.until, sources=scope.sources)


def cooccurring(entity_id: str, scope: np.ndarray, entity_docs: dict[str, np.ndarray]
                ) -> tuple[int, list[tuple[str, int, int]]]:
    """How many documents in ``scope`` (a mask) name the entity, and for every other
    entity named in one of them: (its id, documents naming both, its documents in scope).

    >>> docs = {"a": np.array([0, 1, 2]), "b": np.array([1, 2, 3]), "c": np.array([3])}
    >>> cooccurring("a", np.array([True, True, True, True]), docs)
    (3, [('b', 2, 3)])
    """
    mine = np.zeros(len(scope), dtype=bool)
    own = entity_docs.get(entity_id, np.zeros(0, dtype=np.int64))
    mine[own[scope[own]]] = True
    first = int(np.count_nonzero(mine))
    found = []
    for other_id, other_docs in entity_docs.items() if first else ():
        if other_id == entity_id:
            continue
        inside = other_docs[scope[other_docs]]
        together = int(np.count_nonzero(mine[inside]))
        if together:
            found.append((other_id, together, len(inside)))
    return first, found


def _partner(other: Entity, together: int, articles: int, first: int, total: int) -> Partner:
    return Partner(id=other.id, kind=other.kind, name=other.name, name_ar=other.name_ar,
                   together=together, articles=articles,
                   log_dice=log_dice(together, first, articles),
                   pmi=pmi(together, first, articles, total))


def _without(filters: Filters, entity_id: str) -> Filters:
    """The filters with one entity taken out, whatever its kind."""
    for kind in KINDS:
        if entity_id in getattr(filters, kind):
            return filters.toggled(kind, entity_id)
    return filters
