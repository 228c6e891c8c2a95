"""Looking at extracted facts: the self-contained HTML review page and Datasette metadata."""

from extractor.review.datasette import datasette_metadata
from extractor.review.page import review_page

__all__ = ["datasette_metadata", "review_page"]
