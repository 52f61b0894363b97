"""A catalogue change applied to the index without a full rebuild (index/retag.py)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from whoosh import query as wq

from fahras.index import entity_sets, retag
from fahras.index.catalogue import add_to_user_catalogue, load_catalogue
from fahras.index.models import Filters
from fahras.index.news import segment_columns
from fahras.index.search import Engine, SearchRequest
from fahras.index.spelling import variants
from fahras.index.stem import is_arabic
from fahras.index.store import STALE_CATALOGUE, Store, ensure_ready

#: Articles written for these tests: a fictional company, Zephyra, spelt as outlets do
#: (as listed, with ذ for ز, without its long vowel, behind clitics), beside look-alikes
#: that are other words (زيارة "visit").
ARTICLES = {
    "listed": "زيفيرا تطلق رقاقة\nأعلنت شركة زيفيرا الناشئة عن رقاقة جديدة مع إنفيديا.\n",
    "class-letter": "مبيعات قوية\nقالت ذيفيرا إن مبيعاتها زادت في الربع الأخير.\n",
    "no-vowel": "طلب على الرقائق\nوقال مسؤول في زفيرا إن الطلب قوي في تايوان.\n",
    "clitic": "شراكة جديدة\nوقعت سامسونغ اتفاقا لزيفيرا لتوريد الذاكرة.\n",
    "look-alike": "زيارة إلى تايوان\nزيارة وزير إلى تايوان لبحث الرقائق مع TSMC.\n",
    "other": "نتائج إنفيديا\nأعلنت إنفيديا نتائج قياسية بفضل الطلب على الرقائق.\n",
}
ZEPHYRA = {"listed", "class-letter", "no-vowel", "clitic"}


@pytest.fixture
def corpus(tmp_path) -> Path:
    folder = tmp_path / "news"
    folder.mkdir()
    for name, text in ARTICLES.items():
        (folder / f"{name}.txt").write_text(text, "utf-8")
    return folder


@pytest.fixture
def user(tmp_path) -> Path:
    return tmp_path / "config" / "entities.toml"


def catalogue_of(user: Path):
    return load_catalogue(user if user.exists() else None, use_default_user_file=False)


@pytest.fixture
def store(tmp_path, corpus, user) -> Store:
    store = Store(tmp_path / "index", catalogue_of(user))
    store.add([corpus])
    return store


def tagged(store: Store) -> dict[str, set[str]]:
    """Entity id → the articles whose ``entities`` field holds it."""
    with store.open().searcher() as searcher:
        out = {}
        for raw in searcher.reader().lexicon("entities"):
            entity = raw.decode()
            numbers = searcher.docs_for_query(wq.Term("entities", entity))
            ids = {searcher.stored_fields(n)["id"] for n in numbers}
            if ids:
                out[entity] = ids
        return out


def mentions(store: Store) -> dict[str, tuple]:
    """Article id → its stored mentions, as the reader shows them."""
    with store.open().searcher() as searcher:
        ids = [fields["id"] for fields in searcher.all_stored_fields()]
    return {i: store.article(i).mentions for i in ids}


def rebuilt_copy(store: Store, tmp_path: Path, catalogue) -> Store:
    """The same index rebuilt in full with ``catalogue``, in a directory of its own."""
    target = tmp_path / "rebuilt"
    shutil.copytree(store.directory, target)
    copy = Store(target, catalogue)
    copy.add([], rebuild=True)
    return copy


def test_adding_an_alias_tags_exactly_the_articles_that_name_it(store, user):
    add_to_user_catalogue(user, "company", "zephyra", "زيفيرا", name="Zephyra")
    report = store.apply_catalogue(catalogue_of(user))
    assert not report.rebuilt and report.changed == ("zephyra",)
    assert set(report.retagged) == ZEPHYRA  # the spellings nobody listed included
    assert tagged(store)["zephyra"] == ZEPHYRA
    response = Engine(store).search(SearchRequest("", Filters(company=("zephyra",)),
                                                  facets=True))
    assert {r.id for r in response.results} == ZEPHYRA
    assert {f.id: f.count for f in response.facets["company"]}["zephyra"] == len(ZEPHYRA)


def test_the_incremental_path_gives_what_a_full_rebuild_gives(store, user, tmp_path):
    add_to_user_catalogue(user, "company", "zephyra", "زيفيرا", name="Zephyra")
    add_to_user_catalogue(user, "place", "hsinchu", "هسينشو", name="Hsinchu")
    new = catalogue_of(user)
    store.apply_catalogue(new)
    full = rebuilt_copy(store, tmp_path, new)
    assert tagged(store) == tagged(full)
    assert mentions(store) == mentions(full)
    # The new one-word name is protected from stemming in both: a search finds the same.
    for words in ("زيفيرا", "لزيفيرا", "Zephyra"):
        request = SearchRequest(words)
        assert [(r.id, r.score) for r in Engine(store).search(request).results] == \
            [(r.id, r.score) for r in Engine(full).search(request).results]


def test_removing_an_entity_untags_its_articles(tmp_path, corpus, user):
    add_to_user_catalogue(user, "company", "zephyra", "زيفيرا", name="Zephyra")
    store = Store(tmp_path / "index", catalogue_of(user))
    store.add([corpus])
    assert tagged(store)["zephyra"] == ZEPHYRA
    user.unlink()
    report = store.apply_catalogue(catalogue_of(user))
    assert not report.rebuilt and set(report.retagged) == ZEPHYRA
    assert "zephyra" not in tagged(store)
    assert mentions(store) == mentions(rebuilt_copy(store, tmp_path, catalogue_of(user)))


def test_removing_an_alias_untags_only_its_spellings(tmp_path, corpus, user):
    user.parent.mkdir(parents=True)
    user.write_text('[[company]]\nid = "zephyra"\nname = "Zephyra"\n'
                    'aliases = ["زيفيرا", "سامسونغ الجديدة"]\n', "utf-8")
    store = Store(tmp_path / "index", catalogue_of(user))
    store.add([corpus])
    user.write_text('[[company]]\nid = "zephyra"\nname = "Zephyra"\naliases = ["ذيفيرا"]\n',
                    "utf-8")
    store.apply_catalogue(catalogue_of(user))
    full = rebuilt_copy(store, tmp_path, catalogue_of(user))
    assert tagged(store) == tagged(full)
    assert mentions(store) == mentions(full)


def test_the_new_fingerprint_is_recorded(store, user):
    add_to_user_catalogue(user, "company", "zephyra", "زيفيرا", name="Zephyra")
    new = catalogue_of(user)
    assert Store(store.directory, new).stale_reason() == STALE_CATALOGUE
    store.apply_catalogue(new)
    assert store.pointer()["catalogue"] == new.fingerprint
    assert Store(store.directory, new).stale_reason() is None
    assert store.check() == []
    recorded = retag.TaggedWith.load(store.directory)
    assert recorded.catalogue.fingerprint == new.fingerprint and recorded.pending == ()


def test_opening_with_a_changed_catalogue_retags_instead_of_rebuilding(store, user):
    number = store.pointer()["number"]
    add_to_user_catalogue(user, "company", "zephyra", "زيفيرا", name="Zephyra")
    reopened = Store(store.directory, catalogue_of(user))
    report = ensure_ready(reopened)
    assert reopened.pointer()["number"] == number  # the same generation: no rebuild
    assert any("4 articles re-tagged" in n for n in report.notices)
    assert tagged(reopened)["zephyra"] == ZEPHYRA


def test_a_change_of_the_rules_rebuilds(store, user):
    number = store.pointer()["number"]
    user.parent.mkdir(parents=True)
    user.write_text('[rules]\nbefore = ["مؤسسة"]\n', "utf-8")
    report = store.apply_catalogue(catalogue_of(user))
    assert report.rebuilt and report.examined == len(ARTICLES)
    assert store.pointer()["number"] == number + 1
    assert Store(store.directory, catalogue_of(user)).stale_reason() is None


@pytest.mark.parametrize("step", ["rewrite", "_record_generation", "pointer"])
def test_an_interrupted_retag_leaves_a_readable_index_and_the_next_open_completes(
        store, user, tmp_path, monkeypatch, step):
    before = tagged(store)
    add_to_user_catalogue(user, "company", "zephyra", "زيفيرا", name="Zephyra")
    new = catalogue_of(user)

    def die(*args, **kwargs):
        raise KeyboardInterrupt

    if step == "pointer":  # the last step: everything done but the new fingerprint
        original = Store._write_pointer

        def pointer(self, number, generation, schema, fingerprint):
            if fingerprint == new.fingerprint:
                raise KeyboardInterrupt
            original(self, number, generation, schema, fingerprint)

        monkeypatch.setattr(Store, "_write_pointer", pointer)
    else:
        monkeypatch.setattr(retag, step, die)
    with pytest.raises(KeyboardInterrupt):
        store.apply_catalogue(new)
    monkeypatch.undo()
    opened = Store(store.directory, new)
    assert opened.count() == len(ARTICLES) and opened.check() == []
    assert opened.stale_reason() == STALE_CATALOGUE
    if step == "rewrite":
        assert tagged(opened) == before  # nothing was committed
    ensure_ready(opened)
    assert opened.stale_reason() is None
    assert tagged(opened)["zephyra"] == ZEPHYRA
    assert mentions(opened) == mentions(rebuilt_copy(opened, tmp_path, new))


def test_a_change_undone_after_an_interrupted_retag_is_undone_in_the_index(
        store, user, monkeypatch):
    before = mentions(store)
    add_to_user_catalogue(user, "company", "zephyra", "زيفيرا", name="Zephyra")

    def die(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(retag, "_record_generation", die)  # killed after the commit
    with pytest.raises(KeyboardInterrupt):
        store.apply_catalogue(catalogue_of(user))
    monkeypatch.undo()
    user.unlink()  # the user takes the name out again before the next open
    opened = Store(store.directory, catalogue_of(user))
    ensure_ready(opened)
    assert mentions(opened) == before


def test_an_index_without_a_record_of_its_catalogue_is_rebuilt(store, user):
    (store.directory / retag.RECORD).unlink()
    add_to_user_catalogue(user, "company", "zephyra", "زيفيرا", name="Zephyra")
    report = store.apply_catalogue(catalogue_of(user))
    assert report.rebuilt and tagged(store)["zephyra"] == ZEPHYRA
    assert retag.TaggedWith.load(store.directory) is not None


def test_candidates_reach_every_spelling_the_matcher_can_find():
    catalogue = load_catalogue(use_default_user_file=False)
    for entity_id in ("samsung", "nvidia", "pat-gelsinger"):
        aliases = catalogue.get(entity_id).all_aliases
        keys = retag._Keys(retag.alias_words(aliases))
        for words in retag.alias_words(aliases):
            for variant in (v for w in words if is_arabic(w) for v in variants(w, limit=200)):
                for clitic in ("", "و", "ل", "بال"):
                    assert keys.words_for(clitic + variant), (entity_id, clitic + variant)
    keys = retag._Keys(retag.alias_words(catalogue.get("samsung").all_aliases))
    assert keys.words_for("سام")  # the head of a split سام سونغ
    assert not keys.words_for("زيارة")


def test_the_retagged_segment_gets_its_entity_sets_and_news_columns(store, user):
    """Without them every later search reads that segment's postings (the files are what
    a rebuild and an addition write for each segment)."""
    add_to_user_catalogue(user, "company", "zephyra", "زيفيرا", name="Zephyra")
    store.apply_catalogue(catalogue_of(user))
    with store.open().searcher() as searcher:
        for sub, _ in searcher.leaf_searchers():
            reader = sub.reader()
            assert entity_sets.read_sets(entity_sets.sets_file(reader)) is not None
            assert segment_columns.read_columns(segment_columns.columns_file(reader),
                                                reader.doc_count_all()) is not None
