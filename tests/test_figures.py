"""The figure stage on hand-written news sentences, parsed by the real English pipeline."""

from __future__ import annotations

import math

import pytest
from spacy.language import Language

from extractor.figures.stage import find_figures
from extractor.records import Figure


def figures(nlp: Language, text: str) -> list[Figure]:
    return find_figures(nlp(text))


def only(nlp: Language, text: str) -> Figure:
    found = figures(nlp, text)
    assert len(found) == 1, [f.text for f in found]
    return found[0]


def close(a: float | None, b: float) -> bool:
    return a is not None and math.isclose(a, b, rel_tol=1e-9)


# --------------------------------------------------------------------------- number forms
@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Inspectors counted 1,047 boats in the harbour.", 1047),
        ("The ferry carried 3.5 tonnes of rice.", 3.5),
        ("Organisers expect twelve bands this weekend.", 12),
        ("She bought a dozen eggs at the market.", 12),
        ("Officials said half a million people voted early.", 500_000),
        ("The province plans to hire 13 lakh teachers.", 1_300_000),
        ("The scheme costs Rs 400 crore a year.", 4_000_000_000),
        ("The fund raised $1.2bn from investors.", 1_200_000_000),
        ("The club has 35m followers online.", 35_000_000),
        ("Temperatures dropped to -5°C overnight.", -5),
        ("The lake level stood at minus 3 metres.", -3),
        ("A third of the members stayed home.", 1 / 3),
        ("Two-thirds of the shops were shut.", 2 / 3),
        ("One in five adults smokes.", 0.2),
    ],
)
def test_number_forms(nlp: Language, text: str, value: float) -> None:
    assert close(only(nlp, text).value, value)


def test_plural_magnitude_is_a_range(nlp: Language) -> None:
    figure = only(nlp, "Tens of thousands of fans filled the square.")
    assert (figure.value, figure.value_max, figure.unit) == (10_000, 100_000, "fans")


@pytest.mark.parametrize(
    ("text", "low", "high", "unit"),
    [
        ("Between 10 and 12 ships sank.", 10, 12, "ships"),
        ("Rents rose by 10-12 per cent.", 10, 12, "%"),
        ("Inflation will be 10 to 12 per cent next year.", 10, 12, "%"),
        ("The plant will cost between $4 and $6 billion.", 4e9, 6e9, "USD"),
        ("Wind gusts reached 40 to 50 mph.", 40, 50, "mph"),
    ],
)
def test_ranges(nlp: Language, text: str, low: float, high: float, unit: str) -> None:
    figure = only(nlp, text)
    assert close(figure.value, low) and close(figure.value_max, high)
    assert figure.unit == unit


def test_a_football_score_is_no_range(nlp: Language) -> None:
    assert figures(nlp, "Leeds beat Fulham 3-1 on Saturday.") == []


# --------------------------------------------------------------------------- kinds and units
@pytest.mark.parametrize(
    ("text", "kind", "unit"),
    [
        ("Police detained 12 protesters near the station.", "count", "protesters"),
        ("More than 33,000 North Koreans have settled there.", "count", "North Koreans"),
        ("Turnout reached 96 per cent in the capital.", "percent", "%"),
        ("Turnout reached 96% in the capital.", "percent", "%"),
        ("Turnout reached 96 percent in the capital.", "percent", "%"),
        ("Margins widened to 17pc last quarter.", "percent", "%"),
        ("The gap narrowed to 2 percentage points.", "percent", "pp"),
        ("The bank charged 50 basis points more.", "percent", "bp"),
        ("The deal is worth US$5 million.", "money", "USD"),
        ("The villa sold for €300,000.", "money", "EUR"),
        ("He was fined £45,000 by the court.", "money", "GBP"),
        ("A bowl of noodles costs ¥500 there.", "money", "JPY"),
        ("The firm earned 2 billion yuan.", "money", "CNY"),
        ("A coffee costs 5,000 won in Seoul.", "money", "KRW"),
        ("Tickets cost 300 rupees each.", "money", "INR"),
        ("The shares closed at C$17.", "money", "CAD"),
        ("Sales reached EUR35m in the year.", "money", "EUR"),
        ("The route is 42 km long.", "measure", "km"),
        ("The parcel weighs 80 kg.", "measure", "kg"),
        ("The mill processed 3,000 tonnes of grain.", "measure", "t"),
        ("It was 35°C in the shade.", "measure", "°C"),
        ("The limit is 70 mph on the motorway.", "measure", "mph"),
        ("The plant pumps 320,000 barrels per day.", "measure", "bpd"),
        ("The talks lasted three months.", "measure", "month"),
        ("The 58-year-old farmer sold the land.", "measure", "years old"),
    ],
)
def test_kinds_and_units(nlp: Language, text: str, kind: str, unit: str) -> None:
    figure = only(nlp, text)
    assert (figure.kind, figure.unit) == (kind, unit)


