"""Export: every format round-trips, writing is atomic and never overwrites by surprise."""

import csv
import io
import json
import os
from html.parser import HTMLParser

import pytest

from fahras.index.collection import Collection
from fahras.index.export import ExportContext, ExportError, citation, render, shown_path, write
from fahras.index.models import Filters
from fahras.index.search import SearchRequest
from fahras.index.store import ensure_ready


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
        assert row["text"] in (passage.text, "'" + passage.text)  # "'": see csv_cell
        assert [row["text"][s:e] for s, e in json.loads(row["hits"])] == \
            [passage.text[s:e] for s, e in passage.hits]


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
    from fahras.index.models import Passage

    hostile = Passage(article_id="x", title="<script>", author="", path="x.txt", paragraph=0,
                      start=0, text="<b>نص</b> & <img src=x>", hits=((0, 3),))
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
    assert passages[0].title in cited and shown_path(passages[0].path) in cited
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
    assert next(iter(after)).hits == passages[1].hits


def test_an_unreadable_collection_is_kept_and_reported(tmp_path, passages):
    (tmp_path / "collection.json").write_text("{broken", "utf-8")
    collection = Collection.beside(tmp_path)
    assert "unreadable" in collection.problem and len(collection) == 0
    assert "\n" not in collection.problem
    assert (tmp_path / "collection.json").read_text("utf-8") == "{broken"  # untouched
    collection.add(passages[:1])
    [damaged] = tmp_path.glob("collection.damaged-*.json")
    assert damaged.read_text("utf-8") == "{broken"  # kept, under a name of its own
    assert len(Collection.beside(tmp_path)) == 1


def test_a_damaged_collection_is_restored_from_its_backup_and_nothing_is_overwritten(
        tmp_path, passages):
    collection = Collection.beside(tmp_path)
    collection.add(passages[:2])
    collection.add(passages[2:3])
    backup = tmp_path / "collection.json.bak"
    assert len(json.loads(backup.read_text("utf-8"))["passages"]) == 2  # the state before
    (tmp_path / "collection.json").write_text('{"version": 1, "passa', "utf-8")
    for run in range(2):  # a second run must not overwrite what the first kept
        again = Collection.beside(tmp_path)
        assert "restored" in again.problem or run == 1
        assert {p.key for p in passages[:2]} <= {p.key for p in again}
        again.add(passages[3 + run:4 + run])
        (tmp_path / "collection.json").write_text("broken again", "utf-8")
    kept = sorted(p.read_text("utf-8") for p in tmp_path.glob("collection.damaged-*.json"))
    assert kept == sorted(['{"version": 1, "passa', "broken again"])


@pytest.mark.parametrize("content", ["[]", "{}", '{"passages": [{"title": "x"}, 3, null]}',
                                     '{"passages": "no"}', "null", '"text"'])
def test_a_collection_of_the_wrong_shape_never_crashes(tmp_path, passages, content):
    good = json.loads(json.dumps({"passages": [passages[0].to_dict()]}))
    target = tmp_path / "collection.json"
    if content.startswith('{"passages": [{'):  # one good passage among bad ones
        content = json.dumps({"passages": [*good["passages"], {"title": "x"}, 3, None]})
    target.write_text(content, "utf-8")
    collection = Collection.beside(tmp_path)
    expected = 1 if "[{" in content else 0
    assert len(collection) == expected
    if content != "[]":
        assert collection.problem and "\n" not in collection.problem
    assert target.read_text("utf-8") == content  # the original is kept as it was
    collection.add(passages[1:2])
    assert len(Collection.beside(tmp_path)) == expected + 1
    if content != "[]":
        assert [p.read_text("utf-8") for p in tmp_path.glob("collection.damaged-*.json")] \
            == [content]


def test_a_collection_recovered_by_an_older_version_is_merged(tmp_path, passages):
    Collection.beside(tmp_path).add(passages[:1])
    older = tmp_path / "collection.recovered.json"
    older.write_text(json.dumps({"version": 1, "passages": [passages[1].to_dict()]},
                                ensure_ascii=False), "utf-8")
    collection = Collection.beside(tmp_path)
    assert "merged" in collection.problem and len(collection) == 2
    collection.add(passages[2:3])
    assert not older.exists() and len(list(tmp_path.glob("collection.damaged-*.json"))) == 1
    assert len(Collection.beside(tmp_path)) == 3


def test_a_collection_that_cannot_be_saved_is_one_line_and_unchanged(tmp_path, passages,
                                                                     monkeypatch):
    import fahras.index.collection as collecting

    collection = Collection.beside(tmp_path)
    collection.add(passages[:1])

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(collecting.tempfile, "mkstemp", refuse)
    with pytest.raises(collecting.CollectionError, match=r"cannot save.*Permission denied"):
        collection.add(passages[1:2])
    assert len(collection) == 1 and len(Collection.beside(tmp_path)) == 1


def test_a_lone_surrogate_in_a_passage_is_saved_and_read_back(tmp_path, passages):
    from dataclasses import replace

    odd = replace(passages[0], title="عنوان\ud800")
    Collection.beside(tmp_path).add([odd])
    assert [p.title for p in Collection.beside(tmp_path)] == ["عنوان\ud800"]


def test_a_folder_that_refuses_writing_gives_a_clear_error(tmp_path, monkeypatch):
    # As root a read-only folder is still writable, so refuse the write itself.
    import fahras.index.export as exporting

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(exporting.os, "open", refuse)
    with pytest.raises(ExportError, match="cannot write"):
        write(tmp_path / "out.md", "x")
    assert not (tmp_path / "out.md").exists()


