"""Figure rules from the shape of the text around a number: codes and seasons written with a slash
or a dash, sizes that name a product, rows of a table, compound units and prices per unit, a change
stated before the two levels it joins. Made-up sentences, parsed by the real English pipeline."""

from __future__ import annotations

import pytest
from spacy.language import Language

from extractor.figures.numbers import scan_numbers
from extractor.figures.stage import find_figures
from extractor.figures.vocabulary import MEASURES_FILE
from extractor.records import Figure
from extractor.support.assets import load_json


def figures(nlp: Language, text: str) -> list[Figure]:
    return find_figures(nlp(text))


# --------------------------------------------------------------------------- slashes and seasons
@pytest.mark.parametrize("text", ["10/10", "60/40", "2031/32", "7/3"])
def test_a_slash_pair_that_is_no_proper_fraction_is_no_number(text: str) -> None:
    assert scan_numbers(text) == []


def test_a_proper_fraction_with_a_slash_is_still_a_number() -> None:
    assert [m.value for m in scan_numbers("2/5")] == [0.4]


@pytest.mark.parametrize(
    "text",
    [
        "The striker has 20/20 vision.",
        "It is a 50/50 call for the referee.",
        "The club's 2023/24 season opens in August.",
        "The ferry operator's 2018-19 accounts are late.",
        "The 1999/2000 budget was never passed.",
    ],
)
def test_codes_and_seasons_are_not_figures(nlp: Language, text: str) -> None:
    assert figures(nlp, text) == []


def test_a_season_leaves_the_figures_of_its_sentence(nlp: Language) -> None:
    (figure,) = figures(nlp, "In the 2018-19 season the orchestra sold 41,000 tickets.")
    assert (figure.value, figure.unit) == (41_000, "tickets")


def test_a_range_of_counts_that_starts_like_a_year_is_no_year(nlp: Language) -> None:
    (figure,) = figures(nlp, "Between 2000-2500 volunteers cleaned the beach.")
    assert (figure.value, figure.value_max) == (2000, 2500)


# --------------------------------------------------------------------------- product sizes
@pytest.mark.parametrize(
    "text",
    [
        "The new 14-inch Chromebook Flip goes on sale next week.",
        "Shoppers preferred the 14-inch to the larger model.",
        "The 10-inch Galaxy Tab is cheaper.",
    ],
)
def test_a_size_that_names_a_product_is_no_figure(nlp: Language, text: str) -> None:
    assert [f.text for f in figures(nlp, text) if f.kind == "measure"] == []


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("The council approved a 120-metre tower by the river.", 120, "m"),
        ("Astronomers mapped the 3,100-kilometre-wide Callisto in detail.", 3100, "km"),
        ("The trail is a 42-kilometre loop.", 42, "km"),
        ("Barges still use the 6,300-km Yangtze River.", 6300, "km"),
    ],
)
def test_a_size_of_one_thing_stays_a_figure(nlp: Language, text: str, value: float, unit: str) -> None:
    assert [(f.value, f.unit) for f in figures(nlp, text)] == [(value, unit)]


def test_the_counted_noun_leaves_out_a_measure_before_it(nlp: Language) -> None:
    found = figures(nlp, "The port installed three 90-tonne cranes.")
    assert [(f.value, f.unit) for f in found] == [(3, "cranes"), (90, "t")]


# --------------------------------------------------------------------------- rows of a table
def test_rows_of_a_table_are_data_not_figures(nlp: Language) -> None:
    text = (
        "Shares of the three lenders moved sharply.\n"
        "Northbank 41.20 +1.35 +3.4%\n"
        "Harbor Trust 18.02 -0.41 -2.2%\n"
        "Mills Credit 7.75 +0.05 +0.6%\n"
        "Northbank gained 3.4% on the day."
    )
    found = figures(nlp, text)
    assert [f.text for f in found] == ["three", "3.4%"]
    assert found[1].span[0] > text.index("Northbank gained")


def test_a_list_of_amounts_in_a_sentence_is_no_table(nlp: Language) -> None:
    found = figures(nlp, "Notes of 5 €, 10 €, 20 € and 50 € were found.")
    assert [(f.value, f.unit) for f in found] == [(5, "EUR"), (10, "EUR"), (20, "EUR"), (50, "EUR")]


# --------------------------------------------------------------------------- units
@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("The cell reached a current density of 2.5 A/cm2 in the test.", 2.5, "A/cm²"),
        ("The new die measures 80 mm2.", 80, "mm²"),
        ("The tank holds 40 cubic metres of water.", 40, "m³"),
        ("The flat covers 65 square yards.", 65, "yd²"),
    ],
)
def test_areas_volumes_and_compound_units(nlp: Language, text: str, value: float, unit: str) -> None:
    assert [(f.value, f.unit) for f in figures(nlp, text)] == [(value, unit)]


