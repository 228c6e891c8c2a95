"""The time stage: finding and normalizing time expressions (TIMEX3) against a date."""

from __future__ import annotations

import itertools
from datetime import date

import pytest
from spacy.language import Language

from extractor.errors import InputFormatError
from extractor.records import Timex
from extractor.timex.arithmetic import easter, nth_weekday, value_bounds, weekday_near
from extractor.timex.norm import is_ambiguous_numeric_date
from extractor.timex.rules import rules
from extractor.timex.stage import find_dates, shift_years

PUBLISHED = "2020-07-01"  # a Wednesday, ISO week 27, third quarter


def dates(nlp: Language, text: str, published: str | None = PUBLISHED) -> list[Timex]:
    return find_dates(nlp(text), published)


def values(nlp: Language, text: str, published: str | None = PUBLISHED) -> dict[str, str]:
    """Each found expression's text -> its value."""
    return {d.text: d.value for d in dates(nlp, text, published)}


# ----------------------------------------------------------------------------- the API
def test_spans_index_the_text_sorted_and_disjoint(nlp: Language) -> None:
    text = "\nSeoul, July 1 Exports fell in the second quarter of the year, the ministry said on Monday."
    found = dates(nlp, text)
    assert [d.text for d in found] == ["July 1", "the second quarter of the year", "Monday"]
    for timex in found:
        assert text[timex.span[0] : timex.span[1]] == timex.text
    assert all(a.span[1] <= b.span[0] for a, b in itertools.pairwise(found))


def test_published_datetime_is_accepted(nlp: Language) -> None:
    assert values(nlp, "It rained yesterday.", "2020-07-01T13:48:05+05:30") == {"yesterday": "2020-06-30"}


def test_bad_published_date_raises_a_typed_error(nlp: Language) -> None:
    with pytest.raises(InputFormatError):
        dates(nlp, "It rained yesterday.", "first of July")


def test_rules_compile_from_the_data_files() -> None:
    names = [rule.name for rule in rules()]
    assert "quarter" in names and "month_day_year" in names
    assert len(names) == len(set(names))


# ----------------------------------------------------------------------------- absolute dates
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The deal closed on July 1, 2020.", {"July 1, 2020": "2020-07-01"}),
        ("The deal closed on 1 July 2020.", {"1 July 2020": "2020-07-01"}),
        ("The deal closed on 2020-07-01.", {"2020-07-01": "2020-07-01"}),
        ("The deal closed on Sept. 30, 1999.", {"Sept. 30, 1999": "1999-09-30"}),
        ("Prices peaked in March 2019.", {"March 2019": "2019-03"}),
        ("The plant opened in 1987.", {"1987": "1987"}),
    ],
)
def test_absolute_dates(nlp: Language, text: str, expected: dict[str, str]) -> None:
    assert values(nlp, text) == expected


def test_numeric_dates_are_month_first_unless_impossible(nlp: Language) -> None:
    assert values(nlp, "Filed on 01/07/2020.") == {"01/07/2020": "2020-01-07"}
    assert values(nlp, "Filed on 25/07/2020.") == {"25/07/2020": "2020-07-25"}
    assert is_ambiguous_numeric_date("01/07/2020") and not is_ambiguous_numeric_date("25/07/2020")


def test_numeric_dates_follow_the_locale_when_told(nlp: Language) -> None:
    (timex,) = find_dates(nlp("Filed on 01/07/2020."), PUBLISHED, day_first=True)
    assert timex.value == "2020-07-01"
    (timex,) = find_dates(nlp("Filed on 12/25/2020."), PUBLISHED, day_first=True)
    assert timex.value == "2020-12-25"


def test_month_and_day_without_year_take_the_nearest_year(nlp: Language) -> None:
    assert values(nlp, "The vote was held on May 28.") == {"May 28": "2020-05-28"}
    assert values(nlp, "Talks resume Dec. 2, officials said.", "2020-11-20") == {"Dec. 2": "2020-12-02"}


def test_may_the_verb_and_big_numbers_are_not_dates(nlp: Language) -> None:
    assert values(nlp, "Prices may rise, and 96% of the 2,400 firms agree.") == {}
    assert values(nlp, "The company employs 1999 people.") == {}


