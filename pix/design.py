"""Helpers of the design system (static/css/pix.css) shared by every portal's pages."""

from __future__ import annotations

import math


def width_class(percentage: float) -> str:
    """The `.w-NN` class of a bar (pix.css has .w-0 … .w-100 in steps of 5; widths never come from
    inline styles, which the CSP forbids): the percentage clamped to 0–100 and rounded to the nearest
    5, halves up."""
    clamped = min(100.0, max(0.0, float(percentage)))
    return f"w-{math.floor(clamped / 5 + 0.5) * 5}"