def test_rate_units_keep_the_currency_code(nlp: Language) -> None:
    figure = only(nlp, "Brent traded at $84 a barrel on Monday.")
    assert (figure.kind, figure.unit, figure.value) == ("money", "USD per barrel", 84)


def test_counted_noun_from_the_sentence(nlp: Language) -> None:
    figure = only(
        nlp, "The yearly number of applicants to the college peaked in 2016 when about 5,300 applied."
    )
    assert (figure.value, figure.unit, figure.bound) == (5300, "applicants", "~")


def test_fraction_counts_a_share(nlp: Language) -> None:
    assert only(nlp, "A third of the voters stayed home.").unit == "share of voters"


def test_elided_unit_is_inherited(nlp: Language) -> None:
    found = figures(nlp, "Over 4 million viewers tuned in, including 800,000 in the south.")
    assert [(f.value, f.unit) for f in found] == [(4_000_000, "viewers"), (800_000, "viewers")]


# --------------------------------------------------------------------------- bounds
@pytest.mark.parametrize(
    ("phrase", "bound"),
    [
        ("about", "~"),
        ("around", "~"),
        ("roughly", "~"),
        ("nearly", "~"),
        ("almost", "~"),
        ("some", "~"),
        ("more than", ">"),
        ("over", ">"),
        ("above", ">"),
        ("at least", ">="),
        ("fewer than", "<"),
        ("under", "<"),
        ("below", "<"),
        ("up to", "<="),
        ("at most", "<="),
        ("only", "="),
        ("just", "="),
    ],
)
def test_bounds(nlp: Language, phrase: str, bound: str) -> None:
    figure = only(nlp, f"The shelter housed {phrase} 40 families last winter.")
    assert figure.bound == bound
    assert figure.text == f"{phrase} 40"  # bound words are part of the figure's text


# --------------------------------------------------------------------------- changes
def test_change_that_is_its_own_figure(nlp: Language) -> None:
    figure = only(nlp, "Bread prices rose 5% in March.")
    assert (figure.kind, figure.value, figure.unit) == ("percent", 5, "%")
    assert figure.change is not None
    assert (figure.change.value, figure.change.unit, figure.change.direction) == (5, "%", "up")
    assert figure.change.text == "rose 5%" and figure.change.reference is None


def test_change_in_percentage_points(nlp: Language) -> None:
    figure = only(nlp, "The jobless rate fell by 3 percentage points.")
    assert figure.change is not None
    assert (figure.change.value, figure.change.unit, figure.change.direction) == (-3, "pp", "down")


def test_change_attached_to_the_figure_it_describes(nlp: Language) -> None:
    text = "Only 40 tonnes were shipped, which is 20 per cent down on the same period last year."
    figure = only(nlp, text)
    assert (figure.value, figure.unit, figure.bound, figure.text) == (40, "t", "=", "Only 40 tonnes")
    assert figure.change is not None
    assert (figure.change.value, figure.change.unit, figure.change.text) == (-20, "%", "20 per cent down")
    assert text[figure.change.span[0] : figure.change.span[1]] == "20 per cent down"


def test_change_noun_after_the_amount(nlp: Language) -> None:
    figure = only(nlp, "Dealers sold 1,200 tractors, a 41 per cent drop year-on-year.")
    assert figure.unit == "tractors"
    assert figure.change is not None and figure.change.value == -41


def test_change_leading_to_a_figure(nlp: Language) -> None:
    figure = only(nlp, "Subscriptions rose 60% to 2.1 million users.")
    assert (figure.value, figure.unit) == (2_100_000, "users")
    assert figure.change is not None and (figure.change.value, figure.change.unit) == (60, "%")


def test_change_after_a_comma(nlp: Language) -> None:
    figure = only(nlp, "Revenue was $5.2bn, up 3%.")
    assert figure.unit == "USD" and figure.change is not None and figure.change.value == 3


@pytest.mark.parametrize(("verb", "direction"), [("doubled", "up"), ("halved", "down"), ("tripled", "up")])
def test_multiplier_verbs_give_a_direction_not_a_percentage(nlp: Language, verb: str, direction: str) -> None:
    figure = only(nlp, f"The agency {verb} its staff to 5,000 last year.")
    assert figure.change is not None
    assert (figure.change.value, figure.change.direction, figure.change.text) == (None, direction, verb)