# ----------------------------------------------------------------------------- relative dates
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The ministry reported on Wednesday.", {"Wednesday": "2020-07-01"}),
        ("The ministry reported on Monday.", {"Monday": "2020-06-29"}),
        ("The minister will visit on Friday.", {"Friday": "2020-07-03"}),
        ("Sales rose last week.", {"last week": "2020-W26"}),
        ("Sales rose this week.", {"this week": "2020-W27"}),
        ("Sales rose two years ago.", {"two years ago": "2018"}),
        ("Sales rose yesterday.", {"yesterday": "2020-06-30"}),
        ("Sales rose last month.", {"last month": "2020-06"}),
        ("Sales will rise next year.", {"next year": "2021"}),
        ("Sales are now flat.", {"now": "PRESENT_REF"}),
        ("Sales are currently flat.", {"currently": "PRESENT_REF"}),
        ("Sales recently fell.", {"recently": "PAST_REF"}),
    ],
)
def test_relative_dates(nlp: Language, text: str, expected: dict[str, str]) -> None:
    assert values(nlp, text) == expected


def test_earlier_this_month_is_the_month_from_its_start(nlp: Language) -> None:
    (timex,) = dates(nlp, "Rates were cut earlier this month.")
    assert (timex.text, timex.value, timex.mod) == ("earlier this month", "2020-07", "START")


# ----------------------------------------------------------------------------- quarters, halves, fiscal
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Output fell in the second quarter of the year.", {"the second quarter of the year": "2020-Q2"}),
        ("Output fell in Q2.", {"Q2": "2020-Q2"}),
        ("Output fell in Q4 2019.", {"Q4 2019": "2019-Q4"}),
        ("Output fell in H1 2020.", {"H1 2020": "2020-H1"}),
        ("Output fell in the first half.", {"the first half": "2020-H1"}),
        ("Third-quarter output fell.", {"Third-quarter": "2020-Q3"}),
        ("Output fell in fiscal 2019.", {"fiscal 2019": "2019"}),
        ("Output fell in FY2019/20.", {"FY2019/20": "2019"}),
    ],
)
def test_quarters_halves_and_fiscal_years(nlp: Language, text: str, expected: dict[str, str]) -> None:
    assert values(nlp, text) == expected


def test_a_quarter_not_yet_begun_is_last_years(nlp: Language) -> None:
    assert values(nlp, "Profit rose in the fourth quarter.", "2020-01-20") == {
        "the fourth quarter": "2019-Q4"
    }


# ----------------------------------------------------------------------------- months, seasons, decades
def test_month_ranges_that_make_a_quarter(nlp: Language) -> None:
    assert values(nlp, "Between April and June, exports fell.") == {"Between April and June": "2020-Q2"}
    assert values(nlp, "From January to June, exports fell.") == {"From January to June": "2020-H1"}


def test_months_and_seasons(nlp: Language) -> None:
    assert values(nlp, "The strike began in March.") == {"March": "2020-03"}
    assert values(nlp, "The strike began last summer.") == {"last summer": "2019-SU"}
    assert values(nlp, "The strike began in the spring of 2018.") == {"the spring of 2018": "2018-SP"}


def test_fall_the_verb_is_no_season(nlp: Language) -> None:
    assert values(nlp, "Prices could fall further.") == {}


def test_decades_and_centuries(nlp: Language) -> None:
    assert values(nlp, "It was built in the 1990s.") == {"the 1990s": "199"}
    assert values(nlp, "It was built in the 19th century.") == {"the 19th century": "18"}
    (timex,) = dates(nlp, "It was built in the late 1970s.")
    assert (timex.value, timex.mod) == ("197", "END")


# ----------------------------------------------------------------------------- durations and sets
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The talks lasted three months.", {"three months": "P3M"}),
        ("The talks lasted several years.", {"several years": "PXY"}),
        ("The talks lasted 5 1/2 hours.", {"5 1/2 hours": "PT5H30M"}),
        ("Profit fell in the first nine months.", {"the first nine months": "P9M"}),
        ("They signed a two-year contract.", {"two-year": "P2Y"}),
    ],
)
def test_durations(nlp: Language, text: str, expected: dict[str, str]) -> None:
    found = dates(nlp, text)
    assert {d.text: d.value for d in found} == expected
    assert all(d.type == "DURATION" for d in found)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Dividends are paid quarterly.", {"quarterly": "P3M"}),
        ("The annual figure fell.", {"annual": "P1Y"}),
        ("The board meets every week.", {"every week": "P1W"}),
        ("The board meets each Thursday.", {"each Thursday": "XXXX-WXX-4"}),
        ("The paper is published daily.", {"daily": "P1D"}),
    ],
)
def test_sets(nlp: Language, text: str, expected: dict[str, str]) -> None:
    found = dates(nlp, text)
    assert {d.text: d.value for d in found} == expected
    assert all(d.type == "SET" for d in found)


