from tiltak.intern.charts import (
    BAR_HEIGHT,
    COLUMN_PLOT_HEIGHT,
    VALUE_ROOM,
    bar_chart,
    column_chart,
    heat_level,
    heat_rows,
    scale,
)


def test_scale_gives_the_largest_value_the_whole_length():
    assert scale(10, 10, 300) == 300
    assert scale(5, 10, 300) == 150
    assert scale(1, 3, 100) == 33.3


def test_scale_of_an_empty_axis_is_zero():
    assert scale(0, 0, 300) == 0


def test_the_longest_bar_leaves_room_for_its_value():
    chart = bar_chart([("Vold", 4), ("Rus", 8)], width=500)
    assert [bar.bar_width for bar in chart.bars] == [226.0, 500 - VALUE_ROOM]
    assert chart.bars[1].value_x == 500 - VALUE_ROOM + 6


def test_bars_stack_without_overlapping_and_fit_the_height():
    chart = bar_chart([("A", 1), ("B", 2), ("C", 3)])
    for above, below in zip(chart.bars, chart.bars[1:], strict=False):
        assert above.bar_y + BAR_HEIGHT < below.label_y - 10
    assert chart.bars[-1].bar_y + BAR_HEIGHT == chart.height


def test_a_zero_keeps_its_row_and_its_value_text():
    chart = bar_chart([("Menneskehandel", 0), ("Vold", 3)])
    empty = chart.bars[0]
    assert empty.bar_width == 0
    assert empty.value == 0
    assert empty.value_x == 6


def test_a_chart_of_only_zeros_draws_no_bars():
    chart = bar_chart([("A", 0), ("B", 0)])
    assert {bar.bar_width for bar in chart.bars} == {0}


def test_columns_stand_on_one_baseline_and_the_largest_is_full_height():
    chart = column_chart([("10", 2), ("11", 4), ("12", 0)])
    tallest, half, empty = (
        chart.columns[1],
        chart.columns[0],
        chart.columns[2],
    )
    assert tallest.height == COLUMN_PLOT_HEIGHT
    assert half.height == COLUMN_PLOT_HEIGHT / 2
    assert empty.height == 0
    for column in chart.columns:
        assert column.y + column.height == chart.baseline_y
        assert column.value_y < column.y


def test_columns_are_evenly_spaced_inside_the_width():
    chart = column_chart([(str(age), age) for age in range(26)])
    xs = [column.x for column in chart.columns]
    steps = {round(b - a, 3) for a, b in zip(xs, xs[1:], strict=False)}
    assert len(steps) == 1
    assert xs[0] > 0
    assert xs[-1] + chart.column_width < chart.width
    assert chart.label_y < chart.height


def test_heat_level_is_zero_only_for_nothing():
    assert heat_level(0, 9) == 0
    assert heat_level(1, 100) == 1
    assert heat_level(9, 9) == 4
    assert heat_level(5, 10) == 2
    assert heat_level(6, 10) == 3


def test_heat_rows_pair_each_value_with_its_level_across_the_whole_table():
    rows = heat_rows([("Vold", [8, 0]), ("Rus", [2, 1])])
    assert rows == [("Vold", [(8, 4), (0, 0)]), ("Rus", [(2, 1), (1, 1)])]
