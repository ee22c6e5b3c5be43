"""Geometry of the dashboard's charts, drawn by the server as inline SVG (no chart script).

Each chart is a picture with a title and a one-sentence description for assistive technology;
the page always puts the same figures in a table next to it, which is the text alternative and
what a screen reader user actually navigates.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

# viewBox units of a horizontal bar chart: labels on the left, bars, then the value.
BAR_WIDTH = 640
BAR_LABEL_WIDTH = 240
BAR_AREA = 320
BAR_HEIGHT = 22
BAR_GAP = 10
LABEL_CHARS = 34
# A circle with this radius is 100 units around: a share of 37 % is a dash of 37.
DONUT_RADIUS = 100 / (2 * math.pi)
DONUT_COLOURS = 4


@dataclass(frozen=True)
class Bar:
    label: str
    short_label: str
    value: int
    y: int
    width: float

    @property
    def text_y(self) -> int:
        return self.y + BAR_HEIGHT // 2 + 5

    @property
    def value_x(self) -> float:
        return BAR_LABEL_WIDTH + self.width + 8


@dataclass(frozen=True)
class BarChart:
    bars: list[Bar]
    height: int
    width: int = BAR_WIDTH
    bar_x: int = BAR_LABEL_WIDTH
    bar_height: int = BAR_HEIGHT


@dataclass(frozen=True)
class Segment:
    label: str
    value: int
    share: float  # 0–100
    dasharray: str
    dashoffset: float
    colour: int  # index of the CSS class chart-colour-N


@dataclass(frozen=True)
class DonutChart:
    segments: list[Segment]
    total: int
    radius: float = DONUT_RADIUS


def _short(label: str) -> str:
    return label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1].rstrip() + "…"


def bar_chart(items: Sequence[tuple[str, int]]) -> BarChart:
    """Horizontal bars scaled to the largest value (all zero: no bar drawn, values still shown)."""
    largest = max((value for _label, value in items), default=0)
    bars = [
        Bar(
            label=label,
            short_label=_short(label),
            value=value,
            y=index * (BAR_HEIGHT + BAR_GAP),
            width=round(BAR_AREA * value / largest, 1) if largest else 0.0,
        )
        for index, (label, value) in enumerate(items)
    ]
    return BarChart(bars=bars, height=max(len(bars) * (BAR_HEIGHT + BAR_GAP) - BAR_GAP, 1))


def donut_chart(parts: Sequence[tuple[str, int]]) -> DonutChart:
    """Parts of a whole, clockwise from twelve o'clock, as dashes of one circle's outline."""
    total = sum(value for _label, value in parts)
    segments = []
    done = 0.0
    for index, (label, value) in enumerate(parts):
        share = 100 * value / total if total else 0.0
        segments.append(
            Segment(
                label=label,
                value=value,
                share=round(share, 1),
                dasharray=f"{share:.3f} {100 - share:.3f}",
                # The outline starts at three o'clock; 25 moves it to twelve.
                dashoffset=round(25 - done, 3),
                colour=index % DONUT_COLOURS,
            )
        )
        done += share
    return DonutChart(segments=segments, total=total)
