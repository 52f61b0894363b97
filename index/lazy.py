"""Modules imported on first use, so that a process loads only what its command runs.

``fahras search`` opens an index and searches it; ``index.store`` also adds files and
rebuilds, which bring the whole reading pipeline (``index.corpus``: HTML, feeds, dates,
bylines, 133 regular expressions compiled at import) and re-tagging. Imported eagerly,
they were about a third of ``import index.store`` (``python -X importtime``, issue 18)
for a command that never calls them. ``lazy_module`` is the standard library's
``importlib.util.LazyLoader`` recipe: the module object exists at once, and its code
runs on the first attribute read.
"""

from __future__ import annotations

import importlib.util
import sys
from types import ModuleType


def lazy_module(name: str) -> ModuleType:
    """The module ``name``, already imported or executed on its first attribute read."""
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.find_spec(name)
    if spec is None or spec.loader is None:
        raise ModuleNotFoundError(f"no module named {name!r}", name=name)
    loader = importlib.util.LazyLoader(spec.loader)
    spec.loader = loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    loader.exec_module(module)
    parent, _, child = name.rpartition(".")
    if parent:  # as an import would: ``index.corpus`` reads as an attribute of ``index``
        setattr(sys.modules[parent], child, module)
    return module