def test_a_lone_ambiguous_symbol_is_not_read_as_a_unit(nlp: Language) -> None:
    assert [f.kind for f in figures(nlp, "Group 4 A won the prize.") if f.value == 4] != ["measure"]


def test_areas_and_volumes_come_from_the_registry() -> None:
    measures = load_json(MEASURES_FILE)
    assert measures["cm2"] == measures["cm²"] == measures["square centimetres"] == "cm²"
    assert measures["cubic kilometres"] == measures["km3"] == "km³"


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("Battery packs now cost $130/kWh at the factory.", "USD per kWh"),
        ("Power traded at €52 per MWh on Monday.", "EUR per MWh"),
        ("Offices let at £310 per sq m last year.", "GBP per m²"),
        ("Gold settled at $1,480 an ounce.", "USD per oz"),
        ("Lamb sold for $9 per kilogram.", "USD per kg"),
    ],
)
def test_a_price_per_unit_keeps_its_currency_code_and_the_unit_symbol(
    nlp: Language, text: str, unit: str
) -> None:
    (figure,) = figures(nlp, text)
    assert (figure.kind, figure.unit) == ("money", unit)


# --------------------------------------------------------------------------- changes
def test_a_change_before_from_and_to_goes_to_the_level_reached(nlp: Language) -> None:
    found = figures(nlp, "The default rate rose by 25%, from 1.2% to 1.5%.")
    assert [(f.value, f.change.value if f.change else None) for f in found] == [(1.2, None), (1.5, 25)]


# --------------------------------------------------------------------------- codes and markers
@pytest.mark.parametrize(
    "text",
    [
        "Version 4.12.1 of the app fixes the bug.",
        "The router runs firmware 2.0.7b.",
        "Call the helpline on 0845 6021 337 today.",
        "Agent 007 never retires.",
        "The rule dates from the treaty.[4] Nobody objected.",
        "Figure 3 shows the trend.",
        "See Table 12 in the appendix.",
        "THE BAND PLAYS SATURDAY MARCH 14 IN LEEDS.",
    ],
)
def test_versions_phone_numbers_codes_and_markers_are_not_figures(nlp: Language, text: str) -> None:
    assert figures(nlp, text) == []


def test_dots_grouping_thousands_make_one_number(nlp: Language) -> None:
    (figure,) = figures(nlp, "The club paid 2.450.000 euros for the striker.")
    assert (figure.value, figure.unit) == (2_450_000, "EUR")


def test_a_space_grouping_thousands_is_no_leading_zero(nlp: Language) -> None:
    (figure,) = figures(nlp, "The town has 40 025 inhabitants.")
    assert figure.value == 40_025


@pytest.mark.parametrize(
    ("text", "value", "value_max"),
    [
        ("Card rates run 15.9%-24.9% a year.", 15.9, 24.9),
        ("Turnout was 61%among young voters.", 61, None),
    ],
)
def test_a_percent_sign_needs_no_space_after_it(
    nlp: Language, text: str, value: float, value_max: float | None
) -> None:
    (figure,) = figures(nlp, text)
    assert (figure.value, figure.value_max, figure.unit) == (value, value_max, "%")


# --------------------------------------------------------------------------- multiples
@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Smog reached 40 times the safe level.", "other"),
        ("Fares are four times higher than in 2010.", "other"),
        ("The new plant makes three times as many chips.", "other"),
        ("Investors want 20 times annual earnings.", "other"),
        ("She has won the title three times.", "count"),
        ("The drum spins 1,200 times a minute.", "count"),
        ("He called five times last week.", "count"),
    ],
)
def test_a_multiple_is_a_ratio_and_occasions_are_counted(nlp: Language, text: str, kind: str) -> None:
    found = [f for f in figures(nlp, text) if f.unit == "times"]
    assert [f.kind for f in found] == [kind]


# --------------------------------------------------------------------------- more changes, counts, bounds
def test_a_fraction_of_change_is_a_percentage_of_the_level_reached(nlp: Language) -> None:
    (figure,) = figures(nlp, "Ticket sales slumped by a third to 12,000.")
    assert figure.value == 12_000 and figure.change is not None
    assert (round(figure.change.value or 0, 1), figure.change.unit) == (-33.3, "%")


def test_suspended_hyphens_make_compound_modifiers(nlp: Language) -> None:
    found = figures(nlp, "The estate offers two-, three- and four-bedroom homes, 120 in all.")
    assert [f.value for f in found] == [120]


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("Scouts hope to sign a winger or two.", "winger"),
        ("The shop sells a kite or two and 30 balloons.", "kite"),
    ],
)
def test_a_number_after_or_counts_the_noun_before(nlp: Language, text: str, unit: str) -> None:
    assert figures(nlp, text)[0].unit == unit


