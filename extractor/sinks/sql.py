"""The relational layout SQLite and PostgreSQL share, and the sink that writes it.

Tables (``schema_version`` says which layout a database has)::

    articles(id PK, schema_version, url, title, authors, outlet, language, published, text,
             errors, extra)                       authors/errors/extra are JSON
    figures(id PK, article_id FK, position, ...)  the CONTRACT record columns of one figure
    dates(article_id FK, position, ...)           PK (article_id, position)
    sources(article_id FK, position, ...)         PK (article_id, position)
    view figure_records                           figures joined with their article: the
                                                  CONTRACT "Records for databases" rows

Writing an article is an upsert keyed by its id: its row is inserted or updated and its
figures, dates and sources are replaced, so writing the same article again changes nothing.
A batch is one transaction and each article a savepoint in it: an article the database
refuses is rolled back alone and reported; a crash leaves no half-written article.
"""

from __future__ import annotations

import json
from abc import abstractmethod
from collections import defaultdict
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from typing import Any, ClassVar

from extractor.errors import DocumentError, SinkError
from extractor.records import JSON, SCHEMA_VERSION, Article
from extractor.sinks.base import (
    ARTICLE_RECORD_COLUMNS,
    FIGURE_COLUMNS,
    RECORD_COLUMNS,
    Column,
    Sink,
    WriteResult,
    checked_json,
    dumps,
    figure_from_record,
    flatten_figure,
    stored_value,
    typed_value,
)

STORAGE_VERSION = "2"  # the table layout below; bump it (and add its migration) when it changes

ARTICLE_TABLE = (
    Column("id", "str", nullable=False),
    Column("schema_version", "str", nullable=False),
    Column("url", "str"),
    Column("title", "str"),
    Column("authors", "json", nullable=False),
    Column("outlet", "str"),
    Column("language", "str"),
    Column("published", "str"),
    Column("text", "str", nullable=False),
    Column("errors", "json", nullable=False),
    Column("extra", "json"),
)
_CHILD_KEY = (Column("article_id", "str", nullable=False), Column("position", "int", nullable=False))
FIGURE_TABLE = (Column("id", "str", nullable=False), *_CHILD_KEY, *FIGURE_COLUMNS)
DATE_TABLE = (
    *_CHILD_KEY,
    Column("span_start", "int", nullable=False),
    Column("span_end", "int", nullable=False),
    Column("text", "str", nullable=False),
    Column("type", "str", nullable=False),
    Column("value", "str", nullable=False),
    Column("mod", "str"),
)
_MENTION_NAMES = ("text", "start", "end", "parts")
SOURCE_TABLE = (
    *_CHILD_KEY,
    *(
        Column(f"{role}_{name}", "json" if name == "parts" else "int" if name in ("start", "end") else "str")
        for role in ("source", "cue", "content")
        for name in _MENTION_NAMES
    ),
    Column("resolved", "str"),
)
TABLES = {"articles": ARTICLE_TABLE, "figures": FIGURE_TABLE, "dates": DATE_TABLE, "sources": SOURCE_TABLE}
INDEXES = (
    ("articles", "published"),
    ("articles", "url"),
    ("figures", "article_id"),
    ("figures", "kind"),
    ("figures", "unit"),
    ("dates", "value"),
)
# The CONTRACT article keys with columns (or tables) of their own; the rest go to ``extra``.
_CORE_ARTICLE_KEYS = frozenset(
    {"schema_version", "id", "url", "title", "authors", "outlet", "language", "published", "text"}
    | {"figures", "dates", "sources", "errors"}
)


@dataclass(frozen=True, slots=True)
class Dialect:
    """How one database spells types, parameters and JSON reads."""

    types: dict[str, str]
    placeholder: str  # "?" or "%s"
    json_cast: str  # appended to a JSON column's parameter ("::jsonb") ...
    json_read: str  # ... and to its name when read back as text ("::text")
    create_view: str  # "CREATE VIEW IF NOT EXISTS" or "CREATE OR REPLACE VIEW"

    def column_sql(self, column: Column) -> str:
        return f"{column.name} {self.types[column.type]}{'' if column.nullable else ' NOT NULL'}"

    def param(self, column: Column) -> str:
        return self.placeholder + (self.json_cast if column.type == "json" else "")

    def read(self, column: Column, prefix: str = "") -> str:
        if column.type == "json" and self.json_read:
            return f"{prefix}{column.name}{self.json_read} AS {column.name}"
        return f"{prefix}{column.name}"


