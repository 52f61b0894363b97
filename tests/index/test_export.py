"""Export: every format round-trips, writing is atomic and never overwrites by surprise."""

import csv
import io
import json
import os
from html.parser import HTMLParser

import pytest

from index.collection import Collection
from index.export import ExportContext, ExportError, citation, render, write
from index.models import Filters
from index.search import SearchRequest
from index.store import ensure_ready


@pytest.fixture(scope="module")
def passages(engine):
    found = engine.passages(SearchRequest("إنفيديا", Filters(company=("openai",))))
    assert len({p.article_id for p in found}) >= 3
    return found


CONTEXT = ExportContext("إنفيديا", {"company": ["openai"]}, "2026-11-22T10:00:00+00:00")


def test_jsonl_round_trips_with_offsets_on_the_words(passages):
    lines = render(passages, "jsonl", CONTEXT).splitlines()
    assert len(lines) == len(passages)
    for line in lines:
        record = json.loads(line)
        assert set(record) >= {"article_id", "title", "author", "source_path", "paragraph",
                               "text", "hits", "entities", "query", "filters", "exported_at"}
        assert record["query"] == "إنفيديا" and record["filters"] == {"company": ["openai"]}
        assert record["hits"]
        for start, end in record["hits"]:
            assert "نفيديا" in record["text"][start:end] or \
                record["text"][start:end] in ("Nvidia", "NVIDIA", "OpenAI", "أوبن إيه آي")


def test_csv_has_a_bom_and_round_trips(passages):
    content = render(passages, "csv", CONTEXT)
    assert content.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(content.removeprefix("\ufeff"))))
    assert len(rows) == len(passages)
    for row, passage in zip(rows, passages):
        assert row["text"] == passage.text
        for start, end in json.loads(row["hits"]):
            assert row["text"][start:end] == passage.text[start:end]


class _Marks(HTMLParser):
    def __init__(self):
        super().__init__()
        self.marks, self.cites, self.inside, self.dir = [], [], None, None

    def handle_starttag(self, tag, attrs):
        if tag == "html":
            self.dir = dict(attrs).get("dir")
        if tag in ("mark", "cite"):
            self.inside = tag
            (self.marks if tag == "mark" else self.cites).append("")

    def handle_endtag(self, tag):
        if tag in ("mark", "cite"):
            self.inside = None

    def handle_data(self, data):
        if self.inside == "mark":
            self.marks[-1] += data
        elif self.inside == "cite":
            self.cites[-1] += data


def test_html_is_a_standalone_rtl_page_with_marks_and_citations(passages):
    page = render(passages, "html", CONTEXT)
    parser = _Marks()
    parser.feed(page)
    assert parser.dir == "rtl" and "<!DOCTYPE html>" in page and "Noto Naskh Arabic" in page
    assert sum(len(p.hits) for p in passages) == len(parser.marks)
    assert any("إنفيديا" in m for m in parser.marks)
    assert len(parser.cites) == len(passages) and "¶" in parser.cites[0]
    assert "إنفيديا" in page.split("<main>")[0]  # the query at the top


def test_html_escapes_article_text():
    from index.models import Passage

    hostile = Passage("x", "<script>", "", "x.txt", 0, 0, "<b>نص</b> & <img src=x>", ((0, 3),))
    page = render([hostile], "html", CONTEXT)
    assert "<img" not in page and "&lt;img" in page and "<script>" not in page.split("</style>")[1]


def test_markdown_has_rtl_blocks_bold_hits_and_citations(passages):
    text = render(passages, "md", CONTEXT)
    assert text.count('<div dir="rtl">') == len(passages)
    assert "**إنفيديا**" in text
    assert text.count("— ") >= len(passages)
    first = passages[0]
    assert first.title.split()[0] in text


def test_citation_names_title_author_file_and_paragraph(passages):
    cited = citation(passages[0])
    assert passages[0].title in cited and passages[0].path in cited
    assert f"¶ {passages[0].paragraph + 1}" in cited


def test_unknown_format_is_refused(passages):
    with pytest.raises(ExportError, match="unknown format"):
        render(passages, "pdf", CONTEXT)


def test_writing_never_overwrites_without_force(tmp_path):
    target = tmp_path / "out.md"
    target.write_text("mine", "utf-8")
    with pytest.raises(ExportError, match="already exists"):
        write(target, "new")
    assert target.read_text("utf-8") == "mine"
    write(target, "new", force=True)
    assert target.read_text("utf-8") == "new"


def test_missing_and_read_only_folders_give_clear_errors(tmp_path):
    with pytest.raises(ExportError, match="does not exist"):
        write(tmp_path / "nope" / "out.md", "x")
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        if os.access(locked, os.W_OK):
            pytest.skip("running as a user who can write anywhere")
        with pytest.raises(ExportError, match="cannot write"):
            write(locked / "out.md", "x")
    finally:
        locked.chmod(0o700)
    assert not list(tmp_path.glob("**/*.part"))


def test_collection_survives_a_restart_and_a_rebuild(writable_index, passages):
    collection = Collection.beside(writable_index.directory)
    assert collection.add(passages[:3]) == 3
    assert collection.toggle(passages[0]) is False  # unmark one
    again = Collection.beside(writable_index.directory)
    assert [p.key for p in again] == [p.key for p in passages[1:3]]
    writable_index.add([], rebuild=True)
    ensure_ready(writable_index)
    after = Collection.beside(writable_index.directory)
    assert [p.key for p in after] == [p.key for p in passages[1:3]]
    assert list(after)[0].hits == passages[1].hits


def test_an_unreadable_collection_is_kept_and_reported(tmp_path):
    (tmp_path / "collection.json").write_text("{broken", "utf-8")
    collection = Collection.beside(tmp_path)
    assert "unreadable" in collection.problem and len(collection) == 0
    collection.add([])
    assert (tmp_path / "collection.json").read_text("utf-8") == "{broken"


def test_a_folder_that_refuses_writing_gives_a_clear_error(tmp_path, monkeypatch):
    # As root a read-only folder is still writable, so refuse the write itself.
    import index.export as exporting

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(exporting.tempfile, "mkstemp", refuse)
    with pytest.raises(ExportError, match="cannot write"):
        write(tmp_path / "out.md", "x")
    assert not (tmp_path / "out.md").exists()


def test_citation_parts_are_isolated_so_paths_keep_their_order(passages):
    page = render(passages[:1], "html", CONTEXT)
    assert f"<bdi>{passages[0].path}</bdi>" in page
    assert f"<bdi>¶ {passages[0].paragraph + 1}</bdi>" in page
    assert "<bdi>" in render(passages[:1], "md", CONTEXT)
