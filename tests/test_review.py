"""The review page (escaping; in headless Chromium) and Datasette serving a facts database."""

from __future__ import annotations

import asyncio
import importlib.util
import json
import os
import shutil
from pathlib import Path
from typing import Any

import pytest

from extractor.cli import main
from extractor.pipeline import extract_many
from extractor.records import Document
from extractor.review import datasette_metadata, review_page
from extractor.sinks import open_sink

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]  # fmt: skip
HOSTILE = (
    "Officials counted 42 ballots <script>window.pwned = 1</script> and 7 complaints "
    '<img src=x onerror="window.pwned = 2"> in March 2021, the election board said.'
)
PLAIN = "The museum sold 1,200 tickets on Saturday, up 15 percent from last week, a spokesman said."


@pytest.fixture(scope="module")
def articles() -> list[dict[str, Any]]:
    documents = [
        Document(id="hostile", text=HOSTILE, published="2021-04-02"),
        Document(id="plain", text=PLAIN, published="2021-04-05"),
    ]
    return [article.to_json() for article in extract_many(documents) if not isinstance(article, Exception)]


@pytest.fixture(scope="module")
def facts_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("review") / "facts.db"
    documents = [Document(id="plain", text=PLAIN, published="2021-04-05")]
    with open_sink(str(path)) as sink:
        sink.write([article for article in extract_many(documents) if not isinstance(article, Exception)])
    return path


def test_page_text_cannot_close_the_data_element(articles: list[dict[str, Any]]) -> None:
    page = review_page(articles)
    assert "<script>window.pwned" not in page
    assert "\\u003cscript\\u003ewindow.pwned" in page
    assert page.count("<script") == 2  # the data element and the page's own script
    assert "http://" not in page.split("<script")[0] and "https://" not in page  # no external resource


def test_cli_writes_the_page_from_jsonl_and_database(
    articles: list[dict[str, Any]], facts_db: Path, tmp_path: Path
) -> None:
    extracted = tmp_path / "out.jsonl"
    extracted.write_text("".join(json.dumps(article) + "\n" for article in articles))
    page = tmp_path / "review.html"
    assert main(["review", str(extracted), str(facts_db), "-o", str(page)]) == 0
    assert page.read_text().count('"id": "plain"') == 2
    assert main(["review", str(tmp_path / "missing.jsonl"), "-o", str(page)]) == 2


def _browser_ready() -> str | None:
    if importlib.util.find_spec("playwright") is None:
        return "playwright is not installed (pip install '.[test]')"
    if not Path(CHROMIUM).exists() and shutil.which("chromium") is None:
        return "Debian's chromium is not installed (apt-get install chromium)"
    return None


def test_page_in_headless_chromium(articles: list[dict[str, Any]], tmp_path: Path) -> None:
    missing = _browser_ready()
    if missing and os.environ.get("CI") == "true":
        pytest.fail(f"{missing}: .ci/run must install it")
    if missing:
        pytest.skip(missing)
    from playwright.sync_api import sync_playwright

    page_file = tmp_path / "review.html"
    page_file.write_text(review_page(articles), encoding="utf-8")
    errors: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch_persistent_context(
            str(tmp_path / "profile"), executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        try:
            page = browser.new_page()
            page.on(
                "console", lambda message: errors.append(message.text) if message.type == "error" else None
            )
            page.on("pageerror", lambda error: errors.append(str(error)))
            page.goto(page_file.as_uri())
            hostile = articles[0]
            assert page.locator("#text mark.fig").count() == len(hostile["figures"]) >= 2
            assert page.locator("#figures tbody tr").count() == len(hostile["figures"])
            assert "<script>window.pwned = 1</script>" in page.locator("#text").inner_text()
            assert page.evaluate("window.pwned") is None
            page.locator("#text mark.fig").first.click()
            assert page.locator("#record .field-value").inner_text() == str(hostile["figures"][0]["value"])
            assert page.locator("#record h3").inner_text() == hostile["figures"][0]["text"]
            page.locator("#articles li").nth(1).click()
            assert page.locator("#text mark.fig").count() == len(articles[1]["figures"])
            page.fill("#figure-filter", "no figure has this text")
            assert page.locator("#figures tbody tr:not(.hidden)").count() == 0
            page.screenshot(path=str(tmp_path / "review.png"))  # a test artefact, kept out of the repo
        finally:
            browser.close()
    assert errors == []


@pytest.mark.skipif(
    importlib.util.find_spec("datasette") is None,
    reason="datasette is not installed (pip install '.[datasette]')",
)
def test_datasette_serves_the_view_and_a_canned_query(facts_db: Path) -> None:
    from datasette.app import Datasette

    async def fetch() -> tuple[Any, ...]:
        datasette = Datasette([str(facts_db)], metadata=datasette_metadata(str(facts_db)))
        view = await datasette.client.get("/facts/figure_records.json?_shape=array")
        query = await datasette.client.get("/facts/changes_above.json?threshold=10&_shape=array")
        search = await datasette.client.get("/facts/figures.json?_search=tickets&_shape=array")
        return view, query, search

    view, query, search = asyncio.run(fetch())
    assert view.status_code == 200, view.text
    rows = view.json()
    assert {row["text"] for row in rows} >= {"1,200"}
    assert all(row["published"] == "2021-04-05" for row in rows)
    assert query.status_code == 200, query.text
    assert [row["change_value"] for row in query.json()] == [15]
    assert search.status_code == 200, search.text
    assert search.json()
