"""Broken plurals and their singulars, from the Arramooz dictionary, shipped as a table.

Light stemming cannot join شرائح to شريحة or رقائق to رقاقة: the plural is a different
word pattern. Arramooz (a maintained Arabic dictionary for morphological analysis) lists
each noun's broken plurals; benchmarks/plurals.py extracts them into ``plurals.tsv``
(5,354 plurals, 102 KB, read in 4 to 25 ms on a busy machine), with ``plurals_extra.tsv``
for the few words of the chip trade it lacks (written normalised: ئ is ي). fahras ships
the table, not the dictionary: the dictionary is 15 MB of SQLite, and reading its pairs
took 0.2 to 0.4 s, in every process that analyses text.

A plural is indexed with its singular's stem as an extra term at its own position, as the
clitic-free stem is (see stem.Stemmer.lemmas), so شريحة finds شرائح and the reverse.
"""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).resolve().parent
TABLE = HERE / "plurals.tsv"
EXTRA = HERE / "plurals_extra.tsv"


class Plurals:
    """Normalised broken plural → the light10 stems of its singulars."""

    def __init__(self, rows: dict[str, tuple[str, ...]]) -> None:
        self.rows = rows
        self._plurals: dict[str, tuple[str, ...]] | None = None

    @classmethod
    def load(cls) -> Plurals:
        """The shipped table with its additions."""
        rows: dict[str, tuple[str, ...]] = {}
        for path in (TABLE, EXTRA):
            if not path.exists():
                continue
            for line in path.read_text("utf-8").splitlines():
                plural, _, stems = line.partition("\t")
                if plural and stems:
                    rows[plural] = tuple(dict.fromkeys((*rows.get(plural, ()),
                                                        *stems.split(","))))
        return cls(rows)

    def __len__(self) -> int:
        return len(self.rows)

    def singular_stems(self, word: str) -> tuple[str, ...]:
        """The stems of a normalised plural's singulars (empty if it is not one)."""
        return self.rows.get(word, ())

    def plurals_of(self, stem: str) -> tuple[str, ...]:
        """The broken plurals whose singular has this stem (for highlighting, which looks
        for a word's written forms in a paragraph before analysing it)."""
        if self._plurals is None:
            found: dict[str, list[str]] = {}
            for plural, stems in self.rows.items():
                for singular in stems:
                    found.setdefault(singular, []).append(plural)
            self._plurals = {s: tuple(p) for s, p in found.items()}
        return self._plurals.get(stem, ())
