"""Whoosh's private names fahras relies on (index/whoosh_private.py) exist in the installed
Whoosh, and no module of ``index/`` reaches any other."""

from __future__ import annotations

import ast
import inspect
import re
import tomllib
from importlib import metadata
from pathlib import Path

import pytest
import whoosh
from whoosh.codec import whoosh3
from whoosh.fields import TEXT, Schema
from whoosh.filedb.filestore import RamStorage
from whoosh.writing import PostingPool, SegmentWriter

from fahras.index import whoosh_private as wp
from fahras.index.writer import TermPool

ROOT = Path(__file__).resolve().parents[2]
INDEX = ROOT / "index"
#: Modules whose Whoosh subclasses may use the names listed in whoosh_private.
SUBCLASSING = ("codec.py", "writer.py")


def _broken(private: wp.Private, name: str) -> str:
    return (f"Whoosh {metadata.version('whoosh-reloaded')} has no {private.owner.__name__}."
            f"{name}: {private.feature} breaks (see index/whoosh_private.py)")


@pytest.fixture(scope="module")
def whoosh_index():
    """An index written by Whoosh's own codec, in blocks of two postings."""
    index = RamStorage().create_index(Schema(body=TEXT))
    writer = SegmentWriter(index, codec=whoosh3.W3Codec(blocklimit=2))
    for _ in range(5):
        writer.add_document(body="xa xb")
    writer.commit()
    return index


def _instances(whoosh_index) -> dict[type, object]:
    """A live instance of each Whoosh class whose instance fields fahras uses."""
    reader = whoosh_index.reader()
    matcher = reader.postings("body", "xa")
    matcher.value()
    storage = RamStorage()
    codec = whoosh3.W3Codec(blocklimit=2)
    fields = codec.field_writer(storage, codec.new_segment(storage, "probe"))
    fields.start_field("body", TEXT())
    fields.start_term(b"xa")
    return {whoosh3.W3LeafMatcher: matcher, whoosh3.W3FieldWriter: fields,
            whoosh3.W3PostingsWriter: fields._postwriter, type(reader): reader}


def test_whoosh_is_the_pinned_release():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert f"whoosh-reloaded=={wp.WHOOSH_VERSION}" in project["project"]["dependencies"]
    assert metadata.version("whoosh-reloaded") == wp.WHOOSH_VERSION, (
        "whoosh-reloaded is not the release whoosh_private.py was checked against")


@pytest.mark.parametrize("private", wp.OVERRIDDEN + wp.ACCESSED,
                         ids=lambda p: f"{p.owner.__name__}.{'/'.join(p.names)}")
def test_every_overridden_or_called_method_exists(private):
    for name in private.names:
        assert callable(getattr(private.owner, name, None)), _broken(private, name)


def test_every_inherited_field_exists_on_a_live_instance(whoosh_index):
    instances = _instances(whoosh_index)
    writer = SegmentWriter(whoosh_index)
    instances[SegmentWriter] = writer
    try:
        for private in wp.INHERITED:
            instance = instances[private.owner]
            for name in private.names:
                assert hasattr(instance, name), _broken(private, name)
    finally:
        writer.cancel()


def test_the_lengths_column_is_where_ranking_reads_it(whoosh_index):
    reader = whoosh_index.reader()
    for name in wp.READER_FIELDS.names:
        assert hasattr(reader, name), _broken(wp.READER_FIELDS, name)
    column_name = getattr(whoosh3, wp.LENGTH_COLUMN_NAME, None)
    assert callable(column_name), "whoosh3._lenfield is gone: document lengths for ranking"
    column = reader._perdoc._cached_reader(column_name("body"), whoosh3.LENGTHS_COLUMN)
    for name in wp.COLUMN_FIELDS:
        assert hasattr(column, name), f"the lengths column has no {name}: ranking breaks"
    assert wp.length_column_bytes(reader, "body", 5) == bytes(
        reader.doc_field_length(n, "body") for n in range(5))  # lengths 2 are stored as 2


def test_a_segment_writer_still_takes_the_no_lock_argument():
    assert wp.NO_LOCK in inspect.signature(SegmentWriter.__init__).parameters, (
        "SegmentWriter no longer takes _lk: parallel builds' workers would wait for a lock")


