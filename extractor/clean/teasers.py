"""Teaser cards: other articles announced inside the article's container.

A card is an element that starts with a headline linking to another page and holds a line or two
of text under it ("<div><h3><a>Other story</a></h3><p>Its first sentence ...</p></div>"): a
"related" box or a listing embedded between the article's paragraphs. The article's own sections
are not cards: their heading shares its element with the text before it.
"""

from __future__ import annotations

from lxml import etree

from extractor.clean.blocks import Block, within
from extractor.clean.paragraphs import Kind

# A heading this much of which is link text is a headline linking to another page.
LINKED_HEADING = 0.8
# A card holds at most this many blocks of text, with fewer characters than this in all.
CARD_TEXTS = 2
CARD_CHARS = 500
# Cards holding this share of the container's text are the page itself: an index of teasers.
INDEX_SHARE = 0.5


def _common_ancestor(a: etree._Element, b: etree._Element) -> etree._Element | None:
    above_a = {a, *a.iterancestors()}
    return next((e for e in (b, *b.iterancestors()) if e in above_a), None)


def _card_after(blocks: list[Block], inside: list[int], k: int) -> list[int]:
    """The blocks after the linked heading ``inside[k]`` that share a card with it; none when
    the heading's element also holds the block before it (a section of the article)."""
    heading = blocks[inside[k]].owner
    card = _common_ancestor(heading, blocks[inside[k + 1]].owner)
    if card is None or card.tag in ("body", "html"):
        return []
    if k > 0 and within(blocks[inside[k - 1]].owner, {card}):
        return []
    members = []
    for i in inside[k + 1 :]:
        if not within(blocks[i].owner, {card}):
            break
        members.append(i)
    return members


def teaser_cards(blocks: list[Block], kinds: list[Kind], inside: list[int]) -> set[int]:
    """The blocks of the container (``inside``) that belong to teaser cards; none when the cards
    hold most of its text (an index page, whose best text is its teasers)."""
    teasers: set[int] = set()
    for k, i in enumerate(inside[:-1]):
        if not (blocks[i].heading and blocks[i].link_density >= LINKED_HEADING):
            continue
        members = _card_after(blocks, inside, k)
        texts = [j for j in members if kinds[j] != Kind.BAD]
        if len(texts) <= CARD_TEXTS and sum(blocks[j].plain_chars for j in texts) < CARD_CHARS:
            teasers.update(members)
    text_chars = sum(blocks[i].plain_chars for i in inside if kinds[i] != Kind.BAD)
    teaser_chars = sum(blocks[i].plain_chars for i in teasers if kinds[i] != Kind.BAD)
    return teasers if teaser_chars < INDEX_SHARE * text_chars else set()