def test_citation_parts_are_isolated_so_paths_keep_their_order(passages):
    page = render(passages[:1], "html", CONTEXT)
    assert f"<bdi>{shown_path(passages[0].path)}</bdi>" in page
    assert f"<bdi>¶ {passages[0].paragraph + 1}</bdi>" in page
    assert "<bdi>" in render(passages[:1], "md", CONTEXT)


def _hostile_passage():
    from fahras.index.models import Passage

    return Passage(article_id="id\x1b]0;t\x07", title="=HYPERLINK(\"http://x\",\"click\")",
                   author="@SUM(1)\x9b", path="/news/\x1b]52;c;cm0=\x07.txt", paragraph=0,
                   start=0, text="-2+3 نص \ud800 عن تايوان", hits=((12, 17),))


@pytest.mark.parametrize("cell", ["=1+1", "+1", "-1+2", "@SUM(A1)", "\t=1", "\r=1", " =1"])
def test_csv_cells_that_would_be_formulas_are_neutralised(cell):
    from fahras.index.models import Passage

    passage = Passage(article_id="a", title=cell, author=cell, path=cell, paragraph=0, start=0,
                      text=cell + " نص", hits=())
    rows = list(csv.reader(io.StringIO(render([passage], "csv", ExportContext(cell))
                                       .removeprefix("\ufeff"))))
    for value in rows[1]:
        assert not value.lstrip(" ").startswith(("=", "+", "-", "@", "\t", "\r")), value


def test_the_markdown_query_is_escaped():
    context = ExportContext("`x` [a](http://evil) <img src=x> *b*", {})
    text = render([], "md", context)
    line = next(line for line in text.splitlines() if line.startswith("- query:"))
    query = line.removeprefix("- query: ")
    specials = [i for i, c in enumerate(query) if c in "`[]()<>*"]
    assert len(specials) == 10 and all(query[i - 1] == "\\" for i in specials)


@pytest.mark.parametrize("fmt", ["md", "html", "jsonl", "csv"])
def test_exports_write_no_control_characters_and_survive_a_lone_surrogate(tmp_path, fmt):
    target = tmp_path / f"out.{fmt}"
    write(target, render([_hostile_passage()], fmt, ExportContext("\x1b]0;q\x07")))
    content = target.read_text("utf-8")
    assert not any(c in content for c in "\x1b\x07\x9b\ud800"), content
    if fmt == "jsonl":  # JSON escapes read back exactly
        record = json.loads(content)
        assert record["article_id"] == "id\x1b]0;t\x07" and "\ud800" in record["text"]


def test_exports_are_created_with_the_users_umask(tmp_path):
    old = os.umask(0o022)
    try:
        write(tmp_path / "shared.md", "x")
        os.umask(0o077)
        write(tmp_path / "private.md", "x")
    finally:
        os.umask(old)
    assert (tmp_path / "shared.md").stat().st_mode & 0o777 == 0o644
    assert (tmp_path / "private.md").stat().st_mode & 0o777 == 0o600


def test_a_failed_export_never_leaves_a_part_file(tmp_path, monkeypatch):
    import fahras.index.export as exporting

    with pytest.raises(ExportError, match="cannot encode"):
        write(tmp_path / "surrogate.md", "نص \ud800")

    def full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(exporting.os, "replace", full)
    with pytest.raises(ExportError, match="No space left"):
        write(tmp_path / "full.md", "نص")
    assert list(tmp_path.iterdir()) == []


def test_an_overwritten_export_keeps_its_permissions(tmp_path):
    target = tmp_path / "shared.md"
    target.write_text("old", "utf-8")
    target.chmod(0o640)
    write(target, "new", force=True)
    assert target.stat().st_mode & 0o777 == 0o640 and target.read_text("utf-8") == "new"


def test_two_sessions_never_overwrite_each_others_marks(tmp_path, passages):
    first, second = Collection.beside(tmp_path), Collection.beside(tmp_path)
    first.add(passages[:1])
    second.add(passages[1:2])  # knew nothing of the first's mark
    first.add(passages[2:3])
    second.remove(passages[2].key)
    assert [p.key for p in Collection.beside(tmp_path)] == [p.key for p in passages[:2]]
    assert [p.key for p in second] == [p.key for p in passages[:2]]


def test_a_collection_locked_by_another_session_is_one_line(tmp_path, passages,
                                                            monkeypatch):
    import filelock

    import fahras.index.collection as collecting

    monkeypatch.setattr(collecting, "LOCK_TIMEOUT", 0.1)
    collection = Collection.beside(tmp_path)
    with filelock.FileLock(str(tmp_path / "collection.json.lock")), \
            pytest.raises(collecting.CollectionError, match="another fahras"):
        collection.add(passages[:1])
    assert len(collection) == 0


def test_a_seed_is_cited_as_seeds_wherever_its_copy_lives():
    from fahras.index.export import shown_path

    # an index built from a checkout and read by an installed fahras, or the reverse
    for folder in ("/tmp/ci-check/seeds", "/venv/lib/python3.11/site-packages/fahras/index/_seeds"):
        assert shown_path(f"{folder}/001_ff12b2498edf1332.txt") == "seeds/001_ff12b2498edf1332.txt"
    assert shown_path("/home/me/news/001_ff12b2498edf1332.txt") == \
        "/home/me/news/001_ff12b2498edf1332.txt"
    assert shown_path("/home/me/seeds/mine.txt") == "/home/me/seeds/mine.txt"