def test_or_between_two_amounts_counts_no_noun(nlp: Language) -> None:
    found = figures(nlp, "The van is around 30k or 45k cheaper.")
    assert [f.unit for f in found] == [None, None]


@pytest.mark.parametrize(
    ("text", "bound"),
    [
        ("Rents are well above $2,000 a month.", ">"),
        ("The stock trades south of $5.", "<"),
        ("Turnout was just about 60%.", "~"),
    ],
)
def test_more_bound_phrases(nlp: Language, text: str, bound: str) -> None:
    assert figures(nlp, text)[0].bound == bound


def test_adjectives_between_the_verb_and_its_change(nlp: Language) -> None:
    found = figures(nlp, "Home prices rose an annual 4.2% and rents fell a record 7%.")
    assert [f.change.value if f.change else None for f in found] == [4.2, -7]


def test_a_fraction_of_another_unit_is_not_turned_into_percent(nlp: Language) -> None:
    (figure,) = figures(nlp, "The jobless rate fell three-tenths of a point to 4.1%.")
    assert figure.change is not None and figure.change.value is not None
    assert round(figure.change.value, 2) == -0.3


# --------------------------------------------------------------------------- names, formats, ratios
@pytest.mark.parametrize(
    "text",
    [
        "Plug it into a USB 3.1 port.",
        "The readings came from a Brüel model 2250 sound meter.",
        "Fans rated the ride FEAR FACTOR 9 on the poster.",
        "The stream runs at 1080p on most screens.",
        "The panel has a 21:9 shape.",
        "Ferry times (all local):\n\n9 p.m.\n\nNothing moved.",
    ],
)
def test_names_formats_ratios_and_split_times_are_not_figures(nlp: Language, text: str) -> None:
    assert figures(nlp, text) == []


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("In the UK 12,000 nurses quit last year.", 12_000, "nurses"),
        ("The IMF 3 billion loan was approved.", 3e9, None),
        ("Shares closed at 187p.", 187, "penny"),
        ("Work on version three starts soon.", 3, None),
    ],
)
def test_counts_and_amounts_next_to_names_stay_figures(
    nlp: Language, text: str, value: float, unit: str | None
) -> None:
    (figure,) = figures(nlp, text)
    assert figure.value == value
    assert unit is None or figure.unit == unit


# --------------------------------------------------------------------------- newswire shapes
def test_a_currency_sign_written_onto_a_number_opens_that_number(nlp: Language) -> None:
    found = figures(nlp, "For the year to Sept. 30 C$4.1 million was earned.")
    assert [(f.value, f.unit) for f in found] == [(4.1e6, "CAD")]


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("Net was 14 Canadian cents a share.", "cent per share"),
        ("The coin is worth 50 Hong Kong cents.", "cent"),
    ],
)
def test_a_minor_unit_named_with_its_country(nlp: Language, text: str, unit: str) -> None:
    (figure,) = figures(nlp, text)
    assert (figure.kind, figure.unit) == ("money", unit)


def test_a_tally_of_bare_counts_is_no_range(nlp: Language) -> None:
    found = figures(nlp, "The motion passed 312 to 97.")
    assert [(f.value, f.value_max) for f in found] == [(312, None), (97, None)]


def test_a_falling_range_with_units_stays_a_range(nlp: Language) -> None:
    (figure,) = figures(nlp, "The heater's rating runs 9 kW to 4 kW.")
    assert (figure.value, figure.value_max, figure.unit) == (4, 9, "kW")


def test_scaled_values_carry_no_binary_residue(nlp: Language) -> None:
    (figure,) = figures(nlp, "The council spent $4.1 billion.")
    assert figure.value == 4_100_000_000


def test_index_points_lower_are_the_change_of_the_close(nlp: Language) -> None:
    (figure,) = figures(nlp, "The index ended 18.5 points lower at 2,291.4.")
    assert figure.value == 2291.4 and figure.change is not None
    assert (figure.change.value, figure.change.unit) == (-18.5, "point")


def test_a_count_before_of_them_counts_the_earlier_noun(nlp: Language) -> None:
    found = figures(nlp, "So far 380 volunteers have signed up, 95 of them students.")
    assert [f.unit for f in found] == ["volunteers", "volunteers"]


def test_a_line_break_ends_the_counted_noun(nlp: Language) -> None:
    found = figures(nlp, "TOTALS:\nInjured: 61\nMissing: 4\n")
    assert [f.unit for f in found] == [None, None]


def test_an_age_at_the_end_of_a_sentence(nlp: Language) -> None:
    (figure,) = figures(nlp, "The plan was drawn up by Ana Ruiz, 58.")
    assert (figure.value, figure.unit) == (58, "years old")
