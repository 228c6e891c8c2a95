"""Claim checking: the comparisons on their own, then claims against a small made-up database."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from extractor.check import CONTRADICTED, NOT_FOUND, SUPPORTED, ClaimChecker, open_store
from extractor.check.compare import Agreement, Quantity, compare_values, is_vague, period_fit, same_digits
from extractor.cli import main
from extractor.errors import CheckError
from extractor.pipeline import extract_many
from extractor.records import Document
from extractor.sinks import open_sink

ARTICLES = {
    "acme": (
        "Acme Corp reported revenue of $4.2 billion for the third quarter of 2021, up 6 percent from a "
        "year earlier. The company employs 12,500 workers in 14 countries, chief executive Jane Doe said."
    ),
    "northville": (
        "The city of Northville recorded 310 traffic deaths in 2020, according to the transport "
        "department. Officials plan to build 45 kilometres of new bike lanes by 2025."
    ),
}


def q(value: float, text: str, *, bound: str = "=", kind: str = "count", unit: str | None = "people",
      value_max: float | None = None) -> Quantity:  # fmt: skip
    return Quantity(value, value_max, kind, unit, bound, text)


@pytest.mark.parametrize(
    ("claimed", "stated", "expected"),
    [
        (q(1.2e6, "about 1.2 million", bound="~"), q(1_187_000, "1,187,000"), Agreement.AGREE),
        (
            q(27e9, "$27bn", kind="money", unit="USD"),
            q(27.2e9, "$27.2 billion", kind="money", unit="USD"),
            Agreement.AGREE,
        ),
        (
            q(1.25e9, "$1.25bn", kind="money", unit="USD"),
            q(1e9, "$1 billion", kind="money", unit="USD"),
            Agreement.DISAGREE,
        ),
        (q(50, "more than 50", bound=">"), q(53, "53"), Agreement.AGREE),
        (q(50, "more than 50", bound=">"), q(530, "530"), Agreement.DISAGREE),
        (q(120, "120"), q(100, "more than 100", bound=">"), Agreement.UNCLEAR),
        (q(12, "as many as 12", bound="<="), q(12, "up to a dozen", bound="<="), Agreement.AGREE),
        (q(25, "25 to 30", value_max=30), q(25, "between 25 and 30", value_max=30), Agreement.AGREE),
        (q(26, "26"), q(1e6, "millions", value_max=1e7), Agreement.UNCLEAR),
        (q(720, "720"), q(270, "270"), Agreement.DISAGREE),
    ],
)
def test_values_compare_with_rounding_bounds_and_ranges(
    claimed: Quantity, stated: Quantity, expected: Agreement
) -> None:
    assert compare_values(claimed, stated) is expected


def test_misquotes_and_vague_numbers_are_recognised() -> None:
    assert same_digits(q(28e9, "$28 billion"), q(2.8e9, "$2.8 billion"))
    assert same_digits(q(6.3, "6.3%"), q(3.6, "3.6%"))
    assert not same_digits(q(5, "five"), q(3, "three"))
    assert is_vague(q(1e6, "millions"))
    assert not is_vague(q(2e6, "2 million"))


def test_periods_are_compatible_when_one_can_contain_the_other() -> None:
    assert period_fit(["2019-Q3"], ["2019"]) is True
    assert period_fit(["XXXX-Q3"], ["2019-Q3"]) is True
    assert period_fit(["2020"], ["2019"]) is False
    assert period_fit(["2019-Q2"], ["2019-Q3"]) is False
    assert period_fit(["PRESENT_REF"], ["2019"]) is None


@pytest.fixture(scope="module")
def facts_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = str(tmp_path_factory.mktemp("facts") / "facts.db")
    documents = [Document(id=key, text=text, published="2021-11-20") for key, text in ARTICLES.items()]
    with open_sink(path) as sink:
        sink.write([article for article in extract_many(documents) if not isinstance(article, Exception)])
    return path


@pytest.fixture(scope="module")
def checker(facts_db: str) -> ClaimChecker:
    return ClaimChecker(open_store(facts_db))


@pytest.mark.parametrize(
    ("claim", "verdict", "article"),
    [
        ("Acme's third-quarter revenue was about $4.2bn.", SUPPORTED, "acme"),
        ("Acme Corp had third-quarter 2021 revenue of $42 billion.", CONTRADICTED, "acme"),
        ("Acme Corp employs 125,000 workers.", CONTRADICTED, "acme"),
        ("Acme's revenue fell 6 percent in the third quarter.", CONTRADICTED, "acme"),
        (
            "Northville had 310 traffic deaths in 2020, the transport department says.",
            SUPPORTED,
            "northville",
        ),
        ("Northville recorded 310 traffic deaths in 2017.", NOT_FOUND, None),
        ("Northville has 2.1 million residents.", NOT_FOUND, None),
    ],
)
def test_claims_get_verdicts_with_evidence(
    checker: ClaimChecker, claim: str, verdict: str, article: str | None
) -> None:
    result = checker.check_one(claim)
    assert result.verdict == verdict, result.to_json()
    if article:
        first = result.evidence[0].to_json()
        assert first["article_id"] == article
        assert first["why"] and first["sentence"]


def test_a_different_number_of_another_thing_counted_is_no_contradiction(tmp_path: Path) -> None:
    text = (
        "Five provinces where the dengue fever outbreak still spreads reported new infections on "
        "Monday, health officials said."
    )
    path = str(tmp_path / "fever.db")
    with open_sink(path) as sink:
        sink.write([a for a in extract_many([Document("fever", text=text, published="2021-11-20")])])
    checker = ClaimChecker(open_store(path))
    # the same thing counted, another number: contradicted
    assert checker.check_one("The dengue fever outbreak spread to 12 provinces.").verdict == CONTRADICTED
    # "fever" is beside "Five provinces", but cases are not provinces: nothing is stated
    cases = checker.check_one("More than 900 dengue fever cases were reported in the outbreak provinces.")
    assert cases.verdict == NOT_FOUND
    assert "another thing counted" in cases.evidence[0].why


def test_a_claim_without_a_figure_is_not_found_with_a_reason(checker: ClaimChecker) -> None:
    result = checker.check_one("Acme Corp is a company run by Jane Doe.")
    assert result.verdict == NOT_FOUND
    assert "no figure" in result.reason


def test_a_missing_or_foreign_database_is_a_check_error(tmp_path: Path) -> None:
    with pytest.raises(CheckError, match="no facts database"):
        open_store(str(tmp_path / "absent.db"))
    other = tmp_path / "other.db"
    import sqlite3

    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.close()
    with pytest.raises(CheckError, match="missing"):
        open_store(str(other))


def test_cli_checks_claims_from_arguments_and_files(
    facts_db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    claims = tmp_path / "claims.jsonl"
    claims.write_text(json.dumps({"id": "c1", "claim": "Acme Corp employs 12,500 workers."}) + "\n")
    out = tmp_path / "verdicts.jsonl"
    code = main(
        ["check", "--db", facts_db, "--claims", str(claims), "Northville has 9 lakes.", "-o", str(out)]
    )
    assert code == 0
    lines = [json.loads(line) for line in out.read_text().splitlines()]
    assert [(line["id"], line["verdict"]) for line in lines] == [("claim-1", NOT_FOUND), ("c1", SUPPORTED)]
    assert main(["check", "--db", facts_db, "--format", "text", "Acme Corp employs 12,500 workers."]) == 0
    assert capsys.readouterr().out.startswith("SUPPORTED: Acme Corp employs 12,500 workers.")


def test_cli_reports_usage_and_database_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--db", str(tmp_path / "none.db")]) == 2
    assert "no claims" in capsys.readouterr().err
    assert main(["check", "--db", str(tmp_path / "none.db"), "Acme has 3 plants."]) == 1
    assert "no facts database" in capsys.readouterr().err
