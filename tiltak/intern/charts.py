"""Chart geometry for the staff overview: numbers in, SVG-ready numbers out.

Pure functions without Django or the database, so the drawing is tested apart
from the counting. The templates turn the shapes into inline SVG; every value is
also written as text beside its bar, so no reader depends on length or colour.
"""

from collections.abc import Sequence
from dataclasses import dataclass

# Horizontal bars: the label on its own line above the bar, the value after it.
BAR_LABEL_SIZE = 15
BAR_HEIGHT = 18
BAR_GAP = 14
VALUE_ROOM = 48

# Columns: one per category, the value above and the label under each column.
COLUMN_WIDTH = 20
COLUMN_GAP = 6
COLUMN_PLOT_HEIGHT = 160
COLUMN_TOP = 22
COLUMN_LABEL_ROOM = 24
COLUMN_MARGIN = 8

HEAT_LEVELS = 4


def scale(value: int, largest: int, length: float) -> float:
    """The length of a value on an axis whose largest value fills `length`."""
    if largest <= 0:
        return 0.0
    return round(value / largest * length, 1)


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    label_y: float
    bar_y: float
    bar_width: float
    value_x: float
    value_y: float


@dataclass(frozen=True)
class BarChart:
    width: int
    height: int
    bar_height: int
    bars: list[Bar]


def bar_chart(rows: Sequence[tuple[str, int]], width: int = 560) -> BarChart:
    """Horizontal bars, the largest value filling the width less room for its text.

    A zero gets no bar but keeps its row and its «0», so a gap shows as a gap.
    """
    largest = max((value for _, value in rows), default=0)
    length = width - VALUE_ROOM
    row_height = BAR_LABEL_SIZE + 6 + BAR_HEIGHT + BAR_GAP
    bars = []
    for index, (label, value) in enumerate(rows):
        top = index * row_height
        bar_width = scale(value, largest, length)
        bar_y = top + BAR_LABEL_SIZE + 6
        bars.append(
            Bar(
                label=label,
                value=value,
                label_y=top + BAR_LABEL_SIZE,
                bar_y=bar_y,
                bar_width=bar_width,
                value_x=bar_width + 6,
                value_y=bar_y + BAR_HEIGHT - 4,
            )
        )
    return BarChart(
        width=width,
        height=max(len(rows) * row_height - BAR_GAP, 1),
        bar_height=BAR_HEIGHT,
        bars=bars,
    )


@dataclass(frozen=True)
class Column:
    label: str
    value: int
    x: float
    y: float
    height: float
    center: float
    value_y: float


@dataclass(frozen=True)
class ColumnChart:
    width: int
    height: int
    column_width: int
    baseline_y: int
    label_y: int
    columns: list[Column]


def column_chart(rows: Sequence[tuple[str, int]]) -> ColumnChart:
    """Vertical columns on a common baseline, the largest value the full height."""
    largest = max((value for _, value in rows), default=0)
    baseline = COLUMN_TOP + COLUMN_PLOT_HEIGHT
    step = COLUMN_WIDTH + COLUMN_GAP
    columns = []
    for index, (label, value) in enumerate(rows):
        x = COLUMN_MARGIN + index * step
        height = scale(value, largest, COLUMN_PLOT_HEIGHT)
        columns.append(
            Column(
                label=label,
                value=value,
                x=x,
                y=baseline - height,
                height=height,
                center=x + COLUMN_WIDTH / 2,
                value_y=baseline - height - 5,
            )
        )
    return ColumnChart(
        width=2 * COLUMN_MARGIN + len(rows) * step - COLUMN_GAP,
        height=baseline + COLUMN_LABEL_ROOM,
        column_width=COLUMN_WIDTH,
        baseline_y=baseline,
        label_y=baseline + 17,
        columns=columns,
    )


def heat_level(value: int, largest: int) -> int:
    """0 for nothing, then 1…HEAT_LEVELS by the share of the largest value.

    Any value above zero gets at least level 1, so one tiltak is never mistaken
    for a gap.
    """
    if value <= 0 or largest <= 0:
        return 0
    return max(1, min(HEAT_LEVELS, -(-value * HEAT_LEVELS // largest)))


def heat_rows(
    rows: Sequence[tuple[str, Sequence[int]]],
) -> list[tuple[str, list[tuple[int, int]]]]:
    """A table's rows with each value paired with its heat level (heat_level)."""
    largest = max((value for _, values in rows for value in values), default=0)
    return [
        (label, [(value, heat_level(value, largest)) for value in values])
        for label, values in rows
    ]
