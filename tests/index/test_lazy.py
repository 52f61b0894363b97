"""Opening and searching an index loads neither the reading pipeline nor the building and
re-tagging code (index/lazy.py; issue 18's cold command); adding files loads them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from fahras.index.lazy import lazy_module

ROOT = Path(__file__).resolve().parent.parent.parent
#: What only adding, rebuilding and re-tagging use (not asyncio: Whoosh's reading module
#: imports it, through the cached_property package).
WRITING = ("fahras.index.corpus", "fahras.index.news.feeds", "fahras.index.news.pages", "fahras.index.news.reading",
           "fahras.index.news.furniture", "fahras.index.building", "fahras.index.retag", "multiprocessing",
           "filelock", "trafilatura", "lxml")


def _loaded_after(code: str) -> list[str]:
    """The modules of ``WRITING`` whose code ran (a lazy one not yet read has not)."""
    probe = (f"import sys\n{code}\nprint(' '.join(m for m in {WRITING!r} if m in sys.modules "
             "and type(sys.modules[m]).__name__ != '_LazyModule'))")
    done = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True,
                          text=True, timeout=300, check=True)
    return done.stdout.split()


def test_searching_an_index_loads_no_reading_nor_writing_code(tmp_path):
    built = tmp_path / "index"
    subprocess.run([sys.executable, "-m", "fahras.tui", "index", "--index-dir", str(built)],
                   cwd=ROOT, capture_output=True, timeout=300, check=True)
    search = ("from pathlib import Path\nfrom fahras.index.store import Store\n"
              "from fahras.index.search import Engine, SearchRequest\n"
              f"store = Store(Path({str(built)!r}))\n"
              "assert Engine(store).search(SearchRequest('انفيديا')).total\n"
              "assert store.article('003_fe17c526eaf3b0fb') is not None")
    assert _loaded_after(search) == []


def test_adding_files_loads_them_on_first_use(tmp_path):
    (tmp_path / "a.txt").write_text("عنوان\nنص عن رقائق الذاكرة.", "utf-8")
    add = ("from pathlib import Path\nfrom fahras.index.store import Store\n"
           f"Store(Path({str(tmp_path / 'index')!r})).add([Path({str(tmp_path / 'a.txt')!r})])")
    assert {"fahras.index.corpus", "fahras.index.building", "filelock"} <= set(_loaded_after(add))


def test_a_lazy_module_runs_on_first_read_and_is_the_imported_one():
    name = "fahras.index.concordance_export"
    sys.modules.pop(name, None)
    module = lazy_module(name)
    assert sys.modules[name] is module
    assert callable(module.render)  # the first read runs it
    import fahras.index
    import fahras.index.concordance_export as imported

    assert imported is module and fahras.index.concordance_export is module
    assert lazy_module(name) is module
