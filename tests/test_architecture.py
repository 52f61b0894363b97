"""The engine is a library: index/ never imports Textual or the UI package."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


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
            assert name.split(".")[0] not in {"textual", "tui", "rich"}, f"{path}: {name}"


def test_the_ui_never_touches_whoosh():
    for path in (ROOT / "tui").rglob("*.py"):
        for name in _imports(path):
            assert name.split(".")[0] != "whoosh", f"{path}: {name}"
