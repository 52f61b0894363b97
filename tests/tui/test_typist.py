"""The fast typist, short: a query change every 50 ms through the explorer's own path.

The benchmark (benchmarks/typist.py) measures stalls and memory on 10,000 articles; this
asserts only correctness: what is shown at the end is the last query's result.
"""

from __future__ import annotations

from benchmarks.typist import type_for


async def test_results_shown_are_the_last_querys_after_fast_typing(app):
    figures = await type_for(app, seconds=2.0, at_least=40)
    assert figures["last_query_shown"]
