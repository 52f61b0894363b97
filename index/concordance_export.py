"""Writing a concordance: TSV, CSV and JSON Lines, one hit a row.

The columns are what a corpus tool reads back: article, paragraph, the hit's offsets
into the original paragraph (``start``/``end``), ``left`` (the text before the hit in
reading order), ``hit``, ``right``, then the article's date, source and title, and the
ids of the syndicated copies that repeat the line (folded into it). The same
rules as every export (``export.py``): control characters become visible escapes (JSON
Lines: JSON's own escapes, exact on reading back), CSV cells that a spreadsheet would
run as formulas start with ``'`` and the file has a BOM; writing is atomic and never
replaces a file unless asked (``export.write``).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable

from .concordance import ConcordanceLine
from .export import csv_cell
from .safe_text import json_safe, visible

FORMATS = {"tsv": "TSV", "csv": "CSV", "jsonl": "JSON Lines"}
COLUMNS = ["article_id", "paragraph", "start", "end", "left", "hit", "right", "date",
           "source", "title", "copies"]
#: Between the ids of a line's syndicated copies in a TSV or CSV cell.
COPIES_SEPARATOR = "; "


def format_for(name: str, given: str | None = None) -> str:
    """The format asked for, or the one the file name's extension names (TSV by default).

    >>> format_for("kwic.csv"), format_for("kwic.txt"), format_for("a.csv", "jsonl")
    ('csv', 'tsv', 'jsonl')
    """
    if given:
        return given
    suffix = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    return suffix if suffix in FORMATS else "tsv"


def render(found: Iterable[ConcordanceLine], fmt: str) -> str:
    """The lines in one of ``FORMATS``."""
    if fmt == "tsv":
        return _tsv(found)
    if fmt == "csv":
        return _csv(found)
    if fmt == "jsonl":
        return "".join(json_safe(json.dumps(line.to_dict(), ensure_ascii=False)) + "\n"
                       for line in found)
    raise ValueError(f"the concordance is exported as {', '.join(FORMATS)}, not {fmt!r}")


def _row(line: ConcordanceLine) -> list:
    record = {**line.to_dict(), "copies": COPIES_SEPARATOR.join(line.copies)}
    return [record[name] for name in COLUMNS]


def _tsv(found: Iterable[ConcordanceLine]) -> str:
    # A tab or newline in a field would break the row: visible() writes them as escapes.
    rows = ["\t".join(COLUMNS)]
    rows += ["\t".join(visible(str(value)) for value in _row(line)) for line in found]
    return "\n".join(rows) + "\n"


def _csv(found: Iterable[ConcordanceLine]) -> str:
    buffer = io.StringIO()
    buffer.write("\ufeff")  # spreadsheet programs then read UTF-8 and show Arabic
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for line in found:
        writer.writerow([csv_cell(value) for value in _row(line)])
    return buffer.getvalue()
