"""Exporting the timeline and the related names (Ctrl+S on either): CSV or JSON with the
query, filters, dates and outlets they count (``index/views_export.py``), in the dialog
every view exports from (``export_file.py``): never over an existing file unasked."""

from __future__ import annotations

from functools import partial

from fahras.index.cooccurrence import Related
from fahras.index.timeline import Timeline
from fahras.index.views_export import FORMATS, render_related, render_timeline

from ..styling import plural
from .export_file import ExportContent, FileExportScreen


class TimelineExportScreen(FileExportScreen):
    """Export a timeline's bars (every one, not only those drawn) and its counts."""

    def __init__(self, timeline: Timeline) -> None:
        bars = plural(len(timeline.buckets), "bar")
        super().__init__(ExportContent(
            title=f"Export the timeline ({bars} by {timeline.by})", formats=FORMATS,
            render=partial(render_timeline, timeline), count=f"the timeline ({bars})",
            prefix="timeline"))


class RelatedExportScreen(FileExportScreen):
    """Export the entities named with one, with their counts and strengths."""

    def __init__(self, related: Related) -> None:
        names = plural(len(related.partners), "related name")
        super().__init__(ExportContent(
            title=f"Export the names related to {related.entity.name} ({names})",
            formats=FORMATS, render=partial(render_related, related), count=names,
            prefix="related"))
