"""``fahras timeline`` and ``fahras related`` on dated news (tests/data/views/)."""

import json
from pathlib import Path

import pytest

from tests.test_news_cli import fahras

VIEWS = Path(__file__).parent / "data" / "views"


@pytest.fixture(scope="module")
def views_index(tmp_path_factory):
    directory = tmp_path_factory.mktemp("views-cli")
    fahras("index", str(VIEWS), index_dir=directory)
    return directory


def test_timeline_json_counts_by_the_bucket_asked_with_filters(views_index):
    out = json.loads(fahras("timeline", "", "--company", "تي اس ام سي", "--by", "month",
                            "--json", index_dir=views_index).stdout)
    assert out["by"] == "month" and out["filters"] == {"company": ["tsmc"]}
    assert [(b["label"], b["count"]) for b in out["buckets"]] == [
        ("2025-01", 2), ("2025-02", 2), ("2025-03", 2)]
    assert out["buckets"][1] == {"start": "2025-02-01", "end": "2025-02-28",
                                 "label": "2025-02", "count": 2}
    assert (out["total"], out["undated"]) == (6, 0)


def test_timeline_text_draws_bars_and_says_how_many_have_no_date(views_index):
    text = fahras("timeline", "", index_dir=views_index).stdout.splitlines()
    assert text[0].startswith("2025-W02 2025-01-06 1 █")
    assert text[-1] == "2 of 19 matching articles have no date"
    undated = fahras("timeline", "شاشات", index_dir=views_index).stdout
    assert undated == "the one matching article has no date\n"


@pytest.mark.parametrize("args", [("--by", "year"), ("--since", "March")])
def test_timeline_bad_options_are_one_clear_line(views_index, args):
    done = fahras("timeline", "", *args, index_dir=views_index, check=False)
    assert done.returncode == 2 and done.stderr.count("\n") == 1 and args[0] in done.stderr


def test_related_by_alias_ranks_by_log_dice_and_limits(views_index):
    out = json.loads(fahras("related", "تي اس ام سي", "--limit", "2", "--json",
                            index_dir=views_index).stdout)
    assert out["entity"]["id"] == "tsmc" and (out["articles"], out["scope"]) == (6, 19)
    assert [(p["id"], p["together"], p["articles"]) for p in out["related"]] == [
        ("asml", 3, 3), ("nvidia", 4, 12)]
    assert out["related"][0]["log_dice"] > out["related"][1]["log_dice"]
    text = fahras("related", "TSMC", "--limit", "1", index_dir=views_index).stdout
    assert text.splitlines()[1].split()[:4] == ["13.42", "3", "of", "3"]


def test_related_to_an_unknown_name_is_one_line_naming_it(views_index):
    done = fahras("related", "nobody", index_dir=views_index, check=False)
    assert done.returncode == 1 and done.stderr.count("\n") == 1 and "'nobody'" in done.stderr