VERSION_TABLE = (
    "CREATE TABLE IF NOT EXISTS schema_version (component TEXT PRIMARY KEY, version TEXT NOT NULL)"
)
# What each older layout lacks: columns added in place when a database of that layout is opened
# (its rows read them as null); the view is then made anew. Layout 1 had no ``*_via`` columns and
# no ``change_value_max``.
MIGRATIONS: dict[str, tuple[tuple[str, Column], ...]] = {
    "1": (
        ("figures", Column("period_via", "str")),
        ("figures", Column("source_via", "str")),
        ("figures", Column("change_value_max", "float")),
    ),
}


def schema_statements(dialect: Dialect) -> list[str]:
    """CREATE statements for the whole layout (idempotent)."""
    statements = [VERSION_TABLE]
    for table, columns in TABLES.items():
        body = [dialect.column_sql(column) for column in columns]
        if table in ("articles", "figures"):
            body.append("PRIMARY KEY (id)")
        else:
            body.append("PRIMARY KEY (article_id, position)")
        if table != "articles":
            body.append("FOREIGN KEY (article_id) REFERENCES articles (id) ON DELETE CASCADE")
        statements.append(f"CREATE TABLE IF NOT EXISTS {table} ({', '.join(body)})")
    statements += [f"CREATE INDEX IF NOT EXISTS {t}_{c} ON {t} ({c})" for t, c in INDEXES]
    statements.append(
        f"{dialect.create_view} figure_records AS SELECT {_record_select(dialect)} {_RECORD_FROM}"
    )
    return statements


_RECORD_FROM = "FROM figures f JOIN articles a ON a.id = f.article_id"


def _record_select(dialect: Dialect) -> str:
    article = {column.name: f"a.{column.name}" for column in ARTICLE_RECORD_COLUMNS}
    article["article_id"] = "a.id AS article_id"
    figure = [dialect.read(column, "f.") for column in FIGURE_COLUMNS]
    return ", ".join(["f.id", *article.values(), *figure, "f.position"])


# --- rows from article JSON, and back ------------------------------------------------------


def article_row(data: JSON) -> tuple[Any, ...]:
    extra = {key: value for key, value in data.items() if key not in _CORE_ARTICLE_KEYS}
    return (
        data["id"],
        data["schema_version"],
        data["url"],
        data["title"],
        dumps(data["authors"]),
        data["outlet"],
        data["language"],
        data["published"],
        data["text"],
        dumps(data["errors"]),
        dumps(extra) if extra else None,
    )


def figure_rows(data: JSON) -> list[tuple[Any, ...]]:
    rows = []
    for position, figure in enumerate(data["figures"]):
        flat = flatten_figure(figure, data["text"])
        cells = (stored_value(column, flat[column.name]) for column in FIGURE_COLUMNS)
        rows.append((figure["id"], data["id"], position, *cells))
    return rows


def date_rows(data: JSON) -> list[tuple[Any, ...]]:
    return [
        (data["id"], position, *timex["span"], timex["text"], timex["type"], timex["value"], timex.get("mod"))
        for position, timex in enumerate(data["dates"])
    ]


def source_rows(data: JSON) -> list[tuple[Any, ...]]:
    rows = []
    for position, attribution in enumerate(data["sources"]):
        cells: list[Any] = [data["id"], position]
        for role in ("source", "cue", "content"):
            cells += _mention_cells(attribution.get(role))
        rows.append((*cells, attribution.get("resolved")))
    return rows


def _mention_cells(mention: JSON | None) -> list[Any]:
    if mention is None:
        return [None, None, None, None]
    parts = mention.get("parts")
    return [mention.get("text"), mention["span"][0], mention["span"][1], dumps(parts) if parts else None]


def article_json(row: Sequence[Any], children: dict[str, dict[str, list[JSON]]]) -> JSON:
    """An article's CONTRACT JSON from its ``articles`` row and its children by table and id."""
    values = dict(zip((column.name for column in ARTICLE_TABLE), row, strict=True))
    article_id = values["id"]
    data: JSON = {
        **{key: values[key] for key in ("schema_version", "id", "url", "title")},
        "authors": json.loads(values["authors"]),
        **{key: values[key] for key in ("outlet", "language", "published", "text")},
        "figures": children["figures"].get(article_id, []),
        "dates": children["dates"].get(article_id, []),
        "sources": children["sources"].get(article_id, []),
        "errors": json.loads(values["errors"]),
    }
    data.update(json.loads(values["extra"]) if values["extra"] else {})
    return data


