"""Shared fixtures: a catalogue without the user's own file, and indexes built in tmp dirs."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from fahras.index.catalogue import load_catalogue
from fahras.index.search import Engine
from fahras.index.store import Store, bundled_seeds

SEEDS = bundled_seeds()


@pytest.fixture(autouse=True)
def _isolated_user_dirs(tmp_path_factory, monkeypatch):
    """No test reads or writes the developer's own config, data or index."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.delenv("FAHRAS_INDEX_DIR", raising=False)


@pytest.fixture(scope="session")
def catalogue():
    return load_catalogue(use_default_user_file=False)


@pytest.fixture(scope="session")
def seed_index(tmp_path_factory, catalogue) -> Path:
    """An index of the five seeds, built once; tests that write copy it first."""
    directory = tmp_path_factory.mktemp("seed-index")
    Store(directory, catalogue).add([SEEDS])
    return directory


@pytest.fixture(scope="session")
def engine(seed_index, catalogue) -> Engine:
    return Engine(Store(seed_index, catalogue))


@pytest.fixture
def writable_index(seed_index, tmp_path, catalogue) -> Store:
    """A private copy of the seed index, for tests that change it."""
    target = tmp_path / "index"
    shutil.copytree(seed_index, target)
    return Store(target, catalogue)
