"""Figure summaries: ``12 deserters, Q2 2020, −96%`` and friends."""

from __future__ import annotations

from extractor.link.summary import figure_summary, format_number, format_period
from extractor.records import Change, Figure, Timex


def _figure(**fields: object) -> Figure:
    base: dict[str, object] = dict(
        span=(0, 2),
        text="12",
        value=12.0,
        value_max=None,
        kind="count",
        unit="deserters",
        bound="=",
        sentence=(0, 10),
    )
    base.update(fields)
    return Figure(**base)  # type: ignore[arg-type]


def test_seed_style_summary() -> None:
    figure = _figure(
        period=Timex((0, 5), "Between April and June", "DATE", "2020-Q2"),
        change=Change(-96.0, "%", "down", "96 per cent down", (20, 36)),
    )
    assert figure_summary(figure) == "12 deserters, Q2 2020, \u221296%"


def test_bounds_ranges_money_and_points() -> None:
    assert figure_summary(_figure(value=33000.0, bound=">", unit="North Koreans")) == ">33,000 North Koreans"
    assert figure_summary(_figure(value=1.2e9, kind="money", unit="USD")) == "USD 1.2 billion"
    assert figure_summary(_figure(value=10.0, value_max=12.0, kind="percent", unit="%")) == "10\u201312%"
    rise = Change(0.2, "pp", "up", "edged up 0.2 percentage points", (0, 5))
    assert figure_summary(_figure(value=2.1, kind="percent", unit="%", change=rise)) == "2.1%, +0.2 pp"


def test_number_and_period_formats() -> None:
    assert format_number(2400) == "2,400"
    assert format_number(-3.5) == "\u22123.5"
    assert format_period(Timex((0, 1), "x", "DATE", "2020-H1")) == "H1 2020"
    assert format_period(Timex((0, 1), "x", "DATE", "2020-07")) == "Jul 2020"
    assert format_period(Timex((0, 1), "now", "DATE", "PRESENT_REF")) == "now"
    assert format_period(Timex((0, 1), "x", "DATE", "2020-07-01")) == "2020-07-01"