def test_annual_meeting_is_no_set(nlp: Language) -> None:
    assert values(nlp, "The annual meeting was calm.") == {}


# ----------------------------------------------------------------------------- the focus
def test_same_period_last_year_goes_back_from_the_quarter_in_focus(nlp: Language) -> None:
    text = "Between April and June, exports fell 9% on the same period last year."
    assert values(nlp, text)["the same period last year"] == "2019-Q2"


def test_year_ago_quarter_and_a_year_earlier(nlp: Language) -> None:
    text = (
        "Profit slipped in the second quarter of 2017. It was $8 million a year earlier. "
        "Sales in the year-ago quarter were higher."
    )
    found = values(nlp, text)
    assert found["the second quarter of 2017"] == "2017-Q2"
    assert found["a year earlier"] == "2016-Q2"
    assert found["the year-ago quarter"] == "2016-Q2"


def test_the_latest_quarter_is_the_one_in_focus(nlp: Language) -> None:
    text = "Profit rose in the first quarter. Revenue in the latest quarter was flat."
    assert values(nlp, text)["the latest quarter"] == "2020-Q1"


# ----------------------------------------------------------------------------- no publication date
def test_without_a_publication_date_relative_values_get_placeholders(nlp: Language) -> None:
    text = (
        "In the second quarter, sales fell. On Wednesday the firm said this week was hard, unlike last year."
    )
    found = values(nlp, text, None)
    assert found == {
        "the second quarter": "XXXX-Q2",
        "Wednesday": "XXXX-WXX-3",
        "this week": "XXXX-WXX",
        "last year": "XXXX",
    }


def test_without_a_publication_date_absolute_values_stay(nlp: Language) -> None:
    assert values(nlp, "On July 1, 2020 and in 2003.", None) == {"July 1, 2020": "2020-07-01", "2003": "2003"}
    assert values(nlp, "Seoul, July 1 The ministry said.", None) == {"July 1": "XXXX-07-01"}


# ----------------------------------------------------------------------------- shift_years
@pytest.mark.parametrize(
    ("value", "years", "expected"),
    [
        ("2020-Q1", -1, "2019-Q1"),
        ("2020-H2", 1, "2021-H2"),
        ("2020", -3, "2017"),
        ("2020-07", -1, "2019-07"),
        ("2020-02-29", -1, "2019-02-28"),
        ("2020-W53", -1, "2019-W52"),
        ("2020-SU", -1, "2019-SU"),
        ("XXXX-Q1", -1, "XXXX-Q1"),
        ("PRESENT_REF", -1, "PRESENT_REF"),
        ("P3M", 2, "P3M"),
    ],
)
def test_shift_years(value: str, years: int, expected: str) -> None:
    assert shift_years(value, years) == expected


# ----------------------------------------------------------------------------- calendar helpers
def test_calendar_helpers() -> None:
    from datetime import date

    assert easter(2020) == date(2020, 4, 12)
    assert nth_weekday(2020, 11, 4, 4) == date(2020, 11, 26)  # Thanksgiving
    assert nth_weekday(2020, 5, 1, -1) == date(2020, 5, 25)  # Memorial Day
    wednesday = date(2020, 7, 1)
    assert weekday_near(wednesday, 3, "past") == wednesday
    assert weekday_near(wednesday, 3, "last") == date(2020, 6, 24)
    assert weekday_near(wednesday, 5, "future") == date(2020, 7, 3)


# ----------------------------------------------------------------------------- the seed article's sentences
def test_sentences_like_the_seed(nlp: Language) -> None:
    text = (
        "Seoul, July 1 The number of visitors to the island reached a record low in the second "
        "quarter of the year, the tourism office reported on Wednesday.\n\n"
        "Between April and June, only 40 ferries arrived, which is 90 per cent down on the same "
        "period last year and the lowest quarterly figure since records began in 2003.\n\n"
        "In the first quarter of the year, 500 ferries arrived. The annual number peaked in 2010. "
        "In 2019 only 1,047 ferries came. Just this week, the office said more would come."
    )
    found = values(nlp, text)
    expected = {
        "July 1": "2020-07-01",
        "the second quarter of the year": "2020-Q2",
        "Wednesday": "2020-07-01",
        "Between April and June": "2020-Q2",
        "the same period last year": "2019-Q2",
        "2003": "2003",
        "the first quarter of the year": "2020-Q1",
        "2010": "2010",
        "2019": "2019",
        "this week": "2020-W27",
    }
    assert {k: found.get(k) for k in expected} == expected
    assert "90 per cent" not in found and "1,047" not in found


