"""Indexes written before fahras installed as ``fahras.index`` still open.

Whoosh pickles an index's schema and segments, fahras's analysers and codec included, so an
index written when the package was the top-level ``index`` names its classes
``index.analysis.…``, ``index.stem.…``, ``index.codec.…``. Those names resolve here to the
installed modules themselves (the same module objects, so a class read from an old index is
the class of today). The finder answers only when no other ``index`` exists but the
folder fahras.index is installed from (a checkout): a project of the environment that is
really called ``index`` keeps its name.
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.machinery
import importlib.util
import sys
from pathlib import Path
from types import ModuleType

OLD = "index"
NEW = __package__ or "fahras.index"


class OldNames(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Resolves ``index`` and ``index.x`` to ``fahras.index`` and ``fahras.index.x``;
    ``others_first``: only when no other ``index`` is importable (the tests, run from a
    checkout beside a non-editable install, resolve them always)."""

    def __init__(self, others_first: bool = True):
        self.others_first = others_first
        self._specs: dict[str, importlib.machinery.ModuleSpec | None] = {}

    def find_spec(self, name: str, path: object = None, target: object = None):
        """The spec of the old name, or None when it is not ours to answer."""
        if not self._installed() or (name != OLD and not name.startswith(OLD + ".")):
            return None
        if name == OLD and self.others_first and not self._no_other_index():
            return None
        if name != OLD and sys.modules.get(OLD) is not sys.modules[NEW]:
            return None
        new = importlib.util.find_spec(NEW + name[len(OLD):])
        if new is None:
            return None
        return importlib.machinery.ModuleSpec(
            name, self, is_package=new.submodule_search_locations is not None)

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> ModuleType:
        """The installed module itself."""
        module = importlib.import_module(NEW + spec.name[len(OLD):])
        self._specs[spec.name] = module.__spec__
        return module

    def exec_module(self, module: ModuleType) -> None:
        """Nothing to run: the module is loaded; its own spec is given back."""
        spec = module.__spec__
        if spec is not None:
            module.__spec__ = self._specs.pop(spec.name, spec)

    @staticmethod
    def _installed() -> bool:
        # Under a tool that loads the folder as ``index`` itself (mutmut), stand aside.
        return getattr(sys.modules.get(NEW), "__name__", None) == NEW

    @staticmethod
    def _no_other_index() -> bool:
        other = importlib.machinery.PathFinder.find_spec(OLD)
        if other is None or other.origin is None:
            return other is None
        return Path(other.origin).resolve() == Path(sys.modules[NEW].__file__ or "").resolve()


def resolve_old_names() -> None:
    """Lets pickles that name ``index.x`` load (once; first, so no second copy of a module
    is read from a checkout)."""
    if NEW == OLD:  # loaded by its folder's name (as mutmut does): no name is old
        return
    if not any(isinstance(finder, OldNames) for finder in sys.meta_path):
        sys.meta_path.insert(0, OldNames())
