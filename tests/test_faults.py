"""Faults: killed builds, competing writers, broken or missing index directories, hostile files."""

from __future__ import annotations

import errno
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from fahras.index import store as store_module
from fahras.index.collection import Collection
from fahras.index.search import Engine, SearchRequest
from fahras.index.store import Store
from tests.data.make_hostile import FILES, JSONL_FILES
from tests.run_cli import fahras
from tests.test_cli import SCRIPT

HOSTILE = Path(__file__).with_name("data") / "hostile"


@pytest.fixture
def index_dir(seed_index, tmp_path):
    target = tmp_path / "index"
    shutil.copytree(seed_index, target)
    return target


@pytest.fixture(scope="module")
def big_corpus(tmp_path_factory):
    from benchmarks.corpus import write_corpus

    return write_corpus(1500, tmp_path_factory.mktemp("corpus"))


def _children(pid: int) -> set[int]:
    try:
        return {int(n) for n in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()}
    except OSError:
        return set()


def _alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(") ")[1][0] != "Z"
    except (OSError, IndexError):
        return False


@pytest.mark.parametrize("rebuild,jobs", [(False, 1), (True, 1), (True, 2)],
                         ids=["adding", "rebuilding", "rebuilding-in-workers"])
def test_a_build_killed_with_sigkill_leaves_the_previous_index(index_dir, big_corpus, rebuild,
                                                               jobs):
    command = [str(SCRIPT)] if SCRIPT.exists() else [sys.executable, "-m", "fahras.tui"]
    args = [*command, "index", str(big_corpus), "--index-dir", str(index_dir),
            "--jobs", str(jobs)]
    process = subprocess.Popen(args + (["--rebuild"] if rebuild else []),
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    workers: set[int] = set()  # with jobs > 1, killed while its workers are indexing
    deadline = time.monotonic() + (30 if jobs > 1 else 1.5)
    while time.monotonic() < deadline and process.poll() is None:
        workers |= _children(process.pid)
        if jobs > 1 and len(workers) >= jobs:
            time.sleep(1.0)
            break
        time.sleep(0.05)
    assert process.poll() is None, "the build finished before it could be killed"
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert len(workers) >= (jobs if jobs > 1 else 0)
    deadline = time.monotonic() + 10
    while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(_alive(pid) for pid in workers), "a worker outlived its killed parent"
    store = Store(index_dir)
    assert store.count() == 5
    assert Engine(store).search(SearchRequest("إنفيديا")).total == 5
    done = fahras("index", str(big_corpus), index_dir=index_dir)  # the next run completes
    assert "added 1500" in done.stdout
    assert Store(index_dir).count() == 1505


def test_a_second_writer_waits_for_the_first(index_dir, tmp_path, monkeypatch):
    import filelock

    (tmp_path / "new.txt").write_text("عنوان\nنص عن هواوي.", "utf-8")
    holder = filelock.FileLock(str(index_dir / "write.lock"))
    holder.acquire()
    other = Store(index_dir)
    import threading

    result = {}
    thread = threading.Thread(target=lambda: result.update(report=other.add([tmp_path])))
    thread.start()
    time.sleep(0.5)
    assert thread.is_alive()  # waiting, not writing
    holder.release()
    thread.join(timeout=30)
    assert result["report"].added == ("new",)


def test_a_full_disk_during_indexing_is_a_clear_error_and_loses_nothing(index_dir, tmp_path,
                                                                        monkeypatch):
    (tmp_path / "new.txt").write_text("عنوان\nنص عن هواوي.", "utf-8")
    store = Store(index_dir)
    original = store_module.Store._index_files

    def full(self, *args, **kwargs):
        original(self, *args, **kwargs)
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(store_module.Store, "_index_files", full)
    with pytest.raises(OSError):
        store.add([tmp_path])
    with pytest.raises(OSError):
        store.add([tmp_path], rebuild=True)
    monkeypatch.undo()
    assert Store(index_dir).count() == 5
    assert [p.name for p in index_dir.iterdir() if p.name.startswith("gen-")] == ["gen-1"]


def test_the_cli_reports_an_unwritable_index_directory(tmp_path):
    blocker = tmp_path / "file-not-dir"
    blocker.write_text("x")
    done = fahras("search", "x", index_dir=blocker / "index", check=False)
    assert done.returncode == 1 and done.stderr.count("\n") == 1
    assert str(blocker) in done.stderr and "cannot hold an index" in done.stderr


def test_a_deleted_index_is_rebuilt_and_the_collection_kept(index_dir, engine):
    collection = Collection.beside(index_dir)
    assert collection.add(engine.passages(SearchRequest("TSMC"))[:2]) == 2
    record = json.loads((index_dir / "fahras.json").read_text())
    shutil.rmtree(index_dir / record["generation"])
    out = json.loads(fahras("search", "تايوان", "--json", index_dir=index_dir).stdout)
    assert out["total"] > 0
    assert len(Collection.beside(index_dir)) == 2


def test_an_unreadable_pointer_is_one_clear_line(index_dir):
    (index_dir / "fahras.json").write_text("{not json")
    done = fahras("search", "x", index_dir=index_dir, check=False)
    assert done.returncode == 1 and "fahras.json" in done.stderr
    assert "Traceback" not in done.stderr


def test_indexing_the_hostile_folder_reports_each_bad_file_and_keeps_every_good_one(
        index_dir, tmp_path):
    folder = tmp_path / "hostile"
    shutil.copytree(HOSTILE, folder)
    big = folder / "too-big.txt"
    with big.open("wb") as out:  # sparse: over the limit without writing 20 MB
        out.truncate(21 * 1024 * 1024)
    (folder / "long-paragraph.txt").write_text("عنوان\n" + "كلمة إنفيديا " * 80_000, "utf-8")
    with open(os.path.join(os.fsencode(folder), b"bad\xff\xfe.txt"), "wb") as out:
        out.write(FILES["utf8.txt"][0])  # a file name that is not UTF-8
    done = fahras("index", str(folder), index_dir=index_dir)
    good = {name.rsplit(".", 1)[0] for name, (_, ok) in FILES.items() if ok}
    bad = {name for name, (_, ok) in FILES.items() if not ok and not name.endswith(".pdf")}
    for name in bad | {"too-big.txt", "bad\\xff\\xfe.txt"}:
        assert f"{name}: skipped, " in done.stderr, name
    for name, lines in JSONL_FILES.items():
        for number, (_, article_id) in enumerate(lines, start=1):
            good |= {article_id} if article_id else set()
            assert (f"{name}:{number}: skipped, " in done.stderr) == (article_id is None), \
                (name, number)
    reported = [line for line in done.stderr.splitlines() if ": skipped, " in line]
    assert len(reported) == len(done.stderr.splitlines())  # one line each, nothing else
    store = Store(index_dir)
    for article_id in good | {"long-paragraph"}:
        assert store.article(article_id) is not None, article_id
    assert "20 MB" in done.stderr


def test_hostile_text_never_reaches_the_screen_as_control_sequences(index_dir):
    store = Store(index_dir)
    store.add([HOSTILE / "escapes.txt", HOSTILE / "bidi-controls.txt"])
    for article_id in ("escapes", "bidi-controls"):
        view = store.article(article_id)
        text = view.title + "".join(view.paragraphs)
        assert "\x1b" not in text and "\x07" not in text
        assert not any(c in text for c in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
    assert "[bold]" in "".join(store.article("escapes").paragraphs)  # literal, kept as written
