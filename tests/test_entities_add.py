"""``fahras entities --add KIND ID ALIAS``: the name written, the index re-tagged in place."""

from __future__ import annotations

import json
from pathlib import Path

from fahras.index.catalogue import user_catalogue_path
from fahras.index.store import Store
from tests.index.test_retag import ARTICLES, ZEPHYRA
from tests.run_cli import fahras


def _index(tmp_path: Path) -> Path:
    folder = tmp_path / "news"
    folder.mkdir()
    for name, text in ARTICLES.items():
        (folder / f"{name}.txt").write_text(text, "utf-8")
    index_dir = tmp_path / "index"
    fahras("index", str(folder), index_dir=index_dir)
    return index_dir


def test_adding_a_name_retags_in_place_and_says_how_many(tmp_path):
    index_dir = _index(tmp_path)
    number = Store(index_dir).pointer()["number"]
    done = fahras("entities", "--add", "company", "zephyra", "زيفيرا", index_dir=index_dir)
    assert f"{len(ZEPHYRA)} articles re-tagged" in done.stdout
    assert str(user_catalogue_path()) in done.stdout  # under the test's XDG_CONFIG_HOME
    assert Store(index_dir).pointer()["number"] == number  # no new generation: no rebuild
    found = json.loads(fahras("search", "", "--company", "zephyra", "--json",
                              index_dir=index_dir).stdout)
    assert {r["id"] for r in found["results"]} == ZEPHYRA
    assert done.stderr == ""


def test_a_broken_entity_file_is_one_line_naming_it_and_left_as_it_was(tmp_path):
    index_dir = _index(tmp_path)
    mine = tmp_path / "mine.toml"
    mine.write_text("[[company]\nid = ", "utf-8")
    done = fahras("entities", "--add", "company", "zephyra", "زيفيرا", "--entities",
                  str(mine), index_dir=index_dir, check=False)
    assert done.returncode == 1
    lines = [line for line in done.stderr.splitlines() if not line.startswith("fahras: warning")]
    assert len(lines) == 1 and str(mine) in lines[0] and "malformed" in lines[0]
    assert mine.read_text("utf-8") == "[[company]\nid = "
