"""No string from data ever reaches the terminal as a control sequence or as markup.

Every field gets a hostile value: file names (id and path), a JSON Lines id, title and
author, an HTML ``<h1>``, an entity name from a user's TOML, the query. Then the raw bytes
of every output path are scanned: the command line (plain and JSON,
stdout and stderr, skipped-file lines), the exported files, and the explorer's screen.
"""

from __future__ import annotations

import doctest
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.run_cli import fahras as run_here

#: Sets the window title, sets the clipboard (OSC 52), starts a C1 CSI, reverses the line,
#: and would be a Textual action (or crash the markup parser) if read as markup.
EVIL = "\x1b]0;pwned\x07\x1b]52;c;cm0gLXJmIH4=\x07\x9b31m\u202e[@click=app.quit'hi]"
#: What must never be in the raw output: C0 controls but newline and tab, DEL, C1, bidi
#: embeddings, overrides and isolates.
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
SCRIPT = Path(sys.executable).with_name("fahras")


def assert_inert(raw: bytes | str, where: str) -> None:
    """The raw output decodes as UTF-8 and holds no control character."""
    text = raw.decode("utf-8") if isinstance(raw, bytes) else raw
    found = UNSAFE.search(text)
    assert found is None, f"{where}: {found[0]!r} in {text[max(0, found.start() - 60):][:120]!r}"


def write_hostile_corpus(folder: Path) -> Path:
    """Articles whose every field is hostile; returns the user catalogue naming them."""
    folder.mkdir()
    (folder / f"news{EVIL}.txt").write_text(
        f"عنوان عن تايوان{EVIL}\nكتب : أحمد{EVIL}\nنص عن إيفل وتايوان والرقائق. {EVIL}\n",
        "utf-8")
    (folder / f"empty{EVIL}.txt").write_text("", "utf-8")  # a skipped-file line
    (folder / "page.html").write_text(
        "<html><body><h1>&#x1b;]0;عنوان الصفحة&#x07;</h1>"
        "<p>نص عن تايوان وإيفل في الصفحة.</p></body></html>", "utf-8")
    (folder / "feed.jsonl").write_text(json.dumps(
        {"id": f"feed{EVIL}", "title": f"عنوان{EVIL}", "text": "نص عن إيفل وتايوان في الخلاصة",
         "author": f"كاتب{EVIL}", "source": f"مصدر{EVIL}", "date": f"2026{EVIL}",
         "url": f"https://x{EVIL}"}) + "\n", "utf-8")
    catalogue = folder.parent / "entities.toml"
    catalogue.write_text('[[company]]\nid = "evil"\nname = "Evil\\u001b]0;t\\u0007[b]"\n'
                         'ar = "إيفل\\u009b"\naliases = ["إيفل"]\n', "utf-8")
    return catalogue


def fahras(*args: str, index_dir: Path, entities: Path) -> subprocess.CompletedProcess:
    """The command as a user runs it, colours allowed; its raw output."""
    command = [str(SCRIPT)] if SCRIPT.exists() else [sys.executable, "-m", "fahras.tui"]
    env = {**os.environ, "FAHRAS_INDEX_DIR": str(index_dir)}
    env.pop("NO_COLOR", None)
    return subprocess.run([*command, *args, "--entities", str(entities)], capture_output=True,
                          env=env, timeout=120)


def fahras_here(*args: str, index_dir: Path, entities: Path) -> subprocess.CompletedProcess:
    """The same, run in this process (tests/run_cli.py): the same streams and guard, none
    of a new process's start-up (the index fixture runs the real script)."""
    return run_here(*args, "--entities", str(entities), index_dir=index_dir, check=False,
                    env={"NO_COLOR": None}, text=False)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile-terminal")
    catalogue = write_hostile_corpus(root / "corpus")
    index_dir = root / "index"
    done = fahras("index", str(root / "corpus"), index_dir=index_dir, entities=catalogue)
    assert_inert(done.stdout + done.stderr, "fahras index")
    assert b"empty\\x1b]0;pwned\\x07" in done.stderr  # the skipped file, named visibly
    return root, index_dir, catalogue


