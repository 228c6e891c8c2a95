"""SQLite output (``OUT.db`` / ``OUT.sqlite``): the relational layout of ``sql.py`` in one file."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from extractor.sinks.base import SinkSpec
from extractor.sinks.search import SQLITE_FTS_TABLE, sqlite_rebuild_statement, sqlite_search_statements
from extractor.sinks.sql import DatabaseSink, Dialect

SQLITE = Dialect(
    types={"str": "TEXT", "int": "INTEGER", "float": "REAL", "bool": "INTEGER", "json": "TEXT"},
    placeholder="?",
    json_cast="",
    json_read="",
    create_view="CREATE VIEW IF NOT EXISTS",
)


class SqliteSink(DatabaseSink):
    """Articles, figures, dates and sources in a SQLite file; upserts, one transaction a batch."""

    spec = SinkSpec("sqlite", ".db", binary=True, holds_articles=True, transactional=True)
    dialect = SQLITE
    driver_errors = (sqlite3.Error,)
    article_errors = (sqlite3.IntegrityError, sqlite3.DataError, sqlite3.InterfaceError, OverflowError)

    def __init__(self, target: str, *, records: bool = False, append: bool = False) -> None:
        super().__init__(target, records=records, append=append)
        self._connection: sqlite3.Connection | None = None

    @property
    def connection(self) -> sqlite3.Connection:
        if self._connection is None:
            raise sqlite3.ProgrammingError("the database is not open")
        return self._connection

    def _connect(self) -> None:
        # Autocommit mode: transactions and savepoints are spelled out below.
        self._connection = sqlite3.connect(self.target, isolation_level=None)
        self._connection.execute("PRAGMA foreign_keys = ON")
        self._connection.execute("PRAGMA journal_mode = WAL")  # readers don't block the writer

    def _create_search_indexes(self) -> None:
        existed = self._fetch("SELECT 1 FROM sqlite_master WHERE name = ?", (SQLITE_FTS_TABLE,))
        for statement in sqlite_search_statements():
            self._execute(statement)
        if not existed:  # a database written before the index: index what it holds
            self._execute(sqlite_rebuild_statement())

    def _disconnect(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None

    def _execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        self.connection.execute(sql, params)

    def _executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        self.connection.executemany(sql, rows)

    def _fetch(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        return list(self.connection.execute(sql, params).fetchall())

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        self.connection.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self.connection.execute("ROLLBACK")
            raise
        self.connection.execute("COMMIT")

    @contextmanager
    def _savepoint(self) -> Iterator[None]:
        self.connection.execute("SAVEPOINT article")
        try:
            yield
        except BaseException:
            self.connection.execute("ROLLBACK TO article")
            self.connection.execute("RELEASE article")
            raise
        self.connection.execute("RELEASE article")
