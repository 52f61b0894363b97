"""Every doctest in ``index/`` runs (the examples in docstrings are kept true)."""

from __future__ import annotations

import doctest
import importlib
from pathlib import Path

import pytest

INDEX = Path(__file__).resolve().parents[2] / "index"
#: index/ installs as fahras.index.
MODULES = sorted(".".join(("fahras", *path.relative_to(INDEX.parent).with_suffix("").parts))
                 for path in INDEX.rglob("*.py"))


@pytest.mark.parametrize("name", MODULES)
def test_the_module_s_doctests_pass(name):
    failed, _ = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert not failed, f"{name}: {failed} doctest examples fail (run python -m doctest -v)"


def test_doctests_are_found():
    examples = sum(doctest.testmod(importlib.import_module(name)).attempted for name in MODULES)
    assert examples >= 40  # 46 when written: a module whose doctests vanish is noticed
