"""Prints the relevance set's figures (tests/index/test_relevance.py) at the end of a run."""

from __future__ import annotations

import sys


def pytest_terminal_summary(terminalreporter) -> None:
    module = sys.modules.get("tests.index.test_relevance")
    figures = getattr(module, "FIGURES", None)
    if not figures:
        return
    terminalreporter.write_sep("-", "relevance (tests/data/relevance)")
    terminalreporter.write_line(
        f"{figures['queries']} judged queries over {figures['articles']} articles: "
        f"precision@10 {figures['precision@10']:.3f}, recall@10 {figures['recall@10']:.3f} "
        f"(required: {module.PRECISION_AT_10} and {module.RECALL_AT_10})")