def test_term_pool_answers_everything_segment_writer_asks_of_its_pool():
    asked = set(re.findall(r"self\.pool\.(\w+)", inspect.getsource(SegmentWriter)))
    assert asked <= set(wp.POSTING_POOL.names), (
        f"SegmentWriter now asks its pool for {sorted(asked - set(wp.POSTING_POOL.names))}: "
        f"{wp.POSTING_POOL.feature} breaks")
    for name in wp.POSTING_POOL.names:
        assert callable(getattr(PostingPool, name, None)), _broken(wp.POSTING_POOL, name)
        assert callable(getattr(TermPool, name, None)), f"TermPool lacks {name}"


# -- no private Whoosh name outside whoosh_private.py ---------------------------------------

def _whoosh_private_names() -> set[str]:
    """Every ``_name`` Whoosh defines: methods, functions, fields it assigns, globals."""
    names: set[str] = set()
    for path in Path(whoosh.__file__).parent.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.ClassDef):
                names.add(node.name)
            elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store):
                names.add(node.attr)
            elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                names.add(node.id)
            elif isinstance(node, ast.arg):
                names.add(node.arg)
    return {n for n in names if n.startswith("_") and not n.startswith("__")}


def _own_names(tree: ast.Module) -> set[str]:
    """The ``_names`` a fahras module defines itself (its helpers, its objects' fields)."""
    own: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.ClassDef):
            own.add(node.name)
        elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store) \
                and not (isinstance(node.value, ast.Name) and node.value.id == "self"):
            own.add(node.attr)
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            own.add(node.id)
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            own.add(node.target.id)
    return own


def _self_fields(tree: ast.Module, whoosh_bases: bool) -> set[str]:
    """Fields assigned on ``self`` in the module's classes that derive (or not) from a
    Whoosh class (a ``whoosh3.X`` or a name imported from whoosh)."""
    imported = {alias.asname or alias.name for node in ast.walk(tree)
                if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("whoosh")
                for alias in node.names}
    fields: set[str] = set()
    for cls in [n for n in ast.walk(tree) if isinstance(n, ast.ClassDef)]:
        derived = any(isinstance(b, ast.Attribute) or (isinstance(b, ast.Name)
                      and b.id in imported) for b in cls.bases)
        if derived != whoosh_bases:
            continue
        fields |= {n.attr for n in ast.walk(cls) if isinstance(n, ast.Attribute)
                   and isinstance(n.ctx, ast.Store) and isinstance(n.value, ast.Name)
                   and n.value.id == "self"}
    return fields


def _reaches(tree: ast.Module) -> list[tuple[int, str]]:
    """Every ``_name`` the module reads as an attribute, passes as a keyword, imports or
    names in a ``getattr``."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute):
            found.append((node.lineno, node.attr))
        elif isinstance(node, ast.keyword) and node.arg:
            found.append((node.value.lineno, node.arg))
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("whoosh"):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.Call) and getattr(node.func, "id", "") in ("getattr",
                                                                             "hasattr"):
            found += [(node.lineno, arg.value) for arg in node.args[1:2]
                      if isinstance(arg, ast.Constant) and isinstance(arg.value, str)]
    return [(line, name) for line, name in found
            if name.startswith("_") and not name.startswith("__")]


def test_no_module_of_index_reaches_a_private_whoosh_name_but_whoosh_private():
    whoosh_names = _whoosh_private_names()
    listed = {name for private in (*wp.OVERRIDDEN, *wp.INHERITED) for name in private.names}
    offences = []
    for path in sorted(INDEX.rglob("*.py")):
        if path.name == "whoosh_private.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        own = _own_names(tree) | _self_fields(tree, whoosh_bases=False)
        allowed = listed if path.name in SUBCLASSING else set()
        offences += [f"{path.relative_to(ROOT)}:{line}: {name}"
                     for line, name in _reaches(tree)
                     if name in whoosh_names and name not in own and name not in allowed]
    assert not offences, ("private Whoosh names used outside index/whoosh_private.py "
                          "(add an accessor there): " + "; ".join(offences))


def test_the_grep_finds_a_private_name(tmp_path):
    tree = ast.parse("def f(index, reader):\n    index._segments()\n"
                     "    return getattr(reader, '_perdoc')\n")
    names = {name for _, name in _reaches(tree)} & _whoosh_private_names()
    assert names == {"_segments", "_perdoc"}
