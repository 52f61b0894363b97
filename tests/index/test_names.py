"""Names say what they are: no two public types share a name, the title's paragraph
number is named, and dataclasses with many fields are built with keywords."""

from __future__ import annotations

import ast
import dataclasses
from collections import defaultdict
from pathlib import Path

from fahras.index import models
from fahras.index.models import TITLE_PARAGRAPH
from fahras.index.schema import to_view

ROOT = Path(__file__).resolve().parents[2]
SOURCES = sorted([*ROOT.joinpath("index").rglob("*.py"), *ROOT.joinpath("tui").rglob("*.py")])
#: Where dataclasses are built: the code, its tests and benchmarks.
BUILDERS = sorted([*SOURCES, *ROOT.joinpath("tests").rglob("*.py"),
                   *ROOT.joinpath("benchmarks").rglob("*.py")])
#: Dataclasses with this many fields or more are built with keywords only.
MANY_FIELDS = 8
#: Built positionally on purpose, where keywords cost measurable time (the reason is at
#: the call): the analyser's token loop.
POSITIONAL_HOT_PATHS = {("index/analysis.py", "AnalyzedToken")}
#: Known to share a name, left to their owners: a Textual widget and a news page reader.
SHARED_ELSEWHERE = {"Reader"}


def _trees(paths=SOURCES):
    for path in paths:
        yield path.relative_to(ROOT), ast.parse(path.read_text(encoding="utf-8"))


def test_no_two_modules_define_a_public_type_of_the_same_name():
    defined = defaultdict(list)
    for path, tree in _trees():
        for node in tree.body:
            if isinstance(node, ast.ClassDef):
                name = node.name
            elif isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name):
                name = node.targets[0].id  # a type alias: Offsets = tuple[int, int]
                if name.isupper() or not name[:1].isupper():
                    continue
            else:
                continue
            if not name.startswith("_"):
                defined[name].append(str(path))
    twice = {name: paths for name, paths in defined.items()
             if len(paths) > 1 and name not in SHARED_ELSEWHERE}
    assert not twice, f"one name, several types: {twice}"


def _is_minus_one(node: ast.AST) -> bool:
    return (isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub)
            and isinstance(node.operand, ast.Constant) and node.operand.value == 1)


def test_the_title_paragraph_is_never_written_as_minus_one():
    found = []
    for path, tree in _trees():
        for node in ast.walk(tree):
            if isinstance(node, ast.Compare) and any(map(_is_minus_one, node.comparators)) \
                    and "paragraph" in ast.unparse(node.left):
                found.append(f"{path}:{node.lineno}")
            if isinstance(node, ast.keyword) and node.arg == "paragraph" \
                    and _is_minus_one(node.value):
                found.append(f"{path}:{node.lineno}")
    assert not found, f"paragraph -1 where TITLE_PARAGRAPH is meant: {found}"


def test_a_title_mention_reads_back_from_the_title(catalogue):
    from fahras.index.building import document
    from fahras.index.entities import EntityMatcher
    from fahras.index.models import Article

    article = Article(id="a", title="إنفيديا تعلن", paragraphs=("قالت TSMC",), path="a.txt",
                      content_hash="0")
    view = to_view({"id": "a", "path": "a.txt",
                    **document(EntityMatcher(catalogue), article)})
    title, body = (sorted(m for m in view.mentions if m.paragraph == n)
                   for n in (TITLE_PARAGRAPH, 0))
    assert [(m.entity, m.text) for m in title] == [("nvidia", "إنفيديا")]
    assert [(m.entity, m.text) for m in body] == [("tsmc", "TSMC")]


def _many_field_dataclasses() -> set[str]:
    return {name for name, value in vars(models).items()
            if dataclasses.is_dataclass(value) and len(dataclasses.fields(value)) >= MANY_FIELDS}


def test_dataclasses_with_many_fields_are_built_with_keywords():
    wide = _many_field_dataclasses()
    assert {"Article", "Passage", "Result", "ArticleView", "SearchResponse"} <= wide
    positional = []
    for path, tree in _trees(BUILDERS):
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) in wide \
                    and node.args and (str(path), node.func.id) not in POSITIONAL_HOT_PATHS:
                positional.append(f"{path}:{node.lineno} {node.func.id}")
    assert not positional, f"built positionally: {positional}"