# ----------------------------------------------------------------------------- more families
def test_spelled_out_years(nlp: Language) -> None:
    assert values(nlp, "It happened in nineteen ninety-six.") == {"nineteen ninety-six": "1996"}
    assert values(nlp, "Plans for the year 2000 were made.") == {"the year 2000": "2000"}
    assert values(nlp, "It took two thousand years.") == {"two thousand years": "P2000Y"}


def test_clock_times_take_their_day(nlp: Language) -> None:
    found = dates(nlp, "The shooting happened at 2:30 p.m. Tuesday, police said.")
    assert [(d.text, d.type, d.value) for d in found] == [("2:30 p.m. Tuesday", "TIME", "2020-06-30T14:30")]
    assert values(nlp, "Polls close at 8 p.m. on Monday, July 6.") == {
        "8 p.m. on Monday, July 6": "2020-07-06T20:00"
    }


def test_holidays(nlp: Language) -> None:
    assert values(nlp, "The family met on Christmas Day.") == {"Christmas Day": "2019-12-25"}
    assert values(nlp, "Stores close on Thanksgiving.", "2020-11-20") == {"Thanksgiving": "2020-11-26"}


def test_generic_today_is_no_date(nlp: Language) -> None:
    assert values(nlp, "It matters in today's world.") == {}


def test_rules_work_without_a_statistical_model(blank_nlp: Language) -> None:
    text = "Exports fell 3% in the second quarter of 2019 and rose on July 1, 2020."
    found = {d.text: d.value for d in find_dates(blank_nlp(text), PUBLISHED)}
    assert found == {"the second quarter of 2019": "2019-Q2", "July 1, 2020": "2020-07-01"}


def test_ambiguous_numeric_dates_say_what_they_assume(nlp: Language) -> None:
    doc = nlp("The contract was signed on 03/04/2020 and renewed on 25/04/2021.")
    ambiguous, clear = find_dates(doc, "2021-05-01")
    assert ambiguous.value == "2020-03-04" and ambiguous.assumed == "month/day order assumed (US)"
    assert clear.value == "2021-04-25" and clear.assumed is None
    [day_first, _] = find_dates(doc, "2021-05-01", day_first=True)
    assert day_first.value == "2020-04-03" and day_first.assumed == "day/month order assumed"


# ----------------------------------------------------------------------------- the verb a weekday hangs on
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a modal leaves the direction open: the nearest such day, either way
        ("Officials said the minister would travel to Paris on Friday.", {"Friday": "2020-07-03"}),
        ("Officials said the talks could have ended on Monday.", {"Monday": "2020-06-29"}),
        # a plan that is in place points ahead, past tense or not
        ("The court has scheduled a hearing Thursday.", {"Thursday": "2020-07-02"}),
        # a deadline is the nearest one, even after a past reporting of it
        ("The agency extended its deadline until Friday.", {"Friday": "2020-07-03"}),
        ("The group could arrive as early as Thursday.", {"Thursday": "2020-07-02"}),
        # a plan that was already past when told stays past
        ("The offer had been scheduled to expire Friday.", {"Friday": "2020-06-26"}),
        # the present progressive is an arrangement: the nearest such day
        ("The minister is meeting his counterpart Friday.", {"Friday": "2020-07-03"}),
        # "by" with a possessive names a cause, not a deadline
        ("Roads were damaged by Saturday's storm.", {"Saturday": "2020-06-27"}),
        # postponing to a day points ahead
        ("Officials postponed until Tuesday any action on the case.", {"Tuesday": "2020-07-07"}),
        # the verb is found past the words of the expression itself ("Thursday" of "Thursday morning")
        ("We did not intend to sell it on Thursday morning.", {"Thursday morning": "2020-07-02TMO"}),
        ("The strike had been due to end Friday.", {"Friday": "2020-06-26"}),
        # a future verb wins over the deadline's nearest month
        ("The airline will double its flights by March.", {"March": "2021-03"}),
    ],
)
def test_weekday_direction_follows_its_verb(nlp: Language, text: str, expected: dict[str, str]) -> None:
    assert values(nlp, text) == expected


