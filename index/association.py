"""Association strength between two things counted over the same units (articles, windows).

Raw co-occurrence counts favour whatever is frequent: Nvidia appears beside nearly every
company because it appears in nearly every article. The concordance's collocations and the
filter pane's "related" list rank by log-Dice instead (Rychlý 2008, the measure Sketch Engine
uses): it depends only on the pair's count relative to the two counts, not on the corpus
size, so it compares across sub-corpora and filters. PMI is offered for readers who expect
it; it over-rewards rare pairs, which is why it is not the default.
"""

from __future__ import annotations

import math

#: log-Dice's ceiling: both things always occur together.
LOG_DICE_MAX = 14.0


def log_dice(together: int, first: int, second: int) -> float:
    """14 + log2(2·f(xy) / (f(x) + f(y))); 14 when x and y always co-occur, lower as they part.

    >>> log_dice(10, 10, 10)
    14.0
    >>> round(log_dice(1, 100, 100), 2)
    7.36
    >>> log_dice(0, 5, 5)
    -inf
    """
    if together < 0 or first < together or second < together:
        raise ValueError(
            f"counts must satisfy 0 <= together <= first, second: {together}, {first}, {second}"
        )
    if together == 0:
        return -math.inf
    return LOG_DICE_MAX + math.log2(2 * together / (first + second))


def pmi(together: int, first: int, second: int, total: int) -> float:
    """Pointwise mutual information log2(P(xy) / (P(x)·P(y))) over `total` units.

    >>> pmi(10, 10, 10, 100)
    3.321928094887362
    >>> pmi(0, 10, 10, 100)
    -inf
    """
    if together < 0 or first < together or second < together or total < max(first, second, 1):
        raise ValueError(
            "counts must satisfy 0 <= together <= first, second <= total: "
            f"{together}, {first}, {second}, {total}"
        )
    if together == 0:
        return -math.inf
    return math.log2(together * total / (first * second))
