from __future__ import annotations

import pytest

from pix.design import width_class


@pytest.mark.parametrize(
    ("percentage", "expected"),
    [
        (-3, "w-0"),
        (0, "w-0"),
        (2.4, "w-0"),
        (2.5, "w-5"),
        (12.5, "w-15"),
        (62.5, "w-65"),
        (99, "w-100"),
        (140, "w-100"),
    ],
)
def test_a_bar_width_is_the_percentage_rounded_to_the_nearest_five_halves_up_and_clamped(
    percentage, expected
):
    assert width_class(percentage) == expected
