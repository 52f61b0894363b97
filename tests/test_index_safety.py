"""Hostile cases of issue 11 (Data): nothing indexed is lost without the user being told,
nothing outside the index directory is touched, and every problem is one line.

Each test reproduces what the issue saw, through the ``fahras`` command where the issue
used it.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from fahras.index import building
from fahras.index.search import Engine, SearchRequest
from fahras.index.store import Store, StoreError
from tests.conftest import SEEDS
from tests.run_cli import fahras as run_here
from tests.test_cli import SCRIPT

OWN = "عنوان خاص\nنص لا يوجد إلا في ملف المستخدم عن شركة هواوي."


def fahras(*args, index_dir: Path, cwd: Path | None = None,
           limit_bytes: int | None = None) -> subprocess.CompletedProcess:
    """The command, run in this process (tests/run_cli.py); ``limit_bytes`` makes every
    file larger than that fail to write (EFBIG, as a full disk fails with ENOSPC), in
    workers too: that needs a process of its own, the console script as a user runs it."""
    if limit_bytes is None:
        return run_here(*args, index_dir=index_dir, cwd=cwd, check=False)
    command = [str(SCRIPT)] if SCRIPT.exists() else [sys.executable, "-m", "fahras.tui"]
    root = str(Path(__file__).resolve().parent.parent)
    env = {**os.environ, "FAHRAS_INDEX_DIR": str(index_dir), "NO_COLOR": "1",
           "PYTHONPATH": root}

    def limit() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit_bytes, limit_bytes))

    return subprocess.run([*command, *args], capture_output=True, text=True, env=env,
                          cwd=cwd, timeout=300, preexec_fn=limit if limit_bytes else None)


def one_line(done: subprocess.CompletedProcess) -> str:
    """The single line of stderr of a failed command (and that it failed cleanly)."""
    assert done.returncode != 0
    assert done.stderr.count("\n") == 1, done.stderr
    assert "Traceback" not in done.stderr and "Aborted" not in done.stderr
    assert "internal error" not in done.stderr, done.stderr
    return done.stderr


@pytest.fixture
def index_dir(seed_index, tmp_path):
    """The seeds' index plus one article of the user's own: six articles."""
    target = tmp_path / "index"
    shutil.copytree(seed_index, target)
    own = tmp_path / "mine"
    own.mkdir()
    (own / "own.txt").write_text(OWN, "utf-8")
    Store(target).add([own])
    return target


def _generation(index_dir: Path) -> Path:
    return index_dir / json.loads((index_dir / "fahras.json").read_text())["generation"]


def _segment(index_dir: Path) -> Path:
    return max(_generation(index_dir).glob("MAIN_*.seg"), key=lambda p: p.stat().st_size)


def _total(index_dir: Path, query: str = "") -> int:
    return Engine(Store(index_dir)).search(SearchRequest(query)).total


# -- damage to a generation's files -------------------------------------------------------

def test_a_truncated_segment_is_one_line_naming_it_and_the_remedy(index_dir):
    segment = _segment(index_dir)
    with segment.open("r+b") as data:
        data.truncate(1000)
    line = one_line(fahras("search", "هواوي", index_dir=index_dir))
    assert str(segment) in line and "fahras index --repair" in line


def test_a_rebuild_after_a_truncated_segment_reads_the_original_files(index_dir):
    with _segment(index_dir).open("r+b") as data:
        data.truncate(1000)
    before = _generation(index_dir)
    done = fahras("index", "--rebuild", index_dir=index_dir)
    assert done.returncode == 0, done.stderr
    assert "6 articles in" in done.stdout and "damaged" in done.stderr
    assert not before.exists() and _generation(index_dir) != before
    assert _total(index_dir) == 6 and _total(index_dir, "هواوي") >= 1


def test_a_segment_overwritten_in_place_is_found_and_repaired(index_dir):
    segment = _segment(index_dir)
    size = segment.stat().st_size
    segment.write_bytes(os.urandom(size))  # the same size: only its bytes tell
    line = one_line(fahras("search", "هواوي", index_dir=index_dir))
    assert str(segment) in line and "--repair" in line
    check = fahras("index", "--check", index_dir=index_dir)
    assert check.returncode == 1 and str(segment) in check.stderr
    repaired = fahras("index", "--repair", index_dir=index_dir)
    assert repaired.returncode == 0, repaired.stderr
    assert _total(index_dir) == 6
    assert fahras("index", "--check", index_dir=index_dir).stdout.startswith("ok: 6 articles")


def test_a_few_bytes_changed_inside_a_segment_are_found_by_check(index_dir):
    segment = _segment(index_dir)
    with segment.open("r+b") as data:
        data.seek(segment.stat().st_size // 2)
        data.write(b"\xff" * 64)
    check = fahras("index", "--check", index_dir=index_dir)
    assert check.returncode == 1 and f"{segment}: damaged" in check.stderr
    assert fahras("index", "--repair", index_dir=index_dir).returncode == 0
    assert fahras("index", "--check", index_dir=index_dir).returncode == 0


def test_a_damaged_table_of_contents_is_one_line_and_repaired(index_dir):
    toc = next(_generation(index_dir).glob("_MAIN_*.toc"))
    toc.write_bytes(b"\x80\x04garbage")  # the issue saw UnpicklingError and "Aborted."
    line = one_line(fahras("search", "x", index_dir=index_dir))
    assert str(toc) in line and "--repair" in line
    assert fahras("index", "--repair", index_dir=index_dir).returncode == 0
    assert _total(index_dir) == 6


# -- the pointer ----------------------------------------------------------------------------

@pytest.mark.parametrize("where", ["../elsewhere", "absolute"])
def test_a_pointer_to_a_folder_outside_the_index_is_never_touched(index_dir, tmp_path, where):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "precious.txt").write_text("keep me", "utf-8")
    pointer = index_dir / "fahras.json"
    record = json.loads(pointer.read_text())
    record["generation"] = str(elsewhere) if where == "absolute" else "../elsewhere"
    pointer.write_text(json.dumps(record))
    for args in (["index", "--rebuild"], ["index", str(SEEDS)], ["search", "x"]):
        assert "--repair" in one_line(fahras(*args, index_dir=index_dir))
    assert (elsewhere / "precious.txt").read_text("utf-8") == "keep me"
    assert fahras("index", "--repair", index_dir=index_dir).returncode == 0
    assert (elsewhere / "precious.txt").exists() and _total(index_dir) == 6


def test_a_number_that_is_not_a_number_is_one_clear_line(index_dir):
    pointer = index_dir / "fahras.json"
    pointer.write_text(json.dumps({**json.loads(pointer.read_text()), "number": "x"}))
    line = one_line(fahras("search", "x", index_dir=index_dir))
    assert "fahras.json" in line and '"number"' in line and "TypeError" not in line


def test_a_deleted_pointer_recovers_the_newest_complete_generation(index_dir):
    (index_dir / "fahras.json").unlink()
    done = fahras("search", "", "--json", index_dir=index_dir)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["total"] == 6  # not the five seeds
    assert "newest complete generation" in done.stderr


@pytest.mark.parametrize("content", ["[]", "{}"])
def test_an_unusable_pointer_is_one_line_and_repair_recovers(index_dir, content):
    (index_dir / "fahras.json").write_text(content)
    assert "--repair" in one_line(fahras("search", "x", index_dir=index_dir))
    assert _total_after_repair(index_dir) == 6


def _total_after_repair(index_dir: Path) -> int:
    done = fahras("index", "--repair", index_dir=index_dir)
    assert done.returncode == 0, done.stderr
    return _total(index_dir)


def test_the_seeds_are_never_indexed_over_existing_data(index_dir):
    shutil.rmtree(_generation(index_dir))
    (index_dir / "fahras.json").unlink()
    done = fahras("search", "", "--json", index_dir=index_dir)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["total"] == 6  # rebuilt from the manifest's files
    assert "the index is built again from the files the manifest names" in done.stderr
    untouched = fahras("index", index_dir=index_dir)
    assert untouched.returncode == 2 and "name the files" in untouched.stderr
    assert Store(index_dir).count() == 6


def test_the_seeds_go_into_a_directory_that_never_held_anything(tmp_path):
    done = fahras("index", index_dir=tmp_path / "new")
    assert done.returncode == 0 and "5 articles in" in done.stdout


# -- rebuilds that would lose articles -------------------------------------------------------

def test_a_rebuild_keeps_the_articles_of_sources_that_are_gone_and_says_so(index_dir, tmp_path):
    (tmp_path / "mine" / "own.txt").unlink()
    done = fahras("index", "--rebuild", index_dir=index_dir)
    assert done.returncode == 0, done.stderr
    assert "own.txt: gone; its articles are kept from the index" in done.stderr
    assert _total(index_dir, "هواوي") == 1 and Store(index_dir).count() == 6


def test_a_rebuild_that_cannot_keep_a_gone_source_says_which_article_is_lost(index_dir,
                                                                             tmp_path):
    (tmp_path / "mine" / "own.txt").unlink()
    for segment in _generation(index_dir).glob("MAIN_*.seg"):
        with segment.open("r+b") as data:
            data.truncate(100)
    done = fahras("index", "--rebuild", index_dir=index_dir)
    assert done.returncode == 0, done.stderr
    assert "own (" in done.stderr and "its file is gone" in done.stderr
    assert "the index now holds 5 articles, 6 before" in done.stderr
    assert Store(index_dir).count() == 5


def test_a_rebuild_that_does_not_verify_leaves_the_previous_generation(index_dir,
                                                                        monkeypatch):
    store = Store(index_dir)
    before, generation = store.pointer(), _generation(index_dir)
    add = building.GenerationWriter.add
    seen = []

    def drop_one(self, article):
        seen.append(article)
        if len(seen) != 3:
            add(self, article)

    monkeypatch.setattr(building.GenerationWriter, "add", drop_one)
    with pytest.raises(StoreError, match="the index is as it was"):
        store.add([], rebuild=True)
    monkeypatch.undo()
    assert store.pointer() == before and generation.is_dir()
    assert [p.name for p in index_dir.glob("gen-*")] == [generation.name]
    assert Store(index_dir).count() == 6


# -- identity -------------------------------------------------------------------------------

def test_a_folder_indexed_from_two_working_directories_keeps_both(tmp_path):
    index_dir = tmp_path / "index"
    for name, company in (("A", "هواوي"), ("B", "سامسونج")):
        corpus = tmp_path / name / "corpus"
        corpus.mkdir(parents=True)
        (corpus / "news.txt").write_text(f"عنوان\nنص عن {company} في {name}.", "utf-8")
        assert fahras("index", "corpus", index_dir=index_dir, cwd=tmp_path / name
                      ).returncode == 0
    store = Store(index_dir)
    assert store.count() == 2
    paths = {store.article(i).path for i in ("news", *_ids(store)) if store.article(i)}
    assert paths == {str((tmp_path / n / "corpus" / "news.txt").resolve()) for n in "AB"}


def _ids(store: Store) -> list[str]:
    return [r.id for r in Engine(store).search(SearchRequest("", limit=50)).results]


def test_an_id_collision_is_resolved_and_reported(tmp_path):
    for name in ("a", "b"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "same.txt").write_text(f"عنوان\nنص مختلف {name}.", "utf-8")
    done = fahras("index", str(tmp_path / "a"), index_dir=tmp_path / "index")
    done = fahras("index", str(tmp_path / "b"), index_dir=tmp_path / "index")
    assert done.returncode == 0 and "renamed 1" in done.stdout
    assert "b/same.txt: the id 'same' belongs to" in done.stderr
    store = Store(tmp_path / "index")
    assert sorted(_ids(store))[0] == "same" and len(_ids(store)) == 2


def test_identical_bytes_in_two_files_are_reported(tmp_path):
    folder = tmp_path / "news"
    folder.mkdir()
    for name in ("first.txt", "second.txt"):
        (folder / name).write_text(OWN, "utf-8")
    done = fahras("index", str(folder), index_dir=tmp_path / "index")
    assert done.returncode == 0
    assert "second.txt: not indexed again, same text as" in done.stderr
    assert "first.txt" in done.stderr.split("same text as", 1)[1]
    assert "same text as another 1" in done.stdout


# -- symbolic links -------------------------------------------------------------------------

def test_a_symlink_out_of_the_folder_is_not_followed_unless_asked(tmp_path):
    secret = tmp_path / "outside" / "secret.txt"
    secret.parent.mkdir()
    secret.write_text("عنوان سري\nنص سري لا يغادر مجلده.", "utf-8")
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "good.txt").write_text(OWN, "utf-8")
    (folder / "passwd.txt").symlink_to("/etc/passwd")  # what the issue saw
    (folder / "secret.txt").symlink_to(secret)
    (folder / "outside").symlink_to(secret.parent, target_is_directory=True)
    (folder / "loop").symlink_to(folder, target_is_directory=True)
    index_dir = tmp_path / "index"
    done = fahras("index", str(folder), index_dir=index_dir)
    assert done.returncode == 0
    for name in ("passwd.txt", "secret.txt", "outside"):
        assert f"{name}: skipped, a symbolic link out of the folder" in done.stderr, name
    assert Store(index_dir).count() == 1
    followed = fahras("index", str(folder), "--follow", index_dir=index_dir)
    assert followed.returncode == 0, followed.stderr
    assert Store(index_dir).article("secret") is not None


# -- a full disk --------------------------------------------------------------------------

@pytest.fixture(scope="module")
def big_corpus(tmp_path_factory):
    from benchmarks.corpus import write_corpus

    return write_corpus(1100, tmp_path_factory.mktemp("corpus"))


@pytest.mark.parametrize("args", [["--jobs", "1"], ["--rebuild", "--jobs", "2"]],
                         ids=["adding", "rebuilding-in-workers"])
def test_a_full_disk_is_one_line_and_leaves_no_orphan_files(index_dir, big_corpus, args):
    generation = _generation(index_dir)
    files = sorted(p.name for p in generation.iterdir())
    done = fahras("index", str(big_corpus), *args, index_dir=index_dir, limit_bytes=1 << 20)
    line = one_line(done)
    assert "File too large" in line  # EFBIG here; ENOSPC takes the same path
    assert [p.name for p in index_dir.glob("gen-*")] == [generation.name]
    assert sorted(p.name for p in generation.iterdir()) == files
    assert fahras("index", "--check", index_dir=index_dir).returncode == 0
    assert Store(index_dir).count() == 6


# -- an index of nothing --------------------------------------------------------------------

@pytest.mark.parametrize("content", [None, b""], ids=["empty-folder", "every-file-skipped"])
def test_an_index_of_0_articles_works(tmp_path, content):
    folder = tmp_path / "news"
    folder.mkdir()
    if content is not None:
        (folder / "empty.txt").write_bytes(content)
    index_dir = tmp_path / "index"
    done = fahras("index", str(folder), index_dir=index_dir)
    assert "0 articles in" in done.stdout and "Traceback" not in done.stderr
    for query in ("", "هواوي", '"أشباه الموصلات"', "رقا*", "a OR -b"):
        searched = fahras("search", query, "--json", index_dir=index_dir)
        assert searched.returncode == 0, searched.stderr
        assert json.loads(searched.stdout)["total"] == 0
    assert fahras("export", "x", index_dir=index_dir).returncode == 0
    assert fahras("entities", "--unknown", index_dir=index_dir).returncode == 0
    assert Store(index_dir).count() == 0


def test_a_generation_that_is_a_symlink_out_of_the_index_is_never_written(index_dir,
                                                                         tmp_path):
    elsewhere = tmp_path / "elsewhere"
    shutil.copytree(_generation(index_dir), elsewhere)
    before = sorted(p.name for p in elsewhere.iterdir())
    shutil.rmtree(_generation(index_dir))
    _generation(index_dir).symlink_to(elsewhere, target_is_directory=True)
    (tmp_path / "new.txt").write_text(OWN.replace("هواوي", "سامسونج"), "utf-8")
    for args in (["index", str(tmp_path / "new.txt")], ["search", "x"]):
        line = one_line(fahras(*args, index_dir=index_dir))
        assert "a symbolic link" in line and "--repair" in line
    assert sorted(p.name for p in elsewhere.iterdir()) == before


# -- cases of our own -----------------------------------------------------------------------

def test_a_pointer_nested_too_deep_is_one_line(index_dir):
    (index_dir / "fahras.json").write_text("[" * 100_000 + "]" * 100_000)
    assert "nested too deep" in one_line(fahras("search", "x", index_dir=index_dir))
    assert _total_after_repair(index_dir) == 6


def test_a_pipe_named_like_an_article_is_reported_and_never_blocks_the_run(tmp_path):
    folder = tmp_path / "news"
    folder.mkdir()
    os.mkfifo(folder / "pipe.txt")
    (folder / "good.txt").write_text(OWN, "utf-8")
    done = fahras("index", str(folder), index_dir=tmp_path / "index")
    assert done.returncode == 0 and "pipe.txt: skipped, not a regular file" in done.stderr
    assert Store(tmp_path / "index").count() == 1
