"""The command line on real news: --since/--until/--source/--sort, sources and copies in
results, and what ``show --json`` reports as removed."""

import json
from pathlib import Path

import pytest

from tests.run_cli import fahras, launch

NEWS = Path(__file__).parent / "data" / "news"


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


def _untimed(value):
    """JSON output without the time it took (which differs from run to run)."""
    if isinstance(value, dict):
        return {k: _untimed(v) for k, v in value.items() if k != "took_ms"}
    return [_untimed(v) for v in value] if isinstance(value, list) else value


@pytest.mark.parametrize("args", [("timeline", "ذاكرة", "--json"),
                                  ("related", "Samsung", "--json"),
                                  ("related", "nobody")])
def test_the_console_script_does_what_the_tests_run_in_process(news_index, args):
    # The other tests run commands in this process (tests/run_cli.py): the same output,
    # errors and exit status as the real script, which timeline and related run here.
    launched = launch(*args, index_dir=news_index, check=False)
    here = fahras(*args, index_dir=news_index, check=False)
    assert (launched.returncode, launched.stderr) == (here.returncode, here.stderr)
    if launched.returncode == 0:
        assert _untimed(json.loads(launched.stdout)) == _untimed(json.loads(here.stdout))
    else:
        assert launched.returncode == 1 and "'nobody'" in launched.stderr