COMMANDS = [
    ("search", "تايوان"), ("search", "تايوان", "--json"), ("search", EVIL),
    ("search", EVIL, "--json"), ("search", "", "--company", "evil"),
    ("show", f"news{EVIL}"), ("show", f"news{EVIL}", "--json"), ("show", f"feed{EVIL}"),
    ("show", "page"), ("show", "page", "--json"), ("show", EVIL),
    ("entities", "--kind", "company"), ("entities", "--json"), ("entities", "--unknown"),
    ("analyze", f"إيفل {EVIL}"), ("analyze", f"إيفل {EVIL}", "--json"),
    ("export", "تايوان"), ("export", "تايوان", "-f", "html"), ("export", "تايوان", "-f", "jsonl"),
    ("export", "تايوان", "-f", "csv"), ("export", EVIL, "-f", "md"),
    ("search", "x", "--company", EVIL), (EVIL,),
    ("show", "\udcff" + EVIL), ("search", "\udcff" + EVIL, "--json"),  # bytes, not UTF-8
]


@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: " ".join(a)[:30].encode(
    "ascii", "backslashreplace").decode())
def test_no_command_writes_a_control_character(hostile, args):
    _, index_dir, catalogue = hostile
    done = fahras_here(*args, index_dir=index_dir, entities=catalogue)
    if "csv" in args:
        done.stdout = done.stdout.replace(b"\r\n", b"\n")  # RFC 4180's line ends
    assert_inert(done.stdout, f"stdout of {args}")
    assert_inert(done.stderr, f"stderr of {args}")
    assert b"Traceback" not in done.stderr and done.stderr.count(b"\n") <= 1
    if "--json" in args and done.returncode == 0:
        json.loads(done.stdout)  # still valid JSON, the escapes in JSON's own syntax


def test_json_output_reads_back_exactly(hostile):
    _, index_dir, catalogue = hostile
    out = json.loads(fahras_here("show", f"feed{EVIL}", "--json", index_dir=index_dir,
                                 entities=catalogue).stdout)
    assert out["id"] == f"feed{EVIL}" and out["path"].endswith("feed.jsonl:1")


def test_exported_files_hold_no_control_character(hostile, tmp_path):
    _, index_dir, catalogue = hostile
    for fmt in ("md", "html", "jsonl", "csv"):
        target = tmp_path / f"out{EVIL}.{fmt}"
        done = fahras_here("export", "تايوان", "-f", fmt, "-o", str(target),
                           index_dir=index_dir, entities=catalogue)
        assert done.returncode == 0, done.stderr
        assert_inert(done.stderr, f"export {fmt}")
        content = target.read_bytes().decode("utf-8")
        if fmt == "csv":
            content = content.replace("\r\n", "\n")  # RFC 4180's line ends
        assert_inert(content, f"exported {fmt}")


def test_the_sanitiser_doctests_pass():
    import fahras.index.export
    import fahras.index.jsonable
    import fahras.index.safe_text
    import fahras.tui.cli_parsing
    import fahras.tui.screens.export

    for module in (fahras.index.safe_text, fahras.tui.cli_parsing, fahras.index.export, fahras.index.jsonable,
                   fahras.tui.screens.export):
        assert doctest.testmod(module).failed == 0


# -- the explorer -----------------------------------------------------------------------

def screen_segments(app) -> str:
    """Every segment's text of the screen as composed for the terminal, toasts included."""
    update = app.screen._compositor.render_full_update()
    return "\n".join(segment.text for line in update.strips for strip in line
                     for segment in strip)


@pytest.fixture
def hostile_store(tmp_path):
    from fahras.index.catalogue import load_catalogue
    from fahras.index.store import Store

    catalogue = write_hostile_corpus(tmp_path / "corpus")
    store = Store(tmp_path / "index", load_catalogue(catalogue, use_default_user_file=False))
    store.add([tmp_path / "corpus" / name for name in
               (f"news{EVIL}.txt", "page.html", "feed.jsonl")])
    return store