def _typed_row(columns: Sequence[Column], row: Sequence[Any]) -> JSON:
    return {column.name: typed_value(column, value) for column, value in zip(columns, row, strict=True)}


def figure_json(row: Sequence[Any]) -> JSON:
    return figure_from_record(_typed_row(FIGURE_TABLE, row))


def date_json(row: Sequence[Any]) -> JSON:
    values = _typed_row(DATE_TABLE, row)
    timex: JSON = {"span": [values["span_start"], values["span_end"]]}
    timex.update({key: values[key] for key in ("text", "type", "value")})
    if values["mod"]:
        timex["mod"] = values["mod"]
    return timex


def source_json(row: Sequence[Any]) -> JSON:
    values = _typed_row(SOURCE_TABLE, row)
    attribution: JSON = {role: _mention_json(values, role) for role in ("source", "cue", "content")}
    if values["resolved"]:
        attribution["resolved"] = values["resolved"]
    return attribution


def _mention_json(values: JSON, role: str) -> JSON | None:
    if values[f"{role}_start"] is None:
        return None
    mention: JSON = {"span": [values[f"{role}_start"], values[f"{role}_end"]], "text": values[f"{role}_text"]}
    if values[f"{role}_parts"]:
        mention["parts"] = values[f"{role}_parts"]
    return mention


_ROW_BUILDERS = {"figures": figure_rows, "dates": date_rows, "sources": source_rows}
_ROW_READERS = {"figures": figure_json, "dates": date_json, "sources": source_json}


# --- the sink --------------------------------------------------------------------------------


