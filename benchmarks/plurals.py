"""Make index/plurals.tsv from Arramooz, and measure it.

    pip install arramooz-pysqlite      # the `lexicon` extra; fahras itself never loads it
    python benchmarks/plurals.py       # rewrites index/plurals.tsv and prints figures

Arramooz (arramooz-pysqlite, a 15 MB SQLite dictionary of 30,215 nouns) records each
noun's broken plurals, and each broken plural's singular. The table keeps the pairs whose
plural is not also a singular noun (سوق is a market and the plural of ساق: left out),
whose plural and singular do not already share a light10 stem, and adds the few pairs of
the chip trade the dictionary lacks (index/plurals_extra.tsv).
"""

from __future__ import annotations

import re
import sqlite3
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from fahras.index.normalize import normalize  # noqa: E402
from fahras.index.plurals import EXTRA, TABLE, Plurals  # noqa: E402
from fahras.index.stem import light10  # noqa: E402

_ARABIC = re.compile("[\u0621-\u064a]+")


def dictionary_pairs() -> tuple[set[tuple[str, str]], set[str]]:
    """(plural, singular) pairs of Arramooz, normalised, and its singular nouns."""
    import arramooz  # only here: fahras ships the table, not the dictionary
    from pyarabic import araby

    path = Path(arramooz.__file__).parent / "data" / "arabicdictionary.sqlite"
    rows = sqlite3.connect(path).execute(
        "select unvocalized, broken_plural, number, single from nouns").fetchall()
    pairs, singulars = set(), set()
    for word, plurals, number, single in rows:
        if number == "مفرد":
            singulars.add(normalize(word))
        for plural in (plurals or "").split(";"):
            if plural.strip() and "+" not in plural:
                pairs.add((normalize(araby.strip_tashkeel(plural.strip())), normalize(word)))
        if number == "جمع تكسير" and single:
            pairs.add((normalize(word), normalize(araby.strip_tashkeel(single))))
    return pairs, singulars


def table_rows(pairs: set[tuple[str, str]], singulars: set[str]) -> dict[str, set[str]]:
    """Each plural with the stems of its singulars, where they differ from its own."""
    rows: dict[str, set[str]] = {}
    for plural, singular in pairs:
        if not (_ARABIC.fullmatch(plural) and _ARABIC.fullmatch(singular)):
            continue  # the dictionary's notes, e.g. "(sûr)"
        if len(plural) < 3 or plural in singulars or light10(plural) == light10(singular):
            continue
        rows.setdefault(plural, set()).add(light10(singular))
    return rows


def main() -> None:
    began = time.perf_counter()
    pairs, singulars = dictionary_pairs()
    read = time.perf_counter() - began
    rows = table_rows(pairs, singulars)
    lines = [f"{plural}\t{','.join(sorted(stems))}" for plural, stems in sorted(rows.items())]
    TABLE.write_text("\n".join(lines) + "\n", "utf-8")
    began = time.perf_counter()
    table = Plurals.load()
    loaded = time.perf_counter() - began
    print(f"Arramooz: {len(pairs)} (plural, singular) pairs read in {read:.2f} s; "
          f"{len(rows)} plurals kept; {TABLE.name} {TABLE.stat().st_size / 1024:.0f} KB, "
          f"loaded in {loaded * 1000:.0f} ms with {EXTRA.name} ({len(table)} plurals)")


if __name__ == "__main__":
    main()