def test_a_stated_percentage_beats_the_multiplier(nlp: Language) -> None:
    figure = only(nlp, "The agency tripled its staff, a 200% increase, to 6,000.")
    assert figure.change is not None and (figure.change.value, figure.change.unit) == (200, "%")


def test_money_change_by(nlp: Language) -> None:
    figure = only(nlp, "The deficit increased by $3.1 billion to $40.2 billion.")
    assert figure.value == 40.2e9
    assert figure.change is not None and (figure.change.value, figure.change.unit) == (3.1e9, "USD")


# --------------------------------------------------------------------------- not figures
@pytest.mark.parametrize(
    "text",
    [
        "The survey began in 2003.",
        "The vote was held on July 1.",
        "The meeting ends at 10:45 pm.",
        "The train leaves at 5am.",
        "It was the worst storm of the 21st century.",
        "Call +44 20 7946 0958 for tickets.",
        "Call 555-123-4567 for tickets.",
        "The office is at 221 Baker Street.",
        "Page 2 of 5",
        "Leaders met at the G20 summit.",
        "COVID-19 cases are falling.",
        "The carrier retired its Boeing 757 freighters.",
        "A wall divides the two countries.",
        "They fled to a third country.",
        "Updated 2021-03-04T10:22:05Z by the desk.",
        "See https://example.org/item/123456 for more.",
        "Sales grew in the 1990s.",
    ],
)
def test_not_figures(nlp: Language, text: str) -> None:
    assert figures(nlp, text) == []


@pytest.mark.parametrize(
    "text",
    [
        "The operator flies the 590 Skylark on that route.",
        "The 4K screen was cheap.",
        "She said she would 1) listen and 2) act.",
        'The post <tweet id="918273645546372819"> was removed.',
        "Output rose in the first half of the year.",
        "He might back a third-party bid.",
        "It was a two-horse race until March.",
        "The 40-stock index slipped on Friday.",
    ],
)
def test_more_not_figures(nlp: Language, text: str) -> None:
    assert figures(nlp, text) == []


def test_change_and_level_are_not_a_range(nlp: Language) -> None:
    figure = only(nlp, "Oil rose $2.10 to $84.50 a barrel.")
    assert (figure.value, figure.unit) == (84.5, "USD per barrel")
    assert figure.change is not None and (figure.change.value, figure.change.unit) == (2.1, "USD")


def test_moving_up_to_a_level_is_no_bound(nlp: Language) -> None:
    figure = only(nlp, "Output is expected to creep back up to 3.1 percent.")
    assert (figure.value, figure.bound, figure.change) == (3.1, "=", None)


def test_direction_carries_to_a_bare_by(nlp: Language) -> None:
    found = figures(nlp, "Shares of Globex fell 1.4%, Umbrella by 3.7% in early trade.")
    assert [f.change.value if f.change else None for f in found] == [-1.4, -3.7]


def test_change_found_through_the_parse(nlp: Language) -> None:
    figure = only(nlp, "The central bank raised rates by 25 basis points to 5.25%.")
    assert (figure.value, figure.unit) == (5.25, "%")
    assert figure.change is not None and (figure.change.value, figure.change.unit) == (25, "bp")


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("A man aged 45 was arrested.", 45, "years old"),
        ("The coach, 61, signed a new deal.", 61, "years old"),
        ("Highs of 25C are expected.", 25, "°C"),
        ("She won the 100m sprint.", 100, "m"),
        ("The club spent £100m on players.", 100e6, "GBP"),
        ("The ticket cost 7 dollars 25 cents.", 7.25, "USD"),
        ("The bill was 75 cents.", 75, "cent"),
        ("A stamp now costs 85p.", 85, "penny"),
        ("He is 5 ft 10 in tall.", 5 + 10 / 12, "ft"),
        ("A 7.1-magnitude quake hit the coast.", 7.1, "magnitude"),
        ("A 5,000-strong crowd gathered.", 5000, "crowd"),
    ],
)
def test_units_in_context(nlp: Language, text: str, value: float, unit: str) -> None:
    figure = only(nlp, text)
    assert close(figure.value, value) and figure.unit == unit


def test_figures_do_not_share_words(nlp: Language) -> None:
    found = figures(nlp, "The deal was worth 2.3 billion euros ($2.71 billion), or 38.5 cents a pound.")
    assert [(f.value, f.unit) for f in found] == [(2.3e9, "EUR"), (2.71e9, "USD"), (38.5, "cent per pound")]