class DatabaseSink(Sink):
    """A sink writing the relational layout through a DB-API driver; subclasses connect."""

    dialect: ClassVar[Dialect]
    driver_errors: ClassVar[tuple[type[Exception], ...]]  # everything the driver raises
    article_errors: ClassVar[tuple[type[Exception], ...]]  # what one article's bad data raises

    @abstractmethod
    def _connect(self) -> None: ...

    @abstractmethod
    def _disconnect(self) -> None: ...

    @abstractmethod
    def _execute(self, sql: str, params: Sequence[Any] = ()) -> None: ...

    @abstractmethod
    def _executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None: ...

    @abstractmethod
    def _fetch(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]: ...

    @abstractmethod
    def _transaction(self) -> AbstractContextManager[None]: ...

    @abstractmethod
    def _savepoint(self) -> AbstractContextManager[None]: ...

    @property
    def keeps_existing(self) -> bool:
        return True  # a database is never emptied: writes are upserts

    @contextmanager
    def _mapped_errors(self, action: str) -> Iterator[None]:
        """Driver errors become ``SinkError`` here, at the boundary."""
        try:
            yield
        except self.driver_errors as exc:
            raise SinkError(f"{self.spec.name}: cannot {action}: {type(exc).__name__}: {exc}") from exc

    def open(self) -> None:
        if self.is_open:
            return
        with self._mapped_errors("open the database"):
            self._connect()
            try:
                with self._transaction():
                    self._create_schema()
            except BaseException:
                self._disconnect()
                raise
        self.is_open = True

    def _create_schema(self) -> None:
        self._execute(VERSION_TABLE)
        found = self._fetch("SELECT version FROM schema_version WHERE component = 'storage'")
        if found and found[0][0] != STORAGE_VERSION:
            self._migrate(str(found[0][0]))
        for statement in schema_statements(self.dialect):
            self._execute(statement)
        self._create_search_indexes()
        upsert = self._upsert_sql("schema_version", ("component", "version"), ("component",))
        self._executemany(upsert, [("storage", STORAGE_VERSION), ("contract", SCHEMA_VERSION)])

    def _migrate(self, version: str) -> None:
        """Bring a database of an older table layout up to this one, in the open transaction."""
        if version not in MIGRATIONS:
            raise SinkError(
                f"the database has table layout {version}, this newsfacts writes {STORAGE_VERSION}"
            )
        for table, column in MIGRATIONS[version]:
            self._execute(f"ALTER TABLE {table} ADD COLUMN {self.dialect.column_sql(column)}")
        self._execute("DROP VIEW IF EXISTS figure_records")

    def _create_search_indexes(self) -> None:
        """The full-text and value indexes ``newsfacts check`` queries (``search.py``); by dialect."""

    def close(self) -> None:
        if not self.is_open:
            return
        self.is_open = False
        with self._mapped_errors("close the database"):
            self._disconnect()

    def write(self, batch: Sequence[Article]) -> WriteResult:
        self._require_open()
        result = WriteResult()
        checked: list[JSON] = []
        for article in batch:
            try:
                checked.append(checked_json(article))
            except DocumentError as exc:
                result.failures.append(exc)
        with self._mapped_errors("write"), self._transaction():
            for data in checked:
                try:
                    with self._savepoint():
                        self._upsert_article(data)
                except self.article_errors as exc:
                    reason = f"cannot be written: {type(exc).__name__}: {exc}".strip()
                    result.failures.append(DocumentError(data["id"], reason, stage="sink"))
                else:
                    result.written += 1
        return result

    def _upsert_article(self, data: JSON) -> None:
        names = [column.name for column in ARTICLE_TABLE]
        self._execute(self._upsert_sql("articles", names, ("id",)), article_row(data))
        for table in ("figures", "dates", "sources"):
            self._execute(f"DELETE FROM {table} WHERE article_id = {self.dialect.placeholder}", (data["id"],))
        for table, build in _ROW_BUILDERS.items():
            rows = build(data)
            if rows:
                names = [column.name for column in TABLES[table]]
                key = ("id",) if table == "figures" else ("article_id", "position")
                self._executemany(self._upsert_sql(table, names, key), rows)

    def _upsert_sql(
        self, table: str, names: Sequence[str], key: Sequence[str], *, update: bool = True
    ) -> str:
        columns = {column.name: column for column in TABLES.get(table, ())}
        params = ", ".join(
            self.dialect.param(columns[name]) if name in columns else self.dialect.placeholder
            for name in names
        )
        action = "NOTHING"
        if update:
            action = "UPDATE SET " + ", ".join(f"{n} = excluded.{n}" for n in names if n not in key)
        return (
            f"INSERT INTO {table} ({', '.join(names)}) VALUES ({params}) "
            f"ON CONFLICT ({', '.join(key)}) DO {action}"
        )

    def existing_ids(self) -> set[str]:
        self._require_open()
        with self._mapped_errors("read article ids"):
            return {str(row[0]) for row in self._fetch("SELECT id FROM articles")}

    def forget_failed(self) -> set[str]:
        """Delete the articles that carry errors (their children go with them)."""
        self._require_open()
        empty = self.dialect.placeholder + self.dialect.json_cast
        with self._mapped_errors("remove failed articles"), self._transaction():
            rows = self._fetch(f"SELECT id FROM articles WHERE errors <> {empty}", ("[]",))
            failed = {str(row[0]) for row in rows}
            for doc_id in failed:
                self._execute(f"DELETE FROM articles WHERE id = {self.dialect.placeholder}", (doc_id,))
        return failed

    def read_articles(self) -> list[JSON]:
        self._require_open()
        with self._mapped_errors("read articles"):
            children = {table: self._read_children(table) for table in _ROW_READERS}
            select = ", ".join(self.dialect.read(column) for column in ARTICLE_TABLE)
            rows = self._fetch(f"SELECT {select} FROM articles ORDER BY id")
        return [article_json(row, children) for row in rows]

    def _read_children(self, table: str) -> dict[str, list[JSON]]:
        select = ", ".join(self.dialect.read(column) for column in TABLES[table])
        grouped: dict[str, list[JSON]] = defaultdict(list)
        for row in self._fetch(f"SELECT {select} FROM {table} ORDER BY article_id, position"):
            grouped[row[_article_id_index(table)]].append(_ROW_READERS[table](row))
        return grouped

    def read_records(self) -> list[JSON]:
        self._require_open()
        with self._mapped_errors("read figure records"):
            names = ", ".join(column.name for column in RECORD_COLUMNS)
            rows = self._fetch(f"SELECT {names} FROM figure_records ORDER BY article_id, position")
        return [_typed_row(RECORD_COLUMNS, row) for row in rows]


def _article_id_index(table: str) -> int:
    return [column.name for column in TABLES[table]].index("article_id")
