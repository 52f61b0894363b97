"""The command line through the installed console script, JSON contract included."""

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from fahras.index.models import TITLE_PARAGRAPH

SCRIPT = Path(sys.executable).with_name("fahras")


def fahras(*args, index_dir, check=True):
    command = [str(SCRIPT)] if SCRIPT.exists() else [sys.executable, "-m", "fahras.tui"]
    env = {**os.environ, "FAHRAS_INDEX_DIR": str(index_dir), "NO_COLOR": "1"}
    done = subprocess.run([*command, *args], capture_output=True, text=True, env=env,
                          timeout=120)
    if check:
        assert done.returncode == 0, done.stderr
    return done


@pytest.fixture
def index_dir(seed_index, tmp_path):
    target = tmp_path / "index"
    shutil.copytree(seed_index, target)
    return target


def test_search_json_contract(index_dir):
    out = json.loads(fahras("search", "انفيديا", "--json", index_dir=index_dir).stdout)
    assert set(out) >= {"query", "total", "took_ms", "results", "facets"}
    assert out["total"] == 5
    result = out["results"][0]
    assert set(result) >= {"id", "title", "path", "score", "snippet", "passages", "entities"}
    for passage in result["passages"]:
        assert set(passage) >= {"paragraph", "text", "hits"}
        assert all(passage["text"][s:e] == "إنفيديا" for s, e in passage["hits"])
    assert set(out["facets"]) >= {"company", "person", "place"}
    assert set(out["facets"]["company"][0]) == {"id", "name", "name_ar", "count"}


def test_search_with_company_filter_and_empty_query(index_dir):
    out = json.loads(fahras("search", "", "--company", "TSMC", "--json",
                            index_dir=index_dir).stdout)
    assert out["total"] == 4 and out["filters"] == {"company": ["tsmc"]}


def test_person_filter_in_either_script(index_dir):
    latin = json.loads(fahras("search", "", "--person", "Sam Altman", "--json",
                              index_dir=index_dir).stdout)
    arabic = json.loads(fahras("search", "", "--person", "سام ألتمان", "--json",
                               index_dir=index_dir).stdout)
    assert latin["total"] == arabic["total"] == 5


def test_unknown_company_is_one_clear_line(index_dir):
    done = fahras("search", "x", "--company", "Nvdia", index_dir=index_dir, check=False)
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "nvidia" in done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize("query", ['"unbalanced', "((", "NOT", "في من", "x" * 3000])
def test_bad_queries_never_give_a_traceback(index_dir, query):
    done = fahras("search", query, "--json", index_dir=index_dir)
    assert json.loads(done.stdout)["total"] >= 0


def test_show_json_lists_entities_with_spans(index_dir):
    out = json.loads(fahras("show", "003_fe17c526eaf3b0fb", "--json", index_dir=index_dir).stdout)
    assert out["author"] == "دينا كمال" and len(out["paragraphs"]) == 21
    nvidia = next(e for e in out["entities"] if e["id"] == "nvidia")
    for mention in nvidia["mentions"]:
        number = mention["paragraph"]
        text = out["title"] if number == TITLE_PARAGRAPH else out["paragraphs"][number]
        assert text[slice(*mention["span"])] == mention["text"] == "إنفيديا"


def test_show_unknown_id(index_dir):
    done = fahras("show", "nope", index_dir=index_dir, check=False)
    assert done.returncode == 1 and "nope" in done.stderr and "Traceback" not in done.stderr


def test_analyze_json(index_dir):
    out = json.loads(fahras("analyze", "وَالذَّكَاءُ لإنفيديا", "--json", index_dir=index_dir).stdout)
    assert out["tokens"] == [
        {"text": "وَالذَّكَاءُ", "start": 0, "end": 12, "norm": "والذكاء", "stem": "ذكاء"},
        {"text": "لإنفيديا", "start": 13, "end": 21, "norm": "لانفيديا", "stem": "انفيديا"},
    ]
    assert out["expansions"]["لإنفيديا"][0]["id"] == "nvidia"


