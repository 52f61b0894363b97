"""`fahras kwic`: the concordance on the command line, as JSON, TSV and text."""

from __future__ import annotations

import json
import shutil

import pytest

from .run_cli import fahras, launch


@pytest.fixture(scope="module")
def index_dir(seed_index, tmp_path_factory):
    target = tmp_path_factory.mktemp("kwic-cli") / "index"
    shutil.copytree(seed_index, target)
    return target


def paragraph(index_dir, article_id: str, number: int) -> str:
    from fahras.index.store import Store

    return Store(index_dir).article(article_id).paragraphs[number]


def test_kwic_json_lines_point_at_the_hit_in_the_original_paragraph(index_dir):
    out = json.loads(launch("kwic", "رقائق", "--json", index_dir=index_dir).stdout)
    assert set(out) >= {"query", "hits", "articles", "forms", "collocations", "lines"}
    assert out["hits"] == len(out["lines"]) > 10
    assert sum(f["count"] for f in out["forms"]) == out["hits"]
    assert {"form": "الرقائق", "count": 13} in out["forms"]
    for line in out["lines"][:5]:
        assert set(line) >= {"article_id", "paragraph", "start", "end", "left", "hit", "right"}
        text = paragraph(index_dir, line["article_id"], line["paragraph"])
        assert text[line["start"]:line["end"]] == line["hit"]
        assert text[:line["start"]].endswith(line["left"])
        assert text[line["end"]:].startswith(line["right"])
    assert all(c["log_dice"] <= 14 for c in out["collocations"])


def test_kwic_form_sort_and_width(index_dir):
    out = json.loads(fahras("kwic", "رقائق", "--form", "الرقائق", "--sort", "right1",
                            "--width", "15", "--json", index_dir=index_dir).stdout)
    assert {line["hit"] for line in out["lines"]} == {"الرقائق"} and out["hits"] == 13
    assert all(len(line["left"]) <= 15 and len(line["right"]) <= 15 for line in out["lines"])


def test_kwic_tsv_has_one_row_a_hit_with_offsets(index_dir):
    out = fahras("kwic", "TSMC", "--tsv", "--company", "TSMC", index_dir=index_dir).stdout
    header, *rows = out.rstrip("\n").split("\n")
    assert header.split("\t")[:7] == ["article_id", "paragraph", "start", "end", "left",
                                      "hit", "right"]
    assert rows and all(len(row.split("\t")) == len(header.split("\t")) for row in rows)
    for row in rows:
        article_id, number, start, end, _left, hit, *_ = row.split("\t")
        assert paragraph(index_dir, article_id, int(number))[int(start):int(end)] == hit


def test_kwic_text_marks_the_hit_and_counts_forms(index_dir):
    out = fahras("kwic", "TSMC", index_dir=index_dir).stdout
    first, forms, *lines = out.splitlines()
    assert first.endswith("articles") and forms.startswith("forms: TSMC")
    hits = [line for line in lines if line.endswith("]")]
    # every spelling of the company is a hit: TSMC, and its Arabic name once
    assert len(hits) == 15 and all(line.count("**") == 2 for line in hits)
    assert sum("**TSMC**" in line for line in hits) == 14


def test_kwic_mistakes_are_one_line(index_dir):
    for args, said in ((["--sort", "colour"], "--sort must be one of"),
                       (["--json", "--tsv"], "choose one"),
                       (["--since", "March"], "--since must be a date")):
        done = fahras("kwic", "رقائق", *args, index_dir=index_dir, check=False)
        assert done.returncode == 2 and said in done.stderr
        assert len(done.stderr.strip().splitlines()) == 1
