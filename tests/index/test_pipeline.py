"""One analysis pipeline: what it makes of the seeds and the news fixtures is what it made
before the pipeline was merged into one (index terms byte-identical, and the same tokens,
words, Whoosh tokens and entity mentions), recorded in tests/data/analysis/digests.json.

Regenerate (only for a deliberate change of analysis, which needs a schema version):
    python -m tests.index.test_pipeline --write
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import pickle
import sys
from pathlib import Path

import pytest

from fahras.index.catalogue import load_catalogue
from fahras.index.corpus import read_paths
from fahras.index.entities import EntityMatcher
from fahras.index.models import Article

ROOT = Path(__file__).resolve().parents[2]
DIGESTS = ROOT / "tests" / "data" / "analysis" / "digests.json"
SOURCES = (ROOT / "seeds", ROOT / "tests" / "data" / "news")


def _articles() -> list[Article]:
    found = [a for a in read_paths(SOURCES) if isinstance(a, Article)]
    return sorted(found, key=lambda a: a.path)


def _plain(value):
    return dataclasses.astuple(value) if dataclasses.is_dataclass(value) else list(value)


def _digest(value) -> str:
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, default=_plain)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _whoosh_tokens(analyzer, text: str, mode: str) -> list:
    return [(t.text, t.pos, t.startchar, t.endchar)
            for t in analyzer(text, positions=True, chars=True, mode=mode)]


def analysed(matcher: EntityMatcher, article: Article) -> dict[str, str]:
    """Digests of everything the analyser and the matcher make of one article."""
    analyzer = matcher.analyzer
    texts = (article.title, *article.paragraphs)
    body = "\n".join(article.paragraphs)
    stemmed, exact = analyzer.whoosh(stemmed=True), analyzer.whoosh(stemmed=False)
    return {
        "index_terms": _digest(analyzer.index_terms(body)),
        "field_terms": _digest([stemmed.index_terms(body), exact.index_terms(body)]),
        "tokens": _digest([analyzer.tokens(t, keep_stops=keep) for t in texts
                           for keep in (False, True)]),
        "words": _digest([analyzer.words(t) for t in texts]),
        "whoosh": _digest([_whoosh_tokens(field, body, mode) for field in (stemmed, exact)
                           for mode in ("index", "query")]),
        "mentions": _digest(matcher.find(texts)),
        "protected": _digest(sorted(analyzer.stemmer.names)),
    }


def _current() -> dict[str, dict[str, str]]:
    matcher = EntityMatcher(load_catalogue(use_default_user_file=False))
    return {a.path.rsplit("/", 1)[-1]: analysed(matcher, a) for a in _articles()}


@pytest.fixture(scope="module")
def recorded() -> dict:
    return json.loads(DIGESTS.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def current() -> dict:
    return _current()


def test_every_article_is_recorded(recorded, current):
    assert sorted(current) == sorted(recorded) and len(current) >= 5


@pytest.mark.parametrize("what", ["index_terms", "field_terms", "tokens", "words", "whoosh",
                                  "mentions", "protected"])
def test_the_pipeline_gives_what_it_gave(recorded, current, what):
    changed = [name for name in recorded if current.get(name, {}).get(what)
               != recorded[name][what]]
    assert not changed, f"{what} changed for {changed}"


def test_the_store_gives_its_one_analyser_to_the_matcher(tmp_path):
    from fahras.index.entities import protected_names
    from fahras.index.stem import Stemmer
    from fahras.index.store import Store

    catalogue = load_catalogue(use_default_user_file=False)
    store = Store(tmp_path / "index", catalogue)
    assert store.matcher.analyzer is store.analyzer
    assert store.analyzer.stemmer.names == Stemmer.for_names(protected_names(catalogue)).names
    assert "انفيديا" in store.analyzer.stemmer.names


def test_an_index_written_before_the_one_pipeline_still_opens_and_analyses_alike():
    # The schema Whoosh pickled into a table of contents when the Whoosh side was a chain
    # of a tokenizer and two filters (written by main before this change).
    schema = pickle.loads((DIGESTS.parent / "schema-before-one-pipeline.pickle").read_bytes())
    analyzer = EntityMatcher(load_catalogue(use_default_user_file=False)).analyzer
    text = "وَالشركات في إنفيديا\nلالتمان والرقائق"
    for name, stemmed in (("body", True), ("exact", False), ("title", True)):
        old, new = schema[name].analyzer, analyzer.whoosh(stemmed=stemmed)
        assert old == new
        for mode in ("index", "query"):
            assert _whoosh_tokens(old, text, mode) == _whoosh_tokens(new, text, mode)


if __name__ == "__main__" and "--write" in sys.argv:
    DIGESTS.write_text(json.dumps(_current(), indent=1, sort_keys=True) + "\n", "utf-8")
