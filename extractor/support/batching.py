"""Batches bounded twice: in items and in characters, so that memory follows the budget rather
than how long the documents that happen to come together are."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

T = TypeVar("T")


def bounded_batches(
    items: Iterable[T], max_items: int, max_chars: int, size: Callable[[T], int]
) -> Iterator[list[T]]:
    """Consecutive batches of at most ``max_items`` items and ``max_chars`` characters by
    ``size`` (an item longer than that goes alone), in order."""
    batch: list[T] = []
    chars = 0
    for item in items:
        length = size(item)
        if batch and (len(batch) >= max_items or chars + length > max_chars):
            yield batch
            batch, chars = [], 0
        batch.append(item)
        chars += length
    if batch:
        yield batch
