"""The command line on real news: --since/--until/--source/--sort, sources and copies in
results, and what ``show --json`` reports as removed."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

NEWS = Path(__file__).parent / "data" / "news"


def fahras(*args, index_dir, check=True):
    env = {**os.environ, "FAHRAS_INDEX_DIR": str(index_dir), "NO_COLOR": "1",
           "PYTHONPATH": str(Path(__file__).parent.parent)}
    done = subprocess.run([sys.executable, "-m", "tui", *args], capture_output=True, text=True,
                          env=env, timeout=120, cwd=Path(__file__).parent.parent)
    if check:
        assert done.returncode == 0, done.stderr
    return done


@pytest.fixture(scope="module")
def news_index(tmp_path_factory):
    directory = tmp_path_factory.mktemp("news-cli")
    fahras("index", str(NEWS), index_dir=directory)
    return directory


def test_search_filters_sorts_and_shows_sources_and_copies(news_index):
    out = json.loads(fahras("search", "ذاكرة", "--since", "2025-12-01", "--until", "2025-12",
                            "--sort", "date", "--json", index_dir=news_index).stdout)
    assert [r["date"] for r in out["results"]] == ["2025-12-02"]
    assert len(out["results"][0]["also_in"]) == 2
    assert out["news_facets"]["month"] == [{"value": "2025-12", "count": 3}]
    text = fahras("search", "ذاكرة", index_dir=news_index).stdout
    assert "· 2025-12-02" in text and "also in 2 sources" in text
    only = fahras("search", "ذاكرة", "--source", "بوابة المدار", index_dir=news_index).stdout
    assert "بوابة المدار · 2025-12-02" in only and only.startswith("1 article (")


def test_show_json_reports_dateline_and_removed_lines(news_index):
    out = json.loads(fahras("show", "label-first", "--json", index_dir=news_index).stdout)
    assert out["date"] == "2023-12-10" and out["author"] == "سامر حداد"
    assert {"شاركها", "اترك تعليقاً", "Advertisement"} <= set(out["removed"])


@pytest.mark.parametrize("args", [("--since", "12/2025"), ("--sort", "newest")])
def test_bad_options_are_one_clear_line(news_index, args):
    done = fahras("search", "ذاكرة", *args, index_dir=news_index, check=False)
    assert done.returncode == 2 and done.stderr.count("\n") == 1 and args[0] in done.stderr
