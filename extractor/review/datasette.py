"""Datasette metadata for a SQLite facts file: descriptions and canned queries.

``datasette facts.db`` serves the file as it is (tables with primary and foreign keys, the
``figure_records`` view, the ``figures_fts`` full-text index); with ``-m metadata.json`` it also
shows the descriptions and the canned queries of ``datasette.json`` (package data), which are
filed under the database's name (the file name without its suffix).
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any


@cache
def _template() -> str:
    return resources.files("extractor.review").joinpath("datasette.json").read_text(encoding="utf-8")


def datasette_metadata(database: str) -> dict[str, Any]:
    """The metadata for the SQLite file ``database`` (``facts.db`` → database ``facts``)."""
    template = json.loads(_template())
    return {
        "title": template["title"],
        "description": template["description"],
        "databases": {
            Path(database).stem: {"tables": template["tables"], "queries": template["queries"]},
        },
    }
