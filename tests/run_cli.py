"""The ``fahras`` command run in the test's own process: its arguments, environment,
working directory, exit code and output as the console script has them, without starting
Python again.

A launch of the real script costs 0.7–0.8 s of CPU (``fahras search`` on the seeds, with
and without cached bytecode; mostly importing Typer, Whoosh and the analyser afresh), and
the suite made about 130 of them. Run here, a command costs what it computes. ``tests/test_cli.py``
(and the fault tests that kill, limit or race processes) still launch the real console
script for every command, so what only a process shows (its entry point, exit status,
signals) stays under test.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from fahras.tui.cli import main

SCRIPT = Path(sys.executable).with_name("fahras")
ROOT = Path(__file__).resolve().parent.parent


def launch(*args: str, index_dir: Path, check: bool = True) -> subprocess.CompletedProcess:
    """``fahras ARGS`` run as a user runs it: the console script (``python -m fahras.tui`` where
    it is not installed) in a process of its own."""
    command = [str(SCRIPT)] if SCRIPT.exists() else [sys.executable, "-m", "fahras.tui"]
    env = {**os.environ, "FAHRAS_INDEX_DIR": str(index_dir), "NO_COLOR": "1",
           "PYTHONPATH": str(ROOT)}
    done = subprocess.run([*command, *args], capture_output=True, text=True, env=env,
                          timeout=120)
    if check:
        assert done.returncode == 0, done.stderr
    return done


def fahras(*args: str, index_dir: Path, check: bool = True, cwd: Path | None = None,
           env: dict[str, str | None] | None = None, text: bool = True
           ) -> subprocess.CompletedProcess:
    """``fahras ARGS`` with ``FAHRAS_INDEX_DIR=index_dir`` and ``NO_COLOR=1`` (and ``env``:
    ``None`` unsets a variable), as ``subprocess.run(..., capture_output=True, text=text)``
    returns it; with ``check``, the command must succeed."""
    changes = {"FAHRAS_INDEX_DIR": str(index_dir), "NO_COLOR": "1", **(env or {})}
    with _environment(changes), _working_directory(cwd), _streams() as (out, err):
        sys.argv = ["fahras", *args]
        code = _exit_code(main)
    output = (_text(out), _text(err)) if text else (_bytes(out), _bytes(err))
    done = subprocess.CompletedProcess(["fahras", *args], code, *output)
    if check:
        assert done.returncode == 0, done.stderr
    return done


def _exit_code(command) -> int:
    try:
        command()
    except SystemExit as leaving:
        if leaving.code is None or isinstance(leaving.code, int):
            return leaving.code or 0
        sys.stderr.write(f"{leaving.code}\n")  # as Python reports a message to exit with
        return 1
    return 0


def _bytes(stream: io.TextIOWrapper) -> bytes:
    stream.flush()
    return stream.buffer.getvalue()  # type: ignore[attr-defined]


def _text(stream: io.TextIOWrapper) -> str:
    """What a pipe read as text (universal newlines) makes of the bytes written."""
    data = _bytes(stream).decode("utf-8", "replace")
    return data.replace("\r\n", "\n").replace("\r", "\n")


@contextmanager
def _streams() -> Iterator[tuple[io.TextIOWrapper, io.TextIOWrapper]]:
    """Standard output and error as a process writing into pipes has them (not terminals,
    UTF-8, errors handled as CPython does under a UTF-8 locale); ``sys.argv`` restored."""
    out = io.TextIOWrapper(io.BytesIO(), "utf-8", "surrogateescape", write_through=True)
    err = io.TextIOWrapper(io.BytesIO(), "utf-8", "backslashreplace", write_through=True)
    saved = sys.stdout, sys.stderr, sys.argv
    sys.stdout, sys.stderr = out, err
    try:
        yield out, err
    finally:
        sys.stdout, sys.stderr, sys.argv = saved


@contextmanager
def _environment(changes: dict[str, str | None]) -> Iterator[None]:
    saved = {name: os.environ.get(name) for name in changes}
    _apply(changes)
    try:
        yield
    finally:
        _apply(saved)


def _apply(values: dict[str, str | None]) -> None:
    for name, value in values.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value


@contextmanager
def _working_directory(cwd: Path | None) -> Iterator[None]:
    here = Path.cwd()
    if cwd is not None:
        os.chdir(cwd)
    try:
        yield
    finally:
        os.chdir(here)
