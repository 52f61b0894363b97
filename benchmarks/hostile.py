"""How reading time grows with hostile input: deep or broken HTML, deep JSON, long lines.

    python benchmarks/hostile.py

For each shape, the seconds to read it at three sizes, and the ratio of the largest to
the smallest over the ratio of their sizes (about 1 when linear, about the size ratio
when quadratic). Prints figures; asserts nothing (tests/test_hostile_input.py checks the
growth with a generous bound).
"""

from __future__ import annotations

import contextlib
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from fahras.index.corpus import BadRecord, parse_record, split_article
from fahras.index.htmltext import html_to_text

SIZES = (10_000, 40_000, 100_000)
P = "<p>فقرة عن إنفيديا.</p>"
SHAPES = {
    "HTML: nested <div>s": (html_to_text, lambda n: "<div>" * n + P + "</div>" * n),
    "HTML: nested, then stray end tags": (html_to_text,
                                          lambda n: "<div>" * n + "</span>" * n + P),
    "HTML: unclosed inline tags": (html_to_text, lambda n: "<b><i>" * n + P),
    "HTML: unfinished comments and tags": (html_to_text, lambda n: "<!--x" * n + "<a " * n),
    "JSON: nested arrays": (lambda line: _record(line), lambda n: "[" * n + "]" * n),
    "JSON: a long digit string": (lambda line: _record(line),
                                  lambda n: '{"text": "x", "n": ' + "7" * n + "}"),
    "text: one line of sentences": (split_article,
                                    lambda n: "عنوان\n" + "قالت إنفيديا إن الطلب يرتفع. " * n),
}


def _record(line: str) -> None:
    with contextlib.suppress(BadRecord):
        parse_record(line)


def seconds(read, data) -> float:
    best = float("inf")
    for _ in range(3):
        began = time.perf_counter()
        read(data)
        best = min(best, time.perf_counter() - began)
    return best


def main() -> None:
    print(f"{'shape':38}" + "".join(f"{f'n={n:,}':>12}" for n in SIZES) + f"{'growth':>10}")
    for name, (read, shape) in SHAPES.items():
        times = [seconds(read, shape(n)) for n in SIZES]
        growth = (times[-1] / max(times[0], 1e-6)) / (SIZES[-1] / SIZES[0])
        print(f"{name:38}" + "".join(f"{t:>11.3f}s" for t in times) + f"{growth:>9.1f}×")


if __name__ == "__main__":
    main()
