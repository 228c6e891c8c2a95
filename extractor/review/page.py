"""The review page: one self-contained HTML file showing articles with their facts highlighted.

The page holds its styles, its script and the articles (as JSON inside a ``<script
type="application/json">`` element, with ``<``, ``>`` and ``&`` written as JSON escapes so that no
text from a page can end that element). The script builds the page with ``textContent`` only, so
article text is never read as HTML; a Content-Security-Policy forbids every network request.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from functools import cache
from importlib import resources
from typing import Any

from extractor.records import JSON

_ARTICLE_KEYS = ("id", "url", "title", "outlet", "published", "text", "figures", "dates", "sources")
_PLACEHOLDER = re.compile(r"/\*(STYLE|SCRIPT|DATA)\*/")
_SCRIPT_UNSAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"})


@cache
def _asset(name: str) -> str:
    return resources.files("extractor.review").joinpath("static", name).read_text(encoding="utf-8")


def page_data(articles: Iterable[JSON]) -> dict[str, Any]:
    """What the page shows of each article (CONTRACT JSON, trimmed to the keys it uses)."""
    return {
        "articles": [
            {
                key: article.get(key)
                if key not in ("figures", "dates", "sources")
                else article.get(key) or []
                for key in _ARTICLE_KEYS
            }
            for article in articles
        ]
    }


def script_json(value: Any) -> str:
    """JSON that is safe inside a ``<script>`` element."""
    return json.dumps(value, ensure_ascii=False).translate(_SCRIPT_UNSAFE)


def review_page(articles: Iterable[JSON]) -> str:
    """The review page for ``articles`` (CONTRACT article JSON) as one HTML document."""
    parts = {
        "STYLE": _asset("review.css"),
        "SCRIPT": _asset("review.js"),
        "DATA": script_json(page_data(articles)),
    }
    return _PLACEHOLDER.sub(lambda match: parts[match.group(1)], _asset("review.html"))
