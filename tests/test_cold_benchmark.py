"""benchmarks/cold.py runs the cold command it measures (one run each; the figures are
the benchmark's to print, not a test's to time)."""

from __future__ import annotations

import shutil

import pytest

from benchmarks.cold import cold_command, describe, slowest_imports


@pytest.fixture
def index_dir(seed_index, tmp_path):
    """A copy: the command may bring an index up to date, and the seed index is shared."""
    return shutil.copytree(seed_index, tmp_path / "index")


def test_the_cold_command_benchmark_times_each_process(index_dir, tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("الذكاء الاصطناعي", "utf-8")
    figures = cold_command(index_dir, corpus, runs=1)
    assert set(figures) == {"command", "python", "cli", "engine", "grep"}
    assert all(wall > 0 and cpu >= 0 for wall, cpu in figures.values())
    line = describe(figures)
    assert line.startswith("cold command `fahras search الذكاء --json`: ") and "CPU" in line


def test_the_slowest_imports_are_those_of_the_command(index_dir):
    names = [name.strip() for _, name in slowest_imports(index_dir, count=40)]
    assert "fahras.index.search" in names and "textual" not in names
