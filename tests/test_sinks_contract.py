"""One contract for every sink: what is written reads back equal, once, whatever happens.

Every test runs over every output format. PostgreSQL runs when NEWSFACTS_TEST_POSTGRES_URL
names a server (``source .ci/postgres.sh`` starts one); it is skipped otherwise, except in CI.
"""

from __future__ import annotations

import csv
import json
import os
import uuid
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from extractor.errors import DocumentError, SinkError, UsageError
from extractor.records import (
    JSON,
    Article,
    Attribution,
    Change,
    Figure,
    FigureSource,
    Mention,
    PageMetadata,
    Provenance,
    Timex,
    stable_id,
)
from extractor.sinks import Sink, figure_from_record, figure_records, open_sink, sink_format
from extractor.sinks.base import RECORD_FIELDS

POSTGRES_ENV = "NEWSFACTS_TEST_POSTGRES_URL"
FORMATS = ["jsonl", "jsonl-records", "json", "csv", "parquet", "sqlite", "postgres"]
FILE_FORMATS = ["jsonl", "jsonl-records", "json", "csv"]


# --- hand-made articles ----------------------------------------------------------------------


def _figure(article_id: str, text: str, needle: str, **fields: Any) -> Figure:
    start = text.index(needle)
    sentence_start = text.rfind(". ", 0, start) + 2 if ". " in text[:start] else 0
    sentence_end = text.find(".", start) + 1
    defaults: dict[str, Any] = {
        "value": 12.0,
        "value_max": None,
        "kind": "count",
        "unit": "deserters",
        "bound": "=",
        "summary": f"{needle}",
    }
    defaults.update(fields)
    return Figure(
        span=(start, start + len(needle)),
        text=needle,
        sentence=(sentence_start, sentence_end),
        id=stable_id(article_id, start, start + len(needle)),
        **defaults,
    )


def rich_article(article_id: str = "rich") -> Article:
    text = (
        "Exports rose 5% to $1.2bn in the second quarter, the ministry said.\n"
        'Only 12 soldiers crossed, "a record low", officials reported. About 3-4 km of road closed.'
    )
    quarter = Timex((text.index("the second"), text.index(", the")), "the second quarter", "DATE", "2020-Q2")
    ministry = Mention((text.index("the ministry"), text.index(" said")), "the ministry")
    said = Mention((text.index("said"), text.index("said") + 4), "said")
    content = Mention((0, text.index(", the ministry")), text[: text.index(", the ministry")])
    quote_parts = ((text.index("Only"), text.index(", ")), (text.index('"a'), text.index(", officials")))
    return Article(
        id=article_id,
        text=text,
        url=f"https://news.example/{article_id}",
        meta=PageMetadata(
            title="Exports up",
            authors=("A. Writer", "B. Editor"),
            published="2020-07-01",
            published_source="input",
            outlet="Example News",
            agency="IANS",
            language="en",
        ),
        figures=[
            _figure(
                article_id,
                text,
                "$1.2bn",
                value=1_200_000_000,
                kind="money",
                unit="USD",
                change=Change(5, "%", "up", "rose 5%", (8, 15), reference=None, value_max=6),
                period=replace(quarter, via="clause"),
                source=FigureSource("the ministry", ministry.span, "said", inherited=False, via="sentence"),
            ),
            _figure(
                article_id,
                text,
                "Only 12",
                change=Change(-96.5, "%", "down", "down", (0, 4), reference=replace(quarter, mod="START")),
                period=Timex(None, "2020-07-01", "DATE", "2020-07-01", via="publication date"),
                source=FigureSource("IANS", None, None, inherited=True, via="article"),
            ),
            _figure(article_id, text, "3-4 km", value=3, value_max=4, kind="measure", unit="km", bound="~"),
        ],
        dates=[quarter, Timex((0, 7), "Exports", "DATE", "PRESENT_REF", mod="APPROX")],
        sources=[
            Attribution(ministry, said, content),
            Attribution(None, Mention((0, 4), "rose"), Mention((5, 10), "5% to", parts=quote_parts)),
            Attribution(Mention((8, 12), "they"), said, content, resolved="the ministry"),
        ],
        errors=["clean: no <title>"],
        provenance=Provenance("https://news.example/final", 200, "2020-07-02T10:00:00Z", "ab" * 32),
    )


