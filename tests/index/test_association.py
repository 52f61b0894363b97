import doctest
import math

import pytest

from fahras.index import association
from fahras.index.association import LOG_DICE_MAX, log_dice, pmi


def test_doctests_run():
    assert doctest.testmod(association).failed == 0


def test_log_dice_does_not_reward_size():
    # The same share of co-occurrence scores the same, whatever the counts' scale.
    assert log_dice(5, 10, 10) == pytest.approx(log_dice(500, 1000, 1000))
    assert log_dice(5, 10, 10) == LOG_DICE_MAX - 1


def test_a_big_partner_scores_lower_than_a_faithful_one():
    faithful = log_dice(8, 10, 9)
    big = log_dice(9, 10, 5000)
    assert faithful > big


def test_pmi_and_log_dice_reject_impossible_counts():
    with pytest.raises(ValueError, match="together"):
        log_dice(11, 10, 20)
    with pytest.raises(ValueError, match="total"):
        pmi(1, 10, 20, 5)
    assert pmi(0, 1, 1, 10) == -math.inf
