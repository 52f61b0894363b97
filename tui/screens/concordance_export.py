"""Exporting the concordance shown: TSV, CSV or JSON Lines, never over a file unasked.

The dialog every view exports from (``export_file.py``): a format, a file name that
follows it, a second press of Export to overwrite, writing in a worker.
"""

from __future__ import annotations

from functools import partial

from fahras.index.concordance import ConcordanceLine
from fahras.index.concordance_export import FORMATS, render

from ..styling import plural
from .export_file import ExportContent, FileExportScreen

#: Said when the lines shown are none.
NO_LINES = "The concordance has no lines: nothing to export"


class ConcordanceExportScreen(FileExportScreen):
    """Export the lines shown (their sort and form); the result is the written path."""

    def __init__(self, lines: list[ConcordanceLine]) -> None:
        super().__init__(ExportContent(
            title=f"Export the concordance ({plural(len(lines), 'line')})",
            formats=FORMATS, render=partial(render, list(lines)),
            count=plural(len(lines), "concordance line"), prefix="kwic",
            empty="" if lines else NO_LINES))
