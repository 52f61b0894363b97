"""The index on disk: incremental, rebuilt when stale, safe against interruption."""

import json
import shutil
import threading
from pathlib import Path

import filelock
import pytest

from fahras.index import building
from fahras.index import store as store_module
from fahras.index.search import Engine, SearchRequest
from fahras.index.store import Store, StoreError, ensure_ready
from tests.conftest import SEEDS

ARTICLE = "عنوان عن هواوي\nأعلنت هواوي عن رقائق جديدة تنافس إنفيديا."


def test_reindexing_the_same_files_changes_nothing(writable_index):
    report = writable_index.add([SEEDS])
    assert len(report.unchanged) == 5 and not (report.added or report.updated)
    assert writable_index.count() == 5


def test_a_file_given_again_under_a_new_path_is_reported_not_duplicated(writable_index,
                                                                        tmp_path):
    copy = tmp_path / "elsewhere"
    shutil.copytree(SEEDS, copy)
    report = writable_index.add([copy])
    assert not (report.added or report.unchanged) and writable_index.count() == 5
    assert len(report.duplicates) == 5
    assert all(d.reason.startswith(f"same text as {SEEDS.resolve()}") for d in report.duplicates)


def test_a_changed_file_replaces_its_old_version(writable_index, tmp_path):
    article = tmp_path / "news.txt"
    article.write_text(ARTICLE, "utf-8")
    assert writable_index.add([article]).added == ("news",)
    article.write_text(ARTICLE.replace("هواوي عن", "هواوي وسامسونج عن"), "utf-8")
    report = writable_index.add([article])
    assert report.updated == ("news",) and writable_index.count() == 6
    engine = Engine(writable_index)
    assert [r.id for r in engine.search(SearchRequest("وسامسونج هواوي")).results] == ["news"]


def test_a_different_article_with_a_taken_id_gets_its_own_id(writable_index, tmp_path):
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "same.txt").write_text(f"{ARTICLE} {folder}", "utf-8")
    writable_index.add([tmp_path / "a", tmp_path / "b"])
    ids = {r.id for r in Engine(writable_index).search(SearchRequest("هواوي")).results}
    assert len(ids) == 2 and "same" in ids


def test_bad_files_are_reported_and_good_ones_indexed(writable_index, tmp_path):
    (tmp_path / "good.txt").write_text(ARTICLE, "utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02")
    report = writable_index.add([tmp_path])
    assert report.added == ("good",)
    assert {s.path.rsplit("/", 1)[-1] for s in report.skipped} == {"empty.txt", "binary.txt"}


def test_an_index_of_an_older_schema_is_rebuilt_not_misread(writable_index):
    pointer = writable_index.directory / "fahras.json"
    record = json.loads(pointer.read_text())
    pointer.write_text(json.dumps({**record, "schema": 0}))
    assert "older" in writable_index.stale_reason()
    ensure_ready(writable_index)
    assert writable_index.stale_reason() is None and writable_index.count() == 5


def test_a_changed_catalogue_triggers_a_rebuild_that_keeps_every_article(writable_index, tmp_path):
    user = tmp_path / "mine.toml"
    user.write_text('company = [{ id = "zeta", name = "Zeta", ar = "زيتا" }]\n', "utf-8")
    from fahras.index.catalogue import load_catalogue

    store = Store(writable_index.directory, load_catalogue(user))
    assert store.stale_reason() == "the entity catalogue has changed"
    ensure_ready(store)
    assert store.count() == 5 and store.stale_reason() is None


