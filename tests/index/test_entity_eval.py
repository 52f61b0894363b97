"""Entity matching scored on a labelled set of articles written to look like real reporting.

The set (tests/data/entities/articles.toml) mixes outlets' spellings, namesakes, units
that look like company names, glued words, people and places; held_out.toml was
written after the matcher was tuned on the first, and fresh.toml after every rule was in
place, each as a check that the rules generalise (their first-run figures are in the
README). Each (article, entity) pair counts once, as in the issue's own measure. The
figures are printed on every run, ``-s`` or not, so CI output shows them; the
thresholds hold for all sets together.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

import pytest

from fahras.index.entities import EntityMatcher

DATA = Path(__file__).parents[1] / "data" / "entities"
SETS = (DATA / "articles.toml", DATA / "held_out.toml", DATA / "fresh.toml")
SCORED = ("company", "person", "place")
#: What the issue asks for: recall per kind, and precision for every kind.
RECALL = {"company": 0.95, "person": 0.90, "place": 0.95}
PRECISION = 0.97


@dataclass
class Tally:
    """Pairs found right, missed and found wrongly, for one kind."""

    hits: int = 0
    missed: int = 0
    wrong: int = 0

    @property
    def recall(self) -> float:
        return self.hits / ((self.hits + self.missed) or 1)

    @property
    def precision(self) -> float:
        return self.hits / ((self.hits + self.wrong) or 1)


def load_set(path: Path) -> list[dict]:
    """The labelled articles of one file, each with its paragraphs split out."""
    articles = tomllib.loads(path.read_text("utf-8"))["article"]
    for article in articles:
        article.setdefault("kinds", {})
        article["paragraphs"] = [p.strip() for p in article["text"].strip().split("\n\n")]
    return articles


def score(matcher: EntityMatcher, articles: list[dict]) -> tuple[dict[str, Tally], list[str]]:
    """Tallies per kind, and one line per error (article, entity, missed or wrong)."""
    kinds = {e.id: e.kind for e in matcher.catalogue}
    tallies = {kind: Tally() for kind in SCORED}
    errors: list[str] = []
    for article in articles:
        found = {m.entity for m in matcher.find(article["paragraphs"]) if m.kind in SCORED}
        expected = set(article["expect"])
        for entity in found | expected:
            tally = tallies[kinds.get(entity) or article["kinds"][entity]]
            if entity in found and entity in expected:
                tally.hits += 1
            elif entity in expected:
                tally.missed += 1
                errors.append(f"{article['id']}: missed {entity}")
            else:
                tally.wrong += 1
                errors.append(f"{article['id']}: wrongly found {entity}")
    return tallies, errors


@pytest.fixture(scope="module")
def articles():
    return [article for path in SETS for article in load_set(path)]


def test_the_set_is_big_enough_and_labelled_with_catalogue_ids(articles, catalogue):
    assert len(articles) >= 30
    assert len({a["id"] for a in articles}) == len(articles)
    unknown = {e for a in articles for e in a["expect"]} - set(catalogue.entities)
    assert not unknown, f"labels that name no catalogue entity: {sorted(unknown)}"
    assert all(catalogue.get(e).kind in SCORED for a in articles for e in a["expect"])


def test_recall_and_precision_per_kind(articles, catalogue, capsys):
    matcher = EntityMatcher(catalogue)
    with capsys.disabled():
        for path in SETS:
            _report(path.name, *score(matcher, load_set(path)))
    tallies, errors = score(matcher, articles)
    with capsys.disabled():
        _report("all sets", tallies, errors, with_errors=False)
    for kind, tally in tallies.items():
        assert tally.recall >= RECALL[kind], f"{kind} recall {tally.recall:.3f}"
        assert tally.precision >= PRECISION, f"{kind} precision {tally.precision:.3f}"


def _report(name: str, tallies: dict[str, Tally], errors: list[str], *,
            with_errors: bool = True) -> None:
    print(f"\nentity matching, {name}, (article, entity) pairs:")
    for kind, tally in tallies.items():
        print(f"  {kind:<8} recall {tally.recall:.3f}  precision {tally.precision:.3f}  "
              f"({tally.hits} right, {tally.missed} missed, {tally.wrong} wrong)")
    for error in errors if with_errors else ():
        print(f"  {error}")


def test_the_scorer_counts_misses_and_wrong_links(catalogue):
    article = {"id": "t", "paragraphs": ["قالت إنفيديا إن سامسونج ستشتري من إنتل"],
               "expect": ["nvidia", "samsung", "tsmc"]}
    tallies, errors = score(EntityMatcher(catalogue), [article])
    company = tallies["company"]
    assert (company.hits, company.missed, company.wrong) == (2, 1, 1)
    assert sorted(errors) == ["t: missed tsmc", "t: wrongly found intel"]