def plain_article(article_id: str, *, with_figure: bool = True) -> Article:
    text = f"Article {article_id}: 7 people were hurt. Nothing else happened.\nThe end."
    figures = [_figure(article_id, text, "7 people", value=7, unit="people")] if with_figure else []
    return Article(id=article_id, text=text, figures=figures)


def broken_article(article_id: str = "broken") -> Article:
    # An infinite value has no JSON (nor CONTRACT) form: no output can hold it.
    article = plain_article(article_id, with_figure=True)
    article.figures = [replace(article.figures[0], value=float("inf"))]
    return article


def good_batch() -> list[Article]:
    return [rich_article(), plain_article("p1"), plain_article("p2", with_figure=False), plain_article("p3")]


def batch_with_failure() -> list[Article]:
    good = good_batch()
    return [*good[:2], broken_article(), *good[2:]]


# --- one sink per format ---------------------------------------------------------------------


def _target(fmt: str, tmp_path: Path) -> tuple[str, str, bool]:
    """(target, format, records) for a format name of FORMATS."""
    if fmt == "postgres":
        return "", "postgres", False
    if fmt == "jsonl-records":
        return str(tmp_path / "out.jsonl"), "jsonl", True
    suffix = {"jsonl": ".jsonl", "json": ".json", "csv": ".csv", "parquet": ".parquet", "sqlite": ".db"}[fmt]
    return str(tmp_path / f"out{suffix}"), fmt, False


def _postgres_schema_url() -> str:
    url = os.environ.get(POSTGRES_ENV)
    if not url:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{POSTGRES_ENV} is not set in CI: .ci/run must `source .ci/postgres.sh`")
        pytest.skip(f"{POSTGRES_ENV} is not set (run `source .ci/postgres.sh` to start a test server)")
    return url


@contextmanager
def postgres_schema() -> Iterator[str]:
    """A URL of the test server whose tables go to a fresh schema, dropped afterwards."""
    url = _postgres_schema_url()
    schema = f"t_{uuid.uuid4().hex[:12]}"
    _postgres_admin(url, f"CREATE SCHEMA {schema}")
    try:
        yield f"{url}?options=-csearch_path%3D{schema}"
    finally:
        _postgres_admin(url, f"DROP SCHEMA {schema} CASCADE")


@pytest.fixture(params=FORMATS)
def make_sink(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Callable[..., Sink]]:
    """A factory of sinks on one output (the same file, directory or database schema)."""
    with ExitStack() as stack:
        target, fmt, records = _target(request.param, tmp_path)
        if fmt == "postgres":
            target = stack.enter_context(postgres_schema())

        def make(*, append: bool = False) -> Sink:
            return open_sink(target, fmt, records=records, append=append)

        yield make


