"""The engine is a library: index/ never imports Textual or the UI package."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


#: The user interface: Textual, Rich and fahras's own tui/ folder (installed as fahras.tui).
UI = ("textual", "rich", "fahras.tui")
#: The folders as they sit in the repository; they install as fahras.index and fahras.tui.
FOLDERS = ("index", "tui")  # folder names, not modules


def _within(name: str, package: str) -> bool:
    return name == package or name.startswith(package + ".")


def _imports(path: Path):
    tree = ast.parse(path.read_text("utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module


def test_index_never_imports_the_ui():
    for path in (ROOT / "index").rglob("*.py"):
        for name in _imports(path):
            assert not any(_within(name, ui) for ui in UI), f"{path}: {name}"


def test_the_ui_never_touches_whoosh():
    for path in (ROOT / "tui").rglob("*.py"):
        for name in _imports(path):
            assert name.split(".")[0] != "whoosh", f"{path}: {name}"


def test_nothing_imports_the_folders_by_their_bare_names():
    # The folders index/ and tui/ install as fahras.index and fahras.tui: an import of the
    # bare name works only from a checkout, and loads a second copy of the module there.
    for folder in ("index", "tui", "tests", "benchmarks"):  # folder names, not modules
        for path in (ROOT / folder).rglob("*.py"):
            for name in _imports(path):
                assert name.split(".")[0] not in FOLDERS, f"{path}: import {name}"
