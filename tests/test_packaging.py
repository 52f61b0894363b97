"""fahras installs under one import name: the folders index/ and tui/ are the packages
fahras.index and fahras.tui (README, "How it works"); nothing generic at the top level."""

from __future__ import annotations

import pickle
import sys
import tomllib
from importlib import metadata
from pathlib import Path

import fahras.index
import fahras.index.analysis
import fahras.tui
from fahras.index.old_names import OldNames

ROOT = Path(__file__).resolve().parent.parent


def _setuptools() -> dict:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return project["tool"]["setuptools"]


def test_the_installed_packages_are_the_folders():
    assert Path(fahras.index.__file__).parent.name == "index"
    assert Path(fahras.tui.__file__).parent.name == "tui"  # folder names, not modules
    assert fahras.index.__name__ == "fahras.index" and fahras.tui.__name__ == "fahras.tui"


def _installed() -> metadata.Distribution:
    """fahras as installed (a build leaves fahras.egg-info in the checkout, listing the
    sources by folder)."""
    places = [p for p in sys.path if Path(p).name in ("site-packages", "dist-packages")]
    return next(iter(metadata.distributions(name="fahras", path=places)))


def test_the_distribution_installs_only_fahras():
    files = [str(f) for f in _installed().files or []]
    top = {f.split("/")[0] for f in files if f.endswith(".py") and "/" in f}
    assert top <= {"fahras"}, f"top-level packages besides fahras: {sorted(top - {'fahras'})}"
    assert not any(f.split("/")[0] in ("index", "tui") for f in files)  # folder names, not modules


def test_a_class_pickled_under_its_old_module_name_is_the_installed_class():
    # As an index written before the rename holds it (Whoosh pickles the schema).
    old = pickle.dumps(fahras.index.analysis.FieldAnalyzer, protocol=2).replace(b"fahras.", b"")
    assert b"fahras" not in old
    assert pickle.loads(old) is fahras.index.analysis.FieldAnalyzer


def test_the_old_names_give_way_to_another_project_called_index(tmp_path, monkeypatch):
    (tmp_path / "index").mkdir()
    (tmp_path / "index" / "__init__.py").write_text("OTHER = True\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    assert OldNames(others_first=True).find_spec("index") is None
    assert OldNames(others_first=False).find_spec("index") is not None


def test_every_package_folder_is_installed():
    installed = set(_setuptools()["packages"])
    for folder in ("index", "tui"):  # folder names, not modules
        for init in (ROOT / folder).rglob("__init__.py"):
            name = ".".join(("fahras", *init.parent.relative_to(ROOT).parts))
            assert name in installed, f"{init.parent}: add {name} to [tool.setuptools] packages"


def test_every_data_file_is_installed():
    data = _setuptools()["package-data"]
    for package in _setuptools()["packages"]:
        folder = ROOT / _setuptools()["package-dir"].get(package, "/".join(package.split(".")[1:]))
        for path in folder.iterdir():
            if path.is_file() and path.suffix not in (".py", ".pyc"):
                assert f"*{path.suffix}" in data.get(package, []), (
                    f"{path}: not in [tool.setuptools.package-data] {package}")
