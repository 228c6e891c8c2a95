"""The pipeline's batching: bounded by documents and by characters, order kept."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from extractor.errors import DocumentError
from extractor.records import Article
from extractor.support.batching import bounded_batches


def size_bounded_batches(
    items: Iterable[Article | DocumentError], max_docs: int, max_chars: int
) -> Iterator[list[Article | DocumentError]]:
    return bounded_batches(items, max_docs, max_chars, lambda i: len(i.text) if isinstance(i, Article) else 0)


def _article(n: int, length: int) -> Article:
    return Article(id=f"a{n}", text="x" * length)


def test_batches_respect_both_budgets_and_keep_order() -> None:
    items: list[Article | DocumentError] = [
        _article(n, size) for n, size in enumerate([10, 10, 50, 5, 5, 5, 5])
    ]
    items.insert(3, DocumentError("bad", "broken"))
    batches = list(size_bounded_batches(items, max_docs=3, max_chars=60))
    assert [[getattr(i, "id", None) or i.doc_id for i in b] for b in batches] == [
        ["a0", "a1"], ["a2", "bad", "a3"], ["a4", "a5", "a6"],
    ]  # fmt: skip
    assert [i for b in batches for i in b] == items


def test_a_document_longer_than_the_budget_goes_alone() -> None:
    items: list[Article | DocumentError] = [_article(0, 5), _article(1, 500), _article(2, 5)]
    assert [len(b) for b in size_bounded_batches(items, max_docs=16, max_chars=100)] == [1, 1, 1]


def test_models_resolve_by_name_alias_or_not_at_all() -> None:
    import pytest

    from extractor.errors import ModelNotFoundError
    from extractor.pipeline import DEFAULT_MODEL, resolve_model

    assert resolve_model(DEFAULT_MODEL) == DEFAULT_MODEL
    assert resolve_model("en_core_web_sm") == DEFAULT_MODEL  # the usual name finds the PyPI package
    with pytest.raises(ModelNotFoundError, match="'xx_no_such_pipeline' is not installed"):
        resolve_model("xx_no_such_pipeline")