def test_subject_names_what_a_level_counts(nlp: Language) -> None:
    found = figures(nlp, "Flu deaths rose to 1,234 on Monday from 1,100 a week earlier.")
    assert [(f.value, f.unit) for f in found] == [(1234, "Flu deaths"), (1100, "Flu deaths")]


def test_blank_pipeline_keeps_the_character_rules(blank_nlp: Language) -> None:
    found = find_figures(blank_nlp("Sales were $1.2bn, about 40 km away, 96 per cent, in 2003."))
    assert [(f.value, f.unit, f.bound) for f in found] == [
        (1.2e9, "USD", "="),
        (40, "km", "~"),
        (96, "%", "="),
    ]


# --------------------------------------------------------------------------- the contract
def test_figures_are_sorted_and_left_for_the_link_stage(nlp: Language) -> None:
    text = "Exports fell 4% in May. Imports reached $3bn, while 200 firms closed."
    found = figures(nlp, text)
    assert [f.span for f in found] == sorted(f.span for f in found)
    for figure in found:
        assert figure.id == "" and figure.summary == "" and figure.period is None and figure.source is None
        assert text[figure.span[0] : figure.span[1]] == figure.text
        start, end = figure.sentence
        assert start <= figure.span[0] < figure.span[1] <= end
    assert found[0].sentence == (0, 23)
    assert found[1].to_json()["value"] == 3_000_000_000


# --------------------------------------------------------------------------- non-figures by structure
@pytest.mark.parametrize(
    "text",
    [
        # "one" as a determiner or pronoun
        "One of the pilots felt unwell.",
        "The pump stopped at one point in the afternoon.",
        "According to one estimate, the drought cost farmers dearly.",
        "No one was hurt in the blast.",
        "The rover saw one such geyser last spring.",
        "Visitors may tour one or more of the caves.",
        "If one looks closely, the picture changes.",
        # durations that only place an event in time
        "He moved abroad almost 12 years ago.",
        "The firm dropped the plan two months later.",
        "In the past three years, the town changed.",
        "Three weeks before the vote, the mayor resigned.",
        # list markers, codes and designations
        "How to save money\n\n1. Set a goal\n\nSaving starts with a plan.\n\n2. Cut costs\n\nSpend less.",
        "Savers can use a 403(b) account.",
        "Work on the 919 programme has stalled.",
        "Demand for its older 610 Kestrel engine fell.",
        "The line runs a two-deck ferry on that route.",
    ],
)
def test_numbers_that_name_pick_or_place_are_not_figures(nlp: Language, text: str) -> None:
    assert figures(nlp, text) == [], [f.text for f in figures(nlp, text)]


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("Only one bank failed.", 1, "bank"),
        ("One person died in the crash.", 1, "person"),
        ("The talks lasted three months.", 3, "month"),
        ("Pollution has cut 2.5 years from the lives of residents.", 2.5, "year"),
        ("The airline has a fleet of 270 aircraft.", 270, "aircraft"),
        ("The 250 staff were sent home.", 250, "staff"),
        ("Population: 40 000 people.", 40_000, "people"),
    ],
)
def test_counts_and_spans_stay_figures(nlp: Language, text: str, value: float, unit: str) -> None:
    figure = only(nlp, text)
    assert (figure.value, figure.unit) == (value, unit)


def test_a_number_after_a_number_is_a_designation(nlp: Language) -> None:
    found = figures(
        nlp, "The railway ordered six 220 Swift trains, and some 150 890 Condor engines were recalled."
    )
    assert [f.value for f in found] == [6, 150]


# --------------------------------------------------------------------------- changes by grammar
def test_change_then_level_is_one_figure(nlp: Language) -> None:
    figure = only(nlp, "Copper fell 3.4% to $8,120 a tonne.")
    assert (figure.value, figure.unit) == (8120, "USD per t")
    assert figure.change is not None and (figure.change.value, figure.change.unit) == (-3.4, "%")


def test_change_after_a_comma_with_its_reference(nlp: Language) -> None:
    figure = only(nlp, "The dealer sold 8,300 vans in June, down 6% from a year earlier.")
    assert (figure.value, figure.unit) == (8300, "vans")
    assert figure.change is not None and figure.change.value == -6


@pytest.mark.parametrize(
    "text",
    [
        "Capacity went from 120 megawatts to 300 megawatts in a decade.",
        "The club's debt was cut from $900 million to $250 million.",
        "Output jumped from 40 tonnes to 65 tonnes.",
    ],
)
def test_a_move_between_two_levels_is_two_figures(nlp: Language, text: str) -> None:
    found = figures(nlp, text)
    assert len(found) == 2 and all(f.value_max is None for f in found), [f.text for f in found]
    assert found[0].unit == found[1].unit


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [
        ("Fares range from $120 to $450.", 120, 450),
        ("Range grew from 310 to 380 kilometres.", 310, 380),  # the unit written once
    ],
)
def test_from_to_stays_a_range(nlp: Language, text: str, low: float, high: float) -> None:
    figure = only(nlp, text)
    assert (figure.value, figure.value_max) == (low, high)