def _postgres_admin(url: str, statement: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute(statement.encode())


# --- what reading back must give -------------------------------------------------------------


def _json(articles: list[Article]) -> list[JSON]:
    return sorted((article.to_json() for article in articles), key=lambda a: str(a["id"]))


def _records(articles: list[Article]) -> list[JSON]:
    return sorted(
        (record for data in _json(articles) for record in figure_records(data)),
        key=lambda r: (r["article_id"], r["span_start"], r["id"]),
    )


def assert_holds(sink: Sink, articles: list[Article]) -> None:
    """The sink reads back exactly these articles (or their figure records), once each."""
    records = sorted(sink.read_records(), key=lambda r: (r["article_id"], r["span_start"], r["id"]))
    assert records == _records(articles)
    if sink.spec.holds_articles and not sink.records:
        assert sorted(sink.read_articles(), key=lambda a: str(a["id"])) == _json(articles)
    else:
        with pytest.raises(SinkError):
            sink.read_articles()


def expected_ids(sink: Sink, articles: list[Article]) -> set[str]:
    # CSV and record outputs only know the articles that have figures.
    record_only = sink.records or not sink.spec.holds_articles
    return {a.id for a in articles if a.figures or not record_only}


# --- the contract ----------------------------------------------------------------------------


def test_a_failing_article_is_reported_and_the_rest_land(make_sink: Callable[..., Sink]) -> None:
    with make_sink() as sink:
        result = sink.write(batch_with_failure())
        assert result.written == len(good_batch())
        assert [(f.doc_id, f.stage) for f in result.failures] == [("broken", "sink")]
        assert isinstance(result.failures[0], DocumentError)
    with make_sink(append=True) as sink:
        assert_holds(sink, good_batch())


def test_writing_again_adds_no_duplicates(make_sink: Callable[..., Sink]) -> None:
    with make_sink() as sink:
        sink.write(good_batch())
        again = sink.write(good_batch())
        assert again.written + len(again.skipped) == len(good_batch())
    with make_sink(append=True) as sink:
        assert sink.existing_ids() == expected_ids(sink, good_batch())
        sink.write(list(reversed(good_batch())))
        sink.write([plain_article("p4")])
    with make_sink(append=True) as sink:
        assert_holds(sink, [*good_batch(), plain_article("p4")])


def test_values_survive_the_round_trip(make_sink: Callable[..., Sink]) -> None:
    with make_sink() as sink:
        sink.write([rich_article()])
    with make_sink(append=True) as sink:
        records = {r["id"]: r for r in sink.read_records()}
    money = next(r for r in records.values() if r["kind"] == "money")
    assert money["value"] == 1_200_000_000 and isinstance(money["value"], int)
    assert money["change_value"] == 5 and money["period_value"] == "2020-Q2"
    assert money["sentence_text"].startswith("Exports rose 5%") and money["source_inherited"] is False
    assert money["outlet"] == "Example News" and money["published"] == "2020-07-01"
    assert (money["period_via"], money["source_via"]) == ("clause", "sentence")
    dated = next(r for r in records.values() if r["text"] == "Only 12")
    assert dated["change_reference"] == {
        "span": [29, 47],
        "text": "the second quarter",
        "type": "DATE",
        "value": "2020-Q2",
        "mod": "START",
    }
    assert (dated["period_start"], dated["period_value"], dated["period_via"]) == (
        None,
        "2020-07-01",
        "publication date",
    )
    assert (dated["source_start"], dated["source_inherited"], dated["source_via"]) == (None, True, "article")
    bare = next(r for r in records.values() if r["kind"] == "measure")
    assert (bare["period_value"], bare["period_via"], bare["source_via"]) == (None, "none", "none")
    figures = {f["id"]: f for f in rich_article().to_json()["figures"]}
    assert all(figure_from_record(record) == figures[key] for key, record in records.items())


def test_an_empty_batch_and_an_empty_output(make_sink: Callable[..., Sink]) -> None:
    with make_sink() as sink:
        assert sink.write([]).written == 0
        assert sink.existing_ids() == set()
    with make_sink(append=True) as sink:
        assert_holds(sink, [])


def test_a_new_run_without_append_starts_files_anew_and_updates_databases(
    make_sink: Callable[..., Sink],
) -> None:
    with make_sink() as sink:
        sink.write(good_batch())
    changed = plain_article("p1")
    changed.figures = []
    changed.errors = ["link: changed"]
    with make_sink() as sink:
        sink.write([changed])
        is_database = sink.spec.name in ("sqlite", "postgres")
    with make_sink(append=True) as sink:
        if is_database:  # upsert: p1 replaced (its figure gone), the others kept
            assert_holds(sink, [changed if a.id == "p1" else a for a in good_batch()])
        else:
            assert_holds(sink, [changed])


@pytest.mark.parametrize("fmt", FILE_FORMATS)
def test_a_torn_tail_is_cut_off_when_resuming(fmt: str, tmp_path: Path) -> None:
    target, name, records = _target(fmt, tmp_path)
    with open_sink(target, name, records=records) as sink:
        sink.write(good_batch())
    whole = Path(target).read_bytes()
    with open_sink(target, name, records=records, append=True) as sink:
        sink.write([rich_article("late")])
    # A crash half way through the last article: cut the file inside its text.
    grown = Path(target).read_bytes()
    Path(target).write_bytes(grown[: len(whole) + (len(grown) - len(whole)) // 2])
    with open_sink(target, name, records=records, append=True) as sink:
        assert "late" not in sink.existing_ids()
        sink.write([*good_batch(), rich_article("late")])
    with open_sink(target, name, records=records, append=True) as sink:
        assert_holds(sink, [*good_batch(), rich_article("late")])


def test_a_csv_torn_inside_an_article_drops_the_whole_article(tmp_path: Path) -> None:
    target = str(tmp_path / "out.csv")
    with open_sink(target) as sink:
        sink.write([plain_article("p1"), rich_article()])
    lines = Path(target).read_bytes().splitlines(keepends=True)
    Path(target).write_bytes(b"".join(lines[:-1]) + lines[-1][:10])  # 2 of rich's 3 rows intact
    with open_sink(target, append=True) as sink:
        assert sink.existing_ids() == {"p1"}
        sink.write([rich_article()])
        assert_holds(sink, [plain_article("p1"), rich_article()])


@pytest.mark.parametrize("fmt", ["jsonl", "json", "csv"])
def test_a_foreign_file_is_not_appended_to(fmt: str, tmp_path: Path) -> None:
    target = tmp_path / f"out.{fmt}"
    target.write_text("this is not ours\nat all\n", encoding="utf-8")
    with pytest.raises(SinkError):
        open_sink(str(target), append=True)
    assert target.read_text(encoding="utf-8") == "this is not ours\nat all\n"


def test_parquet_drops_a_figures_part_left_without_its_articles_part(tmp_path: Path) -> None:
    target = tmp_path / "out.parquet"
    with open_sink(str(target)) as sink:
        sink.write([plain_article("p1")])
    with open_sink(str(target), append=True) as sink:
        sink.write([plain_article("p2")])
    # A crash between the two renames of the second part.
    (target / "articles" / "part-00001.parquet").unlink()
    (target / "articles" / ".part-00002.parquet.tmp").write_bytes(b"half")
    with open_sink(str(target), append=True) as sink:
        assert sink.existing_ids() == {"p1"}
        assert sorted(p.name for p in (target / "figures").iterdir()) == ["part-00000.parquet"]
        sink.write([plain_article("p2")])
        assert_holds(sink, [plain_article("p1"), plain_article("p2")])


@pytest.mark.parametrize(
    "figures, reason",
    [
        (lambda f: [replace(f, id="")], "has no id"),
        (lambda f: [f, replace(f, span=(0, 3))], "duplicate figure id"),
    ],
)
def test_figures_need_a_unique_id(
    figures: Callable[[Figure], list[Figure]], reason: str, make_sink: Callable[..., Sink]
) -> None:
    article = plain_article("p1")
    article.figures = figures(article.figures[0])
    with make_sink() as sink:
        result = sink.write([article, plain_article("p2")])
        assert result.written == 1 and reason in result.failures[0].reason
        assert sink.existing_ids() <= {"p2"}


def test_failed_articles_are_forgotten_for_a_retry(make_sink: Callable[..., Sink]) -> None:
    failed = Article(id="failed", text="", errors=["clean: empty document: no article text"])
    with make_sink() as sink:
        sink.write([plain_article("p1"), failed, plain_article("p2")])
    with make_sink(append=True) as sink:
        forgotten = sink.forget_failed()
        holds_failures = sink.spec.holds_articles and not sink.records
        assert forgotten == ({"failed"} if holds_failures else set())  # records never hold one
        assert sink.existing_ids() == {"p1", "p2"}
        assert sink.write([plain_article("failed")]).written == 1  # the retry lands
    with make_sink(append=True) as sink:
        assert sink.forget_failed() == set()
        assert_holds(sink, [plain_article("p1"), plain_article("p2"), plain_article("failed")])


def test_control_characters_are_replaced_alike_by_every_sink(make_sink: Callable[..., Sink]) -> None:
    # PostgreSQL refuses a NUL, SQLite stores it, JSON escapes it: every sink now stores a space,
    # and a lone surrogate (from a badly decoded page) becomes U+FFFD; the spans still hold.
    odd = plain_article("odd")
    odd.text = odd.text.replace("Nothing", "No\x00th\x07ng").replace("happened", "happ\udcffned")
    odd.meta = replace(odd.meta, title="A\x00title")
    with make_sink() as sink:
        result = sink.write([plain_article("p1"), odd])
        assert result.written == 2 and not result.failures
        if sink.spec.holds_articles and not sink.records:
            [stored] = [a for a in sink.read_articles() if a["id"] == "odd"]
            assert stored["text"] == plain_article("odd").text.replace("Nothing", "No th ng").replace(
                "happened", "happ\ufffdned"
            )
            assert stored["title"] == "A title"
        [record] = [r for r in sink.read_records() if r["article_id"] == "odd"]
        assert "\x00" not in record["sentence_text"] and record["text"] == "7 people"


# --- choosing a sink -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "target, fmt, expected",
    [
        ("-", None, "jsonl"),
        ("out.jsonl", None, "jsonl"),
        ("OUT.JSON", None, "json"),
        ("facts.csv", None, "csv"),
        ("facts.parquet", None, "parquet"),
        ("facts.db", None, "sqlite"),
        ("facts.sqlite", None, "sqlite"),
        ("postgresql://u@h/db", None, "postgres"),
        ("postgres://u@h/db", "postgresql", "postgres"),
        ("out.txt", None, "jsonl"),
        ("out.txt", "csv", "csv"),
        ("-", "json", "json"),
    ],
)
def test_the_format_comes_from_the_option_or_the_target(target: str, fmt: str | None, expected: str) -> None:
    assert sink_format(target, fmt) == expected


@pytest.mark.parametrize(
    "target, fmt",
    [("-", "parquet"), ("-", "sqlite"), ("out.db", "postgres"), ("postgresql://h/db", "csv"), ("x", "xml")],
)
def test_impossible_formats_are_usage_errors(target: str, fmt: str) -> None:
    with pytest.raises(UsageError):
        sink_format(target, fmt)


def test_driver_errors_become_sink_errors(tmp_path: Path) -> None:
    with pytest.raises(SinkError, match="sqlite"):
        open_sink(str(tmp_path / "missing-dir" / "out.db"))
    with pytest.raises(SinkError, match="postgres"):
        open_sink("postgresql://nobody@127.0.0.1:1/none?connect_timeout=2")
    with pytest.raises(SinkError):
        open_sink(str(tmp_path / "missing-dir" / "out.jsonl"))
    (tmp_path / "file.parquet").write_text("x", encoding="utf-8")
    with pytest.raises(SinkError):
        open_sink(str(tmp_path / "file.parquet"))


def test_a_database_with_another_layout_is_refused(tmp_path: Path) -> None:
    import sqlite3

    target = str(tmp_path / "out.db")
    open_sink(target).close()
    with sqlite3.connect(target) as connection:
        connection.execute("UPDATE schema_version SET version = '99' WHERE component = 'storage'")
    with pytest.raises(SinkError, match="layout 99"):
        open_sink(target)


def test_writing_to_a_closed_sink_is_a_sink_error(tmp_path: Path) -> None:
    sink = open_sink(str(tmp_path / "out.jsonl"))
    sink.close()
    sink.close()  # closing twice is harmless
    with pytest.raises(SinkError, match="not open"):
        sink.write([plain_article("p1")])


def test_jsonl_goes_to_standard_output(capsys: pytest.CaptureFixture[str]) -> None:
    with open_sink("-") as sink:
        sink.write([plain_article("p1"), plain_article("p2")])
        assert sink.existing_ids() == {"p1", "p2"}
    lines = capsys.readouterr().out.splitlines()
    assert [line[:20] for line in lines] == ['{"schema_version": "'] * 2


def test_json_records_keep_nested_values_as_objects_and_csv_as_text(tmp_path: Path) -> None:
    jsonl, csv_path = tmp_path / "records.jsonl", tmp_path / "records.csv"
    for target in (jsonl, csv_path):
        with open_sink(str(target), records=True) as sink:
            sink.write([rich_article()])
    lines = [json.loads(line) for line in jsonl.read_text(encoding="utf-8").splitlines()]
    reference = next(line["change_reference"] for line in lines if line["text"] == "Only 12")
    assert reference["value"] == "2020-Q2" and reference["mod"] == "START"
    assert all(set(line) == set(RECORD_FIELDS) for line in lines)
    rows = list(csv.DictReader(csv_path.read_text(encoding="utf-8").splitlines()))
    cell = next(row["change_reference"] for row in rows if row["text"] == "Only 12")
    assert json.loads(cell) == reference
    assert [row["period_via"] for row in rows] == ["clause", "publication date", "none"]


def _layout_1(connection: Any, placeholder: str) -> None:
    """Turn a database this newsfacts wrote into one of table layout 1 (no ``*_via`` columns, no
    ``change_value_max``)."""
    connection.execute("DROP VIEW figure_records")
    for column in ("period_via", "source_via", "change_value_max"):
        connection.execute(f"ALTER TABLE figures DROP COLUMN {column}")
    connection.execute(
        f"UPDATE schema_version SET version = {placeholder} WHERE component = 'storage'", ("1",)
    )


@pytest.mark.parametrize("fmt", ["sqlite", "postgres"])
def test_a_database_of_layout_1_is_migrated(fmt: str, tmp_path: Path) -> None:
    with ExitStack() as stack:
        target = stack.enter_context(postgres_schema()) if fmt == "postgres" else str(tmp_path / "old.db")
        with open_sink(target, fmt) as sink:
            sink.write([plain_article("old")])
        if fmt == "postgres":
            import psycopg

            with psycopg.connect(target, autocommit=True) as connection:
                _layout_1(connection, "%s")
        else:
            import sqlite3

            with sqlite3.connect(target) as connection:
                _layout_1(connection, "?")
        with open_sink(target, fmt) as sink:
            sink.write([rich_article()])
            records = {r["text"]: r for r in sink.read_records()}
        assert records["7 people"]["period_via"] is None  # written before the columns existed
        assert records["$1.2bn"]["period_via"] == "clause" and records["3-4 km"]["source_via"] == "none"


def test_parquet_parts_of_an_older_schema_read_with_the_new_fields_null(tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    target = tmp_path / "out.parquet"
    with open_sink(str(target)) as sink:
        sink.write([plain_article("old")])
    part = target / "figures" / "part-00000.parquet"
    pq.write_table(pq.read_table(part).drop_columns(["period_via", "source_via"]), part)
    with open_sink(str(target), append=True) as sink:
        sink.write([rich_article()])
        records = {r["text"]: r for r in sink.read_records()}
    assert records["7 people"]["period_via"] is None and records["$1.2bn"]["source_via"] == "sentence"
