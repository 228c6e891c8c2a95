"""The article's lead (standfirst): the paragraph between the headline and the body.

News and magazine templates print the headline, then a lead paragraph that sums the story up,
then the byline, date, picture and share bar, and only then the body's container. The container
choice misses the lead (it sits in the page's header, outside the body's element), so it is
added back: the prose paragraphs between the page's headline (its last ``<h1>`` before the body)
and the body's first block. A paragraph inside an image's element is a caption, not the lead;
one inside an element hinted as furniture is kept only when that element holds nothing else
between the headline and the body (a lead's own class, "teaser-text", "article-intro"), not when
it is a box of several blocks (a "Related" teaser list).
"""

from __future__ import annotations

from collections import Counter

from extractor.clean.blocks import Block
from extractor.clean.hints import in_media
from extractor.clean.paragraphs import Kind

# Ancestors of a paragraph searched for an image's element (caption text sits a few levels down).
MEDIA_LEVELS = 3


def headline_index(blocks: list[Block], first: int) -> int | None:
    """The page's headline before the body's first block: the last ``<h1>`` above it."""
    for i in range(first - 1, -1, -1):
        if blocks[i].owner.tag == "h1":
            return i
    return None


def lead_blocks(blocks: list[Block], kinds: list[Kind], first: int) -> list[int]:
    """The lead paragraphs between the headline and the body's first block (``first``)."""
    headline = headline_index(blocks, first)
    if headline is None:
        return []
    gap = range(headline + 1, first)
    # How many blocks of the gap each furniture element holds.
    holders = Counter(e for i in gap for e in blocks[i].furniture)
    return [
        i
        for i in gap
        if kinds[i] == Kind.GOOD
        and all(holders[e] == 1 for e in blocks[i].furniture)
        and not in_media(blocks[i].owner, MEDIA_LEVELS)
    ]
