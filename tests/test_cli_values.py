"""The command line converts its values without pydantic, exactly as Typer's own
conversion does (tui/cli_parsing.py's ``PlainValue``), so a cold ``fahras search`` does
not import pydantic nor build a ``TypeAdapter`` per parameter (issue 18)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.models import OptionInfo

from fahras.tui import cli_parsing

ROOT = Path(__file__).resolve().parent.parent

#: (annotation, min, max, value): each converted by Typer's pydantic adapter and by fahras.
CASES = [
    (str, None, None, "انفيديا"),
    (str, None, None, "-الصين"),
    (int, 1, 1000, "20"),
    (int, 1, 1000, " 7 "),
    (int, 1, 1000, "0"),
    (int, 1, 1000, "1001"),
    (int, 1, 64, "x"),
    (int, 1, 64, "2.5"),
    (bool, None, None, "yes"),
    (bool, None, None, "off"),
    (bool, None, None, "maybe"),
    (Path, None, None, "corpus/news"),
    (list[str], None, None, ("nvidia", "تي اس ام سي")),
    (list[Path], None, None, ("a.txt", "b")),
    (tuple[str, str, str], None, None, ("company", "nvidia", "إنفيدية")),
    (tuple[str, str, str], None, None, ("company", "nvidia")),
]


def _typer_converts(annotation, info, value):
    from pydantic import ValidationError
    from typer._adapters import build_adapter

    try:
        return "ok", build_adapter(annotation, info).validate_python(value)
    except ValidationError as error:
        from typer._display import get_error_msg

        return "error", get_error_msg(error)


def _fahras_converts(annotation, info, value):
    try:
        return "ok", cli_parsing._converted(value, annotation, info)
    except ValueError as error:
        return "error", str(error)


@pytest.mark.parametrize(("annotation", "low", "high", "value"), CASES)
def test_values_convert_as_typers_own_conversion_does(annotation, low, high, value):
    info = OptionInfo(min=low, max=high)
    assert _fahras_converts(annotation, info, value) == _typer_converts(annotation, info,
                                                                           value)


def test_every_parameter_of_every_command_converts_without_pydantic():
    """Names the private point this relies on: Typer 0.29's ``_runtime_param``."""
    from typer.main import get_command

    from fahras.tui.cli import app

    group = get_command(app)
    for command in (group, *group.commands.values()):
        params = [p for p in command.params if hasattr(p, "type_descriptor")]
        assert cli_parsing.plain_values(params) == len(params), command.name
        assert all(isinstance(p._runtime_param, cli_parsing.PlainValue) for p in params)


def test_a_cold_search_imports_no_pydantic(tmp_path):
    probe = ("import sys\nfrom fahras.tui.cli import main\n"
             "sys.argv = ['fahras', 'search', 'انفيديا', '--json', '--limit', '2']\n"
             "try:\n    main()\nexcept SystemExit:\n    pass\n"
             "print('pydantic' in sys.modules, file=sys.stderr)\n")
    env = {**os.environ, "FAHRAS_INDEX_DIR": str(tmp_path / "index")}
    subprocess.run([sys.executable, "-m", "fahras.tui", "index"], cwd=ROOT, env=env,
                   capture_output=True, timeout=300, check=True)
    done = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300, check=True)
    assert json.loads(done.stdout)["total"] > 0
    assert done.stderr.strip().splitlines()[-1] == "False"


def test_search_kwic_and_timeline_take_the_same_filters():
    from typer.main import get_command

    from fahras.tui.cli import app

    commands = get_command(app).commands
    filters = ("company", "person", "place", "organisation", "product", "any_", "exact",
               "since", "until", "source")

    def declared(name: str) -> dict:
        return {p.name: (tuple(p.opts), p.help, p.multiple) for p in commands[name].params
                if p.name in filters}

    assert len(declared("search")) == len(filters)
    assert declared("search") == declared("kwic") == declared("timeline")
