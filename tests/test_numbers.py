"""Number parsing without spaCy: digits, words, scales, fractions, ratios, ranges of magnitude."""

from __future__ import annotations

import math

import pytest

from extractor.errors import NumberFormatError
from extractor.figures.numbers import parse_number, scale_factor, scan_numbers


@pytest.mark.parametrize(
    ("text", "value"),
    [
        # digits, separators, decimals, signs, exponents
        ("1,047", 1047),
        ("12,34,567.89", 1234567.89),
        ("1\u202f234\u202f567", 1234567),
        ("3.75", 3.75),
        (".5", 0.5),
        ("-7.5", -7.5),
        ("2.5e3", 2500),
        ("3x10^4", 30000),
        ("1.111,25", 1111.25),
        # words
        ("twelve", 12),
        ("forty-two", 42),
        ("three hundred and six", 306),
        ("nineteen thousand four hundred and eleven", 19411),
        ("a dozen", 12),
        ("four dozen", 48),
        ("a hundred", 100),
        ("minus three", -3),
        ("seven point two five", 7.25),
        # scale words and abbreviations folded in
        ("half a million", 500_000),
        ("a quarter million", 250_000),
        ("2 million", 2_000_000),
        ("1.5 trillion", 1.5e12),
        ("$1.2bn", 1.2e9),
        ("4.5m", 4_500_000),
        ("10k", 10_000),
        ("7 bn", 7e9),
        ("3 mln", 3e6),
        ("13 lakh", 1_300_000),
        ("2 crore", 20_000_000),
        ("three lakh crore", 3e12),
        ("five and a half million", 5_500_000),
        ("2 million and a half", 2_500_000),
        # fractions and ratios
        ("two-thirds", 2 / 3),
        ("a third", 1 / 3),
        ("three quarters", 0.75),
        ("3/4", 0.75),
        ("\u00be", 0.75),
        ("one and a half", 1.5),
        ("7 1/2", 7.5),
        ("one in five", 0.2),
        ("2 out of 3", 2 / 3),
        ("two thirds of a million", 2e6 / 3),
        # a trailing percent sign is allowed
        ("96 per cent", 96),
        ("12%", 12),
    ],
)
def test_parse_number(text: str, value: float) -> None:
    assert math.isclose(parse_number(text), value, rel_tol=1e-9)


@pytest.mark.parametrize("text", ["", "hello", "12 apples", "1, 2, 3", "the third", "million", "a"])
def test_parse_number_rejects_non_numbers(text: str) -> None:
    with pytest.raises(NumberFormatError):
        parse_number(text)
    with pytest.raises(ValueError):  # the typed error is still a ValueError
        parse_number(text)


def test_scan_numbers_gives_spans_and_values() -> None:
    text = "Between 10 and 12 boats left, carrying 3,400 tonnes."
    found = scan_numbers(text)
    assert [text[m.span[0] : m.span[1]] for m in found] == ["10", "12", "3,400"]
    assert [m.value for m in found] == [10, 12, 3400]
    assert found[2].digits == "3,400"


def test_plural_magnitudes_are_ranges() -> None:
    (tens,) = scan_numbers("tens of thousands of fans")
    assert (tens.value, tens.value_max) == (10_000, 100_000)
    (hundreds,) = scan_numbers("hundreds of homes")
    assert (hundreds.value, hundreds.value_max) == (100, 1000)
    (dozens,) = scan_numbers("dozens of cars")
    assert (dozens.value, dozens.value_max) == (12, None)


def test_two_numbers_are_not_joined() -> None:
    assert [m.value for m in scan_numbers("3 hundred and 2 hundred")] == [300, 200]
    assert [m.value for m in scan_numbers("between twenty and three hundred")] == [20, 300]
    assert [m.value for m in scan_numbers("4 quarters")] == [4]  # periods, not a fraction


def test_scan_marks_scales_fractions_and_words() -> None:
    (money,) = scan_numbers("35m")
    assert money.scale == "m" and money.value == 35e6
    (share,) = scan_numbers("a third")
    assert share.fraction and share.spelled
    (plain,) = scan_numbers("2019")
    assert plain.digits == "2019" and not plain.spelled


def test_one_over_needs_the_end_of_a_clause() -> None:
    assert [m.value for m in scan_numbers("1 over 4.")] == [0.25]
    assert [m.value for m in scan_numbers("5 over 3 years")] == [5, 3]


def test_scale_factor() -> None:
    assert scale_factor("million") == 1e6
    assert scale_factor("bn") == 1e9
    assert scale_factor("crore") == 1e7
    assert scale_factor("") == 1.0
