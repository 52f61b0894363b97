"""Scoring the judged relevance set (tests/data/relevance/): recall and precision at 10.

Precision at 10 is the share of relevant articles among the (at most 10) results shown,
1 when nothing is shown; recall at 10 is the share of the relevant articles (at most 10
of them) found in those results, 1 when none is relevant. Both are averaged over queries.
"""

from __future__ import annotations

import json
import tomllib
from dataclasses import dataclass
from pathlib import Path

from fahras.index.search import Engine, SearchRequest

DATA = Path(__file__).resolve().parent.parent / "data" / "relevance"
ARTICLES = DATA / "articles.jsonl"
K = 10


@dataclass(frozen=True)
class Judged:
    """One query with the ids of the articles judged relevant to it."""

    text: str
    relevant: frozenset[str]


@dataclass(frozen=True)
class Scored:
    """One query's figures and what it showed."""

    query: Judged
    shown: tuple[str, ...]
    precision: float
    recall: float


def judged_queries() -> list[Judged]:
    """The judged queries of queries.toml."""
    data = tomllib.loads((DATA / "queries.toml").read_text("utf-8"))
    return [Judged(q["text"], frozenset(q["relevant"])) for q in data["query"]]


def article_count() -> int:
    """How many articles the set has."""
    return sum(1 for line in ARTICLES.read_text("utf-8").splitlines() if line.strip())


def score(engine: Engine, query: Judged) -> Scored:
    """Precision and recall at 10 of one query."""
    response = engine.search(SearchRequest(query.text, limit=K, facets=False))
    shown = tuple(r.id for r in response.results)
    hits = len(set(shown) & query.relevant)
    precision = hits / len(shown) if shown else 1.0
    recall = hits / min(K, len(query.relevant)) if query.relevant else 1.0
    return Scored(query, shown, precision, recall)


def evaluate(engine: Engine) -> list[Scored]:
    """Every judged query scored."""
    return [score(engine, q) for q in judged_queries()]


def means(scored: list[Scored]) -> tuple[float, float]:
    """Mean precision and mean recall at 10."""
    return (sum(s.precision for s in scored) / len(scored),
            sum(s.recall for s in scored) / len(scored))


def ids_in(path: Path) -> set[str]:
    """The article ids of a JSON Lines file."""
    return {json.loads(line)["id"] for line in path.read_text("utf-8").splitlines() if line}
