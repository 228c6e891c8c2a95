"""The search indexes ``newsfacts check`` queries stay in step with the figures they index."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from test_sinks_contract import postgres_schema

from extractor.check.store import CandidateQuery, ValueRange, open_store
from extractor.pipeline import extract_many
from extractor.records import Article, Document
from extractor.sinks import open_sink
from extractor.sinks.search import SQLITE_FTS_TABLE


def _articles(text: str) -> list[Article]:
    found = list(extract_many([Document(id="farm", text=text, published="2022-05-01")]))
    assert all(isinstance(article, Article) for article in found)
    return [article for article in found if isinstance(article, Article)]


def _matches(path: Path, word: str) -> int:
    with sqlite3.connect(path) as connection:
        query = f"SELECT count(*) FROM {SQLITE_FTS_TABLE} WHERE {SQLITE_FTS_TABLE} MATCH ?"
        return int(connection.execute(query, (word,)).fetchone()[0])


def test_the_sentence_index_follows_rewrites_of_an_article(tmp_path: Path) -> None:
    path = tmp_path / "facts.db"
    with open_sink(str(path)) as sink:
        sink.write(_articles("The farm harvested 300 tonnes of apples in 2021, the owner said."))
    assert _matches(path, "apples") == 1
    with open_sink(str(path), append=True) as sink:  # the same article id, now about pears
        sink.write(_articles("The farm harvested 250 tonnes of pears in 2021, the owner said."))
    assert _matches(path, "apples") == 0
    assert _matches(path, "pears") == 1
    with sqlite3.connect(path) as connection:  # the index holds exactly what the table holds
        connection.execute(f"INSERT INTO {SQLITE_FTS_TABLE}({SQLITE_FTS_TABLE}) VALUES ('integrity-check')")


def test_a_database_written_before_the_index_is_indexed_when_opened(tmp_path: Path) -> None:
    path = tmp_path / "facts.db"
    with open_sink(str(path)) as sink:
        sink.write(_articles("The farm harvested 300 tonnes of apples in 2021, the owner said."))
    with sqlite3.connect(path) as connection:
        connection.execute(f"DROP TABLE {SQLITE_FTS_TABLE}")
    with open_sink(str(path), append=True):
        pass
    assert _matches(path, "apples") == 1


def test_candidates_come_by_words_and_by_value(tmp_path: Path) -> None:
    path = tmp_path / "facts.db"
    with open_sink(str(path)) as sink:
        sink.write(_articles("The farm harvested 300 tonnes of apples in 2021, the owner said."))
    with open_store(str(path)) as store:
        [candidate] = store.candidates(CandidateQuery(("apples",), (ValueRange("measure", 100, 900),)))
        assert candidate.record["value"] == 300
        assert candidate.record["sentence_text"].startswith("The farm harvested")
        assert candidate.sentence_dates == ["2021"]
        assert store.candidates(CandidateQuery(("bananas",))) == []


def test_postgres_search_finds_the_same_candidates() -> None:
    with postgres_schema() as url:
        with open_sink(url, "postgres") as sink:
            sink.write(_articles("The farm harvested 300 tonnes of apples in 2021, the owner said."))
        with open_store(url) as store:
            [candidate] = store.candidates(
                CandidateQuery(("apples", "harvest"), (ValueRange("measure", 100, 900),))
            )
            assert candidate.record["value"] == 300
            assert candidate.sentence_dates == ["2021"]
            assert store.candidates(CandidateQuery(("bananas",))) == []