def test_a_build_that_dies_half_way_leaves_the_previous_index(writable_index, tmp_path, monkeypatch):
    before = writable_index.pointer()
    (tmp_path / "new.txt").write_text(ARTICLE, "utf-8")

    def die(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(building, "document", die)
    with pytest.raises(KeyboardInterrupt):
        writable_index.add([tmp_path], rebuild=True)
    monkeypatch.undo()
    assert writable_index.pointer() == before
    assert writable_index.count() == 5
    assert Engine(writable_index).search(SearchRequest("إنفيديا")).total == 5
    assert writable_index.add([tmp_path]).added == ("new",)  # the next run completes


def test_a_reader_keeps_working_while_a_writer_adds(writable_index, tmp_path):
    engine = Engine(writable_index)
    assert engine.search(SearchRequest("هواوي")).total == 0
    (tmp_path / "new.txt").write_text(ARTICLE, "utf-8")
    writer = Store(writable_index.directory, writable_index.catalogue)
    done = threading.Event()
    thread = threading.Thread(target=lambda: (writer.add([tmp_path]), done.set()))
    thread.start()
    while not done.is_set():
        assert engine.search(SearchRequest("إنفيديا")).total >= 5
    thread.join()
    assert engine.search(SearchRequest("هواوي")).total == 1  # seen without a restart


def test_a_second_writer_stops_with_a_clear_message(writable_index, monkeypatch):
    monkeypatch.setattr(store_module, "LOCK_WAIT_SECONDS", 0.2)
    holder = filelock.FileLock(str(writable_index.directory / "write.lock"))
    with holder:
        other = Store(writable_index.directory, writable_index.catalogue)
        with pytest.raises(StoreError, match="another fahras process is writing"):
            other.add([SEEDS])
    assert writable_index.count() == 5


def test_a_missing_index_is_a_clear_error(tmp_path, catalogue):
    with pytest.raises(StoreError, match="run `fahras index`"):
        Store(tmp_path / "nothing", catalogue).open()


def test_first_use_builds_the_seeds(tmp_path, catalogue):
    store = Store(tmp_path / "fresh", catalogue)
    report = ensure_ready(store)
    assert len(report.added) == 5 and store.count() == 5
    assert ensure_ready(store) is None


def test_a_rebuild_reads_the_original_files_again(writable_index, tmp_path):
    article = tmp_path / "news.txt"
    article.write_text(ARTICLE, "utf-8")
    writable_index.add([article])
    article.write_text(ARTICLE.replace("هواوي عن", "هواوي وسامسونج عن"), "utf-8")
    report = writable_index.add([], rebuild=True)
    assert report.updated == ("news",) and len(report.unchanged) == 5
    assert "وسامسونج" in writable_index.article("news").paragraphs[0]


def test_the_manifest_records_every_source_by_its_resolved_path(writable_index, tmp_path):
    from fahras.index.manifest import Manifest

    (tmp_path / "news.txt").write_text(ARTICLE, "utf-8")
    writable_index.add([tmp_path / "." / "news.txt"])
    sources = Manifest.load(writable_index.directory).sources
    assert list(sources[str((tmp_path / "news.txt").resolve())]) == ["news"]
    assert all(Path(source).is_absolute() for source in sources) and len(sources) == 6
    assert writable_index.article("news").path == str((tmp_path / "news.txt").resolve())


def test_a_generation_records_its_files_and_check_finds_nothing_wrong(writable_index):
    from fahras.index.manifest import GenerationRecord

    folder = writable_index.directory / writable_index.pointer()["generation"]
    record = GenerationRecord.load(folder)
    assert record.count == 5 and record.files
    assert all((folder / name).stat().st_size == size for name, (size, _) in record.files.items())
    assert writable_index.check() == []


def test_an_empty_folder_makes_an_index_of_0_articles_that_searches(tmp_path, catalogue):
    (tmp_path / "empty").mkdir()
    store = Store(tmp_path / "index", catalogue)
    assert store.add([tmp_path / "empty"]).indexed == 0
    assert store.count() == 0 and store.check() == []
    response = Engine(store).search(SearchRequest("هواوي"))
    assert response.total == 0 and response.results == ()


def test_a_stored_article_an_older_fahras_wrote_is_named_not_fatal_to_a_rebuild(writable_index):
    writer = writable_index._writer(writable_index.open())
    writer.add_document(id="old", path="/gone/old.txt", hash="0" * 32, body="نص", exact="نص",
                        data='{"title": "t"}')  # no paragraphs: not an article of today's
    writer.commit()
    report = writable_index.add([], rebuild=True)
    assert any("1 stored articles cannot be read" in n for n in report.notices)
    assert "the index now holds 5 articles, 6 before" in report.notices
    assert writable_index.count() == 5


def test_a_damaged_manifest_is_one_line_and_a_rebuild_reads_the_stored_articles_files(
        writable_index, tmp_path):
    article = tmp_path / "news.txt"
    article.write_text(ARTICLE, "utf-8")
    writable_index.add([article])
    (writable_index.directory / "manifest.json").write_text("garbage")
    with pytest.raises(StoreError, match=r"manifest\.json: unreadable .*--repair"):
        writable_index.add([SEEDS])
    article.write_text(ARTICLE.replace("هواوي عن", "هواوي وسامسونج عن"), "utf-8")
    report = writable_index.repair()
    assert report.updated == ("news",) and len(report.unchanged) == 5
    assert any("manifest.json" in notice for notice in report.notices)
    assert writable_index.check() == []


def test_articles_kept_from_the_index_are_counted_as_unchanged(writable_index, tmp_path):
    article = tmp_path / "news.txt"
    article.write_text(ARTICLE, "utf-8")
    writable_index.add([article])
    article.unlink()
    report = writable_index.add([], rebuild=True)
    assert report.gone == (str(article.resolve()),) and len(report.unchanged) == 6


def test_a_json_lines_record_moved_to_another_line_is_unchanged_not_a_duplicate(
        writable_index, tmp_path):
    feed = tmp_path / "feed.jsonl"
    record = json.dumps({"id": "r1", "title": "عنوان", "text": "نص عن هواوي."},
                        ensure_ascii=False)
    feed.write_text(record + "\n", "utf-8")
    writable_index.add([feed])
    feed.write_text(json.dumps({"title": "جديد", "text": "نص جديد عن سامسونج."},
                               ensure_ascii=False) + "\n" + record + "\n", "utf-8")
    report = writable_index.add([feed])
    assert report.unchanged == ("r1",) and report.added == ("feed-1",)
    assert not report.duplicates


def test_a_json_lines_record_moved_to_another_line_is_kept_by_a_rebuild(writable_index,
                                                                        tmp_path):
    feed = tmp_path / "feed.jsonl"
    first = json.dumps({"title": "عنوان", "text": "نص عن هواوي."}, ensure_ascii=False)
    feed.write_text(first + "\n", "utf-8")
    writable_index.add([feed])
    feed.write_text(json.dumps({"title": "جديد", "text": "نص جديد عن سامسونج."},
                               ensure_ascii=False) + "\n" + first + "\n", "utf-8")
    report = writable_index.add([], rebuild=True)
    assert report.unchanged[-1] == "feed-1"  # the moved record keeps its id
    assert report.added[0].startswith("feed-1-") and len(report.renamed) == 1
    assert writable_index.count() == 7


def test_repairing_a_directory_that_never_held_an_index_creates_nothing(tmp_path, catalogue):
    store = Store(tmp_path / "new", catalogue)
    with pytest.raises(StoreError, match="nothing to repair"):
        store.repair()
    assert not list((tmp_path / "new").glob("gen-*")) and store.pointer() is None


def test_a_file_stored_under_its_relative_path_by_an_older_fahras_is_unchanged(
        writable_index, tmp_path, monkeypatch):
    from fahras.index import corpus

    monkeypatch.chdir(tmp_path)
    (tmp_path / "news.txt").write_text(ARTICLE, "utf-8")
    [article] = corpus.read_path(Path("news.txt"))
    assert article.path == "news.txt"  # as typed, as an older fahras stored it
    writer = writable_index._writer(writable_index.open())
    writer.add_document(**building.document(writable_index.matcher, article))
    writer.commit()
    report = writable_index.add([tmp_path / "news.txt"])
    assert report.unchanged == ("news",) and not report.duplicates


def test_a_rebuild_of_an_index_with_relative_paths_keeps_its_ids(tmp_path, catalogue,
                                                                  monkeypatch):
    from fahras.index import corpus

    monkeypatch.chdir(tmp_path)
    (tmp_path / "news.txt").write_text(ARTICLE, "utf-8")
    store = Store(tmp_path / "index", catalogue)
    store.add([])
    [article] = corpus.read_path(Path("news.txt"))  # stored as typed, as an older fahras did
    writer = store._writer(store.open())
    writer.add_document(**building.document(store.matcher, article))
    writer.commit()
    report = store.add([tmp_path / "news.txt"], rebuild=True)
    assert report.unchanged == ("news",) and not report.renamed and store.count() == 1


def test_an_index_removed_while_adding_is_a_clear_error(writable_index, tmp_path,
                                                        monkeypatch):
    (tmp_path / "new.txt").write_text("عنوان\nنص عن الرقائق.", "utf-8")
    real_open = Store.open

    def open_then_vanish(self):
        index = real_open(self)
        monkeypatch.setattr(Store, "pointer", lambda self: None)
        return index

    monkeypatch.setattr(Store, "open", open_then_vanish)
    with pytest.raises(StoreError, match="removed while adding"):
        writable_index._write([tmp_path / "new.txt"], None, False)