async def test_the_explorer_shows_hostile_fields_as_visible_escapes(hostile_store, tmp_path):
    from fahras.tui.app import FahrasApp
    from fahras.tui.screens.collection import CollectionScreen
    from fahras.tui.screens.export import ExportScreen
    from fahras.tui.widgets.entity_filter import EntityOptions
    from fahras.tui.widgets.results import ResultsList

    from .tui.conftest import settle

    app = FahrasApp(hostile_store, bidi="app")
    seen = []

    async def look(where: str) -> None:
        await settle(pilot)
        text = screen_segments(app)
        assert_inert(text, where)
        seen.append(text)

    async with app.run_test(size=(140, 40)) as pilot:
        await look("results")
        results = app.screen.query_one(ResultsList)
        ids = [r.id for r in results.response.results]
        results.highlighted = ids.index(f"news{EVIL}")
        results.focus()
        await pilot.press("enter")
        await look("reader")
        for other in ("feed" + EVIL, "page"):  # a byline of hostile source and date; an <h1>
            await pilot.press("escape")
            results.highlighted = ids.index(other)
            results.focus()
            await pilot.press("enter")
            await look(f"reader of {other!r}")
        await pilot.press("m")
        await look("a toast after marking")
        options = app.screen.query_one(EntityOptions)
        options.focus()
        option_ids = [options.get_option_at_index(i).id for i in range(options.option_count)]
        options.highlighted = option_ids.index("company:evil")
        await pilot.press("space")
        await look("entity filter and its chip")
        app.notify(f"toast {EVIL}", title=EVIL)
        await look("a toast")
        await pilot.press("f4")
        await look("the collection")
        assert isinstance(app.screen, CollectionScreen)
        await pilot.press("escape")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ExportScreen)
        app.screen.query_one("#path").value = str(tmp_path / f"missing{EVIL}" / "x.md")
        await pilot.click("#do-export")
        await look("the export dialog's error")
        await pilot.press("escape")
        await settle(pilot)
        app.action_add_files()
        await settle(pilot)
        app.screen.query_one("#answer").value = str(tmp_path / "corpus" / f"empty{EVIL}.txt")
        await pilot.press("enter")
        await look("adding a file named with markup")
        assert app.is_running
    shown = "".join(seen)
    assert "\\x1b]0;pwned\\x07" in shown  # the file name, shown with visible escapes
    assert "[@click=app.quit'hi]" in shown  # markup shown as text, never run


async def test_what_is_pasted_or_typed_into_an_input_holds_no_control(app_on_seeds, tmp_path,
                                                                      monkeypatch):
    from textual import events

    from fahras.tui.screens.export import ExportScreen
    from fahras.tui.widgets.search_bar import SearchBox

    from .tui.conftest import settle

    folder = tmp_path / f"folder{EVIL}"
    folder.mkdir()
    monkeypatch.chdir(folder)
    app = app_on_seeds
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        box = app.screen.query_one(SearchBox)
        box.focus()
        box.post_message(events.Paste(f"تايوان{EVIL}"))
        await settle(pilot)
        assert box.value == "تايوان]0;pwned]52;c;cm0gLXJmIH4=31m[@click=app.quit'hi]"
        assert_inert(screen_segments(app), "the search box after a paste")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ExportScreen)
        assert_inert(screen_segments(app), "the export dialog in a hostile folder")
        path = app.screen.query_one("#path").value
        assert path.startswith("fahras-") and path.endswith(".md")  # relative to that folder


@pytest.fixture
def app_on_seeds(seed_index, tmp_path, catalogue):
    import shutil

    from fahras.index.store import Store
    from fahras.tui.app import FahrasApp

    shutil.copytree(seed_index, tmp_path / "index")
    return FahrasApp(Store(tmp_path / "index", catalogue), bidi="app")


def test_the_output_guard_escapes_every_write_and_hides_the_terminal_from_libraries():
    import io

    from fahras.tui.guard import GuardedStream, is_terminal

    class Terminal(io.StringIO):
        def isatty(self):
            return True

    raw = Terminal()
    guarded = GuardedStream(raw)
    guarded.write(f"line {EVIL}\n\tnext\r\n")
    guarded.write_trusted("\x1b[1mbold\x1b[0m")
    assert raw.getvalue().startswith("line \\x1b]0;pwned\\x07\\x1b]52;c;")
    assert "\n\tnext\\x0d\n" in raw.getvalue() and raw.getvalue().endswith("\x1b[1mbold\x1b[0m")
    assert not guarded.isatty() and is_terminal(guarded)  # Rich and click write plain text
