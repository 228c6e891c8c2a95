"""The article's lead (standfirst): the paragraph between the headline and the body.

News and magazine templates print the headline, then a lead paragraph that sums the story up,
then the byline, date, picture and share bar, and only then the body's container. The container
choice misses the lead (it sits in the page's header, outside the body's element, or in an element
hinted as a "teaser"), so it is added back: the prose between the page's headline (its last
``<h1>`` before the body's first paragraph) and that paragraph. A paragraph inside an image's
element is a caption, not the lead; one inside an element hinted as furniture is kept only when
that element holds nothing else between the headline and the body (a lead's own class,
"teaser-text"), not when it is a box of several blocks (a "Related" teaser list).
"""

from __future__ import annotations

from collections import Counter

from extractor.clean.blocks import Block
from extractor.clean.paragraphs import Kind, ends_sentence

# A line of text this long (non-space characters) that ends its sentence can be a short lead.
LEAD_LINE_CHARS = 60


def headline_index(blocks: list[Block], first: int) -> int | None:
    """The page's headline before the body's first paragraph: the last ``<h1>`` above it."""
    for i in range(first - 1, -1, -1):
        if blocks[i].owner.tag == "h1":
            return i
    return None


def _reads_like_lead(block: Block, kind: Kind) -> bool:
    if kind == Kind.GOOD:
        return True
    long_line = kind == Kind.NEAR and not block.heading and block.chars >= LEAD_LINE_CHARS
    return long_line and ends_sentence(block.text)


def with_lead(blocks: list[Block], kinds: list[Kind], kept: list[int]) -> list[int]:
    """The body's blocks (``kept``) with the lead between the headline and the first paragraph."""
    first = next((i for i in kept if kinds[i] == Kind.GOOD), kept[0])
    headline = headline_index(blocks, first)
    if headline is None:
        return kept
    members = set(kept)
    gap = [i for i in range(headline + 1, first) if i not in members]
    # How many blocks of the gap each furniture element holds.
    holders = Counter(e for i in gap for e in blocks[i].furniture)
    lead = [
        i
        for i in gap
        if _reads_like_lead(blocks[i], kinds[i])
        and all(holders[e] == 1 for e in blocks[i].furniture)
        and not blocks[i].media
    ]
    return sorted(members.union(lead)) if lead else kept
