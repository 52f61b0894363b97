"""The tests import fahras as installed: fahras.index and fahras.tui.

From a checkout the folders are also importable by their bare names (the repository's root
is on sys.path), which would load a second copy of a module (with its own globals: a
monkeypatched constant would not take). A bare ``index.x`` is the installed module itself
(fahras.index.old_names, for indexes written before the rename); a bare ``tui`` is refused.
Under mutmut (MUTANT_UNDER_TEST set) it is the other way round: mutmut mutates
mutants/index and mutants/tui and names their functions by those paths, so fahras.index.x
and fahras.tui.x are the mutated index.x and tui.x.
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.machinery
import importlib.util
import os
import sys

PACKAGE = "fahras"
FOLDERS = ("index", "tui")  # folder names, not modules


class _BareUiImports(importlib.abc.MetaPathFinder):
    """Refuses ``import tui``: the tests must import what is installed."""

    def find_spec(self, name, path=None, target=None):
        if name.partition(".")[0] == "tui":  # folder names, not modules
            raise ImportError(f"import {PACKAGE}.{name}, not {name}: the folder tui/ "
                              f"installs as {PACKAGE}.tui", name=name)
        return None


class _MutatedFolders(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """``fahras.index.x`` is mutmut's mutated ``index.x`` (the same module object)."""

    def find_spec(self, name, path=None, target=None):
        if name == PACKAGE:
            return importlib.machinery.ModuleSpec(name, self, is_package=True)
        head, _, rest = name.partition(".")
        if head != PACKAGE or rest.partition(".")[0] not in FOLDERS:
            return None
        mutated = importlib.util.find_spec(rest)
        if mutated is None:
            return None
        return importlib.machinery.ModuleSpec(
            name, self, is_package=mutated.submodule_search_locations is not None)

    def create_module(self, spec):
        if spec.name == PACKAGE:
            return None
        return importlib.import_module(spec.name.partition(".")[2])

    def exec_module(self, module):
        if module.__name__ == PACKAGE:
            module.__path__ = []


if "MUTANT_UNDER_TEST" in os.environ:
    sys.meta_path.insert(0, _MutatedFolders())
else:
    sys.meta_path.insert(0, _BareUiImports())
    # A bare index.x is the installed fahras.index.x, even beside a non-editable install.
    sys.meta_path.insert(0, importlib.import_module(f"{PACKAGE}.index.old_names")
                         .OldNames(others_first=False))