def test_level_up_from_an_earlier_level_is_a_figure_of_its_own(nlp: Language) -> None:
    found = figures(nlp, "Exports reached 5.6 million tonnes, up from 4.8 million tonnes in 2016.")
    assert [(f.value, f.unit, f.change) for f in found] == [(5.6e6, "t", None), (4.8e6, "t", None)]


def test_a_range_of_change_is_kept_as_a_range(nlp: Language) -> None:
    figure = only(nlp, "The lender cut its forecast by 2 to 3 percentage points.")
    assert (figure.value, figure.value_max, figure.unit) == (2, 3, "pp")
    assert figure.change is not None
    assert (figure.change.value, figure.change.value_max, figure.change.unit) == (-2, -3, "pp")
    assert figure.change.to_json()["value_max"] == -3


def test_a_change_said_in_points_and_percent_is_one_change(nlp: Language) -> None:
    figure = only(nlp, "The index fell 150 points, or 0.6%, to 24,800.")
    assert figure.value == 24_800
    assert figure.change is not None and (figure.change.value, figure.change.unit) == (-0.6, "%")


def test_index_point_move_to_a_level(nlp: Language) -> None:
    figure = only(nlp, "The index gained 41.5 points to close at 6,210.")
    assert figure.value == 6210
    assert figure.change is not None and (figure.change.value, figure.change.unit) == (41.5, "point")


def test_a_change_never_goes_to_a_span_of_time(nlp: Language) -> None:
    found = figures(nlp, "The stock lost ground for five straight months, down almost 25%.")
    percent = next(f for f in found if f.unit == "%")
    assert percent.change is not None and percent.change.value == -25
    assert all(f.change is None for f in found if f is not percent)


def test_minor_currency_units_after_a_change_keep_their_value(nlp: Language) -> None:
    """Pence and cents stay in the minor unit as written: 148p is 148 penny, not 1.48 GBP."""
    figure = only(nlp, "Shares in the brewer rose 3% to 148p.")
    assert (figure.value, figure.unit, figure.kind) == (148, "penny", "money")
    assert figure.change is not None and figure.change.value == 3


# --------------------------------------------------------------------------- what is counted
@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("The hotel laid off close to 600 housekeeping and catering workers.", "workers"),
        ("The city hired 200 bus and tram drivers.", "bus and tram drivers"),
        ("The lab runs three separate research projects.", "research projects"),
        ("Officials said 30 of the infected workers went home.", "workers"),
        ("The council bought 12 of the supplier's new Harbour buses.", "Harbour buses"),
        ("The chain closed a dozen of its stores.", "stores"),
        ("Police arrested 14 suspected gang members.", "gang members"),
    ],
)
def test_counted_noun_from_the_parse(nlp: Language, text: str, unit: str) -> None:
    """The noun the number counts with its compounds, never a word of a modifier before it."""
    counted = only(nlp, text).unit
    assert counted is not None and (counted == unit or counted.endswith(f" {unit}")), counted


def test_a_definite_pair_is_no_count_but_a_larger_definite_count_is(nlp: Language) -> None:
    assert figures(nlp, "Talks between the two countries resumed.") == []
    assert only(nlp, "The five companies can now bid for contracts.").unit == "companies"


def test_a_rate_after_a_bracketed_conversion_belongs_to_the_amount(nlp: Language) -> None:
    found = figures(nlp, "Holders were offered A$9 (US$5.85) per share in cash.")
    assert [(f.text, f.unit) for f in found] == [("A$9", "AUD per share"), ("US$5.85", "USD")]


def test_the_particle_of_a_phrasal_verb_states_no_change(nlp: Language) -> None:
    assert only(nlp, "The village has stocked up 40 crates of water.").change is None
    moved = only(nlp, "Prices went up 5% in May.").change
    assert moved is not None and moved.value == 5


def test_a_participle_between_determiner_and_designation(nlp: Language) -> None:
    found = figures(nlp, "The builder found buyers for about 45 of its troubled 880 Condor plane.")
    assert [f.value for f in found] == [45]


def test_short_of_is_an_upper_bound(nlp: Language) -> None:
    assert only(nlp, "The house sold for just short of $450,000.").bound == "<"
