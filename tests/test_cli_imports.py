"""The command line starts light: importing it loads no user interface, no engine and no
number crunching; each command imports what it uses (issue 18: ``fahras search`` as a
cold command, measured with ``python -X importtime`` in benchmarks/run.py)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
#: Loaded only by the commands that need them: the explorer (textual, rich), searching
#: (whoosh, numpy), typer's value checks (pydantic).
HEAVY = ("textual", "rich", "whoosh", "numpy", "pydantic", "fahras.index.search", "fahras.index.store")


def _loaded_after(code: str) -> list[str]:
    probe = f"import sys\n{code}\nprint(' '.join(m for m in {HEAVY!r} if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True,
                         text=True, timeout=120, check=True)
    return out.stdout.split()


def test_importing_the_command_line_loads_neither_textual_nor_the_engine():
    assert _loaded_after("import fahras.tui.cli") == []


def test_importing_the_packages_loads_nothing_heavy():
    assert _loaded_after("import fahras.tui, fahras.index") == []