def test_index_reports_and_skips_bad_files(index_dir, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text("عنوان\nنص عن هواوي.", "utf-8")
    (folder / "bad.txt").write_bytes(b"\x00\x00")
    done = fahras("index", str(folder), index_dir=index_dir)
    assert "added 1" in done.stdout and "skipped 1" in done.stdout
    assert "bad.txt" in done.stderr and "NUL" in done.stderr


def test_index_exits_non_zero_when_nothing_could_be_indexed(index_dir, tmp_path):
    (tmp_path / "bad.txt").write_bytes(b"")
    done = fahras("index", str(tmp_path / "bad.txt"), index_dir=index_dir, check=False)
    assert done.returncode == 1 and "empty" in done.stderr


def test_entities_listing_and_unknown(index_dir):
    rows = json.loads(fahras("entities", "--kind", "company", "--json",
                             index_dir=index_dir).stdout)["entities"]
    nvidia = next(r for r in rows if r["id"] == "nvidia")
    assert nvidia["articles"] == 5 and nvidia["mentions"] > 5
    unknown = json.loads(fahras("entities", "--unknown", "--json", index_dir=index_dir).stdout)
    # Acronyms are noise, not names (issue 13); each name says how many articles have it.
    assert not {"ASIC", "HBM"} & {u["name"] for u in unknown["unknown"]}
    assert all(u["articles"] >= 1 for u in unknown["unknown"])


def test_first_run_builds_the_seed_index_by_itself(tmp_path):
    out = json.loads(fahras("search", "تايوان", "--json", index_dir=tmp_path / "new").stdout)
    # 000, 001 and 004 name Taiwan; 002's التايوانية (Taiwanese) stems to it too.
    assert out["total"] == 4


@pytest.mark.parametrize("fmt", ["md", "html", "jsonl", "csv"])
def test_export_to_stdout_and_to_a_file(index_dir, tmp_path, fmt):
    out = fahras("export", "تايوان", "--company", "TSMC", "--format", fmt,
                 index_dir=index_dir).stdout
    assert "تايوان" in out
    target = tmp_path / f"out.{fmt}"
    done = fahras("export", "تايوان", "-f", fmt, "-o", str(target), index_dir=index_dir)
    assert target.exists() and "exported" in done.stderr
    command = [str(SCRIPT)] if SCRIPT.exists() else [sys.executable, "-m", "fahras.tui"]
    same = subprocess.run([*command, "export", "تايوان", "-f", fmt], capture_output=True,
                          env={**os.environ, "FAHRAS_INDEX_DIR": str(index_dir)}).stdout
    when = re.compile(rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00")
    assert when.sub(b"T", same) == when.sub(b"T", target.read_bytes())  # stdout is the file
    again = fahras("export", "تايوان", "-f", fmt, "-o", str(target), index_dir=index_dir,
                   check=False)
    assert again.returncode == 1 and "already exists" in again.stderr
    assert fahras("export", "تايوان", "-f", fmt, "-o", str(target), "--force",
                  index_dir=index_dir).returncode == 0


def test_export_to_a_missing_folder_is_one_clear_line(index_dir, tmp_path):
    done = fahras("export", "x", "-o", str(tmp_path / "no" / "f.md"), index_dir=index_dir,
                  check=False)
    assert done.returncode == 1 and "does not exist" in done.stderr
    assert "Traceback" not in done.stderr


def test_global_options_work_before_the_command(index_dir, tmp_path):
    other = tmp_path / "other"
    before = json.loads(fahras("--index-dir", str(other), "search", "تايوان", "--json",
                               index_dir=index_dir).stdout)
    after = json.loads(fahras("search", "تايوان", "--json", f"--index-dir={other}",
                              index_dir=index_dir).stdout)
    assert (other / "fahras.json").exists() and before["total"] == after["total"]
    catalogue = tmp_path / "mine.toml"
    catalogue.write_text('[[company]]\nid = "acme"\nname = "Acme"\nar = "أكمي"\n', "utf-8")
    out = json.loads(fahras("--entities", str(catalogue), "analyze", "أكمي", "--json",
                            index_dir=index_dir).stdout)
    assert out["expansions"]["أكمي"][0]["id"] == "acme"


@pytest.mark.parametrize("args, says", [
    (("--bidi", "app", "search", "x"), "--bidi is an option of the explorer"),
    (("--index-dir", "/tmp/a", "search", "--index-dir", "/tmp/b", "x"), "given both"),
    (("search", "x", "--bidi", "app"), "No such option: --bidi"),
    (("search", "x", "--jsn"), "No such option: --jsn"),
    (("nosuch",), "No such command"),
    (("search", "x", "--limit", "0"), "Invalid value for '--limit'"),
])
def test_option_mistakes_are_one_line(index_dir, args, says):
    done = fahras(*args, index_dir=index_dir, check=False)
    assert done.returncode == 2 and says in done.stderr
    assert done.stderr.count("\n") == 1 and done.stdout == ""


def test_a_query_may_start_with_a_dash(index_dir):
    everything = json.loads(fahras("search", "", "--json", index_dir=index_dir).stdout)
    without = json.loads(fahras("search", "-تايوان", "--json", index_dir=index_dir).stdout)
    taiwan = json.loads(fahras("search", "تايوان", "--json", index_dir=index_dir).stdout)
    assert without["total"] == everything["total"] - taiwan["total"] > 0
    assert json.loads(fahras("search", "--json", "-تايوان", index_dir=index_dir).stdout
                      )["total"] == without["total"]
    assert "1-2     x" in fahras("analyze", "-x", index_dir=index_dir).stdout
    assert "Usage" in fahras("search", "-h", index_dir=index_dir).stdout


def _marked_passage(index_dir) -> dict:
    """A passage as the collection stores it, made from an exported one."""
    good = json.loads(fahras("export", "هيتاشي", "-f", "jsonl", index_dir=index_dir).stdout
                      .splitlines()[0])
    return {"article_id": good["article_id"], "title": good["title"],
            "author": good["author"], "path": good["source_path"],
            "paragraph": good["paragraph"], "start": good["passage_start"],
            "text": good["text"], "hits": good["hits"], "mentions": []}


def test_exporting_a_damaged_collection_says_what_was_left_out(index_dir):
    passage = _marked_passage(index_dir)
    (index_dir / "collection.json").write_text(
        json.dumps({"version": 1, "passages": [passage, {"title": "no fields"}]}), "utf-8")
    done = fahras("export", "--collection", "-f", "jsonl", index_dir=index_dir)
    assert len(done.stdout.splitlines()) == 1
    assert done.stderr.count("\n") == 1 and "1 of 2 passages unreadable" in done.stderr


def test_entities_spellings_lists_listed_and_generated(tmp_path):
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "a.txt").write_text("نيفيديا تربح\nقالت إنفيديا إن الطلب قوي", "utf-8")
    index_dir = tmp_path / "index"
    fahras("index", str(folder), index_dir=index_dir)
    rows = json.loads(fahras("entities", "--spellings", "Nvidia", "--json",
                             index_dir=index_dir).stdout)["spellings"]
    assert {(r["spelling"], r["listed"]) for r in rows} == {("نيفيديا", False),
                                                          ("إنفيديا", True)}
    text = fahras("entities", "--spellings", "nvidia", index_dir=index_dir).stdout
    assert "generated  نيفيديا" in text
    missing = fahras("entities", "--spellings", "Nvidiaa Corp", index_dir=index_dir, check=False)
    assert missing.returncode == 1 and missing.stderr.count("\n") == 1
def test_flags_show_no_value_in_help(index_dir):
    for command in ("search", "show", "export"):
        shown = fahras(command, "--help", index_dir=index_dir).stdout
        flags = [line for line in shown.splitlines()
                 if any(f in line for f in ("--json", "--exact", "--force", "--collection"))]
        assert flags and not any("<bool>" in line for line in flags)


def test_show_takes_an_unambiguous_id_prefix(index_dir):
    shown = fahras("show", "003", index_dir=index_dir).stdout
    assert shown.startswith("توتر محتمل")
    done = fahras("show", "00", index_dir=index_dir, check=False)
    assert done.returncode == 1 and done.stderr.count("\n") == 1
    assert "ambiguous" in done.stderr and "003_fe17c526eaf3b0fb" in done.stderr


def test_export_takes_the_format_from_the_file_name(index_dir, tmp_path):
    fahras("export", "TSMC", "-o", str(tmp_path / "y.html"), index_dir=index_dir)
    assert (tmp_path / "y.html").read_text("utf-8").startswith("<!DOCTYPE html>")
    fahras("export", "TSMC", "-o", str(tmp_path / "y.csv"), index_dir=index_dir)
    assert (tmp_path / "y.csv").read_text("utf-8").startswith("\ufeffarticle_id")
    fahras("export", "TSMC", "-f", "md", "-o", str(tmp_path / "z.html"), index_dir=index_dir)
    assert (tmp_path / "z.html").read_text("utf-8").startswith("# fahras")


def test_seed_citations_name_the_seeds_folder_not_the_install(index_dir):
    shown = fahras("export", "هيتاشي", "-f", "html", index_dir=index_dir).stdout
    assert "<bdi>seeds/001_ff12b2498edf1332.txt</bdi>" in shown
    assert "/seeds/001" not in shown


def test_an_empty_collection_is_not_exported(index_dir, tmp_path):
    target = tmp_path / "c.md"
    done = fahras("export", "--collection", "-o", str(target), index_dir=index_dir, check=False)
    assert done.returncode == 1 and "empty" in done.stderr and not target.exists()


def test_a_collection_export_says_what_the_collection_holds(index_dir):
    passage = _marked_passage(index_dir)
    (index_dir / "collection.json").write_text(
        json.dumps({"version": 1, "passages": [passage]}), "utf-8")
    shown = fahras("export", "--collection", index_dir=index_dir).stdout
    assert "the collection: 1 passage from 1 article" in shown and "query" not in shown


def test_a_rebuild_says_what_it_did(index_dir):
    done = fahras("index", "--rebuild", index_dir=index_dir)
    assert done.stdout.startswith("rebuilt the index: 5 articles indexed again (0 new, "
                                  "0 changed), skipped 0; 5 articles in")


def test_one_result_is_one_article(index_dir):
    assert fahras("search", "هيتاشي", index_dir=index_dir).stdout.startswith("1 article (")


def test_the_explorer_on_a_damaged_index_says_so_in_one_line(index_dir):
    """Before the explorer starts, not as a traceback from its first search."""
    damaged = next(index_dir.glob("gen-*/*.seg"))
    damaged.write_bytes(b"garbage")
    done = fahras(index_dir=index_dir, check=False)
    assert done.returncode != 0
    assert done.stderr.strip().splitlines() == [done.stderr.strip()]
    assert str(damaged.name) in done.stderr and "--repair" in done.stderr
    assert "Traceback" not in done.stderr + done.stdout