def test_parts_of_days_are_times(nlp: Language) -> None:
    found = dates(nlp, "Protesters marched on Friday night. By mid-afternoon the square was empty.")
    assert [(d.text, d.type, d.value) for d in found] == [
        ("Friday night", "TIME", "2020-06-26TNI"),
        ("mid-afternoon", "TIME", "2020-07-01TAF"),
    ]
    assert values(nlp, "Shares rose in late morning yesterday.") == {
        "late morning yesterday": "2020-06-30TMO"
    }
    assert values(nlp, "The morning paper was late.") == {}  # a bare part of day is no date


def test_a_bare_clock_time_is_on_the_day_last_named(nlp: Language) -> None:
    text = "The blast came on June 12 in the capital. It went off at 10 p.m., police said."
    assert values(nlp, text) == {"June 12": "2020-06-12", "10 p.m.": "2020-06-12T22:00"}
    assert values(nlp, "Trading closed at 4 p.m.") == {"4 p.m.": "2020-07-01T16:00"}


def test_this_past_weekend_and_two_quarters(nlp: Language) -> None:
    assert values(nlp, "Crowds gathered this past weekend.") == {"this past weekend": "2020-W26-WE"}
    text = "Output will fall in the first two quarters of 2021 after rising in the last two quarters of 2019."
    assert values(nlp, text) == {
        "the first two quarters of 2021": "2021-H1",
        "the last two quarters of 2019": "2019-H2",
    }


def test_short_year_ranges_mark_both_ends(nlp: Language) -> None:
    assert values(nlp, "The war of 1939-45 and the 2019-20 season.") == {
        "1939": "1939",
        "45": "1945",
        "2019": "2019",
        "20": "2020",
    }
    assert "55" not in values(nlp, "The 1800-55 figures were revised.")  # 55 years: no range


def test_a_number_ending_a_sentence_is_no_rate(nlp: Language) -> None:
    found = dates(nlp, "The bill passed on June 1. A day later, the House voted.")
    assert [(d.text, d.type) for d in found] == [("June 1", "DATE"), ("A day", "DURATION")]
    assert [(d.text, d.type) for d in dates(nlp, "It costs $1.5 million a year.")] == [("a year", "SET")]


def test_nearest_weekday() -> None:
    from datetime import date

    wednesday = date(2020, 7, 1)
    assert weekday_near(wednesday, 5, "nearest") == date(2020, 7, 3)
    assert weekday_near(wednesday, 1, "nearest") == date(2020, 6, 29)
    assert weekday_near(wednesday, 3, "nearest") == wednesday


def test_days_next_to_the_day_last_named(nlp: Language) -> None:
    text = "The vote was held on June 5. The next day, protests began. The day before, a storm hit."
    assert values(nlp, text) == {
        "June 5": "2020-06-05",
        "The next day": "2020-06-06",
        "The day before": "2020-06-05",
    }
    text = "The plane crashed on June 20. The same day, rescuers arrived."
    assert values(nlp, text) == {"June 20": "2020-06-20", "The same day": "2020-06-20"}
    # an event named after it is the anchor, not the last date: left alone
    assert "The day before" not in values(nlp, "The day before the vote, a storm hit.")
    assert values(nlp, "Prices may swing over the next day.") == {"the next day": "P1D"}


def test_us_time_zones_belong_to_the_time(nlp: Language) -> None:
    found = values(nlp, "Markets close at 4 p.m. ET and reopen at 9:30 a.m. Eastern time.")
    assert found == {"4 p.m. ET": "2020-07-01T16:00", "9:30 a.m. Eastern time": "2020-07-01T09:30"}


@pytest.mark.parametrize(
    ("value", "first", "last"),
    [
        ("2019", "2019-01-01", "2019-12-31"),
        ("2019-11", "2019-11-01", "2019-11-30"),
        ("2019-11-18TNI", "2019-11-18", "2019-11-18"),
        ("2019-Q3", "2019-07-01", "2019-09-30"),
        ("2019-H2", "2019-07-01", "2019-12-31"),
        ("2019-W46", "2019-11-11", "2019-11-17"),
        ("2019-WI", "2019-12-01", "2020-02-29"),
        ("201", "2010-01-01", "2019-12-31"),
        ("13", "1300-01-01", "1399-12-31"),
        ("2006/2013", "2006-01-01", "2013-12-31"),
    ],
)
def test_value_bounds(value: str, first: str, last: str) -> None:
    assert value_bounds(value) == (date.fromisoformat(first), date.fromisoformat(last))


@pytest.mark.parametrize("value", ["XXXX-11", "P10Y", "PRESENT_REF", "2019-02-30", "2019-W54", "2019/2009"])
def test_values_without_a_calendar_place_have_no_bounds(value: str) -> None:
    assert value_bounds(value) is None
